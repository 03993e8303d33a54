/* test-db-commit.c — KioskDb commits off the main loop (kiosk_db_set_commit_context)
 *
 * The journal's commits (fsync, synchronous=FULL) run in a worker thread
 * while the calling thread keeps iterating its main context (issue 9). What
 * must hold: the transaction call returns only once committed; the loop
 * turns meanwhile; a callback that reaches the connection during the commit
 * waits for it and then sees the committed data; a commit that fails is
 * reported and rolled back; other threads commit on the spot. */
#include "config.h"

#include "kiosk-db.h"
#include "store-test-util.h"

static const KioskDbMigration schema[] = {
  { 1, "entries",
    "CREATE TABLE entries (id INTEGER PRIMARY KEY, what TEXT NOT NULL);"
    "CREATE TABLE owners (id INTEGER PRIMARY KEY);"
    "CREATE TABLE pets (id INTEGER PRIMARY KEY,"
    "  owner INTEGER NOT NULL REFERENCES owners (id) DEFERRABLE INITIALLY DEFERRED);",
    NULL },
};

static KioskDb *
open_db (char **out_dir)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "commit.db", NULL);
  KioskDb *db = kiosk_db_open (path, schema, G_N_ELEMENTS (schema), &error);

  g_assert_no_error (error);
  g_assert_nonnull (db);
  if (out_dir != NULL)
    *out_dir = g_steal_pointer (&dir);
  return db;
}

static gint64
count_entries (KioskDb *db, const char *what)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDbStmt) stmt
      = kiosk_db_prepare (db, "SELECT count (*) FROM entries WHERE what = ?", &error);

  g_assert_no_error (error);
  kiosk_db_stmt_bind_text (stmt, 1, what);
  g_assert_cmpint (kiosk_db_stmt_step (stmt, &error), ==, KIOSK_DB_STEP_ROW);
  g_assert_no_error (error);
  return kiosk_db_stmt_column_int64 (stmt, 0);
}

static gboolean
insert_tx (KioskDb *db, gpointer user_data, GError **error)
{
  g_autoptr (KioskDbStmt) stmt
      = kiosk_db_prepare (db, "INSERT INTO entries (what) VALUES (?)", error);

  if (stmt == NULL)
    return FALSE;
  kiosk_db_stmt_bind_text (stmt, 1, user_data);
  return kiosk_db_stmt_run (stmt, error);
}

typedef struct
{
  KioskDb *db;
  gboolean ran;
  gint64 seen; /* entries "first" seen from inside the callback */
  gboolean nested_ok;
} Callback;

/* Dispatched while the transaction's commit runs: reads (waiting for the
 * commit) and writes a transaction of its own. */
static gboolean
during_commit_cb (gpointer user_data)
{
  Callback *cb = user_data;
  g_autoptr (GError) error = NULL;

  cb->ran = TRUE;
  cb->seen = count_entries (cb->db, "first");
  cb->nested_ok = kiosk_db_transaction (cb->db, insert_tx, (gpointer) "nested", &error);
  g_assert_no_error (error);
  return G_SOURCE_REMOVE;
}

static void
test_loop_turns (void)
{
  g_autoptr (KioskDb) db = open_db (NULL);
  g_autoptr (GError) error = NULL;
  Callback cb = { db, FALSE, -1, FALSE };

  kiosk_db_set_commit_context (db, g_main_context_default ());
  g_idle_add (during_commit_cb, &cb);
  g_assert_true (kiosk_db_transaction (db, insert_tx, (gpointer) "first", &error));
  g_assert_no_error (error);
  /* The loop turned during the commit: the idle ran before the call returned,
   * and what it read was the committed row. */
  g_assert_true (cb.ran);
  g_assert_cmpint (cb.seen, ==, 1);
  g_assert_true (cb.nested_ok);
  g_assert_false (kiosk_db_in_transaction (db));
  g_assert_cmpint (count_entries (db, "first"), ==, 1);
  g_assert_cmpint (count_entries (db, "nested"), ==, 1);

  /* Many in a row, as a flow writes them. */
  for (guint i = 0; i < 50; i++)
    {
      g_assert_true (kiosk_db_transaction (db, insert_tx, (gpointer) "many", &error));
      g_assert_no_error (error);
    }
  g_assert_cmpint (count_entries (db, "many"), ==, 50);

  /* Unset: commits on the spot again, the idle waits for the loop. */
  kiosk_db_set_commit_context (db, NULL);
  cb.ran = FALSE;
  g_idle_add (during_commit_cb, &cb);
  g_assert_true (kiosk_db_transaction (db, insert_tx, (gpointer) "first", &error));
  g_assert_false (cb.ran);
  while (!cb.ran)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (cb.seen, ==, 2);
}

static gboolean
orphan_pet_tx (KioskDb *db, gpointer user_data, GError **error)
{
  /* A deferred foreign key: the statement passes, the COMMIT fails. */
  return kiosk_db_exec (db, "INSERT INTO pets (owner) VALUES (42)", error)
         && insert_tx (db, (gpointer) "orphan", error);
}

static void
test_commit_fails (void)
{
  g_autoptr (KioskDb) db = open_db (NULL);
  g_autoptr (GError) error = NULL;

  kiosk_db_set_commit_context (db, g_main_context_default ());
  g_assert_false (kiosk_db_transaction (db, orphan_pet_tx, NULL, &error));
  g_assert_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);
  /* Rolled back, and the connection goes on. */
  g_assert_false (kiosk_db_in_transaction (db));
  g_assert_cmpint (count_entries (db, "orphan"), ==, 0);
  g_assert_true (kiosk_db_transaction (db, insert_tx, (gpointer) "after", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_entries (db, "after"), ==, 1);
}

static gpointer
commit_in_thread (gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = kiosk_db_transaction (user_data, insert_tx, (gpointer) "thread", &error);

  g_assert_no_error (error);
  return GINT_TO_POINTER (ok);
}

static gboolean
count_cb (gpointer user_data)
{
  (*(guint *) user_data)++;
  return G_SOURCE_REMOVE;
}

static void
test_other_thread (void)
{
  g_autoptr (KioskDb) db = open_db (NULL);
  guint dispatched = 0;
  GThread *thread;

  /* Set by this thread: another thread's commit does not iterate this
   * thread's loop (that would dispatch its sources in the wrong thread). */
  kiosk_db_set_commit_context (db, g_main_context_default ());
  g_idle_add (count_cb, &dispatched);
  thread = g_thread_new ("commit", commit_in_thread, db);
  g_assert_true (GPOINTER_TO_INT (g_thread_join (thread)));
  g_assert_cmpuint (dispatched, ==, 0);
  g_assert_cmpint (count_entries (db, "thread"), ==, 1);
  while (dispatched == 0)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);

  g_test_add_func ("/db/commit-context/loop-turns", test_loop_turns);
  g_test_add_func ("/db/commit-context/commit-fails", test_commit_fails);
  g_test_add_func ("/db/commit-context/other-thread", test_other_thread);
  return kiosk_test_run ();
}
