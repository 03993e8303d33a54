/* kiosk-bank-page.h — choose exactly one co-branded bank (R5) */
#pragma once

#include "kiosk-bank-chooser.h"
#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_BANK_PAGE (kiosk_bank_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskBankPage, kiosk_bank_page, KIOSK, BANK_PAGE, KioskPage)

KioskBankChooser *kiosk_bank_page_get_chooser (KioskBankPage *self);

G_END_DECLS
