/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-sim"

#include "config.h"

#include "cria-sim-private.h"

/* The /setup pages: plain HTML that shows what the simulator serves. Nothing on them is
 * configurable; options are command-line arguments. */

#define PAGE_HEAD \
  "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n" \
  "<title>%s</title>\n" \
  "<style>body{font-family:sans-serif;margin:2em;max-width:60em}" \
  "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}" \
  "code{font-size:95%%}</style>\n</head><body>\n"

static void
append_escaped (GString    *html,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  g_string_append (html, escaped);
}

static void
append_row (GString    *html,
            const char *label,
            const char *value)
{
  g_string_append (html, "<tr><th>");
  append_escaped (html, label);
  g_string_append (html, "</th><td>");
  append_escaped (html, value);
  g_string_append (html, "</td></tr>\n");
}

char *
cria_sim_setup_main_page (CriaSimServer *self)
{
  const CriaSimOptions *options = cria_sim_server_get_options (self);
  GPtrArray *devices = cria_sim_server_get_devices (self);
  GString *html = g_string_new (NULL);
  g_autofree char *url = cria_sim_server_get_url (self);
  g_autofree char *discovery = NULL;
  guint i;

  g_string_append_printf (html, PAGE_HEAD, "Cria Alpaca Simulator");
  g_string_append (html, "<h1>Cria Alpaca Simulator</h1>\n"
                         "<p>Simulated ASCOM Alpaca devices for trying out clients without "
                         "hardware.</p>\n<table>\n");
  append_row (html, "Manufacturer", "The Cria project");
  append_row (html, "Version", CRIA_VERSION);
  append_row (html, "Address", url);
  discovery = options->discovery_port != 0
              ? g_strdup_printf ("UDP port %u", options->discovery_port)
              : g_strdup ("off");
  append_row (html, "Discovery", discovery);
  g_string_append (html, "</table>\n<h2>Devices</h2>\n<table>\n"
                         "<tr><th>Name</th><th>Type</th><th>Number</th><th>Unique ID</th>"
                         "<th>Connected</th></tr>\n");

  for (i = 0; i < devices->len; i++)
    {
      CriaSimDevice *device = g_ptr_array_index (devices, i);
      const char *type = cria_device_type_to_string (cria_sim_device_get_device_type (device));
      const char *path = cria_device_type_to_path (cria_sim_device_get_device_type (device));

      g_string_append_printf (html, "<tr><td><a href=\"/setup/v1/%s/%u/setup\">",
                              path, cria_sim_device_get_number (device));
      append_escaped (html, cria_sim_device_get_name (device));
      g_string_append_printf (html, "</a></td><td>%s</td><td>%u</td><td><code>",
                              type, cria_sim_device_get_number (device));
      append_escaped (html, cria_sim_device_get_unique_id (device));
      g_string_append_printf (html, "</code></td><td>%s</td></tr>\n",
                              cria_sim_device_get_connected (device) ? "yes" : "no");
    }
  if (devices->len == 0)
    g_string_append (html, "<tr><td colspan=\"5\">No devices</td></tr>\n");

  g_string_append (html, "</table>\n<h2>Management API</h2>\n<ul>\n"
                         "<li><a href=\"/management/apiversions\">/management/apiversions</a></li>\n"
                         "<li><a href=\"/management/v1/description\">/management/v1/description</a></li>\n"
                         "<li><a href=\"/management/v1/configureddevices\">"
                         "/management/v1/configureddevices</a></li>\n</ul>\n</body></html>\n");

  return g_string_free (html, FALSE);
}

static void
append_state (GString       *html,
              CriaSimDevice *device)
{
  g_autoptr(JsonNode) state = cria_sim_device_dup_state (device);
  JsonArray *array;
  guint i;

  if (state == NULL || !JSON_NODE_HOLDS_ARRAY (state))
    {
      g_string_append (html, "<p>Connect the device to see its state.</p>\n");
      return;
    }

  array = json_node_get_array (state);
  g_string_append (html, "<table>\n");
  for (i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);
      JsonNode *value;
      g_autofree char *text = NULL;

      if (entry == NULL || !json_object_has_member (entry, "Value"))
        continue;

      value = json_object_get_member (entry, "Value");
      text = JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING
             ? g_strdup (json_node_get_string (value))
             : json_to_string (value, FALSE);
      append_row (html, json_object_get_string_member_with_default (entry, "Name", "?"), text);
    }
  g_string_append (html, "</table>\n");
}

char *
cria_sim_setup_device_page (CriaSimServer *self,
                            CriaSimDevice *device)
{
  CriaDeviceType type = cria_sim_device_get_device_type (device);
  guint number = cria_sim_device_get_number (device);
  GString *html = g_string_new (NULL);
  g_autofree char *title = g_markup_escape_text (cria_sim_device_get_name (device), -1);
  g_autofree char *number_text = g_strdup_printf ("%u", number);
  g_autofree char *version = g_strdup_printf ("%u", cria_device_type_platform7_version (type));
  const CriaMember *members;
  gsize n_members = 0;
  gsize i;

  g_string_append_printf (html, PAGE_HEAD, title);
  g_string_append_printf (html, "<p><a href=\"/setup\">Cria Alpaca Simulator</a></p>\n"
                                "<h1>%s</h1>\n<table>\n", title);
  append_row (html, "Device type", cria_device_type_to_string (type));
  append_row (html, "Device number", number_text);
  append_row (html, "Unique ID", cria_sim_device_get_unique_id (device));
  append_row (html, "Interface version", version);
  append_row (html, "Connected", cria_sim_device_get_connected (device) ? "yes" : "no");
  g_string_append (html, "</table>\n<p>This simulated device has no settings.</p>\n"
                         "<h2>State</h2>\n");
  append_state (html, device);

  g_string_append (html, "<h2>Properties</h2>\n<ul>\n");
  members = cria_member_table (type, &n_members);
  for (i = 0; members != NULL && i < n_members; i++)
    {
      g_autofree char *path = NULL;

      if (members[i].method != CRIA_HTTP_GET || members[i].n_params > 0)
        continue;

      path = g_ascii_strdown (members[i].name, -1);
      g_string_append_printf (html, "<li><a href=\"/api/v1/%s/%u/%s\">%s</a></li>\n",
                              cria_device_type_to_path (type), number, path, members[i].name);
    }
  g_string_append (html, "</ul>\n</body></html>\n");

  return g_string_free (html, FALSE);
}
