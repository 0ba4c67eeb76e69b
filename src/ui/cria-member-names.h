/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-alpaca.h"

G_BEGIN_DECLS

/* "Slew to Coordinates Async" for "SlewToCoordinatesAsync", translated; the name itself
 * for members the table does not know. */
const char *cria_member_title (const char     *name);
/* The unit of a plain number: a property (member NULL, name the property) or a parameter
 * (member the method, name the parameter). NULL when none applies. Not translated:
 * symbols such as "m", "hPa", "°/s". */
const char *cria_member_unit  (CriaDeviceType  type,
                               const char     *member,
                               const char     *name);

G_END_DECLS
