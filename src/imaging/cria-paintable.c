/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-imaging"

#include "cria-paintable.h"

struct _CriaPaintable
{
  GObject     parent_instance;

  /* Main thread. */
  GdkTexture *texture;

  /* Under lock: the hand-off slot and its figures. */
  GMutex      lock;
  GdkTexture *pending;
  gint64      pending_since;
  gboolean    scheduled;
  CriaPaintableStats stats;
};

enum
{
  PROP_0,
  PROP_TEXTURE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void cria_paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CriaPaintable, cria_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE,
                                                      cria_paintable_iface_init))

static void
cria_paintable_snapshot (GdkPaintable *paintable,
                         GdkSnapshot  *snapshot,
                         double        width,
                         double        height)
{
  CriaPaintable *self = CRIA_PAINTABLE (paintable);

  if (self->texture != NULL)
    gdk_paintable_snapshot (GDK_PAINTABLE (self->texture), snapshot, width, height);
}

static GdkPaintable *
cria_paintable_get_current_image (GdkPaintable *paintable)
{
  CriaPaintable *self = CRIA_PAINTABLE (paintable);

  /* Textures never change, so the current one is its own still image. */
  if (self->texture != NULL)
    return GDK_PAINTABLE (g_object_ref (self->texture));
  return gdk_paintable_new_empty (0, 0);
}

static int
cria_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  CriaPaintable *self = CRIA_PAINTABLE (paintable);

  return self->texture != NULL ? gdk_texture_get_width (self->texture) : 0;
}

static int
cria_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  CriaPaintable *self = CRIA_PAINTABLE (paintable);

  return self->texture != NULL ? gdk_texture_get_height (self->texture) : 0;
}

static double
cria_paintable_get_intrinsic_aspect_ratio (GdkPaintable *paintable)
{
  CriaPaintable *self = CRIA_PAINTABLE (paintable);

  if (self->texture == NULL)
    return 0.0;
  return (double) gdk_texture_get_width (self->texture) / gdk_texture_get_height (self->texture);
}

static void
cria_paintable_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = cria_paintable_snapshot;
  iface->get_current_image = cria_paintable_get_current_image;
  iface->get_intrinsic_width = cria_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = cria_paintable_get_intrinsic_height;
  iface->get_intrinsic_aspect_ratio = cria_paintable_get_intrinsic_aspect_ratio;
}

static void
cria_paintable_finalize (GObject *object)
{
  CriaPaintable *self = CRIA_PAINTABLE (object);

  g_clear_object (&self->texture);
  g_clear_object (&self->pending);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (cria_paintable_parent_class)->finalize (object);
}

static void
cria_paintable_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CriaPaintable *self = CRIA_PAINTABLE (object);

  switch (prop_id)
    {
    case PROP_TEXTURE:
      g_value_set_object (value, self->texture);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_paintable_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CriaPaintable *self = CRIA_PAINTABLE (object);

  switch (prop_id)
    {
    case PROP_TEXTURE:
      cria_paintable_set_texture (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_paintable_class_init (CriaPaintableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cria_paintable_finalize;
  object_class->get_property = cria_paintable_get_property;
  object_class->set_property = cria_paintable_set_property;

  properties[PROP_TEXTURE] =
    g_param_spec_object ("texture", NULL, NULL,
                         GDK_TYPE_TEXTURE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cria_paintable_init (CriaPaintable *self)
{
  g_mutex_init (&self->lock);
}

CriaPaintable *
cria_paintable_new (void)
{
  return g_object_new (CRIA_TYPE_PAINTABLE, NULL);
}

GdkTexture *
cria_paintable_get_texture (CriaPaintable *self)
{
  g_return_val_if_fail (CRIA_IS_PAINTABLE (self), NULL);

  return self->texture;
}

void
cria_paintable_set_texture (CriaPaintable *self,
                            GdkTexture    *texture)
{
  gboolean resized;

  g_return_if_fail (CRIA_IS_PAINTABLE (self));
  g_return_if_fail (texture == NULL || GDK_IS_TEXTURE (texture));

  if (self->texture == texture)
    return;

  if (self->texture == NULL || texture == NULL)
    resized = TRUE;
  else
    resized = gdk_texture_get_width (self->texture) != gdk_texture_get_width (texture)
              || gdk_texture_get_height (self->texture) != gdk_texture_get_height (texture);

  g_set_object (&self->texture, texture);
  if (resized)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXTURE]);
}

static gboolean
show_pending (gpointer user_data)
{
  g_autoptr(CriaPaintable) self = g_weak_ref_get (user_data);
  g_autoptr(GdkTexture) texture = NULL;

  if (self == NULL)
    return G_SOURCE_REMOVE;

  g_mutex_lock (&self->lock);
  texture = g_steal_pointer (&self->pending);
  self->scheduled = FALSE;
  if (texture != NULL)
    {
      self->stats.n_shown++;
      self->stats.handoff_ms = (g_get_monotonic_time () - self->pending_since) / 1000.0;
    }
  g_mutex_unlock (&self->lock);

  if (texture != NULL)
    cria_paintable_set_texture (self, texture);
  return G_SOURCE_REMOVE;
}

static void
free_weak_ref (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* An idle source attached to the default context rather than g_main_context_invoke():
 * invoke would run the callback right here, on the streaming thread, whenever the main
 * thread is not inside its loop at that moment. */
void
cria_paintable_queue_texture (CriaPaintable *self,
                              GdkTexture    *texture)
{
  g_autoptr(GdkTexture) replaced = NULL;
  gboolean schedule;

  g_return_if_fail (CRIA_IS_PAINTABLE (self));
  g_return_if_fail (GDK_IS_TEXTURE (texture));

  g_mutex_lock (&self->lock);
  replaced = g_steal_pointer (&self->pending);
  self->pending = g_object_ref (texture);
  self->pending_since = g_get_monotonic_time ();
  self->stats.n_queued++;
  if (replaced != NULL)
    self->stats.n_replaced++;
  schedule = !self->scheduled;
  self->scheduled = TRUE;
  g_mutex_unlock (&self->lock);

  if (schedule)
    {
      g_autoptr(GSource) source = g_idle_source_new ();
      GWeakRef *weak = g_new0 (GWeakRef, 1);

      g_weak_ref_init (weak, self);
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, show_pending, weak, free_weak_ref);
      g_source_set_static_name (source, "[cria] show live frame");
      g_source_attach (source, NULL);
    }
  /* A replaced texture is released here, outside the lock: that may return a buffer to
   * its pool. */
}

void
cria_paintable_get_stats (CriaPaintable      *self,
                          CriaPaintableStats *stats)
{
  g_return_if_fail (CRIA_IS_PAINTABLE (self));

  g_mutex_lock (&self->lock);
  *stats = self->stats;
  g_mutex_unlock (&self->lock);
}
