/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-imaging"

#include "config.h"

#include "cria-fits.h"

#include <errno.h>
#include <fcntl.h>
#include <fitsio.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

G_DEFINE_QUARK (cria-fits-error-quark, cria_fits_error)

typedef struct
{
  int bitpix;   /* BITPIX code for fits_create_img, unsigned ones add BZERO */
  int datatype; /* in-memory type for fits_write_pix */
} FitsType;

static gboolean
fits_type_for_element (CriaElementType  type,
                       FitsType        *out)
{
  switch (type)
    {
    case CRIA_ELEMENT_BYTE:   *out = (FitsType) { BYTE_IMG, TBYTE }; return TRUE;
    case CRIA_ELEMENT_INT16:  *out = (FitsType) { SHORT_IMG, TSHORT }; return TRUE;
    case CRIA_ELEMENT_UINT16: *out = (FitsType) { USHORT_IMG, TUSHORT }; return TRUE;
    case CRIA_ELEMENT_INT32:  *out = (FitsType) { LONG_IMG, TINT }; return TRUE;
    case CRIA_ELEMENT_UINT32: *out = (FitsType) { ULONG_IMG, TUINT }; return TRUE;
    case CRIA_ELEMENT_INT64:  *out = (FitsType) { LONGLONG_IMG, TLONGLONG }; return TRUE;
    case CRIA_ELEMENT_UINT64: *out = (FitsType) { ULONGLONG_IMG, TULONGLONG }; return TRUE;
    case CRIA_ELEMENT_SINGLE: *out = (FitsType) { FLOAT_IMG, TFLOAT }; return TRUE;
    case CRIA_ELEMENT_DOUBLE: *out = (FitsType) { DOUBLE_IMG, TDOUBLE }; return TRUE;
    case CRIA_ELEMENT_UNKNOWN:
    default:
      return FALSE;
    }
}

/* TINT and TUINT must be the 32-bit types of the frame. */
G_STATIC_ASSERT (sizeof (int) == 4);

static gboolean
set_fits_error (GError     **error,
                int          status,
                const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);
  char text[FLEN_STATUS] = "";

  fits_get_errstatus (status, text);
  g_set_error (error, CRIA_FITS_ERROR, status,
               _("Could not write the FITS file “%s”: %s (cfitsio status %d)"), display, text,
               status);
  return FALSE;
}

static const char * const reserved_keywords[] = {
  "SIMPLE", "BITPIX", "EXTEND", "BZERO", "BSCALE", "ROWORDER", "END",
};

static gboolean
keyword_name_is_valid (const char *name)
{
  gsize i, len = strlen (name);

  if (len == 0 || len > 8)
    return FALSE;
  for (i = 0; i < len; i++)
    if (!g_ascii_isalnum (name[i]) && name[i] != '-' && name[i] != '_')
      return FALSE;
  return TRUE;
}

static gboolean
keyword_name_is_reserved (const char *name)
{
  gsize i;

  if (g_str_has_prefix (name, "NAXIS"))
    return TRUE;
  for (i = 0; i < G_N_ELEMENTS (reserved_keywords); i++)
    if (strcmp (name, reserved_keywords[i]) == 0)
      return TRUE;
  return FALSE;
}

/* FITS headers hold printable ASCII only. */
static char *
to_header_text (const char *text)
{
  g_autofree char *valid = NULL;
  char *ascii, *p;

  if (text == NULL)
    return NULL;
  valid = g_utf8_make_valid (text, -1);
  ascii = g_str_to_ascii (valid, "C");
  for (p = ascii; *p != '\0'; p++)
    if (*p < 0x20 || *p > 0x7e)
      *p = '?';
  return ascii;
}

static gboolean
check_keywords (const CriaFitsKeyword  *keywords,
                gsize                   n_keywords,
                GError                **error)
{
  gsize i;

  for (i = 0; i < n_keywords; i++)
    {
      const CriaFitsKeyword *k = &keywords[i];
      g_autofree char *upper = NULL;

      if (k->name == NULL || !keyword_name_is_valid (k->name))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not a valid FITS keyword"), k->name ? k->name : "(null)");
          return FALSE;
        }
      upper = g_ascii_strup (k->name, -1);
      if (keyword_name_is_reserved (upper))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("The FITS keyword %s describes the image layout and is written by Cria"),
                       upper);
          return FALSE;
        }
      if ((strcmp (upper, "COMMENT") == 0 || strcmp (upper, "HISTORY") == 0)
          && k->type != CRIA_FITS_VALUE_STRING)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("The FITS keyword %s takes text"), upper);
          return FALSE;
        }
      if (k->type == CRIA_FITS_VALUE_DOUBLE && !isfinite (k->d))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("The FITS keyword %s cannot hold a value that is not finite"),
                       upper);
          return FALSE;
        }
      if (k->type > CRIA_FITS_VALUE_BOOL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("The FITS keyword %s has an unknown value type"), upper);
          return FALSE;
        }
    }
  return TRUE;
}

/* cfitsio formats doubles with the C library, which follows the locale (and turns 6.02e23
 * into "6,0E+23" under a comma locale); format the value here instead. */
static void
update_key_double (fitsfile   *fits,
                   const char *name,
                   double      value,
                   const char *comment,
                   int        *status)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE + 2];
  char card[FLEN_CARD] = "";
  int digits;

  /* The shortest form that reads back as the same double. */
  for (digits = 15; digits <= 17; digits++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dG", digits);
      g_ascii_formatd (number, G_ASCII_DTOSTR_BUF_SIZE, format, value);
      if (g_ascii_strtod (number, NULL) == value)
        break;
    }
  /* A point, so that readers see a real number. */
  if (strpbrk (number, ".E") == NULL)
    strcat (number, ".0");

  fits_make_key (name, number, comment, card, status);
  fits_update_card (fits, name, card, status);
}

static void
write_keywords (fitsfile              *fits,
                const CriaFitsKeyword *keywords,
                gsize                  n_keywords,
                int                   *status)
{
  gsize i;

  for (i = 0; i < n_keywords && *status == 0; i++)
    {
      const CriaFitsKeyword *k = &keywords[i];
      g_autofree char *name = g_ascii_strup (k->name, -1);
      g_autofree char *comment = to_header_text (k->comment);

      switch (k->type)
        {
        case CRIA_FITS_VALUE_STRING:
          {
            g_autofree char *text = to_header_text (k->s != NULL ? k->s : "");

            if (strcmp (name, "COMMENT") == 0)
              fits_write_comment (fits, text, status);
            else if (strcmp (name, "HISTORY") == 0)
              fits_write_history (fits, text, status);
            else
              fits_update_key_longstr (fits, name, text, comment, status);
          }
          break;
        case CRIA_FITS_VALUE_DOUBLE:
          update_key_double (fits, name, k->d, comment, status);
          break;
        case CRIA_FITS_VALUE_INT:
          fits_update_key_lng (fits, name, (LONGLONG) k->i, comment, status);
          break;
        case CRIA_FITS_VALUE_BOOL:
          fits_update_key_log (fits, name, k->b ? 1 : 0, comment, status);
          break;
        default:
          break;
        }
    }
}

static void
write_pixels (fitsfile        *fits,
              const CriaFrame *frame,
              int              datatype,
              int             *status)
{
  gsize size = cria_element_type_size (frame->element_type);
  gsize row_bytes = (gsize) frame->width * size;
  g_autofree guint8 *row = NULL;
  LONGLONG first[3] = { 1, 1, 1 };
  guint y, p;

  /* cfitsio copies into its own buffer before converting, so the frame stays untouched. */
  if (frame->planes == 1 && frame->stride == row_bytes)
    {
      fits_write_pixll (fits, datatype, first, (LONGLONG) frame->width * frame->height,
                        frame->data, status);
      return;
    }

  /* FITS keeps planes apart; the frame interleaves them. */
  row = g_malloc (row_bytes);
  for (p = 0; p < frame->planes && *status == 0; p++)
    for (y = 0; y < frame->height && *status == 0; y++)
      {
        const guint8 *src = frame->data + (gsize) y * frame->stride + p * size;
        gsize step = frame->planes * size;
        guint x;

        if (frame->planes == 1)
          memcpy (row, src, row_bytes);
        else
          for (x = 0; x < frame->width; x++)
            memcpy (row + x * size, src + x * step, size);

        first[1] = y + 1;
        first[2] = p + 1;
        fits_write_pixll (fits, datatype, first, frame->width, row, status);
      }
}

/* Everything cfitsio does, into a file nobody else looks at yet. */
static gboolean
write_fits_file (const CriaFrame        *frame,
                 const char             *file_name,
                 const char             *shown_path,
                 const FitsType         *type,
                 const CriaFitsKeyword  *keywords,
                 gsize                   n_keywords,
                 GError                **error)
{
  fitsfile *fits = NULL;
  LONGLONG axes[3] = { frame->width, frame->height, frame->planes };
  int status = 0;
  int close_status = 0;

  /* The disk-file variant takes the name literally: no cfitsio filename syntax. */
  if (fits_create_diskfile (&fits, file_name, &status) != 0)
    return set_fits_error (error, status, shown_path);

  fits_create_imgll (fits, type->bitpix, frame->planes > 1 ? 3 : 2, axes, &status);
  fits_update_key_str (fits, "ROWORDER", "TOP-DOWN", "First row is the top of the image",
                       &status);
  fits_write_date (fits, &status);
  write_keywords (fits, keywords, n_keywords, &status);
  write_pixels (fits, frame, type->datatype, &status);

  fits_close_file (fits, &close_status);
  if (status == 0)
    status = close_status;
  if (status != 0)
    return set_fits_error (error, status, shown_path);
  return TRUE;
}

static gboolean
set_io_error (GError     **error,
              int          saved_errno,
              const char  *format,
              const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);

  /* format takes the file name, then the system's message. */
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), format,
               display, g_strerror (saved_errno));
  return FALSE;
}

/* Like g_file_set_contents(): flush to disk before the rename only when an existing
 * file is replaced, so a crash cannot leave an empty file where a good one was. */
static gboolean
sync_if_replacing (const char *tmp_path,
                   const char *path)
{
  int fd;
  int ok;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;

  fd = g_open (tmp_path, O_RDONLY, 0);
  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

gboolean
cria_fits_write (const CriaFrame        *frame,
                 const char             *path,
                 const CriaFitsKeyword  *keywords,
                 gsize                   n_keywords,
                 GError                **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_name = NULL;
  g_autofree char *tmp_path = NULL;
  FitsType type;
  int fd;

  g_return_val_if_fail (frame != NULL, FALSE);
  g_return_val_if_fail (frame->data != NULL, FALSE);
  g_return_val_if_fail (frame->width > 0 && frame->height > 0 && frame->planes > 0, FALSE);
  g_return_val_if_fail (frame->stride >= (gsize) frame->width * frame->planes
                                         * cria_element_type_size (frame->element_type),
                        FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (keywords != NULL || n_keywords == 0, FALSE);

  if (!fits_type_for_element (frame->element_type, &type))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot save a frame of element type %d as FITS"),
                   frame->element_type);
      return FALSE;
    }
  if (!check_keywords (keywords, n_keywords, error))
    return FALSE;

  /* A temporary name beside the target makes the final rename atomic. */
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_name = g_strdup_printf (".%s.XXXXXX", base);
  tmp_path = g_build_filename (dir, tmp_name, NULL);
  fd = g_mkstemp_full (tmp_path, O_RDWR, 0666);
  if (fd < 0)
    return set_io_error (error, errno, _("Could not create a file in “%s”: %s"), dir);
  close (fd);
  /* The name is reserved; cfitsio refuses to create over an existing file. */
  g_unlink (tmp_path);

  if (!write_fits_file (frame, tmp_path, path, &type, keywords, n_keywords, error))
    {
      g_unlink (tmp_path);
      return FALSE;
    }

  if (!sync_if_replacing (tmp_path, path))
    {
      int saved_errno = errno;

      g_unlink (tmp_path);
      return set_io_error (error, saved_errno, _("Could not write “%s”: %s"), path);
    }
  if (g_rename (tmp_path, path) != 0)
    {
      int saved_errno = errno;

      g_unlink (tmp_path);
      return set_io_error (error, saved_errno, _("Could not save “%s”: %s"), path);
    }

  return TRUE;
}
