/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-sim-device.h"

G_BEGIN_DECLS

#define CRIA_TYPE_SIM_SWITCH (cria_sim_switch_get_type ())

/* A simulated power box for the telescope: power outlets, a dew heater, a flat panel dimmer
 * and a supply voltage sensor (ISwitchV3, with asynchronous switching). */
G_DECLARE_FINAL_TYPE (CriaSimSwitch, cria_sim_switch, CRIA, SIM_SWITCH, CriaSimDevice)

G_END_DECLS
