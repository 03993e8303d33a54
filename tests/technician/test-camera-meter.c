/* test-camera-meter.c — the calibration meter on frames with known light:
 * a white background and a well-lit subject pass; grey, tinted and uneven
 * backgrounds, dark and burnt-out subjects each get their advice */
#include "config.h"

#include <string.h>

#include "kiosk-camera-meter.h"
#include "kiosk-test.h"

#define W      320
#define H      240
#define STRIDE (W * 3 + 8) /* rows padded, as GStreamer pads them */

typedef struct
{
  guint8 bg[3];
  guint8 subject[3];
  gboolean gradient; /* the background darkens to the right */
  gboolean speckled; /* every other subject pixel black, the rest white */
} Scene;

/* A person-shaped scene: background everywhere, the subject in the middle. */
static guint8 *
render (const Scene *scene)
{
  guint8 *pixels = g_malloc0 ((gsize) STRIDE * H);

  for (guint y = 0; y < H; y++)
    for (guint x = 0; x < W; x++)
      {
        guint8 *px = pixels + (gsize) y * STRIDE + x * 3;
        gboolean in_subject = x >= W * 3 / 10 && x < W * 7 / 10 && y >= H / 5;

        for (int c = 0; c < 3; c++)
          {
            int v = in_subject ? scene->subject[c] : scene->bg[c];

            if (!in_subject && scene->gradient)
              v -= (int) (x * 80 / W);
            if (in_subject && scene->speckled)
              v = (x + y) % 2 ? 255 : 0;
            px[c] = (guint8) CLAMP (v, 0, 255);
          }
      }
  return pixels;
}

static KioskCameraMeter *
measure (const Scene *scene)
{
  g_autofree guint8 *pixels = render (scene);
  g_autoptr (GError) error = NULL;
  KioskCameraMeter *meter = kiosk_camera_meter_measure (pixels, W, H, STRIDE, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (meter);
  return meter;
}

static gboolean
advises (const KioskCameraMeter *meter, const char *word)
{
  for (guint i = 0; i < meter->advice->len; i++)
    if (strstr (g_ptr_array_index (meter->advice, i), word) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_good_light (void)
{
  Scene scene = { { 245, 245, 245 }, { 150, 120, 110 }, FALSE, FALSE };
  g_autoptr (KioskCameraMeter) meter = measure (&scene);

  g_assert_true (meter->background_ok);
  g_assert_true (meter->exposure_ok);
  g_assert_cmpuint (meter->advice->len, ==, 0);
  g_assert_cmpint (meter->whiteness, ==, 96);
  g_assert_cmpfloat_with_epsilon (meter->background_luma, 245, 0.5);
  g_assert_cmpfloat (meter->background_chroma, <, 1);
  g_assert_cmpfloat (meter->background_spread, <, 1);
  /* Luma of (150, 120, 110) ≈ 127: a little above mid grey. */
  g_assert_cmpfloat (meter->exposure_ev, >, 0);
  g_assert_cmpfloat (meter->exposure_ev, <, 0.2);
}

static void
test_background (void)
{
  Scene grey = { { 170, 170, 170 }, { 150, 120, 110 }, FALSE, FALSE };
  Scene yellow = { { 250, 240, 190 }, { 150, 120, 110 }, FALSE, FALSE };
  Scene uneven = { { 255, 255, 255 }, { 150, 120, 110 }, TRUE, FALSE };
  g_autoptr (KioskCameraMeter) a = measure (&grey);
  g_autoptr (KioskCameraMeter) b = measure (&yellow);
  g_autoptr (KioskCameraMeter) c = measure (&uneven);

  g_assert_false (a->background_ok);
  g_assert_true (a->exposure_ok);
  g_assert_cmpint (a->whiteness, ==, 67);
  g_assert_true (advises (a, "不够白"));
  g_assert_false (b->background_ok);
  g_assert_true (advises (b, "偏色"));
  g_assert_cmpfloat (b->background_chroma, >, 18);
  g_assert_false (c->background_ok);
  g_assert_true (advises (c, "不均匀"));
  g_assert_cmpfloat (c->background_spread, >, 20);
}

static void
test_exposure (void)
{
  Scene dark = { { 240, 240, 240 }, { 40, 35, 30 }, FALSE, FALSE };
  Scene bright = { { 250, 250, 250 }, { 235, 230, 228 }, FALSE, FALSE };
  Scene burnt = { { 250, 250, 250 }, { 0, 0, 0 }, FALSE, TRUE };
  g_autoptr (KioskCameraMeter) a = measure (&dark);
  g_autoptr (KioskCameraMeter) b = measure (&bright);
  g_autoptr (KioskCameraMeter) c = measure (&burnt);

  g_assert_true (a->background_ok);
  g_assert_false (a->exposure_ok);
  g_assert_true (advises (a, "太暗"));
  g_assert_cmpfloat (a->exposure_ev, <, -1.5);
  g_assert_false (b->exposure_ok);
  g_assert_true (advises (b, "太亮"));
  /* Half the subject clipped each way: mean looks fine, the clipping does not. */
  g_assert_false (c->exposure_ok);
  g_assert_cmpfloat_with_epsilon (c->clipped_high, 0.5, 0.01);
  g_assert_cmpfloat_with_epsilon (c->clipped_low, 0.5, 0.01);
}

static void
test_garbage (void)
{
  guint8 small[15 * 15 * 3] = { 0 };
  g_autoptr (GError) error = NULL;
  KioskCameraMeterLimits limits;
  g_autofree guint8 *black = g_malloc0 (16 * 16 * 3);
  KioskCameraMeter *meter;

  g_assert_null (kiosk_camera_meter_measure (small, 15, 15, 45, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (kiosk_camera_meter_measure (black, 16, 16, 47, NULL, &error));
  g_clear_error (&error);
  g_assert_null (kiosk_camera_meter_measure (NULL, 640, 480, 1920, NULL, &error));
  g_clear_error (&error);

  /* The smallest frame, all black, with strict limits: judged, not a crash. */
  kiosk_camera_meter_limits_init (&limits);
  meter = kiosk_camera_meter_measure (black, 16, 16, 48, &limits, &error);
  g_assert_no_error (error);
  g_assert_false (meter->background_ok);
  g_assert_false (meter->exposure_ok);
  g_assert_cmpint (meter->whiteness, ==, 0);
  kiosk_camera_meter_free (meter);
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);
  g_test_add_func ("/camera-meter/good-light", test_good_light);
  g_test_add_func ("/camera-meter/background", test_background);
  g_test_add_func ("/camera-meter/exposure", test_exposure);
  g_test_add_func ("/camera-meter/garbage", test_garbage);
  return kiosk_test_run ();
}
