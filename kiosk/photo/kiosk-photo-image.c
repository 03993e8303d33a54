/* kiosk-photo-image.c — an 8-bit RGB or grey pixel buffer */
#define G_LOG_DOMAIN "kiosk-photo"

#include "config.h"

#include <math.h>
#include <string.h>
#include <turbojpeg.h>

#include "kiosk-photo-error.h"
#include "kiosk-photo-image.h"

/* An image whose pixels are not initialised: for a buffer about to be
 * written whole (a decode, a resample). */
static KioskPhotoImage *
image_alloc (int width, int height, int channels, gboolean zero)
{
  KioskPhotoImage *image;

  g_return_val_if_fail (channels == 1 || channels == 3, NULL);

  if (width < 1 || height < 1 || width > KIOSK_PHOTO_IMAGE_MAX_SIDE
      || height > KIOSK_PHOTO_IMAGE_MAX_SIDE
      || (guint64) width * (guint64) height > KIOSK_PHOTO_IMAGE_MAX_PIXELS)
    return NULL;
  image = g_new0 (KioskPhotoImage, 1);
  image->width = width;
  image->height = height;
  image->channels = channels;
  image->stride = width * channels;
  image->pixels = zero ? g_malloc0 ((gsize) image->stride * (gsize) height)
                       : g_malloc ((gsize) image->stride * (gsize) height);
  return image;
}

KioskPhotoImage *
kiosk_photo_image_new (int width, int height, int channels)
{
  return image_alloc (width, height, channels, TRUE);
}

KioskPhotoImage *
kiosk_photo_image_new_uninitialised (int width, int height, int channels)
{
  return image_alloc (width, height, channels, FALSE);
}

KioskPhotoImage *
kiosk_photo_image_new_from_data (
    int width, int height, int channels, int stride, const guint8 *data)
{
  KioskPhotoImage *image;
  int y;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (stride >= width * channels, NULL);

  image = image_alloc (width, height, channels, FALSE);
  if (image == NULL)
    return NULL;
  for (y = 0; y < height; y++)
    memcpy (image->pixels + (gsize) y * image->stride, data + (gsize) y * stride,
            (gsize) image->stride);
  return image;
}

void
kiosk_photo_image_free (KioskPhotoImage *image)
{
  if (image == NULL)
    return;
  g_free (image->pixels);
  g_free (image);
}

KioskPhotoImage *
kiosk_photo_image_to_grey (const KioskPhotoImage *image)
{
  KioskPhotoImage *grey;
  int x, y;

  g_return_val_if_fail (image != NULL, NULL);

  if (image->channels == 1)
    return kiosk_photo_image_new_from_data (image->width, image->height, 1, image->stride,
                                            image->pixels);
  grey = image_alloc (image->width, image->height, 1, FALSE);
  for (y = 0; y < image->height; y++)
    {
      const guint8 *s = image->pixels + (gsize) y * image->stride;
      guint8 *d = grey->pixels + (gsize) y * grey->stride;

      for (x = 0; x < image->width; x++, s += 3)
        d[x] = (guint8) ((77 * s[0] + 150 * s[1] + 29 * s[2] + 128) >> 8);
    }
  return grey;
}

KioskPhotoImage *
kiosk_photo_image_shrink (const KioskPhotoImage *image, int factor)
{
  KioskPhotoImage *out;
  int ch, x, y, c, k, ow, oh, full, n;
  guint32 *col;

  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (factor >= 1, NULL);

  if (factor == 1)
    return kiosk_photo_image_new_from_data (image->width, image->height, image->channels,
                                            image->stride, image->pixels);
  ch = image->channels;
  ow = (image->width + factor - 1) / factor;
  oh = (image->height + factor - 1) / factor;
  full = image->width / factor; /* output columns made of whole blocks */
  n = image->width * ch;
  out = image_alloc (ow, oh, ch, FALSE);
  if (out == NULL)
    return NULL;
  /* Each block row: first the sum of its rows, column by column (a plain
   * loop over contiguous bytes, which the compiler vectorises), then the
   * sums of `factor` columns. */
  col = g_new (guint32, (gsize) n);
  for (y = 0; y < oh; y++)
    {
      int y0 = y * factor, rows = MIN (factor, image->height - y0), yy;
      const guint8 *src = image->pixels + (gsize) y0 * image->stride;
      guint8 *dst = out->pixels + (gsize) y * out->stride;
      guint32 whole = (guint32) rows * (guint32) factor;

      for (c = 0; c < n; c++)
        col[c] = src[c];
      for (yy = 1; yy < rows; yy++)
        {
          src = image->pixels + (gsize) (y0 + yy) * image->stride;
          for (c = 0; c < n; c++)
            col[c] += src[c];
        }
      if (ch == 3)
        for (x = 0; x < full; x++)
          {
            const guint32 *p = col + (gsize) x * factor * 3;
            guint32 s0 = 0, s1 = 0, s2 = 0;

            for (k = 0; k < factor; k++, p += 3)
              {
                s0 += p[0];
                s1 += p[1];
                s2 += p[2];
              }
            dst[x * 3] = (guint8) ((s0 + whole / 2) / whole);
            dst[x * 3 + 1] = (guint8) ((s1 + whole / 2) / whole);
            dst[x * 3 + 2] = (guint8) ((s2 + whole / 2) / whole);
          }
      else
        for (x = 0; x < full; x++)
          {
            const guint32 *p = col + (gsize) x * factor;
            guint32 s0 = 0;

            for (k = 0; k < factor; k++)
              s0 += p[k];
            dst[x] = (guint8) ((s0 + whole / 2) / whole);
          }
      /* The last, partial block of columns. */
      if (full < ow)
        {
          guint32 m = (guint32) rows * (guint32) (image->width - full * factor);

          for (c = 0; c < ch; c++)
            {
              guint32 sum = 0;

              for (x = full * factor; x < image->width; x++)
                sum += col[x * ch + c];
              dst[full * ch + c] = (guint8) ((sum + m / 2) / m);
            }
        }
    }
  g_free (col);
  return out;
}

/* The filter taps of one axis: for each output pixel, `n` source indices
 * (already clamped to the image, so the edge repeats) and their weights in
 * 1/16384, which add up to 16384 exactly (the identity is exact). */
#define WEIGHT_ONE 16384

typedef struct
{
  int n; /* taps per output pixel */
  int *index;
  gint32 *weight;
} Taps;

static void
taps_build (Taps *taps, double start, double length, int src_len, int out_len)
{
  double scale = length / out_len;
  double radius = MAX (scale, 1.0);
  int candidates = (int) ceil (2.0 * radius) + 2;
  g_autofree double *w = g_new (double, candidates);
  g_autofree int *first = g_new (int, out_len);
  int i, k;

  /* Only the taps with a weight: the triangle is 2 × radius wide, so of the
   * candidate taps the outer ones are often zero. */
  taps->n = 1;
  for (i = 0; i < out_len; i++)
    {
      double centre = start + (i + 0.5) * scale;
      int lo = (int) floor (centre - radius), a = -1, b = -1;

      for (k = 0; k < candidates; k++)
        {
          double d = fabs ((lo + k + 0.5) - centre) / radius;

          if (d < 1.0)
            {
              if (a < 0)
                a = k;
              b = k;
            }
        }
      first[i] = lo + MAX (a, 0);
      taps->n = MAX (taps->n, a < 0 ? 1 : b - a + 1);
    }
  taps->index = g_new (int, (gsize) out_len * taps->n);
  taps->weight = g_new (gint32, (gsize) out_len * taps->n);
  for (i = 0; i < out_len; i++)
    {
      double centre = start + (i + 0.5) * scale;
      int *index = taps->index + (gsize) i * taps->n;
      gint32 *weight = taps->weight + (gsize) i * taps->n;
      double sum = 0.0;
      int total = 0, largest = 0;

      for (k = 0; k < taps->n; k++)
        {
          int j = first[i] + k;
          double d = fabs ((j + 0.5) - centre) / radius;

          w[k] = d < 1.0 ? 1.0 - d : 0.0;
          index[k] = CLAMP (j, 0, src_len - 1);
          sum += w[k];
        }
      if (sum <= 0.0)
        {
          /* Cannot happen with radius >= 1, but never divide by zero. */
          w[0] = 1.0;
          sum = 1.0;
        }
      for (k = 0; k < taps->n; k++)
        {
          weight[k] = (gint32) floor (w[k] / sum * WEIGHT_ONE + 0.5);
          total += weight[k];
          if (weight[k] > weight[largest])
            largest = k;
        }
      weight[largest] += WEIGHT_ONE - total;
    }
}

static void
taps_clear (Taps *taps)
{
  g_clear_pointer (&taps->index, g_free);
  g_clear_pointer (&taps->weight, g_free);
}

/* Separable, in fixed point: first vertically over the columns some output
 * pixel reads (contiguous rows: the loop vectorises), keeping 6 fraction
 * bits (values up to 255 × 64 in 16 bits), then horizontally on the fewer
 * rows that leaves, rounding to 8 bits. */
static KioskPhotoImage *
filter_resample (const KioskPhotoImage *image,
                 double x,
                 double y,
                 double w,
                 double h,
                 int out_width,
                 int out_height)
{
  KioskPhotoImage *out;
  Taps tx = { 0 }, ty = { 0 };
  int ch, col_lo, col_hi, span, i, k, c;
  gint16 *mid;
  gint32 *acc;

  out = image_alloc (out_width, out_height, image->channels, FALSE);
  if (out == NULL)
    return NULL;
  ch = image->channels;
  taps_build (&tx, x, w, image->width, out_width);
  taps_build (&ty, y, h, image->height, out_height);

  /* The source columns the horizontal pass reads (every tap's, zero
   * weights too: the loop reads them all). */
  col_lo = image->width - 1;
  col_hi = 0;
  for (i = 0; i < out_width * tx.n; i++)
    {
      col_lo = MIN (col_lo, tx.index[i]);
      col_hi = MAX (col_hi, tx.index[i]);
    }
  span = (col_hi - col_lo + 1) * ch;

  mid = g_new (gint16, (gsize) out_height * span);
  acc = g_new (gint32, (gsize) span);
  for (i = 0; i < out_height; i++)
    {
      const int *index = ty.index + (gsize) i * ty.n;
      const gint32 *weight = ty.weight + (gsize) i * ty.n;
      gint16 *dst = mid + (gsize) i * span;

      memset (acc, 0, sizeof (gint32) * span);
      for (k = 0; k < ty.n; k++)
        {
          const guint8 *src = image->pixels + (gsize) index[k] * image->stride + col_lo * ch;
          /* 16 × 16 → 32-bit products (the weight is at most 16384): the
           * widening multiply SSE2 has, where a 32-bit one it has not. */
          gint16 wk = (gint16) weight[k];

          if (wk == 0)
            continue;
          for (c = 0; c < span; c++)
            acc[c] += (gint32) wk * (gint16) src[c];
        }
      for (c = 0; c < span; c++)
        dst[c] = (gint16) ((acc[c] + 128) >> 8);
    }

  for (i = 0; i < out_height; i++)
    {
      const gint16 *src = mid + (gsize) i * span - col_lo * ch;
      guint8 *dst = out->pixels + (gsize) i * out->stride;
      int o;

      if (ch == 3)
        for (o = 0; o < out_width; o++)
          {
            const int *index = tx.index + (gsize) o * tx.n;
            const gint32 *weight = tx.weight + (gsize) o * tx.n;
            gint32 a0 = 1 << 19, a1 = 1 << 19, a2 = 1 << 19;

            for (k = 0; k < tx.n; k++)
              {
                const gint16 *p = src + index[k] * 3;
                gint32 wk = weight[k];

                a0 += wk * p[0];
                a1 += wk * p[1];
                a2 += wk * p[2];
              }
            dst[o * 3] = (guint8) CLAMP (a0 >> 20, 0, 255);
            dst[o * 3 + 1] = (guint8) CLAMP (a1 >> 20, 0, 255);
            dst[o * 3 + 2] = (guint8) CLAMP (a2 >> 20, 0, 255);
          }
      else
        for (o = 0; o < out_width; o++)
          {
            const int *index = tx.index + (gsize) o * tx.n;
            const gint32 *weight = tx.weight + (gsize) o * tx.n;
            gint32 a = 1 << 19;

            for (k = 0; k < tx.n; k++)
              a += weight[k] * src[index[k]];
            dst[o] = (guint8) CLAMP (a >> 20, 0, 255);
          }
    }
  g_free (acc);
  g_free (mid);
  taps_clear (&tx);
  taps_clear (&ty);
  return out;
}

/* The part [x0, x1) × [y0, y1) of `image`, shrunk by `factor` (box). */
static KioskPhotoImage *
shrink_part (const KioskPhotoImage *image, int x0, int y0, int x1, int y1, int factor)
{
  KioskPhotoImage part
      = { x1 - x0, y1 - y0, image->channels, image->stride,
          (guint8 *) image->pixels + (gsize) y0 * image->stride + (gsize) x0 * image->channels };

  return kiosk_photo_image_shrink (&part, factor);
}

KioskPhotoImage *
kiosk_photo_image_resample (const KioskPhotoImage *image,
                            double x,
                            double y,
                            double w,
                            double h,
                            int out_width,
                            int out_height)
{
  double reduce;
  int k;

  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (w > 0.0 && h > 0.0, NULL);

  /* A large reduction is done in two steps, as image libraries do: a box
   * shrink by an integer factor of the part needed, then the triangle filter
   * for the rest (between 1.5× and 3×). The result differs from the one-step
   * filter by a level or two; the work drops by about the factor squared. */
  reduce = MIN (w / out_width, h / out_height);
  k = (int) (reduce / 1.5);
  if (k >= 2)
    {
      int x0 = CLAMP ((int) floor (x) - k, 0, image->width);
      int y0 = CLAMP ((int) floor (y) - k, 0, image->height);
      int x1 = CLAMP ((int) ceil (x + w) + k, 0, image->width);
      int y1 = CLAMP ((int) ceil (y + h) + k, 0, image->height);

      if (x1 - x0 >= 2 * k && y1 - y0 >= 2 * k)
        {
          g_autoptr (KioskPhotoImage) part = shrink_part (image, x0, y0, x1, y1, k);

          return filter_resample (part, (x - x0) / k, (y - y0) / k, w / k, h / k, out_width,
                                  out_height);
        }
    }
  return filter_resample (image, x, y, w, h, out_width, out_height);
}

/* turbojpeg writes a JFIF APP0 with density 1:1 and no unit; the card photo
 * must say 350 dpi, so the fixed-layout segment is patched in place. */
static gboolean
set_jfif_density (guint8 *jpeg, gsize size, int dpi)
{
  static const guint8 jfif[] = { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00 };

  if (size < 20 || memcmp (jpeg, jfif, sizeof jfif) != 0)
    return FALSE;
  jpeg[13] = 1; /* units: dots per inch */
  jpeg[14] = (guint8) (dpi >> 8);
  jpeg[15] = (guint8) (dpi & 0xFF);
  jpeg[16] = (guint8) (dpi >> 8);
  jpeg[17] = (guint8) (dpi & 0xFF);
  return TRUE;
}

GBytes *
kiosk_photo_image_encode_jpeg (const KioskPhotoImage *image, int quality, int dpi, GError **error)
{
  tjhandle tj;
  unsigned char *buf = NULL;
  unsigned long size = 0;
  GBytes *bytes = NULL;
  int rc;

  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (quality >= 1 && quality <= 100, NULL);
  g_return_val_if_fail (dpi >= 0 && dpi <= 65535, NULL);

  tj = tjInitCompress ();
  if (tj == NULL)
    {
      g_set_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_ENCODE,
                   "JPEG 编码器无法启动 (cannot start the JPEG encoder): %s",
                   tjGetErrorStr2 (NULL));
      return NULL;
    }
  rc = tjCompress2 (tj, image->pixels, image->width, image->stride, image->height,
                    image->channels == 3 ? TJPF_RGB : TJPF_GRAY, &buf, &size,
                    image->channels == 3 ? TJSAMP_420 : TJSAMP_GRAY, quality, TJFLAG_ACCURATEDCT);
  if (rc != 0)
    g_set_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_ENCODE,
                 "JPEG 编码失败 (JPEG encoding failed): %s", tjGetErrorStr2 (tj));
  else if (dpi > 0 && !set_jfif_density (buf, size, dpi))
    g_set_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_ENCODE,
                 "JPEG 编码器没有写出 JFIF 段 (the encoder wrote no JFIF APP0 segment)");
  else
    bytes = g_bytes_new (buf, size);

  tjFree (buf);
  tjDestroy (tj);
  return bytes;
}
