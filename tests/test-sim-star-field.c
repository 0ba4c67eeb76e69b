/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sim-star-field"

#include <check.h>
#include <math.h>
#include <string.h>

#include "cria-alpaca-error.h"
#include "cria-sim-star-field.h"
#include "test-sim-image-util.h"
#include "test-sim-util.h"

/* The simulated camera's sky and renderer, without a server: every render is
 * deterministic for a given sky seed and noise seed. */

static const CriaSimPointing still = { 0.0, 6.0, 15.0 };

static CriaSimRenderParams
render_params (void)
{
  CriaSimRenderParams p = {
    .sensor_width = 640,
    .sensor_height = 480,
    .pixel_size_um = 3.76,
    .focal_length_mm = 500.0,
    .bin_x = 1,
    .bin_y = 1,
    .num_x = 640,
    .num_y = 480,
    .pointings = &still,
    .n_pointings = 1,
    .exposure = 10.0,
    .light = TRUE,
    .fwhm_px = 2.2,
    .sky_rate = 2.0,
    .dark_rate = 0.01,
    .read_noise = 2.0,
    .electrons_per_adu = 1.0,
    .full_well = 50000.0,
    .bias_adu = 100.0,
    .max_adu = 65535,
    .noise_seed = 7,
  };

  return p;
}

static CriaFrame *
render (CriaSimStarField          *sky,
        const CriaSimRenderParams *params)
{
  g_autoptr(GError) error = NULL;
  CriaFrame *frame = cria_sim_star_field_render (sky, params, &error);

  ck_assert_msg (frame != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_int_eq (frame->element_type, CRIA_ELEMENT_INT32);
  ck_assert_uint_eq (frame->width, params->num_x);
  ck_assert_uint_eq (frame->height, params->num_y);
  return frame;
}

static gboolean
frames_equal (const CriaFrame *a,
              const CriaFrame *b)
{
  return a->width == b->width && a->height == b->height
         && memcmp (a->data, b->data, cria_frame_get_n_bytes (a)) == 0;
}

START_TEST (test_render_deterministic)
{
  g_autoptr(CriaSimStarField) sky = cria_sim_star_field_new (1234);
  g_autoptr(CriaSimStarField) same = cria_sim_star_field_new (1234);
  g_autoptr(CriaSimStarField) other = cria_sim_star_field_new (999);
  CriaSimRenderParams p = render_params ();
  g_autoptr(CriaFrame) a = render (sky, &p);
  g_autoptr(CriaFrame) b = render (same, &p);
  g_autoptr(CriaFrame) c = render (other, &p);
  g_autoptr(CriaFrame) d = NULL;

  ck_assert (frames_equal (a, b));
  ck_assert (!frames_equal (a, c));
  p.noise_seed = 8;
  d = render (sky, &p);
  ck_assert (!frames_equal (a, d));
}
END_TEST

START_TEST (test_render_bias_noise_and_dark)
{
  g_autoptr(CriaSimStarField) sky = cria_sim_star_field_new (1);
  CriaSimRenderParams p = render_params ();
  g_autoptr(CriaFrame) bias = NULL;
  g_autoptr(CriaFrame) noisy = NULL;
  g_autoptr(CriaFrame) dark = NULL;
  double sum = 0, sum_sq = 0, mean, sigma;
  gsize n = 640 * 480;
  guint x, y;

  p.exposure = 0.0;
  p.noiseless = TRUE;
  bias = render (sky, &p);
  for (y = 0; y < 480; y++)
    for (x = 0; x < 640; x++)
      ck_assert (cria_frame_get_value (bias, x, y, 0) == 100.0);

  p.noiseless = FALSE;
  noisy = render (sky, &p);
  for (y = 0; y < 480; y++)
    for (x = 0; x < 640; x++)
      {
        double v = cria_frame_get_value (noisy, x, y, 0);

        sum += v;
        sum_sq += v * v;
      }
  mean = sum / n;
  sigma = sqrt (sum_sq / n - mean * mean);
  ck_assert_msg (fabs (mean - 100.0) < 0.1, "mean %g", mean);
  ck_assert_msg (fabs (sigma - 2.0) < 0.2, "read noise %g", sigma);

  /* With the shutter closed only dark current builds up: 0.01 e-/s for 1000 s. */
  p.noiseless = TRUE;
  p.light = FALSE;
  p.exposure = 1000.0;
  dark = render (sky, &p);
  for (y = 0; y < 480; y++)
    for (x = 0; x < 640; x++)
      ck_assert (cria_frame_get_value (dark, x, y, 0) == 110.0);
}
END_TEST

START_TEST (test_render_subframe_and_binning)
{
  g_autoptr(CriaSimStarField) sky = cria_sim_star_field_new (5);
  CriaSimRenderParams p = render_params ();
  g_autoptr(CriaFrame) full = NULL;
  g_autoptr(CriaFrame) sub = NULL;
  g_autoptr(CriaFrame) binned = NULL;
  g_autoptr(GError) error = NULL;
  guint x, y;

  p.noiseless = TRUE;
  full = render (sky, &p);

  p.start_x = 33;
  p.start_y = 21;
  p.num_x = 100;
  p.num_y = 80;
  sub = render (sky, &p);
  for (y = 0; y < 80; y++)
    for (x = 0; x < 100; x++)
      ck_assert (fabs (cria_frame_get_value (sub, x, y, 0)
                       - cria_frame_get_value (full, x + 33, y + 21, 0)) <= 1.0);

  /* Bins sum their pixels' light; the bias is added once. */
  p.start_x = p.start_y = 0;
  p.bin_x = p.bin_y = 2;
  p.num_x = 320;
  p.num_y = 240;
  binned = render (sky, &p);
  for (y = 0; y < 240; y++)
    for (x = 0; x < 320; x++)
      {
        double expected = 100.0
                          + cria_frame_get_value (full, 2 * x, 2 * y, 0) - 100.0
                          + cria_frame_get_value (full, 2 * x + 1, 2 * y, 0) - 100.0
                          + cria_frame_get_value (full, 2 * x, 2 * y + 1, 0) - 100.0
                          + cria_frame_get_value (full, 2 * x + 1, 2 * y + 1, 0) - 100.0;

        expected = MIN (expected, 65535.0);
        ck_assert_msg (fabs (cria_frame_get_value (binned, x, y, 0) - expected) <= 3.0,
                       "(%u, %u): %g, expected %g", x, y,
                       cria_frame_get_value (binned, x, y, 0), expected);
      }

  /* A subframe beyond the binned sensor is refused. */
  p.start_x = 1;
  ck_assert (cria_sim_star_field_render (sky, &p, &error) == NULL);
  ck_assert (g_error_matches (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_VALUE));
}
END_TEST

START_TEST (test_render_focus)
{
  g_autoptr(CriaSimStarField) sky = cria_sim_star_field_new (11);
  CriaSimRenderParams p = render_params ();
  g_autoptr(CriaFrame) sharp = NULL;
  g_autoptr(CriaFrame) blurred = NULL;
  double sx, sy, peak_sharp, peak_blurred, width_sharp, width_blurred;
  guint mx = 0, my = 0;

  /* No clipping, so that the brightest star's profile is intact. */
  p.noiseless = TRUE;
  p.full_well = 1e9;
  p.max_adu = 1000000000;
  ck_assert (cria_sim_star_field_brightest (sky, &p, still.ra_hours, still.dec_degrees, &sx, &sy));

  sharp = render (sky, &p);
  /* 60 µm at f/6.25 blurs by 9.6 µm, 2.55 px of 3.76 µm. */
  p.fwhm_px = cria_sim_defocus_fwhm (2.2, 60.0, 6.25, 3.76);
  ck_assert_msg (fabs (p.fwhm_px - hypot (2.2, 60.0 / 6.25 / 3.76)) < 1e-9, "%g", p.fwhm_px);
  p.fwhm_px = cria_sim_defocus_fwhm (2.2, 250.0, 6.25, 3.76);
  ck_assert (p.fwhm_px > 10.0);
  blurred = render (sky, &p);

  frame_max (sharp, &peak_sharp, &mx, &my);
  ck_assert_msg (fabs (mx + 0.5 - sx) <= 1.5 && fabs (my + 0.5 - sy) <= 1.5,
                 "peak at %u,%u but the star is at %g,%g", mx, my, sx, sy);
  peak_blurred = cria_frame_get_value (blurred, mx, my, 0);
  ck_assert_msg (peak_sharp - 120 > 10.0 * (peak_blurred - 120), "%g vs %g", peak_sharp,
                 peak_blurred);
  width_sharp = star_width (sharp, mx, my, 25, 120.0);
  width_blurred = star_width (blurred, mx, my, 25, 120.0);
  ck_assert_msg (width_sharp < 2.0 && width_blurred > 2.0 * width_sharp, "%g vs %g",
                 width_sharp, width_blurred);
}
END_TEST

START_TEST (test_render_pointing_and_smear)
{
  g_autoptr(CriaSimStarField) sky = cria_sim_star_field_new (11);
  CriaSimRenderParams p = render_params ();
  CriaSimPointing moving[2] = { { 0.0, 6.0, 15.0 }, { 10.0, 6.0, 15.01 } };
  g_autoptr(CriaFrame) still_frame = NULL;
  g_autoptr(CriaFrame) moved_frame = NULL;
  g_autoptr(CriaFrame) smeared = NULL;
  double ax, ay, bx, by, expected = 0.01 * 3600.0 / TEST_PIXEL_SCALE;
  double peak_still, peak_smeared;
  guint mx = 0, my = 0;
  int shift_x = 0, shift_y = 0;

  p.noiseless = TRUE;
  p.full_well = 1e9;
  p.max_adu = 1000000000;

  /* Pointing 0.01° further north puts the same star ~23 px lower. */
  ck_assert (cria_sim_star_field_brightest (sky, &p, 6.0, 15.0, &ax, &ay));
  ck_assert (cria_sim_star_field_brightest (sky, &p, 6.0, 15.01, &bx, &by));
  ck_assert_msg (fabs (by - ay - expected) < 0.5 && fabs (bx - ax) < 0.5,
                 "moved by %g,%g", bx - ax, by - ay);

  still_frame = render (sky, &p);
  p.pointings = &moving[1];
  moved_frame = render (sky, &p);
  frame_max (still_frame, &peak_still, &mx, &my);
  ck_assert (star_shift (still_frame, moved_frame, &shift_x, &shift_y) >= 6);
  ck_assert_int_eq (shift_x, 0);
  ck_assert_int_eq (shift_y, (int) lround (expected));

  /* Moving during the exposure draws trails: the peak spreads out. */
  p.pointings = moving;
  p.n_pointings = 2;
  smeared = render (sky, &p);
  frame_max (smeared, &peak_smeared, &mx, &my);
  ck_assert_msg (peak_smeared - 120 < 0.3 * (peak_still - 120), "%g vs %g", peak_smeared,
                 peak_still);
}
END_TEST

START_TEST (test_render_bayer)
{
  g_autoptr(CriaSimStarField) sky = cria_sim_star_field_new (3);
  CriaSimRenderParams p = render_params ();
  guint ox = _i & 1, oy = _i >> 1;
  g_autoptr(CriaFrame) frame = NULL;
  g_autoptr(CriaFrame) shifted = NULL;
  double m[2][2];

  p.bayer = TRUE;
  p.bayer_offset_x = ox;
  p.bayer_offset_y = oy;
  frame = render (sky, &p);
  parity_medians (frame, m);
  ck_assert (m[oy][ox] > m[oy][1 - ox] && m[oy][ox] > m[1 - oy][ox]);
  ck_assert (m[1 - oy][1 - ox] < m[oy][1 - ox] && m[1 - oy][1 - ox] < m[1 - oy][ox]);

  /* An odd subframe origin shifts the phase of the returned image. */
  p.start_x = 1;
  p.start_y = 3;
  p.num_x = 300;
  p.num_y = 200;
  shifted = render (sky, &p);
  parity_medians (shifted, m);
  ck_assert (m[1 - oy][1 - ox] > m[1 - oy][ox] && m[1 - oy][1 - ox] > m[oy][1 - ox]);
}
END_TEST

START_TEST (test_render_saturation)
{
  g_autoptr(CriaSimStarField) sky = cria_sim_star_field_new (11);
  CriaSimRenderParams p = render_params ();
  g_autoptr(CriaFrame) unity = NULL;
  g_autoptr(CriaFrame) high_gain = NULL;
  double peak;
  guint mx, my;

  p.exposure = 600.0;
  unity = render (sky, &p);
  frame_max (unity, &peak, &mx, &my);
  /* A full well and the bias: saturated pixels are flat. */
  ck_assert_msg (peak == 50100.0, "%g", peak);

  p.electrons_per_adu = 0.5;
  high_gain = render (sky, &p);
  frame_max (high_gain, &peak, &mx, &my);
  ck_assert (peak == 65535.0);
}
END_TEST

static Suite *
sim_star_field_suite (void)
{
  Suite *suite = suite_create ("sim-star-field");
  TCase *tcase = tcase_create ("render");

  tcase_set_timeout (tcase, 60);
  tcase_add_test (tcase, test_render_deterministic);
  tcase_add_test (tcase, test_render_bias_noise_and_dark);
  tcase_add_test (tcase, test_render_subframe_and_binning);
  tcase_add_test (tcase, test_render_focus);
  tcase_add_test (tcase, test_render_pointing_and_smear);
  tcase_add_loop_test (tcase, test_render_bayer, 0, 4);
  tcase_add_test (tcase, test_render_saturation);
  suite_add_tcase (suite, tcase);

  return suite;
}

int
main (void)
{
  return sim_run_suite (sim_star_field_suite ());
}
