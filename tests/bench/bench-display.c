/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-display"

/* How far the live-view pixel path is from the memory-bandwidth floor, on one core:
 * statistics + stretch table, superpixel and bilinear debayer to RGB8, the whole display
 * path, and LibRaw's AHD once for scale. Prints figures and exits 0 whatever they are;
 * exits 1 only when an output is plainly wrong. */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cria-debayer.h"
#include "cria-stretch.h"

#define REPETITIONS 11

/* Sky level of each CFA colour, in ADU, and the noise. */
static const double sky[3] = { 1200.0, 2000.0, 1500.0 };
#define NOISE_SIGMA 40.0
#define N_STARS     3000

typedef struct
{
  guint64 state;
} Rng;

static guint64
rng_next (Rng *rng)
{
  guint64 x = rng->state;

  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  rng->state = x;
  return x;
}

static double
rng_uniform (Rng *rng)
{
  return (rng_next (rng) >> 11) * (1.0 / 9007199254740992.0);
}

/* Sum of four uniforms: close enough to Gaussian for a benchmark, and cheap. */
static double
rng_noise (Rng *rng)
{
  guint64 x = rng_next (rng);
  double s = (double) (x & 0xFFFF) + ((x >> 16) & 0xFFFF) + ((x >> 32) & 0xFFFF) + (x >> 48);

  return (s / 65536.0 - 2.0) * 1.7320508;
}

static CriaFrame *
make_sky (guint            width,
          guint            height,
          CriaBayerPattern pattern)
{
  g_autoptr(GError) error = NULL;
  CriaFrame *frame = cria_frame_new (CRIA_ELEMENT_UINT16, width, height, 1, &error);
  Rng rng = { 0x9E3779B97F4A7C15ull };
  guint x, y, i;

  g_assert_no_error (error);
  for (y = 0; y < height; y++)
    {
      guint16 *row = (guint16 *) (frame->data + y * frame->stride);

      for (x = 0; x < width; x++)
        {
          double v = sky[cria_bayer_pattern_channel_at (pattern, x, y)]
                     + NOISE_SIGMA * rng_noise (&rng);

          row[x] = (guint16) CLAMP (v, 0, 65535);
        }
    }

  /* Stars: Gaussian profiles, a few saturated. */
  for (i = 0; i < N_STARS; i++)
    {
      double cx = 8 + rng_uniform (&rng) * (width - 16);
      double cy = 8 + rng_uniform (&rng) * (height - 16);
      double peak = 200.0 * pow (400.0, rng_uniform (&rng));
      double sigma = 1.2 + rng_uniform (&rng);
      int dx, dy;

      for (dy = -7; dy <= 7; dy++)
        for (dx = -7; dx <= 7; dx++)
          {
            guint px = (guint) cx + dx, py = (guint) cy + dy;
            guint16 *p = (guint16 *) (frame->data + py * frame->stride) + px;
            double r2 = (px - cx) * (px - cx) + (py - cy) * (py - cy);
            double v = *p + peak * exp (-r2 / (2 * sigma * sigma));

            *p = (guint16) MIN (v, 65535.0);
          }
    }
  return frame;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return (da > db) - (da < db);
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

/* Median of one channel of a block of interleaved samples, robust to a star in it. */
static double
block_median (const guint8 *data,
              gsize         stride,
              gboolean      sixteen_bit,
              guint         x0,
              guint         y0,
              guint         channel)
{
  double values[32 * 32];
  guint x, y, n = 0;

  for (y = y0; y < y0 + 32; y++)
    for (x = x0; x < x0 + 32; x++)
      values[n++] = sixteen_bit ? ((const guint16 *) (data + y * stride))[3 * x + channel]
                                : data[y * stride + 3 * x + channel];
  return median (values, n);
}

/* Unlinked auto-stretch puts every channel's sky near 25 % grey, stars lighter. */
static gboolean
rgb_looks_right (const char   *what,
                 const guint8 *rgb,
                 gsize         stride,
                 guint         width,
                 guint         height)
{
  guint64 bright = 0;
  guint c, x, y;

  for (c = 0; c < 3; c++)
    {
      double m = block_median (rgb, stride, FALSE, width / 3, height / 3, c);

      if (m < 40 || m > 90)
        {
          g_printerr ("%s: channel %u of the sky averages %.1f, expected about 64\n", what, c,
                      m);
          return FALSE;
        }
    }
  for (y = 0; y < height; y += 3)
    for (x = 0; x < width; x++)
      bright += rgb[y * stride + 3 * x + 1] > 200;
  if (bright == 0)
    {
      g_printerr ("%s: no star is visible\n", what);
      return FALSE;
    }
  return TRUE;
}

static void
report (const char *what,
        double      ms,
        double      floor_ms,
        double      goal)
{
  double ratio = ms / floor_ms;

  if (goal > 0)
    g_print ("%-42s %8.2f ms  %6.2fx memcpy  (goal <= %.0fx: %s)\n", what, ms, ratio, goal,
             ratio <= goal ? "met" : "missed");
  else
    g_print ("%-42s %8.2f ms  %6.2fx memcpy\n", what, ms, ratio);
}

int
main (int   argc,
      char *argv[])
{
  guint width = argc > 2 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 6000;
  guint height = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 4000;
  const CriaBayerPattern pattern = CRIA_BAYER_RGGB;
  double t_copy[REPETITIONS], t_stats[REPETITIONS], t_super[REPETITIONS];
  double t_bilinear[REPETITIONS], t_display[REPETITIONS];
  double m_copy, m_stats, m_super, m_bilinear, m_display;
  g_autoptr(CriaFrame) frame = NULL;
  g_autoptr(CriaFrame) ahd = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree CriaStretchLut *lut = g_new (CriaStretchLut, 1);
  g_autofree guint8 *copy = NULL, *half = NULL, *full = NULL;
  CriaStretchParams params;
  gsize n_bytes, half_stride, full_stride;
  gboolean ok = TRUE;
  double t0;
  guint i, c;

  if (width < 64 || height < 64)
    {
      g_printerr ("usage: %s [WIDTH HEIGHT] (at least 64 x 64)\n", argv[0]);
      return 2;
    }

  frame = make_sky (width, height, pattern);
  n_bytes = cria_frame_get_n_bytes (frame);
  half_stride = (gsize) (width / 2) * CRIA_RGB8_BYTES_PER_PIXEL;
  full_stride = (gsize) width * CRIA_RGB8_BYTES_PER_PIXEL;
  /* Pre-faulted, as the pooled buffers of the live path are. */
  copy = g_malloc (n_bytes);
  half = g_malloc (half_stride * (height / 2));
  full = g_malloc (full_stride * height);
  memset (copy, 1, n_bytes);
  memset (half, 1, half_stride * (height / 2));
  memset (full, 1, full_stride * height);

  /* Interleaved, so that a noisy neighbour slows all of them alike. */
  for (i = 0; i < REPETITIONS; i++)
    {
      t0 = now_ms ();
      memcpy (copy, frame->data, n_bytes);
      t_copy[i] = now_ms () - t0;

      t0 = now_ms ();
      cria_stretch_compute_auto (frame, pattern, FALSE, &params);
      cria_stretch_build_lut (&params, lut);
      t_stats[i] = now_ms () - t0;

      t0 = now_ms ();
      ok &= cria_debayer_superpixel_rgb8 (frame, pattern, lut, half, half_stride, &error);
      t_super[i] = now_ms () - t0;

      t0 = now_ms ();
      ok &= cria_debayer_bilinear_rgb8 (frame, pattern, lut, full, full_stride, &error);
      t_bilinear[i] = now_ms () - t0;

      t0 = now_ms ();
      cria_stretch_compute_auto (frame, pattern, FALSE, &params);
      cria_stretch_build_lut (&params, lut);
      ok &= cria_debayer_superpixel_rgb8 (frame, pattern, lut, half, half_stride, &error);
      t_display[i] = now_ms () - t0;

      if (!ok)
        {
          g_printerr ("debayer failed: %s\n", error ? error->message : "?");
          return 1;
        }
    }

  m_copy = median (t_copy, REPETITIONS);
  m_stats = median (t_stats, REPETITIONS);
  m_super = median (t_super, REPETITIONS);
  m_bilinear = median (t_bilinear, REPETITIONS);
  m_display = median (t_display, REPETITIONS);

  g_print ("%u x %u 16-bit RGGB frame (%.1f MB), one thread, median of %d runs\n", width,
           height, n_bytes / 1.0e6, REPETITIONS);
  report ("memcpy (the floor)", m_copy, m_copy, 0);
  report ("statistics + stretch table", m_stats, m_copy, 2);
  report ("superpixel -> RGB8 (half size)", m_super, m_copy, 4);
  report ("bilinear -> RGB8 (full size)", m_bilinear, m_copy, 8);
  report ("display path (stats + table + superpixel)", m_display, m_copy, 8);

  for (c = 0; c < 3; c++)
    {
      double expected_median = sky[c] / 65535.0;

      if (fabs (params.black[c] - (expected_median - 2.8 * 0.6745 * NOISE_SIGMA / 65535.0))
          > 0.2 * expected_median || params.midtone[c] <= 0 || params.midtone[c] >= 0.1)
        {
          g_printerr ("auto-stretch of channel %u is off: black %g midtone %g\n", c,
                      params.black[c], params.midtone[c]);
          ok = FALSE;
        }
    }
  ok = ok && rgb_looks_right ("superpixel", half, half_stride, width / 2, height / 2);
  ok = ok && rgb_looks_right ("bilinear", full, full_stride, width, height);

  t0 = now_ms ();
  ahd = cria_debayer_quality (frame, pattern, CRIA_DEMOSAIC_AHD, NULL, &error);
  if (ahd == NULL)
    {
      g_printerr ("AHD failed: %s\n", error->message);
      return 1;
    }
  report ("LibRaw AHD -> RGB16 (once, informative)", now_ms () - t0, m_copy, 0);
  for (c = 0; c < 3; c++)
    {
      double v = block_median (ahd->data, ahd->stride, TRUE, width / 3, height / 3, c);

      if (fabs (v - sky[c]) > NOISE_SIGMA)
        {
          g_printerr ("AHD: channel %u of the sky is %.0f, expected about %.0f\n", c, v, sky[c]);
          ok = FALSE;
        }
    }

  return ok ? 0 : 1;
}
