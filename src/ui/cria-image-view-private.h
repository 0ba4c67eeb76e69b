/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-image-view.h"

G_BEGIN_DECLS

/* The renderer path used for the last image drawn, for tests. */
typedef enum
{
  CRIA_IMAGE_PATH_NONE,
  CRIA_IMAGE_PATH_PAINTABLE, /* the paintable's own snapshot, linear filtering */
  CRIA_IMAGE_PATH_NEAREST,   /* nearest-neighbour pixels of the visible part */
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
  double        nearest_scale[4]; /* origin and display scale */
  int           nearest_factor;
  CriaImagePath last_path;
};

gboolean cria_image_view_get_geometry      (CriaImageView     *self,
                                            CriaImageGeometry *geometry);
void     cria_image_view_snapshot_contents (CriaImageView     *self,
                                            GtkSnapshot       *snapshot);
void     cria_image_view_clear_cache       (CriaImageView     *self);

/* The selection a drag draws, for the gesture and for tests; view coordinates. */
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
