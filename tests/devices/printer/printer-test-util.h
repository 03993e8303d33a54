/* printer-test-util.h — fixtures shared by the card-face and printer tests */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "kiosk-card-face.h"

G_BEGIN_DECLS

/* A synthetic 358×441 portrait (white background, dark head and shoulders):
 * the card photo size of DEVICE-FACTS.md. */
GBytes *test_photo_png (void);
GBytes *test_photo_jpeg (void);

/* Fictional card data (not a real person) with `photo` (borrowed). */
void test_face_data (KioskCardFaceData *data, GBytes *photo, KioskPhotoFormat format);

/* Pixels in the rectangle (clipped to the surface) darker than `threshold`
 * (0–255 on every channel's mean) in an RGB24/ARGB32 surface. */
guint test_count_ink (cairo_surface_t *surface, int x, int y, int width, int height, int threshold);

/* The same, over the whole surface minus the given rectangles (x, y, w, h
 * quadruples, `n_rects` of them). */
guint
test_count_ink_outside (cairo_surface_t *surface, const int *rects, guint n_rects, int threshold);

/* Frees pango's, cairo's and fontconfig's process-wide caches, so that
 * LeakSanitizer sees only our own leaks. Call last, from the main thread. */
void test_release_font_caches (void);

/* Decodes PNG bytes (g_assert on failure). */
cairo_surface_t *test_surface_from_png (GBytes *png);

G_END_DECLS
