/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The colour filter layout of a single-plane frame, named by its top-left 2×2 cell
 * (row 0 left to right, then row 1). The four Bayer values are ordered so that
 * value - CRIA_BAYER_RGGB = (x phase) + 2 × (y phase) relative to RGGB. */
typedef enum
{
  CRIA_BAYER_NONE = 0, /* monochrome, or anything Cria does not debayer */
  CRIA_BAYER_RGGB,
  CRIA_BAYER_GRBG,
  CRIA_BAYER_GBRG,
  CRIA_BAYER_BGGR,
} CriaBayerPattern;

/* Colour channels, in the order of the RGB8 output and of per-channel tables. */
typedef enum
{
  CRIA_CHANNEL_RED = 0,
  CRIA_CHANNEL_GREEN,
  CRIA_CHANNEL_BLUE,
} CriaChannel;

/* ASCOM SensorType values. */
typedef enum
{
  CRIA_SENSOR_MONOCHROME = 0,
  CRIA_SENSOR_COLOR      = 1, /* already RGB, several planes */
  CRIA_SENSOR_RGGB       = 2,
  CRIA_SENSOR_CMYG       = 3,
  CRIA_SENSOR_CMYG2      = 4,
  CRIA_SENSOR_LRGB       = 5,
} CriaSensorType;

CriaBayerPattern  cria_bayer_pattern_for        (int               sensor_type,
                                                 int               bayer_offset_x,
                                                 int               bayer_offset_y,
                                                 int               start_x,
                                                 int               start_y,
                                                 int               bin_x,
                                                 int               bin_y);
CriaBayerPattern  cria_bayer_pattern_shift      (CriaBayerPattern  pattern,
                                                 int               dx,
                                                 int               dy);
CriaChannel       cria_bayer_pattern_channel_at (CriaBayerPattern  pattern,
                                                 guint             x,
                                                 guint             y);
void              cria_bayer_pattern_red_phase  (CriaBayerPattern  pattern,
                                                 guint            *red_x,
                                                 guint            *red_y);
const char       *cria_bayer_pattern_to_fits    (CriaBayerPattern  pattern);
CriaBayerPattern  cria_bayer_pattern_from_fits  (const char       *bayerpat);

G_END_DECLS
