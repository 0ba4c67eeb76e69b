/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cria-cli.h"
#include "cria-debayer.h"
#include "cria-stretch.h"

typedef enum
{
  STAGE_EXPOSURE,
  STAGE_WAIT,
  STAGE_DOWNLOAD,
  STAGE_DECODE,
  STAGE_DEBAYER,
  STAGE_STRETCH,
  N_STAGES
} Stage;

static const char * const stage_names[N_STAGES] = {
  "exposure", "wait", "download", "decode", "debayer", "stretch",
};

/* The headless live view: what a window would do with each frame, minus the window. */
typedef struct
{
  guint           want;
  guint           n_frames;
  gint64          started;
  gint64          last_frame;
  GArray         *ms[N_STAGES];
  double          download_bytes;
  double          download_ms;
  CriaStretchLut *lut;
  guint8         *rgb;
  gsize           rgb_size;
  GError         *error;
  gboolean        done;
} Live;

static void
live_clear (Live *live)
{
  for (guint i = 0; i < N_STAGES; i++)
    g_clear_pointer (&live->ms[i], g_array_unref);
  g_clear_pointer (&live->lut, g_free);
  g_clear_pointer (&live->rgb, g_free);
  g_clear_error (&live->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Live, live_clear)

static double
elapsed_ms (gint64 since)
{
  return (g_get_monotonic_time () - since) / 1000.0;
}

/* Stretch (statistics and table), then debayer to display RGB through the table. */
static gboolean
render (Live             *live,
        const CriaFrame  *frame,
        double           *stretch_ms,
        double           *debayer_ms,
        GError          **error)
{
  const CriaFrameInfo *info = &frame->info;
  CriaBayerPattern pattern = CRIA_BAYER_NONE;
  CriaStretchParams params;
  guint width, height;
  gsize size;
  gint64 start;

  if (info->fields & CRIA_FRAME_INFO_SENSOR)
    pattern = cria_bayer_pattern_for (info->sensor_type, info->bayer_offset_x,
                                      info->bayer_offset_y, info->start_x, info->start_y,
                                      info->bin_x, info->bin_y);
  if (!cria_debayer_get_output_size (frame, pattern, CRIA_DEBAYER_SUPERPIXEL, &width, &height,
                                     error))
    return FALSE;
  size = (gsize) width * height * CRIA_RGB8_BYTES_PER_PIXEL;
  if (size != live->rgb_size)
    {
      g_free (live->rgb);
      live->rgb = g_malloc (MAX (size, 1));
      live->rgb_size = size;
    }

  start = g_get_monotonic_time ();
  cria_stretch_compute_auto (frame, pattern, FALSE, &params);
  cria_stretch_build_lut (&params, live->lut);
  *stretch_ms = elapsed_ms (start);

  start = g_get_monotonic_time ();
  if (!cria_debayer_to_rgb8 (frame, pattern, CRIA_DEBAYER_SUPERPIXEL, live->lut, live->rgb,
                             (gsize) width * CRIA_RGB8_BYTES_PER_PIXEL, error))
    return FALSE;
  *debayer_ms = elapsed_ms (start);
  return TRUE;
}

static const char *
format_ms (char   *buffer,
           gsize   size,
           double  value)
{
  return g_ascii_formatd (buffer, size, "%.1f", value);
}

static void
on_frame (CriaCapture           *capture,
          CriaFrame             *frame,
          const CriaFrameTiming *timing,
          Live                  *live)
{
  g_autoptr(GError) error = NULL;
  double stages[N_STAGES];
  char text[N_STAGES + 1][G_ASCII_DTOSTR_BUF_SIZE];

  if (live->done)
    return;

  stages[STAGE_EXPOSURE] = timing->exposure_ms;
  stages[STAGE_WAIT] = timing->wait_ms;
  stages[STAGE_DOWNLOAD] = timing->download_ms;
  stages[STAGE_DECODE] = timing->decode_ms;
  if (!render (live, frame, &stages[STAGE_STRETCH], &stages[STAGE_DEBAYER], &error))
    {
      live->error = g_steal_pointer (&error);
      live->done = TRUE;
      return;
    }

  for (guint i = 0; i < N_STAGES; i++)
    g_array_append_val (live->ms[i], stages[i]);
  live->download_bytes += timing->bytes;
  live->download_ms += timing->download_ms;
  live->n_frames++;
  live->last_frame = g_get_monotonic_time ();

  for (guint i = 0; i < N_STAGES; i++)
    format_ms (text[i], sizeof text[i], stages[i]);
  g_ascii_formatd (text[N_STAGES], sizeof text[N_STAGES], "%.0f", timing->download_mbps);
  /* TRANSLATORS: progress of cria-cli live; times in milliseconds. */
  fprintf (stderr, _("frame %u/%u: %u×%u, exposure %s ms, wait %s ms, download %s ms (%s MB/s), "
                     "decode %s ms, stretch %s ms, debayer %s ms\n"),
           live->n_frames, live->want, frame->width, frame->height, text[STAGE_EXPOSURE],
           text[STAGE_WAIT], text[STAGE_DOWNLOAD], text[N_STAGES], text[STAGE_DECODE],
           text[STAGE_STRETCH], text[STAGE_DEBAYER]);

  if (live->n_frames >= live->want)
    {
      live->done = TRUE;
      cria_capture_stop (capture);
    }
}

static void
on_error (CriaCapture  *capture,
          const GError *error,
          Live         *live)
{
  if (live->error == NULL && !live->done)
    live->error = g_error_copy (error);
  live->done = TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  if (values->len == 0)
    return 0;
  if (values->len % 2 == 1)
    return g_array_index (values, double, values->len / 2);
  return (g_array_index (values, double, values->len / 2 - 1)
          + g_array_index (values, double, values->len / 2)) / 2;
}

/* Three decimals are plenty, and keep the JSON readable; the dot is always a dot. */
static void
append_number (GString    *json,
               const char *name,
               double      value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (json, "\"%s\":%s", name,
                          g_ascii_formatd (buffer, sizeof buffer, "%.3f", value));
}

static void
print_summary (Live                   *live,
               const CriaCaptureStats *stats)
{
  g_autoptr(GString) json = g_string_new ("{");
  double seconds = (live->last_frame - live->started) / (double) G_USEC_PER_SEC;

  g_string_append_printf (json, "\"frames\":%u,", live->n_frames);
  append_number (json, "seconds", seconds);
  g_string_append_c (json, ',');
  append_number (json, "fps", seconds > 0 ? live->n_frames / seconds : 0);
  g_string_append_printf (json, ",\"dropped\":%" G_GUINT64_FORMAT ",\"bytes\":%" G_GUINT64_FORMAT ",",
                          stats->dropped, stats->bytes);
  append_number (json, "download_mbps",
                 live->download_ms > 0 ? live->download_bytes / live->download_ms / 1000.0 : 0);
  g_string_append (json, ",\"median_ms\":{");
  for (guint i = 0; i < N_STAGES; i++)
    {
      if (i > 0)
        g_string_append_c (json, ',');
      append_number (json, stage_names[i], median (live->ms[i]));
    }
  g_string_append (json, "}}");

  printf ("%s\n", json->str);
}

static gboolean
parse_subframe (const char  *text,
                guint        values[4],
                GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  guint64 number;

  if (g_strv_length (parts) != 4)
    goto bad;
  for (guint i = 0; i < 4; i++)
    {
      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, i < 2 ? 0 : 1, G_MAXINT32,
                                       &number, NULL))
        goto bad;
      values[i] = (guint) number;
    }
  return TRUE;

bad:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("--subframe needs X,Y,WIDTH,HEIGHT in binned pixels, not “%s”"), text);
  return FALSE;
}

int
cria_cli_live (int    argc,
               char **argv)
{
  g_autofree char *frames_text = NULL;
  g_autofree char *exposure_text = NULL;
  g_autofree char *bin_text = NULL;
  g_autofree char *subframe_text = NULL;
  const GOptionEntry entries[] = {
    { "frames", 'n', 0, G_OPTION_ARG_STRING, &frames_text, N_("Frames to show before stopping"), N_("N") },
    { "exposure", 'e', 0, G_OPTION_ARG_STRING, &exposure_text, N_("Exposure time (default: 0)"), N_("SECONDS") },
    { "bin", 'b', 0, G_OPTION_ARG_STRING, &bin_text, N_("Binning of both axes"), N_("N") },
    { "subframe", 's', 0, G_OPTION_ARG_STRING, &subframe_text, N_("Region in binned pixels"), N_("X,Y,W,H") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("URL NUMBER"));
  g_autoptr(CriaDevice) camera = NULL;
  g_autoptr(CriaCapture) capture = NULL;
  g_autoptr(GAsyncResult) stopped = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Live) live = { 0 };
  CriaCaptureStats stats;
  guint subframe[4] = { 0 };
  double exposure = 0;
  guint bin = 0;
  int status = 0;

  g_option_context_set_summary (context, _("Run the live view of camera NUMBER of the server at URL "
                                           "without a window: expose, download, decode, stretch "
                                           "and debayer N frames, with a progress line per frame "
                                           "on stderr and a JSON summary on stdout."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!cria_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 3 || frames_text == NULL)
    return cria_cli_fail (_("usage: cria-cli live URL NUMBER --frames N [--exposure SECONDS] "
                            "[--bin N] [--subframe X,Y,W,H]"));
  if (!cria_cli_parse_uint (frames_text, _("number of frames"), 1, 1000000, &live.want, &error)
      || (exposure_text != NULL && !cria_cli_parse_seconds (exposure_text, &exposure, &error))
      || (bin_text != NULL && !cria_cli_parse_uint (bin_text, _("binning"), 1, 64, &bin, &error))
      || (subframe_text != NULL && !parse_subframe (subframe_text, subframe, &error)))
    return cria_cli_fail ("%s", error->message);

  camera = cria_cli_connect_camera (argv[1], argv[2], NULL, &status);
  if (camera == NULL)
    return status;

  for (guint i = 0; i < N_STAGES; i++)
    live.ms[i] = g_array_new (FALSE, FALSE, sizeof (double));
  live.lut = g_new (CriaStretchLut, 1);

  capture = cria_capture_new (camera);
  cria_capture_set_exposure (capture, exposure);
  cria_capture_set_binning (capture, bin);
  if (subframe_text != NULL)
    cria_capture_set_subframe (capture, subframe[0], subframe[1], subframe[2], subframe[3]);
  g_signal_connect (capture, "frame", G_CALLBACK (on_frame), &live);
  g_signal_connect (capture, "error", G_CALLBACK (on_error), &live);

  live.started = g_get_monotonic_time ();
  cria_capture_start (capture);
  while (!live.done)
    g_main_context_iteration (NULL, TRUE);

  cria_capture_stop_async (capture, NULL, cria_cli_store_result, &stopped);
  cria_capture_stop_finish (capture, cria_cli_wait (&stopped), NULL);

  if (live.error != NULL)
    return cria_cli_fail_error (live.error);

  cria_capture_get_stats (capture, &stats);
  print_summary (&live, &stats);
  return 0;
}
