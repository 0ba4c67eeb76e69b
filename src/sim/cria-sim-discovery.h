/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CRIA_TYPE_SIM_DISCOVERY (cria_sim_discovery_get_type ())

/* The Alpaca discovery responder: answers discovery messages with the Alpaca port. Its
 * socket sources run on the thread-default main context of the thread that creates it. */
G_DECLARE_FINAL_TYPE (CriaSimDiscovery, cria_sim_discovery, CRIA, SIM_DISCOVERY, GObject)

/* address: NULL for every interface (IPv4 and IPv6, joining the IPv6 discovery group),
 * "localhost" for 127.0.0.1 and ::1, or one IP literal. port: 0 picks a free one, the same
 * for every bound address. A fixed port is shared with other responders on the machine. */
CriaSimDiscovery *cria_sim_discovery_new            (const char        *address,
                                                     guint16            port,
                                                     guint16            alpaca_port,
                                                     GError           **error);
guint16           cria_sim_discovery_get_port       (CriaSimDiscovery  *self);
guint16           cria_sim_discovery_get_alpaca_port (CriaSimDiscovery *self);

/* Whether a datagram is a discovery request the responder answers. */
gboolean          cria_sim_discovery_is_request     (const char        *data,
                                                     gsize              length);

G_END_DECLS
