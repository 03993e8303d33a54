/* kiosk-id-number-page.h — place the ID card, or type the ID number (progress query) */
#pragma once

#include "kiosk-keypad.h"
#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_ID_NUMBER_PAGE (kiosk_id_number_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskIdNumberPage, kiosk_id_number_page, KIOSK, ID_NUMBER_PAGE, KioskPage)

KioskKeypad *kiosk_id_number_page_get_keypad (KioskIdNumberPage *self);

G_END_DECLS
