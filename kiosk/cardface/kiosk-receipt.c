/* kiosk-receipt.c — lay out a service receipt for a 58/80 mm roll */
#define G_LOG_DOMAIN "kiosk-receipt"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include "kiosk-card-face.h"
#include "kiosk-mask.h"
#include "kiosk-receipt.h"

G_DEFINE_QUARK (kiosk - receipt - error - quark, kiosk_receipt_error)

#define DEFAULT_HEADER   "吉林省社会保障卡自助服务"
#define FONT_FAMILY      "Noto Sans CJK SC"
#define MAX_QR_PAYLOAD   256
#define MAX_LINES        64
#define QR_QUIET_MODULES 4

typedef struct
{
  char *label;
  char *value;
} ReceiptLine;

typedef struct
{
  int rule;
  char *text;
} ReceiptGuidance;

struct _KioskReceipt
{
  char *header;
  char *title;
  GDateTime *time;
  char *kiosk_id;
  GArray *lines;    /* of ReceiptLine */
  GArray *guidance; /* of ReceiptGuidance */
  KioskReceiptOutcome outcome;
  char *outcome_text;
  char *qr_payload;
  char *qr_caption;
};

static void
line_clear (gpointer data)
{
  ReceiptLine *line = data;

  g_free (line->label);
  g_free (line->value);
}

static void
guidance_clear (gpointer data)
{
  ReceiptGuidance *guidance = data;

  g_free (guidance->text);
}

KioskReceipt *
kiosk_receipt_new (const char *service_title)
{
  KioskReceipt *self = g_new0 (KioskReceipt, 1);

  self->header = g_strdup (DEFAULT_HEADER);
  self->title = g_strdup (service_title);
  self->time = g_date_time_new_now_local ();
  self->lines = g_array_new (FALSE, TRUE, sizeof (ReceiptLine));
  g_array_set_clear_func (self->lines, line_clear);
  self->guidance = g_array_new (FALSE, TRUE, sizeof (ReceiptGuidance));
  g_array_set_clear_func (self->guidance, guidance_clear);
  self->outcome = KIOSK_RECEIPT_OUTCOME_SUCCESS;
  return self;
}

void
kiosk_receipt_free (KioskReceipt *self)
{
  if (self == NULL)
    return;
  g_free (self->header);
  g_free (self->title);
  g_clear_pointer (&self->time, g_date_time_unref);
  g_free (self->kiosk_id);
  g_array_unref (self->lines);
  g_array_unref (self->guidance);
  g_free (self->outcome_text);
  g_free (self->qr_payload);
  g_free (self->qr_caption);
  g_free (self);
}

void
kiosk_receipt_set_header (KioskReceipt *self, const char *header)
{
  g_return_if_fail (self != NULL);
  g_free (self->header);
  self->header = g_strdup (header);
}

void
kiosk_receipt_set_time (KioskReceipt *self, GDateTime *time)
{
  g_return_if_fail (self != NULL && time != NULL);
  g_date_time_unref (self->time);
  self->time = g_date_time_ref (time);
}

void
kiosk_receipt_set_kiosk_id (KioskReceipt *self, const char *kiosk_id)
{
  g_return_if_fail (self != NULL);
  g_free (self->kiosk_id);
  self->kiosk_id = g_strdup (kiosk_id);
}

void
kiosk_receipt_add_line (KioskReceipt *self, const char *label, const char *masked_value)
{
  ReceiptLine line;

  g_return_if_fail (self != NULL && label != NULL);
  line.label = g_strdup (label);
  line.value = g_strdup (masked_value ? masked_value : "");
  g_array_append_val (self->lines, line);
}

void
kiosk_receipt_set_outcome (KioskReceipt *self, KioskReceiptOutcome outcome, const char *text)
{
  g_return_if_fail (self != NULL);
  self->outcome = outcome;
  g_free (self->outcome_text);
  self->outcome_text = g_strdup (text);
}

void
kiosk_receipt_add_guidance (KioskReceipt *self, int rule, const char *text)
{
  ReceiptGuidance guidance;

  g_return_if_fail (self != NULL && text != NULL);
  guidance.rule = rule;
  guidance.text = g_strdup (text);
  g_array_append_val (self->guidance, guidance);
}

void
kiosk_receipt_set_qr (KioskReceipt *self, const char *payload, const char *caption)
{
  g_return_if_fail (self != NULL);
  g_free (self->qr_payload);
  g_free (self->qr_caption);
  self->qr_payload = g_strdup (payload);
  self->qr_caption = g_strdup (caption);
}

int
kiosk_receipt_paper_width_px (KioskReceiptPaper paper, double dpi)
{
  /* "203 dpi" heads are 8 dots/mm: 384 dots on 48 mm, 576 on 72 mm. */
  double dots_at_203 = paper == KIOSK_RECEIPT_PAPER_58MM ? 384.0 : 576.0;

  return (int) lround (dots_at_203 * dpi / KIOSK_RECEIPT_DEFAULT_DPI);
}

static double
paper_width_mm (KioskReceiptPaper paper)
{
  return paper == KIOSK_RECEIPT_PAPER_58MM ? 58.0 : 80.0;
}

/* ---- validation ------------------------------------------------------------- */

static gboolean
check_text (const char *what, const char *text, gboolean required, GError **error)
{
  if (text == NULL || text[0] == '\0')
    {
      if (!required)
        return TRUE;
      g_set_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_INVALID, "receipt %s: missing",
                   what);
      return FALSE;
    }
  if (!g_utf8_validate (text, -1, NULL) || g_utf8_strlen (text, -1) > 512)
    {
      g_set_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_INVALID,
                   "receipt %s: not UTF-8 text of at most 512 characters", what);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_receipt (const KioskReceipt *self, GError **error)
{
  if (!check_text ("title", self->title, TRUE, error)
      || !check_text ("header", self->header, FALSE, error)
      || !check_text ("kiosk id", self->kiosk_id, FALSE, error)
      || !check_text ("outcome", self->outcome_text, FALSE, error)
      || !check_text ("QR caption", self->qr_caption, FALSE, error))
    return FALSE;
  if (self->lines->len > MAX_LINES || self->guidance->len > MAX_LINES)
    {
      g_set_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_INVALID,
                   "receipt: more than %d lines", MAX_LINES);
      return FALSE;
    }
  for (guint i = 0; i < self->lines->len; i++)
    {
      const ReceiptLine *line = &g_array_index (self->lines, ReceiptLine, i);

      if (!check_text ("line label", line->label, TRUE, error)
          || !check_text ("line value", line->value, FALSE, error))
        return FALSE;
    }
  for (guint i = 0; i < self->guidance->len; i++)
    if (!check_text ("guidance", g_array_index (self->guidance, ReceiptGuidance, i).text, TRUE,
                     error))
      return FALSE;
  if (self->qr_payload != NULL
      && (!g_utf8_validate (self->qr_payload, -1, NULL) || self->qr_payload[0] == '\0'
          || strlen (self->qr_payload) > MAX_QR_PAYLOAD))
    {
      g_set_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_QR,
                   "receipt QR payload: must be 1–%d bytes of UTF-8", MAX_QR_PAYLOAD);
      return FALSE;
    }
  return TRUE;
}

/* ---- layout ---------------------------------------------------------------------- */

/* One pass over the content: measures (draw = FALSE) or draws. Units are
 * device pixels at `dpi`. */
typedef struct
{
  cairo_t *cr;
  double dpi;
  double width;
  double y;
  gboolean draw;
} Pen;

static double
mm (const Pen *pen, double millimetres)
{
  return millimetres * pen->dpi / 25.4;
}

static void
pen_text (
    Pen *pen, const char *text, double size_pt, gboolean bold, PangoAlignment align, double indent)
{
  g_autoptr (PangoLayout) pl = pango_cairo_create_layout (pen->cr);
  PangoContext *context = pango_layout_get_context (pl);
  cairo_font_options_t *options = cairo_font_options_create ();
  PangoFontDescription *desc = pango_font_description_new ();
  int width_px, height_px;

  /* Unhinted metrics: the measuring pass and the PDF wrap lines exactly
   * where the raster does. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (context, options);
  pango_cairo_context_set_resolution (context, pen->dpi);
  cairo_font_options_destroy (options);
  pango_layout_context_changed (pl);

  pango_font_description_set_family (desc, FONT_FAMILY);
  pango_font_description_set_size (desc, (int) lround (size_pt * PANGO_SCALE));
  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (pl, desc);
  pango_font_description_free (desc);

  pango_layout_set_width (pl, (int) ((pen->width - indent) * PANGO_SCALE));
  pango_layout_set_wrap (pl, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (pl, align);
  pango_layout_set_text (pl, text, -1);
  pango_layout_get_pixel_size (pl, &width_px, &height_px);
  if (pen->draw)
    {
      cairo_move_to (pen->cr, indent, pen->y);
      pango_cairo_show_layout (pen->cr, pl);
    }
  pen->y += height_px + mm (pen, 0.8);
}

static void
pen_rule (Pen *pen)
{
  double dash = mm (pen, 1.0);

  pen->y += mm (pen, 1.0);
  if (pen->draw)
    {
      cairo_save (pen->cr);
      cairo_set_line_width (pen->cr, MAX (1.0, mm (pen, 0.25)));
      cairo_set_dash (pen->cr, &dash, 1, 0);
      cairo_move_to (pen->cr, 0, pen->y);
      cairo_line_to (pen->cr, pen->width, pen->y);
      cairo_stroke (pen->cr);
      cairo_restore (pen->cr);
    }
  pen->y += mm (pen, 2.0);
}

/* The QR code as filled rectangles on whole pixels: one run of dark
 * modules per rectangle, no antialiasing, so the scanner sees sharp edges. */
static void
pen_qr (Pen *pen, const QRcode *qr)
{
  double target = MIN (pen->width * 0.6, mm (pen, 30));
  int module = MAX (2, (int) floor (target / (qr->width + 2 * QR_QUIET_MODULES)));
  int side = module * (qr->width + 2 * QR_QUIET_MODULES);
  double x0 = floor ((pen->width - side) / 2) + module * QR_QUIET_MODULES;
  double y0 = floor (pen->y) + module * QR_QUIET_MODULES;

  if (pen->draw)
    {
      cairo_save (pen->cr);
      cairo_set_antialias (pen->cr, CAIRO_ANTIALIAS_NONE);
      for (int y = 0; y < qr->width; y++)
        for (int x = 0; x < qr->width;)
          {
            int run = 0;

            while (x + run < qr->width && (qr->data[y * qr->width + x + run] & 1))
              run++;
            if (run > 0)
              {
                cairo_rectangle (pen->cr, x0 + x * module, y0 + y * module, run * module, module);
                x += run;
              }
            else
              x++;
          }
      cairo_fill (pen->cr);
      cairo_restore (pen->cr);
    }
  pen->y = floor (pen->y) + side;
}

static const char *
outcome_word (KioskReceiptOutcome outcome)
{
  switch (outcome)
    {
      case KIOSK_RECEIPT_OUTCOME_SUCCESS:
        return "办理成功";
      case KIOSK_RECEIPT_OUTCOME_PENDING:
        return "已受理";
      case KIOSK_RECEIPT_OUTCOME_FAILURE:
      default:
        return "未办理成功";
    }
}

/* The receipt as a list of printed items: the one place that decides what
 * is printed, shared by the raster, the PDF and kiosk_receipt_to_text(). */
typedef enum
{
  ITEM_TEXT,
  ITEM_RULE,
  ITEM_QR,
} ItemKind;

typedef struct
{
  ItemKind kind;
  char *text;
  double size_pt;
  gboolean bold;
  PangoAlignment align;
} Item;

static void
item_clear (gpointer data)
{
  g_free (((Item *) data)->text);
}

static void
add_item (
    GArray *items, ItemKind kind, char *text, double size_pt, gboolean bold, PangoAlignment align)
{
  Item item = { kind, text, size_pt, bold, align };

  g_array_append_val (items, item);
}

static GArray *
build_items (const KioskReceipt *self)
{
  GArray *items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_autofree char *time = g_date_time_format (self->time, "%Y-%m-%d %H:%M:%S");

  g_array_set_clear_func (items, item_clear);
  if (self->header != NULL && self->header[0] != '\0')
    add_item (items, ITEM_TEXT, g_strdup (self->header), 9, FALSE, PANGO_ALIGN_CENTER);
  add_item (items, ITEM_TEXT, g_strdup (self->title), 13, TRUE, PANGO_ALIGN_CENTER);
  add_item (items, ITEM_RULE, NULL, 0, FALSE, 0);

  add_item (items, ITEM_TEXT, g_strdup_printf ("时间：%s", time), 9, FALSE, PANGO_ALIGN_LEFT);
  if (self->kiosk_id != NULL && self->kiosk_id[0] != '\0')
    add_item (items, ITEM_TEXT, g_strdup_printf ("终端：%s", self->kiosk_id), 9, FALSE,
              PANGO_ALIGN_LEFT);
  for (guint i = 0; i < self->lines->len; i++)
    {
      const ReceiptLine *line = &g_array_index (self->lines, ReceiptLine, i);
      g_autofree char *masked = kiosk_mask_text (line->value);

      add_item (items, ITEM_TEXT, g_strdup_printf ("%s：%s", line->label, masked), 9, FALSE,
                PANGO_ALIGN_LEFT);
    }
  add_item (items, ITEM_RULE, NULL, 0, FALSE, 0);

  add_item (items, ITEM_TEXT, g_strdup_printf ("结果：%s", outcome_word (self->outcome)), 11, TRUE,
            PANGO_ALIGN_LEFT);
  if (self->outcome_text != NULL && self->outcome_text[0] != '\0')
    add_item (items, ITEM_TEXT, kiosk_mask_text (self->outcome_text), 9, FALSE, PANGO_ALIGN_LEFT);

  if (self->guidance->len > 0)
    {
      add_item (items, ITEM_RULE, NULL, 0, FALSE, 0);
      add_item (items, ITEM_TEXT, g_strdup ("温馨提示"), 10, TRUE, PANGO_ALIGN_LEFT);
      for (guint i = 0; i < self->guidance->len; i++)
        {
          const ReceiptGuidance *g = &g_array_index (self->guidance, ReceiptGuidance, i);
          char *text = g->rule > 0 ? g_strdup_printf ("%u. %s（R%d）", i + 1, g->text, g->rule)
                                   : g_strdup_printf ("%u. %s", i + 1, g->text);

          add_item (items, ITEM_TEXT, text, 8.5, FALSE, PANGO_ALIGN_LEFT);
        }
    }

  if (self->qr_payload != NULL)
    {
      add_item (items, ITEM_RULE, NULL, 0, FALSE, 0);
      add_item (items, ITEM_QR, g_strdup (self->qr_payload), 0, FALSE, PANGO_ALIGN_CENTER);
      if (self->qr_caption != NULL && self->qr_caption[0] != '\0')
        add_item (items, ITEM_TEXT, g_strdup (self->qr_caption), 8, FALSE, PANGO_ALIGN_CENTER);
    }
  add_item (items, ITEM_RULE, NULL, 0, FALSE, 0);
  add_item (items, ITEM_TEXT, g_strdup ("请妥善保管本凭条"), 8, FALSE, PANGO_ALIGN_CENTER);
  return items;
}

static void
lay_out (Pen *pen, const KioskReceipt *self, const QRcode *qr)
{
  g_autoptr (GArray) items = build_items (self);

  if (pen->draw)
    cairo_set_source_rgb (pen->cr, 0, 0, 0);
  pen->y = mm (pen, 2);
  for (guint i = 0; i < items->len; i++)
    {
      const Item *item = &g_array_index (items, Item, i);

      switch (item->kind)
        {
          case ITEM_TEXT:
            pen_text (pen, item->text, item->size_pt, item->bold, item->align, 0);
            break;
          case ITEM_RULE:
            pen_rule (pen);
            break;
          case ITEM_QR:
            if (qr != NULL)
              pen_qr (pen, qr);
            break;
          default:
            break;
        }
    }
  /* Room for the tear bar above the cutter. */
  pen->y = ceil (pen->y + mm (pen, 6));
}

char *
kiosk_receipt_to_text (const KioskReceipt *self)
{
  g_autoptr (GArray) items = NULL;
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  items = build_items (self);
  for (guint i = 0; i < items->len; i++)
    {
      const Item *item = &g_array_index (items, Item, i);

      switch (item->kind)
        {
          case ITEM_TEXT:
            g_string_append_printf (text, "%s\n", item->text);
            break;
          case ITEM_RULE:
            g_string_append (text, "--------\n");
            break;
          case ITEM_QR:
            g_string_append_printf (text, "[QR %s]\n", item->text);
            break;
          default:
            break;
        }
    }
  return g_string_free (text, FALSE);
}

static QRcode *
encode_qr (const KioskReceipt *self, GError **error)
{
  QRcode *qr;

  if (self->qr_payload == NULL)
    return NULL;
  errno = 0;
  qr = QRcode_encodeString (self->qr_payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (qr == NULL)
    g_set_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_QR, "receipt QR code: %s",
                 g_strerror (errno ? errno : EINVAL));
  return qr;
}

/* Measures the content on a scratch surface: its height in pixels. */
static double
measure (const KioskReceipt *self, const QRcode *qr, double width, double dpi)
{
  cairo_surface_t *scratch = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cairo_t *cr = cairo_create (scratch);
  Pen pen = { cr, dpi, width, 0, FALSE };

  lay_out (&pen, self, qr);
  cairo_destroy (cr);
  cairo_surface_destroy (scratch);
  return pen.y;
}

cairo_surface_t *
kiosk_receipt_render (const KioskReceipt *self, KioskReceiptPaper paper, double dpi, GError **error)
{
  QRcode *qr = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  double width, height;
  Pen pen;

  g_return_val_if_fail (self != NULL, NULL);

  if (!(dpi >= 96 && dpi <= 600))
    {
      g_set_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_RENDER,
                   "receipt: resolution %g dpi is outside 96…600", dpi);
      return NULL;
    }
  if (!check_receipt (self, error))
    return NULL;
  if (self->qr_payload != NULL && (qr = encode_qr (self, error)) == NULL)
    return NULL;

  width = kiosk_receipt_paper_width_px (paper, dpi);
  height = measure (self, qr, width, dpi);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) width, (int) height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_RENDER,
                   "receipt: cannot make a %d×%d surface", (int) width, (int) height);
      cairo_surface_destroy (surface);
      QRcode_free (qr);
      return NULL;
    }
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  pen = (Pen){ cr, dpi, width, 0, TRUE };
  lay_out (&pen, self, qr);
  cairo_destroy (cr);
  QRcode_free (qr);
  cairo_surface_flush (surface);
  return surface;
}

static cairo_status_t
write_bytes_cb (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
kiosk_receipt_render_png (const KioskReceipt *self,
                          KioskReceiptPaper paper,
                          double dpi,
                          GError **error)
{
  cairo_surface_t *surface = kiosk_receipt_render (self, paper, dpi, error);
  g_autoptr (GError) local_error = NULL;
  GBytes *png;

  if (surface == NULL)
    return NULL;
  /* The card face's PNG writer: zlib level 1, no row filter (fast). */
  png = kiosk_card_face_surface_to_png (surface, &local_error);
  cairo_surface_destroy (surface);
  if (png == NULL)
    {
      g_set_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_RENDER, "receipt %s",
                   local_error->message);
      return NULL;
    }
  return png;
}

GBytes *
kiosk_receipt_render_pdf (const KioskReceipt *self, KioskReceiptPaper paper, GError **error)
{
  /* Lay out at the printer's resolution, so the PDF wraps lines exactly as
   * the raster does, then scale device pixels to PDF points. */
  const double dpi = KIOSK_RECEIPT_DEFAULT_DPI;
  QRcode *qr = NULL;
  g_autoptr (GByteArray) pdf = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  double width, height, page_w, margin;
  Pen pen;

  g_return_val_if_fail (self != NULL, NULL);

  if (!check_receipt (self, error))
    return NULL;
  if (self->qr_payload != NULL && (qr = encode_qr (self, error)) == NULL)
    return NULL;

  width = kiosk_receipt_paper_width_px (paper, dpi);
  height = measure (self, qr, width, dpi);
  page_w = paper_width_mm (paper) / 25.4 * 72;
  margin = (page_w - width * 72 / dpi) / 2;
  surface = cairo_pdf_surface_create_for_stream (write_bytes_cb, pdf, page_w, height * 72 / dpi);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, self->title);
  cr = cairo_create (surface);
  cairo_translate (cr, margin, 0);
  cairo_scale (cr, 72 / dpi, 72 / dpi);
  pen = (Pen){ cr, dpi, width, 0, TRUE };
  lay_out (&pen, self, qr);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  QRcode_free (qr);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_RENDER, "receipt PDF: %s",
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&pdf));
}
