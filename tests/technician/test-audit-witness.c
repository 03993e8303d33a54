/* test-audit-witness.c — the audit chain's head witnessed by the center (issue 7 §6), from the
 * technician's side: the report of a settled uncertain card carries it (tried again after a lost
 * answer: the same head), and the real `kioskctl audit verify --center` catches a chain rewritten
 * as a whole. The path of kioskctl is the first argument. */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "center-test.h"
#include "kiosk-card-stock.h"
#include "kiosk-test-audit.h"
#include "kiosk-uncertain-report.h"
#include "technician-test-util.h"

static const char *kioskctl_path;

typedef struct
{
  char *dir;
  KioskStore *store;
  KioskCenterSim *sim;
  char *application_id;
  char *serial;
} Fixture;

/* A green-channel session whose card left the machine after its eject was
 * intended: recovery marked it uncertain and closed the session. */
static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCenterApplicationRequest) request = kiosk_center_application_request_new ();
  g_autoptr (KioskCenterApplication) app = NULL;
  g_autofree char *center_db = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *payload = NULL;

  f->dir = tech_test_dir ("uncertain-report");
  f->store = tech_test_store (f->dir, NULL);
  center_db = g_build_filename (f->dir, "center-sim.db", NULL);
  f->sim = kiosk_center_sim_new (center_db, NULL, &error);
  g_assert_no_error (error);

  request->id_number = g_strdup (ID_OUT_OF_PROVINCE);
  request->name = g_strdup ("张三");
  request->nation = g_strdup ("01");
  request->phone = g_strdup ("13900001234");
  request->postal_code = g_strdup ("130000");
  request->address = g_strdup ("吉林省长春市南关区演示路1号");
  request->bank = g_strdup ("建设银行");
  request->photo = fake_jpeg (1);
  uuid = kiosk_store_session_begin (f->store, "green-channel", &error);
  g_assert_no_error (error);
  app = apply_sync (KIOSK_CENTER (f->sim), "ur:apply", request, &error);
  g_assert_no_error (error);
  f->application_id = g_strdup (app->application_id);
  payload = g_strdup_printf ("{\"application_id\":\"%s\"}", app->application_id);
  g_assert_cmpint (kiosk_store_journal_outcome (f->store, uuid, "apply", "ok", payload, &error), >,
                   0);
  g_assert_cmpint (kiosk_store_stock_load_batch (f->store, "JL24U000001", 2, "tech", &error), >, 0);
  g_assert_no_error (error);
  f->serial = kiosk_store_stock_take (f->store, uuid, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_store_stock_mark_uncertain (f->store, f->serial, "eject: gone", &error));
  g_assert_true (kiosk_store_session_close (f->store, uuid, "uncertain", &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  g_clear_object (&f->sim);
  g_free (f->application_id);
  g_free (f->serial);
  g_free (f->dir);
}

static gboolean
report (Fixture *f, GError **error)
{
  Waiter w = { 0 };
  gboolean ok;

  kiosk_uncertain_report_async (f->store, KIOSK_CENTER (f->sim), f->serial, "tech", NULL,
                                waiter_done, &w);
  ok = kiosk_uncertain_report_finish (f->store, waiter_wait (&w), NULL, error);
  waiter_clear (&w);
  return ok;
}

static char *
head_of (KioskStore *store)
{
  g_autoptr (GError) error = NULL;
  char *head = NULL;

  g_assert_true (kiosk_store_audit_head (store, &head, &error));
  g_assert_no_error (error);
  g_assert_nonnull (head);
  return head;
}

/* The center took the first report but its answer was lost; the report's
 * own audit entry moved the chain on. The technician tries again: the same
 * key goes with the head of the first attempt, so the center sees the same
 * request (not a CONFLICT), and keeps one witness. */
static void
test_retry_same_head (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *first_head = NULL;
  g_autofree char *moved = NULL;
  g_auto (GStrv) witnessed = NULL;
  g_autoptr (KioskAuditVerdict) verdict = NULL;
  g_autoptr (KioskPerson) person = NULL;

  g_assert_true (
      kiosk_card_stock_confirm_issued (f->store, f->serial, "the citizen has it", "tech", &error));
  g_assert_no_error (error);
  first_head = head_of (f->store);
  g_assert_true (kiosk_center_sim_inject_failure (f->sim, "report_result",
                                                  KIOSK_CENTER_SIM_FAILURE_LOST_REPLY, 1));
  g_assert_false (report (f, &error));
  g_assert_nonnull (error);
  g_test_message ("first report: %s", error->message);
  g_clear_error (&error);
  moved = head_of (f->store);
  g_assert_cmpstr (moved, !=, first_head);

  g_assert_true (report (f, &error));
  g_assert_no_error (error);
  witnessed = audit_witnesses_sync (KIOSK_CENTER (f->sim), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (witnessed), ==, 1);
  g_assert_cmpstr (witnessed[0], ==, first_head);
  verdict = kiosk_store_audit_verify_witnesses (f->store, (const char *const *) witnessed, &error);
  g_assert_no_error (error);
  g_assert_true (verdict->ok);
  person = lookup_sync (KIOSK_CENTER (f->sim), "ur:lookup", ID_OUT_OF_PROVINCE, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_card_in_hand (kiosk_person_current_card (person)));
}

/* A spoiled card is reported with the head too. */
static void
test_spoiled_with_head (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *head = NULL;
  g_auto (GStrv) witnessed = NULL;

  g_assert_true (kiosk_card_stock_spoil (f->store, f->serial, "found in the slot", "tech", &error));
  head = head_of (f->store);
  g_assert_true (report (f, &error));
  g_assert_no_error (error);
  witnessed = audit_witnesses_sync (KIOSK_CENTER (f->sim), &error);
  g_assert_cmpuint (g_strv_length (witnessed), ==, 1);
  g_assert_cmpstr (witnessed[0], ==, head);
}

/* A temporary card (R12) whose eject was intended and which left the
 * machine: the report learns its number again with the session's own key
 * (it is not journaled), then reports it issued, with the head. */
static void
test_temporary_card (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCard) registered = NULL;
  g_autofree char *uuid = kiosk_store_session_begin (f->store, "temporary-card", &error);
  g_autofree char *key = g_strconcat (uuid, ":temporary-card", NULL);
  g_autofree char *serial = NULL;
  g_autofree char *head = NULL;
  g_auto (GStrv) witnessed = NULL;
  Waiter w = { 0 };

  g_assert_true (
      kiosk_store_session_set_person (f->store, uuid, ID_NEWLY_INSURED, NULL, NULL, &error));
  g_assert_cmpint (kiosk_store_journal_intent (f->store, uuid, "temporary-card", key, NULL, &error),
                   >, 0);
  registered = temporary_card_sync (KIOSK_CENTER (f->sim), key, ID_NEWLY_INSURED, &error);
  g_assert_no_error (error);
  serial = kiosk_store_stock_take (f->store, uuid, &error);
  g_assert_true (kiosk_store_stock_mark_uncertain (f->store, serial, "eject: gone", &error));
  g_assert_true (kiosk_store_session_close (f->store, uuid, "uncertain", &error));
  g_assert_true (
      kiosk_card_stock_confirm_issued (f->store, serial, "the citizen has it", "tech", &error));
  g_assert_no_error (error);
  head = head_of (f->store);

  g_free (f->serial);
  f->serial = g_steal_pointer (&serial);
  g_assert_true (report (f, &error));
  g_assert_no_error (error);
  witnessed = audit_witnesses_sync (KIOSK_CENTER (f->sim), &error);
  g_assert_cmpuint (g_strv_length (witnessed), ==, 1);
  g_assert_cmpstr (witnessed[0], ==, head);
  /* The center recorded "issued": the other fact is refused. */
  kiosk_center_report_temporary_card_async (KIOSK_CENTER (f->sim), "test:other", ID_NEWLY_INSURED,
                                            registered->card_number, KIOSK_CENTER_RESULT_SPOILED,
                                            "print", NULL, NULL, waiter_done, &w);
  g_assert_false (
      kiosk_center_report_temporary_card_finish (KIOSK_CENTER (f->sim), waiter_wait (&w), &error));
  g_assert_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_WRONG_STATE);
  waiter_clear (&w);
}

/* `kioskctl --config CONF audit verify [--center] --json`: its exit status,
 * and its output in *out. */
static int
kioskctl_verify (Fixture *f, gboolean with_center, char **out)
{
  g_autofree char *conf = g_build_filename (f->dir, "kiosk.conf", NULL);
  g_autofree char *text = g_strdup_printf ("[kiosk]\nid=JL-AW-0001\n[store]\npath=%s/kiosk.db\n"
                                           "[center]\ndriver=simulator\n"
                                           "simulator_db=%s/center-sim.db\n",
                                           f->dir, f->dir);
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (conf, text, -1, &error));
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           kioskctl_path, "--config", conf, "--json", "audit", "verify",
                           with_center ? "--center" : NULL, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, out, &err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_test_message ("kioskctl audit verify%s → %d: %s%s", with_center ? " --center" : "",
                  g_subprocess_get_exit_status (proc), *out, err);
  return g_subprocess_get_exit_status (proc);
}

static void
test_kioskctl_verify_center (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *none = NULL;
  g_autofree char *matches = NULL;
  g_autofree char *local = NULL;
  g_autofree char *caught = NULL;

  if (kioskctl_path == NULL)
    {
      g_test_skip ("kioskctl was not built");
      return;
    }
  /* Nothing witnessed yet: the chain alone. */
  g_assert_cmpint (kioskctl_verify (f, TRUE, &none), ==, 0);
  g_assert_nonnull (strstr (none, "\"witnesses\":0"));

  g_assert_true (
      kiosk_card_stock_confirm_issued (f->store, f->serial, "the citizen has it", "tech", &error));
  g_assert_true (report (f, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kioskctl_verify (f, TRUE, &matches), ==, 0);
  g_assert_nonnull (strstr (matches, "\"ok\":true"));
  g_assert_nonnull (strstr (matches, "\"witnesses\":1,\"witnesses_checked\":1"));

  kiosk_test_rewrite_audit_chain (f->store, 1, "nothing happened");
  /* Against itself the rewritten chain is whole… */
  g_assert_cmpint (kioskctl_verify (f, FALSE, &local), ==, 0);
  g_assert_nonnull (strstr (local, "\"ok\":true"));
  /* …against the center's witness it is not. */
  g_assert_cmpint (kioskctl_verify (f, TRUE, &caught), ==, 1);
  g_assert_nonnull (strstr (caught, "\"ok\":false"));
  g_assert_nonnull (strstr (caught, "rewritten"));
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);
  if (argc > 1 && g_file_test (argv[1], G_FILE_TEST_IS_EXECUTABLE))
    kioskctl_path = argv[1];
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/audit-witness/report-retry-same-head", test_retry_same_head);
  ADD ("/audit-witness/report-spoiled", test_spoiled_with_head);
  ADD ("/audit-witness/report-temporary-card", test_temporary_card);
  ADD ("/audit-witness/kioskctl-verify-center", test_kioskctl_verify_center);
#undef ADD
  return kiosk_test_run ();
}
