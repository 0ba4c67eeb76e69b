/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cria-snapshot.h"

G_BEGIN_DECLS

/* A file written under a hidden temporary name beside its target, then renamed into
 * place: readers see the whole file or none. Blocking; for worker threads. */
typedef struct _CriaAtomicFile CriaAtomicFile;

CriaAtomicFile *cria_atomic_file_new    (const char      *path,
                                         GError         **error);
gboolean        cria_atomic_file_write  (CriaAtomicFile  *file,
                                         const void      *data,
                                         gsize            len,
                                         GError         **error);
/* Closes and renames into place; the temporary file is gone either way. */
gboolean        cria_atomic_file_commit (CriaAtomicFile  *file,
                                         GError         **error);
/* Removes the temporary file unless committed. */
void            cria_atomic_file_free   (CriaAtomicFile  *file);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CriaAtomicFile, cria_atomic_file_free)

/* "Could not save “path”: text" from errno. */
gboolean        cria_snapshot_set_errno_error (GError     **error,
                                               int          saved_errno,
                                               const char  *path);

/* The stretch at 16 bits: one table per channel (CriaChannel), sample → output. */
typedef struct
{
  guint16 channel[3][CRIA_STRETCH_LUT_SIZE];
} CriaStretchLut16;

void            cria_stretch_lut16_build (const CriaStretchParams *params,
                                          CriaStretchLut16        *lut);

/* A single-plane mosaic to a new UInt16 RGB frame by bilinear interpolation. */
CriaFrame      *cria_snapshot_bilinear16 (const CriaFrame         *frame,
                                          CriaBayerPattern         pattern,
                                          GCancellable            *cancellable,
                                          GError                 **error);

/* frame (1 plane: grey, 3 planes: RGB) through lut, into a file at path. */
gboolean        cria_snapshot_write_tiff16 (const CriaFrame        *frame,
                                            const CriaStretchLut16 *lut,
                                            const char             *path,
                                            GCancellable           *cancellable,
                                            GError                **error);
gboolean        cria_snapshot_write_png8   (const CriaFrame        *frame,
                                            const CriaStretchLut16 *lut,
                                            const char             *path,
                                            GCancellable           *cancellable,
                                            GError                **error);

G_END_DECLS
