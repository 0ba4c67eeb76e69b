/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The thermal model of the simulated camera's Peltier cooler. The sensor was at
 * temperature at time and relaxes exponentially toward the cooler's target; everything
 * is computed from the time asked about, in simulated seconds. */
typedef struct
{
  gboolean on;
  double   set_point;
  double   temperature;
  double   time;
} CriaSimCameraCooler;

#define CRIA_SIM_CAMERA_COOLER_AMBIENT     15.0
#define CRIA_SIM_CAMERA_COOLER_SET_MIN    (-50.0)
#define CRIA_SIM_CAMERA_COOLER_SET_MAX     30.0

void   cria_sim_camera_cooler_init          (CriaSimCameraCooler *self);
/* Switches the cooler or moves its set point at time t; the curve continues from there. */
void   cria_sim_camera_cooler_set_on        (CriaSimCameraCooler *self,
                                             double               t,
                                             gboolean             on);
void   cria_sim_camera_cooler_set_point     (CriaSimCameraCooler *self,
                                             double               t,
                                             double               celsius);
double cria_sim_camera_cooler_temperature   (const CriaSimCameraCooler *self,
                                             double               t);
/* 0 to 100 %. */
double cria_sim_camera_cooler_power         (const CriaSimCameraCooler *self,
                                             double               t);
double cria_sim_camera_cooler_heat_sink     (const CriaSimCameraCooler *self,
                                             double               t);

G_END_DECLS
