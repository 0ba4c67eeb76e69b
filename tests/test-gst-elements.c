/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-gst-elements"

#include <check.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#include <string.h>

#include "cria-gst-debayer.h"
#include "cria-gst-stretch.h"
#include "cria-imaging-gst.h"
#include "cria-paintable-sink.h"

static const char *const patterns[] = { "rggb", "grbg", "gbrg", "bggr" };

/* Values of the red, green and blue sites, 16-bit. */
static const guint16 site_value[3] = { 65535, 32896, 0 };

static void
setup (void)
{
  cria_imaging_gst_init ();
}

/* The colour of mosaic pixel (x, y) for a pattern named by its top-left 2×2 cell. */
static guint
site_channel (const char *pattern,
              guint       x,
              guint       y)
{
  switch (pattern[(y & 1) * 2 + (x & 1)])
    {
    case 'r':
      return 0;
    case 'g':
      return 1;
    default:
      return 2;
    }
}

/* A uniform-colour mosaic, 16-bit, rows GST_ROUND_UP_4 (2 × width) apart as for
 * video/x-bayer. */
static GstBuffer *
uniform_mosaic16 (const char *pattern,
                  guint       width,
                  guint       height,
                  gsize      *stride_out)
{
  gsize stride = GST_ROUND_UP_4 (width * 2);
  guint8 *data = g_malloc0 (stride * height);
  guint x, y;

  for (y = 0; y < height; y++)
    for (x = 0; x < width; x++)
      {
        guint16 v = site_value[site_channel (pattern, x, y)];

        memcpy (data + y * stride + 2 * x, &v, 2);
      }
  if (stride_out != NULL)
    *stride_out = stride;
  return gst_buffer_new_wrapped (data, stride * height);
}

static GstBuffer *
uniform_mosaic8 (const char *pattern,
                 guint       width,
                 guint       height)
{
  gsize stride = GST_ROUND_UP_4 (width);
  guint8 *data = g_malloc0 (stride * height);
  guint x, y;

  for (y = 0; y < height; y++)
    for (x = 0; x < width; x++)
      data[y * stride + x] = (guint8) (site_value[site_channel (pattern, x, y)] >> 8);
  return gst_buffer_new_wrapped (data, stride * height);
}

static GstHarness *
new_chain (const char *stretch_options)
{
  g_autofree char *launch =
    g_strdup_printf ("criadebayer name=debayer ! criastretch name=stretch %s",
                     stretch_options != NULL ? stretch_options : "");

  return gst_harness_new_parse (launch);
}

static GstElement *
harness_child (GstHarness *h,
               const char *name)
{
  GstElement *child = gst_bin_get_by_name (GST_BIN (h->element), name);

  ck_assert (child != NULL);
  gst_object_unref (child); /* the bin keeps it alive */
  return child;
}

static void
output_size (GstHarness *h,
             int        *width,
             int        *height)
{
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (h->sinkpad);
  GstStructure *s;

  ck_assert (caps != NULL);
  s = gst_caps_get_structure (caps, 0);
  ck_assert_str_eq (gst_structure_get_name (s), "video/x-raw");
  ck_assert_str_eq (gst_structure_get_string (s, "format"), "RGB");
  ck_assert (gst_structure_get_int (s, "width", width));
  ck_assert (gst_structure_get_int (s, "height", height));
}

/* Every pixel of an RGB output within one level of (r, g, b). */
static void
assert_uniform_rgb (GstHarness *h,
                    GstBuffer  *buffer,
                    int         r,
                    int         g,
                    int         b)
{
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (h->sinkpad);
  GstVideoInfo info;
  GstVideoFrame frame;
  int x, y;

  ck_assert (gst_video_info_from_caps (&info, caps));
  ck_assert (gst_video_frame_map (&frame, &info, buffer, GST_MAP_READ));
  for (y = 0; y < GST_VIDEO_FRAME_HEIGHT (&frame); y++)
    {
      const guint8 *row = (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, 0)
                          + y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0);

      for (x = 0; x < GST_VIDEO_FRAME_WIDTH (&frame); x++)
        ck_assert_msg (ABS (row[3 * x] - r) <= 1 && ABS (row[3 * x + 1] - g) <= 1
                       && ABS (row[3 * x + 2] - b) <= 1,
                       "pixel (%d, %d) is (%d, %d, %d), expected (%d, %d, %d)", x, y,
                       row[3 * x], row[3 * x + 1], row[3 * x + 2], r, g, b);
    }
  gst_video_frame_unmap (&frame);
}

/* Every phase, odd sizes, both methods, 16 and 8 bits: a uniform colour mosaic gives the
 * same colour everywhere, with a linear stretch. */
START_TEST (test_debayer_phases)
{
  static const struct { const char *method; int w, h; } methods[] = {
    { "superpixel", 4, 3 },
    { "bilinear", 9, 7 },
  };
  guint p, m, depth;

  for (p = 0; p < G_N_ELEMENTS (patterns); p++)
    for (m = 0; m < G_N_ELEMENTS (methods); m++)
      for (depth = 8; depth <= 16; depth += 8)
        {
          g_autoptr(GstBuffer) out = NULL;
          g_autofree char *caps = NULL;
          GstHarness *h = new_chain ("mode=manual");
          int w, hh;

          g_object_set (harness_child (h, "debayer"), "method",
                        m == 0 ? CRIA_DEBAYER_MODE_SUPERPIXEL : CRIA_DEBAYER_MODE_BILINEAR,
                        NULL);
          caps = g_strdup_printf ("video/x-bayer, format=%s%s, width=9, height=7, "
                                  "framerate=0/1", patterns[p], depth == 16 ? "16le" : "");
          gst_harness_set_src_caps_str (h, caps);
          ck_assert_int_eq (gst_harness_push (h, depth == 16
                                                 ? uniform_mosaic16 (patterns[p], 9, 7, NULL)
                                                 : uniform_mosaic8 (patterns[p], 9, 7)),
                            GST_FLOW_OK);
          out = gst_harness_pull (h);
          ck_assert (out != NULL);
          output_size (h, &w, &hh);
          ck_assert_msg (w == methods[m].w && hh == methods[m].h, "%s %s: %d × %d",
                         patterns[p], methods[m].method, w, hh);
          assert_uniform_rgb (h, out, 255, 128, 0);
          gst_harness_teardown (h);
        }
}
END_TEST

/* criadebayer hands the very same memory on and describes it in its caps. */
START_TEST (test_debayer_no_copy)
{
  GstHarness *h = gst_harness_new ("criadebayer");
  g_autoptr(GstBuffer) out = NULL;
  g_autoptr(GstCaps) caps = NULL;
  GstBuffer *in = uniform_mosaic16 ("gbrg", 9, 7, NULL);
  GstMapInfo in_map, out_map;
  const GstStructure *s;
  int w, hh, stride;

  g_object_set (h->element, "method", CRIA_DEBAYER_MODE_SUPERPIXEL, NULL);
  gst_harness_set_src_caps_str (h, "video/x-bayer, format=gbrg16le, width=9, height=7");
  ck_assert (gst_buffer_map (in, &in_map, GST_MAP_READ));
  ck_assert_int_eq (gst_harness_push (h, gst_buffer_ref (in)), GST_FLOW_OK);
  out = gst_harness_pull (h);
  ck_assert (gst_buffer_map (out, &out_map, GST_MAP_READ));
  ck_assert_ptr_eq (in_map.data, out_map.data);
  gst_buffer_unmap (out, &out_map);
  gst_buffer_unmap (in, &in_map);
  gst_buffer_unref (in);

  caps = gst_pad_get_current_caps (h->sinkpad);
  s = gst_caps_get_structure (caps, 0);
  ck_assert_str_eq (gst_structure_get_name (s), CRIA_GST_CAPS_DEFERRED_RGB);
  ck_assert_str_eq (gst_structure_get_string (s, "method"), "superpixel");
  ck_assert_str_eq (gst_structure_get_string (s, "pattern"), "gbrg");
  ck_assert_str_eq (gst_structure_get_string (s, "element"), "uint16");
  ck_assert (gst_structure_get_int (s, "width", &w) && w == 4);
  ck_assert (gst_structure_get_int (s, "height", &hh) && hh == 3);
  ck_assert (gst_structure_get_int (s, "stride", &stride) && stride == 20);
  gst_harness_teardown (h);
}
END_TEST

/* AUTO follows the display scale, and a change renegotiates the size downstream. */
START_TEST (test_debayer_auto_method)
{
  GstHarness *h = new_chain ("mode=manual");
  GstElement *debayer = harness_child (h, "debayer");
  GstBuffer *out;
  int w, hh;

  gst_harness_set_src_caps_str (h, "video/x-bayer, format=rggb16le, width=40, height=30");
  g_object_set (debayer, "display-scale", 0.25, NULL);
  ck_assert_int_eq (gst_harness_push (h, uniform_mosaic16 ("rggb", 40, 30, NULL)), GST_FLOW_OK);
  gst_buffer_unref (gst_harness_pull (h));
  output_size (h, &w, &hh);
  ck_assert_int_eq (w, 20);
  ck_assert_int_eq (hh, 15);

  g_object_set (debayer, "display-scale", 1.0, NULL);
  ck_assert_int_eq (gst_harness_push (h, uniform_mosaic16 ("rggb", 40, 30, NULL)), GST_FLOW_OK);
  out = gst_harness_pull (h);
  output_size (h, &w, &hh);
  ck_assert_int_eq (w, 40);
  ck_assert_int_eq (hh, 30);
  assert_uniform_rgb (h, out, 255, 128, 0);
  gst_buffer_unref (out);
  gst_harness_teardown (h);
}
END_TEST

/* A buffer shorter than its caps is an error, never a read past its end. */
START_TEST (test_debayer_short_buffer)
{
  GstHarness *h = new_chain (NULL);

  gst_harness_set_src_caps_str (h, "video/x-bayer, format=rggb16le, width=40, height=30");
  ck_assert_int_eq (gst_harness_push (h, gst_buffer_new_wrapped (g_malloc0 (100), 100)),
                    GST_FLOW_ERROR);
  gst_harness_teardown (h);
}
END_TEST

/* A mono frame whose samples spread around a median of 1000 with a MAD of 50. */
static GstBuffer *
noisy_gray16 (guint    width,
              guint    height,
              guint16  median,
              guint16 **samples)
{
  guint16 *data = g_new (guint16, (gsize) width * height);
  gsize i;

  for (i = 0; i < (gsize) width * height; i++)
    data[i] = (guint16) (median - 100 + (i * 7919) % 201);
  if (samples != NULL)
    *samples = g_memdup2 (data, (gsize) width * height * 2);
  return gst_buffer_new_wrapped (data, (gsize) width * height * 2);
}

/* The default auto-stretch puts the median (the sky) at about a quarter of full scale. */
START_TEST (test_stretch_auto_median)
{
  GstHarness *h = new_chain (NULL);
  g_autoptr(GstBuffer) out = NULL;
  g_autoptr(CriaStretchReport) report = NULL;
  g_autofree guint16 *samples = NULL;
  GstMapInfo map;
  guint n_median = 0, i;

  gst_harness_set_src_caps_str (h, "video/x-raw, format=GRAY16_LE, width=64, height=64");
  ck_assert_int_eq (gst_harness_push (h, noisy_gray16 (64, 64, 1000, &samples)), GST_FLOW_OK);
  out = gst_harness_pull (h);
  ck_assert (gst_buffer_map (out, &map, GST_MAP_READ));
  for (i = 0; i < 64 * 64; i++)
    {
      const guint8 *px = map.data + (i / 64) * (64 * 3) + (i % 64) * 3;

      ck_assert (px[0] == px[1] && px[1] == px[2]);
      if (samples[i] == 1000)
        {
          n_median++;
          ck_assert_msg (px[0] >= 60 && px[0] <= 68, "median shown as %d", px[0]);
        }
      else if (samples[i] < 1000 - 60)
        ck_assert_int_lt (px[0], 60);
    }
  gst_buffer_unmap (out, &map);
  ck_assert_uint_gt (n_median, 0);

  report = cria_gst_stretch_dup_report (CRIA_GST_STRETCH (harness_child (h, "stretch")));
  ck_assert (report != NULL);
  ck_assert (report->auto_stretch);
  ck_assert_uint_eq (report->stats.n_channels, 1);
  ck_assert_double_eq_tol (report->stats.median[0], 1000.0 / 65535, 1.0 / 65535);
  ck_assert_double_eq_tol (report->stats.mad[0], 50.0 / 65535, 2.0 / 65535);
  ck_assert_double_gt (report->params.black[0], 0.0);
  ck_assert (report->histogram != NULL);
  ck_assert_uint_eq (report->histogram->n_bins, 256);
  ck_assert_uint_eq (report->histogram->total[0], 64 * 64);
  gst_harness_teardown (h);
}
END_TEST

START_TEST (test_stretch_manual)
{
  GstHarness *h = new_chain ("mode=manual black=0.25 white=0.75 midtone=0.5");
  g_autoptr(GstBuffer) out = NULL;
  guint16 *data = g_new (guint16, 4);
  GstMapInfo map;

  data[0] = 0;
  data[1] = 16384;  /* at black */
  data[2] = 32768;  /* halfway */
  data[3] = 60000;  /* beyond white */
  gst_harness_set_src_caps_str (h, "video/x-cria-frame, element=uint16, planes=1, "
                                   "pattern=none, stride=8, width=4, height=1");
  ck_assert_int_eq (gst_harness_push (h, gst_buffer_new_wrapped (data, 8)), GST_FLOW_OK);
  out = gst_harness_pull (h);
  ck_assert (gst_buffer_map (out, &map, GST_MAP_READ));
  ck_assert_int_eq (map.data[0], 0);
  ck_assert_int_le (map.data[3], 1);
  ck_assert_int_ge (map.data[6], 126);
  ck_assert_int_le (map.data[6], 129);
  ck_assert_int_eq (map.data[9], 255);
  gst_buffer_unmap (out, &map);
  gst_harness_teardown (h);
}
END_TEST

/* An RGGB frame with a red sky at 2000, green at 2300 and blue at 1800, ± 400. */
static GstBuffer *
tinted_rggb (guint width,
             guint height)
{
  static const guint16 base[3] = { 2000, 2300, 1800 };
  guint16 *data = g_new (guint16, (gsize) width * height);
  guint x, y;

  for (y = 0; y < height; y++)
    for (x = 0; x < width; x++)
      data[(gsize) y * width + x] = (guint16) (base[site_channel ("rggb", x, y)]
                                               + (x * 31 + y * 17) % 801 - 400);
  return gst_buffer_new_wrapped (data, (gsize) width * height * 2);
}

static int
compare_bytes (gconstpointer a,
               gconstpointer b)
{
  return *(const guint8 *) a - *(const guint8 *) b;
}

/* The median of each output channel of a superpixel image. */
static void
channel_medians (GstBuffer *buffer,
                 guint      n_pixels,
                 guint8     medians[3])
{
  g_autofree guint8 *values = g_new (guint8, n_pixels);
  GstMapInfo map;
  guint c, i;

  ck_assert (gst_buffer_map (buffer, &map, GST_MAP_READ));
  for (c = 0; c < 3; c++)
    {
      for (i = 0; i < n_pixels; i++)
        values[i] = map.data[3 * i + c];
      qsort (values, n_pixels, 1, compare_bytes);
      medians[c] = values[n_pixels / 2];
    }
  gst_buffer_unmap (buffer, &map);
}

/* Unlinked, every colour's sky lands near a quarter and the cast is gone; linked, one
 * stretch for all keeps the green > red > blue balance of the data. */
START_TEST (test_stretch_linked_unlinked)
{
  guint linked;

  for (linked = 0; linked <= 1; linked++)
    {
      GstHarness *h = new_chain (linked ? "linked=true" : "linked=false");
      g_autoptr(GstBuffer) out = NULL;
      g_autoptr(CriaStretchReport) report = NULL;
      guint8 m[3];

      g_object_set (harness_child (h, "debayer"), "method", CRIA_DEBAYER_MODE_SUPERPIXEL, NULL);
      /* A width of 64 samples is 128 bytes: no row padding in the x-bayer layout. */
      gst_harness_set_src_caps_str (h, "video/x-bayer, format=rggb16le, width=64, height=64");
      ck_assert_int_eq (gst_harness_push (h, tinted_rggb (64, 64)), GST_FLOW_OK);
      out = gst_harness_pull (h);
      channel_medians (out, 32 * 32, m);

      report = cria_gst_stretch_dup_report (CRIA_GST_STRETCH (harness_child (h, "stretch")));
      ck_assert_uint_eq (report->stats.n_channels, 3);
      ck_assert_double_eq_tol (report->stats.median[1], 2300.0 / 65535, 30.0 / 65535);
      ck_assert_int_eq (report->linked, (gboolean) linked);
      if (linked)
        {
          ck_assert_msg (m[1] > m[0] + 5 && m[0] > m[2] + 5, "linked: %d %d %d",
                         m[0], m[1], m[2]);
          ck_assert_double_eq (report->params.black[0], report->params.black[2]);
        }
      else
        {
          guint c;

          for (c = 0; c < 3; c++)
            ck_assert_msg (m[c] >= 56 && m[c] <= 72, "unlinked channel %u: %d", c, m[c]);
          ck_assert_double_ne (report->params.black[0], report->params.black[2]);
        }
      gst_harness_teardown (h);
    }
}
END_TEST

/* The table is rebuilt only when the parameters move; a report goes out on the bus. */
START_TEST (test_stretch_lut_reuse_and_message)
{
  GstHarness *h = new_chain (NULL);
  GstElement *stretch = harness_child (h, "stretch");
  g_autoptr(GstBus) bus = gst_bus_new ();
  guint i, n_messages = 0;
  GstMessage *message;

  gst_element_set_bus (stretch, bus);
  gst_harness_set_src_caps_str (h, "video/x-raw, format=GRAY16_LE, width=64, height=64");
  for (i = 0; i < 3; i++)
    {
      ck_assert_int_eq (gst_harness_push (h, noisy_gray16 (64, 64, 1000, NULL)), GST_FLOW_OK);
      gst_buffer_unref (gst_harness_pull (h));
    }
  ck_assert_uint_eq (cria_gst_stretch_get_n_lut_builds (CRIA_GST_STRETCH (stretch)), 1);

  g_object_set (stretch, "mode", CRIA_STRETCH_MODE_MANUAL, NULL);
  ck_assert_int_eq (gst_harness_push (h, noisy_gray16 (64, 64, 1000, NULL)), GST_FLOW_OK);
  gst_buffer_unref (gst_harness_pull (h));
  ck_assert_uint_eq (cria_gst_stretch_get_n_lut_builds (CRIA_GST_STRETCH (stretch)), 2);

  while ((message = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT)) != NULL)
    {
      const GstStructure *s = gst_message_get_structure (message);
      g_autoptr(CriaStretchReport) report = NULL;

      ck_assert (gst_structure_has_name (s, CRIA_GST_STRETCH_MESSAGE));
      ck_assert (gst_structure_get (s, "report", CRIA_TYPE_STRETCH_REPORT, &report, NULL));
      n_messages++;
      ck_assert_uint_eq (report->frame, n_messages);
      ck_assert_int_eq (report->lut_rebuilt, n_messages == 1 || n_messages == 4);
      gst_message_unref (message);
    }
  ck_assert_uint_eq (n_messages, 4);
  gst_element_set_bus (stretch, NULL);
  gst_harness_teardown (h);
}
END_TEST

static void
count_signal (gpointer  instance,
              guint    *counter)
{
  (*counter)++;
}

static void
drain_main_context (void)
{
  gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC;

  while (g_main_context_iteration (NULL, FALSE) && g_get_monotonic_time () < end)
    ;
}

/* Frames arrive as textures of the right size; a burst while the main thread sleeps
 * updates the paintable once, the display buffers come from a pool and go back to it. */
START_TEST (test_sink_latest_wins)
{
  GstHarness *h = gst_harness_new_parse ("criadebayer ! criastretch name=stretch mode=manual ! "
                                         "criapaintablesink name=display");
  CriaPaintableSink *sink = CRIA_PAINTABLE_SINK (harness_child (h, "display"));
  CriaPaintable *paintable = cria_paintable_sink_get_paintable (sink);
  CriaGstStretch *stretch;
  guint n_contents = 0, n_size = 0, i;
  CriaPaintableStats stats;
  GdkTexture *texture;
  guint8 pixels[3 * 2 * 4];

  g_signal_connect (paintable, "invalidate-contents", G_CALLBACK (count_signal),
                            &n_contents);
  g_signal_connect (paintable, "invalidate-size", G_CALLBACK (count_signal),
                            &n_size);
  gst_harness_set_src_caps_str (h, "video/x-bayer, format=bggr16le, width=7, height=5");
  for (i = 0; i < 20; i++)
    ck_assert_int_eq (gst_harness_push (h, uniform_mosaic16 ("bggr", 7, 5, NULL)), GST_FLOW_OK);

  cria_paintable_get_stats (paintable, &stats);
  ck_assert_uint_eq (stats.n_queued, 20);
  ck_assert_uint_eq (stats.n_shown, 0);
  ck_assert_uint_eq (stats.n_replaced, 19);
  ck_assert (cria_paintable_get_texture (paintable) == NULL);

  drain_main_context ();
  cria_paintable_get_stats (paintable, &stats);
  ck_assert_uint_eq (stats.n_shown, 1);
  ck_assert_uint_eq (n_contents, 1);
  ck_assert_uint_eq (n_size, 1);

  /* Superpixel by default: 3 × 2. */
  texture = cria_paintable_get_texture (paintable);
  ck_assert (texture != NULL);
  ck_assert_int_eq (gdk_texture_get_width (texture), 3);
  ck_assert_int_eq (gdk_texture_get_height (texture), 2);
  ck_assert_int_eq (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (paintable)), 3);
  /* Downloads are B, G, R, A in memory on little-endian machines. */
  gdk_texture_download (texture, pixels, 3 * 4);
  for (i = 0; i < 6; i++)
    {
      ck_assert_int_ge (pixels[i * 4 + 2], 254);
      ck_assert_int_le (ABS (pixels[i * 4 + 1] - 128), 1);
      ck_assert_int_le (pixels[i * 4], 1);
    }

  ck_assert_uint_eq (cria_paintable_sink_get_n_rendered (sink), 20);
  stretch = CRIA_GST_STRETCH (harness_child (h, "stretch"));
  ck_assert_uint_gt (cria_gst_stretch_get_n_allocated (stretch), 0);
  ck_assert_uint_le (cria_gst_stretch_get_n_allocated (stretch), 4);

  /* A new size renegotiates and resizes the paintable. */
  gst_harness_set_src_caps_str (h, "video/x-bayer, format=bggr16le, width=12, height=10");
  ck_assert_int_eq (gst_harness_push (h, uniform_mosaic16 ("bggr", 12, 10, NULL)), GST_FLOW_OK);
  drain_main_context ();
  texture = cria_paintable_get_texture (paintable);
  ck_assert_int_eq (gdk_texture_get_width (texture), 6);
  ck_assert_int_eq (gdk_texture_get_height (texture), 5);
  ck_assert_uint_eq (n_size, 2);
  ck_assert_uint_eq (n_contents, 2);
  gst_harness_teardown (h);
}
END_TEST

/* The texture keeps its buffer out of the pool until GTK drops it, so the pixels a
 * texture shows are never overwritten by a later frame. */
START_TEST (test_sink_texture_owns_buffer)
{
  GstHarness *h = gst_harness_new_parse ("criadebayer ! criastretch mode=manual ! "
                                         "criapaintablesink name=display");
  CriaPaintableSink *sink = CRIA_PAINTABLE_SINK (harness_child (h, "display"));
  CriaPaintable *paintable = cria_paintable_sink_get_paintable (sink);
  g_autoptr(GdkTexture) first = NULL;
  guint16 *grey = g_new (guint16, 16);
  guint8 pixels[4 * 4 * 4];
  guint i;

  for (i = 0; i < 16; i++)
    grey[i] = 65535;
  gst_harness_set_src_caps_str (h, "video/x-raw, format=GRAY16_LE, width=4, height=4");
  ck_assert_int_eq (gst_harness_push (h, gst_buffer_new_wrapped (grey, 32)), GST_FLOW_OK);
  drain_main_context ();
  first = g_object_ref (cria_paintable_get_texture (paintable));

  for (i = 0; i < 10; i++)
    {
      ck_assert_int_eq (gst_harness_push (h, gst_buffer_new_wrapped (g_malloc0 (32), 32)),
                        GST_FLOW_OK);
      drain_main_context ();
    }
  gdk_texture_download (first, pixels, 4 * 4);
  ck_assert_int_eq (pixels[0], 255);
  gdk_texture_download (cria_paintable_get_texture (paintable), pixels, 4 * 4);
  ck_assert_int_eq (pixels[0], 0);
  gst_harness_teardown (h);
}
END_TEST

int
main (int   argc,
      char *argv[])
{
  Suite *suite = suite_create ("gst-elements");
  TCase *tc;
  SRunner *runner;
  int failed;

  gst_init (&argc, &argv);

  tc = tcase_create ("debayer");
  tcase_add_checked_fixture (tc, setup, NULL);
  tcase_add_test (tc, test_debayer_phases);
  tcase_add_test (tc, test_debayer_no_copy);
  tcase_add_test (tc, test_debayer_auto_method);
  tcase_add_test (tc, test_debayer_short_buffer);
  suite_add_tcase (suite, tc);

  tc = tcase_create ("stretch");
  tcase_add_checked_fixture (tc, setup, NULL);
  tcase_add_test (tc, test_stretch_auto_median);
  tcase_add_test (tc, test_stretch_manual);
  tcase_add_test (tc, test_stretch_linked_unlinked);
  tcase_add_test (tc, test_stretch_lut_reuse_and_message);
  suite_add_tcase (suite, tc);

  tc = tcase_create ("sink");
  tcase_add_checked_fixture (tc, setup, NULL);
  tcase_add_test (tc, test_sink_latest_wins);
  tcase_add_test (tc, test_sink_texture_owns_buffer);
  suite_add_tcase (suite, tc);

  runner = srunner_create (suite);
  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
