/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ASCOM-level errors: the GError code is the device's ErrorNumber itself. */
#define CRIA_ALPACA_ERROR (cria_alpaca_error_quark ())

typedef enum
{
  CRIA_ALPACA_ERROR_NOT_IMPLEMENTED          = 0x400,
  CRIA_ALPACA_ERROR_INVALID_VALUE            = 0x401,
  CRIA_ALPACA_ERROR_VALUE_NOT_SET            = 0x402,
  CRIA_ALPACA_ERROR_NOT_CONNECTED            = 0x407,
  CRIA_ALPACA_ERROR_INVALID_WHILE_PARKED     = 0x408,
  CRIA_ALPACA_ERROR_INVALID_WHILE_SLAVED     = 0x409,
  CRIA_ALPACA_ERROR_INVALID_OPERATION        = 0x40B,
  CRIA_ALPACA_ERROR_ACTION_NOT_IMPLEMENTED   = 0x40C,
  CRIA_ALPACA_ERROR_DRIVER_FIRST             = 0x500,
  CRIA_ALPACA_ERROR_DRIVER_LAST              = 0xFFF,
} CriaAlpacaError;

/* HTTP 4xx/5xx replies: the GError code is the HTTP status, the message the server's text. */
#define CRIA_HTTP_ERROR (cria_http_error_quark ())

/* Transport and format errors: everything that is not the device speaking. */
#define CRIA_PROTOCOL_ERROR (cria_protocol_error_quark ())

typedef enum
{
  CRIA_PROTOCOL_ERROR_MALFORMED,     /* not JSON, not an object, bad image stream... */
  CRIA_PROTOCOL_ERROR_MISSING_FIELD, /* e.g. no Value in a reply that must have one */
  CRIA_PROTOCOL_ERROR_WRONG_TYPE,    /* Value has the wrong JSON type, or is null */
  CRIA_PROTOCOL_ERROR_TOO_LARGE,     /* reply or image beyond our caps */
  CRIA_PROTOCOL_ERROR_TIMED_OUT,
  CRIA_PROTOCOL_ERROR_INVALID_REQUEST, /* rejected before sending: unknown member, bad parameter */
  CRIA_PROTOCOL_ERROR_CONNECTION,    /* could not reach the server, or it hung up */
} CriaProtocolError;

GQuark       cria_alpaca_error_quark             (void);
GQuark       cria_protocol_error_quark           (void);
GQuark       cria_http_error_quark               (void);

const char  *cria_alpaca_error_name              (int          error_number);
gboolean     cria_alpaca_error_is_driver_error   (int          error_number);

GError      *cria_alpaca_error_new               (int          error_number,
                                                  const char  *message);
GError      *cria_http_error_new                 (guint        status,
                                                  const char  *reason,
                                                  const char  *body,
                                                  gsize        body_length);

char        *cria_error_describe                 (const GError *error);

G_END_DECLS
