/* kiosk-photo-source.h — where a photo comes from: a file, bytes or a frame
 *
 * A source knows its size as soon as it is created (the header is checked
 * then: garbage, truncated or absurdly large inputs fail here with a clear
 * KIOSK_PHOTO_ERROR) and hands out pixels on demand:
 *
 *  - a small preview for the detector; a JPEG is decoded directly at a
 *    reduced scale by libjpeg-turbo's DCT scaling (the fast path: a 5 MP
 *    camera JPEG is decoded once, at 1/2, and never at full size unless a
 *    small face needs it);
 *  - any region resampled to any size, decoded at the smallest DCT scale
 *    that still has enough pixels for it.
 *
 * JPEG is decoded with libjpeg-turbo (turbojpeg), PNG with libpng's
 * simplified API (transparency is composited onto white). Camera frames are
 * borrowed RGB buffers.
 */
#pragma once

#include <glib.h>

#include "kiosk-photo-image.h"

G_BEGIN_DECLS

/* Smaller inputs are refused: they cannot hold a usable face. */
#define KIOSK_PHOTO_SOURCE_MIN_SIDE 64
/* A JPEG is decoded once at about this size (longer side), or larger when
 * a render needs more pixels. */
#define KIOSK_PHOTO_SOURCE_WORK_SIDE 1280
/* Larger files are refused unread. */
#define KIOSK_PHOTO_SOURCE_MAX_FILE (64 * 1024 * 1024)

typedef enum
{
  KIOSK_PHOTO_SOURCE_JPEG,
  KIOSK_PHOTO_SOURCE_PNG,
  KIOSK_PHOTO_SOURCE_FRAME,
} KioskPhotoSourceFormat;

typedef struct _KioskPhotoSource KioskPhotoSource;

KioskPhotoSource *kiosk_photo_source_new_from_bytes (GBytes *bytes, GError **error);
KioskPhotoSource *kiosk_photo_source_new_from_file (const char *path, GError **error);
/* Borrows `frame` (RGB), which must outlive the source. */
KioskPhotoSource *kiosk_photo_source_new_for_frame (const KioskPhotoImage *frame, GError **error);
void kiosk_photo_source_free (KioskPhotoSource *source);

int kiosk_photo_source_get_width (KioskPhotoSource *source);
int kiosk_photo_source_get_height (KioskPhotoSource *source);
KioskPhotoSourceFormat kiosk_photo_source_get_format (KioskPhotoSource *source);
const char *kiosk_photo_source_format_name (KioskPhotoSourceFormat format);

/* An RGB image of the whole source, shrunk by an integer factor so that its
 * longer side is at least `min_side` (unless the source is smaller) and
 * less than twice that; `*scale_x`/`*scale_y` are preview pixels per source
 * pixel. A JPEG is decoded for it at the smallest DCT scale whose longer
 * side is at least KIOSK_PHOTO_SOURCE_WORK_SIDE, and that decode is kept
 * for the renders that follow. */
KioskPhotoImage *kiosk_photo_source_preview (
    KioskPhotoSource *source, int min_side, double *scale_x, double *scale_y, GError **error);

/* The region (x, y, w, h) of the source, in source pixels (fractional; parts
 * outside repeat the edge), as an RGB out_width × out_height image. */
KioskPhotoImage *kiosk_photo_source_render (KioskPhotoSource *source,
                                            double x,
                                            double y,
                                            double w,
                                            double h,
                                            int out_width,
                                            int out_height,
                                            GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskPhotoSource, kiosk_photo_source_free)

G_END_DECLS
