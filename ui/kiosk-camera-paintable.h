/* kiosk-camera-paintable.h — the camera's live preview as a GdkPaintable
 *
 * Put it in a GtkPicture (content-fit "contain" or "cover"). It holds the
 * newest preview frame as a GdkMemoryTexture made over the frame's pixels
 * (no copy), invalidates its contents on every frame and its size when the
 * frame's size changes; its intrinsic size and aspect ratio are the frame's.
 * It draws nothing before the first frame and after the camera is lost or
 * closed, so the page can show its own "camera unavailable" state.
 *
 * All work happens in the main context, where the camera delivers frames:
 * wrapping a frame is cheap and never blocks.
 */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-camera.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_CAMERA_PAINTABLE (kiosk_camera_paintable_get_type ())
G_DECLARE_FINAL_TYPE (
    KioskCameraPaintable, kiosk_camera_paintable, KIOSK, CAMERA_PAINTABLE, GObject)

/* `camera` may be NULL (frames then come from kiosk_camera_paintable_push_frame()). */
KioskCameraPaintable *kiosk_camera_paintable_new (KioskCamera *camera);

/* Follows `camera`'s "frame" and "unplugged" signals (NULL: none). */
void kiosk_camera_paintable_set_camera (KioskCameraPaintable *self, KioskCamera *camera);
KioskCamera *kiosk_camera_paintable_get_camera (KioskCameraPaintable *self);

/* Shows `frame` (NULL: nothing). */
void kiosk_camera_paintable_push_frame (KioskCameraPaintable *self, KioskCameraFrame *frame);
/* The texture of the frame shown, or NULL (transfer none). */
GdkTexture *kiosk_camera_paintable_get_texture (KioskCameraPaintable *self);

/* Live (the default): the paintable holds its camera (kiosk_camera_hold()),
 * so that a camera streaming on demand streams while the preview is wanted.
 * A page sets it FALSE while it is not shown. */
void kiosk_camera_paintable_set_live (KioskCameraPaintable *self, gboolean live);
gboolean kiosk_camera_paintable_get_live (KioskCameraPaintable *self);

/* Draw the frame mirrored left to right, as people expect of a camera
 * pointed at themselves. Default FALSE. */
void kiosk_camera_paintable_set_mirrored (KioskCameraPaintable *self, gboolean mirrored);
gboolean kiosk_camera_paintable_get_mirrored (KioskCameraPaintable *self);

G_END_DECLS
