/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-imaging"

#include "config.h"

#include "cria-gst-stretch.h"

#include <glib/gi18n-lib.h>
#include <gst/video/video.h>
#include <math.h>

#include "cria-buffer-pool.h"
#include "cria-imaging-gst-private.h"

#define DEFAULT_HISTOGRAM_BINS 256
/* Output buffers when downstream does not say: one being rendered, one waiting to be
 * shown, one shown and one GTK's last render still holds. */
#define MIN_BUFFERS 3
/* Parameter moves below these leave the table as it is (see the header). */
#define LEVEL_TOLERANCE   (0.5 / 65535.0)
#define MIDTONE_TOLERANCE 1.0e-3

struct _CriaGstStretch
{
  GstBaseTransform   parent_instance;

  /* Under the object lock. */
  CriaStretchMode    mode;
  gboolean           linked;
  double             black, midtone, white;
  guint              histogram_bins;
  gboolean           post_messages;
  CriaStretchReport *report;
  guint64            n_frames;
  guint64            n_lut_builds;
  CriaBufferPool    *pool;         /* the output pool, when it is ours */
  guint64            n_allocated_retired;

  /* Streaming thread only. */
  CriaGstLayout      layout;
  CriaDebayerMethod  method;
  GstVideoInfo       out_info;
  CriaStretchLut    *lut;
  CriaStretchParams  lut_params;
  gboolean           lut_valid;
  CriaHistogram     *histogram;
};

enum
{
  PROP_0,
  PROP_MODE,
  PROP_LINKED,
  PROP_BLACK,
  PROP_MIDTONE,
  PROP_WHITE,
  PROP_HISTOGRAM_BINS,
  PROP_POST_MESSAGES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ENUM_TYPE (CriaStretchMode, cria_stretch_mode,
                    G_DEFINE_ENUM_VALUE (CRIA_STRETCH_MODE_AUTO, "auto"),
                    G_DEFINE_ENUM_VALUE (CRIA_STRETCH_MODE_MANUAL, "manual"))

G_DEFINE_FINAL_TYPE (CriaGstStretch, cria_gst_stretch, GST_TYPE_BASE_TRANSFORM)

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE (
  "sink", GST_PAD_SINK, GST_PAD_ALWAYS,
  GST_STATIC_CAPS (CRIA_GST_CAPS_DEFERRED_RGB));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE (
  "src", GST_PAD_SRC, GST_PAD_ALWAYS,
  GST_STATIC_CAPS ("video/x-raw, format = (string) RGB, "
                   "width = (int) [ 1, 2147483647 ], height = (int) [ 1, 2147483647 ]"));

static void
copy_field (const GstStructure *from,
            GstStructure       *to,
            const char         *name)
{
  const GValue *value = gst_structure_get_value (from, name);

  if (value != NULL)
    gst_structure_set_value (to, name, value);
}

static GstCaps *
cria_gst_stretch_transform_caps (GstBaseTransform *trans,
                                 GstPadDirection   direction,
                                 GstCaps          *caps,
                                 GstCaps          *filter)
{
  GstCaps *result = gst_caps_new_empty ();
  guint i;

  /* The RGB image has the deferred image's size; everything else is ours to pick. */
  for (i = 0; i < gst_caps_get_size (caps); i++)
    {
      const GstStructure *in = gst_caps_get_structure (caps, i);
      GstStructure *out;

      if (direction == GST_PAD_SINK)
        out = gst_structure_new ("video/x-raw",
                                 "format", G_TYPE_STRING, "RGB",
                                 "width", GST_TYPE_INT_RANGE, 1, G_MAXINT,
                                 "height", GST_TYPE_INT_RANGE, 1, G_MAXINT,
                                 "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                                 NULL);
      else
        out = gst_structure_new_empty (CRIA_GST_CAPS_DEFERRED_RGB);
      copy_field (in, out, "width");
      copy_field (in, out, "height");
      copy_field (in, out, "framerate");
      result = gst_caps_merge_structure (result, out);
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
cria_gst_stretch_set_caps (GstBaseTransform *trans,
                           GstCaps          *incaps,
                           GstCaps          *outcaps)
{
  CriaGstStretch *self = CRIA_GST_STRETCH (trans);
  const GstStructure *s = gst_caps_get_structure (incaps, 0);
  guint w, h;

  if (!cria_gst_layout_from_structure (s, &self->layout)
      || !cria_gst_method_from_string (gst_structure_get_string (s, "method"), &self->method)
      || !gst_video_info_from_caps (&self->out_info, outcaps)
      || !cria_gst_layout_output_size (&self->layout, self->method, &w, &h)
      || GST_VIDEO_INFO_WIDTH (&self->out_info) != (int) w
      || GST_VIDEO_INFO_HEIGHT (&self->out_info) != (int) h)
    {
      GST_WARNING_OBJECT (self, "Cannot render %" GST_PTR_FORMAT " as %" GST_PTR_FORMAT,
                          incaps, outcaps);
      return FALSE;
    }
  return TRUE;
}

static gboolean
cria_gst_stretch_transform_size (GstBaseTransform *trans,
                                 GstPadDirection   direction,
                                 GstCaps          *caps,
                                 gsize             size,
                                 GstCaps          *othercaps,
                                 gsize            *othersize)
{
  GstVideoInfo info;

  if (direction != GST_PAD_SINK || !gst_video_info_from_caps (&info, othercaps))
    return FALSE;
  *othersize = GST_VIDEO_INFO_SIZE (&info);
  return TRUE;
}

/* Downstream's pool when it offers one (criapaintablesink does); otherwise a pool of
 * our own, e.g. behind a tee, which passes sizes upstream but never pools. Either way
 * the output buffers are reused, never allocated per frame. */
static gboolean
cria_gst_stretch_decide_allocation (GstBaseTransform *trans,
                                    GstQuery         *query)
{
  CriaGstStretch *self = CRIA_GST_STRETCH (trans);
  GstBufferPool *pool = NULL;
  GstCaps *caps;
  GstVideoInfo info;
  guint size = 0, min = MIN_BUFFERS, max = 0;

  gst_query_parse_allocation (query, &caps, NULL);
  if (caps == NULL || !gst_video_info_from_caps (&info, caps))
    return FALSE;

  if (gst_query_get_n_allocation_pools (query) > 0)
    gst_query_parse_nth_allocation_pool (query, 0, &pool, &size, &min, &max);
  if (pool == NULL)
    {
      pool = cria_buffer_pool_new ();
      size = MAX (size, GST_VIDEO_INFO_SIZE (&info));
      min = MAX (min, MIN_BUFFERS);
      if (gst_query_get_n_allocation_pools (query) > 0)
        gst_query_set_nth_allocation_pool (query, 0, pool, size, min, max);
      else
        gst_query_add_allocation_pool (query, pool, size, min, max);
    }
  gst_object_unref (pool);

  if (!GST_BASE_TRANSFORM_CLASS (cria_gst_stretch_parent_class)->decide_allocation (trans, query))
    return FALSE;

  /* basetransform takes the pool from the query once this returns. */
  pool = NULL;
  if (gst_query_get_n_allocation_pools (query) > 0)
    gst_query_parse_nth_allocation_pool (query, 0, &pool, NULL, NULL, NULL);
  GST_OBJECT_LOCK (self);
  if (self->pool != NULL)
    self->n_allocated_retired += cria_buffer_pool_get_n_allocated (self->pool);
  g_clear_object (&self->pool);
  if (pool != NULL && CRIA_IS_BUFFER_POOL (pool))
    self->pool = g_object_ref (CRIA_BUFFER_POOL (pool));
  GST_OBJECT_UNLOCK (self);
  g_clear_pointer (&pool, gst_object_unref);
  return TRUE;
}

static gboolean
params_differ (const CriaStretchParams *a,
               const CriaStretchParams *b)
{
  guint c;

  for (c = 0; c < 3; c++)
    if (fabs (a->black[c] - b->black[c]) > LEVEL_TOLERANCE
        || fabs (a->white[c] - b->white[c]) > LEVEL_TOLERANCE
        || fabs (a->midtone[c] - b->midtone[c]) > MIDTONE_TOLERANCE * b->midtone[c])
      return TRUE;
  return FALSE;
}

typedef struct
{
  CriaStretchMode mode;
  gboolean        linked;
  double          black, midtone, white;
  guint           histogram_bins;
  gboolean        post_messages;
} Settings;

static void
read_settings (CriaGstStretch *self,
               Settings       *settings)
{
  GST_OBJECT_LOCK (self);
  settings->mode = self->mode;
  settings->linked = self->linked;
  settings->black = self->black;
  settings->midtone = self->midtone;
  settings->white = self->white;
  settings->histogram_bins = self->histogram_bins;
  settings->post_messages = self->post_messages;
  GST_OBJECT_UNLOCK (self);
}

/* Statistics, parameters and table; fills the report's share of the work. */
static void
prepare_lut (CriaGstStretch    *self,
             const CriaFrame   *frame,
             const Settings    *settings,
             CriaStretchReport *report)
{
  CriaStretchParams params;
  gint64 t0, t1, t2;

  if (self->histogram == NULL || self->histogram->n_bins != settings->histogram_bins)
    {
      g_clear_pointer (&self->histogram, cria_histogram_free);
      self->histogram = cria_histogram_new (settings->histogram_bins);
    }

  t0 = g_get_monotonic_time ();
  cria_stretch_compute_stats (frame, self->layout.pattern, &report->stats, self->histogram);
  t1 = g_get_monotonic_time ();

  if (settings->mode == CRIA_STRETCH_MODE_AUTO)
    cria_stretch_params_from_stats (&report->stats, settings->linked, &params);
  else
    cria_stretch_params_set_manual (&params, settings->black, settings->midtone,
                                    settings->white);

  report->lut_rebuilt = !self->lut_valid || params_differ (&params, &self->lut_params);
  if (report->lut_rebuilt)
    {
      cria_stretch_build_lut (&params, self->lut);
      self->lut_params = params;
      self->lut_valid = TRUE;
    }
  t2 = g_get_monotonic_time ();

  report->auto_stretch = settings->mode == CRIA_STRETCH_MODE_AUTO;
  report->linked = settings->linked;
  report->params = self->lut_params;
  report->histogram = cria_histogram_copy (self->histogram);
  report->stats_ms = (t1 - t0) / 1000.0;
  report->lut_ms = report->lut_rebuilt ? (t2 - t1) / 1000.0 : 0.0;
}

static void
publish (CriaGstStretch    *self,
         CriaStretchReport *report,
         gboolean           post_message)
{
  GST_OBJECT_LOCK (self);
  report->frame = ++self->n_frames;
  if (report->lut_rebuilt)
    self->n_lut_builds++;
  cria_stretch_report_free (self->report);
  self->report = report;
  GST_OBJECT_UNLOCK (self);

  /* The structure takes a copy of the boxed report. */
  if (post_message)
    gst_element_post_message (GST_ELEMENT (self),
                              gst_message_new_element (GST_OBJECT (self),
                                                       gst_structure_new (CRIA_GST_STRETCH_MESSAGE,
                                                                          "report", CRIA_TYPE_STRETCH_REPORT, report,
                                                                          NULL)));
}

static GstFlowReturn
cria_gst_stretch_transform (GstBaseTransform *trans,
                            GstBuffer        *inbuf,
                            GstBuffer        *outbuf)
{
  CriaGstStretch *self = CRIA_GST_STRETCH (trans);
  g_autoptr(CriaStretchReport) report = cria_stretch_report_new ();
  g_autoptr(CriaFrame) frame = NULL;
  g_autoptr(GError) error = NULL;
  GstMapInfo map;
  GstVideoFrame out;
  Settings settings;
  gsize offset, stride;
  gint64 start;
  gboolean ok;

  read_settings (self, &settings);
  if (!cria_gst_layout_buffer_plane (&self->layout, inbuf, &offset, &stride)
      || !gst_buffer_map (inbuf, &map, GST_MAP_READ))
    {
      GST_ELEMENT_ERROR (self, STREAM, FORMAT, (_("Cannot read the frame")), (NULL));
      return GST_FLOW_ERROR;
    }
  if (map.size < offset || map.size - offset < cria_gst_layout_min_size (&self->layout, stride))
    {
      gst_buffer_unmap (inbuf, &map);
      GST_ELEMENT_ERROR (self, STREAM, FORMAT, (_("The frame is smaller than its format says")),
                         ("%" G_GSIZE_FORMAT " bytes", map.size));
      return GST_FLOW_ERROR;
    }
  if (!gst_video_frame_map (&out, &self->out_info, outbuf, GST_MAP_WRITE))
    {
      gst_buffer_unmap (inbuf, &map);
      GST_ELEMENT_ERROR (self, RESOURCE, WRITE, (_("Cannot write the display image")), (NULL));
      return GST_FLOW_ERROR;
    }

  frame = cria_frame_new_for_data (self->layout.element, self->layout.width,
                                   self->layout.height, self->layout.planes,
                                   map.data + offset, stride, NULL, NULL);
  prepare_lut (self, frame, &settings, report);

  start = g_get_monotonic_time ();
  ok = cria_debayer_to_rgb8 (frame, self->layout.pattern, self->method, self->lut,
                             GST_VIDEO_FRAME_PLANE_DATA (&out, 0),
                             GST_VIDEO_FRAME_PLANE_STRIDE (&out, 0), &error);
  report->render_ms = (g_get_monotonic_time () - start) / 1000.0;

  gst_video_frame_unmap (&out);
  gst_buffer_unmap (inbuf, &map);
  if (!ok)
    {
      GST_ELEMENT_ERROR (self, STREAM, DECODE, ("%s", error->message), (NULL));
      return GST_FLOW_ERROR;
    }

  publish (self, g_steal_pointer (&report), settings.post_messages);
  return GST_FLOW_OK;
}

static void
cria_gst_stretch_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CriaGstStretch *self = CRIA_GST_STRETCH (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_LINKED:
      g_value_set_boolean (value, self->linked);
      break;
    case PROP_BLACK:
      g_value_set_double (value, self->black);
      break;
    case PROP_MIDTONE:
      g_value_set_double (value, self->midtone);
      break;
    case PROP_WHITE:
      g_value_set_double (value, self->white);
      break;
    case PROP_HISTOGRAM_BINS:
      g_value_set_uint (value, self->histogram_bins);
      break;
    case PROP_POST_MESSAGES:
      g_value_set_boolean (value, self->post_messages);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
  GST_OBJECT_UNLOCK (self);
}

static gboolean
set_double (double *field,
            double  value)
{
  if (*field == value)
    return FALSE;
  *field = value;
  return TRUE;
}

static void
cria_gst_stretch_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CriaGstStretch *self = CRIA_GST_STRETCH (object);
  gboolean changed = FALSE;

  GST_OBJECT_LOCK (self);
  switch (prop_id)
    {
    case PROP_MODE:
      changed = self->mode != (CriaStretchMode) g_value_get_enum (value);
      self->mode = g_value_get_enum (value);
      break;
    case PROP_LINKED:
      changed = self->linked != g_value_get_boolean (value);
      self->linked = g_value_get_boolean (value);
      break;
    case PROP_BLACK:
      changed = set_double (&self->black, g_value_get_double (value));
      break;
    case PROP_MIDTONE:
      changed = set_double (&self->midtone, g_value_get_double (value));
      break;
    case PROP_WHITE:
      changed = set_double (&self->white, g_value_get_double (value));
      break;
    case PROP_HISTOGRAM_BINS:
      changed = self->histogram_bins != g_value_get_uint (value);
      self->histogram_bins = g_value_get_uint (value);
      break;
    case PROP_POST_MESSAGES:
      changed = self->post_messages != g_value_get_boolean (value);
      self->post_messages = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
  GST_OBJECT_UNLOCK (self);

  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

static void
cria_gst_stretch_finalize (GObject *object)
{
  CriaGstStretch *self = CRIA_GST_STRETCH (object);

  g_free (self->lut);
  g_clear_pointer (&self->histogram, cria_histogram_free);
  g_clear_pointer (&self->report, cria_stretch_report_free);
  g_clear_object (&self->pool);

  G_OBJECT_CLASS (cria_gst_stretch_parent_class)->finalize (object);
}

static void
cria_gst_stretch_class_init (CriaGstStretchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *transform_class = GST_BASE_TRANSFORM_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
                            | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = cria_gst_stretch_get_property;
  object_class->set_property = cria_gst_stretch_set_property;
  object_class->finalize = cria_gst_stretch_finalize;

  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL,
                       CRIA_TYPE_STRETCH_MODE, CRIA_STRETCH_MODE_AUTO, flags);
  /* Unlinked by default: each colour gets its own stretch, which neutralises the colour
   * cast of the sky background, what a live view of a colour camera wants. */
  properties[PROP_LINKED] =
    g_param_spec_boolean ("linked", NULL, NULL, FALSE, flags);
  /* Manual stretch, on the data normalised to [0, 1]; the kernels pull them into the
   * valid ranges (black < white, midtone strictly between 0 and 1). */
  properties[PROP_BLACK] =
    g_param_spec_double ("black", NULL, NULL, 0.0, 1.0, 0.0, flags);
  properties[PROP_MIDTONE] =
    g_param_spec_double ("midtone", NULL, NULL, 0.0, 1.0, 0.5, flags);
  properties[PROP_WHITE] =
    g_param_spec_double ("white", NULL, NULL, 0.0, 1.0, 1.0, flags);
  properties[PROP_HISTOGRAM_BINS] =
    g_param_spec_uint ("histogram-bins", NULL, NULL,
                       1, CRIA_STRETCH_LUT_SIZE, DEFAULT_HISTOGRAM_BINS, flags);
  properties[PROP_POST_MESSAGES] =
    g_param_spec_boolean ("post-messages", NULL, NULL, TRUE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gst_element_class_set_static_metadata (element_class, "Cria stretch",
                                         "Filter/Converter/Video",
                                         "Stretches and renders a frame for display",
                                         "Cria");
  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);

  transform_class->transform_caps = cria_gst_stretch_transform_caps;
  transform_class->set_caps = cria_gst_stretch_set_caps;
  transform_class->transform_size = cria_gst_stretch_transform_size;
  transform_class->decide_allocation = cria_gst_stretch_decide_allocation;
  transform_class->transform = cria_gst_stretch_transform;
}

static void
cria_gst_stretch_init (CriaGstStretch *self)
{
  self->mode = CRIA_STRETCH_MODE_AUTO;
  self->midtone = 0.5;
  self->white = 1.0;
  self->histogram_bins = DEFAULT_HISTOGRAM_BINS;
  self->post_messages = TRUE;
  self->lut = g_new (CriaStretchLut, 1);
}

CriaStretchReport *
cria_gst_stretch_dup_report (CriaGstStretch *self)
{
  CriaStretchReport *report;

  g_return_val_if_fail (CRIA_IS_GST_STRETCH (self), NULL);

  GST_OBJECT_LOCK (self);
  report = self->report != NULL ? cria_stretch_report_copy (self->report) : NULL;
  GST_OBJECT_UNLOCK (self);
  return report;
}

guint64
cria_gst_stretch_get_n_lut_builds (CriaGstStretch *self)
{
  guint64 n;

  g_return_val_if_fail (CRIA_IS_GST_STRETCH (self), 0);

  GST_OBJECT_LOCK (self);
  n = self->n_lut_builds;
  GST_OBJECT_UNLOCK (self);
  return n;
}

guint64
cria_gst_stretch_get_n_allocated (CriaGstStretch *self)
{
  guint64 n;

  g_return_val_if_fail (CRIA_IS_GST_STRETCH (self), 0);

  GST_OBJECT_LOCK (self);
  n = self->n_allocated_retired;
  if (self->pool != NULL)
    n += cria_buffer_pool_get_n_allocated (self->pool);
  GST_OBJECT_UNLOCK (self);
  return n;
}
