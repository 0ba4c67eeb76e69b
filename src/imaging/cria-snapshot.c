/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-imaging"

#include "cria-snapshot.h"

#include <math.h>
#include <string.h>

#include "cria-debayer.h"
#include "cria-imaging-gst.h"
#include "cria-snapshot-private.h"

static void
clear_keyword (gpointer data)
{
  CriaFitsKeyword *keyword = data;

  if (keyword->type == CRIA_FITS_VALUE_STRING)
    g_free ((char *) keyword->s);
}

static void
add_keyword (GArray          *keys,
             CriaFitsKeyword  keyword)
{
  /* The array owns its strings. */
  if (keyword.type == CRIA_FITS_VALUE_STRING)
    keyword.s = g_strdup (keyword.s);
  g_array_append_val (keys, keyword);
}

GArray *
cria_fits_keywords_for_frame (const CriaFrame        *frame,
                              const CriaSnapshotInfo *info)
{
  const CriaFrameInfo *fi;
  GArray *keys;
  g_autofree char *date = NULL;
  CriaBayerPattern pattern;
  guint bin_x = 1, bin_y = 1;

  g_return_val_if_fail (frame != NULL, NULL);

  fi = &frame->info;
  keys = g_array_new (FALSE, FALSE, sizeof (CriaFitsKeyword));
  g_array_set_clear_func (keys, clear_keyword);
  date = cria_frame_info_format_start_time (fi);
  if (fi->fields & CRIA_FRAME_INFO_GEOMETRY)
    {
      bin_x = MAX (fi->bin_x, 1);
      bin_y = MAX (fi->bin_y, 1);
    }

  if (fi->fields & CRIA_FRAME_INFO_EXPOSURE)
    add_keyword (keys, (CriaFitsKeyword) CRIA_FITS_DOUBLE ("EXPTIME", fi->exposure,
                                                           "[s] exposure duration"));
  if (date != NULL)
    add_keyword (keys, (CriaFitsKeyword) CRIA_FITS_STRING ("DATE-OBS", date,
                                                           "UTC start of the exposure"));
  if (info != NULL && info->instrument != NULL)
    add_keyword (keys, (CriaFitsKeyword) CRIA_FITS_STRING ("INSTRUME", info->instrument,
                                                           "camera"));
  if (fi->fields & CRIA_FRAME_INFO_GEOMETRY)
    {
      add_keyword (keys, (CriaFitsKeyword) CRIA_FITS_INT ("XBINNING", fi->bin_x,
                                                          "binning of the x axis"));
      add_keyword (keys, (CriaFitsKeyword) CRIA_FITS_INT ("YBINNING", fi->bin_y,
                                                          "binning of the y axis"));
    }
  if (fi->fields & CRIA_FRAME_INFO_PIXEL_SIZE)
    {
      add_keyword (keys, (CriaFitsKeyword) CRIA_FITS_DOUBLE ("XPIXSZ", fi->pixel_size_x * bin_x,
                                                             "[um] binned pixel width"));
      add_keyword (keys, (CriaFitsKeyword) CRIA_FITS_DOUBLE ("YPIXSZ", fi->pixel_size_y * bin_y,
                                                             "[um] binned pixel height"));
    }
  if (fi->fields & CRIA_FRAME_INFO_GAIN)
    add_keyword (keys, (CriaFitsKeyword) CRIA_FITS_INT ("GAIN", fi->gain, "camera gain setting"));
  if (fi->fields & CRIA_FRAME_INFO_OFFSET)
    add_keyword (keys, (CriaFitsKeyword) CRIA_FITS_INT ("OFFSET", fi->offset,
                                                        "camera offset setting"));
  if ((fi->fields & CRIA_FRAME_INFO_CCD_TEMPERATURE) && isfinite (fi->ccd_temperature))
    add_keyword (keys, (CriaFitsKeyword) CRIA_FITS_DOUBLE ("CCD-TEMP", fi->ccd_temperature,
                                                           "[C] sensor temperature"));

  /* The pattern of pixel (0, 0) of this very frame, subframe included: no offset left. */
  pattern = cria_imaging_gst_frame_pattern (frame);
  if (pattern != CRIA_BAYER_NONE)
    {
      add_keyword (keys, (CriaFitsKeyword) CRIA_FITS_STRING ("BAYERPAT",
                                                             cria_bayer_pattern_to_fits (pattern),
                                                             "colour filter of the first pixels"));
      add_keyword (keys, (CriaFitsKeyword) CRIA_FITS_INT ("XBAYROFF", 0,
                                                          "x offset of the Bayer pattern"));
      add_keyword (keys, (CriaFitsKeyword) CRIA_FITS_INT ("YBAYROFF", 0,
                                                          "y offset of the Bayer pattern"));
    }

  if (info == NULL)
    return keys;
  if (info->has_focus_position)
    add_keyword (keys, (CriaFitsKeyword) CRIA_FITS_INT ("FOCUSPOS", info->focus_position,
                                                        "[step] focuser position"));
  if (info->filter != NULL)
    add_keyword (keys, (CriaFitsKeyword) CRIA_FITS_STRING ("FILTER", info->filter, "filter"));
  if (info->has_coordinates && isfinite (info->ra) && isfinite (info->dec))
    {
      add_keyword (keys, (CriaFitsKeyword) CRIA_FITS_DOUBLE ("RA", info->ra,
                                                             "[deg] mount right ascension"));
      add_keyword (keys, (CriaFitsKeyword) CRIA_FITS_DOUBLE ("DEC", info->dec,
                                                             "[deg] mount declination"));
    }
  return keys;
}

/* The worker's own copy of the caller's data. */
typedef struct
{
  CriaFrame          *raw;
  char               *path;
  GArray             *keywords;
  CriaBayerPattern    pattern;
  CriaStretchParams   params;
  CriaSnapshotFormat  format;
  CriaDemosaicQuality  quality;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_clear_pointer (&job->raw, cria_frame_unref);
  g_clear_pointer (&job->keywords, g_array_unref);
  g_free (job->path);
  g_free (job);
}

/* Every message names the file, whoever made it. */
static void
name_file_in_error (GError     *error,
                    const char *path)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *quoted = g_strdup_printf ("“%s”", display);

  if (strstr (error->message, quoted) == NULL)
    g_prefix_error (&error, "Could not save %s: ", quoted);
}

static void
return_result (GTask      *task,
               gboolean    ok,
               GError     *error,
               const char *path)
{
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    {
      name_file_in_error (error, path);
      g_task_return_error (task, error);
    }
}

/* Remote GFiles would need a different write path; snapshots go to local disks. */
static char *
local_path (GFile   *file,
            GError **error)
{
  const char *path = g_file_peek_path (file);

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "Could not save “%s”: only local files can be written", uri);
      return NULL;
    }
  return g_strdup (path);
}

static SaveJob *
save_job_new (CriaFrame  *raw,
              GFile      *file,
              GError    **error)
{
  g_autofree char *path = local_path (file, error);
  SaveJob *job;

  if (path == NULL)
    return NULL;
  job = g_new0 (SaveJob, 1);
  job->raw = cria_frame_ref (raw);
  job->path = g_steal_pointer (&path);
  return job;
}

static void
save_fits_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  SaveJob *job = task_data;
  GError *error = NULL;
  gboolean ok;

  ok = !g_cancellable_set_error_if_cancelled (cancellable, &error)
       && cria_fits_write (job->raw, job->path, (const CriaFitsKeyword *) job->keywords->data,
                           job->keywords->len, &error);
  return_result (task, ok, error, job->path);
}

void
cria_snapshot_save_fits_async (CriaFrame              *raw,
                               const CriaSnapshotInfo *info,
                               GFile                  *file,
                               GCancellable           *cancellable,
                               GAsyncReadyCallback     callback,
                               gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  SaveJob *job;

  g_return_if_fail (raw != NULL);
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cria_snapshot_save_fits_async);
  /* The worker decides: a file that was written is reported as written. */
  g_task_set_check_cancellable (task, FALSE);

  job = save_job_new (raw, file, &error);
  if (job == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  job->keywords = cria_fits_keywords_for_frame (raw, info);
  g_task_set_task_data (task, job, (GDestroyNotify) save_job_free);
  g_task_run_in_thread (task, save_fits_thread);
}

gboolean
cria_snapshot_save_fits_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cria_snapshot_save_fits_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static CriaFrame *
demosaic (const SaveJob  *job,
          GCancellable   *cancellable,
          GError        **error)
{
  if (job->quality == CRIA_DEMOSAIC_BILINEAR)
    return cria_snapshot_bilinear16 (job->raw, job->pattern, cancellable, error);
  return cria_debayer_quality (job->raw, job->pattern, job->quality, cancellable, error);
}

static gboolean
save_view (const SaveJob  *job,
           GCancellable   *cancellable,
           GError        **error)
{
  g_autoptr(CriaFrame) rgb = NULL;
  g_autofree CriaStretchLut16 *lut = NULL;
  const CriaFrame *image = job->raw;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (job->raw->planes == 1 && job->pattern != CRIA_BAYER_NONE)
    {
      rgb = demosaic (job, cancellable, error);
      if (rgb == NULL)
        return FALSE;
      image = rgb;
    }

  lut = g_new (CriaStretchLut16, 1);
  cria_stretch_lut16_build (&job->params, lut);
  if (job->format == CRIA_SNAPSHOT_FORMAT_PNG8)
    return cria_snapshot_write_png8 (image, lut, job->path, cancellable, error);
  return cria_snapshot_write_tiff16 (image, lut, job->path, cancellable, error);
}

static void
save_view_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  SaveJob *job = task_data;
  GError *error = NULL;
  gboolean ok;

  ok = save_view (job, cancellable, &error);
  return_result (task, ok, error, job->path);
}

void
cria_snapshot_save_view_async (CriaFrame               *raw,
                               CriaBayerPattern         pattern,
                               const CriaStretchParams *params,
                               CriaSnapshotFormat       format,
                               CriaDemosaicQuality       quality,
                               GFile                   *file,
                               GCancellable            *cancellable,
                               GAsyncReadyCallback      callback,
                               gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  SaveJob *job;

  g_return_if_fail (raw != NULL);
  g_return_if_fail (params != NULL);
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cria_snapshot_save_view_async);
  g_task_set_check_cancellable (task, FALSE);

  job = save_job_new (raw, file, &error);
  if (job == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if ((guint) format > CRIA_SNAPSHOT_FORMAT_PNG8 || (guint) quality > CRIA_DEMOSAIC_DCB
      || (guint) pattern > CRIA_BAYER_BGGR)
    {
      g_autofree char *display = g_filename_display_name (job->path);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "Could not save “%s”: unknown format, pattern or demosaicing",
                               display);
      save_job_free (job);
      return;
    }
  job->pattern = pattern;
  job->params = *params;
  job->format = format;
  job->quality = quality;
  g_task_set_task_data (task, job, (GDestroyNotify) save_job_free);
  g_task_run_in_thread (task, save_view_thread);
}

gboolean
cria_snapshot_save_view_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cria_snapshot_save_view_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
