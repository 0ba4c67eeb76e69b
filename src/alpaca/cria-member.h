/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cria-device-type.h"

G_BEGIN_DECLS

typedef enum
{
  CRIA_HTTP_GET,
  CRIA_HTTP_PUT,
} CriaHttpMethod;

/* The JSON shape of a Value or a parameter. */
typedef enum
{
  CRIA_VALUE_NONE,         /* a method reply without Value */
  CRIA_VALUE_BOOL,
  CRIA_VALUE_INT,
  CRIA_VALUE_DOUBLE,
  CRIA_VALUE_STRING,
  CRIA_VALUE_STRING_LIST,
  CRIA_VALUE_INT_LIST,
  CRIA_VALUE_AXIS_RATES,   /* [{Minimum, Maximum}] */
  CRIA_VALUE_DEVICE_STATE, /* [{Name, Value}] */
  CRIA_VALUE_IMAGE,        /* imagearray / imagearrayvariant */
  CRIA_VALUE_OBJECT,       /* management description */
  CRIA_VALUE_OBJECT_LIST,  /* management configureddevices */
} CriaValueType;

/* How a value is meant to be read by a person; the UI formats and parses by this. */
typedef enum
{
  CRIA_FORMAT_PLAIN,
  CRIA_FORMAT_HOURS,          /* right ascension, sidereal time: HH:MM:SS.s */
  CRIA_FORMAT_DEGREES,        /* declination, altitude, latitude: ±DD°MM′SS″ */
  CRIA_FORMAT_AZIMUTH,        /* azimuth, longitude, position angle: DDD°MM′SS″ */
  CRIA_FORMAT_CELSIUS,
  CRIA_FORMAT_PERCENT,
  CRIA_FORMAT_SECONDS,
  CRIA_FORMAT_DATE_TIME,      /* ISO 8601 UTC */
  CRIA_FORMAT_CAMERA_STATE,   /* enumerations, by their spec names */
  CRIA_FORMAT_SENSOR_TYPE,
  CRIA_FORMAT_SHUTTER_STATE,
  CRIA_FORMAT_PIER_SIDE,
  CRIA_FORMAT_ALIGNMENT_MODE,
  CRIA_FORMAT_EQUATORIAL_SYSTEM,
  CRIA_FORMAT_DRIVE_RATE,
  CRIA_FORMAT_CALIBRATOR_STATUS,
  CRIA_FORMAT_COVER_STATUS,
  CRIA_FORMAT_TELESCOPE_AXIS,
  CRIA_FORMAT_GUIDE_DIRECTION,
  CRIA_FORMAT_DESTINATION_SIDE_OF_PIER,
} CriaValueFormat;

typedef struct
{
  const char      *name;      /* exact spec casing, e.g. "RightAscension" */
  CriaValueType    type;
  CriaValueFormat  format;
} CriaParamSpec;

typedef struct
{
  const char          *name;          /* spec casing, e.g. "SlewToCoordinatesAsync"; the path is its lowercase */
  CriaHttpMethod       method;
  CriaValueType        value_type;    /* what the reply's Value holds */
  CriaValueFormat      format;
  guint8               since_version; /* interface version that introduced the member */
  guint8               n_params;      /* parameters beyond ClientID/ClientTransactionID */
  const CriaParamSpec *params;
} CriaMember;

/* Every member of a device type, common members included, sorted by name then method. */
const CriaMember    *cria_member_table         (CriaDeviceType    type,
                                                gsize            *n_members);
/* Case-insensitive, so "rightascension" finds "RightAscension". */
const CriaMember    *cria_member_lookup        (CriaDeviceType    type,
                                                const char       *name,
                                                CriaHttpMethod    method);
const CriaParamSpec *cria_member_find_param    (const CriaMember *member,
                                                const char       *name);
char                *cria_member_path          (const CriaMember *member);

const char          *cria_value_type_to_string (CriaValueType     type);

G_END_DECLS
