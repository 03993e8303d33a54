/* bench-card-face.c — how long rendering a card face takes
 *
 * `meson test -C build --benchmark bench-card-face`: renders the standard
 * face at 300 dpi (1016×648) with a JPEG photo, after a warm-up that loads
 * the fonts, and prints the median and the slowest run, for the surface
 * alone and with the PNG the printer is sent.
 */
#include "config.h"

#include <stdlib.h>

#include "kiosk-card-face.h"
#include "printer-test-util.h"

#define WARM_UP 3

static int
compare_times (const void *a, const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
report (const char *what, gint64 *times, guint n)
{
  qsort (times, n, sizeof *times, compare_times);
  g_print ("card-face %s: median %.1f ms, max %.1f ms (%u runs, 1016x648 at 300 dpi)\n", what,
           times[n / 2] / 1000.0, times[n - 1] / 1000.0, n);
}

int
main (int argc, char **argv)
{
  guint runs = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 30;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCardLayout) layout = kiosk_card_layout_load ("standard", &error);
  g_autoptr (GBytes) photo = test_photo_jpeg ();
  g_autofree gint64 *surface_times = NULL;
  g_autofree gint64 *png_times = NULL;
  KioskCardFaceData data;

  if (layout == NULL)
    {
      g_printerr ("bench-card-face: %s\n", error->message);
      return 1;
    }
  runs = CLAMP (runs, 1, 10000);
  surface_times = g_new (gint64, runs);
  png_times = g_new (gint64, runs);
  test_face_data (&data, photo, KIOSK_PHOTO_FORMAT_JPEG);

  for (guint i = 0; i < WARM_UP + runs; i++)
    {
      gint64 start = g_get_monotonic_time ();
      cairo_surface_t *surface
          = kiosk_card_face_render (layout, &data, 300, KIOSK_CARD_FACE_PRINT, &error);
      gint64 rendered = g_get_monotonic_time ();
      g_autoptr (GBytes) png = NULL;

      if (surface == NULL)
        {
          g_printerr ("bench-card-face: %s\n", error->message);
          return 1;
        }
      png = kiosk_card_face_surface_to_png (surface, &error);
      cairo_surface_destroy (surface);
      if (png == NULL)
        {
          g_printerr ("bench-card-face: %s\n", error->message);
          return 1;
        }
      if (i >= WARM_UP)
        {
          surface_times[i - WARM_UP] = rendered - start;
          png_times[i - WARM_UP] = g_get_monotonic_time () - start;
        }
    }
  report ("render", surface_times, runs);
  report ("render+png", png_times, runs);
  return 0;
}
