/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cria-sim-astro.h"

G_BEGIN_DECLS

/* The motion model of the simulated German equatorial mount, apart from the protocol: plain
 * data, no locking, no clock of its own. Every call works at the instant of the last
 * cria_sim_mount_update(), so callers update first, then read or command.
 *
 * Two clocks drive it: the sky turns with the real (wall) clock, so that sidereal time is
 * true; the hardware (slews, MoveAxis, guide pulses) runs on the simulated clock, which the
 * speed option scales.
 *
 * The axes are mechanical, per ASCOM's pointing-state convention: the hour-angle axis reads
 * the sky hour angle and the declination axis the sky declination in the normal state
 * (|mechanical dec| <= 90°, pierEast, looking West with the counterweights down); beyond
 * the pole, sky HA = mechanical HA + 12 h and sky dec = 180° − mechanical dec (pierWest). */

#define CRIA_SIM_MOUNT_SLEW_RATE   4.0  /* degrees per second, each axis */
#define CRIA_SIM_MOUNT_N_AXES      2

/* ASCOM's PierSide numbering. */
typedef enum
{
  CRIA_SIM_PIER_UNKNOWN = -1,
  CRIA_SIM_PIER_EAST    = 0,
  CRIA_SIM_PIER_WEST    = 1,
} CriaSimPierSide;

/* ASCOM's GuideDirection numbering. */
typedef enum
{
  CRIA_SIM_GUIDE_NORTH,
  CRIA_SIM_GUIDE_SOUTH,
  CRIA_SIM_GUIDE_EAST,
  CRIA_SIM_GUIDE_WEST,
} CriaSimGuideDirection;

typedef enum
{
  CRIA_SIM_GOTO_NONE,
  CRIA_SIM_GOTO_EQUATORIAL, /* follows a right ascension as the sky turns */
  CRIA_SIM_GOTO_AXES,       /* fixed axis positions: an Alt/Az target */
  CRIA_SIM_GOTO_PARK,
  CRIA_SIM_GOTO_HOME,
} CriaSimGoto;

typedef struct
{
  /* Site; latitude and longitude in degrees (East positive), elevation in metres. */
  double            latitude;
  double            longitude;
  double            elevation;
  /* The mount's clock (UTCDate) minus the system clock. */
  gint64            clock_offset_us;

  /* Mechanical axes: hour angle in hours, declination in degrees. */
  double            axis_ha;
  double            axis_dec;

  gboolean          tracking;
  CriaSimDriveRate  drive_rate;
  double            ra_rate;        /* RA seconds per sidereal second, while tracking */
  double            dec_rate;       /* arcseconds per SI second, while tracking */
  double            guide_rate_ra;  /* degrees per second */
  double            guide_rate_dec;
  double            settle_time;    /* seconds Slewing stays true after a goto */

  CriaSimGoto       goto_kind;
  double            goal_ra;        /* CRIA_SIM_GOTO_EQUATORIAL: sky coordinates */
  double            goal_dec;
  CriaSimPierSide   goal_side;
  double            goal_axis_ha;   /* otherwise: axis positions */
  double            goal_axis_dec;
  double            settle_until;   /* simulated seconds */

  double            move_rate[CRIA_SIM_MOUNT_N_AXES]; /* MoveAxis, degrees per second */
  double            pulse_ra_until;                    /* simulated seconds */
  double            pulse_ra_rate;                     /* degrees per second, East positive */
  double            pulse_dec_until;
  double            pulse_dec_rate;                    /* North positive */

  gboolean          at_park;
  gboolean          at_home;
  double            park_axis_ha;
  double            park_axis_dec;

  /* The instant of the last update. */
  gint64            now_real_us;
  double            now_sim;
} CriaSimMount;

/* At home, not tracking, at the given instant. */
void             cria_sim_mount_init                (CriaSimMount          *self,
                                                     gint64                 real_us,
                                                     double                 sim_seconds);
/* Advances the state to this instant: real_us is the system clock (g_get_real_time()),
 * sim_seconds the device's simulated time. */
void             cria_sim_mount_update              (CriaSimMount          *self,
                                                     gint64                 real_us,
                                                     double                 sim_seconds);

/* UTC of the mount's clock, microseconds since the Unix epoch; setting it keeps the axes. */
gint64           cria_sim_mount_get_utc             (const CriaSimMount    *self);
void             cria_sim_mount_set_utc             (CriaSimMount          *self,
                                                     gint64                 utc_us);
double           cria_sim_mount_get_sidereal_time   (const CriaSimMount    *self);
/* Changing the site keeps the axes; the home and park positions follow the hemisphere. */
void             cria_sim_mount_set_latitude        (CriaSimMount          *self,
                                                     double                 latitude);

void             cria_sim_mount_get_hour_angle_dec  (const CriaSimMount    *self,
                                                     double                *hour_angle,
                                                     double                *declination);
void             cria_sim_mount_get_equatorial      (const CriaSimMount    *self,
                                                     double                *right_ascension,
                                                     double                *declination);
/* Geometric altitude and azimuth, without refraction. */
void             cria_sim_mount_get_horizontal      (const CriaSimMount    *self,
                                                     double                *altitude,
                                                     double                *azimuth);
CriaSimPierSide  cria_sim_mount_get_pier_side       (const CriaSimMount    *self);
/* The pointing state a goto to this hour angle would end in. */
CriaSimPierSide  cria_sim_mount_destination_side    (const CriaSimMount    *self,
                                                     double                 hour_angle);

gboolean         cria_sim_mount_is_slewing          (const CriaSimMount    *self);
gboolean         cria_sim_mount_is_pulse_guiding    (const CriaSimMount    *self);
/* Gotos replace any goto or MoveAxis in progress and clear AtHome. */
void             cria_sim_mount_goto_equatorial     (CriaSimMount          *self,
                                                     double                 right_ascension,
                                                     double                 declination);
void             cria_sim_mount_goto_hour_angle     (CriaSimMount          *self,
                                                     double                 hour_angle,
                                                     double                 declination);
/* Stops tracking and slews to the park position; AtPark once there. */
void             cria_sim_mount_park                (CriaSimMount          *self);
void             cria_sim_mount_unpark              (CriaSimMount          *self);
void             cria_sim_mount_set_park_here       (CriaSimMount          *self);
/* Stops tracking and slews home; AtHome once there. */
void             cria_sim_mount_find_home           (CriaSimMount          *self);
/* Sets the axes to point at these coordinates, in the present pointing state. */
void             cria_sim_mount_sync_hour_angle     (CriaSimMount          *self,
                                                     double                 hour_angle,
                                                     double                 declination);
/* Stops gotos and MoveAxis where they are, without settling. */
void             cria_sim_mount_abort               (CriaSimMount          *self);
void             cria_sim_mount_move_axis           (CriaSimMount          *self,
                                                     guint                  axis,
                                                     double                 rate);
void             cria_sim_mount_pulse_guide         (CriaSimMount          *self,
                                                     CriaSimGuideDirection  direction,
                                                     double                 seconds);
void             cria_sim_mount_set_tracking        (CriaSimMount          *self,
                                                     gboolean               tracking);

G_END_DECLS
