/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-preview"

/* Per-frame time through CriaPreview (appsrc → criadebayer → criastretch → tee →
 * criapaintablesink → texture shown on the main thread), against a memcpy of the frame's
 * bytes. Prints figures and exits 0 whatever they are; exits 1 only when the picture has
 * the wrong size. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cria-imaging-gst.h"
#include "cria-paintable.h"
#include "cria-preview.h"

#define REPETITIONS 11
#define WARM_UP     2

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return values[n / 2];
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* A sky with a little noise, RGGB from the camera's metadata. */
static CriaFrame *
make_frame (guint width,
            guint height)
{
  g_autoptr(GError) error = NULL;
  CriaFrame *frame = cria_frame_new (CRIA_ELEMENT_UINT16, width, height, 1, &error);
  guint32 state = 12345;
  gsize i, n = (gsize) width * height;
  guint16 *data;

  g_assert_no_error (error);
  data = (guint16 *) frame->data;
  for (i = 0; i < n; i++)
    {
      state = state * 1664525u + 1013904223u;
      data[i] = (guint16) (1500 + (i & 1) * 400 + (state >> 26));
    }
  frame->info.fields = CRIA_FRAME_INFO_SENSOR;
  frame->info.sensor_type = CRIA_SENSOR_RGGB;
  return frame;
}

static double
memcpy_ms (const CriaFrame *frame)
{
  gsize size = cria_frame_get_n_bytes (frame);
  g_autofree guint8 *copy = g_malloc (size);
  double times[REPETITIONS];
  guint r;

  memset (copy, 1, size);
  for (r = 0; r < REPETITIONS; r++)
    {
      double start = now_ms ();

      memcpy (copy, frame->data, size);
      times[r] = now_ms () - start;
    }
  return median (times, REPETITIONS);
}

static gboolean
run (const char      *label,
     guint            width,
     guint            height,
     CriaDebayerMode  mode,
     int              out_width,
     int              out_height)
{
  g_autoptr(CriaFrame) frame = make_frame (width, height);
  g_autoptr(CriaPreview) preview = cria_preview_new ();
  CriaPaintable *paintable = CRIA_PAINTABLE (cria_preview_get_paintable (preview));
  double total[REPETITIONS], work[REPETITIONS], render[REPETITIONS], stats[REPETITIONS];
  double handoff[REPETITIONS], floor_ms = memcpy_ms (frame);
  CriaPreviewTimings t;
  GdkTexture *texture;
  guint r;

  cria_preview_set_debayer_mode (preview, mode);
  for (r = 0; r < WARM_UP + REPETITIONS; r++)
    {
      CriaPaintableStats before, after;
      double start;

      cria_paintable_get_stats (paintable, &before);
      start = now_ms ();
      if (!cria_preview_push_frame (preview, frame))
        return FALSE;
      do
        {
          g_main_context_iteration (NULL, TRUE);
          cria_paintable_get_stats (paintable, &after);
        }
      while (after.n_shown == before.n_shown);

      if (r < WARM_UP)
        continue;
      cria_preview_get_timings (preview, &t);
      total[r - WARM_UP] = now_ms () - start;
      work[r - WARM_UP] = t.debayer_ms + t.stats_ms + t.lut_ms + t.render_ms + t.sink_ms;
      render[r - WARM_UP] = t.render_ms;
      stats[r - WARM_UP] = t.stats_ms;
      handoff[r - WARM_UP] = t.handoff_ms;
    }

  texture = cria_paintable_get_texture (paintable);
  if (gdk_texture_get_width (texture) != out_width
      || gdk_texture_get_height (texture) != out_height)
    {
      fprintf (stderr, "%s: picture is %d × %d, expected %d × %d\n", label,
               gdk_texture_get_width (texture), gdk_texture_get_height (texture),
               out_width, out_height);
      return FALSE;
    }

  cria_preview_get_timings (preview, &t);
  printf ("%s, %u × %u UInt16 (%.1f MB), memcpy %.2f ms\n", label, width, height,
          cria_frame_get_n_bytes (frame) / 1e6, floor_ms);
  printf ("  push → shown     %7.2f ms  %5.2f× memcpy\n",
          median (total, REPETITIONS), median (total, REPETITIONS) / floor_ms);
  printf ("  streaming work   %7.2f ms  %5.2f× memcpy\n",
          median (work, REPETITIONS), median (work, REPETITIONS) / floor_ms);
  printf ("    statistics     %7.2f ms  %5.2f× memcpy\n",
          median (stats, REPETITIONS), median (stats, REPETITIONS) / floor_ms);
  printf ("    debayer+LUT    %7.2f ms  %5.2f× memcpy\n",
          median (render, REPETITIONS), median (render, REPETITIONS) / floor_ms);
  printf ("    hand-off       %7.2f ms\n", median (handoff, REPETITIONS));
  printf ("  %" G_GUINT64_FORMAT " frames, %" G_GUINT64_FORMAT " table builds, %"
          G_GUINT64_FORMAT " display buffers allocated\n",
          t.frames_rendered, t.lut_builds, t.buffers_allocated);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  gboolean ok = TRUE;

  cria_imaging_gst_init ();
  ok &= run ("superpixel (fit to window)", 6000, 4000, CRIA_DEBAYER_MODE_SUPERPIXEL,
             3000, 2000);
  ok &= run ("bilinear (1:1)", 3000, 2000, CRIA_DEBAYER_MODE_BILINEAR, 3000, 2000);
  return ok ? 0 : 1;
}
