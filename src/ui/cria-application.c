/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "cria-application.h"
#include "cria-window.h"

struct _CriaApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (CriaApplication, cria_application, ADW_TYPE_APPLICATION)

static void
cria_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (cria_window_new (GTK_APPLICATION (app)));

  gtk_window_present (window);
}

static void
cria_application_about_action (GSimpleAction *action,
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
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
cria_application_quit_action (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", cria_application_about_action },
  { "quit", cria_application_quit_action },
};

static void
cria_application_class_init (CriaApplicationClass *klass)
{
  G_APPLICATION_CLASS (klass)->activate = cria_application_activate;
}

static void
cria_application_init (CriaApplication *self)
{
  static const char *quit_accels[] = { "<primary>q", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
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
