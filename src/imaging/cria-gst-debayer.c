/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-imaging"

#include "config.h"

#include "cria-gst-debayer.h"

#include <glib/gi18n-lib.h>

#include "cria-imaging-gst-private.h"

struct _CriaGstDebayer
{
  GstBaseTransform parent_instance;

  /* Under the object lock. */
  CriaDebayerMode mode;
  double          display_scale;
  double          last_ms;
  guint64         n_frames;

  /* Streaming thread only. */
  CriaGstLayout   layout;
};

enum
{
  PROP_0,
  PROP_METHOD,
  PROP_DISPLAY_SCALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ENUM_TYPE (CriaDebayerMode, cria_debayer_mode,
                    G_DEFINE_ENUM_VALUE (CRIA_DEBAYER_MODE_AUTO, "auto"),
                    G_DEFINE_ENUM_VALUE (CRIA_DEBAYER_MODE_SUPERPIXEL, "superpixel"),
                    G_DEFINE_ENUM_VALUE (CRIA_DEBAYER_MODE_BILINEAR, "bilinear"))

G_DEFINE_FINAL_TYPE (CriaGstDebayer, cria_gst_debayer, GST_TYPE_BASE_TRANSFORM)

#define DIMENSIONS "width = (int) [ 1, 2147483647 ], height = (int) [ 1, 2147483647 ]"

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE (
  "sink", GST_PAD_SINK, GST_PAD_ALWAYS,
  GST_STATIC_CAPS ("video/x-bayer, format = (string) { rggb, grbg, gbrg, bggr, "
                   "rggb16le, grbg16le, gbrg16le, bggr16le }, " DIMENSIONS "; "
                   "video/x-raw, format = (string) { GRAY8, GRAY16_LE }, " DIMENSIONS "; "
                   CRIA_GST_CAPS_FRAME ", " DIMENSIONS));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE (
  "src", GST_PAD_SRC, GST_PAD_ALWAYS,
  GST_STATIC_CAPS (CRIA_GST_CAPS_DEFERRED_RGB));

static CriaDebayerMethod
effective_method (CriaDebayerMode mode,
                  double          display_scale)
{
  switch (mode)
    {
    case CRIA_DEBAYER_MODE_SUPERPIXEL:
      return CRIA_DEBAYER_SUPERPIXEL;
    case CRIA_DEBAYER_MODE_BILINEAR:
      return CRIA_DEBAYER_BILINEAR;
    case CRIA_DEBAYER_MODE_AUTO:
    default:
      return display_scale > CRIA_DEBAYER_AUTO_SUPERPIXEL_MAX_SCALE
             ? CRIA_DEBAYER_BILINEAR : CRIA_DEBAYER_SUPERPIXEL;
    }
}

static CriaDebayerMethod
current_method (CriaGstDebayer *self)
{
  CriaDebayerMethod method;

  GST_OBJECT_LOCK (self);
  method = effective_method (self->mode, self->display_scale);
  GST_OBJECT_UNLOCK (self);
  return method;
}

static gboolean
field_is_fixed (GQuark        field,
                const GValue *value,
                gpointer      user_data)
{
  return gst_value_is_fixed (value);
}

static GstStructure *
deferred_structure (const GstStructure *in,
                    CriaDebayerMethod   method)
{
  CriaGstLayout layout;
  GstStructure *out;
  const GValue *framerate;
  guint w, h;

  if (!cria_gst_layout_from_structure (in, &layout))
    {
      /* Open caps (a query) map to any deferred image; fixed ones we cannot show, to none. */
      return gst_structure_foreach (in, field_is_fixed, NULL) ? NULL
             : gst_structure_new_empty (CRIA_GST_CAPS_DEFERRED_RGB);
    }
  if (!cria_gst_layout_output_size (&layout, method, &w, &h))
    return NULL;

  out = gst_structure_new (CRIA_GST_CAPS_DEFERRED_RGB,
                           "method", G_TYPE_STRING,
                           cria_gst_method_to_string (method, layout.pattern),
                           "width", G_TYPE_INT, (int) w,
                           "height", G_TYPE_INT, (int) h,
                           "mosaic-width", G_TYPE_INT, (int) layout.width,
                           "mosaic-height", G_TYPE_INT, (int) layout.height,
                           NULL);
  cria_gst_layout_to_structure (&layout, out);
  framerate = gst_structure_get_value (in, "framerate");
  if (framerate != NULL)
    gst_structure_set_value (out, "framerate", framerate);
  return out;
}

static GstCaps *
cria_gst_debayer_transform_caps (GstBaseTransform *trans,
                                 GstPadDirection   direction,
                                 GstCaps          *caps,
                                 GstCaps          *filter)
{
  CriaGstDebayer *self = CRIA_GST_DEBAYER (trans);
  GstCaps *result;

  if (direction == GST_PAD_SRC)
    {
      /* Any input could give a deferred image; upstream's fixed caps decide. */
      result = gst_pad_get_pad_template_caps (GST_BASE_TRANSFORM_SINK_PAD (trans));
    }
  else
    {
      CriaDebayerMethod method = current_method (self);
      guint i;

      result = gst_caps_new_empty ();
      for (i = 0; i < gst_caps_get_size (caps); i++)
        {
          GstStructure *out = deferred_structure (gst_caps_get_structure (caps, i), method);

          if (out != NULL)
            result = gst_caps_merge_structure (result, out);
        }
    }

  if (filter != NULL)
    {
      GstCaps *filtered = gst_caps_intersect_full (filter, result, GST_CAPS_INTERSECT_FIRST);

      gst_caps_unref (result);
      result = filtered;
    }
  return result;
}

static gboolean
cria_gst_debayer_set_caps (GstBaseTransform *trans,
                           GstCaps          *incaps,
                           GstCaps          *outcaps)
{
  CriaGstDebayer *self = CRIA_GST_DEBAYER (trans);

  if (!cria_gst_layout_from_structure (gst_caps_get_structure (incaps, 0), &self->layout))
    {
      GST_WARNING_OBJECT (self, "Unusable input caps %" GST_PTR_FORMAT, incaps);
      return FALSE;
    }
  GST_DEBUG_OBJECT (self, "%" GST_PTR_FORMAT " -> %" GST_PTR_FORMAT, incaps, outcaps);
  return TRUE;
}

/* The pixels stay where they are; what is left to do here is to make sure the buffer
 * holds what the caps promise, so that the kernels downstream never read past it. */
static GstFlowReturn
cria_gst_debayer_transform_ip (GstBaseTransform *trans,
                               GstBuffer        *buffer)
{
  CriaGstDebayer *self = CRIA_GST_DEBAYER (trans);
  gint64 start = g_get_monotonic_time ();
  gsize offset, stride, size = gst_buffer_get_size (buffer);

  if (!cria_gst_layout_buffer_plane (&self->layout, buffer, &offset, &stride)
      || size < offset || size - offset < cria_gst_layout_min_size (&self->layout, stride))
    {
      GST_ELEMENT_ERROR (self, STREAM, FORMAT, (_("The frame is smaller than its format says")),
                         ("%" G_GSIZE_FORMAT " bytes for %u × %u samples", size,
                          self->layout.width, self->layout.height));
      return GST_FLOW_ERROR;
    }

  GST_OBJECT_LOCK (self);
  self->last_ms = (g_get_monotonic_time () - start) / 1000.0;
  self->n_frames++;
  GST_OBJECT_UNLOCK (self);
  return GST_FLOW_OK;
}

static void
cria_gst_debayer_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CriaGstDebayer *self = CRIA_GST_DEBAYER (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id)
    {
    case PROP_METHOD:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_DISPLAY_SCALE:
      g_value_set_double (value, self->display_scale);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
  GST_OBJECT_UNLOCK (self);
}

static void
cria_gst_debayer_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CriaGstDebayer *self = CRIA_GST_DEBAYER (object);
  CriaDebayerMethod before, after;
  gboolean changed = FALSE;

  GST_OBJECT_LOCK (self);
  before = effective_method (self->mode, self->display_scale);
  switch (prop_id)
    {
    case PROP_METHOD:
      changed = self->mode != (CriaDebayerMode) g_value_get_enum (value);
      self->mode = g_value_get_enum (value);
      break;
    case PROP_DISPLAY_SCALE:
      changed = self->display_scale != g_value_get_double (value);
      self->display_scale = g_value_get_double (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
  after = effective_method (self->mode, self->display_scale);
  GST_OBJECT_UNLOCK (self);

  if (!changed)
    return;
  if (before != after)
    gst_base_transform_reconfigure_src (GST_BASE_TRANSFORM (self));
  g_object_notify_by_pspec (object, pspec);
}

static void
cria_gst_debayer_class_init (CriaGstDebayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *transform_class = GST_BASE_TRANSFORM_CLASS (klass);

  object_class->get_property = cria_gst_debayer_get_property;
  object_class->set_property = cria_gst_debayer_set_property;

  properties[PROP_METHOD] =
    g_param_spec_enum ("method", NULL, NULL,
                       CRIA_TYPE_DEBAYER_MODE, CRIA_DEBAYER_MODE_AUTO,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* Screen pixels per sensor pixel; 0 when unknown, taken as fit-to-window. */
  properties[PROP_DISPLAY_SCALE] =
    g_param_spec_double ("display-scale", NULL, NULL,
                         0.0, 1024.0, 0.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gst_element_class_set_static_metadata (element_class, "Cria debayer",
                                         "Filter/Converter/Video",
                                         "Chooses how a Bayer mosaic is shown",
                                         "Cria");
  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);

  transform_class->transform_caps = cria_gst_debayer_transform_caps;
  transform_class->set_caps = cria_gst_debayer_set_caps;
  transform_class->transform_ip = cria_gst_debayer_transform_ip;
}

static void
cria_gst_debayer_init (CriaGstDebayer *self)
{
  self->mode = CRIA_DEBAYER_MODE_AUTO;
  gst_base_transform_set_in_place (GST_BASE_TRANSFORM (self), TRUE);
}

double
cria_gst_debayer_get_last_ms (CriaGstDebayer *self)
{
  double ms;

  g_return_val_if_fail (CRIA_IS_GST_DEBAYER (self), 0.0);

  GST_OBJECT_LOCK (self);
  ms = self->last_ms;
  GST_OBJECT_UNLOCK (self);
  return ms;
}

guint64
cria_gst_debayer_get_n_frames (CriaGstDebayer *self)
{
  guint64 n;

  g_return_val_if_fail (CRIA_IS_GST_DEBAYER (self), 0);

  GST_OBJECT_LOCK (self);
  n = self->n_frames;
  GST_OBJECT_UNLOCK (self);
  return n;
}
