/* kiosk-photo-reason.c — why a photo is refused, and what the citizen should do */
#define G_LOG_DOMAIN "kiosk-photo"

#include "config.h"

#include <string.h>

#include "kiosk-photo-reason.h"

typedef struct
{
  const char *code;
  const char *instruction;
  const char *description;
} ReasonInfo;

static const ReasonInfo reasons[KIOSK_PHOTO_N_REASONS] = {
  [KIOSK_PHOTO_REASON_NO_FACE]
  = { "no-face", "未检测到人脸，请正对摄像头，露出整个面部", "no frontal face was found" },
  [KIOSK_PHOTO_REASON_MULTIPLE_FACES]
  = { "multiple-faces", "画面中有多个人，请只留一人拍照", "more than one face is in the picture" },
  [KIOSK_PHOTO_REASON_EYES_NOT_FOUND]
  = { "eyes-not-found", "未检测到双眼，请睁开眼睛、摘下眼镜，正视摄像头",
      "the two eyes were not found in the face" },
  [KIOSK_PHOTO_REASON_FACE_TOO_SMALL]
  = { "face-too-small", "脸太小，请靠近摄像头", "the face has too few pixels for the card photo" },
  [KIOSK_PHOTO_REASON_FACE_TOO_LARGE] = { "face-too-large", "脸太大，请离摄像头远一点",
                                          "the head and shoulders do not fit in the picture" },
  [KIOSK_PHOTO_REASON_FACE_TOO_LEFT] = { "face-too-left", "人像偏左，请向画面中间移动",
                                         "the face is too near the left edge of the picture" },
  [KIOSK_PHOTO_REASON_FACE_TOO_RIGHT] = { "face-too-right", "人像偏右，请向画面中间移动",
                                          "the face is too near the right edge of the picture" },
  [KIOSK_PHOTO_REASON_FACE_TOO_HIGH] = { "face-too-high", "人像偏上，请稍微降低身体，头顶留出空白",
                                         "the top of the head is too near the top edge" },
  [KIOSK_PHOTO_REASON_FACE_TOO_LOW] = { "face-too-low", "人像偏下，请坐直并抬高身体",
                                        "the face is too near the bottom edge of the picture" },
  [KIOSK_PHOTO_REASON_HEAD_PROPORTIONS]
  = { "head-proportions", "头顶过高，请摘下帽子或头饰，整理头发",
      "hair or headwear too tall for the eye-line rule" },
  [KIOSK_PHOTO_REASON_HEAD_TILTED]
  = { "head-tilted", "头部歪斜，请摆正头部，双眼保持水平", "the eyes are not level" },
  [KIOSK_PHOTO_REASON_TOO_DARK]
  = { "too-dark", "光线太暗，请打开补光灯或换到明亮处", "the face is underexposed" },
  [KIOSK_PHOTO_REASON_TOO_BRIGHT]
  = { "too-bright", "光线太亮，请避开强光", "the face is overexposed" },
  [KIOSK_PHOTO_REASON_BACKGROUND_NOT_WHITE]
  = { "background-not-white", "背景不是白色，请在白色背景前拍照", "the background is not white" },
  [KIOSK_PHOTO_REASON_BACKGROUND_NOT_UNIFORM]
  = { "background-not-uniform", "背景不干净，请移开身后的物品或阴影",
      "the background is not uniform" },
  [KIOSK_PHOTO_REASON_BLURRED]
  = { "blurred", "照片模糊，请保持不动，重新拍照", "the face is blurred (out of focus or moving)" },
  [KIOSK_PHOTO_REASON_FILE_SIZE] = { "file-size", "照片无法压缩到规定大小，请重新拍照",
                                     "no JPEG quality gives a file within the size bounds" },
};

const char *
kiosk_photo_reason_code (KioskPhotoReason reason)
{
  g_return_val_if_fail ((guint) reason < KIOSK_PHOTO_N_REASONS, "unknown");
  return reasons[reason].code;
}

const char *
kiosk_photo_reason_instruction (KioskPhotoReason reason)
{
  g_return_val_if_fail ((guint) reason < KIOSK_PHOTO_N_REASONS, "");
  return reasons[reason].instruction;
}

const char *
kiosk_photo_reason_description (KioskPhotoReason reason)
{
  g_return_val_if_fail ((guint) reason < KIOSK_PHOTO_N_REASONS, "");
  return reasons[reason].description;
}

gboolean
kiosk_photo_reason_from_code (const char *code, KioskPhotoReason *reason)
{
  guint i;

  g_return_val_if_fail (code != NULL, FALSE);

  for (i = 0; i < KIOSK_PHOTO_N_REASONS; i++)
    if (strcmp (reasons[i].code, code) == 0)
      {
        if (reason != NULL)
          *reason = (KioskPhotoReason) i;
        return TRUE;
      }
  return FALSE;
}
