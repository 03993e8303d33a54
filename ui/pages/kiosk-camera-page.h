/* kiosk-camera-page.h — the live preview with the oval face guide
 *
 * The photo check's instruction is the live hint under the preview ("请靠近
 * 一点"). While the page is shown it captures by itself every few seconds
 * (app.capture) until the check passes; 拍照 captures at once.
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

G_END_DECLS
