/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cria-sim-device.h"

G_BEGIN_DECLS

typedef enum
{
  CRIA_SIM_SENSOR_MONO,
  CRIA_SIM_SENSOR_RGGB,
  CRIA_SIM_SENSOR_GRBG,
  CRIA_SIM_SENSOR_GBRG,
  CRIA_SIM_SENSOR_BGGR,
} CriaSimSensor;

typedef struct
{
  const char    *address;        /* NULL: all interfaces; an IP literal; "localhost": both loopbacks */
  guint16        port;           /* 0: any free port */
  guint16        discovery_port; /* 0: no discovery responder */
  guint          camera_width;   /* 0: default */
  guint          camera_height;
  CriaSimSensor  sensor;
  double         speed;          /* 0 or 1: real time; tests use more */
  const char    *state_dir;      /* where UniqueIDs persist; NULL: the user config dir */
} CriaSimOptions;

#define CRIA_TYPE_SIM_SERVER (cria_sim_server_get_type ())

G_DECLARE_FINAL_TYPE (CriaSimServer, cria_sim_server, CRIA, SIM_SERVER, GObject)

CriaSimServer *cria_sim_server_new                (const CriaSimOptions *options);
/* Starts serving from a thread of its own and returns once it listens. */
gboolean       cria_sim_server_start              (CriaSimServer        *self,
                                                   GError              **error);
void           cria_sim_server_stop               (CriaSimServer        *self);
guint16        cria_sim_server_get_port           (CriaSimServer        *self);
guint16        cria_sim_server_get_discovery_port (CriaSimServer        *self);
/* "http://HOST:PORT", with a loopback host when listening on all interfaces. */
char          *cria_sim_server_get_url            (CriaSimServer        *self);
/* Unowned; NULL when there is no such device. */
CriaSimDevice *cria_sim_server_get_device         (CriaSimServer        *self,
                                                   CriaDeviceType        type,
                                                   guint                 number);
const CriaSimOptions *cria_sim_server_get_options (CriaSimServer        *self);
/* Adds a device of a CriaSimDevice subclass (e.g. a second focuser, or a test device)
 * with a persistent UniqueID; before start() only. Unowned; NULL if the number is taken. */
CriaSimDevice *cria_sim_server_add_device         (CriaSimServer        *self,
                                                   GType                 type,
                                                   guint                 number);

gboolean       cria_sim_sensor_from_string        (const char           *text,
                                                   CriaSimSensor        *sensor);

G_END_DECLS
