/* kiosk-card-face.c — render the personalised side of a card with cairo and pango */
#define G_LOG_DOMAIN "kiosk-cardface"

#include "config.h"

#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>
#ifdef HAVE_LIBPNG
#include <png.h>
#endif
#ifdef HAVE_TURBOJPEG
#include <turbojpeg.h>
#endif

#include "kiosk-card-face.h"

G_DEFINE_QUARK (kiosk - card - face - error - quark, kiosk_card_face_error)

/* A card photo is 358×441; anything far bigger is not one (and would cost
 * the kiosk memory for nothing). */
#define MAX_PHOTO_SIDE  4000
#define MAX_VALUE_CHARS 64
/* Shrinking a long name goes down in steps of this many points. */
#define SHRINK_STEP_PT 0.25

/* ---- the photo --------------------------------------------------------------- */

static gboolean
check_photo_size (int width, int height, GError **error)
{
  if (width <= 0 || height <= 0 || width > MAX_PHOTO_SIDE || height > MAX_PHOTO_SIDE)
    {
      g_set_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_PHOTO,
                   "photo: %d×%d is not a card photo size (1…%d per side)", width, height,
                   MAX_PHOTO_SIDE);
      return FALSE;
    }
  return TRUE;
}

static cairo_surface_t *
decode_jpeg (GBytes *bytes, GError **error)
{
#ifdef HAVE_TURBOJPEG
  gsize length;
  const unsigned char *data = g_bytes_get_data (bytes, &length);
  tjhandle tj;
  int width = 0, height = 0, subsamp = 0, colorspace = 0;
  cairo_surface_t *surface;
  int pixel_format = G_BYTE_ORDER == G_LITTLE_ENDIAN ? TJPF_BGRX : TJPF_XRGB;

  if (length == 0 || length > G_MAXULONG)
    {
      g_set_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_PHOTO, "photo: empty");
      return NULL;
    }
  tj = tjInitDecompress ();
  if (tj == NULL)
    {
      g_set_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_PHOTO,
                   "photo: cannot start the JPEG decoder");
      return NULL;
    }
  if (tjDecompressHeader3 (tj, data, (unsigned long) length, &width, &height, &subsamp, &colorspace)
          != 0
      || !check_photo_size (width, height, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_PHOTO,
                     "photo: not a JPEG image (%s)", tjGetErrorStr2 (tj));
      tjDestroy (tj);
      return NULL;
    }
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      tjDestroy (tj);
      g_set_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_RENDER,
                   "photo: out of memory");
      return NULL;
    }
  cairo_surface_flush (surface);
  /* A truncated or corrupt JPEG is an error, not a half-grey photo on a
   * card that cannot be reprinted. */
  if (tjDecompress2 (tj, data, (unsigned long) length, cairo_image_surface_get_data (surface),
                     width, cairo_image_surface_get_stride (surface), height, pixel_format,
                     TJFLAG_STOPONWARNING)
      != 0)
    {
      g_set_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_PHOTO,
                   "photo: damaged JPEG (%s)", tjGetErrorStr2 (tj));
      cairo_surface_destroy (surface);
      tjDestroy (tj);
      return NULL;
    }
  tjDestroy (tj);
  cairo_surface_mark_dirty (surface);
  return surface;
#else
  g_set_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_PHOTO,
               "photo: built without JPEG support (libturbojpeg)");
  return NULL;
#endif
}

typedef struct
{
  const guint8 *data;
  gsize length;
  gsize offset;
} ReadCursor;

static cairo_status_t
read_bytes_cb (void *closure, unsigned char *out, unsigned int length)
{
  ReadCursor *cursor = closure;

  if (cursor->length - cursor->offset < length)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (out, cursor->data + cursor->offset, length);
  cursor->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
decode_png (GBytes *bytes, GError **error)
{
  ReadCursor cursor = { 0 };
  cairo_surface_t *surface;

  cursor.data = g_bytes_get_data (bytes, &cursor.length);
  surface = cairo_image_surface_create_from_png_stream (read_bytes_cb, &cursor);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_PHOTO,
                   "photo: not a PNG image (%s)",
                   cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return NULL;
    }
  if (!check_photo_size (cairo_image_surface_get_width (surface),
                         cairo_image_surface_get_height (surface), error))
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  return surface;
}

static cairo_surface_t *
decode_rgb (GBytes *bytes, guint width, guint height, GError **error)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  cairo_surface_t *surface;
  guint8 *pixels;
  int stride;

  if (!check_photo_size ((int) MIN (width, G_MAXINT), (int) MIN (height, G_MAXINT), error))
    return NULL;
  if (length != (gsize) width * height * 3)
    {
      g_set_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_PHOTO,
                   "photo: %" G_GSIZE_FORMAT " bytes is not %u×%u RGB", length, width, height);
      return NULL;
    }
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) width, (int) height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_set_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_RENDER,
                   "photo: out of memory");
      return NULL;
    }
  cairo_surface_flush (surface);
  pixels = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (guint y = 0; y < height; y++)
    {
      guint32 *row = (guint32 *) (gpointer) (pixels + (gsize) y * stride);
      const guint8 *src = data + (gsize) y * width * 3;

      for (guint x = 0; x < width; x++, src += 3)
        row[x] = 0xff000000u | ((guint32) src[0] << 16) | ((guint32) src[1] << 8) | src[2];
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

static cairo_surface_t *
decode_photo (const KioskCardFaceData *data, GError **error)
{
  if (data->photo == NULL || data->photo_format == KIOSK_PHOTO_FORMAT_NONE)
    {
      g_set_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_INVALID_DATA,
                   "photo: missing (the layout has a photo box)");
      return NULL;
    }
  switch (data->photo_format)
    {
      case KIOSK_PHOTO_FORMAT_JPEG:
        return decode_jpeg (data->photo, error);
      case KIOSK_PHOTO_FORMAT_PNG:
        return decode_png (data->photo, error);
      case KIOSK_PHOTO_FORMAT_RGB:
        return decode_rgb (data->photo, data->photo_width, data->photo_height, error);
      case KIOSK_PHOTO_FORMAT_NONE:
      default:
        break;
    }
  g_set_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_INVALID_DATA,
               "photo: unknown format %d", (int) data->photo_format);
  return NULL;
}

/* Fills the box with the photo, keeping its proportions and cutting what
 * overflows (a 358×441 photo in a 20×25 mm box loses a sliver). */
static void
draw_photo (cairo_t *cr, cairo_surface_t *photo, double x, double y, double w, double h)
{
  double pw = cairo_image_surface_get_width (photo);
  double ph = cairo_image_surface_get_height (photo);
  double scale = MAX (w / pw, h / ph);

  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_clip (cr);
  cairo_translate (cr, x + (w - pw * scale) / 2, y + (h - ph * scale) / 2);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, photo, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* ---- the text ----------------------------------------------------------------- */

static gboolean
check_value (const char *what, const char *value, GError **error)
{
  if (value == NULL || value[0] == '\0')
    {
      g_set_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_INVALID_DATA, "%s: missing",
                   what);
      return FALSE;
    }
  if (!g_utf8_validate (value, -1, NULL) || g_utf8_strlen (value, -1) > MAX_VALUE_CHARS)
    {
      g_set_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_INVALID_DATA,
                   "%s: not UTF-8 text of at most %d characters", what, MAX_VALUE_CHARS);
      return FALSE;
    }
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_INVALID_DATA,
                     "%s: control characters or line breaks", what);
        return FALSE;
      }
  return TRUE;
}

/* g_date_strftime() goes through the locale's encoding (ASCII in "C");
 * GDateTime formats in UTF-8 whatever the locale. */
static char *
format_date (const char *what, const GDate *date, const char *format, GError **error)
{
  g_autoptr (GDateTime) time = NULL;
  char *text;

  if (!g_date_valid (date))
    {
      g_set_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_INVALID_DATA,
                   "%s: missing or invalid date", what);
      return NULL;
    }
  time = g_date_time_new_utc (g_date_get_year (date), g_date_get_month (date),
                              g_date_get_day (date), 0, 0, 0);
  text = time ? g_date_time_format (time, format) : NULL;
  if (text == NULL || text[0] == '\0')
    {
      g_free (text);
      g_set_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_INVALID_DATA,
                   "%s: the date format gives nothing", what);
      return NULL;
    }
  return text;
}

/* The value a line shows, prefix included. */
static char *
text_value (const KioskCardText *text, const KioskCardFaceData *data, GError **error)
{
  const char *what = kiosk_card_field_to_string (text->field);
  g_autofree char *value = NULL;

  switch (text->field)
    {
      case KIOSK_CARD_FIELD_TEXT:
        value = g_strdup (text->text);
        break;
      case KIOSK_CARD_FIELD_NAME:
        if (!check_value (what, data->name, error))
          return NULL;
        value = g_strdup (data->name);
        break;
      case KIOSK_CARD_FIELD_SOCIAL_SECURITY_NUMBER:
        if (!check_value (what, data->social_security_number, error))
          return NULL;
        value = g_strdup (data->social_security_number);
        break;
      case KIOSK_CARD_FIELD_CARD_NUMBER:
        if (!check_value (what, data->card_number, error))
          return NULL;
        value = g_strdup (data->card_number);
        break;
      case KIOSK_CARD_FIELD_ISSUE_DATE:
        value = format_date (what, &data->issue_date, text->date_format, error);
        break;
      case KIOSK_CARD_FIELD_VALID_UNTIL:
        value = format_date (what, &data->valid_until, text->date_format, error);
        break;
      default:
        g_set_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_INVALID_DATA,
                     "unknown field %d", (int) text->field);
        return NULL;
    }
  if (value == NULL)
    return NULL;
  if (text->prefix != NULL)
    return g_strconcat (text->prefix, " ", value, NULL);
  return g_steal_pointer (&value);
}

static PangoLayout *
new_text_layout (cairo_t *cr, double dpi)
{
  PangoLayout *pl = pango_cairo_create_layout (cr);
  PangoContext *context = pango_layout_get_context (pl);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Unhinted outlines: the same text lands on the same pixels whatever the
   * scale, so a layout measured in millimetres stays true. */
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (context, options);
  pango_cairo_context_set_resolution (context, dpi);
  cairo_font_options_destroy (options);
  pango_layout_context_changed (pl);
  pango_layout_set_single_paragraph_mode (pl, TRUE);
  return pl;
}

static void
set_font (PangoLayout *pl, const char *family, double size_pt, gboolean bold)
{
  PangoFontDescription *desc = pango_font_description_new ();

  pango_font_description_set_family (desc, family);
  pango_font_description_set_size (desc, (int) lround (size_pt * PANGO_SCALE));
  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (pl, desc);
  pango_font_description_free (desc);
}

/* Draws `value` with its line box's top-left at (x, y) px; shrinks the font
 * down to min_font_pt to fit max_width_mm, and fails beyond that: a name
 * cut short on a card is worse than a refusal. */
static gboolean
draw_text (cairo_t *cr,
           const KioskCardLayout *layout,
           const KioskCardText *text,
           const char *value,
           double dpi,
           double x,
           double y,
           GError **error)
{
  g_autoptr (PangoLayout) pl = new_text_layout (cr, dpi);
  const char *family = text->font ? text->font : layout->font;
  double max_width_px = text->max_width_mm * dpi / 25.4;
  double size = text->font_pt;
  PangoRectangle logical;

  pango_layout_set_text (pl, value, -1);
  for (;;)
    {
      set_font (pl, family, size, text->bold);
      pango_layout_get_extents (pl, NULL, &logical);
      if ((double) logical.width / PANGO_SCALE <= max_width_px + 0.5)
        break;
      if (size - SHRINK_STEP_PT < text->min_font_pt - 1e-9)
        {
          g_set_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_TEXT_TOO_LONG,
                       "[text %s] (%s): too long for %.1f mm even at %.1f pt", text->id,
                       kiosk_card_field_to_string (text->field), text->max_width_mm,
                       text->min_font_pt);
          return FALSE;
        }
      size -= SHRINK_STEP_PT;
    }
  cairo_move_to (cr, x - (double) logical.x / PANGO_SCALE, y);
  pango_cairo_show_layout (cr, pl);
  return TRUE;
}

/* The card stock's own label, right-aligned just before the value. */
static void
draw_preprinted (cairo_t *cr,
                 const KioskCardLayout *layout,
                 const KioskCardText *text,
                 double dpi,
                 double x,
                 double y)
{
  g_autoptr (PangoLayout) pl = new_text_layout (cr, dpi);
  PangoRectangle logical;

  pango_layout_set_text (pl, text->preprinted, -1);
  set_font (pl, layout->font, text->font_pt, FALSE);
  pango_layout_get_extents (pl, NULL, &logical);
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.25, 0.35, 0.5);
  cairo_move_to (cr, x - 0.8 * dpi / 25.4 - (double) logical.width / PANGO_SCALE, y);
  pango_cairo_show_layout (cr, pl);
  cairo_restore (cr);
}

static void
rounded_rectangle (cairo_t *cr, double x, double y, double w, double h, double r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* ---- the face ----------------------------------------------------------------- */

static gboolean
draw_face (cairo_t *cr,
           const KioskCardLayout *layout,
           const KioskCardFaceData *data,
           double dpi,
           KioskCardFaceMode mode,
           int raster_w,
           int raster_h,
           GError **error)
{
  double scale = dpi / 25.4;
  double card_w = layout->width_mm * scale, card_h = layout->height_mm * scale;
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

  /* Everything is checked before the first stroke, so an error never
   * leaves half a card behind. */
  for (guint i = 0; i < layout->texts->len; i++)
    {
      char *value = text_value (layout->texts->pdata[i], data, error);

      if (value == NULL)
        return FALSE;
      g_ptr_array_add (values, value);
    }

  if (mode == KIOSK_CARD_FACE_PRINT)
    {
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      if (layout->rotate == 180)
        {
          cairo_translate (cr, raster_w, raster_h);
          cairo_rotate (cr, G_PI);
        }
    }
  /* Millimetres are measured from the card's corner, centred in the raster. */
  cairo_translate (cr, (raster_w - card_w) / 2, (raster_h - card_h) / 2);
  if (mode == KIOSK_CARD_FACE_PREVIEW)
    {
      rounded_rectangle (cr, 0.5, 0.5, card_w - 1, card_h - 1, layout->corner_radius_mm * scale);
      cairo_set_source_rgb (cr, 0.94, 0.96, 0.99);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 0.6, 0.65, 0.72);
      cairo_set_line_width (cr, MAX (1.0, dpi / 150));
      cairo_stroke (cr);
    }

  if (layout->has_photo)
    {
      cairo_surface_t *photo = decode_photo (data, error);

      if (photo == NULL)
        return FALSE;
      draw_photo (cr, photo, layout->photo_x_mm * scale, layout->photo_y_mm * scale,
                  layout->photo_width_mm * scale, layout->photo_height_mm * scale);
      cairo_surface_destroy (photo);
    }

  for (guint i = 0; i < layout->texts->len; i++)
    {
      const KioskCardText *text = layout->texts->pdata[i];
      double x = text->x_mm * scale, y = text->y_mm * scale;

      if (mode == KIOSK_CARD_FACE_PREVIEW && text->preprinted != NULL)
        draw_preprinted (cr, layout, text, dpi, x, y);
      cairo_set_source_rgb (cr, 0, 0, 0);
      if (!draw_text (cr, layout, text, values->pdata[i], dpi, x, y, error))
        return FALSE;
    }
  return TRUE;
}

cairo_surface_t *
kiosk_card_face_render (const KioskCardLayout *layout,
                        const KioskCardFaceData *data,
                        double dpi,
                        KioskCardFaceMode mode,
                        GError **error)
{
  int raster_w, raster_h;
  cairo_surface_t *surface;
  cairo_t *cr;
  gboolean ok;
  gboolean layout_temporary;

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(dpi >= 72 && dpi <= 1200))
    {
      g_set_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_RENDER,
                   "resolution %g dpi is outside 72…1200", dpi);
      return NULL;
    }
  layout_temporary = layout->kind == KIOSK_CARD_FACE_KIND_TEMPORARY;
  if (!!data->temporary != layout_temporary)
    {
      g_set_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_WRONG_LAYOUT,
                   "layout “%s” is for %s cards, the data is for a %s card", layout->name,
                   layout_temporary ? "temporary" : "formal",
                   data->temporary ? "temporary" : "formal");
      return NULL;
    }

  kiosk_card_layout_get_raster_size (layout, dpi, &raster_w, &raster_h);
  surface = cairo_image_surface_create (
      mode == KIOSK_CARD_FACE_PRINT ? CAIRO_FORMAT_RGB24 : CAIRO_FORMAT_ARGB32, raster_w, raster_h);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_RENDER,
                   "cannot make a %d×%d surface: %s", raster_w, raster_h,
                   cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return NULL;
    }
  cr = cairo_create (surface);
  ok = draw_face (cr, layout, data, dpi, mode, raster_w, raster_h, error);
  if (ok && cairo_status (cr) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_RENDER, "cairo: %s",
                   cairo_status_to_string (cairo_status (cr)));
      ok = FALSE;
    }
  cairo_destroy (cr);
  if (!ok)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_flush (surface);
  return surface;
}

static cairo_status_t
write_bytes_cb (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

#ifdef HAVE_LIBPNG
/* ---- a fast PNG writer ------------------------------------------------------
 *
 * cairo writes PNG at zlib's default level with adaptive row filters: 40 ms
 * of CPU for a card face at 300 dpi, 87 % of it in zlib (docs/performance.md).
 * Our pictures are flat colours, text and one photo: zlib level 1 and no row
 * filter is about 4.5 × faster and the files no larger. RGB24 (the printed
 * face, the receipt) and ARGB32 (the preview, with its rounded corners). */

static void
png_write_cb (png_structp png, png_bytep data, size_t length)
{
  g_byte_array_append (png_get_io_ptr (png), data, (guint) length);
}

static void
png_flush_cb (png_structp png)
{
}

static void
png_error_cb (png_structp png, png_const_charp message)
{
  png_longjmp (png, 1);
}

static void
png_warning_cb (png_structp png, png_const_charp message)
{
}

static GBytes *
image_to_png (cairo_surface_t *surface, GError **error)
{
  gboolean alpha = cairo_image_surface_get_format (surface) == CAIRO_FORMAT_ARGB32;
  gsize channels = alpha ? 4 : 3;
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *pixels;
  GByteArray *volatile out = g_byte_array_new ();
  guint8 *volatile row = g_malloc ((gsize) width * channels);
  png_structp png = NULL;
  png_infop info = NULL;
  int y;

  cairo_surface_flush (surface);
  pixels = cairo_image_surface_get_data (surface);
  png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, png_error_cb, png_warning_cb);
  if (png != NULL)
    info = png_create_info_struct (png);
  if (png == NULL || info == NULL || setjmp (png_jmpbuf (png)))
    {
      png_destroy_write_struct (&png, &info);
      explicit_bzero (row, (gsize) width * channels);
      g_free (row);
      explicit_bzero (out->data, out->len);
      g_byte_array_unref (out);
      g_set_error_literal (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_RENDER,
                           "PNG: libpng failed");
      return NULL;
    }
  png_set_write_fn (png, out, png_write_cb, png_flush_cb);
  png_set_compression_level (png, 1);
  png_set_filter (png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
  png_set_IHDR (png, info, (png_uint_32) width, (png_uint_32) height, 8,
                alpha ? PNG_COLOR_TYPE_RGBA : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
  png_write_info (png, info);
  for (y = 0; y < height; y++)
    {
      const guint32 *src = (const guint32 *) (pixels + (gsize) y * stride);
      guint8 *dst = row;
      int x;

      for (x = 0; x < width; x++)
        {
          guint32 p = src[x];
          guint a = alpha ? p >> 24 : 255;

          if (a == 255)
            {
              *dst++ = (p >> 16) & 0xff;
              *dst++ = (p >> 8) & 0xff;
              *dst++ = p & 0xff;
            }
          else if (a == 0)
            {
              *dst++ = 0;
              *dst++ = 0;
              *dst++ = 0;
            }
          else
            {
              /* cairo's colours are premultiplied; PNG's are not. */
              *dst++ = (guint8) ((((p >> 16) & 0xff) * 255 + a / 2) / a);
              *dst++ = (guint8) ((((p >> 8) & 0xff) * 255 + a / 2) / a);
              *dst++ = (guint8) (((p & 0xff) * 255 + a / 2) / a);
            }
          if (alpha)
            *dst++ = (guint8) a;
        }
      png_write_row (png, row);
    }
  png_write_end (png, info);
  png_destroy_write_struct (&png, &info);
  /* The rows hold personal data (name, number, photo). */
  explicit_bzero (row, (gsize) width * channels);
  g_free (row);
  return g_byte_array_free_to_bytes (out);
}
#endif

GBytes *
kiosk_card_face_surface_to_png (cairo_surface_t *surface, GError **error)
{
  g_autoptr (GByteArray) png = NULL;
  cairo_status_t status;

  g_return_val_if_fail (surface != NULL, NULL);

#ifdef HAVE_LIBPNG
  if (cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_IMAGE
      && (cairo_image_surface_get_format (surface) == CAIRO_FORMAT_RGB24
          || cairo_image_surface_get_format (surface) == CAIRO_FORMAT_ARGB32)
      && cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS)
    return image_to_png (surface, error);
#endif
  png = g_byte_array_new ();
  status = cairo_surface_write_to_png_stream (surface, write_bytes_cb, png);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, KIOSK_CARD_FACE_ERROR, KIOSK_CARD_FACE_ERROR_RENDER, "PNG: %s",
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}

GBytes *
kiosk_card_face_render_png (const KioskCardLayout *layout,
                            const KioskCardFaceData *data,
                            double dpi,
                            KioskCardFaceMode mode,
                            GError **error)
{
  cairo_surface_t *surface = kiosk_card_face_render (layout, data, dpi, mode, error);
  GBytes *png;

  if (surface == NULL)
    return NULL;
  png = kiosk_card_face_surface_to_png (surface, error);
  cairo_surface_destroy (surface);
  return png;
}
