/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-alpaca.h"

G_BEGIN_DECLS

/* "Cover Calibrator": the type as people read it, translated. */
const char *cria_device_type_get_display_name (CriaDeviceType type);
/* A symbolic icon from the app's resources. */
const char *cria_device_type_get_icon_name    (CriaDeviceType type);

G_END_DECLS
