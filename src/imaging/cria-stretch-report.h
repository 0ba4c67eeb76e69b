/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cria-histogram.h"
#include "cria-stretch.h"

G_BEGIN_DECLS

#define CRIA_TYPE_STRETCH_REPORT (cria_stretch_report_get_type ())

/* What criastretch did to one frame: the statistics of its subsample, the stretch it
 * applied, a display histogram, and what the steps cost. The UI draws its live histogram
 * from it; cria_histogram_get_stretch_points() places the stretch on that histogram. */
typedef struct
{
  guint64            frame;        /* frames stretched so far, this one included */
  gboolean           auto_stretch; /* params from stats; otherwise the manual ones */
  gboolean           linked;
  CriaStretchStats   stats;
  CriaStretchParams  params;       /* the parameters of the table in use */
  CriaHistogram     *histogram;    /* owned */
  gboolean           lut_rebuilt;  /* the parameters moved enough to rebuild the table */
  double             stats_ms;     /* statistics and histogram of the subsample */
  double             lut_ms;       /* 0 when the table was kept */
  double             render_ms;    /* debayer and table look-up to RGB8, one pass */
} CriaStretchReport;

GType              cria_stretch_report_get_type (void) G_GNUC_CONST;
CriaStretchReport *cria_stretch_report_new      (void);
CriaStretchReport *cria_stretch_report_copy     (const CriaStretchReport *report);
void               cria_stretch_report_free     (CriaStretchReport       *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CriaStretchReport, cria_stretch_report_free)

G_END_DECLS
