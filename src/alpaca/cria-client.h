/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "cria-device-type.h"
#include "cria-frame.h"
#include "cria-frame-pool.h"
#include "cria-member.h"

G_BEGIN_DECLS

#define CRIA_CLIENT_DEFAULT_TIMEOUT       5.0
#define CRIA_CLIENT_DEFAULT_IMAGE_TIMEOUT 60.0
/* Non-image replies larger than this are refused. */
#define CRIA_CLIENT_MAX_REPLY_BYTES       (8 * 1024 * 1024)

#define CRIA_TYPE_CLIENT (cria_client_get_type ())

G_DECLARE_FINAL_TYPE (CriaClient, cria_client, CRIA, CLIENT, GObject)

/* One client per Alpaca server; base_url is "http://host:port". */
CriaClient  *cria_client_new                   (const char          *base_url);
/* Brackets IPv6 literals. */
CriaClient  *cria_client_new_for_host          (const char          *host,
                                                guint16              port);
const char  *cria_client_get_base_url          (CriaClient          *self);
SoupSession *cria_client_get_session           (CriaClient          *self);

/* Random per app instance, the same for every client. */
guint32      cria_client_get_client_id         (void);
guint32      cria_client_next_transaction_id   (CriaClient          *self);

double       cria_client_get_timeout           (CriaClient          *self);
void         cria_client_set_timeout           (CriaClient          *self,
                                                double               seconds);
double       cria_client_get_image_timeout     (CriaClient          *self);
void         cria_client_set_image_timeout     (CriaClient          *self,
                                                double               seconds);

/* A raw call: path is below the server root, e.g. "management/v1/description" or
 * "api/v1/camera/0/connected". params alternate name and value and end with NULL;
 * they go in the query for GET and in a form body for PUT, exactly as given.
 * timeout 0 means the client's default. Returns the Value, or NULL for CRIA_VALUE_NONE. */
void         cria_client_call_async            (CriaClient          *self,
                                                CriaHttpMethod       method,
                                                const char          *path,
                                                const char * const  *params,
                                                CriaValueType        expected,
                                                double               timeout,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
JsonNode    *cria_client_call_finish           (CriaClient          *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* A device member checked against the member table: unknown members and parameters are
 * refused before sending, parameter names are sent in the spec's casing, and values are
 * re-formatted culture-neutrally. */
void         cria_client_member_async          (CriaClient          *self,
                                                CriaDeviceType       type,
                                                guint                number,
                                                CriaHttpMethod       method,
                                                const char          *member,
                                                const char * const  *params,
                                                double               timeout,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
JsonNode    *cria_client_member_finish         (CriaClient          *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* How an image download went, in monotonic microseconds (g_get_monotonic_time()). */
typedef struct
{
  gint64   sent;        /* the request was handed to libsoup */
  gint64   received;    /* the whole body had arrived */
  gint64   decoded;     /* the frame was ready */
  guint64  body_bytes;
  gboolean imagebytes;  /* FALSE for the JSON fallback */
} CriaImageTransfer;

/* Called once the whole image body is in, before it is decoded: the camera may start
 * the next exposure while the last one is still being decoded. */
typedef void (*CriaImageReceivedFunc) (CriaClient *client,
                                       gpointer    user_data);

/* Where ImageBytes replies get their buffers. The client makes a pool of its own on first
 * use; setting NULL goes back to that one. */
CriaFramePool *cria_client_get_frame_pool      (CriaClient          *self);
void         cria_client_set_frame_pool        (CriaClient          *self,
                                                CriaFramePool       *pool);

/* GET camera/N/imagearray, asking for ImageBytes and accepting JSON. ImageBytes is read
 * straight into a pooled buffer and decoded in a worker thread into a pooled frame. */
void         cria_client_get_image_async       (CriaClient          *self,
                                                guint                number,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
CriaFrame   *cria_client_get_image_finish      (CriaClient          *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* The same with a pool of the caller's (NULL: the client's), an optional received callback
 * that gets user_data, and the transfer's figures. Either finish function takes either
 * async call. */
void         cria_client_get_image_full_async  (CriaClient          *self,
                                                guint                number,
                                                CriaFramePool       *pool,
                                                CriaImageReceivedFunc received,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
CriaFrame   *cria_client_get_image_full_finish (CriaClient          *self,
                                                GAsyncResult        *result,
                                                CriaImageTransfer   *transfer,
                                                GError             **error);

G_END_DECLS
