/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-sim"

#include "cria-sim-camera-cooler.h"

#include <math.h>

/* The cooler holds at most this far below ambient, and closes 63 % of a gap in TAU. */
#define MAX_DELTA 40.0
#define TAU       20.0

void
cria_sim_camera_cooler_init (CriaSimCameraCooler *self)
{
  self->on = FALSE;
  self->set_point = -10.0;
  self->temperature = CRIA_SIM_CAMERA_COOLER_AMBIENT;
  self->time = 0.0;
}

static double
target (const CriaSimCameraCooler *self)
{
  if (!self->on)
    return CRIA_SIM_CAMERA_COOLER_AMBIENT;
  return MAX (self->set_point, CRIA_SIM_CAMERA_COOLER_AMBIENT - MAX_DELTA);
}

double
cria_sim_camera_cooler_temperature (const CriaSimCameraCooler *self,
                                    double                     t)
{
  double goal = target (self);

  return goal + (self->temperature - goal) * exp (-MAX (0.0, t - self->time) / TAU);
}

static void
rebase (CriaSimCameraCooler *self,
        double               t)
{
  self->temperature = cria_sim_camera_cooler_temperature (self, t);
  self->time = t;
}

void
cria_sim_camera_cooler_set_on (CriaSimCameraCooler *self,
                               double               t,
                               gboolean             on)
{
  rebase (self, t);
  self->on = !!on;
}

void
cria_sim_camera_cooler_set_point (CriaSimCameraCooler *self,
                                  double               t,
                                  double               celsius)
{
  rebase (self, t);
  self->set_point = celsius;
}

/* What holds the present difference to ambient, plus effort in proportion to the gap
 * that is left to the set point. */
double
cria_sim_camera_cooler_power (const CriaSimCameraCooler *self,
                              double                     t)
{
  double temperature;

  if (!self->on)
    return 0.0;
  temperature = cria_sim_camera_cooler_temperature (self, t);
  return CLAMP ((CRIA_SIM_CAMERA_COOLER_AMBIENT - temperature) / MAX_DELTA * 100.0
                + 4.0 * MAX (0.0, temperature - self->set_point), 0.0, 100.0);
}

/* The heat sink warms with the heat the cooler pumps into it. */
double
cria_sim_camera_cooler_heat_sink (const CriaSimCameraCooler *self,
                                  double                     t)
{
  return CRIA_SIM_CAMERA_COOLER_AMBIENT + 0.05 * cria_sim_camera_cooler_power (self, t);
}
