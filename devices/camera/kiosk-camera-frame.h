/* kiosk-camera-frame.h — one picture from the camera
 *
 * An immutable, reference-counted image: packed 8-bit RGB rows of `stride`
 * bytes (stride >= width * 3; the row padding is undefined). The pixels are
 * a GBytes, so a frame can be handed to a GdkMemoryTexture or the photo
 * check without a copy; for frames from the camera the GBytes maps the
 * GStreamer buffer directly.
 *
 * A frame shows a person's face: it is personal data. Never write it to a
 * log or to disk outside the photo flow.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  KIOSK_CAMERA_FORMAT_RGB, /* R, G, B: 3 bytes per pixel */
} KioskCameraFormat;

/* Bytes per pixel of `format`. */
guint kiosk_camera_format_get_bpp (KioskCameraFormat format);
/* "RGB" */
const char *kiosk_camera_format_to_string (KioskCameraFormat format);

typedef struct _KioskCameraFrame KioskCameraFrame;

#define KIOSK_TYPE_CAMERA_FRAME (kiosk_camera_frame_get_type ())
GType kiosk_camera_frame_get_type (void);

/* A frame over `data` (referenced). `timestamp` is g_get_monotonic_time()
 * when the picture arrived. Fails with G_IO_ERROR_INVALID_DATA when the
 * sizes are zero, larger than 16384, the stride is too short or `data` too
 * small for height rows. */
KioskCameraFrame *kiosk_camera_frame_new (KioskCameraFormat format,
                                          guint width,
                                          guint height,
                                          gsize stride,
                                          GBytes *data,
                                          gint64 timestamp,
                                          GError **error);
KioskCameraFrame *kiosk_camera_frame_ref (KioskCameraFrame *frame);
void kiosk_camera_frame_unref (KioskCameraFrame *frame);

KioskCameraFormat kiosk_camera_frame_get_format (const KioskCameraFrame *frame);
guint kiosk_camera_frame_get_width (const KioskCameraFrame *frame);
guint kiosk_camera_frame_get_height (const KioskCameraFrame *frame);
gsize kiosk_camera_frame_get_stride (const KioskCameraFrame *frame);
gint64 kiosk_camera_frame_get_timestamp (const KioskCameraFrame *frame);
/* The pixels (transfer none). */
GBytes *kiosk_camera_frame_get_bytes (const KioskCameraFrame *frame);
/* Row `y` (< height): width * bpp meaningful bytes. */
const guint8 *kiosk_camera_frame_get_row (const KioskCameraFrame *frame, guint y);
/* The colour at (x, y); FALSE outside the frame. */
gboolean kiosk_camera_frame_get_pixel (
    const KioskCameraFrame *frame, guint x, guint y, guint8 *r, guint8 *g, guint8 *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskCameraFrame, kiosk_camera_frame_unref)

G_END_DECLS
