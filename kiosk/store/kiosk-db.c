/* kiosk-db.c — the one place that talks to SQLite */
#define G_LOG_DOMAIN "kiosk-db"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "kiosk-db.h"

G_DEFINE_QUARK (kiosk_db_error, kiosk_db_error)

struct _KioskDb
{
  GObject parent_instance;

  sqlite3 *handle;
  char *path;
  gboolean read_only;
  gboolean memory;
  guint savepoint_depth;

  /* Commits off the main loop (kiosk_db_set_commit_context). */
  GMainContext *commit_context;
  GThread *commit_owner; /* the thread that iterates commit_context while waiting */
  GThreadPool *committer;
  GMutex commit_lock;
  GCond commit_cond;
  gboolean committing; /* a COMMIT runs in the committer thread */
};

G_DEFINE_FINAL_TYPE (KioskDb, kiosk_db, G_TYPE_OBJECT)

static void wait_for_commit (KioskDb *db);

struct _KioskDbStmt
{
  KioskDb *db; /* strong: the connection outlives its statements */
  sqlite3_stmt *stmt;
  GError *bind_error; /* the first failed bind, reported by the next step */
};

/* The header of every SQLite 3 file; see "Database File Format" §1.3. */
#define SQLITE_HEADER_SIZE     100
#define SQLITE_HEADER_MAGIC    "SQLite format 3"
#define SQLITE_USER_VERSION_AT 60

static KioskDbError
error_code_from_sqlite (int rc)
{
  switch (rc & 0xff)
    {
      case SQLITE_NOTADB:
      case SQLITE_CORRUPT:
      case SQLITE_FORMAT:
        return KIOSK_DB_ERROR_CORRUPT;
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
        return KIOSK_DB_ERROR_BUSY;
      case SQLITE_READONLY:
        return KIOSK_DB_ERROR_READ_ONLY;
      case SQLITE_CONSTRAINT:
        return KIOSK_DB_ERROR_CONSTRAINT;
      case SQLITE_MISUSE:
      case SQLITE_RANGE:
        return KIOSK_DB_ERROR_MISUSE;
      case SQLITE_CANTOPEN:
      case SQLITE_PERM:
      case SQLITE_AUTH:
        return KIOSK_DB_ERROR_CANT_OPEN;
      case SQLITE_IOERR:
      case SQLITE_FULL:
        return KIOSK_DB_ERROR_IO;
      case SQLITE_ERROR:
        return KIOSK_DB_ERROR_SQL;
      default:
        return KIOSK_DB_ERROR_FAILED;
    }
}

/* Sets `error` from the connection's last error, prefixed by what we were
 * doing. `rc` is the code the failing call returned. */
static void
set_sqlite_error (GError **error, sqlite3 *handle, int rc, const char *what)
{
  const char *message = handle != NULL ? sqlite3_errmsg (handle) : sqlite3_errstr (rc);

  g_set_error (error, KIOSK_DB_ERROR, error_code_from_sqlite (rc), "%s: %s", what, message);
}

static void
kiosk_db_finalize (GObject *object)
{
  KioskDb *self = KIOSK_DB (object);

  if (self->handle != NULL)
    {
      /* A transaction left open by a failed caller is rolled back, never
       * committed by accident. */
      if (!sqlite3_get_autocommit (self->handle))
        sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
      sqlite3_close_v2 (self->handle);
    }
  g_free (self->path);
  if (self->committer != NULL)
    g_thread_pool_free (self->committer, FALSE, TRUE);
  g_clear_pointer (&self->commit_context, g_main_context_unref);
  g_mutex_clear (&self->commit_lock);
  g_cond_clear (&self->commit_cond);

  G_OBJECT_CLASS (kiosk_db_parent_class)->finalize (object);
}

static void
kiosk_db_class_init (KioskDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiosk_db_finalize;
}

static void
kiosk_db_init (KioskDb *self)
{
  g_mutex_init (&self->commit_lock);
  g_cond_init (&self->commit_cond);
}

/* Looks at the file before SQLite does, so that a refusal (not a database,
 * a schema newer than ours) writes nothing, not even a -wal or -shm file.
 * Returns the user_version from the header (0 for an empty file), or -1. */
static int
peek_header (const char *path, GError **error)
{
  guint8 header[SQLITE_HEADER_SIZE] = { 0 };
  guint page_size;
  int fd;
  gssize n = 0;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, KIOSK_DB_ERROR,
                   saved == ENOENT ? KIOSK_DB_ERROR_NOT_FOUND : KIOSK_DB_ERROR_CANT_OPEN,
                   "cannot open database %s: %s", path, g_strerror (saved));
      return -1;
    }
  while (n < SQLITE_HEADER_SIZE)
    {
      gssize r = read (fd, header + n, SQLITE_HEADER_SIZE - n);
      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        {
          int saved = errno;
          close (fd);
          g_set_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_IO, "cannot read database %s: %s",
                       path, g_strerror (saved));
          return -1;
        }
      if (r == 0)
        break;
      n += r;
    }
  close (fd);

  if (n == 0)
    return 0; /* SQLite treats an empty file as an empty database */
  /* The magic, then the fields whose values are fixed by the format: the page
   * size (a power of two from 512 to 65536, 1 meaning 65536) and the payload
   * fractions 64, 32, 32. */
  page_size = ((guint) header[16] << 8) | header[17];
  if (n < SQLITE_HEADER_SIZE || memcmp (header, SQLITE_HEADER_MAGIC, sizeof SQLITE_HEADER_MAGIC)
      || !(page_size == 1 || (page_size >= 512 && (page_size & (page_size - 1)) == 0))
      || header[21] != 64 || header[22] != 32 || header[23] != 32)
    {
      g_set_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_CORRUPT,
                   "%s is not an SQLite database (damaged or a different file)", path);
      return -1;
    }
  return (int) (((guint32) header[SQLITE_USER_VERSION_AT] << 24)
                | ((guint32) header[SQLITE_USER_VERSION_AT + 1] << 16)
                | ((guint32) header[SQLITE_USER_VERSION_AT + 2] << 8)
                | (guint32) header[SQLITE_USER_VERSION_AT + 3])
         & G_MAXINT;
}

/* Creates a missing database file with mode 0600 (and its directory 0700)
 * before SQLite opens it: SQLite would use the umask, and its -wal and -shm
 * files copy the main file's mode. */
static gboolean
create_file (const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR) && g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_CANT_OPEN,
                   "cannot create directory %s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST)
    {
      int saved = errno;
      g_set_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_CANT_OPEN, "cannot create database %s: %s",
                   path, g_strerror (saved));
      return FALSE;
    }
  if (fd >= 0)
    {
      /* O_CREAT's mode is filtered by the umask; 0600 is what we want. */
      fchmod (fd, 0600);
      close (fd);
    }
  return TRUE;
}

static gboolean
validate_migrations (const KioskDbMigration *migrations, gsize n_migrations, GError **error)
{
  gsize i;

  if (n_migrations > 0 && migrations == NULL)
    {
      g_set_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_VERSION, "migration list is NULL");
      return FALSE;
    }
  for (i = 0; i < n_migrations; i++)
    {
      if (migrations[i].version != (int) i + 1
          || (migrations[i].sql == NULL && migrations[i].apply == NULL))
        {
          g_set_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_VERSION,
                       "migration list is broken at entry %" G_GSIZE_FORMAT
                       " (versions must be 1, 2, … with sql or code)",
                       i);
          return FALSE;
        }
    }
  return TRUE;
}

int
kiosk_db_migrations_latest (const KioskDbMigration *migrations, gsize n_migrations)
{
  return n_migrations > 0 && migrations != NULL ? migrations[n_migrations - 1].version : 0;
}

/* Runs a pragma (or any statement) whose first row's first column is text. */
static char *
query_text (KioskDb *self, const char *sql, GError **error)
{
  g_autoptr (KioskDbStmt) stmt = kiosk_db_prepare (self, sql, error);
  KioskDbStep step;

  if (stmt == NULL)
    return NULL;
  step = kiosk_db_stmt_step (stmt, error);
  if (step == KIOSK_DB_STEP_ERROR)
    return NULL;
  if (step == KIOSK_DB_STEP_DONE)
    return g_strdup ("");
  return g_strdup (kiosk_db_stmt_column_text (stmt, 0));
}

static gboolean
configure (KioskDb *self, GError **error)
{
  g_autofree char *mode = NULL;
  g_autofree char *check = NULL;

  sqlite3_extended_result_codes (self->handle, 1);
  sqlite3_busy_timeout (self->handle, KIOSK_DB_BUSY_TIMEOUT_MS);

  /* Reading the schema proves the file is a database before anything else. */
  check = query_text (self, "SELECT count(*) FROM sqlite_schema", error);
  if (check == NULL)
    return FALSE;

  if (!self->read_only && !self->memory)
    {
      mode = query_text (self, "PRAGMA journal_mode=WAL", error);
      if (mode == NULL)
        return FALSE;
      if (g_ascii_strcasecmp (mode, "wal") != 0)
        {
          g_set_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_FAILED,
                       "%s: cannot use write-ahead logging (journal mode stays %s)", self->path,
                       mode);
          return FALSE;
        }
    }
  return kiosk_db_exec (self,
                        "PRAGMA synchronous=FULL;"
                        "PRAGMA foreign_keys=ON;",
                        error);
}

/* A private database in memory, for tests and scratch work: no file, no WAL. */
static KioskDb *
open_memory (KioskDbOpenFlags flags,
             const KioskDbMigration *migrations,
             gsize n_migrations,
             GError **error)
{
  g_autoptr (KioskDb) self = g_object_new (KIOSK_TYPE_DB, NULL);
  int rc;

  self->path = g_strdup (KIOSK_DB_MEMORY);
  self->memory = TRUE;
  rc = sqlite3_open_v2 (KIOSK_DB_MEMORY, &self->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->handle, rc, "cannot open a database in memory");
      return NULL;
    }
  if (!configure (self, error))
    return NULL;
  if (!(flags & (KIOSK_DB_OPEN_NO_MIGRATE | KIOSK_DB_OPEN_READ_ONLY))
      && !kiosk_db_migrate (self, migrations, n_migrations, error))
    return NULL;
  return g_steal_pointer (&self);
}

KioskDb *
kiosk_db_open (const char *path,
               const KioskDbMigration *migrations,
               gsize n_migrations,
               GError **error)
{
  return kiosk_db_open_full (path, KIOSK_DB_OPEN_DEFAULT, migrations, n_migrations, error);
}

KioskDb *
kiosk_db_open_full (const char *path,
                    KioskDbOpenFlags flags,
                    const KioskDbMigration *migrations,
                    gsize n_migrations,
                    GError **error)
{
  g_autoptr (KioskDb) self = NULL;
  g_autoptr (GError) local_error = NULL;
  int latest;
  int header_version;
  int version;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (flags & KIOSK_DB_OPEN_READ_ONLY)
    flags |= KIOSK_DB_OPEN_NO_CREATE | KIOSK_DB_OPEN_NO_MIGRATE;

  if (!validate_migrations (migrations, n_migrations, error))
    return NULL;
  latest = kiosk_db_migrations_latest (migrations, n_migrations);

  if (*path == '\0')
    {
      g_set_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_CANT_OPEN, "empty database path");
      return NULL;
    }
  if (g_str_equal (path, KIOSK_DB_MEMORY))
    return open_memory (flags, migrations, n_migrations, error);
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_CANT_OPEN,
                   "%s is a directory, not a database", path);
      return NULL;
    }
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (flags & KIOSK_DB_OPEN_NO_CREATE)
        {
          g_set_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_NOT_FOUND,
                       "database %s does not exist", path);
          return NULL;
        }
      if (!create_file (path, error))
        return NULL;
    }

  header_version = peek_header (path, error);
  if (header_version < 0)
    return NULL;
  if (n_migrations > 0 && header_version > latest)
    {
      g_set_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_VERSION,
                   "database %s has schema version %d, newer than this program knows (%d); "
                   "it is left untouched",
                   path, header_version, latest);
      return NULL;
    }

  self = g_object_new (KIOSK_TYPE_DB, NULL);
  self->path = g_strdup (path);
  self->read_only = (flags & KIOSK_DB_OPEN_READ_ONLY) != 0;

  rc = sqlite3_open_v2 (path, &self->handle,
                        (self->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE)
                            | SQLITE_OPEN_NOFOLLOW,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *what = g_strdup_printf ("cannot open database %s", path);
      set_sqlite_error (error, self->handle, rc, what);
      return NULL;
    }

  if (!configure (self, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "database %s: ", path);
      return NULL;
    }

  version = kiosk_db_get_user_version (self, error);
  if (version < 0)
    return NULL;
  if (n_migrations > 0 && version > latest)
    {
      g_set_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_VERSION,
                   "database %s has schema version %d, newer than this program knows (%d); "
                   "it is left untouched",
                   path, version, latest);
      return NULL;
    }

  if (!(flags & KIOSK_DB_OPEN_NO_MIGRATE)
      && !kiosk_db_migrate (self, migrations, n_migrations, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
kiosk_db_get_path (KioskDb *db)
{
  g_return_val_if_fail (KIOSK_IS_DB (db), NULL);
  return db->path;
}

void
kiosk_db_set_busy_timeout (KioskDb *db, int timeout_ms)
{
  g_return_if_fail (KIOSK_IS_DB (db));
  sqlite3_busy_timeout (db->handle, MAX (timeout_ms, 0));
}

gboolean
kiosk_db_is_read_only (KioskDb *db)
{
  g_return_val_if_fail (KIOSK_IS_DB (db), TRUE);
  return db->read_only;
}

int
kiosk_db_get_user_version (KioskDb *db, GError **error)
{
  g_autoptr (KioskDbStmt) stmt = NULL;

  g_return_val_if_fail (KIOSK_IS_DB (db), -1);

  stmt = kiosk_db_prepare (db, "PRAGMA user_version", error);
  if (stmt == NULL)
    return -1;
  if (kiosk_db_stmt_step (stmt, error) != KIOSK_DB_STEP_ROW)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_FAILED, "no user_version");
      return -1;
    }
  return (int) CLAMP (kiosk_db_stmt_column_int64 (stmt, 0), 0, G_MAXINT);
}

gboolean
kiosk_db_migrate (KioskDb *db,
                  const KioskDbMigration *migrations,
                  gsize n_migrations,
                  GError **error)
{
  int version;
  int latest;
  gsize i;

  g_return_val_if_fail (KIOSK_IS_DB (db), FALSE);

  if (!validate_migrations (migrations, n_migrations, error))
    return FALSE;
  if (n_migrations == 0)
    return TRUE; /* the caller does not manage a schema */
  latest = kiosk_db_migrations_latest (migrations, n_migrations);
  version = kiosk_db_get_user_version (db, error);
  if (version < 0)
    return FALSE;
  if (version > latest)
    {
      g_set_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_VERSION,
                   "database %s has schema version %d, newer than this program knows (%d); "
                   "it is left untouched",
                   db->path, version, latest);
      return FALSE;
    }
  if (version == latest)
    return TRUE;
  if (db->read_only)
    {
      g_set_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_READ_ONLY,
                   "database %s has schema version %d and needs %d, but is open read-only",
                   db->path, version, latest);
      return FALSE;
    }

  for (i = (gsize) version; i < n_migrations; i++)
    {
      const KioskDbMigration *m = &migrations[i];
      g_autoptr (GError) local_error = NULL;
      g_autofree char *set_version = NULL;
      gboolean ok;

      if (!kiosk_db_begin (db, error))
        return FALSE;
      ok = m->sql == NULL || kiosk_db_exec (db, m->sql, &local_error);
      if (ok && m->apply != NULL)
        ok = m->apply (db, &local_error);
      if (ok)
        {
          set_version = g_strdup_printf ("PRAGMA user_version = %d", m->version);
          ok = kiosk_db_exec (db, set_version, &local_error);
        }
      if (ok)
        ok = kiosk_db_commit (db, &local_error);
      if (!ok)
        {
          kiosk_db_rollback (db);
          if (local_error == NULL)
            g_set_error (&local_error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_FAILED,
                         "the migration failed without saying why");
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      "database %s: migration to version %d (%s): ", db->path,
                                      m->version, m->description ? m->description : "");
          return FALSE;
        }
      g_debug ("%s: migrated to schema version %d (%s)", db->path, m->version,
               m->description ? m->description : "");
    }
  return TRUE;
}

gboolean
kiosk_db_exec (KioskDb *db, const char *sql, GError **error)
{
  char *message = NULL;
  int rc;

  g_return_val_if_fail (KIOSK_IS_DB (db), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  wait_for_commit (db);
  rc = sqlite3_exec (db->handle, sql, NULL, NULL, &message);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, KIOSK_DB_ERROR, error_code_from_sqlite (rc), "%s",
                   message ? message : sqlite3_errstr (rc));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

gboolean
kiosk_db_integrity_check (KioskDb *db, gboolean *ok, char **report, GError **error)
{
  g_autoptr (KioskDbStmt) stmt = NULL;
  g_autoptr (GString) findings = g_string_new (NULL);
  KioskDbStep step;

  g_return_val_if_fail (KIOSK_IS_DB (db), FALSE);

  stmt = kiosk_db_prepare (db, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return FALSE;
  while ((step = kiosk_db_stmt_step (stmt, error)) == KIOSK_DB_STEP_ROW)
    {
      const char *line = kiosk_db_stmt_column_text (stmt, 0);
      if (findings->len > 0)
        g_string_append_c (findings, '\n');
      g_string_append (findings, line ? line : "");
    }
  if (step == KIOSK_DB_STEP_ERROR)
    return FALSE;

  if (ok != NULL)
    *ok = g_str_equal (findings->str, "ok");
  if (report != NULL)
    *report = g_strdup (findings->str);
  return TRUE;
}

/* ---- commits off the main loop ------------------------------------------
 *
 * With a commit context set, COMMIT (the fsync of synchronous=FULL) runs in
 * a worker thread while the calling thread keeps iterating its main context;
 * kiosk_db_commit() returns only when the commit is durable, as before. The
 * connection is used by one thread at a time: whatever reaches the
 * connection from the waiting thread (a callback the main loop dispatched
 * meanwhile) first waits for the commit to end. */

static gboolean
commit_in_flight (KioskDb *db)
{
  gboolean committing;

  g_mutex_lock (&db->commit_lock);
  committing = db->committing;
  g_mutex_unlock (&db->commit_lock);
  return committing;
}

/* Blocks until no commit is in flight: called before any use of the
 * connection. Only a callback dispatched while its own thread waits for a
 * commit ever waits here (for the rest of that commit). */
static void
wait_for_commit (KioskDb *db)
{
  if (db->committer == NULL)
    return;
  g_mutex_lock (&db->commit_lock);
  while (db->committing)
    g_cond_wait (&db->commit_cond, &db->commit_lock);
  g_mutex_unlock (&db->commit_lock);
}

typedef struct
{
  int rc;
  char *message; /* sqlite3_malloc'd */
} CommitJob;

static void
committer_run (gpointer data, gpointer user_data)
{
  CommitJob *job = data;
  KioskDb *db = user_data;
  GMainContext *context;

  job->rc = sqlite3_exec (db->handle, "COMMIT", NULL, NULL, &job->message);
  g_mutex_lock (&db->commit_lock);
  db->committing = FALSE;
  context = db->commit_context;
  g_cond_broadcast (&db->commit_cond);
  g_mutex_unlock (&db->commit_lock);
  if (context != NULL)
    g_main_context_wakeup (context);
}

void
kiosk_db_set_commit_context (KioskDb *db, GMainContext *context)
{
  g_return_if_fail (KIOSK_IS_DB (db));

  wait_for_commit (db);
  if (context != NULL && db->committer == NULL)
    {
      if (!sqlite3_threadsafe ())
        {
          g_debug ("%s: SQLite is built without threads; commits stay on the caller", db->path);
          return;
        }
      db->committer = g_thread_pool_new (committer_run, db, 1, FALSE, NULL);
    }
  g_mutex_lock (&db->commit_lock);
  g_clear_pointer (&db->commit_context, g_main_context_unref);
  db->commit_context = context != NULL ? g_main_context_ref (context) : NULL;
  db->commit_owner = context != NULL ? g_thread_self () : NULL;
  g_mutex_unlock (&db->commit_lock);
}

/* COMMIT in the committer thread, iterating the commit context until it is
 * done. FALSE (nothing done) when this thread cannot wait that way. */
static gboolean
commit_offloaded (KioskDb *db, int *rc, char **message)
{
  CommitJob job = { SQLITE_OK, NULL };
  GMainContext *context = db->commit_context;

  if (db->committer == NULL || context == NULL || db->commit_owner != g_thread_self ()
      || !g_main_context_acquire (context))
    return FALSE;

  g_object_ref (db);
  g_main_context_ref (context);
  g_mutex_lock (&db->commit_lock);
  db->committing = TRUE;
  g_mutex_unlock (&db->commit_lock);
  g_thread_pool_push (db->committer, &job, NULL);
  while (commit_in_flight (db))
    g_main_context_iteration (context, TRUE);
  g_main_context_release (context);
  g_main_context_unref (context);
  *rc = job.rc;
  *message = job.message;
  g_object_unref (db);
  return TRUE;
}

static gboolean
commit_now (KioskDb *db, GError **error)
{
  char *message = NULL;
  int rc;

  if (!commit_offloaded (db, &rc, &message))
    return kiosk_db_exec (db, "COMMIT", error);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, KIOSK_DB_ERROR, error_code_from_sqlite (rc), "%s",
                   message ? message : sqlite3_errstr (rc));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

gboolean
kiosk_db_in_transaction (KioskDb *db)
{
  g_return_val_if_fail (KIOSK_IS_DB (db), FALSE);
  /* A transaction being committed is not over yet. */
  if (db->committer != NULL && commit_in_flight (db))
    return TRUE;
  return !sqlite3_get_autocommit (db->handle);
}

gboolean
kiosk_db_begin (KioskDb *db, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_DB (db), FALSE);

  wait_for_commit (db);
  if (kiosk_db_in_transaction (db))
    {
      g_set_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_MISUSE,
                   "a transaction is already open on %s", db->path);
      return FALSE;
    }
  /* A read-only connection cannot take the write lock. */
  return kiosk_db_exec (db, db->read_only ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE", error);
}

gboolean
kiosk_db_commit (KioskDb *db, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_DB (db), FALSE);

  if (!kiosk_db_in_transaction (db))
    {
      g_set_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_MISUSE, "no transaction is open on %s",
                   db->path);
      return FALSE;
    }
  return commit_now (db, error);
}

void
kiosk_db_rollback (KioskDb *db)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (KIOSK_IS_DB (db));

  if (!kiosk_db_in_transaction (db))
    return;
  if (!kiosk_db_exec (db, "ROLLBACK", &error))
    g_debug ("%s: rollback: %s", db->path, error->message);
  db->savepoint_depth = 0;
}

gboolean
kiosk_db_transaction (KioskDb *db, KioskDbTransactionFunc func, gpointer user_data, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *savepoint = NULL;
  gboolean ok;

  g_return_val_if_fail (KIOSK_IS_DB (db), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  wait_for_commit (db);
  if (kiosk_db_in_transaction (db))
    {
      savepoint = g_strdup_printf ("SAVEPOINT kiosk_sp_%u", ++db->savepoint_depth);
      if (!kiosk_db_exec (db, savepoint, error))
        {
          db->savepoint_depth--;
          return FALSE;
        }
    }
  else if (!kiosk_db_begin (db, error))
    return FALSE;

  ok = func (db, user_data, &local_error);
  if (!ok && local_error == NULL)
    g_set_error (&local_error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_FAILED,
                 "the transaction failed without saying why");

  if (savepoint != NULL)
    {
      g_autofree char *release = g_strdup_printf ("RELEASE kiosk_sp_%u", db->savepoint_depth);
      if (!ok)
        {
          g_autofree char *rollback_to
              = g_strdup_printf ("ROLLBACK TO kiosk_sp_%u", db->savepoint_depth);
          kiosk_db_exec (db, rollback_to, NULL);
        }
      if (ok)
        ok = kiosk_db_exec (db, release, &local_error);
      else
        kiosk_db_exec (db, release, NULL);
      db->savepoint_depth--;
    }
  else if (ok)
    {
      ok = kiosk_db_commit (db, &local_error);
      if (!ok)
        kiosk_db_rollback (db);
    }
  else
    kiosk_db_rollback (db);

  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}

gint64
kiosk_db_last_insert_rowid (KioskDb *db)
{
  g_return_val_if_fail (KIOSK_IS_DB (db), 0);
  return sqlite3_last_insert_rowid (db->handle);
}

gint64
kiosk_db_changes (KioskDb *db)
{
  g_return_val_if_fail (KIOSK_IS_DB (db), 0);
  return sqlite3_changes64 (db->handle);
}

/* Statements */

KioskDbStmt *
kiosk_db_prepare (KioskDb *db, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  const char *tail = NULL;
  KioskDbStmt *self;
  int rc;

  g_return_val_if_fail (KIOSK_IS_DB (db), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  wait_for_commit (db);
  rc = sqlite3_prepare_v2 (db->handle, sql, -1, &stmt, &tail);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, db->handle, rc, "cannot prepare statement");
      sqlite3_finalize (stmt);
      return NULL;
    }
  if (stmt == NULL)
    {
      g_set_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_SQL, "the statement is empty");
      return NULL;
    }
  while (tail != NULL && g_ascii_isspace (*tail))
    tail++;
  if (tail != NULL && *tail != '\0' && !(tail[0] == ';' && tail[1] == '\0'))
    {
      g_set_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_SQL,
                   "more than one statement given to prepare (use kiosk_db_exec)");
      sqlite3_finalize (stmt);
      return NULL;
    }

  self = g_new0 (KioskDbStmt, 1);
  self->db = g_object_ref (db);
  self->stmt = stmt;
  return self;
}

void
kiosk_db_stmt_free (KioskDbStmt *stmt)
{
  if (stmt == NULL)
    return;
  sqlite3_finalize (stmt->stmt);
  g_clear_error (&stmt->bind_error);
  g_object_unref (stmt->db);
  g_free (stmt);
}

static void
check_bind (KioskDbStmt *stmt, int index, int rc)
{
  if (rc != SQLITE_OK && stmt->bind_error == NULL)
    {
      g_autofree char *what = g_strdup_printf ("cannot bind parameter %d", index);
      set_sqlite_error (&stmt->bind_error, stmt->db->handle, rc, what);
    }
}

void
kiosk_db_stmt_bind_text (KioskDbStmt *stmt, int index, const char *value)
{
  g_return_if_fail (stmt != NULL);

  if (value == NULL)
    {
      kiosk_db_stmt_bind_null (stmt, index);
      return;
    }
  if (!g_utf8_validate (value, -1, NULL))
    {
      if (stmt->bind_error == NULL)
        g_set_error (&stmt->bind_error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_MISUSE,
                     "parameter %d is not valid UTF-8 text", index);
      return;
    }
  check_bind (stmt, index, sqlite3_bind_text (stmt->stmt, index, value, -1, SQLITE_TRANSIENT));
}

void
kiosk_db_stmt_bind_int64 (KioskDbStmt *stmt, int index, gint64 value)
{
  g_return_if_fail (stmt != NULL);
  check_bind (stmt, index, sqlite3_bind_int64 (stmt->stmt, index, value));
}

void
kiosk_db_stmt_bind_blob (KioskDbStmt *stmt, int index, GBytes *bytes)
{
  gconstpointer data;
  gsize size;

  g_return_if_fail (stmt != NULL);

  if (bytes == NULL)
    {
      kiosk_db_stmt_bind_null (stmt, index);
      return;
    }
  data = g_bytes_get_data (bytes, &size);
  if (size == 0)
    check_bind (stmt, index, sqlite3_bind_zeroblob (stmt->stmt, index, 0));
  else
    check_bind (stmt, index, sqlite3_bind_blob64 (stmt->stmt, index, data, size, SQLITE_TRANSIENT));
}

void
kiosk_db_stmt_bind_null (KioskDbStmt *stmt, int index)
{
  g_return_if_fail (stmt != NULL);
  check_bind (stmt, index, sqlite3_bind_null (stmt->stmt, index));
}

int
kiosk_db_stmt_parameter_index (KioskDbStmt *stmt, const char *name)
{
  g_return_val_if_fail (stmt != NULL, 0);
  g_return_val_if_fail (name != NULL, 0);
  return sqlite3_bind_parameter_index (stmt->stmt, name);
}

KioskDbStep
kiosk_db_stmt_step (KioskDbStmt *stmt, GError **error)
{
  int rc;

  g_return_val_if_fail (stmt != NULL, KIOSK_DB_STEP_ERROR);

  if (stmt->bind_error != NULL)
    {
      g_propagate_error (error, g_error_copy (stmt->bind_error));
      return KIOSK_DB_STEP_ERROR;
    }
  wait_for_commit (stmt->db);
  rc = sqlite3_step (stmt->stmt);
  if (rc == SQLITE_ROW)
    return KIOSK_DB_STEP_ROW;
  if (rc == SQLITE_DONE)
    return KIOSK_DB_STEP_DONE;
  set_sqlite_error (error, stmt->db->handle, rc, "statement failed");
  return KIOSK_DB_STEP_ERROR;
}

gboolean
kiosk_db_stmt_run (KioskDbStmt *stmt, GError **error)
{
  switch (kiosk_db_stmt_step (stmt, error))
    {
      case KIOSK_DB_STEP_DONE:
        return TRUE;
      case KIOSK_DB_STEP_ROW:
        g_set_error (error, KIOSK_DB_ERROR, KIOSK_DB_ERROR_MISUSE,
                     "statement returned rows where none were expected: %s",
                     sqlite3_sql (stmt->stmt));
        sqlite3_reset (stmt->stmt);
        return FALSE;
      case KIOSK_DB_STEP_ERROR:
      default:
        return FALSE;
    }
}

void
kiosk_db_stmt_reset (KioskDbStmt *stmt, gboolean clear_bindings)
{
  g_return_if_fail (stmt != NULL);

  sqlite3_reset (stmt->stmt);
  if (clear_bindings)
    sqlite3_clear_bindings (stmt->stmt);
  g_clear_error (&stmt->bind_error);
}

static gboolean
column_ok (KioskDbStmt *stmt, int column)
{
  return column >= 0 && column < sqlite3_data_count (stmt->stmt);
}

int
kiosk_db_stmt_column_count (KioskDbStmt *stmt)
{
  g_return_val_if_fail (stmt != NULL, 0);
  return sqlite3_column_count (stmt->stmt);
}

const char *
kiosk_db_stmt_column_name (KioskDbStmt *stmt, int column)
{
  g_return_val_if_fail (stmt != NULL, NULL);
  g_return_val_if_fail (column >= 0 && column < sqlite3_column_count (stmt->stmt), NULL);
  return sqlite3_column_name (stmt->stmt, column);
}

gboolean
kiosk_db_stmt_column_is_null (KioskDbStmt *stmt, int column)
{
  g_return_val_if_fail (stmt != NULL, TRUE);
  g_return_val_if_fail (column_ok (stmt, column), TRUE);
  return sqlite3_column_type (stmt->stmt, column) == SQLITE_NULL;
}

gint64
kiosk_db_stmt_column_int64 (KioskDbStmt *stmt, int column)
{
  g_return_val_if_fail (stmt != NULL, 0);
  g_return_val_if_fail (column_ok (stmt, column), 0);
  return sqlite3_column_int64 (stmt->stmt, column);
}

const char *
kiosk_db_stmt_column_text (KioskDbStmt *stmt, int column)
{
  g_return_val_if_fail (stmt != NULL, NULL);
  g_return_val_if_fail (column_ok (stmt, column), NULL);
  return (const char *) sqlite3_column_text (stmt->stmt, column);
}

char *
kiosk_db_stmt_dup_column_text (KioskDbStmt *stmt, int column)
{
  return g_strdup (kiosk_db_stmt_column_text (stmt, column));
}

GBytes *
kiosk_db_stmt_dup_column_blob (KioskDbStmt *stmt, int column)
{
  const void *data;
  int size;

  g_return_val_if_fail (stmt != NULL, NULL);
  g_return_val_if_fail (column_ok (stmt, column), NULL);

  if (sqlite3_column_type (stmt->stmt, column) == SQLITE_NULL)
    return NULL;
  data = sqlite3_column_blob (stmt->stmt, column);
  size = sqlite3_column_bytes (stmt->stmt, column);
  return g_bytes_new (data, size);
}
