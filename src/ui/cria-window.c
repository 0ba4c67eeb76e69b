/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "cria-add-server-dialog.h"
#include "cria-device-panel.h"
#include "cria-device-row.h"
#include "cria-device-type-info.h"
#include "cria-server-row.h"
#include "cria-window.h"

struct _CriaWindow
{
  AdwApplicationWindow  parent_instance;

  CriaServerList       *servers;
  GPtrArray            *watched_devices; /* device models whose changes rebuild the sidebar */
  CriaDevice           *selected;
  guint                 rebuild_id;
  gboolean              rebuilding;

  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkListBox           *device_list;
  GtkStack             *refresh_stack;
  GtkSpinner           *discovery_spinner;
  GtkStack             *content_stack;
  AdwWindowTitle       *content_title;
  AdwBin               *panel_bin;
};

G_DEFINE_FINAL_TYPE (CriaWindow, cria_window, ADW_TYPE_APPLICATION_WINDOW)

static void schedule_rebuild (CriaWindow *self);
static void add_toast        (CriaWindow *self,
                              const char *text,
                              guint       seconds);

static void
on_devices_changed (GListModel *model,
                    guint       position,
                    guint       removed,
                    guint       added,
                    CriaWindow *self)
{
  schedule_rebuild (self);
}

static void
unwatch_devices (CriaWindow *self)
{
  for (guint i = 0; i < self->watched_devices->len; i++)
    g_signal_handlers_disconnect_by_func (self->watched_devices->pdata[i], on_devices_changed, self);
  g_ptr_array_set_size (self->watched_devices, 0);
}

static void
show_panel (CriaWindow *self,
            CriaDevice *device)
{
  if (device == NULL)
    {
      g_clear_object (&self->selected);
      adw_bin_set_child (self->panel_bin, NULL);
      adw_window_title_set_title (self->content_title, "");
      adw_window_title_set_subtitle (self->content_title, "");
      return;
    }

  if (device == self->selected)
    return;

  g_set_object (&self->selected, device);
  adw_bin_set_child (self->panel_bin, cria_device_panel_new (device));
  adw_window_title_set_title (self->content_title, cria_device_get_name (device));
  adw_window_title_set_subtitle (self->content_title,
                                 cria_device_type_get_display_name (cria_device_get_device_type (device)));
}

static void
update_content_page (CriaWindow *self)
{
  const char *page;

  if (self->selected != NULL)
    page = "panel";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->servers)) == 0)
    page = "empty";
  else
    page = "select";

  gtk_stack_set_visible_child_name (self->content_stack, page);
}

/* The sidebar is small (tens of rows), so it is rebuilt whole whenever a server or its
 * device list changes; the selection is carried over by device. */
static void
rebuild_sidebar (CriaWindow *self)
{
  GListModel *servers = G_LIST_MODEL (self->servers);
  GtkWidget *child;
  GtkWidget *reselect = NULL;

  self->rebuilding = TRUE;
  unwatch_devices (self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->device_list))) != NULL)
    gtk_list_box_remove (self->device_list, child);

  for (guint i = 0; i < g_list_model_get_n_items (servers); i++)
    {
      g_autoptr(CriaServer) server = g_list_model_get_item (servers, i);
      GListModel *devices = cria_server_get_devices (server);

      gtk_list_box_append (self->device_list,
                           cria_server_row_new (server, cria_server_list_get_server_error (self->servers, server)));

      g_signal_connect (devices, "items-changed", G_CALLBACK (on_devices_changed), self);
      g_ptr_array_add (self->watched_devices, g_object_ref (devices));

      for (guint j = 0; j < g_list_model_get_n_items (devices); j++)
        {
          g_autoptr(CriaDevice) device = g_list_model_get_item (devices, j);
          GtkWidget *row = cria_device_row_new (device);

          gtk_list_box_append (self->device_list, row);
          if (device == self->selected)
            reselect = row;
        }
    }

  if (reselect != NULL)
    gtk_list_box_select_row (self->device_list, GTK_LIST_BOX_ROW (reselect));
  else
    show_panel (self, NULL);

  self->rebuilding = FALSE;
  update_content_page (self);
}

static gboolean
rebuild_idle (gpointer user_data)
{
  CriaWindow *self = user_data;

  self->rebuild_id = 0;
  rebuild_sidebar (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_rebuild (CriaWindow *self)
{
  /* Ahead of redraws, which an animating toast keeps due. */
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, rebuild_idle, self, NULL);
}

static void
on_servers_changed (GListModel *model,
                    guint       position,
                    guint       removed,
                    guint       added,
                    CriaWindow *self)
{
  schedule_rebuild (self);
}

static void
on_row_selected (CriaWindow    *self,
                 GtkListBoxRow *row)
{
  /* Rows go away while the sidebar is rebuilt and while the window is disposed. */
  if (self->rebuilding || self->panel_bin == NULL)
    return;

  if (row != NULL && CRIA_IS_DEVICE_ROW (row))
    show_panel (self, cria_device_row_get_device (CRIA_DEVICE_ROW (row)));
  else
    show_panel (self, NULL);

  update_content_page (self);
}

static void
on_row_activated (CriaWindow    *self,
                  GtkListBoxRow *row)
{
  if (CRIA_IS_DEVICE_ROW (row))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_back_clicked (CriaWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
on_discovering_changed (CriaWindow *self)
{
  gboolean discovering = cria_server_list_get_discovering (self->servers);

  gtk_spinner_set_spinning (self->discovery_spinner, discovering);
  gtk_stack_set_visible_child_name (self->refresh_stack, discovering ? "spinner" : "button");
}

/* An unreachable server shows on its own row; only discovery itself failing needs a toast. */
static void
on_server_error (CriaWindow     *self,
                 CriaServer     *server,
                 const GError   *error)
{
  if (server == NULL)
    cria_window_show_error (self, _("Discovery failed"), error);
}

void
cria_window_show_error (CriaWindow   *self,
                        const char   *what,
                        const GError *error)
{
  g_autofree char *details = cria_error_describe (error);
  g_autofree char *text = NULL;

  g_return_if_fail (CRIA_IS_WINDOW (self));

  text = g_strdup_printf ("%s: %s", what, details);
  add_toast (self, text, 8);
}

gboolean
cria_window_select_device (CriaWindow *self,
                           CriaDevice *device)
{
  g_return_val_if_fail (CRIA_IS_WINDOW (self), FALSE);

  if (self->rebuild_id != 0)
    {
      g_clear_handle_id (&self->rebuild_id, g_source_remove);
      rebuild_sidebar (self);
    }

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->device_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      if (CRIA_IS_DEVICE_ROW (row) && cria_device_row_get_device (CRIA_DEVICE_ROW (row)) == device)
        {
          gtk_list_box_select_row (self->device_list, GTK_LIST_BOX_ROW (row));
          return TRUE;
        }
    }
  return FALSE;
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  cria_server_list_discover (CRIA_WINDOW (widget)->servers);
}

static void
add_server_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CriaWindow *self = CRIA_WINDOW (widget);
  GtkWindow *dialog = cria_add_server_dialog_new (GTK_WINDOW (self), self->servers);

  gtk_window_present (dialog);
}

static void
forget_server_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CriaWindow *self = CRIA_WINDOW (widget);
  const char *address = g_variant_get_string (parameter, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->servers)); i++)
    {
      g_autoptr(CriaServer) server = g_list_model_get_item (G_LIST_MODEL (self->servers), i);

      if (g_str_equal (cria_server_get_address (server), address))
        {
          cria_server_list_remove (self->servers, server);
          return;
        }
    }
}

static void
add_toast (CriaWindow *self,
           const char *text,
           guint       seconds)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, seconds);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Failures stay up longer than confirmations: they may need reading twice. */
static void
show_error_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  add_toast (CRIA_WINDOW (widget), g_variant_get_string (parameter, NULL), 8);
}

static void
show_toast_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  add_toast (CRIA_WINDOW (widget), g_variant_get_string (parameter, NULL), 3);
}

static void
cria_window_dispose (GObject *object)
{
  CriaWindow *self = CRIA_WINDOW (object);

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->watched_devices != NULL)
    unwatch_devices (self);
  if (self->servers != NULL)
    g_signal_handlers_disconnect_by_data (self->servers, self);
  g_clear_object (&self->servers);
  g_clear_object (&self->selected);
  g_clear_pointer (&self->watched_devices, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), CRIA_TYPE_WINDOW);

  G_OBJECT_CLASS (cria_window_parent_class)->dispose (object);
}

static void
cria_window_class_init (CriaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cria_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cria/Cria/cria-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CriaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CriaWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CriaWindow, device_list);
  gtk_widget_class_bind_template_child (widget_class, CriaWindow, refresh_stack);
  gtk_widget_class_bind_template_child (widget_class, CriaWindow, discovery_spinner);
  gtk_widget_class_bind_template_child (widget_class, CriaWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CriaWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, CriaWindow, panel_bin);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.add-server", NULL, add_server_action);
  gtk_widget_class_install_action (widget_class, "win.forget-server", "s", forget_server_action);
  gtk_widget_class_install_action (widget_class, "win.show-error", "s", show_error_action);
  gtk_widget_class_install_action (widget_class, "win.show-toast", "s", show_toast_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
}

static void
cria_window_init (CriaWindow *self)
{
  self->watched_devices = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
}

CriaWindow *
cria_window_new (GtkApplication *application,
                 CriaServerList *servers)
{
  CriaWindow *self = g_object_new (CRIA_TYPE_WINDOW, "application", application, NULL);

  self->servers = g_object_ref (servers);
  g_signal_connect (servers, "items-changed", G_CALLBACK (on_servers_changed), self);
  g_signal_connect_swapped (servers, "notify::discovering", G_CALLBACK (on_discovering_changed), self);
  g_signal_connect_swapped (servers, "server-error", G_CALLBACK (on_server_error), self);
  on_discovering_changed (self);
  rebuild_sidebar (self);
  return self;
}
