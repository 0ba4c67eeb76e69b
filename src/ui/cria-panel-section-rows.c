/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "cria-member-names.h"
#include "cria-panel-section-private.h"
#include "cria-panel-util.h"

/* Writing settings: PUT, then GET to show what the device made of it. The callbacks get
 * the entry without a reference: dispose cancels them before the entries go away. */

static void send_write (Entry *entry, char *wire);

static void
readback_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;
  Entry *entry = user_data;

  value = cria_device_get_finish (CRIA_DEVICE (source), result, &error);
  if (cria_panel_error_is_cancelled (error))
    return;

  entry->writing = FALSE;
  if (value != NULL)
    cria_panel_entry_show (entry, value, TRUE);
  else if (entry->value != NULL)
    cria_panel_entry_show (entry, entry->value, TRUE);

  if (entry->written)
    cria_panel_section_emit_changed (entry->section);

  /* The person changed the value again meanwhile: send what they chose last. */
  if (entry->pending_wire != NULL)
    send_write (entry, g_steal_pointer (&entry->pending_wire));
}

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  Entry *entry = user_data;
  CriaPanelSection *self;

  reply = cria_device_put_finish (CRIA_DEVICE (source), result, &error);
  if (cria_panel_error_is_cancelled (error))
    return;

  if (cria_panel_error_is_not_implemented (error))
    cria_panel_entry_set_unavailable (entry);
  else if (error != NULL)
    cria_panel_show_error (entry->row, cria_panel_entry_title (entry), error);
  entry->written = error == NULL;

  /* The read-back shows the device's value, whether the write took or not. */
  self = entry->section;
  cria_device_get_async (self->device, entry->member->name, NULL, self->cancellable,
                         readback_cb, entry);
}

/* Takes wire, the value in its wire form. */
static void
send_write (Entry *entry,
            char  *wire)
{
  CriaPanelSection *self = entry->section;
  const CriaMember *put = cria_member_lookup (self->type, entry->member->name, CRIA_HTTP_PUT);
  const char *params[] = { put->params[0].name, wire, NULL };

  entry->writing = TRUE;
  cria_device_put_async (self->device, put->name, params, self->cancellable, write_cb, entry);
  g_free (wire);
}

static void
write_setting (Entry           *entry,
               CriaValueEditor *editor)
{
  g_autoptr(GError) error = NULL;
  char *wire;

  if (entry->unavailable)
    return;

  wire = cria_value_editor_get_wire_value (editor, &error);
  if (wire == NULL)
    {
      cria_panel_show_error (entry->row, cria_panel_entry_title (entry), error);
      if (entry->value != NULL)
        cria_value_editor_confirm_value (editor, entry->value);
      return;
    }

  /* One write at a time per setting; the latest edit waits for the running one. */
  if (entry->writing)
    {
      g_free (entry->pending_wire);
      entry->pending_wire = wire;
      return;
    }

  send_write (entry, wire);
}

static void
editor_commit_cb (CriaValueEditor *editor,
                  Entry           *entry)
{
  write_setting (entry, editor);
}

/* Methods without parameters run from their button; the others from their form. */

static void
method_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  Entry *entry = user_data;

  reply = cria_device_put_finish (CRIA_DEVICE (source), result, &error);
  if (cria_panel_error_is_cancelled (error))
    return;

  entry->writing = FALSE;
  cria_panel_entry_update_sensitivity (entry);

  if (cria_panel_error_is_not_implemented (error))
    cria_panel_entry_set_unavailable (entry);
  else if (error != NULL)
    cria_panel_show_error (entry->row, cria_panel_entry_title (entry), error);
  else
    cria_panel_section_emit_changed (entry->section);
}

static void
method_clicked_cb (GtkButton *button,
                   Entry     *entry)
{
  CriaPanelSection *self = entry->section;

  if (entry->writing || entry->unavailable)
    return;

  entry->writing = TRUE;
  gtk_widget_set_sensitive (entry->button, FALSE);
  cria_device_put_async (self->device, entry->member->name, NULL, self->cancellable,
                         method_cb, entry);
}

static void
form_finished_cb (CriaMethodForm *form,
                  const GError   *error,
                  Entry          *entry)
{
  if (cria_panel_error_is_not_implemented (error))
    {
      gtk_popover_popdown (GTK_POPOVER (form));
      cria_panel_entry_set_unavailable (entry);
    }
  else if (error == NULL && entry->member->method == CRIA_HTTP_PUT)
    {
      cria_panel_section_emit_changed (entry->section);
    }
}

static void
form_show_cb (CriaMethodForm *form,
              Entry          *entry)
{
  const CriaMember *member = entry->member;
  guint i;

  /* Start from where the device is: the current coordinates for a slew or a sync. */
  for (i = 0; i < member->n_params; i++)
    {
      JsonNode *value = g_hash_table_lookup (entry->section->prefill, member->params[i].name);

      if (value != NULL)
        cria_method_form_prefill (form, member->params[i].name, value);
    }
}

/* Building rows. */

static void
add_range_deps (CriaPanelSection *self,
                Entry            *entry,
                CriaValueEditor  *editor,
                const char       *member,
                const char       *param)
{
  CriaValueRange range;

  if (!cria_panel_layout_range (self->type, member, param, &range))
    return;
  if (range.min_member != NULL)
    cria_panel_section_add_dep (self, range.min_member, DEP_RANGE_MIN, entry, editor, 0);
  if (range.max_member != NULL)
    cria_panel_section_add_dep (self, range.max_member, DEP_RANGE_MAX, entry, editor,
                                range.max_adjust);
}

static void
build_value_row (CriaPanelSection *self,
                 Entry            *entry)
{
  GtkWidget *label = gtk_label_new ("—");

  entry->row = adw_action_row_new ();
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  /* A wrapping label would otherwise shrink to its longest word beside the title. */
  gtk_label_set_width_chars (GTK_LABEL (label), self->kind == CRIA_SECTION_INFORMATION ? 24 : 14);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  if (self->kind == CRIA_SECTION_INFORMATION)
    gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (entry->row), label);
  entry->value_label = label;
}

static void
build_setting (CriaPanelSection *self,
               Entry            *entry)
{
  const CriaMember *put = cria_member_lookup (self->type, entry->member->name, CRIA_HTTP_PUT);
  const CriaParamSpec *param = &put->params[0];
  CriaEditorKind kind = cria_value_editor_kind_for (self->type, put->name, param);
  const char *list = cria_panel_layout_choices (self->type, put->name, param->name);
  CriaValueRange range;

  entry->editor = cria_value_editor_new (self->type, put->name, param, kind, TRUE);
  entry->row = cria_value_editor_get_row (entry->editor);
  g_signal_connect (entry->editor, "commit", G_CALLBACK (editor_commit_cb), entry);
  add_range_deps (self, entry, entry->editor, put->name, NULL);

  if (list != NULL)
    {
      cria_panel_section_add_dep (self, list, DEP_CHOICES, entry, entry->editor, 0);

      /* A number with both a list and limits falls back to the limits. */
      if (cria_panel_layout_range (self->type, put->name, NULL, &range))
        {
          entry->spin_editor = cria_value_editor_new (self->type, put->name, param,
                                                      CRIA_EDITOR_SPIN, TRUE);
          g_signal_connect (entry->spin_editor, "commit", G_CALLBACK (editor_commit_cb), entry);
          add_range_deps (self, entry, entry->spin_editor, put->name, NULL);
          gtk_widget_set_visible (entry->row, FALSE);
        }
    }
}

static void
build_method (CriaPanelSection *self,
              Entry            *entry)
{
  const char *title = cria_panel_entry_title (entry);
  guint i;

  entry->row = adw_action_row_new ();

  if (entry->member->n_params == 0)
    {
      entry->button = gtk_button_new_with_label (_("Run"));
      g_signal_connect (entry->button, "clicked", G_CALLBACK (method_clicked_cb), entry);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (entry->row), entry->button);
    }
  else
    {
      /* A plain label, without the drop-down arrow: the ellipsis says a form follows. */
      entry->button = gtk_menu_button_new ();
      gtk_menu_button_set_child (GTK_MENU_BUTTON (entry->button),
                                 gtk_label_new (entry->member->method == CRIA_HTTP_GET
                                                ? _("Query…") : _("Run…")));
      entry->form = CRIA_METHOD_FORM (cria_method_form_new (self->device, entry->member));
      gtk_menu_button_set_popover (GTK_MENU_BUTTON (entry->button), GTK_WIDGET (entry->form));
      g_signal_connect (entry->form, "finished", G_CALLBACK (form_finished_cb), entry);
      g_signal_connect (entry->form, "show", G_CALLBACK (form_show_cb), entry);

      for (i = 0; i < entry->member->n_params; i++)
        {
          const CriaParamSpec *param = &entry->member->params[i];
          CriaValueEditor *editor = cria_method_form_get_editor (entry->form, param->name);

          add_range_deps (self, entry, editor, entry->member->name, param->name);
          /* Relative moves take an offset, never the current position. */
          if (cria_member_lookup (self->type, param->name, CRIA_HTTP_GET) != NULL
              && g_strcmp0 (entry->member->name, "Move") != 0)
            cria_panel_section_add_dep (self, param->name, DEP_PREFILL, entry, editor, 0);
        }
    }

  gtk_widget_set_valign (entry->button, GTK_ALIGN_CENTER);
  /* The row's title labels its button: as the activatable widget, AdwActionRow relates the
   * two; a menu button needs it said. */
  if (entry->form != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (entry->button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                    -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (entry->row), entry->button);
}

void
cria_panel_section_add_member (CriaPanelSection *self,
                               const char       *name)
{
  CriaHttpMethod method = self->kind == CRIA_SECTION_ACTIONS ? CRIA_HTTP_PUT : CRIA_HTTP_GET;
  const CriaMember *member = cria_member_lookup (self->type, name, method);
  Entry *entry;

  if (member == NULL)
    {
      g_warning ("%s has no %s member %s", cria_device_type_to_string (self->type),
                 method == CRIA_HTTP_PUT ? "PUT" : "GET", name);
      return;
    }
  /* Settings need a setter of one parameter; anything else would have no way to write. */
  if (self->kind == CRIA_SECTION_SETTINGS
      && (cria_member_lookup (self->type, name, CRIA_HTTP_PUT) == NULL
          || cria_member_lookup (self->type, name, CRIA_HTTP_PUT)->n_params != 1))
    {
      g_warning ("%s.%s has no setter", cria_device_type_to_string (self->type), name);
      return;
    }

  entry = g_new0 (Entry, 1);
  entry->section = self;
  entry->member = member;
  entry->capable = TRUE;
  entry->capability = cria_panel_layout_capability (self->type, member->name);

  switch (self->kind)
    {
    case CRIA_SECTION_SETTINGS:
      build_setting (self, entry);
      break;
    case CRIA_SECTION_ACTIONS:
    case CRIA_SECTION_QUERIES:
      build_method (self, entry);
      break;
    case CRIA_SECTION_NONE:
    case CRIA_SECTION_INFORMATION:
    case CRIA_SECTION_STATUS:
    case CRIA_SECTION_HARDWARE:
    case CRIA_SECTION_CAPABILITIES:
    default:
      build_value_row (self, entry);
      break;
    }

  if (entry->capability != NULL)
    cria_panel_section_add_dep (self, entry->capability, DEP_CAPABILITY, entry, NULL, 0);

  gtk_widget_set_name (entry->row, member->name);
  if (entry->editor == NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry->row),
                                   cria_panel_entry_title (entry));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), entry->row);
  if (entry->spin_editor != NULL)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self),
                               cria_value_editor_get_row (entry->spin_editor));

  g_ptr_array_add (self->entries, entry);
  g_hash_table_insert (self->by_name, (gpointer) member->name, entry);
}
