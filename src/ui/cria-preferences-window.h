/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CRIA_TYPE_PREFERENCES_WINDOW (cria_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (CriaPreferencesWindow, cria_preferences_window, CRIA, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWindow *cria_preferences_window_new (GtkWindow *parent,
                                        GSettings *settings);

G_END_DECLS
