/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-alpaca"

#include "config.h"

#include "cria-imagebytes.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "cria-alpaca-error.h"
#include "cria-response.h"

/* Value[x][y] or Value[x][y][plane], the way ImageArray is declared. */

static gboolean
get_integer_member (JsonObject  *object,
                    const char  *name,
                    gint64      *out,
                    GError     **error)
{
  JsonNode *node = cria_json_object_get_member_nocase (object, name);

  if (node == NULL)
    {
      g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MISSING_FIELD,
                   _("JSON image reply has no %s"), name);
      return FALSE;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  /* A server with one number type may write 2.0; anything else is not a Type or Rank. */
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (d >= -1000.0 && d <= 1000.0 && d == nearbyint (d))
        {
          *out = (gint64) d;
          return TRUE;
        }
    }

  g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_WRONG_TYPE,
               _("JSON image %s is not an integer"), name);
  return FALSE;
}

static CriaElementType
element_type_for_json_type (gint64 type)
{
  switch (type)
    {
    case 1:  return CRIA_ELEMENT_INT16;
    case 2:  return CRIA_ELEMENT_INT32;
    case 3:  return CRIA_ELEMENT_DOUBLE;
    default: return CRIA_ELEMENT_UNKNOWN;
    }
}

static JsonArray *
get_array (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* Stores one sample; integers must be whole and in range, never silently wrapped. */
static gboolean
store_number (JsonNode         *node,
              CriaElementType   type,
              guint8           *dst,
              guint             x,
              guint             y,
              GError          **error)
{
  GType value_type = node != NULL && JSON_NODE_HOLDS_VALUE (node)
                     ? json_node_get_value_type (node) : G_TYPE_INVALID;
  double d = 0;
  gint64 i = 0;
  gboolean is_int = FALSE;

  if (value_type == G_TYPE_INT64)
    {
      i = json_node_get_int (node);
      d = (double) i;
      is_int = TRUE;
    }
  else if (value_type == G_TYPE_DOUBLE)
    {
      d = json_node_get_double (node);
    }
  else
    {
      g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_WRONG_TYPE,
                   _("JSON image value at [%u][%u] is not a number"), x, y);
      return FALSE;
    }

  if (type == CRIA_ELEMENT_DOUBLE)
    {
      memcpy (dst, &d, sizeof d);
      return TRUE;
    }

  if (!is_int)
    {
      /* Some servers write whole numbers as 12.0; accept those. */
      if (!isfinite (d) || d != nearbyint (d) || fabs (d) > 4.0e9)
        goto out_of_range;
      i = (gint64) d;
    }

  if (type == CRIA_ELEMENT_INT16)
    {
      gint16 v;

      if (i < G_MININT16 || i > G_MAXINT16)
        goto out_of_range;
      v = (gint16) i;
      memcpy (dst, &v, sizeof v);
    }
  else
    {
      gint32 v;

      if (i < G_MININT32 || i > G_MAXINT32)
        goto out_of_range;
      v = (gint32) i;
      memcpy (dst, &v, sizeof v);
    }
  return TRUE;

out_of_range:
  g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_WRONG_TYPE,
               _("JSON image value at [%u][%u] does not fit a %s"), x, y,
               cria_element_type_to_string (type));
  return FALSE;
}

static CriaFrame *
frame_from_value (JsonNode  *value,
                  gint64     json_type,
                  gint64     rank,
                  GError   **error)
{
  CriaElementType type = element_type_for_json_type (json_type);
  g_autoptr(CriaFrame) frame = NULL;
  JsonArray *columns, *first;
  guint width, height, planes = 1;
  gsize elem_size;
  guint x, y, p;

  if (type == CRIA_ELEMENT_UNKNOWN)
    {
      g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED,
                   _("JSON image Type %lld is not 1 (Int16), 2 (Int32) or 3 (Double)"),
                   (long long) json_type);
      return NULL;
    }
  if (rank != 2 && rank != 3)
    {
      g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED,
                   _("JSON image Rank %lld is not 2 or 3"), (long long) rank);
      return NULL;
    }

  columns = get_array (value);
  first = columns != NULL && json_array_get_length (columns) > 0
          ? get_array (json_array_get_element (columns, 0)) : NULL;
  if (first == NULL || json_array_get_length (first) == 0)
    {
      g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_WRONG_TYPE,
                   _("JSON image Value is not a non-empty array of arrays"));
      return NULL;
    }
  width = json_array_get_length (columns);
  height = json_array_get_length (first);
  if (rank == 3)
    {
      JsonArray *pixel = get_array (json_array_get_element (first, 0));

      if (pixel == NULL)
        {
          g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_WRONG_TYPE,
                       _("JSON image of Rank 3 has no plane arrays"));
          return NULL;
        }
      planes = json_array_get_length (pixel);
    }

  frame = cria_frame_new (type, width, height, planes, error);
  if (frame == NULL)
    return NULL;
  elem_size = cria_element_type_size (type);

  for (x = 0; x < width; x++)
    {
      JsonArray *column = get_array (json_array_get_element (columns, x));
      guint8 *dst = frame->data + (gsize) x * planes * elem_size;

      if (column == NULL || json_array_get_length (column) != height)
        {
          g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED,
                       _("JSON image column %u is not an array of %u values"), x, height);
          return NULL;
        }

      for (y = 0; y < height; y++, dst += frame->stride)
        {
          JsonNode *node = json_array_get_element (column, y);
          JsonArray *pixel;

          if (rank == 2)
            {
              if (!store_number (node, type, dst, x, y, error))
                return NULL;
              continue;
            }

          pixel = get_array (node);
          if (pixel == NULL || json_array_get_length (pixel) != planes)
            {
              g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED,
                           _("JSON image pixel [%u][%u] is not an array of %u planes"),
                           x, y, planes);
              return NULL;
            }
          for (p = 0; p < planes; p++)
            if (!store_number (json_array_get_element (pixel, p), type,
                               dst + p * elem_size, x, y, error))
              return NULL;
        }
    }

  return g_steal_pointer (&frame);
}

CriaFrame *
cria_image_json_decode (const char  *body,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(JsonNode) reply = NULL;
  JsonObject *object;
  gint64 type, rank;

  if (!cria_response_parse (body, length, CRIA_VALUE_IMAGE, &reply, NULL, error))
    return NULL;

  if (reply == NULL || !JSON_NODE_HOLDS_OBJECT (reply))
    {
      g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED,
                   _("JSON image reply is not an object"));
      return NULL;
    }
  object = json_node_get_object (reply);

  if (!get_integer_member (object, "Type", &type, error)
      || !get_integer_member (object, "Rank", &rank, error))
    return NULL;

  return frame_from_value (cria_json_object_get_member_nocase (object, "Value"),
                           type, rank, error);
}
