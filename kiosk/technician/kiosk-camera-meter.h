/* kiosk-camera-meter.h — background whiteness and exposure of a camera frame, for calibration
 *
 * The technician points the camera at the empty photo corner (or at a person
 * standing where citizens stand) and adjusts the lights until the meter says
 * both are right. The frame is judged the way the card-photo check judges a
 * photo (kiosk/photo, docs/photo.md), with the same limits, but without
 * looking for a face, on fixed regions of the whole frame:
 *
 *   background: the top 15 % of the frame, and the outer 15 % on each side
 *               down to 60 % of the height (beside the head and shoulders);
 *   subject:    the centre, 35–65 % of the width and 25–65 % of the height.
 *
 * Background: the median luma (white enough), the colour cast (the largest
 * difference between the mean R, G and B) and the spread (90th − 10th
 * percentile of the luma: shadows, uneven light). Exposure: the subject's
 * mean luma, its share of clipped pixels, and that as an EV offset from mid
 * grey (log2 (luma / 118): 0 is right, +1 one stop too bright).
 *
 * A pure function of the pixels; quick enough for every preview frame of a
 * 1080p camera (one pass, histograms).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  double background_luma_min;   /* 200 */
  double background_chroma_max; /* 18 */
  double background_spread_max; /* 20 */
  double subject_luma_min;      /* 70 */
  double subject_luma_max;      /* 215 */
  double clipped_max;           /* 0.25 */
} KioskCameraMeterLimits;

/* The card-photo check's limits (KioskPhotoSpec's defaults). */
void kiosk_camera_meter_limits_init (KioskCameraMeterLimits *limits);

typedef struct
{
  double background_luma;   /* 0–255 */
  double background_chroma; /* 0–255 */
  double background_spread; /* 0–255 */
  int whiteness;            /* 0–100: the background's luma in percent of white */
  double subject_luma;      /* 0–255 */
  double clipped_high;      /* share of subject pixels at ≥ 250 */
  double clipped_low;       /* share of subject pixels at ≤ 5 */
  double exposure_ev;       /* log2 (subject_luma / 118) */
  gboolean background_ok;
  gboolean exposure_ok;
  GPtrArray *advice; /* char *: what to change, Chinese (English); empty when both are ok */
} KioskCameraMeter;

void kiosk_camera_meter_free (KioskCameraMeter *meter);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskCameraMeter, kiosk_camera_meter_free)

/* `rgb`: `height` rows of `stride` bytes, 3 bytes (R, G, B) per pixel.
 * Frames smaller than 16 × 16 or a stride below width × 3 fail with
 * G_IO_ERROR_INVALID_ARGUMENT. `limits` NULL: the default. */
KioskCameraMeter *kiosk_camera_meter_measure (const guint8 *rgb,
                                              guint width,
                                              guint height,
                                              gsize stride,
                                              const KioskCameraMeterLimits *limits,
                                              GError **error);

G_END_DECLS
