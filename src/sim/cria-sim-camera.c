/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-sim"

#include "cria-sim-camera.h"

#include <math.h>

#include "cria-sim-camera-cooler.h"
#include "cria-sim-camera-image.h"
#include "cria-sim-server.h"
#include "cria-sim-star-field.h"
#ifdef CRIA_SIM_HAVE_TELESCOPE
#include "cria-sim-telescope.h"
#endif
#ifdef CRIA_SIM_HAVE_FOCUSER
#include "cria-sim-focuser.h"
#endif
#ifdef CRIA_SIM_HAVE_FILTER_WHEEL
#include "cria-sim-filter-wheel.h"
#endif

/* A 6 MP cooled CMOS camera behind an 80 mm f/6.25 refractor. All times are simulated
 * seconds from cria_sim_device_get_time(); state is computed from the clock when read. */
#define DEFAULT_WIDTH        3000
#define DEFAULT_HEIGHT       2000
#define MIN_SIDE             8
#define MAX_SIDE             16384
#define PIXEL_SIZE_UM        3.76
#define FOCAL_LENGTH_MM      500.0
#define APERTURE_MM          80.0
/* The focuser's whole range, to turn its steps into micrometres. */
#define FOCUSER_TRAVEL_UM    50000.0
#define IN_FOCUS_FWHM_PX     2.2
#define MAX_ADU              65535
#define FULL_WELL_E          50000.0
#define MAX_BIN              4
#define EXPOSURE_MIN         0.0
#define EXPOSURE_MAX         3600.0
#define EXPOSURE_RESOLUTION  0.001
/* Gain in 0.1 dB steps, unity (1 e-/ADU) at GAIN_UNITY. */
#define GAIN_MIN             0
#define GAIN_MAX             300
#define GAIN_UNITY           100
#define SKY_RATE             2.0
#define ROW_TIME_NORMAL      100e-6
#define ROW_TIME_FAST        25e-6
#define MIN_READOUT          0.02
#define MAX_POINTINGS        256
#define SKY_SEED             G_GUINT64_CONSTANT (0x4352494153494D)
/* Where the camera looks when there is no simulated telescope. */
#define DEFAULT_RA_HOURS     5.5
#define DEFAULT_DEC_DEGREES  20.0

/* The CameraState values this camera passes through. */
typedef enum
{
  CAMERA_IDLE = 0,
  CAMERA_EXPOSING = 2,
  CAMERA_DOWNLOAD = 4,
} CameraState;

static const char * const readout_modes[] = { "Normal", "Fast" };

/* Offsets work in OFFSETS INDEX MODE: the client picks one of these by index. */
static const struct
{
  const char *name;
  double      adu;
} offsets[] = {
  { "Off (0 ADU)", 0.0 },
  { "Low (25 ADU)", 25.0 },
  { "Medium (100 ADU)", 100.0 },
  { "High (400 ADU)", 400.0 },
};
#define DEFAULT_OFFSET 2

/* The settings an exposure started with; later changes do not touch it. */
typedef struct
{
  guint    bin_x, bin_y, start_x, start_y, num_x, num_y;
  guint    gain;
  guint    offset;
  guint    readout_mode;
  gboolean light;
  double   start;
  double   end;       /* when light stops: start + duration, or when stopped */
  double   readout;
  guint64  seed;
} Exposure;

struct _CriaSimCamera
{
  CriaSimDevice        parent_instance;

  guint                width;
  guint                height;
  CriaSimSensor        sensor;
  CriaSimStarField    *sky;

  guint                bin_x, bin_y, start_x, start_y, num_x, num_y;
  guint                gain;
  guint                offset;
  guint                readout_mode;

  CriaSimCameraCooler  cooler;

  gboolean             exposing;   /* from StartExposure until the image is ready */
  Exposure             exposure;
  GArray              *pointings;  /* CriaSimPointing, sampled while the shutter is open */
  gboolean             rendered;
  CriaFrame           *pending;    /* rendered, still being read out */
  CriaSimCameraImage  *image;      /* the ready image */

  gboolean             has_last;
  double               last_duration;
  char                *last_start;
  guint64              n_exposures;
};

G_DEFINE_FINAL_TYPE (CriaSimCamera, cria_sim_camera, CRIA_TYPE_SIM_DEVICE)

static double
now (CriaSimCamera *self)
{
  return cria_sim_device_get_time (CRIA_SIM_DEVICE (self));
}

static gboolean
is_colour (CriaSimCamera *self)
{
  return self->sensor != CRIA_SIM_SENSOR_MONO;
}

/* Every colour pattern is reported as RGGB shifted by the Bayer offsets. */
static void
bayer_offsets (CriaSimSensor  sensor,
               guint         *x,
               guint         *y)
{
  *x = sensor == CRIA_SIM_SENSOR_GRBG || sensor == CRIA_SIM_SENSOR_BGGR;
  *y = sensor == CRIA_SIM_SENSOR_GBRG || sensor == CRIA_SIM_SENSOR_BGGR;
}

static double
electrons_per_adu (guint gain)
{
  return pow (10.0, (GAIN_UNITY - (double) gain) / 200.0);
}

/* At high gain the ADC, not the pixel, sets the limit. */
static double
full_well_capacity (guint gain)
{
  return MIN (FULL_WELL_E, MAX_ADU * electrons_per_adu (gain));
}

static double
read_noise (guint gain,
            guint readout_mode)
{
  double noise = 1.4 + 2.1 * pow (10.0, -(double) gain / 150.0);

  return readout_mode == 1 ? noise * 1.6 : noise;
}

static void
get_pointing (CriaSimCamera *self,
              double        *ra_hours,
              double        *dec_degrees)
{
  *ra_hours = DEFAULT_RA_HOURS;
  *dec_degrees = DEFAULT_DEC_DEGREES;
#ifdef CRIA_SIM_HAVE_TELESCOPE
  {
    CriaSimServer *server = cria_sim_device_get_server (CRIA_SIM_DEVICE (self));
    CriaSimDevice *telescope = NULL;

    if (server != NULL)
      telescope = cria_sim_server_get_device (server, CRIA_DEVICE_TELESCOPE, 0);
    if (telescope != NULL && CRIA_IS_SIM_TELESCOPE (telescope))
      cria_sim_telescope_get_pointing (CRIA_SIM_TELESCOPE (telescope), ra_hours, dec_degrees);
  }
#endif
}

#ifdef CRIA_SIM_HAVE_FOCUSER
/* The FocusOffset of the filter in front of the camera; 0 without a filter wheel. */
static gint
filter_focus_offset (CriaSimCamera *self)
{
#ifdef CRIA_SIM_HAVE_FILTER_WHEEL
  CriaSimServer *server = cria_sim_device_get_server (CRIA_SIM_DEVICE (self));
  CriaSimDevice *wheel = NULL;

  if (server != NULL)
    wheel = cria_sim_server_get_device (server, CRIA_DEVICE_FILTER_WHEEL, 0);
  if (wheel != NULL && CRIA_IS_SIM_FILTER_WHEEL (wheel))
    return cria_sim_filter_wheel_get_focus_offset (CRIA_SIM_FILTER_WHEEL (wheel));
#endif
  return 0;
}
#endif

/* Stars widen as the focuser leaves its best position, which each filter shifts by its
 * FocusOffset; without a focuser, focus is perfect. */
static double
star_fwhm (CriaSimCamera *self)
{
  double error_um = 0.0;

#ifdef CRIA_SIM_HAVE_FOCUSER
  {
    CriaSimServer *server = cria_sim_device_get_server (CRIA_SIM_DEVICE (self));
    CriaSimDevice *focuser = NULL;

    if (server != NULL)
      focuser = cria_sim_server_get_device (server, CRIA_DEVICE_FOCUSER, 0);
    if (focuser != NULL && CRIA_IS_SIM_FOCUSER (focuser))
      {
        gint position = 0, max_step = 0, best = 0;

        cria_sim_focuser_get_position (CRIA_SIM_FOCUSER (focuser), &position, &max_step, &best);
        best += filter_focus_offset (self);
        if (max_step > 0)
          error_um = (double) (position - best) * FOCUSER_TRAVEL_UM / max_step;
      }
  }
#endif

  return cria_sim_defocus_fwhm (IN_FOCUS_FWHM_PX, error_um, FOCAL_LENGTH_MM / APERTURE_MM,
                                PIXEL_SIZE_UM);
}

/* Samples where the telescope points, so that a slew during the exposure smears stars.
 * Every request samples; a long exposure under a busy client is thinned out. */
static void
add_pointing (CriaSimCamera *self,
              double         t)
{
  CriaSimPointing pointing;

  if (self->pointings->len > 0
      && t <= g_array_index (self->pointings, CriaSimPointing, self->pointings->len - 1).time)
    return;

  if (self->pointings->len >= MAX_POINTINGS)
    {
      guint i;

      for (i = 0; 2 * i < self->pointings->len; i++)
        g_array_index (self->pointings, CriaSimPointing, i)
          = g_array_index (self->pointings, CriaSimPointing, 2 * i);
      g_array_set_size (self->pointings, i);
    }

  pointing.time = t;
  get_pointing (self, &pointing.ra_hours, &pointing.dec_degrees);
  g_array_append_val (self->pointings, pointing);
}

static void
render_exposure (CriaSimCamera *self)
{
  const Exposure *e = &self->exposure;
  CriaSimRenderParams params = { 0 };
  g_autoptr(GError) error = NULL;
  double temperature = cria_sim_camera_cooler_temperature (&self->cooler, e->end);

  params.sensor_width = self->width;
  params.sensor_height = self->height;
  params.pixel_size_um = PIXEL_SIZE_UM;
  params.focal_length_mm = FOCAL_LENGTH_MM;
  params.bayer = is_colour (self);
  bayer_offsets (self->sensor, &params.bayer_offset_x, &params.bayer_offset_y);
  params.bin_x = e->bin_x;
  params.bin_y = e->bin_y;
  params.start_x = e->start_x;
  params.start_y = e->start_y;
  params.num_x = e->num_x;
  params.num_y = e->num_y;
  params.pointings = (const CriaSimPointing *) self->pointings->data;
  params.n_pointings = self->pointings->len;
  params.start_time = e->start;
  params.exposure = e->end - e->start;
  params.light = e->light;
  params.fwhm_px = star_fwhm (self);
  params.sky_rate = SKY_RATE;
  /* Dark current doubles every 6 °C. */
  params.dark_rate = 0.1 * pow (2.0, (temperature - 25.0) / 6.0);
  params.read_noise = read_noise (e->gain, e->readout_mode);
  params.electrons_per_adu = electrons_per_adu (e->gain);
  params.full_well = FULL_WELL_E;
  params.bias_adu = offsets[e->offset].adu;
  params.max_adu = MAX_ADU;
  params.noise_seed = e->seed;

  self->pending = cria_sim_star_field_render (self->sky, &params, &error);
  self->rendered = TRUE;
  if (self->pending == NULL)
    g_message ("The simulated camera could not render its image: %s", error->message);
}

/* Lock held: brings the exposure up to the present and returns the time it used. */
static double
update (CriaSimCamera *self)
{
  double t = now (self);
  Exposure *e = &self->exposure;

  if (!self->exposing)
    return t;

  if (t < e->end)
    {
      add_pointing (self, t);
      return t;
    }

  if (!self->rendered)
    {
      /* Looking late, the telescope may have moved on since the shutter closed. */
      if (t - e->end <= MAX (1.0, 0.1 * (e->end - e->start)))
        add_pointing (self, e->end);
      self->has_last = TRUE;
      self->last_duration = e->end - e->start;
      render_exposure (self);
    }

  if (t >= e->end + e->readout)
    {
      self->exposing = FALSE;
      g_clear_pointer (&self->image, cria_sim_camera_image_free);
      if (self->pending != NULL)
        self->image = cria_sim_camera_image_new (self->pending);
      g_clear_pointer (&self->pending, cria_frame_unref);
    }

  return t;
}

static CameraState
camera_state (CriaSimCamera *self,
              double         t)
{
  if (!self->exposing)
    return CAMERA_IDLE;
  return t < self->exposure.end ? CAMERA_EXPOSING : CAMERA_DOWNLOAD;
}

/* Valid while an exposure runs; idle cameras have no operation to report on. */
static gboolean
percent_completed (CriaSimCamera *self,
                   double         t,
                   gint          *percent)
{
  const Exposure *e = &self->exposure;
  double fraction;

  if (!self->exposing)
    return FALSE;

  if (t < e->end)
    fraction = e->end > e->start ? (t - e->start) / (e->end - e->start) : 1.0;
  else
    fraction = e->readout > 0 ? (t - e->end) / e->readout : 1.0;
  *percent = (gint) CLAMP (floor (fraction * 100.0), 0, 100);
  return TRUE;
}

static gboolean
invalid_value (GError     **error,
               const char  *format,
               ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid_value (GError     **error,
               const char  *format,
               ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_VALUE, message);
  return FALSE;
}

static gboolean
check_geometry (CriaSimCamera  *self,
                GError        **error)
{
  if (self->bin_x != self->bin_y)
    return invalid_value (error, "BinX (%u) and BinY (%u) must be equal: this camera cannot "
                          "bin asymmetrically", self->bin_x, self->bin_y);
  if ((guint64) self->start_x + self->num_x > self->width / self->bin_x)
    return invalid_value (error, "StartX + NumX (%u + %u) exceeds the %u binned columns at "
                          "binning %u", self->start_x, self->num_x,
                          self->width / self->bin_x, self->bin_x);
  if ((guint64) self->start_y + self->num_y > self->height / self->bin_y)
    return invalid_value (error, "StartY + NumY (%u + %u) exceeds the %u binned rows at "
                          "binning %u", self->start_y, self->num_y,
                          self->height / self->bin_y, self->bin_y);
  return TRUE;
}

static gboolean
start_exposure (CriaSimCamera   *self,
                CriaSimRequest  *request,
                GError         **error)
{
  double duration = 0.0, t;
  gboolean light = TRUE;
  Exposure *e = &self->exposure;
  g_autoptr(GDateTime) wall = NULL;
  g_autofree char *stamp = NULL;
  double rows;

  if (!cria_sim_request_get_double (request, "Duration", &duration, error)
      || !cria_sim_request_get_bool (request, "Light", &light, error))
    return FALSE;

  if (self->exposing)
    {
      g_set_error_literal (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_OPERATION,
                           "An exposure is already in progress");
      return FALSE;
    }
  if (!(duration >= EXPOSURE_MIN && duration <= EXPOSURE_MAX))
    return invalid_value (error, "Duration must be between %d and %d seconds",
                          (int) EXPOSURE_MIN, (int) EXPOSURE_MAX);
  if (!check_geometry (self, error))
    return FALSE;

  t = now (self);
  g_clear_pointer (&self->image, cria_sim_camera_image_free);
  g_clear_pointer (&self->pending, cria_frame_unref);
  g_array_set_size (self->pointings, 0);

  e->bin_x = self->bin_x;
  e->bin_y = self->bin_y;
  e->start_x = self->start_x;
  e->start_y = self->start_y;
  e->num_x = self->num_x;
  e->num_y = self->num_y;
  e->gain = self->gain;
  e->offset = self->offset;
  e->readout_mode = self->readout_mode;
  e->light = light;
  e->start = t;
  e->end = t + duration;
  rows = (double) self->num_y * self->bin_y;
  e->readout = MAX (MIN_READOUT, rows * (self->readout_mode == 1 ? ROW_TIME_FAST : ROW_TIME_NORMAL));
  e->seed = SKY_SEED ^ (++self->n_exposures * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  self->exposing = TRUE;
  self->rendered = FALSE;
  add_pointing (self, t);

  /* FITS style: UTC without a zone designator. */
  wall = g_date_time_new_now_utc ();
  stamp = g_date_time_format (wall, "%Y-%m-%dT%H:%M:%S");
  g_free (self->last_start);
  self->last_start = g_strdup_printf ("%s.%03d", stamp, g_date_time_get_microsecond (wall) / 1000);
  return TRUE;
}

/* StopExposure keeps what was collected so far; AbortExposure throws it away. */
static void
stop_exposure (CriaSimCamera *self,
               double         t,
               gboolean       keep)
{
  if (!self->exposing)
    return;

  if (!keep)
    {
      self->exposing = FALSE;
      g_clear_pointer (&self->pending, cria_frame_unref);
      return;
    }

  if (t < self->exposure.end)
    self->exposure.end = t;
}

static gboolean
set_binning (CriaSimCamera   *self,
             gboolean         x_axis,
             gint64           value,
             GError         **error)
{
  guint *bin = x_axis ? &self->bin_x : &self->bin_y;
  guint *start = x_axis ? &self->start_x : &self->start_y;
  guint *num = x_axis ? &self->num_x : &self->num_y;
  guint size = x_axis ? self->width : self->height;
  gboolean full_frame;

  if (value < 1 || value > MAX_BIN)
    return invalid_value (error, "%s must be between 1 and %d", x_axis ? "BinX" : "BinY", MAX_BIN);

  /* A full frame stays a full frame; a subframe is the client's to adjust. */
  full_frame = *start == 0 && *num == size / *bin;
  *bin = (guint) value;
  if (full_frame)
    *num = size / *bin;
  return TRUE;
}

/* An integer setting that must lie in min..max. */
static gboolean
set_ranged (CriaSimRequest  *request,
            const char      *name,
            guint            min,
            guint            max,
            guint           *field,
            GError         **error)
{
  gint64 value = 0;

  if (!cria_sim_request_get_int (request, name, &value, error))
    return FALSE;
  if (value < min || value > max)
    return invalid_value (error, "%s must be between %u and %u", name, min, max);
  *field = (guint) value;
  return TRUE;
}

static gboolean
reply_image (CriaSimCamera   *self,
             CriaSimRequest  *request,
             CriaSimReply    *reply,
             GError         **error)
{
  if (self->image == NULL)
    return cria_sim_camera_image_reply_error (CRIA_ALPACA_ERROR_INVALID_OPERATION,
                                              self->exposing
                                              ? "The image is not ready yet: wait for ImageReady"
                                              : "There is no image: take an exposure first",
                                              request, reply, error);

  cria_sim_camera_image_reply (self->image, request, reply);
  return TRUE;
}

static JsonNode *
string_list (const char * const *items,
             gsize               n_items)
{
  JsonArray *array = json_array_sized_new (n_items);
  JsonNode *node = json_node_alloc ();
  gsize i;

  for (i = 0; i < n_items; i++)
    json_array_add_string_element (array, items[i]);
  json_node_init_array (node, array);
  json_array_unref (array);
  return node;
}

static JsonNode *
offset_names (void)
{
  const char *names[G_N_ELEMENTS (offsets)];
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (offsets); i++)
    names[i] = offsets[i].name;
  return string_list (names, G_N_ELEMENTS (offsets));
}

/* Reads of fixed properties and of the settings. FALSE when member is not one of them. */
static gboolean
get_simple (CriaSimCamera *self,
            const char    *m,
            double         t,
            CriaSimReply  *reply)
{
  const CriaSimCameraCooler *cooler = &self->cooler;
  guint bayer_x, bayer_y;

  bayer_offsets (self->sensor, &bayer_x, &bayer_y);

  if (g_str_equal (m, "binx"))
    reply->value = cria_sim_value_int (self->bin_x);
  else if (g_str_equal (m, "biny"))
    reply->value = cria_sim_value_int (self->bin_y);
  else if (g_str_equal (m, "maxbinx") || g_str_equal (m, "maxbiny"))
    reply->value = cria_sim_value_int (MAX_BIN);
  else if (g_str_equal (m, "cameraxsize"))
    reply->value = cria_sim_value_int (self->width);
  else if (g_str_equal (m, "cameraysize"))
    reply->value = cria_sim_value_int (self->height);
  else if (g_str_equal (m, "startx"))
    reply->value = cria_sim_value_int (self->start_x);
  else if (g_str_equal (m, "starty"))
    reply->value = cria_sim_value_int (self->start_y);
  else if (g_str_equal (m, "numx"))
    reply->value = cria_sim_value_int (self->num_x);
  else if (g_str_equal (m, "numy"))
    reply->value = cria_sim_value_int (self->num_y);
  else if (g_str_equal (m, "pixelsizex") || g_str_equal (m, "pixelsizey"))
    reply->value = cria_sim_value_double (PIXEL_SIZE_UM);
  else if (g_str_equal (m, "sensortype"))
    reply->value = cria_sim_value_int (is_colour (self) ? 2 : 0);
  else if (g_str_equal (m, "bayeroffsetx") && is_colour (self))
    reply->value = cria_sim_value_int (bayer_x);
  else if (g_str_equal (m, "bayeroffsety") && is_colour (self))
    reply->value = cria_sim_value_int (bayer_y);
  else if (g_str_equal (m, "sensorname"))
    reply->value = cria_sim_value_string (is_colour (self) ? "Cria Sim 6M Colour" : "Cria Sim 6M Mono");
  else if (g_str_equal (m, "maxadu"))
    reply->value = cria_sim_value_int (MAX_ADU);
  else if (g_str_equal (m, "electronsperadu"))
    reply->value = cria_sim_value_double (electrons_per_adu (self->gain));
  else if (g_str_equal (m, "fullwellcapacity"))
    reply->value = cria_sim_value_double (full_well_capacity (self->gain));
  else if (g_str_equal (m, "gain"))
    reply->value = cria_sim_value_int (self->gain);
  else if (g_str_equal (m, "gainmin"))
    reply->value = cria_sim_value_int (GAIN_MIN);
  else if (g_str_equal (m, "gainmax"))
    reply->value = cria_sim_value_int (GAIN_MAX);
  else if (g_str_equal (m, "offset"))
    reply->value = cria_sim_value_int (self->offset);
  else if (g_str_equal (m, "offsets"))
    reply->value = offset_names ();
  else if (g_str_equal (m, "readoutmode"))
    reply->value = cria_sim_value_int (self->readout_mode);
  else if (g_str_equal (m, "readoutmodes"))
    reply->value = string_list (readout_modes, G_N_ELEMENTS (readout_modes));
  else if (g_str_equal (m, "canabortexposure") || g_str_equal (m, "canstopexposure")
           || g_str_equal (m, "cansetccdtemperature") || g_str_equal (m, "cangetcoolerpower")
           || g_str_equal (m, "hasshutter"))
    reply->value = cria_sim_value_bool (TRUE);
  else if (g_str_equal (m, "canasymmetricbin") || g_str_equal (m, "canfastreadout")
           || g_str_equal (m, "canpulseguide"))
    reply->value = cria_sim_value_bool (FALSE);
  else if (g_str_equal (m, "exposuremin"))
    reply->value = cria_sim_value_double (EXPOSURE_MIN);
  else if (g_str_equal (m, "exposuremax"))
    reply->value = cria_sim_value_double (EXPOSURE_MAX);
  else if (g_str_equal (m, "exposureresolution"))
    reply->value = cria_sim_value_double (EXPOSURE_RESOLUTION);
  else if (g_str_equal (m, "cooleron"))
    reply->value = cria_sim_value_bool (self->cooler.on);
  else if (g_str_equal (m, "setccdtemperature"))
    reply->value = cria_sim_value_double (self->cooler.set_point);
  else if (g_str_equal (m, "ccdtemperature"))
    reply->value = cria_sim_value_double (cria_sim_camera_cooler_temperature (cooler, t));
  else if (g_str_equal (m, "coolerpower"))
    reply->value = cria_sim_value_double (cria_sim_camera_cooler_power (cooler, t));
  else if (g_str_equal (m, "heatsinktemperature"))
    reply->value = cria_sim_value_double (cria_sim_camera_cooler_heat_sink (cooler, t));
  else if (g_str_equal (m, "camerastate"))
    reply->value = cria_sim_value_int (camera_state (self, t));
  else if (g_str_equal (m, "imageready"))
    reply->value = cria_sim_value_bool (self->image != NULL);
  else
    return FALSE;

  return TRUE;
}

static gboolean
cria_sim_camera_handle (CriaSimDevice   *device,
                        CriaHttpMethod   method,
                        const char      *m,
                        CriaSimRequest  *request,
                        CriaSimReply    *reply,
                        GError         **error)
{
  CriaSimCamera *self = CRIA_SIM_CAMERA (device);
  double t = update (self);
  gboolean flag;
  gint64 n;
  double d;
  gint percent;

  if (method == CRIA_HTTP_GET)
    {
      if (get_simple (self, m, t, reply))
        return TRUE;

      if (g_str_equal (m, "imagearray"))
        return reply_image (self, request, reply, error);
      if (g_str_equal (m, "percentcompleted"))
        {
          if (!percent_completed (self, t, &percent))
            {
              g_set_error_literal (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_OPERATION,
                                   "No exposure is in progress");
              return FALSE;
            }
          reply->value = cria_sim_value_int (percent);
          return TRUE;
        }
      if (g_str_equal (m, "lastexposureduration") || g_str_equal (m, "lastexposurestarttime"))
        {
          gboolean duration = g_str_equal (m, "lastexposureduration");

          if (duration ? !self->has_last : self->last_start == NULL)
            {
              g_set_error_literal (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_VALUE_NOT_SET,
                                   "No exposure has been taken yet");
              return FALSE;
            }
          reply->value = duration ? cria_sim_value_double (self->last_duration)
                                  : cria_sim_value_string (self->last_start);
          return TRUE;
        }
      /* The rest (BayerOffset* on a mono sensor, Gains, OffsetMin/Max, FastReadout,
       * IsPulseGuiding, SubExposureDuration, ImageArrayVariant) is not implemented. */
      return FALSE;
    }

  if (g_str_equal (m, "startexposure"))
    return start_exposure (self, request, error);
  if (g_str_equal (m, "stopexposure") || g_str_equal (m, "abortexposure"))
    {
      stop_exposure (self, t, g_str_equal (m, "stopexposure"));
      return TRUE;
    }
  if (g_str_equal (m, "binx") || g_str_equal (m, "biny"))
    return cria_sim_request_get_int (request, m[3] == 'x' ? "BinX" : "BinY", &n, error)
           && set_binning (self, m[3] == 'x', n, error);
  /* Subframe values that fit no binning are refused now; StartExposure checks the rest. */
  if (g_str_equal (m, "startx"))
    return set_ranged (request, "StartX", 0, self->width - 1, &self->start_x, error);
  if (g_str_equal (m, "starty"))
    return set_ranged (request, "StartY", 0, self->height - 1, &self->start_y, error);
  if (g_str_equal (m, "numx"))
    return set_ranged (request, "NumX", 1, self->width, &self->num_x, error);
  if (g_str_equal (m, "numy"))
    return set_ranged (request, "NumY", 1, self->height, &self->num_y, error);
  if (g_str_equal (m, "gain"))
    return set_ranged (request, "Gain", GAIN_MIN, GAIN_MAX, &self->gain, error);
  if (g_str_equal (m, "offset"))
    return set_ranged (request, "Offset", 0, G_N_ELEMENTS (offsets) - 1, &self->offset, error);
  if (g_str_equal (m, "readoutmode"))
    return set_ranged (request, "ReadoutMode", 0, G_N_ELEMENTS (readout_modes) - 1,
                       &self->readout_mode, error);
  if (g_str_equal (m, "cooleron"))
    {
      if (!cria_sim_request_get_bool (request, "CoolerOn", &flag, error))
        return FALSE;
      cria_sim_camera_cooler_set_on (&self->cooler, t, flag);
      return TRUE;
    }
  if (g_str_equal (m, "setccdtemperature"))
    {
      if (!cria_sim_request_get_double (request, "SetCCDTemperature", &d, error))
        return FALSE;
      if (!(d >= CRIA_SIM_CAMERA_COOLER_SET_MIN && d <= CRIA_SIM_CAMERA_COOLER_SET_MAX))
        return invalid_value (error, "SetCCDTemperature must be between %d and %d °C",
                              (int) CRIA_SIM_CAMERA_COOLER_SET_MIN,
                              (int) CRIA_SIM_CAMERA_COOLER_SET_MAX);
      cria_sim_camera_cooler_set_point (&self->cooler, t, d);
      return TRUE;
    }

  /* FastReadout, PulseGuide and SubExposureDuration are not implemented. */
  return FALSE;
}

static void
cria_sim_camera_add_device_state (CriaSimDevice *device,
                                  JsonBuilder   *builder)
{
  CriaSimCamera *self = CRIA_SIM_CAMERA (device);
  const CriaSimCameraCooler *cooler = &self->cooler;
  double t = update (self);
  gint percent;

  cria_sim_device_state_add (builder, "CameraState", cria_sim_value_int (camera_state (self, t)));
  cria_sim_device_state_add (builder, "CCDTemperature",
                             cria_sim_value_double (cria_sim_camera_cooler_temperature (cooler, t)));
  cria_sim_device_state_add (builder, "CoolerPower",
                             cria_sim_value_double (cria_sim_camera_cooler_power (cooler, t)));
  cria_sim_device_state_add (builder, "HeatSinkTemperature",
                             cria_sim_value_double (cria_sim_camera_cooler_heat_sink (cooler, t)));
  cria_sim_device_state_add (builder, "ImageReady", cria_sim_value_bool (self->image != NULL));
  /* IsPulseGuiding is not implemented, and PercentCompleted is only valid while exposing:
   * DeviceState leaves out what would be an error. */
  if (percent_completed (self, t, &percent))
    cria_sim_device_state_add (builder, "PercentCompleted", cria_sim_value_int (percent));
}

static void
cria_sim_camera_connected_changed (CriaSimDevice *device,
                                   gboolean       connected)
{
  CriaSimCamera *self = CRIA_SIM_CAMERA (device);

  if (!connected)
    stop_exposure (self, now (self), FALSE);
}

static void
cria_sim_camera_constructed (GObject *object)
{
  CriaSimCamera *self = CRIA_SIM_CAMERA (object);
  CriaSimServer *server;
  const CriaSimOptions *options = NULL;

  G_OBJECT_CLASS (cria_sim_camera_parent_class)->constructed (object);

  server = cria_sim_device_get_server (CRIA_SIM_DEVICE (self));
  if (server != NULL)
    options = cria_sim_server_get_options (server);

  self->width = DEFAULT_WIDTH;
  self->height = DEFAULT_HEIGHT;
  self->sensor = CRIA_SIM_SENSOR_MONO;
  if (options != NULL)
    {
      if (options->camera_width > 0)
        self->width = CLAMP (options->camera_width, MIN_SIDE, MAX_SIDE);
      if (options->camera_height > 0)
        self->height = CLAMP (options->camera_height, MIN_SIDE, MAX_SIDE);
      if (options->sensor <= CRIA_SIM_SENSOR_BGGR)
        self->sensor = options->sensor;
    }
  self->num_x = self->width;
  self->num_y = self->height;
}

static void
cria_sim_camera_finalize (GObject *object)
{
  CriaSimCamera *self = CRIA_SIM_CAMERA (object);

  g_clear_pointer (&self->image, cria_sim_camera_image_free);
  g_clear_pointer (&self->pending, cria_frame_unref);
  g_array_unref (self->pointings);
  cria_sim_star_field_free (self->sky);
  g_free (self->last_start);

  G_OBJECT_CLASS (cria_sim_camera_parent_class)->finalize (object);
}

static void
cria_sim_camera_class_init (CriaSimCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CriaSimDeviceClass *device_class = CRIA_SIM_DEVICE_CLASS (klass);

  object_class->constructed = cria_sim_camera_constructed;
  object_class->finalize = cria_sim_camera_finalize;

  device_class->handle = cria_sim_camera_handle;
  device_class->add_device_state = cria_sim_camera_add_device_state;
  device_class->connected_changed = cria_sim_camera_connected_changed;

  cria_sim_device_class_set_device_type (device_class, CRIA_DEVICE_CAMERA);
}

static void
cria_sim_camera_init (CriaSimCamera *self)
{
  self->sky = cria_sim_star_field_new (SKY_SEED);
  self->pointings = g_array_new (FALSE, FALSE, sizeof (CriaSimPointing));
  self->width = DEFAULT_WIDTH;
  self->height = DEFAULT_HEIGHT;
  self->bin_x = self->bin_y = 1;
  self->num_x = self->width;
  self->num_y = self->height;
  self->gain = GAIN_UNITY;
  self->offset = DEFAULT_OFFSET;
  cria_sim_camera_cooler_init (&self->cooler);
}
