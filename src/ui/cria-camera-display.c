/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "cria-camera-display.h"
#include "cria-histogram-view.h"

#define LEVELS 65535.0
/* At most this often the histogram follows a live frame: it is drawn in the same paint
 * as that frame, so it never costs a repaint of its own while frames flow. */
#define HISTOGRAM_MIN_INTERVAL_US (100 * 1000)
/* A report that no frame follows within this time (a still frame, a stretch change) is
 * shown on its own. */
#define HISTOGRAM_FALLBACK_MS 200

struct _CriaCameraDisplay
{
  AdwPreferencesGroup  parent_instance;

  GtkToggleButton     *log_button;
  CriaHistogramView   *histogram;
  AdwComboRow         *stretch_combo;
  AdwActionRow        *black_row;
  GtkAdjustment       *black_adjustment;
  AdwActionRow        *midtone_row;
  GtkAdjustment       *midtone_adjustment;
  AdwActionRow        *white_row;
  GtkAdjustment       *white_adjustment;
  AdwActionRow        *linked_row;
  GtkSwitch           *linked_switch;
  AdwComboRow         *debayer_combo;

  CriaPreview         *preview;
  guint                updating;

  gboolean             report_pending;
  gint64               histogram_shown_at;  /* monotonic µs */
  gint64               frame_shown_at;
  guint                fallback_source;
};

G_DEFINE_FINAL_TYPE (CriaCameraDisplay, cria_camera_display, ADW_TYPE_PREFERENCES_GROUP)

static gboolean
is_manual (CriaCameraDisplay *self)
{
  return self->preview != NULL
         && cria_preview_get_stretch_mode (self->preview) == CRIA_STRETCH_MODE_MANUAL;
}

/* From the preview to the widgets. */
static void
show_stretch (CriaCameraDisplay *self)
{
  double black, midtone, white;
  gboolean manual = is_manual (self);

  if (self->preview == NULL)
    return;

  cria_preview_get_manual_stretch (self->preview, &black, &midtone, &white);
  self->updating++;
  adw_combo_row_set_selected (self->stretch_combo, manual ? 1 : 0);
  gtk_adjustment_set_value (self->black_adjustment, black * LEVELS);
  gtk_adjustment_set_value (self->midtone_adjustment, midtone);
  gtk_adjustment_set_value (self->white_adjustment, white * LEVELS);
  gtk_switch_set_active (self->linked_switch, cria_preview_get_linked (self->preview));
  adw_combo_row_set_selected (self->debayer_combo, cria_preview_get_debayer_mode (self->preview));
  self->updating--;

  gtk_widget_set_visible (GTK_WIDGET (self->black_row), manual);
  gtk_widget_set_visible (GTK_WIDGET (self->midtone_row), manual);
  gtk_widget_set_visible (GTK_WIDGET (self->white_row), manual);
  /* Linking matters to the automatic stretch only; a manual one is shared anyway. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->linked_row), !manual);
}

static void
show_report (CriaCameraDisplay *self)
{
  g_autoptr(CriaStretchReport) report = cria_preview_dup_report (self->preview);

  self->report_pending = FALSE;
  self->histogram_shown_at = g_get_monotonic_time ();
  if (report == NULL)
    return;

  cria_histogram_view_set_histogram (self->histogram, report->histogram);
  cria_histogram_view_set_stretch (self->histogram, &report->params);
}

static gboolean
fallback_cb (gpointer user_data)
{
  CriaCameraDisplay *self = user_data;

  if (self->report_pending
      && g_get_monotonic_time () - self->frame_shown_at < HISTOGRAM_FALLBACK_MS * 1000)
    return G_SOURCE_CONTINUE;

  self->fallback_source = 0;
  if (self->report_pending)
    show_report (self);
  return G_SOURCE_REMOVE;
}

/* The report comes in its own main loop dispatch, apart from the frame it describes:
 * showing it at once would cost a second paint of the window for every frame. */
static void
report_cb (CriaCameraDisplay *self)
{
  self->report_pending = TRUE;
  if (self->fallback_source == 0)
    self->fallback_source = g_timeout_add (HISTOGRAM_FALLBACK_MS, fallback_cb, self);
}

/* A new frame is about to be painted: the histogram joins that paint. */
static void
frame_contents_cb (CriaCameraDisplay *self)
{
  gint64 now = g_get_monotonic_time ();

  self->frame_shown_at = now;
  if (self->report_pending && now - self->histogram_shown_at >= HISTOGRAM_MIN_INTERVAL_US)
    show_report (self);
}

/* Switching to manual starts from the stretch on screen, so the picture does not jump. */
static void
begin_manual (CriaCameraDisplay *self)
{
  g_autoptr(CriaStretchReport) report = cria_preview_dup_report (self->preview);

  if (report != NULL && report->auto_stretch)
    cria_preview_set_manual_stretch (self->preview, report->params.black[CRIA_CHANNEL_GREEN],
                                     report->params.midtone[CRIA_CHANNEL_GREEN],
                                     report->params.white[CRIA_CHANNEL_GREEN]);
  cria_preview_set_stretch_mode (self->preview, CRIA_STRETCH_MODE_MANUAL);
}

static void
stretch_mode_cb (CriaCameraDisplay *self)
{
  if (self->updating > 0 || self->preview == NULL)
    return;

  if (adw_combo_row_get_selected (self->stretch_combo) == 1)
    begin_manual (self);
  else
    cria_preview_set_stretch_mode (self->preview, CRIA_STRETCH_MODE_AUTO);
  show_stretch (self);
}

static void
manual_values_cb (CriaCameraDisplay *self)
{
  double black, midtone, white;

  if (self->updating > 0 || self->preview == NULL)
    return;

  black = gtk_adjustment_get_value (self->black_adjustment) / LEVELS;
  midtone = gtk_adjustment_get_value (self->midtone_adjustment);
  white = gtk_adjustment_get_value (self->white_adjustment) / LEVELS;
  /* A white point at or below black would invert the picture. */
  if (white <= black)
    white = MIN (black + 1.0 / LEVELS, 1.0);
  cria_preview_set_manual_stretch (self->preview, black, midtone, white);
}

static void
histogram_stretch_cb (CriaCameraDisplay *self,
                      double             black,
                      double             midtone,
                      double             white)
{
  if (self->preview == NULL)
    return;

  if (!is_manual (self))
    begin_manual (self);
  cria_preview_set_manual_stretch (self->preview, black, midtone, white);
  show_stretch (self);
  /* Move the markers now rather than with the next frame. */
  {
    CriaStretchParams params;

    cria_stretch_params_set_manual (&params, black, midtone, white);
    cria_histogram_view_set_stretch (self->histogram, &params);
  }
}

static void
linked_cb (CriaCameraDisplay *self)
{
  if (self->updating > 0 || self->preview == NULL)
    return;
  cria_preview_set_linked (self->preview, gtk_switch_get_active (self->linked_switch));
}

static void
debayer_cb (CriaCameraDisplay *self)
{
  if (self->updating > 0 || self->preview == NULL)
    return;
  cria_preview_set_debayer_mode (self->preview, adw_combo_row_get_selected (self->debayer_combo));
}

void
cria_camera_display_set_preview (CriaCameraDisplay *self,
                                 CriaPreview       *preview)
{
  g_return_if_fail (CRIA_IS_CAMERA_DISPLAY (self));
  g_return_if_fail (preview == NULL || CRIA_IS_PREVIEW (preview));

  if (self->preview == preview)
    return;

  if (self->preview != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->preview, self);
      g_signal_handlers_disconnect_by_data (cria_preview_get_paintable (self->preview), self);
    }
  g_clear_handle_id (&self->fallback_source, g_source_remove);
  self->report_pending = FALSE;
  g_set_object (&self->preview, preview);
  if (preview == NULL)
    return;

  g_signal_connect_object (preview, "notify::report", G_CALLBACK (report_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (cria_preview_get_paintable (preview), "invalidate-contents",
                           G_CALLBACK (frame_contents_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (preview, "notify::stretch-mode", G_CALLBACK (show_stretch), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (preview, "notify::linked", G_CALLBACK (show_stretch), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (preview, "notify::debayer-mode", G_CALLBACK (show_stretch), self,
                           G_CONNECT_SWAPPED);
  show_stretch (self);
}

void
cria_camera_display_set_colour (CriaCameraDisplay *self,
                                gboolean           colour)
{
  g_return_if_fail (CRIA_IS_CAMERA_DISPLAY (self));

  gtk_widget_set_visible (GTK_WIDGET (self->linked_row), colour);
  gtk_widget_set_visible (GTK_WIDGET (self->debayer_combo), colour);
}

static void
cria_camera_display_dispose (GObject *object)
{
  CriaCameraDisplay *self = CRIA_CAMERA_DISPLAY (object);

  if (self->preview != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->preview, self);
      g_signal_handlers_disconnect_by_data (cria_preview_get_paintable (self->preview), self);
    }
  g_clear_handle_id (&self->fallback_source, g_source_remove);
  g_clear_object (&self->preview);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRIA_TYPE_CAMERA_DISPLAY);

  G_OBJECT_CLASS (cria_camera_display_parent_class)->dispose (object);
}

static void
cria_camera_display_class_init (CriaCameraDisplayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cria_camera_display_dispose;

  g_type_ensure (CRIA_TYPE_HISTOGRAM_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cria/Cria/cria-camera-display.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, CriaCameraDisplay, name)
  BIND (log_button);
  BIND (histogram);
  BIND (stretch_combo);
  BIND (black_row);
  BIND (black_adjustment);
  BIND (midtone_row);
  BIND (midtone_adjustment);
  BIND (white_row);
  BIND (white_adjustment);
  BIND (linked_row);
  BIND (linked_switch);
  BIND (debayer_combo);
#undef BIND
}

static void
cria_camera_display_init (CriaCameraDisplay *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_object_bind_property (self->log_button, "active", self->histogram, "log-scale",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (self->stretch_combo, "notify::selected",
                            G_CALLBACK (stretch_mode_cb), self);
  g_signal_connect_swapped (self->black_adjustment, "value-changed",
                            G_CALLBACK (manual_values_cb), self);
  g_signal_connect_swapped (self->midtone_adjustment, "value-changed",
                            G_CALLBACK (manual_values_cb), self);
  g_signal_connect_swapped (self->white_adjustment, "value-changed",
                            G_CALLBACK (manual_values_cb), self);
  g_signal_connect_swapped (self->histogram, "stretch-changed",
                            G_CALLBACK (histogram_stretch_cb), self);
  g_signal_connect_swapped (self->linked_switch, "notify::active", G_CALLBACK (linked_cb), self);
  g_signal_connect_swapped (self->debayer_combo, "notify::selected", G_CALLBACK (debayer_cb),
                            self);
}
