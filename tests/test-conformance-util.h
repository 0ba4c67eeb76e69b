/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "cria-device-type.h"
#include "cria-member.h"

G_BEGIN_DECLS

/* An independent Alpaca conformance checker for tests: plain HTTP with SoupSession, no use
 * of the project's client. Findings are collected as "problems" rather than failing at the
 * first one, so that one run lists everything a device gets wrong. */

#define CONF_NOT_IMPLEMENTED   0x400
#define CONF_INVALID_VALUE     0x401
#define CONF_VALUE_NOT_SET     0x402
#define CONF_NOT_CONNECTED     0x407
#define CONF_INVALID_OPERATION 0x40B

typedef struct
{
  guint       status;        /* 0 when the transport failed */
  char       *content_type;  /* "" when absent */
  GBytes     *body;
  char       *text;          /* the body, NUL-terminated */
  JsonNode   *json;          /* when the body is JSON */
  JsonObject *object;        /* the JSON object, or NULL */
  /* Filled by conf_call() for a well-formed Alpaca reply: */
  gint64      error_number;
  JsonNode   *value;         /* "Value", or NULL; owned by json */
} ConfReply;

typedef struct
{
  CriaDeviceType  type;
  guint           number;
  char           *path;      /* "/api/v1/telescope/0" */
  char           *label;     /* "Telescope 0" */
} ConfDevice;

void        conf_init            (const char       *base_url);
void        conf_shutdown        (void);

/* Records a finding; conf_check_problems() fails the running test if there are any. */
void        conf_problem         (const char       *format,
                                  ...) G_GNUC_PRINTF (1, 2);
guint       conf_n_problems      (void);
void        conf_check_problems  (void);

/* One raw request. GET parameters go into the query, PUT ones into a form body; params
 * and accept may be NULL. Never fails the test: a transport error gives status 0. */
ConfReply  *conf_request         (const char       *method,
                                  const char       *path,
                                  const char       *params,
                                  const char       *accept);
void        conf_reply_free      (ConfReply        *reply);

/* A device member (path element in lowercase) with a random ClientTransactionID added.
 * Checks the whole Alpaca envelope and records problems; NULL when the reply is not a
 * well-formed Alpaca reply. */
ConfReply  *conf_call            (const ConfDevice *device,
                                  CriaHttpMethod    method,
                                  const char       *member,
                                  const char       *params);
/* Checks HTTP 200, application/json, the echoed ClientTransactionID, an increasing
 * ServerTransactionID, ErrorNumber and ErrorMessage; fills error_number and value. */
gboolean    conf_check_envelope  (ConfReply        *reply,
                                  guint32           client_transaction_id,
                                  const char       *what);
/* A rejected request: HTTP 400 with a text/plain explanation. */
gboolean    conf_check_bad_request (ConfReply      *reply,
                                    const char     *what);
/* The next random ClientTransactionID to send (1 to 2^31 − 1). */
guint32     conf_next_ctid       (void);
/* Remembers an ImageBytes ServerTransactionID in the increasing sequence. */
gboolean    conf_check_stid      (guint64           stid,
                                  const char       *what);

/* Whether value has the JSON shape of type; why says what is wrong. Integers must be JSON
 * integers; doubles may be any number. */
gboolean    conf_value_has_type  (JsonNode         *value,
                                  CriaValueType     type,
                                  char            **why);

/* Shorthands that succeed only for ErrorNumber 0 and a Value of the right shape. */
gboolean    conf_get_bool        (const ConfDevice *device,
                                  const char       *member,
                                  const char       *params,
                                  gboolean         *value);
gboolean    conf_get_int         (const ConfDevice *device,
                                  const char       *member,
                                  const char       *params,
                                  gint64           *value);
gboolean    conf_get_double      (const ConfDevice *device,
                                  const char       *member,
                                  const char       *params,
                                  double           *value);
/* PUT expecting ErrorNumber 0; records a problem otherwise. */
gboolean    conf_put_ok          (const ConfDevice *device,
                                  const char       *member,
                                  const char       *params);
/* The ErrorNumber of a call, or −1 when the reply was malformed. */
gint64      conf_error_of        (const ConfDevice *device,
                                  CriaHttpMethod    method,
                                  const char       *member,
                                  const char       *params);

/* A culture-neutral number for a parameter. */
char       *conf_format_double   (double            value);

/* The devices from management/v1/configureddevices (checked there). */
GPtrArray  *conf_list_devices    (void);
void        conf_device_free     (ConfDevice       *device);

/* Connect() then Connecting polled until false (bounded); Disconnect() likewise. */
gboolean    conf_connect         (const ConfDevice *device);
gboolean    conf_disconnect      (const ConfDevice *device);
/* Polls a boolean member until it reads want, for at most max_seconds. */
gboolean    conf_wait_bool       (const ConfDevice *device,
                                  const char       *member,
                                  gboolean          want,
                                  double            max_seconds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConfReply, conf_reply_free)

G_END_DECLS
