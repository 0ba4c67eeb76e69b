/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sim-camera"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cria-alpaca-error.h"
#include "cria-imagebytes.h"
#include "cria-sim-focuser.h"
#include "test-sim-image-util.h"
#include "test-sim-util.h"

/* The simulated camera over HTTP, as a client sees it, with the simulated telescope and
 * focuser beside it. */

#define SPEED         20.0
#define MAX_WAIT      20.0
#define ACCEPT_IMAGEBYTES "application/imagebytes, application/json"

/* ---- the server ---- */

static void
start_server (CriaSimSensor sensor,
              guint         width,
              guint         height)
{
  CriaSimOptions options = {
    .camera_width = width,
    .camera_height = height,
    .sensor = sensor,
    .speed = SPEED,
  };

  sim_start (&options, "cria-sim-camera-XXXXXX");
  ck_assert (cria_sim_server_get_device (sim_server (), CRIA_DEVICE_CAMERA, 0) != NULL);
}

static void
teardown (void)
{
  sim_stop ();
}

/* ---- HTTP ---- */

/* The ErrorNumber of a camera call that must fail at the ASCOM level. */
static gint64
camera_error (const char *method,
              const char *member,
              const char *params)
{
  g_autoptr(JsonObject) object = sim_call (method, "camera", member, params);
  gint64 number = json_object_get_int_member (object, "ErrorNumber");

  ck_assert_msg (number != 0, "%s %s succeeded", method, member);
  ck_assert_msg (strlen (json_object_get_string_member (object, "ErrorMessage")) > 5,
                 "%s: no explanation", member);
  return number;
}

static void
connect_camera (void)
{
  sim_put_ok ("camera", "connected", "Connected=true");
}

static void
wait_image_ready (void)
{
  ck_assert_msg (sim_wait_bool ("camera", "imageready", NULL, TRUE, MAX_WAIT),
                 "ImageReady never became true");
}

static void
start_exposure (double   duration,
                gboolean light)
{
  char form[96];
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (form, sizeof form, "Duration=%s&Light=%s",
              g_ascii_dtostr (number, sizeof number, duration), light ? "true" : "false");
  sim_put_ok ("camera", "startexposure", form);
}

static CriaFrame *
fetch_imagebytes (guint32               client_transaction_id,
                  CriaImageBytesHeader *header)
{
  g_autofree char *query = g_strdup_printf ("ClientID=7&ClientTransactionID=%u",
                                            client_transaction_id);
  g_autoptr(SimReply) reply = sim_http ("GET", "/api/v1/camera/0/imagearray", query,
                                        ACCEPT_IMAGEBYTES);
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (reply->body, &size);
  CriaFrame *frame;

  ck_assert_uint_eq (reply->status, 200);
  ck_assert_str_eq (reply->content_type, "application/imagebytes");
  ck_assert_msg (cria_imagebytes_parse_header (data, size, header, &error), "%s",
                 error != NULL ? error->message : "");
  frame = cria_imagebytes_decode (data, size, &error);
  ck_assert_msg (frame != NULL, "%s", error != NULL ? error->message : "");
  return frame;
}

static CriaFrame *
take_frame (double   duration,
            gboolean light)
{
  CriaImageBytesHeader header;

  start_exposure (duration, light);
  wait_image_ready ();
  return fetch_imagebytes (1, &header);
}

/* ---- HTTP tests ---- */

START_TEST (test_properties)
{
  g_autoptr(JsonNode) offsets = NULL;
  g_autoptr(JsonNode) modes = NULL;

  start_server (CRIA_SIM_SENSOR_MONO, 320, 240);

  ck_assert_int_eq (camera_error ("GET", "camerastate", NULL), CRIA_ALPACA_ERROR_NOT_CONNECTED);
  connect_camera ();

  ck_assert_int_eq (sim_get_int ("camera", "cameraxsize", NULL), 320);
  ck_assert_int_eq (sim_get_int ("camera", "cameraysize", NULL), 240);
  ck_assert_int_eq (sim_get_int ("camera", "numx", NULL), 320);
  ck_assert_int_eq (sim_get_int ("camera", "numy", NULL), 240);
  ck_assert_int_eq (sim_get_int ("camera", "sensortype", NULL), 0);
  ck_assert_int_eq (camera_error ("GET", "bayeroffsetx", NULL), CRIA_ALPACA_ERROR_NOT_IMPLEMENTED);
  ck_assert_int_eq (camera_error ("GET", "bayeroffsety", NULL), CRIA_ALPACA_ERROR_NOT_IMPLEMENTED);
  ck_assert_int_eq (sim_get_int ("camera", "maxadu", NULL), 65535);
  ck_assert_int_eq (sim_get_int ("camera", "maxbinx", NULL), 4);
  ck_assert (!sim_get_bool ("camera", "canasymmetricbin", NULL));
  ck_assert (sim_get_double ("camera", "pixelsizex", NULL) > 1.0);
  ck_assert (sim_get_double ("camera", "electronsperadu", NULL) > 0);
  ck_assert (sim_get_double ("camera", "fullwellcapacity", NULL) > 1000);

  /* Gain by value, offset by index. */
  ck_assert_int_lt (sim_get_int ("camera", "gainmin", NULL),
                    sim_get_int ("camera", "gainmax", NULL));
  ck_assert_int_eq (camera_error ("GET", "gains", NULL), CRIA_ALPACA_ERROR_NOT_IMPLEMENTED);
  offsets = sim_get_value ("camera", "offsets", NULL);
  ck_assert (JSON_NODE_HOLDS_ARRAY (offsets));
  ck_assert_int_ge (json_array_get_length (json_node_get_array (offsets)), 2);
  ck_assert_int_lt (sim_get_int ("camera", "offset", NULL),
                    json_array_get_length (json_node_get_array (offsets)));
  ck_assert_int_eq (camera_error ("GET", "offsetmin", NULL), CRIA_ALPACA_ERROR_NOT_IMPLEMENTED);
  ck_assert_int_eq (camera_error ("GET", "offsetmax", NULL), CRIA_ALPACA_ERROR_NOT_IMPLEMENTED);
  sim_put_ok ("camera", "gain", "Gain=200");
  ck_assert_int_eq (sim_get_int ("camera", "gain", NULL), 200);
  ck_assert (sim_get_double ("camera", "electronsperadu", NULL) < 1.0);
  sim_put_ok ("camera", "offset", "Offset=0");
  ck_assert_int_eq (sim_get_int ("camera", "offset", NULL), 0);

  modes = sim_get_value ("camera", "readoutmodes", NULL);
  ck_assert_int_eq (json_array_get_length (json_node_get_array (modes)), 2);
  sim_put_ok ("camera", "readoutmode", "ReadoutMode=1");
  ck_assert_int_eq (sim_get_int ("camera", "readoutmode", NULL), 1);
  ck_assert (!sim_get_bool ("camera", "canfastreadout", NULL));
  ck_assert_int_eq (camera_error ("GET", "fastreadout", NULL), CRIA_ALPACA_ERROR_NOT_IMPLEMENTED);

  ck_assert (!sim_get_bool ("camera", "canpulseguide", NULL));
  ck_assert_int_eq (camera_error ("PUT", "pulseguide", "Direction=0&Duration=100"),
                    CRIA_ALPACA_ERROR_NOT_IMPLEMENTED);
  ck_assert_int_eq (camera_error ("GET", "ispulseguiding", NULL), CRIA_ALPACA_ERROR_NOT_IMPLEMENTED);
  ck_assert_int_eq (camera_error ("GET", "imagearrayvariant", NULL),
                    CRIA_ALPACA_ERROR_NOT_IMPLEMENTED);
  ck_assert_int_eq (camera_error ("GET", "subexposureduration", NULL),
                    CRIA_ALPACA_ERROR_NOT_IMPLEMENTED);

  /* Nothing has been taken yet. */
  ck_assert_int_eq (sim_get_int ("camera", "camerastate", NULL), 0);
  ck_assert (!sim_get_bool ("camera", "imageready", NULL));
  ck_assert_int_eq (camera_error ("GET", "lastexposureduration", NULL),
                    CRIA_ALPACA_ERROR_VALUE_NOT_SET);
  ck_assert_int_eq (camera_error ("GET", "lastexposurestarttime", NULL),
                    CRIA_ALPACA_ERROR_VALUE_NOT_SET);
  ck_assert_int_eq (camera_error ("GET", "imagearray", NULL), CRIA_ALPACA_ERROR_INVALID_OPERATION);
  ck_assert_int_eq (camera_error ("GET", "percentcompleted", NULL),
                    CRIA_ALPACA_ERROR_INVALID_OPERATION);
}
END_TEST

START_TEST (test_imagebytes_error)
{
  g_autoptr(SimReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  CriaImageBytesHeader header;
  gsize size = 0;
  const guint8 *data;

  start_server (CRIA_SIM_SENSOR_MONO, 64, 48);
  connect_camera ();

  reply = sim_http ("GET", "/api/v1/camera/0/imagearray", "ClientTransactionID=99",
                    ACCEPT_IMAGEBYTES);
  ck_assert_uint_eq (reply->status, 200);
  ck_assert_str_eq (reply->content_type, "application/imagebytes");
  data = g_bytes_get_data (reply->body, &size);
  ck_assert (!cria_imagebytes_parse_header (data, size, &header, &error));
  ck_assert (g_error_matches (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_OPERATION));
  ck_assert (strstr (error->message, "exposure") != NULL);
}
END_TEST

START_TEST (test_exposure_state_machine)
{
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(JsonNode) start_time = NULL;
  g_autoptr(GRegex) fits_time = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?$",
                                             0, 0, NULL);
  JsonArray *entries;
  gboolean seen_state = FALSE, seen_percent = FALSE;
  gint64 percent;
  guint i;

  start_server (CRIA_SIM_SENSOR_MONO, 320, 240);
  connect_camera ();

  /* 60 simulated seconds: three real seconds to look at the exposure in progress. */
  start_exposure (60.0, TRUE);
  ck_assert_int_eq (sim_get_int ("camera", "camerastate", NULL), 2);
  ck_assert (!sim_get_bool ("camera", "imageready", NULL));
  percent = sim_get_int ("camera", "percentcompleted", NULL);
  ck_assert (percent >= 0 && percent < 100);
  ck_assert_int_eq (camera_error ("PUT", "startexposure", "Duration=1&Light=true"),
                    CRIA_ALPACA_ERROR_INVALID_OPERATION);
  ck_assert_int_eq (camera_error ("GET", "imagearray", NULL), CRIA_ALPACA_ERROR_INVALID_OPERATION);

  state = sim_get_value ("camera", "devicestate", NULL);
  entries = json_node_get_array (state);
  for (i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      const char *name = json_object_get_string_member (entry, "Name");

      if (g_str_equal (name, "CameraState"))
        {
          seen_state = TRUE;
          ck_assert_int_eq (json_object_get_int_member (entry, "Value"), 2);
        }
      seen_percent |= g_str_equal (name, "PercentCompleted");
    }
  ck_assert (seen_state && seen_percent);

  wait_image_ready ();
  ck_assert_int_eq (sim_get_int ("camera", "camerastate", NULL), 0);
  ck_assert (fabs (sim_get_double ("camera", "lastexposureduration", NULL) - 60.0) < 1e-6);
  start_time = sim_get_value ("camera", "lastexposurestarttime", NULL);
  ck_assert_msg (g_regex_match (fits_time, json_node_get_string (start_time), 0, NULL),
                 "%s", json_node_get_string (start_time));
}
END_TEST

START_TEST (test_invalid_values)
{
  g_autoptr(SimReply) reply = NULL;

  start_server (CRIA_SIM_SENSOR_MONO, 320, 240);
  connect_camera ();

  ck_assert_int_eq (camera_error ("PUT", "startexposure", "Duration=-1&Light=true"),
                    CRIA_ALPACA_ERROR_INVALID_VALUE);
  ck_assert_int_eq (camera_error ("PUT", "startexposure", "Duration=3601&Light=true"),
                    CRIA_ALPACA_ERROR_INVALID_VALUE);
  ck_assert_int_eq (camera_error ("PUT", "binx", "BinX=0"), CRIA_ALPACA_ERROR_INVALID_VALUE);
  ck_assert_int_eq (camera_error ("PUT", "biny", "BinY=5"), CRIA_ALPACA_ERROR_INVALID_VALUE);
  ck_assert_int_eq (camera_error ("PUT", "numx", "NumX=321"), CRIA_ALPACA_ERROR_INVALID_VALUE);
  ck_assert_int_eq (camera_error ("PUT", "numy", "NumY=0"), CRIA_ALPACA_ERROR_INVALID_VALUE);
  ck_assert_int_eq (camera_error ("PUT", "startx", "StartX=-1"), CRIA_ALPACA_ERROR_INVALID_VALUE);
  ck_assert_int_eq (camera_error ("PUT", "gain", "Gain=301"), CRIA_ALPACA_ERROR_INVALID_VALUE);
  ck_assert_int_eq (camera_error ("PUT", "offset", "Offset=4"), CRIA_ALPACA_ERROR_INVALID_VALUE);
  ck_assert_int_eq (camera_error ("PUT", "readoutmode", "ReadoutMode=2"),
                    CRIA_ALPACA_ERROR_INVALID_VALUE);
  ck_assert_int_eq (camera_error ("PUT", "setccdtemperature", "SetCCDTemperature=-60"),
                    CRIA_ALPACA_ERROR_INVALID_VALUE);

  /* Asymmetric binning is refused when the exposure starts. */
  sim_put_ok ("camera", "binx", "BinX=2");
  ck_assert_int_eq (camera_error ("PUT", "startexposure", "Duration=1&Light=true"),
                    CRIA_ALPACA_ERROR_INVALID_VALUE);
  sim_put_ok ("camera", "biny", "BinY=2");

  /* A subframe that no longer fits after binning. */
  sim_put_ok ("camera", "startx", "StartX=100");
  sim_put_ok ("camera", "numx", "NumX=100");
  ck_assert_int_eq (camera_error ("PUT", "startexposure", "Duration=1&Light=true"),
                    CRIA_ALPACA_ERROR_INVALID_VALUE);
  sim_put_ok ("camera", "startx", "StartX=60");
  start_exposure (0.0, TRUE);
  wait_image_ready ();

  /* A parameter that does not parse is a bad request, not an ASCOM error. */
  reply = sim_http ("PUT", "/api/v1/camera/0/startexposure", "Duration=soon&Light=true", NULL);
  ck_assert_uint_eq (reply->status, 400);
}
END_TEST

START_TEST (test_imagebytes_matches_json)
{
  g_autoptr(CriaFrame) bytes_frame = NULL;
  g_autoptr(CriaFrame) second = NULL;
  g_autoptr(CriaFrame) json_frame = NULL;
  g_autoptr(SimReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  CriaImageBytesHeader header, header2;
  JsonObject *object;
  gsize size = 0;
  const char *text;
  guint x, y;

  start_server (CRIA_SIM_SENSOR_RGGB, 320, 240);
  connect_camera ();
  start_exposure (5.0, TRUE);
  wait_image_ready ();

  bytes_frame = fetch_imagebytes (4242, &header);
  ck_assert_uint_eq (header.client_transaction_id, 4242);
  ck_assert_int_eq (header.error_number, 0);
  ck_assert_int_eq (header.image_element_type, CRIA_ELEMENT_INT32);
  ck_assert_int_eq (header.transmission_element_type, CRIA_ELEMENT_UINT16);
  ck_assert_int_eq (header.rank, 2);
  ck_assert_int_eq (header.dimension1, 320);
  ck_assert_int_eq (header.dimension2, 240);
  ck_assert_uint_eq (bytes_frame->width, 320);
  ck_assert_uint_eq (bytes_frame->height, 240);

  /* Each request gets its own header in front of the shared data. */
  second = fetch_imagebytes (77, &header2);
  ck_assert_uint_eq (header2.client_transaction_id, 77);
  ck_assert_uint_ne (header2.server_transaction_id, header.server_transaction_id);

  reply = sim_http ("GET", "/api/v1/camera/0/imagearray", "ClientTransactionID=31", NULL);
  object = sim_reply_object (reply);
  ck_assert_int_eq (json_object_get_int_member (object, "Type"), 2);
  ck_assert_int_eq (json_object_get_int_member (object, "Rank"), 2);
  ck_assert_int_eq (json_object_get_int_member (object, "ClientTransactionID"), 31);
  ck_assert_int_eq (json_object_get_int_member (object, "ErrorNumber"), 0);
  text = g_bytes_get_data (reply->body, &size);
  ck_assert (g_str_has_prefix (text, "{\"Type\":2,\"Rank\":2"));
  json_frame = cria_image_json_decode (text, size, &error);
  ck_assert_msg (json_frame != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_uint_eq (json_frame->width, 320);
  ck_assert_uint_eq (json_frame->height, 240);

  for (y = 0; y < 240; y++)
    for (x = 0; x < 320; x++)
      {
        double a = cria_frame_get_value (bytes_frame, x, y, 0);

        ck_assert_msg (a == cria_frame_get_value (json_frame, x, y, 0), "(%u, %u)", x, y);
        ck_assert (a == cria_frame_get_value (second, x, y, 0));
      }
}
END_TEST

START_TEST (test_binning_and_subframe)
{
  g_autoptr(CriaFrame) full = NULL;
  g_autoptr(CriaFrame) binned = NULL;
  g_autoptr(CriaFrame) sub = NULL;

  start_server (CRIA_SIM_SENSOR_MONO, 320, 240);
  connect_camera ();

  full = take_frame (1.0, TRUE);
  ck_assert_uint_eq (full->width, 320);
  ck_assert_uint_eq (full->height, 240);

  sim_put_ok ("camera", "binx", "BinX=2");
  sim_put_ok ("camera", "biny", "BinY=2");
  ck_assert_int_eq (sim_get_int ("camera", "numx", NULL), 160);
  ck_assert_int_eq (sim_get_int ("camera", "numy", NULL), 120);
  binned = take_frame (1.0, TRUE);
  ck_assert_uint_eq (binned->width, 160);
  ck_assert_uint_eq (binned->height, 120);

  sim_put_ok ("camera", "startx", "StartX=10");
  sim_put_ok ("camera", "starty", "StartY=20");
  sim_put_ok ("camera", "numx", "NumX=50");
  sim_put_ok ("camera", "numy", "NumY=40");
  sub = take_frame (1.0, TRUE);
  ck_assert_uint_eq (sub->width, 50);
  ck_assert_uint_eq (sub->height, 40);
}
END_TEST

START_TEST (test_abort_and_stop)
{
  g_autoptr(CriaFrame) frame = NULL;
  double duration;

  start_server (CRIA_SIM_SENSOR_MONO, 320, 240);
  connect_camera ();

  start_exposure (200.0, TRUE);
  ck_assert_int_eq (sim_get_int ("camera", "camerastate", NULL), 2);
  sim_put_ok ("camera", "abortexposure", "");
  ck_assert_int_eq (sim_get_int ("camera", "camerastate", NULL), 0);
  ck_assert (!sim_get_bool ("camera", "imageready", NULL));
  ck_assert_int_eq (camera_error ("GET", "imagearray", NULL), CRIA_ALPACA_ERROR_INVALID_OPERATION);

  /* Stopping keeps the light collected so far. */
  start_exposure (200.0, TRUE);
  g_usleep (300000);
  sim_put_ok ("camera", "stopexposure", "");
  wait_image_ready ();
  duration = sim_get_double ("camera", "lastexposureduration", NULL);
  ck_assert_msg (duration > 1.0 && duration < 150.0, "%g", duration);
  frame = fetch_imagebytes (5, &(CriaImageBytesHeader) { 0 });
  ck_assert_uint_eq (frame->width, 320);
}
END_TEST

START_TEST (test_cooler)
{
  double previous, temperature;
  gint64 deadline;

  start_server (CRIA_SIM_SENSOR_MONO, 64, 48);
  connect_camera ();

  ck_assert (sim_get_bool ("camera", "cansetccdtemperature", NULL));
  previous = sim_get_double ("camera", "ccdtemperature", NULL);
  ck_assert (previous > 5.0);
  ck_assert (sim_get_double ("camera", "coolerpower", NULL) == 0.0);

  sim_put_ok ("camera", "setccdtemperature", "SetCCDTemperature=-10");
  sim_put_ok ("camera", "cooleron", "CoolerOn=true");
  ck_assert (sim_get_bool ("camera", "cooleron", NULL));
  ck_assert (fabs (sim_get_double ("camera", "setccdtemperature", NULL) + 10.0) < 1e-9);

  deadline = g_get_monotonic_time () + (gint64) (MAX_WAIT * G_USEC_PER_SEC);
  do
    {
      g_usleep (100000);
      temperature = sim_get_double ("camera", "ccdtemperature", NULL);
      ck_assert_msg (temperature <= previous + 1e-9, "%g after %g", temperature, previous);
      ck_assert_msg (temperature >= -10.0 - 1e-6, "overshoot to %g", temperature);
      previous = temperature;
      ck_assert (g_get_monotonic_time () < deadline);
    }
  while (temperature > 0.0);
  ck_assert (sim_get_double ("camera", "coolerpower", NULL) > 0.0);
  ck_assert (sim_get_double ("camera", "heatsinktemperature", NULL) > 15.0);

  /* Off, it warms up again. */
  sim_put_ok ("camera", "cooleron", "CoolerOn=false");
  g_usleep (300000);
  ck_assert (sim_get_double ("camera", "ccdtemperature", NULL) > previous);
  ck_assert (sim_get_double ("camera", "coolerpower", NULL) == 0.0);
}
END_TEST

static void
move_focuser (gint position)
{
  char form[64];

  g_snprintf (form, sizeof form, "Position=%d", position);
  sim_put_ok ("focuser", "move", form);
  ck_assert_msg (sim_wait_bool ("focuser", "ismoving", NULL, FALSE, MAX_WAIT),
                 "the focuser never stopped");
}

/* Stars are only sharp with the simulated focuser at its best position. */
static void
focus_camera (void)
{
  CriaSimDevice *focuser = cria_sim_server_get_device (sim_server (), CRIA_DEVICE_FOCUSER, 0);
  gint best = 0;

  ck_assert (focuser != NULL);
  cria_sim_focuser_get_position (CRIA_SIM_FOCUSER (focuser), NULL, NULL, &best);
  sim_put_ok ("focuser", "connected", "Connected=true");
  move_focuser (best);
}

static void
wait_telescope_still (void)
{
  ck_assert_msg (sim_wait_bool ("telescope", "slewing", NULL, FALSE, MAX_WAIT),
                 "the telescope never stopped");
}

static void
slew_telescope (double ra,
                double dec)
{
  char form[128];
  char ra_text[G_ASCII_DTOSTR_BUF_SIZE];
  char dec_text[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (form, sizeof form, "RightAscension=%s&Declination=%s",
              g_ascii_dtostr (ra_text, sizeof ra_text, ra),
              g_ascii_dtostr (dec_text, sizeof dec_text, dec));
  sim_put_ok ("telescope", "slewtocoordinatesasync", form);
  wait_telescope_still ();
}

START_TEST (test_slew_moves_stars)
{
  g_autoptr(CriaFrame) before = NULL;
  g_autoptr(CriaFrame) after = NULL;
  g_autoptr(JsonNode) sidereal = NULL;
  double ra, offset = 0.03;
  int shift_x = 0, shift_y = 0, expected;
  guint votes;

  start_server (CRIA_SIM_SENSOR_MONO, 640, 480);
  ck_assert (cria_sim_server_get_device (sim_server (), CRIA_DEVICE_TELESCOPE, 0) != NULL);
  connect_camera ();
  focus_camera ();
  sim_put_ok ("telescope", "connected", "Connected=true");
  sim_put_ok ("telescope", "tracking", "Tracking=true");

  /* On the meridian, high in the sky. */
  sidereal = sim_get_value ("telescope", "siderealtime", NULL);
  ra = json_node_get_double (sidereal);
  slew_telescope (ra, 40.0);
  before = take_frame (10.0, TRUE);

  slew_telescope (ra, 40.0 + offset);
  after = take_frame (10.0, TRUE);

  /* North is up: pointing further north moves the stars down the frame. */
  expected = (int) lround (offset * 3600.0 / TEST_PIXEL_SCALE);
  votes = star_shift (before, after, &shift_x, &shift_y);
  ck_assert_msg (votes >= 6 && abs (shift_y - expected) <= 2 && abs (shift_x) <= 2,
                 "stars moved %d,%d (%u votes), expected 0,%d", shift_x, shift_y, votes, expected);
}
END_TEST

START_TEST (test_focus_sharpens_stars)
{
  g_autoptr(CriaFrame) sharp = NULL;
  g_autoptr(CriaFrame) blurred = NULL;
  CriaSimDevice *focuser;
  double peak_sharp, peak_blurred, medians[2][2];
  guint sx = 0, sy = 0, bx = 0, by = 0;
  gint best = 0, max_step = 0;

  start_server (CRIA_SIM_SENSOR_MONO, 640, 480);
  focuser = cria_sim_server_get_device (sim_server (), CRIA_DEVICE_FOCUSER, 0);
  ck_assert (focuser != NULL);
  cria_sim_focuser_get_position (CRIA_SIM_FOCUSER (focuser), NULL, &max_step, &best);
  connect_camera ();
  sim_put_ok ("focuser", "connected", "Connected=true");

  move_focuser (best);
  sharp = take_frame (5.0, TRUE);

  move_focuser (best > max_step / 2 ? best - 600 : best + 600);
  blurred = take_frame (5.0, TRUE);

  frame_max (sharp, &peak_sharp, &sx, &sy);
  frame_max (blurred, &peak_blurred, &bx, &by);
  parity_medians (sharp, medians);
  ck_assert_msg (peak_sharp - medians[0][0] > 3.0 * (peak_blurred - medians[0][0]),
                 "peaks %g and %g", peak_sharp, peak_blurred);
  ck_assert (star_width (sharp, sx, sy, 12, medians[0][0])
             < star_width (blurred, bx, by, 12, medians[0][0]));
}
END_TEST

START_TEST (test_bayer_phase)
{
  /* For each --sensor pattern: where R sits relative to RGGB. */
  static const struct
  {
    CriaSimSensor sensor;
    int           x, y;
  } cases[] = {
    { CRIA_SIM_SENSOR_RGGB, 0, 0 },
    { CRIA_SIM_SENSOR_GRBG, 1, 0 },
    { CRIA_SIM_SENSOR_GBRG, 0, 1 },
    { CRIA_SIM_SENSOR_BGGR, 1, 1 },
  };
  int c = _i;
  g_autoptr(CriaFrame) frame = NULL;
  g_autoptr(CriaFrame) shifted = NULL;
  double medians[2][2];
  int rx, ry;

  start_server (cases[c].sensor, 320, 240);
  connect_camera ();
  ck_assert_int_eq (sim_get_int ("camera", "sensortype", NULL), 2);
  ck_assert_int_eq (sim_get_int ("camera", "bayeroffsetx", NULL), cases[c].x);
  ck_assert_int_eq (sim_get_int ("camera", "bayeroffsety", NULL), cases[c].y);

  /* The simulated sky glows orange: red pixels are brightest, blue ones darkest. */
  frame = take_frame (10.0, TRUE);
  parity_medians (frame, medians);
  rx = cases[c].x;
  ry = cases[c].y;
  ck_assert_msg (medians[ry][rx] > medians[ry][1 - rx] && medians[ry][rx] > medians[1 - ry][rx]
                 && medians[1 - ry][1 - rx] < medians[ry][1 - rx]
                 && medians[1 - ry][1 - rx] < medians[1 - ry][rx],
                 "medians %g %g / %g %g", medians[0][0], medians[0][1], medians[1][0],
                 medians[1][1]);

  /* The phase follows the sensor's origin, not the subframe's. */
  sim_put_ok ("camera", "startx", "StartX=1");
  sim_put_ok ("camera", "numx", "NumX=200");
  shifted = take_frame (10.0, TRUE);
  parity_medians (shifted, medians);
  rx = 1 - cases[c].x;
  ck_assert_msg (medians[ry][rx] > medians[ry][1 - rx] && medians[ry][rx] > medians[1 - ry][rx],
                 "shifted medians %g %g / %g %g", medians[0][0], medians[0][1], medians[1][0],
                 medians[1][1]);
}
END_TEST

static Suite *
sim_camera_suite (void)
{
  Suite *suite = suite_create ("sim-camera");
  TCase *http_case = tcase_create ("http");

  tcase_add_checked_fixture (http_case, NULL, teardown);
  tcase_set_timeout (http_case, 60);
  tcase_add_test (http_case, test_properties);
  tcase_add_test (http_case, test_imagebytes_error);
  tcase_add_test (http_case, test_exposure_state_machine);
  tcase_add_test (http_case, test_invalid_values);
  tcase_add_test (http_case, test_imagebytes_matches_json);
  tcase_add_test (http_case, test_binning_and_subframe);
  tcase_add_test (http_case, test_abort_and_stop);
  tcase_add_test (http_case, test_cooler);
  tcase_add_test (http_case, test_slew_moves_stars);
  tcase_add_test (http_case, test_focus_sharpens_stars);
  tcase_add_loop_test (http_case, test_bayer_phase, 0, 4);
  suite_add_tcase (suite, http_case);

  return suite;
}

int
main (void)
{
  return sim_run_suite (sim_camera_suite ());
}
