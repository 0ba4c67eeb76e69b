/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "cria-camera-companions.h"
#include "cria-camera-panel-private.h"
#include "cria-imaging-gst.h"
#include "cria-panel-util.h"
#include "cria-snapshot.h"

/* What a file chooser was opened for. */
#define CHOOSE_RECORDING ((CriaCameraSaveKind) 100)

/* Saving and recording: nothing here holds a reference on the panel, so closing it stops
 * the live view at once; results come back through a weak reference. */

typedef struct
{
  GWeakRef panel;
} PanelRef;

static PanelRef *
panel_ref_new (CriaCameraPanel *self)
{
  PanelRef *ref = g_new0 (PanelRef, 1);

  g_weak_ref_init (&ref->panel, self);
  return ref;
}

static void
panel_ref_free (PanelRef *ref)
{
  g_weak_ref_clear (&ref->panel);
  g_free (ref);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PanelRef, panel_ref_free)

static void
show_saved (CriaCameraPanel *self,
            GFile           *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *text = NULL;

  /* TRANSLATORS: a snapshot or recording was written to this file. */
  text = g_strdup_printf (_("Saved “%s”"), name);
  /* The window may offer toasts for good news too; without them success is quiet. */
  if (gtk_widget_get_root (GTK_WIDGET (self)) == NULL
      || !gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", text))
    g_debug ("%s", text);
}

/* The save itself. */

typedef struct
{
  CriaCameraSaveKind  kind;
  CriaDevice         *device;
  CriaFrame          *frame;
  GFile              *file;
  CriaStretchParams   params;
  CriaBayerPattern    pattern;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->device);
  g_clear_pointer (&data->frame, cria_frame_unref);
  g_clear_object (&data->file);
  g_free (data);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean ok;

  if (data->kind == CRIA_CAMERA_SAVE_FITS)
    ok = cria_snapshot_save_fits_finish (result, &error);
  else
    ok = cria_snapshot_save_view_finish (result, &error);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
companions_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  g_autoptr(CriaCameraCompanions) companions = NULL;
  CriaSnapshotInfo info = { 0 };
  GError *error = NULL;

  companions = cria_camera_companions_read_finish (result, &error);
  if (companions == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  info.instrument = cria_device_get_name (data->device);
  cria_camera_companions_to_info (companions, &info);
  cria_snapshot_save_fits_async (data->frame, &info, data->file, g_task_get_cancellable (task),
                                 saved_cb, g_object_ref (task));
}

void
cria_camera_panel_save_async (CriaCameraPanel     *self,
                              CriaCameraSaveKind   kind,
                              GFile               *file,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(CriaStretchReport) report = NULL;
  SaveData *data;

  g_return_if_fail (CRIA_IS_CAMERA_PANEL (self));
  g_return_if_fail (G_IS_FILE (file));

  /* No source object: a save in progress must not keep a closed panel alive. */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cria_camera_panel_save_async);

  if (self->last_frame == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("There is no frame to save yet: start the live view first"));
      return;
    }

  data = g_new0 (SaveData, 1);
  data->kind = kind;
  data->device = g_object_ref (cria_device_panel_get_device (CRIA_DEVICE_PANEL (self)));
  data->frame = cria_frame_ref (self->last_frame);
  data->file = g_object_ref (file);
  data->pattern = cria_imaging_gst_frame_pattern (data->frame);
  /* The stretch on screen, so that the file looks like the view. */
  report = self->preview != NULL ? cria_preview_dup_report (self->preview) : NULL;
  if (report != NULL)
    data->params = report->params;
  else
    cria_stretch_params_init_linear (&data->params);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);

  switch (kind)
    {
    case CRIA_CAMERA_SAVE_FITS:
      /* The focuser, filter and pointing go into the header when they are connected. */
      cria_camera_companions_read_async (data->device, cancellable, companions_cb,
                                         g_steal_pointer (&task));
      break;
    case CRIA_CAMERA_SAVE_TIFF16:
    case CRIA_CAMERA_SAVE_PNG8:
      cria_snapshot_save_view_async (data->frame, data->pattern, &data->params,
                                     kind == CRIA_CAMERA_SAVE_TIFF16 ? CRIA_SNAPSHOT_FORMAT_TIFF16
                                                                     : CRIA_SNAPSHOT_FORMAT_PNG8,
                                     CRIA_DEMOSAIC_DEFAULT, file, cancellable, saved_cb,
                                     g_steal_pointer (&task));
      break;
    default:
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "Unknown snapshot kind %d", kind);
      break;
    }
}

gboolean
cria_camera_panel_save_finish (CriaCameraPanel  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cria_camera_panel_save_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  PanelRef *ref;
  GFile    *file;
} SaveRequest;

static void
chosen_save_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SaveRequest *request = user_data;
  g_autoptr(CriaCameraPanel) self = g_weak_ref_get (&request->ref->panel);
  g_autoptr(GError) error = NULL;

  if (!cria_camera_panel_save_finish (self, result, &error))
    {
      if (self != NULL && !cria_panel_error_is_cancelled (error))
        cria_panel_show_error (GTK_WIDGET (self), _("Could not save the snapshot"), error);
      else if (!cria_panel_error_is_cancelled (error))
        g_message ("Could not save the snapshot: %s", error->message);
    }
  else if (self != NULL)
    {
      show_saved (self, request->file);
    }

  panel_ref_free (request->ref);
  g_object_unref (request->file);
  g_free (request);
}

/* Recording: the displayed stream as video, or the raw frames as SER or FITS. */

static gboolean
is_raw_format (const char *format)
{
  return g_strcmp0 (format, "ser") == 0 || g_strcmp0 (format, "fits") == 0;
}

gboolean
cria_camera_panel_get_recording (CriaCameraPanel *self)
{
  return self->recorder != NULL || self->raw_recorder != NULL || self->recorder_starting;
}

void
cria_camera_panel_notify_recording (CriaCameraPanel *self)
{
  g_object_notify (G_OBJECT (self), "recording");
  cria_camera_panel_update_save_actions (self);
}

static void
report_stopped (PanelRef     *ref,
                GFile        *file,
                const GError *error)
{
  g_autoptr(CriaCameraPanel) self = ref != NULL ? g_weak_ref_get (&ref->panel) : NULL;

  if (error != NULL && self != NULL)
    cria_panel_show_error (GTK_WIDGET (self), _("The recording is incomplete"), error);
  else if (error != NULL)
    g_message ("The recording is incomplete: %s", error->message);
  else if (self != NULL)
    show_saved (self, file);
}

static void
recorder_stopped_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(PanelRef) ref = user_data;
  g_autoptr(GError) error = NULL;
  CriaRecorder *recorder = CRIA_RECORDER (source);

  cria_recorder_stop_finish (recorder, result, &error);
  report_stopped (ref, cria_recorder_get_file (recorder), error);
}

static void
raw_recorder_stopped_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(PanelRef) ref = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_object_steal_data (source, "cria-file");

  cria_raw_recorder_stop_finish (CRIA_RAW_RECORDER (source), result, &error);
  g_debug ("Raw recording: %" G_GUINT64_FORMAT " frames written, %" G_GUINT64_FORMAT
             " dropped", cria_raw_recorder_get_n_written (CRIA_RAW_RECORDER (source)),
             cria_raw_recorder_get_n_dropped (CRIA_RAW_RECORDER (source)));
  report_stopped (ref, file, error);
}

static void
recorder_error_cb (CriaCameraPanel *self,
                   const GError    *error)
{
  cria_panel_show_error (GTK_WIDGET (self), _("Recording stopped"), error);
  if (self->recorder != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->recorder, self);
      g_clear_object (&self->recorder);
      cria_camera_panel_notify_recording (self);
    }
}

static CriaVideoFormat
chosen_video_format (CriaCameraPanel *self)
{
  if (g_strcmp0 (self->record_format, "mp4") == 0)
    return CRIA_VIDEO_FORMAT_MP4;
  return CRIA_VIDEO_FORMAT_WEBM;
}

static void
start_video (CriaCameraPanel *self,
             GFile           *file)
{
  g_autoptr(GError) error = NULL;
  CriaVideoFormat format = cria_video_format_resolve (chosen_video_format (self));

  if (format == CRIA_VIDEO_FORMAT_AUTO)
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("No encoder for %s is installed"),
                   chosen_video_format (self) == CRIA_VIDEO_FORMAT_MP4 ? "MP4 (H.264)"
                                                                       : "WebM (VP8)");
      cria_panel_show_error (GTK_WIDGET (self), _("Could not record"), error);
      return;
    }

  self->recorder = cria_recorder_start (self->preview, file, format, &error);
  if (self->recorder == NULL)
    {
      cria_panel_show_error (GTK_WIDGET (self), _("Could not record"), error);
      return;
    }
  g_signal_connect_object (self->recorder, "error", G_CALLBACK (recorder_error_cb), self,
                           G_CONNECT_SWAPPED);
}

typedef struct
{
  PanelRef *ref;
  GFile    *file;
  char     *format;
} RawStart;

static void
raw_start_free (RawStart *start)
{
  panel_ref_free (start->ref);
  g_object_unref (start->file);
  g_free (start->format);
  g_free (start);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RawStart, raw_start_free)

/* The header of every FITS frame names the focuser, filter and pointing of the start. */
static void
raw_companions_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RawStart) start = user_data;
  g_autoptr(CriaCameraPanel) self = g_weak_ref_get (&start->ref->panel);
  g_autoptr(CriaCameraCompanions) companions = cria_camera_companions_read_finish (result, NULL);
  g_autoptr(GError) error = NULL;
  CriaSnapshotInfo info = { 0 };

  if (self == NULL || !self->recorder_starting)
    return;

  self->recorder_starting = FALSE;
  if (!cria_camera_panel_get_live (self))
    {
      cria_camera_panel_notify_recording (self);
      return;
    }

  info.instrument = cria_device_get_name (cria_device_panel_get_device (CRIA_DEVICE_PANEL (self)));
  if (companions != NULL)
    cria_camera_companions_to_info (companions, &info);
  self->raw_recorder = cria_raw_recorder_new (start->file,
                                              g_strcmp0 (start->format, "ser") == 0
                                              ? CRIA_RAW_FORMAT_SER : CRIA_RAW_FORMAT_FITS,
                                              &info, 0, &error);
  if (self->raw_recorder == NULL)
    cria_panel_show_error (GTK_WIDGET (self), _("Could not record"), error);
  else
    g_object_set_data_full (G_OBJECT (self->raw_recorder), "cria-file",
                            g_object_ref (start->file), g_object_unref);
  cria_camera_panel_notify_recording (self);
}

void
cria_camera_panel_start_recording (CriaCameraPanel *self,
                                   GFile           *file)
{
  g_return_if_fail (CRIA_IS_CAMERA_PANEL (self));
  g_return_if_fail (G_IS_FILE (file));

  if (cria_camera_panel_get_recording (self) || !cria_camera_panel_get_live (self))
    return;

  if (is_raw_format (self->record_format))
    {
      RawStart *start = g_new0 (RawStart, 1);

      start->ref = panel_ref_new (self);
      start->file = g_object_ref (file);
      start->format = g_strdup (self->record_format);
      self->recorder_starting = TRUE;
      cria_camera_companions_read_async (cria_device_panel_get_device (CRIA_DEVICE_PANEL (self)),
                                         self->cancellable, raw_companions_cb, start);
    }
  else
    {
      start_video (self, file);
    }
  cria_camera_panel_notify_recording (self);
}

void
cria_camera_panel_record_frame (CriaCameraPanel *self,
                                CriaFrame       *frame)
{
  /* Never waits: a full queue drops the frame and counts it. */
  if (self->raw_recorder != NULL)
    cria_raw_recorder_push_frame (self->raw_recorder, frame);
}

static void
stop_recording (CriaCameraPanel *self,
                gboolean         disposing)
{
  g_autoptr(CriaRecorder) recorder = g_steal_pointer (&self->recorder);
  g_autoptr(CriaRawRecorder) raw_recorder = g_steal_pointer (&self->raw_recorder);
  gboolean was_recording = cria_camera_panel_get_recording (self) || recorder != NULL
                           || raw_recorder != NULL;

  self->recorder_starting = FALSE;
  /* The stops' tasks keep the recorders until the files are complete. */
  if (recorder != NULL)
    {
      g_signal_handlers_disconnect_by_data (recorder, self);
      cria_recorder_stop_async (recorder, NULL, recorder_stopped_cb,
                                disposing ? NULL : panel_ref_new (self));
    }
  if (raw_recorder != NULL)
    cria_raw_recorder_stop_async (raw_recorder, NULL, raw_recorder_stopped_cb,
                                  disposing ? NULL : panel_ref_new (self));
  if (was_recording && !disposing)
    cria_camera_panel_notify_recording (self);
}

/* File choosers. */

static char *
suggest_name (CriaCameraPanel    *self,
              CriaCameraSaveKind  kind)
{
  static const char * const extensions[] = {
    [CRIA_CAMERA_SAVE_FITS] = "fits",
    [CRIA_CAMERA_SAVE_TIFF16] = "tiff",
    [CRIA_CAMERA_SAVE_PNG8] = "png",
  };
  CriaDevice *device = cria_device_panel_get_device (CRIA_DEVICE_PANEL (self));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H-%M-%S");
  g_autofree char *name = g_strdup (cria_device_get_name (device));
  const char *extension;

  if (kind == CHOOSE_RECORDING && is_raw_format (self->record_format))
    extension = self->record_format;
  else if (kind == CHOOSE_RECORDING)
    extension = cria_video_format_get_extension (chosen_video_format (self));
  else
    extension = extensions[kind];

  /* Keep the name usable as a file name anywhere. */
  g_strdelimit (name, "/\\:*?\"<>|", '-');
  return g_strdup_printf ("%s %s.%s", name, stamp, extension != NULL ? extension : "webm");
}

static GFile *
default_folder (CriaCameraSaveKind kind)
{
  const char *dir = g_get_user_special_dir (kind == CHOOSE_RECORDING ? G_USER_DIRECTORY_VIDEOS
                                                                      : G_USER_DIRECTORY_PICTURES);

  return g_file_new_for_path (dir != NULL ? dir : g_get_home_dir ());
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     CriaCameraPanel *self)
{
  CriaCameraSaveKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "cria-kind"));
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_signal_handlers_disconnect_by_data (chooser, self);
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
  if (file == NULL)
    {
      if (kind == CHOOSE_RECORDING)
        cria_camera_panel_notify_recording (self);
      return;
    }

  g_clear_object (&self->last_folder);
  self->last_folder = g_file_get_parent (file);

  if (kind == CHOOSE_RECORDING)
    {
      cria_camera_panel_start_recording (self, file);
      return;
    }

  {
    SaveRequest *request = g_new0 (SaveRequest, 1);

    request->ref = panel_ref_new (self);
    request->file = g_object_ref (file);
    cria_camera_panel_save_async (self, kind, file, self->cancellable, chosen_save_cb, request);
  }
}

static void
choose_file (CriaCameraPanel    *self,
             CriaCameraSaveKind  kind)
{
  static const struct
  {
    const char *title;
    const char *filter;
    const char *pattern;
  } kinds[] = {
    [CRIA_CAMERA_SAVE_FITS] = { N_("Save Raw Frame"), N_("FITS images"), "*.fits" },
    [CRIA_CAMERA_SAVE_TIFF16] = { N_("Save View as TIFF"), N_("TIFF images"), "*.tiff" },
    [CRIA_CAMERA_SAVE_PNG8] = { N_("Save View as PNG"), N_("PNG images"), "*.png" },
  };
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GFile) folder = NULL;
  g_autofree char *name = suggest_name (self, kind);
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (kind == CHOOSE_RECORDING ? _("Record to File")
                                                                  : _(kinds[kind].title),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         kind == CHOOSE_RECORDING ? _("_Record") : _("_Save"),
                                         _("_Cancel"));
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  folder = self->last_folder != NULL ? g_object_ref (self->last_folder) : default_folder (kind);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  if (kind != CHOOSE_RECORDING)
    {
      gtk_file_filter_set_name (filter, _(kinds[kind].filter));
      gtk_file_filter_add_pattern (filter, kinds[kind].pattern);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    }
  g_object_set_data (G_OBJECT (chooser), "cria-kind", GINT_TO_POINTER (kind));
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (self->chooser);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CriaCameraPanel *self = CRIA_CAMERA_PANEL (widget);

  if (g_str_equal (action_name, "camera.save-fits"))
    choose_file (self, CRIA_CAMERA_SAVE_FITS);
  else if (g_str_equal (action_name, "camera.save-tiff"))
    choose_file (self, CRIA_CAMERA_SAVE_TIFF16);
  else
    choose_file (self, CRIA_CAMERA_SAVE_PNG8);
}

void
cria_camera_panel_set_recording (CriaCameraPanel *self,
                                 gboolean         recording)
{
  if (recording == cria_camera_panel_get_recording (self))
    return;

  if (recording)
    {
      /* The property follows the recorder, which starts once a file is chosen. */
      if (cria_camera_panel_get_live (self))
        choose_file (self, CHOOSE_RECORDING);
      cria_camera_panel_notify_recording (self);
    }
  else
    {
      stop_recording (self, FALSE);
    }
}

void
cria_camera_panel_install_save_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "camera.save-fits", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "camera.save-tiff", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "camera.save-png", NULL, save_action);
}

void
cria_camera_panel_update_save_actions (CriaCameraPanel *self)
{
  gboolean have_frame = self->last_frame != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "camera.save-fits", have_frame);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "camera.save-tiff", have_frame);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "camera.save-png", have_frame);
  if (self->workspace != NULL)
    gtk_widget_set_sensitive (self->workspace->snapshot_button, have_frame);
  /* Recording needs frames coming; stopping is always possible. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "camera.recording",
                                 cria_camera_panel_get_recording (self)
                                 || cria_camera_panel_get_live (self));

  /* A live view that stops ends its recording. */
  if (cria_camera_panel_get_recording (self) && !cria_camera_panel_get_live (self))
    stop_recording (self, FALSE);
}

void
cria_camera_panel_dispose_save (CriaCameraPanel *self)
{
  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }
  stop_recording (self, TRUE);
}
