/* kiosk-photo-check.h — the verdict on one photo, with what was measured
 *
 * Filled by kiosk_photo_check() (kiosk-photo.h). `passed` is TRUE exactly
 * when no reason is set. The measurements are there so a technician (and the
 * tests) can see why: the detector's boxes in source pixels, the planned
 * crop, and the card photo's geometry and statistics in card pixels.
 */
#pragma once

#include <glib.h>

#include "kiosk-photo-reason.h"

G_BEGIN_DECLS

typedef struct
{
  double x;
  double y;
  double width;
  double height;
} KioskPhotoBox;

typedef struct
{
  gboolean passed;
  guint32 reasons; /* bit (1 << KioskPhotoReason) per reason */

  /* The input. */
  int source_width;
  int source_height;
  const char *source_format; /* "jpeg", "png", "frame" */

  /* Detection, in source pixels. Left and right are as seen in the picture. */
  int n_faces;
  KioskPhotoBox face;
  gboolean eyes_found; /* FALSE: the eye positions below are estimated */
  double left_eye_x, left_eye_y;
  double right_eye_x, right_eye_y;
  double hair_top;             /* y of the top of the hair */
  gboolean hair_top_estimated; /* the background did not show it; estimated from the face */
  double tilt_degrees;         /* eye line against the horizontal, positive clockwise */

  /* The crop: which part of the source becomes the card photo. */
  gboolean have_crop;
  KioskPhotoBox crop;

  /* The card photo's geometry, in card pixels. */
  double face_width;
  double hair_top_px;
  double eye_x;
  double eye_line_to_bottom;

  /* The card photo's pixels. */
  double face_luma;         /* mean luma of the inner face, 0–255 */
  double face_clipped_high; /* share of inner-face pixels ≥ 250 */
  double face_clipped_low;  /* share of inner-face pixels ≤ 10 */
  double background_luma;   /* mean luma of the background bands */
  double background_chroma; /* largest difference between the mean R, G, B */
  double background_spread; /* standard deviation of the background luma */
  double sharpness;         /* variance of the Laplacian of the inner face */

  /* The JPEG, once produced. */
  int jpeg_quality;
  gsize jpeg_size;
} KioskPhotoCheck;

KioskPhotoCheck *kiosk_photo_check_new (void);
void kiosk_photo_check_free (KioskPhotoCheck *check);

void kiosk_photo_check_add_reason (KioskPhotoCheck *check, KioskPhotoReason reason);
gboolean kiosk_photo_check_has_reason (const KioskPhotoCheck *check, KioskPhotoReason reason);
/* The reasons in order of importance; returns how many (≤ KIOSK_PHOTO_N_REASONS). */
guint kiosk_photo_check_get_reasons (const KioskPhotoCheck *check,
                                     KioskPhotoReason reasons[KIOSK_PHOTO_N_REASONS]);
/* The instruction to show first, or NULL when the photo passed. */
const char *kiosk_photo_check_get_instruction (const KioskPhotoCheck *check);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskPhotoCheck, kiosk_photo_check_free)

G_END_DECLS
