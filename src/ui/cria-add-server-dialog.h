/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cria-server-list.h"

G_BEGIN_DECLS

#define CRIA_TYPE_ADD_SERVER_DIALOG (cria_add_server_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CriaAddServerDialog, cria_add_server_dialog, CRIA, ADD_SERVER_DIALOG, AdwWindow)

GtkWindow *cria_add_server_dialog_new (GtkWindow      *parent,
                                       CriaServerList *servers);

/* Accepts a host name, an IPv4 address or an IPv6 address (bare or in brackets) and
 * returns it without brackets, or NULL when it is not one. */
char      *cria_parse_host            (const char     *text);
/* A port from 1 to 65535, or 0 when text is not one. */
guint16    cria_parse_port            (const char     *text);

G_END_DECLS
