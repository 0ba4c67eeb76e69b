/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-snapshot"

#include "test-snapshot-readers.h"

#include <check.h>
#include <math.h>
#include <string.h>

fitsfile *
open_fits (const char *path)
{
  fitsfile *fits = NULL;
  int status = 0;

  fits_open_diskfile (&fits, path, READONLY, &status);
  ck_assert_msg (status == 0, "cfitsio status %d opening %s", status, path);
  return fits;
}

void
close_fits (fitsfile *fits)
{
  int status = 0;

  fits_close_file (fits, &status);
}

/* The raw value text of a keyword, or NULL when absent. */
char *
card_value (fitsfile   *fits,
            const char *name)
{
  char value[FLEN_VALUE] = "", comment[FLEN_COMMENT] = "";
  int status = 0;

  fits_read_keyword (fits, name, value, comment, &status);
  return status == 0 ? g_strdup (value) : NULL;
}

/* The type letter cfitsio gives the value: C string, I integer, F float, L logical. */
char
card_type (fitsfile   *fits,
           const char *name)
{
  g_autofree char *value = card_value (fits, name);
  char type = 0;
  int status = 0;

  ck_assert_msg (value != NULL, "%s is missing", name);
  fits_get_keytype (value, &type, &status);
  ck_assert_int_eq (status, 0);
  return type;
}

double
card_double (fitsfile   *fits,
             const char *name)
{
  double value = NAN;
  int status = 0;

  ck_assert_int_eq (card_type (fits, name), 'F');
  fits_read_key (fits, TDOUBLE, name, &value, NULL, &status);
  ck_assert_int_eq (status, 0);
  return value;
}

long long
card_int (fitsfile   *fits,
          const char *name)
{
  LONGLONG value = 0;
  int status = 0;

  ck_assert_int_eq (card_type (fits, name), 'I');
  fits_read_key (fits, TLONGLONG, name, &value, NULL, &status);
  ck_assert_int_eq (status, 0);
  return value;
}

char *
card_string (fitsfile   *fits,
             const char *name)
{
  char value[FLEN_VALUE] = "";
  int status = 0;

  ck_assert_int_eq (card_type (fits, name), 'C');
  fits_read_key (fits, TSTRING, name, value, NULL, &status);
  ck_assert_int_eq (status, 0);
  return g_strdup (value);
}

gboolean
card_absent (fitsfile   *fits,
             const char *name)
{
  g_autofree char *value = card_value (fits, name);

  return value == NULL;
}

GdkTexture *
load_image (const char *path,
          guint8    **pixels)
{
  g_autoptr(GError) error = NULL;
  GdkTexture *texture = gdk_texture_new_from_filename (path, &error);
  gsize stride;

  ck_assert_msg (texture != NULL, "%s", error ? error->message : "");
  stride = 4 * (gsize) gdk_texture_get_width (texture);
  *pixels = g_malloc (stride * gdk_texture_get_height (texture));
  /* Downloads are B8G8R8A8 premultiplied (opaque here) in memory order. */
  gdk_texture_download (texture, *pixels, stride);
  return texture;
}


static guint16
get16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

static guint32
get32 (const guint8 *p)
{
  return get16 (p) | ((guint32) get16 (p + 2) << 16);
}

static guint32
entry_value (const guint8 *data,
             const guint8 *entry,
             guint         index)
{
  guint16 type = get16 (entry + 2);
  guint32 count = get32 (entry + 4);
  gsize size = type == 3 ? 2 : 4;
  const guint8 *values = count * size <= 4 ? entry + 8 : data + get32 (entry + 8);

  ck_assert_uint_lt (index, count);
  return type == 3 ? get16 (values + 2 * index) : get32 (values + 4 * index);
}

void
parse_tiff (const guint8 *data,
            gsize         len,
            Tiff         *tiff)
{
  guint32 ifd;
  guint16 n, i;
  guint j;

  memset (tiff, 0, sizeof *tiff);
  ck_assert_uint_ge (len, 8);
  ck_assert (data[0] == 'I' && data[1] == 'I');
  ck_assert_uint_eq (get16 (data + 2), 42);
  ifd = get32 (data + 4);
  ck_assert_uint_eq (ifd % 2, 0);
  ck_assert_uint_le (ifd + 2, len);
  n = get16 (data + ifd);
  ck_assert_uint_le (ifd + 2 + 12 * n + 4, len);
  /* A single directory. */
  ck_assert_uint_eq (get32 (data + ifd + 2 + 12 * n), 0);

  for (i = 0; i < n; i++)
    {
      const guint8 *e = data + ifd + 2 + 12 * i;
      guint16 tag = get16 (e);

      if (i > 0)
        ck_assert_uint_gt (tag, get16 (e - 12));
      switch (tag)
        {
        case 256: tiff->width = entry_value (data, e, 0); break;
        case 257: tiff->height = entry_value (data, e, 0); break;
        case 258:
          tiff->bits = entry_value (data, e, 0);
          for (j = 1; j < get32 (e + 4); j++)
            ck_assert_uint_eq (entry_value (data, e, j), tiff->bits);
          break;
        case 259: tiff->compression = entry_value (data, e, 0); break;
        case 262: tiff->photometric = entry_value (data, e, 0); break;
        case 273:
          tiff->n_strips = get32 (e + 4);
          ck_assert_uint_le (tiff->n_strips, G_N_ELEMENTS (tiff->strip_offsets));
          for (j = 0; j < tiff->n_strips; j++)
            tiff->strip_offsets[j] = entry_value (data, e, j);
          break;
        case 277: tiff->samples = entry_value (data, e, 0); break;
        case 278: tiff->rows_per_strip = entry_value (data, e, 0); break;
        case 279:
          ck_assert_uint_eq (get32 (e + 4), tiff->n_strips);
          for (j = 0; j < tiff->n_strips; j++)
            tiff->strip_counts[j] = entry_value (data, e, j);
          break;
        case 284: tiff->planar = entry_value (data, e, 0); break;
        default: break;
        }
    }
  for (j = 0; j < tiff->n_strips; j++)
    ck_assert_uint_le ((guint64) tiff->strip_offsets[j] + tiff->strip_counts[j], len);
}

guint16
tiff_sample (const guint8 *data,
             const Tiff   *tiff,
             guint         x,
             guint         y,
             guint         c)
{
  guint strip = y / tiff->rows_per_strip;
  gsize row_bytes = (gsize) tiff->width * tiff->samples * 2;
  gsize offset = tiff->strip_offsets[strip] + (y % tiff->rows_per_strip) * row_bytes
                 + ((gsize) x * tiff->samples + c) * 2;

  return get16 (data + offset);
}
