/* kiosk-recovery.c — settle the sessions a crash left open (ISSUANCE.md, "Recovery at start")
 *
 * One session at a time, oldest first. For each, `plan` reads the journal
 * and decides the first action; every action is an asynchronous step of one
 * switch (`run_step`), journaled before it acts like the flows' own steps
 * and with the same idempotency keys, so that a crash during recovery is
 * recovered the same way at the next start. What the machine holds is asked
 * from the card transport itself, never remembered.
 */
#include "config.h"

#define G_LOG_DOMAIN "kiosk-flows"

#include "kiosk-recovery.h"

#include <string.h>

#include "kiosk-card-feeder.h"
#include "kiosk-db.h"
#include "kiosk-flow-private.h"

struct _KioskRecovery
{
  GObject parent_instance;

  KioskContext *context;
};

G_DEFINE_FINAL_TYPE (KioskRecovery, kiosk_recovery, G_TYPE_OBJECT)

static const char *const verdict_names[] = {
  "closed", "application-cancelled", "spoiled", "uncertain", "issued", "retry-later",
};

const char *
kiosk_recovery_verdict_to_string (KioskRecoveryVerdict verdict)
{
  if ((guint) verdict < G_N_ELEMENTS (verdict_names))
    return verdict_names[verdict];
  return "unknown";
}

void
kiosk_recovery_action_free (KioskRecoveryAction *action)
{
  if (action == NULL)
    return;
  g_free (action->session);
  g_free (action->service);
  g_free (action->last_step);
  g_free (action->card_serial);
  g_free (action->detail);
  g_free (action);
}

/* ---- one run -------------------------------------------------------------- */

typedef enum
{
  STEP_PLAN,
  STEP_QUERY_FEEDER, /* where is the card? */
  STEP_TAKE_STOCK,   /* a card left the hopper before the crash: account it */
  STEP_REJECT,       /* a card still inside goes to the reject bin */
  STEP_MARK_SPOILED,
  STEP_MARK_UNCERTAIN,
  STEP_REPORT,          /* ":result" issued or spoiled */
  STEP_LEARN_TEMPORARY, /* ":temporary-card" repeated only to learn the card's number */
  STEP_APPLY_AGAIN,     /* ":apply" repeated only to learn its answer */
  STEP_CANCEL,          /* ":cancel" */
  STEP_REPEAT,          /* a loss, unblock or temporary card repeated with its key */
  STEP_CLOSE,
  STEP_NEXT_SESSION,
} Step;

typedef struct
{
  KioskRecovery *self;
  GTask *task;
  KioskStore *store;
  KioskCenter *center;
  GPtrArray *sessions; /* KioskJournalSession */
  GPtrArray *actions;  /* KioskRecoveryAction */
  guint index;

  /* The session being settled. */
  KioskJournalSession *session;
  GPtrArray *steps; /* KioskJournalStep */
  KioskRecoveryAction *action;
  Step step;
  gboolean issuance;      /* a card made here: the center is told its result */
  gboolean temporary;     /* … through report_temporary_card (a temporary card) */
  char *temporary_number; /* the temporary card, learnt from ":temporary-card" */
  char *id_number;        /* the session's person (temporary cards), wiped */
  char *application_id;
  char *serial;
  char *spoiled_step;
  char *report_payload;
  char *close_outcome;
  gboolean reported_issued;
  gboolean uncertain_if_gone; /* the eject was intended and not confirmed */
  KioskCardFeederState *feeder;
} Run;

static void run_step (Run *run);

static void
reset_session (Run *run)
{
  g_clear_pointer (&run->steps, g_ptr_array_unref);
  g_clear_pointer (&run->application_id, g_free);
  g_clear_pointer (&run->serial, g_free);
  g_clear_pointer (&run->spoiled_step, g_free);
  g_clear_pointer (&run->report_payload, g_free);
  g_clear_pointer (&run->close_outcome, g_free);
  g_clear_pointer (&run->feeder, kiosk_card_feeder_state_free);
  if (run->id_number != NULL)
    explicit_bzero (run->id_number, strlen (run->id_number));
  g_clear_pointer (&run->id_number, g_free);
  if (run->temporary_number != NULL)
    explicit_bzero (run->temporary_number, strlen (run->temporary_number));
  g_clear_pointer (&run->temporary_number, g_free);
  run->reported_issued = FALSE;
  run->uncertain_if_gone = FALSE;
  run->issuance = FALSE;
  run->temporary = FALSE;
  run->action = NULL;
  run->session = NULL;
}

static void
run_free (Run *run)
{
  reset_session (run);
  g_clear_pointer (&run->sessions, g_ptr_array_unref);
  g_clear_pointer (&run->actions, g_ptr_array_unref);
  g_free (run);
}

/* ---- reading the journal -------------------------------------------------- */

/* The last entry of `name` in `phase`; for an outcome, only one after the
 * step's last intent counts. */
static const KioskJournalStep *
last_entry (Run *run, const char *name, KioskJournalPhase phase)
{
  const KioskJournalStep *intent = NULL, *outcome = NULL;

  for (guint i = 0; i < run->steps->len; i++)
    {
      const KioskJournalStep *step = g_ptr_array_index (run->steps, i);

      if (g_strcmp0 (step->step, name) != 0)
        continue;
      if (step->phase == KIOSK_JOURNAL_INTENT)
        {
          intent = step;
          outcome = NULL;
        }
      else
        outcome = step;
    }
  return phase == KIOSK_JOURNAL_INTENT ? intent : outcome;
}

static gboolean
has_intent (Run *run, const char *name)
{
  return last_entry (run, name, KIOSK_JOURNAL_INTENT) != NULL;
}

/* The result of the step's outcome, or NULL when there is none. */
static const char *
outcome_result (Run *run, const char *name)
{
  const KioskJournalStep *outcome = last_entry (run, name, KIOSK_JOURNAL_OUTCOME);

  return outcome != NULL ? (outcome->result != NULL ? outcome->result : "") : NULL;
}

static gboolean
outcome_is (Run *run, const char *name, const char *prefix)
{
  const char *result = outcome_result (run, name);

  return result != NULL && g_str_has_prefix (result, prefix);
}

static char *
payload_get (Run *run, const KioskJournalStep *step, const char *path)
{
  return step != NULL ? kiosk_flow_json_get (run->store, step->payload, path) : NULL;
}

/* The production step the card was last in. */
static const char *
last_production_step (Run *run)
{
  static const char *const order[] = { KIOSK_STEP_EJECT, KIOSK_STEP_VERIFY, KIOSK_STEP_PRINT,
                                       KIOSK_STEP_PERSONALISE, KIOSK_STEP_FEED };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (has_intent (run, order[i]))
      return order[i];
  return KIOSK_STEP_FEED;
}

/* ---- journaling ----------------------------------------------------------- */

static char *
key_of (Run *run, const char *step)
{
  return g_strconcat (run->session->uuid, ":", step, NULL);
}

static gboolean
intent (Run *run, const char *step, const char *key, const char *payload, GError **error)
{
  return kiosk_store_journal_intent (run->store, run->session->uuid, step, key, payload, error) > 0;
}

static gboolean
outcome (Run *run, const char *step, const char *result, const char *payload, GError **error)
{
  return kiosk_store_journal_outcome (run->store, run->session->uuid, step, result, payload, error)
         > 0;
}

/* The session stays open: the next start tries again. */
static void
retry_later (Run *run, const char *why)
{
  run->action->verdict = KIOSK_RECOVERY_RETRY_LATER;
  g_free (run->action->detail);
  run->action->detail = g_strdup (why);
  run->step = STEP_NEXT_SESSION;
  run_step (run);
}

static void
fail_store (Run *run, const GError *error)
{
  g_autofree char *why = g_strdup_printf ("journal: %s", error->message);

  retry_later (run, why);
}

static void detail (Run *run, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
detail (Run *run, const char *format, ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  if (run->action->detail == NULL)
    run->action->detail = g_steal_pointer (&text);
  else
    {
      char *joined = g_strconcat (run->action->detail, "; ", text, NULL);

      g_free (run->action->detail);
      run->action->detail = joined;
    }
}

/* ---- the plan ------------------------------------------------------------- */

static void
plan_card (Run *run)
{
  const KioskJournalStep *feed_out = last_entry (run, KIOSK_STEP_FEED, KIOSK_JOURNAL_OUTCOME);
  const KioskJournalStep *result_in = last_entry (run, KIOSK_STEP_RESULT, KIOSK_JOURNAL_INTENT);

  run->serial = payload_get (run, feed_out, "$.serial");
  run->action->card_serial = g_strdup (run->serial);

  if (run->issuance && outcome_is (run, KIOSK_STEP_RESULT, "acknowledged"))
    {
      /* Step 9 done: nothing more. */
      g_autofree char *kind = payload_get (run, result_in, "$.result");

      run->close_outcome = g_strdup (g_strcmp0 (kind, "spoiled") == 0 ? "spoiled" : "issued");
      run->action->verdict
          = g_strcmp0 (kind, "spoiled") == 0 ? KIOSK_RECOVERY_SPOILED : KIOSK_RECOVERY_ISSUED;
      detail (run, "the center already acknowledged the result");
      run->step = STEP_CLOSE;
      return;
    }
  if (outcome_is (run, KIOSK_STEP_EJECT, "ejected"))
    {
      /* Step 8 done: the card is the citizen's. A report begun is repeated
       * exactly (its audit head too). */
      g_autofree char *begun = payload_get (run, result_in, "$.result");

      run->action->verdict = KIOSK_RECOVERY_ISSUED;
      run->close_outcome = g_strdup ("issued");
      run->reported_issued = TRUE;
      run->report_payload
          = g_strcmp0 (begun, "issued") == 0
                ? g_strdup (result_in->payload)
                : kiosk_flow_result_payload (run->store, KIOSK_CENTER_RESULT_ISSUED, NULL);
      run->step = run->issuance ? STEP_REPORT : STEP_CLOSE;
      return;
    }
  /* Steps 4–8 begun: where is the card? */
  run->uncertain_if_gone = has_intent (run, KIOSK_STEP_EJECT)
                           && outcome_result (run, KIOSK_STEP_EJECT) == NULL
                           && !has_intent (run, KIOSK_STEP_REJECT);
  if (result_in != NULL)
    {
      /* A spoiled report was begun: repeat exactly that request. */
      run->report_payload = g_strdup (result_in->payload);
      run->spoiled_step = payload_get (run, result_in, "$.step");
    }
  if (run->spoiled_step == NULL)
    {
      const KioskJournalStep *reject_in = last_entry (run, KIOSK_STEP_REJECT, KIOSK_JOURNAL_INTENT);

      run->spoiled_step = payload_get (run, reject_in, "$.step");
    }
  if (run->spoiled_step == NULL)
    run->spoiled_step = g_strdup (last_production_step (run));
  run->step = STEP_QUERY_FEEDER;
}

static void
plan_green_channel (Run *run)
{
  const KioskJournalStep *apply_out = last_entry (run, KIOSK_STEP_APPLY, KIOSK_JOURNAL_OUTCOME);

  run->issuance = TRUE;
  if (apply_out != NULL
      && (g_strcmp0 (apply_out->result, "ok") == 0
          || g_strcmp0 (apply_out->result, "recovered") == 0))
    run->application_id = payload_get (run, apply_out, "$.application_id");

  if (has_intent (run, KIOSK_STEP_FEED) && run->application_id != NULL)
    {
      plan_card (run);
      return;
    }
  if (run->application_id != NULL)
    {
      run->step = outcome_is (run, KIOSK_STEP_CANCEL, "ok") ? STEP_CLOSE : STEP_CANCEL;
      run->action->verdict = KIOSK_RECOVERY_APPLICATION_CANCELLED;
      run->close_outcome = g_strdup ("cancelled");
      return;
    }
  if (has_intent (run, KIOSK_STEP_APPLY)
      && (apply_out == NULL
          || !g_str_has_prefix (apply_out->result ? apply_out->result : "", "refused")))
    {
      run->step = STEP_APPLY_AGAIN;
      return;
    }
  run->action->verdict = KIOSK_RECOVERY_CLOSED;
  run->close_outcome = g_strdup (apply_out != NULL ? "refused" : "interrupted");
  run->step = STEP_CLOSE;
}

/* No card was made for a temporary card the center may have registered:
 * it is told "spoiled at feed", which withdraws the registration. */
static void
plan_withdraw_temporary (Run *run)
{
  const KioskJournalStep *result_in = last_entry (run, KIOSK_STEP_RESULT, KIOSK_JOURNAL_INTENT);

  run->action->verdict = KIOSK_RECOVERY_APPLICATION_CANCELLED;
  run->close_outcome = g_strdup ("cancelled");
  if (outcome_is (run, KIOSK_STEP_RESULT, "acknowledged"))
    {
      run->step = STEP_CLOSE;
      return;
    }
  g_free (run->spoiled_step);
  run->spoiled_step = g_strdup (KIOSK_STEP_FEED);
  /* A report that was begun is repeated exactly. */
  run->report_payload
      = result_in != NULL
            ? g_strdup (result_in->payload)
            : kiosk_flow_result_payload (run->store, KIOSK_CENTER_RESULT_SPOILED, KIOSK_STEP_FEED);
  run->step = STEP_REPORT;
}

static void
plan_temporary_card (Run *run)
{
  const char *registered = outcome_result (run, KIOSK_STEP_TEMPORARY);

  run->issuance = TRUE;
  run->temporary = TRUE;
  if (has_intent (run, KIOSK_STEP_FEED))
    {
      plan_card (run);
      return;
    }
  if (has_intent (run, KIOSK_STEP_TEMPORARY)
      && (registered == NULL || !g_str_has_prefix (registered, "refused")))
    {
      /* Registered (or maybe): no card was made. */
      plan_withdraw_temporary (run);
      return;
    }
  run->action->verdict = KIOSK_RECOVERY_CLOSED;
  run->close_outcome = g_strdup (registered != NULL ? "refused" : "interrupted");
  run->step = STEP_CLOSE;
}

static void
plan_loss (Run *run, const char *name)
{
  const char *result = outcome_result (run, name);

  run->action->verdict = KIOSK_RECOVERY_CLOSED;
  run->close_outcome = g_strdup ("interrupted");
  if (has_intent (run, name) && (result == NULL || g_str_has_prefix (result, "unknown")))
    run->step = STEP_REPEAT;
  else
    {
      if (result != NULL && g_str_has_prefix (result, "ok"))
        {
          g_free (run->close_outcome);
          run->close_outcome = g_strdup ("done");
        }
      run->step = STEP_CLOSE;
    }
}

static void
new_action (Run *run)
{
  run->action = g_new0 (KioskRecoveryAction, 1);
  run->action->session = g_strdup (run->session->uuid);
  run->action->service = g_strdup (run->session->service);
  if (run->session->last_step != NULL)
    run->action->last_step = g_strdup_printf (
        "%s:%s", run->session->last_step, kiosk_journal_phase_to_string (run->session->last_phase));
  g_ptr_array_add (run->actions, run->action);
}

static void
plan (Run *run)
{
  const char *service = run->session->service;

  if (g_strcmp0 (service, "green-channel") == 0)
    plan_green_channel (run);
  else if (g_strcmp0 (service, "temporary-card") == 0)
    plan_temporary_card (run);
  else if (g_strcmp0 (service, "temporary-loss") == 0 || g_strcmp0 (service, "formal-loss") == 0
           || g_strcmp0 (service, "unblock") == 0)
    plan_loss (run, service);
  else if (g_strcmp0 (service, "progress") == 0 && has_intent (run, KIOSK_STEP_RESUBMIT))
    plan_loss (run, KIOSK_STEP_RESUBMIT); /* an R3 correction: learn its answer */
  else
    {
      /* Progress queries and anything without an effect. */
      run->action->verdict = KIOSK_RECOVERY_CLOSED;
      run->close_outcome = g_strdup ("interrupted");
      run->step = STEP_CLOSE;
    }
}

/* ---- the card transport --------------------------------------------------- */

static KioskCardFeeder *
feeder_of (Run *run)
{
  KioskDevice *device = kiosk_context_get_card_feeder (run->self->context);

  return device != NULL && KIOSK_IS_CARD_FEEDER (device) ? KIOSK_CARD_FEEDER (device) : NULL;
}

/* After the transport answered: what happens to the card. */
static void
decide_card (Run *run)
{
  gboolean inside = kiosk_card_feeder_state_card_inside (run->feeder);

  if (run->serial == NULL)
    {
      const KioskJournalStep *feed_in = last_entry (run, KIOSK_STEP_FEED, KIOSK_JOURNAL_INTENT);
      g_autofree char *before = payload_get (run, feed_in, "$.fed_before");
      guint64 fed_before = before != NULL ? g_ascii_strtoull (before, NULL, 10) : G_MAXUINT64;

      if (before != NULL && run->feeder->fed > fed_before)
        {
          run->step = STEP_TAKE_STOCK;
          return;
        }
      /* No card left the hopper: no card is involved. */
      detail (run, "no card left the hopper");
      if (run->temporary)
        plan_withdraw_temporary (run);
      else if (run->issuance)
        {
          run->action->verdict = KIOSK_RECOVERY_APPLICATION_CANCELLED;
          run->close_outcome = g_strdup ("cancelled");
          run->step = outcome_is (run, KIOSK_STEP_CANCEL, "ok") ? STEP_CLOSE : STEP_CANCEL;
        }
      else
        {
          run->action->verdict = KIOSK_RECOVERY_CLOSED;
          run->close_outcome = g_strdup ("interrupted");
          run->step = STEP_CLOSE;
        }
      return;
    }
  if (run->uncertain_if_gone && !inside)
    {
      /* The eject was intended and the card is gone: in the citizen's hand,
       * or not — a technician decides; the center hears nothing. */
      run->action->verdict = KIOSK_RECOVERY_UNCERTAIN;
      run->close_outcome = g_strdup ("uncertain");
      run->step = STEP_MARK_UNCERTAIN;
      return;
    }
  run->action->verdict = KIOSK_RECOVERY_SPOILED;
  run->close_outcome = g_strdup ("spoiled");
  run->step = inside ? STEP_REJECT : STEP_MARK_SPOILED;
}

static void
feeder_state_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;
  g_autoptr (GError) error = NULL;

  run->feeder = kiosk_card_feeder_query_state_finish (KIOSK_CARD_FEEDER (source), result, &error);
  if (run->feeder == NULL)
    {
      g_autofree char *why = g_strdup_printf ("card transport: %s", error->message);

      retry_later (run, why);
      return;
    }
  decide_card (run);
  run_step (run);
}

typedef struct
{
  Run *run;
  char *serial;
} TakeTx;

static gboolean
take_tx (KioskDb *db, gpointer user_data, GError **error)
{
  TakeTx *tx = user_data;
  g_autofree char *payload = NULL;

  tx->serial = kiosk_store_stock_take (tx->run->store, tx->run->session->uuid, error);
  if (tx->serial == NULL)
    return FALSE;
  payload = g_strdup_printf ("{\"serial\":\"%s\"}", tx->serial);
  return outcome (tx->run, KIOSK_STEP_FEED, "recovered: fed", payload, error);
}

static void
rejected_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) local = NULL;
  gboolean ok = kiosk_card_feeder_reject_finish (KIOSK_CARD_FEEDER (source), result, &error);
  g_autofree char *line = ok ? g_strdup ("ok") : g_strdup_printf ("failed: %s", error->message);

  /* Spoiled either way: in the bin or still in the machine. */
  if (!outcome (run, KIOSK_STEP_REJECT, line, NULL, &local))
    {
      fail_store (run, local);
      return;
    }
  detail (run, ok ? "card moved to the reject bin" : "the card could not be moved to the bin");
  run->step = STEP_MARK_SPOILED;
  run_step (run);
}

/* ---- the center ----------------------------------------------------------- */

static void
center_failed (Run *run, const char *what, const GError *error)
{
  g_autofree char *why = g_strdup_printf ("unknown: %s", error->message);
  g_autoptr (GError) local = NULL;

  /* "unknown": the next start asks again with the same key. */
  outcome (run, what, why, NULL, &local);
  retry_later (run, why);
}

static void
reported_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) local = NULL;
  gboolean ok
      = run->temporary
            ? kiosk_center_report_temporary_card_finish (KIOSK_CENTER (source), result, &error)
            : kiosk_center_report_result_finish (KIOSK_CENTER (source), result, &error);

  if (!ok)
    {
      center_failed (run, KIOSK_STEP_RESULT, error);
      return;
    }
  if (!outcome (run, KIOSK_STEP_RESULT, "acknowledged", NULL, &local))
    {
      fail_store (run, local);
      return;
    }
  detail (run, "the center was told %s", run->reported_issued ? "issued" : "spoiled");
  run->step = STEP_CLOSE;
  run_step (run);
}

static void
learnt_temporary_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) local = NULL;
  KioskCard *card;

  card = kiosk_center_issue_temporary_card_finish (KIOSK_CENTER (source), result, &error);
  if (card == NULL && kiosk_center_error_get_refusal (error) != NULL)
    {
      /* It had been refused: nothing was registered, nothing to tell. */
      if (!outcome (run, KIOSK_STEP_TEMPORARY, "refused", NULL, &local))
        {
          fail_store (run, local);
          return;
        }
      detail (run, "the temporary card had been refused");
      run->action->verdict = KIOSK_RECOVERY_CLOSED;
      g_free (run->close_outcome);
      run->close_outcome = g_strdup ("refused");
      run->step = STEP_CLOSE;
      run_step (run);
      return;
    }
  if (card == NULL)
    {
      /* Not learnt: the next start asks again (nothing journaled). */
      g_autofree char *why = g_strdup_printf ("unknown: %s", error->message);

      retry_later (run, why);
      return;
    }
  run->temporary_number = g_strdup (card->card_number);
  kiosk_session_wipe_card (&card);
  run->step = STEP_REPORT;
  run_step (run);
}

/* The temporary card's number is not journaled (it is personal): the
 * center answers ":temporary-card" again with what it answered the first
 * time. */
static void
learn_temporary (Run *run)
{
  const KioskJournalStep *issue_in = last_entry (run, KIOSK_STEP_TEMPORARY, KIOSK_JOURNAL_INTENT);

  if (issue_in == NULL || issue_in->idem_key == NULL || run->id_number == NULL)
    {
      detail (run, "the temporary card cannot be named to the center (its request is gone)");
      run->step = STEP_CLOSE;
      run_step (run);
      return;
    }
  kiosk_center_issue_temporary_card_async (run->center, issue_in->idem_key, run->id_number,
                                           g_task_get_cancellable (run->task), learnt_temporary_cb,
                                           run);
}

static void
cancelled_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) local = NULL;

  if (!kiosk_center_cancel_application_finish (KIOSK_CENTER (source), result, &error))
    {
      center_failed (run, KIOSK_STEP_CANCEL, error);
      return;
    }
  if (!outcome (run, KIOSK_STEP_CANCEL, "ok", NULL, &local))
    {
      fail_store (run, local);
      return;
    }
  detail (run, "application cancelled");
  run->step = STEP_CLOSE;
  run_step (run);
}

static void
applied_again_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) local = NULL;
  g_autoptr (KioskCenterApplication) app = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *id_json = NULL;

  app = kiosk_center_apply_green_channel_finish (KIOSK_CENTER (source), result, &error);
  if (app == NULL)
    {
      if (kiosk_center_error_get_refusal (error) != NULL)
        {
          /* It was refused: nothing was created. */
          if (!outcome (run, KIOSK_STEP_APPLY, "refused", NULL, &local))
            {
              fail_store (run, local);
              return;
            }
          run->action->verdict = KIOSK_RECOVERY_CLOSED;
          run->close_outcome = g_strdup ("refused");
          detail (run, "the application had been refused");
          run->step = STEP_CLOSE;
          run_step (run);
          return;
        }
      center_failed (run, KIOSK_STEP_APPLY, error);
      return;
    }
  id_json = kiosk_flow_json_string (app->application_id);
  payload = g_strdup_printf ("{\"application_id\":%s}", id_json);
  if (!outcome (run, KIOSK_STEP_APPLY, "recovered", payload, &local))
    {
      fail_store (run, local);
      return;
    }
  run->application_id = g_strdup (app->application_id);
  run->action->verdict = KIOSK_RECOVERY_APPLICATION_CANCELLED;
  run->close_outcome = g_strdup ("cancelled");
  run->step = STEP_CANCEL;
  run_step (run);
}

/* The application exactly as it was sent: the session's personal fields,
 * its photo file and the intent's payload. */
static KioskCenterApplicationRequest *
rebuild_request (Run *run, GError **error)
{
  const KioskJournalStep *apply_in = last_entry (run, KIOSK_STEP_APPLY, KIOSK_JOURNAL_INTENT);
  g_autoptr (KioskCenterApplicationRequest) request = kiosk_center_application_request_new ();
  g_autofree char *photo_path = NULL;
  char *contents = NULL;
  gsize len = 0;

  if (!kiosk_store_session_get_person (run->store, run->session->uuid, &request->id_number,
                                       &request->name, &request->phone, &photo_path, error))
    return NULL;
  if (request->id_number == NULL || photo_path == NULL)
    {
      g_set_error_literal (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_STORE,
                           "the session's personal data is gone");
      return NULL;
    }
  if (!g_file_get_contents (photo_path, &contents, &len, error))
    return NULL;
  request->photo = g_bytes_new_take (contents, len);
  request->bank = payload_get (run, apply_in, "$.bank");
  request->nation = payload_get (run, apply_in, "$.nation");
  request->postal_code = payload_get (run, apply_in, "$.postal_code");
  request->address = payload_get (run, apply_in, "$.address");
  return g_steal_pointer (&request);
}

static void
repeated_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;
  const char *service = run->session->service;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) local = NULL;
  KioskCard *card = NULL;
  const char *name = service;

  if (g_strcmp0 (service, "progress") == 0)
    {
      KioskProgress *progress
          = kiosk_center_resubmit_pre_account_finish (KIOSK_CENTER (source), result, &error);

      name = KIOSK_STEP_RESUBMIT;
      if (progress != NULL)
        {
          /* Only "it was done" matters here; a card stands for it. */
          card = kiosk_card_new (progress->kind);
          kiosk_progress_free (progress);
        }
    }
  else if (g_strcmp0 (service, "temporary-loss") == 0)
    card = kiosk_center_temporary_loss_finish (KIOSK_CENTER (source), result, &error);
  else if (g_strcmp0 (service, "formal-loss") == 0)
    card = kiosk_center_formal_loss_finish (KIOSK_CENTER (source), result, &error);
  else
    card = kiosk_center_unblock_finish (KIOSK_CENTER (source), result, &error);
  if (card == NULL && kiosk_center_error_get_refusal (error) == NULL)
    {
      center_failed (run, name, error);
      return;
    }
  if (!outcome (run, name, card != NULL ? "recovered: ok" : "refused", NULL, &local))
    {
      kiosk_session_wipe_card (&card);
      fail_store (run, local);
      return;
    }
  detail (run, "the center's answer was %s", card != NULL ? "done" : "a refusal");
  g_free (run->close_outcome);
  run->close_outcome = g_strdup (card != NULL ? "done" : "refused");
  kiosk_session_wipe_card (&card);
  run->step = STEP_CLOSE;
  run_step (run);
}

/* The R3 correction exactly as it was sent: the session's phone or photo
 * file, as the intent's payload says. FALSE (with a detail) when they are
 * gone: the center's state then shows what happened. */
static gboolean
repeat_resubmit (Run *run, const char *key, const char *id_number)
{
  const KioskJournalStep *intent_step = last_entry (run, KIOSK_STEP_RESUBMIT, KIOSK_JOURNAL_INTENT);
  g_autofree char *fix = payload_get (run, intent_step, "$.fix");
  g_autofree char *phone = NULL;
  g_autofree char *photo_path = NULL;
  g_autoptr (GBytes) photo = NULL;
  g_autoptr (GError) error = NULL;

  if (!kiosk_store_session_get_person (run->store, run->session->uuid, NULL, NULL, &phone,
                                       &photo_path, &error))
    {
      detail (run, "the correction could not be repeated: %s", error->message);
      return FALSE;
    }
  if (g_strcmp0 (fix, "photo") == 0 && photo_path != NULL)
    {
      char *contents = NULL;
      gsize len = 0;

      if (!g_file_get_contents (photo_path, &contents, &len, &error))
        {
          detail (run, "the correction could not be repeated: %s", error->message);
          return FALSE;
        }
      photo = g_bytes_new_take (contents, len);
      g_clear_pointer (&phone, g_free);
    }
  else if (g_strcmp0 (fix, "phone") != 0 || phone == NULL)
    {
      detail (run, "the correction could not be repeated: its data is gone");
      return FALSE;
    }
  kiosk_center_resubmit_pre_account_async (run->center, key, id_number, NULL, phone, photo,
                                           g_task_get_cancellable (run->task), repeated_cb, run);
  if (phone != NULL)
    explicit_bzero (phone, strlen (phone));
  return TRUE;
}

static void
repeat_call (Run *run)
{
  const char *service = run->session->service;
  g_autoptr (GError) error = NULL;
  g_autofree char *id_number = NULL;
  const char *name = g_strcmp0 (service, "progress") == 0 ? KIOSK_STEP_RESUBMIT : service;
  const KioskJournalStep *loss_in = last_entry (run, name, KIOSK_JOURNAL_INTENT);
  g_autofree char *key = loss_in != NULL ? g_strdup (loss_in->idem_key) : key_of (run, name);

  if (!kiosk_store_session_get_person (run->store, run->session->uuid, &id_number, NULL, NULL, NULL,
                                       &error)
      || id_number == NULL)
    {
      /* Nothing to ask with: close; the center's state shows what happened. */
      detail (run, "no ID number to repeat the call with");
      run->step = STEP_CLOSE;
      run_step (run);
      return;
    }
  if (g_strcmp0 (service, "progress") == 0)
    {
      if (!repeat_resubmit (run, key, id_number))
        {
          explicit_bzero (id_number, strlen (id_number));
          run->step = STEP_CLOSE;
          run_step (run);
          return;
        }
    }
  else if (g_strcmp0 (service, "temporary-loss") == 0)
    kiosk_center_temporary_loss_async (run->center, key, id_number, NULL,
                                       g_task_get_cancellable (run->task), repeated_cb, run);
  else if (g_strcmp0 (service, "formal-loss") == 0)
    {
      g_autofree char *functions = payload_get (run, loss_in, "$.functions");
      KioskCardFunction f = g_strcmp0 (functions, "social") == 0 ? KIOSK_CARD_FUNCTION_SOCIAL
                            : g_strcmp0 (functions, "financial") == 0
                                ? KIOSK_CARD_FUNCTION_FINANCIAL
                                : KIOSK_CARD_FUNCTION_BOTH;

      kiosk_center_formal_loss_async (run->center, key, id_number, NULL, f,
                                      g_task_get_cancellable (run->task), repeated_cb, run);
    }
  else
    kiosk_center_unblock_async (run->center, key, id_number, NULL,
                                g_task_get_cancellable (run->task), repeated_cb, run);
  explicit_bzero (id_number, strlen (id_number));
}

/* ---- the switch ----------------------------------------------------------- */

static gboolean
mark_card (Run *run, KioskCardState state, GError **error)
{
  g_autoptr (KioskStockCard) card = NULL;
  g_autofree char *reason = NULL;

  if (run->serial == NULL)
    return TRUE;
  card = kiosk_store_stock_get (run->store, run->serial, error);
  if (card == NULL)
    return FALSE;
  if (card->state != KIOSK_CARD_IN_MACHINE)
    return TRUE; /* settled before the crash */
  reason = g_strdup_printf ("%s: interrupted (recovered at start)", run->spoiled_step);
  if (state == KIOSK_CARD_SPOILED)
    return kiosk_store_stock_mark_spoiled (run->store, run->serial, reason, error);
  return kiosk_store_stock_mark_uncertain (run->store, run->serial, reason, error);
}

static void
next_session (Run *run)
{
  reset_session (run);
  if (run->index >= run->sessions->len)
    {
      g_task_return_pointer (run->task, g_ptr_array_ref (run->actions),
                             (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (run->task);
      return;
    }
  run->session = g_ptr_array_index (run->sessions, run->index++);
  run->step = STEP_PLAN;
  run_step (run);
}

static void
run_step (Run *run)
{
  g_autoptr (GError) error = NULL;

  if (g_task_return_error_if_cancelled (run->task))
    {
      g_object_unref (run->task);
      return;
    }
  switch (run->step)
    {
      case STEP_PLAN:
        new_action (run);
        run->steps = kiosk_store_list_steps (run->store, run->session->uuid, &error);
        if (run->steps == NULL)
          {
            fail_store (run, error);
            return;
          }
        plan (run);
        run_step (run);
        return;

      case STEP_QUERY_FEEDER:
        if (feeder_of (run) == NULL)
          {
            retry_later (run, "no card transport to ask where the card is");
            return;
          }
        kiosk_card_feeder_query_state_async (feeder_of (run), g_task_get_cancellable (run->task),
                                             feeder_state_cb, run);
        return;

      case STEP_TAKE_STOCK:
        {
          TakeTx tx = { run, NULL };

          if (!kiosk_db_transaction (kiosk_store_get_db (run->store), take_tx, &tx, &error))
            {
              g_free (tx.serial);
              fail_store (run, error);
              return;
            }
          run->serial = tx.serial;
          run->action->card_serial = g_strdup (tx.serial);
          detail (run, "a card had left the hopper");
          decide_card (run);
          run_step (run);
          return;
        }

      case STEP_REJECT:
        {
          g_autofree char *payload = g_strdup_printf ("{\"serial\":\"%s\",\"step\":\"%s\"}",
                                                      run->serial, run->spoiled_step);

          if (!intent (run, KIOSK_STEP_REJECT, NULL, payload, &error))
            {
              fail_store (run, error);
              return;
            }
          kiosk_card_feeder_reject_async (feeder_of (run), g_task_get_cancellable (run->task),
                                          rejected_cb, run);
          return;
        }

      case STEP_MARK_SPOILED:
        if (!mark_card (run, KIOSK_CARD_SPOILED, &error))
          {
            fail_store (run, error);
            return;
          }
        if (run->issuance)
          {
            if (run->report_payload == NULL)
              run->report_payload = kiosk_flow_result_payload (
                  run->store, KIOSK_CENTER_RESULT_SPOILED, run->spoiled_step);
            run->step = STEP_REPORT;
          }
        else
          run->step = STEP_CLOSE;
        run_step (run);
        return;

      case STEP_MARK_UNCERTAIN:
        if (!mark_card (run, KIOSK_CARD_UNCERTAIN, &error))
          {
            fail_store (run, error);
            return;
          }
        detail (run, "the card left the machine after the eject was intended: a technician "
                     "confirms");
        run->step = STEP_CLOSE;
        run_step (run);
        return;

      case STEP_REPORT:
        {
          g_autofree char *key = key_of (run, KIOSK_STEP_RESULT);
          g_autofree char *audit_head = NULL;
          KioskCenterResult result
              = run->reported_issued ? KIOSK_CENTER_RESULT_ISSUED : KIOSK_CENTER_RESULT_SPOILED;

          if (run->temporary && run->temporary_number == NULL)
            {
              run->step = STEP_LEARN_TEMPORARY;
              run_step (run);
              return;
            }
          if (!intent (run, KIOSK_STEP_RESULT, key, run->report_payload, &error))
            {
              fail_store (run, error);
              return;
            }
          /* The head the intent holds: the one the first attempt sent. */
          audit_head = kiosk_flow_json_get (run->store, run->report_payload, "$.audit_head");
          if (run->temporary)
            kiosk_center_report_temporary_card_async (
                run->center, key, run->id_number, run->temporary_number, result,
                run->reported_issued ? NULL : run->spoiled_step, audit_head,
                g_task_get_cancellable (run->task), reported_cb, run);
          else
            kiosk_center_report_result_async (run->center, key, run->application_id, result,
                                              run->reported_issued ? NULL : run->spoiled_step,
                                              audit_head, g_task_get_cancellable (run->task),
                                              reported_cb, run);
          return;
        }

      case STEP_LEARN_TEMPORARY:
        if (run->id_number == NULL
            && !kiosk_store_session_get_person (run->store, run->session->uuid, &run->id_number,
                                                NULL, NULL, NULL, &error))
          {
            fail_store (run, error);
            return;
          }
        learn_temporary (run);
        return;

      case STEP_APPLY_AGAIN:
        {
          g_autoptr (KioskCenterApplicationRequest) request = rebuild_request (run, &error);
          g_autofree char *key = key_of (run, KIOSK_STEP_APPLY);

          if (request == NULL)
            {
              /* Without the request the answer cannot be learnt; the
               * application (if any) waits at the center for a window. */
              detail (run, "the application could not be repeated: %s", error->message);
              run->action->verdict = KIOSK_RECOVERY_CLOSED;
              run->close_outcome = g_strdup ("interrupted");
              run->step = STEP_CLOSE;
              run_step (run);
              return;
            }
          kiosk_center_apply_green_channel_async (
              run->center, key, request, g_task_get_cancellable (run->task), applied_again_cb, run);
          return;
        }

      case STEP_CANCEL:
        {
          g_autofree char *key = key_of (run, KIOSK_STEP_CANCEL);

          if (!intent (run, KIOSK_STEP_CANCEL, key, NULL, &error))
            {
              fail_store (run, error);
              return;
            }
          kiosk_center_cancel_application_async (run->center, key, run->application_id,
                                                 g_task_get_cancellable (run->task), cancelled_cb,
                                                 run);
          return;
        }

      case STEP_REPEAT:
        repeat_call (run);
        return;

      case STEP_CLOSE:
        if (!kiosk_store_session_close (run->store, run->session->uuid, run->close_outcome, &error))
          {
            fail_store (run, error);
            return;
          }
        g_message ("recovery: session %s (%s) %s", run->session->uuid, run->session->service,
                   kiosk_recovery_verdict_to_string (run->action->verdict));
        run->step = STEP_NEXT_SESSION;
        run_step (run);
        return;

      case STEP_NEXT_SESSION:
        next_session (run);
        return;

      default:
        g_assert_not_reached ();
    }
}

/* ---- object --------------------------------------------------------------- */

static void
kiosk_recovery_dispose (GObject *object)
{
  g_clear_object (&KIOSK_RECOVERY (object)->context);
  G_OBJECT_CLASS (kiosk_recovery_parent_class)->dispose (object);
}

static void
kiosk_recovery_class_init (KioskRecoveryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kiosk_recovery_dispose;
}

static void
kiosk_recovery_init (KioskRecovery *self)
{
}

KioskRecovery *
kiosk_recovery_new (KioskContext *context)
{
  KioskRecovery *self;

  g_return_val_if_fail (KIOSK_IS_CONTEXT (context), NULL);
  self = g_object_new (KIOSK_TYPE_RECOVERY, NULL);
  self->context = g_object_ref (context);
  return self;
}

void
kiosk_recovery_run_async (KioskRecovery *self,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data)
{
  Run *run;
  g_autoptr (GError) error = NULL;
  GPtrArray *sessions;

  g_return_if_fail (KIOSK_IS_RECOVERY (self));

  run = g_new0 (Run, 1);
  run->self = self;
  run->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (run->task, kiosk_recovery_run_async);
  g_task_set_task_data (run->task, run, (GDestroyNotify) run_free);
  run->store = kiosk_context_get_store (self->context);
  run->center = kiosk_context_get_center (self->context);
  run->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_recovery_action_free);

  sessions = kiosk_store_list_open_sessions (run->store, &error);
  if (sessions == NULL)
    {
      g_task_return_error (run->task, g_steal_pointer (&error));
      g_object_unref (run->task);
      return;
    }
  run->sessions = sessions;
  next_session (run);
}

GPtrArray *
kiosk_recovery_run_finish (KioskRecovery *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
