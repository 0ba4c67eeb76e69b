/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-imaging"

#include "cria-raw-recorder.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cria-fits.h"
#include "cria-ser-writer-private.h"

typedef struct
{
  CriaFrame *frame;
  gint64     time; /* UTC µs: the exposure's start, or when the frame came */
} Queued;

struct _CriaRawRecorder
{
  GObject           parent_instance;

  GFile            *file;
  char             *path;
  CriaRawFormat     format;
  CriaSnapshotInfo  info;     /* owns its strings */
  guint             max_queued;
  CriaSerWriter    *ser;      /* the worker's, once started */
  GThread          *thread;

  GMutex            lock;
  GCond             cond;
  GQueue            queue;    /* of Queued */
  gboolean          stopping;
  gboolean          failed;
  GError           *error;
  guint64           n_written;
  guint64           n_dropped;
};

G_DEFINE_FINAL_TYPE (CriaRawRecorder, cria_raw_recorder, G_TYPE_OBJECT)

static void
queued_free (gpointer data)
{
  Queued *q = data;

  cria_frame_unref (q->frame);
  g_free (q);
}

GFile *
cria_raw_recorder_sequence_file (GFile   *file,
                                 guint64  number)
{
  static const char * const extensions[] = { ".fits", ".fit", ".fts" };
  g_autoptr(GFile) parent = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  gsize len;
  guint i;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  parent = g_file_get_parent (file);
  base = g_file_get_basename (file);
  len = strlen (base);
  for (i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      gsize ext = strlen (extensions[i]);

      if (len > ext && g_ascii_strcasecmp (base + len - ext, extensions[i]) == 0)
        {
          base[len - ext] = '\0';
          break;
        }
    }
  name = g_strdup_printf ("%s-%05" G_GUINT64_FORMAT ".fits", base, number);
  return parent != NULL ? g_file_get_child (parent, name) : g_file_new_for_path (name);
}

static gboolean
write_fits (CriaRawRecorder  *self,
            const CriaFrame  *frame,
            GError          **error)
{
  g_autoptr(GFile) file = cria_raw_recorder_sequence_file (self->file, self->n_written + 1);
  g_autoptr(GArray) keywords = cria_fits_keywords_for_frame (frame, &self->info);

  return cria_fits_write (frame, g_file_peek_path (file),
                          (const CriaFitsKeyword *) keywords->data, keywords->len, error);
}

static gpointer
write_frames (gpointer data)
{
  CriaRawRecorder *self = data;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      Queued *q;
      gboolean ok;

      g_mutex_lock (&self->lock);
      while (g_queue_is_empty (&self->queue) && !self->stopping)
        g_cond_wait (&self->cond, &self->lock);
      q = g_queue_pop_head (&self->queue);
      g_mutex_unlock (&self->lock);
      if (q == NULL)
        break;

      if (self->format == CRIA_RAW_FORMAT_SER)
        ok = cria_ser_writer_add_frame (self->ser, q->frame, q->time, &error);
      else
        ok = write_fits (self, q->frame, &error);
      queued_free (q);

      g_mutex_lock (&self->lock);
      if (ok)
        self->n_written++;
      else
        {
          /* The first failure ends the recording; what waits is lost. */
          g_debug ("Raw recording failed: %s", error->message);
          self->failed = TRUE;
          self->error = g_steal_pointer (&error);
          self->n_dropped += self->queue.length;
          g_queue_clear_full (&self->queue, queued_free);
        }
      g_mutex_unlock (&self->lock);
    }
  return NULL;
}

/* The end of the worker: the queue is written, the file completed. Blocking. */
static void
join_and_complete (CriaRawRecorder *self)
{
  g_autoptr(GError) error = NULL;
  GThread *thread;
  guint64 n_written;

  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_signal (&self->cond);
  thread = g_steal_pointer (&self->thread);
  g_mutex_unlock (&self->lock);
  if (thread == NULL)
    return;
  g_thread_join (thread);

  g_mutex_lock (&self->lock);
  n_written = self->n_written;
  g_mutex_unlock (&self->lock);

  if (self->ser != NULL)
    {
      if (n_written > 0)
        cria_ser_writer_close (self->ser, &error);
      else
        /* A SER file without frames says nothing: leave none. */
        cria_ser_writer_discard (self->ser);
      g_clear_pointer (&self->ser, cria_ser_writer_free);
    }

  g_mutex_lock (&self->lock);
  if (self->error == NULL && error != NULL)
    self->error = g_steal_pointer (&error);
  if (self->error == NULL && n_written == 0)
    {
      g_autofree char *display = g_filename_display_name (self->path);

      self->error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                 "Nothing was recorded to “%s”: no frame arrived", display);
    }
  g_mutex_unlock (&self->lock);
}

static void
cria_raw_recorder_init (CriaRawRecorder *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_queue_init (&self->queue);
}

static void
cria_raw_recorder_dispose (GObject *object)
{
  CriaRawRecorder *self = CRIA_RAW_RECORDER (object);

  /* Dropped without a stop: finish writing here rather than lose the queue. */
  join_and_complete (self);

  G_OBJECT_CLASS (cria_raw_recorder_parent_class)->dispose (object);
}

static void
cria_raw_recorder_finalize (GObject *object)
{
  CriaRawRecorder *self = CRIA_RAW_RECORDER (object);

  g_queue_clear_full (&self->queue, queued_free);
  g_clear_pointer (&self->ser, cria_ser_writer_free);
  g_clear_object (&self->file);
  g_free (self->path);
  g_free ((char *) self->info.instrument);
  g_free ((char *) self->info.filter);
  g_clear_error (&self->error);
  g_cond_clear (&self->cond);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (cria_raw_recorder_parent_class)->finalize (object);
}

static void
cria_raw_recorder_class_init (CriaRawRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cria_raw_recorder_dispose;
  object_class->finalize = cria_raw_recorder_finalize;
}

static gboolean
check_folder (const char  *path,
              GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *display = NULL;

  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    return TRUE;
  display = g_filename_display_name (path);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               "Could not record to “%s”: the folder does not exist", display);
  return FALSE;
}

CriaRawRecorder *
cria_raw_recorder_new (GFile                   *file,
                       CriaRawFormat            format,
                       const CriaSnapshotInfo  *info,
                       guint                    max_queued,
                       GError                 **error)
{
  g_autoptr(CriaRawRecorder) self = NULL;
  const char *path;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (format == CRIA_RAW_FORMAT_SER || format == CRIA_RAW_FORMAT_FITS, NULL);

  path = g_file_peek_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "Could not record to “%s”: only local files can be written", uri);
      return NULL;
    }

  self = g_object_new (CRIA_TYPE_RAW_RECORDER, NULL);
  self->file = g_object_ref (file);
  self->path = g_strdup (path);
  self->format = format;
  self->max_queued = max_queued > 0 ? max_queued : CRIA_RAW_RECORDER_DEFAULT_QUEUE;
  if (info != NULL)
    {
      self->info = *info;
      self->info.instrument = g_strdup (info->instrument);
      self->info.filter = g_strdup (info->filter);
    }

  if (format == CRIA_RAW_FORMAT_SER)
    {
      self->ser = cria_ser_writer_new (path, info != NULL ? info->instrument : NULL, error);
      if (self->ser == NULL)
        return NULL;
    }
  else if (!check_folder (path, error))
    return NULL;

  self->thread = g_thread_new ("cria-raw-recorder", write_frames, self);
  return g_steal_pointer (&self);
}

gboolean
cria_raw_recorder_push_frame (CriaRawRecorder *self,
                              CriaFrame       *frame)
{
  Queued *q;

  g_return_val_if_fail (CRIA_IS_RAW_RECORDER (self), FALSE);
  g_return_val_if_fail (frame != NULL, FALSE);

  g_mutex_lock (&self->lock);
  if (self->stopping || self->failed)
    {
      g_mutex_unlock (&self->lock);
      return FALSE;
    }
  if (self->queue.length >= self->max_queued)
    {
      self->n_dropped++;
      g_mutex_unlock (&self->lock);
      return FALSE;
    }
  q = g_new (Queued, 1);
  q->frame = cria_frame_ref (frame);
  q->time = (frame->info.fields & CRIA_FRAME_INFO_START_TIME) ? frame->info.start_time
                                                               : g_get_real_time ();
  g_queue_push_tail (&self->queue, q);
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static void
stop_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CriaRawRecorder *self = source_object;
  GError *error = NULL;

  join_and_complete (self);
  g_mutex_lock (&self->lock);
  if (self->error != NULL)
    error = g_error_copy (self->error);
  g_mutex_unlock (&self->lock);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
cria_raw_recorder_stop_async (CriaRawRecorder     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CRIA_IS_RAW_RECORDER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cria_raw_recorder_stop_async);
  /* The queue is written out whatever happens; cancelling only stops the waiting. */
  g_task_set_return_on_cancel (task, TRUE);

  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
  g_task_run_in_thread (task, stop_thread);
}

gboolean
cria_raw_recorder_stop_finish (CriaRawRecorder  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (CRIA_IS_RAW_RECORDER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cria_raw_recorder_stop_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

guint64
cria_raw_recorder_get_n_written (CriaRawRecorder *self)
{
  guint64 n;

  g_return_val_if_fail (CRIA_IS_RAW_RECORDER (self), 0);

  g_mutex_lock (&self->lock);
  n = self->n_written;
  g_mutex_unlock (&self->lock);
  return n;
}

guint64
cria_raw_recorder_get_n_dropped (CriaRawRecorder *self)
{
  guint64 n;

  g_return_val_if_fail (CRIA_IS_RAW_RECORDER (self), 0);

  g_mutex_lock (&self->lock);
  n = self->n_dropped;
  g_mutex_unlock (&self->lock);
  return n;
}
