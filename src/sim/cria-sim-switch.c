/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-sim"

#include "config.h"

#include <math.h>

#include "cria-sim-switch.h"

/* A 12 V power box as found on many telescopes. Design choices where ISwitchV3 leaves room:
 * - Writing to a read-only switch (CanWrite false) answers NotImplemented, as do SetAsync and
 *   SetAsyncValue on a switch whose CanAsync is false.
 * - Values must lie on the switch's grid, MinSwitchValue + n * SwitchStep (InvalidValue).
 * - An asynchronous change of an on/off switch takes effect when it completes (a relay with
 *   a soft start); one of an analogue switch ramps through the intermediate steps.
 *   StateChangeComplete is true whenever no change is under way, also before the first one.
 * - A synchronous set, or a new asynchronous one, replaces a change in progress.
 * - GetSwitch is true when the value is above MinSwitchValue; SetSwitch sets the maximum or
 *   the minimum. Names may be changed, but not to an empty string. */

typedef enum
{
  MOUNT_POWER,
  CAMERA_POWER,
  DEW_HEATER,
  DEW_HEATER_POWER,
  FLAT_PANEL,
  INPUT_VOLTAGE,
  N_SWITCHES
} SwitchId;

typedef struct
{
  const char *name;
  const char *description;
  double      minimum;
  double      maximum;
  double      step;
  double      initial;
  gboolean    can_write;
  /* Simulated seconds that an asynchronous change takes; 0 when CanAsync is false. */
  double      async_seconds;
} SwitchSpec;

static const SwitchSpec specs[N_SWITCHES] = {
  [MOUNT_POWER] = {
    "Mount power", "12 V outlet of the mount, behind a soft-start relay",
    0, 1, 1, 1, TRUE, 6.0,
  },
  [CAMERA_POWER] = {
    "Camera power", "12 V outlet of the main camera",
    0, 1, 1, 1, TRUE, 0,
  },
  [DEW_HEATER] = {
    "Dew heater", "Dew heater band on the objective: on or off",
    0, 1, 1, 0, TRUE, 0,
  },
  [DEW_HEATER_POWER] = {
    "Dew heater power", "Output of the dew heater in percent; changes ramp smoothly",
    0, 100, 1, 40, TRUE, 6.0,
  },
  [FLAT_PANEL] = {
    "Flat panel level", "Brightness of the flat panel, from 0 (off) to 255",
    0, 255, 1, 0, TRUE, 0,
  },
  [INPUT_VOLTAGE] = {
    "Input voltage", "Supply voltage in volts, as measured by the power box",
    12.0, 13.8, 0.01, 13.5, FALSE, 0,
  },
};

/* The supply sags under load and drifts slowly as the battery discharges and recovers. */
#define SUPPLY_VOLTS          13.5
#define DRIFT_VOLTS           0.1
#define DRIFT_SECONDS         5400.0
#define MOUNT_LOAD_VOLTS      0.15
#define CAMERA_LOAD_VOLTS     0.1
#define DEW_LOAD_VOLTS        0.3
#define PANEL_LOAD_VOLTS      0.1

typedef struct
{
  char     *name;
  double    value;    /* where the switch is, or where its change in progress began */
  /* An asynchronous change under way; it completes lazily when the switch is next read. */
  gboolean  changing;
  double    target;
  double    started;
} SwitchState;

struct _CriaSimSwitch
{
  CriaSimDevice parent_instance;

  SwitchState   switches[N_SWITCHES];
};

G_DEFINE_FINAL_TYPE (CriaSimSwitch, cria_sim_switch, CRIA_TYPE_SIM_DEVICE)

static double
now (CriaSimSwitch *self)
{
  return cria_sim_device_get_time (CRIA_SIM_DEVICE (self));
}

static gboolean
is_on_off (const SwitchSpec *spec)
{
  return fabs (spec->maximum - spec->minimum - spec->step) < 1e-9;
}

/* The nearest value on the switch's grid. */
static double
snap (const SwitchSpec *spec,
      double            value)
{
  double steps = round ((value - spec->minimum) / spec->step);

  return CLAMP (spec->minimum + steps * spec->step, spec->minimum, spec->maximum);
}

/* Lock held: completes the changes whose time has come. */
static void
settle (CriaSimSwitch *self)
{
  double t = now (self);
  guint i;

  for (i = 0; i < N_SWITCHES; i++)
    {
      SwitchState *state = &self->switches[i];

      if (state->changing && t >= state->started + specs[i].async_seconds)
        {
          state->value = state->target;
          state->changing = FALSE;
        }
    }
}

static double get_value (CriaSimSwitch *self,
                         SwitchId       id);

static double
input_voltage (CriaSimSwitch *self)
{
  const SwitchSpec *spec = &specs[INPUT_VOLTAGE];
  double dew = get_value (self, DEW_HEATER) > 0 ? get_value (self, DEW_HEATER_POWER) / 100 : 0;
  double volts = SUPPLY_VOLTS
                 + DRIFT_VOLTS * sin (2 * G_PI * now (self) / DRIFT_SECONDS)
                 - MOUNT_LOAD_VOLTS * get_value (self, MOUNT_POWER)
                 - CAMERA_LOAD_VOLTS * get_value (self, CAMERA_POWER)
                 - DEW_LOAD_VOLTS * dew
                 - PANEL_LOAD_VOLTS * get_value (self, FLAT_PANEL) / specs[FLAT_PANEL].maximum;

  return snap (spec, volts);
}

/* Lock held, after settle(). */
static double
get_value (CriaSimSwitch *self,
           SwitchId       id)
{
  const SwitchSpec *spec = &specs[id];
  const SwitchState *state = &self->switches[id];
  double fraction;

  if (id == INPUT_VOLTAGE)
    return input_voltage (self);
  if (!state->changing || is_on_off (spec))
    return state->value;

  fraction = (now (self) - state->started) / spec->async_seconds;
  return snap (spec, state->value + (state->target - state->value) * CLAMP (fraction, 0, 1));
}

static const char *
format_number (char   buffer[G_ASCII_DTOSTR_BUF_SIZE],
               double value)
{
  return g_ascii_formatd (buffer, G_ASCII_DTOSTR_BUF_SIZE, "%g", value);
}

static gboolean
read_id (CriaSimRequest  *request,
         SwitchId        *id,
         GError         **error)
{
  gint64 number;

  if (!cria_sim_request_get_int (request, "Id", &number, error))
    return FALSE;

  if (number < 0 || number >= N_SWITCHES)
    {
      g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_VALUE,
                   "Switch Id %" G_GINT64_FORMAT " does not exist: Ids run from 0 to %d",
                   number, N_SWITCHES - 1);
      return FALSE;
    }

  *id = (SwitchId) number;
  return TRUE;
}

static gboolean
check_value (SwitchId   id,
             double     value,
             GError   **error)
{
  const SwitchSpec *spec = &specs[id];
  char text[3][G_ASCII_DTOSTR_BUF_SIZE];
  double steps = (value - spec->minimum) / spec->step;

  if (value < spec->minimum || value > spec->maximum)
    {
      g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_VALUE,
                   "%s for switch %d (“%s”) is out of range: %s to %s",
                   format_number (text[0], value), id, specs[id].name,
                   format_number (text[1], spec->minimum), format_number (text[2], spec->maximum));
      return FALSE;
    }

  /* A little slack, as 0.1-type steps are not exact in binary. */
  if (fabs (steps - round (steps)) > 1e-6)
    {
      g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_VALUE,
                   "%s for switch %d (“%s”) is not a multiple of its step %s above %s",
                   format_number (text[0], value), id, specs[id].name,
                   format_number (text[1], spec->step), format_number (text[2], spec->minimum));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_writable (SwitchId   id,
                gboolean   async,
                GError   **error)
{
  if (!specs[id].can_write)
    {
      g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_NOT_IMPLEMENTED,
                   "Switch %d (“%s”) is read-only: CanWrite is false", id, specs[id].name);
      return FALSE;
    }

  if (async && specs[id].async_seconds <= 0)
    {
      g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_NOT_IMPLEMENTED,
                   "Switch %d (“%s”) cannot change asynchronously: CanAsync is false",
                   id, specs[id].name);
      return FALSE;
    }

  return TRUE;
}

static void
set_now (CriaSimSwitch *self,
         SwitchId       id,
         double         value)
{
  SwitchState *state = &self->switches[id];

  state->changing = FALSE;
  state->value = value;
}

static void
start_change (CriaSimSwitch *self,
              SwitchId       id,
              double         value)
{
  SwitchState *state = &self->switches[id];
  double from = get_value (self, id);

  /* A ramp under way carries on from where it is. */
  state->value = from;
  state->target = value;
  state->started = now (self);
  state->changing = value != from;
}

/* The value that SetSwitch and SetAsync ask for. */
static gboolean
read_state (CriaSimRequest  *request,
            SwitchId         id,
            double          *value,
            GError         **error)
{
  gboolean on;

  if (!cria_sim_request_get_bool (request, "State", &on, error))
    return FALSE;

  *value = on ? specs[id].maximum : specs[id].minimum;
  return TRUE;
}

static gboolean
read_value (CriaSimRequest  *request,
            SwitchId         id,
            double          *value,
            GError         **error)
{
  return cria_sim_request_get_double (request, "Value", value, error)
         && check_value (id, *value, error);
}

static gboolean
set_name (CriaSimSwitch   *self,
          SwitchId         id,
          CriaSimRequest  *request,
          GError         **error)
{
  const char *name = cria_sim_request_get_string (request, "Name", error);
  g_autofree char *stripped = NULL;

  if (name == NULL)
    return FALSE;

  stripped = g_strstrip (g_strdup (name));
  if (*stripped == '\0')
    {
      g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_VALUE,
                   "Switch %d needs a name that is not empty", id);
      return FALSE;
    }

  g_free (self->switches[id].name);
  self->switches[id].name = g_steal_pointer (&stripped);
  return TRUE;
}

static gboolean
put_member (CriaSimSwitch   *self,
            const char      *member,
            CriaSimRequest  *request,
            GError         **error)
{
  gboolean async = g_str_equal (member, "setasync") || g_str_equal (member, "setasyncvalue");
  SwitchId id;
  double value;

  if (!read_id (request, &id, error))
    return FALSE;

  if (g_str_equal (member, "setswitchname"))
    return set_name (self, id, request, error);

  if (!check_writable (id, async, error))
    return FALSE;

  if (g_str_equal (member, "setswitch") || g_str_equal (member, "setasync"))
    {
      if (!read_state (request, id, &value, error))
        return FALSE;
    }
  else if (g_str_equal (member, "setswitchvalue") || g_str_equal (member, "setasyncvalue"))
    {
      if (!read_value (request, id, &value, error))
        return FALSE;
    }
  else
    {
      return FALSE;
    }

  if (async)
    start_change (self, id, value);
  else
    set_now (self, id, value);
  return TRUE;
}

static JsonNode *
get_member (CriaSimSwitch   *self,
            const char      *member,
            CriaSimRequest  *request,
            GError         **error)
{
  const SwitchSpec *spec;
  SwitchId id;

  if (g_str_equal (member, "maxswitch"))
    return cria_sim_value_int (N_SWITCHES);

  /* Every other Switch member is about one switch. */
  if (!read_id (request, &id, error))
    return NULL;
  spec = &specs[id];

  if (g_str_equal (member, "canasync"))
    return cria_sim_value_bool (spec->async_seconds > 0);
  if (g_str_equal (member, "canwrite"))
    return cria_sim_value_bool (spec->can_write);
  if (g_str_equal (member, "getswitch"))
    return cria_sim_value_bool (get_value (self, id) > spec->minimum);
  if (g_str_equal (member, "getswitchdescription"))
    return cria_sim_value_string (spec->description);
  if (g_str_equal (member, "getswitchname"))
    return cria_sim_value_string (self->switches[id].name);
  if (g_str_equal (member, "getswitchvalue"))
    return cria_sim_value_double (get_value (self, id));
  if (g_str_equal (member, "maxswitchvalue"))
    return cria_sim_value_double (spec->maximum);
  if (g_str_equal (member, "minswitchvalue"))
    return cria_sim_value_double (spec->minimum);
  if (g_str_equal (member, "statechangecomplete"))
    return cria_sim_value_bool (!self->switches[id].changing);
  if (g_str_equal (member, "switchstep"))
    return cria_sim_value_double (spec->step);

  return NULL;
}

static gboolean
cria_sim_switch_handle (CriaSimDevice   *device,
                        CriaHttpMethod   method,
                        const char      *member,
                        CriaSimRequest  *request,
                        CriaSimReply    *reply,
                        GError         **error)
{
  CriaSimSwitch *self = CRIA_SIM_SWITCH (device);

  settle (self);

  if (method == CRIA_HTTP_PUT)
    return put_member (self, member, request, error);

  /* NULL without an error: the base class answers NotImplemented. */
  reply->value = get_member (self, member, request, error);
  return reply->value != NULL;
}

static void
cria_sim_switch_add_device_state (CriaSimDevice *device,
                                  JsonBuilder   *builder)
{
  CriaSimSwitch *self = CRIA_SIM_SWITCH (device);
  guint i;

  settle (self);

  /* ISwitchV3 names them after the member and the Id, grouped by member. */
  for (i = 0; i < N_SWITCHES; i++)
    {
      g_autofree char *name = g_strdup_printf ("GetSwitch%u", i);

      cria_sim_device_state_add (builder, name,
                                 cria_sim_value_bool (get_value (self, i) > specs[i].minimum));
    }
  for (i = 0; i < N_SWITCHES; i++)
    {
      g_autofree char *name = g_strdup_printf ("GetSwitchValue%u", i);

      cria_sim_device_state_add (builder, name, cria_sim_value_double (get_value (self, i)));
    }
  for (i = 0; i < N_SWITCHES; i++)
    {
      g_autofree char *name = g_strdup_printf ("StateChangeComplete%u", i);

      cria_sim_device_state_add (builder, name, cria_sim_value_bool (!self->switches[i].changing));
    }
}

static void
cria_sim_switch_finalize (GObject *object)
{
  CriaSimSwitch *self = CRIA_SIM_SWITCH (object);
  guint i;

  for (i = 0; i < N_SWITCHES; i++)
    g_free (self->switches[i].name);

  G_OBJECT_CLASS (cria_sim_switch_parent_class)->finalize (object);
}

static void
cria_sim_switch_class_init (CriaSimSwitchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CriaSimDeviceClass *device_class = CRIA_SIM_DEVICE_CLASS (klass);

  object_class->finalize = cria_sim_switch_finalize;

  device_class->handle = cria_sim_switch_handle;
  device_class->add_device_state = cria_sim_switch_add_device_state;

  cria_sim_device_class_set_device_type (device_class, CRIA_DEVICE_SWITCH);
}

static void
cria_sim_switch_init (CriaSimSwitch *self)
{
  guint i;

  for (i = 0; i < N_SWITCHES; i++)
    {
      self->switches[i].name = g_strdup (specs[i].name);
      self->switches[i].value = specs[i].initial;
    }
}
