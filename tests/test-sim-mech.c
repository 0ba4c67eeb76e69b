/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sim-mech"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "cria-sim-filter-wheel.h"
#include "cria-sim-focuser.h"
#include "test-sim-util.h"

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

/* ---- helpers ---- */

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

/* DeviceState as a table from Name to Value, without the TimeStamp it must have. */
static GHashTable *
device_state (const char *device)
{
  GHashTable *table = sim_device_state (device);

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
  ck_assert_int_eq (sim_error_of ("GET", device, "devicestate", NULL), ERR_NOT_CONNECTED);
  sim_connect (device, WAIT_SECONDS);
}

static void
start_server (double speed)
{
  CriaSimOptions options = { .speed = speed };

  setlocale (LC_ALL, "");
  sim_start (&options, "cria-sim-mech-XXXXXX");
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
  sim_stop ();
}

/* ---- tests ---- */

START_TEST (test_not_connected)
{
  ck_assert_int_eq (sim_error_of ("GET", "dome", "shutterstatus", NULL), ERR_NOT_CONNECTED);
  ck_assert_int_eq (sim_error_of ("PUT", "dome", "openshutter", NULL), ERR_NOT_CONNECTED);
  ck_assert_int_eq (sim_error_of ("GET", "focuser", "position", NULL), ERR_NOT_CONNECTED);
  ck_assert_int_eq (sim_error_of ("PUT", "filterwheel", "position", "Position=1"),
                    ERR_NOT_CONNECTED);
  ck_assert_int_eq (sim_error_of ("GET", "rotator", "ismoving", NULL), ERR_NOT_CONNECTED);
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
    ck_assert_msg (sim_get_bool ("dome", capabilities[i], NULL), "%s", capabilities[i]);

  assert_state_names ("dome", names);
  ck_assert_int_eq (sim_get_int ("dome", "shutterstatus", NULL), SHUTTER_CLOSED);
  ck_assert (sim_get_bool ("dome", "athome", NULL));
  ck_assert (!sim_get_bool ("dome", "atpark", NULL));
  ck_assert (!sim_get_bool ("dome", "slewing", NULL));
  ck_assert (!sim_get_bool ("dome", "slaved", NULL));
}
END_TEST

START_TEST (test_dome_shutter)
{
  connect_device ("dome");

  /* The altitude flap needs an open shutter. */
  ck_assert_int_eq (sim_error_of ("PUT", "dome", "slewtoaltitude", "Altitude=30"), ERR_INVALID_OP);

  sim_put_ok ("dome", "openshutter", NULL);
  ck_assert_int_eq (sim_get_int ("dome", "shutterstatus", NULL), SHUTTER_OPENING);
  /* The shutter is not a slew. */
  ck_assert (!sim_get_bool ("dome", "slewing", NULL));
  ck_assert (sim_wait_int ("dome", "shutterstatus", NULL, SHUTTER_OPEN, WAIT_SECONDS));

  ck_assert_int_eq (sim_error_of ("PUT", "dome", "slewtoaltitude", "Altitude=90.5"),
                    ERR_INVALID_VALUE);
  sim_put_ok ("dome", "slewtoaltitude", "Altitude=30");
  ck_assert (sim_get_bool ("dome", "slewing", NULL));
  ck_assert (sim_wait_bool ("dome", "slewing", NULL, FALSE, WAIT_SECONDS));
  ck_assert_double_eq_tol (sim_get_double ("dome", "altitude", NULL), 30, 1e-6);

  sim_put_ok ("dome", "closeshutter", NULL);
  ck_assert_int_eq (sim_get_int ("dome", "shutterstatus", NULL), SHUTTER_CLOSING);
  ck_assert (sim_wait_int ("dome", "shutterstatus", NULL, SHUTTER_CLOSED, WAIT_SECONDS));

  /* Stopped part-way, the shutter is neither open nor closed. */
  sim_put_ok ("dome", "openshutter", NULL);
  ck_assert_int_eq (sim_get_int ("dome", "shutterstatus", NULL), SHUTTER_OPENING);
  sim_put_ok ("dome", "abortslew", NULL);
  ck_assert_int_eq (sim_get_int ("dome", "shutterstatus", NULL), SHUTTER_ERROR);
  sim_put_ok ("dome", "closeshutter", NULL);
  ck_assert (sim_wait_int ("dome", "shutterstatus", NULL, SHUTTER_CLOSED, WAIT_SECONDS));
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

  actions = sim_get_value ("dome", "supportedactions", NULL);
  ck_assert (JSON_NODE_HOLDS_ARRAY (actions));
  array = json_node_get_array (actions);
  for (i = 0; i < json_array_get_length (array); i++)
    if (g_str_equal (json_array_get_string_element (array, i), "Dome:FailShutter"))
      listed = TRUE;
  ck_assert (listed);

  sim_put_ok ("dome", "openshutter", NULL);
  ck_assert (sim_wait_int ("dome", "shutterstatus", NULL, SHUTTER_OPEN, WAIT_SECONDS));

  reply = sim_call ("PUT", "dome", "action", "Action=Dome:FailShutter&Parameters=");
  ck_assert_int_eq (json_object_get_int_member (reply, "ErrorNumber"), 0);
  ck_assert_int_eq (sim_get_int ("dome", "shutterstatus", NULL), SHUTTER_ERROR);
  g_usleep (300000);
  ck_assert_int_eq (sim_get_int ("dome", "shutterstatus", NULL), SHUTTER_ERROR);

  /* Closing recovers, from where the shutter jammed. */
  sim_put_ok ("dome", "closeshutter", NULL);
  ck_assert_int_eq (sim_get_int ("dome", "shutterstatus", NULL), SHUTTER_CLOSING);
  ck_assert (sim_wait_int ("dome", "shutterstatus", NULL, SHUTTER_CLOSED, WAIT_SECONDS));
}
END_TEST

START_TEST (test_dome_slew)
{
  double azimuth, later;

  connect_device ("dome");

  ck_assert_int_eq (sim_error_of ("PUT", "dome", "slewtoazimuth", "Azimuth=360"),
                    ERR_INVALID_VALUE);
  ck_assert_int_eq (sim_error_of ("PUT", "dome", "slewtoazimuth", "Azimuth=-0.5"),
                    ERR_INVALID_VALUE);
  ck_assert_int_eq (sim_error_of ("PUT", "dome", "synctoazimuth", "Azimuth=400"),
                    ERR_INVALID_VALUE);
  ck_assert (!sim_get_bool ("dome", "slewing", NULL));

  sim_put_ok ("dome", "slewtoazimuth", "Azimuth=90");
  ck_assert (sim_get_bool ("dome", "slewing", NULL));
  ck_assert (!sim_get_bool ("dome", "athome", NULL));
  ck_assert (sim_wait_bool ("dome", "slewing", NULL, FALSE, WAIT_SECONDS));
  ck_assert_double_eq_tol (sim_get_double ("dome", "azimuth", NULL), 90, 1e-6);

  /* The short way round: 90 to 300 goes down through 0, so it passes no azimuth near 180. */
  sim_put_ok ("dome", "slewtoazimuth", "Azimuth=300");
  while (sim_get_bool ("dome", "slewing", NULL))
    {
      azimuth = sim_get_double ("dome", "azimuth", NULL);
      ck_assert_msg (azimuth <= 90 + 1e-6 || azimuth >= 300 - 1e-6, "went the long way: %g",
                     azimuth);
      g_usleep (POLL_US);
    }
  ck_assert_double_eq_tol (sim_get_double ("dome", "azimuth", NULL), 300, 1e-6);

  /* AbortSlew stops it where it is. */
  sim_put_ok ("dome", "slewtoazimuth", "Azimuth=120");
  ck_assert (sim_get_bool ("dome", "slewing", NULL));
  sim_put_ok ("dome", "abortslew", NULL);
  ck_assert (!sim_get_bool ("dome", "slewing", NULL));
  azimuth = sim_get_double ("dome", "azimuth", NULL);
  ck_assert_msg (angle_between (azimuth, 120) > 1, "the abort came too late: %g", azimuth);
  g_usleep (300000);
  later = sim_get_double ("dome", "azimuth", NULL);
  ck_assert_double_eq_tol (later, azimuth, 1e-9);

  /* A sync changes the reading only. */
  sim_put_ok ("dome", "synctoazimuth", "Azimuth=10");
  ck_assert (!sim_get_bool ("dome", "slewing", NULL));
  ck_assert_double_eq_tol (sim_get_double ("dome", "azimuth", NULL), 10, 1e-6);
}
END_TEST

START_TEST (test_dome_park_and_home)
{
  connect_device ("dome");

  sim_put_ok ("dome", "park", NULL);
  ck_assert (sim_get_bool ("dome", "slewing", NULL));
  ck_assert (!sim_get_bool ("dome", "atpark", NULL));
  ck_assert (sim_wait_bool ("dome", "atpark", NULL, TRUE, WAIT_SECONDS));
  ck_assert (!sim_get_bool ("dome", "slewing", NULL));
  ck_assert_double_eq_tol (sim_get_double ("dome", "azimuth", NULL), 180, 1e-6);

  /* A new park position. */
  sim_put_ok ("dome", "slewtoazimuth", "Azimuth=45");
  ck_assert (!sim_get_bool ("dome", "atpark", NULL));
  ck_assert (sim_wait_bool ("dome", "slewing", NULL, FALSE, WAIT_SECONDS));
  sim_put_ok ("dome", "setpark", NULL);
  sim_put_ok ("dome", "findhome", NULL);
  ck_assert (sim_wait_bool ("dome", "athome", NULL, TRUE, WAIT_SECONDS));
  ck_assert_double_eq_tol (sim_get_double ("dome", "azimuth", NULL), 0, 1e-6);
  sim_put_ok ("dome", "park", NULL);
  ck_assert (sim_wait_bool ("dome", "atpark", NULL, TRUE, WAIT_SECONDS));
  ck_assert (!sim_get_bool ("dome", "athome", NULL));
  ck_assert_double_eq_tol (sim_get_double ("dome", "azimuth", NULL), 45, 1e-6);
}
END_TEST

START_TEST (test_dome_slaved)
{
  connect_device ("dome");

  sim_put_ok ("dome", "slaved", "Slaved=true");
  ck_assert (sim_get_bool ("dome", "slaved", NULL));
  ck_assert_int_eq (sim_error_of ("PUT", "dome", "slewtoazimuth", "Azimuth=90"), ERR_SLAVED);
  ck_assert_int_eq (sim_error_of ("PUT", "dome", "park", NULL), ERR_SLAVED);
  ck_assert_int_eq (sim_error_of ("PUT", "dome", "findhome", NULL), ERR_SLAVED);
  ck_assert (!sim_get_bool ("dome", "slewing", NULL));
  /* The shutter is not the telescope's to command. */
  sim_put_ok ("dome", "openshutter", NULL);

  /* AbortSlew ends slaving. */
  sim_put_ok ("dome", "abortslew", NULL);
  ck_assert (!sim_get_bool ("dome", "slaved", NULL));
  sim_put_ok ("dome", "slaved", "Slaved=true");
  sim_put_ok ("dome", "slaved", "Slaved=false");
  sim_put_ok ("dome", "slewtoazimuth", "Azimuth=90");
  ck_assert (sim_get_bool ("dome", "slewing", NULL));
}
END_TEST

/* ---- focuser ---- */

START_TEST (test_focuser_properties)
{
  static const char * const names[] = { "IsMoving", "Position", "Temperature", NULL };
  CriaSimDevice *device = cria_sim_server_get_device (sim_server (), CRIA_DEVICE_FOCUSER, 0);
  gint position = -1, max_step = -1, best_focus = -1;
  double temperature;

  connect_device ("focuser");
  assert_state_names ("focuser", names);

  ck_assert (sim_get_bool ("focuser", "absolute", NULL));
  ck_assert (sim_get_bool ("focuser", "tempcompavailable", NULL));
  ck_assert_int_gt (sim_get_int ("focuser", "maxstep", NULL), 0);
  ck_assert_int_gt (sim_get_int ("focuser", "maxincrement", NULL), 0);
  ck_assert_int_le (sim_get_int ("focuser", "maxincrement", NULL),
                    sim_get_int ("focuser", "maxstep", NULL));
  ck_assert (sim_get_double ("focuser", "stepsize", NULL) > 0);
  temperature = sim_get_double ("focuser", "temperature", NULL);
  ck_assert (temperature > -10 && temperature < 30);

  ck_assert (CRIA_IS_SIM_FOCUSER (device));
  cria_sim_focuser_get_position (CRIA_SIM_FOCUSER (device), &position, &max_step, &best_focus);
  ck_assert_int_eq (position, sim_get_int ("focuser", "position", NULL));
  ck_assert_int_eq (max_step, sim_get_int ("focuser", "maxstep", NULL));
  ck_assert_int_gt (best_focus, 0);
  ck_assert_int_lt (best_focus, max_step);
  /* NULL out pointers are fine. */
  cria_sim_focuser_get_position (CRIA_SIM_FOCUSER (device), NULL, NULL, NULL);

  sim_put_ok ("focuser", "tempcomp", "TempComp=true");
  ck_assert (sim_get_bool ("focuser", "tempcomp", NULL));
  /* IFocuserV3 and later move with compensation on. */
  sim_put_ok ("focuser", "move", "Position=12000");
  ck_assert (sim_wait_bool ("focuser", "ismoving", NULL, FALSE, WAIT_SECONDS));
  ck_assert_int_eq (sim_get_int ("focuser", "position", NULL), 12000);
  sim_put_ok ("focuser", "tempcomp", "TempComp=false");
  ck_assert (!sim_get_bool ("focuser", "tempcomp", NULL));
}
END_TEST

START_TEST (test_focuser_move)
{
  gint64 start, max_step, deadline;
  gboolean seen_between = FALSE;
  g_autofree char *beyond = NULL;

  connect_device ("focuser");
  start = sim_get_int ("focuser", "position", NULL);
  max_step = sim_get_int ("focuser", "maxstep", NULL);
  ck_assert_int_lt (start, 40000);
  ck_assert_int_le (40000, max_step);

  beyond = g_strdup_printf ("Position=%" G_GINT64_FORMAT, max_step + 1);
  ck_assert_int_eq (sim_error_of ("PUT", "focuser", "move", "Position=-1"), ERR_INVALID_VALUE);
  ck_assert_int_eq (sim_error_of ("PUT", "focuser", "move", beyond), ERR_INVALID_VALUE);
  ck_assert (!sim_get_bool ("focuser", "ismoving", NULL));

  sim_put_ok ("focuser", "move", "Position=40000");
  ck_assert (sim_get_bool ("focuser", "ismoving", NULL));

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

  ck_assert (sim_wait_bool ("focuser", "ismoving", NULL, FALSE, WAIT_SECONDS));
  ck_assert_int_eq (sim_get_int ("focuser", "position", NULL), 40000);
}
END_TEST

START_TEST (test_focuser_halt)
{
  gint64 position;

  connect_device ("focuser");
  sim_put_ok ("focuser", "move", "Position=40000");
  ck_assert (sim_wait_bool ("focuser", "ismoving", NULL, FALSE, WAIT_SECONDS));

  sim_put_ok ("focuser", "move", "Position=0");
  ck_assert (sim_get_bool ("focuser", "ismoving", NULL));
  sim_put_ok ("focuser", "halt", NULL);
  ck_assert (!sim_get_bool ("focuser", "ismoving", NULL));
  position = sim_get_int ("focuser", "position", NULL);
  ck_assert_int_gt (position, 0);
  ck_assert_int_lt (position, 40000);
  g_usleep (300000);
  ck_assert_int_eq (sim_get_int ("focuser", "position", NULL), position);
}
END_TEST

/* ---- filter wheel ---- */

START_TEST (test_filter_wheel)
{
  static const char * const names[] = { "Position", NULL };
  CriaSimDevice *device = cria_sim_server_get_device (sim_server (), CRIA_DEVICE_FILTER_WHEEL, 0);
  g_autoptr(JsonNode) filter_names = NULL;
  g_autoptr(JsonNode) offsets = NULL;
  guint n_slots, i;
  g_autofree char *beyond = NULL;
  g_autofree char *last = NULL;

  connect_device ("filterwheel");
  assert_state_names ("filterwheel", names);

  filter_names = sim_get_value ("filterwheel", "names", NULL);
  offsets = sim_get_value ("filterwheel", "focusoffsets", NULL);
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

  ck_assert_int_eq (sim_get_int ("filterwheel", "position", NULL), 0);
  ck_assert (CRIA_IS_SIM_FILTER_WHEEL (device));
  ck_assert_int_eq (cria_sim_filter_wheel_get_position (CRIA_SIM_FILTER_WHEEL (device)), 0);

  beyond = g_strdup_printf ("Position=%u", n_slots);
  ck_assert_int_eq (sim_error_of ("PUT", "filterwheel", "position", beyond), ERR_INVALID_VALUE);
  ck_assert_int_eq (sim_error_of ("PUT", "filterwheel", "position", "Position=-1"),
                    ERR_INVALID_VALUE);
  ck_assert_int_eq (sim_get_int ("filterwheel", "position", NULL), 0);

  /* Three slots take 1.5 simulated seconds: -1 while the wheel turns. */
  sim_put_ok ("filterwheel", "position", "Position=3");
  ck_assert_int_eq (sim_get_int ("filterwheel", "position", NULL), -1);
  ck_assert_int_eq (cria_sim_filter_wheel_get_position (CRIA_SIM_FILTER_WHEEL (device)), -1);
  ck_assert (sim_wait_int ("filterwheel", "position", NULL, 3, WAIT_SECONDS));
  ck_assert_int_eq (cria_sim_filter_wheel_get_position (CRIA_SIM_FILTER_WHEEL (device)), 3);

  /* The last slot is one step back from 0, the short way round. */
  sim_put_ok ("filterwheel", "position", "Position=0");
  ck_assert (sim_wait_int ("filterwheel", "position", NULL, 0, WAIT_SECONDS));
  last = g_strdup_printf ("Position=%u", n_slots - 1);
  sim_put_ok ("filterwheel", "position", last);
  ck_assert_int_eq (sim_get_int ("filterwheel", "position", NULL), -1);
  ck_assert (sim_wait_int ("filterwheel", "position", NULL, n_slots - 1, WAIT_SECONDS));
}
END_TEST

/* ---- rotator ---- */

static void
rotator_wait (void)
{
  ck_assert_msg (sim_wait_bool ("rotator", "ismoving", NULL, FALSE, WAIT_SECONDS),
                 "the rotator never stopped");
}

START_TEST (test_rotator_move)
{
  static const char * const names[] = { "IsMoving", "MechanicalPosition", "Position", NULL };
  double mechanical;

  connect_device ("rotator");
  assert_state_names ("rotator", names);
  ck_assert (sim_get_bool ("rotator", "canreverse", NULL));
  ck_assert (sim_get_double ("rotator", "stepsize", NULL) > 0);
  ck_assert (!sim_get_bool ("rotator", "ismoving", NULL));

  sim_put_ok ("rotator", "moveabsolute", "Position=120");
  ck_assert (sim_get_bool ("rotator", "ismoving", NULL));
  ck_assert_double_eq_tol (sim_get_double ("rotator", "targetposition", NULL), 120, 1e-6);
  rotator_wait ();
  ck_assert_double_eq_tol (sim_get_double ("rotator", "position", NULL), 120, 1e-6);
  ck_assert_double_eq_tol (sim_get_double ("rotator", "mechanicalposition", NULL), 120, 1e-6);

  /* Sync moves the sky angle, not the mechanism. */
  sim_put_ok ("rotator", "sync", "Position=200");
  ck_assert_double_eq_tol (sim_get_double ("rotator", "position", NULL), 200, 1e-6);
  ck_assert_double_eq_tol (sim_get_double ("rotator", "mechanicalposition", NULL), 120, 1e-6);

  sim_put_ok ("rotator", "moveabsolute", "Position=230");
  rotator_wait ();
  ck_assert_double_eq_tol (sim_get_double ("rotator", "position", NULL), 230, 1e-6);
  ck_assert_double_eq_tol (sim_get_double ("rotator", "mechanicalposition", NULL), 150, 1e-6);
  ck_assert_double_eq_tol (sim_get_double ("rotator", "targetposition", NULL), 230, 1e-6);

  sim_put_ok ("rotator", "movemechanical", "Position=10");
  rotator_wait ();
  ck_assert_double_eq_tol (sim_get_double ("rotator", "mechanicalposition", NULL), 10, 1e-6);
  ck_assert_double_eq_tol (sim_get_double ("rotator", "position", NULL), 90, 1e-6);

  /* Relative, through 0. */
  sim_put_ok ("rotator", "move", "Position=-30");
  rotator_wait ();
  mechanical = sim_get_double ("rotator", "mechanicalposition", NULL);
  ck_assert_double_eq_tol (angle_between (mechanical, 340), 0, 1e-6);
  ck_assert_double_eq_tol (sim_get_double ("rotator", "position", NULL), 60, 1e-6);
}
END_TEST

START_TEST (test_rotator_halt_and_reverse)
{
  double position, mechanical;

  connect_device ("rotator");

  /* Halt: 170 degrees take 17 simulated seconds. */
  sim_put_ok ("rotator", "move", "Position=170");
  ck_assert (sim_get_bool ("rotator", "ismoving", NULL));
  sim_put_ok ("rotator", "halt", NULL);
  ck_assert (!sim_get_bool ("rotator", "ismoving", NULL));
  position = sim_get_double ("rotator", "position", NULL);
  ck_assert (position > 0 && position < 170);
  g_usleep (300000);
  ck_assert_double_eq_tol (sim_get_double ("rotator", "position", NULL), position, 1e-9);

  /* Reverse keeps Position and mirrors the sense of later moves. */
  sim_put_ok ("rotator", "reverse", "Reverse=true");
  ck_assert (sim_get_bool ("rotator", "reverse", NULL));
  ck_assert_double_eq_tol (sim_get_double ("rotator", "position", NULL), position, 1e-6);
  mechanical = sim_get_double ("rotator", "mechanicalposition", NULL);
  sim_put_ok ("rotator", "move", "Position=30");
  rotator_wait ();
  ck_assert_double_eq_tol (angle_between (sim_get_double ("rotator", "position", NULL),
                                          position + 30), 0, 1e-6);
  ck_assert_double_eq_tol (angle_between (sim_get_double ("rotator", "mechanicalposition", NULL),
                                          mechanical - 30), 0, 1e-6);

  sim_put_ok ("rotator", "reverse", "Reverse=false");
  ck_assert (!sim_get_bool ("rotator", "reverse", NULL));
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

      ck_assert_msg (sim_error_of ("PUT", "rotator", invalid[i].member, form) == ERR_INVALID_VALUE,
                     "%s %s was not refused", invalid[i].member, form);
    }
  ck_assert (!sim_get_bool ("rotator", "ismoving", NULL));

  /* No sync or change of sense in mid-move. */
  sim_put_ok ("rotator", "move", "Position=170");
  ck_assert_int_eq (sim_error_of ("PUT", "rotator", "sync", "Position=10"), ERR_INVALID_OP);
  ck_assert_int_eq (sim_error_of ("PUT", "rotator", "reverse", "Reverse=true"), ERR_INVALID_OP);
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
  return sim_run_suite (mech_suite ());
}
