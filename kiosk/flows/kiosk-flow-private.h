/* kiosk-flow-private.h — what the flows share: timed calls, common steps, journal helpers
 *
 * For the files of kiosk/flows only.
 */
#pragma once

#include "kiosk-flow.h"
#include "kiosk-receipt.h"
#include "kiosk-rules.h"

G_BEGIN_DECLS

/* ---- timed, cancellable calls -------------------------------------------- */

/* One device or center call of a flow. Its cancellable fires when the state
 * it was started in is left, when the flow ends, or after `timeout_s`
 * (then kiosk_flow_call_take_error() turns the cancellation into
 * KIOSK_FLOW_ERROR_TIMEOUT). It keeps the flow alive. */
typedef struct
{
  KioskFlow *flow;
  GCancellable *cancellable;
  int state;
  guint timer;
  gboolean timed_out;
  gulong parent_handler;
  GCancellable *parent;
  gpointer data;
  GDestroyNotify destroy;
} KioskFlowCall;

KioskFlowCall *kiosk_flow_call_new (KioskFlow *flow, guint timeout_s);
void kiosk_flow_call_free (KioskFlowCall *call);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskFlowCall, kiosk_flow_call_free)
/* TRUE when nobody waits for the answer any more (the state was left or the
 * flow ended) and the call was not timed out: the callback just returns. */
gboolean kiosk_flow_call_is_stale (KioskFlowCall *call, const GError *error);
/* Turns a cancellation by the timer into KIOSK_FLOW_ERROR_TIMEOUT (takes
 * `error`, returns the error to show). */
GError *kiosk_flow_call_take_error (KioskFlowCall *call, GError *error);

/* ---- the base class's bookkeeping ---------------------------------------- */

/* Ends the flow in `final_state` (KIOSK_FLOW_STATE_DONE …). With `close`
 * the journal session is closed with `outcome`; without, it stays open for
 * KioskRecovery (an effect is not settled). The session is wiped either way. */
void kiosk_flow_finish_full (KioskFlow *self,
                             int final_state,
                             const char *outcome,
                             gboolean close,
                             const KioskRefusal *refusal,
                             const GError *error,
                             const char *message);

/* The journal session stays open when the flow ends (an effect waits for
 * KioskRecovery, e.g. the center was not told "issued" yet). */
void kiosk_flow_set_leave_open (KioskFlow *self, gboolean leave_open);

const char *kiosk_flow_get_uuid (KioskFlow *self);
KioskStore *kiosk_flow_get_store (KioskFlow *self);
KioskCenter *kiosk_flow_get_center (KioskFlow *self);
const KioskFlowSettings *kiosk_flow_get_settings (KioskFlow *self);
/* "<uuid>:<step>" */
char *kiosk_flow_key (KioskFlow *self, const char *step);
void kiosk_flow_get_today (KioskFlow *self, GDate *out_today);

/* Journal helpers: failures end the flow as FAILED (STORE) and return FALSE. */
gboolean
kiosk_flow_journal_intent (KioskFlow *self, const char *step, const char *key, const char *payload);
gboolean kiosk_flow_journal_outcome (KioskFlow *self,
                                     const char *step,
                                     const char *result,
                                     const char *payload);

/* ---- common steps (kiosk-flow-steps.c) ----------------------------------- */

/* Reads the ID reader in a loop (wait, read; a misplaced card gives a hint
 * and a retry) until a card is read, then kiosk_flow_submit_id_card(). A
 * kiosk without an ID reader waits for kiosk_flow_submit_id_card(). */
void kiosk_flow_start_id_reader (KioskFlow *self);
/* The default submit_id_card: keeps the card in the session, journals
 * "read-id" (type only) and moves to after_id_state. */
gboolean kiosk_flow_accept_id_card (KioskFlow *self, KioskIdCardData *data, GError **error);
/* Accepts a typed ID number (progress query). */
void kiosk_flow_accept_id_number (KioskFlow *self, const char *id_number);

/* What a flow checks once the person is known; NULL to go on. */
typedef KioskRefusal *(*KioskFlowPersonCheck) (KioskFlow *self, const KioskPerson *person);
/* Looks the session's ID number up at the center, keeps the person in the
 * session, refuses R17 (deceased) and whatever `check` refuses, otherwise
 * moves to `next_state`. An unknown person is refused with R2. */
void kiosk_flow_lookup_person (KioskFlow *self, KioskFlowPersonCheck check, int next_state);

/* The default submit_photo: checks the picture (in a worker thread), keeps
 * the accepted JPEG in the session and moves to after_photo_state; a photo
 * that is not good enough goes back to photo_state with the instruction as
 * the hint. */
gboolean kiosk_flow_accept_photo (KioskFlow *self, GBytes *image, GError **error);
/* Writes `photo` as the session's photo file (store's photo directory,
 * purged with the session), so that recovery can repeat a request that
 * carried it byte for byte. */
gboolean kiosk_flow_keep_photo (KioskFlow *self, GBytes *photo, GError **error);
/* The photo file itself, durable (file and directory synced), mode 0600 in
 * `dir` (made 0700 if missing). Touches no store: safe in a worker thread
 * (the green channel writes its photo so at APPLY, issue 9). */
gboolean
kiosk_flow_write_photo_file (const char *dir, const char *path, GBytes *photo, GError **error);
/* Captures a camera still and passes it to kiosk_flow_submit_photo(). */
gboolean kiosk_flow_capture (KioskFlow *self, GError **error);

/* Face verification of the session's photo at the center; at or above the
 * threshold → `next_state`, below → back to photo_state with a hint (three
 * attempts, then FAILED with KIOSK_FLOW_ERROR_FACE_MISMATCH). */
void kiosk_flow_verify_face (KioskFlow *self, int next_state);
/* The last score, -1 before. */
double kiosk_flow_get_face_score (KioskFlow *self);

/* A receipt with the flow's title, the kiosk ID, time and the masked ID
 * number and name of the session. */
KioskReceipt *kiosk_flow_new_receipt (KioskFlow *self);
/* Prints `receipt` (taken) on the receipt printer, journals "receipt"
 * (outcome only: a failure changes nothing), keeps its text and QR payload,
 * then ends the flow DONE with `outcome`. */
void kiosk_flow_print_receipt_and_finish (KioskFlow *self,
                                          KioskReceipt *receipt,
                                          const char *qr_payload,
                                          const char *outcome);
/* The same with the session's UUID as the QR code ("业务编号"). */
void kiosk_flow_print_service_receipt (KioskFlow *self, KioskReceipt *receipt, const char *outcome);

/* The message of a center error for the citizen, and the flow's error for it. */
GError *kiosk_flow_error_from_center (const GError *error);
GError *kiosk_flow_error_from_device (const GError *error);
/* A refused center call (REFUSED): ends the flow REFUSED; other errors end
 * it FAILED. */
void kiosk_flow_fail_from_center (KioskFlow *self, const GError *error);
/* Before an effect call to the center: journals the intent of `step` with
 * the key "<uuid>:<step>" (returned in *out_key) and `payload`, and returns
 * the timed call (center_timeout_s) to make it with; NULL when the journal
 * could not be written (the flow ended FAILED, nothing was sent). */
KioskFlowCall *
kiosk_flow_begin_effect (KioskFlow *self, const char *step, const char *payload, char **out_key);
/* An effect call to the center (its intent journaled as `step`) that did
 * not succeed: a refusal did nothing — journaled "refused: R<n>", the flow
 * ends REFUSED; anything else leaves the outcome unknown — journaled
 * "unknown: …", the session stays open for KioskRecovery (which repeats
 * the call with its key) and the flow ends FAILED with `message` (NULL: the
 * error's own words for the citizen). */
void kiosk_flow_effect_failed (KioskFlow *self,
                               const char *step,
                               const GError *error,
                               const char *message);

/* The _finish of a center call that answers with the card it changed. */
typedef KioskCard *(*KioskFlowCardFinish) (KioskCenter *center,
                                           GAsyncResult *result,
                                           GError **error);
/* The answer of such a call (temporary_loss, formal_loss, unblock,
 * temporary_card) journaled as `step`: the card, or NULL when there is none
 * to go on with — the flow moved on (a late answer is wiped), or the call
 * failed (kiosk_flow_effect_failed()). The caller journals "ok". */
KioskCard *kiosk_flow_card_reply (KioskFlowCall *call,
                                  GObject *source,
                                  GAsyncResult *result,
                                  KioskFlowCardFinish finish,
                                  const char *step);

/* TRUE when the flow runs and is in `state`; else FALSE with
 * KIOSK_FLOW_ERROR_WRONG_STATE ("此操作在当前步骤不可用"). For the actions of
 * a subclass. */
gboolean kiosk_flow_require_state (KioskFlow *self, int state, GError **error);
/* Sets that WRONG_STATE error and returns FALSE. */
gboolean kiosk_flow_wrong_state (GError **error);

/* JSON for journal payloads: a quoted, escaped string ("null" for NULL). */
char *kiosk_flow_json_string (const char *text);
/* A value of a payload by JSON path ("$.serial"), through SQLite's JSON
 * functions; NULL when absent or when `json` is NULL. */
char *kiosk_flow_json_get (KioskStore *store, const char *json, const char *path);

/* The masked forms used on screens and receipts. */
char *kiosk_flow_mask_card_number (const char *card_number);

/* ---- card production (kiosk-flow-production.c) -------------------------- */

/* The journal steps of card production, shared by the green channel, the
 * temporary card and KioskRecovery. */
#define KIOSK_STEP_APPLY       "apply"
#define KIOSK_STEP_FEED        "feed"
#define KIOSK_STEP_PERSONALISE "personalise"
#define KIOSK_STEP_PRINT       "print"
#define KIOSK_STEP_VERIFY      "verify"
#define KIOSK_STEP_EJECT       "eject"
#define KIOSK_STEP_TAKEN       "taken"
#define KIOSK_STEP_REJECT      "reject"
#define KIOSK_STEP_RESULT      "result"
#define KIOSK_STEP_CANCEL      "cancel"
#define KIOSK_STEP_RECEIPT     "receipt"
#define KIOSK_STEP_TEMPORARY   "temporary-card"
#define KIOSK_STEP_RESUBMIT    "resubmit" /* R3 correction (progress) */

/* How a flow that makes a card (green channel, temporary card) goes on
 * through the shared production chain: its states, and what its FAILED page
 * says about a spoiled card. KioskFlowClass.production points here. */
struct _KioskFlowProductionPlan
{
  int after_print_state;              /* the face printed */
  int take_card_state;                /* the card ejected */
  int report_state;                   /* the card taken (or not): the center told "issued" */
  int receipt_state;                  /* the center told (or it will be, by recovery) */
  int spoil_state;                    /* PRODUCTION: a failed card to the bin, the center told */
  const char *spoiled_what;           /* "卡片制作未成功": KIOSK_FLOW_ERROR_SPOILED says
                                       * "<what>（<step>），该卡已回收作废" */
  const char *spoiled_message;        /* the FAILED page, the center acknowledged */
  const char *spoiled_unacknowledged; /* … it did not (recovery tells it); NULL: the same */
};

/* What the center is told about: the green-channel application, or the
 * session person's temporary card (kept and wiped with the flow). */
void kiosk_flow_production_set_subject (KioskFlow *self,
                                        const char *application_id,
                                        const char *temporary_card_number);
/* A production step failed: the card is spoiled at `step` (the step
 * indicator shows it) and the flow moves to the plan's spoil state. */
void kiosk_flow_production_fail (KioskFlow *self, const char *step, const char *reason);
/* The step at which the card failed, or NULL. */
const char *kiosk_flow_production_get_failed_step (KioskFlow *self);
/* The entries of the plan's states: print `face` (transfer full; NULL when
 * it could not be rendered: `render_error` says why, and the card is
 * spoiled at "print"), eject, wait until the card is taken, report
 * "issued", and the spoil state (reject, stock spoiled, the center told,
 * FAILED "spoiled"). */
void kiosk_flow_production_print (KioskFlow *self, GBytes *face, const GError *render_error);
/* The same, the face (kiosk_flow_render_card_face() for printing, at the
 * card printer's dpi) rendered off the main loop first; the arguments are
 * copied (and overwritten once rendered). */
void kiosk_flow_production_print_face (KioskFlow *self,
                                       const char *name,
                                       const char *social_security_number,
                                       const char *card_number,
                                       const GDate *issue_date,
                                       GBytes *photo_jpeg,
                                       gboolean temporary,
                                       const GDate *valid_until);
/* The card printer's resolution (300 without one). */
double kiosk_flow_card_printer_dpi (KioskFlow *self);
void kiosk_flow_production_eject (KioskFlow *self);
void kiosk_flow_production_take_card (KioskFlow *self);
void kiosk_flow_production_report (KioskFlow *self);
void kiosk_flow_production_spoil (KioskFlow *self);

/* A production step finished: `error` NULL when it succeeded. */
typedef void (*KioskFlowDone) (KioskFlow *self, const GError *error);

/* The blank card of this session: its stock serial once the transport
 * fed one (it is then accounted to the session), else NULL. */
const char *kiosk_flow_get_card_serial (KioskFlow *self);
/* Journals "feed" (intent with the transport's fed counter), feeds a blank
 * card to the encoder station and, in one transaction, takes a card of the
 * stock and journals the outcome with its serial. A card that left the
 * hopper is accounted even when the feed failed. */
void kiosk_flow_feed_card (KioskFlow *self, KioskFlowDone done);
/* Journals "print", moves the card to the print station and prints `png`
 * (transfer full: the rendered face is overwritten once the printer is done
 * with it). */
void kiosk_flow_print_card (KioskFlow *self, GBytes *png, KioskFlowDone done);
/* Moves the card back to the encoder station (for the read-back). */
void kiosk_flow_move_to_encoder (KioskFlow *self, KioskFlowDone done);
/* Journals "eject", ejects the card to the slot and, in one transaction,
 * journals the outcome and marks the stock card issued. */
void kiosk_flow_eject_card (KioskFlow *self, KioskFlowDone done);
/* Waits (take_card_timeout_s) until the citizen took the card; journals
 * "taken". */
void kiosk_flow_wait_card_taken (KioskFlow *self, KioskFlowDone done);
/* Journals "reject", moves the card into the reject bin (a failure leaves
 * it where it is: it is spoiled either way) and marks the stock card
 * spoiled with "<step>: <reason>". */
void
kiosk_flow_spoil_card (KioskFlow *self, const char *step, const char *reason, KioskFlowDone done);

/* ISSUANCE.md step 9: journals "result" (intent with key "<uuid>:result"
 * and {"result":"issued"} or {"result":"spoiled","step":…}), tells the
 * center what became of the card — of the green-channel application
 * `application_id`, or, when that is NULL, of the session person's
 * temporary card `temporary_card_number` — and journals the outcome:
 * "acknowledged", or "unknown: …" with the session left open for
 * KioskRecovery (which repeats ":result"). `done` gets NULL when the center
 * acknowledged, else the error. */
void kiosk_flow_report_card_result (KioskFlow *self,
                                    const char *application_id,
                                    const char *temporary_card_number,
                                    KioskCenterResult result,
                                    const char *spoiled_step,
                                    KioskFlowDone done);
/* The payload of a result step's intent: the fact, the step a spoiled card
 * stopped at, and the audit chain's head at this moment ("audit_head",
 * issue 7 §6; absent while the chain is empty). The center is sent exactly
 * what the intent holds, so a repeat by the recovery (or a technician's
 * report of the same card) carries the same head and the same request.
 * A head that cannot be read is left out (with a warning): the result
 * matters more than its witness. */
char *
kiosk_flow_result_payload (KioskStore *store, KioskCenterResult result, const char *spoiled_step);

/* Rendering off the main loop (a card face or a receipt with its PNG costs
 * tens of ms): `func` runs in the flows' render thread with `data` (freed
 * there afterwards with `destroy`) and returns a PNG or NULL with `error`;
 * `callback` gets it in the caller's thread-default main context. */
typedef GBytes *(*KioskFlowRenderFunc) (gpointer data, GError **error);
void kiosk_flow_render_async (KioskFlowRenderFunc func,
                              gpointer data,
                              GDestroyNotify destroy,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data);
GBytes *kiosk_flow_render_finish (GAsyncResult *result, GError **error);
/* The render thread keeps pango's font map (per thread) from one job to the
 * next; this gives it back (waiting for the jobs before it), e.g. before
 * cairo_debug_reset_static_data() in a test's teardown. */
void kiosk_flow_render_release_fonts (void);

/* Renders the card face (kiosk/cardface: the "standard" or the "temporary"
 * layout) as PNG at `dpi`; `preview` selects KIOSK_CARD_FACE_PREVIEW (the
 * screen), else KIOSK_CARD_FACE_PRINT (the card printer). */
GBytes *kiosk_flow_render_card_face (const char *name,
                                     const char *social_security_number,
                                     const char *card_number,
                                     const GDate *issue_date,
                                     GBytes *photo_jpeg,
                                     gboolean temporary,
                                     const GDate *valid_until,
                                     gboolean preview,
                                     double dpi,
                                     GError **error);

G_END_DECLS
