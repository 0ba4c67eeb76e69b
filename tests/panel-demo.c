/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "panel-demo"

/* Shows the generic panel of one simulated device in a window, to look at it:
 *   panel-demo [TYPE] [--connect] [--number N] [--scroll PIXELS] [--form MEMBER]
 * TYPE is a device type such as telescope or covercalibrator; --scroll scrolls the panel
 * down after a few seconds, to look at its lower sections; --form opens the form of a
 * method or query. Errors sent to
 * win.show-error appear as toasts. Nothing is installed; the simulator listens on
 * 127.0.0.1 only. */

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "cria-device-panel-private.h"
#include "cria-sim-server.h"

static AdwToastOverlay *overlay;

static void
show_error_cb (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  AdwToast *toast = adw_toast_new (g_variant_get_string (parameter, NULL));

  g_printerr ("error: %s\n", g_variant_get_string (parameter, NULL));
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

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  GtkWidget *child;

  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_scrolled_window (GtkWidget *widget)
{
  return find_widget (widget, GTK_TYPE_SCROLLED_WINDOW);
}

static double scroll_to;
static const char *form_name;

static gboolean
popup_cb (gpointer user_data)
{
  CriaDevicePanel *panel = user_data;
  CriaSectionKind kinds[] = { CRIA_SECTION_ACTIONS, CRIA_SECTION_QUERIES };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      CriaPanelSection *section = cria_device_panel_get_section (panel, kinds[i]);
      GtkWidget *row = section != NULL ? cria_panel_section_get_row (section, form_name) : NULL;

      if (row != NULL)
        {
          GtkWidget *scrolled = find_scrolled_window (GTK_WIDGET (panel));
          graphene_point_t point;

          /* Bring the row into view, then open its form. */
          if (gtk_widget_compute_point (row, scrolled, &GRAPHENE_POINT_INIT (0, 0), &point))
            gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (
                                        GTK_SCROLLED_WINDOW (scrolled)), point.y - 200);
          gtk_menu_button_popup (GTK_MENU_BUTTON (find_widget (row, GTK_TYPE_MENU_BUTTON)));
          return G_SOURCE_REMOVE;
        }
    }

  g_printerr ("No form %s\n", form_name);
  return G_SOURCE_REMOVE;
}

static gboolean
scroll_cb (gpointer user_data)
{
  GtkWidget *scrolled = find_scrolled_window (user_data);

  if (scrolled != NULL)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                              scroll_to);
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
                             .speed = 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CriaSimServer) sim = NULL;
  g_autoptr(CriaServer) server = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) action = g_simple_action_new ("show-error", G_VARIANT_TYPE_STRING);
  g_autofree char *state_dir = g_dir_make_tmp ("cria-panel-demo-XXXXXX", NULL);
  g_autofree char *ini = NULL;
  CriaDeviceType type = CRIA_DEVICE_TELESCOPE;
  gboolean connect = FALSE, done = FALSE;
  guint number = 0;
  CriaDevice *device = NULL;
  GListModel *devices;
  GtkWidget *window, *panel;
  int i;

  for (i = 1; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "--connect") == 0)
        connect = TRUE;
      else if (g_strcmp0 (argv[i], "--number") == 0 && i + 1 < argc)
        number = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
      else if (g_strcmp0 (argv[i], "--form") == 0 && i + 1 < argc)
        form_name = argv[++i];
      else if (g_strcmp0 (argv[i], "--scroll") == 0 && i + 1 < argc)
        scroll_to = g_ascii_strtod (argv[++i], NULL);
      else if (!cria_device_type_from_string (argv[i], &type))
        {
          g_printerr ("Usage: %s [TYPE] [--connect] [--number N] [--scroll PIXELS]\n", argv[0]);
          return EXIT_FAILURE;
        }
    }

  gtk_init ();
  adw_init ();

  options.state_dir = state_dir;
  sim = cria_sim_server_new (&options);
  if (!cria_sim_server_start (sim, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  server = cria_server_new ("127.0.0.1", cria_sim_server_get_port (sim));
  cria_server_refresh_async (server, NULL, refreshed_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  devices = cria_server_get_devices (server);
  for (i = 0; i < (int) g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(CriaDevice) candidate = g_list_model_get_item (devices, i);

      if (cria_device_get_device_type (candidate) == type
          && cria_device_get_number (candidate) == number)
        device = candidate;
    }
  if (device == NULL)
    {
      g_printerr ("The simulator has no %s %u\n", cria_device_type_to_string (type), number);
      return EXIT_FAILURE;
    }

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), cria_device_get_name (device));
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 1360);
  g_signal_connect (action, "activate", G_CALLBACK (show_error_cb), NULL);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
  gtk_widget_insert_action_group (window, "win", G_ACTION_GROUP (group));

  overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  panel = cria_device_panel_new (device);
  adw_toast_overlay_set_child (overlay, panel);
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

    gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (overlay));
    adw_window_set_content (ADW_WINDOW (window), box);
  }
  g_signal_connect (window, "destroy", G_CALLBACK (destroy_cb), loop);
  gtk_window_present (GTK_WINDOW (window));

  if (connect)
    gtk_widget_activate_action (panel, "panel.connect", NULL);
  if (scroll_to > 0)
    g_timeout_add_seconds (3, scroll_cb, panel);
  if (form_name != NULL)
    g_timeout_add_seconds (3, popup_cb, panel);

  g_main_loop_run (loop);

  cria_sim_server_stop (sim);
  ini = g_build_filename (state_dir, "simulator.ini", NULL);
  g_unlink (ini);
  g_rmdir (state_dir);
  return EXIT_SUCCESS;
}
