/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "cria-member.h"

G_BEGIN_DECLS

typedef struct
{
  guint32 client_transaction_id;
  guint32 server_transaction_id;
} CriaResponseInfo;

/* Parses the body of an HTTP 200 Alpaca reply. Checks ErrorNumber/ErrorMessage first
 * (a non-zero ErrorNumber becomes a CRIA_ALPACA_ERROR), then checks that Value has the
 * expected shape. Keys match in any casing. On success *out_value holds a new node,
 * or NULL for CRIA_VALUE_NONE. Never asserts on bad input.
 * For CRIA_VALUE_IMAGE it holds the whole reply object, since the decoder needs the Type
 * and Rank that sit beside the Value array. */
gboolean cria_response_parse (const char        *body,
                              gsize              length,
                              CriaValueType      expected,
                              JsonNode         **out_value,
                              CriaResponseInfo  *info,
                              GError           **error);

/* Case-insensitive member lookup in a JSON object; servers disagree on key casing. */
JsonNode *cria_json_object_get_member_nocase (JsonObject *object,
                                              const char *name);

G_END_DECLS
