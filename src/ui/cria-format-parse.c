/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "cria-format.h"

#define MINUS_SIGN "\xe2\x88\x92" /* U+2212 */

/* Parsing what cria-format.c shows, and what people type. */

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
