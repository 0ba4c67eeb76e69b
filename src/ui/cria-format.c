/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "cria-format.h"

G_DEFINE_QUARK (cria-format-error-quark, cria_format_error)

#define MINUS_SIGN "\xe2\x88\x92" /* U+2212 */

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

/* Parsing. */

static void
set_invalid (GError    **error,
             const char *text,
             const char *expected)
{
  /* TRANSLATORS: the first %s is what was typed, the second the expected form. */
  g_set_error (error, CRIA_FORMAT_ERROR, CRIA_FORMAT_ERROR_INVALID,
               _("“%s” is not %s"), text, expected);
}

static const char *
skip_spaces (const char *p)
{
  while (g_ascii_isspace (*p))
    p++;
  return p;
}

/* Reads [digits][.|,digits] into *value; returns the end or NULL. */
static const char *
read_number (const char *p,
             double     *value,
             gboolean   *has_fraction)
{
  char buffer[64];
  gsize len = 0;
  gboolean digits = FALSE;

  *has_fraction = FALSE;
  while (g_ascii_isdigit (*p) && len < sizeof buffer - 2)
    {
      buffer[len++] = *p++;
      digits = TRUE;
    }
  if ((*p == '.' || *p == ',') && len < sizeof buffer - 2)
    {
      buffer[len++] = '.';
      p++;
      *has_fraction = TRUE;
      while (g_ascii_isdigit (*p) && len < sizeof buffer - 1)
        {
          buffer[len++] = *p++;
          digits = TRUE;
        }
    }
  if (!digits || g_ascii_isdigit (*p))
    return NULL;

  buffer[len] = '\0';
  *value = g_ascii_strtod (buffer, NULL);
  return isfinite (*value) ? p : NULL;
}

/* Reads an optional sign; returns the position after it. */
static const char *
read_sign (const char *p,
           gboolean   *negative)
{
  *negative = FALSE;
  if (*p == '+')
    return p + 1;
  if (*p == '-')
    {
      *negative = TRUE;
      return p + 1;
    }
  if (g_str_has_prefix (p, MINUS_SIGN))
    {
      *negative = TRUE;
      return p + strlen (MINUS_SIGN);
    }
  return p;
}

/* Matches the unit marker that may follow field index (0: hours or degrees, 1: minutes,
 * 2: seconds); returns its length or 0. */
static gsize
match_marker (const char *p,
              guint       field,
              gboolean    hours)
{
  static const char * const hour_markers[3][4] = {
    { "h", NULL }, { "m", NULL }, { "s", NULL },
  };
  static const char * const degree_markers[3][6] = {
    { "°", "d", "º", NULL },
    { "′", "'", "m", NULL },
    { "″", "''", "\"", "s", NULL },
  };
  const char * const *markers = hours ? hour_markers[field] : degree_markers[field];
  guint i;

  for (i = 0; markers[i] != NULL; i++)
    if (g_ascii_strncasecmp (p, markers[i], strlen (markers[i])) == 0)
      return strlen (markers[i]);

  return 0;
}

/* Parses up to three sexagesimal fields with an optional sign. Only the last field may
 * have a fraction; minutes and seconds stay below 60. */
static gboolean
parse_sexagesimal (const char *text,
                   gboolean    hours,
                   gboolean    allow_sign,
                   double     *value,
                   GError    **error,
                   const char *expected)
{
  const char *p = skip_spaces (text);
  double fields[3] = { 0, 0, 0 };
  gboolean negative, fraction = FALSE;
  guint n = 0;

  p = read_sign (p, &negative);
  if (negative && !allow_sign)
    goto invalid;
  p = skip_spaces (p);

  while (TRUE)
    {
      gboolean separated = FALSE;
      gsize marker;

      if (n == 3 || fraction)
        goto invalid;
      p = read_number (p, &fields[n], &fraction);
      if (p == NULL)
        goto invalid;
      n++;

      p = skip_spaces (p);
      marker = match_marker (p, n - 1, hours);
      if (marker > 0)
        {
          p = skip_spaces (p + marker);
          separated = TRUE;
        }
      if (*p == '\0')
        break;
      if (*p == ':' && marker == 0)
        {
          p = skip_spaces (p + 1);
          separated = TRUE;
        }
      else if (g_ascii_isspace (p[-1]))
        separated = TRUE;

      if (!separated)
        goto invalid;
    }

  if ((n > 1 && fields[1] >= 60.0) || (n > 2 && fields[2] >= 60.0))
    {
      g_set_error (error, CRIA_FORMAT_ERROR, CRIA_FORMAT_ERROR_OUT_OF_RANGE,
                   _("Minutes and seconds in “%s” must be below 60"), text);
      return FALSE;
    }

  *value = fields[0] + fields[1] / 60.0 + fields[2] / 3600.0;
  if (negative)
    *value = -*value;
  return TRUE;

invalid:
  set_invalid (error, text, expected);
  return FALSE;
}

static gboolean
check_range (const char *text,
             double      value,
             double      min,
             double      max,
             gboolean    max_inclusive,
             double     *out,
             GError    **error)
{
  if (value < min || value > max || (!max_inclusive && value >= max))
    {
      g_autofree char *min_text = cria_format_number (min, 6);
      g_autofree char *max_text = cria_format_number (max, 6);

      g_set_error (error, CRIA_FORMAT_ERROR, CRIA_FORMAT_ERROR_OUT_OF_RANGE,
                   max_inclusive ? _("“%s” is outside %s to %s")
                                 : _("“%s” is outside %s to below %s"),
                   text, min_text, max_text);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

gboolean
cria_parse_hours (const char  *text,
                  double      *hours,
                  GError     **error)
{
  double value;

  g_return_val_if_fail (text != NULL && hours != NULL, FALSE);

  if (!parse_sexagesimal (text, TRUE, FALSE, &value, error,
                          _("a right ascension such as 12:30:15.5")))
    return FALSE;

  return check_range (text, value, 0.0, 24.0, FALSE, hours, error);
}

gboolean
cria_parse_degrees (const char  *text,
                    double      *degrees,
                    GError     **error)
{
  double value;

  g_return_val_if_fail (text != NULL && degrees != NULL, FALSE);

  if (!parse_sexagesimal (text, FALSE, TRUE, &value, error,
                          _("an angle such as -20°30′15″")))
    return FALSE;

  return check_range (text, value, -90.0, 90.0, TRUE, degrees, error);
}

gboolean
cria_parse_longitude (const char  *text,
                      double      *degrees,
                      GError     **error)
{
  double value;

  g_return_val_if_fail (text != NULL && degrees != NULL, FALSE);

  if (!parse_sexagesimal (text, FALSE, TRUE, &value, error,
                          _("an angle such as -120°30′15″")))
    return FALSE;

  return check_range (text, value, -180.0, 180.0, TRUE, degrees, error);
}

gboolean
cria_parse_azimuth (const char  *text,
                    double      *degrees,
                    GError     **error)
{
  double value;

  g_return_val_if_fail (text != NULL && degrees != NULL, FALSE);

  if (!parse_sexagesimal (text, FALSE, FALSE, &value, error,
                          _("an azimuth such as 120°30′15″")))
    return FALSE;

  if (!check_range (text, value, 0.0, 360.0, TRUE, degrees, error))
    return FALSE;
  if (*degrees >= 360.0)
    *degrees = 0.0;
  return TRUE;
}

gboolean
cria_parse_number (const char  *text,
                   const char  *unit,
                   double      *value,
                   GError     **error)
{
  const char *p;
  gboolean negative, fraction;
  double number;

  g_return_val_if_fail (text != NULL && value != NULL, FALSE);

  p = read_sign (skip_spaces (text), &negative);
  p = read_number (p, &number, &fraction);
  if (p != NULL)
    {
      /* Exponents, as in 1e-6. */
      if ((*p == 'e' || *p == 'E') && (g_ascii_isdigit (p[1])
                                       || ((p[1] == '-' || p[1] == '+')
                                           && g_ascii_isdigit (p[2]))))
        {
          char *end;
          gint64 exponent = g_ascii_strtoll (p + 1, &end, 10);

          if (exponent < -300 || exponent > 300)
            p = NULL;
          else
            {
              number *= pow (10.0, (double) exponent);
              p = end;
            }
        }
    }
  if (p != NULL)
    {
      p = skip_spaces (p);
      if (unit != NULL && g_str_has_prefix (p, unit))
        p = skip_spaces (p + strlen (unit));
    }
  if (p == NULL || *p != '\0' || !isfinite (number))
    {
      set_invalid (error, text, _("a number"));
      return FALSE;
    }

  *value = negative ? -number : number;
  return TRUE;
}

gboolean
cria_parse_seconds (const char  *text,
                    double      *seconds,
                    GError     **error)
{
  static const struct
  {
    const char *unit;
    double      factor;
  } units[] = {
    { "ms", 0.001 }, { "min", 60.0 }, { "h", 3600.0 }, { "s", 1.0 },
  };
  const char *p;
  gboolean negative, fraction, any = FALSE;
  double total = 0.0;
  int last_unit = -1;

  g_return_val_if_fail (text != NULL && seconds != NULL, FALSE);

  p = read_sign (skip_spaces (text), &negative);
  while (p != NULL && *(p = skip_spaces (p)) != '\0')
    {
      double number;
      guint i;

      p = read_number (p, &number, &fraction);
      if (p == NULL)
        break;
      p = skip_spaces (p);
      any = TRUE;

      for (i = 0; i < G_N_ELEMENTS (units); i++)
        if (g_str_has_prefix (p, units[i].unit))
          break;

      if (i == G_N_ELEMENTS (units))
        {
          /* A bare number is seconds, and only valid alone. */
          if (*p != '\0' || last_unit >= 0)
            p = NULL;
          else
            total += number;
          continue;
        }

      /* Units go from large to small and each comes once: "1 h 2 min 5 s". */
      if (last_unit >= 0 && units[i].factor >= units[last_unit].factor)
        {
          p = NULL;
          break;
        }
      last_unit = (int) i;
      total += number * units[i].factor;
      p += strlen (units[i].unit);
    }

  if (p == NULL || !any || !isfinite (total))
    {
      set_invalid (error, text, _("a duration such as 12.5 s or 2 min 5 s"));
      return FALSE;
    }

  *seconds = negative ? -total : total;
  return TRUE;
}

char *
cria_parse_date_time (const char  *text,
                      GTimeZone   *zone,
                      GError     **error)
{
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) in_utc = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *whole = NULL;
  char *space, *last;

  g_return_val_if_fail (text != NULL, NULL);

  if (zone == NULL)
    zone = local = g_time_zone_new_local ();

  copy = g_strstrip (g_strdup (text));

  /* What the panel shows ends with a zone abbreviation: UTC means UTC, any other is the
   * zone the value was shown in. */
  last = strrchr (copy, ' ');
  if (last != NULL && g_ascii_isalpha (last[1]))
    {
      const char *abbreviation = last + 1;
      gboolean alpha = TRUE;
      const char *c;

      for (c = abbreviation; *c != '\0'; c++)
        alpha = alpha && (g_ascii_isalpha (*c) || *c == '+' || *c == '-' || g_ascii_isdigit (*c));
      if (alpha)
        {
          if (g_ascii_strcasecmp (abbreviation, "UTC") == 0
              || g_ascii_strcasecmp (abbreviation, "GMT") == 0
              || g_ascii_strcasecmp (abbreviation, "Z") == 0)
            zone = utc;
          *last = '\0';
          g_strchomp (copy);
        }
    }

  /* "2024-03-04 18:45:31": a space between date and time. */
  space = strchr (copy, ' ');
  if (space != NULL && space - copy == 10)
    *space = 'T';

  if (strchr (copy, ' ') == NULL)
    time = g_date_time_new_from_iso8601 (copy, zone);
  if (time == NULL)
    {
      set_invalid (error, text, _("a date and time such as 2024-03-04 18:45:31"));
      return NULL;
    }

  in_utc = g_date_time_to_timezone (time, utc);
  whole = g_date_time_format (in_utc, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%07dZ", whole, g_date_time_get_microsecond (in_utc) * 10);
}

gboolean
cria_parse_double (CriaValueFormat   format,
                   const char       *text,
                   double           *value,
                   GError          **error)
{
  switch (format)
    {
    case CRIA_FORMAT_HOURS:
      return cria_parse_hours (text, value, error);
    case CRIA_FORMAT_DEGREES:
      return cria_parse_degrees (text, value, error);
    case CRIA_FORMAT_AZIMUTH:
      return cria_parse_azimuth (text, value, error);
    case CRIA_FORMAT_SECONDS:
      return cria_parse_seconds (text, value, error);
    case CRIA_FORMAT_CELSIUS:
      return cria_parse_number (text, "°C", value, error);
    case CRIA_FORMAT_PERCENT:
      return cria_parse_number (text, "%", value, error);
    case CRIA_FORMAT_PLAIN:
    default:
      return cria_parse_number (text, NULL, value, error);
    }
}
