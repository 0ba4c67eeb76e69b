/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-imagebytes"

/* How far the ImageBytes decoder is from the memory-bandwidth floor. Prints figures and
 * exits 0 whatever they are; exits 1 only when the decoded pixels are wrong. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cria-imagebytes.h"

#define REPETITIONS 15

static guint16
pixel_value (guint x,
             guint y)
{
  /* Not separable in x and y, so a swapped or shifted index shows up. */
  return (guint16) (x * 7919u + y * 104729u + (x ^ y));
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return (da > db) - (da < db);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return values[n / 2];
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static gboolean
frame_is_right (const CriaFrame *frame,
                guint            width,
                guint            height)
{
  guint x, y;

  if (frame->width != width || frame->height != height || frame->planes != 1
      || frame->element_type != CRIA_ELEMENT_UINT16
      || frame->image_element_type != CRIA_ELEMENT_INT32)
    return FALSE;

  for (y = 0; y < height; y++)
    {
      const guint16 *row = (const guint16 *) (frame->data + (gsize) y * frame->stride);

      for (x = 0; x < width; x++)
        if (row[x] != pixel_value (x, y))
          {
            g_printerr ("pixel (%u, %u) is %u, expected %u\n", x, y, row[x],
                        pixel_value (x, y));
            return FALSE;
          }
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  guint width = argc > 2 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 6000;
  guint height = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 4000;
  g_autoptr(GBytes) header = NULL;
  g_autoptr(CriaFrame) reused = NULL;
  g_autoptr(GError) error = NULL;
  gsize n_data = (gsize) width * height * 2;
  gsize n_stream = CRIA_IMAGEBYTES_HEADER_SIZE + n_data;
  double t_memcpy[REPETITIONS], t_decode[REPETITIONS], t_transpose[REPETITIONS];
  double m_memcpy, m_decode, m_transpose;
  guint8 *stream, *copy;
  guint x, y, i;

  if (width == 0 || height == 0)
    {
      g_printerr ("usage: %s [WIDTH HEIGHT]\n", argv[0]);
      return 2;
    }

  /* Int32 image sent as UInt16, the way real cameras do it. */
  header = cria_imagebytes_encode_header (0, 1, 1, CRIA_ELEMENT_INT32, CRIA_ELEMENT_UINT16,
                                          width, height, 1);
  stream = g_malloc (n_stream);
  memcpy (stream, g_bytes_get_data (header, NULL), CRIA_IMAGEBYTES_HEADER_SIZE);
  for (x = 0; x < width; x++)
    {
      guint8 *column = stream + CRIA_IMAGEBYTES_HEADER_SIZE + (gsize) x * height * 2;

      for (y = 0; y < height; y++)
        {
          guint16 v = GUINT16_TO_LE (pixel_value (x, y));

          memcpy (column + (gsize) y * 2, &v, 2);
        }
    }

  copy = g_malloc (n_data);
  memset (copy, 1, n_data);
  reused = cria_frame_new (CRIA_ELEMENT_UINT16, width, height, 1, &error);
  if (reused == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  memset (reused->data, 0, cria_frame_get_n_bytes (reused));

  /* Interleaved, so that a noisy neighbour slows all three alike. */
  for (i = 0; i < REPETITIONS; i++)
    {
      g_autoptr(CriaFrame) frame = NULL;
      CriaImageBytesHeader h;
      double t0;

      t0 = now_ms ();
      memcpy (copy, stream + CRIA_IMAGEBYTES_HEADER_SIZE, n_data);
      t_memcpy[i] = now_ms () - t0;

      /* What a client with a pool of frames does. */
      t0 = now_ms ();
      if (!cria_imagebytes_parse_header (stream, n_stream, &h, &error))
        {
          g_printerr ("header refused: %s\n", error->message);
          return 1;
        }
      reused->image_element_type = h.image_element_type;
      cria_transpose_to_frame (reused, stream + h.data_start);
      t_transpose[i] = now_ms () - t0;

      t0 = now_ms ();
      frame = cria_imagebytes_decode (stream, n_stream, &error);
      t_decode[i] = now_ms () - t0;
      if (frame == NULL)
        {
          g_printerr ("decode failed: %s\n", error->message);
          return 1;
        }
      if (i == 0 && !frame_is_right (frame, width, height))
        return 1;
    }

  /* Keep the copies from being optimised away. */
  if (memcmp (copy, stream + CRIA_IMAGEBYTES_HEADER_SIZE, n_data) != 0)
    {
      g_printerr ("memcpy produced different bytes\n");
      return 1;
    }
  if (!frame_is_right (reused, width, height))
    return 1;

  m_memcpy = median (t_memcpy, REPETITIONS);
  m_decode = median (t_decode, REPETITIONS);
  m_transpose = median (t_transpose, REPETITIONS);

  printf ("%u × %u UInt16 sent for an Int32 image (%.1f MB), median of %d runs\n",
          width, height, n_data / 1e6, REPETITIONS);
  printf ("memcpy: %.2f ms (%.1f GB/s)\n", m_memcpy, n_data / m_memcpy / 1e6);
  printf ("decode+transpose into a reused frame: %.2f ms = %.2fx memcpy (goal <= 2.5x)\n",
          m_transpose, m_transpose / m_memcpy);
  printf ("decode into a fresh frame: %.2f ms = %.2fx memcpy (page faults of the new buffer "
          "included)\n", m_decode, m_decode / m_memcpy);

  g_free (copy);
  g_free (stream);
  return 0;
}
