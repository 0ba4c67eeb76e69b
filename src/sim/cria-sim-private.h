/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "cria-sim-device.h"
#include "cria-sim-server.h"

G_BEGIN_DECLS

/* Server-side construction of requests; devices only read them. */
CriaSimRequest *cria_sim_request_new   (gboolean         accepts_imagebytes,
                                        guint32          server_transaction_id);
/* Adds one decoded parameter; the first of several with the same name (in any casing) wins. */
void            cria_sim_request_add   (CriaSimRequest  *request,
                                        const char      *name,
                                        const char      *value);
void            cria_sim_request_free  (CriaSimRequest  *request);

void            cria_sim_reply_clear   (CriaSimReply    *reply);

/* The device type a CriaSimDevice subclass declared; CRIA_N_DEVICE_TYPES if none. */
CriaDeviceType  cria_sim_device_type_of          (GType           type);
/* DeviceState's Value, under the device lock; NULL while disconnected. */
JsonNode       *cria_sim_device_dup_state        (CriaSimDevice  *self);

GPtrArray      *cria_sim_server_get_devices      (CriaSimServer  *self);
guint32         cria_sim_server_next_transaction_id (CriaSimServer *self);
/* The SoupServer handler for every path (cria-sim-handler.c). */
void            cria_sim_server_handle_message   (SoupServer        *server,
                                                  SoupServerMessage *msg,
                                                  const char        *path,
                                                  GHashTable        *query,
                                                  gpointer           user_data);
/* HTML pages (cria-sim-setup.c). */
char           *cria_sim_setup_main_page         (CriaSimServer  *self);
char           *cria_sim_setup_device_page       (CriaSimServer  *self,
                                                  CriaSimDevice  *device);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CriaSimRequest, cria_sim_request_free)

G_END_DECLS
