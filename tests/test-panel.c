/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-panel"

#include <check.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cria-device-panel-private.h"
#include "cria-method-form.h"
#include "cria-sim-server.h"
#include "test-server-util.h"

static CriaSimServer *sim;
static CriaServer *server;
static char *state_dir;
static GtkWidget *window;
static GPtrArray *errors;   /* texts the panel sent to win.show-error */

/* A simulated safety monitor whose IsSafe is not implemented. */
#define TEST_TYPE_BROKEN_MONITOR (test_broken_monitor_get_type ())
G_DECLARE_FINAL_TYPE (TestBrokenMonitor, test_broken_monitor, TEST, BROKEN_MONITOR, CriaSimDevice)

struct _TestBrokenMonitor
{
  CriaSimDevice parent_instance;
};

G_DEFINE_FINAL_TYPE (TestBrokenMonitor, test_broken_monitor, CRIA_TYPE_SIM_DEVICE)

static gboolean
broken_monitor_handle (CriaSimDevice   *self,
                       CriaHttpMethod   method,
                       const char      *member,
                       CriaSimRequest  *request,
                       CriaSimReply    *reply,
                       GError         **error)
{
  g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_NOT_IMPLEMENTED,
               "%s is not implemented by this test device", member);
  return FALSE;
}

static void
test_broken_monitor_class_init (TestBrokenMonitorClass *klass)
{
  CriaSimDeviceClass *device_class = CRIA_SIM_DEVICE_CLASS (klass);

  device_class->handle = broken_monitor_handle;
  cria_sim_device_class_set_device_type (device_class, CRIA_DEVICE_SAFETY_MONITOR);
}

static void
test_broken_monitor_init (TestBrokenMonitor *self)
{
}

/* Fixture. */

static void
show_error_cb (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  g_message ("win.show-error: %s", g_variant_get_string (parameter, NULL));
  g_ptr_array_add (errors, g_variant_dup_string (parameter, NULL));
}

static void
setup (void)
{
  CriaSimOptions options = { .address = "127.0.0.1", .camera_width = 64, .camera_height = 48,
                             .speed = 20 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) action = g_simple_action_new ("show-error", G_VARIANT_TYPE_STRING);

  gtk_init ();
  adw_init ();

  state_dir = g_dir_make_tmp ("cria-panel-XXXXXX", NULL);
  options.state_dir = state_dir;
  sim = cria_sim_server_new (&options);
  ck_assert_ptr_nonnull (cria_sim_server_add_device (sim, TEST_TYPE_BROKEN_MONITOR, 1));
  ck_assert_msg (cria_sim_server_start (sim, &error), "%s", error ? error->message : "");

  server = cria_server_new ("127.0.0.1", cria_sim_server_get_port (sim));
  cria_server_refresh_async (server, NULL, cria_test_store_result, &result);
  result = cria_test_wait_result (&result, 10);
  ck_assert_msg (cria_server_refresh_finish (server, result, &error), "%s",
                 error ? error->message : "");

  errors = g_ptr_array_new_with_free_func (g_free);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 700, 900);
  g_signal_connect (action, "activate", G_CALLBACK (show_error_cb), NULL);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
  gtk_widget_insert_action_group (window, "win", G_ACTION_GROUP (group));
}

static void
teardown (void)
{
  g_autofree char *ini = g_build_filename (state_dir, "simulator.ini", NULL);

  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  window = NULL;
  cria_test_iterate_for (0.1);
  g_clear_object (&server);
  cria_sim_server_stop (sim);
  g_clear_object (&sim);
  g_clear_pointer (&errors, g_ptr_array_unref);
  g_unlink (ini);
  g_rmdir (state_dir);
  g_clear_pointer (&state_dir, g_free);
}

/* Helpers. */

static CriaDevice *
find_device (CriaDeviceType type,
             guint          number)
{
  GListModel *devices = cria_server_get_devices (server);
  guint i;

  for (i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(CriaDevice) device = g_list_model_get_item (devices, i);

      if (cria_device_get_device_type (device) == type && cria_device_get_number (device) == number)
        return device;
    }

  return NULL;
}

static CriaDevicePanel *
show_panel (CriaDevice *device)
{
  GtkWidget *panel = cria_device_panel_new (device);

  gtk_window_set_child (GTK_WINDOW (window), panel);
  gtk_window_present (GTK_WINDOW (window));
  return CRIA_DEVICE_PANEL (panel);
}

typedef gboolean (*Condition) (gpointer data);

/* Runs the main loop until cond holds, for at most seconds. */
static gboolean
wait_for (Condition cond,
          gpointer  data,
          double    seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (!cond (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      cria_test_iterate_for (0.02);
    }
  return TRUE;
}

static gboolean
is_connected (gpointer data)
{
  return cria_device_get_connection_state (data) == CRIA_CONNECTION_CONNECTED;
}

static gboolean
is_disconnected (gpointer data)
{
  return cria_device_get_connection_state (data) == CRIA_CONNECTION_DISCONNECTED;
}

static void
connect_panel (CriaDevicePanel *panel)
{
  CriaDevice *device = cria_device_panel_get_device (panel);

  ck_assert (gtk_widget_activate_action (GTK_WIDGET (panel), "panel.connect", NULL));
  ck_assert_msg (wait_for (is_connected, device, 15), "%s did not connect",
                 cria_device_get_name (device));
}

static GtkWidget *
find_child (GtkWidget *widget,
            GType      type)
{
  GtkWidget *child;

  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_child (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A separate client, as another program would be. */
static JsonNode *
client_call (CriaHttpMethod      method,
             CriaDeviceType      type,
             const char         *member,
             const char * const *params,
             GError            **error)
{
  g_autofree char *url = cria_sim_server_get_url (sim);
  g_autoptr(CriaClient) client = cria_client_new (url);
  g_autoptr(GAsyncResult) result = NULL;

  cria_client_member_async (client, type, 0, method, member, params, 0, NULL,
                            cria_test_store_result, &result);
  result = cria_test_wait_result (&result, 10);
  return cria_client_member_finish (client, result, error);
}

static gboolean
client_get_bool (CriaDeviceType  type,
                 const char     *member)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = client_call (CRIA_HTTP_GET, type, member, NULL, &error);

  ck_assert_msg (value != NULL, "%s: %s", member, error ? error->message : "");
  return json_node_get_boolean (value);
}

static void
client_put (CriaDeviceType      type,
            const char         *member,
            const char * const *params)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = client_call (CRIA_HTTP_PUT, type, member, params, &error);

  ck_assert_msg (error == NULL, "%s: %s", member, error ? error->message : "");
}

typedef struct
{
  CriaPanelSection *section;
  const char       *name;
  const char       *text;
} RowText;

static gboolean
row_has_text (gpointer data)
{
  RowText *row = data;

  return g_strcmp0 (cria_panel_section_get_value_text (row->section, row->name), row->text) == 0;
}

static gboolean
row_has_a_value (gpointer data)
{
  RowText *row = data;
  const char *text = cria_panel_section_get_value_text (row->section, row->name);

  return text != NULL && strcmp (text, "—") != 0;
}

static gboolean
has_errors (gpointer data)
{
  return errors->len > 0;
}

static gboolean
interval_is_half (gpointer data)
{
  return cria_panel_poller_get_interval (data) == 0.5;
}

/* Tests. */

START_TEST (test_connect_and_status)
{
  CriaDevice *device = find_device (CRIA_DEVICE_TELESCOPE, 0);
  g_autoptr(GSettings) settings = NULL;
  CriaDevicePanel *panel;
  CriaPanelSection *status;
  RowText at_park;

  ck_assert_ptr_nonnull (device);
  client_put (CRIA_DEVICE_TELESCOPE, "Connected", (const char *[]) { "Connected", "true", NULL });
  client_put (CRIA_DEVICE_TELESCOPE, "Unpark", NULL);

  panel = show_panel (device);
  ck_assert_str_eq (adw_preferences_row_get_title (
                      ADW_PREFERENCES_ROW (cria_device_panel_get_state_row (panel))),
                    "Disconnected");
  /* Hidden until connected. */
  status = cria_device_panel_get_section (panel, CRIA_SECTION_STATUS);
  ck_assert_ptr_nonnull (status);
  ck_assert (!gtk_widget_get_visible (GTK_WIDGET (status)));
  ck_assert (gtk_widget_get_visible (GTK_WIDGET (cria_device_panel_get_section (
                                                   panel, CRIA_SECTION_INFORMATION))));

  connect_panel (panel);
  ck_assert (gtk_widget_get_visible (GTK_WIDGET (status)));
  at_park = (RowText) { status, "AtPark", "No" };
  ck_assert_msg (wait_for (row_has_text, &at_park, 10), "AtPark shows %s",
                 cria_panel_section_get_value_text (status, "AtPark"));
  at_park.name = "RightAscension";
  ck_assert (wait_for (row_has_a_value, &at_park, 10));
  ck_assert_msg (strchr (cria_panel_section_get_value_text (status, "RightAscension"), ':'),
                 "RA shows %s", cria_panel_section_get_value_text (status, "RightAscension"));

  /* Another program parks the mount; the status row follows. */
  client_put (CRIA_DEVICE_TELESCOPE, "Park", NULL);
  at_park = (RowText) { status, "AtPark", "Yes" };
  ck_assert_msg (wait_for (row_has_text, &at_park, 20), "AtPark still shows %s",
                 cria_panel_section_get_value_text (status, "AtPark"));

  ck_assert_msg (errors->len == 0, "unexpected error: %s",
                 errors->len > 0 ? (char *) errors->pdata[0] : "");
  ck_assert_uint_gt (cria_panel_poller_get_n_cycles (cria_device_panel_get_poller (panel)), 1);

  /* The poll rate follows the preference. */
  settings = g_settings_new ("io.github.cria.Cria");
  g_settings_set_double (settings, "poll-interval", 0.5);
  ck_assert (wait_for (interval_is_half, cria_device_panel_get_poller (panel), 5));

  /* Not visible, not polling. */
  gtk_widget_set_visible (GTK_WIDGET (panel), FALSE);
  ck_assert (!cria_panel_poller_is_running (cria_device_panel_get_poller (panel)));
  gtk_widget_set_visible (GTK_WIDGET (panel), TRUE);
  ck_assert (cria_panel_poller_is_running (cria_device_panel_get_poller (panel)));

  /* Disconnecting hides the live sections again. */
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (panel), "panel.disconnect", NULL));
  ck_assert (wait_for (is_disconnected, device, 10));
  ck_assert (!gtk_widget_get_visible (GTK_WIDGET (status)));
}
END_TEST

static gboolean
tracking_is_on (gpointer data)
{
  return client_get_bool (CRIA_DEVICE_TELESCOPE, "Tracking");
}

START_TEST (test_write_setting)
{
  CriaDevice *device = find_device (CRIA_DEVICE_TELESCOPE, 0);
  CriaDevicePanel *panel = show_panel (device);
  CriaPanelSection *settings;
  GtkWidget *row, *toggle;

  client_put (CRIA_DEVICE_TELESCOPE, "Connected", (const char *[]) { "Connected", "true", NULL });
  client_put (CRIA_DEVICE_TELESCOPE, "Unpark", NULL);
  client_put (CRIA_DEVICE_TELESCOPE, "Tracking", (const char *[]) { "Tracking", "false", NULL });

  connect_panel (panel);
  settings = cria_device_panel_get_section (panel, CRIA_SECTION_SETTINGS);
  ck_assert_ptr_nonnull (settings);
  row = cria_panel_section_get_row (settings, "Tracking");
  ck_assert_ptr_nonnull (row);
  toggle = find_child (row, GTK_TYPE_SWITCH);
  ck_assert_ptr_nonnull (toggle);
  cria_test_iterate_for (1.5);
  ck_assert (!gtk_switch_get_active (GTK_SWITCH (toggle)));

  /* As a click would: the PUT reaches the simulator, and the read-back keeps it on. */
  gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
  ck_assert (wait_for (tracking_is_on, NULL, 10));
  cria_test_iterate_for (1.5);
  ck_assert (gtk_switch_get_active (GTK_SWITCH (toggle)));
  ck_assert (gtk_switch_get_state (GTK_SWITCH (toggle)));
  ck_assert_msg (errors->len == 0, "unexpected error: %s",
                 errors->len > 0 ? (char *) errors->pdata[0] : "");
}
END_TEST

START_TEST (test_device_errors)
{
  CriaDevice *device = find_device (CRIA_DEVICE_TELESCOPE, 0);
  CriaDevicePanel *panel = show_panel (device);
  CriaPanelSection *actions, *settings;
  GtkWidget *row, *button, *spin;
  double before;

  client_put (CRIA_DEVICE_TELESCOPE, "Connected", (const char *[]) { "Connected", "true", NULL });
  client_put (CRIA_DEVICE_TELESCOPE, "Unpark", NULL);
  connect_panel (panel);
  cria_test_iterate_for (1);

  /* A method the device refuses: no target has been set. */
  actions = cria_device_panel_get_section (panel, CRIA_SECTION_ACTIONS);
  row = cria_panel_section_get_row (actions, "SlewToTargetAsync");
  ck_assert_ptr_nonnull (row);
  button = find_child (row, GTK_TYPE_BUTTON);
  ck_assert (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  ck_assert (wait_for (has_errors, NULL, 10));
  ck_assert_msg (strstr (errors->pdata[0], "0x402") != NULL
                 && strstr (errors->pdata[0], "Slew to Target Async") != NULL,
                 "error text: %s", (char *) errors->pdata[0]);
  g_ptr_array_set_size (errors, 0);

  /* An out-of-range setting: the error shows and the row returns to the device's value. */
  settings = cria_device_panel_get_section (panel, CRIA_SECTION_SETTINGS);
  row = cria_panel_section_get_row (settings, "GuideRateDeclination");
  spin = find_child (row, GTK_TYPE_SPIN_BUTTON);
  ck_assert_ptr_nonnull (spin);
  before = gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 9.5);
  ck_assert (wait_for (has_errors, NULL, 10));
  ck_assert_msg (strstr (errors->pdata[0], "0x401") != NULL, "error text: %s",
                 (char *) errors->pdata[0]);
  cria_test_iterate_for (1);
  ck_assert_msg (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)) == before,
                 "the row shows %g, not %g", gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)),
                 before);
}
END_TEST

static void
form_finished_cb (CriaMethodForm *form,
                  const GError   *error,
                  gpointer        user_data)
{
  int *finished = user_data;

  *finished = error == NULL ? 1 : -1;
}

static gboolean
is_set (gpointer data)
{
  return *(int *) data != 0;
}

static gboolean
any_label_contains (GtkWidget  *widget,
                    const char *text)
{
  GtkWidget *child;

  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget)
      && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;
  for (child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (any_label_contains (child, text))
      return TRUE;
  return FALSE;
}

static CriaMethodForm *
form_of (CriaPanelSection *section,
         const char       *name)
{
  GtkWidget *row = cria_panel_section_get_row (section, name);
  GtkWidget *menu;

  ck_assert_msg (row != NULL, "no row %s", name);
  menu = find_child (row, GTK_TYPE_MENU_BUTTON);
  ck_assert_ptr_nonnull (menu);
  /* Not popped up: Xvfb without a window manager has no monitor to place popovers on. */
  return CRIA_METHOD_FORM (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu)));
}

static gboolean
is_slewing (gpointer data)
{
  return client_get_bool (CRIA_DEVICE_TELESCOPE, "Slewing");
}

START_TEST (test_method_form)
{
  CriaDevice *device = find_device (CRIA_DEVICE_TELESCOPE, 0);
  CriaDevicePanel *panel = show_panel (device);
  CriaMethodForm *form;
  CriaValueEditor *axis, *rate;
  int finished = 0;

  client_put (CRIA_DEVICE_TELESCOPE, "Connected", (const char *[]) { "Connected", "true", NULL });
  client_put (CRIA_DEVICE_TELESCOPE, "Unpark", NULL);
  connect_panel (panel);
  cria_test_iterate_for (0.5);

  /* A query with an enumerated parameter; its answer shows in the form. */
  form = form_of (cria_device_panel_get_section (panel, CRIA_SECTION_QUERIES), "AxisRates");
  axis = cria_method_form_get_editor (form, "Axis");
  ck_assert_ptr_nonnull (axis);
  ck_assert_int_eq (cria_value_editor_get_kind (axis), CRIA_EDITOR_CHOICE);
  ck_assert_uint_eq (cria_value_editor_get_n_choices (axis), 3);
  adw_combo_row_set_selected (ADW_COMBO_ROW (cria_value_editor_get_row (axis)), 1);
  g_signal_connect (form, "finished", G_CALLBACK (form_finished_cb), &finished);
  cria_method_form_run (form);
  ck_assert (wait_for (is_set, &finished, 10));
  ck_assert_int_eq (finished, 1);
  ck_assert_msg (any_label_contains (GTK_WIDGET (form), "°/s"), "no axis rates shown");
  gtk_popover_popdown (GTK_POPOVER (form));

  /* A method with parameters reaches the device: move the primary axis. */
  finished = 0;
  form = form_of (cria_device_panel_get_section (panel, CRIA_SECTION_ACTIONS), "MoveAxis");
  rate = cria_method_form_get_editor (form, "Rate");
  ck_assert_int_eq (cria_value_editor_get_kind (rate), CRIA_EDITOR_SPIN);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_child (cria_value_editor_get_row (rate),
                                                          GTK_TYPE_SPIN_BUTTON)), 1);
  g_signal_connect (form, "finished", G_CALLBACK (form_finished_cb), &finished);
  cria_method_form_run (form);
  ck_assert (wait_for (is_set, &finished, 10));
  ck_assert_int_eq (finished, 1);
  ck_assert (wait_for (is_slewing, NULL, 5));
  client_put (CRIA_DEVICE_TELESCOPE, "MoveAxis",
              (const char *[]) { "Axis", "0", "Rate", "0", NULL });

  ck_assert_msg (errors->len == 0, "unexpected error: %s",
                 errors->len > 0 ? (char *) errors->pdata[0] : "");
}
END_TEST

START_TEST (test_not_implemented)
{
  CriaDevice *device = find_device (CRIA_DEVICE_SAFETY_MONITOR, 1);
  CriaDevicePanel *panel;
  CriaPanelSection *status;

  ck_assert_ptr_nonnull (device);
  panel = show_panel (device);
  connect_panel (panel);
  status = cria_device_panel_get_section (panel, CRIA_SECTION_STATUS);
  ck_assert_ptr_nonnull (status);
  cria_test_iterate_for (2.5);

  ck_assert (cria_panel_section_is_unavailable (status, "IsSafe"));
  ck_assert_str_eq (cria_panel_section_get_value_text (status, "IsSafe"), "Not available");
  ck_assert (!gtk_widget_get_sensitive (cria_panel_section_get_row (status, "IsSafe")));
  ck_assert_msg (errors->len == 0, "NotImplemented was reported: %s",
                 errors->len > 0 ? (char *) errors->pdata[0] : "");
}
END_TEST

static void
stuck_handler (SoupServer        *soup,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  GPtrArray *held = user_data;

  /* Never answer: the request stays in flight until the client gives up. */
  soup_server_message_pause (message);
  g_ptr_array_add (held, g_object_ref (message));
}

START_TEST (test_destroy_in_flight)
{
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SoupServer) stuck = NULL;
  g_autoptr(CriaClient) client = NULL;
  g_autoptr(CriaDevice) device = NULL;
  g_autofree char *url = NULL;
  CriaDevicePanel *panel;
  GtkWidget *row, *toggle;
  guint16 port;

  stuck = cria_test_server_new (&port);
  soup_server_add_handler (stuck, NULL, stuck_handler, held, NULL);
  url = cria_test_server_base_url (stuck);
  client = cria_client_new (url);
  device = cria_device_new (client, CRIA_DEVICE_TELESCOPE, 0, "Stuck", "stuck-id");

  panel = show_panel (device);
  g_object_add_weak_pointer (G_OBJECT (panel), (gpointer *) &panel);
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (panel), "panel.connect", NULL));
  cria_test_iterate_for (0.3);
  ck_assert_uint_gt (held->len, 0);
  ck_assert_int_eq (cria_device_get_connection_state (device), CRIA_CONNECTION_CONNECTING);

  gtk_window_destroy (GTK_WINDOW (window));
  window = NULL;
  cria_test_iterate_for (1);
  ck_assert_msg (panel == NULL, "the panel outlived its window");

  /* Against the simulator: destroy right after a write starts. */
  window = gtk_window_new ();
  panel = show_panel (find_device (CRIA_DEVICE_TELESCOPE, 0));
  g_object_add_weak_pointer (G_OBJECT (panel), (gpointer *) &panel);
  connect_panel (panel);
  client_put (CRIA_DEVICE_TELESCOPE, "Unpark", NULL);
  cria_test_iterate_for (0.5);
  row = cria_panel_section_get_row (cria_device_panel_get_section (panel, CRIA_SECTION_SETTINGS),
                                    "Tracking");
  toggle = find_child (row, GTK_TYPE_SWITCH);
  gtk_switch_set_active (GTK_SWITCH (toggle), !gtk_switch_get_active (GTK_SWITCH (toggle)));
  gtk_window_destroy (GTK_WINDOW (window));
  window = NULL;
  cria_test_iterate_for (1);
  ck_assert_msg (panel == NULL, "the panel outlived its window");
}
END_TEST

static gboolean
is_reconnecting (gpointer data)
{
  return cria_device_panel_is_reconnecting (data);
}

static gboolean
is_back (gpointer data)
{
  CriaDevicePanel *panel = data;

  return !cria_device_panel_is_reconnecting (panel)
         && cria_device_get_connection_state (cria_device_panel_get_device (panel))
            == CRIA_CONNECTION_CONNECTED;
}

START_TEST (test_reconnect)
{
  CriaSimOptions options = { .address = "127.0.0.1", .speed = 20 };
  CriaDevice *device = find_device (CRIA_DEVICE_TELESCOPE, 0);
  CriaDevicePanel *panel = show_panel (device);
  g_autoptr(GError) error = NULL;
  AdwActionRow *state_row = cria_device_panel_get_state_row (panel);
  guint16 port = cria_sim_server_get_port (sim);

  connect_panel (panel);
  cria_test_iterate_for (0.5);

  /* The server goes away: the panel notices from its polls and keeps retrying. */
  cria_sim_server_stop (sim);
  g_clear_object (&sim);
  ck_assert (wait_for (is_reconnecting, panel, 10));
  ck_assert_str_eq (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (state_row)),
                    "Connection Lost");
  ck_assert (gtk_widget_get_visible (GTK_WIDGET (cria_device_panel_get_section (
                                                   panel, CRIA_SECTION_STATUS))));
  cria_test_iterate_for (3.5);
  ck_assert (cria_device_panel_is_reconnecting (panel));
  ck_assert_msg (strstr (adw_action_row_get_subtitle (state_row), "retrying in") != NULL
                 || strstr (adw_action_row_get_subtitle (state_row), "reconnecting") != NULL,
                 "subtitle: %s", adw_action_row_get_subtitle (state_row));
  /* Reported once, however many retries fail. */
  ck_assert_uint_eq (errors->len, 1);
  ck_assert_msg (strstr (errors->pdata[0], "Connection lost") != NULL, "%s",
                 (char *) errors->pdata[0]);

  /* It comes back on the same port; Reconnect retries at once instead of waiting. */
  options.port = port;
  options.state_dir = state_dir;
  sim = cria_sim_server_new (&options);
  ck_assert_msg (cria_sim_server_start (sim, &error), "%s", error ? error->message : "");
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (panel), "panel.reconnect", NULL));
  ck_assert (wait_for (is_back, panel, 5));
  ck_assert_str_eq (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (state_row)), "Connected");
  ck_assert (cria_panel_poller_is_running (cria_device_panel_get_poller (panel)));
  ck_assert_uint_eq (errors->len, 1);
}
END_TEST

START_TEST (test_every_type)
{
  CriaDeviceType type = _i;
  CriaDevice *device = find_device (type, 0);
  CriaDevicePanel *panel;
  CriaPanelSection *section;

  /* The simulator has all ten types; a missing one is a failure, not a skip. */
  ck_assert_msg (device != NULL, "the simulator has no %s", cria_device_type_to_string (type));

  panel = show_panel (device);
  connect_panel (panel);
  cria_test_iterate_for (2);

  ck_assert_msg (errors->len == 0, "%s: %s", cria_device_type_to_string (type),
                 errors->len > 0 ? (char *) errors->pdata[0] : "");
  section = cria_device_panel_get_section (panel, CRIA_SECTION_INFORMATION);
  ck_assert_ptr_nonnull (section);
  ck_assert_str_ne (cria_panel_section_get_value_text (section, "DriverVersion"), "—");
  ck_assert_uint_gt (cria_panel_poller_get_n_cycles (cria_device_panel_get_poller (panel)), 0);
}
END_TEST

static void
add_case (Suite        *suite,
          const char   *name,
          const TTest  *test,
          int           loop_end)
{
  TCase *tcase = tcase_create (name);

  tcase_add_checked_fixture (tcase, setup, teardown);
  tcase_set_timeout (tcase, 120);
  tcase_add_loop_test (tcase, test, 0, loop_end);
  suite_add_tcase (suite, tcase);
}

/* One case per test, so that CK_RUN_CASE=write runs one of them. */
static Suite *
panel_suite (void)
{
  Suite *suite = suite_create ("panel");

  add_case (suite, "status", test_connect_and_status, 1);
  add_case (suite, "write", test_write_setting, 1);
  add_case (suite, "errors", test_device_errors, 1);
  add_case (suite, "form", test_method_form, 1);
  add_case (suite, "not-implemented", test_not_implemented, 1);
  add_case (suite, "destroy", test_destroy_in_flight, 1);
  add_case (suite, "reconnect", test_reconnect, 1);
  add_case (suite, "every-type", test_every_type, CRIA_N_DEVICE_TYPES);

  return suite;
}

int
main (void)
{
  SRunner *runner = srunner_create (panel_suite ());
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);

  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
