/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sim-conformance"

/* Part of the simulator conformance test: DeviceState, ImageBytes, and devices that work
 * together (the dome slaved to the telescope, the filter's focus offset). */

#include <math.h>
#include <string.h>

#include "cria-sim-filter-wheel.h"
#include "cria-sim-focuser.h"
#include "test-sim-conformance.h"

#define GET CRIA_HTTP_GET
#define PUT CRIA_HTTP_PUT
#define WAIT_SECONDS 20.0

/* ---- 8. DeviceState ---- */

/* The member a DeviceState name stands for: a GET member without parameters, or for
 * Switch, a member of one Id with the Id appended ("GetSwitchValue3"). */
static const CriaMember *
state_member (const ConfDevice  *device,
              const char        *name,
              char             **params)
{
  const CriaMember *member = cria_member_lookup (device->type, name, GET);
  gsize digits = strspn (name + strcspn (name, "0123456789"), "0123456789");
  gsize stem = strcspn (name, "0123456789");

  *params = NULL;
  if (member != NULL && member->n_params == 0)
    return g_str_equal (member->name, name) ? member : NULL;

  if (stem == 0 || digits == 0 || stem + digits != strlen (name))
    return NULL;

  {
    g_autofree char *base = g_strndup (name, stem);

    member = cria_member_lookup (device->type, base, GET);
    if (member == NULL || !g_str_equal (member->name, base) || member->n_params != 1
        || !g_str_equal (member->params[0].name, "Id"))
      return NULL;
    *params = g_strdup_printf ("Id=%s", name + stem);
    return member;
  }
}

static JsonNode *
find_state_value (JsonArray  *state,
                  const char *name)
{
  guint i;

  for (i = 0; i < json_array_get_length (state); i++)
    {
      JsonObject *item = json_array_get_object_element (state, i);

      if (g_str_equal (json_object_get_string_member (item, "Name"), name))
        return json_object_get_member (item, "Value");
    }
  return NULL;
}

static gboolean
close_to (double value,
          double lo,
          double hi)
{
  static const double wraps[] = { 0, 24, -24, 360, -360 };
  double slack = 1e-9 * MAX (1.0, fabs (value));
  guint i;

  for (i = 0; i < G_N_ELEMENTS (wraps); i++)
    if (value + wraps[i] >= MIN (lo, hi) - slack && value + wraps[i] <= MAX (lo, hi) + slack)
      return TRUE;
  return FALSE;
}

/* A DeviceState value read between two reads of its member equals one of them, or for a
 * number, lies between them. */
static gboolean
between (JsonNode *value,
         JsonNode *before,
         JsonNode *after)
{
  GType type = json_node_get_value_type (value);

  if (json_node_equal (value, before) || json_node_equal (value, after))
    return TRUE;
  if ((type == G_TYPE_DOUBLE || type == G_TYPE_INT64)
      && json_node_get_value_type (before) != G_TYPE_STRING
      && json_node_get_value_type (after) != G_TYPE_STRING)
    return close_to (json_node_get_double (value), json_node_get_double (before),
                     json_node_get_double (after));
  /* Times as ISO 8601 text sort like the times. */
  if (type == G_TYPE_STRING && json_node_get_value_type (before) == G_TYPE_STRING
      && json_node_get_value_type (after) == G_TYPE_STRING)
    return strcmp (json_node_get_string (before), json_node_get_string (value)) <= 0
           && strcmp (json_node_get_string (value), json_node_get_string (after)) <= 0;
  return FALSE;
}

static JsonNode *
read_value (const ConfDevice *device,
            const char       *path,
            const char       *params)
{
  g_autoptr(ConfReply) reply = conf_call (device, GET, path, params);

  if (reply == NULL || reply->error_number != 0 || reply->value == NULL)
    return NULL;
  return json_node_copy (reply->value);
}

static void
check_state_item (const ConfDevice *device,
                  const char       *name)
{
  g_autofree char *params = NULL;
  const CriaMember *member = state_member (device, name, &params);
  g_autofree char *path = NULL;
  g_autofree char *why = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(JsonNode) after = NULL;
  JsonNode *value;

  if (member == NULL)
    {
      conf_problem ("%s DeviceState: “%s” is not a GET member of the interface", device->label,
                    name);
      return;
    }

  path = cria_member_path (member);
  before = read_value (device, path, params);
  state = read_value (device, "devicestate", NULL);
  after = read_value (device, path, params);
  if (before == NULL || after == NULL || state == NULL || !JSON_NODE_HOLDS_ARRAY (state))
    {
      conf_problem ("%s DeviceState: %s or DeviceState cannot be read on its own",
                    device->label, name);
      return;
    }

  value = find_state_value (json_node_get_array (state), name);
  if (value == NULL)
    conf_problem ("%s DeviceState: %s came and went", device->label, name);
  else if (!conf_value_has_type (value, member->value_type, &why))
    conf_problem ("%s DeviceState: %s is %s, unlike the member", device->label, name, why);
  else if (!JSON_NODE_HOLDS_VALUE (value) || !between (value, before, after))
    {
      g_autofree char *a = json_to_string (before, FALSE);
      g_autofree char *b = json_to_string (value, FALSE);
      g_autofree char *c = json_to_string (after, FALSE);

      conf_problem ("%s DeviceState: %s is %s, but the member read %s before and %s after",
                    device->label, name, b, a, c);
    }
}

static void
check_device_state (const ConfDevice *device)
{
  g_autoptr(ConfReply) reply = conf_call (device, GET, "devicestate", NULL);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) to_check = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRegex) iso = g_regex_new ("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$",
                                       0, 0, NULL);
  g_autofree char *why = NULL;
  gboolean has_stamp = FALSE;
  JsonArray *array;
  guint i;

  if (reply == NULL)
    return;
  if (reply->error_number != 0 || !conf_value_has_type (reply->value, CRIA_VALUE_DEVICE_STATE,
                                                        &why))
    {
      conf_problem ("%s DeviceState: ErrorNumber 0x%" G_GINT64_MODIFIER "x, %s", device->label,
                    reply->error_number, why != NULL ? why : "");
      return;
    }

  array = json_node_get_array (reply->value);
  for (i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);
      const char *name = json_object_get_string_member (item, "Name");
      JsonNode *value = json_object_get_member (item, "Value");

      if (!g_hash_table_add (names, (gpointer) name))
        conf_problem ("%s DeviceState: “%s” appears twice", device->label, name);

      if (g_str_equal (name, "TimeStamp"))
        {
          has_stamp = TRUE;
          if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING
              || !g_regex_match (iso, json_node_get_string (value), 0, NULL))
            conf_problem ("%s DeviceState: TimeStamp is not an ISO 8601 UTC time",
                          device->label);
        }
      else
        g_ptr_array_add (to_check, g_strdup (name));
    }

  if (!has_stamp)
    conf_problem ("%s DeviceState: no TimeStamp", device->label);
  if (to_check->len == 0)
    conf_problem ("%s DeviceState: no operational state at all", device->label);

  for (i = 0; i < to_check->len; i++)
    check_state_item (device, g_ptr_array_index (to_check, i));
}

START_TEST (test_device_state)
{
  guint i;

  conformance_connect_all ();
  for (i = 0; i < conformance_devices->len; i++)
    check_device_state (g_ptr_array_index (conformance_devices, i));

  /* Again with things moving: the values must still agree. */
  {
    const ConfDevice *dome = conformance_find_device (CRIA_DEVICE_DOME);
    const ConfDevice *rotator = conformance_find_device (CRIA_DEVICE_ROTATOR);

    conf_put_ok (dome, "slewtoazimuth", "Azimuth=270");
    conf_put_ok (rotator, "moveabsolute", "Position=300");
    check_device_state (dome);
    check_device_state (rotator);
  }

  conf_check_problems ();
}
END_TEST

/* ---- 9. ImageBytes ---- */

static gint32
read_le32 (const guint8 *data,
           guint         field)
{
  gint32 value;

  memcpy (&value, data + 4 * field, sizeof value);
  return GINT32_FROM_LE (value);
}

static ConfReply *
get_imagebytes (const ConfDevice *device,
                guint32          *ctid)
{
  g_autofree char *path = g_strdup_printf ("%s/imagearray", device->path);
  g_autofree char *params = NULL;

  *ctid = conf_next_ctid ();
  params = g_strdup_printf ("ClientID=9&ClientTransactionID=%u", *ctid);
  return conf_request ("GET", path, params, "application/imagebytes, application/json;q=0.9");
}

/* The 44-byte metadata; FALSE if it is not there. */
static gboolean
check_metadata (ConfReply    *reply,
                guint32       ctid,
                const char   *what,
                gint32        header[11])
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (reply->body, &size);
  guint i;

  if (size < 44)
    {
      conf_problem ("%s: %" G_GSIZE_FORMAT " bytes, less than the metadata", what, size);
      return FALSE;
    }
  for (i = 0; i < 11; i++)
    header[i] = read_le32 (data, i);

  if (header[0] != 1)
    conf_problem ("%s: MetadataVersion %d", what, header[0]);
  if ((guint32) header[2] != ctid)
    conf_problem ("%s: ClientTransactionID %u instead of %u", what, (guint32) header[2], ctid);
  conf_check_stid ((guint32) header[3], what);
  for (i = 0; i < 11; i++)
    if (i != 2 && i != 3 && header[i] < 0)
      conf_problem ("%s: metadata field %u is negative", what, i);
  if (header[4] < 44 || (gsize) header[4] > size)
    {
      conf_problem ("%s: DataStart %d outside the %" G_GSIZE_FORMAT " bytes", what, header[4],
                    size);
      return FALSE;
    }
  return TRUE;
}

START_TEST (test_imagebytes)
{
  const ConfDevice *camera = conformance_find_device (CRIA_DEVICE_CAMERA);
  g_autoptr(ConfReply) reply = NULL;
  g_autoptr(ConfReply) json = NULL;
  gint32 header[11];
  gint64 num_x = 0, num_y = 0;
  guint32 ctid;
  gsize size = 0;
  const guint8 *data;

  ck_assert (conf_connect (camera));

  /* Before any exposure: an error, as JSON or as an ImageBytes error block. */
  reply = get_imagebytes (camera, &ctid);
  if (g_str_has_prefix (reply->content_type, "application/imagebytes"))
    {
      if (check_metadata (reply, ctid, "imagearray before an exposure", header))
        {
          g_autofree char *message = NULL;

          data = g_bytes_get_data (reply->body, &size);
          message = g_strndup ((const char *) data + header[4], size - header[4]);
          if (header[1] != CONF_INVALID_OPERATION)
            conf_problem ("imagearray before an exposure: ErrorNumber 0x%x instead of 0x40B",
                          header[1]);
          if (!g_utf8_validate (message, -1, NULL) || message[0] == '\0')
            conf_problem ("imagearray before an exposure: no UTF-8 error message");
        }
    }
  else if (conf_check_envelope (reply, ctid, "imagearray before an exposure")
           && reply->error_number != CONF_INVALID_OPERATION)
    conf_problem ("imagearray before an exposure: ErrorNumber 0x%" G_GINT64_MODIFIER
                  "x instead of 0x40B", reply->error_number);
  g_clear_pointer (&reply, conf_reply_free);

  /* A short exposure, then the image in both encodings. */
  ck_assert (conf_put_ok (camera, "startexposure", "Duration=0.1&Light=true"));
  ck_assert (conf_wait_bool (camera, "imageready", TRUE, WAIT_SECONDS));
  ck_assert (conf_get_int (camera, "numx", NULL, &num_x));
  ck_assert (conf_get_int (camera, "numy", NULL, &num_y));

  reply = get_imagebytes (camera, &ctid);
  ck_assert_msg (reply->status == 200, "HTTP %u", reply->status);
  ck_assert_msg (g_str_has_prefix (reply->content_type, "application/imagebytes"),
                 "Content-Type %s", reply->content_type);
  ck_assert (check_metadata (reply, ctid, "imagearray", header));
  data = g_bytes_get_data (reply->body, &size);
  ck_assert_int_eq (header[1], 0);
  ck_assert_int_eq (header[5], 2);  /* ImageElementType Int32 */
  ck_assert_int_eq (header[6], 8);  /* TransmissionElementType UInt16 */
  ck_assert_int_eq (header[7], 2);  /* Rank */
  ck_assert_int_eq (header[8], num_x);
  ck_assert_int_eq (header[9], num_y);
  ck_assert_int_eq (header[10], 0);
  ck_assert_uint_eq (size, header[4] + (gsize) num_x * num_y * 2);

  /* The JSON form holds the same pixels, NumX arrays of NumY. */
  json = conf_call (camera, GET, "imagearray", NULL);
  ck_assert (json != NULL);
  ck_assert_int_eq (json->error_number, 0);
  ck_assert_int_eq (json_object_get_int_member (json->object, "Type"), 2);
  ck_assert_int_eq (json_object_get_int_member (json->object, "Rank"), 2);
  ck_assert (JSON_NODE_HOLDS_ARRAY (json->value));
  ck_assert_uint_eq (json_array_get_length (json_node_get_array (json->value)), num_x);
  {
    static const double samples[][2] = { { 0, 0 }, { 1, 0 }, { 0, 1 }, { 0.5, 0.25 },
                                         { 0.9, 0.7 }, { 1, 1 } };
    guint i;

    for (i = 0; i < G_N_ELEMENTS (samples); i++)
      {
        guint x = (guint) (samples[i][0] * (num_x - 1));
        guint y = (guint) (samples[i][1] * (num_y - 1));
        JsonArray *column = json_array_get_array_element (json_node_get_array (json->value), x);
        guint16 pixel;

        ck_assert_uint_eq (json_array_get_length (column), num_y);
        memcpy (&pixel, data + header[4] + ((gsize) x * num_y + y) * 2, 2);
        ck_assert_int_eq (json_array_get_int_element (column, y), GUINT16_FROM_LE (pixel));
      }
  }

  conf_check_problems ();
}
END_TEST

/* ---- the dome slaved to the telescope ---- */

static double
angle_between (double a,
               double b)
{
  double d = fmod (fabs (a - b), 360.0);

  return d > 180 ? 360 - d : d;
}

static void
point_telescope (const ConfDevice *telescope,
                 double            azimuth)
{
  g_autofree char *params = g_strdup_printf ("Azimuth=%u&Altitude=50", (guint) azimuth);

  ck_assert (conf_put_ok (telescope, "slewtoaltazasync", params));
  ck_assert (conf_wait_bool (telescope, "slewing", FALSE, WAIT_SECONDS));
}

/* Polls the dome until it points where the telescope does. */
static gboolean
dome_follows (const ConfDevice *dome,
              const ConfDevice *telescope)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (WAIT_SECONDS * G_USEC_PER_SEC);
  double dome_az = 0, telescope_az = 0;
  gboolean slewing = TRUE;

  while (g_get_monotonic_time () < deadline)
    {
      ck_assert (conf_get_double (telescope, "azimuth", NULL, &telescope_az));
      ck_assert (conf_get_double (dome, "azimuth", NULL, &dome_az));
      ck_assert (conf_get_bool (dome, "slewing", NULL, &slewing));
      if (!slewing && angle_between (dome_az, telescope_az) < 0.5)
        return TRUE;
      g_usleep (20000);
    }

  g_message ("dome at %g°, telescope at %g°", dome_az, telescope_az);
  return FALSE;
}

START_TEST (test_dome_slaved)
{
  const ConfDevice *dome = conformance_find_device (CRIA_DEVICE_DOME);
  const ConfDevice *telescope = conformance_find_device (CRIA_DEVICE_TELESCOPE);
  gboolean slewing = FALSE, slaved = FALSE;
  double azimuth = 0;

  ck_assert (conf_connect (dome));
  ck_assert (conf_connect (telescope));
  ck_assert (conf_put_ok (telescope, "unpark", NULL));
  ck_assert (conf_put_ok (telescope, "tracking", "Tracking=false"));
  point_telescope (telescope, 120);

  /* The dome starts at home, far from the telescope, and turns once slaved. */
  ck_assert (conf_get_double (dome, "azimuth", NULL, &azimuth));
  ck_assert_msg (angle_between (azimuth, 120) > 60, "dome at %g°", azimuth);
  ck_assert (conf_put_ok (dome, "slaved", "Slaved=true"));
  ck_assert (conf_get_bool (dome, "slaved", NULL, &slaved) && slaved);
  ck_assert (conf_get_bool (dome, "slewing", NULL, &slewing));
  ck_assert_msg (slewing, "a slaved dome that is behind the telescope must be slewing");
  ck_assert (dome_follows (dome, telescope));

  /* While slaved, the telescope commands the dome. */
  ck_assert_int_eq (conf_error_of (dome, PUT, "slewtoazimuth", "Azimuth=10"), 0x409);

  point_telescope (telescope, 250);
  ck_assert (dome_follows (dome, telescope));

  /* Released, the dome stays where it is. */
  ck_assert (conf_put_ok (dome, "slaved", "Slaved=false"));
  point_telescope (telescope, 30);
  g_usleep (200000);
  ck_assert (conf_get_double (dome, "azimuth", NULL, &azimuth));
  ck_assert_msg (angle_between (azimuth, 250) < 1.0, "released dome moved to %g°", azimuth);

  conf_check_problems ();
}
END_TEST

/* ---- the filter's focus offset ---- */

static int
compare_uint16 (gconstpointer a,
                gconstpointer b)
{
  return (int) *(const guint16 *) a - (int) *(const guint16 *) b;
}

/* How concentrated the light is: the summed squares of the star pixels above the
 * background. For the same stars, a sharper image gives more. */
static double
sharpness_at (const ConfDevice *camera,
              const ConfDevice *focuser,
              gint              position)
{
  g_autofree char *move = g_strdup_printf ("Position=%d", position);
  g_autoptr(ConfReply) reply = NULL;
  g_autofree guint16 *sorted = NULL;
  gint32 header[11];
  const guint8 *data;
  gsize size = 0, n, i;
  double median, threshold, sum = 0;
  guint32 ctid;

  ck_assert (conf_put_ok (focuser, "move", move));
  ck_assert (conf_wait_bool (focuser, "ismoving", FALSE, WAIT_SECONDS));
  ck_assert (conf_put_ok (camera, "startexposure", "Duration=5&Light=true"));
  ck_assert (conf_wait_bool (camera, "imageready", TRUE, WAIT_SECONDS));

  reply = get_imagebytes (camera, &ctid);
  ck_assert (g_str_has_prefix (reply->content_type, "application/imagebytes"));
  ck_assert (check_metadata (reply, ctid, "imagearray", header));
  ck_assert_int_eq (header[6], 8);
  data = g_bytes_get_data (reply->body, &size);
  n = (size - header[4]) / 2;
  ck_assert_uint_gt (n, 0);

  sorted = g_new (guint16, n);
  for (i = 0; i < n; i++)
    {
      memcpy (&sorted[i], data + header[4] + 2 * i, 2);
      sorted[i] = GUINT16_FROM_LE (sorted[i]);
    }
  qsort (sorted, n, sizeof *sorted, compare_uint16);
  median = sorted[n / 2];
  /* The lower quartile is about 0.67 σ of the noise below the median. */
  threshold = median + 5 * 1.48 * (median - sorted[n / 4]) + 1;
  for (i = 0; i < n; i++)
    if (sorted[i] > threshold)
      sum += (sorted[i] - median) * (sorted[i] - median);

  return sum;
}

START_TEST (test_filter_focus_offset)
{
  const ConfDevice *camera = conformance_find_device (CRIA_DEVICE_CAMERA);
  const ConfDevice *focuser = conformance_find_device (CRIA_DEVICE_FOCUSER);
  const ConfDevice *wheel = conformance_find_device (CRIA_DEVICE_FILTER_WHEEL);
  CriaSimDevice *sim_focuser = cria_sim_server_get_device (conformance_server,
                                                           CRIA_DEVICE_FOCUSER, 0);
  CriaSimDevice *sim_wheel = cria_sim_server_get_device (conformance_server,
                                                         CRIA_DEVICE_FILTER_WHEEL, 0);
  g_autoptr(ConfReply) offsets = NULL;
  g_autofree char *slot_params = NULL;
  JsonArray *array;
  gint best = 0, offset = 0, slot = -1;
  gint64 position = -1;
  double sharp, blurred;
  guint i;

  ck_assert (CRIA_IS_SIM_FOCUSER (sim_focuser) && CRIA_IS_SIM_FILTER_WHEEL (sim_wheel));
  ck_assert (conf_connect (camera));
  ck_assert (conf_connect (focuser));
  ck_assert (conf_connect (wheel));

  /* The filter with the largest focus shift. */
  offsets = conf_call (wheel, GET, "focusoffsets", NULL);
  ck_assert (offsets != NULL && offsets->error_number == 0);
  array = json_node_get_array (offsets->value);
  for (i = 0; i < json_array_get_length (array); i++)
    if (ABS (json_array_get_int_element (array, i)) > ABS (offset))
      {
        offset = (gint) json_array_get_int_element (array, i);
        slot = (gint) i;
      }
  ck_assert_int_ne (offset, 0);

  slot_params = g_strdup_printf ("Position=%d", slot);
  ck_assert (conf_put_ok (wheel, "position", slot_params));
  for (i = 0; i < 1000 && position != slot; i++)
    {
      ck_assert (conf_get_int (wheel, "position", NULL, &position));
      g_usleep (20000);
    }
  ck_assert_int_eq (position, slot);
  ck_assert_int_eq (cria_sim_filter_wheel_get_focus_offset (CRIA_SIM_FILTER_WHEEL (sim_wheel)),
                    offset);

  /* In focus is where the focuser's best position plus the offset puts it; the other side
   * is twice the offset away. */
  cria_sim_focuser_get_position (CRIA_SIM_FOCUSER (sim_focuser), NULL, NULL, &best);
  sharp = sharpness_at (camera, focuser, best + offset);
  blurred = sharpness_at (camera, focuser, best - offset);
  g_message ("filter %d, offset %d: sharpness %g in focus, %g out of focus", slot, offset, sharp,
             blurred);
  ck_assert_msg (sharp > 1.5 * blurred, "focus offset ignored: %g vs %g", sharp, blurred);

  conf_check_problems ();
}
END_TEST

void
conformance_add_state_tests (TCase *tcase)
{
  tcase_add_test (tcase, test_device_state);
  tcase_add_test (tcase, test_imagebytes);
  tcase_add_test (tcase, test_dome_slaved);
  tcase_add_test (tcase, test_filter_focus_offset);
}
