/* kiosk-production-page.h — the card is being made: named steps, a bar, the time left */
#pragma once

#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_PRODUCTION_PAGE (kiosk_production_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskProductionPage, kiosk_production_page, KIOSK, PRODUCTION_PAGE, KioskPage)

G_END_DECLS
