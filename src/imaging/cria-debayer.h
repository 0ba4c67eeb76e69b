/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cria-bayer.h"
#include "cria-frame.h"
#include "cria-stretch.h"

G_BEGIN_DECLS

/* Display output is packed RGB8: 3 bytes per pixel, R G B, rows out_stride bytes apart
 * (GDK_MEMORY_R8G8B8). Packed RGB is a quarter less memory traffic than RGBx, and the
 * kernels write it with wide overlapping stores, so it costs no more to produce. */
#define CRIA_RGB8_BYTES_PER_PIXEL 3

typedef enum
{
  CRIA_DEBAYER_SUPERPIXEL, /* each 2×2 cell → one pixel, half size */
  CRIA_DEBAYER_BILINEAR,   /* full size */
} CriaDebayerMethod;

/* Demosaicing for saved views; the values are LibRaw's user_qual. Bilinear (LibRaw's 0)
 * is done by Cria itself; the others go through LibRaw. */
typedef enum
{
  CRIA_DEMOSAIC_BILINEAR = 0,
  CRIA_DEMOSAIC_VNG = 1,
  CRIA_DEMOSAIC_PPG = 2,
  CRIA_DEMOSAIC_AHD = 3,
  CRIA_DEMOSAIC_DCB = 4,
} CriaDemosaicQuality;

#define CRIA_DEMOSAIC_DEFAULT CRIA_DEMOSAIC_AHD

gboolean    cria_debayer_get_output_size (const CriaFrame      *frame,
                                          CriaBayerPattern      pattern,
                                          CriaDebayerMethod     method,
                                          guint                *width,
                                          guint                *height,
                                          GError              **error);
gboolean    cria_debayer_to_rgb8         (const CriaFrame      *frame,
                                          CriaBayerPattern      pattern,
                                          CriaDebayerMethod     method,
                                          const CriaStretchLut *lut,
                                          guint8               *out,
                                          gsize                 out_stride,
                                          GError              **error);

gboolean    cria_debayer_superpixel_rgb8 (const CriaFrame      *frame,
                                          CriaBayerPattern      pattern,
                                          const CriaStretchLut *lut,
                                          guint8               *out,
                                          gsize                 out_stride,
                                          GError              **error);
gboolean    cria_debayer_bilinear_rgb8   (const CriaFrame      *frame,
                                          CriaBayerPattern      pattern,
                                          const CriaStretchLut *lut,
                                          guint8               *out,
                                          gsize                 out_stride,
                                          GError              **error);
gboolean    cria_debayer_mono_rgb8       (const CriaFrame      *frame,
                                          const CriaStretchLut *lut,
                                          guint8               *out,
                                          gsize                 out_stride,
                                          GError              **error);

CriaFrame  *cria_debayer_quality         (const CriaFrame      *frame,
                                          CriaBayerPattern      pattern,
                                          CriaDemosaicQuality   quality,
                                          GCancellable         *cancellable,
                                          GError              **error);

G_END_DECLS
