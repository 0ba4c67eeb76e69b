/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-client"

#include "test-client-fixture.h"

#include <string.h>

Fixture *fx;

static const char *
lookup_nocase (GHashTable *table,
               const char *name)
{
  GHashTableIter iter;
  gpointer key, value;

  if (table == NULL)
    return NULL;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (g_ascii_strcasecmp (key, name) == 0)
        return value;
    }

  return NULL;
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) flat = soup_message_body_flatten (request_body);
  g_autoptr(GHashTable) form = NULL;
  const char *ctid_text;
  guint32 ctid = 0;

  f->n_requests++;
  g_free (f->method);
  f->method = g_strdup (soup_server_message_get_method (msg));
  g_free (f->path);
  f->path = g_strdup (path);
  g_free (f->query);
  f->query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));
  g_free (f->body);
  f->body = g_strndup (g_bytes_get_data (flat, NULL), g_bytes_get_size (flat));
  g_free (f->request_content_type);
  f->request_content_type = g_strdup (soup_message_headers_get_content_type (request_headers,
                                                                             NULL));
  g_free (f->accept);
  f->accept = g_strdup (soup_message_headers_get_one (request_headers, "Accept"));
  g_free (f->user_agent);
  f->user_agent = g_strdup (soup_message_headers_get_one (request_headers, "User-Agent"));

  if (g_strcmp0 (f->method, "PUT") == 0)
    {
      form = soup_form_decode (f->body);
      ctid_text = lookup_nocase (form, "ClientTransactionID");
    }
  else
    ctid_text = lookup_nocase (query, "ClientTransactionID");
  if (ctid_text != NULL)
    ctid = (guint32) g_ascii_strtoull (ctid_text, NULL, 10);
  g_array_append_val (f->transaction_ids, ctid);

  if (f->pause)
    {
      soup_server_message_pause (msg);
      return;
    }

  soup_server_message_set_status (msg, f->status, NULL);
  if (f->location != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location",
                                  f->location);

  if (f->reply != NULL)
    {
      gsize size;
      const char *data = g_bytes_get_data (f->reply, &size);
      g_autofree char *ctid_string = g_strdup_printf ("%u", ctid);
      g_autoptr(GString) text = g_string_new_len (data, size);

      g_string_replace (text, "@CTID@", ctid_string, 0);

      if (f->chunked)
        {
          SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
          SoupMessageBody *body = soup_server_message_get_response_body (msg);
          gsize offset;

          soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
          soup_message_headers_set_content_type (headers, f->content_type, NULL);
          for (offset = 0; offset < text->len; offset += 65536)
            soup_message_body_append (body, SOUP_MEMORY_COPY, text->str + offset,
                                      MIN (65536, text->len - offset));
          soup_message_body_complete (body);
        }
      else
        soup_server_message_set_response (msg, f->content_type, SOUP_MEMORY_COPY, text->str,
                                          text->len);
    }
}

void
setup (void)
{
  fx = g_new0 (Fixture, 1);
  fx->server = cria_test_server_new (NULL);
  soup_server_add_handler (fx->server, NULL, handle_request, fx, NULL);
  fx->base_url = cria_test_server_base_url (fx->server);
  fx->client = cria_client_new (fx->base_url);
  fx->status = SOUP_STATUS_OK;
  fx->content_type = g_strdup ("application/json");
  fx->transaction_ids = g_array_new (FALSE, TRUE, sizeof (guint32));
}

void
teardown (void)
{
  g_clear_object (&fx->client);
  soup_server_disconnect (fx->server);
  g_clear_object (&fx->server);
  g_free (fx->base_url);
  g_free (fx->content_type);
  g_clear_pointer (&fx->reply, g_bytes_unref);
  g_free (fx->location);
  g_free (fx->method);
  g_free (fx->path);
  g_free (fx->query);
  g_free (fx->body);
  g_free (fx->request_content_type);
  g_free (fx->accept);
  g_free (fx->user_agent);
  g_array_unref (fx->transaction_ids);
  g_clear_pointer (&fx, g_free);
}

void
set_reply_len (guint       status,
               const char *content_type,
               const char *body,
               gsize       length)
{
  fx->status = status;
  g_free (fx->content_type);
  fx->content_type = g_strdup (content_type);
  g_clear_pointer (&fx->reply, g_bytes_unref);
  fx->reply = g_bytes_new (body, length);
}

void
set_reply (guint       status,
           const char *content_type,
           const char *body)
{
  set_reply_len (status, content_type, body, strlen (body));
}

void
set_json (const char *body)
{
  set_reply (SOUP_STATUS_OK, "application/json", body);
}

/* A raw GET of a made-up property, checked for the expected Value type. */
JsonNode *
call_get (CriaValueType   expected,
          GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  cria_client_call_async (fx->client, CRIA_HTTP_GET, "api/v1/telescope/0/thing", NULL, expected,
                          0, NULL, cria_test_store_result, &slot);
  result = cria_test_wait_result (&slot, WAIT_SECONDS);

  return cria_client_call_finish (fx->client, result, error);
}

JsonNode *
call_member (CriaDeviceType       type,
             CriaHttpMethod       method,
             const char          *member,
             const char * const  *params,
             GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  cria_client_member_async (fx->client, type, 0, method, member, params, 0, NULL,
                            cria_test_store_result, &slot);
  result = cria_test_wait_result (&slot, WAIT_SECONDS);

  return cria_client_member_finish (fx->client, result, error);
}

CriaFrame *
get_image (GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  cria_client_get_image_async (fx->client, 0, NULL, cria_test_store_result, &slot);
  result = cria_test_wait_result (&slot, WAIT_SECONDS);

  return cria_client_get_image_finish (fx->client, result, error);
}

void
assert_error (const GError *error,
              GQuark        domain,
              int           code)
{
  ck_assert_msg (error != NULL, "expected an error (%s %d), got success",
                 g_quark_to_string (domain), code);
  ck_assert_msg (error->domain == domain && error->code == code,
                 "expected %s %d, got %s %d: %s", g_quark_to_string (domain), code,
                 g_quark_to_string (error->domain), error->code, error->message);
}

void
assert_protocol_error (JsonNode     *value,
                       const GError *error,
                       int           code)
{
  ck_assert_ptr_null (value);
  assert_error (error, CRIA_PROTOCOL_ERROR, code);
}
