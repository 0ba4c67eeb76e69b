/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-raw-recorder"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <fitsio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cria-raw-recorder.h"

#define SER_HEADER 178
/* 2024-05-01T21:14:03.250 UTC, in µs. */
#define FIRST_CAPTURE G_GINT64_CONSTANT (1714598043250000)
/* .NET ticks at the Unix epoch. */
#define UNIX_EPOCH_TICKS G_GINT64_CONSTANT (621355968000000000)

static char *tmp_dir;

static void
setup (void)
{
  g_autoptr(GError) error = NULL;

  tmp_dir = g_dir_make_tmp ("cria-raw-XXXXXX", &error);
  ck_assert_msg (tmp_dir != NULL, "%s", error ? error->message : "");
}

static void
teardown (void)
{
  GDir *dir = g_dir_open (tmp_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (tmp_dir, name, NULL);

      g_unlink (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
}

static guint16
sample (guint x,
        guint y,
        guint p,
        guint i)
{
  return (guint16) ((x * 1031 + y * 257 + p * 4099 + i * 7919) % 65536);
}

static CriaFrame *
make_frame (CriaElementType type,
            guint           width,
            guint           height,
            guint           planes,
            guint           i)
{
  CriaFrame *frame = cria_frame_new (type, width, height, planes, NULL);
  guint x, y, p;

  ck_assert (frame != NULL);
  frame->image_element_type = type;
  for (y = 0; y < height; y++)
    for (x = 0; x < width; x++)
      for (p = 0; p < planes; p++)
        {
          guint8 *row = frame->data + y * frame->stride;

          if (type == CRIA_ELEMENT_BYTE)
            row[x * planes + p] = sample (x, y, p, i) & 0xFF;
          else
            ((guint16 *) row)[x * planes + p] = sample (x, y, p, i);
        }
  frame->info.fields = CRIA_FRAME_INFO_EXPOSURE | CRIA_FRAME_INFO_START_TIME
                       | CRIA_FRAME_INFO_GEOMETRY;
  frame->info.exposure = 0.01 * (i + 1);
  frame->info.start_time = FIRST_CAPTURE + (gint64) i * 250000;
  frame->info.bin_x = frame->info.bin_y = 1;
  return frame;
}

static void
set_bayer (CriaFrame *frame,
           int        offset_x,
           int        offset_y)
{
  frame->info.fields |= CRIA_FRAME_INFO_SENSOR;
  frame->info.sensor_type = 2;
  frame->info.bayer_offset_x = offset_x;
  frame->info.bayer_offset_y = offset_y;
}

static gint32
get_i32 (const guint8 *p)
{
  return (gint32) (p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24));
}

static gint64
get_i64 (const guint8 *p)
{
  return (gint64) ((guint32) get_i32 (p) | ((guint64) (guint32) get_i32 (p + 4) << 32));
}

static guint16
get_u16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
stop (CriaRawRecorder  *recorder,
      GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  cria_raw_recorder_stop_async (recorder, NULL, store_result, &result);
  while (result == NULL)
    {
      ck_assert_msg (g_get_monotonic_time () < end, "the recorder never stopped");
      g_main_context_iteration (NULL, TRUE);
    }
  return cria_raw_recorder_stop_finish (recorder, result, error);
}

static CriaRawRecorder *
new_recorder (const char             *name,
              CriaRawFormat           format,
              const CriaSnapshotInfo *info,
              guint                   max_queued,
              char                  **path)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  CriaRawRecorder *recorder;

  *path = g_build_filename (tmp_dir, name, NULL);
  file = g_file_new_for_path (*path);
  recorder = cria_raw_recorder_new (file, format, info, max_queued, &error);
  ck_assert_msg (recorder != NULL, "%s", error ? error->message : "");
  return recorder;
}

static void
push_all (CriaRawRecorder *recorder,
          CriaFrame      **frames,
          guint            n)
{
  guint i;

  for (i = 0; i < n; i++)
    ck_assert (cria_raw_recorder_push_frame (recorder, frames[i]));
}

START_TEST (test_ser_bayer)
{
  const CriaSnapshotInfo info = { .instrument = "ZWO ASI178MC" };
  g_autofree char *path = NULL;
  g_autoptr(CriaRawRecorder) recorder = new_recorder ("run.ser", CRIA_RAW_FORMAT_SER, &info, 0,
                                                      &path);
  g_autofree guint8 *data = NULL;
  g_autoptr(GError) error = NULL;
  CriaFrame *frames[5];
  const guint w = 32, h = 24, n = 5;
  gsize frame_bytes = (gsize) w * h * 2;
  gsize len = 0;
  gint64 utc, local;
  guint i, x, y;

  for (i = 0; i < n; i++)
    {
      frames[i] = make_frame (CRIA_ELEMENT_UINT16, w, h, 1, i);
      set_bayer (frames[i], 0, 0);
    }
  push_all (recorder, frames, n);
  ck_assert_msg (stop (recorder, &error), "%s", error ? error->message : "");
  ck_assert_uint_eq (cria_raw_recorder_get_n_written (recorder), n);
  ck_assert_uint_eq (cria_raw_recorder_get_n_dropped (recorder), 0);

  ck_assert (g_file_get_contents (path, (char **) &data, &len, NULL));
  ck_assert_uint_eq (len, SER_HEADER + n * frame_bytes + 8 * n);
  ck_assert (memcmp (data, "LUCAM-RECORDER", 14) == 0);
  ck_assert_int_eq (get_i32 (data + 14), 0);
  ck_assert_int_eq (get_i32 (data + 18), 8);   /* BAYER_RGGB */
  ck_assert_int_eq (get_i32 (data + 22), 0);   /* little-endian, as readers take it */
  ck_assert_int_eq (get_i32 (data + 26), w);
  ck_assert_int_eq (get_i32 (data + 30), h);
  ck_assert_int_eq (get_i32 (data + 34), 16);
  ck_assert_int_eq (get_i32 (data + 38), n);
  ck_assert_int_eq (data[42], 0);              /* no observer */
  ck_assert_str_eq ((const char *) data + 82, "ZWO ASI178MC");
  ck_assert_int_eq (data[122], 0);             /* no telescope */
  utc = get_i64 (data + 170);
  ck_assert_int_eq (utc, UNIX_EPOCH_TICKS + FIRST_CAPTURE * 10);
  /* Local time is UTC shifted by at most a day. */
  local = get_i64 (data + 162);
  ck_assert_int_le (ABS (local - utc), G_GINT64_CONSTANT (864000000000));

  for (i = 0; i < n; i++)
    {
      const guint8 *f = data + SER_HEADER + i * frame_bytes;

      for (y = 0; y < h; y += 5)
        for (x = 0; x < w; x += 3)
          ck_assert_uint_eq (get_u16 (f + 2 * (y * w + x)), sample (x, y, 0, i));
      ck_assert_uint_eq (get_u16 (f + frame_bytes - 2), sample (w - 1, h - 1, 0, i));
      /* The trailer: each frame's UTC start. */
      ck_assert_int_eq (get_i64 (data + SER_HEADER + n * frame_bytes + 8 * i),
                        UNIX_EPOCH_TICKS + (FIRST_CAPTURE + (gint64) i * 250000) * 10);
    }

  for (i = 0; i < n; i++)
    cria_frame_unref (frames[i]);
}
END_TEST

/* The colour IDs: mono, another Bayer phase, RGB planes; bytes go to the 16-bit scale. */
START_TEST (test_ser_colour_ids)
{
  struct
  {
    CriaElementType type;
    guint           planes;
    int             bayer_x;  /* -1: mono */
    int             color_id;
  } cases[] = {
    { CRIA_ELEMENT_BYTE, 1, -1, 0 },
    { CRIA_ELEMENT_UINT16, 1, 1, 9 },  /* red one right of (0, 0): GRBG */
    { CRIA_ELEMENT_UINT16, 3, -1, 100 },
  };
  guint c;

  for (c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *name = g_strdup_printf ("case%u.ser", c);
      g_autofree char *path = NULL;
      g_autoptr(CriaRawRecorder) recorder = new_recorder (name, CRIA_RAW_FORMAT_SER, NULL, 0,
                                                          &path);
      g_autoptr(CriaFrame) a = make_frame (cases[c].type, 10, 6, cases[c].planes, 0);
      g_autoptr(CriaFrame) b = make_frame (cases[c].type, 10, 6, cases[c].planes, 1);
      g_autofree guint8 *data = NULL;
      g_autoptr(GError) error = NULL;
      gsize frame_bytes = 10 * 6 * 2 * cases[c].planes;
      gsize len = 0;
      guint16 first;

      if (cases[c].bayer_x >= 0)
        {
          set_bayer (a, cases[c].bayer_x, 0);
          set_bayer (b, cases[c].bayer_x, 0);
        }
      ck_assert (cria_raw_recorder_push_frame (recorder, a));
      ck_assert (cria_raw_recorder_push_frame (recorder, b));
      ck_assert_msg (stop (recorder, &error), "%s", error ? error->message : "");
      ck_assert (g_file_get_contents (path, (char **) &data, &len, NULL));
      ck_assert_uint_eq (len, SER_HEADER + 2 * frame_bytes + 2 * 8);
      ck_assert_int_eq (get_i32 (data + 18), cases[c].color_id);
      ck_assert_int_eq (get_i32 (data + 38), 2);
      ck_assert_str_eq ((const char *) data + 82, "");

      /* Second frame, pixel (1, 0), last plane. */
      first = get_u16 (data + SER_HEADER + frame_bytes + 2 * (cases[c].planes * 2 - 1));
      if (cases[c].type == CRIA_ELEMENT_BYTE)
        ck_assert_uint_eq (first, (sample (1, 0, 0, 1) & 0xFF) * 257);
      else
        ck_assert_uint_eq (first, sample (1, 0, cases[c].planes - 1, 1));
    }
}
END_TEST

/* A frame of another size ends the recording with an error; the file keeps what came
 * before, complete. */
START_TEST (test_ser_size_change)
{
  g_autofree char *path = NULL;
  g_autoptr(CriaRawRecorder) recorder = new_recorder ("size.ser", CRIA_RAW_FORMAT_SER, NULL, 0,
                                                      &path);
  g_autoptr(CriaFrame) a = make_frame (CRIA_ELEMENT_UINT16, 16, 12, 1, 0);
  g_autoptr(CriaFrame) b = make_frame (CRIA_ELEMENT_UINT16, 8, 8, 1, 1);
  g_autofree guint8 *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  ck_assert (cria_raw_recorder_push_frame (recorder, a));
  ck_assert (cria_raw_recorder_push_frame (recorder, b));
  ck_assert (!stop (recorder, &error));
  ck_assert_uint_eq (cria_raw_recorder_get_n_written (recorder), 1);
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA));
  ck_assert_msg (strstr (error->message, path) != NULL, "%s", error->message);
  ck_assert (g_file_get_contents (path, (char **) &data, &len, NULL));
  ck_assert_int_eq (get_i32 (data + 38), (gint32) cria_raw_recorder_get_n_written (recorder));
  ck_assert_uint_eq (len, SER_HEADER + 1 * (16 * 12 * 2 + 8));
}
END_TEST

START_TEST (test_ser_nothing)
{
  g_autofree char *path = NULL;
  g_autoptr(CriaRawRecorder) recorder = new_recorder ("empty.ser", CRIA_RAW_FORMAT_SER, NULL, 0,
                                                      &path);
  g_autoptr(CriaFrame) frame = make_frame (CRIA_ELEMENT_UINT16, 4, 4, 1, 0);
  g_autoptr(GError) error = NULL;

  ck_assert (!stop (recorder, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_FAILED));
  ck_assert (strstr (error->message, path) != NULL);
  ck_assert (!g_file_test (path, G_FILE_TEST_EXISTS));
  /* Stopped: frames are refused, and not counted as dropped. */
  ck_assert (!cria_raw_recorder_push_frame (recorder, frame));
  ck_assert_uint_eq (cria_raw_recorder_get_n_dropped (recorder), 0);
}
END_TEST

START_TEST (test_missing_folder)
{
  g_autofree char *ser = g_build_filename (tmp_dir, "missing", "run.ser", NULL);
  g_autofree char *fits = g_build_filename (tmp_dir, "missing", "m42.fits", NULL);
  g_autoptr(GFile) ser_file = g_file_new_for_path (ser);
  g_autoptr(GFile) fits_file = g_file_new_for_path (fits);
  g_autoptr(GError) ser_error = NULL;
  g_autoptr(GError) fits_error = NULL;

  ck_assert (cria_raw_recorder_new (ser_file, CRIA_RAW_FORMAT_SER, NULL, 0, &ser_error) == NULL);
  ck_assert (g_error_matches (ser_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND));
  ck_assert_msg (strstr (ser_error->message, ser) != NULL, "%s", ser_error->message);
  ck_assert (cria_raw_recorder_new (fits_file, CRIA_RAW_FORMAT_FITS, NULL, 0, &fits_error) == NULL);
  ck_assert (g_error_matches (fits_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND));
  ck_assert_msg (strstr (fits_error->message, fits) != NULL, "%s", fits_error->message);
}
END_TEST

/* Writes that fail: the error names the file, and the device stays. */
START_TEST (test_ser_disk_full)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/dev/full");
  g_autoptr(CriaRawRecorder) recorder = NULL;
  g_autoptr(CriaFrame) frame = make_frame (CRIA_ELEMENT_UINT16, 16, 12, 1, 0);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  recorder = cria_raw_recorder_new (file, CRIA_RAW_FORMAT_SER, NULL, 0, &error);
  ck_assert_msg (recorder != NULL, "%s", error ? error->message : "");
  ck_assert (cria_raw_recorder_push_frame (recorder, frame));
  ck_assert (!stop (recorder, &error));
  ck_assert_msg (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE), "%s", error->message);
  ck_assert_msg (strstr (error->message, "/dev/full") != NULL, "%s", error->message);
  ck_assert_uint_eq (cria_raw_recorder_get_n_written (recorder), 0);
  ck_assert_int_eq (g_stat ("/dev/full", &st), 0);
  ck_assert (S_ISCHR (st.st_mode));
}
END_TEST

static double
fits_double (fitsfile   *fits,
             const char *name)
{
  double value = 0;
  int status = 0;

  fits_read_key (fits, TDOUBLE, name, &value, NULL, &status);
  ck_assert_msg (status == 0, "%s: cfitsio status %d", name, status);
  return value;
}

static char *
fits_string (fitsfile   *fits,
             const char *name)
{
  char value[FLEN_VALUE] = "";
  int status = 0;

  fits_read_key (fits, TSTRING, name, value, NULL, &status);
  ck_assert_msg (status == 0, "%s: cfitsio status %d", name, status);
  return g_strdup (value);
}

START_TEST (test_fits_sequence)
{
  const CriaSnapshotInfo info = { .instrument = "Cam", .filter = "OIII" };
  g_autofree char *path = NULL;
  g_autoptr(CriaRawRecorder) recorder = new_recorder ("M42.FITS", CRIA_RAW_FORMAT_FITS, &info,
                                                      0, &path);
  g_autoptr(GFile) base = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  CriaFrame *frames[3];
  guint i;

  for (i = 0; i < 3; i++)
    {
      frames[i] = make_frame (CRIA_ELEMENT_UINT16, 12, 10, 1, i);
      set_bayer (frames[i], 0, 1);
    }
  push_all (recorder, frames, 3);
  ck_assert_msg (stop (recorder, &error), "%s", error ? error->message : "");
  ck_assert_uint_eq (cria_raw_recorder_get_n_written (recorder), 3);

  for (i = 0; i < 4; i++)
    {
      g_autoptr(GFile) file = cria_raw_recorder_sequence_file (base, i + 1);
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *expected = g_strdup_printf ("M42-%05u.fits", i + 1);
      g_autofree char *instrument = NULL, *filter = NULL, *bayer = NULL;
      const char *frame_path = g_file_peek_path (file);
      guint16 pixels[12 * 10];
      fitsfile *fits = NULL;
      int status = 0, any_null = 0;
      guint p;

      ck_assert_str_eq (name, expected);
      if (i == 3)
        {
          ck_assert (!g_file_test (frame_path, G_FILE_TEST_EXISTS));
          break;
        }
      fits_open_diskfile (&fits, frame_path, READONLY, &status);
      ck_assert_msg (status == 0, "cannot open %s", frame_path);
      ck_assert_double_eq_tol (fits_double (fits, "EXPTIME"), 0.01 * (i + 1), 1e-12);
      instrument = fits_string (fits, "INSTRUME");
      ck_assert_str_eq (instrument, "Cam");
      filter = fits_string (fits, "FILTER");
      ck_assert_str_eq (filter, "OIII");
      /* Red one row down: GBRG. */
      bayer = fits_string (fits, "BAYERPAT");
      ck_assert_str_eq (bayer, "GBRG");
      fits_read_img (fits, TUSHORT, 1, 12 * 10, NULL, pixels, &any_null, &status);
      ck_assert_int_eq (status, 0);
      for (p = 0; p < 12 * 10; p++)
        ck_assert_uint_eq (pixels[p], sample (p % 12, p / 12, 0, i));
      fits_close_file (fits, &status);
    }
  for (i = 0; i < 3; i++)
    cria_frame_unref (frames[i]);
}
END_TEST

/* The writer stuck on a pipe nobody reads: pushing never waits, the queue holds what it
 * can, the rest is dropped and counted. Then the reader drains the pipe and everything
 * queued arrives. */
START_TEST (test_drops_when_full)
{
  g_autofree char *path = g_build_filename (tmp_dir, "pipe.ser", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CriaRawRecorder) recorder = NULL;
  /* Larger than a pipe's buffer: the first write blocks. */
  g_autoptr(CriaFrame) frame = make_frame (CRIA_ELEMENT_UINT16, 256, 256, 1, 0);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const gsize frame_bytes = 256 * 256 * 2;
  const guint n = 20, max_queued = 2;
  guint accepted = 0, i;
  guint64 received = 0;
  gint64 end;
  gboolean eof = FALSE;
  int reader;

  ck_assert_int_eq (mkfifo (path, 0600), 0);
  reader = g_open (path, O_RDONLY | O_NONBLOCK, 0);
  ck_assert_int_ge (reader, 0);
  recorder = cria_raw_recorder_new (file, CRIA_RAW_FORMAT_SER, NULL, max_queued, &error);
  ck_assert_msg (recorder != NULL, "%s", error ? error->message : "");

  for (i = 0; i < n; i++)
    if (cria_raw_recorder_push_frame (recorder, frame))
      accepted++;
  /* The queue, and perhaps the one frame the worker took before it blocked. */
  ck_assert_uint_ge (accepted, max_queued);
  ck_assert_uint_le (accepted, max_queued + 1);
  ck_assert_uint_eq (cria_raw_recorder_get_n_dropped (recorder), n - accepted);
  ck_assert_uint_eq (cria_raw_recorder_get_n_written (recorder), 0);

  cria_raw_recorder_stop_async (recorder, NULL, store_result, &result);
  end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (result == NULL || !eof)
    {
      guint8 buffer[65536];
      gssize got = read (reader, buffer, sizeof buffer);

      ck_assert_msg (g_get_monotonic_time () < end, "the pipe never drained");
      if (got > 0)
        received += got;
      else if (got == 0 && result != NULL)
        eof = TRUE;
      else if (got < 0)
        ck_assert_int_eq (errno, EAGAIN);
      if (!g_main_context_iteration (NULL, FALSE) && got <= 0)
        g_usleep (1000);
    }
  close (reader);

  /* A pipe cannot be rewound for the final count, and that is no error. */
  ck_assert_msg (cria_raw_recorder_stop_finish (recorder, result, &error), "%s",
                 error ? error->message : "");
  ck_assert_uint_eq (cria_raw_recorder_get_n_written (recorder), accepted);
  ck_assert_uint_eq (received, SER_HEADER + accepted * (frame_bytes + 8));
}
END_TEST

static Suite *
raw_recorder_suite (void)
{
  Suite *suite = suite_create ("raw-recorder");
  TCase *ser = tcase_create ("ser");
  TCase *fits = tcase_create ("fits");
  TCase *queue = tcase_create ("queue");

  tcase_add_checked_fixture (ser, setup, teardown);
  tcase_add_test (ser, test_ser_bayer);
  tcase_add_test (ser, test_ser_colour_ids);
  tcase_add_test (ser, test_ser_size_change);
  tcase_add_test (ser, test_ser_nothing);
  tcase_add_test (ser, test_missing_folder);
  tcase_add_test (ser, test_ser_disk_full);
  suite_add_tcase (suite, ser);

  tcase_add_checked_fixture (fits, setup, teardown);
  tcase_add_test (fits, test_fits_sequence);
  suite_add_tcase (suite, fits);

  tcase_add_checked_fixture (queue, setup, teardown);
  tcase_add_test (queue, test_drops_when_full);
  suite_add_tcase (suite, queue);
  return suite;
}

int
main (void)
{
  SRunner *runner = srunner_create (raw_recorder_suite ());
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
