/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* How the image fills the view. CUSTOM is any other scale, reached with the wheel,
 * a pinch, zoom-in/out or the "scale" property. */
typedef enum
{
  CRIA_ZOOM_FIT,
  CRIA_ZOOM_1,
  CRIA_ZOOM_2,
  CRIA_ZOOM_4,
  CRIA_ZOOM_CUSTOM,
} CriaZoom;

#define CRIA_TYPE_ZOOM (cria_zoom_get_type ())
GType cria_zoom_get_type (void) G_GNUC_CONST;

/* Bounds of the "scale" property, in view pixels per frame pixel. Fit may go lower
 * when a large frame sits in a small view. */
#define CRIA_IMAGE_VIEW_MIN_SCALE (1.0 / 16.0)
#define CRIA_IMAGE_VIEW_MAX_SCALE 8.0

/* A mark drawn over the image: a circle and a label, in frame pixel coordinates. */
typedef struct
{
  double      x;
  double      y;
  double      radius; /* frame pixels; drawn at least a few view pixels wide */
  const char *label;  /* may be NULL; copied */
} CriaImageAnnotation;

#define CRIA_TYPE_IMAGE_VIEW (cria_image_view_get_type ())

/* Shows any GdkPaintable as a camera frame, with zoom, pan and overlays.
 *
 * Coordinates: frame pixels are those of the sensor frame ("image-width" ×
 * "image-height", or the paintable's intrinsic size when those are 0); the paintable
 * is stretched over the frame, so a half-size superpixel image maps onto the full
 * frame. "scale" is view pixels per frame pixel. Frame pixel (x, y) covers
 * [x, x + 1) × [y, y + 1).
 *
 * Magnified texture frames are drawn pixel-exact (nearest neighbour); other paintables,
 * and shrunk frames, with GTK's linear filter.
 *
 * Actions: view.zoom-fit, view.zoom-1, view.zoom-2, view.zoom-4, view.zoom-in,
 * view.zoom-out, and the stateful view.show-reticle and view.selection-mode. GTK looks
 * widget actions up from the activating widget towards the window, so a button outside
 * the view cannot name them: it calls cria_image_view_set_zoom () or
 * gtk_widget_activate_action () on the view, or binds "zoom". Keys: + and − zoom, 0 fits,
 * 1, 2 and 4 set 1:1, 2:1 and 4:1, the arrows pan, Escape cancels a selection and then
 * leaves selection mode. The wheel and a pinch zoom around the pointer; a drag pans
 * (the middle button always pans), or in selection mode draws a rectangle and emits
 * "subframe-selected" (x, y, width, height; frame pixels, inside the frame) on release.
 * The view does not show that rectangle as the subframe by itself: the owner sets
 * "subframe" when the camera takes it. "pointer-moved" (x, y) gives the frame pixel
 * under the pointer, or −1, −1 off the frame.
 *
 * The view expands in both directions by default. */
G_DECLARE_FINAL_TYPE (CriaImageView, cria_image_view, CRIA, IMAGE_VIEW, GtkWidget)

GtkWidget    *cria_image_view_new               (void);

GdkPaintable *cria_image_view_get_paintable     (CriaImageView             *self);
void          cria_image_view_set_paintable     (CriaImageView             *self,
                                                 GdkPaintable              *paintable);
CriaZoom      cria_image_view_get_zoom          (CriaImageView             *self);
void          cria_image_view_set_zoom          (CriaImageView             *self,
                                                 CriaZoom                   zoom);
double        cria_image_view_get_scale         (CriaImageView             *self);
void          cria_image_view_set_scale         (CriaImageView             *self,
                                                 double                     scale);
int           cria_image_view_get_image_width   (CriaImageView             *self);
void          cria_image_view_set_image_width   (CriaImageView             *self,
                                                 int                        width);
int           cria_image_view_get_image_height  (CriaImageView             *self);
void          cria_image_view_set_image_height  (CriaImageView             *self,
                                                 int                        height);
gboolean      cria_image_view_get_show_reticle  (CriaImageView             *self);
void          cria_image_view_set_show_reticle  (CriaImageView             *self,
                                                 gboolean                   show);
gboolean      cria_image_view_get_selection_mode (CriaImageView            *self);
void          cria_image_view_set_selection_mode (CriaImageView            *self,
                                                 gboolean                   selection_mode);
/* NULL (or an empty rectangle) hides the subframe outline. */
const GdkRectangle *cria_image_view_get_subframe (CriaImageView            *self);
void          cria_image_view_set_subframe      (CriaImageView             *self,
                                                 const GdkRectangle        *subframe);
void          cria_image_view_set_annotations   (CriaImageView             *self,
                                                 const CriaImageAnnotation *marks,
                                                 guint                      n_marks);

/* The frame size in use (0 × 0 while there is no image). */
void          cria_image_view_get_frame_size    (CriaImageView             *self,
                                                 int                       *width,
                                                 int                       *height);
/* Mapping between view coordinates (widget pixels) and frame coordinates. Both return
 * FALSE while there is no image; view_to_frame also returns FALSE for a point outside
 * the frame, but still fills in the (out-of-range) frame coordinates. */
gboolean      cria_image_view_view_to_frame     (CriaImageView             *self,
                                                 double                     view_x,
                                                 double                     view_y,
                                                 double                    *frame_x,
                                                 double                    *frame_y);
gboolean      cria_image_view_frame_to_view     (CriaImageView             *self,
                                                 double                     frame_x,
                                                 double                     frame_y,
                                                 double                    *view_x,
                                                 double                    *view_y);

/* Moves the image by (dx, dy) view pixels; a no-op at fit. */
void          cria_image_view_pan               (CriaImageView             *self,
                                                 double                     dx,
                                                 double                     dy);
/* Multiplies the scale by factor, keeping the frame point under (view_x, view_y). */
void          cria_image_view_zoom_at           (CriaImageView             *self,
                                                 double                     factor,
                                                 double                     view_x,
                                                 double                     view_y);

G_END_DECLS
