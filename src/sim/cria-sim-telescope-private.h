/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-sim-astro.h"
#include "cria-sim-mount.h"
#include "cria-sim-telescope.h"

G_BEGIN_DECLS

/* Shared by cria-sim-telescope.c (properties) and cria-sim-telescope-commands.c (PUT
 * members). Every function runs with the device lock held. */
struct _CriaSimTelescope
{
  CriaSimDevice  parent_instance;

  CriaSimMount   mount;
  gboolean       does_refraction;
  gboolean       have_target_ra;
  gboolean       have_target_dec;
  double         target_ra;
  double         target_dec;
};

/* Serves a PUT member (lowercase); FALSE without an error for one it does not know. */
gboolean cria_sim_telescope_put                 (CriaSimTelescope  *self,
                                                 const char        *member,
                                                 CriaSimRequest    *request,
                                                 GError           **error);

/* Reads right ascension (0 to 24 h, 24 reading as 0) and declination parameters. */
gboolean cria_sim_telescope_read_coordinates    (CriaSimRequest    *request,
                                                 const char        *ra_name,
                                                 const char        *dec_name,
                                                 double            *ra,
                                                 double            *dec,
                                                 GError           **error);
/* Reads the Axis parameter: 0, 1 or 2. */
gboolean cria_sim_telescope_read_axis           (CriaSimRequest    *request,
                                                 gint64            *axis,
                                                 GError           **error);
/* Altitude and azimuth of these coordinates as reported: apparent when the mount does
 * refraction. */
void     cria_sim_telescope_to_horizontal       (CriaSimTelescope  *self,
                                                 double             hour_angle,
                                                 double             declination,
                                                 double            *altitude,
                                                 double            *azimuth);

G_END_DECLS
