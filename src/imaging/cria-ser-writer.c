/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-imaging"

#include "cria-ser-writer-private.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cria-imaging-gst.h"
#include "cria-pixel-row-private.h"

/* Ticks from 0001-01-01 to 1970-01-01. */
#define TICKS_AT_UNIX_EPOCH G_GINT64_CONSTANT (621355968000000000)
#define SER_TEXT_BYTES      40

struct _CriaSerWriter
{
  char           *path;
  int             fd;
  char           *instrument;
  guint           width;
  guint           height;
  guint           planes;
  CriaSerColorId  color;
  GArray         *times;  /* gint64 ticks, UTC */
  gint64          first_time; /* µs */
  guint8         *buffer; /* one frame, as written */
};

gint64
cria_ser_ticks_from_unix_usec (gint64 usec)
{
  return TICKS_AT_UNIX_EPOCH + usec * 10;
}

CriaSerColorId
cria_ser_color_id (CriaBayerPattern pattern,
                   guint            planes)
{
  if (planes == 3)
    return CRIA_SER_RGB;
  switch (pattern)
    {
    case CRIA_BAYER_RGGB: return CRIA_SER_BAYER_RGGB;
    case CRIA_BAYER_GRBG: return CRIA_SER_BAYER_GRBG;
    case CRIA_BAYER_GBRG: return CRIA_SER_BAYER_GBRG;
    case CRIA_BAYER_BGGR: return CRIA_SER_BAYER_BGGR;
    case CRIA_BAYER_NONE:
    default:
      return CRIA_SER_MONO;
    }
}

static gboolean
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "Could not record to “%s”: %s", display, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
write_at (CriaSerWriter  *writer,
          const guint8   *data,
          gsize           len,
          gint64          offset,
          GError        **error)
{
  while (len > 0)
    {
      gssize n = offset >= 0 ? pwrite (writer->fd, data, len, offset)
                             : write (writer->fd, data, len);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return set_errno_error (error, errno, writer->path);
        }
      data += n;
      len -= (gsize) n;
      if (offset >= 0)
        offset += n;
    }
  return TRUE;
}

static void
put_i32 (guint8 *p,
         gint32  value)
{
  guint32 v = (guint32) value;

  p[0] = v & 0xFF;
  p[1] = (v >> 8) & 0xFF;
  p[2] = (v >> 16) & 0xFF;
  p[3] = v >> 24;
}

static void
put_i64 (guint8 *p,
         gint64  value)
{
  put_i32 (p, (gint32) (value & 0xFFFFFFFF));
  put_i32 (p + 4, (gint32) ((guint64) value >> 32));
}

static void
put_text (guint8     *p,
          const char *text)
{
  g_autofree char *ascii = NULL;
  gsize len;

  memset (p, 0, SER_TEXT_BYTES);
  if (text == NULL)
    return;
  ascii = g_str_to_ascii (text, "C");
  len = MIN (strlen (ascii), SER_TEXT_BYTES);
  memcpy (p, ascii, len);
}

static gint64
local_ticks (gint64 usec)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
  GTimeSpan offset = local != NULL ? g_date_time_get_utc_offset (local) : 0;

  return cria_ser_ticks_from_unix_usec (usec + offset);
}

static void
fill_header (CriaSerWriter *writer,
             guint8        *header)
{
  gint64 start = writer->times->len > 0 ? writer->first_time : g_get_real_time ();

  memset (header, 0, CRIA_SER_HEADER_BYTES);
  memcpy (header, "LUCAM-RECORDER", 14);
  put_i32 (header + 14, 0);                       /* LuID */
  put_i32 (header + 18, writer->color);           /* ColorID */
  /* The specification's LittleEndian flag is 1 for little-endian data, but the first
   * writers (and hence Siril, FireCapture and most readers) took 0 to mean it: follow
   * them, or everyone else would swap our bytes. */
  put_i32 (header + 22, 0);
  put_i32 (header + 26, (gint32) writer->width);
  put_i32 (header + 30, (gint32) writer->height);
  put_i32 (header + 34, 16);                      /* PixelDepthPerPlane */
  put_i32 (header + 38, (gint32) writer->times->len);
  put_text (header + 42, NULL);                   /* Observer */
  put_text (header + 82, writer->instrument);     /* Instrument */
  put_text (header + 122, NULL);                  /* Telescope */
  put_i64 (header + 162, local_ticks (start));
  put_i64 (header + 170, cria_ser_ticks_from_unix_usec (start));
}

CriaSerWriter *
cria_ser_writer_new (const char  *path,
                     const char  *instrument,
                     GError     **error)
{
  g_autoptr(CriaSerWriter) writer = g_new0 (CriaSerWriter, 1);

  writer->path = g_strdup (path);
  writer->instrument = g_strdup (instrument);
  writer->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  writer->fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (writer->fd < 0)
    {
      set_errno_error (error, errno, path);
      return NULL;
    }
  /* The header comes with the first frame, which gives the size and colour. */
  return g_steal_pointer (&writer);
}

gboolean
cria_ser_writer_add_frame (CriaSerWriter    *writer,
                           const CriaFrame  *frame,
                           gint64            time,
                           GError          **error)
{
  g_autofree guint16 *scratch = NULL;
  gsize row_samples = (gsize) frame->width * frame->planes;
  gsize x;
  guint y;
  gint64 ticks;

  if (frame->planes != 1 && frame->planes != 3)
    {
      g_autofree char *display = g_filename_display_name (writer->path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Could not record to “%s”: SER takes grey or RGB frames, not %u planes",
                   display, frame->planes);
      return FALSE;
    }
  if (writer->times->len == 0)
    {
      guint8 header[CRIA_SER_HEADER_BYTES];

      writer->width = frame->width;
      writer->height = frame->height;
      writer->planes = frame->planes;
      writer->color = cria_ser_color_id (cria_imaging_gst_frame_pattern (frame), frame->planes);
      writer->first_time = time;
      writer->buffer = g_try_malloc (row_samples * 2 * frame->height);
      if (writer->buffer == NULL)
        {
          g_autofree char *display = g_filename_display_name (writer->path);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                       "Could not record to “%s”: not enough memory for a %u × %u frame",
                       display, frame->width, frame->height);
          return FALSE;
        }
      /* The frame count stays 0 until the file is closed. */
      fill_header (writer, header);
      if (!write_at (writer, header, sizeof header, -1, error))
        return FALSE;
    }
  else if (frame->width != writer->width || frame->height != writer->height
           || frame->planes != writer->planes)
    {
      g_autofree char *display = g_filename_display_name (writer->path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Could not record to “%s”: the frame size changed from %u × %u to "
                   "%u × %u, and a SER file holds frames of one size", display, writer->width,
                   writer->height, frame->width, frame->height);
      return FALSE;
    }

  scratch = g_new (guint16, row_samples);
  for (y = 0; y < frame->height; y++)
    {
      const guint16 *row = cria_pixel_row_u16 (frame, y, scratch);
      guint8 *out = writer->buffer + (gsize) y * row_samples * 2;

      for (x = 0; x < row_samples; x++)
        {
          out[2 * x] = row[x] & 0xFF;
          out[2 * x + 1] = row[x] >> 8;
        }
    }
  if (!write_at (writer, writer->buffer, row_samples * 2 * frame->height, -1, error))
    return FALSE;

  ticks = cria_ser_ticks_from_unix_usec (time);
  g_array_append_val (writer->times, ticks);
  return TRUE;
}

guint64
cria_ser_writer_get_n_frames (CriaSerWriter *writer)
{
  return writer->times->len;
}

gboolean
cria_ser_writer_close (CriaSerWriter  *writer,
                       GError        **error)
{
  g_autofree guint8 *trailer = g_new (guint8, 8 * (gsize) MAX (writer->times->len, 1));
  guint8 header[CRIA_SER_HEADER_BYTES];
  int fd = writer->fd;
  guint i;

  for (i = 0; i < writer->times->len; i++)
    put_i64 (trailer + 8 * i, g_array_index (writer->times, gint64, i));
  fill_header (writer, header);
  if (!write_at (writer, trailer, 8 * (gsize) writer->times->len, -1, error))
    return FALSE;
  /* A pipe cannot go back: it keeps the count of 0, and readers count by the size. */
  if (lseek (writer->fd, 0, SEEK_CUR) < 0 && errno == ESPIPE)
    g_debug ("%s is not seekable: the SER header keeps a frame count of 0", writer->path);
  else if (!write_at (writer, header, sizeof header, 0, error))
    return FALSE;

  writer->fd = -1;
  if (close (fd) != 0)
    return set_errno_error (error, errno, writer->path);
  return TRUE;
}

void
cria_ser_writer_discard (CriaSerWriter *writer)
{
  GStatBuf st;

  /* Only a file of our own: never a device or a pipe the user pointed at. */
  if (writer->fd >= 0 && fstat (writer->fd, &st) == 0 && S_ISREG (st.st_mode))
    g_unlink (writer->path);
}

void
cria_ser_writer_free (CriaSerWriter *writer)
{
  if (writer == NULL)
    return;
  if (writer->fd >= 0)
    close (writer->fd);
  g_array_unref (writer->times);
  g_free (writer->buffer);
  g_free (writer->instrument);
  g_free (writer->path);
  g_free (writer);
}
