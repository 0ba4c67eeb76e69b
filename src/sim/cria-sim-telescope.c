/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-sim"

#include "config.h"

#include "cria-sim-telescope-private.h"

/* A 200 mm f/5 Newtonian with a 58 mm secondary mirror. */
#define APERTURE_DIAMETER   0.2
#define SECONDARY_DIAMETER  0.058
#define FOCAL_LENGTH        1.0

/* ASCOM's AlignmentMode and EquatorialCoordinateType values. */
#define ALIGNMENT_GERMAN_POLAR       2
#define EQUATORIAL_TOPOCENTRIC       1

G_DEFINE_FINAL_TYPE (CriaSimTelescope, cria_sim_telescope, CRIA_TYPE_SIM_DEVICE)

/* Lock held: brings the motion up to now before anything is read or changed. */
static void
update (CriaSimTelescope *self)
{
  cria_sim_mount_update (&self->mount, g_get_real_time (),
                         cria_sim_device_get_time (CRIA_SIM_DEVICE (self)));
}

void
cria_sim_telescope_to_horizontal (CriaSimTelescope *self,
                                  double            hour_angle,
                                  double            declination,
                                  double           *altitude,
                                  double           *azimuth)
{
  double alt, az;

  cria_sim_astro_equatorial_to_horizontal (hour_angle, declination, self->mount.latitude,
                                           &alt, &az);
  if (self->does_refraction)
    alt += cria_sim_astro_refraction (alt);

  if (altitude != NULL)
    *altitude = alt;
  if (azimuth != NULL)
    *azimuth = az;
}

static void
get_current_horizontal (CriaSimTelescope *self,
                        double           *altitude,
                        double           *azimuth)
{
  double ha, dec;

  cria_sim_mount_get_hour_angle_dec (&self->mount, &ha, &dec);
  cria_sim_telescope_to_horizontal (self, ha, dec, altitude, azimuth);
}

static char *
format_utc (gint64 utc_us)
{
  gint64 seconds = utc_us / G_USEC_PER_SEC;
  gint64 micro = utc_us % G_USEC_PER_SEC;
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *whole = NULL;

  if (micro < 0)
    {
      seconds--;
      micro += G_USEC_PER_SEC;
    }

  time = g_date_time_new_from_unix_utc (seconds);
  if (time == NULL)
    return g_strdup ("");
  whole = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");

  /* ASCOM's format has seven fractional digits. */
  return g_strdup_printf ("%s.%07" G_GINT64_FORMAT "Z", whole, micro * 10);
}

/* What the simulated hardware can do; every member it lacks answers NotImplemented. */
static const struct
{
  const char *member;
  gboolean    value;
} capabilities[] = {
  { "canfindhome", TRUE },
  { "canpark", TRUE },
  { "canpulseguide", TRUE },
  { "cansetdeclinationrate", TRUE },
  { "cansetguiderates", TRUE },
  { "cansetpark", TRUE },
  { "cansetpierside", FALSE },
  { "cansetrightascensionrate", TRUE },
  { "cansettracking", TRUE },
  { "canslew", FALSE },
  { "canslewaltaz", FALSE },
  { "canslewaltazasync", TRUE },
  { "canslewasync", TRUE },
  { "cansync", TRUE },
  { "cansyncaltaz", TRUE },
  { "canunpark", TRUE },
};

static JsonNode *
axis_rates (gint64 axis)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  if (axis < CRIA_SIM_MOUNT_N_AXES)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "Minimum");
      json_builder_add_double_value (builder, 0.0);
      json_builder_set_member_name (builder, "Maximum");
      json_builder_add_double_value (builder, CRIA_SIM_MOUNT_SLEW_RATE);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
tracking_rates (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int rate;

  json_builder_begin_array (builder);
  for (rate = 0; rate < CRIA_SIM_N_DRIVE_RATES; rate++)
    json_builder_add_int_value (builder, rate);
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

/* GET members that take no parameters; NULL for a member this function does not know. */
static JsonNode *
get_property (CriaSimTelescope *self,
              const char       *member)
{
  CriaSimMount *mount = &self->mount;
  double value;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (capabilities); i++)
    if (g_str_equal (member, capabilities[i].member))
      return cria_sim_value_bool (capabilities[i].value);

  if (g_str_equal (member, "alignmentmode"))
    return cria_sim_value_int (ALIGNMENT_GERMAN_POLAR);
  if (g_str_equal (member, "equatorialsystem"))
    return cria_sim_value_int (EQUATORIAL_TOPOCENTRIC);
  if (g_str_equal (member, "aperturediameter"))
    return cria_sim_value_double (APERTURE_DIAMETER);
  if (g_str_equal (member, "aperturearea"))
    return cria_sim_value_double (G_PI / 4 * (APERTURE_DIAMETER * APERTURE_DIAMETER
                                              - SECONDARY_DIAMETER * SECONDARY_DIAMETER));
  if (g_str_equal (member, "focallength"))
    return cria_sim_value_double (FOCAL_LENGTH);
  if (g_str_equal (member, "rightascension"))
    {
      cria_sim_mount_get_equatorial (mount, &value, NULL);
      return cria_sim_value_double (value);
    }
  if (g_str_equal (member, "declination"))
    {
      cria_sim_mount_get_equatorial (mount, NULL, &value);
      return cria_sim_value_double (value);
    }
  if (g_str_equal (member, "altitude"))
    {
      get_current_horizontal (self, &value, NULL);
      return cria_sim_value_double (value);
    }
  if (g_str_equal (member, "azimuth"))
    {
      get_current_horizontal (self, NULL, &value);
      return cria_sim_value_double (value);
    }
  if (g_str_equal (member, "siderealtime"))
    return cria_sim_value_double (cria_sim_mount_get_sidereal_time (mount));
  if (g_str_equal (member, "sideofpier"))
    return cria_sim_value_int (cria_sim_mount_get_pier_side (mount));
  if (g_str_equal (member, "athome"))
    return cria_sim_value_bool (mount->at_home);
  if (g_str_equal (member, "atpark"))
    return cria_sim_value_bool (mount->at_park);
  if (g_str_equal (member, "slewing"))
    return cria_sim_value_bool (cria_sim_mount_is_slewing (mount));
  if (g_str_equal (member, "ispulseguiding"))
    return cria_sim_value_bool (cria_sim_mount_is_pulse_guiding (mount));
  if (g_str_equal (member, "tracking"))
    return cria_sim_value_bool (mount->tracking);
  if (g_str_equal (member, "trackingrate"))
    return cria_sim_value_int (mount->drive_rate);
  if (g_str_equal (member, "trackingrates"))
    return tracking_rates ();
  if (g_str_equal (member, "rightascensionrate"))
    return cria_sim_value_double (mount->ra_rate);
  if (g_str_equal (member, "declinationrate"))
    return cria_sim_value_double (mount->dec_rate);
  if (g_str_equal (member, "guideraterightascension"))
    return cria_sim_value_double (mount->guide_rate_ra);
  if (g_str_equal (member, "guideratedeclination"))
    return cria_sim_value_double (mount->guide_rate_dec);
  if (g_str_equal (member, "sitelatitude"))
    return cria_sim_value_double (mount->latitude);
  if (g_str_equal (member, "sitelongitude"))
    return cria_sim_value_double (mount->longitude);
  if (g_str_equal (member, "siteelevation"))
    return cria_sim_value_double (mount->elevation);
  if (g_str_equal (member, "slewsettletime"))
    return cria_sim_value_int ((gint64) mount->settle_time);
  if (g_str_equal (member, "doesrefraction"))
    return cria_sim_value_bool (self->does_refraction);
  if (g_str_equal (member, "utcdate"))
    {
      g_autofree char *text = format_utc (cria_sim_mount_get_utc (mount));
      return cria_sim_value_string (text);
    }

  return NULL;
}

/* GET members with parameters, and the targets, which may be unset. */
static gboolean
get_member (CriaSimTelescope  *self,
            const char        *member,
            CriaSimRequest    *request,
            CriaSimReply      *reply,
            GError           **error)
{
  gint64 axis;
  double ra, dec;

  if (g_str_equal (member, "axisrates"))
    {
      if (!cria_sim_telescope_read_axis (request, &axis, error))
        return FALSE;
      reply->value = axis_rates (axis);
    }
  else if (g_str_equal (member, "canmoveaxis"))
    {
      if (!cria_sim_telescope_read_axis (request, &axis, error))
        return FALSE;
      reply->value = cria_sim_value_bool (axis < CRIA_SIM_MOUNT_N_AXES);
    }
  else if (g_str_equal (member, "destinationsideofpier"))
    {
      double ha;

      if (!cria_sim_telescope_read_coordinates (request, "RightAscension", "Declination",
                                                &ra, &dec, error))
        return FALSE;
      ha = cria_sim_mount_get_sidereal_time (&self->mount) - ra;
      reply->value = cria_sim_value_int (cria_sim_mount_destination_side (&self->mount, ha));
    }
  else if (g_str_equal (member, "targetrightascension"))
    {
      if (!self->have_target_ra)
        {
          g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_VALUE_NOT_SET,
                       "TargetRightAscension has not been set");
          return FALSE;
        }
      reply->value = cria_sim_value_double (self->target_ra);
    }
  else if (g_str_equal (member, "targetdeclination"))
    {
      if (!self->have_target_dec)
        {
          g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_VALUE_NOT_SET,
                       "TargetDeclination has not been set");
          return FALSE;
        }
      reply->value = cria_sim_value_double (self->target_dec);
    }
  else
    {
      reply->value = get_property (self, member);
      /* FALSE without an error: the base class answers NotImplemented. */
      return reply->value != NULL;
    }

  return TRUE;
}

static gboolean
cria_sim_telescope_handle (CriaSimDevice   *device,
                           CriaHttpMethod   method,
                           const char      *member,
                           CriaSimRequest  *request,
                           CriaSimReply    *reply,
                           GError         **error)
{
  CriaSimTelescope *self = CRIA_SIM_TELESCOPE (device);

  update (self);

  if (method == CRIA_HTTP_GET)
    return get_member (self, member, request, reply, error);

  return cria_sim_telescope_put (self, member, request, error);
}

static void
cria_sim_telescope_add_device_state (CriaSimDevice *device,
                                     JsonBuilder   *builder)
{
  CriaSimTelescope *self = CRIA_SIM_TELESCOPE (device);
  static const char * const names[] = {
    "Altitude", "AtHome", "AtPark", "Azimuth", "Declination", "IsPulseGuiding",
    "RightAscension", "SideOfPier", "SiderealTime", "Slewing", "Tracking", "UTCDate",
  };
  guint i;

  update (self);

  /* The same values as the individual properties, read at one instant. */
  for (i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *member = g_ascii_strdown (names[i], -1);
      JsonNode *value = get_property (self, member);

      if (value != NULL)
        cria_sim_device_state_add (builder, names[i], value);
    }
}

static void
cria_sim_telescope_connected_changed (CriaSimDevice *device,
                                      gboolean       connected)
{
  CriaSimTelescope *self = CRIA_SIM_TELESCOPE (device);

  if (connected)
    return;

  /* A hand-pad style motion nobody can stop any more is stopped; gotos, park and tracking
   * carry on, as they would on a real mount whose client went away. */
  update (self);
  cria_sim_mount_move_axis (&self->mount, 0, 0);
  cria_sim_mount_move_axis (&self->mount, 1, 0);
}

static void
cria_sim_telescope_class_init (CriaSimTelescopeClass *klass)
{
  CriaSimDeviceClass *device_class = CRIA_SIM_DEVICE_CLASS (klass);

  device_class->handle = cria_sim_telescope_handle;
  device_class->add_device_state = cria_sim_telescope_add_device_state;
  device_class->connected_changed = cria_sim_telescope_connected_changed;

  cria_sim_device_class_set_device_type (device_class, CRIA_DEVICE_TELESCOPE);
}

static void
cria_sim_telescope_init (CriaSimTelescope *self)
{
  cria_sim_mount_init (&self->mount, g_get_real_time (), 0.0);
}

void
cria_sim_telescope_get_pointing (CriaSimTelescope *self,
                                 double           *ra_hours,
                                 double           *dec_degrees)
{
  double ra, dec;

  g_return_if_fail (CRIA_IS_SIM_TELESCOPE (self));

  cria_sim_device_lock (CRIA_SIM_DEVICE (self));
  update (self);
  cria_sim_mount_get_equatorial (&self->mount, &ra, &dec);
  cria_sim_device_unlock (CRIA_SIM_DEVICE (self));

  if (ra_hours != NULL)
    *ra_hours = ra;
  if (dec_degrees != NULL)
    *dec_degrees = dec;
}

void
cria_sim_telescope_get_horizontal (CriaSimTelescope *self,
                                   double           *altitude,
                                   double           *azimuth)
{
  double alt, az;

  g_return_if_fail (CRIA_IS_SIM_TELESCOPE (self));

  cria_sim_device_lock (CRIA_SIM_DEVICE (self));
  update (self);
  get_current_horizontal (self, &alt, &az);
  cria_sim_device_unlock (CRIA_SIM_DEVICE (self));

  if (altitude != NULL)
    *altitude = alt;
  if (azimuth != NULL)
    *azimuth = az;
}
