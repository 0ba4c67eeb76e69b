/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-alpaca"

/* Connecting and disconnecting a device, for Platform 7 interfaces and older ones. */

#include "config.h"

#include "cria-device-private.h"

#include <glib/gi18n-lib.h>

#include "cria-alpaca-error.h"

/* Platform 7 devices report progress through Connecting; poll it at this pace, and give up
 * when a connect or disconnect takes longer than CONNECT_TIMEOUT_S overall. */
#define POLL_INTERVAL_MS  150
#define CONNECT_TIMEOUT_S 30

/* Connect and disconnect: one chain of GETs and PUTs driven by a ConnectOp. */
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

static const char *
device_type_name (CriaDevice *self)
{
  return cria_device_type_to_string (cria_device_get_device_type (self));
}

static void
op_fail (GTask  *task,
         GError *error)
{
  CriaDevice *self = g_task_get_source_object (task);
  ConnectOp *op = g_task_get_task_data (task);

  if (cria_device_is_current_operation (self, op->serial))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        cria_device_set_connection_state (self, op->previous_state, op->previous_error);
      else
        cria_device_set_connection_state (self, CRIA_CONNECTION_ERROR, error);
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

  if (!cria_device_is_current_operation (self, op->serial))
    {
      op_fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                          _("Superseded by a newer connect or disconnect")));
      return TRUE;
    }

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      op_fail (task, error);
      return TRUE;
    }

  return FALSE;
}

/* Finishes a GET of Connected or Connecting. FALSE when the operation has been returned. */
static gboolean
op_finish_bool (GTask        *task,
                GAsyncResult *result,
                const char   *member,
                gboolean     *out_value)
{
  CriaDevice *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) value = NULL;
  GError *error = NULL;

  value = cria_device_get_finish (self, result, &error);
  if (error != NULL)
    {
      op_fail (task, error);
      return FALSE;
    }
  if (op_check_abandoned (task))
    return FALSE;

  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value)
      || json_node_get_value_type (value) != G_TYPE_BOOLEAN)
    {
      op_fail (task, g_error_new (CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_WRONG_TYPE,
                                  /* TRANSLATORS: a device type, its number, a member name. */
                                  _("%s %u sent a %s value that is not true or false"),
                                  device_type_name (self), cria_device_get_number (self), member));
      return FALSE;
    }

  *out_value = json_node_get_boolean (value);
  return TRUE;
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
  gboolean connected;

  if (!op_finish_bool (task, result, "Connected", &connected))
    return;

  if (connected != op->connect)
    {
      op_fail (task, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                  op->connect
                                  ? _("%s %u does not report itself connected after connecting")
                                  : _("%s %u still reports itself connected after disconnecting"),
                                  device_type_name (self), cria_device_get_number (self)));
      return;
    }

  cria_device_set_connection_state (self,
                                    op->connect
                                    ? CRIA_CONNECTION_CONNECTED
                                    : CRIA_CONNECTION_DISCONNECTED,
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
  gboolean connecting;

  if (!op_finish_bool (task, result, "Connecting", &connecting))
    return;

  if (!connecting)
    {
      op_verify (task);
      return;
    }

  if (g_get_monotonic_time () >= op->deadline)
    {
      op_fail (task, g_error_new (CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_TIMED_OUT,
                                  op->connect
                                  ? g_dngettext (GETTEXT_PACKAGE,
                                                 "%s %u was still connecting after %d second",
                                                 "%s %u was still connecting after %d seconds",
                                                 CONNECT_TIMEOUT_S)
                                  : g_dngettext (GETTEXT_PACKAGE,
                                                 "%s %u was still disconnecting after %d second",
                                                 "%s %u was still disconnecting after %d seconds",
                                                 CONNECT_TIMEOUT_S),
                                  device_type_name (self), cria_device_get_number (self),
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
               device_type_name (self), cria_device_get_number (self),
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
  guint platform7_version = cria_device_type_platform7_version (cria_device_get_device_type (self));

  op->platform7 = cria_device_get_interface_version (self) >= platform7_version;
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
               device_type_name (self), cria_device_get_number (self), error->message);
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
               device_type_name (self), cria_device_get_number (self));
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
  op->serial = cria_device_begin_operation (self);
  op->previous_state = cria_device_get_connection_state (self);
  if (op->previous_state == CRIA_CONNECTION_ERROR && cria_device_get_last_error (self) != NULL)
    op->previous_error = g_error_copy (cria_device_get_last_error (self));
  /* A superseded connect leaves nothing sensible to go back to. */
  if (op->previous_state == CRIA_CONNECTION_CONNECTING)
    op->previous_state = CRIA_CONNECTION_DISCONNECTED;
  g_task_set_task_data (task, op, connect_op_free);

  if (connect)
    cria_device_set_connection_state (self, CRIA_CONNECTION_CONNECTING, NULL);

  if (op_check_abandoned (task))
    return;

  /* A connect always reads the version afresh: the driver behind the server may have changed. */
  if (connect || cria_device_get_interface_version (self) == 0)
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
