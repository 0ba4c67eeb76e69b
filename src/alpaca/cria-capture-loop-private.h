/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cria-capture-private.h"
#include "cria-client.h"

G_BEGIN_DECLS

/* Shared by the loop (cria-capture-loop.c) and what it knows of the camera
 * (cria-capture-camera.c); the loop thread's alone. */

#define FPS_WINDOW 16

typedef enum
{
  PHASE_SETUP,       /* reading what the camera is */
  PHASE_SETTINGS,    /* writing settings before an exposure */
  PHASE_STARTING,    /* StartExposure sent */
  PHASE_EXPOSING,    /* waiting out the exposure time */
  PHASE_WAITING,     /* polling ImageReady */
  PHASE_ABORTING,    /* AbortExposure sent for new settings */
  PHASE_DOWNLOADING, /* imagearray requested, body not in yet */
  PHASE_STOPPING,
} Phase;

/* One exposure, from StartExposure until its frame is handed on. */
typedef struct
{
  CriaFrameInfo  info;
  GCancellable  *cancellable; /* cancelled when the exposure is given up */
  gint64         t_start;
  gint64         t_exposed;
  gint64         t_ready;
} Shot;

typedef enum
{
  FACT_CAMERA_X,
  FACT_CAMERA_Y,
  FACT_SENSOR_TYPE,
  FACT_BAYER_X,
  FACT_BAYER_Y,
  FACT_PIXEL_X,
  FACT_PIXEL_Y,
  FACT_CAN_ABORT,
  FACT_GAIN,
  FACT_OFFSET,
  FACT_TEMPERATURE,
  FACT_BIN_X,
  FACT_BIN_Y,
  FACT_START_X,
  FACT_START_Y,
  FACT_NUM_X,
  FACT_NUM_Y,
  N_FACTS
} Fact;


/* One setting to write: all of them are integers. */
typedef struct
{
  const char *member;
  int         value;
} Write;

struct _CriaCaptureLoop
{
  CriaCaptureRun      *run;
  CriaClient          *client;
  GCancellable        *cancellable; /* everything of the run */
  Phase                phase;
  guint                n_pending;   /* requests whose callbacks are still to come */
  gboolean             finished;
  Shot                *shot;        /* the exposure in progress */
  GSource             *timer;
  double               poll_interval;
  gint64               last_state_check;
  gint64               idle_since;
  gint64               temperature_read_at;

  /* What the camera is and how it is set; known[] says which facts were read. */
  gboolean             known[N_FACTS];
  guint                setup_left;
  guint                camera_x, camera_y;
  int                  sensor_type, bayer_x, bayer_y;
  double               pixel_x, pixel_y;
  gboolean             can_abort;
  int                  gain, offset;
  double               temperature;
  guint                bin_x, bin_y, start_x, start_y, num_x, num_y;

  /* Settings: the ones in effect, and the ones being written. */
  CriaCaptureSettings  applied;
  guint                applied_serial;
  CriaCaptureSettings  target;
  guint                target_serial;
  GArray              *writes;
  guint                write_index;

  guint64              sequence;
  gint64               recent[FPS_WINDOW];
  guint                n_recent;
};

typedef void (*ReplyFunc) (CriaCaptureLoop *loop,
                           Shot            *shot,
                           gpointer         data,
                           JsonNode        *value,
                           const GError    *error);

/* Requests of the loop: func runs with the reply unless cancellable was cancelled. */
void     cria_capture_loop_call              (CriaCaptureLoop    *loop,
                                              CriaHttpMethod      method,
                                              const char         *member,
                                              const char * const *params,
                                              GCancellable       *cancellable,
                                              Shot               *shot,
                                              ReplyFunc           func,
                                              gpointer            data);
/* The first failure is reported and stops the run; later ones are dropped. */
void     cria_capture_loop_fail              (CriaCaptureLoop    *loop,
                                              const GError       *error);
void     cria_capture_loop_fail_new          (CriaCaptureLoop    *loop,
                                              GQuark              domain,
                                              int                 code,
                                              const char         *format,
                                              ...) G_GNUC_PRINTF (4, 5);
/* Writes new settings if there are any, then starts an exposure. */
void     cria_capture_loop_next_exposure     (CriaCaptureLoop    *loop);

/* cria-capture-camera.c */
void     cria_capture_loop_setup             (CriaCaptureLoop    *loop);
/* Writes what changed between loop->applied and loop->target. */
void     cria_capture_loop_write_settings    (CriaCaptureLoop    *loop);
void     cria_capture_loop_fill_info         (CriaCaptureLoop    *loop,
                                              CriaFrameInfo      *info);
void     cria_capture_loop_refresh_temperature (CriaCaptureLoop  *loop);
gboolean cria_capture_node_int               (JsonNode           *node,
                                              int                *out);
gboolean cria_capture_node_double            (JsonNode           *node,
                                              double             *out);
gboolean cria_capture_node_bool              (JsonNode           *node,
                                              gboolean           *out);

G_END_DECLS
