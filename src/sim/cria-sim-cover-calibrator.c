/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-sim"

#include "config.h"

#include "cria-sim-axis.h"
#include "cria-sim-cover-calibrator.h"

/* A flip-flat: a cover that swings through 270° in 10 s, with an electroluminescent panel
 * inside it that needs a few seconds to stabilise after it is switched on. */
#define COVER_SECONDS       10.0
#define WARM_UP_SECONDS     5.0
/* A new brightness on a lit panel settles faster than a cold start. */
#define SETTLE_SECONDS      1.0
#define MAX_BRIGHTNESS      255
/* The cover axis runs from 0 (closed) to 1 (open). */
#define COVER_CLOSED        0.0
#define COVER_OPEN          1.0
#define COVER_EPSILON       1e-9

/* ASCOM's CoverStatus values. */
typedef enum
{
  COVER_STATUS_NOT_PRESENT = 0,
  COVER_STATUS_CLOSED = 1,
  COVER_STATUS_MOVING = 2,
  COVER_STATUS_OPEN = 3,
  COVER_STATUS_UNKNOWN = 4,
  COVER_STATUS_ERROR = 5,
} CoverStatus;

/* ASCOM's CalibratorStatus values. */
typedef enum
{
  CALIBRATOR_STATUS_NOT_PRESENT = 0,
  CALIBRATOR_STATUS_OFF = 1,
  CALIBRATOR_STATUS_NOT_READY = 2,
  CALIBRATOR_STATUS_READY = 3,
  CALIBRATOR_STATUS_UNKNOWN = 4,
  CALIBRATOR_STATUS_ERROR = 5,
} CalibratorStatus;

/* Design choices where ICoverCalibratorV2 leaves room:
 * - HaltCover stops the cover where it is; stopped part-way it reports Unknown until it is
 *   opened or closed again. Halting a cover that is not moving does nothing.
 * - The panel may be lit with the cover in any position.
 * - Brightness is the commanded brightness while the panel is on (also while it
 *   stabilises) and 0 while it is off. CalibratorOff takes effect at once. */
struct _CriaSimCoverCalibrator
{
  CriaSimDevice parent_instance;

  CriaSimAxis   cover;
  gboolean      lit;
  gint          brightness;
  double        ready_at;   /* simulated time at which the panel is stable */
};

G_DEFINE_FINAL_TYPE (CriaSimCoverCalibrator, cria_sim_cover_calibrator, CRIA_TYPE_SIM_DEVICE)

static double
now (CriaSimCoverCalibrator *self)
{
  return cria_sim_device_get_time (CRIA_SIM_DEVICE (self));
}

/* Lock held. */
static gboolean
cover_moving (CriaSimCoverCalibrator *self)
{
  return cria_sim_axis_is_moving (&self->cover, now (self));
}

static CoverStatus
get_cover_state (CriaSimCoverCalibrator *self)
{
  double position;

  if (cover_moving (self))
    return COVER_STATUS_MOVING;

  position = cria_sim_axis_get_position (&self->cover, now (self));
  if (position >= COVER_OPEN - COVER_EPSILON)
    return COVER_STATUS_OPEN;
  if (position <= COVER_CLOSED + COVER_EPSILON)
    return COVER_STATUS_CLOSED;
  /* Halted part-way. */
  return COVER_STATUS_UNKNOWN;
}

static CalibratorStatus
get_calibrator_state (CriaSimCoverCalibrator *self)
{
  if (!self->lit)
    return CALIBRATOR_STATUS_OFF;
  if (now (self) < self->ready_at)
    return CALIBRATOR_STATUS_NOT_READY;
  return CALIBRATOR_STATUS_READY;
}

static gint
get_brightness (CriaSimCoverCalibrator *self)
{
  return self->lit ? self->brightness : 0;
}

static gboolean
calibrator_on (CriaSimCoverCalibrator  *self,
               CriaSimRequest          *request,
               GError                 **error)
{
  gint64 brightness;

  if (!cria_sim_request_get_int (request, "Brightness", &brightness, error))
    return FALSE;

  if (brightness < 0 || brightness > MAX_BRIGHTNESS)
    {
      g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_VALUE,
                   "Brightness %" G_GINT64_FORMAT " is out of range: 0 to %d (MaxBrightness)",
                   brightness, MAX_BRIGHTNESS);
      return FALSE;
    }

  /* A cold panel warms up; a lit one only settles on the new level. */
  if (!self->lit)
    self->ready_at = now (self) + WARM_UP_SECONDS;
  else if (brightness != self->brightness)
    self->ready_at = MAX (self->ready_at, now (self) + SETTLE_SECONDS);

  self->lit = TRUE;
  self->brightness = (gint) brightness;
  return TRUE;
}

static gboolean
put_member (CriaSimCoverCalibrator  *self,
            const char              *member,
            CriaSimRequest          *request,
            GError                 **error)
{
  if (g_str_equal (member, "opencover"))
    cria_sim_axis_move_to (&self->cover, now (self), COVER_OPEN);
  else if (g_str_equal (member, "closecover"))
    cria_sim_axis_move_to (&self->cover, now (self), COVER_CLOSED);
  else if (g_str_equal (member, "haltcover"))
    cria_sim_axis_stop (&self->cover, now (self));
  else if (g_str_equal (member, "calibratoron"))
    return calibrator_on (self, request, error);
  else if (g_str_equal (member, "calibratoroff"))
    self->lit = FALSE;
  else
    return FALSE;

  return TRUE;
}

static JsonNode *
get_property (CriaSimCoverCalibrator *self,
              const char             *member)
{
  if (g_str_equal (member, "brightness"))
    return cria_sim_value_int (get_brightness (self));
  if (g_str_equal (member, "calibratorchanging"))
    return cria_sim_value_bool (get_calibrator_state (self) == CALIBRATOR_STATUS_NOT_READY);
  if (g_str_equal (member, "calibratorstate"))
    return cria_sim_value_int (get_calibrator_state (self));
  if (g_str_equal (member, "covermoving"))
    return cria_sim_value_bool (cover_moving (self));
  if (g_str_equal (member, "coverstate"))
    return cria_sim_value_int (get_cover_state (self));
  if (g_str_equal (member, "maxbrightness"))
    return cria_sim_value_int (MAX_BRIGHTNESS);

  return NULL;
}

static gboolean
cria_sim_cover_calibrator_handle (CriaSimDevice   *device,
                                  CriaHttpMethod   method,
                                  const char      *member,
                                  CriaSimRequest  *request,
                                  CriaSimReply    *reply,
                                  GError         **error)
{
  CriaSimCoverCalibrator *self = CRIA_SIM_COVER_CALIBRATOR (device);

  if (method == CRIA_HTTP_PUT)
    return put_member (self, member, request, error);

  reply->value = get_property (self, member);
  /* FALSE without an error: the base class answers NotImplemented. */
  return reply->value != NULL;
}

static void
cria_sim_cover_calibrator_add_device_state (CriaSimDevice *device,
                                            JsonBuilder   *builder)
{
  CriaSimCoverCalibrator *self = CRIA_SIM_COVER_CALIBRATOR (device);
  static const char * const names[] = {
    "Brightness", "CalibratorChanging", "CalibratorState", "CoverMoving", "CoverState",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *member = g_ascii_strdown (names[i], -1);

      cria_sim_device_state_add (builder, names[i], get_property (self, member));
    }
}

static void
cria_sim_cover_calibrator_class_init (CriaSimCoverCalibratorClass *klass)
{
  CriaSimDeviceClass *device_class = CRIA_SIM_DEVICE_CLASS (klass);

  device_class->handle = cria_sim_cover_calibrator_handle;
  device_class->add_device_state = cria_sim_cover_calibrator_add_device_state;

  cria_sim_device_class_set_device_type (device_class, CRIA_DEVICE_COVER_CALIBRATOR);
}

static void
cria_sim_cover_calibrator_init (CriaSimCoverCalibrator *self)
{
  /* Closed and dark, as after a night packed away. */
  cria_sim_axis_init (&self->cover, COVER_CLOSED, (COVER_OPEN - COVER_CLOSED) / COVER_SECONDS, 0);
}
