/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-device"

#include <check.h>
#include <libsoup/soup.h>

#include "cria-alpaca.h"
#include "test-server-util.h"

#define WAIT_LIMIT_S 10.0

/* A scripted Alpaca server on 127.0.0.1: the management replies are fixed JSON texts, and
 * telescope 0 is a tiny state machine that logs every request it sees. */
typedef struct
{
  SoupServer *server;
  guint16     port;
  GPtrArray  *log;               /* "GET connecting", "PUT connected Connected=True", ... */

  char       *api_versions;      /* JSON texts of the Value */
  char       *description;
  char       *devices;

  gint64      interface_version;
  guint       connecting_polls;  /* Connecting answers true this often after Connect/Disconnect */
  guint       polls_left;
  gboolean    pending_target;    /* what Connected becomes once the polls have run out */
  gboolean    never_finishes;    /* Connecting stays true forever */
  gboolean    connected;
  int         action_error;      /* ErrorNumber for Connect and PUT Connected, 0 for none */
  guint32     server_transaction;
} FakeServer;

static const char *
lookup_nocase (GHashTable *table,
               const char *name,
               const char **out_key)
{
  GHashTableIter iter;
  gpointer key, value;

  if (table == NULL)
    return NULL;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (g_ascii_strcasecmp (key, name) == 0)
        {
          if (out_key != NULL)
            *out_key = key;
          return value;
        }
    }

  return NULL;
}

static void
reply (FakeServer        *fs,
       SoupServerMessage *msg,
       GHashTable        *params,
       const char        *value_json,
       int                error_number,
       const char        *error_message)
{
  const char *client_tid = lookup_nocase (params, "ClientTransactionID", NULL);
  g_autofree char *body = NULL;

  body = g_strdup_printf ("{%s%s%s\"ClientTransactionID\": %s, \"ServerTransactionID\": %u, "
                          "\"ErrorNumber\": %d, \"ErrorMessage\": \"%s\"}",
                          value_json != NULL ? "\"Value\": " : "",
                          value_json != NULL ? value_json : "",
                          value_json != NULL ? ", " : "",
                          client_tid != NULL ? client_tid : "0",
                          ++fs->server_transaction, error_number,
                          error_message != NULL ? error_message : "");
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    body, strlen (body));
}

static void
handle_telescope (FakeServer        *fs,
                  SoupServerMessage *msg,
                  gboolean           is_put,
                  const char        *member,
                  GHashTable        *params)
{
  if (!is_put && g_str_equal (member, "interfaceversion"))
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, fs->interface_version);

      reply (fs, msg, params, value, 0, NULL);
    }
  else if (is_put && (g_str_equal (member, "connect") || g_str_equal (member, "disconnect")))
    {
      if (fs->action_error != 0 && g_str_equal (member, "connect"))
        {
          reply (fs, msg, params, NULL, fs->action_error, "The mount is on fire");
          return;
        }
      fs->polls_left = fs->connecting_polls;
      fs->pending_target = g_str_equal (member, "connect");
      reply (fs, msg, params, NULL, 0, NULL);
    }
  else if (!is_put && g_str_equal (member, "connecting"))
    {
      if (fs->never_finishes || fs->polls_left > 0)
        {
          if (fs->polls_left > 0)
            fs->polls_left--;
          reply (fs, msg, params, "true", 0, NULL);
          return;
        }
      fs->connected = fs->pending_target;
      reply (fs, msg, params, "false", 0, NULL);
    }
  else if (!is_put && g_str_equal (member, "connected"))
    {
      reply (fs, msg, params, fs->connected ? "true" : "false", 0, NULL);
    }
  else if (is_put && g_str_equal (member, "connected"))
    {
      const char *value = lookup_nocase (params, "Connected", NULL);

      if (fs->action_error != 0)
        {
          reply (fs, msg, params, NULL, fs->action_error, "The mount is on fire");
          return;
        }
      if (value == NULL)
        {
          reply (fs, msg, params, NULL, 0x401, "Connected is missing");
          return;
        }
      fs->connected = g_ascii_strcasecmp (value, "true") == 0;
      reply (fs, msg, params, NULL, 0, NULL);
    }
  else
    {
      soup_server_message_set_status (msg, 400, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC,
                                        "Unknown member", strlen ("Unknown member"));
    }
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  FakeServer *fs = user_data;
  gboolean is_put = g_str_equal (soup_server_message_get_method (msg), "PUT");
  g_autoptr(GHashTable) form = NULL;
  GHashTable *params = query;
  const char *member = strrchr (path, '/') + 1;

  if (is_put)
    {
      SoupMessageBody *request = soup_server_message_get_request_body (msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (request);
      g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      const char *key = NULL;
      const char *connected;

      form = soup_form_decode (text);
      params = form;
      connected = lookup_nocase (form, "Connected", &key);
      if (connected != NULL)
        g_ptr_array_add (fs->log, g_strdup_printf ("PUT %s %s=%s", member, key, connected));
      else
        g_ptr_array_add (fs->log, g_strdup_printf ("PUT %s", member));
    }
  else
    {
      g_ptr_array_add (fs->log, g_strdup_printf ("GET %s", member));
    }

  if (!is_put && g_str_equal (path, "/management/apiversions"))
    reply (fs, msg, params, fs->api_versions, 0, NULL);
  else if (!is_put && g_str_equal (path, "/management/v1/description"))
    reply (fs, msg, params, fs->description, 0, NULL);
  else if (!is_put && g_str_equal (path, "/management/v1/configureddevices"))
    reply (fs, msg, params, fs->devices, 0, NULL);
  else if (g_str_has_prefix (path, "/api/v1/telescope/0/"))
    handle_telescope (fs, msg, is_put, member, params);
  else
    soup_server_message_set_status (msg, 404, NULL);
}

static FakeServer *
fake_server_new (void)
{
  FakeServer *fs = g_new0 (FakeServer, 1);

  fs->log = g_ptr_array_new_with_free_func (g_free);
  fs->api_versions = g_strdup ("[1]");
  fs->description = g_strdup ("{\"ServerName\": \"Fake\", \"Manufacturer\": \"Cria\", "
                              "\"ManufacturerVersion\": \"1\", \"Location\": \"Here\"}");
  fs->devices = g_strdup ("[]");
  fs->interface_version = 4;

  fs->server = cria_test_server_new (&fs->port);
  soup_server_add_handler (fs->server, NULL, server_cb, fs, NULL);

  return fs;
}

static void
fake_server_free (FakeServer *fs)
{
  soup_server_disconnect (fs->server);
  g_object_unref (fs->server);
  g_ptr_array_unref (fs->log);
  g_free (fs->api_versions);
  g_free (fs->description);
  g_free (fs->devices);
  g_free (fs);
}

static void
set_text (char       **field,
          const char  *text)
{
  g_free (*field);
  *field = g_strdup (text);
}

/* The log from index `from` on, joined with " | ", so a failing test shows what happened. */
static char *
log_join (FakeServer *fs,
          guint       from)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint i;

  for (i = from; i < fs->log->len; i++)
    g_string_append_printf (text, "%s%s", i > from ? " | " : "", (char *) fs->log->pdata[i]);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
refresh (CriaServer  *server,
         GError     **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  cria_server_refresh_async (server, NULL, cria_test_store_result, &slot);
  result = cria_test_wait_result (&slot, WAIT_LIMIT_S);
  return cria_server_refresh_finish (server, result, error);
}

static gboolean
connect_device (CriaDevice  *device,
                gboolean     connect,
                GError     **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (connect)
    {
      cria_device_connect_async (device, NULL, cria_test_store_result, &slot);
      result = cria_test_wait_result (&slot, WAIT_LIMIT_S);
      return cria_device_connect_finish (device, result, error);
    }

  cria_device_disconnect_async (device, NULL, cria_test_store_result, &slot);
  result = cria_test_wait_result (&slot, WAIT_LIMIT_S);
  return cria_device_disconnect_finish (device, result, error);
}

static CriaDevice *
device_at (CriaServer *server,
           guint       position)
{
  GListModel *devices = cria_server_get_devices (server);
  CriaDevice *device = g_list_model_get_item (devices, position);

  ck_assert_ptr_nonnull (device);
  g_object_unref (device); /* the store keeps it alive */
  return device;
}

static const char three_devices[] =
  "[{\"DeviceName\": \"Scope\", \"DeviceType\": \"Telescope\", \"DeviceNumber\": 0,"
  "  \"UniqueID\": \"uid-scope\"},"
  " {\"devicename\": \"Cam\", \"devicetype\": \"camera\", \"DEVICENUMBER\": 1,"
  "  \"uniqueId\": \"uid-cam\"},"
  " {\"DeviceName\": \"Toaster\", \"DeviceType\": \"Toaster\", \"DeviceNumber\": 0,"
  "  \"UniqueID\": \"uid-toast\"},"
  " {\"DeviceName\": \"Minus\", \"DeviceType\": \"Focuser\", \"DeviceNumber\": -1,"
  "  \"UniqueID\": \"uid-minus\"},"
  " {\"DeviceName\": \"Words\", \"DeviceType\": \"Focuser\", \"DeviceNumber\": \"one\","
  "  \"UniqueID\": \"uid-words\"},"
  " {\"DeviceName\": \"Half\", \"DeviceType\": \"Focuser\", \"DeviceNumber\": 1.5,"
  "  \"UniqueID\": \"uid-half\"},"
  " {\"DeviceType\": \"FILTERWHEEL\", \"DeviceNumber\": 2}]";

START_TEST (test_format_address)
{
  g_autofree char *v4 = cria_format_address ("192.168.1.20", 11111);
  g_autofree char *v6 = cria_format_address ("fe80::1", 32323);
  g_autofree char *name = cria_format_address ("observatory.local", 80);

  ck_assert_str_eq (v4, "192.168.1.20:11111");
  ck_assert_str_eq (v6, "[fe80::1]:32323");
  ck_assert_str_eq (name, "observatory.local:80");
}
END_TEST

START_TEST (test_refresh)
{
  FakeServer *fs = fake_server_new ();
  g_autoptr(CriaServer) server = cria_server_new ("127.0.0.1", fs->port);
  g_autoptr(GError) error = NULL;
  g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", fs->port);
  const guint *versions;
  gsize n_versions = 0;
  CriaDevice *device;

  set_text (&fs->api_versions, "[1, 2]");
  set_text (&fs->description,
            "{\"servername\": \"Backyard Alpaca\", \"MANUFACTURER\": \"Cria Tests\","
            " \"ManufacturerVersion\": \"1.2.3\", \"location\": \"Garden shed\"}");
  set_text (&fs->devices, three_devices);

  ck_assert_str_eq (cria_server_get_address (server), address);
  ck_assert_ptr_null (cria_server_get_name (server));

  ck_assert_msg (refresh (server, &error), "refresh: %s", error != NULL ? error->message : "");

  versions = cria_server_get_api_versions (server, &n_versions);
  ck_assert_uint_eq (n_versions, 2);
  ck_assert_uint_eq (versions[0], 1);
  ck_assert_uint_eq (versions[1], 2);
  ck_assert_str_eq (cria_server_get_name (server), "Backyard Alpaca");
  ck_assert_str_eq (cria_server_get_manufacturer (server), "Cria Tests");
  ck_assert_str_eq (cria_server_get_manufacturer_version (server), "1.2.3");
  ck_assert_str_eq (cria_server_get_location (server), "Garden shed");

  ck_assert_uint_eq (g_list_model_get_n_items (cria_server_get_devices (server)), 3);

  device = device_at (server, 0);
  ck_assert_int_eq (cria_device_get_device_type (device), CRIA_DEVICE_TELESCOPE);
  ck_assert_uint_eq (cria_device_get_number (device), 0);
  ck_assert_str_eq (cria_device_get_name (device), "Scope");
  ck_assert_str_eq (cria_device_get_unique_id (device), "uid-scope");
  ck_assert_ptr_eq (cria_device_get_client (device), cria_server_get_client (server));
  ck_assert_int_eq (cria_device_get_connection_state (device), CRIA_CONNECTION_DISCONNECTED);

  device = device_at (server, 1);
  ck_assert_int_eq (cria_device_get_device_type (device), CRIA_DEVICE_CAMERA);
  ck_assert_uint_eq (cria_device_get_number (device), 1);
  ck_assert_str_eq (cria_device_get_name (device), "Cam");
  ck_assert_str_eq (cria_device_get_unique_id (device), "uid-cam");

  /* Name and UniqueID are optional; the entry still counts. */
  device = device_at (server, 2);
  ck_assert_int_eq (cria_device_get_device_type (device), CRIA_DEVICE_FILTER_WHEEL);
  ck_assert_uint_eq (cria_device_get_number (device), 2);
  ck_assert_ptr_null (cria_device_get_name (device));
  ck_assert_ptr_null (cria_device_get_unique_id (device));

  fake_server_free (fs);
}
END_TEST

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

START_TEST (test_refresh_keeps_devices)
{
  FakeServer *fs = fake_server_new ();
  g_autoptr(CriaServer) server = cria_server_new ("127.0.0.1", fs->port);
  g_autoptr(GError) error = NULL;
  g_autoptr(CriaDevice) scope = NULL;
  g_autoptr(CriaDevice) cam = NULL;
  g_autoptr(CriaDevice) wheel = NULL;
  GListModel *devices = cria_server_get_devices (server);
  guint renames = 0;
  guint server_renames = 0;
  guint i;

  set_text (&fs->devices, three_devices);
  ck_assert (refresh (server, &error));
  scope = g_object_ref (device_at (server, 0));
  cam = g_object_ref (device_at (server, 1));
  wheel = g_object_ref (device_at (server, 2));
  g_signal_connect (scope, "notify::name", G_CALLBACK (count_notify_cb), &renames);
  g_signal_connect (server, "notify::name", G_CALLBACK (count_notify_cb), &server_renames);

  /* The same refresh again changes nothing at all. */
  ck_assert (refresh (server, &error));
  ck_assert_ptr_eq (device_at (server, 0), scope);
  ck_assert_ptr_eq (device_at (server, 1), cam);
  ck_assert_ptr_eq (device_at (server, 2), wheel);
  ck_assert_uint_eq (renames, 0);
  ck_assert_uint_eq (server_renames, 0);

  /* Scope renamed, the camera replaced by another one with the same number, a focuser
   * added, the filter wheel gone. */
  set_text (&fs->description, "{\"ServerName\": \"Renamed\"}");
  set_text (&fs->devices,
            "[{\"DeviceName\": \"Scope, renamed\", \"DeviceType\": \"Telescope\","
            "  \"DeviceNumber\": 0, \"UniqueID\": \"uid-scope\"},"
            " {\"DeviceName\": \"Cam\", \"DeviceType\": \"Camera\", \"DeviceNumber\": 1,"
            "  \"UniqueID\": \"uid-other-cam\"},"
            " {\"DeviceName\": \"Focus\", \"DeviceType\": \"Focuser\", \"DeviceNumber\": 0,"
            "  \"UniqueID\": \"uid-focus\"}]");
  ck_assert (refresh (server, &error));

  ck_assert_uint_eq (g_list_model_get_n_items (devices), 3);
  ck_assert_ptr_eq (device_at (server, 0), scope);
  ck_assert_str_eq (cria_device_get_name (scope), "Scope, renamed");
  ck_assert_uint_eq (renames, 1);
  ck_assert_uint_eq (server_renames, 1);
  ck_assert_str_eq (cria_server_get_name (server), "Renamed");
  ck_assert_ptr_null (cria_server_get_location (server));

  ck_assert_ptr_ne (device_at (server, 1), cam);
  ck_assert_str_eq (cria_device_get_unique_id (device_at (server, 1)), "uid-other-cam");
  ck_assert_int_eq (cria_device_get_device_type (device_at (server, 2)), CRIA_DEVICE_FOCUSER);
  for (i = 0; i < g_list_model_get_n_items (devices); i++)
    ck_assert_ptr_ne (device_at (server, i), wheel);

  fake_server_free (fs);
}
END_TEST

START_TEST (test_refresh_needs_v1)
{
  FakeServer *fs = fake_server_new ();
  g_autoptr(CriaServer) server = cria_server_new ("127.0.0.1", fs->port);
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;

  set_text (&fs->api_versions, "[2, 3]");
  set_text (&fs->devices, three_devices);

  ck_assert (!refresh (server, &error));
  ck_assert_msg (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED),
                 "unexpected error: %s", error != NULL ? error->message : "(none)");
  ck_assert_ptr_nonnull (strstr (error->message, "version 1"));
  ck_assert_ptr_null (cria_server_get_name (server));
  ck_assert_uint_eq (g_list_model_get_n_items (cria_server_get_devices (server)), 0);

  /* Nothing past apiversions was asked for. */
  log = log_join (fs, 0);
  ck_assert_str_eq (log, "GET apiversions");

  fake_server_free (fs);
}
END_TEST

static void
record_state_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  GArray *states = user_data;
  CriaConnectionState state = cria_device_get_connection_state (CRIA_DEVICE (object));

  g_array_append_val (states, state);
}

static CriaDevice *
new_telescope (FakeServer  *fs,
               CriaClient **out_client)
{
  *out_client = cria_client_new_for_host ("127.0.0.1", fs->port);
  return cria_device_new (*out_client, CRIA_DEVICE_TELESCOPE, 0, "Scope", "uid-scope");
}

START_TEST (test_connect_platform7)
{
  FakeServer *fs = fake_server_new ();
  g_autoptr(CriaClient) client = NULL;
  g_autoptr(CriaDevice) device = new_telescope (fs, &client);
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (CriaConnectionState));
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;

  fs->interface_version = 4;
  fs->connecting_polls = 3;
  g_signal_connect (device, "notify::connection-state", G_CALLBACK (record_state_cb), states);

  ck_assert_msg (connect_device (device, TRUE, &error), "connect: %s",
                 error != NULL ? error->message : "");

  log = log_join (fs, 0);
  ck_assert_str_eq (log, "GET interfaceversion | PUT connect | GET connecting | GET connecting"
                         " | GET connecting | GET connecting | GET connected");
  ck_assert_uint_eq (cria_device_get_interface_version (device), 4);
  ck_assert_int_eq (cria_device_get_connection_state (device), CRIA_CONNECTION_CONNECTED);
  ck_assert_ptr_null (cria_device_get_last_error (device));
  ck_assert_uint_eq (states->len, 2);
  ck_assert_int_eq (g_array_index (states, CriaConnectionState, 0), CRIA_CONNECTION_CONNECTING);
  ck_assert_int_eq (g_array_index (states, CriaConnectionState, 1), CRIA_CONNECTION_CONNECTED);
  ck_assert (cria_device_has_member (device, "Connect", CRIA_HTTP_PUT));

  fake_server_free (fs);
}
END_TEST

START_TEST (test_connect_old_interface)
{
  FakeServer *fs = fake_server_new ();
  g_autoptr(CriaClient) client = NULL;
  g_autoptr(CriaDevice) device = new_telescope (fs, &client);
  g_autoptr(GError) error = NULL;
  const char *put;
  guint i;

  fs->interface_version = 3;

  ck_assert_msg (connect_device (device, TRUE, &error), "connect: %s",
                 error != NULL ? error->message : "");

  ck_assert_uint_eq (fs->log->len, 3);
  ck_assert_str_eq (fs->log->pdata[0], "GET interfaceversion");
  put = fs->log->pdata[1];
  ck_assert_msg (g_ascii_strcasecmp (put, "PUT connected Connected=True") == 0
                 && g_str_has_prefix (put, "PUT connected Connected="), "got '%s'", put);
  ck_assert_str_eq (fs->log->pdata[2], "GET connected");
  for (i = 0; i < fs->log->len; i++)
    ck_assert_ptr_null (strstr (fs->log->pdata[i], "connecting"));

  ck_assert_uint_eq (cria_device_get_interface_version (device), 3);
  ck_assert_int_eq (cria_device_get_connection_state (device), CRIA_CONNECTION_CONNECTED);
  ck_assert (fs->connected);
  /* An ITelescopeV3 has no Connect; the table alone would say it has. */
  ck_assert (!cria_device_has_member (device, "Connect", CRIA_HTTP_PUT));
  ck_assert (cria_device_has_member (device, "Connected", CRIA_HTTP_PUT));

  fake_server_free (fs);
}
END_TEST

START_TEST (test_connect_error)
{
  FakeServer *fs = fake_server_new ();
  g_autoptr(CriaClient) client = NULL;
  g_autoptr(CriaDevice) device = new_telescope (fs, &client);
  g_autoptr(GError) error = NULL;
  guint error_notifies = 0;
  const GError *last;

  fs->interface_version = 4;
  fs->action_error = 0x500;
  g_signal_connect (device, "notify::last-error", G_CALLBACK (count_notify_cb), &error_notifies);

  ck_assert (!connect_device (device, TRUE, &error));
  ck_assert_msg (g_error_matches (error, CRIA_ALPACA_ERROR, 0x500),
                 "unexpected error: %s", error != NULL ? error->message : "(none)");
  ck_assert_int_eq (cria_device_get_connection_state (device), CRIA_CONNECTION_ERROR);
  last = cria_device_get_last_error (device);
  ck_assert_ptr_nonnull (last);
  ck_assert (g_error_matches (last, CRIA_ALPACA_ERROR, 0x500));
  ck_assert_ptr_nonnull (strstr (last->message, "on fire"));
  ck_assert_uint_eq (error_notifies, 1);

  /* A successful connect afterwards clears the error. */
  fs->action_error = 0;
  g_clear_error (&error);
  ck_assert (connect_device (device, TRUE, &error));
  ck_assert_int_eq (cria_device_get_connection_state (device), CRIA_CONNECTION_CONNECTED);
  ck_assert_ptr_null (cria_device_get_last_error (device));

  fake_server_free (fs);
}
END_TEST

START_TEST (test_disconnect_platform7)
{
  FakeServer *fs = fake_server_new ();
  g_autoptr(CriaClient) client = NULL;
  g_autoptr(CriaDevice) device = new_telescope (fs, &client);
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  guint before;

  fs->interface_version = 4;
  fs->connecting_polls = 1;
  ck_assert (connect_device (device, TRUE, &error));
  ck_assert (fs->connected);
  before = fs->log->len;

  ck_assert_msg (connect_device (device, FALSE, &error), "disconnect: %s",
                 error != NULL ? error->message : "");
  log = log_join (fs, before);
  ck_assert_str_eq (log, "PUT disconnect | GET connecting | GET connecting | GET connected");
  ck_assert (!fs->connected);
  ck_assert_int_eq (cria_device_get_connection_state (device), CRIA_CONNECTION_DISCONNECTED);

  fake_server_free (fs);
}
END_TEST

START_TEST (test_disconnect_old_interface)
{
  FakeServer *fs = fake_server_new ();
  g_autoptr(CriaClient) client = NULL;
  g_autoptr(CriaDevice) device = new_telescope (fs, &client);
  g_autoptr(GError) error = NULL;

  /* The version is unknown until asked: a disconnect reads it first. */
  fs->interface_version = 2;
  fs->connected = TRUE;

  ck_assert_msg (connect_device (device, FALSE, &error), "disconnect: %s",
                 error != NULL ? error->message : "");
  ck_assert_uint_eq (fs->log->len, 3);
  ck_assert_str_eq (fs->log->pdata[0], "GET interfaceversion");
  ck_assert_msg (g_ascii_strcasecmp (fs->log->pdata[1], "PUT connected Connected=False") == 0,
                 "got '%s'", (char *) fs->log->pdata[1]);
  ck_assert_str_eq (fs->log->pdata[2], "GET connected");
  ck_assert (!fs->connected);
  ck_assert_int_eq (cria_device_get_connection_state (device), CRIA_CONNECTION_DISCONNECTED);

  fake_server_free (fs);
}
END_TEST

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

START_TEST (test_connect_cancel)
{
  FakeServer *fs = fake_server_new ();
  g_autoptr(CriaClient) client = NULL;
  g_autoptr(CriaDevice) device = new_telescope (fs, &client);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint polls = 0;
  guint i;

  fs->interface_version = 4;
  fs->never_finishes = TRUE;

  cria_device_connect_async (device, cancellable, cria_test_store_result, &slot);
  ck_assert_int_eq (cria_device_get_connection_state (device), CRIA_CONNECTION_CONNECTING);
  g_timeout_add (600, cancel_cb, cancellable);

  result = cria_test_wait_result (&slot, WAIT_LIMIT_S);
  ck_assert (!cria_device_connect_finish (device, result, &error));
  ck_assert_msg (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED),
                 "unexpected error: %s", error != NULL ? error->message : "(none)");
  ck_assert_int_eq (cria_device_get_connection_state (device), CRIA_CONNECTION_DISCONNECTED);
  ck_assert_ptr_null (cria_device_get_last_error (device));

  /* It really was polling when cancelled, and it stopped. */
  for (i = 0; i < fs->log->len; i++)
    polls += g_str_equal (fs->log->pdata[i], "GET connecting");
  ck_assert_uint_ge (polls, 1);
  ck_assert_str_ne (fs->log->pdata[fs->log->len - 1], "GET connected");

  fake_server_free (fs);
}
END_TEST

/* A disconnect while a connect is still polling takes over; the connect gives up quietly. */
START_TEST (test_disconnect_supersedes_connect)
{
  FakeServer *fs = fake_server_new ();
  g_autoptr(CriaClient) client = NULL;
  g_autoptr(CriaDevice) device = new_telescope (fs, &client);
  GAsyncResult *connect_slot = NULL;
  g_autoptr(GAsyncResult) connect_result = NULL;
  g_autoptr(GError) error = NULL;

  fs->interface_version = 4;
  fs->never_finishes = TRUE;

  cria_device_connect_async (device, NULL, cria_test_store_result, &connect_slot);
  cria_test_iterate_for (0.4);
  ck_assert_ptr_null (connect_slot);
  ck_assert_int_eq (cria_device_get_connection_state (device), CRIA_CONNECTION_CONNECTING);

  fs->never_finishes = FALSE;
  ck_assert_msg (connect_device (device, FALSE, &error), "disconnect: %s",
                 error != NULL ? error->message : "");
  ck_assert_int_eq (cria_device_get_connection_state (device), CRIA_CONNECTION_DISCONNECTED);

  connect_result = cria_test_wait_result (&connect_slot, WAIT_LIMIT_S);
  ck_assert (!cria_device_connect_finish (device, connect_result, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  ck_assert_int_eq (cria_device_get_connection_state (device), CRIA_CONNECTION_DISCONNECTED);
  ck_assert_ptr_null (cria_device_get_last_error (device));

  fake_server_free (fs);
}
END_TEST

static void
connect_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  ck_assert (cria_device_connect_finish (CRIA_DEVICE (source), result, &error));
  *done = TRUE;
}

/* The caller may drop its reference while a connect is under way. */
START_TEST (test_connect_outlives_caller)
{
  FakeServer *fs = fake_server_new ();
  g_autoptr(CriaClient) client = NULL;
  CriaDevice *device = new_telescope (fs, &client);
  gboolean done = FALSE;

  fs->interface_version = 4;
  fs->connecting_polls = 2;
  g_object_add_weak_pointer (G_OBJECT (device), (gpointer *) &device);

  cria_device_connect_async (device, NULL, connect_done_cb, &done);
  g_object_unref (device);
  ck_assert_ptr_nonnull (device);

  ck_assert (cria_test_wait_flag (&done, WAIT_LIMIT_S));
  ck_assert (fs->connected);
  /* The last reference went with the finished task. */
  ck_assert_ptr_null (device);

  fake_server_free (fs);
}
END_TEST

START_TEST (test_has_member)
{
  g_autoptr(CriaClient) client = cria_client_new_for_host ("127.0.0.1", 9);
  g_autoptr(CriaDevice) device = cria_device_new (client, CRIA_DEVICE_CAMERA, 0, NULL, NULL);

  ck_assert (cria_device_has_member (device, "Connecting", CRIA_HTTP_GET));
  ck_assert (cria_device_has_member (device, "startexposure", CRIA_HTTP_PUT));
  ck_assert (!cria_device_has_member (device, "StartExposure", CRIA_HTTP_GET));
  ck_assert (!cria_device_has_member (device, "SlewToTarget", CRIA_HTTP_PUT));

  cria_device_set_interface_version (device, 3);
  ck_assert (!cria_device_has_member (device, "Connecting", CRIA_HTTP_GET));
  ck_assert (cria_device_has_member (device, "Connected", CRIA_HTTP_GET));

  cria_device_set_interface_version (device, 4);
  ck_assert (cria_device_has_member (device, "Connecting", CRIA_HTTP_GET));
}
END_TEST

static Suite *
device_suite (void)
{
  Suite *suite = suite_create ("device");
  TCase *tc = tcase_create ("core");

  tcase_set_timeout (tc, 30);
  tcase_add_test (tc, test_format_address);
  tcase_add_test (tc, test_refresh);
  tcase_add_test (tc, test_refresh_keeps_devices);
  tcase_add_test (tc, test_refresh_needs_v1);
  tcase_add_test (tc, test_connect_platform7);
  tcase_add_test (tc, test_connect_old_interface);
  tcase_add_test (tc, test_connect_error);
  tcase_add_test (tc, test_disconnect_platform7);
  tcase_add_test (tc, test_disconnect_old_interface);
  tcase_add_test (tc, test_connect_cancel);
  tcase_add_test (tc, test_disconnect_supersedes_connect);
  tcase_add_test (tc, test_connect_outlives_caller);
  tcase_add_test (tc, test_has_member);
  suite_add_tcase (suite, tc);

  return suite;
}

int
main (void)
{
  SRunner *runner = srunner_create (device_suite ());
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);

  return failed == 0 ? 0 : 1;
}
