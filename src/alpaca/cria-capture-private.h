/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-capture.h"

G_BEGIN_DECLS

/* What the owner asked for; CRIA_CAPTURE_KEEP and 0 leave the camera's value. */
typedef struct
{
  double exposure;
  int    gain;
  int    offset;
  int    readout_mode;
  guint  binning;
  guint  start_x, start_y;
  guint  num_x, num_y;     /* 0: the full frame */
} CriaCaptureSettings;

typedef struct _CriaCaptureLoop CriaCaptureLoop;

/* One run of the loop, shared by the owner's thread and the loop's. */
typedef struct
{
  gatomicrefcount      ref_count;
  GMutex               mutex;
  GWeakRef             capture;
  GMainContext        *owner;    /* where signals are emitted */
  GMainContext        *context;  /* the loop thread's */
  CriaFramePool       *pool;

  /* Copied from the device at start: the loop makes its own client from them. */
  char                *base_url;
  double               timeout;
  double               image_timeout;
  guint                number;

  /* Under mutex. */
  gboolean             accepting;        /* the loop thread still takes wake-ups */
  gboolean             stop_requested;
  CriaCaptureSettings  settings;
  guint                settings_serial;
  CriaFrame           *slot;             /* the latest frame, not yet delivered */
  CriaFrameTiming      slot_timing;
  gboolean             delivery_pending;
  CriaCaptureStats     stats;

  /* The loop thread's alone. */
  CriaCaptureLoop     *loop;
} CriaCaptureRun;

CriaCaptureRun *cria_capture_run_ref       (CriaCaptureRun        *run);
void            cria_capture_run_unref     (CriaCaptureRun        *run);

/* Loop thread → owner. */
void            cria_capture_run_deliver   (CriaCaptureRun        *run,
                                            CriaFrame             *frame,
                                            const CriaFrameTiming *timing,
                                            double                 fps);
void            cria_capture_run_post_error (CriaCaptureRun       *run,
                                             const GError         *error);
void            cria_capture_run_post_finished (CriaCaptureRun    *run);

/* The loop thread's body: runs until stopped or failed, then posts "finished". Takes over
 * a reference to run. */
gpointer        cria_capture_loop_thread   (gpointer               run);
/* Owner → loop thread: look at stop_requested and the settings again. */
void            cria_capture_run_wake      (CriaCaptureRun        *run);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CriaCaptureRun, cria_capture_run_unref)

G_END_DECLS
