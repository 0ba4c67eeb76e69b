/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cria-stretch.h"

G_BEGIN_DECLS

#define CRIA_TYPE_HISTOGRAM (cria_histogram_get_type ())

/* A display histogram of a frame, filled by cria_stretch_compute_stats() from the same
 * subsample as the statistics. Bin b of n_bins covers normalised values
 * [b / n_bins, (b + 1) / n_bins). Counts are linear; a log scale is the widget's business. */
struct _CriaHistogram
{
  guint    n_channels; /* 1 (mono) or 3 (R, G, B) */
  guint    n_bins;
  guint64  total[3];
  guint32 *counts[3];  /* n_bins each; all three allocated, unused ones zero */
};

GType          cria_histogram_get_type           (void) G_GNUC_CONST;

CriaHistogram *cria_histogram_new                (guint                    n_bins);
CriaHistogram *cria_histogram_copy               (const CriaHistogram     *histogram);
void           cria_histogram_free               (CriaHistogram           *histogram);

guint          cria_histogram_get_peak           (const CriaHistogram     *histogram);
void           cria_histogram_get_stretch_points (const CriaHistogram     *histogram,
                                                  const CriaStretchParams *params,
                                                  CriaChannel              channel,
                                                  double                  *black_bin,
                                                  double                  *midpoint_bin,
                                                  double                  *white_bin);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CriaHistogram, cria_histogram_free)

G_END_DECLS
