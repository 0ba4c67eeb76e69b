/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-discovery.h"

G_BEGIN_DECLS

/* Socket-level helpers of CriaDiscovery (cria-discovery-net.c). */

/* A non-blocking UDP socket bound to the wildcard address; IPv6 ones are IPv6-only and IPv4
 * ones may broadcast. */
GSocket        *cria_discovery_open_socket         (GSocketFamily        family,
                                                    GError             **error);
/* Appends the IPv4 broadcast addresses (GSocketAddress, with port) and the indexes of the
 * IPv6 multicast-capable interfaces (guint) of every interface that is up. */
void            cria_discovery_collect_interfaces  (guint16              port,
                                                    GPtrArray           *broadcast,
                                                    GArray              *multicast);
/* An address for a numeric host ("192.0.2.1", "::1", "[fe80::1%eth0]"), else NULL. */
GSocketAddress *cria_discovery_literal_address     (const char          *host,
                                                    guint16              port);
/* The host string under which a reply from source is listed. */
char           *cria_discovery_host_from_address   (GInetSocketAddress  *source);
gboolean        cria_discovery_address_in_list     (GPtrArray           *list,
                                                    GSocketAddress      *address);

G_END_DECLS
