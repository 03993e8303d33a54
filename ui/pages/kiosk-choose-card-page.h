/* kiosk-choose-card-page.h — which card is lost? (temporary loss) */
#pragma once

#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_CHOOSE_CARD_PAGE (kiosk_choose_card_page_get_type ())
G_DECLARE_FINAL_TYPE (
    KioskChooseCardPage, kiosk_choose_card_page, KIOSK, CHOOSE_CARD_PAGE, KioskPage)

G_END_DECLS
