/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-alpaca"

#include "cria-capture-private.h"

#include <math.h>
#include <string.h>

#include "cria-alpaca-error.h"

/* Raw downloads, frames being decoded, the slot and the consumer's frame share the pool. */
#define CAPTURE_POOL_MAX_IDLE 6

struct _CriaCapture
{
  GObject              parent_instance;

  CriaDevice          *device;
  CriaFramePool       *pool;
  CriaCaptureSettings  settings;

  /* The current run, until it has wound down. */
  CriaCaptureRun      *run;
  GThread             *thread;
  gboolean             restart;
  GPtrArray           *stop_tasks;
  CriaCaptureStats     last_stats;
};

G_DEFINE_FINAL_TYPE (CriaCapture, cria_capture, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_DEVICE,
  PROP_EXPOSURE,
  PROP_GAIN,
  PROP_OFFSET,
  PROP_READOUT_MODE,
  PROP_BINNING,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_FRAME,
  SIGNAL_ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- the run, shared with the loop thread ---- */

CriaCaptureRun *
cria_capture_run_ref (CriaCaptureRun *run)
{
  g_atomic_ref_count_inc (&run->ref_count);
  return run;
}

void
cria_capture_run_unref (CriaCaptureRun *run)
{
  if (!g_atomic_ref_count_dec (&run->ref_count))
    return;

  g_clear_pointer (&run->slot, cria_frame_unref);
  g_weak_ref_clear (&run->capture);
  g_main_context_unref (run->owner);
  g_main_context_unref (run->context);
  g_object_unref (run->pool);
  g_free (run->base_url);
  g_mutex_clear (&run->mutex);
  g_free (run);
}

/* The capture this run still speaks for, if any: a stopped or replaced run is mute. */
static CriaCapture *
run_dup_capture (CriaCaptureRun *run)
{
  CriaCapture *capture = g_weak_ref_get (&run->capture);

  if (capture != NULL && capture->run != run)
    g_clear_object (&capture);
  return capture;
}

static void
attach_to_owner (CriaCaptureRun *run,
                 GSourceFunc     func,
                 gpointer        data,
                 GDestroyNotify  destroy)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, destroy);
  g_source_set_static_name (source, "[cria] capture");
  g_source_attach (source, run->owner);
}

static gboolean
deliver_cb (gpointer user_data)
{
  CriaCaptureRun *run = user_data;
  g_autoptr(CriaCapture) capture = NULL;
  g_autoptr(CriaFrame) frame = NULL;
  CriaFrameTiming timing;
  gboolean stopped;

  g_mutex_lock (&run->mutex);
  frame = g_steal_pointer (&run->slot);
  timing = run->slot_timing;
  run->delivery_pending = FALSE;
  stopped = run->stop_requested;
  if (frame != NULL && !stopped)
    run->stats.delivered++;
  else if (frame != NULL)
    run->stats.dropped++;
  g_mutex_unlock (&run->mutex);

  capture = run_dup_capture (run);
  if (capture != NULL && frame != NULL && !stopped)
    g_signal_emit (capture, signals[SIGNAL_FRAME], 0, frame, &timing);
  return G_SOURCE_REMOVE;
}

void
cria_capture_run_deliver (CriaCaptureRun        *run,
                          CriaFrame             *frame,
                          const CriaFrameTiming *timing,
                          double                 fps)
{
  CriaFrame *replaced;
  gboolean schedule;

  g_mutex_lock (&run->mutex);
  replaced = g_steal_pointer (&run->slot);
  if (replaced != NULL)
    run->stats.dropped++;
  run->slot = cria_frame_ref (frame);
  run->slot_timing = *timing;
  run->stats.frames++;
  run->stats.bytes += timing->bytes;
  run->stats.fps = fps;
  schedule = !run->delivery_pending;
  run->delivery_pending = TRUE;
  g_mutex_unlock (&run->mutex);

  /* Outside the lock: the buffer goes back to the pool. */
  g_clear_pointer (&replaced, cria_frame_unref);

  /* One delivery in flight at most, however slow the owner: never a queue. */
  if (schedule)
    attach_to_owner (run, deliver_cb, cria_capture_run_ref (run),
                     (GDestroyNotify) cria_capture_run_unref);
}

typedef struct
{
  CriaCaptureRun *run;
  GError         *error;
} ErrorPost;

static void
error_post_free (ErrorPost *post)
{
  cria_capture_run_unref (post->run);
  g_error_free (post->error);
  g_free (post);
}

static gboolean
error_cb (gpointer user_data)
{
  ErrorPost *post = user_data;
  g_autoptr(CriaCapture) capture = run_dup_capture (post->run);

  if (capture != NULL)
    g_signal_emit (capture, signals[SIGNAL_ERROR], 0, post->error);
  return G_SOURCE_REMOVE;
}

void
cria_capture_run_post_error (CriaCaptureRun *run,
                             const GError   *error)
{
  ErrorPost *post = g_new0 (ErrorPost, 1);

  post->run = cria_capture_run_ref (run);
  post->error = g_error_copy (error);
  attach_to_owner (run, error_cb, post, (GDestroyNotify) error_post_free);
}

static void
complete_stop_tasks (CriaCapture *self)
{
  g_autoptr(GPtrArray) tasks = g_steal_pointer (&self->stop_tasks);

  self->stop_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < tasks->len; i++)
    g_task_return_boolean (g_ptr_array_index (tasks, i), TRUE);
}

static gboolean
finished_cb (gpointer user_data)
{
  CriaCaptureRun *run = user_data;
  g_autoptr(CriaCapture) capture = run_dup_capture (run);

  if (capture == NULL)
    return G_SOURCE_REMOVE;

  g_mutex_lock (&run->mutex);
  capture->last_stats = run->stats;
  g_mutex_unlock (&run->mutex);

  /* The thread posted this as its last act: joining it takes no time. */
  g_clear_pointer (&capture->thread, g_thread_join);
  g_clear_pointer (&capture->run, cria_capture_run_unref);

  complete_stop_tasks (capture);
  g_object_notify_by_pspec (G_OBJECT (capture), properties[PROP_RUNNING]);

  if (capture->restart)
    {
      capture->restart = FALSE;
      cria_capture_start (capture);
    }
  return G_SOURCE_REMOVE;
}

void
cria_capture_run_post_finished (CriaCaptureRun *run)
{
  attach_to_owner (run, finished_cb, cria_capture_run_ref (run),
                   (GDestroyNotify) cria_capture_run_unref);
}

/* ---- the object ---- */

static void
update_run_settings (CriaCapture *self)
{
  CriaCaptureRun *run = self->run;

  if (run == NULL)
    return;

  g_mutex_lock (&run->mutex);
  run->settings = self->settings;
  run->settings_serial++;
  g_mutex_unlock (&run->mutex);
  cria_capture_run_wake (run);
}

static void
cria_capture_dispose (GObject *object)
{
  CriaCapture *self = CRIA_CAPTURE (object);

  if (self->run != NULL)
    {
      /* The loop winds down on its own; nobody waits for it. */
      cria_capture_stop (self);
      g_clear_pointer (&self->run, cria_capture_run_unref);
      g_clear_pointer (&self->thread, g_thread_unref);
    }

  G_OBJECT_CLASS (cria_capture_parent_class)->dispose (object);
}

static void
cria_capture_finalize (GObject *object)
{
  CriaCapture *self = CRIA_CAPTURE (object);

  g_clear_object (&self->device);
  g_clear_object (&self->pool);
  g_clear_pointer (&self->stop_tasks, g_ptr_array_unref);

  G_OBJECT_CLASS (cria_capture_parent_class)->finalize (object);
}

static void
cria_capture_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CriaCapture *self = CRIA_CAPTURE (object);

  switch (prop_id)
    {
    case PROP_DEVICE:
      g_value_set_object (value, self->device);
      break;
    case PROP_EXPOSURE:
      g_value_set_double (value, self->settings.exposure);
      break;
    case PROP_GAIN:
      g_value_set_int (value, self->settings.gain);
      break;
    case PROP_OFFSET:
      g_value_set_int (value, self->settings.offset);
      break;
    case PROP_READOUT_MODE:
      g_value_set_int (value, self->settings.readout_mode);
      break;
    case PROP_BINNING:
      g_value_set_uint (value, self->settings.binning);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->run != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_capture_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CriaCapture *self = CRIA_CAPTURE (object);

  switch (prop_id)
    {
    case PROP_DEVICE:
      self->device = g_value_dup_object (value);
      break;
    case PROP_EXPOSURE:
      cria_capture_set_exposure (self, g_value_get_double (value));
      break;
    case PROP_GAIN:
      cria_capture_set_gain (self, g_value_get_int (value));
      break;
    case PROP_OFFSET:
      cria_capture_set_offset (self, g_value_get_int (value));
      break;
    case PROP_READOUT_MODE:
      cria_capture_set_readout_mode (self, g_value_get_int (value));
      break;
    case PROP_BINNING:
      cria_capture_set_binning (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_capture_class_init (CriaCaptureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cria_capture_dispose;
  object_class->finalize = cria_capture_finalize;
  object_class->get_property = cria_capture_get_property;
  object_class->set_property = cria_capture_set_property;

  properties[PROP_DEVICE] =
    g_param_spec_object ("device", NULL, NULL, CRIA_TYPE_DEVICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Seconds, the Duration of every StartExposure. */
  properties[PROP_EXPOSURE] =
    g_param_spec_double ("exposure", NULL, NULL, 0.0, 1e6, 0.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* CRIA_CAPTURE_KEEP leaves the camera's value for these three. */
  properties[PROP_GAIN] =
    g_param_spec_int ("gain", NULL, NULL, G_MININT, G_MAXINT, CRIA_CAPTURE_KEEP,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_OFFSET] =
    g_param_spec_int ("offset", NULL, NULL, G_MININT, G_MAXINT, CRIA_CAPTURE_KEEP,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_READOUT_MODE] =
    g_param_spec_int ("readout-mode", NULL, NULL, G_MININT, G_MAXINT, CRIA_CAPTURE_KEEP,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* BinX and BinY; 0 leaves the camera's. */
  properties[PROP_BINNING] =
    g_param_spec_uint ("binning", NULL, NULL, 0, 64, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A new frame, with its timing (a CriaFrameTiming *); both are valid during the emission
   * only: take a reference to keep the frame. */
  signals[SIGNAL_FRAME] =
    g_signal_new ("frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, CRIA_TYPE_FRAME | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_POINTER);

  /* The run failed and is winding down. */
  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
cria_capture_init (CriaCapture *self)
{
  self->pool = cria_frame_pool_new (CAPTURE_POOL_MAX_IDLE);
  self->stop_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  self->settings.gain = CRIA_CAPTURE_KEEP;
  self->settings.offset = CRIA_CAPTURE_KEEP;
  self->settings.readout_mode = CRIA_CAPTURE_KEEP;
}

CriaCapture *
cria_capture_new (CriaDevice *camera)
{
  g_return_val_if_fail (CRIA_IS_DEVICE (camera), NULL);
  g_return_val_if_fail (cria_device_get_device_type (camera) == CRIA_DEVICE_CAMERA, NULL);

  return g_object_new (CRIA_TYPE_CAPTURE, "device", camera, NULL);
}

CriaDevice *
cria_capture_get_device (CriaCapture *self)
{
  g_return_val_if_fail (CRIA_IS_CAPTURE (self), NULL);
  return self->device;
}

CriaFramePool *
cria_capture_get_frame_pool (CriaCapture *self)
{
  g_return_val_if_fail (CRIA_IS_CAPTURE (self), NULL);
  return self->pool;
}

double
cria_capture_get_exposure (CriaCapture *self)
{
  g_return_val_if_fail (CRIA_IS_CAPTURE (self), 0.0);
  return self->settings.exposure;
}

void
cria_capture_set_exposure (CriaCapture *self,
                           double       seconds)
{
  g_return_if_fail (CRIA_IS_CAPTURE (self));
  g_return_if_fail (isfinite (seconds) && seconds >= 0.0);

  if (self->settings.exposure == seconds)
    return;

  self->settings.exposure = seconds;
  update_run_settings (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPOSURE]);
}

int
cria_capture_get_gain (CriaCapture *self)
{
  g_return_val_if_fail (CRIA_IS_CAPTURE (self), CRIA_CAPTURE_KEEP);
  return self->settings.gain;
}

void
cria_capture_set_gain (CriaCapture *self,
                       int          gain)
{
  g_return_if_fail (CRIA_IS_CAPTURE (self));

  if (self->settings.gain == gain)
    return;

  self->settings.gain = gain;
  update_run_settings (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GAIN]);
}

int
cria_capture_get_offset (CriaCapture *self)
{
  g_return_val_if_fail (CRIA_IS_CAPTURE (self), CRIA_CAPTURE_KEEP);
  return self->settings.offset;
}

void
cria_capture_set_offset (CriaCapture *self,
                         int          offset)
{
  g_return_if_fail (CRIA_IS_CAPTURE (self));

  if (self->settings.offset == offset)
    return;

  self->settings.offset = offset;
  update_run_settings (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFSET]);
}

int
cria_capture_get_readout_mode (CriaCapture *self)
{
  g_return_val_if_fail (CRIA_IS_CAPTURE (self), CRIA_CAPTURE_KEEP);
  return self->settings.readout_mode;
}

void
cria_capture_set_readout_mode (CriaCapture *self,
                               int          mode)
{
  g_return_if_fail (CRIA_IS_CAPTURE (self));

  if (self->settings.readout_mode == mode)
    return;

  self->settings.readout_mode = mode;
  update_run_settings (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READOUT_MODE]);
}

guint
cria_capture_get_binning (CriaCapture *self)
{
  g_return_val_if_fail (CRIA_IS_CAPTURE (self), 0);
  return self->settings.binning;
}

void
cria_capture_set_binning (CriaCapture *self,
                          guint        binning)
{
  g_return_if_fail (CRIA_IS_CAPTURE (self));

  if (self->settings.binning == binning)
    return;

  self->settings.binning = binning;
  update_run_settings (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BINNING]);
}

void
cria_capture_set_subframe (CriaCapture *self,
                           guint        x,
                           guint        y,
                           guint        width,
                           guint        height)
{
  CriaCaptureSettings *s;

  g_return_if_fail (CRIA_IS_CAPTURE (self));

  if (width == 0 || height == 0)
    x = y = width = height = 0;

  s = &self->settings;
  if (s->start_x == x && s->start_y == y && s->num_x == width && s->num_y == height)
    return;

  s->start_x = x;
  s->start_y = y;
  s->num_x = width;
  s->num_y = height;
  update_run_settings (self);
}

gboolean
cria_capture_get_subframe (CriaCapture *self,
                           guint       *x,
                           guint       *y,
                           guint       *width,
                           guint       *height)
{
  const CriaCaptureSettings *s;

  g_return_val_if_fail (CRIA_IS_CAPTURE (self), FALSE);

  s = &self->settings;
  if (x != NULL)
    *x = s->start_x;
  if (y != NULL)
    *y = s->start_y;
  if (width != NULL)
    *width = s->num_x;
  if (height != NULL)
    *height = s->num_y;
  return s->num_x > 0;
}

void
cria_capture_start (CriaCapture *self)
{
  g_autoptr(GError) error = NULL;
  CriaCaptureRun *run;
  CriaClient *client;

  g_return_if_fail (CRIA_IS_CAPTURE (self));

  if (self->run != NULL)
    {
      /* Start again once the run that is winding down is over. */
      self->restart = self->run->stop_requested;
      return;
    }

  client = cria_device_get_client (self->device);
  run = g_new0 (CriaCaptureRun, 1);
  g_atomic_ref_count_init (&run->ref_count);
  g_mutex_init (&run->mutex);
  g_weak_ref_init (&run->capture, self);
  run->owner = g_main_context_ref_thread_default ();
  run->context = g_main_context_new ();
  run->pool = g_object_ref (self->pool);
  run->base_url = g_strdup (cria_client_get_base_url (client));
  run->timeout = cria_client_get_timeout (client);
  run->image_timeout = cria_client_get_image_timeout (client);
  run->number = cria_device_get_number (self->device);
  run->accepting = TRUE;
  run->settings = self->settings;
  run->settings_serial = 1;

  self->run = run;
  memset (&self->last_stats, 0, sizeof self->last_stats);
  self->thread = g_thread_try_new ("cria-capture", cria_capture_loop_thread,
                                   cria_capture_run_ref (run), &error);
  if (self->thread == NULL)
    {
      cria_capture_run_unref (run);
      g_clear_pointer (&self->run, cria_capture_run_unref);
      g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
      return;
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

void
cria_capture_stop (CriaCapture *self)
{
  CriaCaptureRun *run;
  g_autoptr(CriaFrame) waiting = NULL;

  g_return_if_fail (CRIA_IS_CAPTURE (self));

  self->restart = FALSE;
  run = self->run;
  if (run == NULL)
    return;

  g_mutex_lock (&run->mutex);
  if (run->stop_requested)
    {
      g_mutex_unlock (&run->mutex);
      return;
    }
  run->stop_requested = TRUE;
  waiting = g_steal_pointer (&run->slot);
  if (waiting != NULL)
    run->stats.dropped++;
  g_mutex_unlock (&run->mutex);

  cria_capture_run_wake (run);
}

void
cria_capture_stop_async (CriaCapture         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CRIA_IS_CAPTURE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cria_capture_stop_async);

  if (self->run == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_ptr_array_add (self->stop_tasks, g_steal_pointer (&task));
  cria_capture_stop (self);
}

gboolean
cria_capture_stop_finish (CriaCapture   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (CRIA_IS_CAPTURE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cria_capture_stop_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
cria_capture_get_running (CriaCapture *self)
{
  g_return_val_if_fail (CRIA_IS_CAPTURE (self), FALSE);
  return self->run != NULL;
}

void
cria_capture_get_stats (CriaCapture      *self,
                        CriaCaptureStats *stats)
{
  g_return_if_fail (CRIA_IS_CAPTURE (self));
  g_return_if_fail (stats != NULL);

  if (self->run == NULL)
    {
      *stats = self->last_stats;
      return;
    }

  g_mutex_lock (&self->run->mutex);
  *stats = self->run->stats;
  g_mutex_unlock (&self->run->mutex);
}
