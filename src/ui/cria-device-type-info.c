/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "cria-device-type-info.h"

static const struct
{
  const char *display_name;
  const char *icon_name;
} type_info[CRIA_N_DEVICE_TYPES] = {
  [CRIA_DEVICE_CAMERA]               = { N_("Camera"), "cria-camera-symbolic" },
  [CRIA_DEVICE_COVER_CALIBRATOR]     = { N_("Cover Calibrator"), "cria-cover-calibrator-symbolic" },
  [CRIA_DEVICE_DOME]                 = { N_("Dome"), "cria-dome-symbolic" },
  [CRIA_DEVICE_FILTER_WHEEL]         = { N_("Filter Wheel"), "cria-filter-wheel-symbolic" },
  [CRIA_DEVICE_FOCUSER]              = { N_("Focuser"), "cria-focuser-symbolic" },
  [CRIA_DEVICE_OBSERVING_CONDITIONS] = { N_("Observing Conditions"), "cria-observing-conditions-symbolic" },
  [CRIA_DEVICE_ROTATOR]              = { N_("Rotator"), "cria-rotator-symbolic" },
  [CRIA_DEVICE_SAFETY_MONITOR]       = { N_("Safety Monitor"), "cria-safety-monitor-symbolic" },
  [CRIA_DEVICE_SWITCH]               = { N_("Switch"), "cria-switch-symbolic" },
  [CRIA_DEVICE_TELESCOPE]            = { N_("Telescope"), "cria-telescope-symbolic" },
};

const char *
cria_device_type_get_display_name (CriaDeviceType type)
{
  g_return_val_if_fail (type < CRIA_N_DEVICE_TYPES, "");
  return _(type_info[type].display_name);
}

const char *
cria_device_type_get_icon_name (CriaDeviceType type)
{
  g_return_val_if_fail (type < CRIA_N_DEVICE_TYPES, "");
  return type_info[type].icon_name;
}
