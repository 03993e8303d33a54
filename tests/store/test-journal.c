/* test-journal.c — sessions and steps: intent before effect, outcomes, masking, refusals */
#include "config.h"

#include "kiosk-db.h"
#include "kiosk-mask.h"
#include "kiosk-store.h"
#include "store-test-util.h"

#define ID_NUMBER "22010219900307123X"
#define PHONE     "13912345678"

static void
test_session_lifecycle (void)
{
  StoreTestClock clock = { 1700000000 };
  g_autofree char *dir = NULL;
  g_autoptr (KioskStore) store = store_test_open (&dir, &clock);
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr (KioskJournalSession) session = NULL;
  g_autoptr (GPtrArray) steps = NULL;
  KioskJournalStep *step;

  uuid = kiosk_store_session_begin (store, "green-channel", &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (uuid));

  clock.now += 5;
  g_assert_cmpint (kiosk_store_journal_outcome (store, uuid, "eligibility", "ok", NULL, &error), ==,
                   1);
  clock.now += 5;
  g_assert_cmpint (kiosk_store_journal_intent (store, uuid, "apply", NULL,
                                               "{\"service\":\"green-channel\"}", &error),
                   ==, 2);
  g_assert_cmpint (
      kiosk_store_journal_outcome (store, uuid, "apply", "ok", "{\"application\":\"A-1\"}", &error),
      ==, 3);
  g_assert_cmpint (kiosk_store_journal_intent (store, uuid, "result", "custom-key-1", NULL, &error),
                   ==, 4);
  g_assert_no_error (error);

  session = kiosk_store_session_get (store, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (session->uuid, ==, uuid);
  g_assert_cmpstr (session->service, ==, "green-channel");
  g_assert_cmpstr (session->kiosk_id, ==, "JL-TEST-0001");
  g_assert_cmpint (session->started, ==, 1700000000);
  g_assert_cmpint (session->finished, ==, 0);
  g_assert_null (session->outcome);
  g_assert_cmpint (session->n_steps, ==, 4);
  g_assert_cmpstr (session->last_step, ==, "result");
  g_assert_cmpint (session->last_phase, ==, KIOSK_JOURNAL_INTENT);
  g_clear_pointer (&session, kiosk_journal_session_free);

  steps = kiosk_store_list_steps (store, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (steps->len, ==, 4);
  step = g_ptr_array_index (steps, 0);
  g_assert_cmpint (step->seq, ==, 1);
  g_assert_cmpstr (step->step, ==, "eligibility");
  g_assert_cmpint (step->phase, ==, KIOSK_JOURNAL_OUTCOME);
  g_assert_null (step->idem_key); /* no intent before it */
  g_assert_cmpstr (step->result, ==, "ok");
  g_assert_cmpint (step->time, ==, 1700000005);
  step = g_ptr_array_index (steps, 1);
  g_assert_cmpint (step->phase, ==, KIOSK_JOURNAL_INTENT);
  {
    g_autofree char *key = g_strconcat (uuid, ":apply", NULL);
    g_assert_cmpstr (step->idem_key, ==, key);
    step = g_ptr_array_index (steps, 2);
    g_assert_cmpstr (step->idem_key, ==, key); /* the outcome carries its intent's key */
  }
  g_assert_cmpstr (step->payload, ==, "{\"application\":\"A-1\"}");
  g_assert_cmpstr (step->result, ==, "ok");
  step = g_ptr_array_index (steps, 3);
  g_assert_cmpstr (step->idem_key, ==, "custom-key-1");
  g_assert_null (step->payload);

  clock.now += 60;
  g_assert_true (kiosk_store_session_close (store, uuid, "issued", &error));
  g_assert_no_error (error);
  session = kiosk_store_session_get (store, uuid, &error);
  g_assert_cmpint (session->finished, ==, 1700000070);
  g_assert_cmpstr (session->outcome, ==, "issued");

  /* A closed session takes nothing more. */
  g_assert_false (kiosk_store_session_close (store, uuid, "issued", &error));
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_cmpint (kiosk_store_journal_intent (store, uuid, "late", NULL, NULL, &error), ==, 0);
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_false (kiosk_store_session_set_person (store, uuid, ID_NUMBER, NULL, NULL, &error));
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_CLOSED);
}

/* The intent is committed when the call returns: another connection sees it. */
static void
test_intent_is_committed (void)
{
  g_autofree char *dir = NULL;
  g_autoptr (KioskStore) store = store_test_open (&dir, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = kiosk_store_session_begin (store, "green-channel", &error);
  g_autofree char *path = g_build_filename (dir, "kiosk.db", NULL);
  g_autoptr (KioskDb) other = NULL;
  g_autoptr (KioskDbStmt) stmt = NULL;

  g_assert_cmpint (kiosk_store_journal_intent (store, uuid, "feed", NULL, "{}", &error), ==, 1);
  g_assert_false (kiosk_db_in_transaction (kiosk_store_get_db (store)));

  other = kiosk_db_open_full (path, KIOSK_DB_OPEN_READ_ONLY, NULL, 0, &error);
  g_assert_no_error (error);
  stmt = kiosk_db_prepare (other, "SELECT step, phase FROM steps", &error);
  g_assert_cmpint (kiosk_db_stmt_step (stmt, &error), ==, KIOSK_DB_STEP_ROW);
  g_assert_cmpstr (kiosk_db_stmt_column_text (stmt, 0), ==, "feed");
  g_assert_cmpstr (kiosk_db_stmt_column_text (stmt, 1), ==, "intent");
}

static void
test_open_and_recent (void)
{
  StoreTestClock clock = { 1000 };
  g_autoptr (KioskStore) store = store_test_open (NULL, &clock);
  g_autoptr (GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL, *c = NULL;
  g_autoptr (GPtrArray) open = NULL;
  g_autoptr (GPtrArray) recent = NULL;

  a = kiosk_store_session_begin (store, "progress-query", &error);
  clock.now++;
  b = kiosk_store_session_begin (store, "green-channel", &error);
  clock.now++;
  c = kiosk_store_session_begin (store, "temporary-loss", &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_store_session_close (store, b, "done", &error));

  open = kiosk_store_list_open_sessions (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 2);
  g_assert_cmpstr (((KioskJournalSession *) open->pdata[0])->uuid, ==, a);
  g_assert_cmpstr (((KioskJournalSession *) open->pdata[1])->uuid, ==, c);

  recent = kiosk_store_list_recent_sessions (store, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (recent->len, ==, 2);
  g_assert_cmpstr (((KioskJournalSession *) recent->pdata[0])->uuid, ==, c);
  g_assert_cmpstr (((KioskJournalSession *) recent->pdata[1])->uuid, ==, b);
  g_assert_cmpstr (((KioskJournalSession *) recent->pdata[1])->outcome, ==, "done");
}

static void
test_person_masked (void)
{
  g_autofree char *dir = NULL;
  g_autoptr (KioskStore) store = store_test_open (&dir, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = kiosk_store_session_begin (store, "green-channel", &error);
  g_autoptr (KioskJournalSession) session = NULL;
  g_autofree char *id = NULL, *name = NULL, *phone = NULL, *photo = NULL;
  g_autoptr (GPtrArray) steps = NULL;

  g_assert_true (kiosk_store_session_set_person (store, uuid, ID_NUMBER, "欧阳娜娜", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (kiosk_store_session_set_person (store, uuid, NULL, NULL, PHONE, &error));
  g_assert_no_error (error);

  session = kiosk_store_session_get (store, uuid, &error);
  g_assert_cmpstr (session->subject_masked, ==, "2201**********123X 欧***");
  g_assert_false (session->has_photo);

  g_assert_true (kiosk_store_session_get_person (store, uuid, &id, &name, &phone, &photo, &error));
  g_assert_cmpstr (id, ==, ID_NUMBER);
  g_assert_cmpstr (name, ==, "欧阳娜娜");
  g_assert_cmpstr (phone, ==, PHONE);
  g_assert_null (photo);

  /* A result that carries an ID or phone number is masked when journaled. */
  g_assert_cmpint (kiosk_store_journal_outcome (store, uuid, "lookup",
                                                "failed: no person " ID_NUMBER " / " PHONE, NULL,
                                                &error),
                   ==, 1);
  steps = kiosk_store_list_steps (store, uuid, &error);
  {
    g_autofree char *masked_id = kiosk_mask (KIOSK_MASK_ID_NUMBER, ID_NUMBER);
    g_autofree char *masked_phone = kiosk_mask (KIOSK_MASK_PHONE, PHONE);
    g_autofree char *expected
        = g_strdup_printf ("failed: no person %s / %s", masked_id, masked_phone);
    g_assert_cmpstr (((KioskJournalStep *) steps->pdata[0])->result, ==, expected);
    g_assert_null (strstr (expected, PHONE));
  }

  /* Photos: inside the photo directory only. */
  {
    g_autofree char *inside = g_build_filename (dir, "photos", "a", "p.jpg", NULL);
    g_autofree char *outside = g_build_filename (dir, "p.jpg", NULL);
    g_autofree char *sneaky = g_build_filename (dir, "photos", "..", "p.jpg", NULL);
    g_autofree char *got = NULL;

    g_assert_false (kiosk_store_session_set_photo (store, uuid, outside, &error));
    g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (kiosk_store_session_set_photo (store, uuid, sneaky, &error));
    g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (kiosk_store_session_set_photo (store, uuid, "../p.jpg", &error));
    g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (kiosk_store_session_set_photo (store, uuid, "", &error));
    g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
    g_clear_error (&error);

    g_assert_true (kiosk_store_session_set_photo (store, uuid, inside, &error));
    g_assert_no_error (error);
    g_assert_true (kiosk_store_session_get_person (store, uuid, NULL, NULL, NULL, &got, &error));
    g_assert_cmpstr (got, ==, inside);
    g_clear_pointer (&got, g_free);
    g_assert_true (kiosk_store_session_set_photo (store, uuid, "b.jpg", &error));
    g_assert_true (kiosk_store_session_get_person (store, uuid, NULL, NULL, NULL, &got, &error));
    g_assert_true (g_str_has_suffix (got, "/photos/b.jpg"));
  }
  g_clear_pointer (&session, kiosk_journal_session_free);
  session = kiosk_store_session_get (store, uuid, &error);
  g_assert_true (session->has_photo);
  /* The person's data did not change with the photo. */
  g_assert_cmpstr (session->subject_masked, ==, "2201**********123X 欧***");
}

static void
test_refusals (void)
{
  g_autoptr (KioskStore) store = store_test_open (NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = kiosk_store_session_begin (store, "green-channel", &error);
  const char *bad_services[] = { "", "has space", "bad\xff", "x'; DROP TABLE steps; --" };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (bad_services); i++)
    {
      g_autofree char *none = kiosk_store_session_begin (store, bad_services[i], &error);
      g_assert_null (none);
      g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_null (kiosk_store_session_begin (store, NULL, &error));
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpint (kiosk_store_journal_intent (store, uuid, "apply", NULL, "{not json", &error), ==,
                   0);
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "JSON"));
  g_clear_error (&error);
  g_assert_cmpint (kiosk_store_journal_intent (store, uuid, "apply", NULL, "\xff\xfe", &error), ==,
                   0);
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kiosk_store_journal_intent (store, uuid, "two words", NULL, NULL, &error), ==,
                   0);
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kiosk_store_journal_outcome (store, uuid, "apply", "", NULL, &error), ==, 0);
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (
      kiosk_store_journal_intent (store, "no-such-session", "apply", NULL, NULL, &error), ==, 0);
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (kiosk_store_session_close (store, "no-such-session", "done", &error));
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (kiosk_store_session_close (store, uuid, "", &error));
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (kiosk_store_list_steps (store, "nope", &error));
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Nothing of the refused calls was written. */
  g_assert_cmpint (store_test_query_int (store, "SELECT count(*) FROM steps"), ==, 0);
  g_assert_cmpint (store_test_query_int (store, "SELECT count(*) FROM sessions"), ==, 1);
}

/* The schema itself keeps the journal append-only, whoever writes SQL. */
static void
test_schema_guards (void)
{
  g_autoptr (KioskStore) store = store_test_open (NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = kiosk_store_session_begin (store, "green-channel", &error);
  KioskDb *db = kiosk_store_get_db (store);
  const char *forbidden[] = {
    "DELETE FROM steps",
    "UPDATE steps SET result = 'ok'",
    "UPDATE steps SET payload = '{\"forged\":1}'",
    "DELETE FROM sessions",
    "UPDATE sessions SET uuid = 'other'",
    "UPDATE sessions SET finished = NULL, outcome = NULL",
    "INSERT INTO steps (session_id, seq, step, phase, time) VALUES (1, 9, 'x', 'maybe', 0)",
    "INSERT INTO steps (session_id, seq, step, phase, time) VALUES (99, 9, 'x', 'intent', 0)",
  };
  gsize i;

  g_assert_cmpint (kiosk_store_journal_intent (store, uuid, "apply", NULL, "{}", &error), ==, 1);
  g_assert_true (kiosk_store_session_close (store, uuid, "cancelled", &error));
  for (i = 0; i < G_N_ELEMENTS (forbidden); i++)
    {
      g_assert_false (kiosk_db_exec (db, forbidden[i], &error));
      g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_CONSTRAINT);
      g_test_message ("%s → %s", forbidden[i], error->message);
      g_clear_error (&error);
    }
  /* Clearing a payload is allowed (that is what the purge does). */
  g_assert_true (kiosk_db_exec (db, "UPDATE steps SET payload = NULL", &error));
  g_assert_no_error (error);
}

static void
test_read_only (void)
{
  g_autofree char *dir = NULL;
  g_autoptr (KioskStore) store = store_test_open (&dir, NULL);
  g_autoptr (KioskStore) reader = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = kiosk_store_session_begin (store, "green-channel", &error);
  g_autofree char *path = g_build_filename (dir, "kiosk.db", NULL);
  g_autoptr (GPtrArray) open = NULL;

  reader = kiosk_store_open_full (path, KIOSK_DB_OPEN_READ_ONLY, NULL, NULL, &error);
  g_assert_no_error (error);
  open = kiosk_store_list_open_sessions (reader, &error);
  g_assert_cmpuint (open->len, ==, 1);
  g_assert_cmpint (kiosk_store_journal_intent (reader, uuid, "apply", NULL, NULL, &error), ==, 0);
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_READ_ONLY);
}

/* The latest intent with a key, in whichever session: what a technician's
 * report of an uncertain card repeats from a new session. */
static void
test_find_intent (void)
{
  StoreTestClock clock = { 1700000000 };
  g_autoptr (KioskStore) store = store_test_open (NULL, &clock);
  g_autoptr (GError) error = NULL;
  g_autofree char *card = kiosk_store_session_begin (store, "green-channel", &error);
  g_autofree char *first = kiosk_store_session_begin (store, "uncertain-report", &error);
  g_autofree char *second = kiosk_store_session_begin (store, "uncertain-report", &error);
  g_autofree char *key = g_strconcat (card, ":result", NULL);
  g_autoptr (KioskJournalStep) none = NULL;
  g_autoptr (KioskJournalStep) found = NULL;
  KioskJournalStep *sentinel = (KioskJournalStep *) &clock;

  g_assert_no_error (error);
  none = sentinel;
  g_assert_true (kiosk_store_journal_find_intent (store, key, &none, &error));
  g_assert_no_error (error);
  g_assert_null (none);

  g_assert_cmpint (kiosk_store_journal_intent (store, first, "result", key,
                                               "{\"result\":\"issued\",\"n\":1}", &error),
                   >, 0);
  /* An outcome with the key does not count; another key does not either. */
  g_assert_cmpint (
      kiosk_store_journal_outcome (store, first, "result", "failed: timeout", NULL, &error), >, 0);
  g_assert_cmpint (kiosk_store_journal_intent (store, card, "eject", NULL, NULL, &error), >, 0);
  clock.now += 60;
  g_assert_cmpint (kiosk_store_journal_intent (store, second, "result", key,
                                               "{\"result\":\"issued\",\"n\":2}", &error),
                   >, 0);
  g_assert_true (kiosk_store_journal_find_intent (store, key, &found, &error));
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->idem_key, ==, key);
  g_assert_cmpstr (found->step, ==, "result");
  g_assert_cmpint (found->phase, ==, KIOSK_JOURNAL_INTENT);
  g_assert_cmpstr (found->payload, ==, "{\"result\":\"issued\",\"n\":2}");
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);

  g_test_add_func ("/journal/lifecycle", test_session_lifecycle);
  g_test_add_func ("/journal/intent-committed", test_intent_is_committed);
  g_test_add_func ("/journal/open-and-recent", test_open_and_recent);
  g_test_add_func ("/journal/person-masked", test_person_masked);
  g_test_add_func ("/journal/refusals", test_refusals);
  g_test_add_func ("/journal/find-intent", test_find_intent);
  g_test_add_func ("/journal/schema-guards", test_schema_guards);
  g_test_add_func ("/journal/read-only", test_read_only);

  return kiosk_test_run ();
}
