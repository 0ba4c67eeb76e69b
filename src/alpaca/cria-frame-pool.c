/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-alpaca"

#include "config.h"

#include "cria-frame-pool.h"

#include <glib/gi18n-lib.h>

#include "cria-alpaca-error.h"

typedef struct
{
  gpointer data;
  gsize    size;
} Buffer;

/* A frame's hold on its buffer; freed with the frame. */
typedef struct
{
  CriaFramePool *pool;
  gpointer       data;
  gsize          size;
} Lease;

struct _CriaFramePool
{
  GObject  parent_instance;

  GMutex   mutex;
  /* Idle buffers, oldest first. */
  GQueue   idle;
  guint    max_idle;
  guint64  n_allocated;
  guint64  n_reused;
};

G_DEFINE_FINAL_TYPE (CriaFramePool, cria_frame_pool, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_MAX_IDLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
buffer_free (Buffer *buffer)
{
  g_free (buffer->data);
  g_free (buffer);
}

/* Lock held. Returns the buffers to free once the lock is dropped: freeing tens of
 * megabytes takes a moment that other threads need not wait for. */
static GList *
take_excess_locked (CriaFramePool *self)
{
  GList *excess = NULL;

  while (self->idle.length > self->max_idle)
    excess = g_list_prepend (excess, g_queue_pop_head (&self->idle));
  return excess;
}

static void
free_buffers (GList *buffers)
{
  g_list_free_full (buffers, (GDestroyNotify) buffer_free);
}

static void
cria_frame_pool_finalize (GObject *object)
{
  CriaFramePool *self = CRIA_FRAME_POOL (object);
  Buffer *buffer;

  while ((buffer = g_queue_pop_head (&self->idle)) != NULL)
    buffer_free (buffer);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (cria_frame_pool_parent_class)->finalize (object);
}

static void
cria_frame_pool_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CriaFramePool *self = CRIA_FRAME_POOL (object);

  switch (prop_id)
    {
    case PROP_MAX_IDLE:
      g_value_set_uint (value, cria_frame_pool_get_max_idle (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_frame_pool_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CriaFramePool *self = CRIA_FRAME_POOL (object);

  switch (prop_id)
    {
    case PROP_MAX_IDLE:
      cria_frame_pool_set_max_idle (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_frame_pool_class_init (CriaFramePoolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cria_frame_pool_finalize;
  object_class->get_property = cria_frame_pool_get_property;
  object_class->set_property = cria_frame_pool_set_property;

  /* How many released buffers wait for reuse at most. */
  properties[PROP_MAX_IDLE] =
    g_param_spec_uint ("max-idle", NULL, NULL, 0, 64, CRIA_FRAME_POOL_DEFAULT_MAX_IDLE,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cria_frame_pool_init (CriaFramePool *self)
{
  g_mutex_init (&self->mutex);
  g_queue_init (&self->idle);
  self->max_idle = CRIA_FRAME_POOL_DEFAULT_MAX_IDLE;
}

CriaFramePool *
cria_frame_pool_new (guint max_idle)
{
  return g_object_new (CRIA_TYPE_FRAME_POOL, "max-idle", MIN (max_idle, 64u), NULL);
}

guint
cria_frame_pool_get_max_idle (CriaFramePool *self)
{
  guint max_idle;

  g_return_val_if_fail (CRIA_IS_FRAME_POOL (self), 0);

  g_mutex_lock (&self->mutex);
  max_idle = self->max_idle;
  g_mutex_unlock (&self->mutex);
  return max_idle;
}

void
cria_frame_pool_set_max_idle (CriaFramePool *self,
                              guint          max_idle)
{
  GList *excess;

  g_return_if_fail (CRIA_IS_FRAME_POOL (self));

  g_mutex_lock (&self->mutex);
  if (self->max_idle == max_idle)
    {
      g_mutex_unlock (&self->mutex);
      return;
    }
  self->max_idle = max_idle;
  excess = take_excess_locked (self);
  g_mutex_unlock (&self->mutex);

  free_buffers (excess);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_IDLE]);
}

gpointer
cria_frame_pool_acquire (CriaFramePool  *self,
                         gsize           size,
                         GError        **error)
{
  gpointer data = NULL;
  GList *link;

  g_return_val_if_fail (CRIA_IS_FRAME_POOL (self), NULL);

  size = MAX (size, 1);

  g_mutex_lock (&self->mutex);
  /* The newest buffer of the right size is the one most likely still in the cache. */
  for (link = self->idle.tail; link != NULL; link = link->prev)
    {
      Buffer *buffer = link->data;

      if (buffer->size == size)
        {
          data = buffer->data;
          g_free (buffer);
          g_queue_delete_link (&self->idle, link);
          self->n_reused++;
          break;
        }
    }
  if (data == NULL)
    self->n_allocated++;
  g_mutex_unlock (&self->mutex);

  if (data != NULL)
    return data;

  data = g_try_malloc (size);
  if (data == NULL)
    {
      g_set_error (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_TOO_LARGE,
                   _("Not enough memory for an image of %zu bytes"), size);
      g_mutex_lock (&self->mutex);
      self->n_allocated--;
      g_mutex_unlock (&self->mutex);
    }
  return data;
}

void
cria_frame_pool_release (CriaFramePool *self,
                         gpointer       data,
                         gsize          size)
{
  Buffer *buffer;
  GList *excess;

  g_return_if_fail (CRIA_IS_FRAME_POOL (self));

  if (data == NULL)
    return;

  buffer = g_new (Buffer, 1);
  buffer->data = data;
  buffer->size = MAX (size, 1);

  g_mutex_lock (&self->mutex);
  g_queue_push_tail (&self->idle, buffer);
  excess = take_excess_locked (self);
  g_mutex_unlock (&self->mutex);

  free_buffers (excess);
}

static void
lease_free (gpointer data)
{
  Lease *lease = data;

  cria_frame_pool_release (lease->pool, lease->data, lease->size);
  g_object_unref (lease->pool);
  g_free (lease);
}

CriaFrame *
cria_frame_pool_new_frame (CriaFramePool    *self,
                           CriaElementType   type,
                           guint             width,
                           guint             height,
                           guint             planes,
                           GError          **error)
{
  Lease *lease;
  gsize n_bytes;
  gpointer data;

  g_return_val_if_fail (CRIA_IS_FRAME_POOL (self), NULL);

  if (!cria_frame_check_dimensions (width, height, planes, type, &n_bytes, error))
    return NULL;

  data = cria_frame_pool_acquire (self, n_bytes, error);
  if (data == NULL)
    return NULL;

  lease = g_new (Lease, 1);
  lease->pool = g_object_ref (self);
  lease->data = data;
  lease->size = MAX (n_bytes, 1);

  return cria_frame_new_for_data (type, width, height, planes, data,
                                  (gsize) width * planes * cria_element_type_size (type),
                                  lease_free, lease);
}

void
cria_frame_pool_trim (CriaFramePool *self)
{
  GList *idle;

  g_return_if_fail (CRIA_IS_FRAME_POOL (self));

  g_mutex_lock (&self->mutex);
  idle = self->idle.head;
  g_queue_init (&self->idle);
  g_mutex_unlock (&self->mutex);

  free_buffers (idle);
}

guint
cria_frame_pool_get_n_idle (CriaFramePool *self)
{
  guint n;

  g_return_val_if_fail (CRIA_IS_FRAME_POOL (self), 0);

  g_mutex_lock (&self->mutex);
  n = self->idle.length;
  g_mutex_unlock (&self->mutex);
  return n;
}

guint64
cria_frame_pool_get_n_allocated (CriaFramePool *self)
{
  guint64 n;

  g_return_val_if_fail (CRIA_IS_FRAME_POOL (self), 0);

  g_mutex_lock (&self->mutex);
  n = self->n_allocated;
  g_mutex_unlock (&self->mutex);
  return n;
}

guint64
cria_frame_pool_get_n_reused (CriaFramePool *self)
{
  guint64 n;

  g_return_val_if_fail (CRIA_IS_FRAME_POOL (self), 0);

  g_mutex_lock (&self->mutex);
  n = self->n_reused;
  g_mutex_unlock (&self->mutex);
  return n;
}
