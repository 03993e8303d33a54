/* kiosk-photo-reason.h — why a photo is refused, and what the citizen should do
 *
 * Each reason has a stable English code (for logs, JSON, the golden files of
 * the tests) and one short Chinese instruction for the screen. The order is
 * the order of importance: the screen shows the first reason of a check.
 *
 * Directions (left/right/up/down) name where the face is *in the picture*
 * and the instruction says "towards the middle", which is right whether or
 * not the live preview is mirrored.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KIOSK_PHOTO_REASON_NO_FACE,
  KIOSK_PHOTO_REASON_MULTIPLE_FACES,
  KIOSK_PHOTO_REASON_EYES_NOT_FOUND,
  KIOSK_PHOTO_REASON_FACE_TOO_SMALL,
  KIOSK_PHOTO_REASON_FACE_TOO_LARGE,
  KIOSK_PHOTO_REASON_FACE_TOO_LEFT,
  KIOSK_PHOTO_REASON_FACE_TOO_RIGHT,
  KIOSK_PHOTO_REASON_FACE_TOO_HIGH,
  KIOSK_PHOTO_REASON_FACE_TOO_LOW,
  KIOSK_PHOTO_REASON_HEAD_PROPORTIONS,
  KIOSK_PHOTO_REASON_HEAD_TILTED,
  KIOSK_PHOTO_REASON_TOO_DARK,
  KIOSK_PHOTO_REASON_TOO_BRIGHT,
  KIOSK_PHOTO_REASON_BACKGROUND_NOT_WHITE,
  KIOSK_PHOTO_REASON_BACKGROUND_NOT_UNIFORM,
  KIOSK_PHOTO_REASON_BLURRED,
  KIOSK_PHOTO_REASON_FILE_SIZE,
} KioskPhotoReason;

#define KIOSK_PHOTO_N_REASONS (KIOSK_PHOTO_REASON_FILE_SIZE + 1)

/* "no-face", "face-too-left", … */
const char *kiosk_photo_reason_code (KioskPhotoReason reason);
/* "未检测到人脸，请正对摄像头", … */
const char *kiosk_photo_reason_instruction (KioskPhotoReason reason);
/* One English sentence for the technician. */
const char *kiosk_photo_reason_description (KioskPhotoReason reason);
gboolean kiosk_photo_reason_from_code (const char *code, KioskPhotoReason *reason);

G_END_DECLS
