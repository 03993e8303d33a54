/* kiosk-context.h — everything a flow needs, built once from the configuration
 *
 * A KioskContext owns the configuration, the policy ([policy]), the catalog
 * of the form's lists and windows (附件2), the store (journal, stock), the
 * center (the simulator by default), the device manager with its devices and
 * a clock. The UI makes one at start, runs KioskRecovery on it before the
 * attract page, and creates a KioskFlow per citizen.
 *
 * The flows' own knobs are the [flows] group of the configuration
 * (docs/flows.md), every key optional:
 *
 *   face_threshold = 0.60          face verification passes at or above this score
 *   id_timeout_s = 30              the ID-card page (UI.md: reading a card, 30 s)
 *   page_timeout_s = 60            pages with one question
 *   form_timeout_s = 120           the form and the signature
 *   warning_s = 20                 "timeout-warning" this long before a page ends
 *   center_timeout_s = 30          one call to the center
 *   device_timeout_s = 60          one device operation (feed, move, eject, read)
 *   production_timeout_s = 300     one production step (chip, print)
 *   take_card_timeout_s = 60       waiting for the citizen to take the card
 *
 * Garbage values are refused with KIOSK_CONFIG_ERROR_INVALID_VALUE naming the
 * key. Tests change the settings in place (kiosk_context_get_settings()).
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-catalog.h"
#include "kiosk-center.h"
#include "kiosk-config.h"
#include "kiosk-device-manager.h"
#include "kiosk-policy.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

typedef struct
{
  double face_threshold;
  guint id_timeout_s;
  guint page_timeout_s;
  guint form_timeout_s;
  guint warning_s;
  guint center_timeout_s;
  guint device_timeout_s;
  guint production_timeout_s;
  guint take_card_timeout_s;
} KioskFlowSettings;

/* The defaults listed above. */
void kiosk_flow_settings_init (KioskFlowSettings *settings);
/* Reads the [flows] group of `keyfile` (a missing group keeps the defaults). */
gboolean kiosk_flow_settings_load (KioskFlowSettings *settings, GKeyFile *keyfile, GError **error);

/* The clock: local wall time now (a new reference). Tests pin it. */
typedef GDateTime *(*KioskContextClock) (gpointer user_data);

#define KIOSK_TYPE_CONTEXT (kiosk_context_get_type ())
G_DECLARE_FINAL_TYPE (KioskContext, kiosk_context, KIOSK, CONTEXT, GObject)

/* Builds everything from `config` (copied): policy, catalog (from
 * kiosk_paths_data_dir()), store (config->store_path), center
 * (kiosk_center_new_from_config()), the device manager ([devices]; the
 * drivers are registered here), settings ([flows]). Devices are created but
 * not opened: kiosk_context_open_devices_async(). */
KioskContext *kiosk_context_new (const KioskConfig *config, GError **error);
/* The same, with parts supplied by the caller (tests, tools): any of
 * `store`, `center`, `devices` that is NULL is built from `config`. The
 * context takes a reference on what it is given. */
KioskContext *kiosk_context_new_full (const KioskConfig *config,
                                      KioskStore *store,
                                      KioskCenter *center,
                                      KioskDeviceManager *devices,
                                      GError **error);

const KioskConfig *kiosk_context_get_config (KioskContext *self);
const KioskPolicy *kiosk_context_get_policy (KioskContext *self);
KioskCatalog *kiosk_context_get_catalog (KioskContext *self);
KioskStore *kiosk_context_get_store (KioskContext *self);
KioskCenter *kiosk_context_get_center (KioskContext *self);
KioskDeviceManager *kiosk_context_get_devices (KioskContext *self);
/* Mutable: tests shorten the timeouts. */
KioskFlowSettings *kiosk_context_get_settings (KioskContext *self);

/* The devices by kind (transfer none), NULL when the kiosk has none. */
KioskDevice *kiosk_context_get_id_reader (KioskContext *self);
KioskDevice *kiosk_context_get_chip_reader (KioskContext *self);
KioskDevice *kiosk_context_get_camera (KioskContext *self);
KioskDevice *kiosk_context_get_card_printer (KioskContext *self);
KioskDevice *kiosk_context_get_receipt_printer (KioskContext *self);
KioskDevice *kiosk_context_get_card_feeder (KioskContext *self);

/* Opens every device (failures show in each device's status and are not an
 * error of the context: a flow that needs a missing device says so). */
void kiosk_context_open_devices_async (KioskContext *self,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data);
gboolean
kiosk_context_open_devices_finish (KioskContext *self, GAsyncResult *result, GError **error);

/* The clock. `clock` NULL restores the real local time. The store's clock
 * follows it. */
void kiosk_context_set_clock (KioskContext *self,
                              KioskContextClock clock,
                              gpointer user_data,
                              GDestroyNotify destroy);
GDateTime *kiosk_context_now (KioskContext *self);
/* The local calendar day of kiosk_context_now(). */
void kiosk_context_get_today (KioskContext *self, GDate *out_today);

G_END_DECLS
