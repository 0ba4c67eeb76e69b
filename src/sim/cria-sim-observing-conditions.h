/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-sim-device.h"

G_BEGIN_DECLS

#define CRIA_TYPE_SIM_OBSERVING_CONDITIONS (cria_sim_observing_conditions_get_type ())

/* A simulated weather station with a cloud sensor, a sky quality meter and a seeing
 * monitor, reporting slowly changing, mutually consistent conditions (IObservingConditionsV2). */
G_DECLARE_FINAL_TYPE (CriaSimObservingConditions, cria_sim_observing_conditions,
                      CRIA, SIM_OBSERVING_CONDITIONS, CriaSimDevice)

G_END_DECLS
