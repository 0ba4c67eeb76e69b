/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-device-panel.h"

G_BEGIN_DECLS

#define CRIA_TYPE_CAMERA_PANEL (cria_camera_panel_get_type ())

/* The camera's live-view workspace: the preview with zoom, reticle and subframe drawing,
 * the live controls (exposure, gain, offset, binning, subframe, readout mode, cooler,
 * stretch with a live histogram), a status line with per-stage timings, snapshots (raw
 * FITS, or the view as TIFF or PNG) and video recording. The generic sections stay
 * available on its Details page. Space starts and stops the live view. */
G_DECLARE_FINAL_TYPE (CriaCameraPanel, cria_camera_panel, CRIA, CAMERA_PANEL, CriaDevicePanel)

typedef enum
{
  CRIA_CAMERA_SAVE_FITS,   /* the last raw frame, with its capture metadata */
  CRIA_CAMERA_SAVE_TIFF16, /* the view, demosaiced and stretched, 16 bits */
  CRIA_CAMERA_SAVE_PNG8,   /* the view, 8 bits */
} CriaCameraSaveKind;

GtkWidget *cria_camera_panel_new           (CriaDevice          *device);

gboolean   cria_camera_panel_get_live      (CriaCameraPanel     *self);
void       cria_camera_panel_set_live      (CriaCameraPanel     *self,
                                            gboolean             live);

/* Saves the last frame to file without asking, as the snapshot menu does after its file
 * chooser. Fails when there is no frame yet. */
void       cria_camera_panel_save_async    (CriaCameraPanel     *self,
                                            CriaCameraSaveKind   kind,
                                            GFile               *file,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean   cria_camera_panel_save_finish   (CriaCameraPanel     *self,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
