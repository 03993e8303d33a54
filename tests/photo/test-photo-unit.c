/* test-photo-unit.c — the card-photo code without the detector
 *
 * The reasons table, the [photo] configuration, the pixel buffer and its
 * resampler, the JPEG encoder's 350 dpi JFIF segment, and the sources:
 * every kind of garbage (empty, text, truncated, 1×1, a 20000×20000 header
 * claim, corrupt PNG) gives a clear KIOSK_PHOTO_ERROR and no crash.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk-test.h"
#include "photo-test-util.h"

/* ---- reasons ------------------------------------------------------------ */

static void
test_reasons_table (void)
{
  g_autoptr (GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  guint i;

  for (i = 0; i < KIOSK_PHOTO_N_REASONS; i++)
    {
      const char *code = kiosk_photo_reason_code (i);
      const char *instruction = kiosk_photo_reason_instruction (i);
      KioskPhotoReason back;

      g_assert_nonnull (code);
      g_assert_cmpuint (strlen (code), >, 3);
      g_assert_false (g_hash_table_contains (codes, code));
      g_hash_table_add (codes, (gpointer) code);
      g_assert_true (kiosk_photo_reason_from_code (code, &back));
      g_assert_cmpint (back, ==, i);

      /* A Chinese instruction: valid UTF-8 starting with a CJK character. */
      g_assert_true (g_utf8_validate (instruction, -1, NULL));
      g_assert_cmpint (g_unichar_get_script (g_utf8_get_char (instruction)), ==,
                       G_UNICODE_SCRIPT_HAN);
      g_assert_cmpuint (strlen (kiosk_photo_reason_description (i)), >, 5);
    }
  g_assert_false (kiosk_photo_reason_from_code ("no-such-reason", NULL));
  g_assert_false (kiosk_photo_reason_from_code ("", NULL));
  /* Off-centre instructions say which way. */
  g_assert_nonnull (
      strstr (kiosk_photo_reason_instruction (KIOSK_PHOTO_REASON_FACE_TOO_LEFT), "左"));
  g_assert_nonnull (
      strstr (kiosk_photo_reason_instruction (KIOSK_PHOTO_REASON_FACE_TOO_RIGHT), "右"));
}

static void
test_check_reasons (void)
{
  g_autoptr (KioskPhotoCheck) check = kiosk_photo_check_new ();
  KioskPhotoReason reasons[KIOSK_PHOTO_N_REASONS];

  g_assert_true (check->passed);
  g_assert_null (kiosk_photo_check_get_instruction (check));
  g_assert_cmpuint (kiosk_photo_check_get_reasons (check, reasons), ==, 0);

  /* Added in any order, listed by importance. */
  kiosk_photo_check_add_reason (check, KIOSK_PHOTO_REASON_BLURRED);
  kiosk_photo_check_add_reason (check, KIOSK_PHOTO_REASON_FACE_TOO_LEFT);
  kiosk_photo_check_add_reason (check, KIOSK_PHOTO_REASON_BLURRED);
  g_assert_false (check->passed);
  g_assert_cmpuint (kiosk_photo_check_get_reasons (check, reasons), ==, 2);
  g_assert_cmpint (reasons[0], ==, KIOSK_PHOTO_REASON_FACE_TOO_LEFT);
  g_assert_cmpint (reasons[1], ==, KIOSK_PHOTO_REASON_BLURRED);
  g_assert_true (kiosk_photo_check_has_reason (check, KIOSK_PHOTO_REASON_BLURRED));
  g_assert_false (kiosk_photo_check_has_reason (check, KIOSK_PHOTO_REASON_NO_FACE));
  g_assert_cmpstr (kiosk_photo_check_get_instruction (check), ==,
                   kiosk_photo_reason_instruction (KIOSK_PHOTO_REASON_FACE_TOO_LEFT));
}

/* ---- the specification and [photo] ------------------------------------- */

static void
test_spec_default (void)
{
  g_autoptr (KioskPhotoSpec) spec = kiosk_photo_spec_new_default ();
  g_autoptr (KioskPhotoSpec) copy = kiosk_photo_spec_copy (spec);

  g_assert_cmpint (spec->width, ==, 358);
  g_assert_cmpint (spec->height, ==, 441);
  g_assert_cmpint (spec->density_dpi, ==, 350);
  g_assert_cmpint (spec->face_width_min, ==, 179);
  g_assert_cmpint (spec->face_width_max, ==, 255);
  g_assert_cmpint (spec->hair_top_min, ==, 7);
  g_assert_cmpint (spec->hair_top_max, ==, 21);
  g_assert_cmpint (spec->eye_x_min, ==, 162);
  g_assert_cmpint (spec->eye_x_max, ==, 196);
  g_assert_cmpint (spec->eye_line_min_to_bottom, ==, 207);
  g_assert_cmpuint (spec->min_bytes, ==, 14 * 1024);
  g_assert_cmpuint (spec->max_bytes, ==, 40 * 1000);
  g_assert_cmpstr (spec->cascade_dir, ==, KIOSK_FACE_DETECTOR_DEFAULT_DIR);
  g_assert_cmpstr (copy->cascade_dir, ==, spec->cascade_dir);
  g_assert_true (copy->cascade_dir != spec->cascade_dir);
}

static KioskPhotoSpec *
spec_from (const char *text, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  GError *local = NULL;

  g_key_file_load_from_data (kf, text, -1, G_KEY_FILE_NONE, &local);
  g_assert_no_error (local);
  return kiosk_photo_spec_new_from_keyfile (kf, error);
}

static void
test_spec_keyfile (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPhotoSpec) none = spec_from ("[kiosk]\nid=x\n", &error);
  g_autoptr (KioskPhotoSpec) changchun = NULL;
  g_autoptr (KioskPhotoSpec) dir = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (none->max_kb, ==, 40);

  changchun = spec_from ("[photo]\nmin_kb = 14\nmax_kb=50\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changchun->min_bytes, ==, 14336);
  g_assert_cmpuint (changchun->max_bytes, ==, 50000);

  dir = spec_from ("[photo]\ncascade_dir=/opt/cascades\n", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dir->cascade_dir, ==, "/opt/cascades");
  g_assert_cmpuint (dir->min_kb, ==, 14);
}

static void
test_spec_keyfile_invalid (void)
{
  const struct
  {
    const char *text;
    const char *names;
  } cases[] = {
    { "[photo]\nmin_kb=abc\n", "min_kb" },
    { "[photo]\nmin_kb=\n", "min_kb" },
    { "[photo]\nmin_kb=0\n", "min_kb" },
    { "[photo]\nmin_kb=-3\n", "min_kb" },
    { "[photo]\nmin_kb=14 KB\n", "min_kb" },
    { "[photo]\nmin_kb=0x10\n", "min_kb" },
    { "[photo]\nmax_kb=501\n", "max_kb" },
    { "[photo]\nmax_kb=99999999999999999999999\n", "max_kb" },
    { "[photo]\nmin_kb=40\nmax_kb=40\n", "max_kb" },
    { "[photo]\nmin_kb=30\nmax_kb=20\n", "max_kb" },
    { "[photo]\ncascade_dir=relative/dir\n", "cascade_dir" },
    { "[photo]\ncascade_dir=\n", "cascade_dir" },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (KioskPhotoSpec) spec = spec_from (cases[i].text, &error);

      g_test_message ("%s", cases[i].text);
      g_assert_null (spec);
      g_assert_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_CONFIG);
      g_assert_nonnull (strstr (error->message, "[photo]"));
      g_assert_nonnull (strstr (error->message, cases[i].names));
    }
}

/* ---- the pixel buffer ----------------------------------------------------- */

static KioskPhotoImage *
gradient (int w, int h)
{
  KioskPhotoImage *image = kiosk_photo_image_new (w, h, 3);
  int x, y;

  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      {
        guint8 *p = image->pixels + (gsize) y * image->stride + x * 3;
        p[0] = (guint8) (x * 255 / (w - 1));
        p[1] = (guint8) (y * 255 / (h - 1));
        p[2] = 128;
      }
  return image;
}

static void
test_image_limits (void)
{
  g_autoptr (KioskPhotoImage) ok = kiosk_photo_image_new (2, 3, 1);

  g_assert_nonnull (ok);
  g_assert_cmpint (ok->stride, ==, 2);
  g_assert_null (kiosk_photo_image_new (0, 10, 3));
  g_assert_null (kiosk_photo_image_new (10, -1, 3));
  g_assert_null (kiosk_photo_image_new (KIOSK_PHOTO_IMAGE_MAX_SIDE + 1, 10, 3));
  g_assert_null (kiosk_photo_image_new (16000, 16000, 3)); /* over the pixel limit */
  kiosk_photo_image_free (NULL);
}

static void
test_image_resample (void)
{
  g_autoptr (KioskPhotoImage) src = gradient (200, 100);
  g_autoptr (KioskPhotoImage) same = kiosk_photo_image_resample (src, 0, 0, 200, 100, 200, 100);
  g_autoptr (KioskPhotoImage) half = kiosk_photo_image_resample (src, 0, 0, 200, 100, 100, 50);
  g_autoptr (KioskPhotoImage) outside = kiosk_photo_image_resample (src, -100, -50, 50, 25, 10, 10);
  g_autoptr (KioskPhotoImage) up = kiosk_photo_image_resample (src, 10, 10, 20, 10, 80, 40);
  g_autoptr (KioskPhotoImage) grey = kiosk_photo_image_to_grey (src);
  int x, y;

  /* The identity is exact. */
  g_assert_cmpmem (same->pixels, (gsize) same->stride * same->height, src->pixels,
                   (gsize) src->stride * src->height);
  /* Shrinking keeps the ramp monotonic and its ends. */
  for (x = 1; x < half->width; x++)
    g_assert_cmpint (half->pixels[x * 3], >=, half->pixels[(x - 1) * 3]);
  g_assert_cmpint (half->pixels[0], <=, 3);
  g_assert_cmpint (half->pixels[(half->width - 1) * 3], >=, 252);
  /* Entirely outside the top-left corner: the corner pixel, repeated. */
  for (y = 0; y < outside->height; y++)
    for (x = 0; x < outside->width; x++)
      {
        const guint8 *p = outside->pixels + (gsize) y * outside->stride + x * 3;
        g_assert_cmpint (p[0], ==, 0);
        g_assert_cmpint (p[1], ==, 0);
        g_assert_cmpint (p[2], ==, 128);
      }
  /* Enlarging interpolates within the source values. */
  for (x = 1; x < up->width; x++)
    g_assert_cmpint (up->pixels[20 * up->stride + x * 3], >=,
                     up->pixels[20 * up->stride + (x - 1) * 3]);
  /* Luma of (x, y, 128). */
  g_assert_cmpint (grey->channels, ==, 1);
  g_assert_cmpint (grey->pixels[0], ==, (29 * 128 + 128) >> 8);
}

static void
test_image_shrink (void)
{
  g_autoptr (KioskPhotoImage) src = gradient (10, 7);
  g_autoptr (KioskPhotoImage) one = kiosk_photo_image_shrink (src, 1);
  g_autoptr (KioskPhotoImage) three = kiosk_photo_image_shrink (src, 3);
  int x, y, sum = 0;

  g_assert_cmpmem (one->pixels, (gsize) one->stride * one->height, src->pixels,
                   (gsize) src->stride * src->height);
  /* Partial blocks at the right and bottom edges count too. */
  g_assert_cmpint (three->width, ==, 4);
  g_assert_cmpint (three->height, ==, 3);
  for (y = 0; y < 3; y++)
    for (x = 0; x < 3; x++)
      sum += src->pixels[y * src->stride + x * 3];
  g_assert_cmpint (three->pixels[0], ==, (sum + 4) / 9);
  /* The last column averages only source column 9. */
  g_assert_cmpint (three->pixels[3 * 3], ==, src->pixels[9 * 3]);
  g_assert_cmpint (three->pixels[2 * three->stride + 2], ==, 128);
}

static void
test_image_encode_jfif (void)
{
  g_autoptr (KioskPhotoImage) src = gradient (358, 441);
  g_autoptr (KioskPhotoImage) grey = kiosk_photo_image_to_grey (src);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) jpeg = kiosk_photo_image_encode_jpeg (src, 80, 350, &error);
  g_autoptr (GBytes) gjpeg = NULL;
  g_autoptr (KioskPhotoImage) back = NULL;
  int units, dx, dy, w, h, ss, cs;

  g_assert_no_error (error);
  photo_test_jfif_density (jpeg, &units, &dx, &dy);
  g_assert_cmpint (units, ==, 1);
  g_assert_cmpint (dx, ==, 350);
  g_assert_cmpint (dy, ==, 350);
  photo_test_jpeg_header (jpeg, &w, &h, &ss, &cs);
  g_assert_cmpint (w, ==, 358);
  g_assert_cmpint (h, ==, 441);
  g_assert_cmpint (cs, ==, TJCS_YCbCr); /* 24-bit colour */
  g_assert_cmpint (ss, ==, TJSAMP_420);

  /* Decodes back to the same picture (within JPEG's loss). */
  back = photo_test_decode (jpeg);
  g_assert_cmpint (
      abs (back->pixels[200 * back->stride + 100 * 3] - src->pixels[200 * src->stride + 100 * 3]),
      <=, 6);

  gjpeg = kiosk_photo_image_encode_jpeg (grey, 80, 0, &error);
  g_assert_no_error (error);
  photo_test_jpeg_header (gjpeg, &w, &h, &ss, &cs);
  g_assert_cmpint (cs, ==, TJCS_GRAY);
}

/* ---- sources and garbage ----------------------------------------------- */

static void
assert_refused (GBytes *bytes, int code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPhotoSource) source = kiosk_photo_source_new_from_bytes (bytes, &error);

  g_assert_null (source);
  g_assert_error (error, KIOSK_PHOTO_ERROR, code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_test_message ("refused: %s", error->message);
}

static guint32
crc32_of (const guint8 *data, gsize len)
{
  guint32 crc = 0xFFFFFFFFu;
  gsize i;
  int k;

  for (i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
  return crc ^ 0xFFFFFFFFu;
}

static void
put32 (GByteArray *a, guint32 v)
{
  guint8 b[4] = { v >> 24, v >> 16, v >> 8, v };
  g_byte_array_append (a, b, 4);
}

static void
png_chunk (GByteArray *a, const char *type, const guint8 *data, guint32 len)
{
  gsize start;

  put32 (a, len);
  start = a->len;
  g_byte_array_append (a, (const guint8 *) type, 4);
  if (len)
    g_byte_array_append (a, data, len);
  put32 (a, crc32_of (a->data + start, len + 4));
}

/* A valid RGB PNG of w×h claimed in IHDR; the pixel data is one stored
 * (uncompressed) zlib block of a 1×1 image, which is only right for 1×1. */
static GBytes *
make_png (guint32 w, guint32 h)
{
  static const guint8 magic[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
  GByteArray *a = g_byte_array_new ();
  guint8 ihdr[13] = { 0 };
  /* zlib: header, one final stored block of 4 bytes (filter 0 + RGB), Adler-32. */
  guint8 idat[] = { 0x78, 0x01, 0x01, 0x04, 0x00, 0xFB, 0xFF, 0x00, 0xFF, 0x80, 0x00, 0, 0, 0, 0 };
  guint32 s1 = 1, s2 = 0, adler;
  int i;

  for (i = 7; i < 11; i++)
    {
      s1 = (s1 + idat[i]) % 65521;
      s2 = (s2 + s1) % 65521;
    }
  adler = s2 << 16 | s1;
  idat[11] = adler >> 24;
  idat[12] = adler >> 16;
  idat[13] = adler >> 8;
  idat[14] = adler;

  g_byte_array_append (a, magic, 8);
  ihdr[0] = w >> 24;
  ihdr[1] = w >> 16;
  ihdr[2] = w >> 8;
  ihdr[3] = w;
  ihdr[4] = h >> 24;
  ihdr[5] = h >> 16;
  ihdr[6] = h >> 8;
  ihdr[7] = h;
  ihdr[8] = 8; /* bit depth */
  ihdr[9] = 2; /* RGB */
  png_chunk (a, "IHDR", ihdr, 13);
  png_chunk (a, "IDAT", idat, sizeof idat);
  png_chunk (a, "IEND", NULL, 0);
  return g_byte_array_free_to_bytes (a);
}

static GBytes *
small_jpeg (int w, int h)
{
  g_autoptr (KioskPhotoImage) image = gradient (MAX (w, 2), MAX (h, 2));
  g_autoptr (KioskPhotoImage) sized
      = kiosk_photo_image_resample (image, 0, 0, image->width, image->height, w, h);
  g_autoptr (GError) error = NULL;
  GBytes *jpeg = kiosk_photo_image_encode_jpeg (sized, 90, 0, &error);

  g_assert_no_error (error);
  return jpeg;
}

static void
test_source_garbage (void)
{
  g_autoptr (GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr (GBytes) text = g_bytes_new_static ("this is not a photo\n", 20);
  g_autoptr (GBytes) magic_only = g_bytes_new_static ("\xFF\xD8\xFF", 3);
  g_autoptr (GBytes) jpeg_garbage
      = g_bytes_new_static ("\xFF\xD8\xFF\xE0garbage garbage garbage", 26);
  g_autoptr (GBytes) png_garbage
      = g_bytes_new_static ("\x89PNG\r\n\x1A\ngarbage garbage garbage", 31);
  g_autoptr (GBytes) jpeg_1x1 = small_jpeg (1, 1);
  g_autoptr (GBytes) png_1x1 = make_png (1, 1);
  g_autoptr (GBytes) png_huge = make_png (20000, 20000);
  g_autoptr (GBytes) png_wide = make_png (0x7FFFFFF0u, 64);

  assert_refused (empty, KIOSK_PHOTO_ERROR_FORMAT);
  assert_refused (text, KIOSK_PHOTO_ERROR_FORMAT);
  assert_refused (magic_only, KIOSK_PHOTO_ERROR_FORMAT);
  assert_refused (jpeg_garbage, KIOSK_PHOTO_ERROR_FORMAT);
  assert_refused (png_garbage, KIOSK_PHOTO_ERROR_FORMAT);
  assert_refused (jpeg_1x1, KIOSK_PHOTO_ERROR_DIMENSIONS);
  assert_refused (png_1x1, KIOSK_PHOTO_ERROR_DIMENSIONS);
  assert_refused (png_huge, KIOSK_PHOTO_ERROR_DIMENSIONS);
  assert_refused (png_wide, KIOSK_PHOTO_ERROR_FORMAT); /* libpng's own limit */
}

/* A real JPEG whose frame header is patched to claim 20000×20000. */
static void
test_source_huge_jpeg_claim (void)
{
  g_autoptr (GBytes) jpeg = small_jpeg (64, 64);
  gsize size = 0, i;
  const guint8 *orig = g_bytes_get_data (jpeg, &size);
  g_autofree guint8 *data = g_memdup2 (orig, size);
  g_autoptr (GBytes) patched = NULL;
  gboolean found = FALSE;

  for (i = 2; i + 9 < size; i++)
    if (data[i] == 0xFF && data[i + 1] == 0xC0)
      {
        data[i + 5] = 20000 >> 8; /* height */
        data[i + 6] = 20000 & 0xFF;
        data[i + 7] = 20000 >> 8; /* width */
        data[i + 8] = 20000 & 0xFF;
        found = TRUE;
        break;
      }
  g_assert_true (found);
  patched = g_bytes_new (data, size);
  assert_refused (patched, KIOSK_PHOTO_ERROR_DIMENSIONS);
}

static void
test_source_truncated_jpeg (void)
{
  g_autofree char *path = photo_test_fixture ("pass-centre.jpg");
  g_autoptr (GBytes) whole = photo_test_read (path);
  g_autoptr (GBytes) half = g_bytes_new_from_bytes (whole, 0, g_bytes_get_size (whole) / 2);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPhotoSource) source = kiosk_photo_source_new_from_bytes (half, &error);
  g_autoptr (KioskPhotoImage) preview = NULL;
  double sx, sy;

  /* The header is intact: the size is known, the pixels are not. */
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_photo_source_get_width (source), ==, 480);
  preview = kiosk_photo_source_preview (source, 480, &sx, &sy, &error);
  g_assert_null (preview);
  g_assert_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "truncated"));
  g_clear_error (&error);
  g_assert_null (kiosk_photo_source_render (source, 0, 0, 100, 100, 50, 50, &error));
  g_assert_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_FORMAT);
}

static void
test_source_files (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *missing = g_build_filename (kiosk_test_dir, "no-such.jpg", NULL);
  g_autofree char *dir = g_strdup (kiosk_test_dir);
  g_autofree char *png = photo_test_fixture ("pass-mirrored.png");
  g_autoptr (KioskPhotoSource) source = NULL;
  g_autoptr (KioskPhotoSource) none = kiosk_photo_source_new_from_file (missing, &error);

  g_assert_null (none);
  g_assert_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "no-such.jpg"));
  g_clear_error (&error);
  g_assert_null (kiosk_photo_source_new_from_file (dir, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  source = kiosk_photo_source_new_from_file (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_photo_source_get_format (source), ==, KIOSK_PHOTO_SOURCE_PNG);
  g_assert_cmpint (kiosk_photo_source_get_width (source), ==, 320);
  g_assert_cmpint (kiosk_photo_source_get_height (source), ==, 400);
}

/* A JPEG preview is decoded directly at a reduced DCT scale. */
static void
test_source_preview_scaled (void)
{
  g_autoptr (GBytes) jpeg = small_jpeg (2000, 1500);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPhotoSource) source = kiosk_photo_source_new_from_bytes (jpeg, &error);
  g_autoptr (KioskPhotoImage) preview = NULL;
  g_autoptr (KioskPhotoImage) region = NULL;
  double sx, sy;

  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_photo_source_format_name (kiosk_photo_source_get_format (source)), ==,
                   "jpeg");
  preview = kiosk_photo_source_preview (source, 480, &sx, &sy, &error);
  g_assert_no_error (error);
  /* Decoded at 3/4 (1500×1125, at least 1280 px long), shrunk by 3. */
  g_assert_cmpint (preview->width, ==, 500);
  g_assert_cmpint (preview->height, ==, 375);
  g_assert_cmpfloat_with_epsilon (sx, 0.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (sy, 0.25, 1e-9);

  /* A region: the right half of the ramp is bright in red. */
  region = kiosk_photo_source_render (source, 1500, 500, 400, 500, 100, 125, &error);
  g_assert_no_error (error);
  g_assert_cmpint (region->width, ==, 100);
  g_assert_cmpint (region->height, ==, 125);
  g_assert_cmpint (region->pixels[60 * region->stride + 50 * 3], >, 180);
}

static void
test_source_frame (void)
{
  g_autoptr (KioskPhotoImage) frame = gradient (1280, 720);
  g_autoptr (KioskPhotoImage) grey = kiosk_photo_image_to_grey (frame);
  g_autoptr (KioskPhotoImage) tiny = gradient (32, 32);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPhotoSource) source = kiosk_photo_source_new_for_frame (frame, &error);
  g_autoptr (KioskPhotoImage) preview = NULL;
  double sx, sy;

  g_assert_no_error (error);
  preview = kiosk_photo_source_preview (source, 480, &sx, &sy, &error);
  g_assert_no_error (error);
  /* Shrunk by an integer factor to between 480 and 960 px. */
  g_assert_cmpint (preview->width, ==, 640);
  g_assert_cmpint (preview->height, ==, 360);
  g_assert_cmpfloat_with_epsilon (sx, 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (sy, 0.5, 1e-9);

  g_assert_null (kiosk_photo_source_new_for_frame (grey, &error));
  g_assert_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_FORMAT);
  g_clear_error (&error);
  g_assert_null (kiosk_photo_source_new_for_frame (tiny, &error));
  g_assert_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_DIMENSIONS);
}

static void
test_detector_missing_models (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPhotoSpec) spec = kiosk_photo_spec_new_default ();
  g_autoptr (KioskPhoto) photo = NULL;
  g_autofree char *garbage_dir = kiosk_test_make_dir ("cascades");
  g_autofree char *face = g_build_filename (garbage_dir, KIOSK_FACE_DETECTOR_FACE_MODEL, NULL);
  g_autofree char *eye = g_build_filename (garbage_dir, KIOSK_FACE_DETECTOR_EYE_MODEL, NULL);

  g_free (spec->cascade_dir);
  spec->cascade_dir = g_build_filename (kiosk_test_dir, "nowhere", NULL);
  photo = kiosk_photo_new (spec, &error);
  g_assert_null (photo);
  g_assert_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_DETECTOR);
  g_assert_nonnull (strstr (error->message, KIOSK_FACE_DETECTOR_FACE_MODEL));
  g_clear_error (&error);

  /* Files that are not cascades. */
  g_assert_true (g_file_set_contents (face, "<not a cascade/>", -1, NULL));
  g_assert_true (g_file_set_contents (eye, "garbage", -1, NULL));
  g_free (spec->cascade_dir);
  spec->cascade_dir = g_strdup (garbage_dir);
  photo = kiosk_photo_new (spec, &error);
  g_assert_null (photo);
  g_assert_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_DETECTOR);
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);

  g_test_add_func ("/photo/reason/table", test_reasons_table);
  g_test_add_func ("/photo/check/reasons", test_check_reasons);
  g_test_add_func ("/photo/spec/default", test_spec_default);
  g_test_add_func ("/photo/spec/keyfile", test_spec_keyfile);
  g_test_add_func ("/photo/spec/keyfile-invalid", test_spec_keyfile_invalid);
  g_test_add_func ("/photo/image/limits", test_image_limits);
  g_test_add_func ("/photo/image/resample", test_image_resample);
  g_test_add_func ("/photo/image/shrink", test_image_shrink);
  g_test_add_func ("/photo/image/encode-jfif", test_image_encode_jfif);
  g_test_add_func ("/photo/source/garbage", test_source_garbage);
  g_test_add_func ("/photo/source/huge-jpeg-claim", test_source_huge_jpeg_claim);
  g_test_add_func ("/photo/source/truncated-jpeg", test_source_truncated_jpeg);
  g_test_add_func ("/photo/source/files", test_source_files);
  g_test_add_func ("/photo/source/preview-scaled", test_source_preview_scaled);
  g_test_add_func ("/photo/source/frame", test_source_frame);
  g_test_add_func ("/photo/detector/missing-models", test_detector_missing_models);
  return kiosk_test_run ();
}
