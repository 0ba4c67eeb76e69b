/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-response"

#include <stdint.h>

#include "cria-alpaca-error.h"
#include "cria-response.h"

/* Every reply shape the client asks for, so each checker sees every input. */
static const CriaValueType value_types[] = {
  CRIA_VALUE_NONE,
  CRIA_VALUE_BOOL,
  CRIA_VALUE_INT,
  CRIA_VALUE_DOUBLE,
  CRIA_VALUE_STRING,
  CRIA_VALUE_STRING_LIST,
  CRIA_VALUE_INT_LIST,
  CRIA_VALUE_AXIS_RATES,
  CRIA_VALUE_DEVICE_STATE,
  CRIA_VALUE_IMAGE,
  CRIA_VALUE_OBJECT,
  CRIA_VALUE_OBJECT_LIST,
};

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (value_types); i++)
    {
      g_autoptr(JsonNode) value = NULL;
      g_autoptr(GError) error = NULL;
      CriaResponseInfo info;
      gboolean ok;

      ok = cria_response_parse ((const char *) data, size, value_types[i], &value, &info, &error);

      /* The contract: success without an error, failure with one and no value. */
      if (ok == (error != NULL) || (!ok && value != NULL)
          || (ok && value_types[i] != CRIA_VALUE_NONE && value == NULL))
        __builtin_trap ();
    }

  return 0;
}
