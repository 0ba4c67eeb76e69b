/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cria-format.h"
#include "cria-member-names.h"
#include "cria-panel-layout.h"
#include "cria-panel-util.h"
#include "cria-value-editor-private.h"

G_DEFINE_FINAL_TYPE (CriaValueEditor, cria_value_editor, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_VALID,
  N_PROPS
};

enum
{
  COMMIT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

gboolean
cria_value_editor_is_setter (CriaValueEditor *self)
{
  return g_strcmp0 (self->param->name, self->member) == 0;
}

const char *
cria_value_editor_get_name (CriaValueEditor *self)
{
  return cria_value_editor_is_setter (self) ? self->member : self->param->name;
}

gboolean
cria_value_editor_is_longitude (CriaValueEditor *self)
{
  return g_str_has_suffix (self->param->name, "Longitude");
}

void
cria_value_editor_set_valid (CriaValueEditor *self,
                             gboolean         valid)
{
  /* An empty field is not a value yet, but nothing typed wrong either. */
  if (!valid && self->kind == CRIA_EDITOR_ENTRY
      && *gtk_editable_get_text (GTK_EDITABLE (self->row)) != '\0')
    gtk_widget_add_css_class (self->row, "error");
  else
    gtk_widget_remove_css_class (self->row, "error");

  if (self->valid == valid)
    return;

  self->valid = valid;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
}

void
cria_value_editor_emit_commit (CriaValueEditor *self)
{
  g_clear_handle_id (&self->commit_source, g_source_remove);
  g_signal_emit (self, signals[COMMIT], 0);
}

static void
cria_value_editor_dispose (GObject *object)
{
  CriaValueEditor *self = CRIA_VALUE_EDITOR (object);

  g_clear_handle_id (&self->commit_source, g_source_remove);
  g_clear_object (&self->row);
  g_clear_object (&self->labels);

  G_OBJECT_CLASS (cria_value_editor_parent_class)->dispose (object);
}

static void
cria_value_editor_finalize (GObject *object)
{
  CriaValueEditor *self = CRIA_VALUE_EDITOR (object);

  g_free (self->member);
  g_array_unref (self->values);

  G_OBJECT_CLASS (cria_value_editor_parent_class)->finalize (object);
}

static void
cria_value_editor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CriaValueEditor *self = CRIA_VALUE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_value_editor_class_init (CriaValueEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cria_value_editor_dispose;
  object_class->finalize = cria_value_editor_finalize;
  object_class->get_property = cria_value_editor_get_property;

  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The person changed the value: a switch flipped, a choice made, a spin button settled,
   * an entry applied. */
  signals[COMMIT] = g_signal_new ("commit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cria_value_editor_init (CriaValueEditor *self)
{
  self->values = g_array_new (FALSE, FALSE, sizeof (int));
  self->valid = TRUE;
}

CriaEditorKind
cria_value_editor_kind_for (CriaDeviceType       type,
                            const char          *member,
                            const CriaParamSpec *param)
{
  g_return_val_if_fail (param != NULL, CRIA_EDITOR_ENTRY);

  switch (param->type)
    {
    case CRIA_VALUE_BOOL:
      return CRIA_EDITOR_SWITCH;
    case CRIA_VALUE_INT:
    case CRIA_VALUE_DOUBLE:
      if (cria_format_is_enum (param->format)
          || cria_panel_layout_choices (type, member, param->name) != NULL)
        return CRIA_EDITOR_CHOICE;
      if (param->format == CRIA_FORMAT_HOURS || param->format == CRIA_FORMAT_DEGREES
          || param->format == CRIA_FORMAT_AZIMUTH)
        return CRIA_EDITOR_ENTRY;
      return CRIA_EDITOR_SPIN;
    case CRIA_VALUE_STRING:
    default:
      return CRIA_EDITOR_ENTRY;
    }
}

CriaValueEditor *
cria_value_editor_new (CriaDeviceType       type,
                       const char          *member,
                       const CriaParamSpec *param,
                       CriaEditorKind       kind,
                       gboolean             apply_button)
{
  CriaValueEditor *self;

  g_return_val_if_fail (type < CRIA_N_DEVICE_TYPES, NULL);
  g_return_val_if_fail (member != NULL, NULL);
  g_return_val_if_fail (param != NULL, NULL);

  self = g_object_new (CRIA_TYPE_VALUE_EDITOR, NULL);
  self->type = type;
  self->member = g_strdup (member);
  self->param = param;
  self->kind = kind;
  self->apply_button = apply_button;
  cria_value_editor_build (self);

  return self;
}

GtkWidget *
cria_value_editor_get_row (CriaValueEditor *self)
{
  g_return_val_if_fail (CRIA_IS_VALUE_EDITOR (self), NULL);
  return self->row;
}

CriaEditorKind
cria_value_editor_get_kind (CriaValueEditor *self)
{
  g_return_val_if_fail (CRIA_IS_VALUE_EDITOR (self), CRIA_EDITOR_ENTRY);
  return self->kind;
}

const CriaParamSpec *
cria_value_editor_get_param (CriaValueEditor *self)
{
  g_return_val_if_fail (CRIA_IS_VALUE_EDITOR (self), NULL);
  return self->param;
}

gboolean
cria_value_editor_is_editing (CriaValueEditor *self)
{
  g_return_val_if_fail (CRIA_IS_VALUE_EDITOR (self), FALSE);

  switch (self->kind)
    {
    case CRIA_EDITOR_SPIN:
      return self->commit_source != 0
             || (gtk_widget_get_state_flags (self->control) & GTK_STATE_FLAG_FOCUS_WITHIN) != 0;
    case CRIA_EDITOR_ENTRY:
      return self->dirty
             || (gtk_widget_get_state_flags (self->row) & GTK_STATE_FLAG_FOCUS_WITHIN) != 0;
    case CRIA_EDITOR_SWITCH:
    case CRIA_EDITOR_CHOICE:
    default:
      return FALSE;
    }
}

static void
select_choice (CriaValueEditor *self,
               int              value)
{
  guint i;

  for (i = 0; i < self->values->len; i++)
    if (g_array_index (self->values, int, i) == value)
      break;

  if (i == self->values->len)
    {
      g_autofree char *label = NULL;
      const char *name = cria_format_enum_name (self->param->format, value);

      if (self->values->len == 0)
        {
          /* The list has not been read yet. */
          self->has_pending = TRUE;
          self->pending = value;
          return;
        }

      /* Show what the device says even when its own list lacks it. */
      label = name != NULL ? g_strdup (name) : g_strdup_printf ("%d", value);
      gtk_string_list_append (self->labels, label);
      g_array_append_val (self->values, value);
    }

  self->has_pending = FALSE;
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->row), i);
}

static void
show_value (CriaValueEditor *self,
            JsonNode        *value)
{
  double number = 0;

  self->updating = TRUE;
  switch (self->kind)
    {
    case CRIA_EDITOR_SWITCH:
      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN)
        {
          gtk_switch_set_active (GTK_SWITCH (self->control), json_node_get_boolean (value));
          gtk_switch_set_state (GTK_SWITCH (self->control), json_node_get_boolean (value));
        }
      break;

    case CRIA_EDITOR_SPIN:
      if (cria_panel_node_get_number (value, &number))
        {
          GtkSpinButton *spin = GTK_SPIN_BUTTON (self->control);

          /* The device knows its limits better than the table: never clamp what it says. */
          if (number < self->min || number > self->max)
            cria_value_editor_set_range (self, MIN (number, self->min), MAX (number, self->max));
          gtk_spin_button_set_value (spin, number);
        }
      break;

    case CRIA_EDITOR_CHOICE:
      if (cria_panel_node_get_number (value, &number) && number == floor (number)
          && number >= G_MININT && number <= G_MAXINT)
        select_choice (self, (int) number);
      break;

    case CRIA_EDITOR_ENTRY:
    default:
      {
        g_autofree char *text = NULL;

        if (self->param->type == CRIA_VALUE_STRING)
          {
            if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
              {
                const char *string = json_node_get_string (value);

                if (self->param->format == CRIA_FORMAT_DATE_TIME)
                  text = cria_format_date_time (string, NULL);
                if (text == NULL)
                  text = g_strdup (string);
              }
          }
        else if (cria_panel_node_get_number (value, &number))
          {
            text = cria_format_value (value, CRIA_VALUE_DOUBLE, self->param->format);
          }

        if (text != NULL)
          {
            gtk_editable_set_text (GTK_EDITABLE (self->row), text);
            self->dirty = FALSE;
            cria_value_editor_set_valid (self, TRUE);
          }
      }
      break;
    }
  self->updating = FALSE;
}

void
cria_value_editor_set_value (CriaValueEditor *self,
                             JsonNode        *value)
{
  g_return_if_fail (CRIA_IS_VALUE_EDITOR (self));

  if (value != NULL && !cria_value_editor_is_editing (self))
    show_value (self, value);
}

void
cria_value_editor_confirm_value (CriaValueEditor *self,
                                 JsonNode        *value)
{
  g_return_if_fail (CRIA_IS_VALUE_EDITOR (self));

  /* The row still has focus after Enter; only a newer edit must not be overwritten. */
  if (value != NULL && self->commit_source == 0 && !self->dirty)
    show_value (self, value);
}

void
cria_value_editor_set_unavailable (CriaValueEditor *self)
{
  g_return_if_fail (CRIA_IS_VALUE_EDITOR (self));

  g_clear_handle_id (&self->commit_source, g_source_remove);
  self->dirty = FALSE;
  cria_value_editor_set_valid (self, TRUE);

  /* An entry row has no subtitle: say it in its text, which can no longer be edited. */
  if (self->kind == CRIA_EDITOR_ENTRY)
    {
      self->updating = TRUE;
      gtk_editable_set_editable (GTK_EDITABLE (self->row), FALSE);
      gtk_editable_set_text (GTK_EDITABLE (self->row), _("Not available"));
      self->updating = FALSE;
    }
  gtk_widget_set_sensitive (self->row, FALSE);
}

void
cria_value_editor_set_range (CriaValueEditor *self,
                             double           min,
                             double           max)
{
  g_return_if_fail (CRIA_IS_VALUE_EDITOR (self));

  if (!isfinite (min) || !isfinite (max) || min > max)
    return;

  self->min = min;
  self->max = max;
  if (self->kind == CRIA_EDITOR_SPIN)
    {
      self->updating = TRUE;
      gtk_spin_button_set_range (GTK_SPIN_BUTTON (self->control), min, max);
      self->updating = FALSE;
    }
}

void
cria_value_editor_get_range (CriaValueEditor *self,
                             double          *min,
                             double          *max)
{
  g_return_if_fail (CRIA_IS_VALUE_EDITOR (self));

  if (min != NULL)
    *min = self->min;
  if (max != NULL)
    *max = self->max;
}

void
cria_value_editor_set_choices (CriaValueEditor    *self,
                               const char * const *labels,
                               const int          *values,
                               guint               n_choices)
{
  int selected_value = 0;
  gboolean had_selection;
  guint i;

  g_return_if_fail (CRIA_IS_VALUE_EDITOR (self));
  g_return_if_fail (self->kind == CRIA_EDITOR_CHOICE);

  had_selection = adw_combo_row_get_selected (ADW_COMBO_ROW (self->row)) < self->values->len;
  if (had_selection)
    selected_value = g_array_index (self->values, int,
                                    adw_combo_row_get_selected (ADW_COMBO_ROW (self->row)));

  self->updating = TRUE;
  g_array_set_size (self->values, 0);
  gtk_string_list_splice (self->labels, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->labels)), labels);
  g_array_append_vals (self->values, values, n_choices);
  /* splice() takes a NULL-terminated array; keep the counts in step if it was longer. */
  while (g_list_model_get_n_items (G_LIST_MODEL (self->labels)) > self->values->len)
    gtk_string_list_remove (self->labels, self->values->len);

  for (i = 0; i < self->values->len; i++)
    if (self->has_pending ? g_array_index (self->values, int, i) == self->pending
                          : had_selection && g_array_index (self->values, int, i) == selected_value)
      break;
  if (i < self->values->len)
    adw_combo_row_set_selected (ADW_COMBO_ROW (self->row), i);
  else if (self->has_pending)
    select_choice (self, self->pending);
  self->has_pending = FALSE;
  self->updating = FALSE;
}

guint
cria_value_editor_get_n_choices (CriaValueEditor *self)
{
  g_return_val_if_fail (CRIA_IS_VALUE_EDITOR (self), 0);
  return self->values->len;
}

gboolean
cria_value_editor_is_valid (CriaValueEditor *self)
{
  g_return_val_if_fail (CRIA_IS_VALUE_EDITOR (self), FALSE);
  return self->valid;
}

char *
cria_value_editor_get_wire_value (CriaValueEditor  *self,
                                  GError          **error)
{
  g_return_val_if_fail (CRIA_IS_VALUE_EDITOR (self), NULL);

  switch (self->kind)
    {
    case CRIA_EDITOR_SWITCH:
      return g_strdup (gtk_switch_get_active (GTK_SWITCH (self->control)) ? "true" : "false");

    case CRIA_EDITOR_SPIN:
      {
        GtkSpinButton *spin = GTK_SPIN_BUTTON (self->control);
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];
        double value;

        gtk_spin_button_update (spin);
        value = gtk_spin_button_get_value (spin);
        if (self->param->type == CRIA_VALUE_INT)
          return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) llround (value));
        return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value));
      }

    case CRIA_EDITOR_CHOICE:
      {
        guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self->row));

        if (selected >= self->values->len)
          {
            g_set_error (error, CRIA_FORMAT_ERROR, CRIA_FORMAT_ERROR_INVALID,
                         _("Choose a value for %s"),
                         cria_member_title (cria_value_editor_get_name (self)));
            return NULL;
          }
        return g_strdup_printf ("%d", g_array_index (self->values, int, selected));
      }

    case CRIA_EDITOR_ENTRY:
    default:
      {
        char *wire = NULL;

        if (!cria_value_editor_parse_text (self, gtk_editable_get_text (GTK_EDITABLE (self->row)),
                                           &wire, error))
          return NULL;
        return wire;
      }
    }
}
