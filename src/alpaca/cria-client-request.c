/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-alpaca"

#include "config.h"

#include "cria-client-private.h"

#include <glib/gi18n-lib.h>
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
 * I/O error it caused. A transport error becomes a connection error from format, which
 * takes the server and the I/O error's message; with format NULL the error is returned
 * as it is. */
static void
request_fail (GTask      *task,
              GError     *error,
              const char *format)
{
  CriaRequest *request = g_task_get_task_data (task);

  stop_timer (request);
  close_stream (request);

  if (request->timed_out)
    {
      g_error_free (error);
      g_task_return_new_error (task, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_TIMED_OUT,
                               _("%s did not answer within %g s"), request->server,
                               request->timeout);
      return;
    }

  if (g_cancellable_is_cancelled (request->caller_cancellable))
    {
      g_error_free (error);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("Operation was cancelled"));
      return;
    }

  if (format != NULL)
    {
      GError *connection_error = g_error_new (CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_CONNECTION,
                                              format, request->server, error->message);
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
swap_to_host (CriaFrame *frame)
{
#if G_BYTE_ORDER == G_BIG_ENDIAN
  gsize size = cria_element_type_size (frame->element_type);
  gsize n = cria_frame_get_n_bytes (frame);
  guint8 *p = frame->data;

  for (gsize i = 0; size > 1 && i + size <= n; i += size)
    for (gsize a = i, b = i + size - 1; a < b; a++, b--)
      {
        guint8 t = p[a];

        p[a] = p[b];
        p[b] = t;
      }
#else
  (void) frame;
#endif
}

/* The pixels are all in: turn them from column-major into a pooled row-major frame. */
static CriaFrame *
transpose_pixels (CriaRequest  *request,
                  GError      **error)
{
  const CriaImageBytesHeader *h = &request->header;
  CriaFrame *frame;

  frame = cria_frame_pool_new_frame (request->image.pool, h->transmission_element_type,
                                     h->dimension1, h->dimension2,
                                     h->rank == 3 ? (guint) h->dimension3 : 1, error);
  if (frame == NULL)
    return NULL;
  frame->image_element_type = h->image_element_type;

  cria_transpose_to_frame (frame, request->pixels);
  swap_to_host (frame);

  cria_frame_pool_release (request->image.pool, request->pixels, request->pixels_size);
  request->pixels = NULL;
  return frame;
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

  if (request->phase != BODY_BUFFER)
    {
      check_transaction_id (request, request->header.client_transaction_id);
      frame = transpose_pixels (request, &error);
    }
  else if (request->imagebytes)
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

  request->transfer.decoded = g_get_monotonic_time ();
  if (frame == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&frame), (GDestroyNotify) cria_frame_unref);
}

/* The body is complete: hand it to a worker thread, and let the caller know it is in
 * unless it is a device error that needs no decoding. */
static void
finish_image (GTask *task)
{
  CriaRequest *request = g_task_get_task_data (task);
  gboolean device_error;

  request->transfer.received = g_get_monotonic_time ();
  request->transfer.body_bytes = request->body_length;
  request->transfer.imagebytes = request->imagebytes;

  device_error = request->imagebytes && request->phase == BODY_BUFFER;
  if (request->image.received != NULL && !device_error)
    request->image.received (g_task_get_source_object (task), request->image.received_data);

  /* Decoding a large frame takes a while: keep it off the caller's thread. */
  g_task_run_in_thread (task, decode_image_thread);
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
      finish_image (task);
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
                             _("The reply from %s is larger than %zu bytes"),
                             request->server, request->limit),
                NULL);
}

static void
fail_truncated (GTask *task)
{
  CriaRequest *request = g_task_get_task_data (task);
  const CriaImageBytesHeader *h = &request->header;
  GError *error;

  if (request->phase == BODY_HEADER)
    error = g_error_new (CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED,
                         _("ImageBytes reply from %s is %zu bytes long, "
                           "shorter than its %d-byte metadata"), request->server,
                         request->header_length, CRIA_IMAGEBYTES_HEADER_SIZE);
  else
    error = g_error_new (CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED,
                         _("ImageBytes data from %s is truncated: %zu of %zu bytes "
                           "for a %d × %d × %d %s image"), request->server,
                         request->pixels_length, request->pixels_size, h->dimension1,
                         h->dimension2, h->rank == 3 ? h->dimension3 : 1,
                         cria_element_type_to_string (h->transmission_element_type));
  request_fail (task, error, NULL);
}

/* An ImageBytes device error carries its message where the pixels would be: read the
 * rest like any small reply and let the decoder report it. */
static void
switch_to_buffer (CriaRequest *request)
{
  request->limit = CRIA_IMAGEBYTES_HEADER_SIZE + ERROR_BODY_MAX_BYTES;
  request->data = g_malloc (INITIAL_BUFFER_BYTES);
  request->allocated = INITIAL_BUFFER_BYTES;
  memcpy (request->data, request->header_bytes, CRIA_IMAGEBYTES_HEADER_SIZE);
  request->length = CRIA_IMAGEBYTES_HEADER_SIZE;
  request->phase = BODY_BUFFER;
}

/* The metadata is in: check it, then get a buffer for exactly the pixels it announces. */
static gboolean
start_pixels (CriaRequest  *request,
              GError      **error)
{
  CriaImageBytesHeader *h = &request->header;
  guint32 error_number;
  gsize n_bytes;

  memcpy (&error_number, request->header_bytes + 4, sizeof error_number);
  if (error_number != 0)
    {
      switch_to_buffer (request);
      return TRUE;
    }

  if (!cria_imagebytes_parse_header (request->header_bytes, CRIA_IMAGEBYTES_HEADER_SIZE, h,
                                     error)
      || !cria_frame_check_dimensions (h->dimension1, h->dimension2,
                                       h->rank == 3 ? (guint) h->dimension3 : 1,
                                       h->transmission_element_type, &n_bytes, error))
    return FALSE;

  if (request->declared_length >= 0
      && (guint64) request->declared_length < (guint64) h->data_start + n_bytes)
    {
      g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED,
                   _("ImageBytes data from %s is truncated: the reply has %lld bytes, "
                     "a %d × %d %s image needs %llu"), request->server,
                   (long long) request->declared_length, h->dimension1, h->dimension2,
                   cria_element_type_to_string (h->transmission_element_type),
                   (unsigned long long) h->data_start + n_bytes);
      return FALSE;
    }

  request->pixels = cria_frame_pool_acquire (request->image.pool, n_bytes, error);
  if (request->pixels == NULL)
    return FALSE;
  request->pixels_size = MAX (n_bytes, 1);
  request->pixels_length = 0;
  request->gap = (gsize) h->data_start - CRIA_IMAGEBYTES_HEADER_SIZE;
  request->phase = request->gap > 0 ? BODY_GAP : BODY_PIXELS;
  return TRUE;
}

/* Moves the streaming phases on by n_read bytes. */
static gboolean
advance_stream (CriaRequest  *request,
                gsize         n_read,
                GError      **error)
{
  switch (request->phase)
    {
    case BODY_HEADER:
      request->header_length += n_read;
      if (request->header_length == CRIA_IMAGEBYTES_HEADER_SIZE)
        return start_pixels (request, error);
      break;
    case BODY_GAP:
      request->gap -= n_read;
      if (request->gap == 0)
        request->phase = BODY_PIXELS;
      break;
    case BODY_PIXELS:
      request->pixels_length += n_read;
      if (request->pixels_length == request->pixels_size)
        request->phase = BODY_TAIL;
      break;
    case BODY_TAIL:
      /* Servers should send nothing more; the decoder has always ignored it. */
      g_debug ("Ignoring %" G_GSIZE_FORMAT " bytes after the ImageBytes data", n_read);
      break;
    case BODY_BUFFER:
    default:
      g_assert_not_reached ();
    }
  return TRUE;
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
      request_fail (task, error, _("Lost the connection to %s: %s"));
      return;
    }

  if (n_read == 0)
    {
      request->at_eof = TRUE;
      if (request->phase == BODY_BUFFER || request->phase == BODY_TAIL)
        finish_body (task);
      else
        fail_truncated (task);
      return;
    }

  request->body_length += n_read;
  if (request->phase != BODY_BUFFER)
    {
      if (request->body_length > request->limit)
        fail_too_large (task);
      else if (!advance_stream (request, n_read, &error))
        request_fail (task, error, NULL);
      else
        read_next (task);
      return;
    }

  request->length += n_read;
  if (request->length > request->limit)
    {
      /* Error pages and messages are quoted in part; anything else that big is refused. */
      if (request->status != SOUP_STATUS_OK || request->imagebytes)
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

/* The one place that reads a body: chunks go straight to where they belong. */
static void
read_next (GTask *task)
{
  CriaRequest *request = g_task_get_task_data (task);
  guint8 *target;
  gsize count;

  switch (request->phase)
    {
    case BODY_HEADER:
      target = request->header_bytes + request->header_length;
      count = CRIA_IMAGEBYTES_HEADER_SIZE - request->header_length;
      break;
    case BODY_GAP:
    case BODY_TAIL:
      if (request->scratch == NULL)
        request->scratch = g_malloc (SCRATCH_BYTES);
      target = request->scratch;
      count = request->phase == BODY_GAP ? MIN (request->gap, SCRATCH_BYTES) : SCRATCH_BYTES;
      break;
    case BODY_PIXELS:
      target = request->pixels + request->pixels_length;
      count = MIN (request->pixels_size - request->pixels_length, (gsize) G_MAXSSIZE);
      break;
    case BODY_BUFFER:
    default:
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
                                         _("Not enough memory for a reply of %zu bytes"),
                                         size),
                            NULL);
              return;
            }
          request->data = data;
          request->allocated = size;
        }
      target = request->data + request->length;
      count = MIN (request->allocated - request->length, (gsize) G_MAXSSIZE);
      break;
    }

  g_input_stream_read_async (request->stream, target, count, G_PRIORITY_DEFAULT,
                             request->cancellable, on_read, g_object_ref (task));
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

  request->declared_length = -1;
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    request->declared_length = soup_message_headers_get_content_length (headers);

  /* Content-Length is a hint: size the buffer by it, but never trust it beyond the cap. */
  if (request->declared_length >= 0)
    {
      if ((guint64) request->declared_length > request->limit && request->status == SOUP_STATUS_OK)
        {
          fail_too_large (task);
          return;
        }
    }

  /* ImageBytes needs no buffer of its own: the metadata says how big the pixels are. */
  if (request->imagebytes)
    {
      request->phase = BODY_HEADER;
      read_next (task);
      return;
    }

  if (request->declared_length >= 0)
    /* One spare byte lets the read that reports the end of the body land somewhere. */
    prealloc = (gsize) MIN ((guint64) request->declared_length, request->limit) + 1;
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
      request_fail (task, error, _("Cannot reach %s: %s"));
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
                   const CriaImageOptions *image,
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
  if (kind == CRIA_REPLY_IMAGE)
    {
      g_assert (image != NULL && CRIA_IS_FRAME_POOL (image->pool));
      request->image = *image;
      g_object_ref (request->image.pool);
    }
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

  request->transfer.sent = g_get_monotonic_time ();
  soup_session_send_async (session, message, G_PRIORITY_DEFAULT, request->cancellable,
                           on_sent, task);
}

gboolean
cria_request_get_transfer (GTask             *task,
                           CriaImageTransfer *transfer)
{
  CriaRequest *request = g_task_get_task_data (task);

  if (request == NULL || request->kind != CRIA_REPLY_IMAGE)
    return FALSE;

  *transfer = request->transfer;
  return TRUE;
}
