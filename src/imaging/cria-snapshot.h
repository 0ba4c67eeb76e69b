/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cria-bayer.h"
#include "cria-debayer.h"
#include "cria-fits.h"
#include "cria-frame.h"
#include "cria-stretch.h"

G_BEGIN_DECLS

/* What a saved frame's header says beyond the frame's own capture metadata
 * (CriaFrameInfo): the state of the camera's name and of the devices around it. */
typedef struct
{
  const char *instrument;         /* INSTRUME, the camera's name; NULL: absent */
  gboolean    has_focus_position;
  gint64      focus_position;     /* FOCUSPOS, focuser steps */
  const char *filter;             /* FILTER, the filter's name; NULL: absent */
  gboolean    has_coordinates;
  double      ra;                 /* RA, degrees */
  double      dec;                /* DEC, degrees */
} CriaSnapshotInfo;

typedef enum
{
  CRIA_SNAPSHOT_FORMAT_TIFF16, /* uncompressed baseline TIFF, 16 bits per sample */
  CRIA_SNAPSHOT_FORMAT_PNG8,   /* 8-bit RGB PNG */
} CriaSnapshotFormat;

/* The header keywords of a raw frame: EXPTIME, DATE-OBS, INSTRUME, XBINNING/YBINNING,
 * XPIXSZ/YPIXSZ, GAIN, OFFSET, CCD-TEMP, BAYERPAT/XBAYROFF/YBAYROFF (colour mosaics) from
 * what the frame and info know, then FOCUSPOS, FILTER, RA and DEC when info has them;
 * whatever is unknown is left out. A new array of CriaFitsKeyword that owns its strings;
 * info may be NULL. */
GArray   *cria_fits_keywords_for_frame     (const CriaFrame         *frame,
                                            const CriaSnapshotInfo  *info);

/* Saves the raw frame as FITS with cria_fits_keywords_for_frame(), in a worker thread.
 * The file (local) appears complete or not at all. */
void      cria_snapshot_save_fits_async    (CriaFrame               *raw,
                                            const CriaSnapshotInfo  *info,
                                            GFile                   *file,
                                            GCancellable            *cancellable,
                                            GAsyncReadyCallback      callback,
                                            gpointer                 user_data);
gboolean  cria_snapshot_save_fits_finish   (GAsyncResult            *result,
                                            GError                 **error);

/* Saves what the live view shows at full quality, in a worker thread: a colour mosaic
 * (pattern not NONE) demosaiced by quality to 16-bit RGB, then stretched by params in 16
 * bits; a mono frame stretched; an RGB frame stretched per plane. TIFF16 keeps 16 bits
 * (grey for mono), PNG8 is 8-bit RGB. The file (local) appears complete or not at all. */
void      cria_snapshot_save_view_async    (CriaFrame               *raw,
                                            CriaBayerPattern         pattern,
                                            const CriaStretchParams *params,
                                            CriaSnapshotFormat       format,
                                            CriaDemosaicQuality      quality,
                                            GFile                   *file,
                                            GCancellable            *cancellable,
                                            GAsyncReadyCallback      callback,
                                            gpointer                 user_data);
gboolean  cria_snapshot_save_view_finish   (GAsyncResult            *result,
                                            GError                 **error);

G_END_DECLS
