/* kiosk-signature-page.h — sign with a finger */
#pragma once

#include "kiosk-page.h"
#include "kiosk-signature-pad.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_SIGNATURE_PAGE (kiosk_signature_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskSignaturePage, kiosk_signature_page, KIOSK, SIGNATURE_PAGE, KioskPage)

KioskSignaturePad *kiosk_signature_page_get_pad (KioskSignaturePage *self);

G_END_DECLS
