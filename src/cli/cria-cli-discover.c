/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cria-cli.h"

/* Discovery returns before each server's management API has been asked for its name. */
static void
print_server (CriaServer *server)
{
  g_autoptr(GAsyncResult) result = NULL;

  cria_server_refresh_async (server, NULL, cria_cli_store_result, &result);
  cria_cli_wait (&result);

  if (cria_server_refresh_finish (server, result, NULL) && cria_server_get_name (server) != NULL)
    printf ("%s\t%s\n", cria_server_get_address (server), cria_server_get_name (server));
  else
    printf ("%s\n", cria_server_get_address (server));
}

int
cria_cli_discover (int    argc,
                   char **argv)
{
  int port = CRIA_DISCOVERY_DEFAULT_PORT;
  double timeout = 2.0;
  gboolean no_broadcast = FALSE;
  g_auto(GStrv) hosts = NULL;
  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, N_("Discovery port (default 32227)"), N_("N") },
    { "host", 0, 0, G_OPTION_ARG_STRING_ARRAY, &hosts, N_("Also ask this host directly (repeatable)"), N_("HOST") },
    { "timeout", 't', 0, G_OPTION_ARG_DOUBLE, &timeout, N_("Seconds to wait for replies (default 2)"), N_("SECONDS") },
    { "no-broadcast", 0, 0, G_OPTION_ARG_NONE, &no_broadcast, N_("Only ask the hosts given with --host"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(CriaDiscovery) discovery = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  guint n;

  g_option_context_set_summary (context, _("Find Alpaca servers and print one HOST:PORT line per server, "
                                           "followed by its name when its management API answers."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!cria_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return cria_cli_fail (_("discover takes no arguments"));
  if (port < 1 || port > 65535)
    return cria_cli_fail (_("the port must be between 1 and 65535"));
  if (!(timeout > 0 && timeout <= 600))
    return cria_cli_fail (_("the timeout must be between 0 and 600 seconds"));
  if (no_broadcast && (hosts == NULL || hosts[0] == NULL))
    return cria_cli_fail (_("--no-broadcast needs at least one --host"));

  discovery = cria_discovery_new ();
  cria_discovery_set_port (discovery, port);
  cria_discovery_set_broadcast (discovery, !no_broadcast);
  if (hosts != NULL)
    cria_discovery_set_hosts (discovery, (const char * const *) hosts);

  cria_discovery_run_async (discovery, timeout, NULL, cria_cli_store_result, &result);
  if (!cria_discovery_run_finish (discovery, cria_cli_wait (&result), &error))
    return cria_cli_fail_error (error);

  n = g_list_model_get_n_items (G_LIST_MODEL (discovery));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CriaServer) server = g_list_model_get_item (G_LIST_MODEL (discovery), i);
      print_server (server);
    }

  return 0;
}
