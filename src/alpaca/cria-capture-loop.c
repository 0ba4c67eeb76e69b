/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-alpaca"

#include "config.h"

#include "cria-capture-loop-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "cria-alpaca-error.h"

/* ImageReady polling: start at a tenth of the exposure within these bounds, then back off. */
#define POLL_MIN_S         0.005
#define POLL_MAX_S         0.1
#define POLL_GROWTH        1.5
/* Once an image is this late, CameraState is read too, at most this often. */
#define STATE_CHECK_AFTER  (500 * G_TIME_SPAN_MILLISECOND)
#define STATE_CHECK_EVERY  G_TIME_SPAN_SECOND
/* A camera idle this long without an image has lost the exposure. */
#define IDLE_LIMIT         (3 * G_TIME_SPAN_SECOND)

#define CAMERA_STATE_IDLE  0
#define CAMERA_STATE_ERROR 5

typedef struct
{
  CriaCaptureLoop *loop;
  Shot            *shot;
  ReplyFunc        func;
  gpointer         data;
  GCancellable    *cancellable;
} Call;

static void loop_poll (CriaCaptureLoop *loop);

/* ---- small things ---- */

static void
shot_clear (Shot *shot)
{
  g_clear_object (&shot->cancellable);
}

static Shot *
shot_ref (Shot *shot)
{
  return g_rc_box_acquire (shot);
}

static void
shot_unref (Shot *shot)
{
  g_rc_box_release_full (shot, (GDestroyNotify) shot_clear);
}

static gboolean
settings_changed (CriaCaptureLoop *loop)
{
  CriaCaptureRun *run = loop->run;
  guint serial;

  g_mutex_lock (&run->mutex);
  serial = run->settings_serial;
  g_mutex_unlock (&run->mutex);
  return serial != loop->applied_serial;
}

static void
clear_timer (CriaCaptureLoop *loop)
{
  if (loop->timer != NULL)
    {
      g_source_destroy (loop->timer);
      g_clear_pointer (&loop->timer, g_source_unref);
    }
}

static void
schedule (CriaCaptureLoop *loop,
          double           seconds,
          GSourceFunc      func)
{
  clear_timer (loop);
  loop->timer = g_timeout_source_new ((guint) ceil (MAX (seconds, 0.0) * 1000.0));
  g_source_set_callback (loop->timer, func, loop, NULL);
  g_source_set_static_name (loop->timer, "[cria] capture timer");
  g_source_attach (loop->timer, loop->run->context);
}

/* ---- requests ---- */

static void
call_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Call *call = user_data;
  CriaCaptureLoop *loop = call->loop;
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(GError) error = NULL;

  value = cria_client_member_finish (CRIA_CLIENT (source), result, &error);
  loop->n_pending--;

  /* A cancelled call belongs to something given up already. */
  if (call->cancellable == NULL || !g_cancellable_is_cancelled (call->cancellable))
    call->func (loop, call->shot, call->data, value, error);

  g_clear_pointer (&call->shot, shot_unref);
  g_clear_object (&call->cancellable);
  g_free (call);
}

void
cria_capture_loop_call (CriaCaptureLoop    *loop,
                        CriaHttpMethod      method,
                        const char         *member,
                        const char * const *params,
                        GCancellable       *cancellable,
                        Shot               *shot,
                        ReplyFunc           func,
                        gpointer            data)
{
  Call *call = g_new0 (Call, 1);

  call->loop = loop;
  call->shot = shot != NULL ? shot_ref (shot) : NULL;
  call->func = func;
  call->data = data;
  call->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;

  loop->n_pending++;
  cria_client_member_async (loop->client, CRIA_DEVICE_CAMERA, loop->run->number, method, member,
                            params, 0, cancellable, call_cb, call);
}

/* ---- stopping ---- */

static void
on_final_abort (CriaCaptureLoop *loop,
                Shot            *shot,
                gpointer         data,
                JsonNode        *value,
                const GError    *error)
{
  if (error != NULL)
    g_debug ("AbortExposure while stopping: %s", error->message);
  loop->finished = TRUE;
}

static void
loop_stop (CriaCaptureLoop *loop)
{
  gboolean exposing;

  if (loop->phase == PHASE_STOPPING)
    return;

  exposing = loop->phase == PHASE_ABORTING
             || (loop->shot != NULL
                 && (loop->phase == PHASE_STARTING || loop->phase == PHASE_EXPOSING
                     || loop->phase == PHASE_WAITING));
  loop->phase = PHASE_STOPPING;
  clear_timer (loop);
  g_cancellable_cancel (loop->cancellable);
  if (loop->shot != NULL)
    {
      g_cancellable_cancel (loop->shot->cancellable);
      g_clear_pointer (&loop->shot, shot_unref);
    }

  /* A StartExposure or AbortExposure cut short may or may not have reached the camera. */
  if (exposing && loop->can_abort)
    cria_capture_loop_call (loop, CRIA_HTTP_PUT, "AbortExposure", NULL, NULL, NULL,
                            on_final_abort, NULL);
  else
    loop->finished = TRUE;
}

void
cria_capture_loop_fail (CriaCaptureLoop *loop,
                        const GError    *error)
{
  if (loop->phase == PHASE_STOPPING)
    return;

  cria_capture_run_post_error (loop->run, error);
  loop_stop (loop);
}

void
cria_capture_loop_fail_new (CriaCaptureLoop *loop,
                            GQuark           domain,
                            int              code,
                            const char      *format,
                            ...)
{
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, format);
  error = g_error_new_valist (domain, code, format, args);
  va_end (args);
  cria_capture_loop_fail (loop, error);
}

/* ---- one exposure ---- */

static void
on_restart_abort (CriaCaptureLoop *loop,
                  Shot            *shot,
                  gpointer         data,
                  JsonNode        *value,
                  const GError    *error)
{
  /* Should the abort have failed, the next StartExposure says why. */
  if (error != NULL)
    g_debug ("AbortExposure for new settings: %s", error->message);
  if (loop->phase == PHASE_ABORTING)
    cria_capture_loop_next_exposure (loop);
}

/* New settings arrived during an exposure that can be cut short. */
static gboolean
maybe_restart (CriaCaptureLoop *loop)
{
  if (!loop->can_abort || loop->phase != PHASE_EXPOSING || !settings_changed (loop))
    return FALSE;

  loop->phase = PHASE_ABORTING;
  clear_timer (loop);
  g_cancellable_cancel (loop->shot->cancellable);
  g_clear_pointer (&loop->shot, shot_unref);
  cria_capture_loop_call (loop, CRIA_HTTP_PUT, "AbortExposure", NULL, loop->cancellable, NULL,
                          on_restart_abort, NULL);
  return TRUE;
}

static void
on_image_received (CriaClient *client,
                   gpointer    user_data)
{
  CriaCaptureLoop *loop = ((Call *) user_data)->loop;

  /* The camera is free: expose the next frame while this one is decoded. */
  if (loop->phase == PHASE_DOWNLOADING)
    {
      g_clear_pointer (&loop->shot, shot_unref);
      cria_capture_loop_next_exposure (loop);
    }
}

static void
record_fps (CriaCaptureLoop *loop,
            gint64           now,
            double          *fps)
{
  guint n;
  gint64 first;

  loop->recent[loop->n_recent % FPS_WINDOW] = now;
  loop->n_recent++;
  n = MIN (loop->n_recent, FPS_WINDOW);
  first = loop->recent[(loop->n_recent - n) % FPS_WINDOW];
  *fps = n > 1 && now > first ? (n - 1) * (double) G_USEC_PER_SEC / (now - first) : 0.0;
}

static void
on_image (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Call *call = user_data;
  CriaCaptureLoop *loop = call->loop;
  Shot *shot = call->shot;
  g_autoptr(CriaFrame) frame = NULL;
  g_autoptr(GError) error = NULL;
  CriaImageTransfer transfer;
  CriaFrameTiming timing = { 0 };
  double fps;

  frame = cria_client_get_image_full_finish (CRIA_CLIENT (source), result, &transfer, &error);
  loop->n_pending--;

  /* A cancelled download belongs to an exposure given up already. */
  if (frame == NULL && !g_cancellable_is_cancelled (shot->cancellable))
    cria_capture_loop_fail (loop, error);
  else if (frame != NULL)
    {
      frame->info = shot->info;
      timing.sequence = shot->info.sequence;
      timing.exposure_ms = (shot->t_exposed - shot->t_start) / 1000.0;
      timing.wait_ms = (shot->t_ready - shot->t_exposed) / 1000.0;
      timing.download_ms = (transfer.received - transfer.sent) / 1000.0;
      timing.decode_ms = (transfer.decoded - transfer.received) / 1000.0;
      timing.bytes = transfer.body_bytes;
      timing.imagebytes = transfer.imagebytes;
      if (transfer.received > transfer.sent)
        timing.download_mbps = transfer.body_bytes / (double) (transfer.received - transfer.sent);
      record_fps (loop, g_get_monotonic_time (), &fps);
      cria_capture_run_deliver (loop->run, frame, &timing, fps);

      /* Without a received callback (it cannot happen today) the loop still goes on. */
      if (loop->phase == PHASE_DOWNLOADING && loop->shot == shot)
        {
          g_clear_pointer (&loop->shot, shot_unref);
          cria_capture_loop_next_exposure (loop);
        }
    }

  shot_unref (call->shot);
  g_free (call);
}

static void
download (CriaCaptureLoop *loop)
{
  Call *call = g_new0 (Call, 1);

  loop->phase = PHASE_DOWNLOADING;
  loop->shot->t_ready = g_get_monotonic_time ();
  call->loop = loop;
  call->shot = shot_ref (loop->shot);
  loop->n_pending++;
  cria_client_get_image_full_async (loop->client, loop->run->number, loop->run->pool,
                                    on_image_received, loop->shot->cancellable, on_image, call);
}

static gboolean
on_poll_timer (gpointer user_data)
{
  CriaCaptureLoop *loop = user_data;

  g_clear_pointer (&loop->timer, g_source_unref);
  loop_poll (loop);
  return G_SOURCE_REMOVE;
}

static void
poll_again (CriaCaptureLoop *loop)
{
  gint64 waited = g_get_monotonic_time () - loop->shot->t_exposed;

  if (waited > loop->run->image_timeout * G_USEC_PER_SEC)
    {
      cria_capture_loop_fail_new (loop, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_TIMED_OUT,
                                  _("The camera had no image %g s after the exposure ended"),
                                  loop->run->image_timeout);
      return;
    }

  schedule (loop, loop->poll_interval, on_poll_timer);
  loop->poll_interval = MIN (loop->poll_interval * POLL_GROWTH, POLL_MAX_S);
}

static void
on_camera_state (CriaCaptureLoop *loop,
                 Shot            *shot,
                 gpointer         data,
                 JsonNode        *value,
                 const GError    *error)
{
  gint64 now = g_get_monotonic_time ();
  int state = -1;

  if (loop->phase != PHASE_WAITING)
    return;
  if (error != NULL)
    {
      cria_capture_loop_fail (loop, error);
      return;
    }

  cria_capture_node_int (value, &state);
  if (state == CAMERA_STATE_ERROR)
    {
      cria_capture_loop_fail_new (loop, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_OPERATION,
                                  _("The camera reports an error instead of an image"));
      return;
    }
  if (state != CAMERA_STATE_IDLE)
    loop->idle_since = 0;
  else if (loop->idle_since == 0)
    loop->idle_since = now;
  else if (now - loop->idle_since > IDLE_LIMIT)
    {
      cria_capture_loop_fail_new (loop, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_OPERATION,
                                  _("The camera went idle without an image: "
                                    "was the exposure aborted?"));
      return;
    }

  poll_again (loop);
}

static void
on_image_ready (CriaCaptureLoop *loop,
                Shot            *shot,
                gpointer         data,
                JsonNode        *value,
                const GError    *error)
{
  gint64 now = g_get_monotonic_time ();
  gboolean ready = FALSE;

  if (loop->phase != PHASE_WAITING)
    return;
  if (error != NULL)
    {
      cria_capture_loop_fail (loop, error);
      return;
    }
  if (!cria_capture_node_bool (value, &ready))
    {
      cria_capture_loop_fail_new (loop, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_WRONG_TYPE,
                                  _("ImageReady is not a boolean"));
      return;
    }

  if (ready)
    {
      download (loop);
      return;
    }

  /* A long wait may mean the camera failed or dropped the exposure: ask it now and then. */
  if (now - shot->t_exposed > STATE_CHECK_AFTER && now - loop->last_state_check > STATE_CHECK_EVERY)
    {
      loop->last_state_check = now;
      cria_capture_loop_call (loop, CRIA_HTTP_GET, "CameraState", NULL, shot->cancellable, shot,
                              on_camera_state, NULL);
      return;
    }

  poll_again (loop);
}

static void
loop_poll (CriaCaptureLoop *loop)
{
  cria_capture_loop_call (loop, CRIA_HTTP_GET, "ImageReady", NULL, loop->shot->cancellable,
                          loop->shot, on_image_ready, NULL);
}

static gboolean
on_exposed (gpointer user_data)
{
  CriaCaptureLoop *loop = user_data;
  Shot *shot = loop->shot;

  g_clear_pointer (&loop->timer, g_source_unref);

  loop->phase = PHASE_WAITING;
  shot->t_exposed = g_get_monotonic_time ();
  loop->poll_interval = CLAMP (shot->info.exposure * 0.1, POLL_MIN_S, POLL_MAX_S);
  loop->last_state_check = shot->t_exposed;
  loop->idle_since = 0;
  loop_poll (loop);
  return G_SOURCE_REMOVE;
}

static void
on_started (CriaCaptureLoop *loop,
            Shot            *shot,
            gpointer         data,
            JsonNode        *value,
            const GError    *error)
{
  gint64 elapsed;

  if (loop->phase != PHASE_STARTING)
    return;
  if (error != NULL)
    {
      cria_capture_loop_fail (loop, error);
      return;
    }

  loop->phase = PHASE_EXPOSING;
  if (maybe_restart (loop))
    return;

  /* The camera started somewhere between the request and the reply: count from the request. */
  elapsed = g_get_monotonic_time () - shot->t_start;
  if (elapsed >= shot->info.exposure * G_USEC_PER_SEC)
    on_exposed (loop);
  else
    schedule (loop, shot->info.exposure - elapsed / (double) G_USEC_PER_SEC, on_exposed);
}

static void
start_exposure (CriaCaptureLoop *loop)
{
  char duration[G_ASCII_DTOSTR_BUF_SIZE];
  const char *params[] = { "Duration", duration, "Light", "true", NULL };
  Shot *shot;

  cria_capture_loop_refresh_temperature (loop);

  shot = g_rc_box_new0 (Shot);
  shot->cancellable = g_cancellable_new ();
  cria_capture_loop_fill_info (loop, &shot->info);
  g_ascii_dtostr (duration, sizeof duration, shot->info.exposure);

  g_clear_pointer (&loop->shot, shot_unref);
  loop->shot = shot;
  loop->phase = PHASE_STARTING;
  shot->t_start = g_get_monotonic_time ();
  cria_capture_loop_call (loop, CRIA_HTTP_PUT, "StartExposure", params, shot->cancellable, shot,
                          on_started, NULL);
}

void
cria_capture_loop_next_exposure (CriaCaptureLoop *loop)
{
  CriaCaptureRun *run = loop->run;

  if (loop->phase == PHASE_STOPPING)
    return;

  g_mutex_lock (&run->mutex);
  loop->target = run->settings;
  loop->target_serial = run->settings_serial;
  g_mutex_unlock (&run->mutex);

  if (loop->target_serial != loop->applied_serial)
    {
      cria_capture_loop_write_settings (loop);
      return;
    }

  start_exposure (loop);
}

/* ---- the thread ---- */

static gboolean
on_wake (gpointer user_data)
{
  CriaCaptureRun *run = user_data;
  CriaCaptureLoop *loop = run->loop;
  gboolean stop;

  if (loop == NULL)
    return G_SOURCE_REMOVE;

  g_mutex_lock (&run->mutex);
  stop = run->stop_requested;
  g_mutex_unlock (&run->mutex);

  if (stop)
    loop_stop (loop);
  else
    maybe_restart (loop);
  return G_SOURCE_REMOVE;
}

void
cria_capture_run_wake (CriaCaptureRun *run)
{
  g_mutex_lock (&run->mutex);
  if (run->accepting)
    g_main_context_invoke_full (run->context, G_PRIORITY_DEFAULT, on_wake,
                                cria_capture_run_ref (run),
                                (GDestroyNotify) cria_capture_run_unref);
  g_mutex_unlock (&run->mutex);
}

static CriaCaptureLoop *
loop_new (CriaCaptureRun *run)
{
  CriaCaptureLoop *loop = g_new0 (CriaCaptureLoop, 1);

  loop->run = run;
  /* A client of its own: its session belongs to this thread. */
  loop->client = cria_client_new (run->base_url);
  cria_client_set_timeout (loop->client, run->timeout);
  cria_client_set_image_timeout (loop->client, run->image_timeout);
  cria_client_set_frame_pool (loop->client, run->pool);
  loop->cancellable = g_cancellable_new ();
  loop->writes = g_array_new (FALSE, FALSE, sizeof (Write));
  loop->applied.gain = loop->applied.offset = loop->applied.readout_mode = CRIA_CAPTURE_KEEP;
  return loop;
}

static void
loop_free (CriaCaptureLoop *loop)
{
  clear_timer (loop);
  g_clear_pointer (&loop->shot, shot_unref);
  g_clear_object (&loop->client);
  g_clear_object (&loop->cancellable);
  g_array_unref (loop->writes);
  g_free (loop);
}

gpointer
cria_capture_loop_thread (gpointer data)
{
  CriaCaptureRun *run = data;
  CriaCaptureLoop *loop;

  g_main_context_push_thread_default (run->context);

  loop = loop_new (run);
  run->loop = loop;
  cria_capture_loop_setup (loop);

  /* Every request is answered, if only as cancelled, before the loop goes. */
  while (!loop->finished || loop->n_pending > 0)
    g_main_context_iteration (run->context, TRUE);

  g_mutex_lock (&run->mutex);
  run->accepting = FALSE;
  g_mutex_unlock (&run->mutex);

  run->loop = NULL;
  loop_free (loop);
  while (g_main_context_pending (run->context))
    g_main_context_iteration (run->context, FALSE);
  g_main_context_pop_thread_default (run->context);

  cria_capture_run_post_finished (run);
  cria_capture_run_unref (run);
  return NULL;
}
