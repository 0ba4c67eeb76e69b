/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "cria-add-server-dialog.h"

struct _CriaAddServerDialog
{
  AdwWindow       parent_instance;

  CriaServerList *servers;
  GCancellable   *cancellable;

  AdwEntryRow    *host_row;
  AdwEntryRow    *port_row;
  GtkButton      *add_button;
  GtkSpinner     *spinner;
  GtkLabel       *error_label;
};

G_DEFINE_FINAL_TYPE (CriaAddServerDialog, cria_add_server_dialog, ADW_TYPE_WINDOW)

static gboolean
is_host_name (const char *text)
{
  gsize len = strlen (text);

  if (len == 0 || len > 253 || text[0] == '-' || text[0] == '.')
    return FALSE;

  for (const char *c = text; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '-' && *c != '.' && *c != '_')
      return FALSE;
  return TRUE;
}

char *
cria_parse_host (const char *text)
{
  g_autofree char *host = g_strstrip (g_strdup (text != NULL ? text : ""));
  gsize len = strlen (host);

  if (len > 2 && host[0] == '[' && host[len - 1] == ']')
    {
      host[len - 1] = '\0';
      memmove (host, host + 1, len - 1);
      return g_hostname_is_ip_address (host) && strchr (host, ':') != NULL ? g_steal_pointer (&host) : NULL;
    }

  if (g_hostname_is_ip_address (host) || is_host_name (host))
    return g_steal_pointer (&host);
  return NULL;
}

guint16
cria_parse_port (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  guint64 port;

  if (!g_ascii_string_to_unsigned (trimmed, 10, 1, 65535, &port, NULL))
    return 0;
  return port;
}

static void
set_error (CriaAddServerDialog *self,
           const char          *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_field_error (AdwEntryRow *row,
                 gboolean     invalid)
{
  if (invalid)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
on_entry_changed (CriaAddServerDialog *self)
{
  const char *host_text = gtk_editable_get_text (GTK_EDITABLE (self->host_row));
  g_autofree char *host = cria_parse_host (host_text);
  guint16 port = cria_parse_port (gtk_editable_get_text (GTK_EDITABLE (self->port_row)));

  set_field_error (self->host_row, *host_text != '\0' && host == NULL);
  set_field_error (self->port_row, port == 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), host != NULL && port != 0);
  set_error (self, NULL);
}

static void
set_busy (CriaAddServerDialog *self,
          gboolean             busy)
{
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->host_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->port_row), !busy);
}

static void
on_server_added (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CriaAddServerDialog) self = user_data;
  g_autoptr(CriaServer) server = NULL;
  g_autoptr(GError) error = NULL;

  server = cria_server_list_add_finish (CRIA_SERVER_LIST (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (server == NULL)
    {
      g_autofree char *details = cria_error_describe (error);
      g_autofree char *text = g_strdup_printf (_("This server did not answer as an Alpaca server: %s"), details);

      set_error (self, text);
      return;
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_add_clicked (CriaAddServerDialog *self)
{
  g_autofree char *host = cria_parse_host (gtk_editable_get_text (GTK_EDITABLE (self->host_row)));
  guint16 port = cria_parse_port (gtk_editable_get_text (GTK_EDITABLE (self->port_row)));

  if (host == NULL || port == 0 || gtk_spinner_get_spinning (self->spinner))
    return;

  set_error (self, NULL);
  set_busy (self, TRUE);
  cria_server_list_add_async (self->servers, host, port, self->cancellable,
                              on_server_added, g_object_ref (self));
}

static void
cria_add_server_dialog_dispose (GObject *object)
{
  CriaAddServerDialog *self = CRIA_ADD_SERVER_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->servers);

  G_OBJECT_CLASS (cria_add_server_dialog_parent_class)->dispose (object);
}

static void
cria_add_server_dialog_class_init (CriaAddServerDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cria_add_server_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cria/Cria/cria-add-server-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CriaAddServerDialog, host_row);
  gtk_widget_class_bind_template_child (widget_class, CriaAddServerDialog, port_row);
  gtk_widget_class_bind_template_child (widget_class, CriaAddServerDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, CriaAddServerDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, CriaAddServerDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cria_add_server_dialog_init (CriaAddServerDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWindow *
cria_add_server_dialog_new (GtkWindow      *parent,
                            CriaServerList *servers)
{
  CriaAddServerDialog *self = g_object_new (CRIA_TYPE_ADD_SERVER_DIALOG,
                                            "transient-for", parent,
                                            NULL);

  self->servers = g_object_ref (servers);
  return GTK_WINDOW (self);
}
