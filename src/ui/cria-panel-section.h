/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cria-alpaca.h"
#include "cria-panel-layout.h"

G_BEGIN_DECLS

#define CRIA_TYPE_PANEL_SECTION (cria_panel_section_get_type ())

/* One generated group of a device panel: rows for a list of members, built by the kind of
 * section (values, settings, methods or queries). It writes settings and runs methods
 * itself; reading is left to whoever polls, who hands every value to update(). Dedicated
 * panels build sections from their own member lists and place them as they like. */
G_DECLARE_FINAL_TYPE (CriaPanelSection, cria_panel_section, CRIA, PANEL_SECTION,
                      AdwPreferencesGroup)

/* members: NULL-terminated names from the device type's member table, e.g.
 * { "Tracking", "TrackingRate", NULL } for a SETTINGS section. */
CriaPanelSection *cria_panel_section_new            (CriaDevice          *device,
                                                     CriaSectionKind      kind,
                                                     const char          *title,
                                                     const char * const  *members);
/* The section of that kind with the layout's members and the usual title. */
CriaPanelSection *cria_panel_section_new_generated  (CriaDevice          *device,
                                                     CriaSectionKind      kind);

CriaSectionKind   cria_panel_section_get_kind       (CriaPanelSection    *self);
gboolean          cria_panel_section_is_empty       (CriaPanelSection    *self);

/* Appends the GET members this section needs: "fast" ones shown as live status, "slow"
 * ones read on connect, after writes and now and then (settings, capabilities, limits and
 * lists that controls depend on). Members found not implemented are left out. */
void              cria_panel_section_collect_reads  (CriaPanelSection    *self,
                                                     GPtrArray           *fast,
                                                     GPtrArray           *slow);
/* A value read from the device, by name. Returns whether the section used it. */
gboolean          cria_panel_section_update         (CriaPanelSection    *self,
                                                     const char          *name,
                                                     JsonNode            *value);
/* Reading name failed. NotImplemented shows the member as unavailable for good; other
 * errors show on its row. */
void              cria_panel_section_read_failed    (CriaPanelSection    *self,
                                                     const char          *name,
                                                     const GError        *error);

gboolean          cria_panel_section_is_unavailable (CriaPanelSection    *self,
                                                     const char          *name);
/* The row of a member (a setting's current row when it has two), or NULL. */
GtkWidget        *cria_panel_section_get_row        (CriaPanelSection    *self,
                                                     const char          *name);
/* The text a value row shows, for tests and dedicated panels. */
const char       *cria_panel_section_get_value_text (CriaPanelSection    *self,
                                                     const char          *name);

G_END_DECLS
