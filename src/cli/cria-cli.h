/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cria-alpaca.h"

G_BEGIN_DECLS

typedef int (*CriaCliCommand) (int argc, char **argv);

int         cria_cli_discover      (int argc, char **argv);
int         cria_cli_devices       (int argc, char **argv);
int         cria_cli_get           (int argc, char **argv);
int         cria_cli_put           (int argc, char **argv);
int         cria_cli_decode        (int argc, char **argv);
int         cria_cli_capture       (int argc, char **argv);
int         cria_cli_live          (int argc, char **argv);

/* Prints "cria-cli: MESSAGE" on one line and returns the failure exit status. */
int         cria_cli_fail          (const char *format,
                                    ...) G_GNUC_PRINTF (1, 2);
int         cria_cli_fail_error    (const GError *error);

/* Parses the options of a subcommand; --help prints usage and exits 0. */
gboolean    cria_cli_parse_options (GOptionContext  *context,
                                    int             *argc,
                                    char          ***argv,
                                    int             *status);

/* Runs the default main context until an async call completes and returns its result. */
GAsyncResult *cria_cli_wait        (GAsyncResult   **slot);
void          cria_cli_store_result (GObject       *source,
                                     GAsyncResult  *result,
                                     gpointer       user_data);

/* "http://host:port" from a URL or a bare "host:port". */
char       *cria_cli_normalize_url (const char *url);

/* Culture-neutral seconds, 0 or more. */
gboolean    cria_cli_parse_seconds (const char   *text,
                                    double       *seconds,
                                    GError      **error);
/* A decimal number from min to max; what names it in the error. */
gboolean    cria_cli_parse_uint    (const char   *text,
                                    const char   *what,
                                    guint         min,
                                    guint         max,
                                    guint        *value,
                                    GError      **error);
/* Finds camera NUMBER through the management API of the server at url and connects it.
 * NULL after printing the error, with the exit status in *status. */
CriaDevice *cria_cli_connect_camera (const char  *url,
                                     const char  *number,
                                     CriaServer **server,
                                     int         *status);

G_END_DECLS
