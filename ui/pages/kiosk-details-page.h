/* kiosk-details-page.h — the rest of the form: household type, occupation,
 * industry and the correspondence address (defaulting to the ID address)
 */
#pragma once

#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_DETAILS_PAGE (kiosk_details_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskDetailsPage, kiosk_details_page, KIOSK, DETAILS_PAGE, KioskPage)

/* The address shown (the form's), or while the address keyboard is open
 * the address typed on it (pushed to the flow on 下一步 / 确定地址). */
const char *kiosk_details_page_get_address (KioskDetailsPage *self);

/* The address keyboard (修改地址): app.address-key('KEY') lands here.
 * "edit" opens it with the address shown, "cancel" closes it unchanged,
 * "reset" puts the ID card's address back; the other keys are the
 * keyboard's (kiosk_address_keyboard_press()). "done" is the
 * application's: it sets kiosk_details_page_get_address() as the address
 * and, when the form takes it, closes the keyboard. FALSE with
 * KIOSK_FLOW_ERROR_WRONG_STATE (keyboard closed) or _INVALID (a key). */
gboolean kiosk_details_page_address_key (KioskDetailsPage *self, const char *key, GError **error);
gboolean kiosk_details_page_is_editing (KioskDetailsPage *self);
void kiosk_details_page_close_editor (KioskDetailsPage *self);

G_END_DECLS
