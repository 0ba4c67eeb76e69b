/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli"

#include <check.h>
#include <fitsio.h>
#include <glib/gstdio.h>

#include "cria-alpaca.h"
#include "cria-sim-discovery.h"
#include "test-server-util.h"
#include "test-sim-util.h"

static const char *cli_path;
/* The running simulator's, owned by test-sim-util. */
static const char *sim_url;

typedef struct
{
  int    status;
  char  *out;
  char  *err;
} CliRun;

static void
cli_run_clear (CliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, cli_run_clear)

/* Runs cria-cli while the main context keeps turning, so that in-process servers answer. */
static void
run_cli (CliRun     *run,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  g_ptr_array_add (argv, (gpointer) cli_path);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  ck_assert_msg (process != NULL, "cannot start cria-cli: %s", error ? error->message : "");

  g_subprocess_communicate_utf8_async (process, NULL, NULL, cria_test_store_result, &result);
  result = cria_test_wait_result (&result, 30);
  ck_assert (g_subprocess_communicate_utf8_finish (process, result, &run->out, &run->err, &error));
  run->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *c = text; *c != '\0'; c++)
    n += *c == '\n';
  return n;
}

/* A failure is exactly one line on stderr and nothing on stdout. */
static void
assert_one_line_failure (CliRun     *run,
                         const char *expected)
{
  ck_assert_int_eq (run->status, 1);
  ck_assert_str_eq (run->out, "");
  ck_assert_msg (count_lines (run->err) == 1, "stderr is not one line: %s", run->err);
  ck_assert_msg (g_str_has_prefix (run->err, "cria-cli: "), "stderr: %s", run->err);
  if (expected != NULL)
    ck_assert_msg (strstr (run->err, expected) != NULL, "“%s” not in: %s", expected, run->err);
}

static void
start_sim (CriaSimSensor sensor)
{
  CriaSimOptions options = { .camera_width = 64, .camera_height = 48, .sensor = sensor,
                             .speed = 50 };

  sim_start (&options, "cria-cli-XXXXXX");
  sim_url = sim_base_url ();
}

static void
setup_sim (void)
{
  start_sim (CRIA_SIM_SENSOR_MONO);
}

static void
setup_colour_sim (void)
{
  start_sim (CRIA_SIM_SENSOR_RGGB);
}

static void
teardown_sim (void)
{
  sim_url = NULL;
  sim_stop ();
}

START_TEST (test_help)
{
  static const char *commands[] = { "discover", "devices", "get", "put", "decode", "capture", "live" };
  g_auto(CliRun) top = { 0 };

  run_cli (&top, "--help", NULL);
  ck_assert_int_eq (top.status, 0);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(CliRun) run = { 0 };

      ck_assert (strstr (top.out, commands[i]) != NULL);
      run_cli (&run, commands[i], "--help", NULL);
      ck_assert_msg (run.status == 0, "%s --help failed", commands[i]);
      ck_assert (strstr (run.out, "Usage:") != NULL);
    }
}
END_TEST

START_TEST (test_unknown_command)
{
  g_auto(CliRun) run = { 0 };

  run_cli (&run, "frobnicate", NULL);
  assert_one_line_failure (&run, "frobnicate");
}
END_TEST

START_TEST (test_devices)
{
  g_auto(CliRun) run = { 0 };
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  run_cli (&run, "devices", sim_url, NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);

  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++, n++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);

      ck_assert_uint_eq (g_strv_length (fields), 4);
      ck_assert_msg (cria_device_type_from_string (fields[0], NULL), "bad type %s", fields[0]);
      ck_assert_str_eq (fields[1], "0");
      ck_assert (*fields[2] != '\0');
      ck_assert_uint_ge (strlen (fields[3]), 12);
    }
  ck_assert_uint_ge (n, 2);
  ck_assert (strstr (run.out, "Telescope\t0\t") != NULL);
  ck_assert (strstr (run.out, "Camera\t0\t") != NULL);
}
END_TEST

START_TEST (test_get_put)
{
  g_auto(CliRun) before = { 0 }, put = { 0 }, after = { 0 }, name = { 0 };

  run_cli (&before, "get", sim_url, "telescope", "0", "connected", NULL);
  ck_assert_msg (before.status == 0, "%s", before.err);
  ck_assert_str_eq (before.out, "false\n");

  /* Parameter names in any casing go out in the spec's casing. */
  run_cli (&put, "put", sim_url, "Telescope", "0", "Connected", "connected=true", NULL);
  ck_assert_msg (put.status == 0, "%s", put.err);
  ck_assert_str_eq (put.out, "");

  run_cli (&after, "get", "--timeout", "5", sim_url, "TELESCOPE", "0", "Connected", NULL);
  ck_assert_str_eq (after.out, "true\n");

  run_cli (&name, "get", sim_url, "telescope", "0", "name", NULL);
  ck_assert_int_eq (name.status, 0);
  ck_assert (name.out[0] == '"');
}
END_TEST

START_TEST (test_device_error)
{
  g_auto(CliRun) run = { 0 };

  run_cli (&run, "get", sim_url, "telescope", "0", "rightascension", NULL);
  assert_one_line_failure (&run, "1031");
  ck_assert (strstr (run.err, "0x407") != NULL);
}
END_TEST

START_TEST (test_bad_requests)
{
  g_auto(CliRun) member = { 0 }, param = { 0 }, type = { 0 }, number = { 0 }, http = { 0 }, refused = { 0 };
  g_autofree char *closed = g_strdup_printf ("http://127.0.0.1:%u", cria_test_closed_port ());

  run_cli (&member, "get", sim_url, "telescope", "0", "warpdrive", NULL);
  assert_one_line_failure (&member, "warpdrive");

  run_cli (&param, "put", sim_url, "telescope", "0", "tracking", "Tracking", NULL);
  assert_one_line_failure (&param, "Name=Value");

  run_cli (&type, "get", sim_url, "toaster", "0", "name", NULL);
  assert_one_line_failure (&type, "toaster");

  run_cli (&number, "get", sim_url, "telescope", "minus", "name", NULL);
  assert_one_line_failure (&number, "minus");

  /* The simulator answers HTTP 400 with a text body for a device that does not exist. */
  run_cli (&http, "get", sim_url, "telescope", "7", "name", NULL);
  assert_one_line_failure (&http, "400");

  run_cli (&refused, "get", closed, "telescope", "0", "name", NULL);
  assert_one_line_failure (&refused, NULL);
}
END_TEST

static void
never_answer (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  soup_server_message_pause (msg);
}

START_TEST (test_timeout)
{
  guint16 port;
  g_autoptr(SoupServer) server = cria_test_server_new (&port);
  g_autofree char *url = cria_test_server_base_url (server);
  g_auto(CliRun) run = { 0 };
  gint64 start = g_get_monotonic_time ();

  soup_server_add_handler (server, NULL, never_answer, NULL, NULL);
  run_cli (&run, "get", "--timeout", "0.5", url, "focuser", "0", "position", NULL);
  assert_one_line_failure (&run, NULL);
  ck_assert (g_get_monotonic_time () - start < 10 * G_USEC_PER_SEC);
}
END_TEST

START_TEST (test_discover)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CriaSimDiscovery) responder = cria_sim_discovery_new ("127.0.0.1", 0, cria_sim_server_get_port (sim_server ()), &error);
  g_autofree char *port = NULL;
  g_autofree char *expected = NULL;
  g_auto(CliRun) run = { 0 };

  ck_assert_msg (responder != NULL, "%s", error ? error->message : "");
  port = g_strdup_printf ("%u", cria_sim_discovery_get_port (responder));
  expected = g_strdup_printf ("127.0.0.1:%u\t", cria_sim_server_get_port (sim_server ()));

  run_cli (&run, "discover", "--no-broadcast", "--host", "127.0.0.1", "--port", port, "--timeout", "1", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  ck_assert_uint_eq (count_lines (run.out), 1);
  ck_assert_msg (g_str_has_prefix (run.out, expected), "got %s", run.out);
}
END_TEST

START_TEST (test_discover_nothing)
{
  g_autofree char *port = g_strdup_printf ("%u", cria_test_closed_port ());
  g_auto(CliRun) run = { 0 };

  run_cli (&run, "discover", "--no-broadcast", "--host", "127.0.0.1", "--port", port, "--timeout", "0.5", NULL);
  ck_assert_int_eq (run.status, 0);
  ck_assert_str_eq (run.out, "");
}
END_TEST

static char *
write_temp (const char *name,
            GBytes     *first,
            GBytes     *second)
{
  g_autoptr(GByteArray) all = g_byte_array_new ();
  char *path = g_build_filename (g_get_tmp_dir (), name, NULL);

  g_byte_array_append (all, g_bytes_get_data (first, NULL), g_bytes_get_size (first));
  if (second != NULL)
    g_byte_array_append (all, g_bytes_get_data (second, NULL), g_bytes_get_size (second));
  ck_assert (g_file_set_contents (path, (const char *) all->data, all->len, NULL));
  return path;
}

static CriaFrame *
make_frame (void)
{
  CriaFrame *frame = cria_frame_new (CRIA_ELEMENT_UINT16, 5, 3, 1, NULL);

  for (guint y = 0; y < 3; y++)
    for (guint x = 0; x < 5; x++)
      ((guint16 *) (frame->data + y * frame->stride))[x] = 60000 + 10 * x + y;
  return frame;
}

static void
assert_fits_matches (const char      *path,
                     const CriaFrame *frame)
{
  fitsfile *fits = NULL;
  int status = 0, naxis = 0;
  long naxes[3] = { 0 };
  double values[15];
  char roworder[FLEN_VALUE] = "";

  ck_assert (fits_open_file (&fits, path, READONLY, &status) == 0);
  fits_get_img_dim (fits, &naxis, &status);
  fits_get_img_size (fits, 2, naxes, &status);
  ck_assert_int_eq (naxis, 2);
  ck_assert_int_eq (naxes[0], frame->width);
  ck_assert_int_eq (naxes[1], frame->height);
  fits_read_key (fits, TSTRING, "ROWORDER", roworder, NULL, &status);
  ck_assert_str_eq (roworder, "TOP-DOWN");
  fits_read_img (fits, TDOUBLE, 1, 15, NULL, values, NULL, &status);
  ck_assert_int_eq (status, 0);
  for (guint y = 0; y < frame->height; y++)
    for (guint x = 0; x < frame->width; x++)
      ck_assert_double_eq (values[y * frame->width + x], cria_frame_get_value (frame, x, y, 0));
  fits_close_file (fits, &status);
}

START_TEST (test_decode_imagebytes)
{
  g_autoptr(CriaFrame) frame = make_frame ();
  g_autoptr(GBytes) header = cria_imagebytes_encode_header (0, 1, 2, CRIA_ELEMENT_INT32, CRIA_ELEMENT_UINT16, 5, 3, 1);
  g_autoptr(GBytes) data = cria_imagebytes_encode_data (frame, CRIA_ELEMENT_UINT16);
  g_autofree char *input = write_temp ("cria-cli-test.imagebytes", header, data);
  g_autofree char *output = g_build_filename (g_get_tmp_dir (), "cria-cli-test.fits", NULL);
  g_auto(CliRun) run = { 0 };

  g_unlink (output);
  run_cli (&run, "decode", input, "--output", output, NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  assert_fits_matches (output, frame);
  g_unlink (input);
  g_unlink (output);
}
END_TEST

START_TEST (test_decode_json)
{
  static const char json[] = "{\"Type\":2,\"Rank\":2,\"ErrorNumber\":0,\"ErrorMessage\":\"\","
                             "\"Value\":[[60000,60001,60002],[60010,60011,60012],[60020,60021,60022],"
                             "[60030,60031,60032],[60040,60041,60042]]}";
  g_autoptr(CriaFrame) frame = make_frame ();
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autofree char *input = write_temp ("cria-cli-test.json", bytes, NULL);
  g_autofree char *output = g_build_filename (g_get_tmp_dir (), "cria-cli-test-json.fits", NULL);
  g_auto(CliRun) run = { 0 };

  g_unlink (output);
  run_cli (&run, "decode", input, "--output", output, NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  assert_fits_matches (output, frame);
  g_unlink (input);
  g_unlink (output);
}
END_TEST

START_TEST (test_decode_truncated)
{
  g_autoptr(CriaFrame) frame = make_frame ();
  g_autoptr(GBytes) header = cria_imagebytes_encode_header (0, 1, 2, CRIA_ELEMENT_INT32, CRIA_ELEMENT_UINT16, 5, 3, 1);
  g_autoptr(GBytes) data = cria_imagebytes_encode_data (frame, CRIA_ELEMENT_UINT16);
  g_autoptr(GBytes) half = g_bytes_new_from_bytes (data, 0, g_bytes_get_size (data) / 2);
  g_autofree char *input = write_temp ("cria-cli-test-short.imagebytes", header, half);
  g_autofree char *output = g_build_filename (g_get_tmp_dir (), "cria-cli-test-short.fits", NULL);
  g_auto(CliRun) run = { 0 }, missing = { 0 };

  g_unlink (output);
  run_cli (&run, "decode", input, "--output", output, NULL);
  assert_one_line_failure (&run, NULL);
  ck_assert (!g_file_test (output, G_FILE_TEST_EXISTS));

  run_cli (&missing, "decode", "/nonexistent/frame.bin", "--output", output, NULL);
  assert_one_line_failure (&missing, NULL);
  g_unlink (input);
}
END_TEST

static char *
fits_string (fitsfile   *fits,
             const char *key)
{
  char value[FLEN_VALUE] = "";
  int status = 0;

  if (fits_read_key (fits, TSTRING, key, value, NULL, &status) != 0)
    return NULL;
  return g_strdup (value);
}

static gboolean
fits_double (fitsfile   *fits,
             const char *key,
             double     *value)
{
  int status = 0;

  return fits_read_key (fits, TDOUBLE, key, value, NULL, &status) == 0;
}

static fitsfile *
open_fits (const char *path,
           long        width,
           long        height)
{
  fitsfile *fits = NULL;
  int status = 0, naxis = 0;
  long naxes[2] = { 0 };

  ck_assert_msg (fits_open_file (&fits, path, READONLY, &status) == 0, "cfitsio status %d", status);
  fits_get_img_dim (fits, &naxis, &status);
  fits_get_img_size (fits, 2, naxes, &status);
  ck_assert_int_eq (naxis, 2);
  ck_assert_int_eq (naxes[0], width);
  ck_assert_int_eq (naxes[1], height);
  return fits;
}

START_TEST (test_capture)
{
  g_autofree char *output = g_build_filename (sim_state_dir (), "capture.fits", NULL);
  g_autofree char *binned = g_build_filename (sim_state_dir (), "binned.fits", NULL);
  g_auto(CliRun) focuser = { 0 }, mount = { 0 }, run = { 0 }, position = { 0 }, bin = { 0 };
  g_autofree char *date = NULL, *instrument = NULL, *pattern = NULL, *roworder = NULL;
  g_autofree char *filter = NULL, *binned_pattern = NULL;
  fitsfile *fits;
  double value = 0;
  int status = 0;

  /* The focuser and the mount go in the header; the filter wheel stays disconnected. */
  run_cli (&focuser, "put", sim_url, "focuser", "0", "connected", "Connected=true", NULL);
  ck_assert_msg (focuser.status == 0, "%s", focuser.err);
  run_cli (&mount, "put", sim_url, "telescope", "0", "connected", "Connected=true", NULL);
  ck_assert_msg (mount.status == 0, "%s", mount.err);
  run_cli (&position, "get", sim_url, "focuser", "0", "position", NULL);
  ck_assert_msg (position.status == 0, "%s", position.err);

  run_cli (&run, "capture", sim_url, "0", "--exposure", "0.2", "--output", output, "--gain", "150", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  ck_assert_str_eq (run.out, "");

  fits = open_fits (output, 64, 48);
  ck_assert (fits_double (fits, "EXPTIME", &value));
  ck_assert_double_eq_tol (value, 0.2, 1e-9);
  date = fits_string (fits, "DATE-OBS");
  ck_assert_msg (date != NULL && g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}$",
                                                       date, 0, 0), "DATE-OBS %s", date);
  instrument = fits_string (fits, "INSTRUME");
  ck_assert (instrument != NULL && *instrument != '\0');
  ck_assert (fits_double (fits, "XBINNING", &value) && value == 1);
  ck_assert (fits_double (fits, "YBINNING", &value) && value == 1);
  ck_assert (fits_double (fits, "XPIXSZ", &value));
  ck_assert_double_eq_tol (value, 3.76, 1e-9);
  ck_assert (fits_double (fits, "YPIXSZ", &value));
  ck_assert_double_eq_tol (value, 3.76, 1e-9);
  ck_assert (fits_double (fits, "GAIN", &value) && value == 150);
  ck_assert (fits_double (fits, "OFFSET", &value));
  ck_assert (fits_double (fits, "CCD-TEMP", &value) && value > -60 && value < 40);
  pattern = fits_string (fits, "BAYERPAT");
  ck_assert_str_eq (pattern, "RGGB");
  ck_assert (fits_double (fits, "XBAYROFF", &value) && value == 0);
  ck_assert (fits_double (fits, "YBAYROFF", &value) && value == 0);
  roworder = fits_string (fits, "ROWORDER");
  ck_assert_str_eq (roworder, "TOP-DOWN");
  ck_assert (fits_double (fits, "FOCUSPOS", &value));
  ck_assert_double_eq (value, g_ascii_strtod (position.out, NULL));
  ck_assert (fits_double (fits, "RA", &value) && value >= 0 && value < 360);
  ck_assert (fits_double (fits, "DEC", &value) && value >= -90 && value <= 90);
  filter = fits_string (fits, "FILTER");
  ck_assert_ptr_null (filter);
  fits_close_file (fits, &status);

  /* Binning halves the image and doubles the pixels; a binned Bayer frame has no pattern. */
  run_cli (&bin, "capture", sim_url, "0", "--exposure", "0", "--output", binned, "--bin", "2", NULL);
  ck_assert_msg (bin.status == 0, "%s", bin.err);
  fits = open_fits (binned, 32, 24);
  ck_assert (fits_double (fits, "XBINNING", &value) && value == 2);
  ck_assert (fits_double (fits, "XPIXSZ", &value));
  ck_assert_double_eq_tol (value, 7.52, 1e-9);
  binned_pattern = fits_string (fits, "BAYERPAT");
  ck_assert_ptr_null (binned_pattern);
  fits_close_file (fits, &status);

  g_unlink (output);
  g_unlink (binned);
}
END_TEST

START_TEST (test_capture_errors)
{
  g_autofree char *output = g_build_filename (sim_state_dir (), "never.fits", NULL);
  g_auto(CliRun) missing = { 0 }, exposure = { 0 }, usage = { 0 }, gain = { 0 };

  run_cli (&missing, "capture", sim_url, "5", "--exposure", "1", "--output", output, NULL);
  assert_one_line_failure (&missing, "camera 5");
  run_cli (&exposure, "capture", sim_url, "0", "--exposure", "-1", "--output", output, NULL);
  assert_one_line_failure (&exposure, "-1");
  run_cli (&usage, "capture", sim_url, "0", "--exposure", "1", NULL);
  assert_one_line_failure (&usage, "usage");
  /* The camera refuses a gain out of its range: the device's error, one line. */
  run_cli (&gain, "capture", sim_url, "0", "--exposure", "0", "--output", output, "--gain", "9999", NULL);
  assert_one_line_failure (&gain, "Gain");
  ck_assert (!g_file_test (output, G_FILE_TEST_EXISTS));
}
END_TEST

static JsonObject *
parse_summary (const char *out,
               JsonParser *parser)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  const char *last = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      last = lines[i];
  ck_assert_ptr_nonnull (last);
  ck_assert_msg (json_parser_load_from_data (parser, last, -1, &error), "%s: %s", last,
                 error ? error->message : "");
  ck_assert (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

START_TEST (test_live)
{
  static const char * const stages[] = { "exposure", "wait", "download", "decode", "debayer", "stretch" };
  g_auto(CliRun) run = { 0 }, sub = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) sub_parser = json_parser_new ();
  JsonObject *summary, *medians;

  run_cli (&run, "live", sim_url, "0", "--frames", "5", "--exposure", "0", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  ck_assert_uint_eq (count_lines (run.err), 5);
  ck_assert (strstr (run.err, "64×48") != NULL);

  summary = parse_summary (run.out, parser);
  ck_assert_int_eq (json_object_get_int_member (summary, "frames"), 5);
  ck_assert (json_object_get_double_member (summary, "fps") > 0);
  ck_assert (json_object_has_member (summary, "dropped"));
  ck_assert_int_ge (json_object_get_int_member (summary, "bytes"), 5 * (44 + 64 * 48 * 2));
  ck_assert (json_object_get_double_member (summary, "download_mbps") > 0);
  medians = json_object_get_object_member (summary, "median_ms");
  ck_assert_ptr_nonnull (medians);
  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    ck_assert_msg (json_object_get_double_member (medians, stages[i]) >= 0, "%s", stages[i]);
  ck_assert (json_object_get_double_member (medians, "download") > 0);

  run_cli (&sub, "live", sim_url, "0", "--frames", "3", "--bin", "2", "--subframe", "4,2,16,8", NULL);
  ck_assert_msg (sub.status == 0, "%s", sub.err);
  ck_assert (strstr (sub.err, "16×8") != NULL);
  summary = parse_summary (sub.out, sub_parser);
  ck_assert_int_eq (json_object_get_int_member (summary, "frames"), 3);
}
END_TEST

START_TEST (test_live_errors)
{
  g_auto(CliRun) frames = { 0 }, subframe = { 0 }, refused = { 0 };
  g_autofree char *closed = g_strdup_printf ("http://127.0.0.1:%u", cria_test_closed_port ());

  run_cli (&frames, "live", sim_url, "0", "--frames", "zero", NULL);
  assert_one_line_failure (&frames, "zero");
  run_cli (&subframe, "live", sim_url, "0", "--frames", "2", "--subframe", "1,2,3", NULL);
  assert_one_line_failure (&subframe, "1,2,3");
  run_cli (&refused, "live", closed, "0", "--frames", "2", NULL);
  assert_one_line_failure (&refused, NULL);
}
END_TEST

int
main (int   argc,
      char *argv[])
{
  Suite *suite = suite_create ("cli");
  TCase *local = tcase_create ("local");
  TCase *served = tcase_create ("simulator");
  TCase *camera = tcase_create ("camera");
  SRunner *runner;
  int failed;

  cli_path = g_getenv ("CRIA_CLI");
  g_assert (cli_path != NULL);

  tcase_add_test (local, test_help);
  tcase_add_test (local, test_unknown_command);
  tcase_add_test (local, test_timeout);
  tcase_add_test (local, test_discover_nothing);
  tcase_add_test (local, test_decode_imagebytes);
  tcase_add_test (local, test_decode_json);
  tcase_add_test (local, test_decode_truncated);
  suite_add_tcase (suite, local);

  tcase_add_checked_fixture (served, setup_sim, teardown_sim);
  tcase_set_timeout (served, 60);
  tcase_add_test (served, test_devices);
  tcase_add_test (served, test_get_put);
  tcase_add_test (served, test_device_error);
  tcase_add_test (served, test_bad_requests);
  tcase_add_test (served, test_discover);
  suite_add_tcase (suite, served);

  tcase_add_checked_fixture (camera, setup_colour_sim, teardown_sim);
  tcase_set_timeout (camera, 90);
  tcase_add_test (camera, test_capture);
  tcase_add_test (camera, test_capture_errors);
  tcase_add_test (camera, test_live);
  tcase_add_test (camera, test_live_errors);
  suite_add_tcase (suite, camera);

  runner = srunner_create (suite);
  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
