/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* dst[c][r] = src[r][c] for a rows × cols matrix of elem_size-byte elements, cache-blocked.
 * Strides are in bytes. Shared by the ImageBytes decoder (column-major to row-major) and
 * encoder (row-major to column-major). */
void cria_transpose_2d (const guint8 *src,
                        gsize         src_stride,
                        guint8       *dst,
                        gsize         dst_stride,
                        guint         rows,
                        guint         cols,
                        gsize         elem_size);

G_END_DECLS
