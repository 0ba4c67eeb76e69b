/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cria-frame.h"

G_BEGIN_DECLS

/* Idle buffers a pool keeps unless told otherwise: enough for a live loop, where a raw
 * download, a frame being decoded, a frame being shown and one in between are in use. */
#define CRIA_FRAME_POOL_DEFAULT_MAX_IDLE 4

#define CRIA_TYPE_FRAME_POOL (cria_frame_pool_get_type ())

/* Reuses large pixel buffers, keyed by their byte size, so that a stream of same-sized
 * frames stops allocating (and page-faulting) after the first few. Every function is
 * thread-safe. Buffers and frames taken from a pool keep it alive until they return. */
G_DECLARE_FINAL_TYPE (CriaFramePool, cria_frame_pool, CRIA, FRAME_POOL, GObject)

CriaFramePool *cria_frame_pool_new              (guint             max_idle);
guint          cria_frame_pool_get_max_idle     (CriaFramePool    *self);
/* Frees idle buffers beyond the new limit. */
void           cria_frame_pool_set_max_idle     (CriaFramePool    *self,
                                                 guint             max_idle);

/* A buffer of exactly size bytes with undefined contents, or NULL with an error when
 * memory runs out. Give it back with cria_frame_pool_release() and the same size. */
gpointer       cria_frame_pool_acquire          (CriaFramePool    *self,
                                                 gsize             size,
                                                 GError          **error);
/* Keeps the buffer for reuse; the oldest idle buffer goes when there are too many. */
void           cria_frame_pool_release          (CriaFramePool    *self,
                                                 gpointer          data,
                                                 gsize             size);

/* Like cria_frame_new(): a zeroed info, undefined pixels, whose buffer returns to the
 * pool when the last reference goes, from whatever thread drops it. */
CriaFrame     *cria_frame_pool_new_frame        (CriaFramePool    *self,
                                                 CriaElementType   type,
                                                 guint             width,
                                                 guint             height,
                                                 guint             planes,
                                                 GError          **error);

/* Frees every idle buffer, e.g. when a live view ends. */
void           cria_frame_pool_trim             (CriaFramePool    *self);

guint          cria_frame_pool_get_n_idle       (CriaFramePool    *self);
/* Buffers allocated, and acquisitions served by an idle buffer, since the pool was made. */
guint64        cria_frame_pool_get_n_allocated  (CriaFramePool    *self);
guint64        cria_frame_pool_get_n_reused     (CriaFramePool    *self);

G_END_DECLS
