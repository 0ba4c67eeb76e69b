/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/base/gstbasetransform.h>

#include "cria-stretch-report.h"

G_BEGIN_DECLS

typedef enum
{
  CRIA_STRETCH_MODE_AUTO,   /* midtone transfer from each frame's median and MAD */
  CRIA_STRETCH_MODE_MANUAL, /* the "black", "midtone" and "white" properties */
} CriaStretchMode;

#define CRIA_TYPE_STRETCH_MODE (cria_stretch_mode_get_type ())
GType cria_stretch_mode_get_type (void) G_GNUC_CONST;

/* The name of the element message criastretch posts after every frame; its structure
 * holds the CriaStretchReport as the field "report". */
#define CRIA_GST_STRETCH_MESSAGE "cria-stretch"

#define CRIA_TYPE_GST_STRETCH (cria_gst_stretch_get_type ())

/* The "criastretch" element: video/x-cria-deferred-rgb in, video/x-raw RGB out.
 *
 * For each frame, on the streaming thread: statistics and a display histogram of a
 * subsample, per CFA colour (cria_stretch_compute_stats(), about 0.2× a memcpy of the
 * frame); the stretch parameters, auto (linked or unlinked) or manual; the 16 → 8-bit
 * table, rebuilt only when the parameters move by more than half a 16-bit level (black,
 * white) or a thousandth of the midtone, so a steady sky keeps its table; then one pass
 * that demosaics and looks up the table into a pooled buffer. A
 * CriaStretchReport goes out as an element message (see "post-messages") and stays
 * available through cria_gst_stretch_dup_report(). Properties may be set from any thread
 * and apply from the next frame. */
G_DECLARE_FINAL_TYPE (CriaGstStretch, cria_gst_stretch, CRIA, GST_STRETCH, GstBaseTransform)

/* The report of the last frame, or NULL before the first. Thread-safe. */
CriaStretchReport *cria_gst_stretch_dup_report      (CriaGstStretch *self);
/* How many times the table was built. Thread-safe. */
guint64            cria_gst_stretch_get_n_lut_builds (CriaGstStretch *self);
/* Output buffers allocated so far, when the output pool is a CriaBufferPool (always,
 * unless downstream brings another kind). Flat while frames reuse their buffers.
 * Thread-safe. */
guint64            cria_gst_stretch_get_n_allocated  (CriaGstStretch *self);

G_END_DECLS
