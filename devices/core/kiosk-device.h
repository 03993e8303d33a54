/* kiosk-device.h — the base class of every device
 *
 * What a user of a device (the flows, the UI, kioskctl) sees. A device has a
 * kind, a driver, a status record and four signals; every operation is
 * `_async/_finish` with a GCancellable, and only ONE operation is in flight
 * per device: a second one fails at once with KIOSK_DEVICE_ERROR_BUSY.
 * Errors come in two domains (kiosk-device-error.h).
 *
 * Kind-specific interfaces are subclasses (KioskIdReader, KioskChipReader…);
 * drivers subclass those and implement the virtual functions with the
 * contract in kiosk-device-driver.h (begin an operation, complete it).
 *
 * All calls and signals happen in the thread-default main context of the
 * thread that created the device.
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-device-error.h"
#include "kiosk-device-status.h"

G_BEGIN_DECLS

typedef enum
{
  KIOSK_DEVICE_KIND_ID_READER,
  KIOSK_DEVICE_KIND_CHIP_READER,
  KIOSK_DEVICE_KIND_CAMERA,
  KIOSK_DEVICE_KIND_CARD_PRINTER,
  KIOSK_DEVICE_KIND_RECEIPT_PRINTER,
  KIOSK_DEVICE_KIND_CARD_FEEDER, /* the card transport: hopper, encoder, slot, reject bin */
} KioskDeviceKind;

/* "id-reader", "chip-reader", "camera", "card-printer", "receipt-printer",
 * "card-feeder". */
const char *kiosk_device_kind_to_string (KioskDeviceKind kind);

/* Standard counters every device keeps (drivers add their own). */
#define KIOSK_DEVICE_COUNTER_OPERATIONS  "operations"
#define KIOSK_DEVICE_COUNTER_SUCCEEDED   "succeeded"
#define KIOSK_DEVICE_COUNTER_FAILED      "failed"      /* KIOSK_DEVICE_ERROR domain */
#define KIOSK_DEVICE_COUNTER_USER_ERRORS "user-errors" /* KIOSK_DEVICE_USER_ERROR domain */
#define KIOSK_DEVICE_COUNTER_CANCELLED   "cancelled"
#define KIOSK_DEVICE_COUNTER_BUSY        "busy" /* refused: another operation in flight */
#define KIOSK_DEVICE_COUNTER_TIMEOUTS    "timeouts"

#define KIOSK_TYPE_DEVICE (kiosk_device_get_type ())
G_DECLARE_DERIVABLE_TYPE (KioskDevice, kiosk_device, KIOSK, DEVICE, GObject)

struct _KioskDeviceClass
{
  GObjectClass parent_class;

  /* Metadata, set in class_init by the driver. */
  KioskDeviceKind kind;
  const char *driver;    /* the configuration value: "sam-serial", "pcsc" */
  const char *full_name; /* "SAM serial ID-card reader" */

  /* Operations: called with the operation begun (kiosk-device-driver.h);
   * each must end with kiosk_device_complete_op*(), exactly once. */
  void (*open) (KioskDevice *self);  /* connect and identify; NULL: nothing to do */
  void (*close) (KioskDevice *self); /* release the port; NULL: nothing to do */

  /* Optional: the in-flight operation's cancellable fired (called in the
   * device's main context). The driver stops what it does and completes
   * the operation with G_IO_ERROR_CANCELLED. A driver whose I/O already
   * watches kiosk_device_get_op_cancellable() needs nothing here. */
  void (*cancel) (KioskDevice *self);

  /* Signals. */
  void (*plugged) (KioskDevice *self);
  void (*unplugged) (KioskDevice *self);
  void (*card_placed) (KioskDevice *self);
  void (*card_removed) (KioskDevice *self);

  gpointer padding[8];
};

KioskDeviceKind kiosk_device_get_kind (KioskDevice *self);
const char *kiosk_device_get_driver (KioskDevice *self);
const char *kiosk_device_get_full_name (KioskDevice *self);
/* The configuration name ("idreader") given by the manager. */
const char *kiosk_device_get_name (KioskDevice *self);
/* The configured port or reader name, or NULL. */
const char *kiosk_device_get_port (KioskDevice *self);
gboolean kiosk_device_get_simulated (KioskDevice *self);
gboolean kiosk_device_is_connected (KioskDevice *self);
gboolean kiosk_device_is_card_present (KioskDevice *self);
/* TRUE while an operation is in flight. */
gboolean kiosk_device_is_busy (KioskDevice *self);

/* A snapshot of the status record. Free with kiosk_device_status_free(). */
KioskDeviceStatus *kiosk_device_get_status (KioskDevice *self);

/* Open: connect to the port/reader and identify the device (SAM ID, reader
 * name). Emits "plugged" on success. */
void kiosk_device_open_async (KioskDevice *self,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data);
gboolean kiosk_device_open_finish (KioskDevice *self, GAsyncResult *result, GError **error);

/* Close: release the port/reader. Closing a closed device succeeds. */
void kiosk_device_close_async (KioskDevice *self,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data);
gboolean kiosk_device_close_finish (KioskDevice *self, GAsyncResult *result, GError **error);

/* Central cancellation: cancels the operation in flight, whoever started it
 * (the session ended, the kiosk shuts down). No-op when idle. */
void kiosk_device_cancel (KioskDevice *self);

/* For tools and tests only: run the main context until `result` is set.
 * (`_sync` wrappers are never used by the UI.) */
gboolean kiosk_device_open_sync (KioskDevice *self, GCancellable *cancellable, GError **error);
gboolean kiosk_device_close_sync (KioskDevice *self, GCancellable *cancellable, GError **error);

G_END_DECLS
