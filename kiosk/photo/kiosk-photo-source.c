/* kiosk-photo-source.c — where a photo comes from: a file, bytes or a frame */
#define G_LOG_DOMAIN "kiosk-photo"

#include "config.h"

#include <png.h>
#include <string.h>
#include <turbojpeg.h>

#include "kiosk-photo-error.h"
#include "kiosk-photo-source.h"

struct _KioskPhotoSource
{
  KioskPhotoSourceFormat format;
  int width;
  int height;

  /* PNG (decoded when opened) and frames (borrowed): the full image. */
  KioskPhotoImage *owned;
  const KioskPhotoImage *image;

  /* JPEG: the file, and the last decode with its scaling factor. */
  GBytes *jpeg;
  tjhandle tj;
  KioskPhotoImage *decoded;
  tjscalingfactor decoded_factor;
};

static gboolean
check_dimensions (int width, int height, GError **error)
{
  if (width < KIOSK_PHOTO_SOURCE_MIN_SIDE || height < KIOSK_PHOTO_SOURCE_MIN_SIDE)
    {
      g_set_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_DIMENSIONS,
                   "图片太小 (%d×%d)，至少需要 %d×%d 像素 (image too small)", width, height,
                   KIOSK_PHOTO_SOURCE_MIN_SIDE, KIOSK_PHOTO_SOURCE_MIN_SIDE);
      return FALSE;
    }
  if (width > KIOSK_PHOTO_IMAGE_MAX_SIDE || height > KIOSK_PHOTO_IMAGE_MAX_SIDE
      || (guint64) width * (guint64) height > KIOSK_PHOTO_IMAGE_MAX_PIXELS)
    {
      g_set_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_DIMENSIONS,
                   "图片太大 (%d×%d)，最多 %d 像素宽高、%u 像素 (image too large)", width, height,
                   KIOSK_PHOTO_IMAGE_MAX_SIDE, KIOSK_PHOTO_IMAGE_MAX_PIXELS);
      return FALSE;
    }
  return TRUE;
}

static KioskPhotoSource *
open_jpeg (GBytes *bytes, GError **error)
{
  g_autoptr (KioskPhotoSource) source = g_new0 (KioskPhotoSource, 1);
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  int width = 0, height = 0, subsamp = 0, colorspace = 0;

  source->format = KIOSK_PHOTO_SOURCE_JPEG;
  source->jpeg = g_bytes_ref (bytes);
  source->tj = tjInitDecompress ();
  if (source->tj == NULL)
    {
      g_set_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_FORMAT,
                   "JPEG 解码器无法启动 (cannot start the JPEG decoder): %s",
                   tjGetErrorStr2 (NULL));
      return NULL;
    }
  if (tjDecompressHeader3 (source->tj, data, size, &width, &height, &subsamp, &colorspace) != 0
      || width < 1 || height < 1)
    {
      g_set_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_FORMAT,
                   "JPEG 文件已损坏 (corrupt JPEG header): %s", tjGetErrorStr2 (source->tj));
      return NULL;
    }
  if (colorspace == TJCS_CMYK || colorspace == TJCS_YCCK)
    {
      g_set_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_FORMAT,
                   "不支持 CMYK 印刷色彩的 JPEG，请使用 RGB 照片 (CMYK JPEG not supported)");
      return NULL;
    }
  if (!check_dimensions (width, height, error))
    return NULL;
  source->width = width;
  source->height = height;
  return g_steal_pointer (&source);
}

static KioskPhotoSource *
open_png (GBytes *bytes, GError **error)
{
  g_autoptr (KioskPhotoSource) source = g_new0 (KioskPhotoSource, 1);
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  png_image png;
  png_color white = { 255, 255, 255 };

  memset (&png, 0, sizeof png);
  png.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory (&png, data, size))
    {
      g_set_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_FORMAT,
                   "PNG 文件已损坏 (corrupt PNG): %s", png.message);
      png_image_free (&png);
      return NULL;
    }
  if (png.width > G_MAXINT || png.height > G_MAXINT
      || !check_dimensions ((int) png.width, (int) png.height, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_DIMENSIONS,
                     "图片太大 (image too large)");
      png_image_free (&png);
      return NULL;
    }
  source->format = KIOSK_PHOTO_SOURCE_PNG;
  source->width = (int) png.width;
  source->height = (int) png.height;
  source->owned = kiosk_photo_image_new_uninitialised (source->width, source->height, 3);
  png.format = PNG_FORMAT_RGB;
  if (!png_image_finish_read (&png, &white, source->owned->pixels, source->owned->stride, NULL))
    {
      g_set_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_FORMAT,
                   "PNG 文件已损坏 (corrupt PNG): %s", png.message);
      png_image_free (&png);
      return NULL;
    }
  png_image_free (&png);
  source->image = source->owned;
  return g_steal_pointer (&source);
}

KioskPhotoSource *
kiosk_photo_source_new_from_bytes (GBytes *bytes, GError **error)
{
  static const guint8 png_magic[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
  gsize size;
  const guint8 *data;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  if (size >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
    return open_jpeg (bytes, error);
  if (size >= sizeof png_magic && memcmp (data, png_magic, sizeof png_magic) == 0)
    return open_png (bytes, error);

  g_set_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_FORMAT,
               size == 0 ? "文件是空的 (empty file)"
                         : "不是 JPEG 或 PNG 图片 (not a JPEG or PNG image)");
  return NULL;
}

KioskPhotoSource *
kiosk_photo_source_new_from_file (const char *path, GError **error)
{
  g_autoptr (GMappedFile) file = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) local = NULL;
  KioskPhotoSource *source;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_mapped_file_new (path, FALSE, &local);
  if (file == NULL)
    {
      g_set_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_IO, "无法读取 %s (cannot read): %s",
                   path, local->message);
      return NULL;
    }
  if (g_mapped_file_get_length (file) > KIOSK_PHOTO_SOURCE_MAX_FILE)
    {
      g_set_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_DIMENSIONS,
                   "%s: 文件太大，最多 %d MB (file too large)", path,
                   KIOSK_PHOTO_SOURCE_MAX_FILE / (1024 * 1024));
      return NULL;
    }
  /* A copy, so the file may change or vanish while the source lives. */
  bytes = g_bytes_new (g_mapped_file_get_contents (file), g_mapped_file_get_length (file));
  source = kiosk_photo_source_new_from_bytes (bytes, &local);
  if (source == NULL)
    g_set_error (error, local->domain, local->code, "%s: %s", path, local->message);
  return source;
}

KioskPhotoSource *
kiosk_photo_source_new_for_frame (const KioskPhotoImage *frame, GError **error)
{
  KioskPhotoSource *source;

  g_return_val_if_fail (frame != NULL, NULL);

  if (frame->channels != 3)
    {
      g_set_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_FORMAT,
                   "camera frames must be RGB (got %d channels)", frame->channels);
      return NULL;
    }
  if (!check_dimensions (frame->width, frame->height, error))
    return NULL;
  source = g_new0 (KioskPhotoSource, 1);
  source->format = KIOSK_PHOTO_SOURCE_FRAME;
  source->width = frame->width;
  source->height = frame->height;
  source->image = frame;
  return source;
}

void
kiosk_photo_source_free (KioskPhotoSource *source)
{
  if (source == NULL)
    return;
  kiosk_photo_image_free (source->owned);
  kiosk_photo_image_free (source->decoded);
  g_clear_pointer (&source->jpeg, g_bytes_unref);
  if (source->tj != NULL)
    tjDestroy (source->tj);
  g_free (source);
}

int
kiosk_photo_source_get_width (KioskPhotoSource *source)
{
  return source->width;
}

int
kiosk_photo_source_get_height (KioskPhotoSource *source)
{
  return source->height;
}

KioskPhotoSourceFormat
kiosk_photo_source_get_format (KioskPhotoSource *source)
{
  return source->format;
}

const char *
kiosk_photo_source_format_name (KioskPhotoSourceFormat format)
{
  switch (format)
    {
      case KIOSK_PHOTO_SOURCE_JPEG:
        return "jpeg";
      case KIOSK_PHOTO_SOURCE_PNG:
        return "png";
      case KIOSK_PHOTO_SOURCE_FRAME:
        return "frame";
      default:
        return "unknown";
    }
}

/* The smallest DCT scaling factor (≤ 1) giving at least `need` of the full
 * size in both directions. */
static tjscalingfactor
pick_factor (double need)
{
  tjscalingfactor best = { 1, 1 };
  tjscalingfactor *factors;
  int n = 0, i;

  factors = tjGetScalingFactors (&n);
  for (i = 0; factors != NULL && i < n; i++)
    {
      double f = (double) factors[i].num / factors[i].denom;

      if (f <= 1.0 && f >= need && f < (double) best.num / best.denom)
        best = factors[i];
    }
  return best;
}

static const KioskPhotoImage *
decode_jpeg (KioskPhotoSource *source, double need, GError **error)
{
  tjscalingfactor factor = pick_factor (need);
  KioskPhotoImage *image;
  gsize size;
  const guint8 *data;
  int w, h;

  /* A decode at a larger scale serves too: keep the last one. */
  if (source->decoded != NULL
      && (double) source->decoded_factor.num / source->decoded_factor.denom
             >= (double) factor.num / factor.denom)
    return source->decoded;

  w = TJSCALED (source->width, factor);
  h = TJSCALED (source->height, factor);
  image = kiosk_photo_image_new_uninitialised (w, h, 3);
  if (image == NULL)
    {
      g_set_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_DIMENSIONS,
                   "图片太大 (image too large)");
      return NULL;
    }
  data = g_bytes_get_data (source->jpeg, &size);
  /* A warning (e.g. a truncated file decoded as grey) is an error here. */
  if (tjDecompress2 (source->tj, data, size, image->pixels, w, image->stride, h, TJPF_RGB,
                     TJFLAG_STOPONWARNING)
      != 0)
    {
      g_set_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_FORMAT,
                   "JPEG 文件已损坏或不完整 (corrupt or truncated JPEG): %s",
                   tjGetErrorStr2 (source->tj));
      kiosk_photo_image_free (image);
      return NULL;
    }
  kiosk_photo_image_free (source->decoded);
  source->decoded = image;
  source->decoded_factor = factor;
  return image;
}

KioskPhotoImage *
kiosk_photo_source_preview (
    KioskPhotoSource *source, int min_side, double *scale_x, double *scale_y, GError **error)
{
  const KioskPhotoImage *full = source->image;
  int longer, k;

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (min_side > 0, NULL);

  longer = MAX (source->width, source->height);
  if (source->format == KIOSK_PHOTO_SOURCE_JPEG)
    {
      /* One decode serves the preview, the eyes and the card photo. */
      full = decode_jpeg (source, (double) KIOSK_PHOTO_SOURCE_WORK_SIDE / longer, error);
      if (full == NULL)
        return NULL;
    }
  k = MAX (1, MAX (full->width, full->height) / min_side);
  *scale_x = (double) full->width / source->width / k;
  *scale_y = (double) full->height / source->height / k;
  return kiosk_photo_image_shrink (full, k);
}

KioskPhotoImage *
kiosk_photo_source_render (KioskPhotoSource *source,
                           double x,
                           double y,
                           double w,
                           double h,
                           int out_width,
                           int out_height,
                           GError **error)
{
  const KioskPhotoImage *image = source->image;
  double sx = 1.0, sy = 1.0;

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (w > 0 && h > 0 && out_width > 0 && out_height > 0, NULL);

  if (source->format == KIOSK_PHOTO_SOURCE_JPEG)
    {
      double need = MAX (out_width / w, out_height / h);

      image = decode_jpeg (source, need, error);
      if (image == NULL)
        return NULL;
      sx = (double) image->width / source->width;
      sy = (double) image->height / source->height;
    }
  return kiosk_photo_image_resample (image, x * sx, y * sy, w * sx, h * sy, out_width, out_height);
}
