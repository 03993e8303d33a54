/* kiosk-device-driver.h — the contract between KioskDevice and its drivers
 *
 * For driver and interface implementations only (like libfprint's
 * fpi-device.h); users of devices include kiosk-device.h.
 *
 * An interface's public `_async` function begins an operation:
 *
 *   if (!kiosk_device_begin_op (dev, "read-card", my_read_async, cancellable,
 *                               callback, user_data))
 *     return;                        // already failed: BUSY / NOT_CONNECTED
 *   KIOSK_ID_READER_GET_CLASS (self)->read_card (self);
 *
 * and the driver ends it, exactly once, from any callback in the device's
 * main context:
 *
 *   kiosk_device_complete_op (dev, data, (GDestroyNotify) free_data, NULL);
 *   kiosk_device_complete_op (dev, NULL, NULL, error);   // takes `error`
 *
 * The base class then frees the gate (so the caller's callback may start the
 * next operation), updates counters and the last error, and returns the
 * result. The `_finish` function is one line:
 *
 *   return kiosk_device_op_finish (dev, result, my_read_async, error);
 *
 * Cancellation is central: kiosk_device_get_op_cancellable() is a cancellable
 * owned by the device that fires when the caller's cancellable fires or when
 * kiosk_device_cancel() is called; drivers pass it to their I/O.
 */
#pragma once

#include "kiosk-device.h"

G_BEGIN_DECLS

/* Options of kiosk_device_begin_op_full(). */
typedef enum
{
  KIOSK_DEVICE_OP_NONE = 0,
  KIOSK_DEVICE_OP_NEEDS_CONNECTED = 1 << 0, /* fail with NOT_CONNECTED if not connected */
} KioskDeviceOpFlags;

/* Begins an operation with KIOSK_DEVICE_OP_NEEDS_CONNECTED. Returns FALSE
 * if it could not begin; the callback then receives the error (BUSY,
 * NOT_CONNECTED or CANCELLED) from an idle, and the caller must return. */
gboolean kiosk_device_begin_op (KioskDevice *self,
                                const char *op_name,
                                gpointer source_tag,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data);
gboolean kiosk_device_begin_op_full (KioskDevice *self,
                                     const char *op_name,
                                     gpointer source_tag,
                                     KioskDeviceOpFlags flags,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data);

/* The in-flight operation's name ("read-card") and source tag, or NULL. */
const char *kiosk_device_get_op_name (KioskDevice *self);
gpointer kiosk_device_get_op_tag (KioskDevice *self);
/* Fires when the operation is cancelled by anyone; NULL when idle. */
GCancellable *kiosk_device_get_op_cancellable (KioskDevice *self);
/* Per-operation driver data (parameters of the call); freed at completion. */
void kiosk_device_set_op_data (KioskDevice *self, gpointer data, GDestroyNotify destroy);
gpointer kiosk_device_get_op_data (KioskDevice *self);

/* Ends the in-flight operation: with `error` (taken) or with `result`
 * (taken, freed with `result_free` if nobody finishes it). */
void kiosk_device_complete_op (KioskDevice *self,
                               gpointer result,
                               GDestroyNotify result_free,
                               GError *error);
/* Ends it with TRUE, or FALSE and `error` (taken) when error != NULL. */
void kiosk_device_complete_op_boolean (KioskDevice *self, GError *error);

gpointer kiosk_device_op_finish (KioskDevice *self,
                                 GAsyncResult *result,
                                 gpointer source_tag,
                                 GError **error);
gboolean kiosk_device_op_finish_boolean (KioskDevice *self,
                                         GAsyncResult *result,
                                         gpointer source_tag,
                                         GError **error);

/* State changes, reported by the driver; each emits its signal only when the
 * state actually changes. Disconnecting (unplugged, or closed) also clears
 * card presence; the driver itself completes an operation the loss of the
 * line interrupted, with KIOSK_DEVICE_ERROR_NOT_CONNECTED. */
void kiosk_device_set_connected (KioskDevice *self, gboolean connected);
void kiosk_device_set_card_present (KioskDevice *self, gboolean present);

void kiosk_device_set_model (KioskDevice *self, const char *model);
void kiosk_device_set_identity (KioskDevice *self, const char *identity);

/* Diagnostics: a named counter (see KIOSK_DEVICE_COUNTER_*), and an error
 * that did not end an operation (background polling). Never pass personal
 * data in either. */
void kiosk_device_count (KioskDevice *self, const char *counter, guint64 delta);
void kiosk_device_record_error (KioskDevice *self, const GError *error);

/* Runs the thread-default main context until *result is set: the `_sync`
 * helper for tools and tests. */
void kiosk_device_wait_result (GAsyncResult **result);

G_END_DECLS
