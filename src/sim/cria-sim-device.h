/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "cria-alpaca-error.h"
#include "cria-device-type.h"
#include "cria-member.h"

G_BEGIN_DECLS

/* Errors that the server turns into HTTP 400 with the message as the text body.
 * ASCOM-level errors use CRIA_ALPACA_ERROR and become HTTP 200 with an ErrorNumber. */
#define CRIA_SIM_ERROR (cria_sim_error_quark ())

typedef enum
{
  CRIA_SIM_ERROR_BAD_REQUEST,
} CriaSimError;

GQuark cria_sim_error_quark (void);

/* The parameters of one request: keys are matched case-insensitively. */
typedef struct _CriaSimRequest CriaSimRequest;

/* Each getter fails with CRIA_SIM_ERROR_BAD_REQUEST when the parameter is missing or does
 * not parse (numbers are culture-neutral; booleans are true/false in any casing). */
gboolean    cria_sim_request_get_bool   (CriaSimRequest  *request,
                                         const char      *name,
                                         gboolean        *value,
                                         GError         **error);
gboolean    cria_sim_request_get_int    (CriaSimRequest  *request,
                                         const char      *name,
                                         gint64          *value,
                                         GError         **error);
gboolean    cria_sim_request_get_double (CriaSimRequest  *request,
                                         const char      *name,
                                         double          *value,
                                         GError         **error);
const char *cria_sim_request_get_string (CriaSimRequest  *request,
                                         const char      *name,
                                         GError         **error);
/* Whether the client asked for application/imagebytes. */
gboolean    cria_sim_request_accepts_imagebytes (CriaSimRequest *request);
/* The IDs of this transaction (0 when the client sent none or garbage), e.g. for the
 * ImageBytes metadata. */
guint32     cria_sim_request_get_client_id              (CriaSimRequest *request);
guint32     cria_sim_request_get_client_transaction_id  (CriaSimRequest *request);
guint32     cria_sim_request_get_server_transaction_id  (CriaSimRequest *request);

#define CRIA_TYPE_SIM_DEVICE (cria_sim_device_get_type ())

G_DECLARE_DERIVABLE_TYPE (CriaSimDevice, cria_sim_device, CRIA, SIM_DEVICE, GObject)

/* Replies a device gives; a value of NULL means a method reply without Value. A reply may
 * instead carry raw bytes (ImageBytes) with their content type: then bytes_header, when
 * set, is sent first, so that a cached image body needs no copy per request. The server
 * owns and frees value, bytes and bytes_header; content_type must be a static string. */
typedef struct
{
  JsonNode   *value;
  GBytes     *bytes;
  const char *content_type;
  GBytes     *bytes_header;
} CriaSimReply;

struct _CriaSimDeviceClass
{
  GObjectClass parent_class;

  /* The base class handles the common members (Connect, Connected, DeviceState, Name, ...),
   * refuses members that the type's member table lacks with a bad request, and answers
   * NotConnected for operational members while disconnected. Everything else arrives here,
   * with the device lock held and the member name in lowercase. Return FALSE with an error
   * (CRIA_ALPACA_ERROR or CRIA_SIM_ERROR) to fail; a member the simulated hardware does not
   * have answers CRIA_ALPACA_ERROR_NOT_IMPLEMENTED. */
  gboolean (*handle)          (CriaSimDevice   *self,
                               CriaHttpMethod   method,
                               const char      *member,
                               CriaSimRequest  *request,
                               CriaSimReply    *reply,
                               GError         **error);

  /* Appends the type's operational state as Name/Value pairs; lock held. */
  void     (*add_device_state) (CriaSimDevice *self,
                                JsonBuilder   *builder);

  /* Called when Connected becomes TRUE or FALSE; lock held. */
  void     (*connected_changed) (CriaSimDevice *self,
                                 gboolean       connected);

  /* Action names that "action" understands, and the handler; lock held. */
  const char * const *supported_actions;
  gboolean (*action)          (CriaSimDevice   *self,
                               const char      *action,
                               const char      *parameters,
                               char           **result,
                               GError         **error);

  /* Members (spec casing) that go to "handle" even while disconnected, for interfaces that
   * define an answer then, e.g. SafetyMonitor's IsSafe, which reads false; NULL for none. */
  const char * const *disconnected_members;

  gpointer padding[7];
};

typedef struct _CriaSimServer CriaSimServer;

/* Subclasses call this from class_init; it is kept as qdata on the class's GType. */
void            cria_sim_device_class_set_device_type (CriaSimDeviceClass *klass,
                                                       CriaDeviceType      type);

CriaDeviceType  cria_sim_device_get_device_type (CriaSimDevice *self);
/* The server that owns the device, so that devices can find each other. */
CriaSimServer  *cria_sim_device_get_server      (CriaSimDevice *self);
guint           cria_sim_device_get_number      (CriaSimDevice *self);
const char     *cria_sim_device_get_name        (CriaSimDevice *self);
const char     *cria_sim_device_get_unique_id   (CriaSimDevice *self);
gboolean        cria_sim_device_get_connected   (CriaSimDevice *self);

/* How much faster than real time moves happen; tests use large values. */
double          cria_sim_device_get_speed       (CriaSimDevice *self);
/* Simulated time in seconds since the device was created, scaled by speed. */
double          cria_sim_device_get_time        (CriaSimDevice *self);

/* The device lock; subclasses' public accessors take it around reads of their state. */
void            cria_sim_device_lock            (CriaSimDevice *self);
void            cria_sim_device_unlock          (CriaSimDevice *self);

/* Serves one request. Called by the server, from its thread. */
gboolean        cria_sim_device_handle          (CriaSimDevice   *self,
                                                 CriaHttpMethod   method,
                                                 const char      *member,
                                                 CriaSimRequest  *request,
                                                 CriaSimReply    *reply,
                                                 GError         **error);

/* Appends {"Name": name, "Value": value} to the DeviceState array from add_device_state;
 * takes value, e.g. cria_sim_device_state_add (builder, "Position", cria_sim_value_int (p)). */
void            cria_sim_device_state_add       (JsonBuilder     *builder,
                                                 const char      *name,
                                                 JsonNode        *value);

/* Convenience for replies. */
JsonNode       *cria_sim_value_bool             (gboolean         value);
JsonNode       *cria_sim_value_int              (gint64           value);
JsonNode       *cria_sim_value_double           (double           value);
JsonNode       *cria_sim_value_string           (const char      *value);

G_END_DECLS
