/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Pure astronomy helpers for the simulated mount: plain functions, no state. Angles are in
 * degrees, right ascension, hour angle and sidereal time in hours, azimuth from North
 * through East. */

#define CRIA_SIM_ASTRO_J2000            2451545.0
#define CRIA_SIM_ASTRO_JD_UNIX_EPOCH    2440587.5
/* The Earth's rotation against the stars, in degrees per SI second (the rate of GMST). */
#define CRIA_SIM_ASTRO_SIDEREAL_RATE    (360.98564736629 / 86400.0)
/* Sidereal seconds in one SI second. */
#define CRIA_SIM_ASTRO_SIDEREAL_PER_SI  1.00273790935

/* The numbering of ASCOM's DriveRate enumeration. */
typedef enum
{
  CRIA_SIM_DRIVE_SIDEREAL,
  CRIA_SIM_DRIVE_LUNAR,
  CRIA_SIM_DRIVE_SOLAR,
  CRIA_SIM_DRIVE_KING,
  CRIA_SIM_N_DRIVE_RATES
} CriaSimDriveRate;

/* Julian date (UT) of a time given in microseconds since the Unix epoch. */
double   cria_sim_astro_julian_date             (gint64            unix_us);
/* Greenwich mean sidereal time (IAU 1982), hours in [0, 24). */
double   cria_sim_astro_gmst                    (double            jd_ut);
/* Apparent minus mean sidereal time (nutation in longitude × cos obliquity), hours. */
double   cria_sim_astro_equation_of_equinoxes   (double            jd_ut);
/* Local apparent sidereal time for a longitude in degrees, positive East; hours. */
double   cria_sim_astro_local_sidereal_time     (double            jd_ut,
                                                 double            longitude);

/* Hours into [0, 24). */
double   cria_sim_astro_wrap_hours              (double            hours);
/* Hours into [-12, 12). */
double   cria_sim_astro_wrap_hour_angle         (double            hours);
/* Degrees into [0, 360). */
double   cria_sim_astro_wrap_degrees            (double            degrees);
/* Degrees into [-180, 180). */
double   cria_sim_astro_wrap_degrees_signed     (double            degrees);

void     cria_sim_astro_equatorial_to_horizontal (double           hour_angle,
                                                  double           declination,
                                                  double           latitude,
                                                  double          *altitude,
                                                  double          *azimuth);
void     cria_sim_astro_horizontal_to_equatorial (double           altitude,
                                                  double           azimuth,
                                                  double           latitude,
                                                  double          *hour_angle,
                                                  double          *declination);

/* Atmospheric refraction at standard conditions for a true (geometric) altitude: what to
 * add to get the apparent altitude, in degrees. */
double   cria_sim_astro_refraction              (double            true_altitude);
/* The inverse: the true altitude of an apparent one. */
double   cria_sim_astro_unrefract               (double            apparent_altitude);

/* How fast a drive at this rate turns the polar axis, arcseconds per SI second. */
double   cria_sim_astro_drive_rate              (CriaSimDriveRate  rate);

G_END_DECLS
