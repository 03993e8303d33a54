/* kiosk-progress-flow.h — R16 (and R3): where is my card?
 *
 *   READ_ID (ID card, or an ID number typed and validated) → QUERY (center)
 *   → RESULT: stage, pickup window (name, address, phone of 附件2 through
 *   KioskCatalog), a QR payload; a failed bank pre-account (R3) shows its
 *   reason and, when the kiosk can fix it (photo, phone) and the holder's
 *   ID card was read (not for a typed number), offers FIX_PHOTO (→
 *   FIX_VERIFY: the face against the record) or FIX_PHONE → FIX_SUBMIT:
 *   the center's resubmit_pre_account (key "<uuid>:resubmit") → RESULT with
 *   the new stage. A refusal ends REFUSED (R3); an unknown outcome ends
 *   FAILED with the journal left open for KioskRecovery. A name that does
 *   not match the ID number is never fixed here: the result says "go to a
 *   window". confirm on RESULT prints the receipt and ends (DONE).
 */
#pragma once

#include "kiosk-catalog.h"
#include "kiosk-flow.h"
#include "kiosk-progress.h"

G_BEGIN_DECLS

typedef enum
{
  KIOSK_PROGRESS_STATE_READ_ID = KIOSK_FLOW_STATE_FIRST_CUSTOM, /* ID_NUMBER */
  KIOSK_PROGRESS_STATE_QUERY,                                   /* WORKING: the center */
  KIOSK_PROGRESS_STATE_RESULT,                                  /* RESULT */
  KIOSK_PROGRESS_STATE_FIX_PHOTO,                               /* CAMERA: a new photo (R3) */
  KIOSK_PROGRESS_STATE_FIX_PHONE,                               /* FORM: a new phone number (R3) */
  KIOSK_PROGRESS_STATE_FIX_SUBMIT, /* WORKING: the correction to the center */
  KIOSK_PROGRESS_STATE_RECEIPT,    /* WORKING: the receipt */
  KIOSK_PROGRESS_STATE_FIX_VERIFY, /* WORKING: the new photo's face against the record */
} KioskProgressState;

/* What the kiosk can correct of a failed pre-account (R3). */
typedef enum
{
  KIOSK_PROGRESS_FIX_NONE,
  KIOSK_PROGRESS_FIX_PHOTO, /* 照片无法提取: take a new photo here */
  KIOSK_PROGRESS_FIX_PHONE, /* 联系电话不合格: type a valid phone here */
} KioskProgressFix;

#define KIOSK_TYPE_PROGRESS_FLOW (kiosk_progress_flow_get_type ())
G_DECLARE_FINAL_TYPE (KioskProgressFlow, kiosk_progress_flow, KIOSK, PROGRESS_FLOW, KioskFlow)

KioskFlow *kiosk_progress_flow_new (KioskContext *context);

/* On READ_ID: a typed ID number; an invalid one is KIOSK_FLOW_ERROR_INVALID
 * with the validator's Chinese message (the flow stays on READ_ID). */
gboolean
kiosk_progress_flow_submit_id_number (KioskProgressFlow *self, const char *text, GError **error);

/* On RESULT: the center's answer (owned by the flow). */
const KioskProgress *kiosk_progress_flow_get_progress (KioskProgressFlow *self);
/* The pickup (or referral) window, or NULL when none is known yet. */
const KioskWindow *kiosk_progress_flow_get_window (KioskProgressFlow *self);
/* The masked card number ("D*******Y"), or NULL. */
const char *kiosk_progress_flow_get_card_number_masked (KioskProgressFlow *self);
/* What the kiosk can fix here (R3): NONE unless the card's pre-account
 * failed for its photo or phone and the holder's ID card was read. */
KioskProgressFix kiosk_progress_flow_get_fix (KioskProgressFlow *self);
/* On RESULT: go to FIX_PHOTO or FIX_PHONE. */
gboolean kiosk_progress_flow_begin_fix (KioskProgressFlow *self, GError **error);
/* On FIX_PHONE: the new phone (validated; kept in the session's form),
 * then FIX_SUBMIT. On FIX_PHOTO the photo comes through
 * kiosk_flow_submit_photo() / kiosk_flow_capture_photo(). */
gboolean
kiosk_progress_flow_submit_phone (KioskProgressFlow *self, const char *phone, GError **error);

G_END_DECLS
