/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-alpaca"

#include "config.h"

#include "cria-imagebytes.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "cria-alpaca-error.h"
#include "cria-transpose-private.h"

#define METADATA_VERSION 1

/* Device error texts are one sentence; anything longer is cut, not trusted. */
#define ERROR_MESSAGE_MAX 1024

static gint32
read_le32 (const guint8 *p)
{
  guint32 v;

  memcpy (&v, p, sizeof v);
  return (gint32) GUINT32_FROM_LE (v);
}

static void
write_le32 (guint8 *p,
            gint32  value)
{
  guint32 v = GUINT32_TO_LE ((guint32) value);

  memcpy (p, &v, sizeof v);
}

static GError *
device_error_new (int           error_number,
                  const guint8 *text,
                  gsize         text_length)
{
  g_autofree char *message = NULL;
  const guint8 *nul;
  gsize len;

  len = MIN (text_length, ERROR_MESSAGE_MAX);
  /* The message has no terminator, but some servers send one anyway. */
  nul = memchr (text, '\0', len);
  if (nul != NULL)
    len = nul - text;
  /* Cut on a character boundary rather than leave half a character. */
  else if (len < text_length)
    {
      while (len > 0 && (text[len] & 0xC0) == 0x80)
        len--;
    }

  message = g_utf8_make_valid ((const char *) text, len);
  g_strstrip (message);
  if (len < text_length && nul == NULL && *message != '\0')
    {
      g_autofree char *cut = message;

      message = g_strconcat (cut, "…", NULL);
    }

  return cria_alpaca_error_new (error_number, message);
}

static gboolean
check_element_type (const char  *field,
                    gint32       value,
                    GError     **error)
{
  if (!cria_element_type_is_valid (value))
    {
      g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED,
                   /* TRANSLATORS: a header field name, its value, the highest valid value. */
                   _("ImageBytes %s %d is not a known element type (1 to %d)"),
                   field, value, CRIA_ELEMENT_TYPE_LAST);
      return FALSE;
    }
  return TRUE;
}

gboolean
cria_imagebytes_parse_header (const guint8          *data,
                              gsize                  length,
                              CriaImageBytesHeader  *header,
                              GError               **error)
{
  CriaImageBytesHeader h;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (header != NULL, FALSE);

  if (length < CRIA_IMAGEBYTES_HEADER_SIZE)
    {
      g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED,
                   _("ImageBytes reply is %zu bytes long, shorter than its %d-byte metadata"),
                   length, CRIA_IMAGEBYTES_HEADER_SIZE);
      return FALSE;
    }

  h.metadata_version = read_le32 (data + 0);
  h.error_number = read_le32 (data + 4);
  h.client_transaction_id = (guint32) read_le32 (data + 8);
  h.server_transaction_id = (guint32) read_le32 (data + 12);
  h.data_start = read_le32 (data + 16);
  h.image_element_type = read_le32 (data + 20);
  h.transmission_element_type = read_le32 (data + 24);
  h.rank = read_le32 (data + 28);
  h.dimension1 = read_le32 (data + 32);
  h.dimension2 = read_le32 (data + 36);
  h.dimension3 = read_le32 (data + 40);

  if (h.metadata_version != METADATA_VERSION)
    {
      g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED,
                   _("ImageBytes metadata version %d is not supported (expected %d)"),
                   h.metadata_version, METADATA_VERSION);
      return FALSE;
    }
  if (h.error_number < 0)
    {
      g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED,
                   _("ImageBytes ErrorNumber %d is negative"), h.error_number);
      return FALSE;
    }

  if (h.error_number != 0)
    {
      /* The device's error matters more than a tidy header: report it even when DataStart
       * is off, with the error's name standing in for the message. */
      if (h.data_start >= CRIA_IMAGEBYTES_HEADER_SIZE && (gsize) h.data_start <= length)
        g_propagate_error (error, device_error_new (h.error_number, data + h.data_start,
                                                    length - h.data_start));
      else
        g_propagate_error (error, cria_alpaca_error_new (h.error_number, NULL));
      return FALSE;
    }

  if (h.data_start < CRIA_IMAGEBYTES_HEADER_SIZE)
    {
      g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED,
                   _("ImageBytes DataStart %d points inside the %d-byte metadata"),
                   h.data_start, CRIA_IMAGEBYTES_HEADER_SIZE);
      return FALSE;
    }

  if (!check_element_type ("ImageElementType", h.image_element_type, error)
      || !check_element_type ("TransmissionElementType", h.transmission_element_type, error))
    return FALSE;

  if (h.rank != 2 && h.rank != 3)
    {
      g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED,
                   _("ImageBytes Rank %d is not 2 or 3"), h.rank);
      return FALSE;
    }
  if (h.dimension1 <= 0 || h.dimension2 <= 0 || (h.rank == 3 && h.dimension3 <= 0)
      || h.dimension3 < 0)
    {
      g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED,
                   _("ImageBytes dimensions %d × %d × %d are not valid for rank %d"),
                   h.dimension1, h.dimension2, h.dimension3, h.rank);
      return FALSE;
    }
  if (!cria_frame_check_dimensions (h.dimension1, h.dimension2,
                                    h.rank == 3 ? (guint) h.dimension3 : 1,
                                    h.transmission_element_type, NULL, error))
    return FALSE;

  *header = h;
  return TRUE;
}

static void
swap_to_host (CriaFrame *frame)
{
#if G_BYTE_ORDER == G_BIG_ENDIAN
  gsize n = cria_frame_get_n_bytes (frame);
  gsize size = cria_element_type_size (frame->element_type);
  guint8 *p = frame->data;
  gsize i;

  if (size == 1)
    return;
  for (i = 0; i + size <= n; i += size)
    {
      gsize a, b;

      for (a = i, b = i + size - 1; a < b; a++, b--)
        {
          guint8 t = p[a];

          p[a] = p[b];
          p[b] = t;
        }
    }
#else
  (void) frame;
#endif
}

CriaFrame *
cria_imagebytes_decode (const guint8  *data,
                        gsize          length,
                        GError       **error)
{
  CriaImageBytesHeader h;
  g_autoptr(CriaFrame) frame = NULL;
  guint planes;
  gsize n_bytes;

  if (!cria_imagebytes_parse_header (data, length, &h, error))
    return NULL;

  planes = h.rank == 3 ? (guint) h.dimension3 : 1;
  if (!cria_frame_check_dimensions (h.dimension1, h.dimension2, planes,
                                    h.transmission_element_type, &n_bytes, error))
    return NULL;

  if ((gsize) h.data_start > length)
    {
      g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED,
                   _("ImageBytes DataStart %d is beyond the end of the %zu-byte reply"),
                   h.data_start, length);
      return NULL;
    }
  if (length - h.data_start < n_bytes)
    {
      g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED,
                   _("ImageBytes data is truncated: %zu of %zu bytes "
                     "for a %d × %d × %u %s image"),
                   length - h.data_start, n_bytes, h.dimension1, h.dimension2, planes,
                   cria_element_type_to_string (h.transmission_element_type));
      return NULL;
    }
  if (length - h.data_start > n_bytes)
    g_debug ("Ignoring %" G_GSIZE_FORMAT " bytes after the ImageBytes data",
             length - h.data_start - n_bytes);

  frame = cria_frame_new (h.transmission_element_type, h.dimension1, h.dimension2, planes,
                          error);
  if (frame == NULL)
    return NULL;
  frame->image_element_type = h.image_element_type;

  cria_transpose_to_frame (frame, data + h.data_start);
  swap_to_host (frame);

  return g_steal_pointer (&frame);
}

GBytes *
cria_imagebytes_encode_header (int             error_number,
                               guint32         client_transaction_id,
                               guint32         server_transaction_id,
                               CriaElementType image_element_type,
                               CriaElementType transmission_element_type,
                               guint           width,
                               guint           height,
                               guint           planes)
{
  guint8 *h = g_malloc0 (CRIA_IMAGEBYTES_HEADER_SIZE);

  write_le32 (h + 0, METADATA_VERSION);
  write_le32 (h + 4, error_number);
  write_le32 (h + 8, (gint32) client_transaction_id);
  write_le32 (h + 12, (gint32) server_transaction_id);
  write_le32 (h + 16, CRIA_IMAGEBYTES_HEADER_SIZE);
  write_le32 (h + 20, image_element_type);
  write_le32 (h + 24, transmission_element_type);
  write_le32 (h + 28, planes > 1 ? 3 : 2);
  write_le32 (h + 32, (gint32) MIN (width, G_MAXINT32));
  write_le32 (h + 36, (gint32) MIN (height, G_MAXINT32));
  write_le32 (h + 40, planes > 1 ? (gint32) MIN (planes, G_MAXINT32) : 0);

  return g_bytes_new_take (h, CRIA_IMAGEBYTES_HEADER_SIZE);
}

/* Reads one sample exactly: 64-bit integers do not survive a trip through double. */
typedef struct
{
  gboolean is_float;
  gint64   i;   /* integers, except UInt64 values above G_MAXINT64 */
  guint64  u;   /* UInt64 only */
  double   d;
} Sample;

static void
read_sample (CriaElementType  type,
             const guint8    *p,
             Sample          *s)
{
  memset (s, 0, sizeof *s);
  switch (type)
    {
    case CRIA_ELEMENT_INT16:  { gint16 v; memcpy (&v, p, 2); s->i = v; } break;
    case CRIA_ELEMENT_INT32:  { gint32 v; memcpy (&v, p, 4); s->i = v; } break;
    case CRIA_ELEMENT_INT64:  { gint64 v; memcpy (&v, p, 8); s->i = v; } break;
    case CRIA_ELEMENT_BYTE:   s->i = *p; break;
    case CRIA_ELEMENT_UINT16: { guint16 v; memcpy (&v, p, 2); s->i = v; } break;
    case CRIA_ELEMENT_UINT32: { guint32 v; memcpy (&v, p, 4); s->i = v; } break;
    case CRIA_ELEMENT_UINT64:
      memcpy (&s->u, p, 8);
      s->i = s->u > G_MAXINT64 ? G_MAXINT64 : (gint64) s->u;
      break;
    case CRIA_ELEMENT_SINGLE: { float v; memcpy (&v, p, 4); s->d = v; s->is_float = TRUE; } break;
    case CRIA_ELEMENT_DOUBLE: memcpy (&s->d, p, 8); s->is_float = TRUE; break;
    case CRIA_ELEMENT_UNKNOWN:
    default:
      break;
    }
  if (!s->is_float)
    s->d = type == CRIA_ELEMENT_UINT64 ? (double) s->u : (double) s->i;
}

static gint64
clamp_to_int (const Sample *s,
              gint64        lo,
              gint64        hi)
{
  double d;

  if (!s->is_float)
    return CLAMP (s->i, lo, hi);

  d = nearbyint (s->d);
  if (isnan (d))
    return 0;
  if (d <= (double) lo)
    return lo;
  if (d >= (double) hi)
    return hi;
  return (gint64) d;
}

static void
write_sample (CriaElementType  type,
              const Sample    *s,
              guint8          *p)
{
  switch (type)
    {
    case CRIA_ELEMENT_INT16:
      { gint16 v = GINT16_TO_LE (clamp_to_int (s, G_MININT16, G_MAXINT16)); memcpy (p, &v, 2); }
      break;
    case CRIA_ELEMENT_INT32:
      { gint32 v = GINT32_TO_LE (clamp_to_int (s, G_MININT32, G_MAXINT32)); memcpy (p, &v, 4); }
      break;
    case CRIA_ELEMENT_INT64:
      { gint64 v = GINT64_TO_LE (clamp_to_int (s, G_MININT64, G_MAXINT64)); memcpy (p, &v, 8); }
      break;
    case CRIA_ELEMENT_BYTE:
      *p = (guint8) clamp_to_int (s, 0, G_MAXUINT8);
      break;
    case CRIA_ELEMENT_UINT16:
      { guint16 v = GUINT16_TO_LE (clamp_to_int (s, 0, G_MAXUINT16)); memcpy (p, &v, 2); }
      break;
    case CRIA_ELEMENT_UINT32:
      { guint32 v = GUINT32_TO_LE (clamp_to_int (s, 0, G_MAXUINT32)); memcpy (p, &v, 4); }
      break;
    case CRIA_ELEMENT_UINT64:
      {
        guint64 v;

        if (s->u != 0)
          v = s->u;
        else if (!s->is_float)
          v = s->i < 0 ? 0 : (guint64) s->i;
        else if (isnan (s->d) || s->d <= 0)
          v = 0;
        else if (s->d >= 18446744073709551615.0)
          v = G_MAXUINT64;
        else
          v = (guint64) nearbyint (s->d);
        v = GUINT64_TO_LE (v);
        memcpy (p, &v, 8);
      }
      break;
    case CRIA_ELEMENT_SINGLE:
      {
        float f = (float) s->d;
        guint32 v;

        memcpy (&v, &f, 4);
        v = GUINT32_TO_LE (v);
        memcpy (p, &v, 4);
      }
      break;
    case CRIA_ELEMENT_DOUBLE:
      {
        guint64 v;

        memcpy (&v, &s->d, 8);
        v = GUINT64_TO_LE (v);
        memcpy (p, &v, 8);
      }
      break;
    case CRIA_ELEMENT_UNKNOWN:
    default:
      break;
    }
}

GBytes *
cria_imagebytes_encode_data (const CriaFrame *frame,
                             CriaElementType  transmission_type)
{
  gsize in_size, out_size, n_bytes;
  guint8 *out;

  g_return_val_if_fail (frame != NULL, NULL);
  g_return_val_if_fail (cria_element_type_is_valid (transmission_type), NULL);

  in_size = cria_element_type_size (frame->element_type);
  out_size = cria_element_type_size (transmission_type);
  n_bytes = (gsize) frame->width * frame->height * frame->planes * out_size;
  out = g_malloc (n_bytes);

  if (transmission_type == frame->element_type && G_BYTE_ORDER == G_LITTLE_ENDIAN)
    {
      cria_transpose_2d (frame->data, frame->stride, out,
                         (gsize) frame->height * frame->planes * out_size,
                         frame->height, frame->width, frame->planes * out_size);
    }
  else
    {
      guint8 *o = out;
      guint x, y, p;

      for (x = 0; x < frame->width; x++)
        for (y = 0; y < frame->height; y++)
          {
            const guint8 *in = frame->data + (gsize) y * frame->stride
                               + (gsize) x * frame->planes * in_size;

            for (p = 0; p < frame->planes; p++, in += in_size, o += out_size)
              {
                Sample s;

                read_sample (frame->element_type, in, &s);
                write_sample (transmission_type, &s, o);
              }
          }
    }

  return g_bytes_new_take (out, n_bytes);
}
