/* kiosk-card-feeder.h — the card transport: hopper → chip encoder → print → exit
 *
 * A KioskDevice of kind KIOSK_DEVICE_KIND_CARD_FEEDER: the mechanics of an
 * issuing kiosk's card path. It feeds a blank card from the hopper to the
 * chip-encoder station (where the chip reader reaches it), moves it to the
 * print station and back, ejects it to the citizen's slot or rejects it into
 * the reject bin. It knows where a card is (`card_inside`), how many blanks
 * the hopper holds, and keeps physical counters (fed, ejected, rejected,
 * taken) that survive a restart, as a real transport's do: the issuance
 * journal is checked against them (ISSUANCE.md, "every blank card is
 * accounted").
 *
 * Errors: KIOSK_DEVICE_ERROR_FAILED with a message naming the condition
 * (hopper empty, jam, a card already in the path, no card to move),
 * _TIMEOUT, _NOT_CONNECTED, _BUSY; G_IO_ERROR_CANCELLED.
 */
#pragma once

#include "kiosk-device.h"

G_BEGIN_DECLS

typedef enum
{
  KIOSK_CARD_POSITION_NONE,    /* no card in the path */
  KIOSK_CARD_POSITION_ENCODER, /* at the chip-encoder station: the chip reader sees it */
  KIOSK_CARD_POSITION_PRINTER, /* at the print station */
  KIOSK_CARD_POSITION_EXIT,    /* in the slot, held for the citizen to take */
} KioskCardPosition;

/* "none", "encoder", "printer", "exit" — and back. */
const char *kiosk_card_position_to_string (KioskCardPosition position);
gboolean kiosk_card_position_from_string (const char *text, KioskCardPosition *out_position);

/* What the transport reports about itself. */
typedef struct
{
  KioskCardPosition position;
  gboolean jammed;
  guint hopper_level; /* blank cards left in the hopper */
  guint64 fed;        /* cards ever fed from the hopper */
  guint64 ejected;    /* cards ever ejected to the slot */
  guint64 taken;      /* ejected cards the citizen took */
  guint64 rejected;   /* cards ever moved to the reject bin */
} KioskCardFeederState;

KioskCardFeederState *kiosk_card_feeder_state_copy (const KioskCardFeederState *state);
void kiosk_card_feeder_state_free (KioskCardFeederState *state);
/* A card is somewhere between the hopper and the slot (also in the slot). */
gboolean kiosk_card_feeder_state_card_inside (const KioskCardFeederState *state);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskCardFeederState, kiosk_card_feeder_state_free)

/* Counters of the status record, besides the standard ones. */
#define KIOSK_CARD_FEEDER_COUNTER_FED      "cards-fed"
#define KIOSK_CARD_FEEDER_COUNTER_EJECTED  "cards-ejected"
#define KIOSK_CARD_FEEDER_COUNTER_REJECTED "cards-rejected"

#define KIOSK_TYPE_CARD_FEEDER (kiosk_card_feeder_get_type ())
G_DECLARE_DERIVABLE_TYPE (KioskCardFeeder, kiosk_card_feeder, KIOSK, CARD_FEEDER, KioskDevice)

struct _KioskCardFeederClass
{
  KioskDeviceClass parent_class;

  /* Operations, begun by the interface; each completes with
   * kiosk_device_complete_op*(). */
  void (*feed) (KioskCardFeeder *self);                             /* → TRUE */
  void (*move) (KioskCardFeeder *self, KioskCardPosition position); /* → TRUE */
  void (*eject) (KioskCardFeeder *self);                            /* → TRUE */
  void (*reject) (KioskCardFeeder *self);                           /* → TRUE */
  void (*query_state) (KioskCardFeeder *self);                      /* → KioskCardFeederState* */
  /* Completes when the slot is empty (the citizen took the card). */
  void (*wait_taken) (KioskCardFeeder *self, guint timeout_ms); /* → TRUE */

  gpointer padding[8];
};

/* Hopper → encoder station. Fails when the hopper is empty or a card is
 * already in the path. */
void kiosk_card_feeder_feed_async (KioskCardFeeder *self,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data);
gboolean
kiosk_card_feeder_feed_finish (KioskCardFeeder *self, GAsyncResult *result, GError **error);

/* Moves the card in the path to ENCODER or PRINTER. */
void kiosk_card_feeder_move_async (KioskCardFeeder *self,
                                   KioskCardPosition position,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data);
gboolean
kiosk_card_feeder_move_finish (KioskCardFeeder *self, GAsyncResult *result, GError **error);

/* The card → the slot (EXIT), held there for the citizen. */
void kiosk_card_feeder_eject_async (KioskCardFeeder *self,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data);
gboolean
kiosk_card_feeder_eject_finish (KioskCardFeeder *self, GAsyncResult *result, GError **error);

/* The card (wherever it is in the path, also in the slot) → the reject bin. */
void kiosk_card_feeder_reject_async (KioskCardFeeder *self,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data);
gboolean
kiosk_card_feeder_reject_finish (KioskCardFeeder *self, GAsyncResult *result, GError **error);

/* Completes when the slot is empty; KIOSK_DEVICE_ERROR_TIMEOUT after
 * `timeout_ms` (0: until cancelled). */
void kiosk_card_feeder_wait_taken_async (KioskCardFeeder *self,
                                         guint timeout_ms,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data);
gboolean
kiosk_card_feeder_wait_taken_finish (KioskCardFeeder *self, GAsyncResult *result, GError **error);

/* Asks the transport where the card is and what its counters say. */
void kiosk_card_feeder_query_state_async (KioskCardFeeder *self,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data);
KioskCardFeederState *
kiosk_card_feeder_query_state_finish (KioskCardFeeder *self, GAsyncResult *result, GError **error);

/* For tools and tests. */
gboolean
kiosk_card_feeder_feed_sync (KioskCardFeeder *self, GCancellable *cancellable, GError **error);
gboolean kiosk_card_feeder_move_sync (KioskCardFeeder *self,
                                      KioskCardPosition position,
                                      GCancellable *cancellable,
                                      GError **error);
gboolean
kiosk_card_feeder_eject_sync (KioskCardFeeder *self, GCancellable *cancellable, GError **error);
gboolean
kiosk_card_feeder_reject_sync (KioskCardFeeder *self, GCancellable *cancellable, GError **error);
KioskCardFeederState *kiosk_card_feeder_query_state_sync (KioskCardFeeder *self,
                                                          GCancellable *cancellable,
                                                          GError **error);

G_END_DECLS
