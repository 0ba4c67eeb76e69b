/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "cria-format.h"

G_DEFINE_QUARK (cria-format-error-quark, cria_format_error)

/* Numbers. */

static char *
format_fixed (double value,
              guint  decimals)
{
  char format[16];
  char buffer[G_ASCII_DTOSTR_BUF_SIZE + 32];

  g_snprintf (format, sizeof format, "%%.%uf", MIN (decimals, 12u));
  g_ascii_formatd (buffer, sizeof buffer, format, value);
  return g_strdup (buffer);
}

char *
cria_format_number (double value,
                    guint  max_decimals)
{
  char *text;
  char *end;

  if (!isfinite (value))
    return g_strdup (isnan (value) ? "NaN" : value > 0 ? "∞" : "-∞");

  text = format_fixed (value, max_decimals);
  if (strchr (text, '.') != NULL)
    {
      end = text + strlen (text) - 1;
      while (*end == '0')
        *end-- = '\0';
      if (*end == '.')
        *end = '\0';
    }

  /* Rounding can leave "-0". */
  if (strcmp (text, "-0") == 0)
    {
      g_free (text);
      text = g_strdup ("0");
    }

  return text;
}

/* Sexagesimal display. */

char *
cria_format_hours (double hours)
{
  gint64 tenths;

  if (!isfinite (hours))
    return g_strdup ("—");

  hours = fmod (hours, 24.0);
  if (hours < 0)
    hours += 24.0;

  /* Round once, on the smallest unit shown, so 23:59:59.96 becomes 00:00:00.0. */
  tenths = llround (hours * 36000.0);
  if (tenths >= 24 * 36000)
    tenths -= 24 * 36000;

  return g_strdup_printf ("%02d:%02d:%02d.%d",
                          (int) (tenths / 36000),
                          (int) (tenths / 600 % 60),
                          (int) (tenths / 10 % 60),
                          (int) (tenths % 10));
}

char *
cria_format_degrees (double degrees)
{
  gint64 arcsec;

  if (!isfinite (degrees))
    return g_strdup ("—");

  arcsec = llround (fabs (degrees) * 3600.0);
  /* The sign belongs to the whole value: -0°00′30″ is south of the equator. */
  return g_strdup_printf ("%c%02d°%02d′%02d″",
                          degrees < 0 && arcsec > 0 ? '-' : '+',
                          (int) (arcsec / 3600),
                          (int) (arcsec / 60 % 60),
                          (int) (arcsec % 60));
}

char *
cria_format_azimuth (double degrees)
{
  gint64 arcsec;

  if (!isfinite (degrees))
    return g_strdup ("—");

  degrees = fmod (degrees, 360.0);
  if (degrees < 0)
    degrees += 360.0;

  arcsec = llround (degrees * 3600.0);
  if (arcsec >= 360 * 3600)
    arcsec -= 360 * 3600;

  return g_strdup_printf ("%03d°%02d′%02d″",
                          (int) (arcsec / 3600),
                          (int) (arcsec / 60 % 60),
                          (int) (arcsec % 60));
}

/* Units. */

char *
cria_format_celsius (double celsius)
{
  g_autofree char *number = cria_format_number (celsius, 1);

  /* Keep one decimal so a changing temperature does not change width. */
  if (isfinite (celsius) && strchr (number, '.') == NULL)
    {
      g_free (number);
      number = format_fixed (fabs (celsius) < 0.05 ? 0.0 : celsius, 1);
    }

  /* TRANSLATORS: a temperature; %s is the number, e.g. "-12.5 °C". */
  return g_strdup_printf (_("%s °C"), number);
}

char *
cria_format_percent (double percent)
{
  g_autofree char *number = cria_format_number (percent, 1);

  /* TRANSLATORS: a percentage; %s is the number, e.g. "45.5 %". */
  return g_strdup_printf (_("%s %%"), number);
}

char *
cria_format_seconds (double seconds)
{
  g_autofree char *number = NULL;
  const char *sign = "";
  gint64 tenths, hours, minutes;
  GString *text;

  if (!isfinite (seconds))
    return cria_format_number (seconds, 0);

  if (fabs (seconds) < 60.0)
    {
      /* Exposure resolutions and minimum exposures go down to microseconds. */
      number = cria_format_number (seconds, fabs (seconds) < 1.0 ? 6 : 3);
      /* TRANSLATORS: a duration in seconds, e.g. "12.5 s". */
      return g_strdup_printf (_("%s s"), number);
    }

  if (seconds < 0)
    sign = "-";

  tenths = llround (fabs (seconds) * 10.0);
  hours = tenths / 36000;
  minutes = tenths / 600 % 60;
  tenths %= 600;

  text = g_string_new (sign);
  if (hours > 0)
    /* TRANSLATORS: the hours of a duration, e.g. "1 h 2 min 5 s". */
    g_string_append_printf (text, _("%d h"), (int) MIN (hours, G_MAXINT));
  if (minutes > 0)
    {
      if (hours > 0)
        g_string_append_c (text, ' ');
      /* TRANSLATORS: the minutes of a duration, e.g. "2 min 5 s". */
      g_string_append_printf (text, _("%d min"), (int) minutes);
    }
  if (tenths > 0)
    {
      number = cria_format_number (tenths / 10.0, 1);
      g_string_append_c (text, ' ');
      g_string_append_printf (text, _("%s s"), number);
    }

  return g_string_free (text, FALSE);
}

const char *
cria_format_bool (gboolean value)
{
  return value ? _("Yes") : _("No");
}

char *
cria_format_date_time (const char *iso8601,
                       GTimeZone  *zone)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) shown = NULL;
  g_autofree char *text = NULL;

  if (iso8601 == NULL)
    return NULL;

  text = g_strstrip (g_strdup (iso8601));
  if (*text == '\0')
    return NULL;

  /* The FITS style of LastExposureStartTime has no zone; it is UTC all the same. */
  time = g_date_time_new_from_iso8601 (text, utc);
  if (time == NULL)
    return NULL;

  if (zone == NULL)
    zone = local = g_time_zone_new_local ();
  shown = g_date_time_to_timezone (time, zone);
  if (shown == NULL)
    return NULL;

  return g_date_time_format (shown, "%Y-%m-%d %H:%M:%S %Z");
}

/* Enumerations, by the names the Alpaca definition gives them. */

typedef struct
{
  int         value;
  const char *name;
} EnumEntry;

static const EnumEntry camera_states[] = {
  { 0, N_("Idle") }, { 1, N_("Waiting") }, { 2, N_("Exposing") },
  { 3, N_("Reading") }, { 4, N_("Download") }, { 5, N_("Error") },
};
static const EnumEntry sensor_types[] = {
  { 0, N_("Monochrome") }, { 1, N_("Color") }, { 2, N_("RGGB") },
  { 3, N_("CMYG") }, { 4, N_("CMYG2") }, { 5, N_("LRGB") },
};
static const EnumEntry shutter_states[] = {
  { 0, N_("Open") }, { 1, N_("Closed") }, { 2, N_("Opening") },
  { 3, N_("Closing") }, { 4, N_("Error") },
};
static const EnumEntry pier_sides[] = {
  { 0, N_("East") }, { 1, N_("West") }, { -1, N_("Unknown") },
};
static const EnumEntry alignment_modes[] = {
  { 0, N_("Alt-Az") }, { 1, N_("Polar") }, { 2, N_("German Polar") },
};
static const EnumEntry equatorial_systems[] = {
  { 0, N_("Other") }, { 1, N_("Topocentric") }, { 2, N_("J2000") },
  { 3, N_("J2050") }, { 4, N_("B1950") },
};
static const EnumEntry drive_rates[] = {
  { 0, N_("Sidereal") }, { 1, N_("Lunar") }, { 2, N_("Solar") }, { 3, N_("King") },
};
static const EnumEntry calibrator_states[] = {
  { 0, N_("Not Present") }, { 1, N_("Off") }, { 2, N_("Not Ready") },
  { 3, N_("Ready") }, { 4, N_("Unknown") }, { 5, N_("Error") },
};
static const EnumEntry cover_states[] = {
  { 0, N_("Not Present") }, { 1, N_("Closed") }, { 2, N_("Moving") },
  { 3, N_("Open") }, { 4, N_("Unknown") }, { 5, N_("Error") },
};
static const EnumEntry telescope_axes[] = {
  { 0, N_("Primary") }, { 1, N_("Secondary") }, { 2, N_("Tertiary") },
};
static const EnumEntry guide_directions[] = {
  { 0, N_("North") }, { 1, N_("South") }, { 2, N_("East") }, { 3, N_("West") },
};

static const EnumEntry *
enum_table (CriaValueFormat  format,
            gsize           *n_entries)
{
#define TABLE(t) *n_entries = G_N_ELEMENTS (t); return t
  switch (format)
    {
    case CRIA_FORMAT_CAMERA_STATE: TABLE (camera_states);
    case CRIA_FORMAT_SENSOR_TYPE: TABLE (sensor_types);
    case CRIA_FORMAT_SHUTTER_STATE: TABLE (shutter_states);
    case CRIA_FORMAT_PIER_SIDE:
    case CRIA_FORMAT_DESTINATION_SIDE_OF_PIER: TABLE (pier_sides);
    case CRIA_FORMAT_ALIGNMENT_MODE: TABLE (alignment_modes);
    case CRIA_FORMAT_EQUATORIAL_SYSTEM: TABLE (equatorial_systems);
    case CRIA_FORMAT_DRIVE_RATE: TABLE (drive_rates);
    case CRIA_FORMAT_CALIBRATOR_STATUS: TABLE (calibrator_states);
    case CRIA_FORMAT_COVER_STATUS: TABLE (cover_states);
    case CRIA_FORMAT_TELESCOPE_AXIS: TABLE (telescope_axes);
    case CRIA_FORMAT_GUIDE_DIRECTION: TABLE (guide_directions);
    case CRIA_FORMAT_PLAIN:
    case CRIA_FORMAT_HOURS:
    case CRIA_FORMAT_DEGREES:
    case CRIA_FORMAT_AZIMUTH:
    case CRIA_FORMAT_CELSIUS:
    case CRIA_FORMAT_PERCENT:
    case CRIA_FORMAT_SECONDS:
    case CRIA_FORMAT_DATE_TIME:
    default:
      *n_entries = 0;
      return NULL;
    }
#undef TABLE
}

gboolean
cria_format_is_enum (CriaValueFormat format)
{
  gsize n;

  return enum_table (format, &n) != NULL;
}

const char *
cria_format_enum_name (CriaValueFormat format,
                       gint64          value)
{
  gsize n, i;
  const EnumEntry *table = enum_table (format, &n);

  for (i = 0; i < n; i++)
    if (table[i].value == value)
      return _(table[i].name);

  return NULL;
}

gsize
cria_format_enum_count (CriaValueFormat format)
{
  gsize n;

  enum_table (format, &n);
  return n;
}

int
cria_format_enum_nth_value (CriaValueFormat format,
                            gsize           index)
{
  gsize n;
  const EnumEntry *table = enum_table (format, &n);

  g_return_val_if_fail (index < n, 0);
  return table[index].value;
}

/* Whole values. */

static gboolean
node_number (JsonNode *node,
             double   *value)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *value = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else
    return FALSE;

  return TRUE;
}

static char *
format_double_by (CriaValueFormat format,
                  double          value)
{
  switch (format)
    {
    case CRIA_FORMAT_HOURS:
      return cria_format_hours (value);
    case CRIA_FORMAT_DEGREES:
      return cria_format_degrees (value);
    case CRIA_FORMAT_AZIMUTH:
      return cria_format_azimuth (value);
    case CRIA_FORMAT_CELSIUS:
      return cria_format_celsius (value);
    case CRIA_FORMAT_PERCENT:
      return cria_format_percent (value);
    case CRIA_FORMAT_SECONDS:
      return cria_format_seconds (value);
    case CRIA_FORMAT_PLAIN:
    case CRIA_FORMAT_DATE_TIME:
    default:
      break;
    }

  if (cria_format_is_enum (format) && value == floor (value))
    {
      const char *name = cria_format_enum_name (format, (gint64) value);

      /* TRANSLATORS: an enumeration value the client does not know, e.g. "Unknown (7)". */
      return name != NULL ? g_strdup (name) : g_strdup_printf (_("Unknown (%.0f)"), value);
    }

  return cria_format_number (value, 6);
}

static char *
format_list (JsonNode        *value,
             CriaValueType    type,
             CriaValueFormat  format)
{
  JsonArray *array;
  GString *text;
  guint i, n;

  if (!JSON_NODE_HOLDS_ARRAY (value))
    return NULL;

  array = json_node_get_array (value);
  n = json_array_get_length (array);
  if (n == 0)
    return g_strdup (_("None"));

  text = g_string_new (NULL);
  for (i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *item = NULL;

      if (type == CRIA_VALUE_STRING_LIST)
        item = JSON_NODE_HOLDS_VALUE (element)
               && json_node_get_value_type (element) == G_TYPE_STRING
               ? g_strdup (json_node_get_string (element)) : NULL;
      else
        item = cria_format_value (element, CRIA_VALUE_DOUBLE, format);

      if (item == NULL)
        {
          g_string_free (text, TRUE);
          return NULL;
        }
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, item);
    }

  return g_string_free (text, FALSE);
}

static char *
format_axis_rates (JsonNode *value)
{
  JsonArray *array;
  GString *text;
  guint i, n;

  if (!JSON_NODE_HOLDS_ARRAY (value))
    return NULL;

  array = json_node_get_array (value);
  n = json_array_get_length (array);
  if (n == 0)
    return g_strdup (_("None"));

  text = g_string_new (NULL);
  for (i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;
      double min, max;
      g_autofree char *min_text = NULL;
      g_autofree char *max_text = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        goto malformed;
      object = json_node_get_object (element);
      if (!node_number (json_object_get_member (object, "Minimum"), &min)
          || !node_number (json_object_get_member (object, "Maximum"), &max))
        goto malformed;

      min_text = cria_format_number (min, 6);
      max_text = cria_format_number (max, 6);
      if (i > 0)
        g_string_append (text, ", ");
      /* TRANSLATORS: a range of axis rates in degrees per second, e.g. "0–4 °/s". */
      g_string_append_printf (text, _("%s–%s °/s"), min_text, max_text);
    }

  return g_string_free (text, FALSE);

malformed:
  g_string_free (text, TRUE);
  return NULL;
}

char *
cria_format_value (JsonNode        *value,
                   CriaValueType    type,
                   CriaValueFormat  format)
{
  char *text = NULL;
  double number;

  if (type == CRIA_VALUE_NONE)
    return g_strdup (_("Done"));
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return g_strdup (_("No value"));

  switch (type)
    {
    case CRIA_VALUE_BOOL:
      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN)
        text = g_strdup (cria_format_bool (json_node_get_boolean (value)));
      break;

    case CRIA_VALUE_INT:
    case CRIA_VALUE_DOUBLE:
      if (node_number (value, &number))
        text = format_double_by (format, number);
      break;

    case CRIA_VALUE_STRING:
      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        {
          const char *string = json_node_get_string (value);

          if (format == CRIA_FORMAT_DATE_TIME)
            text = cria_format_date_time (string, NULL);
          if (text == NULL)
            text = g_strdup (string);
        }
      break;

    case CRIA_VALUE_STRING_LIST:
    case CRIA_VALUE_INT_LIST:
      text = format_list (value, type, format);
      break;

    case CRIA_VALUE_AXIS_RATES:
      text = format_axis_rates (value);
      break;

    case CRIA_VALUE_DEVICE_STATE:
      if (JSON_NODE_HOLDS_ARRAY (value))
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u value", "%u values",
                                             json_array_get_length (json_node_get_array (value))),
                                json_array_get_length (json_node_get_array (value)));
      break;

    case CRIA_VALUE_NONE:
    case CRIA_VALUE_IMAGE:
    case CRIA_VALUE_OBJECT:
    case CRIA_VALUE_OBJECT_LIST:
    default:
      text = json_to_string (value, FALSE);
      break;
    }

  return text != NULL ? text : g_strdup (_("Invalid value"));
}
