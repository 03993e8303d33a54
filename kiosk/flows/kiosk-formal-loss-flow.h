/* kiosk-formal-loss-flow.h — R8, R9: formal loss per function, in person
 *
 *   READ_ID → LOOKUP (R17; a temporary loss within 7 days, R8; past day 7
 *   the policy temp_loss_after_7_days decides) → PHOTO → FACE_VERIFY →
 *   CHOOSE_FUNCTIONS (social / financial / both) → CONFIRM (warning: an
 *   unblock is impossible afterwards, R9) → REPORT (center, key
 *   "<uuid>:formal-loss") → RECEIPT → DONE.
 */
#pragma once

#include "kiosk-flow.h"

G_BEGIN_DECLS

typedef enum
{
  KIOSK_FORMAL_LOSS_STATE_READ_ID = KIOSK_FLOW_STATE_FIRST_CUSTOM, /* ID_CARD */
  KIOSK_FORMAL_LOSS_STATE_LOOKUP,                                  /* WORKING */
  KIOSK_FORMAL_LOSS_STATE_PHOTO,                                   /* CAMERA */
  KIOSK_FORMAL_LOSS_STATE_FACE_VERIFY,                             /* WORKING */
  KIOSK_FORMAL_LOSS_STATE_CHOOSE_FUNCTIONS,                        /* CHOOSE_FUNCTIONS */
  KIOSK_FORMAL_LOSS_STATE_CONFIRM, /* CONFIRM, with the R9 warning */
  KIOSK_FORMAL_LOSS_STATE_REPORT,  /* WORKING: the center */
  KIOSK_FORMAL_LOSS_STATE_RECEIPT, /* WORKING: the receipt */
} KioskFormalLossState;

#define KIOSK_TYPE_FORMAL_LOSS_FLOW (kiosk_formal_loss_flow_get_type ())
G_DECLARE_FINAL_TYPE (
    KioskFormalLossFlow, kiosk_formal_loss_flow, KIOSK, FORMAL_LOSS_FLOW, KioskFlow)

KioskFlow *kiosk_formal_loss_flow_new (KioskContext *context);

/* On CHOOSE_FUNCTIONS: which functions may still be formally lost (a
 * function already lost is not offered). */
KioskCardFunction kiosk_formal_loss_flow_get_available (KioskFormalLossFlow *self);
/* Chooses SOCIAL, FINANCIAL or BOTH and moves to CONFIRM; the rules are
 * checked for the choice (R8), a refusal is KIOSK_FLOW_ERROR_INVALID. */
gboolean kiosk_formal_loss_flow_set_functions (KioskFormalLossFlow *self,
                                               KioskCardFunction functions,
                                               GError **error);
KioskCardFunction kiosk_formal_loss_flow_get_functions (KioskFormalLossFlow *self);

G_END_DECLS
