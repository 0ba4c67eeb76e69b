/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <check.h>

#include "cria-alpaca.h"
#include "test-server-util.h"

G_BEGIN_DECLS

#define WAIT_SECONDS 10.0

/* One scripted server per test: it answers every path with the canned reply and records
 * what it received. "@CTID@" in a reply becomes the request's ClientTransactionID. */
typedef struct
{
  SoupServer *server;
  char       *base_url;
  CriaClient *client;

  guint       status;
  char       *content_type;
  GBytes     *reply;
  gboolean    chunked;
  gboolean    pause;
  char       *location;

  guint       n_requests;
  char       *method;
  char       *path;
  char       *query;
  char       *body;
  char       *request_content_type;
  char       *accept;
  char       *user_agent;
  GArray     *transaction_ids;
} Fixture;

/* The running test's server and client, made by the checked fixture. */
extern Fixture *fx;

void        setup                 (void);
void        teardown              (void);

void        set_reply_len         (guint                status,
                                   const char          *content_type,
                                   const char          *body,
                                   gsize                length);
void        set_reply             (guint                status,
                                   const char          *content_type,
                                   const char          *body);
void        set_json              (const char          *body);

JsonNode   *call_get              (CriaValueType        expected,
                                   GError             **error);
JsonNode   *call_member           (CriaDeviceType       type,
                                   CriaHttpMethod       method,
                                   const char          *member,
                                   const char * const  *params,
                                   GError             **error);
CriaFrame  *get_image             (GError             **error);

void        assert_error          (const GError        *error,
                                   GQuark               domain,
                                   int                  code);
void        assert_protocol_error (JsonNode            *value,
                                   const GError        *error,
                                   int                  code);

/* A good reply around a JSON Value text. */
#define REPLY(value) \
  "{\"Value\": " value ", \"ClientTransactionID\": @CTID@, \"ServerTransactionID\": 7, " \
  "\"ErrorNumber\": 0, \"ErrorMessage\": \"\"}"

G_END_DECLS
