/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "cria-application.h"
#include "cria-preferences-window.h"
#include "cria-server-list.h"
#include "cria-sim-server.h"
#include "cria-window.h"

struct _CriaApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  CriaServerList *servers;
  CriaSimServer  *simulator;
  gboolean        start_simulator;
};

G_DEFINE_FINAL_TYPE (CriaApplication, cria_application, ADW_TYPE_APPLICATION)

static CriaWindow *
get_window (CriaApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return CRIA_IS_WINDOW (window) ? CRIA_WINDOW (window) : NULL;
}

static void
on_simulator_added (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CriaApplication) self = user_data;
  g_autoptr(CriaServer) server = NULL;
  g_autoptr(GError) error = NULL;
  CriaWindow *window = get_window (self);

  server = cria_server_list_add_finish (CRIA_SERVER_LIST (object), result, &error);
  if (server == NULL && window != NULL)
    cria_window_show_error (window, _("The simulator did not answer"), error);
}

/* The simulator serves from a thread of its own, on loopback only. */
static gboolean
start_simulator (CriaApplication  *self,
                 GError          **error)
{
  CriaSimOptions options = {
    .address = "127.0.0.1",
    .port = 0,
    .discovery_port = CRIA_DISCOVERY_DEFAULT_PORT,
  };
  g_autoptr(GError) local_error = NULL;

  if (self->simulator != NULL)
    return TRUE;

  self->simulator = cria_sim_server_new (&options);
  if (!cria_sim_server_start (self->simulator, &local_error))
    {
      /* Another responder may hold the discovery port; serving matters more. */
      g_debug ("Simulator with discovery failed (%s); retrying without", local_error->message);
      g_clear_object (&self->simulator);
      options.discovery_port = 0;
      self->simulator = cria_sim_server_new (&options);
      if (!cria_sim_server_start (self->simulator, error))
        {
          g_clear_object (&self->simulator);
          return FALSE;
        }
    }

  /* Its port changes every run, so remembering it would leave a dead entry behind. */
  cria_server_list_add_transient_address (self->servers, "127.0.0.1", cria_sim_server_get_port (self->simulator));
  cria_server_list_add_async (self->servers, "127.0.0.1", cria_sim_server_get_port (self->simulator),
                              NULL, on_simulator_added, g_object_ref (self));
  if (cria_sim_server_get_discovery_port (self->simulator) != 0)
    cria_server_list_discover_local (self->servers, cria_sim_server_get_discovery_port (self->simulator));
  return TRUE;
}

static void
cria_application_activate (GApplication *app)
{
  CriaApplication *self = CRIA_APPLICATION (app);
  CriaWindow *window = get_window (self);

  if (window == NULL)
    {
      window = cria_window_new (GTK_APPLICATION (app), self->servers);
      g_settings_bind (self->settings, "window-width", window, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-height", window, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-maximized", window, "maximized", G_SETTINGS_BIND_DEFAULT);
    }

  gtk_window_present (GTK_WINDOW (window));

  if (self->start_simulator)
    {
      g_autoptr(GError) error = NULL;

      self->start_simulator = FALSE;
      if (!start_simulator (self, &error))
        cria_window_show_error (window, _("Could not start the simulator"), error);
    }
}

static void
cria_application_startup (GApplication *app)
{
  CriaApplication *self = CRIA_APPLICATION (app);

  G_APPLICATION_CLASS (cria_application_parent_class)->startup (app);

  self->settings = g_settings_new (CRIA_APP_ID);
  self->servers = cria_server_list_new (self->settings);
  cria_server_list_restore (self->servers);
  cria_server_list_discover (self->servers);
}

static void
cria_application_shutdown (GApplication *app)
{
  CriaApplication *self = CRIA_APPLICATION (app);

  if (self->simulator != NULL)
    cria_sim_server_stop (self->simulator);

  G_APPLICATION_CLASS (cria_application_parent_class)->shutdown (app);
}

static int
cria_application_handle_local_options (GApplication *app,
                                       GVariantDict *options)
{
  if (g_variant_dict_contains (options, "simulator"))
    CRIA_APPLICATION (app)->start_simulator = TRUE;

  return -1;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  static const char *developers[] = { "The Cria developers", NULL };
  GtkApplication *app = user_data;

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", "Cria",
                         "application-icon", CRIA_APP_ID,
                         "developer-name", _("The Cria developers"),
                         "version", CRIA_VERSION,
                         "comments", _("Control ASCOM Alpaca telescopes, cameras, domes and focusers"),
                         "website", "https://github.com/cria/cria",
                         "issue-url", "https://github.com/cria/cria/issues",
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
simulator_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  CriaApplication *self = user_data;
  g_autoptr(GError) error = NULL;
  CriaWindow *window = get_window (self);

  if (!start_simulator (self, &error) && window != NULL)
    cria_window_show_error (window, _("Could not start the simulator"), error);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  CriaApplication *self = user_data;
  GtkWindow *window = cria_preferences_window_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                                   self->settings);

  gtk_window_present (window);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "simulator", simulator_action },
  { "preferences", preferences_action },
  { "quit", quit_action },
};

static void
cria_application_dispose (GObject *object)
{
  CriaApplication *self = CRIA_APPLICATION (object);

  g_clear_object (&self->servers);
  g_clear_object (&self->simulator);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cria_application_parent_class)->dispose (object);
}

static void
cria_application_class_init (CriaApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = cria_application_dispose;
  app_class->activate = cria_application_activate;
  app_class->startup = cria_application_startup;
  app_class->shutdown = cria_application_shutdown;
  app_class->handle_local_options = cria_application_handle_local_options;
}

static void
cria_application_init (CriaApplication *self)
{
  static const char *quit_accels[] = { "<primary>q", NULL };
  static const char *preferences_accels[] = { "<primary>comma", NULL };
  static const GOptionEntry options[] = {
    { "simulator", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Start the built-in Alpaca simulator"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
}

CriaApplication *
cria_application_new (void)
{
  return g_object_new (CRIA_TYPE_APPLICATION,
                       "application-id", CRIA_APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/cria/Cria",
                       NULL);
}
