/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cria-frame.h"
#include "cria-snapshot.h"

G_BEGIN_DECLS

typedef enum
{
  CRIA_RAW_FORMAT_SER,  /* one SER file: 16-bit frames and their UTC times */
  CRIA_RAW_FORMAT_FITS, /* one FITS file per frame, numbered, with the snapshot headers */
} CriaRawFormat;

#define CRIA_RAW_RECORDER_DEFAULT_QUEUE 8

#define CRIA_TYPE_RAW_RECORDER (cria_raw_recorder_get_type ())

/* Records raw frames as the capture loop delivers them. A worker thread writes them;
 * cria_raw_recorder_push_frame() only queues, and when the queue is full it drops the
 * frame and counts it instead of waiting, so a slow disk never slows the capture. The
 * first write error stops the recording (later frames are refused) and comes back from
 * cria_raw_recorder_stop_finish(). Stop before dropping the last reference: otherwise
 * dispose writes out the queue itself, blocking. */
G_DECLARE_FINAL_TYPE (CriaRawRecorder, cria_raw_recorder, CRIA, RAW_RECORDER, GObject)

/* file: the SER file; for FITS, the name the sequence is numbered from: "m42.fits" gives
 * "m42-00001.fits", "m42-00002.fits"… beside it. info (may be NULL) is copied. max_queued:
 * frames that may wait for the disk, 0 for CRIA_RAW_RECORDER_DEFAULT_QUEUE. */
CriaRawRecorder *cria_raw_recorder_new             (GFile                   *file,
                                                    CriaRawFormat            format,
                                                    const CriaSnapshotInfo  *info,
                                                    guint                    max_queued,
                                                    GError                 **error);
/* Thread-safe, never blocks. FALSE when the frame was not taken: queue full (counted as
 * dropped), recording stopped or failed. */
gboolean         cria_raw_recorder_push_frame      (CriaRawRecorder         *self,
                                                    CriaFrame               *frame);
/* Writes what is queued, completes the file (the SER trailer and frame count) and ends
 * the worker. */
void             cria_raw_recorder_stop_async      (CriaRawRecorder         *self,
                                                    GCancellable            *cancellable,
                                                    GAsyncReadyCallback      callback,
                                                    gpointer                 user_data);
gboolean         cria_raw_recorder_stop_finish     (CriaRawRecorder         *self,
                                                    GAsyncResult            *result,
                                                    GError                 **error);

/* The file of frame number (from 1) of a FITS sequence named by file. */
GFile           *cria_raw_recorder_sequence_file   (GFile                   *file,
                                                    guint64                  number);

/* Thread-safe. */
guint64          cria_raw_recorder_get_n_written   (CriaRawRecorder         *self);
guint64          cria_raw_recorder_get_n_dropped   (CriaRawRecorder         *self);

G_END_DECLS
