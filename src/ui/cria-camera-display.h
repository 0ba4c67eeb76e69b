/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cria-preview.h"

G_BEGIN_DECLS

#define CRIA_TYPE_CAMERA_DISPLAY (cria_camera_display_get_type ())

/* How the live view is shown: the live histogram (linear or log) with the stretch's
 * markers, automatic or manual stretch (black, midtone, white; dragging a marker turns
 * the stretch manual), linked or per-channel colour, and the debayer method. It drives
 * a CriaPreview's properties, which apply from the next frame. */
G_DECLARE_FINAL_TYPE (CriaCameraDisplay, cria_camera_display, CRIA, CAMERA_DISPLAY,
                      AdwPreferencesGroup)

void      cria_camera_display_set_preview (CriaCameraDisplay *self,
                                           CriaPreview       *preview);
/* Colour controls (linked channels, debayer) are shown for colour sensors only. */
void      cria_camera_display_set_colour  (CriaCameraDisplay *self,
                                           gboolean           colour);

G_END_DECLS
