/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-imaging"

#include "cria-snapshot-private.h"

#include <errno.h>
#include <fcntl.h>
#include <gdk/gdk.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "cria-pixel-row-private.h"

/* How often the pixel loops look at the cancellable. */
#define ROWS_PER_CHECK 64

struct _CriaAtomicFile
{
  char     *path;
  char     *tmp_path;
  int       fd;
  gboolean  committed;
};

gboolean
cria_snapshot_set_errno_error (GError     **error,
                               int          saved_errno,
                               const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "Could not save “%s”: %s", display, g_strerror (saved_errno));
  return FALSE;
}

CriaAtomicFile *
cria_atomic_file_new (const char  *path,
                      GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp_name = g_strdup_printf (".%s.XXXXXX", base);
  CriaAtomicFile *file;

  file = g_new0 (CriaAtomicFile, 1);
  file->path = g_strdup (path);
  file->tmp_path = g_build_filename (dir, tmp_name, NULL);
  file->fd = g_mkstemp_full (file->tmp_path, O_RDWR | O_CLOEXEC, 0666);
  if (file->fd < 0)
    {
      cria_snapshot_set_errno_error (error, errno, path);
      /* Nothing was created: nothing to remove. */
      file->committed = TRUE;
      cria_atomic_file_free (file);
      return NULL;
    }
  return file;
}

gboolean
cria_atomic_file_write (CriaAtomicFile  *file,
                        const void      *data,
                        gsize            len,
                        GError         **error)
{
  const guint8 *p = data;

  while (len > 0)
    {
      gssize n = write (file->fd, p, MIN (len, (gsize) G_MAXSSIZE));

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return cria_snapshot_set_errno_error (error, errno, file->path);
        }
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}

gboolean
cria_atomic_file_commit (CriaAtomicFile  *file,
                         GError         **error)
{
  int fd = file->fd;

  file->fd = -1;
  /* Like g_file_set_contents(): flush first only when a good file is being replaced. */
  if (g_file_test (file->path, G_FILE_TEST_EXISTS) && fsync (fd) != 0)
    {
      int saved_errno = errno;

      close (fd);
      return cria_snapshot_set_errno_error (error, saved_errno, file->path);
    }
  if (close (fd) != 0)
    return cria_snapshot_set_errno_error (error, errno, file->path);
  if (g_rename (file->tmp_path, file->path) != 0)
    return cria_snapshot_set_errno_error (error, errno, file->path);
  file->committed = TRUE;
  return TRUE;
}

void
cria_atomic_file_free (CriaAtomicFile *file)
{
  if (file == NULL)
    return;
  if (file->fd >= 0)
    close (file->fd);
  if (!file->committed)
    g_unlink (file->tmp_path);
  g_free (file->path);
  g_free (file->tmp_path);
  g_free (file);
}

static void
build_channel16 (double   black,
                 double   midtone,
                 double   white,
                 guint16 *table)
{
  const double span = 1.0 / (CRIA_STRETCH_LUT_SIZE - 1);
  guint v;

  /* The same bounds as the display stretch; !(a >= b) also catches NaN. */
  if (!(black >= 0.0))
    black = 0.0;
  black = MIN (black, 1.0 - span);
  if (!(white <= 1.0))
    white = 1.0;
  white = MAX (white, black + span);
  if (!(midtone >= CRIA_STRETCH_MIDTONE_MIN))
    midtone = CRIA_STRETCH_MIDTONE_MIN;
  midtone = MIN (midtone, CRIA_STRETCH_MIDTONE_MAX);

  for (v = 0; v < CRIA_STRETCH_LUT_SIZE; v++)
    {
      double x = (v * span - black) / (white - black);

      table[v] = (guint16) lround (cria_stretch_mtf (x, midtone) * 65535.0);
    }
}

void
cria_stretch_lut16_build (const CriaStretchParams *params,
                          CriaStretchLut16        *lut)
{
  guint c;

  for (c = 0; c < 3; c++)
    build_channel16 (params->black[c], params->midtone[c], params->white[c], lut->channel[c]);
}

static gboolean
check_cancelled (guint          y,
                 GCancellable  *cancellable,
                 GError       **error)
{
  return y % ROWS_PER_CHECK == 0 && g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* Every missing colour of a pixel is the mean of the neighbours (3 × 3, inside the image)
 * that carry it; for a Bayer mosaic that is the usual bilinear demosaic. */
CriaFrame *
cria_snapshot_bilinear16 (const CriaFrame  *frame,
                          CriaBayerPattern  pattern,
                          GCancellable     *cancellable,
                          GError          **error)
{
  g_autoptr(CriaFrame) rgb = NULL;
  g_autofree guint16 *scratch = NULL;
  const guint16 *rows[3];
  CriaChannel phase[4];
  guint w = frame->width, h = frame->height, x, y, i;

  if (frame->planes != 1 || pattern == CRIA_BAYER_NONE || w < 2 || h < 2)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Demosaicing needs a single-plane Bayer image of at least 2 × 2 pixels");
      return NULL;
    }
  rgb = cria_frame_new (CRIA_ELEMENT_UINT16, w, h, 3, error);
  if (rgb == NULL)
    return NULL;
  rgb->image_element_type = CRIA_ELEMENT_UINT16;
  rgb->info = frame->info;

  for (i = 0; i < 4; i++)
    phase[i] = cria_bayer_pattern_channel_at (pattern, i & 1, i >> 1);
  scratch = g_new (guint16, 3 * (gsize) w);

  for (y = 0; y < h; y++)
    {
      guint16 *out = (guint16 *) (rgb->data + (gsize) y * rgb->stride);
      int dy;

      if (check_cancelled (y, cancellable, error))
        return NULL;
      for (dy = -1; dy <= 1; dy++)
        {
          int ny = (int) y + dy;

          rows[dy + 1] = ny >= 0 && ny < (int) h
                         ? cria_pixel_row_u16 (frame, ny, scratch + (gsize) (dy + 1) * w)
                         : NULL;
        }

      for (x = 0; x < w; x++)
        {
          guint32 sum[3] = { 0, 0, 0 }, n[3] = { 0, 0, 0 };
          CriaChannel own = phase[(x & 1) + 2 * (y & 1)];
          int dx;

          for (dy = -1; dy <= 1; dy++)
            {
              int ny = (int) y + dy;

              if (rows[dy + 1] == NULL)
                continue;
              for (dx = -1; dx <= 1; dx++)
                {
                  int nx = (int) x + dx;
                  CriaChannel c;

                  if (nx < 0 || nx >= (int) w)
                    continue;
                  c = phase[(nx & 1) + 2 * (ny & 1)];
                  if (c == own && (dx != 0 || dy != 0))
                    continue;
                  sum[c] += rows[dy + 1][nx];
                  n[c]++;
                }
            }
          for (i = 0; i < 3; i++)
            out[3 * (gsize) x + i] = n[i] > 0 ? (guint16) ((sum[i] + n[i] / 2) / n[i]) : 0;
        }
    }
  return g_steal_pointer (&rgb);
}

static gboolean
check_planes (const CriaFrame  *frame,
              const char       *path,
              GError          **error)
{
  g_autofree char *display = NULL;

  if (frame->planes == 1 || frame->planes == 3)
    return TRUE;
  display = g_filename_display_name (path);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "Could not save “%s”: an image of %u planes is neither grey nor RGB", display,
               frame->planes);
  return FALSE;
}

/* TIFF 6.0 baseline, little-endian. */
enum
{
  TIFF_SHORT = 3,
  TIFF_LONG = 4,
  TIFF_RATIONAL = 5,
  TIFF_ASCII = 2,
};

#define TIFF_HEADER_BYTES 8
#define TIFF_STRIP_BYTES  (64 * 1024)
#define TIFF_N_ENTRIES    14

static void
put_u16 (guint8  *p,
         guint16  v)
{
  p[0] = v & 0xFF;
  p[1] = v >> 8;
}

static void
put_u32 (guint8  *p,
         guint32  v)
{
  put_u16 (p, v & 0xFFFF);
  put_u16 (p + 2, v >> 16);
}

typedef struct
{
  GByteArray *ifd;
  GByteArray *extra;
  guint32     extra_offset; /* where extra starts in the file */
} TiffDirectory;

/* One entry; values of more than four bytes go to the area after the directory. */
static void
tiff_entry (TiffDirectory *dir,
            guint16        tag,
            guint16        type,
            guint32        count,
            const guint8  *value,
            gsize          value_len)
{
  guint8 entry[12] = { 0 };

  put_u16 (entry, tag);
  put_u16 (entry + 2, type);
  put_u32 (entry + 4, count);
  if (value_len <= 4)
    memcpy (entry + 8, value, value_len);
  else
    {
      put_u32 (entry + 8, dir->extra_offset + dir->extra->len);
      g_byte_array_append (dir->extra, value, value_len);
      /* Values start on word boundaries. */
      if (dir->extra->len % 2 != 0)
        g_byte_array_append (dir->extra, (const guint8 *) "", 1);
    }
  g_byte_array_append (dir->ifd, entry, sizeof entry);
}

static void
tiff_short (TiffDirectory *dir,
            guint16        tag,
            guint16        value)
{
  guint8 v[2];

  put_u16 (v, value);
  tiff_entry (dir, tag, TIFF_SHORT, 1, v, sizeof v);
}

static void
tiff_long (TiffDirectory *dir,
           guint16        tag,
           guint32        value)
{
  guint8 v[4];

  put_u32 (v, value);
  tiff_entry (dir, tag, TIFF_LONG, 1, v, sizeof v);
}

static void
tiff_rational (TiffDirectory *dir,
               guint16        tag,
               guint32        numerator,
               guint32        denominator)
{
  guint8 v[8];

  put_u32 (v, numerator);
  put_u32 (v + 4, denominator);
  tiff_entry (dir, tag, TIFF_RATIONAL, 1, v, sizeof v);
}

/* The image file directory for pixel data that starts right after the header. */
static GByteArray *
tiff_build_directory (guint32 width,
                      guint32 height,
                      guint16 samples,
                      guint32 row_bytes)
{
  static const char software[] = "Cria";
  guint32 rows_per_strip = MAX (1, TIFF_STRIP_BYTES / row_bytes);
  guint32 n_strips = (height + rows_per_strip - 1) / rows_per_strip;
  guint32 ifd_offset = TIFF_HEADER_BYTES + row_bytes * height;
  g_autofree guint8 *offsets = g_new (guint8, 4 * (gsize) n_strips);
  g_autofree guint8 *counts = g_new (guint8, 4 * (gsize) n_strips);
  guint8 bits[6];
  guint8 next[4] = { 0, 0, 0, 0 };
  TiffDirectory dir;
  guint8 n_entries[2];
  guint32 i;

  dir.ifd = g_byte_array_new ();
  dir.extra = g_byte_array_new ();
  dir.extra_offset = ifd_offset + 2 + 12 * TIFF_N_ENTRIES + 4;

  for (i = 0; i < samples; i++)
    put_u16 (bits + 2 * i, 16);
  for (i = 0; i < n_strips; i++)
    {
      guint32 rows = MIN (rows_per_strip, height - i * rows_per_strip);

      put_u32 (offsets + 4 * i, TIFF_HEADER_BYTES + i * rows_per_strip * row_bytes);
      put_u32 (counts + 4 * i, rows * row_bytes);
    }

  put_u16 (n_entries, TIFF_N_ENTRIES);
  g_byte_array_append (dir.ifd, n_entries, 2);
  /* In ascending tag order, as TIFF requires. */
  tiff_long (&dir, 256, width);                                /* ImageWidth */
  tiff_long (&dir, 257, height);                               /* ImageLength */
  tiff_entry (&dir, 258, TIFF_SHORT, samples, bits, 2 * (gsize) samples); /* BitsPerSample */
  tiff_short (&dir, 259, 1);                                   /* Compression: none */
  tiff_short (&dir, 262, samples == 3 ? 2 : 1);                /* RGB or BlackIsZero */
  tiff_entry (&dir, 273, TIFF_LONG, n_strips, offsets, 4 * (gsize) n_strips); /* StripOffsets */
  tiff_short (&dir, 277, samples);                             /* SamplesPerPixel */
  tiff_long (&dir, 278, rows_per_strip);                       /* RowsPerStrip */
  tiff_entry (&dir, 279, TIFF_LONG, n_strips, counts, 4 * (gsize) n_strips); /* StripByteCounts */
  tiff_rational (&dir, 282, 72, 1);                            /* XResolution */
  tiff_rational (&dir, 283, 72, 1);                            /* YResolution */
  tiff_short (&dir, 284, 1);                                   /* PlanarConfiguration: chunky */
  tiff_short (&dir, 296, 2);                                   /* ResolutionUnit: inch */
  tiff_entry (&dir, 305, TIFF_ASCII, sizeof software, (const guint8 *) software,
              sizeof software);                                /* Software */
  g_byte_array_append (dir.ifd, next, sizeof next);
  g_assert (dir.ifd->len == 2 + 12 * TIFF_N_ENTRIES + 4);

  g_byte_array_append (dir.ifd, dir.extra->data, dir.extra->len);
  g_byte_array_unref (dir.extra);
  return dir.ifd;
}

gboolean
cria_snapshot_write_tiff16 (const CriaFrame         *frame,
                            const CriaStretchLut16  *lut,
                            const char              *path,
                            GCancellable            *cancellable,
                            GError                 **error)
{
  g_autoptr(CriaAtomicFile) file = NULL;
  g_autoptr(GByteArray) directory = NULL;
  g_autofree guint16 *scratch = NULL;
  g_autofree guint8 *row = NULL;
  guint planes = frame->planes;
  guint64 row_bytes = (guint64) frame->width * planes * 2;
  guint8 header[TIFF_HEADER_BYTES] = { 'I', 'I', 42, 0 };
  guint x, y, c;

  if (!check_planes (frame, path, error))
    return FALSE;
  /* Classic TIFF addresses the file with 32-bit offsets; keep room for the directory. */
  if (row_bytes * frame->height > G_MAXUINT32 - (G_MAXUINT32 / 16))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Could not save “%s”: the image is too large for a TIFF file", display);
      return FALSE;
    }

  directory = tiff_build_directory (frame->width, frame->height, planes, (guint32) row_bytes);
  put_u32 (header + 4, TIFF_HEADER_BYTES + (guint32) (row_bytes * frame->height));

  file = cria_atomic_file_new (path, error);
  if (file == NULL || !cria_atomic_file_write (file, header, sizeof header, error))
    return FALSE;

  scratch = g_new (guint16, (gsize) frame->width * planes);
  row = g_malloc (row_bytes);
  for (y = 0; y < frame->height; y++)
    {
      const guint16 *src = cria_pixel_row_u16 (frame, y, scratch);
      guint8 *p = row;

      if (check_cancelled (y, cancellable, error))
        return FALSE;
      for (x = 0; x < frame->width; x++)
        for (c = 0; c < planes; c++, p += 2)
          put_u16 (p, lut->channel[c][src[(gsize) x * planes + c]]);
      if (!cria_atomic_file_write (file, row, row_bytes, error))
        return FALSE;
    }

  if (!cria_atomic_file_write (file, directory->data, directory->len, error)
      || g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  return cria_atomic_file_commit (file, error);
}

gboolean
cria_snapshot_write_png8 (const CriaFrame         *frame,
                          const CriaStretchLut16  *lut,
                          const char              *path,
                          GCancellable            *cancellable,
                          GError                 **error)
{
  g_autoptr(CriaAtomicFile) file = NULL;
  g_autoptr(GBytes) pixels = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guint16 *scratch = NULL;
  g_autofree guint8 *table = NULL;
  gsize stride = (gsize) frame->width * 3;
  guint planes = frame->planes;
  guint8 *rgb;
  guint x, y, c, v;

  if (!check_planes (frame, path, error))
    return FALSE;
  rgb = g_try_malloc (stride * frame->height);
  if (rgb == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   "Could not save “%s”: not enough memory for a %u × %u image", display,
                   frame->width, frame->height);
      return FALSE;
    }
  pixels = g_bytes_new_take (rgb, stride * frame->height);

  /* The 16-bit stretch rounded to 8 bits, so both formats show the same picture. */
  table = g_malloc (3 * (gsize) CRIA_STRETCH_LUT_SIZE);
  for (c = 0; c < 3; c++)
    for (v = 0; v < CRIA_STRETCH_LUT_SIZE; v++)
      table[c * CRIA_STRETCH_LUT_SIZE + v] = (lut->channel[c][v] * 255u + 32767u) / 65535u;

  scratch = g_new (guint16, (gsize) frame->width * planes);
  for (y = 0; y < frame->height; y++)
    {
      const guint16 *src = cria_pixel_row_u16 (frame, y, scratch);
      guint8 *out = rgb + (gsize) y * stride;

      if (check_cancelled (y, cancellable, error))
        return FALSE;
      for (x = 0; x < frame->width; x++)
        for (c = 0; c < 3; c++)
          /* Grey: channel 0's table for all three, as the live view does. */
          out[3 * (gsize) x + c] = planes == 3
                                   ? table[c * CRIA_STRETCH_LUT_SIZE + src[3 * (gsize) x + c]]
                                   : table[src[x]];
    }

  texture = gdk_memory_texture_new (frame->width, frame->height, GDK_MEMORY_R8G8B8, pixels,
                                    stride);
  png = gdk_texture_save_to_png_bytes (texture);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  file = cria_atomic_file_new (path, error);
  if (file == NULL
      || !cria_atomic_file_write (file, g_bytes_get_data (png, NULL), g_bytes_get_size (png),
                                  error))
    return FALSE;
  return cria_atomic_file_commit (file, error);
}
