/* kiosk-failed-page.h — something broke: what it means for the citizen and what to do */
#pragma once

#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_FAILED_PAGE (kiosk_failed_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskFailedPage, kiosk_failed_page, KIOSK, FAILED_PAGE, KioskPage)

G_END_DECLS
