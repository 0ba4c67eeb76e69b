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

/* A spin button commits once the clicking or typing has paused for this long. */
#define SPIN_COMMIT_DELAY_MS 400

/* Switches. */

static void
switch_active_cb (CriaValueEditor *self)
{
  if (!self->updating)
    cria_value_editor_emit_commit (self);
}

/* Spin buttons show and read numbers without the locale's decimal comma. */

static int
spin_input_cb (GtkSpinButton   *spin,
               double          *new_value,
               CriaValueEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));

  if (!cria_parse_double (self->param->format, text, new_value, NULL))
    return GTK_INPUT_ERROR;
  return TRUE;
}

static gboolean
spin_output_cb (GtkSpinButton   *spin,
                CriaValueEditor *self)
{
  g_autofree char *text = cria_format_number (gtk_spin_button_get_value (spin),
                                              gtk_spin_button_get_digits (spin));

  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static gboolean
spin_commit_timeout (gpointer user_data)
{
  CriaValueEditor *self = user_data;

  self->commit_source = 0;
  cria_value_editor_emit_commit (self);
  return G_SOURCE_REMOVE;
}

static void
spin_value_changed_cb (CriaValueEditor *self)
{
  if (self->updating)
    return;

  g_clear_handle_id (&self->commit_source, g_source_remove);
  self->commit_source = g_timeout_add (SPIN_COMMIT_DELAY_MS, spin_commit_timeout, self);
}

/* Drop-downs. */

static void
combo_selected_cb (CriaValueEditor *self)
{
  if (!self->updating)
    cria_value_editor_emit_commit (self);
}

/* Entries. */

gboolean
cria_value_editor_parse_text (CriaValueEditor  *self,
                              const char       *text,
                              char            **wire,
                              GError          **error)
{
  double value;

  if (self->param->type == CRIA_VALUE_STRING)
    {
      if (self->param->format == CRIA_FORMAT_DATE_TIME)
        {
          char *iso = cria_parse_date_time (text, NULL, error);

          if (iso == NULL)
            return FALSE;
          if (wire != NULL)
            *wire = iso;
          else
            g_free (iso);
          return TRUE;
        }
      if (wire != NULL)
        *wire = g_strdup (text);
      return TRUE;
    }

  if (cria_value_editor_is_longitude (self)
      ? !cria_parse_longitude (text, &value, error)
      : !cria_parse_double (self->param->format, text, &value, error))
    return FALSE;

  if (value < self->min || value > self->max)
    {
      g_autofree char *min_text = cria_format_number (self->min, 6);
      g_autofree char *max_text = cria_format_number (self->max, 6);

      g_set_error (error, CRIA_FORMAT_ERROR, CRIA_FORMAT_ERROR_OUT_OF_RANGE,
                   _("“%s” is outside %s to %s"), text, min_text, max_text);
      return FALSE;
    }

  if (self->param->type == CRIA_VALUE_INT)
    {
      if (value != floor (value))
        {
          g_set_error (error, CRIA_FORMAT_ERROR, CRIA_FORMAT_ERROR_INVALID,
                       _("“%s” is not a whole number"), text);
          return FALSE;
        }
      if (wire != NULL)
        *wire = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) llround (value));
      return TRUE;
    }

  if (wire != NULL)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      *wire = g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value));
    }
  return TRUE;
}

static void
entry_changed_cb (CriaValueEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->row));

  if (self->updating)
    return;

  /* Typed by the person: no poll or prefill overwrites it until it is applied. */
  self->dirty = TRUE;
  cria_value_editor_set_valid (self, cria_value_editor_parse_text (self, text, NULL, NULL));
}

static void
entry_apply_cb (CriaValueEditor *self)
{
  self->dirty = FALSE;
  cria_value_editor_emit_commit (self);
}

/* Construction. */

static const char *
unit_for (CriaValueEditor *self)
{
  switch (self->param->format)
    {
    case CRIA_FORMAT_CELSIUS:
      return "°C";
    case CRIA_FORMAT_PERCENT:
      return "%";
    case CRIA_FORMAT_SECONDS:
      return "s";
    case CRIA_FORMAT_PLAIN:
    case CRIA_FORMAT_HOURS:
    case CRIA_FORMAT_DEGREES:
    case CRIA_FORMAT_AZIMUTH:
    case CRIA_FORMAT_DATE_TIME:
    default:
      break;
    }

  if (cria_value_editor_is_setter (self))
    return cria_member_unit (self->type, NULL, self->member);
  return cria_member_unit (self->type, self->member, self->param->name);
}

static void
build_spin (CriaValueEditor *self)
{
  gboolean integer = self->param->type == CRIA_VALUE_INT;
  const char *unit = unit_for (self);
  GtkAdjustment *adjustment;
  guint digits;
  double step;

  switch (self->param->format)
    {
    case CRIA_FORMAT_CELSIUS:
    case CRIA_FORMAT_PERCENT:
      digits = 1;
      break;
    case CRIA_FORMAT_SECONDS:
      digits = 3;
      break;
    case CRIA_FORMAT_PLAIN:
    default:
      digits = 6;
      break;
    }
  if (integer)
    digits = 0;
  step = integer || self->max - self->min > 100 ? 1.0 : 0.001;

  /* As the row's activatable widget, the control is labelled by the row's title. */
  self->row = adw_action_row_new ();
  adjustment = gtk_adjustment_new (CLAMP (0.0, self->min, self->max), self->min, self->max,
                                   step, step * 10, 0);
  self->control = gtk_spin_button_new (adjustment, step, digits);
  gtk_widget_set_valign (self->control, GTK_ALIGN_CENTER);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->control), 8);
  g_signal_connect_object (self->control, "input", G_CALLBACK (spin_input_cb), self, 0);
  g_signal_connect_object (self->control, "output", G_CALLBACK (spin_output_cb), self, 0);
  g_signal_connect_object (self->control, "value-changed",
                           G_CALLBACK (spin_value_changed_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->row), self->control);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self->row), self->control);

  if (unit != NULL)
    {
      GtkWidget *label = gtk_label_new (unit);

      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (self->row), label);
    }
}

static void
build_choice (CriaValueEditor *self)
{
  guint n, i;

  self->row = adw_combo_row_new ();
  self->labels = gtk_string_list_new (NULL);
  adw_combo_row_set_model (ADW_COMBO_ROW (self->row), G_LIST_MODEL (self->labels));
  g_signal_connect_object (self->row, "notify::selected",
                           G_CALLBACK (combo_selected_cb), self, G_CONNECT_SWAPPED);

  /* Enumerations start with all their values; a device's list may narrow them later. */
  n = cria_format_enum_count (self->param->format);
  for (i = 0; i < n; i++)
    {
      int value = cria_format_enum_nth_value (self->param->format, i);

      /* Unknown is something a device reports, never something to ask for. */
      if (value < 0)
        continue;
      gtk_string_list_append (self->labels, cria_format_enum_name (self->param->format, value));
      g_array_append_val (self->values, value);
    }
}

void
cria_value_editor_build (CriaValueEditor *self)
{
  const char *title = cria_member_title (cria_value_editor_get_name (self));
  CriaValueRange range;

  if (self->param->type == CRIA_VALUE_INT)
    {
      self->min = G_MININT32;
      self->max = G_MAXINT32;
    }
  else
    {
      self->min = -1e9;
      self->max = 1e9;
    }
  switch (self->param->format)
    {
    case CRIA_FORMAT_HOURS:
      self->min = 0;
      self->max = 24;
      break;
    case CRIA_FORMAT_DEGREES:
      self->min = cria_value_editor_is_longitude (self) ? -180 : -90;
      self->max = cria_value_editor_is_longitude (self) ? 180 : 90;
      break;
    case CRIA_FORMAT_AZIMUTH:
      self->min = 0;
      self->max = 360;
      break;
    case CRIA_FORMAT_PERCENT:
      self->min = 0;
      self->max = 100;
      break;
    default:
      break;
    }
  if (cria_panel_layout_range (self->type, self->member, self->param->name, &range))
    {
      self->min = range.min;
      self->max = range.max;
    }
  /* A dome's shutter opening goes from the horizon up. */
  if (g_strcmp0 (self->member, "SlewToAltitude") == 0)
    self->min = 0;

  switch (self->kind)
    {
    case CRIA_EDITOR_SWITCH:
      self->row = adw_action_row_new ();
      self->control = gtk_switch_new ();
      gtk_widget_set_valign (self->control, GTK_ALIGN_CENTER);
      g_signal_connect_object (self->control, "notify::active",
                               G_CALLBACK (switch_active_cb), self, G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (self->row), self->control);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self->row), self->control);
      break;

    case CRIA_EDITOR_SPIN:
      build_spin (self);
      break;

    case CRIA_EDITOR_CHOICE:
      build_choice (self);
      break;

    case CRIA_EDITOR_ENTRY:
    default:
      self->row = adw_entry_row_new ();
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (self->row), self->apply_button);
      g_signal_connect_object (self->row, "changed",
                               G_CALLBACK (entry_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->row, "apply",
                               G_CALLBACK (entry_apply_cb), self, G_CONNECT_SWAPPED);
      /* An empty form field is not a value yet, except for free text. */
      self->valid = self->param->type == CRIA_VALUE_STRING
                    && self->param->format != CRIA_FORMAT_DATE_TIME;
      break;
    }

  g_object_ref_sink (self->row);
  gtk_widget_set_name (self->row, cria_value_editor_get_name (self));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->row), title);
}
