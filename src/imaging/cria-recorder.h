/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cria-preview.h"

G_BEGIN_DECLS

typedef enum
{
  CRIA_VIDEO_FORMAT_AUTO = 0, /* WebM when its encoder is installed, else MP4 */
  CRIA_VIDEO_FORMAT_WEBM,     /* VP8 in WebM: vp8enc, webmmux (gst-plugins-good) */
  CRIA_VIDEO_FORMAT_MP4,      /* H.264 in MP4: x264enc (gst-plugins-ugly), mp4mux */
} CriaVideoFormat;

#define CRIA_TYPE_RECORDER (cria_recorder_get_type ())

/* Records what the live view shows to a video file: a branch off the preview's tee hands
 * the displayed RGB frames to an encoding pipeline of its own, so nothing the encoder
 * does (slowness, errors, the end of the file) reaches the live view. Frames carry their
 * capture times (variable frame rate, the first frame at 0); when the encoder falls
 * behind, the oldest waiting frame is dropped. A change of frame size mid-recording is
 * scaled to the first size.
 *
 * "error" is emitted on the main thread when the recording fails by itself (disk full,
 * encoder error); the recording has then stopped. */
G_DECLARE_FINAL_TYPE (CriaRecorder, cria_recorder, CRIA, RECORDER, GObject)

/* What format picks on this system: AUTO resolves to an available format; a format
 * whose elements are missing (or AUTO with none available) gives AUTO. */
CriaVideoFormat  cria_video_format_resolve        (CriaVideoFormat       format);
/* "webm", "mp4"; NULL for AUTO. */
const char      *cria_video_format_get_extension  (CriaVideoFormat       format);

/* Starts recording the view of preview to the local file, replacing it. Main thread. */
CriaRecorder    *cria_recorder_start              (CriaPreview          *preview,
                                                   GFile                *file,
                                                   CriaVideoFormat       format,
                                                   GError              **error);
/* Ends the stream of this recording only, waits until the file is complete and closed,
 * and detaches from the live view, which goes on. Cancelling gives up waiting and
 * leaves the file as far as it got. */
void             cria_recorder_stop_async         (CriaRecorder         *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean         cria_recorder_stop_finish        (CriaRecorder         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

CriaVideoFormat  cria_recorder_get_format         (CriaRecorder         *self);
GFile           *cria_recorder_get_file           (CriaRecorder         *self);
gboolean         cria_recorder_is_recording       (CriaRecorder         *self);
/* Thread-safe. Frames the recording took, and how many of them were dropped because the
 * encoder lagged behind. */
guint64          cria_recorder_get_n_frames       (CriaRecorder         *self);
guint64          cria_recorder_get_n_dropped      (CriaRecorder         *self);

G_END_DECLS
