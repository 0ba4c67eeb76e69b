/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-client.h"

G_BEGIN_DECLS

typedef enum
{
  CRIA_REPLY_JSON,  /* an Alpaca JSON reply; the task returns a JsonNode (or NULL) */
  CRIA_REPLY_IMAGE, /* imagearray as ImageBytes or JSON; the task returns a CriaFrame */
} CriaReplyKind;

/* What an image request needs beyond a plain one. */
typedef struct
{
  CriaFramePool         *pool;
  CriaImageReceivedFunc  received;
  gpointer               received_data;
} CriaImageOptions;

/* Sends message on session and completes task with the reply: the timer, cancellation,
 * reading the body and turning it into a value or an error all live here.
 * server names the server in error messages; timeout <= 0 means no timer; image is
 * required for CRIA_REPLY_IMAGE and ignored otherwise.
 * Takes over the caller's reference to task. */
void     cria_request_send         (SoupSession             *session,
                                    SoupMessage             *message,
                                    const char              *server,
                                    guint32                  transaction_id,
                                    CriaReplyKind            kind,
                                    CriaValueType            expected,
                                    double                   timeout,
                                    const CriaImageOptions  *image,
                                    GTask                   *task);
/* The figures of a finished image request; FALSE for any other task. */
gboolean cria_request_get_transfer (GTask                   *task,
                                    CriaImageTransfer       *transfer);

G_END_DECLS
