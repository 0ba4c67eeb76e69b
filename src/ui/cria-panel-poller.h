/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-alpaca.h"

G_BEGIN_DECLS

#define CRIA_TYPE_PANEL_POLLER (cria_panel_poller_get_type ())

/* Reads a device's members in cycles, one cycle at a time: a DeviceState GET per cycle
 * where the interface has it, otherwise the individual GETs of the live members; every
 * tenth cycle, and on request, everything else too. Reports each value by ::value, each
 * failed read by ::failed, and a lost connection by ::lost (after which it stops). */
G_DECLARE_FINAL_TYPE (CriaPanelPoller, cria_panel_poller, CRIA, PANEL_POLLER, GObject)

/* Called at the start of every cycle for the members to read now: fast ones every cycle,
 * slow ones on full cycles. */
typedef void (*CriaPanelCollectFunc) (GPtrArray *fast,
                                      GPtrArray *slow,
                                      gpointer   user_data);

CriaPanelPoller *cria_panel_poller_new          (CriaDevice           *device,
                                                 CriaPanelCollectFunc  collect,
                                                 gpointer              user_data);
/* Seconds between the end of one cycle and the start of the next. */
double           cria_panel_poller_get_interval (CriaPanelPoller      *self);
void             cria_panel_poller_set_interval (CriaPanelPoller      *self,
                                                 double                seconds);
/* Starts with a full cycle. */
void             cria_panel_poller_start        (CriaPanelPoller      *self);
/* Cancels what is in flight. */
void             cria_panel_poller_stop         (CriaPanelPoller      *self);
gboolean         cria_panel_poller_is_running   (CriaPanelPoller      *self);
/* The next cycle reads everything, and starts now if the poller is waiting. */
void             cria_panel_poller_request_full (CriaPanelPoller      *self);
/* Reads names once, outside the cycles (e.g. device information while disconnected);
 * failures go to ::failed, never to ::lost. */
void             cria_panel_poller_read         (CriaPanelPoller      *self,
                                                 const char * const   *names);
/* Cycles completed since the poller was created, for tests. */
guint            cria_panel_poller_get_n_cycles (CriaPanelPoller      *self);

G_END_DECLS
