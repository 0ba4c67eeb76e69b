/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-frame.h"
#include "cria-sim-device.h"

G_BEGIN_DECLS

/* A ready image of the simulated camera and its Camera.ImageArray replies. Each encoding
 * (ImageBytes or JSON) is made once, on first request, and shared by every later reply;
 * only the small header with the transaction IDs is made per request. */
typedef struct _CriaSimCameraImage CriaSimCameraImage;

/* Takes a reference to frame, an Int32 image whose values fit 0..65535. */
CriaSimCameraImage *cria_sim_camera_image_new        (CriaFrame          *frame);
void                cria_sim_camera_image_free       (CriaSimCameraImage *self);

/* Answers ImageArray in the form the request accepts. */
void                cria_sim_camera_image_reply      (CriaSimCameraImage *self,
                                                      CriaSimRequest     *request,
                                                      CriaSimReply       *reply);

/* Answers an ImageArray that failed: in ImageBytes form (TRUE) when the client accepts
 * it, as the ImageBytes specification asks, otherwise as a CRIA_ALPACA_ERROR (FALSE). */
gboolean            cria_sim_camera_image_reply_error (int                 error_number,
                                                       const char         *message,
                                                       CriaSimRequest     *request,
                                                       CriaSimReply       *reply,
                                                       GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CriaSimCameraImage, cria_sim_camera_image_free)

G_END_DECLS
