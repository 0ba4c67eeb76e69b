/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "cria-camera-workspace.h"

G_DEFINE_FINAL_TYPE (CriaCameraWorkspace, cria_camera_workspace, ADW_TYPE_BIN)

/* The dark surround of the picture, once per display. */
static void
ensure_css (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);
  g_autoptr(GtkCssProvider) provider = NULL;

  if (display == NULL || g_object_get_data (G_OBJECT (display), "cria-camera-css") != NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/cria/Cria/cria-camera-panel.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "cria-camera-css", g_object_ref (provider),
                          g_object_unref);
}

static void
cria_camera_workspace_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CRIA_TYPE_CAMERA_WORKSPACE);

  G_OBJECT_CLASS (cria_camera_workspace_parent_class)->dispose (object);
}

static void
cria_camera_workspace_class_init (CriaCameraWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cria_camera_workspace_dispose;

  g_type_ensure (CRIA_TYPE_IMAGE_VIEW);
  g_type_ensure (CRIA_TYPE_CAMERA_CONTROLS);
  g_type_ensure (CRIA_TYPE_CAMERA_COOLING);
  g_type_ensure (CRIA_TYPE_CAMERA_DISPLAY);
  g_type_ensure (CRIA_TYPE_CAMERA_STATUS);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cria/Cria/cria-camera-workspace.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, CriaCameraWorkspace, name)
  BIND (live_button);
  BIND (snapshot_button);
  BIND (live_content);
  BIND (sidebar_button);
  BIND (view_stack);
  BIND (offline_page);
  BIND (image_view);
  BIND (placeholder);
  BIND (placeholder_page);
  BIND (placeholder_spinner);
  BIND (status);
  BIND (side_stack);
  BIND (controls);
  BIND (cooling);
  BIND (display);
#undef BIND
}

static void
cria_camera_workspace_init (CriaCameraWorkspace *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ensure_css (GTK_WIDGET (self));
}

GtkWidget *
cria_camera_workspace_new (void)
{
  return g_object_new (CRIA_TYPE_CAMERA_WORKSPACE, NULL);
}

void
cria_camera_workspace_set_details (CriaCameraWorkspace *self,
                                   GtkWidget           *details)
{
  g_return_if_fail (CRIA_IS_CAMERA_WORKSPACE (self));
  g_return_if_fail (GTK_IS_WIDGET (details));

  adw_view_stack_add_titled_with_icon (self->side_stack, details, "details", _("Details"),
                                       "dialog-information-symbolic");
}
