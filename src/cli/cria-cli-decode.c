/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "cria-cli.h"
#include "cria-fits.h"

static gboolean
looks_like_json (const char *data,
                 gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (data[i]))
      return data[i] == '{';
  return FALSE;
}

int
cria_cli_decode (int    argc,
                 char **argv)
{
  g_autofree char *output = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("FITS file to write"), N_("OUT.fits") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE"));
  g_autoptr(CriaFrame) frame = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize length;
  int status = 0;

  g_option_context_set_summary (context, _("Decode an ImageBytes stream, or a JSON imagearray reply, "
                                           "and write it as FITS."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!cria_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 2 || output == NULL)
    return cria_cli_fail (_("usage: cria-cli decode FILE --output OUT.fits"));

  mapped = g_mapped_file_new (argv[1], FALSE, &error);
  if (mapped == NULL)
    return cria_cli_fail ("%s", error->message);

  data = g_mapped_file_get_contents (mapped);
  length = g_mapped_file_get_length (mapped);
  if (looks_like_json (data, length))
    frame = cria_image_json_decode (data, length, &error);
  else
    frame = cria_imagebytes_decode ((const guint8 *) data, length, &error);
  if (frame == NULL)
    return cria_cli_fail_error (error);

  if (!cria_fits_write (frame, output, NULL, 0, &error))
    return cria_cli_fail ("%s", error->message);

  return 0;
}
