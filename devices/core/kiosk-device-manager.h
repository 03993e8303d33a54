/* kiosk-device-manager.h — builds the devices from the kiosk configuration
 *
 * Each driver registers a KioskDeviceDriverInfo once (a registry, not a
 * switch: a new kind of device plugs in without editing the manager). The
 * manager reads the [devices] group, finds every <name>_driver key, looks up
 * (name, driver) in the registry and calls the driver's create function; with
 * <name>_simulator=true it first calls the driver's start_simulator function,
 * which starts a process speaking the device's real protocol and points the
 * configuration at it — the REAL driver then talks to the simulator. Which
 * devices are simulated is configuration, never #ifdef.
 *
 * `<name>_driver=none` (or no key) means the kiosk has no such device.
 * Creating a device does not open it: call kiosk_device_manager_open_all_async()
 * or kiosk_device_open_async() per device.
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-device.h"
#include "kiosk-device-config.h"

G_BEGIN_DECLS

typedef KioskDevice *(*KioskDeviceCreateFunc) (KioskDeviceConfig *config, GError **error);
/* Starts the simulator for this device (blocking, a few hundred ms at most)
 * and overrides the keys the driver reads to reach it. */
typedef gboolean (*KioskDeviceSimulatorFunc) (KioskDeviceConfig *config, GError **error);

typedef struct
{
  const char *name;   /* configuration prefix: "idreader", "chip", "camera", "card_printer" */
  const char *driver; /* value of <name>_driver: "sam-serial", "pcsc" */
  KioskDeviceKind kind;
  KioskDeviceCreateFunc create;
  KioskDeviceSimulatorFunc start_simulator; /* NULL: no simulator for this driver */
  const char *description;                  /* one line for `kioskctl devices --drivers` */
} KioskDeviceDriverInfo;

/* Registers a driver (process-wide; `info` must be static). Registering the
 * same (name, driver) twice is harmless. */
void kiosk_device_manager_register_driver (const KioskDeviceDriverInfo *info);
/* The registered drivers, in registration order (transfer container). */
GPtrArray *kiosk_device_manager_list_drivers (void);

#define KIOSK_TYPE_DEVICE_MANAGER (kiosk_device_manager_get_type ())
G_DECLARE_FINAL_TYPE (KioskDeviceManager, kiosk_device_manager, KIOSK, DEVICE_MANAGER, GObject)

/* Builds every configured device from `group` ("devices") of `keyfile`.
 * Errors (unknown driver, garbage value, simulator failed to start) are
 * KIOSK_DEVICE_ERROR_CONFIG / _IO and name the key. */
KioskDeviceManager *kiosk_device_manager_new (GKeyFile *keyfile, const char *group, GError **error);

/* The devices in configuration order (transfer none). */
GPtrArray *kiosk_device_manager_get_devices (KioskDeviceManager *self);
/* The device configured as `name` ("idreader"), or NULL (transfer none). */
KioskDevice *kiosk_device_manager_get_device (KioskDeviceManager *self, const char *name);
/* The first device of `kind`, or NULL (transfer none). */
KioskDevice *kiosk_device_manager_get_device_by_kind (KioskDeviceManager *self,
                                                      KioskDeviceKind kind);
/* The configuration slice of `name` (transfer none): for simulator control paths. */
KioskDeviceConfig *kiosk_device_manager_get_config (KioskDeviceManager *self, const char *name);

/* Opens every device; completes when all have tried. Failures do not stop the
 * others: each device's status shows its own error; the result is FALSE with
 * the first error if any failed. */
void kiosk_device_manager_open_all_async (KioskDeviceManager *self,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data);
gboolean kiosk_device_manager_open_all_finish (KioskDeviceManager *self,
                                               GAsyncResult *result,
                                               GError **error);

/* Cancels every in-flight operation, closes the devices and stops the
 * simulators (also done at dispose). */
void kiosk_device_manager_shutdown (KioskDeviceManager *self);

G_END_DECLS
