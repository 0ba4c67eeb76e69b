/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "camera-panel-demo"

/* Shows the camera panel against the in-process simulator, connected and live, to look
 * at it (not installed):
 *   camera-panel-demo [--size WxH] [--mono] [--exposure SECONDS] [--speed N]
 *                     [--zoom fit|1|2|4] [--reticle] [--page camera|details] [--manual]
 *                     [--scroll PIXELS] [--window WxH] [--offline] [--outline] [--fast]
 *                     [--idle] [--url http://127.0.0.1:PORT] [--interval]
 * Every few seconds it prints the frame rate and the main loop's worst stall. Errors sent
 * to win.show-error appear as toasts. The simulator listens on 127.0.0.1 only. With --url
 * it uses a simulator already running there instead (such as cria-sim), so that rendering
 * the frames does not compete with the user interface inside one process. With --interval
 * each report covers only the time since the previous one, leaving out start-up. */

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "cria-camera-panel-private.h"
#include "cria-sim-server.h"

static AdwToastOverlay *overlay;
static CriaCameraPanel *panel;
static const char *zoom = "fit";
static gboolean reticle;
static gboolean manual;
static const char *page;
static double scroll_to;
static gboolean offline;
static gboolean draw;
static gboolean fast;
static gboolean idle;
static const char *url;
static gboolean interval;
static guint n_paints;
static gint64 paints_since;

static void
toast_cb (GSimpleAction *action,
          GVariant      *parameter,
          gpointer       user_data)
{
  AdwToast *toast = adw_toast_new (g_variant_get_string (parameter, NULL));

  g_printerr ("%s: %s\n", g_action_get_name (G_ACTION (action)),
              g_variant_get_string (parameter, NULL));
  adw_toast_set_timeout (toast, 10);
  adw_toast_overlay_add_toast (overlay, toast);
}

static void
refreshed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;

  *done = TRUE;
}

static gboolean
report_cb (gpointer user_data)
{

  CriaCaptureStats stats;
  CriaPreviewTimings timings;
  CriaStallMeter *meter = cria_camera_panel_get_stall_meter (panel);

  cria_capture_get_stats (cria_camera_panel_get_capture (panel), &stats);
  cria_preview_get_timings (cria_camera_panel_get_preview (panel), &timings);
  g_print ("fps %.1f, frames %" G_GUINT64_FORMAT " downloaded, %" G_GUINT64_FORMAT
           " shown, %" G_GUINT64_FORMAT " dropped; main loop: worst stall %.1f ms, "
           "99th percentile %.1f ms (%" G_GUINT64_FORMAT " samples)\n",
           stats.fps, stats.frames, timings.frames_shown, stats.dropped,
           cria_stall_meter_get_max_ms (meter), cria_stall_meter_get_percentile (meter, 0.99),
           cria_stall_meter_get_n_samples (meter));
  g_print ("  %s\n", cria_camera_status_get_timings_text (cria_camera_panel_get_status (panel)));
  /* Frame clock cycles, each ending in after-paint; not every one has damage to render. */
  g_print ("  %.1f frame clock cycles/s\n",
           n_paints * 1e6 / MAX (g_get_monotonic_time () - paints_since, 1));
  n_paints = 0;
  paints_since = g_get_monotonic_time ();
  if (interval)
    cria_stall_meter_reset (meter);
  return G_SOURCE_CONTINUE;
}

static gboolean
scroll_cb (gpointer user_data)
{
  GtkWidget *controls = GTK_WIDGET (cria_camera_panel_get_controls (panel));
  GtkWidget *scrolled = gtk_widget_get_ancestor (controls, GTK_TYPE_SCROLLED_WINDOW);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                            scroll_to);
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  n_paints++;
}

static gboolean
go_live_cb (gpointer user_data)
{
  CriaDevice *device = cria_device_panel_get_device (CRIA_DEVICE_PANEL (panel));

  if (cria_device_get_connection_state (device) != CRIA_CONNECTION_CONNECTED)
    return G_SOURCE_CONTINUE;

  if (fast)
    cria_capture_set_readout_mode (cria_camera_panel_get_capture (panel), 1);
  if (!idle)
    gtk_widget_activate_action (GTK_WIDGET (panel), "camera.toggle-live", NULL);
  gtk_widget_activate_action (GTK_WIDGET (panel), "camera.zoom", "s", zoom);
  if (reticle)
    gtk_widget_activate_action (GTK_WIDGET (panel), "camera.show-reticle", NULL);
  if (manual)
    {
      CriaPreview *preview = cria_camera_panel_get_preview (panel);

      cria_preview_set_manual_stretch (preview, 0.02, 0.1, 0.6);
      cria_preview_set_stretch_mode (preview, CRIA_STRETCH_MODE_MANUAL);
    }
  if (page != NULL)
    {
      GtkWidget *stack = GTK_WIDGET (panel->side_stack);

      adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), page);
    }
  if (scroll_to > 0)
    g_timeout_add_seconds (3, scroll_cb, NULL);
  if (draw)
    {
      GdkRectangle outline = { 100, 80, 200, 150 };

      cria_image_view_set_subframe (cria_camera_panel_get_image_view (panel), &outline);
    }
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (panel)), "after-paint",
                    G_CALLBACK (after_paint_cb), NULL);
  paints_since = g_get_monotonic_time ();
  g_timeout_add_seconds (2, report_cb, NULL);
  return G_SOURCE_REMOVE;
}

static void
destroy_cb (GtkWidget *widget,
            gpointer   user_data)
{
  g_main_loop_quit (user_data);
}

int
main (int   argc,
      char *argv[])
{
  CriaSimOptions options = { .address = "127.0.0.1", .camera_width = 640, .camera_height = 480,
                             .sensor = CRIA_SIM_SENSOR_RGGB, .speed = 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CriaSimServer) sim = NULL;
  g_autoptr(CriaServer) server = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) error_action = g_simple_action_new ("show-error", G_VARIANT_TYPE_STRING);
  g_autoptr(GSimpleAction) toast_action = g_simple_action_new ("show-toast", G_VARIANT_TYPE_STRING);
  g_autofree char *state_dir = g_dir_make_tmp ("cria-camera-demo-XXXXXX", NULL);
  g_autofree char *ini = NULL;
  double exposure = 0.05;
  int window_width = 1500, window_height = 920;
  gboolean done = FALSE;
  CriaDevice *device = NULL;
  GListModel *devices;
  GtkWidget *window, *box;
  guint i;

  for (i = 1; i < (guint) argc; i++)
    {
      if (g_strcmp0 (argv[i], "--size") == 0 && i + 1 < (guint) argc)
        {
          char *end = NULL;

          options.camera_width = g_ascii_strtoull (argv[++i], &end, 10);
          if (end != NULL && *end == 'x')
            options.camera_height = g_ascii_strtoull (end + 1, NULL, 10);
        }
      else if (g_strcmp0 (argv[i], "--mono") == 0)
        options.sensor = CRIA_SIM_SENSOR_MONO;
      else if (g_strcmp0 (argv[i], "--exposure") == 0 && i + 1 < (guint) argc)
        exposure = g_ascii_strtod (argv[++i], NULL);
      else if (g_strcmp0 (argv[i], "--speed") == 0 && i + 1 < (guint) argc)
        options.speed = g_ascii_strtod (argv[++i], NULL);
      else if (g_strcmp0 (argv[i], "--zoom") == 0 && i + 1 < (guint) argc)
        zoom = argv[++i];
      else if (g_strcmp0 (argv[i], "--reticle") == 0)
        reticle = TRUE;
      else if (g_strcmp0 (argv[i], "--manual") == 0)
        manual = TRUE;
      else if (g_strcmp0 (argv[i], "--page") == 0 && i + 1 < (guint) argc)
        page = argv[++i];
      else if (g_strcmp0 (argv[i], "--scroll") == 0 && i + 1 < (guint) argc)
        scroll_to = g_ascii_strtod (argv[++i], NULL);
      else if (g_strcmp0 (argv[i], "--window") == 0 && i + 1 < (guint) argc)
        {
          char *end = NULL;

          window_width = g_ascii_strtoull (argv[++i], &end, 10);
          if (end != NULL && *end == 'x')
            window_height = g_ascii_strtoull (end + 1, NULL, 10);
        }
      else if (g_strcmp0 (argv[i], "--idle") == 0)
        idle = TRUE;
      else if (g_strcmp0 (argv[i], "--fast") == 0)
        fast = TRUE;
      else if (g_strcmp0 (argv[i], "--offline") == 0)
        offline = TRUE;
      else if (g_strcmp0 (argv[i], "--outline") == 0)
        draw = TRUE;
      else if (g_strcmp0 (argv[i], "--interval") == 0)
        interval = TRUE;
      else if (g_strcmp0 (argv[i], "--url") == 0 && i + 1 < (guint) argc)
        url = argv[++i];
      else
        {
          g_printerr ("Usage: %s [--size WxH] [--mono] [--exposure S] [--speed N] "
                      "[--zoom fit|1|2|4] [--reticle] [--manual] [--page camera|details] "
                      "[--url URL] [--interval]\n",
                      argv[0]);
          return EXIT_FAILURE;
        }
    }

  gtk_init ();
  adw_init ();
  /* The app's own icons, as CriaApplication finds them. */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/cria/Cria/icons");

  if (url != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, &error);

      if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_port (uri) <= 0)
        {
          g_printerr ("Not a server address: %s\n", url);
          return EXIT_FAILURE;
        }
      server = cria_server_new (g_uri_get_host (uri), g_uri_get_port (uri));
    }
  else
    {
      options.state_dir = state_dir;
      sim = cria_sim_server_new (&options);
      if (!cria_sim_server_start (sim, &error))
        {
          g_printerr ("%s\n", error->message);
          return EXIT_FAILURE;
        }
      server = cria_server_new ("127.0.0.1", cria_sim_server_get_port (sim));
    }
  cria_server_refresh_async (server, NULL, refreshed_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  devices = cria_server_get_devices (server);
  for (i = 0; i < g_list_model_get_n_items (devices) && device == NULL; i++)
    {
      g_autoptr(CriaDevice) candidate = g_list_model_get_item (devices, i);

      if (cria_device_get_device_type (candidate) == CRIA_DEVICE_CAMERA)
        device = candidate;
    }
  if (device == NULL)
    {
      g_printerr ("The simulator has no camera\n");
      return EXIT_FAILURE;
    }

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), cria_device_get_name (device));
  gtk_window_set_default_size (GTK_WINDOW (window), window_width, window_height);
  g_signal_connect (error_action, "activate", G_CALLBACK (toast_cb), NULL);
  g_signal_connect (toast_action, "activate", G_CALLBACK (toast_cb), NULL);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (error_action));
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (toast_action));
  gtk_widget_insert_action_group (window, "win", G_ACTION_GROUP (group));

  overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  panel = CRIA_CAMERA_PANEL (cria_device_panel_new (device));
  cria_camera_controls_set_exposure (cria_camera_panel_get_controls (panel), exposure);
  adw_toast_overlay_set_child (overlay, GTK_WIDGET (panel));
  gtk_widget_set_vexpand (GTK_WIDGET (overlay), TRUE);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (overlay));
  adw_window_set_content (ADW_WINDOW (window), box);
  g_signal_connect (window, "destroy", G_CALLBACK (destroy_cb), loop);
  gtk_window_present (GTK_WINDOW (window));

  if (!offline)
    {
      gtk_widget_activate_action (GTK_WIDGET (panel), "panel.connect", NULL);
      g_timeout_add (100, go_live_cb, NULL);
    }

  g_main_loop_run (loop);

  if (sim != NULL)
    cria_sim_server_stop (sim);
  ini = g_build_filename (state_dir, "simulator.ini", NULL);
  g_unlink (ini);
  g_rmdir (state_dir);
  return EXIT_SUCCESS;
}
