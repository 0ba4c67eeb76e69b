/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cria-camera-controls.h"
#include "cria-panel-util.h"

/* The slider's range, in log10 seconds, while the camera has not told its own. */
#define EXPOSURE_FLOOR_S   1.0e-4
#define EXPOSURE_CEILING_S 3600.0

typedef enum
{
  UNIT_MS,
  UNIT_S,
} Unit;

/* Gain and offset: a list of names the index picks from, or a range of numbers. */
typedef struct
{
  AdwActionRow  *row;
  GtkSpinButton *spin;
  AdwComboRow   *combo;
  GtkStringList *list;
  gboolean       has_value;    /* the camera answered the GET */
  gboolean       has_list;
  gboolean       list_missing; /* the list is not implemented: use the range */
  gboolean       touched;      /* the person chose a value: it no longer follows reads */
  int            value;
} Choice;

struct _CriaCameraControls
{
  GtkBox              parent_instance;

  GtkSpinButton       *exposure_spin;
  GtkAdjustment       *exposure_adjustment;
  GtkDropDown         *unit_dropdown;
  GtkAdjustment       *log_adjustment;
  AdwActionRow        *gain_row;
  GtkSpinButton       *gain_spin;
  AdwComboRow         *gain_combo;
  GtkStringList       *gain_list;
  AdwActionRow        *offset_row;
  GtkSpinButton       *offset_spin;
  AdwComboRow         *offset_combo;
  GtkStringList       *offset_list;
  AdwComboRow         *readout_combo;
  GtkStringList       *readout_list;
  AdwComboRow         *binning_combo;
  GtkStringList       *binning_list;
  AdwActionRow        *subframe_row;

  CriaCapture         *capture;
  guint               updating;     /* > 0 while the code, not the person, changes widgets */

  double              exposure;     /* seconds */
  double              exposure_min;
  double              exposure_max;
  Unit                unit;

  Choice              gain;
  Choice              offset;

  gboolean            readout_touched;
  int                 readout_mode;
  guint               n_readout_modes;

  guint               max_bin;
  guint               binning;
  gboolean            binning_touched;
};

G_DEFINE_FINAL_TYPE (CriaCameraControls, cria_camera_controls, GTK_TYPE_BOX)

static gboolean
name_is (const char *name,
         const char *member)
{
  return g_ascii_strcasecmp (name, member) == 0;
}

/* A number from the network as an int, whatever its size. */
static int
clamp_int (double number)
{
  return (int) CLAMP (number, (double) G_MININT, (double) G_MAXINT);
}

/* Exposure. */

static double
unit_factor (Unit unit)
{
  return unit == UNIT_MS ? 1000.0 : 1.0;
}

static void
show_exposure (CriaCameraControls *self)
{
  double factor = unit_factor (self->unit);
  double floor_s = MAX (self->exposure_min, EXPOSURE_FLOOR_S);
  double ceiling_s = MAX (MIN (self->exposure_max, EXPOSURE_CEILING_S), floor_s * 10);

  self->updating++;
  gtk_drop_down_set_selected (self->unit_dropdown, self->unit);
  gtk_spin_button_set_digits (self->exposure_spin, self->unit == UNIT_MS ? 1 : 3);
  gtk_adjustment_configure (self->exposure_adjustment, self->exposure * factor,
                            self->exposure_min * factor, self->exposure_max * factor,
                            self->unit == UNIT_MS ? 1.0 : 0.1,
                            self->unit == UNIT_MS ? 10.0 : 1.0, 0);
  gtk_adjustment_configure (self->log_adjustment,
                            log10 (CLAMP (self->exposure, floor_s, ceiling_s)),
                            log10 (floor_s), log10 (ceiling_s), 0.01, 0.1, 0);
  self->updating--;
}

static void
apply_exposure (CriaCameraControls *self,
                double              seconds)
{
  self->exposure = CLAMP (seconds, self->exposure_min, self->exposure_max);
  show_exposure (self);
  if (self->capture != NULL)
    cria_capture_set_exposure (self->capture, self->exposure);
}

static void
exposure_spin_changed_cb (CriaCameraControls *self)
{
  if (self->updating > 0)
    return;
  apply_exposure (self, gtk_adjustment_get_value (self->exposure_adjustment)
                        / unit_factor (self->unit));
}

static void
exposure_scale_changed_cb (CriaCameraControls *self)
{
  double seconds, step;

  if (self->updating > 0)
    return;

  /* Three significant digits are plenty for a slider. */
  seconds = pow (10.0, gtk_adjustment_get_value (self->log_adjustment));
  step = pow (10.0, floor (log10 (seconds)) - 2);
  seconds = round (seconds / step) * step;
  /* Follow the value into the unit that reads best. */
  self->unit = seconds < 1.0 ? UNIT_MS : UNIT_S;
  apply_exposure (self, seconds);
}

static void
unit_changed_cb (CriaCameraControls *self)
{
  if (self->updating > 0)
    return;
  self->unit = gtk_drop_down_get_selected (self->unit_dropdown) == UNIT_MS ? UNIT_MS : UNIT_S;
  show_exposure (self);
}

/* Gain and offset. */

static void
choice_show (CriaCameraControls *self,
             Choice             *choice)
{
  gboolean list = choice->has_list && !choice->list_missing;

  self->updating++;
  gtk_widget_set_visible (GTK_WIDGET (choice->combo), choice->has_value && list);
  gtk_widget_set_visible (GTK_WIDGET (choice->row), choice->has_value && !list);
  if (list && choice->value >= 0
      && (guint) choice->value < g_list_model_get_n_items (G_LIST_MODEL (choice->list)))
    adw_combo_row_set_selected (choice->combo, choice->value);
  else if (!list)
    gtk_spin_button_set_value (choice->spin, choice->value);
  self->updating--;
}

static gboolean
fill_string_list (GtkStringList *list,
                  JsonNode      *value,
                  guint         *n_out)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  JsonArray *array;
  guint i, n;

  if (value == NULL || !JSON_NODE_HOLDS_ARRAY (value))
    return FALSE;

  array = json_node_get_array (value);
  n = json_array_get_length (array);
  for (i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        g_ptr_array_add (names, (gpointer) json_node_get_string (element));
      else
        g_ptr_array_add (names, (gpointer) "?");
    }
  g_ptr_array_add (names, NULL);

  gtk_string_list_splice (list, 0, g_list_model_get_n_items (G_LIST_MODEL (list)),
                          (const char * const *) names->pdata);
  if (n_out != NULL)
    *n_out = n;
  return TRUE;
}

static gboolean
choice_update (CriaCameraControls *self,
               Choice             *choice,
               const char         *prefix,
               const char         *name,
               JsonNode           *value)
{
  g_autofree char *list_name = g_strconcat (prefix, "s", NULL);
  g_autofree char *min_name = g_strconcat (prefix, "Min", NULL);
  g_autofree char *max_name = g_strconcat (prefix, "Max", NULL);
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (choice->spin);
  double number;

  if (name_is (name, prefix))
    {
      if (!cria_panel_node_get_number (value, &number))
        return TRUE;
      choice->has_value = TRUE;
      if (!choice->touched)
        choice->value = clamp_int (number);
    }
  else if (name_is (name, list_name))
    {
      guint n = 0;

      self->updating++;
      choice->has_list = fill_string_list (choice->list, value, &n) && n > 0;
      self->updating--;
    }
  else if (name_is (name, min_name) && cria_panel_node_get_number (value, &number))
    {
      gtk_adjustment_set_lower (adjustment, number);
    }
  else if (name_is (name, max_name) && cria_panel_node_get_number (value, &number))
    {
      gtk_adjustment_set_upper (adjustment, number);
    }
  else
    {
      return FALSE;
    }

  choice_show (self, choice);
  return TRUE;
}

static void
choice_failed (CriaCameraControls *self,
               Choice             *choice,
               const char         *prefix,
               const char         *name,
               const GError       *error)
{
  g_autofree char *list_name = g_strconcat (prefix, "s", NULL);

  if (!cria_panel_error_is_not_implemented (error))
    return;

  if (name_is (name, prefix))
    choice->has_value = FALSE;
  else if (name_is (name, list_name))
    choice->list_missing = TRUE;
  else
    return;
  choice_show (self, choice);
}

static void
gain_changed_cb (CriaCameraControls *self)
{
  gboolean list;

  if (self->updating > 0)
    return;

  list = self->gain.has_list && !self->gain.list_missing;
  self->gain.touched = TRUE;
  self->gain.value = list ? (int) adw_combo_row_get_selected (self->gain_combo)
                          : gtk_spin_button_get_value_as_int (self->gain_spin);
  if (self->capture != NULL)
    cria_capture_set_gain (self->capture, self->gain.value);
}

static void
offset_changed_cb (CriaCameraControls *self)
{
  gboolean list;

  if (self->updating > 0)
    return;

  list = self->offset.has_list && !self->offset.list_missing;
  self->offset.touched = TRUE;
  self->offset.value = list ? (int) adw_combo_row_get_selected (self->offset_combo)
                            : gtk_spin_button_get_value_as_int (self->offset_spin);
  if (self->capture != NULL)
    cria_capture_set_offset (self->capture, self->offset.value);
}

/* Readout mode and binning. */

static void
show_readout (CriaCameraControls *self)
{
  self->updating++;
  gtk_widget_set_visible (GTK_WIDGET (self->readout_combo), self->n_readout_modes > 1);
  if (self->readout_mode >= 0 && (guint) self->readout_mode < self->n_readout_modes)
    adw_combo_row_set_selected (self->readout_combo, self->readout_mode);
  self->updating--;
}

static void
readout_changed_cb (CriaCameraControls *self)
{
  if (self->updating > 0)
    return;

  self->readout_touched = TRUE;
  self->readout_mode = (int) adw_combo_row_get_selected (self->readout_combo);
  if (self->capture != NULL)
    cria_capture_set_readout_mode (self->capture, self->readout_mode);
}

static void
show_binning (CriaCameraControls *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->binning_list));

  self->updating++;
  if (n != self->max_bin)
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
      guint i;

      /* Only square binning: the live view sets BinX and BinY together. */
      for (i = 1; i <= self->max_bin; i++)
        /* TRANSLATORS: binning, e.g. "2 × 2" sensor pixels per image pixel. */
        g_ptr_array_add (labels, g_strdup_printf (_("%u × %u"), i, i));
      g_ptr_array_add (labels, NULL);
      gtk_string_list_splice (self->binning_list, 0, n, (const char * const *) labels->pdata);
    }
  if (self->binning >= 1 && self->binning <= self->max_bin)
    adw_combo_row_set_selected (self->binning_combo, self->binning - 1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->binning_combo), self->max_bin > 1);
  self->updating--;
}

static void
binning_changed_cb (CriaCameraControls *self)
{
  if (self->updating > 0)
    return;

  self->binning_touched = TRUE;
  self->binning = adw_combo_row_get_selected (self->binning_combo) + 1;
  if (self->capture != NULL)
    cria_capture_set_binning (self->capture, self->binning);
}

/* Public. */

gboolean
cria_camera_controls_update (CriaCameraControls *self,
                             const char         *name,
                             JsonNode           *value)
{
  double number;

  g_return_val_if_fail (CRIA_IS_CAMERA_CONTROLS (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (name_is (name, "ExposureMin") && cria_panel_node_get_number (value, &number))
    {
      self->exposure_min = MAX (number, 0.0);
      self->exposure_max = MAX (self->exposure_max, self->exposure_min);
      apply_exposure (self, self->exposure);
      return TRUE;
    }
  if (name_is (name, "ExposureMax") && cria_panel_node_get_number (value, &number))
    {
      self->exposure_max = MAX (number, self->exposure_min);
      apply_exposure (self, self->exposure);
      return TRUE;
    }
  if (choice_update (self, &self->gain, "Gain", name, value)
      || choice_update (self, &self->offset, "Offset", name, value))
    return TRUE;

  if (name_is (name, "ReadoutModes"))
    {
      self->updating++;
      if (!fill_string_list (self->readout_list, value, &self->n_readout_modes))
        self->n_readout_modes = 0;
      self->updating--;
      show_readout (self);
      return TRUE;
    }
  if (name_is (name, "ReadoutMode") && cria_panel_node_get_number (value, &number))
    {
      if (!self->readout_touched)
        self->readout_mode = clamp_int (number);
      show_readout (self);
      return TRUE;
    }
  if ((name_is (name, "MaxBinX") || name_is (name, "MaxBinY"))
      && cria_panel_node_get_number (value, &number) && number >= 1)
    {
      /* Until both are known the smaller one read so far rules. */
      if (self->max_bin <= 1 || number < self->max_bin)
        self->max_bin = (guint) MIN (number, 64);
      show_binning (self);
      return TRUE;
    }
  if (name_is (name, "BinX") && cria_panel_node_get_number (value, &number) && number >= 1)
    {
      if (!self->binning_touched)
        self->binning = (guint) MIN (number, 64);
      show_binning (self);
      return TRUE;
    }

  return FALSE;
}

void
cria_camera_controls_read_failed (CriaCameraControls *self,
                                  const char         *name,
                                  const GError       *error)
{
  g_return_if_fail (CRIA_IS_CAMERA_CONTROLS (self));

  choice_failed (self, &self->gain, "Gain", name, error);
  choice_failed (self, &self->offset, "Offset", name, error);
}

void
cria_camera_controls_set_capture (CriaCameraControls *self,
                                  CriaCapture        *capture)
{
  g_return_if_fail (CRIA_IS_CAMERA_CONTROLS (self));

  g_set_object (&self->capture, capture);
  if (capture != NULL)
    cria_capture_set_exposure (capture, self->exposure);
}

void
cria_camera_controls_show_subframe (CriaCameraControls *self,
                                    gboolean            full,
                                    guint               x,
                                    guint               y,
                                    guint               width,
                                    guint               height)
{
  g_autofree char *text = NULL;

  g_return_if_fail (CRIA_IS_CAMERA_CONTROLS (self));

  if (full)
    text = g_strdup (_("Full frame"));
  else
    /* TRANSLATORS: a region of the sensor: width × height at x, y, in binned pixels. */
    text = g_strdup_printf (_("%u × %u at %u, %u"), width, height, x, y);
  adw_action_row_set_subtitle (self->subframe_row, text);
}

double
cria_camera_controls_get_exposure (CriaCameraControls *self)
{
  g_return_val_if_fail (CRIA_IS_CAMERA_CONTROLS (self), 0);

  return self->exposure;
}

void
cria_camera_controls_set_exposure (CriaCameraControls *self,
                                   double              seconds)
{
  g_return_if_fail (CRIA_IS_CAMERA_CONTROLS (self));

  self->unit = seconds < 1.0 ? UNIT_MS : UNIT_S;
  apply_exposure (self, seconds);
}

guint
cria_camera_controls_get_binning (CriaCameraControls *self)
{
  g_return_val_if_fail (CRIA_IS_CAMERA_CONTROLS (self), 1);

  return self->binning;
}

void
cria_camera_controls_set_binning (CriaCameraControls *self,
                                  guint               binning)
{
  g_return_if_fail (CRIA_IS_CAMERA_CONTROLS (self));
  g_return_if_fail (binning >= 1);

  if (binning > self->max_bin)
    return;
  adw_combo_row_set_selected (self->binning_combo, binning - 1);
  /* The combo does not notify when the row was already selected. */
  binning_changed_cb (self);
}

/* GObject. */

static void
cria_camera_controls_dispose (GObject *object)
{
  CriaCameraControls *self = CRIA_CAMERA_CONTROLS (object);

  g_clear_object (&self->capture);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRIA_TYPE_CAMERA_CONTROLS);

  G_OBJECT_CLASS (cria_camera_controls_parent_class)->dispose (object);
}

static void
cria_camera_controls_class_init (CriaCameraControlsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cria_camera_controls_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cria/Cria/cria-camera-controls.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, CriaCameraControls, name)
  BIND (exposure_spin);
  BIND (exposure_adjustment);
  BIND (unit_dropdown);
  BIND (log_adjustment);
  BIND (gain_row);
  BIND (gain_spin);
  BIND (gain_combo);
  BIND (gain_list);
  BIND (offset_row);
  BIND (offset_spin);
  BIND (offset_combo);
  BIND (offset_list);
  BIND (readout_combo);
  BIND (readout_list);
  BIND (binning_combo);
  BIND (binning_list);
  BIND (subframe_row);
#undef BIND
}

static void
cria_camera_controls_init (CriaCameraControls *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->exposure = 0.1;
  self->exposure_min = 0.0;
  self->exposure_max = EXPOSURE_CEILING_S;
  self->unit = UNIT_MS;
  self->max_bin = 1;
  self->binning = 1;
  self->readout_mode = -1;

  self->gain = (Choice) { self->gain_row, self->gain_spin, self->gain_combo, self->gain_list };
  self->offset = (Choice) { self->offset_row, self->offset_spin, self->offset_combo,
                            self->offset_list };

  show_exposure (self);
  show_binning (self);

  g_signal_connect_swapped (self->exposure_adjustment, "value-changed",
                            G_CALLBACK (exposure_spin_changed_cb), self);
  g_signal_connect_swapped (self->log_adjustment, "value-changed",
                            G_CALLBACK (exposure_scale_changed_cb), self);
  g_signal_connect_swapped (self->unit_dropdown, "notify::selected",
                            G_CALLBACK (unit_changed_cb), self);
  g_signal_connect_swapped (self->gain_spin, "value-changed", G_CALLBACK (gain_changed_cb), self);
  g_signal_connect_swapped (self->gain_combo, "notify::selected", G_CALLBACK (gain_changed_cb),
                            self);
  g_signal_connect_swapped (self->offset_spin, "value-changed", G_CALLBACK (offset_changed_cb),
                            self);
  g_signal_connect_swapped (self->offset_combo, "notify::selected",
                            G_CALLBACK (offset_changed_cb), self);
  g_signal_connect_swapped (self->readout_combo, "notify::selected",
                            G_CALLBACK (readout_changed_cb), self);
  g_signal_connect_swapped (self->binning_combo, "notify::selected",
                            G_CALLBACK (binning_changed_cb), self);
}
