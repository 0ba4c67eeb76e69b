/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-sim"

#include "config.h"

#include <math.h>

#include "cria-sim-device.h"
#include "cria-sim-private.h"

/* Connect() and Disconnect() take this long in simulated seconds. */
#define CONNECT_SECONDS 1.0

typedef struct
{
  GRecMutex      lock;
  CriaSimServer *server;
  char          *name;
  char          *unique_id;
  guint          number;
  double         speed;
  gint64         created_us;

  gboolean       connected;
  /* An asynchronous Connect() or Disconnect() in progress; it completes lazily when state
   * is next read, so status is always computed from the clock. */
  gboolean       connecting;
  gboolean       connect_target;
  double         connect_done_at;
} CriaSimDevicePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (CriaSimDevice, cria_sim_device, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_NUMBER,
  PROP_NAME,
  PROP_UNIQUE_ID,
  PROP_SPEED,
  PROP_SERVER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_QUARK (cria-sim-device-type, device_type)

void
cria_sim_device_class_set_device_type (CriaSimDeviceClass *klass,
                                       CriaDeviceType      type)
{
  g_return_if_fail (CRIA_IS_SIM_DEVICE_CLASS (klass));
  g_return_if_fail (type < CRIA_N_DEVICE_TYPES);

  /* Stored off by one so that 0 means "not set". */
  g_type_set_qdata (G_TYPE_FROM_CLASS (klass), device_type_quark (),
                    GUINT_TO_POINTER (type + 1));
}

CriaDeviceType
cria_sim_device_type_of (GType type)
{
  /* class_init sets the type, so make sure it has run. */
  g_autoptr(GTypeClass) klass = g_type_class_ref (type);

  for (; g_type_is_a (type, CRIA_TYPE_SIM_DEVICE) && type != CRIA_TYPE_SIM_DEVICE;
       type = g_type_parent (type))
    {
      guint stored = GPOINTER_TO_UINT (g_type_get_qdata (type, device_type_quark ()));

      if (stored != 0)
        return stored - 1;
    }

  return CRIA_N_DEVICE_TYPES;
}

CriaDeviceType
cria_sim_device_get_device_type (CriaSimDevice *self)
{
  CriaDeviceType type;

  g_return_val_if_fail (CRIA_IS_SIM_DEVICE (self), CRIA_N_DEVICE_TYPES);

  type = cria_sim_device_type_of (G_OBJECT_TYPE (self));
  if (type >= CRIA_N_DEVICE_TYPES)
    g_critical ("%s did not call cria_sim_device_class_set_device_type()",
                G_OBJECT_TYPE_NAME (self));
  return type;
}

static void
cria_sim_device_finalize (GObject *object)
{
  CriaSimDevice *self = CRIA_SIM_DEVICE (object);
  CriaSimDevicePrivate *priv = cria_sim_device_get_instance_private (self);

  g_free (priv->name);
  g_free (priv->unique_id);
  g_rec_mutex_clear (&priv->lock);

  G_OBJECT_CLASS (cria_sim_device_parent_class)->finalize (object);
}

static void
cria_sim_device_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CriaSimDevice *self = CRIA_SIM_DEVICE (object);
  CriaSimDevicePrivate *priv = cria_sim_device_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_NUMBER:
      g_value_set_uint (value, priv->number);
      break;
    case PROP_NAME:
      g_value_set_string (value, priv->name);
      break;
    case PROP_UNIQUE_ID:
      g_value_set_string (value, priv->unique_id);
      break;
    case PROP_SPEED:
      g_value_set_double (value, priv->speed);
      break;
    case PROP_SERVER:
      g_value_set_pointer (value, priv->server);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_sim_device_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CriaSimDevice *self = CRIA_SIM_DEVICE (object);
  CriaSimDevicePrivate *priv = cria_sim_device_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_NUMBER:
      priv->number = g_value_get_uint (value);
      break;
    case PROP_NAME:
      g_free (priv->name);
      priv->name = g_value_dup_string (value);
      break;
    case PROP_UNIQUE_ID:
      g_free (priv->unique_id);
      priv->unique_id = g_value_dup_string (value);
      break;
    case PROP_SPEED:
      /* 0 means real time, like CriaSimOptions.speed. */
      priv->speed = g_value_get_double (value) > 0 ? g_value_get_double (value) : 1.0;
      break;
    case PROP_SERVER:
      priv->server = g_value_get_pointer (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_sim_device_class_init (CriaSimDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cria_sim_device_finalize;
  object_class->get_property = cria_sim_device_get_property;
  object_class->set_property = cria_sim_device_set_property;

  properties[PROP_NUMBER] =
    g_param_spec_uint ("number", NULL, NULL, 0, G_MAXUINT32, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                       G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_UNIQUE_ID] =
    g_param_spec_string ("unique-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL, 0, G_MAXDOUBLE, 1.0,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* Unowned: the server outlives its devices. */
  properties[PROP_SERVER] =
    g_param_spec_pointer ("server", NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cria_sim_device_init (CriaSimDevice *self)
{
  CriaSimDevicePrivate *priv = cria_sim_device_get_instance_private (self);

  g_rec_mutex_init (&priv->lock);
  priv->speed = 1.0;
  priv->created_us = g_get_monotonic_time ();
}

CriaSimServer *
cria_sim_device_get_server (CriaSimDevice *self)
{
  CriaSimDevicePrivate *priv = cria_sim_device_get_instance_private (self);

  g_return_val_if_fail (CRIA_IS_SIM_DEVICE (self), NULL);

  return priv->server;
}

guint
cria_sim_device_get_number (CriaSimDevice *self)
{
  CriaSimDevicePrivate *priv = cria_sim_device_get_instance_private (self);

  g_return_val_if_fail (CRIA_IS_SIM_DEVICE (self), 0);

  return priv->number;
}

const char *
cria_sim_device_get_name (CriaSimDevice *self)
{
  CriaSimDevicePrivate *priv = cria_sim_device_get_instance_private (self);

  g_return_val_if_fail (CRIA_IS_SIM_DEVICE (self), NULL);

  if (priv->name == NULL)
    return cria_device_type_to_string (cria_sim_device_get_device_type (self));
  return priv->name;
}

const char *
cria_sim_device_get_unique_id (CriaSimDevice *self)
{
  CriaSimDevicePrivate *priv = cria_sim_device_get_instance_private (self);

  g_return_val_if_fail (CRIA_IS_SIM_DEVICE (self), NULL);

  return priv->unique_id != NULL ? priv->unique_id : "";
}

double
cria_sim_device_get_speed (CriaSimDevice *self)
{
  CriaSimDevicePrivate *priv = cria_sim_device_get_instance_private (self);

  g_return_val_if_fail (CRIA_IS_SIM_DEVICE (self), 1.0);

  return priv->speed;
}

double
cria_sim_device_get_time (CriaSimDevice *self)
{
  CriaSimDevicePrivate *priv = cria_sim_device_get_instance_private (self);

  g_return_val_if_fail (CRIA_IS_SIM_DEVICE (self), 0.0);

  return (g_get_monotonic_time () - priv->created_us) / (double) G_USEC_PER_SEC * priv->speed;
}

void
cria_sim_device_lock (CriaSimDevice *self)
{
  CriaSimDevicePrivate *priv = cria_sim_device_get_instance_private (self);

  g_return_if_fail (CRIA_IS_SIM_DEVICE (self));

  g_rec_mutex_lock (&priv->lock);
}

void
cria_sim_device_unlock (CriaSimDevice *self)
{
  CriaSimDevicePrivate *priv = cria_sim_device_get_instance_private (self);

  g_return_if_fail (CRIA_IS_SIM_DEVICE (self));

  g_rec_mutex_unlock (&priv->lock);
}

/* Lock held. */
static void
set_connected (CriaSimDevice *self,
               gboolean       connected)
{
  CriaSimDevicePrivate *priv = cria_sim_device_get_instance_private (self);
  CriaSimDeviceClass *klass = CRIA_SIM_DEVICE_GET_CLASS (self);

  connected = !!connected;
  if (priv->connected == connected)
    return;

  priv->connected = connected;
  g_debug ("%s %u %s", cria_device_type_to_string (cria_sim_device_get_device_type (self)),
           priv->number, connected ? "connected" : "disconnected");
  if (klass->connected_changed != NULL)
    klass->connected_changed (self, connected);
}

/* Lock held: finishes a Connect() or Disconnect() whose time has come. */
static void
update_connection (CriaSimDevice *self)
{
  CriaSimDevicePrivate *priv = cria_sim_device_get_instance_private (self);

  if (priv->connecting && cria_sim_device_get_time (self) >= priv->connect_done_at)
    {
      priv->connecting = FALSE;
      set_connected (self, priv->connect_target);
    }
}

static void
start_connecting (CriaSimDevice *self,
                  gboolean       target)
{
  CriaSimDevicePrivate *priv = cria_sim_device_get_instance_private (self);

  if (priv->connecting)
    {
      /* Reversing a change in progress: the reversal takes the full time again. */
      if (priv->connect_target == target)
        return;
    }
  else if (priv->connected == target)
    {
      return;
    }

  priv->connecting = TRUE;
  priv->connect_target = target;
  priv->connect_done_at = cria_sim_device_get_time (self) + CONNECT_SECONDS;
}

gboolean
cria_sim_device_get_connected (CriaSimDevice *self)
{
  CriaSimDevicePrivate *priv = cria_sim_device_get_instance_private (self);
  gboolean connected;

  g_return_val_if_fail (CRIA_IS_SIM_DEVICE (self), FALSE);

  g_rec_mutex_lock (&priv->lock);
  update_connection (self);
  connected = priv->connected;
  g_rec_mutex_unlock (&priv->lock);

  return connected;
}

static gboolean
validate_params (const CriaMember  *member,
                 CriaSimRequest    *request,
                 GError           **error)
{
  guint i;

  for (i = 0; i < member->n_params; i++)
    {
      const CriaParamSpec *param = &member->params[i];
      gboolean b;
      gint64 n;
      double d;
      gboolean ok;

      switch (param->type)
        {
        case CRIA_VALUE_BOOL:
          ok = cria_sim_request_get_bool (request, param->name, &b, error);
          break;
        case CRIA_VALUE_INT:
          ok = cria_sim_request_get_int (request, param->name, &n, error);
          break;
        case CRIA_VALUE_DOUBLE:
          ok = cria_sim_request_get_double (request, param->name, &d, error);
          break;
        default:
          ok = cria_sim_request_get_string (request, param->name, error) != NULL;
          break;
        }

      if (!ok)
        {
          g_prefix_error (error, "%s: ", member->name);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
not_implemented (CriaSimDevice     *self,
                 const CriaMember  *member,
                 GError           **error)
{
  g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_NOT_IMPLEMENTED,
               "%s.%s is not implemented by this simulated device",
               cria_device_type_to_string (cria_sim_device_get_device_type (self)),
               member->name);
  return FALSE;
}

static JsonNode *
device_state (CriaSimDevice *self)
{
  CriaSimDeviceClass *klass = CRIA_SIM_DEVICE_GET_CLASS (self);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");

  json_builder_begin_array (builder);
  if (klass->add_device_state != NULL)
    klass->add_device_state (self, builder);
  cria_sim_device_state_add (builder, "TimeStamp", cria_sim_value_string (stamp));
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static gboolean
run_action (CriaSimDevice   *self,
            CriaSimRequest  *request,
            CriaSimReply    *reply,
            GError         **error)
{
  CriaSimDeviceClass *klass = CRIA_SIM_DEVICE_GET_CLASS (self);
  const char *action = cria_sim_request_get_string (request, "Action", NULL);
  const char *parameters = cria_sim_request_get_string (request, "Parameters", NULL);
  const char *known = NULL;
  g_autofree char *result = NULL;
  guint i;

  for (i = 0; klass->supported_actions != NULL && klass->supported_actions[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (klass->supported_actions[i], action) == 0)
        {
          known = klass->supported_actions[i];
          break;
        }
    }

  if (known == NULL || klass->action == NULL)
    {
      g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_ACTION_NOT_IMPLEMENTED,
                   "Action “%s” is not supported by this device", action);
      return FALSE;
    }

  if (!klass->action (self, known, parameters != NULL ? parameters : "", &result, error))
    return FALSE;

  reply->value = cria_sim_value_string (result);
  return TRUE;
}

static gboolean
require_connected (CriaSimDevice     *self,
                   const CriaMember  *member,
                   GError           **error)
{
  CriaSimDevicePrivate *priv = cria_sim_device_get_instance_private (self);

  if (priv->connected)
    return TRUE;

  g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_NOT_CONNECTED,
               "%s %s is not connected: connect before using %s",
               cria_device_type_to_string (cria_sim_device_get_device_type (self)),
               cria_sim_device_get_name (self), member->name);
  return FALSE;
}

static gboolean
is (const CriaMember *member,
    const char       *name)
{
  return g_ascii_strcasecmp (member->name, name) == 0;
}

static gboolean
answers_while_disconnected (CriaSimDeviceClass *klass,
                            const CriaMember   *member)
{
  guint i;

  for (i = 0; klass->disconnected_members != NULL && klass->disconnected_members[i] != NULL; i++)
    if (is (member, klass->disconnected_members[i]))
      return TRUE;

  return FALSE;
}

/* Lock held. Members every device answers, connected or not; the rest go to the subclass. */
static gboolean
dispatch (CriaSimDevice     *self,
          const CriaMember  *member,
          CriaHttpMethod     method,
          CriaSimRequest    *request,
          CriaSimReply      *reply,
          GError           **error)
{
  CriaSimDevicePrivate *priv = cria_sim_device_get_instance_private (self);
  CriaSimDeviceClass *klass = CRIA_SIM_DEVICE_GET_CLASS (self);
  CriaDeviceType type = cria_sim_device_get_device_type (self);
  g_autofree char *lowercase = NULL;
  gboolean handled;

  if (is (member, "Connect"))
    start_connecting (self, TRUE);
  else if (is (member, "Disconnect"))
    start_connecting (self, FALSE);
  else if (is (member, "Connecting"))
    reply->value = cria_sim_value_bool (priv->connecting);
  else if (is (member, "Connected") && method == CRIA_HTTP_GET)
    reply->value = cria_sim_value_bool (priv->connected);
  else if (is (member, "Connected"))
    {
      gboolean connected = FALSE;

      if (!cria_sim_request_get_bool (request, "Connected", &connected, error))
        return FALSE;
      /* The Connected setter is synchronous and cancels a pending Connect()/Disconnect(). */
      priv->connecting = FALSE;
      set_connected (self, connected);
    }
  else if (is (member, "Name"))
    reply->value = cria_sim_value_string (cria_sim_device_get_name (self));
  else if (is (member, "Description"))
    {
      g_autofree char *text = g_strdup_printf ("Simulated %s of the Cria Alpaca simulator",
                                               cria_device_type_to_string (type));
      reply->value = cria_sim_value_string (text);
    }
  else if (is (member, "DriverInfo"))
    reply->value = cria_sim_value_string ("Cria Alpaca simulator: simulated devices for "
                                          "testing Alpaca clients without hardware");
  else if (is (member, "DriverVersion"))
    reply->value = cria_sim_value_string (CRIA_VERSION);
  else if (is (member, "InterfaceVersion"))
    reply->value = cria_sim_value_int (cria_device_type_platform7_version (type));
  else if (is (member, "SupportedActions"))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      guint i;

      json_builder_begin_array (builder);
      for (i = 0; klass->supported_actions != NULL && klass->supported_actions[i] != NULL; i++)
        json_builder_add_string_value (builder, klass->supported_actions[i]);
      json_builder_end_array (builder);
      reply->value = json_builder_get_root (builder);
    }
  else if (is (member, "CommandBlind") || is (member, "CommandBool") || is (member, "CommandString"))
    return not_implemented (self, member, error);
  else if (!answers_while_disconnected (klass, member)
           && !require_connected (self, member, error))
    return FALSE;
  else if (is (member, "DeviceState"))
    reply->value = device_state (self);
  else if (is (member, "Action"))
    return run_action (self, request, reply, error);
  else
    {
      GError *local_error = NULL;

      if (klass->handle == NULL)
        return not_implemented (self, member, error);

      lowercase = g_ascii_strdown (member->name, -1);
      handled = klass->handle (self, method, lowercase, request, reply, &local_error);
      if (!handled)
        {
          cria_sim_reply_clear (reply);
          if (local_error == NULL)
            return not_implemented (self, member, error);
          g_propagate_error (error, local_error);
          return FALSE;
        }

      if (member->value_type != CRIA_VALUE_NONE && reply->value == NULL && reply->bytes == NULL)
        {
          g_critical ("%s answered %s without a value", G_OBJECT_TYPE_NAME (self), member->name);
          g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_DRIVER_FIRST,
                       "Internal simulator error: %s has no value", member->name);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
cria_sim_device_handle (CriaSimDevice   *self,
                        CriaHttpMethod   method,
                        const char      *member,
                        CriaSimRequest  *request,
                        CriaSimReply    *reply,
                        GError         **error)
{
  CriaSimDevicePrivate *priv = cria_sim_device_get_instance_private (self);
  CriaDeviceType type;
  const CriaMember *spec;
  gboolean ok;

  g_return_val_if_fail (CRIA_IS_SIM_DEVICE (self), FALSE);
  g_return_val_if_fail (member != NULL && request != NULL && reply != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  type = cria_sim_device_get_device_type (self);
  if (type >= CRIA_N_DEVICE_TYPES)
    {
      g_set_error (error, CRIA_SIM_ERROR, CRIA_SIM_ERROR_BAD_REQUEST,
                   "This device has no type");
      return FALSE;
    }

  spec = cria_member_lookup (type, member, method);
  if (spec == NULL)
    {
      CriaHttpMethod other = method == CRIA_HTTP_GET ? CRIA_HTTP_PUT : CRIA_HTTP_GET;
      const CriaMember *other_spec = cria_member_lookup (type, member, other);

      if (other_spec != NULL)
        g_set_error (error, CRIA_SIM_ERROR, CRIA_SIM_ERROR_BAD_REQUEST,
                     "%s.%s does not accept HTTP %s; use %s",
                     cria_device_type_to_string (type), other_spec->name,
                     method == CRIA_HTTP_GET ? "GET" : "PUT",
                     other == CRIA_HTTP_GET ? "GET" : "PUT");
      else
        g_set_error (error, CRIA_SIM_ERROR, CRIA_SIM_ERROR_BAD_REQUEST,
                     "“%s” is not a member of the %s interface",
                     member, cria_device_type_to_string (type));
      return FALSE;
    }

  if (!validate_params (spec, request, error))
    return FALSE;

  g_rec_mutex_lock (&priv->lock);
  update_connection (self);
  ok = dispatch (self, spec, method, request, reply, error);
  g_rec_mutex_unlock (&priv->lock);

  return ok;
}

JsonNode *
cria_sim_device_dup_state (CriaSimDevice *self)
{
  CriaSimDevicePrivate *priv = cria_sim_device_get_instance_private (self);
  JsonNode *state = NULL;

  g_return_val_if_fail (CRIA_IS_SIM_DEVICE (self), NULL);

  g_rec_mutex_lock (&priv->lock);
  update_connection (self);
  if (priv->connected)
    state = device_state (self);
  g_rec_mutex_unlock (&priv->lock);

  return state;
}

void
cria_sim_device_state_add (JsonBuilder *builder,
                           const char  *name,
                           JsonNode    *value)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (name != NULL && value != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "Value");
  json_builder_add_value (builder, value);
  json_builder_end_object (builder);
}

JsonNode *
cria_sim_value_bool (gboolean value)
{
  return json_node_init_boolean (json_node_alloc (), !!value);
}

JsonNode *
cria_sim_value_int (gint64 value)
{
  return json_node_init_int (json_node_alloc (), value);
}

/* JSON has no NaN or infinity: such a value becomes null rather than invalid JSON. */
JsonNode *
cria_sim_value_double (double value)
{
  if (!isfinite (value))
    return json_node_init_null (json_node_alloc ());
  return json_node_init_double (json_node_alloc (), value);
}

JsonNode *
cria_sim_value_string (const char *value)
{
  return json_node_init_string (json_node_alloc (), value != NULL ? value : "");
}
