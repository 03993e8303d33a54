/* test-kioskctl-store.c — the real kioskctl binary: journal, audit verify, db check|migrate
 *
 * Exit codes: 0 ok · 1 audit broken · 2 garbage arguments · 3 missing, damaged
 * or newer database. A refusal writes nothing. Output is masked. The path of
 * the binary is the first argument (tests/store/meson.build passes it).
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include "kiosk-db.h"
#include "kiosk-mask.h"
#include "kiosk-store.h"
#include "store-test-util.h"

#define ID_NUMBER "22010219900307123X"
#define PHONE     "13912345678"

static const char *kioskctl_path;

typedef struct
{
  char *dir;
  char *config;
  char *db_path;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *text = NULL;

  if (kioskctl_path == NULL)
    {
      g_test_skip ("kioskctl was not built");
      return;
    }
  f->dir = store_test_tmpdir ();
  f->db_path = g_build_filename (f->dir, "state", "kiosk.db", NULL);
  f->config = g_build_filename (f->dir, "kiosk.conf", NULL);
  text = g_strdup_printf ("[kiosk]\nid=JL-CTL-0001\n[store]\nstate_dir=%s/state\n", f->dir);
  g_assert_true (g_file_set_contents (f->config, text, -1, NULL));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_free (f->dir);
  g_free (f->config);
  g_free (f->db_path);
}

/* Runs kioskctl --config CONFIG ARGS…; returns the exit code. */
static int
run (Fixture *f, char **out, char **err, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *std_out = NULL;
  g_autofree char *std_err = NULL;
  int status = 0;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) kioskctl_path);
  g_ptr_array_add (argv, (char *) "--config");
  g_ptr_array_add (argv, f->config);
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &std_out, &std_err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_test_message ("kioskctl %s → %d\n%s%s", (char *) argv->pdata[3], WEXITSTATUS (status), std_out,
                  std_err);
  if (out != NULL)
    *out = g_steal_pointer (&std_out);
  if (err != NULL)
    *err = g_steal_pointer (&std_err);
  return WEXITSTATUS (status);
}

static void
assert_json (const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDb) db = kiosk_db_open (KIOSK_DB_MEMORY, NULL, 0, &error);
  g_autoptr (KioskDbStmt) stmt = NULL;

  /* SQLite's own JSON parser decides whether the document is valid. */
  g_assert_no_error (error);
  stmt = kiosk_db_prepare (db, "SELECT json_valid (?)", &error);
  kiosk_db_stmt_bind_text (stmt, 1, text);
  g_assert_cmpint (kiosk_db_stmt_step (stmt, &error), ==, KIOSK_DB_STEP_ROW);
  g_assert_cmpint (kiosk_db_stmt_column_int64 (stmt, 0), ==, 1);
}

static KioskStore *
populate (Fixture *f, char **uuid)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *photos = g_build_filename (f->dir, "state", "photos", NULL);
  KioskStore *store = kiosk_store_open (f->db_path, photos, "JL-CTL-0001", &error);

  g_assert_no_error (error);
  *uuid = kiosk_store_session_begin (store, "green-channel", &error);
  g_assert_true (kiosk_store_session_set_person (store, *uuid, ID_NUMBER, "张三丰", PHONE, &error));
  g_assert_cmpint (kiosk_store_journal_intent (store, *uuid, "apply", NULL,
                                               "{\"note\":\"" ID_NUMBER "\"}", &error),
                   ==, 1);
  g_assert_cmpint (
      kiosk_store_journal_outcome (store, *uuid, "apply", "failed: " PHONE, NULL, &error), ==, 2);
  g_assert_cmpint (kiosk_store_stock_load_batch (store, "T001", 5, "tech", &error), >, 0);
  g_assert_no_error (error);
  return store;
}

static void
assert_no_personal_data (const char *text)
{
  g_assert_null (strstr (text, ID_NUMBER));
  g_assert_null (strstr (text, PHONE));
  g_assert_null (strstr (text, "张三丰"));
}

/* A missing database: exit 3, and nothing is created, not even the directory. */
static void
test_missing (Fixture *f, gconstpointer data)
{
  g_autofree char *state = g_build_filename (f->dir, "state", NULL);
  g_autofree char *err = NULL;

  if (kioskctl_path == NULL)
    return;
  g_assert_cmpint (run (f, NULL, &err, "journal", NULL), ==, 3);
  g_assert_nonnull (strstr (err, "does not exist"));
  g_assert_cmpint (run (f, NULL, NULL, "audit", "verify", NULL), ==, 3);
  g_assert_cmpint (run (f, NULL, NULL, "db", "check", NULL), ==, 3);
  g_assert_cmpint (run (f, NULL, NULL, "db", "migrate", NULL), ==, 3);
  g_assert_cmpint (run (f, NULL, NULL, "--json", "journal", NULL), ==, 3);
  g_assert_false (g_file_test (state, G_FILE_TEST_EXISTS));
}

static void
test_garbage_arguments (Fixture *f, gconstpointer data)
{
  g_autofree char *uuid = NULL;
  g_autoptr (KioskStore) store = NULL;
  const char *const bad[][4] = {
    { "journal", "--bogus", NULL },
    { "journal", "--limit", "0", NULL },
    { "journal", "--limit", "x", NULL },
    { "journal", "--limit=99999", NULL },
    { "journal", "extra", NULL },
    { "audit", NULL },
    { "audit", "frob", NULL },
    { "audit", "verify", "--limit", NULL },
    { "db", NULL },
    { "db", "frob", NULL },
    { "db", "check", "extra", NULL },
  };
  g_autofree char *before = NULL;
  gsize n_before = 0;
  gsize i;

  if (kioskctl_path == NULL)
    return;
  store = populate (f, &uuid);
  g_clear_object (&store);
  g_assert_true (g_file_get_contents (f->db_path, &before, &n_before, NULL));
  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *err = NULL;
      g_assert_cmpint (run (f, NULL, &err, bad[i][0], bad[i][1], bad[i][2], bad[i][3], NULL), ==,
                       2);
      g_assert_cmpstr (err, !=, "");
    }
  {
    g_autofree char *after = NULL;
    gsize n_after = 0;
    g_assert_true (g_file_get_contents (f->db_path, &after, &n_after, NULL));
    g_assert_cmpmem (before, n_before, after, n_after);
  }
}

/* A file that is not a database: exit 3 with a clear message, file untouched. */
static void
test_corrupt (Fixture *f, gconstpointer data)
{
  g_autofree char *state = g_build_filename (f->dir, "state", NULL);
  g_autofree char *wal = g_strconcat (f->db_path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->db_path, "-shm", NULL);
  g_autofree char *after = NULL;
  const char garbage[] = "this is not a database, it is a shopping list: rice, tea, eggs……";
  const char *const commands[][2] = {
    { "journal", NULL },
    { "audit", "verify" },
    { "db", "check" },
    { "db", "migrate" },
  };
  gsize n_after = 0;
  gsize i;

  if (kioskctl_path == NULL)
    return;
  g_assert_cmpint (g_mkdir_with_parents (state, 0700), ==, 0);
  g_assert_true (g_file_set_contents (f->db_path, garbage, sizeof garbage, NULL));
  for (i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *err = NULL;
      g_assert_cmpint (run (f, NULL, &err, commands[i][0], commands[i][1], NULL), ==, 3);
      g_assert_nonnull (strstr (err, "not an SQLite database"));
    }
  g_assert_true (g_file_get_contents (f->db_path, &after, &n_after, NULL));
  g_assert_cmpmem (garbage, sizeof garbage, after, n_after);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
}

static void
test_journal (Fixture *f, gconstpointer data)
{
  g_autofree char *uuid = NULL;
  g_autoptr (KioskStore) store = NULL;
  g_autofree char *out = NULL;
  g_autofree char *json = NULL;
  g_autofree char *one = NULL;
  g_autofree char *err = NULL;
  g_autofree char *masked_id = NULL;

  if (kioskctl_path == NULL)
    return;
  store = populate (f, &uuid);
  masked_id = kiosk_mask (KIOSK_MASK_ID_NUMBER, ID_NUMBER);

  g_assert_cmpint (run (f, &out, NULL, "journal", NULL), ==, 0);
  g_assert_nonnull (strstr (out, uuid));
  g_assert_nonnull (strstr (out, masked_id));
  g_assert_nonnull (strstr (out, "apply"));
  assert_no_personal_data (out);

  g_assert_cmpint (run (f, &json, NULL, "journal", "--json", "--limit", "5", NULL), ==, 0);
  assert_json (json);
  g_assert_nonnull (strstr (json, "\"subject\":\"2201**********123X 张**\""));
  g_assert_nonnull (strstr (json, "\"phase\":\"intent\""));
  assert_no_personal_data (json);

  g_assert_cmpint (run (f, &one, NULL, "--json", "journal", "--session", uuid, NULL), ==, 0);
  assert_json (one);
  g_assert_nonnull (strstr (one, uuid));
  g_assert_cmpint (run (f, NULL, &err, "journal", "--session", "no-such", NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (f, &out, NULL, "journal", "--open", NULL), ==, 0);
  g_assert_nonnull (strstr (out, uuid));
}

static void
test_audit_verify (Fixture *f, gconstpointer data)
{
  g_autofree char *uuid = NULL;
  g_autoptr (KioskStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *json = NULL;
  g_autofree char *list = NULL;

  if (kioskctl_path == NULL)
    return;
  store = populate (f, &uuid);
  g_assert_cmpint (kiosk_store_audit_append (store, "tech", "test.one", "1", &error), ==, 2);
  g_assert_cmpint (kiosk_store_audit_append (store, "tech", "test.two", "2", &error), ==, 3);

  g_assert_cmpint (run (f, &out, NULL, "audit", "verify", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "3 entries"));
  g_assert_cmpint (run (f, &list, NULL, "--json", "audit", "list", "--limit", "2", NULL), ==, 0);
  assert_json (list);
  g_assert_nonnull (strstr (list, "test.two"));
  g_assert_null (strstr (list, "stock.load")); /* the limit holds */

  /* Someone edits entry 2 by hand. */
  g_assert_true (kiosk_db_exec (kiosk_store_get_db (store),
                                "DROP TRIGGER audit_no_update;"
                                "UPDATE audit SET detail = 'nothing happened' WHERE seq = 2",
                                &error));
  g_assert_no_error (error);
  g_assert_cmpint (run (f, NULL, &err, "audit", "verify", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "entry 2"));
  g_assert_cmpint (run (f, &json, NULL, "audit", "verify", "--json", NULL), ==, 1);
  assert_json (json);
  g_assert_nonnull (strstr (json, "\"first_bad_seq\":2"));
  g_assert_nonnull (strstr (json, "\"ok\":false"));
}

static void
test_db_check_and_migrate (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDb) db = NULL;
  g_autoptr (KioskStore) store = NULL;
  g_autofree char *state = g_build_filename (f->dir, "state", NULL);
  g_autofree char *out = NULL;
  g_autofree char *json = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize n_before = 0, n_after = 0;
  const KioskDbMigration *migrations;
  gsize n = 0;

  if (kioskctl_path == NULL)
    return;
  /* A kiosk still on schema version 1, with an open session. */
  migrations = kiosk_store_migrations (&n);
  db = kiosk_db_open (f->db_path, migrations, 1, &error);
  g_assert_no_error (error);
  g_assert_true (
      kiosk_db_exec (db,
                     "INSERT INTO sessions (uuid, service, kiosk_id, started,"
                     " id_number) VALUES ('old-session', 'green-channel', 'K', 1, '" ID_NUMBER "')",
                     &error));
  g_clear_object (&db);
  g_assert_true (g_file_get_contents (f->db_path, &before, &n_before, NULL));

  g_assert_cmpint (run (f, &json, NULL, "--json", "db", "check", NULL), ==, 0);
  assert_json (json);
  g_assert_nonnull (strstr (json, "\"schema_version\":1"));
  g_assert_nonnull (strstr (json, "\"needs_migration\":true"));
  g_assert_nonnull (strstr (json, "\"integrity\":\"ok\""));
  /* The journal needs today's schema: refused, database untouched. */
  g_assert_cmpint (run (f, NULL, NULL, "journal", NULL), ==, 3);
  g_assert_cmpint (run (f, NULL, NULL, "audit", "verify", NULL), ==, 3);
  g_assert_true (g_file_get_contents (f->db_path, &after, &n_after, NULL));
  g_assert_cmpmem (before, n_before, after, n_after);

  g_assert_cmpint (run (f, &out, NULL, "db", "migrate", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "1 → 3"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (f, &out, NULL, "db", "migrate", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "already current"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (f, &out, NULL, "db", "check", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "integrity_check: ok"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (f, &out, NULL, "journal", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "old-session"));
  assert_no_personal_data (out);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (f, &out, NULL, "audit", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "db.migrate"));

  /* A database from a newer program: refused, untouched. */
  store = kiosk_store_open (f->db_path, NULL, NULL, &error);
  g_assert_true (kiosk_db_exec (kiosk_store_get_db (store), "PRAGMA user_version = 42", &error));
  g_clear_object (&store);
  g_clear_pointer (&before, g_free);
  g_clear_pointer (&after, g_free);
  g_assert_true (g_file_get_contents (f->db_path, &before, &n_before, NULL));
  g_assert_cmpint (run (f, NULL, NULL, "db", "migrate", NULL), ==, 3);
  g_assert_cmpint (run (f, NULL, NULL, "db", "check", NULL), ==, 3);
  g_assert_cmpint (run (f, NULL, NULL, "journal", NULL), ==, 3);
  g_assert_true (g_file_get_contents (f->db_path, &after, &n_after, NULL));
  g_assert_cmpmem (before, n_before, after, n_after);
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);

  if (argc > 1 && g_file_test (argv[1], G_FILE_TEST_IS_EXECUTABLE))
    kioskctl_path = argv[1];

  g_test_add ("/kioskctl-store/missing", Fixture, NULL, fixture_set_up, test_missing,
              fixture_tear_down);
  g_test_add ("/kioskctl-store/garbage-arguments", Fixture, NULL, fixture_set_up,
              test_garbage_arguments, fixture_tear_down);
  g_test_add ("/kioskctl-store/corrupt", Fixture, NULL, fixture_set_up, test_corrupt,
              fixture_tear_down);
  g_test_add ("/kioskctl-store/journal", Fixture, NULL, fixture_set_up, test_journal,
              fixture_tear_down);
  g_test_add ("/kioskctl-store/audit-verify", Fixture, NULL, fixture_set_up, test_audit_verify,
              fixture_tear_down);
  g_test_add ("/kioskctl-store/db-check-and-migrate", Fixture, NULL, fixture_set_up,
              test_db_check_and_migrate, fixture_tear_down);

  return kiosk_test_run ();
}
