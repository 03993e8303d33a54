/* kiosk-ipp-receipt-printer.h — the "ipp" driver of the receipt printer
 *
 * Configuration ([devices], docs/printers.md):
 *   receipt_printer_driver=ipp
 *   receipt_printer_uri=ipp://host:631/ipp/print | cups:QUEUE
 *   receipt_printer_simulator=true      starts ippeveprinter and points the uri at it
 *   receipt_printer_job_timeout_s=60  receipt_printer_poll_ms=250
 * receipt_printer_connect_timeout_ms=5000 receipt_printer_paper_mm=80 (58 or 80)
 * receipt_printer_dpi=203
 */
#pragma once

#include "kiosk-receipt-printer.h"
#include "kiosk-device-manager.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_IPP_RECEIPT_PRINTER (kiosk_ipp_receipt_printer_get_type ())
G_DECLARE_FINAL_TYPE (KioskIppReceiptPrinter,
                      kiosk_ipp_receipt_printer,
                      KIOSK,
                      IPP_RECEIPT_PRINTER,
                      KioskReceiptPrinter)

/* The driver's create function: reads the keys above (errors name them). */
KioskDevice *kiosk_ipp_receipt_printer_new_from_config (KioskDeviceConfig *config, GError **error);

/* Registers ("receipt_printer", "ipp") with the device manager. */
void kiosk_ipp_receipt_printer_register_driver (void);

G_END_DECLS
