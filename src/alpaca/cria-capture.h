/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cria-device.h"
#include "cria-frame.h"
#include "cria-frame-pool.h"

G_BEGIN_DECLS

/* A gain, offset or readout mode the capture leaves as the camera has it. */
#define CRIA_CAPTURE_KEEP G_MININT

/* Where the time of one frame went, in milliseconds of the loop's monotonic clock. */
typedef struct
{
  guint64  sequence;      /* the frame's number in its run, from 1 */
  double   exposure_ms;   /* StartExposure sent until the exposure time had passed */
  double   wait_ms;       /* from then until ImageReady was true */
  double   download_ms;   /* imagearray request sent until its last byte was in */
  double   decode_ms;     /* from then until the frame was decoded */
  double   download_mbps; /* body megabytes (10^6) per second of download */
  guint64  bytes;         /* body bytes */
  gboolean imagebytes;    /* FALSE when the camera answered in JSON */
} CriaFrameTiming;

/* Counters of the current (or last) run. */
typedef struct
{
  guint64 frames;    /* decoded by the loop */
  guint64 delivered; /* handed to "frame" handlers */
  guint64 dropped;   /* replaced by a newer one before the consumer was ready, or left at stop */
  guint64 bytes;     /* image bytes downloaded */
  double  fps;       /* decoded frames per second over the last few frames */
} CriaCaptureStats;

#define CRIA_TYPE_CAPTURE (cria_capture_get_type ())

/* The live loop of one camera: expose, poll, download, decode, over and over. The loop runs
 * in a thread of its own with its own HTTP connection, so a busy main thread never slows the
 * camera; "frame" and "error" are emitted in the thread-default main context of the caller
 * of cria_capture_start(). When a handler is slower than the camera, frames wait in a slot
 * of one and the newer replaces the older ("dropped"): latency never builds up.
 *
 * The camera must be connected. Settings apply from the next exposure: they are written
 * before the next StartExposure, and an exposure in progress is aborted first when the
 * camera can abort (one already being read out is let finish). The first error (device
 * error, timeout, malformed image) is emitted as "error" and ends the run, aborting the
 * exposure in progress; there are no retries, which would only hide a fault. */
G_DECLARE_FINAL_TYPE (CriaCapture, cria_capture, CRIA, CAPTURE, GObject)

CriaCapture   *cria_capture_new              (CriaDevice           *camera);
CriaDevice    *cria_capture_get_device       (CriaCapture          *self);
/* Frames come from this pool and return to it when released. */
CriaFramePool *cria_capture_get_frame_pool   (CriaCapture          *self);

double         cria_capture_get_exposure     (CriaCapture          *self);
void           cria_capture_set_exposure     (CriaCapture          *self,
                                              double                seconds);
int            cria_capture_get_gain         (CriaCapture          *self);
void           cria_capture_set_gain         (CriaCapture          *self,
                                              int                   gain);
int            cria_capture_get_offset       (CriaCapture          *self);
void           cria_capture_set_offset       (CriaCapture          *self,
                                              int                   offset);
int            cria_capture_get_readout_mode (CriaCapture          *self);
void           cria_capture_set_readout_mode (CriaCapture          *self,
                                              int                   mode);
/* Sets BinX and BinY; 0 leaves the camera's binning. */
guint          cria_capture_get_binning      (CriaCapture          *self);
void           cria_capture_set_binning      (CriaCapture          *self,
                                              guint                 binning);
/* A region in binned pixels (StartX, StartY, NumX, NumY); width or height 0 asks for the
 * full frame at the current binning. */
void           cria_capture_set_subframe     (CriaCapture          *self,
                                              guint                 x,
                                              guint                 y,
                                              guint                 width,
                                              guint                 height);
/* FALSE for the full frame. */
gboolean       cria_capture_get_subframe     (CriaCapture          *self,
                                              guint                *x,
                                              guint                *y,
                                              guint                *width,
                                              guint                *height);

/* Starts a run; does nothing while one runs. A run that is still winding down after a
 * stop is followed by the new one. */
void           cria_capture_start            (CriaCapture          *self);
/* Ends the run: requests in flight are cancelled, an exposure in progress is aborted when
 * the camera can, and no "frame" is emitted any more. */
void           cria_capture_stop             (CriaCapture          *self);
/* The same, completing once the loop has wound down (its last request answered). */
void           cria_capture_stop_async       (CriaCapture          *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       cria_capture_stop_finish      (CriaCapture          *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* TRUE from cria_capture_start() until the run has wound down. */
gboolean       cria_capture_get_running      (CriaCapture          *self);
void           cria_capture_get_stats        (CriaCapture          *self,
                                              CriaCaptureStats     *stats);

G_END_DECLS
