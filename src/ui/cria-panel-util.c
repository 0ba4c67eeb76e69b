/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cria-panel-util.h"

void
cria_panel_show_error (GtkWidget    *widget,
                       const char   *context,
                       const GError *error)
{
  g_autofree char *description = cria_error_describe (error);
  g_autofree char *text = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (context != NULL)
    /* TRANSLATORS: what failed, then why, e.g. "Tracking: Not connected (...)". */
    text = g_strdup_printf (_("%s: %s"), context, description);
  else
    text = g_steal_pointer (&description);

  if (gtk_widget_get_root (widget) == NULL
      || !gtk_widget_activate_action (widget, "win.show-error", "s", text))
    g_message ("%s", text);
}

gboolean
cria_panel_error_is_connection (const GError *error)
{
  return g_error_matches (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_CONNECTION)
         || g_error_matches (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_TIMED_OUT)
         || g_error_matches (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_NOT_CONNECTED);
}

gboolean
cria_panel_error_is_not_implemented (const GError *error)
{
  return g_error_matches (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_NOT_IMPLEMENTED)
         || g_error_matches (error, CRIA_HTTP_ERROR, 404);
}

gboolean
cria_panel_error_is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

guint
cria_panel_name_hash (gconstpointer name)
{
  const char *p;
  guint hash = 5381;

  for (p = name; *p != '\0'; p++)
    hash = hash * 33 + (guchar) g_ascii_tolower (*p);
  return hash;
}

gboolean
cria_panel_name_equal (gconstpointer a,
                       gconstpointer b)
{
  return g_ascii_strcasecmp (a, b) == 0;
}

gboolean
cria_panel_node_get_bool (JsonNode *node,
                          gboolean *value)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;

  *value = json_node_get_boolean (node);
  return TRUE;
}

gboolean
cria_panel_node_get_number (JsonNode *node,
                            double   *value)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *value = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else
    return FALSE;

  return isfinite (*value);
}
