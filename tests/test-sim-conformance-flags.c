/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sim-conformance"

/* Part of the simulator conformance test: Can* flags against the members they govern,
 * values out of range, and GET members with parameters. */

#include <math.h>
#include <string.h>

#include "test-sim-conformance.h"

/* ---- 4. Can* flags ---- */

/* A flag and a member it governs: a false flag makes the member answer NotImplemented; a
 * true one makes it work (other errors, such as InvalidOperation in the present state, are
 * fine). A flag may be an int state instead, where 0 means "not present". Pairs run in
 * order, on connected devices; parameters may use {i} (the flag's Axis or Id), {ra}, {dec},
 * {alt}, {az} and {pierside} (where the telescope is), {state} and {value} (switch {i} now). */
typedef struct
{
  CriaDeviceType  type;
  const char     *flag;
  const char     *member;
  CriaHttpMethod  method;
  const char     *params;
  gboolean        one_way;  /* a true flag does not promise the member */
} FlagPair;

#define GET CRIA_HTTP_GET
#define PUT CRIA_HTTP_PUT

static const FlagPair flag_pairs[] = {
  { CRIA_DEVICE_TELESCOPE, "CanSetTracking", "tracking", PUT, "Tracking=true", FALSE },
  { CRIA_DEVICE_TELESCOPE, "CanSetRightAscensionRate", "rightascensionrate", PUT,
    "RightAscensionRate=0", FALSE },
  { CRIA_DEVICE_TELESCOPE, "CanSetDeclinationRate", "declinationrate", PUT,
    "DeclinationRate=0", FALSE },
  { CRIA_DEVICE_TELESCOPE, "CanSetGuideRates", "guideraterightascension", PUT,
    "GuideRateRightAscension=0.002", FALSE },
  { CRIA_DEVICE_TELESCOPE, "CanSetGuideRates", "guideratedeclination", PUT,
    "GuideRateDeclination=0.002", FALSE },
  { CRIA_DEVICE_TELESCOPE, "CanPulseGuide", "ispulseguiding", GET, NULL, FALSE },
  { CRIA_DEVICE_TELESCOPE, "CanPulseGuide", "pulseguide", PUT, "Direction=0&Duration=10",
    FALSE },
  { CRIA_DEVICE_TELESCOPE, "CanMoveAxis", "moveaxis", PUT, "Axis={i}&Rate=0", FALSE },
  { CRIA_DEVICE_TELESCOPE, "CanSetPierSide", "sideofpier", PUT, "SideOfPier={pierside}", FALSE },
  { CRIA_DEVICE_TELESCOPE, "CanSync", "synctocoordinates", PUT,
    "RightAscension={ra}&Declination={dec}", FALSE },
  { CRIA_DEVICE_TELESCOPE, "CanSync", "synctotarget", PUT, NULL, FALSE },
  { CRIA_DEVICE_TELESCOPE, "CanSyncAltAz", "synctoaltaz", PUT, "Azimuth={az}&Altitude={alt}",
    FALSE },
  { CRIA_DEVICE_TELESCOPE, "CanSlew", "slewtocoordinates", PUT,
    "RightAscension={ra}&Declination={dec}", FALSE },
  { CRIA_DEVICE_TELESCOPE, "CanSlew", "slewtotarget", PUT, NULL, FALSE },
  { CRIA_DEVICE_TELESCOPE, "CanSlewAsync", "slewtocoordinatesasync", PUT,
    "RightAscension={ra}&Declination={dec}", FALSE },
  { CRIA_DEVICE_TELESCOPE, "CanSlewAsync", "slewtotargetasync", PUT, NULL, FALSE },
  { CRIA_DEVICE_TELESCOPE, "CanSlewAltAz", "slewtoaltaz", PUT, "Azimuth={az}&Altitude={alt}",
    FALSE },
  { CRIA_DEVICE_TELESCOPE, "CanSlewAltAzAsync", "slewtoaltazasync", PUT,
    "Azimuth={az}&Altitude={alt}", FALSE },
  { CRIA_DEVICE_TELESCOPE, "CanFindHome", "findhome", PUT, NULL, FALSE },
  { CRIA_DEVICE_TELESCOPE, "CanSetPark", "setpark", PUT, NULL, FALSE },
  { CRIA_DEVICE_TELESCOPE, "CanPark", "park", PUT, NULL, FALSE },
  { CRIA_DEVICE_TELESCOPE, "CanUnpark", "unpark", PUT, NULL, FALSE },

  { CRIA_DEVICE_DOME, "CanSetShutter", "openshutter", PUT, NULL, FALSE },
  { CRIA_DEVICE_DOME, "CanSetShutter", "closeshutter", PUT, NULL, FALSE },
  { CRIA_DEVICE_DOME, "CanSetAltitude", "slewtoaltitude", PUT, "Altitude=30", FALSE },
  { CRIA_DEVICE_DOME, "CanSetAzimuth", "slewtoazimuth", PUT, "Azimuth=90", FALSE },
  { CRIA_DEVICE_DOME, "CanSyncAzimuth", "synctoazimuth", PUT, "Azimuth=90", FALSE },
  { CRIA_DEVICE_DOME, "CanSetPark", "setpark", PUT, NULL, FALSE },
  { CRIA_DEVICE_DOME, "CanFindHome", "findhome", PUT, NULL, FALSE },
  { CRIA_DEVICE_DOME, "CanPark", "park", PUT, NULL, FALSE },
  { CRIA_DEVICE_DOME, "CanSlave", "slaved", PUT, "Slaved=true", FALSE },
  { CRIA_DEVICE_DOME, "CanSlave", "slaved", PUT, "Slaved=false", FALSE },

  { CRIA_DEVICE_CAMERA, "CanSetCCDTemperature", "setccdtemperature", PUT,
    "SetCCDTemperature=-10", FALSE },
  { CRIA_DEVICE_CAMERA, "CanGetCoolerPower", "coolerpower", GET, NULL, FALSE },
  { CRIA_DEVICE_CAMERA, "CanFastReadout", "fastreadout", GET, NULL, FALSE },
  { CRIA_DEVICE_CAMERA, "CanFastReadout", "fastreadout", PUT, "FastReadout=false", FALSE },
  { CRIA_DEVICE_CAMERA, "CanPulseGuide", "ispulseguiding", GET, NULL, FALSE },
  { CRIA_DEVICE_CAMERA, "CanPulseGuide", "pulseguide", PUT, "Direction=0&Duration=10", FALSE },
  { CRIA_DEVICE_CAMERA, "CanStopExposure", "stopexposure", PUT, NULL, FALSE },
  { CRIA_DEVICE_CAMERA, "CanAbortExposure", "abortexposure", PUT, NULL, FALSE },

  { CRIA_DEVICE_FOCUSER, "TempCompAvailable", "tempcomp", PUT, "TempComp=false", FALSE },

  { CRIA_DEVICE_ROTATOR, "CanReverse", "reverse", GET, NULL, FALSE },
  { CRIA_DEVICE_ROTATOR, "CanReverse", "reverse", PUT, "Reverse=false", FALSE },

  { CRIA_DEVICE_SWITCH, "CanWrite", "setswitch", PUT, "Id={i}&State={state}", FALSE },
  { CRIA_DEVICE_SWITCH, "CanWrite", "setswitchvalue", PUT, "Id={i}&Value={value}", FALSE },
  { CRIA_DEVICE_SWITCH, "CanAsync", "setasync", PUT, "Id={i}&State={state}", FALSE },
  { CRIA_DEVICE_SWITCH, "CanAsync", "setasyncvalue", PUT, "Id={i}&Value={value}", FALSE },

  { CRIA_DEVICE_COVER_CALIBRATOR, "CoverState", "opencover", PUT, NULL, FALSE },
  { CRIA_DEVICE_COVER_CALIBRATOR, "CoverState", "closecover", PUT, NULL, FALSE },
  { CRIA_DEVICE_COVER_CALIBRATOR, "CoverState", "haltcover", PUT, NULL, TRUE },
  { CRIA_DEVICE_COVER_CALIBRATOR, "CalibratorState", "brightness", GET, NULL, FALSE },
  { CRIA_DEVICE_COVER_CALIBRATOR, "CalibratorState", "maxbrightness", GET, NULL, FALSE },
  { CRIA_DEVICE_COVER_CALIBRATOR, "CalibratorState", "calibratoron", PUT, "Brightness=1",
    FALSE },
  { CRIA_DEVICE_COVER_CALIBRATOR, "CalibratorState", "calibratoroff", PUT, NULL, FALSE },
};

/* The text a placeholder stands for, read from the device now; NULL if it cannot be read. */
static char *
placeholder (const ConfDevice *device,
             const char       *name,
             guint             i)
{
  g_autofree char *id = g_strdup_printf ("Id=%u", i);
  gboolean flag;
  gint64 n;
  double d;

  if (g_str_equal (name, "i"))
    return g_strdup_printf ("%u", i);
  if (g_str_equal (name, "pierside"))
    return conf_get_int (device, "sideofpier", NULL, &n) ? g_strdup_printf ("%" G_GINT64_FORMAT, n)
                                                         : NULL;
  if (g_str_equal (name, "state"))
    return conf_get_bool (device, "getswitch", id, &flag) ? g_strdup (flag ? "true" : "false")
                                                          : NULL;
  if (g_str_equal (name, "value"))
    return conf_get_double (device, "getswitchvalue", id, &d) ? conf_format_double (d) : NULL;
  if (g_str_equal (name, "ra"))
    return conf_get_double (device, "rightascension", NULL, &d) ? conf_format_double (d) : NULL;
  if (g_str_equal (name, "dec"))
    return conf_get_double (device, "declination", NULL, &d) ? conf_format_double (d) : NULL;
  if (g_str_equal (name, "alt"))
    return conf_get_double (device, "altitude", NULL, &d) ? conf_format_double (d) : NULL;
  if (g_str_equal (name, "az"))
    return conf_get_double (device, "azimuth", NULL, &d) ? conf_format_double (d) : NULL;

  conf_problem ("test error: no placeholder {%s}", name);
  return NULL;
}

static char *
expand (const ConfDevice *device,
        const char       *template,
        guint             i)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *p = template;

  if (template == NULL)
    return NULL;

  while (*p != '\0')
    {
      const char *open = strchr (p, '{');
      const char *close = open != NULL ? strchr (open, '}') : NULL;
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (open == NULL || close == NULL)
        {
          g_string_append (text, p);
          break;
        }
      g_string_append_len (text, p, open - p);
      name = g_strndup (open + 1, close - open - 1);
      value = placeholder (device, name, i);
      if (value == NULL)
        return NULL;
      g_string_append (text, value);
      p = close + 1;
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* How many values {i} takes for a flag: Axis 0 to 2, or every switch Id; 1 otherwise. */
static guint
flag_range (const ConfDevice *device,
            const char       *flag,
            const char      **param)
{
  const CriaMember *member = cria_member_lookup (device->type, flag, CRIA_HTTP_GET);
  gint64 max_switch = 0;

  *param = NULL;
  if (member == NULL || member->n_params == 0)
    return 1;

  *param = member->params[0].name;
  if (g_str_equal (*param, "Axis"))
    return 3;
  if (g_str_equal (*param, "Id") && conf_get_int (device, "maxswitch", NULL, &max_switch))
    return (guint) MAX (max_switch, 0);

  conf_problem ("test error: no range for %s(%s)", flag, *param);
  return 0;
}

static void
check_flag_pair (const ConfDevice *device,
                 const FlagPair   *pair)
{
  g_autofree char *flag_path = g_ascii_strdown (pair->flag, -1);
  const CriaMember *flag_member = cria_member_lookup (device->type, pair->flag, CRIA_HTTP_GET);
  const char *param = NULL;
  guint n = flag_range (device, pair->flag, &param);
  guint i;

  ck_assert_msg (flag_member != NULL, "%s has no %s", device->label, pair->flag);

  for (i = 0; i < n; i++)
    {
      g_autofree char *flag_params = param != NULL ? g_strdup_printf ("%s=%u", param, i) : NULL;
      g_autofree char *params = NULL;
      g_autofree char *what = NULL;
      gboolean enabled = FALSE;
      gint64 value = 0;
      gint64 error;

      if (flag_member->value_type == CRIA_VALUE_BOOL)
        {
          if (!conf_get_bool (device, flag_path, flag_params, &enabled))
            {
              conf_problem ("%s: cannot read %s", device->label, pair->flag);
              continue;
            }
        }
      else if (conf_get_int (device, flag_path, flag_params, &value))
        enabled = value != 0;
      else
        {
          conf_problem ("%s: cannot read %s", device->label, pair->flag);
          continue;
        }

      params = expand (device, pair->params, i);
      if (pair->params != NULL && params == NULL)
        {
          conf_problem ("%s: cannot fill in %s for %s", device->label, pair->params,
                        pair->member);
          continue;
        }

      what = g_strdup_printf ("%s %s %s%s%s with %s%s%s %s", device->label,
                              pair->method == GET ? "GET" : "PUT", pair->member,
                              params != NULL ? " " : "", params != NULL ? params : "",
                              pair->flag, flag_params != NULL ? " " : "",
                              flag_params != NULL ? flag_params : "",
                              enabled ? "true" : "false");
      error = conf_error_of (device, pair->method, pair->member, params);
      if (error < 0)
        continue;

      if (!enabled && error != CONF_NOT_IMPLEMENTED)
        conf_problem ("%s: ErrorNumber 0x%" G_GINT64_MODIFIER "x instead of NotImplemented",
                      what, error);
      else if (enabled && !pair->one_way && error == CONF_NOT_IMPLEMENTED)
        conf_problem ("%s: NotImplemented", what);
      else if (error >= 0x500)
        conf_problem ("%s: driver error 0x%" G_GINT64_MODIFIER "x", what, error);
      else
        g_debug ("%s: 0x%" G_GINT64_MODIFIER "x", what, error);
    }
}

/* Members that come in modes, where exactly one mode may be implemented. */
static void
check_camera_modes (const ConfDevice *device)
{
  static const char * const modes[][3] = {
    { "gains", "gainmin", "gainmax" },
    { "offsets", "offsetmin", "offsetmax" },
  };
  gint64 sensor_type = -1;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      gboolean listed = conf_error_of (device, GET, modes[i][0], NULL) == 0;
      gboolean min = conf_error_of (device, GET, modes[i][1], NULL) == 0;
      gboolean max = conf_error_of (device, GET, modes[i][2], NULL) == 0;

      if (listed && (min || max))
        conf_problem ("%s: both %s and %s/%s are implemented: clients cannot tell the mode",
                      device->label, modes[i][0], modes[i][1], modes[i][2]);
      if (min != max)
        conf_problem ("%s: only one of %s and %s is implemented", device->label, modes[i][1],
                      modes[i][2]);
    }

  /* Bayer offsets exist for colour sensors only. */
  if (!conf_get_int (device, "sensortype", NULL, &sensor_type))
    conf_problem ("%s: cannot read SensorType", device->label);
  for (i = 0; i < 2; i++)
    {
      const char *member = i == 0 ? "bayeroffsetx" : "bayeroffsety";
      gint64 error = conf_error_of (device, GET, member, NULL);

      if (sensor_type == 0 && error != CONF_NOT_IMPLEMENTED)
        conf_problem ("%s: %s answers 0x%" G_GINT64_MODIFIER "x on a monochrome sensor",
                      device->label, member, error);
      if (sensor_type >= 2 && error != 0)
        conf_problem ("%s: %s answers 0x%" G_GINT64_MODIFIER "x on a colour sensor",
                      device->label, member, error);
    }
}

/* A false flag still has a value to report. */
static void
check_false_flag_values (const ConfDevice *device)
{
  gboolean flag = TRUE, value = TRUE;

  if (device->type == CRIA_DEVICE_FOCUSER
      && conf_get_bool (device, "tempcompavailable", NULL, &flag) && !flag
      && (!conf_get_bool (device, "tempcomp", NULL, &value) || value))
    conf_problem ("%s: TempComp must read false when TempCompAvailable is false", device->label);

  if (device->type == CRIA_DEVICE_DOME
      && conf_get_bool (device, "canslave", NULL, &flag) && !flag
      && (!conf_get_bool (device, "slaved", NULL, &value) || value))
    conf_problem ("%s: Slaved must read false when CanSlave is false", device->label);
}

START_TEST (test_can_flags)
{
  guint i, j;

  conformance_connect_all ();

  for (i = 0; i < conformance_devices->len; i++)
    {
      const ConfDevice *device = g_ptr_array_index (conformance_devices, i);

      check_false_flag_values (device);
      if (device->type == CRIA_DEVICE_CAMERA)
        check_camera_modes (device);

      for (j = 0; j < G_N_ELEMENTS (flag_pairs); j++)
        if (flag_pairs[j].type == device->type)
          check_flag_pair (device, &flag_pairs[j]);
    }

  conf_check_problems ();
}
END_TEST

/* ---- setters and commands with values out of range ---- */

/* Each answers InvalidValue on a freshly connected device, and changes nothing. */
static const struct
{
  CriaDeviceType  type;
  const char     *member;
  const char     *params;
} invalid_puts[] = {
  { CRIA_DEVICE_TELESCOPE, "siteelevation", "SiteElevation=-301" },
  { CRIA_DEVICE_TELESCOPE, "siteelevation", "SiteElevation=10001" },
  { CRIA_DEVICE_TELESCOPE, "sitelatitude", "SiteLatitude=-91" },
  { CRIA_DEVICE_TELESCOPE, "sitelatitude", "SiteLatitude=91" },
  { CRIA_DEVICE_TELESCOPE, "sitelongitude", "SiteLongitude=-181" },
  { CRIA_DEVICE_TELESCOPE, "sitelongitude", "SiteLongitude=181" },
  { CRIA_DEVICE_TELESCOPE, "slewsettletime", "SlewSettleTime=-1" },
  { CRIA_DEVICE_TELESCOPE, "targetdeclination", "TargetDeclination=-91" },
  { CRIA_DEVICE_TELESCOPE, "targetdeclination", "TargetDeclination=91" },
  { CRIA_DEVICE_TELESCOPE, "targetrightascension", "TargetRightAscension=-1" },
  { CRIA_DEVICE_TELESCOPE, "targetrightascension", "TargetRightAscension=25" },
  { CRIA_DEVICE_TELESCOPE, "trackingrate", "TrackingRate=99" },
  { CRIA_DEVICE_TELESCOPE, "guideraterightascension", "GuideRateRightAscension=-1" },
  { CRIA_DEVICE_TELESCOPE, "guideratedeclination", "GuideRateDeclination=-1" },
  { CRIA_DEVICE_TELESCOPE, "slewtocoordinatesasync", "RightAscension=25&Declination=0" },
  { CRIA_DEVICE_TELESCOPE, "slewtocoordinatesasync", "RightAscension=1&Declination=91" },
  { CRIA_DEVICE_TELESCOPE, "synctocoordinates", "RightAscension=-1&Declination=0" },
  { CRIA_DEVICE_TELESCOPE, "slewtoaltazasync", "Azimuth=361&Altitude=45" },
  { CRIA_DEVICE_TELESCOPE, "slewtoaltazasync", "Azimuth=10&Altitude=91" },
  { CRIA_DEVICE_TELESCOPE, "moveaxis", "Axis=0&Rate=1000" },
  { CRIA_DEVICE_TELESCOPE, "moveaxis", "Axis=7&Rate=0" },
  { CRIA_DEVICE_TELESCOPE, "pulseguide", "Direction=9&Duration=10" },
  { CRIA_DEVICE_TELESCOPE, "pulseguide", "Direction=0&Duration=-1" },
  { CRIA_DEVICE_CAMERA, "binx", "BinX=0" },
  { CRIA_DEVICE_CAMERA, "binx", "BinX=1000" },
  { CRIA_DEVICE_CAMERA, "biny", "BinY=0" },
  { CRIA_DEVICE_CAMERA, "startexposure", "Duration=-1&Light=true" },
  { CRIA_DEVICE_CAMERA, "setccdtemperature", "SetCCDTemperature=-300" },
  { CRIA_DEVICE_CAMERA, "setccdtemperature", "SetCCDTemperature=100" },
  { CRIA_DEVICE_CAMERA, "gain", "Gain=-1" },
  { CRIA_DEVICE_CAMERA, "gain", "Gain=100000" },
  { CRIA_DEVICE_CAMERA, "offset", "Offset=-1" },
  { CRIA_DEVICE_CAMERA, "offset", "Offset=100000" },
  { CRIA_DEVICE_CAMERA, "readoutmode", "ReadoutMode=-1" },
  { CRIA_DEVICE_CAMERA, "readoutmode", "ReadoutMode=99" },
  { CRIA_DEVICE_CAMERA, "numx", "NumX=0" },
  { CRIA_DEVICE_CAMERA, "startx", "StartX=-1" },
  { CRIA_DEVICE_DOME, "slewtoazimuth", "Azimuth=-1" },
  { CRIA_DEVICE_DOME, "slewtoazimuth", "Azimuth=360" },
  { CRIA_DEVICE_DOME, "slewtoaltitude", "Altitude=-1" },
  { CRIA_DEVICE_DOME, "slewtoaltitude", "Altitude=91" },
  { CRIA_DEVICE_DOME, "synctoazimuth", "Azimuth=400" },
  { CRIA_DEVICE_FILTER_WHEEL, "position", "Position=-1" },
  { CRIA_DEVICE_FILTER_WHEEL, "position", "Position=99" },
  { CRIA_DEVICE_ROTATOR, "moveabsolute", "Position=-1" },
  { CRIA_DEVICE_ROTATOR, "moveabsolute", "Position=360" },
  { CRIA_DEVICE_ROTATOR, "movemechanical", "Position=360" },
  { CRIA_DEVICE_ROTATOR, "sync", "Position=-1" },
  { CRIA_DEVICE_SWITCH, "setswitchvalue", "Id=0&Value=-1" },
  { CRIA_DEVICE_SWITCH, "setswitchvalue", "Id=0&Value=2" },
  { CRIA_DEVICE_SWITCH, "setswitch", "Id=99&State=true" },
  { CRIA_DEVICE_SWITCH, "setswitchname", "Id=-1&Name=x" },
  { CRIA_DEVICE_COVER_CALIBRATOR, "calibratoron", "Brightness=-1" },
  { CRIA_DEVICE_COVER_CALIBRATOR, "calibratoron", "Brightness=100000" },
  { CRIA_DEVICE_OBSERVING_CONDITIONS, "averageperiod", "AveragePeriod=-1" },
};

START_TEST (test_invalid_values)
{
  guint i, j;

  conformance_connect_all ();

  for (i = 0; i < conformance_devices->len; i++)
    {
      const ConfDevice *device = g_ptr_array_index (conformance_devices, i);

      for (j = 0; j < G_N_ELEMENTS (invalid_puts); j++)
        {
          gint64 error;

          if (invalid_puts[j].type != device->type)
            continue;
          error = conf_error_of (device, PUT, invalid_puts[j].member, invalid_puts[j].params);
          if (error >= 0 && error != CONF_INVALID_VALUE)
            conf_problem ("%s PUT %s %s: ErrorNumber 0x%" G_GINT64_MODIFIER "x instead of "
                          "InvalidValue (0x401)", device->label, invalid_puts[j].member,
                          invalid_puts[j].params, error);
        }
    }

  conf_check_problems ();
}
END_TEST

/* ---- 5. GET members with parameters ---- */

/* Sensor names are the names of the ObservingConditions sensor properties. */
static GPtrArray *
sensor_names (void)
{
  GPtrArray *names = g_ptr_array_new ();
  const CriaMember *members;
  gsize n_members, i;

  members = cria_member_table (CRIA_DEVICE_OBSERVING_CONDITIONS, &n_members);
  for (i = 0; i < n_members; i++)
    if (members[i].method == GET && members[i].n_params == 0
        && members[i].value_type == CRIA_VALUE_DOUBLE
        && !g_str_equal (members[i].name, "AveragePeriod"))
      g_ptr_array_add (names, (gpointer) members[i].name);
  return names;
}

/* Values of a parameter: valid ones, or ones that are well formed but out of range. */
static GPtrArray *
param_values (const ConfDevice    *device,
              const CriaMember    *member,
              const CriaParamSpec *param,
              gboolean             valid)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  gint64 max_switch = 0;
  double ra = 0;
  guint i;

  if (g_str_equal (param->name, "Axis"))
    {
      for (i = 0; valid && i < 3; i++)
        g_ptr_array_add (values, g_strdup_printf ("%u", i));
      if (!valid)
        {
          g_ptr_array_add (values, g_strdup ("5"));
          g_ptr_array_add (values, g_strdup ("-1"));
        }
    }
  else if (g_str_equal (param->name, "Id"))
    {
      if (!conf_get_int (device, "maxswitch", NULL, &max_switch))
        conf_problem ("%s: cannot read MaxSwitch", device->label);
      for (i = 0; valid && i < max_switch; i++)
        g_ptr_array_add (values, g_strdup_printf ("%u", i));
      if (!valid)
        {
          g_ptr_array_add (values, g_strdup_printf ("%" G_GINT64_FORMAT, max_switch));
          g_ptr_array_add (values, g_strdup ("-1"));
        }
    }
  else if (g_str_equal (param->name, "SensorName"))
    {
      g_autoptr(GPtrArray) names = sensor_names ();

      for (i = 0; valid && i < names->len; i++)
        g_ptr_array_add (values, g_strdup (g_ptr_array_index (names, i)));
      /* "" asks TimeSinceLastUpdate for the latest update of any sensor. */
      if (valid && g_str_equal (member->name, "TimeSinceLastUpdate"))
        g_ptr_array_add (values, g_strdup (""));
      if (!valid)
        g_ptr_array_add (values, g_strdup ("NoSuchSensor"));
    }
  else if (g_str_equal (param->name, "RightAscension"))
    {
      if (valid && conf_get_double (device, "rightascension", NULL, &ra))
        g_ptr_array_add (values, conf_format_double (ra));
      if (!valid)
        {
          g_ptr_array_add (values, g_strdup ("25"));
          g_ptr_array_add (values, g_strdup ("-1"));
        }
    }
  else if (g_str_equal (param->name, "Declination"))
    {
      g_ptr_array_add (values, g_strdup (valid ? "20" : "100"));
      if (!valid)
        g_ptr_array_add (values, g_strdup ("-91"));
    }
  else
    conf_problem ("test error: no values for %s(%s)", member->name, param->name);

  return values;
}

/* Every parameter at its valid value number k (modulo their counts), except one. */
static char *
build_params (const CriaMember  *member,
              GPtrArray        **valid,
              guint              k,
              guint              skip,
              const char        *replacement)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint p;

  for (p = 0; p < member->n_params; p++)
    {
      const char *value;
      g_autofree char *escaped = NULL;

      if (p == skip && replacement == NULL)
        continue;
      value = p == skip ? replacement
                        : g_ptr_array_index (valid[p], k % valid[p]->len);
      escaped = g_uri_escape_string (value, NULL, TRUE);
      g_string_append_printf (text, "%s%s=%s", text->len > 0 ? "&" : "",
                              member->params[p].name, escaped);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The sensor property a SensorName names, so that an absent sensor may be NotImplemented. */
static gboolean
sensor_implemented (const ConfDevice *device,
                    const char       *name)
{
  g_autofree char *path = g_ascii_strdown (name, -1);

  return name[0] == '\0' || conf_error_of (device, GET, path, NULL) != CONF_NOT_IMPLEMENTED;
}

static void
check_valid_call (const ConfDevice *device,
                  const CriaMember *member,
                  const char       *params,
                  const char       *sensor)
{
  g_autofree char *path = cria_member_path (member);
  g_autoptr(ConfReply) reply = conf_call (device, GET, path, params);
  g_autofree char *why = NULL;
  gboolean may_be_missing;

  if (reply == NULL)
    return;

  may_be_missing = !conformance_is_mandatory (device->type, member->name)
                   && (sensor == NULL || !sensor_implemented (device, sensor));
  if (reply->error_number == 0)
    {
      if (!conf_value_has_type (reply->value, member->value_type, &why))
        conf_problem ("%s GET %s %s: Value is %s", device->label, member->name, params, why);
    }
  else if (reply->error_number != CONF_NOT_IMPLEMENTED || !may_be_missing)
    conf_problem ("%s GET %s %s: ErrorNumber 0x%" G_GINT64_MODIFIER "x (%s)", device->label,
                  member->name, params, reply->error_number,
                  json_object_get_string_member (reply->object, "ErrorMessage"));
}

static void
check_member_params (const ConfDevice *device,
                     const CriaMember *member)
{
  g_autofree char *path = cria_member_path (member);
  g_autofree char *full_path = g_strdup_printf ("%s/%s", device->path, path);
  GPtrArray *valid[4] = { NULL };
  guint n_valid = 0;
  guint p, k;

  ck_assert_uint_le (member->n_params, G_N_ELEMENTS (valid));
  for (p = 0; p < member->n_params; p++)
    {
      valid[p] = param_values (device, member, &member->params[p], TRUE);
      if (valid[p]->len == 0)
        {
          conf_problem ("%s: no valid values for %s(%s)", device->label, member->name,
                        member->params[p].name);
          goto out;
        }
      n_valid = MAX (n_valid, valid[p]->len);
    }

  /* Valid parameters: a value of the member's type. */
  for (k = 0; k < n_valid; k++)
    {
      g_autofree char *params = build_params (member, valid, k, G_MAXUINT, NULL);
      const char *sensor = NULL;

      for (p = 0; p < member->n_params; p++)
        if (g_str_equal (member->params[p].name, "SensorName"))
          sensor = g_ptr_array_index (valid[p], k % valid[p]->len);
      check_valid_call (device, member, params, sensor);
    }

  for (p = 0; p < member->n_params; p++)
    {
      g_autoptr(GPtrArray) invalid = param_values (device, member, &member->params[p], FALSE);
      g_autofree char *params = NULL;
      g_autofree char *what = NULL;
      g_autoptr(ConfReply) reply = NULL;

      /* Out of range: InvalidValue, not an HTTP error. */
      for (k = 0; k < invalid->len; k++)
        {
          gint64 error;

          g_free (params);
          params = build_params (member, valid, 0, p, g_ptr_array_index (invalid, k));
          error = conf_error_of (device, GET, path, params);
          if (error >= 0 && error != CONF_INVALID_VALUE)
            conf_problem ("%s GET %s %s: ErrorNumber 0x%" G_GINT64_MODIFIER "x instead of "
                          "InvalidValue (0x401)", device->label, member->name, params, error);
        }

      /* Missing: the request cannot be understood. */
      g_free (params);
      params = build_params (member, valid, 0, p, NULL);
      what = g_strdup_printf ("%s GET %s without %s", device->label, member->name,
                              member->params[p].name);
      reply = conf_request ("GET", full_path, params[0] != '\0' ? params : NULL, NULL);
      conf_check_bad_request (reply, what);
      g_clear_pointer (&reply, conf_reply_free);

      /* Malformed numbers likewise. */
      if (member->params[p].type == CRIA_VALUE_INT || member->params[p].type == CRIA_VALUE_DOUBLE)
        {
          g_free (params);
          params = build_params (member, valid, 0, p, "1,5");
          g_free (what);
          what = g_strdup_printf ("%s GET %s %s", device->label, member->name, params);
          reply = conf_request ("GET", full_path, params, NULL);
          conf_check_bad_request (reply, what);
        }
    }

out:
  for (p = 0; p < member->n_params; p++)
    g_clear_pointer (&valid[p], g_ptr_array_unref);
}

/* Cross-checks of the answers, as ConformU makes them. */
static void
check_param_semantics (const ConfDevice *device)
{
  guint i;

  if (device->type == CRIA_DEVICE_TELESCOPE)
    for (i = 0; i < 3; i++)
      {
        g_autofree char *params = g_strdup_printf ("Axis=%u", i);
        g_autoptr(ConfReply) rates = conf_call (device, GET, "axisrates", params);
        gboolean can_move = FALSE;

        if (rates == NULL || rates->error_number != 0
            || !conf_get_bool (device, "canmoveaxis", params, &can_move)
            || !JSON_NODE_HOLDS_ARRAY (rates->value))
          continue;
        if (can_move != (json_array_get_length (json_node_get_array (rates->value)) > 0))
          conf_problem ("%s: CanMoveAxis(%u) is %s but AxisRates(%u) has %u rates",
                        device->label, i, can_move ? "true" : "false", i,
                        json_array_get_length (json_node_get_array (rates->value)));
      }

  if (device->type == CRIA_DEVICE_FILTER_WHEEL)
    {
      g_autoptr(ConfReply) names = conf_call (device, GET, "names", NULL);
      g_autoptr(ConfReply) offsets = conf_call (device, GET, "focusoffsets", NULL);

      if (names != NULL && offsets != NULL && names->error_number == 0
          && offsets->error_number == 0 && JSON_NODE_HOLDS_ARRAY (names->value)
          && JSON_NODE_HOLDS_ARRAY (offsets->value)
          && (json_array_get_length (json_node_get_array (names->value)) == 0
              || json_array_get_length (json_node_get_array (names->value))
                 != json_array_get_length (json_node_get_array (offsets->value))))
        conf_problem ("%s: Names and FocusOffsets differ in length, or are empty",
                      device->label);
    }

  if (device->type == CRIA_DEVICE_FOCUSER)
    {
      gint64 max_step = 0, max_increment = 0, position = 0;

      if (conf_get_int (device, "maxstep", NULL, &max_step)
          && conf_get_int (device, "maxincrement", NULL, &max_increment)
          && conf_get_int (device, "position", NULL, &position)
          && (max_increment < 1 || max_increment > max_step || position < 0
              || position > max_step))
        conf_problem ("%s: MaxStep %" G_GINT64_FORMAT ", MaxIncrement %" G_GINT64_FORMAT
                      ", Position %" G_GINT64_FORMAT " are inconsistent", device->label,
                      max_step, max_increment, position);
    }

  if (device->type == CRIA_DEVICE_SWITCH)
    {
      gint64 max_switch = 0;

      conf_get_int (device, "maxswitch", NULL, &max_switch);
      for (i = 0; i < max_switch; i++)
        {
          g_autofree char *id = g_strdup_printf ("Id=%u", i);
          double min = 0, max = 0, step = 0, value = 0;

          if (!conf_get_double (device, "minswitchvalue", id, &min)
              || !conf_get_double (device, "maxswitchvalue", id, &max)
              || !conf_get_double (device, "switchstep", id, &step)
              || !conf_get_double (device, "getswitchvalue", id, &value))
            continue;
          if (!(min < max) || !(step > 0) || step > max - min + 1e-9)
            conf_problem ("%s switch %u: Min %g, Max %g, Step %g are inconsistent",
                          device->label, i, min, max, step);
          if (value < min - 1e-9 || value > max + 1e-9)
            conf_problem ("%s switch %u: value %g outside %g to %g", device->label, i, value,
                          min, max);
        }
    }
}

START_TEST (test_parameters)
{
  guint i;

  conformance_connect_all ();

  for (i = 0; i < conformance_devices->len; i++)
    {
      const ConfDevice *device = g_ptr_array_index (conformance_devices, i);
      const CriaMember *members;
      gsize n_members, j;

      members = cria_member_table (device->type, &n_members);
      for (j = 0; j < n_members; j++)
        if (members[j].method == GET && members[j].n_params > 0)
          check_member_params (device, &members[j]);
      check_param_semantics (device);
    }

  conf_check_problems ();
}
END_TEST

void
conformance_add_flag_tests (TCase *tcase)
{
  tcase_add_test (tcase, test_can_flags);
  tcase_add_test (tcase, test_invalid_values);
  tcase_add_test (tcase, test_parameters);
}
