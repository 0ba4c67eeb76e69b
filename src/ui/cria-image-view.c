/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cria-image-view-private.h"

enum
{
  PROP_0,
  PROP_PAINTABLE,
  PROP_ZOOM,
  PROP_SCALE,
  PROP_IMAGE_WIDTH,
  PROP_IMAGE_HEIGHT,
  PROP_SHOW_RETICLE,
  PROP_SELECTION_MODE,
  PROP_SUBFRAME,
  N_PROPS
};

enum
{
  SUBFRAME_SELECTED,
  POINTER_MOVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_ENUM_TYPE (CriaZoom, cria_zoom,
                    G_DEFINE_ENUM_VALUE (CRIA_ZOOM_FIT, "fit"),
                    G_DEFINE_ENUM_VALUE (CRIA_ZOOM_1, "1"),
                    G_DEFINE_ENUM_VALUE (CRIA_ZOOM_2, "2"),
                    G_DEFINE_ENUM_VALUE (CRIA_ZOOM_4, "4"),
                    G_DEFINE_ENUM_VALUE (CRIA_ZOOM_CUSTOM, "custom"))

G_DEFINE_FINAL_TYPE (CriaImageView, cria_image_view, GTK_TYPE_WIDGET)

/* Geometry */

void
cria_image_view_get_frame_size (CriaImageView *self,
                                int           *width,
                                int           *height)
{
  int paintable_width = 0, paintable_height = 0;

  g_return_if_fail (CRIA_IS_IMAGE_VIEW (self));

  if (self->paintable != NULL)
    {
      paintable_width = gdk_paintable_get_intrinsic_width (self->paintable);
      paintable_height = gdk_paintable_get_intrinsic_height (self->paintable);
    }
  /* Without a displayed image there is nothing to map to. */
  if (paintable_width <= 0 || paintable_height <= 0)
    {
      *width = *height = 0;
      return;
    }
  *width = self->image_width > 0 ? self->image_width : paintable_width;
  *height = self->image_height > 0 ? self->image_height : paintable_height;
}

gboolean
cria_image_view_get_fit_scale (CriaImageView *self,
                               double        *scale)
{
  int frame_width, frame_height;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  cria_image_view_get_frame_size (self, &frame_width, &frame_height);
  if (frame_width <= 0 || width <= 0 || height <= 0)
    return FALSE;
  *scale = MIN ((double) width / frame_width, (double) height / frame_height);
  return TRUE;
}

/* The frame coordinate at the view's centre along one axis: the wanted one, unless
 * that would show empty space beside an image larger than the view. */
static double
clamp_centre (double centre,
              double scale,
              int    frame_size,
              int    view_size)
{
  double half = view_size / (2.0 * scale);

  if (frame_size * scale <= view_size)
    return frame_size / 2.0;
  return CLAMP (centre, half, frame_size - half);
}

gboolean
cria_image_view_get_geometry (CriaImageView     *self,
                              CriaImageGeometry *geometry)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  int factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  double centre_x, centre_y;

  cria_image_view_get_frame_size (self, &geometry->frame_width, &geometry->frame_height);
  if (geometry->frame_width <= 0 || width <= 0 || height <= 0)
    return FALSE;

  if (self->fit)
    {
      cria_image_view_get_fit_scale (self, &geometry->scale);
      centre_x = geometry->frame_width / 2.0;
      centre_y = geometry->frame_height / 2.0;
    }
  else
    {
      geometry->scale = self->scale;
      centre_x = clamp_centre (self->centre_x, self->scale, geometry->frame_width, width);
      centre_y = clamp_centre (self->centre_y, self->scale, geometry->frame_height, height);
    }
  /* On the device pixel grid, so that magnified pixels have crisp edges. */
  geometry->origin_x = round ((width / 2.0 - centre_x * geometry->scale) * factor) / factor;
  geometry->origin_y = round ((height / 2.0 - centre_y * geometry->scale) * factor) / factor;
  return TRUE;
}

gboolean
cria_image_view_view_to_frame (CriaImageView *self,
                               double         view_x,
                               double         view_y,
                               double        *frame_x,
                               double        *frame_y)
{
  CriaImageGeometry geometry;
  double x, y;

  g_return_val_if_fail (CRIA_IS_IMAGE_VIEW (self), FALSE);

  if (!cria_image_view_get_geometry (self, &geometry))
    return FALSE;
  x = (view_x - geometry.origin_x) / geometry.scale;
  y = (view_y - geometry.origin_y) / geometry.scale;
  if (frame_x != NULL)
    *frame_x = x;
  if (frame_y != NULL)
    *frame_y = y;
  return x >= 0 && y >= 0 && x < geometry.frame_width && y < geometry.frame_height;
}

gboolean
cria_image_view_frame_to_view (CriaImageView *self,
                               double         frame_x,
                               double         frame_y,
                               double        *view_x,
                               double        *view_y)
{
  CriaImageGeometry geometry;

  g_return_val_if_fail (CRIA_IS_IMAGE_VIEW (self), FALSE);

  if (!cria_image_view_get_geometry (self, &geometry))
    return FALSE;
  if (view_x != NULL)
    *view_x = geometry.origin_x + frame_x * geometry.scale;
  if (view_y != NULL)
    *view_y = geometry.origin_y + frame_y * geometry.scale;
  return TRUE;
}

/* The frame point at the view's centre, as drawn. */
void
cria_image_view_get_view_centre (CriaImageView *self,
                                 double        *frame_x,
                                 double        *frame_y)
{
  if (!cria_image_view_view_to_frame (self, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                                      gtk_widget_get_height (GTK_WIDGET (self)) / 2.0,
                                      frame_x, frame_y))
    {
      int width, height;

      cria_image_view_get_frame_size (self, &width, &height);
      *frame_x = width / 2.0;
      *frame_y = height / 2.0;
    }
}

/* Pointer */

void
cria_image_view_update_pointer (CriaImageView *self)
{
  double frame_x, frame_y;
  int x = -1, y = -1;

  if (self->pointer_inside
      && cria_image_view_view_to_frame (self, self->pointer_view_x, self->pointer_view_y,
                                        &frame_x, &frame_y))
    {
      x = (int) floor (frame_x);
      y = (int) floor (frame_y);
    }
  if (x == self->pointer_frame_x && y == self->pointer_frame_y)
    return;
  self->pointer_frame_x = x;
  self->pointer_frame_y = y;
  g_signal_emit (self, signals[POINTER_MOVED], 0, x, y);
}

void
cria_image_view_update_cursor (CriaImageView *self)
{
  const char *name = NULL;

  if (self->selection_mode)
    name = "crosshair";
  else if (self->panning)
    name = "grabbing";
  else if (!self->fit)
    name = "grab";
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), name);
}

/* Zoom and pan */

CriaZoom
cria_image_view_get_zoom (CriaImageView *self)
{
  g_return_val_if_fail (CRIA_IS_IMAGE_VIEW (self), CRIA_ZOOM_FIT);

  if (self->fit)
    return CRIA_ZOOM_FIT;
  if (self->scale == 1.0)
    return CRIA_ZOOM_1;
  if (self->scale == 2.0)
    return CRIA_ZOOM_2;
  if (self->scale == 4.0)
    return CRIA_ZOOM_4;
  return CRIA_ZOOM_CUSTOM;
}

double
cria_image_view_get_scale (CriaImageView *self)
{
  g_return_val_if_fail (CRIA_IS_IMAGE_VIEW (self), 1.0);

  return self->scale;
}

/* Runs after any change to the zoom state: keeps "scale" current at fit, and tells
 * observers what changed. */
static void
zoom_changed (CriaImageView *self,
              CriaZoom       old_zoom,
              double         old_scale)
{
  double fit_scale;

  if (self->fit && cria_image_view_get_fit_scale (self, &fit_scale))
    self->scale = fit_scale;
  if (cria_image_view_get_zoom (self) != old_zoom)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  if (self->scale != old_scale)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCALE]);
  cria_image_view_update_cursor (self);
  cria_image_view_update_pointer (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Sets a fixed scale and puts frame point (frame_x, frame_y) at view (view_x, view_y). */
void
cria_image_view_place (CriaImageView *self,
                       double         scale,
                       double         frame_x,
                       double         frame_y,
                       double         view_x,
                       double         view_y)
{
  CriaZoom old_zoom = cria_image_view_get_zoom (self);
  double old_scale = self->scale;

  scale = CLAMP (scale, CRIA_IMAGE_VIEW_MIN_SCALE, CRIA_IMAGE_VIEW_MAX_SCALE);
  self->fit = FALSE;
  self->scale = scale;
  self->centre_x = frame_x - (view_x - gtk_widget_get_width (GTK_WIDGET (self)) / 2.0) / scale;
  self->centre_y = frame_y - (view_y - gtk_widget_get_height (GTK_WIDGET (self)) / 2.0) / scale;
  zoom_changed (self, old_zoom, old_scale);
}

void
cria_image_view_set_fit (CriaImageView *self)
{
  CriaZoom old_zoom = cria_image_view_get_zoom (self);
  double old_scale = self->scale;

  self->fit = TRUE;
  zoom_changed (self, old_zoom, old_scale);
}

void
cria_image_view_set_zoom (CriaImageView *self,
                          CriaZoom       zoom)
{
  static const double scales[] = { [CRIA_ZOOM_1] = 1.0, [CRIA_ZOOM_2] = 2.0, [CRIA_ZOOM_4] = 4.0 };

  g_return_if_fail (CRIA_IS_IMAGE_VIEW (self));

  if (zoom == cria_image_view_get_zoom (self) || zoom == CRIA_ZOOM_CUSTOM)
    return;
  if (zoom == CRIA_ZOOM_FIT)
    cria_image_view_set_fit (self);
  else
    cria_image_view_set_scale (self, scales[zoom]);
}

/* Keeps the frame point at the view's centre. */
void
cria_image_view_set_scale (CriaImageView *self,
                           double         scale)
{
  double frame_x, frame_y;

  g_return_if_fail (CRIA_IS_IMAGE_VIEW (self));

  scale = CLAMP (scale, CRIA_IMAGE_VIEW_MIN_SCALE, CRIA_IMAGE_VIEW_MAX_SCALE);
  if (!self->fit && scale == self->scale)
    return;
  cria_image_view_get_view_centre (self, &frame_x, &frame_y);
  cria_image_view_place (self, scale, frame_x, frame_y, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
         gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

/* Zooming out past fit lands on fit, which then follows the view's size. */
void
cria_image_view_zoom_to (CriaImageView *self,
                         double         scale,
                         double         view_x,
                         double         view_y)
{
  CriaImageGeometry geometry;
  double fit_scale, frame_x, frame_y;

  if (!cria_image_view_get_fit_scale (self, &fit_scale) || !cria_image_view_get_geometry (self, &geometry))
    return;
  if (scale < self->scale && scale <= fit_scale * 1.0001)
    {
      cria_image_view_set_fit (self);
      return;
    }
  /* The point may be beside the image; it still stays put. */
  cria_image_view_view_to_frame (self, view_x, view_y, &frame_x, &frame_y);
  cria_image_view_place (self, scale, frame_x, frame_y, view_x, view_y);
}

void
cria_image_view_zoom_at (CriaImageView *self,
                         double         factor,
                         double         view_x,
                         double         view_y)
{
  g_return_if_fail (CRIA_IS_IMAGE_VIEW (self));
  g_return_if_fail (factor > 0);

  cria_image_view_zoom_to (self, self->scale * factor, view_x, view_y);
}

/* The scale `steps` grid points away on a grid of 2^(1/per_octave), so that repeated
 * steps land exactly on 1:1, 2:1 and 4:1 from anywhere. */
double
cria_image_view_step_scale (double scale,
                            int    steps,
                            int    per_octave)
{
  double position = per_octave * log2 (scale);
  double grid = steps > 0 ? floor (position + 1e-6) + steps : ceil (position - 1e-6) + steps;

  return exp2 (grid / per_octave);
}

void
cria_image_view_pan (CriaImageView *self,
                     double         dx,
                     double         dy)
{
  double frame_x, frame_y;

  g_return_if_fail (CRIA_IS_IMAGE_VIEW (self));

  if (self->fit)
    return;
  cria_image_view_get_view_centre (self, &frame_x, &frame_y);
  self->centre_x = frame_x - dx / self->scale;
  self->centre_y = frame_y - dy / self->scale;
  cria_image_view_update_pointer (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cria_image_view_emit_subframe_selected (CriaImageView      *self,
                                        const GdkRectangle *rect)
{
  g_signal_emit (self, signals[SUBFRAME_SELECTED], 0, rect->x, rect->y, rect->width, rect->height);
}

/* Paintable */

static void
paintable_contents_cb (GdkPaintable  *paintable,
                       CriaImageView *self)
{
  /* Drop the old frame now: a live view's textures go back to a pool when released. */
  cria_image_view_clear_cache (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
frame_size_changed (CriaImageView *self)
{
  zoom_changed (self, cria_image_view_get_zoom (self), self->scale);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
paintable_size_cb (GdkPaintable  *paintable,
                   CriaImageView *self)
{
  frame_size_changed (self);
}

GdkPaintable *
cria_image_view_get_paintable (CriaImageView *self)
{
  g_return_val_if_fail (CRIA_IS_IMAGE_VIEW (self), NULL);

  return self->paintable;
}

void
cria_image_view_set_paintable (CriaImageView *self,
                               GdkPaintable  *paintable)
{
  g_return_if_fail (CRIA_IS_IMAGE_VIEW (self));
  g_return_if_fail (paintable == NULL || GDK_IS_PAINTABLE (paintable));

  if (self->paintable == paintable)
    return;
  if (self->paintable != NULL)
    g_signal_handlers_disconnect_by_data (self->paintable, self);
  g_set_object (&self->paintable, paintable);
  if (paintable != NULL)
    {
      g_signal_connect (paintable, "invalidate-contents", G_CALLBACK (paintable_contents_cb), self);
      g_signal_connect (paintable, "invalidate-size", G_CALLBACK (paintable_size_cb), self);
    }
  cria_image_view_clear_cache (self);
  frame_size_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAINTABLE]);
}

int
cria_image_view_get_image_width (CriaImageView *self)
{
  g_return_val_if_fail (CRIA_IS_IMAGE_VIEW (self), 0);

  return self->image_width;
}

void
cria_image_view_set_image_width (CriaImageView *self,
                                 int            width)
{
  g_return_if_fail (CRIA_IS_IMAGE_VIEW (self));

  width = MAX (width, 0);
  if (self->image_width == width)
    return;
  self->image_width = width;
  frame_size_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE_WIDTH]);
}

int
cria_image_view_get_image_height (CriaImageView *self)
{
  g_return_val_if_fail (CRIA_IS_IMAGE_VIEW (self), 0);

  return self->image_height;
}

void
cria_image_view_set_image_height (CriaImageView *self,
                                  int            height)
{
  g_return_if_fail (CRIA_IS_IMAGE_VIEW (self));

  height = MAX (height, 0);
  if (self->image_height == height)
    return;
  self->image_height = height;
  frame_size_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE_HEIGHT]);
}

/* Overlays */

gboolean
cria_image_view_get_show_reticle (CriaImageView *self)
{
  g_return_val_if_fail (CRIA_IS_IMAGE_VIEW (self), FALSE);

  return self->show_reticle;
}

void
cria_image_view_set_show_reticle (CriaImageView *self,
                                  gboolean       show)
{
  g_return_if_fail (CRIA_IS_IMAGE_VIEW (self));

  show = !!show;
  if (self->show_reticle == show)
    return;
  self->show_reticle = show;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_RETICLE]);
}

gboolean
cria_image_view_get_selection_mode (CriaImageView *self)
{
  g_return_val_if_fail (CRIA_IS_IMAGE_VIEW (self), FALSE);

  return self->selection_mode;
}

void
cria_image_view_set_selection_mode (CriaImageView *self,
                                    gboolean       selection_mode)
{
  g_return_if_fail (CRIA_IS_IMAGE_VIEW (self));

  selection_mode = !!selection_mode;
  if (self->selection_mode == selection_mode)
    return;
  self->selection_mode = selection_mode;
  if (!selection_mode)
    cria_image_view_selection_cancel (self);
  cria_image_view_update_cursor (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION_MODE]);
}

const GdkRectangle *
cria_image_view_get_subframe (CriaImageView *self)
{
  g_return_val_if_fail (CRIA_IS_IMAGE_VIEW (self), NULL);

  return self->has_subframe ? &self->subframe : NULL;
}

void
cria_image_view_set_subframe (CriaImageView      *self,
                              const GdkRectangle *subframe)
{
  gboolean has_subframe;

  g_return_if_fail (CRIA_IS_IMAGE_VIEW (self));

  has_subframe = subframe != NULL && subframe->width > 0 && subframe->height > 0;
  if (has_subframe == self->has_subframe
      && (!has_subframe || gdk_rectangle_equal (subframe, &self->subframe)))
    return;
  self->has_subframe = has_subframe;
  if (has_subframe)
    self->subframe = *subframe;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBFRAME]);
}

static void
clear_mark (gpointer data)
{
  CriaImageMark *mark = data;

  g_free (mark->label);
}

void
cria_image_view_set_annotations (CriaImageView             *self,
                                 const CriaImageAnnotation *marks,
                                 guint                      n_marks)
{
  g_return_if_fail (CRIA_IS_IMAGE_VIEW (self));
  g_return_if_fail (marks != NULL || n_marks == 0);

  g_array_set_size (self->marks, 0);
  for (guint i = 0; i < n_marks; i++)
    {
      CriaImageMark mark = { marks[i].x, marks[i].y, marks[i].radius, g_strdup (marks[i].label) };

      g_array_append_val (self->marks, mark);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* GObject and GtkWidget */

static void
cria_image_view_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  /* The view shows any frame at any size: it asks for room, not for the frame's size. */
  *minimum = 64;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 360;
}

static void
cria_image_view_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  CriaImageView *self = CRIA_IMAGE_VIEW (widget);

  zoom_changed (self, cria_image_view_get_zoom (self), self->scale);
}

static void
cria_image_view_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  cria_image_view_snapshot_contents (CRIA_IMAGE_VIEW (widget), snapshot);
}

static void
cria_image_view_state_flags_changed (GtkWidget     *widget,
                                     GtkStateFlags  previous)
{
  /* The focus ring is drawn by snapshot (), not by CSS. */
  if ((gtk_widget_get_state_flags (widget) ^ previous)
      & (GTK_STATE_FLAG_FOCUSED | GTK_STATE_FLAG_FOCUS_VISIBLE))
    gtk_widget_queue_draw (widget);

  GTK_WIDGET_CLASS (cria_image_view_parent_class)->state_flags_changed (widget, previous);
}

static void
cria_image_view_unrealize (GtkWidget *widget)
{
  cria_image_view_clear_cache (CRIA_IMAGE_VIEW (widget));

  GTK_WIDGET_CLASS (cria_image_view_parent_class)->unrealize (widget);
}

static void
cria_image_view_dispose (GObject *object)
{
  CriaImageView *self = CRIA_IMAGE_VIEW (object);

  if (self->paintable != NULL)
    g_signal_handlers_disconnect_by_data (self->paintable, self);
  g_clear_object (&self->paintable);
  cria_image_view_clear_cache (self);

  G_OBJECT_CLASS (cria_image_view_parent_class)->dispose (object);
}

static void
cria_image_view_finalize (GObject *object)
{
  CriaImageView *self = CRIA_IMAGE_VIEW (object);

  g_array_unref (self->marks);

  G_OBJECT_CLASS (cria_image_view_parent_class)->finalize (object);
}

static void
cria_image_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CriaImageView *self = CRIA_IMAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PAINTABLE:
      g_value_set_object (value, self->paintable);
      break;
    case PROP_ZOOM:
      g_value_set_enum (value, cria_image_view_get_zoom (self));
      break;
    case PROP_SCALE:
      g_value_set_double (value, self->scale);
      break;
    case PROP_IMAGE_WIDTH:
      g_value_set_int (value, self->image_width);
      break;
    case PROP_IMAGE_HEIGHT:
      g_value_set_int (value, self->image_height);
      break;
    case PROP_SHOW_RETICLE:
      g_value_set_boolean (value, self->show_reticle);
      break;
    case PROP_SELECTION_MODE:
      g_value_set_boolean (value, self->selection_mode);
      break;
    case PROP_SUBFRAME:
      g_value_set_boxed (value, cria_image_view_get_subframe (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_image_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CriaImageView *self = CRIA_IMAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PAINTABLE:
      cria_image_view_set_paintable (self, g_value_get_object (value));
      break;
    case PROP_ZOOM:
      cria_image_view_set_zoom (self, g_value_get_enum (value));
      break;
    case PROP_SCALE:
      cria_image_view_set_scale (self, g_value_get_double (value));
      break;
    case PROP_IMAGE_WIDTH:
      cria_image_view_set_image_width (self, g_value_get_int (value));
      break;
    case PROP_IMAGE_HEIGHT:
      cria_image_view_set_image_height (self, g_value_get_int (value));
      break;
    case PROP_SHOW_RETICLE:
      cria_image_view_set_show_reticle (self, g_value_get_boolean (value));
      break;
    case PROP_SELECTION_MODE:
      cria_image_view_set_selection_mode (self, g_value_get_boolean (value));
      break;
    case PROP_SUBFRAME:
      cria_image_view_set_subframe (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_image_view_class_init (CriaImageViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cria_image_view_dispose;
  object_class->finalize = cria_image_view_finalize;
  object_class->get_property = cria_image_view_get_property;
  object_class->set_property = cria_image_view_set_property;
  widget_class->measure = cria_image_view_measure;
  widget_class->size_allocate = cria_image_view_size_allocate;
  widget_class->snapshot = cria_image_view_snapshot;
  widget_class->state_flags_changed = cria_image_view_state_flags_changed;
  widget_class->unrealize = cria_image_view_unrealize;

  properties[PROP_PAINTABLE] =
    g_param_spec_object ("paintable", NULL, NULL, GDK_TYPE_PAINTABLE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ZOOM] =
    g_param_spec_enum ("zoom", NULL, NULL, CRIA_TYPE_ZOOM, CRIA_ZOOM_FIT,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SCALE] =
    g_param_spec_double ("scale", NULL, NULL,
                         0.0, G_MAXDOUBLE, 1.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_IMAGE_WIDTH] =
    g_param_spec_int ("image-width", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_IMAGE_HEIGHT] =
    g_param_spec_int ("image-height", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SHOW_RETICLE] =
    g_param_spec_boolean ("show-reticle", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SELECTION_MODE] =
    g_param_spec_boolean ("selection-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SUBFRAME] =
    g_param_spec_boxed ("subframe", NULL, NULL, GDK_TYPE_RECTANGLE,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* x, y, width, height in frame pixels, inside the frame. */
  signals[SUBFRAME_SELECTED] =
    g_signal_new ("subframe-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT);
  /* The frame pixel under the pointer, or -1, -1 when the pointer is off the frame. */
  signals[POINTER_MOVED] =
    g_signal_new ("pointer-moved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT);

  cria_image_view_class_init_input (widget_class);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "criaimageview");
}

static void
cria_image_view_init (CriaImageView *self)
{
  self->fit = TRUE;
  self->scale = 1.0;
  self->pointer_frame_x = self->pointer_frame_y = -1;
  self->marks = g_array_new (FALSE, FALSE, sizeof (CriaImageMark));
  g_array_set_clear_func (self->marks, clear_mark);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Camera preview"), -1);

  cria_image_view_init_input (self);
}

GtkWidget *
cria_image_view_new (void)
{
  return g_object_new (CRIA_TYPE_IMAGE_VIEW, NULL);
}

CriaImagePath
cria_image_view_get_last_path (CriaImageView *self)
{
  g_return_val_if_fail (CRIA_IS_IMAGE_VIEW (self), CRIA_IMAGE_PATH_NONE);

  return self->last_path;
}
