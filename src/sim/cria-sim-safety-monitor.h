/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-sim-device.h"

G_BEGIN_DECLS

#define CRIA_TYPE_SIM_SAFETY_MONITOR (cria_sim_safety_monitor_get_type ())

/* A simulated safety monitor whose verdict is set through custom actions
 * (ISafetyMonitorV3). */
G_DECLARE_FINAL_TYPE (CriaSimSafetyMonitor, cria_sim_safety_monitor,
                      CRIA, SIM_SAFETY_MONITOR, CriaSimDevice)

G_END_DECLS
