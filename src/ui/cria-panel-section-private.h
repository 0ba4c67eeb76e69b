/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-method-form.h"
#include "cria-panel-section.h"
#include "cria-value-editor.h"

G_BEGIN_DECLS

/* Shared by cria-panel-section.c (values, dependencies, reads) and
 * cria-panel-section-rows.c (building rows, writing settings, running methods). */

/* One member's row and what is known about it. */
typedef struct
{
  CriaPanelSection *section;
  const CriaMember *member;      /* the GET, or the PUT of a method */
  const char       *capability;  /* the Can* that gates it, or NULL */
  GtkWidget        *row;
  GtkWidget        *value_label; /* value rows */
  GtkWidget        *button;      /* methods and queries */
  CriaMethodForm   *form;        /* methods with parameters, queries */
  CriaValueEditor  *editor;      /* settings */
  CriaValueEditor  *spin_editor; /* settings with a list that may be missing (Gain) */
  JsonNode         *value;
  gboolean          capable;
  gboolean          unavailable;
  gboolean          error_shown;
  gboolean          writing;
  gboolean          written;      /* the last write went through */
  char             *pending_wire; /* a newer edit that waits for the running write */
} Entry;

/* How a value read for one member shapes the controls of another. */
typedef enum
{
  DEP_RANGE_MIN,
  DEP_RANGE_MAX,
  DEP_CHOICES,
  DEP_CAPABILITY,
  DEP_PREFILL,
} DepKind;

typedef struct
{
  DepKind          kind;
  Entry           *entry;
  CriaValueEditor *editor;
  double           adjust;
} Dep;

struct _CriaPanelSection
{
  AdwPreferencesGroup  parent_instance;

  CriaDevice          *device;
  CriaDeviceType       type;
  CriaSectionKind      kind;
  GPtrArray           *entries;   /* Entry, in display order */
  GHashTable          *by_name;   /* member name -> Entry */
  GHashTable          *deps;      /* member name -> GPtrArray of Dep */
  GHashTable          *prefill;   /* member name -> JsonNode, for forms */
  GCancellable        *cancellable;
};

void        cria_panel_section_add_member        (CriaPanelSection *self,
                                                  const char       *name);
void        cria_panel_section_add_dep           (CriaPanelSection *self,
                                                  const char       *name,
                                                  DepKind           kind,
                                                  Entry            *entry,
                                                  CriaValueEditor  *editor,
                                                  double            adjust);
void        cria_panel_section_emit_changed      (CriaPanelSection *self);

const char *cria_panel_entry_title               (Entry            *entry);
void        cria_panel_entry_show                (Entry            *entry,
                                                  JsonNode         *value,
                                                  gboolean          confirm);
void        cria_panel_entry_set_unavailable     (Entry            *entry);
void        cria_panel_entry_update_sensitivity  (Entry            *entry);

G_END_DECLS
