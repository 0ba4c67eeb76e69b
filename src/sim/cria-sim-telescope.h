/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-sim-device.h"

G_BEGIN_DECLS

#define CRIA_TYPE_SIM_TELESCOPE (cria_sim_telescope_get_type ())

/* A simulated German equatorial mount (ITelescopeV4). */
G_DECLARE_FINAL_TYPE (CriaSimTelescope, cria_sim_telescope, CRIA, SIM_TELESCOPE, CriaSimDevice)

/* Where the mount points now (topocentric, hours and degrees), for the simulated camera.
 * Takes the device lock. */
void cria_sim_telescope_get_pointing (CriaSimTelescope *self,
                                      double           *ra_hours,
                                      double           *dec_degrees);
/* Where the mount points now in altitude and azimuth (degrees, as the Altitude and Azimuth
 * members report them), for a slaved dome. Takes the device lock; either pointer may be
 * NULL. */
void cria_sim_telescope_get_horizontal (CriaSimTelescope *self,
                                        double           *altitude,
                                        double           *azimuth);

G_END_DECLS
