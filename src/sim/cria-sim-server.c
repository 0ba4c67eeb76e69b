/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-sim"

#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include <libsoup/soup.h>

#include "cria-sim-private.h"
#include "cria-sim-server.h"

#ifdef CRIA_SIM_HAVE_DISCOVERY
#include "cria-sim-discovery.h"
#endif
#ifdef CRIA_SIM_HAVE_CAMERA
#include "cria-sim-camera.h"
#endif
#ifdef CRIA_SIM_HAVE_COVER_CALIBRATOR
#include "cria-sim-cover-calibrator.h"
#endif
#ifdef CRIA_SIM_HAVE_DOME
#include "cria-sim-dome.h"
#endif
#ifdef CRIA_SIM_HAVE_FILTER_WHEEL
#include "cria-sim-filter-wheel.h"
#endif
#ifdef CRIA_SIM_HAVE_FOCUSER
#include "cria-sim-focuser.h"
#endif
#ifdef CRIA_SIM_HAVE_OBSERVING_CONDITIONS
#include "cria-sim-observing-conditions.h"
#endif
#ifdef CRIA_SIM_HAVE_ROTATOR
#include "cria-sim-rotator.h"
#endif
#ifdef CRIA_SIM_HAVE_SAFETY_MONITOR
#include "cria-sim-safety-monitor.h"
#endif
#ifdef CRIA_SIM_HAVE_SWITCH
#include "cria-sim-switch.h"
#endif
#ifdef CRIA_SIM_HAVE_TELESCOPE
#include "cria-sim-telescope.h"
#endif

/* The devices every server has, number 0 each. The meson file defines CRIA_SIM_HAVE_X for
 * every cria-sim-x.c it builds, so a type appears here as soon as its source exists. */
static const struct
{
  CriaDeviceType type;
  GType (*get_type) (void);
} device_table[] = {
#ifdef CRIA_SIM_HAVE_TELESCOPE
  { CRIA_DEVICE_TELESCOPE, cria_sim_telescope_get_type },
#endif
#ifdef CRIA_SIM_HAVE_CAMERA
  { CRIA_DEVICE_CAMERA, cria_sim_camera_get_type },
#endif
#ifdef CRIA_SIM_HAVE_DOME
  { CRIA_DEVICE_DOME, cria_sim_dome_get_type },
#endif
#ifdef CRIA_SIM_HAVE_FOCUSER
  { CRIA_DEVICE_FOCUSER, cria_sim_focuser_get_type },
#endif
#ifdef CRIA_SIM_HAVE_FILTER_WHEEL
  { CRIA_DEVICE_FILTER_WHEEL, cria_sim_filter_wheel_get_type },
#endif
#ifdef CRIA_SIM_HAVE_ROTATOR
  { CRIA_DEVICE_ROTATOR, cria_sim_rotator_get_type },
#endif
#ifdef CRIA_SIM_HAVE_SWITCH
  { CRIA_DEVICE_SWITCH, cria_sim_switch_get_type },
#endif
#ifdef CRIA_SIM_HAVE_COVER_CALIBRATOR
  { CRIA_DEVICE_COVER_CALIBRATOR, cria_sim_cover_calibrator_get_type },
#endif
#ifdef CRIA_SIM_HAVE_OBSERVING_CONDITIONS
  { CRIA_DEVICE_OBSERVING_CONDITIONS, cria_sim_observing_conditions_get_type },
#endif
#ifdef CRIA_SIM_HAVE_SAFETY_MONITOR
  { CRIA_DEVICE_SAFETY_MONITOR, cria_sim_safety_monitor_get_type },
#endif
  { CRIA_N_DEVICE_TYPES, NULL },
};

/* Names a person reads in device lists. */
static const char *const device_names[CRIA_N_DEVICE_TYPES] = {
  [CRIA_DEVICE_CAMERA]               = "Simulated Camera",
  [CRIA_DEVICE_COVER_CALIBRATOR]     = "Simulated Cover Calibrator",
  [CRIA_DEVICE_DOME]                 = "Simulated Dome",
  [CRIA_DEVICE_FILTER_WHEEL]         = "Simulated Filter Wheel",
  [CRIA_DEVICE_FOCUSER]              = "Simulated Focuser",
  [CRIA_DEVICE_OBSERVING_CONDITIONS] = "Simulated Observing Conditions",
  [CRIA_DEVICE_ROTATOR]              = "Simulated Rotator",
  [CRIA_DEVICE_SAFETY_MONITOR]       = "Simulated Safety Monitor",
  [CRIA_DEVICE_SWITCH]               = "Simulated Switch",
  [CRIA_DEVICE_TELESCOPE]            = "Simulated Telescope",
};

#define UNIQUE_ID_GROUP "UniqueIDs"
#define LISTEN_BACKLOG 128

struct _CriaSimServer
{
  GObject         parent_instance;

  CriaSimOptions  options;
  char           *address;
  char           *state_dir;
  GPtrArray      *devices;
  GKeyFile       *state;
  gint            transaction_counter; /* atomic */

  GThread        *thread;
  GMainContext   *context;
  GMainLoop      *loop;
  SoupServer     *soup;       /* server thread only */
  GObject        *discovery;  /* server thread only */
  guint16         port;
  guint16         discovery_port;

  GMutex          start_lock;
  GCond           start_cond;
  gboolean        start_done;
  GError         *start_error;
};

G_DEFINE_FINAL_TYPE (CriaSimServer, cria_sim_server, G_TYPE_OBJECT)

static void
cria_sim_server_dispose (GObject *object)
{
  CriaSimServer *self = CRIA_SIM_SERVER (object);

  cria_sim_server_stop (self);

  G_OBJECT_CLASS (cria_sim_server_parent_class)->dispose (object);
}

static void
cria_sim_server_finalize (GObject *object)
{
  CriaSimServer *self = CRIA_SIM_SERVER (object);

  g_ptr_array_unref (self->devices);
  g_key_file_unref (self->state);
  g_free (self->address);
  g_free (self->state_dir);
  g_mutex_clear (&self->start_lock);
  g_cond_clear (&self->start_cond);
  g_clear_error (&self->start_error);

  G_OBJECT_CLASS (cria_sim_server_parent_class)->finalize (object);
}

static void
cria_sim_server_class_init (CriaSimServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cria_sim_server_dispose;
  object_class->finalize = cria_sim_server_finalize;
}

static void
cria_sim_server_init (CriaSimServer *self)
{
  self->devices = g_ptr_array_new_with_free_func (g_object_unref);
  self->state = g_key_file_new ();
  g_mutex_init (&self->start_lock);
  g_cond_init (&self->start_cond);
}

static char *
state_file (CriaSimServer *self)
{
  return g_build_filename (self->state_dir, "simulator.ini", NULL);
}

/* UniqueIDs must never change once given out, so they live in a key file. */
static char *
unique_id_for (CriaSimServer  *self,
               CriaDeviceType  type,
               guint           number)
{
  g_autofree char *key = g_strdup_printf ("%s-%u", cria_device_type_to_path (type), number);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  char *id;

  id = g_key_file_get_string (self->state, UNIQUE_ID_GROUP, key, NULL);
  if (id != NULL && strlen (id) >= 12)
    return id;
  g_free (id);

  id = g_uuid_string_random ();
  g_key_file_set_string (self->state, UNIQUE_ID_GROUP, key, id);

  path = state_file (self);
  if (g_mkdir_with_parents (self->state_dir, 0700) != 0
      || !g_key_file_save_to_file (self->state, path, &error))
    g_message ("Could not save the simulator's unique IDs to %s: %s", path,
               error != NULL ? error->message : g_strerror (errno));

  return id;
}

CriaSimDevice *
cria_sim_server_add_device (CriaSimServer *self,
                            GType          type,
                            guint          number)
{
  g_autofree char *unique_id = NULL;
  g_autofree char *name = NULL;
  CriaDeviceType device_type;
  CriaSimDevice *device;

  g_return_val_if_fail (CRIA_IS_SIM_SERVER (self), NULL);
  g_return_val_if_fail (g_type_is_a (type, CRIA_TYPE_SIM_DEVICE), NULL);
  g_return_val_if_fail (self->thread == NULL, NULL);

  device_type = cria_sim_device_type_of (type);
  g_return_val_if_fail (device_type < CRIA_N_DEVICE_TYPES, NULL);
  if (cria_sim_server_get_device (self, device_type, number) != NULL)
    return NULL;

  unique_id = unique_id_for (self, device_type, number);
  name = number == 0 ? g_strdup (device_names[device_type])
                     : g_strdup_printf ("%s %u", device_names[device_type], number);

  device = g_object_new (type,
                         "number", number,
                         "name", name,
                         "unique-id", unique_id,
                         "speed", self->options.speed,
                         "server", self,
                         NULL);
  g_ptr_array_add (self->devices, device);

  return device;
}

CriaSimServer *
cria_sim_server_new (const CriaSimOptions *options)
{
  CriaSimServer *self = g_object_new (CRIA_TYPE_SIM_SERVER, NULL);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  guint i;

  if (options != NULL)
    self->options = *options;
  if (self->options.speed <= 0)
    self->options.speed = 1.0;

  self->address = g_strdup (self->options.address);
  self->options.address = self->address;
  self->state_dir = self->options.state_dir != NULL
                    ? g_strdup (self->options.state_dir)
                    : g_build_filename (g_get_user_config_dir (), "cria", NULL);
  self->options.state_dir = self->state_dir;

  path = state_file (self);
  if (!g_key_file_load_from_file (self->state, path, G_KEY_FILE_KEEP_COMMENTS, &error)
      && !g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    g_message ("Ignoring %s: %s", path, error->message);

  for (i = 0; device_table[i].get_type != NULL; i++)
    cria_sim_server_add_device (self, device_table[i].get_type (), 0);

  return self;
}

const CriaSimOptions *
cria_sim_server_get_options (CriaSimServer *self)
{
  g_return_val_if_fail (CRIA_IS_SIM_SERVER (self), NULL);

  return &self->options;
}

CriaSimDevice *
cria_sim_server_get_device (CriaSimServer  *self,
                            CriaDeviceType  type,
                            guint           number)
{
  guint i;

  g_return_val_if_fail (CRIA_IS_SIM_SERVER (self), NULL);

  for (i = 0; i < self->devices->len; i++)
    {
      CriaSimDevice *device = g_ptr_array_index (self->devices, i);

      if (cria_sim_device_get_device_type (device) == type
          && cria_sim_device_get_number (device) == number)
        return device;
    }

  return NULL;
}

GPtrArray *
cria_sim_server_get_devices (CriaSimServer *self)
{
  g_return_val_if_fail (CRIA_IS_SIM_SERVER (self), NULL);

  return self->devices;
}

guint16
cria_sim_server_get_port (CriaSimServer *self)
{
  g_return_val_if_fail (CRIA_IS_SIM_SERVER (self), 0);

  return self->port;
}

guint16
cria_sim_server_get_discovery_port (CriaSimServer *self)
{
  g_return_val_if_fail (CRIA_IS_SIM_SERVER (self), 0);

  return self->discovery_port;
}

char *
cria_sim_server_get_url (CriaSimServer *self)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *host = NULL;

  g_return_val_if_fail (CRIA_IS_SIM_SERVER (self), NULL);

  if (self->address != NULL)
    address = g_inet_address_new_from_string (self->address);

  if (address == NULL || g_inet_address_get_is_any (address))
    host = g_strdup ("127.0.0.1"); /* also right for "localhost" */
  else if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    host = g_strdup_printf ("[%s]", self->address);
  else
    host = g_strdup (self->address);

  return g_strdup_printf ("http://%s:%u", host, self->port);
}

guint32
cria_sim_server_next_transaction_id (CriaSimServer *self)
{
  return (guint32) g_atomic_int_add (&self->transaction_counter, 1) + 1;
}

gboolean
cria_sim_sensor_from_string (const char    *text,
                             CriaSimSensor *sensor)
{
  static const char *const names[] = { "mono", "rggb", "grbg", "gbrg", "bggr" };
  guint i;

  if (text == NULL)
    return FALSE;

  for (i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_ascii_strcasecmp (text, names[i]) == 0)
        {
          if (sensor != NULL)
            *sensor = (CriaSimSensor) i;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
listen_on (CriaSimServer  *self,
           GInetAddress   *address,
           guint16         port,
           GError        **error)
{
  GSocketFamily family = g_inet_address_get_family (address);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;

  socket = g_socket_new (family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;

  /* On "::" this also accepts IPv4 where the system allows dual-stack sockets. */
  if (family == G_SOCKET_FAMILY_IPV6 && g_inet_address_get_is_any (address))
    g_socket_set_option (socket, IPPROTO_IPV6, IPV6_V6ONLY, FALSE, NULL);

  /* Dozens of clients may connect at once. */
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);

  socket_address = g_inet_socket_address_new (address, port);
  if (!g_socket_bind (socket, socket_address, TRUE, error)
      || !g_socket_listen (socket, error)
      || !soup_server_listen_socket (self->soup, socket, 0, error))
    return FALSE;

  g_clear_object (&socket_address);
  socket_address = g_socket_get_local_address (socket, error);
  if (socket_address == NULL)
    return FALSE;
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (socket_address));

  return TRUE;
}

/* Server thread. */
static gboolean
start_listening (CriaSimServer  *self,
                 GError        **error)
{
  g_autoptr(GInetAddress) address = NULL;

  self->soup = soup_server_new ("server-header", "cria-sim/" CRIA_VERSION " ", NULL);
  soup_server_add_handler (self->soup, NULL, cria_sim_server_handle_message, self, NULL);

  if (g_strcmp0 (self->address, "localhost") == 0)
    {
      g_autoptr(GInetAddress) ipv6 = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV6);
      g_autoptr(GError) ipv6_error = NULL;

      /* Both loopbacks on one port; IPv6 is optional. */
      address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      if (!listen_on (self, address, self->options.port, error))
        return FALSE;
      if (!listen_on (self, ipv6, self->port, &ipv6_error))
        g_debug ("Not listening on ::1: %s", ipv6_error->message);
    }
  else if (self->address != NULL)
    {
      address = g_inet_address_new_from_string (self->address);
      if (address == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "“%s” is not an IP address", self->address);
          return FALSE;
        }
      if (!listen_on (self, address, self->options.port, error))
        return FALSE;
    }
  else
    {
      g_autoptr(GError) ipv6_error = NULL;

      address = g_inet_address_new_any (G_SOCKET_FAMILY_IPV6);
      if (!listen_on (self, address, self->options.port, &ipv6_error))
        {
          g_debug ("No dual-stack IPv6 socket (%s); listening on IPv4 only",
                   ipv6_error->message);
          g_clear_object (&address);
          address = g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);
          if (!listen_on (self, address, self->options.port, error))
            return FALSE;
        }
    }

  if (self->options.discovery_port != 0)
    {
#ifdef CRIA_SIM_HAVE_DISCOVERY
      self->discovery = G_OBJECT (cria_sim_discovery_new (self->address,
                                                          self->options.discovery_port,
                                                          self->port, error));
      if (self->discovery == NULL)
        {
          g_prefix_error (error, "Discovery on UDP port %u: ", self->options.discovery_port);
          return FALSE;
        }
      self->discovery_port = cria_sim_discovery_get_port (CRIA_SIM_DISCOVERY (self->discovery));
#else
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "This build has no discovery responder");
      return FALSE;
#endif
    }

  return TRUE;
}

static gpointer
server_thread (gpointer data)
{
  CriaSimServer *self = data;
  GError *error = NULL;
  gboolean ok;

  g_main_context_push_thread_default (self->context);

  ok = start_listening (self, &error);

  g_mutex_lock (&self->start_lock);
  self->start_error = error;
  self->start_done = TRUE;
  g_cond_signal (&self->start_cond);
  g_mutex_unlock (&self->start_lock);

  if (ok)
    g_main_loop_run (self->loop);

  g_clear_object (&self->discovery);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);

  /* Let closing connections finish their clean-up in this context. */
  while (g_main_context_iteration (self->context, FALSE))
    ;

  g_main_context_pop_thread_default (self->context);
  return NULL;
}

gboolean
cria_sim_server_start (CriaSimServer  *self,
                       GError        **error)
{
  g_return_val_if_fail (CRIA_IS_SIM_SERVER (self), FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->start_done = FALSE;
  self->thread = g_thread_new ("cria-sim-server", server_thread, self);

  g_mutex_lock (&self->start_lock);
  while (!self->start_done)
    g_cond_wait (&self->start_cond, &self->start_lock);
  g_mutex_unlock (&self->start_lock);

  if (self->start_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      cria_sim_server_stop (self);
      return FALSE;
    }

  g_debug ("Serving Alpaca on port %u", self->port);
  return TRUE;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
cria_sim_server_stop (CriaSimServer *self)
{
  g_return_if_fail (CRIA_IS_SIM_SERVER (self));

  if (self->thread == NULL)
    return;

  /* A source rather than g_main_loop_quit(), which is lost if the loop has not yet started. */
  g_main_context_invoke (self->context, quit_loop, self->loop);
  g_thread_join (g_steal_pointer (&self->thread));
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  self->port = 0;
  self->discovery_port = 0;
}
