/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-imaging"

#include "cria-stretch.h"

#include <math.h>
#include <string.h>

#include "cria-histogram.h"
#include "cria-pixel-row-private.h"

#define N_LEVELS 65536u
/* About a million samples: medians to a fraction of a level, and a few hundred
 * microseconds of work on any frame. */
#define TARGET_SITES 262144u

double
cria_stretch_mtf (double x,
                  double m)
{
  if (x <= 0.0)
    return 0.0;
  if (x >= 1.0)
    return 1.0;
  if (m <= 0.0)
    return 1.0;
  if (m >= 1.0)
    return 0.0;
  /* The denominator is negative for every x in (0, 1) and m in (0, 1). */
  return (m - 1.0) * x / ((2.0 * m - 1.0) * x - m);
}

void
cria_stretch_params_init_linear (CriaStretchParams *params)
{
  cria_stretch_params_set_manual (params, 0.0, 0.5, 1.0);
}

static void
sanitize (double *black,
          double *midtone,
          double *white)
{
  const double min_span = 1.0 / (N_LEVELS - 1);

  /* !(a >= b) also catches NaN. */
  if (!(*black >= 0.0))
    *black = 0.0;
  if (*black > 1.0 - min_span)
    *black = 1.0 - min_span;
  if (!(*white <= 1.0))
    *white = 1.0;
  if (*white < *black + min_span)
    *white = *black + min_span;
  if (!(*midtone >= CRIA_STRETCH_MIDTONE_MIN))
    *midtone = CRIA_STRETCH_MIDTONE_MIN;
  if (*midtone > CRIA_STRETCH_MIDTONE_MAX)
    *midtone = CRIA_STRETCH_MIDTONE_MAX;
}

/* The same manual stretch on every channel, pulled into the valid ranges. */
void
cria_stretch_params_set_manual (CriaStretchParams *params,
                                double             black,
                                double             midtone,
                                double             white)
{
  guint c;

  sanitize (&black, &midtone, &white);
  for (c = 0; c < 3; c++)
    {
      params->black[c] = black;
      params->midtone[c] = midtone;
      params->white[c] = white;
    }
}

static void
auto_params (double  median,
             double  shadows,
             double *black,
             double *midtone)
{
  double c0 = CLAMP (shadows, 0.0, median);

  *black = c0;
  *midtone = cria_stretch_mtf (median - c0, CRIA_STRETCH_TARGET_BACKGROUND);
}

/* The auto-stretch: black c0 = median + CRIA_STRETCH_SHADOWS_CLIP × MAD (at least 0),
 * midtone m = MTF(median − c0; CRIA_STRETCH_TARGET_BACKGROUND), white 1. Unlinked, each
 * channel gets its own; linked, all channels get one set from the mean of the channels'
 * shadows points and medians, which keeps the colour balance of the data. */
void
cria_stretch_params_from_stats (const CriaStretchStats *stats,
                                gboolean                linked,
                                CriaStretchParams      *out)
{
  double shadows[3], median[3];
  guint n = CLAMP (stats->n_channels, 1, 3);
  guint c;

  for (c = 0; c < n; c++)
    {
      /* A flat frame has no spread; one level keeps the midtone above zero. */
      double mad = MAX (stats->mad[c], 1.0 / (N_LEVELS - 1));

      median[c] = stats->median[c];
      shadows[c] = stats->median[c] + CRIA_STRETCH_SHADOWS_CLIP * mad;
    }

  if (linked || n == 1)
    {
      double mean_shadows = 0, mean_median = 0, black, midtone, white = 1.0;

      for (c = 0; c < n; c++)
        {
          mean_shadows += shadows[c] / n;
          mean_median += median[c] / n;
        }
      auto_params (mean_median, mean_shadows, &black, &midtone);
      sanitize (&black, &midtone, &white);
      for (c = 0; c < 3; c++)
        {
          out->black[c] = black;
          out->midtone[c] = midtone;
          out->white[c] = white;
        }
      return;
    }

  for (c = 0; c < 3; c++)
    {
      out->white[c] = 1.0;
      auto_params (median[c], shadows[c], &out->black[c], &out->midtone[c]);
      sanitize (&out->black[c], &out->midtone[c], &out->white[c]);
    }
}

static guint
sample_step (guint64 sites)
{
  guint k = 1;

  while ((guint64) k * k * TARGET_SITES < sites)
    k++;
  return k;
}

/* Every k-th 2×2 cell in both directions, so that each cell sampled gives its red, both
 * greens and its blue; a plain stride over the mosaic could hit one colour only. */
static void
accumulate_bayer (const CriaFrame  *frame,
                  CriaBayerPattern  pattern,
                  guint32          *hist[3],
                  guint16          *scratch)
{
  guint32 *restrict hr = hist[CRIA_CHANNEL_RED];
  guint32 *restrict hg = hist[CRIA_CHANNEL_GREEN];
  guint32 *restrict hb = hist[CRIA_CHANNEL_BLUE];
  guint cw = frame->width / 2, ch = frame->height / 2;
  guint k = sample_step ((guint64) cw * ch);
  gsize step = 2 * (gsize) k;
  guint rx, ry, cy;

  cria_bayer_pattern_red_phase (pattern, &rx, &ry);
  for (cy = 0; cy < ch; cy += k)
    {
      const guint16 *row0 = cria_pixel_row_u16 (frame, 2 * cy, scratch);
      const guint16 *row1 = cria_pixel_row_u16 (frame, 2 * cy + 1,
                                                scratch ? scratch + frame->width : NULL);
      /* The red row holds red and green, the other green and blue. */
      const guint16 *restrict red_row = ry ? row1 : row0;
      const guint16 *restrict blue_row = ry ? row0 : row1;
      gsize end = 2 * (gsize) cw, x;

      for (x = 0; x < end; x += step)
        {
          hr[red_row[x + rx]]++;
          hg[red_row[x + 1 - rx]]++;
          hg[blue_row[x + rx]]++;
          hb[blue_row[x + 1 - rx]]++;
        }
    }
}

/* Mono and RGB frames: every k-th pixel of every k-th row, one channel per plane used. */
static void
accumulate_planes (const CriaFrame *frame,
                   guint            n_channels,
                   guint32         *hist[3],
                   guint16         *scratch)
{
  guint k = sample_step ((guint64) frame->width * frame->height);
  guint planes = frame->planes;
  guint x, y, c;

  for (y = 0; y < frame->height; y += k)
    {
      const guint16 *row = cria_pixel_row_u16 (frame, y, scratch);

      for (c = 0; c < n_channels; c++)
        {
          guint32 *restrict h = hist[c];

          for (x = 0; x < frame->width; x += k)
            h[row[(gsize) x * planes + c]]++;
        }
    }
}

static void
stats_from_histogram (const guint32    *hist,
                      CriaStretchStats *stats,
                      guint             c)
{
  const double scale = N_LEVELS - 1;
  guint64 n = 0, rank, sum;
  guint v, d, median, lo = N_LEVELS, hi = 0;

  for (v = 0; v < N_LEVELS; v++)
    if (hist[v] != 0)
      {
        n += hist[v];
        lo = MIN (lo, v);
        hi = v;
      }

  stats->n_samples[c] = n;
  if (n == 0)
    {
      stats->median[c] = stats->mad[c] = stats->minimum[c] = stats->maximum[c] = 0;
      return;
    }

  /* The lower median: the sample of 0-based rank (n − 1) / 2. */
  rank = (n - 1) / 2;
  for (v = lo, sum = 0; ; v++)
    {
      sum += hist[v];
      if (sum > rank)
        break;
    }
  median = v;

  /* The deviations |x − median| fold the histogram around the median. */
  sum = hist[median];
  for (d = 0; sum <= rank; )
    {
      d++;
      if (median + d < N_LEVELS)
        sum += hist[median + d];
      if (d <= median)
        sum += hist[median - d];
    }

  stats->median[c] = median / scale;
  stats->mad[c] = d / scale;
  stats->minimum[c] = lo / scale;
  stats->maximum[c] = hi / scale;
}

static void
fill_histogram (CriaHistogram *histogram,
                guint32       *hist[3],
                guint          n_channels)
{
  guint c, v;

  histogram->n_channels = n_channels;
  for (c = 0; c < 3; c++)
    {
      guint32 *counts = histogram->counts[c];

      memset (counts, 0, histogram->n_bins * sizeof *counts);
      histogram->total[c] = 0;
      if (c >= n_channels)
        continue;
      for (v = 0; v < N_LEVELS; v++)
        {
          counts[((guint64) v * histogram->n_bins) >> 16] += hist[c][v];
          histogram->total[c] += hist[c][v];
        }
    }
}

/* Statistics (and, when histogram is not NULL, the display histogram) of a subsample of
 * about a million samples; small frames are read whole. Any element type, 1 or 3 planes
 * (a 2-plane frame is read as mono from its first plane). The pattern only counts for
 * single-plane frames of at least 2×2 pixels; the last column and row of an odd-sized
 * Bayer frame are left out. */
void
cria_stretch_compute_stats (const CriaFrame  *frame,
                            CriaBayerPattern  pattern,
                            CriaStretchStats *stats,
                            CriaHistogram    *histogram)
{
  g_autofree guint32 *storage = g_new0 (guint32, 3 * N_LEVELS);
  g_autofree guint16 *scratch = NULL;
  guint32 *hist[3] = { storage, storage + N_LEVELS, storage + 2 * N_LEVELS };
  gboolean bayer = pattern != CRIA_BAYER_NONE && frame->planes == 1
                   && frame->width >= 2 && frame->height >= 2;
  guint n_channels, c;

  memset (stats, 0, sizeof *stats);
  if (!cria_pixel_type_is_direct (frame->element_type) || (frame->stride & 1) != 0
      || ((guintptr) frame->data & 1) != 0)
    scratch = g_new (guint16, 2 * (gsize) frame->width * frame->planes);

  if (bayer)
    {
      n_channels = 3;
      accumulate_bayer (frame, pattern, hist, scratch);
    }
  else
    {
      n_channels = frame->planes == 3 ? 3 : 1;
      accumulate_planes (frame, n_channels, hist, scratch);
    }

  stats->n_channels = n_channels;
  for (c = 0; c < n_channels; c++)
    stats_from_histogram (hist[c], stats, c);

  if (histogram != NULL)
    fill_histogram (histogram, hist, n_channels);
}

void
cria_stretch_compute_auto (const CriaFrame   *frame,
                           CriaBayerPattern   pattern,
                           gboolean           linked,
                           CriaStretchParams *out)
{
  CriaStretchStats stats;

  cria_stretch_compute_stats (frame, pattern, &stats, NULL);
  cria_stretch_params_from_stats (&stats, linked, out);
}

/* Rather than evaluating the MTF 65536 times, find where each of the 255 output steps
 * starts: the inverse of MTF(·; m) is MTF(·; 1 − m), so output level k starts at the
 * first sample whose stretched value reaches (k − ½) / 255. */
static void
build_channel (double  black,
               double  midtone,
               double  white,
               guint8 *lut)
{
  gsize start = 0;
  guint k;

  sanitize (&black, &midtone, &white);
  for (k = 1; k < 256; k++)
    {
      double y = cria_stretch_mtf ((k - 0.5) / 255.0, 1.0 - midtone);
      double first = ceil ((black + y * (white - black)) * (N_LEVELS - 1));
      gsize end = first <= (double) start ? start
                  : first >= (double) N_LEVELS ? N_LEVELS : (gsize) first;

      memset (lut + start, (int) (k - 1), end - start);
      start = end;
    }
  memset (lut + start, 255, N_LEVELS - start);
}

void
cria_stretch_build_lut (const CriaStretchParams *params,
                        CriaStretchLut          *lut)
{
  guint c;

  for (c = 0; c < 3; c++)
    build_channel (params->black[c], params->midtone[c], params->white[c], lut->channel[c]);
}
