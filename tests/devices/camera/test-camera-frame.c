/* test-camera-frame.c — KioskCameraFrame: sizes are checked, pixels are
 * where the stride says, the boxed type refcounts */
#include "config.h"

#include <gio/gio.h>

#include "kiosk-camera-frame.h"
#include "kiosk-test.h"

/* A 3×2 frame with a stride of 12 (3 bytes of padding per row). */
static GBytes *
make_pixels (void)
{
  static const guint8 data[] = {
    255, 0, 0, 0, 255, 0, 0, 0, 255, 0xAA, 0xAA, 0xAA, 1, 2, 3, 4, 5, 6, 7, 8, 9,
  };

  return g_bytes_new_static (data, sizeof data);
}

static void
test_new (void)
{
  g_autoptr (GBytes) bytes = make_pixels ();
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCameraFrame) frame
      = kiosk_camera_frame_new (KIOSK_CAMERA_FORMAT_RGB, 3, 2, 12, bytes, 42, &error);

  g_assert_no_error (error);
  g_assert_nonnull (frame);
  g_assert_cmpuint (kiosk_camera_frame_get_width (frame), ==, 3);
  g_assert_cmpuint (kiosk_camera_frame_get_height (frame), ==, 2);
  g_assert_cmpuint (kiosk_camera_frame_get_stride (frame), ==, 12);
  g_assert_cmpint (kiosk_camera_frame_get_timestamp (frame), ==, 42);
  g_assert_cmpint (kiosk_camera_frame_get_format (frame), ==, KIOSK_CAMERA_FORMAT_RGB);
  g_assert_true (kiosk_camera_frame_get_bytes (frame) == bytes);
  g_assert_cmpuint (kiosk_camera_format_get_bpp (KIOSK_CAMERA_FORMAT_RGB), ==, 3);
  g_assert_cmpstr (kiosk_camera_format_to_string (KIOSK_CAMERA_FORMAT_RGB), ==, "RGB");
}

static void
test_pixels (void)
{
  g_autoptr (GBytes) bytes = make_pixels ();
  g_autoptr (KioskCameraFrame) frame
      = kiosk_camera_frame_new (KIOSK_CAMERA_FORMAT_RGB, 3, 2, 12, bytes, 0, NULL);
  guint8 r, g, b;

  g_assert_true (kiosk_camera_frame_get_pixel (frame, 0, 0, &r, &g, &b));
  g_assert_cmpuint (r, ==, 255);
  g_assert_cmpuint (g, ==, 0);
  g_assert_true (kiosk_camera_frame_get_pixel (frame, 2, 0, &r, &g, &b));
  g_assert_cmpuint (b, ==, 255);
  /* The second row starts after the padding. */
  g_assert_true (kiosk_camera_frame_get_pixel (frame, 0, 1, &r, &g, &b));
  g_assert_cmpuint (r, ==, 1);
  g_assert_cmpuint (g, ==, 2);
  g_assert_cmpuint (b, ==, 3);
  g_assert_true (kiosk_camera_frame_get_pixel (frame, 2, 1, NULL, NULL, &b));
  g_assert_cmpuint (b, ==, 9);
  g_assert_cmpuint (kiosk_camera_frame_get_row (frame, 1)[4], ==, 5);
  g_assert_false (kiosk_camera_frame_get_pixel (frame, 3, 0, &r, &g, &b));
  g_assert_false (kiosk_camera_frame_get_pixel (frame, 0, 2, &r, &g, &b));
  g_assert_false (kiosk_camera_frame_get_pixel (frame, G_MAXUINT, G_MAXUINT, &r, &g, &b));
}

static void
test_invalid (void)
{
  static const struct
  {
    guint width, height;
    gsize stride;
    int format;
  } bad[] = {
    { 0, 2, 12, KIOSK_CAMERA_FORMAT_RGB },          /* no width */
    { 3, 0, 12, KIOSK_CAMERA_FORMAT_RGB },          /* no height */
    { 3, 2, 8, KIOSK_CAMERA_FORMAT_RGB },           /* stride shorter than a row */
    { 3, 3, 12, KIOSK_CAMERA_FORMAT_RGB },          /* more rows than bytes */
    { 4, 2, 12, KIOSK_CAMERA_FORMAT_RGB },          /* last row too long */
    { 100000, 1, 300000, KIOSK_CAMERA_FORMAT_RGB }, /* absurd */
    { 1, G_MAXUINT, 3, KIOSK_CAMERA_FORMAT_RGB },   /* would overflow */
    { 3, 2, G_MAXSIZE, KIOSK_CAMERA_FORMAT_RGB },   /* would overflow */
    { 3, 2, 12, 99 },                               /* unknown format */
  };
  g_autoptr (GBytes) bytes = make_pixels ();

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      KioskCameraFrame *frame
          = kiosk_camera_frame_new ((KioskCameraFormat) bad[i].format, bad[i].width, bad[i].height,
                                    bad[i].stride, bytes, 0, &error);

      g_assert_null (frame);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

static void
test_boxed (void)
{
  g_autoptr (GBytes) bytes = make_pixels ();
  KioskCameraFrame *frame
      = kiosk_camera_frame_new (KIOSK_CAMERA_FORMAT_RGB, 3, 2, 12, bytes, 0, NULL);
  KioskCameraFrame *copy;
  g_auto (GValue) value = G_VALUE_INIT;

  g_value_init (&value, KIOSK_TYPE_CAMERA_FRAME);
  g_value_set_boxed (&value, frame);
  copy = g_value_get_boxed (&value);
  /* A copy is a reference to the same frame. */
  g_assert_true (copy == frame);
  kiosk_camera_frame_unref (frame);
  g_assert_cmpuint (kiosk_camera_frame_get_width (copy), ==, 3);
  g_assert_cmpuint (kiosk_camera_frame_get_width (kiosk_camera_frame_ref (copy)), ==, 3);
  kiosk_camera_frame_unref (copy);
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);

  g_test_add_func ("/camera/frame/new", test_new);
  g_test_add_func ("/camera/frame/pixels", test_pixels);
  g_test_add_func ("/camera/frame/invalid", test_invalid);
  g_test_add_func ("/camera/frame/boxed", test_boxed);
  return kiosk_test_run ();
}
