/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-alpaca"

#include "cria-device.h"

#include "cria-alpaca-error.h"

/* Platform 7 devices report progress through Connecting; poll it at this pace, and give up
 * when a connect or disconnect takes longer than CONNECT_TIMEOUT_S overall. */
#define POLL_INTERVAL_MS  150
#define CONNECT_TIMEOUT_S 30

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

typedef struct
{
  gboolean            connect;        /* FALSE for a disconnect */
  gboolean            platform7;      /* Connect/Disconnect + Connecting, else Connected */
  guint               serial;
  CriaConnectionState previous_state; /* restored when the operation is cancelled */
  GError             *previous_error;
  gint64              deadline;       /* monotonic time at which Connecting polling gives up */
} ConnectOp;

static void
connect_op_free (gpointer data)
{
  ConnectOp *op = data;

  g_clear_error (&op->previous_error);
  g_free (op);
}

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
static void
set_state (CriaDevice          *self,
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

/* Plain member calls. */

static void
member_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  JsonNode *value;

  value = cria_client_member_finish (CRIA_CLIENT (source), result, &error);
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

/* Connect and disconnect: one chain of GETs and PUTs driven by a ConnectOp. */

static gboolean
node_get_bool (JsonNode  *node,
               gboolean  *out_value)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;

  *out_value = json_node_get_boolean (node);
  return TRUE;
}

static void
op_fail (GTask  *task,
         GError *error)
{
  CriaDevice *self = g_task_get_source_object (task);
  ConnectOp *op = g_task_get_task_data (task);

  if (op->serial == self->op_serial)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_state (self, op->previous_state, op->previous_error);
      else
        set_state (self, CRIA_CONNECTION_ERROR, error);
    }

  g_task_return_error (task, error);
}

/* TRUE when the operation has already been returned because it was cancelled or because a
 * newer connect or disconnect took over. */
static gboolean
op_check_abandoned (GTask *task)
{
  CriaDevice *self = g_task_get_source_object (task);
  ConnectOp *op = g_task_get_task_data (task);
  GError *error = NULL;

  if (op->serial != self->op_serial)
    {
      op_fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                          "Superseded by a newer connect or disconnect"));
      return TRUE;
    }

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      op_fail (task, error);
      return TRUE;
    }

  return FALSE;
}

static void op_start_action (GTask *task);

static void
op_verify_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CriaDevice *self = CRIA_DEVICE (source);
  ConnectOp *op = g_task_get_task_data (task);
  g_autoptr(JsonNode) value = NULL;
  GError *error = NULL;
  gboolean connected;

  value = cria_device_get_finish (self, result, &error);
  if (error != NULL)
    {
      op_fail (task, error);
      return;
    }
  if (op_check_abandoned (task))
    return;

  if (!node_get_bool (value, &connected))
    {
      op_fail (task, g_error_new (CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_WRONG_TYPE,
                                  "%s %u sent a Connected value that is not true or false",
                                  cria_device_type_to_string (self->type), self->number));
      return;
    }

  if (connected != op->connect)
    {
      op_fail (task, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                  op->connect
                                  ? "%s %u does not report itself connected after connecting"
                                  : "%s %u still reports itself connected after disconnecting",
                                  cria_device_type_to_string (self->type), self->number));
      return;
    }

  set_state (self, op->connect ? CRIA_CONNECTION_CONNECTED : CRIA_CONNECTION_DISCONNECTED,
             NULL);
  g_task_return_boolean (task, TRUE);
}

static void
op_verify (GTask *task)
{
  CriaDevice *self = g_task_get_source_object (task);

  cria_device_get_async (self, "Connected", NULL, g_task_get_cancellable (task),
                         op_verify_cb, g_object_ref (task));
}

static gboolean op_poll_tick (gpointer user_data);

static void
op_schedule_poll (GTask *task)
{
  g_autoptr(GSource) source = g_timeout_source_new (POLL_INTERVAL_MS);

  /* The source holds a reference on the task while it waits. */
  g_task_attach_source (task, source, op_poll_tick);
}

static void
op_connecting_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CriaDevice *self = CRIA_DEVICE (source);
  ConnectOp *op = g_task_get_task_data (task);
  g_autoptr(JsonNode) value = NULL;
  GError *error = NULL;
  gboolean connecting;

  value = cria_device_get_finish (self, result, &error);
  if (error != NULL)
    {
      op_fail (task, error);
      return;
    }
  if (op_check_abandoned (task))
    return;

  if (!node_get_bool (value, &connecting))
    {
      op_fail (task, g_error_new (CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_WRONG_TYPE,
                                  "%s %u sent a Connecting value that is not true or false",
                                  cria_device_type_to_string (self->type), self->number));
      return;
    }

  if (!connecting)
    {
      op_verify (task);
      return;
    }

  if (g_get_monotonic_time () >= op->deadline)
    {
      op_fail (task, g_error_new (CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_TIMED_OUT,
                                  op->connect
                                  ? "%s %u was still connecting after %d seconds"
                                  : "%s %u was still disconnecting after %d seconds",
                                  cria_device_type_to_string (self->type), self->number,
                                  CONNECT_TIMEOUT_S));
      return;
    }

  op_schedule_poll (task);
}

static gboolean
op_poll_tick (gpointer user_data)
{
  GTask *task = user_data;
  CriaDevice *self = g_task_get_source_object (task);

  if (!op_check_abandoned (task))
    cria_device_get_async (self, "Connecting", NULL, g_task_get_cancellable (task),
                           op_connecting_cb, g_object_ref (task));

  return G_SOURCE_REMOVE;
}

/* Servers that claim a Platform 7 interface but lack Connect/Disconnect answer like this. */
static gboolean
is_missing_member_error (const GError *error)
{
  return g_error_matches (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_NOT_IMPLEMENTED)
         || g_error_matches (error, CRIA_HTTP_ERROR, 400)
         || g_error_matches (error, CRIA_HTTP_ERROR, 404)
         || g_error_matches (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_INVALID_REQUEST);
}

static void
op_action_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CriaDevice *self = CRIA_DEVICE (source);
  ConnectOp *op = g_task_get_task_data (task);
  g_autoptr(JsonNode) value = NULL;
  GError *error = NULL;

  value = cria_device_put_finish (self, result, &error);
  if (error != NULL && op->platform7 && is_missing_member_error (error))
    {
      g_debug ("%s %u: %s failed (%s); falling back to Connected",
               cria_device_type_to_string (self->type), self->number,
               op->connect ? "Connect" : "Disconnect", error->message);
      g_clear_error (&error);
      op->platform7 = FALSE;
      if (!op_check_abandoned (task))
        op_start_action (task);
      return;
    }
  if (error != NULL)
    {
      op_fail (task, error);
      return;
    }
  if (op_check_abandoned (task))
    return;

  if (op->platform7)
    {
      op->deadline = g_get_monotonic_time () + CONNECT_TIMEOUT_S * G_USEC_PER_SEC;
      op_schedule_poll (task);
    }
  else
    {
      op_verify (task);
    }
}

static void
op_start_action (GTask *task)
{
  CriaDevice *self = g_task_get_source_object (task);
  ConnectOp *op = g_task_get_task_data (task);

  if (op->platform7)
    {
      cria_device_put_async (self, op->connect ? "Connect" : "Disconnect", NULL,
                             g_task_get_cancellable (task), op_action_cb, g_object_ref (task));
    }
  else
    {
      const char *params[] = { "Connected", op->connect ? "True" : "False", NULL };

      cria_device_put_async (self, "Connected", params, g_task_get_cancellable (task),
                             op_action_cb, g_object_ref (task));
    }
}

static void
op_choose_action (GTask *task)
{
  CriaDevice *self = g_task_get_source_object (task);
  ConnectOp *op = g_task_get_task_data (task);

  op->platform7 = self->interface_version >= cria_device_type_platform7_version (self->type);
  op_start_action (task);
}

static void
op_interface_version_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CriaDevice *self = CRIA_DEVICE (source);
  g_autoptr(JsonNode) value = NULL;
  GError *error = NULL;

  value = cria_device_get_finish (self, result, &error);
  if (error != NULL && error->domain != CRIA_ALPACA_ERROR)
    {
      op_fail (task, error);
      return;
    }
  if (op_check_abandoned (task))
    {
      g_clear_error (&error);
      return;
    }

  if (error != NULL)
    {
      /* The device answered but refused; an old-style connect still has a chance. */
      g_debug ("%s %u: InterfaceVersion failed (%s); assuming an old interface",
               cria_device_type_to_string (self->type), self->number, error->message);
      g_clear_error (&error);
    }
  else if (value != NULL && JSON_NODE_HOLDS_VALUE (value)
           && json_node_get_value_type (value) == G_TYPE_INT64
           && json_node_get_int (value) >= 0 && json_node_get_int (value) <= G_MAXINT32)
    {
      cria_device_set_interface_version (self, (guint) json_node_get_int (value));
    }
  else
    {
      g_debug ("%s %u: InterfaceVersion is not a non-negative integer; assuming an old interface",
               cria_device_type_to_string (self->type), self->number);
    }

  op_choose_action (task);
}

static void
op_start (CriaDevice          *self,
          gboolean             connect,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          gpointer             source_tag)
{
  g_autoptr(GTask) task = NULL;
  ConnectOp *op;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  op = g_new0 (ConnectOp, 1);
  op->connect = connect;
  op->serial = ++self->op_serial;
  op->previous_state = self->state;
  if (self->state == CRIA_CONNECTION_ERROR && self->last_error != NULL)
    op->previous_error = g_error_copy (self->last_error);
  /* A superseded connect leaves nothing sensible to go back to. */
  if (op->previous_state == CRIA_CONNECTION_CONNECTING)
    op->previous_state = CRIA_CONNECTION_DISCONNECTED;
  g_task_set_task_data (task, op, connect_op_free);

  if (connect)
    set_state (self, CRIA_CONNECTION_CONNECTING, NULL);

  if (op_check_abandoned (task))
    return;

  /* A connect always reads the version afresh: the driver behind the server may have changed. */
  if (connect || self->interface_version == 0)
    cria_device_get_async (self, "InterfaceVersion", NULL, cancellable,
                           op_interface_version_cb, g_steal_pointer (&task));
  else
    op_choose_action (task);
}

void
cria_device_connect_async (CriaDevice          *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (CRIA_IS_DEVICE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op_start (self, TRUE, cancellable, callback, user_data, cria_device_connect_async);
}

gboolean
cria_device_connect_finish (CriaDevice    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (CRIA_IS_DEVICE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cria_device_connect_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
cria_device_disconnect_async (CriaDevice          *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (CRIA_IS_DEVICE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op_start (self, FALSE, cancellable, callback, user_data, cria_device_disconnect_async);
}

gboolean
cria_device_disconnect_finish (CriaDevice    *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (CRIA_IS_DEVICE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cria_device_disconnect_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
