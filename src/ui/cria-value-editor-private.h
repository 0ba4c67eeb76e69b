/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-value-editor.h"

G_BEGIN_DECLS

/* Shared by cria-value-editor.c (values and the public API) and cria-value-editor-rows.c
 * (the row widgets and how the person edits them). */

struct _CriaValueEditor
{
  GObject              parent_instance;

  CriaDeviceType       type;
  char                *member;
  const CriaParamSpec *param;
  CriaEditorKind       kind;
  gboolean             apply_button;

  GtkWidget           *row;      /* owned */
  GtkWidget           *control;  /* the switch or spin button inside row */
  GtkStringList       *labels;   /* choices */
  GArray              *values;   /* int, parallel to labels */
  gboolean             has_pending;
  int                  pending;  /* a value that arrived before its choices */

  double               min;
  double               max;
  gboolean             updating; /* a change made here, not by the person */
  gboolean             dirty;    /* typed into an entry, not applied yet */
  gboolean             valid;
  guint                commit_source;
};

void      cria_value_editor_build          (CriaValueEditor  *self);
/* Parses an entry's text by the parameter's format; wire may be NULL to validate only. */
gboolean  cria_value_editor_parse_text     (CriaValueEditor  *self,
                                            const char       *text,
                                            char            **wire,
                                            GError          **error);
void      cria_value_editor_set_valid      (CriaValueEditor  *self,
                                            gboolean          valid);
void      cria_value_editor_emit_commit    (CriaValueEditor  *self);
gboolean  cria_value_editor_is_setter      (CriaValueEditor  *self);
gboolean  cria_value_editor_is_longitude   (CriaValueEditor  *self);
/* The property for a setter, else the parameter: what the row is called after. */
const char *cria_value_editor_get_name     (CriaValueEditor  *self);

G_END_DECLS
