/* kiosk-device-selftest.h — a self-test per device, and the supplies (ribbon, paper, blanks)
 *
 * One call per device, by its configuration name ("idreader", "chip",
 * "camera", "card_printer", "receipt_printer", "cardfeed"), on the devices
 * the caller already has open (the UI's KioskContext, or kioskctl's own
 * manager). What each test does:
 *
 *   id reader        waits for an ID card (`wait_s`), reads it; fields masked (张*, 2201…123X)
 *   chip reader      waits for a social security card, reads EF05/EF06; fields masked
 *   camera           takes a still and measures it (kiosk-camera-meter.h: background
 *                    whiteness, exposure) — the calibration meter
 *   receipt printer  prints a test receipt (kiosk id, time, "设备自检") and follows the job
 *   card printer     a test card through the machine: the transport feeds a blank (the stock
 *                    takes it for a "technician-test-card" session, journaled intent before
 *                    effect like an issuance), moves it to the print station, the printer
 *                    prints a test face, the card goes to the reject bin and is spoiled with
 *                    the reason "self-test: test card" — so the stock and the transport still
 *                    reconcile. Needs the card transport and the store.
 *   card transport   asks the transport for its state and counters
 *
 * A test that ran returns a KioskDeviceSelftest, passed or not (`summary`
 * says why); the call fails only when the device is not configured
 * (G_IO_ERROR_NOT_FOUND) or the call is cancelled. Every test run with a
 * store and an actor is audited as "technician.selftest". Personal data read
 * from a card is masked before it is kept and the card's data is wiped.
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-camera-meter.h"
#include "kiosk-config.h"
#include "kiosk-device-manager.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

/* Registers every device driver this build has (what the kiosk does at
 * start), for callers that build their own manager. */
void kiosk_device_selftest_register_drivers (void);

/* The configuration names of the devices that have a self-test. */
const char *const *kiosk_device_selftest_names (void);

typedef struct
{
  char *key;   /* "name", "job_state", "whiteness" */
  char *label; /* Chinese */
  char *value; /* masked where personal */
} KioskSelftestField;

typedef struct
{
  char *device; /* the configuration name */
  char *kind;   /* kiosk_device_kind_to_string () */
  gboolean passed;
  char *summary;     /* one line, Chinese (English): what happened or what failed */
  GPtrArray *fields; /* KioskSelftestField */
  gint64 elapsed_ms;
  KioskCameraMeter *meter; /* camera only */
  char *card_serial;       /* card printer: the stock card the test used, or NULL */
} KioskDeviceSelftest;

void kiosk_device_selftest_free (KioskDeviceSelftest *selftest);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskDeviceSelftest, kiosk_device_selftest_free)

/* `store` is needed by the card printer's test (the test card) and for the
 * audit entry; `config` gives the kiosk id of the test receipt and card.
 * `wait_s` bounds waiting for a card (ID and chip readers) and each device
 * operation. */
void kiosk_device_selftest_async (KioskDeviceManager *devices,
                                  const char *name,
                                  KioskStore *store,
                                  const KioskConfig *config,
                                  const char *actor,
                                  guint wait_s,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data);
KioskDeviceSelftest *
kiosk_device_selftest_finish (KioskDeviceManager *devices, GAsyncResult *result, GError **error);

G_END_DECLS
