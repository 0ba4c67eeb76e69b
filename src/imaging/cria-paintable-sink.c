/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-imaging"

#include "config.h"

#include "cria-paintable-sink.h"

#include <glib/gi18n-lib.h>
#include <gst/video/video.h>

#include "cria-buffer-pool.h"

/* Enough for one frame being rendered, one waiting in the hand-off slot, the one shown
 * and the one GTK's last render still refers to; the pool grows beyond if GTK holds
 * more, rather than stalling the stream. */
#define MIN_BUFFERS 3

struct _CriaPaintableSink
{
  GstVideoSink   parent_instance;

  CriaPaintable *paintable; /* set once in init */

  /* Under the object lock. */
  GstVideoInfo   info;
  guint64        n_rendered;
  double         last_ms;
};

enum
{
  PROP_0,
  PROP_PAINTABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CriaPaintableSink, cria_paintable_sink, GST_TYPE_VIDEO_SINK)

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE (
  "sink", GST_PAD_SINK, GST_PAD_ALWAYS,
  GST_STATIC_CAPS ("video/x-raw, format = (string) RGB, "
                   "width = (int) [ 1, 2147483647 ], height = (int) [ 1, 2147483647 ]"));

static gboolean
cria_paintable_sink_set_info (GstVideoSink       *video_sink,
                              GstCaps            *caps,
                              const GstVideoInfo *info)
{
  CriaPaintableSink *self = CRIA_PAINTABLE_SINK (video_sink);

  if (GST_VIDEO_INFO_FORMAT (info) != GST_VIDEO_FORMAT_RGB)
    return FALSE;

  GST_OBJECT_LOCK (self);
  self->info = *info;
  GST_OBJECT_UNLOCK (self);
  return TRUE;
}

static gboolean
cria_paintable_sink_propose_allocation (GstBaseSink *base_sink,
                                        GstQuery    *query)
{
  GstBufferPool *pool = NULL;
  GstStructure *config;
  GstCaps *caps;
  GstVideoInfo info;
  gboolean need_pool;

  gst_query_parse_allocation (query, &caps, &need_pool);
  if (caps == NULL || !gst_video_info_from_caps (&info, caps))
    return FALSE;

  if (need_pool)
    {
      pool = cria_buffer_pool_new ();
      config = gst_buffer_pool_get_config (pool);
      gst_buffer_pool_config_set_params (config, caps, GST_VIDEO_INFO_SIZE (&info),
                                         MIN_BUFFERS, 0);
      if (!gst_buffer_pool_set_config (pool, config))
        {
          gst_object_unref (pool);
          return FALSE;
        }
    }

  gst_query_add_allocation_pool (query, pool, GST_VIDEO_INFO_SIZE (&info), MIN_BUFFERS, 0);
  gst_query_add_allocation_meta (query, GST_VIDEO_META_API_TYPE, NULL);
  g_clear_pointer (&pool, gst_object_unref);
  return TRUE;
}

static void
unmap_frame (gpointer data)
{
  GstVideoFrame *frame = data;

  gst_video_frame_unmap (frame);
  g_free (frame);
}

static GstFlowReturn
cria_paintable_sink_show_frame (GstVideoSink *video_sink,
                                GstBuffer    *buffer)
{
  CriaPaintableSink *self = CRIA_PAINTABLE_SINK (video_sink);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gint64 start = g_get_monotonic_time ();
  GstVideoFrame *frame = g_new (GstVideoFrame, 1);
  GstVideoInfo info;
  gsize stride, size;
  int width, height;

  GST_OBJECT_LOCK (self);
  info = self->info;
  GST_OBJECT_UNLOCK (self);

  /* The mapped frame holds a reference on the buffer until the texture is gone. */
  if (!gst_video_frame_map (frame, &info, buffer, GST_MAP_READ))
    {
      g_free (frame);
      GST_ELEMENT_ERROR (self, RESOURCE, READ, (_("Cannot read the display image")), (NULL));
      return GST_FLOW_ERROR;
    }

  width = GST_VIDEO_FRAME_WIDTH (frame);
  height = GST_VIDEO_FRAME_HEIGHT (frame);
  stride = GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0);
  size = stride * (gsize) (height - 1) + (gsize) width * 3;
  bytes = g_bytes_new_with_free_func (GST_VIDEO_FRAME_PLANE_DATA (frame, 0), size,
                                      unmap_frame, frame);
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8, bytes, stride);
  cria_paintable_queue_texture (self->paintable, texture);

  GST_OBJECT_LOCK (self);
  self->n_rendered++;
  self->last_ms = (g_get_monotonic_time () - start) / 1000.0;
  GST_OBJECT_UNLOCK (self);
  return GST_FLOW_OK;
}

static void
cria_paintable_sink_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CriaPaintableSink *self = CRIA_PAINTABLE_SINK (object);

  switch (prop_id)
    {
    case PROP_PAINTABLE:
      g_value_set_object (value, self->paintable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_paintable_sink_constructed (GObject *object)
{
  G_OBJECT_CLASS (cria_paintable_sink_parent_class)->constructed (object);

  /* A prerolled frame would otherwise be wrapped twice, at preroll and at render. It is
   * a construct property, so init is too early to change it. */
  g_object_set (object, "show-preroll-frame", FALSE, NULL);
}

static void
cria_paintable_sink_finalize (GObject *object)
{
  CriaPaintableSink *self = CRIA_PAINTABLE_SINK (object);

  g_clear_object (&self->paintable);

  G_OBJECT_CLASS (cria_paintable_sink_parent_class)->finalize (object);
}

static void
cria_paintable_sink_class_init (CriaPaintableSinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSinkClass *base_sink_class = GST_BASE_SINK_CLASS (klass);
  GstVideoSinkClass *video_sink_class = GST_VIDEO_SINK_CLASS (klass);

  object_class->get_property = cria_paintable_sink_get_property;
  object_class->constructed = cria_paintable_sink_constructed;
  object_class->finalize = cria_paintable_sink_finalize;

  properties[PROP_PAINTABLE] =
    g_param_spec_object ("paintable", NULL, NULL,
                         CRIA_TYPE_PAINTABLE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gst_element_class_set_static_metadata (element_class, "Cria paintable sink",
                                         "Sink/Video",
                                         "Shows frames in a GdkPaintable",
                                         "Cria");
  gst_element_class_add_static_pad_template (element_class, &sink_template);

  base_sink_class->propose_allocation = cria_paintable_sink_propose_allocation;
  video_sink_class->set_info = cria_paintable_sink_set_info;
  video_sink_class->show_frame = cria_paintable_sink_show_frame;
}

static void
cria_paintable_sink_init (CriaPaintableSink *self)
{
  GstBaseSink *base_sink = GST_BASE_SINK (self);

  self->paintable = cria_paintable_new ();
  gst_video_info_init (&self->info);

  gst_base_sink_set_sync (base_sink, FALSE);
  gst_base_sink_set_qos_enabled (base_sink, FALSE);
  /* A last sample would hold one more buffer out of the pool. */
  gst_base_sink_set_last_sample_enabled (base_sink, FALSE);
}

CriaPaintable *
cria_paintable_sink_get_paintable (CriaPaintableSink *self)
{
  g_return_val_if_fail (CRIA_IS_PAINTABLE_SINK (self), NULL);

  return self->paintable;
}

guint64
cria_paintable_sink_get_n_rendered (CriaPaintableSink *self)
{
  guint64 n;

  g_return_val_if_fail (CRIA_IS_PAINTABLE_SINK (self), 0);

  GST_OBJECT_LOCK (self);
  n = self->n_rendered;
  GST_OBJECT_UNLOCK (self);
  return n;
}

double
cria_paintable_sink_get_last_ms (CriaPaintableSink *self)
{
  double ms;

  g_return_val_if_fail (CRIA_IS_PAINTABLE_SINK (self), 0.0);

  GST_OBJECT_LOCK (self);
  ms = self->last_ms;
  GST_OBJECT_UNLOCK (self);
  return ms;
}
