/* kiosk-photo.c — from a camera frame or an image file to the card photo
 *
 * The steps, and the coordinate frames they work in:
 *
 *  1. preview (≥ 320 px; a JPEG is decoded once, DCT-scaled): the face
 *     detector, coarse to fine;
 *  2. the eye band of the face box re-rendered at a fixed size from the
 *     source: the eye detector (eyes are found alike at any resolution);
 *  3. a view of the head at a fixed size, in colour: the top of the hair, the
 *     first rows above the face that differ from the background's colour;
 *  4. source pixels: the crop, solved so the card photo's face width, hair
 *     top, eye midpoint and eye line fall in the specification's ranges (a
 *     face that cannot fit is "too small/large/left/right/high/low");
 *  5. card pixels (358×441, rendered from the source at the resolution it
 *     needs): exposure and sharpness of the inner face, colour and spread
 *     of the background bands beside and above the head.
 */
#define G_LOG_DOMAIN "kiosk-photo"

#include "config.h"

#include <math.h>
#include <string.h>

#include "kiosk-photo.h"

#define MAX_FACES 8
#define MAX_EYES  16

/* The eye detector sees the band of the face box where eyes can be (15–60 %
 * of its height from the top) at this width: eyes then are about 30 px, just
 * above the cascade's 20 px window. */
#define EYE_VIEW_WIDTH 160
#define EYE_VIEW_Y0    0.15
#define EYE_VIEW_Y1    0.6

/* Faces are first sought on a coarse copy of the preview about this long
 * (cheap), then confirmed on the preview around each one (detect_faces). */
#define COARSE_SIDE 160

struct _KioskPhoto
{
  KioskPhotoSpec *spec;
  KioskFaceDetector *detector;
};

KioskPhoto *
kiosk_photo_new (const KioskPhotoSpec *spec, GError **error)
{
  g_autoptr (KioskPhotoSpec) own
      = spec != NULL ? kiosk_photo_spec_copy (spec) : kiosk_photo_spec_new_default ();
  KioskFaceDetector *detector = kiosk_face_detector_new (own->cascade_dir, error);
  KioskPhoto *photo;

  if (detector == NULL)
    return NULL;
  photo = g_new0 (KioskPhoto, 1);
  photo->spec = g_steal_pointer (&own);
  photo->detector = detector;
  return photo;
}

void
kiosk_photo_free (KioskPhoto *photo)
{
  if (photo == NULL)
    return;
  kiosk_face_detector_free (photo->detector);
  kiosk_photo_spec_free (photo->spec);
  g_free (photo);
}

const KioskPhotoSpec *
kiosk_photo_get_spec (KioskPhoto *photo)
{
  return photo->spec;
}

/* ---- eyes ---------------------------------------------------------------- */

/* Finds the two eyes in the face box (source pixels). FALSE if no plausible
 * pair: one in each half of the face, at eye height, not too close. */
static gboolean
find_eyes (KioskPhoto *photo, KioskPhotoSource *source, KioskPhotoCheck *check, GError **error)
{
  const KioskPhotoBox *f = &check->face;
  double band = (EYE_VIEW_Y1 - EYE_VIEW_Y0) * f->height;
  int view_h = MAX (1, (int) (EYE_VIEW_WIDTH * band / f->width + 0.5));
  g_autoptr (KioskPhotoImage) view = NULL;
  g_autoptr (KioskPhotoImage) grey = NULL;
  KioskFaceRect region, eyes[MAX_EYES];
  int n, i, best_left = -1, best_right = -1;
  double unit_x = f->width / EYE_VIEW_WIDTH, unit_y = band / view_h;
  double top = f->y + EYE_VIEW_Y0 * f->height;

  view = kiosk_photo_source_render (source, f->x, top, f->width, band, EYE_VIEW_WIDTH, view_h,
                                    error);
  if (view == NULL)
    return FALSE;
  grey = kiosk_photo_image_to_grey (view);

  region = (KioskFaceRect){ 0, 0, grey->width, grey->height };
  n = kiosk_face_detector_find_eyes (photo->detector, grey->pixels, grey->width, grey->height,
                                     grey->stride, &region, 20, EYE_VIEW_WIDTH * 3 / 10, eyes,
                                     MAX_EYES, error);
  if (n < 0)
    return FALSE;

  /* Largest plausible candidate on each side (the detector sorts by area). */
  for (i = 0; i < MIN (n, MAX_EYES); i++)
    {
      double cx = eyes[i].x + eyes[i].width / 2.0;
      double cy = top + (eyes[i].y + eyes[i].height / 2.0) * unit_y - f->y; /* below the box top */

      if (cy < 0.2 * f->height || cy > 0.55 * f->height)
        continue;
      if (cx < EYE_VIEW_WIDTH * 0.5 && cx > EYE_VIEW_WIDTH * 0.1 && best_left < 0)
        best_left = i;
      else if (cx >= EYE_VIEW_WIDTH * 0.5 && cx < EYE_VIEW_WIDTH * 0.9 && best_right < 0)
        best_right = i;
    }
  if (best_left < 0 || best_right < 0)
    return FALSE;

  check->left_eye_x = f->x + (eyes[best_left].x + eyes[best_left].width / 2.0) * unit_x;
  check->left_eye_y = top + (eyes[best_left].y + eyes[best_left].height / 2.0) * unit_y;
  check->right_eye_x = f->x + (eyes[best_right].x + eyes[best_right].width / 2.0) * unit_x;
  check->right_eye_y = top + (eyes[best_right].y + eyes[best_right].height / 2.0) * unit_y;
  return check->right_eye_x - check->left_eye_x >= 0.25 * f->width;
}

/* ---- top of the hair --------------------------------------------------- */

static void
mean_rgb (const KioskPhotoImage *image, int x0, int y0, int w, int h, double rgb[3])
{
  double sum[3] = { 0, 0, 0 };
  int x, y, c;

  for (y = y0; y < y0 + h; y++)
    for (x = x0; x < x0 + w; x++)
      for (c = 0; c < 3; c++)
        sum[c] += image->pixels[(gsize) y * image->stride + x * 3 + c];
  for (c = 0; c < 3; c++)
    rgb[c] = sum[c] / ((double) w * h);
}

static double
max_channel_diff (const double a[3], const double b[3])
{
  return MAX (fabs (a[0] - b[0]), MAX (fabs (a[1] - b[1]), fabs (a[2] - b[2])));
}

/* The head view: the face box and what is beside and above it, rendered so
 * that the face box is HEAD_VIEW_FACE pixels wide. */
#define HEAD_VIEW_FACE 100

typedef struct
{
  KioskPhotoImage *image;
  KioskPhotoBox face; /* view pixels */
  int x0, x1, y0;     /* the part of the view inside the source */
} HeadView;

/* The background colour beside the head at forehead height, where the hair
 * no longer reaches; FALSE when the two sides disagree (the background is
 * not uniform, so no row can be judged by it). */
static gboolean
background_beside (const HeadView *hv, double bg[3])
{
  const KioskPhotoImage *img = hv->image;
  const KioskPhotoBox *f = &hv->face;
  int w = MAX (2, (int) (0.3 * f->width)), h = MAX (2, (int) (0.3 * f->height));
  int y = MAX ((int) (f->y - 0.3 * f->height), hv->y0);
  int lx = (int) (f->x - 0.9 * f->width), rx = (int) (f->x + 1.6 * f->width);
  gboolean have_left = lx >= hv->x0, have_right = rx + w <= hv->x1;
  double left[3], right[3];
  int c;

  if (!have_left && !have_right)
    {
      /* A head filling the width (a card photo itself): the top corners. */
      w = MAX (2, (hv->x1 - hv->x0) / 12);
      y = hv->y0;
      if (hv->x1 - hv->x0 < 2 * w)
        return FALSE;
      lx = hv->x0;
      rx = hv->x1 - w;
      have_left = have_right = TRUE;
    }
  if (y + h > img->height)
    return FALSE;
  if (have_left)
    mean_rgb (img, lx, y, w, h, left);
  if (have_right)
    mean_rgb (img, rx, y, w, h, right);
  if (have_left && have_right && max_channel_diff (left, right) > 30.0)
    return FALSE;
  for (c = 0; c < 3; c++)
    bg[c] = have_left && have_right ? (left[c] + right[c]) / 2.0 : have_left ? left[c] : right[c];
  return TRUE;
}

/* The y (source pixels) of the top of the hair: scanning up from the face
 * box, the last row where enough of the head's columns differ from the
 * background's colour. Estimated from the face when the background is not
 * uniform or the result is not plausible for a head (a tall hat is
 * plausible: it is what the eye-line rule is for). */
static double
find_hair_top (KioskPhotoSource *source,
               const KioskPhotoCheck *check,
               gboolean *estimated,
               GError **error)
{
  const KioskPhotoBox *f = &check->face;
  double v = HEAD_VIEW_FACE / f->width;
  KioskPhotoBox r
      = { f->x - 1.0 * f->width, f->y - 1.8 * f->height, 3.0 * f->width, 1.9 * f->height };
  double estimate = f->y - 0.55 * f->height;
  g_autoptr (KioskPhotoImage) image = NULL;
  HeadView hv;
  double bg[3];
  int x0, x1, y, x, last_head, misses = 0;

  *estimated = TRUE;
  image = kiosk_photo_source_render (source, r.x, r.y, r.width, r.height, (int) (r.width * v + 0.5),
                                     (int) (r.height * v + 0.5), error);
  if (image == NULL)
    return estimate;
  hv.image = image;
  hv.face = (KioskPhotoBox){ (f->x - r.x) * v, (f->y - r.y) * v, f->width * v, f->height * v };
  hv.x0 = MAX (0, (int) ceil (-r.x * v));
  hv.x1 = MIN (image->width, (int) ((check->source_width - r.x) * v));
  hv.y0 = MAX (0, (int) ceil (-r.y * v));
  if (!background_beside (&hv, bg))
    return estimate;

  x0 = CLAMP ((int) (hv.face.x + 0.2 * hv.face.width), 0, image->width - 1);
  x1 = CLAMP ((int) (hv.face.x + 0.8 * hv.face.width), x0 + 1, image->width);
  last_head = CLAMP ((int) hv.face.y, hv.y0, image->height - 1);
  for (y = last_head; y >= hv.y0; y--)
    {
      const guint8 *row = image->pixels + (gsize) y * image->stride;
      int differ = 0;

      for (x = x0; x < x1; x++)
        {
          double px[3] = { row[x * 3], row[x * 3 + 1], row[x * 3 + 2] };

          if (max_channel_diff (px, bg) > 40.0)
            differ++;
        }
      if (differ * 10 >= x1 - x0)
        {
          last_head = y;
          misses = 0;
        }
      else if (++misses >= 3)
        break;
    }

  /* Hair (or a hat) rises 0.25–1.6 face-box heights above the box; a head
   * cut by the top edge of the picture has its top there. */
  if (hv.face.y - last_head < 0.25 * hv.face.height
      || (hv.face.y - last_head > 1.6 * hv.face.height && last_head > hv.y0))
    return estimate;
  *estimated = FALSE;
  return r.y + last_head / v;
}

/* ---- the crop ------------------------------------------------------------ */

static gboolean
clamp_range (double *lo, double *hi, double lo2, double hi2)
{
  *lo = MAX (*lo, lo2);
  *hi = MIN (*hi, hi2);
  return *lo <= *hi;
}

/* Plans the crop from the measured face (source pixels). Sets the crop and
 * the card geometry; adds the reasons for a face that cannot fit. */
static gboolean
plan_crop (const KioskPhotoSpec *spec, KioskPhotoCheck *check)
{
  double fw = check->face.width * KIOSK_PHOTO_FACE_WIDTH_PER_BOX;
  double ex = (check->left_eye_x + check->right_eye_x) / 2.0;
  double ey = (check->left_eye_y + check->right_eye_y) / 2.0;
  double hair = check->hair_top;
  double d = MAX (ey - hair, 1.0);
  double W = check->source_width, H = check->source_height;
  double eye_line_max = spec->height - spec->eye_line_min_to_bottom; /* 234 */
  double s_lo = spec->face_width_min / fw;
  double s_hi = MIN (spec->face_width_max / fw, spec->max_upscale);
  double s_eye = (eye_line_max - spec->hair_top_min) / d;
  double s_pref = (spec->face_width_min + spec->face_width_max) / 2.0 / fw;
  double target_x = (spec->eye_x_min + spec->eye_x_max) / 2.0;
  double target_t = (spec->hair_top_min + spec->hair_top_max) / 2.0;
  double s, t;
  int step;
  gboolean fits;

  if (s_lo > spec->max_upscale)
    kiosk_photo_check_add_reason (check, KIOSK_PHOTO_REASON_FACE_TOO_SMALL);
  else if (s_eye < s_lo)
    kiosk_photo_check_add_reason (check, KIOSK_PHOTO_REASON_HEAD_PROPORTIONS);
  else
    {
      s_hi = MIN (s_hi, s_eye);
      s_pref = CLAMP (s_pref, s_lo, s_hi);
      /* A larger scale (smaller crop) only helps the crop fit: search upwards. */
      for (step = 0; step <= 32; step++)
        {
          double sc = s_pref + (s_hi - s_pref) * step / 32.0;
          double tol = 4.0 / sc; /* up to 4 card pixels of repeated edge */
          double t_max = MIN (spec->hair_top_max, eye_line_max - sc * d);
          double x_lo = ex - spec->eye_x_max / sc, x_hi = ex - spec->eye_x_min / sc;
          double y_lo = hair - t_max / sc, y_hi = hair - spec->hair_top_min / sc;

          if (!clamp_range (&x_lo, &x_hi, -tol, W - spec->width / sc + tol)
              || !clamp_range (&y_lo, &y_hi, -tol, H - spec->height / sc + tol))
            continue;
          check->have_crop = TRUE;
          check->crop.width = spec->width / sc;
          check->crop.height = spec->height / sc;
          check->crop.x = CLAMP (ex - target_x / sc, x_lo, x_hi);
          check->crop.y = CLAMP (hair - target_t / sc, y_lo, y_hi);
          break;
        }
      if (!check->have_crop)
        {
          /* Diagnose at the most favourable scale. */
          double tol = 4.0 / s_hi;
          double t_max = MIN (spec->hair_top_max, eye_line_max - s_hi * d);
          gboolean left = ex - spec->eye_x_min / s_hi < -tol;
          gboolean right = ex - spec->eye_x_max / s_hi > W - spec->width / s_hi + tol;
          gboolean top = hair - spec->hair_top_min / s_hi < -tol;
          gboolean bottom = hair - t_max / s_hi > H - spec->height / s_hi + tol;

          if ((left && right) || (top && bottom) || spec->width / s_hi > W + 2 * tol
              || spec->height / s_hi > H + 2 * tol)
            kiosk_photo_check_add_reason (check, KIOSK_PHOTO_REASON_FACE_TOO_LARGE);
          else
            {
              if (left)
                kiosk_photo_check_add_reason (check, KIOSK_PHOTO_REASON_FACE_TOO_LEFT);
              if (right)
                kiosk_photo_check_add_reason (check, KIOSK_PHOTO_REASON_FACE_TOO_RIGHT);
              if (top)
                kiosk_photo_check_add_reason (check, KIOSK_PHOTO_REASON_FACE_TOO_HIGH);
              if (bottom)
                kiosk_photo_check_add_reason (check, KIOSK_PHOTO_REASON_FACE_TOO_LOW);
            }
        }
    }

  fits = check->have_crop;
  if (!check->have_crop)
    {
      /* Best effort, for the screen and the pixel checks: centred at the
       * preferred scale, the edges repeated where the source ends. */
      s = CLAMP ((spec->face_width_min + spec->face_width_max) / 2.0 / fw, 0.01, spec->max_upscale);
      check->have_crop = TRUE;
      check->crop.width = spec->width / s;
      check->crop.height = spec->height / s;
      check->crop.x = ex - target_x / s;
      check->crop.y = hair - target_t / s;
    }

  s = spec->width / check->crop.width;
  t = (hair - check->crop.y) * s;
  check->face_width = fw * s;
  check->hair_top_px = t;
  check->eye_x = (ex - check->crop.x) * s;
  check->eye_line_to_bottom = spec->height - (ey - check->crop.y) * s;
  return fits;
}

/* ---- pixels of the card photo -------------------------------------------- */

/* Luma histogram and colour sums of the background bands. */
typedef struct
{
  double n;
  double rgb[3];
  guint32 hist[256];
} Stats;

static void
stats_add_region (Stats *st, const KioskPhotoImage *card, int x0, int y0, int x1, int y1)
{
  int x, y;

  x0 = CLAMP (x0, 0, card->width);
  x1 = CLAMP (x1, 0, card->width);
  y0 = CLAMP (y0, 0, card->height);
  y1 = CLAMP (y1, 0, card->height);
  for (y = y0; y < y1; y++)
    {
      const guint8 *row = card->pixels + (gsize) y * card->stride;

      for (x = x0; x < x1; x++)
        {
          const guint8 *p = row + x * 3;

          st->hist[(77 * p[0] + 150 * p[1] + 29 * p[2] + 128) >> 8]++;
          st->n++;
          st->rgb[0] += p[0];
          st->rgb[1] += p[1];
          st->rgb[2] += p[2];
        }
    }
}

/* The luma below which `share` of the pixels lie. */
static double
stats_percentile (const Stats *st, double share)
{
  double seen = 0;
  int i;

  for (i = 0; i < 256; i++)
    {
      seen += st->hist[i];
      if (seen >= share * st->n)
        return i;
    }
  return 255;
}

/* Beside the head down to the eyes, and above the hair. Percentiles rather
 * than mean and deviation: a few pixels of hair reaching into a band must not
 * make a white background "not uniform"; a panel or shadow covering a tenth
 * of it must. */
static void
judge_background (const KioskPhotoSpec *spec, const KioskPhotoImage *card, KioskPhotoCheck *check)
{
  Stats st = { 0 };
  double half_head = 0.75 * check->face_width;
  int eye_y = (int) (card->height - check->eye_line_to_bottom);
  int left_end = (int) (check->eye_x - half_head) - 3;
  int right_start = (int) (check->eye_x + half_head) + 3;
  int top_end = (int) check->hair_top_px - 3;
  double r, g, b;

  if (left_end >= 6)
    stats_add_region (&st, card, 0, 0, left_end, eye_y);
  if (card->width - right_start >= 6)
    stats_add_region (&st, card, right_start, 0, card->width, eye_y);
  stats_add_region (&st, card, 0, 0, card->width, MAX (top_end, 3));

  r = st.rgb[0] / st.n;
  g = st.rgb[1] / st.n;
  b = st.rgb[2] / st.n;
  check->background_luma = stats_percentile (&st, 0.5);
  check->background_chroma = MAX (fabs (r - g), MAX (fabs (g - b), fabs (r - b)));
  check->background_spread = stats_percentile (&st, 0.9) - stats_percentile (&st, 0.1);

  if (check->background_luma < spec->background_luma_min
      || check->background_chroma > spec->background_chroma_max)
    kiosk_photo_check_add_reason (check, KIOSK_PHOTO_REASON_BACKGROUND_NOT_WHITE);
  if (check->background_spread > spec->background_spread_max)
    kiosk_photo_check_add_reason (check, KIOSK_PHOTO_REASON_BACKGROUND_NOT_UNIFORM);
}

static void
judge_face_pixels (const KioskPhotoSpec *spec, const KioskPhotoImage *card, KioskPhotoCheck *check)
{
  g_autoptr (KioskPhotoImage) grey = kiosk_photo_image_to_grey (card);
  double fw = check->face_width;
  double eye_y = card->height - check->eye_line_to_bottom;
  int x0 = (int) (check->eye_x - 0.3 * fw), x1 = (int) (check->eye_x + 0.3 * fw);
  int y0 = (int) (eye_y - 0.15 * fw), y1 = (int) (eye_y + 0.45 * fw);
  double n = 0, sum = 0, sum2 = 0, high = 0, low = 0, lap_n = 0, lap_sum = 0, lap_sum2 = 0;
  double mean, var_lap, var_luma;
  int x, y;

  x0 = CLAMP (x0, 1, grey->width - 1);
  x1 = CLAMP (x1, x0, grey->width - 1);
  y0 = CLAMP (y0, 1, grey->height - 1);
  y1 = CLAMP (y1, y0, grey->height - 1);
  for (y = y0; y < y1; y++)
    {
      const guint8 *row = grey->pixels + (gsize) y * grey->stride;

      for (x = x0; x < x1; x++)
        {
          int v = row[x];
          double lap
              = 4.0 * v - row[x - 1] - row[x + 1] - row[x - grey->stride] - row[x + grey->stride];

          n++;
          sum += v;
          sum2 += (double) v * v;
          high += v >= 250;
          low += v <= 10;
          lap_n++;
          lap_sum += lap;
          lap_sum2 += lap * lap;
        }
    }
  if (n == 0)
    return;
  check->face_luma = sum / n;
  check->face_clipped_high = high / n;
  check->face_clipped_low = low / n;
  /* Laplacian variance over luma variance: edges relative to contrast, so a
   * dark but sharp face is not called blurred. */
  mean = lap_sum / lap_n;
  var_lap = lap_sum2 / lap_n - mean * mean;
  var_luma = sum2 / n - (sum / n) * (sum / n);
  check->sharpness = var_luma > 1.0 ? 100.0 * var_lap / var_luma : 0.0;

  if (check->face_luma < spec->face_luma_min || check->face_clipped_low > spec->clipped_max)
    kiosk_photo_check_add_reason (check, KIOSK_PHOTO_REASON_TOO_DARK);
  else if (check->face_luma > spec->face_luma_max || check->face_clipped_high > spec->clipped_max)
    kiosk_photo_check_add_reason (check, KIOSK_PHOTO_REASON_TOO_BRIGHT);
  if (check->sharpness < spec->sharpness_min)
    kiosk_photo_check_add_reason (check, KIOSK_PHOTO_REASON_BLURRED);
}

/* ---- faces --------------------------------------------------------------- */

/* Faces in the grey preview, largest first. On a large preview, first on a
 * coarse copy about COARSE_SIDE long (cheap: it sees faces from 15 % of the
 * picture's longer side up, and it is what counts a second person), each
 * face then refined on the preview within a
 * window around it, at sizes near the coarse one. Only when the coarse copy
 * shows no face is the whole preview searched down to the cascade's 24 px
 * window (the slow path: no face, or a small one). */
static int
detect_faces (KioskPhoto *photo, const KioskPhotoImage *grey, KioskFaceRect *faces, GError **error)
{
  int k = MAX (grey->width, grey->height) / COARSE_SIDE;
  KioskFaceRect confirmed[MAX_FACES];
  int n, i, n_confirmed = 0;

  if (k >= 2)
    {
      g_autoptr (KioskPhotoImage) small = kiosk_photo_image_shrink (grey, k);

      n = kiosk_face_detector_find_faces (photo->detector, small->pixels, small->width,
                                          small->height, small->stride, 24, 1.1, faces, MAX_FACES,
                                          error);
      if (n < 0)
        return -1;
      /* Each coarse face is confirmed, with a precise box, on the preview; an
       * unconfirmed one is dropped (coarse false positives happen), except
       * the largest when none is confirmed. */
      for (i = 0; i < MIN (n, MAX_FACES); i++)
        {
          KioskFaceRect c
              = { faces[i].x * k, faces[i].y * k, faces[i].width * k, faces[i].height * k };
          KioskFaceRect window
              = { c.x - c.width / 2, c.y - c.height / 2, c.width * 2, c.height * 2 };
          int m = kiosk_face_detector_find_faces_in (
              photo->detector, grey->pixels, grey->width, grey->height, grey->stride, &window,
              c.width * 7 / 10, c.width * 14 / 10, &confirmed[n_confirmed], 1, error);

          if (m < 0)
            return -1;
          if (m > 0)
            n_confirmed++;
          faces[i] = c;
        }
      if (n_confirmed > 0)
        {
          memcpy (faces, confirmed, sizeof (KioskFaceRect) * n_confirmed);
          return n_confirmed;
        }
      if (n > 0)
        return 1;
    }
  return kiosk_face_detector_find_faces (photo->detector, grey->pixels, grey->width, grey->height,
                                         grey->stride, 24, 1.1, faces, MAX_FACES, error);
}

/* ---- the check ----------------------------------------------------------- */

KioskPhotoCheck *
kiosk_photo_check (KioskPhoto *photo,
                   KioskPhotoSource *source,
                   KioskPhotoImage **card,
                   GError **error)
{
  const KioskPhotoSpec *spec;
  g_autoptr (KioskPhotoCheck) check = kiosk_photo_check_new ();
  g_autoptr (KioskPhotoImage) preview = NULL;
  g_autoptr (KioskPhotoImage) grey = NULL;
  g_autoptr (KioskPhotoImage) rendered = NULL;
  g_autoptr (GError) local = NULL;
  KioskFaceRect faces[MAX_FACES];
  KioskPhotoBox pf;
  double sx, sy;
  gboolean fits;
  int n, i;

  g_return_val_if_fail (photo != NULL, NULL);
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (card == NULL || *card == NULL, NULL);

  spec = photo->spec;
  check->source_width = kiosk_photo_source_get_width (source);
  check->source_height = kiosk_photo_source_get_height (source);
  check->source_format = kiosk_photo_source_format_name (kiosk_photo_source_get_format (source));

  /* 1. Faces, on the preview. */
  preview = kiosk_photo_source_preview (source, KIOSK_PHOTO_PREVIEW_SIDE, &sx, &sy, error);
  if (preview == NULL)
    return NULL;
  grey = kiosk_photo_image_to_grey (preview);
  n = detect_faces (photo, grey, faces, error);
  if (n < 0)
    return NULL;
  /* Detections much smaller than the largest are background texture, and one
   * centred inside another is the same face seen at another scale. */
  check->n_faces = 0;
  for (i = 0; i < MIN (n, MAX_FACES); i++)
    {
      int cx = faces[i].x + faces[i].width / 2, cy = faces[i].y + faces[i].height / 2;
      gboolean duplicate = FALSE;
      int j;

      if (faces[i].width * 2 < faces[0].width)
        continue;
      for (j = 0; j < i && !duplicate; j++)
        duplicate = cx >= faces[j].x && cx < faces[j].x + faces[j].width && cy >= faces[j].y
                    && cy < faces[j].y + faces[j].height;
      if (!duplicate)
        check->n_faces++;
    }
  if (check->n_faces == 0)
    {
      kiosk_photo_check_add_reason (check, KIOSK_PHOTO_REASON_NO_FACE);
      return g_steal_pointer (&check);
    }
  if (check->n_faces > 1)
    {
      kiosk_photo_check_add_reason (check, KIOSK_PHOTO_REASON_MULTIPLE_FACES);
      return g_steal_pointer (&check);
    }
  pf = (KioskPhotoBox){ faces[0].x, faces[0].y, faces[0].width, faces[0].height };
  check->face = (KioskPhotoBox){ pf.x / sx, pf.y / sy, pf.width / sx, pf.height / sy };

  /* 2. Eyes, on the face at a fixed size. */
  check->eyes_found = find_eyes (photo, source, check, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (!check->eyes_found)
    {
      kiosk_photo_check_add_reason (check, KIOSK_PHOTO_REASON_EYES_NOT_FOUND);
      check->left_eye_x = check->face.x + 0.3 * check->face.width;
      check->right_eye_x = check->face.x + 0.7 * check->face.width;
      check->left_eye_y = check->right_eye_y = check->face.y + 0.38 * check->face.height;
    }
  check->tilt_degrees
      = atan2 (check->right_eye_y - check->left_eye_y, check->right_eye_x - check->left_eye_x)
        * 180.0 / G_PI;
  if (fabs (check->tilt_degrees) > spec->max_tilt_degrees)
    kiosk_photo_check_add_reason (check, KIOSK_PHOTO_REASON_HEAD_TILTED);

  /* 3. Top of the hair, on a view of the head in colour. */
  check->hair_top = find_hair_top (source, check, &check->hair_top_estimated, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }

  /* 4. The crop. */
  fits = plan_crop (spec, check);

  /* 5. The card photo's pixels. */
  rendered = kiosk_photo_source_render (source, check->crop.x, check->crop.y, check->crop.width,
                                        check->crop.height, spec->width, spec->height, error);
  if (rendered == NULL)
    return NULL;
  judge_face_pixels (spec, rendered, check);
  /* Where the crop does not fit, the bands may hold repeated edges or the
   * person: the background is judged once the face is in place. */
  if (fits)
    judge_background (spec, rendered, check);

  if (card != NULL)
    *card = g_steal_pointer (&rendered);
  return g_steal_pointer (&check);
}

/* ---- the JPEG ------------------------------------------------------------ */

GBytes *
kiosk_photo_produce (KioskPhoto *photo,
                     KioskPhotoCheck *check,
                     const KioskPhotoImage *card,
                     GError **error)
{
  const KioskPhotoSpec *spec;
  g_autoptr (GBytes) best = NULL;
  int lo, hi, best_q = 0;

  g_return_val_if_fail (photo != NULL, NULL);
  g_return_val_if_fail (check != NULL, NULL);
  g_return_val_if_fail (card != NULL, NULL);

  spec = photo->spec;
  if (!check->passed)
    {
      g_set_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_NOT_PASSED,
                   "照片不符合要求 (the photo did not pass the check): %s",
                   kiosk_photo_check_get_instruction (check));
      return NULL;
    }
  if (card->width != spec->width || card->height != spec->height || card->channels != 3)
    {
      g_set_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_DIMENSIONS,
                   "card image is %d×%d×%d, not %d×%d RGB", card->width, card->height,
                   card->channels, spec->width, spec->height);
      return NULL;
    }

  /* The highest quality whose file is not above the maximum: the highest
   * of all first (it usually fits), else a binary search (file size grows
   * with quality; about six encodes). */
  lo = spec->quality_min;
  hi = spec->quality_max;
  {
    g_autoptr (GBytes) jpeg = kiosk_photo_image_encode_jpeg (card, hi, spec->density_dpi, error);

    if (jpeg == NULL)
      return NULL;
    if (g_bytes_get_size (jpeg) <= spec->max_bytes)
      {
        best = g_steal_pointer (&jpeg);
        best_q = hi;
        lo = hi + 1;
      }
    else
      hi--;
  }
  while (lo <= hi)
    {
      int q = (lo + hi) / 2;
      g_autoptr (GBytes) jpeg = kiosk_photo_image_encode_jpeg (card, q, spec->density_dpi, error);

      if (jpeg == NULL)
        return NULL;
      if (g_bytes_get_size (jpeg) <= spec->max_bytes)
        {
          g_clear_pointer (&best, g_bytes_unref);
          best = g_steal_pointer (&jpeg);
          best_q = q;
          lo = q + 1;
        }
      else
        hi = q - 1;
    }

  if (best == NULL || g_bytes_get_size (best) < spec->min_bytes)
    {
      kiosk_photo_check_add_reason (check, KIOSK_PHOTO_REASON_FILE_SIZE);
      g_set_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_NOT_PASSED,
                   "%s (no JPEG quality from %d to %d gives %zu–%zu bytes)",
                   kiosk_photo_reason_instruction (KIOSK_PHOTO_REASON_FILE_SIZE), spec->quality_min,
                   spec->quality_max, spec->min_bytes, spec->max_bytes);
      return NULL;
    }
  check->jpeg_quality = best_q;
  check->jpeg_size = g_bytes_get_size (best);
  return g_steal_pointer (&best);
}
