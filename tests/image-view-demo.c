/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "image-view-demo"

/* Shows the image view over a generated star field, with the reticle, a subframe, star
 * marks and a histogram underneath, to look at them:
 *   image-view-demo [--zoom fit|1|2|4] [--pan DX,DY] [--select] [--superpixel] [--linear]
 *                   [--dark] [--mono]
 * --select draws a rubber band as if a drag were under way; --superpixel shows the
 * image as half of a frame twice its size; --linear plots the histogram's counts on a
 * linear axis. Nothing is installed. */

#include <adwaita.h>
#include <math.h>
#include <stdlib.h>

#include "cria-histogram-view.h"
#include "cria-image-view-private.h"

#define WIDTH  1200
#define HEIGHT 800

typedef struct
{
  double x, y, sigma, flux;
  double r, g, b;
} Star;

static double
noise (GRand *rand)
{
  /* Sum of uniforms: close enough to Gaussian for a sky background. */
  return g_rand_double (rand) + g_rand_double (rand) + g_rand_double (rand) - 1.5;
}

/* A sky with a gentle gradient, noise and stars of different sizes and colours. */
static GdkTexture *
star_field (gboolean  mono,
            Star     *stars,
            guint     n_stars,
            guint32  *counts[3])
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GBytes) bytes = NULL;
  float *sky = g_new (float, (gsize) WIDTH * HEIGHT * 3);
  guint8 *data = g_malloc ((gsize) WIDTH * HEIGHT * 3);

  for (guint i = 0; i < n_stars; i++)
    {
      double tint = g_rand_double (rand);

      stars[i].x = g_rand_double_range (rand, 10, WIDTH - 10);
      stars[i].y = g_rand_double_range (rand, 10, HEIGHT - 10);
      stars[i].sigma = g_rand_double_range (rand, 0.8, 2.2);
      stars[i].flux = pow (g_rand_double_range (rand, 0.05, 1.0), 3) * 6000;
      stars[i].r = mono ? 1 : 0.8 + 0.2 * tint;
      stars[i].g = mono ? 1 : 0.85;
      stars[i].b = mono ? 1 : 1.0 - 0.25 * tint;
    }
  /* The first star is bright and sits near the centre, for the reticle. */
  stars[0].x = WIDTH / 2 + 14.3;
  stars[0].y = HEIGHT / 2 - 9.6;
  stars[0].flux = 5000;
  stars[0].sigma = 2.0;

  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      {
        float *p = sky + ((gsize) y * WIDTH + x) * 3;
        double base = 34 + 12.0 * y / HEIGHT;

        p[0] = base + 4 * noise (rand) + (mono ? 0 : 2);
        p[1] = mono ? p[0] : base + 4 * noise (rand) + 4;
        p[2] = mono ? p[0] : base + 4 * noise (rand) + 7;
      }
  for (guint i = 0; i < n_stars; i++)
    {
      int radius = (int) ceil (stars[i].sigma * 4);
      double peak = stars[i].flux / (2 * G_PI * stars[i].sigma * stars[i].sigma);

      for (int y = MAX (0, (int) stars[i].y - radius); y < MIN (HEIGHT, (int) stars[i].y + radius); y++)
        for (int x = MAX (0, (int) stars[i].x - radius); x < MIN (WIDTH, (int) stars[i].x + radius); x++)
          {
            double dx = x + 0.5 - stars[i].x, dy = y + 0.5 - stars[i].y;
            double v = peak * exp (-(dx * dx + dy * dy) / (2 * stars[i].sigma * stars[i].sigma));
            float *p = sky + ((gsize) y * WIDTH + x) * 3;

            p[0] += v * stars[i].r;
            p[1] += v * stars[i].g;
            p[2] += v * stars[i].b;
          }
    }
  for (gsize i = 0; i < (gsize) WIDTH * HEIGHT * 3; i++)
    {
      guint8 v = (guint8) CLAMP (sky[i], 0, 255);

      data[i] = v;
      counts[i % 3][v]++;
    }
  g_free (sky);
  bytes = g_bytes_new_take (data, (gsize) WIDTH * HEIGHT * 3);
  return gdk_memory_texture_new (WIDTH, HEIGHT, GDK_MEMORY_R8G8B8, bytes, WIDTH * 3);
}

static void
pointer_moved_cb (CriaImageView *view,
                  int            x,
                  int            y,
                  GtkLabel      *status)
{
  g_autofree char *text = NULL;

  if (x < 0)
    text = g_strdup ("—");
  else
    text = g_strdup_printf ("x %d  y %d", x, y);
  gtk_label_set_text (status, text);
}

static void
zoom_changed_cb (CriaImageView *view,
                 GParamSpec    *pspec,
                 GtkLabel      *label)
{
  g_autofree char *text = g_strdup_printf ("%.0f %%", cria_image_view_get_scale (view) * 100);

  gtk_label_set_text (label, text);
}

static GtkWidget *
zoom_button (CriaImageView *view,
             const char    *label,
             CriaZoom       zoom)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  g_object_set_data (G_OBJECT (button), "zoom", GINT_TO_POINTER (zoom));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (gtk_widget_grab_focus), view);
  return button;
}

static void
zoom_clicked_cb (GtkButton     *button,
                 CriaImageView *view)
{
  cria_image_view_set_zoom (view, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "zoom")));
}

static void
subframe_selected_cb (CriaImageView *view,
                      int            x,
                      int            y,
                      int            width,
                      int            height,
                      gpointer       user_data)
{
  GdkRectangle rect = { x, y, width, height };

  g_print ("subframe %d %d %d %d\n", x, y, width, height);
  cria_image_view_set_subframe (view, &rect);
}

int
main (int   argc,
      char *argv[])
{
  const char *zoom = "fit", *pan = NULL;
  gboolean select = FALSE, superpixel = FALSE, linear = FALSE, dark = FALSE, mono = FALSE;
  Star stars[160];
  guint32 *counts[3];
  g_autoptr(GdkTexture) texture = NULL;
  GtkWidget *window, *header, *box, *view_widget, *histogram, *status, *scale_label, *bar, *toggle;
  CriaImageView *view;
  CriaStretchParams params;
  CriaImageAnnotation marks[3];
  char *labels[3];
  double factor;
  GMainLoop *loop;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--zoom") && i + 1 < argc)
        zoom = argv[++i];
      else if (g_str_equal (argv[i], "--pan") && i + 1 < argc)
        pan = argv[++i];
      else if (g_str_equal (argv[i], "--select"))
        select = TRUE;
      else if (g_str_equal (argv[i], "--superpixel"))
        superpixel = TRUE;
      else if (g_str_equal (argv[i], "--linear"))
        linear = TRUE;
      else if (g_str_equal (argv[i], "--dark"))
        dark = TRUE;
      else if (g_str_equal (argv[i], "--mono"))
        mono = TRUE;
    }

  gtk_init ();
  adw_init ();
  if (dark)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);

  for (guint c = 0; c < 3; c++)
    counts[c] = g_new0 (guint32, 256);
  texture = star_field (mono, stars, G_N_ELEMENTS (stars), counts);
  factor = superpixel ? 2 : 1;

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), "Camera");
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 760);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  adw_window_set_content (ADW_WINDOW (window), box);
  header = adw_header_bar_new ();
  gtk_box_append (GTK_BOX (box), header);

  view_widget = cria_image_view_new ();
  view = CRIA_IMAGE_VIEW (view_widget);
  cria_image_view_set_paintable (view, GDK_PAINTABLE (texture));
  if (superpixel)
    g_object_set (view, "image-width", WIDTH * 2, "image-height", HEIGHT * 2, NULL);
  cria_image_view_set_show_reticle (view, TRUE);
  cria_image_view_set_subframe (view, &(GdkRectangle) { 300 * factor, 200 * factor, 600 * factor, 400 * factor });
  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    {
      labels[i] = g_strdup_printf ("HFR %.2f", stars[i].sigma * 1.18);
      marks[i] = (CriaImageAnnotation) { stars[i].x * factor, stars[i].y * factor,
                                         stars[i].sigma * 4 * factor, labels[i] };
    }
  cria_image_view_set_annotations (view, marks, G_N_ELEMENTS (marks));
  gtk_box_append (GTK_BOX (box), view_widget);

  /* Zoom controls as a panel would have them. */
  {
    static const struct { const char *label; CriaZoom zoom; } zooms[] = {
      { "Fit", CRIA_ZOOM_FIT }, { "1:1", CRIA_ZOOM_1 }, { "2:1", CRIA_ZOOM_2 }, { "4:1", CRIA_ZOOM_4 },
    };
    GtkWidget *linked = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

    gtk_widget_add_css_class (linked, "linked");
    for (guint i = 0; i < G_N_ELEMENTS (zooms); i++)
      {
        GtkWidget *button = zoom_button (view, zooms[i].label, zooms[i].zoom);

        g_signal_connect (button, "clicked", G_CALLBACK (zoom_clicked_cb), view);
        gtk_box_append (GTK_BOX (linked), button);
      }
    adw_header_bar_pack_start (ADW_HEADER_BAR (header), linked);
    toggle = gtk_toggle_button_new ();
    gtk_button_set_icon_name (GTK_BUTTON (toggle), "list-add-symbolic");
    gtk_widget_set_tooltip_text (toggle, "Reticle");
    g_object_bind_property (view, "show-reticle", toggle, "active",
                            G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
    adw_header_bar_pack_end (ADW_HEADER_BAR (header), toggle);
    toggle = gtk_toggle_button_new ();
    gtk_button_set_icon_name (GTK_BUTTON (toggle), "edit-select-all-symbolic");
    gtk_widget_set_tooltip_text (toggle, "Select Subframe");
    g_object_bind_property (view, "selection-mode", toggle, "active",
                            G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
    adw_header_bar_pack_end (ADW_HEADER_BAR (header), toggle);
  }

  histogram = cria_histogram_view_new ();
  gtk_widget_set_size_request (histogram, -1, 110);
  gtk_widget_set_margin_start (histogram, 12);
  gtk_widget_set_margin_end (histogram, 12);
  gtk_widget_set_margin_top (histogram, 12);
  cria_histogram_view_set_counts (CRIA_HISTOGRAM_VIEW (histogram), mono ? 1 : 3,
                                  (const guint32 * const *) counts, 256);
  cria_histogram_view_set_log_scale (CRIA_HISTOGRAM_VIEW (histogram), !linear);
  cria_histogram_view_set_editable (CRIA_HISTOGRAM_VIEW (histogram), TRUE);
  cria_stretch_params_set_manual (&params, 0.07, 0.35, 0.92);
  cria_histogram_view_set_stretch (CRIA_HISTOGRAM_VIEW (histogram), &params);
  gtk_box_append (GTK_BOX (box), histogram);

  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  gtk_widget_set_margin_top (bar, 6);
  gtk_widget_set_margin_bottom (bar, 8);
  status = gtk_label_new ("—");
  gtk_widget_add_css_class (status, "dim-label");
  gtk_widget_add_css_class (status, "numeric");
  gtk_widget_set_hexpand (status, TRUE);
  gtk_label_set_xalign (GTK_LABEL (status), 0);
  scale_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (scale_label, "dim-label");
  gtk_widget_add_css_class (scale_label, "numeric");
  gtk_box_append (GTK_BOX (bar), status);
  gtk_box_append (GTK_BOX (bar), scale_label);
  gtk_box_append (GTK_BOX (box), bar);
  g_signal_connect (view, "pointer-moved", G_CALLBACK (pointer_moved_cb), status);
  g_signal_connect (view, "notify::scale", G_CALLBACK (zoom_changed_cb), scale_label);
  g_signal_connect (view, "subframe-selected", G_CALLBACK (subframe_selected_cb), NULL);

  gtk_window_present (GTK_WINDOW (window));
  /* Let the window take its size before zooming around its centre. */
  for (int i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  if (!g_str_equal (zoom, "fit"))
    {
      GEnumClass *zoom_class = g_type_class_ref (CRIA_TYPE_ZOOM);
      GEnumValue *value = g_enum_get_value_by_nick (zoom_class, zoom);

      if (value != NULL)
        cria_image_view_set_zoom (view, value->value);
      else
        cria_image_view_set_scale (view, g_ascii_strtod (zoom, NULL));
      g_type_class_unref (zoom_class);
    }
  if (pan != NULL)
    {
      char *end;
      double dx = g_ascii_strtod (pan, &end);

      cria_image_view_pan (view, dx, *end == ',' ? g_ascii_strtod (end + 1, NULL) : 0);
    }
  if (select)
    {
      double x, y;

      cria_image_view_set_selection_mode (view, TRUE);
      cria_image_view_frame_to_view (view, 420 * factor, 250 * factor, &x, &y);
      cria_image_view_selection_begin (view, x, y);
      cria_image_view_frame_to_view (view, 700 * factor, 460 * factor, &x, &y);
      cria_image_view_selection_update (view, x, y);
    }
  zoom_changed_cb (view, NULL, GTK_LABEL (scale_label));

  loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect_swapped (window, "destroy", G_CALLBACK (g_main_loop_quit), loop);
  g_main_loop_run (loop);
  g_main_loop_unref (loop);
  for (guint c = 0; c < 3; c++)
    g_free (counts[c]);
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    g_free (labels[i]);
  return EXIT_SUCCESS;
}
