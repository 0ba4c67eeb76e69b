/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-imaging"

#include "cria-bayer.h"

#include <string.h>

static const char *const fits_names[] = {
  [CRIA_BAYER_RGGB] = "RGGB",
  [CRIA_BAYER_GRBG] = "GRBG",
  [CRIA_BAYER_GBRG] = "GBRG",
  [CRIA_BAYER_BGGR] = "BGGR",
};

static gboolean
is_bayer (CriaBayerPattern pattern)
{
  return pattern >= CRIA_BAYER_RGGB && pattern <= CRIA_BAYER_BGGR;
}

static guint
parity (int value)
{
  /* Offsets and starts may come from a device as negative numbers. */
  return (guint) (((value % 2) + 2) % 2);
}

/* The pattern of pixel (dx, dy) of a frame whose pixel (0, 0) has the given pattern. */
CriaBayerPattern
cria_bayer_pattern_shift (CriaBayerPattern pattern,
                          int              dx,
                          int              dy)
{
  guint phase;

  if (!is_bayer (pattern))
    return CRIA_BAYER_NONE;

  phase = (guint) (pattern - CRIA_BAYER_RGGB);
  phase ^= parity (dx) | (parity (dy) << 1);
  return (CriaBayerPattern) (CRIA_BAYER_RGGB + phase);
}

/* Which frame pixel of the top-left 2×2 cell is red; blue is the opposite corner and the
 * other two are green. (0, 0) for NONE. */
void
cria_bayer_pattern_red_phase (CriaBayerPattern  pattern,
                              guint            *red_x,
                              guint            *red_y)
{
  guint phase = is_bayer (pattern) ? (guint) (pattern - CRIA_BAYER_RGGB) : 0;

  /* RGGB shifted by (dx, dy) has its red at (dx, dy) within the cell. */
  if (red_x != NULL)
    *red_x = phase & 1;
  if (red_y != NULL)
    *red_y = phase >> 1;
}

/* The colour of frame pixel (x, y). A NONE frame has one channel, reported as red. */
CriaChannel
cria_bayer_pattern_channel_at (CriaBayerPattern pattern,
                               guint            x,
                               guint            y)
{
  switch (cria_bayer_pattern_shift (pattern, (int) (x & 1), (int) (y & 1)))
    {
    case CRIA_BAYER_RGGB:
      return CRIA_CHANNEL_RED;
    case CRIA_BAYER_GRBG:
    case CRIA_BAYER_GBRG:
      return CRIA_CHANNEL_GREEN;
    case CRIA_BAYER_BGGR:
      return CRIA_CHANNEL_BLUE;
    case CRIA_BAYER_NONE:
    default:
      return CRIA_CHANNEL_RED;
    }
}

/* The pattern of pixel (0, 0) of a frame read from an ASCOM camera.
 *
 * ASCOM gives the sensor's matrix as SensorType (only RGGB is debayered here) and the
 * position of that matrix's first (red) pixel on the full, unbinned sensor as
 * BayerOffsetX/Y, which ignore subframes. A subframe starting at StartX/StartY (in binned
 * pixels, so unbinned pixels when BinX/Y are 1) moves the phase by the parity of
 * (start - offset).
 *
 * Binning on a colour sensor mixes the colours of neighbouring pixels in most drivers
 * (2×2 binning yields one value per Bayer cell), so a binned frame is taken as monochrome:
 * CRIA_BAYER_NONE. So are CMYG, CMYG2 and LRGB sensors, which Cria does not debayer, and
 * colour sensors that already deliver RGB planes. */
CriaBayerPattern
cria_bayer_pattern_for (int sensor_type,
                        int bayer_offset_x,
                        int bayer_offset_y,
                        int start_x,
                        int start_y,
                        int bin_x,
                        int bin_y)
{
  if (sensor_type != CRIA_SENSOR_RGGB)
    return CRIA_BAYER_NONE;
  if (bin_x != 1 || bin_y != 1)
    return CRIA_BAYER_NONE;

  return cria_bayer_pattern_shift (CRIA_BAYER_RGGB,
                                   (int) parity (start_x) - (int) parity (bayer_offset_x),
                                   (int) parity (start_y) - (int) parity (bayer_offset_y));
}

/* The FITS BAYERPAT value for a frame written top-down (ROWORDER TOP-DOWN), or NULL for
 * a frame without a colour filter array. */
const char *
cria_bayer_pattern_to_fits (CriaBayerPattern pattern)
{
  return is_bayer (pattern) ? fits_names[pattern] : NULL;
}

/* Parses a BAYERPAT value (case and surrounding blanks ignored); NONE when unknown. */
CriaBayerPattern
cria_bayer_pattern_from_fits (const char *bayerpat)
{
  g_autofree char *clean = NULL;
  int p;

  if (bayerpat == NULL)
    return CRIA_BAYER_NONE;

  clean = g_strstrip (g_ascii_strup (bayerpat, -1));
  for (p = CRIA_BAYER_RGGB; p <= CRIA_BAYER_BGGR; p++)
    if (strcmp (clean, fits_names[p]) == 0)
      return (CriaBayerPattern) p;
  return CRIA_BAYER_NONE;
}
