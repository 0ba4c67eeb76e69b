/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include <string.h>

#include "cria-panel-layout.h"

/* Members the generic panel leaves out: the connection has its own group, images and raw
 * driver commands belong to dedicated tools, and Action has its own form. */
static const char * const hidden_members[] = {
  "Action", "CommandBlind", "CommandBool", "CommandString", "Connect", "Connected",
  "Connecting", "DeviceState", "Disconnect", "ImageArray", "ImageArrayVariant",
};

static const char * const information_members[] = {
  "Name", "Description", "DriverInfo", "DriverVersion", "InterfaceVersion", "SupportedActions",
};

/* Booleans that say what the hardware can do without being named Can*. */
static const char * const capability_members[] = {
  "Absolute", "HasShutter", "TempCompAvailable",
};

/* Read-only values that describe the hardware and do not change while connected; they are
 * read with the settings rather than on every poll. */
static const char * const hardware_members[] = {
  "AlignmentMode", "ApertureArea", "ApertureDiameter", "BayerOffsetX", "BayerOffsetY",
  "CameraXSize", "CameraYSize", "ElectronsPerADU", "EquatorialSystem", "ExposureMax",
  "ExposureMin", "ExposureResolution", "FocalLength", "FocusOffsets", "FullWellCapacity",
  "GainMax", "GainMin", "Gains", "MaxADU", "MaxBinX", "MaxBinY", "MaxBrightness",
  "MaxIncrement", "MaxStep", "MaxSwitch", "Names", "OffsetMax", "OffsetMin", "Offsets",
  "PixelSizeX", "PixelSizeY", "ReadoutModes", "SensorName", "SensorType", "StepSize",
  "TrackingRates",
};

/* Capabilities whose name is not simply Can + the member's name. */
static const struct
{
  CriaDeviceType  type;
  const char     *member;
  const char     *capability;
} capability_map[] = {
  { CRIA_DEVICE_CAMERA, "AbortExposure", "CanAbortExposure" },
  { CRIA_DEVICE_CAMERA, "CoolerPower", "CanGetCoolerPower" },
  { CRIA_DEVICE_CAMERA, "FastReadout", "CanFastReadout" },
  { CRIA_DEVICE_CAMERA, "SetCCDTemperature", "CanSetCCDTemperature" },
  { CRIA_DEVICE_CAMERA, "StopExposure", "CanStopExposure" },
  { CRIA_DEVICE_DOME, "CloseShutter", "CanSetShutter" },
  { CRIA_DEVICE_DOME, "OpenShutter", "CanSetShutter" },
  { CRIA_DEVICE_DOME, "Slaved", "CanSlave" },
  { CRIA_DEVICE_DOME, "SlewToAltitude", "CanSetAltitude" },
  { CRIA_DEVICE_DOME, "SlewToAzimuth", "CanSetAzimuth" },
  { CRIA_DEVICE_DOME, "SyncToAzimuth", "CanSyncAzimuth" },
  { CRIA_DEVICE_FOCUSER, "TempComp", "TempCompAvailable" },
  { CRIA_DEVICE_TELESCOPE, "DeclinationRate", "CanSetDeclinationRate" },
  { CRIA_DEVICE_TELESCOPE, "GuideRateDeclination", "CanSetGuideRates" },
  { CRIA_DEVICE_TELESCOPE, "GuideRateRightAscension", "CanSetGuideRates" },
  { CRIA_DEVICE_TELESCOPE, "RightAscensionRate", "CanSetRightAscensionRate" },
  { CRIA_DEVICE_TELESCOPE, "SideOfPier", "CanSetPierSide" },
  { CRIA_DEVICE_TELESCOPE, "SlewToAltAz", "CanSlewAltAz" },
  { CRIA_DEVICE_TELESCOPE, "SlewToAltAzAsync", "CanSlewAltAzAsync" },
  { CRIA_DEVICE_TELESCOPE, "SlewToCoordinates", "CanSlew" },
  { CRIA_DEVICE_TELESCOPE, "SlewToCoordinatesAsync", "CanSlewAsync" },
  { CRIA_DEVICE_TELESCOPE, "SlewToTarget", "CanSlew" },
  { CRIA_DEVICE_TELESCOPE, "SlewToTargetAsync", "CanSlewAsync" },
  { CRIA_DEVICE_TELESCOPE, "SyncToAltAz", "CanSyncAltAz" },
  { CRIA_DEVICE_TELESCOPE, "SyncToCoordinates", "CanSync" },
  { CRIA_DEVICE_TELESCOPE, "SyncToTarget", "CanSync" },
  { CRIA_DEVICE_TELESCOPE, "Tracking", "CanSetTracking" },
};

/* Limits of numbers. Anything not listed gets the limits of its type. */
static const struct
{
  CriaDeviceType  type;
  const char     *member;
  const char     *param;  /* NULL: the property itself */
  CriaValueRange  range;
} ranges[] = {
  { CRIA_DEVICE_CAMERA, "BinX", NULL, { NULL, "MaxBinX", 1, 16, 0 } },
  { CRIA_DEVICE_CAMERA, "BinY", NULL, { NULL, "MaxBinY", 1, 16, 0 } },
  { CRIA_DEVICE_CAMERA, "Gain", NULL, { "GainMin", "GainMax", 0, 10000, 0 } },
  { CRIA_DEVICE_CAMERA, "NumX", NULL, { NULL, "CameraXSize", 1, 100000, 0 } },
  { CRIA_DEVICE_CAMERA, "NumY", NULL, { NULL, "CameraYSize", 1, 100000, 0 } },
  { CRIA_DEVICE_CAMERA, "Offset", NULL, { "OffsetMin", "OffsetMax", 0, 10000, 0 } },
  { CRIA_DEVICE_CAMERA, "PulseGuide", "Duration", { NULL, NULL, 0, 3600000, 0 } },
  { CRIA_DEVICE_CAMERA, "SetCCDTemperature", NULL, { NULL, NULL, -100, 100, 0 } },
  { CRIA_DEVICE_CAMERA, "StartExposure", "Duration",
    { "ExposureMin", "ExposureMax", 0, 36000, 0 } },
  { CRIA_DEVICE_CAMERA, "StartX", NULL, { NULL, "CameraXSize", 0, 100000, -1 } },
  { CRIA_DEVICE_CAMERA, "StartY", NULL, { NULL, "CameraYSize", 0, 100000, -1 } },
  { CRIA_DEVICE_CAMERA, "SubExposureDuration", NULL, { NULL, "ExposureMax", 0, 36000, 0 } },
  { CRIA_DEVICE_COVER_CALIBRATOR, "CalibratorOn", "Brightness",
    { NULL, "MaxBrightness", 0, 100, 0 } },
  { CRIA_DEVICE_FOCUSER, "Move", "Position", { NULL, "MaxStep", 0, 100000, 0 } },
  { CRIA_DEVICE_OBSERVING_CONDITIONS, "AveragePeriod", NULL, { NULL, NULL, 0, 1000, 0 } },
  { CRIA_DEVICE_ROTATOR, "Move", "Position", { NULL, NULL, -360, 360, 0 } },
  { CRIA_DEVICE_SWITCH, NULL, "Id", { NULL, "MaxSwitch", 0, 1000, -1 } },
  { CRIA_DEVICE_TELESCOPE, "DeclinationRate", NULL, { NULL, NULL, -100000, 100000, 0 } },
  { CRIA_DEVICE_TELESCOPE, "GuideRateDeclination", NULL, { NULL, NULL, 0, 10, 0 } },
  { CRIA_DEVICE_TELESCOPE, "GuideRateRightAscension", NULL, { NULL, NULL, 0, 10, 0 } },
  { CRIA_DEVICE_TELESCOPE, "MoveAxis", "Rate", { NULL, NULL, -50, 50, 0 } },
  { CRIA_DEVICE_TELESCOPE, "PulseGuide", "Duration", { NULL, NULL, 0, 3600000, 0 } },
  { CRIA_DEVICE_TELESCOPE, "RightAscensionRate", NULL, { NULL, NULL, -100000, 100000, 0 } },
  { CRIA_DEVICE_TELESCOPE, "SiteElevation", NULL, { NULL, NULL, -300, 10000, 0 } },
  { CRIA_DEVICE_TELESCOPE, "SlewSettleTime", NULL, { NULL, NULL, 0, 3600, 0 } },
};

/* Numbers chosen from a list the device reports. */
static const struct
{
  CriaDeviceType  type;
  const char     *member;
  const char     *list;
  gboolean        values; /* the list holds values, not names indexed from 0 */
} choices[] = {
  { CRIA_DEVICE_CAMERA, "Gain", "Gains", FALSE },
  { CRIA_DEVICE_CAMERA, "Offset", "Offsets", FALSE },
  { CRIA_DEVICE_CAMERA, "ReadoutMode", "ReadoutModes", FALSE },
  { CRIA_DEVICE_FILTER_WHEEL, "Position", "Names", FALSE },
  { CRIA_DEVICE_TELESCOPE, "TrackingRate", "TrackingRates", TRUE },
};

static gboolean
in_list (const char         *name,
         const char * const *list,
         gsize               n)
{
  gsize i;

  for (i = 0; i < n; i++)
    if (strcmp (name, list[i]) == 0)
      return TRUE;

  return FALSE;
}

#define IN_LIST(name, list) in_list ((name), (list), G_N_ELEMENTS (list))

/* A PUT that sets the property of the same name: one parameter, named like the property. */
static gboolean
is_setter (const CriaMember *put)
{
  return put != NULL && put->method == CRIA_HTTP_PUT && put->n_params == 1
         && g_ascii_strcasecmp (put->params[0].name, put->name) == 0;
}

CriaSectionKind
cria_panel_layout_classify (CriaDeviceType    type,
                            const CriaMember *member)
{
  g_return_val_if_fail (type < CRIA_N_DEVICE_TYPES, CRIA_SECTION_NONE);
  g_return_val_if_fail (member != NULL, CRIA_SECTION_NONE);

  if (IN_LIST (member->name, hidden_members))
    return CRIA_SECTION_NONE;

  if (member->method == CRIA_HTTP_PUT)
    {
      const CriaMember *get = cria_member_lookup (type, member->name, CRIA_HTTP_GET);

      if (is_setter (member) && get != NULL && get->n_params == 0)
        return CRIA_SECTION_NONE;
      return CRIA_SECTION_ACTIONS;
    }

  if (member->n_params > 0)
    return CRIA_SECTION_QUERIES;
  if (IN_LIST (member->name, information_members))
    return CRIA_SECTION_INFORMATION;
  if (is_setter (cria_member_lookup (type, member->name, CRIA_HTTP_PUT)))
    return CRIA_SECTION_SETTINGS;
  if (member->value_type == CRIA_VALUE_BOOL
      && (g_str_has_prefix (member->name, "Can") || IN_LIST (member->name, capability_members)))
    return CRIA_SECTION_CAPABILITIES;
  if (IN_LIST (member->name, hardware_members))
    return CRIA_SECTION_HARDWARE;

  return CRIA_SECTION_STATUS;
}

const char **
cria_panel_layout_members (CriaDeviceType  type,
                           CriaSectionKind kind)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const CriaMember *table;
  gsize n, i;

  g_return_val_if_fail (type < CRIA_N_DEVICE_TYPES, NULL);

  if (kind == CRIA_SECTION_INFORMATION)
    {
      /* In a reading order rather than alphabetically. */
      for (i = 0; i < G_N_ELEMENTS (information_members); i++)
        if (cria_member_lookup (type, information_members[i], CRIA_HTTP_GET) != NULL)
          g_ptr_array_add (names, (gpointer) information_members[i]);
    }
  else
    {
      table = cria_member_table (type, &n);
      for (i = 0; i < n; i++)
        if (cria_panel_layout_classify (type, &table[i]) == kind)
          g_ptr_array_add (names, (gpointer) table[i].name);
    }

  g_ptr_array_add (names, NULL);
  return (const char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

const char *
cria_panel_layout_capability (CriaDeviceType  type,
                              const char     *member)
{
  g_autofree char *guess = NULL;
  const CriaMember *can;
  gsize i;

  g_return_val_if_fail (type < CRIA_N_DEVICE_TYPES, NULL);
  g_return_val_if_fail (member != NULL, NULL);

  for (i = 0; i < G_N_ELEMENTS (capability_map); i++)
    if (capability_map[i].type == type && strcmp (capability_map[i].member, member) == 0)
      return capability_map[i].capability;

  /* Park -> CanPark, FindHome -> CanFindHome, Reverse -> CanReverse, ... */
  guess = g_strconcat ("Can", member, NULL);
  can = cria_member_lookup (type, guess, CRIA_HTTP_GET);
  if (can != NULL && can->n_params == 0 && can->value_type == CRIA_VALUE_BOOL)
    return can->name;

  return NULL;
}

gboolean
cria_panel_layout_range (CriaDeviceType  type,
                         const char     *member,
                         const char     *param,
                         CriaValueRange *range)
{
  gsize i;

  g_return_val_if_fail (type < CRIA_N_DEVICE_TYPES, FALSE);
  g_return_val_if_fail (range != NULL, FALSE);

  for (i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      if (ranges[i].type != type)
        continue;
      /* An entry without a member applies to a parameter of that name in any method. */
      if (ranges[i].member != NULL && g_strcmp0 (ranges[i].member, member) != 0)
        continue;
      if (g_strcmp0 (ranges[i].param, param) != 0
          && !(ranges[i].param == NULL && g_strcmp0 (param, member) == 0))
        continue;

      *range = ranges[i].range;
      return TRUE;
    }

  return FALSE;
}

const char *
cria_panel_layout_choices (CriaDeviceType  type,
                           const char     *member,
                           const char     *param)
{
  gsize i;

  g_return_val_if_fail (type < CRIA_N_DEVICE_TYPES, NULL);

  /* Only properties and their own setters choose from a list. */
  if (member == NULL || (param != NULL && strcmp (param, member) != 0))
    return NULL;

  for (i = 0; i < G_N_ELEMENTS (choices); i++)
    if (choices[i].type == type && strcmp (choices[i].member, member) == 0)
      return choices[i].list;

  return NULL;
}

gboolean
cria_panel_layout_choices_are_values (CriaDeviceType  type,
                                      const char     *member)
{
  gsize i;

  g_return_val_if_fail (type < CRIA_N_DEVICE_TYPES, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);

  for (i = 0; i < G_N_ELEMENTS (choices); i++)
    if (choices[i].type == type && strcmp (choices[i].member, member) == 0)
      return choices[i].values;

  return FALSE;
}
