/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <math.h>

#include "cria-image-view-private.h"

/* Drags shorter than this (view pixels) in either direction select nothing. */
#define TINY_DRAG 6.0
/* Arrow keys move the image by this fraction of the view. */
#define KEY_PAN_FRACTION 0.1

/* Selection */

void
cria_image_view_selection_begin (CriaImageView *self,
                                 double         view_x,
                                 double         view_y)
{
  CriaImageGeometry geometry;

  if (!cria_image_view_get_geometry (self, &geometry))
    return;
  /* A drag may start beside the image: the rectangle is clamped at the end. */
  cria_image_view_view_to_frame (self, view_x, view_y, &self->select_x0, &self->select_y0);
  self->selecting = TRUE;
  self->select_x1 = self->select_x0;
  self->select_y1 = self->select_y0;
  self->select_view_x0 = self->select_view_x1 = view_x;
  self->select_view_y0 = self->select_view_y1 = view_y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cria_image_view_selection_update (CriaImageView *self,
                                  double         view_x,
                                  double         view_y)
{
  if (!self->selecting)
    return;
  cria_image_view_view_to_frame (self, view_x, view_y, &self->select_x1, &self->select_y1);
  self->select_view_x1 = view_x;
  self->select_view_y1 = view_y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
cria_image_view_selection_rect (CriaImageView *self,
                                GdkRectangle  *rect)
{
  int width, height;
  double x0, y0, x1, y1;

  cria_image_view_get_frame_size (self, &width, &height);
  if (width <= 0)
    return FALSE;
  x0 = CLAMP (floor (MIN (self->select_x0, self->select_x1)), 0, width);
  y0 = CLAMP (floor (MIN (self->select_y0, self->select_y1)), 0, height);
  x1 = CLAMP (ceil (MAX (self->select_x0, self->select_x1)), 0, width);
  y1 = CLAMP (ceil (MAX (self->select_y0, self->select_y1)), 0, height);
  rect->x = (int) x0;
  rect->y = (int) y0;
  rect->width = (int) (x1 - x0);
  rect->height = (int) (y1 - y0);
  return rect->width >= 1 && rect->height >= 1;
}

gboolean
cria_image_view_selection_end (CriaImageView *self)
{
  GdkRectangle rect;

  if (!self->selecting)
    return FALSE;
  self->selecting = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (fabs (self->select_view_x1 - self->select_view_x0) < TINY_DRAG
      || fabs (self->select_view_y1 - self->select_view_y0) < TINY_DRAG)
    {
      g_debug ("Ignoring a tiny selection drag");
      return FALSE;
    }
  if (!cria_image_view_selection_rect (self, &rect))
    return FALSE;
  cria_image_view_emit_subframe_selected (self, &rect);
  return TRUE;
}

gboolean
cria_image_view_selection_cancel (CriaImageView *self)
{
  if (!self->selecting)
    return FALSE;
  /* Cleared first, so that the gesture's end on reset selects nothing. */
  self->selecting = FALSE;
  gtk_event_controller_reset (GTK_EVENT_CONTROLLER (self->drag));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

/* Input */

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               CriaImageView  *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  double frame_x, frame_y;

  if (gtk_widget_get_focusable (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self));

  if (self->pinching)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  if (self->selection_mode && (button == GDK_BUTTON_PRIMARY || button == 0))
    {
      cria_image_view_selection_begin (self, x, y);
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
    }
  else if (!self->fit)
    {
      cria_image_view_get_view_centre (self, &frame_x, &frame_y);
      self->panning = TRUE;
      self->pan_start_x = frame_x;
      self->pan_start_y = frame_y;
      cria_image_view_update_cursor (self);
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
    }
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          offset_x,
                double          offset_y,
                CriaImageView  *self)
{
  double start_x, start_y;

  if (self->selecting)
    {
      gtk_gesture_drag_get_start_point (gesture, &start_x, &start_y);
      cria_image_view_selection_update (self, start_x + offset_x, start_y + offset_y);
    }
  else if (self->panning && !self->pinching && !self->fit)
    {
      self->centre_x = self->pan_start_x - offset_x / self->scale;
      self->centre_y = self->pan_start_y - offset_y / self->scale;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          offset_x,
             double          offset_y,
             CriaImageView  *self)
{
  double frame_x, frame_y;

  if (self->selecting)
    cria_image_view_selection_end (self);
  if (self->panning)
    {
      /* Store the clamped centre, so that a drag past the edge leaves no slack. */
      self->panning = FALSE;
      cria_image_view_get_view_centre (self, &frame_x, &frame_y);
      self->centre_x = frame_x;
      self->centre_y = frame_y;
      cria_image_view_update_cursor (self);
      cria_image_view_update_pointer (self);
    }
}

static void
pinch_begin_cb (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                CriaImageView    *self)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (gesture, &x, &y))
    return;
  cria_image_view_selection_cancel (self);
  self->panning = FALSE;
  self->pinching = TRUE;
  self->pinch_scale = self->scale;
  cria_image_view_view_to_frame (self, x, y, &self->pinch_frame_x, &self->pinch_frame_y);
}

static void
pinch_scale_changed_cb (GtkGestureZoom *gesture,
                        double          delta,
                        CriaImageView  *self)
{
  double x, y;

  if (!self->pinching || !gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    return;
  cria_image_view_place (self, self->pinch_scale * delta, self->pinch_frame_x, self->pinch_frame_y, x, y);
}

static void
pinch_end_cb (GtkGesture       *gesture,
              GdkEventSequence *sequence,
              CriaImageView    *self)
{
  double fit_scale;

  if (!self->pinching)
    return;
  self->pinching = FALSE;
  if (cria_image_view_get_fit_scale (self, &fit_scale) && self->scale <= fit_scale)
    cria_image_view_set_fit (self);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           CriaImageView            *self)
{
  double x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
  double scale;

  if (dy == 0 || self->paintable == NULL)
    return FALSE;
  if (self->pointer_inside)
    {
      x = self->pointer_view_x;
      y = self->pointer_view_y;
    }
  /* Wheel clicks step on a grid of 2^(1/4); touchpads and high-resolution wheels zoom
   * continuously. */
  if (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_SURFACE)
    scale = self->scale * exp2 (-dy / 128.0);
  else if (dy == round (dy))
    scale = cria_image_view_step_scale (self->scale, (int) -dy, 4);
  else
    scale = self->scale * exp2 (-dy / 4.0);
  cria_image_view_zoom_to (self, scale, x, y);
  return TRUE;
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           CriaImageView            *self)
{
  self->pointer_inside = TRUE;
  self->pointer_view_x = x;
  self->pointer_view_y = y;
  cria_image_view_update_pointer (self);
}

static void
leave_cb (GtkEventControllerMotion *controller,
          CriaImageView            *self)
{
  self->pointer_inside = FALSE;
  cria_image_view_update_pointer (self);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CriaImageView *self = CRIA_IMAGE_VIEW (widget);

  if (g_str_equal (action_name, "view.zoom-fit"))
    cria_image_view_set_zoom (self, CRIA_ZOOM_FIT);
  else if (g_str_equal (action_name, "view.zoom-1"))
    cria_image_view_set_zoom (self, CRIA_ZOOM_1);
  else if (g_str_equal (action_name, "view.zoom-2"))
    cria_image_view_set_zoom (self, CRIA_ZOOM_2);
  else if (g_str_equal (action_name, "view.zoom-4"))
    cria_image_view_set_zoom (self, CRIA_ZOOM_4);
  else if (g_str_equal (action_name, "view.zoom-in"))
    cria_image_view_set_scale (self, cria_image_view_step_scale (self->scale, 1, 2));
  else if (g_str_equal (action_name, "view.zoom-out"))
    cria_image_view_zoom_to (self, cria_image_view_step_scale (self->scale, -1, 2), gtk_widget_get_width (widget) / 2.0,
             gtk_widget_get_height (widget) / 2.0);
}

static gboolean
pan_binding (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  double x, y;

  g_variant_get (args, "(dd)", &x, &y);
  cria_image_view_pan (CRIA_IMAGE_VIEW (widget),
                       x * KEY_PAN_FRACTION * gtk_widget_get_width (widget),
                       y * KEY_PAN_FRACTION * gtk_widget_get_height (widget));
  return TRUE;
}

/* Escape drops a rectangle being drawn, then leaves selection mode; otherwise it goes
 * on to the window (to close a dialog, say). */
static gboolean
escape_binding (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  CriaImageView *self = CRIA_IMAGE_VIEW (widget);

  if (cria_image_view_selection_cancel (self))
    return TRUE;
  if (self->selection_mode)
    {
      cria_image_view_set_selection_mode (self, FALSE);
      return TRUE;
    }
  return FALSE;
}

/* Setup */

static void
add_key (GtkWidgetClass *widget_class,
         guint           keyval,
         const char     *action)
{
  gtk_widget_class_add_binding_action (widget_class, keyval, 0, action, NULL);
}

void
cria_image_view_class_init_input (GtkWidgetClass *widget_class)
{
  static const char *zoom_actions[] = {
    "view.zoom-fit", "view.zoom-1", "view.zoom-2", "view.zoom-4", "view.zoom-in", "view.zoom-out",
  };

  for (guint i = 0; i < G_N_ELEMENTS (zoom_actions); i++)
    gtk_widget_class_install_action (widget_class, zoom_actions[i], NULL, zoom_action);
  gtk_widget_class_install_property_action (widget_class, "view.show-reticle", "show-reticle");
  gtk_widget_class_install_property_action (widget_class, "view.selection-mode", "selection-mode");

  add_key (widget_class, GDK_KEY_plus, "view.zoom-in");
  add_key (widget_class, GDK_KEY_equal, "view.zoom-in");
  add_key (widget_class, GDK_KEY_KP_Add, "view.zoom-in");
  add_key (widget_class, GDK_KEY_minus, "view.zoom-out");
  add_key (widget_class, GDK_KEY_KP_Subtract, "view.zoom-out");
  add_key (widget_class, GDK_KEY_0, "view.zoom-fit");
  add_key (widget_class, GDK_KEY_KP_0, "view.zoom-fit");
  add_key (widget_class, GDK_KEY_1, "view.zoom-1");
  add_key (widget_class, GDK_KEY_KP_1, "view.zoom-1");
  add_key (widget_class, GDK_KEY_2, "view.zoom-2");
  add_key (widget_class, GDK_KEY_KP_2, "view.zoom-2");
  add_key (widget_class, GDK_KEY_4, "view.zoom-4");
  add_key (widget_class, GDK_KEY_KP_4, "view.zoom-4");
  /* Arrows scroll the view: Left shows what is left of it. */
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, 0, pan_binding, "(dd)", 1.0, 0.0);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Right, 0, pan_binding, "(dd)", -1.0, 0.0);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Up, 0, pan_binding, "(dd)", 0.0, 1.0);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Down, 0, pan_binding, "(dd)", 0.0, -1.0);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_binding, NULL);
}

void
cria_image_view_init_input (CriaImageView *self)
{
  GtkEventController *controller;
  GtkGesture *pinch;

  /* Any button: the middle one pans even in selection mode. */
  self->drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->drag), 0);
  g_signal_connect (self->drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (self->drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (self->drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drag));

  pinch = gtk_gesture_zoom_new ();
  g_signal_connect (pinch, "begin", G_CALLBACK (pinch_begin_cb), self);
  g_signal_connect (pinch, "scale-changed", G_CALLBACK (pinch_scale_changed_cb), self);
  g_signal_connect (pinch, "end", G_CALLBACK (pinch_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (pinch));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}
