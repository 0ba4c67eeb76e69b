/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-alpaca"

#include "config.h"

#include "cria-response.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cria-alpaca-error.h"

/* Alpaca replies are an object holding at most an array of objects; images nest a few more. */
#define REPLY_MAX_DEPTH 32

JsonNode *
cria_json_object_get_member_nocase (JsonObject *object,
                                    const char *name)
{
  JsonObjectIter iter;
  const char *member_name;
  JsonNode *member_node;

  if (object == NULL || name == NULL)
    return NULL;

  /* Most servers use the spec's casing, so try that first. */
  member_node = json_object_get_member (object, name);
  if (member_node != NULL)
    return member_node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member_name, &member_node))
    {
      if (g_ascii_strcasecmp (member_name, name) == 0)
        return member_node;
    }

  return NULL;
}

static gboolean
is_json_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Refuses, before json-glib sees it, what json-glib handles badly: it recurses once per
 * nesting level, so deep input overflows the stack, and it leaks what follows a complete
 * root value. An Alpaca reply is one object, so anything else is malformed anyway. */
static gboolean
check_shape (const char  *body,
             gsize        length,
             guint        max_depth,
             GError     **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;
  gsize i = 0;

  while (i < length && is_json_space (body[i]))
    i++;
  if (i == length || body[i] != '{')
    {
      g_set_error_literal (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED,
                           _("Reply is not a JSON object"));
      return FALSE;
    }

  for (; i < length; i++)
    {
      char c = body[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            {
              g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED,
                           _("Reply nests JSON deeper than %u levels"), max_depth);
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && --depth == 0)
        break;
    }

  /* An unterminated object is left to the parser, which says what is missing. */
  for (i++; i < length; i++)
    {
      if (!is_json_space (body[i]))
        {
          g_set_error_literal (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED,
                               _("Reply has data after its JSON object"));
          return FALSE;
        }
    }

  return TRUE;
}

/* What a reply holds, to complete messages such as “Value is %s, expected %s”. */
static const char *
describe_node (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    /* TRANSLATORS: the JSON value null; completes “Value is %s, expected %s”. */
    return _("null");
  if (JSON_NODE_HOLDS_OBJECT (node))
    return _("an object");
  if (JSON_NODE_HOLDS_ARRAY (node))
    return _("an array");

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      return _("a boolean");
    case G_TYPE_INT64:
      return _("an integer");
    case G_TYPE_DOUBLE:
      return _("a number");
    case G_TYPE_STRING:
      return _("a string");
    default:
      return _("an unknown value");
    }
}

static gboolean
node_holds_type (JsonNode *node,
                 GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
node_is_number (JsonNode *node)
{
  return node_holds_type (node, G_TYPE_INT64) || node_holds_type (node, G_TYPE_DOUBLE);
}

/* Integers may arrive as 3.0 from servers whose language has one number type. */
static gboolean
node_get_integer (JsonNode *node,
                  gint64   *out)
{
  if (node_holds_type (node, G_TYPE_INT64))
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  if (node_holds_type (node, G_TYPE_DOUBLE))
    {
      double d = json_node_get_double (node);

      /* The bounds are exact powers of two, so the comparison is exact too. */
      if (d >= -9223372036854775808.0 && d < 9223372036854775808.0 && d == (double) (gint64) d)
        {
          *out = (gint64) d;
          return TRUE;
        }
    }

  return FALSE;
}

static guint32
node_get_transaction_id (JsonNode *node)
{
  gint64 id;

  if (node_get_integer (node, &id) && id >= 0 && id <= G_MAXUINT32)
    return (guint32) id;

  return 0;
}

static gboolean
wrong_type (GError     **error,
            const char  *what,
            JsonNode    *node,
            const char  *expected)
{
  g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_WRONG_TYPE,
               /* TRANSLATORS: a reply field (Value, ErrorNumber), what it is, what it should be. */
               _("%s is %s, expected %s"), what, describe_node (node), expected);
  return FALSE;
}

static gboolean
check_array_of (JsonNode     *value,
                GType         element_type,
                const char   *expected,
                GError      **error)
{
  JsonArray *array;
  guint i, n;

  if (!JSON_NODE_HOLDS_ARRAY (value))
    return wrong_type (error, "Value", value, _("an array"));

  array = json_node_get_array (value);
  n = json_array_get_length (array);
  for (i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gint64 unused;

      if (element_type == G_TYPE_INT64 ? !node_get_integer (element, &unused)
                                       : !node_holds_type (element, element_type))
        {
          g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_WRONG_TYPE,
                       _("Value element %u is %s, expected %s"), i, describe_node (element),
                       expected);
          return FALSE;
        }
    }

  return TRUE;
}

static JsonNode *
convert_int_list (JsonNode *value)
{
  JsonArray *array = json_node_get_array (value);
  JsonArray *copy = json_array_sized_new (json_array_get_length (array));
  JsonNode *node;
  guint i;

  for (i = 0; i < json_array_get_length (array); i++)
    {
      gint64 number = 0;

      node_get_integer (json_array_get_element (array, i), &number);
      json_array_add_int_element (copy, number);
    }

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, copy);
  return node;
}

/* Rebuilds [{Name, Value}] or [{Minimum, Maximum}] with the spec's key casing, so that
 * consumers need not search keys case-insensitively. */
static JsonNode *
convert_pairs (JsonNode    *value,
               const char  *first,
               const char  *second,
               gboolean     numeric,
               GError     **error)
{
  g_autoptr(JsonArray) copy = NULL;
  JsonArray *array;
  JsonNode *node;
  guint i, n;

  if (!JSON_NODE_HOLDS_ARRAY (value))
    {
      wrong_type (error, "Value", value, _("an array of objects"));
      return NULL;
    }

  array = json_node_get_array (value);
  n = json_array_get_length (array);
  copy = json_array_sized_new (n);
  for (i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object, *pair;
      JsonNode *a, *b;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_WRONG_TYPE,
                       _("Value element %u is %s, expected an object"), i,
                       describe_node (element));
          return NULL;
        }

      object = json_node_get_object (element);
      a = cria_json_object_get_member_nocase (object, first);
      b = cria_json_object_get_member_nocase (object, second);
      if (a == NULL || b == NULL)
        {
          g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MISSING_FIELD,
                       _("Value element %u has no %s"), i, a == NULL ? first : second);
          return NULL;
        }

      pair = json_object_new ();
      if (numeric)
        {
          if (!node_is_number (a) || !node_is_number (b))
            {
              json_object_unref (pair);
              g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_WRONG_TYPE,
                           _("Value element %u has %s where a number is expected"), i,
                           describe_node (node_is_number (a) ? b : a));
              return NULL;
            }
          json_object_set_double_member (pair, first, json_node_get_double (a));
          json_object_set_double_member (pair, second, json_node_get_double (b));
        }
      else
        {
          if (!node_holds_type (a, G_TYPE_STRING))
            {
              json_object_unref (pair);
              g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_WRONG_TYPE,
                           _("Value element %u: %s is %s, expected a string"), i, first,
                           describe_node (a));
              return NULL;
            }
          json_object_set_member (pair, first, json_node_copy (a));
          json_object_set_member (pair, second, json_node_copy (b));
        }
      json_array_add_object_element (copy, pair);
    }

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, copy);
  return node;
}

static const char *
describe_expected (CriaValueType expected)
{
  switch (expected)
    {
    case CRIA_VALUE_BOOL:         return _("a boolean");
    case CRIA_VALUE_INT:          return _("an integer");
    case CRIA_VALUE_DOUBLE:       return _("a number");
    case CRIA_VALUE_STRING:       return _("a string");
    case CRIA_VALUE_STRING_LIST:  return _("an array of strings");
    case CRIA_VALUE_INT_LIST:     return _("an array of integers");
    case CRIA_VALUE_AXIS_RATES:   return _("an array of axis rates");
    case CRIA_VALUE_DEVICE_STATE: return _("an array of device state entries");
    case CRIA_VALUE_IMAGE:        return _("an image array");
    case CRIA_VALUE_OBJECT:       return _("an object");
    case CRIA_VALUE_OBJECT_LIST:  return _("an array of objects");
    case CRIA_VALUE_NONE:
    default:                      return _("no value");
    }
}

static JsonNode *
wrong_value (GError        **error,
             JsonNode       *value,
             CriaValueType   expected)
{
  g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_WRONG_TYPE,
               _("Value is %s, expected %s"), describe_node (value),
               describe_expected (expected));
  return NULL;
}

static gboolean
check_objects (JsonNode  *value,
               GError   **error)
{
  JsonArray *array = json_node_get_array (value);
  guint i;

  for (i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_WRONG_TYPE,
                       _("Value element %u is %s, expected an object"), i,
                       describe_node (element));
          return FALSE;
        }
    }

  return TRUE;
}

/* Checks the Value against the expected shape and returns a new node for the caller. */
static JsonNode *
convert_value (JsonNode       *value,
               CriaValueType   expected,
               GError        **error)
{
  gint64 integer;

  if (JSON_NODE_HOLDS_NULL (value))
    return wrong_value (error, value, expected);

  switch (expected)
    {
    case CRIA_VALUE_BOOL:
      if (!node_holds_type (value, G_TYPE_BOOLEAN))
        return wrong_value (error, value, expected);
      return json_node_copy (value);

    case CRIA_VALUE_INT:
      if (!node_get_integer (value, &integer))
        return wrong_value (error, value, expected);
      return json_node_init_int (json_node_alloc (), integer);

    case CRIA_VALUE_DOUBLE:
      /* Integers are fine where a double is expected; hand out a double either way. */
      if (!node_is_number (value))
        return wrong_value (error, value, expected);
      return json_node_init_double (json_node_alloc (), json_node_get_double (value));

    case CRIA_VALUE_STRING:
      if (!node_holds_type (value, G_TYPE_STRING))
        return wrong_value (error, value, expected);
      return json_node_copy (value);

    case CRIA_VALUE_STRING_LIST:
      if (!check_array_of (value, G_TYPE_STRING, _("a string"), error))
        return NULL;
      return json_node_copy (value);

    case CRIA_VALUE_INT_LIST:
      if (!check_array_of (value, G_TYPE_INT64, _("an integer"), error))
        return NULL;
      return convert_int_list (value);

    case CRIA_VALUE_AXIS_RATES:
      return convert_pairs (value, "Minimum", "Maximum", TRUE, error);

    case CRIA_VALUE_DEVICE_STATE:
      return convert_pairs (value, "Name", "Value", FALSE, error);

    case CRIA_VALUE_IMAGE:
      /* The decoder checks the nested arrays; it gets the whole reply, see below. */
      if (!JSON_NODE_HOLDS_ARRAY (value))
        return wrong_value (error, value, expected);
      return json_node_copy (value);

    case CRIA_VALUE_OBJECT:
      if (!JSON_NODE_HOLDS_OBJECT (value))
        return wrong_value (error, value, expected);
      return json_node_copy (value);

    case CRIA_VALUE_OBJECT_LIST:
      if (!JSON_NODE_HOLDS_ARRAY (value))
        return wrong_value (error, value, expected);
      if (!check_objects (value, error))
        return NULL;
      return json_node_copy (value);

    case CRIA_VALUE_NONE:
    default:
      return NULL;
    }
}

/* ErrorNumber and ErrorMessage come before Value: an error reply may carry any Value. */
static gboolean
check_device_error (JsonObject  *root,
                    GError     **error)
{
  JsonNode *number_node = cria_json_object_get_member_nocase (root, "ErrorNumber");
  JsonNode *message_node = cria_json_object_get_member_nocase (root, "ErrorMessage");
  g_autofree char *message = NULL;
  gint64 number = 0;

  if (number_node != NULL && !JSON_NODE_HOLDS_NULL (number_node)
      && !node_get_integer (number_node, &number))
    return wrong_type (error, "ErrorNumber", number_node, _("an integer"));

  if (number < G_MININT32 || number > G_MAXINT32)
    {
      g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED,
                   _("ErrorNumber %lld is out of range"), (long long) number);
      return FALSE;
    }

  if (node_holds_type (message_node, G_TYPE_STRING))
    message = g_strstrip (g_strdup (json_node_get_string (message_node)));

  if (number != 0)
    {
      g_propagate_error (error, cria_alpaca_error_new ((int) number, message));
      return FALSE;
    }

  /* A message without a number still means the driver threw; ASCOM treats it as a
   * driver error, so do we. */
  if (message != NULL && *message != '\0')
    {
      g_propagate_error (error, cria_alpaca_error_new (CRIA_ALPACA_ERROR_DRIVER_FIRST, message));
      return FALSE;
    }

  return TRUE;
}

gboolean
cria_response_parse (const char        *body,
                     gsize              length,
                     CriaValueType      expected,
                     JsonNode         **out_value,
                     CriaResponseInfo  *info,
                     GError           **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *valid = NULL;
  JsonObject *root_object;
  JsonNode *root;
  JsonNode *value;

  if (out_value != NULL)
    *out_value = NULL;
  if (info != NULL)
    memset (info, 0, sizeof *info);

  if (body == NULL)
    length = 0;

  /* Some .NET servers start with a byte order mark, which json-glib refuses. */
  if (length >= 3 && memcmp (body, "\xEF\xBB\xBF", 3) == 0)
    {
      body += 3;
      length -= 3;
    }

  if (length == 0)
    {
      g_set_error_literal (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED,
                           _("Reply is empty, expected a JSON object"));
      return FALSE;
    }
  if (length > G_MAXSSIZE)
    {
      g_set_error_literal (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_TOO_LARGE,
                           _("Reply is too large"));
      return FALSE;
    }
  if (memchr (body, '\0', length) != NULL)
    {
      g_set_error_literal (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED,
                           _("Reply is not JSON: it contains a NUL byte"));
      return FALSE;
    }
  /* Be liberal with a driver message in a legacy encoding rather than reject the reply. */
  if (!g_utf8_validate_len (body, length, NULL))
    {
      valid = g_utf8_make_valid (body, length);
      body = valid;
      length = strlen (valid);
    }

  if (!check_shape (body, length, REPLY_MAX_DEPTH, error))
    return FALSE;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, body, (gssize) length, &local_error))
    {
      g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED,
                   _("Reply is not valid JSON: %s"), local_error->message);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED,
                   _("Reply is %s, expected a JSON object"), describe_node (root));
      return FALSE;
    }

  root_object = json_node_get_object (root);
  if (info != NULL)
    {
      info->client_transaction_id =
        node_get_transaction_id (cria_json_object_get_member_nocase (root_object,
                                                                     "ClientTransactionID"));
      info->server_transaction_id =
        node_get_transaction_id (cria_json_object_get_member_nocase (root_object,
                                                                     "ServerTransactionID"));
    }

  if (!check_device_error (root_object, error))
    return FALSE;

  if (expected == CRIA_VALUE_NONE)
    return TRUE;

  value = cria_json_object_get_member_nocase (root_object, "Value");
  if (value == NULL)
    {
      g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MISSING_FIELD,
                   _("Reply has no Value, expected %s"), describe_expected (expected));
      return FALSE;
    }

  value = convert_value (value, expected, error);
  if (value == NULL)
    return FALSE;

  /* An image needs the Type and Rank beside its Value. */
  if (expected == CRIA_VALUE_IMAGE)
    {
      json_node_unref (value);
      value = json_node_copy (root);
    }

  if (out_value != NULL)
    *out_value = value;
  else
    json_node_unref (value);

  return TRUE;
}
