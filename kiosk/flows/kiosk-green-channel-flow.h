/* kiosk-green-channel-flow.h — R4: instant issuance for an out-of-province patient
 *
 *   READ_ID → LOOKUP (insured, not deceased R17, 跨省异地就医备案, no card
 *   yet R4: otherwise the refusal explains progress or a temporary card)
 *   → PHOTO (camera still → kiosk/photo check) → FACE_VERIFY (center)
 *   → FORM (附件1: chip fields read-only; phone, bank R5, occupation,
 *   industry, household type, postal code, address defaulting to the ID
 *   address) → REVIEW (card-face preview) → SIGNATURE → APPLY (center: bank
 *   pre-account R3, card number, chip script) → FEED → PERSONALISE → PRINT
 *   → VERIFY → EJECT → TAKE_CARD → REPORT (issued) → RECEIPT → DONE.
 *
 * Every production step is journaled before it acts (ISSUANCE.md); a card
 * that fails mid-production is rejected into the bin, recorded as spoiled,
 * reported once to the center ("<uuid>:result") and the citizen is told
 * what happens next (page FAILED, KIOSK_FLOW_ERROR_SPOILED). docs/flows.md
 * has the state table and the journal steps.
 */
#pragma once

#include "kiosk-flow.h"

G_BEGIN_DECLS

typedef enum
{
  KIOSK_GREEN_CHANNEL_STATE_READ_ID = KIOSK_FLOW_STATE_FIRST_CUSTOM, /* ID_CARD */
  KIOSK_GREEN_CHANNEL_STATE_LOOKUP,      /* WORKING: center lookup, rules R4/R17 */
  KIOSK_GREEN_CHANNEL_STATE_PHOTO,       /* CAMERA */
  KIOSK_GREEN_CHANNEL_STATE_PHOTO_CHECK, /* WORKING: the photo check */
  KIOSK_GREEN_CHANNEL_STATE_FACE_VERIFY, /* WORKING: center face verification */
  KIOSK_GREEN_CHANNEL_STATE_FORM,        /* FORM */
  KIOSK_GREEN_CHANNEL_STATE_REVIEW,      /* REVIEW */
  KIOSK_GREEN_CHANNEL_STATE_SIGNATURE,   /* SIGNATURE */
  KIOSK_GREEN_CHANNEL_STATE_APPLY,       /* PRODUCTION: bank pre-account = the application */
  KIOSK_GREEN_CHANNEL_STATE_FEED,        /* PRODUCTION: take a blank card */
  KIOSK_GREEN_CHANNEL_STATE_PERSONALISE, /* PRODUCTION: write the chip */
  KIOSK_GREEN_CHANNEL_STATE_PRINT,       /* PRODUCTION: print the face */
  KIOSK_GREEN_CHANNEL_STATE_VERIFY,      /* PRODUCTION: read the chip back */
  KIOSK_GREEN_CHANNEL_STATE_EJECT,       /* PRODUCTION: hand the card out */
  KIOSK_GREEN_CHANNEL_STATE_TAKE_CARD,   /* TAKE_CARD */
  KIOSK_GREEN_CHANNEL_STATE_REPORT,      /* WORKING: tell the center "issued" */
  KIOSK_GREEN_CHANNEL_STATE_SPOIL,       /* PRODUCTION: a failed card goes to the bin */
  KIOSK_GREEN_CHANNEL_STATE_RECEIPT,     /* WORKING: print the receipt */
} KioskGreenChannelState;

#define KIOSK_TYPE_GREEN_CHANNEL_FLOW (kiosk_green_channel_flow_get_type ())
G_DECLARE_FINAL_TYPE (
    KioskGreenChannelFlow, kiosk_green_channel_flow, KIOSK, GREEN_CHANNEL_FLOW, KioskFlow)

KioskFlow *kiosk_green_channel_flow_new (KioskContext *context);

/* The form as filled so far (owned by the session; read only). The chip
 * fields are filled from the ID card on entering FORM. */
const KioskApplicationForm *kiosk_green_channel_flow_get_form (KioskGreenChannelFlow *self);
/* TRUE for the fields the citizen may change: "phone", "bank",
 * "occupation", "industry", "household-type", "postal-code", "address".
 * The chip's fields (name, sex, id-number, birth date, ethnic group, ID
 * validity) are read-only. */
gboolean kiosk_green_channel_flow_field_is_editable (const char *field);
/* Sets one editable field on the FORM page (field keys of
 * kiosk-application-form.h; "bank" takes one bank, key or name, R5). The
 * value is checked at once: FALSE with KIOSK_FLOW_ERROR_INVALID and a
 * Chinese message when it is wrong (the field keeps what was typed, so the
 * page can show it). A read-only field is KIOSK_FLOW_ERROR_INVALID too. */
gboolean kiosk_green_channel_flow_set_field (KioskGreenChannelFlow *self,
                                             const char *field,
                                             const char *value,
                                             GError **error);
/* After a refused confirm on FORM: every problem (element-type
 * KioskApplicationFormProblem), or NULL. */
GPtrArray *kiosk_green_channel_flow_get_problems (KioskGreenChannelFlow *self);

/* On REVIEW: the card face as it will be printed, as a PNG preview
 * (kiosk/cardface, KIOSK_CARD_FACE_PREVIEW); NULL elsewhere, or when it
 * could not be rendered. It is rendered off the main loop as REVIEW begins:
 * while it is not ready yet this waits for it (a few ms). */
GBytes *kiosk_green_channel_flow_get_card_preview (KioskGreenChannelFlow *self);
/* On REVIEW: whether the preview is rendered (or failed), so that
 * kiosk_green_channel_flow_get_card_preview() answers without waiting. When
 * it becomes ready the flow emits "state-changed" within REVIEW (the UI
 * shows the page again). FALSE elsewhere. */
gboolean kiosk_green_channel_flow_is_preview_ready (KioskGreenChannelFlow *self);

/* On REVIEW: "重新拍照" — back to PHOTO. The new photo is checked and
 * compared with the face at the center like the first one (three attempts),
 * then the flow returns to REVIEW with a new preview; the form is kept.
 * 返回 on that camera page goes back to REVIEW with the photo as it was.
 * KIOSK_FLOW_ERROR_WRONG_STATE elsewhere. */
gboolean kiosk_green_channel_flow_retake_photo (KioskGreenChannelFlow *self, GError **error);
/* TRUE from kiosk_green_channel_flow_retake_photo() until REVIEW is back. */
gboolean kiosk_green_channel_flow_is_retaking (KioskGreenChannelFlow *self);

/* On SIGNATURE: the signature drawn by the citizen (PNG bytes); moves on to
 * production. An empty or non-PNG image is KIOSK_FLOW_ERROR_INVALID. */
gboolean kiosk_green_channel_flow_submit_signature (KioskGreenChannelFlow *self,
                                                    GBytes *png,
                                                    GError **error);

/* The face verification score of the center (0 … 1), -1 before. */
double kiosk_green_channel_flow_get_face_score (KioskGreenChannelFlow *self);
/* The masked card number once the center answered ("S*******9"), or NULL. */
const char *kiosk_green_channel_flow_get_card_number_masked (KioskGreenChannelFlow *self);
/* The blank card's stock serial once one was fed, or NULL. */
const char *kiosk_green_channel_flow_get_card_serial (KioskGreenChannelFlow *self);

G_END_DECLS
