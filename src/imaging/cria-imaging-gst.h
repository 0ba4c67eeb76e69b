/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

#include "cria-bayer.h"
#include "cria-frame.h"

G_BEGIN_DECLS

/* The live preview pipeline: appsrc ! criadebayer ! criastretch ! tee ! criapaintablesink.
 *
 * Input of criadebayer, a frame as it came from the camera:
 *   video/x-bayer, format={rggb,grbg,gbrg,bggr,rggb16le,grbg16le,gbrg16le,bggr16le}
 *     Rows GST_ROUND_UP_4 (width × bytes per sample) apart, unless a GstVideoMeta on the
 *     buffer gives the stride.
 *   video/x-raw, format={GRAY8,GRAY16_LE}
 *     The GstVideoInfo layout, or the GstVideoMeta of the buffer.
 *   video/x-cria-frame, element=(string)E, planes=(int){1,3}, pattern=(string)P, stride=(int)S
 *     Any CriaFrame as it is, samples in host byte order: E is one of uint16, byte, int16,
 *     int32, uint32, int64, uint64, single, double; P one of none, rggb, grbg, gbrg, bggr.
 *     CriaPreview always uses this form.
 *
 * Between criadebayer and criastretch, the RGB image of width × height that a mosaic
 * gives under a debayer method, still in its mosaic form:
 *   video/x-cria-deferred-rgb, method=(string){superpixel,bilinear,none},
 *     mosaic-width=(int), mosaic-height=(int), element, planes, pattern, stride as above.
 * The live-view kernels demosaic and stretch in one pass (see cria-debayer.h). A 16-bit
 * RGB intermediate would add a write and a read of 0.75× (superpixel) or 3× (bilinear)
 * the frame's bytes, and a pass: about +40 % on a superpixel frame, and beyond the 8×
 * memcpy budget for bilinear. So criadebayer chooses the method and the geometry, and
 * criastretch does the pixel work.
 *
 * Output of criastretch: video/x-raw, format=RGB (GDK_MEMORY_R8G8B8). */

#define CRIA_GST_CAPS_FRAME        "video/x-cria-frame"
#define CRIA_GST_CAPS_DEFERRED_RGB "video/x-cria-deferred-rgb"

/* Registers criadebayer, criastretch and criapaintablesink with GStreamer (calling
 * gst_init() first if nobody did). Safe to call more than once, from any thread. */
void              cria_imaging_gst_init          (void);

/* The Bayer pattern of a frame from its capture metadata, or NONE without any. */
CriaBayerPattern  cria_imaging_gst_frame_pattern (const CriaFrame *frame);

/* video/x-cria-frame caps describing frame; NULL when the frame cannot be shown. */
GstCaps          *cria_imaging_gst_caps_for_frame (const CriaFrame *frame,
                                                   CriaBayerPattern pattern);

/* A read-only buffer over the frame's pixels, no copy: it holds a reference on the frame
 * until GStreamer lets go of the buffer. */
GstBuffer        *cria_imaging_gst_wrap_frame    (CriaFrame       *frame);

G_END_DECLS
