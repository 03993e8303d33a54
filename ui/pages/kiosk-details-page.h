/* kiosk-details-page.h — the rest of the form: household type, occupation,
 * industry and the correspondence address (defaulting to the ID address)
 */
#pragma once

#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_DETAILS_PAGE (kiosk_details_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskDetailsPage, kiosk_details_page, KIOSK, DETAILS_PAGE, KioskPage)

/* The address as typed (pushed to the flow on 下一步). */
const char *kiosk_details_page_get_address (KioskDetailsPage *self);

G_END_DECLS
