/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-sim-device.h"

G_BEGIN_DECLS

#define CRIA_TYPE_SIM_ROTATOR (cria_sim_rotator_get_type ())

/* A simulated camera rotator with a sync offset and a reversible sense (IRotatorV4). */
G_DECLARE_FINAL_TYPE (CriaSimRotator, cria_sim_rotator, CRIA, SIM_ROTATOR, CriaSimDevice)

G_END_DECLS
