/* kiosk-bank-chooser.h — the seven co-branded banks as large buttons (R5)
 *
 * Exactly one can be chosen: touching a bank activates
 * app.choose-bank('<key>'), and the page marks what the flow accepted.
 */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-catalog.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_BANK_CHOOSER (kiosk_bank_chooser_get_type ())
G_DECLARE_FINAL_TYPE (KioskBankChooser, kiosk_bank_chooser, KIOSK, BANK_CHOOSER, GtkWidget)

/* One button per bank of the catalog, in its order. */
void kiosk_bank_chooser_set_catalog (KioskBankChooser *self, const KioskCatalog *catalog);
/* Marks the chosen bank (key; NULL: none). */
void kiosk_bank_chooser_set_selected (KioskBankChooser *self, const char *bank_key);
const char *kiosk_bank_chooser_get_selected (KioskBankChooser *self);
/* Narrow screens take two columns, wide ones four. */
void kiosk_bank_chooser_set_columns (KioskBankChooser *self, guint columns);

G_END_DECLS
