/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A SoupServer listening on 127.0.0.1 on a free port, in the calling thread's context.
 * Fails the running Check test if it cannot listen. */
SoupServer     *cria_test_server_new           (guint16        *port);
/* "http://127.0.0.1:PORT" */
char           *cria_test_server_base_url      (SoupServer     *server);

/* A raw TCP listener on 127.0.0.1 that accepts each connection, reads whatever arrives
 * for a moment, writes reply (may be NULL or a partial HTTP reply) and hangs up. */
GSocketService *cria_test_raw_server_new       (const char     *reply,
                                                guint16        *port);

/* A port on 127.0.0.1 that nothing listens on (bound, read back, then closed). */
guint16         cria_test_closed_port          (void);

/* A GAsyncReadyCallback that stores a reference to the result in *(GAsyncResult **) user_data. */
void            cria_test_store_result         (GObject        *source,
                                                GAsyncResult   *result,
                                                gpointer        user_data);
/* Iterates the thread-default main context until *slot is set; fails the test after
 * max_seconds. Returns the result (owned) and clears *slot. */
GAsyncResult   *cria_test_wait_result          (GAsyncResult  **slot,
                                                double          max_seconds);
/* Iterates the thread-default main context until *flag is TRUE or max_seconds pass. */
gboolean        cria_test_wait_flag            (const gboolean *flag,
                                                double          max_seconds);
/* Keeps the main context running for a while (for things that must not happen). */
void            cria_test_iterate_for          (double          seconds);

G_END_DECLS
