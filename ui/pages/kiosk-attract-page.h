/* kiosk-attract-page.h — the home page: the services, one touch each */
#pragma once

#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_ATTRACT_PAGE (kiosk_attract_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskAttractPage, kiosk_attract_page, KIOSK, ATTRACT_PAGE, KioskPage)

void kiosk_attract_page_set_site (KioskAttractPage *self, const char *site);
/* A notice above the services ("操作超时…"); NULL hides it. */
void kiosk_attract_page_set_notice (KioskAttractPage *self, const char *notice);

G_END_DECLS
