/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sim-image-util"

#include "test-sim-image-util.h"

#include <math.h>
#include <stdlib.h>

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Medians of the four CFA positions, indexed [y & 1][x & 1]. */
void
parity_medians (const CriaFrame *frame,
                double           medians[2][2])
{
  guint px, py;

  for (py = 0; py < 2; py++)
    for (px = 0; px < 2; px++)
      {
        g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
        guint x, y;

        for (y = py; y < frame->height; y += 2)
          for (x = px; x < frame->width; x += 2)
            {
              double v = cria_frame_get_value (frame, x, y, 0);

              g_array_append_val (values, v);
            }
        qsort (values->data, values->len, sizeof (double), compare_doubles);
        medians[py][px] = g_array_index (values, double, values->len / 2);
      }
}

void
frame_max (const CriaFrame *frame,
           double          *max,
           guint           *max_x,
           guint           *max_y)
{
  guint x, y;

  *max = -G_MAXDOUBLE;
  for (y = 0; y < frame->height; y++)
    for (x = 0; x < frame->width; x++)
      if (cria_frame_get_value (frame, x, y, 0) > *max)
        {
          *max = cria_frame_get_value (frame, x, y, 0);
          *max_x = x;
          *max_y = y;
        }
}

/* The RMS radius of the light above background within radius of (cx, cy). */
double
star_width (const CriaFrame *frame,
            guint            cx,
            guint            cy,
            int              radius,
            double           background)
{
  double sum = 0, sum_r2 = 0;
  int dx, dy;

  for (dy = -radius; dy <= radius; dy++)
    for (dx = -radius; dx <= radius; dx++)
      {
        int x = (int) cx + dx, y = (int) cy + dy;
        double v;

        if (x < 0 || y < 0 || x >= (int) frame->width || y >= (int) frame->height)
          continue;
        v = MAX (0.0, cria_frame_get_value (frame, x, y, 0) - background);
        sum += v;
        sum_r2 += v * (dx * dx + dy * dy);
      }
  return sum > 0 ? sqrt (sum_r2 / sum) : 0.0;
}

typedef struct
{
  int x, y;
} Star;

/* Local maxima more than 8 sigma above the background. */
static GArray *
find_stars (const CriaFrame *frame)
{
  gsize n = (gsize) frame->width * frame->height, i;
  g_autofree double *values = g_new (double, n);
  GArray *stars = g_array_new (FALSE, FALSE, sizeof (Star));
  double median, sigma;
  guint x, y;

  for (i = 0; i < n; i++)
    values[i] = cria_frame_get_value (frame, i % frame->width, i / frame->width, 0);
  qsort (values, n, sizeof (double), compare_doubles);
  median = values[n / 2];
  for (i = 0; i < n; i++)
    values[i] = fabs (values[i] - median);
  qsort (values, n, sizeof (double), compare_doubles);
  sigma = MAX (1.0, 1.4826 * values[n / 2]);

  for (y = 2; y + 2 < frame->height; y++)
    for (x = 2; x + 2 < frame->width; x++)
      {
        double centre = cria_frame_get_value (frame, x, y, 0);
        gboolean peak = centre > median + 8 * sigma;
        int dx, dy;

        for (dy = -2; dy <= 2 && peak; dy++)
          for (dx = -2; dx <= 2 && peak; dx++)
            {
              double other = cria_frame_get_value (frame, x + dx, y + dy, 0);

              /* Ties go to the first pixel, so a flat saturated top counts once. */
              if (other > centre || (other == centre && (dy < 0 || (dy == 0 && dx < 0))))
                peak = FALSE;
            }
        if (peak)
          g_array_append_val (stars, ((Star) { (int) x, (int) y }));
      }
  return stars;
}

/* The displacement that most pairs of stars in a and b agree on; returns the votes. */
guint
star_shift (const CriaFrame *a,
            const CriaFrame *b,
            int             *shift_x,
            int             *shift_y)
{
  g_autoptr(GArray) stars_a = find_stars (a);
  g_autoptr(GArray) stars_b = find_stars (b);
  g_autoptr(GHashTable) votes = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint best = 0, i, j;

  for (i = 0; i < stars_a->len; i++)
    for (j = 0; j < stars_b->len; j++)
      {
        const Star *p = &g_array_index (stars_a, Star, i);
        const Star *q = &g_array_index (stars_b, Star, j);
        int dx = q->x - p->x, dy = q->y - p->y, ex, ey;

        if (abs (dx) > 250 || abs (dy) > 250)
          continue;
        /* Neighbouring displacements get a vote too, which absorbs rounding. */
        for (ey = -1; ey <= 1; ey++)
          for (ex = -1; ex <= 1; ex++)
            {
              gpointer key = GINT_TO_POINTER (((dy + ey + 512) << 10) | (dx + ex + 512));
              guint count = GPOINTER_TO_UINT (g_hash_table_lookup (votes, key))
                            + (ex == 0 && ey == 0 ? 2 : 1);

              g_hash_table_insert (votes, key, GUINT_TO_POINTER (count));
              if (count > best)
                {
                  best = count;
                  *shift_x = dx + ex;
                  *shift_y = dy + ey;
                }
            }
      }
  return best;
}
