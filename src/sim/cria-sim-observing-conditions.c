/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-sim"

#include "config.h"

#include <math.h>

#include "cria-sim-axis.h"
#include "cria-sim-observing-conditions.h"

/* The weather is a fixed sum of slow waves of simulated time, so that it is smooth,
 * repeatable and needs no state: each reading is computed when it is asked for, from the
 * time at which its instrument last sampled. Derived quantities come from the same sample
 * (the dew point from that temperature and humidity, the sky temperature from that cloud
 * cover), so they always agree.
 *
 * Design choices where IObservingConditionsV2 leaves room:
 * - Every sensor is fitted. Sensor names are matched without regard to case; an unknown
 *   one (also "" for SensorDescription) answers InvalidValue.
 * - AveragePeriod (hours) may be 0 (latest sample) to 24; readings then average the samples
 *   of that period (the wind direction as a vector). Negative or longer periods are
 *   InvalidValue.
 * - Refresh makes every instrument sample at once.
 * - TimeSinceLastUpdate counts simulated seconds; "" gives the most recent of all sensors. */

typedef enum
{
  CLOUD_COVER,
  DEW_POINT,
  HUMIDITY,
  PRESSURE,
  RAIN_RATE,
  SKY_BRIGHTNESS,
  SKY_QUALITY,
  SKY_TEMPERATURE,
  STAR_FWHM,
  TEMPERATURE,
  WIND_DIRECTION,
  WIND_GUST,
  WIND_SPEED,
  N_SENSORS
} Sensor;

/* Instruments sample on a fixed cadence, staggered so that they do not all update at once. */
typedef struct
{
  double period;
  double offset;
} Instrument;

static const Instrument probe = { 10.0, 0.0 };       /* temperature and humidity */
static const Instrument barometer = { 30.0, 7.0 };
static const Instrument rain_gauge = { 5.0, 2.0 };
static const Instrument cloud_sensor = { 15.0, 4.0 }; /* infrared sky thermometer */
static const Instrument sky_meter = { 60.0, 11.0 };   /* sky quality meter */
static const Instrument anemometer = { 3.0, 1.0 };
static const Instrument seeing_monitor = { 60.0, 23.0 };

typedef struct
{
  const char       *name;          /* the member, as SensorName gives it */
  const char       *description;
  const Instrument *instrument;
  int               decimals;      /* resolution; < 0 for significant digits instead */
} SensorSpec;

static const SensorSpec sensors[N_SENSORS] = {
  [CLOUD_COVER] = { "CloudCover", "Cloud cover from an infrared sky thermometer",
                    &cloud_sensor, 0 },
  [DEW_POINT] = { "DewPoint", "Dew point calculated from the temperature and humidity probe",
                  &probe, 1 },
  [HUMIDITY] = { "Humidity", "Relative humidity from a capacitive probe in a radiation shield",
                 &probe, 1 },
  [PRESSURE] = { "Pressure", "Station pressure from a barometer, in hPa", &barometer, 1 },
  [RAIN_RATE] = { "RainRate", "Rain rate from a tipping-bucket rain gauge, in mm/h",
                  &rain_gauge, 1 },
  [SKY_BRIGHTNESS] = { "SkyBrightness", "Sky illuminance from the sky quality meter, in lux",
                       &sky_meter, -4 },
  [SKY_QUALITY] = { "SkyQuality", "Sky background from a sky quality meter, in mag/arcsec²",
                    &sky_meter, 2 },
  [SKY_TEMPERATURE] = { "SkyTemperature", "Sky temperature from an infrared sky thermometer",
                        &cloud_sensor, 1 },
  [STAR_FWHM] = { "StarFWHM", "Seeing from a differential image motion monitor, in arcsec",
                  &seeing_monitor, 2 },
  [TEMPERATURE] = { "Temperature", "Air temperature from a probe in a radiation shield",
                    &probe, 1 },
  [WIND_DIRECTION] = { "WindDirection", "Wind direction from a sonic anemometer, 0 when calm",
                       &anemometer, 0 },
  [WIND_GUST] = { "WindGust", "Peak wind gust from a sonic anemometer, in m/s",
                  &anemometer, 1 },
  [WIND_SPEED] = { "WindSpeed", "Wind speed from a sonic anemometer, in m/s", &anemometer, 1 },
};

#define MAX_AVERAGE_HOURS  24.0
/* Enough samples for a smooth average, however long the period. */
#define MAX_AVERAGE_SAMPLES 240
/* Each further device sees the weather of another time, so that they differ. */
#define DEVICE_TIME_SHIFT  7919.0

/* Magnus formula coefficients over water (Sonntag 1990). */
#define MAGNUS_B           17.62
#define MAGNUS_C           243.12

/* Luminance of a sky of 0 mag/arcsec² in cd/m²; times π gives the illuminance it yields. */
#define ZERO_MAG_CD_M2     10.8e4

struct _CriaSimObservingConditions
{
  CriaSimDevice parent_instance;

  double        average_hours;
  double        refreshed_at;   /* simulated time of the last Refresh; -G_MAXDOUBLE if none */
};

G_DEFINE_FINAL_TYPE (CriaSimObservingConditions, cria_sim_observing_conditions,
                     CRIA_TYPE_SIM_DEVICE)

static double
now (CriaSimObservingConditions *self)
{
  return cria_sim_device_get_time (CRIA_SIM_DEVICE (self));
}

static double
wave (double t,
      double period,
      double phase)
{
  return sin (2 * G_PI * t / period + phase);
}

/* ---- the weather at one instant; t in simulated seconds ---- */

static double
temperature_at (double t)
{
  return 9.0 + 3.0 * wave (t, 21600, 0.3) + 0.8 * wave (t, 2820, 1.1)
         + 0.15 * wave (t, 420, 2.0);
}

static double
humidity_at (double t)
{
  return CLAMP (72.0 + 15.0 * wave (t, 18000, 2.4) + 6.0 * wave (t, 1700, 0.2), 20.0, 100.0);
}

/* Starts clear, clouds over within the first simulated hour or so. */
static double
cloud_cover_at (double t)
{
  return CLAMP (35.0 + 55.0 * wave (t, 10800, -1.3) + 15.0 * wave (t, 1300, 0.5), 0.0, 100.0);
}

static double
wind_speed_at (double t)
{
  double speed = 2.0 + 2.6 * wave (t, 9000, -0.9) + 0.8 * wave (t, 600, 0.4)
                 + 0.3 * wave (t, 97, 1.7);

  /* Calm spells when the slow wave is low. */
  return MAX (speed, 0.0);
}

static double
sky_quality_at (double t)
{
  /* The moon rising and setting, and clouds reflecting light pollution. */
  return 21.6 - 1.2 * (1.0 + wave (t, 28800, 3.5)) - 0.012 * cloud_cover_at (t);
}

static double
dew_point (double celsius,
           double humidity)
{
  double gamma = log (humidity / 100.0) + MAGNUS_B * celsius / (MAGNUS_C + celsius);

  return MAGNUS_C * gamma / (MAGNUS_B - gamma);
}

static double
instant (Sensor sensor,
         double t)
{
  double cloud, speed;

  switch (sensor)
    {
    case CLOUD_COVER:
      return cloud_cover_at (t);
    case DEW_POINT:
      return dew_point (temperature_at (t), humidity_at (t));
    case HUMIDITY:
      return humidity_at (t);
    case PRESSURE:
      return 1013.0 + 6.0 * wave (t, 129600, 4.0) + 0.6 * wave (t, 43200, 0.7)
             + 0.1 * wave (t, 900, 1.3);
    case RAIN_RATE:
      /* Showers only under heavy cloud. */
      cloud = cloud_cover_at (t);
      return MAX (4.0 * wave (t, 7200, 2.0) - 2.5, 0.0) * MAX ((cloud - 70.0) / 30.0, 0.0);
    case SKY_BRIGHTNESS:
      return G_PI * ZERO_MAG_CD_M2 * pow (10.0, -0.4 * sky_quality_at (t));
    case SKY_QUALITY:
      return sky_quality_at (t);
    case SKY_TEMPERATURE:
      /* Far below the air under a clear sky, close to it under cloud. */
      return temperature_at (t) - 25.0 + 0.22 * cloud_cover_at (t);
    case STAR_FWHM:
      return 1.6 + 0.5 * wave (t, 6000, 0.1) + 0.2 * wave (t, 420, 2.9)
             + 0.08 * wind_speed_at (t);
    case TEMPERATURE:
      return temperature_at (t);
    case WIND_DIRECTION:
      return cria_sim_axis_wrap (225.0 + 40.0 * wave (t, 14400, 1.0) + 10.0 * wave (t, 300, 2.2),
                                 360.0);
    case WIND_GUST:
      speed = wind_speed_at (t);
      return speed * (1.35 + 0.15 * wave (t, 41, 0.8));
    case WIND_SPEED:
      return wind_speed_at (t);
    case N_SENSORS:
    default:
      break;
    }

  g_return_val_if_reached (0.0);
}

/* ---- sampling and averaging ---- */

/* Lock held: the simulated time at which the sensor's instrument last sampled. */
static double
sampled_at (CriaSimObservingConditions *self,
            Sensor                      sensor,
            double                      t)
{
  const Instrument *instrument = sensors[sensor].instrument;
  double last = instrument->offset
                + floor ((t - instrument->offset) / instrument->period) * instrument->period;

  if (self->refreshed_at <= t)
    last = MAX (last, self->refreshed_at);
  return last;
}

static double
quantise (Sensor sensor,
          double value)
{
  int decimals = sensors[sensor].decimals;
  double scale;

  if (value == 0 || !isfinite (value))
    return value;

  /* Negative: significant digits, for quantities spanning decades. */
  if (decimals < 0)
    decimals = -decimals - 1 - (int) floor (log10 (fabs (value)));

  scale = pow (10.0, decimals);
  return round (value * scale) / scale;
}

/* The model time of the device's weather: each device number lives at another time. */
static double
model_time (CriaSimObservingConditions *self,
            double                      t)
{
  return t + DEVICE_TIME_SHIFT * cria_sim_device_get_number (CRIA_SIM_DEVICE (self));
}

/* Lock held: the reading of a sensor as reported, averaged over AveragePeriod. */
static double
reading (CriaSimObservingConditions *self,
         Sensor                      sensor)
{
  double last = sampled_at (self, sensor, now (self));
  double period = sensors[sensor].instrument->period;
  double window = self->average_hours * 3600.0;
  guint n = MAX ((guint) floor (window / period), 1);
  guint stride = (n + MAX_AVERAGE_SAMPLES - 1) / MAX_AVERAGE_SAMPLES;
  double sum = 0, east = 0, north = 0;
  guint count = 0, i;

  for (i = 0; i < n; i += stride, count++)
    {
      double t = model_time (self, last - i * period);

      if (sensor == WIND_DIRECTION)
        {
          double speed = instant (WIND_SPEED, t);
          double radians = instant (WIND_DIRECTION, t) * G_PI / 180.0;

          east += speed * sin (radians);
          north += speed * cos (radians);
        }
      else
        {
          sum += instant (sensor, t);
        }
    }

  if (sensor != WIND_DIRECTION)
    return quantise (sensor, sum / count);

  /* No direction in a calm, as the interface asks. */
  if (quantise (WIND_SPEED, reading (self, WIND_SPEED)) == 0)
    return 0;
  return cria_sim_axis_wrap (quantise (WIND_DIRECTION, atan2 (east, north) * 180.0 / G_PI),
                             360.0);
}

/* ---- members ---- */

static gboolean
find_sensor (CriaSimRequest  *request,
             gboolean         allow_empty,
             Sensor          *sensor,
             GError         **error)
{
  const char *name = cria_sim_request_get_string (request, "SensorName", error);
  guint i;

  if (name == NULL)
    return FALSE;

  if (allow_empty && *name == '\0')
    {
      *sensor = N_SENSORS;
      return TRUE;
    }

  for (i = 0; i < N_SENSORS; i++)
    {
      if (g_ascii_strcasecmp (name, sensors[i].name) == 0)
        {
          *sensor = i;
          return TRUE;
        }
    }

  g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_VALUE,
               "“%s” is not a sensor name: use an ObservingConditions property such as "
               "Temperature%s", name, allow_empty ? ", or an empty name for all sensors" : "");
  return FALSE;
}

static JsonNode *
time_since_last_update (CriaSimObservingConditions  *self,
                        CriaSimRequest              *request,
                        GError                     **error)
{
  double t = now (self);
  double latest = -G_MAXDOUBLE;
  Sensor sensor;
  guint i;

  if (!find_sensor (request, TRUE, &sensor, error))
    return NULL;

  if (sensor != N_SENSORS)
    return cria_sim_value_double (t - sampled_at (self, sensor, t));

  for (i = 0; i < N_SENSORS; i++)
    latest = MAX (latest, sampled_at (self, i, t));
  return cria_sim_value_double (t - latest);
}

static gboolean
set_average_period (CriaSimObservingConditions  *self,
                    CriaSimRequest              *request,
                    GError                     **error)
{
  char text[2][G_ASCII_DTOSTR_BUF_SIZE];
  double hours;

  if (!cria_sim_request_get_double (request, "AveragePeriod", &hours, error))
    return FALSE;

  if (hours < 0 || hours > MAX_AVERAGE_HOURS)
    {
      g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_VALUE,
                   "AveragePeriod %s h is out of range: 0 (no averaging) to %s h",
                   g_ascii_formatd (text[0], sizeof text[0], "%g", hours),
                   g_ascii_formatd (text[1], sizeof text[1], "%g", MAX_AVERAGE_HOURS));
      return FALSE;
    }

  self->average_hours = hours;
  return TRUE;
}

static JsonNode *
get_member (CriaSimObservingConditions  *self,
            const char                  *member,
            CriaSimRequest              *request,
            GError                     **error)
{
  Sensor sensor;
  guint i;

  if (g_str_equal (member, "averageperiod"))
    return cria_sim_value_double (self->average_hours);
  if (g_str_equal (member, "timesincelastupdate"))
    return time_since_last_update (self, request, error);
  if (g_str_equal (member, "sensordescription"))
    {
      if (!find_sensor (request, FALSE, &sensor, error))
        return NULL;
      return cria_sim_value_string (sensors[sensor].description);
    }

  /* The lowercase member is the sensor's name. */
  for (i = 0; i < N_SENSORS; i++)
    if (g_ascii_strcasecmp (member, sensors[i].name) == 0)
      return cria_sim_value_double (reading (self, i));

  return NULL;
}

static gboolean
cria_sim_observing_conditions_handle (CriaSimDevice   *device,
                                      CriaHttpMethod   method,
                                      const char      *member,
                                      CriaSimRequest  *request,
                                      CriaSimReply    *reply,
                                      GError         **error)
{
  CriaSimObservingConditions *self = CRIA_SIM_OBSERVING_CONDITIONS (device);

  if (method == CRIA_HTTP_GET)
    {
      /* NULL without an error: the base class answers NotImplemented. */
      reply->value = get_member (self, member, request, error);
      return reply->value != NULL;
    }

  if (g_str_equal (member, "averageperiod"))
    return set_average_period (self, request, error);
  if (g_str_equal (member, "refresh"))
    {
      self->refreshed_at = now (self);
      return TRUE;
    }

  return FALSE;
}

static void
cria_sim_observing_conditions_add_device_state (CriaSimDevice *device,
                                                JsonBuilder   *builder)
{
  CriaSimObservingConditions *self = CRIA_SIM_OBSERVING_CONDITIONS (device);
  guint i;

  for (i = 0; i < N_SENSORS; i++)
    cria_sim_device_state_add (builder, sensors[i].name,
                               cria_sim_value_double (reading (self, i)));
}

static void
cria_sim_observing_conditions_class_init (CriaSimObservingConditionsClass *klass)
{
  CriaSimDeviceClass *device_class = CRIA_SIM_DEVICE_CLASS (klass);

  device_class->handle = cria_sim_observing_conditions_handle;
  device_class->add_device_state = cria_sim_observing_conditions_add_device_state;

  cria_sim_device_class_set_device_type (device_class, CRIA_DEVICE_OBSERVING_CONDITIONS);
}

static void
cria_sim_observing_conditions_init (CriaSimObservingConditions *self)
{
  self->refreshed_at = -G_MAXDOUBLE;
}
