/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "cria-format.h"
#include "cria-member-names.h"
#include "cria-method-form.h"
#include "cria-panel-section.h"
#include "cria-panel-util.h"
#include "cria-value-editor.h"

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
  CriaValueEditor  *write_again; /* a newer edit that waits for the running write */
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

G_DEFINE_FINAL_TYPE (CriaPanelSection, cria_panel_section, ADW_TYPE_PREFERENCES_GROUP)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_clear_object (&entry->editor);
  g_clear_object (&entry->spin_editor);
  g_clear_pointer (&entry->value, json_node_unref);
  g_free (entry);
}

static const char *
entry_title (Entry *entry)
{
  return cria_member_title (entry->member->name);
}

static void
add_dep (CriaPanelSection *self,
         const char       *name,
         DepKind           kind,
         Entry            *entry,
         CriaValueEditor  *editor,
         double            adjust)
{
  GPtrArray *list = g_hash_table_lookup (self->deps, name);
  Dep *dep = g_new0 (Dep, 1);

  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (self->deps, (gpointer) name, list);
    }

  dep->kind = kind;
  dep->entry = entry;
  dep->editor = editor;
  dep->adjust = adjust;
  g_ptr_array_add (list, dep);
}

/* Availability and capabilities. */

static void
entry_update_sensitivity (Entry *entry)
{
  gboolean usable = !entry->unavailable && entry->capable;

  if (entry->button != NULL)
    gtk_widget_set_sensitive (entry->button, usable);
  if (entry->editor != NULL)
    gtk_widget_set_sensitive (cria_value_editor_get_row (entry->editor), usable);
  if (entry->spin_editor != NULL)
    gtk_widget_set_sensitive (cria_value_editor_get_row (entry->spin_editor), usable);
  if (entry->value_label != NULL)
    gtk_widget_set_sensitive (entry->row, usable);

  if (!entry->capable && !entry->unavailable)
    {
      /* TRANSLATORS: %s is the capability property, e.g. CanPark. */
      g_autofree char *tip = g_strdup_printf (_("Not supported by this device (%s is false)"),
                                              entry->capability);

      gtk_widget_set_tooltip_text (entry->row, tip);
    }
  else
    {
      gtk_widget_set_tooltip_text (entry->row, NULL);
    }
}

static void
set_subtitle (GtkWidget  *row,
              const char *subtitle)
{
  if (ADW_IS_ACTION_ROW (row))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
}

static void
entry_set_unavailable (Entry *entry)
{
  const char *text = _("Not available");

  if (entry->unavailable)
    return;

  entry->unavailable = TRUE;
  if (entry->value_label != NULL)
    gtk_label_set_text (GTK_LABEL (entry->value_label), text);
  else
    set_subtitle (entry->row, text);

  if (entry->editor != NULL)
    cria_value_editor_set_unavailable (entry->editor);
  if (entry->spin_editor != NULL)
    {
      set_subtitle (cria_value_editor_get_row (entry->spin_editor), text);
      gtk_widget_set_visible (cria_value_editor_get_row (entry->editor), FALSE);
      gtk_widget_set_visible (cria_value_editor_get_row (entry->spin_editor), TRUE);
    }

  gtk_widget_add_css_class (entry->row, "dim-label");
  entry_update_sensitivity (entry);
}

/* Values. */

static void
entry_show (Entry    *entry,
            JsonNode *value,
            gboolean  confirm)
{
  if (entry->unavailable)
    return;

  if (entry->value != value)
    {
      g_clear_pointer (&entry->value, json_node_unref);
      entry->value = json_node_ref (value);
    }
  entry->error_shown = FALSE;

  if (entry->value_label != NULL)
    {
      g_autofree char *text = cria_format_value (value, entry->member->value_type,
                                                 entry->member->format);
      const char *unit = entry->member->format == CRIA_FORMAT_PLAIN
                         ? cria_member_unit (entry->section->type, NULL, entry->member->name)
                         : NULL;
      double number;

      if (unit != NULL && cria_panel_node_get_number (value, &number))
        {
          g_autofree char *plain = g_steal_pointer (&text);

          text = g_strdup_printf ("%s %s", plain, unit);
        }
      gtk_label_set_text (GTK_LABEL (entry->value_label), text);
      gtk_widget_set_tooltip_text (entry->value_label, NULL);
    }

  if (entry->editor != NULL)
    {
      if (confirm)
        cria_value_editor_confirm_value (entry->editor, value);
      else
        cria_value_editor_set_value (entry->editor, value);
    }
  if (entry->spin_editor != NULL)
    {
      if (confirm)
        cria_value_editor_confirm_value (entry->spin_editor, value);
      else
        cria_value_editor_set_value (entry->spin_editor, value);
    }
}

static void
apply_choices (Dep      *dep,
               JsonNode *value)
{
  Entry *entry = dep->entry;
  CriaDeviceType type = entry->section->type;
  gboolean as_values = cria_panel_layout_choices_are_values (type, entry->member->name);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (int));
  const CriaParamSpec *param = cria_value_editor_get_param (dep->editor);
  JsonArray *array;
  guint i, n;

  if (!JSON_NODE_HOLDS_ARRAY (value))
    return;

  array = json_node_get_array (value);
  n = json_array_get_length (array);
  for (i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      double number;
      int choice = (int) i;

      if (as_values)
        {
          const char *name;

          if (!cria_panel_node_get_number (element, &number) || number < G_MININT
              || number > G_MAXINT)
            return;
          choice = (int) number;
          name = cria_format_enum_name (param->format, choice);
          g_ptr_array_add (labels, name != NULL ? g_strdup (name) : g_strdup_printf ("%d", choice));
        }
      else if (JSON_NODE_HOLDS_VALUE (element)
               && json_node_get_value_type (element) == G_TYPE_STRING)
        {
          g_ptr_array_add (labels, g_strdup (json_node_get_string (element)));
        }
      else
        {
          return;
        }
      g_array_append_val (values, choice);
    }
  g_ptr_array_add (labels, NULL);

  cria_value_editor_set_choices (dep->editor, (const char * const *) labels->pdata,
                                 (const int *) (gpointer) values->data, values->len);

  /* Gain and Offset come as a list on some cameras and as a range on others. */
  if (entry->spin_editor != NULL && !entry->unavailable)
    {
      gtk_widget_set_visible (cria_value_editor_get_row (dep->editor), n > 0);
      gtk_widget_set_visible (cria_value_editor_get_row (entry->spin_editor), n == 0);
    }
}

static void
apply_dep (CriaPanelSection *self,
           const char       *name,
           Dep              *dep,
           JsonNode         *value)
{
  double number, min, max;
  gboolean flag;

  switch (dep->kind)
    {
    case DEP_RANGE_MIN:
    case DEP_RANGE_MAX:
      if (!cria_panel_node_get_number (value, &number))
        return;
      cria_value_editor_get_range (dep->editor, &min, &max);
      if (dep->kind == DEP_RANGE_MIN)
        min = number;
      else
        max = number + dep->adjust;
      cria_value_editor_set_range (dep->editor, min, MAX (min, max));
      break;

    case DEP_CHOICES:
      apply_choices (dep, value);
      break;

    case DEP_CAPABILITY:
      if (cria_panel_node_get_bool (value, &flag) && flag != dep->entry->capable)
        {
          dep->entry->capable = flag;
          entry_update_sensitivity (dep->entry);
        }
      break;

    case DEP_PREFILL:
    default:
      g_hash_table_replace (self->prefill, (gpointer) name, json_node_ref (value));
      break;
    }
}

gboolean
cria_panel_section_update (CriaPanelSection *self,
                           const char       *name,
                           JsonNode         *value)
{
  Entry *entry;
  GPtrArray *deps;
  guint i;

  g_return_val_if_fail (CRIA_IS_PANEL_SECTION (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (value == NULL)
    return FALSE;

  entry = g_hash_table_lookup (self->by_name, name);
  if (entry != NULL && entry->member->method == CRIA_HTTP_GET && entry->member->n_params == 0)
    entry_show (entry, value, FALSE);

  deps = g_hash_table_lookup (self->deps, name);
  for (i = 0; deps != NULL && i < deps->len; i++)
    apply_dep (self, name, g_ptr_array_index (deps, i), value);

  return entry != NULL || deps != NULL;
}

void
cria_panel_section_read_failed (CriaPanelSection *self,
                                const char       *name,
                                const GError     *error)
{
  Entry *entry;

  g_return_if_fail (CRIA_IS_PANEL_SECTION (self));
  g_return_if_fail (name != NULL);

  entry = g_hash_table_lookup (self->by_name, name);
  if (entry == NULL || entry->member->n_params > 0)
    return;

  if (cria_panel_error_is_not_implemented (error))
    {
      entry_set_unavailable (entry);
      return;
    }

  if (entry->value_label != NULL)
    {
      g_autofree char *description = cria_error_describe (error);

      gtk_label_set_text (GTK_LABEL (entry->value_label), _("Error"));
      gtk_widget_set_tooltip_text (entry->value_label, description);
    }

  /* Polls repeat every second: tell once, until the member reads fine again. */
  if (!entry->error_shown)
    {
      entry->error_shown = TRUE;
      cria_panel_show_error (entry->row, entry_title (entry), error);
    }
}

/* Writing settings: PUT, then GET to show what the device made of it. */

typedef struct
{
  CriaPanelSection *section;
  Entry            *entry;
  gboolean          written;
} WriteOp;

static void
write_op_free (WriteOp *op)
{
  g_object_unref (op->section);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WriteOp, write_op_free)

static void write_setting (Entry *entry, CriaValueEditor *editor);

static void
readback_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(WriteOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;
  Entry *entry = op->entry;
  CriaValueEditor *again;

  value = cria_device_get_finish (CRIA_DEVICE (source), result, &error);
  if (cria_panel_error_is_cancelled (error))
    return;

  entry->writing = FALSE;
  if (value != NULL)
    entry_show (entry, value, TRUE);
  else if (entry->value != NULL)
    entry_show (entry, entry->value, TRUE);

  again = g_steal_pointer (&entry->write_again);
  if (again != NULL)
    write_setting (entry, again);

  if (op->written)
    g_signal_emit (op->section, signals[CHANGED], 0);
}

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(WriteOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  Entry *entry = op->entry;

  reply = cria_device_put_finish (CRIA_DEVICE (source), result, &error);
  if (cria_panel_error_is_cancelled (error))
    return;

  if (cria_panel_error_is_not_implemented (error))
    entry_set_unavailable (entry);
  else if (error != NULL)
    cria_panel_show_error (entry->row, entry_title (entry), error);
  op->written = error == NULL;

  /* The read-back shows the device's value, whether the write took or not. */
  cria_device_get_async (op->section->device, entry->member->name, NULL,
                         op->section->cancellable, readback_cb, g_steal_pointer (&op));
}

static void
write_setting (Entry           *entry,
               CriaValueEditor *editor)
{
  CriaPanelSection *self = entry->section;
  g_autoptr(GError) error = NULL;
  g_autofree char *wire = NULL;
  const char *params[3];
  WriteOp *op;

  if (entry->unavailable)
    return;
  if (entry->writing)
    {
      entry->write_again = editor;
      return;
    }

  wire = cria_value_editor_get_wire_value (editor, &error);
  if (wire == NULL)
    {
      cria_panel_show_error (entry->row, entry_title (entry), error);
      if (entry->value != NULL)
        cria_value_editor_confirm_value (editor, entry->value);
      return;
    }

  params[0] = cria_value_editor_get_param (editor)->name;
  params[1] = wire;
  params[2] = NULL;

  op = g_new0 (WriteOp, 1);
  op->section = g_object_ref (self);
  op->entry = entry;
  entry->writing = TRUE;
  cria_device_put_async (self->device, entry->member->name, params, self->cancellable,
                         write_cb, op);
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
  g_autoptr(WriteOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  Entry *entry = op->entry;

  reply = cria_device_put_finish (CRIA_DEVICE (source), result, &error);
  if (cria_panel_error_is_cancelled (error))
    return;

  entry->writing = FALSE;
  entry_update_sensitivity (entry);

  if (cria_panel_error_is_not_implemented (error))
    entry_set_unavailable (entry);
  else if (error != NULL)
    cria_panel_show_error (entry->row, entry_title (entry), error);
  else
    g_signal_emit (op->section, signals[CHANGED], 0);
}

static void
method_clicked_cb (GtkButton *button,
                   Entry     *entry)
{
  CriaPanelSection *self = entry->section;
  WriteOp *op;

  if (entry->writing || entry->unavailable)
    return;

  op = g_new0 (WriteOp, 1);
  op->section = g_object_ref (self);
  op->entry = entry;
  entry->writing = TRUE;
  gtk_widget_set_sensitive (entry->button, FALSE);
  cria_device_put_async (self->device, entry->member->name, NULL, self->cancellable,
                         method_cb, op);
}

static void
form_finished_cb (CriaMethodForm *form,
                  const GError   *error,
                  Entry          *entry)
{
  if (cria_panel_error_is_not_implemented (error))
    {
      gtk_popover_popdown (GTK_POPOVER (form));
      entry_set_unavailable (entry);
    }
  else if (error == NULL && entry->member->method == CRIA_HTTP_PUT)
    {
      g_signal_emit (entry->section, signals[CHANGED], 0);
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
    add_dep (self, range.min_member, DEP_RANGE_MIN, entry, editor, 0);
  if (range.max_member != NULL)
    add_dep (self, range.max_member, DEP_RANGE_MAX, entry, editor, range.max_adjust);
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
  gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
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
      add_dep (self, list, DEP_CHOICES, entry, entry->editor, 0);

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
  const char *title = entry_title (entry);
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
      entry->button = gtk_menu_button_new ();
      gtk_menu_button_set_label (GTK_MENU_BUTTON (entry->button),
                                 entry->member->method == CRIA_HTTP_GET ? _("Query…") : _("Run…"));
      entry->form = CRIA_METHOD_FORM (cria_method_form_new (self->device, entry->member));
      gtk_menu_button_set_popover (GTK_MENU_BUTTON (entry->button), GTK_WIDGET (entry->form));
      g_signal_connect (entry->form, "finished", G_CALLBACK (form_finished_cb), entry);
      g_signal_connect (entry->form, "show", G_CALLBACK (form_show_cb), entry);

      for (i = 0; i < entry->member->n_params; i++)
        {
          const CriaParamSpec *param = &entry->member->params[i];
          CriaValueEditor *editor = cria_method_form_get_editor (entry->form, param->name);

          add_range_deps (self, entry, editor, entry->member->name, param->name);
          if (cria_member_lookup (self->type, param->name, CRIA_HTTP_GET) != NULL)
            add_dep (self, param->name, DEP_PREFILL, entry, editor, 0);
        }
    }

  gtk_widget_set_valign (entry->button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (entry->row), entry->button);
}

static void
add_member (CriaPanelSection *self,
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
  /* Settings need a setter; anything else would have no way to write. */
  if (self->kind == CRIA_SECTION_SETTINGS
      && cria_member_lookup (self->type, name, CRIA_HTTP_PUT) == NULL)
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
    add_dep (self, entry->capability, DEP_CAPABILITY, entry, NULL, 0);

  gtk_widget_set_name (entry->row, member->name);
  if (entry->editor == NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry->row), entry_title (entry));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), entry->row);
  if (entry->spin_editor != NULL)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self),
                               cria_value_editor_get_row (entry->spin_editor));

  g_ptr_array_add (self->entries, entry);
  g_hash_table_insert (self->by_name, (gpointer) member->name, entry);
}

static void
cria_panel_section_dispose (GObject *object)
{
  CriaPanelSection *self = CRIA_PANEL_SECTION (object);

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (cria_panel_section_parent_class)->dispose (object);
}

static void
cria_panel_section_finalize (GObject *object)
{
  CriaPanelSection *self = CRIA_PANEL_SECTION (object);

  g_clear_pointer (&self->deps, g_hash_table_unref);
  g_clear_pointer (&self->prefill, g_hash_table_unref);
  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->device);

  G_OBJECT_CLASS (cria_panel_section_parent_class)->finalize (object);
}

static void
cria_panel_section_class_init (CriaPanelSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cria_panel_section_dispose;
  object_class->finalize = cria_panel_section_finalize;

  /* A write or a method went through: the device's state may have changed. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cria_panel_section_init (CriaPanelSection *self)
{
  self->entries = g_ptr_array_new_with_free_func (entry_free);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->deps = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                      (GDestroyNotify) g_ptr_array_unref);
  self->prefill = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) json_node_unref);
  self->cancellable = g_cancellable_new ();
}

CriaPanelSection *
cria_panel_section_new (CriaDevice         *device,
                        CriaSectionKind     kind,
                        const char         *title,
                        const char * const *members)
{
  CriaPanelSection *self;
  gsize i;

  g_return_val_if_fail (CRIA_IS_DEVICE (device), NULL);
  g_return_val_if_fail (members != NULL, NULL);

  self = g_object_new (CRIA_TYPE_PANEL_SECTION, "title", title, NULL);
  self->device = g_object_ref (device);
  self->type = cria_device_get_device_type (device);
  self->kind = kind;

  for (i = 0; members[i] != NULL; i++)
    add_member (self, members[i]);

  return self;
}

CriaPanelSection *
cria_panel_section_new_generated (CriaDevice      *device,
                                  CriaSectionKind  kind)
{
  g_autofree const char **members = NULL;
  const char *title;

  g_return_val_if_fail (CRIA_IS_DEVICE (device), NULL);

  switch (kind)
    {
    case CRIA_SECTION_INFORMATION:
      title = _("Device Information");
      break;
    case CRIA_SECTION_STATUS:
      title = _("Status");
      break;
    case CRIA_SECTION_HARDWARE:
      title = _("Hardware");
      break;
    case CRIA_SECTION_SETTINGS:
      title = _("Settings");
      break;
    case CRIA_SECTION_CAPABILITIES:
      title = _("Capabilities");
      break;
    case CRIA_SECTION_ACTIONS:
      title = _("Actions");
      break;
    case CRIA_SECTION_QUERIES:
      title = _("Queries");
      break;
    case CRIA_SECTION_NONE:
    default:
      g_return_val_if_reached (NULL);
    }

  members = cria_panel_layout_members (cria_device_get_device_type (device), kind);
  return cria_panel_section_new (device, kind, title, members);
}

CriaSectionKind
cria_panel_section_get_kind (CriaPanelSection *self)
{
  g_return_val_if_fail (CRIA_IS_PANEL_SECTION (self), CRIA_SECTION_NONE);
  return self->kind;
}

gboolean
cria_panel_section_is_empty (CriaPanelSection *self)
{
  g_return_val_if_fail (CRIA_IS_PANEL_SECTION (self), TRUE);
  return self->entries->len == 0;
}

static void
add_unique (GPtrArray  *names,
            const char *name)
{
  if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
    g_ptr_array_add (names, (gpointer) name);
}

void
cria_panel_section_collect_reads (CriaPanelSection *self,
                                  GPtrArray        *fast,
                                  GPtrArray        *slow)
{
  GHashTableIter iter;
  gpointer name;
  guint i;

  g_return_if_fail (CRIA_IS_PANEL_SECTION (self));
  g_return_if_fail (fast != NULL && slow != NULL);

  for (i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->unavailable || !entry->capable || entry->member->method != CRIA_HTTP_GET
          || entry->member->n_params > 0)
        continue;
      add_unique (self->kind == CRIA_SECTION_STATUS ? fast : slow, entry->member->name);
    }

  /* Limits, lists, capabilities and coordinates that controls here depend on. */
  g_hash_table_iter_init (&iter, self->deps);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    {
      Entry *shown = g_hash_table_lookup (self->by_name, name);

      if (shown == NULL || !shown->unavailable)
        add_unique (slow, name);
    }
}

gboolean
cria_panel_section_is_unavailable (CriaPanelSection *self,
                                   const char       *name)
{
  Entry *entry;

  g_return_val_if_fail (CRIA_IS_PANEL_SECTION (self), FALSE);

  entry = g_hash_table_lookup (self->by_name, name);
  return entry != NULL && entry->unavailable;
}

GtkWidget *
cria_panel_section_get_row (CriaPanelSection *self,
                            const char       *name)
{
  Entry *entry;

  g_return_val_if_fail (CRIA_IS_PANEL_SECTION (self), NULL);

  entry = g_hash_table_lookup (self->by_name, name);
  if (entry == NULL)
    return NULL;
  if (entry->spin_editor != NULL && !gtk_widget_get_visible (entry->row))
    return cria_value_editor_get_row (entry->spin_editor);
  return entry->row;
}

const char *
cria_panel_section_get_value_text (CriaPanelSection *self,
                                   const char       *name)
{
  Entry *entry;

  g_return_val_if_fail (CRIA_IS_PANEL_SECTION (self), NULL);

  entry = g_hash_table_lookup (self->by_name, name);
  if (entry == NULL || entry->value_label == NULL)
    return NULL;
  return gtk_label_get_text (GTK_LABEL (entry->value_label));
}
