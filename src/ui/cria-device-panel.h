/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cria-alpaca.h"

G_BEGIN_DECLS

#define CRIA_TYPE_DEVICE_PANEL (cria_device_panel_get_type ())

/* The control panel of one device, generated from its type's member table. Dedicated
 * panels (camera, telescope, ...) subclass it and reuse its generated sections. */
G_DECLARE_DERIVABLE_TYPE (CriaDevicePanel, cria_device_panel, CRIA, DEVICE_PANEL, AdwBin)

struct _CriaDevicePanelClass
{
  AdwBinClass parent_class;

  gpointer padding[8];
};

/* Picks the panel class for the device's type. */
GtkWidget  *cria_device_panel_new        (CriaDevice      *device);
CriaDevice *cria_device_panel_get_device (CriaDevicePanel *self);

G_END_DECLS
