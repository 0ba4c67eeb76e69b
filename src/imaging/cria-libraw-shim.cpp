/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-imaging"

#include "cria-libraw-shim-private.h"

/* The C API keeps the LibRaw object behind libraw_data_t::parent_class. Built with every
 * LibRaw version, used only where libraw_open_bayer is missing. No exception may cross
 * into C. */
extern "C" int
cria_libraw_shim_open_bayer (libraw_data_t  *lr,
                             unsigned char  *data,
                             unsigned        datalen,
                             ushort          raw_width,
                             ushort          raw_height,
                             ushort          left_margin,
                             ushort          top_margin,
                             ushort          right_margin,
                             ushort          bottom_margin,
                             unsigned char   procflags,
                             unsigned char   bayer_pattern,
                             unsigned        unused_bits,
                             unsigned        otherflags,
                             unsigned        black_level)
{
  if (lr == nullptr || lr->parent_class == nullptr)
    return LIBRAW_OUT_OF_ORDER_CALL;

  try
    {
      LibRaw *raw = static_cast<LibRaw *> (lr->parent_class);

      return raw->open_bayer (data, datalen, raw_width, raw_height, left_margin, top_margin,
                              right_margin, bottom_margin, procflags, bayer_pattern,
                              unused_bits, otherflags, black_level);
    }
  catch (...)
    {
      return LIBRAW_UNSPECIFIED_ERROR;
    }
}
