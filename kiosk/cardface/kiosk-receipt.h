/* kiosk-receipt.h — the receipt of a service, laid out for a roll printer
 *
 * A KioskReceipt is the content (service, time, kiosk ID, masked personal
 * data, the outcome, the guidance that applies with its rule, a QR code with
 * the application or session number); kiosk_receipt_render*() lays it out for
 * a 58 or 80 mm roll at the printer's resolution (203 dpi) as an image or a
 * PDF page. The QR code (libqrencode) is drawn as cairo rectangles.
 *
 * Callers pass personal data already masked (kiosk_mask()); as a last line of
 * defence every line value still goes through kiosk_mask_text(), which masks
 * ID-like and phone-like digit runs.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

#define KIOSK_RECEIPT_ERROR (kiosk_receipt_error_quark ())
GQuark kiosk_receipt_error_quark (void);

typedef enum
{
  KIOSK_RECEIPT_ERROR_INVALID, /* missing title, text not UTF-8 */
  KIOSK_RECEIPT_ERROR_QR,      /* the payload does not fit a QR code */
  KIOSK_RECEIPT_ERROR_RENDER,  /* cairo failed */
} KioskReceiptError;

typedef enum
{
  KIOSK_RECEIPT_PAPER_58MM, /* 48 mm printable: 384 dots at 203 dpi */
  KIOSK_RECEIPT_PAPER_80MM, /* 72 mm printable: 576 dots at 203 dpi */
} KioskReceiptPaper;

#define KIOSK_RECEIPT_DEFAULT_DPI 203.0

typedef enum
{
  KIOSK_RECEIPT_OUTCOME_SUCCESS, /* 办理成功 */
  KIOSK_RECEIPT_OUTCOME_PENDING, /* accepted, waiting (制卡中, 待领卡) */
  KIOSK_RECEIPT_OUTCOME_FAILURE, /* not done: see the guidance */
} KioskReceiptOutcome;

typedef struct _KioskReceipt KioskReceipt;

/* `service_title`: "社会保障卡申领". */
KioskReceipt *kiosk_receipt_new (const char *service_title);
void kiosk_receipt_free (KioskReceipt *self);

/* The heading above the service ("吉林省社会保障卡自助服务", the default). */
void kiosk_receipt_set_header (KioskReceipt *self, const char *header);
/* When the service ended; default: when the receipt was created. */
void kiosk_receipt_set_time (KioskReceipt *self, GDateTime *time);
void kiosk_receipt_set_kiosk_id (KioskReceipt *self, const char *kiosk_id);
/* One "label: value" line; `masked_value` is already masked by the caller. */
void kiosk_receipt_add_line (KioskReceipt *self, const char *label, const char *masked_value);
void kiosk_receipt_set_outcome (KioskReceipt *self, KioskReceiptOutcome outcome, const char *text);
/* A piece of guidance citing its rule (rule 20 → "R20"); 0: no rule. */
void kiosk_receipt_add_guidance (KioskReceipt *self, int rule, const char *text);
/* The QR code's content (the application or session number) and the
 * caption printed under it ("申请编号 …"); NULL payload: no QR code. */
void kiosk_receipt_set_qr (KioskReceipt *self, const char *payload, const char *caption);

/* The receipt as plain text, one printed line per line ("--------" for a
 * rule, "[QR payload]" for the code): what the image shows, for the
 * journal, tests and text-only printers. Masked like the image. */
char *kiosk_receipt_to_text (const KioskReceipt *self);

/* Printable width in pixels of `paper` at `dpi`. */
int kiosk_receipt_paper_width_px (KioskReceiptPaper paper, double dpi);

/* An image surface of the printable width and the height the content needs
 * (white background, black ink). */
cairo_surface_t *kiosk_receipt_render (const KioskReceipt *self,
                                       KioskReceiptPaper paper,
                                       double dpi,
                                       GError **error);
GBytes *kiosk_receipt_render_png (const KioskReceipt *self,
                                  KioskReceiptPaper paper,
                                  double dpi,
                                  GError **error);
/* One PDF page as wide as the paper (58 or 80 mm) and as long as needed. */
GBytes *
kiosk_receipt_render_pdf (const KioskReceipt *self, KioskReceiptPaper paper, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskReceipt, kiosk_receipt_free)

G_END_DECLS
