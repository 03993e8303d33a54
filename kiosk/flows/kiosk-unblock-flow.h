/* kiosk-unblock-flow.h — R7, R9: a found card back into use, in person
 *
 *   READ_ID → LOOKUP (R17; only a card under temporary loss and not
 *   formally lost, R7/R9) → PHOTO → FACE_VERIFY → INSERT_CARD (the found
 *   card in the chip reader) → READ_CARD (EF05/EF06; its social security
 *   number must be the ID number, its card number the lost card's) →
 *   CONFIRM → REPORT (center, key "<uuid>:unblock") → RETURN_CARD (take
 *   the card back) → RECEIPT → DONE.
 */
#pragma once

#include "kiosk-flow.h"

G_BEGIN_DECLS

typedef enum
{
  KIOSK_UNBLOCK_STATE_READ_ID = KIOSK_FLOW_STATE_FIRST_CUSTOM, /* ID_CARD */
  KIOSK_UNBLOCK_STATE_LOOKUP,                                  /* WORKING */
  KIOSK_UNBLOCK_STATE_PHOTO,                                   /* CAMERA */
  KIOSK_UNBLOCK_STATE_FACE_VERIFY,                             /* WORKING */
  KIOSK_UNBLOCK_STATE_INSERT_CARD,                             /* INSERT_CHIP_CARD */
  KIOSK_UNBLOCK_STATE_READ_CARD,   /* WORKING: read and compare the chip */
  KIOSK_UNBLOCK_STATE_CONFIRM,     /* CONFIRM */
  KIOSK_UNBLOCK_STATE_REPORT,      /* WORKING: the center */
  KIOSK_UNBLOCK_STATE_RETURN_CARD, /* TAKE_CARD: take the card out of the reader */
  KIOSK_UNBLOCK_STATE_RECEIPT,     /* WORKING: the receipt */
} KioskUnblockState;

#define KIOSK_TYPE_UNBLOCK_FLOW (kiosk_unblock_flow_get_type ())
G_DECLARE_FINAL_TYPE (KioskUnblockFlow, kiosk_unblock_flow, KIOSK, UNBLOCK_FLOW, KioskFlow)

KioskFlow *kiosk_unblock_flow_new (KioskContext *context);

/* On INSERT_CARD: chip data read elsewhere (tests); the flow normally reads
 * its chip reader itself. Takes `data`. */
gboolean kiosk_unblock_flow_submit_chip_card (KioskUnblockFlow *self,
                                              KioskSscCardData *data,
                                              GError **error);

G_END_DECLS
