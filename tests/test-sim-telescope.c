/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sim-telescope"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "cria-sim-astro.h"
#include "cria-sim-mount.h"
#include "cria-sim-telescope.h"
#include "test-sim-util.h"

/* Default site of the simulated mount (Greenwich). */
#define LATITUDE      51.4769

#define FAST_SPEED    20.0
#define SLOW_SPEED    2.0
#define WAIT_SECONDS  20.0

#define ERR_NOT_IMPLEMENTED  0x400
#define ERR_INVALID_VALUE    0x401
#define ERR_VALUE_NOT_SET    0x402
#define ERR_PARKED           0x408
#define ERR_INVALID_OP       0x40B

/* ---- HTTP helpers ---- */

/* A number for a URL or form: culture-neutral and escaped ("1e+20" would read as a space). */
static const char *
num (double value)
{
  static char buffers[16][64];
  static guint next;
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *escaped = NULL;
  char *buffer = buffers[next++ % G_N_ELEMENTS (buffers)];

  escaped = g_uri_escape_string (g_ascii_dtostr (text, sizeof text, value), NULL, FALSE);
  g_strlcpy (buffer, escaped, sizeof buffers[0]);
  return buffer;
}

/* Shorthands for the only device here; params: the form of a PUT, or the query of a GET. */
static gint64
error_of (const char *method,
          const char *member,
          const char *params)
{
  return sim_error_of (method, "telescope", member, params);
}

static void
put_ok (const char *member,
        const char *params)
{
  sim_put_ok ("telescope", member, params);
}

static JsonNode *
get_value (const char *member,
           const char *params)
{
  return sim_get_value ("telescope", member, params);
}

static double
get_double (const char *member)
{
  return sim_get_double ("telescope", member, NULL);
}

static gint64
get_int (const char *member)
{
  return sim_get_int ("telescope", member, NULL);
}

static gboolean
get_bool (const char *member)
{
  return sim_get_bool ("telescope", member, NULL);
}

static gboolean
wait_for_bool (const char *member,
               gboolean    wanted)
{
  return sim_wait_bool ("telescope", member, NULL, wanted, WAIT_SECONDS);
}

/* One DeviceState read: every value at one instant. */
typedef struct
{
  double   ra, dec, lst, alt, az;
  gboolean slewing, tracking, at_park, at_home, guiding;
  gint64   side;
  char    *utc;
  guint    n_names;
} State;

static void
state_clear (State *state)
{
  g_clear_pointer (&state->utc, g_free);
}

static void
read_state (State *state)
{
  g_autoptr(JsonNode) value = get_value ("devicestate", NULL);
  JsonArray *items;
  guint i;

  memset (state, 0, sizeof *state);
  state->side = -2;
  ck_assert (JSON_NODE_HOLDS_ARRAY (value));
  items = json_node_get_array (value);

  for (i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *name = json_object_get_string_member (item, "Name");
      JsonNode *v = json_object_get_member (item, "Value");

      state->n_names++;
      if (g_str_equal (name, "RightAscension"))
        state->ra = json_node_get_double (v);
      else if (g_str_equal (name, "Declination"))
        state->dec = json_node_get_double (v);
      else if (g_str_equal (name, "SiderealTime"))
        state->lst = json_node_get_double (v);
      else if (g_str_equal (name, "Altitude"))
        state->alt = json_node_get_double (v);
      else if (g_str_equal (name, "Azimuth"))
        state->az = json_node_get_double (v);
      else if (g_str_equal (name, "Slewing"))
        state->slewing = json_node_get_boolean (v);
      else if (g_str_equal (name, "Tracking"))
        state->tracking = json_node_get_boolean (v);
      else if (g_str_equal (name, "AtPark"))
        state->at_park = json_node_get_boolean (v);
      else if (g_str_equal (name, "AtHome"))
        state->at_home = json_node_get_boolean (v);
      else if (g_str_equal (name, "IsPulseGuiding"))
        state->guiding = json_node_get_boolean (v);
      else if (g_str_equal (name, "SideOfPier"))
        state->side = json_node_get_int (v);
      else if (g_str_equal (name, "UTCDate"))
        state->utc = g_strdup (json_node_get_string (v));
      else
        ck_assert_msg (g_str_equal (name, "TimeStamp"), "unexpected DeviceState item %s", name);
    }
}

static double
hour_angle_of (const State *state)
{
  return cria_sim_astro_wrap_hour_angle (state->lst - state->ra);
}

/* Starts an equatorial slew at an hour angle from now, tracking on, and waits for its end. */
static void
slew_to_hour_angle (double hour_angle,
                    double declination)
{
  double ra = cria_sim_astro_wrap_hours (get_double ("siderealtime") - hour_angle);
  g_autofree char *form = g_strdup_printf ("RightAscension=%s&Declination=%s",
                                           num (ra), num (declination));

  put_ok ("tracking", "Tracking=true");
  put_ok ("slewtocoordinatesasync", form);
  ck_assert_msg (wait_for_bool ("slewing", FALSE), "the slew did not end");
}

/* ---- fixtures ---- */

static void
start_server (double speed)
{
  CriaSimOptions options = { .speed = speed };

  setlocale (LC_ALL, "");
  sim_start (&options, "cria-sim-telescope-XXXXXX");

  put_ok ("connected", "Connected=true");
  ck_assert (get_bool ("connected"));
}

static void
setup_fast (void)
{
  start_server (FAST_SPEED);
}

static void
setup_slow (void)
{
  start_server (SLOW_SPEED);
}

static void
teardown (void)
{
  sim_stop ();
}

/* ---- astronomy helpers ---- */

static double
hms (double h, double m, double s)
{
  return h + m / 60.0 + s / 3600.0;
}

START_TEST (test_astro_sidereal_time)
{
  /* The epoch itself, and Meeus, Astronomical Algorithms, examples 12.a and 12.b. */
  ck_assert_double_eq_tol (cria_sim_astro_gmst (2451545.0), 18.697374558, 1e-9);
  ck_assert_double_eq_tol (cria_sim_astro_gmst (2446895.5), hms (13, 10, 46.3668), 1e-7);
  ck_assert_double_eq_tol (cria_sim_astro_gmst (2446896.30625), hms (8, 34, 57.0896), 1e-7);
  /* Apparent sidereal time of example 12.a, with the nutation to about 0.05 s. */
  ck_assert_double_eq_tol (cria_sim_astro_gmst (2446895.5)
                           + cria_sim_astro_equation_of_equinoxes (2446895.5),
                           hms (13, 10, 46.1351), 0.05 / 3600);
  ck_assert_double_eq_tol (cria_sim_astro_local_sidereal_time (2446895.5, -77.0656),
                           cria_sim_astro_wrap_hours (hms (13, 10, 46.1351) - 77.0656 / 15),
                           0.05 / 3600);

  ck_assert_double_eq_tol (cria_sim_astro_julian_date (0), 2440587.5, 1e-9);
  ck_assert_double_eq_tol (cria_sim_astro_julian_date ((gint64) 946728000 * G_USEC_PER_SEC),
                           2451545.0, 1e-9);
  ck_assert_double_eq_tol (cria_sim_astro_julian_date ((gint64) 946728000 * G_USEC_PER_SEC + 43200),
                           2451545.0 + 0.0432 / 86400, 1e-10);

  ck_assert_double_eq_tol (cria_sim_astro_drive_rate (CRIA_SIM_DRIVE_SIDEREAL), 15.04106864, 1e-8);
  ck_assert_double_eq (cria_sim_astro_drive_rate (CRIA_SIM_DRIVE_SOLAR), 15.0);
  ck_assert_double_eq (cria_sim_astro_drive_rate (CRIA_SIM_DRIVE_LUNAR), 14.685);
  ck_assert_double_eq (cria_sim_astro_drive_rate (CRIA_SIM_DRIVE_KING), 15.0369);
}
END_TEST

START_TEST (test_astro_horizontal)
{
  double alt, az, ha, dec;
  int i, j;

  /* Meeus example 13.b: Venus from Washington; his azimuth runs from the South. */
  cria_sim_astro_equatorial_to_horizontal (64.352133 / 15, -(6 + 43 / 60.0 + 11.61 / 3600),
                                           38 + 55 / 60.0 + 17 / 3600.0, &alt, &az);
  ck_assert_double_eq_tol (alt, 15.1249, 2e-4);
  ck_assert_double_eq_tol (az, 68.0337 + 180, 2e-4);

  /* Due South on the meridian, due West on the equator at six hours. */
  cria_sim_astro_equatorial_to_horizontal (0, 0, 50, &alt, &az);
  ck_assert_double_eq_tol (alt, 40, 1e-9);
  ck_assert_double_eq_tol (az, 180, 1e-9);
  cria_sim_astro_equatorial_to_horizontal (6, 0, 50, &alt, &az);
  ck_assert_double_eq_tol (alt, 0, 1e-9);
  ck_assert_double_eq_tol (az, 270, 1e-9);

  for (i = -11; i <= 11; i += 2)
    for (j = -80; j <= 80; j += 20)
      {
        cria_sim_astro_equatorial_to_horizontal (i, j, -33.9, &alt, &az);
        cria_sim_astro_horizontal_to_equatorial (alt, az, -33.9, &ha, &dec);
        ck_assert_double_eq_tol (ha, i, 1e-9);
        ck_assert_double_eq_tol (dec, j, 1e-9);
      }

  ck_assert_double_eq (cria_sim_astro_wrap_hours (-1), 23);
  ck_assert_double_eq (cria_sim_astro_wrap_hours (24), 0);
  ck_assert_double_eq (cria_sim_astro_wrap_hour_angle (13), -11);
  ck_assert_double_eq (cria_sim_astro_wrap_hour_angle (12), -12);
  ck_assert_double_eq (cria_sim_astro_wrap_degrees (-10), 350);
  ck_assert_double_eq (cria_sim_astro_wrap_degrees_signed (190), -170);

  /* About half a degree at the horizon, an arcminute at 45°, none at the zenith. */
  ck_assert_double_eq_tol (cria_sim_astro_refraction (0), 0.483, 0.01);
  ck_assert_double_eq_tol (cria_sim_astro_refraction (45), 1.01 / 60, 0.02 / 60);
  ck_assert_double_eq_tol (cria_sim_astro_refraction (90), 0, 1e-4);
  for (i = 0; i <= 90; i += 5)
    ck_assert_double_eq_tol (cria_sim_astro_unrefract (i + cria_sim_astro_refraction (i)), i, 1e-6);
}
END_TEST

/* ---- the motion model, on a clock of the test's own ---- */

#define T0 ((gint64) 1700000000 * G_USEC_PER_SEC)

static void
advance (CriaSimMount *mount,
         double        real_seconds,
         double        sim_seconds)
{
  cria_sim_mount_update (mount,
                         mount->now_real_us + (gint64) (real_seconds * G_USEC_PER_SEC),
                         mount->now_sim + sim_seconds);
}

START_TEST (test_mount_model)
{
  CriaSimMount mount;
  double ra, dec, ha, goal_ra, lst0, lst1;

  cria_sim_mount_init (&mount, T0, 0);
  ck_assert (mount.at_home);
  ck_assert_int_eq (cria_sim_mount_get_pier_side (&mount), CRIA_SIM_PIER_EAST);
  cria_sim_mount_get_hour_angle_dec (&mount, NULL, &dec);
  ck_assert_double_eq_tol (dec, 90, 1e-9);

  /* Three hours East of the meridian: a goto that ends beyond the pole, 60° on both axes
   * from home, so 15 s at 4°/s. */
  cria_sim_mount_set_tracking (&mount, TRUE);
  goal_ra = cria_sim_astro_wrap_hours (cria_sim_mount_get_sidereal_time (&mount) + 3);
  cria_sim_mount_goto_equatorial (&mount, goal_ra, 30);
  ck_assert (!mount.at_home);
  ck_assert (cria_sim_mount_is_slewing (&mount));
  advance (&mount, 7, 7);
  ck_assert (cria_sim_mount_is_slewing (&mount));
  cria_sim_mount_get_hour_angle_dec (&mount, NULL, &dec);
  ck_assert (dec > 30 && dec < 89);
  advance (&mount, 8.5, 8.5);
  ck_assert (!cria_sim_mount_is_slewing (&mount));
  cria_sim_mount_get_equatorial (&mount, &ra, &dec);
  ck_assert_double_eq_tol (ra, goal_ra, 1e-9);
  ck_assert_double_eq_tol (dec, 30, 1e-9);
  ck_assert_int_eq (cria_sim_mount_get_pier_side (&mount), CRIA_SIM_PIER_WEST);

  /* Sidereal tracking for four hours holds the coordinates, and the pointing state stays
   * as it was though the target has crossed the meridian. */
  advance (&mount, 4 * 3600, 1);
  cria_sim_mount_get_equatorial (&mount, &ra, &dec);
  cria_sim_mount_get_hour_angle_dec (&mount, &ha, NULL);
  ck_assert_double_eq_tol (ra, goal_ra, 1e-7);
  ck_assert_double_eq_tol (dec, 30, 1e-9);
  ck_assert (ha > 0.9 && ha < 1.1);
  ck_assert_int_eq (cria_sim_mount_get_pier_side (&mount), CRIA_SIM_PIER_WEST);
  ck_assert_int_eq (cria_sim_mount_destination_side (&mount, ha), CRIA_SIM_PIER_EAST);

  /* Without tracking the hour angle holds and the right ascension follows the stars. */
  cria_sim_mount_set_tracking (&mount, FALSE);
  lst0 = cria_sim_mount_get_sidereal_time (&mount);
  advance (&mount, 600, 0);
  lst1 = cria_sim_mount_get_sidereal_time (&mount);
  cria_sim_mount_get_hour_angle_dec (&mount, &ha, NULL);
  cria_sim_mount_get_equatorial (&mount, &ra, NULL);
  ck_assert (ha > 0.9 && ha < 1.1);
  ck_assert_double_eq_tol (cria_sim_astro_wrap_hour_angle (ra - goal_ra),
                           cria_sim_astro_wrap_hour_angle (lst1 - lst0), 1e-7);
  ck_assert_double_eq_tol (lst1 - lst0, 600 * 1.00273790935 / 3600, 1e-6);

  /* MoveAxis turns the mechanical axis, taking over from tracking, until set back to 0. */
  ha = mount.axis_dec;
  cria_sim_mount_move_axis (&mount, 1, 2.0);
  advance (&mount, 1, 1.5);
  ck_assert (cria_sim_mount_is_slewing (&mount));
  ck_assert_double_eq_tol (mount.axis_dec - ha, 3.0, 1e-9);
  cria_sim_mount_move_axis (&mount, 1, 0);
  advance (&mount, 1, 1);
  ck_assert (!cria_sim_mount_is_slewing (&mount));
  ck_assert_double_eq_tol (mount.axis_dec - ha, 3.0, 1e-9);

  /* A pulse moves by rate × duration, however the updates fall. */
  cria_sim_mount_get_hour_angle_dec (&mount, NULL, &dec);
  cria_sim_mount_pulse_guide (&mount, CRIA_SIM_GUIDE_NORTH, 2.0);
  advance (&mount, 0.5, 0.5);
  ck_assert (cria_sim_mount_is_pulse_guiding (&mount));
  advance (&mount, 10, 10);
  ck_assert (!cria_sim_mount_is_pulse_guiding (&mount));
  cria_sim_mount_get_hour_angle_dec (&mount, NULL, &ha);
  ck_assert_double_eq_tol (ha - dec, 2.0 * mount.guide_rate_dec, 1e-9);

  /* Park is a slew that ends parked, with tracking off. */
  cria_sim_mount_set_tracking (&mount, TRUE);
  cria_sim_mount_park (&mount);
  ck_assert (!mount.tracking);
  ck_assert (!mount.at_park);
  advance (&mount, 100, 100);
  ck_assert (mount.at_park);
  ck_assert_double_eq_tol (mount.axis_dec, 90, 1e-9);
}
END_TEST

/* ---- over HTTP ---- */

START_TEST (test_capabilities)
{
  static const char * const true_flags[] = {
    "canfindhome", "canpark", "canpulseguide", "cansetdeclinationrate", "cansetguiderates",
    "cansetpark", "cansetrightascensionrate", "cansettracking", "canslewaltazasync",
    "canslewasync", "cansync", "cansyncaltaz", "canunpark",
  };
  static const char * const false_flags[] = { "cansetpierside", "canslew", "canslewaltaz" };
  g_autoptr(JsonNode) rates = NULL;
  g_autoptr(JsonNode) none = NULL;
  g_autoptr(JsonNode) tracking_rates = NULL;
  g_autoptr(JsonNode) can_move = NULL;
  JsonObject *range;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (true_flags); i++)
    ck_assert_msg (get_bool (true_flags[i]), "%s", true_flags[i]);
  for (i = 0; i < G_N_ELEMENTS (false_flags); i++)
    ck_assert_msg (!get_bool (false_flags[i]), "%s", false_flags[i]);

  ck_assert_int_eq (get_int ("alignmentmode"), 2);
  ck_assert_int_eq (get_int ("equatorialsystem"), 1);
  ck_assert_int_eq (get_int ("interfaceversion"), 4);
  ck_assert (get_double ("aperturediameter") > 0.05);
  ck_assert (get_double ("aperturearea") > 0);
  ck_assert (get_double ("aperturearea") < G_PI / 4 * pow (get_double ("aperturediameter"), 2));
  ck_assert (get_double ("focallength") > get_double ("aperturediameter"));

  /* The members a mount without them answers with NotImplemented, as its flags say. */
  ck_assert_int_eq (error_of ("PUT", "slewtocoordinates", "RightAscension=1&Declination=60"),
                    ERR_NOT_IMPLEMENTED);
  ck_assert_int_eq (error_of ("PUT", "slewtotarget", NULL), ERR_NOT_IMPLEMENTED);
  ck_assert_int_eq (error_of ("PUT", "slewtoaltaz", "Azimuth=10&Altitude=40"), ERR_NOT_IMPLEMENTED);
  ck_assert_int_eq (error_of ("PUT", "sideofpier", "SideOfPier=1"), ERR_NOT_IMPLEMENTED);

  can_move = get_value ("canmoveaxis", "Axis=0");
  ck_assert (json_node_get_boolean (can_move));
  g_clear_pointer (&can_move, json_node_unref);
  can_move = get_value ("canmoveaxis", "Axis=2");
  ck_assert (!json_node_get_boolean (can_move));
  ck_assert_int_eq (error_of ("GET", "canmoveaxis", "Axis=3"), ERR_INVALID_VALUE);

  rates = get_value ("axisrates", "Axis=1");
  ck_assert_int_eq (json_array_get_length (json_node_get_array (rates)), 1);
  range = json_array_get_object_element (json_node_get_array (rates), 0);
  ck_assert_double_eq (json_object_get_double_member (range, "Minimum"), 0);
  ck_assert_double_eq (json_object_get_double_member (range, "Maximum"), 4);
  none = get_value ("axisrates", "Axis=2");
  ck_assert_int_eq (json_array_get_length (json_node_get_array (none)), 0);

  tracking_rates = get_value ("trackingrates", NULL);
  ck_assert_int_eq (json_array_get_length (json_node_get_array (tracking_rates)), 4);
  for (i = 0; i < 4; i++)
    ck_assert_int_eq (json_array_get_int_element (json_node_get_array (tracking_rates), i), i);

  /* Targets are unset until a client sets them. */
  ck_assert_int_eq (error_of ("GET", "targetrightascension", NULL), ERR_VALUE_NOT_SET);
  ck_assert_int_eq (error_of ("GET", "targetdeclination", NULL), ERR_VALUE_NOT_SET);
  ck_assert_int_eq (error_of ("PUT", "slewtotargetasync", NULL), ERR_VALUE_NOT_SET);
  put_ok ("targetrightascension", "TargetRightAscension=5.5");
  ck_assert_double_eq (get_double ("targetrightascension"), 5.5);
  ck_assert_int_eq (error_of ("PUT", "targetdeclination", "TargetDeclination=91"),
                    ERR_INVALID_VALUE);
}
END_TEST

START_TEST (test_coordinates_consistent)
{
  State state;
  double alt, az, ha, expected_lst;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_utc ();
  gint64 utc_us;

  /* An Alt/Az slew with tracking off ends where it was asked to. */
  put_ok ("tracking", "Tracking=false");
  put_ok ("slewtoaltazasync", "Azimuth=120&Altitude=35");
  ck_assert (get_bool ("slewing"));
  ck_assert (!get_bool ("athome"));
  ck_assert_msg (wait_for_bool ("slewing", FALSE), "the slew did not end");

  read_state (&state);
  ck_assert_uint_eq (state.n_names, 13);
  ck_assert_double_eq_tol (state.alt, 35, 1e-6);
  ck_assert_double_eq_tol (state.az, 120, 1e-6);

  /* RA/Dec, sidereal time and latitude give the reported Alt/Az. */
  cria_sim_astro_equatorial_to_horizontal (hour_angle_of (&state), state.dec, LATITUDE, &alt, &az);
  ck_assert_double_eq_tol (alt, state.alt, 1e-6);
  ck_assert_double_eq_tol (az, state.az, 1e-6);

  /* Sidereal time is that of the mount's UTC at its longitude. */
  utc = g_date_time_new_from_iso8601 (state.utc, zone);
  ck_assert_msg (utc != NULL, "%s", state.utc);
  ck_assert (g_str_has_suffix (state.utc, "Z"));
  utc_us = g_date_time_to_unix (utc) * G_USEC_PER_SEC + g_date_time_get_microsecond (utc);
  ck_assert (llabs (utc_us - g_get_real_time ()) < 10 * G_USEC_PER_SEC);
  expected_lst = cria_sim_astro_local_sidereal_time (cria_sim_astro_julian_date (utc_us),
                                                     get_double ("sitelongitude"));
  ck_assert_double_eq_tol (state.lst, expected_lst, 1e-6);
  state_clear (&state);

  /* The separate properties agree with each other too (they are read a moment apart, so
   * only to a fraction of a second of sky rotation). */
  ha = cria_sim_astro_wrap_hour_angle (get_double ("siderealtime") - get_double ("rightascension"));
  cria_sim_astro_equatorial_to_horizontal (ha, get_double ("declination"),
                                           get_double ("sitelatitude"), &alt, &az);
  ck_assert_double_eq_tol (alt, get_double ("altitude"), 1e-3);
  ck_assert_double_eq_tol (az, get_double ("azimuth"), 1e-3);

  /* Refraction lifts the reported altitude a little. */
  put_ok ("doesrefraction", "DoesRefraction=true");
  ck_assert (get_bool ("doesrefraction"));
  ck_assert_double_eq_tol (get_double ("altitude"), 35 + cria_sim_astro_refraction (35), 1e-6);
}
END_TEST

START_TEST (test_slew_and_side_of_pier)
{
  State state;
  double lst = get_double ("siderealtime");
  double east_ra = cria_sim_astro_wrap_hours (lst + 3);
  double west_ra = cria_sim_astro_wrap_hours (lst - 3);
  g_autofree char *east = g_strdup_printf ("RightAscension=%s&Declination=20", num (east_ra));
  g_autofree char *west = g_strdup_printf ("RightAscension=%s&Declination=20", num (west_ra));
  g_autofree char *west_target = g_strdup_printf ("TargetRightAscension=%s", num (west_ra));
  g_autoptr(JsonNode) east_side = get_value ("destinationsideofpier", east);
  g_autoptr(JsonNode) west_side = get_value ("destinationsideofpier", west);

  /* East of the meridian a GEM looks from beyond the pole (pierWest), West normally. */
  ck_assert_int_eq (json_node_get_int (east_side), 1);
  ck_assert_int_eq (json_node_get_int (west_side), 0);

  /* Slews need tracking. */
  ck_assert_int_eq (error_of ("PUT", "slewtocoordinatesasync", east), ERR_INVALID_OP);
  put_ok ("tracking", "Tracking=true");
  put_ok ("slewtocoordinatesasync", east);
  ck_assert (get_bool ("slewing"));
  ck_assert_double_eq (get_double ("targetrightascension"), east_ra);
  ck_assert_double_eq (get_double ("targetdeclination"), 20);
  ck_assert_msg (wait_for_bool ("slewing", FALSE), "the slew did not end");

  read_state (&state);
  ck_assert_double_eq_tol (state.ra, east_ra, 1e-6);
  ck_assert_double_eq_tol (state.dec, 20, 1e-6);
  ck_assert_int_eq (state.side, 1);
  ck_assert (state.tracking);
  ck_assert (!state.at_home);
  state_clear (&state);

  /* Across the meridian: through SlewToTargetAsync this time. */
  put_ok ("targetrightascension", west_target);
  put_ok ("targetdeclination", "TargetDeclination=20");
  put_ok ("slewtotargetasync", NULL);
  ck_assert (get_bool ("slewing"));
  ck_assert_msg (wait_for_bool ("slewing", FALSE), "the slew did not end");
  read_state (&state);
  ck_assert_double_eq_tol (state.ra, west_ra, 1e-6);
  ck_assert_double_eq_tol (state.dec, 20, 1e-6);
  ck_assert_int_eq (state.side, 0);
  state_clear (&state);

  /* Tracking holds the coordinates. */
  g_usleep (300000);
  read_state (&state);
  ck_assert_double_eq_tol (state.ra, west_ra, 1e-7);
  state_clear (&state);

  /* A sync moves the coordinates without a slew. */
  put_ok ("synctocoordinates", "RightAscension=2&Declination=10");
  ck_assert (!get_bool ("slewing"));
  ck_assert_double_eq_tol (get_double ("rightascension"), 2, 1e-6);
  ck_assert_double_eq_tol (get_double ("declination"), 10, 1e-6);
  ck_assert_double_eq (get_double ("targetrightascension"), 2);
}
END_TEST

START_TEST (test_abort_slew)
{
  State before, after;
  double ra = cria_sim_astro_wrap_hours (get_double ("siderealtime") - 1);
  g_autofree char *form = g_strdup_printf ("RightAscension=%s&Declination=-10", num (ra));

  /* At this speed the slew takes over ten seconds: it is surely still going when aborted. */
  put_ok ("tracking", "Tracking=true");
  put_ok ("slewtocoordinatesasync", form);
  ck_assert (get_bool ("slewing"));
  put_ok ("abortslew", NULL);
  ck_assert (!get_bool ("slewing"));

  read_state (&before);
  g_usleep (300000);
  read_state (&after);
  ck_assert (!after.slewing);
  ck_assert (after.tracking);
  ck_assert (after.dec > 0);
  ck_assert_double_eq_tol (after.dec, before.dec, 1e-9);
  ck_assert_double_eq_tol (after.ra, before.ra, 1e-7);
  state_clear (&before);
  state_clear (&after);
}
END_TEST

START_TEST (test_move_axis)
{
  State s0, s1, s2;

  put_ok ("tracking", "Tracking=false");
  read_state (&s0);

  /* Positive primary rates move East: right ascension up, hour angle down. */
  put_ok ("moveaxis", "Axis=0&Rate=3");
  ck_assert (get_bool ("slewing"));
  put_ok ("moveaxis", "Axis=1&Rate=-2");
  g_usleep (300000);
  put_ok ("moveaxis", "Axis=0&Rate=0");
  ck_assert_msg (get_bool ("slewing"), "Slewing while the secondary axis still moves");
  put_ok ("moveaxis", "Axis=1&Rate=0");
  ck_assert (!get_bool ("slewing"));
  ck_assert (!get_bool ("tracking"));

  read_state (&s1);
  ck_assert_msg (cria_sim_astro_wrap_hour_angle (hour_angle_of (&s0) - hour_angle_of (&s1)) > 0.5,
                 "HA %f → %f", hour_angle_of (&s0), hour_angle_of (&s1));
  ck_assert (s1.dec < s0.dec - 1);

  /* Stopped: without tracking the hour angle holds. */
  g_usleep (300000);
  read_state (&s2);
  ck_assert_double_eq_tol (hour_angle_of (&s2), hour_angle_of (&s1), 1e-6);
  ck_assert_double_eq_tol (s2.dec, s1.dec, 1e-9);

  /* AbortSlew stops MoveAxis as well, and so does a client that goes away. */
  put_ok ("moveaxis", "Axis=1&Rate=1");
  put_ok ("abortslew", NULL);
  ck_assert (!get_bool ("slewing"));
  put_ok ("moveaxis", "Axis=0&Rate=1");
  put_ok ("connected", "Connected=false");
  put_ok ("connected", "Connected=true");
  ck_assert (!get_bool ("slewing"));

  ck_assert_int_eq (error_of ("PUT", "moveaxis", "Axis=0&Rate=4.5"), ERR_INVALID_VALUE);
  ck_assert_int_eq (error_of ("PUT", "moveaxis", "Axis=1&Rate=-4.5"), ERR_INVALID_VALUE);
  ck_assert_int_eq (error_of ("PUT", "moveaxis", "Axis=2&Rate=1"), ERR_NOT_IMPLEMENTED);
  ck_assert_int_eq (error_of ("PUT", "moveaxis", "Axis=3&Rate=1"), ERR_INVALID_VALUE);
  ck_assert (!get_bool ("slewing"));

  state_clear (&s0);
  state_clear (&s1);
  state_clear (&s2);
}
END_TEST

START_TEST (test_park)
{
  static const char * const refused[][2] = {
    { "slewtocoordinatesasync", "RightAscension=1&Declination=70" },
    { "slewtoaltazasync", "Azimuth=90&Altitude=40" },
    { "slewtotargetasync", NULL },
    { "synctocoordinates", "RightAscension=1&Declination=70" },
    { "synctoaltaz", "Azimuth=90&Altitude=40" },
    { "moveaxis", "Axis=0&Rate=1" },
    { "pulseguide", "Direction=0&Duration=100" },
    { "findhome", NULL },
    { "abortslew", NULL },
    { "tracking", "Tracking=true" },
  };
  guint i;

  /* Park is a slew from wherever the mount is. */
  put_ok ("tracking", "Tracking=false");
  put_ok ("slewtoaltazasync", "Azimuth=200&Altitude=50");
  ck_assert_msg (wait_for_bool ("slewing", FALSE), "the slew did not end");
  put_ok ("tracking", "Tracking=true");
  put_ok ("park", NULL);
  ck_assert (get_bool ("slewing"));
  ck_assert (!get_bool ("atpark"));
  ck_assert_msg (wait_for_bool ("atpark", TRUE), "the mount did not park");
  ck_assert (!get_bool ("slewing"));
  ck_assert (!get_bool ("tracking"));
  /* The default park position points at the pole. */
  ck_assert_double_eq_tol (get_double ("altitude"), LATITUDE, 1e-6);
  ck_assert_double_eq_tol (get_double ("declination"), 90, 1e-6);

  put_ok ("targetrightascension", "TargetRightAscension=1");
  put_ok ("targetdeclination", "TargetDeclination=70");
  for (i = 0; i < G_N_ELEMENTS (refused); i++)
    ck_assert_msg (error_of ("PUT", refused[i][0], refused[i][1]) == ERR_PARKED, "%s",
                   refused[i][0]);
  put_ok ("park", NULL);
  ck_assert (get_bool ("atpark"));

  put_ok ("unpark", NULL);
  ck_assert (!get_bool ("atpark"));

  /* FindHome ends at home; moving leaves it. */
  put_ok ("slewtoaltazasync", "Azimuth=90&Altitude=30");
  ck_assert (!get_bool ("athome"));
  ck_assert_msg (wait_for_bool ("slewing", FALSE), "the slew did not end");
  put_ok ("setpark", NULL);
  put_ok ("findhome", NULL);
  ck_assert_msg (wait_for_bool ("athome", TRUE), "the mount did not find home");
  ck_assert_double_eq_tol (get_double ("altitude"), LATITUDE, 1e-6);
  put_ok ("tracking", "Tracking=true");
  ck_assert (!get_bool ("athome"));

  /* SetPark moved the park position. */
  put_ok ("park", NULL);
  ck_assert_msg (wait_for_bool ("atpark", TRUE), "the mount did not park");
  ck_assert_double_eq_tol (get_double ("altitude"), 30, 1e-6);
  ck_assert_double_eq_tol (get_double ("azimuth"), 90, 1e-6);
}
END_TEST

START_TEST (test_pulse_guide)
{
  State s0, s1;
  gint64 start;

  put_ok ("tracking", "Tracking=false");
  put_ok ("guideratedeclination", "GuideRateDeclination=0.004");
  ck_assert_double_eq (get_double ("guideratedeclination"), 0.004);
  ck_assert_int_eq (error_of ("PUT", "guideraterightascension", "GuideRateRightAscension=1"),
                    ERR_INVALID_VALUE);
  ck_assert_double_eq_tol (get_double ("guideraterightascension"),
                           CRIA_SIM_ASTRO_SIDEREAL_RATE / 2, 1e-12);

  /* Leave the pole first, where North is ambiguous. */
  put_ok ("slewtoaltazasync", "Azimuth=180&Altitude=50");
  ck_assert_msg (wait_for_bool ("slewing", FALSE), "the slew did not end");

  /* Ten simulated seconds North: half a second here. */
  read_state (&s0);
  start = g_get_monotonic_time ();
  put_ok ("pulseguide", "Direction=0&Duration=10000");
  ck_assert (get_bool ("ispulseguiding"));
  ck_assert (!get_bool ("slewing"));
  ck_assert_msg (wait_for_bool ("ispulseguiding", FALSE), "the pulse did not end");
  ck_assert (g_get_monotonic_time () - start >= 400000);
  read_state (&s1);
  ck_assert_double_eq_tol (s1.dec - s0.dec, 0.04, 1e-6);
  ck_assert_double_eq_tol (hour_angle_of (&s1), hour_angle_of (&s0), 1e-6);
  state_clear (&s0);
  state_clear (&s1);

  /* East: right ascension up, so the hour angle down, at the RA guide rate. */
  read_state (&s0);
  put_ok ("pulseguide", "Direction=2&Duration=4000");
  ck_assert_msg (wait_for_bool ("ispulseguiding", FALSE), "the pulse did not end");
  read_state (&s1);
  ck_assert_double_eq_tol (hour_angle_of (&s0) - hour_angle_of (&s1),
                           CRIA_SIM_ASTRO_SIDEREAL_RATE / 2 * 4 / 15, 1e-6);
  ck_assert_double_eq_tol (s1.dec, s0.dec, 1e-9);
  state_clear (&s0);
  state_clear (&s1);

  ck_assert_int_eq (error_of ("PUT", "pulseguide", "Direction=4&Duration=100"), ERR_INVALID_VALUE);
  ck_assert_int_eq (error_of ("PUT", "pulseguide", "Direction=1&Duration=-1"), ERR_INVALID_VALUE);
  put_ok ("moveaxis", "Axis=0&Rate=1");
  ck_assert_int_eq (error_of ("PUT", "pulseguide", "Direction=1&Duration=100"), ERR_INVALID_OP);
  put_ok ("moveaxis", "Axis=0&Rate=0");
}
END_TEST

/* The rate of right ascension and declination against sidereal time between two reads. */
static void
measure_rates (double *ra_per_lst,
               double *dec_per_second)
{
  State s0, s1;
  double lst_hours;

  read_state (&s0);
  g_usleep (500000);
  read_state (&s1);

  lst_hours = cria_sim_astro_wrap_hour_angle (s1.lst - s0.lst);
  ck_assert (lst_hours > 0);
  *ra_per_lst = cria_sim_astro_wrap_hour_angle (s1.ra - s0.ra) / lst_hours;
  *dec_per_second = (s1.dec - s0.dec) / (lst_hours * 3600 / CRIA_SIM_ASTRO_SIDEREAL_PER_SI);
  state_clear (&s0);
  state_clear (&s1);
}

START_TEST (test_tracking_rates)
{
  double ra_rate, dec_rate;

  slew_to_hour_angle (2, 40);
  ck_assert_int_eq (get_int ("trackingrate"), 0);

  /* Sidereal tracking holds the coordinates. */
  measure_rates (&ra_rate, &dec_rate);
  ck_assert_double_eq_tol (ra_rate, 0, 1e-4);
  ck_assert_double_eq_tol (dec_rate, 0, 1e-9);

  /* The Moon runs East against the stars: lunar tracking lets RA grow slowly. */
  put_ok ("trackingrate", "TrackingRate=1");
  ck_assert_int_eq (get_int ("trackingrate"), 1);
  measure_rates (&ra_rate, &dec_rate);
  ck_assert_double_eq_tol (ra_rate, 1 - 14.685 / 15.04106864, 0.002);
  ck_assert_int_eq (error_of ("PUT", "rightascensionrate", "RightAscensionRate=0.1"),
                    ERR_INVALID_OP);
  ck_assert_int_eq (error_of ("PUT", "declinationrate", "DeclinationRate=1"), ERR_INVALID_OP);
  ck_assert_int_eq (error_of ("PUT", "trackingrate", "TrackingRate=4"), ERR_INVALID_VALUE);
  ck_assert_int_eq (error_of ("PUT", "trackingrate", "TrackingRate=-1"), ERR_INVALID_VALUE);
  ck_assert_int_eq (get_int ("trackingrate"), 1);

  /* Offsets on top of sidereal: RA in seconds per sidereal second, Dec in ″ per second. */
  put_ok ("trackingrate", "TrackingRate=0");
  put_ok ("rightascensionrate", "RightAscensionRate=0.5");
  put_ok ("declinationrate", "DeclinationRate=36");
  ck_assert_double_eq (get_double ("rightascensionrate"), 0.5);
  ck_assert_double_eq (get_double ("declinationrate"), 36);
  measure_rates (&ra_rate, &dec_rate);
  ck_assert_double_eq_tol (ra_rate, 0.5, 0.02);
  ck_assert_double_eq_tol (dec_rate, 0.01, 0.0005);

  /* Leaving sidereal drops the offsets. */
  put_ok ("trackingrate", "TrackingRate=2");
  ck_assert_double_eq (get_double ("rightascensionrate"), 0);
  ck_assert_double_eq (get_double ("declinationrate"), 0);
}
END_TEST

START_TEST (test_site_and_time)
{
  g_autoptr(JsonNode) utc = NULL;
  double lst0, lst1, expected;
  g_autoptr(GDateTime) date = NULL;

  ck_assert_int_eq (error_of ("PUT", "sitelatitude", "SiteLatitude=100"), ERR_INVALID_VALUE);
  ck_assert_int_eq (error_of ("PUT", "sitelatitude", "SiteLatitude=-90.5"), ERR_INVALID_VALUE);
  ck_assert_int_eq (error_of ("PUT", "sitelongitude", "SiteLongitude=200"), ERR_INVALID_VALUE);
  ck_assert_int_eq (error_of ("PUT", "siteelevation", "SiteElevation=-400"), ERR_INVALID_VALUE);
  ck_assert_int_eq (error_of ("PUT", "slewsettletime", "SlewSettleTime=-1"), ERR_INVALID_VALUE);
  ck_assert_double_eq (get_double ("sitelatitude"), LATITUDE);

  /* At home the mount points at the pole, whose altitude is the latitude. */
  put_ok ("sitelatitude", "SiteLatitude=45");
  ck_assert_double_eq (get_double ("sitelatitude"), 45);
  ck_assert_double_eq_tol (get_double ("altitude"), 45, 1e-6);
  put_ok ("siteelevation", "SiteElevation=500");
  ck_assert_double_eq (get_double ("siteelevation"), 500);
  put_ok ("slewsettletime", "SlewSettleTime=3");
  ck_assert_int_eq (get_int ("slewsettletime"), 3);

  lst0 = get_double ("siderealtime");
  put_ok ("sitelongitude", "SiteLongitude=30");
  ck_assert_double_eq (get_double ("sitelongitude"), 30);
  lst1 = get_double ("siderealtime");
  ck_assert_double_eq_tol (cria_sim_astro_wrap_hour_angle (lst1 - lst0), 2.0, 1e-3);

  /* The mount's clock can be set; sidereal time follows it. */
  ck_assert_int_eq (error_of ("PUT", "utcdate", "UTCDate=yesterday"), ERR_INVALID_VALUE);
  put_ok ("utcdate", "UTCDate=2030-06-01T12:00:00.5000000Z");
  utc = get_value ("utcdate", NULL);
  ck_assert_msg (g_str_has_prefix (json_node_get_string (utc), "2030-06-01T12:00:0"), "%s",
                 json_node_get_string (utc));
  date = g_date_time_new_utc (2030, 6, 1, 12, 0, 0.5);
  expected = cria_sim_astro_local_sidereal_time (
    cria_sim_astro_julian_date (g_date_time_to_unix (date) * G_USEC_PER_SEC + 500000), 30);
  ck_assert_double_eq_tol (get_double ("siderealtime"), expected, 1e-3);
}
END_TEST

START_TEST (test_invalid_slews)
{
  static const char * const out_of_range[] = {
    "RightAscension=24.5&Declination=60",
    "RightAscension=-1&Declination=60",
    "RightAscension=1&Declination=91",
    "RightAscension=1&Declination=-90.5",
  };
  double lst;
  g_autofree char *below = NULL;
  guint i;

  ck_assert_int_eq (error_of ("PUT", "slewtocoordinatesasync", "RightAscension=1&Declination=60"),
                    ERR_INVALID_OP);
  put_ok ("tracking", "Tracking=true");
  lst = get_double ("siderealtime");
  below = g_strdup_printf ("RightAscension=%s&Declination=-60", num (lst));

  for (i = 0; i < G_N_ELEMENTS (out_of_range); i++)
    ck_assert_msg (error_of ("PUT", "slewtocoordinatesasync", out_of_range[i]) == ERR_INVALID_VALUE,
                   "%s", out_of_range[i]);
  ck_assert_int_eq (error_of ("PUT", "slewtocoordinatesasync", below), ERR_INVALID_VALUE);
  ck_assert_int_eq (error_of ("PUT", "slewtoaltazasync", "Azimuth=10&Altitude=40"), ERR_INVALID_OP);
  ck_assert_int_eq (error_of ("PUT", "synctoaltaz", "Azimuth=10&Altitude=40"), ERR_INVALID_OP);
  ck_assert (!get_bool ("slewing"));

  put_ok ("tracking", "Tracking=false");
  ck_assert_int_eq (error_of ("PUT", "slewtoaltazasync", "Azimuth=10&Altitude=-5"),
                    ERR_INVALID_VALUE);
  ck_assert_int_eq (error_of ("PUT", "slewtoaltazasync", "Azimuth=360.5&Altitude=5"),
                    ERR_INVALID_VALUE);
  ck_assert_int_eq (error_of ("PUT", "synctocoordinates", "RightAscension=1&Declination=60"),
                    ERR_INVALID_OP);
  ck_assert (!get_bool ("slewing"));

  /* A sync is immediate. */
  put_ok ("synctoaltaz", "Azimuth=100&Altitude=40");
  ck_assert (!get_bool ("slewing"));
  ck_assert_double_eq_tol (get_double ("altitude"), 40, 1e-6);
  ck_assert_double_eq_tol (get_double ("azimuth"), 100, 1e-6);
}
END_TEST

START_TEST (test_pointing_accessor)
{
  CriaSimDevice *device = cria_sim_server_get_device (sim_server (), CRIA_DEVICE_TELESCOPE, 0);
  double ra = -1, dec = -100;

  ck_assert (CRIA_IS_SIM_TELESCOPE (device));
  slew_to_hour_angle (-1, 55);
  cria_sim_telescope_get_pointing (CRIA_SIM_TELESCOPE (device), &ra, &dec);
  ck_assert_double_eq_tol (ra, get_double ("rightascension"), 1e-6);
  ck_assert_double_eq_tol (dec, 55, 1e-6);
}
END_TEST

static Suite *
telescope_suite (void)
{
  Suite *suite = suite_create ("sim-telescope");
  TCase *astro = tcase_create ("astro");
  TCase *http = tcase_create ("http");
  TCase *slow = tcase_create ("slow");

  tcase_add_test (astro, test_astro_sidereal_time);
  tcase_add_test (astro, test_astro_horizontal);
  tcase_add_test (astro, test_mount_model);
  suite_add_tcase (suite, astro);

  tcase_add_checked_fixture (http, setup_fast, teardown);
  tcase_set_timeout (http, 60);
  tcase_add_test (http, test_capabilities);
  tcase_add_test (http, test_coordinates_consistent);
  tcase_add_test (http, test_slew_and_side_of_pier);
  tcase_add_test (http, test_move_axis);
  tcase_add_test (http, test_park);
  tcase_add_test (http, test_pulse_guide);
  tcase_add_test (http, test_tracking_rates);
  tcase_add_test (http, test_site_and_time);
  tcase_add_test (http, test_invalid_slews);
  tcase_add_test (http, test_pointing_accessor);
  suite_add_tcase (suite, http);

  tcase_add_checked_fixture (slow, setup_slow, teardown);
  tcase_set_timeout (slow, 60);
  tcase_add_test (slow, test_abort_slew);
  suite_add_tcase (suite, slow);

  return suite;
}

int
main (void)
{
  return sim_run_suite (telescope_suite ());
}
