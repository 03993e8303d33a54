/* kiosk-ipp-printer.h — talking IPP to a printer with libcups
 *
 * The client behind the "ipp" drivers of both printer kinds. It reaches
 * either an IPP printer directly (ipp://host:port/ipp/print — ippeveprinter,
 * a driverless printer) or a queue of the local cupsd ("cups:NAME"). Each
 * operation runs in a GTask worker thread with its own connection and
 * completes the device operation in the device's main context.
 *
 * kiosk-ipp-printer.c is the only file of the kiosk that includes
 * <cups/cups.h>. It sends Print-Job exactly once per print operation: the
 * request is written with cupsSendRequest()/cupsGetResponse(), never with
 * cupsDoFileRequest(), whose authentication loop would send it again.
 */
#pragma once

#include "kiosk-device-config.h"
#include "kiosk-printer.h"

G_BEGIN_DECLS

typedef struct _KioskIppPrinter KioskIppPrinter;

typedef struct
{
  guint connect_timeout_ms; /* reaching the printer (default 5000) */
  guint request_timeout_s;  /* one request's answer (default 30) */
  guint job_timeout_s;      /* a job's whole life, then Cancel-Job (default 300) */
  guint poll_ms;            /* Get-Job-Attributes interval (default 250) */
} KioskIppTimeouts;

/* `uri`: ipp://, ipps://, http://, https:// (a printer) or cups:NAME (a
 * queue of the cupsd named by CUPS_SERVER / client.conf). A bad URI is a
 * KIOSK_DEVICE_ERROR_CONFIG. `timeouts` may be NULL (defaults). */
KioskIppPrinter *
kiosk_ipp_printer_new (const char *uri, const KioskIppTimeouts *timeouts, GError **error);
KioskIppPrinter *kiosk_ipp_printer_ref (KioskIppPrinter *self);
void kiosk_ipp_printer_unref (KioskIppPrinter *self);

const char *kiosk_ipp_printer_get_uri (KioskIppPrinter *self);

/* Driver glue, each called with the device's operation begun:
 * open: Get-Printer-Attributes; sets model, identity and connected.
 * print: the request of kiosk_printer_get_request(), followed to its end.
 * query_status: Get-Printer-Attributes; unreachable → an OFFLINE status. */
void kiosk_ipp_printer_run_open (KioskIppPrinter *self, KioskDevice *device);
void kiosk_ipp_printer_run_print (KioskIppPrinter *self, KioskPrinter *printer);
void kiosk_ipp_printer_run_query_status (KioskIppPrinter *self, KioskPrinter *printer);

/* Reads <name>_uri, _connect_timeout_ms, _job_timeout_s, _poll_ms (errors name
 * the key) and makes the client. */
KioskIppPrinter *kiosk_ipp_printer_new_from_config (KioskDeviceConfig *config,
                                                    guint default_job_timeout_s,
                                                    GError **error);

/* The start_simulator function of both drivers: starts ippeveprinter
 * (kiosk-printer-simulator.h) in the device's runtime directory, hands its
 * processes to `config` and overrides <name>_uri. */
gboolean kiosk_ipp_printer_start_simulator (KioskDeviceConfig *config, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskIppPrinter, kiosk_ipp_printer_unref)

G_END_DECLS
