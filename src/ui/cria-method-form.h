/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cria-alpaca.h"
#include "cria-value-editor.h"

G_BEGIN_DECLS

#define CRIA_TYPE_METHOD_FORM (cria_method_form_get_type ())

/* A popover with one typed, validated field per parameter of a method (PUT) or a query
 * (GET with parameters), a Run button and the reply. It sends the parameters with the
 * names of the member table, so their casing is the spec's. */
G_DECLARE_FINAL_TYPE (CriaMethodForm, cria_method_form, CRIA, METHOD_FORM, GtkPopover)

GtkWidget        *cria_method_form_new        (CriaDevice       *device,
                                               const CriaMember *member);
const CriaMember *cria_method_form_get_member (CriaMethodForm   *self);
/* Puts a known value (e.g. the current RightAscension) into the field of that name. */
void              cria_method_form_prefill    (CriaMethodForm   *self,
                                               const char       *param,
                                               JsonNode         *value);
/* The field of a parameter, or NULL. */
CriaValueEditor  *cria_method_form_get_editor (CriaMethodForm   *self,
                                               const char       *param);
/* Sends the request, as the Run button does. */
void              cria_method_form_run        (CriaMethodForm   *self);

G_END_DECLS
