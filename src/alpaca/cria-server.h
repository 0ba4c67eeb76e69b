/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-client.h"
#include "cria-device.h"

G_BEGIN_DECLS

#define CRIA_TYPE_SERVER (cria_server_get_type ())

G_DECLARE_FINAL_TYPE (CriaServer, cria_server, CRIA, SERVER, GObject)

CriaServer  *cria_server_new                 (const char          *host,
                                              guint16              port);
const char  *cria_server_get_host            (CriaServer          *self);
guint16      cria_server_get_port            (CriaServer          *self);
/* "HOST:PORT", with IPv6 literals as "[ADDR]:PORT". */
const char  *cria_server_get_address         (CriaServer          *self);
CriaClient  *cria_server_get_client          (CriaServer          *self);

/* From the management API; NULL until cria_server_refresh_async() succeeded. */
const char  *cria_server_get_name            (CriaServer          *self);
const char  *cria_server_get_manufacturer    (CriaServer          *self);
const char  *cria_server_get_manufacturer_version (CriaServer     *self);
const char  *cria_server_get_location        (CriaServer          *self);
/* Supported API versions from management/apiversions. */
const guint *cria_server_get_api_versions    (CriaServer          *self,
                                              gsize               *n_versions);
/* A GListModel of CriaDevice from configureddevices. */
GListModel  *cria_server_get_devices         (CriaServer          *self);

/* Reads apiversions, description and configureddevices. Devices that are already known
 * (same type, number and UniqueID) keep their objects. */
void         cria_server_refresh_async       (CriaServer          *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean     cria_server_refresh_finish      (CriaServer          *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* Formats host and port as an address, bracketing IPv6 literals. */
char        *cria_format_address             (const char          *host,
                                              guint16              port);

G_END_DECLS
