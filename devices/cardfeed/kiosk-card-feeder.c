/* kiosk-card-feeder.c — the card transport interface: begins operations, finishes them */
#define G_LOG_DOMAIN "kiosk-cardfeed"

#include "config.h"

#include "kiosk-card-feeder.h"
#include "kiosk-device-driver.h"

G_DEFINE_ABSTRACT_TYPE (KioskCardFeeder, kiosk_card_feeder, KIOSK_TYPE_DEVICE)

static const char *const position_names[] = { "none", "encoder", "printer", "exit" };

const char *
kiosk_card_position_to_string (KioskCardPosition position)
{
  if ((guint) position < G_N_ELEMENTS (position_names))
    return position_names[position];
  return "unknown";
}

gboolean
kiosk_card_position_from_string (const char *text, KioskCardPosition *out_position)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (position_names); i++)
    if (g_strcmp0 (text, position_names[i]) == 0)
      {
        *out_position = (KioskCardPosition) i;
        return TRUE;
      }
  return FALSE;
}

KioskCardFeederState *
kiosk_card_feeder_state_copy (const KioskCardFeederState *state)
{
  return g_memdup2 (state, sizeof *state);
}

void
kiosk_card_feeder_state_free (KioskCardFeederState *state)
{
  g_free (state);
}

gboolean
kiosk_card_feeder_state_card_inside (const KioskCardFeederState *state)
{
  return state != NULL && state->position != KIOSK_CARD_POSITION_NONE;
}

static void
kiosk_card_feeder_class_init (KioskCardFeederClass *klass)
{
  KioskDeviceClass *device_class = KIOSK_DEVICE_CLASS (klass);

  device_class->kind = KIOSK_DEVICE_KIND_CARD_FEEDER;
}

static void
kiosk_card_feeder_init (KioskCardFeeder *self)
{
}

#define BEGIN(self, name, tag, cancellable, callback, user_data)                                   \
  kiosk_device_begin_op (KIOSK_DEVICE (self), name, tag, cancellable, callback, user_data)

void
kiosk_card_feeder_feed_async (KioskCardFeeder *self,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_CARD_FEEDER (self));

  if (!BEGIN (self, "feed", kiosk_card_feeder_feed_async, cancellable, callback, user_data))
    return;
  KIOSK_CARD_FEEDER_GET_CLASS (self)->feed (self);
}

gboolean
kiosk_card_feeder_feed_finish (KioskCardFeeder *self, GAsyncResult *result, GError **error)
{
  return kiosk_device_op_finish_boolean (KIOSK_DEVICE (self), result, kiosk_card_feeder_feed_async,
                                         error);
}

void
kiosk_card_feeder_move_async (KioskCardFeeder *self,
                              KioskCardPosition position,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_CARD_FEEDER (self));

  if (!BEGIN (self, "move", kiosk_card_feeder_move_async, cancellable, callback, user_data))
    return;
  if (position != KIOSK_CARD_POSITION_ENCODER && position != KIOSK_CARD_POSITION_PRINTER)
    {
      kiosk_device_complete_op_boolean (
          KIOSK_DEVICE (self),
          g_error_new (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_SUPPORTED,
                       "A card is moved to the encoder or the printer only, not to “%s”",
                       kiosk_card_position_to_string (position)));
      return;
    }
  KIOSK_CARD_FEEDER_GET_CLASS (self)->move (self, position);
}

gboolean
kiosk_card_feeder_move_finish (KioskCardFeeder *self, GAsyncResult *result, GError **error)
{
  return kiosk_device_op_finish_boolean (KIOSK_DEVICE (self), result, kiosk_card_feeder_move_async,
                                         error);
}

void
kiosk_card_feeder_eject_async (KioskCardFeeder *self,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_CARD_FEEDER (self));

  if (!BEGIN (self, "eject", kiosk_card_feeder_eject_async, cancellable, callback, user_data))
    return;
  KIOSK_CARD_FEEDER_GET_CLASS (self)->eject (self);
}

gboolean
kiosk_card_feeder_eject_finish (KioskCardFeeder *self, GAsyncResult *result, GError **error)
{
  return kiosk_device_op_finish_boolean (KIOSK_DEVICE (self), result, kiosk_card_feeder_eject_async,
                                         error);
}

void
kiosk_card_feeder_reject_async (KioskCardFeeder *self,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_CARD_FEEDER (self));

  if (!BEGIN (self, "reject", kiosk_card_feeder_reject_async, cancellable, callback, user_data))
    return;
  KIOSK_CARD_FEEDER_GET_CLASS (self)->reject (self);
}

gboolean
kiosk_card_feeder_reject_finish (KioskCardFeeder *self, GAsyncResult *result, GError **error)
{
  return kiosk_device_op_finish_boolean (KIOSK_DEVICE (self), result,
                                         kiosk_card_feeder_reject_async, error);
}

void
kiosk_card_feeder_wait_taken_async (KioskCardFeeder *self,
                                    guint timeout_ms,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_CARD_FEEDER (self));

  if (!BEGIN (self, "wait-taken", kiosk_card_feeder_wait_taken_async, cancellable, callback,
              user_data))
    return;
  KIOSK_CARD_FEEDER_GET_CLASS (self)->wait_taken (self, timeout_ms);
}

gboolean
kiosk_card_feeder_wait_taken_finish (KioskCardFeeder *self, GAsyncResult *result, GError **error)
{
  return kiosk_device_op_finish_boolean (KIOSK_DEVICE (self), result,
                                         kiosk_card_feeder_wait_taken_async, error);
}

void
kiosk_card_feeder_query_state_async (KioskCardFeeder *self,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_CARD_FEEDER (self));

  if (!BEGIN (self, "query-state", kiosk_card_feeder_query_state_async, cancellable, callback,
              user_data))
    return;
  KIOSK_CARD_FEEDER_GET_CLASS (self)->query_state (self);
}

KioskCardFeederState *
kiosk_card_feeder_query_state_finish (KioskCardFeeder *self, GAsyncResult *result, GError **error)
{
  return kiosk_device_op_finish (KIOSK_DEVICE (self), result, kiosk_card_feeder_query_state_async,
                                 error);
}

/* ---- sync wrappers, for tools and tests --------------------------------- */

static void
store_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

gboolean
kiosk_card_feeder_feed_sync (KioskCardFeeder *self, GCancellable *cancellable, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  kiosk_card_feeder_feed_async (self, cancellable, store_result_cb, &result);
  kiosk_device_wait_result (&result);
  return kiosk_card_feeder_feed_finish (self, result, error);
}

gboolean
kiosk_card_feeder_move_sync (KioskCardFeeder *self,
                             KioskCardPosition position,
                             GCancellable *cancellable,
                             GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  kiosk_card_feeder_move_async (self, position, cancellable, store_result_cb, &result);
  kiosk_device_wait_result (&result);
  return kiosk_card_feeder_move_finish (self, result, error);
}

gboolean
kiosk_card_feeder_eject_sync (KioskCardFeeder *self, GCancellable *cancellable, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  kiosk_card_feeder_eject_async (self, cancellable, store_result_cb, &result);
  kiosk_device_wait_result (&result);
  return kiosk_card_feeder_eject_finish (self, result, error);
}

gboolean
kiosk_card_feeder_reject_sync (KioskCardFeeder *self, GCancellable *cancellable, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  kiosk_card_feeder_reject_async (self, cancellable, store_result_cb, &result);
  kiosk_device_wait_result (&result);
  return kiosk_card_feeder_reject_finish (self, result, error);
}

KioskCardFeederState *
kiosk_card_feeder_query_state_sync (KioskCardFeeder *self,
                                    GCancellable *cancellable,
                                    GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  kiosk_card_feeder_query_state_async (self, cancellable, store_result_cb, &result);
  kiosk_device_wait_result (&result);
  return kiosk_card_feeder_query_state_finish (self, result, error);
}
