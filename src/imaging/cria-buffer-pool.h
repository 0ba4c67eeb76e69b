/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/video/gstvideopool.h>

G_BEGIN_DECLS

#define CRIA_TYPE_BUFFER_POOL (cria_buffer_pool_get_type ())

/* A video buffer pool that counts the buffers it allocates, so that the live view can
 * show (and the tests can check) that frames reuse buffers instead of faulting in fresh
 * memory each time. */
G_DECLARE_FINAL_TYPE (CriaBufferPool, cria_buffer_pool, CRIA, BUFFER_POOL, GstVideoBufferPool)

GstBufferPool *cria_buffer_pool_new             (void);
/* Buffers allocated since the pool was made. Thread-safe. */
guint64        cria_buffer_pool_get_n_allocated (CriaBufferPool *self);

G_END_DECLS
