/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-frame.h"

G_BEGIN_DECLS

/* Arcseconds per unbinned pixel of the simulated camera: 3.76 µm behind 500 mm. */
#define TEST_PIXEL_SCALE (206264.806 * 3.76e-3 / 500.0)

/* Measurements on single-plane frames for the simulator's tests. */

/* Medians of the four CFA positions, indexed [y & 1][x & 1]. */
void    parity_medians (const CriaFrame *frame,
                        double           medians[2][2]);
void    frame_max      (const CriaFrame *frame,
                        double          *max,
                        guint           *max_x,
                        guint           *max_y);
/* The RMS radius of the light above background within radius of (cx, cy). */
double  star_width     (const CriaFrame *frame,
                        guint            cx,
                        guint            cy,
                        int              radius,
                        double           background);
/* The displacement from a to b that most pairs of detected stars agree on, and how many
 * votes it got. */
guint   star_shift     (const CriaFrame *a,
                        const CriaFrame *b,
                        int             *shift_x,
                        int             *shift_y);

G_END_DECLS
