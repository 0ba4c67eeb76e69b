/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-imaging"

#include "config.h"

#include "cria-debayer.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cria-libraw-shim-private.h"
#include "cria-pixel-row-private.h"

/* The quality path for saved colour snapshots: LibRaw's demosaicing on the raw mosaic,
 * linear 16-bit RGB out. Seconds for a large frame, so never on the live path. One
 * LibRaw object per call, so calls on different threads do not share state (the library
 * is linked in its reentrant build, libraw_r, where available). */

static unsigned char
libraw_pattern (CriaBayerPattern pattern)
{
  switch (pattern)
    {
    case CRIA_BAYER_RGGB: return LIBRAW_OPENBAYER_RGGB;
    case CRIA_BAYER_GRBG: return LIBRAW_OPENBAYER_GRBG;
    case CRIA_BAYER_GBRG: return LIBRAW_OPENBAYER_GBRG;
    case CRIA_BAYER_BGGR: return LIBRAW_OPENBAYER_BGGR;
    case CRIA_BAYER_NONE:
    default:
      return 0;
    }
}

static int
progress_cb (void               *data,
             enum LibRaw_progress stage,
             int                 iteration,
             int                 expected)
{
  /* Non-zero makes LibRaw stop with LIBRAW_CANCELLED_BY_CALLBACK. */
  return g_cancellable_is_cancelled (data) ? 1 : 0;
}

/* format takes LibRaw's description of rc. */
static gboolean
set_libraw_error (GError       **error,
                  GCancellable  *cancellable,
                  const char    *format,
                  int            rc)
{
  if (rc == LIBRAW_CANCELLED_BY_CALLBACK || g_cancellable_is_cancelled (cancellable))
    {
      if (!g_cancellable_set_error_if_cancelled (cancellable, error))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Demosaicing was cancelled"));
      return FALSE;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, format, libraw_strerror (rc));
  return FALSE;
}

/* The mosaic as LibRaw reads it: packed rows of little-endian 16-bit samples. */
static guint8 *
pack_mosaic (const CriaFrame *frame,
             gsize           *out_len)
{
  gsize row_bytes = (gsize) frame->width * 2;
  g_autofree guint16 *scratch = g_new (guint16, frame->width);
  guint8 *data = g_try_malloc (row_bytes * frame->height);
  guint x, y;

  if (data == NULL)
    return NULL;

  for (y = 0; y < frame->height; y++)
    {
      const guint16 *row = cria_pixel_row_u16 (frame, y, scratch);
      guint8 *dst = data + y * row_bytes;

      if (G_BYTE_ORDER == G_LITTLE_ENDIAN)
        memcpy (dst, row, row_bytes);
      else
        for (x = 0; x < frame->width; x++)
          {
            dst[2 * x] = row[x] & 0xFF;
            dst[2 * x + 1] = row[x] >> 8;
          }
    }
  *out_len = row_bytes * frame->height;
  return data;
}

static CriaFrame *
frame_from_image (const libraw_processed_image_t  *image,
                  const CriaFrame                 *frame,
                  GError                         **error)
{
  g_autoptr(CriaFrame) rgb = NULL;
  gsize row_bytes = (gsize) frame->width * 3 * sizeof (guint16);
  guint y;

  if (image->type != LIBRAW_IMAGE_BITMAP || image->colors != 3 || image->bits != 16
      || image->width != frame->width || image->height != frame->height
      || image->data_size < row_bytes * frame->height)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("LibRaw returned an unexpected image (%u × %u, %u colours, %u bits)"),
                   image->width, image->height, image->colors, image->bits);
      return NULL;
    }

  rgb = cria_frame_new (CRIA_ELEMENT_UINT16, frame->width, frame->height, 3, error);
  if (rgb == NULL)
    return NULL;
  rgb->image_element_type = CRIA_ELEMENT_UINT16;
  /* LibRaw's 16-bit bitmaps are in host byte order. */
  for (y = 0; y < frame->height; y++)
    memcpy (rgb->data + y * rgb->stride, image->data + y * row_bytes, row_bytes);
  return g_steal_pointer (&rgb);
}

/* Demosaics a single-plane Bayer frame to a new UInt16 frame of 3 planes (R, G, B), same
 * size, values on the 16-bit scale of the input (no white balance, colour matrix, gamma
 * or brightening). Blocking and slow; run it in a worker thread. */
CriaFrame *
cria_debayer_quality (const CriaFrame      *frame,
                      CriaBayerPattern      pattern,
                      CriaDemosaicQuality   quality,
                      GCancellable         *cancellable,
                      GError              **error)
{
  g_autofree guint8 *mosaic = NULL;
  libraw_processed_image_t *image = NULL;
  libraw_data_t *lr;
  CriaFrame *result = NULL;
  gsize len = 0;
  int rc;

  if (frame == NULL || frame->data == NULL || libraw_pattern (pattern) == 0
      || frame->planes != 1 || !cria_element_type_is_valid (frame->element_type))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Demosaicing needs a single-plane Bayer image"));
      return NULL;
    }
  if (quality < CRIA_DEMOSAIC_VNG || quality > CRIA_DEMOSAIC_DCB)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Unknown demosaicing method %d"), (int) quality);
      return NULL;
    }
  /* LibRaw takes 16-bit sizes and computes datalen × 8 in 32 bits. */
  if (frame->width < 4 || frame->height < 4 || frame->width > G_MAXUINT16
      || frame->height > G_MAXUINT16
      || (guint64) frame->width * frame->height * 16 > G_MAXUINT32)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("A %u × %u image cannot be demosaiced with LibRaw"),
                   frame->width, frame->height);
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  mosaic = pack_mosaic (frame, &len);
  if (mosaic == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Not enough memory to demosaic a %u × %u image"), frame->width,
                   frame->height);
      return NULL;
    }

  lr = libraw_init (LIBRAW_OPIONS_NO_MEMERR_CALLBACK | LIBRAW_OPIONS_NO_DATAERR_CALLBACK);
  if (lr == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("LibRaw could not be initialised"));
      return NULL;
    }

  lr->params.user_qual = quality;
  lr->params.output_bps = 16;
  lr->params.gamm[0] = 1.0; /* linear */
  lr->params.gamm[1] = 1.0;
  lr->params.no_auto_bright = 1;
  lr->params.output_color = 0; /* raw colour: no camera matrix to apply */
  lr->params.use_camera_wb = 0;
  lr->params.use_auto_wb = 0;
  lr->params.user_flip = 0;
  libraw_set_progress_handler (lr, progress_cb, cancellable);

  /* Little-endian samples, all 16 bits used, black level 0: open_bayer sets unit white
   * balance multipliers and a maximum of 65535, so the values keep their scale. */
#if LIBRAW_VERSION >= LIBRAW_MAKE_VERSION(0, 21, 0)
  rc = libraw_open_bayer (lr, mosaic, (unsigned) len, frame->width, frame->height,
                          0, 0, 0, 0, 0, libraw_pattern (pattern), 0, 0, 0);
#else
  rc = cria_libraw_shim_open_bayer (lr, mosaic, (unsigned) len, frame->width, frame->height,
                                    0, 0, 0, 0, 0, libraw_pattern (pattern), 0, 0, 0);
#endif
  if (rc != LIBRAW_SUCCESS)
    {
      set_libraw_error (error, cancellable, _("LibRaw could not open the image: %s"), rc);
      goto out;
    }
  if ((rc = libraw_unpack (lr)) != LIBRAW_SUCCESS)
    {
      set_libraw_error (error, cancellable, _("LibRaw could not unpack the image: %s"), rc);
      goto out;
    }
  if ((rc = libraw_dcraw_process (lr)) != LIBRAW_SUCCESS)
    {
      set_libraw_error (error, cancellable, _("LibRaw could not demosaic the image: %s"), rc);
      goto out;
    }
  image = libraw_dcraw_make_mem_image (lr, &rc);
  if (image == NULL)
    {
      set_libraw_error (error, cancellable, _("LibRaw could not convert the image: %s"), rc);
      goto out;
    }

  result = frame_from_image (image, frame, error);

out:
  if (image != NULL)
    libraw_dcraw_clear_mem (image);
  libraw_close (lr);
  return result;
}
