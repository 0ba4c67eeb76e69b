/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-sim"

#include "config.h"

#include <math.h>

#include "cria-sim-axis.h"
#include "cria-sim-focuser.h"

/* A 50 mm-travel stepper focuser. */
#define MAX_STEP         50000
#define MAX_INCREMENT    MAX_STEP
#define STEP_SIZE        1.0     /* microns per step */
#define STEPS_PER_SECOND 1000.0
#define START_POSITION   24380 /* a little out of focus, so a first look shows soft stars */
/* The simulated optics focus here; deliberately not a round number nor the middle. */
#define BEST_FOCUS       24630

/* Ambient temperature: a slow swing over a simulated hour plus a faster ripple. */
#define AMBIENT_CELSIUS  8.0
#define SWING_CELSIUS    1.5
#define SWING_SECONDS    3600.0
#define RIPPLE_CELSIUS   0.2
#define RIPPLE_SECONDS   317.0

struct _CriaSimFocuser
{
  CriaSimDevice parent_instance;

  CriaSimAxis   axis;      /* in steps */
  gboolean      temp_comp;
};

G_DEFINE_FINAL_TYPE (CriaSimFocuser, cria_sim_focuser, CRIA_TYPE_SIM_DEVICE)

static double
now (CriaSimFocuser *self)
{
  return cria_sim_device_get_time (CRIA_SIM_DEVICE (self));
}

/* Lock held. A stepper is always on a whole step. */
static gint
get_position (CriaSimFocuser *self)
{
  return (gint) lround (cria_sim_axis_get_position (&self->axis, now (self)));
}

static gboolean
is_moving (CriaSimFocuser *self)
{
  return cria_sim_axis_is_moving (&self->axis, now (self));
}

static double
get_temperature (CriaSimFocuser *self)
{
  double t = now (self);
  double celsius = AMBIENT_CELSIUS
                   + SWING_CELSIUS * sin (2 * G_PI * t / SWING_SECONDS)
                   + RIPPLE_CELSIUS * sin (2 * G_PI * t / RIPPLE_SECONDS);

  /* The probe reports tenths of a degree. */
  return round (celsius * 10) / 10;
}

static gboolean
move (CriaSimFocuser  *self,
      CriaSimRequest  *request,
      GError         **error)
{
  gint64 target;

  if (!cria_sim_request_get_int (request, "Position", &target, error))
    return FALSE;

  if (target < 0 || target > MAX_STEP)
    {
      g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_VALUE,
                   "Position %" G_GINT64_FORMAT " is outside the focuser's travel, 0 to %d",
                   target, MAX_STEP);
      return FALSE;
    }

  /* IFocuserV3 and later move with temperature compensation on; the simulated optics do
   * not drift with temperature, so compensation never has anything to correct. */
  cria_sim_axis_move_to (&self->axis, now (self), (double) target);
  return TRUE;
}

static void
halt (CriaSimFocuser *self)
{
  /* Stops on the step it is passing. */
  cria_sim_axis_set_position (&self->axis, get_position (self));
}

static JsonNode *
get_property (CriaSimFocuser *self,
              const char     *member)
{
  if (g_str_equal (member, "absolute"))
    return cria_sim_value_bool (TRUE);
  if (g_str_equal (member, "ismoving"))
    return cria_sim_value_bool (is_moving (self));
  if (g_str_equal (member, "maxincrement"))
    return cria_sim_value_int (MAX_INCREMENT);
  if (g_str_equal (member, "maxstep"))
    return cria_sim_value_int (MAX_STEP);
  if (g_str_equal (member, "position"))
    return cria_sim_value_int (get_position (self));
  if (g_str_equal (member, "stepsize"))
    return cria_sim_value_double (STEP_SIZE);
  if (g_str_equal (member, "tempcomp"))
    return cria_sim_value_bool (self->temp_comp);
  if (g_str_equal (member, "tempcompavailable"))
    return cria_sim_value_bool (TRUE);
  if (g_str_equal (member, "temperature"))
    return cria_sim_value_double (get_temperature (self));

  return NULL;
}

static gboolean
cria_sim_focuser_handle (CriaSimDevice   *device,
                         CriaHttpMethod   method,
                         const char      *member,
                         CriaSimRequest  *request,
                         CriaSimReply    *reply,
                         GError         **error)
{
  CriaSimFocuser *self = CRIA_SIM_FOCUSER (device);

  if (method == CRIA_HTTP_GET)
    {
      reply->value = get_property (self, member);
      /* FALSE without an error: the base class answers NotImplemented. */
      return reply->value != NULL;
    }

  if (g_str_equal (member, "move"))
    return move (self, request, error);
  if (g_str_equal (member, "halt"))
    {
      halt (self);
      return TRUE;
    }
  if (g_str_equal (member, "tempcomp"))
    return cria_sim_request_get_bool (request, "TempComp", &self->temp_comp, error);

  return FALSE;
}

static void
cria_sim_focuser_add_device_state (CriaSimDevice *device,
                                   JsonBuilder   *builder)
{
  CriaSimFocuser *self = CRIA_SIM_FOCUSER (device);

  cria_sim_device_state_add (builder, "IsMoving", cria_sim_value_bool (is_moving (self)));
  cria_sim_device_state_add (builder, "Position", cria_sim_value_int (get_position (self)));
  cria_sim_device_state_add (builder, "Temperature",
                             cria_sim_value_double (get_temperature (self)));
}

static void
cria_sim_focuser_class_init (CriaSimFocuserClass *klass)
{
  CriaSimDeviceClass *device_class = CRIA_SIM_DEVICE_CLASS (klass);

  device_class->handle = cria_sim_focuser_handle;
  device_class->add_device_state = cria_sim_focuser_add_device_state;

  cria_sim_device_class_set_device_type (device_class, CRIA_DEVICE_FOCUSER);
}

static void
cria_sim_focuser_init (CriaSimFocuser *self)
{
  cria_sim_axis_init (&self->axis, START_POSITION, STEPS_PER_SECOND, 0);
}

void
cria_sim_focuser_get_position (CriaSimFocuser *self,
                               gint           *position,
                               gint           *max_step,
                               gint           *best_focus)
{
  gint now_at;

  g_return_if_fail (CRIA_IS_SIM_FOCUSER (self));

  cria_sim_device_lock (CRIA_SIM_DEVICE (self));
  now_at = get_position (self);
  cria_sim_device_unlock (CRIA_SIM_DEVICE (self));

  if (position != NULL)
    *position = now_at;
  if (max_step != NULL)
    *max_step = MAX_STEP;
  if (best_focus != NULL)
    *best_focus = BEST_FOCUS;
}
