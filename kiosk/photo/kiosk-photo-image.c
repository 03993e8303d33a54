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

KioskPhotoImage *
kiosk_photo_image_resample (const KioskPhotoImage *image,
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
  float *mid;

  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (w > 0.0 && h > 0.0, NULL);

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

          for (c = 0; c < ch; c++)
            {
              float acc = 0.0f;

              for (k = 0; k < tx.n; k++)
                acc += weight[k] * src[index[k] * ch + c];
              dst[i * ch + c] = acc;
            }
        }
    }

  for (i = 0; i < out_height; i++)
    {
      const int *index = ty.index + (gsize) i * ty.n;
      const float *weight = ty.weight + (gsize) i * ty.n;
      guint8 *dst = out->pixels + (gsize) i * out->stride;
      int n = out_width * ch;

      for (c = 0; c < n; c++)
        {
          float acc = 0.0f;

          for (k = 0; k < ty.n; k++)
            acc += weight[k] * mid[(gsize) (index[k] - row_lo) * n + c];
          dst[c] = (guint8) CLAMP ((int) lrintf (acc), 0, 255);
        }
    }

  g_free (mid);
  taps_clear (&tx);
  taps_clear (&ty);
  return out;
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
