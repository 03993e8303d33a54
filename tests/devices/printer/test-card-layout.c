/* test-card-layout.c — the card-face layout file: what parses, and every
 * kind of garbage giving an error that names the group and key */
#include "config.h"

#include <string.h>

#include "kiosk-test.h"
#include "kiosk-card-layout.h"

#define CARD  "[card]\nname=t\nfont=Noto Serif CJK SC\n"
#define PHOTO "[photo]\nx_mm=4\ny_mm=12\nwidth_mm=20\nheight_mm=25\n"
#define TEXTS                                                                                      \
  "[text name]\nfield=name\nx_mm=36\ny_mm=15.5\nfont_pt=8\n"                                       \
  "[text ssn]\nfield=social_security_number\nx_mm=47\ny_mm=20\nfont_pt=8\n"                        \
  "[text card]\nfield=card_number\nx_mm=36\ny_mm=24.5\nfont_pt=8\n"                                \
  "[text date]\nfield=issue_date\nx_mm=41\ny_mm=29\nfont_pt=8\n"

static KioskCardLayout *
parse (const char *text, GError **error)
{
  return kiosk_card_layout_new_from_data (text, strlen (text), error);
}

static void
test_minimal (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCardLayout) layout = parse (CARD PHOTO TEXTS, &error);
  const KioskCardText *date;
  int w, h;

  g_assert_no_error (error);
  g_assert_nonnull (layout);
  g_assert_cmpint (layout->kind, ==, KIOSK_CARD_FACE_KIND_FORMAL);
  /* the defaults: ID-1 at 300 dpi in the printers' 1016×648 raster */
  g_assert_cmpfloat_with_epsilon (layout->width_mm, 85.60, 1e-9);
  g_assert_cmpfloat_with_epsilon (layout->height_mm, 53.98, 1e-9);
  g_assert_cmpfloat_with_epsilon (layout->corner_radius_mm, 3.18, 1e-9);
  g_assert_cmpuint (layout->raster_width_px, ==, 1016);
  g_assert_cmpuint (layout->raster_height_px, ==, 648);
  g_assert_cmpuint (layout->rotate, ==, 0);
  g_assert_true (layout->has_photo);
  g_assert_cmpuint (layout->texts->len, ==, 4);
  kiosk_card_layout_get_raster_size (layout, 300, &w, &h);
  g_assert_cmpint (w, ==, 1016);
  g_assert_cmpint (h, ==, 648);

  date = kiosk_card_layout_get_text (layout, "date");
  g_assert_nonnull (date);
  g_assert_cmpint (date->field, ==, KIOSK_CARD_FIELD_ISSUE_DATE);
  g_assert_cmpstr (date->date_format, ==, "%Y年%m月");
  g_assert_cmpfloat_with_epsilon (date->min_font_pt, 8, 1e-9);
  g_assert_cmpfloat_with_epsilon (date->max_width_mm, 85.60 - 41, 1e-9);
  g_assert_null (kiosk_card_layout_get_text (layout, "nothing"));
}

static void
test_shipped (void)
{
  const char *names[] = { "standard", "temporary" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (KioskCardLayout) layout = kiosk_card_layout_load (names[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (layout->name, ==, names[i]);
      g_assert_cmpuint (layout->rotate, ==, 180);
    }
}

/* Photo box at (4, 12) on a 300 dpi raster turned 180°: it lands in the
 * lower right. */
static void
test_map_rect (void)
{
  g_autoptr (KioskCardLayout) layout = parse (CARD PHOTO TEXTS "", NULL);
  int x, y, w, h, rx, ry, rw, rh;
  double margin_x = (1016 - 85.60 * 300 / 25.4) / 2, margin_y = (648 - 53.98 * 300 / 25.4) / 2;

  kiosk_card_layout_map_rect (layout, 300, FALSE, 4, 12, 20, 25, &x, &y, &w, &h);
  g_assert_cmpint (x, ==, (int) (margin_x + 4 * 300 / 25.4));
  g_assert_cmpint (y, ==, (int) (margin_y + 12 * 300 / 25.4));
  g_assert_cmpint (w, >=, 236);
  g_assert_cmpint (w, <=, 238);
  g_assert_cmpint (h, >=, 295);
  g_assert_cmpint (h, <=, 297);

  layout->rotate = 180;
  kiosk_card_layout_map_rect (layout, 300, TRUE, 4, 12, 20, 25, &rx, &ry, &rw, &rh);
  g_assert_cmpint (abs ((rx + rw) - (1016 - x)), <=, 1);
  g_assert_cmpint (abs ((ry + rh) - (648 - y)), <=, 1);
}

static void
expect_error (const char *text, int code, const char *needle)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCardLayout) layout = parse (text, &error);

  g_assert_null (layout);
  g_assert_error (error, KIOSK_CARD_LAYOUT_ERROR, code);
  g_test_message ("%s", error->message);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not name “%s”", error->message, needle);
}

static void
test_garbage (void)
{
  /* not a layout at all */
  expect_error ("", KIOSK_CARD_LAYOUT_ERROR_MISSING, "[card]");
  expect_error ("garbage without groups", KIOSK_CARD_LAYOUT_ERROR_SYNTAX, "layout");
  expect_error ("[card\nname=x\n", KIOSK_CARD_LAYOUT_ERROR_SYNTAX, "layout");
  expect_error ("[card]\nname=\xff\xfe\n", KIOSK_CARD_LAYOUT_ERROR_SYNTAX, "UTF-8");
  /* A bad escape and a backslash at the end of the same value: GLib 2.74's
   * own parser set its GError twice (a fatal GLib-WARNING under
   * G_DEBUG=fatal-warnings; found by fuzz-card-layout). */
  expect_error ("[card]\nname=a\\qb\\\n", KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE, "backslash");
  expect_error ("[card]\nname=ab\\\n", KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE, "backslash");
  {
    const char nul[] = "[card]\nname=a\0b\n";
    g_autoptr (GError) error = NULL;

    g_assert_null (kiosk_card_layout_new_from_data (nul, sizeof nul - 1, &error));
    g_assert_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_SYNTAX);
  }
  {
    g_autofree char *big = g_strnfill (70 * 1024, '#');
    g_autoptr (GError) error = NULL;

    g_assert_null (kiosk_card_layout_new_from_data (big, strlen (big), &error));
    g_assert_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_SYNTAX);
  }

  /* [card] */
  expect_error ("[card]\nfont=x\n" PHOTO TEXTS, KIOSK_CARD_LAYOUT_ERROR_MISSING, "[card] name");
  expect_error ("[card]\nname=t\n" PHOTO TEXTS, KIOSK_CARD_LAYOUT_ERROR_MISSING, "[card] font");
  expect_error (CARD "kind=permanent\n" PHOTO TEXTS, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
                "[card] kind");
  expect_error (CARD "width_mm=abc\n" PHOTO TEXTS, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
                "[card] width_mm");
  expect_error (CARD "width_mm=nan\n" PHOTO TEXTS, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
                "[card] width_mm");
  expect_error (CARD "height_mm=inf\n" PHOTO TEXTS, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
                "[card] height_mm");
  expect_error (CARD "height_mm=1e308\n" PHOTO TEXTS, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
                "[card] height_mm");
  expect_error (CARD "width_mm=85,6\n" PHOTO TEXTS, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
                "[card] width_mm");
  expect_error (CARD "rotate=90\n" PHOTO TEXTS, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
                "[card] rotate");
  expect_error (CARD "rotate=-180\n" PHOTO TEXTS, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
                "[card] rotate");
  expect_error (CARD "raster_dpi=0\n" PHOTO TEXTS, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
                "[card] raster_dpi");
  expect_error (CARD "raster_width_px=99999999999\n" PHOTO TEXTS,
                KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE, "[card] raster_width_px");
  /* a raster smaller than the card */
  expect_error (CARD "raster_width_px=800\n" PHOTO TEXTS, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
                "[card] raster_width_px");
  expect_error (CARD "corner_radius_mm=40\n" PHOTO TEXTS, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
                "[card] corner_radius_mm");
  expect_error (CARD "colour=red\n" PHOTO TEXTS, KIOSK_CARD_LAYOUT_ERROR_UNKNOWN_KEY,
                "[card] colour");

  /* [photo] */
  expect_error (CARD TEXTS, KIOSK_CARD_LAYOUT_ERROR_MISSING, "[photo]");
  expect_error (CARD "[photo]\nx_mm=4\ny_mm=12\nwidth_mm=20\n" TEXTS,
                KIOSK_CARD_LAYOUT_ERROR_MISSING, "[photo] height_mm");
  expect_error (CARD "[photo]\nx_mm=70\ny_mm=12\nwidth_mm=20\nheight_mm=25\n" TEXTS,
                KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE, "[photo] width_mm");
  expect_error (CARD "[photo]\nx_mm=-1\ny_mm=12\nwidth_mm=20\nheight_mm=25\n" TEXTS,
                KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE, "[photo] x_mm");
  expect_error (CARD "[photo]\nx_mm=4\ny_mm=40\nwidth_mm=20\nheight_mm=25\n" TEXTS,
                KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE, "[photo] height_mm");
  expect_error (CARD PHOTO "dpi=300\n" TEXTS, KIOSK_CARD_LAYOUT_ERROR_UNKNOWN_KEY, "[photo] dpi");

  /* [text …] */
  expect_error (CARD PHOTO TEXTS "[text x]\nx_mm=1\ny_mm=1\nfont_pt=8\n",
                KIOSK_CARD_LAYOUT_ERROR_MISSING, "[text x] field");
  expect_error (CARD PHOTO TEXTS "[text x]\nfield=address\nx_mm=1\ny_mm=1\nfont_pt=8\n",
                KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE, "[text x] field");
  expect_error (CARD PHOTO TEXTS "[text x]\nfield=text\nx_mm=1\ny_mm=1\nfont_pt=8\n",
                KIOSK_CARD_LAYOUT_ERROR_MISSING, "[text x] text");
  expect_error (CARD PHOTO TEXTS "[text x]\nfield=name\ntext=hi\nx_mm=1\ny_mm=1\nfont_pt=8\n",
                KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE, "[text x] text");
  expect_error (CARD PHOTO TEXTS "[text x]\nfield=name\nx_mm=90\ny_mm=1\nfont_pt=8\n",
                KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE, "[text x] x_mm");
  expect_error (CARD PHOTO TEXTS "[text x]\nfield=name\nx_mm=1\ny_mm=1\nfont_pt=100\n",
                KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE, "[text x] font_pt");
  expect_error (CARD PHOTO TEXTS "[text x]\nfield=name\nx_mm=1\ny_mm=1\nfont_pt=8\nmin_font_pt=9\n",
                KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE, "[text x] min_font_pt");
  expect_error (CARD PHOTO TEXTS
                "[text x]\nfield=name\nx_mm=70\ny_mm=1\nfont_pt=8\nmax_width_mm=30\n",
                KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE, "[text x] max_width_mm");
  expect_error (CARD PHOTO TEXTS "[text x]\nfield=name\nx_mm=1\ny_mm=1\nfont_pt=8\nbold=yes\n",
                KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE, "[text x] bold");
  expect_error (CARD PHOTO TEXTS
                "[text x]\nfield=name\nx_mm=1\ny_mm=1\nfont_pt=8\ndate_format=%Y\n",
                KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE, "[text x] date_format");
  expect_error (CARD PHOTO TEXTS
                "[text x]\nfield=issue_date\nx_mm=1\ny_mm=1\nfont_pt=8\ndate_format=none\n",
                KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE, "[text x] date_format");
  expect_error (CARD PHOTO TEXTS "[text x]\nfield=name\nx_mm=1\ny_mm=1\nfont_pt=8\nprefix=a\\tb\n",
                KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE, "[text x] prefix");
  expect_error (CARD PHOTO TEXTS "[text x]\nfield=name\nx_mm=1\ny_mm=1\nfont_pt=8\nsize=8\n",
                KIOSK_CARD_LAYOUT_ERROR_UNKNOWN_KEY, "[text x] size");
  expect_error (CARD PHOTO TEXTS "[text Bad Id]\nfield=name\nx_mm=1\ny_mm=1\nfont_pt=8\n",
                KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE, "[text Bad Id]");
  expect_error (CARD PHOTO TEXTS "[txt name]\nfield=name\n", KIOSK_CARD_LAYOUT_ERROR_UNKNOWN_KEY,
                "[txt name]");

  /* a card without its holder's data */
  expect_error (CARD PHOTO "[text name]\nfield=name\nx_mm=36\ny_mm=15.5\nfont_pt=8\n",
                KIOSK_CARD_LAYOUT_ERROR_MISSING, "social_security_number");
  expect_error (CARD "kind=temporary\n" PHOTO TEXTS, KIOSK_CARD_LAYOUT_ERROR_MISSING,
                "valid_until");
  expect_error (CARD "kind=temporary\n" PHOTO TEXTS
                     "[text v]\nfield=valid_until\nx_mm=1\ny_mm=40\nfont_pt=8\n",
                KIOSK_CARD_LAYOUT_ERROR_MISSING, "field=text");
}

static void
test_too_many_texts (void)
{
  g_autoptr (GString) text = g_string_new (CARD PHOTO TEXTS);

  for (int i = 0; i < 40; i++)
    g_string_append_printf (text, "[text t%d]\nfield=text\ntext=x\nx_mm=1\ny_mm=1\nfont_pt=8\n", i);
  expect_error (text->str, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE, "more than 32");
}

static void
test_files (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCardLayout) missing
      = kiosk_card_layout_new_from_file ("/nonexistent/x.ini", &error);

  g_assert_null (missing);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);
  g_assert_null (kiosk_card_layout_load ("../etc/passwd", &error));
  g_assert_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_null (kiosk_card_layout_load ("no-such-layout", &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);
  g_test_add_func ("/card-layout/minimal", test_minimal);
  g_test_add_func ("/card-layout/shipped", test_shipped);
  g_test_add_func ("/card-layout/map-rect", test_map_rect);
  g_test_add_func ("/card-layout/garbage", test_garbage);
  g_test_add_func ("/card-layout/too-many-texts", test_too_many_texts);
  g_test_add_func ("/card-layout/files", test_files);
  return kiosk_test_run ();
}
