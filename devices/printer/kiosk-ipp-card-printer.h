/* kiosk-ipp-card-printer.h — the "ipp" driver of the card printer
 *
 * Configuration ([devices], docs/printers.md):
 *   card_printer_driver=ipp
 *   card_printer_uri=ipp://host:631/ipp/print | cups:QUEUE
 *   card_printer_simulator=true      starts ippeveprinter and points the uri at it
 *   card_printer_job_timeout_s=300  card_printer_poll_ms=250  card_printer_connect_timeout_ms=5000
 *   card_printer_dpi=300
 */
#pragma once

#include "kiosk-card-printer.h"
#include "kiosk-device-manager.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_IPP_CARD_PRINTER (kiosk_ipp_card_printer_get_type ())
G_DECLARE_FINAL_TYPE (
    KioskIppCardPrinter, kiosk_ipp_card_printer, KIOSK, IPP_CARD_PRINTER, KioskCardPrinter)

/* The driver's create function: reads the keys above (errors name them). */
KioskDevice *kiosk_ipp_card_printer_new_from_config (KioskDeviceConfig *config, GError **error);

/* Registers ("card_printer", "ipp") with the device manager. */
void kiosk_ipp_card_printer_register_driver (void);

G_END_DECLS
