/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "cria-device-row.h"
#include "cria-device-type-info.h"

struct _CriaDeviceRow
{
  GtkListBoxRow  parent_instance;

  CriaDevice    *device;

  GtkImage      *icon;
  GtkLabel      *name_label;
  GtkLabel      *type_label;
  GtkStack      *status_stack;
  GtkSpinner    *spinner;
};

G_DEFINE_FINAL_TYPE (CriaDeviceRow, cria_device_row, GTK_TYPE_LIST_BOX_ROW)

static const char *
connection_state_name (CriaConnectionState state)
{
  switch (state)
    {
    case CRIA_CONNECTION_CONNECTING: return "connecting";
    case CRIA_CONNECTION_CONNECTED:  return "connected";
    case CRIA_CONNECTION_ERROR:      return "error";
    case CRIA_CONNECTION_DISCONNECTED:
    default:                         return "disconnected";
    }
}

static const char *
connection_state_label (CriaConnectionState state)
{
  switch (state)
    {
    case CRIA_CONNECTION_CONNECTING: return _("Connecting");
    case CRIA_CONNECTION_CONNECTED:  return _("Connected");
    case CRIA_CONNECTION_ERROR:      return _("Connection error");
    case CRIA_CONNECTION_DISCONNECTED:
    default:                         return _("Disconnected");
    }
}

static void
update_status (CriaDeviceRow *self)
{
  CriaConnectionState state = cria_device_get_connection_state (self->device);
  const char *type_name = cria_device_type_get_display_name (cria_device_get_device_type (self->device));
  g_autofree char *description = NULL;

  gtk_stack_set_visible_child_name (self->status_stack, connection_state_name (state));
  gtk_spinner_set_spinning (self->spinner, state == CRIA_CONNECTION_CONNECTING);

  description = g_strdup_printf ("%s, %s, %s", cria_device_get_name (self->device),
                                 type_name, connection_state_label (state));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
}

static void
cria_device_row_dispose (GObject *object)
{
  CriaDeviceRow *self = CRIA_DEVICE_ROW (object);

  if (self->device != NULL)
    g_signal_handlers_disconnect_by_data (self->device, self);
  g_clear_object (&self->device);

  G_OBJECT_CLASS (cria_device_row_parent_class)->dispose (object);
}

static void
cria_device_row_class_init (CriaDeviceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cria_device_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cria/Cria/cria-device-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CriaDeviceRow, icon);
  gtk_widget_class_bind_template_child (widget_class, CriaDeviceRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, CriaDeviceRow, type_label);
  gtk_widget_class_bind_template_child (widget_class, CriaDeviceRow, status_stack);
  gtk_widget_class_bind_template_child (widget_class, CriaDeviceRow, spinner);
}

static void
cria_device_row_init (CriaDeviceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cria_device_row_new (CriaDevice *device)
{
  CriaDeviceRow *self = g_object_new (CRIA_TYPE_DEVICE_ROW, NULL);
  CriaDeviceType type = cria_device_get_device_type (device);

  self->device = g_object_ref (device);
  gtk_image_set_from_icon_name (self->icon, cria_device_type_get_icon_name (type));
  gtk_label_set_label (self->name_label, cria_device_get_name (device));
  gtk_label_set_label (self->type_label, cria_device_type_get_display_name (type));
  g_signal_connect_swapped (device, "notify::connection-state", G_CALLBACK (update_status), self);
  update_status (self);

  return GTK_WIDGET (self);
}

CriaDevice *
cria_device_row_get_device (CriaDeviceRow *self)
{
  g_return_val_if_fail (CRIA_IS_DEVICE_ROW (self), NULL);
  return self->device;
}
