/* kiosk-chip-reader.c — the chip reader interface: begins operations, finishes them */
#define G_LOG_DOMAIN "kiosk-chip"

#include "config.h"

#include <string.h>

#include "kiosk-chip-reader.h"
#include "kiosk-device-driver.h"

G_DEFINE_ABSTRACT_TYPE (KioskChipReader, kiosk_chip_reader, KIOSK_TYPE_DEVICE)

static void
kiosk_chip_reader_class_init (KioskChipReaderClass *klass)
{
  KioskDeviceClass *device_class = KIOSK_DEVICE_CLASS (klass);

  device_class->kind = KIOSK_DEVICE_KIND_CHIP_READER;
}

static void
kiosk_chip_reader_init (KioskChipReader *self)
{
}

void
kiosk_chip_reader_wait_for_card_async (KioskChipReader *self,
                                       guint timeout_ms,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_CHIP_READER (self));

  if (!kiosk_device_begin_op (KIOSK_DEVICE (self), "wait-for-card",
                              kiosk_chip_reader_wait_for_card_async, cancellable, callback,
                              user_data))
    return;
  KIOSK_CHIP_READER_GET_CLASS (self)->wait_for_card (self, timeout_ms);
}

gboolean
kiosk_chip_reader_wait_for_card_finish (KioskChipReader *self, GAsyncResult *result, GError **error)
{
  return kiosk_device_op_finish_boolean (KIOSK_DEVICE (self), result,
                                         kiosk_chip_reader_wait_for_card_async, error);
}

void
kiosk_chip_reader_read_ssc_async (KioskChipReader *self,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_CHIP_READER (self));

  if (!kiosk_device_begin_op (KIOSK_DEVICE (self), "read-ssc", kiosk_chip_reader_read_ssc_async,
                              cancellable, callback, user_data))
    return;
  KIOSK_CHIP_READER_GET_CLASS (self)->read_ssc (self);
}

KioskSscCardData *
kiosk_chip_reader_read_ssc_finish (KioskChipReader *self, GAsyncResult *result, GError **error)
{
  return kiosk_device_op_finish (KIOSK_DEVICE (self), result, kiosk_chip_reader_read_ssc_async,
                                 error);
}

void
kiosk_chip_reader_run_script_async (KioskChipReader *self,
                                    const KioskChipScript *script,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data)
{
  KioskChipScript *copy;

  g_return_if_fail (KIOSK_IS_CHIP_READER (self));
  g_return_if_fail (script != NULL);

  if (!kiosk_device_begin_op (KIOSK_DEVICE (self), "run-script", kiosk_chip_reader_run_script_async,
                              cancellable, callback, user_data))
    return;
  copy = kiosk_chip_script_copy (script);
  kiosk_device_set_op_data (KIOSK_DEVICE (self), copy, (GDestroyNotify) kiosk_chip_script_free);
  KIOSK_CHIP_READER_GET_CLASS (self)->run_script (self, copy);
}

gboolean
kiosk_chip_reader_run_script_finish (KioskChipReader *self,
                                     GAsyncResult *result,
                                     KioskChipScriptOutcome **outcome,
                                     GError **error)
{
  g_autoptr (KioskChipScriptOutcome) done = NULL;
  gboolean ok;

  if (outcome != NULL)
    *outcome = NULL;
  done = kiosk_device_op_finish (KIOSK_DEVICE (self), result, kiosk_chip_reader_run_script_async,
                                 error);
  if (done == NULL)
    return FALSE;
  ok = kiosk_chip_script_outcome_succeeded (done);
  if (!ok)
    {
      if (done->error != NULL)
        g_propagate_error (error, g_error_copy (done->error));
      else
        g_set_error_literal (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED,
                             "The personalisation script did not run to its end");
    }
  if (outcome != NULL)
    *outcome = g_steal_pointer (&done);
  return ok;
}

static void
wipe_pin (gpointer data)
{
  char *pin = data;

  explicit_bzero (pin, strlen (pin));
  g_free (pin);
}

void
kiosk_chip_reader_verify_pin_async (KioskChipReader *self,
                                    const char *pin,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data)
{
  char *copy;

  g_return_if_fail (KIOSK_IS_CHIP_READER (self));
  g_return_if_fail (pin != NULL);

  if (!kiosk_device_begin_op (KIOSK_DEVICE (self), "verify-pin", kiosk_chip_reader_verify_pin_async,
                              cancellable, callback, user_data))
    return;
  copy = g_strdup (pin);
  kiosk_device_set_op_data (KIOSK_DEVICE (self), copy, wipe_pin);
  KIOSK_CHIP_READER_GET_CLASS (self)->verify_pin (self, copy);
}

gboolean
kiosk_chip_reader_verify_pin_finish (KioskChipReader *self, GAsyncResult *result, GError **error)
{
  return kiosk_device_op_finish_boolean (KIOSK_DEVICE (self), result,
                                         kiosk_chip_reader_verify_pin_async, error);
}

/* ---- _sync, for tools and tests ---------------------------------------------- */

static void
store_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

gboolean
kiosk_chip_reader_wait_for_card_sync (KioskChipReader *self,
                                      guint timeout_ms,
                                      GCancellable *cancellable,
                                      GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  kiosk_chip_reader_wait_for_card_async (self, timeout_ms, cancellable, store_result_cb, &result);
  kiosk_device_wait_result (&result);
  return kiosk_chip_reader_wait_for_card_finish (self, result, error);
}

KioskSscCardData *
kiosk_chip_reader_read_ssc_sync (KioskChipReader *self, GCancellable *cancellable, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  kiosk_chip_reader_read_ssc_async (self, cancellable, store_result_cb, &result);
  kiosk_device_wait_result (&result);
  return kiosk_chip_reader_read_ssc_finish (self, result, error);
}

gboolean
kiosk_chip_reader_run_script_sync (KioskChipReader *self,
                                   const KioskChipScript *script,
                                   KioskChipScriptOutcome **outcome,
                                   GCancellable *cancellable,
                                   GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  kiosk_chip_reader_run_script_async (self, script, cancellable, store_result_cb, &result);
  kiosk_device_wait_result (&result);
  return kiosk_chip_reader_run_script_finish (self, result, outcome, error);
}

gboolean
kiosk_chip_reader_verify_pin_sync (KioskChipReader *self,
                                   const char *pin,
                                   GCancellable *cancellable,
                                   GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  kiosk_chip_reader_verify_pin_async (self, pin, cancellable, store_result_cb, &result);
  kiosk_device_wait_result (&result);
  return kiosk_chip_reader_verify_pin_finish (self, result, error);
}
