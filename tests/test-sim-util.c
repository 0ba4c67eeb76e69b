/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sim-util"

#include "test-sim-util.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#define CLIENT_ID  4711
#define POLL_US    20000

static CriaSimServer *current_server;
static SoupSession *current_session;
static char *current_url;
static char *current_dir;
static guint last_transaction;

/* ---- the simulator ---- */

char *
sim_make_state_dir (const char *tmpl)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (tmpl, &error);

  ck_assert_msg (dir != NULL, "%s", error != NULL ? error->message : "");
  return dir;
}

void
sim_remove_state_dir (char **dir)
{
  g_autoptr(GDir) listing = NULL;
  const char *name;

  if (*dir == NULL)
    return;

  listing = g_dir_open (*dir, 0, NULL);
  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *file = g_build_filename (*dir, name, NULL);

      g_remove (file);
    }
  g_rmdir (*dir);
  g_clear_pointer (dir, g_free);
}

CriaSimServer *
sim_server_new (const CriaSimOptions *options)
{
  CriaSimOptions loopback = *options;
  g_autoptr(GError) error = NULL;
  CriaSimServer *result;

  /* Tests never listen beyond this machine. */
  loopback.address = "127.0.0.1";
  result = cria_sim_server_new (&loopback);
  ck_assert_msg (cria_sim_server_start (result, &error), "%s",
                 error != NULL ? error->message : "");
  ck_assert_uint_ne (cria_sim_server_get_port (result), 0);
  return result;
}

CriaSimServer *
sim_start (const CriaSimOptions *options,
           const char           *tmpl)
{
  CriaSimOptions with_dir = *options;

  ck_assert_msg (current_server == NULL, "a simulator is already running");
  current_dir = sim_make_state_dir (tmpl);
  with_dir.state_dir = current_dir;
  current_server = sim_server_new (&with_dir);
  current_url = cria_sim_server_get_url (current_server);
  current_session = soup_session_new ();
  last_transaction = 0;
  return current_server;
}

void
sim_stop (void)
{
  g_clear_object (&current_session);
  if (current_server != NULL)
    cria_sim_server_stop (current_server);
  g_clear_object (&current_server);
  g_clear_pointer (&current_url, g_free);
  sim_remove_state_dir (&current_dir);
}

CriaSimServer *
sim_server (void)
{
  ck_assert_msg (current_server != NULL, "no simulator is running");
  return current_server;
}

const char *
sim_base_url (void)
{
  ck_assert_msg (current_url != NULL, "no simulator is running");
  return current_url;
}

const char *
sim_state_dir (void)
{
  ck_assert_msg (current_dir != NULL, "no simulator is running");
  return current_dir;
}

/* ---- plain HTTP ---- */

void
sim_reply_free (SimReply *reply)
{
  if (reply == NULL)
    return;

  g_free (reply->content_type);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_free (reply->text);
  g_clear_pointer (&reply->json, json_node_unref);
  g_free (reply->what);
  g_free (reply);
}

SimReply *
sim_http_send (SoupSession  *session,
               const char   *base_url,
               const char   *method,
               const char   *path,
               const char   *params,
               const char   *accept,
               GError      **error)
{
  gboolean put = g_str_equal (method, "PUT");
  g_autofree char *url = g_strconcat (base_url, path, !put && params != NULL ? "?" : "",
                                      !put && params != NULL ? params : "", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(SimReply) reply = NULL;
  const char *content_type;
  const char *data;
  gsize size = 0;

  if (msg == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s %s: not a valid URL",
                   method, url);
      return NULL;
    }
  if (put)
    {
      const char *form = params != NULL ? params : "";
      g_autoptr(GBytes) bytes = g_bytes_new (form, strlen (form));

      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", bytes);
    }
  if (accept != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", accept);

  reply = g_new0 (SimReply, 1);
  reply->what = g_strdup_printf ("%s %s", method, url);
  reply->body = soup_session_send_and_read (session, msg, NULL, error);
  if (reply->body == NULL)
    {
      g_prefix_error (error, "%s: ", reply->what);
      return NULL;
    }

  reply->status = soup_message_get_status (msg);
  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                        NULL);
  reply->content_type = g_strdup (content_type != NULL ? content_type : "");
  data = g_bytes_get_data (reply->body, &size);
  reply->text = g_strndup (data != NULL ? data : "", size);
  if (g_str_equal (reply->content_type, "application/json"))
    reply->json = json_from_string (reply->text, NULL);

  return g_steal_pointer (&reply);
}

SimReply *
sim_http_with (SoupSession *session,
               const char  *base_url,
               const char  *method,
               const char  *path,
               const char  *params,
               const char  *accept)
{
  g_autoptr(GError) error = NULL;
  SimReply *reply = sim_http_send (session, base_url, method, path, params, accept, &error);

  ck_assert_msg (reply != NULL, "%s", error != NULL ? error->message : "?");
  if (g_str_equal (reply->content_type, "application/json"))
    ck_assert_msg (reply->json != NULL && JSON_NODE_HOLDS_OBJECT (reply->json),
                   "%s: not a JSON object: %s", reply->what, reply->text);
  return reply;
}

SimReply *
sim_http (const char *method,
          const char *path,
          const char *params,
          const char *accept)
{
  ck_assert_msg (current_session != NULL, "no simulator is running");
  return sim_http_with (current_session, current_url, method, path, params, accept);
}

JsonObject *
sim_reply_object (SimReply *reply)
{
  ck_assert_msg (reply->status == 200, "%s: HTTP %u: %s", reply->what, reply->status,
                 reply->text);
  ck_assert_msg (reply->json != NULL, "%s: not JSON but “%s”: %s", reply->what,
                 reply->content_type, reply->text);
  return json_node_get_object (reply->json);
}

/* ---- Alpaca calls ---- */

JsonObject *
sim_call (const char *method,
          const char *device,
          const char *member,
          const char *params)
{
  guint id = ++last_transaction;
  g_autofree char *ids = g_strdup_printf ("ClientID=%d&ClientTransactionID=%u", CLIENT_ID, id);
  g_autofree char *all = params != NULL && *params != '\0'
                         ? g_strdup_printf ("%s&%s", params, ids) : g_strdup (ids);
  g_autofree char *path = g_strdup_printf ("/api/v1/%s/0/%s", device, member);
  g_autoptr(SimReply) reply = sim_http (method, path, all, NULL);
  JsonObject *object = sim_reply_object (reply);

  ck_assert_int_eq (json_object_get_int_member (object, "ClientTransactionID"), id);
  return json_object_ref (object);
}

gint64
sim_error_of (const char *method,
              const char *device,
              const char *member,
              const char *params)
{
  g_autoptr(JsonObject) reply = sim_call (method, device, member, params);

  return json_object_get_int_member (reply, "ErrorNumber");
}

void
sim_put_ok (const char *device,
            const char *member,
            const char *params)
{
  g_autoptr(JsonObject) reply = sim_call ("PUT", device, member, params);

  ck_assert_msg (json_object_get_int_member (reply, "ErrorNumber") == 0, "PUT %s %s %s: %s",
                 device, member, params != NULL ? params : "",
                 json_object_get_string_member (reply, "ErrorMessage"));
}

JsonNode *
sim_get_value (const char *device,
               const char *member,
               const char *params)
{
  g_autoptr(JsonObject) reply = sim_call ("GET", device, member, params);

  ck_assert_msg (json_object_get_int_member (reply, "ErrorNumber") == 0, "GET %s %s %s: %s",
                 device, member, params != NULL ? params : "",
                 json_object_get_string_member (reply, "ErrorMessage"));
  ck_assert_msg (json_object_has_member (reply, "Value"), "GET %s %s has no Value", device,
                 member);
  return json_node_copy (json_object_get_member (reply, "Value"));
}

double
sim_get_double (const char *device,
                const char *member,
                const char *params)
{
  g_autoptr(JsonNode) value = sim_get_value (device, member, params);

  ck_assert_msg (JSON_NODE_HOLDS_VALUE (value), "%s %s is not a number", device, member);
  return json_node_get_double (value);
}

gint64
sim_get_int (const char *device,
             const char *member,
             const char *params)
{
  g_autoptr(JsonNode) value = sim_get_value (device, member, params);

  ck_assert_msg (JSON_NODE_HOLDS_VALUE (value)
                 && json_node_get_value_type (value) == G_TYPE_INT64,
                 "%s %s is not an integer", device, member);
  return json_node_get_int (value);
}

gboolean
sim_get_bool (const char *device,
              const char *member,
              const char *params)
{
  g_autoptr(JsonNode) value = sim_get_value (device, member, params);

  ck_assert_msg (JSON_NODE_HOLDS_VALUE (value)
                 && json_node_get_value_type (value) == G_TYPE_BOOLEAN,
                 "%s %s is not a boolean", device, member);
  return json_node_get_boolean (value);
}

char *
sim_get_string (const char *device,
                const char *member,
                const char *params)
{
  g_autoptr(JsonNode) value = sim_get_value (device, member, params);

  ck_assert_msg (JSON_NODE_HOLDS_VALUE (value)
                 && json_node_get_value_type (value) == G_TYPE_STRING,
                 "%s %s is not a string", device, member);
  return g_strdup (json_node_get_string (value));
}

/* Polls a boolean (as_bool) or integer member until it reads wanted. */
static gboolean
wait_for (const char *device,
          const char *member,
          const char *params,
          gboolean    as_bool,
          gint64      wanted,
          double      max_seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (max_seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < deadline)
    {
      gint64 value = as_bool ? sim_get_bool (device, member, params)
                             : sim_get_int (device, member, params);

      if (value == wanted)
        return TRUE;
      g_usleep (POLL_US);
    }
  return FALSE;
}

gboolean
sim_wait_bool (const char *device,
               const char *member,
               const char *params,
               gboolean    wanted,
               double      max_seconds)
{
  return wait_for (device, member, params, TRUE, wanted != FALSE, max_seconds);
}

gboolean
sim_wait_int (const char *device,
              const char *member,
              const char *params,
              gint64      wanted,
              double      max_seconds)
{
  return wait_for (device, member, params, FALSE, wanted, max_seconds);
}

void
sim_connect (const char *device,
             double      max_seconds)
{
  sim_put_ok (device, "connect", NULL);
  ck_assert_msg (sim_wait_bool (device, "connecting", NULL, FALSE, max_seconds),
                 "%s: Connect() never ended", device);
  ck_assert_msg (sim_get_bool (device, "connected", NULL), "%s did not connect", device);
}

GHashTable *
sim_device_state (const char *device)
{
  g_autoptr(JsonNode) value = sim_get_value (device, "devicestate", NULL);
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) json_node_unref);
  JsonArray *items;
  guint i;

  ck_assert_msg (JSON_NODE_HOLDS_ARRAY (value), "%s DeviceState is not an array", device);
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

/* ---- running ---- */

int
sim_run_suite (Suite *suite)
{
  SRunner *runner = srunner_create (suite);
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);

  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
