/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cria-image-view-private.h"

/* Overlays are thin lines over a darker halo, so that they read on a black sky and on
 * a bright flat alike. Colours from the GNOME palette, tuned for a dark background. */
static const GdkRGBA background_colour = { 0.09, 0.09, 0.10, 1.0 };
static const GdkRGBA halo_colour = { 0.0, 0.0, 0.0, 0.5 };
static const GdkRGBA reticle_colour = { 0.965, 0.380, 0.318, 0.7 };   /* red 1 */
static const GdkRGBA subframe_colour = { 0.973, 0.894, 0.361, 0.9 };  /* yellow 2 */
static const GdkRGBA outside_colour = { 0.0, 0.0, 0.0, 0.45 };
static const GdkRGBA band_colour = { 0.471, 0.682, 0.929, 1.0 };     /* blue 1 */
static const GdkRGBA band_fill_colour = { 0.471, 0.682, 0.929, 0.15 };
static const GdkRGBA mark_colour = { 0.561, 0.941, 0.643, 0.95 };    /* green 1 */
static const GdkRGBA label_back_colour = { 0.0, 0.0, 0.0, 0.6 };
static const GdkRGBA focus_colour = { 0.471, 0.682, 0.929, 0.6 };
static const GdkRGBA edge_colour = { 1.0, 1.0, 1.0, 0.12 };

/* Pass 0 draws halos, pass 1 the lines, so that no halo covers a line. */
enum { PASS_HALO, PASS_LINE };

static void
bar (GtkSnapshot   *snapshot,
     int            pass,
     const GdkRGBA *colour,
     double         x,
     double         y,
     double         width,
     double         height)
{
  if (pass == PASS_HALO)
    gtk_snapshot_append_color (snapshot, &halo_colour,
                               &GRAPHENE_RECT_INIT (x - 1, y - 1, width + 2, height + 2));
  else
    gtk_snapshot_append_color (snapshot, colour, &GRAPHENE_RECT_INIT (x, y, width, height));
}

/* A rectangle's outline, 1 px inside (x, y, width, height). */
static void
outline (GtkSnapshot   *snapshot,
         int            pass,
         const GdkRGBA *colour,
         double         x,
         double         y,
         double         width,
         double         height)
{
  x = round (x);
  y = round (y);
  width = MAX (round (width), 2);
  height = MAX (round (height), 2);
  bar (snapshot, pass, colour, x, y, width, 1);
  bar (snapshot, pass, colour, x, y + height - 1, width, 1);
  bar (snapshot, pass, colour, x, y + 1, 1, height - 2);
  bar (snapshot, pass, colour, x + width - 1, y + 1, 1, height - 2);
}

static void
ring (GtkSnapshot   *snapshot,
      int            pass,
      const GdkRGBA *colour,
      double         centre_x,
      double         centre_y,
      double         radius)
{
  GskRoundedRect circle;
  const GdkRGBA *c = pass == PASS_HALO ? &halo_colour : colour;
  float width = pass == PASS_HALO ? 3 : 1;
  double r = radius + (pass == PASS_HALO ? 1 : 0);
  GdkRGBA colours[4] = { *c, *c, *c, *c };
  float widths[4] = { width, width, width, width };

  gsk_rounded_rect_init_from_rect (&circle, &GRAPHENE_RECT_INIT (centre_x - r, centre_y - r, 2 * r, 2 * r), r);
  gtk_snapshot_append_border (snapshot, &circle, widths, colours);
}

/* A small label on a dark rounded plate, with (x, y) its top left corner. */
static void
label (CriaImageView *self,
       GtkSnapshot   *snapshot,
       const char    *text,
       const GdkRGBA *colour,
       double         x,
       double         y)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attributes = pango_attr_list_new ();
  GskRoundedRect plate;
  int width, height;

  pango_attr_list_insert (attributes, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_attr_list_insert (attributes, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attributes);
  pango_attr_list_unref (attributes);
  pango_layout_get_pixel_size (layout, &width, &height);

  x = round (x);
  y = round (y);
  gsk_rounded_rect_init_from_rect (&plate, &GRAPHENE_RECT_INIT (x, y, width + 8, height + 2), 4);
  gtk_snapshot_push_rounded_clip (snapshot, &plate);
  gtk_snapshot_append_color (snapshot, &label_back_colour, &plate.bounds);
  gtk_snapshot_pop (snapshot);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x + 4, y + 1));
  gtk_snapshot_append_layout (snapshot, layout, colour);
  gtk_snapshot_restore (snapshot);
}

/* The image */

static guint32 *
download_region (CriaImageView *self,
                 GdkTexture    *texture,
                 int            x,
                 int            y,
                 int            width,
                 int            height)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GskRenderer *renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) region = NULL;
  guint32 *pixels;

  if (renderer == NULL || !gsk_renderer_is_realized (renderer))
    return NULL;
  /* Drawn at 1:1, so the renderer's linear filter has nothing to blend; the renderer
   * copies only the region, whatever the texture's size and kind. */
  node = gsk_texture_node_new (texture, &GRAPHENE_RECT_INIT (-x, -y, gdk_texture_get_width (texture),
                                                             gdk_texture_get_height (texture)));
  region = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (region == NULL)
    return NULL;
  pixels = g_new (guint32, (gsize) width * height);
  gdk_texture_download (region, (guchar *) pixels, (gsize) width * 4);
  return pixels;
}

/* Draws a texture magnified with nearest-neighbour sampling. GTK 4.8 filters every
 * scaled texture linearly (GskTextureScaleNode and gtk_snapshot_append_scaled_texture
 * came in 4.10), so only the visible texels are fetched and magnified here, into a
 * texture the size of the view in device pixels that the renderer draws unscaled. */
static gboolean
snapshot_nearest (CriaImageView           *self,
                  GtkSnapshot             *snapshot,
                  GdkTexture              *texture,
                  const CriaImageGeometry *geometry)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int factor = gtk_widget_get_scale_factor (widget);
  int texture_width = gdk_texture_get_width (texture);
  int texture_height = gdk_texture_get_height (texture);
  /* In device pixels: the image origin and device pixels per texel. */
  double origin_x = geometry->origin_x * factor;
  double origin_y = geometry->origin_y * factor;
  double per_texel_x = geometry->frame_width * geometry->scale * factor / texture_width;
  double per_texel_y = geometry->frame_height * geometry->scale * factor / texture_height;
  double key[4] = { origin_x, origin_y, per_texel_x, per_texel_y };
  int x0, y0, x1, y1, u0, v0, u1, v1, width, height, region_width;
  g_autofree guint32 *region = NULL;
  g_autofree int *columns = NULL;
  guint32 *out;
  int previous_v = -1;
  GBytes *bytes;

  /* One texel per device pixel on the pixel grid: the plain texture is already exact,
   * and the common 1:1 case costs no copy. */
  if (per_texel_x == 1.0 && per_texel_y == 1.0)
    {
      gtk_snapshot_append_texture (snapshot, texture,
                                   &GRAPHENE_RECT_INIT (geometry->origin_x, geometry->origin_y,
                                                        (double) texture_width / factor,
                                                        (double) texture_height / factor));
      return TRUE;
    }

  x0 = MAX (0, (int) round (origin_x));
  y0 = MAX (0, (int) round (origin_y));
  x1 = MIN (gtk_widget_get_width (widget) * factor, (int) round (origin_x + texture_width * per_texel_x));
  y1 = MIN (gtk_widget_get_height (widget) * factor, (int) round (origin_y + texture_height * per_texel_y));
  if (x1 <= x0 || y1 <= y0)
    return TRUE;
  width = x1 - x0;
  height = y1 - y0;

  if (self->nearest_source != texture || self->nearest_factor != factor
      || self->nearest_key[0] != x0 || self->nearest_key[1] != y0
      || self->nearest_key[2] != x1 || self->nearest_key[3] != y1
      || memcmp (self->nearest_mapping, key, sizeof key) != 0)
    {
      /* The texels under the centres of the first and last device pixels. */
      u0 = CLAMP ((int) floor ((x0 + 0.5 - origin_x) / per_texel_x), 0, texture_width - 1);
      v0 = CLAMP ((int) floor ((y0 + 0.5 - origin_y) / per_texel_y), 0, texture_height - 1);
      u1 = CLAMP ((int) floor ((x1 - 0.5 - origin_x) / per_texel_x), u0, texture_width - 1) + 1;
      v1 = CLAMP ((int) floor ((y1 - 0.5 - origin_y) / per_texel_y), v0, texture_height - 1) + 1;
      region_width = u1 - u0;
      region = download_region (self, texture, u0, v0, region_width, v1 - v0);
      if (region == NULL)
        return FALSE;

      columns = g_new (int, width);
      for (int c = 0; c < width; c++)
        columns[c] = CLAMP ((int) floor ((x0 + c + 0.5 - origin_x) / per_texel_x), u0, u1 - 1) - u0;
      out = g_new (guint32, (gsize) width * height);
      for (int r = 0; r < height; r++)
        {
          int v = CLAMP ((int) floor ((y0 + r + 0.5 - origin_y) / per_texel_y), v0, v1 - 1) - v0;
          guint32 *row = out + (gsize) r * width;
          const guint32 *source = region + (gsize) v * region_width;

          if (v == previous_v)
            memcpy (row, row - width, width * sizeof (guint32));
          else
            for (int c = 0; c < width; c++)
              row[c] = source[columns[c]];
          previous_v = v;
        }
      bytes = g_bytes_new_take (out, (gsize) width * height * sizeof (guint32));
      g_clear_object (&self->nearest_texture);
      /* gdk_texture_download () writes GDK_MEMORY_DEFAULT, cairo's ARGB32. */
      self->nearest_texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes,
                                                      (gsize) width * sizeof (guint32));
      g_bytes_unref (bytes);
      g_set_object (&self->nearest_source, texture);
      self->nearest_factor = factor;
      self->nearest_key[0] = x0;
      self->nearest_key[1] = y0;
      self->nearest_key[2] = x1;
      self->nearest_key[3] = y1;
      memcpy (self->nearest_mapping, key, sizeof key);
    }

  gtk_snapshot_append_texture (snapshot, self->nearest_texture,
                               &GRAPHENE_RECT_INIT ((double) x0 / factor, (double) y0 / factor,
                                                    (double) width / factor, (double) height / factor));
  return TRUE;
}

void
cria_image_view_clear_cache (CriaImageView *self)
{
  g_clear_object (&self->nearest_source);
  g_clear_object (&self->nearest_texture);
}

static void
snapshot_image (CriaImageView           *self,
                GtkSnapshot             *snapshot,
                const CriaImageGeometry *geometry)
{
  double width = geometry->frame_width * geometry->scale;
  double height = geometry->frame_height * geometry->scale;
  double magnification = MIN (width / gdk_paintable_get_intrinsic_width (self->paintable),
                              height / gdk_paintable_get_intrinsic_height (self->paintable));
  g_autoptr(GdkPaintable) image = NULL;

  /* Textures, such as every frame of the live view, can be drawn pixel-exact. */
  image = gdk_paintable_get_current_image (self->paintable);
  if (GDK_IS_TEXTURE (image))
    {
#if GTK_CHECK_VERSION (4, 10, 0)
#if GDK_VERSION_MAX_ALLOWED >= GDK_VERSION_4_10
      /* With the API floor raised to 4.10, GSK does both filters itself; trilinear
       * keeps faint stars from vanishing when a large frame is shrunk. */
      gtk_snapshot_append_scaled_texture (snapshot, GDK_TEXTURE (image),
                                          magnification >= 1.0 ? GSK_SCALING_FILTER_NEAREST
                                                               : GSK_SCALING_FILTER_TRILINEAR,
                                          &GRAPHENE_RECT_INIT (geometry->origin_x, geometry->origin_y,
                                                               width, height));
      self->last_path = magnification >= 1.0 ? CRIA_IMAGE_PATH_NEAREST : CRIA_IMAGE_PATH_PAINTABLE;
      return;
#endif
#endif
      if (magnification >= 1.0 && snapshot_nearest (self, snapshot, GDK_TEXTURE (image), geometry))
        {
          self->last_path = CRIA_IMAGE_PATH_NEAREST;
          return;
        }
    }

  /* Any other paintable draws itself, linearly filtered. */
  cria_image_view_clear_cache (self);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (geometry->origin_x, geometry->origin_y));
  gdk_paintable_snapshot (self->paintable, snapshot, width, height);
  gtk_snapshot_restore (snapshot);
  self->last_path = CRIA_IMAGE_PATH_PAINTABLE;
}

/* Overlays */

/* A faint line around the frame, so that its edge shows against the background even
 * where the sky is as dark. */
static void
snapshot_edge (GtkSnapshot             *snapshot,
               const CriaImageGeometry *geometry)
{
  GskRoundedRect edge;
  GdkRGBA colours[4] = { edge_colour, edge_colour, edge_colour, edge_colour };
  float widths[4] = { 1, 1, 1, 1 };

  gsk_rounded_rect_init_from_rect (&edge,
                                   &GRAPHENE_RECT_INIT (geometry->origin_x - 1, geometry->origin_y - 1,
                                                        geometry->frame_width * geometry->scale + 2,
                                                        geometry->frame_height * geometry->scale + 2),
                                   0);
  gtk_snapshot_append_border (snapshot, &edge, widths, colours);
}

static void
snapshot_subframe (CriaImageView           *self,
                   GtkSnapshot             *snapshot,
                   const CriaImageGeometry *geometry)
{
  double s = geometry->scale;
  double left = geometry->origin_x, top = geometry->origin_y;
  double right = left + geometry->frame_width * s, bottom = top + geometry->frame_height * s;
  double x0 = round (left + self->subframe.x * s);
  double y0 = round (top + self->subframe.y * s);
  double x1 = round (left + (self->subframe.x + self->subframe.width) * s);
  double y1 = round (top + (self->subframe.y + self->subframe.height) * s);

  /* What the camera would not read out is dimmed. */
  x0 = CLAMP (x0, left, right);
  x1 = CLAMP (x1, x0, right);
  y0 = CLAMP (y0, top, bottom);
  y1 = CLAMP (y1, y0, bottom);
  gtk_snapshot_append_color (snapshot, &outside_colour, &GRAPHENE_RECT_INIT (left, top, right - left, y0 - top));
  gtk_snapshot_append_color (snapshot, &outside_colour, &GRAPHENE_RECT_INIT (left, y1, right - left, bottom - y1));
  gtk_snapshot_append_color (snapshot, &outside_colour, &GRAPHENE_RECT_INIT (left, y0, x0 - left, y1 - y0));
  gtk_snapshot_append_color (snapshot, &outside_colour, &GRAPHENE_RECT_INIT (x1, y0, right - x1, y1 - y0));
  for (int pass = PASS_HALO; pass <= PASS_LINE; pass++)
    outline (snapshot, pass, &subframe_colour, x0, y0, x1 - x0, y1 - y0);
}

static void
snapshot_reticle (CriaImageView           *self,
                  GtkSnapshot             *snapshot,
                  const CriaImageGeometry *geometry)
{
  double s = geometry->scale;
  double left = geometry->origin_x, top = geometry->origin_y;
  double right = left + geometry->frame_width * s, bottom = top + geometry->frame_height * s;
  double x = floor (left + geometry->frame_width * s / 2);
  double y = floor (top + geometry->frame_height * s / 2);
  double inner = MAX (8, MIN (geometry->frame_width, geometry->frame_height) * s * 0.06);
  double outer = MAX (24, MIN (geometry->frame_width, geometry->frame_height) * s * 0.2);
  /* The cross stops short of the centre, to leave the star there in view. */
  double gap = inner * 0.5;

  left = MAX (left, 0);
  top = MAX (top, 0);
  right = MIN (right, gtk_widget_get_width (GTK_WIDGET (self)));
  bottom = MIN (bottom, gtk_widget_get_height (GTK_WIDGET (self)));
  for (int pass = PASS_HALO; pass <= PASS_LINE; pass++)
    {
      if (x - gap > left)
        bar (snapshot, pass, &reticle_colour, left, y, x - gap - left, 1);
      if (right > x + gap + 1)
        bar (snapshot, pass, &reticle_colour, x + gap + 1, y, right - x - gap - 1, 1);
      if (y - gap > top)
        bar (snapshot, pass, &reticle_colour, x, top, 1, y - gap - top);
      if (bottom > y + gap + 1)
        bar (snapshot, pass, &reticle_colour, x, y + gap + 1, 1, bottom - y - gap - 1);
      ring (snapshot, pass, &reticle_colour, x + 0.5, y + 0.5, inner);
      ring (snapshot, pass, &reticle_colour, x + 0.5, y + 0.5, outer);
    }
}

static void
snapshot_marks (CriaImageView           *self,
                GtkSnapshot             *snapshot,
                const CriaImageGeometry *geometry)
{
  double s = geometry->scale;

  for (int pass = PASS_HALO; pass <= PASS_LINE; pass++)
    for (guint i = 0; i < self->marks->len; i++)
      {
        const CriaImageMark *mark = &g_array_index (self->marks, CriaImageMark, i);

        ring (snapshot, pass, &mark_colour, geometry->origin_x + mark->x * s,
              geometry->origin_y + mark->y * s, MAX (6, mark->radius * s));
      }
  for (guint i = 0; i < self->marks->len; i++)
    {
      const CriaImageMark *mark = &g_array_index (self->marks, CriaImageMark, i);
      double r = MAX (6, mark->radius * s);

      if (mark->label != NULL && *mark->label != '\0')
        label (self, snapshot, mark->label, &mark_colour,
               geometry->origin_x + mark->x * s + r * 0.72 + 2,
               geometry->origin_y + mark->y * s - r * 0.72 - 14);
    }
}

static void
snapshot_selection (CriaImageView           *self,
                    GtkSnapshot             *snapshot,
                    const CriaImageGeometry *geometry)
{
  double s = geometry->scale;
  GdkRectangle rect;
  double x, y, width, height;
  g_autofree char *size = NULL;

  if (!cria_image_view_selection_rect (self, &rect))
    return;
  x = round (geometry->origin_x + rect.x * s);
  y = round (geometry->origin_y + rect.y * s);
  width = round (rect.width * s);
  height = round (rect.height * s);
  gtk_snapshot_append_color (snapshot, &band_fill_colour, &GRAPHENE_RECT_INIT (x, y, width, height));
  for (int pass = PASS_HALO; pass <= PASS_LINE; pass++)
    outline (snapshot, pass, &band_colour, x, y, width, height);

  /* The size being drawn, in frame pixels, under the rectangle's corner. */
  size = g_strdup_printf ("%d × %d", rect.width, rect.height);
  label (self, snapshot, size, &band_colour, x + width - 4, y + height + 4);
}

void
cria_image_view_snapshot_contents (CriaImageView *self,
                                   GtkSnapshot   *snapshot)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  CriaImageGeometry geometry;

  gtk_snapshot_append_color (snapshot, &background_colour, &GRAPHENE_RECT_INIT (0, 0, width, height));
  self->last_path = CRIA_IMAGE_PATH_NONE;
  if (cria_image_view_get_geometry (self, &geometry))
    {
      gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
      snapshot_image (self, snapshot, &geometry);
      snapshot_edge (snapshot, &geometry);
      if (self->has_subframe)
        snapshot_subframe (self, snapshot, &geometry);
      if (self->show_reticle)
        snapshot_reticle (self, snapshot, &geometry);
      snapshot_marks (self, snapshot, &geometry);
      if (self->selecting)
        snapshot_selection (self, snapshot, &geometry);
      gtk_snapshot_pop (snapshot);
    }

  if (gtk_widget_has_visible_focus (widget))
    {
      GskRoundedRect ring_rect;
      GdkRGBA colours[4] = { focus_colour, focus_colour, focus_colour, focus_colour };
      float widths[4] = { 2, 2, 2, 2 };

      gsk_rounded_rect_init_from_rect (&ring_rect, &GRAPHENE_RECT_INIT (0, 0, width, height), 0);
      gtk_snapshot_append_border (snapshot, &ring_rect, widths, colours);
    }
}
