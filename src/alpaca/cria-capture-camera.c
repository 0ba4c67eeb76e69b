/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-alpaca"

#include "config.h"

#include "cria-capture-loop-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "cria-alpaca-error.h"

/* How often CCDTemperature is read again for the frames' metadata. */
#define TEMPERATURE_EVERY (10 * G_TIME_SPAN_SECOND)

/* Read once at the start; only the sensor size is needed, the rest enriches the metadata. */
static const char * const fact_members[N_FACTS] = {
  [FACT_CAMERA_X] = "CameraXSize",
  [FACT_CAMERA_Y] = "CameraYSize",
  [FACT_SENSOR_TYPE] = "SensorType",
  [FACT_BAYER_X] = "BayerOffsetX",
  [FACT_BAYER_Y] = "BayerOffsetY",
  [FACT_PIXEL_X] = "PixelSizeX",
  [FACT_PIXEL_Y] = "PixelSizeY",
  [FACT_CAN_ABORT] = "CanAbortExposure",
  [FACT_GAIN] = "Gain",
  [FACT_OFFSET] = "Offset",
  [FACT_TEMPERATURE] = "CCDTemperature",
  [FACT_BIN_X] = "BinX",
  [FACT_BIN_Y] = "BinY",
  [FACT_START_X] = "StartX",
  [FACT_START_Y] = "StartY",
  [FACT_NUM_X] = "NumX",
  [FACT_NUM_Y] = "NumY",
};

gboolean
cria_capture_node_int (JsonNode *node,
                       int      *out)
{
  gint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  value = json_node_get_int (node);
  if (value < G_MININT || value > G_MAXINT)
    return FALSE;
  *out = (int) value;
  return TRUE;
}

gboolean
cria_capture_node_double (JsonNode *node,
                          double   *out)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return FALSE;
  return isfinite (*out);
}

gboolean
cria_capture_node_bool (JsonNode *node,
                        gboolean *out)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  *out = json_node_get_boolean (node);
  return TRUE;
}

static void
store_fact (CriaCaptureLoop *loop,
            Fact             fact,
            JsonNode        *value)
{
  int i = 0;
  double d = 0;
  gboolean b = FALSE;
  gboolean ok;

  switch (fact)
    {
    case FACT_PIXEL_X:
    case FACT_PIXEL_Y:
    case FACT_TEMPERATURE:
      ok = cria_capture_node_double (value, &d);
      break;
    case FACT_CAN_ABORT:
      ok = cria_capture_node_bool (value, &b);
      break;
    default:
      ok = cria_capture_node_int (value, &i);
      break;
    }
  if (!ok)
    {
      g_debug ("Ignoring an odd %s from the camera", fact_members[fact]);
      return;
    }

  switch (fact)
    {
    case FACT_CAMERA_X:    loop->camera_x = MAX (i, 0); break;
    case FACT_CAMERA_Y:    loop->camera_y = MAX (i, 0); break;
    case FACT_SENSOR_TYPE: loop->sensor_type = i; break;
    case FACT_BAYER_X:     loop->bayer_x = i; break;
    case FACT_BAYER_Y:     loop->bayer_y = i; break;
    case FACT_PIXEL_X:     loop->pixel_x = d; break;
    case FACT_PIXEL_Y:     loop->pixel_y = d; break;
    case FACT_CAN_ABORT:   loop->can_abort = b; break;
    case FACT_GAIN:        loop->gain = i; break;
    case FACT_OFFSET:      loop->offset = i; break;
    case FACT_TEMPERATURE: loop->temperature = d; break;
    case FACT_BIN_X:       loop->bin_x = MAX (i, 1); break;
    case FACT_BIN_Y:       loop->bin_y = MAX (i, 1); break;
    case FACT_START_X:     loop->start_x = MAX (i, 0); break;
    case FACT_START_Y:     loop->start_y = MAX (i, 0); break;
    case FACT_NUM_X:       loop->num_x = MAX (i, 0); break;
    case FACT_NUM_Y:       loop->num_y = MAX (i, 0); break;
    case N_FACTS:
    default:
      return;
    }
  loop->known[fact] = TRUE;
}

static void
on_fact (CriaCaptureLoop *loop,
         Shot            *shot,
         gpointer         data,
         JsonNode        *value,
         const GError    *error)
{
  Fact fact = GPOINTER_TO_INT (data);

  if (error == NULL)
    store_fact (loop, fact, value);
  else if (fact == FACT_CAMERA_X || fact == FACT_CAMERA_Y)
    cria_capture_loop_fail (loop, error);
  else
    g_debug ("The camera has no %s: %s", fact_members[fact], error->message);

  if (loop->phase != PHASE_SETUP || --loop->setup_left > 0)
    return;

  if (!loop->known[FACT_CAMERA_X] || !loop->known[FACT_CAMERA_Y]
      || loop->camera_x == 0 || loop->camera_y == 0)
    {
      cria_capture_loop_fail_new (loop, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_WRONG_TYPE,
                                  _("The camera reports no usable sensor size"));
      return;
    }
  if (!loop->known[FACT_BIN_X])
    loop->bin_x = 1;
  if (!loop->known[FACT_BIN_Y])
    loop->bin_y = 1;

  cria_capture_loop_next_exposure (loop);
}

void
cria_capture_loop_setup (CriaCaptureLoop *loop)
{
  loop->phase = PHASE_SETUP;
  loop->setup_left = N_FACTS;
  loop->temperature_read_at = g_get_monotonic_time ();
  for (int fact = 0; fact < N_FACTS; fact++)
    cria_capture_loop_call (loop, CRIA_HTTP_GET, fact_members[fact], NULL, loop->cancellable, NULL,
                            on_fact, GINT_TO_POINTER (fact));
}

static void
on_temperature (CriaCaptureLoop *loop,
                Shot            *shot,
                gpointer         data,
                JsonNode        *value,
                const GError    *error)
{
  if (error == NULL)
    store_fact (loop, FACT_TEMPERATURE, value);
}

/* ---- settings ---- */

static void
add_write (CriaCaptureLoop *loop,
           const char      *member,
           int              value)
{
  Write write = { member, value };

  g_array_append_val (loop->writes, write);
}

/* Only what changed is written; binning first, since the subframe is counted in it. */
static void
plan_writes (CriaCaptureLoop           *loop,
             const CriaCaptureSettings *s)
{
  const CriaCaptureSettings *old = &loop->applied;
  gboolean first = loop->applied_serial == 0;
  gboolean geometry;

  g_array_set_size (loop->writes, 0);
  loop->write_index = 0;

  if (s->readout_mode != CRIA_CAPTURE_KEEP && (first || s->readout_mode != old->readout_mode))
    add_write (loop, "ReadoutMode", s->readout_mode);

  if (first)
    geometry = s->binning > 0 || (s->num_x > 0 && s->num_y > 0);
  else
    geometry = s->binning != old->binning || s->start_x != old->start_x
               || s->start_y != old->start_y || s->num_x != old->num_x || s->num_y != old->num_y;
  if (geometry)
    {
      guint bin_x = s->binning > 0 ? s->binning : loop->bin_x;
      guint bin_y = s->binning > 0 ? s->binning : loop->bin_y;

      if (s->binning > 0)
        {
          add_write (loop, "BinX", (int) s->binning);
          add_write (loop, "BinY", (int) s->binning);
        }
      if (s->num_x > 0 && s->num_y > 0)
        {
          add_write (loop, "StartX", (int) MIN (s->start_x, G_MAXINT));
          add_write (loop, "StartY", (int) MIN (s->start_y, G_MAXINT));
          add_write (loop, "NumX", (int) MIN (s->num_x, G_MAXINT));
          add_write (loop, "NumY", (int) MIN (s->num_y, G_MAXINT));
        }
      else
        {
          add_write (loop, "StartX", 0);
          add_write (loop, "StartY", 0);
          add_write (loop, "NumX", (int) (loop->camera_x / bin_x));
          add_write (loop, "NumY", (int) (loop->camera_y / bin_y));
        }
    }

  if (s->gain != CRIA_CAPTURE_KEEP && (first || s->gain != old->gain))
    add_write (loop, "Gain", s->gain);
  if (s->offset != CRIA_CAPTURE_KEEP && (first || s->offset != old->offset))
    add_write (loop, "Offset", s->offset);
}

static void write_next (CriaCaptureLoop *loop);

static void
note_written (CriaCaptureLoop *loop,
              const Write     *write)
{
  static const struct { const char *member; Fact fact; } facts[] = {
    { "BinX", FACT_BIN_X }, { "BinY", FACT_BIN_Y }, { "StartX", FACT_START_X },
    { "StartY", FACT_START_Y }, { "NumX", FACT_NUM_X }, { "NumY", FACT_NUM_Y },
    { "Gain", FACT_GAIN }, { "Offset", FACT_OFFSET },
  };
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  json_node_set_int (node, write->value);
  for (gsize i = 0; i < G_N_ELEMENTS (facts); i++)
    if (g_str_equal (write->member, facts[i].member))
      store_fact (loop, facts[i].fact, node);
}

static void
on_written (CriaCaptureLoop *loop,
            Shot            *shot,
            gpointer         data,
            JsonNode        *value,
            const GError    *error)
{
  const Write *write = &g_array_index (loop->writes, Write, loop->write_index);

  if (loop->phase != PHASE_SETTINGS)
    return;
  if (error != NULL)
    {
      g_autoptr(GError) described = g_error_new (error->domain, error->code,
                                                 _("Cannot set %s to %d: %s"), write->member,
                                                 write->value, error->message);
      cria_capture_loop_fail (loop, described);
      return;
    }

  note_written (loop, write);
  loop->write_index++;
  write_next (loop);
}

static void
write_next (CriaCaptureLoop *loop)
{
  const Write *write;
  char text[16];
  const char *params[3];

  if (loop->write_index >= loop->writes->len)
    {
      loop->applied = loop->target;
      loop->applied_serial = loop->target_serial;
      /* Settings that changed meanwhile are picked up here. */
      cria_capture_loop_next_exposure (loop);
      return;
    }

  write = &g_array_index (loop->writes, Write, loop->write_index);
  g_snprintf (text, sizeof text, "%d", write->value);
  params[0] = write->member;
  params[1] = text;
  params[2] = NULL;
  cria_capture_loop_call (loop, CRIA_HTTP_PUT, write->member, params, loop->cancellable, NULL,
                          on_written, NULL);
}

void
cria_capture_loop_write_settings (CriaCaptureLoop *loop)
{
  loop->phase = PHASE_SETTINGS;
  plan_writes (loop, &loop->target);
  write_next (loop);
}

/* Keeps the temperature in the metadata fresh without a request per frame. */
void
cria_capture_loop_refresh_temperature (CriaCaptureLoop *loop)
{
  gint64 now = g_get_monotonic_time ();

  if (now - loop->temperature_read_at <= TEMPERATURE_EVERY)
    return;

  loop->temperature_read_at = now;
  cria_capture_loop_call (loop, CRIA_HTTP_GET, "CCDTemperature", NULL, loop->cancellable, NULL,
                          on_temperature, NULL);
}

void
cria_capture_loop_fill_info (CriaCaptureLoop *loop,
                             CriaFrameInfo   *info)
{
  info->sequence = ++loop->sequence;
  info->fields = CRIA_FRAME_INFO_EXPOSURE | CRIA_FRAME_INFO_START_TIME | CRIA_FRAME_INFO_GEOMETRY;
  info->exposure = loop->applied.exposure;
  info->start_time = g_get_real_time ();
  info->bin_x = loop->bin_x;
  info->bin_y = loop->bin_y;
  info->start_x = loop->start_x;
  info->start_y = loop->start_y;

  if (loop->known[FACT_SENSOR_TYPE])
    {
      info->fields |= CRIA_FRAME_INFO_SENSOR;
      info->sensor_type = loop->sensor_type;
      info->bayer_offset_x = loop->known[FACT_BAYER_X] ? loop->bayer_x : 0;
      info->bayer_offset_y = loop->known[FACT_BAYER_Y] ? loop->bayer_y : 0;
    }
  if (loop->known[FACT_GAIN])
    {
      info->fields |= CRIA_FRAME_INFO_GAIN;
      info->gain = loop->gain;
    }
  if (loop->known[FACT_OFFSET])
    {
      info->fields |= CRIA_FRAME_INFO_OFFSET;
      info->offset = loop->offset;
    }
  if (loop->known[FACT_TEMPERATURE])
    {
      info->fields |= CRIA_FRAME_INFO_CCD_TEMPERATURE;
      info->ccd_temperature = loop->temperature;
    }
  if (loop->known[FACT_PIXEL_X] && loop->known[FACT_PIXEL_Y])
    {
      info->fields |= CRIA_FRAME_INFO_PIXEL_SIZE;
      info->pixel_size_x = loop->pixel_x;
      info->pixel_size_y = loop->pixel_y;
    }
}
