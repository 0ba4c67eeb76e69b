/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <check.h>

#include "cria-sim-server.h"
#include "test-conformance-util.h"

G_BEGIN_DECLS

/* Shared by the parts of the simulator conformance test. */

/* The running simulator and its devices, as configureddevices lists them. */
extern CriaSimServer *conformance_server;
extern GPtrArray     *conformance_devices;

/* The first device of a type; fails the test if there is none. */
const ConfDevice *conformance_find_device     (CriaDeviceType    type);
/* Connects every device; fails the test if one does not connect. */
void              conformance_connect_all     (void);
/* Whether a member is one of those every device answers, connected or not. */
gboolean          conformance_is_common       (const char       *member);
/* Whether the interface requires the member, so that NotImplemented is a failure. */
gboolean          conformance_is_mandatory    (CriaDeviceType    type,
                                               const char       *member);

/* The tests in test-sim-conformance-flags.c and test-sim-conformance-state.c. */
void              conformance_add_flag_tests  (TCase            *tcase);
void              conformance_add_state_tests (TCase            *tcase);

G_END_DECLS
