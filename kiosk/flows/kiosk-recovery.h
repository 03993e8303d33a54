/* kiosk-recovery.h — settle every open session at start (ISSUANCE.md)
 *
 * Before the attract page, the kiosk runs a KioskRecovery over its context:
 * it walks the journal's open sessions (oldest first) and settles each from
 * the journal and the devices' own state only (never from memory of the
 * crashed run):
 *
 *   last journaled                       recovery
 *   before apply, or apply's intent only repeat apply with the same key only
 *                                        to learn its answer, then cancel
 *                                        (":cancel"); no card involved
 *   apply done, feed not intended        cancel the application
 *   feed intended … verify not done      the card is in the machine or the
 *                                        bin: reject it, SPOILED (step
 *                                        named), report ":result" spoiled
 *   verify done, eject not confirmed     a card still inside → reject,
 *                                        SPOILED; none → UNCERTAIN (the
 *                                        center is told nothing)
 *   eject done, report not acknowledged  repeat ":result" issued: ISSUED
 *   report done                          close the session
 *
 * Services without a card (losses, unblock, progress) close as
 * "interrupted"; a loss call whose intent has no outcome is repeated with
 * the same key to learn (and record) what the center did. Each recovery
 * action is journaled (steps "recover-…"), so a crash during recovery is
 * recovered the same way. When the center cannot be reached the session
 * stays open for the next start (verdict RETRY_LATER).
 */
#pragma once

#include "kiosk-context.h"

G_BEGIN_DECLS

typedef enum
{
  KIOSK_RECOVERY_CLOSED,                /* nothing to undo: closed */
  KIOSK_RECOVERY_APPLICATION_CANCELLED, /* the center application was cancelled */
  KIOSK_RECOVERY_SPOILED,               /* the card was set aside and reported spoiled */
  KIOSK_RECOVERY_UNCERTAIN,             /* where the card is is unknown: a technician decides */
  KIOSK_RECOVERY_ISSUED,                /* the card was handed out: reported issued */
  KIOSK_RECOVERY_RETRY_LATER,           /* the center did not answer: left open */
} KioskRecoveryVerdict;

/* "closed", "application-cancelled", "spoiled", "uncertain", "issued", "retry-later" */
const char *kiosk_recovery_verdict_to_string (KioskRecoveryVerdict verdict);

typedef struct
{
  char *session;   /* UUID */
  char *service;   /* the journal's service name */
  char *last_step; /* "feed:intent", or NULL */
  KioskRecoveryVerdict verdict;
  char *card_serial; /* the blank card concerned, or NULL */
  char *detail;      /* one line for the technician (no personal data) */
} KioskRecoveryAction;

void kiosk_recovery_action_free (KioskRecoveryAction *action);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskRecoveryAction, kiosk_recovery_action_free)

#define KIOSK_TYPE_RECOVERY (kiosk_recovery_get_type ())
G_DECLARE_FINAL_TYPE (KioskRecovery, kiosk_recovery, KIOSK, RECOVERY, GObject)

KioskRecovery *kiosk_recovery_new (KioskContext *context);

/* Settles every open session; the result is element-type
 * KioskRecoveryAction, one per session, in journal order. Fails only when
 * the journal cannot be read. */
void kiosk_recovery_run_async (KioskRecovery *self,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data);
GPtrArray *kiosk_recovery_run_finish (KioskRecovery *self, GAsyncResult *result, GError **error);

G_END_DECLS
