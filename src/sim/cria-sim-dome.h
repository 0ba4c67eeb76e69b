/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-sim-device.h"

G_BEGIN_DECLS

#define CRIA_TYPE_SIM_DOME (cria_sim_dome_get_type ())

/* A simulated rotating dome with a shutter and an altitude-controlled aperture (IDomeV3). */
G_DECLARE_FINAL_TYPE (CriaSimDome, cria_sim_dome, CRIA, SIM_DOME, CriaSimDevice)

G_END_DECLS
