/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "cria-format.h"
#include "cria-member-names.h"
#include "cria-panel-section-private.h"
#include "cria-panel-util.h"
#include "cria-value-editor.h"

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
  g_free (entry->pending_wire);
  g_free (entry);
}

const char *
cria_panel_entry_title (Entry *entry)
{
  return cria_member_title (entry->member->name);
}

void
cria_panel_section_add_dep (CriaPanelSection *self,
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

void
cria_panel_entry_update_sensitivity (Entry *entry)
{
  gboolean usable = !entry->unavailable && entry->capable;

  if (entry->button != NULL)
    gtk_widget_set_sensitive (entry->button, usable && !entry->writing);
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

void
cria_panel_entry_set_unavailable (Entry *entry)
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
  cria_panel_entry_update_sensitivity (entry);
}

/* Values. */

void
cria_panel_entry_show (Entry    *entry,
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
  else if (gtk_widget_get_tooltip_text (entry->row) != NULL)
    {
      /* Drop the description of an earlier read error. */
      cria_panel_entry_update_sensitivity (entry);
    }

  /* While a write runs, a poll may still see the old value: only its read-back counts, and
   * none while a newer edit waits to be sent. */
  if ((!confirm && entry->writing) || entry->pending_wire != NULL)
    return;

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
          cria_panel_entry_update_sensitivity (dep->entry);
        }
      break;

    case DEP_PREFILL:
    default:
      g_hash_table_replace (self->prefill, g_strdup (name), json_node_ref (value));
      break;
    }
}

void
cria_panel_section_emit_changed (CriaPanelSection *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
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
    cria_panel_entry_show (entry, value, FALSE);

  deps = g_hash_table_lookup (self->deps, name);
  for (i = 0; deps != NULL && i < deps->len; i++)
    apply_dep (self, name, g_ptr_array_index (deps, i), value);

  return entry != NULL || deps != NULL;
}

/* Errors that describe the device's present state rather than a failure: a target not
 * set yet, no exposure in progress, parked, slaved. */
static gboolean
is_state_error (const GError *error)
{
  if (error == NULL || error->domain != CRIA_ALPACA_ERROR)
    return FALSE;

  switch (error->code)
    {
    case CRIA_ALPACA_ERROR_VALUE_NOT_SET:
    case CRIA_ALPACA_ERROR_INVALID_OPERATION:
    case CRIA_ALPACA_ERROR_INVALID_WHILE_PARKED:
    case CRIA_ALPACA_ERROR_INVALID_WHILE_SLAVED:
      return TRUE;
    default:
      return FALSE;
    }
}

void
cria_panel_section_read_failed (CriaPanelSection *self,
                                const char       *name,
                                const GError     *error)
{
  g_autofree char *description = NULL;
  Entry *entry;

  g_return_if_fail (CRIA_IS_PANEL_SECTION (self));
  g_return_if_fail (name != NULL);

  entry = g_hash_table_lookup (self->by_name, name);
  if (entry == NULL || entry->member->n_params > 0)
    return;

  if (cria_panel_error_is_not_implemented (error))
    {
      cria_panel_entry_set_unavailable (entry);
      return;
    }

  description = cria_error_describe (error);
  if (entry->value_label != NULL)
    {
      const char *text = _("Error");

      if (g_error_matches (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_VALUE_NOT_SET))
        text = _("Not set");
      else if (is_state_error (error))
        text = "—";
      gtk_label_set_text (GTK_LABEL (entry->value_label), text);
      gtk_widget_set_tooltip_text (entry->value_label, description);
    }
  else
    {
      gtk_widget_set_tooltip_text (entry->row, description);
    }

  /* No value yet, or none in the device's present state: the row says so; that is not a
   * failure to tell anyone about. */
  if (is_state_error (error))
    return;

  /* Polls repeat every second: tell once, until the member reads fine again. */
  if (!entry->error_shown)
    {
      entry->error_shown = TRUE;
      cria_panel_show_error (entry->row, cria_panel_entry_title (entry), error);
    }
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
  self->by_name = g_hash_table_new (cria_panel_name_hash, cria_panel_name_equal);
  self->deps = g_hash_table_new_full (cria_panel_name_hash, cria_panel_name_equal, NULL,
                                      (GDestroyNotify) g_ptr_array_unref);
  self->prefill = g_hash_table_new_full (cria_panel_name_hash, cria_panel_name_equal, g_free,
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
    cria_panel_section_add_member (self, members[i]);

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

      /* Members newer than the device's interface version are not there to ask. */
      if (!cria_device_has_member (self->device, entry->member->name, entry->member->method))
        cria_panel_entry_set_unavailable (entry);

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

      if ((shown == NULL || !shown->unavailable)
          && cria_device_has_member (self->device, name, CRIA_HTTP_GET))
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
