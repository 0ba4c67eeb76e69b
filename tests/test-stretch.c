/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-stretch"

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cria-histogram.h"
#include "cria-stretch.h"

#define LEVEL(v) ((v) / 65535.0)

static const CriaBayerPattern patterns[] = {
  CRIA_BAYER_RGGB, CRIA_BAYER_GRBG, CRIA_BAYER_GBRG, CRIA_BAYER_BGGR,
};

static guint32
hash (guint32 a,
      guint32 b)
{
  guint32 h = a * 73856093u ^ b * 19349663u;

  h ^= h >> 13;
  h *= 0x5bd1e995u;
  h ^= h >> 15;
  return h;
}

static CriaFrame *
new_u16 (guint w,
         guint h)
{
  CriaFrame *frame = cria_frame_new (CRIA_ELEMENT_UINT16, w, h, 1, NULL);

  ck_assert (frame != NULL);
  return frame;
}

static void
put (CriaFrame *frame,
     guint      x,
     guint      y,
     guint16    v)
{
  ((guint16 *) (frame->data + y * frame->stride))[x] = v;
}

static int
compare_u16 (const void *a,
             const void *b)
{
  return (int) *(const guint16 *) a - (int) *(const guint16 *) b;
}

START_TEST (test_mtf)
{
  static const double ms[] = { 0.001, 0.05, 0.25, 0.5, 0.75, 0.999 };
  guint i, k;

  for (i = 0; i < G_N_ELEMENTS (ms); i++)
    {
      double m = ms[i], previous = -1;

      ck_assert_double_eq (cria_stretch_mtf (0.0, m), 0.0);
      ck_assert_double_eq (cria_stretch_mtf (1.0, m), 1.0);
      ck_assert_double_eq_tol (cria_stretch_mtf (m, m), 0.5, 1e-12);
      ck_assert_double_eq (cria_stretch_mtf (-0.5, m), 0.0);
      ck_assert_double_eq (cria_stretch_mtf (1.5, m), 1.0);
      for (k = 0; k <= 1000; k++)
        {
          double x = k / 1000.0, y = cria_stretch_mtf (x, m);

          ck_assert (y > previous || (k > 0 && y == previous && y == 1.0));
          /* MTF(·; 1 − m) undoes MTF(·; m). */
          ck_assert_double_eq_tol (cria_stretch_mtf (y, 1.0 - m), x, 1e-9);
          previous = y;
        }
    }
  ck_assert_double_eq_tol (cria_stretch_mtf (0.3, 0.5), 0.3, 1e-15);
  /* A small midtone brightens: the sky at 0.002 with m = 0.01 is well above it. */
  ck_assert (cria_stretch_mtf (0.002, 0.01) > 0.15);
}
END_TEST

/* 49 × 900, 1 × 1000, 49 × 1100: median 1000, deviations 49 × 100 and a 0, MAD 100. */
static CriaFrame *
constructed_frame (guint16 low,
                   guint16 mid,
                   guint16 high)
{
  CriaFrame *frame = new_u16 (11, 9);
  guint i;

  for (i = 0; i < 99; i++)
    {
      /* Scattered, so that no row or column decides the answer. */
      guint j = (i * 37) % 99;

      put (frame, j % 11, j / 11, i < 49 ? low : i == 49 ? mid : high);
    }
  return frame;
}

START_TEST (test_stats_exact)
{
  g_autoptr(CriaFrame) frame = constructed_frame (500, 1000, 3000);
  CriaStretchStats stats;

  cria_stretch_compute_stats (frame, CRIA_BAYER_NONE, &stats, NULL);
  ck_assert_uint_eq (stats.n_channels, 1);
  ck_assert_uint_eq (stats.n_samples[0], 99);
  ck_assert_double_eq (stats.median[0], LEVEL (1000));
  ck_assert_double_eq (stats.mad[0], LEVEL (500));
  ck_assert_double_eq (stats.minimum[0], LEVEL (500));
  ck_assert_double_eq (stats.maximum[0], LEVEL (3000));
}
END_TEST

/* Random data read whole (small frame) against sorting. */
START_TEST (test_stats_reference)
{
  const guint w = 301, h = 200, n = w * h;
  g_autoptr(CriaFrame) frame = new_u16 (w, h);
  g_autofree guint16 *values = g_new (guint16, n);
  g_autofree guint16 *deviations = g_new (guint16, n);
  CriaStretchStats stats;
  guint i, median;

  for (i = 0; i < n; i++)
    {
      /* Skewed like a sky: most near 1000, a tail up to 60000. */
      guint32 r = hash (i, 7);
      values[i] = (guint16) (1000 + (r % 400) + ((r >> 16) % 16 == 0 ? (r >> 8) % 59000 : 0));
      put (frame, i % w, i / w, values[i]);
    }
  qsort (values, n, sizeof *values, compare_u16);
  median = values[(n - 1) / 2];
  for (i = 0; i < n; i++)
    deviations[i] = (guint16) ABS ((int) values[i] - (int) median);
  qsort (deviations, n, sizeof *deviations, compare_u16);

  cria_stretch_compute_stats (frame, CRIA_BAYER_NONE, &stats, NULL);
  ck_assert_uint_eq (stats.n_samples[0], n);
  ck_assert_double_eq (stats.median[0], LEVEL (median));
  ck_assert_double_eq (stats.mad[0], LEVEL (deviations[(n - 1) / 2]));
  ck_assert_double_eq (stats.minimum[0], LEVEL (values[0]));
  ck_assert_double_eq (stats.maximum[0], LEVEL (values[n - 1]));
}
END_TEST

/* A large frame is subsampled, and the estimate stays close: uniform over
 * [1000, 3000) has median 2000 and MAD 500. */
START_TEST (test_stats_subsampled)
{
  g_autoptr(CriaFrame) frame = new_u16 (1200, 1000);
  CriaStretchStats stats;
  guint x, y;

  for (y = 0; y < 1000; y++)
    for (x = 0; x < 1200; x++)
      put (frame, x, y, (guint16) (1000 + hash (x, y) % 2000));

  cria_stretch_compute_stats (frame, CRIA_BAYER_NONE, &stats, NULL);
  ck_assert (stats.n_samples[0] >= 100000 && stats.n_samples[0] < 1200000);
  ck_assert_double_eq_tol (stats.median[0], LEVEL (2000), LEVEL (20));
  ck_assert_double_eq_tol (stats.mad[0], LEVEL (500), LEVEL (15));
}
END_TEST

static const guint16 levels[3] = { 1000, 2000, 3000 };

/* Each CFA colour at its own level, with a few hot pixels that must not move medians. */
static CriaFrame *
bayer_levels (guint            w,
              guint            h,
              CriaBayerPattern pattern)
{
  CriaFrame *frame = new_u16 (w, h);
  guint x, y;

  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      put (frame, x, y, hash (x, y) % 50 == 0 ? 60000
                        : levels[cria_bayer_pattern_channel_at (pattern, x, y)]);
  return frame;
}

START_TEST (test_bayer_channels)
{
  CriaBayerPattern pattern = patterns[_i];
  static const struct
  {
    guint w, h;
    guint64 cells;
  } cases[] = {
    { 64, 48, 32 * 24 },
    { 7, 5, 3 * 2 },
    /* 300 000 cells: subsampled every second cell each way. */
    { 1200, 1000, 300 * 250 },
  };
  guint i, c;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CriaFrame) frame = bayer_levels (cases[i].w, cases[i].h, pattern);
      CriaStretchStats stats;

      cria_stretch_compute_stats (frame, pattern, &stats, NULL);
      ck_assert_uint_eq (stats.n_channels, 3);
      ck_assert_uint_eq (stats.n_samples[CRIA_CHANNEL_RED], cases[i].cells);
      ck_assert_uint_eq (stats.n_samples[CRIA_CHANNEL_GREEN], 2 * cases[i].cells);
      ck_assert_uint_eq (stats.n_samples[CRIA_CHANNEL_BLUE], cases[i].cells);
      for (c = 0; c < 3; c++)
        {
          ck_assert_msg (stats.median[c] == LEVEL (levels[c]),
                         "%u×%u pattern %d channel %u: median %g", cases[i].w, cases[i].h,
                         pattern, c, stats.median[c] * 65535);
          ck_assert_double_eq (stats.mad[c], 0);
        }
    }
}
END_TEST

START_TEST (test_auto_stretch_known)
{
  g_autoptr(CriaFrame) frame = constructed_frame (900, 1000, 1100);
  g_autoptr(CriaFrame) wide = constructed_frame (500, 1000, 3000);
  CriaStretchParams params;
  guint c;

  /* c0 = 1000 − 2.8 × 100 = 720; m = MTF(280; 0.25), in normalised units. */
  cria_stretch_compute_auto (frame, CRIA_BAYER_NONE, FALSE, &params);
  for (c = 0; c < 3; c++)
    {
      ck_assert_double_eq_tol (params.black[c], LEVEL (720), 1e-12);
      ck_assert_double_eq_tol (params.midtone[c], cria_stretch_mtf (LEVEL (280), 0.25), 1e-12);
      ck_assert_double_eq (params.white[c], 1.0);
    }
  /* The sky lands on the target background. */
  ck_assert_double_eq_tol (cria_stretch_mtf (LEVEL (1000) - params.black[0], params.midtone[0]),
                           CRIA_STRETCH_TARGET_BACKGROUND, 1e-9);

  /* 1000 − 2.8 × 500 < 0: the black point stops at 0. */
  cria_stretch_compute_auto (wide, CRIA_BAYER_NONE, TRUE, &params);
  ck_assert_double_eq (params.black[0], 0.0);
  ck_assert_double_eq_tol (params.midtone[0], cria_stretch_mtf (LEVEL (1000), 0.25), 1e-12);
}
END_TEST

/* 12 × 8 RGGB, 24 cells; in each colour a third of the cells sit d below the level and
 * a third d above, d = 20, 30, 40 for R, G, B: medians are the levels, MADs d. */
static CriaFrame *
spread_levels (void)
{
  static const guint16 spread[3] = { 20, 30, 40 };
  CriaFrame *frame = new_u16 (12, 8);
  guint x, y;

  for (y = 0; y < 8; y++)
    for (x = 0; x < 12; x++)
      {
        CriaChannel c = cria_bayer_pattern_channel_at (CRIA_BAYER_RGGB, x, y);
        int step = (int) (((y / 2) * 6 + x / 2) % 3) - 1;

        put (frame, x, y, (guint16) (levels[c] + step * spread[c]));
      }
  return frame;
}

START_TEST (test_linked)
{
  g_autoptr(CriaFrame) frame = spread_levels ();
  CriaStretchStats stats;
  CriaStretchParams unlinked, linked;
  double shadows = 0;
  guint c;

  cria_stretch_compute_stats (frame, CRIA_BAYER_RGGB, &stats, NULL);
  ck_assert_double_eq (stats.mad[0], LEVEL (20));
  ck_assert_double_eq (stats.mad[1], LEVEL (30));
  ck_assert_double_eq (stats.mad[2], LEVEL (40));

  cria_stretch_compute_auto (frame, CRIA_BAYER_RGGB, FALSE, &unlinked);
  for (c = 0; c < 3; c++)
    {
      double mad = stats.mad[c];

      ck_assert_double_eq_tol (unlinked.black[c], LEVEL (levels[c]) - 2.8 * mad, 1e-12);
      ck_assert_double_eq_tol (unlinked.midtone[c], cria_stretch_mtf (2.8 * mad, 0.25), 1e-12);
      shadows += (LEVEL (levels[c]) - 2.8 * mad) / 3;
    }
  ck_assert (unlinked.black[0] < unlinked.black[1] && unlinked.black[1] < unlinked.black[2]);
  ck_assert (unlinked.midtone[0] < unlinked.midtone[2]);

  cria_stretch_compute_auto (frame, CRIA_BAYER_RGGB, TRUE, &linked);
  for (c = 0; c < 3; c++)
    {
      ck_assert_double_eq_tol (linked.black[c], shadows, 1e-12);
      ck_assert_double_eq_tol (linked.midtone[c],
                               cria_stretch_mtf (LEVEL (2000) - shadows, 0.25), 1e-12);
    }
}
END_TEST

static void
assert_lut (const CriaStretchParams *params)
{
  g_autofree CriaStretchLut *lut = g_new (CriaStretchLut, 1);
  guint c, i;

  cria_stretch_build_lut (params, lut);
  for (c = 0; c < 3; c++)
    {
      double b = params->black[c], w = params->white[c], m = params->midtone[c];
      const guint8 *t = lut->channel[c];

      for (i = 0; i < CRIA_STRETCH_LUT_SIZE; i++)
        {
          double x = i / 65535.0;
          double direct = floor (255.0 * cria_stretch_mtf ((x - b) / (w - b), m) + 0.5);

          if (i > 0)
            ck_assert_msg (t[i] >= t[i - 1], "channel %u not monotonic at %u", c, i);
          ck_assert_msg (fabs (t[i] - direct) <= 1, "channel %u at %u: %u, direct %g", c, i,
                         t[i], direct);
          if (x <= b)
            ck_assert_uint_eq (t[i], 0);
          if (x >= w)
            ck_assert_uint_eq (t[i], 255);
        }
      /* The midpoint is mid-grey, where the curve is not too steep to land on it. */
      i = (guint) lround ((b + m * (w - b)) * 65535.0);
      if (m > 1e-3 && m < 1 - 1e-3)
        ck_assert (t[i] == 127 || t[i] == 128);
    }
  ck_assert_uint_eq (lut->channel[0][0], 0);
}

START_TEST (test_lut)
{
  CriaStretchParams params;

  cria_stretch_params_init_linear (&params);
  assert_lut (&params);
  ck_assert_double_eq (params.midtone[1], 0.5);

  params = (CriaStretchParams) {
    .black = { 0.02, 0.0, 0.1 },
    .midtone = { 0.1, 0.003, 0.8 },
    .white = { 0.9, 1.0, 0.5 },
  };
  assert_lut (&params);

  cria_stretch_params_set_manual (&params, 0.0, 1e-5, 1.0);
  assert_lut (&params);
}
END_TEST

START_TEST (test_manual)
{
  CriaStretchParams params;
  guint c;

  cria_stretch_params_set_manual (&params, 0.7, 2.0, 0.3);
  for (c = 0; c < 3; c++)
    {
      ck_assert_double_eq (params.black[c], 0.7);
      ck_assert (params.white[c] > params.black[c] && params.white[c] <= 1.0);
      ck_assert (params.midtone[c] < 1.0 && params.midtone[c] >= CRIA_STRETCH_MIDTONE_MAX);
    }

  cria_stretch_params_set_manual (&params, NAN, -1.0, NAN);
  ck_assert_double_eq (params.black[2], 0.0);
  ck_assert_double_eq (params.white[2], 1.0);
  ck_assert_double_eq (params.midtone[2], CRIA_STRETCH_MIDTONE_MIN);
  assert_lut (&params);
}
END_TEST

START_TEST (test_histogram)
{
  g_autoptr(CriaFrame) mono = constructed_frame (500, 1000, 3000);
  g_autoptr(CriaFrame) bayer = bayer_levels (64, 48, CRIA_BAYER_BGGR);
  g_autoptr(CriaHistogram) histogram = cria_histogram_new (256);
  g_autoptr(CriaHistogram) copy = NULL;
  g_autoptr(CriaHistogram) tiny = cria_histogram_new (0);
  g_autoptr(CriaHistogram) huge = cria_histogram_new (1u << 20);
  CriaStretchStats stats;
  CriaStretchParams params;
  double black, mid, white;
  guint b;
  guint64 sum = 0;

  cria_stretch_compute_stats (mono, CRIA_BAYER_NONE, &stats, histogram);
  ck_assert_uint_eq (histogram->n_channels, 1);
  ck_assert_uint_eq (histogram->total[0], 99);
  ck_assert_uint_eq (histogram->counts[0][500 >> 8], 49);
  ck_assert_uint_eq (histogram->counts[0][1000 >> 8], 1);
  ck_assert_uint_eq (histogram->counts[0][3000 >> 8], 49);
  for (b = 0; b < 256; b++)
    sum += histogram->counts[0][b];
  ck_assert_uint_eq (sum, 99);
  ck_assert_uint_eq (cria_histogram_get_peak (histogram), 49);

  cria_stretch_params_set_manual (&params, 0.25, 0.5, 0.75);
  cria_histogram_get_stretch_points (histogram, &params, CRIA_CHANNEL_RED, &black, &mid, &white);
  ck_assert_double_eq_tol (black, 64, 1e-9);
  ck_assert_double_eq_tol (mid, 128, 1e-9);
  ck_assert_double_eq_tol (white, 192, 1e-9);

  /* Refilled from a Bayer frame: three channels, the old counts gone. */
  cria_stretch_compute_stats (bayer, CRIA_BAYER_BGGR, &stats, histogram);
  ck_assert_uint_eq (histogram->n_channels, 3);
  ck_assert_uint_eq (histogram->total[CRIA_CHANNEL_GREEN], 2 * 32 * 24);
  ck_assert_uint_eq (histogram->counts[CRIA_CHANNEL_RED][500 >> 8], 0);
  ck_assert (histogram->counts[CRIA_CHANNEL_BLUE][3000 >> 8] > 0);
  ck_assert_uint_eq (histogram->counts[CRIA_CHANNEL_BLUE][1000 >> 8], 0);

  copy = cria_histogram_copy (histogram);
  ck_assert_uint_eq (copy->n_channels, 3);
  ck_assert_uint_eq (copy->total[2], histogram->total[2]);
  ck_assert (memcmp (copy->counts[2], histogram->counts[2], 256 * sizeof (guint32)) == 0);

  ck_assert_uint_eq (tiny->n_bins, 1);
  ck_assert_uint_eq (huge->n_bins, 65536);
  cria_stretch_compute_stats (mono, CRIA_BAYER_NONE, &stats, tiny);
  ck_assert_uint_eq (tiny->counts[0][0], 99);
  cria_stretch_compute_stats (mono, CRIA_BAYER_NONE, &stats, huge);
  ck_assert_uint_eq (huge->counts[0][1000], 1);
}
END_TEST

/* Other element types are read on the 16-bit scale. */
START_TEST (test_types)
{
  g_autoptr(CriaFrame) bytes = cria_frame_new (CRIA_ELEMENT_BYTE, 5, 5, 1, NULL);
  g_autoptr(CriaFrame) shorts = cria_frame_new (CRIA_ELEMENT_INT16, 5, 1, 1, NULL);
  g_autoptr(CriaFrame) doubles = cria_frame_new (CRIA_ELEMENT_DOUBLE, 3, 1, 1, NULL);
  g_autoptr(CriaFrame) rgb = cria_frame_new (CRIA_ELEMENT_UINT16, 4, 4, 3, NULL);
  static const gint16 short_values[5] = { -500, -2, 3, 7, 9000 };
  static const double double_values[3] = { NAN, 1.0e9, 2.4 };
  CriaStretchStats stats;
  guint i;

  memset (bytes->data, 128, 25);
  cria_stretch_compute_stats (bytes, CRIA_BAYER_NONE, &stats, NULL);
  ck_assert_double_eq (stats.median[0], LEVEL (128 * 257));

  memcpy (shorts->data, short_values, sizeof short_values);
  cria_stretch_compute_stats (shorts, CRIA_BAYER_NONE, &stats, NULL);
  ck_assert_double_eq (stats.minimum[0], 0);
  ck_assert_double_eq (stats.median[0], LEVEL (3));
  ck_assert_double_eq (stats.maximum[0], LEVEL (9000));

  memcpy (doubles->data, double_values, sizeof double_values);
  cria_stretch_compute_stats (doubles, CRIA_BAYER_NONE, &stats, NULL);
  ck_assert_double_eq (stats.minimum[0], 0);
  ck_assert_double_eq (stats.median[0], LEVEL (2));
  ck_assert_double_eq (stats.maximum[0], 1.0);

  /* Planes are channels, whatever the pattern says. */
  for (i = 0; i < 16 * 3; i++)
    ((guint16 *) rgb->data)[i] = levels[i % 3];
  cria_stretch_compute_stats (rgb, CRIA_BAYER_RGGB, &stats, NULL);
  ck_assert_uint_eq (stats.n_channels, 3);
  ck_assert_uint_eq (stats.n_samples[1], 16);
  for (i = 0; i < 3; i++)
    ck_assert_double_eq (stats.median[i], LEVEL (levels[i]));
}
END_TEST

int
main (int   argc,
      char *argv[])
{
  Suite *suite = suite_create ("stretch");
  TCase *tc = tcase_create ("stretch");
  SRunner *runner;
  int failed;

  tcase_add_test (tc, test_mtf);
  tcase_add_test (tc, test_stats_exact);
  tcase_add_test (tc, test_stats_reference);
  tcase_add_test (tc, test_stats_subsampled);
  tcase_add_loop_test (tc, test_bayer_channels, 0, G_N_ELEMENTS (patterns));
  tcase_add_test (tc, test_auto_stretch_known);
  tcase_add_test (tc, test_linked);
  tcase_add_test (tc, test_lut);
  tcase_add_test (tc, test_manual);
  tcase_add_test (tc, test_histogram);
  tcase_add_test (tc, test_types);
  suite_add_tcase (suite, tc);

  runner = srunner_create (suite);
  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
