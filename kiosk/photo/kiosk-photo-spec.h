/* kiosk-photo-spec.h — the national card-photo specification, and its knobs
 *
 * The numbers of the social security card photo (DEVICE-FACTS.md, "Card
 * photo"): 358×441 px, 350 dpi, 24-bit colour JPEG, white background, face
 * width 179–255 px, top of the hair 7–21 px below the top edge, midpoint of
 * the eyes 162–196 px from the left edge, eye line at least 207 px above the
 * bottom edge. Only the file-size bounds and the detector's model directory
 * are site-specific; they come from the [photo] group of the configuration:
 *
 *   [photo]
 *   min_kb = 14         # 1–500; 1 KB counted as 1024 bytes for the minimum
 *   max_kb = 40         # 2–500, above min_kb; 1 KB counted as 1000 bytes for
 *                       # the maximum, so the file meets both readings of "KB"
 *   cascade_dir = /usr/share/opencv4/haarcascades
 *
 * The quality thresholds (exposure, background, sharpness, tilt) are fixed
 * here, measured on the fixtures of tests/photo/, and documented in
 * docs/photo.md.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  /* The card photo. */
  int width;                  /* 358 */
  int height;                 /* 441 */
  int density_dpi;            /* 350 */
  int face_width_min;         /* 179 */
  int face_width_max;         /* 255 */
  int hair_top_min;           /* 7: px from the top edge */
  int hair_top_max;           /* 21 */
  int eye_x_min;              /* 162: px from the left edge */
  int eye_x_max;              /* 196 */
  int eye_line_min_to_bottom; /* 207: px above the bottom edge */

  /* File size, from [photo] min_kb / max_kb. */
  guint min_kb;
  guint max_kb;
  gsize min_bytes; /* min_kb × 1024 */
  gsize max_bytes; /* max_kb × 1000 */
  int quality_min; /* the JPEG quality is searched in [quality_min, quality_max] */
  int quality_max;

  /* The detector. */
  char *cascade_dir; /* [photo] cascade_dir */

  /* How good the picture must be (see docs/photo.md for how they were set). */
  double max_upscale;         /* 2.2: a face needing more enlargement is too small */
  double max_tilt_degrees;    /* 6°: eye line off horizontal */
  double face_luma_min;       /* mean luma of the face below this: too dark */
  double face_luma_max;       /* above this: too bright */
  double clipped_max;         /* share of face pixels clipped at 255 (or at 0): too bright (dark) */
  double background_luma_min; /* mean luma of the background below this: not white */
  double background_chroma_max; /* colour cast of the background above this: not white */
  double background_spread_max; /* luma 90th − 10th percentile above this: not uniform */
  double sharpness_min;         /* Laplacian variance of the face below this: blurred */
} KioskPhotoSpec;

/* The specification with min_kb = 14, max_kb = 40 and Debian's cascades. */
KioskPhotoSpec *kiosk_photo_spec_new_default (void);
/* The default with the [photo] group of `keyfile` applied (an absent group or
 * key keeps the default). Invalid values fail with KIOSK_PHOTO_ERROR_CONFIG
 * naming the key and what is allowed. */
KioskPhotoSpec *kiosk_photo_spec_new_from_keyfile (GKeyFile *keyfile, GError **error);
KioskPhotoSpec *kiosk_photo_spec_copy (const KioskPhotoSpec *spec);
void kiosk_photo_spec_free (KioskPhotoSpec *spec);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskPhotoSpec, kiosk_photo_spec_free)

G_END_DECLS
