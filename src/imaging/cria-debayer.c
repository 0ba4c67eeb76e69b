/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-imaging"

#include "config.h"

#include "cria-debayer.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "cria-pixel-row-private.h"

/* The live-view kernels: one thread, one pass, stretch table applied on the way.
 * Samples are read as 16-bit (UInt16 in place, other types converted a row at a time),
 * the phase of the 2×2 cell is resolved once per row into row pointers and constant
 * offsets, and no pixel loop branches on the pattern. */

/* Room each side of the 8-bit rows of the bilinear path, for the mirrored pixels at
 * x = -1 and x = width. */
#define ROW_PAD 16

static gboolean
is_bayer (CriaBayerPattern pattern)
{
  return pattern >= CRIA_BAYER_RGGB && pattern <= CRIA_BAYER_BGGR;
}

static gboolean
check_frame (const CriaFrame  *frame,
             GError          **error)
{
  if (frame == NULL || frame->data == NULL || frame->width == 0 || frame->height == 0
      || !cria_element_type_is_valid (frame->element_type))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("The image is empty"));
      return FALSE;
    }
  if (frame->stride < (gsize) frame->width * frame->planes
                      * cria_element_type_size (frame->element_type))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The image rows overlap (stride %zu)"), frame->stride);
      return FALSE;
    }
  return TRUE;
}

/* Superpixel drops the last column and row of an odd-sized frame: a half cell has no
 * complete set of colours, and a one-pixel strip is not worth a slower loop. */
gboolean
cria_debayer_get_output_size (const CriaFrame    *frame,
                              CriaBayerPattern    pattern,
                              CriaDebayerMethod   method,
                              guint              *width,
                              guint              *height,
                              GError            **error)
{
  guint w, h;

  if (!check_frame (frame, error))
    return FALSE;

  w = frame->width;
  h = frame->height;
  if (frame->planes != 1 && frame->planes != 3)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Images with %u planes cannot be shown"), frame->planes);
      return FALSE;
    }
  if (is_bayer (pattern) && frame->planes == 1)
    {
      if (w < 2 || h < 2)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("A %u × %u image is too small to debayer"), w, h);
          return FALSE;
        }
      if (method == CRIA_DEBAYER_SUPERPIXEL)
        {
          w /= 2;
          h /= 2;
        }
    }

  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;
  return TRUE;
}

static gboolean
check_output (guint       width,
              gsize       out_stride,
              GError    **error)
{
  if (out_stride < (gsize) width * CRIA_RGB8_BYTES_PER_PIXEL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Output stride %zu is too small for %u pixels"),
                   out_stride, width);
      return FALSE;
    }
  return TRUE;
}

static guint16 *
scratch_for (const CriaFrame *frame,
             guint            n_rows)
{
  if (cria_pixel_type_is_direct (frame->element_type) && (frame->stride & 1) == 0
      && ((guintptr) frame->data & 1) == 0)
    return NULL;
  return g_new (guint16, (gsize) n_rows * frame->width * frame->planes);
}

/* Writes 4 bytes: the pixel and one byte that the next pixel overwrites. */
static inline void
put_rgb_wide (guint8 *o,
              guint32 r,
              guint32 g,
              guint32 b)
{
  guint32 v = GUINT32_TO_LE (r | g << 8 | b << 16);

  memcpy (o, &v, sizeof v);
}

static inline void
put_rgb (guint8 *o,
         guint8  r,
         guint8  g,
         guint8  b)
{
  o[0] = r;
  o[1] = g;
  o[2] = b;
}

/* One output row from the two input rows of a row of cells: the red row holds red and
 * green, the blue row green and blue, red at column rx of each cell. */
static inline G_ALWAYS_INLINE void
superpixel_row (const guint16 *restrict red_row,
                const guint16 *restrict blue_row,
                guint                   n,
                const guint8  *restrict lr,
                const guint8  *restrict lg,
                const guint8  *restrict lb,
                guint8        *restrict out,
                const guint             rx)
{
  guint i;

  for (i = 0; i + 1 < n; i++)
    {
      const guint16 *rr = red_row + 2 * i, *br = blue_row + 2 * i;
      guint g = ((guint) rr[1 - rx] + br[rx] + 1) >> 1;

      put_rgb_wide (out + 3 * i, lr[rr[rx]], lg[g], lb[br[1 - rx]]);
    }
  {
    const guint16 *rr = red_row + 2 * i, *br = blue_row + 2 * i;
    guint g = ((guint) rr[1 - rx] + br[rx] + 1) >> 1;

    put_rgb (out + 3 * i, lr[rr[rx]], lg[g], lb[br[1 - rx]]);
  }
}

/* Half size: each 2×2 cell gives one pixel, green the mean of its two greens. */
gboolean
cria_debayer_superpixel_rgb8 (const CriaFrame      *frame,
                              CriaBayerPattern      pattern,
                              const CriaStretchLut *lut,
                              guint8               *out,
                              gsize                 out_stride,
                              GError              **error)
{
  const guint8 *lr = lut->channel[CRIA_CHANNEL_RED];
  const guint8 *lg = lut->channel[CRIA_CHANNEL_GREEN];
  const guint8 *lb = lut->channel[CRIA_CHANNEL_BLUE];
  g_autofree guint16 *scratch = NULL;
  guint ow, oh, rx, ry, j;

  if (!is_bayer (pattern) || (frame != NULL && frame->planes != 1))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Superpixel debayering needs a single-plane Bayer image"));
      return FALSE;
    }
  if (!cria_debayer_get_output_size (frame, pattern, CRIA_DEBAYER_SUPERPIXEL, &ow, &oh, error)
      || !check_output (ow, out_stride, error))
    return FALSE;

  scratch = scratch_for (frame, 2);
  cria_bayer_pattern_red_phase (pattern, &rx, &ry);
  for (j = 0; j < oh; j++)
    {
      const guint16 *row0 = cria_pixel_row_u16 (frame, 2 * j, scratch);
      const guint16 *row1 = cria_pixel_row_u16 (frame, 2 * j + 1,
                                                scratch ? scratch + frame->width : NULL);
      const guint16 *red_row = ry ? row1 : row0;
      const guint16 *blue_row = ry ? row0 : row1;
      guint8 *o = out + (gsize) j * out_stride;

      if (rx == 0)
        superpixel_row (red_row, blue_row, ow, lr, lg, lb, o, 0);
      else
        superpixel_row (red_row, blue_row, ow, lr, lg, lb, o, 1);
    }
  return TRUE;
}

/* Bilinear interpolation runs on display values: each sample goes through the table of
 * its own colour first, and the missing colours are averaged from the stretched
 * neighbours. That is one table look-up per pixel instead of three and lets the
 * averaging run sixteen pixels at a time; it differs from stretching interpolated
 * linear values only across sharp edges, where bilinear is approximate anyway. Averages
 * round half up, as pairs: (a, b, c, d) → avg (avg (a, b), avg (c, d)), the same in the
 * vector and the scalar code. */

static void
stretch_row (const guint16 *restrict src,
             guint                   w,
             const guint8  *restrict even_lut,
             const guint8  *restrict odd_lut,
             guint8        *restrict dst)
{
  guint x;

  for (x = 0; x + 1 < w; x += 2)
    {
      dst[x] = even_lut[src[x]];
      dst[x + 1] = odd_lut[src[x + 1]];
    }
  if (x < w)
    dst[x] = even_lut[src[x]];

  /* Mirror without repeating the edge, so the neighbours keep their colours. */
  dst[-1] = dst[1];
  dst[w] = dst[w - 2];
}

static inline guint
avg (guint a,
     guint b)
{
  return (a + b + 1) >> 1;
}

static inline void
interpolate_pixel (const guint8 *up,
                   const guint8 *cur,
                   const guint8 *dn,
                   gssize        x,
                   gboolean      colour_site,
                   gboolean      red_row,
                   guint8       *o)
{
  guint own, green, other;

  if (colour_site)
    {
      own = cur[x];
      green = avg (avg (cur[x - 1], cur[x + 1]), avg (up[x], dn[x]));
      other = avg (avg (up[x - 1], up[x + 1]), avg (dn[x - 1], dn[x + 1]));
    }
  else
    {
      own = avg (cur[x - 1], cur[x + 1]);
      green = cur[x];
      other = avg (up[x], dn[x]);
    }
  put_rgb (o, red_row ? own : other, green, red_row ? other : own);
}

#ifdef __SSE2__
static inline __m128i
select_bytes (__m128i mask,
              __m128i a,
              __m128i b)
{
  return _mm_or_si128 (_mm_and_si128 (mask, a), _mm_andnot_si128 (mask, b));
}

static inline __m128i
load16 (const guint8 *p)
{
  return _mm_loadu_si128 ((const __m128i *) p);
}

/* Four RGBx pixels → two 64-bit lanes of six RGB bytes each, written 8 bytes at a time;
 * the two spare bytes of each store are overwritten by the next one. */
static inline void
store_rgbx4 (guint8  *o,
             __m128i  p)
{
  const __m128i low24 = _mm_set1_epi64x (0xFFFFFF);
  __m128i q = _mm_or_si128 (_mm_and_si128 (p, low24),
                            _mm_srli_epi64 (_mm_andnot_si128 (low24, p), 8));

  _mm_storel_epi64 ((__m128i *) o, q);
  _mm_storeh_pd ((double *) (o + 6), _mm_castsi128_pd (q));
}

/* Sixteen pixels of R, G and B planes to 48 bytes of RGB (and 2 spare bytes after). */
static inline void
store_rgb16 (guint8  *o,
             __m128i  r,
             __m128i  g,
             __m128i  b)
{
  const __m128i zero = _mm_setzero_si128 ();
  __m128i rg_lo = _mm_unpacklo_epi8 (r, g), rg_hi = _mm_unpackhi_epi8 (r, g);
  __m128i b_lo = _mm_unpacklo_epi8 (b, zero), b_hi = _mm_unpackhi_epi8 (b, zero);

  store_rgbx4 (o, _mm_unpacklo_epi16 (rg_lo, b_lo));
  store_rgbx4 (o + 12, _mm_unpackhi_epi16 (rg_lo, b_lo));
  store_rgbx4 (o + 24, _mm_unpacklo_epi16 (rg_hi, b_hi));
  store_rgbx4 (o + 36, _mm_unpackhi_epi16 (rg_hi, b_hi));
}
#endif

/* colour_x: parity of the columns holding this row's own colour (red in a red row,
 * blue in a blue row); the other columns are green. */
static void
interpolate_row (const guint8 *restrict up,
                 const guint8 *restrict cur,
                 const guint8 *restrict dn,
                 guint                  w,
                 gboolean               red_row,
                 guint                  colour_x,
                 guint8       *restrict out)
{
  guint x = 0;

#ifdef __SSE2__
  {
    const __m128i site = _mm_set1_epi16 (colour_x ? (short) 0xFF00 : 0x00FF);
    const __m128i red = red_row ? _mm_set1_epi8 (-1) : _mm_setzero_si128 ();

    /* The last vector store spills 2 bytes into pixel x + 16, which must exist. */
    for (; x + 17 <= w; x += 16)
      {
        __m128i c = load16 (cur + x);
        __m128i h = _mm_avg_epu8 (load16 (cur + x - 1), load16 (cur + x + 1));
        __m128i v = _mm_avg_epu8 (load16 (up + x), load16 (dn + x));
        __m128i d = _mm_avg_epu8 (_mm_avg_epu8 (load16 (up + x - 1), load16 (up + x + 1)),
                                  _mm_avg_epu8 (load16 (dn + x - 1), load16 (dn + x + 1)));
        __m128i own = select_bytes (site, c, h);
        __m128i green = select_bytes (site, _mm_avg_epu8 (h, v), c);
        __m128i other = select_bytes (site, d, v);

        store_rgb16 (out + 3 * (gsize) x, select_bytes (red, own, other), green,
                     select_bytes (red, other, own));
      }
  }
#endif

  for (; x < w; x++)
    interpolate_pixel (up, cur, dn, x, (x & 1) == colour_x, red_row, out + 3 * (gsize) x);
}

typedef struct
{
  const CriaFrame *frame;
  guint16         *scratch;
  const guint8    *even_lut[2]; /* by row parity */
  const guint8    *odd_lut[2];
} RowStretcher;

static void
stretch_frame_row (const RowStretcher *rs,
                   guint               y,
                   guint8             *dst)
{
  const guint16 *src = cria_pixel_row_u16 (rs->frame, y, rs->scratch);

  stretch_row (src, rs->frame->width, rs->even_lut[y & 1], rs->odd_lut[y & 1], dst);
}

/* Full size; the borders mirror the image (pixel -1 is pixel 1), which keeps the colour
 * of every neighbour, so a uniform colour stays uniform up to the edges. */
gboolean
cria_debayer_bilinear_rgb8 (const CriaFrame      *frame,
                            CriaBayerPattern      pattern,
                            const CriaStretchLut *lut,
                            guint8               *out,
                            gsize                 out_stride,
                            GError              **error)
{
  const guint8 *lr = lut->channel[CRIA_CHANNEL_RED];
  const guint8 *lg = lut->channel[CRIA_CHANNEL_GREEN];
  const guint8 *lb = lut->channel[CRIA_CHANNEL_BLUE];
  g_autofree guint8 *ring = NULL;
  g_autofree guint16 *scratch = NULL;
  RowStretcher rs;
  guint8 *rows[3];
  gsize padded;
  guint w, h, rx, ry, y, i;

  if (!is_bayer (pattern) || (frame != NULL && frame->planes != 1))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Bilinear debayering needs a single-plane Bayer image"));
      return FALSE;
    }
  if (!cria_debayer_get_output_size (frame, pattern, CRIA_DEBAYER_BILINEAR, &w, &h, error)
      || !check_output (w, out_stride, error))
    return FALSE;

  cria_bayer_pattern_red_phase (pattern, &rx, &ry);
  scratch = scratch_for (frame, 1);
  rs.frame = frame;
  rs.scratch = scratch;
  /* A red row has red at column parity rx and green elsewhere; a blue row has green at
   * rx and blue elsewhere. */
  rs.even_lut[ry] = rx ? lg : lr;
  rs.odd_lut[ry] = rx ? lr : lg;
  rs.even_lut[ry ^ 1] = rx ? lb : lg;
  rs.odd_lut[ry ^ 1] = rx ? lg : lb;

  padded = ROW_PAD + (gsize) w + ROW_PAD;
  ring = g_malloc (3 * padded);
  for (i = 0; i < 3; i++)
    rows[i] = ring + i * padded + ROW_PAD;

  stretch_frame_row (&rs, 0, rows[0]);
  stretch_frame_row (&rs, 1, rows[1]);
  for (y = 0; y < h; y++)
    {
      gboolean red_row = (y & 1) == ry;
      const guint8 *up, *dn;

      if (y >= 1 && y + 1 < h)
        stretch_frame_row (&rs, y + 1, rows[(y + 1) % 3]);
      up = y > 0 ? rows[(y - 1) % 3] : rows[1];
      dn = y + 1 < h ? rows[(y + 1) % 3] : rows[(y - 1) % 3];
      interpolate_row (up, rows[y % 3], dn, w, red_row, red_row ? rx : rx ^ 1,
                       out + (gsize) y * out_stride);
    }
  return TRUE;
}

/* Monochrome frames become grey RGB8 through the table of channel 0 (GTK 4.8 has no grey
 * memory format); RGB frames (3 planes) go through the table of each channel. */
gboolean
cria_debayer_mono_rgb8 (const CriaFrame      *frame,
                        const CriaStretchLut *lut,
                        guint8               *out,
                        gsize                 out_stride,
                        GError              **error)
{
  const guint8 *restrict l0 = lut->channel[0];
  g_autofree guint16 *scratch = NULL;
  guint w, h, x, y;

  if (!cria_debayer_get_output_size (frame, CRIA_BAYER_NONE, CRIA_DEBAYER_BILINEAR, &w, &h,
                                     error)
      || !check_output (w, out_stride, error))
    return FALSE;

  scratch = scratch_for (frame, 1);
  for (y = 0; y < h; y++)
    {
      const guint16 *restrict src = cria_pixel_row_u16 (frame, y, scratch);
      guint8 *restrict o = out + (gsize) y * out_stride;

      if (frame->planes == 3)
        {
          const guint8 *restrict l1 = lut->channel[1], *restrict l2 = lut->channel[2];

          for (x = 0; x < w; x++)
            put_rgb (o + 3 * (gsize) x, l0[src[3 * (gsize) x]], l1[src[3 * (gsize) x + 1]],
                     l2[src[3 * (gsize) x + 2]]);
          continue;
        }

      for (x = 0; x + 1 < w; x++)
        {
          guint32 v = l0[src[x]];

          put_rgb_wide (o + 3 * (gsize) x, v, v, v);
        }
      put_rgb (o + 3 * (gsize) x, l0[src[x]], l0[src[x]], l0[src[x]]);
    }
  return TRUE;
}

/* The display image of any frame: Bayer frames by method, others (mono, RGB planes, or
 * a NONE pattern) at full size. Size the output with cria_debayer_get_output_size(). */
gboolean
cria_debayer_to_rgb8 (const CriaFrame      *frame,
                      CriaBayerPattern      pattern,
                      CriaDebayerMethod     method,
                      const CriaStretchLut *lut,
                      guint8               *out,
                      gsize                 out_stride,
                      GError              **error)
{
  if (!check_frame (frame, error))
    return FALSE;
  if (!is_bayer (pattern) || frame->planes != 1)
    return cria_debayer_mono_rgb8 (frame, lut, out, out_stride, error);
  if (method == CRIA_DEBAYER_SUPERPIXEL)
    return cria_debayer_superpixel_rgb8 (frame, pattern, lut, out, out_stride, error);
  return cria_debayer_bilinear_rgb8 (frame, pattern, lut, out, out_stride, error);
}
