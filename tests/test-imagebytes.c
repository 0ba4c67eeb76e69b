/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-imagebytes"

#include <check.h>
#include <math.h>
#include <string.h>

#include "cria-alpaca-error.h"
#include "cria-imagebytes.h"

/* Streams are built here by hand, independently of the encoder under test. */

static guint64
mix (guint x,
     guint y,
     guint p)
{
  guint64 h = (x + 1) * 0x9E3779B97F4A7C15ull ^ (y + 3) * 0xC2B2AE3D27D4EB4Full
              ^ (p + 7) * 0x165667B19E3779F9ull;

  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 32;
  return h;
}

/* The sample ImageArray[x, y, p] of a given type, in host byte order. Integers cover the
 * whole range (with -1/max at x = 0 and the sign bit at x = 1 in row 0); floats are
 * exactly representable. */
static void
sample (CriaElementType  type,
        guint            x,
        guint            y,
        guint            p,
        guint8          *out)
{
  guint64 h = mix (x, y, p);
  gsize size = cria_element_type_size (type);

  if (type == CRIA_ELEMENT_SINGLE)
    {
      float f = (float) ((gint32) (h & 0xffffff) - 0x800000) / 8.0f;

      memcpy (out, &f, 4);
      return;
    }
  if (type == CRIA_ELEMENT_DOUBLE)
    {
      double d = ldexp ((double) (h >> 11) - 4503599627370496.0, -12);

      memcpy (out, &d, 8);
      return;
    }

  if (y == 0 && x == 0)
    h = G_MAXUINT64;
  else if (y == 0 && x == 1)
    h = (guint64) 1 << (size * 8 - 1);

  switch (size)
    {
    case 1: { guint8 v = (guint8) h; memcpy (out, &v, 1); } break;
    case 2: { guint16 v = (guint16) h; memcpy (out, &v, 2); } break;
    case 4: { guint32 v = (guint32) h; memcpy (out, &v, 4); } break;
    default: memcpy (out, &h, 8); break;
    }
}

static void
to_le (guint8 *p,
       gsize   size)
{
#if G_BYTE_ORDER == G_BIG_ENDIAN
  gsize a, b;

  for (a = 0, b = size - 1; a < b; a++, b--)
    {
      guint8 t = p[a];

      p[a] = p[b];
      p[b] = t;
    }
#else
  (void) p;
  (void) size;
#endif
}

static void
put_le32 (guint8 *p,
          gint32  v)
{
  guint32 u = GUINT32_TO_LE ((guint32) v);

  memcpy (p, &u, 4);
}

/* planes == 0 means rank 2. */
static guint8 *
make_stream (CriaElementType  image_type,
             CriaElementType  trans_type,
             guint            width,
             guint            height,
             guint            planes,
             gsize            data_start,
             gsize           *out_length)
{
  gsize size = cria_element_type_size (trans_type);
  guint n_planes = MAX (planes, 1);
  gsize length = data_start + (gsize) width * height * n_planes * size;
  guint8 *s = g_malloc (length);
  guint8 *d;
  guint x, y, p;

  memset (s, 0xEE, data_start);
  put_le32 (s + 0, 1);
  put_le32 (s + 4, 0);
  put_le32 (s + 8, 17);
  put_le32 (s + 12, 42);
  put_le32 (s + 16, (gint32) data_start);
  put_le32 (s + 20, image_type);
  put_le32 (s + 24, trans_type);
  put_le32 (s + 28, planes == 0 ? 2 : 3);
  put_le32 (s + 32, width);
  put_le32 (s + 36, height);
  put_le32 (s + 40, planes);

  /* Alpaca order: x slowest, then y, then the plane. */
  d = s + data_start;
  for (x = 0; x < width; x++)
    for (y = 0; y < height; y++)
      for (p = 0; p < n_planes; p++, d += size)
        {
          sample (trans_type, x, y, p, d);
          to_le (d, size);
        }

  *out_length = length;
  return s;
}

static void
assert_frame_matches (const CriaFrame *frame,
                      CriaElementType  image_type,
                      CriaElementType  trans_type,
                      guint            width,
                      guint            height,
                      guint            planes)
{
  gsize size = cria_element_type_size (trans_type);
  guint x, y, p;

  ck_assert_uint_eq (frame->width, width);
  ck_assert_uint_eq (frame->height, height);
  ck_assert_uint_eq (frame->planes, planes);
  ck_assert_int_eq (frame->element_type, trans_type);
  ck_assert_int_eq (frame->image_element_type, image_type);
  ck_assert_uint_ge (frame->stride, (gsize) width * planes * size);

  for (y = 0; y < height; y++)
    for (x = 0; x < width; x++)
      for (p = 0; p < planes; p++)
        {
          guint8 expected[8];
          const guint8 *got = frame->data + y * frame->stride + ((gsize) x * planes + p) * size;

          /* Not ck_assert: it writes to a pipe on every call, even on success. */
          sample (trans_type, x, y, p, expected);
          if (memcmp (got, expected, size) != 0)
            ck_abort_msg ("%s/%s: pixel (%u, %u) plane %u differs",
                          cria_element_type_to_string (image_type),
                          cria_element_type_to_string (trans_type), x, y, p);
        }
}

static CriaFrame *
decode_ok (const guint8 *stream,
           gsize         length)
{
  g_autoptr(GError) error = NULL;
  CriaFrame *frame = cria_imagebytes_decode (stream, length, &error);

  ck_assert_msg (frame != NULL, "decode failed: %s", error ? error->message : "?");
  ck_assert (error == NULL);
  return frame;
}

START_TEST (test_all_type_pairs)
{
  int image_type, trans_type;

  for (image_type = 1; image_type <= CRIA_ELEMENT_TYPE_LAST; image_type++)
    for (trans_type = 1; trans_type <= CRIA_ELEMENT_TYPE_LAST; trans_type++)
      {
        g_autofree guint8 *stream = NULL;
        g_autoptr(CriaFrame) frame = NULL;
        gsize length;

        stream = make_stream (image_type, trans_type, 7, 5, 0, 44, &length);
        frame = decode_ok (stream, length);
        assert_frame_matches (frame, image_type, trans_type, 7, 5, 1);
      }
}
END_TEST

START_TEST (test_large_odd_sizes)
{
  /* Sizes that leave ragged edges around the SIMD blocks and the cache tiles. */
  static const guint sizes[][2] = { { 1, 1 }, { 1, 9 }, { 9, 1 }, { 8, 8 }, { 17, 33 },
                                    { 515, 9 }, { 13, 1031 }, { 600, 523 } };
  static const CriaElementType types[] = { CRIA_ELEMENT_BYTE, CRIA_ELEMENT_UINT16,
                                           CRIA_ELEMENT_INT32, CRIA_ELEMENT_DOUBLE };
  guint i, t, planes;

  for (i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (t = 0; t < G_N_ELEMENTS (types); t++)
      for (planes = 0; planes <= 3; planes += 3)
        {
          g_autofree guint8 *stream = NULL;
          g_autoptr(CriaFrame) frame = NULL;
          gsize length;

          stream = make_stream (CRIA_ELEMENT_INT32, types[t], sizes[i][0], sizes[i][1], planes,
                                44, &length);
          frame = decode_ok (stream, length);
          assert_frame_matches (frame, CRIA_ELEMENT_INT32, types[t], sizes[i][0], sizes[i][1],
                                MAX (planes, 1));
        }
}
END_TEST

START_TEST (test_rank3)
{
  int trans_type;
  guint planes;

  for (trans_type = 1; trans_type <= CRIA_ELEMENT_TYPE_LAST; trans_type++)
    for (planes = 1; planes <= 3; planes++)
      {
        g_autofree guint8 *stream = NULL;
        g_autoptr(CriaFrame) frame = NULL;
        gsize length;

        stream = make_stream (CRIA_ELEMENT_INT32, trans_type, 7, 5, planes, 44, &length);
        frame = decode_ok (stream, length);
        assert_frame_matches (frame, CRIA_ELEMENT_INT32, trans_type, 7, 5, planes);
      }
}
END_TEST

START_TEST (test_data_start_beyond_header)
{
  g_autofree guint8 *stream = NULL;
  g_autoptr(CriaFrame) frame = NULL;
  CriaImageBytesHeader header;
  g_autoptr(GError) error = NULL;
  gsize length;

  stream = make_stream (CRIA_ELEMENT_INT32, CRIA_ELEMENT_UINT16, 7, 5, 0, 100, &length);
  ck_assert (cria_imagebytes_parse_header (stream, length, &header, &error));
  ck_assert_int_eq (header.data_start, 100);
  ck_assert_uint_eq (header.client_transaction_id, 17);
  ck_assert_uint_eq (header.server_transaction_id, 42);
  ck_assert_int_eq (header.rank, 2);

  frame = decode_ok (stream, length);
  assert_frame_matches (frame, CRIA_ELEMENT_INT32, CRIA_ELEMENT_UINT16, 7, 5, 1);
}
END_TEST

START_TEST (test_trailing_bytes_ignored)
{
  g_autofree guint8 *stream = NULL;
  g_autoptr(CriaFrame) frame = NULL;
  gsize length;

  stream = make_stream (CRIA_ELEMENT_INT16, CRIA_ELEMENT_INT16, 7, 5, 0, 44, &length);
  stream = g_realloc (stream, length + 3);
  memset (stream + length, 0x55, 3);
  frame = decode_ok (stream, length + 3);
  assert_frame_matches (frame, CRIA_ELEMENT_INT16, CRIA_ELEMENT_INT16, 7, 5, 1);
}
END_TEST

static guint8 *
make_error_stream (gint32      error_number,
                   gsize       data_start,
                   const char *message,
                   gsize       message_length,
                   gsize      *out_length)
{
  guint8 *s = g_malloc0 (data_start + message_length);

  put_le32 (s + 0, 1);
  put_le32 (s + 4, error_number);
  put_le32 (s + 16, (gint32) data_start);
  memcpy (s + data_start, message, message_length);
  *out_length = data_start + message_length;
  return s;
}

START_TEST (test_device_error)
{
  const char *message = "Kamera nicht verbunden – Überprüfen Sie das Kabel";
  g_autofree guint8 *stream = NULL;
  g_autoptr(GError) error = NULL;
  CriaImageBytesHeader header;
  CriaFrame *frame;
  gsize length;

  stream = make_error_stream (0x407, 44, message, strlen (message), &length);
  frame = cria_imagebytes_decode (stream, length, &error);
  ck_assert (frame == NULL);
  ck_assert (g_error_matches (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_NOT_CONNECTED));
  ck_assert_str_eq (error->message, message);
  g_clear_error (&error);

  ck_assert (!cria_imagebytes_parse_header (stream, length, &header, &error));
  ck_assert (g_error_matches (error, CRIA_ALPACA_ERROR, 0x407));
  g_clear_error (&error);
  g_free (stream);

  /* A driver error with the message further on, and a trailing NUL. */
  stream = make_error_stream (0x50A, 60, "Shutter jammed\0junk", 19, &length);
  ck_assert (cria_imagebytes_decode (stream, length, &error) == NULL);
  ck_assert (g_error_matches (error, CRIA_ALPACA_ERROR, 0x50A));
  ck_assert_str_eq (error->message, "Shutter jammed");
  g_clear_error (&error);
  g_free (stream);

  /* No message at all: the error's name stands in. */
  stream = make_error_stream (0x400, 44, "", 0, &length);
  ck_assert (cria_imagebytes_decode (stream, length, &error) == NULL);
  ck_assert (g_error_matches (error, CRIA_ALPACA_ERROR, 0x400));
  ck_assert_str_eq (error->message, "NotImplemented");
  g_clear_error (&error);
}
END_TEST

START_TEST (test_device_error_bad_text)
{
  g_autofree char *long_text = g_strnfill (100000, 'x');
  g_autofree guint8 *stream = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  stream = make_error_stream (0x401, 44, "bad \xff\xfe value \xc3", 15, &length);
  ck_assert (cria_imagebytes_decode (stream, length, &error) == NULL);
  ck_assert (g_error_matches (error, CRIA_ALPACA_ERROR, 0x401));
  ck_assert (g_utf8_validate (error->message, -1, NULL));
  ck_assert (g_str_has_prefix (error->message, "bad "));
  ck_assert (strstr (error->message, "value") != NULL);
  g_clear_error (&error);
  g_free (stream);

  stream = make_error_stream (0x401, 44, long_text, 100000, &length);
  ck_assert (cria_imagebytes_decode (stream, length, &error) == NULL);
  ck_assert (g_error_matches (error, CRIA_ALPACA_ERROR, 0x401));
  ck_assert_uint_le (strlen (error->message), 2048);
  ck_assert_uint_ge (strlen (error->message), 100);
  g_clear_error (&error);
  g_free (stream);

  /* A long message in a two-byte script, one byte out of step, is cut between characters. */
  {
    GString *umlauts = g_string_new ("a");

    while (umlauts->len < 5000)
      g_string_append (umlauts, "ü");
    stream = make_error_stream (0x401, 44, umlauts->str, umlauts->len, &length);
    g_string_free (umlauts, TRUE);
  }
  ck_assert (cria_imagebytes_decode (stream, length, &error) == NULL);
  ck_assert (g_utf8_validate (error->message, -1, NULL));
  ck_assert (strstr (error->message, "\xef\xbf\xbd") == NULL);
  ck_assert (g_str_has_suffix (error->message, "ü…"));
  g_clear_error (&error);
  g_free (stream);

  /* DataStart 0 or past the end still reports the device's error number. */
  stream = make_error_stream (0x40B, 44, "oops", 4, &length);
  put_le32 (stream + 16, 0);
  ck_assert (cria_imagebytes_decode (stream, length, &error) == NULL);
  ck_assert (g_error_matches (error, CRIA_ALPACA_ERROR, 0x40B));
  g_clear_error (&error);
  g_free (stream);

  stream = make_error_stream (0x40B, 44, "oops", 4, &length);
  put_le32 (stream + 16, 1000);
  ck_assert (cria_imagebytes_decode (stream, length, &error) == NULL);
  ck_assert (g_error_matches (error, CRIA_ALPACA_ERROR, 0x40B));
  g_clear_error (&error);
}
END_TEST

typedef struct
{
  const char *what;
  gsize       offset;   /* header field to patch, or G_MAXSIZE for none */
  gint32      value;
  gssize      length_delta;
  int         code;
} MalformedCase;

static const MalformedCase malformed_cases[] = {
  { "one byte short", G_MAXSIZE, 0, -1, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "no data at all", G_MAXSIZE, 0, -(7 * 5 * 2), CRIA_PROTOCOL_ERROR_MALFORMED },
  { "version 0", 0, 0, 0, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "version 2", 0, 2, 0, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "version -1", 0, -1, 0, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "negative error number", 4, -5, 0, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "DataStart 0", 16, 0, 0, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "DataStart 43", 16, 43, 0, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "DataStart negative", 16, -44, 0, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "DataStart past the end", 16, 44 + 70 + 1, 0, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "DataStart huge", 16, G_MAXINT32, 0, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "DataStart leaves too little", 16, 46, 0, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "image type 0", 20, 0, 0, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "image type 10", 20, 10, 0, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "image type negative", 20, -2, 0, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "transmission type 0", 24, 0, 0, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "transmission type 10", 24, 10, 0, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "transmission type negative", 24, G_MININT32, 0, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "transmission type wider than sent", 24, CRIA_ELEMENT_INT32, 0, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "rank 0", 28, 0, 0, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "rank 1", 28, 1, 0, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "rank 4", 28, 4, 0, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "rank negative", 28, -3, 0, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "rank 3 without planes", 28, 3, 0, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "width 0", 32, 0, 0, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "width negative", 32, -7, 0, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "height 0", 36, 0, 0, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "height negative", 36, G_MININT32, 0, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "dimension3 negative", 40, -1, 0, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "width larger than sent", 32, 8, 0, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "width absurd", 32, G_MAXINT32, 0, CRIA_PROTOCOL_ERROR_TOO_LARGE },
  { "height absurd", 36, 65537, 0, CRIA_PROTOCOL_ERROR_TOO_LARGE },
};

START_TEST (test_malformed)
{
  const MalformedCase *c = &malformed_cases[_i];
  g_autofree guint8 *stream = NULL;
  g_autoptr(GError) error = NULL;
  CriaFrame *frame;
  gsize length;

  stream = make_stream (CRIA_ELEMENT_INT32, CRIA_ELEMENT_UINT16, 7, 5, 0, 44, &length);
  if (c->offset != G_MAXSIZE)
    put_le32 (stream + c->offset, c->value);
  length += c->length_delta;

  frame = cria_imagebytes_decode (stream, length, &error);
  ck_assert_msg (frame == NULL, "%s: decoded", c->what);
  ck_assert_msg (error != NULL, "%s: no error", c->what);
  ck_assert_msg (g_error_matches (error, CRIA_PROTOCOL_ERROR, c->code),
                 "%s: got %s %d: %s", c->what, g_quark_to_string (error->domain), error->code,
                 error->message);
  g_debug ("%s: %s", c->what, error->message);
}
END_TEST

START_TEST (test_absurd_dimensions)
{
  /* Products that overflow 32 bits, and planes beyond RGB. */
  static const gint32 dims[][4] = {
    { 2, 65536, 65536, 0 },
    { 2, G_MAXINT32, G_MAXINT32, 0 },
    { 3, 46341, 46341, 3 },
    { 3, 7, 5, 4 },
    { 3, 7, 5, G_MAXINT32 },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (dims); i++)
    {
      g_autofree guint8 *stream = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;

      stream = make_stream (CRIA_ELEMENT_INT32, CRIA_ELEMENT_DOUBLE, 7, 5, 0, 44, &length);
      put_le32 (stream + 28, dims[i][0]);
      put_le32 (stream + 32, dims[i][1]);
      put_le32 (stream + 36, dims[i][2]);
      put_le32 (stream + 40, dims[i][3]);
      ck_assert (cria_imagebytes_decode (stream, length, &error) == NULL);
      ck_assert_msg (g_error_matches (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_TOO_LARGE),
                     "case %u: %s", i, error->message);
    }
}
END_TEST

START_TEST (test_every_truncation)
{
  g_autofree guint8 *stream = NULL;
  gsize length, cut;

  stream = make_stream (CRIA_ELEMENT_INT32, CRIA_ELEMENT_INT32, 3, 2, 2, 52, &length);
  for (cut = 0; cut < length; cut++)
    {
      /* A fresh copy of exactly cut bytes lets a sanitizer see any overread. */
      g_autofree guint8 *copy = g_memdup2 (stream, cut);
      g_autoptr(GError) error = NULL;

      ck_assert (cria_imagebytes_decode (cut > 0 ? copy : NULL, cut, &error) == NULL);
      ck_assert (g_error_matches (error, CRIA_PROTOCOL_ERROR, CRIA_PROTOCOL_ERROR_MALFORMED));
    }
}
END_TEST

static CriaFrame *
make_frame (CriaElementType type,
            guint           width,
            guint           height,
            guint           planes)
{
  g_autoptr(GError) error = NULL;
  CriaFrame *frame = cria_frame_new (type, width, height, planes, &error);
  gsize size = cria_element_type_size (type);
  guint x, y, p;

  ck_assert (frame != NULL);
  for (y = 0; y < height; y++)
    for (x = 0; x < width; x++)
      for (p = 0; p < planes; p++)
        sample (type, x, y, p, frame->data + y * frame->stride + ((gsize) x * planes + p) * size);
  return frame;
}

static CriaFrame *
round_trip (const CriaFrame *frame,
            CriaElementType  trans_type)
{
  g_autoptr(GBytes) header = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GByteArray) stream = g_byte_array_new ();

  header = cria_imagebytes_encode_header (0, 5, 6, frame->image_element_type, trans_type,
                                          frame->width, frame->height, frame->planes);
  data = cria_imagebytes_encode_data (frame, trans_type);
  ck_assert_uint_eq (g_bytes_get_size (header), CRIA_IMAGEBYTES_HEADER_SIZE);
  ck_assert_uint_eq (g_bytes_get_size (data), (gsize) frame->width * frame->height
                     * frame->planes * cria_element_type_size (trans_type));
  g_byte_array_append (stream, g_bytes_get_data (header, NULL), g_bytes_get_size (header));
  g_byte_array_append (stream, g_bytes_get_data (data, NULL), g_bytes_get_size (data));
  return decode_ok (stream->data, stream->len);
}

START_TEST (test_round_trip)
{
  int type;
  guint planes;

  for (type = 1; type <= CRIA_ELEMENT_TYPE_LAST; type++)
    for (planes = 1; planes <= 3; planes += 2)
      {
        g_autoptr(CriaFrame) frame = make_frame (type, 37, 11, planes);
        g_autoptr(CriaFrame) back = round_trip (frame, type);

        assert_frame_matches (back, type, type, 37, 11, planes);
      }
}
END_TEST

START_TEST (test_encode_matches_hand_built)
{
  g_autoptr(CriaFrame) frame = make_frame (CRIA_ELEMENT_UINT16, 7, 5, 3);
  g_autoptr(GBytes) header = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autofree guint8 *stream = NULL;
  CriaImageBytesHeader h;
  g_autoptr(GError) error = NULL;
  gsize length;

  frame->image_element_type = CRIA_ELEMENT_INT32;
  stream = make_stream (CRIA_ELEMENT_INT32, CRIA_ELEMENT_UINT16, 7, 5, 3, 44, &length);
  header = cria_imagebytes_encode_header (0, 17, 42, CRIA_ELEMENT_INT32, CRIA_ELEMENT_UINT16,
                                          7, 5, 3);
  data = cria_imagebytes_encode_data (frame, CRIA_ELEMENT_UINT16);

  ck_assert (memcmp (g_bytes_get_data (header, NULL), stream, 44) == 0);
  ck_assert_uint_eq (g_bytes_get_size (data), length - 44);
  ck_assert (memcmp (g_bytes_get_data (data, NULL), stream + 44, length - 44) == 0);

  ck_assert (cria_imagebytes_parse_header (g_bytes_get_data (header, NULL), 44, &h, &error));
  ck_assert_int_eq (h.rank, 3);
  ck_assert_int_eq (h.dimension3, 3);
  g_clear_pointer (&header, g_bytes_unref);

  header = cria_imagebytes_encode_header (0x401, 1, 2, CRIA_ELEMENT_INT32, CRIA_ELEMENT_INT32,
                                          7, 5, 1);
  ck_assert (!cria_imagebytes_parse_header (g_bytes_get_data (header, NULL), 44, &h, &error));
  ck_assert (g_error_matches (error, CRIA_ALPACA_ERROR, 0x401));
}
END_TEST

START_TEST (test_encode_converts_and_clamps)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CriaFrame) frame = cria_frame_new (CRIA_ELEMENT_INT32, 4, 2, 1, &error);
  g_autoptr(CriaFrame) as_u16 = NULL;
  g_autoptr(CriaFrame) as_double = NULL;
  g_autoptr(CriaFrame) back = NULL;
  static const gint32 values[8] = { 0, 1, 65535, 1234, -5, 70000, G_MININT32, G_MAXINT32 };
  static const guint16 clamped[8] = { 0, 1, 65535, 1234, 0, 65535, 0, 65535 };
  guint i;

  memcpy (frame->data, values, sizeof values);
  as_u16 = round_trip (frame, CRIA_ELEMENT_UINT16);
  ck_assert_int_eq (as_u16->element_type, CRIA_ELEMENT_UINT16);
  ck_assert_int_eq (as_u16->image_element_type, CRIA_ELEMENT_INT32);
  for (i = 0; i < 8; i++)
    ck_assert_uint_eq (((guint16 *) as_u16->data)[i], clamped[i]);

  as_double = round_trip (frame, CRIA_ELEMENT_DOUBLE);
  for (i = 0; i < 8; i++)
    ck_assert (((double *) as_double->data)[i] == values[i]);

  /* And back from doubles, rounding to the nearest integer. */
  ((double *) as_double->data)[3] = 1233.6;
  back = round_trip (as_double, CRIA_ELEMENT_INT32);
  for (i = 0; i < 8; i++)
    ck_assert_int_eq (((gint32 *) back->data)[i], i == 3 ? 1234 : values[i]);
}
END_TEST

/* JSON images. */

static char *
json_image (CriaElementType type,
            int             json_type,
            guint           width,
            guint           height,
            guint           planes)
{
  GString *s = g_string_new (NULL);
  guint x, y, p;

  g_string_append_printf (s, "{\"Type\": %d, \"Rank\": %d, \"Value\": [", json_type,
                          planes == 0 ? 2 : 3);
  for (x = 0; x < width; x++)
    {
      g_string_append (s, x > 0 ? ",[" : "[");
      for (y = 0; y < height; y++)
        {
          if (y > 0)
            g_string_append_c (s, ',');
          if (planes > 0)
            g_string_append_c (s, '[');
          for (p = 0; p < MAX (planes, 1); p++)
            {
              guint8 raw[8];

              sample (type, x, y, p, raw);
              if (p > 0)
                g_string_append_c (s, ',');
              if (type == CRIA_ELEMENT_DOUBLE)
                {
                  char buf[G_ASCII_DTOSTR_BUF_SIZE];
                  double d;

                  memcpy (&d, raw, 8);
                  g_string_append (s, g_ascii_dtostr (buf, sizeof buf, d));
                }
              else if (type == CRIA_ELEMENT_INT16)
                {
                  gint16 v;

                  memcpy (&v, raw, 2);
                  g_string_append_printf (s, "%d", v);
                }
              else
                {
                  gint32 v;

                  memcpy (&v, raw, 4);
                  g_string_append_printf (s, "%d", v);
                }
            }
          if (planes > 0)
            g_string_append_c (s, ']');
        }
      g_string_append_c (s, ']');
    }
  g_string_append (s, "], \"ClientTransactionID\": 3, \"ServerTransactionID\": 4, "
                      "\"ErrorNumber\": 0, \"ErrorMessage\": \"\"}");
  return g_string_free (s, FALSE);
}

static void
assert_same_frame (const CriaFrame *a,
                   const CriaFrame *b)
{
  guint y;

  ck_assert_uint_eq (a->width, b->width);
  ck_assert_uint_eq (a->height, b->height);
  ck_assert_uint_eq (a->planes, b->planes);
  ck_assert_int_eq (a->element_type, b->element_type);
  ck_assert_int_eq (a->image_element_type, b->image_element_type);
  for (y = 0; y < a->height; y++)
    if (memcmp (a->data + y * a->stride, b->data + y * b->stride,
                (gsize) a->width * a->planes * cria_element_type_size (a->element_type)) != 0)
      ck_abort_msg ("row %u differs", y);
}

static void
check_json_against_imagebytes (CriaElementType type,
                               int             json_type,
                               guint           planes)
{
  g_autofree char *json = json_image (type, json_type, 7, 5, planes);
  g_autofree guint8 *stream = NULL;
  g_autoptr(CriaFrame) from_json = NULL;
  g_autoptr(CriaFrame) from_bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  from_json = cria_image_json_decode (json, strlen (json), &error);
  ck_assert_msg (from_json != NULL, "%s", error ? error->message : "");
  stream = make_stream (type, type, 7, 5, planes, 44, &length);
  from_bytes = decode_ok (stream, length);
  assert_same_frame (from_json, from_bytes);
  assert_frame_matches (from_json, type, type, 7, 5, MAX (planes, 1));
}

START_TEST (test_json_int32)
{
  check_json_against_imagebytes (CRIA_ELEMENT_INT32, 2, 0);
}
END_TEST

START_TEST (test_json_int32_rank3)
{
  check_json_against_imagebytes (CRIA_ELEMENT_INT32, 2, 3);
}
END_TEST

START_TEST (test_json_doubles)
{
  check_json_against_imagebytes (CRIA_ELEMENT_DOUBLE, 3, 0);
  check_json_against_imagebytes (CRIA_ELEMENT_DOUBLE, 3, 2);
}
END_TEST

START_TEST (test_json_int16)
{
  check_json_against_imagebytes (CRIA_ELEMENT_INT16, 1, 0);
}
END_TEST

START_TEST (test_json_casing_and_whole_doubles)
{
  const char *json = "{\"errornumber\":0,\"type\":2.0,\"RANK\":2,"
                     "\"value\":[[1,2.0,-3],[4,5,1e3]]}";
  g_autoptr(CriaFrame) frame = NULL;
  g_autoptr(GError) error = NULL;
  static const gint32 expected[] = { 1, 4, 2, 5, -3, 1000 };

  frame = cria_image_json_decode (json, strlen (json), &error);
  ck_assert_msg (frame != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (frame->width, 2);
  ck_assert_uint_eq (frame->height, 3);
  ck_assert_int_eq (frame->element_type, CRIA_ELEMENT_INT32);
  ck_assert (memcmp (frame->data, expected, sizeof expected) == 0);
}
END_TEST

typedef struct
{
  const char *json;
  GQuark      (*domain) (void);
  int         code;
} JsonCase;

static const JsonCase bad_json[] = {
  { "{\"Type\":2,\"Rank\":2,\"Value\":[[1,2],[3]]}", cria_protocol_error_quark,
    CRIA_PROTOCOL_ERROR_MALFORMED },
  { "{\"Type\":2,\"Rank\":2,\"Value\":[[1,2],[3,4,5]]}", cria_protocol_error_quark,
    CRIA_PROTOCOL_ERROR_MALFORMED },
  { "{\"Type\":2,\"Rank\":2,\"Value\":[[1,2],7]}", cria_protocol_error_quark,
    CRIA_PROTOCOL_ERROR_MALFORMED },
  { "{\"Type\":2,\"Rank\":3,\"Value\":[[[1,2],[3]]]}", cria_protocol_error_quark,
    CRIA_PROTOCOL_ERROR_MALFORMED },
  { "{\"Type\":2,\"Rank\":3,\"Value\":[[1,2]]}", cria_protocol_error_quark,
    CRIA_PROTOCOL_ERROR_WRONG_TYPE },
  { "{\"Type\":2,\"Rank\":3,\"Value\":[[[1,2,3,4]]]}", cria_protocol_error_quark,
    CRIA_PROTOCOL_ERROR_TOO_LARGE },
  { "{\"Type\":0,\"Rank\":2,\"Value\":[[1]]}", cria_protocol_error_quark,
    CRIA_PROTOCOL_ERROR_MALFORMED },
  { "{\"Type\":4,\"Rank\":2,\"Value\":[[1]]}", cria_protocol_error_quark,
    CRIA_PROTOCOL_ERROR_MALFORMED },
  { "{\"Type\":\"2\",\"Rank\":2,\"Value\":[[1]]}", cria_protocol_error_quark,
    CRIA_PROTOCOL_ERROR_WRONG_TYPE },
  { "{\"Rank\":2,\"Value\":[[1]]}", cria_protocol_error_quark,
    CRIA_PROTOCOL_ERROR_MISSING_FIELD },
  { "{\"Type\":2,\"Value\":[[1]]}", cria_protocol_error_quark,
    CRIA_PROTOCOL_ERROR_MISSING_FIELD },
  { "{\"Type\":2,\"Rank\":1,\"Value\":[[1]]}", cria_protocol_error_quark,
    CRIA_PROTOCOL_ERROR_MALFORMED },
  { "{\"Type\":2,\"Rank\":2,\"Value\":[[1,\"2\"]]}", cria_protocol_error_quark,
    CRIA_PROTOCOL_ERROR_WRONG_TYPE },
  { "{\"Type\":2,\"Rank\":2,\"Value\":[[1,null]]}", cria_protocol_error_quark,
    CRIA_PROTOCOL_ERROR_WRONG_TYPE },
  { "{\"Type\":2,\"Rank\":2,\"Value\":[[true]]}", cria_protocol_error_quark,
    CRIA_PROTOCOL_ERROR_WRONG_TYPE },
  { "{\"Type\":2,\"Rank\":2,\"Value\":[[1.5]]}", cria_protocol_error_quark,
    CRIA_PROTOCOL_ERROR_WRONG_TYPE },
  { "{\"Type\":2,\"Rank\":2,\"Value\":[[3000000000]]}", cria_protocol_error_quark,
    CRIA_PROTOCOL_ERROR_WRONG_TYPE },
  { "{\"Type\":1,\"Rank\":2,\"Value\":[[40000]]}", cria_protocol_error_quark,
    CRIA_PROTOCOL_ERROR_WRONG_TYPE },
  { "{\"Type\":2,\"Rank\":2,\"Value\":[]}", cria_protocol_error_quark,
    CRIA_PROTOCOL_ERROR_WRONG_TYPE },
  { "{\"Type\":2,\"Rank\":2,\"Value\":[[]]}", cria_protocol_error_quark,
    CRIA_PROTOCOL_ERROR_WRONG_TYPE },
  { "{\"Type\":2,\"Rank\":2,\"Value\":\"pixels\"}", cria_protocol_error_quark,
    CRIA_PROTOCOL_ERROR_WRONG_TYPE },
  { "{\"Type\":2,\"Rank\":2}", cria_protocol_error_quark,
    CRIA_PROTOCOL_ERROR_MISSING_FIELD },
  { "[[1,2]]", cria_protocol_error_quark, CRIA_PROTOCOL_ERROR_MALFORMED },
  { "{\"Type\":2,\"Rank\":2,\"Value\":[[1,2]", cria_protocol_error_quark,
    CRIA_PROTOCOL_ERROR_MALFORMED },
  { "{\"Type\":2,\"Rank\":2,\"Value\":[],\"ErrorNumber\":1031,"
    "\"ErrorMessage\":\"Camera not connected\"}", cria_alpaca_error_quark, 0x407 },
};

START_TEST (test_json_malformed)
{
  const JsonCase *c = &bad_json[_i];
  g_autoptr(GError) error = NULL;
  CriaFrame *frame;

  frame = cria_image_json_decode (c->json, strlen (c->json), &error);
  ck_assert_msg (frame == NULL, "%s decoded", c->json);
  ck_assert_msg (g_error_matches (error, c->domain (), c->code), "%s: got %s %d: %s", c->json,
                 g_quark_to_string (error->domain), error->code, error->message);
  g_debug ("%s: %s", c->json, error->message);
}
END_TEST

int
main (int   argc,
      char *argv[])
{
  Suite *suite = suite_create ("imagebytes");
  TCase *tc = tcase_create ("imagebytes");
  TCase *tc_json = tcase_create ("json");
  SRunner *runner;
  int failed;

  tcase_add_test (tc, test_all_type_pairs);
  tcase_add_test (tc, test_large_odd_sizes);
  tcase_add_test (tc, test_rank3);
  tcase_add_test (tc, test_data_start_beyond_header);
  tcase_add_test (tc, test_trailing_bytes_ignored);
  tcase_add_test (tc, test_device_error);
  tcase_add_test (tc, test_device_error_bad_text);
  tcase_add_loop_test (tc, test_malformed, 0, G_N_ELEMENTS (malformed_cases));
  tcase_add_test (tc, test_absurd_dimensions);
  tcase_add_test (tc, test_every_truncation);
  tcase_add_test (tc, test_round_trip);
  tcase_add_test (tc, test_encode_matches_hand_built);
  tcase_add_test (tc, test_encode_converts_and_clamps);
  suite_add_tcase (suite, tc);

  tcase_add_test (tc_json, test_json_int32);
  tcase_add_test (tc_json, test_json_int32_rank3);
  tcase_add_test (tc_json, test_json_doubles);
  tcase_add_test (tc_json, test_json_int16);
  tcase_add_test (tc_json, test_json_casing_and_whole_doubles);
  tcase_add_loop_test (tc_json, test_json_malformed, 0, G_N_ELEMENTS (bad_json));
  suite_add_tcase (suite, tc_json);

  runner = srunner_create (suite);
  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
