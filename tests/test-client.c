/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-client"

#include <string.h>

#include "test-client-fixture.h"

/* How the client reads replies: values, device and HTTP errors, malformed data, size caps,
 * timeouts, cancellation and broken connections. */

START_TEST (test_good_values)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;
  JsonArray *array;
  JsonObject *object;

  set_json (REPLY ("true"));
  value = call_get (CRIA_VALUE_BOOL, &error);
  ck_assert_ptr_null (error);
  ck_assert (json_node_get_boolean (value));
  g_clear_pointer (&value, json_node_unref);

  set_json (REPLY ("-42"));
  value = call_get (CRIA_VALUE_INT, &error);
  ck_assert_ptr_null (error);
  ck_assert_int_eq (json_node_get_int (value), -42);
  g_clear_pointer (&value, json_node_unref);

  set_json (REPLY ("12.625"));
  value = call_get (CRIA_VALUE_DOUBLE, &error);
  ck_assert_ptr_null (error);
  ck_assert_double_eq (json_node_get_double (value), 12.625);
  g_clear_pointer (&value, json_node_unref);

  /* An integer where a double is expected comes back as a double. */
  set_json (REPLY ("3"));
  value = call_get (CRIA_VALUE_DOUBLE, &error);
  ck_assert_ptr_null (error);
  ck_assert_int_eq (json_node_get_value_type (value), G_TYPE_DOUBLE);
  ck_assert_double_eq (json_node_get_double (value), 3.0);
  g_clear_pointer (&value, json_node_unref);

  set_json (REPLY ("\"Simulator Ünïcode\""));
  value = call_get (CRIA_VALUE_STRING, &error);
  ck_assert_ptr_null (error);
  ck_assert_str_eq (json_node_get_string (value), "Simulator Ünïcode");
  g_clear_pointer (&value, json_node_unref);

  set_json (REPLY ("[\"a\", \"b\"]"));
  value = call_get (CRIA_VALUE_STRING_LIST, &error);
  ck_assert_ptr_null (error);
  array = json_node_get_array (value);
  ck_assert_int_eq (json_array_get_length (array), 2);
  ck_assert_str_eq (json_array_get_string_element (array, 1), "b");
  g_clear_pointer (&value, json_node_unref);

  set_json (REPLY ("[1, 2, 4]"));
  value = call_get (CRIA_VALUE_INT_LIST, &error);
  ck_assert_ptr_null (error);
  array = json_node_get_array (value);
  ck_assert_int_eq (json_array_get_length (array), 3);
  ck_assert_int_eq (json_array_get_int_element (array, 2), 4);
  g_clear_pointer (&value, json_node_unref);

  /* Pair keys in odd casing come back in the spec's casing. */
  set_json (REPLY ("[{\"minimum\": 0, \"MAXIMUM\": 4.5}]"));
  value = call_get (CRIA_VALUE_AXIS_RATES, &error);
  ck_assert_ptr_null (error);
  object = json_array_get_object_element (json_node_get_array (value), 0);
  ck_assert_double_eq (json_object_get_double_member (object, "Minimum"), 0.0);
  ck_assert_double_eq (json_object_get_double_member (object, "Maximum"), 4.5);
  g_clear_pointer (&value, json_node_unref);

  set_json (REPLY ("[{\"Name\": \"Altitude\", \"Value\": 45.5}, {\"name\": \"Tracking\", "
                   "\"value\": true}]"));
  value = call_get (CRIA_VALUE_DEVICE_STATE, &error);
  ck_assert_ptr_null (error);
  array = json_node_get_array (value);
  ck_assert_int_eq (json_array_get_length (array), 2);
  object = json_array_get_object_element (array, 1);
  ck_assert_str_eq (json_object_get_string_member (object, "Name"), "Tracking");
  ck_assert (json_object_get_boolean_member (object, "Value"));
  g_clear_pointer (&value, json_node_unref);

  set_json (REPLY ("{\"ServerName\": \"S\"}"));
  value = call_get (CRIA_VALUE_OBJECT, &error);
  ck_assert_ptr_null (error);
  ck_assert_str_eq (json_object_get_string_member (json_node_get_object (value), "ServerName"),
                    "S");
  g_clear_pointer (&value, json_node_unref);

  set_json (REPLY ("[{\"DeviceName\": \"A\"}, {\"DeviceName\": \"B\"}]"));
  value = call_get (CRIA_VALUE_OBJECT_LIST, &error);
  ck_assert_ptr_null (error);
  ck_assert_int_eq (json_array_get_length (json_node_get_array (value)), 2);
  g_clear_pointer (&value, json_node_unref);

  /* A method reply has no Value; one that has one anyway is fine too. */
  set_json ("{\"ClientTransactionID\": @CTID@, \"ServerTransactionID\": 1, \"ErrorNumber\": 0, "
            "\"ErrorMessage\": \"\"}");
  value = call_get (CRIA_VALUE_NONE, &error);
  ck_assert_ptr_null (error);
  ck_assert_ptr_null (value);

  set_json (REPLY ("17"));
  value = call_get (CRIA_VALUE_NONE, &error);
  ck_assert_ptr_null (error);
  ck_assert_ptr_null (value);

  ck_assert_int_eq (fx->n_requests, 13);
}
END_TEST

START_TEST (test_device_errors)
{
  static const int numbers[] = { 0x400, 0x401, 0x407, 0x40B, 0x500 };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) value = NULL;
      g_autofree char *body = NULL;
      g_autofree char *message = g_strdup_printf ("Device says no (%d)", numbers[i]);

      /* A Value beside an error must not hide the error. */
      body = g_strdup_printf ("{\"Value\": 1, \"ClientTransactionID\": @CTID@, "
                              "\"ServerTransactionID\": 3, \"ErrorNumber\": %d, "
                              "\"ErrorMessage\": \"%s\"}", numbers[i], message);
      set_json (body);
      value = call_get (CRIA_VALUE_INT, &error);
      ck_assert_ptr_null (value);
      assert_error (error, CRIA_ALPACA_ERROR, numbers[i]);
      ck_assert_str_eq (error->message, message);
    }
}
END_TEST

START_TEST (test_device_error_message_only)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;

  /* A message with ErrorNumber 0 still means the driver threw. */
  set_json ("{\"Value\": 1, \"ErrorNumber\": 0, \"ErrorMessage\": \"Mount fell over\"}");
  value = call_get (CRIA_VALUE_INT, &error);
  ck_assert_ptr_null (value);
  assert_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_DRIVER_FIRST);
  ck_assert_str_eq (error->message, "Mount fell over");
}
END_TEST

START_TEST (test_http_errors)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autofree char *big = NULL;

  set_reply (400, "text/plain", "Value 'abc' is not a valid number");
  value = call_get (CRIA_VALUE_INT, &error);
  ck_assert_ptr_null (value);
  assert_error (error, CRIA_HTTP_ERROR, 400);
  ck_assert_msg (strstr (error->message, "400") != NULL, "%s", error->message);
  ck_assert_msg (strstr (error->message, "Value 'abc' is not a valid number") != NULL, "%s",
                 error->message);
  g_clear_error (&error);

  set_reply (500, "text/plain", "Driver crashed\n");
  value = call_get (CRIA_VALUE_INT, &error);
  assert_error (error, CRIA_HTTP_ERROR, 500);
  ck_assert_msg (strstr (error->message, "500") != NULL, "%s", error->message);
  ck_assert_msg (strstr (error->message, "Driver crashed") != NULL, "%s", error->message);
  g_clear_error (&error);

  /* A megabyte of error text is quoted, not carried around whole. */
  big = g_strnfill (1024 * 1024, 'x');
  memcpy (big, "Start of a huge page ", 21);
  set_reply (500, "text/plain", big);
  value = call_get (CRIA_VALUE_INT, &error);
  assert_error (error, CRIA_HTTP_ERROR, 500);
  ck_assert_msg (strstr (error->message, "Start of a huge page") != NULL, "%s", error->message);
  ck_assert_uint_lt (strlen (error->message), 1024);
}
END_TEST

START_TEST (test_http_odd_status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;

  set_reply (418, "text/html", "<html><body><h1>I am a teapot</h1></body></html>");
  value = call_get (CRIA_VALUE_INT, &error);
  ck_assert_ptr_null (value);
  assert_error (error, CRIA_HTTP_ERROR, 418);
  ck_assert_msg (strstr (error->message, "teapot") != NULL, "%s", error->message);
  g_clear_error (&error);

  /* A redirect is reported, not followed. */
  set_reply (302, "text/html", "<html>Moved</html>");
  fx->location = g_strdup ("/somewhere/else");
  value = call_get (CRIA_VALUE_INT, &error);
  assert_error (error, CRIA_HTTP_ERROR, 302);
  ck_assert_int_eq (fx->n_requests, 2);
  g_clear_error (&error);
  g_clear_pointer (&fx->location, g_free);

  set_reply (204, "application/json", "");
  value = call_get (CRIA_VALUE_NONE, &error);
  assert_error (error, CRIA_HTTP_ERROR, 204);
}
END_TEST

START_TEST (test_malformed_replies)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autofree char *deep = NULL;

  set_json ("{\"Value\": 1, \"ErrorNumber\": 0,");
  value = call_get (CRIA_VALUE_INT, &error);
  assert_protocol_error (value, error, CRIA_PROTOCOL_ERROR_MALFORMED);
  g_clear_error (&error);

  set_json ("");
  value = call_get (CRIA_VALUE_NONE, &error);
  assert_protocol_error (value, error, CRIA_PROTOCOL_ERROR_MALFORMED);
  g_clear_error (&error);

  set_json ("[1, 2, 3]");
  value = call_get (CRIA_VALUE_INT_LIST, &error);
  assert_protocol_error (value, error, CRIA_PROTOCOL_ERROR_MALFORMED);
  g_clear_error (&error);

  set_reply (SOUP_STATUS_OK, "text/html", "<html>Hello</html>");
  value = call_get (CRIA_VALUE_STRING, &error);
  assert_protocol_error (value, error, CRIA_PROTOCOL_ERROR_MALFORMED);
  g_clear_error (&error);

  /* json-glib would overflow the stack on this; it must be refused first. */
  deep = g_strnfill (200000, '[');
  set_json (deep);
  value = call_get (CRIA_VALUE_INT, &error);
  assert_protocol_error (value, error, CRIA_PROTOCOL_ERROR_MALFORMED);
  g_clear_error (&error);

  set_reply_len (SOUP_STATUS_OK, "application/json", "{\"Value\": \"a\0b\"}", 16);
  value = call_get (CRIA_VALUE_STRING, &error);
  assert_protocol_error (value, error, CRIA_PROTOCOL_ERROR_MALFORMED);
  g_clear_error (&error);

  /* json-glib leaks what follows a complete root, so this is refused before parsing. */
  set_json ("\"{\" {\"Value\": 1} {\"Value\": 2}");
  value = call_get (CRIA_VALUE_INT, &error);
  assert_protocol_error (value, error, CRIA_PROTOCOL_ERROR_MALFORMED);
  g_clear_error (&error);

  set_json ("{\"Value\": 1} {\"Value\": 2}");
  value = call_get (CRIA_VALUE_INT, &error);
  assert_protocol_error (value, error, CRIA_PROTOCOL_ERROR_MALFORMED);
  g_clear_error (&error);

  set_json ("{\"Value\": 1, \"ErrorNumber\": \"none\"}");
  value = call_get (CRIA_VALUE_INT, &error);
  ck_assert_ptr_null (value);
  ck_assert_ptr_nonnull (error);
  ck_assert (error->domain == CRIA_PROTOCOL_ERROR);
}
END_TEST

START_TEST (test_missing_and_wrong_values)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;

  set_json ("{\"ClientTransactionID\": @CTID@, \"ErrorNumber\": 0, \"ErrorMessage\": \"\"}");
  value = call_get (CRIA_VALUE_DOUBLE, &error);
  assert_protocol_error (value, error, CRIA_PROTOCOL_ERROR_MISSING_FIELD);
  ck_assert_msg (strstr (error->message, "Value") != NULL, "%s", error->message);
  g_clear_error (&error);

  set_json (REPLY ("null"));
  value = call_get (CRIA_VALUE_DOUBLE, &error);
  assert_protocol_error (value, error, CRIA_PROTOCOL_ERROR_WRONG_TYPE);
  ck_assert_msg (strstr (error->message, "null") != NULL, "%s", error->message);
  g_clear_error (&error);

  set_json (REPLY ("\"yes\""));
  value = call_get (CRIA_VALUE_BOOL, &error);
  assert_protocol_error (value, error, CRIA_PROTOCOL_ERROR_WRONG_TYPE);
  g_clear_error (&error);

  set_json (REPLY ("1.5"));
  value = call_get (CRIA_VALUE_INT, &error);
  assert_protocol_error (value, error, CRIA_PROTOCOL_ERROR_WRONG_TYPE);
  g_clear_error (&error);

  set_json (REPLY ("\"12.5\""));
  value = call_get (CRIA_VALUE_DOUBLE, &error);
  assert_protocol_error (value, error, CRIA_PROTOCOL_ERROR_WRONG_TYPE);
  g_clear_error (&error);

  set_json (REPLY ("[\"a\", 2]"));
  value = call_get (CRIA_VALUE_STRING_LIST, &error);
  assert_protocol_error (value, error, CRIA_PROTOCOL_ERROR_WRONG_TYPE);
  g_clear_error (&error);

  set_json (REPLY ("[{\"Minimum\": 1}]"));
  value = call_get (CRIA_VALUE_AXIS_RATES, &error);
  assert_protocol_error (value, error, CRIA_PROTOCOL_ERROR_MISSING_FIELD);
  g_clear_error (&error);

  set_json (REPLY ("{\"a\": 1}"));
  value = call_get (CRIA_VALUE_STRING_LIST, &error);
  assert_protocol_error (value, error, CRIA_PROTOCOL_ERROR_WRONG_TYPE);
}
END_TEST

START_TEST (test_odd_casing_and_extra_fields)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;

  set_json ("{\"value\": 7, \"clienttransactionid\": @CTID@, \"SERVERTRANSACTIONID\": 2, "
            "\"errorNumber\": 0, \"errormessage\": \"\"}");
  value = call_get (CRIA_VALUE_INT, &error);
  ck_assert_ptr_null (error);
  ck_assert_int_eq (json_node_get_int (value), 7);
  g_clear_pointer (&value, json_node_unref);

  set_json ("{\"VALUE\": 1, \"ERRORNUMBER\": 1031, \"ERRORMESSAGE\": \"Not connected\"}");
  value = call_get (CRIA_VALUE_INT, &error);
  ck_assert_ptr_null (value);
  assert_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_NOT_CONNECTED);
  ck_assert_str_eq (error->message, "Not connected");
  g_clear_error (&error);

  /* A byte order mark and a message in Latin-1 are tolerated. */
  set_json ("\xEF\xBB\xBF {\"Value\": 2, \"ErrorNumber\": 0, \"ErrorMessage\": \"\"}\r\n");
  value = call_get (CRIA_VALUE_INT, &error);
  ck_assert_ptr_null (error);
  ck_assert_int_eq (json_node_get_int (value), 2);
  g_clear_pointer (&value, json_node_unref);

  set_json ("{\"ErrorNumber\": 1280, \"ErrorMessage\": \"Temp 5\xB0" "C too low\"}");
  value = call_get (CRIA_VALUE_NONE, &error);
  assert_error (error, CRIA_ALPACA_ERROR, 0x500);
  ck_assert (g_utf8_validate (error->message, -1, NULL));
  ck_assert_msg (g_str_has_prefix (error->message, "Temp 5"), "%s", error->message);
  g_clear_error (&error);

  set_json ("{\"Driver\": {\"Nested\": [1, {\"x\": null}]}, \"Value\": \"ok\", \"Extra\": null, "
            "\"ClientTransactionID\": @CTID@, \"ErrorNumber\": 0, \"ErrorMessage\": \"\", "
            "\"Timestamp\": \"2024-01-01T00:00:00Z\"}");
  value = call_get (CRIA_VALUE_STRING, &error);
  ck_assert_ptr_null (error);
  ck_assert_str_eq (json_node_get_string (value), "ok");
}
END_TEST

START_TEST (test_wrong_transaction_echo)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;

  /* Logged for debugging only; tests run with fatal warnings, so a g_warning would fail. */
  set_json ("{\"Value\": 5, \"ClientTransactionID\": 987654, \"ServerTransactionID\": 1, "
            "\"ErrorNumber\": 0, \"ErrorMessage\": \"\"}");
  value = call_get (CRIA_VALUE_INT, &error);
  ck_assert_ptr_null (error);
  ck_assert_int_eq (json_node_get_int (value), 5);
  g_clear_pointer (&value, json_node_unref);

  set_json ("{\"Value\": 6, \"ErrorNumber\": 0, \"ErrorMessage\": \"\"}");
  value = call_get (CRIA_VALUE_INT, &error);
  ck_assert_ptr_null (error);
  ck_assert_int_eq (json_node_get_int (value), 6);
}
END_TEST

static char *
oversized_reply (void)
{
  gsize size = CRIA_CLIENT_MAX_REPLY_BYTES + 1024 * 1024;
  char *body = g_malloc (size + 1);

  memset (body, 'x', size);
  memcpy (body, "{\"Value\": \"", 11);
  memcpy (body + size - 2, "\"}", 2);
  body[size] = '\0';

  return body;
}

START_TEST (test_too_large)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autofree char *body = oversized_reply ();

  /* Declared by Content-Length: refused before reading. */
  set_json (body);
  value = call_get (CRIA_VALUE_STRING, &error);
  assert_protocol_error (value, error, CRIA_PROTOCOL_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* Chunked, so the size shows only while reading. */
  fx->chunked = TRUE;
  value = call_get (CRIA_VALUE_STRING, &error);
  assert_protocol_error (value, error, CRIA_PROTOCOL_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* The connection still works afterwards. */
  fx->chunked = FALSE;
  set_json (REPLY ("1"));
  value = call_get (CRIA_VALUE_INT, &error);
  ck_assert_ptr_null (error);
  ck_assert_int_eq (json_node_get_int (value), 1);
}
END_TEST

START_TEST (test_chunked_reply)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(GString) list = g_string_new ("[");
  guint i;

  /* Several chunks and buffer growth on the way. */
  for (i = 0; i < 50000; i++)
    g_string_append_printf (list, "%s\"item %u\"", i > 0 ? ", " : "", i);
  g_string_append (list, "]");
  g_string_prepend (list, "{\"ErrorNumber\": 0, \"ErrorMessage\": \"\", \"Value\": ");
  g_string_append (list, "}");

  fx->chunked = TRUE;
  set_json (list->str);
  value = call_get (CRIA_VALUE_STRING_LIST, &error);
  ck_assert_ptr_null (error);
  ck_assert_int_eq (json_array_get_length (json_node_get_array (value)), 50000);
  ck_assert_str_eq (json_array_get_string_element (json_node_get_array (value), 49999),
                    "item 49999");
}
END_TEST

START_TEST (test_timeout)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  gint64 start;
  double elapsed;

  fx->pause = TRUE;
  cria_client_set_timeout (fx->client, 0.5);
  ck_assert_double_eq (cria_client_get_timeout (fx->client), 0.5);

  start = g_get_monotonic_time ();
  value = call_get (CRIA_VALUE_INT, &error);
  elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  assert_protocol_error (value, error, CRIA_PROTOCOL_ERROR_TIMED_OUT);
  ck_assert_msg (strstr (error->message, "did not answer within 0.5 s") != NULL, "%s",
                 error->message);
  ck_assert_msg (strstr (error->message, "127.0.0.1") != NULL, "%s", error->message);
  ck_assert_msg (elapsed >= 0.45 && elapsed < 3.0, "took %g s", elapsed);
  ck_assert_int_eq (fx->n_requests, 1);
  g_clear_error (&error);

  /* A per-call timeout wins over the client's. */
  start = g_get_monotonic_time ();
  cria_client_call_async (fx->client, CRIA_HTTP_GET, "api/v1/telescope/0/thing", NULL,
                          CRIA_VALUE_INT, 0.3, NULL, cria_test_store_result, &slot);
  result = cria_test_wait_result (&slot, WAIT_SECONDS);
  elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  value = cria_client_call_finish (fx->client, result, &error);
  assert_protocol_error (value, error, CRIA_PROTOCOL_ERROR_TIMED_OUT);
  ck_assert_msg (strstr (error->message, "0.3 s") != NULL, "%s", error->message);
  ck_assert_msg (elapsed < 3.0, "took %g s", elapsed);
}
END_TEST

static gboolean
cancel_later (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

START_TEST (test_cancel)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;
  GAsyncResult *slot = NULL;

  fx->pause = TRUE;
  cria_client_call_async (fx->client, CRIA_HTTP_GET, "api/v1/telescope/0/thing", NULL,
                          CRIA_VALUE_INT, 0, cancellable, cria_test_store_result, &slot);
  g_timeout_add (200, cancel_later, cancellable);
  result = cria_test_wait_result (&slot, WAIT_SECONDS);
  value = cria_client_call_finish (fx->client, result, &error);
  ck_assert_ptr_null (value);
  assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  ck_assert_int_eq (fx->n_requests, 1);
  g_clear_object (&result);
  g_clear_error (&error);

  /* Already cancelled before the call. */
  cria_client_call_async (fx->client, CRIA_HTTP_GET, "api/v1/telescope/0/thing", NULL,
                          CRIA_VALUE_INT, 0, cancellable, cria_test_store_result, &slot);
  result = cria_test_wait_result (&slot, WAIT_SECONDS);
  value = cria_client_call_finish (fx->client, result, &error);
  assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}
END_TEST

static void
assert_connection_error (const char *base_url,
                         guint16     port)
{
  g_autoptr(CriaClient) client = cria_client_new (base_url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autofree char *server = g_strdup_printf ("127.0.0.1:%u", port);
  GAsyncResult *slot = NULL;

  cria_client_call_async (client, CRIA_HTTP_GET, "api/v1/telescope/0/thing", NULL,
                          CRIA_VALUE_INT, 5.0, NULL, cria_test_store_result, &slot);
  result = cria_test_wait_result (&slot, WAIT_SECONDS);
  value = cria_client_call_finish (client, result, &error);
  ck_assert_ptr_null (value);
  assert_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_CONNECTION);
  ck_assert_msg (strstr (error->message, server) != NULL, "%s", error->message);
}

START_TEST (test_dropped_connection)
{
  static const char *replies[] = {
    NULL,
    "HTTP/1.1 200 OK\r\nContent-Le",
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"Val",
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (replies); i++)
    {
      guint16 port = 0;
      g_autoptr(GSocketService) service = cria_test_raw_server_new (replies[i], &port);
      g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", port);

      assert_connection_error (url, port);
      g_socket_service_stop (service);
      g_socket_listener_close (G_SOCKET_LISTENER (service));
    }
}
END_TEST

START_TEST (test_connection_refused)
{
  guint16 port = cria_test_closed_port ();
  g_autoptr(CriaClient) client = cria_client_new_for_host ("127.0.0.1", port);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", port);

  ck_assert_str_eq (cria_client_get_base_url (client), url);
  assert_connection_error (url, port);
}
END_TEST

static Suite *
client_suite (void)
{
  Suite *suite = suite_create ("client");
  TCase *tc = tcase_create ("client");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 30);
  tcase_add_test (tc, test_good_values);
  tcase_add_test (tc, test_device_errors);
  tcase_add_test (tc, test_device_error_message_only);
  tcase_add_test (tc, test_http_errors);
  tcase_add_test (tc, test_http_odd_status);
  tcase_add_test (tc, test_malformed_replies);
  tcase_add_test (tc, test_missing_and_wrong_values);
  tcase_add_test (tc, test_odd_casing_and_extra_fields);
  tcase_add_test (tc, test_wrong_transaction_echo);
  tcase_add_test (tc, test_too_large);
  tcase_add_test (tc, test_chunked_reply);
  tcase_add_test (tc, test_timeout);
  tcase_add_test (tc, test_cancel);
  tcase_add_test (tc, test_dropped_connection);
  tcase_add_test (tc, test_connection_refused);
  suite_add_tcase (suite, tc);

  return suite;
}

int
main (void)
{
  SRunner *runner = srunner_create (client_suite ());
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);

  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
