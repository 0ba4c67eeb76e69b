/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cria-server.h"

G_BEGIN_DECLS

#define CRIA_DISCOVERY_DEFAULT_PORT 32227
#define CRIA_DISCOVERY_MESSAGE      "alpacadiscovery1"
#define CRIA_DISCOVERY_IPV6_GROUP   "ff12::a1:9aca"

#define CRIA_TYPE_DISCOVERY (cria_discovery_get_type ())

/* A GListModel of CriaServer, one per distinct host and Alpaca port. Servers are added as
 * replies arrive; a new run keeps the ones already found. */
G_DECLARE_FINAL_TYPE (CriaDiscovery, cria_discovery, CRIA, DISCOVERY, GObject)

CriaDiscovery *cria_discovery_new            (void);

guint16        cria_discovery_get_port       (CriaDiscovery       *self);
void           cria_discovery_set_port       (CriaDiscovery       *self,
                                              guint16              port);
/* Hosts probed by unicast, in addition to broadcast and multicast. */
const char * const *cria_discovery_get_hosts (CriaDiscovery       *self);
void           cria_discovery_set_hosts      (CriaDiscovery       *self,
                                              const char * const  *hosts);
/* When FALSE only the listed hosts are probed: no broadcast, no multicast. */
gboolean       cria_discovery_get_broadcast  (CriaDiscovery       *self);
void           cria_discovery_set_broadcast  (CriaDiscovery       *self,
                                              gboolean             broadcast);
guint          cria_discovery_get_rounds     (CriaDiscovery       *self);
void           cria_discovery_set_rounds     (CriaDiscovery       *self,
                                              guint                rounds);
gboolean       cria_discovery_get_running    (CriaDiscovery       *self);

/* Sends the discovery message for the configured rounds, spread over timeout seconds,
 * and collects replies until the timeout. Never blocks the calling thread. */
void           cria_discovery_run_async      (CriaDiscovery       *self,
                                              double               timeout,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean       cria_discovery_run_finish     (CriaDiscovery       *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* Validates a discovery reply: a JSON object with an integer AlpacaPort in 1..65535. */
gboolean       cria_discovery_parse_reply    (const char          *data,
                                              gsize                length,
                                              guint16             *alpaca_port);

G_END_DECLS
