/* fuzz-photo-source.c — bytes through the image decoders
 *
 * Built two ways: with -DKIOSK_LIBFUZZER as a libFuzzer target (meson
 * -Dfuzzing=true, clang), and as a GTest program in suite 'fuzz' that takes a
 * small real JPEG and a small real PNG and feeds every truncation, and
 * seeded random byte corruptions, of each. Either way: opening, the preview
 * and a region render either succeed with an image of the promised size or
 * fail with a KIOSK_PHOTO_ERROR carrying a message — never a crash, a hang
 * or a read outside the buffer (run it under ASan).
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "kiosk-photo-error.h"
#include "kiosk-photo-image.h"
#include "kiosk-photo-source.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
assert_clear_error (GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == KIOSK_PHOTO_ERROR);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (strlen (error->message), >, 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPhotoSource) source = kiosk_photo_source_new_from_bytes (bytes, &error);
  g_autoptr (KioskPhotoImage) preview = NULL;
  g_autoptr (KioskPhotoImage) region = NULL;
  double sx = 0, sy = 0;
  int w, h;

  if (source == NULL)
    {
      assert_clear_error (error);
      return 0;
    }
  w = kiosk_photo_source_get_width (source);
  h = kiosk_photo_source_get_height (source);
  g_assert_cmpint (w, >=, KIOSK_PHOTO_SOURCE_MIN_SIDE);
  g_assert_cmpint (h, >=, KIOSK_PHOTO_SOURCE_MIN_SIDE);

  preview = kiosk_photo_source_preview (source, 96, &sx, &sy, &error);
  if (preview == NULL)
    {
      assert_clear_error (error);
      return 0;
    }
  g_assert_cmpint (preview->channels, ==, 3);
  g_assert_cmpfloat (sx, >, 0.0);
  g_assert_cmpfloat (sx, <=, 1.0);
  g_assert_cmpfloat (sy, >, 0.0);

  /* A region reaching outside the image, as a crop near an edge does. */
  region = kiosk_photo_source_render (source, -w * 0.1, h * 0.5, w * 0.6, h * 0.7, 36, 44, &error);
  if (region == NULL)
    {
      assert_clear_error (error);
      return 0;
    }
  g_assert_cmpint (region->width, ==, 36);
  g_assert_cmpint (region->height, ==, 44);
  /* Use the pixels, so nothing is optimised away. */
  {
    volatile guint8 sink = region->pixels[region->stride * 43 + 35 * 3];
    (void) sink;
  }
  return 0;
}

#ifndef KIOSK_LIBFUZZER

static GBytes *
seed_jpeg (void)
{
  g_autoptr (KioskPhotoImage) image = kiosk_photo_image_new (120, 90, 3);
  g_autoptr (GError) error = NULL;
  GBytes *jpeg;
  int i;

  for (i = 0; i < image->stride * image->height; i++)
    image->pixels[i] = (guint8) (i * 7 + i / 360);
  jpeg = kiosk_photo_image_encode_jpeg (image, 75, 350, &error);
  g_assert_no_error (error);
  return jpeg;
}

static GBytes *
seed_png (void)
{
  g_autofree char *path
      = g_test_build_filename (G_TEST_DIST, "photo", "fixtures", "pass-mirrored.png", NULL);
  char *data = NULL;
  gsize len = 0;
  g_autoptr (GError) error = NULL;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

static void
fuzz_seed (GBytes *seed, guint step, guint corruptions)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (seed, &size);
  g_autofree guint8 *copy = g_memdup2 (data, size);
  g_autoptr (GRand) rand = g_rand_new_with_seed (20240615);
  gsize cut;
  guint i;

  g_assert_cmpint (LLVMFuzzerTestOneInput (data, size), ==, 0);
  for (cut = 0; cut < size; cut += step)
    LLVMFuzzerTestOneInput (data, cut);
  for (i = 0; i < corruptions; i++)
    {
      guint n = g_rand_int_range (rand, 1, 5), k;

      memcpy (copy, data, size);
      for (k = 0; k < n; k++)
        copy[g_rand_int_range (rand, 0, (gint32) size)] = (guint8) g_rand_int (rand);
      LLVMFuzzerTestOneInput (copy, size);
    }
}

static void
test_jpeg (void)
{
  g_autoptr (GBytes) seed = seed_jpeg ();

  fuzz_seed (seed, 7, 1500);
}

static void
test_png (void)
{
  g_autoptr (GBytes) seed = seed_png ();

  /* The PNG fixture is large: fewer, coarser cuts. */
  fuzz_seed (seed, g_bytes_get_size (seed) / 300 + 1, 300);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fuzz/photo-source/jpeg", test_jpeg);
  g_test_add_func ("/fuzz/photo-source/png", test_png);
  return g_test_run ();
}

#endif
