/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cria-histogram.h"
#include "cria-stretch.h"

G_BEGIN_DECLS

#define CRIA_TYPE_HISTOGRAM_VIEW (cria_histogram_view_get_type ())

/* Draws a display histogram: one grey curve for mono, three coloured ones for RGB, on
 * a linear or logarithmic count axis, with the stretch's black, midtone and white
 * points as markers. When "editable", the markers can be dragged; each move emits
 * "stretch-changed" (black, midtone balance m, white), shared by all channels, for a
 * manual stretch. The view never changes its own markers: the owner sets the new
 * stretch back, so that the markers show what the preview really uses. */
G_DECLARE_FINAL_TYPE (CriaHistogramView, cria_histogram_view, CRIA, HISTOGRAM_VIEW, GtkWidget)

/* Which marker a drag moves. */
typedef enum
{
  CRIA_HISTOGRAM_MARKER_NONE,
  CRIA_HISTOGRAM_MARKER_BLACK,
  CRIA_HISTOGRAM_MARKER_MIDTONE,
  CRIA_HISTOGRAM_MARKER_WHITE,
} CriaHistogramMarker;

GtkWidget *cria_histogram_view_new           (void);

/* counts[c] holds n_bins counts for channel c (1 or 3 channels; R, G, B). Bin b covers
 * [b / n_bins, (b + 1) / n_bins) of the normalised range. The counts are copied;
 * n_channels 0 clears the plot. */
void       cria_histogram_view_set_counts    (CriaHistogramView        *self,
                                              guint                     n_channels,
                                              const guint32 * const    *counts,
                                              guint                     n_bins);
void       cria_histogram_view_set_histogram (CriaHistogramView        *self,
                                              const CriaHistogram      *histogram);
/* NULL hides the markers. */
void       cria_histogram_view_set_stretch   (CriaHistogramView        *self,
                                              const CriaStretchParams  *params);
gboolean   cria_histogram_view_get_log_scale (CriaHistogramView        *self);
void       cria_histogram_view_set_log_scale (CriaHistogramView        *self,
                                              gboolean                  log_scale);
gboolean   cria_histogram_view_get_editable  (CriaHistogramView        *self);
void       cria_histogram_view_set_editable  (CriaHistogramView        *self,
                                              gboolean                  editable);

/* The normalised level [0, 1] at view x, and back. */
double     cria_histogram_view_level_at      (CriaHistogramView        *self,
                                              double                    x);
double     cria_histogram_view_x_for_level   (CriaHistogramView        *self,
                                              double                    level);

/* What a drag does, also used by the widget's own gesture: begin picks the marker
 * nearest to x (within a few pixels), move emits "stretch-changed", end stops. */
CriaHistogramMarker cria_histogram_view_drag_begin (CriaHistogramView  *self,
                                                    double              x);
void       cria_histogram_view_drag_move     (CriaHistogramView        *self,
                                              double                    x);
void       cria_histogram_view_drag_end      (CriaHistogramView        *self);

G_END_DECLS
