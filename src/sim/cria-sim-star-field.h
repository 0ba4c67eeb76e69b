/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cria-frame.h"

G_BEGIN_DECLS

/* A synthetic sky and the renderer that images it onto a simulated sensor. The sky is
 * generated cell by cell from a fixed seed, so that the same seed always gives the same
 * stars at the same RA/Dec, whichever part of the sphere is looked at first. */
typedef struct _CriaSimStarField CriaSimStarField;

/* Where the optical axis pointed at one moment of an exposure. */
typedef struct
{
  double time;        /* seconds, same clock as CriaSimRenderParams.start_time */
  double ra_hours;
  double dec_degrees;
} CriaSimPointing;

typedef struct
{
  /* The sensor, in unbinned pixels; the optical axis falls on its centre. */
  guint                  sensor_width;
  guint                  sensor_height;
  double                 pixel_size_um;
  double                 focal_length_mm;
  /* A colour mosaic: the CFA is RGGB shifted by the offsets (0 or 1), counted from the
   * sensor's origin, whatever the readout's subframe. */
  gboolean               bayer;
  guint                  bayer_offset_x;
  guint                  bayer_offset_y;

  /* The readout, in binned pixels as ASCOM counts them. */
  guint                  bin_x;
  guint                  bin_y;
  guint                  start_x;
  guint                  start_y;
  guint                  num_x;
  guint                  num_y;

  /* The exposure spans start_time .. start_time + exposure. The pointings, in time
   * order, say where the telescope was; at least one. A moving pointing smears stars. */
  const CriaSimPointing *pointings;
  guint                  n_pointings;
  double                 start_time;
  double                 exposure;
  gboolean               light;            /* FALSE: shutter closed, a dark frame */

  double                 fwhm_px;          /* star images, in unbinned pixels */
  double                 sky_rate;         /* sky background, e-/s per pixel */
  double                 dark_rate;        /* dark current, e-/s per pixel */
  double                 read_noise;       /* e- rms per pixel read */
  double                 electrons_per_adu;
  double                 full_well;        /* e- per unbinned pixel */
  double                 bias_adu;
  guint                  max_adu;
  guint64                noise_seed;
  gboolean               noiseless;        /* tests: the expected values, no noise */
} CriaSimRenderParams;

/* The image FWHM of a star, widened by defocus: the blur circle is the focus error
 * divided by the focal ratio. */
double            cria_sim_defocus_fwhm          (double                     in_focus_fwhm_px,
                                                  double                     focus_error_um,
                                                  double                     focal_ratio,
                                                  double                     pixel_size_um);

CriaSimStarField *cria_sim_star_field_new        (guint64                    seed);
void              cria_sim_star_field_free       (CriaSimStarField          *self);

/* Renders one readout into a new Int32 frame of num_x × num_y. Fails with
 * CRIA_ALPACA_ERROR_INVALID_VALUE when the geometry does not fit the sensor. */
CriaFrame        *cria_sim_star_field_render     (CriaSimStarField          *self,
                                                  const CriaSimRenderParams *params,
                                                  GError                   **error);

/* Where the brightest catalogue star inside the sensor lands, in unbinned sensor
 * pixels, for a still pointing; FALSE when no star falls on the sensor. For tests. */
gboolean          cria_sim_star_field_brightest  (CriaSimStarField          *self,
                                                  const CriaSimRenderParams *params,
                                                  double                     ra_hours,
                                                  double                     dec_degrees,
                                                  double                    *x,
                                                  double                    *y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CriaSimStarField, cria_sim_star_field_free)

G_END_DECLS
