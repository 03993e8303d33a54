/* kiosk-receipt-printer.h — the receipt printer (a 58 or 80 mm roll)
 *
 * A KioskPrinter of kind KIOSK_DEVICE_KIND_RECEIPT_PRINTER that knows its
 * paper width and resolution (kiosk_receipt_render (…, paper, dpi)). A
 * failed receipt changes nothing in the issuance (ISSUANCE.md step 10), but
 * it is not resubmitted either: the citizen may already hold half of it.
 */
#pragma once

#include "kiosk-printer.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_RECEIPT_PRINTER (kiosk_receipt_printer_get_type ())
G_DECLARE_DERIVABLE_TYPE (
    KioskReceiptPrinter, kiosk_receipt_printer, KIOSK, RECEIPT_PRINTER, KioskPrinter)

struct _KioskReceiptPrinterClass
{
  KioskPrinterClass parent_class;

  gpointer padding[4];
};

#define KIOSK_RECEIPT_PRINTER_DEFAULT_DPI      203
#define KIOSK_RECEIPT_PRINTER_DEFAULT_PAPER_MM 80

/* "paper-mm" property: 58 or 80. */
guint kiosk_receipt_printer_get_paper_mm (KioskReceiptPrinter *self);
/* "dpi" property: 203 for most thermal heads. */
guint kiosk_receipt_printer_get_dpi (KioskReceiptPrinter *self);

/* Prints one receipt ("image/png" or "application/pdf") as the job
 * "receipt"; see kiosk_printer_print_finish(). */
void kiosk_receipt_printer_print_async (KioskReceiptPrinter *self,
                                        const char *format,
                                        GBytes *receipt,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data);
gboolean kiosk_receipt_printer_print_finish (KioskReceiptPrinter *self,
                                             GAsyncResult *result,
                                             KioskPrintJob **out_job,
                                             GError **error);

G_END_DECLS
