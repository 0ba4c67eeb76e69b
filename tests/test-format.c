/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-format"

#include <check.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>

#include "cria-format.h"

#define ck_assert_str_eq_free(expr, expected) \
  G_STMT_START { \
    g_autofree char *_text = (expr); \
    ck_assert_str_eq (_text, (expected)); \
  } G_STMT_END

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  ck_assert_msg (node != NULL, "bad test JSON %s: %s", text, error ? error->message : "");
  return node;
}

/* Formatting. */

START_TEST (test_hours)
{
  ck_assert_str_eq_free (cria_format_hours (0), "00:00:00.0");
  ck_assert_str_eq_free (cria_format_hours (12.5 + 15.5 / 3600), "12:30:15.5");
  ck_assert_str_eq_free (cria_format_hours (23 + 59.0 / 60 + 59.94 / 3600), "23:59:59.9");
  /* Rounds up to the next day, never to 24:00:00.0. */
  ck_assert_str_eq_free (cria_format_hours (23 + 59.0 / 60 + 59.96 / 3600), "00:00:00.0");
  ck_assert_str_eq_free (cria_format_hours (24), "00:00:00.0");
  ck_assert_str_eq_free (cria_format_hours (-1), "23:00:00.0");
  ck_assert_str_eq_free (cria_format_hours (NAN), "—");
}
END_TEST

START_TEST (test_degrees)
{
  ck_assert_str_eq_free (cria_format_degrees (0), "+00°00′00″");
  ck_assert_str_eq_free (cria_format_degrees (-(20 + 30.0 / 60 + 15.0 / 3600)), "-20°30′15″");
  /* A southern declination just below the equator keeps its sign. */
  ck_assert_str_eq_free (cria_format_degrees (-30.0 / 3600), "-00°00′30″");
  ck_assert_str_eq_free (cria_format_degrees (-0.0001 / 3600), "+00°00′00″");
  ck_assert_str_eq_free (cria_format_degrees (90), "+90°00′00″");
  ck_assert_str_eq_free (cria_format_degrees (-90), "-90°00′00″");
  ck_assert_str_eq_free (cria_format_degrees (89.999999), "+90°00′00″");
  ck_assert_str_eq_free (cria_format_degrees (59.0 / 60 + 59.6 / 3600), "+01°00′00″");
  ck_assert_str_eq_free (cria_format_degrees (-123.25), "-123°15′00″");
}
END_TEST

START_TEST (test_azimuth)
{
  ck_assert_str_eq_free (cria_format_azimuth (0), "000°00′00″");
  ck_assert_str_eq_free (cria_format_azimuth (123.5), "123°30′00″");
  ck_assert_str_eq_free (cria_format_azimuth (359.99999), "000°00′00″");
  ck_assert_str_eq_free (cria_format_azimuth (-90), "270°00′00″");
  ck_assert_str_eq_free (cria_format_azimuth (720.5), "000°30′00″");
}
END_TEST

START_TEST (test_units)
{
  ck_assert_str_eq_free (cria_format_celsius (12.34), "12.3 °C");
  ck_assert_str_eq_free (cria_format_celsius (-10), "-10.0 °C");
  ck_assert_str_eq_free (cria_format_celsius (-0.04), "0.0 °C");
  ck_assert_str_eq_free (cria_format_percent (45), "45 %");
  ck_assert_str_eq_free (cria_format_percent (12.54), "12.5 %");
  ck_assert_str_eq_free (cria_format_seconds (0.001), "0.001 s");
  ck_assert_str_eq_free (cria_format_seconds (0.000001), "0.000001 s");
  ck_assert_str_eq_free (cria_format_seconds (12.5), "12.5 s");
  ck_assert_str_eq_free (cria_format_seconds (0), "0 s");
  ck_assert_str_eq_free (cria_format_seconds (60), "1 min");
  ck_assert_str_eq_free (cria_format_seconds (125), "2 min 5 s");
  ck_assert_str_eq_free (cria_format_seconds (125.5), "2 min 5.5 s");
  ck_assert_str_eq_free (cria_format_seconds (3725), "1 h 2 min 5 s");
  ck_assert_str_eq_free (cria_format_seconds (3605), "1 h 5 s");
  ck_assert_str_eq_free (cria_format_number (1000, 6), "1000");
  ck_assert_str_eq_free (cria_format_number (0.5, 6), "0.5");
  ck_assert_str_eq_free (cria_format_number (-0.0000001, 3), "0");
  ck_assert_str_eq_free (cria_format_number (1234567.25, 2), "1234567.25");
  ck_assert_str_eq (cria_format_bool (TRUE), "Yes");
  ck_assert_str_eq (cria_format_bool (FALSE), "No");
}
END_TEST

START_TEST (test_date_time)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GTimeZone) plus_one = g_time_zone_new_offset (3600);
  g_autofree char *shifted = NULL;

  ck_assert_str_eq_free (cria_format_date_time ("2024-03-04T17:45:31.1234567Z", utc),
                         "2024-03-04 17:45:31 UTC");
  /* The FITS form of LastExposureStartTime has no zone and is UTC. */
  ck_assert_str_eq_free (cria_format_date_time ("2024-03-04T17:45:31.123", utc),
                         "2024-03-04 17:45:31 UTC");
  shifted = cria_format_date_time ("2024-03-04T23:45:31Z", plus_one);
  ck_assert_ptr_nonnull (shifted);
  ck_assert_msg (g_str_has_prefix (shifted, "2024-03-05 00:45:31"), "got %s", shifted);

  ck_assert_ptr_null (cria_format_date_time ("yesterday", utc));
  ck_assert_ptr_null (cria_format_date_time ("", utc));
  ck_assert_ptr_null (cria_format_date_time (NULL, utc));
}
END_TEST

START_TEST (test_enums)
{
  ck_assert_str_eq (cria_format_enum_name (CRIA_FORMAT_CAMERA_STATE, 0), "Idle");
  ck_assert_str_eq (cria_format_enum_name (CRIA_FORMAT_CAMERA_STATE, 4), "Download");
  ck_assert_str_eq (cria_format_enum_name (CRIA_FORMAT_CAMERA_STATE, 5), "Error");
  ck_assert_ptr_null (cria_format_enum_name (CRIA_FORMAT_CAMERA_STATE, 6));
  ck_assert_str_eq (cria_format_enum_name (CRIA_FORMAT_SENSOR_TYPE, 2), "RGGB");
  ck_assert_str_eq (cria_format_enum_name (CRIA_FORMAT_SHUTTER_STATE, 1), "Closed");
  ck_assert_str_eq (cria_format_enum_name (CRIA_FORMAT_PIER_SIDE, -1), "Unknown");
  ck_assert_str_eq (cria_format_enum_name (CRIA_FORMAT_PIER_SIDE, 1), "West");
  ck_assert_str_eq (cria_format_enum_name (CRIA_FORMAT_DESTINATION_SIDE_OF_PIER, 0), "East");
  ck_assert_str_eq (cria_format_enum_name (CRIA_FORMAT_ALIGNMENT_MODE, 2), "German Polar");
  ck_assert_str_eq (cria_format_enum_name (CRIA_FORMAT_EQUATORIAL_SYSTEM, 2), "J2000");
  ck_assert_str_eq (cria_format_enum_name (CRIA_FORMAT_DRIVE_RATE, 3), "King");
  ck_assert_str_eq (cria_format_enum_name (CRIA_FORMAT_CALIBRATOR_STATUS, 3), "Ready");
  ck_assert_str_eq (cria_format_enum_name (CRIA_FORMAT_COVER_STATUS, 2), "Moving");
  ck_assert_str_eq (cria_format_enum_name (CRIA_FORMAT_TELESCOPE_AXIS, 2), "Tertiary");
  ck_assert_str_eq (cria_format_enum_name (CRIA_FORMAT_GUIDE_DIRECTION, 3), "West");
  ck_assert_ptr_null (cria_format_enum_name (CRIA_FORMAT_PLAIN, 0));

  ck_assert_uint_eq (cria_format_enum_count (CRIA_FORMAT_GUIDE_DIRECTION), 4);
  ck_assert_int_eq (cria_format_enum_nth_value (CRIA_FORMAT_PIER_SIDE, 2), -1);
  ck_assert_uint_eq (cria_format_enum_count (CRIA_FORMAT_CELSIUS), 0);
  ck_assert (cria_format_is_enum (CRIA_FORMAT_COVER_STATUS));
  ck_assert (!cria_format_is_enum (CRIA_FORMAT_HOURS));
}
END_TEST

START_TEST (test_values)
{
  static const struct
  {
    const char      *json;
    CriaValueType    type;
    CriaValueFormat  format;
    const char      *expected;
  } cases[] = {
    { "true", CRIA_VALUE_BOOL, CRIA_FORMAT_PLAIN, "Yes" },
    { "1", CRIA_VALUE_BOOL, CRIA_FORMAT_PLAIN, "Invalid value" },
    { "2", CRIA_VALUE_INT, CRIA_FORMAT_CAMERA_STATE, "Exposing" },
    { "9", CRIA_VALUE_INT, CRIA_FORMAT_CAMERA_STATE, "Unknown (9)" },
    { "12.5", CRIA_VALUE_DOUBLE, CRIA_FORMAT_HOURS, "12:30:00.0" },
    { "-5", CRIA_VALUE_DOUBLE, CRIA_FORMAT_CELSIUS, "-5.0 °C" },
    { "4096", CRIA_VALUE_INT, CRIA_FORMAT_PLAIN, "4096" },
    { "\"text\"", CRIA_VALUE_DOUBLE, CRIA_FORMAT_PLAIN, "Invalid value" },
    { "null", CRIA_VALUE_DOUBLE, CRIA_FORMAT_PLAIN, "No value" },
    { "[\"L\", \"R\", \"G\"]", CRIA_VALUE_STRING_LIST, CRIA_FORMAT_PLAIN, "L, R, G" },
    { "[]", CRIA_VALUE_STRING_LIST, CRIA_FORMAT_PLAIN, "None" },
    { "[\"L\", 1]", CRIA_VALUE_STRING_LIST, CRIA_FORMAT_PLAIN, "Invalid value" },
    { "[0, 1]", CRIA_VALUE_INT_LIST, CRIA_FORMAT_DRIVE_RATE, "Sidereal, Lunar" },
    { "[{\"Minimum\": 0, \"Maximum\": 4.5}]", CRIA_VALUE_AXIS_RATES, CRIA_FORMAT_PLAIN,
      "0–4.5 °/s" },
    { "[{\"Minimum\": 0}]", CRIA_VALUE_AXIS_RATES, CRIA_FORMAT_PLAIN, "Invalid value" },
    { "{\"a\": 1}", CRIA_VALUE_INT, CRIA_FORMAT_PLAIN, "Invalid value" },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = parse_json (cases[i].json);
      g_autofree char *text = cria_format_value (node, cases[i].type, cases[i].format);

      ck_assert_msg (g_strcmp0 (text, cases[i].expected) == 0, "%s formats as “%s”, not “%s”",
                     cases[i].json, text, cases[i].expected);
    }

  ck_assert_str_eq_free (cria_format_value (NULL, CRIA_VALUE_NONE, CRIA_FORMAT_PLAIN), "Done");
}
END_TEST

/* Parsing. */

static double
parse_ok (gboolean (*parse) (const char *, double *, GError **),
          const char *text)
{
  g_autoptr(GError) error = NULL;
  double value = NAN;

  ck_assert_msg (parse (text, &value, &error), "“%s” did not parse: %s", text,
                 error != NULL ? error->message : "no error");
  ck_assert_ptr_null (error);
  return value;
}

static void
parse_refused (gboolean (*parse) (const char *, double *, GError **),
               const char *text)
{
  g_autoptr(GError) error = NULL;
  double value = 42;

  ck_assert_msg (!parse (text, &value, &error), "“%s” parsed as %g", text, value);
  ck_assert_msg (error != NULL && error->domain == CRIA_FORMAT_ERROR, "no error for “%s”", text);
  ck_assert (value == 42);
}

#define ck_assert_near(a, b) \
  ck_assert_msg (fabs ((a) - (b)) < 1e-9, "%.12f is not %.12f", (double) (a), (double) (b))

START_TEST (test_parse_hours)
{
  double expected = 12 + 30.0 / 60 + 15.5 / 3600;

  ck_assert_near (parse_ok (cria_parse_hours, "12:30:15.5"), expected);
  ck_assert_near (parse_ok (cria_parse_hours, " 12:30:15,5 "), expected);
  ck_assert_near (parse_ok (cria_parse_hours, "12h30m15.5s"), expected);
  ck_assert_near (parse_ok (cria_parse_hours, "12h 30m 15.5s"), expected);
  ck_assert_near (parse_ok (cria_parse_hours, "12 30 15.5"), expected);
  ck_assert_near (parse_ok (cria_parse_hours, "12:30"), 12.5);
  ck_assert_near (parse_ok (cria_parse_hours, "12.5"), 12.5);
  ck_assert_near (parse_ok (cria_parse_hours, "12,5"), 12.5);
  ck_assert_near (parse_ok (cria_parse_hours, "0"), 0);
  ck_assert_near (parse_ok (cria_parse_hours, "23:59:59.9"), 23 + 59.0 / 60 + 59.9 / 3600);

  parse_refused (cria_parse_hours, "");
  parse_refused (cria_parse_hours, "abc");
  parse_refused (cria_parse_hours, "24:00:00");
  parse_refused (cria_parse_hours, "-1");
  parse_refused (cria_parse_hours, "12:60:00");
  parse_refused (cria_parse_hours, "12:30:60");
  parse_refused (cria_parse_hours, "12:30:15x");
  parse_refused (cria_parse_hours, "12.5:30");
  parse_refused (cria_parse_hours, "12:30:15:10");
  parse_refused (cria_parse_hours, "12::30");
  parse_refused (cria_parse_hours, "12°30′");
  parse_refused (cria_parse_hours, "1e400");
  parse_refused (cria_parse_hours, "nan");
}
END_TEST

START_TEST (test_parse_degrees)
{
  double expected = -(20 + 30.0 / 60 + 15.0 / 3600);

  ck_assert_near (parse_ok (cria_parse_degrees, "-20°30′15″"), expected);
  ck_assert_near (parse_ok (cria_parse_degrees, "-20° 30′ 15″"), expected);
  ck_assert_near (parse_ok (cria_parse_degrees, "-20:30:15"), expected);
  ck_assert_near (parse_ok (cria_parse_degrees, "-20 30 15"), expected);
  ck_assert_near (parse_ok (cria_parse_degrees, "-20d30m15s"), expected);
  ck_assert_near (parse_ok (cria_parse_degrees, "-20°30'15\""), expected);
  ck_assert_near (parse_ok (cria_parse_degrees, "−20:30:15"), expected);
  ck_assert_near (parse_ok (cria_parse_degrees, "-20.5"), -20.5);
  ck_assert_near (parse_ok (cria_parse_degrees, "+20.5"), 20.5);
  ck_assert_near (parse_ok (cria_parse_degrees, "-0:00:30"), -30.0 / 3600);
  ck_assert_near (parse_ok (cria_parse_degrees, "90"), 90);
  ck_assert_near (parse_ok (cria_parse_degrees, "-90°00′00″"), -90);

  parse_refused (cria_parse_degrees, "90.0001");
  parse_refused (cria_parse_degrees, "-91");
  parse_refused (cria_parse_degrees, "--20");
  parse_refused (cria_parse_degrees, "- ");
  parse_refused (cria_parse_degrees, "20°30′15″ north");
  parse_refused (cria_parse_degrees, "20:-30:15");

  ck_assert_near (parse_ok (cria_parse_longitude, "-120°30′"), -120.5);
  parse_refused (cria_parse_longitude, "180.5");

  ck_assert_near (parse_ok (cria_parse_azimuth, "123°30′00″"), 123.5);
  ck_assert_near (parse_ok (cria_parse_azimuth, "359:59:59"), 359 + 59.0 / 60 + 59.0 / 3600);
  ck_assert_near (parse_ok (cria_parse_azimuth, "360"), 0);
  parse_refused (cria_parse_azimuth, "-10");
  parse_refused (cria_parse_azimuth, "360.5");
}
END_TEST

START_TEST (test_parse_numbers)
{
  g_autoptr(GError) error = NULL;
  double value = 0;

  ck_assert_near (parse_ok (cria_parse_seconds, "12.5"), 12.5);
  ck_assert_near (parse_ok (cria_parse_seconds, "12.5 s"), 12.5);
  ck_assert_near (parse_ok (cria_parse_seconds, "2 min 5 s"), 125);
  ck_assert_near (parse_ok (cria_parse_seconds, "2min5s"), 125);
  ck_assert_near (parse_ok (cria_parse_seconds, "1 h 2 min 5 s"), 3725);
  ck_assert_near (parse_ok (cria_parse_seconds, "1 h"), 3600);
  ck_assert_near (parse_ok (cria_parse_seconds, "500 ms"), 0.5);
  parse_refused (cria_parse_seconds, "5 s 2 min");
  parse_refused (cria_parse_seconds, "2 min 5");
  parse_refused (cria_parse_seconds, "s");
  parse_refused (cria_parse_seconds, "");
  parse_refused (cria_parse_seconds, "12 days");

  ck_assert (cria_parse_number ("12.5 °C", "°C", &value, &error));
  ck_assert_near (value, 12.5);
  ck_assert (cria_parse_number ("-1e-6", NULL, &value, &error));
  ck_assert_near (value, -1e-6);
  ck_assert (cria_parse_number ("3,25", NULL, &value, &error));
  ck_assert_near (value, 3.25);
  ck_assert (!cria_parse_number ("1.2.3", NULL, &value, &error));
  g_clear_error (&error);
  ck_assert (!cria_parse_number ("12 °F", "°C", &value, &error));
  g_clear_error (&error);
  ck_assert (!cria_parse_number ("1e999", NULL, &value, &error));
  g_clear_error (&error);

  ck_assert (cria_parse_double (CRIA_FORMAT_HOURS, "6:00", &value, NULL));
  ck_assert_near (value, 6);
  ck_assert (cria_parse_double (CRIA_FORMAT_PERCENT, "50 %", &value, NULL));
  ck_assert_near (value, 50);
  ck_assert (cria_parse_double (CRIA_FORMAT_SECONDS, "1 min", &value, NULL));
  ck_assert_near (value, 60);
}
END_TEST

START_TEST (test_parse_date_time)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GTimeZone) plus_one = g_time_zone_new_offset (3600);
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;

  ck_assert_str_eq_free (cria_parse_date_time ("2024-03-04 18:45:31", plus_one, NULL),
                         "2024-03-04T17:45:31.0000000Z");
  ck_assert_str_eq_free (cria_parse_date_time ("2024-03-04T17:45:31.5Z", plus_one, NULL),
                         "2024-03-04T17:45:31.5000000Z");
  ck_assert_str_eq_free (cria_parse_date_time ("2024-03-04 17:45:31 UTC", plus_one, NULL),
                         "2024-03-04T17:45:31.0000000Z");

  /* What the panel shows parses back to the same instant. */
  shown = cria_format_date_time ("2024-03-04T17:45:31Z", utc);
  ck_assert_str_eq_free (cria_parse_date_time (shown, plus_one, NULL),
                         "2024-03-04T17:45:31.0000000Z");

  ck_assert_ptr_null (cria_parse_date_time ("2024-13-04 18:45:31", utc, &error));
  ck_assert (g_error_matches (error, CRIA_FORMAT_ERROR, CRIA_FORMAT_ERROR_INVALID));
  g_clear_error (&error);
  ck_assert_ptr_null (cria_parse_date_time ("soon", utc, &error));
  ck_assert_ptr_nonnull (error);
}
END_TEST

START_TEST (test_round_trips)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint i;

  for (i = 0; i < 2000; i++)
    {
      double hours = g_rand_double_range (rand, 0, 24);
      double dec = g_rand_double_range (rand, -90, 90);
      double az = g_rand_double_range (rand, 0, 360);
      g_autofree char *hours_text = cria_format_hours (hours);
      g_autofree char *dec_text = cria_format_degrees (dec);
      g_autofree char *az_text = cria_format_azimuth (az);
      double parsed;

      parsed = parse_ok (cria_parse_hours, hours_text);
      /* Half a tenth of a second, or the wrap past midnight. */
      ck_assert_msg (fabs (parsed - hours) <= 0.05 / 3600 + 1e-12
                     || fabs (fabs (parsed - hours) - 24) <= 0.05 / 3600 + 1e-12,
                     "%.9f → %s → %.9f", hours, hours_text, parsed);

      parsed = parse_ok (cria_parse_degrees, dec_text);
      ck_assert_msg (fabs (parsed - dec) <= 0.5 / 3600 + 1e-12, "%.9f → %s → %.9f",
                     dec, dec_text, parsed);

      parsed = parse_ok (cria_parse_azimuth, az_text);
      ck_assert_msg (fabs (parsed - az) <= 0.5 / 3600 + 1e-12
                     || fabs (fabs (parsed - az) - 360) <= 0.5 / 3600 + 1e-12,
                     "%.9f → %s → %.9f", az, az_text, parsed);
    }
}
END_TEST

static Suite *
format_suite (const char *name)
{
  Suite *suite = suite_create (name);
  TCase *format = tcase_create ("format");
  TCase *parse = tcase_create ("parse");

  tcase_add_test (format, test_hours);
  tcase_add_test (format, test_degrees);
  tcase_add_test (format, test_azimuth);
  tcase_add_test (format, test_units);
  tcase_add_test (format, test_date_time);
  tcase_add_test (format, test_enums);
  tcase_add_test (format, test_values);
  suite_add_tcase (suite, format);

  tcase_add_test (parse, test_parse_hours);
  tcase_add_test (parse, test_parse_degrees);
  tcase_add_test (parse, test_parse_numbers);
  tcase_add_test (parse, test_parse_date_time);
  tcase_add_test (parse, test_round_trips);
  suite_add_tcase (suite, parse);

  return suite;
}

static int
run_in_locale (const char *locale)
{
  g_autofree char *name = g_strdup_printf ("format (%s)", locale);
  SRunner *runner;
  int failed;

  if (setlocale (LC_ALL, locale) == NULL)
    {
      /* `make locale` generates it; without it the comma-decimal case goes untested. */
      g_printerr ("The %s locale is not available; run `make locale`\n", locale);
      return 1;
    }

  runner = srunner_create (format_suite (name));
  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed;
}

int
main (void)
{
  int failed = 0;

  failed += run_in_locale ("C.UTF-8");
  failed += run_in_locale ("de_DE.UTF-8");

  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
