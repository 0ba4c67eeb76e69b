/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-alpaca"

#include "cria-discovery-private.h"

#include <errno.h>
#include <gio/gnetworking.h>
#include <json-glib/json-glib.h>
#include <string.h>

#ifdef G_OS_UNIX
#include <ifaddrs.h>
#include <net/if.h>
#endif

/* Hosts of servers found over IPv6 link-local addresses keep their zone as "%ifname"
 * (e.g. "fe80::1%eth0"): without it such an address cannot be connected to, and the same
 * address can name different machines on different links. getaddrinfo() and GResolver accept
 * that form; in a URL the '%' must be written "%25" (RFC 6874). Global, unique-local and
 * loopback addresses carry no zone. IPv4-mapped IPv6 sources are reported as plain IPv4. */

gboolean
cria_discovery_address_in_list (GPtrArray      *list,
                                GSocketAddress *address)
{
  GInetAddress *wanted = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));

  for (guint i = 0; i < list->len; i++)
    {
      GInetSocketAddress *item = g_ptr_array_index (list, i);

      if (g_inet_address_equal (g_inet_socket_address_get_address (item), wanted))
        return TRUE;
    }
  return FALSE;
}

void
cria_discovery_collect_interfaces (guint16    port,
                                   GPtrArray *broadcast,
                                   GArray    *multicast)
{
  g_autoptr(GInetAddress) all_ones = g_inet_address_new_from_string ("255.255.255.255");
#ifdef G_OS_UNIX
  struct ifaddrs *list = NULL;

  if (getifaddrs (&list) != 0)
    {
      g_debug ("Discovery: cannot list network interfaces: %s", g_strerror (errno));
      list = NULL;
    }

  for (struct ifaddrs *ifa = list; ifa != NULL; ifa = ifa->ifa_next)
    {
      if (ifa->ifa_addr == NULL || (ifa->ifa_flags & IFF_UP) == 0)
        continue;

      if (ifa->ifa_addr->sa_family == AF_INET
          && (ifa->ifa_flags & (IFF_BROADCAST | IFF_LOOPBACK)) == IFF_BROADCAST
          && ifa->ifa_broadaddr != NULL && ifa->ifa_broadaddr->sa_family == AF_INET)
        {
          const struct sockaddr_in *native = (const struct sockaddr_in *) ifa->ifa_broadaddr;
          g_autoptr(GInetAddress) inet =
            g_inet_address_new_from_bytes ((const guint8 *) &native->sin_addr,
                                           G_SOCKET_FAMILY_IPV4);
          g_autoptr(GSocketAddress) address = g_inet_socket_address_new (inet, port);

          if (!cria_discovery_address_in_list (broadcast, address))
            g_ptr_array_add (broadcast, g_steal_pointer (&address));
        }
      else if (ifa->ifa_addr->sa_family == AF_INET6 && (ifa->ifa_flags & IFF_MULTICAST) != 0)
        {
          guint ifindex = if_nametoindex (ifa->ifa_name);
          gboolean known = FALSE;

          for (guint i = 0; i < multicast->len && !known; i++)
            known = g_array_index (multicast, guint, i) == ifindex;
          if (ifindex != 0 && !known)
            g_array_append_val (multicast, ifindex);
        }
    }

  if (list != NULL)
    freeifaddrs (list);
#else
  /* Without interface enumeration, let the routing table pick the multicast interface. */
  guint any_interface = 0;

  g_array_append_val (multicast, any_interface);
#endif

  g_ptr_array_add (broadcast, g_inet_socket_address_new (all_ones, port));
}

GSocketAddress *
cria_discovery_literal_address (const char *host,
                                guint16     port)
{
  gsize length = strlen (host);
  g_autofree char *bare = NULL;

  /* Accept "[addr]" as users copy it from URLs. */
  if (length >= 2 && host[0] == '[' && host[length - 1] == ']')
    bare = g_strndup (host + 1, length - 2);
  else
    bare = g_strdup (host);

  /* Numeric only (also parses a "%zone" suffix): this never touches DNS. */
  return g_inet_socket_address_new_from_string (bare, port);
}

GSocket *
cria_discovery_open_socket (GSocketFamily   family,
                            GError        **error)
{
  g_autoptr(GSocket) sock = NULL;
  g_autoptr(GInetAddress) any = NULL;
  g_autoptr(GSocketAddress) local = NULL;

  sock = g_socket_new (family, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, error);
  if (sock == NULL)
    return NULL;
  g_socket_set_blocking (sock, FALSE);

  /* Separate sockets per family, so that IPv4 replies never show up as mapped addresses. */
  if (family == G_SOCKET_FAMILY_IPV6)
    {
      if (!g_socket_set_option (sock, IPPROTO_IPV6, IPV6_V6ONLY, TRUE, error))
        return NULL;
    }
  else
    {
      g_socket_set_broadcast (sock, TRUE);
    }

  any = g_inet_address_new_any (family);
  local = g_inet_socket_address_new (any, 0);
  if (!g_socket_bind (sock, local, FALSE, error))
    return NULL;

  return g_steal_pointer (&sock);
}

char *
cria_discovery_host_from_address (GInetSocketAddress *address)
{
  GInetAddress *inet = g_inet_socket_address_get_address (address);
  static const guint8 mapped_prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
  g_autofree char *text = NULL;
  guint32 scope_id;

  if (g_inet_address_get_family (inet) != G_SOCKET_FAMILY_IPV6)
    return g_inet_address_to_string (inet);

  if (memcmp (g_inet_address_to_bytes (inet), mapped_prefix, sizeof mapped_prefix) == 0)
    {
      g_autoptr(GInetAddress) v4 =
        g_inet_address_new_from_bytes (g_inet_address_to_bytes (inet) + sizeof mapped_prefix,
                                       G_SOCKET_FAMILY_IPV4);

      return g_inet_address_to_string (v4);
    }

  text = g_inet_address_to_string (inet);
  scope_id = g_inet_socket_address_get_scope_id (address);
  if (scope_id != 0 && g_inet_address_get_is_link_local (inet))
    {
#ifdef G_OS_UNIX
      char name[IF_NAMESIZE];

      if (if_indextoname (scope_id, name) != NULL)
        return g_strdup_printf ("%s%%%s", text, name);
#endif
      return g_strdup_printf ("%s%%%u", text, scope_id);
    }

  return g_steal_pointer (&text);
}

static JsonNode *
find_port_member (JsonObject *object)
{
  g_autoptr(GList) names = NULL;
  JsonNode *node;

  node = json_object_get_member (object, "AlpacaPort");
  if (node != NULL)
    return node;

  /* Be liberal about the casing of the key. */
  names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    if (g_ascii_strcasecmp (l->data, "AlpacaPort") == 0)
      return json_object_get_member (object, l->data);
  return NULL;
}

gboolean
cria_discovery_parse_reply (const char *data,
                            gsize       length,
                            guint16    *alpaca_port)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  JsonNode *node;
  gint64 value;

  if (data == NULL)
    return FALSE;

  /* Some responders pad or NUL-terminate the datagram. */
  while (length > 0 && (data[length - 1] == '\0' || g_ascii_isspace (data[length - 1])))
    length--;
  if (length == 0 || length > (gsize) G_MAXSSIZE || memchr (data, '\0', length) != NULL
      || !g_utf8_validate (data, length, NULL))
    return FALSE;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, length, &error))
    {
      g_debug ("Discovery: reply is not JSON: %s", error->message);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;

  node = find_port_member (json_node_get_object (root));
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;

  value = json_node_get_int (node);
  if (value < 1 || value > G_MAXUINT16)
    return FALSE;

  if (alpaca_port != NULL)
    *alpaca_port = (guint16) value;
  return TRUE;
}

