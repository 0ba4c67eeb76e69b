/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "cria-action-runner.h"
#include "cria-camera-panel.h"
#include "cria-device-panel-private.h"
#include "cria-panel-util.h"

#define SETTINGS_SCHEMA   "io.github.cria.Cria"
/* Reconnection waits 1, 2, 4, ... seconds between attempts, up to this. */
#define RETRY_MAX_DELAY_S 30

typedef struct
{
  GtkBox          *content;
  GtkLabel        *name_label;
  GtkLabel        *where_label;
  AdwActionRow    *state_row;
  GtkSpinner      *spinner;
  GtkWidget       *reconnect_button;
  GtkWidget       *connect_button;
  GtkWidget       *disconnect_button;

  CriaDevice      *device;
  GPtrArray       *sections;      /* CriaPanelSection, in the order of the content box */
  GtkWidget       *runner;
  CriaPanelPoller *poller;
  GSettings       *settings;
  GCancellable    *cancellable;   /* connect and disconnect */

  gboolean         busy;          /* a connect or disconnect of ours is running */
  gboolean         lost;          /* polls lost the connection; retrying */
  CriaConnectionState last_state;
  char            *lost_message;
  guint            retry_delay;
  guint            retry_remaining;
  guint            retry_source;
  gboolean         info_read;
} CriaDevicePanelPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (CriaDevicePanel, cria_device_panel, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_DEVICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const CriaSectionKind generated_kinds[] = {
  CRIA_SECTION_STATUS,
  CRIA_SECTION_SETTINGS,
  CRIA_SECTION_ACTIONS,
  CRIA_SECTION_QUERIES,
  CRIA_SECTION_CAPABILITIES,
  CRIA_SECTION_HARDWARE,
  CRIA_SECTION_INFORMATION,
};

static const char *
type_display_name (CriaDeviceType type)
{
  switch (type)
    {
    case CRIA_DEVICE_CAMERA: return _("Camera");
    case CRIA_DEVICE_COVER_CALIBRATOR: return _("Cover Calibrator");
    case CRIA_DEVICE_DOME: return _("Dome");
    case CRIA_DEVICE_FILTER_WHEEL: return _("Filter Wheel");
    case CRIA_DEVICE_FOCUSER: return _("Focuser");
    case CRIA_DEVICE_OBSERVING_CONDITIONS: return _("Observing Conditions");
    case CRIA_DEVICE_ROTATOR: return _("Rotator");
    case CRIA_DEVICE_SAFETY_MONITOR: return _("Safety Monitor");
    case CRIA_DEVICE_SWITCH: return _("Switch");
    case CRIA_DEVICE_TELESCOPE: return _("Telescope");
    case CRIA_N_DEVICE_TYPES:
    default:
      return cria_device_type_to_string (type);
    }
}

static gboolean
is_connected (CriaDevicePanel *self)
{
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);

  return cria_device_get_connection_state (priv->device) == CRIA_CONNECTION_CONNECTED;
}

/* Polling runs while connected, not lost, and visible. */
static void
update_polling (CriaDevicePanel *self)
{
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);
  gboolean wanted = is_connected (self) && !priv->lost && !priv->busy
                    && gtk_widget_get_mapped (GTK_WIDGET (self));

  if (wanted && !cria_panel_poller_is_running (priv->poller))
    cria_panel_poller_start (priv->poller);
  else if (!wanted && cria_panel_poller_is_running (priv->poller))
    cria_panel_poller_stop (priv->poller);
}

static void
update_state (CriaDevicePanel *self)
{
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);
  CriaConnectionState state = cria_device_get_connection_state (priv->device);
  g_autofree char *subtitle = NULL;
  const char *title;
  gboolean connected = state == CRIA_CONNECTION_CONNECTED;
  gboolean working = state == CRIA_CONNECTION_CONNECTING || priv->busy;
  guint i;

  if (priv->lost)
    {
      title = _("Connection Lost");
      if (state == CRIA_CONNECTION_CONNECTING)
        subtitle = g_strdup_printf (_("%s — reconnecting…"), priv->lost_message);
      else
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%s — retrying in %u second",
                                                 "%s — retrying in %u seconds",
                                                 priv->retry_remaining),
                                    priv->lost_message, priv->retry_remaining);
    }
  else
    {
      switch (state)
        {
        case CRIA_CONNECTION_CONNECTING:
          title = _("Connecting…");
          break;
        case CRIA_CONNECTION_CONNECTED:
          title = priv->busy ? _("Disconnecting…") : _("Connected");
          if (cria_device_get_interface_version (priv->device) > 0)
            subtitle = g_strdup_printf (_("Interface version %u"),
                                        cria_device_get_interface_version (priv->device));
          break;
        case CRIA_CONNECTION_ERROR:
          title = _("Connection Failed");
          subtitle = cria_error_describe (cria_device_get_last_error (priv->device));
          break;
        case CRIA_CONNECTION_DISCONNECTED:
        default:
          title = _("Disconnected");
          break;
        }
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (priv->state_row), title);
  adw_action_row_set_subtitle (priv->state_row, subtitle != NULL ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (priv->spinner), working);
  gtk_spinner_set_spinning (priv->spinner, working);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.connect",
                                 !priv->lost && !working && !connected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.disconnect",
                                 priv->lost || (!priv->busy && (connected || working)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.reconnect",
                                 priv->lost && !working);
  gtk_widget_set_visible (priv->connect_button, !priv->lost && !connected && !working);
  gtk_widget_set_visible (priv->disconnect_button, priv->lost || connected || working);
  gtk_widget_set_visible (priv->reconnect_button, priv->lost);

  /* Everything but the device's identity needs a connection; stale values stay visible
   * but inactive while it is being restored. */
  for (i = 0; i < priv->sections->len; i++)
    {
      CriaPanelSection *section = g_ptr_array_index (priv->sections, i);

      if (cria_panel_section_get_kind (section) == CRIA_SECTION_INFORMATION)
        continue;
      gtk_widget_set_visible (GTK_WIDGET (section),
                              (connected || priv->lost) && !cria_panel_section_is_empty (section));
      gtk_widget_set_sensitive (GTK_WIDGET (section), connected && !priv->lost);
    }
  cria_action_runner_set_connected (CRIA_ACTION_RUNNER (priv->runner), connected && !priv->lost);
}

static void enter_lost (CriaDevicePanel *self,
                        const GError    *error);

/* The device marks itself lost when any request finds it gone, whoever made the request. */
static void
connection_state_cb (CriaDevicePanel *self)
{
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);
  CriaConnectionState state = cria_device_get_connection_state (priv->device);

  if (priv->last_state == CRIA_CONNECTION_CONNECTED && state == CRIA_CONNECTION_ERROR
      && !priv->busy)
    enter_lost (self, cria_device_get_last_error (priv->device));
  priv->last_state = state;

  update_state (self);
  update_polling (self);
}

/* Connecting and disconnecting. */

static void reconnect_now (CriaDevicePanel *self);

static gboolean
retry_tick (gpointer user_data)
{
  CriaDevicePanel *self = user_data;
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);

  if (priv->retry_remaining > 1)
    {
      priv->retry_remaining--;
      update_state (self);
      return G_SOURCE_CONTINUE;
    }

  priv->retry_source = 0;
  reconnect_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (CriaDevicePanel *self)
{
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);

  g_clear_handle_id (&priv->retry_source, g_source_remove);
  priv->retry_remaining = priv->retry_delay;
  priv->retry_source = g_timeout_add_seconds (1, retry_tick, self);
  update_state (self);
}

static void
stop_retrying (CriaDevicePanel *self)
{
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);

  g_clear_handle_id (&priv->retry_source, g_source_remove);
  priv->lost = FALSE;
  g_clear_pointer (&priv->lost_message, g_free);
}

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  CriaDevicePanel *self = user_data;
  CriaDevicePanelPrivate *priv;
  g_autoptr(GError) error = NULL;

  /* No reference on self: dispose cancels, and a cancelled operation stops here. */
  cria_device_connect_finish (CRIA_DEVICE (source), result, &error);
  if (cria_panel_error_is_cancelled (error))
    return;
  priv = cria_device_panel_get_instance_private (self);

  priv->busy = FALSE;
  if (error != NULL && priv->lost)
    {
      /* Keep trying, a little less often each time. */
      g_free (priv->lost_message);
      priv->lost_message = cria_error_describe (error);
      priv->retry_delay = MIN (priv->retry_delay * 2, RETRY_MAX_DELAY_S);
      schedule_retry (self);
    }
  else if (error != NULL)
    {
      cria_panel_show_error (GTK_WIDGET (self), cria_device_get_name (priv->device), error);
    }
  else
    {
      stop_retrying (self);
    }

  update_state (self);
  update_polling (self);
}

static void
start_connect (CriaDevicePanel *self)
{
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  priv->cancellable = g_cancellable_new ();

  priv->busy = TRUE;
  cria_device_connect_async (priv->device, priv->cancellable, connect_cb, self);
  update_state (self);
}

static void
reconnect_now (CriaDevicePanel *self)
{
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);

  g_clear_handle_id (&priv->retry_source, g_source_remove);
  if (priv->busy)
    return;
  start_connect (self);
}

static void
disconnect_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  CriaDevicePanel *self = user_data;
  CriaDevicePanelPrivate *priv;
  g_autoptr(GError) error = NULL;

  cria_device_disconnect_finish (CRIA_DEVICE (source), result, &error);
  if (cria_panel_error_is_cancelled (error))
    return;
  priv = cria_device_panel_get_instance_private (self);

  priv->busy = FALSE;
  if (error != NULL)
    cria_panel_show_error (GTK_WIDGET (self), cria_device_get_name (priv->device), error);

  update_state (self);
  update_polling (self);
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  stop_retrying (CRIA_DEVICE_PANEL (widget));
  start_connect (CRIA_DEVICE_PANEL (widget));
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  reconnect_now (CRIA_DEVICE_PANEL (widget));
}

static void
disconnect_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CriaDevicePanel *self = CRIA_DEVICE_PANEL (widget);
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);

  stop_retrying (self);
  cria_panel_poller_stop (priv->poller);

  /* A newer disconnect supersedes a connect still in progress. */
  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  priv->cancellable = g_cancellable_new ();

  priv->busy = TRUE;
  cria_device_disconnect_async (priv->device, priv->cancellable, disconnect_cb, self);
  update_state (self);
}

/* Polling. */

static void
collect_reads (GPtrArray *fast,
               GPtrArray *slow,
               gpointer   user_data)
{
  CriaDevicePanel *self = user_data;
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);
  guint i;

  for (i = 0; i < priv->sections->len; i++)
    cria_panel_section_collect_reads (g_ptr_array_index (priv->sections, i), fast, slow);
  if (cria_member_lookup (cria_device_get_device_type (priv->device), "SupportedActions",
                          CRIA_HTTP_GET) != NULL
      && !g_ptr_array_find_with_equal_func (slow, "SupportedActions", g_str_equal, NULL))
    g_ptr_array_add (slow, (gpointer) "SupportedActions");
}

static void
poller_value_cb (CriaDevicePanel *self,
                 const char      *name,
                 JsonNode        *value)
{
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);
  guint i;

  for (i = 0; i < priv->sections->len; i++)
    cria_panel_section_update (g_ptr_array_index (priv->sections, i), name, value);
  if (g_strcmp0 (name, "SupportedActions") == 0)
    cria_action_runner_set_supported (CRIA_ACTION_RUNNER (priv->runner), value);
}

static void
poller_failed_cb (CriaDevicePanel *self,
                  const char      *name,
                  const GError    *error)
{
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);
  guint i;

  /* Reading identity while disconnected may fail; that is no news to anyone. */
  if (!is_connected (self) && cria_panel_error_is_connection (error))
    return;

  for (i = 0; i < priv->sections->len; i++)
    cria_panel_section_read_failed (g_ptr_array_index (priv->sections, i), name, error);
}

static void
enter_lost (CriaDevicePanel *self,
            const GError    *error)
{
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);

  if (priv->lost)
    return;

  priv->lost = TRUE;
  priv->lost_message = cria_error_describe (error);
  priv->retry_delay = 1;
  cria_panel_show_error (GTK_WIDGET (self), _("Connection lost"), error);
  schedule_retry (self);
  update_polling (self);
}

static void
poller_lost_cb (CriaDevicePanel *self,
                const GError    *error)
{
  if (is_connected (self))
    enter_lost (self, error);
}

static void
section_changed_cb (CriaDevicePanel *self)
{
  cria_device_panel_refresh (self);
}

static void
read_information (CriaDevicePanel *self)
{
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);
  g_autofree const char **names = NULL;

  if (priv->info_read)
    return;

  priv->info_read = TRUE;
  names = cria_panel_layout_members (cria_device_get_device_type (priv->device),
                                     CRIA_SECTION_INFORMATION);
  cria_panel_poller_read (priv->poller, names);
}

/* Widget. */

static void
cria_device_panel_map (GtkWidget *widget)
{
  CriaDevicePanel *self = CRIA_DEVICE_PANEL (widget);

  GTK_WIDGET_CLASS (cria_device_panel_parent_class)->map (widget);

  read_information (self);
  update_polling (self);
}

static void
cria_device_panel_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (cria_device_panel_parent_class)->unmap (widget);

  update_polling (CRIA_DEVICE_PANEL (widget));
}

static void
cria_device_panel_constructed (GObject *object)
{
  CriaDevicePanel *self = CRIA_DEVICE_PANEL (object);
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);
  CriaClient *client = cria_device_get_client (priv->device);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autofree char *where = NULL;
  guint i;

  G_OBJECT_CLASS (cria_device_panel_parent_class)->constructed (object);

  gtk_label_set_text (priv->name_label, cria_device_get_name (priv->device));
  /* TRANSLATORS: a device type, its number and the server's address,
   * e.g. "Telescope 0 on http://127.0.0.1:11111". */
  where = g_strdup_printf (_("%s %u on %s"),
                           type_display_name (cria_device_get_device_type (priv->device)),
                           cria_device_get_number (priv->device),
                           cria_client_get_base_url (client));
  gtk_label_set_text (priv->where_label, where);

  priv->poller = cria_panel_poller_new (priv->device, collect_reads, self);
  g_signal_connect_swapped (priv->poller, "value", G_CALLBACK (poller_value_cb), self);
  g_signal_connect_swapped (priv->poller, "failed", G_CALLBACK (poller_failed_cb), self);
  g_signal_connect_swapped (priv->poller, "lost", G_CALLBACK (poller_lost_cb), self);

  /* The app's schema is missing when a panel runs outside the app (tests, demos). */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA, TRUE);
  if (schema != NULL)
    {
      priv->settings = g_settings_new (SETTINGS_SCHEMA);
      g_settings_bind (priv->settings, "poll-interval", priv->poller, "interval",
                       G_SETTINGS_BIND_GET);
    }

  for (i = 0; i < G_N_ELEMENTS (generated_kinds); i++)
    {
      CriaPanelSection *section = cria_panel_section_new_generated (priv->device,
                                                                    generated_kinds[i]);

      cria_device_panel_add_section (self, section);
      if (generated_kinds[i] == CRIA_SECTION_INFORMATION)
        {
          priv->runner = cria_action_runner_new (priv->device);
          gtk_box_append (priv->content, priv->runner);
        }
    }

  priv->last_state = cria_device_get_connection_state (priv->device);
  g_signal_connect_object (priv->device, "notify::connection-state",
                           G_CALLBACK (connection_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (priv->device, "notify::interface-version",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  update_state (self);
}

static void
cria_device_panel_dispose (GObject *object)
{
  CriaDevicePanel *self = CRIA_DEVICE_PANEL (object);
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);

  /* Nothing of ours may outlive the panel. */
  g_cancellable_cancel (priv->cancellable);
  g_clear_handle_id (&priv->retry_source, g_source_remove);
  if (priv->poller != NULL)
    {
      g_signal_handlers_disconnect_by_data (priv->poller, self);
      g_object_run_dispose (G_OBJECT (priv->poller));
      g_clear_object (&priv->poller);
    }
  g_clear_object (&priv->settings);
  if (priv->sections != NULL)
    g_ptr_array_set_size (priv->sections, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRIA_TYPE_DEVICE_PANEL);

  G_OBJECT_CLASS (cria_device_panel_parent_class)->dispose (object);
}

static void
cria_device_panel_finalize (GObject *object)
{
  CriaDevicePanel *self = CRIA_DEVICE_PANEL (object);
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);

  g_clear_pointer (&priv->sections, g_ptr_array_unref);
  g_clear_pointer (&priv->lost_message, g_free);
  g_clear_object (&priv->cancellable);
  g_clear_object (&priv->device);

  G_OBJECT_CLASS (cria_device_panel_parent_class)->finalize (object);
}

static void
cria_device_panel_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CriaDevicePanel *self = CRIA_DEVICE_PANEL (object);
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_DEVICE:
      g_value_set_object (value, priv->device);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_device_panel_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CriaDevicePanel *self = CRIA_DEVICE_PANEL (object);
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_DEVICE:
      priv->device = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_device_panel_class_init (CriaDevicePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cria_device_panel_constructed;
  object_class->dispose = cria_device_panel_dispose;
  object_class->finalize = cria_device_panel_finalize;
  object_class->get_property = cria_device_panel_get_property;
  object_class->set_property = cria_device_panel_set_property;

  widget_class->map = cria_device_panel_map;
  widget_class->unmap = cria_device_panel_unmap;

  properties[PROP_DEVICE] =
    g_param_spec_object ("device", NULL, NULL, CRIA_TYPE_DEVICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cria/Cria/cria-device-panel.ui");
  gtk_widget_class_bind_template_child_private (widget_class, CriaDevicePanel, content);
  gtk_widget_class_bind_template_child_private (widget_class, CriaDevicePanel, name_label);
  gtk_widget_class_bind_template_child_private (widget_class, CriaDevicePanel, where_label);
  gtk_widget_class_bind_template_child_private (widget_class, CriaDevicePanel, state_row);
  gtk_widget_class_bind_template_child_private (widget_class, CriaDevicePanel, spinner);
  gtk_widget_class_bind_template_child_private (widget_class, CriaDevicePanel, reconnect_button);
  gtk_widget_class_bind_template_child_private (widget_class, CriaDevicePanel, connect_button);
  gtk_widget_class_bind_template_child_private (widget_class, CriaDevicePanel,
                                                disconnect_button);

  gtk_widget_class_install_action (widget_class, "panel.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "panel.disconnect", NULL, disconnect_action);
  gtk_widget_class_install_action (widget_class, "panel.reconnect", NULL, reconnect_action);
}

static void
cria_device_panel_init (CriaDevicePanel *self)
{
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);

  gtk_widget_init_template (GTK_WIDGET (self));

  priv->sections = g_ptr_array_new_with_free_func (g_object_unref);
  priv->cancellable = g_cancellable_new ();
  priv->retry_delay = 1;
}

GtkWidget *
cria_device_panel_new (CriaDevice *device)
{
  g_return_val_if_fail (CRIA_IS_DEVICE (device), NULL);

  /* Dedicated panels for telescopes, domes and focusers will be picked here too. */
  if (cria_device_get_device_type (device) == CRIA_DEVICE_CAMERA)
    return cria_camera_panel_new (device);
  return g_object_new (CRIA_TYPE_DEVICE_PANEL, "device", device, NULL);
}

CriaDevice *
cria_device_panel_get_device (CriaDevicePanel *self)
{
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);

  g_return_val_if_fail (CRIA_IS_DEVICE_PANEL (self), NULL);
  return priv->device;
}

CriaPanelSection *
cria_device_panel_get_section (CriaDevicePanel *self,
                               CriaSectionKind  kind)
{
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);
  guint i;

  g_return_val_if_fail (CRIA_IS_DEVICE_PANEL (self), NULL);

  for (i = 0; i < priv->sections->len; i++)
    {
      CriaPanelSection *section = g_ptr_array_index (priv->sections, i);

      if (cria_panel_section_get_kind (section) == kind && !cria_panel_section_is_empty (section))
        return section;
    }

  return NULL;
}

void
cria_device_panel_add_section (CriaDevicePanel  *self,
                               CriaPanelSection *section)
{
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);

  g_return_if_fail (CRIA_IS_DEVICE_PANEL (self));
  g_return_if_fail (CRIA_IS_PANEL_SECTION (section));

  g_ptr_array_add (priv->sections, g_object_ref_sink (section));
  gtk_box_append (priv->content, GTK_WIDGET (section));
  gtk_widget_set_visible (GTK_WIDGET (section), !cria_panel_section_is_empty (section));
  g_signal_connect_object (section, "changed", G_CALLBACK (section_changed_cb), self,
                           G_CONNECT_SWAPPED);
  if (priv->runner != NULL)
    update_state (self);
}

GtkBox *
cria_device_panel_get_content (CriaDevicePanel *self)
{
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);

  g_return_val_if_fail (CRIA_IS_DEVICE_PANEL (self), NULL);
  return priv->content;
}

CriaPanelPoller *
cria_device_panel_get_poller (CriaDevicePanel *self)
{
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);

  g_return_val_if_fail (CRIA_IS_DEVICE_PANEL (self), NULL);
  return priv->poller;
}

void
cria_device_panel_refresh (CriaDevicePanel *self)
{
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);

  g_return_if_fail (CRIA_IS_DEVICE_PANEL (self));
  cria_panel_poller_request_full (priv->poller);
}

AdwActionRow *
cria_device_panel_get_state_row (CriaDevicePanel *self)
{
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);

  g_return_val_if_fail (CRIA_IS_DEVICE_PANEL (self), NULL);
  return priv->state_row;
}

gboolean
cria_device_panel_is_reconnecting (CriaDevicePanel *self)
{
  CriaDevicePanelPrivate *priv = cria_device_panel_get_instance_private (self);

  g_return_val_if_fail (CRIA_IS_DEVICE_PANEL (self), FALSE);
  return priv->lost;
}
