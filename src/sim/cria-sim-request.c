/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-sim"

#include <errno.h>
#include <math.h>

#include "cria-sim-private.h"

struct _CriaSimRequest
{
  GHashTable *params; /* lowercase name -> value */
  gboolean    accepts_imagebytes;
  guint32     server_transaction_id;
};

G_DEFINE_QUARK (cria-sim-error-quark, cria_sim_error)

CriaSimRequest *
cria_sim_request_new (gboolean accepts_imagebytes,
                      guint32  server_transaction_id)
{
  CriaSimRequest *request = g_new0 (CriaSimRequest, 1);

  request->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  request->accepts_imagebytes = accepts_imagebytes;
  request->server_transaction_id = server_transaction_id;

  return request;
}

void
cria_sim_request_add (CriaSimRequest *request,
                      const char     *name,
                      const char     *value)
{
  g_autofree char *key = NULL;

  g_return_if_fail (request != NULL);
  g_return_if_fail (name != NULL && value != NULL);

  key = g_ascii_strdown (name, -1);
  if (!g_hash_table_contains (request->params, key))
    g_hash_table_insert (request->params, g_steal_pointer (&key), g_strdup (value));
}

void
cria_sim_request_free (CriaSimRequest *request)
{
  if (request == NULL)
    return;

  g_hash_table_unref (request->params);
  g_free (request);
}

void
cria_sim_reply_clear (CriaSimReply *reply)
{
  g_clear_pointer (&reply->value, json_node_unref);
  g_clear_pointer (&reply->bytes, g_bytes_unref);
  g_clear_pointer (&reply->bytes_header, g_bytes_unref);
  reply->content_type = NULL;
}

static const char *
lookup (CriaSimRequest *request,
        const char     *name)
{
  g_autofree char *key = g_ascii_strdown (name, -1);

  return g_hash_table_lookup (request->params, key);
}

static const char *
require (CriaSimRequest  *request,
         const char      *name,
         GError         **error)
{
  const char *text = lookup (request, name);

  if (text == NULL)
    g_set_error (error, CRIA_SIM_ERROR, CRIA_SIM_ERROR_BAD_REQUEST,
                 "Missing parameter %s", name);
  return text;
}

gboolean
cria_sim_request_get_bool (CriaSimRequest  *request,
                           const char      *name,
                           gboolean        *value,
                           GError         **error)
{
  const char *text;

  g_return_val_if_fail (request != NULL && name != NULL, FALSE);

  text = require (request, name, error);
  if (text == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (text, "true") == 0)
    *value = TRUE;
  else if (g_ascii_strcasecmp (text, "false") == 0)
    *value = FALSE;
  else
    {
      g_set_error (error, CRIA_SIM_ERROR, CRIA_SIM_ERROR_BAD_REQUEST,
                   "Parameter %s must be true or false, not “%s”", name, text);
      return FALSE;
    }

  return TRUE;
}

gboolean
cria_sim_request_get_int (CriaSimRequest  *request,
                          const char      *name,
                          gint64          *value,
                          GError         **error)
{
  const char *text;
  char *end = NULL;
  gint64 number;

  g_return_val_if_fail (request != NULL && name != NULL, FALSE);

  text = require (request, name, error);
  if (text == NULL)
    return FALSE;

  errno = 0;
  number = g_ascii_strtoll (text, &end, 10);
  if (*text == '\0' || g_ascii_isspace (*text) || *end != '\0' || errno != 0)
    {
      g_set_error (error, CRIA_SIM_ERROR, CRIA_SIM_ERROR_BAD_REQUEST,
                   "Parameter %s must be an integer, not “%s”", name, text);
      return FALSE;
    }

  *value = number;
  return TRUE;
}

gboolean
cria_sim_request_get_double (CriaSimRequest  *request,
                             const char      *name,
                             double          *value,
                             GError         **error)
{
  const char *text;
  char *end = NULL;
  double number;

  g_return_val_if_fail (request != NULL && name != NULL, FALSE);

  text = require (request, name, error);
  if (text == NULL)
    return FALSE;

  errno = 0;
  number = g_ascii_strtod (text, &end);
  if (*text == '\0' || g_ascii_isspace (*text) || *end != '\0' || errno == ERANGE
      || !isfinite (number))
    {
      g_set_error (error, CRIA_SIM_ERROR, CRIA_SIM_ERROR_BAD_REQUEST,
                   "Parameter %s must be a number with a decimal point, not “%s”", name, text);
      return FALSE;
    }

  *value = number;
  return TRUE;
}

const char *
cria_sim_request_get_string (CriaSimRequest  *request,
                             const char      *name,
                             GError         **error)
{
  g_return_val_if_fail (request != NULL && name != NULL, NULL);

  return require (request, name, error);
}

gboolean
cria_sim_request_accepts_imagebytes (CriaSimRequest *request)
{
  g_return_val_if_fail (request != NULL, FALSE);

  return request->accepts_imagebytes;
}

/* IDs are unsigned 32-bit; anything else counts as absent. */
static guint32
get_id (CriaSimRequest *request,
        const char     *name)
{
  const char *text = lookup (request, name);
  guint64 number = 0;

  if (text == NULL
      || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &number, NULL))
    return 0;

  return (guint32) number;
}

guint32
cria_sim_request_get_client_id (CriaSimRequest *request)
{
  g_return_val_if_fail (request != NULL, 0);

  return get_id (request, "ClientID");
}

guint32
cria_sim_request_get_client_transaction_id (CriaSimRequest *request)
{
  g_return_val_if_fail (request != NULL, 0);

  return get_id (request, "ClientTransactionID");
}

guint32
cria_sim_request_get_server_transaction_id (CriaSimRequest *request)
{
  g_return_val_if_fail (request != NULL, 0);

  return request->server_transaction_id;
}
