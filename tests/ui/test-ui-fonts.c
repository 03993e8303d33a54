/* test-ui-fonts.c — the UI's font subset (data/fonts, ui/kiosk-ui-fonts.c)
 *
 * With the subset made by the build ($KIOSK_UI_FONT_DIR): fontconfig answers
 * "Noto Sans CJK SC" with it, Regular and Bold; pango draws the UI's text
 * from it and a character it lacks (a rare one in a name) from the full
 * face. Missing, garbage and foreign files are refused with a clear error
 * and change nothing.
 */
#include "config.h"

#include <string.h>

#include <fontconfig/fontconfig.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "kiosk-test.h"
#include "kiosk-ui-fonts.h"

static char *
match_family (const char *request)
{
  FcPattern *pattern = FcNameParse ((const FcChar8 *) request);
  FcPattern *match;
  FcResult result;
  FcChar8 *family = NULL;
  char *out = NULL;

  FcConfigSubstitute (NULL, pattern, FcMatchPattern);
  FcDefaultSubstitute (pattern);
  match = FcFontMatch (NULL, pattern, &result);
  if (match != NULL && FcPatternGetString (match, FC_FAMILY, 0, &family) == FcResultMatch)
    out = g_strdup ((const char *) family);
  if (match != NULL)
    FcPatternDestroy (match);
  FcPatternDestroy (pattern);
  return out;
}

static char *
make_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("ui-fonts-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *dir)
{
  const char *names[] = { "KioskUISansSC-Regular.otf", "KioskUISansSC-Bold.otf" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_remove (path);
    }
  g_rmdir (dir);
}

static void
test_missing (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *before = match_family ("Noto Sans CJK SC");
  g_autofree char *after = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_false (kiosk_ui_fonts_use (dir, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (kiosk_ui_fonts_use ("/nonexistent/fonts", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  after = match_family ("Noto Sans CJK SC");
  g_assert_cmpstr (after, ==, before);
  remove_dir (dir);
}

static void
write_file (const char *dir, const char *name, const char *data, gsize len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (path, data, (gssize) len, &error));
  g_assert_no_error (error);
}

static void
test_garbage (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *dejavu = match_family ("DejaVu Sans");
  g_autofree char *after = NULL;
  g_autoptr (GError) error = NULL;
  static const char junk[] = "OTTO\0\0\0garbage, not a font\xff\xfe";
  guint8 noise[4096];
  FcPattern *pattern;
  FcChar8 *file = NULL;

  /* Bytes that are no font. */
  for (guint i = 0; i < sizeof noise; i++)
    noise[i] = (guint8) g_test_rand_int_range (0, 256);
  write_file (dir, "KioskUISansSC-Regular.otf", junk, sizeof junk);
  write_file (dir, "KioskUISansSC-Bold.otf", (const char *) noise, sizeof noise);
  g_assert_false (kiosk_ui_fonts_use (dir, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* A real font of another family under the subset's name. */
  pattern = FcNameParse ((const FcChar8 *) "DejaVu Sans");
  FcConfigSubstitute (NULL, pattern, FcMatchPattern);
  FcDefaultSubstitute (pattern);
  {
    FcResult result;
    FcPattern *match = FcFontMatch (NULL, pattern, &result);
    g_autofree char *contents = NULL;
    gsize len = 0;

    g_assert_nonnull (match);
    g_assert_cmpint (FcPatternGetString (match, FC_FILE, 0, &file), ==, FcResultMatch);
    g_assert_true (g_file_get_contents ((const char *) file, &contents, &len, NULL));
    write_file (dir, "KioskUISansSC-Regular.otf", contents, len);
    FcPatternDestroy (match);
  }
  FcPatternDestroy (pattern);
  g_assert_false (kiosk_ui_fonts_use (dir, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, KIOSK_UI_FONT_FAMILY));

  /* Nothing changed: the Noto face is still Noto's. */
  after = match_family ("Noto Sans CJK SC");
  g_assert_cmpstr (after, !=, KIOSK_UI_FONT_FAMILY);
  g_assert_nonnull (dejavu);
  remove_dir (dir);
}

/* The family of the font each character of `text` is drawn with, as
 * "family|family|…" per run. */
static char *
run_families (PangoFontMap *map, const char *text, PangoWeight weight)
{
  PangoContext *context = pango_font_map_create_context (map);
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *desc = pango_font_description_from_string ("Noto Sans CJK SC 30px");
  GString *out = g_string_new (NULL);
  PangoLayoutIter *iter;

  pango_font_description_set_weight (desc, weight);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (layout, text, -1);
  g_assert_cmpint (pango_layout_get_unknown_glyphs_count (layout), ==, 0);
  iter = pango_layout_get_iter (layout);
  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);
      PangoFontDescription *font_desc;

      if (run == NULL)
        continue;
      font_desc = pango_font_describe (run->item->analysis.font);
      g_string_append_printf (out, "%s%s", out->len ? "|" : "",
                              pango_font_description_get_family (font_desc));
      pango_font_description_free (font_desc);
    }
  while (pango_layout_iter_next_run (iter));
  pango_layout_iter_free (iter);
  g_object_unref (layout);
  g_object_unref (context);
  return g_string_free (out, FALSE);
}

static void
test_use (void)
{
  const char *dir = g_getenv ("KIOSK_UI_FONT_DIR");
  g_autoptr (GError) error = NULL;
  g_autofree char *regular = NULL;
  g_autofree char *bold = NULL;
  g_autofree char *ui_text = NULL;
  g_autofree char *ui_bold = NULL;
  g_autofree char *rare = NULL;
  PangoFontMap *map;

  g_assert_nonnull (dir);
  g_assert_true (kiosk_ui_fonts_use (dir, &error));
  g_assert_no_error (error);

  regular = match_family ("Noto Sans CJK SC");
  bold = match_family ("Noto Sans CJK SC:bold");
  g_assert_cmpstr (regular, ==, KIOSK_UI_FONT_FAMILY);
  g_assert_cmpstr (bold, ==, KIOSK_UI_FONT_FAMILY);

  /* A font map made afterwards, as GTK's is. The UI's words (a page
   * heading, a bank, digits) from the subset, Regular and Bold… */
  map = pango_cairo_font_map_new ();
  ui_text = run_families (map, "请把身份证平放在感应区 中国建设银行 0431-85570725",
                          PANGO_WEIGHT_NORMAL);
  g_assert_cmpstr (ui_text, ==, KIOSK_UI_FONT_FAMILY);
  ui_bold = run_families (map, "确认无误，去签名", PANGO_WEIGHT_BOLD);
  g_assert_cmpstr (ui_bold, ==, KIOSK_UI_FONT_FAMILY);
  /* …and a character that is in no text of the UI from the full face. */
  rare = run_families (map, "请龘", PANGO_WEIGHT_NORMAL);
  g_assert_cmpstr (rare, ==, KIOSK_UI_FONT_FAMILY "|Noto Sans CJK SC");
  g_object_unref (map);
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);
  if (!FcInit ())
    {
      g_print ("1..0 # SKIP fontconfig does not start\n");
      return 77;
    }
  /* Refusals first: the last test changes the process's configuration. */
  g_test_add_func ("/ui-fonts/missing", test_missing);
  g_test_add_func ("/ui-fonts/garbage", test_garbage);
  g_test_add_func ("/ui-fonts/use", test_use);
  return kiosk_test_run ();
}
