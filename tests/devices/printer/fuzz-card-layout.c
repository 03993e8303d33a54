/* fuzz-card-layout.c — bytes through kiosk_card_layout_new_from_data()
 *
 * Built two ways: with -DKIOSK_LIBFUZZER as a libFuzzer target (meson
 * -Dfuzzing=true, clang), and as a GTest program in suite 'fuzz' that feeds
 * the shipped layouts (data/cardface/) with every truncation and a fixed set
 * of fragments inserted at every position. Either way: no crash; an error
 * is a KIOSK_CARD_LAYOUT_ERROR naming a group; a layout that parses keeps
 * every box on the card.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "kiosk-test.h"
#include "kiosk-card-layout.h"
#include "kiosk-paths.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_layout (const KioskCardLayout *layout)
{
  int w, h;

  g_assert_true (layout->width_mm >= 10 && layout->width_mm <= 200);
  g_assert_true (layout->height_mm >= 10 && layout->height_mm <= 200);
  g_assert_true (layout->rotate == 0 || layout->rotate == 180);
  if (layout->has_photo)
    {
      g_assert_true (layout->photo_x_mm >= 0 && layout->photo_y_mm >= 0);
      g_assert_true (layout->photo_x_mm + layout->photo_width_mm <= layout->width_mm + 1e-9);
      g_assert_true (layout->photo_y_mm + layout->photo_height_mm <= layout->height_mm + 1e-9);
    }
  for (guint i = 0; i < layout->texts->len; i++)
    {
      const KioskCardText *text = layout->texts->pdata[i];

      g_assert_true (text->x_mm >= 0 && text->x_mm < layout->width_mm);
      g_assert_true (text->font_pt >= 2 && text->font_pt <= 72);
      g_assert_true (text->min_font_pt <= text->font_pt);
      g_assert_true (text->x_mm + text->max_width_mm <= layout->width_mm + 1e-9);
      g_assert_true ((text->field == KIOSK_CARD_FIELD_TEXT) == (text->text != NULL));
    }
  kiosk_card_layout_get_raster_size (layout, 300, &w, &h);
  g_assert_cmpint (w, >, 0);
  g_assert_cmpint (h, >, 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCardLayout) layout
      = kiosk_card_layout_new_from_data ((const char *) data, size, &error);

  if (layout == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == KIOSK_CARD_LAYOUT_ERROR);
      g_assert_true (error->message[0] == '[' || g_str_has_prefix (error->message, "layout"));
      return 0;
    }
  g_assert_no_error (error);
  check_layout (layout);
  return 0;
}

#ifndef KIOSK_LIBFUZZER

static const char *const fragments[] = { "",  "\n", "=", "[", "]", "\\", "\xff", "\xe5\x90",
                                         "-", ".",  "9", "0", " ", "#",  "e",    "\t" };

static void
feed_with_mutations (const char *seed, gsize len)
{
  for (gsize cut = 0; cut <= len; cut++)
    LLVMFuzzerTestOneInput ((const uint8_t *) seed, cut);
  for (gsize at = 0; at <= len; at++)
    for (guint m = 0; m < G_N_ELEMENTS (fragments); m++)
      {
        g_autoptr (GString) text = g_string_new_len (seed, (gssize) at);

        g_string_append (text, fragments[m]);
        g_string_append_len (text, seed + at, (gssize) (len - at));
        LLVMFuzzerTestOneInput ((const uint8_t *) text->str, text->len);
      }
}

static void
test_shipped_layouts (void)
{
  const char *names[] = { "cardface/standard.ini", "cardface/temporary.ini" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = kiosk_paths_data_file (names[i]);
      g_autofree char *contents = NULL;
      g_autoptr (GError) error = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (path, &contents, &len, &error));
      g_assert_no_error (error);
      g_test_message ("seed %s", names[i]);
      feed_with_mutations (contents, len);
    }
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);
  g_test_add_func ("/fuzz/card-layout/shipped", test_shipped_layouts);
  return kiosk_test_run ();
}

#endif
