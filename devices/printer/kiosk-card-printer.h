/* kiosk-card-printer.h — the card printer (the face of the card)
 *
 * A KioskPrinter of kind KIOSK_DEVICE_KIND_CARD_PRINTER that knows the
 * resolution its raster is rendered at (kiosk_card_face_render (…, dpi)).
 * Every job consumes a blank card: kiosk-printer.h's no-resubmit rule.
 */
#pragma once

#include "kiosk-printer.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_CARD_PRINTER (kiosk_card_printer_get_type ())
G_DECLARE_DERIVABLE_TYPE (KioskCardPrinter, kiosk_card_printer, KIOSK, CARD_PRINTER, KioskPrinter)

struct _KioskCardPrinterClass
{
  KioskPrinterClass parent_class;

  gpointer padding[4];
};

#define KIOSK_CARD_PRINTER_DEFAULT_DPI 300

/* The resolution the card face is rendered at ("dpi" property, 300). */
guint kiosk_card_printer_get_dpi (KioskCardPrinter *self);

/* Prints one card face (format "image/png" or "application/pdf") as the job
 * "card-face". Finish with kiosk_card_printer_print_finish(): see
 * kiosk_printer_print_finish() for `out_job` and the errors. */
void kiosk_card_printer_print_async (KioskCardPrinter *self,
                                     const char *format,
                                     GBytes *face,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data);
gboolean kiosk_card_printer_print_finish (KioskCardPrinter *self,
                                          GAsyncResult *result,
                                          KioskPrintJob **out_job,
                                          GError **error);

G_END_DECLS
