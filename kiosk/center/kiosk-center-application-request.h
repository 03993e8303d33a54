/* kiosk-center-application-request.h — what the kiosk sends with a green-channel application
 *
 * The data of the application form (附件1) the center needs to open the bank
 * pre-account (R3) and write the chip. Name and ID number come from the
 * ID-card chip; the photo is the accepted card photo (JPEG). Everything here
 * is personal data: never log it unmasked.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  char *id_number;   /* 18 characters */
  char *name;        /* as on the ID card */
  char *nation;      /* ethnic code "01"…"56", "97", "98" */
  char *phone;       /* R3: an invalid phone fails the pre-account */
  char *postal_code; /* may be NULL */
  char *address;     /* correspondence address; may be NULL */
  char *bank;        /* R5: exactly one of kiosk_rules_banks() */
  GBytes *photo;     /* R3: the card photo, JPEG; an unusable photo fails the pre-account */
} KioskCenterApplicationRequest;

#define KIOSK_TYPE_CENTER_APPLICATION_REQUEST (kiosk_center_application_request_get_type ())
GType kiosk_center_application_request_get_type (void) G_GNUC_CONST;

KioskCenterApplicationRequest *kiosk_center_application_request_new (void);
KioskCenterApplicationRequest *
kiosk_center_application_request_copy (const KioskCenterApplicationRequest *request);
void kiosk_center_application_request_free (KioskCenterApplicationRequest *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskCenterApplicationRequest, kiosk_center_application_request_free)

G_END_DECLS
