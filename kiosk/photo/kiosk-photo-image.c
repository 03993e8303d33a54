/* kiosk-photo-image.c — an 8-bit RGB or grey pixel buffer */
#define G_LOG_DOMAIN "kiosk-photo"

#include "config.h"

#include <math.h>
#include <string.h>
#include <turbojpeg.h>

#include "kiosk-photo-error.h"
#include "kiosk-photo-image.h"

KioskPhotoImage *
kiosk_photo_image_new (int width, int height, int channels)
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
  image->pixels = g_malloc0 ((gsize) image->stride * (gsize) height);
  return image;
}

KioskPhotoImage *
kiosk_photo_image_new_from_data (
    int width, int height, int channels, int stride, const guint8 *data)
{
  KioskPhotoImage *image;
  int y;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (stride >= width * channels, NULL);

  image = kiosk_photo_image_new (width, height, channels);
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
  grey = kiosk_photo_image_new (image->width, image->height, 1);
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
  int ch, x, y, c, ow, oh, full;
  guint32 *sum;

  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (factor >= 1, NULL);

  if (factor == 1)
    return kiosk_photo_image_new_from_data (image->width, image->height, image->channels,
                                            image->stride, image->pixels);
  ch = image->channels;
  ow = (image->width + factor - 1) / factor;
  oh = (image->height + factor - 1) / factor;
  full = image->width / factor; /* output columns made of whole blocks */
  out = kiosk_photo_image_new (ow, oh, ch);
  sum = g_new (guint32, (gsize) ow * ch);
  for (y = 0; y < oh; y++)
    {
      int y0 = y * factor, rows = MIN (factor, image->height - y0), yy;
      guint8 *dst = out->pixels + (gsize) y * out->stride;

      memset (sum, 0, sizeof (guint32) * ow * ch);
      for (yy = y0; yy < y0 + rows; yy++)
        {
          const guint8 *src = image->pixels + (gsize) yy * image->stride;
          guint32 *acc = sum;

          for (x = 0; x < full; x++, acc += ch)
            {
              int k;

              for (k = 0; k < factor; k++, src += ch)
                for (c = 0; c < ch; c++)
                  acc[c] += src[c];
            }
          for (x = full * factor; x < image->width; x++, src += ch)
            for (c = 0; c < ch; c++)
              acc[c] += src[c];
        }
      for (x = 0; x < ow; x++)
        {
          guint32 n = (guint32) rows * (guint32) MIN (factor, image->width - x * factor);

          for (c = 0; c < ch; c++)
            dst[x * ch + c] = (guint8) ((sum[x * ch + c] + n / 2) / n);
        }
    }
  g_free (sum);
  return out;
}

/* The filter taps of one axis: for each output pixel, `n` source indices
 * (already clamped to the image, so the edge repeats) and their weights. */
typedef struct
{
  int n; /* taps per output pixel */
  int *index;
  float *weight;
} Taps;

static void
taps_build (Taps *taps, double start, double length, int src_len, int out_len)
{
  double scale = length / out_len;
  double radius = MAX (scale, 1.0);
  int i;

  taps->n = (int) ceil (2.0 * radius) + 2;
  taps->index = g_new (int, (gsize) out_len * taps->n);
  taps->weight = g_new (float, (gsize) out_len * taps->n);

  for (i = 0; i < out_len; i++)
    {
      double centre = start + (i + 0.5) * scale;
      int lo = (int) floor (centre - radius);
      int *index = taps->index + (gsize) i * taps->n;
      float *weight = taps->weight + (gsize) i * taps->n;
      double sum = 0.0;
      int k;

      for (k = 0; k < taps->n; k++)
        {
          int j = lo + k;
          double d = fabs ((j + 0.5) - centre) / radius;
          double w = d < 1.0 ? 1.0 - d : 0.0;

          index[k] = CLAMP (j, 0, src_len - 1);
          weight[k] = (float) w;
          sum += w;
        }
      if (sum <= 0.0)
        {
          /* Cannot happen with radius >= 1, but never divide by zero. */
          weight[0] = 1.0f;
          sum = 1.0;
        }
      for (k = 0; k < taps->n; k++)
        weight[k] = (float) (weight[k] / sum);
    }
}

static void
taps_clear (Taps *taps)
{
  g_clear_pointer (&taps->index, g_free);
  g_clear_pointer (&taps->weight, g_free);
}

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
  int ch, row_lo, row_hi, rows, i, k, c, r;
  float *mid, *acc;

  out = kiosk_photo_image_new (out_width, out_height, image->channels);
  if (out == NULL)
    return NULL;
  ch = image->channels;
  taps_build (&tx, x, w, image->width, out_width);
  taps_build (&ty, y, h, image->height, out_height);

  /* Only the source rows some output row reads are filtered horizontally. */
  row_lo = image->height - 1;
  row_hi = 0;
  for (i = 0; i < out_height * ty.n; i++)
    {
      row_lo = MIN (row_lo, ty.index[i]);
      row_hi = MAX (row_hi, ty.index[i]);
    }
  rows = row_hi - row_lo + 1;
  mid = g_new (float, (gsize) rows *out_width *ch);

  for (r = 0; r < rows; r++)
    {
      const guint8 *src = image->pixels + (gsize) (row_lo + r) * image->stride;
      float *dst = mid + (gsize) r * out_width * ch;

      for (i = 0; i < out_width; i++)
        {
          const int *index = tx.index + (gsize) i * tx.n;
          const float *weight = tx.weight + (gsize) i * tx.n;

          if (ch == 3)
            {
              float a0 = 0.0f, a1 = 0.0f, a2 = 0.0f;

              for (k = 0; k < tx.n; k++)
                {
                  const guint8 *p = src + index[k] * 3;
                  float wk = weight[k];

                  a0 += wk * p[0];
                  a1 += wk * p[1];
                  a2 += wk * p[2];
                }
              dst[i * 3] = a0;
              dst[i * 3 + 1] = a1;
              dst[i * 3 + 2] = a2;
            }
          else
            {
              float a = 0.0f;

              for (k = 0; k < tx.n; k++)
                a += weight[k] * src[index[k]];
              dst[i] = a;
            }
        }
    }

  /* Vertically a whole row at a time (the inner loop vectorises). */
  acc = g_new (float, (gsize) out_width *ch);
  for (i = 0; i < out_height; i++)
    {
      const int *index = ty.index + (gsize) i * ty.n;
      const float *weight = ty.weight + (gsize) i * ty.n;
      guint8 *dst = out->pixels + (gsize) i * out->stride;
      int n = out_width * ch;

      memset (acc, 0, sizeof (float) * n);
      for (k = 0; k < ty.n; k++)
        {
          const float *m = mid + (gsize) (index[k] - row_lo) * n;
          float wk = weight[k];

          if (wk == 0.0f)
            continue;
          for (c = 0; c < n; c++)
            acc[c] += wk * m[c];
        }
      for (c = 0; c < n; c++)
        {
          int v = (int) (acc[c] + 0.5f);

          dst[c] = (guint8) CLAMP (v, 0, 255);
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
