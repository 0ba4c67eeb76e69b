/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-sim"

#include "config.h"

#include <math.h>

#include "cria-sim-axis.h"
#include "cria-sim-rotator.h"

#define DEGREES_PER_SECOND 10.0
#define STEP_SIZE          0.05 /* degrees */

/* The mechanical angle is what the encoder reads; Position is the sky position angle, related
 * to it by the offset that Sync sets:
 *   Position = MechanicalPosition + offset      (Reverse false)
 *   Position = offset − MechanicalPosition      (Reverse true)
 * Reverse thus mirrors the sense of rotation, as an odd number of reflections in the light
 * path does: with it, a positive relative Move turns the mechanism backwards. */
struct _CriaSimRotator
{
  CriaSimDevice parent_instance;

  CriaSimAxis   axis; /* mechanical degrees, wrapping */
  double        offset;
  gboolean      reverse;
};

G_DEFINE_FINAL_TYPE (CriaSimRotator, cria_sim_rotator, CRIA_TYPE_SIM_DEVICE)

static double
now (CriaSimRotator *self)
{
  return cria_sim_device_get_time (CRIA_SIM_DEVICE (self));
}

static double
sky_of (CriaSimRotator *self,
        double          mechanical)
{
  return cria_sim_axis_wrap (self->reverse ? self->offset - mechanical
                                           : mechanical + self->offset, 360);
}

static double
mechanical_of (CriaSimRotator *self,
               double          sky)
{
  return cria_sim_axis_wrap (self->reverse ? self->offset - sky : sky - self->offset, 360);
}

/* Lock held. */
static double
get_mechanical (CriaSimRotator *self)
{
  return cria_sim_axis_get_position (&self->axis, now (self));
}

static double
get_position (CriaSimRotator *self)
{
  return sky_of (self, get_mechanical (self));
}

static gboolean
is_moving (CriaSimRotator *self)
{
  return cria_sim_axis_is_moving (&self->axis, now (self));
}

/* An angle parameter in [0, 360), or for a relative move in (−360, 360). */
static gboolean
read_angle (CriaSimRequest  *request,
            gboolean         relative,
            double          *angle,
            GError         **error)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  gboolean valid;

  if (!cria_sim_request_get_double (request, "Position", angle, error))
    return FALSE;

  /* Comparisons with NaN are false, so NaN is refused too. */
  valid = relative ? *angle > -360 && *angle < 360 : *angle >= 0 && *angle < 360;
  if (valid)
    return TRUE;

  g_ascii_dtostr (text, sizeof text, *angle);
  if (relative)
    g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_VALUE,
                 "A relative move of %s° is out of range: it must be more than −360° and "
                 "less than 360°", text);
  else
    g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_VALUE,
                 "Angle %s° is out of range: it must be 0° or more and less than 360°", text);
  return FALSE;
}

static gboolean
refuse_while_moving (CriaSimRotator  *self,
                     const char      *what,
                     GError         **error)
{
  if (!is_moving (self))
    return TRUE;

  g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_OPERATION,
               "The rotator is moving: halt it or wait before %s", what);
  return FALSE;
}

static gboolean
put_member (CriaSimRotator  *self,
            const char      *member,
            CriaSimRequest  *request,
            GError         **error)
{
  double angle;

  if (g_str_equal (member, "halt"))
    {
      cria_sim_axis_stop (&self->axis, now (self));
      return TRUE;
    }

  if (g_str_equal (member, "reverse"))
    {
      gboolean reverse;
      double sky;

      if (!cria_sim_request_get_bool (request, "Reverse", &reverse, error))
        return FALSE;
      reverse = !!reverse;
      if (reverse == self->reverse)
        return TRUE;
      if (!refuse_while_moving (self, "changing Reverse", error))
        return FALSE;

      /* Position stays where it is; only the sense of later moves changes. */
      sky = get_position (self);
      self->reverse = reverse;
      self->offset = cria_sim_axis_wrap (reverse ? sky + get_mechanical (self)
                                                 : sky - get_mechanical (self), 360);
      return TRUE;
    }

  if (g_str_equal (member, "move"))
    {
      if (!read_angle (request, TRUE, &angle, error))
        return FALSE;
      /* Relative moves go the way they are asked, even the long way round. */
      cria_sim_axis_move_by (&self->axis, now (self), self->reverse ? -angle : angle);
      return TRUE;
    }

  if (!read_angle (request, FALSE, &angle, error))
    return FALSE;

  if (g_str_equal (member, "moveabsolute"))
    cria_sim_axis_move_to (&self->axis, now (self), mechanical_of (self, angle));
  else if (g_str_equal (member, "movemechanical"))
    cria_sim_axis_move_to (&self->axis, now (self), angle);
  else if (g_str_equal (member, "sync"))
    {
      if (!refuse_while_moving (self, "a sync", error))
        return FALSE;
      self->offset = cria_sim_axis_wrap (self->reverse ? angle + get_mechanical (self)
                                                       : angle - get_mechanical (self), 360);
    }
  else
    return FALSE;

  return TRUE;
}

static JsonNode *
get_property (CriaSimRotator *self,
              const char     *member)
{
  if (g_str_equal (member, "canreverse"))
    return cria_sim_value_bool (TRUE);
  if (g_str_equal (member, "ismoving"))
    return cria_sim_value_bool (is_moving (self));
  if (g_str_equal (member, "mechanicalposition"))
    return cria_sim_value_double (get_mechanical (self));
  if (g_str_equal (member, "position"))
    return cria_sim_value_double (get_position (self));
  if (g_str_equal (member, "reverse"))
    return cria_sim_value_bool (self->reverse);
  if (g_str_equal (member, "stepsize"))
    return cria_sim_value_double (STEP_SIZE);
  if (g_str_equal (member, "targetposition"))
    return cria_sim_value_double (sky_of (self, cria_sim_axis_get_target (&self->axis)));

  return NULL;
}

static gboolean
cria_sim_rotator_handle (CriaSimDevice   *device,
                         CriaHttpMethod   method,
                         const char      *member,
                         CriaSimRequest  *request,
                         CriaSimReply    *reply,
                         GError         **error)
{
  CriaSimRotator *self = CRIA_SIM_ROTATOR (device);

  if (method == CRIA_HTTP_PUT)
    return put_member (self, member, request, error);

  reply->value = get_property (self, member);
  /* FALSE without an error: the base class answers NotImplemented. */
  return reply->value != NULL;
}

static void
cria_sim_rotator_add_device_state (CriaSimDevice *device,
                                   JsonBuilder   *builder)
{
  CriaSimRotator *self = CRIA_SIM_ROTATOR (device);
  double mechanical = get_mechanical (self);

  cria_sim_device_state_add (builder, "IsMoving", cria_sim_value_bool (is_moving (self)));
  cria_sim_device_state_add (builder, "MechanicalPosition", cria_sim_value_double (mechanical));
  cria_sim_device_state_add (builder, "Position",
                             cria_sim_value_double (sky_of (self, mechanical)));
}

static void
cria_sim_rotator_class_init (CriaSimRotatorClass *klass)
{
  CriaSimDeviceClass *device_class = CRIA_SIM_DEVICE_CLASS (klass);

  device_class->handle = cria_sim_rotator_handle;
  device_class->add_device_state = cria_sim_rotator_add_device_state;

  cria_sim_device_class_set_device_type (device_class, CRIA_DEVICE_ROTATOR);
}

static void
cria_sim_rotator_init (CriaSimRotator *self)
{
  cria_sim_axis_init (&self->axis, 0, DEGREES_PER_SECOND, 360);
}
