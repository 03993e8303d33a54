/* kiosk-ipp-printer-private.h — between the two halves of KioskIppPrinter
 *
 * kiosk-ipp-printer.c speaks IPP (libcups) and blocks;
 * kiosk-ipp-printer-device.c runs it in worker threads for the devices.
 */
#pragma once

#include "kiosk-ipp-printer.h"

G_BEGIN_DECLS

/* Get-Printer-Attributes on a fresh connection. An unreachable printer is
 * KIOSK_DEVICE_ERROR_NOT_CONNECTED. */
KioskPrinterStatus *kiosk_ipp_printer_query_blocking (KioskIppPrinter *self,
                                                      GCancellable *cancellable,
                                                      char **out_model,
                                                      GError **error);

/* The whole print operation: look at the printer, send Print-Job once,
 * follow the job to its end. `out_job` is the job if one was submitted,
 * `out_status` the printer's last status (either may be NULL); `error`
 * unset only when the job completed. */
void kiosk_ipp_printer_print_blocking (KioskIppPrinter *self,
                                       const KioskPrintRequest *request,
                                       GCancellable *cancellable,
                                       KioskPrintJob **out_job,
                                       KioskPrinterStatus **out_status,
                                       GError **error);

guint kiosk_ipp_printer_get_job_timeout (KioskIppPrinter *self);

G_END_DECLS
