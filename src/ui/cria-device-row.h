/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cria-alpaca.h"

G_BEGIN_DECLS

#define CRIA_TYPE_DEVICE_ROW (cria_device_row_get_type ())

G_DECLARE_FINAL_TYPE (CriaDeviceRow, cria_device_row, CRIA, DEVICE_ROW, GtkListBoxRow)

GtkWidget  *cria_device_row_new        (CriaDevice    *device);
CriaDevice *cria_device_row_get_device (CriaDeviceRow *self);

G_END_DECLS
