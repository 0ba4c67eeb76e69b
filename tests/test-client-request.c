/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-client-request"

#include "config.h"

#include <string.h>

#include "test-client-fixture.h"

/* What the client sends: form bodies and queries, IDs, headers, member checks, images. */

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
client_request_suite (void)
{
  Suite *suite = suite_create ("client-request");
  TCase *tc = tcase_create ("client-request");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 30);
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
  SRunner *runner = srunner_create (client_request_suite ());
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);

  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
