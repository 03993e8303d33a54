/* test-center-reliability.c — what a network would do to the center, on the
 * simulator: idempotency keys, injected timeouts and errors, lost and garbled
 * answers, cancellation, latency that never blocks the main loop, restarts
 * (the SQLite file keeps everything), the sim's clock, damaged files. */
#include "config.h"

#include "center-test.h"
#include "kiosk-center-wire.h"
#include "kiosk-db.h"
#include "kiosk-demo-people.h"

typedef struct
{
  char *dir;
  char *db_path;
  KioskCenterSim *sim;
  KioskCenter *center;
  GDate today;
} Fixture;

static void
open_sim (Fixture *f)
{
  g_autoptr (GError) error = NULL;

  f->sim = kiosk_center_sim_new (f->db_path, NULL, &error);
  g_assert_no_error (error);
  f->center = KIOSK_CENTER (f->sim);
  kiosk_center_sim_set_today (f->sim, &f->today);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = temp_dir_new ();
  f->db_path = g_build_filename (f->dir, "center-sim.db", NULL);
  g_date_clear (&f->today, 1);
  g_date_set_dmy (&f->today, 29, G_DATE_FEBRUARY, 2028);
  open_sim (f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->sim);
  temp_dir_remove (f->dir);
  g_free (f->db_path);
  g_free (f->dir);
}

/* One number from the simulator's database, read through a second,
 * read-only connection (what a technician's tool would see). */
static gint64
count_rows (Fixture *f, const char *sql)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDb) db
      = kiosk_db_open_full (f->db_path, KIOSK_DB_OPEN_READ_ONLY, NULL, 0, &error);
  g_autoptr (KioskDbStmt) stmt = NULL;

  g_assert_no_error (error);
  stmt = kiosk_db_prepare (db, sql, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_db_stmt_step (stmt, &error), ==, KIOSK_DB_STEP_ROW);
  return kiosk_db_stmt_column_int64 (stmt, 0);
}

static KioskCenterApplicationRequest *
request_for_out_of_province (void)
{
  KioskCenterApplicationRequest *r = kiosk_center_application_request_new ();

  r->id_number = g_strdup (ID_OUT_OF_PROVINCE);
  r->name = g_strdup ("张三");
  r->nation = g_strdup ("01");
  r->phone = g_strdup ("13900001234");
  r->bank = g_strdup ("吉林银行");
  r->photo = fake_jpeg (2);
  return r;
}

static gboolean
cards_equal (const KioskCard *a, const KioskCard *b)
{
  g_autoptr (GVariant) va = NULL;
  g_autoptr (GVariant) vb = NULL;

  va = g_variant_ref_sink (kiosk_center_wire_card_to_variant (a));
  vb = g_variant_ref_sink (kiosk_center_wire_card_to_variant (b));
  return g_variant_equal (va, vb);
}

static void
test_same_key_same_answer (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCard) first = NULL;
  g_autoptr (KioskCard) again = NULL;
  g_autoptr (KioskCard) unblocked = NULL;
  g_autoptr (KioskPerson) p = NULL;

  first = temporary_loss_sync (f->center, "sess-1:loss", ID_ACTIVE, NULL, &error);
  g_assert_no_error (error);
  again = temporary_loss_sync (f->center, "sess-1:loss", ID_ACTIVE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cards_equal (first, again));
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM idempotency WHERE key = 'sess-1:loss'"), ==,
                   1);

  /* The state moves on (unblock); the old key still answers what it
   * answered and does not lose the card a second time. */
  unblocked = unblock_sync (f->center, "sess-2:unblock", ID_ACTIVE, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&again, kiosk_card_free);
  again = temporary_loss_sync (f->center, "sess-1:loss", ID_ACTIVE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cards_equal (first, again));
  p = lookup_sync (f->center, "sess-3:lookup", ID_ACTIVE, &error);
  g_assert_false (g_date_valid (&kiosk_person_current_card (p)->temporary_loss_on));
}

static void
test_same_key_refusal_replayed (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCard) card = NULL;

  card = formal_loss_sync (f->center, "sess-9:formal", ID_TEMP_LOSS_DAY_8, NULL,
                           KIOSK_CARD_FUNCTION_BOTH, &error);
  g_assert_cmpint (refused_rule (error), ==, 8);
  g_clear_error (&error);
  card = formal_loss_sync (f->center, "sess-9:formal", ID_TEMP_LOSS_DAY_8, NULL,
                           KIOSK_CARD_FUNCTION_BOTH, &error);
  g_assert_cmpint (refused_rule (error), ==, 8);
  g_assert_nonnull (kiosk_center_error_get_refusal (error)->remedy);
}

static void
test_same_key_other_request (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCard) card = NULL;
  g_autoptr (KioskPerson) p = NULL;

  card = temporary_loss_sync (f->center, "sess-4:loss", ID_ACTIVE, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&card, kiosk_card_free);

  /* Another person under the same key. */
  card = temporary_loss_sync (f->center, "sess-4:loss", ID_TEMP_LOSS_DAY_1, NULL, &error);
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_CONFLICT);
  g_clear_error (&error);
  /* Another call under the same key. */
  card = unblock_sync (f->center, "sess-4:loss", ID_ACTIVE, NULL, &error);
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_CONFLICT);
  g_clear_error (&error);
  /* The same call naming the card explicitly is a different request too. */
  card = temporary_loss_sync (f->center, "sess-4:loss", ID_ACTIVE, "D0000014S", &error);
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_CONFLICT);
  g_clear_error (&error);

  /* The conflicting requests did nothing. */
  p = lookup_sync (f->center, "sess-5:lookup", ID_ACTIVE, &error);
  g_assert_true (g_date_valid (&kiosk_person_current_card (p)->temporary_loss_on));
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM idempotency"), ==, 1);
}

static void
test_apply_once (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCenterApplicationRequest) req = request_for_out_of_province ();
  g_autoptr (KioskCenterApplication) a1 = NULL;
  g_autoptr (KioskCenterApplication) a2 = NULL;
  g_autoptr (KioskCenterApplication) a3 = NULL;

  a1 = apply_sync (f->center, "sess-6:apply", req, &error);
  g_assert_no_error (error);
  a2 = apply_sync (f->center, "sess-6:apply", req, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a1->application_id, ==, a2->application_id);
  g_assert_cmpstr (a1->card_number, ==, a2->card_number);
  g_assert_true (kiosk_apdu_script_equal (a1->script, a2->script));
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM application"), ==, 1);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM card WHERE application_id IS NOT NULL"), ==,
                   1);

  /* Another photo under the same key: a different request. */
  g_bytes_unref (req->photo);
  req->photo = fake_jpeg (99);
  a3 = apply_sync (f->center, "sess-6:apply", req, &error);
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_CONFLICT);
  g_clear_error (&error);

  /* The result is reported once, however often it is repeated. */
  g_assert_true (report_sync (f->center, "sess-6:result", a1->application_id,
                              KIOSK_CENTER_RESULT_ISSUED, NULL, &error));
  g_assert_true (report_sync (f->center, "sess-6:result", a1->application_id,
                              KIOSK_CENTER_RESULT_ISSUED, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM application WHERE status = 'issued'"), ==,
                   1);
}

static void
test_injected_timeout (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCard) card = NULL;
  g_autoptr (KioskPerson) p = NULL;

  g_assert_true (kiosk_center_sim_inject_failure (f->sim, "temporary_loss",
                                                  KIOSK_CENTER_SIM_FAILURE_TIMEOUT, 1));
  card = temporary_loss_sync (f->center, "t1:loss", ID_ACTIVE, NULL, &error);
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_TIMEOUT);
  g_clear_error (&error);
  /* The request was lost: nothing happened. */
  p = lookup_sync (f->center, "t1:lookup", ID_ACTIVE, &error);
  g_assert_false (g_date_valid (&kiosk_person_current_card (p)->temporary_loss_on));
  /* The retry goes through. */
  card = temporary_loss_sync (f->center, "t1:loss", ID_ACTIVE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (card);
}

static void
test_injected_error (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCenterApplicationRequest) req = request_for_out_of_province ();
  g_autoptr (KioskCenterApplication) app = NULL;
  g_autoptr (KioskPerson) p = NULL;

  /* Two error replies for any call, then success. */
  g_assert_true (kiosk_center_sim_inject_failure (f->sim, "*", KIOSK_CENTER_SIM_FAILURE_ERROR, 2));
  p = lookup_sync (f->center, "e1:lookup", ID_ACTIVE, &error);
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_UNAVAILABLE);
  g_clear_error (&error);
  app = apply_sync (f->center, "e1:apply", req, &error);
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_UNAVAILABLE);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM application"), ==, 0);
  app = apply_sync (f->center, "e1:apply", req, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM application"), ==, 1);

  /* A pass, then a failure: the second call fails. */
  g_assert_true (
      kiosk_center_sim_inject_failure (f->sim, "lookup_person", KIOSK_CENTER_SIM_FAILURE_NONE, 1));
  g_assert_true (
      kiosk_center_sim_inject_failure (f->sim, "lookup_person", KIOSK_CENTER_SIM_FAILURE_ERROR, 1));
  p = lookup_sync (f->center, "e2:lookup", ID_ACTIVE, &error);
  g_assert_no_error (error);
  g_clear_pointer (&p, kiosk_person_free);
  p = lookup_sync (f->center, "e3:lookup", ID_ACTIVE, &error);
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_UNAVAILABLE);
  g_clear_error (&error);

  /* Cleared injections do nothing; unknown names are refused. */
  g_assert_true (
      kiosk_center_sim_inject_failure (f->sim, "unblock", KIOSK_CENTER_SIM_FAILURE_TIMEOUT, 5));
  g_assert_true (
      kiosk_center_sim_inject_failure (f->sim, "unblock", KIOSK_CENTER_SIM_FAILURE_NONE, 0));
  kiosk_center_sim_clear_failures (f->sim);
  g_assert_false (
      kiosk_center_sim_inject_failure (f->sim, "explode", KIOSK_CENTER_SIM_FAILURE_ERROR, 1));
  g_assert_false (
      kiosk_center_sim_inject_failure (f->sim, NULL, KIOSK_CENTER_SIM_FAILURE_ERROR, 1));
  p = lookup_sync (f->center, "e4:lookup", ID_ACTIVE, &error);
  g_assert_no_error (error);
}

/* The center acted but its answer was lost: the kiosk repeats with the same
 * key and learns the first answer; nothing happens twice. */
static void
test_lost_reply (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCenterApplicationRequest) req = request_for_out_of_province ();
  g_autoptr (KioskCenterApplication) app = NULL;

  g_assert_true (kiosk_center_sim_inject_failure (f->sim, "apply_green_channel",
                                                  KIOSK_CENTER_SIM_FAILURE_LOST_REPLY, 1));
  app = apply_sync (f->center, "l1:apply", req, &error);
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_TIMEOUT);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM application"), ==, 1);

  app = apply_sync (f->center, "l1:apply", req, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM application"), ==, 1);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM card WHERE application_id IS NOT NULL"), ==,
                   1);

  /* ISSUANCE.md recovery: learn the answer, then cancel. */
  g_assert_true (kiosk_center_sim_inject_failure (f->sim, "cancel_application",
                                                  KIOSK_CENTER_SIM_FAILURE_BAD_REPLY, 1));
  g_assert_false (cancel_sync (f->center, "l1:cancel", app->application_id, &error));
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_BAD_REPLY);
  g_clear_error (&error);
  g_assert_true (cancel_sync (f->center, "l1:cancel", app->application_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM application WHERE status = 'cancelled'"),
                   ==, 1);
}

/* R3 resubmission: the correction is taken once; its lost answer is learnt
 * with the same key; another phone under that key is a conflict. */
static void
test_resubmit_once (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskProgress) pr = NULL;

  g_assert_true (kiosk_center_sim_inject_failure (f->sim, "resubmit_pre_account",
                                                  KIOSK_CENTER_SIM_FAILURE_LOST_REPLY, 1));
  pr = resubmit_sync (f->center, "rs:resubmit", ID_PRE_ACCOUNT_PHONE, NULL, "13912345678", NULL,
                      &error);
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_TIMEOUT);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (f,
                               "SELECT count(*) FROM card WHERE number = 'D0000012W' AND stage = "
                               "'in_production' AND pre_account_failure = 'none'"),
                   ==, 1);

  pr = resubmit_sync (f->center, "rs:resubmit", ID_PRE_ACCOUNT_PHONE, NULL, "13912345678", NULL,
                      &error);
  g_assert_no_error (error);
  g_assert_cmpint (pr->stage, ==, KIOSK_CARD_STAGE_IN_PRODUCTION);
  g_clear_pointer (&pr, kiosk_progress_free);
  pr = resubmit_sync (f->center, "rs:resubmit", ID_PRE_ACCOUNT_PHONE, NULL, "13900000000", NULL,
                      &error);
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_CONFLICT);
  g_assert_null (pr);
  g_assert_cmpint (
      count_rows (f, "SELECT count(*) FROM idempotency WHERE call = 'resubmit_pre_account'"), ==,
      1);
}

/* A temporary card's result whose answer was lost is learnt with the same
 * key; the other result under the same key is a conflict. */
static void
test_temporary_result_once (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCard) card = NULL;

  card = temporary_card_sync (f->center, "tt:temporary-card", ID_NEWLY_INSURED, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_center_sim_inject_failure (f->sim, "report_temporary_card",
                                                  KIOSK_CENTER_SIM_FAILURE_LOST_REPLY, 1));
  g_assert_false (report_temporary_sync (f->center, "tt:result", ID_NEWLY_INSURED,
                                         card->card_number, KIOSK_CENTER_RESULT_SPOILED, "print",
                                         &error));
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_TIMEOUT);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM card WHERE production_result = 'spoiled'"
                                  " AND voided = 1 AND spoiled_step = 'print'"),
                   ==, 1);
  g_assert_true (report_temporary_sync (f->center, "tt:result", ID_NEWLY_INSURED, card->card_number,
                                        KIOSK_CENTER_RESULT_SPOILED, "print", &error));
  g_assert_no_error (error);
  g_assert_false (report_temporary_sync (f->center, "tt:result", ID_NEWLY_INSURED,
                                         card->card_number, KIOSK_CENTER_RESULT_ISSUED, NULL,
                                         &error));
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_CONFLICT);
}

static void
test_bad_reply (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPerson) p = NULL;
  g_autoptr (KioskProgress) pr = NULL;
  double score;
  g_autoptr (GBytes) photo = fake_jpeg (1);

  g_assert_true (
      kiosk_center_sim_inject_failure (f->sim, "*", KIOSK_CENTER_SIM_FAILURE_BAD_REPLY, 3));
  p = lookup_sync (f->center, "b:1", ID_ACTIVE, &error);
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_BAD_REPLY);
  g_clear_error (&error);
  pr = progress_sync (f->center, "b:2", ID_IN_PRODUCTION, &error);
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_BAD_REPLY);
  g_clear_error (&error);
  g_assert_false (verify_face_sync (f->center, "b:3", ID_ACTIVE, photo, &score, &error));
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_BAD_REPLY);
  g_clear_error (&error);
  p = lookup_sync (f->center, "b:4", ID_ACTIVE, &error);
  g_assert_no_error (error);
}

static gboolean
cancel_soon (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (KioskCard) card = NULL;
  g_autoptr (KioskPerson) p = NULL;
  g_autoptr (GTimer) timer = g_timer_new ();
  Waiter w = { 0 };

  /* Cancelled while "on the wire": answered at once, nothing happened. */
  kiosk_center_sim_set_latency (f->sim, 5000);
  kiosk_center_temporary_loss_async (f->center, "c1:loss", ID_ACTIVE, NULL, cancellable,
                                     waiter_done, &w);
  g_timeout_add (20, cancel_soon, cancellable);
  card = kiosk_center_temporary_loss_finish (f->center, waiter_wait (&w), &error);
  waiter_clear (&w);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 2.0);

  /* Already cancelled before the call. */
  kiosk_center_lookup_person_async (f->center, "c2:lookup", ID_ACTIVE, cancellable, waiter_done,
                                    &w);
  p = kiosk_center_lookup_person_finish (f->center, waiter_wait (&w), &error);
  waiter_clear (&w);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  kiosk_center_sim_set_latency (f->sim, 0);
  p = lookup_sync (f->center, "c3:lookup", ID_ACTIVE, &error);
  g_assert_no_error (error);
  g_assert_false (g_date_valid (&kiosk_person_current_card (p)->temporary_loss_on));
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM idempotency"), ==, 0);

  /* The cancelled key was never used: it works now. */
  card = temporary_loss_sync (f->center, "c1:loss", ID_ACTIVE, NULL, &error);
  g_assert_no_error (error);
}

static gboolean
tick (gpointer data)
{
  guint *ticks = data;

  (*ticks)++;
  return G_SOURCE_CONTINUE;
}

/* The latency is a GLib timeout: the main loop keeps running meanwhile. */
static void
test_latency_does_not_block (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GTimer) timer = g_timer_new ();
  g_autoptr (KioskPerson) p = NULL;
  guint ticks = 0;
  guint source;
  Waiter w = { 0 };
  gint64 start;

  kiosk_center_sim_set_latency (f->sim, 300);
  g_assert_cmpuint (kiosk_center_sim_get_latency (f->sim), ==, 300);
  source = g_timeout_add (10, tick, &ticks);
  start = g_get_monotonic_time ();
  kiosk_center_lookup_person_async (f->center, "lat:1", ID_ACTIVE, NULL, waiter_done, &w);
  /* The call returned at once. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 100000);
  g_assert_null (w.result);
  p = kiosk_center_lookup_person_finish (f->center, waiter_wait (&w), &error);
  waiter_clear (&w);
  g_source_remove (source);
  g_assert_no_error (error);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), >=, 0.29);
  /* About 30 ticks of 10 ms ran while the center "was thinking". */
  g_assert_cmpuint (ticks, >=, 10);

  kiosk_center_sim_set_latency (f->sim, 999999);
  g_assert_cmpuint (kiosk_center_sim_get_latency (f->sim), ==, 60000);
}

/* Two calls in flight at once, answered in their own time. */
static void
test_concurrent_calls (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPerson) p = NULL;
  g_autoptr (KioskCard) card = NULL;
  Waiter w1 = { 0 };
  Waiter w2 = { 0 };

  kiosk_center_sim_set_latency (f->sim, 30);
  kiosk_center_lookup_person_async (f->center, "cc:1", ID_ACTIVE, NULL, waiter_done, &w1);
  kiosk_center_temporary_loss_async (f->center, "cc:2", ID_TEMP_LOSS_DAY_8, NULL, NULL, waiter_done,
                                     &w2);
  card = kiosk_center_temporary_loss_finish (f->center, waiter_wait (&w2), &error);
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_REFUSED);
  g_clear_error (&error);
  p = kiosk_center_lookup_person_finish (f->center, waiter_wait (&w1), &error);
  g_assert_no_error (error);
  waiter_clear (&w1);
  waiter_clear (&w2);
}

static void
test_reopen_persists (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCard) card = NULL;
  g_autoptr (KioskCard) again = NULL;
  g_autoptr (KioskCenterApplicationRequest) req = request_for_out_of_province ();
  g_autoptr (KioskCenterApplication) app = NULL;
  g_autoptr (KioskCenterApplication) app_again = NULL;
  g_autoptr (KioskPerson) p = NULL;
  gint64 people;

  card = temporary_loss_sync (f->center, "r1:loss", ID_ACTIVE, NULL, &error);
  g_assert_no_error (error);
  app = apply_sync (f->center, "r1:apply", req, &error);
  g_assert_no_error (error);
  people = count_rows (f, "SELECT count(*) FROM person");

  /* A restart (a power cut after the commit). */
  g_clear_object (&f->sim);
  open_sim (f);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM person"), ==, people);

  p = lookup_sync (f->center, "r2:lookup", ID_ACTIVE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_date_compare (&kiosk_person_current_card (p)->temporary_loss_on, &f->today),
                   ==, 0);
  again = temporary_loss_sync (f->center, "r1:loss", ID_ACTIVE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cards_equal (card, again));
  app_again = apply_sync (f->center, "r1:apply", req, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (app->application_id, ==, app_again->application_id);
  g_assert_true (report_sync (f->center, "r2:result", app->application_id,
                              KIOSK_CENTER_RESULT_ISSUED, NULL, &error));
  g_assert_no_error (error);
}

/* Demo days stay relative to the sim's clock until a call acts on the card. */
static void
test_relative_days (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPerson) p = NULL;
  g_autoptr (KioskCard) card = NULL;
  GDate later = f->today;

  p = lookup_sync (f->center, "d:1", ID_TEMP_LOSS_DAY_8, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_rules_temporary_loss_day (kiosk_person_current_card (p), &f->today), ==,
                   8);
  g_clear_pointer (&p, kiosk_person_free);

  g_date_add_days (&later, 400);
  kiosk_center_sim_set_today (f->sim, &later);
  p = lookup_sync (f->center, "d:2", ID_TEMP_LOSS_DAY_8, &error);
  g_assert_cmpint (kiosk_rules_temporary_loss_day (kiosk_person_current_card (p), &later), ==, 8);
  g_clear_pointer (&p, kiosk_person_free);

  /* Acted on today: the card's days are fixed from now on. */
  kiosk_center_sim_set_today (f->sim, &f->today);
  card = unblock_sync (f->center, "d:3", ID_TEMP_LOSS_DAY_1, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&card, kiosk_card_free);
  card = temporary_loss_sync (f->center, "d:4", ID_TEMP_LOSS_DAY_1, NULL, &error);
  g_assert_no_error (error);
  kiosk_center_sim_set_today (f->sim, &later);
  p = lookup_sync (f->center, "d:5", ID_TEMP_LOSS_DAY_1, &error);
  g_assert_cmpint (g_date_compare (&kiosk_person_current_card (p)->temporary_loss_on, &f->today),
                   ==, 0);
  g_assert_cmpint (kiosk_rules_temporary_loss_day (kiosk_person_current_card (p), &later), ==, 401);

  /* Back to the local clock. */
  kiosk_center_sim_set_today (f->sim, NULL);
  {
    GDate now;
    g_autoptr (GDateTime) dt = g_date_time_new_now_local ();

    kiosk_center_sim_get_today (f->sim, &now);
    g_assert_cmpint (g_date_get_day (&now), ==, g_date_time_get_day_of_month (dt));
  }
}

static void
test_damaged_files (void)
{
  g_autofree char *dir = temp_dir_new ();
  g_autofree char *not_db = g_build_filename (dir, "not-a-db", NULL);
  g_autofree char *bad_demo = g_build_filename (dir, "demo.ini", NULL);
  g_autofree char *db = g_build_filename (dir, "sim.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCenterSim) sim = NULL;

  /* Not a database. */
  g_assert_true (g_file_set_contents (not_db, "this is not SQLite\n\xff\xfe garbage", -1, NULL));
  sim = kiosk_center_sim_new (not_db, NULL, &error);
  g_assert_null (sim);
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_CORRUPT);
  g_clear_error (&error);

  /* A directory where the file should be. */
  sim = kiosk_center_sim_new (dir, NULL, &error);
  g_assert_null (sim);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Garbage demo data: a clear error, and nothing half-seeded. */
  g_assert_true (g_file_set_contents (bad_demo, "[person:x]\nid_number=123\n", -1, NULL));
  sim = kiosk_center_sim_new_full (db, NULL, bad_demo, &error);
  g_assert_null (sim);
  g_assert_error (error, KIOSK_DEMO_PEOPLE_ERROR, KIOSK_DEMO_PEOPLE_ERROR_INVALID);
  g_clear_error (&error);
  sim = kiosk_center_sim_new_full (db, NULL, "/nonexistent/demo.ini", &error);
  g_assert_null (sim);
  g_assert_error (error, KIOSK_DEMO_PEOPLE_ERROR, KIOSK_DEMO_PEOPLE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* With good data the same file seeds fine. */
  sim = kiosk_center_sim_new_full (db, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sim);
  g_clear_object (&sim);
  temp_dir_remove (dir);
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/center/idempotency/same-key-same-answer", test_same_key_same_answer);
  ADD ("/center/idempotency/refusal-replayed", test_same_key_refusal_replayed);
  ADD ("/center/idempotency/same-key-other-request", test_same_key_other_request);
  ADD ("/center/idempotency/apply-once", test_apply_once);
  ADD ("/center/failure/timeout", test_injected_timeout);
  ADD ("/center/failure/error", test_injected_error);
  ADD ("/center/failure/lost-reply", test_lost_reply);
  ADD ("/center/idempotency/resubmit-once", test_resubmit_once);
  ADD ("/center/idempotency/temporary-result-once", test_temporary_result_once);
  ADD ("/center/failure/bad-reply", test_bad_reply);
  ADD ("/center/async/cancel", test_cancel);
  ADD ("/center/async/latency-does-not-block", test_latency_does_not_block);
  ADD ("/center/async/concurrent", test_concurrent_calls);
  ADD ("/center/persistence/reopen", test_reopen_persists);
  ADD ("/center/clock/relative-days", test_relative_days);
#undef ADD
  g_test_add_func ("/center/persistence/damaged-files", test_damaged_files);
  return kiosk_test_run ();
}
