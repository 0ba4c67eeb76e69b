/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CRIA_TYPE_APPLICATION (cria_application_get_type ())

G_DECLARE_FINAL_TYPE (CriaApplication, cria_application, CRIA, APPLICATION, AdwApplication)

CriaApplication *cria_application_new (void);

G_END_DECLS
