/* kiosk-card-layout.c — parse a card-face layout file (GKeyFile, millimetres) */
#define G_LOG_DOMAIN "kiosk-cardface"

#include "config.h"

#include <math.h>
#include <string.h>

#include "kiosk-key-file.h"
#include "kiosk-card-layout.h"
#include "kiosk-paths.h"

G_DEFINE_QUARK (kiosk - card - layout - error - quark, kiosk_card_layout_error)

/* A layout is a few hundred bytes; anything this big is not one. */
#define MAX_LAYOUT_BYTES (64 * 1024)
#define MAX_TEXTS        32
#define MAX_SHORT_TEXT   64
#define TEXT_GROUP       "text "

static const char *const card_keys[] = {
  "name",
  "kind",
  "width_mm",
  "height_mm",
  "corner_radius_mm",
  "raster_width_px",
  "raster_height_px",
  "raster_dpi",
  "rotate",
  "font",
  NULL,
};
static const char *const photo_keys[] = { "x_mm", "y_mm", "width_mm", "height_mm", NULL };
static const char *const text_keys[] = {
  "field",       "text",         "prefix", "preprinted", "x_mm",        "y_mm", "font_pt",
  "min_font_pt", "max_width_mm", "font",   "bold",       "date_format", NULL,
};

static const char *const field_names[] = {
  [KIOSK_CARD_FIELD_TEXT] = "text",
  [KIOSK_CARD_FIELD_NAME] = "name",
  [KIOSK_CARD_FIELD_SOCIAL_SECURITY_NUMBER] = "social_security_number",
  [KIOSK_CARD_FIELD_CARD_NUMBER] = "card_number",
  [KIOSK_CARD_FIELD_ISSUE_DATE] = "issue_date",
  [KIOSK_CARD_FIELD_VALID_UNTIL] = "valid_until",
};

const char *
kiosk_card_field_to_string (KioskCardField field)
{
  if ((guint) field >= G_N_ELEMENTS (field_names))
    return "unknown";
  return field_names[field];
}

static void
card_text_free (gpointer data)
{
  KioskCardText *text = data;

  g_free (text->id);
  g_free (text->text);
  g_free (text->prefix);
  g_free (text->preprinted);
  g_free (text->font);
  g_free (text->date_format);
  g_free (text);
}

void
kiosk_card_layout_free (KioskCardLayout *layout)
{
  if (layout == NULL)
    return;
  g_free (layout->name);
  g_free (layout->font);
  g_clear_pointer (&layout->texts, g_ptr_array_unref);
  g_free (layout);
}

/* ---- value readers: each error names "[group] key" ----------------------- */

static gboolean
check_keys (GKeyFile *keyfile, const char *group, const char *const *allowed, GError **error)
{
  g_auto (GStrv) keys = g_key_file_get_keys (keyfile, group, NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    if (!g_strv_contains (allowed, keys[i]))
      {
        g_set_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_UNKNOWN_KEY,
                     "[%s] %s: unknown key", group, keys[i]);
        return FALSE;
      }
  return TRUE;
}

/* A string value: absent → NULL (or an error if required); it must be one
 * printable line of at most `max_chars` characters. */
static gboolean
get_text (GKeyFile *keyfile,
          const char *group,
          const char *key,
          gboolean required,
          glong max_chars,
          char **out,
          GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *value = NULL;

  *out = NULL;
  if (!g_key_file_has_key (keyfile, group, key, NULL))
    {
      if (!required)
        return TRUE;
      g_set_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_MISSING,
                   "[%s] %s: missing", group, key);
      return FALSE;
    }
  value = kiosk_key_file_get_string (keyfile, group, key, &local);
  if (value == NULL)
    {
      g_set_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
                   "[%s] %s: %s", group, key, local->message);
      return FALSE;
    }
  g_strstrip (value);
  if (required && value[0] == '\0')
    {
      g_set_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
                   "[%s] %s: empty", group, key);
      return FALSE;
    }
  if (!g_utf8_validate (value, -1, NULL) || g_utf8_strlen (value, -1) > max_chars)
    {
      g_set_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
                   "[%s] %s: not a line of at most %ld characters", group, key, max_chars);
      return FALSE;
    }
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
                     "[%s] %s: control characters are not allowed", group, key);
        return FALSE;
      }
  *out = g_steal_pointer (&value);
  return TRUE;
}

static gboolean
get_number (GKeyFile *keyfile,
            const char *group,
            const char *key,
            gboolean required,
            double fallback,
            double min,
            double max,
            double *out,
            GError **error)
{
  g_autofree char *value = NULL;
  char *end = NULL;
  double number;

  if (!get_text (keyfile, group, key, required, 32, &value, error))
    return FALSE;
  if (value == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  number = g_ascii_strtod (value, &end);
  if (value[0] == '\0' || end == NULL || *end != '\0' || !isfinite (number))
    {
      g_set_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
                   "[%s] %s: “%s” is not a number", group, key, value);
      return FALSE;
    }
  if (number < min || number > max)
    {
      g_set_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
                   "[%s] %s: %g is outside %g…%g", group, key, number, min, max);
      return FALSE;
    }
  *out = number;
  return TRUE;
}

static gboolean
get_uint (GKeyFile *keyfile,
          const char *group,
          const char *key,
          guint fallback,
          guint min,
          guint max,
          guint *out,
          GError **error)
{
  g_autofree char *value = NULL;
  guint64 number;
  g_autoptr (GError) local = NULL;

  if (!get_text (keyfile, group, key, FALSE, 32, &value, error))
    return FALSE;
  if (value == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (value, 10, min, max, &number, &local))
    {
      g_set_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
                   "[%s] %s: “%s” is not a whole number in %u…%u", group, key, value, min, max);
      return FALSE;
    }
  *out = (guint) number;
  return TRUE;
}

static gboolean
get_bool (GKeyFile *keyfile, const char *group, const char *key, gboolean *out, GError **error)
{
  g_autofree char *value = NULL;

  if (!get_text (keyfile, group, key, FALSE, 8, &value, error))
    return FALSE;
  if (value == NULL || g_str_equal (value, "false"))
    *out = FALSE;
  else if (g_str_equal (value, "true"))
    *out = TRUE;
  else
    {
      g_set_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
                   "[%s] %s: “%s” is neither true nor false", group, key, value);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_identifier (const char *s)
{
  if (s[0] == '\0' || strlen (s) > 32)
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_islower (*s) && !g_ascii_isdigit (*s) && *s != '_' && *s != '-')
      return FALSE;
  return TRUE;
}

/* ---- groups --------------------------------------------------------------- */

static gboolean
parse_card (GKeyFile *keyfile, KioskCardLayout *layout, GError **error)
{
  const char *g = "card";
  g_autofree char *kind = NULL;
  double raster_w_mm, raster_h_mm;

  if (!g_key_file_has_group (keyfile, g))
    {
      g_set_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_MISSING,
                   "[card]: missing group");
      return FALSE;
    }
  if (!check_keys (keyfile, g, card_keys, error)
      || !get_text (keyfile, g, "name", TRUE, MAX_SHORT_TEXT, &layout->name, error)
      || !get_text (keyfile, g, "kind", FALSE, 16, &kind, error)
      || !get_number (keyfile, g, "width_mm", FALSE, 85.60, 10, 200, &layout->width_mm, error)
      || !get_number (keyfile, g, "height_mm", FALSE, 53.98, 10, 200, &layout->height_mm, error)
      || !get_uint (keyfile, g, "raster_width_px", 1016, 16, 20000, &layout->raster_width_px, error)
      || !get_uint (keyfile, g, "raster_height_px", 648, 16, 20000, &layout->raster_height_px,
                    error)
      || !get_number (keyfile, g, "raster_dpi", FALSE, 300, 72, 2400, &layout->raster_dpi, error)
      || !get_uint (keyfile, g, "rotate", 0, 0, 180, &layout->rotate, error)
      || !get_text (keyfile, g, "font", TRUE, 128, &layout->font, error))
    return FALSE;
  if (!get_number (keyfile, g, "corner_radius_mm", FALSE, 3.18, 0,
                   MIN (layout->width_mm, layout->height_mm) / 2, &layout->corner_radius_mm, error))
    return FALSE;

  if (kind == NULL || g_str_equal (kind, "formal"))
    layout->kind = KIOSK_CARD_FACE_KIND_FORMAL;
  else if (g_str_equal (kind, "temporary"))
    layout->kind = KIOSK_CARD_FACE_KIND_TEMPORARY;
  else
    {
      g_set_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
                   "[card] kind: “%s” is neither formal nor temporary", kind);
      return FALSE;
    }
  if (layout->rotate != 0 && layout->rotate != 180)
    {
      g_set_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
                   "[card] rotate: %u is neither 0 nor 180", layout->rotate);
      return FALSE;
    }
  /* The printer's raster must cover the card (it may bleed over the edges). */
  raster_w_mm = layout->raster_width_px * 25.4 / layout->raster_dpi;
  raster_h_mm = layout->raster_height_px * 25.4 / layout->raster_dpi;
  if (raster_w_mm < layout->width_mm - 0.1 || raster_h_mm < layout->height_mm - 0.1)
    {
      g_set_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
                   "[card] raster_width_px: a %u×%u raster at %g dpi (%.2f×%.2f mm) does not "
                   "cover the %.2f×%.2f mm card",
                   layout->raster_width_px, layout->raster_height_px, layout->raster_dpi,
                   raster_w_mm, raster_h_mm, layout->width_mm, layout->height_mm);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_photo (GKeyFile *keyfile, KioskCardLayout *layout, GError **error)
{
  const char *g = "photo";

  if (!g_key_file_has_group (keyfile, g))
    return TRUE;
  layout->has_photo = TRUE;
  if (!check_keys (keyfile, g, photo_keys, error)
      || !get_number (keyfile, g, "x_mm", TRUE, 0, 0, layout->width_mm, &layout->photo_x_mm, error)
      || !get_number (keyfile, g, "y_mm", TRUE, 0, 0, layout->height_mm, &layout->photo_y_mm, error)
      || !get_number (keyfile, g, "width_mm", TRUE, 0, 1, layout->width_mm - layout->photo_x_mm,
                      &layout->photo_width_mm, error)
      || !get_number (keyfile, g, "height_mm", TRUE, 0, 1, layout->height_mm - layout->photo_y_mm,
                      &layout->photo_height_mm, error))
    return FALSE;
  return TRUE;
}

static gboolean
parse_field (const char *group, const char *value, KioskCardField *out, GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_names); i++)
    if (g_str_equal (value, field_names[i]))
      {
        *out = (KioskCardField) i;
        return TRUE;
      }
  g_set_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
               "[%s] field: unknown field “%s” (text, name, social_security_number, card_number, "
               "issue_date, valid_until)",
               group, value);
  return FALSE;
}

static gboolean
parse_text (GKeyFile *keyfile, const char *g, KioskCardLayout *layout, GError **error)
{
  g_autoptr (GPtrArray) holder = g_ptr_array_new_with_free_func (card_text_free);
  KioskCardText *text = g_new0 (KioskCardText, 1);
  g_autofree char *field = NULL;
  const char *id = g + strlen (TEXT_GROUP);
  gboolean is_date;

  g_ptr_array_add (holder, text);
  if (!is_identifier (id))
    {
      g_set_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
                   "[%s]: the id must be 1–32 of a-z 0-9 _ -", g);
      return FALSE;
    }
  if (kiosk_card_layout_get_text (layout, id) != NULL)
    {
      g_set_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
                   "[%s]: defined twice", g);
      return FALSE;
    }
  text->id = g_strdup (id);

  if (!check_keys (keyfile, g, text_keys, error)
      || !get_text (keyfile, g, "field", TRUE, 32, &field, error)
      || !parse_field (g, field, &text->field, error)
      || !get_text (keyfile, g, "text", text->field == KIOSK_CARD_FIELD_TEXT, MAX_SHORT_TEXT,
                    &text->text, error)
      || !get_text (keyfile, g, "prefix", FALSE, MAX_SHORT_TEXT, &text->prefix, error)
      || !get_text (keyfile, g, "preprinted", FALSE, MAX_SHORT_TEXT, &text->preprinted, error)
      || !get_text (keyfile, g, "font", FALSE, 128, &text->font, error)
      || !get_text (keyfile, g, "date_format", FALSE, MAX_SHORT_TEXT, &text->date_format, error)
      || !get_bool (keyfile, g, "bold", &text->bold, error)
      || !get_number (keyfile, g, "x_mm", TRUE, 0, 0, layout->width_mm - 1, &text->x_mm, error)
      || !get_number (keyfile, g, "y_mm", TRUE, 0, 0, layout->height_mm - 1, &text->y_mm, error)
      || !get_number (keyfile, g, "font_pt", TRUE, 0, 2, 72, &text->font_pt, error)
      || !get_number (keyfile, g, "min_font_pt", FALSE, text->font_pt, 2, text->font_pt,
                      &text->min_font_pt, error)
      || !get_number (keyfile, g, "max_width_mm", FALSE, layout->width_mm - text->x_mm, 1,
                      layout->width_mm - text->x_mm, &text->max_width_mm, error))
    return FALSE;

  if (text->field != KIOSK_CARD_FIELD_TEXT && text->text != NULL)
    {
      g_set_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
                   "[%s] text: only for field=text", g);
      return FALSE;
    }
  is_date
      = text->field == KIOSK_CARD_FIELD_ISSUE_DATE || text->field == KIOSK_CARD_FIELD_VALID_UNTIL;
  if (text->date_format != NULL && (!is_date || strchr (text->date_format, '%') == NULL))
    {
      g_set_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
                   is_date ? "[%s] date_format: needs at least one %% conversion"
                           : "[%s] date_format: only for issue_date and valid_until",
                   g);
      return FALSE;
    }
  if (is_date && text->date_format == NULL)
    text->date_format = g_strdup ("%Y年%m月");

  g_ptr_array_add (layout->texts, g_ptr_array_steal_index (holder, 0));
  return TRUE;
}

static gboolean
has_field (const KioskCardLayout *layout, KioskCardField field)
{
  for (guint i = 0; i < layout->texts->len; i++)
    if (((KioskCardText *) layout->texts->pdata[i])->field == field)
      return TRUE;
  return FALSE;
}

/* A card without the holder's name or number, or a temporary card without
 * its end date (R13), must not be printable by a typo in a data file. */
static gboolean
check_required_fields (const KioskCardLayout *layout, GError **error)
{
  KioskCardField formal[] = { KIOSK_CARD_FIELD_NAME, KIOSK_CARD_FIELD_SOCIAL_SECURITY_NUMBER,
                              KIOSK_CARD_FIELD_CARD_NUMBER, KIOSK_CARD_FIELD_ISSUE_DATE };
  KioskCardField temporary[] = { KIOSK_CARD_FIELD_NAME, KIOSK_CARD_FIELD_SOCIAL_SECURITY_NUMBER,
                                 KIOSK_CARD_FIELD_VALID_UNTIL };
  gboolean is_formal = layout->kind == KIOSK_CARD_FACE_KIND_FORMAL;
  KioskCardField *needed = is_formal ? formal : temporary;
  guint n = is_formal ? G_N_ELEMENTS (formal) : G_N_ELEMENTS (temporary);

  for (guint i = 0; i < n; i++)
    if (!has_field (layout, needed[i]))
      {
        g_set_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_MISSING,
                     "[text …] field: a %s card layout needs a line with field=%s",
                     is_formal ? "formal" : "temporary", kiosk_card_field_to_string (needed[i]));
        return FALSE;
      }
  if (is_formal && !layout->has_photo)
    {
      g_set_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_MISSING,
                   "[photo]: a formal card layout needs the photo box");
      return FALSE;
    }
  if (!is_formal && !has_field (layout, KIOSK_CARD_FIELD_TEXT))
    {
      g_set_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_MISSING,
                   "[text …] field: a temporary card layout needs a field=text line (临时卡)");
      return FALSE;
    }
  return TRUE;
}

KioskCardLayout *
kiosk_card_layout_new_from_data (const char *data, gsize length, GError **error)
{
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autoptr (KioskCardLayout) layout = g_new0 (KioskCardLayout, 1);
  g_autoptr (GError) local = NULL;
  g_auto (GStrv) groups = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  layout->texts = g_ptr_array_new_with_free_func (card_text_free);
  if (length > MAX_LAYOUT_BYTES)
    {
      g_set_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_SYNTAX,
                   "layout: %" G_GSIZE_FORMAT " bytes is too big for a layout (max %d)", length,
                   MAX_LAYOUT_BYTES);
      return NULL;
    }
  /* Also refuses NUL bytes, which GKeyFile would silently cut at. */
  if (length > 0 && !g_utf8_validate_len (data, length, NULL))
    {
      g_set_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_SYNTAX,
                   "layout: not UTF-8 text");
      return NULL;
    }
  if (!g_key_file_load_from_data (keyfile, length ? data : "", length, G_KEY_FILE_NONE, &local))
    {
      g_set_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_SYNTAX, "layout: %s",
                   local->message);
      return NULL;
    }

  if (!parse_card (keyfile, layout, error) || !parse_photo (keyfile, layout, error))
    return NULL;

  groups = g_key_file_get_groups (keyfile, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      if (g_str_equal (groups[i], "card") || g_str_equal (groups[i], "photo"))
        continue;
      if (!g_str_has_prefix (groups[i], TEXT_GROUP))
        {
          g_set_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_UNKNOWN_KEY,
                       "[%s]: unknown group (card, photo, text <id>)", groups[i]);
          return NULL;
        }
      if (layout->texts->len == MAX_TEXTS)
        {
          g_set_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
                       "[%s]: more than %d text lines", groups[i], MAX_TEXTS);
          return NULL;
        }
      if (!parse_text (keyfile, groups[i], layout, error))
        return NULL;
    }

  if (!check_required_fields (layout, error))
    return NULL;
  return g_steal_pointer (&layout);
}

KioskCardLayout *
kiosk_card_layout_new_from_file (const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr (GError) local = NULL;
  KioskCardLayout *layout;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  layout = kiosk_card_layout_new_from_data (contents, length, &local);
  if (layout == NULL)
    {
      g_autofree char *base = g_path_get_basename (path);

      g_set_error (error, local->domain, local->code, "%s: %s", base, local->message);
      return NULL;
    }
  return layout;
}

KioskCardLayout *
kiosk_card_layout_load (const char *name, GError **error)
{
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (name != NULL, NULL);
  if (!is_identifier (name))
    {
      g_set_error (error, KIOSK_CARD_LAYOUT_ERROR, KIOSK_CARD_LAYOUT_ERROR_INVALID_VALUE,
                   "layout name “%s”: must be 1–32 of a-z 0-9 _ -", name);
      return NULL;
    }
  file = g_strdup_printf ("cardface/%s.ini", name);
  path = kiosk_paths_data_file (file);
  return kiosk_card_layout_new_from_file (path, error);
}

const KioskCardText *
kiosk_card_layout_get_text (const KioskCardLayout *layout, const char *id)
{
  g_return_val_if_fail (layout != NULL && id != NULL, NULL);

  for (guint i = 0; i < layout->texts->len; i++)
    {
      const KioskCardText *text = layout->texts->pdata[i];

      if (g_str_equal (text->id, id))
        return text;
    }
  return NULL;
}

void
kiosk_card_layout_get_raster_size (const KioskCardLayout *layout,
                                   double dpi,
                                   int *width_px,
                                   int *height_px)
{
  g_return_if_fail (layout != NULL && dpi > 0);

  *width_px = (int) lround (layout->raster_width_px * dpi / layout->raster_dpi);
  *height_px = (int) lround (layout->raster_height_px * dpi / layout->raster_dpi);
}

void
kiosk_card_layout_map_rect (const KioskCardLayout *layout,
                            double dpi,
                            gboolean printed,
                            double x_mm,
                            double y_mm,
                            double width_mm,
                            double height_mm,
                            int *x_px,
                            int *y_px,
                            int *width_px,
                            int *height_px)
{
  int raster_w, raster_h;
  double scale = dpi / 25.4;
  double x0, y0, x1, y1;

  g_return_if_fail (layout != NULL && dpi > 0);

  kiosk_card_layout_get_raster_size (layout, dpi, &raster_w, &raster_h);
  x0 = (raster_w - layout->width_mm * scale) / 2 + x_mm * scale;
  y0 = (raster_h - layout->height_mm * scale) / 2 + y_mm * scale;
  x1 = x0 + width_mm * scale;
  y1 = y0 + height_mm * scale;
  if (printed && layout->rotate == 180)
    {
      double tx0 = raster_w - x1, ty0 = raster_h - y1;

      x1 = raster_w - x0;
      y1 = raster_h - y0;
      x0 = tx0;
      y0 = ty0;
    }
  *x_px = (int) floor (x0);
  *y_px = (int) floor (y0);
  *width_px = (int) ceil (x1) - *x_px;
  *height_px = (int) ceil (y1) - *y_px;
}
