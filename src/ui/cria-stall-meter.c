/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "cria-stall-meter.h"

#include <math.h>
#include <string.h>

#define TICK_MS   1
/* Gaps of this many ms or more share the last bin; the maximum is kept exactly. */
#define N_BINS    1000

struct _CriaStallMeter
{
  GObject  parent_instance;

  GSource *source;
  gint64   last_tick;  /* monotonic µs */
  guint64  n_samples;
  double   max_ms;
  guint64  bins[N_BINS];
};

G_DEFINE_FINAL_TYPE (CriaStallMeter, cria_stall_meter, G_TYPE_OBJECT)

static gboolean
tick_cb (gpointer user_data)
{
  CriaStallMeter *self = user_data;
  gint64 now = g_get_monotonic_time ();
  double stall_ms;

  if (self->last_tick != 0)
    {
      /* The tick itself is expected: only the time beyond it is a stall. */
      stall_ms = MAX ((now - self->last_tick) / 1000.0 - TICK_MS, 0.0);
      self->max_ms = MAX (self->max_ms, stall_ms);
      self->bins[MIN ((guint) stall_ms, N_BINS - 1)]++;
      self->n_samples++;
    }
  self->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
cria_stall_meter_dispose (GObject *object)
{
  cria_stall_meter_stop (CRIA_STALL_METER (object));

  G_OBJECT_CLASS (cria_stall_meter_parent_class)->dispose (object);
}

static void
cria_stall_meter_class_init (CriaStallMeterClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cria_stall_meter_dispose;
}

static void
cria_stall_meter_init (CriaStallMeter *self)
{
}

CriaStallMeter *
cria_stall_meter_new (void)
{
  return g_object_new (CRIA_TYPE_STALL_METER, NULL);
}

void
cria_stall_meter_start (CriaStallMeter *self)
{
  g_return_if_fail (CRIA_IS_STALL_METER (self));

  if (self->source != NULL)
    return;

  self->last_tick = 0;
  self->source = g_timeout_source_new (TICK_MS);
  g_source_set_priority (self->source, G_PRIORITY_HIGH);
  /* The source holds no reference: stop() (at the latest in dispose) destroys it. */
  g_source_set_callback (self->source, tick_cb, self, NULL);
  g_source_set_static_name (self->source, "[cria] stall meter");
  g_source_attach (self->source, g_main_context_get_thread_default ());
}

void
cria_stall_meter_stop (CriaStallMeter *self)
{
  g_return_if_fail (CRIA_IS_STALL_METER (self));

  if (self->source == NULL)
    return;

  g_source_destroy (self->source);
  g_clear_pointer (&self->source, g_source_unref);
}

gboolean
cria_stall_meter_is_running (CriaStallMeter *self)
{
  g_return_val_if_fail (CRIA_IS_STALL_METER (self), FALSE);

  return self->source != NULL;
}

void
cria_stall_meter_reset (CriaStallMeter *self)
{
  g_return_if_fail (CRIA_IS_STALL_METER (self));

  self->last_tick = 0;
  self->n_samples = 0;
  self->max_ms = 0;
  memset (self->bins, 0, sizeof self->bins);
}

guint64
cria_stall_meter_get_n_samples (CriaStallMeter *self)
{
  g_return_val_if_fail (CRIA_IS_STALL_METER (self), 0);

  return self->n_samples;
}

double
cria_stall_meter_get_max_ms (CriaStallMeter *self)
{
  g_return_val_if_fail (CRIA_IS_STALL_METER (self), 0);

  return self->max_ms;
}

double
cria_stall_meter_get_percentile (CriaStallMeter *self,
                                 double          fraction)
{
  guint64 wanted, seen = 0;
  guint i;

  g_return_val_if_fail (CRIA_IS_STALL_METER (self), 0);

  if (self->n_samples == 0)
    return 0;

  wanted = (guint64) ceil (CLAMP (fraction, 0.0, 1.0) * self->n_samples);
  for (i = 0; i < N_BINS; i++)
    {
      seen += self->bins[i];
      if (seen >= wanted && seen > 0)
        return MIN ((double) (i + 1), self->max_ms);
    }

  return self->max_ms;
}
