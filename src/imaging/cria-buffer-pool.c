/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-imaging"

#include "cria-buffer-pool.h"

struct _CriaBufferPool
{
  GstVideoBufferPool parent_instance;

  /* Atomic: allocation may run under the pool's own locks. */
  gint n_allocated;
};

G_DEFINE_FINAL_TYPE (CriaBufferPool, cria_buffer_pool, GST_TYPE_VIDEO_BUFFER_POOL)

static GstFlowReturn
cria_buffer_pool_alloc_buffer (GstBufferPool              *pool,
                               GstBuffer                 **buffer,
                               GstBufferPoolAcquireParams *params)
{
  CriaBufferPool *self = CRIA_BUFFER_POOL (pool);
  GstFlowReturn ret;

  ret = GST_BUFFER_POOL_CLASS (cria_buffer_pool_parent_class)->alloc_buffer (pool, buffer,
                                                                            params);
  if (ret == GST_FLOW_OK)
    g_atomic_int_inc (&self->n_allocated);
  return ret;
}

static void
cria_buffer_pool_class_init (CriaBufferPoolClass *klass)
{
  GstBufferPoolClass *pool_class = GST_BUFFER_POOL_CLASS (klass);

  pool_class->alloc_buffer = cria_buffer_pool_alloc_buffer;
}

static void
cria_buffer_pool_init (CriaBufferPool *self)
{
}

GstBufferPool *
cria_buffer_pool_new (void)
{
  return g_object_ref_sink (g_object_new (CRIA_TYPE_BUFFER_POOL, NULL));
}

guint64
cria_buffer_pool_get_n_allocated (CriaBufferPool *self)
{
  g_return_val_if_fail (CRIA_IS_BUFFER_POOL (self), 0);

  return (guint64) g_atomic_int_get (&self->n_allocated);
}
