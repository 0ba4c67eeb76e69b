/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-sim"

#include "config.h"

#include <math.h>

#include "cria-sim-astro.h"

#define DEG_TO_RAD (G_PI / 180.0)
#define RAD_TO_DEG (180.0 / G_PI)

double
cria_sim_astro_julian_date (gint64 unix_us)
{
  /* Whole days and the remainder apart, so that the microseconds survive the large JD. */
  gint64 day_us = (gint64) 86400 * G_USEC_PER_SEC;
  gint64 days = unix_us / day_us;
  gint64 rest = unix_us % day_us;

  return CRIA_SIM_ASTRO_JD_UNIX_EPOCH + (double) days + (double) rest / (double) day_us;
}

double
cria_sim_astro_gmst (double jd_ut)
{
  double d = jd_ut - CRIA_SIM_ASTRO_J2000;
  double t = d / 36525.0;
  double whole_days = floor (d);
  double degrees;

  /* 360.98564736629 d: the 360 × whole days part is whole turns and is left out, which
   * keeps the precision that a product of millions of degrees would lose. */
  degrees = 280.46061837
            + 360.0 * (d - whole_days)
            + 0.98564736629 * d
            + 0.000387933 * t * t
            - t * t * t / 38710000.0;

  return cria_sim_astro_wrap_hours (degrees / 15.0);
}

double
cria_sim_astro_equation_of_equinoxes (double jd_ut)
{
  double t = (jd_ut - CRIA_SIM_ASTRO_J2000) / 36525.0;
  double node = (125.04452 - 1934.136261 * t) * DEG_TO_RAD;
  double sun = (280.4665 + 36000.7698 * t) * DEG_TO_RAD;
  double moon = (218.3165 + 481267.8813 * t) * DEG_TO_RAD;
  double dpsi, deps, obliquity;

  /* The main terms of the nutation, good to about half an arcsecond. */
  dpsi = -17.20 * sin (node) - 1.32 * sin (2 * sun) - 0.23 * sin (2 * moon) + 0.21 * sin (2 * node);
  deps = 9.20 * cos (node) + 0.57 * cos (2 * sun) + 0.10 * cos (2 * moon) - 0.09 * cos (2 * node);
  obliquity = 23.439291111 + (-46.8150 * t + deps) / 3600.0;

  /* Arcseconds to seconds of time to hours. */
  return dpsi * cos (obliquity * DEG_TO_RAD) / 15.0 / 3600.0;
}

double
cria_sim_astro_local_sidereal_time (double jd_ut,
                                    double longitude)
{
  return cria_sim_astro_wrap_hours (cria_sim_astro_gmst (jd_ut)
                                    + cria_sim_astro_equation_of_equinoxes (jd_ut)
                                    + longitude / 15.0);
}

static double
wrap (double value,
      double start,
      double period)
{
  double wrapped;

  if (!isfinite (value))
    return start;

  wrapped = fmod (value - start, period);
  if (wrapped < 0)
    wrapped += period;
  /* fmod of a tiny negative number plus the period can round up to the period itself. */
  if (wrapped >= period)
    wrapped = 0;

  return start + wrapped;
}

double
cria_sim_astro_wrap_hours (double hours)
{
  return wrap (hours, 0, 24);
}

double
cria_sim_astro_wrap_hour_angle (double hours)
{
  return wrap (hours, -12, 24);
}

double
cria_sim_astro_wrap_degrees (double degrees)
{
  return wrap (degrees, 0, 360);
}

double
cria_sim_astro_wrap_degrees_signed (double degrees)
{
  return wrap (degrees, -180, 360);
}

/* The same rotation serves both ways: it swaps (hour angle, declination) with
 * (azimuth, altitude) about the East-West axis by the colatitude. */
static void
rotate (double  lon_in,
        double  lat_in,
        double  latitude,
        double *lon_out,
        double *lat_out)
{
  double h = lon_in * DEG_TO_RAD;
  double d = lat_in * DEG_TO_RAD;
  double phi = latitude * DEG_TO_RAD;
  double sin_out = sin (phi) * sin (d) + cos (phi) * cos (d) * cos (h);
  double y = -cos (d) * sin (h);
  double x = sin (d) * cos (phi) - cos (d) * sin (phi) * cos (h);

  *lat_out = asin (CLAMP (sin_out, -1.0, 1.0)) * RAD_TO_DEG;
  *lon_out = cria_sim_astro_wrap_degrees (atan2 (y, x) * RAD_TO_DEG);
}

void
cria_sim_astro_equatorial_to_horizontal (double  hour_angle,
                                         double  declination,
                                         double  latitude,
                                         double *altitude,
                                         double *azimuth)
{
  double alt, az;

  rotate (hour_angle * 15.0, declination, latitude, &az, &alt);
  if (altitude != NULL)
    *altitude = alt;
  if (azimuth != NULL)
    *azimuth = az;
}

void
cria_sim_astro_horizontal_to_equatorial (double  altitude,
                                         double  azimuth,
                                         double  latitude,
                                         double *hour_angle,
                                         double *declination)
{
  double ha, dec;

  rotate (azimuth, altitude, latitude, &ha, &dec);
  if (hour_angle != NULL)
    *hour_angle = cria_sim_astro_wrap_hour_angle (ha / 15.0);
  if (declination != NULL)
    *declination = dec;
}

double
cria_sim_astro_refraction (double true_altitude)
{
  /* Sæmundsson's formula, in arcminutes; it diverges well below the horizon, where
   * refraction means nothing for a mount anyway. */
  double h = MAX (true_altitude, -1.0);
  double r = 1.02 / tan ((h + 10.3 / (h + 5.11)) * DEG_TO_RAD);

  return MAX (r, 0.0) / 60.0;
}

double
cria_sim_astro_unrefract (double apparent_altitude)
{
  double h = apparent_altitude;
  int i;

  /* Refraction changes slowly with altitude, so fixed-point steps converge; near the
   * horizon, where it changes fastest, they need a few more. */
  for (i = 0; i < 50; i++)
    {
      double next = apparent_altitude - cria_sim_astro_refraction (h);

      if (fabs (next - h) < 1e-12)
        return next;
      h = next;
    }

  return h;
}

double
cria_sim_astro_drive_rate (CriaSimDriveRate rate)
{
  switch (rate)
    {
    case CRIA_SIM_DRIVE_LUNAR:
      return 14.685;
    case CRIA_SIM_DRIVE_SOLAR:
      return 15.0;
    case CRIA_SIM_DRIVE_KING:
      return 15.0369;
    case CRIA_SIM_DRIVE_SIDEREAL:
    case CRIA_SIM_N_DRIVE_RATES:
    default:
      return CRIA_SIM_ASTRO_SIDEREAL_RATE * 3600.0;
    }
}
