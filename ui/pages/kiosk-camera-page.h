/* kiosk-camera-page.h — the live preview with the oval face guide
 *
 * The photo check's instruction is the live hint under the preview ("请靠近
 * 一点"). While the page is shown it captures by itself every few seconds
 * (app.capture) until the check passes; 拍照 captures at once.
 *
 * Until the camera's first frame (it streams only while this page is shown,
 * and needs a moment to start) the button reads 正在启动相机…; a tap then is
 * remembered and the photo taken at the first frame, so that it is never lost.
 * If no frame comes within 15 s, the tap is dropped and the page says that the
 * camera has no picture. A camera that is lost (being rebuilt) fails a capture
 * at once, with the device's error.
 */
#pragma once

#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_CAMERA_PAGE (kiosk_camera_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskCameraPage, kiosk_camera_page, KIOSK, CAMERA_PAGE, KioskPage)

/* The camera whose preview is shown (NULL: the picture of the guide). */
void kiosk_camera_page_set_camera (KioskCameraPage *self, GObject *camera);
/* A check is running: the preview stays, with "正在检查照片". */
void kiosk_camera_page_set_checking (KioskCameraPage *self, gboolean checking);
/* Seconds between automatic captures (0: none; tests use 0 and app.capture). */
void kiosk_camera_page_set_auto_capture (KioskCameraPage *self, guint seconds);
/* A frame of the camera is shown (since the page was last mapped). */
gboolean kiosk_camera_page_get_ready (KioskCameraPage *self);
/* For app.capture: TRUE when the camera is starting and the capture is
 * remembered for its first frame (the caller does nothing more); FALSE when
 * it is to be taken now. */
gboolean kiosk_camera_page_defer_capture (KioskCameraPage *self);

G_END_DECLS
