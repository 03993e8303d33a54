/* kiosk-tech-stock-page.h — the blank-card stock: load, spoil, confirm, reconcile
 *
 * The counts (in stock, in the machine, issued, spoiled, uncertain), the
 * batches and the uncertain cards; a batch is loaded with its first serial
 * and count (app.technician-stock-load), a physical card marked spoiled
 * (app.technician-stock-spoil) or an uncertain card confirmed as handed out
 * (app.technician-stock-confirm) with a reason, and 对账 compares the stock
 * with the card transport's counters (app.technician-reconcile), listing
 * every difference.
 */
#pragma once

#include "kiosk-card-stock.h"
#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_TECH_STOCK_PAGE (kiosk_tech_stock_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskTechStockPage, kiosk_tech_stock_page, KIOSK, TECH_STOCK_PAGE, KioskPage)

void kiosk_tech_stock_page_set_counts (KioskTechStockPage *self,
                                       const gint64 counts[KIOSK_CARD_N_STATES]);
/* KioskStockBatch, and the uncertain cards (KioskStockCard); NULL: none. */
void kiosk_tech_stock_page_set_batches (KioskTechStockPage *self, GPtrArray *batches);
void kiosk_tech_stock_page_set_uncertain (KioskTechStockPage *self, GPtrArray *cards);
/* The outcome of 对账 (NULL with `message`: it could not be done). */
void kiosk_tech_stock_page_set_reconciliation (KioskTechStockPage *self,
                                               const KioskStockReconciliation *reconciliation,
                                               const char *message);
/* What the last action said, under the forms. */
void kiosk_tech_stock_page_set_message (KioskTechStockPage *self, const char *message);

G_END_DECLS
