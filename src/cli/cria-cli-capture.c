/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "cria-bayer.h"
#include "cria-cli.h"
#include "cria-fits.h"
#include "cria-snapshot.h"

gboolean
cria_cli_parse_seconds (const char  *text,
                        double      *seconds,
                        GError     **error)
{
  char *end = NULL;
  double value;

  value = g_ascii_strtod (text, &end);
  if (text[0] == '\0' || end == NULL || *end != '\0' || !isfinite (value) || value < 0
      || value > 3600 * 24)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not an exposure time in seconds"), text);
      return FALSE;
    }
  *seconds = value;
  return TRUE;
}

gboolean
cria_cli_parse_uint (const char  *text,
                     const char  *what,
                     guint        min,
                     guint        max,
                     guint       *value,
                     GError     **error)
{
  guint64 number;

  if (!g_ascii_string_to_unsigned (text, 10, min, max, &number, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not a valid %s (%u to %u)"), text, what, min, max);
      return FALSE;
    }
  *value = (guint) number;
  return TRUE;
}

CriaDevice *
cria_cli_connect_camera (const char  *url_arg,
                         const char  *number_arg,
                         CriaServer **out_server,
                         int         *status)
{
  g_autoptr(CriaServer) server = NULL;
  g_autoptr(CriaDevice) camera = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) connected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *url = cria_cli_normalize_url (url_arg);
  GListModel *devices;
  guint number;

  if (!cria_cli_parse_uint (number_arg, _("device number"), 0, G_MAXINT32, &number, &error))
    {
      *status = cria_cli_fail ("%s", error->message);
      return NULL;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    {
      *status = cria_cli_fail (_("“%s” is not a valid server URL"), url_arg);
      return NULL;
    }

  /* The management API names the camera, and the devices whose state goes in headers. */
  server = cria_server_new (g_uri_get_host (uri),
                            g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) : 80);
  cria_server_refresh_async (server, NULL, cria_cli_store_result, &result);
  if (!cria_server_refresh_finish (server, cria_cli_wait (&result), &error))
    {
      *status = cria_cli_fail_error (error);
      return NULL;
    }

  devices = cria_server_get_devices (server);
  for (guint i = 0; camera == NULL && i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(CriaDevice) device = g_list_model_get_item (devices, i);

      if (cria_device_get_device_type (device) == CRIA_DEVICE_CAMERA
          && cria_device_get_number (device) == number)
        camera = g_steal_pointer (&device);
    }
  if (camera == NULL)
    {
      *status = cria_cli_fail (_("the server at %s has no camera %u"),
                               cria_server_get_address (server), number);
      return NULL;
    }

  cria_device_connect_async (camera, NULL, cria_cli_store_result, &connected);
  if (!cria_device_connect_finish (camera, cria_cli_wait (&connected), &error))
    {
      *status = cria_cli_fail_error (error);
      return NULL;
    }

  if (out_server != NULL)
    *out_server = g_steal_pointer (&server);
  return g_steal_pointer (&camera);
}

/* A member of a connected device, or NULL when the device is not connected or fails. */
static JsonNode *
get_member (CriaDevice *device,
            const char *member)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *value;

  cria_device_get_async (device, member, NULL, NULL, cria_cli_store_result, &result);
  value = cria_device_get_finish (device, cria_cli_wait (&result), &error);
  if (error != NULL)
    g_debug ("%s of %s: %s", member, cria_device_get_name (device), error->message);
  return value;
}

static gboolean
node_is (JsonNode *node,
         GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
node_number (JsonNode *node,
             double   *value)
{
  if (node_is (node, G_TYPE_DOUBLE))
    *value = json_node_get_double (node);
  else if (node_is (node, G_TYPE_INT64))
    *value = (double) json_node_get_int (node);
  else
    return FALSE;
  return isfinite (*value);
}

/* The first connected device of a type on the server. */
static CriaDevice *
find_connected (CriaServer     *server,
                CriaDeviceType  type)
{
  GListModel *devices = cria_server_get_devices (server);

  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(CriaDevice) device = g_list_model_get_item (devices, i);
      g_autoptr(JsonNode) connected = NULL;

      if (cria_device_get_device_type (device) != type)
        continue;
      connected = get_member (device, "Connected");
      if (node_is (connected, G_TYPE_BOOLEAN) && json_node_get_boolean (connected))
        return g_steal_pointer (&device);
    }
  return NULL;
}

typedef struct
{
  gboolean  has_focus;
  gint64    focus;
  char     *filter;
  gboolean  has_coordinates;
  double    ra_degrees;
  double    dec_degrees;
} Surroundings;

static void
surroundings_clear (Surroundings *s)
{
  g_clear_pointer (&s->filter, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Surroundings, surroundings_clear)

/* What the focuser, filter wheel and mount on the same server say, when connected. */
static void
read_surroundings (CriaServer   *server,
                   Surroundings *s)
{
  g_autoptr(CriaDevice) focuser = find_connected (server, CRIA_DEVICE_FOCUSER);
  g_autoptr(CriaDevice) wheel = find_connected (server, CRIA_DEVICE_FILTER_WHEEL);
  g_autoptr(CriaDevice) mount = find_connected (server, CRIA_DEVICE_TELESCOPE);

  if (focuser != NULL)
    {
      g_autoptr(JsonNode) position = get_member (focuser, "Position");

      s->has_focus = node_is (position, G_TYPE_INT64);
      if (s->has_focus)
        s->focus = json_node_get_int (position);
    }

  if (wheel != NULL)
    {
      g_autoptr(JsonNode) position = get_member (wheel, "Position");
      g_autoptr(JsonNode) names = get_member (wheel, "Names");

      /* Position is -1 while the wheel turns: no filter to name then. */
      if (node_is (position, G_TYPE_INT64) && names != NULL && JSON_NODE_HOLDS_ARRAY (names)
          && json_node_get_int (position) >= 0
          && json_node_get_int (position) < json_array_get_length (json_node_get_array (names)))
        {
          JsonNode *name = json_array_get_element (json_node_get_array (names),
                                                   (guint) json_node_get_int (position));

          if (node_is (name, G_TYPE_STRING))
            s->filter = g_strdup (json_node_get_string (name));
        }
    }

  if (mount != NULL)
    {
      g_autoptr(JsonNode) ra = get_member (mount, "RightAscension");
      g_autoptr(JsonNode) dec = get_member (mount, "Declination");
      double hours, degrees;

      if (node_number (ra, &hours) && node_number (dec, &degrees))
        {
          s->has_coordinates = TRUE;
          s->ra_degrees = hours * 15.0;
          s->dec_degrees = degrees;
        }
    }
}

typedef struct
{
  CriaFrame *frame;
  GError    *error;
} OneFrame;

static void
on_one_frame (CriaCapture           *capture,
              CriaFrame             *frame,
              const CriaFrameTiming *timing,
              OneFrame              *one)
{
  if (one->frame == NULL && one->error == NULL)
    {
      one->frame = cria_frame_ref (frame);
      cria_capture_stop (capture);
    }
}

static void
on_one_error (CriaCapture  *capture,
              const GError *error,
              OneFrame     *one)
{
  if (one->frame == NULL && one->error == NULL)
    one->error = g_error_copy (error);
}

static gboolean
write_fits (const CriaFrame     *frame,
            const char          *path,
            const char          *camera_name,
            const Surroundings  *s,
            GError             **error)
{
  const CriaSnapshotInfo info = {
    .instrument = camera_name,
    .has_focus_position = s->has_focus,
    .focus_position = s->focus,
    .filter = s->filter,
    .has_coordinates = s->has_coordinates,
    .ra = s->ra_degrees,
    .dec = s->dec_degrees,
  };
  g_autoptr(GArray) keys = cria_fits_keywords_for_frame (frame, &info);

  return cria_fits_write (frame, path, (const CriaFitsKeyword *) keys->data, keys->len, error);
}

int
cria_cli_capture (int    argc,
                  char **argv)
{
  g_autofree char *exposure_text = NULL;
  g_autofree char *output = NULL;
  g_autofree char *bin_text = NULL;
  int gain = CRIA_CAPTURE_KEEP;
  gboolean has_gain = FALSE;
  g_autofree char *gain_text = NULL;
  const GOptionEntry entries[] = {
    { "exposure", 'e', 0, G_OPTION_ARG_STRING, &exposure_text, N_("Exposure time"), N_("SECONDS") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("FITS file to write"), N_("FILE.fits") },
    { "bin", 'b', 0, G_OPTION_ARG_STRING, &bin_text, N_("Binning of both axes"), N_("N") },
    { "gain", 'g', 0, G_OPTION_ARG_STRING, &gain_text, N_("Camera gain"), N_("G") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("URL NUMBER"));
  g_autoptr(CriaServer) server = NULL;
  g_autoptr(CriaDevice) camera = NULL;
  g_autoptr(CriaCapture) capture = NULL;
  g_autoptr(GAsyncResult) stopped = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Surroundings) surroundings = { 0 };
  OneFrame one = { NULL, NULL };
  double exposure = 0;
  guint bin = 0;
  int status = 0;

  g_option_context_set_summary (context, _("Take one exposure with camera NUMBER of the server at "
                                           "URL and save it as FITS, with the state of the "
                                           "server's connected focuser, filter wheel and mount "
                                           "in its header."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!cria_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 3 || exposure_text == NULL || output == NULL)
    return cria_cli_fail (_("usage: cria-cli capture URL NUMBER --exposure SECONDS --output FILE.fits "
                            "[--bin N] [--gain G]"));
  if (!cria_cli_parse_seconds (exposure_text, &exposure, &error)
      || (bin_text != NULL && !cria_cli_parse_uint (bin_text, _("binning"), 1, 64, &bin, &error)))
    return cria_cli_fail ("%s", error->message);
  if (gain_text != NULL)
    {
      gint64 value;

      if (!g_ascii_string_to_signed (gain_text, 10, G_MININT + 1, G_MAXINT, &value, NULL))
        return cria_cli_fail (_("“%s” is not a gain"), gain_text);
      gain = (int) value;
      has_gain = TRUE;
    }

  camera = cria_cli_connect_camera (argv[1], argv[2], &server, &status);
  if (camera == NULL)
    return status;
  read_surroundings (server, &surroundings);

  capture = cria_capture_new (camera);
  cria_capture_set_exposure (capture, exposure);
  cria_capture_set_binning (capture, bin);
  if (has_gain)
    cria_capture_set_gain (capture, gain);
  g_signal_connect (capture, "frame", G_CALLBACK (on_one_frame), &one);
  g_signal_connect (capture, "error", G_CALLBACK (on_one_error), &one);
  cria_capture_start (capture);

  while (one.frame == NULL && one.error == NULL)
    g_main_context_iteration (NULL, TRUE);

  cria_capture_stop_async (capture, NULL, cria_cli_store_result, &stopped);
  cria_capture_stop_finish (capture, cria_cli_wait (&stopped), NULL);

  if (one.error != NULL)
    {
      status = cria_cli_fail_error (one.error);
      g_error_free (one.error);
      return status;
    }

  if (!write_fits (one.frame, output, cria_device_get_name (camera), &surroundings, &error))
    status = cria_cli_fail ("%s", error->message);
  cria_frame_unref (one.frame);
  return status;
}
