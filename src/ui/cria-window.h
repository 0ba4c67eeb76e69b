/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cria-server-list.h"

G_BEGIN_DECLS

#define CRIA_TYPE_WINDOW (cria_window_get_type ())

G_DECLARE_FINAL_TYPE (CriaWindow, cria_window, CRIA, WINDOW, AdwApplicationWindow)

CriaWindow *cria_window_new          (GtkApplication *application,
                                      CriaServerList *servers);
/* Shows an error as a toast: what failed, and the device's own words. */
void        cria_window_show_error   (CriaWindow     *self,
                                      const char     *what,
                                      const GError   *error);
/* Selects the device and opens its panel; FALSE when it is not listed. */
gboolean    cria_window_select_device (CriaWindow    *self,
                                       CriaDevice    *device);

G_END_DECLS
