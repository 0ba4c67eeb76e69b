/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cria-alpaca.h"

G_BEGIN_DECLS

#define CRIA_TYPE_CAMERA_COOLING (cria_camera_cooling_get_type ())

/* The camera's cooler: on or off and its set-point, written to the camera at once
 * ("changed" follows each write), with the sensor temperature and cooler power as the
 * panel's polls report them (update()). Hidden while the camera has shown no cooler. */
G_DECLARE_FINAL_TYPE (CriaCameraCooling, cria_camera_cooling, CRIA, CAMERA_COOLING,
                      AdwPreferencesGroup)

void      cria_camera_cooling_set_device (CriaCameraCooling *self,
                                          CriaDevice        *device);
/* A value the panel read from the camera; FALSE when the group does not use it. */
gboolean  cria_camera_cooling_update     (CriaCameraCooling *self,
                                          const char        *name,
                                          JsonNode          *value);

G_END_DECLS
