/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-sim-device.h"

G_BEGIN_DECLS

#define CRIA_TYPE_SIM_CAMERA (cria_sim_camera_get_type ())

/* A simulated cooled astronomy camera (ICameraV4) that images a synthetic star field
 * through the simulated telescope and focuser. */
G_DECLARE_FINAL_TYPE (CriaSimCamera, cria_sim_camera, CRIA, SIM_CAMERA, CriaSimDevice)

G_END_DECLS
