/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-alpaca"

#include "config.h"

#include "cria-discovery.h"
#include "cria-discovery-private.h"

#include <gio/gnetworking.h>
#include <glib/gi18n-lib.h>
#include <string.h>

/* Replies are a few dozen bytes; anything longer than this is not a discovery reply. */
#define RECEIVE_BUFFER_SIZE 2048
/* Datagrams read per wake-up, so that a flood cannot starve the main loop. */
#define RECEIVE_BATCH       64
#define MAX_ROUNDS          100

struct _CriaDiscovery
{
  GObject parent_instance;

  GPtrArray *servers;
  GStrv hosts;
  guint16 port;
  guint rounds;
  gboolean broadcast;

  /* The run in progress; owning it keeps its Run (task data) alive. */
  GTask *task;
};

typedef struct
{
  GMainContext *context;
  GSocket *socket4;
  GSocket *socket6;
  GSource *source4;
  GSource *source6;
  GSource *round_source;
  GSource *end_source;
  GSource *cancel_source;
  GCancellable *resolve_cancellable;
  GPtrArray *unicast;    /* GSocketAddress of the listed hosts */
  GPtrArray *broadcast;  /* GSocketAddress of IPv4 broadcast addresses */
  GArray *multicast;     /* guint interface indexes for the IPv6 group */
  GSocketAddress *group;
  guint rounds_left;
  guint16 port;
  gboolean stopped;
} Run;

static void cria_discovery_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CriaDiscovery, cria_discovery, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      cria_discovery_list_model_init))

enum
{
  PROP_0,
  PROP_PORT,
  PROP_HOSTS,
  PROP_BROADCAST,
  PROP_ROUNDS,
  PROP_RUNNING,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
run_stop (Run *run)
{
  GSource **sources[] = {
    &run->source4, &run->source6, &run->round_source, &run->end_source, &run->cancel_source,
  };

  run->stopped = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      if (*sources[i] != NULL)
        g_source_destroy (*sources[i]);
      g_clear_pointer (sources[i], g_source_unref);
    }
  if (run->resolve_cancellable != NULL)
    g_cancellable_cancel (run->resolve_cancellable);
  if (run->socket4 != NULL)
    g_socket_close (run->socket4, NULL);
  if (run->socket6 != NULL)
    g_socket_close (run->socket6, NULL);
}

static void
run_free (gpointer data)
{
  Run *run = data;

  run_stop (run);
  g_clear_object (&run->socket4);
  g_clear_object (&run->socket6);
  g_clear_object (&run->resolve_cancellable);
  g_clear_pointer (&run->unicast, g_ptr_array_unref);
  g_clear_pointer (&run->broadcast, g_ptr_array_unref);
  g_clear_pointer (&run->multicast, g_array_unref);
  g_clear_object (&run->group);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_free (run);
}

static char *
describe_address (GSocketAddress *address)
{
  return g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (address));
}

static void
send_probe (Run            *run,
            GSocketAddress *address)
{
  g_autoptr(GError) error = NULL;
  GSocket *sock;

  sock = g_socket_address_get_family (address) == G_SOCKET_FAMILY_IPV6
         ? run->socket6 : run->socket4;
  if (sock == NULL)
    return;

  /* Unreachable networks are normal (no route, IPv6 disabled): skip them quietly. */
  if (g_socket_send_to (sock, address, CRIA_DISCOVERY_MESSAGE,
                        strlen (CRIA_DISCOVERY_MESSAGE), NULL, &error) < 0)
    {
      g_autofree char *text = describe_address (address);

      g_debug ("Discovery: cannot send to %s: %s", text, error->message);
    }
}

static void
send_multicast (Run   *run,
                guint  ifindex)
{
  g_autoptr(GError) error = NULL;

  if (!g_socket_set_option (run->socket6, IPPROTO_IPV6, IPV6_MULTICAST_IF, ifindex, &error))
    {
      g_debug ("Discovery: cannot select interface %u for multicast: %s", ifindex,
               error->message);
      return;
    }
  send_probe (run, run->group);
}

static void
run_send_round (Run *run)
{
  for (guint i = 0; i < run->broadcast->len; i++)
    send_probe (run, g_ptr_array_index (run->broadcast, i));
  if (run->socket6 != NULL)
    for (guint i = 0; i < run->multicast->len; i++)
      send_multicast (run, g_array_index (run->multicast, guint, i));
  for (guint i = 0; i < run->unicast->len; i++)
    send_probe (run, g_ptr_array_index (run->unicast, i));
}

static void
on_resolved (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Run *run = g_task_get_task_data (task);
  GList *addresses;

  addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (object), result, &error);
  if (addresses == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Discovery: %s", error->message);
      return;
    }

  if (!run->stopped)
    {
      for (GList *l = addresses; l != NULL; l = l->next)
        {
          g_autoptr(GSocketAddress) address = g_inet_socket_address_new (l->data, run->port);

          if (cria_discovery_address_in_list (run->unicast, address))
            continue;
          /* This one missed the rounds sent while resolving; catch up once. */
          send_probe (run, address);
          g_ptr_array_add (run->unicast, g_steal_pointer (&address));
        }
    }
  g_resolver_free_addresses (addresses);
}

static void
run_add_hosts (Run                *run,
               GTask              *task,
               const char * const *hosts)
{
  g_autoptr(GResolver) resolver = NULL;

  for (guint i = 0; hosts != NULL && hosts[i] != NULL; i++)
    {
      g_autofree char *host = g_strstrip (g_strdup (hosts[i]));
      g_autoptr(GSocketAddress) address = NULL;

      if (*host == '\0')
        continue;

      address = cria_discovery_literal_address (host, run->port);
      if (address != NULL)
        {
          if (!cria_discovery_address_in_list (run->unicast, address))
            g_ptr_array_add (run->unicast, g_steal_pointer (&address));
          continue;
        }

      if (resolver == NULL)
        resolver = g_resolver_get_default ();
      g_resolver_lookup_by_name_async (resolver, host, run->resolve_cancellable,
                                       on_resolved, g_object_ref (task));
    }
}

static void
add_server (CriaDiscovery *self,
            const char    *host,
            guint16        alpaca_port)
{
  for (guint i = 0; i < self->servers->len; i++)
    {
      CriaServer *server = g_ptr_array_index (self->servers, i);

      if (cria_server_get_port (server) == alpaca_port
          && g_strcmp0 (cria_server_get_host (server), host) == 0)
        return;
    }

  g_debug ("Discovery: found an Alpaca server at %s, port %u", host, alpaca_port);
  g_ptr_array_add (self->servers, cria_server_new (host, alpaca_port));
  g_list_model_items_changed (G_LIST_MODEL (self), self->servers->len - 1, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static gboolean
on_socket_readable (GSocket      *sock,
                    GIOCondition  condition,
                    gpointer      user_data)
{
  GTask *task = user_data;
  CriaDiscovery *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  char buffer[RECEIVE_BUFFER_SIZE];

  for (guint i = 0; i < RECEIVE_BATCH && !run->stopped; i++)
    {
      g_autoptr(GSocketAddress) source = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *host = NULL;
      guint16 alpaca_port = 0;
      gssize received;

      received = g_socket_receive_from (sock, &source, buffer, sizeof buffer, NULL, &error);
      if (received < 0)
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            g_debug ("Discovery: receive failed: %s", error->message);
          break;
        }
      if (!G_IS_INET_SOCKET_ADDRESS (source))
        continue;

      host = cria_discovery_host_from_address (G_INET_SOCKET_ADDRESS (source));
      if (!cria_discovery_parse_reply (buffer, received, &alpaca_port))
        {
          g_debug ("Discovery: ignoring an invalid reply from %s (%" G_GSSIZE_FORMAT " bytes)",
                   host, received);
          continue;
        }
      add_server (self, host, alpaca_port);
    }

  return G_SOURCE_CONTINUE;
}

static void
notify_running (CriaDiscovery *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
run_complete (CriaDiscovery *self,
              GError        *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  run_stop (g_task_get_task_data (task));
  notify_running (self);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
on_round (gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  run_send_round (run);
  run->rounds_left--;
  if (run->rounds_left > 0)
    return G_SOURCE_CONTINUE;

  g_clear_pointer (&run->round_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

static gboolean
on_timeout (gpointer user_data)
{
  GTask *task = user_data;

  run_complete (g_task_get_source_object (task), NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;

  run_complete (g_task_get_source_object (task),
                g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                     _("Discovery was cancelled")));
  return G_SOURCE_REMOVE;
}

static GSource *
run_attach (Run         *run,
            GSource     *source,
            GSourceFunc  callback,
            GTask       *task)
{
  /* The task outlives the sources: run_stop() destroys them before the task is dropped. */
  g_source_set_callback (source, callback, task, NULL);
  g_source_set_static_name (source, "[cria] discovery");
  g_source_attach (source, run->context);
  return source;
}

static gboolean
run_open_sockets (Run     *run,
                  GError **error)
{
  g_autoptr(GError) error4 = NULL;
  g_autoptr(GError) error6 = NULL;

  run->socket4 = cria_discovery_open_socket (G_SOCKET_FAMILY_IPV4, &error4);
  run->socket6 = cria_discovery_open_socket (G_SOCKET_FAMILY_IPV6, &error6);

  if (run->socket4 == NULL && run->socket6 == NULL)
    {
      g_set_error (error, G_IO_ERROR, error4->code,
                   /* TRANSLATORS: the IPv4 error, then the IPv6 one. */
                   _("Cannot open a socket for discovery: %s; %s"), error4->message,
                   error6->message);
      return FALSE;
    }
  if (error4 != NULL)
    g_debug ("Discovery: no IPv4 socket: %s", error4->message);
  if (error6 != NULL)
    g_debug ("Discovery: no IPv6 socket: %s", error6->message);
  return TRUE;
}

void
cria_discovery_run_async (CriaDiscovery       *self,
                          double               timeout,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Run *run;
  guint timeout_ms;

  g_return_if_fail (CRIA_IS_DISCOVERY (self));
  g_return_if_fail (timeout > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cria_discovery_run_async);

  if (self->task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("A discovery is already running"));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  /* The settings are copied: changing them affects the next run. */
  run = g_new0 (Run, 1);
  run->context = g_main_context_ref_thread_default ();
  run->port = self->port;
  run->rounds_left = self->rounds;
  run->unicast = g_ptr_array_new_with_free_func (g_object_unref);
  run->broadcast = g_ptr_array_new_with_free_func (g_object_unref);
  run->multicast = g_array_new (FALSE, FALSE, sizeof (guint));
  run->resolve_cancellable = g_cancellable_new ();
  g_task_set_task_data (task, run, run_free);

  if (!run_open_sockets (run, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (self->broadcast)
    {
      run->group = g_inet_socket_address_new_from_string (CRIA_DISCOVERY_IPV6_GROUP, run->port);
      cria_discovery_collect_interfaces (run->port, run->broadcast, run->multicast);
    }
  run_add_hosts (run, task, (const char * const *) self->hosts);

  self->task = g_object_ref (task);
  notify_running (self);

  if (run->socket4 != NULL)
    run->source4 = run_attach (run, g_socket_create_source (run->socket4, G_IO_IN, NULL),
                               G_SOURCE_FUNC (on_socket_readable), task);
  if (run->socket6 != NULL)
    run->source6 = run_attach (run, g_socket_create_source (run->socket6, G_IO_IN, NULL),
                               G_SOURCE_FUNC (on_socket_readable), task);
  if (cancellable != NULL)
    run->cancel_source = run_attach (run, g_cancellable_source_new (cancellable),
                                     G_SOURCE_FUNC (on_cancelled), task);

  timeout_ms = (guint) CLAMP (timeout * 1000.0, 1.0, (double) G_MAXINT);
  run->end_source = run_attach (run, g_timeout_source_new (timeout_ms), on_timeout, task);

  run_send_round (run);
  run->rounds_left--;
  if (run->rounds_left > 0)
    run->round_source = run_attach (run, g_timeout_source_new (MAX (timeout_ms / self->rounds, 1)),
                                    on_round, task);
}

gboolean
cria_discovery_run_finish (CriaDiscovery  *self,
                           GAsyncResult   *result,
                           GError        **error)
{
  g_return_val_if_fail (CRIA_IS_DISCOVERY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cria_discovery_run_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

CriaDiscovery *
cria_discovery_new (void)
{
  return g_object_new (CRIA_TYPE_DISCOVERY, NULL);
}

guint16
cria_discovery_get_port (CriaDiscovery *self)
{
  g_return_val_if_fail (CRIA_IS_DISCOVERY (self), 0);

  return self->port;
}

void
cria_discovery_set_port (CriaDiscovery *self,
                         guint16        port)
{
  g_return_if_fail (CRIA_IS_DISCOVERY (self));
  g_return_if_fail (port > 0);

  if (self->port == port)
    return;
  self->port = port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
}

const char * const *
cria_discovery_get_hosts (CriaDiscovery *self)
{
  g_return_val_if_fail (CRIA_IS_DISCOVERY (self), NULL);

  return (const char * const *) self->hosts;
}

void
cria_discovery_set_hosts (CriaDiscovery      *self,
                          const char * const *hosts)
{
  static const char * const empty[] = { NULL };

  g_return_if_fail (CRIA_IS_DISCOVERY (self));

  if (hosts == NULL)
    hosts = empty;
  if (g_strv_equal ((const char * const *) self->hosts, hosts))
    return;
  g_strfreev (self->hosts);
  self->hosts = g_strdupv ((char **) hosts);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOSTS]);
}

gboolean
cria_discovery_get_broadcast (CriaDiscovery *self)
{
  g_return_val_if_fail (CRIA_IS_DISCOVERY (self), FALSE);

  return self->broadcast;
}

void
cria_discovery_set_broadcast (CriaDiscovery *self,
                              gboolean       broadcast)
{
  g_return_if_fail (CRIA_IS_DISCOVERY (self));

  broadcast = !!broadcast;
  if (self->broadcast == broadcast)
    return;
  self->broadcast = broadcast;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BROADCAST]);
}

guint
cria_discovery_get_rounds (CriaDiscovery *self)
{
  g_return_val_if_fail (CRIA_IS_DISCOVERY (self), 0);

  return self->rounds;
}

void
cria_discovery_set_rounds (CriaDiscovery *self,
                           guint          rounds)
{
  g_return_if_fail (CRIA_IS_DISCOVERY (self));
  g_return_if_fail (rounds >= 1 && rounds <= MAX_ROUNDS);

  if (self->rounds == rounds)
    return;
  self->rounds = rounds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROUNDS]);
}

gboolean
cria_discovery_get_running (CriaDiscovery *self)
{
  g_return_val_if_fail (CRIA_IS_DISCOVERY (self), FALSE);

  return self->task != NULL;
}

static GType
cria_discovery_get_item_type (GListModel *model)
{
  return CRIA_TYPE_SERVER;
}

static guint
cria_discovery_get_n_items (GListModel *model)
{
  return CRIA_DISCOVERY (model)->servers->len;
}

static gpointer
cria_discovery_get_item (GListModel *model,
                         guint       position)
{
  CriaDiscovery *self = CRIA_DISCOVERY (model);

  if (position >= self->servers->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->servers, position));
}

static void
cria_discovery_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = cria_discovery_get_item_type;
  iface->get_n_items = cria_discovery_get_n_items;
  iface->get_item = cria_discovery_get_item;
}

static void
cria_discovery_finalize (GObject *object)
{
  CriaDiscovery *self = CRIA_DISCOVERY (object);

  g_clear_pointer (&self->servers, g_ptr_array_unref);
  g_clear_pointer (&self->hosts, g_strfreev);

  G_OBJECT_CLASS (cria_discovery_parent_class)->finalize (object);
}

static void
cria_discovery_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CriaDiscovery *self = CRIA_DISCOVERY (object);

  switch (prop_id)
    {
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_HOSTS:
      g_value_set_boxed (value, self->hosts);
      break;
    case PROP_BROADCAST:
      g_value_set_boolean (value, self->broadcast);
      break;
    case PROP_ROUNDS:
      g_value_set_uint (value, self->rounds);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, cria_discovery_get_running (self));
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->servers->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_discovery_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CriaDiscovery *self = CRIA_DISCOVERY (object);

  switch (prop_id)
    {
    case PROP_PORT:
      cria_discovery_set_port (self, g_value_get_uint (value));
      break;
    case PROP_HOSTS:
      cria_discovery_set_hosts (self, g_value_get_boxed (value));
      break;
    case PROP_BROADCAST:
      cria_discovery_set_broadcast (self, g_value_get_boolean (value));
      break;
    case PROP_ROUNDS:
      cria_discovery_set_rounds (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_discovery_class_init (CriaDiscoveryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cria_discovery_finalize;
  object_class->get_property = cria_discovery_get_property;
  object_class->set_property = cria_discovery_set_property;

  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 1, G_MAXUINT16, CRIA_DISCOVERY_DEFAULT_PORT,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HOSTS] =
    g_param_spec_boxed ("hosts", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BROADCAST] =
    g_param_spec_boolean ("broadcast", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ROUNDS] =
    g_param_spec_uint ("rounds", NULL, NULL, 1, MAX_ROUNDS, 3,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cria_discovery_init (CriaDiscovery *self)
{
  self->servers = g_ptr_array_new_with_free_func (g_object_unref);
  self->hosts = g_new0 (char *, 1);
  self->port = CRIA_DISCOVERY_DEFAULT_PORT;
  self->rounds = 3;
  self->broadcast = TRUE;
}
