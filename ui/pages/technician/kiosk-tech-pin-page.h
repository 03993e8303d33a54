/* kiosk-tech-pin-page.h — the operator PIN, after the hidden gesture
 *
 * The digits are typed on the kiosk's keypad (app.keypad-press, as on the
 * citizens' pages) but shown only as dots; 进入 activates
 * app.technician-enter with what was typed. The page says how many
 * attempts are left, or until when the entry is locked.
 */
#pragma once

#include "kiosk-keypad.h"
#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_TECH_PIN_PAGE (kiosk_tech_pin_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskTechPinPage, kiosk_tech_pin_page, KIOSK, TECH_PIN_PAGE, KioskPage)

KioskKeypad *kiosk_tech_pin_page_get_keypad (KioskTechPinPage *self);
/* The line under the heading: attempts left, a lockout, a wrong PIN. */
void kiosk_tech_pin_page_set_message (KioskTechPinPage *self, const char *message, gboolean alert);

G_END_DECLS
