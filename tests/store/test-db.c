/* test-db.c — KioskDb: opening, pragmas, migrations, statements, errors, damaged files */
#include "config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "kiosk-db.h"
#include "store-test-util.h"

static const KioskDbMigration three_versions[] = {
  { 1, "people", "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);", NULL },
  { 2, "pets",
    "CREATE TABLE pets (id INTEGER PRIMARY KEY,"
    " owner INTEGER NOT NULL REFERENCES people(id), photo BLOB);",
    NULL },
  { 3, "ages", "ALTER TABLE people ADD COLUMN age INTEGER;", NULL },
};

static gint64
query_int (KioskDb *db, const char *sql)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDbStmt) stmt = kiosk_db_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (kiosk_db_stmt_step (stmt, &error), ==, KIOSK_DB_STEP_ROW);
  g_assert_no_error (error);
  return kiosk_db_stmt_column_int64 (stmt, 0);
}

static char *
query_text (KioskDb *db, const char *sql)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDbStmt) stmt = kiosk_db_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (kiosk_db_stmt_step (stmt, &error), ==, KIOSK_DB_STEP_ROW);
  return kiosk_db_stmt_dup_column_text (stmt, 0);
}

static void
test_open_creates (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *sub = g_build_filename (dir, "state", "nested", NULL);
  g_autofree char *path = g_build_filename (sub, "kiosk.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDb) db = NULL;
  g_autofree char *mode = NULL;
  GStatBuf st;

  db = kiosk_db_open (path, three_versions, G_N_ELEMENTS (three_versions), &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  g_assert_cmpstr (kiosk_db_get_path (db), ==, path);
  g_assert_false (kiosk_db_is_read_only (db));

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (sub, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  mode = query_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (query_int (db, "PRAGMA synchronous"), ==, 2); /* FULL */
  g_assert_cmpint (query_int (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int (db, "PRAGMA busy_timeout"), ==, KIOSK_DB_BUSY_TIMEOUT_MS);
  g_assert_cmpint (kiosk_db_get_user_version (db, &error), ==, 3);
  g_assert_no_error (error);

  /* The -wal file copies the database's mode. */
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_assert_true (kiosk_db_exec (db, "INSERT INTO people (name) VALUES ('a')", &error));
    g_assert_cmpint (g_stat (wal, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }
}

static void
test_migrations (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "m.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDb) db = NULL;

  /* Version 1, with data. */
  db = kiosk_db_open (path, three_versions, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_db_get_user_version (db, NULL), ==, 1);
  g_assert_true (kiosk_db_exec (db, "INSERT INTO people (name) VALUES ('x')", &error));
  g_clear_object (&db);

  /* Forward to 3: data kept, both steps applied. */
  db = kiosk_db_open (path, three_versions, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_db_get_user_version (db, NULL), ==, 3);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM people WHERE name = 'x' AND age IS NULL"),
                   ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM pets"), ==, 0);
  g_clear_object (&db);

  /* An older program refuses the newer file and leaves it alone. */
  {
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    gsize n_before, n_after;

    g_assert_true (g_file_get_contents (path, &before, &n_before, NULL));
    db = kiosk_db_open (path, three_versions, 2, &error);
    g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_VERSION);
    g_assert_nonnull (strstr (error->message, "version 3"));
    g_assert_null (db);
    g_clear_error (&error);
    g_assert_true (g_file_get_contents (path, &after, &n_after, NULL));
    g_assert_cmpmem (before, n_before, after, n_after);
  }

  /* No migrations: opens anything. */
  db = kiosk_db_open (path, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_db_get_user_version (db, NULL), ==, 3);
  g_assert_cmpint (kiosk_db_migrations_latest (three_versions, 3), ==, 3);
  g_assert_cmpint (kiosk_db_migrations_latest (NULL, 0), ==, 0);
}

static void
test_migration_failure_rolls_back (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "f.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDb) db = NULL;
  const KioskDbMigration broken[] = {
    three_versions[0],
    { 2, "half", "CREATE TABLE half (x); INSERT INTO nowhere VALUES (1);", NULL },
  };
  const KioskDbMigration gap[] = { three_versions[0], three_versions[2] };

  db = kiosk_db_open (path, broken, G_N_ELEMENTS (broken), &error);
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_SQL);
  g_assert_nonnull (strstr (error->message, "migration to version 2"));
  g_assert_nonnull (strstr (error->message, "nowhere"));
  g_assert_null (db);
  g_clear_error (&error);

  /* Version 1 was committed, version 2 left nothing behind. */
  db = kiosk_db_open_full (path, KIOSK_DB_OPEN_NO_MIGRATE, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_db_get_user_version (db, NULL), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'half'"), ==, 0);
  g_assert_false (kiosk_db_in_transaction (db));
  g_clear_object (&db);

  /* A list with a gap is refused before anything is touched. */
  db = kiosk_db_open (path, gap, G_N_ELEMENTS (gap), &error);
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_VERSION);
  g_assert_null (db);
}

static void
test_statements (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "s.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDb) db = kiosk_db_open (path, three_versions, 3, &error);
  g_autoptr (KioskDbStmt) insert = NULL;
  g_autoptr (KioskDbStmt) select = NULL;
  g_autoptr (GBytes) photo = g_bytes_new_static ("\0\1\2\377", 4);
  g_autoptr (GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr (GBytes) got = NULL;
  gint64 owner;

  g_assert_no_error (error);
  insert = kiosk_db_prepare (db, "INSERT INTO people (name, age) VALUES (?1, ?2)", &error);
  g_assert_no_error (error);
  kiosk_db_stmt_bind_text (insert, 1, "张三");
  kiosk_db_stmt_bind_int64 (insert, 2, G_GINT64_CONSTANT (1) << 40);
  g_assert_true (kiosk_db_stmt_run (insert, &error));
  g_assert_no_error (error);
  owner = kiosk_db_last_insert_rowid (db);
  g_assert_cmpint (owner, >, 0);
  g_assert_cmpint (kiosk_db_changes (db), ==, 1);

  /* reset + rebind; NULL text binds NULL */
  kiosk_db_stmt_reset (insert, TRUE);
  kiosk_db_stmt_bind_text (insert, 1, "李四");
  kiosk_db_stmt_bind_text (insert, 2, NULL);
  g_assert_true (kiosk_db_stmt_run (insert, &error));

  {
    g_autoptr (KioskDbStmt) pet
        = kiosk_db_prepare (db, "INSERT INTO pets (owner, photo) VALUES (?, ?)", &error);
    g_assert_no_error (error);
    kiosk_db_stmt_bind_int64 (pet, 1, owner);
    kiosk_db_stmt_bind_blob (pet, 2, photo);
    g_assert_true (kiosk_db_stmt_run (pet, &error));
    kiosk_db_stmt_reset (pet, FALSE);
    kiosk_db_stmt_bind_blob (pet, 2, empty);
    g_assert_true (kiosk_db_stmt_run (pet, &error));
    kiosk_db_stmt_reset (pet, FALSE);
    kiosk_db_stmt_bind_blob (pet, 2, NULL);
    g_assert_true (kiosk_db_stmt_run (pet, &error));
    g_assert_no_error (error);
  }

  select = kiosk_db_prepare (db, "SELECT name, age FROM people WHERE id = :id", &error);
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_db_stmt_parameter_index (select, ":id"), ==, 1);
  g_assert_cmpint (kiosk_db_stmt_parameter_index (select, ":nope"), ==, 0);
  kiosk_db_stmt_bind_int64 (select, 1, owner);
  g_assert_cmpint (kiosk_db_stmt_step (select, &error), ==, KIOSK_DB_STEP_ROW);
  g_assert_cmpint (kiosk_db_stmt_column_count (select), ==, 2);
  g_assert_cmpstr (kiosk_db_stmt_column_name (select, 1), ==, "age");
  g_assert_cmpstr (kiosk_db_stmt_column_text (select, 0), ==, "张三");
  g_assert_cmpint (kiosk_db_stmt_column_int64 (select, 1), ==, G_GINT64_CONSTANT (1) << 40);
  g_assert_false (kiosk_db_stmt_column_is_null (select, 1));
  g_assert_cmpint (kiosk_db_stmt_step (select, &error), ==, KIOSK_DB_STEP_DONE);
  g_assert_no_error (error);

  {
    g_autoptr (KioskDbStmt) pets
        = kiosk_db_prepare (db, "SELECT photo FROM pets ORDER BY id", &error);
    g_assert_cmpint (kiosk_db_stmt_step (pets, &error), ==, KIOSK_DB_STEP_ROW);
    got = kiosk_db_stmt_dup_column_blob (pets, 0);
    g_assert_true (g_bytes_equal (got, photo));
    g_clear_pointer (&got, g_bytes_unref);
    g_assert_cmpint (kiosk_db_stmt_step (pets, &error), ==, KIOSK_DB_STEP_ROW);
    got = kiosk_db_stmt_dup_column_blob (pets, 0);
    g_assert_nonnull (got);
    g_assert_cmpuint (g_bytes_get_size (got), ==, 0);
    g_assert_cmpint (kiosk_db_stmt_step (pets, &error), ==, KIOSK_DB_STEP_ROW);
    g_assert_true (kiosk_db_stmt_column_is_null (pets, 0));
    g_assert_null (kiosk_db_stmt_dup_column_blob (pets, 0));
    g_assert_null (kiosk_db_stmt_column_text (pets, 0));
  }
}

static void
test_errors (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "e.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDb) db = kiosk_db_open (path, three_versions, 3, &error);
  g_autoptr (KioskDbStmt) stmt = NULL;

  g_assert_no_error (error);

  stmt = kiosk_db_prepare (db, "SELEKT * FROM people", &error);
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_SQL);
  g_assert_nonnull (strstr (error->message, "syntax error"));
  g_assert_null (stmt);
  g_clear_error (&error);

  stmt = kiosk_db_prepare (db, "SELECT * FROM nowhere", &error);
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_SQL);
  g_assert_nonnull (strstr (error->message, "no such table: nowhere"));
  g_clear_error (&error);

  stmt = kiosk_db_prepare (db, "SELECT 1; SELECT 2", &error);
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_SQL);
  g_clear_error (&error);
  stmt = kiosk_db_prepare (db, "  ", &error);
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_SQL);
  g_clear_error (&error);
  stmt = kiosk_db_prepare (db, "SELECT 1;  ", &error);
  g_assert_no_error (error);
  g_clear_pointer (&stmt, kiosk_db_stmt_free);

  g_assert_false (kiosk_db_exec (db, "DROP TABLE nowhere", &error));
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_SQL);
  g_clear_error (&error);

  /* A bad bind is sticky and reported by the step. */
  stmt = kiosk_db_prepare (db, "INSERT INTO people (name) VALUES (?)", &error);
  kiosk_db_stmt_bind_text (stmt, 7, "x");
  kiosk_db_stmt_bind_text (stmt, 1, "y");
  g_assert_cmpint (kiosk_db_stmt_step (stmt, &error), ==, KIOSK_DB_STEP_ERROR);
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_MISUSE);
  g_assert_nonnull (strstr (error->message, "parameter 7"));
  g_clear_error (&error);
  kiosk_db_stmt_reset (stmt, TRUE);
  kiosk_db_stmt_bind_text (stmt, 1, "bad \xff utf-8");
  g_assert_false (kiosk_db_stmt_run (stmt, &error));
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_MISUSE);
  g_clear_error (&error);

  /* Constraints: NOT NULL, UNIQUE, FOREIGN KEY. */
  kiosk_db_stmt_reset (stmt, TRUE);
  g_assert_false (kiosk_db_stmt_run (stmt, &error));
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "NOT NULL"));
  g_clear_error (&error);
  kiosk_db_stmt_reset (stmt, TRUE);
  kiosk_db_stmt_bind_text (stmt, 1, "same");
  g_assert_true (kiosk_db_stmt_run (stmt, &error));
  kiosk_db_stmt_reset (stmt, FALSE);
  g_assert_false (kiosk_db_stmt_run (stmt, &error));
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "UNIQUE"));
  g_clear_error (&error);
  g_assert_false (kiosk_db_exec (db, "INSERT INTO pets (owner) VALUES (999)", &error));
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "FOREIGN KEY"));
  g_clear_error (&error);

  /* run() on a query that returns rows is a misuse, not silence. */
  g_clear_pointer (&stmt, kiosk_db_stmt_free);
  stmt = kiosk_db_prepare (db, "SELECT 1", &error);
  g_assert_false (kiosk_db_stmt_run (stmt, &error));
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_MISUSE);
  g_clear_error (&error);

  /* Transactions out of order. */
  g_assert_false (kiosk_db_commit (db, &error));
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_MISUSE);
  g_clear_error (&error);
  g_assert_true (kiosk_db_begin (db, &error));
  g_assert_false (kiosk_db_begin (db, &error));
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_MISUSE);
  g_clear_error (&error);
  kiosk_db_rollback (db);
  kiosk_db_rollback (db); /* harmless */
  g_assert_false (kiosk_db_in_transaction (db));
}

typedef struct
{
  const char *name;
  gboolean fail;
} InsertData;

static gboolean
insert_person (KioskDb *db, gpointer user_data, GError **error)
{
  InsertData *data = user_data;
  g_autoptr (KioskDbStmt) stmt
      = kiosk_db_prepare (db, "INSERT INTO people (name) VALUES (?)", error);

  if (stmt == NULL)
    return FALSE;
  kiosk_db_stmt_bind_text (stmt, 1, data->name);
  if (!kiosk_db_stmt_run (stmt, error))
    return FALSE;
  if (data->fail)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "changed my mind");
      return FALSE;
    }
  return TRUE;
}

static gboolean
outer_with_inner (KioskDb *db, gpointer user_data, GError **error)
{
  InsertData outer = { "outer", FALSE };
  InsertData inner = { "inner", TRUE };
  g_autoptr (GError) inner_error = NULL;

  if (!insert_person (db, &outer, error))
    return FALSE;
  /* The inner part fails and is rolled back alone. */
  g_assert_false (kiosk_db_transaction (db, insert_person, &inner, &inner_error));
  g_assert_error (inner_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (kiosk_db_in_transaction (db));
  return TRUE;
}

static gboolean
fails_silently (KioskDb *db, gpointer user_data, GError **error)
{
  return FALSE;
}

static void
test_transactions (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "t.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDb) db = kiosk_db_open (path, three_versions, 3, &error);
  InsertData ok = { "kept", FALSE };
  InsertData bad = { "dropped", TRUE };

  g_assert_true (kiosk_db_transaction (db, insert_person, &ok, &error));
  g_assert_no_error (error);
  g_assert_false (kiosk_db_transaction (db, insert_person, &bad, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (kiosk_db_in_transaction (db));
  g_assert_true (kiosk_db_transaction (db, outer_with_inner, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (kiosk_db_transaction (db, fails_silently, NULL, &error));
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM people WHERE name = 'kept'"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM people WHERE name = 'outer'"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM people WHERE name = 'dropped'"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM people WHERE name = 'inner'"), ==, 0);

  /* Begin/commit by hand; a transaction left open is rolled back on close. */
  g_assert_true (kiosk_db_begin (db, &error));
  g_assert_true (kiosk_db_exec (db, "INSERT INTO people (name) VALUES ('manual')", &error));
  g_assert_true (kiosk_db_commit (db, &error));
  g_assert_true (kiosk_db_begin (db, &error));
  g_assert_true (kiosk_db_exec (db, "INSERT INTO people (name) VALUES ('left open')", &error));
  g_clear_object (&db);
  db = kiosk_db_open (path, three_versions, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM people WHERE name = 'manual'"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM people WHERE name = 'left open'"), ==, 0);
}

static void
test_busy (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "b.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDb) a = kiosk_db_open (path, three_versions, 3, &error);
  g_autoptr (KioskDb) b = kiosk_db_open (path, three_versions, 3, &error);

  g_assert_no_error (error);
  kiosk_db_set_busy_timeout (b, 50);
  g_assert_true (kiosk_db_begin (a, &error));
  g_assert_false (kiosk_db_begin (b, &error));
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_BUSY);
  g_clear_error (&error);
  /* Readers are not blocked by a writer in WAL mode. */
  g_assert_cmpint (query_int (b, "SELECT count(*) FROM people"), ==, 0);
  g_assert_true (kiosk_db_commit (a, &error));
  g_assert_true (kiosk_db_begin (b, &error));
  kiosk_db_rollback (b);
}

static void
assert_untouched (const char *path, const char *content, gsize len)
{
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  gsize n_after = 0;

  g_assert_true (g_file_get_contents (path, &after, &n_after, NULL));
  g_assert_cmpmem (content, len, after, n_after);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
}

static void
test_not_a_database (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "garbage.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDb) db = NULL;
  char garbage[4096];
  gsize i;

  for (i = 0; i < sizeof garbage; i++)
    garbage[i] = (char) (i * 7 + 3);
  g_assert_true (g_file_set_contents (path, garbage, sizeof garbage, NULL));
  db = kiosk_db_open (path, three_versions, 3, &error);
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "not an SQLite database"));
  g_assert_null (db);
  g_clear_error (&error);
  assert_untouched (path, garbage, sizeof garbage);

  /* Too short to hold a header. */
  g_assert_true (g_file_set_contents (path, "SQLite", 6, NULL));
  db = kiosk_db_open_full (path, KIOSK_DB_OPEN_READ_ONLY, NULL, 0, &error);
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_CORRUPT);
  g_clear_error (&error);
  assert_untouched (path, "SQLite", 6);

  /* The right magic with garbage after it: SQLite itself refuses. */
  memcpy (garbage, "SQLite format 3", 16);
  g_assert_true (g_file_set_contents (path, garbage, sizeof garbage, NULL));
  db = kiosk_db_open (path, three_versions, 3, &error);
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_CORRUPT);
  g_assert_null (db);
  g_clear_error (&error);
  assert_untouched (path, garbage, sizeof garbage);

  /* A directory, an empty path. */
  db = kiosk_db_open (dir, NULL, 0, &error);
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_CANT_OPEN);
  g_clear_error (&error);
  db = kiosk_db_open ("", NULL, 0, &error);
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_CANT_OPEN);
  g_clear_error (&error);
}

static void
test_damaged_pages (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "damaged.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDb) db = kiosk_db_open (path, three_versions, 3, &error);
  g_autofree char *report = NULL;
  gboolean ok = FALSE;
  gboolean answered;
  int fd, i;
  char junk[4096];

  g_assert_no_error (error);
  g_assert_true (kiosk_db_begin (db, &error));
  for (i = 0; i < 500; i++)
    {
      g_autofree char *sql
          = g_strdup_printf ("INSERT INTO people (name, age) VALUES ('person %d', %d)", i, i);
      g_assert_true (kiosk_db_exec (db, sql, &error));
    }
  g_assert_true (kiosk_db_commit (db, &error));
  g_assert_true (kiosk_db_integrity_check (db, &ok, &report, &error));
  g_assert_true (ok);
  g_assert_cmpstr (report, ==, "ok");
  g_clear_pointer (&report, g_free);
  /* Checkpoint and close so the pages are in the main file. */
  g_assert_true (kiosk_db_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", &error));
  g_clear_object (&db);

  /* Overwrite pages 3 and 4 (the middle of the table's b-tree). */
  memset (junk, 0x5a, sizeof junk);
  fd = g_open (path, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, junk, sizeof junk, 2 * 4096), ==, sizeof junk);
  g_assert_cmpint (pwrite (fd, junk, sizeof junk, 3 * 4096), ==, sizeof junk);
  close (fd);

  db = kiosk_db_open_full (path, KIOSK_DB_OPEN_READ_ONLY, three_versions, 3, &error);
  if (db == NULL)
    {
      g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_CORRUPT);
      g_test_message ("open refused: %s", error->message);
      return;
    }
  answered = kiosk_db_integrity_check (db, &ok, &report, &error);
  if (answered)
    {
      g_assert_false (ok);
      g_assert_cmpstr (report, !=, "ok");
      g_test_message ("integrity_check: %s", report);
    }
  else
    {
      g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_CORRUPT);
      g_test_message ("integrity_check refused: %s", error->message);
    }
}

static void
test_missing_and_read_only (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "absent.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDb) db = NULL;

  db = kiosk_db_open_full (path, KIOSK_DB_OPEN_NO_CREATE, three_versions, 3, &error);
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_clear_error (&error);
  db = kiosk_db_open_full (path, KIOSK_DB_OPEN_READ_ONLY, three_versions, 3, &error);
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* An old version opened read-only: readable, not migrated, not writable. */
  db = kiosk_db_open (path, three_versions, 1, &error);
  g_assert_true (kiosk_db_exec (db, "INSERT INTO people (name) VALUES ('ro')", &error));
  g_clear_object (&db);
  db = kiosk_db_open_full (path, KIOSK_DB_OPEN_READ_ONLY, three_versions, 3, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_db_is_read_only (db));
  g_assert_cmpint (kiosk_db_get_user_version (db, NULL), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM people"), ==, 1);
  g_assert_false (kiosk_db_exec (db, "INSERT INTO people (name) VALUES ('no')", &error));
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (kiosk_db_migrate (db, three_versions, 3, &error));
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_clear_object (&db);

  /* NO_MIGRATE then an explicit migrate. */
  db = kiosk_db_open_full (path, KIOSK_DB_OPEN_NO_MIGRATE, three_versions, 3, &error);
  g_assert_cmpint (kiosk_db_get_user_version (db, NULL), ==, 1);
  g_assert_true (kiosk_db_migrate (db, three_versions, 3, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_db_get_user_version (db, NULL), ==, 3);
}

static void
test_memory (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDb) db = kiosk_db_open (KIOSK_DB_MEMORY, three_versions, 3, &error);

  g_assert_no_error (error);
  g_assert_cmpint (kiosk_db_get_user_version (db, NULL), ==, 3);
  g_assert_true (kiosk_db_exec (db, "INSERT INTO people (name) VALUES ('m')", &error));
  g_assert_cmpint (query_int (db, "PRAGMA foreign_keys"), ==, 1);
  /* No file of that name appears anywhere. */
  g_assert_false (g_file_test (KIOSK_DB_MEMORY, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);

  g_test_add_func ("/db/open-creates", test_open_creates);
  g_test_add_func ("/db/migrations", test_migrations);
  g_test_add_func ("/db/migration-failure", test_migration_failure_rolls_back);
  g_test_add_func ("/db/statements", test_statements);
  g_test_add_func ("/db/errors", test_errors);
  g_test_add_func ("/db/transactions", test_transactions);
  g_test_add_func ("/db/busy", test_busy);
  g_test_add_func ("/db/not-a-database", test_not_a_database);
  g_test_add_func ("/db/damaged-pages", test_damaged_pages);
  g_test_add_func ("/db/missing-and-read-only", test_missing_and_read_only);
  g_test_add_func ("/db/memory", test_memory);

  return kiosk_test_run ();
}
