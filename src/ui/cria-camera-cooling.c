/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "cria-camera-cooling.h"
#include "cria-format.h"
#include "cria-panel-util.h"

/* Typing a set-point waits this long before it is written. */
#define SETPOINT_DELAY_MS 600

struct _CriaCameraCooling
{
  AdwPreferencesGroup  parent_instance;

  AdwActionRow        *cooler_row;
  GtkSwitch           *cooler_switch;
  AdwActionRow        *setpoint_row;
  GtkSpinButton       *setpoint_spin;
  AdwActionRow        *temperature_row;
  GtkLabel            *temperature_label;
  AdwActionRow        *power_row;
  GtkLevelBar         *power_bar;
  GtkLabel            *power_label;

  CriaDevice          *device;
  GCancellable        *cancellable;
  guint                updating;   /* > 0 while the code, not the person, changes widgets */
  gboolean             has_cooler;
  gboolean             can_set_temperature;
  gboolean             cooler_writing;
  gboolean             setpoint_writing;
  guint                setpoint_source;
};

G_DEFINE_FINAL_TYPE (CriaCameraCooling, cria_camera_cooling, ADW_TYPE_PREFERENCES_GROUP)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
name_is (const char *name,
         const char *member)
{
  return g_ascii_strcasecmp (name, member) == 0;
}

static void
show_cooling (CriaCameraCooling *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self),
                          self->has_cooler
                          || gtk_widget_get_visible (GTK_WIDGET (self->temperature_row)));
  gtk_widget_set_visible (GTK_WIDGET (self->cooler_row), self->has_cooler);
  gtk_widget_set_visible (GTK_WIDGET (self->setpoint_row), self->can_set_temperature);
  adw_action_row_set_subtitle (self->cooler_row,
                               gtk_switch_get_active (self->cooler_switch) ? _("On") : _("Off"));
}

static gboolean
finish_put (CriaCameraCooling *self,
            GObject           *source,
            GAsyncResult      *result,
            const char        *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = cria_device_put_finish (CRIA_DEVICE (source), result, &error);

  /* No reference on self: dispose cancels, and a cancelled write stops here. */
  if (cria_panel_error_is_cancelled (error))
    return FALSE;

  if (error != NULL)
    cria_panel_show_error (GTK_WIDGET (self), what, error);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

static void
cooler_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  CriaCameraCooling *self = user_data;

  if (finish_put (self, source, result, _("Cooler")))
    self->cooler_writing = FALSE;
}

static void
setpoint_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CriaCameraCooling *self = user_data;

  if (finish_put (self, source, result, _("Target temperature")))
    self->setpoint_writing = FALSE;
}

static void
put_member (CriaCameraCooling   *self,
            const char          *member,
            const char          *wire,
            GAsyncReadyCallback  callback)
{
  const char *params[] = { member, wire, NULL };

  if (self->device == NULL)
    return;
  cria_device_put_async (self->device, member, params, self->cancellable, callback, self);
}

static void
cooler_switch_cb (CriaCameraCooling *self)
{
  if (self->updating > 0)
    return;

  self->cooler_writing = TRUE;
  put_member (self, "CoolerOn", gtk_switch_get_active (self->cooler_switch) ? "true" : "false",
              cooler_done_cb);
  show_cooling (self);
}

static gboolean
write_setpoint_cb (gpointer user_data)
{
  CriaCameraCooling *self = user_data;
  char wire[G_ASCII_DTOSTR_BUF_SIZE];

  self->setpoint_source = 0;
  self->setpoint_writing = TRUE;
  g_ascii_formatd (wire, sizeof wire, "%.2f", gtk_spin_button_get_value (self->setpoint_spin));
  put_member (self, "SetCCDTemperature", wire, setpoint_done_cb);
  return G_SOURCE_REMOVE;
}

static void
setpoint_changed_cb (CriaCameraCooling *self)
{
  if (self->updating > 0)
    return;

  /* Holding an arrow would otherwise write every step. */
  self->setpoint_writing = TRUE;
  g_clear_handle_id (&self->setpoint_source, g_source_remove);
  self->setpoint_source = g_timeout_add (SETPOINT_DELAY_MS, write_setpoint_cb, self);
}

gboolean
cria_camera_cooling_update (CriaCameraCooling *self,
                            const char        *name,
                            JsonNode          *value)
{
  double number;
  gboolean flag;

  g_return_val_if_fail (CRIA_IS_CAMERA_COOLING (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (name_is (name, "CoolerOn"))
    {
      if (!cria_panel_node_get_bool (value, &flag))
        return TRUE;
      self->has_cooler = TRUE;
      if (!self->cooler_writing)
        {
          self->updating++;
          gtk_switch_set_active (self->cooler_switch, flag);
          self->updating--;
        }
    }
  else if (name_is (name, "CanSetCCDTemperature"))
    {
      if (!cria_panel_node_get_bool (value, &flag))
        return TRUE;
      self->can_set_temperature = flag;
    }
  else if (name_is (name, "SetCCDTemperature"))
    {
      if (!cria_panel_node_get_number (value, &number))
        return TRUE;
      /* Never under the fingers of someone typing a new one. */
      if (!self->setpoint_writing
          && !(gtk_widget_get_state_flags (GTK_WIDGET (self->setpoint_spin))
               & GTK_STATE_FLAG_FOCUS_WITHIN))
        {
          self->updating++;
          gtk_spin_button_set_value (self->setpoint_spin, number);
          self->updating--;
        }
    }
  else if (name_is (name, "CCDTemperature"))
    {
      g_autofree char *text = NULL;

      if (!cria_panel_node_get_number (value, &number))
        return TRUE;
      text = cria_format_celsius (number);
      gtk_label_set_text (self->temperature_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->temperature_row), TRUE);
    }
  else if (name_is (name, "CoolerPower"))
    {
      g_autofree char *text = NULL;

      if (!cria_panel_node_get_number (value, &number))
        return TRUE;
      text = cria_format_percent (number);
      gtk_label_set_text (self->power_label, text);
      gtk_level_bar_set_value (self->power_bar, CLAMP (number, 0, 100));
      gtk_widget_set_visible (GTK_WIDGET (self->power_row), TRUE);
    }
  else
    {
      return FALSE;
    }

  show_cooling (self);
  return TRUE;
}

void
cria_camera_cooling_set_device (CriaCameraCooling *self,
                                CriaDevice        *device)
{
  g_return_if_fail (CRIA_IS_CAMERA_COOLING (self));
  g_return_if_fail (device == NULL || CRIA_IS_DEVICE (device));

  g_set_object (&self->device, device);
}

static void
cria_camera_cooling_dispose (GObject *object)
{
  CriaCameraCooling *self = CRIA_CAMERA_COOLING (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->setpoint_source, g_source_remove);
  g_clear_object (&self->device);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRIA_TYPE_CAMERA_COOLING);

  G_OBJECT_CLASS (cria_camera_cooling_parent_class)->dispose (object);
}

static void
cria_camera_cooling_finalize (GObject *object)
{
  CriaCameraCooling *self = CRIA_CAMERA_COOLING (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (cria_camera_cooling_parent_class)->finalize (object);
}

static void
cria_camera_cooling_class_init (CriaCameraCoolingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cria_camera_cooling_dispose;
  object_class->finalize = cria_camera_cooling_finalize;

  /* The camera was written: its values are worth reading again. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cria/Cria/cria-camera-cooling.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, CriaCameraCooling, name)
  BIND (cooler_row);
  BIND (cooler_switch);
  BIND (setpoint_row);
  BIND (setpoint_spin);
  BIND (temperature_row);
  BIND (temperature_label);
  BIND (power_row);
  BIND (power_bar);
  BIND (power_label);
#undef BIND
}

static void
cria_camera_cooling_init (CriaCameraCooling *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->cooler_switch, "notify::active",
                            G_CALLBACK (cooler_switch_cb), self);
  g_signal_connect_swapped (self->setpoint_spin, "value-changed",
                            G_CALLBACK (setpoint_changed_cb), self);
}
