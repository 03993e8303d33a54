/* kiosk-review-page.h — check everything before signing: the card face as
 * it will be printed and the form's summary */
#pragma once

#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_REVIEW_PAGE (kiosk_review_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskReviewPage, kiosk_review_page, KIOSK, REVIEW_PAGE, KioskPage)

G_END_DECLS
