/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "cria-action-runner.h"
#include "cria-panel-util.h"

struct _CriaActionRunner
{
  AdwPreferencesGroup  parent_instance;

  AdwEntryRow         *action_row;
  GtkMenuButton       *choices_button;
  AdwEntryRow         *parameters_row;
  AdwActionRow        *result_row;
  GtkLabel            *result_label;

  CriaDevice          *device;
  GCancellable        *cancellable;
  gboolean             connected;
  gboolean             running;
};

G_DEFINE_FINAL_TYPE (CriaActionRunner, cria_action_runner, ADW_TYPE_PREFERENCES_GROUP)

static void
update_actions (CriaActionRunner *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->action_row));
  g_autofree char *stripped = g_strstrip (g_strdup (name));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "runner.run",
                                 self->connected && !self->running && *stripped != '\0');
}

static void
show_result (CriaActionRunner *self,
             const char       *text,
             gboolean          is_error)
{
  gtk_label_set_text (self->result_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->result_row), TRUE);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->result_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->result_label), "error");
}

static void
run_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  CriaActionRunner *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;

  /* No reference on self: dispose cancels the request, and a cancelled one stops here. */
  value = cria_device_put_finish (CRIA_DEVICE (source), result, &error);
  if (cria_panel_error_is_cancelled (error))
    return;

  self->running = FALSE;
  update_actions (self);

  if (cria_panel_error_is_not_implemented (error))
    {
      show_result (self, _("This device does not run actions"), TRUE);
    }
  else if (error != NULL)
    {
      g_autofree char *description = cria_error_describe (error);

      show_result (self, description, TRUE);
      cria_panel_show_error (GTK_WIDGET (self), _("Action"), error);
    }
  else if (value != NULL && JSON_NODE_HOLDS_VALUE (value)
           && json_node_get_value_type (value) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (value);

      show_result (self, *text != '\0' ? text : _("Done, with an empty reply"), FALSE);
    }
  else
    {
      show_result (self, _("Done"), FALSE);
    }
}

void
cria_action_runner_run (CriaActionRunner *self)
{
  g_autofree char *name = NULL;
  const char *params[5];

  g_return_if_fail (CRIA_IS_ACTION_RUNNER (self));

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->action_row))));
  if (self->running || !self->connected || *name == '\0')
    return;

  params[0] = "Action";
  params[1] = name;
  params[2] = "Parameters";
  params[3] = gtk_editable_get_text (GTK_EDITABLE (self->parameters_row));
  params[4] = NULL;

  self->running = TRUE;
  update_actions (self);
  cria_device_put_async (self->device, "Action", params, self->cancellable, run_cb, self);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  cria_action_runner_run (CRIA_ACTION_RUNNER (widget));
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CriaActionRunner *self = CRIA_ACTION_RUNNER (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->action_row), g_variant_get_string (parameter, NULL));
  gtk_widget_grab_focus (GTK_WIDGET (self->parameters_row));
}

static void
cria_action_runner_dispose (GObject *object)
{
  CriaActionRunner *self = CRIA_ACTION_RUNNER (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRIA_TYPE_ACTION_RUNNER);

  G_OBJECT_CLASS (cria_action_runner_parent_class)->dispose (object);
}

static void
cria_action_runner_finalize (GObject *object)
{
  CriaActionRunner *self = CRIA_ACTION_RUNNER (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->device);

  G_OBJECT_CLASS (cria_action_runner_parent_class)->finalize (object);
}

static void
cria_action_runner_class_init (CriaActionRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cria_action_runner_dispose;
  object_class->finalize = cria_action_runner_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cria/Cria/cria-action-runner.ui");
  gtk_widget_class_bind_template_child (widget_class, CriaActionRunner, action_row);
  gtk_widget_class_bind_template_child (widget_class, CriaActionRunner, choices_button);
  gtk_widget_class_bind_template_child (widget_class, CriaActionRunner, parameters_row);
  gtk_widget_class_bind_template_child (widget_class, CriaActionRunner, result_row);
  gtk_widget_class_bind_template_child (widget_class, CriaActionRunner, result_label);

  gtk_widget_class_install_action (widget_class, "runner.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "runner.choose", "s", choose_action);
}

static void
cria_action_runner_init (CriaActionRunner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->action_row, "changed", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->parameters_row, "entry-activated",
                            G_CALLBACK (cria_action_runner_run), self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->choices_button), FALSE);
  update_actions (self);
}

GtkWidget *
cria_action_runner_new (CriaDevice *device)
{
  CriaActionRunner *self;

  g_return_val_if_fail (CRIA_IS_DEVICE (device), NULL);

  self = g_object_new (CRIA_TYPE_ACTION_RUNNER, NULL);
  self->device = g_object_ref (device);
  return GTK_WIDGET (self);
}

void
cria_action_runner_set_supported (CriaActionRunner *self,
                                  JsonNode         *value)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  JsonArray *array;
  guint i, n;

  g_return_if_fail (CRIA_IS_ACTION_RUNNER (self));

  if (value == NULL || !JSON_NODE_HOLDS_ARRAY (value))
    return;

  array = json_node_get_array (value);
  n = json_array_get_length (array);
  for (i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autoptr(GMenuItem) item = NULL;
      g_auto(GStrv) escaped = NULL;
      g_autofree char *label = NULL;
      const char *name;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        continue;
      name = json_node_get_string (element);
      /* Menu labels read underscores as mnemonics. */
      escaped = g_strsplit (name, "_", -1);
      label = g_strjoinv ("__", escaped);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, "runner.choose", "s", name);
      g_menu_append_item (menu, item);
    }

  gtk_menu_button_set_menu_model (self->choices_button, G_MENU_MODEL (menu));
  gtk_widget_set_sensitive (GTK_WIDGET (self->choices_button),
                            g_menu_model_get_n_items (G_MENU_MODEL (menu)) > 0);
}

void
cria_action_runner_set_connected (CriaActionRunner *self,
                                  gboolean          connected)
{
  g_return_if_fail (CRIA_IS_ACTION_RUNNER (self));

  if (self->connected == connected)
    return;

  self->connected = connected;
  update_actions (self);
}
