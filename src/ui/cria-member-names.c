/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "cria-member-names.h"

/* Titles in header capitalization for every member and parameter the panel shows, and the
 * unit of plain numbers whose unit the Alpaca definition fixes. */
static const struct
{
  const char *name;
  const char *title;
  const char *unit;
} names[] = {
  { "AbortExposure", N_("Abort Exposure"), NULL },
  { "AbortSlew", N_("Abort Slew"), NULL },
  { "Absolute", N_("Absolute"), NULL },
  { "Action", N_("Action"), NULL },
  { "AlignmentMode", N_("Alignment Mode"), NULL },
  { "Altitude", N_("Altitude"), NULL },
  { "ApertureArea", N_("Aperture Area"), "m²" },
  { "ApertureDiameter", N_("Aperture Diameter"), "m" },
  { "AtHome", N_("At Home"), NULL },
  { "AtPark", N_("At Park"), NULL },
  { "AveragePeriod", N_("Average Period"), "h" },
  { "Axis", N_("Axis"), NULL },
  { "AxisRates", N_("Axis Rates"), NULL },
  { "Azimuth", N_("Azimuth"), NULL },
  { "BayerOffsetX", N_("Bayer Offset X"), NULL },
  { "BayerOffsetY", N_("Bayer Offset Y"), NULL },
  { "BinX", N_("Bin X"), NULL },
  { "BinY", N_("Bin Y"), NULL },
  { "Brightness", N_("Brightness"), NULL },
  { "CalibratorChanging", N_("Calibrator Changing"), NULL },
  { "CalibratorOff", N_("Calibrator Off"), NULL },
  { "CalibratorOn", N_("Calibrator On"), NULL },
  { "CalibratorState", N_("Calibrator State"), NULL },
  { "CameraState", N_("Camera State"), NULL },
  { "CameraXSize", N_("Camera X Size"), NULL },
  { "CameraYSize", N_("Camera Y Size"), NULL },
  { "CanAbortExposure", N_("Can Abort Exposure"), NULL },
  { "CanAsymmetricBin", N_("Can Asymmetric Bin"), NULL },
  { "CanAsync", N_("Can Async"), NULL },
  { "CanFastReadout", N_("Can Fast Readout"), NULL },
  { "CanFindHome", N_("Can Find Home"), NULL },
  { "CanGetCoolerPower", N_("Can Get Cooler Power"), NULL },
  { "CanMoveAxis", N_("Can Move Axis"), NULL },
  { "CanPark", N_("Can Park"), NULL },
  { "CanPulseGuide", N_("Can Pulse Guide"), NULL },
  { "CanReverse", N_("Can Reverse"), NULL },
  { "CanSetAltitude", N_("Can Set Altitude"), NULL },
  { "CanSetAzimuth", N_("Can Set Azimuth"), NULL },
  { "CanSetCCDTemperature", N_("Can Set CCD Temperature"), NULL },
  { "CanSetDeclinationRate", N_("Can Set Declination Rate"), NULL },
  { "CanSetGuideRates", N_("Can Set Guide Rates"), NULL },
  { "CanSetPark", N_("Can Set Park"), NULL },
  { "CanSetPierSide", N_("Can Set Pier Side"), NULL },
  { "CanSetRightAscensionRate", N_("Can Set Right Ascension Rate"), NULL },
  { "CanSetShutter", N_("Can Set Shutter"), NULL },
  { "CanSetTracking", N_("Can Set Tracking"), NULL },
  { "CanSlave", N_("Can Slave"), NULL },
  { "CanSlew", N_("Can Slew"), NULL },
  { "CanSlewAltAz", N_("Can Slew Alt/Az"), NULL },
  { "CanSlewAltAzAsync", N_("Can Slew Alt/Az Async"), NULL },
  { "CanSlewAsync", N_("Can Slew Async"), NULL },
  { "CanStopExposure", N_("Can Stop Exposure"), NULL },
  { "CanSync", N_("Can Sync"), NULL },
  { "CanSyncAltAz", N_("Can Sync Alt/Az"), NULL },
  { "CanSyncAzimuth", N_("Can Sync Azimuth"), NULL },
  { "CanUnpark", N_("Can Unpark"), NULL },
  { "CanWrite", N_("Can Write"), NULL },
  { "CCDTemperature", N_("CCD Temperature"), NULL },
  { "CloseCover", N_("Close Cover"), NULL },
  { "CloseShutter", N_("Close Shutter"), NULL },
  { "CloudCover", N_("Cloud Cover"), NULL },
  { "CoolerOn", N_("Cooler On"), NULL },
  { "CoolerPower", N_("Cooler Power"), NULL },
  { "CoverMoving", N_("Cover Moving"), NULL },
  { "CoverState", N_("Cover State"), NULL },
  { "Declination", N_("Declination"), NULL },
  { "DeclinationRate", N_("Declination Rate"), "″/s" },
  { "Description", N_("Description"), NULL },
  { "DestinationSideOfPier", N_("Destination Side of Pier"), NULL },
  { "DewPoint", N_("Dew Point"), NULL },
  { "Direction", N_("Direction"), NULL },
  { "DoesRefraction", N_("Does Refraction"), NULL },
  { "DriverInfo", N_("Driver Information"), NULL },
  { "DriverVersion", N_("Driver Version"), NULL },
  { "Duration", N_("Duration"), NULL },
  { "ElectronsPerADU", N_("Electrons per ADU"), "e⁻/ADU" },
  { "EquatorialSystem", N_("Equatorial System"), NULL },
  { "ExposureMax", N_("Exposure Max"), NULL },
  { "ExposureMin", N_("Exposure Min"), NULL },
  { "ExposureResolution", N_("Exposure Resolution"), NULL },
  { "FastReadout", N_("Fast Readout"), NULL },
  { "FindHome", N_("Find Home"), NULL },
  { "FocalLength", N_("Focal Length"), "m" },
  { "FocusOffsets", N_("Focus Offsets"), NULL },
  { "FullWellCapacity", N_("Full Well Capacity"), "e⁻" },
  { "Gain", N_("Gain"), NULL },
  { "GainMax", N_("Gain Max"), NULL },
  { "GainMin", N_("Gain Min"), NULL },
  { "Gains", N_("Gains"), NULL },
  { "GetSwitch", N_("Get Switch"), NULL },
  { "GetSwitchDescription", N_("Get Switch Description"), NULL },
  { "GetSwitchName", N_("Get Switch Name"), NULL },
  { "GetSwitchValue", N_("Get Switch Value"), NULL },
  { "GuideRateDeclination", N_("Guide Rate Declination"), "°/s" },
  { "GuideRateRightAscension", N_("Guide Rate Right Ascension"), "°/s" },
  { "Halt", N_("Halt"), NULL },
  { "HaltCover", N_("Halt Cover"), NULL },
  { "HasShutter", N_("Has Shutter"), NULL },
  { "HeatSinkTemperature", N_("Heat Sink Temperature"), NULL },
  { "Humidity", N_("Humidity"), NULL },
  { "Id", N_("ID"), NULL },
  { "ImageReady", N_("Image Ready"), NULL },
  { "InterfaceVersion", N_("Interface Version"), NULL },
  { "IsMoving", N_("Is Moving"), NULL },
  { "IsPulseGuiding", N_("Is Pulse Guiding"), NULL },
  { "IsSafe", N_("Is Safe"), NULL },
  { "LastExposureDuration", N_("Last Exposure Duration"), NULL },
  { "LastExposureStartTime", N_("Last Exposure Start Time"), NULL },
  { "Light", N_("Light"), NULL },
  { "MaxADU", N_("Max ADU"), NULL },
  { "MaxBinX", N_("Max Bin X"), NULL },
  { "MaxBinY", N_("Max Bin Y"), NULL },
  { "MaxBrightness", N_("Max Brightness"), NULL },
  { "MaxIncrement", N_("Max Increment"), NULL },
  { "MaxStep", N_("Max Step"), NULL },
  { "MaxSwitch", N_("Max Switch"), NULL },
  { "MaxSwitchValue", N_("Max Switch Value"), NULL },
  { "MechanicalPosition", N_("Mechanical Position"), NULL },
  { "MinSwitchValue", N_("Min Switch Value"), NULL },
  { "Move", N_("Move"), NULL },
  { "MoveAbsolute", N_("Move Absolute"), NULL },
  { "MoveAxis", N_("Move Axis"), NULL },
  { "MoveMechanical", N_("Move Mechanical"), NULL },
  { "Name", N_("Name"), NULL },
  { "Names", N_("Names"), NULL },
  { "NumX", N_("Num X"), NULL },
  { "NumY", N_("Num Y"), NULL },
  { "Offset", N_("Offset"), NULL },
  { "OffsetMax", N_("Offset Max"), NULL },
  { "OffsetMin", N_("Offset Min"), NULL },
  { "Offsets", N_("Offsets"), NULL },
  { "OpenCover", N_("Open Cover"), NULL },
  { "OpenShutter", N_("Open Shutter"), NULL },
  { "Parameters", N_("Parameters"), NULL },
  { "Park", N_("Park"), NULL },
  { "PercentCompleted", N_("Percent Completed"), NULL },
  { "PixelSizeX", N_("Pixel Size X"), "µm" },
  { "PixelSizeY", N_("Pixel Size Y"), "µm" },
  { "Position", N_("Position"), NULL },
  { "Pressure", N_("Pressure"), "hPa" },
  { "PulseGuide", N_("Pulse Guide"), NULL },
  { "RainRate", N_("Rain Rate"), "mm/h" },
  { "Rate", N_("Rate"), "°/s" },
  { "ReadoutMode", N_("Readout Mode"), NULL },
  { "ReadoutModes", N_("Readout Modes"), NULL },
  { "Refresh", N_("Refresh"), NULL },
  { "Reverse", N_("Reverse"), NULL },
  { "RightAscension", N_("Right Ascension"), NULL },
  { "RightAscensionRate", N_("Right Ascension Rate"), "s/s" },
  { "SensorDescription", N_("Sensor Description"), NULL },
  { "SensorName", N_("Sensor Name"), NULL },
  { "SensorType", N_("Sensor Type"), NULL },
  { "SetAsync", N_("Set Async"), NULL },
  { "SetAsyncValue", N_("Set Async Value"), NULL },
  { "SetCCDTemperature", N_("Set CCD Temperature"), NULL },
  { "SetPark", N_("Set Park"), NULL },
  { "SetSwitch", N_("Set Switch"), NULL },
  { "SetSwitchName", N_("Set Switch Name"), NULL },
  { "SetSwitchValue", N_("Set Switch Value"), NULL },
  { "ShutterStatus", N_("Shutter Status"), NULL },
  { "SideOfPier", N_("Side of Pier"), NULL },
  { "SiderealTime", N_("Sidereal Time"), NULL },
  { "SiteElevation", N_("Site Elevation"), "m" },
  { "SiteLatitude", N_("Site Latitude"), NULL },
  { "SiteLongitude", N_("Site Longitude"), NULL },
  { "SkyBrightness", N_("Sky Brightness"), "lx" },
  { "SkyQuality", N_("Sky Quality"), "mag/arcsec²" },
  { "SkyTemperature", N_("Sky Temperature"), NULL },
  { "Slaved", N_("Slaved"), NULL },
  { "Slewing", N_("Slewing"), NULL },
  { "SlewSettleTime", N_("Slew Settle Time"), NULL },
  { "SlewToAltAz", N_("Slew to Alt/Az"), NULL },
  { "SlewToAltAzAsync", N_("Slew to Alt/Az Async"), NULL },
  { "SlewToAltitude", N_("Slew to Altitude"), NULL },
  { "SlewToAzimuth", N_("Slew to Azimuth"), NULL },
  { "SlewToCoordinates", N_("Slew to Coordinates"), NULL },
  { "SlewToCoordinatesAsync", N_("Slew to Coordinates Async"), NULL },
  { "SlewToTarget", N_("Slew to Target"), NULL },
  { "SlewToTargetAsync", N_("Slew to Target Async"), NULL },
  { "StarFWHM", N_("Star FWHM"), "″" },
  { "StartExposure", N_("Start Exposure"), NULL },
  { "StartX", N_("Start X"), NULL },
  { "StartY", N_("Start Y"), NULL },
  { "State", N_("State"), NULL },
  { "StateChangeComplete", N_("State Change Complete"), NULL },
  { "StepSize", N_("Step Size"), NULL },
  { "StopExposure", N_("Stop Exposure"), NULL },
  { "SubExposureDuration", N_("Sub Exposure Duration"), NULL },
  { "SupportedActions", N_("Supported Actions"), NULL },
  { "SwitchStep", N_("Switch Step"), NULL },
  { "Sync", N_("Sync"), NULL },
  { "SyncToAltAz", N_("Sync to Alt/Az"), NULL },
  { "SyncToAzimuth", N_("Sync to Azimuth"), NULL },
  { "SyncToCoordinates", N_("Sync to Coordinates"), NULL },
  { "SyncToTarget", N_("Sync to Target"), NULL },
  { "TargetDeclination", N_("Target Declination"), NULL },
  { "TargetPosition", N_("Target Position"), NULL },
  { "TargetRightAscension", N_("Target Right Ascension"), NULL },
  { "TempComp", N_("Temperature Compensation"), NULL },
  { "TempCompAvailable", N_("Temperature Compensation Available"), NULL },
  { "Temperature", N_("Temperature"), NULL },
  { "TimeSinceLastUpdate", N_("Time since Last Update"), NULL },
  { "Tracking", N_("Tracking"), NULL },
  { "TrackingRate", N_("Tracking Rate"), NULL },
  { "TrackingRates", N_("Tracking Rates"), NULL },
  { "Unpark", N_("Unpark"), NULL },
  { "UTCDate", N_("UTC Date"), NULL },
  { "Value", N_("Value"), NULL },
  { "WindDirection", N_("Wind Direction"), NULL },
  { "WindGust", N_("Wind Gust"), "m/s" },
  { "WindSpeed", N_("Wind Speed"), "m/s" },
};

static GHashTable *
name_index (void)
{
  static GHashTable *by_name;

  /* Built once, from the main thread, and kept for the life of the process. */
  if (g_once_init_enter (&by_name))
    {
      GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);
      gsize i;

      for (i = 0; i < G_N_ELEMENTS (names); i++)
        g_hash_table_insert (table, (gpointer) names[i].name, GSIZE_TO_POINTER (i + 1));
      g_once_init_leave (&by_name, table);
    }

  return by_name;
}

static gssize
find (const char *name)
{
  gsize found = GPOINTER_TO_SIZE (g_hash_table_lookup (name_index (), name));

  return (gssize) found - 1;
}

const char *
cria_member_title (const char *name)
{
  gssize i;

  g_return_val_if_fail (name != NULL, NULL);

  i = find (name);
  return i >= 0 ? _(names[i].title) : name;
}

const char *
cria_member_unit (CriaDeviceType  type,
                  const char     *member,
                  const char     *name)
{
  gssize i;

  g_return_val_if_fail (name != NULL, NULL);

  /* Parameters whose unit depends on the method. */
  if (member != NULL && g_strcmp0 (member, "PulseGuide") == 0 && g_strcmp0 (name, "Duration") == 0)
    return "ms";
  /* Properties whose unit depends on the device type. */
  if (g_strcmp0 (name, "StepSize") == 0)
    return type == CRIA_DEVICE_FOCUSER ? "µm" : type == CRIA_DEVICE_ROTATOR ? "°" : NULL;

  i = find (name);
  return i >= 0 ? names[i].unit : NULL;
}
