/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sim-camera"

#include <check.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cria-alpaca-error.h"
#include "cria-imagebytes.h"
#include "cria-sim-focuser.h"
#include "cria-sim-server.h"
#include "test-sim-image-util.h"

/* The simulated camera over HTTP, as a client sees it, with the simulated telescope and
 * focuser beside it. */

#define SPEED         20.0
#define MAX_WAIT      20.0

static CriaSimServer *server;
static char *base_url;
static char *state_dir;
static SoupSession *session;

/* ---- the server ---- */

static void
start_server (CriaSimSensor sensor,
              guint         width,
              guint         height)
{
  CriaSimOptions options = {
    .address = "127.0.0.1",
    .camera_width = width,
    .camera_height = height,
    .sensor = sensor,
    .speed = SPEED,
  };
  g_autoptr(GError) error = NULL;

  state_dir = g_dir_make_tmp ("cria-sim-camera-XXXXXX", &error);
  ck_assert_msg (state_dir != NULL, "%s", error != NULL ? error->message : "");
  options.state_dir = state_dir;

  server = cria_sim_server_new (&options);
  ck_assert (cria_sim_server_get_device (server, CRIA_DEVICE_CAMERA, 0) != NULL);
  ck_assert_msg (cria_sim_server_start (server, &error), "%s", error != NULL ? error->message : "");
  base_url = cria_sim_server_get_url (server);
  session = soup_session_new ();
}

static void
teardown (void)
{
  g_autofree char *file = NULL;

  g_clear_object (&session);
  if (server != NULL)
    cria_sim_server_stop (server);
  g_clear_object (&server);
  g_clear_pointer (&base_url, g_free);
  if (state_dir != NULL)
    {
      file = g_build_filename (state_dir, "simulator.ini", NULL);
      g_remove (file);
      g_rmdir (state_dir);
      g_clear_pointer (&state_dir, g_free);
    }
}

/* ---- HTTP ---- */

typedef struct
{
  guint     status;
  char     *content_type;
  GBytes   *body;
  JsonNode *json;
} Reply;

static void
reply_free (Reply *reply)
{
  g_free (reply->content_type);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->json, json_node_unref);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

/* path below the server root; for GET, query goes in the URL, for PUT in a form body. */
static Reply *
http (const char *method,
      const char *path,
      const char *params,
      gboolean    imagebytes)
{
  gboolean put = g_str_equal (method, "PUT");
  g_autofree char *url = g_strconcat (base_url, path, !put && params != NULL ? "?" : "",
                                      !put && params != NULL ? params : "", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  Reply *reply = g_new0 (Reply, 1);
  const char *content_type;

  ck_assert_msg (msg != NULL, "bad URL %s", url);
  if (put)
    {
      g_autoptr(GBytes) form = g_bytes_new (params != NULL ? params : "",
                                            params != NULL ? strlen (params) : 0);

      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", form);
    }
  if (imagebytes)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept",
                                  "application/imagebytes, application/json");

  reply->body = soup_session_send_and_read (session, msg, NULL, &error);
  ck_assert_msg (reply->body != NULL, "%s: %s", url, error != NULL ? error->message : "?");
  reply->status = soup_message_get_status (msg);
  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                        NULL);
  reply->content_type = g_strdup (content_type != NULL ? content_type : "");

  if (g_str_equal (reply->content_type, "application/json"))
    {
      gsize size = 0;
      const char *data = g_bytes_get_data (reply->body, &size);
      g_autofree char *text = g_strndup (data, size);

      reply->json = json_from_string (text, &error);
      ck_assert_msg (reply->json != NULL && JSON_NODE_HOLDS_OBJECT (reply->json),
                     "%s: invalid JSON", url);
    }
  return reply;
}

static JsonObject *
object_of (Reply *reply)
{
  ck_assert_msg (reply->status == 200, "HTTP status %u", reply->status);
  ck_assert_msg (reply->json != NULL, "not JSON but %s", reply->content_type);
  return json_node_get_object (reply->json);
}

static char *
device_path (const char *device,
             const char *member)
{
  return g_strdup_printf ("/api/v1/%s/0/%s", device, member);
}

/* The Value of a successful GET, owned. */
static JsonNode *
device_get (const char *device,
            const char *member)
{
  g_autofree char *path = device_path (device, member);
  g_autoptr(Reply) reply = http ("GET", path, "ClientID=7&ClientTransactionID=11", FALSE);
  JsonObject *object = object_of (reply);

  ck_assert_msg (json_object_get_int_member (object, "ErrorNumber") == 0, "%s: %s", member,
                 json_object_get_string_member (object, "ErrorMessage"));
  ck_assert_msg (json_object_has_member (object, "Value"), "%s has no Value", member);
  return json_node_copy (json_object_get_member (object, "Value"));
}

static void
device_put (const char *device,
            const char *member,
            const char *form)
{
  g_autofree char *path = device_path (device, member);
  g_autoptr(Reply) reply = http ("PUT", path, form, FALSE);
  JsonObject *object = object_of (reply);

  ck_assert_msg (json_object_get_int_member (object, "ErrorNumber") == 0, "%s: %s", member,
                 json_object_get_string_member (object, "ErrorMessage"));
}

static gint64
camera_int (const char *member)
{
  g_autoptr(JsonNode) value = device_get ("camera", member);

  return json_node_get_int (value);
}

static double
camera_double (const char *member)
{
  g_autoptr(JsonNode) value = device_get ("camera", member);

  return json_node_get_double (value);
}

static gboolean
camera_bool (const char *member)
{
  g_autoptr(JsonNode) value = device_get ("camera", member);

  return json_node_get_boolean (value);
}

static void
camera_put (const char *member,
            const char *form)
{
  device_put ("camera", member, form);
}

/* The ErrorNumber of a camera call that must fail at the ASCOM level. */
static gint64
camera_error (const char *method,
              const char *member,
              const char *params)
{
  g_autofree char *path = device_path ("camera", member);
  g_autoptr(Reply) reply = http (method, path, params, FALSE);
  JsonObject *object = object_of (reply);
  gint64 number = json_object_get_int_member (object, "ErrorNumber");

  ck_assert_msg (number != 0, "%s %s succeeded", method, member);
  ck_assert_msg (strlen (json_object_get_string_member (object, "ErrorMessage")) > 5,
                 "%s: no explanation", member);
  return number;
}

static void
connect_camera (void)
{
  camera_put ("connected", "Connected=true");
}

static void
wait_image_ready (void)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (MAX_WAIT * G_USEC_PER_SEC);

  while (!camera_bool ("imageready"))
    {
      ck_assert_msg (g_get_monotonic_time () < deadline, "ImageReady never became true");
      g_usleep (20000);
    }
}

static void
start_exposure (double   duration,
                gboolean light)
{
  char form[96];
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (form, sizeof form, "Duration=%s&Light=%s",
              g_ascii_dtostr (number, sizeof number, duration), light ? "true" : "false");
  camera_put ("startexposure", form);
}

static CriaFrame *
fetch_imagebytes (guint32               client_transaction_id,
                  CriaImageBytesHeader *header)
{
  g_autofree char *query = g_strdup_printf ("ClientID=7&ClientTransactionID=%u",
                                            client_transaction_id);
  g_autoptr(Reply) reply = http ("GET", "/api/v1/camera/0/imagearray", query, TRUE);
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

  ck_assert_int_eq (camera_int ("cameraxsize"), 320);
  ck_assert_int_eq (camera_int ("cameraysize"), 240);
  ck_assert_int_eq (camera_int ("numx"), 320);
  ck_assert_int_eq (camera_int ("numy"), 240);
  ck_assert_int_eq (camera_int ("sensortype"), 0);
  ck_assert_int_eq (camera_error ("GET", "bayeroffsetx", NULL), CRIA_ALPACA_ERROR_NOT_IMPLEMENTED);
  ck_assert_int_eq (camera_error ("GET", "bayeroffsety", NULL), CRIA_ALPACA_ERROR_NOT_IMPLEMENTED);
  ck_assert_int_eq (camera_int ("maxadu"), 65535);
  ck_assert_int_eq (camera_int ("maxbinx"), 4);
  ck_assert (!camera_bool ("canasymmetricbin"));
  ck_assert (camera_double ("pixelsizex") > 1.0);
  ck_assert (camera_double ("electronsperadu") > 0);
  ck_assert (camera_double ("fullwellcapacity") > 1000);

  /* Gain by value, offset by index. */
  ck_assert_int_lt (camera_int ("gainmin"), camera_int ("gainmax"));
  ck_assert_int_eq (camera_error ("GET", "gains", NULL), CRIA_ALPACA_ERROR_NOT_IMPLEMENTED);
  offsets = device_get ("camera", "offsets");
  ck_assert (JSON_NODE_HOLDS_ARRAY (offsets));
  ck_assert_int_ge (json_array_get_length (json_node_get_array (offsets)), 2);
  ck_assert_int_lt (camera_int ("offset"), json_array_get_length (json_node_get_array (offsets)));
  ck_assert_int_eq (camera_error ("GET", "offsetmin", NULL), CRIA_ALPACA_ERROR_NOT_IMPLEMENTED);
  ck_assert_int_eq (camera_error ("GET", "offsetmax", NULL), CRIA_ALPACA_ERROR_NOT_IMPLEMENTED);
  camera_put ("gain", "Gain=200");
  ck_assert_int_eq (camera_int ("gain"), 200);
  ck_assert (camera_double ("electronsperadu") < 1.0);
  camera_put ("offset", "Offset=0");
  ck_assert_int_eq (camera_int ("offset"), 0);

  modes = device_get ("camera", "readoutmodes");
  ck_assert_int_eq (json_array_get_length (json_node_get_array (modes)), 2);
  camera_put ("readoutmode", "ReadoutMode=1");
  ck_assert_int_eq (camera_int ("readoutmode"), 1);
  ck_assert (!camera_bool ("canfastreadout"));
  ck_assert_int_eq (camera_error ("GET", "fastreadout", NULL), CRIA_ALPACA_ERROR_NOT_IMPLEMENTED);

  ck_assert (!camera_bool ("canpulseguide"));
  ck_assert_int_eq (camera_error ("PUT", "pulseguide", "Direction=0&Duration=100"),
                    CRIA_ALPACA_ERROR_NOT_IMPLEMENTED);
  ck_assert_int_eq (camera_error ("GET", "ispulseguiding", NULL), CRIA_ALPACA_ERROR_NOT_IMPLEMENTED);
  ck_assert_int_eq (camera_error ("GET", "imagearrayvariant", NULL),
                    CRIA_ALPACA_ERROR_NOT_IMPLEMENTED);
  ck_assert_int_eq (camera_error ("GET", "subexposureduration", NULL),
                    CRIA_ALPACA_ERROR_NOT_IMPLEMENTED);

  /* Nothing has been taken yet. */
  ck_assert_int_eq (camera_int ("camerastate"), 0);
  ck_assert (!camera_bool ("imageready"));
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
  g_autoptr(Reply) reply = NULL;
  g_autoptr(GError) error = NULL;
  CriaImageBytesHeader header;
  gsize size = 0;
  const guint8 *data;

  start_server (CRIA_SIM_SENSOR_MONO, 64, 48);
  connect_camera ();

  reply = http ("GET", "/api/v1/camera/0/imagearray", "ClientTransactionID=99", TRUE);
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
  ck_assert_int_eq (camera_int ("camerastate"), 2);
  ck_assert (!camera_bool ("imageready"));
  percent = camera_int ("percentcompleted");
  ck_assert (percent >= 0 && percent < 100);
  ck_assert_int_eq (camera_error ("PUT", "startexposure", "Duration=1&Light=true"),
                    CRIA_ALPACA_ERROR_INVALID_OPERATION);
  ck_assert_int_eq (camera_error ("GET", "imagearray", NULL), CRIA_ALPACA_ERROR_INVALID_OPERATION);

  state = device_get ("camera", "devicestate");
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
  ck_assert_int_eq (camera_int ("camerastate"), 0);
  ck_assert (fabs (camera_double ("lastexposureduration") - 60.0) < 1e-6);
  start_time = device_get ("camera", "lastexposurestarttime");
  ck_assert_msg (g_regex_match (fits_time, json_node_get_string (start_time), 0, NULL),
                 "%s", json_node_get_string (start_time));
}
END_TEST

START_TEST (test_invalid_values)
{
  g_autoptr(Reply) reply = NULL;

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
  camera_put ("binx", "BinX=2");
  ck_assert_int_eq (camera_error ("PUT", "startexposure", "Duration=1&Light=true"),
                    CRIA_ALPACA_ERROR_INVALID_VALUE);
  camera_put ("biny", "BinY=2");

  /* A subframe that no longer fits after binning. */
  camera_put ("startx", "StartX=100");
  camera_put ("numx", "NumX=100");
  ck_assert_int_eq (camera_error ("PUT", "startexposure", "Duration=1&Light=true"),
                    CRIA_ALPACA_ERROR_INVALID_VALUE);
  camera_put ("startx", "StartX=60");
  start_exposure (0.0, TRUE);
  wait_image_ready ();

  /* A parameter that does not parse is a bad request, not an ASCOM error. */
  reply = http ("PUT", "/api/v1/camera/0/startexposure", "Duration=soon&Light=true", FALSE);
  ck_assert_uint_eq (reply->status, 400);
}
END_TEST

START_TEST (test_imagebytes_matches_json)
{
  g_autoptr(CriaFrame) bytes_frame = NULL;
  g_autoptr(CriaFrame) second = NULL;
  g_autoptr(CriaFrame) json_frame = NULL;
  g_autoptr(Reply) reply = NULL;
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

  reply = http ("GET", "/api/v1/camera/0/imagearray", "ClientTransactionID=31", FALSE);
  object = object_of (reply);
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

  camera_put ("binx", "BinX=2");
  camera_put ("biny", "BinY=2");
  ck_assert_int_eq (camera_int ("numx"), 160);
  ck_assert_int_eq (camera_int ("numy"), 120);
  binned = take_frame (1.0, TRUE);
  ck_assert_uint_eq (binned->width, 160);
  ck_assert_uint_eq (binned->height, 120);

  camera_put ("startx", "StartX=10");
  camera_put ("starty", "StartY=20");
  camera_put ("numx", "NumX=50");
  camera_put ("numy", "NumY=40");
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
  ck_assert_int_eq (camera_int ("camerastate"), 2);
  camera_put ("abortexposure", "");
  ck_assert_int_eq (camera_int ("camerastate"), 0);
  ck_assert (!camera_bool ("imageready"));
  ck_assert_int_eq (camera_error ("GET", "imagearray", NULL), CRIA_ALPACA_ERROR_INVALID_OPERATION);

  /* Stopping keeps the light collected so far. */
  start_exposure (200.0, TRUE);
  g_usleep (300000);
  camera_put ("stopexposure", "");
  wait_image_ready ();
  duration = camera_double ("lastexposureduration");
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

  ck_assert (camera_bool ("cansetccdtemperature"));
  previous = camera_double ("ccdtemperature");
  ck_assert (previous > 5.0);
  ck_assert (camera_double ("coolerpower") == 0.0);

  camera_put ("setccdtemperature", "SetCCDTemperature=-10");
  camera_put ("cooleron", "CoolerOn=true");
  ck_assert (camera_bool ("cooleron"));
  ck_assert (fabs (camera_double ("setccdtemperature") + 10.0) < 1e-9);

  deadline = g_get_monotonic_time () + (gint64) (MAX_WAIT * G_USEC_PER_SEC);
  do
    {
      g_usleep (100000);
      temperature = camera_double ("ccdtemperature");
      ck_assert_msg (temperature <= previous + 1e-9, "%g after %g", temperature, previous);
      ck_assert_msg (temperature >= -10.0 - 1e-6, "overshoot to %g", temperature);
      previous = temperature;
      ck_assert (g_get_monotonic_time () < deadline);
    }
  while (temperature > 0.0);
  ck_assert (camera_double ("coolerpower") > 0.0);
  ck_assert (camera_double ("heatsinktemperature") > 15.0);

  /* Off, it warms up again. */
  camera_put ("cooleron", "CoolerOn=false");
  g_usleep (300000);
  ck_assert (camera_double ("ccdtemperature") > previous);
  ck_assert (camera_double ("coolerpower") == 0.0);
}
END_TEST

static void
move_focuser (gint position)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (MAX_WAIT * G_USEC_PER_SEC);
  char form[64];

  g_snprintf (form, sizeof form, "Position=%d", position);
  device_put ("focuser", "move", form);
  for (;;)
    {
      g_autoptr(JsonNode) moving = device_get ("focuser", "ismoving");

      if (!json_node_get_boolean (moving))
        break;
      ck_assert_msg (g_get_monotonic_time () < deadline, "the focuser never stopped");
      g_usleep (20000);
    }
}

/* Stars are only sharp with the simulated focuser at its best position. */
static void
focus_camera (void)
{
  CriaSimDevice *focuser = cria_sim_server_get_device (server, CRIA_DEVICE_FOCUSER, 0);
  gint best = 0;

  ck_assert (focuser != NULL);
  cria_sim_focuser_get_position (CRIA_SIM_FOCUSER (focuser), NULL, NULL, &best);
  device_put ("focuser", "connected", "Connected=true");
  move_focuser (best);
}

static void
wait_telescope_still (void)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (MAX_WAIT * G_USEC_PER_SEC);

  for (;;)
    {
      g_autoptr(JsonNode) slewing = device_get ("telescope", "slewing");

      if (!json_node_get_boolean (slewing))
        break;
      ck_assert_msg (g_get_monotonic_time () < deadline, "the telescope never stopped");
      g_usleep (50000);
    }
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
  device_put ("telescope", "slewtocoordinatesasync", form);
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
  ck_assert (cria_sim_server_get_device (server, CRIA_DEVICE_TELESCOPE, 0) != NULL);
  connect_camera ();
  focus_camera ();
  device_put ("telescope", "connected", "Connected=true");
  device_put ("telescope", "tracking", "Tracking=true");

  /* On the meridian, high in the sky. */
  sidereal = device_get ("telescope", "siderealtime");
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
  focuser = cria_sim_server_get_device (server, CRIA_DEVICE_FOCUSER, 0);
  ck_assert (focuser != NULL);
  cria_sim_focuser_get_position (CRIA_SIM_FOCUSER (focuser), NULL, &max_step, &best);
  connect_camera ();
  device_put ("focuser", "connected", "Connected=true");

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
  ck_assert_int_eq (camera_int ("sensortype"), 2);
  ck_assert_int_eq (camera_int ("bayeroffsetx"), cases[c].x);
  ck_assert_int_eq (camera_int ("bayeroffsety"), cases[c].y);

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
  camera_put ("startx", "StartX=1");
  camera_put ("numx", "NumX=200");
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
  SRunner *runner = srunner_create (sim_camera_suite ());
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
