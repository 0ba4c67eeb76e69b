/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sim-conformance"

#include "test-conformance-util.h"

#include <check.h>

#include "test-sim-util.h"

#define CLIENT_ID 3141
#define MAX_LISTED_PROBLEMS 80

static SoupSession *session;
static char *base;
static GPtrArray *problems;
static guint64 last_stid;

void
conf_init (const char *base_url)
{
  session = soup_session_new ();
  soup_session_set_timeout (session, 20);
  base = g_strdup (base_url);
  problems = g_ptr_array_new_with_free_func (g_free);
  last_stid = 0;
}

void
conf_shutdown (void)
{
  g_clear_object (&session);
  g_clear_pointer (&base, g_free);
  g_clear_pointer (&problems, g_ptr_array_unref);
}

void
conf_problem (const char *format,
              ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (problems, g_strdup_vprintf (format, args));
  va_end (args);
}

guint
conf_n_problems (void)
{
  return problems->len;
}

void
conf_check_problems (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint i;

  if (problems->len == 0)
    return;

  for (i = 0; i < problems->len && i < MAX_LISTED_PROBLEMS; i++)
    {
      g_message ("problem: %s", (const char *) g_ptr_array_index (problems, i));
      g_string_append_printf (text, "\n  %s", (const char *) g_ptr_array_index (problems, i));
    }
  if (problems->len > MAX_LISTED_PROBLEMS)
    g_string_append_printf (text, "\n  … and %u more", problems->len - MAX_LISTED_PROBLEMS);

  ck_abort_msg ("%u conformance problem(s):%s", problems->len, text->str);
}

guint32
conf_next_ctid (void)
{
  return (guint32) g_random_int_range (1, G_MAXINT32);
}

ConfReply *
conf_request (const char *method,
              const char *path,
              const char *params,
              const char *accept)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SimReply) sent = sim_http_send (session, base, method, path, params, accept, &error);
  ConfReply *reply = g_new0 (ConfReply, 1);

  if (sent == NULL)
    {
      conf_problem ("%s", error->message);
      reply->content_type = g_strdup ("");
      reply->text = g_strdup ("");
      return reply;
    }

  reply->status = sent->status;
  reply->content_type = g_steal_pointer (&sent->content_type);
  reply->body = g_steal_pointer (&sent->body);
  reply->text = g_steal_pointer (&sent->text);
  reply->json = g_steal_pointer (&sent->json);
  if (reply->json != NULL && JSON_NODE_HOLDS_OBJECT (reply->json))
    reply->object = json_node_get_object (reply->json);

  return reply;
}

void
conf_reply_free (ConfReply *reply)
{
  if (reply == NULL)
    return;

  g_free (reply->content_type);
  g_free (reply->text);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->json, json_node_unref);
  g_free (reply);
}

static gboolean
is_int (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_INT64;
}

static gboolean
is_number (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && (json_node_get_value_type (node) == G_TYPE_INT64
             || json_node_get_value_type (node) == G_TYPE_DOUBLE);
}

static gboolean
is_type (JsonNode *node,
         GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

gboolean
conf_check_stid (guint64     stid,
                 const char *what)
{
  if (stid == 0 || stid > G_MAXUINT32)
    {
      conf_problem ("%s: ServerTransactionID %" G_GUINT64_FORMAT " is not 1 to 4294967295",
                    what, stid);
      return FALSE;
    }
  if (stid <= last_stid)
    {
      conf_problem ("%s: ServerTransactionID %" G_GUINT64_FORMAT " does not increase (last %"
                    G_GUINT64_FORMAT ")", what, stid, last_stid);
      return FALSE;
    }
  last_stid = stid;
  return TRUE;
}

gboolean
conf_check_envelope (ConfReply  *reply,
                     guint32     client_transaction_id,
                     const char *what)
{
  static const char * const keys[] = {
    "Value", "ClientTransactionID", "ServerTransactionID", "ErrorNumber", "ErrorMessage",
    "Type", "Rank",
  };
  g_autoptr(GList) names = NULL;
  JsonNode *node;
  const char *message;
  gint64 ctid;
  GList *l;

  if (reply->status != 200)
    {
      conf_problem ("%s: HTTP %u instead of 200: %.200s", what, reply->status, reply->text);
      return FALSE;
    }
  if (!g_str_has_prefix (reply->content_type, "application/json"))
    {
      conf_problem ("%s: Content-Type “%s” instead of application/json", what,
                    reply->content_type);
      return FALSE;
    }
  if (reply->object == NULL)
    {
      conf_problem ("%s: the body is not a JSON object: %.200s", what, reply->text);
      return FALSE;
    }

  /* Key names are case sensitive: a "value" would be missed by clients. */
  names = json_object_get_members (reply->object);
  for (l = names; l != NULL; l = l->next)
    {
      gboolean known = FALSE;
      guint i;

      for (i = 0; i < G_N_ELEMENTS (keys); i++)
        known |= g_str_equal (l->data, keys[i]);
      if (!known)
        conf_problem ("%s: unexpected key “%s” in the reply", what, (const char *) l->data);
    }

  node = json_object_get_member (reply->object, "ClientTransactionID");
  if (!is_int (node))
    {
      conf_problem ("%s: ClientTransactionID missing or not an integer", what);
      return FALSE;
    }
  ctid = json_node_get_int (node);
  if (ctid != client_transaction_id)
    conf_problem ("%s: ClientTransactionID %" G_GINT64_FORMAT " instead of %u", what, ctid,
                  client_transaction_id);

  node = json_object_get_member (reply->object, "ServerTransactionID");
  if (!is_int (node))
    {
      conf_problem ("%s: ServerTransactionID missing or not an integer", what);
      return FALSE;
    }
  if (json_node_get_int (node) < 0)
    conf_problem ("%s: negative ServerTransactionID", what);
  else
    conf_check_stid ((guint64) json_node_get_int (node), what);

  node = json_object_get_member (reply->object, "ErrorNumber");
  if (!is_int (node))
    {
      conf_problem ("%s: ErrorNumber missing or not an integer", what);
      return FALSE;
    }
  reply->error_number = json_node_get_int (node);

  node = json_object_get_member (reply->object, "ErrorMessage");
  if (!is_type (node, G_TYPE_STRING))
    {
      conf_problem ("%s: ErrorMessage missing or not a string", what);
      return FALSE;
    }
  message = json_node_get_string (node);

  if (reply->error_number == 0 && message[0] != '\0')
    conf_problem ("%s: ErrorNumber 0 with the message “%s”", what, message);
  if (reply->error_number != 0 && message[0] == '\0')
    conf_problem ("%s: ErrorNumber 0x%" G_GINT64_MODIFIER "x without a message", what,
                  reply->error_number);
  if (reply->error_number != 0
      && (reply->error_number < 0x400 || reply->error_number > 0xFFF))
    conf_problem ("%s: ErrorNumber %" G_GINT64_FORMAT " is outside 0x400 to 0xFFF", what,
                  reply->error_number);

  reply->value = json_object_get_member (reply->object, "Value");
  return TRUE;
}

gboolean
conf_check_bad_request (ConfReply  *reply,
                        const char *what)
{
  g_autofree char *text = NULL;

  if (reply->status != 400)
    {
      conf_problem ("%s: HTTP %u instead of 400: %.200s", what, reply->status, reply->text);
      return FALSE;
    }
  if (!g_str_has_prefix (reply->content_type, "text/plain"))
    {
      conf_problem ("%s: HTTP 400 with Content-Type “%s” instead of text/plain", what,
                    reply->content_type);
      return FALSE;
    }
  text = g_strstrip (g_strdup (reply->text));
  if (text[0] == '\0')
    {
      conf_problem ("%s: HTTP 400 without an explanation", what);
      return FALSE;
    }
  return TRUE;
}

ConfReply *
conf_call (const ConfDevice *device,
           CriaHttpMethod    method,
           const char       *member,
           const char       *params)
{
  guint32 ctid = conf_next_ctid ();
  g_autofree char *all = g_strdup_printf ("%s%sClientID=%d&ClientTransactionID=%u",
                                          params != NULL ? params : "",
                                          params != NULL && params[0] != '\0' ? "&" : "",
                                          CLIENT_ID, ctid);
  g_autofree char *path = g_strdup_printf ("%s/%s", device->path, member);
  g_autofree char *what = g_strdup_printf ("%s %s %s%s%s", device->label,
                                           method == CRIA_HTTP_GET ? "GET" : "PUT", member,
                                           params != NULL && params[0] != '\0' ? " " : "",
                                           params != NULL ? params : "");
  g_autoptr(ConfReply) reply = conf_request (method == CRIA_HTTP_GET ? "GET" : "PUT",
                                             path, all, NULL);

  if (!conf_check_envelope (reply, ctid, what))
    return NULL;
  return g_steal_pointer (&reply);
}

static gboolean
is_string_array (JsonNode  *value,
                 char     **why)
{
  JsonArray *array;
  guint i;

  if (!JSON_NODE_HOLDS_ARRAY (value))
    {
      *why = g_strdup ("not an array");
      return FALSE;
    }
  array = json_node_get_array (value);
  for (i = 0; i < json_array_get_length (array); i++)
    if (!is_type (json_array_get_element (array, i), G_TYPE_STRING))
      {
        *why = g_strdup_printf ("element %u is not a string", i);
        return FALSE;
      }
  return TRUE;
}

gboolean
conf_value_has_type (JsonNode       *value,
                     CriaValueType   type,
                     char          **why)
{
  JsonArray *array;
  guint i;

  *why = NULL;
  if (value == NULL)
    {
      *why = g_strdup ("no Value");
      return FALSE;
    }

  switch (type)
    {
    case CRIA_VALUE_BOOL:
      if (!is_type (value, G_TYPE_BOOLEAN))
        *why = g_strdup ("not a JSON boolean");
      break;
    case CRIA_VALUE_INT:
      if (!is_int (value))
        *why = g_strdup ("not a JSON integer");
      break;
    case CRIA_VALUE_DOUBLE:
      if (!is_number (value))
        *why = g_strdup ("not a JSON number");
      break;
    case CRIA_VALUE_STRING:
      if (!is_type (value, G_TYPE_STRING))
        *why = g_strdup ("not a JSON string");
      break;
    case CRIA_VALUE_STRING_LIST:
      is_string_array (value, why);
      break;
    case CRIA_VALUE_INT_LIST:
      if (!JSON_NODE_HOLDS_ARRAY (value))
        {
          *why = g_strdup ("not an array");
          break;
        }
      array = json_node_get_array (value);
      for (i = 0; i < json_array_get_length (array) && *why == NULL; i++)
        if (!is_int (json_array_get_element (array, i)))
          *why = g_strdup_printf ("element %u is not an integer", i);
      break;
    case CRIA_VALUE_AXIS_RATES:
      if (!JSON_NODE_HOLDS_ARRAY (value))
        {
          *why = g_strdup ("not an array");
          break;
        }
      array = json_node_get_array (value);
      for (i = 0; i < json_array_get_length (array) && *why == NULL; i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *rate = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element)
                                                              : NULL;
          JsonNode *min = rate != NULL ? json_object_get_member (rate, "Minimum") : NULL;
          JsonNode *max = rate != NULL ? json_object_get_member (rate, "Maximum") : NULL;

          if (!is_number (min) || !is_number (max))
            *why = g_strdup_printf ("rate %u lacks numeric Minimum and Maximum", i);
          else if (json_node_get_double (min) < 0
                   || json_node_get_double (max) < json_node_get_double (min))
            *why = g_strdup_printf ("rate %u is not 0 ≤ Minimum ≤ Maximum", i);
        }
      break;
    case CRIA_VALUE_DEVICE_STATE:
      if (!JSON_NODE_HOLDS_ARRAY (value))
        {
          *why = g_strdup ("not an array");
          break;
        }
      array = json_node_get_array (value);
      for (i = 0; i < json_array_get_length (array) && *why == NULL; i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *item = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element)
                                                              : NULL;

          if (item == NULL || json_object_get_size (item) != 2
              || !is_type (json_object_get_member (item, "Name"), G_TYPE_STRING)
              || !json_object_has_member (item, "Value"))
            *why = g_strdup_printf ("item %u is not exactly {\"Name\": string, \"Value\": …}", i);
        }
      break;
    case CRIA_VALUE_IMAGE:
      if (!JSON_NODE_HOLDS_ARRAY (value))
        *why = g_strdup ("not an array");
      break;
    case CRIA_VALUE_OBJECT:
      if (!JSON_NODE_HOLDS_OBJECT (value))
        *why = g_strdup ("not an object");
      break;
    case CRIA_VALUE_OBJECT_LIST:
    case CRIA_VALUE_NONE:
    default:
      if (!JSON_NODE_HOLDS_ARRAY (value))
        *why = g_strdup ("not an array");
      break;
    }

  return *why == NULL;
}

/* A copy of Value, or NULL on any error. */
static JsonNode *
get_value (const ConfDevice *device,
           const char       *member,
           const char       *params,
           CriaValueType     type)
{
  g_autoptr(ConfReply) reply = conf_call (device, CRIA_HTTP_GET, member, params);
  g_autofree char *why = NULL;

  if (reply == NULL || reply->error_number != 0)
    return NULL;
  if (!conf_value_has_type (reply->value, type, &why))
    {
      conf_problem ("%s GET %s: Value is %s", device->label, member, why);
      return NULL;
    }
  return json_node_copy (reply->value);
}

gboolean
conf_get_bool (const ConfDevice *device,
               const char       *member,
               const char       *params,
               gboolean         *value)
{
  g_autoptr(JsonNode) node = get_value (device, member, params, CRIA_VALUE_BOOL);

  if (node != NULL)
    *value = json_node_get_boolean (node);
  return node != NULL;
}

gboolean
conf_get_int (const ConfDevice *device,
              const char       *member,
              const char       *params,
              gint64           *value)
{
  g_autoptr(JsonNode) node = get_value (device, member, params, CRIA_VALUE_INT);

  if (node != NULL)
    *value = json_node_get_int (node);
  return node != NULL;
}

gboolean
conf_get_double (const ConfDevice *device,
                 const char       *member,
                 const char       *params,
                 double           *value)
{
  g_autoptr(JsonNode) node = get_value (device, member, params, CRIA_VALUE_DOUBLE);

  if (node != NULL)
    *value = json_node_get_double (node);
  return node != NULL;
}

gboolean
conf_put_ok (const ConfDevice *device,
             const char       *member,
             const char       *params)
{
  g_autoptr(ConfReply) reply = conf_call (device, CRIA_HTTP_PUT, member, params);

  if (reply == NULL)
    return FALSE;
  if (reply->error_number != 0)
    {
      conf_problem ("%s PUT %s %s: ErrorNumber 0x%" G_GINT64_MODIFIER "x (%s)", device->label,
                    member, params != NULL ? params : "", reply->error_number,
                    json_object_get_string_member (reply->object, "ErrorMessage"));
      return FALSE;
    }
  return TRUE;
}

gint64
conf_error_of (const ConfDevice *device,
               CriaHttpMethod    method,
               const char       *member,
               const char       *params)
{
  g_autoptr(ConfReply) reply = conf_call (device, method, member, params);

  return reply != NULL ? reply->error_number : -1;
}

char *
conf_format_double (double value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_dtostr (text, sizeof text, value));
}

void
conf_device_free (ConfDevice *device)
{
  g_free (device->path);
  g_free (device->label);
  g_free (device);
}

GPtrArray *
conf_list_devices (void)
{
  GPtrArray *devices = g_ptr_array_new_with_free_func ((GDestroyNotify) conf_device_free);
  guint32 ctid = conf_next_ctid ();
  g_autofree char *params = g_strdup_printf ("ClientTransactionID=%u", ctid);
  g_autoptr(ConfReply) reply = conf_request ("GET", "/management/v1/configureddevices",
                                             params, NULL);
  JsonArray *array;
  guint i;

  if (!conf_check_envelope (reply, ctid, "configureddevices")
      || reply->value == NULL || !JSON_NODE_HOLDS_ARRAY (reply->value))
    {
      conf_problem ("configureddevices: Value is not an array");
      return devices;
    }

  array = json_node_get_array (reply->value);
  for (i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element)
                                                           : NULL;
      JsonNode *type_node = entry != NULL ? json_object_get_member (entry, "DeviceType") : NULL;
      JsonNode *number_node = entry != NULL ? json_object_get_member (entry, "DeviceNumber")
                                            : NULL;
      ConfDevice *device;
      guint t;

      if (!is_type (type_node, G_TYPE_STRING) || !is_int (number_node))
        {
          conf_problem ("configureddevices: entry %u lacks a string DeviceType and an integer "
                        "DeviceNumber", i);
          continue;
        }

      /* Exact spelling: "CoverCalibrator", not "covercalibrator". */
      for (t = 0; t < CRIA_N_DEVICE_TYPES; t++)
        if (g_str_equal (json_node_get_string (type_node), cria_device_type_to_string (t)))
          break;
      if (t == CRIA_N_DEVICE_TYPES || json_node_get_int (number_node) < 0
          || json_node_get_int (number_node) > G_MAXUINT32)
        {
          conf_problem ("configureddevices: entry %u has DeviceType “%s”, DeviceNumber %"
                        G_GINT64_FORMAT, i, json_node_get_string (type_node),
                        json_node_get_int (number_node));
          continue;
        }

      device = g_new0 (ConfDevice, 1);
      device->type = t;
      device->number = (guint) json_node_get_int (number_node);
      device->path = g_strdup_printf ("/api/v1/%s/%u", cria_device_type_to_path (t),
                                      device->number);
      device->label = g_strdup_printf ("%s %u", cria_device_type_to_string (t), device->number);
      g_ptr_array_add (devices, device);
    }

  return devices;
}

gboolean
conf_wait_bool (const ConfDevice *device,
                const char       *member,
                gboolean          want,
                double            max_seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (max_seconds * G_USEC_PER_SEC);
  gboolean value = !want;

  while (g_get_monotonic_time () < deadline)
    {
      if (!conf_get_bool (device, member, NULL, &value))
        return FALSE;
      if (value == want)
        return TRUE;
      g_usleep (20000);
    }

  conf_problem ("%s: %s did not become %s within %.0f s", device->label, member,
                want ? "true" : "false", max_seconds);
  return FALSE;
}

static gboolean
change_connection (const ConfDevice *device,
                   gboolean          connect)
{
  gboolean connected = !connect;

  if (!conf_put_ok (device, connect ? "connect" : "disconnect", NULL)
      || !conf_wait_bool (device, "connecting", FALSE, 15.0))
    return FALSE;

  if (!conf_get_bool (device, "connected", NULL, &connected) || connected != connect)
    {
      conf_problem ("%s: Connected is %s after %s() completed", device->label,
                    connected ? "true" : "false", connect ? "Connect" : "Disconnect");
      return FALSE;
    }
  return TRUE;
}

gboolean
conf_connect (const ConfDevice *device)
{
  return change_connection (device, TRUE);
}

gboolean
conf_disconnect (const ConfDevice *device)
{
  return change_connection (device, FALSE);
}
