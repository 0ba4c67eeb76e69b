/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-sim"

#include "cria-sim-discovery.h"

#include <errno.h>
#include <gio/gnetworking.h>
#include <string.h>

#ifdef G_OS_UNIX
#include <ifaddrs.h>
#include <net/if.h>
#endif

#include "cria-discovery.h"

#define REQUEST_PREFIX "alpacadiscovery"
/* Tries at finding one free port for both families when the caller asked for any port. */
#define BIND_ATTEMPTS  8
#define RECEIVE_BATCH  64

struct _CriaSimDiscovery
{
  GObject parent_instance;

  GPtrArray *sockets;
  GPtrArray *sources;
  guint16 port;
  guint16 alpaca_port;
};

G_DEFINE_FINAL_TYPE (CriaSimDiscovery, cria_sim_discovery, G_TYPE_OBJECT)

/* Bytes 0-14 are the fixed text, byte 15 the version ('1'..'9' then 'A'..'Z'), and the bytes
 * after it are reserved. Requests of later versions are answered as well: the version 1
 * reply is what this responder knows, and per the robustness principle a newer client can
 * still use it. */
gboolean
cria_sim_discovery_is_request (const char *data,
                               gsize       length)
{
  const gsize prefix_length = strlen (REQUEST_PREFIX);
  char version;

  if (data == NULL || length <= prefix_length
      || memcmp (data, REQUEST_PREFIX, prefix_length) != 0)
    return FALSE;

  version = data[prefix_length];
  return (version >= '1' && version <= '9') || (version >= 'A' && version <= 'Z');
}

/* Runs on the responder's context. It uses only the socket and the reply bytes, both held by
 * the source, so that the responder may be released from another thread. */
static gboolean
on_datagram (GSocket      *sock,
             GIOCondition  condition,
             gpointer      user_data)
{
  GBytes *reply = user_data;
  char buffer[256];

  for (guint i = 0; i < RECEIVE_BATCH; i++)
    {
      g_autoptr(GSocketAddress) source = NULL;
      g_autoptr(GError) error = NULL;
      gssize received;

      received = g_socket_receive_from (sock, &source, buffer, sizeof buffer, NULL, &error);
      if (received < 0)
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)
              && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED))
            g_debug ("Discovery responder: receive failed: %s", error->message);
          break;
        }

      if (!cria_sim_discovery_is_request (buffer, received))
        {
          g_debug ("Discovery responder: ignoring a %" G_GSSIZE_FORMAT "-byte datagram",
                   received);
          continue;
        }

      if (g_socket_send_to (sock, source, g_bytes_get_data (reply, NULL),
                            g_bytes_get_size (reply), NULL, &error) < 0)
        g_debug ("Discovery responder: cannot reply: %s", error->message);
    }

  return G_SOURCE_CONTINUE;
}

static GPtrArray *
addresses_for (const char  *address,
               GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *bare = NULL;
  GInetAddress *inet;
  gsize length;

  if (address == NULL)
    {
      g_ptr_array_add (list, g_inet_address_new_any (G_SOCKET_FAMILY_IPV4));
      g_ptr_array_add (list, g_inet_address_new_any (G_SOCKET_FAMILY_IPV6));
      return g_steal_pointer (&list);
    }

  /* Resolving would block; the only name is localhost, which means both loopbacks. */
  if (g_ascii_strcasecmp (address, "localhost") == 0
      || g_ascii_strcasecmp (address, "localhost.") == 0)
    {
      g_ptr_array_add (list, g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4));
      g_ptr_array_add (list, g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV6));
      return g_steal_pointer (&list);
    }

  length = strlen (address);
  if (length >= 2 && address[0] == '[' && address[length - 1] == ']')
    bare = g_strndup (address + 1, length - 2);
  else
    bare = g_strdup (address);

  inet = g_inet_address_new_from_string (bare);
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an IP address or localhost", address);
      return NULL;
    }
  g_ptr_array_add (list, inet);
  return g_steal_pointer (&list);
}

static GSocket *
bind_socket (GInetAddress  *inet,
             guint16        port,
             gboolean       shared,
             GError       **error)
{
  GSocketFamily family = g_inet_address_get_family (inet);
  g_autoptr(GSocket) sock = NULL;
  g_autoptr(GSocketAddress) local = NULL;

  sock = g_socket_new (family, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, error);
  if (sock == NULL)
    return NULL;
  g_socket_set_blocking (sock, FALSE);

  /* The IPv4 socket may hold the same port; keep the families apart. */
  if (family == G_SOCKET_FAMILY_IPV6
      && !g_socket_set_option (sock, IPPROTO_IPV6, IPV6_V6ONLY, TRUE, error))
    return NULL;

  /* Several Alpaca devices on one machine share the discovery port, and each of them gets
   * the broadcasts and multicasts. A port picked by the system stays exclusive. */
  local = g_inet_socket_address_new (inet, port);
  if (!g_socket_bind (sock, local, shared, error))
    return NULL;

  return g_steal_pointer (&sock);
}

static guint16
local_port (GSocket  *sock,
            GError  **error)
{
  g_autoptr(GSocketAddress) local = g_socket_get_local_address (sock, error);

  if (local == NULL)
    return 0;
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
}

/* Binds every address on one port. The first address is required; the others (IPv6) are
 * optional for an Alpaca device, so failing to bind them is only logged. */
static gboolean
bind_all (CriaSimDiscovery  *self,
          GPtrArray         *addresses,
          guint16            port,
          GError           **error)
{
  for (guint attempt = 0; attempt < BIND_ATTEMPTS; attempt++)
    {
      guint16 bound_port = port;
      gboolean retry = FALSE;

      g_ptr_array_set_size (self->sockets, 0);

      for (guint i = 0; i < addresses->len && !retry; i++)
        {
          GInetAddress *inet = g_ptr_array_index (addresses, i);
          g_autoptr(GError) local_error = NULL;
          g_autoptr(GSocket) sock = NULL;

          sock = bind_socket (inet, bound_port, port != 0, &local_error);
          if (sock == NULL && i == 0)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          if (sock == NULL && port == 0
              && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
            {
              retry = TRUE;
            }
          else if (sock == NULL)
            {
              g_autofree char *text = g_inet_address_to_string (inet);

              g_debug ("Discovery responder: not listening on %s: %s", text,
                       local_error->message);
            }
          else
            {
              if (i == 0 && (bound_port = local_port (sock, error)) == 0)
                return FALSE;
              g_ptr_array_add (self->sockets, g_steal_pointer (&sock));
            }
        }

      if (!retry)
        {
          self->port = bound_port;
          return TRUE;
        }
    }

  g_ptr_array_set_size (self->sockets, 0);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
               "Found no port free for discovery on every address after %d attempts",
               BIND_ATTEMPTS);
  return FALSE;
}

static gboolean
is_ipv6_any (GSocket *sock)
{
  g_autoptr(GSocketAddress) local = g_socket_get_local_address (sock, NULL);
  GInetAddress *inet;

  if (local == NULL || g_socket_get_family (sock) != G_SOCKET_FAMILY_IPV6)
    return FALSE;
  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local));
  return g_inet_address_get_is_any (inet);
}

/* Joins the IPv6 discovery group on every interface that can take it, so that multicasts
 * arriving on any link are seen; the system's default interface is the fallback. */
static void
join_group (GSocket *sock)
{
  g_autoptr(GInetAddress) group = g_inet_address_new_from_string (CRIA_DISCOVERY_IPV6_GROUP);
  g_autoptr(GError) error = NULL;
  guint joined = 0;
#ifdef G_OS_UNIX
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  struct ifaddrs *list = NULL;

  if (getifaddrs (&list) != 0)
    {
      g_debug ("Discovery responder: cannot list interfaces: %s", g_strerror (errno));
      list = NULL;
    }

  for (struct ifaddrs *ifa = list; ifa != NULL; ifa = ifa->ifa_next)
    {
      g_autoptr(GError) join_error = NULL;

      if (ifa->ifa_addr == NULL || ifa->ifa_addr->sa_family != AF_INET6
          || (ifa->ifa_flags & (IFF_UP | IFF_MULTICAST)) != (IFF_UP | IFF_MULTICAST)
          || g_ptr_array_find_with_equal_func (seen, ifa->ifa_name, g_str_equal, NULL))
        continue;
      g_ptr_array_add (seen, ifa->ifa_name);

      if (g_socket_join_multicast_group (sock, group, FALSE, ifa->ifa_name, &join_error))
        joined++;
      else
        g_debug ("Discovery responder: cannot join %s on %s: %s", CRIA_DISCOVERY_IPV6_GROUP,
                 ifa->ifa_name, join_error->message);
    }

  if (list != NULL)
    freeifaddrs (list);
#endif

  if (joined == 0 && !g_socket_join_multicast_group (sock, group, FALSE, NULL, &error))
    g_debug ("Discovery responder: cannot join %s: %s", CRIA_DISCOVERY_IPV6_GROUP,
             error->message);
}

CriaSimDiscovery *
cria_sim_discovery_new (const char  *address,
                        guint16      port,
                        guint16      alpaca_port,
                        GError     **error)
{
  g_autoptr(CriaSimDiscovery) self = NULL;
  g_autoptr(GPtrArray) addresses = NULL;
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GBytes) reply = NULL;
  char *text;

  g_return_val_if_fail (alpaca_port != 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  addresses = addresses_for (address, error);
  if (addresses == NULL)
    return NULL;

  self = g_object_new (CRIA_TYPE_SIM_DISCOVERY, NULL);
  self->alpaca_port = alpaca_port;
  if (!bind_all (self, addresses, port, error))
    return NULL;

  /* Exactly the form the reference gives, no spaces. */
  text = g_strdup_printf ("{\"AlpacaPort\":%u}", alpaca_port);
  reply = g_bytes_new_take (text, strlen (text));
  context = g_main_context_ref_thread_default ();

  for (guint i = 0; i < self->sockets->len; i++)
    {
      GSocket *sock = g_ptr_array_index (self->sockets, i);
      GSource *source;

      /* Multicasts reach only a socket bound to the wildcard address. */
      if (is_ipv6_any (sock))
        join_group (sock);

      source = g_socket_create_source (sock, G_IO_IN, NULL);
      g_source_set_callback (source, G_SOURCE_FUNC (on_datagram), g_bytes_ref (reply),
                             (GDestroyNotify) g_bytes_unref);
      g_source_set_static_name (source, "[cria-sim] discovery responder");
      g_source_attach (source, context);
      g_ptr_array_add (self->sources, source);
    }

  return g_steal_pointer (&self);
}

guint16
cria_sim_discovery_get_port (CriaSimDiscovery *self)
{
  g_return_val_if_fail (CRIA_IS_SIM_DISCOVERY (self), 0);

  return self->port;
}

guint16
cria_sim_discovery_get_alpaca_port (CriaSimDiscovery *self)
{
  g_return_val_if_fail (CRIA_IS_SIM_DISCOVERY (self), 0);

  return self->alpaca_port;
}

static void
destroy_source (gpointer data)
{
  g_source_destroy (data);
  g_source_unref (data);
}

static void
close_socket (gpointer data)
{
  g_socket_close (data, NULL);
  g_object_unref (data);
}

static void
cria_sim_discovery_dispose (GObject *object)
{
  CriaSimDiscovery *self = CRIA_SIM_DISCOVERY (object);

  g_ptr_array_set_size (self->sources, 0);
  g_ptr_array_set_size (self->sockets, 0);

  G_OBJECT_CLASS (cria_sim_discovery_parent_class)->dispose (object);
}

static void
cria_sim_discovery_finalize (GObject *object)
{
  CriaSimDiscovery *self = CRIA_SIM_DISCOVERY (object);

  g_ptr_array_unref (self->sources);
  g_ptr_array_unref (self->sockets);

  G_OBJECT_CLASS (cria_sim_discovery_parent_class)->finalize (object);
}

static void
cria_sim_discovery_class_init (CriaSimDiscoveryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cria_sim_discovery_dispose;
  object_class->finalize = cria_sim_discovery_finalize;
}

static void
cria_sim_discovery_init (CriaSimDiscovery *self)
{
  self->sockets = g_ptr_array_new_with_free_func (close_socket);
  self->sources = g_ptr_array_new_with_free_func (destroy_source);
}
