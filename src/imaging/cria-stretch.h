/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cria-bayer.h"
#include "cria-frame.h"

G_BEGIN_DECLS

/* Screen stretch of 16-bit samples, on data normalised to [0, 1]: clip at black and white,
 * then the midtones transfer function MTF(x; m) = (m − 1)·x / ((2m − 1)·x − m), which maps
 * 0 to 0, m to 0.5 and 1 to 1. Samples of other element types are first brought to the
 * 16-bit scale (Byte × 257, others clamped to [0, 65535]). */

#define CRIA_STRETCH_LUT_SIZE          65536
/* Shadows clipping of the auto-stretch, in unscaled MADs from the median. */
#define CRIA_STRETCH_SHADOWS_CLIP      (-2.8)
/* Where the auto-stretch puts the median (the sky background). */
#define CRIA_STRETCH_TARGET_BACKGROUND 0.25
/* Bounds of a usable midtone balance; 0 and 1 are step functions. */
#define CRIA_STRETCH_MIDTONE_MIN       1.0e-6
#define CRIA_STRETCH_MIDTONE_MAX       (1.0 - 1.0e-6)

typedef struct _CriaHistogram CriaHistogram;

/* Per channel, indexed by CriaChannel. Mono frames use the same values in all three. */
typedef struct
{
  double black[3];   /* shadows clipping point, [0, 1) */
  double midtone[3]; /* MTF balance m, (0, 1); 0.5 is linear */
  double white[3];   /* highlights clipping point, (black, 1] */
} CriaStretchParams;

/* Statistics of a subsample, normalised to [0, 1]. Bayer frames give one channel per CFA
 * colour (R, G, B), RGB frames one per plane, others one. The median is the lower median;
 * the MAD is the unscaled median of |x − median|. */
typedef struct
{
  guint   n_channels;
  guint64 n_samples[3];
  double  median[3];
  double  mad[3];
  double  minimum[3];
  double  maximum[3];
} CriaStretchStats;

/* One 8-bit output table per colour channel, indexed by CriaChannel and then by the
 * 16-bit sample. 192 KiB: allocate it once and rebuild it per frame. */
typedef struct
{
  guint8 channel[3][CRIA_STRETCH_LUT_SIZE];
} CriaStretchLut;

double   cria_stretch_mtf                (double                   x,
                                          double                   m);

void     cria_stretch_params_init_linear (CriaStretchParams       *params);
void     cria_stretch_params_set_manual  (CriaStretchParams       *params,
                                          double                   black,
                                          double                   midtone,
                                          double                   white);
void     cria_stretch_params_from_stats  (const CriaStretchStats  *stats,
                                          gboolean                 linked,
                                          CriaStretchParams       *out);

void     cria_stretch_compute_stats      (const CriaFrame         *frame,
                                          CriaBayerPattern         pattern,
                                          CriaStretchStats        *stats,
                                          CriaHistogram           *histogram);
void     cria_stretch_compute_auto       (const CriaFrame         *frame,
                                          CriaBayerPattern         pattern,
                                          gboolean                 linked,
                                          CriaStretchParams       *out);

void     cria_stretch_build_lut          (const CriaStretchParams *params,
                                          CriaStretchLut          *lut);

G_END_DECLS
