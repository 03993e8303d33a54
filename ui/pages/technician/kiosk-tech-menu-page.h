/* kiosk-tech-menu-page.h — technician mode's first page: every task one touch away */
#pragma once

#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_TECH_MENU_PAGE (kiosk_tech_menu_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskTechMenuPage, kiosk_tech_menu_page, KIOSK, TECH_MENU_PAGE, KioskPage)

/* The line under the heading: the kiosk, the stock at a glance. */
void kiosk_tech_menu_page_set_summary (KioskTechMenuPage *self, const char *summary);

G_END_DECLS
