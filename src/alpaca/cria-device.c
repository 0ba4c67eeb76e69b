/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-alpaca"

#include "cria-alpaca-error.h"
#include "cria-device-private.h"

struct _CriaDevice
{
  GObject              parent_instance;

  CriaClient          *client;
  CriaDeviceType       type;
  guint                number;
  char                *name;
  char                *unique_id;
  guint                interface_version;
  CriaConnectionState  state;
  GError              *last_error;

  /* Bumped by every connect and disconnect; an older operation that finds it changed has
   * been superseded and must not touch the state any more. */
  guint                op_serial;
};

G_DEFINE_FINAL_TYPE (CriaDevice, cria_device, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (CriaConnectionState, cria_connection_state,
  G_DEFINE_ENUM_VALUE (CRIA_CONNECTION_DISCONNECTED, "disconnected"),
  G_DEFINE_ENUM_VALUE (CRIA_CONNECTION_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (CRIA_CONNECTION_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (CRIA_CONNECTION_ERROR, "error"))

enum
{
  PROP_0,
  PROP_CLIENT,
  PROP_DEVICE_TYPE,
  PROP_NUMBER,
  PROP_NAME,
  PROP_UNIQUE_ID,
  PROP_INTERFACE_VERSION,
  PROP_CONNECTION_STATE,
  PROP_LAST_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cria_device_finalize (GObject *object)
{
  CriaDevice *self = CRIA_DEVICE (object);

  g_clear_object (&self->client);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->unique_id, g_free);
  g_clear_error (&self->last_error);

  G_OBJECT_CLASS (cria_device_parent_class)->finalize (object);
}

static void
cria_device_set_name (CriaDevice *self,
                      const char *name)
{
  if (g_strcmp0 (self->name, name) == 0)
    return;

  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

static void
cria_device_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CriaDevice *self = CRIA_DEVICE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_DEVICE_TYPE:
      g_value_set_uint (value, self->type);
      break;
    case PROP_NUMBER:
      g_value_set_uint (value, self->number);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_UNIQUE_ID:
      g_value_set_string (value, self->unique_id);
      break;
    case PROP_INTERFACE_VERSION:
      g_value_set_uint (value, self->interface_version);
      break;
    case PROP_CONNECTION_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_LAST_ERROR:
      g_value_set_boxed (value, self->last_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_device_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CriaDevice *self = CRIA_DEVICE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_DEVICE_TYPE:
      self->type = g_value_get_uint (value);
      break;
    case PROP_NUMBER:
      self->number = g_value_get_uint (value);
      break;
    case PROP_NAME:
      cria_device_set_name (self, g_value_get_string (value));
      break;
    case PROP_UNIQUE_ID:
      self->unique_id = g_value_dup_string (value);
      break;
    case PROP_INTERFACE_VERSION:
      cria_device_set_interface_version (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_device_class_init (CriaDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cria_device_finalize;
  object_class->get_property = cria_device_get_property;
  object_class->set_property = cria_device_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, CRIA_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* CriaDeviceType has no GType of its own. */
  properties[PROP_DEVICE_TYPE] =
    g_param_spec_uint ("device-type", NULL, NULL, 0, CRIA_N_DEVICE_TYPES - 1, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                       G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NUMBER] =
    g_param_spec_uint ("number", NULL, NULL, 0, G_MAXUINT32, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                       G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* Writable: a server refresh renames a device without replacing its object. */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_UNIQUE_ID] =
    g_param_spec_string ("unique-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_INTERFACE_VERSION] =
    g_param_spec_uint ("interface-version", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CONNECTION_STATE] =
    g_param_spec_enum ("connection-state", NULL, NULL,
                       CRIA_TYPE_CONNECTION_STATE, CRIA_CONNECTION_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LAST_ERROR] =
    g_param_spec_boxed ("last-error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cria_device_init (CriaDevice *self)
{
  self->state = CRIA_CONNECTION_DISCONNECTED;
}

CriaDevice *
cria_device_new (CriaClient     *client,
                 CriaDeviceType  type,
                 guint           number,
                 const char     *name,
                 const char     *unique_id)
{
  g_return_val_if_fail (CRIA_IS_CLIENT (client), NULL);
  g_return_val_if_fail (type < CRIA_N_DEVICE_TYPES, NULL);

  return g_object_new (CRIA_TYPE_DEVICE,
                       "client", client,
                       "device-type", (guint) type,
                       "number", number,
                       "name", name,
                       "unique-id", unique_id,
                       NULL);
}

CriaClient *
cria_device_get_client (CriaDevice *self)
{
  g_return_val_if_fail (CRIA_IS_DEVICE (self), NULL);
  return self->client;
}

CriaDeviceType
cria_device_get_device_type (CriaDevice *self)
{
  g_return_val_if_fail (CRIA_IS_DEVICE (self), 0);
  return self->type;
}

guint
cria_device_get_number (CriaDevice *self)
{
  g_return_val_if_fail (CRIA_IS_DEVICE (self), 0);
  return self->number;
}

const char *
cria_device_get_name (CriaDevice *self)
{
  g_return_val_if_fail (CRIA_IS_DEVICE (self), NULL);
  return self->name;
}

const char *
cria_device_get_unique_id (CriaDevice *self)
{
  g_return_val_if_fail (CRIA_IS_DEVICE (self), NULL);
  return self->unique_id;
}

guint
cria_device_get_interface_version (CriaDevice *self)
{
  g_return_val_if_fail (CRIA_IS_DEVICE (self), 0);
  return self->interface_version;
}

void
cria_device_set_interface_version (CriaDevice *self,
                                   guint       version)
{
  g_return_if_fail (CRIA_IS_DEVICE (self));

  if (self->interface_version == version)
    return;

  self->interface_version = version;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERFACE_VERSION]);
}

gboolean
cria_device_has_member (CriaDevice     *self,
                        const char     *member,
                        CriaHttpMethod  method)
{
  const CriaMember *entry;

  g_return_val_if_fail (CRIA_IS_DEVICE (self), FALSE);
  g_return_val_if_fail (member != NULL, FALSE);

  entry = cria_member_lookup (self->type, member, method);
  if (entry == NULL)
    return FALSE;

  /* An unknown version cannot rule anything out; the table alone decides. */
  return self->interface_version == 0 || entry->since_version <= self->interface_version;
}

CriaConnectionState
cria_device_get_connection_state (CriaDevice *self)
{
  g_return_val_if_fail (CRIA_IS_DEVICE (self), CRIA_CONNECTION_DISCONNECTED);
  return self->state;
}

const GError *
cria_device_get_last_error (CriaDevice *self)
{
  g_return_val_if_fail (CRIA_IS_DEVICE (self), NULL);
  return self->last_error;
}

/* Sets the state and the error together, so that a handler of notify::connection-state
 * already sees the matching last error. */
void
cria_device_set_connection_state (CriaDevice          *self,
                                  CriaConnectionState  state,
                                  const GError        *error)
{
  gboolean error_changed = FALSE;

  if (error != NULL)
    {
      g_clear_error (&self->last_error);
      self->last_error = g_error_copy (error);
      error_changed = TRUE;
    }
  else if (state != CRIA_CONNECTION_ERROR && self->last_error != NULL)
    {
      g_clear_error (&self->last_error);
      error_changed = TRUE;
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (error_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION_STATE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

guint
cria_device_begin_operation (CriaDevice *self)
{
  return ++self->op_serial;
}

gboolean
cria_device_is_current_operation (CriaDevice *self,
                                  guint       serial)
{
  return self->op_serial == serial;
}

/* Plain member calls. */

/* The network went away, or the device forgot it was connected. */
static gboolean
is_connection_lost (const GError *error)
{
  return g_error_matches (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_CONNECTION)
         || g_error_matches (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_TIMED_OUT)
         || g_error_matches (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_NOT_CONNECTED);
}

static void
member_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CriaDevice *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  JsonNode *value;

  value = cria_client_member_finish (CRIA_CLIENT (source), result, &error);
  /* Every view of the device shows a lost connection, not only the one that asked. */
  if (error != NULL && self->state == CRIA_CONNECTION_CONNECTED && is_connection_lost (error))
    cria_device_set_connection_state (self, CRIA_CONNECTION_ERROR, error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, value, (GDestroyNotify) json_node_unref);
}

static void
member_async (CriaDevice          *self,
              CriaHttpMethod       method,
              const char          *member,
              const char * const  *params,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data,
              gpointer             source_tag)
{
  g_autoptr(GTask) task = NULL;

  /* The task keeps the device alive until the reply is in, whatever the caller does. */
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  cria_client_member_async (self->client, self->type, self->number, method, member, params,
                            0, cancellable, member_cb, g_steal_pointer (&task));
}

void
cria_device_get_async (CriaDevice          *self,
                       const char          *member,
                       const char * const  *params,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (CRIA_IS_DEVICE (self));
  g_return_if_fail (member != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  member_async (self, CRIA_HTTP_GET, member, params, cancellable, callback, user_data,
                cria_device_get_async);
}

JsonNode *
cria_device_get_finish (CriaDevice    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (CRIA_IS_DEVICE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cria_device_get_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cria_device_put_async (CriaDevice          *self,
                       const char          *member,
                       const char * const  *params,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (CRIA_IS_DEVICE (self));
  g_return_if_fail (member != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  member_async (self, CRIA_HTTP_PUT, member, params, cancellable, callback, user_data,
                cria_device_put_async);
}

JsonNode *
cria_device_put_finish (CriaDevice    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (CRIA_IS_DEVICE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cria_device_put_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
