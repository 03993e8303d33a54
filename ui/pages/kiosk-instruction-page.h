/* kiosk-instruction-page.h — a picture of what to do, the flow's instruction
 * and its live hint
 *
 * Used for every page that asks for something physical: place the ID card
 * (id-card), insert the social security card (insert-card), take the card
 * (take-card). The picture is a resource path set in the window's template.
 */
#pragma once

#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_INSTRUCTION_PAGE (kiosk_instruction_page_get_type ())
G_DECLARE_FINAL_TYPE (
    KioskInstructionPage, kiosk_instruction_page, KIOSK, INSTRUCTION_PAGE, KioskPage)

void kiosk_instruction_page_set_message (KioskInstructionPage *self, const char *message);
void kiosk_instruction_page_set_hint (KioskInstructionPage *self, const char *hint);

G_END_DECLS
