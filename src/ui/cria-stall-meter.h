/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CRIA_TYPE_STALL_METER (cria_stall_meter_get_type ())

/* Measures how long the main loop goes without getting round to its sources: while
 * running, a high-priority timeout asks to run every millisecond, and the gap between two
 * of its runs, less the millisecond, is how long something else held the loop. Gaps are
 * kept as a histogram of whole milliseconds, for the worst case and percentiles. */
G_DECLARE_FINAL_TYPE (CriaStallMeter, cria_stall_meter, CRIA, STALL_METER, GObject)

CriaStallMeter *cria_stall_meter_new            (void);

/* In the thread-default main context of the caller. */
void            cria_stall_meter_start          (CriaStallMeter *self);
void            cria_stall_meter_stop           (CriaStallMeter *self);
gboolean        cria_stall_meter_is_running     (CriaStallMeter *self);
/* Forgets the gaps measured so far. */
void            cria_stall_meter_reset          (CriaStallMeter *self);

/* Gaps measured since the last reset. */
guint64         cria_stall_meter_get_n_samples  (CriaStallMeter *self);
/* The longest stall, in ms. */
double          cria_stall_meter_get_max_ms     (CriaStallMeter *self);
/* The stall that fraction (e.g. 0.99) of the gaps stayed under, to the millisecond. */
double          cria_stall_meter_get_percentile (CriaStallMeter *self,
                                                 double          fraction);

G_END_DECLS
