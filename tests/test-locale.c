/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-locale"

#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cria-alpaca.h"
#include "test-server-util.h"

#define WAIT_SECONDS 10.0

/* The client under a comma-decimal locale: what goes on the wire and what comes back must
 * not change. The server records the last form body and answers with a fixed reply. */
typedef struct
{
  SoupServer *server;
  CriaClient *client;
  char       *body;
  char       *query;
  const char *reply;
} Fixture;

static Fixture *fx;

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Fixture *f = user_data;
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  g_free (f->body);
  f->body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_free (f->query);
  f->query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, f->reply,
                                    strlen (f->reply));
}

static void
enter_german_locale (void)
{
  char text[32];

  ck_assert_msg (setlocale (LC_ALL, "de_DE.UTF-8") != NULL,
                 "The de_DE.UTF-8 locale is missing; `make check` generates it "
                 "(or: sed -i 's/^# *de_DE.UTF-8/de_DE.UTF-8/' /etc/locale.gen && locale-gen)");

  /* Prove that the C library now writes a decimal comma, or the test below proves nothing. */
  snprintf (text, sizeof text, "%.1f", 1.5);
  ck_assert_str_eq (text, "1,5");
}

static void
setup (void)
{
  g_autofree char *url = NULL;

  enter_german_locale ();

  fx = g_new0 (Fixture, 1);
  fx->server = cria_test_server_new (NULL);
  soup_server_add_handler (fx->server, NULL, handle_request, fx, NULL);
  url = cria_test_server_base_url (fx->server);
  fx->client = cria_client_new (url);
}

static void
teardown (void)
{
  g_clear_object (&fx->client);
  soup_server_disconnect (fx->server);
  g_clear_object (&fx->server);
  g_free (fx->body);
  g_free (fx->query);
  g_clear_pointer (&fx, g_free);
  setlocale (LC_ALL, "C");
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

START_TEST (test_put_doubles)
{
  const char *params[] = { "RightAscension", "1.5", "Declination", "-20.25", NULL };
  const char *target[] = { "TargetRightAscension", "23.456", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autofree char *expected = NULL;

  fx->reply = "{\"ClientTransactionID\": 1, \"ServerTransactionID\": 1, \"ErrorNumber\": 0, "
              "\"ErrorMessage\": \"\"}";
  value = call_member (CRIA_DEVICE_TELESCOPE, CRIA_HTTP_PUT, "SlewToCoordinatesAsync", params,
                       &error);
  ck_assert_ptr_null (error);
  expected = g_strdup_printf ("RightAscension=1.5&Declination=-20.25&ClientID=%u"
                              "&ClientTransactionID=1", cria_client_get_client_id ());
  ck_assert_str_eq (fx->body, expected);
  g_clear_pointer (&expected, g_free);

  value = call_member (CRIA_DEVICE_TELESCOPE, CRIA_HTTP_PUT, "TargetRightAscension", target,
                       &error);
  ck_assert_ptr_null (error);
  expected = g_strdup_printf ("TargetRightAscension=23.456&ClientID=%u&ClientTransactionID=2",
                              cria_client_get_client_id ());
  ck_assert_str_eq (fx->body, expected);
}
END_TEST

START_TEST (test_comma_is_refused)
{
  const char *params[] = { "TargetRightAscension", "1,5", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;

  /* Even where the user's locale writes 1,5, the wire form is culture-neutral only. */
  value = call_member (CRIA_DEVICE_TELESCOPE, CRIA_HTTP_PUT, "TargetRightAscension", params,
                       &error);
  ck_assert_ptr_null (value);
  ck_assert_ptr_nonnull (error);
  ck_assert_int_eq (error->code, CRIA_PROTOCOL_ERROR_INVALID_REQUEST);
  ck_assert_ptr_null (fx->body);
}
END_TEST

START_TEST (test_reply_doubles)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;
  JsonObject *rate;

  fx->reply = "{\"Value\": 12.625, \"ClientTransactionID\": 1, \"ServerTransactionID\": 1, "
              "\"ErrorNumber\": 0, \"ErrorMessage\": \"\"}";
  value = call_member (CRIA_DEVICE_TELESCOPE, CRIA_HTTP_GET, "RightAscension", NULL, &error);
  ck_assert_ptr_null (error);
  ck_assert_double_eq (json_node_get_double (value), 12.625);
  ck_assert_ptr_nonnull (fx->query);
  g_clear_pointer (&value, json_node_unref);

  fx->reply = "{\"Value\": -0.5e-3, \"ErrorNumber\": 0, \"ErrorMessage\": \"\"}";
  value = call_member (CRIA_DEVICE_TELESCOPE, CRIA_HTTP_GET, "Declination", NULL, &error);
  ck_assert_ptr_null (error);
  ck_assert_double_eq (json_node_get_double (value), -0.0005);
  g_clear_pointer (&value, json_node_unref);

  fx->reply = "{\"Value\": [{\"Minimum\": 0.25, \"Maximum\": 4.5}], \"ErrorNumber\": 0, "
              "\"ErrorMessage\": \"\"}";
  {
    const char *axis[] = { "Axis", "0", NULL };

    value = call_member (CRIA_DEVICE_TELESCOPE, CRIA_HTTP_GET, "AxisRates", axis, &error);
  }
  ck_assert_ptr_null (error);
  rate = json_array_get_object_element (json_node_get_array (value), 0);
  ck_assert_double_eq (json_object_get_double_member (rate, "Minimum"), 0.25);
  ck_assert_double_eq (json_object_get_double_member (rate, "Maximum"), 4.5);
}
END_TEST

START_TEST (test_response_parse_direct)
{
  static const char body[] = "{\"Value\": 1.5, \"ErrorNumber\": 0, \"ErrorMessage\": \"\"}";
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(GError) error = NULL;

  ck_assert (cria_response_parse (body, strlen (body), CRIA_VALUE_DOUBLE, &value, NULL, &error));
  ck_assert_double_eq (json_node_get_double (value), 1.5);
}
END_TEST

static Suite *
locale_suite (void)
{
  Suite *suite = suite_create ("locale");
  TCase *tc = tcase_create ("locale");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 30);
  tcase_add_test (tc, test_put_doubles);
  tcase_add_test (tc, test_comma_is_refused);
  tcase_add_test (tc, test_reply_doubles);
  tcase_add_test (tc, test_response_parse_direct);
  suite_add_tcase (suite, tc);

  return suite;
}

int
main (void)
{
  SRunner *runner = srunner_create (locale_suite ());
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);

  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
