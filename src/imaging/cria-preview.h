/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdk/gdk.h>

#include "cria-frame.h"
#include "cria-gst-debayer.h"
#include "cria-gst-stretch.h"
#include "cria-stretch-report.h"

G_BEGIN_DECLS

/* What the live view costs, per stage, for the last frame through each stage. Every
 * pixel is touched on GStreamer's streaming thread; the main thread only swaps textures. */
typedef struct
{
  double  debayer_ms;        /* criadebayer: method, geometry and checks (no pixels) */
  double  stats_ms;          /* criastretch: statistics and histogram of a subsample */
  double  lut_ms;            /* criastretch: table rebuild, 0 when kept */
  double  render_ms;         /* criastretch: demosaic and table look-up, one pass */
  double  sink_ms;           /* criapaintablesink: wrapping the buffer in a texture */
  double  handoff_ms;        /* texture offered → shown on the main thread */
  guint64 frames_pushed;     /* accepted by cria_preview_push_frame() */
  guint64 frames_dropped;    /* replaced while waiting for the busy pipeline */
  guint64 frames_rendered;   /* through criastretch */
  guint64 frames_shown;      /* became the paintable's texture */
  guint64 textures_replaced; /* rendered but superseded before the main thread took them */
  guint64 lut_builds;
  guint64 buffers_allocated; /* display buffers; stays flat while frames reuse them */
} CriaPreviewTimings;

#define CRIA_TYPE_PREVIEW (cria_preview_get_type ())

/* The live view's display pipeline:
 *   appsrc ! criadebayer ! criastretch ! tee ! criapaintablesink
 * (the tee is where a recorder will branch off). Frames go in with
 * cria_preview_push_frame(), from any thread, without a copy; the picture comes out as
 * the paintable, for a GtkPicture. At most one frame waits while the pipeline works on
 * another: a newer frame replaces the waiting one, so what is shown is always the latest
 * frame the pipeline could keep up with.
 *
 * Properties are set on the main thread and apply from the next frame. "report" changes
 * (on the main thread) after each frame with the statistics, histogram and stretch, for
 * a live histogram. "error" is emitted on the main thread when the pipeline fails; the
 * preview then restarts itself and takes the next frame. */
G_DECLARE_FINAL_TYPE (CriaPreview, cria_preview, CRIA, PREVIEW, GObject)

CriaPreview       *cria_preview_new               (void);

/* Thread-safe. FALSE when the frame cannot be shown at all (e.g. two planes, too small
 * to debayer) or the pipeline refuses it. The pattern comes from the frame's capture
 * metadata (cria_imaging_gst_frame_pattern()). */
gboolean           cria_preview_push_frame        (CriaPreview        *self,
                                                   CriaFrame          *frame);

GdkPaintable      *cria_preview_get_paintable     (CriaPreview        *self);
/* The report of the last frame, or NULL. Thread-safe. */
CriaStretchReport *cria_preview_dup_report        (CriaPreview        *self);
/* Thread-safe. */
void               cria_preview_get_timings       (CriaPreview        *self,
                                                   CriaPreviewTimings *timings);

CriaStretchMode    cria_preview_get_stretch_mode  (CriaPreview        *self);
void               cria_preview_set_stretch_mode  (CriaPreview        *self,
                                                   CriaStretchMode     mode);
gboolean           cria_preview_get_linked        (CriaPreview        *self);
void               cria_preview_set_linked        (CriaPreview        *self,
                                                   gboolean            linked);
/* Manual stretch, normalised to [0, 1]. */
void               cria_preview_get_manual_stretch (CriaPreview       *self,
                                                    double            *black,
                                                    double            *midtone,
                                                    double            *white);
void               cria_preview_set_manual_stretch (CriaPreview       *self,
                                                    double             black,
                                                    double             midtone,
                                                    double             white);
CriaDebayerMode    cria_preview_get_debayer_mode  (CriaPreview        *self);
void               cria_preview_set_debayer_mode  (CriaPreview        *self,
                                                   CriaDebayerMode     mode);
double             cria_preview_get_display_scale (CriaPreview        *self);
void               cria_preview_set_display_scale (CriaPreview        *self,
                                                   double              scale);

/* The caps of the capture time that cria_preview_push_frame() attaches to a frame's
 * buffer as a GstReferenceTimestampMeta (ns since the Unix epoch, UTC), when the frame's
 * metadata has a start time. It travels with the picture down to every branch. */
#define CRIA_PREVIEW_CAPTURE_TIME_CAPS "timestamp/x-unix"

/* Branches off the tee, e.g. a recorder. branch has an always pad "sink" and takes what
 * the view shows (video/x-raw, format=RGB). It must never block nor return an error
 * upstream (a sink with sync=FALSE, async=FALSE; an appsink that drops): the live view
 * waits for every branch. Main thread. */
gboolean           cria_preview_add_branch        (CriaPreview        *self,
                                                   GstElement         *branch,
                                                   GError            **error);
/* Detaches branch, stops it (state NULL) and removes it from the pipeline, while the live
 * view goes on. Main thread. */
void               cria_preview_remove_branch     (CriaPreview        *self,
                                                   GstElement         *branch);

G_END_DECLS
