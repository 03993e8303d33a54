/* kiosk-id-reader.h — the ID-card reader interface
 *
 * A KioskDevice of kind KIOSK_DEVICE_KIND_ID_READER. The flows use only this
 * header: wait for a card, read it, learn when it is taken away. Drivers
 * (kiosk-sam-serial.c) implement the class functions with the contract of
 * kiosk-device-driver.h.
 *
 * Presence: with polling on (kiosk_id_reader_set_polling()), the driver
 * probes the reader at its allowed interval between operations and emits
 * "card-placed" / "card-removed" (KioskDevice signals).
 */
#pragma once

#include "kiosk-device.h"
#include "kiosk-id-card-data.h"

G_BEGIN_DECLS

typedef enum
{
  KIOSK_ID_READ_NONE = 0,
  KIOSK_ID_READ_FINGERPRINT = 1 << 0, /* 30 10: also read the fingerprint block */
} KioskIdReadFlags;

#define KIOSK_TYPE_ID_READER (kiosk_id_reader_get_type ())
G_DECLARE_DERIVABLE_TYPE (KioskIdReader, kiosk_id_reader, KIOSK, ID_READER, KioskDevice)

struct _KioskIdReaderClass
{
  KioskDeviceClass parent_class;

  /* Operations (begun by the interface; complete with kiosk_device_complete_op). */
  void (*read_card) (KioskIdReader *self, KioskIdReadFlags flags); /* → KioskIdCardData* */
  void (*wait_for_card) (KioskIdReader *self, guint timeout_ms);   /* → TRUE */

  /* Not an operation: switches background presence polling. */
  void (*set_polling) (KioskIdReader *self, gboolean enabled);

  gpointer padding[8];
};

/* Finds, selects and reads the card on the reader. Errors: NO_CARD,
 * PLACE_FLAT, CARD_REMOVED, UNREADABLE_CARD (user); TIMEOUT, PROTOCOL,
 * NOT_CONNECTED, BUSY (device). The photo is decoded when a WLT library is
 * configured; otherwise data->photo_bmp is NULL (photo unavailable). */
void kiosk_id_reader_read_card_async (KioskIdReader *self,
                                      KioskIdReadFlags flags,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
KioskIdCardData *
kiosk_id_reader_read_card_finish (KioskIdReader *self, GAsyncResult *result, GError **error);

/* Completes when a card lies on the reader (at once if one does), polling at
 * the reader's interval; KIOSK_DEVICE_USER_ERROR_NO_CARD after `timeout_ms`
 * (0: wait until cancelled). */
void kiosk_id_reader_wait_for_card_async (KioskIdReader *self,
                                          guint timeout_ms,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data);
gboolean
kiosk_id_reader_wait_for_card_finish (KioskIdReader *self, GAsyncResult *result, GError **error);

void kiosk_id_reader_set_polling (KioskIdReader *self, gboolean enabled);

/* The SAM ID read at open ("05.01-20101012-0083436398-2405393456"), or NULL. */
const char *kiosk_id_reader_get_sam_id (KioskIdReader *self);

/* For tools and tests. */
KioskIdCardData *kiosk_id_reader_read_card_sync (KioskIdReader *self,
                                                 KioskIdReadFlags flags,
                                                 GCancellable *cancellable,
                                                 GError **error);
gboolean kiosk_id_reader_wait_for_card_sync (KioskIdReader *self,
                                             guint timeout_ms,
                                             GCancellable *cancellable,
                                             GError **error);

G_END_DECLS
