/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-fits"

#include <check.h>
#include <fitsio.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "cria-fits.h"

static char *tmp_dir;

static void
setup (void)
{
  g_autoptr(GError) error = NULL;

  tmp_dir = g_dir_make_tmp ("cria-fits-XXXXXX", &error);
  ck_assert_msg (tmp_dir != NULL, "%s", error ? error->message : "");
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_dir_close (dir);
  g_rmdir (path);
}

static void
teardown (void)
{
  remove_tree (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
}

static guint
count_files (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  ck_assert (dir != NULL);
  while (g_dir_read_name (dir) != NULL)
    n++;
  g_dir_close (dir);
  return n;
}

/* Values over the whole range of each type, including its extremes. */
static void
sample (CriaElementType  type,
        guint            x,
        guint            y,
        guint            p,
        guint8          *out)
{
  guint64 h = (x + 1) * 0x9E3779B97F4A7C15ull ^ (y + 5) * 0xC2B2AE3D27D4EB4Full
              ^ (p + 11) * 0x165667B19E3779F9ull;
  gsize size = cria_element_type_size (type);

  h ^= h >> 31;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 29;

  if (type == CRIA_ELEMENT_SINGLE)
    {
      float f = (float) ((gint32) (h & 0xffffff) - 0x800000) / 16.0f;

      memcpy (out, &f, 4);
      return;
    }
  if (type == CRIA_ELEMENT_DOUBLE)
    {
      double d = ldexp ((double) (h >> 11) - 4503599627370496.0, -20);

      memcpy (out, &d, 8);
      return;
    }

  if (y == 0 && x == 0)
    h = 0;
  else if (y == 0 && x == 1)
    h = G_MAXUINT64;
  else if (y == 0 && x == 2)
    h = (guint64) 1 << (size * 8 - 1);
  else if (y == 0 && x == 3)
    h = ((guint64) 1 << (size * 8 - 1)) - 1;

  switch (size)
    {
    case 1: { guint8 v = (guint8) h; memcpy (out, &v, 1); } break;
    case 2: { guint16 v = (guint16) h; memcpy (out, &v, 2); } break;
    case 4: { guint32 v = (guint32) h; memcpy (out, &v, 4); } break;
    default: memcpy (out, &h, 8); break;
    }
}

static CriaFrame *
make_frame (CriaElementType type,
            guint           width,
            guint           height,
            guint           planes,
            gsize           padding)
{
  gsize size = cria_element_type_size (type);
  gsize stride = (gsize) width * planes * size + padding;
  guint8 *data = g_malloc0 (stride * height);
  CriaFrame *frame;
  guint x, y, p;

  memset (data, 0xAB, stride * height);
  frame = cria_frame_new_for_data (type, width, height, planes, data, stride, g_free, data);
  for (y = 0; y < height; y++)
    for (x = 0; x < width; x++)
      for (p = 0; p < planes; p++)
        sample (type, x, y, p, data + y * stride + ((gsize) x * planes + p) * size);
  return frame;
}

typedef struct
{
  CriaElementType type;
  int             bitpix;     /* stored BITPIX */
  int             equivtype;  /* what cfitsio reports once BZERO is applied */
  int             datatype;
  const char     *bzero;      /* NULL when there must be none */
} TypeCase;

static const TypeCase type_cases[] = {
  { CRIA_ELEMENT_BYTE,   BYTE_IMG,     BYTE_IMG,      TBYTE,      NULL },
  { CRIA_ELEMENT_INT16,  SHORT_IMG,    SHORT_IMG,     TSHORT,     NULL },
  { CRIA_ELEMENT_UINT16, SHORT_IMG,    USHORT_IMG,    TUSHORT,    "32768" },
  { CRIA_ELEMENT_INT32,  LONG_IMG,     LONG_IMG,      TINT,       NULL },
  { CRIA_ELEMENT_UINT32, LONG_IMG,     ULONG_IMG,     TUINT,      "2147483648" },
  { CRIA_ELEMENT_INT64,  LONGLONG_IMG, LONGLONG_IMG,  TLONGLONG,  NULL },
  { CRIA_ELEMENT_UINT64, LONGLONG_IMG, ULONGLONG_IMG, TULONGLONG, "9223372036854775808" },
  { CRIA_ELEMENT_SINGLE, FLOAT_IMG,    FLOAT_IMG,     TFLOAT,     NULL },
  { CRIA_ELEMENT_DOUBLE, DOUBLE_IMG,   DOUBLE_IMG,    TDOUBLE,    NULL },
};

static fitsfile *
open_fits (const char *path)
{
  fitsfile *fits = NULL;
  int status = 0;

  fits_open_diskfile (&fits, path, READONLY, &status);
  ck_assert_msg (status == 0, "cfitsio cannot open %s: status %d", path, status);
  return fits;
}

static void
close_fits (fitsfile *fits)
{
  int status = 0;

  fits_close_file (fits, &status);
  ck_assert_int_eq (status, 0);
}

static char *
read_key_string (fitsfile   *fits,
                 const char *name)
{
  char value[FLEN_VALUE] = "";
  int status = 0;

  fits_read_keyword (fits, name, value, NULL, &status);
  if (status == KEY_NO_EXIST)
    return NULL;
  ck_assert_msg (status == 0, "reading %s: status %d", name, status);
  return g_strdup (value);
}

static double
read_key_double (fitsfile   *fits,
                 const char *name)
{
  g_autofree char *text = read_key_string (fits, name);
  char *end = NULL;
  double value;

  ck_assert_msg (text != NULL, "%s is missing", name);
  g_strstrip (text);
  /* A FITS real has a point or an upper-case exponent. */
  ck_assert_msg (strpbrk (text, ".E") != NULL && strpbrk (text, ",e") == NULL,
                 "%s = %s is not a FITS real", name, text);
  value = g_ascii_strtod (text, &end);
  ck_assert_msg (end != NULL && *end == '\0', "%s = %s does not parse", name, text);
  return value;
}

/* Every value, plane by plane, in the type the frame holds. */
static void
assert_pixels (fitsfile        *fits,
               const CriaFrame *frame,
               int              datatype)
{
  gsize size = cria_element_type_size (frame->element_type);
  g_autofree guint8 *plane = g_malloc ((gsize) frame->width * frame->height * size);
  guint x, y, p;

  for (p = 0; p < frame->planes; p++)
    {
      LONGLONG first[3] = { 1, 1, p + 1 };
      int anynul = 0, status = 0;

      fits_read_pixll (fits, datatype, first, (LONGLONG) frame->width * frame->height, NULL,
                       plane, &anynul, &status);
      ck_assert_msg (status == 0, "reading plane %u: status %d", p, status);

      for (y = 0; y < frame->height; y++)
        for (x = 0; x < frame->width; x++)
          {
            const guint8 *want = frame->data + y * frame->stride
                                 + ((gsize) x * frame->planes + p) * size;
            const guint8 *got = plane + ((gsize) y * frame->width + x) * size;

            if (memcmp (want, got, size) != 0)
              ck_abort_msg ("%s: pixel (%u, %u) plane %u differs",
                            cria_element_type_to_string (frame->element_type), x, y, p);
          }
    }
}

static void
check_written (const char      *path,
               const CriaFrame *frame,
               const TypeCase  *tc)
{
  fitsfile *fits = open_fits (path);
  g_autofree char *bzero = NULL;
  g_autofree char *roworder = NULL;
  LONGLONG axes[3] = { 0, 0, 0 };
  int naxis = 0, bitpix = 0, equivtype = 0, status = 0;

  fits_get_img_dim (fits, &naxis, &status);
  fits_get_img_sizell (fits, 3, axes, &status);
  fits_get_img_type (fits, &bitpix, &status);
  fits_get_img_equivtype (fits, &equivtype, &status);
  ck_assert_int_eq (status, 0);

  ck_assert_int_eq (naxis, frame->planes > 1 ? 3 : 2);
  ck_assert_int_eq (axes[0], frame->width);
  ck_assert_int_eq (axes[1], frame->height);
  if (frame->planes > 1)
    ck_assert_int_eq (axes[2], frame->planes);
  ck_assert_int_eq (bitpix, tc->bitpix);
  /* cfitsio 4.2 reports UInt64 data (BZERO 2^63) as LONGLONG_IMG; BZERO and the values
   * read back below show that it is unsigned. */
  if (tc->equivtype == ULONGLONG_IMG)
    ck_assert (equivtype == ULONGLONG_IMG || equivtype == LONGLONG_IMG);
  else
    ck_assert_int_eq (equivtype, tc->equivtype);

  bzero = read_key_string (fits, "BZERO");
  if (tc->bzero == NULL)
    ck_assert_msg (bzero == NULL, "unexpected BZERO %s", bzero);
  else
    ck_assert_msg (bzero != NULL
                   && g_ascii_strtod (bzero, NULL) == g_ascii_strtod (tc->bzero, NULL),
                   "BZERO is %s, expected %s", bzero ? bzero : "missing", tc->bzero);

  roworder = read_key_string (fits, "ROWORDER");
  ck_assert_str_eq (roworder, "'TOP-DOWN'");

  assert_pixels (fits, frame, tc->datatype);
  close_fits (fits);
}

START_TEST (test_every_type)
{
  const TypeCase *tc = &type_cases[_i];
  guint planes;

  for (planes = 1; planes <= 3; planes += 2)
    {
      g_autoptr(CriaFrame) frame = make_frame (tc->type, 7, 5, planes, 0);
      g_autoptr(CriaFrame) copy = make_frame (tc->type, 7, 5, planes, 0);
      g_autofree char *path = g_build_filename (tmp_dir, "frame.fits", NULL);
      g_autoptr(GError) error = NULL;

      ck_assert_msg (cria_fits_write (frame, path, NULL, 0, &error), "%s",
                     error ? error->message : "");
      /* The writer must not byte-swap or rescale the caller's pixels in place. */
      ck_assert (memcmp (frame->data, copy->data, cria_frame_get_n_bytes (frame)) == 0);
      check_written (path, frame, tc);
    }
}
END_TEST

START_TEST (test_padded_rows)
{
  g_autoptr(CriaFrame) mono = make_frame (CRIA_ELEMENT_UINT16, 33, 17, 1, 6);
  g_autoptr(CriaFrame) rgb = make_frame (CRIA_ELEMENT_INT32, 9, 4, 3, 12);
  g_autofree char *path = g_build_filename (tmp_dir, "padded.fits", NULL);
  g_autoptr(GError) error = NULL;

  ck_assert (cria_fits_write (mono, path, NULL, 0, &error));
  check_written (path, mono, &type_cases[2]);
  ck_assert (cria_fits_write (rgb, path, NULL, 0, &error));
  check_written (path, rgb, &type_cases[3]);
}
END_TEST

START_TEST (test_keywords)
{
  static const char long_text[] = "A long observer note that does not fit on one card of eighty "
                                  "characters, so it continues on the next one";
  const CriaFitsKeyword keywords[] = {
    CRIA_FITS_STRING ("OBSERVER", "Jürgen Müller", "Who took it"),
    CRIA_FITS_STRING ("NOTES", long_text, NULL),
    CRIA_FITS_DOUBLE ("exptime", 0.1, "[s] exposure"),
    CRIA_FITS_DOUBLE ("CCD-TEMP", -1.0 / 3.0, NULL),
    CRIA_FITS_DOUBLE ("BIG", 6.02214076e23, NULL),
    CRIA_FITS_INT ("GAIN", 139, NULL),
    CRIA_FITS_INT ("COUNT", -((gint64) 1 << 40), NULL),
    CRIA_FITS_BOOL ("COOLED", TRUE, NULL),
    CRIA_FITS_BOOL ("DARK", FALSE, NULL),
    CRIA_FITS_STRING ("COMMENT", "Written by the test", NULL),
    CRIA_FITS_STRING ("HISTORY", "Decoded from ImageBytes", NULL),
  };
  g_autoptr(CriaFrame) frame = make_frame (CRIA_ELEMENT_UINT16, 4, 3, 1, 0);
  g_autofree char *path = g_build_filename (tmp_dir, "keys.fits", NULL);
  g_autoptr(GError) error = NULL;
  char text[FLEN_VALUE] = "";
  char *long_value = NULL;
  char card[FLEN_CARD];
  gboolean seen_comment = FALSE, seen_history = FALSE;
  fitsfile *fits;
  LONGLONG i = 0;
  int b = -1, status = 0, n_keys = 0, k;
  const char *comma_locales[] = { "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8" };
  gsize l;

  /* cfitsio formats numbers with the C library; a comma locale must not leak into them.
   * Reading happens in the same locale: cfitsio remembers the first one it sees. */
  for (l = 0; l < G_N_ELEMENTS (comma_locales); l++)
    if (setlocale (LC_NUMERIC, comma_locales[l]) != NULL)
      break;
  if (l == G_N_ELEMENTS (comma_locales))
    g_message ("No comma-decimal locale installed; checking in the C locale only");

  ck_assert_msg (cria_fits_write (frame, path, keywords, G_N_ELEMENTS (keywords), &error),
                 "%s", error ? error->message : "");

  fits = open_fits (path);
  fits_read_key_str (fits, "OBSERVER", text, NULL, &status);
  ck_assert_int_eq (status, 0);
  ck_assert_str_eq (text, "Jurgen Muller");

  fits_read_key_longstr (fits, "NOTES", &long_value, NULL, &status);
  ck_assert_int_eq (status, 0);
  ck_assert_str_eq (long_value, long_text);
  fits_free_memory (long_value, &status);

  /* Doubles are parsed here: cfitsio's own parsing depends on the locale it saw first. */
  ck_assert (read_key_double (fits, "EXPTIME") == 0.1);
  ck_assert (read_key_double (fits, "CCD-TEMP") == -1.0 / 3.0);
  ck_assert (read_key_double (fits, "BIG") == 6.02214076e23);
  fits_read_key_lnglng (fits, "GAIN", &i, NULL, &status);
  ck_assert (status == 0 && i == 139);
  fits_read_key_lnglng (fits, "COUNT", &i, NULL, &status);
  ck_assert (status == 0 && i == -((gint64) 1 << 40));
  fits_read_key_log (fits, "COOLED", &b, NULL, &status);
  ck_assert (status == 0 && b == 1);
  fits_read_key_log (fits, "DARK", &b, NULL, &status);
  ck_assert (status == 0 && b == 0);

  fits_get_hdrspace (fits, &n_keys, NULL, &status);
  for (k = 1; k <= n_keys && status == 0; k++)
    {
      fits_read_record (fits, k, card, &status);
      seen_comment |= g_str_has_prefix (card, "COMMENT Written by the test");
      seen_history |= g_str_has_prefix (card, "HISTORY Decoded from ImageBytes");
    }
  ck_assert_int_eq (status, 0);
  ck_assert (seen_comment);
  ck_assert (seen_history);
  close_fits (fits);
  setlocale (LC_NUMERIC, "C");
}
END_TEST

START_TEST (test_bad_keywords)
{
  const CriaFitsKeyword bad[][1] = {
    { CRIA_FITS_INT ("NAXIS", 3, NULL) },
    { CRIA_FITS_INT ("NAXIS1", 3, NULL) },
    { CRIA_FITS_DOUBLE ("bzero", 0, NULL) },
    { CRIA_FITS_STRING ("ROWORDER", "BOTTOM-UP", NULL) },
    { CRIA_FITS_INT ("TOOLONGNAME", 1, NULL) },
    { CRIA_FITS_INT ("BAD NAME", 1, NULL) },
    { CRIA_FITS_INT ("", 1, NULL) },
    { CRIA_FITS_INT (NULL, 1, NULL) },
    { CRIA_FITS_DOUBLE ("EXPTIME", NAN, NULL) },
    { CRIA_FITS_DOUBLE ("EXPTIME", INFINITY, NULL) },
    { CRIA_FITS_INT ("COMMENT", 1, NULL) },
  };
  g_autoptr(CriaFrame) frame = make_frame (CRIA_ELEMENT_BYTE, 4, 3, 1, 0);
  g_autoptr(CriaFrame) old = make_frame (CRIA_ELEMENT_INT16, 5, 2, 1, 0);
  g_autofree char *path = g_build_filename (tmp_dir, "keep.fits", NULL);
  g_autoptr(GError) error = NULL;
  guint i;

  ck_assert (cria_fits_write (old, path, NULL, 0, &error));
  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      ck_assert_msg (!cria_fits_write (frame, path, bad[i], 1, &error), "case %u written", i);
      ck_assert_msg (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT),
                     "case %u: %s", i, error->message);
      g_debug ("%s", error->message);
      g_clear_error (&error);
    }

  /* The earlier file is untouched and nothing was left behind. */
  check_written (path, old, &type_cases[1]);
  ck_assert_uint_eq (count_files (tmp_dir), 1);
}
END_TEST

START_TEST (test_overwrite)
{
  g_autoptr(CriaFrame) first = make_frame (CRIA_ELEMENT_DOUBLE, 6, 6, 3, 0);
  g_autoptr(CriaFrame) second = make_frame (CRIA_ELEMENT_UINT32, 3, 8, 1, 0);
  g_autofree char *path = g_build_filename (tmp_dir, "same[1](2)!.fits", NULL);
  g_autoptr(GError) error = NULL;

  /* Brackets and "!" mean something to cfitsio's file name parser; not here. */
  ck_assert_msg (cria_fits_write (first, path, NULL, 0, &error), "%s",
                 error ? error->message : "");
  check_written (path, first, &type_cases[8]);
  ck_assert_msg (cria_fits_write (second, path, NULL, 0, &error), "%s",
                 error ? error->message : "");
  check_written (path, second, &type_cases[4]);
  ck_assert_uint_eq (count_files (tmp_dir), 1);
}
END_TEST

START_TEST (test_missing_directory)
{
  g_autoptr(CriaFrame) frame = make_frame (CRIA_ELEMENT_UINT16, 4, 3, 1, 0);
  g_autofree char *path = g_build_filename (tmp_dir, "no-such-dir", "frame.fits", NULL);
  g_autoptr(GError) error = NULL;

  ck_assert (!cria_fits_write (frame, path, NULL, 0, &error));
  ck_assert_msg (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND), "%s",
                 error->message);
  ck_assert (strstr (error->message, "no-such-dir") != NULL);
  ck_assert (!g_file_test (path, G_FILE_TEST_EXISTS));
  ck_assert_uint_eq (count_files (tmp_dir), 0);
}
END_TEST

START_TEST (test_rename_fails)
{
  g_autoptr(CriaFrame) frame = make_frame (CRIA_ELEMENT_UINT16, 4, 3, 1, 0);
  g_autofree char *path = g_build_filename (tmp_dir, "dir.fits", NULL);
  g_autoptr(GError) error = NULL;

  /* A directory where the file should go: the write itself works, the rename cannot. */
  ck_assert_int_eq (g_mkdir (path, 0700), 0);
  ck_assert (!cria_fits_write (frame, path, NULL, 0, &error));
  ck_assert (error->domain == G_IO_ERROR);
  g_debug ("%s", error->message);
  ck_assert (g_file_test (path, G_FILE_TEST_IS_DIR));
  ck_assert_uint_eq (count_files (tmp_dir), 1);
}
END_TEST

typedef struct
{
  CriaFrame *frame;
  char      *path;
  gboolean   ok;
} ThreadJob;

static gpointer
write_in_thread (gpointer data)
{
  ThreadJob *job = data;
  guint n;

  job->ok = TRUE;
  for (n = 0; n < 5 && job->ok; n++)
    job->ok = cria_fits_write (job->frame, job->path, NULL, 0, NULL);
  return NULL;
}

START_TEST (test_threads)
{
  ThreadJob jobs[4];
  GThread *threads[4];
  guint i;

  for (i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_autofree char *name = g_strdup_printf ("thread-%u.fits", i);

      jobs[i].frame = make_frame (i % 2 ? CRIA_ELEMENT_UINT16 : CRIA_ELEMENT_DOUBLE,
                                  64 + i, 48, i == 3 ? 3 : 1, 0);
      jobs[i].path = g_build_filename (tmp_dir, name, NULL);
      threads[i] = g_thread_new ("fits-writer", write_in_thread, &jobs[i]);
    }
  for (i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_thread_join (threads[i]);
      ck_assert (jobs[i].ok);
      check_written (jobs[i].path, jobs[i].frame, &type_cases[i % 2 ? 2 : 8]);
      cria_frame_unref (jobs[i].frame);
      g_free (jobs[i].path);
    }
  ck_assert_uint_eq (count_files (tmp_dir), 4);
}
END_TEST

int
main (int   argc,
      char *argv[])
{
  Suite *suite = suite_create ("fits");
  TCase *tc = tcase_create ("fits");
  SRunner *runner;
  int failed;

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_loop_test (tc, test_every_type, 0, G_N_ELEMENTS (type_cases));
  tcase_add_test (tc, test_padded_rows);
  tcase_add_test (tc, test_keywords);
  tcase_add_test (tc, test_bad_keywords);
  tcase_add_test (tc, test_overwrite);
  tcase_add_test (tc, test_missing_directory);
  tcase_add_test (tc, test_rename_fails);
  tcase_add_test (tc, test_threads);
  suite_add_tcase (suite, tc);

  runner = srunner_create (suite);
  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
