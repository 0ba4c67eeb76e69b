/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-members"

#include <check.h>
#include <glib.h>

#include "cria-member.h"

static const CriaMember *
must_lookup (CriaDeviceType  type,
             const char     *name,
             CriaHttpMethod  method)
{
  const CriaMember *member = cria_member_lookup (type, name, method);

  ck_assert_msg (member != NULL, "%s has no %s %s",
                 cria_device_type_to_string (type),
                 method == CRIA_HTTP_GET ? "GET" : "PUT", name);
  return member;
}

static void
assert_param (const CriaMember *member,
              guint             index,
              const char       *name,
              CriaValueType     type,
              CriaValueFormat   format)
{
  ck_assert_uint_gt (member->n_params, index);
  ck_assert_str_eq (member->params[index].name, name);
  ck_assert_int_eq (member->params[index].type, type);
  ck_assert_int_eq (member->params[index].format, format);
}

START_TEST (test_tables_not_empty)
{
  CriaDeviceType type;

  for (type = 0; type < CRIA_N_DEVICE_TYPES; type++)
    {
      gsize n_members = 0;
      const CriaMember *members = cria_member_table (type, &n_members);

      ck_assert_ptr_nonnull (members);
      /* The common members alone are 16. */
      ck_assert_uint_gt (n_members, 16);
      ck_assert_ptr_eq (cria_member_table (type, NULL), members);
    }
}
END_TEST

START_TEST (test_common_members)
{
  CriaDeviceType type;

  for (type = 0; type < CRIA_N_DEVICE_TYPES; type++)
    {
      guint platform7 = cria_device_type_platform7_version (type);
      const CriaMember *member;

      ck_assert_uint_gt (platform7, 1);

      member = must_lookup (type, "Connected", CRIA_HTTP_GET);
      ck_assert_int_eq (member->value_type, CRIA_VALUE_BOOL);
      ck_assert_uint_eq (member->since_version, 1);

      member = must_lookup (type, "Connected", CRIA_HTTP_PUT);
      ck_assert_int_eq (member->value_type, CRIA_VALUE_NONE);
      ck_assert_uint_eq (member->n_params, 1);
      assert_param (member, 0, "Connected", CRIA_VALUE_BOOL, CRIA_FORMAT_PLAIN);

      member = must_lookup (type, "Connect", CRIA_HTTP_PUT);
      ck_assert_uint_eq (member->since_version, platform7);
      ck_assert_uint_eq (member->n_params, 0);
      ck_assert_ptr_null (member->params);

      member = must_lookup (type, "Disconnect", CRIA_HTTP_PUT);
      ck_assert_uint_eq (member->since_version, platform7);

      member = must_lookup (type, "Connecting", CRIA_HTTP_GET);
      ck_assert_uint_eq (member->since_version, platform7);
      ck_assert_int_eq (member->value_type, CRIA_VALUE_BOOL);

      member = must_lookup (type, "DeviceState", CRIA_HTTP_GET);
      ck_assert_uint_eq (member->since_version, platform7);
      ck_assert_int_eq (member->value_type, CRIA_VALUE_DEVICE_STATE);
      ck_assert_str_eq (member->name, "DeviceState");

      member = must_lookup (type, "InterfaceVersion", CRIA_HTTP_GET);
      ck_assert_str_eq (member->name, "InterfaceVersion");
      ck_assert_int_eq (member->value_type, CRIA_VALUE_INT);

      member = must_lookup (type, "SupportedActions", CRIA_HTTP_GET);
      ck_assert_int_eq (member->value_type, CRIA_VALUE_STRING_LIST);

      member = must_lookup (type, "Action", CRIA_HTTP_PUT);
      ck_assert_int_eq (member->value_type, CRIA_VALUE_STRING);
      assert_param (member, 0, "Action", CRIA_VALUE_STRING, CRIA_FORMAT_PLAIN);
      assert_param (member, 1, "Parameters", CRIA_VALUE_STRING, CRIA_FORMAT_PLAIN);

      /* Connect only exists as a method. */
      ck_assert_ptr_null (cria_member_lookup (type, "Connect", CRIA_HTTP_GET));
    }
}
END_TEST

START_TEST (test_telescope)
{
  const CriaMember *member;

  member = must_lookup (CRIA_DEVICE_TELESCOPE, "SlewToCoordinatesAsync", CRIA_HTTP_PUT);
  ck_assert_str_eq (member->name, "SlewToCoordinatesAsync");
  ck_assert_int_eq (member->value_type, CRIA_VALUE_NONE);
  ck_assert_uint_eq (member->n_params, 2);
  assert_param (member, 0, "RightAscension", CRIA_VALUE_DOUBLE, CRIA_FORMAT_HOURS);
  assert_param (member, 1, "Declination", CRIA_VALUE_DOUBLE, CRIA_FORMAT_DEGREES);

  member = must_lookup (CRIA_DEVICE_TELESCOPE, "MoveAxis", CRIA_HTTP_PUT);
  ck_assert_uint_eq (member->n_params, 2);
  assert_param (member, 0, "Axis", CRIA_VALUE_INT, CRIA_FORMAT_TELESCOPE_AXIS);
  assert_param (member, 1, "Rate", CRIA_VALUE_DOUBLE, CRIA_FORMAT_PLAIN);

  member = must_lookup (CRIA_DEVICE_TELESCOPE, "AxisRates", CRIA_HTTP_GET);
  ck_assert_int_eq (member->value_type, CRIA_VALUE_AXIS_RATES);
  ck_assert_uint_eq (member->n_params, 1);
  assert_param (member, 0, "Axis", CRIA_VALUE_INT, CRIA_FORMAT_TELESCOPE_AXIS);

  member = must_lookup (CRIA_DEVICE_TELESCOPE, "CanSetRightAscensionRate", CRIA_HTTP_GET);
  ck_assert_str_eq (member->name, "CanSetRightAscensionRate");
  ck_assert_int_eq (member->value_type, CRIA_VALUE_BOOL);

  member = must_lookup (CRIA_DEVICE_TELESCOPE, "RightAscension", CRIA_HTTP_GET);
  ck_assert_int_eq (member->value_type, CRIA_VALUE_DOUBLE);
  ck_assert_int_eq (member->format, CRIA_FORMAT_HOURS);

  member = must_lookup (CRIA_DEVICE_TELESCOPE, "SiderealTime", CRIA_HTTP_GET);
  ck_assert_int_eq (member->format, CRIA_FORMAT_HOURS);

  member = must_lookup (CRIA_DEVICE_TELESCOPE, "Declination", CRIA_HTTP_GET);
  ck_assert_int_eq (member->format, CRIA_FORMAT_DEGREES);

  member = must_lookup (CRIA_DEVICE_TELESCOPE, "Azimuth", CRIA_HTTP_GET);
  ck_assert_int_eq (member->format, CRIA_FORMAT_AZIMUTH);

  member = must_lookup (CRIA_DEVICE_TELESCOPE, "UTCDate", CRIA_HTTP_GET);
  ck_assert_str_eq (member->name, "UTCDate");
  ck_assert_int_eq (member->value_type, CRIA_VALUE_STRING);
  ck_assert_int_eq (member->format, CRIA_FORMAT_DATE_TIME);

  member = must_lookup (CRIA_DEVICE_TELESCOPE, "TrackingRates", CRIA_HTTP_GET);
  ck_assert_int_eq (member->value_type, CRIA_VALUE_INT_LIST);
  ck_assert_int_eq (member->format, CRIA_FORMAT_DRIVE_RATE);

  member = must_lookup (CRIA_DEVICE_TELESCOPE, "TrackingRate", CRIA_HTTP_PUT);
  assert_param (member, 0, "TrackingRate", CRIA_VALUE_INT, CRIA_FORMAT_DRIVE_RATE);

  member = must_lookup (CRIA_DEVICE_TELESCOPE, "PulseGuide", CRIA_HTTP_PUT);
  assert_param (member, 0, "Direction", CRIA_VALUE_INT, CRIA_FORMAT_GUIDE_DIRECTION);
  /* Milliseconds, not seconds. */
  assert_param (member, 1, "Duration", CRIA_VALUE_INT, CRIA_FORMAT_PLAIN);

  member = must_lookup (CRIA_DEVICE_TELESCOPE, "SideOfPier", CRIA_HTTP_GET);
  ck_assert_int_eq (member->format, CRIA_FORMAT_PIER_SIDE);

  member = must_lookup (CRIA_DEVICE_TELESCOPE, "DestinationSideOfPier", CRIA_HTTP_GET);
  ck_assert_int_eq (member->value_type, CRIA_VALUE_INT);
  ck_assert_int_eq (member->format, CRIA_FORMAT_DESTINATION_SIDE_OF_PIER);
  ck_assert_uint_eq (member->n_params, 2);
  assert_param (member, 0, "RightAscension", CRIA_VALUE_DOUBLE, CRIA_FORMAT_HOURS);
  assert_param (member, 1, "Declination", CRIA_VALUE_DOUBLE, CRIA_FORMAT_DEGREES);

  member = must_lookup (CRIA_DEVICE_TELESCOPE, "AlignmentMode", CRIA_HTTP_GET);
  ck_assert_int_eq (member->format, CRIA_FORMAT_ALIGNMENT_MODE);

  member = must_lookup (CRIA_DEVICE_TELESCOPE, "EquatorialSystem", CRIA_HTTP_GET);
  ck_assert_int_eq (member->format, CRIA_FORMAT_EQUATORIAL_SYSTEM);
}
END_TEST

START_TEST (test_camera)
{
  const CriaMember *member;

  member = must_lookup (CRIA_DEVICE_CAMERA, "StartExposure", CRIA_HTTP_PUT);
  ck_assert_uint_eq (member->n_params, 2);
  assert_param (member, 0, "Duration", CRIA_VALUE_DOUBLE, CRIA_FORMAT_SECONDS);
  assert_param (member, 1, "Light", CRIA_VALUE_BOOL, CRIA_FORMAT_PLAIN);

  member = must_lookup (CRIA_DEVICE_CAMERA, "ImageArray", CRIA_HTTP_GET);
  ck_assert_str_eq (member->name, "ImageArray");
  ck_assert_int_eq (member->value_type, CRIA_VALUE_IMAGE);
  ck_assert_ptr_null (cria_member_lookup (CRIA_DEVICE_CAMERA, "ImageArray", CRIA_HTTP_PUT));

  member = must_lookup (CRIA_DEVICE_CAMERA, "ImageArrayVariant", CRIA_HTTP_GET);
  ck_assert_int_eq (member->value_type, CRIA_VALUE_IMAGE);

  member = must_lookup (CRIA_DEVICE_CAMERA, "CameraState", CRIA_HTTP_GET);
  ck_assert_int_eq (member->value_type, CRIA_VALUE_INT);
  ck_assert_int_eq (member->format, CRIA_FORMAT_CAMERA_STATE);

  member = must_lookup (CRIA_DEVICE_CAMERA, "SensorType", CRIA_HTTP_GET);
  ck_assert_int_eq (member->format, CRIA_FORMAT_SENSOR_TYPE);

  member = must_lookup (CRIA_DEVICE_CAMERA, "CCDTemperature", CRIA_HTTP_GET);
  ck_assert_str_eq (member->name, "CCDTemperature");
  ck_assert_int_eq (member->format, CRIA_FORMAT_CELSIUS);

  member = must_lookup (CRIA_DEVICE_CAMERA, "SetCCDTemperature", CRIA_HTTP_PUT);
  assert_param (member, 0, "SetCCDTemperature", CRIA_VALUE_DOUBLE, CRIA_FORMAT_CELSIUS);

  member = must_lookup (CRIA_DEVICE_CAMERA, "CoolerPower", CRIA_HTTP_GET);
  ck_assert_int_eq (member->format, CRIA_FORMAT_PERCENT);

  member = must_lookup (CRIA_DEVICE_CAMERA, "PercentCompleted", CRIA_HTTP_GET);
  ck_assert_int_eq (member->value_type, CRIA_VALUE_INT);
  ck_assert_int_eq (member->format, CRIA_FORMAT_PERCENT);

  member = must_lookup (CRIA_DEVICE_CAMERA, "LastExposureStartTime", CRIA_HTTP_GET);
  ck_assert_int_eq (member->value_type, CRIA_VALUE_STRING);
  ck_assert_int_eq (member->format, CRIA_FORMAT_DATE_TIME);

  member = must_lookup (CRIA_DEVICE_CAMERA, "SubExposureDuration", CRIA_HTTP_GET);
  ck_assert_uint_eq (member->since_version, 3);
  ck_assert_int_eq (member->format, CRIA_FORMAT_SECONDS);

  member = must_lookup (CRIA_DEVICE_CAMERA, "BinX", CRIA_HTTP_PUT);
  assert_param (member, 0, "BinX", CRIA_VALUE_INT, CRIA_FORMAT_PLAIN);

  member = must_lookup (CRIA_DEVICE_CAMERA, "Gains", CRIA_HTTP_GET);
  ck_assert_int_eq (member->value_type, CRIA_VALUE_STRING_LIST);
}
END_TEST

START_TEST (test_other_types)
{
  const CriaMember *member;

  member = must_lookup (CRIA_DEVICE_SWITCH, "SetSwitchValue", CRIA_HTTP_PUT);
  ck_assert_uint_eq (member->n_params, 2);
  assert_param (member, 0, "Id", CRIA_VALUE_INT, CRIA_FORMAT_PLAIN);
  assert_param (member, 1, "Value", CRIA_VALUE_DOUBLE, CRIA_FORMAT_PLAIN);

  member = must_lookup (CRIA_DEVICE_SWITCH, "SetAsync", CRIA_HTTP_PUT);
  ck_assert_uint_eq (member->since_version, 3);
  assert_param (member, 1, "State", CRIA_VALUE_BOOL, CRIA_FORMAT_PLAIN);

  member = must_lookup (CRIA_DEVICE_SWITCH, "GetSwitchValue", CRIA_HTTP_GET);
  ck_assert_uint_eq (member->since_version, 1);
  ck_assert_int_eq (member->value_type, CRIA_VALUE_DOUBLE);
  assert_param (member, 0, "Id", CRIA_VALUE_INT, CRIA_FORMAT_PLAIN);

  member = must_lookup (CRIA_DEVICE_COVER_CALIBRATOR, "CoverMoving", CRIA_HTTP_GET);
  ck_assert_uint_eq (member->since_version, 2);
  ck_assert_int_eq (member->value_type, CRIA_VALUE_BOOL);

  member = must_lookup (CRIA_DEVICE_COVER_CALIBRATOR, "CoverState", CRIA_HTTP_GET);
  ck_assert_int_eq (member->format, CRIA_FORMAT_COVER_STATUS);

  member = must_lookup (CRIA_DEVICE_COVER_CALIBRATOR, "CalibratorState", CRIA_HTTP_GET);
  ck_assert_int_eq (member->format, CRIA_FORMAT_CALIBRATOR_STATUS);

  member = must_lookup (CRIA_DEVICE_FILTER_WHEEL, "Names", CRIA_HTTP_GET);
  ck_assert_int_eq (member->value_type, CRIA_VALUE_STRING_LIST);

  member = must_lookup (CRIA_DEVICE_FILTER_WHEEL, "FocusOffsets", CRIA_HTTP_GET);
  ck_assert_int_eq (member->value_type, CRIA_VALUE_INT_LIST);

  member = must_lookup (CRIA_DEVICE_FOCUSER, "Move", CRIA_HTTP_PUT);
  ck_assert_uint_eq (member->n_params, 1);
  assert_param (member, 0, "Position", CRIA_VALUE_INT, CRIA_FORMAT_PLAIN);

  member = must_lookup (CRIA_DEVICE_ROTATOR, "MoveAbsolute", CRIA_HTTP_PUT);
  assert_param (member, 0, "Position", CRIA_VALUE_DOUBLE, CRIA_FORMAT_AZIMUTH);

  member = must_lookup (CRIA_DEVICE_DOME, "ShutterStatus", CRIA_HTTP_GET);
  ck_assert_int_eq (member->format, CRIA_FORMAT_SHUTTER_STATE);

  member = must_lookup (CRIA_DEVICE_OBSERVING_CONDITIONS, "Humidity", CRIA_HTTP_GET);
  ck_assert_int_eq (member->format, CRIA_FORMAT_PERCENT);

  member = must_lookup (CRIA_DEVICE_OBSERVING_CONDITIONS, "StarFWHM", CRIA_HTTP_GET);
  ck_assert_str_eq (member->name, "StarFWHM");

  member = must_lookup (CRIA_DEVICE_SAFETY_MONITOR, "IsSafe", CRIA_HTTP_GET);
  ck_assert_int_eq (member->value_type, CRIA_VALUE_BOOL);

  /* Members stay with their own type. */
  ck_assert_ptr_null (cria_member_lookup (CRIA_DEVICE_FOCUSER, "SlewToCoordinates",
                                          CRIA_HTTP_PUT));
  ck_assert_ptr_null (cria_member_lookup (CRIA_DEVICE_SAFETY_MONITOR, "ImageArray",
                                          CRIA_HTTP_GET));
}
END_TEST

START_TEST (test_lookup_case)
{
  const CriaMember *member;
  const CriaParamSpec *param;

  member = cria_member_lookup (CRIA_DEVICE_TELESCOPE, "rightascension", CRIA_HTTP_GET);
  ck_assert_ptr_nonnull (member);
  ck_assert_str_eq (member->name, "RightAscension");

  member = cria_member_lookup (CRIA_DEVICE_CAMERA, "IMAGEARRAY", CRIA_HTTP_GET);
  ck_assert_ptr_nonnull (member);
  ck_assert_str_eq (member->name, "ImageArray");

  ck_assert_ptr_null (cria_member_lookup (CRIA_DEVICE_TELESCOPE, "NoSuchMember", CRIA_HTTP_GET));
  ck_assert_ptr_null (cria_member_lookup (CRIA_DEVICE_TELESCOPE, "", CRIA_HTTP_PUT));
  ck_assert_ptr_null (cria_member_lookup (CRIA_DEVICE_TELESCOPE, NULL, CRIA_HTTP_GET));
  ck_assert_ptr_null (cria_member_lookup (CRIA_DEVICE_TELESCOPE, "RightAscensio", CRIA_HTTP_GET));

  member = must_lookup (CRIA_DEVICE_TELESCOPE, "SlewToCoordinates", CRIA_HTTP_PUT);
  param = cria_member_find_param (member, "rightascension");
  ck_assert_ptr_nonnull (param);
  ck_assert_str_eq (param->name, "RightAscension");
  param = cria_member_find_param (member, "DECLINATION");
  ck_assert_ptr_nonnull (param);
  ck_assert_str_eq (param->name, "Declination");
  ck_assert_ptr_null (cria_member_find_param (member, "ClientID"));
  ck_assert_ptr_null (cria_member_find_param (member, "Azimuth"));
  ck_assert_ptr_null (cria_member_find_param (member, NULL));

  member = must_lookup (CRIA_DEVICE_TELESCOPE, "Park", CRIA_HTTP_PUT);
  ck_assert_ptr_null (cria_member_find_param (member, "RightAscension"));
}
END_TEST

static gboolean
is_lower_segment (const char *text)
{
  if (*text == '\0')
    return FALSE;

  for (; *text != '\0'; text++)
    {
      if (!g_ascii_islower (*text) && !g_ascii_isdigit (*text))
        return FALSE;
    }

  return TRUE;
}

START_TEST (test_tables_well_formed)
{
  CriaDeviceType type;

  for (type = 0; type < CRIA_N_DEVICE_TYPES; type++)
    {
      gsize n_members, i;
      const CriaMember *members = cria_member_table (type, &n_members);

      for (i = 0; i < n_members; i++)
        {
          const CriaMember *member = &members[i];
          g_autofree char *path = cria_member_path (member);
          g_autofree char *lower = g_ascii_strdown (member->name, -1);
          guint p;

          /* CamelCase from the definition, never the lowercase path. */
          ck_assert_msg (g_ascii_isupper (member->name[0]), "%s is not CamelCase", member->name);
          ck_assert_str_eq (path, lower);
          ck_assert_msg (is_lower_segment (path), "bad path %s", path);
          ck_assert_uint_ge (member->since_version, 1);
          ck_assert_uint_le (member->since_version,
                             cria_device_type_platform7_version (type));
          ck_assert_ptr_eq (cria_member_lookup (type, member->name, member->method), member);
          ck_assert_ptr_eq (cria_member_lookup (type, path, member->method), member);

          if (member->method == CRIA_HTTP_GET)
            ck_assert_int_ne (member->value_type, CRIA_VALUE_NONE);

          ck_assert_int_eq (member->n_params == 0, member->params == NULL);
          for (p = 0; p < member->n_params; p++)
            {
              const char *name = member->params[p].name;

              ck_assert_msg (g_ascii_isupper (name[0]), "param %s", name);
              ck_assert_str_ne (name, "ClientID");
              ck_assert_str_ne (name, "ClientTransactionID");
              ck_assert_int_ne (member->params[p].type, CRIA_VALUE_NONE);
              ck_assert_ptr_eq (cria_member_find_param (member, name), &member->params[p]);
            }

          /* Sorted by name without case, GET before PUT, and no pair twice. */
          if (i > 0)
            {
              const CriaMember *prev = &members[i - 1];
              int cmp = g_ascii_strcasecmp (prev->name, member->name);

              ck_assert_msg (cmp < 0 || (cmp == 0 && prev->method < member->method),
                             "%s: %s/%d not before %s/%d", cria_device_type_to_string (type),
                             prev->name, prev->method, member->name, member->method);
              if (cmp == 0)
                ck_assert_str_eq (prev->name, member->name);
            }

          /* A property setter takes the property's own name as its parameter. */
          if (member->method == CRIA_HTTP_PUT
              && cria_member_lookup (type, member->name, CRIA_HTTP_GET) != NULL)
            {
              const CriaMember *getter = cria_member_lookup (type, member->name, CRIA_HTTP_GET);
              const CriaParamSpec *param = cria_member_find_param (member, member->name);

              ck_assert_msg (param != NULL, "setter %s lacks its parameter", member->name);
              ck_assert_str_eq (param->name, member->name);
              ck_assert_int_eq (param->type, getter->value_type);
              ck_assert_int_eq (param->format, getter->format);
            }
        }
    }
}
END_TEST

START_TEST (test_value_type_names)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  CriaValueType type;

  for (type = CRIA_VALUE_NONE; type <= CRIA_VALUE_OBJECT_LIST; type++)
    {
      const char *name = cria_value_type_to_string (type);

      ck_assert_ptr_nonnull (name);
      ck_assert_str_ne (name, "unknown");
      ck_assert_msg (g_hash_table_add (seen, (gpointer) name), "%s twice", name);
    }
  ck_assert_str_eq (cria_value_type_to_string (CRIA_VALUE_AXIS_RATES), "axis-rates");
}
END_TEST

static Suite *
members_suite (void)
{
  Suite *s = suite_create ("members");
  TCase *tc = tcase_create ("tables");

  tcase_add_test (tc, test_tables_not_empty);
  tcase_add_test (tc, test_common_members);
  tcase_add_test (tc, test_telescope);
  tcase_add_test (tc, test_camera);
  tcase_add_test (tc, test_other_types);
  tcase_add_test (tc, test_lookup_case);
  tcase_add_test (tc, test_tables_well_formed);
  tcase_add_test (tc, test_value_type_names);
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  SRunner *runner = srunner_create (members_suite ());
  int n_failed;

  srunner_run_all (runner, CK_NORMAL);
  n_failed = srunner_ntests_failed (runner);
  srunner_free (runner);

  return n_failed == 0 ? 0 : 1;
}
