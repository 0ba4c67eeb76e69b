/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-alpaca"

#include "config.h"

#include "cria-frame.h"

#include <glib/gi18n-lib.h>

#include "cria-alpaca-error.h"

G_DEFINE_BOXED_TYPE (CriaFrame, cria_frame, cria_frame_ref, cria_frame_unref)

static const struct
{
  const char *name;
  guint8 size;
} element_types[] = {
  [CRIA_ELEMENT_UNKNOWN] = { "Unknown", 0 },
  [CRIA_ELEMENT_INT16]   = { "Int16", 2 },
  [CRIA_ELEMENT_INT32]   = { "Int32", 4 },
  [CRIA_ELEMENT_DOUBLE]  = { "Double", 8 },
  [CRIA_ELEMENT_SINGLE]  = { "Single", 4 },
  [CRIA_ELEMENT_UINT64]  = { "UInt64", 8 },
  [CRIA_ELEMENT_BYTE]    = { "Byte", 1 },
  [CRIA_ELEMENT_INT64]   = { "Int64", 8 },
  [CRIA_ELEMENT_UINT16]  = { "UInt16", 2 },
  [CRIA_ELEMENT_UINT32]  = { "UInt32", 4 },
};

gboolean
cria_element_type_is_valid (int type)
{
  return type > CRIA_ELEMENT_UNKNOWN && type <= CRIA_ELEMENT_TYPE_LAST;
}

gsize
cria_element_type_size (CriaElementType type)
{
  return cria_element_type_is_valid (type) ? element_types[type].size : 0;
}

const char *
cria_element_type_to_string (CriaElementType type)
{
  return cria_element_type_is_valid (type) ? element_types[type].name : "Unknown";
}

gboolean
cria_frame_check_dimensions (guint            width,
                             guint            height,
                             guint            planes,
                             CriaElementType  type,
                             gsize           *out_bytes,
                             GError         **error)
{
  guint64 pixels;

  if (!cria_element_type_is_valid (type))
    {
      g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED,
                   _("Unknown image element type %d"), (int) type);
      return FALSE;
    }
  if (width == 0 || height == 0 || planes == 0)
    {
      g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED,
                   _("Image has an empty dimension (%u × %u × %u)"), width, height,
                   planes);
      return FALSE;
    }

  pixels = (guint64) width * height;
  if (width > CRIA_FRAME_MAX_SIDE || height > CRIA_FRAME_MAX_SIDE
      || planes > CRIA_FRAME_MAX_PLANES || pixels > CRIA_FRAME_MAX_PIXELS)
    {
      g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_TOO_LARGE,
                   _("Image dimensions %u × %u × %u are beyond what Cria accepts"),
                   width, height, planes);
      return FALSE;
    }

  /* Within the caps above this product fits comfortably in 64 bits. */
  if (out_bytes != NULL)
    *out_bytes = (gsize) (pixels * planes * cria_element_type_size (type));
  return TRUE;
}

CriaFrame *
cria_frame_new_for_data (CriaElementType type,
                         guint           width,
                         guint           height,
                         guint           planes,
                         gpointer        data,
                         gsize           stride,
                         GDestroyNotify  free_func,
                         gpointer        free_data)
{
  CriaFrame *frame = g_new0 (CriaFrame, 1);

  g_atomic_ref_count_init (&frame->ref_count);
  frame->element_type = type;
  frame->image_element_type = type;
  frame->width = width;
  frame->height = height;
  frame->planes = planes;
  frame->data = data;
  frame->stride = stride;
  frame->free_func = free_func;
  frame->free_data = free_data;
  return frame;
}

CriaFrame *
cria_frame_new (CriaElementType   type,
                guint             width,
                guint             height,
                guint             planes,
                GError          **error)
{
  gsize n_bytes;
  gpointer data;

  if (!cria_frame_check_dimensions (width, height, planes, type, &n_bytes, error))
    return NULL;

  data = g_try_malloc (n_bytes);
  if (data == NULL)
    {
      g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_TOO_LARGE,
                   _("Not enough memory for a %u × %u image"), width, height);
      return NULL;
    }

  return cria_frame_new_for_data (type, width, height, planes, data,
                                  (gsize) width * planes * cria_element_type_size (type),
                                  g_free, data);
}

CriaFrame *
cria_frame_ref (CriaFrame *frame)
{
  g_return_val_if_fail (frame != NULL, NULL);
  g_atomic_ref_count_inc (&frame->ref_count);
  return frame;
}

void
cria_frame_unref (CriaFrame *frame)
{
  g_return_if_fail (frame != NULL);

  if (!g_atomic_ref_count_dec (&frame->ref_count))
    return;

  if (frame->free_func != NULL)
    frame->free_func (frame->free_data);
  g_free (frame);
}

gsize
cria_frame_get_n_bytes (const CriaFrame *frame)
{
  return frame->stride * frame->height;
}

double
cria_frame_get_value (const CriaFrame *frame,
                      guint            x,
                      guint            y,
                      guint            plane)
{
  const guint8 *p;

  g_return_val_if_fail (x < frame->width && y < frame->height && plane < frame->planes, 0);

  p = frame->data + y * frame->stride
      + ((gsize) x * frame->planes + plane) * cria_element_type_size (frame->element_type);

  switch (frame->element_type)
    {
    case CRIA_ELEMENT_INT16:  return *(const gint16 *) p;
    case CRIA_ELEMENT_INT32:  return *(const gint32 *) p;
    case CRIA_ELEMENT_DOUBLE: return *(const double *) p;
    case CRIA_ELEMENT_SINGLE: return *(const float *) p;
    case CRIA_ELEMENT_UINT64: return (double) *(const guint64 *) p;
    case CRIA_ELEMENT_BYTE:   return *(const guint8 *) p;
    case CRIA_ELEMENT_INT64:  return (double) *(const gint64 *) p;
    case CRIA_ELEMENT_UINT16: return *(const guint16 *) p;
    case CRIA_ELEMENT_UINT32: return *(const guint32 *) p;
    case CRIA_ELEMENT_UNKNOWN:
    default:
      return 0;
    }
}

char *
cria_frame_info_format_start_time (const CriaFrameInfo *info)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *seconds = NULL;

  g_return_val_if_fail (info != NULL, NULL);

  if ((info->fields & CRIA_FRAME_INFO_START_TIME) == 0)
    return NULL;

  time = g_date_time_new_from_unix_utc (info->start_time / G_USEC_PER_SEC);
  if (time == NULL)
    return NULL;
  seconds = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03d", seconds,
                          (int) ((info->start_time % G_USEC_PER_SEC + G_USEC_PER_SEC)
                                 % G_USEC_PER_SEC / 1000));
}
