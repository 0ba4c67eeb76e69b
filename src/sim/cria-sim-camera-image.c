/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-sim"

#include "cria-sim-camera-image.h"

#include <string.h>

#include "cria-imagebytes.h"

struct _CriaSimCameraImage
{
  CriaFrame *frame;
  GBytes    *imagebytes_data;
  GBytes    *json_value;
};

CriaSimCameraImage *
cria_sim_camera_image_new (CriaFrame *frame)
{
  CriaSimCameraImage *self;

  g_return_val_if_fail (frame != NULL, NULL);
  g_return_val_if_fail (frame->element_type == CRIA_ELEMENT_INT32 && frame->planes == 1, NULL);

  self = g_new0 (CriaSimCameraImage, 1);
  self->frame = cria_frame_ref (frame);
  return self;
}

void
cria_sim_camera_image_free (CriaSimCameraImage *self)
{
  if (self == NULL)
    return;
  cria_frame_unref (self->frame);
  g_clear_pointer (&self->imagebytes_data, g_bytes_unref);
  g_clear_pointer (&self->json_value, g_bytes_unref);
  g_free (self);
}

static char *
write_uint (char    *out,
            guint32  value)
{
  char digits[10];
  int n = 0;

  do
    {
      digits[n++] = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value != 0);
  while (n > 0)
    *out++ = digits[--n];
  return out;
}

/* The JSON Value, Array[NumX][NumY], followed by the envelope's closing brace; a request
 * puts its own envelope head in front. Written directly: a JsonNode per pixel would cost
 * gigabytes for a large frame. */
static GBytes *
encode_json_value (const CriaFrame *frame)
{
  /* At most ten digits and a comma per value, brackets per column. */
  gsize capacity = (gsize) frame->width * ((gsize) frame->height * 11 + 3) + 4;
  char *text = g_malloc (capacity);
  char *p = text;
  guint x, y;

  *p++ = '[';
  for (x = 0; x < frame->width; x++)
    {
      if (x > 0)
        *p++ = ',';
      *p++ = '[';
      for (y = 0; y < frame->height; y++)
        {
          gint32 value;

          memcpy (&value, frame->data + y * frame->stride + (gsize) x * sizeof value, sizeof value);
          if (y > 0)
            *p++ = ',';
          p = write_uint (p, (guint32) MAX (value, 0));
        }
      *p++ = ']';
    }
  *p++ = ']';
  *p++ = '}';

  return g_bytes_new_take (g_realloc (text, p - text), p - text);
}

/* The values fit 16 bits, which halves the transfer. Narrowing row by row first lets
 * the encoder use its fast transposition. */
static GBytes *
encode_imagebytes_data (const CriaFrame *frame)
{
  g_autoptr(CriaFrame) narrow = cria_frame_new (CRIA_ELEMENT_UINT16, frame->width,
                                                frame->height, 1, NULL);
  guint x, y;

  if (narrow == NULL)
    return cria_imagebytes_encode_data (frame, CRIA_ELEMENT_UINT16);

  for (y = 0; y < frame->height; y++)
    {
      const gint32 *in = (const gint32 *) (frame->data + y * frame->stride);
      guint16 *out = (guint16 *) (narrow->data + y * narrow->stride);

      for (x = 0; x < frame->width; x++)
        out[x] = (guint16) CLAMP (in[x], 0, G_MAXUINT16);
    }
  narrow->image_element_type = CRIA_ELEMENT_INT32;

  return cria_imagebytes_encode_data (narrow, CRIA_ELEMENT_UINT16);
}

void
cria_sim_camera_image_reply (CriaSimCameraImage *self,
                             CriaSimRequest     *request,
                             CriaSimReply       *reply)
{
  guint32 client_id = cria_sim_request_get_client_transaction_id (request);
  guint32 server_id = cria_sim_request_get_server_transaction_id (request);
  char *head;

  g_return_if_fail (self != NULL);

  if (cria_sim_request_accepts_imagebytes (request))
    {
      if (self->imagebytes_data == NULL)
        self->imagebytes_data = encode_imagebytes_data (self->frame);
      reply->bytes_header = cria_imagebytes_encode_header (0, client_id, server_id,
                                                           CRIA_ELEMENT_INT32, CRIA_ELEMENT_UINT16,
                                                           self->frame->width,
                                                           self->frame->height, 1);
      reply->bytes = g_bytes_ref (self->imagebytes_data);
      reply->content_type = "application/imagebytes";
      return;
    }

  if (self->json_value == NULL)
    self->json_value = encode_json_value (self->frame);
  /* Type and Rank first, as the specification's parsing advice expects. */
  head = g_strdup_printf ("{\"Type\":2,\"Rank\":2,\"ClientTransactionID\":%u,"
                          "\"ServerTransactionID\":%u,\"ErrorNumber\":0,"
                          "\"ErrorMessage\":\"\",\"Value\":", client_id, server_id);
  reply->bytes_header = g_bytes_new_take (head, strlen (head));
  reply->bytes = g_bytes_ref (self->json_value);
  reply->content_type = "application/json";
}

gboolean
cria_sim_camera_image_reply_error (int              error_number,
                                   const char      *message,
                                   CriaSimRequest  *request,
                                   CriaSimReply    *reply,
                                   GError         **error)
{
  if (!cria_sim_request_accepts_imagebytes (request))
    {
      g_set_error_literal (error, CRIA_ALPACA_ERROR, error_number, message);
      return FALSE;
    }

  /* The metadata with the error number, then the message where the data would be. */
  reply->bytes_header =
    cria_imagebytes_encode_header (error_number,
                                   cria_sim_request_get_client_transaction_id (request),
                                   cria_sim_request_get_server_transaction_id (request),
                                   CRIA_ELEMENT_INT32, CRIA_ELEMENT_INT32, 0, 0, 1);
  reply->bytes = g_bytes_new (message, strlen (message));
  reply->content_type = "application/imagebytes";
  return TRUE;
}
