/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cria-alpaca.h"

G_BEGIN_DECLS

/* Shows "context: message (Name, error N = 0xHEX)" through the window's win.show-error
 * action. Quiet when the widget is no longer in a window. */
void      cria_panel_show_error              (GtkWidget    *widget,
                                              const char   *context,
                                              const GError *error);
/* The server or the device went away: no connection, a timeout, or NotConnected. */
gboolean  cria_panel_error_is_connection     (const GError *error);
/* NotImplemented, or an HTTP 404 for a member the server does not know. */
gboolean  cria_panel_error_is_not_implemented (const GError *error);
gboolean  cria_panel_error_is_cancelled      (const GError *error);

/* Member names as hash keys, in any casing: devices differ in how they spell DeviceState's
 * names. */
guint     cria_panel_name_hash               (gconstpointer name);
gboolean  cria_panel_name_equal              (gconstpointer a,
                                              gconstpointer b);

/* A JSON boolean; FALSE for anything else. */
gboolean  cria_panel_node_get_bool           (JsonNode     *node,
                                              gboolean     *value);
/* A JSON integer or double that is finite. */
gboolean  cria_panel_node_get_number         (JsonNode     *node,
                                              double       *value);

G_END_DECLS
