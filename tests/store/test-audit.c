/* test-audit.c — the hash chain: detects an edited, deleted, reordered or inserted entry */
#include "config.h"

#include <string.h>

#include "kiosk-audit-head.h"
#include "kiosk-db.h"
#include "kiosk-mask.h"
#include "kiosk-store.h"
#include "kiosk-test-audit.h"
#include "store-test-util.h"

#define ID_NUMBER    "22010219900307123X"
#define HASH63       "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0"
#define HASH64       HASH63 "8"
#define HASH64_UPPER "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"

/* A store with `n` entries; the triggers that keep the table append-only are
 * dropped, as someone editing the file by hand would do. */
static KioskStore *
store_with_entries (int n, gboolean drop_guards)
{
  StoreTestClock clock = { 1700000000 };
  KioskStore *store = store_test_open (NULL, &clock);
  g_autoptr (GError) error = NULL;
  int i;

  for (i = 1; i <= n; i++)
    {
      g_autofree char *detail = g_strdup_printf ("entry number %d", i);
      clock.now += 10;
      g_assert_cmpint (kiosk_store_audit_append (store, "tech-01", "test.event", detail, &error),
                       ==, i);
      g_assert_no_error (error);
    }
  kiosk_store_set_clock (store, NULL, NULL);
  if (drop_guards)
    g_assert_true (kiosk_db_exec (kiosk_store_get_db (store),
                                  "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;",
                                  &error));
  g_assert_no_error (error);
  return store;
}

static void
assert_broken_at (KioskStore *store, gint64 seq)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskAuditVerdict) verdict = kiosk_store_audit_verify (store, &error);

  g_assert_no_error (error);
  g_assert_nonnull (verdict);
  g_assert_false (verdict->ok);
  g_assert_cmpint (verdict->first_bad_seq, ==, seq);
  g_assert_nonnull (verdict->reason);
  g_test_message ("broken at %" G_GINT64_FORMAT ": %s", verdict->first_bad_seq, verdict->reason);
}

static void
test_chain_ok (void)
{
  g_autoptr (KioskStore) store = store_with_entries (5, FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskAuditVerdict) verdict = kiosk_store_audit_verify (store, &error);
  g_autoptr (GPtrArray) entries = NULL;
  KioskAuditEntry *last, *before;
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  g_assert_true (verdict->ok);
  g_assert_cmpint (verdict->n_entries, ==, 5);
  g_assert_cmpint (verdict->first_bad_seq, ==, 0);
  g_assert_null (verdict->reason);

  entries = kiosk_store_audit_list (store, 2, &error);
  g_assert_cmpuint (entries->len, ==, 2);
  last = entries->pdata[0];
  before = entries->pdata[1];
  g_assert_cmpint (last->seq, ==, 5);
  g_assert_cmpint (last->time, ==, 1700000050);
  g_assert_cmpstr (last->actor, ==, "tech-01");
  g_assert_cmpstr (last->detail, ==, "entry number 5");
  g_assert_cmpstr (last->prev_hash, ==, before->hash);
  g_assert_cmpuint (strlen (last->hash), ==, 64);
  expected = kiosk_audit_entry_compute_hash (before->hash, 5, 1700000050, "tech-01", "test.event",
                                             "entry number 5");
  g_assert_cmpstr (last->hash, ==, expected);
}

static void
test_empty_chain (void)
{
  g_autoptr (KioskStore) store = store_test_open (NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskAuditVerdict) verdict = kiosk_store_audit_verify (store, &error);

  g_assert_no_error (error);
  g_assert_true (verdict->ok);
  g_assert_cmpint (verdict->n_entries, ==, 0);
}

/* Length-prefixed fields: moving text between fields changes the hash. */
static void
test_canonical (void)
{
  g_autofree char *a = kiosk_audit_entry_canonical (1, 2, "ab", "c", "d");
  g_autofree char *b = kiosk_audit_entry_canonical (1, 2, "a", "bc", "d");
  g_autofree char *ha = kiosk_audit_entry_compute_hash ("0", 1, 2, "ab", "c", "d");
  g_autofree char *hb = kiosk_audit_entry_compute_hash ("0", 1, 2, "a", "bc", "d");

  g_assert_cmpstr (a, !=, b);
  g_assert_cmpstr (ha, !=, hb);
  g_assert_cmpstr (a, ==, "kiosk-audit-v1\nseq:1\ntime:2\nactor:2:ab\naction:1:c\ndetail:1:d\n");
}

static void
test_guards (void)
{
  g_autoptr (KioskStore) store = store_with_entries (2, FALSE);
  g_autoptr (GError) error = NULL;
  KioskDb *db = kiosk_store_get_db (store);

  g_assert_false (kiosk_db_exec (db, "UPDATE audit SET detail = 'x'", &error));
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (kiosk_db_exec (db, "DELETE FROM audit", &error));
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);

  /* Garbage in the API is refused. */
  g_assert_cmpint (kiosk_store_audit_append (store, "", "x", "y", &error), ==, 0);
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kiosk_store_audit_append (store, "t", "has space", "y", &error), ==, 0);
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kiosk_store_audit_append (store, "t", "a", "\xff", &error), ==, 0);
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kiosk_store_audit_append (store, "t", "a", NULL, &error), ==, 3);
  g_assert_no_error (error);
}

static void
test_detail_masked (void)
{
  g_autoptr (KioskStore) store = store_test_open (NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autofree char *masked = kiosk_mask_text ("looked up " ID_NUMBER);

  g_assert_cmpint (
      kiosk_store_audit_append (store, "tech", "person.lookup", "looked up " ID_NUMBER, &error), ==,
      1);
  entries = kiosk_store_audit_list (store, 10, &error);
  g_assert_cmpstr (((KioskAuditEntry *) entries->pdata[0])->detail, ==, masked);
  g_assert_null (strstr (((KioskAuditEntry *) entries->pdata[0])->detail, ID_NUMBER));
}

static void
test_edited (void)
{
  const char *edits[] = {
    "UPDATE audit SET detail = 'entry number 3!' WHERE seq = 3",
    "UPDATE audit SET actor = 'someone' WHERE seq = 3",
    "UPDATE audit SET time = time + 1 WHERE seq = 3",
    "UPDATE audit SET action = 'other' WHERE seq = 3",
    "UPDATE audit SET hash = '00' WHERE seq = 3",
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autoptr (KioskStore) store = store_with_entries (5, TRUE);
      g_autoptr (GError) error = NULL;

      g_assert_true (kiosk_db_exec (kiosk_store_get_db (store), edits[i], &error));
      assert_broken_at (store, 3);
    }
}

/* Recomputing the edited entry's hash is not enough: the next one no longer follows. */
static void
test_edited_and_rehashed (void)
{
  g_autoptr (KioskStore) store = store_with_entries (5, TRUE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = kiosk_store_audit_list (store, 5, &error);
  KioskAuditEntry *third = entries->pdata[2];
  g_autofree char *forged = NULL;
  g_autofree char *sql = NULL;

  g_assert_cmpint (third->seq, ==, 3);
  forged = kiosk_audit_entry_compute_hash (third->prev_hash, 3, third->time, third->actor,
                                           third->action, "forged");
  sql = g_strdup_printf ("UPDATE audit SET detail = 'forged', hash = '%s' WHERE seq = 3", forged);
  g_assert_true (kiosk_db_exec (kiosk_store_get_db (store), sql, &error));
  assert_broken_at (store, 4);
}

static void
test_deleted (void)
{
  g_autoptr (KioskStore) middle = store_with_entries (5, TRUE);
  g_autoptr (KioskStore) first = store_with_entries (5, TRUE);
  g_autoptr (KioskStore) last = store_with_entries (5, TRUE);
  g_autoptr (KioskStore) all = store_with_entries (5, TRUE);
  g_autoptr (KioskStore) head = store_with_entries (5, TRUE);
  g_autoptr (GError) error = NULL;

  g_assert_true (
      kiosk_db_exec (kiosk_store_get_db (middle), "DELETE FROM audit WHERE seq = 2", &error));
  assert_broken_at (middle, 2);
  g_assert_true (
      kiosk_db_exec (kiosk_store_get_db (first), "DELETE FROM audit WHERE seq = 1", &error));
  assert_broken_at (first, 1);
  /* The last entry: the chain is whole but stops short of the recorded head. */
  g_assert_true (
      kiosk_db_exec (kiosk_store_get_db (last), "DELETE FROM audit WHERE seq = 5", &error));
  assert_broken_at (last, 5);
  /* Appending afterwards does not paper over it. */
  g_assert_cmpint (kiosk_store_audit_append (last, "tech", "after", "x", &error), ==, 6);
  assert_broken_at (last, 5);
  g_assert_true (kiosk_db_exec (kiosk_store_get_db (all), "DELETE FROM audit", &error));
  assert_broken_at (all, 1);
  g_assert_true (kiosk_db_exec (kiosk_store_get_db (head), "DELETE FROM audit_head", &error));
  assert_broken_at (head, 1);
}

static void
test_reordered (void)
{
  g_autoptr (KioskStore) swapped = store_with_entries (5, TRUE);
  g_autoptr (KioskStore) renumbered = store_with_entries (5, TRUE);
  g_autoptr (GError) error = NULL;

  /* Two entries trade places (contents swapped, numbers kept). */
  g_assert_true (kiosk_db_exec (kiosk_store_get_db (swapped),
                                "UPDATE audit SET seq = 100 WHERE seq = 2;"
                                "UPDATE audit SET seq = 2 WHERE seq = 3;"
                                "UPDATE audit SET seq = 3 WHERE seq = 100;",
                                &error));
  g_assert_no_error (error);
  assert_broken_at (swapped, 2);

  /* An entry moved to the end. */
  g_assert_true (kiosk_db_exec (kiosk_store_get_db (renumbered),
                                "UPDATE audit SET seq = 6 WHERE seq = 1", &error));
  assert_broken_at (renumbered, 1);
}

static void
test_inserted (void)
{
  g_autoptr (KioskStore) store = store_with_entries (3, TRUE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = kiosk_store_audit_list (store, 1, &error);
  KioskAuditEntry *last = entries->pdata[0];
  g_autofree char *hash
      = kiosk_audit_entry_compute_hash (last->hash, 4, 1700000100, "intruder", "x", "");
  g_autofree char *sql = g_strdup_printf (
      "INSERT INTO audit VALUES (4, 1700000100, 'intruder', 'x', '', '%s', '%s')", last->hash,
      hash);

  /* A well-formed entry appended behind the store's back. */
  g_assert_true (kiosk_db_exec (kiosk_store_get_db (store), sql, &error));
  assert_broken_at (store, 4);
}

/* ---- issue 7 §6: the head, witnessed by the center ---- */

static char *
head_of (KioskStore *store)
{
  g_autoptr (GError) error = NULL;
  char *head = NULL;

  g_assert_true (kiosk_store_audit_head (store, &head, &error));
  g_assert_no_error (error);
  return head;
}

static void
test_head (void)
{
  StoreTestClock clock = { 1700000000 };
  g_autoptr (KioskStore) store = store_test_open (NULL, &clock);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autofree char *empty = head_of (store);
  g_autofree char *head = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *hash = NULL;
  gint64 seq = 0;

  g_assert_null (empty);
  for (int i = 0; i < 3; i++)
    g_assert_cmpint (kiosk_store_audit_append (store, "tech-01", "test.event", "x", &error), ==,
                     i + 1);
  entries = kiosk_store_audit_list (store, 1, &error);
  g_assert_no_error (error);
  head = head_of (store);
  expected = g_strdup_printf ("3:%s", ((KioskAuditEntry *) entries->pdata[0])->hash);
  g_assert_cmpstr (head, ==, expected);
  g_assert_true (kiosk_audit_head_parse (head, &seq, &hash));
  g_assert_cmpint (seq, ==, 3);
  g_assert_cmpint (strlen (hash), ==, KIOSK_AUDIT_HASH_LEN);

  /* A damaged anchor is not witnessed (verify reports it). */
  g_assert_true (kiosk_db_exec (kiosk_store_get_db (store),
                                "UPDATE audit_head SET hash = 'not a hash'", &error));
  g_clear_pointer (&head, g_free);
  g_test_expect_message ("kiosk-store", G_LOG_LEVEL_WARNING, "*head is damaged*");
  head = head_of (store);
  g_test_assert_expected_messages ();
  g_assert_null (head);
}

static void
test_head_text (void)
{
  static const char *const bad[] = {
    "",
    ":",
    "3",
    "3:",
    "03:" HASH64,
    "-3:" HASH64,
    "0:" HASH64,
    "3:" HASH64 "0",
    "3:" HASH64_UPPER,
    "3 :" HASH64,
    "1234567890123456:" HASH64,
    "3:" HASH63 "g",
  };
  g_autofree char *hash = NULL;
  g_autofree char *formatted = kiosk_audit_head_format (42, HASH64);
  gint64 seq = 0;

  g_assert_cmpstr (formatted, ==, "42:" HASH64);
  g_assert_true (kiosk_audit_head_parse (formatted, &seq, &hash));
  g_assert_cmpint (seq, ==, 42);
  g_assert_cmpstr (hash, ==, HASH64);
  g_assert_true (kiosk_audit_head_parse ("123456789012345:" HASH64, &seq, NULL));
  g_assert_cmpint (seq, ==, 123456789012345);
  g_assert_false (kiosk_audit_head_parse (NULL, NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("bad head: %s", bad[i]);
      g_assert_false (kiosk_audit_head_parse (bad[i], NULL, NULL));
    }
}

static KioskAuditVerdict *
verify_witnesses (KioskStore *store, const char *const *heads)
{
  g_autoptr (GError) error = NULL;
  KioskAuditVerdict *verdict = kiosk_store_audit_verify_witnesses (store, heads, &error);

  g_assert_no_error (error);
  g_assert_nonnull (verdict);
  if (!verdict->ok)
    g_test_message ("broken at %" G_GINT64_FORMAT ": %s", verdict->first_bad_seq, verdict->reason);
  return verdict;
}

static void
test_witnesses (void)
{
  g_autoptr (KioskStore) store = store_with_entries (3, FALSE);
  g_autoptr (GError) error = NULL;
  g_autofree char *at3 = head_of (store);
  g_autofree char *at5 = NULL;
  g_autoptr (KioskAuditVerdict) plain = NULL;
  g_autoptr (KioskAuditVerdict) both = NULL;
  g_autoptr (KioskAuditVerdict) none = NULL;
  g_autoptr (KioskAuditVerdict) rewritten = NULL;
  g_autoptr (KioskAuditVerdict) local = NULL;

  g_assert_cmpint (kiosk_store_audit_append (store, "tech-01", "test.event", "4", &error), ==, 4);
  g_assert_cmpint (kiosk_store_audit_append (store, "tech-01", "test.event", "5", &error), ==, 5);
  at5 = head_of (store);

  {
    const char *const heads[] = { at3, at5, NULL };

    both = verify_witnesses (store, heads);
    g_assert_true (both->ok);
    g_assert_cmpint (both->n_witnesses, ==, 2);
    g_assert_cmpint (both->n_entries, ==, 5);
    none = verify_witnesses (store, NULL);
    g_assert_true (none->ok);
    g_assert_cmpint (none->n_witnesses, ==, 0);

    /* The whole chain rewritten from entry 2: it verifies against itself… */
    kiosk_test_rewrite_audit_chain (store, 2, "forged");
    local = kiosk_store_audit_verify (store, &error);
    g_assert_no_error (error);
    g_assert_true (local->ok);
    g_assert_cmpint (local->n_entries, ==, 5);
    /* …but not against what the center was told. */
    rewritten = verify_witnesses (store, heads);
    g_assert_false (rewritten->ok);
    g_assert_cmpint (rewritten->first_bad_seq, ==, 3);
    g_assert_nonnull (strstr (rewritten->reason, "rewritten"));
  }
  plain = kiosk_store_audit_verify (store, &error);
  g_assert_true (plain->ok);
}

static void
test_witness_gone (void)
{
  g_autoptr (KioskStore) store = store_with_entries (4, TRUE);
  g_autoptr (GError) error = NULL;
  g_autofree char *at4 = head_of (store);
  const char *const heads[] = { at4, NULL };
  g_autoptr (KioskAuditVerdict) local = NULL;
  g_autoptr (KioskAuditVerdict) verdict = NULL;

  /* The chain thrown away and a shorter one begun: whole in itself. */
  g_assert_true (kiosk_db_exec (kiosk_store_get_db (store),
                                "DELETE FROM audit; DELETE FROM audit_head;", &error));
  g_assert_cmpint (kiosk_store_audit_append (store, "tech-01", "db.init", "created", &error), ==,
                   1);
  local = kiosk_store_audit_verify (store, &error);
  g_assert_true (local->ok);
  verdict = verify_witnesses (store, heads);
  g_assert_false (verdict->ok);
  g_assert_cmpint (verdict->first_bad_seq, ==, 4);
  g_assert_nonnull (strstr (verdict->reason, "gone"));
}

static void
test_witness_garbage (void)
{
  g_autoptr (KioskStore) store = store_with_entries (2, FALSE);
  g_autoptr (GError) error = NULL;
  const char *const garbage[] = { "1:" HASH64, "2:zz", NULL };
  const char *const broken_chain[] = { "1:" HASH64, NULL };
  g_autoptr (KioskAuditVerdict) verdict = NULL;
  g_autoptr (KioskAuditVerdict) wrong = NULL;

  verdict = kiosk_store_audit_verify_witnesses (store, garbage, &error);
  g_assert_null (verdict);
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "witness 2"));
  /* A well-formed witness the chain never had. */
  wrong = verify_witnesses (store, broken_chain);
  g_assert_false (wrong->ok);
  g_assert_cmpint (wrong->first_bad_seq, ==, 1);
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);

  g_test_add_func ("/audit/chain-ok", test_chain_ok);
  g_test_add_func ("/audit/empty", test_empty_chain);
  g_test_add_func ("/audit/canonical", test_canonical);
  g_test_add_func ("/audit/guards", test_guards);
  g_test_add_func ("/audit/detail-masked", test_detail_masked);
  g_test_add_func ("/audit/edited", test_edited);
  g_test_add_func ("/audit/edited-and-rehashed", test_edited_and_rehashed);
  g_test_add_func ("/audit/deleted", test_deleted);
  g_test_add_func ("/audit/reordered", test_reordered);
  g_test_add_func ("/audit/inserted", test_inserted);
  g_test_add_func ("/audit/head", test_head);
  g_test_add_func ("/audit/head-text", test_head_text);
  g_test_add_func ("/audit/witnesses", test_witnesses);
  g_test_add_func ("/audit/witness-gone", test_witness_gone);
  g_test_add_func ("/audit/witness-garbage", test_witness_garbage);

  return kiosk_test_run ();
}
