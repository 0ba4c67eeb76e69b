/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cria-frame.h"

G_BEGIN_DECLS

/* cfitsio failures: the code is cfitsio's status number. File system failures use
 * G_IO_ERROR, bad keywords G_IO_ERROR_INVALID_ARGUMENT. */
#define CRIA_FITS_ERROR (cria_fits_error_quark ())

typedef enum
{
  CRIA_FITS_VALUE_STRING,
  CRIA_FITS_VALUE_DOUBLE,
  CRIA_FITS_VALUE_INT,
  CRIA_FITS_VALUE_BOOL,
} CriaFitsValueType;

/* One header card. name is a FITS keyword (1 to 8 of A-Z 0-9 - _, any case); COMMENT and
 * HISTORY take a string. Strings are written as ASCII (transliterated where needed) and may
 * be longer than a card. Keywords that describe the data layout (SIMPLE, BITPIX, NAXIS*,
 * EXTEND, BZERO, BSCALE, ROWORDER, END) are the writer's and are refused. */
typedef struct
{
  const char        *name;
  CriaFitsValueType  type;
  union
  {
    const char *s;
    double      d;
    gint64      i;
    gboolean    b;
  };
  const char        *comment; /* may be NULL */
} CriaFitsKeyword;

/* Initialisers for an array of keywords: { CRIA_FITS_DOUBLE ("EXPTIME", 2.5, "[s]"), ... } */
#define CRIA_FITS_STRING(n, v, c) \
  { .name = (n), .type = CRIA_FITS_VALUE_STRING, .s = (v), .comment = (c) }
#define CRIA_FITS_DOUBLE(n, v, c) \
  { .name = (n), .type = CRIA_FITS_VALUE_DOUBLE, .d = (v), .comment = (c) }
#define CRIA_FITS_INT(n, v, c) \
  { .name = (n), .type = CRIA_FITS_VALUE_INT, .i = (v), .comment = (c) }
#define CRIA_FITS_BOOL(n, v, c) \
  { .name = (n), .type = CRIA_FITS_VALUE_BOOL, .b = (v), .comment = (c) }

GQuark   cria_fits_error_quark (void);

/* Writes the frame as the primary image of a new FITS file at path, replacing any file
 * there. NAXIS1 is the width (Alpaca x), NAXIS2 the height (y), NAXIS3 the planes when
 * there is more than one; FITS pixel (x, y) holds ImageArray[x, y] and ROWORDER is
 * TOP-DOWN. Values are kept exactly (unsigned types through BZERO). The file appears
 * complete or not at all. Blocking; safe to call from any thread. */
gboolean cria_fits_write       (const CriaFrame        *frame,
                                const char             *path,
                                const CriaFitsKeyword  *keywords,
                                gsize                   n_keywords,
                                GError                **error);

G_END_DECLS
