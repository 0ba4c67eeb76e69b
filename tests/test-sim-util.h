/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <check.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "cria-sim-server.h"

G_BEGIN_DECLS

/* Plumbing shared by the simulator's tests: a simulator on 127.0.0.1 with a temporary state
 * directory, plain HTTP to it with SoupSession, and Alpaca calls that fail the running Check
 * test on a transport error or a malformed reply. Check runs every test in a process of its
 * own, so there is one simulator at a time. */

/* ---- the simulator ---- */

/* A new temporary directory; tmpl as for g_dir_make_tmp(). */
char          *sim_make_state_dir   (const char           *tmpl);
/* Removes every file in *dir and *dir itself, then frees and clears *dir. */
void           sim_remove_state_dir (char                **dir);
/* A started simulator with options on 127.0.0.1 (whatever options->address says). */
CriaSimServer *sim_server_new       (const CriaSimOptions *options);

/* Starts the simulator that the calls below talk to, with a state directory of its own
 * (tmpl as for g_dir_make_tmp()); the rest comes from options. The server is unowned. */
CriaSimServer *sim_start            (const CriaSimOptions *options,
                                     const char           *tmpl);
/* Stops it and removes its state directory; does nothing when none was started. */
void           sim_stop             (void);
CriaSimServer *sim_server           (void);
/* "http://127.0.0.1:PORT" */
const char    *sim_base_url         (void);
const char    *sim_state_dir        (void);

/* ---- plain HTTP ---- */

typedef struct
{
  guint     status;
  char     *content_type;   /* the media type without parameters; "" when absent */
  GBytes   *body;
  char     *text;           /* the body, NUL-terminated */
  JsonNode *json;           /* the parsed body of an application/json reply, else NULL */
  char     *what;           /* "METHOD URL", for messages */
} SimReply;

/* One request to path below base_url: GET params go into the query, PUT ones into a form
 * body; params and accept may be NULL. Never fails the test: NULL and error on a transport
 * error. json stays NULL when an application/json body does not parse. */
SimReply      *sim_http_send        (SoupSession          *session,
                                     const char           *base_url,
                                     const char           *method,
                                     const char           *path,
                                     const char           *params,
                                     const char           *accept,
                                     GError              **error);
/* The same, failing the test on a transport error or a JSON reply that is not an object. */
SimReply      *sim_http_with        (SoupSession          *session,
                                     const char           *base_url,
                                     const char           *method,
                                     const char           *path,
                                     const char           *params,
                                     const char           *accept);
/* sim_http_with() to the simulator sim_start() started. */
SimReply      *sim_http             (const char           *method,
                                     const char           *path,
                                     const char           *params,
                                     const char           *accept);
void           sim_reply_free       (SimReply             *reply);
/* The JSON object of a reply; fails the test unless it is HTTP 200 with a JSON object. */
JsonObject    *sim_reply_object     (SimReply             *reply);

/* ---- Alpaca calls to device number 0 of the simulator sim_start() started ---- */

/* device: "switch", "dome"...; params: the query of a GET or the form of a PUT, without
 * ClientID and ClientTransactionID, which every call adds. Fails the test unless the reply
 * is HTTP 200 with a JSON object that echoes the ClientTransactionID. Returns the object. */
JsonObject    *sim_call             (const char           *method,
                                     const char           *device,
                                     const char           *member,
                                     const char           *params);
gint64         sim_error_of         (const char           *method,
                                     const char           *device,
                                     const char           *member,
                                     const char           *params);
/* A PUT that must succeed (ErrorNumber 0). */
void           sim_put_ok           (const char           *device,
                                     const char           *member,
                                     const char           *params);
/* The Value of a GET that must succeed (owned), and shorthands that check its type. */
JsonNode      *sim_get_value        (const char           *device,
                                     const char           *member,
                                     const char           *params);
double         sim_get_double       (const char           *device,
                                     const char           *member,
                                     const char           *params);
gint64         sim_get_int          (const char           *device,
                                     const char           *member,
                                     const char           *params);
gboolean       sim_get_bool         (const char           *device,
                                     const char           *member,
                                     const char           *params);
char          *sim_get_string       (const char           *device,
                                     const char           *member,
                                     const char           *params);
/* Polls a member until it reads wanted; FALSE after max_seconds. */
gboolean       sim_wait_bool        (const char           *device,
                                     const char           *member,
                                     const char           *params,
                                     gboolean              wanted,
                                     double                max_seconds);
gboolean       sim_wait_int         (const char           *device,
                                     const char           *member,
                                     const char           *params,
                                     gint64                wanted,
                                     double                max_seconds);
/* The Platform 7 connection: Connect(), Connecting polled until false (bounded), then
 * Connected must be true. */
void           sim_connect          (const char           *device,
                                     double                max_seconds);
/* DeviceState as a table of Name to a copy of Value, TimeStamp included; fails the test on
 * an item without Name or Value, or a name given twice. */
GHashTable    *sim_device_state     (const char           *device);

/* ---- running ---- */

/* Runs a suite with Check's defaults; the exit status for main(). */
int            sim_run_suite        (Suite                *suite);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimReply, sim_reply_free)

G_END_DECLS
