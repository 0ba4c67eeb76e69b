/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-image-view.h"

G_BEGIN_DECLS

/* Shared by cria-image-view.c, -draw.c and -input.c, and by the tests, which drive the
 * gestures' logic directly since GTK 4.8 cannot synthesize input events. */

/* How the last image was drawn, for tests. */
typedef enum
{
  CRIA_IMAGE_PATH_NONE,
  CRIA_IMAGE_PATH_PAINTABLE, /* the paintable's own snapshot, linear filtering */
  CRIA_IMAGE_PATH_NEAREST,   /* pixel-exact: texels magnified by nearest neighbour */
} CriaImagePath;

typedef struct
{
  double  x;
  double  y;
  double  radius;
  char   *label;
} CriaImageMark;

/* Where the frame sits in the view: frame (x, y) is at view (origin_x + x × scale,
 * origin_y + y × scale). The origin is on the device pixel grid. */
typedef struct
{
  int    frame_width;
  int    frame_height;
  double scale;
  double origin_x;
  double origin_y;
} CriaImageGeometry;

struct _CriaImageView
{
  GtkWidget     parent_instance;

  GdkPaintable *paintable;
  int           image_width;
  int           image_height;

  /* Fit, or a fixed scale with the frame point shown at the view's centre. */
  gboolean      fit;
  double        scale;
  double        centre_x;
  double        centre_y;

  gboolean      show_reticle;
  gboolean      selection_mode;
  gboolean      has_subframe;
  GdkRectangle  subframe;
  GArray       *marks; /* CriaImageMark */

  GtkGesture   *drag;
  gboolean      panning;
  double        pan_start_x;
  double        pan_start_y;
  gboolean      selecting;
  double        select_x0; /* frame coordinates */
  double        select_y0;
  double        select_x1;
  double        select_y1;
  double        select_view_x0; /* view coordinates, to ignore tiny drags */
  double        select_view_y0;
  double        select_view_x1;
  double        select_view_y1;

  gboolean      pinching;
  double        pinch_scale;
  double        pinch_frame_x;
  double        pinch_frame_y;

  gboolean      pointer_inside;
  double        pointer_view_x;
  double        pointer_view_y;
  int           pointer_frame_x;
  int           pointer_frame_y;

  /* The nearest-neighbour rendering of the visible part, reused while nothing moves. */
  GdkTexture   *nearest_source;
  GdkTexture   *nearest_texture;
  int           nearest_key[4];   /* device pixel bounds */
  double        nearest_mapping[4]; /* origin and device pixels per texel */
  int           nearest_factor;
  CriaImagePath last_path;
};

/* cria-image-view.c */
gboolean cria_image_view_get_geometry      (CriaImageView     *self,
                                            CriaImageGeometry *geometry);
gboolean cria_image_view_get_fit_scale     (CriaImageView     *self,
                                            double            *scale);
void     cria_image_view_get_view_centre   (CriaImageView     *self,
                                            double            *frame_x,
                                            double            *frame_y);
void     cria_image_view_update_pointer    (CriaImageView     *self);
void     cria_image_view_update_cursor     (CriaImageView     *self);
void     cria_image_view_place             (CriaImageView     *self,
                                            double             scale,
                                            double             frame_x,
                                            double             frame_y,
                                            double             view_x,
                                            double             view_y);
void     cria_image_view_set_fit           (CriaImageView     *self);
void     cria_image_view_zoom_to           (CriaImageView     *self,
                                            double             scale,
                                            double             view_x,
                                            double             view_y);
double   cria_image_view_step_scale        (double             scale,
                                            int                steps,
                                            int                per_octave);
void     cria_image_view_emit_subframe_selected (CriaImageView      *self,
                                                 const GdkRectangle *rect);

/* cria-image-view-input.c: gestures, keys and actions. */
void     cria_image_view_class_init_input  (GtkWidgetClass    *widget_class);
void     cria_image_view_init_input        (CriaImageView     *self);

/* cria-image-view-draw.c */
void     cria_image_view_snapshot_contents (CriaImageView     *self,
                                            GtkSnapshot       *snapshot);
void     cria_image_view_clear_cache       (CriaImageView     *self);

/* cria-image-view-input.c: the selection a drag draws, for the gesture and for tests;
 * view coordinates. */
void     cria_image_view_selection_begin   (CriaImageView     *self,
                                            double             view_x,
                                            double             view_y);
void     cria_image_view_selection_update  (CriaImageView     *self,
                                            double             view_x,
                                            double             view_y);
/* Emits "subframe-selected" and returns TRUE unless the drag was tiny or outside. */
gboolean cria_image_view_selection_end     (CriaImageView     *self);
gboolean cria_image_view_selection_cancel  (CriaImageView     *self);
/* The frame rectangle (clamped, whole pixels) between two frame points. */
gboolean cria_image_view_selection_rect    (CriaImageView     *self,
                                            GdkRectangle      *rect);

CriaImagePath cria_image_view_get_last_path (CriaImageView *self);

G_END_DECLS
