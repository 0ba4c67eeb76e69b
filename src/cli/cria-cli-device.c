/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cria-cli.h"

int
cria_cli_devices (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("URL"));
  g_autoptr(CriaServer) server = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *url = NULL;
  GListModel *devices;
  int status = 0;

  g_option_context_set_summary (context, _("List the configured devices of the server at URL: "
                                           "type, number, name and UniqueID, separated by tabs."));
  if (!cria_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return cria_cli_fail (_("usage: cria-cli devices URL"));

  url = cria_cli_normalize_url (argv[1]);
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, &error);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return cria_cli_fail (_("“%s” is not a valid server URL"), argv[1]);

  server = cria_server_new (g_uri_get_host (uri), g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) : 80);
  cria_server_refresh_async (server, NULL, cria_cli_store_result, &result);
  if (!cria_server_refresh_finish (server, cria_cli_wait (&result), &error))
    return cria_cli_fail_error (error);

  devices = cria_server_get_devices (server);
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(CriaDevice) device = g_list_model_get_item (devices, i);

      printf ("%s\t%u\t%s\t%s\n",
              cria_device_type_to_string (cria_device_get_device_type (device)),
              cria_device_get_number (device),
              cria_device_get_name (device) ? cria_device_get_name (device) : "",
              cria_device_get_unique_id (device) ? cria_device_get_unique_id (device) : "");
    }

  return 0;
}

/* Turns Name=Value arguments into the alternating list the client takes. */
static GPtrArray *
parse_assignments (char    **args,
                   int       n_args,
                   GError  **error)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);

  for (int i = 0; i < n_args; i++)
    {
      const char *equals = strchr (args[i], '=');

      if (equals == NULL || equals == args[i])
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("“%s” is not a Name=Value parameter"), args[i]);
          return NULL;
        }
      g_ptr_array_add (params, g_strndup (args[i], equals - args[i]));
      g_ptr_array_add (params, g_strdup (equals + 1));
    }
  g_ptr_array_add (params, NULL);
  return g_steal_pointer (&params);
}

static int
run_member (int            argc,
            char         **argv,
            CriaHttpMethod method)
{
  double timeout = 0;
  const GOptionEntry entries[] = {
    { "timeout", 't', 0, G_OPTION_ARG_DOUBLE, &timeout, N_("Seconds to wait for the reply"), N_("SECONDS") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("URL TYPE NUMBER MEMBER [Name=Value…]"));
  g_autoptr(CriaClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) params = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  CriaDeviceType type;
  guint64 number;
  int status = 0;

  g_option_context_set_summary (context, method == CRIA_HTTP_GET
                                ? _("Read MEMBER of a device and print its Value as JSON.")
                                : _("Write MEMBER of a device, or call a method, with Name=Value parameters."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!cria_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc < 5)
    return cria_cli_fail (_("usage: cria-cli %s [--timeout S] URL TYPE NUMBER MEMBER [Name=Value…]"),
                          method == CRIA_HTTP_GET ? "get" : "put");
  if (timeout < 0 || timeout > 3600)
    return cria_cli_fail (_("the timeout must be between 0 and 3600 seconds"));
  if (!cria_device_type_from_string (argv[2], &type))
    return cria_cli_fail (_("“%s” is not an Alpaca device type"), argv[2]);
  if (!g_ascii_string_to_unsigned (argv[3], 10, 0, G_MAXUINT32, &number, NULL))
    return cria_cli_fail (_("“%s” is not a device number"), argv[3]);

  params = parse_assignments (argv + 5, argc - 5, &error);
  if (params == NULL)
    return cria_cli_fail ("%s", error->message);

  url = cria_cli_normalize_url (argv[1]);
  client = cria_client_new (url);
  cria_client_member_async (client, type, number, method, argv[4],
                            (const char * const *) params->pdata, timeout,
                            NULL, cria_cli_store_result, &result);
  value = cria_client_member_finish (client, cria_cli_wait (&result), &error);
  if (error != NULL)
    return cria_cli_fail_error (error);

  if (value != NULL)
    {
      g_autofree char *json = json_to_string (value, FALSE);
      printf ("%s\n", json);
    }
  return 0;
}

int
cria_cli_get (int    argc,
              char **argv)
{
  return run_member (argc, argv, CRIA_HTTP_GET);
}

int
cria_cli_put (int    argc,
              char **argv)
{
  return run_member (argc, argv, CRIA_HTTP_PUT);
}
