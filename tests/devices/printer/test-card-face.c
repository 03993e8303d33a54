/* test-card-face.c — rendering the card face without a printer */
#include "config.h"

#include <string.h>

#include "kiosk-test.h"
#include "kiosk-card-face.h"
#include "printer-test-util.h"

/* Darker than this on a white card is ink (text is antialiased grey). */
#define INK 160

static KioskCardLayout *
load (const char *name)
{
  g_autoptr (GError) error = NULL;
  KioskCardLayout *layout = kiosk_card_layout_load (name, &error);

  g_assert_no_error (error);
  g_assert_nonnull (layout);
  return layout;
}

static void
map (
    const KioskCardLayout *layout, gboolean printed, double x, double y, double w, double h, int *r)
{
  kiosk_card_layout_map_rect (layout, 300, printed, x, y, w, h, &r[0], &r[1], &r[2], &r[3]);
}

static guint
ink_mm (cairo_surface_t *s,
        const KioskCardLayout *l,
        gboolean printed,
        double x,
        double y,
        double w,
        double h)
{
  int r[4];

  map (l, printed, x, y, w, h, r);
  return test_count_ink (s, r[0], r[1], r[2], r[3], INK);
}

/* The printed face: 1016×648, turned 180°, ink in the photo box and where
 * each line of text goes, white everywhere else. */
static void
check_printed_face (cairo_surface_t *surface, const KioskCardLayout *layout)
{
  int boxes[4 * 5];
  int photo[4];
  guint photo_area;

  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 1016);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 648);

  map (layout, TRUE, layout->photo_x_mm, layout->photo_y_mm, layout->photo_width_mm,
       layout->photo_height_mm, photo);
  photo_area = (guint) (photo[2] * photo[3]);
  /* the synthetic portrait is more than a third dark */
  g_assert_cmpuint (test_count_ink (surface, photo[0], photo[1], photo[2], photo[3], INK), >,
                    photo_area / 3);

  /* each value starts where the layout says */
  g_assert_cmpuint (ink_mm (surface, layout, TRUE, 36, 15.5, 8, 4), >, 150);  /* name */
  g_assert_cmpuint (ink_mm (surface, layout, TRUE, 47, 20, 20, 4), >, 300);   /* number */
  g_assert_cmpuint (ink_mm (surface, layout, TRUE, 36, 24.5, 10, 4), >, 150); /* card number */
  g_assert_cmpuint (ink_mm (surface, layout, TRUE, 41, 29, 12, 4), >, 150);   /* issue date */
  /* … and not in the same place unrotated (the card is printed turned) */
  g_assert_cmpuint (ink_mm (surface, layout, FALSE, 36, 15.5, 8, 4), ==, 0);

  memcpy (boxes, photo, sizeof photo);
  map (layout, TRUE, 35.5, 15, 46, 5, boxes + 4);
  map (layout, TRUE, 46.5, 19.5, 37, 5, boxes + 8);
  map (layout, TRUE, 35.5, 24, 46, 5, boxes + 12);
  map (layout, TRUE, 40.5, 28.5, 41, 5, boxes + 16);
  g_assert_cmpuint (test_count_ink_outside (surface, boxes, 5, 250), ==, 0);
}

static void
test_print_png_photo (void)
{
  g_autoptr (KioskCardLayout) layout = load ("standard");
  g_autoptr (GBytes) photo = test_photo_png ();
  g_autoptr (GError) error = NULL;
  KioskCardFaceData data;
  cairo_surface_t *surface;

  test_face_data (&data, photo, KIOSK_PHOTO_FORMAT_PNG);
  surface = kiosk_card_face_render (layout, &data, 300, KIOSK_CARD_FACE_PRINT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_format (surface), ==, CAIRO_FORMAT_RGB24);
  check_printed_face (surface, layout);
  cairo_surface_destroy (surface);
}

static void
test_print_jpeg_photo_png_bytes (void)
{
  g_autoptr (KioskCardLayout) layout = load ("standard");
  g_autoptr (GBytes) photo = test_photo_jpeg ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) png = NULL;
  KioskCardFaceData data;
  cairo_surface_t *surface;

  test_face_data (&data, photo, KIOSK_PHOTO_FORMAT_JPEG);
  png = kiosk_card_face_render_png (layout, &data, 300, KIOSK_CARD_FACE_PRINT, &error);
  g_assert_no_error (error);
  surface = test_surface_from_png (png);
  check_printed_face (surface, layout);
  cairo_surface_destroy (surface);
}

static void
test_rgb_photo (void)
{
  g_autoptr (KioskCardLayout) layout = load ("standard");
  g_autoptr (GError) error = NULL;
  g_autofree guint8 *rgb = g_malloc (40 * 50 * 3);
  g_autoptr (GBytes) photo = NULL;
  KioskCardFaceData data;
  cairo_surface_t *surface;
  int box[4];

  memset (rgb, 0x20, 40 * 50 * 3);
  photo = g_bytes_new_take (g_steal_pointer (&rgb), 40 * 50 * 3);
  test_face_data (&data, photo, KIOSK_PHOTO_FORMAT_RGB);
  data.photo_width = 40;
  data.photo_height = 50;
  surface = kiosk_card_face_render (layout, &data, 300, KIOSK_CARD_FACE_PRINT, &error);
  g_assert_no_error (error);
  map (layout, TRUE, 4, 12, 20, 25, box);
  /* a uniformly dark photo fills the whole box */
  g_assert_cmpuint (test_count_ink (surface, box[0] + 1, box[1] + 1, box[2] - 2, box[3] - 2, INK),
                    ==, (guint) ((box[2] - 2) * (box[3] - 2)));
  cairo_surface_destroy (surface);

  /* the wrong size is an error, not a read past the end */
  data.photo_width = 41;
  surface = kiosk_card_face_render (layout, &data, 300, KIOSK_CARD_FACE_PRINT, &error);
  g_assert_null (surface);
  g_assert_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_PHOTO);
}

static void
test_resolution (void)
{
  g_autoptr (KioskCardLayout) layout = load ("standard");
  g_autoptr (GBytes) photo = test_photo_png ();
  g_autoptr (GError) error = NULL;
  KioskCardFaceData data;
  cairo_surface_t *surface;
  int w, h;

  kiosk_card_layout_get_raster_size (layout, 600, &w, &h);
  g_assert_cmpint (w, ==, 2032);
  g_assert_cmpint (h, ==, 1296);
  test_face_data (&data, photo, KIOSK_PHOTO_FORMAT_PNG);
  surface = kiosk_card_face_render (layout, &data, 600, KIOSK_CARD_FACE_PRINT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 2032);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 1296);
  cairo_surface_destroy (surface);

  surface = kiosk_card_face_render (layout, &data, 0, KIOSK_CARD_FACE_PRINT, &error);
  g_assert_null (surface);
  g_assert_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_RENDER);
}

/* The preview is not turned, shows the card's rounded corners (transparent
 * outside) and the labels of the card stock. */
static void
test_preview (void)
{
  g_autoptr (KioskCardLayout) layout = load ("standard");
  g_autoptr (GBytes) photo = test_photo_png ();
  g_autoptr (GError) error = NULL;
  KioskCardFaceData data;
  cairo_surface_t *surface;
  const guint32 *pixels;

  test_face_data (&data, photo, KIOSK_PHOTO_FORMAT_PNG);
  surface = kiosk_card_face_render (layout, &data, 300, KIOSK_CARD_FACE_PREVIEW, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_format (surface), ==, CAIRO_FORMAT_ARGB32);
  pixels = (const guint32 *) (gconstpointer) cairo_image_surface_get_data (surface);
  g_assert_cmpuint (pixels[0] >> 24, ==, 0); /* outside the rounded corner */
  g_assert_cmpuint (ink_mm (surface, layout, FALSE, 36, 15.5, 8, 4), >, 150);
  /* 姓名 printed before the name, in the preview only */
  g_assert_cmpuint (ink_mm (surface, layout, FALSE, 27, 15.5, 8, 4), >, 50);
  cairo_surface_destroy (surface);
}

static void
test_temporary (void)
{
  g_autoptr (KioskCardLayout) standard = load ("standard");
  g_autoptr (KioskCardLayout) temporary = load ("temporary");
  g_autoptr (GBytes) photo = test_photo_png ();
  g_autoptr (GError) error = NULL;
  KioskCardFaceData data;
  cairo_surface_t *surface;
  const KioskCardText *title = kiosk_card_layout_get_text (temporary, "title");
  const KioskCardText *until = kiosk_card_layout_get_text (temporary, "valid-until");

  g_assert_nonnull (title);
  g_assert_cmpstr (title->text, ==, "临时卡");
  g_assert_nonnull (until);
  test_face_data (&data, photo, KIOSK_PHOTO_FORMAT_PNG);
  data.temporary = TRUE;

  /* no end date: refused (R13: the card must show it) */
  surface = kiosk_card_face_render (temporary, &data, 300, KIOSK_CARD_FACE_PRINT, &error);
  g_assert_null (surface);
  g_assert_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "valid_until"));
  g_clear_error (&error);

  g_date_set_dmy (&data.valid_until, 14, G_DATE_NOVEMBER, 2024);
  surface = kiosk_card_face_render (temporary, &data, 300, KIOSK_CARD_FACE_PRINT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ink_mm (surface, temporary, TRUE, title->x_mm, title->y_mm, 10, 5), >, 300);
  g_assert_cmpuint (ink_mm (surface, temporary, TRUE, until->x_mm, until->y_mm, 40, 4), >, 500);
  cairo_surface_destroy (surface);

  /* a temporary card on the formal layout, and the reverse */
  surface = kiosk_card_face_render (standard, &data, 300, KIOSK_CARD_FACE_PRINT, &error);
  g_assert_null (surface);
  g_assert_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_WRONG_LAYOUT);
  g_clear_error (&error);
  data.temporary = FALSE;
  surface = kiosk_card_face_render (temporary, &data, 300, KIOSK_CARD_FACE_PRINT, &error);
  g_assert_null (surface);
  g_assert_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_WRONG_LAYOUT);
}

static void
expect_data_error (KioskCardFaceData *data, int code, const char *needle)
{
  g_autoptr (KioskCardLayout) layout = load ("standard");
  g_autoptr (GError) error = NULL;
  cairo_surface_t *surface;

  surface = kiosk_card_face_render (layout, data, 300, KIOSK_CARD_FACE_PRINT, &error);
  g_assert_null (surface);
  g_assert_error (error, KIOSK_CARD_FACE_ERROR, code);
  g_assert_nonnull (strstr (error->message, needle));
  /* error messages name the field, never the value */
  if (data->name != NULL && data->name[0] != '\0')
    g_assert_null (strstr (error->message, data->name));
}

static void
test_bad_data (void)
{
  g_autoptr (GBytes) photo = test_photo_png ();
  g_autoptr (GBytes) garbage = g_bytes_new_static ("GIF89a garbage", 14);
  g_autoptr (GBytes) jpeg = test_photo_jpeg ();
  g_autoptr (GBytes) truncated = g_bytes_new_from_bytes (jpeg, 0, g_bytes_get_size (jpeg) / 2);
  g_autoptr (GBytes) empty = g_bytes_new_static ("", 0);
  KioskCardFaceData data;

  test_face_data (&data, photo, KIOSK_PHOTO_FORMAT_PNG);
  data.name = NULL;
  expect_data_error (&data, KIOSK_CARD_FACE_ERROR_INVALID_DATA, "name");
  test_face_data (&data, photo, KIOSK_PHOTO_FORMAT_PNG);
  data.name = "测试\n样";
  expect_data_error (&data, KIOSK_CARD_FACE_ERROR_INVALID_DATA, "name");
  test_face_data (&data, photo, KIOSK_PHOTO_FORMAT_PNG);
  data.card_number = "\xff\xfe";
  expect_data_error (&data, KIOSK_CARD_FACE_ERROR_INVALID_DATA, "card_number");
  test_face_data (&data, photo, KIOSK_PHOTO_FORMAT_PNG);
  g_date_clear (&data.issue_date, 1);
  expect_data_error (&data, KIOSK_CARD_FACE_ERROR_INVALID_DATA, "issue_date");

  test_face_data (&data, NULL, KIOSK_PHOTO_FORMAT_NONE);
  expect_data_error (&data, KIOSK_CARD_FACE_ERROR_INVALID_DATA, "photo");
  test_face_data (&data, garbage, KIOSK_PHOTO_FORMAT_PNG);
  expect_data_error (&data, KIOSK_CARD_FACE_ERROR_PHOTO, "photo");
  test_face_data (&data, garbage, KIOSK_PHOTO_FORMAT_JPEG);
  expect_data_error (&data, KIOSK_CARD_FACE_ERROR_PHOTO, "photo");
  test_face_data (&data, truncated, KIOSK_PHOTO_FORMAT_JPEG);
  expect_data_error (&data, KIOSK_CARD_FACE_ERROR_PHOTO, "photo");
  test_face_data (&data, empty, KIOSK_PHOTO_FORMAT_JPEG);
  expect_data_error (&data, KIOSK_CARD_FACE_ERROR_PHOTO, "photo");
}

/* A long name shrinks down to min_font_pt (6 pt in the standard layout);
 * one that still does not fit is refused rather than cut. */
static void
test_long_name (void)
{
  g_autoptr (KioskCardLayout) layout = load ("standard");
  g_autoptr (GBytes) photo = test_photo_png ();
  g_autoptr (GError) error = NULL;
  KioskCardFaceData data;
  cairo_surface_t *surface;

  test_face_data (&data, photo, KIOSK_PHOTO_FORMAT_PNG);
  data.name = "测试名字测试名字测试名字测试名字"; /* 16 characters: 8 pt is too wide */
  surface = kiosk_card_face_render (layout, &data, 300, KIOSK_CARD_FACE_PRINT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (surface);
  /* shrunk, it still ends before max_width_mm (45 mm) */
  g_assert_cmpuint (ink_mm (surface, layout, TRUE, 36 + 45.5, 15.5, 4, 4), ==, 0);
  cairo_surface_destroy (surface);

  data.name = "测试名字测试名字测试名字测试名字测试名字测试名字测试名字";
  expect_data_error (&data, KIOSK_CARD_FACE_ERROR_TEXT_TOO_LONG, "name");
}

int
main (int argc, char **argv)
{
  int rc;

  kiosk_test_init (&argc, &argv);
  g_test_add_func ("/cardface/print/png-photo", test_print_png_photo);
  g_test_add_func ("/cardface/print/jpeg-photo", test_print_jpeg_photo_png_bytes);
  g_test_add_func ("/cardface/print/rgb-photo", test_rgb_photo);
  g_test_add_func ("/cardface/print/resolution", test_resolution);
  g_test_add_func ("/cardface/preview", test_preview);
  g_test_add_func ("/cardface/temporary", test_temporary);
  g_test_add_func ("/cardface/bad-data", test_bad_data);
  g_test_add_func ("/cardface/long-name", test_long_name);
  rc = kiosk_test_run ();
  test_release_font_caches ();
  return rc;
}
