/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-imaging"

#include "cria-histogram.h"

#include <string.h>

G_DEFINE_BOXED_TYPE (CriaHistogram, cria_histogram, cria_histogram_copy, cria_histogram_free)

/* n_bins is clamped to [1, 65536], the resolution of the statistics. */
CriaHistogram *
cria_histogram_new (guint n_bins)
{
  CriaHistogram *histogram = g_new0 (CriaHistogram, 1);
  guint c;

  n_bins = CLAMP (n_bins, 1, CRIA_STRETCH_LUT_SIZE);
  histogram->n_bins = n_bins;
  histogram->n_channels = 1;
  /* One block, so that a copy is one allocation and a free one call. */
  histogram->counts[0] = g_new0 (guint32, 3 * (gsize) n_bins);
  for (c = 1; c < 3; c++)
    histogram->counts[c] = histogram->counts[0] + c * (gsize) n_bins;
  return histogram;
}

CriaHistogram *
cria_histogram_copy (const CriaHistogram *histogram)
{
  CriaHistogram *copy;

  g_return_val_if_fail (histogram != NULL, NULL);

  copy = cria_histogram_new (histogram->n_bins);
  copy->n_channels = histogram->n_channels;
  memcpy (copy->total, histogram->total, sizeof copy->total);
  memcpy (copy->counts[0], histogram->counts[0], 3 * (gsize) histogram->n_bins * sizeof (guint32));
  return copy;
}

void
cria_histogram_free (CriaHistogram *histogram)
{
  if (histogram == NULL)
    return;
  g_free (histogram->counts[0]);
  g_free (histogram);
}

/* The largest count over all channels, to scale a plot. */
guint
cria_histogram_get_peak (const CriaHistogram *histogram)
{
  guint32 peak = 0;
  guint c, b;

  for (c = 0; c < histogram->n_channels; c++)
    for (b = 0; b < histogram->n_bins; b++)
      peak = MAX (peak, histogram->counts[c][b]);
  return peak;
}

/* Where the stretch of a channel sits on the histogram's axis, in (fractional) bins:
 * the black point, the midpoint (the input level shown as 50 % grey, which is
 * black + m × (white − black) since MTF(m; m) = ½) and the white point. Any of the
 * outputs may be NULL. */
void
cria_histogram_get_stretch_points (const CriaHistogram     *histogram,
                                   const CriaStretchParams *params,
                                   CriaChannel              channel,
                                   double                  *black_bin,
                                   double                  *midpoint_bin,
                                   double                  *white_bin)
{
  guint c = MIN ((guint) channel, 2);
  double black = params->black[c], white = params->white[c];
  double midpoint = black + params->midtone[c] * (white - black);

  if (black_bin != NULL)
    *black_bin = black * histogram->n_bins;
  if (midpoint_bin != NULL)
    *midpoint_bin = midpoint * histogram->n_bins;
  if (white_bin != NULL)
    *white_bin = white * histogram->n_bins;
}
