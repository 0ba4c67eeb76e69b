/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-alpaca"

#include "config.h"

#include "cria-server.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cria-alpaca-error.h"
#include "cria-response.h"

struct _CriaServer
{
  GObject     parent_instance;

  char       *host;
  guint16     port;
  char       *address;
  CriaClient *client;

  char       *name;
  char       *manufacturer;
  char       *manufacturer_version;
  char       *location;
  GArray     *api_versions;
  GListStore *devices;
};

G_DEFINE_FINAL_TYPE (CriaServer, cria_server, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_HOST,
  PROP_PORT,
  PROP_ADDRESS,
  PROP_CLIENT,
  PROP_NAME,
  PROP_MANUFACTURER,
  PROP_MANUFACTURER_VERSION,
  PROP_LOCATION,
  PROP_DEVICES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
cria_format_address (const char *host,
                     guint16     port)
{
  g_return_val_if_fail (host != NULL, NULL);

  if (strchr (host, ':') != NULL && host[0] != '[')
    return g_strdup_printf ("[%s]:%u", host, port);

  return g_strdup_printf ("%s:%u", host, port);
}

static void
cria_server_constructed (GObject *object)
{
  CriaServer *self = CRIA_SERVER (object);

  G_OBJECT_CLASS (cria_server_parent_class)->constructed (object);

  if (self->host == NULL)
    self->host = g_strdup ("127.0.0.1");
  self->address = cria_format_address (self->host, self->port);
  self->client = cria_client_new_for_host (self->host, self->port);
}

static void
cria_server_finalize (GObject *object)
{
  CriaServer *self = CRIA_SERVER (object);

  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->address, g_free);
  g_clear_object (&self->client);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->manufacturer, g_free);
  g_clear_pointer (&self->manufacturer_version, g_free);
  g_clear_pointer (&self->location, g_free);
  g_clear_pointer (&self->api_versions, g_array_unref);
  g_clear_object (&self->devices);

  G_OBJECT_CLASS (cria_server_parent_class)->finalize (object);
}

static void
cria_server_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CriaServer *self = CRIA_SERVER (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_MANUFACTURER:
      g_value_set_string (value, self->manufacturer);
      break;
    case PROP_MANUFACTURER_VERSION:
      g_value_set_string (value, self->manufacturer_version);
      break;
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_DEVICES:
      g_value_set_object (value, self->devices);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_server_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CriaServer *self = CRIA_SERVER (object);

  switch (prop_id)
    {
    case PROP_HOST:
      self->host = g_value_dup_string (value);
      break;
    case PROP_PORT:
      self->port = (guint16) g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_server_class_init (CriaServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = cria_server_constructed;
  object_class->finalize = cria_server_finalize;
  object_class->get_property = cria_server_get_property;
  object_class->set_property = cria_server_set_property;

  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                       G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, CRIA_TYPE_CLIENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MANUFACTURER] =
    g_param_spec_string ("manufacturer", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MANUFACTURER_VERSION] =
    g_param_spec_string ("manufacturer-version", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOCATION] =
    g_param_spec_string ("location", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DEVICES] =
    g_param_spec_object ("devices", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cria_server_init (CriaServer *self)
{
  self->api_versions = g_array_new (FALSE, FALSE, sizeof (guint));
  self->devices = g_list_store_new (CRIA_TYPE_DEVICE);
}

CriaServer *
cria_server_new (const char *host,
                 guint16     port)
{
  g_return_val_if_fail (host != NULL, NULL);

  return g_object_new (CRIA_TYPE_SERVER,
                       "host", host,
                       "port", (guint) port,
                       NULL);
}

const char *
cria_server_get_host (CriaServer *self)
{
  g_return_val_if_fail (CRIA_IS_SERVER (self), NULL);
  return self->host;
}

guint16
cria_server_get_port (CriaServer *self)
{
  g_return_val_if_fail (CRIA_IS_SERVER (self), 0);
  return self->port;
}

const char *
cria_server_get_address (CriaServer *self)
{
  g_return_val_if_fail (CRIA_IS_SERVER (self), NULL);
  return self->address;
}

CriaClient *
cria_server_get_client (CriaServer *self)
{
  g_return_val_if_fail (CRIA_IS_SERVER (self), NULL);
  return self->client;
}

const char *
cria_server_get_name (CriaServer *self)
{
  g_return_val_if_fail (CRIA_IS_SERVER (self), NULL);
  return self->name;
}

const char *
cria_server_get_manufacturer (CriaServer *self)
{
  g_return_val_if_fail (CRIA_IS_SERVER (self), NULL);
  return self->manufacturer;
}

const char *
cria_server_get_manufacturer_version (CriaServer *self)
{
  g_return_val_if_fail (CRIA_IS_SERVER (self), NULL);
  return self->manufacturer_version;
}

const char *
cria_server_get_location (CriaServer *self)
{
  g_return_val_if_fail (CRIA_IS_SERVER (self), NULL);
  return self->location;
}

const guint *
cria_server_get_api_versions (CriaServer *self,
                              gsize      *n_versions)
{
  g_return_val_if_fail (CRIA_IS_SERVER (self), NULL);

  if (n_versions != NULL)
    *n_versions = self->api_versions->len;
  return (const guint *) (gpointer) self->api_versions->data;
}

GListModel *
cria_server_get_devices (CriaServer *self)
{
  g_return_val_if_fail (CRIA_IS_SERVER (self), NULL);
  return G_LIST_MODEL (self->devices);
}

/* Refresh: apiversions, then description, then configureddevices. Nothing is applied until
 * all three have arrived, so a failed refresh leaves the previous data intact. */

typedef struct
{
  GArray    *api_versions;
  JsonNode  *description;
  GPtrArray *devices;    /* CriaDevice, in the server's order */
} RefreshData;

static void
refresh_data_free (gpointer data)
{
  RefreshData *refresh = data;

  g_clear_pointer (&refresh->api_versions, g_array_unref);
  g_clear_pointer (&refresh->description, json_node_unref);
  g_clear_pointer (&refresh->devices, g_ptr_array_unref);
  g_free (refresh);
}

static void
set_string_field (CriaServer  *self,
                  char       **field,
                  const char  *value,
                  guint        prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* A string field of a JSON object, tolerating any key casing and numbers where text was
 * meant. Anything else counts as missing. */
static char *
dup_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = cria_json_object_get_member_nocase (object, name);
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
    default:
      return NULL;
    }
}

/* DeviceNumber is a uint32; a few servers send it as a string or an integral double. */
static gboolean
parse_device_number (JsonNode *node,
                     guint    *out_number)
{
  guint64 number;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      {
        gint64 value = json_node_get_int (node);

        if (value < 0 || value > G_MAXUINT32)
          return FALSE;
        number = (guint64) value;
      }
      break;
    case G_TYPE_DOUBLE:
      {
        double value = json_node_get_double (node);

        if (!(value >= 0 && value <= G_MAXUINT32) || value != (double) (guint64) value)
          return FALSE;
        number = (guint64) value;
      }
      break;
    case G_TYPE_STRING:
      if (!g_ascii_string_to_unsigned (json_node_get_string (node), 10, 0, G_MAXUINT32,
                                       &number, NULL))
        return FALSE;
      break;
    default:
      return FALSE;
    }

  *out_number = (guint) number;
  return TRUE;
}

static gboolean
same_device (CriaDevice     *device,
             CriaDeviceType  type,
             guint           number,
             const char     *unique_id)
{
  return cria_device_get_device_type (device) == type
         && cria_device_get_number (device) == number
         && g_strcmp0 (cria_device_get_unique_id (device), unique_id) == 0;
}

/* Returns a new reference, or NULL. */
static CriaDevice *
find_known_device (CriaServer     *self,
                   CriaDeviceType  type,
                   guint           number,
                   const char     *unique_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->devices));
  guint i;

  for (i = 0; i < n; i++)
    {
      g_autoptr(CriaDevice) device = g_list_model_get_item (G_LIST_MODEL (self->devices), i);

      if (same_device (device, type, number, unique_id))
        return g_steal_pointer (&device);
    }

  return NULL;
}

/* Turns configureddevices into device objects, reusing the ones already known. */
static GPtrArray *
parse_devices (CriaServer *self,
               JsonNode   *value)
{
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *array;
  guint n, i;

  if (value == NULL || !JSON_NODE_HOLDS_ARRAY (value))
    return NULL;

  array = json_node_get_array (value);
  n = json_array_get_length (array);

  for (i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;
      g_autofree char *type_name = NULL;
      g_autofree char *name = NULL;
      g_autofree char *unique_id = NULL;
      CriaDeviceType type;
      guint number;
      CriaDevice *device;
      guint j;
      gboolean duplicate = FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_debug ("%s: configured device %u is not an object; skipped", self->address, i);
          continue;
        }
      object = json_node_get_object (element);

      type_name = dup_string_member (object, "DeviceType");
      if (!cria_device_type_from_string (type_name, &type))
        {
          g_debug ("%s: configured device %u has unknown type '%s'; skipped",
                   self->address, i, type_name != NULL ? type_name : "(none)");
          continue;
        }

      if (!parse_device_number (cria_json_object_get_member_nocase (object, "DeviceNumber"),
                                &number))
        {
          g_debug ("%s: configured device %u has no valid DeviceNumber; skipped",
                   self->address, i);
          continue;
        }

      name = dup_string_member (object, "DeviceName");
      unique_id = dup_string_member (object, "UniqueID");

      for (j = 0; j < devices->len && !duplicate; j++)
        {
          CriaDevice *other = g_ptr_array_index (devices, j);

          duplicate = cria_device_get_device_type (other) == type
                      && cria_device_get_number (other) == number;
        }
      if (duplicate)
        {
          g_debug ("%s: %s %u is listed twice; the second entry is skipped",
                   self->address, cria_device_type_to_string (type), number);
          continue;
        }

      device = find_known_device (self, type, number, unique_id);
      if (device != NULL)
        g_object_set (device, "name", name, NULL);
      else
        device = cria_device_new (self->client, type, number, name, unique_id);

      g_ptr_array_add (devices, device);
    }

  return g_steal_pointer (&devices);
}

/* Brings the store to the new list with as few changes as possible, so that views keep
 * their rows and selection for devices that stayed. */
static void
apply_devices (CriaServer *self,
               GPtrArray  *devices)
{
  GListModel *model = G_LIST_MODEL (self->devices);
  guint n = g_list_model_get_n_items (model);
  guint i;

  for (i = n; i > 0; i--)
    {
      g_autoptr(CriaDevice) device = g_list_model_get_item (model, i - 1);

      if (!g_ptr_array_find (devices, device, NULL))
        g_list_store_remove (self->devices, i - 1);
    }

  for (i = 0; i < devices->len; i++)
    {
      CriaDevice *wanted = g_ptr_array_index (devices, i);
      g_autoptr(CriaDevice) current = NULL;
      guint position;

      if (i < g_list_model_get_n_items (model))
        current = g_list_model_get_item (model, i);
      if (current == wanted)
        continue;

      if (g_list_store_find (self->devices, wanted, &position))
        g_list_store_remove (self->devices, position);
      g_list_store_insert (self->devices, i, wanted);
    }
}

static void
apply_refresh (CriaServer  *self,
               RefreshData *refresh)
{
  JsonObject *description = NULL;
  g_autofree char *name = NULL;
  g_autofree char *manufacturer = NULL;
  g_autofree char *manufacturer_version = NULL;
  g_autofree char *location = NULL;

  if (refresh->description != NULL && JSON_NODE_HOLDS_OBJECT (refresh->description))
    description = json_node_get_object (refresh->description);

  if (description != NULL)
    {
      name = dup_string_member (description, "ServerName");
      manufacturer = dup_string_member (description, "Manufacturer");
      manufacturer_version = dup_string_member (description, "ManufacturerVersion");
      location = dup_string_member (description, "Location");
    }

  g_object_freeze_notify (G_OBJECT (self));
  set_string_field (self, &self->name, name, PROP_NAME);
  set_string_field (self, &self->manufacturer, manufacturer, PROP_MANUFACTURER);
  set_string_field (self, &self->manufacturer_version, manufacturer_version,
                    PROP_MANUFACTURER_VERSION);
  set_string_field (self, &self->location, location, PROP_LOCATION);
  g_object_thaw_notify (G_OBJECT (self));

  g_array_unref (self->api_versions);
  self->api_versions = g_array_ref (refresh->api_versions);

  apply_devices (self, refresh->devices);
}

static void
configured_devices_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CriaServer *self = g_task_get_source_object (task);
  RefreshData *refresh = g_task_get_task_data (task);
  g_autoptr(JsonNode) value = NULL;
  GError *error = NULL;

  value = cria_client_call_finish (CRIA_CLIENT (source), result, &error);
  if (error != NULL)
    {
      g_prefix_error (&error, _("Reading the device list of %s: "), self->address);
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  refresh->devices = parse_devices (self, value);
  if (refresh->devices == NULL)
    {
      g_task_return_new_error (task, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_WRONG_TYPE,
                               _("The device list of %s is not a JSON array"), self->address);
      return;
    }

  apply_refresh (self, refresh);
  g_task_return_boolean (task, TRUE);
}

static void
description_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CriaServer *self = g_task_get_source_object (task);
  RefreshData *refresh = g_task_get_task_data (task);
  GError *error = NULL;

  refresh->description = cria_client_call_finish (CRIA_CLIENT (source), result, &error);
  if (error != NULL)
    {
      g_prefix_error (&error, _("Reading the description of %s: "), self->address);
      g_task_return_error (task, error);
      return;
    }

  cria_client_call_async (self->client, CRIA_HTTP_GET, "management/v1/configureddevices", NULL,
                          CRIA_VALUE_OBJECT_LIST, 0, g_task_get_cancellable (task),
                          configured_devices_cb, g_object_ref (task));
}

static char *
format_versions (GArray *versions)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint i;

  for (i = 0; i < versions->len; i++)
    g_string_append_printf (text, "%s%u", i > 0 ? ", " : "", g_array_index (versions, guint, i));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
api_versions_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CriaServer *self = g_task_get_source_object (task);
  RefreshData *refresh = g_task_get_task_data (task);
  g_autoptr(JsonNode) value = NULL;
  GError *error = NULL;
  gboolean has_v1 = FALSE;
  JsonArray *array;
  guint i, n;

  value = cria_client_call_finish (CRIA_CLIENT (source), result, &error);
  if (error != NULL)
    {
      g_prefix_error (&error, _("Reading the API versions of %s: "), self->address);
      g_task_return_error (task, error);
      return;
    }

  if (value == NULL || !JSON_NODE_HOLDS_ARRAY (value))
    {
      g_task_return_new_error (task, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_WRONG_TYPE,
                               _("The API versions of %s are not a JSON array"), self->address);
      return;
    }

  array = json_node_get_array (value);
  n = json_array_get_length (array);
  for (i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gint64 version;
      guint stored;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_INT64)
        continue;
      version = json_node_get_int (element);
      if (version < 1 || version > G_MAXUINT32)
        continue;

      stored = (guint) version;
      g_array_append_val (refresh->api_versions, stored);
      has_v1 |= stored == 1;
    }

  if (!has_v1)
    {
      g_autofree char *listed = format_versions (refresh->api_versions);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("%s does not support Alpaca API version 1 (it lists: %s)"),
                               self->address, *listed != '\0' ? listed : _("none"));
      return;
    }

  cria_client_call_async (self->client, CRIA_HTTP_GET, "management/v1/description", NULL,
                          CRIA_VALUE_OBJECT, 0, g_task_get_cancellable (task),
                          description_cb, g_object_ref (task));
}

void
cria_server_refresh_async (CriaServer          *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RefreshData *refresh;

  g_return_if_fail (CRIA_IS_SERVER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cria_server_refresh_async);

  refresh = g_new0 (RefreshData, 1);
  refresh->api_versions = g_array_new (FALSE, FALSE, sizeof (guint));
  g_task_set_task_data (task, refresh, refresh_data_free);

  cria_client_call_async (self->client, CRIA_HTTP_GET, "management/apiversions", NULL,
                          CRIA_VALUE_INT_LIST, 0, cancellable,
                          api_versions_cb, g_steal_pointer (&task));
}

gboolean
cria_server_refresh_finish (CriaServer    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (CRIA_IS_SERVER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cria_server_refresh_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
