/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-imaging"

#include "cria-pixel-row-private.h"

#include <math.h>
#include <string.h>

gboolean
cria_pixel_type_is_direct (CriaElementType type)
{
  return type == CRIA_ELEMENT_UINT16;
}

static inline guint16
clamp_i64 (gint64 v)
{
  return (guint16) CLAMP (v, 0, G_MAXUINT16);
}

static inline guint16
clamp_double (double v)
{
  if (!(v > 0.0)) /* also NaN */
    return 0;
  if (v >= 65535.0)
    return G_MAXUINT16;
  return (guint16) (v + 0.5);
}

/* memcpy keeps the reads legal whatever the alignment of a caller's buffer. */
#define CONVERT_ROW(ctype, expr)                \
  G_STMT_START                                  \
    {                                           \
      for (i = 0; i < n; i++)                   \
        {                                       \
          ctype v;                              \
          memcpy (&v, src + i * sizeof v, sizeof v); \
          scratch[i] = (expr);                  \
        }                                       \
    }                                           \
  G_STMT_END

const guint16 *
cria_pixel_row_u16 (const CriaFrame *frame,
                    guint            y,
                    guint16         *scratch)
{
  const guint8 *src = frame->data + (gsize) y * frame->stride;
  gsize n = (gsize) frame->width * frame->planes;
  gsize i;

  switch (frame->element_type)
    {
    case CRIA_ELEMENT_UINT16:
      if (((guintptr) src & 1) == 0)
        return (const guint16 *) src;
      memcpy (scratch, src, n * sizeof (guint16));
      return scratch;
    case CRIA_ELEMENT_BYTE:
      for (i = 0; i < n; i++)
        scratch[i] = (guint16) (src[i] * 257u);
      return scratch;
    case CRIA_ELEMENT_INT16:
      CONVERT_ROW (gint16, (guint16) MAX (v, 0));
      return scratch;
    case CRIA_ELEMENT_INT32:
      CONVERT_ROW (gint32, clamp_i64 (v));
      return scratch;
    case CRIA_ELEMENT_UINT32:
      CONVERT_ROW (guint32, (guint16) MIN (v, G_MAXUINT16));
      return scratch;
    case CRIA_ELEMENT_INT64:
      CONVERT_ROW (gint64, clamp_i64 (v));
      return scratch;
    case CRIA_ELEMENT_UINT64:
      CONVERT_ROW (guint64, (guint16) MIN (v, G_MAXUINT16));
      return scratch;
    case CRIA_ELEMENT_SINGLE:
      CONVERT_ROW (float, clamp_double (v));
      return scratch;
    case CRIA_ELEMENT_DOUBLE:
      CONVERT_ROW (double, clamp_double (v));
      return scratch;
    case CRIA_ELEMENT_UNKNOWN:
    default:
      memset (scratch, 0, n * sizeof (guint16));
      return scratch;
    }
}
