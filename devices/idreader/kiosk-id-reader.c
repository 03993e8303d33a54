/* kiosk-id-reader.c — the ID-card reader interface: begins each operation
 * through the KioskDevice gate and hands it to the driver */
#define G_LOG_DOMAIN "kiosk-idreader"

#include "config.h"

#include "kiosk-device-driver.h"
#include "kiosk-id-reader.h"

G_DEFINE_ABSTRACT_TYPE (KioskIdReader, kiosk_id_reader, KIOSK_TYPE_DEVICE)

static void
kiosk_id_reader_class_init (KioskIdReaderClass *klass)
{
  KIOSK_DEVICE_CLASS (klass)->kind = KIOSK_DEVICE_KIND_ID_READER;
}

static void
kiosk_id_reader_init (KioskIdReader *self)
{
}

void
kiosk_id_reader_read_card_async (KioskIdReader *self,
                                 KioskIdReadFlags flags,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_ID_READER (self));

  if (!kiosk_device_begin_op (KIOSK_DEVICE (self), "read-card", kiosk_id_reader_read_card_async,
                              cancellable, callback, user_data))
    return;
  KIOSK_ID_READER_GET_CLASS (self)->read_card (self, flags);
}

KioskIdCardData *
kiosk_id_reader_read_card_finish (KioskIdReader *self, GAsyncResult *result, GError **error)
{
  return kiosk_device_op_finish (KIOSK_DEVICE (self), result, kiosk_id_reader_read_card_async,
                                 error);
}

void
kiosk_id_reader_wait_for_card_async (KioskIdReader *self,
                                     guint timeout_ms,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_ID_READER (self));

  if (!kiosk_device_begin_op (KIOSK_DEVICE (self), "wait-for-card",
                              kiosk_id_reader_wait_for_card_async, cancellable, callback,
                              user_data))
    return;
  KIOSK_ID_READER_GET_CLASS (self)->wait_for_card (self, timeout_ms);
}

gboolean
kiosk_id_reader_wait_for_card_finish (KioskIdReader *self, GAsyncResult *result, GError **error)
{
  return kiosk_device_op_finish_boolean (KIOSK_DEVICE (self), result,
                                         kiosk_id_reader_wait_for_card_async, error);
}

void
kiosk_id_reader_set_polling (KioskIdReader *self, gboolean enabled)
{
  KioskIdReaderClass *klass;

  g_return_if_fail (KIOSK_IS_ID_READER (self));
  klass = KIOSK_ID_READER_GET_CLASS (self);
  if (klass->set_polling != NULL)
    klass->set_polling (self, enabled);
}

const char *
kiosk_id_reader_get_sam_id (KioskIdReader *self)
{
  g_autoptr (KioskDeviceStatus) status = NULL;

  g_return_val_if_fail (KIOSK_IS_ID_READER (self), NULL);
  status = kiosk_device_get_status (KIOSK_DEVICE (self));
  return status->identity ? g_intern_string (status->identity) : NULL;
}

static void
store_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

KioskIdCardData *
kiosk_id_reader_read_card_sync (KioskIdReader *self,
                                KioskIdReadFlags flags,
                                GCancellable *cancellable,
                                GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  kiosk_id_reader_read_card_async (self, flags, cancellable, store_result_cb, &result);
  kiosk_device_wait_result (&result);
  return kiosk_id_reader_read_card_finish (self, result, error);
}

gboolean
kiosk_id_reader_wait_for_card_sync (KioskIdReader *self,
                                    guint timeout_ms,
                                    GCancellable *cancellable,
                                    GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  kiosk_id_reader_wait_for_card_async (self, timeout_ms, cancellable, store_result_cb, &result);
  kiosk_device_wait_result (&result);
  return kiosk_id_reader_wait_for_card_finish (self, result, error);
}
