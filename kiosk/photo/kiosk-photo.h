/* kiosk-photo.h — from a camera frame or an image file to the card photo
 *
 *   g_autoptr (KioskPhoto) photo = kiosk_photo_new (spec, &error);   // loads the detector once
 *   g_autoptr (KioskPhotoSource) source = kiosk_photo_source_new_from_file (path, &error);
 *   g_autoptr (KioskPhotoImage) card = NULL;
 *   g_autoptr (KioskPhotoCheck) check = kiosk_photo_check (photo, source, &card, &error);
 *   if (check->passed)
 *     jpeg = kiosk_photo_produce (photo, check, card, &error);       // 358×441, 350 dpi, in bounds
 *
 * kiosk_photo_check() finds the face and the eyes on a small preview (the
 * fast path the live camera uses per frame), finds the top of the hair
 * against the background, plans the crop so the specification's geometry
 * holds, renders the 358×441 card image from the source at the resolution
 * it needs, and judges tilt, exposure, background and sharpness on it.
 *
 * A KioskPhoto is not thread-safe (the detector keeps scratch state).
 */
#pragma once

#include <glib.h>

#include "kiosk-face-detector.h"
#include "kiosk-photo-check.h"
#include "kiosk-photo-error.h"
#include "kiosk-photo-image.h"
#include "kiosk-photo-reason.h"
#include "kiosk-photo-source.h"
#include "kiosk-photo-spec.h"

G_BEGIN_DECLS

/* The detector's preview has at least this many pixels on its longer side. */
#define KIOSK_PHOTO_PREVIEW_SIDE 320
/* The face width of the specification relative to the detector's face box. */
#define KIOSK_PHOTO_FACE_WIDTH_PER_BOX 1.1

typedef struct _KioskPhoto KioskPhoto;

/* `spec` NULL: the default specification. Loads the cascades from
 * spec->cascade_dir; fails with KIOSK_PHOTO_ERROR_DETECTOR. */
KioskPhoto *kiosk_photo_new (const KioskPhotoSpec *spec, GError **error);
void kiosk_photo_free (KioskPhoto *photo);
const KioskPhotoSpec *kiosk_photo_get_spec (KioskPhoto *photo);

/* Judges `source`. Returns NULL with `error` only when the pixels cannot be
 * had (a corrupt JPEG body) or the detector fails; a photo that does not
 * meet the specification is a check with reasons. `card` (optional) receives
 * the 358×441 RGB card image whenever a crop could be planned, passed or not. */
KioskPhotoCheck *kiosk_photo_check (KioskPhoto *photo,
                                    KioskPhotoSource *source,
                                    KioskPhotoImage **card,
                                    GError **error);

/* Encodes `card` as the card-photo JPEG: the highest quality in
 * [quality_min, quality_max] whose file is within [min_bytes, max_bytes],
 * JFIF density 350 dpi. Records quality and size in `check`. If no quality
 * fits, adds KIOSK_PHOTO_REASON_FILE_SIZE to `check`; that and a failed
 * check give KIOSK_PHOTO_ERROR_NOT_PASSED. */
GBytes *kiosk_photo_produce (KioskPhoto *photo,
                             KioskPhotoCheck *check,
                             const KioskPhotoImage *card,
                             GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskPhoto, kiosk_photo_free)

G_END_DECLS
