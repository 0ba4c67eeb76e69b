/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-server-util"

#include "test-server-util.h"

#include <check.h>
#include <string.h>

SoupServer *
cria_test_server_new (guint16 *port)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  if (!soup_server_listen (server, address, 0, &error))
    ck_abort_msg ("Cannot listen on 127.0.0.1: %s", error->message);

  uris = soup_server_get_uris (server);
  ck_assert_ptr_nonnull (uris);
  if (port != NULL)
    *port = (guint16) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return g_steal_pointer (&server);
}

char *
cria_test_server_base_url (SoupServer *server)
{
  GSList *uris = soup_server_get_uris (server);
  char *url;

  ck_assert_ptr_nonnull (uris);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return url;
}

typedef struct
{
  GSocketConnection *connection;
  char              *reply;
  char               buffer[4096];
} RawClient;

static void
raw_client_free (RawClient *client)
{
  g_io_stream_close (G_IO_STREAM (client->connection), NULL, NULL);
  g_object_unref (client->connection);
  g_free (client->reply);
  g_free (client);
}

static void
on_raw_read (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RawClient *client = user_data;
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (client->connection));

  g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);
  if (client->reply != NULL)
    g_output_stream_write_all (output, client->reply, strlen (client->reply), NULL, NULL, NULL);

  raw_client_free (client);
}

static gboolean
on_raw_incoming (GSocketService    *service,
                 GSocketConnection *connection,
                 GObject           *source_object,
                 gpointer           user_data)
{
  RawClient *client = g_new0 (RawClient, 1);
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));

  client->connection = g_object_ref (connection);
  client->reply = g_strdup (user_data);
  g_input_stream_read_async (input, client->buffer, sizeof client->buffer, G_PRIORITY_DEFAULT,
                             NULL, on_raw_read, client);

  return TRUE;
}

static void
free_reply (gpointer  data,
            GClosure *closure)
{
  g_free (data);
}

GSocketService *
cria_test_raw_server_new (const char *reply,
                          guint16    *port)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                      &effective, &error))
    ck_abort_msg ("Cannot listen on 127.0.0.1: %s", error->message);

  if (port != NULL)
    *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));

  g_signal_connect_data (service, "incoming", G_CALLBACK (on_raw_incoming),
                         g_strdup (reply), free_reply, 0);
  g_socket_service_start (service);

  return g_steal_pointer (&service);
}

guint16
cria_test_closed_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  ck_assert_msg (socket != NULL, "socket: %s", error ? error->message : "");
  ck_assert_msg (g_socket_bind (socket, address, FALSE, &error), "bind: %s",
                 error ? error->message : "");
  local = g_socket_get_local_address (socket, &error);
  ck_assert_ptr_nonnull (local);

  /* Never listening, and closed on return: connecting to the port is refused. */
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
}

void
cria_test_store_result (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  ck_assert_ptr_null (*slot);
  *slot = g_object_ref (result);
}

static gboolean
on_expired (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
iterate_until (gboolean (*done) (gconstpointer data),
               gconstpointer data,
               double        max_seconds)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  gboolean expired = FALSE;
  GSource *timer;

  timer = g_timeout_source_new ((guint) (max_seconds * 1000));
  g_source_set_callback (timer, on_expired, &expired, NULL);
  g_source_attach (timer, context);

  while (!done (data) && !expired)
    g_main_context_iteration (context, TRUE);

  g_source_destroy (timer);
  g_source_unref (timer);

  return done (data);
}

static gboolean
slot_is_set (gconstpointer data)
{
  GAsyncResult * const *slot = data;

  return *slot != NULL;
}

static gboolean
flag_is_set (gconstpointer data)
{
  const gboolean *flag = data;

  return *flag;
}

static gboolean
never (gconstpointer data)
{
  return FALSE;
}

GAsyncResult *
cria_test_wait_result (GAsyncResult **slot,
                       double         max_seconds)
{
  if (!iterate_until (slot_is_set, slot, max_seconds))
    ck_abort_msg ("The operation did not complete within %g s", max_seconds);

  return g_steal_pointer (slot);
}

gboolean
cria_test_wait_flag (const gboolean *flag,
                     double          max_seconds)
{
  return iterate_until (flag_is_set, flag, max_seconds);
}

void
cria_test_iterate_for (double seconds)
{
  iterate_until (never, NULL, seconds);
}
