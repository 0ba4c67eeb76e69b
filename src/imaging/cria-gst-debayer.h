/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/base/gstbasetransform.h>

G_BEGIN_DECLS

/* Which demosaic the live view uses. AUTO follows the display scale: superpixel (half
 * size, cheapest, no interpolation) while the picture is shown at half size or smaller,
 * which is what fit-to-window does with any camera of interest; bilinear (full size)
 * beyond, when the user zooms towards 1:1 to focus. */
typedef enum
{
  CRIA_DEBAYER_MODE_AUTO,
  CRIA_DEBAYER_MODE_SUPERPIXEL,
  CRIA_DEBAYER_MODE_BILINEAR,
} CriaDebayerMode;

/* At or below this display scale (screen pixels per sensor pixel) AUTO picks superpixel:
 * its half-size image is then shown at 1:1 or reduced. */
#define CRIA_DEBAYER_AUTO_SUPERPIXEL_MAX_SCALE 0.5

#define CRIA_TYPE_DEBAYER_MODE (cria_debayer_mode_get_type ())
GType cria_debayer_mode_get_type (void) G_GNUC_CONST;

#define CRIA_TYPE_GST_DEBAYER (cria_gst_debayer_get_type ())

/* The "criadebayer" element. It takes a mosaic, mono or RGB-planes frame (see
 * cria-imaging-gst.h for the caps), chooses the debayer method ("method", and
 * "display-scale" for AUTO), and passes the buffer on untouched as
 * video/x-cria-deferred-rgb: the RGB image's size and method in the caps, the samples in
 * the buffer. criastretch renders it; the buffer is never copied. Changing the effective
 * method renegotiates the size downstream. Properties may be set from any thread. */
G_DECLARE_FINAL_TYPE (CriaGstDebayer, cria_gst_debayer, CRIA, GST_DEBAYER, GstBaseTransform)

/* Time spent on the last buffer, in ms, and buffers seen. Thread-safe. */
double   cria_gst_debayer_get_last_ms  (CriaGstDebayer *self);
guint64  cria_gst_debayer_get_n_frames (CriaGstDebayer *self);

G_END_DECLS
