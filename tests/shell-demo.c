/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shell-demo"

/* Shows one of the shell's secondary windows, for looking at it (not installed):
 *   tools/look shot.png -- _build/tests/shell-demo preferences|add-server|shortcuts */

#include <adwaita.h>

#include "cria-add-server-dialog.h"
#include "cria-preferences-window.h"
#include "cria-server-list.h"

static const char *which = "preferences";

static void
on_activate (GtkApplication *app)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.cria.Cria");
  g_autoptr(CriaServerList) servers = cria_server_list_new (settings);
  GtkWindow *parent = GTK_WINDOW (adw_application_window_new (app));
  GtkWindow *window;

  gtk_window_set_default_size (parent, 900, 640);
  gtk_window_present (parent);

  if (g_str_equal (which, "add-server"))
    window = cria_add_server_dialog_new (parent, servers);
  else if (g_str_equal (which, "shortcuts"))
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/cria/Cria/gtk/help-overlay.ui");
      window = GTK_WINDOW (g_object_ref (gtk_builder_get_object (builder, "help_overlay")));
      gtk_window_set_transient_for (window, parent);
    }
  else
    window = cria_preferences_window_new (parent, settings);

  gtk_window_present (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.cria.ShellDemo", G_APPLICATION_NON_UNIQUE);

  if (argc > 1)
    which = argv[1];
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (app), 1, argv);
}
