/* kiosk-camera-meter.c — background whiteness and exposure of a camera frame */
#define G_LOG_DOMAIN "kiosk-technician"

#include "config.h"

#include <math.h>

#include "kiosk-camera-meter.h"

#define MID_GREY 118.0

void
kiosk_camera_meter_limits_init (KioskCameraMeterLimits *limits)
{
  /* kiosk/photo/kiosk-photo-spec.c: the thresholds the card-photo check uses. */
  limits->background_luma_min = 200.0;
  limits->background_chroma_max = 18.0;
  limits->background_spread_max = 20.0;
  limits->subject_luma_min = 70.0;
  limits->subject_luma_max = 215.0;
  limits->clipped_max = 0.25;
}

void
kiosk_camera_meter_free (KioskCameraMeter *meter)
{
  if (meter == NULL)
    return;
  g_ptr_array_unref (meter->advice);
  g_free (meter);
}

typedef struct
{
  guint64 histogram[256];
  guint64 n;
  double rgb[3];
} Region;

static void
region_add (Region *region, const guint8 *px)
{
  /* ITU-R BT.601 luma, as the photo check. */
  int luma = (int) lround (0.299 * px[0] + 0.587 * px[1] + 0.114 * px[2]);

  region->histogram[CLAMP (luma, 0, 255)]++;
  region->n++;
  region->rgb[0] += px[0];
  region->rgb[1] += px[1];
  region->rgb[2] += px[2];
}

static double
region_percentile (const Region *region, double p)
{
  guint64 target = (guint64) (p * (double) (region->n - 1));
  guint64 seen = 0;

  for (int i = 0; i < 256; i++)
    {
      seen += region->histogram[i];
      if (seen > target)
        return i;
    }
  return 255;
}

static double
region_mean_luma (const Region *region)
{
  double sum = 0;

  for (int i = 0; i < 256; i++)
    sum += (double) i * (double) region->histogram[i];
  return sum / (double) region->n;
}

static double
region_share (const Region *region, int from, int to)
{
  guint64 count = 0;

  for (int i = from; i <= to; i++)
    count += region->histogram[i];
  return (double) count / (double) region->n;
}

KioskCameraMeter *
kiosk_camera_meter_measure (const guint8 *rgb,
                            guint width,
                            guint height,
                            gsize stride,
                            const KioskCameraMeterLimits *limits,
                            GError **error)
{
  KioskCameraMeterLimits defaults;
  KioskCameraMeter *meter;
  g_autofree Region *bg = g_new0 (Region, 1);
  g_autofree Region *subject = g_new0 (Region, 1);
  guint top = height * 15 / 100, side = width * 15 / 100, side_end = height * 60 / 100;
  guint sx0 = width * 35 / 100, sx1 = width * 65 / 100;
  guint sy0 = height * 25 / 100, sy1 = height * 65 / 100;
  double r, g, b;
  guint n_background;

  if (rgb == NULL || width < 16 || height < 16 || stride < (gsize) width * 3)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "camera frame %u×%u (stride %zu): at least 16×16 RGB pixels are needed", width,
                   height, stride);
      return NULL;
    }
  if (limits == NULL)
    {
      kiosk_camera_meter_limits_init (&defaults);
      limits = &defaults;
    }

  for (guint y = 0; y < height; y++)
    {
      const guint8 *row = rgb + (gsize) y * stride;

      for (guint x = 0; x < width; x++)
        {
          const guint8 *px = row + (gsize) x * 3;

          if (y < top || (y < side_end && (x < side || x >= width - side)))
            region_add (bg, px);
          if (x >= sx0 && x < sx1 && y >= sy0 && y < sy1)
            region_add (subject, px);
        }
    }

  meter = g_new0 (KioskCameraMeter, 1);
  meter->advice = g_ptr_array_new_with_free_func (g_free);
  r = bg->rgb[0] / (double) bg->n;
  g = bg->rgb[1] / (double) bg->n;
  b = bg->rgb[2] / (double) bg->n;
  meter->background_luma = region_percentile (bg, 0.5);
  meter->background_chroma = MAX (fabs (r - g), MAX (fabs (g - b), fabs (r - b)));
  meter->background_spread = region_percentile (bg, 0.9) - region_percentile (bg, 0.1);
  meter->whiteness = (int) lround (meter->background_luma * 100.0 / 255.0);
  meter->subject_luma = region_mean_luma (subject);
  meter->clipped_high = region_share (subject, 250, 255);
  meter->clipped_low = region_share (subject, 0, 5);
  meter->exposure_ev = log2 (MAX (meter->subject_luma, 1.0) / MID_GREY);

  if (meter->background_luma < limits->background_luma_min)
    g_ptr_array_add (meter->advice,
                     g_strdup ("背景不够白：调亮背景灯，或使用白色背景 (the background is not "
                               "white enough: brighten the background light or use a white "
                               "background)"));
  if (meter->background_chroma > limits->background_chroma_max)
    g_ptr_array_add (meter->advice,
                     g_strdup ("背景偏色：使用白光照明和白色背景 (the background has a colour "
                               "cast: use white light and a white background)"));
  if (meter->background_spread > limits->background_spread_max)
    g_ptr_array_add (meter->advice,
                     g_strdup ("背景亮度不均匀：消除阴影，均匀照亮背景 (the background is uneven: "
                               "remove shadows, light it evenly)"));
  meter->background_ok = meter->advice->len == 0;
  n_background = meter->advice->len;

  if (meter->subject_luma < limits->subject_luma_min || meter->clipped_low > limits->clipped_max)
    g_ptr_array_add (meter->advice,
                     g_strdup ("画面中央太暗：增加正面照明或曝光 (the centre is too dark: more "
                               "front light or exposure)"));
  else if (meter->subject_luma > limits->subject_luma_max
           || meter->clipped_high > limits->clipped_max)
    g_ptr_array_add (meter->advice,
                     g_strdup ("画面中央太亮：减弱正面照明或曝光 (the centre is too bright: less "
                               "front light or exposure)"));
  meter->exposure_ok = meter->advice->len == n_background;
  return meter;
}
