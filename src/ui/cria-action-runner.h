/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cria-alpaca.h"

G_BEGIN_DECLS

#define CRIA_TYPE_ACTION_RUNNER (cria_action_runner_get_type ())

/* A group to run one of the driver's own Actions: a name (typed, or picked from
 * SupportedActions), its parameters, and the reply. */
G_DECLARE_FINAL_TYPE (CriaActionRunner, cria_action_runner, CRIA, ACTION_RUNNER,
                      AdwPreferencesGroup)

GtkWidget *cria_action_runner_new           (CriaDevice       *device);
/* The SupportedActions value, a list of strings. */
void       cria_action_runner_set_supported (CriaActionRunner *self,
                                             JsonNode         *value);
/* Actions need a connected device. */
void       cria_action_runner_set_connected (CriaActionRunner *self,
                                             gboolean          connected);
void       cria_action_runner_run           (CriaActionRunner *self);

G_END_DECLS
