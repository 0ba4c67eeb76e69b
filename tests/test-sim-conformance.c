/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sim-conformance"

/* What an independent conformance checker (such as ASCOM ConformU) looks at, run against
 * every device of the built-in simulator over plain HTTP: the management API, the Alpaca
 * envelope of every member, error numbers, protocol rules, Can* flags, DeviceState and
 * ImageBytes. The tests are driven by the member tables, so a member added to an interface
 * is checked without changes here. This part holds the management API, the states before
 * and after a connection, every GET member, and the protocol rules. */

#include <locale.h>
#include <string.h>

#include "test-sim-conformance.h"
#include "test-sim-util.h"

/* Connect() takes a simulated second: 50 ms at this speed. */
#define SPEED          20.0
/* Small frames keep the camera checks quick. */
#define CAMERA_WIDTH   320
#define CAMERA_HEIGHT  240

CriaSimServer *conformance_server;
GPtrArray *conformance_devices;

/* Members that ASCOM requires of an interface (answering NotImplemented is a failure);
 * DeviceState is required of every type. */
static const struct
{
  CriaDeviceType      type;
  const char * const *members;
} mandatory[] = {
  { CRIA_DEVICE_CAMERA, (const char * const[]) {
      "BinX", "BinY", "CameraState", "CameraXSize", "CameraYSize", "CanAbortExposure",
      "CanAsymmetricBin", "CanFastReadout", "CanGetCoolerPower", "CanPulseGuide",
      "CanSetCCDTemperature", "CanStopExposure", "ExposureMax", "ExposureMin",
      "ExposureResolution", "HasShutter", "ImageArray", "ImageReady", "MaxADU", "MaxBinX",
      "MaxBinY", "NumX", "NumY", "PixelSizeX", "PixelSizeY", "SensorType", "StartX",
      "StartY", NULL } },
  { CRIA_DEVICE_COVER_CALIBRATOR, (const char * const[]) {
      "CalibratorChanging", "CalibratorState", "CoverMoving", "CoverState", NULL } },
  { CRIA_DEVICE_DOME, (const char * const[]) {
      "CanFindHome", "CanPark", "CanSetAltitude", "CanSetAzimuth", "CanSetPark",
      "CanSetShutter", "CanSlave", "CanSyncAzimuth", "Slaved", "Slewing", NULL } },
  { CRIA_DEVICE_FILTER_WHEEL, (const char * const[]) {
      "FocusOffsets", "Names", "Position", NULL } },
  { CRIA_DEVICE_FOCUSER, (const char * const[]) {
      "Absolute", "IsMoving", "MaxIncrement", "MaxStep", "TempComp", "TempCompAvailable",
      NULL } },
  { CRIA_DEVICE_OBSERVING_CONDITIONS, (const char * const[]) { "AveragePeriod", NULL } },
  { CRIA_DEVICE_ROTATOR, (const char * const[]) {
      "CanReverse", "IsMoving", "MechanicalPosition", "Position", "TargetPosition", NULL } },
  { CRIA_DEVICE_SAFETY_MONITOR, (const char * const[]) { "IsSafe", NULL } },
  { CRIA_DEVICE_SWITCH, (const char * const[]) {
      "CanAsync", "CanWrite", "GetSwitch", "GetSwitchDescription", "GetSwitchName",
      "GetSwitchValue", "MaxSwitch", "MaxSwitchValue", "MinSwitchValue", "SwitchStep",
      NULL } },
  { CRIA_DEVICE_TELESCOPE, (const char * const[]) {
      "AtHome", "AtPark", "AxisRates", "CanFindHome", "CanMoveAxis", "CanPark",
      "CanPulseGuide", "CanSetDeclinationRate", "CanSetGuideRates", "CanSetPark",
      "CanSetPierSide", "CanSetRightAscensionRate", "CanSetTracking", "CanSlew",
      "CanSlewAltAz", "CanSlewAltAzAsync", "CanSlewAsync", "CanSync", "CanSyncAltAz",
      "CanUnpark", "Declination", "DeclinationRate", "RightAscension", "RightAscensionRate",
      "SiderealTime", "Slewing", "Tracking", "TrackingRate", "TrackingRates", "UTCDate",
      NULL } },
};

/* Errors an idle, freshly connected device may legitimately answer. */
static const struct
{
  CriaDeviceType  type;
  const char     *member;
  gint64          error;
} idle_errors[] = {
  /* No image yet, and no exposure running. */
  { CRIA_DEVICE_CAMERA, "ImageArray", CONF_INVALID_OPERATION },
  { CRIA_DEVICE_CAMERA, "PercentCompleted", CONF_INVALID_OPERATION },
  { CRIA_DEVICE_CAMERA, "LastExposureDuration", CONF_VALUE_NOT_SET },
  { CRIA_DEVICE_CAMERA, "LastExposureStartTime", CONF_VALUE_NOT_SET },
  /* Targets that nobody has set. */
  { CRIA_DEVICE_TELESCOPE, "TargetDeclination", CONF_VALUE_NOT_SET },
  { CRIA_DEVICE_TELESCOPE, "TargetRightAscension", CONF_VALUE_NOT_SET },
};

/* The Alpaca definition requires this deprecated member to answer NotImplemented. */
static const struct
{
  CriaDeviceType  type;
  const char     *member;
} never_implemented[] = {
  { CRIA_DEVICE_CAMERA, "ImageArrayVariant" },
};

/* Operational members that an interface answers while disconnected. */
static const struct
{
  CriaDeviceType  type;
  const char     *member;
  gboolean        value;
} disconnected_answers[] = {
  /* A monitor that is not connected vouches for nothing. */
  { CRIA_DEVICE_SAFETY_MONITOR, "IsSafe", FALSE },
};

gboolean
conformance_is_common (const char *member)
{
  static const char * const common[] = {
    "Action", "CommandBlind", "CommandBool", "CommandString", "Connect", "Connected",
    "Connecting", "Description", "Disconnect", "DriverInfo", "DriverVersion",
    "InterfaceVersion", "Name", "SupportedActions",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (common); i++)
    if (g_str_equal (member, common[i]))
      return TRUE;
  return FALSE;
}

gboolean
conformance_is_mandatory (CriaDeviceType  type,
                          const char     *member)
{
  guint i, j;

  if (g_str_equal (member, "DeviceState"))
    return TRUE;

  for (i = 0; i < G_N_ELEMENTS (mandatory); i++)
    if (mandatory[i].type == type)
      for (j = 0; mandatory[i].members[j] != NULL; j++)
        if (g_str_equal (member, mandatory[i].members[j]))
          return TRUE;
  return FALSE;
}

static gboolean
is_never_implemented (CriaDeviceType  type,
                      const char     *member)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (never_implemented); i++)
    if (never_implemented[i].type == type && g_str_equal (member, never_implemented[i].member))
      return TRUE;
  return FALSE;
}

static gboolean
is_idle_error (CriaDeviceType  type,
               const char     *member,
               gint64          error)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (idle_errors); i++)
    if (idle_errors[i].type == type && g_str_equal (member, idle_errors[i].member)
        && idle_errors[i].error == error)
      return TRUE;
  return FALSE;
}

const ConfDevice *
conformance_find_device (CriaDeviceType type)
{
  guint i;

  for (i = 0; i < conformance_devices->len; i++)
    {
      const ConfDevice *device = g_ptr_array_index (conformance_devices, i);

      if (device->type == type)
        return device;
    }

  ck_abort_msg ("The simulator has no %s", cria_device_type_to_string (type));
  return NULL;
}

void
conformance_connect_all (void)
{
  guint i;

  for (i = 0; i < conformance_devices->len; i++)
    {
      const ConfDevice *device = g_ptr_array_index (conformance_devices, i);

      if (!conf_connect (device))
        conf_check_problems ();
    }
}

/* ---- fixture ---- */

static void
setup (void)
{
  CriaSimOptions options = {
    .camera_width = CAMERA_WIDTH,
    .camera_height = CAMERA_HEIGHT,
    .speed = SPEED,
  };

  conformance_server = sim_start (&options, "cria-conformance-XXXXXX");
  ck_assert (g_str_has_prefix (sim_base_url (), "http://127.0.0.1:"));

  conf_init (sim_base_url ());
  conformance_devices = conf_list_devices ();
  conf_check_problems ();
  ck_assert_uint_gt (conformance_devices->len, 0);
}

static void
teardown (void)
{
  g_clear_pointer (&conformance_devices, g_ptr_array_unref);
  conf_shutdown ();
  conformance_server = NULL;
  sim_stop ();
}

/* ---- 1. management API ---- */

static ConfReply *
management (const char *path)
{
  guint32 ctid = conf_next_ctid ();
  g_autofree char *params = g_strdup_printf ("ClientID=1&ClientTransactionID=%u", ctid);
  g_autoptr(ConfReply) reply = conf_request ("GET", path, params, NULL);

  if (!conf_check_envelope (reply, ctid, path))
    return NULL;
  if (reply->error_number != 0)
    conf_problem ("%s: ErrorNumber %" G_GINT64_FORMAT, path, reply->error_number);
  return g_steal_pointer (&reply);
}

START_TEST (test_management)
{
  g_autoptr(ConfReply) versions = management ("/management/apiversions");
  g_autoptr(ConfReply) description = management ("/management/v1/description");
  g_autoptr(ConfReply) configured = management ("/management/v1/configureddevices");
  g_autoptr(GHashTable) unique_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean seen[CRIA_N_DEVICE_TYPES] = { FALSE };
  static const char * const description_keys[] = {
    "ServerName", "Manufacturer", "ManufacturerVersion", "Location",
  };
  JsonArray *array;
  guint i;

  conf_check_problems ();

  /* apiversions: exactly [1]. */
  if (versions->value == NULL || !JSON_NODE_HOLDS_ARRAY (versions->value)
      || json_array_get_length (json_node_get_array (versions->value)) != 1
      || json_node_get_value_type (json_array_get_element (json_node_get_array (versions->value),
                                                           0)) != G_TYPE_INT64
      || json_array_get_int_element (json_node_get_array (versions->value), 0) != 1)
    conf_problem ("apiversions: Value is not [1]: %s", versions->text);

  /* description: an object of strings, with the four fields of the management API. */
  if (description->value == NULL || !JSON_NODE_HOLDS_OBJECT (description->value))
    conf_problem ("description: Value is not an object");
  else
    {
      JsonObject *object = json_node_get_object (description->value);
      g_autoptr(GList) names = json_object_get_members (object);
      GList *l;

      for (i = 0; i < G_N_ELEMENTS (description_keys); i++)
        if (!json_object_has_member (object, description_keys[i]))
          conf_problem ("description: no %s", description_keys[i]);
      for (l = names; l != NULL; l = l->next)
        {
          JsonNode *node = json_object_get_member (object, l->data);

          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
            conf_problem ("description: %s is not a string", (const char *) l->data);
        }
    }

  /* configureddevices: conf_list_devices() checked DeviceType and DeviceNumber. */
  if (configured->value == NULL || !JSON_NODE_HOLDS_ARRAY (configured->value))
    ck_abort_msg ("configureddevices: Value is not an array");
  array = json_node_get_array (configured->value);
  ck_assert_uint_eq (json_array_get_length (array), conformance_devices->len);
  for (i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);
      const ConfDevice *device = g_ptr_array_index (conformance_devices, i);
      JsonNode *name = json_object_get_member (entry, "DeviceName");
      JsonNode *uid = json_object_get_member (entry, "UniqueID");
      g_autofree char *key = g_strdup_printf ("%d/%u", device->type, device->number);

      if (name == NULL || !JSON_NODE_HOLDS_VALUE (name)
          || json_node_get_value_type (name) != G_TYPE_STRING
          || json_node_get_string (name)[0] == '\0')
        conf_problem ("configureddevices: %s has no DeviceName string", device->label);
      if (uid == NULL || !JSON_NODE_HOLDS_VALUE (uid)
          || json_node_get_value_type (uid) != G_TYPE_STRING
          || json_node_get_string (uid)[0] == '\0')
        conf_problem ("configureddevices: %s has no UniqueID string", device->label);
      else if (!g_hash_table_add (unique_ids, (gpointer) json_node_get_string (uid)))
        conf_problem ("configureddevices: UniqueID %s is used twice", json_node_get_string (uid));
      if (!g_hash_table_add (numbers, g_steal_pointer (&key)))
        conf_problem ("configureddevices: %s is listed twice", device->label);
      seen[device->type] = TRUE;
    }

  for (i = 0; i < CRIA_N_DEVICE_TYPES; i++)
    if (!seen[i])
      conf_problem ("configureddevices: no %s", cria_device_type_to_string (i));

  /* Device numbers start at 0 for each type. */
  for (i = 0; i < conformance_devices->len; i++)
    {
      const ConfDevice *device = g_ptr_array_index (conformance_devices, i);
      g_autofree char *first = g_strdup_printf ("%d/0", device->type);

      if (!g_hash_table_contains (numbers, first))
        conf_problem ("configureddevices: %s, but no device number 0 of its type",
                      device->label);
    }

  conf_check_problems ();
}
END_TEST

/* ---- 2. before connecting ---- */

static void
check_typed (const ConfDevice *device,
             const char       *member,
             CriaValueType     type)
{
  g_autoptr(ConfReply) reply = conf_call (device, CRIA_HTTP_GET, member, NULL);
  g_autofree char *why = NULL;

  if (reply == NULL)
    return;
  if (reply->error_number != 0)
    conf_problem ("%s GET %s: ErrorNumber 0x%" G_GINT64_MODIFIER "x", device->label, member,
                  reply->error_number);
  else if (!conf_value_has_type (reply->value, type, &why))
    conf_problem ("%s GET %s: Value is %s", device->label, member, why);
}

static gboolean
answers_disconnected (CriaDeviceType  type,
                      const char     *member,
                      gboolean       *value)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (disconnected_answers); i++)
    if (disconnected_answers[i].type == type
        && g_str_equal (member, disconnected_answers[i].member))
      {
        *value = disconnected_answers[i].value;
        return TRUE;
      }
  return FALSE;
}

/* Every operational GET member without parameters answers NotConnected. */
static void
check_not_connected (const ConfDevice *device)
{
  const CriaMember *members;
  gsize n_members, i;

  members = cria_member_table (device->type, &n_members);
  for (i = 0; i < n_members; i++)
    {
      const CriaMember *member = &members[i];
      g_autofree char *path = NULL;
      gboolean expected, value;

      if (member->method != CRIA_HTTP_GET || member->n_params > 0
          || conformance_is_common (member->name))
        continue;

      path = cria_member_path (member);
      if (answers_disconnected (device->type, member->name, &expected))
        {
          if (!conf_get_bool (device, path, NULL, &value) || value != expected)
            conf_problem ("%s GET %s: not %s while disconnected", device->label, member->name,
                          expected ? "true" : "false");
          continue;
        }

      {
        gint64 error = conf_error_of (device, CRIA_HTTP_GET, path, NULL);

        if (error >= 0 && error != CONF_NOT_CONNECTED)
          conf_problem ("%s GET %s while disconnected: ErrorNumber 0x%" G_GINT64_MODIFIER
                        "x instead of 0x407", device->label, member->name, error);
      }
    }
}

START_TEST (test_before_connect)
{
  guint i;

  for (i = 0; i < conformance_devices->len; i++)
    {
      const ConfDevice *device = g_ptr_array_index (conformance_devices, i);
      gboolean connected = TRUE, connecting = TRUE;
      gint64 version = 0;

      if (!conf_get_bool (device, "connected", NULL, &connected) || connected)
        conf_problem ("%s: Connected is not false before connecting", device->label);
      if (!conf_get_bool (device, "connecting", NULL, &connecting) || connecting)
        conf_problem ("%s: Connecting is not false before connecting", device->label);

      check_typed (device, "name", CRIA_VALUE_STRING);
      check_typed (device, "description", CRIA_VALUE_STRING);
      check_typed (device, "driverinfo", CRIA_VALUE_STRING);
      check_typed (device, "driverversion", CRIA_VALUE_STRING);
      check_typed (device, "supportedactions", CRIA_VALUE_STRING_LIST);
      if (!conf_get_int (device, "interfaceversion", NULL, &version) || version < 1)
        conf_problem ("%s: InterfaceVersion is not a positive integer", device->label);
      else if (version != cria_device_type_platform7_version (device->type))
        conf_problem ("%s: InterfaceVersion %" G_GINT64_FORMAT " instead of %u", device->label,
                      version, cria_device_type_platform7_version (device->type));

      check_not_connected (device);
    }

  conf_check_problems ();
}
END_TEST

/* ---- 3. every GET member without parameters ---- */

static void
check_get_members (const ConfDevice *device,
                   GString          *not_implemented)
{
  const CriaMember *members;
  gsize n_members, i;
  guint n_missing = 0;

  members = cria_member_table (device->type, &n_members);
  for (i = 0; i < n_members; i++)
    {
      const CriaMember *member = &members[i];
      g_autofree char *path = NULL;
      g_autofree char *why = NULL;
      g_autoptr(ConfReply) reply = NULL;
      gint64 error;

      if (member->method != CRIA_HTTP_GET || member->n_params > 0)
        continue;

      path = cria_member_path (member);
      reply = conf_call (device, CRIA_HTTP_GET, path, NULL);
      if (reply == NULL)
        continue;
      error = reply->error_number;

      if (is_never_implemented (device->type, member->name))
        {
          if (error != CONF_NOT_IMPLEMENTED)
            conf_problem ("%s GET %s: ErrorNumber 0x%" G_GINT64_MODIFIER "x; the Alpaca "
                          "definition requires NotImplemented (0x400)", device->label,
                          member->name, error);
          continue;
        }

      if (error == 0)
        {
          if (!conf_value_has_type (reply->value, member->value_type, &why))
            conf_problem ("%s GET %s: Value is %s (expected %s)", device->label, member->name,
                          why, cria_value_type_to_string (member->value_type));
        }
      else if (error == CONF_NOT_IMPLEMENTED)
        {
          if (conformance_is_mandatory (device->type, member->name))
            conf_problem ("%s GET %s: NotImplemented, but the interface requires it",
                          device->label, member->name);
          g_string_append_printf (not_implemented, "%s%s", n_missing++ == 0 ? "" : ", ",
                                  member->name);
        }
      else if (!is_idle_error (device->type, member->name, error))
        {
          conf_problem ("%s GET %s: ErrorNumber 0x%" G_GINT64_MODIFIER "x (%s) on an idle, "
                        "connected device", device->label, member->name, error,
                        json_object_get_string_member (reply->object, "ErrorMessage"));
        }
    }

  if (n_missing == 0)
    g_string_append (not_implemented, "(none)");
}

START_TEST (test_get_members)
{
  g_autoptr(GString) table = g_string_new ("GET members that answer NotImplemented (0x400):");
  guint i;

  conformance_connect_all ();

  for (i = 0; i < conformance_devices->len; i++)
    {
      const ConfDevice *device = g_ptr_array_index (conformance_devices, i);

      g_string_append_printf (table, "\n  %-22s ", device->label);
      check_get_members (device, table);
    }

  /* For a person reviewing the log: each of these should be a deliberate choice. */
  g_message ("%s", table->str);
  conf_check_problems ();
}
END_TEST

/* ---- 6. protocol rules ---- */

static void
expect_bad_request (const char *method,
                    const char *path,
                    const char *params,
                    const char *why)
{
  g_autoptr(ConfReply) reply = conf_request (method, path, params, NULL);
  g_autofree char *what = g_strdup_printf ("%s %s (%s)", method, path, why);

  conf_check_bad_request (reply, what);
}

/* A ClientTransactionID that is not an unsigned 32-bit number counts as absent: 0. */
static void
expect_ctid (const ConfDevice *device,
             const char       *sent,
             guint32           echoed)
{
  g_autofree char *path = g_strdup_printf ("%s/name", device->path);
  g_autofree char *params = g_strdup_printf ("ClientTransactionID=%s", sent);
  g_autofree char *what = g_strdup_printf ("%s GET name ClientTransactionID=%s", device->label,
                                           sent);
  g_autoptr(ConfReply) reply = conf_request ("GET", path, params, NULL);

  conf_check_envelope (reply, echoed, what);
}

/* A PUT without its parameters, or with one that does not parse, cannot be carried out. */
static void
check_put_params (const ConfDevice *device)
{
  const CriaMember *members;
  gsize n_members, i;

  members = cria_member_table (device->type, &n_members);
  for (i = 0; i < n_members; i++)
    {
      const CriaMember *member = &members[i];
      g_autofree char *lower = NULL;
      g_autofree char *path = NULL;
      g_autofree char *form = NULL;
      const char *bad;

      if (member->method != CRIA_HTTP_PUT || member->n_params == 0)
        continue;

      lower = cria_member_path (member);
      path = g_strdup_printf ("%s/%s", device->path, lower);
      expect_bad_request ("PUT", path, "ClientTransactionID=3", "no parameters");

      if (member->n_params != 1)
        continue;
      switch (member->params[0].type)
        {
        case CRIA_VALUE_BOOL:
          bad = "yes";
          break;
        case CRIA_VALUE_INT:
          bad = "1.5";
          break;
        case CRIA_VALUE_DOUBLE:
          /* A decimal comma is a malformed number on the wire. */
          bad = "1,5";
          break;
        default:
          continue;
        }
      form = g_strdup_printf ("%s=%s&ClientTransactionID=4", member->params[0].name, bad);
      expect_bad_request ("PUT", path, form, "malformed parameter");
    }
}

static void
check_protocol (const ConfDevice *device)
{
  const char *type_path = cria_device_type_to_path (device->type);
  const char *type_name = cria_device_type_to_string (device->type);
  guint32 ctid = conf_next_ctid ();
  g_autofree char *name_path = g_strdup_printf ("%s/name", device->path);
  g_autofree char *query = g_strdup_printf ("clientid=5&clienttransactionid=%u", ctid);
  g_autofree char *what = g_strdup_printf ("%s: lowercase query keys", device->label);
  g_autofree char *path = NULL;
  g_autofree char *form = NULL;
  g_autoptr(ConfReply) reply = NULL;
  gboolean connected = FALSE;

  /* Query keys in any casing. */
  reply = conf_request ("GET", name_path, query, NULL);
  conf_check_envelope (reply, ctid, what);
  g_clear_pointer (&reply, conf_reply_free);

  ctid = conf_next_ctid ();
  g_free (query);
  query = g_strdup_printf ("CLIENTID=5&cLiEnTtRaNsAcTiOnId=%u", ctid);
  reply = conf_request ("GET", name_path, query, NULL);
  conf_check_envelope (reply, ctid, what);
  g_clear_pointer (&reply, conf_reply_free);

  /* Parameters nobody asked for are ignored. */
  ctid = conf_next_ctid ();
  g_free (query);
  query = g_strdup_printf ("ClientTransactionID=%u&ExtraParameter=ExtraValue", ctid);
  reply = conf_request ("GET", name_path, query, NULL);
  g_free (what);
  what = g_strdup_printf ("%s: GET with an extra parameter", device->label);
  if (conf_check_envelope (reply, ctid, what) && reply->error_number != 0)
    conf_problem ("%s: ErrorNumber 0x%" G_GINT64_MODIFIER "x", what, reply->error_number);
  g_clear_pointer (&reply, conf_reply_free);

  /* Form keys in any casing: a connected device stays connected. */
  ctid = conf_next_ctid ();
  path = g_strdup_printf ("%s/connected", device->path);
  form = g_strdup_printf ("cOnNeCtEd=true&clientid=5&CLIENTTRANSACTIONID=%u&Extra=1", ctid);
  reply = conf_request ("PUT", path, form, NULL);
  g_free (what);
  what = g_strdup_printf ("%s: PUT connected with odd casing", device->label);
  if (conf_check_envelope (reply, ctid, what) && reply->error_number != 0)
    conf_problem ("%s: ErrorNumber 0x%" G_GINT64_MODIFIER "x", what, reply->error_number);
  if (!conf_get_bool (device, "connected", NULL, &connected) || !connected)
    conf_problem ("%s: not connected after PUT cOnNeCtEd=true", device->label);
  g_clear_pointer (&reply, conf_reply_free);

  /* Path elements are lowercase only. */
  g_free (path);
  path = g_strdup_printf ("%s/Name", device->path);
  expect_bad_request ("GET", path, NULL, "member in mixed case");
  g_free (path);
  path = g_strdup_printf ("/api/v1/%s/%u/name", type_name, device->number);
  expect_bad_request ("GET", path, NULL, "device type in mixed case");
  g_free (path);
  path = g_strdup_printf ("/API/V1/%s/%u/name", type_path, device->number);
  expect_bad_request ("GET", path, NULL, "api in uppercase");

  /* The wrong verb, an unknown member, device or API version. */
  expect_bad_request ("PUT", name_path, "Name=x", "PUT to a GET-only member");
  g_free (path);
  path = g_strdup_printf ("%s/connect", device->path);
  expect_bad_request ("GET", path, NULL, "GET of a PUT-only member");
  g_free (path);
  path = g_strdup_printf ("%s/nosuchmember", device->path);
  expect_bad_request ("GET", path, NULL, "unknown member");
  g_free (path);
  path = g_strdup_printf ("/api/v1/%s/99/name", type_path);
  expect_bad_request ("GET", path, NULL, "device number 99");
  g_free (path);
  path = g_strdup_printf ("/api/v2/%s/%u/name", type_path, device->number);
  expect_bad_request ("GET", path, NULL, "API version 2");
  g_free (path);
  path = g_strdup_printf ("/api/v1/%s/-1/name", type_path);
  expect_bad_request ("GET", path, NULL, "negative device number");
  g_free (path);
  path = g_strdup_printf ("/api/v1/%.*s/%u/name", (int) strlen (type_path) - 1, type_path,
                          device->number);
  expect_bad_request ("GET", path, NULL, "misspelt device type");
  g_free (path);
  path = g_strdup_printf ("/apii/v1/%s/%u/name", type_path, device->number);
  expect_bad_request ("GET", path, NULL, "misspelt api");

  check_put_params (device);

  /* ClientTransactionID must be an unsigned 32-bit integer, else it reads as 0. */
  expect_ctid (device, "abc", 0);
  expect_ctid (device, "-5", 0);
  expect_ctid (device, "4294967296", 0);
  expect_ctid (device, "1.5", 0);
  expect_ctid (device, "", 0);
  expect_ctid (device, "4294967295", G_MAXUINT32);
}

START_TEST (test_protocol)
{
  guint i;

  conformance_connect_all ();
  for (i = 0; i < conformance_devices->len; i++)
    check_protocol (g_ptr_array_index (conformance_devices, i));

  /* Without any ClientTransactionID the reply carries 0. */
  {
    const ConfDevice *device = g_ptr_array_index (conformance_devices, 0);
    g_autofree char *path = g_strdup_printf ("%s/name", device->path);
    g_autoptr(ConfReply) reply = conf_request ("GET", path, NULL, NULL);

    conf_check_envelope (reply, 0, "GET name without IDs");
  }

  conf_check_problems ();
}
END_TEST

/* ---- 7. disconnecting ---- */

START_TEST (test_disconnect)
{
  guint i;

  conformance_connect_all ();

  for (i = 0; i < conformance_devices->len; i++)
    {
      const ConfDevice *device = g_ptr_array_index (conformance_devices, i);
      gboolean connected = TRUE;

      if (!conf_disconnect (device))
        continue;
      check_not_connected (device);

      /* The Connected setter still works both ways, synchronously. */
      if (conf_put_ok (device, "connected", "Connected=true")
          && (!conf_get_bool (device, "connected", NULL, &connected) || !connected))
        conf_problem ("%s: Connected=true did not connect", device->label);
      if (conf_put_ok (device, "connected", "Connected=false")
          && (!conf_get_bool (device, "connected", NULL, &connected) || connected))
        conf_problem ("%s: Connected=false did not disconnect", device->label);
    }

  conf_check_problems ();
}
END_TEST

static Suite *
conformance_suite (void)
{
  Suite *suite = suite_create ("sim-conformance");
  TCase *tcase = tcase_create ("conformance");

  tcase_add_checked_fixture (tcase, setup, teardown);
  tcase_set_timeout (tcase, 60);
  tcase_add_test (tcase, test_management);
  tcase_add_test (tcase, test_before_connect);
  tcase_add_test (tcase, test_get_members);
  tcase_add_test (tcase, test_protocol);
  tcase_add_test (tcase, test_disconnect);
  conformance_add_flag_tests (tcase);
  conformance_add_state_tests (tcase);
  suite_add_tcase (suite, tcase);

  return suite;
}

int
main (void)
{
  /* Numbers on the wire must not follow the locale. */
  setlocale (LC_ALL, "");
  return sim_run_suite (conformance_suite ());
}
