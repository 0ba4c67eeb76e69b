/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-alpaca.h"
#include "cria-snapshot.h"

G_BEGIN_DECLS

/* What the devices beside a camera tell about a frame: the focuser's position, the filter
 * wheel's filter and the telescope's coordinates, for a snapshot's FITS header. They are
 * found on the camera's own server (management/v1/configureddevices), the first of each
 * type, and read only when connected: nothing is connected on a person's behalf. */
typedef struct
{
  gboolean  has_focus_position;
  gint64    focus_position;
  char     *filter;
  gboolean  has_coordinates;
  double    ra;   /* degrees */
  double    dec;  /* degrees */
} CriaCameraCompanions;

void                  cria_camera_companions_free        (CriaCameraCompanions *companions);
/* Fills in the companions' fields of info; the strings stay companions'. */
void                  cria_camera_companions_to_info     (const CriaCameraCompanions *companions,
                                                          CriaSnapshotInfo     *info);

/* Never fails for want of companions: a device that is missing, disconnected or silent
 * is left out. Fails only when cancelled. */
void                  cria_camera_companions_read_async  (CriaDevice           *camera,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
CriaCameraCompanions *cria_camera_companions_read_finish (GAsyncResult         *result,
                                                          GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CriaCameraCompanions, cria_camera_companions_free)

G_END_DECLS
