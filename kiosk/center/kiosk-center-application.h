/* kiosk-center-application.h — the center's answer to a green-channel application (R4)
 *
 * The center has created the application and the card data: the card number
 * (9 characters, kiosk-card-number.h), the co-branded bank (R5, one of
 * kiosk_rules_banks()) and the chip-personalisation script the kiosk relays to
 * the card (ISSUANCE.md step 3). A plain struct; card_number is personal data.
 */
#pragma once

#include <glib-object.h>

#include "kiosk-apdu-script.h"

G_BEGIN_DECLS

typedef struct
{
  char *application_id;    /* the center's reference; used by report_result and cancel */
  char *card_number;       /* 8 characters + check character */
  char *bank;              /* R5: the co-branded bank, e.g. "建设银行" */
  KioskApduScript *script; /* chip personalisation, owned */
} KioskCenterApplication;

#define KIOSK_TYPE_CENTER_APPLICATION (kiosk_center_application_get_type ())
GType kiosk_center_application_get_type (void) G_GNUC_CONST;

KioskCenterApplication *kiosk_center_application_new (void);
KioskCenterApplication *kiosk_center_application_copy (const KioskCenterApplication *app);
void kiosk_center_application_free (KioskCenterApplication *app);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskCenterApplication, kiosk_center_application_free)

G_END_DECLS
