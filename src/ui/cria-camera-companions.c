/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "cria-camera-companions.h"

#include <math.h>

#include "cria-panel-util.h"

/* A snapshot should not wait long for a device that does not answer. */
#define COMPANION_TIMEOUT_S 3.0

typedef enum
{
  READ_CONNECTED,
  READ_FOCUS_POSITION,
  READ_FILTER_POSITION,
  READ_FILTER_NAMES,
  READ_RA,
  READ_DEC,
} ReadKind;

typedef struct
{
  CriaClient           *client;
  guint                 pending;
  CriaCameraCompanions *result;
  gboolean              has_filter_position;
  gint64                filter_position;
  JsonNode             *filter_names;
  gboolean              has_ra;
  gboolean              has_dec;
} ReadData;

typedef struct
{
  GTask          *task;
  ReadKind        kind;
  CriaDeviceType  type;
  guint           number;
} Read;

static void
read_data_free (ReadData *data)
{
  g_clear_object (&data->client);
  g_clear_pointer (&data->result, cria_camera_companions_free);
  g_clear_pointer (&data->filter_names, json_node_unref);
  g_free (data);
}

void
cria_camera_companions_free (CriaCameraCompanions *companions)
{
  if (companions == NULL)
    return;
  g_free (companions->filter);
  g_free (companions);
}

void
cria_camera_companions_to_info (const CriaCameraCompanions *companions,
                                CriaSnapshotInfo           *info)
{
  g_return_if_fail (companions != NULL);
  g_return_if_fail (info != NULL);

  info->has_focus_position = companions->has_focus_position;
  info->focus_position = companions->focus_position;
  info->filter = companions->filter;
  info->has_coordinates = companions->has_coordinates;
  info->ra = companions->ra;
  info->dec = companions->dec;
}

static void
finish_if_done (GTask *task)
{
  ReadData *data = g_task_get_task_data (task);
  CriaCameraCompanions *result = data->result;

  if (--data->pending > 0)
    return;

  if (data->has_filter_position && data->filter_names != NULL
      && JSON_NODE_HOLDS_ARRAY (data->filter_names))
    {
      JsonArray *names = json_node_get_array (data->filter_names);

      if (data->filter_position >= 0 && data->filter_position < json_array_get_length (names))
        {
          JsonNode *name = json_array_get_element (names, data->filter_position);

          if (JSON_NODE_HOLDS_VALUE (name) && json_node_get_value_type (name) == G_TYPE_STRING)
            result->filter = g_strdup (json_node_get_string (name));
        }
    }
  result->has_coordinates = data->has_ra && data->has_dec;

  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, g_steal_pointer (&data->result),
                         (GDestroyNotify) cria_camera_companions_free);
}

static void start_read (GTask          *task,
                        ReadKind        kind,
                        CriaDeviceType  type,
                        guint           number);

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Read *read = user_data;
  g_autoptr(GTask) task = read->task;
  ReadData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = cria_client_member_finish (CRIA_CLIENT (source), result, &error);
  gboolean flag;
  double number;

  if (error != NULL)
    g_debug ("Not in the snapshot's header: %s %s: %s", cria_device_type_to_string (read->type),
             read->kind == READ_CONNECTED ? "Connected" : "value", error->message);

  switch (read->kind)
    {
    case READ_CONNECTED:
      if (cria_panel_node_get_bool (value, &flag) && flag)
        {
          if (read->type == CRIA_DEVICE_FOCUSER)
            {
              start_read (task, READ_FOCUS_POSITION, read->type, read->number);
            }
          else if (read->type == CRIA_DEVICE_FILTER_WHEEL)
            {
              start_read (task, READ_FILTER_POSITION, read->type, read->number);
              start_read (task, READ_FILTER_NAMES, read->type, read->number);
            }
          else
            {
              start_read (task, READ_RA, read->type, read->number);
              start_read (task, READ_DEC, read->type, read->number);
            }
        }
      break;
    case READ_FOCUS_POSITION:
      if (cria_panel_node_get_number (value, &number))
        {
          data->result->has_focus_position = TRUE;
          data->result->focus_position = (gint64) CLAMP (number, -1e15, 1e15);
        }
      break;
    case READ_FILTER_POSITION:
      /* -1 while the wheel moves: no filter to name. */
      if (cria_panel_node_get_number (value, &number) && number >= 0)
        {
          data->has_filter_position = TRUE;
          data->filter_position = (gint64) MIN (number, 1e6);
        }
      break;
    case READ_FILTER_NAMES:
      if (value != NULL)
        data->filter_names = json_node_ref (value);
      break;
    case READ_RA:
      if (cria_panel_node_get_number (value, &number))
        {
          /* Alpaca gives hours; FITS RA is in degrees. */
          data->has_ra = TRUE;
          data->result->ra = fmod (number * 15.0, 360.0);
        }
      break;
    case READ_DEC:
      if (cria_panel_node_get_number (value, &number) && fabs (number) <= 90)
        {
          data->has_dec = TRUE;
          data->result->dec = number;
        }
      break;
    default:
      break;
    }

  g_free (read);
  finish_if_done (task);
}

static void
start_read (GTask          *task,
            ReadKind        kind,
            CriaDeviceType  type,
            guint           number)
{
  static const char * const members[] = {
    [READ_CONNECTED] = "Connected",
    [READ_FOCUS_POSITION] = "Position",
    [READ_FILTER_POSITION] = "Position",
    [READ_FILTER_NAMES] = "Names",
    [READ_RA] = "RightAscension",
    [READ_DEC] = "Declination",
  };
  ReadData *data = g_task_get_task_data (task);
  Read *read = g_new0 (Read, 1);

  read->task = g_object_ref (task);
  read->kind = kind;
  read->type = type;
  read->number = number;
  data->pending++;
  cria_client_member_async (data->client, type, number, CRIA_HTTP_GET, members[kind], NULL,
                            COMPANION_TIMEOUT_S, g_task_get_cancellable (task), read_cb, read);
}

static void
devices_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) devices = cria_client_call_finish (CRIA_CLIENT (source), result, &error);
  gboolean seen[CRIA_N_DEVICE_TYPES] = { FALSE };
  JsonArray *array;
  guint i, n;

  if (devices == NULL || !JSON_NODE_HOLDS_ARRAY (devices))
    {
      if (error != NULL)
        g_debug ("No companions for the snapshot's header: %s", error->message);
      finish_if_done (task);
      return;
    }

  array = json_node_get_array (devices);
  n = json_array_get_length (array);
  for (i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;
      CriaDeviceType type;
      gint64 number;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      object = json_node_get_object (element);
      if (!json_object_has_member (object, "DeviceType")
          || !json_object_has_member (object, "DeviceNumber")
          || !cria_device_type_from_string (json_object_get_string_member_with_default (
                                              object, "DeviceType", ""), &type))
        continue;
      number = json_object_get_int_member_with_default (object, "DeviceNumber", -1);
      if (number < 0 || number > G_MAXINT || seen[type])
        continue;
      if (type != CRIA_DEVICE_FOCUSER && type != CRIA_DEVICE_FILTER_WHEEL
          && type != CRIA_DEVICE_TELESCOPE)
        continue;

      seen[type] = TRUE;
      start_read (task, READ_CONNECTED, type, (guint) number);
    }

  finish_if_done (task);
}

void
cria_camera_companions_read_async (CriaDevice          *camera,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadData *data;

  g_return_if_fail (CRIA_IS_DEVICE (camera));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cria_camera_companions_read_async);
  data = g_new0 (ReadData, 1);
  data->client = g_object_ref (cria_device_get_client (camera));
  data->result = g_new0 (CriaCameraCompanions, 1);
  /* One for the device list itself. */
  data->pending = 1;
  g_task_set_task_data (task, data, (GDestroyNotify) read_data_free);

  cria_client_call_async (data->client, CRIA_HTTP_GET, "management/v1/configureddevices", NULL,
                          CRIA_VALUE_OBJECT_LIST, COMPANION_TIMEOUT_S, cancellable, devices_cb,
                          g_steal_pointer (&task));
}

CriaCameraCompanions *
cria_camera_companions_read_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == cria_camera_companions_read_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
