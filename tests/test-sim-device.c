/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sim-device"

#include <check.h>
#include <locale.h>
#include <string.h>

#include "cria-sim-private.h"
#include "test-sim-util.h"

/* A telescope with just enough behaviour to exercise the base class. */
#define TEST_TYPE_SCOPE (test_scope_get_type ())
G_DECLARE_FINAL_TYPE (TestScope, test_scope, TEST, SCOPE, CriaSimDevice)

struct _TestScope
{
  CriaSimDevice parent_instance;
  gboolean      tracking;
  guint         connected_changes;
};

G_DEFINE_FINAL_TYPE (TestScope, test_scope, CRIA_TYPE_SIM_DEVICE)

static const char *const test_scope_actions[] = { "Echo", NULL };

static gboolean
test_scope_handle (CriaSimDevice   *device,
                   CriaHttpMethod   method,
                   const char      *member,
                   CriaSimRequest  *request,
                   CriaSimReply    *reply,
                   GError         **error)
{
  TestScope *self = TEST_SCOPE (device);

  if (g_str_equal (member, "altitude"))
    reply->value = cria_sim_value_double (45.5);
  else if (g_str_equal (member, "tracking") && method == CRIA_HTTP_GET)
    reply->value = cria_sim_value_bool (self->tracking);
  else if (g_str_equal (member, "tracking"))
    return cria_sim_request_get_bool (request, "Tracking", &self->tracking, error);
  else if (g_str_equal (member, "sitelatitude"))
    {
      g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_VALUE_NOT_SET, "Not set");
      return FALSE;
    }
  else
    return FALSE;

  return TRUE;
}

static void
test_scope_add_device_state (CriaSimDevice *device,
                             JsonBuilder   *builder)
{
  cria_sim_device_state_add (builder, "Altitude", cria_sim_value_double (45.5));
  cria_sim_device_state_add (builder, "Tracking", cria_sim_value_bool (TEST_SCOPE (device)->tracking));
}

static void
test_scope_connected_changed (CriaSimDevice *device,
                              gboolean       connected)
{
  TEST_SCOPE (device)->connected_changes++;
}

static gboolean
test_scope_action (CriaSimDevice  *device,
                   const char     *action,
                   const char     *parameters,
                   char          **result,
                   GError        **error)
{
  *result = g_strdup_printf ("%s:%s", action, parameters);
  return TRUE;
}

static void
test_scope_class_init (TestScopeClass *klass)
{
  CriaSimDeviceClass *device_class = CRIA_SIM_DEVICE_CLASS (klass);

  device_class->handle = test_scope_handle;
  device_class->add_device_state = test_scope_add_device_state;
  device_class->connected_changed = test_scope_connected_changed;
  device_class->supported_actions = test_scope_actions;
  device_class->action = test_scope_action;
  cria_sim_device_class_set_device_type (device_class, CRIA_DEVICE_TELESCOPE);
}

static void
test_scope_init (TestScope *self)
{
}

static gboolean
call (CriaSimDevice   *device,
      CriaHttpMethod   method,
      const char      *member,
      const char      *name,
      const char      *value,
      CriaSimReply    *reply,
      GError         **error)
{
  g_autoptr(CriaSimRequest) request = cria_sim_request_new (FALSE, 1);

  if (name != NULL)
    cria_sim_request_add (request, name, value);
  cria_sim_reply_clear (reply);
  return cria_sim_device_handle (device, method, member, request, reply, error);
}

START_TEST (test_base_class)
{
  g_autoptr(CriaSimDevice) device = g_object_new (TEST_TYPE_SCOPE, "number", 3, "name", "Scope",
                                                  "unique-id", "0123456789ab", "speed", 1000.0,
                                                  NULL);
  g_autoptr(GError) error = NULL;
  CriaSimReply reply = { 0 };

  ck_assert_int_eq (cria_sim_device_get_device_type (device), CRIA_DEVICE_TELESCOPE);
  ck_assert_uint_eq (cria_sim_device_get_number (device), 3);
  ck_assert_str_eq (cria_sim_device_get_name (device), "Scope");
  ck_assert (cria_sim_device_get_server (device) == NULL);

  /* Unknown members are bad requests; known ones need a connection. */
  ck_assert (!call (device, CRIA_HTTP_GET, "warpfactor", NULL, NULL, &reply, &error));
  ck_assert (g_error_matches (error, CRIA_SIM_ERROR, CRIA_SIM_ERROR_BAD_REQUEST));
  g_clear_error (&error);
  ck_assert (!call (device, CRIA_HTTP_GET, "altitude", NULL, NULL, &reply, &error));
  ck_assert (g_error_matches (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_NOT_CONNECTED));
  g_clear_error (&error);

  /* Connect() finishes lazily after 1 simulated second, 1 ms here. */
  ck_assert (call (device, CRIA_HTTP_PUT, "connect", NULL, NULL, &reply, &error));
  g_usleep (100000);
  ck_assert (cria_sim_device_get_connected (device));
  ck_assert_uint_eq (TEST_SCOPE (device)->connected_changes, 1);

  ck_assert (call (device, CRIA_HTTP_GET, "altitude", NULL, NULL, &reply, &error));
  ck_assert (json_node_get_double (reply.value) == 45.5);

  /* Subclass declines: NotImplemented. Subclass errors pass through. */
  ck_assert (!call (device, CRIA_HTTP_PUT, "park", NULL, NULL, &reply, &error));
  ck_assert (g_error_matches (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_NOT_IMPLEMENTED));
  g_clear_error (&error);
  ck_assert (!call (device, CRIA_HTTP_GET, "sitelatitude", NULL, NULL, &reply, &error));
  ck_assert (g_error_matches (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_VALUE_NOT_SET));
  g_clear_error (&error);

  /* Parameters are validated by type before the subclass sees them. */
  ck_assert (!call (device, CRIA_HTTP_PUT, "tracking", "Tracking", "yes", &reply, &error));
  ck_assert (g_error_matches (error, CRIA_SIM_ERROR, CRIA_SIM_ERROR_BAD_REQUEST));
  g_clear_error (&error);
  ck_assert (call (device, CRIA_HTTP_PUT, "tracking", "tracking", "True", &reply, &error));
  ck_assert (TEST_SCOPE (device)->tracking);

  /* Actions, matched case-insensitively. */
  {
    g_autoptr(CriaSimRequest) request = cria_sim_request_new (FALSE, 1);

    cria_sim_request_add (request, "action", "echo");
    cria_sim_request_add (request, "PARAMETERS", "x y");
    cria_sim_reply_clear (&reply);
    ck_assert (cria_sim_device_handle (device, CRIA_HTTP_PUT, "action", request, &reply, &error));
    ck_assert_str_eq (json_node_get_string (reply.value), "Echo:x y");
  }

  /* The Connected setter is synchronous. */
  ck_assert (call (device, CRIA_HTTP_PUT, "connected", "Connected", "false", &reply, &error));
  ck_assert (!cria_sim_device_get_connected (device));
  ck_assert_uint_eq (TEST_SCOPE (device)->connected_changes, 2);

  cria_sim_reply_clear (&reply);
}
END_TEST

START_TEST (test_request_parsing)
{
  g_autoptr(CriaSimRequest) request = cria_sim_request_new (TRUE, 42);
  g_autoptr(GError) error = NULL;
  double d = 0;
  gint64 n = 0;
  gboolean b = FALSE;

  cria_sim_request_add (request, "Value", "12.25");
  cria_sim_request_add (request, "VALUE", "99");      /* the first one wins */
  cria_sim_request_add (request, "Count", "-17");
  cria_sim_request_add (request, "Comma", "12,25");
  cria_sim_request_add (request, "Flag", "FaLsE");
  cria_sim_request_add (request, "clienttransactionid", "12");
  cria_sim_request_add (request, "ClientID", "x");

  ck_assert (cria_sim_request_get_double (request, "value", &d, &error));
  ck_assert (d == 12.25);
  ck_assert (cria_sim_request_get_int (request, "count", &n, &error));
  ck_assert_int_eq (n, -17);
  ck_assert (cria_sim_request_get_bool (request, "flag", &b, &error));
  ck_assert (!b);
  ck_assert (!cria_sim_request_get_double (request, "Comma", &d, &error));
  g_clear_error (&error);
  ck_assert (!cria_sim_request_get_int (request, "Value", &n, &error));
  g_clear_error (&error);
  ck_assert (cria_sim_request_get_string (request, "Missing", &error) == NULL);
  ck_assert (g_error_matches (error, CRIA_SIM_ERROR, CRIA_SIM_ERROR_BAD_REQUEST));
  ck_assert (strstr (error->message, "Missing") != NULL);
  ck_assert (cria_sim_request_accepts_imagebytes (request));
  ck_assert_uint_eq (cria_sim_request_get_client_transaction_id (request), 12);
  ck_assert_uint_eq (cria_sim_request_get_client_id (request), 0);
  ck_assert_uint_eq (cria_sim_request_get_server_transaction_id (request), 42);
}
END_TEST

static Suite *
sim_device_suite (void)
{
  Suite *suite = suite_create ("sim-device");
  TCase *tcase = tcase_create ("base");

  tcase_add_test (tcase, test_base_class);
  tcase_add_test (tcase, test_request_parsing);
  suite_add_tcase (suite, tcase);

  return suite;
}

int
main (void)
{
  setlocale (LC_ALL, "");
  return sim_run_suite (sim_device_suite ());
}
