/* kiosk-photo-image.h — an 8-bit RGB or grey pixel buffer
 *
 * The one image type of the photo code: camera frames, decoded files, the
 * detector's grey input and the card photo itself. Pure memory; decoding
 * lives in KioskPhotoSource, encoding here (JPEG with the JFIF density).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Images larger than this are refused before any pixel is allocated. */
#define KIOSK_PHOTO_IMAGE_MAX_SIDE   16384
#define KIOSK_PHOTO_IMAGE_MAX_PIXELS (64u * 1024u * 1024u)

typedef struct
{
  int width;
  int height;
  int channels; /* 3: RGB, 1: grey */
  int stride;   /* bytes per row */
  guint8 *pixels;
} KioskPhotoImage;

/* A zero-filled image; NULL if the size is out of the limits above. */
KioskPhotoImage *kiosk_photo_image_new (int width, int height, int channels);
/* The same with its pixels not initialised: for a buffer about to be
 * written whole (a decoder's output). */
KioskPhotoImage *kiosk_photo_image_new_uninitialised (int width, int height, int channels);
/* A copy of caller memory (e.g. a camera frame), rows `stride` bytes apart. */
KioskPhotoImage *kiosk_photo_image_new_from_data (
    int width, int height, int channels, int stride, const guint8 *data);
void kiosk_photo_image_free (KioskPhotoImage *image);

/* ITU-R BT.601 luma of an RGB image (a copy if already grey). */
KioskPhotoImage *kiosk_photo_image_to_grey (const KioskPhotoImage *image);

/* Resamples the region (x, y, w, h) of `image` — in pixels, fractional,
 * possibly reaching outside the image, whose edge pixels are then repeated —
 * to an out_width × out_height image with a triangle filter widened to the
 * reduction factor (area-correct when shrinking, bilinear when enlarging). */
KioskPhotoImage *kiosk_photo_image_resample (const KioskPhotoImage *image,
                                             double x,
                                             double y,
                                             double w,
                                             double h,
                                             int out_width,
                                             int out_height);

/* Averages each `factor` × `factor` block (the last, partial blocks too):
 * a fast, alias-free shrink by an integer factor (1: a copy). */
KioskPhotoImage *kiosk_photo_image_shrink (const KioskPhotoImage *image, int factor);

/* Baseline JPEG, 4:2:0, at `quality` (1–100), with a JFIF APP0 segment giving
 * `dpi` dots per inch in both directions (0: leave the encoder's 1:1 aspect). */
GBytes *
kiosk_photo_image_encode_jpeg (const KioskPhotoImage *image, int quality, int dpi, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskPhotoImage, kiosk_photo_image_free)

G_END_DECLS
