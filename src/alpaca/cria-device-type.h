/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CRIA_DEVICE_CAMERA,
  CRIA_DEVICE_COVER_CALIBRATOR,
  CRIA_DEVICE_DOME,
  CRIA_DEVICE_FILTER_WHEEL,
  CRIA_DEVICE_FOCUSER,
  CRIA_DEVICE_OBSERVING_CONDITIONS,
  CRIA_DEVICE_ROTATOR,
  CRIA_DEVICE_SAFETY_MONITOR,
  CRIA_DEVICE_SWITCH,
  CRIA_DEVICE_TELESCOPE,
  CRIA_N_DEVICE_TYPES
} CriaDeviceType;

/* "CoverCalibrator": the spelling of configureddevices' DeviceType. */
const char *cria_device_type_to_string         (CriaDeviceType  type);
/* "covercalibrator": the spelling of URL paths. */
const char *cria_device_type_to_path           (CriaDeviceType  type);
/* Accepts either spelling in any casing. */
gboolean    cria_device_type_from_string       (const char     *text,
                                                CriaDeviceType *type);
/* The interface version each type has in ASCOM Platform 7 (ICameraV4, IDomeV3, ...). */
guint       cria_device_type_platform7_version (CriaDeviceType  type);

G_END_DECLS
