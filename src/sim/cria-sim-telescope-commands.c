/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-sim"

#include "config.h"

#include <math.h>

#include "cria-sim-telescope-private.h"

/* The PUT members of the simulated telescope: commands and settings, with their checks. */
#define MAX_GUIDE_RATE      (10.0 * CRIA_SIM_ASTRO_SIDEREAL_RATE) /* degrees per second */
#define MAX_RA_RATE         100.0    /* RA seconds per sidereal second */
#define MAX_DEC_RATE        1500.0   /* arcseconds per SI second */
#define MAX_SETTLE_TIME     3600
#define MAX_PULSE_MS        600000

typedef gboolean (*MethodFunc) (CriaSimTelescope  *self,
                                CriaSimRequest    *request,
                                GError           **error);

static gboolean fail (GError     **error,
                      int          code,
                      const char  *format,
                      ...) G_GNUC_PRINTF (3, 4);

/* Sets an ASCOM error and returns FALSE, for one-line checks. */
static gboolean
fail (GError     **error,
      int          code,
      const char  *format,
      ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, CRIA_ALPACA_ERROR, code, message);
  return FALSE;
}

static gboolean
read_double (CriaSimRequest  *request,
             const char      *name,
             double           min,
             double           max,
             double          *value,
             GError         **error)
{
  char value_text[G_ASCII_DTOSTR_BUF_SIZE];
  char min_text[G_ASCII_DTOSTR_BUF_SIZE];
  char max_text[G_ASCII_DTOSTR_BUF_SIZE];

  if (!cria_sim_request_get_double (request, name, value, error))
    return FALSE;
  if (isfinite (*value) && *value >= min && *value <= max)
    return TRUE;

  return fail (error, CRIA_ALPACA_ERROR_INVALID_VALUE, "%s %s is out of range (%s to %s)", name,
               g_ascii_dtostr (value_text, sizeof value_text, *value),
               g_ascii_dtostr (min_text, sizeof min_text, min),
               g_ascii_dtostr (max_text, sizeof max_text, max));
}

static gboolean
read_int (CriaSimRequest  *request,
          const char      *name,
          gint64           min,
          gint64           max,
          gint64          *value,
          GError         **error)
{
  if (!cria_sim_request_get_int (request, name, value, error))
    return FALSE;
  if (*value >= min && *value <= max)
    return TRUE;

  return fail (error, CRIA_ALPACA_ERROR_INVALID_VALUE,
               "%s %" G_GINT64_FORMAT " is out of range (%" G_GINT64_FORMAT
               " to %" G_GINT64_FORMAT ")",
               name, *value, min, max);
}

/* Right ascension and declination parameters under the given names; 24 h reads as 0 h. */
gboolean
cria_sim_telescope_read_coordinates (CriaSimRequest  *request,
                                     const char      *ra_name,
                                     const char      *dec_name,
                                     double          *ra,
                                     double          *dec,
                                     GError         **error)
{
  if (!read_double (request, ra_name, 0, 24, ra, error) ||
      !read_double (request, dec_name, -90, 90, dec, error))
    return FALSE;

  *ra = cria_sim_astro_wrap_hours (*ra);
  return TRUE;
}

static gboolean
read_horizontal (CriaSimRequest  *request,
                 double           min_altitude,
                 double          *altitude,
                 double          *azimuth,
                 GError         **error)
{
  if (!read_double (request, "Azimuth", 0, 360, azimuth, error) ||
      !read_double (request, "Altitude", min_altitude, 90, altitude, error))
    return FALSE;

  *azimuth = cria_sim_astro_wrap_degrees (*azimuth);
  return TRUE;
}

static void
horizontal_to_equatorial (CriaSimTelescope *self,
                          double            altitude,
                          double            azimuth,
                          double           *hour_angle,
                          double           *declination)
{
  if (self->does_refraction)
    altitude = cria_sim_astro_unrefract (altitude);
  cria_sim_astro_horizontal_to_equatorial (altitude, azimuth, self->mount.latitude,
                                           hour_angle, declination);
}

static gboolean
check_not_parked (CriaSimTelescope  *self,
                  const char        *what,
                  GError           **error)
{
  if (!self->mount.at_park)
    return TRUE;
  return fail (error, CRIA_ALPACA_ERROR_INVALID_WHILE_PARKED,
               "The mount is parked: unpark it before %s", what);
}

static gboolean
check_tracking (CriaSimTelescope  *self,
                gboolean           wanted,
                const char        *what,
                GError           **error)
{
  if (self->mount.tracking == wanted)
    return TRUE;
  return fail (error, CRIA_ALPACA_ERROR_INVALID_OPERATION,
               wanted ? "Tracking is off: turn it on before %s"
                      : "Tracking is on: turn it off before %s", what);
}

static gboolean
check_above_horizon (CriaSimTelescope  *self,
                     double             hour_angle,
                     double             declination,
                     GError           **error)
{
  double altitude, azimuth;
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  cria_sim_telescope_to_horizontal (self, hour_angle, declination, &altitude, &azimuth);
  if (altitude >= 0)
    return TRUE;
  return fail (error, CRIA_ALPACA_ERROR_INVALID_VALUE,
               "The target is below the horizon (altitude %s°)",
               g_ascii_formatd (text, sizeof text, "%.2f", altitude));
}

static gboolean
check_not_slewing (CriaSimTelescope  *self,
                   const char        *what,
                   GError           **error)
{
  if (!cria_sim_mount_is_slewing (&self->mount))
    return TRUE;
  return fail (error, CRIA_ALPACA_ERROR_INVALID_OPERATION,
               "The mount is slewing: wait for the slew to end before %s", what);
}

static gboolean
check_target (CriaSimTelescope  *self,
              GError           **error)
{
  if (!self->have_target_ra)
    return fail (error, CRIA_ALPACA_ERROR_VALUE_NOT_SET,
                 "TargetRightAscension has not been set");
  if (!self->have_target_dec)
    return fail (error, CRIA_ALPACA_ERROR_VALUE_NOT_SET, "TargetDeclination has not been set");
  return TRUE;
}

static void
set_target (CriaSimTelescope *self,
            double            ra,
            double            dec)
{
  self->target_ra = ra;
  self->target_dec = dec;
  self->have_target_ra = TRUE;
  self->have_target_dec = TRUE;
}

static gboolean
goto_coordinates (CriaSimTelescope  *self,
                  double             ra,
                  double             dec,
                  GError           **error)
{
  double ha = cria_sim_mount_get_sidereal_time (&self->mount) - ra;

  if (!check_not_parked (self, "slewing", error) ||
      !check_tracking (self, TRUE, "slewing to equatorial coordinates", error) ||
      !check_above_horizon (self, ha, dec, error))
    return FALSE;

  cria_sim_mount_goto_equatorial (&self->mount, ra, dec);
  return TRUE;
}

static gboolean
slew_to_coordinates_async (CriaSimTelescope  *self,
                           CriaSimRequest    *request,
                           GError           **error)
{
  double ra, dec;

  if (!cria_sim_telescope_read_coordinates (request, "RightAscension", "Declination",
                                            &ra, &dec, error))
    return FALSE;
  set_target (self, ra, dec);
  return goto_coordinates (self, ra, dec, error);
}

static gboolean
slew_to_target_async (CriaSimTelescope  *self,
                      CriaSimRequest    *request,
                      GError           **error)
{
  return check_target (self, error) &&
         goto_coordinates (self, self->target_ra, self->target_dec, error);
}

static gboolean
slew_to_alt_az_async (CriaSimTelescope  *self,
                      CriaSimRequest    *request,
                      GError           **error)
{
  double altitude, azimuth, ha, dec;

  if (!read_horizontal (request, -90, &altitude, &azimuth, error))
    return FALSE;
  if (altitude < 0)
    return fail (error, CRIA_ALPACA_ERROR_INVALID_VALUE, "The target is below the horizon");
  if (!check_not_parked (self, "slewing", error) ||
      !check_tracking (self, FALSE, "slewing to Alt/Az coordinates", error))
    return FALSE;

  horizontal_to_equatorial (self, altitude, azimuth, &ha, &dec);
  cria_sim_mount_goto_hour_angle (&self->mount, ha, dec);
  return TRUE;
}

static gboolean
sync_coordinates (CriaSimTelescope  *self,
                  double             ra,
                  double             dec,
                  GError           **error)
{
  if (!check_not_parked (self, "syncing", error) ||
      !check_tracking (self, TRUE, "syncing to equatorial coordinates", error) ||
      !check_not_slewing (self, "syncing", error))
    return FALSE;

  cria_sim_mount_sync_hour_angle (&self->mount,
                                  cria_sim_mount_get_sidereal_time (&self->mount) - ra, dec);
  return TRUE;
}

static gboolean
sync_to_coordinates (CriaSimTelescope  *self,
                     CriaSimRequest    *request,
                     GError           **error)
{
  double ra, dec;

  if (!cria_sim_telescope_read_coordinates (request, "RightAscension", "Declination",
                                            &ra, &dec, error))
    return FALSE;
  set_target (self, ra, dec);
  return sync_coordinates (self, ra, dec, error);
}

static gboolean
sync_to_target (CriaSimTelescope  *self,
                CriaSimRequest    *request,
                GError           **error)
{
  return check_target (self, error) &&
         sync_coordinates (self, self->target_ra, self->target_dec, error);
}

static gboolean
sync_to_alt_az (CriaSimTelescope  *self,
                CriaSimRequest    *request,
                GError           **error)
{
  double altitude, azimuth, ha, dec;

  if (!read_horizontal (request, -90, &altitude, &azimuth, error) ||
      !check_not_parked (self, "syncing", error) ||
      !check_tracking (self, FALSE, "syncing to Alt/Az coordinates", error) ||
      !check_not_slewing (self, "syncing", error))
    return FALSE;

  horizontal_to_equatorial (self, altitude, azimuth, &ha, &dec);
  cria_sim_mount_sync_hour_angle (&self->mount, ha, dec);
  return TRUE;
}

static gboolean
synchronous_slew (CriaSimTelescope  *self,
                  CriaSimRequest    *request,
                  GError           **error)
{
  /* Alpaca devices must not block a request for the length of a slew (CanSlew and
   * CanSlewAltAz are false). */
  return fail (error, CRIA_ALPACA_ERROR_NOT_IMPLEMENTED,
               "Synchronous slews are not available over Alpaca: use the …Async methods");
}

static gboolean
abort_slew (CriaSimTelescope  *self,
            CriaSimRequest    *request,
            GError           **error)
{
  if (!check_not_parked (self, "aborting a slew", error))
    return FALSE;
  cria_sim_mount_abort (&self->mount);
  return TRUE;
}

static gboolean
park (CriaSimTelescope  *self,
      CriaSimRequest    *request,
      GError           **error)
{
  cria_sim_mount_park (&self->mount);
  return TRUE;
}

static gboolean
unpark (CriaSimTelescope  *self,
        CriaSimRequest    *request,
        GError           **error)
{
  cria_sim_mount_unpark (&self->mount);
  return TRUE;
}

static gboolean
set_park (CriaSimTelescope  *self,
          CriaSimRequest    *request,
          GError           **error)
{
  if (!check_not_slewing (self, "setting the park position", error))
    return FALSE;
  cria_sim_mount_set_park_here (&self->mount);
  return TRUE;
}

static gboolean
find_home (CriaSimTelescope  *self,
           CriaSimRequest    *request,
           GError           **error)
{
  if (!check_not_parked (self, "finding home", error))
    return FALSE;
  cria_sim_mount_find_home (&self->mount);
  return TRUE;
}

gboolean
cria_sim_telescope_read_axis (CriaSimRequest  *request,
                              gint64          *axis,
                              GError         **error)
{
  return read_int (request, "Axis", 0, 2, axis, error);
}

static gboolean
move_axis (CriaSimTelescope  *self,
           CriaSimRequest    *request,
           GError           **error)
{
  gint64 axis;
  double rate;

  if (!cria_sim_telescope_read_axis (request, &axis, error))
    return FALSE;
  if (axis >= CRIA_SIM_MOUNT_N_AXES)
    return fail (error, CRIA_ALPACA_ERROR_NOT_IMPLEMENTED, "This mount has no tertiary axis");
  if (!check_not_parked (self, "moving an axis", error) ||
      !read_double (request, "Rate", -CRIA_SIM_MOUNT_SLEW_RATE, CRIA_SIM_MOUNT_SLEW_RATE,
                    &rate, error))
    return FALSE;

  cria_sim_mount_move_axis (&self->mount, axis, rate);
  return TRUE;
}

static gboolean
pulse_guide (CriaSimTelescope  *self,
             CriaSimRequest    *request,
             GError           **error)
{
  gint64 direction, duration;

  if (!read_int (request, "Direction", CRIA_SIM_GUIDE_NORTH, CRIA_SIM_GUIDE_WEST,
                 &direction, error) ||
      !read_int (request, "Duration", 0, MAX_PULSE_MS, &duration, error) ||
      !check_not_parked (self, "guiding", error) ||
      !check_not_slewing (self, "guiding", error))
    return FALSE;

  cria_sim_mount_pulse_guide (&self->mount, direction, duration / 1000.0);
  return TRUE;
}

static gboolean
put_tracking (CriaSimTelescope  *self,
              CriaSimRequest    *request,
              GError           **error)
{
  gboolean tracking;

  if (!cria_sim_request_get_bool (request, "Tracking", &tracking, error))
    return FALSE;
  if (tracking && !check_not_parked (self, "tracking", error))
    return FALSE;

  cria_sim_mount_set_tracking (&self->mount, tracking);
  return TRUE;
}

static gboolean
put_tracking_rate (CriaSimTelescope  *self,
                   CriaSimRequest    *request,
                   GError           **error)
{
  gint64 rate;

  if (!read_int (request, "TrackingRate", 0, CRIA_SIM_N_DRIVE_RATES - 1, &rate, error))
    return FALSE;

  self->mount.drive_rate = rate;
  /* Offset rates only make sense on top of sidereal tracking. */
  if (rate != CRIA_SIM_DRIVE_SIDEREAL)
    {
      self->mount.ra_rate = 0;
      self->mount.dec_rate = 0;
    }
  return TRUE;
}

static gboolean
check_sidereal (CriaSimTelescope  *self,
                GError           **error)
{
  if (self->mount.drive_rate == CRIA_SIM_DRIVE_SIDEREAL)
    return TRUE;
  return fail (error, CRIA_ALPACA_ERROR_INVALID_OPERATION,
               "Rate offsets apply to sidereal tracking only: set TrackingRate to Sidereal first");
}

static gboolean
put_right_ascension_rate (CriaSimTelescope  *self,
                          CriaSimRequest    *request,
                          GError           **error)
{
  double rate;

  if (!check_sidereal (self, error) ||
      !read_double (request, "RightAscensionRate", -MAX_RA_RATE, MAX_RA_RATE, &rate, error))
    return FALSE;
  self->mount.ra_rate = rate;
  return TRUE;
}

static gboolean
put_declination_rate (CriaSimTelescope  *self,
                      CriaSimRequest    *request,
                      GError           **error)
{
  double rate;

  if (!check_sidereal (self, error) ||
      !read_double (request, "DeclinationRate", -MAX_DEC_RATE, MAX_DEC_RATE, &rate, error))
    return FALSE;
  self->mount.dec_rate = rate;
  return TRUE;
}

static gboolean
put_guide_rate_ra (CriaSimTelescope  *self,
                   CriaSimRequest    *request,
                   GError           **error)
{
  double rate;

  if (!read_double (request, "GuideRateRightAscension", 0, MAX_GUIDE_RATE, &rate, error))
    return FALSE;
  self->mount.guide_rate_ra = rate;
  return TRUE;
}

static gboolean
put_guide_rate_dec (CriaSimTelescope  *self,
                    CriaSimRequest    *request,
                    GError           **error)
{
  double rate;

  if (!read_double (request, "GuideRateDeclination", 0, MAX_GUIDE_RATE, &rate, error))
    return FALSE;
  self->mount.guide_rate_dec = rate;
  return TRUE;
}

static gboolean
put_site_latitude (CriaSimTelescope  *self,
                   CriaSimRequest    *request,
                   GError           **error)
{
  double latitude;

  if (!read_double (request, "SiteLatitude", -90, 90, &latitude, error))
    return FALSE;
  cria_sim_mount_set_latitude (&self->mount, latitude);
  return TRUE;
}

static gboolean
put_site_longitude (CriaSimTelescope  *self,
                    CriaSimRequest    *request,
                    GError           **error)
{
  double longitude;

  if (!read_double (request, "SiteLongitude", -180, 180, &longitude, error))
    return FALSE;
  self->mount.longitude = longitude;
  return TRUE;
}

static gboolean
put_site_elevation (CriaSimTelescope  *self,
                    CriaSimRequest    *request,
                    GError           **error)
{
  double elevation;

  if (!read_double (request, "SiteElevation", -300, 10000, &elevation, error))
    return FALSE;
  self->mount.elevation = elevation;
  return TRUE;
}

static gboolean
put_slew_settle_time (CriaSimTelescope  *self,
                      CriaSimRequest    *request,
                      GError           **error)
{
  gint64 seconds;

  if (!read_int (request, "SlewSettleTime", 0, MAX_SETTLE_TIME, &seconds, error))
    return FALSE;
  self->mount.settle_time = seconds;
  return TRUE;
}

static gboolean
put_target_ra (CriaSimTelescope  *self,
               CriaSimRequest    *request,
               GError           **error)
{
  double ra;

  if (!read_double (request, "TargetRightAscension", 0, 24, &ra, error))
    return FALSE;
  self->target_ra = cria_sim_astro_wrap_hours (ra);
  self->have_target_ra = TRUE;
  return TRUE;
}

static gboolean
put_target_dec (CriaSimTelescope  *self,
                CriaSimRequest    *request,
                GError           **error)
{
  double dec;

  if (!read_double (request, "TargetDeclination", -90, 90, &dec, error))
    return FALSE;
  self->target_dec = dec;
  self->have_target_dec = TRUE;
  return TRUE;
}

static gboolean
put_does_refraction (CriaSimTelescope  *self,
                     CriaSimRequest    *request,
                     GError           **error)
{
  gboolean refraction;

  if (!cria_sim_request_get_bool (request, "DoesRefraction", &refraction, error))
    return FALSE;
  self->does_refraction = refraction;
  return TRUE;
}

static gboolean
put_utc_date (CriaSimTelescope  *self,
              CriaSimRequest    *request,
              GError           **error)
{
  const char *text = cria_sim_request_get_string (request, "UTCDate", error);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL)
    return FALSE;

  time = g_date_time_new_from_iso8601 (text, utc);
  if (time == NULL)
    return fail (error, CRIA_ALPACA_ERROR_INVALID_VALUE,
                 "UTCDate “%s” is not an ISO 8601 date and time such as "
                 "2024-03-04T17:45:31.1234567Z", text);

  cria_sim_mount_set_utc (&self->mount, g_date_time_to_unix (time) * G_USEC_PER_SEC
                                        + g_date_time_get_microsecond (time));
  return TRUE;
}

static gboolean
put_side_of_pier (CriaSimTelescope  *self,
                  CriaSimRequest    *request,
                  GError           **error)
{
  return fail (error, CRIA_ALPACA_ERROR_NOT_IMPLEMENTED,
               "This mount cannot be made to flip (CanSetPierSide is false)");
}

static const struct
{
  const char *member;
  MethodFunc  func;
} put_members[] = {
  { "abortslew", abort_slew },
  { "declinationrate", put_declination_rate },
  { "doesrefraction", put_does_refraction },
  { "findhome", find_home },
  { "guideratedeclination", put_guide_rate_dec },
  { "guideraterightascension", put_guide_rate_ra },
  { "moveaxis", move_axis },
  { "park", park },
  { "pulseguide", pulse_guide },
  { "rightascensionrate", put_right_ascension_rate },
  { "setpark", set_park },
  { "sideofpier", put_side_of_pier },
  { "siteelevation", put_site_elevation },
  { "sitelatitude", put_site_latitude },
  { "sitelongitude", put_site_longitude },
  { "slewsettletime", put_slew_settle_time },
  { "slewtoaltaz", synchronous_slew },
  { "slewtoaltazasync", slew_to_alt_az_async },
  { "slewtocoordinates", synchronous_slew },
  { "slewtocoordinatesasync", slew_to_coordinates_async },
  { "slewtotarget", synchronous_slew },
  { "slewtotargetasync", slew_to_target_async },
  { "synctoaltaz", sync_to_alt_az },
  { "synctocoordinates", sync_to_coordinates },
  { "synctotarget", sync_to_target },
  { "targetdeclination", put_target_dec },
  { "targetrightascension", put_target_ra },
  { "tracking", put_tracking },
  { "trackingrate", put_tracking_rate },
  { "unpark", unpark },
  { "utcdate", put_utc_date },
};

gboolean
cria_sim_telescope_put (CriaSimTelescope  *self,
                        const char        *member,
                        CriaSimRequest    *request,
                        GError           **error)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (put_members); i++)
    if (g_str_equal (member, put_members[i].member))
      return put_members[i].func (self, request, error);

  return FALSE;
}
