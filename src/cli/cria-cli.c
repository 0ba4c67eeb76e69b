/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "cria-cli.h"

static const struct
{
  const char *name;
  CriaCliCommand run;
  const char *summary;
} commands[] = {
  { "discover", cria_cli_discover, N_("Find Alpaca servers on the network") },
  { "devices", cria_cli_devices, N_("List the devices a server offers") },
  { "get", cria_cli_get, N_("Read a device member") },
  { "put", cria_cli_put, N_("Write a device member or call a method") },
  { "decode", cria_cli_decode, N_("Convert an ImageBytes or JSON image to FITS") },
  { "capture", cria_cli_capture, N_("Take one exposure and save it as FITS") },
  { "live", cria_cli_live, N_("Run the live view without a window and report its speed") },
};

int
cria_cli_fail (const char *format,
               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* One line, whatever the server sent. */
  g_strdelimit (message, "\r\n", ' ');
  fprintf (stderr, "cria-cli: %s\n", message);
  return 1;
}

int
cria_cli_fail_error (const GError *error)
{
  g_autofree char *text = cria_error_describe (error);

  return cria_cli_fail ("%s", text);
}

gboolean
cria_cli_parse_options (GOptionContext  *context,
                        int             *argc,
                        char          ***argv,
                        int             *status)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = cria_cli_fail ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

void
cria_cli_store_result (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

GAsyncResult *
cria_cli_wait (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

char *
cria_cli_normalize_url (const char *url)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (url));
  gsize len = strlen (trimmed);

  while (len > 0 && trimmed[len - 1] == '/')
    trimmed[--len] = '\0';

  if (strstr (trimmed, "://") != NULL)
    return g_steal_pointer (&trimmed);
  return g_strconcat ("http://", trimmed, NULL);
}

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n%s\n", _("Usage: cria-cli COMMAND [OPTION…] [ARGUMENT…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run “cria-cli COMMAND --help” for the options of a command."));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_usage (stderr);
      return 1;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return 0;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      printf ("cria-cli %s\n", CRIA_VERSION);
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run (argc - 1, argv + 1);

  return cria_cli_fail (_("unknown command “%s”; run “cria-cli --help”"), argv[1]);
}
