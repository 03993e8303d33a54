/* kiosk-printer-simulator.h — a real IPP printer to print to: ippeveprinter
 *
 * Starts a private dbus-daemon (ippeveprinter wants a system bus, even with
 * -r off) and ippeveprinter on a free port of localhost, with a per-job
 * script that reads a control file, so tests and technicians can inject
 * faults through the printer's real IPP status:
 *
 *   STATE: +media-empty          copied to ippeveprinter (printer-state-reasons)
 *   STATE: -media-jam
 *   ATTR: marker-names=Ribbon marker-levels=7 marker-low-levels=10
 *   ERROR: card jammed           becomes the job-state-message
 *   SLEEP 2                      the job takes this long (seconds)
 *   EXIT 1                       a non-zero exit aborts the job
 *
 * The control file is read at every job; an absent file means "print
 * fine". Job documents are kept in the spool directory (-k), and every job
 * the script sees is logged one per line ("JOB-ID FORMAT FILE").
 * Used by the drivers' start_simulator (<name>_simulator=true) and by the
 * tests. Needs cups-ipp-utils (ippeveprinter) and dbus (dbus-daemon).
 */
#pragma once

#include "kiosk-device-config.h"

G_BEGIN_DECLS

typedef struct _KioskPrinterSimulator KioskPrinterSimulator;

/* Starts both daemons with their files under `dir` (which must exist);
 * `name` is the printer's name. Returns when the printer answers on its
 * port (a few hundred ms). KIOSK_DEVICE_ERROR_IO if a program is missing
 * or does not come up. */
KioskPrinterSimulator *
kiosk_printer_simulator_start (const char *dir, const char *name, GError **error);

/* ipp://localhost:PORT/ipp/print */
const char *kiosk_printer_simulator_get_uri (KioskPrinterSimulator *self);
guint16 kiosk_printer_simulator_get_port (KioskPrinterSimulator *self);
const char *kiosk_printer_simulator_get_spool_dir (KioskPrinterSimulator *self);
const char *kiosk_printer_simulator_get_control_path (KioskPrinterSimulator *self);

/* Replaces the control file atomically with `text` (lines as above); NULL
 * removes it. */
gboolean
kiosk_printer_simulator_write_control (const char *control_path, const char *text, GError **error);
gboolean
kiosk_printer_simulator_set_faults (KioskPrinterSimulator *self, const char *text, GError **error);

/* How many jobs the printer received (the script's log). */
guint kiosk_printer_simulator_count_jobs (KioskPrinterSimulator *self);
/* The kept document of job `job_id` in the spool directory, or NULL. */
char *kiosk_printer_simulator_get_job_file (KioskPrinterSimulator *self, int job_id);

/* Stops both daemons (SIGTERM, SIGKILL after 2 s) and reaps them. The
 * files stay until `dir` is removed. Idempotent. */
void kiosk_printer_simulator_stop (KioskPrinterSimulator *self);
/* Gives the processes to `config`, which stops them at its last unref. */
void kiosk_printer_simulator_hand_over (KioskPrinterSimulator *self, KioskDeviceConfig *config);
/* Stops the daemons if still owned, and frees. */
void kiosk_printer_simulator_free (KioskPrinterSimulator *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskPrinterSimulator, kiosk_printer_simulator_free)

G_END_DECLS
