/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cria-alpaca.h"

G_BEGIN_DECLS

#define CRIA_TYPE_SERVER_ROW (cria_server_row_get_type ())

/* The heading of a server's group of devices in the sidebar. */
G_DECLARE_FINAL_TYPE (CriaServerRow, cria_server_row, CRIA, SERVER_ROW, GtkListBoxRow)

GtkWidget  *cria_server_row_new        (CriaServer    *server,
                                        const GError  *error);
CriaServer *cria_server_row_get_server (CriaServerRow *self);

G_END_DECLS
