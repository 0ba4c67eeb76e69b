/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cria-alpaca.h"

G_BEGIN_DECLS

#define CRIA_TYPE_SERVER_LIST (cria_server_list_get_type ())

/* Every server the user can reach: remembered ones, ones added by hand and discovered ones,
 * one CriaServer per address. A GListModel of CriaServer. */
G_DECLARE_FINAL_TYPE (CriaServerList, cria_server_list, CRIA, SERVER_LIST, GObject)

CriaServerList *cria_server_list_new              (GSettings           *settings);
gboolean        cria_server_list_get_discovering  (CriaServerList      *self);

/* Adds the remembered servers and reads their devices. */
void            cria_server_list_restore          (CriaServerList      *self);

/* Runs discovery with the settings' port and hosts; found servers are added and read. */
void            cria_server_list_discover         (CriaServerList      *self);

/* Probes loopback on a discovery port of its own, for the built-in simulator. */
void            cria_server_list_discover_local   (CriaServerList      *self,
                                                   guint16              discovery_port);

/* Tries the server, then adds and remembers it. */
void            cria_server_list_add_async        (CriaServerList      *self,
                                                   const char          *host,
                                                   guint16              port,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
CriaServer     *cria_server_list_add_finish       (CriaServerList      *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Servers at this address are listed but never remembered. */
void            cria_server_list_add_transient_address (CriaServerList *self,
                                                        const char     *host,
                                                        guint16         port);

void            cria_server_list_remove           (CriaServerList      *self,
                                                   CriaServer          *server);

/* The last error reading a server's management API, or NULL. */
const GError   *cria_server_list_get_server_error (CriaServerList      *self,
                                                   CriaServer          *server);

G_END_DECLS
