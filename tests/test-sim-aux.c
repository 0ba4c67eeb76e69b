/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sim-aux"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "test-sim-util.h"

/* Moves (cover, warm-up, asynchronous switching) take one to three seconds of real time at
 * this speed: long enough to see them under way on a busy machine. */
#define MOVE_SPEED     4.0
/* The weather: a simulated minute takes 1.2 s. */
#define WEATHER_SPEED  50.0
#define SAFETY_SPEED   20.0
#define WAIT_SECONDS   20.0

#define ERR_NOT_IMPLEMENTED     0x400
#define ERR_INVALID_VALUE       0x401
#define ERR_NOT_CONNECTED       0x407
#define ERR_ACTION_NOT_IMPL     0x40C

/* ASCOM enumerations. */
#define COVER_CLOSED            1
#define COVER_MOVING            2
#define COVER_OPEN              3
#define COVER_UNKNOWN           4
#define CALIBRATOR_OFF          1
#define CALIBRATOR_NOT_READY    2
#define CALIBRATOR_READY        3

/* ---- DeviceState ---- */

/* Checks that DeviceState has exactly these names (NULL-terminated), plus TimeStamp. */
static void
assert_state_names (GHashTable         *state,
                    const char * const *names)
{
  guint i;

  for (i = 0; names[i] != NULL; i++)
    ck_assert_msg (g_hash_table_contains (state, names[i]), "DeviceState lacks %s", names[i]);
  ck_assert_msg (g_hash_table_contains (state, "TimeStamp"), "DeviceState lacks TimeStamp");
  ck_assert_uint_eq (g_hash_table_size (state), i + 1);
}

static double
state_double (GHashTable *state,
              const char *name)
{
  JsonNode *value = g_hash_table_lookup (state, name);

  ck_assert_msg (value != NULL && JSON_NODE_HOLDS_VALUE (value), "DeviceState %s", name);
  return json_node_get_double (value);
}

static gboolean
state_bool (GHashTable *state,
            const char *name)
{
  JsonNode *value = g_hash_table_lookup (state, name);

  ck_assert_msg (value != NULL && JSON_NODE_HOLDS_VALUE (value)
                 && json_node_get_value_type (value) == G_TYPE_BOOLEAN, "DeviceState %s", name);
  return json_node_get_boolean (value);
}

/* ---- fixtures ---- */

static void
start_server (double speed)
{
  CriaSimOptions options = { .speed = speed };

  setlocale (LC_ALL, "");
  sim_start (&options, "cria-sim-aux-XXXXXX");
}

static void
setup_moves (void)
{
  start_server (MOVE_SPEED);
}

static void
setup_weather (void)
{
  start_server (WEATHER_SPEED);
}

static void
setup_safety (void)
{
  start_server (SAFETY_SPEED);
}

static void
teardown (void)
{
  sim_stop ();
}

/* ---- Switch ---- */

#define N_SWITCHES      6
#define MOUNT_POWER     0   /* on/off, asynchronous */
#define CAMERA_POWER    1   /* on/off */
#define DEW_POWER       3   /* 0 to 100 %, asynchronous */
#define FLAT_PANEL      4   /* 0 to 255 */
#define INPUT_VOLTAGE   5   /* read-only */

static const char *
id_param (gint64 id)
{
  static char text[32];

  g_snprintf (text, sizeof text, "Id=%" G_GINT64_FORMAT, id);
  return text;
}

START_TEST (test_switch_description)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *renamed = NULL;
  gint64 id;

  sim_connect ("switch", WAIT_SECONDS);
  ck_assert_int_eq (sim_get_int ("switch", "interfaceversion", NULL), 3);
  ck_assert_int_eq (sim_get_int ("switch", "maxswitch", NULL), N_SWITCHES);

  for (id = 0; id < N_SWITCHES; id++)
    {
      g_autofree char *name = sim_get_string ("switch", "getswitchname", id_param (id));
      g_autofree char *description = sim_get_string ("switch", "getswitchdescription",
                                                     id_param (id));
      double minimum = sim_get_double ("switch", "minswitchvalue", id_param (id));
      double maximum = sim_get_double ("switch", "maxswitchvalue", id_param (id));
      double step = sim_get_double ("switch", "switchstep", id_param (id));
      double value = sim_get_double ("switch", "getswitchvalue", id_param (id));
      double steps = (maximum - minimum) / step;
      gboolean can_write = sim_get_bool ("switch", "canwrite", id_param (id));
      gboolean can_async = sim_get_bool ("switch", "canasync", id_param (id));

      ck_assert (strlen (name) > 0 && strlen (description) > 0);
      ck_assert_msg (g_hash_table_add (names, g_steal_pointer (&name)), "duplicate name");
      ck_assert (minimum < maximum && step > 0);
      ck_assert_msg (fabs (steps - round (steps)) < 1e-6, "range not a multiple of the step");
      ck_assert (value >= minimum && value <= maximum);
      /* Asynchronous switching needs a writable switch. */
      ck_assert (!can_async || can_write);
      ck_assert (sim_get_bool ("switch", "statechangecomplete", id_param (id)));
    }

  ck_assert (sim_get_bool ("switch", "canasync", id_param (MOUNT_POWER)));
  ck_assert (!sim_get_bool ("switch", "canasync", id_param (CAMERA_POWER)));
  ck_assert (!sim_get_bool ("switch", "canwrite", id_param (INPUT_VOLTAGE)));
  ck_assert (fabs (sim_get_double ("switch", "maxswitchvalue", id_param (FLAT_PANEL)) - 255)
             < 1e-9);

  /* Ids run from 0 to MaxSwitch - 1. */
  ck_assert_int_eq (sim_error_of ("GET", "switch", "getswitchname", "Id=6"), ERR_INVALID_VALUE);
  ck_assert_int_eq (sim_error_of ("GET", "switch", "getswitchvalue", "Id=-1"), ERR_INVALID_VALUE);
  ck_assert_int_eq (sim_error_of ("GET", "switch", "canwrite", "Id=99"), ERR_INVALID_VALUE);
  ck_assert_int_eq (sim_error_of ("PUT", "switch", "setswitch", "Id=6&State=true"),
                    ERR_INVALID_VALUE);
  ck_assert_int_eq (sim_error_of ("PUT", "switch", "setswitchvalue", "Id=-1&Value=0"),
                    ERR_INVALID_VALUE);

  sim_put_ok ("switch", "setswitchname", "Id=2&Name=Objective%20heater");
  renamed = sim_get_string ("switch", "getswitchname", "Id=2");
  ck_assert_str_eq (renamed, "Objective heater");
  ck_assert_int_eq (sim_error_of ("PUT", "switch", "setswitchname", "Id=2&Name="),
                    ERR_INVALID_VALUE);
}
END_TEST

START_TEST (test_switch_set)
{
  double idle_volts, loaded_volts;

  sim_connect ("switch", WAIT_SECONDS);

  /* An on/off outlet. */
  sim_put_ok ("switch", "setswitch", "Id=1&State=false");
  ck_assert (!sim_get_bool ("switch", "getswitch", id_param (CAMERA_POWER)));
  ck_assert (sim_get_double ("switch", "getswitchvalue", id_param (CAMERA_POWER)) == 0);
  sim_put_ok ("switch", "setswitchvalue", "Id=1&Value=1");
  ck_assert (sim_get_bool ("switch", "getswitch", id_param (CAMERA_POWER)));
  ck_assert_int_eq (sim_error_of ("PUT", "switch", "setswitchvalue", "Id=1&Value=0.5"),
                    ERR_INVALID_VALUE);
  ck_assert (sim_get_bool ("switch", "getswitch", id_param (CAMERA_POWER)));

  /* The flat panel dimmer: whole steps from 0 to 255 only. */
  sim_put_ok ("switch", "setswitchvalue", "Id=4&Value=0");
  ck_assert (!sim_get_bool ("switch", "getswitch", id_param (FLAT_PANEL)));
  idle_volts = sim_get_double ("switch", "getswitchvalue", id_param (INPUT_VOLTAGE));
  sim_put_ok ("switch", "setswitchvalue", "Id=4&Value=128");
  ck_assert (sim_get_double ("switch", "getswitchvalue", id_param (FLAT_PANEL)) == 128);
  ck_assert (sim_get_bool ("switch", "getswitch", id_param (FLAT_PANEL)));
  sim_put_ok ("switch", "setswitch", "Id=4&State=true");
  ck_assert (sim_get_double ("switch", "getswitchvalue", id_param (FLAT_PANEL)) == 255);
  ck_assert_int_eq (sim_error_of ("PUT", "switch", "setswitchvalue", "Id=4&Value=12.5"),
                    ERR_INVALID_VALUE);
  ck_assert_int_eq (sim_error_of ("PUT", "switch", "setswitchvalue", "Id=4&Value=256"),
                    ERR_INVALID_VALUE);
  ck_assert_int_eq (sim_error_of ("PUT", "switch", "setswitchvalue", "Id=4&Value=-1"),
                    ERR_INVALID_VALUE);
  ck_assert (sim_get_double ("switch", "getswitchvalue", id_param (FLAT_PANEL)) == 255);
  ck_assert_int_eq (sim_error_of ("PUT", "switch", "setasync", "Id=4&State=false"),
                    ERR_NOT_IMPLEMENTED);

  /* The voltage sensor reads within its range, sags under the panel's load, and cannot be
   * written. */
  loaded_volts = sim_get_double ("switch", "getswitchvalue", id_param (INPUT_VOLTAGE));
  ck_assert (idle_volts >= 12.0 && idle_volts <= 13.8);
  ck_assert_msg (loaded_volts < idle_volts, "%g V loaded, %g V idle", loaded_volts, idle_volts);
  ck_assert_int_eq (sim_error_of ("PUT", "switch", "setswitch", "Id=5&State=true"),
                    ERR_NOT_IMPLEMENTED);
  ck_assert_int_eq (sim_error_of ("PUT", "switch", "setswitchvalue", "Id=5&Value=13"),
                    ERR_NOT_IMPLEMENTED);
  ck_assert_int_eq (sim_error_of ("PUT", "switch", "setasyncvalue", "Id=5&Value=13"),
                    ERR_NOT_IMPLEMENTED);
}
END_TEST

START_TEST (test_switch_async)
{
  static const char * const prefixes[] = { "GetSwitch", "GetSwitchValue", "StateChangeComplete" };
  g_autoptr(GHashTable) state = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint i, id;

  sim_connect ("switch", WAIT_SECONDS);
  ck_assert (sim_get_bool ("switch", "getswitch", id_param (MOUNT_POWER)));

  /* The mount's relay switches off after its soft-start delay. */
  sim_put_ok ("switch", "setasync", "Id=0&State=false");
  ck_assert (!sim_get_bool ("switch", "statechangecomplete", id_param (MOUNT_POWER)));
  state = sim_device_state ("switch");
  ck_assert (!state_bool (state, "StateChangeComplete0"));
  ck_assert (state_bool (state, "StateChangeComplete1"));
  ck_assert (sim_wait_bool ("switch", "statechangecomplete", id_param (MOUNT_POWER), TRUE,
                            WAIT_SECONDS));
  ck_assert (!sim_get_bool ("switch", "getswitch", id_param (MOUNT_POWER)));
  ck_assert (sim_get_double ("switch", "getswitchvalue", id_param (MOUNT_POWER)) == 0);

  /* The dew heater ramps to its new level. */
  ck_assert_int_eq (sim_error_of ("PUT", "switch", "setasyncvalue", "Id=3&Value=100.5"),
                    ERR_INVALID_VALUE);
  sim_put_ok ("switch", "setasyncvalue", "Id=3&Value=100");
  ck_assert (!sim_get_bool ("switch", "statechangecomplete", id_param (DEW_POWER)));
  ck_assert (sim_get_double ("switch", "getswitchvalue", id_param (DEW_POWER)) < 100);
  ck_assert (sim_wait_bool ("switch", "statechangecomplete", id_param (DEW_POWER), TRUE,
                            WAIT_SECONDS));
  ck_assert (sim_get_double ("switch", "getswitchvalue", id_param (DEW_POWER)) == 100);

  /* Asynchronous only where CanAsync says so. */
  ck_assert_int_eq (sim_error_of ("PUT", "switch", "setasync", "Id=1&State=false"),
                    ERR_NOT_IMPLEMENTED);
  ck_assert_int_eq (sim_error_of ("GET", "switch", "statechangecomplete", "Id=6"),
                    ERR_INVALID_VALUE);

  /* DeviceState: each switch's GetSwitch, GetSwitchValue and StateChangeComplete. */
  for (i = 0; i < G_N_ELEMENTS (prefixes); i++)
    for (id = 0; id < N_SWITCHES; id++)
      g_ptr_array_add (names, g_strdup_printf ("%s%u", prefixes[i], id));
  g_ptr_array_add (names, NULL);
  g_clear_pointer (&state, g_hash_table_unref);
  state = sim_device_state ("switch");
  assert_state_names (state, (const char * const *) names->pdata);
  ck_assert (!state_bool (state, "GetSwitch0"));
  ck_assert (state_double (state, "GetSwitchValue3") == 100);
}
END_TEST

/* ---- CoverCalibrator ---- */

START_TEST (test_cover)
{
  static const char * const names[] = {
    "Brightness", "CalibratorChanging", "CalibratorState", "CoverMoving", "CoverState", NULL,
  };
  g_autoptr(GHashTable) state = NULL;

  sim_connect ("covercalibrator", WAIT_SECONDS);
  ck_assert_int_eq (sim_get_int ("covercalibrator", "interfaceversion", NULL), 2);
  ck_assert_int_eq (sim_get_int ("covercalibrator", "coverstate", NULL), COVER_CLOSED);
  ck_assert (!sim_get_bool ("covercalibrator", "covermoving", NULL));

  sim_put_ok ("covercalibrator", "opencover", NULL);
  ck_assert (sim_get_bool ("covercalibrator", "covermoving", NULL));
  ck_assert_int_eq (sim_get_int ("covercalibrator", "coverstate", NULL), COVER_MOVING);
  state = sim_device_state ("covercalibrator");
  assert_state_names (state, names);
  ck_assert (state_bool (state, "CoverMoving"));
  ck_assert (sim_wait_bool ("covercalibrator", "covermoving", NULL, FALSE, WAIT_SECONDS));
  ck_assert_int_eq (sim_get_int ("covercalibrator", "coverstate", NULL), COVER_OPEN);

  /* Halted part-way, the cover is neither open nor closed. */
  sim_put_ok ("covercalibrator", "closecover", NULL);
  ck_assert_int_eq (sim_get_int ("covercalibrator", "coverstate", NULL), COVER_MOVING);
  sim_put_ok ("covercalibrator", "haltcover", NULL);
  ck_assert (!sim_get_bool ("covercalibrator", "covermoving", NULL));
  ck_assert_int_eq (sim_get_int ("covercalibrator", "coverstate", NULL), COVER_UNKNOWN);

  sim_put_ok ("covercalibrator", "closecover", NULL);
  ck_assert (sim_wait_bool ("covercalibrator", "covermoving", NULL, FALSE, WAIT_SECONDS));
  ck_assert_int_eq (sim_get_int ("covercalibrator", "coverstate", NULL), COVER_CLOSED);
}
END_TEST

START_TEST (test_calibrator)
{
  g_autoptr(GHashTable) state = NULL;

  sim_connect ("covercalibrator", WAIT_SECONDS);
  ck_assert_int_eq (sim_get_int ("covercalibrator", "calibratorstate", NULL), CALIBRATOR_OFF);
  ck_assert_int_eq (sim_get_int ("covercalibrator", "brightness", NULL), 0);
  ck_assert_int_eq (sim_get_int ("covercalibrator", "maxbrightness", NULL), 255);

  ck_assert_int_eq (sim_error_of ("PUT", "covercalibrator", "calibratoron", "Brightness=256"),
                    ERR_INVALID_VALUE);
  ck_assert_int_eq (sim_error_of ("PUT", "covercalibrator", "calibratoron", "Brightness=-1"),
                    ERR_INVALID_VALUE);
  ck_assert_int_eq (sim_get_int ("covercalibrator", "calibratorstate", NULL), CALIBRATOR_OFF);

  /* The panel warms up before it is usable. */
  sim_put_ok ("covercalibrator", "calibratoron", "Brightness=200");
  ck_assert_int_eq (sim_get_int ("covercalibrator", "calibratorstate", NULL), CALIBRATOR_NOT_READY);
  ck_assert (sim_get_bool ("covercalibrator", "calibratorchanging", NULL));
  state = sim_device_state ("covercalibrator");
  ck_assert (state_bool (state, "CalibratorChanging"));
  ck_assert (state_double (state, "CalibratorState") == CALIBRATOR_NOT_READY);
  ck_assert (sim_wait_bool ("covercalibrator", "calibratorchanging", NULL, FALSE, WAIT_SECONDS));
  ck_assert_int_eq (sim_get_int ("covercalibrator", "calibratorstate", NULL), CALIBRATOR_READY);
  ck_assert_int_eq (sim_get_int ("covercalibrator", "brightness", NULL), 200);

  sim_put_ok ("covercalibrator", "calibratoroff", NULL);
  ck_assert_int_eq (sim_get_int ("covercalibrator", "calibratorstate", NULL), CALIBRATOR_OFF);
  ck_assert_int_eq (sim_get_int ("covercalibrator", "brightness", NULL), 0);
  ck_assert (!sim_get_bool ("covercalibrator", "calibratorchanging", NULL));
}
END_TEST

/* ---- ObservingConditions ---- */

static const char * const sensor_names[] = {
  "CloudCover", "DewPoint", "Humidity", "Pressure", "RainRate", "SkyBrightness", "SkyQuality",
  "SkyTemperature", "StarFWHM", "Temperature", "WindDirection", "WindGust", "WindSpeed", NULL,
};

static double
sim_time (void)
{
  CriaSimDevice *device = cria_sim_server_get_device (sim_server (),
                                                      CRIA_DEVICE_OBSERVING_CONDITIONS, 0);

  ck_assert (device != NULL);
  return cria_sim_device_get_time (device);
}

static void
assert_between (GHashTable *state,
                const char *name,
                double      low,
                double      high)
{
  double value = state_double (state, name);

  ck_assert_msg (value >= low && value <= high, "%s = %g, not within %g to %g",
                 name, value, low, high);
}

/* Plausible values for a night at a temperate site, consistent with one another. */
static void
assert_plausible (GHashTable *state)
{
  double temperature = state_double (state, "Temperature");
  double wind = state_double (state, "WindSpeed");

  assert_between (state, "Temperature", -30, 40);
  assert_between (state, "DewPoint", -60, temperature);
  assert_between (state, "Humidity", 1, 100);
  assert_between (state, "CloudCover", 0, 100);
  assert_between (state, "Pressure", 950, 1070);
  assert_between (state, "RainRate", 0, 50);
  /* Night: from a dark sky's thousandth of a lux to bright moonlight. */
  assert_between (state, "SkyBrightness", 1e-5, 1);
  assert_between (state, "SkyQuality", 15, 23);
  assert_between (state, "SkyTemperature", -80, temperature - 0.5);
  assert_between (state, "StarFWHM", 0.3, 6);
  assert_between (state, "WindSpeed", 0, 30);
  assert_between (state, "WindGust", wind, 50);
  assert_between (state, "WindDirection", 0, 360);
  if (wind == 0)
    ck_assert (state_double (state, "WindDirection") == 0);
}

START_TEST (test_conditions_values)
{
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  double started;
  gboolean changed = FALSE;
  guint i;

  sim_connect ("observingconditions", WAIT_SECONDS);
  ck_assert_int_eq (sim_get_int ("observingconditions", "interfaceversion", NULL), 2);

  before = sim_device_state ("observingconditions");
  assert_state_names (before, sensor_names);
  assert_plausible (before);
  started = sim_time ();

  /* Each member alone agrees with the ranges too. */
  for (i = 0; sensor_names[i] != NULL; i++)
    {
      g_autofree char *member = g_ascii_strdown (sensor_names[i], -1);
      double value = sim_get_double ("observingconditions", member, NULL);

      ck_assert_msg (isfinite (value) && value > -100 && value < 2000, "%s = %g",
                     sensor_names[i], value);
    }

  /* A simulated minute later: a little different, never a jump. */
  while (sim_time () < started + 60)
    g_usleep (50000);
  after = sim_device_state ("observingconditions");
  assert_plausible (after);
  ck_assert (fabs (state_double (after, "Temperature") - state_double (before, "Temperature")) < 1);
  ck_assert (fabs (state_double (after, "Humidity") - state_double (before, "Humidity")) < 5);
  ck_assert (fabs (state_double (after, "Pressure") - state_double (before, "Pressure")) < 1);
  ck_assert (fabs (state_double (after, "CloudCover") - state_double (before, "CloudCover")) < 15);
  ck_assert (fabs (state_double (after, "SkyQuality") - state_double (before, "SkyQuality")) < 0.5);
  ck_assert (fabs (state_double (after, "StarFWHM") - state_double (before, "StarFWHM")) < 0.5);
  ck_assert (fabs (state_double (after, "WindSpeed") - state_double (before, "WindSpeed")) < 3);

  for (i = 0; sensor_names[i] != NULL; i++)
    if (state_double (after, sensor_names[i]) != state_double (before, sensor_names[i]))
      changed = TRUE;
  ck_assert_msg (changed, "the weather stood still for a minute");
}
END_TEST

START_TEST (test_conditions_sensors)
{
  g_autofree char *description = NULL;
  double before, tsl, latest;
  guint i;

  sim_connect ("observingconditions", WAIT_SECONDS);

  description = sim_get_string ("observingconditions", "sensordescription",
                                "SensorName=Temperature");
  ck_assert (strlen (description) > 0);
  ck_assert_int_eq (sim_error_of ("GET", "observingconditions", "sensordescription",
                                  "SensorName=Bogus"), ERR_INVALID_VALUE);
  ck_assert_int_eq (sim_error_of ("GET", "observingconditions", "sensordescription",
                                  "SensorName="), ERR_INVALID_VALUE);
  ck_assert_int_eq (sim_error_of ("GET", "observingconditions", "timesincelastupdate",
                                  "SensorName=Bogus"), ERR_INVALID_VALUE);

  for (i = 0; sensor_names[i] != NULL; i++)
    {
      g_autofree char *param = g_strdup_printf ("SensorName=%s", sensor_names[i]);
      g_autofree char *text = sim_get_string ("observingconditions", "sensordescription", param);

      ck_assert_msg (strlen (text) > 0, "%s has no description", sensor_names[i]);
      tsl = sim_get_double ("observingconditions", "timesincelastupdate", param);
      /* Every instrument samples at least once a minute. */
      ck_assert_msg (tsl >= 0 && tsl <= 60, "%s: %g s", sensor_names[i], tsl);
    }

  latest = sim_get_double ("observingconditions", "timesincelastupdate", "SensorName=");
  ck_assert (latest >= 0 && latest <= 60);

  /* Refresh samples every sensor at once. */
  before = sim_time ();
  sim_put_ok ("observingconditions", "refresh", NULL);
  tsl = sim_get_double ("observingconditions", "timesincelastupdate", "SensorName=StarFWHM");
  ck_assert_msg (tsl >= 0 && tsl <= sim_time () - before, "%g s after a refresh", tsl);
}
END_TEST

START_TEST (test_conditions_average)
{
  g_autoptr(GHashTable) averaged = NULL;

  sim_connect ("observingconditions", WAIT_SECONDS);

  ck_assert (sim_get_double ("observingconditions", "averageperiod", NULL) == 0);
  ck_assert_int_eq (sim_error_of ("PUT", "observingconditions", "averageperiod",
                                  "AveragePeriod=-1"), ERR_INVALID_VALUE);
  ck_assert_int_eq (sim_error_of ("PUT", "observingconditions", "averageperiod",
                                  "AveragePeriod=25"), ERR_INVALID_VALUE);
  ck_assert (sim_get_double ("observingconditions", "averageperiod", NULL) == 0);

  sim_put_ok ("observingconditions", "averageperiod", "AveragePeriod=0.5");
  ck_assert (fabs (sim_get_double ("observingconditions", "averageperiod", NULL) - 0.5) < 1e-9);
  averaged = sim_device_state ("observingconditions");
  assert_plausible (averaged);

  sim_put_ok ("observingconditions", "averageperiod", "AveragePeriod=0");
  ck_assert (sim_get_double ("observingconditions", "averageperiod", NULL) == 0);
}
END_TEST

/* ---- SafetyMonitor ---- */

static char *
run_action (const char *action,
            const char *parameters)
{
  g_autofree char *form = g_strdup_printf ("Action=%s&Parameters=%s", action, parameters);
  g_autoptr(JsonObject) reply = sim_call ("PUT", "safetymonitor", "action", form);

  ck_assert_msg (json_object_get_int_member (reply, "ErrorNumber") == 0, "%s: %s", action,
                 json_object_get_string_member (reply, "ErrorMessage"));
  return g_strdup (json_object_get_string_member (reply, "Value"));
}

START_TEST (test_safety)
{
  static const char * const names[] = { "IsSafe", NULL };
  g_autoptr(JsonNode) actions = NULL;
  g_autoptr(GHashTable) state = NULL;
  g_autofree char *unsafe = NULL;
  g_autofree char *safe = NULL;
  JsonArray *list;
  gboolean set_safe = FALSE, toggle = FALSE;
  guint i;

  /* Disconnected, the monitor reads unsafe rather than failing. */
  ck_assert (!sim_get_bool ("safetymonitor", "issafe", NULL));
  ck_assert_int_eq (sim_error_of ("GET", "safetymonitor", "devicestate", NULL), ERR_NOT_CONNECTED);

  sim_connect ("safetymonitor", WAIT_SECONDS);
  ck_assert_int_eq (sim_get_int ("safetymonitor", "interfaceversion", NULL), 3);
  ck_assert (sim_get_bool ("safetymonitor", "issafe", NULL));

  actions = sim_get_value ("safetymonitor", "supportedactions", NULL);
  ck_assert (JSON_NODE_HOLDS_ARRAY (actions));
  list = json_node_get_array (actions);
  for (i = 0; i < json_array_get_length (list); i++)
    {
      const char *name = json_array_get_string_element (list, i);

      set_safe |= g_strcmp0 (name, "SafetyMonitor:SetSafe") == 0;
      toggle |= g_strcmp0 (name, "SafetyMonitor:Toggle") == 0;
    }
  ck_assert (set_safe && toggle);

  unsafe = run_action ("SafetyMonitor:SetSafe", "false");
  ck_assert_str_eq (unsafe, "false");
  ck_assert (!sim_get_bool ("safetymonitor", "issafe", NULL));
  state = sim_device_state ("safetymonitor");
  assert_state_names (state, names);
  ck_assert (!state_bool (state, "IsSafe"));

  safe = run_action ("SafetyMonitor:Toggle", "");
  ck_assert_str_eq (safe, "true");
  ck_assert (sim_get_bool ("safetymonitor", "issafe", NULL));

  ck_assert_int_eq (sim_error_of ("PUT", "safetymonitor", "action",
                                  "Action=SafetyMonitor:SetSafe&Parameters=maybe"),
                    ERR_INVALID_VALUE);
  ck_assert (sim_get_bool ("safetymonitor", "issafe", NULL));
  ck_assert_int_eq (sim_error_of ("PUT", "safetymonitor", "action", "Action=Bogus&Parameters="),
                    ERR_ACTION_NOT_IMPL);

  sim_put_ok ("safetymonitor", "connected", "Connected=false");
  ck_assert (!sim_get_bool ("safetymonitor", "issafe", NULL));
}
END_TEST

static Suite *
aux_suite (void)
{
  Suite *suite = suite_create ("sim-aux");
  TCase *moves = tcase_create ("moves");
  TCase *weather = tcase_create ("weather");
  TCase *safety = tcase_create ("safety");

  tcase_add_checked_fixture (moves, setup_moves, teardown);
  tcase_set_timeout (moves, 90);
  tcase_add_test (moves, test_switch_description);
  tcase_add_test (moves, test_switch_set);
  tcase_add_test (moves, test_switch_async);
  tcase_add_test (moves, test_cover);
  tcase_add_test (moves, test_calibrator);
  suite_add_tcase (suite, moves);

  tcase_add_checked_fixture (weather, setup_weather, teardown);
  tcase_set_timeout (weather, 60);
  tcase_add_test (weather, test_conditions_values);
  tcase_add_test (weather, test_conditions_sensors);
  tcase_add_test (weather, test_conditions_average);
  suite_add_tcase (suite, weather);

  tcase_add_checked_fixture (safety, setup_safety, teardown);
  tcase_set_timeout (safety, 60);
  tcase_add_test (safety, test_safety);
  suite_add_tcase (suite, safety);

  return suite;
}

int
main (void)
{
  return sim_run_suite (aux_suite ());
}
