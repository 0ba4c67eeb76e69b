/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-alpaca"

#include "cria-client-private.h"

#include <string.h>

#include "cria-alpaca-error.h"
#include "cria-imagebytes.h"
#include "cria-response.h"

/* Enough of an error page to quote it; the rest is not read. */
#define ERROR_BODY_MAX_BYTES (64 * 1024)
/* Replies smaller than this are read into a buffer that grows as needed. */
#define INITIAL_BUFFER_BYTES (64 * 1024)
/* The largest image the frame caps allow, as 8-byte elements, plus the ImageBytes header. */
#define IMAGE_MAX_BYTES \
  ((guint64) CRIA_FRAME_MAX_PIXELS * CRIA_FRAME_MAX_PLANES * 8 + CRIA_IMAGEBYTES_HEADER_SIZE)
/* Bytes around the pixels (a DataStart gap, trailing bytes) go through this buffer. */
#define SCRATCH_BYTES (64 * 1024)

/* Where the next bytes of the body go. */
typedef enum
{
  BODY_BUFFER, /* all of it into data, which grows: JSON, error pages, ImageBytes errors */
  BODY_HEADER, /* the ImageBytes metadata, into header */
  BODY_GAP,    /* between the metadata and DataStart, thrown away */
  BODY_PIXELS, /* straight into the pooled buffer */
  BODY_TAIL,   /* after the pixels until the end, thrown away */
} BodyPhase;

typedef struct
{
  SoupSession   *session;
  SoupMessage   *message;
  char          *server;
  guint32        transaction_id;
  CriaReplyKind  kind;
  CriaValueType  expected;
  double         timeout;

  /* Cancelled by the caller's cancellable or by the timer. */
  GCancellable  *cancellable;
  GCancellable  *caller_cancellable;
  gulong         caller_cancelled_id;
  GSource       *timer;
  gboolean       timed_out;

  GInputStream  *stream;
  gboolean       at_eof;
  guint          status;
  gboolean       imagebytes;
  guint8        *data;
  gsize          length;
  gsize          allocated;
  gsize          limit;

  /* Streaming ImageBytes: the metadata first, then the pixels into a pooled buffer. */
  CriaImageOptions      image;
  BodyPhase             phase;
  guint64               body_length;
  goffset               declared_length; /* Content-Length, or -1 */
  guint8                header_bytes[CRIA_IMAGEBYTES_HEADER_SIZE];
  gsize                 header_length;
  CriaImageBytesHeader  header;
  gsize                 gap;
  guint8               *scratch;
  guint8               *pixels;
  gsize                 pixels_size;
  gsize                 pixels_length;
  CriaImageTransfer     transfer;
} CriaRequest;

static void read_next (GTask *task);

static void
stop_timer (CriaRequest *request)
{
  if (request->timer != NULL)
    {
      g_source_destroy (request->timer);
      g_clear_pointer (&request->timer, g_source_unref);
    }
}

/* Closing a body that was not read to its end makes libsoup skip the rest of it in a
 * blocking read: cancel first, so that it gives up at once and drops the connection. */
static void
close_stream (CriaRequest *request)
{
  if (request->stream == NULL)
    return;

  if (!request->at_eof)
    g_cancellable_cancel (request->cancellable);
  g_input_stream_close (request->stream, request->cancellable, NULL);
  g_clear_object (&request->stream);
}

static void
cria_request_free (CriaRequest *request)
{
  stop_timer (request);
  close_stream (request);
  if (request->caller_cancelled_id != 0)
    g_cancellable_disconnect (request->caller_cancellable, request->caller_cancelled_id);
  g_clear_object (&request->caller_cancellable);
  g_clear_object (&request->cancellable);
  g_clear_object (&request->message);
  g_clear_object (&request->session);
  g_free (request->server);
  g_free (request->data);
  g_free (request->scratch);
  if (request->pixels != NULL)
    cria_frame_pool_release (request->image.pool, request->pixels, request->pixels_size);
  g_clear_object (&request->image.pool);
  g_free (request);
}

static gboolean
on_timeout (gpointer user_data)
{
  CriaRequest *request = user_data;

  request->timed_out = TRUE;
  g_cancellable_cancel (request->cancellable);
  g_clear_pointer (&request->timer, g_source_unref);

  return G_SOURCE_REMOVE;
}

static void
on_caller_cancelled (GCancellable *caller,
                     GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

/* Every failure goes through here, so that a timeout or a cancellation wins over the
 * I/O error it caused. A transport error becomes a connection error that starts with
 * prefix and names the server; with prefix NULL the error is returned as it is. */
static void
request_fail (GTask      *task,
              GError     *error,
              const char *prefix)
{
  CriaRequest *request = g_task_get_task_data (task);

  stop_timer (request);
  close_stream (request);

  if (request->timed_out)
    {
      g_error_free (error);
      g_task_return_new_error (task, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_TIMED_OUT,
                               "%s did not answer within %g s", request->server,
                               request->timeout);
      return;
    }

  if (g_cancellable_is_cancelled (request->caller_cancellable))
    {
      g_error_free (error);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
      return;
    }

  if (prefix != NULL)
    {
      GError *connection_error = g_error_new (CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_CONNECTION,
                                              "%s %s: %s", prefix, request->server,
                                              error->message);
      g_error_free (error);
      error = connection_error;
    }

  g_task_return_error (task, error);
}

static void
check_transaction_id (CriaRequest *request,
                      guint32      echoed)
{
  /* Only for the logs: the reply is still the answer to our request. */
  if (echoed != request->transaction_id)
    g_debug ("%s echoed ClientTransactionID %u for request %u", request->server, echoed,
             request->transaction_id);
}

static void
decode_image_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  CriaRequest *request = task_data;
  g_autoptr(CriaFrame) frame = NULL;
  GError *error = NULL;

  if (request->imagebytes)
    {
      if (request->length >= CRIA_IMAGEBYTES_HEADER_SIZE)
        {
          guint32 echoed;

          memcpy (&echoed, request->data + 8, sizeof echoed);
          check_transaction_id (request, GUINT32_FROM_LE (echoed));
        }
      frame = cria_imagebytes_decode (request->data, request->length, &error);
    }
  else
    {
      /* A JSON reply goes through cria_response_parse(), which reports device errors. */
      frame = cria_image_json_decode ((const char *) request->data, request->length, &error);
    }

  if (frame == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&frame), (GDestroyNotify) cria_frame_unref);
}

static void
finish_body (GTask *task)
{
  CriaRequest *request = g_task_get_task_data (task);
  g_autoptr(JsonNode) value = NULL;
  CriaResponseInfo info;
  GError *error = NULL;

  stop_timer (request);
  close_stream (request);

  if (request->status != SOUP_STATUS_OK)
    {
      g_task_return_error (task,
                           cria_http_error_new (request->status,
                                                soup_message_get_reason_phrase (request->message),
                                                (const char *) request->data, request->length));
      return;
    }

  if (request->kind == CRIA_REPLY_IMAGE)
    {
      /* Decoding a large frame takes a while: keep it off the caller's thread. */
      g_task_run_in_thread (task, decode_image_thread);
      return;
    }

  if (!cria_response_parse ((const char *) request->data, request->length, request->expected,
                            &value, &info, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  check_transaction_id (request, info.client_transaction_id);
  g_task_return_pointer (task, g_steal_pointer (&value), (GDestroyNotify) json_node_unref);
}

static void
fail_too_large (GTask *task)
{
  CriaRequest *request = g_task_get_task_data (task);

  request_fail (task,
                g_error_new (CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_TOO_LARGE,
                             "The reply from %s is larger than %" G_GSIZE_FORMAT " bytes",
                             request->server, request->limit),
                NULL);
}

static void
on_read (GObject      *source_object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CriaRequest *request = g_task_get_task_data (task);
  GError *error = NULL;
  gssize n_read;

  n_read = g_input_stream_read_finish (G_INPUT_STREAM (source_object), result, &error);
  if (n_read < 0)
    {
      /* An error page cut short is still worth quoting. */
      if (request->status != SOUP_STATUS_OK && !request->timed_out
          && !g_cancellable_is_cancelled (request->caller_cancellable))
        {
          g_error_free (error);
          finish_body (task);
          return;
        }
      request_fail (task, error, "Lost the connection to");
      return;
    }

  if (n_read == 0)
    {
      request->at_eof = TRUE;
      finish_body (task);
      return;
    }

  request->length += n_read;
  if (request->length > request->limit)
    {
      /* Error pages are quoted in part; anything else that big is refused. */
      if (request->status != SOUP_STATUS_OK)
        {
          request->length = request->limit;
          finish_body (task);
        }
      else
        fail_too_large (task);
      return;
    }

  read_next (task);
}

/* The one place that reads a body: chunks go straight into request->data. */
static void
read_next (GTask *task)
{
  CriaRequest *request = g_task_get_task_data (task);
  gsize count;

  if (request->length == request->allocated)
    {
      gsize size;
      guint8 *data;

      /* Double, but never past one byte beyond the cap (and never overflow doing so). */
      if (request->allocated > request->limit / 2)
        size = request->limit + 1;
      else
        size = MIN (MAX (request->allocated * 2, INITIAL_BUFFER_BYTES), request->limit + 1);

      data = g_try_realloc (request->data, size);

      if (data == NULL)
        {
          request_fail (task,
                        g_error_new (CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_TOO_LARGE,
                                     "Not enough memory for a reply of %" G_GSIZE_FORMAT " bytes",
                                     size),
                        NULL);
          return;
        }
      request->data = data;
      request->allocated = size;
    }

  count = MIN (request->allocated - request->length, (gsize) G_MAXSSIZE);
  g_input_stream_read_async (request->stream, request->data + request->length, count,
                             G_PRIORITY_DEFAULT, request->cancellable, on_read,
                             g_object_ref (task));
}

static void
start_body (GTask *task)
{
  CriaRequest *request = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (request->message);
  gsize prealloc = INITIAL_BUFFER_BYTES;

  request->status = soup_message_get_status (request->message);
  if (request->status != SOUP_STATUS_OK)
    request->limit = ERROR_BODY_MAX_BYTES;
  else if (request->kind == CRIA_REPLY_IMAGE)
    request->limit = (gsize) MIN (IMAGE_MAX_BYTES, (guint64) G_MAXSSIZE - 1);
  else
    request->limit = CRIA_CLIENT_MAX_REPLY_BYTES;

  if (request->kind == CRIA_REPLY_IMAGE && request->status == SOUP_STATUS_OK)
    {
      const char *type = soup_message_headers_get_content_type (headers, NULL);

      request->imagebytes = type != NULL && g_ascii_strcasecmp (type, "application/imagebytes") == 0;
    }

  /* Content-Length is a hint: size the buffer by it, but never trust it beyond the cap. */
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    {
      goffset declared = soup_message_headers_get_content_length (headers);

      if (declared >= 0 && (guint64) declared > request->limit && request->status == SOUP_STATUS_OK)
        {
          fail_too_large (task);
          return;
        }
      /* One spare byte lets the read that reports the end of the body land somewhere. */
      prealloc = (gsize) MIN ((guint64) MAX (declared, 0), request->limit) + 1;
    }
  else
    prealloc = MIN (prealloc, request->limit + 1);

  request->data = g_try_malloc (prealloc);
  request->allocated = request->data != NULL ? prealloc : 0;

  read_next (task);
}

static void
on_sent (GObject      *source_object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CriaRequest *request = g_task_get_task_data (task);
  GError *error = NULL;

  request->stream = soup_session_send_finish (SOUP_SESSION (source_object), result, &error);
  if (request->stream == NULL)
    {
      request_fail (task, error, "Cannot reach");
      return;
    }

  start_body (task);
}

void
cria_request_send (SoupSession   *session,
                   SoupMessage   *message,
                   const char    *server,
                   guint32        transaction_id,
                   CriaReplyKind  kind,
                   CriaValueType  expected,
                   double         timeout,
                   GTask         *task)
{
  CriaRequest *request = g_new0 (CriaRequest, 1);
  GCancellable *caller_cancellable = g_task_get_cancellable (task);

  request->session = g_object_ref (session);
  request->message = g_object_ref (message);
  request->server = g_strdup (server);
  request->transaction_id = transaction_id;
  request->kind = kind;
  request->expected = expected;
  request->timeout = timeout;
  request->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, request, (GDestroyNotify) cria_request_free);

  if (caller_cancellable != NULL)
    {
      request->caller_cancellable = g_object_ref (caller_cancellable);
      request->caller_cancelled_id = g_cancellable_connect (caller_cancellable,
                                                            G_CALLBACK (on_caller_cancelled),
                                                            g_object_ref (request->cancellable),
                                                            g_object_unref);
    }

  /* Our own timer rather than the session's, so that each call has its own limit. */
  if (timeout > 0)
    {
      request->timer = g_timeout_source_new ((guint) MIN (MAX (timeout * 1000.0, 1.0),
                                                          (double) G_MAXUINT));
      g_source_set_callback (request->timer, on_timeout, request, NULL);
      g_source_set_static_name (request->timer, "[cria] request timeout");
      g_source_attach (request->timer, g_task_get_context (task));
    }

  soup_session_send_async (session, message, G_PRIORITY_DEFAULT, request->cancellable,
                           on_sent, task);
}
