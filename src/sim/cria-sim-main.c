/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-sim"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>

#include "cria-sim-server.h"

#define DEFAULT_PORT 11111
#define DEFAULT_DISCOVERY_PORT 32227

static gboolean
quit_on_signal (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

static gboolean
parse_port (const char  *text,
            const char  *option,
            guint16     *port,
            GError     **error)
{
  guint64 value = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT16, &value, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s needs a port number from 0 to 65535, not “%s”"), option, text);
      return FALSE;
    }

  *port = (guint16) value;
  return TRUE;
}

static gboolean
parse_size (const char  *text,
            guint       *width,
            guint       *height,
            GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, "x", -1);
  guint64 w = 0, h = 0;

  if (g_strv_length (parts) != 2
      || !g_ascii_string_to_unsigned (parts[0], 10, 1, 65535, &w, NULL)
      || !g_ascii_string_to_unsigned (parts[1], 10, 1, 65535, &h, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--camera-size needs WIDTHxHEIGHT, e.g. 1920x1080, not “%s”"), text);
      return FALSE;
    }

  *width = (guint) w;
  *height = (guint) h;
  return TRUE;
}

static gboolean
parse_speed (const char  *text,
             double      *speed,
             GError     **error)
{
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);

  if (text[0] == '\0' || *end != '\0' || !(value > 0 && value <= 1e6))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--speed needs a positive number such as 1 or 10.5, not “%s”"), text);
      return FALSE;
    }

  *speed = value;
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *address = NULL;
  g_autofree char *port_text = NULL;
  g_autofree char *discovery_text = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *sensor_text = NULL;
  g_autofree char *speed_text = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CriaSimServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  CriaSimOptions options = {
    .port = DEFAULT_PORT,
    .discovery_port = DEFAULT_DISCOVERY_PORT,
    .sensor = CRIA_SIM_SENSOR_RGGB,
    .speed = 1.0,
  };
  GOptionEntry entries[] = {
    { "address", 0, 0, G_OPTION_ARG_STRING, &address,
      N_("Listen on this IP address only (default: all interfaces)"), N_("ADDR") },
    { "port", 0, 0, G_OPTION_ARG_STRING, &port_text,
      N_("HTTP port, 0 for any free port (default: 11111)"), N_("N") },
    { "discovery-port", 0, 0, G_OPTION_ARG_STRING, &discovery_text,
      N_("Alpaca discovery port, 0 for none (default: 32227)"), N_("N") },
    { "camera-size", 0, 0, G_OPTION_ARG_STRING, &size_text,
      N_("Camera sensor size in pixels"), N_("WxH") },
    { "sensor", 0, 0, G_OPTION_ARG_STRING, &sensor_text,
      N_("Camera sensor: mono, rggb, grbg, gbrg or bggr"), N_("TYPE") },
    { "speed", 0, 0, G_OPTION_ARG_STRING, &speed_text,
      N_("How much faster than real time devices move (default: 1)"), N_("F") },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Serves simulated ASCOM Alpaca devices."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (g_option_context_parse (context, &argc, &argv, &error) && argc > 1)
    g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                 _("Unexpected argument “%s”"), argv[1]);

  if (error != NULL
      || (port_text != NULL && !parse_port (port_text, "--port", &options.port, &error))
      || (discovery_text != NULL
          && !parse_port (discovery_text, "--discovery-port", &options.discovery_port, &error))
      || (size_text != NULL
          && !parse_size (size_text, &options.camera_width, &options.camera_height, &error))
      || (speed_text != NULL && !parse_speed (speed_text, &options.speed, &error)))
    {
      g_printerr ("cria-sim: %s\n", error->message);
      return 1;
    }

  if (sensor_text != NULL && !cria_sim_sensor_from_string (sensor_text, &options.sensor))
    {
      g_printerr ("cria-sim: %s\n",
                  _("--sensor must be mono, rggb, grbg, gbrg or bggr"));
      return 1;
    }

  options.address = address;
  server = cria_sim_server_new (&options);
  if (!cria_sim_server_start (server, &error))
    {
      g_printerr ("cria-sim: %s\n", error->message);
      return 1;
    }

  url = cria_sim_server_get_url (server);
  /* One line that scripts can wait for and parse. */
  g_print (_("Serving Alpaca on %s/\n"), url);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_on_signal, loop);
  g_unix_signal_add (SIGTERM, quit_on_signal, loop);
  g_main_loop_run (loop);

  cria_sim_server_stop (server);
  return 0;
}
