/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-alpaca"

#include "cria-device-type.h"

static const struct
{
  const char *name;
  const char *path;
  guint platform7_version;
} device_types[CRIA_N_DEVICE_TYPES] = {
  [CRIA_DEVICE_CAMERA]               = { "Camera", "camera", 4 },
  [CRIA_DEVICE_COVER_CALIBRATOR]     = { "CoverCalibrator", "covercalibrator", 2 },
  [CRIA_DEVICE_DOME]                 = { "Dome", "dome", 3 },
  [CRIA_DEVICE_FILTER_WHEEL]         = { "FilterWheel", "filterwheel", 3 },
  [CRIA_DEVICE_FOCUSER]              = { "Focuser", "focuser", 4 },
  [CRIA_DEVICE_OBSERVING_CONDITIONS] = { "ObservingConditions", "observingconditions", 2 },
  [CRIA_DEVICE_ROTATOR]              = { "Rotator", "rotator", 4 },
  [CRIA_DEVICE_SAFETY_MONITOR]       = { "SafetyMonitor", "safetymonitor", 3 },
  [CRIA_DEVICE_SWITCH]               = { "Switch", "switch", 3 },
  [CRIA_DEVICE_TELESCOPE]            = { "Telescope", "telescope", 4 },
};

const char *
cria_device_type_to_string (CriaDeviceType type)
{
  g_return_val_if_fail (type < CRIA_N_DEVICE_TYPES, NULL);
  return device_types[type].name;
}

const char *
cria_device_type_to_path (CriaDeviceType type)
{
  g_return_val_if_fail (type < CRIA_N_DEVICE_TYPES, NULL);
  return device_types[type].path;
}

gboolean
cria_device_type_from_string (const char     *text,
                              CriaDeviceType *type)
{
  guint i;

  if (text == NULL)
    return FALSE;

  for (i = 0; i < CRIA_N_DEVICE_TYPES; i++)
    {
      if (g_ascii_strcasecmp (text, device_types[i].name) == 0)
        {
          if (type != NULL)
            *type = i;
          return TRUE;
        }
    }

  return FALSE;
}

guint
cria_device_type_platform7_version (CriaDeviceType type)
{
  g_return_val_if_fail (type < CRIA_N_DEVICE_TYPES, 0);
  return device_types[type].platform7_version;
}
