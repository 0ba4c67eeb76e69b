/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cria-alpaca.h"

G_BEGIN_DECLS

/* The row that edits one typed value: a property in the Settings section, or a parameter
 * in a method's form. It owns the row widget's behaviour, not the device: whoever uses it
 * listens to ::commit and reads get_wire_value(). */

typedef enum
{
  CRIA_EDITOR_SWITCH,  /* AdwActionRow + GtkSwitch: booleans */
  CRIA_EDITOR_SPIN,    /* AdwActionRow + GtkSpinButton: plain numbers */
  CRIA_EDITOR_CHOICE,  /* AdwComboRow: enumerations and lists the device reports */
  CRIA_EDITOR_ENTRY,   /* AdwEntryRow: text, angles, dates */
} CriaEditorKind;

#define CRIA_TYPE_VALUE_EDITOR (cria_value_editor_get_type ())

G_DECLARE_FINAL_TYPE (CriaValueEditor, cria_value_editor, CRIA, VALUE_EDITOR, GObject)

/* The natural kind for a parameter; member is the method (or the property for a setter). */
CriaEditorKind   cria_value_editor_kind_for     (CriaDeviceType        type,
                                                 const char           *member,
                                                 const CriaParamSpec  *param);
/* apply_button: entries commit on Enter or their apply button (settings) rather than
 * being read when a form runs. */
CriaValueEditor *cria_value_editor_new          (CriaDeviceType        type,
                                                 const char           *member,
                                                 const CriaParamSpec  *param,
                                                 CriaEditorKind        kind,
                                                 gboolean              apply_button);
GtkWidget       *cria_value_editor_get_row      (CriaValueEditor      *self);
CriaEditorKind   cria_value_editor_get_kind     (CriaValueEditor      *self);
const CriaParamSpec *cria_value_editor_get_param (CriaValueEditor     *self);

/* Shows a value the device reported. Ignored while the person is editing the row, so a
 * poll never overwrites what they type. Does not emit ::commit. */
void             cria_value_editor_set_value    (CriaValueEditor      *self,
                                                 JsonNode             *value);
/* Shows the value read back after a write, even while the row has the focus. */
void             cria_value_editor_confirm_value (CriaValueEditor     *self,
                                                  JsonNode            *value);
/* The device does not implement the value: the row says so and can no longer be edited. */
void             cria_value_editor_set_unavailable (CriaValueEditor   *self);
/* TRUE while the row holds an edit that has not been committed or is being typed. */
gboolean         cria_value_editor_is_editing   (CriaValueEditor      *self);
void             cria_value_editor_set_range    (CriaValueEditor      *self,
                                                 double                min,
                                                 double                max);
void             cria_value_editor_get_range    (CriaValueEditor      *self,
                                                 double               *min,
                                                 double               *max);
/* Choices of a CHOICE editor: labels and the values they stand for. */
void             cria_value_editor_set_choices  (CriaValueEditor      *self,
                                                 const char * const   *labels,
                                                 const int            *values,
                                                 guint                 n_choices);
guint            cria_value_editor_get_n_choices (CriaValueEditor     *self);

/* The value as the Alpaca parameter expects it ("true", "12.5", "2", an ISO date). */
char            *cria_value_editor_get_wire_value (CriaValueEditor    *self,
                                                   GError            **error);
gboolean         cria_value_editor_is_valid     (CriaValueEditor      *self);

G_END_DECLS
