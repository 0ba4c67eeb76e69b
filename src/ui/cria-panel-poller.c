/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-ui"

#include "cria-panel-poller.h"
#include "cria-panel-util.h"

/* Every this many cycles, the slow members are read as well. */
#define FULL_EVERY      10
/* Requests in flight at once within a cycle. */
#define MAX_IN_FLIGHT   4

struct _CriaPanelPoller
{
  GObject               parent_instance;

  CriaDevice           *device;
  CriaPanelCollectFunc  collect;
  gpointer              collect_data;
  double                interval;

  gboolean              running;
  gboolean              full_pending;
  gboolean              device_state_broken; /* DeviceState failed: read one by one */
  guint                 cycle_index;
  guint                 n_cycles;
  guint                 timeout_id;
  GCancellable         *cancellable;         /* the current run; replaced on stop */
  GCancellable         *read_cancellable;    /* one-off reads; cancelled on dispose */

  /* The cycle in progress. */
  gboolean              in_cycle;
  GQueue                queue;               /* member names still to read */
  guint                 in_flight;
  GHashTable           *skip;                /* names that answered NotImplemented */
};

G_DEFINE_FINAL_TYPE (CriaPanelPoller, cria_panel_poller, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_INTERVAL,
  N_PROPS
};

enum
{
  VALUE,
  FAILED,
  LOST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* One GET; the poller and the run it belongs to travel with it. */
typedef struct
{
  CriaPanelPoller *poller;
  GCancellable    *cancellable;
  char            *name;
  gboolean         in_cycle;
} Read;

static void
read_free (Read *read)
{
  g_object_unref (read->poller);
  g_object_unref (read->cancellable);
  g_free (read->name);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Read, read_free)

static Read *
read_new (CriaPanelPoller *self,
          GCancellable    *cancellable,
          const char      *name,
          gboolean         in_cycle)
{
  Read *read = g_new0 (Read, 1);

  read->poller = g_object_ref (self);
  read->cancellable = g_object_ref (cancellable);
  read->name = g_strdup (name);
  read->in_cycle = in_cycle;
  return read;
}

static void start_cycle (CriaPanelPoller *self);
static void pump (CriaPanelPoller *self);

static gboolean
cycle_timeout (gpointer user_data)
{
  CriaPanelPoller *self = user_data;

  self->timeout_id = 0;
  start_cycle (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_cycle (CriaPanelPoller *self,
                double           seconds)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add ((guint) (seconds * 1000), cycle_timeout, self);
}

static void
finish_cycle (CriaPanelPoller *self)
{
  self->in_cycle = FALSE;
  self->n_cycles++;
  if (self->running)
    schedule_cycle (self, self->full_pending ? 0 : self->interval);
}

static void
lose_connection (CriaPanelPoller *self,
                 const GError    *error)
{
  g_debug ("%s %u: connection lost: %s",
           cria_device_type_to_string (cria_device_get_device_type (self->device)),
           cria_device_get_number (self->device), error->message);

  /* Keep self alive through the handlers, which may drop the last outside reference. */
  g_object_ref (self);
  cria_panel_poller_stop (self);
  g_signal_emit (self, signals[LOST], 0, error);
  g_object_unref (self);
}

static void
get_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(Read) read = user_data;
  CriaPanelPoller *self = read->poller;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;

  value = cria_device_get_finish (CRIA_DEVICE (source), result, &error);
  if (g_cancellable_is_cancelled (read->cancellable))
    return;

  if (read->in_cycle)
    self->in_flight--;

  if (error != NULL && read->in_cycle && cria_panel_error_is_connection (error))
    {
      lose_connection (self, error);
      return;
    }

  if (error != NULL)
    {
      if (cria_panel_error_is_not_implemented (error))
        g_hash_table_add (self->skip, g_strdup (read->name));
      g_signal_emit (self, signals[FAILED], 0, read->name, error);
    }
  else
    {
      g_signal_emit (self, signals[VALUE], 0, read->name, value);
    }

  if (read->in_cycle && self->in_cycle && !g_cancellable_is_cancelled (read->cancellable))
    pump (self);
}

/* Sends queued reads up to the limit; ends the cycle when nothing is left. */
static void
pump (CriaPanelPoller *self)
{
  while (self->in_flight < MAX_IN_FLIGHT && !g_queue_is_empty (&self->queue))
    {
      g_autofree char *name = g_queue_pop_head (&self->queue);

      self->in_flight++;
      cria_device_get_async (self->device, name, NULL, self->cancellable, get_cb,
                             read_new (self, self->cancellable, name, TRUE));
    }

  if (self->in_flight == 0 && g_queue_is_empty (&self->queue))
    finish_cycle (self);
}

static void
enqueue (CriaPanelPoller *self,
         GPtrArray       *names,
         GHashTable      *covered)
{
  guint i;

  for (i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      if (g_hash_table_contains (self->skip, name)
          || (covered != NULL && g_hash_table_contains (covered, name))
          || g_queue_find_custom (&self->queue, name, (GCompareFunc) g_strcmp0) != NULL)
        continue;
      g_queue_push_tail (&self->queue, g_strdup (name));
    }
}

typedef struct
{
  Read      *read;
  GPtrArray *fast;
  GPtrArray *slow;
  gboolean   full;
} StateCycle;

static void
state_cycle_free (StateCycle *cycle)
{
  read_free (cycle->read);
  g_ptr_array_unref (cycle->fast);
  g_ptr_array_unref (cycle->slow);
  g_free (cycle);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StateCycle, state_cycle_free)

static void
device_state_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(StateCycle) cycle = user_data;
  CriaPanelPoller *self = cycle->read->poller;
  g_autoptr(GHashTable) covered = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;
  JsonArray *array = NULL;
  guint i, n = 0;

  value = cria_device_get_finish (CRIA_DEVICE (source), result, &error);
  if (g_cancellable_is_cancelled (cycle->read->cancellable))
    return;

  if (error != NULL && cria_panel_error_is_connection (error))
    {
      lose_connection (self, error);
      return;
    }
  if (error != NULL || !JSON_NODE_HOLDS_ARRAY (value))
    {
      /* A device that claims the interface but cannot answer: read one by one from now. */
      g_debug ("DeviceState failed (%s); reading members one by one",
               error != NULL ? error->message : "not an array");
      self->device_state_broken = TRUE;
    }
  else
    {
      array = json_node_get_array (value);
      n = json_array_get_length (array);
    }

  for (i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;
      JsonNode *name_node;
      const char *name;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      object = json_node_get_object (element);
      name_node = json_object_get_member (object, "Name");
      if (name_node == NULL || !JSON_NODE_HOLDS_VALUE (name_node)
          || json_node_get_value_type (name_node) != G_TYPE_STRING
          || !json_object_has_member (object, "Value"))
        continue;
      name = json_node_get_string (name_node);

      g_hash_table_add (covered, (gpointer) name);
      g_signal_emit (self, signals[VALUE], 0, name, json_object_get_member (object, "Value"));
      if (!self->running)
        return;
    }

  /* Live members DeviceState lacks are read with the slow ones, or every cycle when
   * DeviceState turned out not to work. */
  if (cycle->full || self->device_state_broken)
    enqueue (self, cycle->fast, covered);
  if (cycle->full)
    enqueue (self, cycle->slow, covered);
  pump (self);
}

static void
start_cycle (CriaPanelPoller *self)
{
  g_autoptr(GPtrArray) fast = g_ptr_array_new ();
  g_autoptr(GPtrArray) slow = g_ptr_array_new ();
  gboolean full;

  if (!self->running || self->in_cycle)
    return;

  self->in_cycle = TRUE;
  full = self->full_pending || self->cycle_index % FULL_EVERY == 0;
  self->full_pending = FALSE;
  self->cycle_index++;

  if (self->collect != NULL)
    self->collect (fast, slow, self->collect_data);

  if (!self->device_state_broken
      && cria_device_has_member (self->device, "DeviceState", CRIA_HTTP_GET))
    {
      StateCycle *cycle = g_new0 (StateCycle, 1);

      cycle->read = read_new (self, self->cancellable, "DeviceState", TRUE);
      cycle->fast = g_ptr_array_ref (fast);
      cycle->slow = g_ptr_array_ref (slow);
      cycle->full = full;
      cria_device_get_async (self->device, "DeviceState", NULL, self->cancellable,
                             device_state_cb, cycle);
      return;
    }

  enqueue (self, fast, NULL);
  if (full)
    enqueue (self, slow, NULL);
  pump (self);
}

static void
cria_panel_poller_dispose (GObject *object)
{
  CriaPanelPoller *self = CRIA_PANEL_POLLER (object);

  cria_panel_poller_stop (self);
  g_cancellable_cancel (self->read_cancellable);

  G_OBJECT_CLASS (cria_panel_poller_parent_class)->dispose (object);
}

static void
cria_panel_poller_finalize (GObject *object)
{
  CriaPanelPoller *self = CRIA_PANEL_POLLER (object);

  g_queue_clear_full (&self->queue, g_free);
  g_clear_pointer (&self->skip, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->read_cancellable);
  g_clear_object (&self->device);

  G_OBJECT_CLASS (cria_panel_poller_parent_class)->finalize (object);
}

static void
cria_panel_poller_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CriaPanelPoller *self = CRIA_PANEL_POLLER (object);

  switch (prop_id)
    {
    case PROP_INTERVAL:
      g_value_set_double (value, self->interval);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_panel_poller_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CriaPanelPoller *self = CRIA_PANEL_POLLER (object);

  switch (prop_id)
    {
    case PROP_INTERVAL:
      cria_panel_poller_set_interval (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cria_panel_poller_class_init (CriaPanelPollerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cria_panel_poller_dispose;
  object_class->finalize = cria_panel_poller_finalize;
  object_class->get_property = cria_panel_poller_get_property;
  object_class->set_property = cria_panel_poller_set_property;

  properties[PROP_INTERVAL] =
    g_param_spec_double ("interval", NULL, NULL, 0.05, 3600, 1,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[VALUE] = g_signal_new ("value", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                 G_TYPE_STRING, JSON_TYPE_NODE);
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                  G_TYPE_STRING, G_TYPE_ERROR);
  signals[LOST] = g_signal_new ("lost", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
cria_panel_poller_init (CriaPanelPoller *self)
{
  self->interval = 1.0;
  self->cancellable = g_cancellable_new ();
  self->read_cancellable = g_cancellable_new ();
  self->skip = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->queue);
}

CriaPanelPoller *
cria_panel_poller_new (CriaDevice           *device,
                       CriaPanelCollectFunc  collect,
                       gpointer              user_data)
{
  CriaPanelPoller *self;

  g_return_val_if_fail (CRIA_IS_DEVICE (device), NULL);

  self = g_object_new (CRIA_TYPE_PANEL_POLLER, NULL);
  self->device = g_object_ref (device);
  self->collect = collect;
  self->collect_data = user_data;
  return self;
}

double
cria_panel_poller_get_interval (CriaPanelPoller *self)
{
  g_return_val_if_fail (CRIA_IS_PANEL_POLLER (self), 0);
  return self->interval;
}

void
cria_panel_poller_set_interval (CriaPanelPoller *self,
                                double           seconds)
{
  g_return_if_fail (CRIA_IS_PANEL_POLLER (self));

  seconds = CLAMP (seconds, 0.05, 3600);
  if (self->interval == seconds)
    return;

  self->interval = seconds;
  /* A waiting poller picks up the new pace right away. */
  if (self->timeout_id != 0)
    schedule_cycle (self, seconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
}

void
cria_panel_poller_start (CriaPanelPoller *self)
{
  g_return_if_fail (CRIA_IS_PANEL_POLLER (self));

  if (self->running)
    return;

  self->running = TRUE;
  self->full_pending = TRUE;
  /* The device (or the driver behind it) may have changed since the last run. */
  self->device_state_broken = FALSE;
  g_hash_table_remove_all (self->skip);
  start_cycle (self);
}

void
cria_panel_poller_stop (CriaPanelPoller *self)
{
  g_return_if_fail (CRIA_IS_PANEL_POLLER (self));

  self->running = FALSE;
  self->in_cycle = FALSE;
  self->in_flight = 0;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_queue_clear_full (&self->queue, g_free);

  g_cancellable_cancel (self->cancellable);
  g_object_unref (self->cancellable);
  self->cancellable = g_cancellable_new ();
}

gboolean
cria_panel_poller_is_running (CriaPanelPoller *self)
{
  g_return_val_if_fail (CRIA_IS_PANEL_POLLER (self), FALSE);
  return self->running;
}

void
cria_panel_poller_request_full (CriaPanelPoller *self)
{
  g_return_if_fail (CRIA_IS_PANEL_POLLER (self));

  self->full_pending = TRUE;
  if (self->running && !self->in_cycle)
    schedule_cycle (self, 0);
}

void
cria_panel_poller_read (CriaPanelPoller    *self,
                        const char * const *names)
{
  gsize i;

  g_return_if_fail (CRIA_IS_PANEL_POLLER (self));
  g_return_if_fail (names != NULL);

  for (i = 0; names[i] != NULL; i++)
    cria_device_get_async (self->device, names[i], NULL, self->read_cancellable, get_cb,
                           read_new (self, self->read_cancellable, names[i], FALSE));
}

guint
cria_panel_poller_get_n_cycles (CriaPanelPoller *self)
{
  g_return_val_if_fail (CRIA_IS_PANEL_POLLER (self), 0);
  return self->n_cycles;
}
