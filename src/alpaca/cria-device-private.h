/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-device.h"

G_BEGIN_DECLS

/* Shared by cria-device.c and cria-device-connect.c. */

void     cria_device_set_connection_state (CriaDevice          *self,
                                           CriaConnectionState  state,
                                           const GError        *error);
/* Every connect and disconnect starts a new operation; an older one that is no longer
 * current has been superseded and must not touch the state any more. */
guint    cria_device_begin_operation      (CriaDevice          *self);
gboolean cria_device_is_current_operation (CriaDevice          *self,
                                           guint                serial);

G_END_DECLS
