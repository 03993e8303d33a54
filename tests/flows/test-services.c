/* test-services.c — the other services end to end on real parts: temporary
 * loss (R6, R8), formal loss (R8, R9), unblock (R7, R9) with a chip card in
 * the reader, progress (R16, R3), temporary card (R12–R15); R17 for every
 * service; the four ID card types */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "flows-rig.h"
#include "kiosk-formal-loss-flow.h"
#include "kiosk-green-channel-flow.h"
#include "kiosk-progress-flow.h"
#include "kiosk-rules.h"
#include "kiosk-temporary-card-flow.h"
#include "kiosk-temporary-loss-flow.h"
#include "kiosk-test.h"
#include "kiosk-unblock-flow.h"

/* ---- helpers ---------------------------------------------------------------- */

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

/* A correction that reached the center another way (a window). */
static KioskProgress *
center_resubmit (FlowsRig *rig, const char *id_number, const char *phone)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  static guint n;
  g_autofree char *key = g_strdup_printf ("test:resubmit:%u", ++n);
  KioskProgress *progress;

  kiosk_center_resubmit_pre_account_async (kiosk_context_get_center (rig->context), key, id_number,
                                           NULL, phone, NULL, NULL, flows_store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  progress = kiosk_center_resubmit_pre_account_finish (kiosk_context_get_center (rig->context),
                                                       result, &error);
  g_assert_no_error (error);
  return progress;
}

/* Starts `service` and places the ID card of `id_number`; waits until the
 * flow leaves the ID page. */
static KioskFlow *
start_with_id (FlowsRig *rig, KioskService service, const char *id_number)
{
  KioskFlow *flow = flows_rig_start (rig, service);

  g_assert_true (kiosk_flow_get_page (flow) == KIOSK_FLOW_PAGE_ID_CARD
                 || kiosk_flow_get_page (flow) == KIOSK_FLOW_PAGE_ID_NUMBER);
  flows_rig_place_id (rig, id_number);
  for (int i = 0; i < 20000 && !kiosk_flow_is_finished (flow)
                  && (kiosk_flow_get_page (flow) == KIOSK_FLOW_PAGE_ID_CARD
                      || kiosk_flow_get_page (flow) == KIOSK_FLOW_PAGE_ID_NUMBER
                      || kiosk_flow_get_page (flow) == KIOSK_FLOW_PAGE_WORKING);
       i++)
    flows_spin (1);
  flows_rig_remove_id (rig);
  return flow;
}

static void
face (KioskFlow *flow, int next_state)
{
  g_autoptr (GBytes) photo = flows_fixture ("pass-centre.jpg");
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (kiosk_flow_get_page (flow), ==, KIOSK_FLOW_PAGE_CAMERA);
  g_assert_true (kiosk_flow_submit_photo (flow, photo, &error));
  g_assert_no_error (error);
  g_assert_true (flows_wait_state (flow, next_state, 30000));
}

/* The center was told `result` (with `step` when spoiled) exactly once, and
 * acknowledged it. */
static void
assert_result_told (FlowsRig *rig, const char *uuid, const char *result, const char *step)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) steps = kiosk_store_list_steps (flows_rig_store (rig), uuid, &error);
  g_autofree char *expected
      = step != NULL ? g_strdup_printf ("{\"result\":\"%s\",\"step\":\"%s\"}", result, step)
                     : g_strdup_printf ("{\"result\":\"%s\"}", result);
  guint intents = 0, outcomes = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < steps->len; i++)
    {
      KioskJournalStep *entry = g_ptr_array_index (steps, i);

      if (!g_str_equal (entry->step, "result"))
        continue;
      if (entry->phase == KIOSK_JOURNAL_INTENT)
        {
          g_autofree char *without = flows_result_payload_without_head (entry->payload);

          intents++;
          g_assert_cmpstr (without, ==, expected);
          g_assert_true (g_str_has_suffix (entry->idem_key, ":result"));
        }
      else
        {
          outcomes++;
          g_assert_cmpstr (entry->result, ==, "acknowledged");
        }
    }
  g_assert_cmpuint (intents, ==, 1);
  g_assert_cmpuint (outcomes, ==, 1);
}

static void
assert_closed (FlowsRig *rig, KioskFlow *flow, const char *outcome)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskJournalSession) session = kiosk_store_session_get (
      flows_rig_store (rig), kiosk_session_get_uuid (kiosk_flow_get_session (flow)), &error);

  g_assert_no_error (error);
  g_assert_cmpstr (session->outcome, ==, outcome);
  g_assert_true (kiosk_session_is_wiped (kiosk_flow_get_session (flow)));
  flows_assert_intent_before_effect (flows_rig_store (rig), session->uuid);
}

static int
refused_rule (FlowsRig *rig, KioskService service, const char *id_number)
{
  g_autoptr (KioskFlow) flow = start_with_id (rig, service, id_number);

  g_assert_cmpint (flows_wait_end (flow, 10000), ==, KIOSK_FLOW_PAGE_REFUSED);
  g_assert_nonnull (kiosk_flow_get_refusal (flow));
  assert_closed (rig, flow, "refused");
  return kiosk_flow_get_refusal (flow)->rule;
}

/* ---- R17: every service --------------------------------------------------- */

static void
test_deceased (void)
{
  static const KioskService services[] = {
    KIOSK_SERVICE_GREEN_CHANNEL, KIOSK_SERVICE_TEMPORARY_LOSS, KIOSK_SERVICE_FORMAL_LOSS_SOCIAL,
    KIOSK_SERVICE_UNBLOCK,       KIOSK_SERVICE_PROGRESS,       KIOSK_SERVICE_TEMPORARY_CARD,
  };
  FlowsRig rig;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    g_assert_cmpint (refused_rule (&rig, services[i], PERSON_DECEASED), ==, 17);
  flows_rig_teardown (&rig);
}

static void
test_not_offered (void)
{
  FlowsRig rig;
  g_autoptr (GError) error = NULL;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  g_assert_null (kiosk_flow_new_for_service (rig.context, KIOSK_SERVICE_PROXY, &error));
  g_assert_error (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (kiosk_flow_new_for_service (rig.context, KIOSK_SERVICE_REPLACEMENT, &error));
  g_clear_error (&error);
  g_assert_null (kiosk_flow_new_for_service (rig.context, (KioskService) 999, &error));
  g_clear_error (&error);
  flows_rig_teardown (&rig);
}

/* ---- temporary loss (R6, R8) ---------------------------------------------- */

/* What the session's wipe hook was shown, by name: each must be zero. */
static void
named_hook (const char *what, gconstpointer data, gsize len, gpointer user_data)
{
  GHashTable *seen = user_data;
  const guint8 *p = data;

  for (gsize i = 0; i < len; i++)
    g_assert_cmpuint (p[i], ==, 0);
  g_hash_table_add (seen, g_strdup (what));
}

static void
test_temporary_loss (void)
{
  g_autoptr (GHashTable) wiped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  FlowsRig rig;
  g_autoptr (KioskFlow) flow = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPerson) after = NULL;
  GPtrArray *cards;
  KioskCardChoice *choice;
  GDate deadline, today;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  flow = start_with_id (&rig, KIOSK_SERVICE_TEMPORARY_LOSS, PERSON_ACTIVE);
  g_assert_cmpint (kiosk_flow_get_state (flow), ==, KIOSK_TEMPORARY_LOSS_STATE_CHOOSE_CARD);
  cards = kiosk_temporary_loss_flow_get_cards (KIOSK_TEMPORARY_LOSS_FLOW (flow));
  g_assert_cmpuint (cards->len, >=, 1);
  choice = g_ptr_array_index (cards, 0);
  g_assert_true (choice->allowed);
  g_assert_nonnull (strchr (choice->masked_number, '*'));
  g_assert_false (
      kiosk_temporary_loss_flow_choose_card (KIOSK_TEMPORARY_LOSS_FLOW (flow), 99, &error));
  g_assert_error (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (
      kiosk_temporary_loss_flow_choose_card (KIOSK_TEMPORARY_LOSS_FLOW (flow), 0, &error));
  g_assert_cmpint (kiosk_flow_get_page (flow), ==, KIOSK_FLOW_PAGE_CONFIRM);
  g_assert_nonnull (kiosk_flow_get_warning (flow));
  g_assert_true (kiosk_flow_go_back (flow, &error));
  g_assert_true (kiosk_flow_confirm (flow, &error)); /* the one allowed card */
  kiosk_session_set_wipe_hook (named_hook, wiped);
  g_assert_true (kiosk_flow_confirm (flow, &error));
  g_assert_cmpint (flows_wait_end (flow, 20000), ==, KIOSK_FLOW_PAGE_DONE);
  kiosk_session_set_wipe_hook (NULL, NULL);
  assert_closed (&rig, flow, "done");
  /* The session and the center's answer (the card, with its number). */
  g_assert_true (g_hash_table_contains (wiped, "person.id-number"));
  g_assert_true (g_hash_table_contains (wiped, "card.card-number"));

  /* The receipt names the 7-day window of R8, with its last day. */
  g_assert_nonnull (strstr (kiosk_flow_get_receipt_text (flow), "R8"));
  g_assert_true (kiosk_temporary_loss_flow_get_formal_loss_deadline (
      KIOSK_TEMPORARY_LOSS_FLOW (flow), &deadline));
  kiosk_context_get_today (rig.context, &today);
  g_assert_cmpint (g_date_days_between (&today, &deadline), ==, 6);

  after = flows_center_person (&rig, PERSON_ACTIVE);
  g_assert_true (g_date_valid (&kiosk_person_current_card (after)->temporary_loss_on));
  /* Reported already: R6 refuses a second time. */
  g_assert_cmpint (refused_rule (&rig, KIOSK_SERVICE_TEMPORARY_LOSS, PERSON_ACTIVE), ==, 6);
  /* No card at all. */
  g_assert_cmpint (refused_rule (&rig, KIOSK_SERVICE_TEMPORARY_LOSS, PERSON_GREEN), ==, 6);
  flows_rig_teardown (&rig);
}

/* ---- formal loss (R8, R9) ------------------------------------------------- */

static void
test_formal_loss (void)
{
  FlowsRig rig;
  g_autoptr (GError) error = NULL;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);

  /* Day 1: the social function first, with the R9 warning. */
  {
    g_autoptr (KioskFlow) flow
        = start_with_id (&rig, KIOSK_SERVICE_FORMAL_LOSS_SOCIAL, PERSON_LOSS_DAY1);
    KioskFormalLossFlow *formal = KIOSK_FORMAL_LOSS_FLOW (flow);

    face (flow, KIOSK_FORMAL_LOSS_STATE_CHOOSE_FUNCTIONS);
    g_assert_cmpint (kiosk_formal_loss_flow_get_available (formal), ==, KIOSK_CARD_FUNCTION_BOTH);
    g_assert_false (kiosk_formal_loss_flow_set_functions (formal, 0, &error));
    g_assert_error (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_true (
        kiosk_formal_loss_flow_set_functions (formal, KIOSK_CARD_FUNCTION_SOCIAL, &error));
    g_assert_cmpint (kiosk_flow_get_page (flow), ==, KIOSK_FLOW_PAGE_CONFIRM);
    g_assert_nonnull (strstr (kiosk_flow_get_warning (flow), "R9"));
    g_assert_true (kiosk_flow_confirm (flow, &error));
    g_assert_cmpint (flows_wait_end (flow, 20000), ==, KIOSK_FLOW_PAGE_DONE);
    assert_closed (&rig, flow, "done");
    g_assert_nonnull (strstr (kiosk_flow_get_receipt_text (flow), "R9"));
  }
  /* Then the financial function: the only one left is offered. */
  {
    g_autoptr (KioskFlow) flow
        = start_with_id (&rig, KIOSK_SERVICE_FORMAL_LOSS_FINANCIAL, PERSON_LOSS_DAY1);
    KioskFormalLossFlow *formal = KIOSK_FORMAL_LOSS_FLOW (flow);

    face (flow, KIOSK_FORMAL_LOSS_STATE_CHOOSE_FUNCTIONS);
    g_assert_cmpint (kiosk_formal_loss_flow_get_available (formal), ==,
                     KIOSK_CARD_FUNCTION_FINANCIAL);
    g_assert_false (
        kiosk_formal_loss_flow_set_functions (formal, KIOSK_CARD_FUNCTION_SOCIAL, &error));
    g_clear_error (&error);
    g_assert_true (kiosk_flow_confirm (flow, &error));
    g_assert_cmpint (kiosk_formal_loss_flow_get_functions (formal), ==,
                     KIOSK_CARD_FUNCTION_FINANCIAL);
    g_assert_true (kiosk_flow_confirm (flow, &error));
    g_assert_cmpint (flows_wait_end (flow, 20000), ==, KIOSK_FLOW_PAGE_DONE);
  }
  /* Both lost now: nothing more to lose; unblock is impossible (R9). */
  g_assert_cmpint (refused_rule (&rig, KIOSK_SERVICE_FORMAL_LOSS_SOCIAL, PERSON_LOSS_DAY1), ==, 8);
  g_assert_cmpint (refused_rule (&rig, KIOSK_SERVICE_UNBLOCK, PERSON_LOSS_DAY1), ==, 9);
  /* Day 8 (policy refer_to_window): R8. */
  g_assert_cmpint (refused_rule (&rig, KIOSK_SERVICE_FORMAL_LOSS_SOCIAL, PERSON_LOSS_DAY8), ==, 8);
  /* No temporary loss at all: R8. */
  g_assert_cmpint (refused_rule (&rig, KIOSK_SERVICE_FORMAL_LOSS_SOCIAL, PERSON_ACTIVE), ==, 8);
  flows_rig_teardown (&rig);
}

static void
test_formal_loss_lapse (void)
{
  FlowsRig rig;

  if (flows_rig_skip_if_down ())
    return;
  /* Policy lapse: on day 8 the temporary loss is gone; still R8. */
  flows_rig_setup (&rig, "[policy]\ntemp_loss_after_7_days=lapse\n");
  g_assert_cmpint (refused_rule (&rig, KIOSK_SERVICE_FORMAL_LOSS_SOCIAL, PERSON_LOSS_DAY8), ==, 8);
  flows_rig_teardown (&rig);
}

/* ---- unblock (R7, R9) ----------------------------------------------------- */

static char *
write_card (FlowsRig *rig, const char *name, const char *ssn, const char *card_number)
{
  g_autofree char *file = g_strdup_printf ("%s.ini", name);
  char *path = g_build_filename (rig->dir, file, NULL);
  g_autofree char *text = g_strdup_printf (
      "[card]\npin=123456\npin_max=3\npin_tries=3\n"
      "[fields]\nidentification_code=220100D1560000050123456789ABCDEF\ncard_type=3\n"
      "spec_version=3.00\nissuer=220100000000\nissue_date=20240115\nexpiry_date=20340115\n"
      "card_number=%s\nssn=%s\nname=测试\nsex=1\nnation=01\nbirthplace=220102\n"
      "birth_date=19680101\n",
      card_number, ssn);
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  return path;
}

static void
test_unblock (void)
{
  FlowsRig rig;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPerson) before = NULL;
  g_autoptr (KioskPerson) after = NULL;
  g_autoptr (KioskFlow) flow = NULL;
  g_autofree char *own = NULL;
  g_autofree char *other = NULL;
  g_autofree char *command = NULL;
  KioskDevice *reader;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  reader = kiosk_context_get_chip_reader (rig.context);
  before = flows_center_person (&rig, PERSON_LOSS_DAY1);
  own = write_card (&rig, "own", PERSON_LOSS_DAY1, kiosk_person_current_card (before)->card_number);
  other
      = write_card (&rig, "other", PERSON_ACTIVE, kiosk_person_current_card (before)->card_number);

  flow = start_with_id (&rig, KIOSK_SERVICE_UNBLOCK, PERSON_LOSS_DAY1);
  face (flow, KIOSK_UNBLOCK_STATE_INSERT_CARD);
  g_assert_cmpint (kiosk_flow_get_page (flow), ==, KIOSK_FLOW_PAGE_INSERT_CHIP_CARD);

  /* Someone else's card: said so, and the flow waits for the right one. */
  command = g_strdup_printf ("LOAD %s", other);
  g_free (flows_rig_vcard (command));
  g_free (flows_rig_vcard ("INSERT"));
  g_assert_true (flows_wait_state (flow, KIOSK_UNBLOCK_STATE_READ_CARD, 10000));
  g_assert_true (flows_wait_state (flow, KIOSK_UNBLOCK_STATE_INSERT_CARD, 10000));
  g_assert_error ((GError *) kiosk_flow_get_error (flow), KIOSK_FLOW_ERROR,
                  KIOSK_FLOW_ERROR_CARD_MISMATCH);
  g_assert_nonnull (kiosk_flow_get_hint (flow));
  /* The same wrong card is not read again and again while it stays in. */
  flows_spin (1500);
  g_assert_cmpint (kiosk_flow_get_state (flow), ==, KIOSK_UNBLOCK_STATE_INSERT_CARD);
  g_assert_cmpuint (flows_count_steps (flows_rig_store (&rig),
                                       kiosk_session_get_uuid (kiosk_flow_get_session (flow)),
                                       "read-card", KIOSK_JOURNAL_OUTCOME),
                    ==, 1);
  g_free (flows_rig_vcard ("REMOVE"));
  for (int i = 0; i < 3000 && kiosk_device_is_card_present (reader); i++)
    flows_spin (2);
  g_free (command);
  command = g_strdup_printf ("LOAD %s", own);
  g_free (flows_rig_vcard (command));
  g_free (flows_rig_vcard ("INSERT"));
  g_assert_true (flows_wait_state (flow, KIOSK_UNBLOCK_STATE_CONFIRM, 10000));
  g_assert_true (kiosk_flow_confirm (flow, &error));
  g_assert_true (flows_wait_state (flow, KIOSK_UNBLOCK_STATE_RETURN_CARD, 10000));
  g_assert_cmpint (kiosk_flow_get_page (flow), ==, KIOSK_FLOW_PAGE_TAKE_CARD);
  g_free (flows_rig_vcard ("REMOVE"));
  g_assert_cmpint (flows_wait_end (flow, 20000), ==, KIOSK_FLOW_PAGE_DONE);
  assert_closed (&rig, flow, "done");
  g_assert_nonnull (strstr (kiosk_flow_get_receipt_text (flow), "R7"));

  after = flows_center_person (&rig, PERSON_LOSS_DAY1);
  g_assert_false (g_date_valid (&kiosk_person_current_card (after)->temporary_loss_on));
  /* Not lost any more: nothing to unblock; after formal loss never (R9). */
  g_assert_cmpint (refused_rule (&rig, KIOSK_SERVICE_UNBLOCK, PERSON_LOSS_DAY1), ==, 7);
  g_assert_cmpint (refused_rule (&rig, KIOSK_SERVICE_UNBLOCK, PERSON_BOTH_LOST), ==, 9);
  flows_rig_teardown (&rig);
}

/* Counts the entries into READ_CARD (a hint set later emits "state-changed"
 * too, with the hint; an entry clears it). */
static void
count_read_card (KioskFlow *flow, int old, int state, gpointer user_data)
{
  if (state == KIOSK_UNBLOCK_STATE_READ_CARD && kiosk_flow_get_hint (flow) == NULL)
    (*(guint *) user_data)++;
}

/* The found card is in the reader before the flow asks for it: read at once,
 * no waiting for an insertion that already happened. 返回 on the insert page
 * goes back to the photo. */
static void
test_unblock_card_already_in (void)
{
  FlowsRig rig;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPerson) before = NULL;
  g_autoptr (KioskFlow) flow = NULL;
  g_autofree char *own = NULL;
  g_autofree char *command = NULL;
  KioskDevice *reader;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  reader = kiosk_context_get_chip_reader (rig.context);
  before = flows_center_person (&rig, PERSON_LOSS_DAY1);
  own = write_card (&rig, "own", PERSON_LOSS_DAY1, kiosk_person_current_card (before)->card_number);

  flow = start_with_id (&rig, KIOSK_SERVICE_UNBLOCK, PERSON_LOSS_DAY1);
  face (flow, KIOSK_UNBLOCK_STATE_INSERT_CARD);
  /* 返回: the photo again (the face is checked again). */
  g_assert_true (kiosk_flow_go_back (flow, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_flow_get_state (flow), ==, KIOSK_UNBLOCK_STATE_PHOTO);
  /* The card goes in while the citizen is at the camera. */
  command = g_strdup_printf ("LOAD %s", own);
  g_free (flows_rig_vcard (command));
  g_free (flows_rig_vcard ("INSERT"));
  for (int i = 0; i < 3000 && !kiosk_device_is_card_present (reader); i++)
    flows_spin (2);
  g_assert_true (kiosk_device_is_card_present (reader));
  face (flow, KIOSK_UNBLOCK_STATE_CONFIRM);
  g_assert_true (kiosk_flow_cancel (flow, &error));
  g_assert_cmpint (flows_wait_end (flow, 10000), ==, KIOSK_FLOW_PAGE_CANCELLED);
  g_free (flows_rig_vcard ("REMOVE"));
  flows_rig_teardown (&rig);
}

/* A mute chip: read a bounded number of times, then the citizen is told to
 * take it out and check which way it goes in, and nothing is read until it
 * is out; back and cancel stay possible; the card, turned right, works. */
static void
test_unblock_mute_card (void)
{
  FlowsRig rig;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPerson) before = NULL;
  g_autoptr (KioskFlow) flow = NULL;
  g_autofree char *own = NULL;
  g_autofree char *command = NULL;
  g_autofree char *uuid = NULL;
  KioskDevice *reader;
  guint reads = 0;
  const GError *shown;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, "[flows]\ndevice_timeout_s=1\n");
  reader = kiosk_context_get_chip_reader (rig.context);
  before = flows_center_person (&rig, PERSON_LOSS_DAY1);
  own = write_card (&rig, "own", PERSON_LOSS_DAY1, kiosk_person_current_card (before)->card_number);

  flow = start_with_id (&rig, KIOSK_SERVICE_UNBLOCK, PERSON_LOSS_DAY1);
  uuid = g_strdup (kiosk_session_get_uuid (kiosk_flow_get_session (flow)));
  g_signal_connect (flow, "state-changed", G_CALLBACK (count_read_card), &reads);
  face (flow, KIOSK_UNBLOCK_STATE_INSERT_CARD);
  command = g_strdup_printf ("LOAD %s", own);
  g_free (flows_rig_vcard (command));
  g_free (flows_rig_vcard ("MUTE"));
  g_free (flows_rig_vcard ("INSERT"));
  for (int i = 0;
       i < 10000
       && flows_count_steps (flows_rig_store (&rig), uuid, "read-card", KIOSK_JOURNAL_OUTCOME) == 0;
       i++)
    flows_spin (2);
  g_assert_cmpint (kiosk_flow_get_state (flow), ==, KIOSK_UNBLOCK_STATE_INSERT_CARD);
  shown = kiosk_flow_get_error (flow);
  g_assert_error ((GError *) shown, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_DEVICE);
  g_assert_nonnull (strstr (shown->message, "请取出卡片"));
  g_assert_nonnull (strstr (kiosk_flow_get_hint (flow), "重新插入"));
  g_assert_cmpuint (reads, ==, 3);
  /* Left in the reader, it is not read again. */
  flows_spin (2500);
  g_assert_cmpuint (reads, ==, 3);
  g_assert_cmpint (kiosk_flow_get_state (flow), ==, KIOSK_UNBLOCK_STATE_INSERT_CARD);
  g_assert_cmpuint (
      flows_count_steps (flows_rig_store (&rig), uuid, "read-card", KIOSK_JOURNAL_OUTCOME), ==, 1);

  /* Taken out and put in properly: read, and on to the confirmation. */
  g_free (flows_rig_vcard ("REMOVE"));
  for (int i = 0; i < 3000 && kiosk_device_is_card_present (reader); i++)
    flows_spin (2);
  g_free (flows_rig_vcard ("UNMUTE"));
  g_free (flows_rig_vcard ("INSERT"));
  g_assert_true (flows_wait_state (flow, KIOSK_UNBLOCK_STATE_CONFIRM, 20000));
  g_assert_cmpuint (reads, >=, 4);
  g_assert_true (kiosk_flow_cancel (flow, &error));
  g_assert_no_error (error);
  g_assert_cmpint (flows_wait_end (flow, 10000), ==, KIOSK_FLOW_PAGE_CANCELLED);
  g_free (flows_rig_vcard ("REMOVE"));
  flows_rig_teardown (&rig);
}

/* ---- progress (R16, R3) --------------------------------------------------- */

static void
test_progress (void)
{
  FlowsRig rig;
  g_autoptr (GError) error = NULL;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);

  /* By ID card: in production, the CCB window of 附件2. */
  {
    g_autoptr (KioskFlow) flow = start_with_id (&rig, KIOSK_SERVICE_PROGRESS, PERSON_PRODUCTION);
    KioskProgressFlow *progress = KIOSK_PROGRESS_FLOW (flow);
    const KioskWindow *window;

    g_assert_cmpint (kiosk_flow_get_page (flow), ==, KIOSK_FLOW_PAGE_RESULT);
    g_assert_cmpint (kiosk_progress_flow_get_progress (progress)->stage, ==,
                     KIOSK_CARD_STAGE_IN_PRODUCTION);
    window = kiosk_progress_flow_get_window (progress);
    g_assert_nonnull (window);
    g_assert_cmpstr (window->key, ==, "ccb-renmin-square");
    g_assert_nonnull (strstr (kiosk_flow_get_message (flow), window->phone));
    g_assert_nonnull (strchr (kiosk_progress_flow_get_card_number_masked (progress), '*'));
    g_assert_cmpint (kiosk_progress_flow_get_fix (progress), ==, KIOSK_PROGRESS_FIX_NONE);
    g_assert_false (kiosk_progress_flow_begin_fix (progress, &error));
    g_clear_error (&error);
    g_assert_true (kiosk_flow_confirm (flow, &error));
    g_assert_cmpint (flows_wait_end (flow, 20000), ==, KIOSK_FLOW_PAGE_DONE);
    g_assert_nonnull (strstr (kiosk_flow_get_qr_payload (flow), "ccb-renmin-square"));
    g_assert_nonnull (strstr (kiosk_flow_get_receipt_text (flow), window->name));
    g_assert_true (kiosk_flow_get_receipt_printed (flow));
    assert_closed (&rig, flow, "done");
  }
  /* The receipt printer fails (out of paper): the service is done all the
   * same, and the flow says the receipt was not printed, so that the page
   * shows its QR code instead of pointing at the slot. */
  {
    g_autoptr (KioskFlow) flow = NULL;
    g_autofree char *uuid = NULL;

    flows_rig_receipt_printer_faults ("ERROR: out of paper\nEXIT 1\n");
    flow = start_with_id (&rig, KIOSK_SERVICE_PROGRESS, PERSON_PRODUCTION);
    uuid = g_strdup (kiosk_session_get_uuid (kiosk_flow_get_session (flow)));
    g_assert_cmpint (kiosk_flow_get_page (flow), ==, KIOSK_FLOW_PAGE_RESULT);
    g_assert_true (kiosk_flow_confirm (flow, &error));
    g_assert_cmpint (flows_wait_end (flow, 20000), ==, KIOSK_FLOW_PAGE_DONE);
    g_assert_false (kiosk_flow_get_receipt_printed (flow));
    g_assert_nonnull (kiosk_flow_get_receipt_text (flow));
    g_assert_nonnull (strstr (kiosk_flow_get_qr_payload (flow), "ccb-renmin-square"));
    g_assert_cmpuint (
        flows_count_steps (flows_rig_store (&rig), uuid, "receipt", KIOSK_JOURNAL_OUTCOME), ==, 1);
    assert_closed (&rig, flow, "done");
    flows_rig_receipt_printer_faults (NULL);
  }
  /* By typed number: garbage first, then a valid one (at the window). */
  {
    g_autoptr (KioskFlow) flow = flows_rig_start (&rig, KIOSK_SERVICE_PROGRESS);
    KioskProgressFlow *progress = KIOSK_PROGRESS_FLOW (flow);
    const char *garbage[] = { "",         "12345",    "220102199002150039",
                              "\xff\xfe", "２２０１", "22010219900215003X' OR 1=1" };

    g_assert_cmpint (kiosk_flow_get_page (flow), ==, KIOSK_FLOW_PAGE_ID_NUMBER);
    for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
      {
        g_assert_false (kiosk_progress_flow_submit_id_number (progress, garbage[i], &error));
        g_assert_error (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID);
        g_clear_error (&error);
        g_assert_cmpint (kiosk_flow_get_state (flow), ==, KIOSK_PROGRESS_STATE_READ_ID);
      }
    g_assert_true (
        kiosk_progress_flow_submit_id_number (progress, " " PERSON_AT_WINDOW " ", &error));
    g_assert_true (flows_wait_state (flow, KIOSK_PROGRESS_STATE_RESULT, 10000));
    g_assert_cmpint (kiosk_progress_flow_get_progress (progress)->stage, ==,
                     KIOSK_CARD_STAGE_AT_WINDOW);
    g_assert_cmpstr (kiosk_progress_flow_get_window (progress)->key, ==, "icbc-nandajie");
    g_assert_true (kiosk_flow_cancel (flow, &error));
  }
  /* No card applied for: refused (R16's own answer). */
  g_assert_cmpint (refused_rule (&rig, KIOSK_SERVICE_PROGRESS, PERSON_GREEN), ==, 16);
  /* R3: a photo the bank could not use — fixable here, checked here, the
   * face checked against the record, sent to the center: a new stage. */
  {
    g_autoptr (KioskFlow) flow = start_with_id (&rig, KIOSK_SERVICE_PROGRESS, PERSON_PHOTO_FAIL);
    KioskProgressFlow *progress = KIOSK_PROGRESS_FLOW (flow);
    g_autoptr (GBytes) photo = flows_fixture ("pass-centre.jpg");
    g_autoptr (KioskProgress) after = NULL;
    const char *uuid = kiosk_session_get_uuid (kiosk_flow_get_session (flow));

    g_assert_cmpint (kiosk_progress_flow_get_progress (progress)->stage, ==,
                     KIOSK_CARD_STAGE_PRE_ACCOUNT_FAILED);
    g_assert_cmpint (kiosk_progress_flow_get_fix (progress), ==, KIOSK_PROGRESS_FIX_PHOTO);
    g_assert_nonnull (strstr (kiosk_flow_get_message (flow), "照片"));
    g_assert_nonnull (strstr (kiosk_flow_get_message (flow), "本机更正"));
    g_assert_true (kiosk_progress_flow_begin_fix (progress, &error));
    g_assert_cmpint (kiosk_flow_get_page (flow), ==, KIOSK_FLOW_PAGE_CAMERA);
    g_assert_true (kiosk_flow_go_back (flow, &error));
    g_assert_true (kiosk_progress_flow_begin_fix (progress, &error));
    g_assert_true (kiosk_flow_submit_photo (flow, photo, &error));
    g_assert_no_error (error);
    g_assert_true (flows_wait_state (flow, KIOSK_PROGRESS_STATE_RESULT, 30000));
    g_assert_cmpint (kiosk_progress_flow_get_progress (progress)->stage, ==,
                     KIOSK_CARD_STAGE_IN_PRODUCTION);
    g_assert_cmpint (kiosk_progress_flow_get_fix (progress), ==, KIOSK_PROGRESS_FIX_NONE);
    g_assert_nonnull (strstr (kiosk_flow_get_message (flow), "更正资料已提交"));
    g_assert_cmpuint (
        flows_count_steps (flows_rig_store (&rig), uuid, "verify-face", KIOSK_JOURNAL_OUTCOME), ==,
        1);
    g_assert_cmpuint (
        flows_count_steps (flows_rig_store (&rig), uuid, "resubmit", KIOSK_JOURNAL_INTENT), ==, 1);
    g_assert_true (kiosk_flow_confirm (flow, &error));
    g_assert_cmpint (flows_wait_end (flow, 20000), ==, KIOSK_FLOW_PAGE_DONE);
    g_assert_nonnull (strstr (kiosk_flow_get_qr_payload (flow), "stage=in_production"));
    assert_closed (&rig, flow, "done");
    after = center_progress (&rig, PERSON_PHOTO_FAIL);
    g_assert_cmpint (after->stage, ==, KIOSK_CARD_STAGE_IN_PRODUCTION);
    g_assert_cmpint (after->pre_account_failure, ==, KIOSK_PRE_ACCOUNT_FAILURE_NONE);
  }
  /* R3: a phone the bank refused — a bad one is refused here, a good one
   * goes to the center; the session (and its phone) is wiped at the end. */
  {
    g_autoptr (KioskFlow) flow = start_with_id (&rig, KIOSK_SERVICE_PROGRESS, PERSON_PHONE_FAIL);
    KioskProgressFlow *progress = KIOSK_PROGRESS_FLOW (flow);
    g_autoptr (KioskProgress) after = NULL;

    g_assert_cmpint (kiosk_progress_flow_get_fix (progress), ==, KIOSK_PROGRESS_FIX_PHONE);
    g_assert_false (kiosk_progress_flow_submit_phone (progress, "13912345678", &error));
    g_assert_error (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_WRONG_STATE);
    g_clear_error (&error);
    g_assert_true (kiosk_progress_flow_begin_fix (progress, &error));
    g_assert_cmpint (kiosk_flow_get_page (flow), ==, KIOSK_FLOW_PAGE_FORM);
    g_assert_false (kiosk_progress_flow_submit_phone (progress, "1234", &error));
    g_assert_error (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_cmpint (kiosk_flow_get_state (flow), ==, KIOSK_PROGRESS_STATE_FIX_PHONE);
    /* A landline as the form normalises it ("0431-85570725"). */
    g_assert_true (kiosk_progress_flow_submit_phone (progress, "(0431) 8557 0725", &error));
    g_assert_no_error (error);
    g_assert_true (flows_wait_state (flow, KIOSK_PROGRESS_STATE_RESULT, 20000));
    g_assert_cmpint (kiosk_progress_flow_get_progress (progress)->stage, ==,
                     KIOSK_CARD_STAGE_IN_PRODUCTION);
    g_assert_true (kiosk_flow_confirm (flow, &error));
    g_assert_cmpint (flows_wait_end (flow, 20000), ==, KIOSK_FLOW_PAGE_DONE);
    assert_closed (&rig, flow, "done");
    g_assert_null (strstr (kiosk_flow_get_receipt_text (flow), "85570725"));
    after = center_progress (&rig, PERSON_PHONE_FAIL);
    g_assert_cmpint (after->stage, ==, KIOSK_CARD_STAGE_IN_PRODUCTION);
  }
  /* R3: name and ID number do not match — never fixed here: a window. */
  {
    g_autoptr (KioskFlow) flow = start_with_id (&rig, KIOSK_SERVICE_PROGRESS, PERSON_NAME_FAIL);
    KioskProgressFlow *progress = KIOSK_PROGRESS_FLOW (flow);

    g_assert_cmpint (kiosk_progress_flow_get_progress (progress)->pre_account_failure, ==,
                     KIOSK_PRE_ACCOUNT_FAILURE_NAME_ID_MISMATCH);
    g_assert_cmpint (kiosk_progress_flow_get_fix (progress), ==, KIOSK_PROGRESS_FIX_NONE);
    g_assert_nonnull (strstr (kiosk_flow_get_message (flow), "窗口"));
    g_assert_false (kiosk_progress_flow_begin_fix (progress, &error));
    g_assert_error (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_WRONG_STATE);
    g_clear_error (&error);
    g_assert_true (kiosk_flow_confirm (flow, &error));
    g_assert_cmpint (flows_wait_end (flow, 20000), ==, KIOSK_FLOW_PAGE_DONE);
  }
  flows_rig_teardown (&rig);
}

/* R3 fixes that do not go through: a typed ID number (anyone may ask about
 * progress, only the holder may correct), a card that moved on meanwhile
 * (the center refuses with R3), a lost answer (left open for recovery). */
static void
test_progress_fix_refused (void)
{
  FlowsRig rig;
  g_autoptr (GError) error = NULL;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  {
    g_autoptr (KioskFlow) flow = flows_rig_start (&rig, KIOSK_SERVICE_PROGRESS);
    KioskProgressFlow *progress = KIOSK_PROGRESS_FLOW (flow);

    g_assert_true (kiosk_progress_flow_submit_id_number (progress, PERSON_PHONE_FAIL, &error));
    g_assert_true (flows_wait_state (flow, KIOSK_PROGRESS_STATE_RESULT, 10000));
    g_assert_cmpint (kiosk_progress_flow_get_progress (progress)->stage, ==,
                     KIOSK_CARD_STAGE_PRE_ACCOUNT_FAILED);
    g_assert_cmpint (kiosk_progress_flow_get_fix (progress), ==, KIOSK_PROGRESS_FIX_NONE);
    g_assert_nonnull (strstr (kiosk_flow_get_message (flow), "身份证"));
    g_assert_false (kiosk_progress_flow_begin_fix (progress, &error));
    g_clear_error (&error);
    g_assert_true (kiosk_flow_cancel (flow, &error));
  }
  {
    g_autoptr (KioskFlow) flow = start_with_id (&rig, KIOSK_SERVICE_PROGRESS, PERSON_PHONE_FAIL);
    KioskProgressFlow *progress = KIOSK_PROGRESS_FLOW (flow);
    g_autoptr (KioskProgress) behind = NULL;

    g_assert_true (kiosk_progress_flow_begin_fix (progress, &error));
    /* A window corrected the phone in the meantime. */
    behind = center_resubmit (&rig, PERSON_PHONE_FAIL, "13800000000");
    g_assert_cmpint (behind->stage, ==, KIOSK_CARD_STAGE_IN_PRODUCTION);
    g_assert_true (kiosk_progress_flow_submit_phone (progress, "13912345678", &error));
    g_assert_cmpint (flows_wait_end (flow, 20000), ==, KIOSK_FLOW_PAGE_REFUSED);
    g_assert_cmpint (kiosk_flow_get_refusal (flow)->rule, ==, 3);
    assert_closed (&rig, flow, "refused");
  }
  {
    g_autoptr (KioskFlow) flow = start_with_id (&rig, KIOSK_SERVICE_PROGRESS, PERSON_PHOTO_FAIL);
    KioskProgressFlow *progress = KIOSK_PROGRESS_FLOW (flow);
    g_autoptr (GBytes) photo = flows_fixture ("pass-centre.jpg");
    g_autoptr (KioskJournalSession) session = NULL;

    g_assert_true (kiosk_progress_flow_begin_fix (progress, &error));
    kiosk_center_sim_inject_failure (flows_rig_center (&rig), "resubmit_pre_account",
                                     KIOSK_CENTER_SIM_FAILURE_TIMEOUT, 1);
    g_assert_true (kiosk_flow_submit_photo (flow, photo, &error));
    g_assert_cmpint (flows_wait_end (flow, 30000), ==, KIOSK_FLOW_PAGE_FAILED);
    g_assert_error ((GError *) kiosk_flow_get_error (flow), KIOSK_FLOW_ERROR,
                    KIOSK_FLOW_ERROR_TIMEOUT);
    g_assert_true (kiosk_session_is_wiped (kiosk_flow_get_session (flow)));
    session = kiosk_store_session_get (
        flows_rig_store (&rig), kiosk_session_get_uuid (kiosk_flow_get_session (flow)), &error);
    g_assert_no_error (error);
    g_assert_null (session->outcome);
  }
  flows_rig_teardown (&rig);
}

/* ---- temporary card (R12–R15) --------------------------------------------- */

static void
test_temporary_card (void)
{
  FlowsRig rig;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskFlow) flow = NULL;
  g_autoptr (KioskStockCard) stock = NULL;
  GDate until, today;
  guint jobs = flows_rig_card_printer_jobs ();

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  flow = start_with_id (&rig, KIOSK_SERVICE_TEMPORARY_CARD, PERSON_PRODUCTION);
  g_assert_cmpint (kiosk_flow_get_state (flow), ==, KIOSK_TEMPORARY_CARD_STATE_PHOTO);
  face (flow, KIOSK_TEMPORARY_CARD_STATE_CONFIRM);
  g_assert_true (
      kiosk_temporary_card_flow_get_valid_until (KIOSK_TEMPORARY_CARD_FLOW (flow), &until));
  kiosk_context_get_today (rig.context, &today);
  /* R13: at most 6 months; the policy's default is 60 days. */
  g_assert_cmpint (g_date_days_between (&today, &until), ==, 60);
  g_assert_nonnull (strstr (kiosk_flow_get_message (flow), "R14"));
  g_assert_true (kiosk_flow_confirm (flow, &error));
  g_assert_false (kiosk_flow_cancel (flow, &error));
  g_clear_error (&error);
  g_assert_true (flows_wait_state (flow, KIOSK_TEMPORARY_CARD_STATE_TAKE_CARD, 30000));
  g_assert_true (kiosk_card_feeder_sim_take (flows_rig_feeder (&rig)));
  g_assert_cmpint (flows_wait_end (flow, 20000), ==, KIOSK_FLOW_PAGE_DONE);
  assert_closed (&rig, flow, "issued");
  g_assert_nonnull (strstr (kiosk_flow_get_receipt_text (flow), "R14"));
  g_assert_cmpuint (flows_rig_card_printer_jobs (), ==, jobs + 1);
  {
    g_autoptr (GBytes) printed = flows_rig_printed_card_face (
        &rig, kiosk_session_get_uuid (kiosk_flow_get_session (flow)));

    flows_assert_card_face_png (printed);
  }
  stock = kiosk_store_stock_get (flows_rig_store (&rig), "JL24T000001", &error);
  g_assert_cmpint (stock->state, ==, KIOSK_CARD_ISSUED);
  flows_assert_stock_matches (&rig);
  /* The center was told "issued" once and acknowledged it. */
  assert_result_told (&rig, kiosk_session_get_uuid (kiosk_flow_get_session (flow)), "issued", NULL);

  /* Not again (a valid temporary card now); not for an active card (R12). */
  g_assert_cmpint (refused_rule (&rig, KIOSK_SERVICE_TEMPORARY_CARD, PERSON_PRODUCTION), ==, 12);
  g_assert_cmpint (refused_rule (&rig, KIOSK_SERVICE_TEMPORARY_CARD, PERSON_ACTIVE), ==, 12);
  flows_rig_teardown (&rig);
}

/* A temporary card up to `state` for 王五 (card in production). */
static KioskFlow *
temporary_until (FlowsRig *rig, int state)
{
  KioskFlow *flow = start_with_id (rig, KIOSK_SERVICE_TEMPORARY_CARD, PERSON_PRODUCTION);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (kiosk_flow_get_state (flow), ==, KIOSK_TEMPORARY_CARD_STATE_PHOTO);
  face (flow, KIOSK_TEMPORARY_CARD_STATE_CONFIRM);
  if (state == KIOSK_TEMPORARY_CARD_STATE_CONFIRM)
    return flow;
  g_assert_true (kiosk_flow_confirm (flow, &error));
  g_assert_no_error (error);
  return flow;
}

static gboolean
may_have_temporary_card (FlowsRig *rig, const char *id_number)
{
  g_autoptr (KioskPerson) person = flows_center_person (rig, id_number);
  g_autoptr (KioskRefusal) refusal = NULL;
  GDate today;

  kiosk_context_get_today (rig->context, &today);
  refusal
      = kiosk_rules_check_temporary_card (person, kiosk_context_get_policy (rig->context), &today);
  return refusal == NULL;
}

/* A temporary card spoiled in production: the center is told once, with
 * the step, voids the card, and the citizen gets one at once. */
static void
test_temporary_card_spoiled (void)
{
  FlowsRig rig;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskFlow) flow = NULL;
  g_autoptr (KioskFlow) again = NULL;
  g_autoptr (KioskStockCard) stock = NULL;
  g_autoptr (GPtrArray) actions = NULL;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  g_assert_true (may_have_temporary_card (&rig, PERSON_PRODUCTION));
  flows_rig_card_printer_faults ("ERROR: card jammed\nEXIT 1\n");
  flow = temporary_until (&rig, KIOSK_TEMPORARY_CARD_STATE_ISSUE);
  g_assert_cmpint (flows_wait_end (flow, 60000), ==, KIOSK_FLOW_PAGE_FAILED);
  flows_rig_card_printer_faults (NULL);
  g_assert_error ((GError *) kiosk_flow_get_error (flow), KIOSK_FLOW_ERROR,
                  KIOSK_FLOW_ERROR_SPOILED);
  g_assert_nonnull (strstr (kiosk_flow_get_message (flow), "重新办理"));
  assert_closed (&rig, flow, "spoiled");
  assert_result_told (&rig, kiosk_session_get_uuid (kiosk_flow_get_session (flow)), "spoiled",
                      "print");
  stock = kiosk_store_stock_get (flows_rig_store (&rig), "JL24T000001", &error);
  g_assert_cmpint (stock->state, ==, KIOSK_CARD_SPOILED);
  flows_assert_stock_matches (&rig);
  actions = flows_rig_recover (&rig);
  g_assert_cmpuint (actions->len, ==, 0);

  /* The spoiled card is void at the center: a new one, here and now. */
  g_assert_true (may_have_temporary_card (&rig, PERSON_PRODUCTION));
  again = temporary_until (&rig, KIOSK_TEMPORARY_CARD_STATE_ISSUE);
  g_assert_true (flows_wait_state (again, KIOSK_TEMPORARY_CARD_STATE_TAKE_CARD, 30000));
  g_assert_true (kiosk_card_feeder_sim_take (flows_rig_feeder (&rig)));
  g_assert_cmpint (flows_wait_end (again, 20000), ==, KIOSK_FLOW_PAGE_DONE);
  assert_closed (&rig, again, "issued");
  g_assert_false (may_have_temporary_card (&rig, PERSON_PRODUCTION));
  flows_assert_stock_matches (&rig);
  flows_rig_teardown (&rig);
}

/* No card left the hopper: nothing was made, the registration is withdrawn
 * ("spoiled at feed") and the session closes "cancelled". */
static void
test_temporary_card_misfeed (void)
{
  FlowsRig rig;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskFlow) flow = NULL;
  gint64 counts[KIOSK_CARD_N_STATES];

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  flow = temporary_until (&rig, KIOSK_TEMPORARY_CARD_STATE_CONFIRM);
  kiosk_card_feeder_sim_inject (flows_rig_feeder (&rig), KIOSK_CARD_FEEDER_FAULT_MISFEED);
  g_assert_true (kiosk_flow_confirm (flow, &error));
  g_assert_cmpint (flows_wait_end (flow, 30000), ==, KIOSK_FLOW_PAGE_FAILED);
  assert_closed (&rig, flow, "cancelled");
  assert_result_told (&rig, kiosk_session_get_uuid (kiosk_flow_get_session (flow)), "spoiled",
                      "feed");
  g_assert_true (kiosk_store_stock_counts (flows_rig_store (&rig), counts, &error));
  g_assert_cmpint (counts[KIOSK_CARD_IN_STOCK], ==, FLOWS_STOCK);
  flows_assert_stock_matches (&rig);
  g_assert_true (may_have_temporary_card (&rig, PERSON_PRODUCTION));
  flows_rig_teardown (&rig);
}

/* ---- the four ID card types ----------------------------------------------- */

static KioskIdCardData *
card_of (const char *text)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  KioskIdCardData *data;

  g_assert_true (g_key_file_load_from_data (kf, text, -1, G_KEY_FILE_NONE, &error));
  data = kiosk_id_card_data_from_keyfile (kf, "card", &error);
  g_assert_no_error (error);
  return data;
}

static void
test_card_types (void)
{
  FlowsRig rig;
  g_autoptr (GError) error = NULL;

  if (flows_rig_skip_if_down ())
    return;
  flows_rig_setup (&rig, NULL);
  /* 港澳台居民居住证 (J) of a registered patient: on to the photo. */
  {
    g_autoptr (KioskFlow) flow = flows_rig_start (&rig, KIOSK_SERVICE_GREEN_CHANNEL);

    g_assert_true (kiosk_flow_submit_id_card (
        flow,
        card_of ("[card]\ntype=hkmotw\nname=陈大文\nsex=1\nbirth=19900101\n"
                 "address=香港特别行政区测试道1号\nid_number=" PERSON_HK "\n"
                 "authority=香港\nvalid_from=20200101\nvalid_to=20991231\n"
                 "pass_number=H0123456\nissue_count=1\n"),
        &error));
    g_assert_no_error (error);
    g_assert_true (flows_wait_state (flow, KIOSK_GREEN_CHANNEL_STATE_PHOTO, 10000));
    g_assert_true (kiosk_flow_cancel (flow, &error));
  }
  /* 外国人永久居留身份证 (2023, Y) whose holder has a card: R4. */
  {
    g_autoptr (KioskFlow) flow = flows_rig_start (&rig, KIOSK_SERVICE_GREEN_CHANNEL);

    g_assert_true (kiosk_flow_submit_id_card (
        flow,
        card_of ("[card]\ntype=foreigner2023\nname=金民俊\nenglish_name=KIM MINJUN\nsex=1\n"
                 "birth=19880808\nid_number=922410198808080015\nnationality=KOR\n"
                 "valid_from=20230101\nvalid_to=20330101\nissue_count=0\nprevious_number=000\n"),
        &error));
    g_assert_cmpint (flows_wait_end (flow, 10000), ==, KIOSK_FLOW_PAGE_REFUSED);
    g_assert_cmpint (kiosk_flow_get_refusal (flow)->rule, ==, 4);
  }
  /* 外国人永久居留身份证 (2017, I): 15 characters, unknown to the center. */
  {
    g_autoptr (KioskFlow) flow = flows_rig_start (&rig, KIOSK_SERVICE_PROGRESS);
    g_autofree char *path
        = g_build_filename (g_getenv ("G_TEST_SRCDIR") ? g_getenv ("G_TEST_SRCDIR") : ".",
                            "devices", "idreader", "cards", "foreigner.ini", NULL);
    g_autoptr (GKeyFile) kf = g_key_file_new ();

    g_assert_true (g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, &error));
    g_assert_true (kiosk_flow_submit_id_card (
        flow, kiosk_id_card_data_from_keyfile (kf, "card", &error), &error));
    g_assert_no_error (error);
    g_assert_true (kiosk_flow_is_finished (flow) || flows_wait_end (flow, 10000));
    g_assert_true (kiosk_flow_get_page (flow) == KIOSK_FLOW_PAGE_FAILED
                   || kiosk_flow_get_page (flow) == KIOSK_FLOW_PAGE_REFUSED);
  }
  /* Resident card through the real reader: covered by every other test. */
  flows_rig_teardown (&rig);
}

int
main (int argc, char **argv)
{
  int rc;

  kiosk_test_init (&argc, &argv);
  flows_rig_init ();
  g_test_add_func ("/flows/services/deceased-every-service", test_deceased);
  g_test_add_func ("/flows/services/not-offered", test_not_offered);
  g_test_add_func ("/flows/services/temporary-loss", test_temporary_loss);
  g_test_add_func ("/flows/services/formal-loss", test_formal_loss);
  g_test_add_func ("/flows/services/formal-loss-lapse", test_formal_loss_lapse);
  g_test_add_func ("/flows/services/unblock", test_unblock);
  g_test_add_func ("/flows/services/unblock-card-already-in", test_unblock_card_already_in);
  g_test_add_func ("/flows/services/unblock-mute-card", test_unblock_mute_card);
  g_test_add_func ("/flows/services/progress", test_progress);
  g_test_add_func ("/flows/services/progress-fix-refused", test_progress_fix_refused);
  g_test_add_func ("/flows/services/temporary-card", test_temporary_card);
  g_test_add_func ("/flows/services/temporary-card-spoiled", test_temporary_card_spoiled);
  g_test_add_func ("/flows/services/temporary-card-misfeed", test_temporary_card_misfeed);
  g_test_add_func ("/flows/services/card-types", test_card_types);
  rc = kiosk_test_run ();
  flows_rig_shutdown ();
  return rc;
}
