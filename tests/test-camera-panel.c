/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-camera-panel"

#include <check.h>
#include <fitsio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cria-camera-panel-private.h"
#include "cria-sim-server.h"
#include "test-server-util.h"

static CriaSimServer *sim;
static CriaServer *server;
static char *state_dir;
static GtkWidget *window;
static GPtrArray *errors;   /* texts the panel sent to win.show-error */
static GPtrArray *toasts;   /* texts the panel sent to win.show-toast */

static void
show_error_cb (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  g_message ("win.show-error: %s", g_variant_get_string (parameter, NULL));
  g_ptr_array_add (errors, g_variant_dup_string (parameter, NULL));
}

static void
show_toast_cb (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  g_message ("win.show-toast: %s", g_variant_get_string (parameter, NULL));
  g_ptr_array_add (toasts, g_variant_dup_string (parameter, NULL));
}

static void
start_sim (guint width,
           guint height)
{
  CriaSimOptions options = { .address = "127.0.0.1", .camera_width = width,
                             .camera_height = height, .sensor = CRIA_SIM_SENSOR_RGGB,
                             .speed = 20 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  options.state_dir = state_dir;
  sim = cria_sim_server_new (&options);
  ck_assert_msg (cria_sim_server_start (sim, &error), "%s", error ? error->message : "");

  server = cria_server_new ("127.0.0.1", cria_sim_server_get_port (sim));
  cria_server_refresh_async (server, NULL, cria_test_store_result, &result);
  result = cria_test_wait_result (&result, 10);
  ck_assert_msg (cria_server_refresh_finish (server, result, &error), "%s",
                 error ? error->message : "");
}

static void
setup (void)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) action = g_simple_action_new ("show-error", G_VARIANT_TYPE_STRING);
  g_autoptr(GSimpleAction) toast = g_simple_action_new ("show-toast", G_VARIANT_TYPE_STRING);

  gtk_init ();
  adw_init ();

  state_dir = g_dir_make_tmp ("cria-camera-panel-XXXXXX", NULL);
  errors = g_ptr_array_new_with_free_func (g_free);
  toasts = g_ptr_array_new_with_free_func (g_free);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  g_signal_connect (action, "activate", G_CALLBACK (show_error_cb), NULL);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
  g_signal_connect (toast, "activate", G_CALLBACK (show_toast_cb), NULL);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (toast));
  gtk_widget_insert_action_group (window, "win", G_ACTION_GROUP (group));
}

static void
teardown (void)
{
  g_autofree char *ini = g_build_filename (state_dir, "simulator.ini", NULL);

  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  window = NULL;
  cria_test_iterate_for (0.2);
  g_clear_object (&server);
  if (sim != NULL)
    cria_sim_server_stop (sim);
  g_clear_object (&sim);
  g_clear_pointer (&errors, g_ptr_array_unref);
  g_clear_pointer (&toasts, g_ptr_array_unref);
  g_unlink (ini);
  g_rmdir (state_dir);
  g_clear_pointer (&state_dir, g_free);
}

/* Helpers. */

typedef gboolean (*Condition) (gpointer data);

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

static CriaDevice *
find_device (CriaDeviceType type)
{
  GListModel *devices = cria_server_get_devices (server);
  guint i;

  for (i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(CriaDevice) device = g_list_model_get_item (devices, i);

      if (cria_device_get_device_type (device) == type && cria_device_get_number (device) == 0)
        return device;
    }
  return NULL;
}

static gboolean
is_connected (gpointer data)
{
  return cria_device_get_connection_state (data) == CRIA_CONNECTION_CONNECTED;
}

static void
connect_device (CriaDevice *device)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  cria_device_connect_async (device, NULL, cria_test_store_result, &result);
  result = cria_test_wait_result (&result, 15);
  ck_assert_msg (cria_device_connect_finish (device, result, &error), "%s",
                 error ? error->message : "");
}

/* The camera's panel in the window, connected. */
static CriaCameraPanel *
show_camera_panel (void)
{
  CriaDevice *camera = find_device (CRIA_DEVICE_CAMERA);
  GtkWidget *panel;

  ck_assert_ptr_nonnull (camera);
  panel = cria_device_panel_new (camera);
  ck_assert_msg (CRIA_IS_CAMERA_PANEL (panel), "a camera gets the camera panel");
  gtk_window_set_child (GTK_WINDOW (window), panel);
  gtk_window_present (GTK_WINDOW (window));

  ck_assert (gtk_widget_activate_action (panel, "panel.connect", NULL));
  ck_assert_msg (wait_for (is_connected, camera, 15), "the camera did not connect");
  return CRIA_CAMERA_PANEL (panel);
}

static guint64
frames_shown (CriaCameraPanel *panel)
{
  CriaPreviewTimings timings;

  cria_preview_get_timings (cria_camera_panel_get_preview (panel), &timings);
  return timings.frames_shown;
}

static guint64
frames_downloaded (CriaCameraPanel *panel)
{
  CriaCaptureStats stats;

  cria_capture_get_stats (cria_camera_panel_get_capture (panel), &stats);
  return stats.frames;
}

static gboolean
has_picture (gpointer data)
{
  GdkPaintable *paintable = cria_preview_get_paintable (cria_camera_panel_get_preview (data));

  return gdk_paintable_get_intrinsic_width (paintable) > 0;
}

typedef struct
{
  CriaCameraPanel *panel;
  guint64          count;
} Count;

static gboolean
shown_more (gpointer data)
{
  Count *count = data;

  return frames_shown (count->panel) > count->count;
}

static gboolean
not_running (gpointer data)
{
  return !cria_capture_get_running (cria_camera_panel_get_capture (data));
}

static void
start_live (CriaCameraPanel *panel,
            double           exposure)
{
  cria_camera_controls_set_exposure (cria_camera_panel_get_controls (panel), exposure);
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (panel), "camera.toggle-live", NULL));
  ck_assert (cria_camera_panel_get_live (panel));
  ck_assert_msg (wait_for (has_picture, panel, 30), "no frame reached the preview");
}

/* What pressing Space does: the panel's shortcut for it, run as GTK would run it. */
static gboolean
press_space (CriaCameraPanel *panel)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (panel));
  guint i, j;

  for (i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger)
              && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == GDK_KEY_space
              && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                 GTK_WIDGET (panel), NULL);
        }
    }
  return FALSE;
}

/* A separate client's GET, as another program would make it. */
static char *
last_exposure_start (void)
{
  g_autofree char *url = cria_sim_server_get_url (sim);
  g_autoptr(CriaClient) client = cria_client_new (url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;

  cria_client_member_async (client, CRIA_DEVICE_CAMERA, 0, CRIA_HTTP_GET,
                            "LastExposureStartTime", NULL, 0, NULL, cria_test_store_result,
                            &result);
  result = cria_test_wait_result (&result, 10);
  value = cria_client_member_finish (client, result, &error);
  ck_assert_msg (value != NULL, "%s", error ? error->message : "");
  return g_strdup (json_node_get_string (value));
}

/* Tests. */

/* Live view: frames reach the preview, the status line counts them, and a stop really
 * stops the camera. */
START_TEST (test_live_and_stop)
{
  CriaCameraPanel *panel;
  CriaCameraStatus *status;
  g_autofree char *rate = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  Count count;
  guint64 downloaded;

  start_sim (640, 480);
  panel = show_camera_panel ();
  status = cria_camera_panel_get_status (panel);
  ck_assert_str_eq (cria_camera_status_get_rate_text (status), "Live view off");

  start_live (panel, 0.01);
  count.panel = panel;
  count.count = frames_shown (panel);
  ck_assert_msg (wait_for (shown_more, &count, 20), "the live view did not go on");
  cria_camera_status_refresh (status);
  rate = g_strdup (cria_camera_status_get_rate_text (status));
  ck_assert_msg (strstr (rate, "fps") != NULL, "status: %s", rate);
  ck_assert_msg (strstr (cria_camera_status_get_timings_text (status), "Download") != NULL,
                 "timings: %s", cria_camera_status_get_timings_text (status));
  count.count = frames_shown (panel) + 2;
  ck_assert (wait_for (shown_more, &count, 20));
  cria_camera_status_refresh (status);
  ck_assert_msg (g_strcmp0 (rate, cria_camera_status_get_rate_text (status)) != 0,
                 "the frame count did not move: %s", rate);

  /* The pixel under the pointer: the raw value and its CFA colour. */
  cria_camera_status_set_pointer (status, 0, 0);
  ck_assert_msg (g_str_has_prefix (cria_camera_status_get_pixel_text (status), "0, 0: R "),
                 "pixel: %s", cria_camera_status_get_pixel_text (status));
  cria_camera_status_set_pointer (status, 1, 0);
  ck_assert_msg (g_str_has_prefix (cria_camera_status_get_pixel_text (status), "1, 0: G "),
                 "pixel: %s", cria_camera_status_get_pixel_text (status));

  /* Stop with Space: once wound down, no exposure starts any more. */
  ck_assert_msg (press_space (panel), "Space did nothing");
  ck_assert_msg (wait_for (not_running, panel, 15), "the capture did not wind down");
  ck_assert (!cria_camera_panel_get_live (panel));
  downloaded = frames_downloaded (panel);
  before = last_exposure_start ();
  cria_test_iterate_for (1.0);
  after = last_exposure_start ();
  ck_assert_str_eq (before, after);
  ck_assert_uint_eq (frames_downloaded (panel), downloaded);
  ck_assert_msg (g_str_has_prefix (cria_camera_status_get_rate_text (status), "Stopped"),
                 "status: %s", cria_camera_status_get_rate_text (status));
  ck_assert_uint_eq (errors->len, 0);
}
END_TEST

typedef struct
{
  CriaCameraPanel *panel;
  guint            width;
  double           exposure;
} Geometry;

static gboolean
frame_matches (gpointer data)
{
  Geometry *geometry = data;
  CriaFrame *frame = geometry->panel->last_frame;

  return frame != NULL && frame->width == geometry->width
         && (geometry->exposure <= 0 || frame->info.exposure == geometry->exposure);
}

static gboolean
can_bin (gpointer data)
{
  cria_camera_controls_set_binning (cria_camera_panel_get_controls (data), 2);
  return cria_camera_controls_get_binning (cria_camera_panel_get_controls (data)) == 2;
}

/* Settings changed during the live view apply to later frames. */
START_TEST (test_settings_apply)
{
  CriaCameraPanel *panel;
  Geometry geometry;

  start_sim (640, 480);
  panel = show_camera_panel ();
  start_live (panel, 0.01);
  geometry.panel = panel;
  geometry.width = 640;
  geometry.exposure = 0.01;
  ck_assert (wait_for (frame_matches, &geometry, 20));

  /* Binning waits for MaxBinX to be read by the panel's poll. */
  ck_assert_msg (wait_for (can_bin, panel, 20), "binning 2 was never offered");
  geometry.width = 320;
  ck_assert_msg (wait_for (frame_matches, &geometry, 20), "no 320-pixel frame after bin 2");
  ck_assert_uint_eq (panel->last_frame->height, 240);
  ck_assert_uint_eq (panel->last_frame->info.bin_x, 2);

  cria_camera_controls_set_exposure (cria_camera_panel_get_controls (panel), 0.02);
  geometry.exposure = 0.02;
  ck_assert_msg (wait_for (frame_matches, &geometry, 20), "the new exposure never applied");

  /* A subframe drawn on the picture (in the binned frame's pixels), then the full frame. */
  g_signal_emit_by_name (cria_camera_panel_get_image_view (panel), "subframe-selected",
                         10, 20, 100, 60);
  geometry.width = 100;
  geometry.exposure = 0;
  ck_assert_msg (wait_for (frame_matches, &geometry, 20), "the subframe never applied");
  ck_assert_uint_eq (panel->last_frame->height, 60);
  ck_assert_uint_eq (panel->last_frame->info.start_x, 10);
  ck_assert_uint_eq (panel->last_frame->info.start_y, 20);
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (panel), "camera.full-frame", NULL));
  geometry.width = 320;
  ck_assert_msg (wait_for (frame_matches, &geometry, 20), "the full frame never came back");
  ck_assert_uint_eq (errors->len, 0);
}
END_TEST

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
count_frame_cb (CriaCapture *capture,
                CriaFrame   *frame,
                gpointer     timing,
                guint       *count)
{
  (*count)++;
}

static gboolean
count_at_least (gpointer data)
{
  return *(guint *) data >= 2;
}

/* Closing the window while frames are being downloaded: everything stops, the preview
 * pipeline is released, and nothing calls back into the dead panel. */
START_TEST (test_close_mid_download)
{
  CriaCameraPanel *panel;
  gpointer weak_panel, weak_preview, weak_capture;
  CriaCapture *capture;
  guint count = 0;

  start_sim (3000, 2000);
  panel = show_camera_panel ();
  capture = cria_camera_panel_get_capture (panel);
  g_signal_connect (capture, "frame", G_CALLBACK (count_frame_cb), &count);
  start_live (panel, 0.001);
  ck_assert (wait_for (count_at_least, &count, 30));

  weak_panel = panel;
  weak_preview = cria_camera_panel_get_preview (panel);
  weak_capture = capture;
  g_object_add_weak_pointer (G_OBJECT (panel), &weak_panel);
  g_object_add_weak_pointer (G_OBJECT (weak_preview), &weak_preview);
  g_object_add_weak_pointer (G_OBJECT (capture), &weak_capture);

  /* Right after a frame the next one is on its way (the camera exposes 1 ms). */
  cria_test_iterate_for (0.03);
  gtk_window_destroy (GTK_WINDOW (window));
  window = NULL;
  cria_test_iterate_for (1.0);

  ck_assert_msg (weak_panel == NULL, "the panel outlived its window");
  ck_assert_msg (wait_for (is_null, &weak_preview, 5), "the preview was not released");
  ck_assert_msg (wait_for (is_null, &weak_capture, 10), "the capture was not released");
  ck_assert_uint_eq (errors->len, 0);
}
END_TEST

/* The row titled title inside widget, and the first widget of type inside that row. */
static GtkWidget *
find_in_row (GtkWidget  *widget,
             const char *title,
             GType       type)
{
  GtkWidget *child;

  if (ADW_IS_PREFERENCES_ROW (widget)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    {
      GPtrArray *stack = g_ptr_array_new ();
      GtkWidget *found = NULL;

      g_ptr_array_add (stack, widget);
      while (stack->len > 0 && found == NULL)
        {
          GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

          if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
            found = w;
          for (child = gtk_widget_get_first_child (w); child != NULL;
               child = gtk_widget_get_next_sibling (child))
            g_ptr_array_add (stack, child);
        }
      g_ptr_array_unref (stack);
      return found;
    }

  for (child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_in_row (child, title, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static JsonNode *
client_get (const char *member)
{
  g_autofree char *url = cria_sim_server_get_url (sim);
  g_autoptr(CriaClient) client = cria_client_new (url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *value;

  cria_client_member_async (client, CRIA_DEVICE_CAMERA, 0, CRIA_HTTP_GET, member, NULL, 0, NULL,
                            cria_test_store_result, &result);
  result = cria_test_wait_result (&result, 10);
  value = cria_client_member_finish (client, result, &error);
  ck_assert_msg (value != NULL, "%s", error ? error->message : "");
  return value;
}

static gboolean
cooler_is_on (gpointer data)
{
  g_autoptr(JsonNode) value = client_get ("CoolerOn");

  return json_node_get_boolean (value);
}

static gboolean
setpoint_is (gpointer data)
{
  g_autoptr(JsonNode) value = client_get ("SetCCDTemperature");

  return json_node_get_double (value) == *(double *) data;
}

static gboolean
row_visible (gpointer data)
{
  return data != NULL && gtk_widget_is_visible (data);
}

/* The cooler is written to the camera at once, live view or not. */
START_TEST (test_cooler)
{
  CriaCameraPanel *panel;
  GtkWidget *controls;
  GtkWidget *cooler, *setpoint;
  double target = -5.0;

  start_sim (320, 240);
  panel = show_camera_panel ();
  controls = GTK_WIDGET (panel);
  cooler = find_in_row (controls, "Cooler", GTK_TYPE_SWITCH);
  setpoint = find_in_row (controls, "Target Temperature", GTK_TYPE_SPIN_BUTTON);
  ck_assert_ptr_nonnull (cooler);
  ck_assert_ptr_nonnull (setpoint);
  ck_assert_msg (wait_for (row_visible, cooler, 20), "the cooler was never shown");
  ck_assert_msg (wait_for (row_visible, setpoint, 20), "the set-point was never shown");

  gtk_switch_set_active (GTK_SWITCH (cooler), TRUE);
  ck_assert_msg (wait_for (cooler_is_on, NULL, 10), "CoolerOn was not written");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (setpoint), target);
  ck_assert_msg (wait_for (setpoint_is, &target, 10), "SetCCDTemperature was not written");
  ck_assert_uint_eq (errors->len, 0);
}
END_TEST

/* Closing while the camera is still connecting: the generic panel cancels the connect,
 * and nothing of that reaches the camera panel's widgets. */
START_TEST (test_close_while_connecting)
{
  CriaDevice *camera;
  GtkWidget *panel;
  gpointer weak_panel;

  start_sim (320, 240);
  camera = find_device (CRIA_DEVICE_CAMERA);
  panel = cria_device_panel_new (camera);
  gtk_window_set_child (GTK_WINDOW (window), panel);
  gtk_window_present (GTK_WINDOW (window));
  ck_assert (gtk_widget_activate_action (panel, "panel.connect", NULL));
  weak_panel = panel;
  g_object_add_weak_pointer (G_OBJECT (panel), &weak_panel);

  gtk_window_destroy (GTK_WINDOW (window));
  window = NULL;
  cria_test_iterate_for (1.0);
  ck_assert_msg (weak_panel == NULL, "the panel outlived its window");
  ck_assert_uint_eq (errors->len, 0);
}
END_TEST

/* A snapshot of the raw frame, with the devices beside the camera in its header. */
START_TEST (test_snapshot_fits)
{
  CriaCameraPanel *panel;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  fitsfile *fits = NULL;
  int status = 0;
  char value[FLEN_VALUE], comment[FLEN_COMMENT];
  double exptime = 0;
  long focus = -1, naxis1 = 0;

  start_sim (640, 480);
  connect_device (find_device (CRIA_DEVICE_FOCUSER));
  connect_device (find_device (CRIA_DEVICE_FILTER_WHEEL));
  connect_device (find_device (CRIA_DEVICE_TELESCOPE));
  panel = show_camera_panel ();

  /* Nothing to save before the first frame. */
  path = g_build_filename (state_dir, "snapshot.fits", NULL);
  file = g_file_new_for_path (path);
  cria_camera_panel_save_async (panel, CRIA_CAMERA_SAVE_FITS, file, NULL,
                                cria_test_store_result, &result);
  result = cria_test_wait_result (&result, 10);
  ck_assert (!cria_camera_panel_save_finish (panel, result, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND));
  g_clear_error (&error);
  g_clear_object (&result);

  start_live (panel, 0.02);
  cria_camera_panel_save_async (panel, CRIA_CAMERA_SAVE_FITS, file, NULL,
                                cria_test_store_result, &result);
  result = cria_test_wait_result (&result, 30);
  ck_assert_msg (cria_camera_panel_save_finish (panel, result, &error), "%s",
                 error ? error->message : "");

  ck_assert_msg (fits_open_file (&fits, path, READONLY, &status) == 0, "cfitsio %d", status);
  fits_read_key (fits, TDOUBLE, "EXPTIME", &exptime, comment, &status);
  ck_assert_int_eq (status, 0);
  ck_assert_double_eq_tol (exptime, 0.02, 1e-9);
  fits_read_key (fits, TSTRING, "ROWORDER", value, comment, &status);
  ck_assert_int_eq (status, 0);
  ck_assert_str_eq (value, "TOP-DOWN");
  fits_read_key (fits, TLONG, "NAXIS1", &naxis1, comment, &status);
  ck_assert_int_eq (status, 0);
  ck_assert_int_eq (naxis1, 640);
  fits_read_key (fits, TLONG, "FOCUSPOS", &focus, comment, &status);
  ck_assert_msg (status == 0, "FOCUSPOS missing: cfitsio %d", status);
  ck_assert_int_ge (focus, 0);
  fits_read_key (fits, TSTRING, "FILTER", value, comment, &status);
  ck_assert_msg (status == 0, "FILTER missing: cfitsio %d", status);
  ck_assert_int_gt (strlen (value), 0);
  fits_read_key (fits, TDOUBLE, "RA", &exptime, comment, &status);
  ck_assert_msg (status == 0, "RA missing: cfitsio %d", status);
  fits_read_key (fits, TDOUBLE, "DEC", &exptime, comment, &status);
  ck_assert_msg (status == 0, "DEC missing: cfitsio %d", status);
  fits_close_file (fits, &status);
  g_unlink (path);
  ck_assert_uint_eq (errors->len, 0);
}
END_TEST

static gboolean
has_toasts (gpointer data)
{
  return toasts->len >= GPOINTER_TO_UINT (data);
}

static gboolean
is_recording (gpointer data)
{
  CriaCameraPanel *panel = data;

  return cria_camera_panel_get_recorder (panel) != NULL || panel->raw_recorder != NULL;
}

static goffset
file_size (const char *path)
{
  GStatBuf buf;

  return g_stat (path, &buf) == 0 ? (goffset) buf.st_size : -1;
}

/* Recording the view as video and the raw frames as SER and FITS: each file is complete
 * when the recording's stop says so. */
START_TEST (test_recording)
{
  static const char * const formats[] = { "webm", "ser", "fits" };
  CriaCameraPanel *panel;
  guint i;

  start_sim (320, 240);
  panel = show_camera_panel ();
  start_live (panel, 0.01);

  for (i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strdup_printf ("recording.%s", formats[i]);
      g_autofree char *path = g_build_filename (state_dir, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autofree char *first = NULL;

      ck_assert (gtk_widget_activate_action (GTK_WIDGET (panel), "camera.record-format", "s",
                                             formats[i]));
      cria_camera_panel_start_recording (panel, file);
      ck_assert_msg (wait_for (is_recording, panel, 10), "%s recording did not start", formats[i]);
      cria_test_iterate_for (1.0);
      /* The record button's action stops it. */
      ck_assert (gtk_widget_activate_action (GTK_WIDGET (panel), "camera.recording", NULL));
      ck_assert (!is_recording (panel));
      ck_assert_msg (wait_for (has_toasts, GUINT_TO_POINTER (i + 1), 30), "%s never finished",
                     formats[i]);
      ck_assert_msg (strstr (g_ptr_array_index (toasts, i), name) != NULL, "toast: %s",
                     (char *) g_ptr_array_index (toasts, i));

      if (g_str_equal (formats[i], "fits"))
        {
          g_autoptr(GFile) numbered = cria_raw_recorder_sequence_file (file, 1);

          first = g_file_get_path (numbered);
          ck_assert_int_gt (file_size (first), 2880);
          g_unlink (first);
        }
      else
        {
          /* More than the SER header or a video's first bytes. */
          ck_assert_int_gt (file_size (path), 4096);
          g_unlink (path);
        }
    }
  ck_assert_uint_eq (errors->len, 0);
}
END_TEST

/* How long the main loop goes without turning during a live view of large frames. */
START_TEST (test_main_loop_stalls)
{
  CriaCameraPanel *panel;
  CriaStallMeter *meter;
  CriaCaptureStats stats;
  guint64 shown;

  start_sim (3000, 2000);
  panel = show_camera_panel ();
  meter = cria_camera_panel_get_stall_meter (panel);
  start_live (panel, 0.001);
  shown = frames_shown (panel);

  /* Measure from the first frame on: connecting and the first layout are not live view. */
  cria_stall_meter_reset (meter);
  cria_test_iterate_for (3.0);
  cria_capture_get_stats (cria_camera_panel_get_capture (panel), &stats);

  g_message ("3000×2000 live view for 3 s: %.1f fps, %" G_GUINT64_FORMAT " frames shown; "
             "main loop: worst stall %.1f ms, 99th percentile %.1f ms, %" G_GUINT64_FORMAT
             " samples", stats.fps, frames_shown (panel) - shown,
             cria_stall_meter_get_max_ms (meter), cria_stall_meter_get_percentile (meter, 0.99),
             cria_stall_meter_get_n_samples (meter));
  ck_assert_uint_gt (frames_shown (panel), shown);
  ck_assert_uint_gt (cria_stall_meter_get_n_samples (meter), 0);
  ck_assert_double_lt (cria_stall_meter_get_max_ms (meter), 250.0);
  ck_assert_uint_eq (errors->len, 0);
}
END_TEST

/* The stall meter notices a busy main loop. */
static gboolean
block_cb (gpointer user_data)
{
  g_usleep (120 * 1000);
  return G_SOURCE_REMOVE;
}

START_TEST (test_stall_meter)
{
  g_autoptr(CriaStallMeter) meter = cria_stall_meter_new ();

  cria_stall_meter_start (meter);
  cria_test_iterate_for (0.2);
  g_timeout_add (10, block_cb, NULL);
  cria_test_iterate_for (0.3);
  cria_stall_meter_stop (meter);

  ck_assert_uint_gt (cria_stall_meter_get_n_samples (meter), 10);
  ck_assert_double_ge (cria_stall_meter_get_max_ms (meter), 100.0);
  ck_assert_double_lt (cria_stall_meter_get_percentile (meter, 0.5), 100.0);
  cria_stall_meter_reset (meter);
  ck_assert_uint_eq (cria_stall_meter_get_n_samples (meter), 0);
}
END_TEST

static Suite *
camera_panel_suite (void)
{
  Suite *suite = suite_create ("camera-panel");
  TCase *tcase = tcase_create ("camera-panel");

  tcase_add_checked_fixture (tcase, setup, teardown);
  tcase_set_timeout (tcase, 120);
  tcase_add_test (tcase, test_stall_meter);
  tcase_add_test (tcase, test_live_and_stop);
  tcase_add_test (tcase, test_settings_apply);
  tcase_add_test (tcase, test_close_mid_download);
  tcase_add_test (tcase, test_close_while_connecting);
  tcase_add_test (tcase, test_cooler);
  tcase_add_test (tcase, test_snapshot_fits);
  tcase_add_test (tcase, test_recording);
  tcase_add_test (tcase, test_main_loop_stalls);
  suite_add_tcase (suite, tcase);
  return suite;
}

int
main (void)
{
  SRunner *runner = srunner_create (camera_panel_suite ());
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
