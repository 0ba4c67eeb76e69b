/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-recorder"

#include <check.h>
#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <string.h>
#include <sys/stat.h>

#include "cria-imaging-gst.h"
#include "cria-recorder.h"

#define N_FRAMES 30
/* 2024-05-01T21:14:03.250 UTC, in µs. */
#define FIRST_CAPTURE G_GINT64_CONSTANT (1714598043250000)

static char *tmp_dir;

static void
setup (void)
{
  g_autoptr(GError) error = NULL;

  cria_imaging_gst_init ();
  tmp_dir = g_dir_make_tmp ("cria-recorder-XXXXXX", &error);
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

/* Irregular gaps between exposures, in ms from the first: a variable frame rate. */
static gint64
capture_offset_ms (guint i)
{
  return i * 100 + (i % 3) * 37;
}

/* A dark frame with a bright square that moves, so that every frame differs. */
static CriaFrame *
moving_frame (guint width,
              guint height,
              guint i)
{
  CriaFrame *frame = cria_frame_new (CRIA_ELEMENT_UINT16, width, height, 1, NULL);
  guint x, y;

  ck_assert (frame != NULL);
  frame->image_element_type = CRIA_ELEMENT_UINT16;
  for (y = 0; y < height; y++)
    for (x = 0; x < width; x++)
      {
        gboolean lit = x >= i && x < i + 8 && y >= i / 2 && y < i / 2 + 8;
        guint16 *row = (guint16 *) (frame->data + y * frame->stride);

        row[x] = lit ? 60000 : 1000 + (x * 37 + y * 11) % 500;
      }
  frame->info.fields = CRIA_FRAME_INFO_EXPOSURE | CRIA_FRAME_INFO_START_TIME;
  frame->info.exposure = 0.05;
  frame->info.start_time = FIRST_CAPTURE + capture_offset_ms (i) * 1000;
  return frame;
}

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_for (Condition condition,
          gpointer  data)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return TRUE;
}

typedef struct
{
  CriaPreview *preview;
  guint64      rendered;
} Rendered;

static gboolean
has_rendered (gpointer data)
{
  Rendered *r = data;
  CriaPreviewTimings timings;

  cria_preview_get_timings (r->preview, &timings);
  return timings.frames_rendered >= r->rendered;
}

static gboolean
has_n_frames (gpointer data)
{
  return cria_recorder_get_n_frames (data) >= N_FRAMES;
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Pushes frame i and waits until the view has rendered it. */
static void
show_frame (CriaPreview *preview,
            guint        width,
            guint        height,
            guint        i,
            guint64      n_rendered)
{
  g_autoptr(CriaFrame) frame = moving_frame (width, height, i);
  Rendered r = { preview, n_rendered };

  ck_assert (cria_preview_push_frame (preview, frame));
  ck_assert_msg (wait_for (has_rendered, &r), "frame %u never reached the view", i);
}

/* The timestamps of the frames in the file, in ms, through GStreamer's own demuxer. */
static GArray *
demux_times (const char      *path,
             CriaVideoFormat  format)
{
  const char *demuxer = format == CRIA_VIDEO_FORMAT_WEBM ? "matroskademux" : "qtdemux";
  g_autofree char *description =
    g_strdup_printf ("filesrc name=src ! %s ! appsink name=sink sync=false", demuxer);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstElement) sink = NULL;
  GArray *times = g_array_new (FALSE, FALSE, sizeof (gint64));

  ck_assert_msg (pipeline != NULL, "%s", error ? error->message : "");
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (src, "location", path, NULL);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  for (;;)
    {
      g_autoptr(GstSample) sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink),
                                                                  10 * GST_SECOND);
      GstBuffer *buffer;
      gint64 ms;

      if (sample == NULL)
        break;
      buffer = gst_sample_get_buffer (sample);
      ck_assert (GST_BUFFER_PTS_IS_VALID (buffer));
      ms = (gint64) ((GST_BUFFER_PTS (buffer) + GST_MSECOND / 2) / GST_MSECOND);
      g_array_append_val (times, ms);
    }
  ck_assert (gst_app_sink_is_eos (GST_APP_SINK (sink)));
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return times;
}

static void
check_header (const char      *path,
              CriaVideoFormat  format)
{
  g_autofree guint8 *data = NULL;
  gsize len = 0;

  ck_assert (g_file_get_contents (path, (char **) &data, &len, NULL));
  ck_assert_uint_gt (len, 1000);
  if (format == CRIA_VIDEO_FORMAT_WEBM)
    ck_assert (memcmp (data, "\x1a\x45\xdf\xa3", 4) == 0);
  else
    ck_assert (memcmp (data + 4, "ftyp", 4) == 0);
}

static void
record (CriaVideoFormat format,
        guint           width,
        guint           height)
{
  g_autoptr(CriaPreview) preview = cria_preview_new ();
  g_autofree char *path = g_build_filename (tmp_dir, "recording.video", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CriaRecorder) recorder = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GArray) times = NULL;
  g_autoptr(GError) error = NULL;
  CriaPreviewTimings before, during, after;
  guint64 n_encoded;
  guint i, j;
  gint64 slack;

  /* The view runs before the recording starts and after it ends. */
  show_frame (preview, width, height, 0, 1);
  cria_preview_get_timings (preview, &before);

  recorder = cria_recorder_start (preview, file, format, &error);
  ck_assert_msg (recorder != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (cria_recorder_get_format (recorder), cria_video_format_resolve (format));
  ck_assert (cria_recorder_is_recording (recorder));

  for (i = 0; i < N_FRAMES; i++)
    show_frame (preview, width, height, i, before.frames_rendered + i + 1);
  cria_preview_get_timings (preview, &during);
  ck_assert_uint_eq (during.frames_rendered, before.frames_rendered + N_FRAMES);
  ck_assert_uint_eq (during.frames_dropped, 0);
  ck_assert_uint_gt (during.frames_shown, before.frames_shown);

  /* The view renders a frame before the tee hands it to the recorder. */
  ck_assert (wait_for (has_n_frames, recorder));
  cria_recorder_stop_async (recorder, NULL, store_result, &result);
  ck_assert (wait_for (has_result, &result));
  ck_assert_msg (cria_recorder_stop_finish (recorder, result, &error), "%s",
                 error ? error->message : "");
  ck_assert (!cria_recorder_is_recording (recorder));
  ck_assert_uint_eq (cria_recorder_get_n_frames (recorder), N_FRAMES);
  n_encoded = N_FRAMES - cria_recorder_get_n_dropped (recorder);
  ck_assert_uint_ge (n_encoded, 8);

  check_header (path, cria_recorder_get_format (recorder));

  /* Frame times are capture times from the first frame's, not when frames arrived.
   * WebM keeps them to the millisecond. Now and then x264 and mp4mux shift an MP4's
   * times by a few tens of milliseconds (seen: +26 ms) although the recorder hands them
   * exact capture times, so MP4 gets that slack; arrival times would be far off still. */
  slack = cria_recorder_get_format (recorder) == CRIA_VIDEO_FORMAT_MP4 ? 40 : 1;
  times = demux_times (path, cria_recorder_get_format (recorder));
  ck_assert_uint_eq (times->len, n_encoded);
  for (i = 0, j = 0; i < times->len; i++)
    {
      gint64 t = g_array_index (times, gint64, i);

      while (j < N_FRAMES && capture_offset_ms (j) < t - slack)
        j++;
      ck_assert_msg (j < N_FRAMES && capture_offset_ms (j) <= t + slack,
                     "frame %u at %" G_GINT64_FORMAT " ms is no capture time", i, t);
    }
  /* Under load the encoder may drop the first frame too; then the file starts later. */
  if (cria_recorder_get_n_dropped (recorder) == 0)
    ck_assert_int_le (ABS (g_array_index (times, gint64, 0)), slack);

  /* Still live after the recording. */
  show_frame (preview, width, height, 3, during.frames_rendered + 1);
  cria_preview_get_timings (preview, &after);
  ck_assert_uint_eq (after.frames_rendered, during.frames_rendered + 1);
}

START_TEST (test_record_auto)
{
  /* WebM is preferred, and its elements come with gst-plugins-good. */
  ck_assert_int_eq (cria_video_format_resolve (CRIA_VIDEO_FORMAT_AUTO), CRIA_VIDEO_FORMAT_WEBM);
  record (CRIA_VIDEO_FORMAT_AUTO, 64, 48);
}
END_TEST

/* MP4 with odd sides, which H.264 cannot take as they are; or a clear refusal where
 * x264 is not installed. */
START_TEST (test_record_mp4)
{
  g_autoptr(CriaPreview) preview = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(CriaRecorder) recorder = NULL;
  g_autoptr(GError) error = NULL;

  if (cria_video_format_resolve (CRIA_VIDEO_FORMAT_MP4) == CRIA_VIDEO_FORMAT_MP4)
    {
      record (CRIA_VIDEO_FORMAT_MP4, 65, 47);
      return;
    }
  preview = cria_preview_new ();
  path = g_build_filename (tmp_dir, "recording.mp4", NULL);
  file = g_file_new_for_path (path);
  recorder = cria_recorder_start (preview, file, CRIA_VIDEO_FORMAT_MP4, &error);
  ck_assert (recorder == NULL);
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED));
  ck_assert (strstr (error->message, "x264enc") != NULL);
  ck_assert (!g_file_test (path, G_FILE_TEST_EXISTS));
}
END_TEST

START_TEST (test_record_missing_dir)
{
  g_autoptr(CriaPreview) preview = cria_preview_new ();
  g_autofree char *path = g_build_filename (tmp_dir, "missing", "recording.webm", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CriaRecorder) recorder = NULL;
  g_autoptr(GError) error = NULL;
  CriaPreviewTimings timings;

  recorder = cria_recorder_start (preview, file, CRIA_VIDEO_FORMAT_AUTO, &error);
  ck_assert (recorder == NULL);
  ck_assert_msg (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND), "%s", error->message);
  ck_assert_msg (strstr (error->message, path) != NULL, "%s", error->message);

  /* The view never noticed. */
  show_frame (preview, 32, 24, 1, 1);
  cria_preview_get_timings (preview, &timings);
  ck_assert_uint_eq (timings.frames_rendered, 1);
}
END_TEST

/* Stopped before any frame came: an error, and no empty file. */
START_TEST (test_record_nothing)
{
  g_autoptr(CriaPreview) preview = cria_preview_new ();
  g_autofree char *path = g_build_filename (tmp_dir, "empty.webm", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CriaRecorder) recorder = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  recorder = cria_recorder_start (preview, file, CRIA_VIDEO_FORMAT_AUTO, &error);
  ck_assert_msg (recorder != NULL, "%s", error ? error->message : "");
  ck_assert (g_file_test (path, G_FILE_TEST_EXISTS));
  cria_recorder_stop_async (recorder, NULL, store_result, &result);
  ck_assert (wait_for (has_result, &result));
  ck_assert (!cria_recorder_stop_finish (recorder, result, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_FAILED));
  ck_assert (strstr (error->message, path) != NULL);
  ck_assert (!g_file_test (path, G_FILE_TEST_EXISTS));
}
END_TEST

/* A recorder dropped while recording detaches; the view goes on. */
START_TEST (test_record_dropped)
{
  g_autoptr(CriaPreview) preview = cria_preview_new ();
  g_autofree char *path = g_build_filename (tmp_dir, "dropped.webm", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  CriaRecorder *recorder;
  g_autoptr(GError) error = NULL;
  guint i;

  recorder = cria_recorder_start (preview, file, CRIA_VIDEO_FORMAT_AUTO, &error);
  ck_assert_msg (recorder != NULL, "%s", error ? error->message : "");
  for (i = 0; i < 5; i++)
    show_frame (preview, 32, 24, i, i + 1);
  g_object_unref (recorder);
  for (i = 5; i < 10; i++)
    show_frame (preview, 32, 24, i, i + 1);
}
END_TEST

static void
store_error (CriaRecorder  *recorder,
             const GError  *error,
             GError       **out)
{
  ck_assert (*out == NULL);
  *out = g_error_copy (error);
}

static gboolean
has_error (gpointer data)
{
  return *(GError **) data != NULL;
}

/* A disk that fills up mid-recording: the recording fails on its own and says so, the
 * view goes on, and the device is left alone. */
START_TEST (test_record_disk_full)
{
  g_autoptr(CriaPreview) preview = cria_preview_new ();
  g_autoptr(GFile) file = g_file_new_for_path ("/dev/full");
  g_autoptr(CriaRecorder) recorder = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) failure = NULL;
  g_autoptr(GError) error = NULL;
  CriaPreviewTimings timings;
  GStatBuf st;
  guint i;

  recorder = cria_recorder_start (preview, file, CRIA_VIDEO_FORMAT_AUTO, &error);
  ck_assert_msg (recorder != NULL, "%s", error ? error->message : "");
  g_signal_connect (recorder, "error", G_CALLBACK (store_error), &failure);
  for (i = 0; i < 3; i++)
    show_frame (preview, 32, 24, i, i + 1);
  ck_assert (wait_for (has_error, &failure));
  ck_assert_msg (g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_NO_SPACE), "%s",
                 failure->message);
  ck_assert_msg (strstr (failure->message, "/dev/full") != NULL, "%s", failure->message);
  ck_assert (!cria_recorder_is_recording (recorder));

  for (i = 3; i < 6; i++)
    show_frame (preview, 32, 24, i, i + 1);
  cria_preview_get_timings (preview, &timings);
  ck_assert_uint_eq (timings.frames_rendered, 6);

  cria_recorder_stop_async (recorder, NULL, store_result, &result);
  ck_assert (wait_for (has_result, &result));
  ck_assert (!cria_recorder_stop_finish (recorder, result, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE));
  ck_assert_int_eq (g_stat ("/dev/full", &st), 0);
  ck_assert (S_ISCHR (st.st_mode));
}
END_TEST

static Suite *
recorder_suite (void)
{
  Suite *suite = suite_create ("recorder");
  TCase *video = tcase_create ("video");

  tcase_add_checked_fixture (video, setup, teardown);
  tcase_set_timeout (video, 120);
  tcase_add_test (video, test_record_auto);
  tcase_add_test (video, test_record_mp4);
  tcase_add_test (video, test_record_missing_dir);
  tcase_add_test (video, test_record_nothing);
  tcase_add_test (video, test_record_dropped);
  tcase_add_test (video, test_record_disk_full);
  suite_add_tcase (suite, video);
  return suite;
}

int
main (void)
{
  SRunner *runner = srunner_create (recorder_suite ());
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
