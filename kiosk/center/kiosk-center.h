/* kiosk-center.h — the one interface to the provincial card-management center
 *
 * The provincial system is not ours. The kiosk reaches it only through this
 * interface: every call is asynchronous (GTask), cancellable, and carries an
 * idempotency key (ISSUANCE.md): a call repeated with the same key never acts
 * twice and answers what it answered the first time; the same key with a
 * different request is refused with KIOSK_CENTER_ERROR_CONFLICT. Keys are
 * derived from the session and the step, e.g. "<session-uuid>:apply".
 *
 * Implementations: KioskCenterSim (the embedded simulator, the default) and,
 * later, a network client. An implementation provides one pair of virtual
 * functions, call_async/call_finish, that moves a request dictionary (a{sv})
 * to the center and a reply dictionary back — what a network client puts on
 * the wire. The typed functions below build the request, check the
 * idempotency key, and decode the reply into the plain structs of
 * kiosk/rules (KioskPerson, KioskCard) and of this folder; a reply that does
 * not decode is KIOSK_CENTER_ERROR_BAD_REPLY. docs/center.md lists the keys
 * of every request and reply.
 *
 * A rule refusal by the center is a GError KIOSK_CENTER_ERROR_REFUSED whose
 * message starts with the rule ("R8: …"); kiosk_center_error_get_refusal()
 * gives the full KioskRefusal (rule, message, remedy, window).
 *
 * Cancelling a call that has not reached the center yet returns
 * G_IO_ERROR_CANCELLED. With a network center the outcome of a cancelled or
 * timed-out call is unknown: repeat it with the same key to learn it.
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-card.h"
#include "kiosk-center-application-request.h"
#include "kiosk-center-application.h"
#include "kiosk-config.h"
#include "kiosk-person.h"
#include "kiosk-progress.h"
#include "kiosk-refusal.h"

G_BEGIN_DECLS

#define KIOSK_CENTER_ERROR (kiosk_center_error_quark ())
GQuark kiosk_center_error_quark (void);

typedef enum
{
  KIOSK_CENTER_ERROR_REFUSED,     /* a rule refused: kiosk_center_error_get_refusal() */
  KIOSK_CENTER_ERROR_TIMEOUT,     /* no answer in time; the outcome is unknown */
  KIOSK_CENTER_ERROR_UNAVAILABLE, /* the center answered with an error, or cannot be reached */
  KIOSK_CENTER_ERROR_NOT_FOUND,   /* no such person, card or application */
  KIOSK_CENTER_ERROR_BAD_REPLY,   /* the answer could not be understood */
  KIOSK_CENTER_ERROR_CONFLICT,    /* the idempotency key was used for a different request */
  KIOSK_CENTER_ERROR_INVALID,     /* the request itself is wrong (empty key, bad ID number …) */
  KIOSK_CENTER_ERROR_WRONG_STATE, /* the application is not in a state that allows this */
} KioskCenterError;

/* The refusal carried by a KIOSK_CENTER_ERROR_REFUSED error, owned by the
 * error; NULL for any other error. */
const KioskRefusal *kiosk_center_error_get_refusal (const GError *error);
/* Sets a KIOSK_CENTER_ERROR_REFUSED error carrying a copy of `refusal`, with
 * the message "R<n>: <message>". For implementations and tests. */
void kiosk_center_set_refused_error (GError **error, const KioskRefusal *refusal);

/* The calls, as named on the wire and in failure injection. */
typedef enum
{
  KIOSK_CENTER_CALL_LOOKUP_PERSON,         /* "lookup_person" */
  KIOSK_CENTER_CALL_GET_PROGRESS,          /* "get_progress" */
  KIOSK_CENTER_CALL_TEMPORARY_LOSS,        /* "temporary_loss" */
  KIOSK_CENTER_CALL_FORMAL_LOSS,           /* "formal_loss" */
  KIOSK_CENTER_CALL_UNBLOCK,               /* "unblock" */
  KIOSK_CENTER_CALL_APPLY_GREEN_CHANNEL,   /* "apply_green_channel" */
  KIOSK_CENTER_CALL_REPORT_RESULT,         /* "report_result" */
  KIOSK_CENTER_CALL_CANCEL_APPLICATION,    /* "cancel_application" */
  KIOSK_CENTER_CALL_TEMPORARY_CARD,        /* "temporary_card" */
  KIOSK_CENTER_CALL_VERIFY_FACE,           /* "verify_face" */
  KIOSK_CENTER_CALL_RESUBMIT_PRE_ACCOUNT,  /* "resubmit_pre_account" */
  KIOSK_CENTER_CALL_REPORT_TEMPORARY_CARD, /* "report_temporary_card" */
  KIOSK_CENTER_CALL_AUDIT_WITNESSES,       /* "audit_witnesses" */
} KioskCenterCall;

#define KIOSK_CENTER_CALL_LAST KIOSK_CENTER_CALL_AUDIT_WITNESSES

const char *kiosk_center_call_to_string (KioskCenterCall call);
gboolean kiosk_center_call_from_string (const char *text, KioskCenterCall *out_call);
/* TRUE for the calls that change state (and so are replayed by key); the
 * reads (lookup_person, get_progress, verify_face, audit_witnesses) are
 * answered afresh. */
gboolean kiosk_center_call_is_effect (KioskCenterCall call);

/* ISSUANCE.md step 9: what became of a card made here (green channel or
 * temporary card). */
typedef enum
{
  KIOSK_CENTER_RESULT_ISSUED,  /* verified and handed to the citizen */
  KIOSK_CENTER_RESULT_SPOILED, /* the card was spoiled at `spoiled_step`; the application stays open
                                */
} KioskCenterResult;

const char *kiosk_center_result_to_string (KioskCenterResult result);
gboolean kiosk_center_result_from_string (const char *text, KioskCenterResult *out_result);

#define KIOSK_TYPE_CENTER (kiosk_center_get_type ())
G_DECLARE_INTERFACE (KioskCenter, kiosk_center, KIOSK, CENTER, GObject)

struct _KioskCenterInterface
{
  GTypeInterface g_iface;

  /* `request` is a floating or owned a{sv}; the reply is an a{sv}: either the
   * call's fields or {"refusal": <(isss) rule, message, remedy, window>}.
   * Transport failures are GErrors of KIOSK_CENTER_ERROR. */
  void (*call_async) (KioskCenter *self,
                      KioskCenterCall call,
                      const char *idempotency_key,
                      GVariant *request,
                      GCancellable *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer user_data);
  GVariant *(*call_finish) (KioskCenter *self, GAsyncResult *result, GError **error);
};

/* TRUE when `id_number` has the shape every call checks before it goes to
 * the center: 18 characters, 17 digits and a digit or 'X', GB 11643 check
 * digit (resident ID, the 81/82/83 residence permits, the 2023 foreigner's
 * card starting with 9). Region and birth date are the form's business. */
gboolean kiosk_center_id_number_is_valid (const char *id_number);

/* The center named by the configuration ([center] driver): "simulator" is
 * KioskCenterSim on [center] simulator_db with [center] latency_ms and the
 * [policy] group. Anything else is KIOSK_CENTER_ERROR_UNAVAILABLE. */
KioskCenter *kiosk_center_new_from_config (const KioskConfig *config, GError **error);

/* The raw call (for tools that forward requests); prefer the typed calls. */
void kiosk_center_call_async (KioskCenter *center,
                              KioskCenterCall call,
                              const char *idempotency_key,
                              GVariant *request,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data);
GVariant *kiosk_center_call_finish (KioskCenter *center, GAsyncResult *result, GError **error);

/* Look up a person: insurance, deceased (R17), cross-province registration
 * (R4), old medical card, hospitalisation (R21), and every card with its
 * per-function state. An unknown person is KIOSK_CENTER_ERROR_NOT_FOUND. A
 * deceased person is returned (deceased = TRUE), not refused: every other
 * call refuses them with R17. */
void kiosk_center_lookup_person_async (KioskCenter *center,
                                       const char *idempotency_key,
                                       const char *id_number,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data);
KioskPerson *
kiosk_center_lookup_person_finish (KioskCenter *center, GAsyncResult *result, GError **error);

/* R16: production progress and pickup window of the person's current card. */
void kiosk_center_get_progress_async (KioskCenter *center,
                                      const char *idempotency_key,
                                      const char *id_number,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
KioskProgress *
kiosk_center_get_progress_finish (KioskCenter *center, GAsyncResult *result, GError **error);

/* R6: temporary loss. `card_number` NULL means the person's current card.
 * Returns the card after the change. */
void kiosk_center_temporary_loss_async (KioskCenter *center,
                                        const char *idempotency_key,
                                        const char *id_number,
                                        const char *card_number,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data);
KioskCard *
kiosk_center_temporary_loss_finish (KioskCenter *center, GAsyncResult *result, GError **error);

/* R8: formal loss of one function or both. */
void kiosk_center_formal_loss_async (KioskCenter *center,
                                     const char *idempotency_key,
                                     const char *id_number,
                                     const char *card_number,
                                     KioskCardFunction functions,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data);
KioskCard *
kiosk_center_formal_loss_finish (KioskCenter *center, GAsyncResult *result, GError **error);

/* R7, R9: unblock a card under temporary loss. */
void kiosk_center_unblock_async (KioskCenter *center,
                                 const char *idempotency_key,
                                 const char *id_number,
                                 const char *card_number,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data);
KioskCard *kiosk_center_unblock_finish (KioskCenter *center, GAsyncResult *result, GError **error);

/* R4 (+ R3, R5): green-channel application; the answer has the application
 * ID, card number, bank and the chip-personalisation script. */
void kiosk_center_apply_green_channel_async (KioskCenter *center,
                                             const char *idempotency_key,
                                             const KioskCenterApplicationRequest *request,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer user_data);
KioskCenterApplication *
kiosk_center_apply_green_channel_finish (KioskCenter *center, GAsyncResult *result, GError **error);

/* ISSUANCE.md step 9: the production result of an application.
 * `spoiled_step` names the step at which a spoiled card stopped (required
 * for SPOILED, ignored for ISSUED). `audit_head` is the kiosk's audit chain
 * head "seq:hash" (kiosk-audit-head.h) when the result was first meant, or
 * NULL for an empty chain: the center keeps it as a witness (issue 7 §6).
 * A repeat with the same key must send the same head. */
void kiosk_center_report_result_async (KioskCenter *center,
                                       const char *idempotency_key,
                                       const char *application_id,
                                       KioskCenterResult result,
                                       const char *spoiled_step,
                                       const char *audit_head,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data);
gboolean
kiosk_center_report_result_finish (KioskCenter *center, GAsyncResult *result, GError **error);

/* ISSUANCE.md recovery: cancel an application no card was made for (key
 * "<session>:cancel"). An issued application is KIOSK_CENTER_ERROR_WRONG_STATE. */
void kiosk_center_cancel_application_async (KioskCenter *center,
                                            const char *idempotency_key,
                                            const char *application_id,
                                            GCancellable *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer user_data);
gboolean
kiosk_center_cancel_application_finish (KioskCenter *center, GAsyncResult *result, GError **error);

/* R12, R13: a free temporary card on the spot. Returns the temporary card
 * (number, valid until). */
void kiosk_center_issue_temporary_card_async (KioskCenter *center,
                                              const char *idempotency_key,
                                              const char *id_number,
                                              GCancellable *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer user_data);
KioskCard *kiosk_center_issue_temporary_card_finish (KioskCenter *center,
                                                     GAsyncResult *result,
                                                     GError **error);

/* ISSUANCE.md step 9 for a temporary card (R12): the production result of
 * the temporary card `card_number` that temporary_card registered for the
 * person `id_number`. ISSUED: handed out. SPOILED (needs `spoiled_step`):
 * the card was never handed out — the center voids it, so the person may
 * get another one. Repeating a fact is harmless; the other fact after one
 * was reported is KIOSK_CENTER_ERROR_WRONG_STATE; a number that is not this
 * person's temporary card is KIOSK_CENTER_ERROR_NOT_FOUND. */
void kiosk_center_report_temporary_card_async (KioskCenter *center,
                                               const char *idempotency_key,
                                               const char *id_number,
                                               const char *card_number,
                                               KioskCenterResult result,
                                               const char *spoiled_step,
                                               const char *audit_head,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer user_data);
gboolean kiosk_center_report_temporary_card_finish (KioskCenter *center,
                                                    GAsyncResult *result,
                                                    GError **error);

/* Issue 7 §6: the audit heads this kiosk sent with its production results,
 * as the center kept them — "seq:hash" strings in seq order, NULL-terminated
 * (an empty array when none). A read: `idempotency_key` only identifies the
 * request. kiosk_store_audit_verify_witnesses() checks them against the
 * local chain. */
void kiosk_center_audit_witnesses_async (KioskCenter *center,
                                         const char *idempotency_key,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data);
GStrv
kiosk_center_audit_witnesses_finish (KioskCenter *center, GAsyncResult *result, GError **error);

/* Face verification: the live photo (JPEG) against the photo on record.
 * *out_score is 0.0 (different people) … 1.0 (same); the caller compares it
 * with its threshold. A deceased person is refused (R17). */
void kiosk_center_verify_face_async (KioskCenter *center,
                                     const char *idempotency_key,
                                     const char *id_number,
                                     GBytes *live_photo,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data);
gboolean kiosk_center_verify_face_finish (KioskCenter *center,
                                          GAsyncResult *result,
                                          double *out_score,
                                          GError **error);

/* R3: corrected data for a card whose bank pre-account opening failed
 * (stage PRE_ACCOUNT_FAILED). `phone` corrects 联系电话不合格, `photo` (a
 * JPEG) corrects 照片无法提取; NULL for what is not corrected, at least one
 * given. `card_number` NULL means the person's current card. The center
 * takes only the correction of the card's own failure reason, checks it as
 * the bank would (a mobile or landline number; a JPEG) and refuses anything
 * else with R3 — a name that does not match the ID number is never
 * corrected here (a window, with the ID card). Returns the card's progress
 * after the correction (the pre-account opens again: a new stage). */
void kiosk_center_resubmit_pre_account_async (KioskCenter *center,
                                              const char *idempotency_key,
                                              const char *id_number,
                                              const char *card_number,
                                              const char *phone,
                                              GBytes *photo,
                                              GCancellable *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer user_data);
KioskProgress *kiosk_center_resubmit_pre_account_finish (KioskCenter *center,
                                                         GAsyncResult *result,
                                                         GError **error);

G_END_DECLS
