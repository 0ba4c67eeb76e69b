/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-sim-device.h"

G_BEGIN_DECLS

#define CRIA_TYPE_SIM_FILTER_WHEEL (cria_sim_filter_wheel_get_type ())

/* A simulated seven-slot filter wheel (IFilterWheelV3). */
G_DECLARE_FINAL_TYPE (CriaSimFilterWheel, cria_sim_filter_wheel, CRIA, SIM_FILTER_WHEEL,
                      CriaSimDevice)

/* The slot in the light path, or -1 while the wheel turns, for the simulated camera.
 * Takes the device lock. */
gint cria_sim_filter_wheel_get_position     (CriaSimFilterWheel *self);
/* The FocusOffset of the filter in the light path, in focuser steps, or 0 while the wheel
 * turns, for the simulated camera. Takes the device lock. */
gint cria_sim_filter_wheel_get_focus_offset (CriaSimFilterWheel *self);

G_END_DECLS
