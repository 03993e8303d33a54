/* kiosk-card-stock.h — the technician's view of the blank-card stock
 *
 * On top of the store's stock (kiosk-store.h: batches, every card's state,
 * counts by GROUP BY), what a technician does with physical cards:
 *
 *   - load a batch (count + first serial: the store's call); while no card
 *     has left the stock yet, the card transport's counters are recorded as
 *     the baseline of later reconciliations (setting
 *     "technician.cardfeed_baseline"), since a transport's counters count
 *     from its manufacture, not from our first card;
 *   - mark a physical card spoiled with a reason: a damaged blank taken out
 *     of the hopper by hand (journaled as a "technician-spoil" session, so
 *     every card out of stock still belongs to a session), or an uncertain
 *     card found spoiled (the store's confirmation). A card of an open
 *     session is refused: recovery settles it;
 *   - confirm an uncertain card as issued;
 *   - reconcile the stock with the transport's own counters and list every
 *     difference (kiosk_stock_reconcile_compute() is the pure comparison).
 *
 * Every call is synchronous and quick (store calls only); the transport's
 * state is passed in by the caller, who queried the device.
 */
#pragma once

#include <glib.h>

#include "kiosk-card-feeder.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

#define KIOSK_CARD_STOCK_BASELINE_SETTING "technician.cardfeed_baseline"
/* Journal services of the technician's cards. */
#define KIOSK_CARD_STOCK_SERVICE_REMOVED "technician-spoil"     /* taken out by hand, never fed */
#define KIOSK_CARD_STOCK_SERVICE_TEST    "technician-test-card" /* fed, printed, rejected */

/* After a batch was loaded (kiosk_store_stock_load_batch, audited
 * "stock.load"): while no card has left the stock yet and no baseline is
 * recorded, records `transport`'s counters as the baseline of later
 * reconciliations (a setting, audited "setting.set"). `recorded` (may be
 * NULL) says whether it did. */
gboolean kiosk_card_stock_record_baseline (KioskStore *store,
                                           const KioskCardFeederState *transport,
                                           const char *actor,
                                           gboolean *recorded,
                                           GError **error);

/* A physical card is spoiled: in stock → spoiled (a "technician-spoil"
 * session with one outcome, audited "stock.spoil"), uncertain → spoiled
 * (kiosk_store_stock_confirm, audited "stock.confirm"). A card in the
 * machine, issued or already spoiled is refused with KIOSK_STORE_ERROR_STATE
 * and a message saying what to do; nothing is written then. `reason` is
 * required (1…200 bytes). */
gboolean kiosk_card_stock_spoil (
    KioskStore *store, const char *serial, const char *reason, const char *actor, GError **error);

/* An uncertain card was handed out after all (the citizen has it). */
gboolean kiosk_card_stock_confirm_issued (
    KioskStore *store, const char *serial, const char *reason, const char *actor, GError **error);

/* One loaded batch, derived from its cards. */
typedef struct
{
  gint64 id;
  char *first_serial;
  char *last_serial;
  gint64 count;
  gint64 counts[KIOSK_CARD_N_STATES];
} KioskStockBatch;

void kiosk_stock_batch_free (KioskStockBatch *batch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskStockBatch, kiosk_stock_batch_free)

/* The batches in load order (array of KioskStockBatch). */
GPtrArray *kiosk_card_stock_list_batches (KioskStore *store, GError **error);

/* The transport counters recorded at the first load, or zeros. A garbage
 * setting is an error (KIOSK_STORE_ERROR_INVALID) naming the setting. */
gboolean
kiosk_card_stock_get_baseline (KioskStore *store, KioskCardFeederState *baseline, GError **error);

/* ---- reconciliation -------------------------------------------------------- */

typedef struct
{
  const char *key;   /* "hopper", "fed", "rejected", "ejected", "in-path", "uncertain", "jam" */
  const char *label; /* Chinese, for the technician pages */
  gint64 stock;      /* what the stock says should be */
  gint64 transport;  /* what the transport counts (since the baseline); -1: not counted there */
  gboolean ok;
  char *note; /* Chinese and English: what the difference means and what to do; NULL when ok */
} KioskStockReconcileLine;

typedef struct
{
  gboolean balanced; /* every line ok */
  gint64 counts[KIOSK_CARD_N_STATES];
  gint64 removed_by_hand; /* spoiled cards that never left the hopper through the transport */
  KioskCardFeederState transport;
  KioskCardFeederState baseline;
  GPtrArray *lines; /* KioskStockReconcileLine, in a fixed order */
} KioskStockReconciliation;

void kiosk_stock_reconciliation_free (KioskStockReconciliation *reconciliation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskStockReconciliation, kiosk_stock_reconciliation_free)

/* The comparison itself, pure:
 *   hopper    cards in stock            = blank cards in the hopper
 *   fed       cards out of stock − removed by hand = fed − baseline
 *   rejected  spoiled − removed by hand = rejected − baseline
 *   ejected   issued (+ up to the uncertain cards) = ejected − baseline
 *   in-path   cards in the machine      = a card at the encoder or print station
 *   uncertain none waits for a technician's confirmation
 *   jam       the transport is not jammed */
KioskStockReconciliation *kiosk_stock_reconcile_compute (const gint64 counts[KIOSK_CARD_N_STATES],
                                                         gint64 removed_by_hand,
                                                         const KioskCardFeederState *transport,
                                                         const KioskCardFeederState *baseline);

/* Reads the stock and the baseline and compares them with `transport`.
 * With `actor`, audits "stock.reconcile" with the verdict and every
 * difference. */
KioskStockReconciliation *kiosk_card_stock_reconcile (KioskStore *store,
                                                      const KioskCardFeederState *transport,
                                                      const char *actor,
                                                      GError **error);

/* "balanced" or "hopper: stock 19, transport 20; …" (one line). */
char *kiosk_stock_reconciliation_summary (const KioskStockReconciliation *reconciliation);

G_END_DECLS
