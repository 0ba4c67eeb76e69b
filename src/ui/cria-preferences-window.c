/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "cria-preferences-window.h"

struct _CriaPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  GtkAdjustment        *port_adjustment;
  GtkSwitch            *broadcast_switch;
  AdwEntryRow          *hosts_row;
  GtkAdjustment        *timeout_adjustment;
  GtkAdjustment        *image_timeout_adjustment;
  GtkAdjustment        *poll_adjustment;
};

G_DEFINE_FINAL_TYPE (CriaPreferencesWindow, cria_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The port is a uint16 in GSettings and a double in the adjustment. */
static gboolean
port_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint16 (variant));
  return TRUE;
}

static GVariant *
port_set_mapping (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  return g_variant_new_uint16 ((guint16) CLAMP (g_value_get_double (value), 1, 65535));
}

static void
load_hosts (CriaPreferencesWindow *self)
{
  g_auto(GStrv) hosts = g_settings_get_strv (self->settings, "discovery-hosts");
  g_autofree char *text = g_strjoinv (", ", hosts);

  gtk_editable_set_text (GTK_EDITABLE (self->hosts_row), text);
}

static void
on_hosts_apply (CriaPreferencesWindow *self)
{
  g_auto(GStrv) parts = g_strsplit_set (gtk_editable_get_text (GTK_EDITABLE (self->hosts_row)), ", ", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) hosts = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_strv_builder_add (builder, parts[i]);

  hosts = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "discovery-hosts", (const char * const *) hosts);
  load_hosts (self);
}

static void
cria_preferences_window_dispose (GObject *object)
{
  CriaPreferencesWindow *self = CRIA_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cria_preferences_window_parent_class)->dispose (object);
}

static void
cria_preferences_window_class_init (CriaPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cria_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cria/Cria/cria-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CriaPreferencesWindow, port_adjustment);
  gtk_widget_class_bind_template_child (widget_class, CriaPreferencesWindow, broadcast_switch);
  gtk_widget_class_bind_template_child (widget_class, CriaPreferencesWindow, hosts_row);
  gtk_widget_class_bind_template_child (widget_class, CriaPreferencesWindow, timeout_adjustment);
  gtk_widget_class_bind_template_child (widget_class, CriaPreferencesWindow, image_timeout_adjustment);
  gtk_widget_class_bind_template_child (widget_class, CriaPreferencesWindow, poll_adjustment);
  gtk_widget_class_bind_template_callback (widget_class, on_hosts_apply);
}

static void
cria_preferences_window_init (CriaPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWindow *
cria_preferences_window_new (GtkWindow *parent,
                             GSettings *settings)
{
  CriaPreferencesWindow *self = g_object_new (CRIA_TYPE_PREFERENCES_WINDOW,
                                              "transient-for", parent,
                                              NULL);

  self->settings = g_object_ref (settings);
  g_settings_bind_with_mapping (settings, "discovery-port", self->port_adjustment, "value",
                                G_SETTINGS_BIND_DEFAULT, port_get_mapping, port_set_mapping, NULL, NULL);
  g_settings_bind (settings, "discovery-broadcast", self->broadcast_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "property-timeout", self->timeout_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "image-timeout", self->image_timeout_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "poll-interval", self->poll_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  load_hosts (self);

  return GTK_WINDOW (self);
}
