/* kiosk-done-page.h — finished: what was done, the receipt with its QR code,
 * and where to take the receipt */
#pragma once

#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_DONE_PAGE (kiosk_done_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskDonePage, kiosk_done_page, KIOSK, DONE_PAGE, KioskPage)

G_END_DECLS
