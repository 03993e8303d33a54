/* kiosk-confirm-page.h — one question, its warning, and 确认 */
#pragma once

#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_CONFIRM_PAGE (kiosk_confirm_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskConfirmPage, kiosk_confirm_page, KIOSK, CONFIRM_PAGE, KioskPage)

G_END_DECLS
