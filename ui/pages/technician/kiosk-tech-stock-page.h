/* kiosk-tech-stock-page.h — the blank-card stock: load, spoil, confirm, reconcile
 *
 * The counts (in stock, in the machine, issued, spoiled, uncertain), the
 * batches and the uncertain cards; a batch is loaded with its first serial
 * and count (app.technician-stock-load), a physical card marked spoiled
 * (app.technician-stock-spoil) or an uncertain card confirmed as handed out
 * (app.technician-stock-confirm) with a reason, and 对账 compares the stock
 * with the card transport's counters (app.technician-reconcile), listing
 * every difference.
 *
 * Every field is typed by touch: a tap (or app.technician-field('NAME'),
 * NAME load-serial, load-count, card-serial or card-reason) opens the
 * on-screen keyboard under the page (KioskTechTextEditor), whose keys come
 * as app.technician-key; the reason can also be a preset button
 * (app.technician-reason('卡面污损'), 芯片损坏, 卡角弯折, 打印不清, 其他).
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

/* Opens the keyboard for a field; FALSE (G_IO_ERROR_INVALID_ARGUMENT) for an unknown name. */
gboolean
kiosk_tech_stock_page_edit_field (KioskTechStockPage *self, const char *name, GError **error);
/* One key for the field being edited (kiosk_tech_text_editor_key()). */
gboolean kiosk_tech_stock_page_key (KioskTechStockPage *self, const char *key, GError **error);
/* A field's text (NULL: no such field), and the field being edited ("": none). */
const char *kiosk_tech_stock_page_get_field (KioskTechStockPage *self, const char *name);
const char *kiosk_tech_stock_page_get_editing (KioskTechStockPage *self);
/* Fills the reason with a preset; anything else is refused. */
gboolean
kiosk_tech_stock_page_set_reason (KioskTechStockPage *self, const char *reason, GError **error);

G_END_DECLS
