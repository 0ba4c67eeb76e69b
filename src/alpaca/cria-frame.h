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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CriaFrame, cria_frame_unref)

G_END_DECLS
