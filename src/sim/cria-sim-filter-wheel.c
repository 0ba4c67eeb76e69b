/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-sim"

#include "config.h"

#include <math.h>

#include "cria-sim-axis.h"
#include "cria-sim-filter-wheel.h"

/* A common set for a monochrome camera; offsets in focuser steps relative to L. */
static const struct
{
  const char *name;
  gint        focus_offset;
} filters[] = {
  { "L", 0 },
  { "R", 12 },
  { "G", 6 },
  { "B", -9 },
  { "Ha", 30 },
  { "OIII", -4 },
  { "SII", 34 },
};

#define N_SLOTS          ((gint) G_N_ELEMENTS (filters))
#define SLOTS_PER_SECOND 2.0

struct _CriaSimFilterWheel
{
  CriaSimDevice parent_instance;

  CriaSimAxis   axis; /* in slots, wrapping */
};

G_DEFINE_FINAL_TYPE (CriaSimFilterWheel, cria_sim_filter_wheel, CRIA_TYPE_SIM_DEVICE)

/* Lock held. */
static gint
get_position (CriaSimFilterWheel *self)
{
  double now = cria_sim_device_get_time (CRIA_SIM_DEVICE (self));

  /* IFilterWheel reports -1 while the wheel turns. */
  if (cria_sim_axis_is_moving (&self->axis, now))
    return -1;
  return (gint) lround (cria_sim_axis_get_position (&self->axis, now)) % N_SLOTS;
}

static gboolean
set_position (CriaSimFilterWheel  *self,
              CriaSimRequest      *request,
              GError             **error)
{
  gint64 slot;

  if (!cria_sim_request_get_int (request, "Position", &slot, error))
    return FALSE;

  if (slot < 0 || slot >= N_SLOTS)
    {
      g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_VALUE,
                   "Position %" G_GINT64_FORMAT " is not a slot of this wheel: 0 to %d",
                   slot, N_SLOTS - 1);
      return FALSE;
    }

  /* The short way round; a new target replaces one in progress. */
  cria_sim_axis_move_to (&self->axis, cria_sim_device_get_time (CRIA_SIM_DEVICE (self)),
                         (double) slot);
  return TRUE;
}

static JsonNode *
names (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gint i;

  json_builder_begin_array (builder);
  for (i = 0; i < N_SLOTS; i++)
    json_builder_add_string_value (builder, filters[i].name);
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
focus_offsets (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gint i;

  json_builder_begin_array (builder);
  for (i = 0; i < N_SLOTS; i++)
    json_builder_add_int_value (builder, filters[i].focus_offset);
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static gboolean
cria_sim_filter_wheel_handle (CriaSimDevice   *device,
                              CriaHttpMethod   method,
                              const char      *member,
                              CriaSimRequest  *request,
                              CriaSimReply    *reply,
                              GError         **error)
{
  CriaSimFilterWheel *self = CRIA_SIM_FILTER_WHEEL (device);

  if (method == CRIA_HTTP_PUT)
    return g_str_equal (member, "position") && set_position (self, request, error);

  if (g_str_equal (member, "position"))
    reply->value = cria_sim_value_int (get_position (self));
  else if (g_str_equal (member, "names"))
    reply->value = names ();
  else if (g_str_equal (member, "focusoffsets"))
    reply->value = focus_offsets ();

  /* FALSE without an error: the base class answers NotImplemented. */
  return reply->value != NULL;
}

static void
cria_sim_filter_wheel_add_device_state (CriaSimDevice *device,
                                        JsonBuilder   *builder)
{
  CriaSimFilterWheel *self = CRIA_SIM_FILTER_WHEEL (device);

  cria_sim_device_state_add (builder, "Position", cria_sim_value_int (get_position (self)));
}

static void
cria_sim_filter_wheel_class_init (CriaSimFilterWheelClass *klass)
{
  CriaSimDeviceClass *device_class = CRIA_SIM_DEVICE_CLASS (klass);

  device_class->handle = cria_sim_filter_wheel_handle;
  device_class->add_device_state = cria_sim_filter_wheel_add_device_state;

  cria_sim_device_class_set_device_type (device_class, CRIA_DEVICE_FILTER_WHEEL);
}

static void
cria_sim_filter_wheel_init (CriaSimFilterWheel *self)
{
  cria_sim_axis_init (&self->axis, 0, SLOTS_PER_SECOND, N_SLOTS);
}

gint
cria_sim_filter_wheel_get_position (CriaSimFilterWheel *self)
{
  gint position;

  g_return_val_if_fail (CRIA_IS_SIM_FILTER_WHEEL (self), -1);

  cria_sim_device_lock (CRIA_SIM_DEVICE (self));
  position = get_position (self);
  cria_sim_device_unlock (CRIA_SIM_DEVICE (self));

  return position;
}

gint
cria_sim_filter_wheel_get_focus_offset (CriaSimFilterWheel *self)
{
  gint position;

  g_return_val_if_fail (CRIA_IS_SIM_FILTER_WHEEL (self), 0);

  position = cria_sim_filter_wheel_get_position (self);
  return position >= 0 ? filters[position].focus_offset : 0;
}
