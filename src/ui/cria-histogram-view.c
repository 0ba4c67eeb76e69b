/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "cria-histogram-view.h"

/* Room at the sides, so that markers at 0 and 1 can be grabbed, and at the bottom for
 * the marker handles. */
#define SIDE_MARGIN   6.0
#define TOP_MARGIN    4.0
#define HANDLE_HEIGHT 7.0
/* How near (view pixels) a press must be to grab a marker. */
#define GRAB_DISTANCE 8.0
/* The smallest black-to-white range a drag leaves. */
#define MIN_RANGE     0.002

struct _CriaHistogramView
{
  GtkWidget            parent_instance;

  guint                n_channels;
  guint                n_bins;
  guint32             *counts; /* n_channels × n_bins */

  gboolean             has_stretch;
  CriaStretchParams    stretch;
  gboolean             log_scale;
  gboolean             editable;

  CriaHistogramMarker  dragging;
  double               drag_black;
  double               drag_midtone;
  double               drag_white;

  /* Column maxima, reused between frames. */
  double              *columns;
  guint                n_columns;
};

enum
{
  PROP_0,
  PROP_LOG_SCALE,
  PROP_EDITABLE,
  N_PROPS
};

enum
{
  STRETCH_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CriaHistogramView, cria_histogram_view, GTK_TYPE_WIDGET)

static const GdkRGBA background_colour = { 0.09, 0.09, 0.10, 1.0 };
/* R, G, B; mono uses the last entry. */
static const double channel_colours[4][3] = {
  { 0.929, 0.333, 0.306 },
  { 0.376, 0.820, 0.443 },
  { 0.384, 0.584, 0.965 },
  { 0.850, 0.850, 0.850 },
};

/* Mapping */

static double
plot_width (CriaHistogramView *self)
{
  return MAX (1.0, gtk_widget_get_width (GTK_WIDGET (self)) - 2 * SIDE_MARGIN);
}

double
cria_histogram_view_level_at (CriaHistogramView *self,
                              double             x)
{
  g_return_val_if_fail (CRIA_IS_HISTOGRAM_VIEW (self), 0.0);

  return CLAMP ((x - SIDE_MARGIN) / plot_width (self), 0.0, 1.0);
}

double
cria_histogram_view_x_for_level (CriaHistogramView *self,
                                 double             level)
{
  g_return_val_if_fail (CRIA_IS_HISTOGRAM_VIEW (self), 0.0);

  return SIDE_MARGIN + level * plot_width (self);
}

/* The markers of one channel as levels: black, the midpoint (shown as 50 % grey) and
 * white. */
static void
get_marker_levels (CriaHistogramView *self,
                   guint              channel,
                   double            *black,
                   double            *midpoint,
                   double            *white)
{
  *black = self->stretch.black[channel];
  *white = self->stretch.white[channel];
  *midpoint = *black + self->stretch.midtone[channel] * (*white - *black);
}

static gboolean
stretch_is_shared (CriaHistogramView *self)
{
  const CriaStretchParams *p = &self->stretch;

  if (self->n_channels <= 1)
    return TRUE;
  return p->black[0] == p->black[1] && p->black[0] == p->black[2]
         && p->midtone[0] == p->midtone[1] && p->midtone[0] == p->midtone[2]
         && p->white[0] == p->white[1] && p->white[0] == p->white[2];
}

/* Dragging */

CriaHistogramMarker
cria_histogram_view_drag_begin (CriaHistogramView *self,
                                double             x)
{
  double levels[3], best = GRAB_DISTANCE;
  CriaHistogramMarker markers[3] = {
    CRIA_HISTOGRAM_MARKER_BLACK, CRIA_HISTOGRAM_MARKER_MIDTONE, CRIA_HISTOGRAM_MARKER_WHITE,
  };

  g_return_val_if_fail (CRIA_IS_HISTOGRAM_VIEW (self), CRIA_HISTOGRAM_MARKER_NONE);

  self->dragging = CRIA_HISTOGRAM_MARKER_NONE;
  if (!self->editable || !self->has_stretch)
    return CRIA_HISTOGRAM_MARKER_NONE;

  /* Unlinked stretches are dragged from the first channel's points, and become shared. */
  get_marker_levels (self, 0, &levels[0], &levels[1], &levels[2]);
  for (guint i = 0; i < 3; i++)
    {
      double distance = fabs (x - cria_histogram_view_x_for_level (self, levels[i]));

      /* On a tie (markers on top of each other) the side of the press decides. */
      if (distance < best
          || (distance == best && self->dragging != CRIA_HISTOGRAM_MARKER_NONE
              && x > cria_histogram_view_x_for_level (self, levels[i])))
        {
          best = distance;
          self->dragging = markers[i];
        }
    }
  self->drag_black = self->stretch.black[0];
  self->drag_midtone = self->stretch.midtone[0];
  self->drag_white = self->stretch.white[0];
  return self->dragging;
}

void
cria_histogram_view_drag_move (CriaHistogramView *self,
                               double             x)
{
  double level;

  g_return_if_fail (CRIA_IS_HISTOGRAM_VIEW (self));

  level = cria_histogram_view_level_at (self, x);
  switch (self->dragging)
    {
    case CRIA_HISTOGRAM_MARKER_BLACK:
      self->drag_black = CLAMP (level, 0.0, self->drag_white - MIN_RANGE);
      break;
    case CRIA_HISTOGRAM_MARKER_WHITE:
      self->drag_white = CLAMP (level, self->drag_black + MIN_RANGE, 1.0);
      break;
    case CRIA_HISTOGRAM_MARKER_MIDTONE:
      self->drag_midtone = CLAMP ((level - self->drag_black) / (self->drag_white - self->drag_black),
                                  CRIA_STRETCH_MIDTONE_MIN, CRIA_STRETCH_MIDTONE_MAX);
      break;
    case CRIA_HISTOGRAM_MARKER_NONE:
    default:
      return;
    }
  g_signal_emit (self, signals[STRETCH_CHANGED], 0, self->drag_black, self->drag_midtone,
                 self->drag_white);
}

void
cria_histogram_view_drag_end (CriaHistogramView *self)
{
  g_return_if_fail (CRIA_IS_HISTOGRAM_VIEW (self));

  self->dragging = CRIA_HISTOGRAM_MARKER_NONE;
}

static void
drag_begin_cb (GtkGestureDrag    *gesture,
               double             x,
               double             y,
               CriaHistogramView *self)
{
  if (cria_histogram_view_drag_begin (self, x) == CRIA_HISTOGRAM_MARKER_NONE)
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
  else
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
drag_update_cb (GtkGestureDrag    *gesture,
                double             offset_x,
                double             offset_y,
                CriaHistogramView *self)
{
  double start_x;

  gtk_gesture_drag_get_start_point (gesture, &start_x, NULL);
  cria_histogram_view_drag_move (self, start_x + offset_x);
}

static void
drag_end_cb (GtkGestureDrag    *gesture,
             double             offset_x,
             double             offset_y,
             CriaHistogramView *self)
{
  cria_histogram_view_drag_end (self);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           CriaHistogramView        *self)
{
  double black, midpoint, white;
  gboolean near = FALSE;

  if (self->editable && self->has_stretch)
    {
      get_marker_levels (self, 0, &black, &midpoint, &white);
      near = fabs (x - cria_histogram_view_x_for_level (self, black)) < GRAB_DISTANCE
             || fabs (x - cria_histogram_view_x_for_level (self, midpoint)) < GRAB_DISTANCE
             || fabs (x - cria_histogram_view_x_for_level (self, white)) < GRAB_DISTANCE;
    }
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), near ? "ew-resize" : NULL);
}

/* Drawing */

/* The tallest bin under each column, so that narrow peaks survive the resampling. */
static void
fill_columns (CriaHistogramView *self,
              guint              channel,
              guint              n_columns)
{
  const guint32 *counts = self->counts + (gsize) channel * self->n_bins;

  for (guint c = 0; c < n_columns; c++)
    {
      guint first = (guint) ((guint64) c * self->n_bins / n_columns);
      guint last = (guint) (((guint64) (c + 1) * self->n_bins + n_columns - 1) / n_columns);
      guint32 peak = 0;

      last = CLAMP (last, first + 1, self->n_bins);
      for (guint b = first; b < last; b++)
        peak = MAX (peak, counts[b]);
      self->columns[c] = peak;
    }
}

/* The count drawn at full height. The end bins hold everything clipped; they may go
 * off the top rather than flatten the rest. */
static double
get_peak (CriaHistogramView *self)
{
  guint32 peak = 0, end_peak = 0;

  for (guint c = 0; c < self->n_channels; c++)
    {
      const guint32 *counts = self->counts + (gsize) c * self->n_bins;

      for (guint b = 0; b < self->n_bins; b++)
        {
          if (b == 0 || b == self->n_bins - 1)
            end_peak = MAX (end_peak, counts[b]);
          else
            peak = MAX (peak, counts[b]);
        }
    }
  return peak > 0 ? peak : end_peak;
}

static void
draw_curves (CriaHistogramView *self,
             cairo_t           *cr,
             double             width,
             double             height,
             int                factor)
{
  double bottom = height - HANDLE_HEIGHT;
  double plot_height = bottom - TOP_MARGIN;
  double left = SIDE_MARGIN, plot = width - 2 * SIDE_MARGIN;
  double peak = get_peak (self);
  double norm = self->log_scale ? log1p (peak) : peak;
  /* One column per device pixel. */
  guint n_columns = MAX (1, (guint) (plot * factor));

  if (peak <= 0 || plot <= 1 || plot_height <= 1)
    return;
  if (n_columns != self->n_columns)
    {
      self->columns = g_renew (double, self->columns, n_columns);
      self->n_columns = n_columns;
    }

  /* Additive on the dark plate, so that where the channels agree the curve is white. */
  cairo_set_operator (cr, self->n_channels > 1 ? CAIRO_OPERATOR_ADD : CAIRO_OPERATOR_OVER);
  cairo_set_line_width (cr, 1.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint c = 0; c < self->n_channels; c++)
    {
      const double *rgb = channel_colours[self->n_channels > 1 ? c : 3];
      cairo_path_t *path;

      fill_columns (self, c, n_columns);
      cairo_new_path (cr);
      for (guint i = 0; i < n_columns; i++)
        {
          double value = self->log_scale ? log1p (self->columns[i]) : self->columns[i];
          double y = bottom - MIN (value / norm, 1.0) * plot_height;

          cairo_line_to (cr, left + (i + 0.5) * plot / n_columns, y);
        }
      /* The outline is the curve alone; the area under it is filled faintly. */
      path = cairo_copy_path (cr);
      cairo_line_to (cr, left + plot, bottom);
      cairo_line_to (cr, left, bottom);
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], 0.28);
      cairo_fill (cr);
      cairo_append_path (cr, path);
      cairo_path_destroy (path);
      cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], 0.9);
      cairo_stroke (cr);
    }
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
}

/* An upward triangle under the plot. */
static void
draw_handle (cairo_t *cr,
             double   x,
             double   bottom,
             double   grey)
{
  cairo_move_to (cr, x, bottom);
  cairo_line_to (cr, x + HANDLE_HEIGHT * 0.7, bottom + HANDLE_HEIGHT);
  cairo_line_to (cr, x - HANDLE_HEIGHT * 0.7, bottom + HANDLE_HEIGHT);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, grey, grey, grey);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.7);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
}

static void
draw_markers (CriaHistogramView *self,
              cairo_t           *cr,
              double             width,
              double             height)
{
  double bottom = height - HANDLE_HEIGHT;
  gboolean shared = stretch_is_shared (self);
  guint n = shared ? 1 : 3;
  double black, midpoint, white;

  /* What the stretch clips to black or white is shaded. */
  get_marker_levels (self, 0, &black, &midpoint, &white);
  if (shared)
    {
      double x0 = cria_histogram_view_x_for_level (self, black);
      double x1 = cria_histogram_view_x_for_level (self, white);

      cairo_set_source_rgba (cr, 0, 0, 0, 0.35);
      cairo_rectangle (cr, SIDE_MARGIN, 0, x0 - SIDE_MARGIN, bottom);
      cairo_rectangle (cr, x1, 0, width - SIDE_MARGIN - x1, bottom);
      cairo_fill (cr);
    }

  cairo_set_line_width (cr, 1.0);
  for (guint c = 0; c < n; c++)
    {
      const double *rgb = channel_colours[shared ? 3 : c];
      double levels[3];

      get_marker_levels (self, c, &levels[0], &levels[1], &levels[2]);
      for (guint i = 0; i < 3; i++)
        {
          double x = floor (cria_histogram_view_x_for_level (self, levels[i])) + 0.5;

          cairo_move_to (cr, x, TOP_MARGIN);
          cairo_line_to (cr, x, bottom);
          cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], i == 1 ? 0.45 : 0.75);
          if (i == 1)
            cairo_set_dash (cr, (double[]) { 3, 3 }, 2, 0);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
        }
    }

  /* Handles like a levels dialog's, when they can be dragged: black, grey and white
   * triangles. */
  if (!self->editable)
    return;
  draw_handle (cr, cria_histogram_view_x_for_level (self, black), bottom, 0.0);
  draw_handle (cr, cria_histogram_view_x_for_level (self, midpoint), bottom, 0.5);
  draw_handle (cr, cria_histogram_view_x_for_level (self, white), bottom, 1.0);
}

static void
cria_histogram_view_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  CriaHistogramView *self = CRIA_HISTOGRAM_VIEW (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  GskRoundedRect plate;
  cairo_t *cr;

  if (width <= 2 * SIDE_MARGIN || height <= HANDLE_HEIGHT + TOP_MARGIN)
    return;
  gsk_rounded_rect_init_from_rect (&plate, &GRAPHENE_RECT_INIT (0, 0, width, height), 6);
  gtk_snapshot_push_rounded_clip (snapshot, &plate);
  gtk_snapshot_append_color (snapshot, &background_colour, &plate.bounds);

  cr = gtk_snapshot_append_cairo (snapshot, &plate.bounds);
  /* Quarter lines, faint. */
  cairo_set_source_rgba (cr, 1, 1, 1, 0.06);
  cairo_set_line_width (cr, 1.0);
  for (guint i = 1; i < 4; i++)
    {
      double x = floor (cria_histogram_view_x_for_level (self, i / 4.0)) + 0.5;

      cairo_move_to (cr, x, TOP_MARGIN);
      cairo_line_to (cr, x, height - HANDLE_HEIGHT);
    }
  cairo_stroke (cr);

  if (self->n_channels > 0)
    draw_curves (self, cr, width, height, gtk_widget_get_scale_factor (widget));
  if (self->has_stretch)
    draw_markers (self, cr, width, height);
  cairo_destroy (cr);

  gtk_snapshot_pop (snapshot);
}

/* API */

void
cria_histogram_view_set_counts (CriaHistogramView     *self,
                                guint                  n_channels,
                                const guint32 * const *counts,
                                guint                  n_bins)
{
  g_return_if_fail (CRIA_IS_HISTOGRAM_VIEW (self));
  g_return_if_fail (n_channels == 0 || n_channels == 1 || n_channels == 3);
  g_return_if_fail (n_channels == 0 || (counts != NULL && n_bins > 0));

  if (n_channels == 0)
    n_bins = 0;
  if (self->n_channels * self->n_bins != n_channels * n_bins)
    self->counts = g_renew (guint32, self->counts, (gsize) n_channels * n_bins);
  self->n_channels = n_channels;
  self->n_bins = n_bins;
  for (guint c = 0; c < n_channels; c++)
    memcpy (self->counts + (gsize) c * n_bins, counts[c], n_bins * sizeof (guint32));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cria_histogram_view_set_histogram (CriaHistogramView   *self,
                                   const CriaHistogram *histogram)
{
  const guint32 *counts[3];

  g_return_if_fail (CRIA_IS_HISTOGRAM_VIEW (self));

  if (histogram == NULL)
    {
      cria_histogram_view_set_counts (self, 0, NULL, 0);
      return;
    }
  for (guint c = 0; c < 3; c++)
    counts[c] = histogram->counts[c];
  cria_histogram_view_set_counts (self, histogram->n_channels == 3 ? 3 : 1, counts, histogram->n_bins);
}

void
cria_histogram_view_set_stretch (CriaHistogramView       *self,
                                 const CriaStretchParams *params)
{
  g_return_if_fail (CRIA_IS_HISTOGRAM_VIEW (self));

  if (params == NULL ? !self->has_stretch
                     : self->has_stretch && memcmp (params, &self->stretch, sizeof *params) == 0)
    return;
  self->has_stretch = params != NULL;
  if (params != NULL)
    self->stretch = *params;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
cria_histogram_view_get_log_scale (CriaHistogramView *self)
{
  g_return_val_if_fail (CRIA_IS_HISTOGRAM_VIEW (self), FALSE);

  return self->log_scale;
}

void
cria_histogram_view_set_log_scale (CriaHistogramView *self,
                                   gboolean           log_scale)
{
  g_return_if_fail (CRIA_IS_HISTOGRAM_VIEW (self));

  log_scale = !!log_scale;
  if (self->log_scale == log_scale)
    return;
  self->log_scale = log_scale;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_SCALE]);
}

gboolean
cria_histogram_view_get_editable (CriaHistogramView *self)
{
  g_return_val_if_fail (CRIA_IS_HISTOGRAM_VIEW (self), FALSE);

  return self->editable;
}

void
cria_histogram_view_set_editable (CriaHistogramView *self,
                                  gboolean           editable)
{
  g_return_if_fail (CRIA_IS_HISTOGRAM_VIEW (self));

  editable = !!editable;
  if (self->editable == editable)
    return;
  self->editable = editable;
  if (!editable)
    self->dragging = CRIA_HISTOGRAM_MARKER_NONE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITABLE]);
}

/* GObject and GtkWidget */

static void
cria_histogram_view_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 96;
      *natural = 320;
    }
  else
    {
      *minimum = 48;
      *natural = 96;
    }
}

static void
cria_histogram_view_finalize (GObject *object)
{
  CriaHistogramView *self = CRIA_HISTOGRAM_VIEW (object);

  g_free (self->counts);
  g_free (self->columns);

  G_OBJECT_CLASS (cria_histogram_view_parent_class)->finalize (object);
}

static void
cria_histogram_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CriaHistogramView *self = CRIA_HISTOGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOG_SCALE:
      g_value_set_boolean (value, self->log_scale);
      break;
    case PROP_EDITABLE:
      g_value_set_boolean (value, self->editable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_histogram_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  CriaHistogramView *self = CRIA_HISTOGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOG_SCALE:
      cria_histogram_view_set_log_scale (self, g_value_get_boolean (value));
      break;
    case PROP_EDITABLE:
      cria_histogram_view_set_editable (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_histogram_view_class_init (CriaHistogramViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = cria_histogram_view_finalize;
  object_class->get_property = cria_histogram_view_get_property;
  object_class->set_property = cria_histogram_view_set_property;
  widget_class->measure = cria_histogram_view_measure;
  widget_class->snapshot = cria_histogram_view_snapshot;

  properties[PROP_LOG_SCALE] =
    g_param_spec_boolean ("log-scale", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_EDITABLE] =
    g_param_spec_boolean ("editable", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* black, midtone balance m and white, each in [0, 1], for all channels. */
  signals[STRETCH_CHANGED] =
    g_signal_new ("stretch-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_DOUBLE, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_install_property_action (widget_class, "histogram.log-scale", "log-scale");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "criahistogramview");
}

static void
cria_histogram_view_init (CriaHistogramView *self)
{
  GtkGesture *drag;
  GtkEventController *motion;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Histogram"), -1);

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

GtkWidget *
cria_histogram_view_new (void)
{
  return g_object_new (CRIA_TYPE_HISTOGRAM_VIEW, NULL);
}
