/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-sim-device.h"

G_BEGIN_DECLS

#define CRIA_TYPE_SIM_COVER_CALIBRATOR (cria_sim_cover_calibrator_get_type ())

/* A simulated motorised telescope cover with a built-in flat-field panel
 * (ICoverCalibratorV2). */
G_DECLARE_FINAL_TYPE (CriaSimCoverCalibrator, cria_sim_cover_calibrator,
                      CRIA, SIM_COVER_CALIBRATOR, CriaSimDevice)

G_END_DECLS
