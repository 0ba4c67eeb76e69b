/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-image-view"

#include <check.h>
#include <math.h>

#include "cria-histogram-view.h"
#include "cria-image-view-private.h"
#include "cria-paintable.h"

#define VIEW_WIDTH  600
#define VIEW_HEIGHT 500

/* A 400 × 300 RGB gradient: red grows to the right, green downwards. */
static GdkTexture *
gradient_texture (int width,
                  int height)
{
  g_autoptr(GBytes) bytes = NULL;
  guint8 *data = g_malloc ((gsize) width * height * 3);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = data + ((gsize) y * width + x) * 3;

        p[0] = x * 255 / MAX (width - 1, 1);
        p[1] = y * 255 / MAX (height - 1, 1);
        p[2] = 128;
      }
  bytes = g_bytes_new_take (data, (gsize) width * height * 3);
  return gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8, bytes, (gsize) width * 3);
}

/* One-pixel black and white checks: any blending between texels shows as grey. */
static GdkTexture *
checker_texture (int width,
                 int height)
{
  g_autoptr(GBytes) bytes = NULL;
  guint8 *data = g_malloc ((gsize) width * height * 3);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      memset (data + ((gsize) y * width + x) * 3, ((x + y) & 1) ? 255 : 0, 3);
  bytes = g_bytes_new_take (data, (gsize) width * height * 3);
  return gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8, bytes, (gsize) width * 3);
}

static void
iterate_until (gboolean   (*done) (GtkWidget *),
               GtkWidget   *widget,
               const char  *what)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (widget))
    {
      ck_assert_msg (g_get_monotonic_time () < end, "timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
allocated (GtkWidget *widget)
{
  return gtk_widget_get_width (widget) == VIEW_WIDTH && gtk_widget_get_height (widget) == VIEW_HEIGHT;
}

static gboolean
drawn (GtkWidget *widget)
{
  return cria_image_view_get_last_path (CRIA_IMAGE_VIEW (widget)) != CRIA_IMAGE_PATH_NONE;
}

/* A window showing a view of VIEW_WIDTH × VIEW_HEIGHT. */
static CriaImageView *
show_view (GdkPaintable *paintable,
           GtkWidget   **window)
{
  GtkWidget *view = cria_image_view_new ();

  *window = gtk_window_new ();
  cria_image_view_set_paintable (CRIA_IMAGE_VIEW (view), paintable);
  gtk_window_set_default_size (GTK_WINDOW (*window), VIEW_WIDTH, VIEW_HEIGHT);
  gtk_window_set_child (GTK_WINDOW (*window), view);
  gtk_window_present (GTK_WINDOW (*window));
  iterate_until (allocated, view, "the view's allocation");
  return CRIA_IMAGE_VIEW (view);
}

/* What the widget draws, rendered by the window's renderer: B, G, R, A per pixel. */
static guint8 *
render (GtkWidget *widget)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  guint8 *pixels;

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  ck_assert (node != NULL);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  return pixels;
}

static void
assert_near (double actual,
             double expected,
             double tolerance,
             const char *what)
{
  ck_assert_msg (fabs (actual - expected) <= tolerance, "%s: %g, expected %g", what, actual, expected);
}

/* Zoom */

START_TEST (test_zoom_levels)
{
  g_autoptr(GdkTexture) texture = gradient_texture (400, 300);
  GtkWidget *window;
  CriaImageView *view = show_view (GDK_PAINTABLE (texture), &window);
  double fx, fy, vx, vy;

  /* 600 × 500 around 400 × 300: the width limits. */
  ck_assert_int_eq (cria_image_view_get_zoom (view), CRIA_ZOOM_FIT);
  assert_near (cria_image_view_get_scale (view), 1.5, 1e-9, "fit scale");

  gtk_widget_activate_action (GTK_WIDGET (view), "view.zoom-1", NULL);
  ck_assert_int_eq (cria_image_view_get_zoom (view), CRIA_ZOOM_1);
  assert_near (cria_image_view_get_scale (view), 1.0, 0, "1:1");
  gtk_widget_activate_action (GTK_WIDGET (view), "view.zoom-2", NULL);
  ck_assert_int_eq (cria_image_view_get_zoom (view), CRIA_ZOOM_2);
  assert_near (cria_image_view_get_scale (view), 2.0, 0, "2:1");
  gtk_widget_activate_action (GTK_WIDGET (view), "view.zoom-4", NULL);
  ck_assert_int_eq (cria_image_view_get_zoom (view), CRIA_ZOOM_4);
  assert_near (cria_image_view_get_scale (view), 4.0, 0, "4:1");
  gtk_widget_activate_action (GTK_WIDGET (view), "view.zoom-fit", NULL);
  ck_assert_int_eq (cria_image_view_get_zoom (view), CRIA_ZOOM_FIT);
  assert_near (cria_image_view_get_scale (view), 1.5, 1e-9, "back to fit");

  /* Keyboard steps land on the √2 grid, so on 2:1; zooming out below fit is fit. */
  gtk_widget_activate_action (GTK_WIDGET (view), "view.zoom-in", NULL);
  assert_near (cria_image_view_get_scale (view), 2.0, 1e-9, "zoom in from fit");
  gtk_widget_activate_action (GTK_WIDGET (view), "view.zoom-in", NULL);
  assert_near (cria_image_view_get_scale (view), M_SQRT2 * 2, 1e-9, "zoom in again");
  ck_assert_int_eq (cria_image_view_get_zoom (view), CRIA_ZOOM_CUSTOM);
  gtk_widget_activate_action (GTK_WIDGET (view), "view.zoom-out", NULL);
  gtk_widget_activate_action (GTK_WIDGET (view), "view.zoom-out", NULL);
  ck_assert_int_eq (cria_image_view_get_zoom (view), CRIA_ZOOM_FIT);

  /* The wheel's zoom keeps the frame point under the pointer. */
  ck_assert (cria_image_view_view_to_frame (view, 150, 100, &fx, &fy));
  cria_image_view_zoom_at (view, 2.0, 150, 100);
  assert_near (cria_image_view_get_scale (view), 3.0, 1e-9, "zoom at");
  ck_assert (cria_image_view_frame_to_view (view, fx, fy, &vx, &vy));
  assert_near (vx, 150, 0.5, "pointer x after zoom");
  assert_near (vy, 100, 0.5, "pointer y after zoom");

  /* Limits, and the property. */
  cria_image_view_set_scale (view, 100);
  assert_near (cria_image_view_get_scale (view), CRIA_IMAGE_VIEW_MAX_SCALE, 0, "max");
  g_object_set (view, "scale", 0.001, NULL);
  assert_near (cria_image_view_get_scale (view), CRIA_IMAGE_VIEW_MIN_SCALE, 0, "min");
  g_object_set (view, "zoom", CRIA_ZOOM_2, NULL);
  assert_near (cria_image_view_get_scale (view), 2.0, 0, "zoom property");

  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

static guint
step_count (double from,
            int    steps)
{
  return (guint) round (4 * log2 (cria_image_view_step_scale (from, steps, 4)));
}

START_TEST (test_wheel_steps)
{
  /* Wheel clicks step by 2^(1/4) on a fixed grid, from anywhere. */
  ck_assert_uint_eq (step_count (1.0, 1), 1);
  ck_assert_uint_eq (step_count (1.0, 4), 4);
  ck_assert_uint_eq (step_count (1.1, 1), 1);
  ck_assert_uint_eq (step_count (1.1, -1), 0);
  assert_near (cria_image_view_step_scale (0.3, 2, 4), exp2 (-5 / 4.0), 1e-12, "up from 0.3");
}
END_TEST

/* Mapping */

START_TEST (test_fit_centres)
{
  g_autoptr(GdkTexture) texture = gradient_texture (400, 300);
  GtkWidget *window;
  CriaImageView *view = show_view (GDK_PAINTABLE (texture), &window);
  double x, y;

  /* 600 × 450 on 600 × 500: 25 px above and below. */
  ck_assert (cria_image_view_frame_to_view (view, 200, 150, &x, &y));
  assert_near (x, 300, 0.5, "centre x");
  assert_near (y, 250, 0.5, "centre y");
  ck_assert (cria_image_view_frame_to_view (view, 0, 0, &x, &y));
  assert_near (x, 0, 0.5, "left");
  assert_near (y, 25, 0.5, "top");
  ck_assert (cria_image_view_frame_to_view (view, 400, 300, &x, &y));
  assert_near (x, 600, 0.5, "right");
  assert_near (y, 475, 0.5, "bottom");

  ck_assert (cria_image_view_view_to_frame (view, 150, 100, &x, &y));
  assert_near (x, 100, 1e-9, "frame x");
  assert_near (y, 50, 1e-9, "frame y");
  /* The band above the image is off the frame. */
  ck_assert (!cria_image_view_view_to_frame (view, 300, 10, &x, &y));
  ck_assert (y < 0);

  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

START_TEST (test_mapping_after_pan)
{
  g_autoptr(GdkTexture) texture = gradient_texture (400, 300);
  GtkWidget *window;
  CriaImageView *view = show_view (GDK_PAINTABLE (texture), &window);
  double x, y;

  /* Fit pans nothing. */
  cria_image_view_pan (view, -100, -100);
  ck_assert (cria_image_view_view_to_frame (view, 300, 250, &x, &y));
  assert_near (x, 200, 1e-9, "fit x");

  cria_image_view_set_zoom (view, CRIA_ZOOM_2);
  ck_assert (cria_image_view_view_to_frame (view, 300, 250, &x, &y));
  assert_near (x, 200, 1e-9, "2:1 keeps the centre x");
  assert_near (y, 150, 1e-9, "2:1 keeps the centre y");

  /* Moving the image left and up by 60 and 40 view pixels: 30 and 20 frame pixels. */
  cria_image_view_pan (view, -60, -40);
  ck_assert (cria_image_view_view_to_frame (view, 300, 250, &x, &y));
  assert_near (x, 230, 1e-9, "panned x");
  assert_near (y, 170, 1e-9, "panned y");
  ck_assert (cria_image_view_view_to_frame (view, 10, 20, &x, &y));
  assert_near (x, 230 - 145, 1e-9, "corner x");
  assert_near (y, 170 - 115, 1e-9, "corner y");

  /* Far past the edge: the frame's corner stops at the view's corner. */
  cria_image_view_pan (view, -5000, -5000);
  ck_assert (cria_image_view_frame_to_view (view, 400, 300, &x, &y));
  assert_near (x, VIEW_WIDTH, 1e-9, "clamped right");
  assert_near (y, VIEW_HEIGHT, 1e-9, "clamped bottom");
  /* And back at once, with no slack to take up. */
  cria_image_view_pan (view, 20, 0);
  ck_assert (cria_image_view_frame_to_view (view, 400, 300, &x, &y));
  assert_near (x, VIEW_WIDTH + 20, 1e-9, "no slack");

  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

START_TEST (test_superpixel_mapping)
{
  g_autoptr(GdkTexture) texture = gradient_texture (400, 300);
  GtkWidget *window;
  CriaImageView *view = show_view (GDK_PAINTABLE (texture), &window);
  const double points[][2] = { { 150, 100 }, { 300, 250 }, { 599, 470 } };
  double plain[3][2];
  int width, height;

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    cria_image_view_view_to_frame (view, points[i][0], points[i][1], &plain[i][0], &plain[i][1]);

  /* A half-size superpixel image of an 800 × 600 sensor frame. */
  g_object_set (view, "image-width", 800, "image-height", 600, NULL);
  cria_image_view_get_frame_size (view, &width, &height);
  ck_assert_int_eq (width, 800);
  ck_assert_int_eq (height, 600);
  assert_near (cria_image_view_get_scale (view), 0.75, 1e-9, "fit scale of the frame");
  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      double x, y;

      cria_image_view_view_to_frame (view, points[i][0], points[i][1], &x, &y);
      assert_near (x, 2 * plain[i][0], 1e-9, "doubled x");
      assert_near (y, 2 * plain[i][1], 1e-9, "doubled y");
    }

  /* 1:1 is one view pixel per sensor pixel, so two per displayed pixel. */
  cria_image_view_set_zoom (view, CRIA_ZOOM_1);
  {
    double x0, x1;

    cria_image_view_view_to_frame (view, 100, 100, &x0, NULL);
    cria_image_view_view_to_frame (view, 101, 100, &x1, NULL);
    assert_near (x1 - x0, 1.0, 1e-9, "1:1 on the sensor");
  }

  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* Selection */

static void
subframe_selected_cb (CriaImageView *view,
                      int            x,
                      int            y,
                      int            width,
                      int            height,
                      GdkRectangle  *out)
{
  out->x = x;
  out->y = y;
  out->width = width;
  out->height = height;
}

START_TEST (test_selection)
{
  g_autoptr(GdkTexture) texture = gradient_texture (400, 300);
  GtkWidget *window;
  CriaImageView *view = show_view (GDK_PAINTABLE (texture), &window);
  GdkRectangle got = { -1, -1, -1, -1 };

  g_signal_connect (view, "subframe-selected", G_CALLBACK (subframe_selected_cb), &got);
  cria_image_view_set_selection_mode (view, TRUE);

  /* From frame (100, 50) to past the bottom right corner: clamped to the frame. */
  cria_image_view_selection_begin (view, 150, 100);
  cria_image_view_selection_update (view, 400, 300);
  cria_image_view_selection_update (view, 700, 600);
  ck_assert (cria_image_view_selection_end (view));
  ck_assert_int_eq (got.x, 100);
  ck_assert_int_eq (got.y, 50);
  ck_assert_int_eq (got.width, 300);
  ck_assert_int_eq (got.height, 250);

  /* Starting in the band above the image: clamped at the top. */
  cria_image_view_selection_begin (view, 0, 5);
  cria_image_view_selection_update (view, 151.2, 100.6);
  ck_assert (cria_image_view_selection_end (view));
  ck_assert_int_eq (got.x, 0);
  ck_assert_int_eq (got.y, 0);
  ck_assert_int_eq (got.width, 101);
  ck_assert_int_eq (got.height, 51);

  /* A tiny drag (a click), a cancelled one and one wholly off the frame select nothing. */
  got.x = -1;
  cria_image_view_selection_begin (view, 200, 200);
  cria_image_view_selection_update (view, 203, 240);
  ck_assert (!cria_image_view_selection_end (view));
  cria_image_view_selection_begin (view, 200, 200);
  cria_image_view_selection_update (view, 300, 300);
  ck_assert (cria_image_view_selection_cancel (view));
  ck_assert (!cria_image_view_selection_end (view));
  cria_image_view_selection_begin (view, 10, 2);
  cria_image_view_selection_update (view, 200, 20);
  ck_assert (!cria_image_view_selection_end (view));
  ck_assert_int_eq (got.x, -1);

  /* At 2:1 after a pan the rectangle is still in frame pixels. */
  cria_image_view_set_zoom (view, CRIA_ZOOM_2);
  cria_image_view_pan (view, -60, -40);
  cria_image_view_selection_begin (view, 300, 250);
  cria_image_view_selection_update (view, 340, 270);
  ck_assert (cria_image_view_selection_end (view));
  ck_assert_int_eq (got.x, 230);
  ck_assert_int_eq (got.y, 170);
  ck_assert_int_eq (got.width, 20);
  ck_assert_int_eq (got.height, 10);

  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

static void
pointer_moved_cb (CriaImageView *view,
                  int            x,
                  int            y,
                  int           *out)
{
  out[0] = x;
  out[1] = y;
  out[2]++;
}

START_TEST (test_pointer)
{
  g_autoptr(GdkTexture) texture = gradient_texture (400, 300);
  GtkWidget *window;
  CriaImageView *view = show_view (GDK_PAINTABLE (texture), &window);
  int got[3] = { 0, 0, 0 };
  int before;

  /* The real pointer may be over the window too: count only what each call emits. */
  g_signal_connect (view, "pointer-moved", G_CALLBACK (pointer_moved_cb), got);
  view->pointer_inside = TRUE;
  view->pointer_view_x = 151;
  view->pointer_view_y = 101;
  before = got[2];
  cria_image_view_update_pointer (view);
  ck_assert_int_eq (got[0], 100);
  ck_assert_int_eq (got[1], 50);
  ck_assert_int_eq (got[2], before + 1);
  /* The same pixel again is no news. */
  view->pointer_view_x = 151.4;
  cria_image_view_update_pointer (view);
  ck_assert_int_eq (got[2], before + 1);

  /* A zoom moves the image under a still pointer. */
  cria_image_view_set_zoom (view, CRIA_ZOOM_2);
  ck_assert_int_eq (got[2], before + 2);
  ck_assert_int_eq (got[0], (int) floor (200 + (151.4 - 300) / 2));
  ck_assert_int_eq (got[1], (int) floor (150 + (101 - 250) / 2.0));

  /* Off the image. */
  cria_image_view_set_zoom (view, CRIA_ZOOM_FIT);
  view->pointer_view_y = 10;
  cria_image_view_update_pointer (view);
  ck_assert_int_eq (got[0], -1);
  ck_assert_int_eq (got[1], -1);

  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* Drawing */

static void
assert_black_or_white (const guint8 *pixels,
                       int           stride,
                       int           x0,
                       int           y0,
                       int           x1,
                       int           y1)
{
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        const guint8 *p = pixels + (gsize) y * stride + x * 4;

        ck_assert_msg ((p[1] == 0 || p[1] == 255) && p[0] == p[1] && p[2] == p[1],
                       "blended pixel %d, %d, %d at %d, %d", p[0], p[1], p[2], x, y);
      }
}

START_TEST (test_pixel_exact)
{
  g_autoptr(GdkTexture) checker = checker_texture (128, 96);
  GtkWidget *window;
  CriaImageView *view = show_view (GDK_PAINTABLE (checker), &window);
  g_autofree guint8 *pixels = NULL;
  GdkTexture *cached;
  double fx, fy;

  /* Fit is 4.6875:1, not a whole number: nearest neighbour still. */
  pixels = render (GTK_WIDGET (view));
  assert_black_or_white (pixels, VIEW_WIDTH * 4, 0, 25, VIEW_WIDTH, VIEW_HEIGHT - 25);
  ck_assert_int_eq (cria_image_view_get_last_path (view), CRIA_IMAGE_PATH_NEAREST);
  g_clear_pointer (&pixels, g_free);

  /* 1:1 on the device pixel grid: the texture as it is. */
  cria_image_view_set_zoom (view, CRIA_ZOOM_1);
  pixels = render (GTK_WIDGET (view));
  assert_black_or_white (pixels, VIEW_WIDTH * 4, 236, 202, 236 + 128, 202 + 96);
  ck_assert_int_eq (pixels[(202 * VIEW_WIDTH + 236) * 4], 0);
  ck_assert_int_eq (pixels[(202 * VIEW_WIDTH + 237) * 4], 255);
  g_clear_pointer (&pixels, g_free);

  /* 4:1 after a pan, on a superpixel image: each view pixel shows its frame pixel's check. */
  g_object_set (view, "image-width", 256, "image-height", 192, NULL);
  cria_image_view_set_zoom (view, CRIA_ZOOM_4);
  cria_image_view_pan (view, -37, -21);
  pixels = render (GTK_WIDGET (view));
  ck_assert_int_eq (cria_image_view_get_last_path (view), CRIA_IMAGE_PATH_NEAREST);
  assert_black_or_white (pixels, VIEW_WIDTH * 4, 0, 0, VIEW_WIDTH, VIEW_HEIGHT);
  for (int y = 1; y < VIEW_HEIGHT; y += 37)
    for (int x = 1; x < VIEW_WIDTH; x += 41)
      {
        int texel_x, texel_y;

        cria_image_view_view_to_frame (view, x + 0.5, y + 0.5, &fx, &fy);
        texel_x = (int) floor (fx) / 2;
        texel_y = (int) floor (fy) / 2;
        ck_assert_int_eq (pixels[((gsize) y * VIEW_WIDTH + x) * 4 + 1],
                          ((texel_x + texel_y) & 1) ? 255 : 0);
      }

  /* Nothing moved: the magnified texture is reused. */
  cached = view->nearest_texture;
  g_clear_pointer (&pixels, g_free);
  pixels = render (GTK_WIDGET (view));
  ck_assert_ptr_eq (view->nearest_texture, cached);

  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* The 4.8 nearest-neighbour path fetches and magnifies the visible texels on every
 * new frame or move; its cost is reported, and bounded loosely. */
START_TEST (test_nearest_cost)
{
  g_autoptr(GdkTexture) texture = gradient_texture (3000, 2000);
  GtkWidget *window;
  CriaImageView *view = show_view (GDK_PAINTABLE (texture), &window);
  gint64 worst = 0, total = 0;

  cria_image_view_set_zoom (view, CRIA_ZOOM_2);
  g_free (render (GTK_WIDGET (view)));
  for (int i = 0; i < 5; i++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;
      gint64 start;

      cria_image_view_pan (view, 7, 3);
      start = g_get_monotonic_time ();
      GTK_WIDGET_GET_CLASS (GTK_WIDGET (view))->snapshot (GTK_WIDGET (view), snapshot);
      node = gtk_snapshot_free_to_node (snapshot);
      total += g_get_monotonic_time () - start;
      worst = MAX (worst, g_get_monotonic_time () - start);
      ck_assert_int_eq (cria_image_view_get_last_path (view), CRIA_IMAGE_PATH_NEAREST);
    }
  g_message ("nearest-neighbour snapshot of a %d × %d view at 2:1: mean %.2f ms, worst %.2f ms",
             VIEW_WIDTH, VIEW_HEIGHT, total / 5000.0, worst / 1000.0);
  ck_assert_int_lt (worst, 500 * 1000);

  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

START_TEST (test_linear_when_shrunk)
{
  g_autoptr(GdkTexture) texture = gradient_texture (1200, 1000);
  GtkWidget *window;
  CriaImageView *view = show_view (GDK_PAINTABLE (texture), &window);
  g_autofree guint8 *pixels = render (GTK_WIDGET (view));

  ck_assert_int_eq (cria_image_view_get_last_path (view), CRIA_IMAGE_PATH_PAINTABLE);
  /* Red grows to the right across the image. */
  ck_assert_int_lt (pixels[(250 * VIEW_WIDTH + 10) * 4 + 2], pixels[(250 * VIEW_WIDTH + 590) * 4 + 2]);

  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

static const guint8 *
pixel_at (const guint8 *pixels,
          int           x,
          int           y)
{
  return pixels + ((gsize) y * VIEW_WIDTH + x) * 4;
}

START_TEST (test_overlays_draw)
{
  g_autoptr(CriaPaintable) paintable = cria_paintable_new ();
  g_autoptr(GdkTexture) texture = gradient_texture (400, 300);
  g_autoptr(GdkTexture) next = checker_texture (400, 300);
  GtkWidget *window;
  CriaImageView *view;
  g_autofree guint8 *plain = NULL;
  g_autofree guint8 *dressed = NULL;
  GdkRectangle subframe = { 100, 75, 200, 150 };
  CriaImageAnnotation marks[] = { { 300, 100, 6, "2.4″" }, { 50, 250, 3, NULL } };
  const guint8 *p, *q;

  cria_paintable_set_texture (paintable, texture);
  view = show_view (GDK_PAINTABLE (paintable), &window);
  cria_image_view_set_zoom (view, CRIA_ZOOM_1);
  /* GTK itself draws the view into the window. */
  iterate_until (drawn, GTK_WIDGET (view), "the first draw");

  plain = render (GTK_WIDGET (view));
  cria_image_view_set_show_reticle (view, TRUE);
  cria_image_view_set_subframe (view, &subframe);
  cria_image_view_set_annotations (view, marks, G_N_ELEMENTS (marks));
  cria_image_view_set_selection_mode (view, TRUE);
  cria_image_view_selection_begin (view, 150, 150);
  cria_image_view_selection_update (view, 250, 200);
  dressed = render (GTK_WIDGET (view));

  /* At 1:1 the frame's 400 × 300 sits at (100, 100). Outside the subframe is dimmed,
   * inside is untouched. */
  p = pixel_at (plain, 480, 380);
  q = pixel_at (dressed, 480, 380);
  ck_assert_int_lt (q[1] + 20, p[1]);
  p = pixel_at (plain, 230, 300);
  q = pixel_at (dressed, 230, 300);
  ck_assert_int_eq (q[1], p[1]);
  /* The reticle's horizontal line through the frame's centre row is red. */
  q = pixel_at (dressed, 230, 250);
  ck_assert_int_gt (q[2], q[1] + 60);
  /* The background around the image is dark. */
  q = pixel_at (dressed, 50, 50);
  ck_assert_int_lt (q[0] + q[1] + q[2], 3 * 40);

  /* A new texture in the paintable is drawn without a call to the view. */
  cria_paintable_set_texture (paintable, next);
  g_clear_pointer (&dressed, g_free);
  dressed = render (GTK_WIDGET (view));
  q = pixel_at (dressed, 230, 300);
  ck_assert_int_eq (q[1], 0);
  q = pixel_at (dressed, 231, 300);
  ck_assert_int_eq (q[1], 255);

  cria_image_view_set_annotations (view, NULL, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* Histogram */

static void
fill_counts (guint32 *counts,
             guint    n_bins,
             double   centre,
             double   width,
             double   peak)
{
  for (guint b = 0; b < n_bins; b++)
    {
      double x = (b + 0.5) / n_bins - centre;

      counts[b] = (guint32) (peak * exp (-x * x / (2 * width * width)));
    }
}

static void
stretch_changed_cb (CriaHistogramView *view,
                    double             black,
                    double             midtone,
                    double             white,
                    double            *out)
{
  out[0] = black;
  out[1] = midtone;
  out[2] = white;
  out[3]++;
}

static double
mean_render_ms (GtkWidget *widget)
{
  gint64 start = g_get_monotonic_time ();

  for (int i = 0; i < 10; i++)
    g_free (render (widget));
  return (g_get_monotonic_time () - start) / 10000.0;
}

static gboolean
histogram_allocated (GtkWidget *widget)
{
  return gtk_widget_get_width (widget) == 400 && gtk_widget_get_height (widget) == 100;
}

START_TEST (test_histogram)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *widget = cria_histogram_view_new ();
  CriaHistogramView *view = CRIA_HISTOGRAM_VIEW (widget);
  g_autofree guint32 *storage = g_new0 (guint32, 3 * 1024);
  const guint32 *counts[3] = { storage, storage + 1024, storage + 2048 };
  CriaStretchParams params;
  double got[4] = { 0, 0, 0, 0 };
  double middle;
  gint64 start, built, rendered;

  gtk_window_set_default_size (GTK_WINDOW (window), 400, 100);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  iterate_until (histogram_allocated, widget, "the histogram's allocation");

  fill_counts (storage, 1024, 0.10, 0.02, 90000);
  fill_counts (storage + 1024, 1024, 0.12, 0.02, 120000);
  fill_counts (storage + 2048, 1024, 0.15, 0.03, 60000);
  storage[1023] = 4000000; /* saturated stars */
  cria_histogram_view_set_counts (view, 3, counts, 1024);
  cria_histogram_view_set_log_scale (view, TRUE);
  cria_stretch_params_set_manual (&params, 0.1, 0.5, 0.9);
  cria_histogram_view_set_stretch (view, &params);

  /* Drawing: a curve appears where the counts are; timing for the record, after a
   * first render that compiles the renderer's shaders. */
  g_free (render (widget));
  {
    GtkSnapshot *snapshot = gtk_snapshot_new ();
    g_autoptr(GskRenderNode) node = NULL;
    g_autoptr(GdkTexture) texture = NULL;
    g_autofree guint8 *pixels = g_malloc (400 * 100 * 4);
    int x = (int) round (cria_histogram_view_x_for_level (view, 0.12));
    int x_empty = (int) round (cria_histogram_view_x_for_level (view, 0.6));

    start = g_get_monotonic_time ();
    GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
    node = gtk_snapshot_free_to_node (snapshot);
    built = g_get_monotonic_time ();
    texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                           node, &GRAPHENE_RECT_INIT (0, 0, 400, 100));
    gdk_texture_download (texture, pixels, 400 * 4);
    rendered = g_get_monotonic_time ();
    g_message ("histogram of 3 × 1024 bins at 400 × 100: snapshot %.3f ms, "
               "snapshot, render and read back %.3f ms",
               (built - start) / 1000.0, (rendered - start) / 1000.0);
    ck_assert_int_gt (pixels[(80 * 400 + x) * 4 + 1], pixels[(80 * 400 + x_empty) * 4 + 1] + 30);
  }

  /* What a redraw costs with the curves and markers, against the empty plate. */
  {
    double full = mean_render_ms (widget);
    double empty;

    cria_histogram_view_set_counts (view, 0, NULL, 0);
    cria_histogram_view_set_stretch (view, NULL);
    empty = mean_render_ms (widget);
    g_message ("histogram redraw at 400 × 100, mean of 10: %.3f ms, empty plate %.3f ms", full, empty);
    cria_histogram_view_set_counts (view, 3, counts, 1024);
    cria_histogram_view_set_stretch (view, &params);
  }

  /* x to level and back; 6 px margins. */
  assert_near (cria_histogram_view_level_at (view, 6), 0.0, 1e-9, "left end");
  assert_near (cria_histogram_view_level_at (view, 394), 1.0, 1e-9, "right end");
  assert_near (cria_histogram_view_level_at (view, -50), 0.0, 1e-9, "clamped");
  assert_near (cria_histogram_view_x_for_level (view, 0.5), 200, 1e-9, "middle");

  /* Not editable: nothing to drag. */
  ck_assert_int_eq (cria_histogram_view_drag_begin (view, cria_histogram_view_x_for_level (view, 0.1)),
                    CRIA_HISTOGRAM_MARKER_NONE);
  cria_histogram_view_set_editable (view, TRUE);
  g_signal_connect (view, "stretch-changed", G_CALLBACK (stretch_changed_cb), got);

  /* Black moves, midtone balance and white stay. */
  ck_assert_int_eq (cria_histogram_view_drag_begin (view, cria_histogram_view_x_for_level (view, 0.1) + 3),
                    CRIA_HISTOGRAM_MARKER_BLACK);
  cria_histogram_view_drag_move (view, cria_histogram_view_x_for_level (view, 0.2));
  cria_histogram_view_drag_end (view);
  assert_near (got[0], 0.2, 1e-9, "black");
  assert_near (got[1], 0.5, 1e-9, "midtone kept");
  assert_near (got[2], 0.9, 1e-9, "white kept");

  /* The midpoint marker sits at black + m (white − black) = 0.5. */
  middle = cria_histogram_view_x_for_level (view, 0.5);
  ck_assert_int_eq (cria_histogram_view_drag_begin (view, middle - 2), CRIA_HISTOGRAM_MARKER_MIDTONE);
  cria_histogram_view_drag_move (view, cria_histogram_view_x_for_level (view, 0.3));
  assert_near (got[1], 0.25, 1e-9, "midtone balance");
  cria_histogram_view_drag_end (view);

  /* White cannot pass black. */
  ck_assert_int_eq (cria_histogram_view_drag_begin (view, cria_histogram_view_x_for_level (view, 0.9)),
                    CRIA_HISTOGRAM_MARKER_WHITE);
  cria_histogram_view_drag_move (view, 0);
  ck_assert (got[2] > got[0] && got[2] < 0.11);
  cria_histogram_view_drag_end (view);
  ck_assert_int_eq (got[3], 3);

  /* Far from every marker. */
  ck_assert_int_eq (cria_histogram_view_drag_begin (view, cria_histogram_view_x_for_level (view, 0.7)),
                    CRIA_HISTOGRAM_MARKER_NONE);

  /* Mono, and cleared. */
  cria_histogram_view_set_counts (view, 1, counts, 256);
  cria_histogram_view_set_stretch (view, NULL);
  cria_histogram_view_set_log_scale (view, FALSE);
  {
    GtkSnapshot *snapshot = gtk_snapshot_new ();
    g_autoptr(GskRenderNode) node = NULL;

    GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
    node = gtk_snapshot_free_to_node (snapshot);
    ck_assert (node != NULL);
  }
  cria_histogram_view_set_counts (view, 0, NULL, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

int
main (int   argc,
      char *argv[])
{
  Suite *suite = suite_create ("image-view");
  TCase *view = tcase_create ("image-view");
  TCase *drawing = tcase_create ("drawing");
  TCase *histogram = tcase_create ("histogram");
  SRunner *runner;
  int failed;

  gtk_init ();
  tcase_add_test (view, test_zoom_levels);
  tcase_add_test (view, test_wheel_steps);
  tcase_add_test (view, test_fit_centres);
  tcase_add_test (view, test_mapping_after_pan);
  tcase_add_test (view, test_superpixel_mapping);
  tcase_add_test (view, test_selection);
  tcase_add_test (view, test_pointer);
  suite_add_tcase (suite, view);
  tcase_add_test (drawing, test_pixel_exact);
  tcase_add_test (drawing, test_nearest_cost);
  tcase_add_test (drawing, test_linear_when_shrunk);
  tcase_add_test (drawing, test_overlays_draw);
  suite_add_tcase (suite, drawing);
  tcase_add_test (histogram, test_histogram);
  suite_add_tcase (suite, histogram);

  runner = srunner_create (suite);
  /* GTK keeps its display connection: no fork after gtk_init (). */
  srunner_set_fork_status (runner, CK_NOFORK);
  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
