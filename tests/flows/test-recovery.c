/* test-recovery.c — KioskRecovery for every row of ISSUANCE.md's table
 *
 * A crash is simulated by dropping the flow and its context at a step (the
 * calls in flight are cancelled, nothing more is written), sometimes after
 * changing the card transport's state file the way the hardware would have
 * moved; then a fresh context over the same files runs the recovery. After
 * each: the derived stock equals what the transport holds, the center heard
 * each fact once, no session is left open. */
#include "config.h"

#include <string.h>

#include "flows-rig.h"
#include "kiosk-green-channel-flow.h"
#include "kiosk-progress-flow.h"
#include "kiosk-recovery.h"
#include "kiosk-rules.h"
#include "kiosk-temporary-card-flow.h"
#include "kiosk-temporary-loss-flow.h"
#include "kiosk-test-audit.h"
#include "kiosk-test.h"

#define S(x) KIOSK_GREEN_CHANNEL_STATE_##x

/* The transport's state file, changed as the hardware would have moved. */
static void
move_card (FlowsRig *rig, const char *position, int fed, int ejected, int taken)
{
  g_autofree char *path = g_build_filename (rig->dir, "cardfeed.ini", NULL);
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, &error));
  g_key_file_set_string (kf, "cardfeed", "position", position);
  g_key_file_set_uint64 (kf, "cardfeed", "hopper",
                         g_key_file_get_uint64 (kf, "cardfeed", "hopper", NULL) - fed);
  g_key_file_set_uint64 (kf, "cardfeed", "fed",
                         g_key_file_get_uint64 (kf, "cardfeed", "fed", NULL) + fed);
  g_key_file_set_uint64 (kf, "cardfeed", "ejected",
                         g_key_file_get_uint64 (kf, "cardfeed", "ejected", NULL) + ejected);
  g_key_file_set_uint64 (kf, "cardfeed", "taken",
                         g_key_file_get_uint64 (kf, "cardfeed", "taken", NULL) + taken);
  g_assert_true (g_key_file_save_to_file (kf, path, &error));
}

/* Recovers and checks the one action; returns the session's outcome. */
static char *
recover_one (FlowsRig *rig, const char *uuid, KioskRecoveryVerdict verdict)
{
  g_autoptr (GPtrArray) actions = flows_rig_recover (rig);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskJournalSession) session = NULL;
  g_autoptr (GPtrArray) open = NULL;
  KioskRecoveryAction *action;

  g_assert_cmpuint (actions->len, ==, 1);
  action = g_ptr_array_index (actions, 0);
  g_test_message ("recovery: %s %s (%s)", action->service,
                  kiosk_recovery_verdict_to_string (action->verdict),
                  action->detail ? action->detail : "");
  g_assert_cmpstr (action->session, ==, uuid);
  g_assert_cmpstr (kiosk_recovery_verdict_to_string (action->verdict), ==,
                   kiosk_recovery_verdict_to_string (verdict));
  flows_assert_intent_before_effect (flows_rig_store (rig), uuid);
  session = kiosk_store_session_get (flows_rig_store (rig), uuid, &error);
  g_assert_no_error (error);
  open = kiosk_store_list_open_sessions (flows_rig_store (rig), &error);
  if (verdict == KIOSK_RECOVERY_RETRY_LATER)
    {
      g_assert_null (session->outcome);
      g_assert_cmpuint (open->len, ==, 1);
      return NULL;
    }
  g_assert_cmpuint (open->len, ==, 0);
  flows_assert_stock_matches (rig);
  /* Recovering again finds nothing. */
  {
    g_autoptr (GPtrArray) again = flows_rig_recover (rig);

    g_assert_cmpuint (again->len, ==, 0);
  }
  return g_strdup (session->outcome);
}

static KioskCardState
card_state (FlowsRig *rig, const char *serial)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskStockCard) card = kiosk_store_stock_get (flows_rig_store (rig), serial, &error);

  g_assert_no_error (error);
  return card->state;
}

/* The person may apply again: the application was cancelled or spoiled. */
static void
assert_may_apply_again (FlowsRig *rig)
{
  g_autoptr (KioskPerson) person = flows_center_person (rig, PERSON_GREEN);
  g_autoptr (KioskRefusal) refusal = NULL;
  GDate today;

  kiosk_context_get_today (rig->context, &today);
  refusal
      = kiosk_rules_check_green_channel (person, kiosk_context_get_policy (rig->context), &today);
  g_assert_null (refusal);
}

/* Crashes the green channel of 张三 right after `state` was entered. */
static char *
crash_at (FlowsRig *rig, int state)
{
  KioskFlow *flow = flows_green_until (rig, PERSON_GREEN, state);
  char *uuid = g_strdup (kiosk_session_get_uuid (kiosk_flow_get_session (flow)));

  g_assert_cmpint (kiosk_flow_get_state (flow), ==, state);
  flows_rig_crash (rig, flow);
  flows_rig_restart (rig);
  return uuid;
}

/* ---- before 3 ------------------------------------------------------------- */

static void
test_before_apply (void)
{
  FlowsRig rig;
  g_autofree char *uuid = NULL;
  g_autofree char *outcome = NULL;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  uuid = crash_at (&rig, S (SIGNATURE));
  outcome = recover_one (&rig, uuid, KIOSK_RECOVERY_CLOSED);
  g_assert_cmpstr (outcome, ==, "interrupted");
  assert_may_apply_again (&rig);
  flows_rig_teardown (&rig);
}

/* APPLY entered, the photo file still being written (in a thread): no
 * intent yet, nothing sent; recovery closes the session as interrupted. */
static void
test_apply_photo_unwritten (void)
{
  FlowsRig rig;
  g_autofree char *uuid = NULL;
  g_autofree char *outcome = NULL;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  uuid = crash_at (&rig, S (APPLY));
  g_assert_cmpuint (flows_count_steps (flows_rig_store (&rig), uuid, "apply", KIOSK_JOURNAL_INTENT),
                    ==, 0);
  outcome = recover_one (&rig, uuid, KIOSK_RECOVERY_CLOSED);
  g_assert_cmpstr (outcome, ==, "interrupted");
  /* No application at the center: the person may apply at once. */
  assert_may_apply_again (&rig);
  g_assert_cmpuint (
      flows_count_steps (flows_rig_store (&rig), uuid, "cancel", KIOSK_JOURNAL_OUTCOME), ==, 0);
  flows_rig_teardown (&rig);
}

/* ---- 3's intent without outcome ------------------------------------------- */

/* Crashes the green channel of 张三 right after the apply intent was
 * journaled (the photo file written first, in a thread, once APPLY was
 * entered). */
static char *
crash_after_apply_intent (FlowsRig *rig)
{
  KioskFlow *flow = flows_green_until (rig, PERSON_GREEN, S (APPLY));
  KioskStore *store = flows_rig_store (rig);
  char *uuid = g_strdup (kiosk_session_get_uuid (kiosk_flow_get_session (flow)));
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (flows_count_steps (store, uuid, "apply", KIOSK_JOURNAL_INTENT) == 0
         && kiosk_flow_get_state (flow) == S (APPLY) && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
  g_assert_cmpuint (flows_count_steps (store, uuid, "apply", KIOSK_JOURNAL_INTENT), ==, 1);
  g_assert_cmpint (kiosk_flow_get_state (flow), ==, S (APPLY));
  flows_rig_crash (rig, flow);
  flows_rig_restart (rig);
  return uuid;
}

static void
test_apply_unanswered (void)
{
  FlowsRig rig;
  g_autofree char *uuid = NULL;
  g_autofree char *outcome = NULL;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  /* The crash takes the request with it: the center never saw it. */
  uuid = crash_after_apply_intent (&rig);
  outcome = recover_one (&rig, uuid, KIOSK_RECOVERY_APPLICATION_CANCELLED);
  g_assert_cmpstr (outcome, ==, "cancelled");
  g_assert_cmpuint (
      flows_count_steps (flows_rig_store (&rig), uuid, "cancel", KIOSK_JOURNAL_OUTCOME), ==, 1);
  assert_may_apply_again (&rig);
  flows_rig_teardown (&rig);
}

static void
test_apply_lost_reply (void)
{
  FlowsRig rig;
  g_autoptr (KioskFlow) flow = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) signature = flows_signature_png ();
  g_autofree char *uuid = NULL;
  g_autofree char *outcome = NULL;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  /* The center acted, the answer was lost: the flow cannot know, it says so
   * and leaves the session to recovery, which learns the answer with the
   * same key and cancels. */
  flow = flows_green_until (&rig, PERSON_GREEN, S (SIGNATURE));
  uuid = g_strdup (kiosk_session_get_uuid (kiosk_flow_get_session (flow)));
  kiosk_center_sim_inject_failure (flows_rig_center (&rig), "apply_green_channel",
                                   KIOSK_CENTER_SIM_FAILURE_LOST_REPLY, 1);
  g_assert_true (kiosk_green_channel_flow_submit_signature (KIOSK_GREEN_CHANNEL_FLOW (flow),
                                                            signature, &error));
  g_assert_cmpint (flows_wait_end (flow, 20000), ==, KIOSK_FLOW_PAGE_FAILED);
  g_clear_object (&flow);
  outcome = recover_one (&rig, uuid, KIOSK_RECOVERY_APPLICATION_CANCELLED);
  g_assert_cmpstr (outcome, ==, "cancelled");
  assert_may_apply_again (&rig);
  flows_rig_teardown (&rig);
}

/* ---- 3 done, 4 not intended ----------------------------------------------- */

static void
test_applied_not_fed (void)
{
  FlowsRig rig;
  g_autofree char *uuid = NULL;
  g_autofree char *outcome = NULL;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  uuid = crash_at (&rig, S (FEED));
  g_assert_cmpuint (flows_count_steps (flows_rig_store (&rig), uuid, "feed", KIOSK_JOURNAL_INTENT),
                    ==, 0);
  outcome = recover_one (&rig, uuid, KIOSK_RECOVERY_APPLICATION_CANCELLED);
  g_assert_cmpstr (outcome, ==, "cancelled");
  assert_may_apply_again (&rig);
  flows_rig_teardown (&rig);
}

/* Feed intended, the transport never moved: no card involved. */
static void
test_feed_intended_nothing_fed (void)
{
  FlowsRig rig;
  g_autoptr (KioskFlow) flow = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) signature = flows_signature_png ();
  g_autofree char *uuid = NULL;
  g_autofree char *outcome = NULL;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  flow = flows_green_until (&rig, PERSON_GREEN, S (SIGNATURE));
  uuid = g_strdup (kiosk_session_get_uuid (kiosk_flow_get_session (flow)));
  kiosk_card_feeder_sim_inject_on (flows_rig_feeder (&rig), "feed",
                                   KIOSK_CARD_FEEDER_FAULT_NO_ANSWER);
  g_assert_true (kiosk_green_channel_flow_submit_signature (KIOSK_GREEN_CHANNEL_FLOW (flow),
                                                            signature, &error));
  g_assert_true (flows_wait_state (flow, S (FEED), 10000));
  while (flows_count_steps (flows_rig_store (&rig), uuid, "feed", KIOSK_JOURNAL_INTENT) == 0)
    flows_spin (5);
  flows_rig_crash (&rig, g_steal_pointer (&flow));
  flows_rig_restart (&rig);
  outcome = recover_one (&rig, uuid, KIOSK_RECOVERY_APPLICATION_CANCELLED);
  g_assert_cmpstr (outcome, ==, "cancelled");
  flows_rig_teardown (&rig);
}

/* Feed intended, the card left the hopper, the outcome was never written. */
static void
test_fed_unrecorded (void)
{
  FlowsRig rig;
  g_autoptr (KioskFlow) flow = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) signature = flows_signature_png ();
  g_autoptr (GPtrArray) cards = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *outcome = NULL;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  flow = flows_green_until (&rig, PERSON_GREEN, S (SIGNATURE));
  uuid = g_strdup (kiosk_session_get_uuid (kiosk_flow_get_session (flow)));
  kiosk_card_feeder_sim_inject_on (flows_rig_feeder (&rig), "feed",
                                   KIOSK_CARD_FEEDER_FAULT_NO_ANSWER);
  g_assert_true (kiosk_green_channel_flow_submit_signature (KIOSK_GREEN_CHANNEL_FLOW (flow),
                                                            signature, &error));
  while (flows_count_steps (flows_rig_store (&rig), uuid, "feed", KIOSK_JOURNAL_INTENT) == 0)
    flows_spin (5);
  flows_rig_crash (&rig, g_steal_pointer (&flow));
  move_card (&rig, "encoder", 1, 0, 0);
  flows_rig_restart (&rig);
  outcome = recover_one (&rig, uuid, KIOSK_RECOVERY_SPOILED);
  g_assert_cmpstr (outcome, ==, "spoiled");
  cards = kiosk_store_stock_list (flows_rig_store (&rig), KIOSK_CARD_SPOILED, &error);
  g_assert_cmpuint (cards->len, ==, 1);
  assert_may_apply_again (&rig);
  flows_rig_teardown (&rig);
}

/* ---- 4 intended … 7 not done: inside steps 5 and 6 and at 7 --------------- */

static void
run_card_inside (int state, const char *step)
{
  FlowsRig rig;
  g_autofree char *uuid = NULL;
  g_autofree char *outcome = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) steps = NULL;
  g_autoptr (KioskCardFeederState) feeder = NULL;

  flows_rig_setup (&rig, NULL);
  uuid = crash_at (&rig, state);
  outcome = recover_one (&rig, uuid, KIOSK_RECOVERY_SPOILED);
  g_assert_cmpstr (outcome, ==, "spoiled");
  g_assert_cmpint (card_state (&rig, "JL24T000001"), ==, KIOSK_CARD_SPOILED);
  feeder = kiosk_card_feeder_query_state_sync (KIOSK_CARD_FEEDER (flows_rig_feeder (&rig)), NULL,
                                               &error);
  g_assert_cmpint (feeder->position, ==, KIOSK_CARD_POSITION_NONE);
  g_assert_cmpuint (feeder->rejected, ==, 1);
  /* The center was told "spoiled" once, naming the step. */
  steps = kiosk_store_list_steps (flows_rig_store (&rig), uuid, &error);
  for (guint i = 0; i < steps->len; i++)
    {
      KioskJournalStep *entry = g_ptr_array_index (steps, i);

      if (g_str_equal (entry->step, "result") && entry->phase == KIOSK_JOURNAL_INTENT)
        {
          g_autofree char *expected = g_strdup_printf ("\"step\":\"%s\"", step);

          g_assert_nonnull (strstr (entry->payload, expected));
        }
    }
  g_assert_cmpuint (
      flows_count_steps (flows_rig_store (&rig), uuid, "result", KIOSK_JOURNAL_OUTCOME), ==, 1);
  assert_may_apply_again (&rig);
  flows_rig_teardown (&rig);
}

static void
test_inside_personalise (void)
{
  if (!flows_rig_skip_if_down ())
    run_card_inside (S (PERSONALISE), "personalise");
}

static void
test_inside_print (void)
{
  if (!flows_rig_skip_if_down ())
    run_card_inside (S (PRINT), "print");
}

static void
test_inside_verify (void)
{
  if (!flows_rig_skip_if_down ())
    run_card_inside (S (VERIFY), "verify");
}

/* ---- 7 done, 8 intended, not confirmed ------------------------------------ */

static char *
crash_in_eject (FlowsRig *rig)
{
  KioskFlow *flow = flows_green_until (rig, PERSON_GREEN, S (SIGNATURE));
  g_autoptr (GBytes) signature = flows_signature_png ();
  g_autoptr (GError) error = NULL;
  char *uuid = g_strdup (kiosk_session_get_uuid (kiosk_flow_get_session (flow)));

  kiosk_card_feeder_sim_inject_on (flows_rig_feeder (rig), "eject",
                                   KIOSK_CARD_FEEDER_FAULT_NO_ANSWER);
  g_assert_true (kiosk_green_channel_flow_submit_signature (KIOSK_GREEN_CHANNEL_FLOW (flow),
                                                            signature, &error));
  g_assert_true (flows_wait_state (flow, S (EJECT), 60000));
  flows_rig_crash (rig, flow);
  return uuid;
}

static void
test_eject_card_inside (void)
{
  FlowsRig rig;
  g_autofree char *uuid = NULL;
  g_autofree char *outcome = NULL;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  uuid = crash_in_eject (&rig);
  flows_rig_restart (&rig);
  outcome = recover_one (&rig, uuid, KIOSK_RECOVERY_SPOILED);
  g_assert_cmpstr (outcome, ==, "spoiled");
  g_assert_cmpint (card_state (&rig, "JL24T000001"), ==, KIOSK_CARD_SPOILED);
  flows_rig_teardown (&rig);
}

static void
test_eject_card_gone (void)
{
  FlowsRig rig;
  g_autofree char *uuid = NULL;
  g_autofree char *outcome = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskStockCard) card = NULL;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  uuid = crash_in_eject (&rig);
  /* The card went out of the slot before the power came back. */
  move_card (&rig, "none", 0, 1, 1);
  flows_rig_restart (&rig);
  outcome = recover_one (&rig, uuid, KIOSK_RECOVERY_UNCERTAIN);
  g_assert_cmpstr (outcome, ==, "uncertain");
  card = kiosk_store_stock_get (flows_rig_store (&rig), "JL24T000001", &error);
  g_assert_cmpint (card->state, ==, KIOSK_CARD_UNCERTAIN);
  g_assert_nonnull (card->reason);
  /* The center is told nothing until a technician confirms. */
  g_assert_cmpuint (
      flows_count_steps (flows_rig_store (&rig), uuid, "result", KIOSK_JOURNAL_INTENT), ==, 0);
  /* The technician confirms: derived counts follow. */
  g_assert_true (kiosk_store_stock_confirm (flows_rig_store (&rig), "JL24T000001",
                                            KIOSK_CARD_ISSUED, "technician", "citizen has it",
                                            &error));
  g_assert_no_error (error);
  flows_rig_teardown (&rig);
}

/* ---- 8 done, 9 not acknowledged ------------------------------------------- */

static void
test_report_unacknowledged (void)
{
  FlowsRig rig;
  g_autoptr (KioskFlow) flow = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskJournalSession) session = NULL;
  g_autoptr (KioskPerson) person = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *outcome = NULL;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  flow = flows_green_until (&rig, PERSON_GREEN, S (TAKE_CARD));
  uuid = g_strdup (kiosk_session_get_uuid (kiosk_flow_get_session (flow)));
  kiosk_center_sim_inject_failure (flows_rig_center (&rig), "report_result",
                                   KIOSK_CENTER_SIM_FAILURE_ERROR, 1);
  g_assert_true (kiosk_card_feeder_sim_take (flows_rig_feeder (&rig)));
  /* The citizen has the card and a receipt; the session waits for recovery. */
  g_assert_cmpint (flows_wait_end (flow, 30000), ==, KIOSK_FLOW_PAGE_DONE);
  session = kiosk_store_session_get (flows_rig_store (&rig), uuid, &error);
  g_assert_null (session->outcome);
  g_clear_object (&flow);
  flows_rig_crash (&rig, NULL);
  flows_rig_restart (&rig);
  outcome = recover_one (&rig, uuid, KIOSK_RECOVERY_ISSUED);
  g_assert_cmpstr (outcome, ==, "issued");
  g_assert_cmpint (card_state (&rig, "JL24T000001"), ==, KIOSK_CARD_ISSUED);
  /* The center now knows: the card is collected. */
  person = flows_center_person (&rig, PERSON_GREEN);
  g_assert_true (kiosk_card_in_hand (kiosk_person_current_card (person)));
  flows_rig_teardown (&rig);
}

static GStrv
center_witnesses (FlowsRig *rig)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  KioskCenter *center = KIOSK_CENTER (flows_rig_center (rig));
  GStrv heads;

  kiosk_center_audit_witnesses_async (center, "test:witnesses", NULL, flows_store_result_cb,
                                      &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  heads = kiosk_center_audit_witnesses_finish (center, result, &error);
  g_assert_no_error (error);
  return heads;
}

static char *
store_head (FlowsRig *rig)
{
  g_autoptr (GError) error = NULL;
  char *head = NULL;

  g_assert_true (kiosk_store_audit_head (flows_rig_store (rig), &head, &error));
  g_assert_no_error (error);
  return head;
}

/* Issue 7 §6: the result goes with the audit head of the moment it was
 * meant; the center took it but its answer was lost; the chain moved on (a
 * technician's entry) before the recovery — which sends the journaled head
 * again, so the center sees the same request (no CONFLICT) and keeps the
 * one witness. Then the local chain is rewritten as a whole: it verifies
 * against itself but not against the center's witness. */
static void
test_report_lost_reply_same_head (void)
{
  FlowsRig rig;
  g_autoptr (KioskFlow) flow = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *outcome = NULL;
  g_autofree char *head = NULL;
  g_autofree char *later = NULL;
  g_auto (GStrv) witnessed = NULL;
  g_autoptr (KioskAuditVerdict) verdict = NULL;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  flow = flows_green_until (&rig, PERSON_GREEN, S (TAKE_CARD));
  uuid = g_strdup (kiosk_session_get_uuid (kiosk_flow_get_session (flow)));
  head = store_head (&rig);
  g_assert_nonnull (head); /* the stock's load is audited */
  kiosk_center_sim_inject_failure (flows_rig_center (&rig), "report_result",
                                   KIOSK_CENTER_SIM_FAILURE_LOST_REPLY, 1);
  g_assert_true (kiosk_card_feeder_sim_take (flows_rig_feeder (&rig)));
  g_assert_cmpint (flows_wait_end (flow, 30000), ==, KIOSK_FLOW_PAGE_DONE);
  g_clear_object (&flow);
  g_assert_cmpint (kiosk_store_audit_append (flows_rig_store (&rig), "tech-01", "technician.leave",
                                             "between the result and the recovery", &error),
                   >, 0);
  later = store_head (&rig);
  g_assert_cmpstr (later, !=, head);
  flows_rig_crash (&rig, NULL);
  flows_rig_restart (&rig);
  outcome = recover_one (&rig, uuid, KIOSK_RECOVERY_ISSUED);
  g_assert_cmpstr (outcome, ==, "issued");

  witnessed = center_witnesses (&rig);
  g_assert_cmpuint (g_strv_length (witnessed), ==, 1);
  g_assert_cmpstr (witnessed[0], ==, head);
  verdict = kiosk_store_audit_verify_witnesses (flows_rig_store (&rig),
                                                (const char *const *) witnessed, &error);
  g_assert_no_error (error);
  g_assert_true (verdict->ok);
  g_assert_cmpint (verdict->n_witnesses, ==, 1);
  g_clear_pointer (&verdict, kiosk_audit_verdict_free);

  /* Someone with the file rewrites the chain from its first entry on. */
  kiosk_test_rewrite_audit_chain (flows_rig_store (&rig), 1, "rewritten");
  verdict = kiosk_store_audit_verify (flows_rig_store (&rig), &error);
  g_assert_true (verdict->ok);
  g_clear_pointer (&verdict, kiosk_audit_verdict_free);
  verdict = kiosk_store_audit_verify_witnesses (flows_rig_store (&rig),
                                                (const char *const *) witnessed, &error);
  g_assert_no_error (error);
  g_assert_false (verdict->ok);
  g_assert_nonnull (strstr (verdict->reason, "rewritten"));
  flows_rig_teardown (&rig);
}

static void
test_crash_in_report (void)
{
  FlowsRig rig;
  g_autofree char *uuid = NULL;
  g_autofree char *outcome = NULL;
  KioskFlow *flow;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  flow = flows_green_until (&rig, PERSON_GREEN, S (TAKE_CARD));
  uuid = g_strdup (kiosk_session_get_uuid (kiosk_flow_get_session (flow)));
  g_assert_true (kiosk_card_feeder_sim_take (flows_rig_feeder (&rig)));
  g_assert_true (flows_wait_state (flow, S (REPORT), 10000));
  flows_rig_crash (&rig, flow);
  flows_rig_restart (&rig);
  outcome = recover_one (&rig, uuid, KIOSK_RECOVERY_ISSUED);
  g_assert_cmpstr (outcome, ==, "issued");
  flows_rig_teardown (&rig);
}

/* ---- 9 done --------------------------------------------------------------- */

static void
test_reported (void)
{
  FlowsRig rig;
  g_autofree char *uuid = NULL;
  g_autofree char *outcome = NULL;
  KioskFlow *flow;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  flow = flows_green_until (&rig, PERSON_GREEN, S (TAKE_CARD));
  uuid = g_strdup (kiosk_session_get_uuid (kiosk_flow_get_session (flow)));
  g_assert_true (kiosk_card_feeder_sim_take (flows_rig_feeder (&rig)));
  g_assert_true (flows_wait_state (flow, S (RECEIPT), 10000));
  flows_rig_crash (&rig, flow);
  flows_rig_restart (&rig);
  outcome = recover_one (&rig, uuid, KIOSK_RECOVERY_ISSUED);
  g_assert_cmpstr (outcome, ==, "issued");
  /* Nothing more was said to the center. */
  g_assert_cmpuint (
      flows_count_steps (flows_rig_store (&rig), uuid, "result", KIOSK_JOURNAL_INTENT), ==, 1);
  flows_rig_teardown (&rig);
}

/* ---- a crash during recovery ---------------------------------------------- */

static void
test_recovery_retried (void)
{
  FlowsRig rig;
  g_autofree char *uuid = NULL;
  g_autofree char *outcome = NULL;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  uuid = crash_at (&rig, S (FEED));
  /* The center does not answer: the session stays open. */
  kiosk_center_sim_inject_failure (flows_rig_center (&rig), "cancel_application",
                                   KIOSK_CENTER_SIM_FAILURE_TIMEOUT, 1);
  g_assert_null (recover_one (&rig, uuid, KIOSK_RECOVERY_RETRY_LATER));
  /* Next start: the same key, and done. */
  flows_rig_crash (&rig, NULL);
  flows_rig_restart (&rig);
  outcome = recover_one (&rig, uuid, KIOSK_RECOVERY_APPLICATION_CANCELLED);
  g_assert_cmpstr (outcome, ==, "cancelled");
  flows_rig_teardown (&rig);
}

static void
recovered_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) actions
      = kiosk_recovery_run_finish (KIOSK_RECOVERY (source), result, &error);

  *(gboolean *) user_data = TRUE;
}

static void
test_crash_during_recovery (void)
{
  FlowsRig rig;
  g_autofree char *uuid = NULL;
  g_autofree char *outcome = NULL;
  g_autoptr (KioskRecovery) recovery = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  gboolean done = FALSE;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  uuid = crash_at (&rig, S (PERSONALISE));
  /* Recovery itself dies while the card is on its way to the bin. */
  kiosk_card_feeder_sim_inject_on (flows_rig_feeder (&rig), "reject",
                                   KIOSK_CARD_FEEDER_FAULT_NO_ANSWER);
  recovery = kiosk_recovery_new (rig.context);
  kiosk_recovery_run_async (recovery, cancellable, recovered_cb, &done);
  while (flows_count_steps (flows_rig_store (&rig), uuid, "reject", KIOSK_JOURNAL_INTENT) == 0)
    flows_spin (5);
  g_cancellable_cancel (cancellable);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&recovery);
  flows_rig_crash (&rig, NULL);
  flows_rig_restart (&rig);
  outcome = recover_one (&rig, uuid, KIOSK_RECOVERY_SPOILED);
  g_assert_cmpstr (outcome, ==, "spoiled");
  flows_rig_teardown (&rig);
}

/* ---- a loss whose answer was lost ----------------------------------------- */

static void
test_loss_lost_reply (void)
{
  FlowsRig rig;
  g_autoptr (KioskFlow) flow = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPerson) person = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *outcome = NULL;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  flow = flows_rig_start (&rig, KIOSK_SERVICE_TEMPORARY_LOSS);
  uuid = g_strdup (kiosk_session_get_uuid (kiosk_flow_get_session (flow)));
  flows_rig_place_id (&rig, PERSON_ACTIVE);
  g_assert_true (flows_wait_state (flow, KIOSK_TEMPORARY_LOSS_STATE_CHOOSE_CARD, 10000));
  flows_rig_remove_id (&rig);
  g_assert_true (kiosk_flow_confirm (flow, &error));
  kiosk_center_sim_inject_failure (flows_rig_center (&rig), "temporary_loss",
                                   KIOSK_CENTER_SIM_FAILURE_LOST_REPLY, 1);
  g_assert_true (kiosk_flow_confirm (flow, &error));
  g_assert_cmpint (flows_wait_end (flow, 20000), ==, KIOSK_FLOW_PAGE_FAILED);
  g_clear_object (&flow);
  flows_rig_crash (&rig, NULL);
  flows_rig_restart (&rig);
  outcome = recover_one (&rig, uuid, KIOSK_RECOVERY_CLOSED);
  g_assert_cmpstr (outcome, ==, "done");
  person = flows_center_person (&rig, PERSON_ACTIVE);
  g_assert_true (g_date_valid (&kiosk_person_current_card (person)->temporary_loss_on));
  flows_rig_teardown (&rig);
}

/* ---- temporary cards: settled like formal ones, the center told once ----- */

/* A temporary card for 王五 (card in production) up to `state`. */
static KioskFlow *
temporary_until (FlowsRig *rig, int state)
{
  KioskFlow *flow = flows_rig_start (rig, KIOSK_SERVICE_TEMPORARY_CARD);
  g_autoptr (GBytes) photo = flows_fixture ("pass-centre.jpg");
  g_autoptr (GError) error = NULL;

  flows_rig_place_id (rig, PERSON_PRODUCTION);
  g_assert_true (flows_wait_state (flow, KIOSK_TEMPORARY_CARD_STATE_PHOTO, 10000));
  flows_rig_remove_id (rig);
  g_assert_true (kiosk_flow_submit_photo (flow, photo, &error));
  g_assert_no_error (error);
  g_assert_true (flows_wait_state (flow, KIOSK_TEMPORARY_CARD_STATE_CONFIRM, 30000));
  g_assert_true (kiosk_flow_confirm (flow, &error));
  g_assert_true (flows_wait_state (flow, state, 30000));
  return flow;
}

static char *
temporary_crash_at (FlowsRig *rig, int state)
{
  KioskFlow *flow = temporary_until (rig, state);
  char *uuid = g_strdup (kiosk_session_get_uuid (kiosk_flow_get_session (flow)));

  g_assert_cmpint (kiosk_flow_get_state (flow), ==, state);
  flows_rig_crash (rig, flow);
  flows_rig_restart (rig);
  return uuid;
}

/* The one "result" told to the center: its payload, acknowledged. */
static void
assert_told_once (FlowsRig *rig, const char *uuid, const char *payload)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) steps = kiosk_store_list_steps (flows_rig_store (rig), uuid, &error);
  const char *last_payload = NULL, *last_result = NULL;

  for (guint i = 0; i < steps->len; i++)
    {
      KioskJournalStep *entry = g_ptr_array_index (steps, i);

      if (!g_str_equal (entry->step, "result"))
        continue;
      if (entry->phase == KIOSK_JOURNAL_INTENT)
        {
          if (last_payload != NULL)
            g_assert_cmpstr (entry->payload, ==, last_payload); /* repeated exactly */
          last_payload = entry->payload;
        }
      else
        last_result = entry->result;
    }
  /* With the audit head of the moment it was first meant (issue 7 §6). */
  {
    g_autofree char *without = flows_result_payload_without_head (last_payload);

    g_assert_cmpstr (without, ==, payload);
  }
  g_assert_cmpstr (last_result, ==, "acknowledged");
}

static gboolean
may_have_temporary_card (FlowsRig *rig)
{
  g_autoptr (KioskPerson) person = flows_center_person (rig, PERSON_PRODUCTION);
  g_autoptr (KioskRefusal) refusal = NULL;
  GDate today;

  kiosk_context_get_today (rig->context, &today);
  refusal
      = kiosk_rules_check_temporary_card (person, kiosk_context_get_policy (rig->context), &today);
  return refusal == NULL;
}

/* The center's answer to a report of `result` about the person's temporary
 * card under a fresh key: proves what it had recorded. */
static void
assert_center_recorded (FlowsRig *rig, KioskCenterResult other, int expected_code)
{
  g_autoptr (KioskPerson) person = flows_center_person (rig, PERSON_PRODUCTION);
  const KioskCard *temporary = kiosk_person_temporary_card (person);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (temporary);
  kiosk_center_report_temporary_card_async (kiosk_context_get_center (rig->context), "test:other",
                                            PERSON_PRODUCTION, temporary->card_number, other,
                                            "print", NULL, NULL, flows_store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (kiosk_center_report_temporary_card_finish (
      kiosk_context_get_center (rig->context), result, &error));
  g_assert_error (error, KIOSK_CENTER_ERROR, expected_code);
}

/* Registered at the center, crashed before a card was fed: the
 * registration is withdrawn ("spoiled at feed"). */
static void
test_temporary_not_fed (void)
{
  FlowsRig rig;
  g_autofree char *uuid = NULL;
  g_autofree char *outcome = NULL;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  uuid = temporary_crash_at (&rig, KIOSK_TEMPORARY_CARD_STATE_FEED);
  g_assert_cmpuint (flows_count_steps (flows_rig_store (&rig), uuid, "feed", KIOSK_JOURNAL_INTENT),
                    ==, 0);
  g_assert_false (may_have_temporary_card (&rig));
  outcome = recover_one (&rig, uuid, KIOSK_RECOVERY_APPLICATION_CANCELLED);
  g_assert_cmpstr (outcome, ==, "cancelled");
  assert_told_once (&rig, uuid, "{\"result\":\"spoiled\",\"step\":\"feed\"}");
  g_assert_true (may_have_temporary_card (&rig));
  flows_rig_teardown (&rig);
}

/* The card was at the print station: rejected, spoiled, the center told. */
static void
test_temporary_inside_print (void)
{
  FlowsRig rig;
  g_autofree char *uuid = NULL;
  g_autofree char *outcome = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCardFeederState) feeder = NULL;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  uuid = temporary_crash_at (&rig, KIOSK_TEMPORARY_CARD_STATE_PRINT);
  outcome = recover_one (&rig, uuid, KIOSK_RECOVERY_SPOILED);
  g_assert_cmpstr (outcome, ==, "spoiled");
  g_assert_cmpint (card_state (&rig, "JL24T000001"), ==, KIOSK_CARD_SPOILED);
  feeder = kiosk_card_feeder_query_state_sync (KIOSK_CARD_FEEDER (flows_rig_feeder (&rig)), NULL,
                                               &error);
  g_assert_cmpuint (feeder->rejected, ==, 1);
  assert_told_once (&rig, uuid, "{\"result\":\"spoiled\",\"step\":\"print\"}");
  g_assert_true (may_have_temporary_card (&rig));
  flows_rig_teardown (&rig);
}

/* Handed out, the center did not acknowledge "issued": recovery tells it. */
static void
test_temporary_report_unacknowledged (void)
{
  FlowsRig rig;
  g_autoptr (KioskFlow) flow = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskJournalSession) session = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *outcome = NULL;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  flow = temporary_until (&rig, KIOSK_TEMPORARY_CARD_STATE_TAKE_CARD);
  uuid = g_strdup (kiosk_session_get_uuid (kiosk_flow_get_session (flow)));
  kiosk_center_sim_inject_failure (flows_rig_center (&rig), "report_temporary_card",
                                   KIOSK_CENTER_SIM_FAILURE_ERROR, 1);
  g_assert_true (kiosk_card_feeder_sim_take (flows_rig_feeder (&rig)));
  g_assert_cmpint (flows_wait_end (flow, 30000), ==, KIOSK_FLOW_PAGE_DONE);
  session = kiosk_store_session_get (flows_rig_store (&rig), uuid, &error);
  g_assert_null (session->outcome);
  g_clear_object (&flow);
  flows_rig_crash (&rig, NULL);
  flows_rig_restart (&rig);
  outcome = recover_one (&rig, uuid, KIOSK_RECOVERY_ISSUED);
  g_assert_cmpstr (outcome, ==, "issued");
  g_assert_cmpint (card_state (&rig, "JL24T000001"), ==, KIOSK_CARD_ISSUED);
  assert_told_once (&rig, uuid, "{\"result\":\"issued\"}");
  /* The center recorded "issued": "spoiled" now is the wrong state. */
  assert_center_recorded (&rig, KIOSK_CENTER_RESULT_SPOILED, KIOSK_CENTER_ERROR_WRONG_STATE);
  flows_rig_teardown (&rig);
}

/* Ejected, crashed before the card was taken: issued, the center told. */
static void
test_temporary_ejected (void)
{
  FlowsRig rig;
  g_autofree char *uuid = NULL;
  g_autofree char *outcome = NULL;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  uuid = temporary_crash_at (&rig, KIOSK_TEMPORARY_CARD_STATE_TAKE_CARD);
  outcome = recover_one (&rig, uuid, KIOSK_RECOVERY_ISSUED);
  g_assert_cmpstr (outcome, ==, "issued");
  assert_told_once (&rig, uuid, "{\"result\":\"issued\"}");
  assert_center_recorded (&rig, KIOSK_CENTER_RESULT_SPOILED, KIOSK_CENTER_ERROR_WRONG_STATE);
  flows_rig_teardown (&rig);
}

/* ---- an R3 correction whose answer was lost ------------------------------ */

static KioskProgress *
center_progress (FlowsRig *rig, const char *id_number)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  static guint n;
  g_autofree char *key = g_strdup_printf ("test:progress:%u", ++n);
  KioskProgress *progress;

  kiosk_center_get_progress_async (kiosk_context_get_center (rig->context), key, id_number, NULL,
                                   flows_store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  progress
      = kiosk_center_get_progress_finish (kiosk_context_get_center (rig->context), result, &error);
  g_assert_no_error (error);
  return progress;
}

static void
resubmit_lost (KioskProgressFix fix, const char *id_number, KioskCenterSimFailure failure)
{
  FlowsRig rig;
  g_autoptr (KioskFlow) flow = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskProgress) progress = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *outcome = NULL;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  flow = flows_rig_start (&rig, KIOSK_SERVICE_PROGRESS);
  uuid = g_strdup (kiosk_session_get_uuid (kiosk_flow_get_session (flow)));
  flows_rig_place_id (&rig, id_number);
  g_assert_true (flows_wait_state (flow, KIOSK_PROGRESS_STATE_RESULT, 10000));
  flows_rig_remove_id (&rig);
  g_assert_cmpint (kiosk_progress_flow_get_fix (KIOSK_PROGRESS_FLOW (flow)), ==, fix);
  g_assert_true (kiosk_progress_flow_begin_fix (KIOSK_PROGRESS_FLOW (flow), &error));
  kiosk_center_sim_inject_failure (flows_rig_center (&rig), "resubmit_pre_account", failure, 1);
  if (fix == KIOSK_PROGRESS_FIX_PHONE)
    g_assert_true (
        kiosk_progress_flow_submit_phone (KIOSK_PROGRESS_FLOW (flow), "13912345678", &error));
  else
    {
      g_autoptr (GBytes) photo = flows_fixture ("pass-centre.jpg");

      g_assert_true (kiosk_flow_submit_photo (flow, photo, &error));
    }
  g_assert_cmpint (flows_wait_end (flow, 30000), ==, KIOSK_FLOW_PAGE_FAILED);
  g_clear_object (&flow);
  flows_rig_crash (&rig, NULL);
  flows_rig_restart (&rig);
  /* Recovery asks again with the same key (and the same phone or photo,
   * from the session's personal data): the center answers what it did. */
  outcome = recover_one (&rig, uuid, KIOSK_RECOVERY_CLOSED);
  g_assert_cmpstr (outcome, ==, "done");
  g_assert_cmpuint (
      flows_count_steps (flows_rig_store (&rig), uuid, "resubmit", KIOSK_JOURNAL_INTENT), ==, 1);
  g_assert_cmpuint (
      flows_count_steps (flows_rig_store (&rig), uuid, "resubmit", KIOSK_JOURNAL_OUTCOME), ==, 2);
  progress = center_progress (&rig, id_number);
  g_assert_cmpint (progress->stage, ==, KIOSK_CARD_STAGE_IN_PRODUCTION);
  flows_rig_teardown (&rig);
}

static void
test_resubmit_lost_reply (void)
{
  resubmit_lost (KIOSK_PROGRESS_FIX_PHONE, PERSON_PHONE_FAIL, KIOSK_CENTER_SIM_FAILURE_LOST_REPLY);
}

static void
test_resubmit_photo_unanswered (void)
{
  resubmit_lost (KIOSK_PROGRESS_FIX_PHOTO, PERSON_PHOTO_FAIL, KIOSK_CENTER_SIM_FAILURE_TIMEOUT);
}

int
main (int argc, char **argv)
{
  int rc;

  kiosk_test_init (&argc, &argv);
  flows_rig_init ();
  g_test_add_func ("/flows/recovery/before-apply", test_before_apply);
  g_test_add_func ("/flows/recovery/apply-photo-unwritten", test_apply_photo_unwritten);
  g_test_add_func ("/flows/recovery/apply-unanswered", test_apply_unanswered);
  g_test_add_func ("/flows/recovery/apply-lost-reply", test_apply_lost_reply);
  g_test_add_func ("/flows/recovery/applied-not-fed", test_applied_not_fed);
  g_test_add_func ("/flows/recovery/feed-intended-nothing-fed", test_feed_intended_nothing_fed);
  g_test_add_func ("/flows/recovery/fed-unrecorded", test_fed_unrecorded);
  g_test_add_func ("/flows/recovery/inside-personalise", test_inside_personalise);
  g_test_add_func ("/flows/recovery/inside-print", test_inside_print);
  g_test_add_func ("/flows/recovery/inside-verify", test_inside_verify);
  g_test_add_func ("/flows/recovery/eject-card-inside", test_eject_card_inside);
  g_test_add_func ("/flows/recovery/eject-card-gone", test_eject_card_gone);
  g_test_add_func ("/flows/recovery/report-unacknowledged", test_report_unacknowledged);
  g_test_add_func ("/flows/recovery/crash-in-report", test_crash_in_report);
  g_test_add_func ("/flows/recovery/report-lost-reply-same-head", test_report_lost_reply_same_head);
  g_test_add_func ("/flows/recovery/reported", test_reported);
  g_test_add_func ("/flows/recovery/retried", test_recovery_retried);
  g_test_add_func ("/flows/recovery/crash-during-recovery", test_crash_during_recovery);
  g_test_add_func ("/flows/recovery/loss-lost-reply", test_loss_lost_reply);
  g_test_add_func ("/flows/recovery/resubmit-lost-reply", test_resubmit_lost_reply);
  g_test_add_func ("/flows/recovery/temporary-not-fed", test_temporary_not_fed);
  g_test_add_func ("/flows/recovery/temporary-inside-print", test_temporary_inside_print);
  g_test_add_func ("/flows/recovery/temporary-report-unacknowledged",
                   test_temporary_report_unacknowledged);
  g_test_add_func ("/flows/recovery/temporary-ejected", test_temporary_ejected);
  g_test_add_func ("/flows/recovery/resubmit-photo-unanswered", test_resubmit_photo_unanswered);
  rc = kiosk_test_run ();
  flows_rig_shutdown ();
  return rc;
}
