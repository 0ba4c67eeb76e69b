/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-client.h"

G_BEGIN_DECLS

typedef enum
{
  CRIA_CONNECTION_DISCONNECTED,
  CRIA_CONNECTION_CONNECTING,
  CRIA_CONNECTION_CONNECTED,
  CRIA_CONNECTION_ERROR,
} CriaConnectionState;

#define CRIA_TYPE_CONNECTION_STATE (cria_connection_state_get_type ())
GType cria_connection_state_get_type (void);

#define CRIA_TYPE_DEVICE (cria_device_get_type ())

G_DECLARE_FINAL_TYPE (CriaDevice, cria_device, CRIA, DEVICE, GObject)

CriaDevice          *cria_device_new                    (CriaClient          *client,
                                                         CriaDeviceType       type,
                                                         guint                number,
                                                         const char          *name,
                                                         const char          *unique_id);
CriaClient          *cria_device_get_client             (CriaDevice          *self);
CriaDeviceType       cria_device_get_device_type        (CriaDevice          *self);
guint                cria_device_get_number             (CriaDevice          *self);
const char          *cria_device_get_name               (CriaDevice          *self);
const char          *cria_device_get_unique_id          (CriaDevice          *self);
/* 0 until known; set by cria_device_connect_async() or cria_device_set_interface_version(). */
guint                cria_device_get_interface_version  (CriaDevice          *self);
void                 cria_device_set_interface_version  (CriaDevice          *self,
                                                         guint                version);
gboolean             cria_device_has_member             (CriaDevice          *self,
                                                         const char          *member,
                                                         CriaHttpMethod       method);
CriaConnectionState  cria_device_get_connection_state   (CriaDevice          *self);
const GError        *cria_device_get_last_error         (CriaDevice          *self);

/* Members through the member table; params alternate name and value, NULL-terminated. */
void                 cria_device_get_async              (CriaDevice          *self,
                                                         const char          *member,
                                                         const char * const  *params,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
JsonNode            *cria_device_get_finish             (CriaDevice          *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);
void                 cria_device_put_async              (CriaDevice          *self,
                                                         const char          *member,
                                                         const char * const  *params,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
JsonNode            *cria_device_put_finish             (CriaDevice          *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

/* Reads InterfaceVersion, then uses Connect/Connecting (Platform 7) or Connected=true
 * (older interfaces) and waits until the device reports itself connected. */
void                 cria_device_connect_async          (CriaDevice          *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean             cria_device_connect_finish         (CriaDevice          *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);
void                 cria_device_disconnect_async       (CriaDevice          *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean             cria_device_disconnect_finish      (CriaDevice          *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

G_END_DECLS
