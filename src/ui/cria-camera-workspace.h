/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cria-camera-controls.h"
#include "cria-camera-cooling.h"
#include "cria-camera-display.h"
#include "cria-camera-status.h"
#include "cria-image-view.h"

G_BEGIN_DECLS

#define CRIA_TYPE_CAMERA_WORKSPACE (cria_camera_workspace_get_type ())

/* The camera panel's layout, and nothing else: the toolbar over the live view, the status
 * line under it, and the side column with the controls and a Details page. Its buttons
 * use the panel's "camera." and "panel." actions. The panel reads the widgets from the
 * struct, which is internal to the camera panel. */
G_DECLARE_FINAL_TYPE (CriaCameraWorkspace, cria_camera_workspace, CRIA, CAMERA_WORKSPACE, AdwBin)

struct _CriaCameraWorkspace
{
  AdwBin              parent_instance;

  GtkWidget          *live_button;
  GtkWidget          *snapshot_button;
  AdwButtonContent   *live_content;
  GtkToggleButton    *sidebar_button;
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
};

GtkWidget *cria_camera_workspace_new             (void);
/* Puts details (the generic panel's page) on the side column's Details view. */
void       cria_camera_workspace_set_details     (CriaCameraWorkspace *self,
                                                  GtkWidget           *details);

G_END_DECLS
