/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cria-frame.h"

G_BEGIN_DECLS

/* The pixel kernels work on 16-bit samples ("display scale", 0 to 65535). Other element
 * types are brought to that scale one row at a time: Byte × 257 (full scale to full
 * scale), signed and wider integers and floats clamped to [0, 65535] (ASCOM images are
 * ADU counts, which almost always fit), NaN as 0. */

gboolean        cria_pixel_type_is_direct (CriaElementType  type);

/* Row y, all planes interleaved, as width × planes samples. UInt16 rows are returned in
 * place; other rows are converted into scratch, which must hold width × planes samples. */
const guint16  *cria_pixel_row_u16        (const CriaFrame *frame,
                                           guint            y,
                                           guint16         *scratch);

G_END_DECLS
