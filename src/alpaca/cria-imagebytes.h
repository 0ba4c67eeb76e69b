/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "cria-frame.h"

G_BEGIN_DECLS

#define CRIA_IMAGEBYTES_HEADER_SIZE 44

typedef struct
{
  gint32  metadata_version;
  gint32  error_number;
  guint32 client_transaction_id;
  guint32 server_transaction_id;
  gint32  data_start;
  gint32  image_element_type;
  gint32  transmission_element_type;
  gint32  rank;
  gint32  dimension1;
  gint32  dimension2;
  gint32  dimension3;
} CriaImageBytesHeader;

/* Reads and validates the 44-byte metadata. A device error (non-zero ErrorNumber) is
 * returned as a CRIA_ALPACA_ERROR whose message is the UTF-8 text at DataStart, so this
 * needs the whole body when there is an error. */
gboolean   cria_imagebytes_parse_header (const guint8          *data,
                                         gsize                  length,
                                         CriaImageBytesHeader  *header,
                                         GError               **error);

/* Decodes a whole ImageBytes body into a row-major frame. */
CriaFrame *cria_imagebytes_decode       (const guint8          *data,
                                         gsize                  length,
                                         GError               **error);

/* Decodes a JSON imagearray reply (Type, Rank, Value as nested arrays). */
CriaFrame *cria_image_json_decode       (const char            *body,
                                         gsize                  length,
                                         GError               **error);

/* The 44-byte metadata for a reply; the data bytes follow at DataStart = 44. Servers keep the
 * data from cria_imagebytes_encode_data() and put a fresh header in front for each request. */
GBytes    *cria_imagebytes_encode_header (int                    error_number,
                                          guint32                client_transaction_id,
                                          guint32                server_transaction_id,
                                          CriaElementType        image_element_type,
                                          CriaElementType        transmission_element_type,
                                          guint                  width,
                                          guint                  height,
                                          guint                  planes);
/* The frame's samples in Alpaca's column-major order, converted to transmission_type
 * (values must fit; they are clamped otherwise). */
GBytes    *cria_imagebytes_encode_data   (const CriaFrame       *frame,
                                          CriaElementType        transmission_type);

/* Column-major (Alpaca order: y fastest, then x; planes fastest of all for rank 3) to
 * the frame's row-major layout, cache-blocked. src holds width*height*planes elements. */
void       cria_transpose_to_frame      (CriaFrame             *frame,
                                         const guint8          *src);

G_END_DECLS
