/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-panel-layout"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cria-member-names.h"
#include "cria-panel-layout.h"

static CriaSectionKind
classify (CriaDeviceType  type,
          const char     *name,
          CriaHttpMethod  method)
{
  const CriaMember *member = cria_member_lookup (type, name, method);

  ck_assert_msg (member != NULL, "no member %s", name);
  return cria_panel_layout_classify (type, member);
}

START_TEST (test_classify)
{
  CriaDeviceType t = CRIA_DEVICE_TELESCOPE;

  ck_assert_int_eq (classify (t, "RightAscension", CRIA_HTTP_GET), CRIA_SECTION_STATUS);
  ck_assert_int_eq (classify (t, "Slewing", CRIA_HTTP_GET), CRIA_SECTION_STATUS);
  ck_assert_int_eq (classify (t, "Tracking", CRIA_HTTP_GET), CRIA_SECTION_SETTINGS);
  ck_assert_int_eq (classify (t, "Tracking", CRIA_HTTP_PUT), CRIA_SECTION_NONE);
  ck_assert_int_eq (classify (t, "TargetRightAscension", CRIA_HTTP_GET), CRIA_SECTION_SETTINGS);
  ck_assert_int_eq (classify (t, "CanPark", CRIA_HTTP_GET), CRIA_SECTION_CAPABILITIES);
  ck_assert_int_eq (classify (t, "Park", CRIA_HTTP_PUT), CRIA_SECTION_ACTIONS);
  ck_assert_int_eq (classify (t, "SlewToCoordinatesAsync", CRIA_HTTP_PUT), CRIA_SECTION_ACTIONS);
  ck_assert_int_eq (classify (t, "AxisRates", CRIA_HTTP_GET), CRIA_SECTION_QUERIES);
  ck_assert_int_eq (classify (t, "CanMoveAxis", CRIA_HTTP_GET), CRIA_SECTION_QUERIES);
  ck_assert_int_eq (classify (t, "Description", CRIA_HTTP_GET), CRIA_SECTION_INFORMATION);
  ck_assert_int_eq (classify (t, "TrackingRates", CRIA_HTTP_GET), CRIA_SECTION_HARDWARE);
  ck_assert_int_eq (classify (t, "Connected", CRIA_HTTP_GET), CRIA_SECTION_NONE);
  ck_assert_int_eq (classify (t, "Connect", CRIA_HTTP_PUT), CRIA_SECTION_NONE);
  ck_assert_int_eq (classify (t, "DeviceState", CRIA_HTTP_GET), CRIA_SECTION_NONE);
  ck_assert_int_eq (classify (t, "Action", CRIA_HTTP_PUT), CRIA_SECTION_NONE);

  ck_assert_int_eq (classify (CRIA_DEVICE_CAMERA, "ImageArray", CRIA_HTTP_GET), CRIA_SECTION_NONE);
  ck_assert_int_eq (classify (CRIA_DEVICE_CAMERA, "CCDTemperature", CRIA_HTTP_GET),
                    CRIA_SECTION_STATUS);
  ck_assert_int_eq (classify (CRIA_DEVICE_CAMERA, "Gain", CRIA_HTTP_GET), CRIA_SECTION_SETTINGS);
  ck_assert_int_eq (classify (CRIA_DEVICE_CAMERA, "StartExposure", CRIA_HTTP_PUT),
                    CRIA_SECTION_ACTIONS);
  ck_assert_int_eq (classify (CRIA_DEVICE_CAMERA, "HasShutter", CRIA_HTTP_GET),
                    CRIA_SECTION_CAPABILITIES);
  ck_assert_int_eq (classify (CRIA_DEVICE_FOCUSER, "Position", CRIA_HTTP_GET),
                    CRIA_SECTION_STATUS);
  ck_assert_int_eq (classify (CRIA_DEVICE_FOCUSER, "TempCompAvailable", CRIA_HTTP_GET),
                    CRIA_SECTION_CAPABILITIES);
  ck_assert_int_eq (classify (CRIA_DEVICE_FILTER_WHEEL, "Position", CRIA_HTTP_GET),
                    CRIA_SECTION_SETTINGS);
  ck_assert_int_eq (classify (CRIA_DEVICE_SWITCH, "GetSwitch", CRIA_HTTP_GET),
                    CRIA_SECTION_QUERIES);
  ck_assert_int_eq (classify (CRIA_DEVICE_SWITCH, "SetSwitch", CRIA_HTTP_PUT),
                    CRIA_SECTION_ACTIONS);
}
END_TEST

START_TEST (test_capabilities)
{
  static const struct
  {
    CriaDeviceType  type;
    const char     *member;
    const char     *capability;
  } cases[] = {
    { CRIA_DEVICE_TELESCOPE, "Park", "CanPark" },
    { CRIA_DEVICE_TELESCOPE, "Unpark", "CanUnpark" },
    { CRIA_DEVICE_TELESCOPE, "FindHome", "CanFindHome" },
    { CRIA_DEVICE_TELESCOPE, "PulseGuide", "CanPulseGuide" },
    { CRIA_DEVICE_TELESCOPE, "SlewToCoordinatesAsync", "CanSlewAsync" },
    { CRIA_DEVICE_TELESCOPE, "SlewToTargetAsync", "CanSlewAsync" },
    { CRIA_DEVICE_TELESCOPE, "SlewToAltAzAsync", "CanSlewAltAzAsync" },
    { CRIA_DEVICE_TELESCOPE, "SyncToTarget", "CanSync" },
    { CRIA_DEVICE_TELESCOPE, "SyncToAltAz", "CanSyncAltAz" },
    { CRIA_DEVICE_TELESCOPE, "Tracking", "CanSetTracking" },
    { CRIA_DEVICE_TELESCOPE, "GuideRateDeclination", "CanSetGuideRates" },
    { CRIA_DEVICE_TELESCOPE, "SideOfPier", "CanSetPierSide" },
    { CRIA_DEVICE_TELESCOPE, "RightAscension", NULL },
    { CRIA_DEVICE_DOME, "OpenShutter", "CanSetShutter" },
    { CRIA_DEVICE_DOME, "SlewToAzimuth", "CanSetAzimuth" },
    { CRIA_DEVICE_DOME, "Slaved", "CanSlave" },
    { CRIA_DEVICE_DOME, "Park", "CanPark" },
    { CRIA_DEVICE_CAMERA, "AbortExposure", "CanAbortExposure" },
    { CRIA_DEVICE_CAMERA, "SetCCDTemperature", "CanSetCCDTemperature" },
    { CRIA_DEVICE_CAMERA, "FastReadout", "CanFastReadout" },
    { CRIA_DEVICE_FOCUSER, "TempComp", "TempCompAvailable" },
    { CRIA_DEVICE_ROTATOR, "Reverse", "CanReverse" },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    ck_assert_msg (g_strcmp0 (cria_panel_layout_capability (cases[i].type, cases[i].member),
                              cases[i].capability) == 0,
                   "%s: %s", cases[i].member,
                   cria_panel_layout_capability (cases[i].type, cases[i].member));
}
END_TEST

START_TEST (test_ranges_and_choices)
{
  CriaValueRange range;

  ck_assert (cria_panel_layout_range (CRIA_DEVICE_CAMERA, "Gain", NULL, &range));
  ck_assert_str_eq (range.min_member, "GainMin");
  ck_assert_str_eq (range.max_member, "GainMax");
  ck_assert (cria_panel_layout_range (CRIA_DEVICE_CAMERA, "BinX", "BinX", &range));
  ck_assert_str_eq (range.max_member, "MaxBinX");
  ck_assert (range.min == 1);
  ck_assert (cria_panel_layout_range (CRIA_DEVICE_FOCUSER, "Move", "Position", &range));
  ck_assert_str_eq (range.max_member, "MaxStep");
  ck_assert (cria_panel_layout_range (CRIA_DEVICE_SWITCH, "GetSwitch", "Id", &range));
  ck_assert_str_eq (range.max_member, "MaxSwitch");
  ck_assert (range.max_adjust == -1);
  ck_assert (cria_panel_layout_range (CRIA_DEVICE_CAMERA, "SetCCDTemperature", NULL, &range));
  ck_assert (range.min == -100 && range.max == 100);
  ck_assert (!cria_panel_layout_range (CRIA_DEVICE_TELESCOPE, "Tracking", NULL, &range));

  ck_assert_str_eq (cria_panel_layout_choices (CRIA_DEVICE_TELESCOPE, "TrackingRate",
                                               "TrackingRate"), "TrackingRates");
  ck_assert (cria_panel_layout_choices_are_values (CRIA_DEVICE_TELESCOPE, "TrackingRate"));
  ck_assert_str_eq (cria_panel_layout_choices (CRIA_DEVICE_CAMERA, "ReadoutMode", NULL),
                    "ReadoutModes");
  ck_assert (!cria_panel_layout_choices_are_values (CRIA_DEVICE_CAMERA, "ReadoutMode"));
  ck_assert_str_eq (cria_panel_layout_choices (CRIA_DEVICE_FILTER_WHEEL, "Position", NULL),
                    "Names");
  ck_assert_ptr_null (cria_panel_layout_choices (CRIA_DEVICE_FOCUSER, "Move", "Position"));
}
END_TEST

static gboolean
is_compound (const char *name)
{
  gsize i;

  for (i = 1; name[i] != '\0'; i++)
    if (g_ascii_isupper (name[i]))
      return TRUE;
  return FALSE;
}

/* Every type: each member lands in one section, capabilities exist, titles are known. */
START_TEST (test_every_type)
{
  CriaDeviceType type = _i;
  const CriaMember *table;
  gsize n, i, shown = 0;
  CriaSectionKind kind;

  table = cria_member_table (type, &n);
  for (i = 0; i < n; i++)
    {
      const char *capability = cria_panel_layout_capability (type, table[i].name);
      guint p;

      kind = cria_panel_layout_classify (type, &table[i]);
      if (kind == CRIA_SECTION_NONE)
        continue;
      shown++;

      if (capability != NULL)
        ck_assert_msg (cria_member_lookup (type, capability, CRIA_HTTP_GET) != NULL,
                       "%s: %s has no member", table[i].name, capability);

      /* The names table knows every compound name the panel shows. */
      ck_assert_msg (!is_compound (table[i].name)
                     || strcmp (cria_member_title (table[i].name), table[i].name) != 0,
                     "no title for %s", table[i].name);
      for (p = 0; p < table[i].n_params; p++)
        ck_assert_msg (!is_compound (table[i].params[p].name)
                       || strcmp (cria_member_title (table[i].params[p].name),
                                  table[i].params[p].name) != 0,
                       "no title for %s", table[i].params[p].name);
    }
  ck_assert_uint_gt (shown, 3);

  for (kind = CRIA_SECTION_INFORMATION; kind <= CRIA_SECTION_QUERIES; kind++)
    {
      g_autofree const char **members = cria_panel_layout_members (type, kind);

      for (i = 0; members[i] != NULL; i++)
        ck_assert_msg (cria_member_lookup (type, members[i],
                                           kind == CRIA_SECTION_ACTIONS ? CRIA_HTTP_PUT
                                                                        : CRIA_HTTP_GET) != NULL,
                       "%s in section %d", members[i], kind);
    }
}
END_TEST

START_TEST (test_titles)
{
  ck_assert_str_eq (cria_member_title ("SlewToCoordinatesAsync"), "Slew to Coordinates Async");
  ck_assert_str_eq (cria_member_title ("CCDTemperature"), "CCD Temperature");
  ck_assert_str_eq (cria_member_title ("SlewToAltAz"), "Slew to Alt/Az");
  ck_assert_str_eq (cria_member_title ("Id"), "ID");
  ck_assert_str_eq (cria_member_title ("NoSuchMember"), "NoSuchMember");
  ck_assert_str_eq (cria_member_unit (CRIA_DEVICE_TELESCOPE, NULL, "SiteElevation"), "m");
  ck_assert_str_eq (cria_member_unit (CRIA_DEVICE_FOCUSER, NULL, "StepSize"), "µm");
  ck_assert_str_eq (cria_member_unit (CRIA_DEVICE_ROTATOR, NULL, "StepSize"), "°");
  ck_assert_str_eq (cria_member_unit (CRIA_DEVICE_TELESCOPE, "PulseGuide", "Duration"), "ms");
  ck_assert_ptr_null (cria_member_unit (CRIA_DEVICE_CAMERA, "StartExposure", "Duration"));
}
END_TEST

static Suite *
layout_suite (void)
{
  Suite *suite = suite_create ("panel-layout");
  TCase *tcase = tcase_create ("layout");

  tcase_add_test (tcase, test_classify);
  tcase_add_test (tcase, test_capabilities);
  tcase_add_test (tcase, test_ranges_and_choices);
  tcase_add_loop_test (tcase, test_every_type, 0, CRIA_N_DEVICE_TYPES);
  tcase_add_test (tcase, test_titles);
  suite_add_tcase (suite, tcase);

  return suite;
}

int
main (void)
{
  SRunner *runner = srunner_create (layout_suite ());
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);

  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
