/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-snapshot"

#include <check.h>
#include <fitsio.h>
#include <gdk/gdk.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "cria-snapshot.h"
#include "test-snapshot-readers.h"

static char *tmp_dir;

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        {
          g_chmod (child, 0755);
          remove_tree (child);
        }
      else
        g_unlink (child);
    }
  g_dir_close (dir);
  g_rmdir (path);
}

static void
setup (void)
{
  g_autoptr(GError) error = NULL;

  tmp_dir = g_dir_make_tmp ("cria-snapshot-XXXXXX", &error);
  ck_assert_msg (tmp_dir != NULL, "%s", error ? error->message : "");
}

static void
teardown (void)
{
  remove_tree (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
}

static guint
count_entries (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  ck_assert (dir != NULL);
  while (g_dir_read_name (dir) != NULL)
    n++;
  g_dir_close (dir);
  return n;
}

/* Runs the main context until the async call has answered, for at most a minute. */
static GAsyncResult *
wait_result (GAsyncResult **result)
{
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (*result == NULL)
    {
      ck_assert_msg (g_get_monotonic_time () < end, "the save never finished");
      g_main_context_iteration (NULL, TRUE);
    }
  return *result;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* A UInt16 frame whose sample (x, y) is f(x, y). */
static CriaFrame *
make_frame (guint  width,
            guint  height,
            guint  planes,
            guint16 (*f) (guint x, guint y, guint p))
{
  CriaFrame *frame = cria_frame_new (CRIA_ELEMENT_UINT16, width, height, planes, NULL);
  guint x, y, p;

  ck_assert (frame != NULL);
  frame->image_element_type = CRIA_ELEMENT_UINT16;
  for (y = 0; y < height; y++)
    for (x = 0; x < width; x++)
      for (p = 0; p < planes; p++)
        ((guint16 *) (frame->data + y * frame->stride))[x * planes + p] = f (x, y, p);
  return frame;
}

static guint16
gradient (guint x,
          guint y,
          guint p)
{
  return (guint16) ((x * 997 + y * 331 + p * 7919) % 65536);
}

/* An RGGB mosaic under a red light: red sites bright, the rest dim. */
static guint16
red_light (guint x,
           guint y,
           guint p)
{
  return (x % 2 == 0 && y % 2 == 0) ? 40000 : 4000;
}

static void
set_full_info (CriaFrame *frame,
               gboolean   colour,
               guint      bin)
{
  CriaFrameInfo *info = &frame->info;

  info->fields = CRIA_FRAME_INFO_EXPOSURE | CRIA_FRAME_INFO_START_TIME
                 | CRIA_FRAME_INFO_GEOMETRY | CRIA_FRAME_INFO_GAIN | CRIA_FRAME_INFO_OFFSET
                 | CRIA_FRAME_INFO_CCD_TEMPERATURE | CRIA_FRAME_INFO_PIXEL_SIZE;
  info->exposure = 2.5;
  /* 2024-05-01T21:14:03.250 UTC */
  info->start_time = G_GINT64_CONSTANT (1714598043250000);
  info->bin_x = bin;
  info->bin_y = bin;
  info->gain = 120;
  info->offset = 30;
  info->ccd_temperature = -10.5;
  info->pixel_size_x = 3.76;
  info->pixel_size_y = 3.8;
  if (colour)
    {
      info->fields |= CRIA_FRAME_INFO_SENSOR;
      info->sensor_type = 2;
      /* Red one pixel right of (0, 0): the frame starts on green, GRBG. */
      info->bayer_offset_x = 1;
      info->bayer_offset_y = 0;
    }
}

static gboolean
save_fits (CriaFrame              *frame,
           const CriaSnapshotInfo *info,
           const char             *path,
           GCancellable           *cancellable,
           GError                **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;

  cria_snapshot_save_fits_async (frame, info, file, cancellable, store_result, &result);
  return cria_snapshot_save_fits_finish (wait_result (&result), error);
}

static gboolean
save_view (CriaFrame               *frame,
           CriaBayerPattern         pattern,
           const CriaStretchParams *params,
           CriaSnapshotFormat       format,
           CriaDemosaicQuality       quality,
           const char              *path,
           GCancellable            *cancellable,
           GError                 **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;

  cria_snapshot_save_view_async (frame, pattern, params, format, quality, file, cancellable,
                                 store_result, &result);
  return cria_snapshot_save_view_finish (wait_result (&result), error);
}

START_TEST (test_fits_colour_headers)
{
  g_autoptr(CriaFrame) frame = make_frame (16, 12, 1, gradient);
  g_autofree char *path = g_build_filename (tmp_dir, "colour.fits", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL, *instrument = NULL, *bayer = NULL, *filter = NULL;
  g_autofree char *roworder = NULL;
  const CriaSnapshotInfo info = {
    .instrument = "Sim Cam",
    .has_focus_position = TRUE,
    .focus_position = 12345,
    .filter = "H-alpha",
    .has_coordinates = TRUE,
    .ra = 83.8221,
    .dec = -5.3911,
  };
  guint16 pixels[16 * 12];
  fitsfile *fits;
  int status = 0, any_null = 0;
  guint i;

  set_full_info (frame, TRUE, 1);
  ck_assert_msg (save_fits (frame, &info, path, NULL, &error), "%s", error ? error->message : "");
  ck_assert_uint_eq (count_entries (tmp_dir), 1);

  fits = open_fits (path);
  ck_assert_double_eq (card_double (fits, "EXPTIME"), 2.5);
  date = card_string (fits, "DATE-OBS");
  ck_assert_str_eq (date, "2024-05-01T21:14:03.250");
  instrument = card_string (fits, "INSTRUME");
  ck_assert_str_eq (instrument, "Sim Cam");
  ck_assert_int_eq (card_int (fits, "XBINNING"), 1);
  ck_assert_int_eq (card_int (fits, "YBINNING"), 1);
  ck_assert_double_eq_tol (card_double (fits, "XPIXSZ"), 3.76, 1e-12);
  ck_assert_double_eq_tol (card_double (fits, "YPIXSZ"), 3.8, 1e-12);
  ck_assert_int_eq (card_int (fits, "GAIN"), 120);
  ck_assert_int_eq (card_int (fits, "OFFSET"), 30);
  ck_assert_double_eq (card_double (fits, "CCD-TEMP"), -10.5);
  bayer = card_string (fits, "BAYERPAT");
  ck_assert_str_eq (bayer, "GRBG");
  ck_assert_int_eq (card_int (fits, "XBAYROFF"), 0);
  ck_assert_int_eq (card_int (fits, "YBAYROFF"), 0);
  roworder = card_string (fits, "ROWORDER");
  ck_assert_str_eq (roworder, "TOP-DOWN");
  ck_assert_int_eq (card_int (fits, "FOCUSPOS"), 12345);
  filter = card_string (fits, "FILTER");
  ck_assert_str_eq (filter, "H-alpha");
  ck_assert_double_eq (card_double (fits, "RA"), 83.8221);
  ck_assert_double_eq (card_double (fits, "DEC"), -5.3911);

  /* The raw pixels, untouched. */
  fits_read_img (fits, TUSHORT, 1, 16 * 12, NULL, pixels, &any_null, &status);
  ck_assert_int_eq (status, 0);
  for (i = 0; i < 16 * 12; i++)
    ck_assert_uint_eq (pixels[i], gradient (i % 16, i / 16, 0));
  close_fits (fits);
}
END_TEST

/* Mono, nothing around the camera known: no colour cards, no optional ones. */
START_TEST (test_fits_mono_minimal)
{
  g_autoptr(CriaFrame) frame = make_frame (10, 8, 1, gradient);
  g_autofree char *path = g_build_filename (tmp_dir, "mono.fits", NULL);
  g_autoptr(GError) error = NULL;
  const char *absent[] = {
    "DATE-OBS", "INSTRUME", "XBINNING", "YBINNING", "XPIXSZ", "YPIXSZ", "GAIN", "OFFSET",
    "CCD-TEMP", "BAYERPAT", "XBAYROFF", "YBAYROFF", "FOCUSPOS", "FILTER", "RA", "DEC",
  };
  fitsfile *fits;
  guint i;

  frame->info.fields = CRIA_FRAME_INFO_EXPOSURE;
  frame->info.exposure = 0.001;
  ck_assert_msg (save_fits (frame, NULL, path, NULL, &error), "%s", error ? error->message : "");

  fits = open_fits (path);
  ck_assert_double_eq (card_double (fits, "EXPTIME"), 0.001);
  for (i = 0; i < G_N_ELEMENTS (absent); i++)
    ck_assert_msg (card_absent (fits, absent[i]), "%s should be absent", absent[i]);
  close_fits (fits);
}
END_TEST

/* Full metadata on a mono camera, an info that leaves its optional parts out. */
START_TEST (test_fits_mono_full)
{
  g_autoptr(CriaFrame) frame = make_frame (10, 8, 1, gradient);
  g_autofree char *path = g_build_filename (tmp_dir, "mono-full.fits", NULL);
  g_autoptr(GError) error = NULL;
  const CriaSnapshotInfo info = { .instrument = "Mono", .ra = NAN, .dec = NAN };
  fitsfile *fits;

  set_full_info (frame, FALSE, 2);
  ck_assert_msg (save_fits (frame, &info, path, NULL, &error), "%s", error ? error->message : "");

  fits = open_fits (path);
  ck_assert_int_eq (card_int (fits, "XBINNING"), 2);
  /* Binned pixels are twice as large. */
  ck_assert_double_eq_tol (card_double (fits, "XPIXSZ"), 7.52, 1e-12);
  ck_assert_double_eq_tol (card_double (fits, "YPIXSZ"), 7.6, 1e-12);
  ck_assert (!card_absent (fits, "INSTRUME"));
  ck_assert (card_absent (fits, "BAYERPAT"));
  ck_assert (card_absent (fits, "XBAYROFF"));
  ck_assert (card_absent (fits, "FOCUSPOS"));
  ck_assert (card_absent (fits, "FILTER"));
  ck_assert (card_absent (fits, "RA"));
  ck_assert (card_absent (fits, "DEC"));
  close_fits (fits);
}
END_TEST

/* The keyword list itself, as the CLI uses it. */
START_TEST (test_keywords_for_frame)
{
  g_autoptr(CriaFrame) frame = make_frame (4, 4, 1, gradient);
  g_autoptr(GArray) keys = NULL;
  const CriaSnapshotInfo info = { .filter = "L", .has_focus_position = TRUE };
  const CriaFitsKeyword *k;

  set_full_info (frame, TRUE, 1);
  keys = cria_fits_keywords_for_frame (frame, &info);
  k = (const CriaFitsKeyword *) keys->data;
  /* No INSTRUME, RA or DEC: info leaves them out. */
  ck_assert_uint_eq (keys->len, 14);
  ck_assert_str_eq (k[0].name, "EXPTIME");
  ck_assert_str_eq (k[1].name, "DATE-OBS");
  ck_assert_int_eq (k[1].type, CRIA_FITS_VALUE_STRING);
  ck_assert_str_eq (k[2].name, "XBINNING");
  ck_assert_str_eq (k[9].name, "BAYERPAT");
  ck_assert_str_eq (k[9].s, "GRBG");
  ck_assert_str_eq (k[12].name, "FOCUSPOS");
  ck_assert_int_eq (k[12].i, 0);
  ck_assert_str_eq (k[13].name, "FILTER");
  ck_assert_str_eq (k[13].s, "L");
}
END_TEST

/* A linear stretch keeps every sample: the grey TIFF holds the frame itself. */
START_TEST (test_tiff_mono_linear)
{
  g_autoptr(CriaFrame) frame = make_frame (301, 250, 1, gradient);
  g_autofree char *path = g_build_filename (tmp_dir, "mono.tiff", NULL);
  g_autofree guint8 *data = NULL;
  g_autoptr(GError) error = NULL;
  CriaStretchParams params;
  gsize len = 0;
  guint32 total = 0;
  guint x, y, j;
  Tiff tiff;

  cria_stretch_params_init_linear (&params);
  ck_assert_msg (save_view (frame, CRIA_BAYER_NONE, &params, CRIA_SNAPSHOT_FORMAT_TIFF16,
                            CRIA_DEMOSAIC_AHD, path, NULL, &error),
                 "%s", error ? error->message : "");
  ck_assert (g_file_get_contents (path, (char **) &data, &len, NULL));
  parse_tiff (data, len, &tiff);

  ck_assert_uint_eq (tiff.width, 301);
  ck_assert_uint_eq (tiff.height, 250);
  ck_assert_uint_eq (tiff.samples, 1);
  ck_assert_uint_eq (tiff.bits, 16);
  ck_assert_uint_eq (tiff.compression, 1);
  ck_assert_uint_eq (tiff.photometric, 1);
  ck_assert_uint_eq (tiff.planar, 1);
  /* Several strips, covering every row. */
  ck_assert_uint_gt (tiff.n_strips, 1);
  for (j = 0; j < tiff.n_strips; j++)
    total += tiff.strip_counts[j];
  ck_assert_uint_eq (total, 301 * 250 * 2);

  for (y = 0; y < 250; y += 17)
    for (x = 0; x < 301; x += 13)
      ck_assert_uint_eq (tiff_sample (data, &tiff, x, y, 0), gradient (x, y, 0));
  ck_assert_uint_eq (tiff_sample (data, &tiff, 300, 249, 0), gradient (300, 249, 0));
}
END_TEST

/* An RGB frame with a manual stretch: the MTF of each sample, at 16 bits. */
START_TEST (test_tiff_rgb_stretch)
{
  g_autoptr(CriaFrame) frame = make_frame (40, 30, 3, gradient);
  g_autofree char *path = g_build_filename (tmp_dir, "rgb.tif", NULL);
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guint8 *pixels = NULL;
  g_autofree guint8 *data = NULL;
  g_autoptr(GError) error = NULL;
  CriaStretchParams params;
  gsize len = 0;
  guint x, y, c;
  Tiff tiff;

  cria_stretch_params_set_manual (&params, 0.1, 0.25, 0.9);
  ck_assert_msg (save_view (frame, CRIA_BAYER_NONE, &params, CRIA_SNAPSHOT_FORMAT_TIFF16,
                            CRIA_DEMOSAIC_AHD, path, NULL, &error),
                 "%s", error ? error->message : "");
  ck_assert (g_file_get_contents (path, (char **) &data, &len, NULL));
  parse_tiff (data, len, &tiff);
  ck_assert_uint_eq (tiff.samples, 3);
  ck_assert_uint_eq (tiff.photometric, 2);
  ck_assert_uint_eq (tiff.width, 40);

  for (y = 0; y < 30; y += 7)
    for (x = 0; x < 40; x += 3)
      for (c = 0; c < 3; c++)
        {
          double v = gradient (x, y, c) / 65535.0;
          int expected = (int) lround (cria_stretch_mtf ((v - 0.1) / 0.8, 0.25) * 65535.0);

          ck_assert_int_le (abs ((int) tiff_sample (data, &tiff, x, y, c) - expected), 1);
        }

  /* Another reader agrees: GDK loads TIFF through libtiff. */
  texture = load_image (path, &pixels);
  ck_assert_int_eq (gdk_texture_get_width (texture), 40);
  ck_assert_int_eq (gdk_texture_get_height (texture), 30);
  for (y = 0; y < 30; y += 7)
    for (x = 0; x < 40; x += 3)
      for (c = 0; c < 3; c++)
        {
          int expected = (int) lround (tiff_sample (data, &tiff, x, y, c) * 255.0 / 65535.0);

          ck_assert_int_le (abs (pixels[4 * (y * 40 + x) + 2 - c] - expected), 1);
        }
}
END_TEST

/* A mosaic under red light through AHD: red everywhere inside the picture. */
static void
check_red_tiff (CriaDemosaicQuality quality)
{
  g_autoptr(CriaFrame) frame = make_frame (64, 48, 1, red_light);
  g_autofree char *path = g_build_filename (tmp_dir, "red.tiff", NULL);
  g_autofree guint8 *data = NULL;
  g_autoptr(GError) error = NULL;
  CriaStretchParams params;
  gsize len = 0;
  guint x, y;
  Tiff tiff;

  cria_stretch_params_init_linear (&params);
  ck_assert_msg (save_view (frame, CRIA_BAYER_RGGB, &params, CRIA_SNAPSHOT_FORMAT_TIFF16,
                            quality, path, NULL, &error),
                 "%s", error ? error->message : "");
  ck_assert (g_file_get_contents (path, (char **) &data, &len, NULL));
  parse_tiff (data, len, &tiff);
  ck_assert_uint_eq (tiff.samples, 3);
  ck_assert_uint_eq (tiff.width, 64);
  ck_assert_uint_eq (tiff.height, 48);
  for (y = 8; y < 40; y += 5)
    for (x = 8; x < 56; x += 5)
      {
        guint r = tiff_sample (data, &tiff, x, y, 0);
        guint g = tiff_sample (data, &tiff, x, y, 1);
        guint b = tiff_sample (data, &tiff, x, y, 2);

        ck_assert_msg (r > 30000 && g < 10000 && b < 10000,
                       "(%u, %u) is %u %u %u, not red", x, y, r, g, b);
      }
}

START_TEST (test_view_ahd_red)
{
  check_red_tiff (CRIA_DEMOSAIC_AHD);
}
END_TEST

START_TEST (test_view_other_methods_red)
{
  check_red_tiff (CRIA_DEMOSAIC_VNG);
  check_red_tiff (CRIA_DEMOSAIC_PPG);
  check_red_tiff (CRIA_DEMOSAIC_DCB);
  check_red_tiff (CRIA_DEMOSAIC_BILINEAR);
}
END_TEST

START_TEST (test_png_mono)
{
  g_autoptr(CriaFrame) frame = make_frame (45, 33, 1, gradient);
  g_autofree char *path = g_build_filename (tmp_dir, "mono.png", NULL);
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guint8 *pixels = NULL;
  g_autofree guint8 *head = NULL;
  g_autoptr(GError) error = NULL;
  CriaStretchParams params;
  guint x, y;

  cria_stretch_params_init_linear (&params);
  ck_assert_msg (save_view (frame, CRIA_BAYER_NONE, &params, CRIA_SNAPSHOT_FORMAT_PNG8,
                            CRIA_DEMOSAIC_AHD, path, NULL, &error),
                 "%s", error ? error->message : "");
  ck_assert (g_file_get_contents (path, (char **) &head, NULL, NULL));
  ck_assert (memcmp (head, "\x89PNG\r\n\x1a\n", 8) == 0);
  /* IHDR: 8 bits per sample, colour type 2 (RGB). */
  ck_assert (memcmp (head + 12, "IHDR", 4) == 0);
  ck_assert_uint_eq (head[24], 8);
  ck_assert_uint_eq (head[25], 2);

  texture = load_image (path, &pixels);
  ck_assert_int_eq (gdk_texture_get_width (texture), 45);
  ck_assert_int_eq (gdk_texture_get_height (texture), 33);
  for (y = 0; y < 33; y += 4)
    for (x = 0; x < 45; x += 4)
      {
        const guint8 *p = pixels + 4 * ((gsize) y * 45 + x);
        int expected = (int) lround (gradient (x, y, 0) * 255.0 / 65535.0);

        ck_assert_int_le (abs (p[2] - expected), 1);
        ck_assert_int_eq (p[0], p[1]);
        ck_assert_int_eq (p[1], p[2]);
        ck_assert_int_eq (p[3], 255);
      }
}
END_TEST

START_TEST (test_png_colour_ahd)
{
  g_autoptr(CriaFrame) frame = make_frame (64, 48, 1, red_light);
  g_autofree char *path = g_build_filename (tmp_dir, "red.png", NULL);
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guint8 *pixels = NULL;
  g_autoptr(GError) error = NULL;
  CriaStretchParams params;
  const guint8 *p;

  cria_stretch_params_init_linear (&params);
  ck_assert_msg (save_view (frame, CRIA_BAYER_RGGB, &params, CRIA_SNAPSHOT_FORMAT_PNG8,
                            CRIA_DEMOSAIC_AHD, path, NULL, &error),
                 "%s", error ? error->message : "");
  texture = load_image (path, &pixels);
  ck_assert_int_eq (gdk_texture_get_width (texture), 64);
  ck_assert_int_eq (gdk_texture_get_height (texture), 48);
  p = pixels + 4 * (24 * 64 + 32);
  /* B G R A in memory: red dominates. */
  ck_assert_msg (p[2] > 120 && p[1] < 40 && p[0] < 40, "centre is %u %u %u", p[2], p[1], p[0]);
}
END_TEST

/* Writable by nobody, even root: /proc takes no new files. */
static char *
read_only_dir (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "read-only", NULL);

  ck_assert_int_eq (g_mkdir (dir, 0555), 0);
  if (access (dir, W_OK) != 0)
    return g_steal_pointer (&dir);
  return g_strdup ("/proc");
}

static void
check_failed_save (const char *dir,
                   int         code)
{
  g_autofree char *path = g_build_filename (dir, "frame.fits", NULL);
  g_autofree char *tiff_path = g_build_filename (dir, "frame.tiff", NULL);
  g_autofree char *png_path = g_build_filename (dir, "frame.png", NULL);
  g_autoptr(CriaFrame) frame = make_frame (8, 8, 1, gradient);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) tiff_error = NULL;
  g_autoptr(GError) png_error = NULL;
  CriaStretchParams params;

  cria_stretch_params_init_linear (&params);
  ck_assert (!save_fits (frame, NULL, path, NULL, &error));
  ck_assert_msg (g_error_matches (error, G_IO_ERROR, code), "%s", error->message);
  ck_assert_msg (strstr (error->message, path) != NULL, "%s", error->message);

  ck_assert (!save_view (frame, CRIA_BAYER_NONE, &params, CRIA_SNAPSHOT_FORMAT_TIFF16,
                         CRIA_DEMOSAIC_AHD, tiff_path, NULL, &tiff_error));
  ck_assert_msg (g_error_matches (tiff_error, G_IO_ERROR, code), "%s", tiff_error->message);
  ck_assert_msg (strstr (tiff_error->message, tiff_path) != NULL, "%s", tiff_error->message);

  ck_assert (!save_view (frame, CRIA_BAYER_NONE, &params, CRIA_SNAPSHOT_FORMAT_PNG8,
                         CRIA_DEMOSAIC_AHD, png_path, NULL, &png_error));
  ck_assert_msg (strstr (png_error->message, png_path) != NULL, "%s", png_error->message);

  ck_assert (!g_file_test (path, G_FILE_TEST_EXISTS));
  ck_assert (!g_file_test (tiff_path, G_FILE_TEST_EXISTS));
  ck_assert (!g_file_test (png_path, G_FILE_TEST_EXISTS));
}

START_TEST (test_missing_dir)
{
  g_autofree char *missing = g_build_filename (tmp_dir, "no", "such", NULL);

  check_failed_save (missing, G_IO_ERROR_NOT_FOUND);
  /* Nothing was left behind anywhere in the tree. */
  ck_assert_uint_eq (count_entries (tmp_dir), 0);
}
END_TEST

START_TEST (test_read_only_dir)
{
  g_autofree char *dir = read_only_dir ();

  if (g_str_has_prefix (dir, tmp_dir))
    {
      check_failed_save (dir, G_IO_ERROR_PERMISSION_DENIED);
      ck_assert_uint_eq (count_entries (dir), 0);
    }
  else
    {
      /* /proc refuses with ENOENT or EACCES depending on the kernel: any error will do,
       * as long as it names the file and leaves nothing. */
      g_autofree char *path = g_build_filename (dir, "frame.tiff", NULL);
      g_autoptr(CriaFrame) frame = make_frame (8, 8, 1, gradient);
      g_autoptr(GError) error = NULL;
      CriaStretchParams params;

      cria_stretch_params_init_linear (&params);
      ck_assert (!save_view (frame, CRIA_BAYER_NONE, &params, CRIA_SNAPSHOT_FORMAT_TIFF16,
                             CRIA_DEMOSAIC_AHD, path, NULL, &error));
      ck_assert (error->domain == G_IO_ERROR);
      ck_assert_msg (strstr (error->message, path) != NULL, "%s", error->message);
      ck_assert (!g_file_test (path, G_FILE_TEST_EXISTS));
    }
}
END_TEST

START_TEST (test_remote_file_refused)
{
  g_autoptr(CriaFrame) frame = make_frame (8, 8, 1, gradient);
  g_autoptr(GFile) file = g_file_new_for_uri ("sftp://example.invalid/frame.fits");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  cria_snapshot_save_fits_async (frame, NULL, file, NULL, store_result, &result);
  ck_assert (!cria_snapshot_save_fits_finish (wait_result (&result), &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED));
  ck_assert (strstr (error->message, "frame.fits") != NULL);
}
END_TEST

START_TEST (test_cancelled_before)
{
  g_autoptr(CriaFrame) frame = make_frame (64, 48, 1, red_light);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = g_build_filename (tmp_dir, "cancelled.tiff", NULL);
  g_autofree char *fits_path = g_build_filename (tmp_dir, "cancelled.fits", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) fits_error = NULL;
  CriaStretchParams params;

  cria_stretch_params_init_linear (&params);
  g_cancellable_cancel (cancellable);
  ck_assert (!save_view (frame, CRIA_BAYER_RGGB, &params, CRIA_SNAPSHOT_FORMAT_TIFF16,
                         CRIA_DEMOSAIC_AHD, path, cancellable, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  ck_assert (!save_fits (frame, NULL, fits_path, cancellable, &fits_error));
  ck_assert (g_error_matches (fits_error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  ck_assert_uint_eq (count_entries (tmp_dir), 0);
}
END_TEST

static gboolean
cancel_soon (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* Cancelled while demosaicing a large frame: either it stopped and left nothing, or it had
 * already finished and the file is whole; never a half file or a stray temporary. */
START_TEST (test_cancelled_during)
{
  g_autoptr(CriaFrame) frame = make_frame (1600, 1200, 1, red_light);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = g_build_filename (tmp_dir, "big.tiff", NULL);
  g_autoptr(GError) error = NULL;
  CriaStretchParams params;
  gboolean ok;

  cria_stretch_params_init_linear (&params);
  g_timeout_add (20, cancel_soon, cancellable);
  ok = save_view (frame, CRIA_BAYER_RGGB, &params, CRIA_SNAPSHOT_FORMAT_TIFF16,
                  CRIA_DEMOSAIC_AHD, path, cancellable, &error);
  if (ok)
    {
      GStatBuf st;

      ck_assert_int_eq (g_stat (path, &st), 0);
      ck_assert_int_gt (st.st_size, 1600 * 1200 * 6);
      ck_assert_uint_eq (count_entries (tmp_dir), 1);
    }
  else
    {
      ck_assert_msg (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED), "%s",
                     error->message);
      ck_assert_uint_eq (count_entries (tmp_dir), 0);
    }
}
END_TEST

/* Saving over an existing file replaces it whole. */
START_TEST (test_replace)
{
  g_autoptr(CriaFrame) small = make_frame (8, 8, 1, gradient);
  g_autoptr(CriaFrame) large = make_frame (80, 60, 1, gradient);
  g_autofree char *path = g_build_filename (tmp_dir, "again.tiff", NULL);
  g_autofree guint8 *data = NULL;
  g_autoptr(GError) error = NULL;
  CriaStretchParams params;
  gsize len = 0;
  Tiff tiff;

  cria_stretch_params_init_linear (&params);
  ck_assert (save_view (large, CRIA_BAYER_NONE, &params, CRIA_SNAPSHOT_FORMAT_TIFF16,
                        CRIA_DEMOSAIC_AHD, path, NULL, &error));
  ck_assert (save_view (small, CRIA_BAYER_NONE, &params, CRIA_SNAPSHOT_FORMAT_TIFF16,
                        CRIA_DEMOSAIC_AHD, path, NULL, &error));
  ck_assert (g_file_get_contents (path, (char **) &data, &len, NULL));
  parse_tiff (data, len, &tiff);
  ck_assert_uint_eq (tiff.width, 8);
  ck_assert_uint_eq (count_entries (tmp_dir), 1);
}
END_TEST

static Suite *
snapshot_suite (void)
{
  Suite *suite = suite_create ("snapshot");
  TCase *fits = tcase_create ("fits");
  TCase *view = tcase_create ("view");
  TCase *errors = tcase_create ("errors");

  tcase_add_checked_fixture (fits, setup, teardown);
  tcase_add_test (fits, test_fits_colour_headers);
  tcase_add_test (fits, test_fits_mono_minimal);
  tcase_add_test (fits, test_fits_mono_full);
  tcase_add_test (fits, test_keywords_for_frame);
  suite_add_tcase (suite, fits);

  tcase_add_checked_fixture (view, setup, teardown);
  tcase_add_test (view, test_tiff_mono_linear);
  tcase_add_test (view, test_tiff_rgb_stretch);
  tcase_add_test (view, test_view_ahd_red);
  tcase_add_test (view, test_view_other_methods_red);
  tcase_add_test (view, test_png_mono);
  tcase_add_test (view, test_png_colour_ahd);
  tcase_add_test (view, test_replace);
  suite_add_tcase (suite, view);

  tcase_add_checked_fixture (errors, setup, teardown);
  tcase_add_test (errors, test_missing_dir);
  tcase_add_test (errors, test_read_only_dir);
  tcase_add_test (errors, test_remote_file_refused);
  tcase_add_test (errors, test_cancelled_before);
  tcase_add_test (errors, test_cancelled_during);
  suite_add_tcase (suite, errors);
  return suite;
}

int
main (void)
{
  SRunner *runner = srunner_create (snapshot_suite ());
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
