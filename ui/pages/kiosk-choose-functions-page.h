/* kiosk-choose-functions-page.h — formal loss of the social, the financial
 * function, or both (R8), and that there is no unblock afterwards (R9) */
#pragma once

#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_CHOOSE_FUNCTIONS_PAGE (kiosk_choose_functions_page_get_type ())
G_DECLARE_FINAL_TYPE (
    KioskChooseFunctionsPage, kiosk_choose_functions_page, KIOSK, CHOOSE_FUNCTIONS_PAGE, KioskPage)

G_END_DECLS
