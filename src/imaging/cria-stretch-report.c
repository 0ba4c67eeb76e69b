/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-imaging"

#include "cria-stretch-report.h"

G_DEFINE_BOXED_TYPE (CriaStretchReport, cria_stretch_report,
                     cria_stretch_report_copy, cria_stretch_report_free)

CriaStretchReport *
cria_stretch_report_new (void)
{
  return g_new0 (CriaStretchReport, 1);
}

CriaStretchReport *
cria_stretch_report_copy (const CriaStretchReport *report)
{
  CriaStretchReport *copy;

  g_return_val_if_fail (report != NULL, NULL);

  copy = g_memdup2 (report, sizeof *report);
  if (report->histogram != NULL)
    copy->histogram = cria_histogram_copy (report->histogram);
  return copy;
}

void
cria_stretch_report_free (CriaStretchReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->histogram, cria_histogram_free);
  g_free (report);
}
