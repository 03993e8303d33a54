/* photo-test-util.h — shared helpers of the card-photo tests */
#pragma once

#include <glib.h>
#include <string.h>
#include <turbojpeg.h>

#include "kiosk-photo.h"

/* tests/photo/fixtures/NAME */
static inline char *
photo_test_fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "photo", "fixtures", name, NULL);
}

static inline GBytes *
photo_test_read (const char *path)
{
  char *data = NULL;
  gsize len = 0;
  GError *error = NULL;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

/* The detector's models, from opencv-data; tests that need them skip without. */
static inline gboolean
photo_test_have_cascades (void)
{
  char *face
      = g_build_filename (KIOSK_FACE_DETECTOR_DEFAULT_DIR, KIOSK_FACE_DETECTOR_FACE_MODEL, NULL);
  char *eye
      = g_build_filename (KIOSK_FACE_DETECTOR_DEFAULT_DIR, KIOSK_FACE_DETECTOR_EYE_MODEL, NULL);
  gboolean ok
      = g_file_test (face, G_FILE_TEST_IS_REGULAR) && g_file_test (eye, G_FILE_TEST_IS_REGULAR);

  g_free (face);
  g_free (eye);
  return ok;
}

/* The frame header of a JPEG, read by libjpeg-turbo (independent of our code). */
static inline void
photo_test_jpeg_header (GBytes *jpeg, int *width, int *height, int *subsamp, int *colorspace)
{
  tjhandle tj = tjInitDecompress ();
  gsize size;
  const guint8 *data = g_bytes_get_data (jpeg, &size);

  g_assert_nonnull (tj);
  g_assert_cmpint (tjDecompressHeader3 (tj, data, size, width, height, subsamp, colorspace), ==, 0);
  tjDestroy (tj);
}

/* The JFIF APP0 density: units (1 = dpi) and the two densities. */
static inline void
photo_test_jfif_density (GBytes *jpeg, int *units, int *x, int *y)
{
  gsize size;
  const guint8 *d = g_bytes_get_data (jpeg, &size);

  g_assert_cmpuint (size, >, 20);
  g_assert_cmpint (d[0], ==, 0xFF);
  g_assert_cmpint (d[1], ==, 0xD8);
  g_assert_cmpint (d[2], ==, 0xFF);
  g_assert_cmpint (d[3], ==, 0xE0);
  g_assert_cmpmem (d + 6, 5, "JFIF", 5);
  *units = d[13];
  *x = d[14] << 8 | d[15];
  *y = d[16] << 8 | d[17];
}

/* Full decode to RGB with libjpeg-turbo. */
static inline KioskPhotoImage *
photo_test_decode (GBytes *jpeg)
{
  int w, h, ss, cs;
  KioskPhotoImage *image;
  tjhandle tj;
  gsize size;
  const guint8 *data = g_bytes_get_data (jpeg, &size);

  photo_test_jpeg_header (jpeg, &w, &h, &ss, &cs);
  image = kiosk_photo_image_new (w, h, 3);
  tj = tjInitDecompress ();
  g_assert_cmpint (tjDecompress2 (tj, data, size, image->pixels, w, image->stride, h, TJPF_RGB, 0),
                   ==, 0);
  tjDestroy (tj);
  return image;
}
