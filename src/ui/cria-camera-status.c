/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cria-camera-status.h"
#include "cria-imaging-gst.h"

#define REFRESH_MS 250

struct _CriaCameraStatus
{
  GtkBox           parent_instance;

  GtkLabel        *rate_label;
  GtkLabel        *timings_label;
  GtkLabel        *size_label;
  GtkLabel        *dropped_label;
  GtkLabel        *pixel_label;

  CriaCapture     *capture;
  CriaPreview     *preview;
  CriaStallMeter  *stall_meter;
  CriaFrame       *frame;
  CriaFrameTiming  timing;
  gboolean         has_timing;
  gboolean         live;
  int              pointer_x;
  int              pointer_y;
  guint            refresh_source;
  gint64           refreshed_at;  /* monotonic µs */
  gint64           frame_shown_at;
};

G_DEFINE_FINAL_TYPE (CriaCameraStatus, cria_camera_status, GTK_TYPE_BOX)

/* "3.2 ms", "120 ms", "1.50 s": steady widths, no locale surprises. */
static char *
format_ms (double ms)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (ms) || ms < 0)
    ms = 0;
  if (ms >= 1000)
    {
      g_ascii_formatd (number, sizeof number, "%.2f", ms / 1000);
      /* TRANSLATORS: a duration in seconds. */
      return g_strdup_printf (_("%s s"), number);
    }
  g_ascii_formatd (number, sizeof number, ms < 10 ? "%.1f" : "%.0f", ms);
  /* TRANSLATORS: a duration in milliseconds. */
  return g_strdup_printf (_("%s ms"), number);
}

static char *
format_number (double value,
               int    decimals)
{
  char format[8];
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (format, sizeof format, "%%.%df", CLAMP (decimals, 0, 6));
  g_ascii_formatd (number, sizeof number, format, value);
  return g_strdup (number);
}

static char *
format_sample (const CriaFrame *frame,
               double           value)
{
  switch (frame->element_type)
    {
    case CRIA_ELEMENT_SINGLE:
    case CRIA_ELEMENT_DOUBLE:
      return format_number (value, fabs (value) < 10 ? 4 : 1);
    case CRIA_ELEMENT_UNKNOWN:
    case CRIA_ELEMENT_INT16:
    case CRIA_ELEMENT_INT32:
    case CRIA_ELEMENT_UINT64:
    case CRIA_ELEMENT_BYTE:
    case CRIA_ELEMENT_INT64:
    case CRIA_ELEMENT_UINT16:
    case CRIA_ELEMENT_UINT32:
    default:
      return format_number (value, 0);
    }
}

static const char *
channel_name (CriaChannel channel)
{
  switch (channel)
    {
    /* TRANSLATORS: short names of the colour channels red, green and blue. */
    case CRIA_CHANNEL_RED: return C_("channel", "R");
    case CRIA_CHANNEL_GREEN: return C_("channel", "G");
    case CRIA_CHANNEL_BLUE: return C_("channel", "B");
    default: return "?";
    }
}

char *
cria_camera_status_describe_pixel (const CriaFrame *frame,
                                   guint            x,
                                   guint            y)
{
  CriaBayerPattern pattern;
  g_autofree char *value = NULL;

  g_return_val_if_fail (frame != NULL, NULL);

  if (x >= frame->width || y >= frame->height)
    return NULL;

  if (frame->planes == 3)
    {
      g_autofree char *r = format_sample (frame, cria_frame_get_value (frame, x, y, 0));
      g_autofree char *g = format_sample (frame, cria_frame_get_value (frame, x, y, 1));
      g_autofree char *b = format_sample (frame, cria_frame_get_value (frame, x, y, 2));

      return g_strdup_printf ("%s %s  %s %s  %s %s", channel_name (CRIA_CHANNEL_RED), r,
                              channel_name (CRIA_CHANNEL_GREEN), g,
                              channel_name (CRIA_CHANNEL_BLUE), b);
    }

  value = format_sample (frame, cria_frame_get_value (frame, x, y, 0));
  pattern = frame->planes == 1 ? cria_imaging_gst_frame_pattern (frame) : CRIA_BAYER_NONE;
  if (pattern == CRIA_BAYER_NONE)
    return g_steal_pointer (&value);

  /* A mosaic's raw value is one colour's: say which. */
  return g_strdup_printf ("%s %s", channel_name (cria_bayer_pattern_channel_at (pattern, x, y)),
                          value);
}

static void
update_pixel (CriaCameraStatus *self)
{
  g_autofree char *value = NULL;
  g_autofree char *text = NULL;

  if (self->frame != NULL && self->pointer_x >= 0 && self->pointer_y >= 0)
    value = cria_camera_status_describe_pixel (self->frame, self->pointer_x, self->pointer_y);
  if (value != NULL)
    /* TRANSLATORS: the pixel under the pointer: x, y, then its value. */
    text = g_strdup_printf (_("%d, %d: %s"), self->pointer_x, self->pointer_y, value);
  gtk_label_set_text (self->pixel_label, text != NULL ? text : "");
}

static char *
describe_stalls (CriaCameraStatus *self)
{
  g_autofree char *worst = NULL;
  g_autofree char *p99 = NULL;

  if (self->stall_meter == NULL || cria_stall_meter_get_n_samples (self->stall_meter) == 0)
    return g_strdup (_("Main loop: not measured yet"));

  worst = format_ms (cria_stall_meter_get_max_ms (self->stall_meter));
  p99 = format_ms (cria_stall_meter_get_percentile (self->stall_meter, 0.99));
  /* TRANSLATORS: how long the user interface was busy at worst, and in 99 % of cases. */
  return g_strdup_printf (_("Main loop: worst stall %s, 99 %% of gaps under %s"), worst, p99);
}

void
cria_camera_status_refresh (CriaCameraStatus *self)
{
  CriaCaptureStats stats = { 0 };
  CriaPreviewTimings timings = { 0 };
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *rate = NULL;
  g_autofree char *stalls = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *count = NULL;
  guint64 dropped;

  g_return_if_fail (CRIA_IS_CAMERA_STATUS (self));

  self->refreshed_at = g_get_monotonic_time ();
  if (self->capture != NULL)
    cria_capture_get_stats (self->capture, &stats);
  if (self->preview != NULL)
    cria_preview_get_timings (self->preview, &timings);

  count = g_strdup_printf ("%" G_GUINT64_FORMAT, timings.frames_shown);
  if (self->live)
    {
      g_autofree char *fps = format_number (stats.fps, stats.fps < 10 ? 1 : 0);

      /* TRANSLATORS: frames per second, then how many frames were shown so far. */
      rate = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s fps · %s frame",
                                           "%s fps · %s frames", (gulong) timings.frames_shown),
                              fps, count);
    }
  else if (timings.frames_shown > 0)
    {
      rate = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Stopped · %s frame",
                                           "Stopped · %s frames", (gulong) timings.frames_shown),
                              count);
    }
  else
    {
      rate = g_strdup (_("Live view off"));
    }
  gtk_label_set_text (self->rate_label, rate);

  if (self->has_timing)
    {
      g_autofree char *exposure = format_ms (self->timing.exposure_ms);
      g_autofree char *wait = format_ms (self->timing.wait_ms);
      g_autofree char *download = format_ms (self->timing.download_ms);
      g_autofree char *mbps = format_number (self->timing.download_mbps,
                                             self->timing.download_mbps < 10 ? 1 : 0);
      g_autofree char *decode = format_ms (self->timing.decode_ms);
      g_autofree char *debayer = format_ms (timings.debayer_ms);
      g_autofree char *stretch = format_ms (timings.stats_ms + timings.lut_ms + timings.render_ms);
      g_autofree char *display = format_ms (timings.sink_ms + timings.handoff_ms);

      /* TRANSLATORS: where one frame's time went, stage by stage; MB/s is the download rate. */
      g_string_printf (text, _("Exposure %s · Wait %s · Download %s (%s MB/s) · Decode %s · "
                               "Debayer %s · Stretch %s · Display %s"),
                       exposure, wait, download, mbps, decode, debayer, stretch, display);
    }
  gtk_label_set_text (self->timings_label, text->str);

  dropped = stats.dropped + timings.frames_dropped + timings.textures_replaced;
  if (dropped > 0)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GUINT64_FORMAT, dropped);
      /* TRANSLATORS: frames that were never shown because newer ones came first. */
      g_autofree char *dropped_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s dropped",
                                                                    "%s dropped", (gulong) dropped),
                                                       number);

      gtk_label_set_text (self->dropped_label, dropped_text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->dropped_label), dropped > 0);

  stalls = describe_stalls (self);
  {
    g_autofree char *downloaded = g_strdup_printf ("%" G_GUINT64_FORMAT, stats.frames);
    g_autofree char *before = g_strdup_printf ("%" G_GUINT64_FORMAT, stats.dropped);
    g_autofree char *pipeline = g_strdup_printf ("%" G_GUINT64_FORMAT, timings.frames_dropped);
    g_autofree char *screen = g_strdup_printf ("%" G_GUINT64_FORMAT, timings.textures_replaced);

    /* TRANSLATORS: the status line's tooltip: the stage timings, the main loop's stalls,
     * then frame counters that explain "dropped". */
    tooltip = g_strdup_printf (_("%s\n%s\nFrames downloaded: %s, shown: %s\n"
                                 "Dropped while busy: %s before display, %s in the pipeline, "
                                 "%s on screen"),
                               text->str, stalls, downloaded, count, before, pipeline, screen);
  }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
}

static gboolean
refresh_due (CriaCameraStatus *self)
{
  return g_get_monotonic_time () - self->refreshed_at >= REFRESH_MS * 1000;
}

/* While frames come often enough, they drive the refresh (see frame_contents_cb): the
 * timer only covers the gaps, so the line never costs a repaint of its own. */
static gboolean
refresh_cb (gpointer user_data)
{
  CriaCameraStatus *self = user_data;

  if (refresh_due (self)
      && g_get_monotonic_time () - self->frame_shown_at >= 2 * REFRESH_MS * 1000)
    cria_camera_status_refresh (self);
  return G_SOURCE_CONTINUE;
}

/* A new frame is about to be painted: the status line joins that paint. */
static void
frame_contents_cb (CriaCameraStatus *self)
{
  self->frame_shown_at = g_get_monotonic_time ();
  if (self->live && refresh_due (self))
    cria_camera_status_refresh (self);
}

void
cria_camera_status_set_live (CriaCameraStatus *self,
                             gboolean          live)
{
  g_return_if_fail (CRIA_IS_CAMERA_STATUS (self));

  self->live = live;
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (live)
    self->refresh_source = g_timeout_add (REFRESH_MS, refresh_cb, self);
  cria_camera_status_refresh (self);
}

void
cria_camera_status_set_sources (CriaCameraStatus *self,
                                CriaCapture      *capture,
                                CriaPreview      *preview,
                                CriaStallMeter   *stall_meter)
{
  g_return_if_fail (CRIA_IS_CAMERA_STATUS (self));

  g_set_object (&self->capture, capture);
  if (self->preview != NULL)
    g_signal_handlers_disconnect_by_data (cria_preview_get_paintable (self->preview), self);
  g_set_object (&self->preview, preview);
  if (preview != NULL)
    g_signal_connect_object (cria_preview_get_paintable (preview), "invalidate-contents",
                             G_CALLBACK (frame_contents_cb), self, G_CONNECT_SWAPPED);
  g_set_object (&self->stall_meter, stall_meter);
}

void
cria_camera_status_set_frame (CriaCameraStatus      *self,
                              CriaFrame             *frame,
                              const CriaFrameTiming *timing)
{
  g_return_if_fail (CRIA_IS_CAMERA_STATUS (self));
  g_return_if_fail (frame != NULL);

  if (self->frame == NULL || self->frame->width != frame->width
      || self->frame->height != frame->height || self->frame->info.bin_x != frame->info.bin_x)
    {
      g_autofree char *size = NULL;

      if (frame->info.bin_x > 1)
        /* TRANSLATORS: frame width × height in pixels, and the binning. */
        size = g_strdup_printf (_("%u × %u · bin %u"), frame->width, frame->height,
                                frame->info.bin_x);
      else
        /* TRANSLATORS: frame width × height in pixels. */
        size = g_strdup_printf (_("%u × %u"), frame->width, frame->height);
      gtk_label_set_text (self->size_label, size);
    }

  g_clear_pointer (&self->frame, cria_frame_unref);
  self->frame = cria_frame_ref (frame);
  if (timing != NULL)
    {
      self->timing = *timing;
      self->has_timing = TRUE;
    }
  update_pixel (self);
}

void
cria_camera_status_set_pointer (CriaCameraStatus *self,
                                int               x,
                                int               y)
{
  g_return_if_fail (CRIA_IS_CAMERA_STATUS (self));

  self->pointer_x = x;
  self->pointer_y = y;
  update_pixel (self);
}

const char *
cria_camera_status_get_rate_text (CriaCameraStatus *self)
{
  g_return_val_if_fail (CRIA_IS_CAMERA_STATUS (self), NULL);
  return gtk_label_get_text (self->rate_label);
}

const char *
cria_camera_status_get_timings_text (CriaCameraStatus *self)
{
  g_return_val_if_fail (CRIA_IS_CAMERA_STATUS (self), NULL);
  return gtk_label_get_text (self->timings_label);
}

const char *
cria_camera_status_get_pixel_text (CriaCameraStatus *self)
{
  g_return_val_if_fail (CRIA_IS_CAMERA_STATUS (self), NULL);
  return gtk_label_get_text (self->pixel_label);
}

static void
cria_camera_status_dispose (GObject *object)
{
  CriaCameraStatus *self = CRIA_CAMERA_STATUS (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_pointer (&self->frame, cria_frame_unref);
  g_clear_object (&self->capture);
  if (self->preview != NULL)
    g_signal_handlers_disconnect_by_data (cria_preview_get_paintable (self->preview), self);
  g_clear_object (&self->preview);
  g_clear_object (&self->stall_meter);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRIA_TYPE_CAMERA_STATUS);

  G_OBJECT_CLASS (cria_camera_status_parent_class)->dispose (object);
}

static void
cria_camera_status_class_init (CriaCameraStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cria_camera_status_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cria/Cria/cria-camera-status.ui");
  gtk_widget_class_bind_template_child (widget_class, CriaCameraStatus, rate_label);
  gtk_widget_class_bind_template_child (widget_class, CriaCameraStatus, timings_label);
  gtk_widget_class_bind_template_child (widget_class, CriaCameraStatus, size_label);
  gtk_widget_class_bind_template_child (widget_class, CriaCameraStatus, dropped_label);
  gtk_widget_class_bind_template_child (widget_class, CriaCameraStatus, pixel_label);
}

static void
cria_camera_status_init (CriaCameraStatus *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->pointer_x = self->pointer_y = -1;
}
