/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-sim"

#include "config.h"

#include <math.h>

#include "cria-sim-axis.h"

double
cria_sim_axis_wrap (double value,
                    double modulus)
{
  if (modulus <= 0 || !isfinite (value))
    return value;

  value = fmod (value, modulus);
  if (value < 0)
    value += modulus;
  /* -1e-17 + 360 rounds to 360 itself. */
  if (value >= modulus)
    value = 0;
  return value;
}

void
cria_sim_axis_init (CriaSimAxis *axis,
                    double       position,
                    double       rate,
                    double       modulus)
{
  g_return_if_fail (axis != NULL);
  g_return_if_fail (rate > 0);

  axis->modulus = modulus > 0 ? modulus : 0;
  axis->origin = cria_sim_axis_wrap (position, axis->modulus);
  axis->travel = 0;
  axis->rate = rate;
  axis->started = 0;
}

/* How far the current move has come, with its sign. */
static double
covered (const CriaSimAxis *axis,
         double             now)
{
  double distance = MAX (now - axis->started, 0) * axis->rate;

  if (distance >= fabs (axis->travel))
    return axis->travel;
  return axis->travel < 0 ? -distance : distance;
}

double
cria_sim_axis_get_position (const CriaSimAxis *axis,
                            double             now)
{
  g_return_val_if_fail (axis != NULL, 0);

  return cria_sim_axis_wrap (axis->origin + covered (axis, now), axis->modulus);
}

gboolean
cria_sim_axis_is_moving (const CriaSimAxis *axis,
                         double             now)
{
  g_return_val_if_fail (axis != NULL, FALSE);

  return MAX (now - axis->started, 0) * axis->rate < fabs (axis->travel);
}

double
cria_sim_axis_get_target (const CriaSimAxis *axis)
{
  g_return_val_if_fail (axis != NULL, 0);

  return cria_sim_axis_wrap (axis->origin + axis->travel, axis->modulus);
}

void
cria_sim_axis_move_by (CriaSimAxis *axis,
                       double       now,
                       double       distance)
{
  g_return_if_fail (axis != NULL);

  axis->origin = cria_sim_axis_get_position (axis, now);
  axis->travel = isfinite (distance) ? distance : 0;
  axis->started = now;
}

void
cria_sim_axis_move_to (CriaSimAxis *axis,
                       double       now,
                       double       target)
{
  double distance;

  g_return_if_fail (axis != NULL);

  distance = target - cria_sim_axis_get_position (axis, now);
  if (axis->modulus > 0)
    {
      distance = cria_sim_axis_wrap (distance, axis->modulus);
      if (distance > axis->modulus / 2)
        distance -= axis->modulus;
    }
  cria_sim_axis_move_by (axis, now, distance);
}

void
cria_sim_axis_stop (CriaSimAxis *axis,
                    double       now)
{
  cria_sim_axis_move_by (axis, now, 0);
}

void
cria_sim_axis_set_position (CriaSimAxis *axis,
                            double       position)
{
  g_return_if_fail (axis != NULL);

  axis->origin = cria_sim_axis_wrap (position, axis->modulus);
  axis->travel = 0;
}
