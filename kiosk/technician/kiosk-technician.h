/* kiosk-technician.h — technician mode: what the touchscreen pages call
 *
 * A KioskTechnician is made once by the UI over the parts it already has
 * (the configuration, the store, the device manager of its KioskContext):
 *
 *   g_autoptr (KioskTechnician) tech = kiosk_technician_new (
 *       kiosk_context_get_config (ctx), kiosk_context_get_store (ctx),
 *       kiosk_context_get_devices (ctx), &error);
 *   g_signal_connect (tech, "left", G_CALLBACK (back_to_attract), ui);          // also on timeout
 *   g_signal_connect (tech, "restart-requested", G_CALLBACK (restart), ui);
 *   // after the hidden gesture, the PIN pad:
 *   kiosk_technician_enter_async (tech, pin, NULL, entered_cb, ui);
 *
 * Entry: the operator PIN (kiosk-operator-pin.h): yescrypt hash, lockout
 * after 5 wrong PINs for [technician] lockout_minutes, every attempt
 * audited. kiosk_technician_get_pin_state() gives the attempts left and the
 * end of a lockout for the PIN page.
 *
 * While active, every call below counts as activity; after [technician]
 * idle_timeout_s without one the mode leaves by itself ("left" with
 * timed_out TRUE). Each page's call fails with KIOSK_TECHNICIAN_ERROR_NOT_ENTERED
 * while the mode is not active, and every change is audited with the actor
 * "technician". Quick calls are synchronous (store reads and writes, well
 * under 10 ms); device, hashing and export calls are _async.
 *
 * Pages and their calls:
 *   device status      kiosk_technician_list_devices()
 *   self-tests         kiosk_technician_selftest_async() (kiosk-device-selftest.h)
 *   supplies           kiosk_technician_supplies_async() (ribbon, paper, blanks)
 *   card stock         _stock_load_async(), _stock_spoil(), _stock_confirm_issued(),
 *                      _stock_counts(), _stock_list(), _stock_batches(), _reconcile_async()
 *   recent sessions    kiosk_technician_recent_sessions() (masked subjects)
 *   recent errors      kiosk_technician_recent_errors()
 *   configuration      kiosk_technician_list_config(), kiosk_technician_set_config()
 *   export             kiosk_technician_export_async() (to a mounted USB stick)
 *   restart            kiosk_technician_request_restart()
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-card-stock.h"
#include "kiosk-config-editor.h"
#include "kiosk-config.h"
#include "kiosk-device-manager.h"
#include "kiosk-device-selftest.h"
#include "kiosk-device-supplies.h"
#include "kiosk-export.h"
#include "kiosk-operator-pin.h"
#include "kiosk-recent-errors.h"
#include "kiosk-store.h"
#include "kiosk-technician-settings.h"
#include "kiosk-uncertain-report.h"

G_BEGIN_DECLS

#define KIOSK_TECHNICIAN_ERROR (kiosk_technician_error_quark ())
GQuark kiosk_technician_error_quark (void);

typedef enum
{
  KIOSK_TECHNICIAN_ERROR_NOT_ENTERED, /* technician mode is not active: enter with the PIN */
  KIOSK_TECHNICIAN_ERROR_NO_DEVICE,   /* the kiosk has no such device (no card transport…) */
} KioskTechnicianError;

/* The actor of everything done on the touchscreen (one operator PIN). */
#define KIOSK_TECHNICIAN_ACTOR "technician"

#define KIOSK_TYPE_TECHNICIAN (kiosk_technician_get_type ())
G_DECLARE_FINAL_TYPE (KioskTechnician, kiosk_technician, KIOSK, TECHNICIAN, GObject)

/* `config` is copied; `store` and `devices` (may be NULL: no device pages)
 * are referenced. Fails when [technician] is invalid. */
KioskTechnician *kiosk_technician_new (const KioskConfig *config,
                                       KioskStore *store,
                                       KioskDeviceManager *devices,
                                       GError **error);

const KioskTechnicianSettings *kiosk_technician_get_settings (KioskTechnician *self);
/* The center that hears of uncertain cards settled here (the UI's context's). */
void kiosk_technician_set_center (KioskTechnician *self, KioskCenter *center);

/* ---- entry and leaving ---------------------------------------------------- */

/* Checks the PIN (in a worker thread); on success the mode is active
 * ("entered"). Errors: KIOSK_OPERATOR_PIN_ERROR_*. */
void kiosk_technician_enter_async (KioskTechnician *self,
                                   const char *pin,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data);
gboolean
kiosk_technician_enter_finish (KioskTechnician *self, GAsyncResult *result, GError **error);
gboolean kiosk_technician_get_pin_state (KioskTechnician *self,
                                         KioskOperatorPinState *state,
                                         GError **error);

gboolean kiosk_technician_is_active (KioskTechnician *self);
/* Leaves (audited "technician.leave"); emits "left" with timed_out FALSE. */
void kiosk_technician_leave (KioskTechnician *self);
/* Restarts the idle countdown (the UI calls it on every touch). */
void kiosk_technician_keep_alive (KioskTechnician *self);
/* Seconds until the mode leaves by itself; 0 when not active. */
guint kiosk_technician_get_seconds_left (KioskTechnician *self);

/* Audits "technician.restart" and emits "restart-requested": the UI
 * finishes what it shows and restarts the program. */
gboolean kiosk_technician_request_restart (KioskTechnician *self, GError **error);

/* ---- devices ----------------------------------------------------------------- */

/* Every device's status record (array of KioskDeviceStatus, copies). */
GPtrArray *kiosk_technician_list_devices (KioskTechnician *self, GError **error);
/* `name`: a configuration name (kiosk_device_selftest_names()). */
void kiosk_technician_selftest_async (KioskTechnician *self,
                                      const char *name,
                                      guint wait_s,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
KioskDeviceSelftest *
kiosk_technician_selftest_finish (KioskTechnician *self, GAsyncResult *result, GError **error);
void kiosk_technician_supplies_async (KioskTechnician *self,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
GPtrArray *
kiosk_technician_supplies_finish (KioskTechnician *self, GAsyncResult *result, GError **error);

/* ---- card stock ---------------------------------------------------------------- */

/* Loads a batch (kiosk_store_stock_load_batch, then
 * kiosk_card_stock_record_baseline with the transport's counters). With the simulated transport,
 * its hopper is refilled by `count` too: the simulator's stand-in for the technician's hands.
 * Returns the batch id. */
void kiosk_technician_stock_load_async (KioskTechnician *self,
                                        const char *first_serial,
                                        guint count,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data);
gint64
kiosk_technician_stock_load_finish (KioskTechnician *self, GAsyncResult *result, GError **error);
gboolean kiosk_technician_stock_spoil (KioskTechnician *self,
                                       const char *serial,
                                       const char *reason,
                                       GError **error);
gboolean kiosk_technician_stock_confirm_issued (KioskTechnician *self,
                                                const char *serial,
                                                const char *reason,
                                                GError **error);
gboolean kiosk_technician_stock_counts (KioskTechnician *self,
                                        gint64 counts[KIOSK_CARD_N_STATES],
                                        GError **error);
/* Cards of `state` (-1: all), KioskStockCard. */
GPtrArray *kiosk_technician_stock_list (KioskTechnician *self, int state, GError **error);
GPtrArray *kiosk_technician_stock_batches (KioskTechnician *self, GError **error);
/* Queries the transport and compares (audited "stock.reconcile"). */
void kiosk_technician_reconcile_async (KioskTechnician *self,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data);
KioskStockReconciliation *
kiosk_technician_reconcile_finish (KioskTechnician *self, GAsyncResult *result, GError **error);
/* After _stock_confirm_issued() or _stock_spoil() of an uncertain card:
 * tells the center the fact (kiosk-uncertain-report.h); may be repeated
 * when it failed. Needs kiosk_technician_set_center(). */
void kiosk_technician_stock_report_async (KioskTechnician *self,
                                          const char *serial,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data);
gboolean
kiosk_technician_stock_report_finish (KioskTechnician *self, GAsyncResult *result, GError **error);

/* ---- journal, errors, configuration, export -------------------------------------- */

/* The `limit` most recent sessions (KioskJournalSession: masked subject). */
GPtrArray *kiosk_technician_recent_sessions (KioskTechnician *self, guint limit, GError **error);
/* KioskRecentError, newest first. */
GPtrArray *kiosk_technician_recent_errors (KioskTechnician *self, guint limit, GError **error);
/* KioskConfigField of the configuration file (kiosk-config-editor.h). */
GPtrArray *kiosk_technician_list_config (KioskTechnician *self, GError **error);
/* A safe field (validated, written atomically, audited); takes effect after
 * a restart. */
gboolean kiosk_technician_set_config (
    KioskTechnician *self, const char *group, const char *key, const char *value, GError **error);
/* Logs, journal and audit into `dir` (kiosk-export.h); audited "export". */
void kiosk_technician_export_async (KioskTechnician *self,
                                    const char *dir,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data);
KioskExportResult *
kiosk_technician_export_finish (KioskTechnician *self, GAsyncResult *result, GError **error);

G_END_DECLS
