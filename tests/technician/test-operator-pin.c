/* test-operator-pin.c — the operator PIN: strength, yescrypt, lockout and its
 * expiry with a pinned clock, every attempt in the audit chain, a real SQLite file */
#include "config.h"

#include <string.h>

#include "kiosk-db.h"
#include "kiosk-operator-pin.h"
#include "technician-test-util.h"

#define PIN     "482916"
#define LOCKOUT 900 /* s */
#define ACTOR   "technician"

static void
test_strength (void)
{
  const char *weak[] = {
    "",       "12345",     "1234567890123", "48291a", "４８２９１６", " 482916",
    "111111", "000000000", "123456",        "654321", "890123",       "3210987",
    "012345", "121212",    "123123",        "909090", "1212121",      "482 916",
  };
  const char *strong[] = { "482916", "135790", "902817", "19283746", "556677", "112358" };

  for (gsize i = 0; i < G_N_ELEMENTS (weak); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (kiosk_operator_pin_check_strength (weak[i], &error));
      g_assert_error (error, KIOSK_OPERATOR_PIN_ERROR, KIOSK_OPERATOR_PIN_ERROR_WEAK);
      /* A message a technician can act on, in Chinese and English. */
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_nonnull (strstr (error->message, "PIN"));
    }
  for (gsize i = 0; i < G_N_ELEMENTS (strong); i++)
    g_assert_true (kiosk_operator_pin_check_strength (strong[i], NULL));
  g_assert_false (kiosk_operator_pin_check_strength (NULL, NULL));
}

static void
test_hash (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *a = kiosk_operator_pin_hash (PIN, &error);
  g_autofree char *b = kiosk_operator_pin_hash (PIN, &error);

  g_assert_no_error (error);
  /* yescrypt, with a fresh salt each time; the PIN itself is nowhere in it. */
  g_assert_true (g_str_has_prefix (a, "$y$"));
  g_assert_cmpstr (a, !=, b);
  g_assert_null (strstr (a, PIN));
  g_assert_true (kiosk_operator_pin_hash_matches (a, PIN));
  g_assert_true (kiosk_operator_pin_hash_matches (b, PIN));
  g_assert_false (kiosk_operator_pin_hash_matches (a, "482917"));
  g_assert_false (kiosk_operator_pin_hash_matches (a, ""));
  g_assert_false (kiosk_operator_pin_hash_matches (a, NULL));
  /* Garbage hashes never match, never crash. */
  g_assert_false (kiosk_operator_pin_hash_matches ("", PIN));
  g_assert_false (kiosk_operator_pin_hash_matches ("$y$", PIN));
  g_assert_false (kiosk_operator_pin_hash_matches ("$y$j9T$garbage", PIN));
  g_assert_false (kiosk_operator_pin_hash_matches ("$1$abc$def", PIN));
  g_assert_false (kiosk_operator_pin_hash_matches (NULL, PIN));
}

static void
assert_state (KioskStore *store, gboolean set, guint failures, guint left, gint64 locked_until)
{
  g_autoptr (GError) error = NULL;
  KioskOperatorPinState state;

  g_assert_true (kiosk_operator_pin_get_state (store, LOCKOUT, &state, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state.is_set, ==, set);
  g_assert_cmpuint (state.failures, ==, failures);
  g_assert_cmpuint (state.attempts_left, ==, left);
  g_assert_cmpint (state.locked_until, ==, locked_until);
}

static gint64
audit_count (KioskStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskAuditVerdict) verdict = kiosk_store_audit_verify (store, &error);

  g_assert_no_error (error);
  g_assert_true (verdict->ok);
  return verdict->n_entries;
}

static void
verify_wrong (KioskStore *store, int expected)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (kiosk_operator_pin_verify (store, "000111", LOCKOUT, ACTOR, &error));
  g_assert_error (error, KIOSK_OPERATOR_PIN_ERROR, expected);
}

/* No setting or audit entry holds the PIN in clear. */
static gint64
store_query_contains_pin (KioskStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDbStmt) stmt = kiosk_db_prepare (
      kiosk_store_get_db (store),
      "SELECT (SELECT count (*) FROM settings WHERE value LIKE '%" PIN "%' OR key LIKE '%" PIN
      "%') + (SELECT count (*) FROM audit WHERE detail LIKE '%" PIN "%')",
      &error);

  g_assert_no_error (error);
  g_assert_cmpint (kiosk_db_stmt_step (stmt, &error), ==, KIOSK_DB_STEP_ROW);
  return kiosk_db_stmt_column_int64 (stmt, 0);
}

static void
test_set_verify_lockout (void)
{
  g_autofree char *dir = tech_test_dir ("pin");
  TechTestClock clock = { 1700000000 };
  g_autoptr (KioskStore) store = tech_test_store (dir, &clock);
  g_autoptr (GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *actions = NULL;
  gint64 before;

  /* No PIN yet: refused, nothing written. */
  assert_state (store, FALSE, 0, 5, 0);
  before = audit_count (store);
  g_assert_false (kiosk_operator_pin_verify (store, PIN, LOCKOUT, ACTOR, &error));
  g_assert_error (error, KIOSK_OPERATOR_PIN_ERROR, KIOSK_OPERATOR_PIN_ERROR_NOT_SET);
  g_clear_error (&error);
  g_assert_cmpint (audit_count (store), ==, before);

  /* A weak PIN is refused and writes nothing. */
  g_assert_false (kiosk_operator_pin_set (store, "111111", "kioskctl:root", &error));
  g_assert_error (error, KIOSK_OPERATOR_PIN_ERROR, KIOSK_OPERATOR_PIN_ERROR_WEAK);
  g_clear_error (&error);
  g_assert_cmpint (audit_count (store), ==, before);

  g_assert_true (kiosk_operator_pin_set (store, PIN, "kioskctl:root", &error));
  g_assert_no_error (error);
  /* Only the hash is stored. */
  hash = kiosk_store_setting_get (store, KIOSK_OPERATOR_PIN_SETTING, NULL, &error);
  g_assert_true (g_str_has_prefix (hash, "$y$"));
  g_assert_cmpint (store_query_contains_pin (store), ==, 0);
  assert_state (store, TRUE, 0, 5, 0);

  g_assert_true (kiosk_operator_pin_verify (store, PIN, LOCKOUT, ACTOR, &error));
  g_assert_no_error (error);

  /* Four wrong ones: attempts count down; the fifth locks. */
  for (guint i = 1; i <= 4; i++)
    {
      clock.now += 10;
      verify_wrong (store, KIOSK_OPERATOR_PIN_ERROR_WRONG);
      assert_state (store, TRUE, i, 5 - i, 0);
    }
  clock.now += 10;
  verify_wrong (store, KIOSK_OPERATOR_PIN_ERROR_LOCKED);
  assert_state (store, TRUE, 5, 0, clock.now + LOCKOUT);

  /* Locked: even the right PIN is refused, and nothing is written. */
  before = audit_count (store);
  clock.now += LOCKOUT - 1;
  g_assert_false (kiosk_operator_pin_verify (store, PIN, LOCKOUT, ACTOR, &error));
  g_assert_error (error, KIOSK_OPERATOR_PIN_ERROR, KIOSK_OPERATOR_PIN_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "1 分钟"));
  g_clear_error (&error);
  verify_wrong (store, KIOSK_OPERATOR_PIN_ERROR_LOCKED);
  g_assert_cmpint (audit_count (store), ==, before);

  /* The lockout ends on time; five more attempts. */
  clock.now += 1;
  assert_state (store, TRUE, 5, 5, 0);
  verify_wrong (store, KIOSK_OPERATOR_PIN_ERROR_WRONG);
  assert_state (store, TRUE, 6, 4, 0);

  /* A right PIN starts the count again. */
  g_assert_true (kiosk_operator_pin_verify (store, PIN, LOCKOUT, ACTOR, &error));
  assert_state (store, TRUE, 0, 5, 0);

  actions = tech_test_audit_actions (store);
  g_assert_cmpstr (actions, ==,
                   "setting.set technician.pin.set technician.enter technician.pin.fail "
                   "technician.pin.fail technician.pin.fail technician.pin.fail "
                   "technician.pin.fail technician.pin.lockout technician.pin.fail "
                   "technician.enter");
  tech_test_assert_chain_ok (store);
}

static void
test_new_pin_ends_lockout (void)
{
  g_autofree char *dir = tech_test_dir ("pin-reset");
  TechTestClock clock = { 1700000000 };
  g_autoptr (KioskStore) store = tech_test_store (dir, &clock);
  g_autoptr (GError) error = NULL;

  g_assert_true (kiosk_operator_pin_set (store, PIN, "kioskctl:root", &error));
  for (guint i = 0; i < 5; i++)
    verify_wrong (store, i < 4 ? KIOSK_OPERATOR_PIN_ERROR_WRONG : KIOSK_OPERATOR_PIN_ERROR_LOCKED);
  g_assert_true (kiosk_operator_pin_set (store, "902817", "kioskctl:root", &error));
  assert_state (store, TRUE, 0, 5, 0);
  g_assert_false (kiosk_operator_pin_verify (store, PIN, LOCKOUT, ACTOR, &error));
  g_assert_error (error, KIOSK_OPERATOR_PIN_ERROR, KIOSK_OPERATOR_PIN_ERROR_WRONG);
  g_clear_error (&error);
  g_assert_true (kiosk_operator_pin_verify (store, "902817", LOCKOUT, ACTOR, &error));
  g_assert_no_error (error);
}

static void
test_garbage (void)
{
  g_autofree char *dir = tech_test_dir ("pin-garbage");
  g_autoptr (KioskStore) store = tech_test_store (dir, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *long_pin = g_strnfill (100000, '7');

  g_assert_true (kiosk_operator_pin_set (store, PIN, "kioskctl:root", &error));
  /* Bad actors are refused before anything is read or written. */
  g_assert_false (kiosk_operator_pin_verify (store, PIN, LOCKOUT, "", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (kiosk_operator_pin_verify (store, PIN, LOCKOUT, "\xff\xfe", &error));
  g_clear_error (&error);
  g_assert_false (kiosk_operator_pin_set (store, "902817", NULL, &error));
  g_clear_error (&error);
  assert_state (store, TRUE, 0, 5, 0);
  /* Garbage PINs are wrong PINs. */
  g_assert_false (kiosk_operator_pin_verify (store, long_pin, LOCKOUT, ACTOR, &error));
  g_assert_error (error, KIOSK_OPERATOR_PIN_ERROR, KIOSK_OPERATOR_PIN_ERROR_WRONG);
  g_clear_error (&error);
  g_assert_false (kiosk_operator_pin_verify (store, "\xff\xfe\x01", LOCKOUT, ACTOR, &error));
  g_clear_error (&error);
  g_assert_false (kiosk_operator_pin_verify (store, NULL, LOCKOUT, ACTOR, &error));
  g_clear_error (&error);
  assert_state (store, TRUE, 3, 2, 0);
  /* A hash that someone damaged: every PIN is wrong, nothing crashes. */
  g_assert_true (
      kiosk_store_setting_set (store, KIOSK_OPERATOR_PIN_SETTING, "$y$broken", "test", &error));
  g_assert_false (kiosk_operator_pin_verify (store, PIN, LOCKOUT, ACTOR, &error));
  g_assert_error (error, KIOSK_OPERATOR_PIN_ERROR, KIOSK_OPERATOR_PIN_ERROR_WRONG);
}

/* A read-only store cannot audit the attempt: no entry without a trace. */
static void
test_unaudited_is_refused (void)
{
  g_autofree char *dir = tech_test_dir ("pin-ro");
  g_autofree char *path = g_build_filename (dir, "kiosk.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskStore) ro = NULL;

  {
    g_autoptr (KioskStore) store = tech_test_store (dir, NULL);

    g_assert_true (kiosk_operator_pin_set (store, PIN, "kioskctl:root", &error));
  }
  ro = kiosk_store_open_full (path, KIOSK_DB_OPEN_READ_ONLY, NULL, "JL-TEST-0001", &error);
  g_assert_no_error (error);
  g_assert_false (kiosk_operator_pin_verify (ro, PIN, LOCKOUT, ACTOR, &error));
  g_assert_nonnull (error);
  g_assert_false (
      g_error_matches (error, KIOSK_OPERATOR_PIN_ERROR, KIOSK_OPERATOR_PIN_ERROR_WRONG));
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
} AsyncResult;

static void
verified_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncResult *r = user_data;

  r->ok = kiosk_operator_pin_verify_finish (KIOSK_STORE (source), result, &r->error);
  r->done = TRUE;
}

static void
set_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncResult *r = user_data;

  r->ok = kiosk_operator_pin_set_finish (KIOSK_STORE (source), result, &r->error);
  r->done = TRUE;
}

static void
test_async (void)
{
  g_autofree char *dir = tech_test_dir ("pin-async");
  TechTestClock clock = { 1700000000 };
  g_autoptr (KioskStore) store = tech_test_store (dir, &clock);
  AsyncResult r = { 0 };
  g_autoptr (GCancellable) cancelled = g_cancellable_new ();

  kiosk_operator_pin_set_async (store, "123456", "kioskctl:root", NULL, set_cb, &r);
  tech_test_wait (&r.done);
  g_assert_false (r.ok);
  g_assert_error (r.error, KIOSK_OPERATOR_PIN_ERROR, KIOSK_OPERATOR_PIN_ERROR_WEAK);
  g_clear_error (&r.error);

  r = (AsyncResult){ 0 };
  kiosk_operator_pin_set_async (store, PIN, "kioskctl:root", NULL, set_cb, &r);
  tech_test_wait (&r.done);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);

  r = (AsyncResult){ 0 };
  kiosk_operator_pin_verify_async (store, "000111", LOCKOUT, ACTOR, NULL, verified_cb, &r);
  tech_test_wait (&r.done);
  g_assert_error (r.error, KIOSK_OPERATOR_PIN_ERROR, KIOSK_OPERATOR_PIN_ERROR_WRONG);
  g_clear_error (&r.error);

  r = (AsyncResult){ 0 };
  kiosk_operator_pin_verify_async (store, PIN, LOCKOUT, ACTOR, NULL, verified_cb, &r);
  tech_test_wait (&r.done);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);

  /* Cancelled before it starts: nothing checked, nothing written. */
  g_cancellable_cancel (cancelled);
  r = (AsyncResult){ 0 };
  kiosk_operator_pin_verify_async (store, PIN, LOCKOUT, ACTOR, cancelled, verified_cb, &r);
  tech_test_wait (&r.done);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);

  {
    g_autofree char *actions = tech_test_audit_actions (store);

    g_assert_cmpstr (actions, ==,
                     "setting.set technician.pin.set technician.pin.fail technician.enter");
  }
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);
  g_test_add_func ("/operator-pin/strength", test_strength);
  g_test_add_func ("/operator-pin/hash", test_hash);
  g_test_add_func ("/operator-pin/set-verify-lockout", test_set_verify_lockout);
  g_test_add_func ("/operator-pin/new-pin-ends-lockout", test_new_pin_ends_lockout);
  g_test_add_func ("/operator-pin/garbage", test_garbage);
  g_test_add_func ("/operator-pin/unaudited-is-refused", test_unaudited_is_refused);
  g_test_add_func ("/operator-pin/async", test_async);
  return kiosk_test_run ();
}
