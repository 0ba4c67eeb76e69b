/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cria-alpaca.h"
#include "cria-preview.h"
#include "cria-stall-meter.h"

G_BEGIN_DECLS

#define CRIA_TYPE_CAMERA_STATUS (cria_camera_status_get_type ())

/* The line under the live view: frame rate and count, where each frame's time went
 * (exposure, wait, download with its rate, decode, debayer, stretch, display), the frame
 * size, dropped frames, and the raw value of the pixel under the pointer. While live it
 * refreshes a few times a second; its tooltip tells the main loop's worst stalls. */
G_DECLARE_FINAL_TYPE (CriaCameraStatus, cria_camera_status, CRIA, CAMERA_STATUS, GtkBox)

void        cria_camera_status_set_sources (CriaCameraStatus      *self,
                                            CriaCapture           *capture,
                                            CriaPreview           *preview,
                                            CriaStallMeter        *stall_meter);
/* Keeps a reference on frame, for the pixel under the pointer. */
void        cria_camera_status_set_frame   (CriaCameraStatus      *self,
                                            CriaFrame             *frame,
                                            const CriaFrameTiming *timing);
/* Frame pixel under the pointer; negative when there is none. */
void        cria_camera_status_set_pointer (CriaCameraStatus      *self,
                                            int                    x,
                                            int                    y);
/* Refreshes now, then every few hundred ms while live. */
void        cria_camera_status_set_live    (CriaCameraStatus      *self,
                                            gboolean               live);
void        cria_camera_status_refresh     (CriaCameraStatus      *self);

/* The texts shown, for tests. */
const char *cria_camera_status_get_rate_text    (CriaCameraStatus *self);
const char *cria_camera_status_get_timings_text (CriaCameraStatus *self);
const char *cria_camera_status_get_pixel_text   (CriaCameraStatus *self);

/* "R 1234" (a mosaic's raw value and its channel), "1234" (mono) or "R 12 G 34 B 56"
 * (RGB planes) for pixel (x, y) of frame; NULL outside it. */
char       *cria_camera_status_describe_pixel (const CriaFrame    *frame,
                                               guint               x,
                                               guint               y);

G_END_DECLS
