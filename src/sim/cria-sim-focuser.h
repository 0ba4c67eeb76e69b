/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-sim-device.h"

G_BEGIN_DECLS

#define CRIA_TYPE_SIM_FOCUSER (cria_sim_focuser_get_type ())

/* A simulated absolute stepper focuser with a temperature probe (IFocuserV4). */
G_DECLARE_FINAL_TYPE (CriaSimFocuser, cria_sim_focuser, CRIA, SIM_FOCUSER, CriaSimDevice)

/* Where the focuser is now, its travel (0 to max_step) and the position at which the
 * simulated optics are in best focus, for the simulated camera. Takes the device lock;
 * any out pointer may be NULL. */
void cria_sim_focuser_get_position (CriaSimFocuser *self,
                                    gint           *position,
                                    gint           *max_step,
                                    gint           *best_focus);

G_END_DECLS
