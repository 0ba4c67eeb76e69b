/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "cria-server-row.h"

struct _CriaServerRow
{
  GtkListBoxRow  parent_instance;

  CriaServer    *server;

  GtkLabel      *name_label;
  GtkLabel      *address_label;
  GtkLabel      *error_label;
};

G_DEFINE_FINAL_TYPE (CriaServerRow, cria_server_row, GTK_TYPE_LIST_BOX_ROW)

static void
on_forget_clicked (CriaServerRow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.forget-server", "s",
                              cria_server_get_address (self->server));
}

static void
cria_server_row_dispose (GObject *object)
{
  CriaServerRow *self = CRIA_SERVER_ROW (object);

  g_clear_object (&self->server);

  G_OBJECT_CLASS (cria_server_row_parent_class)->dispose (object);
}

static void
cria_server_row_class_init (CriaServerRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cria_server_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cria/Cria/cria-server-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CriaServerRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, CriaServerRow, address_label);
  gtk_widget_class_bind_template_child (widget_class, CriaServerRow, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_forget_clicked);
}

static void
cria_server_row_init (CriaServerRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cria_server_row_new (CriaServer   *server,
                     const GError *error)
{
  CriaServerRow *self = g_object_new (CRIA_TYPE_SERVER_ROW, NULL);
  const char *name = cria_server_get_name (server);
  g_autofree char *accessible = NULL;

  self->server = g_object_ref (server);
  gtk_label_set_label (self->name_label, name != NULL && *name != '\0' ? name : _("Alpaca Server"));
  gtk_label_set_label (self->address_label, cria_server_get_address (server));

  if (error != NULL)
    {
      gtk_label_set_label (self->error_label, _("Unreachable"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->error_label), error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }

  accessible = g_strdup_printf ("%s, %s", gtk_label_get_label (self->name_label),
                                cria_server_get_address (server));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return GTK_WIDGET (self);
}

CriaServer *
cria_server_row_get_server (CriaServerRow *self)
{
  g_return_val_if_fail (CRIA_IS_SERVER_ROW (self), NULL);
  return self->server;
}
