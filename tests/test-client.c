/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-client"

#include "config.h"

#include <check.h>
#include <string.h>

#include "cria-alpaca.h"
#include "test-server-util.h"

#define WAIT_SECONDS 10.0

/* One scripted server per test: it answers every path with the canned reply and records
 * what it received. "@CTID@" in a reply becomes the request's ClientTransactionID. */
typedef struct
{
  SoupServer *server;
  char       *base_url;
  CriaClient *client;

  guint       status;
  char       *content_type;
  GBytes     *reply;
  gboolean    chunked;
  gboolean    pause;
  char       *location;

  guint       n_requests;
  char       *method;
  char       *path;
  char       *query;
  char       *body;
  char       *request_content_type;
  char       *accept;
  char       *user_agent;
  GArray     *transaction_ids;
} Fixture;

static Fixture *fx;

static const char *
lookup_nocase (GHashTable *table,
               const char *name)
{
  GHashTableIter iter;
  gpointer key, value;

  if (table == NULL)
    return NULL;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (g_ascii_strcasecmp (key, name) == 0)
        return value;
    }

  return NULL;
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) flat = soup_message_body_flatten (request_body);
  g_autoptr(GHashTable) form = NULL;
  const char *ctid_text;
  guint32 ctid = 0;

  f->n_requests++;
  g_free (f->method);
  f->method = g_strdup (soup_server_message_get_method (msg));
  g_free (f->path);
  f->path = g_strdup (path);
  g_free (f->query);
  f->query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));
  g_free (f->body);
  f->body = g_strndup (g_bytes_get_data (flat, NULL), g_bytes_get_size (flat));
  g_free (f->request_content_type);
  f->request_content_type = g_strdup (soup_message_headers_get_content_type (request_headers,
                                                                             NULL));
  g_free (f->accept);
  f->accept = g_strdup (soup_message_headers_get_one (request_headers, "Accept"));
  g_free (f->user_agent);
  f->user_agent = g_strdup (soup_message_headers_get_one (request_headers, "User-Agent"));

  if (g_strcmp0 (f->method, "PUT") == 0)
    {
      form = soup_form_decode (f->body);
      ctid_text = lookup_nocase (form, "ClientTransactionID");
    }
  else
    ctid_text = lookup_nocase (query, "ClientTransactionID");
  if (ctid_text != NULL)
    ctid = (guint32) g_ascii_strtoull (ctid_text, NULL, 10);
  g_array_append_val (f->transaction_ids, ctid);

  if (f->pause)
    {
      soup_server_message_pause (msg);
      return;
    }

  soup_server_message_set_status (msg, f->status, NULL);
  if (f->location != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location",
                                  f->location);

  if (f->reply != NULL)
    {
      gsize size;
      const char *data = g_bytes_get_data (f->reply, &size);
      g_autofree char *ctid_string = g_strdup_printf ("%u", ctid);
      g_autoptr(GString) text = g_string_new_len (data, size);

      g_string_replace (text, "@CTID@", ctid_string, 0);

      if (f->chunked)
        {
          SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
          SoupMessageBody *body = soup_server_message_get_response_body (msg);
          gsize offset;

          soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
          soup_message_headers_set_content_type (headers, f->content_type, NULL);
          for (offset = 0; offset < text->len; offset += 65536)
            soup_message_body_append (body, SOUP_MEMORY_COPY, text->str + offset,
                                      MIN (65536, text->len - offset));
          soup_message_body_complete (body);
        }
      else
        soup_server_message_set_response (msg, f->content_type, SOUP_MEMORY_COPY, text->str,
                                          text->len);
    }
}

static void
setup (void)
{
  fx = g_new0 (Fixture, 1);
  fx->server = cria_test_server_new (NULL);
  soup_server_add_handler (fx->server, NULL, handle_request, fx, NULL);
  fx->base_url = cria_test_server_base_url (fx->server);
  fx->client = cria_client_new (fx->base_url);
  fx->status = SOUP_STATUS_OK;
  fx->content_type = g_strdup ("application/json");
  fx->transaction_ids = g_array_new (FALSE, TRUE, sizeof (guint32));
}

static void
teardown (void)
{
  g_clear_object (&fx->client);
  soup_server_disconnect (fx->server);
  g_clear_object (&fx->server);
  g_free (fx->base_url);
  g_free (fx->content_type);
  g_clear_pointer (&fx->reply, g_bytes_unref);
  g_free (fx->location);
  g_free (fx->method);
  g_free (fx->path);
  g_free (fx->query);
  g_free (fx->body);
  g_free (fx->request_content_type);
  g_free (fx->accept);
  g_free (fx->user_agent);
  g_array_unref (fx->transaction_ids);
  g_clear_pointer (&fx, g_free);
}

static void
set_reply_len (guint       status,
               const char *content_type,
               const char *body,
               gsize       length)
{
  fx->status = status;
  g_free (fx->content_type);
  fx->content_type = g_strdup (content_type);
  g_clear_pointer (&fx->reply, g_bytes_unref);
  fx->reply = g_bytes_new (body, length);
}

static void
set_reply (guint       status,
           const char *content_type,
           const char *body)
{
  set_reply_len (status, content_type, body, strlen (body));
}

static void
set_json (const char *body)
{
  set_reply (SOUP_STATUS_OK, "application/json", body);
}

/* A raw GET of a made-up property, checked for the expected Value type. */
static JsonNode *
call_get (CriaValueType   expected,
          GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  cria_client_call_async (fx->client, CRIA_HTTP_GET, "api/v1/telescope/0/thing", NULL, expected,
                          0, NULL, cria_test_store_result, &slot);
  result = cria_test_wait_result (&slot, WAIT_SECONDS);

  return cria_client_call_finish (fx->client, result, error);
}

static JsonNode *
call_member (CriaDeviceType       type,
             CriaHttpMethod       method,
             const char          *member,
             const char * const  *params,
             GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  cria_client_member_async (fx->client, type, 0, method, member, params, 0, NULL,
                            cria_test_store_result, &slot);
  result = cria_test_wait_result (&slot, WAIT_SECONDS);

  return cria_client_member_finish (fx->client, result, error);
}

static CriaFrame *
get_image (GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  cria_client_get_image_async (fx->client, 0, NULL, cria_test_store_result, &slot);
  result = cria_test_wait_result (&slot, WAIT_SECONDS);

  return cria_client_get_image_finish (fx->client, result, error);
}

static void
assert_error (const GError *error,
              GQuark        domain,
              int           code)
{
  ck_assert_msg (error != NULL, "expected an error (%s %d), got success",
                 g_quark_to_string (domain), code);
  ck_assert_msg (error->domain == domain && error->code == code,
                 "expected %s %d, got %s %d: %s", g_quark_to_string (domain), code,
                 g_quark_to_string (error->domain), error->code, error->message);
}

static void
assert_protocol_error (JsonNode     *value,
                       const GError *error,
                       int           code)
{
  ck_assert_ptr_null (value);
  assert_error (error, CRIA_PROTOCOL_ERROR, code);
}

#define REPLY(value) \
  "{\"Value\": " value ", \"ClientTransactionID\": @CTID@, \"ServerTransactionID\": 7, " \
  "\"ErrorNumber\": 0, \"ErrorMessage\": \"\"}"

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

START_TEST (test_put_body)
{
  const char *params[] = { "rightascension", "1.5", "DECLINATION", "-20", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autofree char *expected = NULL;

  set_json ("{\"ClientTransactionID\": @CTID@, \"ServerTransactionID\": 1, \"ErrorNumber\": 0, "
            "\"ErrorMessage\": \"\"}");
  value = call_member (CRIA_DEVICE_TELESCOPE, CRIA_HTTP_PUT, "slewtocoordinatesasync", params,
                       &error);
  ck_assert_ptr_null (error);
  ck_assert_ptr_null (value);

  expected = g_strdup_printf ("RightAscension=1.5&Declination=-20&ClientID=%u"
                              "&ClientTransactionID=1", cria_client_get_client_id ());
  ck_assert_str_eq (fx->method, "PUT");
  ck_assert_str_eq (fx->path, "/api/v1/telescope/0/slewtocoordinatesasync");
  ck_assert_str_eq (fx->body, expected);
  ck_assert_str_eq (fx->request_content_type, "application/x-www-form-urlencoded");
  ck_assert_ptr_null (fx->query);
}
END_TEST

START_TEST (test_put_bool_and_string)
{
  const char *connect[] = { "connected", "TRUE", NULL };
  const char *action[] = { "Action", "Say hello", "Parameters", "a&b=c", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autofree char *expected = NULL;

  set_json ("{\"Value\": \"done\", \"ErrorNumber\": 0, \"ErrorMessage\": \"\"}");
  value = call_member (CRIA_DEVICE_CAMERA, CRIA_HTTP_PUT, "Connected", connect, &error);
  ck_assert_ptr_null (error);
  expected = g_strdup_printf ("Connected=true&ClientID=%u&ClientTransactionID=1",
                              cria_client_get_client_id ());
  ck_assert_str_eq (fx->body, expected);
  ck_assert_str_eq (fx->path, "/api/v1/camera/0/connected");
  g_clear_pointer (&expected, g_free);

  /* Strings go out as given, escaped for the form. */
  value = call_member (CRIA_DEVICE_CAMERA, CRIA_HTTP_PUT, "action", action, &error);
  ck_assert_ptr_null (error);
  ck_assert_str_eq (json_node_get_string (value), "done");
  expected = g_strdup_printf ("Action=Say%%20hello&Parameters=a%%26b%%3Dc&ClientID=%u"
                              "&ClientTransactionID=2", cria_client_get_client_id ());
  ck_assert_str_eq (fx->body, expected);
}
END_TEST

START_TEST (test_get_query)
{
  const char *raw[] = { "Extra", "a b", NULL };
  const char *axis[] = { "AXIS", "1", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GHashTable) query = NULL;
  g_autofree char *expected = NULL;
  GAsyncResult *slot = NULL;

  set_json (REPLY ("[{\"Minimum\": 0, \"Maximum\": 3}]"));
  cria_client_call_async (fx->client, CRIA_HTTP_GET, "/management/v1/description", raw,
                          CRIA_VALUE_NONE, 0, NULL, cria_test_store_result, &slot);
  result = cria_test_wait_result (&slot, WAIT_SECONDS);
  value = cria_client_call_finish (fx->client, result, &error);
  ck_assert_ptr_null (error);
  ck_assert_str_eq (fx->method, "GET");
  ck_assert_str_eq (fx->path, "/management/v1/description");
  ck_assert_str_eq (fx->body, "");
  query = soup_form_decode (fx->query);
  ck_assert_str_eq (g_hash_table_lookup (query, "Extra"), "a b");
  expected = g_strdup_printf ("%u", cria_client_get_client_id ());
  ck_assert_str_eq (g_hash_table_lookup (query, "ClientID"), expected);
  ck_assert_str_eq (g_hash_table_lookup (query, "ClientTransactionID"), "1");
  g_clear_pointer (&expected, g_free);

  value = call_member (CRIA_DEVICE_TELESCOPE, CRIA_HTTP_GET, "axisrates", axis, &error);
  ck_assert_ptr_null (error);
  ck_assert_double_eq (json_object_get_double_member (
                         json_array_get_object_element (json_node_get_array (value), 0),
                         "Maximum"), 3.0);
  ck_assert_str_eq (fx->path, "/api/v1/telescope/0/axisrates");
  expected = g_strdup_printf ("Axis=1&ClientID=%u&ClientTransactionID=2",
                              cria_client_get_client_id ());
  ck_assert_str_eq (fx->query, expected);
}
END_TEST

START_TEST (test_transaction_ids)
{
  g_autoptr(CriaClient) other = cria_client_new ("http://127.0.0.1:1/");
  g_autoptr(GError) error = NULL;
  int i;

  ck_assert_uint_ne (cria_client_get_client_id (), 0);
  ck_assert_uint_eq (cria_client_get_client_id (), cria_client_get_client_id ());
  ck_assert_str_eq (cria_client_get_base_url (other), "http://127.0.0.1:1");

  set_json (REPLY ("1"));
  for (i = 0; i < 3; i++)
    {
      g_autoptr(JsonNode) value = call_get (CRIA_VALUE_INT, &error);

      ck_assert_ptr_null (error);
      ck_assert_ptr_nonnull (value);
    }

  ck_assert_int_eq (fx->transaction_ids->len, 3);
  ck_assert_uint_eq (g_array_index (fx->transaction_ids, guint32, 0), 1);
  ck_assert_uint_eq (g_array_index (fx->transaction_ids, guint32, 1), 2);
  ck_assert_uint_eq (g_array_index (fx->transaction_ids, guint32, 2), 3);

  /* Counted per client. */
  ck_assert_uint_eq (cria_client_next_transaction_id (other), 1);
  ck_assert_uint_eq (cria_client_next_transaction_id (fx->client), 4);
}
END_TEST

START_TEST (test_headers)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(CriaFrame) frame = NULL;

  set_json (REPLY ("1"));
  value = call_get (CRIA_VALUE_INT, &error);
  ck_assert_ptr_null (error);
  ck_assert_str_eq (fx->accept, "application/json");
  ck_assert_str_eq (fx->user_agent, "Cria/" CRIA_VERSION);

  set_reply (400, "text/plain", "no image");
  frame = get_image (&error);
  ck_assert_ptr_null (frame);
  assert_error (error, CRIA_HTTP_ERROR, 400);
  ck_assert_str_eq (fx->path, "/api/v1/camera/0/imagearray");
  ck_assert_str_eq (fx->accept, "application/imagebytes, application/json");
  ck_assert_str_eq (fx->user_agent, "Cria/" CRIA_VERSION);
}
END_TEST

static void
assert_invalid_request (CriaDeviceType       type,
                        CriaHttpMethod       method,
                        const char          *member,
                        const char * const  *params,
                        const char          *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = call_member (type, method, member, params, &error);

  ck_assert_ptr_null (value);
  assert_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_INVALID_REQUEST);
  ck_assert_msg (strstr (error->message, fragment) != NULL, "“%s” lacks “%s”", error->message,
                 fragment);
}

START_TEST (test_invalid_requests)
{
  const char *unknown[] = { "RightAscension", "1", "Declination", "2", "Speed", "3", NULL };
  const char *missing[] = { "RightAscension", "1", NULL };
  const char *comma[] = { "RightAscension", "1,5", "Declination", "2", NULL };
  const char *suffix[] = { "RightAscension", "1.5h", "Declination", "2", NULL };
  const char *empty[] = { "RightAscension", "", "Declination", "2", NULL };
  const char *infinite[] = { "RightAscension", "inf", "Declination", "2", NULL };
  const char *twice[] = { "RightAscension", "1", "rightascension", "2", NULL };
  const char *odd[] = { "RightAscension", NULL };
  const char *bad_int[] = { "Axis", "1.0", NULL };
  const char *big_int[] = { "Axis", "99999999999", NULL };
  const char *bad_bool[] = { "Connected", "yes", NULL };
  const char *raw_odd[] = { "Name", NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  set_json (REPLY ("1"));

  assert_invalid_request (CRIA_DEVICE_TELESCOPE, CRIA_HTTP_PUT, "Frobnicate", NULL, "Frobnicate");
  /* RightAscension exists, but not as PUT. */
  assert_invalid_request (CRIA_DEVICE_TELESCOPE, CRIA_HTTP_PUT, "RightAscension", NULL,
                          "RightAscension");
  assert_invalid_request (CRIA_DEVICE_FOCUSER, CRIA_HTTP_PUT, "SlewToCoordinatesAsync", missing,
                          "SlewToCoordinatesAsync");
  assert_invalid_request (CRIA_N_DEVICE_TYPES, CRIA_HTTP_GET, "Connected", NULL, "Connected");
  assert_invalid_request (CRIA_DEVICE_TELESCOPE, CRIA_HTTP_PUT, "SlewToCoordinatesAsync",
                          unknown, "Speed");
  assert_invalid_request (CRIA_DEVICE_TELESCOPE, CRIA_HTTP_PUT, "SlewToCoordinatesAsync",
                          missing, "Declination");
  assert_invalid_request (CRIA_DEVICE_TELESCOPE, CRIA_HTTP_PUT, "SlewToCoordinatesAsync",
                          NULL, "RightAscension");
  assert_invalid_request (CRIA_DEVICE_TELESCOPE, CRIA_HTTP_PUT, "SlewToCoordinatesAsync",
                          comma, "1,5");
  assert_invalid_request (CRIA_DEVICE_TELESCOPE, CRIA_HTTP_PUT, "SlewToCoordinatesAsync",
                          suffix, "1.5h");
  assert_invalid_request (CRIA_DEVICE_TELESCOPE, CRIA_HTTP_PUT, "SlewToCoordinatesAsync",
                          empty, "RightAscension");
  assert_invalid_request (CRIA_DEVICE_TELESCOPE, CRIA_HTTP_PUT, "SlewToCoordinatesAsync",
                          infinite, "inf");
  assert_invalid_request (CRIA_DEVICE_TELESCOPE, CRIA_HTTP_PUT, "SlewToCoordinatesAsync",
                          twice, "twice");
  assert_invalid_request (CRIA_DEVICE_TELESCOPE, CRIA_HTTP_PUT, "SlewToCoordinatesAsync",
                          odd, "no value");
  assert_invalid_request (CRIA_DEVICE_TELESCOPE, CRIA_HTTP_GET, "AxisRates", bad_int, "1.0");
  assert_invalid_request (CRIA_DEVICE_TELESCOPE, CRIA_HTTP_GET, "AxisRates", big_int,
                          "99999999999");
  assert_invalid_request (CRIA_DEVICE_CAMERA, CRIA_HTTP_PUT, "Connected", bad_bool, "yes");

  /* A raw call with a name but no value is refused too. */
  cria_client_call_async (fx->client, CRIA_HTTP_GET, "api/v1/camera/0/x", raw_odd,
                          CRIA_VALUE_INT, 0, NULL, cria_test_store_result, &slot);
  result = cria_test_wait_result (&slot, WAIT_SECONDS);
  ck_assert_ptr_null (cria_client_call_finish (fx->client, result, &error));
  assert_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_INVALID_REQUEST);

  /* None of these reached the server. */
  cria_test_iterate_for (0.2);
  ck_assert_int_eq (fx->n_requests, 0);
}
END_TEST

static GBytes *
imagebytes_reply (int         error_number,
                  const char *message)
{
  g_autoptr(GByteArray) reply = g_byte_array_new ();
  g_autoptr(GBytes) header = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(CriaFrame) frame = NULL;
  g_autoptr(GError) error = NULL;
  guint x, y;

  if (error_number != 0)
    {
      header = cria_imagebytes_encode_header (error_number, 1, 1, CRIA_ELEMENT_UNKNOWN,
                                              CRIA_ELEMENT_UNKNOWN, 0, 0, 0);
      g_byte_array_append (reply, g_bytes_get_data (header, NULL), g_bytes_get_size (header));
      g_byte_array_append (reply, (const guint8 *) message, strlen (message));
      return g_byte_array_free_to_bytes (g_steal_pointer (&reply));
    }

  /* 3 wide, 2 high; pixel (x, y) holds 10 * y + x. */
  frame = cria_frame_new (CRIA_ELEMENT_INT32, 3, 2, 1, &error);
  ck_assert_ptr_nonnull (frame);
  for (y = 0; y < 2; y++)
    for (x = 0; x < 3; x++)
      {
        gint32 v = (gint32) (10 * y + x);

        memcpy (frame->data + y * frame->stride + x * sizeof v, &v, sizeof v);
      }

  header = cria_imagebytes_encode_header (0, 1, 1, CRIA_ELEMENT_INT32, CRIA_ELEMENT_UINT16, 3, 2,
                                          1);
  data = cria_imagebytes_encode_data (frame, CRIA_ELEMENT_UINT16);
  g_byte_array_append (reply, g_bytes_get_data (header, NULL), g_bytes_get_size (header));
  g_byte_array_append (reply, g_bytes_get_data (data, NULL), g_bytes_get_size (data));

  return g_byte_array_free_to_bytes (g_steal_pointer (&reply));
}

static void
assert_test_frame (const CriaFrame *frame)
{
  guint x, y;

  ck_assert_ptr_nonnull (frame);
  ck_assert_uint_eq (frame->width, 3);
  ck_assert_uint_eq (frame->height, 2);
  ck_assert_uint_eq (frame->planes, 1);
  for (y = 0; y < 2; y++)
    for (x = 0; x < 3; x++)
      ck_assert_double_eq (cria_frame_get_value (frame, x, y, 0), 10 * y + x);
}

START_TEST (test_image_imagebytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CriaFrame) frame = NULL;
  g_autoptr(GBytes) reply = imagebytes_reply (0, NULL);
  g_autoptr(GBytes) error_reply = imagebytes_reply (0x40B, "No image taken yet");

  g_clear_pointer (&fx->content_type, g_free);
  fx->content_type = g_strdup ("application/imagebytes");
  fx->reply = g_bytes_ref (reply);
  frame = get_image (&error);
  ck_assert_ptr_null (error);
  assert_test_frame (frame);
  g_clear_pointer (&frame, cria_frame_unref);

  /* Without Content-Length the buffer grows as data comes. */
  fx->chunked = TRUE;
  frame = get_image (&error);
  ck_assert_ptr_null (error);
  assert_test_frame (frame);
  fx->chunked = FALSE;

  g_clear_pointer (&fx->reply, g_bytes_unref);
  fx->reply = g_bytes_ref (error_reply);
  g_clear_pointer (&frame, cria_frame_unref);
  frame = get_image (&error);
  ck_assert_ptr_null (frame);
  assert_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_OPERATION);
  ck_assert_str_eq (error->message, "No image taken yet");
}
END_TEST

START_TEST (test_image_json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CriaFrame) frame = NULL;

  /* Value[x][y], the first index being the width. */
  set_json ("{\"Type\": 2, \"Rank\": 2, \"Value\": [[0, 10], [1, 11], [2, 12]], "
            "\"ClientTransactionID\": @CTID@, \"ServerTransactionID\": 1, \"ErrorNumber\": 0, "
            "\"ErrorMessage\": \"\"}");
  frame = get_image (&error);
  ck_assert_ptr_null (error);
  assert_test_frame (frame);
  g_clear_pointer (&frame, cria_frame_unref);

  set_json ("{\"ClientTransactionID\": @CTID@, \"ServerTransactionID\": 1, \"ErrorNumber\": 1031, "
            "\"ErrorMessage\": \"Camera not connected\"}");
  frame = get_image (&error);
  ck_assert_ptr_null (frame);
  assert_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_NOT_CONNECTED);
  g_clear_error (&error);

  set_json ("{\"Value\": [[1, 2], [3");
  frame = get_image (&error);
  ck_assert_ptr_null (frame);
  assert_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED);
}
END_TEST

START_TEST (test_image_timeout)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CriaFrame) frame = NULL;
  gint64 start;

  /* Images have their own, longer timeout; the property one does not apply. */
  ck_assert_double_eq (cria_client_get_image_timeout (fx->client),
                       CRIA_CLIENT_DEFAULT_IMAGE_TIMEOUT);
  fx->pause = TRUE;
  cria_client_set_timeout (fx->client, 0.1);
  cria_client_set_image_timeout (fx->client, 0.6);
  start = g_get_monotonic_time ();
  frame = get_image (&error);
  ck_assert_ptr_null (frame);
  assert_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_TIMED_OUT);
  ck_assert_msg (strstr (error->message, "0.6 s") != NULL, "%s", error->message);
  ck_assert_int_ge (g_get_monotonic_time () - start, 550 * 1000);
}
END_TEST

START_TEST (test_ipv6_base_url)
{
  g_autoptr(CriaClient) plain = cria_client_new_for_host ("::1", 11111);
  g_autoptr(CriaClient) zoned = cria_client_new_for_host ("fe80::1%eth0", 32323);

  ck_assert_str_eq (cria_client_get_base_url (plain), "http://[::1]:11111");
  ck_assert_str_eq (cria_client_get_base_url (zoned), "http://[fe80::1%25eth0]:32323");
  ck_assert_ptr_nonnull (cria_client_get_session (plain));
  ck_assert_ptr_ne (cria_client_get_session (plain), cria_client_get_session (zoned));
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
  tcase_add_test (tc, test_put_body);
  tcase_add_test (tc, test_put_bool_and_string);
  tcase_add_test (tc, test_get_query);
  tcase_add_test (tc, test_transaction_ids);
  tcase_add_test (tc, test_headers);
  tcase_add_test (tc, test_invalid_requests);
  tcase_add_test (tc, test_image_imagebytes);
  tcase_add_test (tc, test_image_json);
  tcase_add_test (tc, test_image_timeout);
  tcase_add_test (tc, test_ipv6_base_url);
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
