/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/video/gstvideosink.h>

#include "cria-paintable.h"

G_BEGIN_DECLS

#define CRIA_TYPE_PAINTABLE_SINK (cria_paintable_sink_get_type ())

/* The "criapaintablesink" element: video/x-raw RGB frames to a CriaPaintable ("paintable"),
 * without a copy.
 *
 * It proposes a pool upstream (a CriaBufferPool, which counts its allocations), so
 * frames are rendered into buffers that come back again and again. Each frame is wrapped, on the streaming thread, in a
 * GdkMemoryTexture (GDK_MEMORY_R8G8B8) whose bytes keep the buffer mapped and referenced;
 * the buffer returns to the pool when GTK lets the texture go. The texture goes to the
 * paintable's one-slot hand-off (see cria-paintable.h), so the sink never blocks and
 * never queues. The sink does not sync to the clock (a live view shows frames when they
 * are ready) and keeps no last sample. */
G_DECLARE_FINAL_TYPE (CriaPaintableSink, cria_paintable_sink, CRIA, PAINTABLE_SINK, GstVideoSink)

CriaPaintable *cria_paintable_sink_get_paintable        (CriaPaintableSink *self);
/* Frames wrapped, and the time to wrap the last one, in ms. Thread-safe. */
guint64        cria_paintable_sink_get_n_rendered       (CriaPaintableSink *self);
double         cria_paintable_sink_get_last_ms          (CriaPaintableSink *self);

G_END_DECLS
