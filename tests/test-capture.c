/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-capture"

#include <check.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "cria-alpaca.h"
#include "cria-sim-server.h"
#include "test-server-util.h"

/* The live loop against the simulator, and against small servers built for one fault. */

#define SPEED     50.0
#define WIDTH     320
#define HEIGHT    240
#define MAX_WAIT  20.0

static CriaSimServer *sim;
static char *sim_url;
static char *state_dir;
static SoupSession *session;

/* What the capture handed over. */
typedef struct
{
  GPtrArray  *frames;     /* kept frames, up to keep */
  GArray     *timings;    /* CriaFrameTiming of every delivered frame */
  GPtrArray  *addresses;  /* frame->data of every delivered frame */
  guint       keep;
  guint       n_frames;
  guint       want;
  gboolean    got_enough;
  gulong      sleep_us;   /* a slow consumer */
  GError     *error;
  gboolean    failed;
} Collector;

static void
collector_init (Collector *c,
                guint      want)
{
  memset (c, 0, sizeof *c);
  c->frames = g_ptr_array_new_with_free_func ((GDestroyNotify) cria_frame_unref);
  c->timings = g_array_new (FALSE, FALSE, sizeof (CriaFrameTiming));
  c->addresses = g_ptr_array_new ();
  c->want = want;
  c->keep = want;
}

static void
collector_clear (Collector *c)
{
  g_clear_pointer (&c->frames, g_ptr_array_unref);
  g_clear_pointer (&c->timings, g_array_unref);
  g_clear_pointer (&c->addresses, g_ptr_array_unref);
  g_clear_error (&c->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Collector, collector_clear)

static void
on_frame (CriaCapture           *capture,
          CriaFrame             *frame,
          const CriaFrameTiming *timing,
          Collector             *c)
{
  if (c->frames->len < c->keep)
    g_ptr_array_add (c->frames, cria_frame_ref (frame));
  g_array_append_val (c->timings, *timing);
  g_ptr_array_add (c->addresses, frame->data);
  c->n_frames++;
  if (c->n_frames >= c->want)
    c->got_enough = TRUE;
  if (c->sleep_us > 0)
    g_usleep (c->sleep_us);
}

static void
on_error (CriaCapture  *capture,
          const GError *error,
          Collector    *c)
{
  ck_assert_ptr_null (c->error);
  c->error = g_error_copy (error);
  c->failed = TRUE;
}

static void
start_sim (CriaSimSensor sensor)
{
  CriaSimOptions options = {
    .address = "127.0.0.1",
    .camera_width = WIDTH,
    .camera_height = HEIGHT,
    .sensor = sensor,
    .speed = SPEED,
  };
  g_autoptr(GError) error = NULL;

  state_dir = g_dir_make_tmp ("cria-capture-XXXXXX", &error);
  ck_assert_msg (state_dir != NULL, "%s", error != NULL ? error->message : "");
  options.state_dir = state_dir;
  sim = cria_sim_server_new (&options);
  ck_assert_msg (cria_sim_server_start (sim, &error), "%s", error != NULL ? error->message : "");
  sim_url = cria_sim_server_get_url (sim);
}

static void
setup_mono (void)
{
  session = soup_session_new ();
  start_sim (CRIA_SIM_SENSOR_MONO);
}

static void
setup_colour (void)
{
  session = soup_session_new ();
  start_sim (CRIA_SIM_SENSOR_RGGB);
}

static void
setup_local (void)
{
  session = soup_session_new ();
}

static void
teardown (void)
{
  g_clear_object (&session);
  if (sim != NULL)
    cria_sim_server_stop (sim);
  g_clear_object (&sim);
  g_clear_pointer (&sim_url, g_free);
  if (state_dir != NULL)
    {
      g_autofree char *ini = g_build_filename (state_dir, "simulator.ini", NULL);

      g_unlink (ini);
      g_rmdir (state_dir);
      g_clear_pointer (&state_dir, g_free);
    }
}

/* A capture of camera 0 at url; connected first when connect is TRUE. */
static CriaCapture *
capture_new (const char *url,
             gboolean    connect,
             Collector  *c)
{
  g_autoptr(CriaClient) client = cria_client_new (url);
  g_autoptr(CriaDevice) device = cria_device_new (client, CRIA_DEVICE_CAMERA, 0, "Camera", NULL);
  CriaCapture *capture;

  if (connect)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;

      cria_device_connect_async (device, NULL, cria_test_store_result, &result);
      result = cria_test_wait_result (&result, MAX_WAIT);
      ck_assert_msg (cria_device_connect_finish (device, result, &error), "%s",
                     error != NULL ? error->message : "");
    }

  capture = cria_capture_new (device);
  g_signal_connect (capture, "frame", G_CALLBACK (on_frame), c);
  g_signal_connect (capture, "error", G_CALLBACK (on_error), c);
  return capture;
}

static void
stop_and_wait (CriaCapture *capture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  cria_capture_stop_async (capture, NULL, cria_test_store_result, &result);
  result = cria_test_wait_result (&result, MAX_WAIT);
  ck_assert (cria_capture_stop_finish (capture, result, &error));
  ck_assert (!cria_capture_get_running (capture));
}

static void
wait_frames (Collector *c)
{
  ck_assert_msg (cria_test_wait_flag (&c->got_enough, MAX_WAIT),
                 "only %u of %u frames arrived%s%s", c->n_frames, c->want,
                 c->error != NULL ? ": " : "", c->error != NULL ? c->error->message : "");
  ck_assert_ptr_null (c->error);
}

/* A GET of the simulated camera's member, as JSON; its ServerTransactionID in *server_id. */
static JsonNode *
sim_get (const char *member,
         guint      *server_id)
{
  g_autofree char *url = g_strdup_printf ("%s/api/v1/camera/0/%s?ClientID=1&ClientTransactionID=1",
                                          sim_url, member);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  body = soup_session_send_and_read (session, msg, NULL, &error);
  ck_assert_msg (body != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_uint_eq (soup_message_get_status (msg), 200);
  ck_assert (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                         g_bytes_get_size (body), NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  ck_assert_int_eq (json_object_get_int_member (object, "ErrorNumber"), 0);
  if (server_id != NULL)
    *server_id = (guint) json_object_get_int_member (object, "ServerTransactionID");
  return json_node_copy (json_object_get_member (object, "Value"));
}

static void
assert_frame (const CriaFrame *frame,
              guint            width,
              guint            height)
{
  ck_assert_ptr_nonnull (frame);
  ck_assert_uint_eq (frame->width, width);
  ck_assert_uint_eq (frame->height, height);
  ck_assert_uint_eq (frame->planes, 1);
  ck_assert_int_eq (frame->element_type, CRIA_ELEMENT_UINT16);
  ck_assert_int_eq (frame->image_element_type, CRIA_ELEMENT_INT32);
  ck_assert (frame->info.fields & CRIA_FRAME_INFO_GEOMETRY);
  ck_assert (frame->info.fields & CRIA_FRAME_INFO_START_TIME);
}

/* ---- against the simulator ---- */

START_TEST (test_mono_frames)
{
  g_auto(Collector) c;
  g_autoptr(CriaCapture) capture = NULL;
  g_autofree char *date = NULL;
  CriaCaptureStats stats;
  const CriaFrame *frame;
  gint64 before = g_get_real_time ();
  double sum = 0;

  collector_init (&c, 3);
  capture = capture_new (sim_url, TRUE, &c);
  cria_capture_start (capture);
  ck_assert (cria_capture_get_running (capture));
  wait_frames (&c);
  stop_and_wait (capture);

  for (guint i = 0; i < c.frames->len; i++)
    {
      frame = g_ptr_array_index (c.frames, i);
      assert_frame (frame, WIDTH, HEIGHT);
      ck_assert_uint_eq (frame->info.sequence, i + 1);
      ck_assert_int_eq (frame->info.sensor_type, 0);
      ck_assert_uint_eq (frame->info.bin_x, 1);
      ck_assert (frame->info.fields & CRIA_FRAME_INFO_PIXEL_SIZE);
      ck_assert_double_eq_tol (frame->info.pixel_size_x, 3.76, 1e-9);
      ck_assert (frame->info.start_time >= before - G_USEC_PER_SEC);
    }

  /* The star field is not blank. */
  frame = g_ptr_array_index (c.frames, 0);
  for (guint y = 0; y < HEIGHT; y++)
    for (guint x = 0; x < WIDTH; x++)
      sum += cria_frame_get_value (frame, x, y, 0);
  ck_assert (sum / (WIDTH * HEIGHT) > 10);

  date = cria_frame_info_format_start_time (&frame->info);
  ck_assert_msg (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}$", date, 0, 0),
                 "%s", date);

  for (guint i = 0; i < c.timings->len; i++)
    {
      const CriaFrameTiming *t = &g_array_index (c.timings, CriaFrameTiming, i);

      ck_assert (t->imagebytes);
      ck_assert_uint_eq (t->bytes, CRIA_IMAGEBYTES_HEADER_SIZE + WIDTH * HEIGHT * 2);
      ck_assert (t->download_ms > 0 && t->decode_ms >= 0 && t->wait_ms >= 0);
      ck_assert (t->download_mbps > 0);
    }

  cria_capture_get_stats (capture, &stats);
  ck_assert_uint_ge (stats.frames, 3);
  ck_assert_uint_ge (stats.delivered, 3);
  ck_assert_uint_ge (stats.bytes, 3 * (CRIA_IMAGEBYTES_HEADER_SIZE + WIDTH * HEIGHT * 2));
}
END_TEST

START_TEST (test_colour_frames)
{
  g_auto(Collector) c;
  g_autoptr(CriaCapture) capture = NULL;
  const CriaFrame *frame;

  collector_init (&c, 2);
  capture = capture_new (sim_url, TRUE, &c);
  cria_capture_start (capture);
  wait_frames (&c);
  stop_and_wait (capture);

  frame = g_ptr_array_index (c.frames, 0);
  assert_frame (frame, WIDTH, HEIGHT);
  ck_assert (frame->info.fields & CRIA_FRAME_INFO_SENSOR);
  ck_assert_int_eq (frame->info.sensor_type, 2);
  ck_assert_int_eq (frame->info.bayer_offset_x, 0);
  ck_assert_int_eq (frame->info.bayer_offset_y, 0);
  ck_assert (frame->info.fields & CRIA_FRAME_INFO_GAIN);
  ck_assert (frame->info.fields & CRIA_FRAME_INFO_CCD_TEMPERATURE);
}
END_TEST

START_TEST (test_binning)
{
  g_auto(Collector) c;
  g_autoptr(CriaCapture) capture = NULL;
  const CriaFrame *frame;

  collector_init (&c, 2);
  capture = capture_new (sim_url, TRUE, &c);
  cria_capture_set_binning (capture, 2);
  cria_capture_set_gain (capture, 150);
  cria_capture_start (capture);
  wait_frames (&c);
  stop_and_wait (capture);

  frame = g_ptr_array_index (c.frames, 0);
  assert_frame (frame, WIDTH / 2, HEIGHT / 2);
  ck_assert_uint_eq (frame->info.bin_x, 2);
  ck_assert_uint_eq (frame->info.bin_y, 2);
  ck_assert_int_eq (frame->info.gain, 150);
}
END_TEST

START_TEST (test_subframe)
{
  g_auto(Collector) c;
  g_autoptr(CriaCapture) capture = NULL;
  const CriaFrame *frame;
  guint x, y, w, h;

  collector_init (&c, 2);
  capture = capture_new (sim_url, TRUE, &c);
  cria_capture_set_subframe (capture, 10, 20, 100, 50);
  ck_assert (cria_capture_get_subframe (capture, &x, &y, &w, &h));
  ck_assert_uint_eq (w, 100);
  cria_capture_start (capture);
  wait_frames (&c);

  frame = g_ptr_array_index (c.frames, 0);
  assert_frame (frame, 100, 50);
  ck_assert_uint_eq (frame->info.start_x, 10);
  ck_assert_uint_eq (frame->info.start_y, 20);

  /* Back to the full frame, while running. */
  c.want = c.n_frames + 3;
  c.keep = c.want;
  c.got_enough = FALSE;
  cria_capture_set_subframe (capture, 0, 0, 0, 0);
  ck_assert (!cria_capture_get_subframe (capture, NULL, NULL, NULL, NULL));
  wait_frames (&c);
  stop_and_wait (capture);
  frame = g_ptr_array_index (c.frames, c.frames->len - 1);
  assert_frame (frame, WIDTH, HEIGHT);
}
END_TEST

START_TEST (test_exposure_change)
{
  g_auto(Collector) c;
  g_autoptr(CriaCapture) capture = NULL;
  g_autoptr(JsonNode) last = NULL;
  guint changed_at, first_new = 0;
  gboolean seen_new = FALSE;

  collector_init (&c, 2);
  c.keep = 100;
  capture = capture_new (sim_url, TRUE, &c);
  cria_capture_start (capture);
  wait_frames (&c);

  changed_at = c.n_frames;
  c.want = changed_at + 6;
  c.got_enough = FALSE;
  cria_capture_set_exposure (capture, 0.25);
  wait_frames (&c);
  stop_and_wait (capture);

  /* At most the frame in flight has the old exposure; from then on, only the new one. */
  for (guint i = 0; i < c.frames->len; i++)
    {
      const CriaFrame *frame = g_ptr_array_index (c.frames, i);
      const CriaFrameTiming *t = &g_array_index (c.timings, CriaFrameTiming, i);

      if (i < changed_at)
        ck_assert_double_eq (frame->info.exposure, 0);
      if (frame->info.exposure == 0.25)
        {
          if (!seen_new)
            first_new = i;
          seen_new = TRUE;
          /* The loop waited the exposure out, in real time. */
          ck_assert_msg (t->exposure_ms >= 240, "%g ms", t->exposure_ms);
        }
      else
        ck_assert_msg (!seen_new, "frame %u went back to %g s", i, frame->info.exposure);
    }
  ck_assert (seen_new);
  /* In flight at the change: one in the slot, one being decoded, one exposing. */
  ck_assert_uint_le (first_new, changed_at + 3);

  /* And the camera took it. */
  last = sim_get ("lastexposureduration", NULL);
  ck_assert_double_eq_tol (json_node_get_double (last), 0.25, 1e-9);
}
END_TEST

/* Polls the simulated camera until it exposes. */
static void
wait_exposing (void)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  g_autoptr(JsonNode) state = NULL;

  do
    {
      g_clear_pointer (&state, json_node_unref);
      cria_test_iterate_for (0.05);
      state = sim_get ("camerastate", NULL);
    }
  while (json_node_get_int (state) != 2 && g_get_monotonic_time () < deadline);
  ck_assert_int_eq (json_node_get_int (state), 2);
}

START_TEST (test_settings_abort_exposure)
{
  g_auto(Collector) c;
  g_autoptr(CriaCapture) capture = NULL;
  gint64 changed;

  /* Without the abort, the first frame would take 600 s. */
  collector_init (&c, 2);
  capture = capture_new (sim_url, TRUE, &c);
  cria_capture_set_exposure (capture, 600);
  cria_capture_start (capture);
  wait_exposing ();

  changed = g_get_monotonic_time ();
  cria_capture_set_exposure (capture, 0);
  wait_frames (&c);
  ck_assert (g_get_monotonic_time () - changed < 10 * G_USEC_PER_SEC);
  stop_and_wait (capture);

  for (guint i = 0; i < c.frames->len; i++)
    {
      const CriaFrame *frame = g_ptr_array_index (c.frames, i);

      ck_assert_double_eq (frame->info.exposure, 0);
      /* Exposure 1 was given up. */
      ck_assert_uint_eq (frame->info.sequence, i + 2);
    }
}
END_TEST

START_TEST (test_stop_aborts)
{
  g_auto(Collector) c;
  g_autoptr(CriaCapture) capture = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(JsonNode) ready = NULL;
  g_autoptr(JsonNode) again = NULL;
  gint64 stop_started;
  guint id_a, id_b;

  /* 600 s at speed 50 keeps the simulated shutter open for 12 s. */
  collector_init (&c, 1);
  capture = capture_new (sim_url, TRUE, &c);
  cria_capture_set_exposure (capture, 600);
  cria_capture_start (capture);
  wait_exposing ();

  stop_started = g_get_monotonic_time ();
  stop_and_wait (capture);
  ck_assert (g_get_monotonic_time () - stop_started < 3 * G_USEC_PER_SEC);
  ck_assert_uint_eq (c.n_frames, 0);
  ck_assert_ptr_null (c.error);

  /* AbortExposure went out: the camera is idle without an image. */
  state = sim_get ("camerastate", &id_a);
  ck_assert_int_eq (json_node_get_int (state), 0);
  ready = sim_get ("imageready", NULL);
  ck_assert (!json_node_get_boolean (ready));

  /* Nothing else talks to the server any more. */
  cria_test_iterate_for (0.5);
  again = sim_get ("camerastate", &id_b);
  ck_assert_uint_eq (id_b, id_a + 2);
}
END_TEST

START_TEST (test_drops_for_slow_consumer)
{
  g_auto(Collector) c;
  g_autoptr(CriaCapture) capture = NULL;
  CriaCaptureStats stats;
  guint max_gap = 0;

  collector_init (&c, 5);
  c.sleep_us = 150 * 1000;
  capture = capture_new (sim_url, TRUE, &c);
  cria_capture_start (capture);
  wait_frames (&c);
  stop_and_wait (capture);

  cria_capture_get_stats (capture, &stats);
  ck_assert_msg (stats.dropped > 0, "%" G_GUINT64_FORMAT " frames, none dropped", stats.frames);
  /* Every frame was either delivered or dropped: nothing was queued. */
  ck_assert_uint_eq (stats.frames, stats.delivered + stats.dropped);
  ck_assert_uint_eq (stats.delivered, c.n_frames);

  /* The consumer saw the newest frames, skipping the ones it was too slow for. */
  for (guint i = 1; i < c.timings->len; i++)
    {
      const CriaFrameTiming *a = &g_array_index (c.timings, CriaFrameTiming, i - 1);
      const CriaFrameTiming *b = &g_array_index (c.timings, CriaFrameTiming, i);

      ck_assert_uint_gt (b->sequence, a->sequence);
      max_gap = MAX (max_gap, (guint) (b->sequence - a->sequence));
    }
  ck_assert_uint_gt (max_gap, 1);

  /* Dropped frames gave their buffers back: the pool did not grow with them. A frame in
   * flight holds a raw and a decoded buffer, and a loaded machine can briefly have a few
   * frames in flight, so the bound is on growth with the frame count, not on an exact peak. */
  {
    guint allocated = cria_frame_pool_get_n_allocated (cria_capture_get_frame_pool (capture));

    ck_assert_msg (allocated <= 12, "%u buffers allocated for %" G_GUINT64_FORMAT " frames",
                   allocated, stats.frames);
    if (stats.frames >= 24)
      ck_assert_msg (allocated < stats.frames / 2, "%u buffers allocated for %" G_GUINT64_FORMAT " frames",
                     allocated, stats.frames);
  }
}
END_TEST

START_TEST (test_pool_reuse)
{
  g_auto(Collector) c;
  g_autoptr(CriaCapture) capture = NULL;
  g_autoptr(GHashTable) distinct = g_hash_table_new (NULL, NULL);
  CriaFramePool *pool;
  gboolean repeated = FALSE;

  collector_init (&c, 12);
  c.keep = 0;
  capture = capture_new (sim_url, TRUE, &c);
  cria_capture_start (capture);
  wait_frames (&c);
  stop_and_wait (capture);

  for (guint i = 0; i < c.addresses->len; i++)
    {
      gpointer address = g_ptr_array_index (c.addresses, i);

      repeated |= g_hash_table_contains (distinct, address);
      g_hash_table_add (distinct, address);
    }
  ck_assert (repeated);
  ck_assert_uint_le (g_hash_table_size (distinct), 6);

  pool = cria_capture_get_frame_pool (capture);
  ck_assert_uint_gt (cria_frame_pool_get_n_reused (pool), 12);
  ck_assert_uint_le (cria_frame_pool_get_n_allocated (pool), 8);
}
END_TEST

START_TEST (test_not_connected)
{
  g_auto(Collector) c;
  g_autoptr(CriaCapture) capture = NULL;

  collector_init (&c, 1);
  capture = capture_new (sim_url, FALSE, &c);
  cria_capture_start (capture);
  ck_assert (cria_test_wait_flag (&c.failed, MAX_WAIT));
  ck_assert (g_error_matches (c.error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_NOT_CONNECTED));
  stop_and_wait (capture);
  ck_assert_uint_eq (c.n_frames, 0);
}
END_TEST

/* ---- small servers for one fault each ---- */

typedef struct
{
  const char *image_type;
  GBytes     *image;
  guint       n_image_requests;
  guint       n_requests;
} FakeCamera;

static void
reply_json (SoupServerMessage *msg,
            const char        *value)
{
  g_autofree char *body = NULL;

  if (value != NULL)
    body = g_strdup_printf ("{\"Value\":%s,\"ClientTransactionID\":1,\"ServerTransactionID\":1,"
                            "\"ErrorNumber\":0,\"ErrorMessage\":\"\"}", value);
  else
    body = g_strdup ("{\"ClientTransactionID\":1,\"ServerTransactionID\":1,"
                     "\"ErrorNumber\":1024,\"ErrorMessage\":\"Not implemented\"}");
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

/* A 4 × 3 camera that knows its size, exposes instantly and has no other members. */
static void
fake_camera (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  FakeCamera *fake = user_data;
  const char *member = strrchr (path, '/') + 1;
  const char *method = soup_server_message_get_method (msg);

  fake->n_requests++;
  if (g_str_equal (method, "PUT"))
    {
      if (g_str_equal (member, "startexposure") || g_str_equal (member, "abortexposure"))
        reply_json (msg, "null");
      else
        reply_json (msg, NULL);
    }
  else if (g_str_equal (member, "cameraxsize"))
    reply_json (msg, "4");
  else if (g_str_equal (member, "cameraysize"))
    reply_json (msg, "3");
  else if (g_str_equal (member, "imageready"))
    reply_json (msg, "true");
  else if (g_str_equal (member, "camerastate"))
    reply_json (msg, "0");
  else if (g_str_equal (member, "imagearray"))
    {
      fake->n_image_requests++;
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, fake->image_type, SOUP_MEMORY_COPY,
                                        g_bytes_get_data (fake->image, NULL),
                                        g_bytes_get_size (fake->image));
    }
  else
    reply_json (msg, NULL);
}

static char *
fake_server (SoupServer **server,
             FakeCamera  *fake)
{
  *server = cria_test_server_new (NULL);
  soup_server_add_handler (*server, "/api/v1/camera/0", fake_camera, fake, NULL);
  return cria_test_server_base_url (*server);
}

START_TEST (test_json_fallback)
{
  static const char json[] =
    "{\"Type\":2,\"Rank\":2,\"Value\":[[0,10,20],[1,11,21],[2,12,22],[3,13,23]],"
    "\"ClientTransactionID\":1,\"ServerTransactionID\":1,\"ErrorNumber\":0,\"ErrorMessage\":\"\"}";
  FakeCamera fake = { "application/json", NULL, 0, 0 };
  g_autoptr(SoupServer) server = NULL;
  g_autofree char *url = NULL;
  g_auto(Collector) c;
  g_autoptr(CriaCapture) capture = NULL;
  const CriaFrame *frame;
  const CriaFrameTiming *timing;

  fake.image = g_bytes_new_static (json, strlen (json));
  url = fake_server (&server, &fake);
  collector_init (&c, 2);
  capture = capture_new (url, FALSE, &c);
  cria_capture_start (capture);
  wait_frames (&c);
  stop_and_wait (capture);

  frame = g_ptr_array_index (c.frames, 0);
  ck_assert_uint_eq (frame->width, 4);
  ck_assert_uint_eq (frame->height, 3);
  for (guint y = 0; y < 3; y++)
    for (guint x = 0; x < 4; x++)
      ck_assert_double_eq (cria_frame_get_value (frame, x, y, 0), 10 * y + x);
  /* Members the camera lacks leave their metadata out. */
  ck_assert (!(frame->info.fields & CRIA_FRAME_INFO_SENSOR));
  ck_assert (!(frame->info.fields & CRIA_FRAME_INFO_GAIN));
  timing = &g_array_index (c.timings, CriaFrameTiming, 0);
  ck_assert (!timing->imagebytes);
  ck_assert_uint_eq (timing->bytes, strlen (json));
  g_bytes_unref (fake.image);
}
END_TEST

static void
assert_bad_image (GBytes     *image,
                  GQuark      domain,
                  int         code,
                  const char *words)
{
  FakeCamera fake = { "application/imagebytes", image, 0, 0 };
  g_autoptr(SoupServer) server = NULL;
  g_autofree char *url = fake_server (&server, &fake);
  g_auto(Collector) c;
  g_autoptr(CriaCapture) capture = NULL;
  guint n_requests;

  collector_init (&c, 1);
  capture = capture_new (url, FALSE, &c);
  cria_capture_start (capture);
  ck_assert (cria_test_wait_flag (&c.failed, MAX_WAIT));
  ck_assert_msg (g_error_matches (c.error, domain, code), "%s", c.error->message);
  ck_assert_msg (strstr (c.error->message, words) != NULL, "“%s” not in: %s", words,
                 c.error->message);

  /* The loop stopped by itself and asks for nothing more. */
  stop_and_wait (capture);
  ck_assert_uint_eq (c.n_frames, 0);
  ck_assert_uint_eq (fake.n_image_requests, 1);
  n_requests = fake.n_requests;
  cria_test_iterate_for (0.3);
  ck_assert_uint_eq (fake.n_requests, n_requests);
}

START_TEST (test_truncated_imagebytes)
{
  g_autoptr(GBytes) header = cria_imagebytes_encode_header (0, 1, 1, CRIA_ELEMENT_INT32,
                                                            CRIA_ELEMENT_UINT16, 100, 100, 1);
  g_autoptr(GByteArray) body = g_byte_array_new ();
  g_autoptr(GBytes) image = NULL;
  guint8 half[100 * 100];

  memset (half, 7, sizeof half);
  g_byte_array_append (body, g_bytes_get_data (header, NULL), g_bytes_get_size (header));
  g_byte_array_append (body, half, sizeof half);
  image = g_byte_array_free_to_bytes (g_steal_pointer (&body));

  assert_bad_image (image, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED, "truncated");
}
END_TEST

START_TEST (test_absurd_header)
{
  g_autoptr(GBytes) header = cria_imagebytes_encode_header (0, 1, 1, CRIA_ELEMENT_INT32,
                                                            CRIA_ELEMENT_UINT16, 1000000000,
                                                            1000000000, 1);

  assert_bad_image (header, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_TOO_LARGE, "1000000000");
}
END_TEST

/* ---- the pool alone ---- */

START_TEST (test_pool)
{
  g_autoptr(CriaFramePool) pool = cria_frame_pool_new (2);
  g_autoptr(GError) error = NULL;
  CriaFrame *frame;
  gpointer a, b, c, data;

  a = cria_frame_pool_acquire (pool, 1000, &error);
  b = cria_frame_pool_acquire (pool, 1000, &error);
  c = cria_frame_pool_acquire (pool, 500, &error);
  ck_assert (a != NULL && b != NULL && c != NULL);
  cria_frame_pool_release (pool, a, 1000);
  cria_frame_pool_release (pool, c, 500);
  cria_frame_pool_release (pool, b, 1000);
  /* Two idle at most: the oldest, a, went. */
  ck_assert_uint_eq (cria_frame_pool_get_n_idle (pool), 2);
  ck_assert_ptr_eq (cria_frame_pool_acquire (pool, 1000, NULL), b);
  ck_assert_ptr_eq (cria_frame_pool_acquire (pool, 500, NULL), c);
  cria_frame_pool_release (pool, b, 1000);
  cria_frame_pool_release (pool, c, 500);

  /* A frame hands its buffer back on the last unref, and takes it again. */
  frame = cria_frame_pool_new_frame (pool, CRIA_ELEMENT_UINT16, 25, 20, 1, &error);
  ck_assert_ptr_eq (frame->data, b);
  ck_assert_uint_eq (frame->stride, 50);
  data = frame->data;
  cria_frame_ref (frame);
  cria_frame_unref (frame);
  ck_assert_uint_eq (cria_frame_pool_get_n_idle (pool), 1);
  cria_frame_unref (frame);
  ck_assert_uint_eq (cria_frame_pool_get_n_idle (pool), 2);
  frame = cria_frame_pool_new_frame (pool, CRIA_ELEMENT_UINT16, 25, 20, 1, &error);
  ck_assert_ptr_eq (frame->data, data);
  cria_frame_unref (frame);

  /* Absurd sizes are errors, not attempts. */
  ck_assert_ptr_null (cria_frame_pool_new_frame (pool, CRIA_ELEMENT_DOUBLE, 100000, 100000, 1,
                                                 &error));
  ck_assert (g_error_matches (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_TOO_LARGE));

  cria_frame_pool_trim (pool);
  ck_assert_uint_eq (cria_frame_pool_get_n_idle (pool), 0);
  ck_assert_uint_eq (cria_frame_pool_get_n_allocated (pool), 3);
}
END_TEST

int
main (int   argc,
      char *argv[])
{
  Suite *suite = suite_create ("capture");
  TCase *mono = tcase_create ("mono");
  TCase *colour = tcase_create ("colour");
  TCase *local = tcase_create ("local");
  SRunner *runner;
  int failed;

  tcase_add_checked_fixture (mono, setup_mono, teardown);
  tcase_set_timeout (mono, 60);
  tcase_add_test (mono, test_mono_frames);
  tcase_add_test (mono, test_binning);
  tcase_add_test (mono, test_subframe);
  tcase_add_test (mono, test_exposure_change);
  tcase_add_test (mono, test_settings_abort_exposure);
  tcase_add_test (mono, test_stop_aborts);
  tcase_add_test (mono, test_drops_for_slow_consumer);
  tcase_add_test (mono, test_pool_reuse);
  tcase_add_test (mono, test_not_connected);
  suite_add_tcase (suite, mono);

  tcase_add_checked_fixture (colour, setup_colour, teardown);
  tcase_set_timeout (colour, 60);
  tcase_add_test (colour, test_colour_frames);
  suite_add_tcase (suite, colour);

  tcase_add_checked_fixture (local, setup_local, teardown);
  tcase_set_timeout (local, 60);
  tcase_add_test (local, test_json_fallback);
  tcase_add_test (local, test_truncated_imagebytes);
  tcase_add_test (local, test_absurd_header);
  tcase_add_test (local, test_pool);
  suite_add_tcase (suite, local);

  runner = srunner_create (suite);
  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
