/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-imaging"

#include "config.h"

#include "cria-preview.h"

#include <glib/gi18n-lib.h>
#include <gst/app/gstappsrc.h>
#include <string.h>

#include "cria-imaging-gst.h"
#include "cria-paintable-sink.h"

struct _CriaPreview
{
  GObject            parent_instance;

  GstElement        *pipeline;
  GstElement        *source;
  GstElement        *debayer;
  GstElement        *stretch;
  GstElement        *sink;
  CriaPaintable     *paintable;

  /* Main thread: the values of the properties. */
  CriaStretchMode    stretch_mode;
  gboolean           linked;
  double             black, midtone, white;
  CriaDebayerMode    debayer_mode;
  double             display_scale;

  /* Under lock: the push side and what the bus hands to the main thread. */
  GMutex             lock;
  GstCaps           *caps;
  guint64            frames_pushed;
  guint64            frames_dropped;
  CriaStretchReport *report;
  gboolean           report_scheduled;
  GError            *error;
};

enum
{
  PROP_0,
  PROP_PAINTABLE,
  PROP_REPORT,
  PROP_STRETCH_MODE,
  PROP_LINKED,
  PROP_BLACK,
  PROP_MIDTONE,
  PROP_WHITE,
  PROP_DEBAYER_MODE,
  PROP_DISPLAY_SCALE,
  N_PROPS
};

enum
{
  SIGNAL_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CriaPreview, cria_preview, G_TYPE_OBJECT)

static void
free_weak_ref (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* Runs func on the main thread later, if the preview still exists then. */
static void
call_on_main (CriaPreview *self,
              GSourceFunc  func)
{
  g_autoptr(GSource) source = g_idle_source_new ();
  GWeakRef *weak = g_new0 (GWeakRef, 1);

  g_weak_ref_init (weak, self);
  g_source_set_callback (source, func, weak, free_weak_ref);
  g_source_set_static_name (source, "[cria] preview");
  g_source_attach (source, NULL);
}

static gboolean
notify_report (gpointer user_data)
{
  g_autoptr(CriaPreview) self = g_weak_ref_get (user_data);

  if (self == NULL)
    return G_SOURCE_REMOVE;

  g_mutex_lock (&self->lock);
  self->report_scheduled = FALSE;
  g_mutex_unlock (&self->lock);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);
  return G_SOURCE_REMOVE;
}

static gboolean
report_error (gpointer user_data)
{
  g_autoptr(CriaPreview) self = g_weak_ref_get (user_data);
  g_autoptr(GError) error = NULL;

  if (self == NULL)
    return G_SOURCE_REMOVE;

  g_mutex_lock (&self->lock);
  error = g_steal_pointer (&self->error);
  /* The next frame sets its caps again on the fresh pipeline. */
  gst_clear_caps (&self->caps);
  g_mutex_unlock (&self->lock);
  if (error == NULL)
    return G_SOURCE_REMOVE;

  g_debug ("Live view pipeline failed, restarting: %s", error->message);
  gst_element_set_state (self->pipeline, GST_STATE_NULL);
  gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
  return G_SOURCE_REMOVE;
}

/* On whichever thread posts. Everything is consumed here, so the bus never fills up
 * with per-frame reports that nobody pops. */
static GstBusSyncReply
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  CriaPreview *self = user_data;
  const GstStructure *s;
  gboolean schedule = FALSE;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ELEMENT:
      s = gst_message_get_structure (message);
      if (gst_structure_has_name (s, CRIA_GST_STRETCH_MESSAGE))
        {
          CriaStretchReport *report = NULL;

          if (gst_structure_get (s, "report", CRIA_TYPE_STRETCH_REPORT, &report, NULL))
            {
              g_mutex_lock (&self->lock);
              cria_stretch_report_free (self->report);
              self->report = report;
              schedule = !self->report_scheduled;
              self->report_scheduled = TRUE;
              g_mutex_unlock (&self->lock);
              if (schedule)
                call_on_main (self, notify_report);
            }
        }
      break;

    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_error (message, &error, &debug);
        g_debug ("Live view error from %s: %s (%s)", GST_MESSAGE_SRC_NAME (message),
                 error->message, debug != NULL ? debug : "");
        g_mutex_lock (&self->lock);
        if (self->error == NULL)
          {
            self->error = g_steal_pointer (&error);
            schedule = TRUE;
          }
        g_mutex_unlock (&self->lock);
        if (schedule)
          call_on_main (self, report_error);
      }
      break;

    default:
      break;
    }

  gst_message_unref (message);
  return GST_BUS_DROP;
}

static GstElement *
make_element (const char *factory,
              const char *name)
{
  GstElement *element = gst_element_factory_make (factory, name);

  /* Core and our own elements: missing ones mean a broken installation. */
  if (element == NULL)
    g_error ("The GStreamer element %s is missing", factory);
  return element;
}

static void
cria_preview_init (CriaPreview *self)
{
  g_autoptr(GstBus) bus = NULL;
  GstElement *tee;

  cria_imaging_gst_init ();
  g_mutex_init (&self->lock);

  self->stretch_mode = CRIA_STRETCH_MODE_AUTO;
  self->midtone = 0.5;
  self->white = 1.0;
  self->debayer_mode = CRIA_DEBAYER_MODE_AUTO;

  /* Our own references keep the elements valid for the getters after dispose. */
  self->pipeline = gst_object_ref_sink (gst_pipeline_new ("cria-preview"));
  self->source = gst_object_ref_sink (make_element ("appsrc", "source"));
  self->debayer = gst_object_ref_sink (make_element ("criadebayer", "debayer"));
  self->stretch = gst_object_ref_sink (make_element ("criastretch", "stretch"));
  tee = make_element ("tee", "tee");
  self->sink = gst_object_ref_sink (make_element ("criapaintablesink", "display"));
  self->paintable = g_object_ref (cria_paintable_sink_get_paintable (CRIA_PAINTABLE_SINK (self->sink)));

  /* A live source whose queue holds one frame; a newer frame pushes the waiting one out
   * (leaky downstream). Bytes and time do not limit it, only the count. */
  g_object_set (self->source,
                "is-live", TRUE,
                "format", GST_FORMAT_TIME,
                "do-timestamp", TRUE,
                "block", FALSE,
                "max-buffers", (guint64) 1,
                "max-bytes", (guint64) 0,
                "max-time", (guint64) 0,
                "leaky-type", GST_APP_LEAKY_TYPE_DOWNSTREAM,
                NULL);
  g_object_set (tee, "allow-not-linked", TRUE, NULL);
  g_object_get (self->stretch, "linked", &self->linked, NULL);

  gst_bin_add_many (GST_BIN (self->pipeline), self->source, self->debayer, self->stretch, tee,
                    self->sink, NULL);
  if (!gst_element_link_many (self->source, self->debayer, self->stretch, tee, self->sink,
                              NULL))
    g_error ("Cannot link the live view pipeline");

  bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));
  gst_bus_set_sync_handler (bus, on_bus_message, self, NULL);

  /* Live: PLAYING needs no preroll, and the streaming thread sleeps until a frame. */
  gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
}

static void
cria_preview_dispose (GObject *object)
{
  CriaPreview *self = CRIA_PREVIEW (object);

  g_autoptr(GstBus) bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));

  /* Stopped, the pipeline refuses frames and releases every buffer it held. */
  gst_element_set_state (self->pipeline, GST_STATE_NULL);
  gst_bus_set_sync_handler (bus, NULL, NULL, NULL);

  G_OBJECT_CLASS (cria_preview_parent_class)->dispose (object);
}

static void
cria_preview_finalize (GObject *object)
{
  CriaPreview *self = CRIA_PREVIEW (object);

  gst_clear_object (&self->source);
  gst_clear_object (&self->debayer);
  gst_clear_object (&self->stretch);
  gst_clear_object (&self->sink);
  gst_clear_object (&self->pipeline);
  g_clear_object (&self->paintable);
  gst_clear_caps (&self->caps);
  g_clear_pointer (&self->report, cria_stretch_report_free);
  g_clear_error (&self->error);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (cria_preview_parent_class)->finalize (object);
}

static void
cria_preview_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CriaPreview *self = CRIA_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_PAINTABLE:
      g_value_set_object (value, self->paintable);
      break;
    case PROP_REPORT:
      g_value_take_boxed (value, cria_preview_dup_report (self));
      break;
    case PROP_STRETCH_MODE:
      g_value_set_enum (value, self->stretch_mode);
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
    case PROP_DEBAYER_MODE:
      g_value_set_enum (value, self->debayer_mode);
      break;
    case PROP_DISPLAY_SCALE:
      g_value_set_double (value, self->display_scale);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_preview_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CriaPreview *self = CRIA_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_STRETCH_MODE:
      cria_preview_set_stretch_mode (self, g_value_get_enum (value));
      break;
    case PROP_LINKED:
      cria_preview_set_linked (self, g_value_get_boolean (value));
      break;
    case PROP_BLACK:
      cria_preview_set_manual_stretch (self, g_value_get_double (value), self->midtone,
                                       self->white);
      break;
    case PROP_MIDTONE:
      cria_preview_set_manual_stretch (self, self->black, g_value_get_double (value),
                                       self->white);
      break;
    case PROP_WHITE:
      cria_preview_set_manual_stretch (self, self->black, self->midtone,
                                       g_value_get_double (value));
      break;
    case PROP_DEBAYER_MODE:
      cria_preview_set_debayer_mode (self, g_value_get_enum (value));
      break;
    case PROP_DISPLAY_SCALE:
      cria_preview_set_display_scale (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_preview_class_init (CriaPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
                            | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = cria_preview_dispose;
  object_class->finalize = cria_preview_finalize;
  object_class->get_property = cria_preview_get_property;
  object_class->set_property = cria_preview_set_property;

  properties[PROP_PAINTABLE] =
    g_param_spec_object ("paintable", NULL, NULL,
                         GDK_TYPE_PAINTABLE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REPORT] =
    g_param_spec_boxed ("report", NULL, NULL,
                        CRIA_TYPE_STRETCH_REPORT,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STRETCH_MODE] =
    g_param_spec_enum ("stretch-mode", NULL, NULL,
                       CRIA_TYPE_STRETCH_MODE, CRIA_STRETCH_MODE_AUTO, flags);
  properties[PROP_LINKED] =
    g_param_spec_boolean ("linked", NULL, NULL, FALSE, flags);
  properties[PROP_BLACK] =
    g_param_spec_double ("black", NULL, NULL, 0.0, 1.0, 0.0, flags);
  properties[PROP_MIDTONE] =
    g_param_spec_double ("midtone", NULL, NULL, 0.0, 1.0, 0.5, flags);
  properties[PROP_WHITE] =
    g_param_spec_double ("white", NULL, NULL, 0.0, 1.0, 1.0, flags);
  properties[PROP_DEBAYER_MODE] =
    g_param_spec_enum ("debayer-mode", NULL, NULL,
                       CRIA_TYPE_DEBAYER_MODE, CRIA_DEBAYER_MODE_AUTO, flags);
  properties[PROP_DISPLAY_SCALE] =
    g_param_spec_double ("display-scale", NULL, NULL, 0.0, 1024.0, 0.0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

CriaPreview *
cria_preview_new (void)
{
  return g_object_new (CRIA_TYPE_PREVIEW, NULL);
}

/* The frame's buffer, stamped with when the exposure started for the branches. */
static GstBuffer *
wrap_with_capture_time (CriaFrame *frame)
{
  static GstStaticCaps capture_time = GST_STATIC_CAPS (CRIA_PREVIEW_CAPTURE_TIME_CAPS);
  GstBuffer *buffer = cria_imaging_gst_wrap_frame (frame);

  if ((frame->info.fields & CRIA_FRAME_INFO_START_TIME) && frame->info.start_time > 0)
    {
      g_autoptr(GstCaps) caps = gst_static_caps_get (&capture_time);

      gst_buffer_add_reference_timestamp_meta (buffer, caps,
                                               (GstClockTime) frame->info.start_time * GST_USECOND,
                                               GST_CLOCK_TIME_NONE);
    }
  return buffer;
}

gboolean
cria_preview_push_frame (CriaPreview *self,
                         CriaFrame   *frame)
{
  g_autoptr(GstCaps) caps = NULL;
  GstAppSrc *source;
  GstFlowReturn ret;

  g_return_val_if_fail (CRIA_IS_PREVIEW (self), FALSE);
  g_return_val_if_fail (frame != NULL, FALSE);

  caps = cria_imaging_gst_caps_for_frame (frame, cria_imaging_gst_frame_pattern (frame));
  if (caps == NULL)
    return FALSE;

  source = GST_APP_SRC (self->source);
  g_mutex_lock (&self->lock);
  /* Caps go into appsrc's queue in order with the buffers. */
  if (self->caps == NULL || !gst_caps_is_equal (self->caps, caps))
    {
      gst_app_src_set_caps (source, caps);
      gst_caps_replace (&self->caps, caps);
    }
  /* A frame still waiting is about to be pushed out by this one. */
  if (gst_app_src_get_current_level_buffers (source) > 0)
    self->frames_dropped++;
  ret = gst_app_src_push_buffer (source, wrap_with_capture_time (frame));
  if (ret == GST_FLOW_OK)
    self->frames_pushed++;
  g_mutex_unlock (&self->lock);

  if (ret != GST_FLOW_OK)
    g_debug ("The live view refused a frame: %s", gst_flow_get_name (ret));
  return ret == GST_FLOW_OK;
}

GdkPaintable *
cria_preview_get_paintable (CriaPreview *self)
{
  g_return_val_if_fail (CRIA_IS_PREVIEW (self), NULL);

  return GDK_PAINTABLE (self->paintable);
}

CriaStretchReport *
cria_preview_dup_report (CriaPreview *self)
{
  CriaStretchReport *report;

  g_return_val_if_fail (CRIA_IS_PREVIEW (self), NULL);

  g_mutex_lock (&self->lock);
  report = self->report != NULL ? cria_stretch_report_copy (self->report) : NULL;
  g_mutex_unlock (&self->lock);
  return report;
}

void
cria_preview_get_timings (CriaPreview        *self,
                          CriaPreviewTimings *timings)
{
  g_autoptr(CriaStretchReport) report = NULL;
  CriaPaintableSink *sink;
  CriaPaintableStats stats;

  g_return_if_fail (CRIA_IS_PREVIEW (self));
  g_return_if_fail (timings != NULL);

  memset (timings, 0, sizeof *timings);
  sink = CRIA_PAINTABLE_SINK (self->sink);
  report = cria_gst_stretch_dup_report (CRIA_GST_STRETCH (self->stretch));
  if (report != NULL)
    {
      timings->stats_ms = report->stats_ms;
      timings->lut_ms = report->lut_ms;
      timings->render_ms = report->render_ms;
      timings->frames_rendered = report->frame;
    }
  timings->debayer_ms = cria_gst_debayer_get_last_ms (CRIA_GST_DEBAYER (self->debayer));
  timings->lut_builds = cria_gst_stretch_get_n_lut_builds (CRIA_GST_STRETCH (self->stretch));
  timings->sink_ms = cria_paintable_sink_get_last_ms (sink);
  timings->buffers_allocated = cria_gst_stretch_get_n_allocated (CRIA_GST_STRETCH (self->stretch));

  cria_paintable_get_stats (self->paintable, &stats);
  timings->handoff_ms = stats.handoff_ms;
  timings->frames_shown = stats.n_shown;
  timings->textures_replaced = stats.n_replaced;

  g_mutex_lock (&self->lock);
  timings->frames_pushed = self->frames_pushed;
  timings->frames_dropped = self->frames_dropped;
  g_mutex_unlock (&self->lock);
}

CriaStretchMode
cria_preview_get_stretch_mode (CriaPreview *self)
{
  g_return_val_if_fail (CRIA_IS_PREVIEW (self), CRIA_STRETCH_MODE_AUTO);

  return self->stretch_mode;
}

void
cria_preview_set_stretch_mode (CriaPreview     *self,
                               CriaStretchMode  mode)
{
  g_return_if_fail (CRIA_IS_PREVIEW (self));

  if (self->stretch_mode == mode)
    return;
  self->stretch_mode = mode;
  g_object_set (self->stretch, "mode", mode, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STRETCH_MODE]);
}

gboolean
cria_preview_get_linked (CriaPreview *self)
{
  g_return_val_if_fail (CRIA_IS_PREVIEW (self), FALSE);

  return self->linked;
}

void
cria_preview_set_linked (CriaPreview *self,
                         gboolean     linked)
{
  g_return_if_fail (CRIA_IS_PREVIEW (self));

  linked = !!linked;
  if (self->linked == linked)
    return;
  self->linked = linked;
  g_object_set (self->stretch, "linked", linked, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINKED]);
}

void
cria_preview_get_manual_stretch (CriaPreview *self,
                                 double      *black,
                                 double      *midtone,
                                 double      *white)
{
  g_return_if_fail (CRIA_IS_PREVIEW (self));

  if (black != NULL)
    *black = self->black;
  if (midtone != NULL)
    *midtone = self->midtone;
  if (white != NULL)
    *white = self->white;
}

void
cria_preview_set_manual_stretch (CriaPreview *self,
                                 double       black,
                                 double       midtone,
                                 double       white)
{
  g_return_if_fail (CRIA_IS_PREVIEW (self));

  black = CLAMP (black, 0.0, 1.0);
  midtone = CLAMP (midtone, 0.0, 1.0);
  white = CLAMP (white, 0.0, 1.0);
  if (self->black == black && self->midtone == midtone && self->white == white)
    return;

  g_object_set (self->stretch, "black", black, "midtone", midtone, "white", white, NULL);
  g_object_freeze_notify (G_OBJECT (self));
  if (self->black != black)
    {
      self->black = black;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLACK]);
    }
  if (self->midtone != midtone)
    {
      self->midtone = midtone;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIDTONE]);
    }
  if (self->white != white)
    {
      self->white = white;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WHITE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

CriaDebayerMode
cria_preview_get_debayer_mode (CriaPreview *self)
{
  g_return_val_if_fail (CRIA_IS_PREVIEW (self), CRIA_DEBAYER_MODE_AUTO);

  return self->debayer_mode;
}

void
cria_preview_set_debayer_mode (CriaPreview     *self,
                               CriaDebayerMode  mode)
{
  g_return_if_fail (CRIA_IS_PREVIEW (self));

  if (self->debayer_mode == mode)
    return;
  self->debayer_mode = mode;
  g_object_set (self->debayer, "method", mode, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEBAYER_MODE]);
}

double
cria_preview_get_display_scale (CriaPreview *self)
{
  g_return_val_if_fail (CRIA_IS_PREVIEW (self), 0.0);

  return self->display_scale;
}

void
cria_preview_set_display_scale (CriaPreview *self,
                                double       scale)
{
  g_return_if_fail (CRIA_IS_PREVIEW (self));

  scale = CLAMP (scale, 0.0, 1024.0);
  if (self->display_scale == scale)
    return;
  self->display_scale = scale;
  g_object_set (self->debayer, "display-scale", scale, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_SCALE]);
}

#define BRANCH_TEE_PAD "cria-preview-tee-pad"

gboolean
cria_preview_add_branch (CriaPreview  *self,
                         GstElement   *branch,
                         GError      **error)
{
  g_autoptr(GstElement) tee = NULL;
  g_autoptr(GstPad) sink = NULL;
  GstPad *src;

  g_return_val_if_fail (CRIA_IS_PREVIEW (self), FALSE);
  g_return_val_if_fail (GST_IS_ELEMENT (branch), FALSE);

  sink = gst_element_get_static_pad (branch, "sink");
  if (sink == NULL || GST_OBJECT_PARENT (branch) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The live view cannot take the branch %s"),
                   GST_ELEMENT_NAME (branch));
      return FALSE;
    }

  tee = gst_bin_get_by_name (GST_BIN (self->pipeline), "tee");
  gst_bin_add (GST_BIN (self->pipeline), branch);
  /* Running before it is linked, so that the first buffer finds it ready. */
  gst_element_sync_state_with_parent (branch);
  src = gst_element_request_pad_simple (tee, "src_%u");
  if (gst_pad_link (src, sink) != GST_PAD_LINK_OK)
    {
      gst_element_release_request_pad (tee, src);
      gst_object_unref (src);
      gst_element_set_state (branch, GST_STATE_NULL);
      gst_bin_remove (GST_BIN (self->pipeline), branch);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not link the branch %s to the live view"),
                   GST_ELEMENT_NAME (branch));
      return FALSE;
    }
  g_object_set_data_full (G_OBJECT (branch), BRANCH_TEE_PAD, src, gst_object_unref);
  return TRUE;
}

void
cria_preview_remove_branch (CriaPreview *self,
                            GstElement  *branch)
{
  g_autoptr(GstElement) tee = NULL;
  GstPad *src;

  g_return_if_fail (CRIA_IS_PREVIEW (self));
  g_return_if_fail (GST_IS_ELEMENT (branch));

  src = g_object_get_data (G_OBJECT (branch), BRANCH_TEE_PAD);
  if (src == NULL || GST_OBJECT_PARENT (branch) != GST_OBJECT (self->pipeline))
    return;

  /* A push in flight into a released pad counts as not linked, which the tee ignores
   * (allow-not-linked): the view never sees the branch go. */
  tee = gst_bin_get_by_name (GST_BIN (self->pipeline), "tee");
  gst_element_release_request_pad (tee, src);
  g_object_set_data (G_OBJECT (branch), BRANCH_TEE_PAD, NULL);

  gst_object_ref (branch);
  gst_element_set_state (branch, GST_STATE_NULL);
  gst_bin_remove (GST_BIN (self->pipeline), branch);
  gst_object_unref (branch);
}
