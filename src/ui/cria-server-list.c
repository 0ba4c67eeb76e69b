/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "cria-server-list.h"

#define DISCOVERY_SECONDS 3.0

struct _CriaServerList
{
  GObject        parent_instance;

  GSettings     *settings;
  GListStore    *servers;
  GHashTable    *errors;        /* CriaServer → GError */
  GHashTable    *transient;     /* addresses never remembered, like the built-in simulator's */
  CriaDiscovery *discovery;
  CriaDiscovery *local_discovery;
  GCancellable  *cancellable;
  guint          n_discovering;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CriaServerList, cria_server_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_DISCOVERING,
  N_PROPS
};

enum {
  SERVER_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GType
list_get_item_type (GListModel *model)
{
  return CRIA_TYPE_SERVER;
}

static guint
list_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (CRIA_SERVER_LIST (model)->servers));
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (CRIA_SERVER_LIST (model)->servers), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

static gboolean
find_server (CriaServerList *self,
             const char     *host,
             guint16         port,
             guint          *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->servers));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CriaServer) server = g_list_model_get_item (G_LIST_MODEL (self->servers), i);

      if (cria_server_get_port (server) == port
          && g_ascii_strcasecmp (cria_server_get_host (server), host) == 0)
        {
          if (position != NULL)
            *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Re-announces a server so that views redraw its status. */
static void
server_changed (CriaServerList *self,
                CriaServer     *server)
{
  guint position;

  if (g_list_store_find (self->servers, server, &position))
    g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
}

static void
remember_servers (CriaServerList *self)
{
  GVariantBuilder builder;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->servers));

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sqs)"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CriaServer) server = g_list_model_get_item (G_LIST_MODEL (self->servers), i);
      const char *name = cria_server_get_name (server);

      if (g_hash_table_contains (self->transient, cria_server_get_address (server)))
        continue;
      g_variant_builder_add (&builder, "(sqs)", cria_server_get_host (server),
                             cria_server_get_port (server), name ? name : "");
    }
  g_settings_set_value (self->settings, "servers", g_variant_builder_end (&builder));
}

/* Keeps every known device by UniqueID, replacing entries of devices seen again elsewhere. */
static void
remember_devices (CriaServerList *self,
                  CriaServer     *server)
{
  g_autoptr(GVariant) old = g_settings_get_value (self->settings, "devices");
  GListModel *devices = cria_server_get_devices (server);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GVariantBuilder builder;
  GVariantIter iter;
  const char *host, *type, *name, *uid;
  guint16 port;
  gint32 number;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sqsiss)"));
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(CriaDevice) device = g_list_model_get_item (devices, i);
      const char *unique_id = cria_device_get_unique_id (device);

      if (unique_id == NULL || *unique_id == '\0')
        continue;
      g_hash_table_add (seen, (gpointer) unique_id);
      g_variant_builder_add (&builder, "(sqsiss)", cria_server_get_host (server),
                             cria_server_get_port (server),
                             cria_device_type_to_string (cria_device_get_device_type (device)),
                             (gint32) cria_device_get_number (device),
                             cria_device_get_name (device) ? cria_device_get_name (device) : "",
                             unique_id);
    }

  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "(&sq&si&s&s)", &host, &port, &type, &number, &name, &uid))
    {
      if (g_hash_table_contains (seen, uid))
        continue;
      g_variant_builder_add (&builder, "(sqsiss)", host, port, type, number, name, uid);
    }
  g_settings_set_value (self->settings, "devices", g_variant_builder_end (&builder));
}

/* A device we knew under another address answered here: its server moved, so the stale
 * entry goes, and the new address is remembered instead. */
static void
forget_moved_servers (CriaServerList *self,
                      CriaServer     *server)
{
  g_autoptr(GVariant) known = g_settings_get_value (self->settings, "devices");
  GListModel *devices = cria_server_get_devices (server);
  GVariantIter iter;
  const char *host, *type, *name, *uid;
  guint16 port;
  gint32 number;

  g_variant_iter_init (&iter, known);
  while (g_variant_iter_next (&iter, "(&sq&si&s&s)", &host, &port, &type, &number, &name, &uid))
    {
      guint position;

      if (port == cria_server_get_port (server) && g_str_equal (host, cria_server_get_host (server)))
        continue;

      for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
        {
          g_autoptr(CriaDevice) device = g_list_model_get_item (devices, i);

          if (g_strcmp0 (cria_device_get_unique_id (device), uid) != 0)
            continue;
          if (find_server (self, host, port, &position))
            {
              g_autoptr(CriaServer) stale = g_list_model_get_item (G_LIST_MODEL (self->servers), position);

              if (g_hash_table_contains (self->errors, stale))
                {
                  g_debug ("%s moved from %s to %s", uid, cria_server_get_address (stale),
                           cria_server_get_address (server));
                  cria_server_list_remove (self, stale);
                }
            }
        }
    }
}

/* A server answered its management API: remember it and its devices, and drop stale
 * entries of devices that moved here from another address. */
static void
server_answered (CriaServerList *self,
                 CriaServer     *server)
{
  g_hash_table_remove (self->errors, server);
  if (!g_hash_table_contains (self->transient, cria_server_get_address (server)))
    {
      forget_moved_servers (self, server);
      remember_devices (self, server);
      remember_servers (self);
    }
  server_changed (self, server);
}

static void
on_server_refreshed (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(CriaServerList) self = user_data;
  CriaServer *server = CRIA_SERVER (object);
  g_autoptr(GError) error = NULL;
  gboolean ok = cria_server_refresh_finish (server, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || !g_list_store_find (self->servers, server, NULL))
    return;

  if (ok)
    {
      server_answered (self, server);
      return;
    }

  g_hash_table_replace (self->errors, g_object_ref (server), g_error_copy (error));
  server_changed (self, server);
  g_signal_emit (self, signals[SERVER_ERROR], 0, server, error);
}

static void
apply_timeouts (CriaServerList *self,
                CriaServer     *server)
{
  CriaClient *client = cria_server_get_client (server);

  cria_client_set_timeout (client, g_settings_get_double (self->settings, "property-timeout"));
  cria_client_set_image_timeout (client, g_settings_get_double (self->settings, "image-timeout"));
}

static void
on_timeouts_changed (CriaServerList *self)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->servers)); i++)
    {
      g_autoptr(CriaServer) server = g_list_model_get_item (G_LIST_MODEL (self->servers), i);
      apply_timeouts (self, server);
    }
}

static void
refresh_server (CriaServerList *self,
                CriaServer     *server)
{
  cria_server_refresh_async (server, self->cancellable, on_server_refreshed, g_object_ref (self));
}

/* Returns the listed server at candidate's address, adding candidate when there is none;
 * a newly added server is read unless the caller just did. */
static CriaServer *
ensure_server (CriaServerList *self,
               CriaServer     *candidate,
               gboolean        refresh)
{
  guint position;

  if (find_server (self, cria_server_get_host (candidate), cria_server_get_port (candidate), &position))
    return g_list_model_get_item (G_LIST_MODEL (self->servers), position);

  apply_timeouts (self, candidate);
  g_list_store_append (self->servers, candidate);
  g_list_model_items_changed (G_LIST_MODEL (self), g_list_model_get_n_items (G_LIST_MODEL (self->servers)) - 1, 0, 1);
  if (refresh)
    refresh_server (self, candidate);
  return g_object_ref (candidate);
}

static void
on_discovery_items_changed (GListModel     *model,
                            guint           position,
                            guint           removed,
                            guint           added,
                            CriaServerList *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(CriaServer) found = g_list_model_get_item (model, i);
      g_autoptr(CriaServer) server = ensure_server (self, found, TRUE);
    }
}

static void
set_discovering (CriaServerList *self,
                 gboolean        running)
{
  gboolean was = self->n_discovering > 0;

  if (running)
    self->n_discovering++;
  else if (self->n_discovering > 0)
    self->n_discovering--;

  if (was != (self->n_discovering > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISCOVERING]);
}

static void
on_discovery_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CriaServerList) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cria_discovery_run_finish (CRIA_DISCOVERY (object), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (self, signals[SERVER_ERROR], 0, NULL, error);

  set_discovering (self, FALSE);
}

static void
run_discovery (CriaServerList *self,
               CriaDiscovery  *discovery)
{
  if (cria_discovery_get_running (discovery))
    return;

  set_discovering (self, TRUE);
  cria_discovery_run_async (discovery, DISCOVERY_SECONDS, self->cancellable,
                            on_discovery_done, g_object_ref (self));
}

void
cria_server_list_discover (CriaServerList *self)
{
  g_auto(GStrv) hosts = NULL;
  guint16 port;

  g_return_if_fail (CRIA_IS_SERVER_LIST (self));

  hosts = g_settings_get_strv (self->settings, "discovery-hosts");
  g_settings_get (self->settings, "discovery-port", "q", &port);
  cria_discovery_set_port (self->discovery, port);
  cria_discovery_set_hosts (self->discovery, (const char * const *) hosts);
  cria_discovery_set_broadcast (self->discovery, g_settings_get_boolean (self->settings, "discovery-broadcast"));

  /* Broadcast off and no hosts to ask: nothing to send. */
  if (cria_discovery_get_broadcast (self->discovery) || (hosts != NULL && hosts[0] != NULL))
    run_discovery (self, self->discovery);

  if (self->local_discovery != NULL)
    run_discovery (self, self->local_discovery);

  /* Servers that did not answer before get another chance. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->servers)); i++)
    {
      g_autoptr(CriaServer) server = g_list_model_get_item (G_LIST_MODEL (self->servers), i);

      if (g_hash_table_contains (self->errors, server))
        refresh_server (self, server);
    }
}

void
cria_server_list_discover_local (CriaServerList *self,
                                 guint16         discovery_port)
{
  static const char * const loopback[] = { "127.0.0.1", NULL };

  g_return_if_fail (CRIA_IS_SERVER_LIST (self));

  if (self->local_discovery == NULL)
    {
      self->local_discovery = cria_discovery_new ();
      cria_discovery_set_broadcast (self->local_discovery, FALSE);
      cria_discovery_set_hosts (self->local_discovery, loopback);
      g_signal_connect_object (self->local_discovery, "items-changed",
                               G_CALLBACK (on_discovery_items_changed), self, 0);
    }
  cria_discovery_set_port (self->local_discovery, discovery_port);
  run_discovery (self, self->local_discovery);
}

void
cria_server_list_restore (CriaServerList *self)
{
  g_autoptr(GVariant) servers = g_settings_get_value (self->settings, "servers");
  GVariantIter iter;
  const char *host, *name;
  guint16 port;

  g_variant_iter_init (&iter, servers);
  while (g_variant_iter_next (&iter, "(&sq&s)", &host, &port, &name))
    {
      g_autoptr(CriaServer) candidate = cria_server_new (host, port);
      g_autoptr(CriaServer) server = ensure_server (self, candidate, TRUE);
    }
}

typedef struct
{
  CriaServer *server;
} AddData;

static void
add_data_free (AddData *data)
{
  g_clear_object (&data->server);
  g_free (data);
}

static void
on_add_refreshed (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CriaServerList *self = g_task_get_source_object (task);
  AddData *data = g_task_get_task_data (task);
  g_autoptr(CriaServer) server = NULL;
  GError *error = NULL;

  if (!cria_server_refresh_finish (data->server, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  server = ensure_server (self, data->server, FALSE);
  if (server == data->server)
    server_answered (self, server);
  g_task_return_pointer (task, g_steal_pointer (&server), g_object_unref);
}

void
cria_server_list_add_async (CriaServerList      *self,
                            const char          *host,
                            guint16              port,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AddData *data;

  g_return_if_fail (CRIA_IS_SERVER_LIST (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cria_server_list_add_async);

  data = g_new0 (AddData, 1);
  data->server = cria_server_new (host, port);
  apply_timeouts (self, data->server);
  g_task_set_task_data (task, data, (GDestroyNotify) add_data_free);

  cria_server_refresh_async (data->server, cancellable, on_add_refreshed, g_steal_pointer (&task));
}

CriaServer *
cria_server_list_add_finish (CriaServerList  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cria_server_list_remove (CriaServerList *self,
                         CriaServer     *server)
{
  guint position;

  g_return_if_fail (CRIA_IS_SERVER_LIST (self));

  if (!g_list_store_find (self->servers, server, &position))
    return;

  g_hash_table_remove (self->errors, server);
  g_list_store_remove (self->servers, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  remember_servers (self);
}

void
cria_server_list_add_transient_address (CriaServerList *self,
                                        const char     *host,
                                        guint16         port)
{
  g_return_if_fail (CRIA_IS_SERVER_LIST (self));
  g_hash_table_add (self->transient, cria_format_address (host, port));
}

const GError *
cria_server_list_get_server_error (CriaServerList *self,
                                   CriaServer     *server)
{
  g_return_val_if_fail (CRIA_IS_SERVER_LIST (self), NULL);
  return g_hash_table_lookup (self->errors, server);
}

gboolean
cria_server_list_get_discovering (CriaServerList *self)
{
  g_return_val_if_fail (CRIA_IS_SERVER_LIST (self), FALSE);
  return self->n_discovering > 0;
}

static void
cria_server_list_dispose (GObject *object)
{
  CriaServerList *self = CRIA_SERVER_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->discovery);
  g_clear_object (&self->local_discovery);

  G_OBJECT_CLASS (cria_server_list_parent_class)->dispose (object);
}

static void
cria_server_list_finalize (GObject *object)
{
  CriaServerList *self = CRIA_SERVER_LIST (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->servers);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->errors, g_hash_table_unref);
  g_clear_pointer (&self->transient, g_hash_table_unref);

  G_OBJECT_CLASS (cria_server_list_parent_class)->finalize (object);
}

static void
cria_server_list_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CriaServerList *self = CRIA_SERVER_LIST (object);

  switch (prop_id)
    {
    case PROP_DISCOVERING:
      g_value_set_boolean (value, cria_server_list_get_discovering (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_server_list_class_init (CriaServerListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cria_server_list_dispose;
  object_class->finalize = cria_server_list_finalize;
  object_class->get_property = cria_server_list_get_property;

  properties[PROP_DISCOVERING] =
    g_param_spec_boolean ("discovering", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* server is NULL for errors of discovery itself. */
  signals[SERVER_ERROR] =
    g_signal_new ("server-error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, CRIA_TYPE_SERVER, G_TYPE_ERROR);
}

static void
cria_server_list_init (CriaServerList *self)
{
  self->servers = g_list_store_new (CRIA_TYPE_SERVER);
  self->errors = g_hash_table_new_full (NULL, NULL, g_object_unref, (GDestroyNotify) g_error_free);
  self->transient = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  self->discovery = cria_discovery_new ();
  g_signal_connect_object (self->discovery, "items-changed",
                           G_CALLBACK (on_discovery_items_changed), self, 0);
}

CriaServerList *
cria_server_list_new (GSettings *settings)
{
  CriaServerList *self = g_object_new (CRIA_TYPE_SERVER_LIST, NULL);

  self->settings = g_object_ref (settings);
  g_signal_connect_object (settings, "changed::property-timeout", G_CALLBACK (on_timeouts_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::image-timeout", G_CALLBACK (on_timeouts_changed),
                           self, G_CONNECT_SWAPPED);
  return self;
}
