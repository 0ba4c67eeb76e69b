/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-imaging"

#include "cria-recorder.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <unistd.h>

#include "cria-imaging-gst.h"

/* Frames waiting for the encoder; a newer frame pushes the oldest out. */
#define MAX_WAITING_FRAMES 8
/* How long a stop waits for the encoder and muxer to finish the file. */
#define STOP_TIMEOUT_S 30
/* Timestamps must increase; frames that claim otherwise are put this far apart. */
#define MIN_FRAME_SPACING (GST_MSECOND)
/* How long a recording's only frame lasts. */
#define DEFAULT_LAST_DURATION (GST_SECOND / 10)

struct _CriaRecorder
{
  GObject          parent_instance;

  CriaPreview     *preview;  /* held while recording */
  GFile           *file;
  char            *path;
  CriaVideoFormat  format;
  int              fd;
  GstElement      *branch;   /* appsink in the live view's pipeline */
  /* appsrc ! videoconvert ! videoscale ! capsfilter ! encoder ! muxer ! fdsink */
  GstElement      *pipeline;
  GstElement      *source;
  GstElement      *filter;
  guint            bus_watch;

  /* Main thread. */
  gboolean         finished;
  GTask           *stop_task;
  GSource         *stop_timeout;
  GSource         *stop_cancelled;
  GError          *error;

  /* Under lock: the live view's streaming thread feeds the encoder. */
  GMutex           lock;
  gboolean         accepting;
  GstCaps         *caps;
  gboolean         have_size;
  GstClockTime     first_time;
  GstClockTime     last_pts;
  GstClockTime     last_gap;
  GstBuffer       *held;     /* the latest frame, until the next one gives its duration */
  guint64          n_frames;
  guint64          n_dropped;
};

enum
{
  SIGNAL_ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CriaRecorder, cria_recorder, G_TYPE_OBJECT)

typedef struct
{
  const char *encoder;
  const char *muxer;
  const char *extension;
  gboolean    even_size; /* 4:2:0 H.264 wants even sides */
} FormatElements;

static const FormatElements format_elements[] = {
  [CRIA_VIDEO_FORMAT_WEBM] = { "vp8enc", "webmmux", "webm", FALSE },
  [CRIA_VIDEO_FORMAT_MP4] = { "x264enc", "mp4mux", "mp4", TRUE },
};

static gboolean
factory_exists (const char *name)
{
  g_autoptr(GstElementFactory) factory = gst_element_factory_find (name);

  return factory != NULL;
}

static gboolean
format_is_available (CriaVideoFormat format)
{
  const char *needed[] = { "appsrc", "appsink", "videoconvert", "videoscale", "fdsink" };
  guint i;

  if (format != CRIA_VIDEO_FORMAT_WEBM && format != CRIA_VIDEO_FORMAT_MP4)
    return FALSE;
  for (i = 0; i < G_N_ELEMENTS (needed); i++)
    if (!factory_exists (needed[i]))
      return FALSE;
  return factory_exists (format_elements[format].encoder)
         && factory_exists (format_elements[format].muxer);
}

CriaVideoFormat
cria_video_format_resolve (CriaVideoFormat format)
{
  cria_imaging_gst_init ();

  if (format == CRIA_VIDEO_FORMAT_AUTO)
    {
      if (format_is_available (CRIA_VIDEO_FORMAT_WEBM))
        return CRIA_VIDEO_FORMAT_WEBM;
      if (format_is_available (CRIA_VIDEO_FORMAT_MP4))
        return CRIA_VIDEO_FORMAT_MP4;
      return CRIA_VIDEO_FORMAT_AUTO;
    }
  return format_is_available (format) ? format : CRIA_VIDEO_FORMAT_AUTO;
}

const char *
cria_video_format_get_extension (CriaVideoFormat format)
{
  if (format != CRIA_VIDEO_FORMAT_WEBM && format != CRIA_VIDEO_FORMAT_MP4)
    return NULL;
  return format_elements[format].extension;
}

static GstClockTime
capture_time (GstBuffer *buffer)
{
  static GstStaticCaps unix_time = GST_STATIC_CAPS (CRIA_PREVIEW_CAPTURE_TIME_CAPS);
  g_autoptr(GstCaps) caps = gst_static_caps_get (&unix_time);
  GstReferenceTimestampMeta *meta = gst_buffer_get_reference_timestamp_meta (buffer, caps);

  if (meta != NULL)
    return meta->timestamp;
  /* Without a capture time, when the frame reached the live view. */
  if (GST_BUFFER_PTS_IS_VALID (buffer))
    return GST_BUFFER_PTS (buffer);
  return g_get_monotonic_time () * GST_USECOND;
}

/* The encoder's picture size: the first frame's; later sizes are scaled to it. */
static void
fix_size (CriaRecorder *self,
          GstCaps      *caps)
{
  g_autoptr(GstCaps) fixed = NULL;
  GstStructure *s = gst_caps_get_structure (caps, 0);
  int width = 0, height = 0;

  gst_structure_get_int (s, "width", &width);
  gst_structure_get_int (s, "height", &height);
  if (format_elements[self->format].even_size)
    {
      width = MAX (2, width & ~1);
      height = MAX (2, height & ~1);
    }
  fixed = gst_caps_new_simple ("video/x-raw",
                               "format", G_TYPE_STRING, "I420",
                               "width", G_TYPE_INT, width,
                               "height", G_TYPE_INT, height,
                               "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                               NULL);
  g_object_set (self->filter, "caps", fixed, NULL);
  self->have_size = TRUE;
}

/* Under lock. A frame waits for the next one, which tells how long it lasts: muxers
 * cannot place a last frame without a duration. */
static void
push_held (CriaRecorder *self,
           GstClockTime  next_pts)
{
  GstBuffer *held = g_steal_pointer (&self->held);

  if (held == NULL)
    return;
  GST_BUFFER_DURATION (held) = next_pts - GST_BUFFER_PTS (held);
  /* The queue is leaky: a full one lets the oldest frame go. */
  if (gst_app_src_get_current_level_buffers (GST_APP_SRC (self->source)) >= MAX_WAITING_FRAMES)
    self->n_dropped++;
  gst_app_src_push_buffer (GST_APP_SRC (self->source), held);
}

/* On the live view's streaming thread: hand the frame on and return at once. */
static GstFlowReturn
on_new_sample (GstAppSink *sink,
               gpointer    user_data)
{
  CriaRecorder *self = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer, *out;
  GstCaps *caps;
  GstClockTime time, pts;

  if (sample == NULL)
    return GST_FLOW_OK;
  buffer = gst_sample_get_buffer (sample);
  caps = gst_sample_get_caps (sample);
  if (buffer == NULL || caps == NULL || !gst_caps_is_fixed (caps))
    return GST_FLOW_OK;

  g_mutex_lock (&self->lock);
  if (!self->accepting)
    {
      g_mutex_unlock (&self->lock);
      return GST_FLOW_OK;
    }

  time = capture_time (buffer);
  if (self->n_frames == 0)
    self->first_time = time;
  pts = time > self->first_time ? time - self->first_time : 0;
  if (self->n_frames > 0)
    {
      if (pts < self->last_pts + MIN_FRAME_SPACING)
        pts = self->last_pts + MIN_FRAME_SPACING;
      self->last_gap = pts - self->last_pts;
    }
  self->last_pts = pts;
  push_held (self, pts);

  /* Caps go into appsrc's queue in order with the frames. */
  if (self->caps == NULL || !gst_caps_is_equal (self->caps, caps))
    {
      if (!self->have_size)
        fix_size (self, caps);
      gst_app_src_set_caps (GST_APP_SRC (self->source), caps);
      gst_caps_replace (&self->caps, caps);
    }

  /* A shallow copy: new timestamps, the same pixels. */
  out = gst_buffer_copy (buffer);
  GST_BUFFER_PTS (out) = pts;
  GST_BUFFER_DTS (out) = GST_CLOCK_TIME_NONE;
  GST_BUFFER_DURATION (out) = GST_CLOCK_TIME_NONE;
  self->held = out;
  self->n_frames++;
  g_mutex_unlock (&self->lock);

  /* Never an error upstream: the live view must not notice the recorder. */
  return GST_FLOW_OK;
}

static void
clear_stop_sources (CriaRecorder *self)
{
  if (self->stop_timeout != NULL)
    {
      g_source_destroy (self->stop_timeout);
      g_clear_pointer (&self->stop_timeout, g_source_unref);
    }
  if (self->stop_cancelled != NULL)
    {
      g_source_destroy (self->stop_cancelled);
      g_clear_pointer (&self->stop_cancelled, g_source_unref);
    }
}

/* Detaches from the live view, stops the encoder and closes the file. Main thread. */
static void
tear_down (CriaRecorder *self)
{
  GstAppSinkCallbacks no_callbacks = { NULL };

  g_mutex_lock (&self->lock);
  self->accepting = FALSE;
  gst_clear_buffer (&self->held);
  g_mutex_unlock (&self->lock);

  if (self->branch != NULL)
    {
      /* Once removed (state NULL), the appsink calls back no more. */
      cria_preview_remove_branch (self->preview, self->branch);
      gst_app_sink_set_callbacks (GST_APP_SINK (self->branch), &no_callbacks, NULL, NULL);
      gst_clear_object (&self->branch);
    }
  if (self->pipeline != NULL)
    {
      g_autoptr(GstBus) bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));

      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      if (self->bus_watch != 0)
        gst_bus_remove_watch (bus);
      self->bus_watch = 0;
      gst_clear_object (&self->source);
      gst_clear_object (&self->filter);
      gst_clear_object (&self->pipeline);
    }
  if (self->fd >= 0)
    {
      if (close (self->fd) != 0 && self->error == NULL)
        {
          int saved_errno = errno;
          g_autofree char *display = g_filename_display_name (self->path);

          self->error = g_error_new (G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                     "Could not record to “%s”: %s", display,
                                     g_strerror (saved_errno));
        }
      self->fd = -1;
    }
  g_clear_object (&self->preview);
}

/* The recording is over, one way or the other. Main thread. */
static void
finish (CriaRecorder *self,
        GError       *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->stop_task);

  if (self->finished)
    {
      g_clear_error (&error);
      return;
    }
  self->finished = TRUE;
  if (error != NULL && self->error == NULL)
    self->error = error;
  else
    g_clear_error (&error);
  clear_stop_sources (self);
  tear_down (self);

  if (task != NULL)
    {
      if (self->error != NULL)
        g_task_return_error (task, g_error_copy (self->error));
      else
        g_task_return_boolean (task, TRUE);
    }
  else if (self->error != NULL)
    g_signal_emit (self, signals[SIGNAL_ERROR], 0, self->error);
}

/* Removes what the recording wrote, if it is a plain file: never a device or a pipe the
 * user pointed at. */
static void
remove_file (CriaRecorder *self)
{
  GStatBuf st;

  if (self->fd >= 0 && fstat (self->fd, &st) == 0 && S_ISREG (st.st_mode))
    g_unlink (self->path);
}

static GError *
recording_error (CriaRecorder *self,
                 GQuark        domain,
                 int           code,
                 const char   *reason)
{
  g_autofree char *display = g_filename_display_name (self->path);

  return g_error_new (domain, code, "Could not record to “%s”: %s", display, reason);
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  CriaRecorder *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_EOS:
      finish (self, NULL);
      break;

    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_error (message, &error, &debug);
        g_debug ("Recorder error from %s: %s (%s)", GST_MESSAGE_SRC_NAME (message),
                 error->message, debug != NULL ? debug : "");
        finish (self, recording_error (self, G_IO_ERROR,
                                       g_error_matches (error, GST_RESOURCE_ERROR,
                                                        GST_RESOURCE_ERROR_NO_SPACE_LEFT)
                                       ? G_IO_ERROR_NO_SPACE : G_IO_ERROR_FAILED,
                                       error->message));
      }
      break;

    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static void
cria_recorder_init (CriaRecorder *self)
{
  g_mutex_init (&self->lock);
  self->fd = -1;
}

static void
cria_recorder_dispose (GObject *object)
{
  CriaRecorder *self = CRIA_RECORDER (object);

  /* Dropped while recording: stop at once, the file stays as far as it got. */
  if (!self->finished)
    {
      self->finished = TRUE;
      clear_stop_sources (self);
      tear_down (self);
    }

  G_OBJECT_CLASS (cria_recorder_parent_class)->dispose (object);
}

static void
cria_recorder_finalize (GObject *object)
{
  CriaRecorder *self = CRIA_RECORDER (object);

  g_clear_object (&self->file);
  g_free (self->path);
  gst_clear_caps (&self->caps);
  g_clear_error (&self->error);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (cria_recorder_parent_class)->finalize (object);
}

static void
cria_recorder_class_init (CriaRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cria_recorder_dispose;
  object_class->finalize = cria_recorder_finalize;

  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static GstElement *
add_element (GstElement  *pipeline,
             const char  *factory,
             GError     **error)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (element == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "The GStreamer element %s is not installed", factory);
      return NULL;
    }
  gst_bin_add (GST_BIN (pipeline), element);
  return element;
}

static void
configure_encoder (GstElement      *encoder,
                   CriaVideoFormat  format)
{
  /* Fast enough to keep up with a live view, near-lossless for stars on black. */
  if (format == CRIA_VIDEO_FORMAT_WEBM)
    {
      gst_util_set_object_arg (G_OBJECT (encoder), "deadline", "1");
      gst_util_set_object_arg (G_OBJECT (encoder), "cpu-used", "4");
      gst_util_set_object_arg (G_OBJECT (encoder), "end-usage", "cq");
      gst_util_set_object_arg (G_OBJECT (encoder), "cq-level", "10");
      gst_util_set_object_arg (G_OBJECT (encoder), "target-bitrate", "8000000");
      gst_util_set_object_arg (G_OBJECT (encoder), "keyframe-max-dist", "30");
    }
  else
    {
      gst_util_set_object_arg (G_OBJECT (encoder), "speed-preset", "veryfast");
      gst_util_set_object_arg (G_OBJECT (encoder), "tune", "zerolatency");
      gst_util_set_object_arg (G_OBJECT (encoder), "pass", "quant");
      gst_util_set_object_arg (G_OBJECT (encoder), "quantizer", "18");
      gst_util_set_object_arg (G_OBJECT (encoder), "key-int-max", "30");
    }
}

static gboolean
build_pipeline (CriaRecorder  *self,
                GError       **error)
{
  const FormatElements *elements = &format_elements[self->format];
  GstElement *convert, *scale, *encoder, *muxer, *sink;

  self->pipeline = gst_object_ref_sink (gst_pipeline_new ("cria-recorder"));
  if ((self->source = add_element (self->pipeline, "appsrc", error)) == NULL
      || (convert = add_element (self->pipeline, "videoconvert", error)) == NULL
      || (scale = add_element (self->pipeline, "videoscale", error)) == NULL
      || (self->filter = add_element (self->pipeline, "capsfilter", error)) == NULL
      || (encoder = add_element (self->pipeline, elements->encoder, error)) == NULL
      || (muxer = add_element (self->pipeline, elements->muxer, error)) == NULL
      || (sink = add_element (self->pipeline, "fdsink", error)) == NULL)
    return FALSE;
  gst_object_ref (self->source);
  gst_object_ref (self->filter);

  /* Not live: the frames carry their own times and the encoder takes them as they come. */
  g_object_set (self->source,
                "format", GST_FORMAT_TIME,
                "block", FALSE,
                "max-buffers", (guint64) MAX_WAITING_FRAMES,
                "max-bytes", (guint64) 0,
                "max-time", (guint64) 0,
                "leaky-type", GST_APP_LEAKY_TYPE_DOWNSTREAM,
                NULL);
  g_object_set (scale, "add-borders", TRUE, NULL);
  g_object_set (sink, "fd", self->fd, "sync", FALSE, "async", FALSE, NULL);
  configure_encoder (encoder, self->format);

  if (!gst_element_link_many (self->source, convert, scale, self->filter, encoder, muxer, sink,
                              NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Could not build the %s encoding pipeline", elements->extension);
      return FALSE;
    }

  {
    g_autoptr(GstBus) bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));

    self->bus_watch = gst_bus_add_watch (bus, on_bus_message, self);
  }
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not start the %s encoder",
                   elements->encoder);
      return FALSE;
    }
  return TRUE;
}

static gboolean
attach_branch (CriaRecorder  *self,
               GError       **error)
{
  GstAppSinkCallbacks callbacks = { .new_sample = on_new_sample };

  self->branch = gst_element_factory_make ("appsink", NULL);
  if (self->branch == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "The GStreamer element appsink is not installed");
      return FALSE;
    }
  gst_object_ref_sink (self->branch);
  /* Takes each frame as it comes and keeps none: it never holds up the live view. */
  g_object_set (self->branch,
                "sync", FALSE,
                "async", FALSE,
                "enable-last-sample", FALSE,
                "max-buffers", 1,
                "drop", TRUE,
                NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (self->branch), &callbacks, self, NULL);
  return cria_preview_add_branch (self->preview, self->branch, error);
}

CriaRecorder *
cria_recorder_start (CriaPreview      *preview,
                     GFile            *file,
                     CriaVideoFormat   format,
                     GError          **error)
{
  g_autoptr(CriaRecorder) self = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *path;
  CriaVideoFormat resolved;

  g_return_val_if_fail (CRIA_IS_PREVIEW (preview), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (CRIA_TYPE_RECORDER, NULL);
  self->file = g_object_ref (file);
  path = g_file_peek_path (file);
  self->path = path != NULL ? g_strdup (path) : g_file_get_uri (file);

  resolved = cria_video_format_resolve (format);
  if (resolved == CRIA_VIDEO_FORMAT_AUTO)
    {
      const char *missing = "no video encoder is installed";

      if (format == CRIA_VIDEO_FORMAT_MP4)
        missing = "the H.264 encoder (x264enc) or the MP4 muxer is not installed";
      else if (format == CRIA_VIDEO_FORMAT_WEBM)
        missing = "the VP8 encoder (vp8enc) or the WebM muxer is not installed";
      self->finished = TRUE;
      g_propagate_error (error, recording_error (self, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                                 missing));
      return NULL;
    }
  self->format = resolved;

  if (path == NULL)
    {
      self->finished = TRUE;
      g_propagate_error (error, recording_error (self, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                                 "only local files can be written"));
      return NULL;
    }
  self->fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (self->fd < 0)
    {
      self->finished = TRUE;
      g_propagate_error (error, recording_error (self, G_IO_ERROR,
                                                 g_io_error_from_errno (errno),
                                                 g_strerror (errno)));
      return NULL;
    }

  self->preview = g_object_ref (preview);
  self->accepting = TRUE;
  if (!build_pipeline (self, &local_error) || !attach_branch (self, &local_error))
    {
      self->finished = TRUE;
      remove_file (self);
      tear_down (self);
      g_propagate_error (error, recording_error (self, local_error->domain, local_error->code,
                                                 local_error->message));
      return NULL;
    }
  return g_steal_pointer (&self);
}

static gboolean
on_stop_timeout (gpointer user_data)
{
  CriaRecorder *self = user_data;

  finish (self, recording_error (self, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                 "the encoder did not finish the file in time"));
  return G_SOURCE_REMOVE;
}

static gboolean
on_stop_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  CriaRecorder *self = user_data;
  GError *error = NULL;

  g_cancellable_set_error_if_cancelled (cancellable, &error);
  finish (self, error);
  return G_SOURCE_REMOVE;
}

void
cria_recorder_stop_async (CriaRecorder        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  guint64 n_frames;

  g_return_if_fail (CRIA_IS_RECORDER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cria_recorder_stop_async);

  if (self->finished)
    {
      if (self->error != NULL)
        g_task_return_error (task, g_error_copy (self->error));
      else
        g_task_return_boolean (task, TRUE);
      return;
    }
  if (self->stop_task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "The recording is already stopping");
      return;
    }

  g_mutex_lock (&self->lock);
  self->accepting = FALSE;
  /* The last frame lasts as long as the gap before it. */
  if (self->held != NULL)
    push_held (self, GST_BUFFER_PTS (self->held)
                     + (self->last_gap > 0 ? self->last_gap : DEFAULT_LAST_DURATION));
  n_frames = self->n_frames;
  g_mutex_unlock (&self->lock);

  self->stop_task = g_steal_pointer (&task);
  if (n_frames == 0)
    {
      /* An empty stream makes no playable file: leave none. */
      remove_file (self);
      finish (self, recording_error (self, G_IO_ERROR, G_IO_ERROR_FAILED,
                                     "no frame arrived while recording"));
      return;
    }

  /* The end of this stream only: the encoder drains, the muxer completes the file and
   * the sink posts EOS on the recorder's own bus. */
  gst_app_src_end_of_stream (GST_APP_SRC (self->source));

  self->stop_timeout = g_timeout_source_new_seconds (STOP_TIMEOUT_S);
  g_source_set_callback (self->stop_timeout, on_stop_timeout, self, NULL);
  g_source_set_static_name (self->stop_timeout, "[cria] recorder stop");
  g_source_attach (self->stop_timeout, g_main_context_get_thread_default ());
  if (cancellable != NULL)
    {
      self->stop_cancelled = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->stop_cancelled, G_SOURCE_FUNC (on_stop_cancelled), self,
                             NULL);
      g_source_attach (self->stop_cancelled, g_main_context_get_thread_default ());
    }
}

gboolean
cria_recorder_stop_finish (CriaRecorder  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (CRIA_IS_RECORDER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cria_recorder_stop_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

CriaVideoFormat
cria_recorder_get_format (CriaRecorder *self)
{
  g_return_val_if_fail (CRIA_IS_RECORDER (self), CRIA_VIDEO_FORMAT_AUTO);

  return self->format;
}

GFile *
cria_recorder_get_file (CriaRecorder *self)
{
  g_return_val_if_fail (CRIA_IS_RECORDER (self), NULL);

  return self->file;
}

gboolean
cria_recorder_is_recording (CriaRecorder *self)
{
  g_return_val_if_fail (CRIA_IS_RECORDER (self), FALSE);

  return !self->finished;
}

guint64
cria_recorder_get_n_frames (CriaRecorder *self)
{
  guint64 n;

  g_return_val_if_fail (CRIA_IS_RECORDER (self), 0);

  g_mutex_lock (&self->lock);
  n = self->n_frames;
  g_mutex_unlock (&self->lock);
  return n;
}

guint64
cria_recorder_get_n_dropped (CriaRecorder *self)
{
  guint64 n;

  g_return_val_if_fail (CRIA_IS_RECORDER (self), 0);

  g_mutex_lock (&self->lock);
  n = self->n_dropped;
  g_mutex_unlock (&self->lock);
  return n;
}
