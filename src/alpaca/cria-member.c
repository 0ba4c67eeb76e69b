/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-alpaca"

#include <stdlib.h>

#include "cria-member-private.h"

typedef struct
{
  const char     *name;
  CriaHttpMethod  method;
} MemberKey;

/* The generated tables are sorted the same way: name without case, then GET before PUT. */
static int
compare_member (const void *key_ptr,
                const void *member_ptr)
{
  const MemberKey *key = key_ptr;
  const CriaMember *member = member_ptr;
  int cmp;

  cmp = g_ascii_strcasecmp (key->name, member->name);
  if (cmp != 0)
    return cmp;

  return (int) key->method - (int) member->method;
}

const CriaMember *
cria_member_table (CriaDeviceType  type,
                   gsize          *n_members)
{
  if (n_members != NULL)
    *n_members = 0;

  g_return_val_if_fail (type < CRIA_N_DEVICE_TYPES, NULL);

  if (n_members != NULL)
    *n_members = cria_member_tables[type].n_members;

  return cria_member_tables[type].members;
}

const CriaMember *
cria_member_lookup (CriaDeviceType  type,
                    const char     *name,
                    CriaHttpMethod  method)
{
  MemberKey key = { name, method };

  g_return_val_if_fail (type < CRIA_N_DEVICE_TYPES, NULL);

  /* Names may come from a user or a server, so a missing one is just "not found". */
  if (name == NULL)
    return NULL;

  return bsearch (&key,
                  cria_member_tables[type].members,
                  cria_member_tables[type].n_members,
                  sizeof (CriaMember),
                  compare_member);
}

const CriaParamSpec *
cria_member_find_param (const CriaMember *member,
                        const char       *name)
{
  guint i;

  g_return_val_if_fail (member != NULL, NULL);

  if (name == NULL)
    return NULL;

  for (i = 0; i < member->n_params; i++)
    {
      if (g_ascii_strcasecmp (member->params[i].name, name) == 0)
        return &member->params[i];
    }

  return NULL;
}

char *
cria_member_path (const CriaMember *member)
{
  g_return_val_if_fail (member != NULL, NULL);

  return g_ascii_strdown (member->name, -1);
}

const char *
cria_value_type_to_string (CriaValueType type)
{
  switch (type)
    {
    case CRIA_VALUE_NONE:
      return "none";
    case CRIA_VALUE_BOOL:
      return "bool";
    case CRIA_VALUE_INT:
      return "int";
    case CRIA_VALUE_DOUBLE:
      return "double";
    case CRIA_VALUE_STRING:
      return "string";
    case CRIA_VALUE_STRING_LIST:
      return "string-list";
    case CRIA_VALUE_INT_LIST:
      return "int-list";
    case CRIA_VALUE_AXIS_RATES:
      return "axis-rates";
    case CRIA_VALUE_DEVICE_STATE:
      return "device-state";
    case CRIA_VALUE_IMAGE:
      return "image";
    case CRIA_VALUE_OBJECT:
      return "object";
    case CRIA_VALUE_OBJECT_LIST:
      return "object-list";
    default:
      break;
    }

  return "unknown";
}
