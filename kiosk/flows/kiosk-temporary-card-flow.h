/* kiosk-temporary-card-flow.h — R12–R15: a free temporary card on the spot
 *
 *   READ_ID → LOOKUP (R17; R12: newly insured or card in production, no
 *   usable old medical card, no valid temporary card) → PHOTO (the face for
 *   the card; camera still, a face must be found) → CONFIRM (free; valid
 *   until …, R13) → ISSUE (center, key "<uuid>:temporary-card") → FEED →
 *   PRINT (the temporary layout with its validity end date) → EJECT →
 *   TAKE_CARD → REPORT (center report_temporary_card issued, key
 *   "<uuid>:result") → RECEIPT (R14: hand it back when the formal card is
 *   collected) → DONE. A card that fails is spoiled like a formal one and
 *   the center is told once (spoiled at the step: it voids the card, the
 *   citizen may try again); a feed that fails before a card left the
 *   hopper tells the center "spoiled at feed" too (the registration is
 *   withdrawn) and ends FAILED "cancelled". Without the center's
 *   acknowledgement the session stays open for KioskRecovery.
 */
#pragma once

#include "kiosk-flow.h"

G_BEGIN_DECLS

typedef enum
{
  KIOSK_TEMPORARY_CARD_STATE_READ_ID = KIOSK_FLOW_STATE_FIRST_CUSTOM, /* ID_CARD */
  KIOSK_TEMPORARY_CARD_STATE_LOOKUP,                                  /* WORKING */
  KIOSK_TEMPORARY_CARD_STATE_CONFIRM,                                 /* CONFIRM */
  KIOSK_TEMPORARY_CARD_STATE_ISSUE,                                   /* PRODUCTION: the center */
  KIOSK_TEMPORARY_CARD_STATE_FEED,                                    /* PRODUCTION */
  KIOSK_TEMPORARY_CARD_STATE_PRINT,                                   /* PRODUCTION */
  KIOSK_TEMPORARY_CARD_STATE_EJECT,                                   /* PRODUCTION */
  KIOSK_TEMPORARY_CARD_STATE_TAKE_CARD,                               /* TAKE_CARD */
  KIOSK_TEMPORARY_CARD_STATE_SPOIL,   /* PRODUCTION: a failed card goes to the bin */
  KIOSK_TEMPORARY_CARD_STATE_RECEIPT, /* WORKING */
  KIOSK_TEMPORARY_CARD_STATE_PHOTO,   /* CAMERA: the photo printed on the card (after LOOKUP) */
  KIOSK_TEMPORARY_CARD_STATE_REPORT,  /* WORKING: the result to the center (after TAKE_CARD) */
} KioskTemporaryCardState;

#define KIOSK_TYPE_TEMPORARY_CARD_FLOW (kiosk_temporary_card_flow_get_type ())
G_DECLARE_FINAL_TYPE (
    KioskTemporaryCardFlow, kiosk_temporary_card_flow, KIOSK, TEMPORARY_CARD_FLOW, KioskFlow)

KioskFlow *kiosk_temporary_card_flow_new (KioskContext *context);

/* The last valid day of the card (R13): on CONFIRM the day it would have,
 * after ISSUE the center's. FALSE before LOOKUP. */
gboolean kiosk_temporary_card_flow_get_valid_until (KioskTemporaryCardFlow *self, GDate *out_date);

G_END_DECLS
