/* kiosk-uncertain-report.c — an uncertain card settled by a technician, told to the center */
#define G_LOG_DOMAIN "kiosk-technician"

#include "config.h"

#include "kiosk-flow-private.h"
#include "kiosk-uncertain-report.h"
#include "kiosk-session.h"
#include "kiosk-wipe.h"

#define STEP_RESULT    "result"
#define STEP_APPLY     "apply"
#define STEP_TEMPORARY "temporary-card"
#define SPOILED_AT     "eject" /* an uncertain card stopped after its eject was intended */

typedef struct
{
  KioskStore *store;
  KioskCenter *center;
  char *serial;
  char *actor;
  char *card_session;   /* the card's own session */
  char *report_session; /* the report's */
  char *key;            /* "<card_session>:result" */
  char *application_id; /* green channel */
  char *temporary_key;  /* temporary card: the key of its issue */
  char *id_number;      /* temporary card: whose (wiped when done) */
  char *card_number;    /* temporary card: learnt again */
  char *audit_head;     /* issue 7 §6: the one the key was first sent with */
  KioskCenterResult result;
} Report;

static void
report_free (Report *report)
{
  g_clear_object (&report->store);
  g_clear_object (&report->center);
  g_free (report->serial);
  g_free (report->actor);
  g_free (report->card_session);
  g_free (report->report_session);
  g_free (report->key);
  g_free (report->application_id);
  g_free (report->temporary_key);
  if (report->id_number != NULL)
    kiosk_wipe_string (report->id_number);
  g_free (report->id_number);
  if (report->card_number != NULL)
    kiosk_wipe_string (report->card_number);
  g_free (report->card_number);
  g_free (report->audit_head);
  g_free (report);
}

static const KioskJournalStep *
last_entry (GPtrArray *steps, const char *name, KioskJournalPhase phase)
{
  const KioskJournalStep *found = NULL;

  for (guint i = 0; i < steps->len; i++)
    {
      const KioskJournalStep *step = g_ptr_array_index (steps, i);

      if (g_strcmp0 (step->step, name) == 0 && step->phase == phase)
        found = step;
    }
  return found;
}

/* What to report and to whom, from the card and its session; nothing written. */
static gboolean
plan (Report *report, GError **error)
{
  g_autoptr (KioskStockCard) card = kiosk_store_stock_get (report->store, report->serial, error);
  g_autoptr (KioskJournalSession) session = NULL;
  g_autoptr (GPtrArray) steps = NULL;

  if (card == NULL)
    return FALSE;
  if ((card->state != KIOSK_CARD_ISSUED && card->state != KIOSK_CARD_SPOILED)
      || card->session == NULL)
    goto not_settled;
  session = kiosk_store_session_get (report->store, card->session, error);
  if (session == NULL)
    return FALSE;
  if (g_strcmp0 (session->outcome, "uncertain") != 0)
    goto not_settled;
  steps = kiosk_store_list_steps (report->store, card->session, error);
  if (steps == NULL)
    return FALSE;
  report->card_session = g_strdup (card->session);
  report->key = g_strconcat (card->session, ":", STEP_RESULT, NULL);
  report->result
      = card->state == KIOSK_CARD_ISSUED ? KIOSK_CENTER_RESULT_ISSUED : KIOSK_CENTER_RESULT_SPOILED;
  if (g_strcmp0 (session->service, "green-channel") == 0)
    {
      const KioskJournalStep *apply = last_entry (steps, STEP_APPLY, KIOSK_JOURNAL_OUTCOME);

      report->application_id
          = apply != NULL ? kiosk_flow_json_get (report->store, apply->payload, "$.application_id")
                          : NULL;
      if (report->application_id != NULL)
        return TRUE;
    }
  else if (g_strcmp0 (session->service, "temporary-card") == 0)
    {
      const KioskJournalStep *issue = last_entry (steps, STEP_TEMPORARY, KIOSK_JOURNAL_INTENT);

      if (issue != NULL && issue->idem_key != NULL
          && !kiosk_store_session_get_person (report->store, card->session, &report->id_number,
                                              NULL, NULL, NULL, error))
        return FALSE;
      report->temporary_key = issue != NULL ? g_strdup (issue->idem_key) : NULL;
      if (report->temporary_key != NULL && report->id_number != NULL)
        return TRUE;
    }
  g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_STATE,
               "卡片 %s 的办理记录不全，无法通知中心，请到中心登记 (the session of card %s does "
               "not name its application: report it to the center by hand)",
               report->serial, report->serial);
  return FALSE;

not_settled:
  g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_STATE,
               "卡片 %s 不是已确认的待确认卡 (card %s is not an uncertain card settled by a "
               "technician)",
               report->serial, report->serial);
  return FALSE;
}

/* Issue 7 §6: the audit head goes with the report. A report tried before
 * under the same key (it failed; the technician tries again) sends the head
 * it was first sent with — the center compares a repeated key's request. */
static gboolean
choose_audit_head (Report *report, GError **error)
{
  g_autoptr (KioskJournalStep) before = NULL;

  if (!kiosk_store_journal_find_intent (report->store, report->key, &before, error))
    return FALSE;
  if (before != NULL)
    {
      report->audit_head = kiosk_flow_json_get (report->store, before->payload, "$.audit_head");
      return TRUE;
    }
  return kiosk_store_audit_head (report->store, &report->audit_head, error);
}

static void
finish (GTask *task, const GError *center_error)
{
  Report *report = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autofree char *outcome = NULL;
  g_autofree char *detail = NULL;
  const char *fact = kiosk_center_result_to_string (report->result);

  outcome = center_error != NULL ? g_strdup_printf ("failed: %s", center_error->message)
                                 : g_strdup ("acknowledged");
  detail = g_strdup_printf ("%s %s → center: %s", report->serial, fact,
                            center_error != NULL ? center_error->message : "acknowledged");
  if (kiosk_store_journal_outcome (report->store, report->report_session, STEP_RESULT, outcome,
                                   NULL, &error)
          <= 0
      || !kiosk_store_session_close (report->store, report->report_session,
                                     center_error != NULL ? "report-failed" : "reported", &error)
      || kiosk_store_audit_append (report->store, report->actor, "stock.report", detail, &error)
             <= 0)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (center_error != NULL)
    {
      g_task_return_new_error (task, center_error->domain, center_error->code,
                               "中心没有收到卡片 %s 的结果，请稍后再试 (the center did not take "
                               "the result of card %s: %s)",
                               report->serial, report->serial, center_error->message);
      return;
    }
  g_info ("stock: card %s reported %s to the center", report->serial, fact);
  g_task_return_boolean (task, TRUE);
}

static void
reported_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Report *report = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  gboolean ok
      = report->application_id != NULL
            ? kiosk_center_report_result_finish (KIOSK_CENTER (source), result, &error)
            : kiosk_center_report_temporary_card_finish (KIOSK_CENTER (source), result, &error);

  if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  finish (task, ok ? NULL : error);
}

static void
learnt_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Report *report = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  KioskCard *card
      = kiosk_center_issue_temporary_card_finish (KIOSK_CENTER (source), result, &error);
  GCancellable *cancellable;

  if (card == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        finish (task, error);
      return;
    }
  report->card_number = g_strdup (card->card_number);
  kiosk_session_wipe_card (&card);
  /* The cancellable is read before the task is handed on: the order in
   * which a call's arguments are evaluated is unspecified. */
  cancellable = g_task_get_cancellable (task);
  kiosk_center_report_temporary_card_async (
      report->center, report->key, report->id_number, report->card_number, report->result,
      report->result == KIOSK_CENTER_RESULT_SPOILED ? SPOILED_AT : NULL, report->audit_head,
      cancellable, reported_cb, g_steal_pointer (&task));
}

void
kiosk_uncertain_report_async (KioskStore *store,
                              KioskCenter *center,
                              const char *serial,
                              const char *actor,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *session_json = NULL;
  g_autofree char *serial_json = NULL;
  Report *report;

  g_return_if_fail (KIOSK_IS_STORE (store));
  g_return_if_fail (KIOSK_IS_CENTER (center));
  g_return_if_fail (serial != NULL && actor != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiosk_uncertain_report_async);
  report = g_new0 (Report, 1);
  report->store = g_object_ref (store);
  report->center = g_object_ref (center);
  report->serial = g_strdup (serial);
  report->actor = g_strdup (actor);
  g_task_set_task_data (task, report, (GDestroyNotify) report_free);

  if (!plan (report, &error) || !choose_audit_head (report, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Intent before effect, in a session of its own (the card's is closed). */
  session_json = kiosk_flow_json_string (report->card_session);
  serial_json = kiosk_flow_json_string (serial);
  payload = g_strdup_printf ("{\"session\":%s,\"serial\":%s,\"result\":\"%s\"%s%s%s}", session_json,
                             serial_json, kiosk_center_result_to_string (report->result),
                             report->audit_head != NULL ? ",\"audit_head\":\"" : "",
                             report->audit_head != NULL ? report->audit_head : "",
                             report->audit_head != NULL ? "\"" : "");
  report->report_session
      = kiosk_store_session_begin (store, KIOSK_UNCERTAIN_REPORT_SERVICE, &error);
  if (report->report_session == NULL
      || kiosk_store_journal_intent (store, report->report_session, STEP_RESULT, report->key,
                                     payload, &error)
             <= 0)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (report->application_id != NULL)
    kiosk_center_report_result_async (
        center, report->key, report->application_id, report->result,
        report->result == KIOSK_CENTER_RESULT_SPOILED ? SPOILED_AT : NULL, report->audit_head,
        cancellable, reported_cb, g_steal_pointer (&task));
  else
    kiosk_center_issue_temporary_card_async (center, report->temporary_key, report->id_number,
                                             cancellable, learnt_cb, g_steal_pointer (&task));
}

gboolean
kiosk_uncertain_report_finish (KioskStore *store,
                               GAsyncResult *result,
                               KioskCenterResult *reported,
                               GError **error)
{
  Report *report;

  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  report = g_task_get_task_data (G_TASK (result));
  if (reported != NULL)
    *reported = report->result;
  return g_task_propagate_boolean (G_TASK (result), error);
}
