/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

#include "cria-debayer.h"
#include "cria-imaging-gst.h"

G_BEGIN_DECLS

/* How the samples of a mosaic (or mono, or RGB planes) frame lie in a buffer. */
typedef struct
{
  CriaElementType  element;
  guint            planes;
  CriaBayerPattern pattern;
  guint            width;
  guint            height;
  gsize            stride; /* the default; a GstVideoMeta on a buffer overrides it */
} CriaGstLayout;

/* The fields of a fixed input or deferred-rgb structure; FALSE when the structure does
 * not describe a frame the kernels take. */
gboolean     cria_gst_layout_from_structure (const GstStructure  *s,
                                             CriaGstLayout       *layout);
void         cria_gst_layout_to_structure   (const CriaGstLayout *layout,
                                             GstStructure        *s);
/* Bytes a buffer must hold for the layout with rows stride bytes apart. */
gsize        cria_gst_layout_min_size       (const CriaGstLayout *layout,
                                             gsize                stride);
/* The size of the RGB image under method; FALSE when the kernels cannot show it. */
gboolean     cria_gst_layout_output_size    (const CriaGstLayout *layout,
                                             CriaDebayerMethod    method,
                                             guint               *width,
                                             guint               *height);
/* Where the first row of buffer starts and how far apart rows are: its GstVideoMeta's,
 * or the layout's default. FALSE when the meta cannot hold the layout. */
gboolean     cria_gst_layout_buffer_plane   (const CriaGstLayout *layout,
                                             GstBuffer           *buffer,
                                             gsize               *offset,
                                             gsize               *stride);

const char  *cria_gst_method_to_string      (CriaDebayerMethod    method,
                                             CriaBayerPattern     pattern);
gboolean     cria_gst_method_from_string    (const char          *name,
                                             CriaDebayerMethod   *method);

G_END_DECLS
