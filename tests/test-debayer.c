/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-debayer"

#include <check.h>
#include <gio/gio.h>
#include <string.h>

#include "cria-bayer.h"
#include "cria-debayer.h"
#include "cria-stretch.h"

static const CriaBayerPattern patterns[] = {
  CRIA_BAYER_RGGB, CRIA_BAYER_GRBG, CRIA_BAYER_GBRG, CRIA_BAYER_BGGR,
};

/* Sizes that cover the vector loop (16 pixels, needing 17), its tail, odd sides and the
 * smallest frame. */
static const struct
{
  guint w, h;
} sizes[] = {
  { 2, 2 }, { 3, 3 }, { 7, 5 }, { 16, 4 }, { 17, 3 }, { 18, 6 }, { 33, 9 }, { 40, 7 },
  { 65, 5 },
};

static const guint16 colour[3] = { 1000, 2000, 3000 };

/* v / 16: R 1000, G 2000, B 3000 come out as 62, 125, 187. */
static CriaStretchLut *
scale_lut (void)
{
  CriaStretchLut *lut = g_new (CriaStretchLut, 1);
  guint c, v;

  for (c = 0; c < 3; c++)
    for (v = 0; v < CRIA_STRETCH_LUT_SIZE; v++)
      lut->channel[c][v] = (guint8) MIN (v / 16, 255);
  return lut;
}

/* A different arbitrary table per channel, so a channel mix-up cannot go unseen. */
static CriaStretchLut *
scrambled_lut (void)
{
  CriaStretchLut *lut = g_new (CriaStretchLut, 1);
  guint c, v;

  for (c = 0; c < 3; c++)
    for (v = 0; v < CRIA_STRETCH_LUT_SIZE; v++)
      lut->channel[c][v] = (guint8) ((v * 2654435761u + c * 40503u) >> 13);
  return lut;
}

static guint16
noise (guint x,
       guint y,
       guint seed)
{
  guint32 h = x * 73856093u ^ y * 19349663u ^ seed * 83492791u;

  h ^= h >> 13;
  h *= 0x5bd1e995u;
  h ^= h >> 15;
  return (guint16) h;
}

static void
set_sample (CriaFrame *frame,
            guint      x,
            guint      y,
            guint16    v)
{
  guint8 *p = frame->data + y * frame->stride
              + x * cria_element_type_size (frame->element_type);

  switch (frame->element_type)
    {
    case CRIA_ELEMENT_UINT16: { memcpy (p, &v, 2); } break;
    case CRIA_ELEMENT_BYTE:   *p = (guint8) (v / 257); break;
    case CRIA_ELEMENT_INT32:  { gint32 i = v; memcpy (p, &i, 4); } break;
    case CRIA_ELEMENT_DOUBLE: { double d = v; memcpy (p, &d, 8); } break;
    default: ck_abort_msg ("type not used by the tests");
    }
}

static CriaFrame *
uniform_mosaic (guint            w,
                guint            h,
                CriaBayerPattern pattern,
                CriaElementType  type)
{
  CriaFrame *frame = cria_frame_new (type, w, h, 1, NULL);
  guint x, y;

  ck_assert (frame != NULL);
  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      set_sample (frame, x, y, colour[cria_bayer_pattern_channel_at (pattern, x, y)]);
  return frame;
}

static CriaFrame *
random_mosaic (guint w,
               guint h,
               guint seed)
{
  CriaFrame *frame = cria_frame_new (CRIA_ELEMENT_UINT16, w, h, 1, NULL);
  guint x, y;

  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      set_sample (frame, x, y, noise (x, y, seed));
  return frame;
}

static guint16
sample_at (const CriaFrame *frame,
           guint            x,
           guint            y)
{
  return (guint16) cria_frame_get_value (frame, x, y, 0);
}

static guint8 *
run (const CriaFrame      *frame,
     CriaBayerPattern      pattern,
     CriaDebayerMethod     method,
     const CriaStretchLut *lut,
     guint                *ow,
     guint                *oh)
{
  g_autoptr(GError) error = NULL;
  guint8 *out;

  ck_assert (cria_debayer_get_output_size (frame, pattern, method, ow, oh, &error));
  /* One guard byte past the end catches a write beyond the image. */
  out = g_malloc ((gsize) *ow * 3 * *oh + 1);
  out[(gsize) *ow * 3 * *oh] = 0xA5;
  ck_assert_msg (cria_debayer_to_rgb8 (frame, pattern, method, lut, out, *ow * 3, &error),
                 "%s", error ? error->message : "");
  ck_assert_uint_eq (out[(gsize) *ow * 3 * *oh], 0xA5);
  return out;
}

static void
assert_uniform (const guint8 *out,
                guint         w,
                guint         h,
                const char   *what)
{
  guint i;

  for (i = 0; i < w * h; i++)
    ck_assert_msg (out[3 * i] == 62 && out[3 * i + 1] == 125 && out[3 * i + 2] == 187,
                   "%s: pixel (%u, %u) is (%u, %u, %u)", what, i % w, i / w, out[3 * i],
                   out[3 * i + 1], out[3 * i + 2]);
}

/* Uniform colour in, the same colour everywhere out, for every phase, size and method. */
START_TEST (test_uniform)
{
  CriaBayerPattern pattern = patterns[_i];
  g_autofree CriaStretchLut *lut = scale_lut ();
  guint s;

  for (s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(CriaFrame) frame = uniform_mosaic (sizes[s].w, sizes[s].h, pattern,
                                                   CRIA_ELEMENT_UINT16);
      g_autofree guint8 *half = NULL, *full = NULL;
      guint w, h;

      half = run (frame, pattern, CRIA_DEBAYER_SUPERPIXEL, lut, &w, &h);
      ck_assert_uint_eq (w, sizes[s].w / 2);
      ck_assert_uint_eq (h, sizes[s].h / 2);
      assert_uniform (half, w, h, "superpixel");

      full = run (frame, pattern, CRIA_DEBAYER_BILINEAR, lut, &w, &h);
      ck_assert_uint_eq (w, sizes[s].w);
      ck_assert_uint_eq (h, sizes[s].h);
      assert_uniform (full, w, h, "bilinear");
    }
}
END_TEST

/* Byte, Int32 and Double mosaics take the same path once scaled to 16 bits. */
START_TEST (test_other_types)
{
  static const CriaElementType types[] = {
    CRIA_ELEMENT_BYTE, CRIA_ELEMENT_INT32, CRIA_ELEMENT_DOUBLE,
  };
  g_autofree CriaStretchLut *lut = scale_lut ();
  guint t;

  for (t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autoptr(CriaFrame) frame = uniform_mosaic (21, 7, CRIA_BAYER_GBRG, types[t]);
      g_autofree guint8 *half = NULL, *full = NULL;
      guint w, h;

      if (types[t] == CRIA_ELEMENT_BYTE)
        {
          /* 1000 / 257 × 257 = 771 → 48, and so on. */
          guint8 expected[3] = { 771 / 16, 1799 / 16, 2827 / 16 };
          guint i;

          full = run (frame, CRIA_BAYER_GBRG, CRIA_DEBAYER_BILINEAR, lut, &w, &h);
          for (i = 0; i < w * h; i++)
            ck_assert (memcmp (full + 3 * i, expected, 3) == 0);
          continue;
        }
      half = run (frame, CRIA_BAYER_GBRG, CRIA_DEBAYER_SUPERPIXEL, lut, &w, &h);
      assert_uniform (half, w, h, cria_element_type_to_string (types[t]));
      full = run (frame, CRIA_BAYER_GBRG, CRIA_DEBAYER_BILINEAR, lut, &w, &h);
      assert_uniform (full, w, h, cria_element_type_to_string (types[t]));
    }
}
END_TEST

static guint
mirror (int  i,
        guint n)
{
  if (i < 0)
    return (guint) -i;
  if ((guint) i >= n)
    return 2 * n - 2 - (guint) i;
  return (guint) i;
}

static guint
avg (guint a,
     guint b)
{
  return (a + b + 1) / 2;
}

/* The stretched sample at (x, y), mirrored at the borders. */
static guint
stretched (const CriaFrame      *frame,
           CriaBayerPattern      pattern,
           const CriaStretchLut *lut,
           int                   x,
           int                   y)
{
  guint mx = mirror (x, frame->width), my = mirror (y, frame->height);

  return lut->channel[cria_bayer_pattern_channel_at (pattern, mx, my)][sample_at (frame, mx, my)];
}

/* Bilinear, written the slow and obvious way: per pixel, by its colour. */
static void
reference_bilinear (const CriaFrame      *frame,
                    CriaBayerPattern      pattern,
                    const CriaStretchLut *lut,
                    int                   x,
                    int                   y,
                    guint                 rgb[3])
{
  CriaChannel own = cria_bayer_pattern_channel_at (pattern, x, y);

#define S(dx, dy) stretched (frame, pattern, lut, x + (dx), y + (dy))
  rgb[own] = S (0, 0);
  if (own == CRIA_CHANNEL_GREEN)
    {
      rgb[cria_bayer_pattern_channel_at (pattern, x + 1, y)] = avg (S (-1, 0), S (1, 0));
      rgb[cria_bayer_pattern_channel_at (pattern, x, y + 1)] = avg (S (0, -1), S (0, 1));
    }
  else
    {
      rgb[CRIA_CHANNEL_GREEN] = avg (avg (S (-1, 0), S (1, 0)), avg (S (0, -1), S (0, 1)));
      rgb[2 - own] = avg (avg (S (-1, -1), S (1, -1)), avg (S (-1, 1), S (1, 1)));
    }
#undef S
}

static void
reference_superpixel (const CriaFrame      *frame,
                      CriaBayerPattern      pattern,
                      const CriaStretchLut *lut,
                      guint                 i,
                      guint                 j,
                      guint                 rgb[3])
{
  guint greens = 0, dx, dy;

  for (dy = 0; dy < 2; dy++)
    for (dx = 0; dx < 2; dx++)
      {
        guint x = 2 * i + dx, y = 2 * j + dy;
        CriaChannel c = cria_bayer_pattern_channel_at (pattern, x, y);

        if (c == CRIA_CHANNEL_GREEN)
          greens += sample_at (frame, x, y);
        else
          rgb[c] = lut->channel[c][sample_at (frame, x, y)];
      }
  rgb[CRIA_CHANNEL_GREEN] = lut->channel[CRIA_CHANNEL_GREEN][(greens + 1) / 2];
}

/* Random mosaics and scrambled tables against the slow reference, every pixel exact:
 * phases, borders, odd sizes, vector loop and tail. */
START_TEST (test_reference)
{
  CriaBayerPattern pattern = patterns[_i];
  g_autofree CriaStretchLut *lut = scrambled_lut ();
  guint s;

  for (s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(CriaFrame) frame = random_mosaic (sizes[s].w, sizes[s].h, s + 10 * _i);
      g_autofree guint8 *half = NULL, *full = NULL;
      guint w, h, x, y, rgb[3];

      full = run (frame, pattern, CRIA_DEBAYER_BILINEAR, lut, &w, &h);
      for (y = 0; y < h; y++)
        for (x = 0; x < w; x++)
          {
            const guint8 *o = full + 3 * (y * w + x);

            reference_bilinear (frame, pattern, lut, x, y, rgb);
            ck_assert_msg (o[0] == rgb[0] && o[1] == rgb[1] && o[2] == rgb[2],
                           "bilinear %u×%u pattern %d: (%u, %u) is (%u, %u, %u), "
                           "expected (%u, %u, %u)", sizes[s].w, sizes[s].h, pattern, x, y,
                           o[0], o[1], o[2], rgb[0], rgb[1], rgb[2]);
          }

      half = run (frame, pattern, CRIA_DEBAYER_SUPERPIXEL, lut, &w, &h);
      for (y = 0; y < h; y++)
        for (x = 0; x < w; x++)
          {
            const guint8 *o = half + 3 * (y * w + x);

            reference_superpixel (frame, pattern, lut, x, y, rgb);
            ck_assert_msg (o[0] == rgb[0] && o[1] == rgb[1] && o[2] == rgb[2],
                           "superpixel pattern %d: (%u, %u)", pattern, x, y);
          }
    }
}
END_TEST

/* A linear ramp along x in every colour: interpolation keeps the three channels
 * together away from the left and right edges (where the mirror flattens the ramp). */
START_TEST (test_gradient)
{
  CriaBayerPattern pattern = patterns[_i];
  g_autofree CriaStretchLut *lut = scale_lut ();
  g_autoptr(CriaFrame) frame = cria_frame_new (CRIA_ELEMENT_UINT16, 48, 6, 1, NULL);
  g_autofree guint8 *full = NULL;
  guint w, h, x, y;

  for (y = 0; y < 6; y++)
    for (x = 0; x < 48; x++)
      set_sample (frame, x, y, (guint16) (64 * x));

  full = run (frame, pattern, CRIA_DEBAYER_BILINEAR, lut, &w, &h);
  for (y = 0; y < h; y++)
    for (x = 1; x + 1 < w; x++)
      {
        const guint8 *o = full + 3 * (y * w + x);
        guint c;

        for (c = 0; c < 3; c++)
          ck_assert_msg (ABS ((int) o[c] - (int) (4 * x)) <= 1,
                         "(%u, %u) channel %u is %u, expected %u", x, y, c, o[c], 4 * x);
      }
}
END_TEST

/* Cells alternately lit and dark: each output pixel of the superpixel image is its own
 * cell's, and the two greens of a cell are averaged. */
START_TEST (test_checkerboard)
{
  CriaBayerPattern pattern = patterns[_i];
  g_autofree CriaStretchLut *lut = scale_lut ();
  g_autoptr(CriaFrame) frame = cria_frame_new (CRIA_ELEMENT_UINT16, 13, 9, 1, NULL);
  g_autofree guint8 *half = NULL;
  guint w, h, x, y;

  for (y = 0; y < 9; y++)
    for (x = 0; x < 13; x++)
      {
        gboolean lit = ((x / 2) + (y / 2)) % 2 == 0;
        CriaChannel c = cria_bayer_pattern_channel_at (pattern, x, y);
        /* The two greens of a lit cell differ: 2000 and 2100 average to 2050 → 128. */
        guint16 v = c == CRIA_CHANNEL_GREEN ? (guint16) (2000 + 100 * (y & 1)) : colour[c];

        set_sample (frame, x, y, lit ? v : 0);
      }

  half = run (frame, pattern, CRIA_DEBAYER_SUPERPIXEL, lut, &w, &h);
  ck_assert_uint_eq (w, 6);
  ck_assert_uint_eq (h, 4);
  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      {
        const guint8 *o = half + 3 * (y * w + x);
        gboolean lit = (x + y) % 2 == 0;

        ck_assert_uint_eq (o[0], lit ? 62 : 0);
        ck_assert_uint_eq (o[1], lit ? 128 : 0);
        ck_assert_uint_eq (o[2], lit ? 187 : 0);
      }
}
END_TEST

START_TEST (test_pattern_for)
{
  /* The names read the top-left cell row by row. */
  const CriaChannel R = CRIA_CHANNEL_RED, G = CRIA_CHANNEL_GREEN, B = CRIA_CHANNEL_BLUE;
  const struct
  {
    CriaBayerPattern pattern;
    CriaChannel      cell[4];
  } cells[] = {
    { CRIA_BAYER_RGGB, { R, G, G, B } },
    { CRIA_BAYER_GRBG, { G, R, B, G } },
    { CRIA_BAYER_GBRG, { G, B, R, G } },
    { CRIA_BAYER_BGGR, { B, G, G, R } },
  };
  guint i, k, red_x, red_y;

  for (i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      for (k = 0; k < 4; k++)
        {
          ck_assert_int_eq (cria_bayer_pattern_channel_at (cells[i].pattern, k % 2, k / 2),
                            cells[i].cell[k]);
          /* The pattern repeats every two pixels. */
          ck_assert_int_eq (cria_bayer_pattern_channel_at (cells[i].pattern, k % 2 + 6,
                                                           k / 2 + 10),
                            cells[i].cell[k]);
        }
      cria_bayer_pattern_red_phase (cells[i].pattern, &red_x, &red_y);
      ck_assert_int_eq (cells[i].cell[red_y * 2 + red_x], CRIA_CHANNEL_RED);
    }

  /* RGGB with the matrix starting at (0, 0) of the sensor. */
  ck_assert_int_eq (cria_bayer_pattern_for (2, 0, 0, 0, 0, 1, 1), CRIA_BAYER_RGGB);
  ck_assert_int_eq (cria_bayer_pattern_for (2, 0, 0, 1, 0, 1, 1), CRIA_BAYER_GRBG);
  ck_assert_int_eq (cria_bayer_pattern_for (2, 0, 0, 0, 1, 1, 1), CRIA_BAYER_GBRG);
  ck_assert_int_eq (cria_bayer_pattern_for (2, 0, 0, 101, 33, 1, 1), CRIA_BAYER_BGGR);
  ck_assert_int_eq (cria_bayer_pattern_for (2, 0, 0, 100, 32, 1, 1), CRIA_BAYER_RGGB);
  /* Offsets move the matrix on the sensor; a start on the offset undoes it. */
  ck_assert_int_eq (cria_bayer_pattern_for (2, 1, 0, 0, 0, 1, 1), CRIA_BAYER_GRBG);
  ck_assert_int_eq (cria_bayer_pattern_for (2, 1, 1, 0, 0, 1, 1), CRIA_BAYER_BGGR);
  ck_assert_int_eq (cria_bayer_pattern_for (2, 1, 1, 1, 1, 1, 1), CRIA_BAYER_RGGB);
  ck_assert_int_eq (cria_bayer_pattern_for (2, 0, 1, 3, 0, 1, 1), CRIA_BAYER_BGGR);
  ck_assert_int_eq (cria_bayer_pattern_for (2, -1, 0, 0, 0, 1, 1), CRIA_BAYER_GRBG);
  /* Binned colour frames are mono; so are sensors Cria does not debayer. */
  ck_assert_int_eq (cria_bayer_pattern_for (2, 0, 0, 0, 0, 2, 2), CRIA_BAYER_NONE);
  ck_assert_int_eq (cria_bayer_pattern_for (2, 0, 0, 0, 0, 1, 2), CRIA_BAYER_NONE);
  ck_assert_int_eq (cria_bayer_pattern_for (2, 0, 0, 0, 0, 0, 0), CRIA_BAYER_NONE);
  ck_assert_int_eq (cria_bayer_pattern_for (0, 0, 0, 0, 0, 1, 1), CRIA_BAYER_NONE);
  ck_assert_int_eq (cria_bayer_pattern_for (1, 0, 0, 0, 0, 1, 1), CRIA_BAYER_NONE);
  ck_assert_int_eq (cria_bayer_pattern_for (3, 0, 0, 0, 0, 1, 1), CRIA_BAYER_NONE);
  ck_assert_int_eq (cria_bayer_pattern_for (5, 0, 0, 0, 0, 1, 1), CRIA_BAYER_NONE);

  ck_assert_str_eq (cria_bayer_pattern_to_fits (CRIA_BAYER_GBRG), "GBRG");
  ck_assert_ptr_null (cria_bayer_pattern_to_fits (CRIA_BAYER_NONE));
  ck_assert_int_eq (cria_bayer_pattern_from_fits (" bggr "), CRIA_BAYER_BGGR);
  ck_assert_int_eq (cria_bayer_pattern_from_fits ("RGBG"), CRIA_BAYER_NONE);
  ck_assert_int_eq (cria_bayer_pattern_from_fits (NULL), CRIA_BAYER_NONE);
}
END_TEST

/* A subframe cut from a full-sensor mosaic at an odd start, given the pattern that
 * cria_bayer_pattern_for() computes, debayers to the right colour. */
START_TEST (test_subframe)
{
  static const struct
  {
    int offset_x, offset_y, start_x, start_y;
  } cases[] = {
    { 0, 0, 1, 0 }, { 0, 0, 0, 1 }, { 0, 0, 3, 5 }, { 1, 0, 1, 2 }, { 1, 1, 2, 7 },
    { 0, 1, 5, 5 },
  };
  g_autofree CriaStretchLut *lut = scale_lut ();
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* The sensor's own pattern: red at (offset_x, offset_y). */
      CriaBayerPattern sensor = cria_bayer_pattern_shift (CRIA_BAYER_RGGB,
                                                          -cases[i].offset_x,
                                                          -cases[i].offset_y);
      g_autoptr(CriaFrame) full_frame = uniform_mosaic (40, 30, sensor, CRIA_ELEMENT_UINT16);
      g_autoptr(CriaFrame) sub = NULL;
      g_autofree guint8 *half = NULL, *full = NULL;
      CriaBayerPattern pattern;
      guint w, h;

      ck_assert_int_eq (cria_bayer_pattern_channel_at (sensor, cases[i].offset_x,
                                                       cases[i].offset_y),
                        CRIA_CHANNEL_RED);
      sub = cria_frame_new_for_data (CRIA_ELEMENT_UINT16, 21, 13, 1,
                                     full_frame->data + cases[i].start_y * full_frame->stride
                                     + cases[i].start_x * 2,
                                     full_frame->stride, NULL, NULL);
      pattern = cria_bayer_pattern_for (2, cases[i].offset_x, cases[i].offset_y,
                                        cases[i].start_x, cases[i].start_y, 1, 1);
      half = run (sub, pattern, CRIA_DEBAYER_SUPERPIXEL, lut, &w, &h);
      assert_uniform (half, w, h, "subframe superpixel");
      full = run (sub, pattern, CRIA_DEBAYER_BILINEAR, lut, &w, &h);
      assert_uniform (full, w, h, "subframe bilinear");
    }
}
END_TEST

START_TEST (test_mono)
{
  g_autofree CriaStretchLut *lut = scrambled_lut ();
  g_autoptr(CriaFrame) mono = random_mosaic (7, 5, 3);
  g_autoptr(CriaFrame) rgb = cria_frame_new (CRIA_ELEMENT_UINT16, 5, 3, 3, NULL);
  g_autoptr(CriaFrame) bytes = cria_frame_new (CRIA_ELEMENT_BYTE, 9, 2, 1, NULL);
  g_autofree guint8 *out = NULL, *out_rgb = NULL, *out_bytes = NULL;
  guint w, h, x, y, c;

  /* The method does not matter without a pattern: full size, grey. */
  out = run (mono, CRIA_BAYER_NONE, CRIA_DEBAYER_SUPERPIXEL, lut, &w, &h);
  ck_assert_uint_eq (w, 7);
  ck_assert_uint_eq (h, 5);
  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      for (c = 0; c < 3; c++)
        ck_assert_uint_eq (out[3 * (y * w + x) + c], lut->channel[0][sample_at (mono, x, y)]);

  for (y = 0; y < 3; y++)
    for (x = 0; x < 5; x++)
      for (c = 0; c < 3; c++)
        ((guint16 *) (rgb->data + y * rgb->stride))[3 * x + c] = noise (x, y, c);
  /* Planes are colours even when a pattern is passed. */
  out_rgb = run (rgb, CRIA_BAYER_RGGB, CRIA_DEBAYER_BILINEAR, lut, &w, &h);
  ck_assert_uint_eq (w, 5);
  for (y = 0; y < 3; y++)
    for (x = 0; x < 5; x++)
      for (c = 0; c < 3; c++)
        ck_assert_uint_eq (out_rgb[3 * (y * 5 + x) + c], lut->channel[c][noise (x, y, c)]);

  for (x = 0; x < 18; x++)
    bytes->data[x] = (guint8) (x * 14);
  out_bytes = run (bytes, CRIA_BAYER_NONE, CRIA_DEBAYER_BILINEAR, lut, &w, &h);
  for (x = 0; x < 18; x++)
    ck_assert_uint_eq (out_bytes[3 * x + 1], lut->channel[0][x * 14 * 257]);
}
END_TEST

START_TEST (test_bad_input)
{
  g_autofree CriaStretchLut *lut = scale_lut ();
  g_autoptr(CriaFrame) thin = uniform_mosaic (1, 5, CRIA_BAYER_RGGB, CRIA_ELEMENT_UINT16);
  g_autoptr(CriaFrame) ok = uniform_mosaic (8, 8, CRIA_BAYER_RGGB, CRIA_ELEMENT_UINT16);
  g_autoptr(CriaFrame) two = cria_frame_new (CRIA_ELEMENT_UINT16, 4, 4, 2, NULL);
  g_autoptr(GError) error = NULL;
  guint8 out[8 * 8 * 3];

  ck_assert (!cria_debayer_to_rgb8 (thin, CRIA_BAYER_RGGB, CRIA_DEBAYER_BILINEAR, lut, out,
                                    3, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT));
  g_clear_error (&error);

  ck_assert (!cria_debayer_to_rgb8 (ok, CRIA_BAYER_RGGB, CRIA_DEBAYER_BILINEAR, lut, out,
                                    8 * 3 - 1, &error));
  ck_assert (error != NULL);
  g_clear_error (&error);

  ck_assert (!cria_debayer_to_rgb8 (two, CRIA_BAYER_NONE, CRIA_DEBAYER_BILINEAR, lut, out,
                                    4 * 3, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED));
  g_clear_error (&error);

  ck_assert (!cria_debayer_superpixel_rgb8 (ok, CRIA_BAYER_NONE, lut, out, 4 * 3, &error));
  ck_assert (error != NULL);
}
END_TEST

static void
assert_quality_uniform (CriaBayerPattern    pattern,
                        CriaDemosaicQuality quality)
{
  g_autoptr(CriaFrame) frame = uniform_mosaic (64, 48, pattern, CRIA_ELEMENT_UINT16);
  g_autoptr(CriaFrame) rgb = NULL;
  g_autoptr(GError) error = NULL;
  guint x, y, c;

  rgb = cria_debayer_quality (frame, pattern, quality, NULL, &error);
  ck_assert_msg (rgb != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (rgb->width, 64);
  ck_assert_uint_eq (rgb->height, 48);
  ck_assert_uint_eq (rgb->planes, 3);
  ck_assert_int_eq (rgb->element_type, CRIA_ELEMENT_UINT16);

  /* LibRaw may treat a few border pixels differently; the interior must be the colour. */
  for (y = 4; y < 44; y++)
    for (x = 4; x < 60; x++)
      for (c = 0; c < 3; c++)
        {
          double v = cria_frame_get_value (rgb, x, y, c);

          ck_assert_msg (ABS (v - colour[c]) <= colour[c] * 0.02,
                         "quality %d pattern %d: (%u, %u) channel %u is %g, expected %u",
                         quality, pattern, x, y, c, v, colour[c]);
        }
}

START_TEST (test_quality_ahd)
{
  assert_quality_uniform (patterns[_i], CRIA_DEMOSAIC_AHD);
}
END_TEST

START_TEST (test_quality_methods)
{
  assert_quality_uniform (CRIA_BAYER_GRBG, CRIA_DEMOSAIC_VNG);
  assert_quality_uniform (CRIA_BAYER_GBRG, CRIA_DEMOSAIC_PPG);
  assert_quality_uniform (CRIA_BAYER_BGGR, CRIA_DEMOSAIC_DCB);
}
END_TEST

START_TEST (test_quality_errors)
{
  g_autoptr(CriaFrame) frame = uniform_mosaic (16, 16, CRIA_BAYER_RGGB, CRIA_ELEMENT_UINT16);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  ck_assert_ptr_null (cria_debayer_quality (frame, CRIA_BAYER_NONE, CRIA_DEMOSAIC_AHD, NULL,
                                            &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT));
  g_clear_error (&error);

  ck_assert_ptr_null (cria_debayer_quality (frame, CRIA_BAYER_RGGB, 7, NULL, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT));
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  ck_assert_ptr_null (cria_debayer_quality (frame, CRIA_BAYER_RGGB, CRIA_DEMOSAIC_AHD,
                                            cancellable, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
}
END_TEST

/* The four methods are four different algorithms: on a random mosaic no two agree. */
START_TEST (test_quality_distinct)
{
  static const CriaDemosaicQuality methods[] = {
    CRIA_DEMOSAIC_VNG, CRIA_DEMOSAIC_PPG, CRIA_DEMOSAIC_AHD, CRIA_DEMOSAIC_DCB,
  };
  g_autoptr(CriaFrame) frame = cria_frame_new (CRIA_ELEMENT_UINT16, 48, 40, 1, NULL);
  CriaFrame *results[G_N_ELEMENTS (methods)];
  guint x, y, i, j;

  for (y = 0; y < 40; y++)
    for (x = 0; x < 48; x++)
      set_sample (frame, x, y, 1000 + noise (x, y, 5) % 20000);
  for (i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      results[i] = cria_debayer_quality (frame, CRIA_BAYER_RGGB, methods[i], NULL, NULL);
      ck_assert (results[i] != NULL);
    }
  for (i = 0; i < G_N_ELEMENTS (methods); i++)
    for (j = i + 1; j < G_N_ELEMENTS (methods); j++)
      ck_assert_msg (memcmp (results[i]->data, results[j]->data,
                             cria_frame_get_n_bytes (results[i])) != 0,
                     "methods %d and %d give the same image", methods[i], methods[j]);
  for (i = 0; i < G_N_ELEMENTS (methods); i++)
    cria_frame_unref (results[i]);
}
END_TEST

typedef struct
{
  CriaBayerPattern pattern;
  gboolean         ok;
} QualityJob;

static gpointer
quality_in_thread (gpointer data)
{
  QualityJob *job = data;
  g_autoptr(CriaFrame) frame = uniform_mosaic (96, 64, job->pattern, CRIA_ELEMENT_UINT16);
  g_autoptr(CriaFrame) rgb = cria_debayer_quality (frame, job->pattern, CRIA_DEMOSAIC_AHD,
                                                   NULL, NULL);

  job->ok = rgb != NULL && ABS (cria_frame_get_value (rgb, 40, 30, 2) - colour[2]) < 60;
  return NULL;
}

/* One LibRaw object per call: concurrent snapshots do not disturb each other. */
START_TEST (test_quality_threads)
{
  QualityJob jobs[4];
  GThread *threads[4];
  guint i;

  for (i = 0; i < 4; i++)
    {
      jobs[i].pattern = patterns[i];
      jobs[i].ok = FALSE;
      threads[i] = g_thread_new ("demosaic", quality_in_thread, &jobs[i]);
    }
  for (i = 0; i < 4; i++)
    {
      g_thread_join (threads[i]);
      ck_assert_msg (jobs[i].ok, "thread %u", i);
    }
}
END_TEST

int
main (int   argc,
      char *argv[])
{
  Suite *suite = suite_create ("debayer");
  TCase *tc = tcase_create ("debayer");
  SRunner *runner;
  int failed;

  tcase_set_timeout (tc, 60);
  tcase_add_loop_test (tc, test_uniform, 0, G_N_ELEMENTS (patterns));
  tcase_add_test (tc, test_other_types);
  tcase_add_loop_test (tc, test_reference, 0, G_N_ELEMENTS (patterns));
  tcase_add_loop_test (tc, test_gradient, 0, G_N_ELEMENTS (patterns));
  tcase_add_loop_test (tc, test_checkerboard, 0, G_N_ELEMENTS (patterns));
  tcase_add_test (tc, test_pattern_for);
  tcase_add_test (tc, test_subframe);
  tcase_add_test (tc, test_mono);
  tcase_add_test (tc, test_bad_input);
  tcase_add_loop_test (tc, test_quality_ahd, 0, G_N_ELEMENTS (patterns));
  tcase_add_test (tc, test_quality_methods);
  tcase_add_test (tc, test_quality_distinct);
  tcase_add_test (tc, test_quality_errors);
  tcase_add_test (tc, test_quality_threads);
  suite_add_tcase (suite, tc);

  runner = srunner_create (suite);
  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
