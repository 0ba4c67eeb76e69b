/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sim-mech"

#include <check.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "cria-sim-filter-wheel.h"
#include "cria-sim-focuser.h"
#include "cria-sim-server.h"

/* The dome and the focuser run fast; the filter wheel and the rotator slower, so that their
 * short moves last long enough (a second or more) to be seen in progress. */
#define FAST_SPEED     20.0
#define WHEEL_SPEED    2.0
#define ROTATOR_SPEED  5.0
#define WAIT_SECONDS   20.0
#define POLL_US        20000

#define ERR_INVALID_VALUE   0x401
#define ERR_NOT_CONNECTED   0x407
#define ERR_SLAVED          0x409
#define ERR_INVALID_OP      0x40B

/* ShutterState */
#define SHUTTER_OPEN     0
#define SHUTTER_CLOSED   1
#define SHUTTER_OPENING  2
#define SHUTTER_CLOSING  3
#define SHUTTER_ERROR    4

#define CLIENT_ID "4242"

static CriaSimServer *server;
static SoupSession *session;
static char *base_url;
static char *state_dir;
static guint transaction;

/* ---- HTTP helpers ---- */

/* device: "dome", "focuser"...; params: the form of a PUT or the query of a GET, or NULL. */
static JsonObject *
call (const char *device,
      const char *method,
      const char *member,
      const char *params)
{
  gboolean put = g_str_equal (method, "PUT");
  g_autofree char *ids = g_strdup_printf ("ClientID=" CLIENT_ID "&ClientTransactionID=%u",
                                          ++transaction);
  g_autofree char *all = params != NULL ? g_strconcat (params, "&", ids, NULL) : g_strdup (ids);
  g_autofree char *url = g_strdup_printf ("%s/api/v1/%s/0/%s%s%s", base_url, device, member,
                                          put ? "" : "?", put ? "" : all);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
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
  ck_assert_int_eq (json_object_get_int_member (json_node_get_object (node),
                                                "ClientTransactionID"), transaction);
  return json_object_ref (json_node_get_object (node));
}

static gint64
error_of (const char *device,
          const char *method,
          const char *member,
          const char *params)
{
  g_autoptr(JsonObject) reply = call (device, method, member, params);

  return json_object_get_int_member (reply, "ErrorNumber");
}

static void
put_ok (const char *device,
        const char *member,
        const char *params)
{
  g_autoptr(JsonObject) reply = call (device, "PUT", member, params);

  ck_assert_msg (json_object_get_int_member (reply, "ErrorNumber") == 0, "PUT %s %s: %s",
                 member, params != NULL ? params : "",
                 json_object_get_string_member (reply, "ErrorMessage"));
}

static JsonNode *
get_value (const char *device,
           const char *member)
{
  g_autoptr(JsonObject) reply = call (device, "GET", member, NULL);

  ck_assert_msg (json_object_get_int_member (reply, "ErrorNumber") == 0, "GET %s: %s", member,
                 json_object_get_string_member (reply, "ErrorMessage"));
  ck_assert_msg (json_object_has_member (reply, "Value"), "GET %s has no Value", member);
  return json_node_copy (json_object_get_member (reply, "Value"));
}

static double
get_double (const char *device,
            const char *member)
{
  g_autoptr(JsonNode) value = get_value (device, member);

  ck_assert_msg (JSON_NODE_HOLDS_VALUE (value), "%s is not a number", member);
  return json_node_get_double (value);
}

static gint64
get_int (const char *device,
         const char *member)
{
  g_autoptr(JsonNode) value = get_value (device, member);

  ck_assert_msg (json_node_get_value_type (value) == G_TYPE_INT64, "%s is not an integer", member);
  return json_node_get_int (value);
}

static gboolean
get_bool (const char *device,
          const char *member)
{
  g_autoptr(JsonNode) value = get_value (device, member);

  ck_assert_msg (json_node_get_value_type (value) == G_TYPE_BOOLEAN, "%s is not a boolean", member);
  return json_node_get_boolean (value);
}

static gboolean
wait_for_bool (const char *device,
               const char *member,
               gboolean    wanted)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (WAIT_SECONDS * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < deadline)
    {
      if (get_bool (device, member) == wanted)
        return TRUE;
      g_usleep (POLL_US);
    }
  return FALSE;
}

static gboolean
wait_for_int (const char *device,
              const char *member,
              gint64      wanted)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (WAIT_SECONDS * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < deadline)
    {
      if (get_int (device, member) == wanted)
        return TRUE;
      g_usleep (POLL_US);
    }
  return FALSE;
}

/* A number for a form: culture-neutral. */
static char *
form_double (const char *name,
             double      value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup_printf ("%s=%s", name, g_ascii_dtostr (text, sizeof text, value));
}

/* The difference of two angles, in [0, 180]. */
static double
angle_between (double a,
               double b)
{
  double d = fmod (fabs (a - b), 360);

  return d > 180 ? 360 - d : d;
}

/* DeviceState as a table from Name to Value; checks there is a TimeStamp. */
static GHashTable *
device_state (const char *device)
{
  g_autoptr(JsonNode) value = get_value (device, "devicestate");
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) json_node_unref);
  JsonArray *items;
  guint i;

  ck_assert (JSON_NODE_HOLDS_ARRAY (value));
  items = json_node_get_array (value);
  for (i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      ck_assert (item != NULL);
      ck_assert_msg (g_hash_table_insert (table,
                                          g_strdup (json_object_get_string_member (item, "Name")),
                                          json_node_copy (json_object_get_member (item, "Value"))),
                     "duplicate name in DeviceState");
    }
  ck_assert_msg (g_hash_table_remove (table, "TimeStamp"), "DeviceState has no TimeStamp");
  return table;
}

static void
assert_state_names (const char         *device,
                    const char * const *names)
{
  g_autoptr(GHashTable) state = device_state (device);
  guint i;

  for (i = 0; names[i] != NULL; i++)
    ck_assert_msg (g_hash_table_contains (state, names[i]), "%s DeviceState lacks %s",
                   device, names[i]);
  ck_assert_uint_eq (g_hash_table_size (state), i);
}

/* ---- fixtures ---- */

static void
connect_device (const char *device)
{
  /* Operational members need a connection. */
  ck_assert_int_eq (error_of (device, "GET", "devicestate", NULL), ERR_NOT_CONNECTED);

  put_ok (device, "connect", NULL);
  ck_assert_msg (wait_for_bool (device, "connecting", FALSE), "%s: Connect never ended", device);
  ck_assert (get_bool (device, "connected"));
}

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
  state_dir = g_dir_make_tmp ("cria-sim-mech-XXXXXX", NULL);
  ck_assert (state_dir != NULL);
  options.state_dir = state_dir;

  server = cria_sim_server_new (&options);
  ck_assert_msg (cria_sim_server_start (server, &error), "%s", error != NULL ? error->message : "");
  base_url = cria_sim_server_get_url (server);
  session = soup_session_new ();
}

static void
setup_fast (void)
{
  start_server (FAST_SPEED);
}

static void
setup_wheel (void)
{
  start_server (WHEEL_SPEED);
}

static void
setup_rotator (void)
{
  start_server (ROTATOR_SPEED);
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

/* ---- tests ---- */

START_TEST (test_not_connected)
{
  ck_assert_int_eq (error_of ("dome", "GET", "shutterstatus", NULL), ERR_NOT_CONNECTED);
  ck_assert_int_eq (error_of ("dome", "PUT", "openshutter", NULL), ERR_NOT_CONNECTED);
  ck_assert_int_eq (error_of ("focuser", "GET", "position", NULL), ERR_NOT_CONNECTED);
  ck_assert_int_eq (error_of ("filterwheel", "PUT", "position", "Position=1"), ERR_NOT_CONNECTED);
  ck_assert_int_eq (error_of ("rotator", "GET", "ismoving", NULL), ERR_NOT_CONNECTED);
}
END_TEST

/* ---- dome ---- */

START_TEST (test_dome_capabilities)
{
  static const char * const capabilities[] = {
    "canfindhome", "canpark", "cansetaltitude", "cansetazimuth", "cansetpark",
    "cansetshutter", "canslave", "cansyncazimuth",
  };
  static const char * const names[] = {
    "Altitude", "AtHome", "AtPark", "Azimuth", "ShutterStatus", "Slewing", NULL,
  };
  guint i;

  connect_device ("dome");
  for (i = 0; i < G_N_ELEMENTS (capabilities); i++)
    ck_assert_msg (get_bool ("dome", capabilities[i]), "%s", capabilities[i]);

  assert_state_names ("dome", names);
  ck_assert_int_eq (get_int ("dome", "shutterstatus"), SHUTTER_CLOSED);
  ck_assert (get_bool ("dome", "athome"));
  ck_assert (!get_bool ("dome", "atpark"));
  ck_assert (!get_bool ("dome", "slewing"));
  ck_assert (!get_bool ("dome", "slaved"));
}
END_TEST

START_TEST (test_dome_shutter)
{
  connect_device ("dome");

  /* The altitude flap needs an open shutter. */
  ck_assert_int_eq (error_of ("dome", "PUT", "slewtoaltitude", "Altitude=30"), ERR_INVALID_OP);

  put_ok ("dome", "openshutter", NULL);
  ck_assert_int_eq (get_int ("dome", "shutterstatus"), SHUTTER_OPENING);
  /* The shutter is not a slew. */
  ck_assert (!get_bool ("dome", "slewing"));
  ck_assert (wait_for_int ("dome", "shutterstatus", SHUTTER_OPEN));

  ck_assert_int_eq (error_of ("dome", "PUT", "slewtoaltitude", "Altitude=90.5"),
                    ERR_INVALID_VALUE);
  put_ok ("dome", "slewtoaltitude", "Altitude=30");
  ck_assert (get_bool ("dome", "slewing"));
  ck_assert (wait_for_bool ("dome", "slewing", FALSE));
  ck_assert_double_eq_tol (get_double ("dome", "altitude"), 30, 1e-6);

  put_ok ("dome", "closeshutter", NULL);
  ck_assert_int_eq (get_int ("dome", "shutterstatus"), SHUTTER_CLOSING);
  ck_assert (wait_for_int ("dome", "shutterstatus", SHUTTER_CLOSED));

  /* Stopped part-way, the shutter is neither open nor closed. */
  put_ok ("dome", "openshutter", NULL);
  ck_assert_int_eq (get_int ("dome", "shutterstatus"), SHUTTER_OPENING);
  put_ok ("dome", "abortslew", NULL);
  ck_assert_int_eq (get_int ("dome", "shutterstatus"), SHUTTER_ERROR);
  put_ok ("dome", "closeshutter", NULL);
  ck_assert (wait_for_int ("dome", "shutterstatus", SHUTTER_CLOSED));
}
END_TEST

START_TEST (test_dome_fail_shutter)
{
  g_autoptr(JsonNode) actions = NULL;
  g_autoptr(JsonObject) reply = NULL;
  JsonArray *array;
  gboolean listed = FALSE;
  guint i;

  connect_device ("dome");

  actions = get_value ("dome", "supportedactions");
  ck_assert (JSON_NODE_HOLDS_ARRAY (actions));
  array = json_node_get_array (actions);
  for (i = 0; i < json_array_get_length (array); i++)
    if (g_str_equal (json_array_get_string_element (array, i), "Dome:FailShutter"))
      listed = TRUE;
  ck_assert (listed);

  put_ok ("dome", "openshutter", NULL);
  ck_assert (wait_for_int ("dome", "shutterstatus", SHUTTER_OPEN));

  reply = call ("dome", "PUT", "action", "Action=Dome:FailShutter&Parameters=");
  ck_assert_int_eq (json_object_get_int_member (reply, "ErrorNumber"), 0);
  ck_assert_int_eq (get_int ("dome", "shutterstatus"), SHUTTER_ERROR);
  g_usleep (300000);
  ck_assert_int_eq (get_int ("dome", "shutterstatus"), SHUTTER_ERROR);

  /* Closing recovers, from where the shutter jammed. */
  put_ok ("dome", "closeshutter", NULL);
  ck_assert_int_eq (get_int ("dome", "shutterstatus"), SHUTTER_CLOSING);
  ck_assert (wait_for_int ("dome", "shutterstatus", SHUTTER_CLOSED));
}
END_TEST

START_TEST (test_dome_slew)
{
  double azimuth, later;

  connect_device ("dome");

  ck_assert_int_eq (error_of ("dome", "PUT", "slewtoazimuth", "Azimuth=360"), ERR_INVALID_VALUE);
  ck_assert_int_eq (error_of ("dome", "PUT", "slewtoazimuth", "Azimuth=-0.5"), ERR_INVALID_VALUE);
  ck_assert_int_eq (error_of ("dome", "PUT", "synctoazimuth", "Azimuth=400"), ERR_INVALID_VALUE);
  ck_assert (!get_bool ("dome", "slewing"));

  put_ok ("dome", "slewtoazimuth", "Azimuth=90");
  ck_assert (get_bool ("dome", "slewing"));
  ck_assert (!get_bool ("dome", "athome"));
  ck_assert (wait_for_bool ("dome", "slewing", FALSE));
  ck_assert_double_eq_tol (get_double ("dome", "azimuth"), 90, 1e-6);

  /* The short way round: 90 to 300 goes down through 0, so it passes no azimuth near 180. */
  put_ok ("dome", "slewtoazimuth", "Azimuth=300");
  while (get_bool ("dome", "slewing"))
    {
      azimuth = get_double ("dome", "azimuth");
      ck_assert_msg (azimuth <= 90 + 1e-6 || azimuth >= 300 - 1e-6, "went the long way: %g",
                     azimuth);
      g_usleep (POLL_US);
    }
  ck_assert_double_eq_tol (get_double ("dome", "azimuth"), 300, 1e-6);

  /* AbortSlew stops it where it is. */
  put_ok ("dome", "slewtoazimuth", "Azimuth=120");
  ck_assert (get_bool ("dome", "slewing"));
  put_ok ("dome", "abortslew", NULL);
  ck_assert (!get_bool ("dome", "slewing"));
  azimuth = get_double ("dome", "azimuth");
  ck_assert_msg (angle_between (azimuth, 120) > 1, "the abort came too late: %g", azimuth);
  g_usleep (300000);
  later = get_double ("dome", "azimuth");
  ck_assert_double_eq_tol (later, azimuth, 1e-9);

  /* A sync changes the reading only. */
  put_ok ("dome", "synctoazimuth", "Azimuth=10");
  ck_assert (!get_bool ("dome", "slewing"));
  ck_assert_double_eq_tol (get_double ("dome", "azimuth"), 10, 1e-6);
}
END_TEST

START_TEST (test_dome_park_and_home)
{
  connect_device ("dome");

  put_ok ("dome", "park", NULL);
  ck_assert (get_bool ("dome", "slewing"));
  ck_assert (!get_bool ("dome", "atpark"));
  ck_assert (wait_for_bool ("dome", "atpark", TRUE));
  ck_assert (!get_bool ("dome", "slewing"));
  ck_assert_double_eq_tol (get_double ("dome", "azimuth"), 180, 1e-6);

  /* A new park position. */
  put_ok ("dome", "slewtoazimuth", "Azimuth=45");
  ck_assert (!get_bool ("dome", "atpark"));
  ck_assert (wait_for_bool ("dome", "slewing", FALSE));
  put_ok ("dome", "setpark", NULL);
  put_ok ("dome", "findhome", NULL);
  ck_assert (wait_for_bool ("dome", "athome", TRUE));
  ck_assert_double_eq_tol (get_double ("dome", "azimuth"), 0, 1e-6);
  put_ok ("dome", "park", NULL);
  ck_assert (wait_for_bool ("dome", "atpark", TRUE));
  ck_assert (!get_bool ("dome", "athome"));
  ck_assert_double_eq_tol (get_double ("dome", "azimuth"), 45, 1e-6);
}
END_TEST

START_TEST (test_dome_slaved)
{
  connect_device ("dome");

  put_ok ("dome", "slaved", "Slaved=true");
  ck_assert (get_bool ("dome", "slaved"));
  ck_assert_int_eq (error_of ("dome", "PUT", "slewtoazimuth", "Azimuth=90"), ERR_SLAVED);
  ck_assert_int_eq (error_of ("dome", "PUT", "park", NULL), ERR_SLAVED);
  ck_assert_int_eq (error_of ("dome", "PUT", "findhome", NULL), ERR_SLAVED);
  ck_assert (!get_bool ("dome", "slewing"));
  /* The shutter is not the telescope's to command. */
  put_ok ("dome", "openshutter", NULL);

  /* AbortSlew ends slaving. */
  put_ok ("dome", "abortslew", NULL);
  ck_assert (!get_bool ("dome", "slaved"));
  put_ok ("dome", "slaved", "Slaved=true");
  put_ok ("dome", "slaved", "Slaved=false");
  put_ok ("dome", "slewtoazimuth", "Azimuth=90");
  ck_assert (get_bool ("dome", "slewing"));
}
END_TEST

/* ---- focuser ---- */

START_TEST (test_focuser_properties)
{
  static const char * const names[] = { "IsMoving", "Position", "Temperature", NULL };
  CriaSimDevice *device = cria_sim_server_get_device (server, CRIA_DEVICE_FOCUSER, 0);
  gint position = -1, max_step = -1, best_focus = -1;
  double temperature;

  connect_device ("focuser");
  assert_state_names ("focuser", names);

  ck_assert (get_bool ("focuser", "absolute"));
  ck_assert (get_bool ("focuser", "tempcompavailable"));
  ck_assert_int_gt (get_int ("focuser", "maxstep"), 0);
  ck_assert_int_gt (get_int ("focuser", "maxincrement"), 0);
  ck_assert_int_le (get_int ("focuser", "maxincrement"), get_int ("focuser", "maxstep"));
  ck_assert (get_double ("focuser", "stepsize") > 0);
  temperature = get_double ("focuser", "temperature");
  ck_assert (temperature > -10 && temperature < 30);

  ck_assert (CRIA_IS_SIM_FOCUSER (device));
  cria_sim_focuser_get_position (CRIA_SIM_FOCUSER (device), &position, &max_step, &best_focus);
  ck_assert_int_eq (position, get_int ("focuser", "position"));
  ck_assert_int_eq (max_step, get_int ("focuser", "maxstep"));
  ck_assert_int_gt (best_focus, 0);
  ck_assert_int_lt (best_focus, max_step);
  /* NULL out pointers are fine. */
  cria_sim_focuser_get_position (CRIA_SIM_FOCUSER (device), NULL, NULL, NULL);

  put_ok ("focuser", "tempcomp", "TempComp=true");
  ck_assert (get_bool ("focuser", "tempcomp"));
  /* IFocuserV3 and later move with compensation on. */
  put_ok ("focuser", "move", "Position=12000");
  ck_assert (wait_for_bool ("focuser", "ismoving", FALSE));
  ck_assert_int_eq (get_int ("focuser", "position"), 12000);
  put_ok ("focuser", "tempcomp", "TempComp=false");
  ck_assert (!get_bool ("focuser", "tempcomp"));
}
END_TEST

START_TEST (test_focuser_move)
{
  gint64 start, max_step, deadline;
  gboolean seen_between = FALSE;
  g_autofree char *beyond = NULL;

  connect_device ("focuser");
  start = get_int ("focuser", "position");
  max_step = get_int ("focuser", "maxstep");
  ck_assert_int_lt (start, 40000);
  ck_assert_int_le (40000, max_step);

  beyond = g_strdup_printf ("Position=%" G_GINT64_FORMAT, max_step + 1);
  ck_assert_int_eq (error_of ("focuser", "PUT", "move", "Position=-1"), ERR_INVALID_VALUE);
  ck_assert_int_eq (error_of ("focuser", "PUT", "move", beyond), ERR_INVALID_VALUE);
  ck_assert (!get_bool ("focuser", "ismoving"));

  put_ok ("focuser", "move", "Position=40000");
  ck_assert (get_bool ("focuser", "ismoving"));

  /* Position moves on continuously: read with IsMoving at one instant. */
  deadline = g_get_monotonic_time () + (gint64) (WAIT_SECONDS * G_USEC_PER_SEC);
  while (!seen_between && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GHashTable) state = device_state ("focuser");
      gint64 position = json_node_get_int (g_hash_table_lookup (state, "Position"));

      if (!json_node_get_boolean (g_hash_table_lookup (state, "IsMoving")))
        break;
      if (position > start)
        {
          ck_assert_int_lt (position, 40000);
          seen_between = TRUE;
        }
      g_usleep (POLL_US);
    }
  ck_assert_msg (seen_between, "never saw the focuser between its start and its target");

  ck_assert (wait_for_bool ("focuser", "ismoving", FALSE));
  ck_assert_int_eq (get_int ("focuser", "position"), 40000);
}
END_TEST

START_TEST (test_focuser_halt)
{
  gint64 position;

  connect_device ("focuser");
  put_ok ("focuser", "move", "Position=40000");
  ck_assert (wait_for_bool ("focuser", "ismoving", FALSE));

  put_ok ("focuser", "move", "Position=0");
  ck_assert (get_bool ("focuser", "ismoving"));
  put_ok ("focuser", "halt", NULL);
  ck_assert (!get_bool ("focuser", "ismoving"));
  position = get_int ("focuser", "position");
  ck_assert_int_gt (position, 0);
  ck_assert_int_lt (position, 40000);
  g_usleep (300000);
  ck_assert_int_eq (get_int ("focuser", "position"), position);
}
END_TEST

/* ---- filter wheel ---- */

START_TEST (test_filter_wheel)
{
  static const char * const names[] = { "Position", NULL };
  CriaSimDevice *device = cria_sim_server_get_device (server, CRIA_DEVICE_FILTER_WHEEL, 0);
  g_autoptr(JsonNode) filter_names = NULL;
  g_autoptr(JsonNode) offsets = NULL;
  guint n_slots, i;
  g_autofree char *beyond = NULL;
  g_autofree char *last = NULL;

  connect_device ("filterwheel");
  assert_state_names ("filterwheel", names);

  filter_names = get_value ("filterwheel", "names");
  offsets = get_value ("filterwheel", "focusoffsets");
  ck_assert (JSON_NODE_HOLDS_ARRAY (filter_names) && JSON_NODE_HOLDS_ARRAY (offsets));
  n_slots = json_array_get_length (json_node_get_array (filter_names));
  ck_assert_uint_ge (n_slots, 5);
  ck_assert_uint_eq (json_array_get_length (json_node_get_array (offsets)), n_slots);
  for (i = 0; i < n_slots; i++)
    {
      JsonNode *name = json_array_get_element (json_node_get_array (filter_names), i);
      JsonNode *offset = json_array_get_element (json_node_get_array (offsets), i);

      ck_assert (json_node_get_value_type (name) == G_TYPE_STRING);
      ck_assert (strlen (json_node_get_string (name)) > 0);
      ck_assert (json_node_get_value_type (offset) == G_TYPE_INT64);
    }

  ck_assert_int_eq (get_int ("filterwheel", "position"), 0);
  ck_assert (CRIA_IS_SIM_FILTER_WHEEL (device));
  ck_assert_int_eq (cria_sim_filter_wheel_get_position (CRIA_SIM_FILTER_WHEEL (device)), 0);

  beyond = g_strdup_printf ("Position=%u", n_slots);
  ck_assert_int_eq (error_of ("filterwheel", "PUT", "position", beyond), ERR_INVALID_VALUE);
  ck_assert_int_eq (error_of ("filterwheel", "PUT", "position", "Position=-1"), ERR_INVALID_VALUE);
  ck_assert_int_eq (get_int ("filterwheel", "position"), 0);

  /* Three slots take 1.5 simulated seconds: -1 while the wheel turns. */
  put_ok ("filterwheel", "position", "Position=3");
  ck_assert_int_eq (get_int ("filterwheel", "position"), -1);
  ck_assert_int_eq (cria_sim_filter_wheel_get_position (CRIA_SIM_FILTER_WHEEL (device)), -1);
  ck_assert (wait_for_int ("filterwheel", "position", 3));
  ck_assert_int_eq (cria_sim_filter_wheel_get_position (CRIA_SIM_FILTER_WHEEL (device)), 3);

  /* The last slot is one step back from 0, the short way round. */
  put_ok ("filterwheel", "position", "Position=0");
  ck_assert (wait_for_int ("filterwheel", "position", 0));
  last = g_strdup_printf ("Position=%u", n_slots - 1);
  put_ok ("filterwheel", "position", last);
  ck_assert_int_eq (get_int ("filterwheel", "position"), -1);
  ck_assert (wait_for_int ("filterwheel", "position", n_slots - 1));
}
END_TEST

/* ---- rotator ---- */

static void
rotator_wait (void)
{
  ck_assert_msg (wait_for_bool ("rotator", "ismoving", FALSE), "the rotator never stopped");
}

START_TEST (test_rotator_move)
{
  static const char * const names[] = { "IsMoving", "MechanicalPosition", "Position", NULL };
  double mechanical;

  connect_device ("rotator");
  assert_state_names ("rotator", names);
  ck_assert (get_bool ("rotator", "canreverse"));
  ck_assert (get_double ("rotator", "stepsize") > 0);
  ck_assert (!get_bool ("rotator", "ismoving"));

  put_ok ("rotator", "moveabsolute", "Position=120");
  ck_assert (get_bool ("rotator", "ismoving"));
  ck_assert_double_eq_tol (get_double ("rotator", "targetposition"), 120, 1e-6);
  rotator_wait ();
  ck_assert_double_eq_tol (get_double ("rotator", "position"), 120, 1e-6);
  ck_assert_double_eq_tol (get_double ("rotator", "mechanicalposition"), 120, 1e-6);

  /* Sync moves the sky angle, not the mechanism. */
  put_ok ("rotator", "sync", "Position=200");
  ck_assert_double_eq_tol (get_double ("rotator", "position"), 200, 1e-6);
  ck_assert_double_eq_tol (get_double ("rotator", "mechanicalposition"), 120, 1e-6);

  put_ok ("rotator", "moveabsolute", "Position=230");
  rotator_wait ();
  ck_assert_double_eq_tol (get_double ("rotator", "position"), 230, 1e-6);
  ck_assert_double_eq_tol (get_double ("rotator", "mechanicalposition"), 150, 1e-6);
  ck_assert_double_eq_tol (get_double ("rotator", "targetposition"), 230, 1e-6);

  put_ok ("rotator", "movemechanical", "Position=10");
  rotator_wait ();
  ck_assert_double_eq_tol (get_double ("rotator", "mechanicalposition"), 10, 1e-6);
  ck_assert_double_eq_tol (get_double ("rotator", "position"), 90, 1e-6);

  /* Relative, through 0. */
  put_ok ("rotator", "move", "Position=-30");
  rotator_wait ();
  mechanical = get_double ("rotator", "mechanicalposition");
  ck_assert_double_eq_tol (angle_between (mechanical, 340), 0, 1e-6);
  ck_assert_double_eq_tol (get_double ("rotator", "position"), 60, 1e-6);
}
END_TEST

START_TEST (test_rotator_halt_and_reverse)
{
  double position, mechanical;

  connect_device ("rotator");

  /* Halt: 170 degrees take 17 simulated seconds. */
  put_ok ("rotator", "move", "Position=170");
  ck_assert (get_bool ("rotator", "ismoving"));
  put_ok ("rotator", "halt", NULL);
  ck_assert (!get_bool ("rotator", "ismoving"));
  position = get_double ("rotator", "position");
  ck_assert (position > 0 && position < 170);
  g_usleep (300000);
  ck_assert_double_eq_tol (get_double ("rotator", "position"), position, 1e-9);

  /* Reverse keeps Position and mirrors the sense of later moves. */
  put_ok ("rotator", "reverse", "Reverse=true");
  ck_assert (get_bool ("rotator", "reverse"));
  ck_assert_double_eq_tol (get_double ("rotator", "position"), position, 1e-6);
  mechanical = get_double ("rotator", "mechanicalposition");
  put_ok ("rotator", "move", "Position=30");
  rotator_wait ();
  ck_assert_double_eq_tol (angle_between (get_double ("rotator", "position"), position + 30),
                           0, 1e-6);
  ck_assert_double_eq_tol (angle_between (get_double ("rotator", "mechanicalposition"),
                                          mechanical - 30), 0, 1e-6);

  put_ok ("rotator", "reverse", "Reverse=false");
  ck_assert (!get_bool ("rotator", "reverse"));
}
END_TEST

START_TEST (test_rotator_invalid)
{
  static const struct
  {
    const char *member;
    double      angle;
  } invalid[] = {
    { "moveabsolute", 360 },
    { "moveabsolute", -1 },
    { "moveabsolute", 405 },
    { "movemechanical", 360 },
    { "movemechanical", -405 },
    { "move", 375 },
    { "move", -375 },
    { "sync", 360.5 },
  };
  guint i;

  connect_device ("rotator");
  for (i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autofree char *form = form_double ("Position", invalid[i].angle);

      ck_assert_msg (error_of ("rotator", "PUT", invalid[i].member, form) == ERR_INVALID_VALUE,
                     "%s %s was not refused", invalid[i].member, form);
    }
  ck_assert (!get_bool ("rotator", "ismoving"));

  /* No sync or change of sense in mid-move. */
  put_ok ("rotator", "move", "Position=170");
  ck_assert_int_eq (error_of ("rotator", "PUT", "sync", "Position=10"), ERR_INVALID_OP);
  ck_assert_int_eq (error_of ("rotator", "PUT", "reverse", "Reverse=true"), ERR_INVALID_OP);
}
END_TEST

static Suite *
mech_suite (void)
{
  Suite *suite = suite_create ("sim-mech");
  TCase *fast = tcase_create ("fast");
  TCase *wheel = tcase_create ("wheel");
  TCase *rotator = tcase_create ("rotator");

  tcase_add_checked_fixture (fast, setup_fast, teardown);
  tcase_set_timeout (fast, 60);
  tcase_add_test (fast, test_not_connected);
  tcase_add_test (fast, test_dome_capabilities);
  tcase_add_test (fast, test_dome_shutter);
  tcase_add_test (fast, test_dome_fail_shutter);
  tcase_add_test (fast, test_dome_slew);
  tcase_add_test (fast, test_dome_park_and_home);
  tcase_add_test (fast, test_dome_slaved);
  tcase_add_test (fast, test_focuser_properties);
  tcase_add_test (fast, test_focuser_move);
  tcase_add_test (fast, test_focuser_halt);
  suite_add_tcase (suite, fast);

  tcase_add_checked_fixture (wheel, setup_wheel, teardown);
  tcase_set_timeout (wheel, 60);
  tcase_add_test (wheel, test_filter_wheel);
  suite_add_tcase (suite, wheel);

  tcase_add_checked_fixture (rotator, setup_rotator, teardown);
  tcase_set_timeout (rotator, 60);
  tcase_add_test (rotator, test_rotator_move);
  tcase_add_test (rotator, test_rotator_halt_and_reverse);
  tcase_add_test (rotator, test_rotator_invalid);
  suite_add_tcase (suite, rotator);

  return suite;
}

int
main (void)
{
  SRunner *runner = srunner_create (mech_suite ());
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);

  return failed == 0 ? 0 : 1;
}
