/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-window"

#include <check.h>
#include <glib/gstdio.h>

#include "cria-add-server-dialog.h"
#include "cria-application.h"
#include "cria-device-panel.h"
#include "cria-device-row.h"
#include "cria-server-list.h"
#include "cria-server-row.h"
#include "cria-sim-server.h"
#include "cria-window.h"
#include "test-server-util.h"

static CriaSimServer *sim;
static char *state_dir;
static GSettings *settings;

static void
setup (void)
{
  CriaSimOptions options = { .address = "127.0.0.1", .camera_width = 64, .camera_height = 48, .speed = 50 };
  g_autoptr(GError) error = NULL;

  gtk_init ();
  adw_init ();

  settings = g_settings_new ("io.github.cria.Cria");
  g_settings_set_boolean (settings, "discovery-broadcast", FALSE);

  state_dir = g_dir_make_tmp ("cria-window-XXXXXX", NULL);
  options.state_dir = state_dir;
  sim = cria_sim_server_new (&options);
  ck_assert_msg (cria_sim_server_start (sim, &error), "%s", error ? error->message : "");
}

static void
teardown (void)
{
  g_autofree char *ini = g_build_filename (state_dir, "simulator.ini", NULL);

  cria_sim_server_stop (sim);
  g_clear_object (&sim);
  g_clear_object (&settings);
  g_unlink (ini);
  g_rmdir (state_dir);
  g_clear_pointer (&state_dir, g_free);
}

static void
collect_widgets (GtkWidget *widget,
                 GType      type,
                 GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, type, found);
}

static guint
count_widgets (GtkWidget *root,
               GType      type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect_widgets (root, type, found);
  return found->len;
}

static char *
all_labels (GtkWidget *root)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GString *text = g_string_new (NULL);

  collect_widgets (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    g_string_append_printf (text, "[%s] ", gtk_label_get_label (labels->pdata[i]));
  return g_string_free (text, FALSE);
}

static gboolean
has_label_containing (GtkWidget  *root,
                      const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_widgets (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (strstr (gtk_label_get_label (labels->pdata[i]), text) != NULL)
      return TRUE;
  return FALSE;
}

/* Iterates until the window shows n device rows, or fails after max_seconds. */
static void
wait_for_rows (GtkWidget *window,
               guint      n,
               double     max_seconds)
{
  gint64 end = g_get_monotonic_time () + max_seconds * G_USEC_PER_SEC;

  while (count_widgets (window, CRIA_TYPE_DEVICE_ROW) != n)
    {
      ck_assert_msg (g_get_monotonic_time () < end, "expected %u device rows, have %u", n,
                     count_widgets (window, CRIA_TYPE_DEVICE_ROW));
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static CriaServer *
add_simulator (CriaServerList *servers)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CriaServer *server;

  cria_server_list_add_async (servers, "127.0.0.1", cria_sim_server_get_port (sim), NULL,
                              cria_test_store_result, &result);
  result = cria_test_wait_result (&result, 10);
  server = cria_server_list_add_finish (servers, result, &error);
  ck_assert_msg (server != NULL, "%s", error ? error->message : "");
  return server;
}

static CriaDevice *
find_device (CriaServer     *server,
             CriaDeviceType  type)
{
  GListModel *devices = cria_server_get_devices (server);

  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(CriaDevice) device = g_list_model_get_item (devices, i);

      if (cria_device_get_device_type (device) == type)
        return device;
    }
  return NULL;
}

START_TEST (test_empty_state)
{
  g_autoptr(CriaServerList) servers = cria_server_list_new (settings);
  CriaWindow *window = cria_window_new (NULL, servers);

  gtk_window_present (GTK_WINDOW (window));
  cria_test_iterate_for (0.2);

  ck_assert_uint_eq (count_widgets (GTK_WIDGET (window), CRIA_TYPE_DEVICE_ROW), 0);
  ck_assert (has_label_containing (GTK_WIDGET (window), "Search Again"));
  ck_assert (has_label_containing (GTK_WIDGET (window), "Add Server"));
  ck_assert (has_label_containing (GTK_WIDGET (window), "Try the Simulator"));
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

START_TEST (test_sidebar_lists_ten_devices)
{
  g_autoptr(CriaServerList) servers = cria_server_list_new (settings);
  CriaWindow *window = cria_window_new (NULL, servers);
  g_autoptr(CriaServer) server = NULL;
  static const char *type_names[] = { "Camera", "Cover Calibrator", "Dome", "Filter Wheel", "Focuser",
                                      "Observing Conditions", "Rotator", "Safety Monitor", "Switch", "Telescope" };

  gtk_window_present (GTK_WINDOW (window));
  server = add_simulator (servers);

  wait_for_rows (GTK_WIDGET (window), 10, 10);
  ck_assert_uint_eq (count_widgets (GTK_WIDGET (window), CRIA_TYPE_SERVER_ROW), 1);
  for (guint i = 0; i < G_N_ELEMENTS (type_names); i++)
    ck_assert_msg (has_label_containing (GTK_WIDGET (window), type_names[i]), "no %s row", type_names[i]);
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

START_TEST (test_select_and_connect)
{
  g_autoptr(CriaServerList) servers = cria_server_list_new (settings);
  CriaWindow *window = cria_window_new (NULL, servers);
  g_autoptr(CriaServer) server = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CriaDevice *focuser;

  gtk_window_present (GTK_WINDOW (window));
  server = add_simulator (servers);
  wait_for_rows (GTK_WIDGET (window), 10, 10);

  focuser = find_device (server, CRIA_DEVICE_FOCUSER);
  ck_assert (focuser != NULL);
  ck_assert (cria_window_select_device (window, focuser));
  cria_test_iterate_for (0.2);
  ck_assert_uint_eq (count_widgets (GTK_WIDGET (window), CRIA_TYPE_DEVICE_PANEL), 1);

  cria_device_connect_async (focuser, NULL, cria_test_store_result, &result);
  result = cria_test_wait_result (&result, 10);
  ck_assert_msg (cria_device_connect_finish (focuser, result, &error), "%s", error ? error->message : "");
  ck_assert_int_eq (cria_device_get_connection_state (focuser), CRIA_CONNECTION_CONNECTED);

  /* The sidebar follows the device, and keeps the selection across rebuilds. */
  cria_test_iterate_for (0.3);
  ck_assert_uint_eq (count_widgets (GTK_WIDGET (window), CRIA_TYPE_DEVICE_PANEL), 1);

  /* Another client disconnects the focuser: the next request marks the connection lost. */
  {
    g_autoptr(CriaClient) other = cria_client_new_for_host ("127.0.0.1", cria_sim_server_get_port (sim));
    static const char * const off[] = { "Connected", "false", NULL };
    g_autoptr(GAsyncResult) put = NULL, get = NULL;
    g_autoptr(JsonNode) ignored = NULL;
    g_autoptr(JsonNode) position = NULL;
    g_autoptr(GError) lost = NULL;

    cria_client_member_async (other, CRIA_DEVICE_FOCUSER, 0, CRIA_HTTP_PUT, "Connected", off, 0, NULL,
                              cria_test_store_result, &put);
    put = cria_test_wait_result (&put, 10);
    ignored = cria_client_member_finish (other, put, NULL);

    cria_device_get_async (focuser, "Position", NULL, NULL, cria_test_store_result, &get);
    get = cria_test_wait_result (&get, 10);
    position = cria_device_get_finish (focuser, get, &lost);
    ck_assert (g_error_matches (lost, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_NOT_CONNECTED));
    ck_assert_int_eq (cria_device_get_connection_state (focuser), CRIA_CONNECTION_ERROR);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

START_TEST (test_unreachable_server_shows_error)
{
  g_autoptr(CriaServerList) servers = NULL;
  CriaWindow *window;
  guint16 closed = cria_test_closed_port ();
  gint64 end;

  g_settings_set_value (settings, "servers", g_variant_new_parsed ("[('127.0.0.1', %q, 'Old')]", closed));
  servers = cria_server_list_new (settings);
  window = cria_window_new (NULL, servers);
  gtk_window_present (GTK_WINDOW (window));
  cria_server_list_restore (servers);

  end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!has_label_containing (GTK_WIDGET (window), "Unreachable"))
    {
      ck_assert_msg (g_get_monotonic_time () < end, "no unreachable server row; labels: %s",
                     all_labels (GTK_WIDGET (window)));
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

START_TEST (test_simulator_is_not_remembered)
{
  g_autoptr(CriaServerList) servers = cria_server_list_new (settings);
  g_autoptr(CriaServer) server = NULL;
  g_autoptr(GVariant) remembered = NULL;

  cria_server_list_add_transient_address (servers, "127.0.0.1", cria_sim_server_get_port (sim));
  server = add_simulator (servers);
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (servers)), 1);
  remembered = g_settings_get_value (settings, "servers");
  ck_assert_uint_eq (g_variant_n_children (remembered), 0);
}
END_TEST

START_TEST (test_remembered_servers_return)
{
  g_autoptr(CriaServerList) first = cria_server_list_new (settings);
  g_autoptr(CriaServerList) second = NULL;
  g_autoptr(CriaServer) server = add_simulator (first);
  CriaWindow *window;

  g_clear_object (&first);
  second = cria_server_list_new (settings);
  window = cria_window_new (NULL, second);
  gtk_window_present (GTK_WINDOW (window));
  cria_server_list_restore (second);
  wait_for_rows (GTK_WIDGET (window), 10, 10);
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* A device remembered at an address that no longer answers is found again by UniqueID. */
START_TEST (test_moved_server_found_by_unique_id)
{
  g_autoptr(CriaServerList) probe = cria_server_list_new (settings);
  g_autoptr(CriaServer) real = add_simulator (probe);
  CriaDevice *telescope = find_device (real, CRIA_DEVICE_TELESCOPE);
  g_autoptr(CriaServerList) servers = NULL;
  g_autoptr(CriaServer) found = NULL;
  guint16 closed = cria_test_closed_port ();
  gint64 end;

  g_clear_object (&probe);
  g_settings_set_value (settings, "servers", g_variant_new_parsed ("[('127.0.0.1', %q, 'Moved')]", closed));
  g_settings_set_value (settings, "devices",
                        g_variant_new_parsed ("[('127.0.0.1', %q, 'Telescope', 0, 'Scope', %s)]",
                                              closed, cria_device_get_unique_id (telescope)));

  servers = cria_server_list_new (settings);
  cria_server_list_restore (servers);
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (servers)), 1);

  /* Let the old address fail first, as it would at start-up. */
  end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (TRUE)
    {
      g_autoptr(CriaServer) stale = g_list_model_get_item (G_LIST_MODEL (servers), 0);

      if (cria_server_list_get_server_error (servers, stale) != NULL)
        break;
      ck_assert (g_get_monotonic_time () < end);
      g_main_context_iteration (NULL, TRUE);
    }

  found = add_simulator (servers);
  cria_test_iterate_for (0.3);
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (servers)), 1);
  {
    g_autoptr(GVariant) remembered = g_settings_get_value (settings, "servers");
    ck_assert_uint_eq (g_variant_n_children (remembered), 1);
  }
}
END_TEST

/* Requests in flight must not outlive the widgets that asked for them. */
START_TEST (test_close_while_connecting)
{
  g_autoptr(CriaServerList) servers = cria_server_list_new (settings);
  CriaWindow *window = cria_window_new (NULL, servers);
  g_autoptr(CriaServer) server = NULL;
  CriaDevice *dome;

  gtk_window_present (GTK_WINDOW (window));
  server = add_simulator (servers);
  wait_for_rows (GTK_WIDGET (window), 10, 10);

  dome = find_device (server, CRIA_DEVICE_DOME);
  ck_assert (cria_window_select_device (window, dome));
  cria_test_iterate_for (0.05);
  for (guint i = 0; i < count_widgets (GTK_WIDGET (window), CRIA_TYPE_DEVICE_PANEL); i++)
    {
      g_autoptr(GPtrArray) panels = g_ptr_array_new ();

      collect_widgets (GTK_WIDGET (window), CRIA_TYPE_DEVICE_PANEL, panels);
      gtk_widget_activate_action (panels->pdata[0], "panel.connect", NULL);
    }
  gtk_window_destroy (GTK_WINDOW (window));
  cria_test_iterate_for (1.0);
}
END_TEST

static void
assert_host (const char *text,
             const char *expected)
{
  g_autofree char *host = cria_parse_host (text);

  ck_assert_msg (g_strcmp0 (host, expected) == 0, "“%s” parsed as “%s”, expected “%s”",
                 text, host ? host : "(refused)", expected ? expected : "(refused)");
}

START_TEST (test_add_server_validation)
{
  assert_host ("192.168.1.20", "192.168.1.20");
  assert_host ("  observatory.local ", "observatory.local");
  assert_host ("::1", "::1");
  assert_host ("[fe80::1]", "fe80::1");
  assert_host ("[observatory]", NULL);
  assert_host ("scope mount", NULL);
  assert_host ("-scope", NULL);
  assert_host ("", NULL);

  ck_assert_uint_eq (cria_parse_port ("11111"), 11111);
  ck_assert_uint_eq (cria_parse_port (" 32227 "), 32227);
  ck_assert_uint_eq (cria_parse_port ("0"), 0);
  ck_assert_uint_eq (cria_parse_port ("65536"), 0);
  ck_assert_uint_eq (cria_parse_port ("80a"), 0);
  ck_assert_uint_eq (cria_parse_port (""), 0);
}
END_TEST

/* The add-server path tries the server before keeping it. */
START_TEST (test_add_unreachable_server_refused)
{
  g_autoptr(CriaServerList) servers = cria_server_list_new (settings);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CriaServer) server = NULL;

  cria_server_list_add_async (servers, "127.0.0.1", cria_test_closed_port (), NULL,
                              cria_test_store_result, &result);
  result = cria_test_wait_result (&result, 10);
  server = cria_server_list_add_finish (servers, result, &error);
  ck_assert (server == NULL);
  ck_assert (error != NULL);
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (servers)), 0);
  {
    g_autoptr(GVariant) remembered = g_settings_get_value (settings, "servers");
    ck_assert_uint_eq (g_variant_n_children (remembered), 0);
  }
}
END_TEST

/* Panels report failures through win.show-error; the window turns them into toasts. */
START_TEST (test_panel_error_becomes_toast)
{
  g_autoptr(CriaServerList) servers = cria_server_list_new (settings);
  CriaWindow *window = cria_window_new (NULL, servers);
  g_autoptr(CriaServer) server = NULL;
  g_autoptr(GPtrArray) panels = g_ptr_array_new ();
  gint64 end;

  gtk_window_present (GTK_WINDOW (window));
  server = add_simulator (servers);
  wait_for_rows (GTK_WIDGET (window), 10, 10);
  ck_assert (cria_window_select_device (window, find_device (server, CRIA_DEVICE_ROTATOR)));
  cria_test_iterate_for (0.1);

  collect_widgets (GTK_WIDGET (window), CRIA_TYPE_DEVICE_PANEL, panels);
  ck_assert_uint_eq (panels->len, 1);
  ck_assert (gtk_widget_activate_action (panels->pdata[0], "win.show-error", "s",
                                         "Position: Not connected (NotConnected, error 1031 = 0x407)"));

  end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!has_label_containing (GTK_WIDGET (window), "0x407"))
    {
      ck_assert_msg (g_get_monotonic_time () < end, "no toast; labels: %s", all_labels (GTK_WIDGET (window)));
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

typedef struct
{
  gint64  started;
  gint64  listed;
} AppRun;

static gboolean
check_app_window (gpointer user_data)
{
  AppRun *run = user_data;
  GApplication *app = g_application_get_default ();
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window != NULL && count_widgets (GTK_WIDGET (window), CRIA_TYPE_DEVICE_ROW) == 10)
    {
      run->listed = g_get_monotonic_time ();
      g_application_quit (app);
      return G_SOURCE_REMOVE;
    }
  if (g_get_monotonic_time () - run->started > 10 * G_USEC_PER_SEC)
    {
      g_application_quit (app);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* What `make run` shows: the in-app simulator's ten devices, within a second or two. */
START_TEST (test_app_simulator_shows_devices)
{
  g_autoptr(CriaApplication) app = cria_application_new ();
  char *args[] = { (char *) "cria", (char *) "--simulator", NULL };
  AppRun run = { g_get_monotonic_time (), 0 };
  double seconds;

  g_timeout_add (20, check_app_window, &run);
  ck_assert_int_eq (g_application_run (G_APPLICATION (app), 2, args), 0);

  ck_assert_msg (run.listed != 0, "the simulator's devices did not appear within 10 s");
  seconds = (run.listed - run.started) / (double) G_USEC_PER_SEC;
  g_message ("cria --simulator listed its ten devices after %.2f s", seconds);
  ck_assert_msg (seconds < 3.0, "listing took %.2f s", seconds);
}
END_TEST

int
main (int   argc,
      char *argv[])
{
  Suite *suite = suite_create ("window");
  TCase *tc = tcase_create ("window");
  SRunner *runner;
  int failed;

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_empty_state);
  tcase_add_test (tc, test_sidebar_lists_ten_devices);
  tcase_add_test (tc, test_select_and_connect);
  tcase_add_test (tc, test_unreachable_server_shows_error);
  tcase_add_test (tc, test_remembered_servers_return);
  tcase_add_test (tc, test_simulator_is_not_remembered);
  tcase_add_test (tc, test_panel_error_becomes_toast);
  tcase_add_test (tc, test_add_server_validation);
  tcase_add_test (tc, test_add_unreachable_server_refused);
  tcase_add_test (tc, test_app_simulator_shows_devices);
  tcase_add_test (tc, test_moved_server_found_by_unique_id);
  tcase_add_test (tc, test_close_while_connecting);
  suite_add_tcase (suite, tc);

  runner = srunner_create (suite);
  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
