/* kiosk-db.h — a thin, safe wrapper around one SQLite database file
 *
 * The only code that includes sqlite3.h is kiosk-db.c. Everything that keeps
 * state in SQLite (the kiosk store, the embedded center simulator) goes
 * through this API, so every database is opened the same way:
 *
 *   - journal_mode=WAL, synchronous=FULL (a committed transaction survives a
 *     power cut), foreign_keys=ON, a busy timeout;
 *   - the file is created with mode 0600 and a missing directory with 0700;
 *   - the schema version lives in PRAGMA user_version and is moved forward by
 *     a caller-supplied list of migrations, each in its own transaction, so a
 *     crash mid-migration leaves the previous version intact;
 *   - a database newer than the program is refused, never downgraded.
 *
 * Errors are in KIOSK_DB_ERROR and carry SQLite's own message. A file that is
 * not a database (or is damaged) gives KIOSK_DB_ERROR_CORRUPT, never a crash.
 *
 * Statements (KioskDbStmt) are prepared, bound, stepped and freed; use
 * g_autoptr (KioskDbStmt). Binding and column indices follow SQLite: bind
 * parameters count from 1, result columns from 0. A failed bind is sticky: it
 * is reported by the next step, so callers may bind without checking each call.
 *
 * All calls are synchronous: they touch a local disk and are meant for short
 * transactions. A KioskDb is used from one thread at a time.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KIOSK_DB_ERROR (kiosk_db_error_quark ())
GQuark kiosk_db_error_quark (void);

typedef enum
{
  KIOSK_DB_ERROR_FAILED,     /* any other SQLite failure (message included) */
  KIOSK_DB_ERROR_NOT_FOUND,  /* the file does not exist and creating it was not allowed */
  KIOSK_DB_ERROR_CANT_OPEN,  /* permissions, a directory, an unreachable path */
  KIOSK_DB_ERROR_CORRUPT,    /* not a database, or a damaged one */
  KIOSK_DB_ERROR_BUSY,       /* locked by another connection past the busy timeout */
  KIOSK_DB_ERROR_READ_ONLY,  /* a write on a read-only connection or file */
  KIOSK_DB_ERROR_SQL,        /* the statement itself is wrong (syntax, unknown table) */
  KIOSK_DB_ERROR_CONSTRAINT, /* UNIQUE, FOREIGN KEY, CHECK, NOT NULL or a RAISE() in a trigger */
  KIOSK_DB_ERROR_MISUSE,     /* a wrong bind index, a transaction call out of order */
  KIOSK_DB_ERROR_VERSION,    /* schema newer than this program, or a bad migration list */
  KIOSK_DB_ERROR_IO,         /* disk full, I/O error */
} KioskDbError;

typedef enum
{
  KIOSK_DB_OPEN_DEFAULT = 0,         /* create if missing, migrate to the latest version */
  KIOSK_DB_OPEN_NO_CREATE = 1 << 0,  /* a missing file is KIOSK_DB_ERROR_NOT_FOUND */
  KIOSK_DB_OPEN_NO_MIGRATE = 1 << 1, /* leave the schema as found (still refuses a newer one) */
  KIOSK_DB_OPEN_READ_ONLY = 1 << 2,  /* implies NO_CREATE and NO_MIGRATE; the database is
                                      * never written (SQLite may still create its -wal and
                                      * -shm companions, which hold no data of ours) */
} KioskDbOpenFlags;

#define KIOSK_TYPE_DB (kiosk_db_get_type ())
G_DECLARE_FINAL_TYPE (KioskDb, kiosk_db, KIOSK, DB, GObject)

/* One forward step of a schema. `version` is the user_version after the step;
 * a list holds versions 1, 2, … N in order, with no gap. The step is either
 * `sql` (one or more statements) or `apply` (code, for data conversions), or
 * both (sql first). It runs inside a transaction together with the update of
 * user_version. */
typedef struct
{
  int version;
  const char *description;
  const char *sql;
  gboolean (*apply) (KioskDb *db, GError **error);
} KioskDbMigration;

#define KIOSK_DB_BUSY_TIMEOUT_MS 5000

/* The path of a private, empty database in memory (no file, no WAL): for
 * tests and scratch work. KIOSK_DB_OPEN_READ_ONLY has no meaning for it. */
#define KIOSK_DB_MEMORY ":memory:"

/* Opens (creating if needed) and migrates to the last version of
 * `migrations` (which may be NULL with n_migrations 0). */
KioskDb *kiosk_db_open (const char *path,
                        const KioskDbMigration *migrations,
                        gsize n_migrations,
                        GError **error);
KioskDb *kiosk_db_open_full (const char *path,
                             KioskDbOpenFlags flags,
                             const KioskDbMigration *migrations,
                             gsize n_migrations,
                             GError **error);

const char *kiosk_db_get_path (KioskDb *db);
/* Changes the busy timeout (KIOSK_DB_BUSY_TIMEOUT_MS after open). */
void kiosk_db_set_busy_timeout (KioskDb *db, int timeout_ms);
gboolean kiosk_db_is_read_only (KioskDb *db);

/* PRAGMA user_version, or -1 with `error` set. */
int kiosk_db_get_user_version (KioskDb *db, GError **error);
/* The latest version of a migration list (0 for an empty list). */
int kiosk_db_migrations_latest (const KioskDbMigration *migrations, gsize n_migrations);
/* Applies the steps after the current user_version, each in one transaction.
 * Refuses (KIOSK_DB_ERROR_VERSION) a database newer than the list. */
gboolean kiosk_db_migrate (KioskDb *db,
                           const KioskDbMigration *migrations,
                           gsize n_migrations,
                           GError **error);

/* Runs one or more statements that return no rows (no parameters). */
gboolean kiosk_db_exec (KioskDb *db, const char *sql, GError **error);

/* PRAGMA integrity_check. Returns TRUE when the database answered; *ok is
 * TRUE when the answer was "ok", else *report holds SQLite's findings. */
gboolean kiosk_db_integrity_check (KioskDb *db, gboolean *ok, char **report, GError **error);

/* Transactions. begin is BEGIN IMMEDIATE (takes the write lock now, so a
 * busy database fails here rather than halfway through). */
gboolean kiosk_db_begin (KioskDb *db, GError **error);
gboolean kiosk_db_commit (KioskDb *db, GError **error);
/* Never fails visibly: a rollback with no transaction open is a no-op. */
void kiosk_db_rollback (KioskDb *db);
gboolean kiosk_db_in_transaction (KioskDb *db);

/* Commits that do not block a main loop. With `context` set (NULL: unset),
 * a COMMIT asked for by the thread that called this runs in a worker thread
 * while that thread keeps iterating `context`, so the loop goes on (a touch
 * is handled, a frame drawn) during the fsync. The call still returns only
 * once the commit is durable (synchronous=FULL), so "journal before act"
 * holds for the caller. Whatever a callback dispatched meanwhile asks of the
 * connection waits for the commit to end first. Other threads, and any
 * thread while `context` is owned elsewhere, commit on the spot. */
void kiosk_db_set_commit_context (KioskDb *db, GMainContext *context);

/* Runs `func` in a transaction: commits when it returns TRUE, rolls back when
 * it returns FALSE (it must then set `error`). Nested calls use a SAVEPOINT,
 * so an inner failure rolls back only the inner part. */
typedef gboolean (*KioskDbTransactionFunc) (KioskDb *db, gpointer user_data, GError **error);
gboolean
kiosk_db_transaction (KioskDb *db, KioskDbTransactionFunc func, gpointer user_data, GError **error);

gint64 kiosk_db_last_insert_rowid (KioskDb *db);
/* Rows changed by the last INSERT, UPDATE or DELETE. */
gint64 kiosk_db_changes (KioskDb *db);

/* Prepared statements. */
typedef struct _KioskDbStmt KioskDbStmt;

typedef enum
{
  KIOSK_DB_STEP_ERROR = -1,
  KIOSK_DB_STEP_DONE = 0,
  KIOSK_DB_STEP_ROW = 1,
} KioskDbStep;

/* Prepares exactly one statement; trailing SQL after it is an error. */
KioskDbStmt *kiosk_db_prepare (KioskDb *db, const char *sql, GError **error);
void kiosk_db_stmt_free (KioskDbStmt *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskDbStmt, kiosk_db_stmt_free)

/* A NULL text binds SQL NULL. Text is copied. */
void kiosk_db_stmt_bind_text (KioskDbStmt *stmt, int index, const char *value);
void kiosk_db_stmt_bind_int64 (KioskDbStmt *stmt, int index, gint64 value);
/* A NULL `bytes` binds SQL NULL; an empty one binds a zero-length blob. */
void kiosk_db_stmt_bind_blob (KioskDbStmt *stmt, int index, GBytes *bytes);
void kiosk_db_stmt_bind_null (KioskDbStmt *stmt, int index);
/* The index of a named parameter (":name"), or 0 if there is none. */
int kiosk_db_stmt_parameter_index (KioskDbStmt *stmt, const char *name);

KioskDbStep kiosk_db_stmt_step (KioskDbStmt *stmt, GError **error);
/* Steps a statement that must return no rows (INSERT, UPDATE, …). */
gboolean kiosk_db_stmt_run (KioskDbStmt *stmt, GError **error);
/* Makes the statement ready to step again; with `clear_bindings`, all
 * parameters go back to NULL. Clears a sticky bind error. */
void kiosk_db_stmt_reset (KioskDbStmt *stmt, gboolean clear_bindings);

/* Columns of the current row (after KIOSK_DB_STEP_ROW). */
int kiosk_db_stmt_column_count (KioskDbStmt *stmt);
const char *kiosk_db_stmt_column_name (KioskDbStmt *stmt, int column);
gboolean kiosk_db_stmt_column_is_null (KioskDbStmt *stmt, int column);
gint64 kiosk_db_stmt_column_int64 (KioskDbStmt *stmt, int column);
/* Valid until the next step, reset or free; NULL for SQL NULL. */
const char *kiosk_db_stmt_column_text (KioskDbStmt *stmt, int column);
char *kiosk_db_stmt_dup_column_text (KioskDbStmt *stmt, int column);
/* NULL for SQL NULL. */
GBytes *kiosk_db_stmt_dup_column_blob (KioskDbStmt *stmt, int column);

G_END_DECLS
