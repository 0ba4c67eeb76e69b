/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sim-aux"

#include <check.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "cria-sim-server.h"

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

#define CLIENT_ID               4711

static CriaSimServer *server;
static SoupSession *session;
static char *base_url;
static char *state_dir;
static guint transaction;

/* ---- HTTP helpers ---- */

/* device: "switch", "covercalibrator"...; params: the form of a PUT or the query of a GET,
 * without the client IDs, which every call adds. */
static JsonObject *
call (const char *method,
      const char *device,
      const char *member,
      const char *params)
{
  gboolean put = g_str_equal (method, "PUT");
  guint id = ++transaction;
  g_autofree char *ids = g_strdup_printf ("ClientID=%d&ClientTransactionID=%u", CLIENT_ID, id);
  g_autofree char *all = params != NULL && *params != '\0'
                         ? g_strdup_printf ("%s&%s", params, ids) : g_strdup (ids);
  g_autofree char *url = g_strdup_printf ("%s/api/v1/%s/0/%s%s%s", base_url, device, member,
                                          put ? "" : "?", put ? "" : all);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  JsonObject *object;
  gsize size = 0;
  const char *data;

  ck_assert_msg (msg != NULL, "bad URL %s", url);
  if (put)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (all, strlen (all));

      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", bytes);
    }

  body = soup_session_send_and_read (session, msg, NULL, &error);
  ck_assert_msg (body != NULL, "%s: %s", url, error != NULL ? error->message : "?");
  data = g_bytes_get_data (body, &size);
  text = g_strndup (data != NULL ? data : "", size);
  ck_assert_msg (soup_message_get_status (msg) == 200, "%s %s: HTTP %u %s", method, url,
                 soup_message_get_status (msg), text);

  node = json_from_string (text, &error);
  ck_assert_msg (node != NULL && JSON_NODE_HOLDS_OBJECT (node), "%s: not a JSON object: %s",
                 url, text);
  object = json_node_get_object (node);
  ck_assert_int_eq (json_object_get_int_member (object, "ClientTransactionID"), id);
  return json_object_ref (object);
}

static gint64
error_of (const char *method,
          const char *device,
          const char *member,
          const char *params)
{
  g_autoptr(JsonObject) reply = call (method, device, member, params);

  return json_object_get_int_member (reply, "ErrorNumber");
}

static void
put_ok (const char *device,
        const char *member,
        const char *params)
{
  g_autoptr(JsonObject) reply = call ("PUT", device, member, params);

  ck_assert_msg (json_object_get_int_member (reply, "ErrorNumber") == 0, "PUT %s %s: %s",
                 member, params != NULL ? params : "",
                 json_object_get_string_member (reply, "ErrorMessage"));
}

static JsonNode *
get_value (const char *device,
           const char *member,
           const char *params)
{
  g_autoptr(JsonObject) reply = call ("GET", device, member, params);

  ck_assert_msg (json_object_get_int_member (reply, "ErrorNumber") == 0, "GET %s %s: %s",
                 member, params != NULL ? params : "",
                 json_object_get_string_member (reply, "ErrorMessage"));
  ck_assert_msg (json_object_has_member (reply, "Value"), "GET %s has no Value", member);
  return json_node_copy (json_object_get_member (reply, "Value"));
}

static double
get_double (const char *device,
            const char *member,
            const char *params)
{
  g_autoptr(JsonNode) value = get_value (device, member, params);

  ck_assert_msg (JSON_NODE_HOLDS_VALUE (value), "%s is not a number", member);
  return json_node_get_double (value);
}

static gint64
get_int (const char *device,
         const char *member,
         const char *params)
{
  g_autoptr(JsonNode) value = get_value (device, member, params);

  ck_assert_msg (JSON_NODE_HOLDS_VALUE (value)
                 && json_node_get_value_type (value) == G_TYPE_INT64,
                 "%s is not an integer", member);
  return json_node_get_int (value);
}

static gboolean
get_bool (const char *device,
          const char *member,
          const char *params)
{
  g_autoptr(JsonNode) value = get_value (device, member, params);

  ck_assert_msg (JSON_NODE_HOLDS_VALUE (value)
                 && json_node_get_value_type (value) == G_TYPE_BOOLEAN,
                 "%s is not a boolean", member);
  return json_node_get_boolean (value);
}

static char *
get_string (const char *device,
            const char *member,
            const char *params)
{
  g_autoptr(JsonNode) value = get_value (device, member, params);

  ck_assert_msg (JSON_NODE_HOLDS_VALUE (value)
                 && json_node_get_value_type (value) == G_TYPE_STRING,
                 "%s is not a string", member);
  return g_strdup (json_node_get_string (value));
}

static gboolean
wait_for_bool (const char *device,
               const char *member,
               const char *params,
               gboolean    wanted)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (WAIT_SECONDS * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < deadline)
    {
      if (get_bool (device, member, params) == wanted)
        return TRUE;
      g_usleep (20000);
    }
  return FALSE;
}

/* Platform 7 connection: Connect(), then poll Connecting. */
static void
connect_device (const char *device)
{
  put_ok (device, "connect", NULL);
  ck_assert_msg (wait_for_bool (device, "connecting", NULL, FALSE), "%s: still connecting",
                 device);
  ck_assert_msg (get_bool (device, "connected", NULL), "%s did not connect", device);
}

/* DeviceState as a table of name to value (owned copies). */
static GHashTable *
device_state (const char *device)
{
  g_autoptr(JsonNode) value = get_value (device, "devicestate", NULL);
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) json_node_unref);
  JsonArray *items;
  guint i;

  ck_assert (JSON_NODE_HOLDS_ARRAY (value));
  items = json_node_get_array (value);
  for (i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *name;

      ck_assert (item != NULL && json_object_has_member (item, "Name")
                 && json_object_has_member (item, "Value"));
      name = json_object_get_string_member (item, "Name");
      ck_assert_msg (!g_hash_table_contains (table, name), "%s twice in DeviceState", name);
      g_hash_table_insert (table, g_strdup (name),
                           json_node_copy (json_object_get_member (item, "Value")));
    }

  return table;
}

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
  CriaSimOptions options = {
    .address = "127.0.0.1",
    .port = 0,
    .discovery_port = 0,
    .speed = speed,
  };
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  state_dir = g_dir_make_tmp ("cria-sim-aux-XXXXXX", NULL);
  ck_assert (state_dir != NULL);
  options.state_dir = state_dir;

  server = cria_sim_server_new (&options);
  ck_assert_msg (cria_sim_server_start (server, &error), "%s", error != NULL ? error->message : "");
  base_url = cria_sim_server_get_url (server);
  session = soup_session_new ();
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
  g_autofree char *file = NULL;

  g_clear_object (&session);
  if (server != NULL)
    cria_sim_server_stop (server);
  g_clear_object (&server);
  g_clear_pointer (&base_url, g_free);

  file = g_build_filename (state_dir, "simulator.ini", NULL);
  g_remove (file);
  g_rmdir (state_dir);
  g_clear_pointer (&state_dir, g_free);
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

  connect_device ("switch");
  ck_assert_int_eq (get_int ("switch", "interfaceversion", NULL), 3);
  ck_assert_int_eq (get_int ("switch", "maxswitch", NULL), N_SWITCHES);

  for (id = 0; id < N_SWITCHES; id++)
    {
      g_autofree char *name = get_string ("switch", "getswitchname", id_param (id));
      g_autofree char *description = get_string ("switch", "getswitchdescription",
                                                 id_param (id));
      double minimum = get_double ("switch", "minswitchvalue", id_param (id));
      double maximum = get_double ("switch", "maxswitchvalue", id_param (id));
      double step = get_double ("switch", "switchstep", id_param (id));
      double value = get_double ("switch", "getswitchvalue", id_param (id));
      double steps = (maximum - minimum) / step;
      gboolean can_write = get_bool ("switch", "canwrite", id_param (id));
      gboolean can_async = get_bool ("switch", "canasync", id_param (id));

      ck_assert (strlen (name) > 0 && strlen (description) > 0);
      ck_assert_msg (g_hash_table_add (names, g_steal_pointer (&name)), "duplicate name");
      ck_assert (minimum < maximum && step > 0);
      ck_assert_msg (fabs (steps - round (steps)) < 1e-6, "range not a multiple of the step");
      ck_assert (value >= minimum && value <= maximum);
      /* Asynchronous switching needs a writable switch. */
      ck_assert (!can_async || can_write);
      ck_assert (get_bool ("switch", "statechangecomplete", id_param (id)));
    }

  ck_assert (get_bool ("switch", "canasync", id_param (MOUNT_POWER)));
  ck_assert (!get_bool ("switch", "canasync", id_param (CAMERA_POWER)));
  ck_assert (!get_bool ("switch", "canwrite", id_param (INPUT_VOLTAGE)));
  ck_assert (fabs (get_double ("switch", "maxswitchvalue", id_param (FLAT_PANEL)) - 255) < 1e-9);

  /* Ids run from 0 to MaxSwitch - 1. */
  ck_assert_int_eq (error_of ("GET", "switch", "getswitchname", "Id=6"), ERR_INVALID_VALUE);
  ck_assert_int_eq (error_of ("GET", "switch", "getswitchvalue", "Id=-1"), ERR_INVALID_VALUE);
  ck_assert_int_eq (error_of ("GET", "switch", "canwrite", "Id=99"), ERR_INVALID_VALUE);
  ck_assert_int_eq (error_of ("PUT", "switch", "setswitch", "Id=6&State=true"),
                    ERR_INVALID_VALUE);
  ck_assert_int_eq (error_of ("PUT", "switch", "setswitchvalue", "Id=-1&Value=0"),
                    ERR_INVALID_VALUE);

  put_ok ("switch", "setswitchname", "Id=2&Name=Objective%20heater");
  renamed = get_string ("switch", "getswitchname", "Id=2");
  ck_assert_str_eq (renamed, "Objective heater");
  ck_assert_int_eq (error_of ("PUT", "switch", "setswitchname", "Id=2&Name="),
                    ERR_INVALID_VALUE);
}
END_TEST

START_TEST (test_switch_set)
{
  double idle_volts, loaded_volts;

  connect_device ("switch");

  /* An on/off outlet. */
  put_ok ("switch", "setswitch", "Id=1&State=false");
  ck_assert (!get_bool ("switch", "getswitch", id_param (CAMERA_POWER)));
  ck_assert (get_double ("switch", "getswitchvalue", id_param (CAMERA_POWER)) == 0);
  put_ok ("switch", "setswitchvalue", "Id=1&Value=1");
  ck_assert (get_bool ("switch", "getswitch", id_param (CAMERA_POWER)));
  ck_assert_int_eq (error_of ("PUT", "switch", "setswitchvalue", "Id=1&Value=0.5"),
                    ERR_INVALID_VALUE);
  ck_assert (get_bool ("switch", "getswitch", id_param (CAMERA_POWER)));

  /* The flat panel dimmer: whole steps from 0 to 255 only. */
  put_ok ("switch", "setswitchvalue", "Id=4&Value=0");
  ck_assert (!get_bool ("switch", "getswitch", id_param (FLAT_PANEL)));
  idle_volts = get_double ("switch", "getswitchvalue", id_param (INPUT_VOLTAGE));
  put_ok ("switch", "setswitchvalue", "Id=4&Value=128");
  ck_assert (get_double ("switch", "getswitchvalue", id_param (FLAT_PANEL)) == 128);
  ck_assert (get_bool ("switch", "getswitch", id_param (FLAT_PANEL)));
  put_ok ("switch", "setswitch", "Id=4&State=true");
  ck_assert (get_double ("switch", "getswitchvalue", id_param (FLAT_PANEL)) == 255);
  ck_assert_int_eq (error_of ("PUT", "switch", "setswitchvalue", "Id=4&Value=12.5"),
                    ERR_INVALID_VALUE);
  ck_assert_int_eq (error_of ("PUT", "switch", "setswitchvalue", "Id=4&Value=256"),
                    ERR_INVALID_VALUE);
  ck_assert_int_eq (error_of ("PUT", "switch", "setswitchvalue", "Id=4&Value=-1"),
                    ERR_INVALID_VALUE);
  ck_assert (get_double ("switch", "getswitchvalue", id_param (FLAT_PANEL)) == 255);
  ck_assert_int_eq (error_of ("PUT", "switch", "setasync", "Id=4&State=false"),
                    ERR_NOT_IMPLEMENTED);

  /* The voltage sensor reads within its range, sags under the panel's load, and cannot be
   * written. */
  loaded_volts = get_double ("switch", "getswitchvalue", id_param (INPUT_VOLTAGE));
  ck_assert (idle_volts >= 12.0 && idle_volts <= 13.8);
  ck_assert_msg (loaded_volts < idle_volts, "%g V loaded, %g V idle", loaded_volts, idle_volts);
  ck_assert_int_eq (error_of ("PUT", "switch", "setswitch", "Id=5&State=true"),
                    ERR_NOT_IMPLEMENTED);
  ck_assert_int_eq (error_of ("PUT", "switch", "setswitchvalue", "Id=5&Value=13"),
                    ERR_NOT_IMPLEMENTED);
  ck_assert_int_eq (error_of ("PUT", "switch", "setasyncvalue", "Id=5&Value=13"),
                    ERR_NOT_IMPLEMENTED);
}
END_TEST

START_TEST (test_switch_async)
{
  static const char * const prefixes[] = { "GetSwitch", "GetSwitchValue", "StateChangeComplete" };
  g_autoptr(GHashTable) state = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint i, id;

  connect_device ("switch");
  ck_assert (get_bool ("switch", "getswitch", id_param (MOUNT_POWER)));

  /* The mount's relay switches off after its soft-start delay. */
  put_ok ("switch", "setasync", "Id=0&State=false");
  ck_assert (!get_bool ("switch", "statechangecomplete", id_param (MOUNT_POWER)));
  state = device_state ("switch");
  ck_assert (!state_bool (state, "StateChangeComplete0"));
  ck_assert (state_bool (state, "StateChangeComplete1"));
  ck_assert (wait_for_bool ("switch", "statechangecomplete", id_param (MOUNT_POWER), TRUE));
  ck_assert (!get_bool ("switch", "getswitch", id_param (MOUNT_POWER)));
  ck_assert (get_double ("switch", "getswitchvalue", id_param (MOUNT_POWER)) == 0);

  /* The dew heater ramps to its new level. */
  ck_assert_int_eq (error_of ("PUT", "switch", "setasyncvalue", "Id=3&Value=100.5"),
                    ERR_INVALID_VALUE);
  put_ok ("switch", "setasyncvalue", "Id=3&Value=100");
  ck_assert (!get_bool ("switch", "statechangecomplete", id_param (DEW_POWER)));
  ck_assert (get_double ("switch", "getswitchvalue", id_param (DEW_POWER)) < 100);
  ck_assert (wait_for_bool ("switch", "statechangecomplete", id_param (DEW_POWER), TRUE));
  ck_assert (get_double ("switch", "getswitchvalue", id_param (DEW_POWER)) == 100);

  /* Asynchronous only where CanAsync says so. */
  ck_assert_int_eq (error_of ("PUT", "switch", "setasync", "Id=1&State=false"),
                    ERR_NOT_IMPLEMENTED);
  ck_assert_int_eq (error_of ("GET", "switch", "statechangecomplete", "Id=6"),
                    ERR_INVALID_VALUE);

  /* DeviceState: each switch's GetSwitch, GetSwitchValue and StateChangeComplete. */
  for (i = 0; i < G_N_ELEMENTS (prefixes); i++)
    for (id = 0; id < N_SWITCHES; id++)
      g_ptr_array_add (names, g_strdup_printf ("%s%u", prefixes[i], id));
  g_ptr_array_add (names, NULL);
  g_clear_pointer (&state, g_hash_table_unref);
  state = device_state ("switch");
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

  connect_device ("covercalibrator");
  ck_assert_int_eq (get_int ("covercalibrator", "interfaceversion", NULL), 2);
  ck_assert_int_eq (get_int ("covercalibrator", "coverstate", NULL), COVER_CLOSED);
  ck_assert (!get_bool ("covercalibrator", "covermoving", NULL));

  put_ok ("covercalibrator", "opencover", NULL);
  ck_assert (get_bool ("covercalibrator", "covermoving", NULL));
  ck_assert_int_eq (get_int ("covercalibrator", "coverstate", NULL), COVER_MOVING);
  state = device_state ("covercalibrator");
  assert_state_names (state, names);
  ck_assert (state_bool (state, "CoverMoving"));
  ck_assert (wait_for_bool ("covercalibrator", "covermoving", NULL, FALSE));
  ck_assert_int_eq (get_int ("covercalibrator", "coverstate", NULL), COVER_OPEN);

  /* Halted part-way, the cover is neither open nor closed. */
  put_ok ("covercalibrator", "closecover", NULL);
  ck_assert_int_eq (get_int ("covercalibrator", "coverstate", NULL), COVER_MOVING);
  put_ok ("covercalibrator", "haltcover", NULL);
  ck_assert (!get_bool ("covercalibrator", "covermoving", NULL));
  ck_assert_int_eq (get_int ("covercalibrator", "coverstate", NULL), COVER_UNKNOWN);

  put_ok ("covercalibrator", "closecover", NULL);
  ck_assert (wait_for_bool ("covercalibrator", "covermoving", NULL, FALSE));
  ck_assert_int_eq (get_int ("covercalibrator", "coverstate", NULL), COVER_CLOSED);
}
END_TEST

START_TEST (test_calibrator)
{
  g_autoptr(GHashTable) state = NULL;

  connect_device ("covercalibrator");
  ck_assert_int_eq (get_int ("covercalibrator", "calibratorstate", NULL), CALIBRATOR_OFF);
  ck_assert_int_eq (get_int ("covercalibrator", "brightness", NULL), 0);
  ck_assert_int_eq (get_int ("covercalibrator", "maxbrightness", NULL), 255);

  ck_assert_int_eq (error_of ("PUT", "covercalibrator", "calibratoron", "Brightness=256"),
                    ERR_INVALID_VALUE);
  ck_assert_int_eq (error_of ("PUT", "covercalibrator", "calibratoron", "Brightness=-1"),
                    ERR_INVALID_VALUE);
  ck_assert_int_eq (get_int ("covercalibrator", "calibratorstate", NULL), CALIBRATOR_OFF);

  /* The panel warms up before it is usable. */
  put_ok ("covercalibrator", "calibratoron", "Brightness=200");
  ck_assert_int_eq (get_int ("covercalibrator", "calibratorstate", NULL), CALIBRATOR_NOT_READY);
  ck_assert (get_bool ("covercalibrator", "calibratorchanging", NULL));
  state = device_state ("covercalibrator");
  ck_assert (state_bool (state, "CalibratorChanging"));
  ck_assert (state_double (state, "CalibratorState") == CALIBRATOR_NOT_READY);
  ck_assert (wait_for_bool ("covercalibrator", "calibratorchanging", NULL, FALSE));
  ck_assert_int_eq (get_int ("covercalibrator", "calibratorstate", NULL), CALIBRATOR_READY);
  ck_assert_int_eq (get_int ("covercalibrator", "brightness", NULL), 200);

  put_ok ("covercalibrator", "calibratoroff", NULL);
  ck_assert_int_eq (get_int ("covercalibrator", "calibratorstate", NULL), CALIBRATOR_OFF);
  ck_assert_int_eq (get_int ("covercalibrator", "brightness", NULL), 0);
  ck_assert (!get_bool ("covercalibrator", "calibratorchanging", NULL));
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
  CriaSimDevice *device = cria_sim_server_get_device (server, CRIA_DEVICE_OBSERVING_CONDITIONS,
                                                      0);

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

  connect_device ("observingconditions");
  ck_assert_int_eq (get_int ("observingconditions", "interfaceversion", NULL), 2);

  before = device_state ("observingconditions");
  assert_state_names (before, sensor_names);
  assert_plausible (before);
  started = sim_time ();

  /* Each member alone agrees with the ranges too. */
  for (i = 0; sensor_names[i] != NULL; i++)
    {
      g_autofree char *member = g_ascii_strdown (sensor_names[i], -1);
      double value = get_double ("observingconditions", member, NULL);

      ck_assert_msg (isfinite (value) && value > -100 && value < 2000, "%s = %g",
                     sensor_names[i], value);
    }

  /* A simulated minute later: a little different, never a jump. */
  while (sim_time () < started + 60)
    g_usleep (50000);
  after = device_state ("observingconditions");
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

  connect_device ("observingconditions");

  description = get_string ("observingconditions", "sensordescription", "SensorName=Temperature");
  ck_assert (strlen (description) > 0);
  ck_assert_int_eq (error_of ("GET", "observingconditions", "sensordescription",
                              "SensorName=Bogus"), ERR_INVALID_VALUE);
  ck_assert_int_eq (error_of ("GET", "observingconditions", "sensordescription",
                              "SensorName="), ERR_INVALID_VALUE);
  ck_assert_int_eq (error_of ("GET", "observingconditions", "timesincelastupdate",
                              "SensorName=Bogus"), ERR_INVALID_VALUE);

  for (i = 0; sensor_names[i] != NULL; i++)
    {
      g_autofree char *param = g_strdup_printf ("SensorName=%s", sensor_names[i]);
      g_autofree char *text = get_string ("observingconditions", "sensordescription", param);

      ck_assert_msg (strlen (text) > 0, "%s has no description", sensor_names[i]);
      tsl = get_double ("observingconditions", "timesincelastupdate", param);
      /* Every instrument samples at least once a minute. */
      ck_assert_msg (tsl >= 0 && tsl <= 60, "%s: %g s", sensor_names[i], tsl);
    }

  latest = get_double ("observingconditions", "timesincelastupdate", "SensorName=");
  ck_assert (latest >= 0 && latest <= 60);

  /* Refresh samples every sensor at once. */
  before = sim_time ();
  put_ok ("observingconditions", "refresh", NULL);
  tsl = get_double ("observingconditions", "timesincelastupdate", "SensorName=StarFWHM");
  ck_assert_msg (tsl >= 0 && tsl <= sim_time () - before, "%g s after a refresh", tsl);
}
END_TEST

START_TEST (test_conditions_average)
{
  g_autoptr(GHashTable) averaged = NULL;

  connect_device ("observingconditions");

  ck_assert (get_double ("observingconditions", "averageperiod", NULL) == 0);
  ck_assert_int_eq (error_of ("PUT", "observingconditions", "averageperiod",
                              "AveragePeriod=-1"), ERR_INVALID_VALUE);
  ck_assert_int_eq (error_of ("PUT", "observingconditions", "averageperiod",
                              "AveragePeriod=25"), ERR_INVALID_VALUE);
  ck_assert (get_double ("observingconditions", "averageperiod", NULL) == 0);

  put_ok ("observingconditions", "averageperiod", "AveragePeriod=0.5");
  ck_assert (fabs (get_double ("observingconditions", "averageperiod", NULL) - 0.5) < 1e-9);
  averaged = device_state ("observingconditions");
  assert_plausible (averaged);

  put_ok ("observingconditions", "averageperiod", "AveragePeriod=0");
  ck_assert (get_double ("observingconditions", "averageperiod", NULL) == 0);
}
END_TEST

/* ---- SafetyMonitor ---- */

static char *
run_action (const char *action,
            const char *parameters)
{
  g_autofree char *form = g_strdup_printf ("Action=%s&Parameters=%s", action, parameters);
  g_autoptr(JsonObject) reply = call ("PUT", "safetymonitor", "action", form);

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
  ck_assert (!get_bool ("safetymonitor", "issafe", NULL));
  ck_assert_int_eq (error_of ("GET", "safetymonitor", "devicestate", NULL), ERR_NOT_CONNECTED);

  connect_device ("safetymonitor");
  ck_assert_int_eq (get_int ("safetymonitor", "interfaceversion", NULL), 3);
  ck_assert (get_bool ("safetymonitor", "issafe", NULL));

  actions = get_value ("safetymonitor", "supportedactions", NULL);
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
  ck_assert (!get_bool ("safetymonitor", "issafe", NULL));
  state = device_state ("safetymonitor");
  assert_state_names (state, names);
  ck_assert (!state_bool (state, "IsSafe"));

  safe = run_action ("SafetyMonitor:Toggle", "");
  ck_assert_str_eq (safe, "true");
  ck_assert (get_bool ("safetymonitor", "issafe", NULL));

  ck_assert_int_eq (error_of ("PUT", "safetymonitor", "action",
                              "Action=SafetyMonitor:SetSafe&Parameters=maybe"),
                    ERR_INVALID_VALUE);
  ck_assert (get_bool ("safetymonitor", "issafe", NULL));
  ck_assert_int_eq (error_of ("PUT", "safetymonitor", "action", "Action=Bogus&Parameters="),
                    ERR_ACTION_NOT_IMPL);

  put_ok ("safetymonitor", "connected", "Connected=false");
  ck_assert (!get_bool ("safetymonitor", "issafe", NULL));
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
  SRunner *runner = srunner_create (aux_suite ());
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);

  return failed == 0 ? 0 : 1;
}
