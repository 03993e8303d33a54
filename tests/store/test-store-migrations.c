/* test-store-migrations.c — every earlier schema version migrates to the current one, data kept
 *
 * The old databases are built from the store's own migration list (the first
 * k steps), filled the way that version's code wrote them, then opened by the
 * current KioskStore. A released step is never edited: its SQL is pinned by
 * hash below, so changing it fails here and must become a new version.
 */
#include "config.h"

#include "kiosk-db.h"
#include "kiosk-store.h"
#include "store-test-util.h"

#define ID_NUMBER "22010219900307123X"

/* SHA-256 of each released migration's SQL. Append, never change. */
static const char *const released_sql_sha256[] = {
  "3a0182364809e4e6afa0a07a44a94ed60f95340b62eee3c5ca6333e13bc9d7df",
  "bfc2d4400c64bddf1951bef0db23f518770dbbe71f7e1db57756c2d92840f49a",
  "04613049fd5879e04cde4e4ee4801af8df681c2777ba55c7c854034c4127c0f1",
};

static void
test_released_steps_unchanged (void)
{
  gsize n = 0;
  const KioskDbMigration *migrations = kiosk_store_migrations (&n);
  gsize i;

  g_assert_cmpuint (n, ==, KIOSK_STORE_SCHEMA_VERSION);
  for (i = 0; i < n; i++)
    {
      g_autofree char *sha
          = g_compute_checksum_for_string (G_CHECKSUM_SHA256, migrations[i].sql, -1);
      g_assert_cmpint (migrations[i].version, ==, (int) i + 1);
      g_test_message ("version %d (%s): sql sha256 %s", migrations[i].version,
                      migrations[i].description, sha);
      /* A new version is added here once it is released. */
      if (i < G_N_ELEMENTS (released_sql_sha256))
        g_assert_cmpstr (sha, ==, released_sql_sha256[i]);
    }
}

static void
exec_ok (KioskDb *db, const char *sql)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (kiosk_db_exec (db, sql, &error));
  g_assert_no_error (error);
}

/* What version 1 held: sessions (one written without a masked subject, as
 * v1 allowed), journal steps, a batch of cards in every state. */
static void
fill_v1 (KioskDb *db)
{
  exec_ok (db,
           "INSERT INTO sessions (id, uuid, service, kiosk_id, started, finished, outcome,"
           "  subject_masked, id_number, name) VALUES"
           " (1, 'u-closed', 'green-channel', 'K1', 100, 200, 'issued', NULL,"
           "  '" ID_NUMBER "', '张三'),"
           " (2, 'u-open', 'green-channel', 'K1', 300, NULL, NULL, 'already masked', NULL, NULL);"
           "INSERT INTO steps (session_id, seq, step, phase, idem_key, payload, result, time)"
           " VALUES (1, 1, 'apply', 'intent', 'u-closed:apply', '{\"a\":1}', NULL, 110),"
           "        (1, 2, 'apply', 'outcome', 'u-closed:apply', NULL, 'ok', 120),"
           "        (2, 1, 'feed', 'intent', 'u-open:feed', NULL, NULL, 310);"
           "INSERT INTO stock_batches (id, first_serial, count, loaded, actor)"
           " VALUES (1, 'M001', 4, 50, 'tech');"
           "INSERT INTO cards (serial, batch_id, state, updated) VALUES"
           " ('M001', 1, 'in_stock', 50), ('M002', 1, 'in_stock', 50),"
           " ('M003', 1, 'in_stock', 50), ('M004', 1, 'in_stock', 50);"
           "UPDATE cards SET state = 'in_machine', session_id = 1, updated = 150"
           " WHERE serial IN ('M001', 'M002');"
           "UPDATE cards SET state = 'issued', updated = 160 WHERE serial = 'M001';"
           "UPDATE cards SET state = 'spoiled', reason = 'print: jam', updated = 170"
           " WHERE serial = 'M002';"
           "UPDATE cards SET state = 'in_machine', session_id = 2, updated = 320"
           " WHERE serial = 'M003';");
}

/* What version 2 added: audit entries chained as that version did, and settings. */
static void
fill_v2 (KioskDb *db)
{
  g_autofree char *prev = g_strnfill (64, '0');
  int seq;

  for (seq = 1; seq <= 3; seq++)
    {
      g_autofree char *detail = g_strdup_printf ("old entry %d", seq);
      g_autofree char *hash
          = kiosk_audit_entry_compute_hash (prev, seq, 1000 + seq, "tech", "old.event", detail);
      g_autofree char *sql = g_strdup_printf (
          "INSERT INTO audit VALUES (%d, %d, 'tech', 'old.event', '%s', '%s', '%s');"
          "INSERT INTO audit_head (id, seq, hash) VALUES (1, %d, '%s')"
          " ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash;",
          seq, 1000 + seq, detail, prev, hash, seq, hash);
      exec_ok (db, sql);
      g_free (prev);
      prev = g_steal_pointer (&hash);
    }
  exec_ok (db, "INSERT INTO settings VALUES ('retention_days', '14', 1000);");
}

static void
check_v1_data (KioskStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskJournalSession) closed = kiosk_store_session_get (store, "u-closed", &error);
  g_autoptr (KioskJournalSession) open = kiosk_store_session_get (store, "u-open", &error);
  g_autoptr (GPtrArray) steps = kiosk_store_list_steps (store, "u-closed", &error);
  g_autoptr (GPtrArray) open_sessions = kiosk_store_list_open_sessions (store, &error);
  g_autofree char *id = NULL, *name = NULL, *phone = NULL;
  gint64 counts[KIOSK_CARD_N_STATES];

  g_assert_no_error (error);
  /* v3 backfilled the masked subject with the one masking rule. */
  g_assert_cmpstr (closed->subject_masked, ==, "2201**********123X 张*");
  g_assert_cmpstr (open->subject_masked, ==, "already masked");
  g_assert_cmpstr (closed->outcome, ==, "issued");
  g_assert_cmpint (closed->finished, ==, 200);
  g_assert_cmpint (closed->purged, ==, 0);
  g_assert_true (
      kiosk_store_session_get_person (store, "u-closed", &id, &name, &phone, NULL, &error));
  g_assert_cmpstr (id, ==, ID_NUMBER);
  g_assert_cmpstr (name, ==, "张三");
  g_assert_null (phone); /* a v3 column, empty for old rows */

  g_assert_cmpuint (steps->len, ==, 2);
  g_assert_cmpstr (((KioskJournalStep *) steps->pdata[0])->payload, ==, "{\"a\":1}");
  g_assert_cmpuint (open_sessions->len, ==, 1);
  g_assert_cmpint (open->n_steps, ==, 1);

  g_assert_true (kiosk_store_stock_counts (store, counts, &error));
  g_assert_cmpint (counts[KIOSK_CARD_IN_STOCK], ==, 1);
  g_assert_cmpint (counts[KIOSK_CARD_IN_MACHINE], ==, 1);
  g_assert_cmpint (counts[KIOSK_CARD_ISSUED], ==, 1);
  g_assert_cmpint (counts[KIOSK_CARD_SPOILED], ==, 1);
  g_assert_cmpint (store_test_query_int (store, "SELECT count(*) FROM card_events"), ==, 4 + 2 + 3);

  /* And the old data keeps working with today's code. */
  g_assert_cmpint (kiosk_store_journal_outcome (store, "u-open", "feed", "ok", NULL, &error), ==,
                   2);
  g_assert_true (kiosk_store_stock_mark_issued (store, "M003", &error));
  g_assert_true (kiosk_store_session_close (store, "u-open", "issued", &error));
  g_assert_cmpint (kiosk_store_purge (store, 200 + 86400 * 30, 30, &error), ==, 1);
  g_assert_no_error (error);
}

static void
check_v2_data (KioskStore *store, int from)
{
  gboolean had_v2 = from >= 2;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskAuditVerdict) verdict = NULL;
  g_autofree char *retention = kiosk_store_setting_get (store, "retention_days", "30", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (retention, ==, had_v2 ? "14" : "30");
  g_assert_cmpint (kiosk_store_audit_append (store, "tech", "new.event", "after migration", &error),
                   >, 0);
  verdict = kiosk_store_audit_verify (store, &error);
  g_assert_no_error (error);
  g_assert_true (verdict->ok);
  /* The old entries, check_v1_data's purge, the new one. */
  g_assert_cmpint (verdict->n_entries, ==, (had_v2 ? 3 : 0) + (from >= 1 ? 1 : 0) + 1);
}

static void
test_from_version (gconstpointer data)
{
  int from = GPOINTER_TO_INT (data);
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDb) db = NULL;
  g_autoptr (KioskStore) store = NULL;
  gsize n = 0;
  const KioskDbMigration *migrations = kiosk_store_migrations (&n);

  g_assert_cmpint (from, <, (int) n);
  /* Build the old database as the old program did, step by step. */
  db = kiosk_db_open (path, migrations, MIN (from, 1), &error);
  g_assert_no_error (error);
  if (from >= 1)
    fill_v1 (db);
  if (from >= 2)
    {
      g_assert_true (kiosk_db_migrate (db, migrations, from, &error));
      fill_v2 (db);
    }
  g_assert_cmpint (kiosk_db_get_user_version (db, NULL), ==, from);
  g_clear_object (&db);

  /* Today's store refuses to use it without migrating … */
  store = kiosk_store_open_full (path, KIOSK_DB_OPEN_NO_MIGRATE, NULL, "K1", &error);
  g_assert_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_SCHEMA);
  g_assert_nonnull (strstr (error->message, "kioskctl db migrate"));
  g_assert_null (store);
  g_clear_error (&error);

  /* … and migrates it on a normal open. */
  store = kiosk_store_open (path, NULL, "K1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_db_get_user_version (kiosk_store_get_db (store), NULL), ==,
                   KIOSK_STORE_SCHEMA_VERSION);
  if (from >= 1)
    check_v1_data (store);
  check_v2_data (store, from);

  {
    gboolean ok = FALSE;
    g_autofree char *report = NULL;
    g_assert_true (kiosk_db_integrity_check (kiosk_store_get_db (store), &ok, &report, &error));
    g_assert_true (ok);
    g_assert_cmpint (store_test_query_int (store, "SELECT count(*) FROM pragma_foreign_key_check"),
                     ==, 0);
  }
}

/* The schema a fresh store creates equals the one every migrated store has. */
static char *
schema_of (KioskDb *db)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDbStmt) stmt = kiosk_db_prepare (
      db, "SELECT type, name, sql FROM sqlite_schema ORDER BY type, name", &error);
  GString *out = g_string_new (NULL);

  while (kiosk_db_stmt_step (stmt, &error) == KIOSK_DB_STEP_ROW)
    g_string_append_printf (out, "%s %s %s\n", kiosk_db_stmt_column_text (stmt, 0),
                            kiosk_db_stmt_column_text (stmt, 1),
                            kiosk_db_stmt_column_text (stmt, 2));
  g_assert_no_error (error);
  return g_string_free (out, FALSE);
}

static void
test_same_schema (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *fresh_path = g_build_filename (dir, "fresh.db", NULL);
  g_autofree char *stepped_path = g_build_filename (dir, "stepped.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskStore) fresh = kiosk_store_open (fresh_path, NULL, NULL, &error);
  g_autoptr (KioskDb) stepped = NULL;
  g_autofree char *a = NULL, *b = NULL;
  gsize n = 0, i;
  const KioskDbMigration *migrations = kiosk_store_migrations (&n);

  for (i = 1; i <= n; i++)
    {
      g_clear_object (&stepped);
      stepped = kiosk_db_open (stepped_path, migrations, i, &error);
      g_assert_no_error (error);
    }
  a = schema_of (kiosk_store_get_db (fresh));
  b = schema_of (stepped);
  g_assert_cmpstr (a, ==, b);
}

static void
test_newer_refused (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "future.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskStore) store = kiosk_store_open (path, NULL, NULL, &error);
  g_autoptr (KioskDb) db = NULL;
  g_autofree char *before = NULL, *after = NULL;
  gsize n_before, n_after;

  g_assert_no_error (error);
  g_assert_true (kiosk_db_exec (kiosk_store_get_db (store), "PRAGMA user_version = 99", &error));
  g_clear_object (&store);
  /* The last connection closed: the file holds everything. */
  g_assert_true (g_file_get_contents (path, &before, &n_before, NULL));

  store = kiosk_store_open (path, NULL, NULL, &error);
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_VERSION);
  g_assert_nonnull (strstr (error->message, "99"));
  g_assert_null (store);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &after, &n_after, NULL));
  g_assert_cmpmem (before, n_before, after, n_after);
}

int
main (int argc, char **argv)
{
  gsize n = 0;
  gsize from;

  kiosk_test_init (&argc, &argv);

  g_test_add_func ("/store-migrations/released-steps-unchanged", test_released_steps_unchanged);
  kiosk_store_migrations (&n);
  for (from = 0; from < n; from++)
    {
      g_autofree char *name = g_strdup_printf ("/store-migrations/from-v%" G_GSIZE_FORMAT, from);
      g_test_add_data_func (name, GSIZE_TO_POINTER (from), test_from_version);
    }
  g_test_add_func ("/store-migrations/same-schema", test_same_schema);
  g_test_add_func ("/store-migrations/newer-refused", test_newer_refused);

  return kiosk_test_run ();
}
