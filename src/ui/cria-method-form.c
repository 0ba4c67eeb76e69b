/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "cria-format.h"
#include "cria-member-names.h"
#include "cria-method-form.h"
#include "cria-panel-util.h"
#include "cria-value-editor.h"

struct _CriaMethodForm
{
  GtkPopover        parent_instance;

  GtkLabel         *title_label;
  GtkListBox       *fields;
  GtkLabel         *result_label;
  GtkSpinner       *spinner;

  CriaDevice       *device;
  const CriaMember *member;
  GPtrArray        *editors; /* CriaValueEditor, one per parameter */
  GCancellable     *cancellable;
  gboolean          running;
};

G_DEFINE_FINAL_TYPE (CriaMethodForm, cria_method_form, GTK_TYPE_POPOVER)

enum
{
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_run_action (CriaMethodForm *self)
{
  gboolean valid = !self->running;
  guint i;

  for (i = 0; valid && i < self->editors->len; i++)
    valid = cria_value_editor_is_valid (g_ptr_array_index (self->editors, i));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.run", valid);
}

static void
show_result (CriaMethodForm *self,
             const char     *text,
             gboolean        is_error)
{
  gtk_label_set_text (self->result_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->result_label), text != NULL);
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
  CriaMethodForm *self = user_data;
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(GError) error = NULL;
  const CriaMember *member;

  /* No reference on self: dispose cancels the request, and a cancelled one stops here. */
  if (g_task_get_source_tag (G_TASK (result)) == cria_device_get_async)
    value = cria_device_get_finish (CRIA_DEVICE (source), result, &error);
  else
    value = cria_device_put_finish (CRIA_DEVICE (source), result, &error);

  if (cria_panel_error_is_cancelled (error))
    return;
  member = self->member;

  self->running = FALSE;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  update_run_action (self);

  if (error != NULL)
    {
      g_autofree char *description = cria_error_describe (error);

      if (cria_panel_error_is_not_implemented (error))
        show_result (self, _("Not available on this device"), TRUE);
      else
        {
          show_result (self, description, TRUE);
          cria_panel_show_error (GTK_WIDGET (self), cria_member_title (member->name), error);
        }
    }
  else if (member->value_type == CRIA_VALUE_NONE)
    {
      show_result (self, NULL, FALSE);
      gtk_popover_popdown (GTK_POPOVER (self));
    }
  else
    {
      g_autofree char *text = cria_format_value (value, member->value_type, member->format);

      show_result (self, text, FALSE);
    }

  g_signal_emit (self, signals[FINISHED], 0, error);
}

void
cria_method_form_run (CriaMethodForm *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) params = NULL;
  guint i;

  g_return_if_fail (CRIA_IS_METHOD_FORM (self));

  if (self->running)
    return;

  for (i = 0; i < self->editors->len; i++)
    {
      CriaValueEditor *editor = g_ptr_array_index (self->editors, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *wire = cria_value_editor_get_wire_value (editor, &error);

      if (wire == NULL)
        {
          show_result (self, error->message, TRUE);
          gtk_widget_grab_focus (cria_value_editor_get_row (editor));
          return;
        }
      g_strv_builder_add (builder, cria_value_editor_get_param (editor)->name);
      g_strv_builder_add (builder, wire);
    }
  params = g_strv_builder_end (builder);

  self->running = TRUE;
  gtk_spinner_set_spinning (self->spinner, TRUE);
  show_result (self, NULL, FALSE);
  update_run_action (self);

  if (self->member->method == CRIA_HTTP_GET)
    cria_device_get_async (self->device, self->member->name, (const char * const *) params,
                           self->cancellable, run_cb, self);
  else
    cria_device_put_async (self->device, self->member->name, (const char * const *) params,
                           self->cancellable, run_cb, self);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  cria_method_form_run (CRIA_METHOD_FORM (widget));
}

static void
cria_method_form_dispose (GObject *object)
{
  CriaMethodForm *self = CRIA_METHOD_FORM (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->editors, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRIA_TYPE_METHOD_FORM);

  G_OBJECT_CLASS (cria_method_form_parent_class)->dispose (object);
}

static void
cria_method_form_finalize (GObject *object)
{
  CriaMethodForm *self = CRIA_METHOD_FORM (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->device);

  G_OBJECT_CLASS (cria_method_form_parent_class)->finalize (object);
}

static void
cria_method_form_class_init (CriaMethodFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cria_method_form_dispose;
  object_class->finalize = cria_method_form_finalize;

  /* The request finished; the error is NULL on success. */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cria/Cria/cria-method-form.ui");
  gtk_widget_class_bind_template_child (widget_class, CriaMethodForm, title_label);
  gtk_widget_class_bind_template_child (widget_class, CriaMethodForm, fields);
  gtk_widget_class_bind_template_child (widget_class, CriaMethodForm, result_label);
  gtk_widget_class_bind_template_child (widget_class, CriaMethodForm, spinner);

  gtk_widget_class_install_action (widget_class, "form.run", NULL, run_action);
}

static void
cria_method_form_init (CriaMethodForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->editors = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
cria_method_form_new (CriaDevice       *device,
                      const CriaMember *member)
{
  CriaMethodForm *self;
  CriaDeviceType type;
  guint i;

  g_return_val_if_fail (CRIA_IS_DEVICE (device), NULL);
  g_return_val_if_fail (member != NULL, NULL);

  type = cria_device_get_device_type (device);
  self = g_object_new (CRIA_TYPE_METHOD_FORM, NULL);
  self->device = g_object_ref (device);
  self->member = member;
  gtk_label_set_text (self->title_label, cria_member_title (member->name));

  for (i = 0; i < member->n_params; i++)
    {
      const CriaParamSpec *param = &member->params[i];
      CriaValueEditor *editor;

      editor = cria_value_editor_new (type, member->name, param,
                                      cria_value_editor_kind_for (type, member->name, param),
                                      FALSE);
      g_signal_connect_object (editor, "notify::valid", G_CALLBACK (update_run_action), self,
                               G_CONNECT_SWAPPED);
      /* Enter in the last field runs the method. */
      if (ADW_IS_ENTRY_ROW (cria_value_editor_get_row (editor)))
        g_signal_connect_object (cria_value_editor_get_row (editor), "entry-activated",
                                 G_CALLBACK (cria_method_form_run), self, G_CONNECT_SWAPPED);
      gtk_list_box_append (self->fields, cria_value_editor_get_row (editor));
      g_ptr_array_add (self->editors, editor);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->fields), member->n_params > 0);
  update_run_action (self);

  return GTK_WIDGET (self);
}

const CriaMember *
cria_method_form_get_member (CriaMethodForm *self)
{
  g_return_val_if_fail (CRIA_IS_METHOD_FORM (self), NULL);
  return self->member;
}

void
cria_method_form_prefill (CriaMethodForm *self,
                          const char     *param,
                          JsonNode       *value)
{
  CriaValueEditor *editor;

  g_return_if_fail (CRIA_IS_METHOD_FORM (self));
  g_return_if_fail (param != NULL);

  /* The popover may already have put the focus into the field; only typing keeps it. */
  editor = cria_method_form_get_editor (self, param);
  if (editor != NULL)
    cria_value_editor_confirm_value (editor, value);
}

CriaValueEditor *
cria_method_form_get_editor (CriaMethodForm *self,
                             const char     *param)
{
  guint i;

  g_return_val_if_fail (CRIA_IS_METHOD_FORM (self), NULL);
  g_return_val_if_fail (param != NULL, NULL);

  for (i = 0; i < self->editors->len; i++)
    {
      CriaValueEditor *editor = g_ptr_array_index (self->editors, i);

      if (g_strcmp0 (cria_value_editor_get_param (editor)->name, param) == 0)
        return editor;
    }

  return NULL;
}
