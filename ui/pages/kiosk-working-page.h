/* kiosk-working-page.h — the kiosk is working: a spinner and what it does */
#pragma once

#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_WORKING_PAGE (kiosk_working_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskWorkingPage, kiosk_working_page, KIOSK, WORKING_PAGE, KioskPage)

void kiosk_working_page_set_message (KioskWorkingPage *self, const char *message);

G_END_DECLS
