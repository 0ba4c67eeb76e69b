/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cria-bayer.h"
#include "cria-frame.h"

G_BEGIN_DECLS

/* SER (the "LUCAM-RECORDER" sequence format, version 3): a 178-byte header, the frames
 * as unsigned 16-bit little-endian samples, and a trailer with each frame's UTC time. */
#define CRIA_SER_HEADER_BYTES 178

typedef enum
{
  CRIA_SER_MONO       = 0,
  CRIA_SER_BAYER_RGGB = 8,
  CRIA_SER_BAYER_GRBG = 9,
  CRIA_SER_BAYER_GBRG = 10,
  CRIA_SER_BAYER_BGGR = 11,
  CRIA_SER_RGB        = 100,
} CriaSerColorId;

/* .NET ticks (100 ns since 0001-01-01) of a Unix time in µs. */
gint64          cria_ser_ticks_from_unix_usec (gint64            usec);
CriaSerColorId  cria_ser_color_id             (CriaBayerPattern  pattern,
                                               guint             planes);

/* Writes in place (not atomic): a long recording keeps what it got if Cria dies. Blocking;
 * for one worker thread. */
typedef struct _CriaSerWriter CriaSerWriter;

CriaSerWriter  *cria_ser_writer_new           (const char       *path,
                                               const char       *instrument,
                                               GError          **error);
/* The first frame sets the size and colour of all; others must match. time: UTC µs. */
gboolean        cria_ser_writer_add_frame     (CriaSerWriter    *writer,
                                               const CriaFrame  *frame,
                                               gint64            time,
                                               GError          **error);
guint64         cria_ser_writer_get_n_frames  (CriaSerWriter    *writer);
/* Writes the trailer and the final header, and closes the file. */
gboolean        cria_ser_writer_close         (CriaSerWriter    *writer,
                                               GError          **error);
/* Removes the file (a regular one only), before freeing an unfinished writer. */
void            cria_ser_writer_discard       (CriaSerWriter    *writer);
void            cria_ser_writer_free          (CriaSerWriter    *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CriaSerWriter, cria_ser_writer_free)

G_END_DECLS
