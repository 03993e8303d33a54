/* printer-test-util.c — fixtures shared by the card-face and printer tests */
#include "config.h"

#include <string.h>

#ifdef HAVE_FONTCONFIG
#include <fontconfig/fontconfig.h>
#endif
#include <pango/pangocairo.h>
#include <turbojpeg.h>

#include "printer-test-util.h"

#define PHOTO_W 358
#define PHOTO_H 441

static cairo_surface_t *
draw_portrait (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, PHOTO_W, PHOTO_H);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  /* shoulders */
  cairo_set_source_rgb (cr, 0.15, 0.2, 0.35);
  cairo_arc (cr, PHOTO_W / 2.0, PHOTO_H + 60, 200, 0, 2 * G_PI);
  cairo_fill (cr);
  /* head */
  cairo_set_source_rgb (cr, 0.55, 0.42, 0.35);
  cairo_save (cr);
  cairo_translate (cr, PHOTO_W / 2.0, 190);
  cairo_scale (cr, 105, 135);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
  cairo_fill (cr);
  /* hair */
  cairo_set_source_rgb (cr, 0.08, 0.08, 0.08);
  cairo_rectangle (cr, 80, 15, PHOTO_W - 160, 60);
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static cairo_status_t
append_cb (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
test_photo_png (void)
{
  cairo_surface_t *surface = draw_portrait ();
  GByteArray *png = g_byte_array_new ();

  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append_cb, png), ==,
                   CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (png);
}

GBytes *
test_photo_jpeg (void)
{
  cairo_surface_t *surface = draw_portrait ();
  tjhandle tj = tjInitCompress ();
  unsigned char *jpeg = NULL;
  unsigned long size = 0;
  GBytes *bytes;
  int format = G_BYTE_ORDER == G_LITTLE_ENDIAN ? TJPF_BGRX : TJPF_XRGB;

  g_assert_nonnull (tj);
  g_assert_cmpint (tjCompress2 (tj, cairo_image_surface_get_data (surface), PHOTO_W,
                                cairo_image_surface_get_stride (surface), PHOTO_H, format, &jpeg,
                                &size, TJSAMP_420, 70, 0),
                   ==, 0);
  bytes = g_bytes_new (jpeg, size);
  tjFree (jpeg);
  tjDestroy (tj);
  cairo_surface_destroy (surface);
  return bytes;
}

void
test_face_data (KioskCardFaceData *data, GBytes *photo, KioskPhotoFormat format)
{
  memset (data, 0, sizeof *data);
  /* Fictional: a test name and a number that fails the ID checksum. */
  data->name = "测试样";
  data->social_security_number = "220102199001010000";
  data->card_number = "T00000001";
  g_date_clear (&data->issue_date, 1);
  g_date_set_dmy (&data->issue_date, 15, G_DATE_MAY, 2024);
  g_date_clear (&data->valid_until, 1);
  data->photo = photo;
  data->photo_format = format;
}

static gboolean
is_ink (const guint8 *row, int x, int threshold)
{
  guint32 pixel = ((const guint32 *) (gconstpointer) row)[x];
  guint r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;
  guint a = pixel >> 24;

  /* ARGB32 is premultiplied: transparent counts as white paper. */
  if (a == 0)
    return FALSE;
  return (int) ((r + g + b) / 3) < threshold;
}

guint
test_count_ink (cairo_surface_t *surface, int x, int y, int width, int height, int threshold)
{
  int sw = cairo_image_surface_get_width (surface);
  int sh = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data;
  guint count = 0;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  for (int j = MAX (0, y); j < MIN (sh, y + height); j++)
    for (int i = MAX (0, x); i < MIN (sw, x + width); i++)
      if (is_ink (data + (gsize) j * stride, i, threshold))
        count++;
  return count;
}

guint
test_count_ink_outside (cairo_surface_t *surface, const int *rects, guint n_rects, int threshold)
{
  int sw = cairo_image_surface_get_width (surface);
  int sh = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data;
  guint count = 0;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  for (int j = 0; j < sh; j++)
    for (int i = 0; i < sw; i++)
      {
        gboolean inside = FALSE;

        for (guint r = 0; r < n_rects && !inside; r++)
          {
            const int *rect = rects + 4 * r;

            inside = i >= rect[0] && i < rect[0] + rect[2] && j >= rect[1] && j < rect[1] + rect[3];
          }
        if (!inside && is_ink (data + (gsize) j * stride, i, threshold))
          count++;
      }
  return count;
}

typedef struct
{
  const guint8 *data;
  gsize length, offset;
} Cursor;

static cairo_status_t
read_cb (void *closure, unsigned char *out, unsigned int length)
{
  Cursor *c = closure;

  if (c->length - c->offset < length)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (out, c->data + c->offset, length);
  c->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

cairo_surface_t *
test_surface_from_png (GBytes *png)
{
  Cursor cursor = { 0 };
  cairo_surface_t *surface;

  cursor.data = g_bytes_get_data (png, &cursor.length);
  surface = cairo_image_surface_create_from_png_stream (read_cb, &cursor);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  return surface;
}

void
test_release_font_caches (void)
{
  pango_cairo_font_map_set_default (NULL);
  cairo_debug_reset_static_data ();
#ifdef HAVE_FONTCONFIG
  FcFini ();
#endif
}
