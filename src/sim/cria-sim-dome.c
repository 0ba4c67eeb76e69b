/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-sim"

#include "config.h"

#include <math.h>

#include "cria-sim-axis.h"
#include "cria-sim-dome.h"
#include "cria-sim-server.h"
#ifdef CRIA_SIM_HAVE_TELESCOPE
#include "cria-sim-telescope.h"
#endif

/* A 3 m observatory dome: the dome turns in azimuth, the shutter opens in one piece, and a
 * lower flap sets the altitude of the aperture. */
#define AZIMUTH_DEGREES_PER_SECOND   5.0
#define ALTITUDE_DEGREES_PER_SECOND  2.0
#define SHUTTER_SECONDS              20.0
#define HOME_AZIMUTH                 0.0
#define PARK_AZIMUTH                 180.0
/* The shutter axis runs from 0 (closed) to 1 (open). */
#define SHUTTER_CLOSED               0.0
#define SHUTTER_OPEN                 1.0
#define SHUTTER_EPSILON              1e-9
/* A slaved dome turns again once the telescope has moved this far from its target. */
#define SLAVE_TOLERANCE              0.1

#define FAIL_SHUTTER_ACTION          "Dome:FailShutter"

/* ASCOM's ShutterState values. */
typedef enum
{
  SHUTTER_STATUS_OPEN    = 0,
  SHUTTER_STATUS_CLOSED  = 1,
  SHUTTER_STATUS_OPENING = 2,
  SHUTTER_STATUS_CLOSING = 3,
  SHUTTER_STATUS_ERROR   = 4,
} ShutterStatus;

/* Design choices where IDomeV3 leaves room:
 * - Slewing covers azimuth and altitude motion, not the shutter (as for a roll-off roof).
 * - AbortSlew stops everything, the shutter included, and ends slaving; a shutter stopped
 *   part-way is neither open nor closed and reports Error until opened or closed again.
 * - The altitude flap only moves while the shutter is open (InvalidOperation otherwise);
 *   Altitude keeps its last value while the shutter is closed.
 * - While Slaved, the telescope commands the dome: SlewToAzimuth, SlewToAltitude, Park and
 *   FindHome answer InvalidWhileSlaved. The dome turns to the azimuth of telescope 0 of the
 *   same server, looked up whenever the dome is read; the altitude flap stays where it is.
 * - Park and FindHome turn the dome in azimuth only; any later slew or sync clears AtPark
 *   and AtHome. A parked dome may be slewed without unparking, as IDome has no Unpark.
 * - The supported action Dome:FailShutter jams the shutter where it is (status Error), for
 *   testing clients; OpenShutter or CloseShutter recovers. */
struct _CriaSimDome
{
  CriaSimDevice parent_instance;

  CriaSimAxis   azimuth;   /* degrees, wrapping */
  CriaSimAxis   altitude;  /* degrees */
  CriaSimAxis   shutter;   /* 0 closed to 1 open */
  gboolean      shutter_failed;
  gboolean      slaved;
  double        park_azimuth;
  /* The last azimuth command was Park or FindHome; At* once the dome is there. */
  gboolean      parking;
  gboolean      homing;
};

G_DEFINE_FINAL_TYPE (CriaSimDome, cria_sim_dome, CRIA_TYPE_SIM_DEVICE)

static const char * const supported_actions[] = { FAIL_SHUTTER_ACTION, NULL };

static double
now (CriaSimDome *self)
{
  return cria_sim_device_get_time (CRIA_SIM_DEVICE (self));
}

/* Lock held. */
static double
get_azimuth (CriaSimDome *self)
{
  return cria_sim_axis_get_position (&self->azimuth, now (self));
}

static double
get_altitude (CriaSimDome *self)
{
  return cria_sim_axis_get_position (&self->altitude, now (self));
}

static gboolean
azimuth_moving (CriaSimDome *self)
{
  return cria_sim_axis_is_moving (&self->azimuth, now (self));
}

static gboolean
is_slewing (CriaSimDome *self)
{
  return azimuth_moving (self) || cria_sim_axis_is_moving (&self->altitude, now (self));
}

static gboolean
at_park (CriaSimDome *self)
{
  return self->parking && !azimuth_moving (self);
}

static gboolean
at_home (CriaSimDome *self)
{
  return self->homing && !azimuth_moving (self);
}

static ShutterStatus
get_shutter_status (CriaSimDome *self)
{
  double t = now (self);
  double opening;

  if (self->shutter_failed)
    return SHUTTER_STATUS_ERROR;
  if (cria_sim_axis_is_moving (&self->shutter, t))
    return cria_sim_axis_get_target (&self->shutter) > SHUTTER_CLOSED
           ? SHUTTER_STATUS_OPENING : SHUTTER_STATUS_CLOSING;

  opening = cria_sim_axis_get_position (&self->shutter, t);
  if (opening >= SHUTTER_OPEN - SHUTTER_EPSILON)
    return SHUTTER_STATUS_OPEN;
  if (opening <= SHUTTER_CLOSED + SHUTTER_EPSILON)
    return SHUTTER_STATUS_CLOSED;
  /* Stopped part-way by AbortSlew. */
  return SHUTTER_STATUS_ERROR;
}

/* Lock held. Following lazily, on each read, needs no timer and never lags what a client
 * sees. The telescope's lock is taken inside the dome's, never the other way round. */
static void
follow_telescope (CriaSimDome *self)
{
#ifdef CRIA_SIM_HAVE_TELESCOPE
  CriaSimServer *server = cria_sim_device_get_server (CRIA_SIM_DEVICE (self));
  CriaSimDevice *telescope = NULL;
  double azimuth, target, off;

  if (!self->slaved || server == NULL)
    return;

  telescope = cria_sim_server_get_device (server, CRIA_DEVICE_TELESCOPE, 0);
  if (telescope == NULL || !CRIA_IS_SIM_TELESCOPE (telescope))
    return;

  cria_sim_telescope_get_horizontal (CRIA_SIM_TELESCOPE (telescope), NULL, &azimuth);
  target = cria_sim_axis_get_target (&self->azimuth);
  off = fabs (cria_sim_axis_wrap (azimuth - target + 180, 360) - 180);
  if (off > SLAVE_TOLERANCE)
    {
      self->parking = FALSE;
      self->homing = FALSE;
      cria_sim_axis_move_to (&self->azimuth, now (self), cria_sim_axis_wrap (azimuth, 360));
    }
#endif
}

static gboolean
refuse_while_slaved (CriaSimDome  *self,
                     const char   *what,
                     GError      **error)
{
  if (!self->slaved)
    return TRUE;

  g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_WHILE_SLAVED,
               "The dome is slaved to the telescope: set Slaved to false before %s", what);
  return FALSE;
}

static gboolean
read_azimuth (CriaSimRequest  *request,
              double          *azimuth,
              GError         **error)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (!cria_sim_request_get_double (request, "Azimuth", azimuth, error))
    return FALSE;
  if (*azimuth >= 0 && *azimuth < 360)
    return TRUE;

  g_ascii_dtostr (text, sizeof text, *azimuth);
  g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_VALUE,
               "Azimuth %s° is out of range: it must be 0° or more and less than 360°", text);
  return FALSE;
}

static void
move_shutter (CriaSimDome *self,
              double       target)
{
  /* Opening or closing again is how a jammed shutter is recovered. */
  self->shutter_failed = FALSE;
  cria_sim_axis_move_to (&self->shutter, now (self), target);
}

static void
slew_azimuth (CriaSimDome *self,
              double       azimuth)
{
  self->parking = FALSE;
  self->homing = FALSE;
  cria_sim_axis_move_to (&self->azimuth, now (self), azimuth);
}

static gboolean
slew_to_altitude (CriaSimDome     *self,
                  CriaSimRequest  *request,
                  GError         **error)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  double altitude;

  if (!cria_sim_request_get_double (request, "Altitude", &altitude, error))
    return FALSE;
  if (altitude < 0 || altitude > 90)
    {
      g_ascii_dtostr (text, sizeof text, altitude);
      g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_VALUE,
                   "Altitude %s° is out of range: 0° to 90°", text);
      return FALSE;
    }
  if (!refuse_while_slaved (self, "slewing in altitude", error))
    return FALSE;
  if (get_shutter_status (self) != SHUTTER_STATUS_OPEN)
    {
      g_set_error_literal (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_OPERATION,
                           "The altitude can only be set with the shutter fully open");
      return FALSE;
    }

  self->parking = FALSE;
  cria_sim_axis_move_to (&self->altitude, now (self), altitude);
  return TRUE;
}

static void
abort_slew (CriaSimDome *self)
{
  double t = now (self);

  if (azimuth_moving (self))
    {
      self->parking = FALSE;
      self->homing = FALSE;
    }
  cria_sim_axis_stop (&self->azimuth, t);
  cria_sim_axis_stop (&self->altitude, t);
  cria_sim_axis_stop (&self->shutter, t);
  self->slaved = FALSE;
}

static gboolean
put_member (CriaSimDome     *self,
            const char      *member,
            CriaSimRequest  *request,
            GError         **error)
{
  double azimuth;

  if (g_str_equal (member, "openshutter"))
    move_shutter (self, SHUTTER_OPEN);
  else if (g_str_equal (member, "closeshutter"))
    move_shutter (self, SHUTTER_CLOSED);
  else if (g_str_equal (member, "abortslew"))
    abort_slew (self);
  else if (g_str_equal (member, "slaved"))
    return cria_sim_request_get_bool (request, "Slaved", &self->slaved, error);
  else if (g_str_equal (member, "slewtoazimuth"))
    {
      if (!read_azimuth (request, &azimuth, error)
          || !refuse_while_slaved (self, "slewing in azimuth", error))
        return FALSE;
      slew_azimuth (self, azimuth);
    }
  else if (g_str_equal (member, "slewtoaltitude"))
    return slew_to_altitude (self, request, error);
  else if (g_str_equal (member, "park"))
    {
      if (!refuse_while_slaved (self, "parking", error))
        return FALSE;
      slew_azimuth (self, self->park_azimuth);
      self->parking = TRUE;
    }
  else if (g_str_equal (member, "findhome"))
    {
      if (!refuse_while_slaved (self, "finding home", error))
        return FALSE;
      slew_azimuth (self, HOME_AZIMUTH);
      self->homing = TRUE;
    }
  else if (g_str_equal (member, "setpark"))
    {
      if (is_slewing (self))
        {
          g_set_error_literal (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_OPERATION,
                               "The dome is slewing: wait until it stops before SetPark");
          return FALSE;
        }
      self->park_azimuth = get_azimuth (self);
    }
  else if (g_str_equal (member, "synctoazimuth"))
    {
      if (!read_azimuth (request, &azimuth, error))
        return FALSE;
      if (azimuth_moving (self))
        {
          g_set_error_literal (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_OPERATION,
                               "The dome is turning: wait until it stops before a sync");
          return FALSE;
        }
      self->parking = FALSE;
      self->homing = FALSE;
      cria_sim_axis_set_position (&self->azimuth, azimuth);
    }
  else
    return FALSE;

  return TRUE;
}

static JsonNode *
get_property (CriaSimDome *self,
              const char  *member)
{
  static const char * const capabilities[] = {
    "canfindhome", "canpark", "cansetaltitude", "cansetazimuth", "cansetpark",
    "cansetshutter", "canslave", "cansyncazimuth",
  };
  guint i;

  /* The simulated dome can do everything IDome describes. */
  for (i = 0; i < G_N_ELEMENTS (capabilities); i++)
    if (g_str_equal (member, capabilities[i]))
      return cria_sim_value_bool (TRUE);

  if (g_str_equal (member, "altitude"))
    return cria_sim_value_double (get_altitude (self));
  if (g_str_equal (member, "athome"))
    return cria_sim_value_bool (at_home (self));
  if (g_str_equal (member, "atpark"))
    return cria_sim_value_bool (at_park (self));
  if (g_str_equal (member, "azimuth"))
    return cria_sim_value_double (get_azimuth (self));
  if (g_str_equal (member, "shutterstatus"))
    return cria_sim_value_int (get_shutter_status (self));
  if (g_str_equal (member, "slaved"))
    return cria_sim_value_bool (self->slaved);
  if (g_str_equal (member, "slewing"))
    return cria_sim_value_bool (is_slewing (self));

  return NULL;
}

static gboolean
cria_sim_dome_handle (CriaSimDevice   *device,
                      CriaHttpMethod   method,
                      const char      *member,
                      CriaSimRequest  *request,
                      CriaSimReply    *reply,
                      GError         **error)
{
  CriaSimDome *self = CRIA_SIM_DOME (device);

  follow_telescope (self);

  if (method == CRIA_HTTP_PUT)
    return put_member (self, member, request, error);

  reply->value = get_property (self, member);
  /* FALSE without an error: the base class answers NotImplemented. */
  return reply->value != NULL;
}

static void
cria_sim_dome_add_device_state (CriaSimDevice *device,
                                JsonBuilder   *builder)
{
  CriaSimDome *self = CRIA_SIM_DOME (device);
  static const char * const names[] = {
    "Altitude", "AtHome", "AtPark", "Azimuth", "ShutterStatus", "Slewing",
  };
  guint i;

  follow_telescope (self);

  for (i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *member = g_ascii_strdown (names[i], -1);

      cria_sim_device_state_add (builder, names[i], get_property (self, member));
    }
}

static gboolean
cria_sim_dome_action (CriaSimDevice  *device,
                      const char     *action,
                      const char     *parameters,
                      char          **result,
                      GError        **error)
{
  CriaSimDome *self = CRIA_SIM_DOME (device);

  if (!g_str_equal (action, FAIL_SHUTTER_ACTION))
    {
      g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_ACTION_NOT_IMPLEMENTED,
                   "Action “%s” is not supported by this device", action);
      return FALSE;
    }

  cria_sim_axis_stop (&self->shutter, now (self));
  self->shutter_failed = TRUE;
  g_debug ("Simulated dome shutter failure");

  *result = g_strdup ("");
  return TRUE;
}

static void
cria_sim_dome_class_init (CriaSimDomeClass *klass)
{
  CriaSimDeviceClass *device_class = CRIA_SIM_DEVICE_CLASS (klass);

  device_class->handle = cria_sim_dome_handle;
  device_class->add_device_state = cria_sim_dome_add_device_state;
  device_class->supported_actions = supported_actions;
  device_class->action = cria_sim_dome_action;

  cria_sim_device_class_set_device_type (device_class, CRIA_DEVICE_DOME);
}

static void
cria_sim_dome_init (CriaSimDome *self)
{
  /* Closed, at home, with the flap down. */
  cria_sim_axis_init (&self->azimuth, HOME_AZIMUTH, AZIMUTH_DEGREES_PER_SECOND, 360);
  cria_sim_axis_init (&self->altitude, 0, ALTITUDE_DEGREES_PER_SECOND, 0);
  cria_sim_axis_init (&self->shutter, SHUTTER_CLOSED, 1.0 / SHUTTER_SECONDS, 0);
  self->park_azimuth = PARK_AZIMUTH;
  self->homing = TRUE;
}
