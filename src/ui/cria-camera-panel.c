/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "cria-camera-panel-private.h"
#include "cria-imaging-gst.h"
#include "cria-panel-util.h"

G_DEFINE_FINAL_TYPE (CriaCameraPanel, cria_camera_panel, CRIA_TYPE_DEVICE_PANEL)

enum
{
  PROP_0,
  PROP_LIVE,
  PROP_ZOOM,
  PROP_SHOW_RETICLE,
  PROP_DRAW_SUBFRAME,
  PROP_RECORDING,
  PROP_RECORD_FORMAT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_connected (CriaCameraPanel *self)
{
  CriaDevice *device = cria_device_panel_get_device (CRIA_DEVICE_PANEL (self));

  return cria_device_get_connection_state (device) == CRIA_CONNECTION_CONNECTED
         && !cria_device_panel_is_reconnecting (CRIA_DEVICE_PANEL (self));
}

static gboolean
is_running (CriaCameraPanel *self)
{
  return self->capture != NULL && cria_capture_get_running (self->capture);
}

/* State. */

static void
update_placeholder (CriaCameraPanel *self)
{
  gboolean running = is_running (self);

  gtk_widget_set_visible (self->placeholder, !self->frame_shown);
  gtk_widget_set_visible (GTK_WIDGET (self->placeholder_spinner), running);
  gtk_spinner_set_spinning (self->placeholder_spinner, running);
  gtk_widget_set_visible (GTK_WIDGET (self->placeholder_page), !running);
}

static void
update_live (CriaCameraPanel *self)
{
  gboolean running = is_running (self);

  adw_button_content_set_icon_name (self->live_content, running ? "media-playback-stop-symbolic"
                                                                : "media-playback-start-symbolic");
  adw_button_content_set_label (self->live_content, running ? _("Stop") : _("Start"));
  if (running)
    gtk_widget_remove_css_class (self->live_button, "suggested-action");
  else
    gtk_widget_add_css_class (self->live_button, "suggested-action");

  if (running && !cria_stall_meter_is_running (self->stall_meter))
    {
      cria_stall_meter_reset (self->stall_meter);
      cria_stall_meter_start (self->stall_meter);
    }
  else if (!running)
    {
      cria_stall_meter_stop (self->stall_meter);
    }

  cria_camera_status_set_live (self->status, running);
  update_placeholder (self);
  cria_camera_panel_update_save_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVE]);
}

static void
update_state (CriaCameraPanel *self)
{
  CriaDevicePanel *panel = CRIA_DEVICE_PANEL (self);
  CriaDevice *device = cria_device_panel_get_device (panel);
  CriaConnectionState state = cria_device_get_connection_state (device);
  AdwActionRow *state_row = cria_device_panel_get_state_row (panel);
  gboolean connected = is_connected (self);
  const char *subtitle = adw_action_row_get_subtitle (state_row);
  g_autofree char *description = NULL;

  /* While the connection is restored the last picture stays. */
  gtk_stack_set_visible_child_name (self->view_stack,
                                    connected || cria_device_panel_is_reconnecting (panel)
                                    ? "live" : "offline");
  if (subtitle != NULL && *subtitle != '\0')
    description = g_strdup_printf ("%s\n%s",
                                   adw_preferences_row_get_title (ADW_PREFERENCES_ROW (state_row)),
                                   subtitle);
  else
    description = g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (state_row)));
  adw_status_page_set_title (self->offline_page, cria_device_get_name (device));
  adw_status_page_set_description (self->offline_page, description);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "camera.toggle-live",
                                 connected || is_running (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->controls), connected);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cooling), connected);

  /* A capture needs the connection; a lost one ends the run. */
  if (state != CRIA_CONNECTION_CONNECTED && is_running (self))
    cria_capture_stop (self->capture);
  cria_camera_panel_update_save_actions (self);
}

/* Live view. */

static void
frame_cb (CriaCameraPanel *self,
          CriaFrame       *frame,
          CriaFrameTiming *timing)
{
  int width = cria_image_view_get_image_width (self->image_view);
  int height = cria_image_view_get_image_height (self->image_view);

  g_clear_pointer (&self->last_frame, cria_frame_unref);
  self->last_frame = cria_frame_ref (frame);

  if (!cria_preview_push_frame (self->preview, frame) && !self->failed_push_reported)
    {
      g_autoptr(GError) error = NULL;

      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("A %u × %u frame with %u planes of %s cannot be shown"),
                   frame->width, frame->height, frame->planes,
                   cria_element_type_to_string (frame->element_type));

      self->failed_push_reported = TRUE;
      cria_panel_show_error (GTK_WIDGET (self), _("Live view"), error);
    }

  /* The picture may be a half-size superpixel image: frame pixels stay the unit. */
  if ((guint) width != frame->width || (guint) height != frame->height)
    {
      cria_image_view_set_image_width (self->image_view, frame->width);
      cria_image_view_set_image_height (self->image_view, frame->height);
      /* The new geometry is what was asked for: the outline has done its job. */
      cria_image_view_set_subframe (self->image_view, NULL);
    }

  cria_camera_panel_record_frame (self, frame);
  cria_camera_status_set_frame (self->status, frame, timing);
  if (!self->frame_shown)
    {
      self->frame_shown = TRUE;
      update_placeholder (self);
      cria_camera_panel_update_save_actions (self);
    }
}

static void
capture_error_cb (CriaCameraPanel *self,
                  const GError    *error)
{
  cria_panel_show_error (GTK_WIDGET (self), _("Live view stopped"), error);
}

static void
preview_error_cb (CriaCameraPanel *self,
                  const GError    *error)
{
  cria_panel_show_error (GTK_WIDGET (self), _("Live view display"), error);
}

/* Space toggles the live view wherever the focus is, except where Space is typed. */
static gboolean
space_cb (GtkWidget *widget,
          GVariant  *args,
          gpointer   user_data)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT_VIEW (focus)))
    return FALSE;
  return gtk_widget_activate_action (widget, "camera.toggle-live", NULL);
}

static void
toggle_live_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CriaCameraPanel *self = CRIA_CAMERA_PANEL (widget);

  cria_camera_panel_set_live (self, !is_running (self));
}

/* Subframe. */

static void
show_subframe (CriaCameraPanel *self)
{
  guint x = 0, y = 0, width = 0, height = 0;
  gboolean sub = cria_capture_get_subframe (self->capture, &x, &y, &width, &height);

  cria_camera_controls_show_subframe (self->controls, !sub, x, y, width, height);
}

static void
subframe_selected_cb (CriaCameraPanel *self,
                      int              x,
                      int              y,
                      int              width,
                      int              height)
{
  guint origin_x = 0, origin_y = 0;
  GdkRectangle outline = { x, y, width, height };

  if (width <= 0 || height <= 0)
    return;

  /* The picture may already be a subframe: the camera counts from the sensor's corner. */
  if (self->last_frame != NULL && (self->last_frame->info.fields & CRIA_FRAME_INFO_GEOMETRY))
    {
      origin_x = self->last_frame->info.start_x;
      origin_y = self->last_frame->info.start_y;
    }

  cria_capture_set_subframe (self->capture, origin_x + x, origin_y + y, width, height);
  cria_image_view_set_subframe (self->image_view, &outline);
  cria_image_view_set_selection_mode (self->image_view, FALSE);
  show_subframe (self);
}

static void
full_frame_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CriaCameraPanel *self = CRIA_CAMERA_PANEL (widget);

  cria_capture_set_subframe (self->capture, 0, 0, 0, 0);
  cria_image_view_set_subframe (self->image_view, NULL);
  show_subframe (self);
}

/* The subframe is counted in binned pixels: a new binning keeps the same sky. */
static void
binning_cb (CriaCameraPanel *self)
{
  guint binning = cria_capture_get_binning (self->capture);
  guint x, y, width, height;

  if (binning == 0 || binning == self->binning)
    return;

  if (self->binning > 0 && cria_capture_get_subframe (self->capture, &x, &y, &width, &height))
    cria_capture_set_subframe (self->capture, x * self->binning / binning,
                               y * self->binning / binning,
                               MAX (width * self->binning / binning, 1),
                               MAX (height * self->binning / binning, 1));
  self->binning = binning;
  show_subframe (self);
}

/* The view. */

static void
pointer_moved_cb (CriaCameraPanel *self,
                  int              x,
                  int              y)
{
  cria_camera_status_set_pointer (self->status, x, y);
}

static void
scale_cb (CriaCameraPanel *self)
{
  /* The debayer's automatic choice follows how many screen pixels a sensor pixel gets. */
  cria_preview_set_display_scale (self->preview,
                                  cria_image_view_get_scale (self->image_view)
                                  * gtk_widget_get_scale_factor (GTK_WIDGET (self)));
}

static void
view_notify_cb (CriaCameraPanel *self,
                GParamSpec      *pspec)
{
  if (g_str_equal (pspec->name, "zoom"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  else if (g_str_equal (pspec->name, "show-reticle"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_RETICLE]);
  else if (g_str_equal (pspec->name, "selection-mode"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAW_SUBFRAME]);
}

/* Values read by the panel's poller. */

static void
poller_value_cb (CriaCameraPanel *self,
                 const char      *name,
                 JsonNode        *value)
{
  double number;

  if (self->controls == NULL)
    return;

  if (!cria_camera_controls_update (self->controls, name, value))
    cria_camera_cooling_update (self->cooling, name, value);
  if (g_ascii_strcasecmp (name, "SensorType") == 0 && cria_panel_node_get_number (value, &number))
    {
      self->colour = number >= 1;
      cria_camera_display_set_colour (self->display, self->colour);
    }
  else if (g_ascii_strcasecmp (name, "BinX") == 0 && cria_panel_node_get_number (value, &number)
           && number >= 1 && cria_capture_get_binning (self->capture) == 0)
    {
      self->binning = (guint) MIN (number, 64);
    }
}

static void
poller_failed_cb (CriaCameraPanel *self,
                  const char      *name,
                  const GError    *error)
{
  if (self->controls != NULL)
    cria_camera_controls_read_failed (self->controls, name, error);
}

static void
cooling_changed_cb (CriaCameraPanel *self)
{
  cria_device_panel_refresh (CRIA_DEVICE_PANEL (self));
}

/* GObject. */

static void
cria_camera_panel_constructed (GObject *object)
{
  CriaCameraPanel *self = CRIA_CAMERA_PANEL (object);
  CriaDevicePanel *panel = CRIA_DEVICE_PANEL (object);
  CriaDevice *device;
  AdwActionRow *state_row;

  G_OBJECT_CLASS (cria_camera_panel_parent_class)->constructed (object);

  device = cria_device_panel_get_device (panel);
  self->capture = cria_capture_new (device);
  g_signal_connect_object (self->capture, "frame", G_CALLBACK (frame_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->capture, "error", G_CALLBACK (capture_error_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->capture, "notify::running", G_CALLBACK (update_live), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->capture, "notify::binning", G_CALLBACK (binning_cb), self,
                           G_CONNECT_SWAPPED);

  self->preview = cria_preview_new ();
  g_signal_connect_object (self->preview, "error", G_CALLBACK (preview_error_cb), self,
                           G_CONNECT_SWAPPED);
  cria_image_view_set_paintable (self->image_view, cria_preview_get_paintable (self->preview));
  scale_cb (self);

  self->stall_meter = cria_stall_meter_new ();
  cria_camera_controls_set_capture (self->controls, self->capture);
  cria_camera_cooling_set_device (self->cooling, device);
  cria_camera_display_set_preview (self->display, self->preview);
  cria_camera_status_set_sources (self->status, self->capture, self->preview, self->stall_meter);

  g_signal_connect_object (cria_device_panel_get_poller (panel), "value",
                           G_CALLBACK (poller_value_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (cria_device_panel_get_poller (panel), "failed",
                           G_CALLBACK (poller_failed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (device, "notify::connection-state", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  state_row = cria_device_panel_get_state_row (panel);
  g_signal_connect_object (state_row, "notify::title", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (state_row, "notify::subtitle", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);

  update_state (self);
  update_live (self);
  show_subframe (self);
}

static void
cria_camera_panel_dispose (GObject *object)
{
  CriaCameraPanel *self = CRIA_CAMERA_PANEL (object);

  /* Nothing may call back into a panel that is going away: the capture stops (its
   * requests are cancelled), a recording finishes its file in the background, and the
   * preview's pipeline goes to NULL once its last user lets go. The generic panel's own
   * teardown (cancelling a connect) must not reach the camera's widgets either. */
  if (self->workspace != NULL)
    {
      g_signal_handlers_disconnect_by_func (cria_device_panel_get_device (CRIA_DEVICE_PANEL (self)),
                                            update_state, self);
      g_signal_handlers_disconnect_by_func (cria_device_panel_get_state_row (
                                              CRIA_DEVICE_PANEL (self)),
                                            update_state, self);
    }
  cria_camera_panel_dispose_save (self);
  if (self->capture != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->capture, self);
      cria_capture_stop (self->capture);
    }
  if (self->preview != NULL)
    g_signal_handlers_disconnect_by_data (self->preview, self);
  if (self->stall_meter != NULL)
    cria_stall_meter_stop (self->stall_meter);
  if (self->image_view != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->image_view, self);
      cria_image_view_set_paintable (self->image_view, NULL);
    }
  if (self->status != NULL)
    cria_camera_status_set_sources (self->status, NULL, NULL, NULL);
  if (self->display != NULL)
    cria_camera_display_set_preview (self->display, NULL);
  if (self->controls != NULL)
    cria_camera_controls_set_capture (self->controls, NULL);
  if (self->cooling != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->cooling, self);
      cria_camera_cooling_set_device (self->cooling, NULL);
    }
  g_clear_object (&self->capture);
  g_clear_object (&self->preview);
  g_clear_object (&self->stall_meter);
  g_clear_pointer (&self->last_frame, cria_frame_unref);

  /* Nothing of the workspace may be used from here on. */
  self->workspace = NULL;
  self->live_button = NULL;
  self->live_content = NULL;
  self->view_stack = NULL;
  self->offline_page = NULL;
  self->image_view = NULL;
  self->placeholder = NULL;
  self->placeholder_page = NULL;
  self->placeholder_spinner = NULL;
  self->status = NULL;
  self->side_stack = NULL;
  self->controls = NULL;
  self->cooling = NULL;
  self->display = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), CRIA_TYPE_CAMERA_PANEL);

  G_OBJECT_CLASS (cria_camera_panel_parent_class)->dispose (object);
}

static void
cria_camera_panel_finalize (GObject *object)
{
  CriaCameraPanel *self = CRIA_CAMERA_PANEL (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->last_folder);
  g_free (self->record_format);

  G_OBJECT_CLASS (cria_camera_panel_parent_class)->finalize (object);
}

static void
cria_camera_panel_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CriaCameraPanel *self = CRIA_CAMERA_PANEL (object);

  switch (prop_id)
    {
    case PROP_LIVE:
      g_value_set_boolean (value, is_running (self));
      break;
    case PROP_ZOOM:
      g_value_set_enum (value, cria_image_view_get_zoom (self->image_view));
      break;
    case PROP_SHOW_RETICLE:
      g_value_set_boolean (value, cria_image_view_get_show_reticle (self->image_view));
      break;
    case PROP_DRAW_SUBFRAME:
      g_value_set_boolean (value, cria_image_view_get_selection_mode (self->image_view));
      break;
    case PROP_RECORDING:
      g_value_set_boolean (value, cria_camera_panel_get_recording (self));
      break;
    case PROP_RECORD_FORMAT:
      g_value_set_string (value, self->record_format);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_camera_panel_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CriaCameraPanel *self = CRIA_CAMERA_PANEL (object);

  switch (prop_id)
    {
    case PROP_LIVE:
      cria_camera_panel_set_live (self, g_value_get_boolean (value));
      break;
    case PROP_ZOOM:
      cria_image_view_set_zoom (self->image_view, g_value_get_enum (value));
      break;
    case PROP_SHOW_RETICLE:
      cria_image_view_set_show_reticle (self->image_view, g_value_get_boolean (value));
      break;
    case PROP_DRAW_SUBFRAME:
      cria_image_view_set_selection_mode (self->image_view, g_value_get_boolean (value));
      break;
    case PROP_RECORDING:
      cria_camera_panel_set_recording (self, g_value_get_boolean (value));
      break;
    case PROP_RECORD_FORMAT:
      if (g_strcmp0 (self->record_format, g_value_get_string (value)) != 0
          && g_value_get_string (value) != NULL)
        {
          g_free (self->record_format);
          self->record_format = g_value_dup_string (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_camera_panel_class_init (CriaCameraPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->constructed = cria_camera_panel_constructed;
  object_class->dispose = cria_camera_panel_dispose;
  object_class->finalize = cria_camera_panel_finalize;
  object_class->get_property = cria_camera_panel_get_property;
  object_class->set_property = cria_camera_panel_set_property;

  properties[PROP_LIVE] = g_param_spec_boolean ("live", NULL, NULL, FALSE, flags);
  properties[PROP_ZOOM] = g_param_spec_enum ("zoom", NULL, NULL, CRIA_TYPE_ZOOM, CRIA_ZOOM_FIT,
                                             flags);
  properties[PROP_SHOW_RETICLE] = g_param_spec_boolean ("show-reticle", NULL, NULL, FALSE, flags);
  properties[PROP_DRAW_SUBFRAME] = g_param_spec_boolean ("draw-subframe", NULL, NULL, FALSE,
                                                         flags);
  properties[PROP_RECORDING] = g_param_spec_boolean ("recording", NULL, NULL, FALSE, flags);
  properties[PROP_RECORD_FORMAT] = g_param_spec_string ("record-format", NULL, NULL, "webm",
                                                        flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* An empty template: see cria-camera-panel.ui. */
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cria/Cria/cria-camera-panel.ui");

  gtk_widget_class_install_action (widget_class, "camera.toggle-live", NULL, toggle_live_action);
  gtk_widget_class_install_action (widget_class, "camera.full-frame", NULL, full_frame_action);
  gtk_widget_class_install_property_action (widget_class, "camera.zoom", "zoom");
  gtk_widget_class_install_property_action (widget_class, "camera.show-reticle", "show-reticle");
  gtk_widget_class_install_property_action (widget_class, "camera.draw-subframe",
                                            "draw-subframe");
  gtk_widget_class_install_property_action (widget_class, "camera.recording", "recording");
  gtk_widget_class_install_property_action (widget_class, "camera.record-format",
                                            "record-format");
  cria_camera_panel_install_save_actions (widget_class);

}

static void
cria_camera_panel_init (CriaCameraPanel *self)
{
  CriaCameraWorkspace *workspace;
  GtkEventController *shortcuts;
  GtkWidget *details;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->record_format = g_strdup ("webm");

  /* The live view takes the whole panel; the generic panel's page moves to the side
   * column's Details view. */
  workspace = CRIA_CAMERA_WORKSPACE (cria_camera_workspace_new ());
  details = g_object_ref (adw_bin_get_child (ADW_BIN (self)));
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (workspace));
  cria_camera_workspace_set_details (workspace, details);
  g_object_unref (details);

  self->workspace = workspace;
  self->live_button = workspace->live_button;
  self->live_content = workspace->live_content;
  self->view_stack = workspace->view_stack;
  self->offline_page = workspace->offline_page;
  self->image_view = workspace->image_view;
  self->placeholder = workspace->placeholder;
  self->placeholder_page = workspace->placeholder_page;
  self->placeholder_spinner = workspace->placeholder_spinner;
  self->status = workspace->status;
  self->side_stack = workspace->side_stack;
  self->controls = workspace->controls;
  self->cooling = workspace->cooling;
  self->display = workspace->display;

  g_signal_connect_swapped (self->image_view, "pointer-moved", G_CALLBACK (pointer_moved_cb),
                            self);
  g_signal_connect_swapped (self->image_view, "subframe-selected",
                            G_CALLBACK (subframe_selected_cb), self);
  g_signal_connect_swapped (self->image_view, "notify::scale", G_CALLBACK (scale_cb), self);
  g_signal_connect_swapped (self->image_view, "notify::zoom", G_CALLBACK (view_notify_cb), self);
  g_signal_connect_swapped (self->image_view, "notify::show-reticle",
                            G_CALLBACK (view_notify_cb), self);
  g_signal_connect_swapped (self->image_view, "notify::selection-mode",
                            G_CALLBACK (view_notify_cb), self);
  g_signal_connect_swapped (self->cooling, "changed", G_CALLBACK (cooling_changed_cb), self);

  /* In the capture phase: a focused button would otherwise take Space for itself. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_space, 0),
                                                          gtk_callback_action_new (space_cb, NULL,
                                                                                   NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

GtkWidget *
cria_camera_panel_new (CriaDevice *device)
{
  g_return_val_if_fail (CRIA_IS_DEVICE (device), NULL);

  return g_object_new (CRIA_TYPE_CAMERA_PANEL, "device", device, NULL);
}

gboolean
cria_camera_panel_get_live (CriaCameraPanel *self)
{
  g_return_val_if_fail (CRIA_IS_CAMERA_PANEL (self), FALSE);

  return is_running (self);
}

void
cria_camera_panel_set_live (CriaCameraPanel *self,
                            gboolean         live)
{
  g_return_if_fail (CRIA_IS_CAMERA_PANEL (self));

  if (live == is_running (self))
    return;

  if (live && is_connected (self))
    {
      self->failed_push_reported = FALSE;
      cria_capture_start (self->capture);
    }
  else if (!live)
    {
      cria_capture_stop (self->capture);
    }
  /* The capture's notify::running updates the rest. */
}

CriaCapture *
cria_camera_panel_get_capture (CriaCameraPanel *self)
{
  g_return_val_if_fail (CRIA_IS_CAMERA_PANEL (self), NULL);
  return self->capture;
}

CriaPreview *
cria_camera_panel_get_preview (CriaCameraPanel *self)
{
  g_return_val_if_fail (CRIA_IS_CAMERA_PANEL (self), NULL);
  return self->preview;
}

CriaImageView *
cria_camera_panel_get_image_view (CriaCameraPanel *self)
{
  g_return_val_if_fail (CRIA_IS_CAMERA_PANEL (self), NULL);
  return self->image_view;
}

CriaCameraStatus *
cria_camera_panel_get_status (CriaCameraPanel *self)
{
  g_return_val_if_fail (CRIA_IS_CAMERA_PANEL (self), NULL);
  return self->status;
}

CriaCameraControls *
cria_camera_panel_get_controls (CriaCameraPanel *self)
{
  g_return_val_if_fail (CRIA_IS_CAMERA_PANEL (self), NULL);
  return self->controls;
}

CriaStallMeter *
cria_camera_panel_get_stall_meter (CriaCameraPanel *self)
{
  g_return_val_if_fail (CRIA_IS_CAMERA_PANEL (self), NULL);
  return self->stall_meter;
}

CriaRecorder *
cria_camera_panel_get_recorder (CriaCameraPanel *self)
{
  g_return_val_if_fail (CRIA_IS_CAMERA_PANEL (self), NULL);
  return self->recorder;
}
