/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sim-server"

#include <locale.h>
#include <string.h>

#include "test-sim-util.h"

/* ---- HTTP helpers ---- */

static CriaSimServer *server;
static char *base_url;
static char *state_dir;

/* A request on a connection of its own; form: a PUT body (PUT when not NULL). */
static SimReply *
http (const char *path,
      const char *form)
{
  g_autoptr(SoupSession) session = soup_session_new ();

  return sim_http_with (session, base_url, form != NULL ? "PUT" : "GET", path, form, NULL);
}

/* A successful Alpaca reply: checks the common fields and returns Value (may be NULL). */
static JsonNode *
value_of (SimReply *reply)
{
  JsonObject *object = sim_reply_object (reply);

  ck_assert_msg (json_object_get_int_member (object, "ErrorNumber") == 0, "%s", reply->text);
  ck_assert_str_eq (json_object_get_string_member (object, "ErrorMessage"), "");
  ck_assert (json_object_has_member (object, "ClientTransactionID"));
  ck_assert (json_object_has_member (object, "ServerTransactionID"));
  return json_object_get_member (object, "Value");
}

static gint64
error_number_of (SimReply *reply)
{
  JsonObject *object = sim_reply_object (reply);

  return json_object_get_int_member (object, "ErrorNumber");
}

static void
assert_bad_request (const char *path,
                    const char *form)
{
  g_autoptr(SimReply) reply = http (path, form);

  ck_assert_msg (reply->status == 400, "%s gave %u: %s", path, reply->status, reply->text);
  ck_assert_msg (g_str_has_prefix (reply->content_type, "text/plain"), "%s: %s", path,
                 reply->content_type);
  ck_assert_msg (strlen (reply->text) > 5, "%s: no explanation", path);
}

static CriaSimServer *
new_server (const char *dir,
            double      speed,
            guint16     discovery_port)
{
  CriaSimOptions options = {
    .discovery_port = discovery_port,
    .speed = speed,
    .state_dir = dir,
  };
  CriaSimServer *result = sim_server_new (&options);

  /* The tests talk to the real simulated telescope. */
  ck_assert (cria_sim_server_get_device (result, CRIA_DEVICE_TELESCOPE, 0) != NULL);
  return result;
}

static void
setup_speed (double speed)
{
  state_dir = sim_make_state_dir ("cria-sim-XXXXXX");
  server = new_server (state_dir, speed, 0);
  base_url = cria_sim_server_get_url (server);
}

static void
setup (void)
{
  setup_speed (100);
}

static void
setup_real_time (void)
{
  /* Connect() takes 1 / 0.5 = 2 s: long enough to see Connecting on a busy machine. */
  setup_speed (0.5);
}

static void
teardown (void)
{
  g_clear_object (&server);
  g_clear_pointer (&base_url, g_free);
  sim_remove_state_dir (&state_dir);
}

static void
connect_telescope (void)
{
  g_autoptr(SimReply) reply = http ("/api/v1/telescope/0/connected", "Connected=true");

  value_of (reply);
}

/* ---- management ---- */

static const char *const expected_type_names[CRIA_N_DEVICE_TYPES] = {
  [CRIA_DEVICE_CAMERA] = "Camera",
  [CRIA_DEVICE_COVER_CALIBRATOR] = "CoverCalibrator",
  [CRIA_DEVICE_DOME] = "Dome",
  [CRIA_DEVICE_FILTER_WHEEL] = "FilterWheel",
  [CRIA_DEVICE_FOCUSER] = "Focuser",
  [CRIA_DEVICE_OBSERVING_CONDITIONS] = "ObservingConditions",
  [CRIA_DEVICE_ROTATOR] = "Rotator",
  [CRIA_DEVICE_SAFETY_MONITOR] = "SafetyMonitor",
  [CRIA_DEVICE_SWITCH] = "Switch",
  [CRIA_DEVICE_TELESCOPE] = "Telescope",
};

START_TEST (test_management)
{
  g_autoptr(SimReply) versions = http ("/management/apiversions", NULL);
  g_autoptr(SimReply) description = http ("/management/v1/description", NULL);
  g_autoptr(SimReply) configured = http ("/management/v1/configureddevices", NULL);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;
  JsonObject *object;
  guint i, expected = 0;

  array = json_node_get_array (value_of (versions));
  ck_assert_uint_eq (json_array_get_length (array), 1);
  ck_assert_int_eq (json_array_get_int_element (array, 0), 1);

  object = json_node_get_object (value_of (description));
  ck_assert_str_eq (json_object_get_string_member (object, "ServerName"), "Cria Alpaca Simulator");
  ck_assert (strlen (json_object_get_string_member (object, "Manufacturer")) > 0);
  ck_assert (strlen (json_object_get_string_member (object, "ManufacturerVersion")) > 0);
  ck_assert (json_object_get_string_member (object, "Location") != NULL);

  for (i = 0; i < CRIA_N_DEVICE_TYPES; i++)
    if (cria_sim_server_get_device (server, i, 0) != NULL)
      expected++;

  array = json_node_get_array (value_of (configured));
  ck_assert_uint_eq (json_array_get_length (array), expected);
  for (i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);
      const char *type_name = json_object_get_string_member (entry, "DeviceType");
      const char *unique_id = json_object_get_string_member (entry, "UniqueID");
      gint64 number = json_object_get_int_member (entry, "DeviceNumber");
      CriaSimDevice *device = NULL;
      guint type;
      gsize hex = 0;
      const char *c;

      for (type = 0; type < CRIA_N_DEVICE_TYPES; type++)
        if (g_strcmp0 (type_name, expected_type_names[type]) == 0)
          device = cria_sim_server_get_device (server, type, number);
      ck_assert_msg (device != NULL, "unexpected DeviceType %s %" G_GINT64_FORMAT,
                     type_name, number);
      ck_assert_str_eq (json_object_get_string_member (entry, "DeviceName"),
                        cria_sim_device_get_name (device));
      ck_assert (strlen (json_object_get_string_member (entry, "DeviceName")) > 0);

      /* At least 48 bits: 12 hex digits. */
      for (c = unique_id; *c != '\0'; c++)
        if (g_ascii_isxdigit (*c))
          hex++;
      ck_assert_uint_ge (hex, 12);
      ck_assert_msg (g_hash_table_add (ids, (gpointer) unique_id), "duplicate %s", unique_id);
    }
}
END_TEST

static char *
telescope_unique_id (void)
{
  g_autoptr(SimReply) reply = http ("/management/v1/configureddevices", NULL);
  JsonArray *array = json_node_get_array (value_of (reply));
  guint i;

  for (i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);

      if (g_str_equal (json_object_get_string_member (entry, "DeviceType"), "Telescope"))
        return g_strdup (json_object_get_string_member (entry, "UniqueID"));
    }

  ck_abort_msg ("no telescope");
  return NULL;
}

START_TEST (test_unique_ids_persist)
{
  g_autofree char *first = telescope_unique_id ();
  g_autofree char *second = NULL;
  g_autofree char *other = NULL;
  g_autofree char *other_dir = sim_make_state_dir ("cria-sim-XXXXXX");

  /* Same state directory: same IDs. */
  g_clear_object (&server);
  g_clear_pointer (&base_url, g_free);
  server = new_server (state_dir, 1, 0);
  base_url = cria_sim_server_get_url (server);
  second = telescope_unique_id ();
  ck_assert_str_eq (first, second);

  /* Another one: fresh IDs. */
  g_clear_object (&server);
  g_clear_pointer (&base_url, g_free);
  server = new_server (other_dir, 1, 0);
  base_url = cria_sim_server_get_url (server);
  other = telescope_unique_id ();
  ck_assert_str_ne (first, other);

  sim_remove_state_dir (&other_dir);
}
END_TEST

/* ---- paths and parameters ---- */

START_TEST (test_casing)
{
  g_autoptr(SimReply) lower = NULL;
  g_autoptr(SimReply) upper = NULL;
  g_autoptr(SimReply) put = NULL;
  g_autoptr(SimReply) tracking = NULL;
  g_autoptr(SimReply) unknown = NULL;

  assert_bad_request ("/API/V1/TELESCOPE/0/NAME", NULL);
  assert_bad_request ("/api/v1/telescopE/0/name", NULL);
  assert_bad_request ("/api/v1/telescope/0/Name", NULL);
  assert_bad_request ("/Management/apiversions", NULL);

  lower = http ("/api/v1/telescope/0/name?clienttransactionid=5", NULL);
  value_of (lower);
  ck_assert_int_eq (json_object_get_int_member (sim_reply_object (lower), "ClientTransactionID"),
                    5);
  upper = http ("/api/v1/telescope/0/name?CLIENTTRANSACTIONID=6&ClientId=3", NULL);
  value_of (upper);
  ck_assert_int_eq (json_object_get_int_member (sim_reply_object (upper), "ClientTransactionID"),
                    6);

  /* Form names in any casing, booleans in any casing. */
  put = http ("/api/v1/telescope/0/connected", "cOnNeCtEd=TRUE&clientTRANSACTIONid=9");
  value_of (put);
  ck_assert_int_eq (json_object_get_int_member (sim_reply_object (put), "ClientTransactionID"), 9);
  ck_assert (cria_sim_device_get_connected (cria_sim_server_get_device (server, CRIA_DEVICE_TELESCOPE, 0)));

  tracking = http ("/api/v1/telescope/0/tracking", "TRACKING=False");
  value_of (tracking);

  unknown = http ("/not-alpaca", NULL);
  ck_assert_uint_eq (unknown->status, 404);
}
END_TEST

START_TEST (test_bad_requests)
{
  assert_bad_request ("/api/v2/telescope/0/name", NULL);
  assert_bad_request ("/api/version1/telescope/0/name", NULL);
  assert_bad_request ("/api/v1/telescop/0/name", NULL);
  assert_bad_request ("/api/v1/telescope/77/name", NULL);
  assert_bad_request ("/api/v1/telescope/x/name", NULL);
  assert_bad_request ("/api/v1/telescope/-1/name", NULL);
  assert_bad_request ("/api/v1/telescope/99999999999/name", NULL);
  assert_bad_request ("/api/v1/telescope/0/canfly", NULL);
  assert_bad_request ("/api/v1/telescope/0/", NULL);
  assert_bad_request ("/api/v1/telescope/0/name/extra", NULL);
  assert_bad_request ("/api/v1/telescope/0", NULL);
  /* GET-only and PUT-only members with the other method. */
  assert_bad_request ("/api/v1/telescope/0/name", "");
  assert_bad_request ("/api/v1/telescope/0/connect", NULL);
  /* Missing and unparseable parameters, checked before the device is even connected. */
  assert_bad_request ("/api/v1/telescope/0/connected", "");
  assert_bad_request ("/api/v1/telescope/0/connected", "Connected=maybe");
  assert_bad_request ("/api/v1/telescope/0/slewtocoordinatesasync",
                      "RightAscension=1,5&Declination=10");
  assert_bad_request ("/api/v1/telescope/0/slewtocoordinatesasync", "RightAscension=1.5");
  assert_bad_request ("/api/v1/telescope/0/slewtocoordinatesasync",
                      "RightAscension=1.5&Declination=nan");
  assert_bad_request ("/management/v2/description", NULL);
  assert_bad_request ("/management/v1/nothing", NULL);
}
END_TEST

START_TEST (test_not_connected)
{
  g_autoptr(SimReply) altitude = http ("/api/v1/telescope/0/altitude", NULL);
  g_autoptr(SimReply) state = http ("/api/v1/telescope/0/devicestate", NULL);
  g_autoptr(SimReply) name = http ("/api/v1/telescope/0/name", NULL);
  g_autoptr(SimReply) version = http ("/api/v1/telescope/0/interfaceversion", NULL);
  g_autoptr(SimReply) connected = http ("/api/v1/telescope/0/connected", NULL);
  g_autoptr(SimReply) actions = http ("/api/v1/telescope/0/supportedactions", NULL);
  g_autoptr(SimReply) info = http ("/api/v1/telescope/0/driverinfo", NULL);
  JsonObject *object;

  ck_assert_int_eq (error_number_of (altitude), 0x407);
  object = sim_reply_object (altitude);
  ck_assert (!json_object_has_member (object, "Value"));
  ck_assert (strlen (json_object_get_string_member (object, "ErrorMessage")) > 0);
  ck_assert_int_eq (error_number_of (state), 0x407);

  ck_assert (strlen (json_node_get_string (value_of (name))) > 0);
  ck_assert_int_eq (json_node_get_int (value_of (version)), 4);
  ck_assert (!json_node_get_boolean (value_of (connected)));
  ck_assert (JSON_NODE_HOLDS_ARRAY (value_of (actions)));
  ck_assert (strlen (json_node_get_string (value_of (info))) > 0);
}
END_TEST

static gboolean
get_bool (const char *path)
{
  g_autoptr(SimReply) reply = http (path, NULL);

  return json_node_get_boolean (value_of (reply));
}

START_TEST (test_connect)
{
  g_autoptr(SimReply) connect = http ("/api/v1/telescope/0/connect", "");
  g_autoptr(SimReply) altitude = NULL;
  g_autoptr(SimReply) disconnect = NULL;
  gint64 deadline;

  ck_assert (value_of (connect) == NULL);
  ck_assert (get_bool ("/api/v1/telescope/0/connecting"));

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!get_bool ("/api/v1/telescope/0/connected"))
    {
      ck_assert_msg (g_get_monotonic_time () < deadline, "Connect() never finished");
      g_usleep (50000);
    }
  ck_assert (!get_bool ("/api/v1/telescope/0/connecting"));

  altitude = http ("/api/v1/telescope/0/altitude", NULL);
  ck_assert (JSON_NODE_HOLDS_VALUE (value_of (altitude)));

  disconnect = http ("/api/v1/telescope/0/disconnect", "");
  value_of (disconnect);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (get_bool ("/api/v1/telescope/0/connected") || get_bool ("/api/v1/telescope/0/connecting"))
    {
      ck_assert_msg (g_get_monotonic_time () < deadline, "Disconnect() never finished");
      g_usleep (50000);
    }
}
END_TEST

START_TEST (test_transaction_ids)
{
  static const char *const garbage[] = { "abc", "-5", "4294967296", "1.5", "" };
  guint32 last = 0;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/telescope/0/name?ClientTransactionID=%s",
                                               garbage[i]);
      g_autoptr(SimReply) reply = http (path, NULL);

      value_of (reply);
      ck_assert_int_eq (json_object_get_int_member (sim_reply_object (reply),
                                                    "ClientTransactionID"), 0);
    }

  for (i = 0; i < 5; i++)
    {
      g_autoptr(SimReply) reply = http (i % 2
                                        ? "/api/v1/telescope/0/name?ClientTransactionID=4294967295"
                                        : "/management/apiversions", NULL);
      JsonObject *object = sim_reply_object (reply);
      gint64 server_id = json_object_get_int_member (object, "ServerTransactionID");

      ck_assert_msg (g_str_has_prefix (reply->content_type, "application/json"), "%s",
                     reply->content_type);
      ck_assert_int_eq (json_object_get_int_member (object, "ClientTransactionID"),
                        i % 2 ? 4294967295 : 0);
      ck_assert_int_gt (server_id, last);
      last = server_id;
    }

  {
    g_autoptr(SimReply) put = http ("/api/v1/telescope/0/connected",
                                    "Connected=false&ClientTransactionID=77");
    g_autoptr(SimReply) none = http ("/api/v1/telescope/0/name", NULL);

    ck_assert_int_eq (json_object_get_int_member (sim_reply_object (put), "ClientTransactionID"),
                      77);
    ck_assert_int_eq (json_object_get_int_member (sim_reply_object (none), "ClientTransactionID"),
                      0);
  }
}
END_TEST

START_TEST (test_setup_pages)
{
  g_autoptr(SimReply) main_page = http ("/setup", NULL);
  g_autoptr(SimReply) device_page = http ("/setup/v1/telescope/0/setup", NULL);
  g_autoptr(SimReply) missing = http ("/setup/v1/telescope/5/setup", NULL);
  g_autoptr(SimReply) bad_type = http ("/setup/v1/teapot/0/setup", NULL);
  CriaSimDevice *telescope = cria_sim_server_get_device (server, CRIA_DEVICE_TELESCOPE, 0);

  ck_assert_uint_eq (main_page->status, 200);
  ck_assert (g_str_has_prefix (main_page->content_type, "text/html"));
  ck_assert (strstr (main_page->text, "<html") != NULL);
  ck_assert (strstr (main_page->text, "Cria Alpaca Simulator") != NULL);
  ck_assert (strstr (main_page->text, "/setup/v1/telescope/0/setup") != NULL);

  ck_assert_uint_eq (device_page->status, 200);
  ck_assert (g_str_has_prefix (device_page->content_type, "text/html"));
  ck_assert (strstr (device_page->text, cria_sim_device_get_unique_id (telescope)) != NULL);
  ck_assert (strstr (device_page->text, "Telescope") != NULL);

  ck_assert_uint_eq (missing->status, 403);
  ck_assert_uint_eq (bad_type->status, 403);
}
END_TEST

START_TEST (test_device_state)
{
  g_autoptr(SimReply) reply = NULL;
  JsonArray *array;
  gboolean has_stamp = FALSE;
  guint i;

  connect_telescope ();
  reply = http ("/api/v1/telescope/0/devicestate", NULL);
  array = json_node_get_array (value_of (reply));
  ck_assert_uint_ge (json_array_get_length (array), 2);

  for (i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);
      const char *name;

      ck_assert (entry != NULL);
      ck_assert_uint_eq (json_object_get_size (entry), 2);
      name = json_object_get_string_member (entry, "Name");
      ck_assert (name != NULL && name[0] != '\0');
      ck_assert (json_object_has_member (entry, "Value"));
      if (g_str_equal (name, "TimeStamp"))
        {
          const char *stamp = json_object_get_string_member (entry, "Value");
          g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (stamp, NULL);

          ck_assert_msg (time != NULL && g_str_has_suffix (stamp, "Z"), "TimeStamp %s", stamp);
          has_stamp = TRUE;
        }
    }
  ck_assert (has_stamp);
}
END_TEST

START_TEST (test_actions_and_commands)
{
  g_autoptr(SimReply) action = NULL;
  g_autoptr(SimReply) command = NULL;
  g_autoptr(SimReply) disconnected = http ("/api/v1/telescope/0/action",
                                           "Action=NoSuchAction&Parameters=");

  ck_assert_int_eq (error_number_of (disconnected), 0x407);
  connect_telescope ();
  action = http ("/api/v1/telescope/0/action", "Action=NoSuchAction&Parameters=");
  ck_assert_int_eq (error_number_of (action), 0x40C);
  command = http ("/api/v1/telescope/0/commandblind", "Command=X&Raw=true");
  ck_assert_int_eq (error_number_of (command), 0x400);
}
END_TEST

/* ---- concurrency ---- */

#define N_THREADS 10
#define N_REQUESTS 5

static gpointer
client_thread (gpointer data)
{
  guint thread = GPOINTER_TO_UINT (data);
  g_autoptr(SoupSession) session = soup_session_new ();
  guint ok = 0;
  guint i;

  for (i = 0; i < N_REQUESTS; i++)
    {
      guint id = thread * 100 + i + 1;
      g_autofree char *path = g_strdup_printf (i % 2 ? "/api/v1/telescope/0/interfaceversion?ClientTransactionID=%u"
                                                     : "/api/v1/telescope/0/connected?ClientTransactionID=%u",
                                               id);
      g_autoptr(SimReply) reply = sim_http_with (session, base_url, "GET", path, NULL, NULL);
      JsonObject *object = json_node_get_object (reply->json);
      JsonNode *value = json_object_get_member (object, "Value");

      if (reply->status == 200
          && json_object_get_int_member (object, "ClientTransactionID") == id
          && json_object_get_int_member (object, "ErrorNumber") == 0
          && (i % 2 ? json_node_get_int (value) == 4 : json_node_get_boolean (value)))
        ok++;
    }

  return GUINT_TO_POINTER (ok);
}

START_TEST (test_concurrent_clients)
{
  GThread *threads[N_THREADS];
  guint total = 0;
  guint i;

  connect_telescope ();
  for (i = 0; i < N_THREADS; i++)
    threads[i] = g_thread_new ("client", client_thread, GUINT_TO_POINTER (i));
  for (i = 0; i < N_THREADS; i++)
    total += GPOINTER_TO_UINT (g_thread_join (threads[i]));

  ck_assert_uint_eq (total, N_THREADS * N_REQUESTS);
}
END_TEST

/* ---- discovery ---- */

static guint16
free_udp_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                            G_SOCKET_PROTOCOL_UDP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  ck_assert (g_socket_bind (socket, address, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

START_TEST (test_discovery)
{
  g_autoptr(CriaSimServer) discoverable = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) target = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GError) error = NULL;
  char buffer[512];
  gssize received;

  discoverable = new_server (state_dir, 1, free_udp_port ());
  ck_assert_uint_ne (cria_sim_server_get_discovery_port (discoverable), 0);

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, NULL);
  ck_assert (g_socket_bind (socket, any, FALSE, NULL));
  g_socket_set_timeout (socket, 10);
  target = g_inet_socket_address_new (loopback, cria_sim_server_get_discovery_port (discoverable));
  ck_assert (g_socket_send_to (socket, target, "alpacadiscovery1", 16, NULL, &error) == 16);

  received = g_socket_receive (socket, buffer, sizeof buffer - 1, NULL, &error);
  ck_assert_msg (received > 0, "no discovery answer: %s", error ? error->message : "");
  buffer[received] = '\0';
  json = json_from_string (buffer, &error);
  ck_assert_msg (json != NULL && JSON_NODE_HOLDS_OBJECT (json), "%s", buffer);
  ck_assert_int_eq (json_object_get_int_member (json_node_get_object (json), "AlpacaPort"),
                    cria_sim_server_get_port (discoverable));
}
END_TEST

static Suite *
sim_server_suite (void)
{
  Suite *suite = suite_create ("sim-server");
  TCase *tcase;

  tcase = tcase_create ("http");
  tcase_add_checked_fixture (tcase, setup, teardown);
  tcase_set_timeout (tcase, 60);
  tcase_add_test (tcase, test_management);
  tcase_add_test (tcase, test_unique_ids_persist);
  tcase_add_test (tcase, test_casing);
  tcase_add_test (tcase, test_bad_requests);
  tcase_add_test (tcase, test_not_connected);
  tcase_add_test (tcase, test_transaction_ids);
  tcase_add_test (tcase, test_setup_pages);
  tcase_add_test (tcase, test_device_state);
  tcase_add_test (tcase, test_actions_and_commands);
  tcase_add_test (tcase, test_concurrent_clients);
  tcase_add_test (tcase, test_discovery);
  suite_add_tcase (suite, tcase);

  tcase = tcase_create ("connect");
  tcase_add_checked_fixture (tcase, setup_real_time, teardown);
  tcase_set_timeout (tcase, 60);
  tcase_add_test (tcase, test_connect);
  suite_add_tcase (suite, tcase);

  return suite;
}

int
main (void)
{
  /* Exercise culture-neutral numbers whenever the environment has a comma locale. */
  setlocale (LC_ALL, "");
  return sim_run_suite (sim_server_suite ());
}
