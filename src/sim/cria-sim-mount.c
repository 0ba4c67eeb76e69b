/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-sim"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cria-sim-mount.h"

/* Default site: the Royal Observatory, Greenwich. */
#define DEFAULT_LATITUDE   51.4769
#define DEFAULT_LONGITUDE  -0.0005
#define DEFAULT_ELEVATION  46.0

/* Counterweights straight down: the middle of the hour-angle axis' safe range. */
#define HOME_AXIS_HA       6.0

static double
pole (const CriaSimMount *self)
{
  return self->latitude >= 0 ? 90.0 : -90.0;
}

/* The hour-angle axis reads [-6 h, 18 h): a straight move between two positions then never
 * swings the counterweights over the top. */
static double
normalize_axis_ha (double hours)
{
  return cria_sim_astro_wrap_hours (hours + 6.0) - 6.0;
}

/* The declination axis reads ±180° about the visible pole, so that flips go over it. */
static double
normalize_axis_dec (const CriaSimMount *self,
                    double              degrees)
{
  return cria_sim_astro_wrap_degrees_signed (degrees - pole (self)) + pole (self);
}

static CriaSimPierSide
side_of_axes (double axis_dec)
{
  return fabs (cria_sim_astro_wrap_degrees_signed (axis_dec)) <= 90.0 ? CRIA_SIM_PIER_EAST
                                                                      : CRIA_SIM_PIER_WEST;
}

static void
axes_for (const CriaSimMount *self,
          double              hour_angle,
          double              declination,
          CriaSimPierSide     side,
          double             *axis_ha,
          double             *axis_dec)
{
  if (side == CRIA_SIM_PIER_WEST)
    {
      *axis_ha = normalize_axis_ha (hour_angle + 12.0);
      *axis_dec = normalize_axis_dec (self, 180.0 - declination);
    }
  else
    {
      *axis_ha = normalize_axis_ha (hour_angle);
      *axis_dec = normalize_axis_dec (self, declination);
    }
}

void
cria_sim_mount_init (CriaSimMount *self,
                     gint64        real_us,
                     double        sim_seconds)
{
  memset (self, 0, sizeof *self);

  self->latitude = DEFAULT_LATITUDE;
  self->longitude = DEFAULT_LONGITUDE;
  self->elevation = DEFAULT_ELEVATION;

  self->drive_rate = CRIA_SIM_DRIVE_SIDEREAL;
  /* Half sidereal, the usual default of guiding software. */
  self->guide_rate_ra = CRIA_SIM_ASTRO_SIDEREAL_RATE / 2.0;
  self->guide_rate_dec = CRIA_SIM_ASTRO_SIDEREAL_RATE / 2.0;

  self->axis_ha = HOME_AXIS_HA;
  self->axis_dec = pole (self);
  self->park_axis_ha = self->axis_ha;
  self->park_axis_dec = self->axis_dec;
  self->at_home = TRUE;
  self->goal_side = CRIA_SIM_PIER_UNKNOWN;

  self->now_real_us = real_us;
  self->now_sim = sim_seconds;
}

gint64
cria_sim_mount_get_utc (const CriaSimMount *self)
{
  return self->now_real_us + self->clock_offset_us;
}

void
cria_sim_mount_set_utc (CriaSimMount *self,
                        gint64        utc_us)
{
  self->clock_offset_us = utc_us - self->now_real_us;
}

double
cria_sim_mount_get_sidereal_time (const CriaSimMount *self)
{
  double jd = cria_sim_astro_julian_date (cria_sim_mount_get_utc (self));

  return cria_sim_astro_local_sidereal_time (jd, self->longitude);
}

void
cria_sim_mount_set_latitude (CriaSimMount *self,
                             double        latitude)
{
  gboolean flipped = (latitude >= 0) != (self->latitude >= 0);

  self->latitude = latitude;
  if (flipped)
    {
      /* A park position at one pole would point below the horizon at the other. */
      self->park_axis_dec = -self->park_axis_dec;
      self->goal_axis_dec = -self->goal_axis_dec;
    }
  self->axis_dec = normalize_axis_dec (self, self->axis_dec);
  self->park_axis_dec = normalize_axis_dec (self, self->park_axis_dec);
}

void
cria_sim_mount_get_hour_angle_dec (const CriaSimMount *self,
                                   double             *hour_angle,
                                   double             *declination)
{
  double d = cria_sim_astro_wrap_degrees_signed (self->axis_dec);
  double ha = self->axis_ha;

  if (fabs (d) > 90.0)
    {
      ha += 12.0;
      d = d > 0 ? 180.0 - d : -180.0 - d;
    }

  if (hour_angle != NULL)
    *hour_angle = cria_sim_astro_wrap_hour_angle (ha);
  if (declination != NULL)
    *declination = d;
}

void
cria_sim_mount_get_equatorial (const CriaSimMount *self,
                               double             *right_ascension,
                               double             *declination)
{
  double ha;

  cria_sim_mount_get_hour_angle_dec (self, &ha, declination);
  if (right_ascension != NULL)
    *right_ascension = cria_sim_astro_wrap_hours (cria_sim_mount_get_sidereal_time (self) - ha);
}

void
cria_sim_mount_get_horizontal (const CriaSimMount *self,
                               double             *altitude,
                               double             *azimuth)
{
  double ha, dec;

  cria_sim_mount_get_hour_angle_dec (self, &ha, &dec);
  cria_sim_astro_equatorial_to_horizontal (ha, dec, self->latitude, altitude, azimuth);
}

CriaSimPierSide
cria_sim_mount_get_pier_side (const CriaSimMount *self)
{
  return side_of_axes (self->axis_dec);
}

CriaSimPierSide
cria_sim_mount_destination_side (const CriaSimMount *self,
                                 double              hour_angle)
{
  /* Targets in the West are taken in the normal state, those in the East beyond the pole,
   * so that the counterweights stay below the tube at the end of every goto. */
  return cria_sim_astro_wrap_hour_angle (hour_angle) >= 0 ? CRIA_SIM_PIER_EAST
                                                          : CRIA_SIM_PIER_WEST;
}

gboolean
cria_sim_mount_is_slewing (const CriaSimMount *self)
{
  return self->goto_kind != CRIA_SIM_GOTO_NONE
         || self->now_sim < self->settle_until
         || self->move_rate[0] != 0
         || self->move_rate[1] != 0;
}

gboolean
cria_sim_mount_is_pulse_guiding (const CriaSimMount *self)
{
  return self->now_sim < self->pulse_ra_until || self->now_sim < self->pulse_dec_until;
}

static void
goal_axes (const CriaSimMount *self,
           double             *axis_ha,
           double             *axis_dec)
{
  if (self->goto_kind == CRIA_SIM_GOTO_EQUATORIAL)
    {
      double ha = cria_sim_mount_get_sidereal_time (self) - self->goal_ra;

      axes_for (self, ha, self->goal_dec, self->goal_side, axis_ha, axis_dec);
    }
  else
    {
      *axis_ha = self->goal_axis_ha;
      *axis_dec = self->goal_axis_dec;
    }
}

/* Both axes run at full rate at once; the goal of an equatorial goto moves with the sky,
 * so it is taken afresh at every step. */
static void
advance_goto (CriaSimMount *self,
              double        start_sim,
              double        dt_sim)
{
  double goal_ha, goal_dec, d_ha, d_dec, needed, step;

  goal_axes (self, &goal_ha, &goal_dec);
  d_ha = (goal_ha - self->axis_ha) * 15.0;
  d_dec = goal_dec - self->axis_dec;
  needed = MAX (fabs (d_ha), fabs (d_dec)) / CRIA_SIM_MOUNT_SLEW_RATE;

  if (needed <= dt_sim)
    {
      self->axis_ha = goal_ha;
      self->axis_dec = goal_dec;
      self->settle_until = start_sim + needed + self->settle_time;
      if (self->goto_kind == CRIA_SIM_GOTO_PARK)
        self->at_park = TRUE;
      else if (self->goto_kind == CRIA_SIM_GOTO_HOME)
        self->at_home = TRUE;
      self->goto_kind = CRIA_SIM_GOTO_NONE;
      return;
    }

  step = CRIA_SIM_MOUNT_SLEW_RATE * dt_sim;
  self->axis_ha += CLAMP (d_ha, -step, step) / 15.0;
  self->axis_dec += CLAMP (d_dec, -step, step);
}

static double
overlap (double start,
         double end,
         double until)
{
  return MAX (0.0, MIN (end, until) - start);
}

/* Hours of apparent sidereal time that pass from the last update to new_real_us: the mean
 * rate, plus the slow change of the equation of the equinoxes, so that sidereal tracking
 * holds the apparent coordinates exactly. */
static double
sky_turn (const CriaSimMount *self,
          gint64              new_real_us,
          double              dt_real)
{
  double mean = dt_real * CRIA_SIM_ASTRO_SIDEREAL_RATE / 15.0;
  double old_lst = cria_sim_mount_get_sidereal_time (self);
  double new_jd = cria_sim_astro_julian_date (new_real_us + self->clock_offset_us);
  double new_lst = cria_sim_astro_local_sidereal_time (new_jd, self->longitude);

  return mean + cria_sim_astro_wrap_hour_angle (new_lst - old_lst - mean);
}

void
cria_sim_mount_update (CriaSimMount *self,
                       gint64        real_us,
                       double        sim_seconds)
{
  /* Neither clock may run backwards (the system clock may be set back). */
  gint64 new_real_us = MAX (real_us, self->now_real_us);
  double dt_real = (new_real_us - self->now_real_us) / (double) G_USEC_PER_SEC;
  double sky_hours = sky_turn (self, new_real_us, dt_real);
  double start_sim = self->now_sim;
  double dt_sim = MAX (0.0, sim_seconds - start_sim);
  double dec_sign = cria_sim_mount_get_pier_side (self) == CRIA_SIM_PIER_EAST ? 1.0 : -1.0;

  self->now_real_us = new_real_us;
  self->now_sim = start_sim + dt_sim;

  if (self->goto_kind != CRIA_SIM_GOTO_NONE)
    {
      advance_goto (self, start_sim, dt_sim);
    }
  else
    {
      /* MoveAxis takes an axis over from tracking until its rate is set back to zero.
       * Positive primary rates move East (right ascension up). */
      if (self->move_rate[0] != 0)
        self->axis_ha -= self->move_rate[0] * dt_sim / 15.0;
      else if (self->tracking)
        self->axis_ha += sky_hours * cria_sim_astro_drive_rate (self->drive_rate)
                                   / cria_sim_astro_drive_rate (CRIA_SIM_DRIVE_SIDEREAL)
                         - self->ra_rate * dt_real * CRIA_SIM_ASTRO_SIDEREAL_PER_SI / 3600.0;

      if (self->move_rate[1] != 0)
        self->axis_dec += self->move_rate[1] * dt_sim;
      else if (self->tracking)
        self->axis_dec += dec_sign * self->dec_rate * dt_real / 3600.0;
    }

  /* Guide pulses add to whatever else moves the axes. */
  self->axis_ha -= self->pulse_ra_rate
                   * overlap (start_sim, self->now_sim, self->pulse_ra_until) / 15.0;
  self->axis_dec += dec_sign * self->pulse_dec_rate
                    * overlap (start_sim, self->now_sim, self->pulse_dec_until);

  self->axis_ha = normalize_axis_ha (self->axis_ha);
  self->axis_dec = normalize_axis_dec (self, self->axis_dec);
}

static void
start_goto (CriaSimMount *self,
            CriaSimGoto   kind)
{
  self->goto_kind = kind;
  self->move_rate[0] = 0;
  self->move_rate[1] = 0;
  self->pulse_ra_until = 0;
  self->pulse_dec_until = 0;
  self->settle_until = 0;
  self->at_home = FALSE;
}

void
cria_sim_mount_goto_equatorial (CriaSimMount *self,
                                double        right_ascension,
                                double        declination)
{
  double ha = cria_sim_mount_get_sidereal_time (self) - right_ascension;

  start_goto (self, CRIA_SIM_GOTO_EQUATORIAL);
  self->goal_ra = right_ascension;
  self->goal_dec = declination;
  self->goal_side = cria_sim_mount_destination_side (self, ha);
}

void
cria_sim_mount_goto_hour_angle (CriaSimMount *self,
                                double        hour_angle,
                                double        declination)
{
  start_goto (self, CRIA_SIM_GOTO_AXES);
  self->goal_side = cria_sim_mount_destination_side (self, hour_angle);
  axes_for (self, hour_angle, declination, self->goal_side,
            &self->goal_axis_ha, &self->goal_axis_dec);
}

void
cria_sim_mount_park (CriaSimMount *self)
{
  if (self->at_park)
    return;

  self->tracking = FALSE;
  start_goto (self, CRIA_SIM_GOTO_PARK);
  self->goal_axis_ha = self->park_axis_ha;
  self->goal_axis_dec = self->park_axis_dec;
}

void
cria_sim_mount_unpark (CriaSimMount *self)
{
  self->at_park = FALSE;
}

void
cria_sim_mount_set_park_here (CriaSimMount *self)
{
  self->park_axis_ha = self->axis_ha;
  self->park_axis_dec = self->axis_dec;
}

void
cria_sim_mount_find_home (CriaSimMount *self)
{
  /* At home the mount must stay put, so tracking stops. */
  self->tracking = FALSE;
  start_goto (self, CRIA_SIM_GOTO_HOME);
  self->goal_axis_ha = HOME_AXIS_HA;
  self->goal_axis_dec = pole (self);
}

void
cria_sim_mount_sync_hour_angle (CriaSimMount *self,
                                double        hour_angle,
                                double        declination)
{
  axes_for (self, hour_angle, declination, cria_sim_mount_get_pier_side (self),
            &self->axis_ha, &self->axis_dec);
  self->at_home = FALSE;
}

void
cria_sim_mount_abort (CriaSimMount *self)
{
  self->goto_kind = CRIA_SIM_GOTO_NONE;
  self->move_rate[0] = 0;
  self->move_rate[1] = 0;
  self->settle_until = 0;
}

void
cria_sim_mount_move_axis (CriaSimMount *self,
                          guint         axis,
                          double        rate)
{
  g_return_if_fail (axis < CRIA_SIM_MOUNT_N_AXES);

  if (rate != 0)
    {
      /* Like a hand pad: pressing a direction key ends a goto. */
      self->goto_kind = CRIA_SIM_GOTO_NONE;
      self->settle_until = 0;
      self->at_home = FALSE;
    }
  self->move_rate[axis] = rate;
}

void
cria_sim_mount_pulse_guide (CriaSimMount          *self,
                            CriaSimGuideDirection  direction,
                            double                 seconds)
{
  double until = self->now_sim + MAX (seconds, 0.0);

  switch (direction)
    {
    case CRIA_SIM_GUIDE_NORTH:
    case CRIA_SIM_GUIDE_SOUTH:
      self->pulse_dec_until = until;
      self->pulse_dec_rate = direction == CRIA_SIM_GUIDE_NORTH ? self->guide_rate_dec
                                                               : -self->guide_rate_dec;
      break;
    case CRIA_SIM_GUIDE_EAST:
    case CRIA_SIM_GUIDE_WEST:
    default:
      self->pulse_ra_until = until;
      self->pulse_ra_rate = direction == CRIA_SIM_GUIDE_EAST ? self->guide_rate_ra
                                                             : -self->guide_rate_ra;
      break;
    }

  if (seconds > 0)
    self->at_home = FALSE;
}

void
cria_sim_mount_set_tracking (CriaSimMount *self,
                             gboolean      tracking)
{
  self->tracking = !!tracking;
  if (self->tracking)
    self->at_home = FALSE;
}
