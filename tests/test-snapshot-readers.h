/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <fitsio.h>
#include <gdk/gdk.h>

G_BEGIN_DECLS

/* Readers that check what the snapshot tests wrote: FITS cards through cfitsio, and a
 * small reader of the baseline TIFF the snapshot writes. Failures are Check failures. */

fitsfile   *open_fits    (const char *path);
void        close_fits   (fitsfile   *fits);
/* The raw value text of a keyword, or NULL when absent. */
char       *card_value   (fitsfile   *fits,
                          const char *name);
/* The type letter cfitsio gives the value: C string, I integer, F float, L logical. */
char        card_type    (fitsfile   *fits,
                          const char *name);
double      card_double  (fitsfile   *fits,
                          const char *name);
long long   card_int     (fitsfile   *fits,
                          const char *name);
char       *card_string  (fitsfile   *fits,
                          const char *name);
gboolean    card_absent  (fitsfile   *fits,
                          const char *name);

/* Any image GDK reads (PNG, TIFF), downloaded as B8G8R8A8 rows of 4 × width bytes. */
GdkTexture *load_image   (const char *path,
                          guint8    **pixels);

typedef struct
{
  guint32 width, height, samples, bits, compression, photometric, planar;
  guint32 rows_per_strip, n_strips;
  guint32 strip_offsets[4096];
  guint32 strip_counts[4096];
} Tiff;

void        parse_tiff   (const guint8 *data,
                          gsize         len,
                          Tiff         *tiff);
guint16     tiff_sample  (const guint8 *data,
                          const Tiff   *tiff,
                          guint         x,
                          guint         y,
                          guint         c);

G_END_DECLS
