/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cria-sim"

#include "cria-sim-star-field.h"

#include <math.h>
#include <string.h>

#include "cria-alpaca-error.h"

/* The sky is cut into bands of one degree of declination, each band into cells of
 * roughly one square degree; a cell's stars come from a PRNG seeded by the sky's seed
 * and the cell's index, so cells can be made in any order and forgotten again. */
#define N_BANDS             180
#define MAG_BRIGHT          3.0
#define MAG_FAINT           15.5
/* log10 N(<m) grows by this per magnitude: many faint stars, few bright ones. */
#define COUNT_SLOPE         0.35
/* Stars per square degree down to MAG_FAINT far from the Milky Way, and how much
 * denser the galactic plane is. */
#define DENSITY_HIGH_LAT    300.0
#define DENSITY_PLANE_BOOST 5.0
#define PLANE_WIDTH_DEG     12.0
/* Electrons per second that a magnitude 0 star delivers to a monochrome sensor. */
#define RATE_MAG0           2.0e8
#define MAX_CACHED_CELLS    512

/* Channel responses of the colour sensor, relative to a monochrome pixel. */
#define QE_RED              0.80
#define QE_GREEN            1.00
#define QE_BLUE             0.70
/* Orange light pollution: the sky is brighter in red than in blue. */
#define SKY_RED             1.25
#define SKY_GREEN           1.00
#define SKY_BLUE            0.55

/* A star stamp stops where it adds less than this many electrons to a pixel. */
#define STAMP_FLOOR         0.02
#define MAX_FWHM            80.0
#define MAX_STAMP_RADIUS    500
#define MAX_SMEAR_STEPS     128

/* The north galactic pole, J2000. */
#define NGP_RA_DEG          192.859508
#define NGP_DEC_DEG         27.128336

#define DEG (G_PI / 180.0)

typedef struct
{
  double x, y, z;   /* unit vector */
  float  rate;      /* e-/s over the whole PSF, monochrome */
  float  red;       /* channel weights of a colour sensor; green is QE_GREEN */
  float  blue;
} Star;

typedef struct
{
  Star  *stars;
  guint  n_stars;
} Cell;

typedef struct
{
  float x, y;       /* unbinned pixels, relative to the readout's origin */
  float rate;
  float red;
  float blue;
} Visible;

struct _CriaSimStarField
{
  guint64     seed;
  GHashTable *cells;
  GArray     *visible;
  float      *scratch;
  gsize       scratch_len;
};

/* The geometry of one render, derived from the parameters. */
typedef struct
{
  double   scale;      /* pixels per radian in the focal plane */
  double   centre_x;   /* the optical axis, relative to the readout's origin */
  double   centre_y;
  guint    width;      /* the readout, unbinned */
  guint    height;
  double   margin;     /* stars this far outside still spill light in */
  double   sigma;
  gboolean bayer;
  guint    phase_x;    /* RGGB parity of the readout's first pixel */
  guint    phase_y;
} Geometry;

static float gauss_table[65536];

static inline guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/* Uniform in (0, 1). */
static inline double
uniform (guint64 *state)
{
  return ((splitmix64 (state) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

static double
gaussian (guint64 *state)
{
  double u = uniform (state);
  double v = uniform (state);

  return sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v);
}

/* Fills a table of 65536 quantiles of the unit normal distribution, so that 16 random
 * bits become one Gaussian deviate: far cheaper per pixel than Box-Muller. */
static void
init_gauss_table (void)
{
  const double step = 1e-4;
  double x = -6.0;
  double cdf_prev = 0.5 * erfc (6.0 / G_SQRT2);
  double cdf = cdf_prev;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (gauss_table); i++)
    {
      double target = (i + 0.5) / G_N_ELEMENTS (gauss_table);

      while (cdf < target && x < 6.0)
        {
          x += step;
          cdf_prev = cdf;
          cdf = 0.5 * erfc (-x / G_SQRT2);
        }
      /* Interpolate inside the last step. */
      gauss_table[i] = (float) (x - step * (cdf - target) / MAX (cdf - cdf_prev, 1e-300));
    }
}

static void
ensure_gauss_table (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      init_gauss_table ();
      g_once_init_leave (&initialized, 1);
    }
}

/* A fast noise source: xorshift64* gives four table lookups per step. */
typedef struct
{
  guint64 state;
  guint64 bits;
  guint   left;
} Noise;

static void
noise_init (Noise   *noise,
            guint64  seed)
{
  guint64 s = seed;

  noise->state = splitmix64 (&s) | 1;
  noise->bits = 0;
  noise->left = 0;
}

static inline float
noise_next (Noise *noise)
{
  float value;

  if (noise->left == 0)
    {
      noise->state ^= noise->state >> 12;
      noise->state ^= noise->state << 25;
      noise->state ^= noise->state >> 27;
      noise->bits = noise->state * G_GUINT64_CONSTANT (0x2545F4914F6CDD1D);
      noise->left = 4;
    }
  value = gauss_table[noise->bits & 0xffff];
  noise->bits >>= 16;
  noise->left--;
  return value;
}

static guint
band_n_cells (int band)
{
  double dec_mid = (band + 0.5 - 90.0) * DEG;

  return MAX (1, (guint) floor (360.0 * cos (dec_mid) + 0.5));
}

static double
galactic_latitude (double ra,
                   double dec)
{
  double s = sin (dec) * sin (NGP_DEC_DEG * DEG)
             + cos (dec) * cos (NGP_DEC_DEG * DEG) * cos (ra - NGP_RA_DEG * DEG);

  return asin (CLAMP (s, -1.0, 1.0));
}

static Cell *
generate_cell (CriaSimStarField *self,
               int               band,
               guint             index)
{
  guint n_ra = band_n_cells (band);
  double dec0 = (band - 90.0) * DEG;
  double dec1 = (band - 89.0) * DEG;
  double width = 2.0 * G_PI / n_ra;
  double ra0 = index * width;
  double s0 = sin (dec0);
  double s1 = sin (dec1);
  double area = (s1 - s0) * width / (DEG * DEG);
  double b = galactic_latitude (ra0 + width / 2, (dec0 + dec1) / 2) / DEG;
  double density = DENSITY_HIGH_LAT
                   * (1.0 + DENSITY_PLANE_BOOST * exp (-(b * b) / (PLANE_WIDTH_DEG * PLANE_WIDTH_DEG)));
  double mean = area * density;
  guint64 state = self->seed ^ ((guint64) (band * 1024 + index + 1) * G_GUINT64_CONSTANT (0xD1B54A32D192ED03));
  Cell *cell = g_new0 (Cell, 1);
  double count;
  guint i;

  /* Poisson, by its normal approximation: means are in the hundreds. */
  count = floor (mean + sqrt (mean) * gaussian (&state) + 0.5);
  cell->n_stars = count > 0 ? (guint) count : 0;
  cell->stars = g_new (Star, MAX (cell->n_stars, 1));

  for (i = 0; i < cell->n_stars; i++)
    {
      Star *star = &cell->stars[i];
      double sd = s0 + uniform (&state) * (s1 - s0);
      double cd = sqrt (MAX (0.0, 1.0 - sd * sd));
      double ra = ra0 + uniform (&state) * width;
      double mag = MAG_FAINT + log10 (uniform (&state)) / COUNT_SLOPE;
      double colour = CLAMP (0.65 + 0.35 * gaussian (&state), -0.3, 2.0) - 0.65;

      star->x = cd * cos (ra);
      star->y = cd * sin (ra);
      star->z = sd;
      star->rate = (float) (RATE_MAG0 * pow (10.0, -0.4 * MAX (mag, MAG_BRIGHT)));
      star->red = (float) (QE_RED * pow (10.0, 0.25 * colour));
      star->blue = (float) (QE_BLUE * pow (10.0, -0.35 * colour));
    }

  return cell;
}

static void
cell_free (gpointer data)
{
  Cell *cell = data;

  g_free (cell->stars);
  g_free (cell);
}

static const Cell *
get_cell (CriaSimStarField *self,
          int               band,
          guint             index)
{
  guint key = (guint) band * 1024u + index + 1u;
  Cell *cell = g_hash_table_lookup (self->cells, GUINT_TO_POINTER (key));

  if (cell == NULL)
    {
      /* A long trip across the sky should not hoard memory. */
      if (g_hash_table_size (self->cells) >= MAX_CACHED_CELLS)
        g_hash_table_remove_all (self->cells);
      cell = generate_cell (self, band, index);
      g_hash_table_insert (self->cells, GUINT_TO_POINTER (key), cell);
    }
  return cell;
}

CriaSimStarField *
cria_sim_star_field_new (guint64 seed)
{
  CriaSimStarField *self = g_new0 (CriaSimStarField, 1);

  ensure_gauss_table ();
  self->seed = seed;
  self->cells = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, cell_free);
  self->visible = g_array_new (FALSE, FALSE, sizeof (Visible));
  return self;
}

void
cria_sim_star_field_free (CriaSimStarField *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->cells);
  g_array_unref (self->visible);
  g_free (self->scratch);
  g_free (self);
}

double
cria_sim_defocus_fwhm (double in_focus_fwhm_px,
                       double focus_error_um,
                       double focal_ratio,
                       double pixel_size_um)
{
  double blur = 0.0;

  if (focal_ratio > 0 && pixel_size_um > 0)
    blur = fabs (focus_error_um) / focal_ratio / pixel_size_um;
  return sqrt (in_focus_fwhm_px * in_focus_fwhm_px + blur * blur);
}

/* Appends the stars that land on (or near) the readout for one pointing. */
static void
collect_visible (CriaSimStarField *self,
                 const Geometry   *geo,
                 double            ra_hours,
                 double            dec_degrees,
                 GArray           *out)
{
  double ra0 = fmod (ra_hours * 15.0 * DEG, 2.0 * G_PI);
  double dec0 = CLAMP (dec_degrees, -90.0, 90.0) * DEG;
  double cx = cos (dec0) * cos (ra0), cy = cos (dec0) * sin (ra0), cz = sin (dec0);
  double ex = -sin (ra0), ey = cos (ra0);
  double nx = -sin (dec0) * cos (ra0), ny = -sin (dec0) * sin (ra0), nz = cos (dec0);
  double far_x = MAX (fabs (geo->centre_x), fabs (geo->width - geo->centre_x)) + geo->margin;
  double far_y = MAX (fabs (geo->centre_y), fabs (geo->height - geo->centre_y)) + geo->margin;
  double radius = atan (sqrt (far_x * far_x + far_y * far_y) / geo->scale);
  double cos_radius = cos (radius);
  double half_ra = G_PI;
  int band_lo, band_hi, band;

  if (ra0 < 0)
    ra0 += 2.0 * G_PI;
  if (fabs (dec0) + radius < G_PI / 2 - 1e-6)
    half_ra = asin (MIN (1.0, sin (radius) / cos (dec0)));

  band_lo = CLAMP ((int) floor ((dec0 - radius) / DEG + 90.0), 0, N_BANDS - 1);
  band_hi = CLAMP ((int) floor ((dec0 + radius) / DEG + 90.0), 0, N_BANDS - 1);

  for (band = band_lo; band <= band_hi; band++)
    {
      guint n_ra = band_n_cells (band);
      double width = 2.0 * G_PI / n_ra;
      gint64 lo = (gint64) floor ((ra0 - half_ra) / width);
      gint64 hi = (gint64) floor ((ra0 + half_ra) / width);
      gint64 i;

      if (hi - lo + 1 >= n_ra)
        {
          lo = 0;
          hi = n_ra - 1;
        }

      for (i = lo; i <= hi; i++)
        {
          guint index = (guint) (((i % n_ra) + n_ra) % n_ra);
          const Cell *cell = get_cell (self, band, index);
          guint k;

          for (k = 0; k < cell->n_stars; k++)
            {
              const Star *star = &cell->stars[k];
              double dot = star->x * cx + star->y * cy + star->z * cz;
              double xi, eta;
              Visible v;

              if (dot < cos_radius)
                continue;
              xi = (star->x * ex + star->y * ey) / dot;
              eta = (star->x * nx + star->y * ny + star->z * nz) / dot;
              /* North up, east left, as the sky looks through a refractor. */
              v.x = (float) (geo->centre_x - xi * geo->scale);
              v.y = (float) (geo->centre_y - eta * geo->scale);
              if (v.x < -geo->margin || v.x > geo->width + geo->margin
                  || v.y < -geo->margin || v.y > geo->height + geo->margin)
                continue;
              v.rate = star->rate;
              v.red = star->red;
              v.blue = star->blue;
              g_array_append_val (out, v);
            }
        }
    }
}

/* Adds one star, as a pixel-integrated Gaussian, to a float image of electrons. The
 * separable profile costs two short erf() runs per star instead of exp() per pixel. */
static void
stamp_star (float          *buf,
            const Geometry *geo,
            double          px,
            double          py,
            double          flux,
            const float     response[4])
{
  float gx[2 * MAX_STAMP_RADIUS + 2];
  float gy[2 * MAX_STAMP_RADIUS + 2];
  float gx_rows[2][2 * MAX_STAMP_RADIUS + 2];
  double sigma = geo->sigma;
  double peak = flux / (2.0 * G_PI * sigma * sigma);
  double k = 1.0 / (sigma * G_SQRT2);
  double radius, prev;
  int ix0, ix1, iy0, iy1, nx, i, j;

  if (peak < STAMP_FLOOR)
    return;
  radius = CLAMP (sigma * sqrt (2.0 * log (peak / STAMP_FLOOR)), 1.0, MIN (6.0 * sigma, MAX_STAMP_RADIUS));

  ix0 = MAX (0, (int) floor (px - radius));
  ix1 = MIN ((int) geo->width - 1, (int) floor (px + radius));
  iy0 = MAX (0, (int) floor (py - radius));
  iy1 = MIN ((int) geo->height - 1, (int) floor (py + radius));
  if (ix0 > ix1 || iy0 > iy1)
    return;
  nx = ix1 - ix0 + 1;

  prev = erf ((ix0 - px) * k);
  for (i = 0; i < nx; i++)
    {
      double next = erf ((ix0 + i + 1 - px) * k);

      gx[i] = (float) (0.5 * (next - prev));
      prev = next;
    }
  prev = erf ((iy0 - py) * k);
  for (j = 0; j <= iy1 - iy0; j++)
    {
      double next = erf ((iy0 + j + 1 - py) * k);

      gy[j] = (float) (0.5 * flux * (next - prev));
      prev = next;
    }

  /* For a mosaic, fold each pixel's channel response into the row profile. */
  for (j = 0; j < 2; j++)
    for (i = 0; i < nx; i++)
      {
        guint cfa_y = (guint) (iy0 + j + geo->phase_y) & 1;
        guint cfa_x = (guint) (ix0 + i + geo->phase_x) & 1;

        gx_rows[j][i] = geo->bayer ? gx[i] * response[cfa_y * 2 + cfa_x] : gx[i];
      }

  for (j = 0; j <= iy1 - iy0; j++)
    {
      float *row = buf + (gsize) (iy0 + j) * geo->width + ix0;
      const float *profile = gx_rows[j & 1];
      float fy = gy[j];

      for (i = 0; i < nx; i++)
        row[i] += fy * profile[i];
    }
}

static void
pointing_at (const CriaSimRenderParams *p,
             double                     t,
             double                    *ra,
             double                    *dec)
{
  const CriaSimPointing *a, *b;
  double f, dra;
  guint i;

  for (i = 0; i < p->n_pointings && p->pointings[i].time < t; i++)
    ;
  if (i == 0 || i == p->n_pointings)
    {
      a = &p->pointings[i == 0 ? 0 : p->n_pointings - 1];
      *ra = a->ra_hours;
      *dec = a->dec_degrees;
      return;
    }

  a = &p->pointings[i - 1];
  b = &p->pointings[i];
  f = b->time > a->time ? (t - a->time) / (b->time - a->time) : 1.0;
  dra = b->ra_hours - a->ra_hours;
  /* Take the short way round through 0h. */
  if (dra > 12.0)
    dra -= 24.0;
  else if (dra < -12.0)
    dra += 24.0;
  *ra = fmod (a->ra_hours + f * dra + 24.0, 24.0);
  *dec = a->dec_degrees + f * (b->dec_degrees - a->dec_degrees);
}

/* How many still images a moving exposure is cut into: enough that a trail looks
 * continuous, a single one when the telescope stood still. */
static guint
count_smear_steps (const CriaSimRenderParams *p,
                   const Geometry            *geo)
{
  double path = 0.0;
  double ra_prev, dec_prev;
  guint i, n = 16;

  if (p->exposure <= 0 || p->n_pointings < 2)
    return 1;

  pointing_at (p, p->start_time, &ra_prev, &dec_prev);
  for (i = 1; i <= n; i++)
    {
      double ra, dec, dra;

      pointing_at (p, p->start_time + p->exposure * i / n, &ra, &dec);
      dra = fabs (ra - ra_prev);
      dra = MIN (dra, 24.0 - dra) * 15.0 * cos (dec * DEG);
      path += hypot (dra, dec - dec_prev) * DEG * geo->scale;
      ra_prev = ra;
      dec_prev = dec;
    }

  return (guint) CLAMP (ceil (path / MAX (0.5 * geo->sigma * 2.3548, 0.5)), 1, MAX_SMEAR_STEPS);
}

static void
fill_background (float                     *buf,
                 const Geometry            *geo,
                 const CriaSimRenderParams *p)
{
  double sky = p->light ? p->sky_rate * p->exposure : 0.0;
  double dark = p->dark_rate * p->exposure;
  float rows[2][2];
  guint x, y;

  if (geo->bayer)
    {
      /* RGGB layout: [cfa_y][cfa_x]. */
      const double tint[2][2] = { { SKY_RED, SKY_GREEN }, { SKY_GREEN, SKY_BLUE } };

      for (y = 0; y < 2; y++)
        for (x = 0; x < 2; x++)
          rows[y][x] = (float) (dark + sky * tint[(y + geo->phase_y) & 1][(x + geo->phase_x) & 1]);
    }
  else
    {
      rows[0][0] = rows[0][1] = rows[1][0] = rows[1][1] = (float) (dark + sky);
    }

  for (y = 0; y < geo->height; y++)
    {
      float *row = buf + (gsize) y * geo->width;
      float even = rows[y & 1][0];
      float odd = rows[y & 1][1];

      for (x = 0; x + 1 < geo->width; x += 2)
        {
          row[x] = even;
          row[x + 1] = odd;
        }
      if (x < geo->width)
        row[x] = even;
    }
}

static void
stamp_stars (CriaSimStarField          *self,
             float                     *buf,
             const Geometry            *geo,
             const CriaSimRenderParams *p)
{
  guint n_steps = count_smear_steps (p, geo);
  guint step, i;

  for (step = 0; step < n_steps; step++)
    {
      double t = p->start_time + p->exposure * (step + 0.5) / n_steps;
      double ra, dec;

      pointing_at (p, n_steps == 1 ? p->start_time : t, &ra, &dec);
      g_array_set_size (self->visible, 0);
      collect_visible (self, geo, ra, dec, self->visible);

      for (i = 0; i < self->visible->len; i++)
        {
          const Visible *v = &g_array_index (self->visible, Visible, i);
          const float response[4] = { v->red, QE_GREEN, QE_GREEN, v->blue };

          stamp_star (buf, geo, v->x, v->y, v->rate * p->exposure / n_steps, response);
        }
    }
}

/* Shot and read noise in one Gaussian; a full well holds no more, noise or not. */
static inline gint32
to_adu (float electrons,
        float variance,
        float gauss,
        float ceiling,
        float bias,
        float inv_epa,
        float max_adu)
{
  float collected = MIN (electrons + sqrtf (variance) * gauss, ceiling);
  float v = bias + collected * inv_epa + 0.5f;

  if (v <= 0.0f)
    return 0;
  if (v >= max_adu)
    return (gint32) max_adu;
  return (gint32) v;
}

/* Unbinned: converts the float electrons in place into Int32 ADU. Working in short runs
 * keeps the per-pixel loop free of the noise generator's branches, so it stays fast. */
static void
finish_in_place (float                     *buf,
                 gsize                      n_pixels,
                 const CriaSimRenderParams *p)
{
  float full_well = (float) p->full_well;
  float read_var = (float) (p->read_noise * p->read_noise);
  float bias = (float) p->bias_adu + 0.5f;
  float inv_epa = (float) (1.0 / p->electrons_per_adu);
  float max_adu = (float) p->max_adu;
  float gauss[256];
  gint32 adu[256];
  Noise noise;
  gsize start, i, n;

  noise_init (&noise, p->noise_seed);
  if (p->noiseless)
    memset (gauss, 0, sizeof gauss);

  for (start = 0; start < n_pixels; start += n)
    {
      float *run = buf + start;

      n = MIN (G_N_ELEMENTS (gauss), n_pixels - start);
      if (!p->noiseless)
        for (i = 0; i < n; i++)
          gauss[i] = noise_next (&noise);

      for (i = 0; i < n; i++)
        {
          float e = MIN (run[i], full_well);
          float collected = MIN (e + sqrtf (e + read_var) * gauss[i], full_well);
          float v = bias + collected * inv_epa;

          v = MAX (v, 0.0f);
          adu[i] = (gint32) MIN (v, max_adu);
        }
      memcpy (run, adu, n * sizeof adu[0]);
    }
}

/* Binned: sums bin × bin blocks of the unbinned buffer; each pixel read adds noise. */
static void
finish_binned (const float               *src,
               const Geometry            *geo,
               gint32                    *out,
               const CriaSimRenderParams *p)
{
  float full_well = (float) p->full_well;
  float read_var = (float) (p->read_noise * p->read_noise * p->bin_x * p->bin_y);
  float ceiling = full_well * p->bin_x * p->bin_y;
  float bias = (float) p->bias_adu;
  float inv_epa = (float) (1.0 / p->electrons_per_adu);
  float max_adu = (float) p->max_adu;
  Noise noise;
  guint x, y, bx, by;

  noise_init (&noise, p->noise_seed);
  for (y = 0; y < p->num_y; y++)
    for (x = 0; x < p->num_x; x++)
      {
        float sum = 0.0f;
        float g;

        for (by = 0; by < p->bin_y; by++)
          {
            const float *row = src + (gsize) (y * p->bin_y + by) * geo->width + x * p->bin_x;

            for (bx = 0; bx < p->bin_x; bx++)
              sum += MIN (row[bx], full_well);
          }
        g = p->noiseless ? 0.0f : noise_next (&noise);
        out[(gsize) y * p->num_x + x] = to_adu (sum, sum + read_var, g, ceiling, bias, inv_epa,
                                                max_adu);
      }
}

static gboolean
check_params (const CriaSimRenderParams  *p,
              GError                    **error)
{
  if (p->sensor_width == 0 || p->sensor_height == 0 || p->bin_x == 0 || p->bin_y == 0
      || p->num_x == 0 || p->num_y == 0)
    {
      g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_VALUE,
                   "The sensor size, binning and subframe size must be positive");
      return FALSE;
    }
  if ((guint64) p->start_x + p->num_x > p->sensor_width / p->bin_x
      || (guint64) p->start_y + p->num_y > p->sensor_height / p->bin_y)
    {
      g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_VALUE,
                   "The subframe %u,%u + %u × %u does not fit the %u × %u binned sensor",
                   p->start_x, p->start_y, p->num_x, p->num_y,
                   p->sensor_width / p->bin_x, p->sensor_height / p->bin_y);
      return FALSE;
    }
  if (!(p->pixel_size_um > 0) || !(p->focal_length_mm > 0) || !(p->electrons_per_adu > 0)
      || !(p->exposure >= 0) || p->pointings == NULL || p->n_pointings == 0)
    {
      g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_INVALID_VALUE,
                   "Incomplete render parameters");
      return FALSE;
    }
  return TRUE;
}

static void
init_geometry (Geometry                  *geo,
               const CriaSimRenderParams *p)
{
  double fwhm = CLAMP (p->fwhm_px, 0.5, MAX_FWHM);
  guint x0 = p->start_x * p->bin_x;
  guint y0 = p->start_y * p->bin_y;

  geo->scale = p->focal_length_mm / (p->pixel_size_um * 1e-3);
  geo->width = p->num_x * p->bin_x;
  geo->height = p->num_y * p->bin_y;
  geo->centre_x = p->sensor_width / 2.0 - x0;
  geo->centre_y = p->sensor_height / 2.0 - y0;
  geo->sigma = fwhm / 2.3548;
  geo->margin = MIN (6.0 * geo->sigma, MAX_STAMP_RADIUS) + 2.0;
  geo->bayer = p->bayer;
  geo->phase_x = (x0 + p->bayer_offset_x) & 1;
  geo->phase_y = (y0 + p->bayer_offset_y) & 1;
}

CriaFrame *
cria_sim_star_field_render (CriaSimStarField          *self,
                            const CriaSimRenderParams *params,
                            GError                   **error)
{
  g_autoptr(CriaFrame) frame = NULL;
  Geometry geo;
  float *buf;
  gboolean binned;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);

  if (!check_params (params, error))
    return NULL;

  frame = cria_frame_new (CRIA_ELEMENT_INT32, params->num_x, params->num_y, 1, error);
  if (frame == NULL)
    return NULL;

  init_geometry (&geo, params);
  binned = params->bin_x > 1 || params->bin_y > 1;
  if (binned)
    {
      gsize needed = (gsize) geo.width * geo.height;

      if (self->scratch_len < needed)
        {
          g_free (self->scratch);
          self->scratch = g_try_new (float, needed);
          self->scratch_len = self->scratch != NULL ? needed : 0;
          if (self->scratch == NULL)
            {
              g_set_error (error, CRIA_ALPACA_ERROR, CRIA_ALPACA_ERROR_DRIVER_FIRST,
                           "Not enough memory to render the frame");
              return NULL;
            }
        }
      buf = self->scratch;
    }
  else
    {
      /* Int32 and float have the same size: render in place. */
      buf = (float *) frame->data;
    }

  fill_background (buf, &geo, params);
  if (params->light && params->exposure > 0)
    stamp_stars (self, buf, &geo, params);

  if (binned)
    finish_binned (buf, &geo, (gint32 *) frame->data, params);
  else
    finish_in_place (buf, (gsize) geo.width * geo.height, params);

  return g_steal_pointer (&frame);
}

gboolean
cria_sim_star_field_brightest (CriaSimStarField          *self,
                               const CriaSimRenderParams *params,
                               double                     ra_hours,
                               double                     dec_degrees,
                               double                    *x,
                               double                    *y)
{
  CriaSimRenderParams full = *params;
  const Visible *best = NULL;
  Geometry geo;
  guint i;

  full.bin_x = full.bin_y = 1;
  full.start_x = full.start_y = 0;
  full.num_x = full.sensor_width;
  full.num_y = full.sensor_height;
  init_geometry (&geo, &full);
  geo.margin = 0;

  g_array_set_size (self->visible, 0);
  collect_visible (self, &geo, ra_hours, dec_degrees, self->visible);
  for (i = 0; i < self->visible->len; i++)
    {
      const Visible *v = &g_array_index (self->visible, Visible, i);

      if (best == NULL || v->rate > best->rate)
        best = v;
    }
  if (best == NULL)
    return FALSE;
  *x = best->x;
  *y = best->y;
  return TRUE;
}
