/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One simulated axis that travels at a constant rate toward a target. Plain data, no
 * locking, no clock of its own: every call takes the device's simulated time, and the
 * position is computed from it on each read, so status never lags behind the motion.
 * A wrapping axis (modulus > 0, e.g. 360 degrees) reports positions in [0, modulus). */
typedef struct
{
  double origin;   /* position when the current move began */
  double travel;   /* signed length of the current move; 0 when stopped */
  double rate;     /* units per simulated second, > 0 */
  double started;  /* simulated time at which the current move began */
  double modulus;  /* 0 for a linear axis */
} CriaSimAxis;

void      cria_sim_axis_init         (CriaSimAxis       *axis,
                                      double             position,
                                      double             rate,
                                      double             modulus);
double    cria_sim_axis_get_position (const CriaSimAxis *axis,
                                      double             now);
gboolean  cria_sim_axis_is_moving    (const CriaSimAxis *axis,
                                      double             now);
/* Where the current (or last) move ends. */
double    cria_sim_axis_get_target   (const CriaSimAxis *axis);
/* Starts from wherever the axis is at now; a new move replaces the one in progress. */
void      cria_sim_axis_move_by      (CriaSimAxis       *axis,
                                      double             now,
                                      double             distance);
/* On a wrapping axis, the short way round. */
void      cria_sim_axis_move_to      (CriaSimAxis       *axis,
                                      double             now,
                                      double             target);
void      cria_sim_axis_stop         (CriaSimAxis       *axis,
                                      double             now);
/* Stops and redefines the present position (a sync). */
void      cria_sim_axis_set_position (CriaSimAxis       *axis,
                                      double             position);

/* value in [0, modulus); modulus <= 0 leaves it alone. */
double    cria_sim_axis_wrap         (double             value,
                                      double             modulus);

G_END_DECLS
