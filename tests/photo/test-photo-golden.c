/* test-photo-golden.c — every fixture against its golden verdict
 *
 * Runs the real pipeline (OpenCV's cascades from opencv-data, libjpeg-turbo,
 * libpng) on the photos of tests/photo/fixtures/ and compares the reasons
 * with fixtures/golden.txt exactly. A photo that passes must also produce a
 * card JPEG that is 358×441, 24-bit colour, JFIF 350 dpi, within the size
 * bounds, with the geometry in range — the top of the hair is measured again
 * on the decoded JPEG, independently of the detector — and that passes the
 * check again. Every reason code is produced by at least one line.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk-test.h"
#include "photo-test-util.h"

#define SKIMAGE_DIR "/usr/lib/python3/dist-packages/skimage/data"

typedef struct
{
  int line;
  char *file;
  gboolean pass;
  char *reasons; /* "a,b" or "" */
  char *options; /* "[photo]\nkey=value\n…" or NULL */
} Golden;

static GPtrArray *golden;
static KioskPhoto *default_photo;

static void
golden_free (gpointer data)
{
  Golden *g = data;

  g_free (g->file);
  g_free (g->reasons);
  g_free (g->options);
  g_free (g);
}

static void
load_golden (void)
{
  g_autofree char *path = photo_test_fixture ("golden.txt");
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GError) error = NULL;
  int i;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  golden = g_ptr_array_new_with_free_func (golden_free);
  lines = g_strsplit (text, "\n", -1);
  for (i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) words = NULL;
      Golden *g;
      int n, k;

      g_strstrip (lines[i]);
      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;
      words = g_regex_split_simple ("\\s+", lines[i], 0, 0);
      n = g_strv_length (words);
      g_assert_cmpint (n, >=, 3);
      g_assert_true (strcmp (words[1], "pass") == 0 || strcmp (words[1], "fail") == 0);
      g = g_new0 (Golden, 1);
      g->line = i + 1;
      g->file = g_strdup (words[0]);
      g->pass = strcmp (words[1], "pass") == 0;
      g->reasons = g_strdup (strcmp (words[2], "-") == 0 ? "" : words[2]);
      g_assert_true (g->pass == (g->reasons[0] == '\0'));
      if (n > 3)
        {
          GString *opt = g_string_new ("[photo]\n");
          for (k = 3; k < n; k++)
            g_string_append_printf (opt, "%s\n", words[k]);
          g->options = g_string_free (opt, FALSE);
        }
      g_ptr_array_add (golden, g);
    }
}

/* The file of a golden line, or NULL (test skipped) when it is not here. */
static char *
resolve (const char *file)
{
  char *path;

  if (g_str_has_prefix (file, "skimage:"))
    path = g_build_filename (SKIMAGE_DIR, file + strlen ("skimage:"), NULL);
  else
    path = photo_test_fixture (file);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *msg = g_strdup_printf ("%s is not installed (python3-skimage)", path);
      g_test_skip (msg);
      g_free (path);
      return NULL;
    }
  return path;
}

static char *
reason_list (const KioskPhotoCheck *check)
{
  KioskPhotoReason reasons[KIOSK_PHOTO_N_REASONS];
  guint n = kiosk_photo_check_get_reasons (check, reasons), i;
  GString *out = g_string_new ("");

  for (i = 0; i < n; i++)
    g_string_append_printf (out, "%s%s", i ? "," : "", kiosk_photo_reason_code (reasons[i]));
  return g_string_free (out, FALSE);
}

/* The first row, from the top, where the head's columns stop being white:
 * measured on the decoded card photo, not with the detector. */
static int
measure_hair_top (const KioskPhotoImage *card)
{
  int x, y;

  for (y = 0; y < card->height; y++)
    {
      int dark = 0;

      for (x = 90; x < 268; x++)
        {
          const guint8 *p = card->pixels + (gsize) y * card->stride + x * 3;
          if (MAX (255 - p[0], MAX (255 - p[1], 255 - p[2])) > 40)
            dark++;
        }
      if (dark >= 3)
        return y;
    }
  return -1;
}

static void
assert_card_jpeg (KioskPhoto *photo, GBytes *jpeg, const KioskPhotoCheck *check)
{
  const KioskPhotoSpec *spec = kiosk_photo_get_spec (photo);
  int w, h, ss, cs, units, dx, dy, hair;
  g_autoptr (KioskPhotoImage) decoded = NULL;
  g_autoptr (KioskPhotoSource) again_source = NULL;
  g_autoptr (KioskPhotoCheck) again = NULL;
  g_autoptr (GError) error = NULL;

  photo_test_jpeg_header (jpeg, &w, &h, &ss, &cs);
  g_assert_cmpint (w, ==, 358);
  g_assert_cmpint (h, ==, 441);
  g_assert_cmpint (cs, ==, TJCS_YCbCr);
  photo_test_jfif_density (jpeg, &units, &dx, &dy);
  g_assert_cmpint (units, ==, 1);
  g_assert_cmpint (dx, ==, 350);
  g_assert_cmpint (dy, ==, 350);
  g_assert_cmpuint (g_bytes_get_size (jpeg), >=, spec->min_bytes);
  g_assert_cmpuint (g_bytes_get_size (jpeg), <=, spec->max_bytes);
  g_assert_cmpuint (check->jpeg_size, ==, g_bytes_get_size (jpeg));
  g_assert_cmpint (check->jpeg_quality, >=, spec->quality_min);
  g_assert_cmpint (check->jpeg_quality, <=, spec->quality_max);

  /* The geometry as planned … */
  g_assert_cmpfloat (check->face_width, >=, spec->face_width_min);
  g_assert_cmpfloat (check->face_width, <=, spec->face_width_max);
  g_assert_cmpfloat (check->hair_top_px, >=, spec->hair_top_min);
  g_assert_cmpfloat (check->hair_top_px, <=, spec->hair_top_max);
  g_assert_cmpfloat (check->eye_x, >=, spec->eye_x_min);
  g_assert_cmpfloat (check->eye_x, <=, spec->eye_x_max);
  g_assert_cmpfloat (check->eye_line_to_bottom, >=, spec->eye_line_min_to_bottom);

  /* … and as seen in the pixels of the file. */
  decoded = photo_test_decode (jpeg);
  hair = measure_hair_top (decoded);
  g_test_message ("hair top planned %.1f, measured %d", check->hair_top_px, hair);
  g_assert_cmpint (hair, >=, spec->hair_top_min);
  g_assert_cmpint (hair, <=, spec->hair_top_max);

  /* The card photo is itself a photo that passes. */
  again_source = kiosk_photo_source_new_from_bytes (jpeg, &error);
  g_assert_no_error (error);
  again = kiosk_photo_check (photo, again_source, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (again->passed);
  g_assert_cmpfloat (fabs (again->face_width - check->face_width), <, 25.0);
}

static void
test_golden_line (gconstpointer data)
{
  const Golden *g = data;
  g_autofree char *path = NULL;
  g_autoptr (KioskPhoto) own = NULL;
  KioskPhoto *photo = default_photo;
  g_autoptr (KioskPhotoSource) source = NULL;
  g_autoptr (KioskPhotoCheck) check = NULL;
  g_autoptr (KioskPhotoImage) card = NULL;
  g_autoptr (GBytes) jpeg = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *got = NULL;

  if (photo == NULL)
    {
      g_test_skip ("opencv-data's cascades are not installed");
      return;
    }
  path = resolve (g->file);
  if (path == NULL)
    return;
  if (g->options != NULL)
    {
      g_autoptr (GKeyFile) kf = g_key_file_new ();
      g_autoptr (KioskPhotoSpec) spec = NULL;

      g_assert_true (g_key_file_load_from_data (kf, g->options, -1, 0, NULL));
      spec = kiosk_photo_spec_new_from_keyfile (kf, &error);
      g_assert_no_error (error);
      own = kiosk_photo_new (spec, &error);
      g_assert_no_error (error);
      photo = own;
    }

  source = kiosk_photo_source_new_from_file (path, &error);
  g_assert_no_error (error);
  check = kiosk_photo_check (photo, source, &card, &error);
  g_assert_no_error (error);
  g_assert_nonnull (check);
  if (check->passed)
    {
      g_assert_nonnull (card);
      jpeg = kiosk_photo_produce (photo, check, card, &error);
      if (jpeg == NULL)
        {
          g_assert_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_NOT_PASSED);
          g_assert_true (kiosk_photo_check_has_reason (check, KIOSK_PHOTO_REASON_FILE_SIZE));
          g_assert_false (check->passed);
        }
    }

  got = reason_list (check);
  g_test_message ("%s:%d %s → %s", g->file, g->line, g->pass ? "pass" : g->reasons,
                  check->passed ? "pass" : got);
  g_assert_cmpstr (got, ==, g->reasons);
  g_assert_cmpint (check->passed, ==, g->pass);
  if (g->pass)
    assert_card_jpeg (photo, jpeg, check);
}

static void
test_golden_coverage (void)
{
  guint seen = 0, i;

  for (i = 0; i < golden->len; i++)
    {
      const Golden *g = golden->pdata[i];
      g_auto (GStrv) codes = g_strsplit (g->reasons, ",", -1);
      int k;

      for (k = 0; codes[k] != NULL && codes[k][0] != '\0'; k++)
        {
          KioskPhotoReason reason;

          g_assert_true (kiosk_photo_reason_from_code (codes[k], &reason));
          seen |= 1u << reason;
        }
    }
  for (i = 0; i < KIOSK_PHOTO_N_REASONS; i++)
    {
      if (!(seen & (1u << i)))
        g_test_message ("no golden line produces %s", kiosk_photo_reason_code (i));
      g_assert_true (seen & (1u << i));
    }
}

/* The live camera's path: an RGB frame in memory gives the file's verdict. */
static void
test_frames (void)
{
  const char *files[] = { "pass-centre.jpg", "fail-too-left.jpg", "fail-blurred.jpg" };
  const char *expect[] = { "", "face-too-left", "blurred" };
  gsize i;

  if (default_photo == NULL)
    {
      g_test_skip ("opencv-data's cascades are not installed");
      return;
    }
  for (i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = photo_test_fixture (files[i]);
      g_autoptr (GBytes) bytes = photo_test_read (path);
      g_autoptr (KioskPhotoImage) frame = photo_test_decode (bytes);
      g_autoptr (GError) error = NULL;
      g_autoptr (KioskPhotoSource) source = kiosk_photo_source_new_for_frame (frame, &error);
      g_autoptr (KioskPhotoCheck) check = NULL;
      g_autofree char *got = NULL;

      g_assert_no_error (error);
      check = kiosk_photo_check (default_photo, source, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (check->source_format, ==, "frame");
      got = reason_list (check);
      g_assert_cmpstr (got, ==, expect[i]);
    }
}

static void
test_truncated (void)
{
  g_autofree char *path = photo_test_fixture ("pass-centre.jpg");
  g_autoptr (GBytes) whole = photo_test_read (path);
  g_autoptr (GBytes) part = g_bytes_new_from_bytes (whole, 0, g_bytes_get_size (whole) * 2 / 3);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPhotoSource) source = kiosk_photo_source_new_from_bytes (part, &error);
  g_autoptr (KioskPhotoCheck) check = NULL;
  g_autoptr (KioskPhotoImage) card = NULL;

  if (default_photo == NULL)
    {
      g_test_skip ("opencv-data's cascades are not installed");
      return;
    }
  g_assert_no_error (error);
  check = kiosk_photo_check (default_photo, source, &card, &error);
  g_assert_null (check);
  g_assert_null (card);
  g_assert_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_FORMAT);
}

static void
test_produce_refuses_failed (void)
{
  g_autofree char *path = photo_test_fixture ("fail-grey-background.jpg");
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPhotoSource) source = NULL;
  g_autoptr (KioskPhotoCheck) check = NULL;
  g_autoptr (KioskPhotoImage) card = NULL;
  g_autoptr (GBytes) jpeg = NULL;

  if (default_photo == NULL)
    {
      g_test_skip ("opencv-data's cascades are not installed");
      return;
    }
  source = kiosk_photo_source_new_from_file (path, &error);
  g_assert_no_error (error);
  check = kiosk_photo_check (default_photo, source, &card, &error);
  g_assert_no_error (error);
  g_assert_false (check->passed);
  /* The card image is still rendered, for the screen. */
  g_assert_nonnull (card);
  g_assert_cmpint (card->width, ==, 358);
  jpeg = kiosk_photo_produce (default_photo, check, card, &error);
  g_assert_null (jpeg);
  g_assert_error (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_NOT_PASSED);
  g_assert_nonnull (strstr (error->message, "背景"));
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  guint i;
  int rc;

  kiosk_test_init (&argc, &argv);
  load_golden ();
  if (photo_test_have_cascades ())
    {
      default_photo = kiosk_photo_new (NULL, &error);
      g_assert_no_error (error);
    }

  for (i = 0; i < golden->len; i++)
    {
      const Golden *g = golden->pdata[i];
      g_autofree char *name = g_strdup_printf ("/photo/golden/%03d-%s", g->line, g->file);

      g_strdelimit (name + strlen ("/photo/golden/"), ":/", '-');
      g_test_add_data_func (name, g, test_golden_line);
    }
  g_test_add_func ("/photo/golden/coverage", test_golden_coverage);
  g_test_add_func ("/photo/check/frames", test_frames);
  g_test_add_func ("/photo/check/truncated", test_truncated);
  g_test_add_func ("/photo/produce/refuses-failed", test_produce_refuses_failed);

  rc = kiosk_test_run ();
  g_clear_pointer (&default_photo, kiosk_photo_free);
  g_clear_pointer (&golden, g_ptr_array_unref);
  return rc;
}
