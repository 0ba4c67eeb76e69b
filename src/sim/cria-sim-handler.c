/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-sim"

#include "config.h"

#include <string.h>

#include "cria-sim-private.h"

/* Request routing: /api, /management and /setup. Every handler here runs on the server
 * thread and answers at once. */

#define SERVER_NAME "Cria Alpaca Simulator"
#define MANUFACTURER "The Cria project"

static void
send_text (SoupServerMessage *msg,
           guint              status,
           const char        *message)
{
  g_debug ("%s %s: %u %s", soup_server_message_get_method (msg),
           g_uri_get_path (soup_server_message_get_uri (msg)), status, message);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_COPY,
                                    message, strlen (message));
}

static void
send_html (SoupServerMessage *msg,
           guint              status,
           char              *html)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    html, strlen (html));
}

/* Takes value. */
static void
send_json (SoupServerMessage *msg,
           JsonNode          *value,
           guint32            client_transaction_id,
           guint32            server_transaction_id,
           int                error_number,
           const char        *error_message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gsize length = 0;
  char *data;

  json_builder_begin_object (builder);
  if (value != NULL)
    {
      json_builder_set_member_name (builder, "Value");
      json_builder_add_value (builder, value);
    }
  json_builder_set_member_name (builder, "ClientTransactionID");
  json_builder_add_int_value (builder, client_transaction_id);
  json_builder_set_member_name (builder, "ServerTransactionID");
  json_builder_add_int_value (builder, server_transaction_id);
  json_builder_set_member_name (builder, "ErrorNumber");
  json_builder_add_int_value (builder, error_number);
  json_builder_set_member_name (builder, "ErrorMessage");
  json_builder_add_string_value (builder, error_message != NULL ? error_message : "");
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, data, length);
}

static void
send_bytes (SoupServerMessage *msg,
            CriaSimReply      *reply)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  gsize length = g_bytes_get_size (reply->bytes);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, reply->content_type != NULL
                                                  ? reply->content_type
                                                  : "application/octet-stream", NULL);
  /* Appending GBytes shares them: a cached image is not copied per request. */
  if (reply->bytes_header != NULL)
    {
      soup_message_body_append_bytes (body, reply->bytes_header);
      length += g_bytes_get_size (reply->bytes_header);
    }
  soup_message_body_append_bytes (body, reply->bytes);
  soup_message_headers_set_content_length (headers, length);
}

static gboolean
accepts_imagebytes (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *accept = soup_message_headers_get_list (headers, "Accept");
  g_auto(GStrv) items = NULL;
  guint i;

  if (accept == NULL)
    return FALSE;

  items = g_strsplit (accept, ",", -1);
  for (i = 0; items[i] != NULL; i++)
    {
      char *parameters = strchr (items[i], ';');

      if (parameters != NULL)
        *parameters = '\0';
      if (g_ascii_strcasecmp (g_strstrip (items[i]), "application/imagebytes") == 0)
        return TRUE;
    }

  return FALSE;
}

static void
add_params (CriaSimRequest *request,
            GHashTable     *params)
{
  GHashTableIter iter;
  gpointer key, value;

  if (params == NULL)
    return;

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &key, &value))
    cria_sim_request_add (request, key, value);
}

/* GET parameters come in the query, PUT parameters in a form body; the body wins. */
static CriaSimRequest *
build_request (CriaSimServer     *self,
               SoupServerMessage *msg,
               GHashTable        *query)
{
  CriaSimRequest *request;

  request = cria_sim_request_new (accepts_imagebytes (msg),
                                  cria_sim_server_next_transaction_id (self));

  if (g_strcmp0 (soup_server_message_get_method (msg), SOUP_METHOD_PUT) == 0)
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
      gsize size = 0;
      const char *data = g_bytes_get_data (bytes, &size);
      g_autofree char *text = g_strndup (data != NULL ? data : "", size);
      g_autoptr(GHashTable) form = soup_form_decode (text);

      add_params (request, form);
    }
  add_params (request, query);

  return request;
}

static gboolean
parse_method (SoupServerMessage *msg,
              CriaHttpMethod    *method)
{
  const char *name = soup_server_message_get_method (msg);

  if (g_strcmp0 (name, SOUP_METHOD_GET) == 0 || g_strcmp0 (name, SOUP_METHOD_HEAD) == 0)
    *method = CRIA_HTTP_GET;
  else if (g_strcmp0 (name, SOUP_METHOD_PUT) == 0)
    *method = CRIA_HTTP_PUT;
  else
    return FALSE;

  return TRUE;
}

static gboolean
check_version (const char  *element,
               GError     **error)
{
  if (g_strcmp0 (element, "v1") == 0)
    return TRUE;

  if (element != NULL && element[0] == 'v' && g_ascii_isdigit (element[1]))
    g_set_error (error, CRIA_SIM_ERROR, CRIA_SIM_ERROR_BAD_REQUEST,
                 "Alpaca API version “%s” is not supported; this server speaks v1", element);
  else
    g_set_error (error, CRIA_SIM_ERROR, CRIA_SIM_ERROR_BAD_REQUEST,
                 "“%s” is not an Alpaca API version such as v1", element != NULL ? element : "");
  return FALSE;
}

/* Elements 3 and 4 of /api/v1/{type}/{number}/... and /setup/v1/{type}/{number}/setup. */
static CriaSimDevice *
find_device (CriaSimServer  *self,
             const char     *type_element,
             const char     *number_element,
             GError        **error)
{
  CriaDeviceType type;
  CriaSimDevice *device;
  guint64 number = 0;
  guint i;

  for (i = 0; i < CRIA_N_DEVICE_TYPES; i++)
    if (g_str_equal (type_element, cria_device_type_to_path (i)))
      break;
  if (i == CRIA_N_DEVICE_TYPES)
    {
      g_set_error (error, CRIA_SIM_ERROR, CRIA_SIM_ERROR_BAD_REQUEST,
                   "“%s” is not an Alpaca device type", type_element);
      return NULL;
    }
  type = i;

  /* Digits only: g_ascii_string_to_unsigned() alone would allow a sign. */
  if (number_element[0] == '\0' || strspn (number_element, "0123456789") != strlen (number_element)
      || !g_ascii_string_to_unsigned (number_element, 10, 0, G_MAXUINT32, &number, NULL))
    {
      g_set_error (error, CRIA_SIM_ERROR, CRIA_SIM_ERROR_BAD_REQUEST,
                   "“%s” is not a device number (0 to 4294967295)", number_element);
      return NULL;
    }

  device = cria_sim_server_get_device (self, type, (guint) number);
  if (device == NULL)
    {
      g_set_error (error, CRIA_SIM_ERROR, CRIA_SIM_ERROR_BAD_REQUEST,
                   "There is no %s number %u on this server",
                   cria_device_type_to_string (type), (guint) number);
      return NULL;
    }

  return device;
}

static void
handle_api (CriaSimServer     *self,
            SoupServerMessage *msg,
            char             **parts,
            guint              n_parts,
            GHashTable        *query)
{
  g_autoptr(CriaSimRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  CriaSimReply reply = { 0 };
  CriaHttpMethod method;
  CriaSimDevice *device;
  guint32 client_transaction_id;
  guint32 server_transaction_id;

  if (n_parts != 6 || parts[5][0] == '\0')
    {
      send_text (msg, SOUP_STATUS_BAD_REQUEST,
                 "Alpaca device paths have the form /api/v1/{device_type}/{device_number}/{member}");
      return;
    }

  if (!check_version (parts[2], &error)
      || (device = find_device (self, parts[3], parts[4], &error)) == NULL)
    {
      send_text (msg, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }

  if (!parse_method (msg, &method))
    {
      g_autofree char *text = g_strdup_printf ("Alpaca devices answer GET and PUT, not %s",
                                               soup_server_message_get_method (msg));
      send_text (msg, SOUP_STATUS_BAD_REQUEST, text);
      return;
    }

  request = build_request (self, msg, query);
  client_transaction_id = cria_sim_request_get_client_transaction_id (request);
  server_transaction_id = cria_sim_request_get_server_transaction_id (request);

  if (!cria_sim_device_handle (device, method, parts[5], request, &reply, &error))
    {
      if (error->domain == CRIA_SIM_ERROR)
        send_text (msg, SOUP_STATUS_BAD_REQUEST, error->message);
      else if (error->domain == CRIA_ALPACA_ERROR)
        send_json (msg, NULL, client_transaction_id, server_transaction_id,
                   error->code, error->message);
      else
        send_text (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message);
    }
  else if (reply.bytes != NULL)
    send_bytes (msg, &reply);
  else
    send_json (msg, g_steal_pointer (&reply.value), client_transaction_id,
               server_transaction_id, 0, "");

  cria_sim_reply_clear (&reply);
}

static JsonNode *
management_description (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *location = g_strdup_printf ("Simulated on %s", g_get_host_name ());

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ServerName");
  json_builder_add_string_value (builder, SERVER_NAME);
  json_builder_set_member_name (builder, "Manufacturer");
  json_builder_add_string_value (builder, MANUFACTURER);
  json_builder_set_member_name (builder, "ManufacturerVersion");
  json_builder_add_string_value (builder, CRIA_VERSION);
  json_builder_set_member_name (builder, "Location");
  json_builder_add_string_value (builder, location);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
management_configured_devices (CriaSimServer *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GPtrArray *devices = cria_sim_server_get_devices (self);
  guint i;

  json_builder_begin_array (builder);
  for (i = 0; i < devices->len; i++)
    {
      CriaSimDevice *device = g_ptr_array_index (devices, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "DeviceName");
      json_builder_add_string_value (builder, cria_sim_device_get_name (device));
      json_builder_set_member_name (builder, "DeviceType");
      json_builder_add_string_value (builder,
        cria_device_type_to_string (cria_sim_device_get_device_type (device)));
      json_builder_set_member_name (builder, "DeviceNumber");
      json_builder_add_int_value (builder, cria_sim_device_get_number (device));
      json_builder_set_member_name (builder, "UniqueID");
      json_builder_add_string_value (builder, cria_sim_device_get_unique_id (device));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static void
handle_management (CriaSimServer     *self,
                   SoupServerMessage *msg,
                   char             **parts,
                   guint              n_parts,
                   GHashTable        *query)
{
  g_autoptr(CriaSimRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  CriaHttpMethod method;
  JsonNode *value;

  if (!parse_method (msg, &method) || method != CRIA_HTTP_GET)
    {
      send_text (msg, SOUP_STATUS_BAD_REQUEST, "The management API answers GET only");
      return;
    }

  if (n_parts == 3 && g_str_equal (parts[2], "apiversions"))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, 1);
      json_builder_end_array (builder);
      value = json_builder_get_root (builder);
    }
  else if (n_parts == 4 && !check_version (parts[2], &error))
    {
      send_text (msg, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }
  else if (n_parts == 4 && g_str_equal (parts[3], "description"))
    value = management_description ();
  else if (n_parts == 4 && g_str_equal (parts[3], "configureddevices"))
    value = management_configured_devices (self);
  else
    {
      send_text (msg, SOUP_STATUS_BAD_REQUEST,
                 "Management paths are /management/apiversions, /management/v1/description "
                 "and /management/v1/configureddevices");
      return;
    }

  request = build_request (self, msg, query);
  send_json (msg, value, cria_sim_request_get_client_transaction_id (request),
             cria_sim_request_get_server_transaction_id (request), 0, "");
}

static void
send_setup_error (SoupServerMessage *msg,
                  const char        *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  g_debug ("%s: 403 %s", g_uri_get_path (soup_server_message_get_uri (msg)), message);
  send_html (msg, SOUP_STATUS_FORBIDDEN,
             g_strdup_printf ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                              "<title>" SERVER_NAME "</title></head><body><p>%s</p>"
                              "<p><a href=\"/setup\">All devices</a></p></body></html>\n",
                              escaped));
}

/* Browsers get HTML; per the management API, a bad setup URL answers 403. */
static void
handle_setup (CriaSimServer     *self,
              SoupServerMessage *msg,
              char             **parts,
              guint              n_parts)
{
  g_autoptr(GError) error = NULL;
  CriaHttpMethod method;
  CriaSimDevice *device;

  if (!parse_method (msg, &method) || method != CRIA_HTTP_GET)
    {
      send_setup_error (msg, "Setup pages answer GET only");
      return;
    }

  if (n_parts == 2 || (n_parts == 3 && parts[2][0] == '\0'))
    {
      send_html (msg, SOUP_STATUS_OK, cria_sim_setup_main_page (self));
      return;
    }

  if (n_parts != 6 || !g_str_equal (parts[5], "setup"))
    {
      send_setup_error (msg, "Device setup pages have the form "
                             "/setup/v1/{device_type}/{device_number}/setup");
      return;
    }

  if (!check_version (parts[2], &error)
      || (device = find_device (self, parts[3], parts[4], &error)) == NULL)
    {
      send_setup_error (msg, error->message);
      return;
    }

  send_html (msg, SOUP_STATUS_OK, cria_sim_setup_device_page (self, device));
}

static gboolean
has_uppercase (const char *text)
{
  for (; *text != '\0'; text++)
    if (g_ascii_isupper (*text))
      return TRUE;
  return FALSE;
}

void
cria_sim_server_handle_message (SoupServer        *server,
                                SoupServerMessage *msg,
                                const char        *path,
                                GHashTable        *query,
                                gpointer           user_data)
{
  CriaSimServer *self = user_data;
  g_auto(GStrv) parts = NULL;
  const char *root;
  guint n_parts;

  if (path == NULL || path[0] != '/')
    {
      send_text (msg, SOUP_STATUS_BAD_REQUEST, "Malformed path");
      return;
    }

  if (g_str_equal (path, "/"))
    {
      soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, "/setup");
      return;
    }

  parts = g_strsplit (path, "/", -1);
  n_parts = g_strv_length (parts);
  root = parts[1];

  if (g_ascii_strcasecmp (root, "api") != 0
      && g_ascii_strcasecmp (root, "management") != 0
      && g_ascii_strcasecmp (root, "setup") != 0)
    {
      /* A request shaped like an API call with a bad first element (/apii/v1/...) is one
       * the device does not understand: 400, as the Alpaca reference asks. A lone name
       * such as /favicon.ico is simply not here. */
      send_text (msg, n_parts > 2 ? SOUP_STATUS_BAD_REQUEST : SOUP_STATUS_NOT_FOUND,
                 "Alpaca paths start with /api/, /management/ or /setup");
      return;
    }

  if (has_uppercase (path))
    {
      g_autofree char *text = g_strdup_printf ("Alpaca path elements must be lowercase: %s",
                                               path);
      send_text (msg, SOUP_STATUS_BAD_REQUEST, text);
      return;
    }

  if (g_str_equal (root, "api"))
    handle_api (self, msg, parts, n_parts, query);
  else if (g_str_equal (root, "management"))
    handle_management (self, msg, parts, n_parts, query);
  else
    handle_setup (self, msg, parts, n_parts);
}
