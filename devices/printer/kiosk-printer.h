/* kiosk-printer.h — what card and receipt printers have in common
 *
 * A KioskDevice that prints documents (PNG or PDF bytes) as jobs and reports
 * its condition as a KioskPrinterStatus. KioskCardPrinter and
 * KioskReceiptPrinter are its two kinds; drivers (the IPP driver) subclass
 * those and implement `print` and `query_status`.
 *
 * The rule of this interface: **a job is never resubmitted after an error.**
 * Every card job consumes a blank card; whether an error happened before or
 * after the printer took the card is for the issuance journal to record and
 * for a person to decide, never for a retry loop.
 */
#pragma once

#include "kiosk-device-driver.h"
#include "kiosk-print-job.h"
#include "kiosk-printer-status.h"

G_BEGIN_DECLS

#define KIOSK_PRINTER_COUNTER_JOBS_SUBMITTED "jobs-submitted"
#define KIOSK_PRINTER_COUNTER_JOBS_COMPLETED "jobs-completed"
#define KIOSK_PRINTER_COUNTER_JOBS_FAILED    "jobs-failed" /* aborted, canceled, lost */
#define KIOSK_PRINTER_COUNTER_REFUSED        "jobs-refused" /* not ready, or refused by the printer */

#define KIOSK_TYPE_PRINTER (kiosk_printer_get_type ())
G_DECLARE_DERIVABLE_TYPE (KioskPrinter, kiosk_printer, KIOSK, PRINTER, KioskDevice)

struct _KioskPrinterClass
{
  KioskDeviceClass parent_class;

  /* Called with the "print" operation begun; the document is
   * kiosk_printer_get_request(). Ends with kiosk_printer_complete_print(). */
  void (*print) (KioskPrinter *self);
  /* Called with the "query-status" operation begun. Ends with
   * kiosk_printer_complete_query_status(). */
  void (*query_status) (KioskPrinter *self);

  gpointer padding[8];
};

/* Prints `document` ("image/png", "application/pdf") as one job named
 * `job_name` (never personal data: it lands in spool file names). The
 * printer is asked for its status first; when a blocking condition is known
 * (hopper empty, jam, cover open, ribbon out, offline) nothing is sent and
 * the operation fails with KIOSK_DEVICE_ERROR_FAILED. Otherwise the job is
 * followed to its end (completed, aborted, canceled) or until the job
 * timeout, after which it is canceled. */
void kiosk_printer_print_async (KioskPrinter *self,
                                const char *format,
                                GBytes *document,
                                const char *job_name,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data);
/* TRUE when the job completed. `out_job` (optional) receives the job record
 * whenever a job was submitted — also when it failed — and NULL when none
 * was (refused before sending). Errors: KIOSK_DEVICE_ERROR_FAILED (not
 * ready, refused, aborted, canceled by the printer), _TIMEOUT (canceled by
 * us after the job timeout), _NOT_CONNECTED, _IO (no answer to Print-Job:
 * the printer may or may not hold a job), G_IO_ERROR_CANCELLED. */
gboolean kiosk_printer_print_finish (KioskPrinter *self,
                                     GAsyncResult *result,
                                     KioskPrintJob **out_job,
                                     GError **error);

/* Asks the printer for printer-state, printer-state-reasons and marker
 * levels. An unreachable printer is not an error: its status is OFFLINE
 * (and the device disconnected until a query reaches it again). */
void kiosk_printer_query_status_async (KioskPrinter *self,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data);
KioskPrinterStatus *
kiosk_printer_query_status_finish (KioskPrinter *self, GAsyncResult *result, GError **error);

/* The last status seen by any operation, or NULL (transfer full). */
KioskPrinterStatus *kiosk_printer_get_last_status (KioskPrinter *self);
/* The record of the last job submitted, or NULL (transfer full). */
KioskPrintJob *kiosk_printer_get_last_job (KioskPrinter *self);

/* For tools and tests. */
gboolean kiosk_printer_print_sync (KioskPrinter *self,
                                   const char *format,
                                   GBytes *document,
                                   const char *job_name,
                                   GCancellable *cancellable,
                                   KioskPrintJob **out_job,
                                   GError **error);
KioskPrinterStatus *
kiosk_printer_query_status_sync (KioskPrinter *self, GCancellable *cancellable, GError **error);

/* ---- for drivers --------------------------------------------------------- */

typedef struct
{
  char *format;
  GBytes *document;
  char *job_name;
} KioskPrintRequest;

/* The document of the print operation in flight. */
const KioskPrintRequest *kiosk_printer_get_request (KioskPrinter *self);

/* Ends the print operation. `job` (taken, may be NULL) is the job if one was
 * submitted; `status` (taken, may be NULL) the printer's status; `error`
 * (taken) NULL only when the job completed. */
void kiosk_printer_complete_print (KioskPrinter *self,
                                   KioskPrintJob *job,
                                   KioskPrinterStatus *status,
                                   GError *error);
/* Ends the query-status operation with `status` or `error` (both taken). */
void
kiosk_printer_complete_query_status (KioskPrinter *self, KioskPrinterStatus *status, GError *error);

G_END_DECLS
