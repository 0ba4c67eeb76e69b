/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-device-panel.h"
#include "cria-panel-layout.h"
#include "cria-panel-poller.h"
#include "cria-panel-section.h"

G_BEGIN_DECLS

/* For dedicated panels (subclasses) and tests. A subclass chains up in constructed(), then
 * reuses the generated sections: it can move, hide or replace them, add its own sections
 * (which are then read and updated like the generated ones) and add other widgets to the
 * content box. */

/* The generated section of a kind, or NULL when the device type has no such members. */
CriaPanelSection *cria_device_panel_get_section       (CriaDevicePanel  *self,
                                                       CriaSectionKind   kind);
/* Appends section to the content box, and polls and updates it with the others. Sections
 * other than Device Information are shown only while the device is connected. */
void              cria_device_panel_add_section       (CriaDevicePanel  *self,
                                                       CriaPanelSection *section);
/* The vertical box in the panel's clamp that holds the groups. */
GtkBox           *cria_device_panel_get_content       (CriaDevicePanel  *self);
CriaPanelPoller  *cria_device_panel_get_poller        (CriaDevicePanel  *self);
/* Reads everything again soon, e.g. after a dedicated control changed the device. */
void              cria_device_panel_refresh           (CriaDevicePanel  *self);
/* The connection row, whose title and subtitle tell the state. */
AdwActionRow     *cria_device_panel_get_state_row     (CriaDevicePanel  *self);
/* Whether polls found the connection lost and the panel is retrying. */
gboolean          cria_device_panel_is_reconnecting   (CriaDevicePanel  *self);

G_END_DECLS
