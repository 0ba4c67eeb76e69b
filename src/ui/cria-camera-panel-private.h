/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-camera-controls.h"
#include "cria-camera-display.h"
#include "cria-camera-panel.h"
#include "cria-camera-status.h"
#include "cria-camera-workspace.h"
#include "cria-device-panel-private.h"
#include "cria-image-view.h"
#include "cria-preview.h"
#include "cria-raw-recorder.h"
#include "cria-recorder.h"
#include "cria-stall-meter.h"

G_BEGIN_DECLS

/* Shared by cria-camera-panel.c (layout, live view, preview) and cria-camera-panel-save.c
 * (snapshots and recording). */
struct _CriaCameraPanel
{
  CriaDevicePanel     parent_instance;

  /* The workspace's widgets (unowned; see cria-camera-workspace.h). */
  CriaCameraWorkspace *workspace;
  GtkWidget          *live_button;
  AdwButtonContent   *live_content;
  GtkStack           *view_stack;
  AdwStatusPage      *offline_page;
  CriaImageView      *image_view;
  GtkWidget          *placeholder;
  AdwStatusPage      *placeholder_page;
  GtkSpinner         *placeholder_spinner;
  CriaCameraStatus   *status;
  AdwViewStack       *side_stack;
  CriaCameraControls *controls;
  CriaCameraCooling  *cooling;
  CriaCameraDisplay  *display;

  /* Live view. */
  CriaCapture        *capture;
  CriaPreview        *preview;
  CriaStallMeter     *stall_meter;
  CriaFrame          *last_frame;
  gboolean            frame_shown;
  gboolean            failed_push_reported;
  guint               binning;        /* what the subframe is counted in */
  gboolean            colour;

  /* Saving. */
  GCancellable       *cancellable;
  GtkNativeDialog    *chooser;
  GFile              *last_folder;
  CriaRecorder       *recorder;
  CriaRawRecorder    *raw_recorder;
  gboolean            recorder_starting;
  char               *record_format;
};

/* cria-camera-panel-save.c */
void     cria_camera_panel_install_save_actions (GtkWidgetClass  *widget_class);
void     cria_camera_panel_update_save_actions  (CriaCameraPanel *self);
void     cria_camera_panel_set_recording        (CriaCameraPanel *self,
                                                 gboolean         recording);
gboolean cria_camera_panel_get_recording        (CriaCameraPanel *self);
/* Starts recording to file in the chosen "record-format" (webm, mp4, ser, fits), as the
 * record button does after its file chooser; the live view must be running. */
void     cria_camera_panel_start_recording      (CriaCameraPanel *self,
                                                 GFile           *file);
/* Hands a raw frame to the raw recording, if one runs. */
void     cria_camera_panel_record_frame         (CriaCameraPanel *self,
                                                 CriaFrame       *frame);
/* Ends what is in flight: choosers close, a recording finishes its file in the background. */
void     cria_camera_panel_dispose_save         (CriaCameraPanel *self);
/* Tells the recording property's watchers. */
void     cria_camera_panel_notify_recording     (CriaCameraPanel *self);

/* For tests. */
CriaCapture      *cria_camera_panel_get_capture     (CriaCameraPanel *self);
CriaPreview      *cria_camera_panel_get_preview     (CriaCameraPanel *self);
CriaImageView    *cria_camera_panel_get_image_view  (CriaCameraPanel *self);
CriaCameraStatus *cria_camera_panel_get_status      (CriaCameraPanel *self);
CriaCameraControls *cria_camera_panel_get_controls  (CriaCameraPanel *self);
CriaStallMeter   *cria_camera_panel_get_stall_meter (CriaCameraPanel *self);
CriaRecorder     *cria_camera_panel_get_recorder    (CriaCameraPanel *self);

G_END_DECLS
