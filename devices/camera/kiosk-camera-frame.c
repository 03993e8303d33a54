/* kiosk-camera-frame.c — one picture from the camera */
#define G_LOG_DOMAIN "kiosk-camera"

#include "config.h"

#include <gio/gio.h>

#include "kiosk-camera-frame.h"

/* Larger than any camera the kiosk will meet, small enough that
 * stride * height cannot overflow. */
#define MAX_DIMENSION 16384

struct _KioskCameraFrame
{
  gatomicrefcount ref_count;
  KioskCameraFormat format;
  guint width;
  guint height;
  gsize stride;
  GBytes *bytes;
  gint64 timestamp;
};

G_DEFINE_BOXED_TYPE (KioskCameraFrame,
                     kiosk_camera_frame,
                     kiosk_camera_frame_ref,
                     kiosk_camera_frame_unref)

guint
kiosk_camera_format_get_bpp (KioskCameraFormat format)
{
  switch (format)
    {
      case KIOSK_CAMERA_FORMAT_RGB:
        return 3;
      default:
        return 0;
    }
}

const char *
kiosk_camera_format_to_string (KioskCameraFormat format)
{
  switch (format)
    {
      case KIOSK_CAMERA_FORMAT_RGB:
        return "RGB";
      default:
        return "unknown";
    }
}

KioskCameraFrame *
kiosk_camera_frame_new (KioskCameraFormat format,
                        guint width,
                        guint height,
                        gsize stride,
                        GBytes *data,
                        gint64 timestamp,
                        GError **error)
{
  KioskCameraFrame *frame;
  guint bpp = kiosk_camera_format_get_bpp (format);
  gsize needed;

  g_return_val_if_fail (data != NULL, NULL);

  if (bpp == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Unknown pixel format %d",
                   (int) format);
      return NULL;
    }
  if (width == 0 || height == 0 || width > MAX_DIMENSION || height > MAX_DIMENSION)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Invalid frame size %u×%u (1…%u pixels each way)", width, height, MAX_DIMENSION);
      return NULL;
    }
  if (stride < (gsize) width * bpp || stride > (gsize) MAX_DIMENSION * 8)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Invalid stride %" G_GSIZE_FORMAT " for a %u pixels wide %s frame", stride,
                   width, kiosk_camera_format_to_string (format));
      return NULL;
    }
  /* The last row needs only its pixels, not its padding. */
  needed = stride * (height - 1) + (gsize) width * bpp;
  if (g_bytes_get_size (data) < needed)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "A %u×%u %s frame needs %" G_GSIZE_FORMAT " bytes, got %" G_GSIZE_FORMAT, width,
                   height, kiosk_camera_format_to_string (format), needed, g_bytes_get_size (data));
      return NULL;
    }

  frame = g_new0 (KioskCameraFrame, 1);
  g_atomic_ref_count_init (&frame->ref_count);
  frame->format = format;
  frame->width = width;
  frame->height = height;
  frame->stride = stride;
  frame->bytes = g_bytes_ref (data);
  frame->timestamp = timestamp;
  return frame;
}

KioskCameraFrame *
kiosk_camera_frame_ref (KioskCameraFrame *frame)
{
  g_return_val_if_fail (frame != NULL, NULL);
  g_atomic_ref_count_inc (&frame->ref_count);
  return frame;
}

void
kiosk_camera_frame_unref (KioskCameraFrame *frame)
{
  g_return_if_fail (frame != NULL);
  if (!g_atomic_ref_count_dec (&frame->ref_count))
    return;
  g_bytes_unref (frame->bytes);
  g_free (frame);
}

KioskCameraFormat
kiosk_camera_frame_get_format (const KioskCameraFrame *frame)
{
  g_return_val_if_fail (frame != NULL, KIOSK_CAMERA_FORMAT_RGB);
  return frame->format;
}

guint
kiosk_camera_frame_get_width (const KioskCameraFrame *frame)
{
  g_return_val_if_fail (frame != NULL, 0);
  return frame->width;
}

guint
kiosk_camera_frame_get_height (const KioskCameraFrame *frame)
{
  g_return_val_if_fail (frame != NULL, 0);
  return frame->height;
}

gsize
kiosk_camera_frame_get_stride (const KioskCameraFrame *frame)
{
  g_return_val_if_fail (frame != NULL, 0);
  return frame->stride;
}

gint64
kiosk_camera_frame_get_timestamp (const KioskCameraFrame *frame)
{
  g_return_val_if_fail (frame != NULL, 0);
  return frame->timestamp;
}

GBytes *
kiosk_camera_frame_get_bytes (const KioskCameraFrame *frame)
{
  g_return_val_if_fail (frame != NULL, NULL);
  return frame->bytes;
}

const guint8 *
kiosk_camera_frame_get_row (const KioskCameraFrame *frame, guint y)
{
  const guint8 *data;

  g_return_val_if_fail (frame != NULL, NULL);
  g_return_val_if_fail (y < frame->height, NULL);
  data = g_bytes_get_data (frame->bytes, NULL);
  return data + (gsize) y * frame->stride;
}

gboolean
kiosk_camera_frame_get_pixel (
    const KioskCameraFrame *frame, guint x, guint y, guint8 *r, guint8 *g, guint8 *b)
{
  const guint8 *p;

  g_return_val_if_fail (frame != NULL, FALSE);
  if (x >= frame->width || y >= frame->height)
    return FALSE;
  p = kiosk_camera_frame_get_row (frame, y)
      + (gsize) x * kiosk_camera_format_get_bpp (frame->format);
  if (r != NULL)
    *r = p[0];
  if (g != NULL)
    *g = p[1];
  if (b != NULL)
    *b = p[2];
  return TRUE;
}
