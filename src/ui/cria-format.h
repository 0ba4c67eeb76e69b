/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "cria-member.h"

G_BEGIN_DECLS

/* Values as astronomers read them, and the same forms parsed back. Pure functions: no
 * widgets, and independent of the process locale (numbers always use a decimal point). */

#define CRIA_FORMAT_ERROR (cria_format_error_quark ())

typedef enum
{
  CRIA_FORMAT_ERROR_INVALID,       /* the text does not have the expected form */
  CRIA_FORMAT_ERROR_OUT_OF_RANGE,
} CriaFormatError;

GQuark      cria_format_error_quark   (void);

/* "12:30:15.5"; rounding never shows 24:00:00.0. */
char       *cria_format_hours         (double             hours);
/* "+20°30′15″", "-0°00′30″", "+90°00′00″". */
char       *cria_format_degrees       (double             degrees);
/* "123°30′15″", in [0, 360). */
char       *cria_format_azimuth       (double             degrees);
/* "12.3 °C" */
char       *cria_format_celsius       (double             celsius);
/* "45 %", "12.5 %" */
char       *cria_format_percent       (double             percent);
/* "0.001 s", "12.5 s", "2 min 5 s", "1 h 2 min 5 s" */
char       *cria_format_seconds       (double             seconds);
/* A plain number with up to max_decimals decimals and no trailing zeros: "0.5", "1000". */
char       *cria_format_number        (double             value,
                                       guint              max_decimals);
/* ISO 8601 UTC ("2024-03-04T17:45:31.1234567Z"; FITS style without Z is UTC too) shown in
 * zone (NULL: local) as "2024-03-04 18:45:31 CET". NULL when text is not a date. */
char       *cria_format_date_time     (const char        *iso8601,
                                       GTimeZone         *zone);
/* "Yes" or "No", translated. */
const char *cria_format_bool          (gboolean           value);

/* Enumerations by their spec names, translated; NULL for a value the spec lacks or a
 * format that is no enumeration. */
const char *cria_format_enum_name     (CriaValueFormat    format,
                                       gint64             value);
/* The values of an enumeration in spec order; a count of 0 for a format that is none. */
gsize       cria_format_enum_count      (CriaValueFormat  format);
int         cria_format_enum_nth_value  (CriaValueFormat  format,
                                         gsize            index);
gboolean    cria_format_is_enum       (CriaValueFormat    format);

/* Any member value as a one-line text: numbers with units by format, enumerations by
 * name, lists joined with commas. Never NULL; malformed values give a short placeholder. */
char       *cria_format_value         (JsonNode          *value,
                                       CriaValueType      type,
                                       CriaValueFormat    format);

/* Parsing. Every parser accepts surrounding spaces, '.' or ',' as the decimal mark, and
 * "-" or "−" as the minus sign; it refuses trailing garbage and non-finite numbers. */

/* "12:30:15.5", "12h30m15s", "12 30 15", "12.5"; 0 <= hours < 24. */
gboolean    cria_parse_hours          (const char        *text,
                                       double            *hours,
                                       GError           **error);
/* "-20°30′15″", "-20:30:15", "-20 30 15", "-20d30m15s", "-20.5"; -90 to +90. */
gboolean    cria_parse_degrees        (const char        *text,
                                       double            *degrees,
                                       GError           **error);
/* As cria_parse_degrees, for longitudes: -180 to +180. */
gboolean    cria_parse_longitude      (const char        *text,
                                       double            *degrees,
                                       GError           **error);
/* As cria_parse_degrees without a sign; 0 <= degrees < 360 (360 itself wraps to 0). */
gboolean    cria_parse_azimuth        (const char        *text,
                                       double            *degrees,
                                       GError           **error);
/* "12.5", "12.5 s", "2 min 5 s", "1 h", "500 ms". */
gboolean    cria_parse_seconds        (const char        *text,
                                       double            *seconds,
                                       GError           **error);
/* A plain number, optionally followed by the unit (e.g. "°C", "%"). */
gboolean    cria_parse_number         (const char        *text,
                                       const char        *unit,
                                       double            *value,
                                       GError           **error);
/* Local "2024-03-04 18:45:31" (in zone; NULL: local) or ISO 8601 with a zone; returns
 * the Alpaca form "2024-03-04T17:45:31.0000000Z". */
char       *cria_parse_date_time      (const char        *text,
                                       GTimeZone         *zone,
                                       GError           **error);
/* By format: hours, degrees, azimuth, seconds, celsius, percent or plain number. For a
 * parameter or property named like a longitude use cria_parse_longitude instead. */
gboolean    cria_parse_double         (CriaValueFormat    format,
                                       const char        *text,
                                       double            *value,
                                       GError           **error);

G_END_DECLS
