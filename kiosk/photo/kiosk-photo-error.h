/* kiosk-photo-error.h — the error domain of the card-photo code
 *
 * These are failures to *use* an input (unreadable file, garbage bytes, a
 * missing detector model), not verdicts on a photo: a readable photo that
 * does not meet the specification is a KioskPhotoCheck with reasons.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KIOSK_PHOTO_ERROR (kiosk_photo_error_quark ())
GQuark kiosk_photo_error_quark (void);

typedef enum
{
  KIOSK_PHOTO_ERROR_IO,         /* the file cannot be read or written */
  KIOSK_PHOTO_ERROR_FORMAT,     /* not a JPEG or PNG we can decode (garbage, truncated) */
  KIOSK_PHOTO_ERROR_DIMENSIONS, /* too small to be a photo, or larger than the limits */
  KIOSK_PHOTO_ERROR_DETECTOR,   /* the face/eye models cannot be loaded or run */
  KIOSK_PHOTO_ERROR_ENCODE,     /* the JPEG encoder failed */
  KIOSK_PHOTO_ERROR_CONFIG,     /* a [photo] key in the configuration is invalid */
  KIOSK_PHOTO_ERROR_NOT_PASSED, /* asked to produce the card photo from a failed check */
} KioskPhotoError;

G_END_DECLS
