/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cria-alpaca.h"

G_BEGIN_DECLS

#define CRIA_TYPE_CAMERA_CONTROLS (cria_camera_controls_get_type ())

/* The camera panel's capture controls: exposure, gain, offset and readout mode; binning
 * and subframe. They go to the live view's CriaCapture and apply from the next frame.
 * The controls take their limits, lists and current values from the panel's polls
 * (update()); a control the person has changed keeps their value rather than following
 * the camera's. */
G_DECLARE_FINAL_TYPE (CriaCameraControls, cria_camera_controls, CRIA, CAMERA_CONTROLS, GtkBox)

void      cria_camera_controls_set_capture    (CriaCameraControls *self,
                                               CriaCapture        *capture);
/* A value the panel read from the camera; FALSE when the controls do not use it. */
gboolean  cria_camera_controls_update         (CriaCameraControls *self,
                                               const char         *name,
                                               JsonNode           *value);
void      cria_camera_controls_read_failed    (CriaCameraControls *self,
                                               const char         *name,
                                               const GError       *error);
/* How the subframe row describes the region: full frame, or x, y, width × height in
 * binned pixels. */
void      cria_camera_controls_show_subframe  (CriaCameraControls *self,
                                               gboolean            full,
                                               guint               x,
                                               guint               y,
                                               guint               width,
                                               guint               height);

/* For tests and the panel. */
double    cria_camera_controls_get_exposure   (CriaCameraControls *self);
void      cria_camera_controls_set_exposure   (CriaCameraControls *self,
                                               double              seconds);
guint     cria_camera_controls_get_binning    (CriaCameraControls *self);
void      cria_camera_controls_set_binning    (CriaCameraControls *self,
                                               guint               binning);

G_END_DECLS
