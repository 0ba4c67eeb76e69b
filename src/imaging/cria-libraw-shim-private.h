/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libraw.h>

#ifdef __cplusplus
extern "C" {
#endif

/* LibRaw::open_bayer for a libraw_data_t from libraw_init(), for LibRaw older than 0.21,
 * whose C API lacks libraw_open_bayer. Same arguments and result. */
int cria_libraw_shim_open_bayer (libraw_data_t  *lr,
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
                                 unsigned        black_level);

#ifdef __cplusplus
}
#endif
