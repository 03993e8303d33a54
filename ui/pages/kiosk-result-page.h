/* kiosk-result-page.h — the answer of a progress query (R16): where the card
 * is and where to pick it up */
#pragma once

#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_RESULT_PAGE (kiosk_result_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskResultPage, kiosk_result_page, KIOSK, RESULT_PAGE, KioskPage)

G_END_DECLS
