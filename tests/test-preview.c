/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-preview"

#include <check.h>
#include <string.h>

#include "cria-imaging-gst.h"
#include "cria-paintable.h"
#include "cria-preview.h"

static guint frames_freed;

static void
count_free (gpointer data)
{
  g_free (data);
  g_atomic_int_inc (&frames_freed);
}

/* A frame whose every sample is value; the pattern goes into its capture metadata. */
static CriaFrame *
uniform_frame (guint            width,
               guint            height,
               guint16          value,
               CriaBayerPattern pattern)
{
  guint16 *data = g_new (guint16, (gsize) width * height);
  CriaFrame *frame;
  gsize i;

  for (i = 0; i < (gsize) width * height; i++)
    data[i] = value;
  frame = cria_frame_new_for_data (CRIA_ELEMENT_UINT16, width, height, 1, data,
                                   (gsize) width * 2, count_free, data);
  if (pattern != CRIA_BAYER_NONE)
    {
      guint phase = pattern - CRIA_BAYER_RGGB;

      frame->info.fields = CRIA_FRAME_INFO_SENSOR;
      frame->info.sensor_type = CRIA_SENSOR_RGGB;
      /* The offset of the red pixel moves the phase of pixel (0, 0). */
      frame->info.bayer_offset_x = phase & 1;
      frame->info.bayer_offset_y = phase >> 1;
    }
  return frame;
}

typedef gboolean (*Condition) (gpointer data);

/* Runs the main context until condition holds, for at most ten seconds. */
static gboolean
wait_for (Condition condition,
          gpointer  data)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

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
  int          width;
  int          height;
  int          grey;   /* -1: any */
} Expected;

static int
texture_grey (GdkTexture *texture)
{
  gsize stride = 4 * (gsize) gdk_texture_get_width (texture);
  g_autofree guint8 *pixels = g_malloc (stride * gdk_texture_get_height (texture));

  /* The top-left pixel is enough: the frames are uniform. */
  gdk_texture_download (texture, pixels, stride);
  return pixels[1];
}

static gboolean
shows (gpointer data)
{
  Expected *e = data;
  CriaPaintable *paintable = CRIA_PAINTABLE (cria_preview_get_paintable (e->preview));
  GdkTexture *texture = cria_paintable_get_texture (paintable);

  return texture != NULL && gdk_texture_get_width (texture) == e->width
         && gdk_texture_get_height (texture) == e->height
         && (e->grey < 0 || texture_grey (texture) == e->grey);
}

static void
setup (void)
{
  cria_imaging_gst_init ();
  frames_freed = 0;
}

START_TEST (test_preview_mono)
{
  g_autoptr(CriaPreview) preview = cria_preview_new ();
  g_autoptr(CriaFrame) frame = uniform_frame (64, 48, 30000, CRIA_BAYER_NONE);
  Expected e = { preview, 64, 48, -1 };
  CriaPreviewTimings timings;

  ck_assert (cria_preview_push_frame (preview, frame));
  ck_assert (wait_for (shows, &e));
  cria_preview_get_timings (preview, &timings);
  ck_assert_uint_eq (timings.frames_pushed, 1);
  ck_assert_uint_eq (timings.frames_rendered, 1);
  ck_assert_uint_eq (timings.frames_shown, 1);
  ck_assert_uint_gt (timings.buffers_allocated, 0);
  ck_assert_double_ge (timings.render_ms, 0.0);
}
END_TEST

static gboolean
has_report (gpointer data)
{
  guint *n_notify = data;

  return *n_notify > 0;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *n_notify)
{
  (*n_notify)++;
}

/* A colour frame: superpixel when fitted, full size once the view zooms to 1:1; the
 * report reaches the main thread. */
START_TEST (test_preview_rggb)
{
  g_autoptr(CriaPreview) preview = cria_preview_new ();
  g_autoptr(CriaFrame) frame = uniform_frame (64, 48, 30000, CRIA_BAYER_GRBG);
  g_autoptr(CriaStretchReport) report = NULL;
  Expected e = { preview, 32, 24, -1 };
  guint n_notify = 0;

  g_signal_connect (preview, "notify::report", G_CALLBACK (count_notify), &n_notify);
  ck_assert (cria_preview_push_frame (preview, frame));
  ck_assert (wait_for (shows, &e));
  ck_assert (wait_for (has_report, &n_notify));
  report = cria_preview_dup_report (preview);
  ck_assert (report != NULL);
  ck_assert_uint_eq (report->stats.n_channels, 3);
  ck_assert (report->histogram != NULL);

  cria_preview_set_display_scale (preview, 1.0);
  ck_assert (cria_preview_push_frame (preview, frame));
  e.width = 64;
  e.height = 48;
  ck_assert (wait_for (shows, &e));
}
END_TEST

/* Frames of a new size renegotiate the whole pipeline. */
START_TEST (test_preview_renegotiates)
{
  g_autoptr(CriaPreview) preview = cria_preview_new ();
  Expected e = { preview, 40, 30, -1 };
  CriaFrame *frame;

  frame = uniform_frame (80, 60, 1000, CRIA_BAYER_RGGB);
  ck_assert (cria_preview_push_frame (preview, frame));
  cria_frame_unref (frame);
  ck_assert (wait_for (shows, &e));

  frame = uniform_frame (101, 77, 1000, CRIA_BAYER_RGGB);
  ck_assert (cria_preview_push_frame (preview, frame));
  cria_frame_unref (frame);
  e.width = 50;
  e.height = 38;
  ck_assert (wait_for (shows, &e));

  frame = uniform_frame (33, 20, 1000, CRIA_BAYER_NONE);
  ck_assert (cria_preview_push_frame (preview, frame));
  cria_frame_unref (frame);
  e.width = 33;
  e.height = 20;
  ck_assert (wait_for (shows, &e));
}
END_TEST

static gboolean
all_freed (gpointer data)
{
  return (guint) g_atomic_int_get (&frames_freed) == GPOINTER_TO_UINT (data);
}

/* A burst of frames from another thread: frames drop instead of queueing, the last
 * one pushed is what ends up shown, and every frame's memory is released. */
static gpointer
push_burst (gpointer data)
{
  CriaPreview *preview = data;
  guint i;

  for (i = 1; i <= 30; i++)
    {
      g_autoptr(CriaFrame) frame = uniform_frame (1200, 800, (guint16) (i * 2000), CRIA_BAYER_NONE);

      ck_assert (cria_preview_push_frame (preview, frame));
    }
  return NULL;
}

START_TEST (test_preview_latest_wins)
{
  CriaPreview *preview = cria_preview_new ();
  Expected e = { preview, 1200, 800, 0 };
  CriaPreviewTimings timings;
  GThread *thread;

  /* Linear manual stretch: the grey level tells the frames apart. */
  cria_preview_set_stretch_mode (preview, CRIA_STRETCH_MODE_MANUAL);
  cria_preview_set_manual_stretch (preview, 0.0, 0.5, 1.0);
  thread = g_thread_new ("burst", push_burst, preview);
  g_thread_join (thread);

  e.grey = (30 * 2000 * 255 + 65535 / 2) / 65535;
  ck_assert (wait_for (shows, &e));
  cria_preview_get_timings (preview, &timings);
  ck_assert_uint_eq (timings.frames_pushed, 30);
  ck_assert_uint_le (timings.frames_rendered, 30);
  ck_assert_uint_le (timings.frames_shown, timings.frames_rendered);
  ck_assert_uint_le (timings.buffers_allocated, 6);
  g_debug ("burst: %" G_GUINT64_FORMAT " rendered, %" G_GUINT64_FORMAT " dropped, %"
           G_GUINT64_FORMAT " shown", timings.frames_rendered, timings.frames_dropped,
           timings.frames_shown);

  g_object_unref (preview);
  ck_assert (wait_for (all_freed, GUINT_TO_POINTER (30)));
}
END_TEST

/* Frames the kernels cannot show are refused up front. */
START_TEST (test_preview_refuses)
{
  g_autoptr(CriaPreview) preview = cria_preview_new ();
  g_autoptr(CriaFrame) two_planes = cria_frame_new (CRIA_ELEMENT_UINT16, 8, 8, 2, NULL);
  g_autoptr(CriaFrame) tiny = uniform_frame (1, 1, 0, CRIA_BAYER_RGGB);

  ck_assert (!cria_preview_push_frame (preview, two_planes));
  ck_assert (!cria_preview_push_frame (preview, tiny));
}
END_TEST

/* Properties reach the elements and notify once per change. */
START_TEST (test_preview_properties)
{
  g_autoptr(CriaPreview) preview = cria_preview_new ();
  guint n_notify = 0;
  double black, midtone, white;

  g_signal_connect (preview, "notify", G_CALLBACK (count_notify), &n_notify);
  cria_preview_set_linked (preview, TRUE);
  cria_preview_set_linked (preview, TRUE);
  ck_assert_uint_eq (n_notify, 1);
  cria_preview_set_manual_stretch (preview, 0.1, 0.2, 0.9);
  ck_assert_uint_eq (n_notify, 4);
  cria_preview_set_manual_stretch (preview, 0.1, 0.2, 0.9);
  ck_assert_uint_eq (n_notify, 4);
  cria_preview_get_manual_stretch (preview, &black, &midtone, &white);
  ck_assert_double_eq (black, 0.1);
  ck_assert_double_eq (midtone, 0.2);
  ck_assert_double_eq (white, 0.9);
  cria_preview_set_debayer_mode (preview, CRIA_DEBAYER_MODE_BILINEAR);
  ck_assert_int_eq (cria_preview_get_debayer_mode (preview), CRIA_DEBAYER_MODE_BILINEAR);
  ck_assert_uint_eq (n_notify, 5);
}
END_TEST

int
main (int   argc,
      char *argv[])
{
  Suite *suite = suite_create ("preview");
  TCase *tc = tcase_create ("preview");
  SRunner *runner;
  int failed;

  tcase_add_checked_fixture (tc, setup, NULL);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_preview_mono);
  tcase_add_test (tc, test_preview_rggb);
  tcase_add_test (tc, test_preview_renegotiates);
  tcase_add_test (tc, test_preview_latest_wins);
  tcase_add_test (tc, test_preview_refuses);
  tcase_add_test (tc, test_preview_properties);
  suite_add_tcase (suite, tc);

  runner = srunner_create (suite);
  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
