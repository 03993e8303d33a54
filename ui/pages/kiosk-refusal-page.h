/* kiosk-refusal-page.h — the kiosk cannot do it: why (依据 R…) and what to do instead */
#pragma once

#include "kiosk-page.h"
#include "kiosk-refusal-view.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_REFUSAL_PAGE (kiosk_refusal_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskRefusalPage, kiosk_refusal_page, KIOSK, REFUSAL_PAGE, KioskPage)

KioskRefusalView *kiosk_refusal_page_get_view (KioskRefusalPage *self);

G_END_DECLS
