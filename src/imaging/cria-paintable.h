/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdk/gdk.h>

G_BEGIN_DECLS

/* Hand-off figures, thread-safe to read. */
typedef struct
{
  guint64 n_queued;   /* textures offered by the streaming thread */
  guint64 n_shown;    /* textures that became the current one */
  guint64 n_replaced; /* textures dropped because a newer one came before the main thread */
  double  handoff_ms; /* queue to shown, for the last texture shown */
} CriaPaintableStats;

#define CRIA_TYPE_PAINTABLE (cria_paintable_get_type ())

/* A GdkPaintable showing the latest frame of a live view, for a GtkPicture.
 *
 * The streaming thread offers each new GdkTexture with cria_paintable_queue_texture().
 * There is one slot, not a queue: a texture that the main thread has not taken yet is
 * replaced (and released, so its buffer goes back to its pool), and latency never builds
 * up. One idle source on the default main context, holding only a weak reference, moves
 * the slot's texture to the current one, then emits invalidate-contents (and
 * invalidate-size when the dimensions change). */
G_DECLARE_FINAL_TYPE (CriaPaintable, cria_paintable, CRIA, PAINTABLE, GObject)

CriaPaintable *cria_paintable_new           (void);

/* Main thread. */
GdkTexture    *cria_paintable_get_texture   (CriaPaintable      *self);
void           cria_paintable_set_texture   (CriaPaintable      *self,
                                             GdkTexture         *texture);

/* Any thread. */
void           cria_paintable_queue_texture (CriaPaintable      *self,
                                             GdkTexture         *texture);
void           cria_paintable_get_stats     (CriaPaintable      *self,
                                             CriaPaintableStats *stats);

G_END_DECLS
