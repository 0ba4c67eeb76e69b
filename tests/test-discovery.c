/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-discovery"

#include <check.h>
#include <string.h>

#include "cria-alpaca.h"
#include "cria-sim-discovery.h"

/* Discovery in these tests only ever probes loopback hosts: broadcast is off. */
#define RUN_SECONDS 1.0
/* Upper bound on any wait, far beyond what a loaded machine needs. */
#define GUARD_SECONDS 20

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the default context until *done, or fails the test after GUARD_SECONDS. */
static void
wait_for (gboolean *done)
{
  gboolean expired = FALSE;
  guint guard = g_timeout_add_seconds (GUARD_SECONDS, set_flag, &expired);

  while (!*done && !expired)
    g_main_context_iteration (NULL, TRUE);
  ck_assert_msg (!expired, "timed out waiting");
  g_source_remove (guard);
}

typedef struct
{
  GAsyncResult *result;
  gboolean done;
} RunWait;

static void
on_run_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  RunWait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static gboolean
run_discovery (CriaDiscovery  *discovery,
               double          timeout,
               GCancellable   *cancellable,
               GError        **error)
{
  RunWait wait = { NULL, FALSE };
  gboolean ok;

  cria_discovery_run_async (discovery, timeout, cancellable, on_run_done, &wait);
  wait_for (&wait.done);
  ok = cria_discovery_run_finish (discovery, wait.result, error);
  g_object_unref (wait.result);
  ck_assert (!cria_discovery_get_running (discovery));
  return ok;
}

static CriaDiscovery *
loopback_discovery (guint16             port,
                    const char * const *hosts)
{
  CriaDiscovery *discovery = cria_discovery_new ();

  cria_discovery_set_broadcast (discovery, FALSE);
  cria_discovery_set_port (discovery, port);
  cria_discovery_set_hosts (discovery, hosts);
  return discovery;
}

static CriaServer *
find_server (CriaDiscovery *discovery,
             const char    *host)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (discovery));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CriaServer) server = g_list_model_get_item (G_LIST_MODEL (discovery), i);

      if (g_strcmp0 (cria_server_get_host (server), host) == 0)
        return server;  /* the model keeps its reference */
    }
  return NULL;
}

/* A plain UDP socket on 127.0.0.1 that counts discovery probes and answers each with the
 * given datagrams, in order. */
typedef struct
{
  GSocket *socket;
  GSource *source;
  guint16 port;
  const char * const *replies;
  guint probes;
  guint other;
  GSocketAddress *last_source;
} FakeReplier;

static gboolean
fake_on_datagram (GSocket      *sock,
                  GIOCondition  condition,
                  gpointer      user_data)
{
  FakeReplier *fake = user_data;
  char buffer[256];

  for (;;)
    {
      g_autoptr(GSocketAddress) source = NULL;
      gssize n = g_socket_receive_from (sock, &source, buffer, sizeof buffer, NULL, NULL);

      if (n < 0)
        break;
      if (n == 16 && memcmp (buffer, "alpacadiscovery1", 16) == 0)
        fake->probes++;
      else
        fake->other++;
      g_set_object (&fake->last_source, source);

      for (guint i = 0; fake->replies != NULL && fake->replies[i] != NULL; i++)
        ck_assert_int_ge (g_socket_send_to (sock, source, fake->replies[i],
                                            strlen (fake->replies[i]), NULL, NULL), 0);
    }
  return G_SOURCE_CONTINUE;
}

static GSocket *
loopback_socket (GSocketFamily family,
                 guint16       port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (family);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  GSocket *sock;

  sock = g_socket_new (family, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, &error);
  ck_assert_msg (sock != NULL, "%s", error ? error->message : "");
  g_socket_set_blocking (sock, FALSE);
  ck_assert_msg (g_socket_bind (sock, address, FALSE, &error), "%s",
                 error ? error->message : "");
  return sock;
}

static guint16
socket_port (GSocket *sock)
{
  g_autoptr(GSocketAddress) local = g_socket_get_local_address (sock, NULL);

  ck_assert (local != NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
}

static FakeReplier *
fake_replier_new (const char * const *replies)
{
  FakeReplier *fake = g_new0 (FakeReplier, 1);

  fake->socket = loopback_socket (G_SOCKET_FAMILY_IPV4, 0);
  fake->port = socket_port (fake->socket);
  fake->replies = replies;
  fake->source = g_socket_create_source (fake->socket, G_IO_IN, NULL);
  g_source_set_callback (fake->source, G_SOURCE_FUNC (fake_on_datagram), fake, NULL);
  g_source_attach (fake->source, NULL);
  return fake;
}

static void
fake_replier_free (FakeReplier *fake)
{
  g_source_destroy (fake->source);
  g_source_unref (fake->source);
  g_socket_close (fake->socket, NULL);
  g_object_unref (fake->socket);
  g_clear_object (&fake->last_source);
  g_free (fake);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeReplier, fake_replier_free)

typedef struct
{
  guint added;
  guint removed;
  guint added_while_idle;
} ItemsCount;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  ItemsCount *count = user_data;

  count->added += added;
  count->removed += removed;
  if (!cria_discovery_get_running (CRIA_DISCOVERY (model)))
    count->added_while_idle += added;
}

START_TEST (test_defaults)
{
  g_autoptr(CriaDiscovery) discovery = cria_discovery_new ();
  const char * const hosts[] = { "192.0.2.7", "example.invalid", NULL };

  ck_assert_uint_eq (cria_discovery_get_port (discovery), 32227);
  ck_assert (cria_discovery_get_broadcast (discovery));
  ck_assert_uint_eq (cria_discovery_get_rounds (discovery), 3);
  ck_assert (!cria_discovery_get_running (discovery));
  ck_assert (cria_discovery_get_hosts (discovery) != NULL);
  ck_assert_ptr_null (cria_discovery_get_hosts (discovery)[0]);
  ck_assert (g_list_model_get_item_type (G_LIST_MODEL (discovery)) == CRIA_TYPE_SERVER);
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (discovery)), 0);
  ck_assert_ptr_null (g_list_model_get_item (G_LIST_MODEL (discovery), 0));

  /* Only settings; nothing is sent. */
  cria_discovery_set_hosts (discovery, hosts);
  ck_assert_str_eq (cria_discovery_get_hosts (discovery)[1], "example.invalid");
  cria_discovery_set_hosts (discovery, NULL);
  ck_assert_ptr_null (cria_discovery_get_hosts (discovery)[0]);
}
END_TEST

START_TEST (test_parse_reply_valid)
{
  static const struct
  {
    const char *text;
    guint16 port;
  } cases[] = {
    { "{\"AlpacaPort\":32323}", 32323 },
    { "{\"AlpacaPort\": 1}", 1 },
    { "{\"AlpacaPort\":65535}", 65535 },
    { "{\"alpacaport\":4567}", 4567 },
    { "{\"ALPACAPORT\":4568}", 4568 },
    { "{\"alpacaPORT\":4569}", 4569 },
    { " {\n  \"AlpacaPort\" : 11111 , \"Name\":\"x\", \"More\":[1,2,{\"a\":null}] }\r\n", 11111 },
    { "{\"Uid\":\"abc\",\"AlpacaPort\":8080,\"Version\":1.5}", 8080 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint16 port = 0;

      ck_assert_msg (cria_discovery_parse_reply (cases[i].text, strlen (cases[i].text), &port),
                     "rejected %s", cases[i].text);
      ck_assert_uint_eq (port, cases[i].port);
    }
}
END_TEST

START_TEST (test_parse_reply_framing)
{
  static const char with_nul[] = "{\"AlpacaPort\":7000}\0\0";
  const char *longer = "{\"AlpacaPort\":123}456";
  guint16 port = 0;

  /* Trailing NUL padding is tolerated. */
  ck_assert (cria_discovery_parse_reply (with_nul, sizeof with_nul, &port));
  ck_assert_uint_eq (port, 7000);
  /* Only length bytes are read: the data need not be terminated. */
  ck_assert (cria_discovery_parse_reply (longer, 18, &port));
  ck_assert_uint_eq (port, 123);
  ck_assert (!cria_discovery_parse_reply (longer, strlen (longer), &port));
  ck_assert (!cria_discovery_parse_reply (longer, 17, &port));
  /* NULL out-parameter is allowed. */
  ck_assert (cria_discovery_parse_reply (longer, 18, NULL));
}
END_TEST

static const char * const junk_replies[] = {
  "",
  "not json at all",
  "alpacadiscovery1",
  "[32227]",
  "[{\"AlpacaPort\":4242}]",
  "{}",
  "{\"Port\":4242}",
  "{\"AlpacaPort\":0}",
  "{\"AlpacaPort\":-1}",
  "{\"AlpacaPort\":70000}",
  "{\"AlpacaPort\":65536}",
  "{\"AlpacaPort\":\"11111\"}",
  "{\"AlpacaPort\":1.5}",
  "{\"AlpacaPort\":4242.0}",
  "{\"AlpacaPort\":1e3}",
  "{\"AlpacaPort\":true}",
  "{\"AlpacaPort\":null}",
  "{\"AlpacaPort\":[4242]}",
  "{\"AlpacaPort\":{\"Value\":4242}}",
  "{\"AlpacaPort\":4242",
  "\"AlpacaPort\":4242",
  "4242",
  NULL
};

START_TEST (test_parse_reply_invalid)
{
  static const guint8 not_utf8[] = "{\"AlpacaPort\":1, \"x\":\"\xff\xfe\"}";

  for (guint i = 0; junk_replies[i] != NULL; i++)
    ck_assert_msg (!cria_discovery_parse_reply (junk_replies[i], strlen (junk_replies[i]), NULL),
                   "accepted %s", junk_replies[i]);

  ck_assert (!cria_discovery_parse_reply (NULL, 0, NULL));
  ck_assert (!cria_discovery_parse_reply ((const char *) not_utf8, sizeof not_utf8 - 1, NULL));
  /* An embedded NUL inside the object. */
  ck_assert (!cria_discovery_parse_reply ("{\"AlpacaPort\":42\0}", 18, NULL));
}
END_TEST

START_TEST (test_responder_request_format)
{
  static const char * const answered[] = {
    "alpacadiscovery1", "alpacadiscovery2", "alpacadiscovery9", "alpacadiscoveryA",
    "alpacadiscoveryZ", "alpacadiscovery1 reserved bytes that a later version may use", NULL
  };
  static const char * const ignored[] = {
    "", "hello", "alpacadiscovery", "alpacadiscovery0", "alpacadiscoverya",
    "alpacadiscovery!", "ALPACADISCOVERY1", "alpacadiscover1", " alpacadiscovery1",
    "xalpacadiscovery1", NULL
  };

  for (guint i = 0; answered[i] != NULL; i++)
    ck_assert_msg (cria_sim_discovery_is_request (answered[i], strlen (answered[i])),
                   "%s", answered[i]);
  for (guint i = 0; ignored[i] != NULL; i++)
    ck_assert_msg (!cria_sim_discovery_is_request (ignored[i], strlen (ignored[i])),
                   "%s", ignored[i]);
  /* Only length bytes count. */
  ck_assert (!cria_sim_discovery_is_request ("alpacadiscovery1", 15));
  ck_assert (!cria_sim_discovery_is_request (NULL, 0));
}
END_TEST

static gboolean
on_readable (GSocket      *sock,
             GIOCondition  condition,
             gpointer      user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits for one datagram on sock and returns it. */
static char *
receive_one (GSocket *sock)
{
  g_autoptr(GError) error = NULL;
  GSource *source = g_socket_create_source (sock, G_IO_IN, NULL);
  gboolean readable = FALSE;
  char buffer[256];
  gssize n;

  g_source_set_callback (source, G_SOURCE_FUNC (on_readable), &readable, NULL);
  g_source_attach (source, NULL);
  wait_for (&readable);
  g_source_destroy (source);
  g_source_unref (source);

  n = g_socket_receive (sock, buffer, sizeof buffer, NULL, &error);
  ck_assert_msg (n >= 0, "%s", error ? error->message : "");
  return g_strndup (buffer, n);
}

static void
assert_nothing_pending (GSocket *sock)
{
  g_autoptr(GError) error = NULL;
  char buffer[256];
  gssize n = g_socket_receive (sock, buffer, sizeof buffer, NULL, &error);

  ck_assert_msg (n < 0, "unexpected datagram: %.*s", (int) MAX (n, 0), buffer);
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK));
}

static void
send_text (GSocket        *sock,
           GSocketAddress *to,
           const char     *text,
           gsize           length)
{
  g_autoptr(GError) error = NULL;

  ck_assert_msg (g_socket_send_to (sock, to, text, length, NULL, &error) == (gssize) length,
                 "%s", error ? error->message : "");
}

/* The responder handles datagrams in order and replies in order, so when the reply to the
 * valid request arrives, a reply to any junk sent before it would already be queued. */
START_TEST (test_responder_ignores_junk)
{
  static const char * const junk[] = {
    "hello", "alpacadiscovery", "alpacadiscovery0", "alpacadiscoverya", "ALPACADISCOVERY1",
    "alpacadiscover1", "{\"AlpacaPort\":1}", NULL
  };
  static const char * const valid[] = {
    "alpacadiscovery1", "alpacadiscovery2", "alpacadiscoveryB with reserved bytes", NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CriaSimDiscovery) responder = NULL;
  g_autoptr(GSocket) client = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) to = NULL;

  responder = cria_sim_discovery_new ("127.0.0.1", 0, 3333, &error);
  ck_assert_msg (responder != NULL, "%s", error ? error->message : "");
  ck_assert_uint_ne (cria_sim_discovery_get_port (responder), 0);
  ck_assert_uint_eq (cria_sim_discovery_get_alpaca_port (responder), 3333);
  to = g_inet_socket_address_new (loopback, cria_sim_discovery_get_port (responder));
  client = loopback_socket (G_SOCKET_FAMILY_IPV4, 0);

  for (guint v = 0; valid[v] != NULL; v++)
    {
      g_autofree char *reply = NULL;

      for (guint i = 0; junk[i] != NULL; i++)
        send_text (client, to, junk[i], strlen (junk[i]));
      send_text (client, to, "", 0);
      send_text (client, to, valid[v], strlen (valid[v]));

      reply = receive_one (client);
      ck_assert_str_eq (reply, "{\"AlpacaPort\":3333}");
      assert_nothing_pending (client);
    }
}
END_TEST

/* Several devices on one machine listen on the same fixed discovery port. */
START_TEST (test_responders_share_port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CriaSimDiscovery) first = NULL;
  g_autoptr(CriaSimDiscovery) second = NULL;
  g_autoptr(GSocket) client = loopback_socket (G_SOCKET_FAMILY_IPV4, 0);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) to = NULL;
  g_autofree char *reply = NULL;
  guint16 port;

  /* A port that was free a moment ago; another process taking it meanwhile is unlikely. */
  {
    g_autoptr(GSocket) probe = loopback_socket (G_SOCKET_FAMILY_IPV4, 0);

    port = socket_port (probe);
    g_socket_close (probe, NULL);
  }

  first = cria_sim_discovery_new ("127.0.0.1", port, 1001, &error);
  ck_assert_msg (first != NULL, "%s", error ? error->message : "");
  second = cria_sim_discovery_new ("127.0.0.1", port, 1002, &error);
  ck_assert_msg (second != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (cria_sim_discovery_get_port (first), port);
  ck_assert_uint_eq (cria_sim_discovery_get_port (second), port);

  /* Unicast reaches one of them (which one is up to the system). */
  to = g_inet_socket_address_new (loopback, port);
  send_text (client, to, "alpacadiscovery1", 16);
  reply = receive_one (client);
  ck_assert_msg (g_str_equal (reply, "{\"AlpacaPort\":1001}")
                 || g_str_equal (reply, "{\"AlpacaPort\":1002}"), "%s", reply);
}
END_TEST

START_TEST (test_responder_bad_address)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CriaSimDiscovery) responder = NULL;

  responder = cria_sim_discovery_new ("not an address", 0, 1234, &error);
  ck_assert_ptr_null (responder);
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT));
}
END_TEST

/* One responder on both loopbacks, one port: found once per address family. */
START_TEST (test_both_families)
{
  const char * const hosts[] = { "127.0.0.1", "::1", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(CriaSimDiscovery) responder = NULL;
  g_autoptr(CriaDiscovery) discovery = NULL;
  g_autofree char *address4 = NULL;
  g_autofree char *address6 = NULL;
  ItemsCount count = { 0 };
  CriaServer *server4;
  CriaServer *server6;
  guint16 port;

  responder = cria_sim_discovery_new ("localhost", 0, 11111, &error);
  ck_assert_msg (responder != NULL, "%s", error ? error->message : "");
  port = cria_sim_discovery_get_port (responder);

  discovery = loopback_discovery (port, hosts);
  g_signal_connect (discovery, "items-changed", G_CALLBACK (on_items_changed), &count);
  ck_assert_msg (run_discovery (discovery, RUN_SECONDS, NULL, &error), "%s",
                 error ? error->message : "");

  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (discovery)), 2);
  ck_assert_uint_eq (count.added, 2);
  ck_assert_uint_eq (count.removed, 0);
  /* Items arrive while the run is going, not in one batch at the end. */
  ck_assert_uint_eq (count.added_while_idle, 0);

  server4 = find_server (discovery, "127.0.0.1");
  server6 = find_server (discovery, "::1");
  ck_assert_msg (server4 != NULL && server6 != NULL, "missing a loopback server");
  ck_assert_uint_eq (cria_server_get_port (server4), 11111);
  ck_assert_uint_eq (cria_server_get_port (server6), 11111);
  ck_assert_str_eq (cria_server_get_address (server4), "127.0.0.1:11111");
  ck_assert_str_eq (cria_server_get_address (server6), "[::1]:11111");
}
END_TEST

/* Every probe gets the same answer several times, over three rounds and two runs. */
START_TEST (test_duplicates_merged)
{
  static const char * const replies[] = {
    "{\"AlpacaPort\":4321}", "{\"AlpacaPort\":4321}", "{\"alpacaport\":4321,\"x\":1}", NULL
  };
  const char * const hosts[] = { "127.0.0.1", " 127.0.0.1 ", "", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(FakeReplier) fake = fake_replier_new (replies);
  g_autoptr(CriaDiscovery) discovery = NULL;
  g_autoptr(CriaServer) first = NULL;
  g_autoptr(CriaServer) again = NULL;
  ItemsCount count = { 0 };

  discovery = loopback_discovery (fake->port, hosts);
  ck_assert_uint_eq (cria_discovery_get_rounds (discovery), 3);
  g_signal_connect (discovery, "items-changed", G_CALLBACK (on_items_changed), &count);

  ck_assert_msg (run_discovery (discovery, RUN_SECONDS, NULL, &error), "%s",
                 error ? error->message : "");
  /* Three rounds spread over the run; allow a slow machine to miss the last one. */
  ck_assert_uint_ge (fake->probes, 2);
  ck_assert_uint_le (fake->probes, 3);
  ck_assert_uint_eq (fake->other, 0);
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (discovery)), 1);
  ck_assert_uint_eq (count.added, 1);
  first = g_list_model_get_item (G_LIST_MODEL (discovery), 0);
  ck_assert_str_eq (cria_server_get_host (first), "127.0.0.1");
  ck_assert_uint_eq (cria_server_get_port (first), 4321);

  /* A second run keeps the list, and the same object. */
  ck_assert_msg (run_discovery (discovery, RUN_SECONDS, NULL, &error), "%s",
                 error ? error->message : "");
  ck_assert_uint_ge (fake->probes, 4);
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (discovery)), 1);
  ck_assert_uint_eq (count.added, 1);
  ck_assert_uint_eq (count.removed, 0);
  again = g_list_model_get_item (G_LIST_MODEL (discovery), 0);
  ck_assert_ptr_eq (first, again);
}
END_TEST

START_TEST (test_single_round)
{
  const char * const hosts[] = { "127.0.0.1", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(FakeReplier) fake = fake_replier_new (NULL);
  g_autoptr(CriaDiscovery) discovery = loopback_discovery (fake->port, hosts);

  cria_discovery_set_rounds (discovery, 1);
  ck_assert (run_discovery (discovery, 0.5, NULL, &error));
  ck_assert_uint_eq (fake->probes, 1);
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (discovery)), 0);
}
END_TEST

/* Junk from 127.0.0.1 is dropped, while a real responder on ::1, same port, is found. */
START_TEST (test_junk_ignored)
{
  const char * const hosts[] = { "127.0.0.1", "::1", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(FakeReplier) fake = fake_replier_new (junk_replies);
  g_autoptr(CriaSimDiscovery) responder = NULL;
  g_autoptr(CriaDiscovery) discovery = NULL;
  g_autoptr(CriaServer) server = NULL;

  responder = cria_sim_discovery_new ("::1", fake->port, 2222, &error);
  ck_assert_msg (responder != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (cria_sim_discovery_get_port (responder), fake->port);

  discovery = loopback_discovery (fake->port, hosts);
  ck_assert_msg (run_discovery (discovery, RUN_SECONDS, NULL, &error), "%s",
                 error ? error->message : "");

  ck_assert_uint_ge (fake->probes, 1);
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (discovery)), 1);
  server = g_list_model_get_item (G_LIST_MODEL (discovery), 0);
  ck_assert_str_eq (cria_server_get_host (server), "::1");
  ck_assert_uint_eq (cria_server_get_port (server), 2222);
}
END_TEST

static void
on_running (GObject    *object,
            GParamSpec *pspec,
            gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static gboolean
cancel_later (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

START_TEST (test_cancel)
{
  const char * const hosts[] = { "127.0.0.1", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(FakeReplier) fake = fake_replier_new (NULL);
  g_autoptr(CriaDiscovery) discovery = loopback_discovery (fake->port, hosts);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GSocket) late = loopback_socket (G_SOCKET_FAMILY_IPV4, 0);
  gboolean waited = FALSE;
  guint running_notifies = 0;
  gint64 start;

  g_signal_connect (discovery, "notify::running", G_CALLBACK (on_running), &running_notifies);
  g_timeout_add (200, cancel_later, cancellable);

  start = g_get_monotonic_time ();
  ck_assert (!run_discovery (discovery, 60.0, cancellable, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  /* Well before the 60 s timeout. */
  ck_assert_int_lt (g_get_monotonic_time () - start, 10 * G_USEC_PER_SEC);
  ck_assert_uint_eq (running_notifies, 2);
  ck_assert_uint_ge (fake->probes, 1);

  /* A reply that comes after the end is not listed. */
  ck_assert (fake->last_source != NULL);
  g_socket_send_to (late, fake->last_source, "{\"AlpacaPort\":80}", 17, NULL, NULL);
  g_timeout_add (300, set_flag, &waited);
  wait_for (&waited);
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (discovery)), 0);
}
END_TEST

START_TEST (test_cancel_before_start)
{
  const char * const hosts[] = { "127.0.0.1", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(FakeReplier) fake = fake_replier_new (NULL);
  g_autoptr(CriaDiscovery) discovery = loopback_discovery (fake->port, hosts);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  guint running_notifies = 0;

  g_signal_connect (discovery, "notify::running", G_CALLBACK (on_running), &running_notifies);
  g_cancellable_cancel (cancellable);
  ck_assert (!run_discovery (discovery, 60.0, cancellable, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  ck_assert_uint_eq (running_notifies, 0);
  ck_assert_uint_eq (fake->probes, 0);
}
END_TEST

START_TEST (test_second_run_while_running)
{
  const char * const hosts[] = { "127.0.0.1", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) busy_error = NULL;
  g_autoptr(FakeReplier) fake = fake_replier_new (NULL);
  g_autoptr(CriaDiscovery) discovery = loopback_discovery (fake->port, hosts);
  RunWait first = { NULL, FALSE };
  RunWait second = { NULL, FALSE };

  cria_discovery_run_async (discovery, 0.5, NULL, on_run_done, &first);
  ck_assert (cria_discovery_get_running (discovery));
  cria_discovery_run_async (discovery, 0.5, NULL, on_run_done, &second);
  wait_for (&second.done);
  ck_assert (!cria_discovery_run_finish (discovery, second.result, &busy_error));
  ck_assert (g_error_matches (busy_error, G_IO_ERROR, G_IO_ERROR_PENDING));
  ck_assert (cria_discovery_get_running (discovery));

  wait_for (&first.done);
  ck_assert_msg (cria_discovery_run_finish (discovery, first.result, &error), "%s",
                 error ? error->message : "");
  ck_assert (!cria_discovery_get_running (discovery));
  g_object_unref (first.result);
  g_object_unref (second.result);
}
END_TEST

/* A name is resolved without blocking, and its addresses are probed. */
START_TEST (test_hostname)
{
  const char * const hosts[] = { "localhost", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(CriaSimDiscovery) responder = NULL;
  g_autoptr(CriaDiscovery) discovery = NULL;
  guint n;

  responder = cria_sim_discovery_new ("localhost", 0, 5555, &error);
  ck_assert_msg (responder != NULL, "%s", error ? error->message : "");

  discovery = loopback_discovery (cria_sim_discovery_get_port (responder), hosts);
  ck_assert_msg (run_discovery (discovery, RUN_SECONDS, NULL, &error), "%s",
                 error ? error->message : "");

  n = g_list_model_get_n_items (G_LIST_MODEL (discovery));
  ck_assert_uint_ge (n, 1);
  ck_assert_uint_le (n, 2);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CriaServer) server = g_list_model_get_item (G_LIST_MODEL (discovery), i);
      const char *host = cria_server_get_host (server);

      ck_assert_msg (g_str_equal (host, "127.0.0.1") || g_str_equal (host, "::1"), "%s", host);
      ck_assert_uint_eq (cria_server_get_port (server), 5555);
    }
}
END_TEST

static Suite *
discovery_suite (void)
{
  Suite *suite = suite_create ("discovery");
  TCase *parse = tcase_create ("parse");
  TCase *responder = tcase_create ("responder");
  TCase *client = tcase_create ("client");

  tcase_add_test (parse, test_defaults);
  tcase_add_test (parse, test_parse_reply_valid);
  tcase_add_test (parse, test_parse_reply_framing);
  tcase_add_test (parse, test_parse_reply_invalid);
  tcase_add_test (parse, test_responder_request_format);
  suite_add_tcase (suite, parse);

  tcase_add_test (responder, test_responder_ignores_junk);
  tcase_add_test (responder, test_responders_share_port);
  tcase_add_test (responder, test_responder_bad_address);
  suite_add_tcase (suite, responder);

  tcase_add_test (client, test_both_families);
  tcase_add_test (client, test_duplicates_merged);
  tcase_add_test (client, test_single_round);
  tcase_add_test (client, test_junk_ignored);
  tcase_add_test (client, test_cancel);
  tcase_add_test (client, test_cancel_before_start);
  tcase_add_test (client, test_second_run_while_running);
  tcase_add_test (client, test_hostname);
  suite_add_tcase (suite, client);

  return suite;
}

int
main (void)
{
  SRunner *runner = srunner_create (discovery_suite ());
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
