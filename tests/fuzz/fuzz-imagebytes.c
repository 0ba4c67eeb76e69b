/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-imagebytes"

#include <stdint.h>
#include <string.h>

#include "cria-alpaca-error.h"
#include "cria-imagebytes.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* The contract: a frame and no error, or an error and no frame. */
static void
check_result (CriaFrame *frame,
              GError    *error)
{
  if ((frame == NULL) == (error == NULL))
    __builtin_trap ();
  if (frame != NULL
      && (frame->data == NULL || frame->width == 0 || frame->height == 0
          || frame->planes == 0 || frame->planes > CRIA_FRAME_MAX_PLANES
          || !cria_element_type_is_valid (frame->element_type)
          || !cria_element_type_is_valid (frame->image_element_type)))
    __builtin_trap ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(CriaFrame) frame = NULL;
  g_autoptr(CriaFrame) json_frame = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) json_error = NULL;

  frame = cria_imagebytes_decode (data, size, &error);
  check_result (frame, error);

  /* Re-encoding without a type change is a pure transpose: it must give back the bytes. */
  if (frame != NULL)
    {
      g_autoptr(GBytes) encoded = cria_imagebytes_encode_data (frame, frame->element_type);
      CriaImageBytesHeader header;
      gsize n;
      const guint8 *bytes = g_bytes_get_data (encoded, &n);

      if (!cria_imagebytes_parse_header (data, size, &header, NULL)
          || (gsize) header.data_start + n > size
          || memcmp (bytes, data + header.data_start, n) != 0)
        __builtin_trap ();
    }

  json_frame = cria_image_json_decode ((const char *) data, size, &json_error);
  check_result (json_frame, json_error);

  return 0;
}
