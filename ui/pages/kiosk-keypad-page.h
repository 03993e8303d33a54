/* kiosk-keypad-page.h — one field of the form typed on the keypad
 *
 * The phone number (form-phone) and the postal code (form-postal) of the
 * green channel's form, and the corrected phone of a progress query. The
 * field key ("phone", "postal-code") is a property set in the window's
 * template; app.next hands the typed text to the flow, which validates it.
 */
#pragma once

#include "kiosk-keypad.h"
#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_KEYPAD_PAGE (kiosk_keypad_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskKeypadPage, kiosk_keypad_page, KIOSK, KEYPAD_PAGE, KioskPage)

KioskKeypad *kiosk_keypad_page_get_keypad (KioskKeypadPage *self);
/* "phone", "postal-code" */
const char *kiosk_keypad_page_get_field (KioskKeypadPage *self);
/* Who is filling in the form (masked name and ID number), or NULL to hide. */
void kiosk_keypad_page_set_identity (KioskKeypadPage *self,
                                     const char *masked_name,
                                     const char *id_number);

G_END_DECLS
