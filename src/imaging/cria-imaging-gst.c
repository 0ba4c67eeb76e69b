/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-imaging"

#include "cria-imaging-gst-private.h"

#include <gst/video/video.h>
#include <string.h>

#include "cria-gst-debayer.h"
#include "cria-gst-stretch.h"
#include "cria-paintable-sink.h"

static const char *const element_names[] = {
  [CRIA_ELEMENT_INT16]  = "int16",
  [CRIA_ELEMENT_INT32]  = "int32",
  [CRIA_ELEMENT_DOUBLE] = "double",
  [CRIA_ELEMENT_SINGLE] = "single",
  [CRIA_ELEMENT_UINT64] = "uint64",
  [CRIA_ELEMENT_BYTE]   = "byte",
  [CRIA_ELEMENT_INT64]  = "int64",
  [CRIA_ELEMENT_UINT16] = "uint16",
  [CRIA_ELEMENT_UINT32] = "uint32",
};

static const char *const pattern_names[] = {
  [CRIA_BAYER_NONE] = "none",
  [CRIA_BAYER_RGGB] = "rggb",
  [CRIA_BAYER_GRBG] = "grbg",
  [CRIA_BAYER_GBRG] = "gbrg",
  [CRIA_BAYER_BGGR] = "bggr",
};

void
cria_imaging_gst_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      if (!gst_is_initialized ())
        gst_init (NULL, NULL);
      gst_element_register (NULL, "criadebayer", GST_RANK_NONE, CRIA_TYPE_GST_DEBAYER);
      gst_element_register (NULL, "criastretch", GST_RANK_NONE, CRIA_TYPE_GST_STRETCH);
      gst_element_register (NULL, "criapaintablesink", GST_RANK_NONE,
                            CRIA_TYPE_PAINTABLE_SINK);
      g_once_init_leave (&done, 1);
    }
}

static gboolean
element_from_string (const char      *name,
                     CriaElementType *element)
{
  guint i;

  if (name == NULL)
    return FALSE;
  for (i = 0; i < G_N_ELEMENTS (element_names); i++)
    if (element_names[i] != NULL && strcmp (name, element_names[i]) == 0)
      {
        *element = (CriaElementType) i;
        return TRUE;
      }
  return FALSE;
}

/* The pattern named by the first four characters of name. */
static gboolean
pattern_from_prefix (const char       *name,
                     CriaBayerPattern *pattern)
{
  guint i;

  if (name == NULL)
    return FALSE;
  for (i = 0; i < G_N_ELEMENTS (pattern_names); i++)
    if (g_ascii_strncasecmp (name, pattern_names[i], 4) == 0)
      {
        *pattern = (CriaBayerPattern) i;
        return TRUE;
      }
  return FALSE;
}

/* rggb, rggb16le and the like. */
static gboolean
parse_bayer_format (const char      *format,
                    CriaGstLayout   *layout)
{
  if (format == NULL || strlen (format) < 4 || !pattern_from_prefix (format, &layout->pattern)
      || layout->pattern == CRIA_BAYER_NONE)
    return FALSE;

  if (format[4] == '\0')
    layout->element = CRIA_ELEMENT_BYTE;
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  else if (strcmp (format + 4, "16le") == 0)
    layout->element = CRIA_ELEMENT_UINT16;
#endif
  else
    return FALSE;

  layout->planes = 1;
  layout->stride = GST_ROUND_UP_4 (layout->width * cria_element_type_size (layout->element));
  return TRUE;
}

static gboolean
parse_gray_format (const char    *format,
                   CriaGstLayout *layout)
{
  GstVideoFormat video_format = gst_video_format_from_string (format);
  GstVideoInfo info;

  if (video_format == GST_VIDEO_FORMAT_GRAY8)
    layout->element = CRIA_ELEMENT_BYTE;
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  else if (video_format == GST_VIDEO_FORMAT_GRAY16_LE)
    layout->element = CRIA_ELEMENT_UINT16;
#endif
  else
    return FALSE;

  if (!gst_video_info_set_format (&info, video_format, layout->width, layout->height))
    return FALSE;
  layout->planes = 1;
  layout->pattern = CRIA_BAYER_NONE;
  layout->stride = GST_VIDEO_INFO_PLANE_STRIDE (&info, 0);
  return TRUE;
}

static gboolean
parse_cria_fields (const GstStructure *s,
                   CriaGstLayout      *layout)
{
  const char *pattern = gst_structure_get_string (s, "pattern");
  int planes, stride;

  if (!element_from_string (gst_structure_get_string (s, "element"), &layout->element)
      || pattern == NULL || strlen (pattern) != 4
      || !pattern_from_prefix (pattern, &layout->pattern)
      || !gst_structure_get_int (s, "planes", &planes) || (planes != 1 && planes != 3))
    return FALSE;

  layout->planes = (guint) planes;
  if (gst_structure_get_int (s, "stride", &stride))
    {
      if (stride <= 0)
        return FALSE;
      layout->stride = (gsize) stride;
    }
  else
    layout->stride = (gsize) layout->width * layout->planes
                     * cria_element_type_size (layout->element);
  return TRUE;
}

gboolean
cria_gst_layout_from_structure (const GstStructure *s,
                                CriaGstLayout      *layout)
{
  const char *name = gst_structure_get_name (s);
  gboolean deferred = gst_structure_has_name (s, CRIA_GST_CAPS_DEFERRED_RGB);
  int width, height;
  gboolean ok;

  memset (layout, 0, sizeof *layout);
  if (!gst_structure_get_int (s, deferred ? "mosaic-width" : "width", &width)
      || !gst_structure_get_int (s, deferred ? "mosaic-height" : "height", &height)
      || width <= 0 || height <= 0)
    return FALSE;
  layout->width = (guint) width;
  layout->height = (guint) height;

  if (strcmp (name, "video/x-bayer") == 0)
    ok = parse_bayer_format (gst_structure_get_string (s, "format"), layout);
  else if (strcmp (name, "video/x-raw") == 0)
    ok = parse_gray_format (gst_structure_get_string (s, "format"), layout);
  else if (deferred || strcmp (name, CRIA_GST_CAPS_FRAME) == 0)
    ok = parse_cria_fields (s, layout);
  else
    ok = FALSE;

  if (!ok || !cria_frame_check_dimensions (layout->width, layout->height, layout->planes,
                                           layout->element, NULL, NULL))
    return FALSE;
  if (layout->stride < (gsize) layout->width * layout->planes
                       * cria_element_type_size (layout->element))
    return FALSE;
  /* Several planes are colour already. */
  if (layout->planes != 1)
    layout->pattern = CRIA_BAYER_NONE;
  return TRUE;
}

void
cria_gst_layout_to_structure (const CriaGstLayout *layout,
                              GstStructure        *s)
{
  gst_structure_set (s,
                     "element", G_TYPE_STRING, element_names[layout->element],
                     "planes", G_TYPE_INT, (int) layout->planes,
                     "pattern", G_TYPE_STRING, pattern_names[layout->pattern],
                     "stride", G_TYPE_INT, (int) layout->stride,
                     NULL);
}

gsize
cria_gst_layout_min_size (const CriaGstLayout *layout,
                          gsize                stride)
{
  return stride * (layout->height - 1)
         + (gsize) layout->width * layout->planes * cria_element_type_size (layout->element);
}

gboolean
cria_gst_layout_output_size (const CriaGstLayout *layout,
                             CriaDebayerMethod    method,
                             guint               *width,
                             guint               *height)
{
  /* The size query reads only the header of the frame, never its pixels. */
  static guint8 no_pixels;
  g_autoptr(CriaFrame) shape = NULL;
  g_autoptr(GError) error = NULL;

  shape = cria_frame_new_for_data (layout->element, layout->width, layout->height,
                                   layout->planes, &no_pixels, layout->stride, NULL, NULL);
  if (!cria_debayer_get_output_size (shape, layout->pattern, method, width, height, &error))
    {
      g_debug ("Cannot show a %u × %u × %u frame: %s", layout->width, layout->height,
               layout->planes, error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
cria_gst_layout_buffer_plane (const CriaGstLayout *layout,
                              GstBuffer           *buffer,
                              gsize               *offset,
                              gsize               *stride)
{
  GstVideoMeta *meta = gst_buffer_get_video_meta (buffer);

  *offset = 0;
  *stride = layout->stride;
  if (meta == NULL)
    return TRUE;
  if (meta->n_planes < 1 || meta->stride[0] <= 0
      || (gsize) meta->stride[0] < (gsize) layout->width * layout->planes
                                   * cria_element_type_size (layout->element))
    return FALSE;
  *offset = meta->offset[0];
  *stride = (gsize) meta->stride[0];
  return TRUE;
}

const char *
cria_gst_method_to_string (CriaDebayerMethod method,
                           CriaBayerPattern  pattern)
{
  if (pattern == CRIA_BAYER_NONE)
    return "none";
  return method == CRIA_DEBAYER_SUPERPIXEL ? "superpixel" : "bilinear";
}

gboolean
cria_gst_method_from_string (const char        *name,
                             CriaDebayerMethod *method)
{
  if (g_strcmp0 (name, "superpixel") == 0)
    *method = CRIA_DEBAYER_SUPERPIXEL;
  else if (g_strcmp0 (name, "bilinear") == 0 || g_strcmp0 (name, "none") == 0)
    *method = CRIA_DEBAYER_BILINEAR;
  else
    return FALSE;
  return TRUE;
}

CriaBayerPattern
cria_imaging_gst_frame_pattern (const CriaFrame *frame)
{
  const CriaFrameInfo *info = &frame->info;
  gboolean geometry = (info->fields & CRIA_FRAME_INFO_GEOMETRY) != 0;

  if (frame->planes != 1 || (info->fields & CRIA_FRAME_INFO_SENSOR) == 0)
    return CRIA_BAYER_NONE;
  return cria_bayer_pattern_for (info->sensor_type,
                                 info->bayer_offset_x, info->bayer_offset_y,
                                 geometry ? (int) info->start_x : 0,
                                 geometry ? (int) info->start_y : 0,
                                 geometry ? (int) info->bin_x : 1,
                                 geometry ? (int) info->bin_y : 1);
}

GstCaps *
cria_imaging_gst_caps_for_frame (const CriaFrame  *frame,
                                 CriaBayerPattern  pattern)
{
  CriaGstLayout layout = {
    .element = frame->element_type,
    .planes = frame->planes,
    .pattern = frame->planes == 1 ? pattern : CRIA_BAYER_NONE,
    .width = frame->width,
    .height = frame->height,
    .stride = frame->stride,
  };
  GstStructure *s;
  guint w, h;

  if (!cria_element_type_is_valid (frame->element_type) || frame->stride > G_MAXINT
      || (frame->planes != 1 && frame->planes != 3)
      || !cria_gst_layout_output_size (&layout, CRIA_DEBAYER_SUPERPIXEL, &w, &h))
    return NULL;

  s = gst_structure_new (CRIA_GST_CAPS_FRAME,
                         "width", G_TYPE_INT, (int) frame->width,
                         "height", G_TYPE_INT, (int) frame->height,
                         "framerate", GST_TYPE_FRACTION, 0, 1,
                         NULL);
  cria_gst_layout_to_structure (&layout, s);
  return gst_caps_new_full (s, NULL);
}

GstBuffer *
cria_imaging_gst_wrap_frame (CriaFrame *frame)
{
  gsize size = frame->stride * (frame->height - 1)
               + (gsize) frame->width * frame->planes
                 * cria_element_type_size (frame->element_type);

  return gst_buffer_new_wrapped_full (GST_MEMORY_FLAG_READONLY, frame->data, size, 0, size,
                                      cria_frame_ref (frame),
                                      (GDestroyNotify) cria_frame_unref);
}
