/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The ImageBytes element type numbers. */
typedef enum
{
  CRIA_ELEMENT_UNKNOWN = 0,
  CRIA_ELEMENT_INT16   = 1,
  CRIA_ELEMENT_INT32   = 2,
  CRIA_ELEMENT_DOUBLE  = 3,
  CRIA_ELEMENT_SINGLE  = 4,
  CRIA_ELEMENT_UINT64  = 5,
  CRIA_ELEMENT_BYTE    = 6,
  CRIA_ELEMENT_INT64   = 7,
  CRIA_ELEMENT_UINT16  = 8,
  CRIA_ELEMENT_UINT32  = 9,
} CriaElementType;

#define CRIA_ELEMENT_TYPE_LAST CRIA_ELEMENT_UINT32

/* Caps that turn absurd headers into errors instead of giant allocations. */
#define CRIA_FRAME_MAX_SIDE   65536u
#define CRIA_FRAME_MAX_PIXELS (256u * 1024u * 1024u)
#define CRIA_FRAME_MAX_PLANES 3u

#define CRIA_TYPE_FRAME (cria_frame_get_type ())

typedef struct _CriaFrame CriaFrame;

/* Which fields of a CriaFrameInfo hold something; the rest are zero and mean nothing. */
typedef enum
{
  CRIA_FRAME_INFO_EXPOSURE        = 1 << 0,
  CRIA_FRAME_INFO_START_TIME      = 1 << 1,
  CRIA_FRAME_INFO_GEOMETRY        = 1 << 2, /* bin_x, bin_y, start_x, start_y */
  CRIA_FRAME_INFO_SENSOR          = 1 << 3, /* sensor_type, bayer_offset_x/y */
  CRIA_FRAME_INFO_GAIN            = 1 << 4,
  CRIA_FRAME_INFO_OFFSET          = 1 << 5,
  CRIA_FRAME_INFO_CCD_TEMPERATURE = 1 << 6,
  CRIA_FRAME_INFO_PIXEL_SIZE      = 1 << 7,
} CriaFrameInfoFields;

/* How a frame was taken, as far as whoever took it (CriaCapture) knows: what FITS headers
 * and debayering need. Positions are Alpaca's, in binned pixels (StartX, StartY); pixel
 * sizes are of unbinned pixels. */
typedef struct
{
  CriaFrameInfoFields fields;
  guint64             sequence;        /* 1, 2, ... within one capture run; 0: none */
  double              exposure;        /* seconds, the Duration asked for */
  gint64              start_time;      /* UTC, µs since the Unix epoch, at StartExposure */
  guint               bin_x, bin_y;
  guint               start_x, start_y;
  int                 sensor_type;     /* Alpaca SensorType: 0 mono, 1 colour, 2 RGGB, ... */
  int                 bayer_offset_x, bayer_offset_y;
  int                 gain;
  int                 offset;
  double              ccd_temperature; /* °C */
  double              pixel_size_x;    /* µm */
  double              pixel_size_y;
} CriaFrameInfo;

/* A decoded image, row-major with planes interleaved:
 * pixel (x, y) of plane p is at data + y * stride + (x * planes + p) * element size.
 * x is Alpaca's first image index (NumX, width), y the second (NumY, height).
 * Treat the fields as read-only once the frame has been handed on. */
struct _CriaFrame
{
  guint            width;
  guint            height;
  guint            planes;
  CriaElementType  element_type;       /* how the samples are stored in data */
  CriaElementType  image_element_type; /* what the device declared; values fit element_type */
  gsize            stride;
  guint8          *data;
  /* Zeroed by the constructors; the producer fills it in before handing the frame on. */
  CriaFrameInfo    info;

  /*< private >*/
  gatomicrefcount  ref_count;
  GDestroyNotify   free_func;
  gpointer         free_data;
};

GType            cria_frame_get_type           (void) G_GNUC_CONST;

gsize            cria_element_type_size        (CriaElementType  type);
gboolean         cria_element_type_is_valid    (int              type);
const char      *cria_element_type_to_string   (CriaElementType  type);

gboolean         cria_frame_check_dimensions   (guint            width,
                                                guint            height,
                                                guint            planes,
                                                CriaElementType  type,
                                                gsize           *out_bytes,
                                                GError         **error);
CriaFrame       *cria_frame_new                (CriaElementType  type,
                                                guint            width,
                                                guint            height,
                                                guint            planes,
                                                GError         **error);
CriaFrame       *cria_frame_new_for_data       (CriaElementType  type,
                                                guint            width,
                                                guint            height,
                                                guint            planes,
                                                gpointer         data,
                                                gsize            stride,
                                                GDestroyNotify   free_func,
                                                gpointer         free_data);
CriaFrame       *cria_frame_ref                (CriaFrame       *frame);
void             cria_frame_unref              (CriaFrame       *frame);

gsize            cria_frame_get_n_bytes        (const CriaFrame *frame);
double           cria_frame_get_value          (const CriaFrame *frame,
                                                guint            x,
                                                guint            y,
                                                guint            plane);

/* "2024-05-01T21:14:03.250" (UTC, the FITS DATE-OBS form), or NULL without a start time. */
char            *cria_frame_info_format_start_time (const CriaFrameInfo *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CriaFrame, cria_frame_unref)

G_END_DECLS
