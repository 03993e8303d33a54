/* kiosk-temporary-loss-flow.h — R6: report a card lost, for now
 *
 *   READ_ID → LOOKUP (R17, the person's cards) → CHOOSE_CARD (masked
 *   numbers, each allowed or refused with its rule) → CONFIRM → REPORT
 *   (center, key "<uuid>:temporary-loss") → RECEIPT (states the 7-day
 *   window for the formal loss, R8) → DONE.
 */
#pragma once

#include "kiosk-flow.h"

G_BEGIN_DECLS

typedef enum
{
  KIOSK_TEMPORARY_LOSS_STATE_READ_ID = KIOSK_FLOW_STATE_FIRST_CUSTOM, /* ID_CARD */
  KIOSK_TEMPORARY_LOSS_STATE_LOOKUP,                                  /* WORKING */
  KIOSK_TEMPORARY_LOSS_STATE_CHOOSE_CARD,                             /* CHOOSE_CARD */
  KIOSK_TEMPORARY_LOSS_STATE_CONFIRM,                                 /* CONFIRM */
  KIOSK_TEMPORARY_LOSS_STATE_REPORT,                                  /* WORKING: the center */
  KIOSK_TEMPORARY_LOSS_STATE_RECEIPT,                                 /* WORKING: the receipt */
} KioskTemporaryLossState;

/* One of the person's cards as the CHOOSE_CARD page lists it. */
typedef struct
{
  char *masked_number;   /* "D*******Y" (never the full number) */
  const char *kind;      /* "社会保障卡", "临时卡" */
  const char *stage;     /* "已领取" … */
  gboolean allowed;      /* may be reported lost here */
  KioskRefusal *refusal; /* why not, when not allowed (owned) */
} KioskCardChoice;

void kiosk_card_choice_free (KioskCardChoice *choice);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskCardChoice, kiosk_card_choice_free)

#define KIOSK_TYPE_TEMPORARY_LOSS_FLOW (kiosk_temporary_loss_flow_get_type ())
G_DECLARE_FINAL_TYPE (
    KioskTemporaryLossFlow, kiosk_temporary_loss_flow, KIOSK, TEMPORARY_LOSS_FLOW, KioskFlow)

KioskFlow *kiosk_temporary_loss_flow_new (KioskContext *context);

/* On CHOOSE_CARD: element-type KioskCardChoice (owned by the flow). */
GPtrArray *kiosk_temporary_loss_flow_get_cards (KioskTemporaryLossFlow *self);
/* Chooses card `index` of that list and moves to CONFIRM; a card that is
 * not allowed is KIOSK_FLOW_ERROR_INVALID with its refusal's message. */
gboolean
kiosk_temporary_loss_flow_choose_card (KioskTemporaryLossFlow *self, guint index, GError **error);
/* The last day on which the formal loss can follow (R8), valid after REPORT. */
gboolean kiosk_temporary_loss_flow_get_formal_loss_deadline (KioskTemporaryLossFlow *self,
                                                             GDate *out_date);

G_END_DECLS
