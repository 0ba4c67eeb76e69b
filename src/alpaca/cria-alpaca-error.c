/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-alpaca"

#include "config.h"

#include "cria-alpaca-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define HTTP_BODY_MAX 200

G_DEFINE_QUARK (cria-alpaca-error-quark, cria_alpaca_error)
G_DEFINE_QUARK (cria-protocol-error-quark, cria_protocol_error)
G_DEFINE_QUARK (cria-http-error-quark, cria_http_error)

const char *
cria_alpaca_error_name (int error_number)
{
  switch (error_number)
    {
    case CRIA_ALPACA_ERROR_NOT_IMPLEMENTED:        return "NotImplemented";
    case CRIA_ALPACA_ERROR_INVALID_VALUE:          return "InvalidValue";
    case CRIA_ALPACA_ERROR_VALUE_NOT_SET:          return "ValueNotSet";
    case CRIA_ALPACA_ERROR_NOT_CONNECTED:          return "NotConnected";
    case CRIA_ALPACA_ERROR_INVALID_WHILE_PARKED:   return "InvalidWhileParked";
    case CRIA_ALPACA_ERROR_INVALID_WHILE_SLAVED:   return "InvalidWhileSlaved";
    case CRIA_ALPACA_ERROR_INVALID_OPERATION:      return "InvalidOperation";
    case CRIA_ALPACA_ERROR_ACTION_NOT_IMPLEMENTED: return "ActionNotImplemented";
    default:
      return cria_alpaca_error_is_driver_error (error_number) ? "DriverError" : "UnspecifiedError";
    }
}

gboolean
cria_alpaca_error_is_driver_error (int error_number)
{
  return error_number >= CRIA_ALPACA_ERROR_DRIVER_FIRST
         && error_number <= CRIA_ALPACA_ERROR_DRIVER_LAST;
}

GError *
cria_alpaca_error_new (int         error_number,
                       const char *message)
{
  if (message == NULL || *message == '\0')
    message = cria_alpaca_error_name (error_number);

  return g_error_new_literal (CRIA_ALPACA_ERROR, error_number, message);
}

/* Servers send anything from one line to a whole HTML page; keep one readable line. */
static char *
summarize_body (const char *body,
                gsize       body_length)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean in_space = FALSE;
  gsize i;

  if (body == NULL)
    return g_strdup ("");

  for (i = 0; i < body_length && text->len < HTTP_BODY_MAX; i++)
    {
      guchar c = body[i];

      if (c == '\0')
        break;
      if (g_ascii_isspace (c) || g_ascii_iscntrl (c))
        {
          in_space = text->len > 0;
          continue;
        }
      if (in_space)
        g_string_append_c (text, ' ');
      in_space = FALSE;
      g_string_append_c (text, c);
    }

  if (!g_utf8_validate_len (text->str, text->len, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (text->str, text->len);
      g_string_assign (text, valid);
    }
  else if (i < body_length && text->len >= HTTP_BODY_MAX)
    {
      const char *end = g_utf8_find_prev_char (text->str, text->str + text->len);
      g_string_truncate (text, end != NULL ? (gsize) (end - text->str) : 0);
      g_string_append (text, "…");
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

GError *
cria_http_error_new (guint       status,
                     const char *reason,
                     const char *body,
                     gsize       body_length)
{
  g_autofree char *summary = summarize_body (body, body_length);

  if (reason == NULL || *reason == '\0')
    reason = _("Error");
  if (*summary == '\0')
    return g_error_new (CRIA_HTTP_ERROR, status, _("HTTP %u %s"), status, reason);

  /* TRANSLATORS: an HTTP status code, its reason phrase and the start of the server's page. */
  return g_error_new (CRIA_HTTP_ERROR, status, _("HTTP %u %s: %s"), status, reason, summary);
}

/* One line a user can act on: the device's own words plus the numbers support will ask for. */
char *
cria_error_describe (const GError *error)
{
  if (error == NULL)
    return g_strdup ("");

  if (error->domain == CRIA_ALPACA_ERROR)
    /* TRANSLATORS: the device's message, the ASCOM error name, then its number twice. */
    return g_strdup_printf (_("%s (%s, error %d = 0x%X)"), error->message,
                            cria_alpaca_error_name (error->code), error->code, error->code);

  return g_strdup (error->message);
}
