/* kiosk-store.c — KioskStore: the schema, its migrations, opening, settings
 *
 * The other concerns live beside this file: kiosk-store-journal.c,
 * kiosk-store-stock.c, kiosk-store-audit.c, kiosk-store-retention.c.
 */
#define G_LOG_DOMAIN "kiosk-store"

#include "config.h"

#include <string.h>

#include "kiosk-mask.h"
#include "kiosk-store-private.h"

G_DEFINE_QUARK (kiosk_store_error, kiosk_store_error)

G_DEFINE_FINAL_TYPE (KioskStore, kiosk_store, G_TYPE_OBJECT)

/* ---- Schema ------------------------------------------------------------
 *
 * A released version is never edited: a change is a new version appended to
 * the list, and tests/store/test-store-migrations.c builds every earlier
 * version from this list and migrates it forward.
 */

/* v1: the session journal and the blank-card stock. */
static const char schema_v1[]
    = "CREATE TABLE sessions ("
      "  id INTEGER PRIMARY KEY,"
      "  uuid TEXT NOT NULL UNIQUE,"
      "  service TEXT NOT NULL,"
      "  kiosk_id TEXT NOT NULL,"
      "  started INTEGER NOT NULL,"
      "  finished INTEGER,"
      "  outcome TEXT,"
      "  subject_masked TEXT,"
      "  id_number TEXT,"
      "  name TEXT,"
      "  CHECK ((finished IS NULL) = (outcome IS NULL))"
      ");"
      "CREATE INDEX sessions_open ON sessions (id) WHERE finished IS NULL;"
      "CREATE INDEX sessions_started ON sessions (started);"
      "CREATE TRIGGER sessions_no_delete BEFORE DELETE ON sessions BEGIN"
      "  SELECT RAISE (ABORT, 'journal sessions are never deleted');"
      "END;"
      "CREATE TRIGGER sessions_fixed BEFORE UPDATE OF id, uuid, service, kiosk_id, started"
      "  ON sessions BEGIN"
      "  SELECT RAISE (ABORT, 'a session keeps its identity');"
      "END;"
      "CREATE TRIGGER sessions_closed_once BEFORE UPDATE OF finished, outcome ON sessions"
      "  WHEN OLD.finished IS NOT NULL BEGIN"
      "  SELECT RAISE (ABORT, 'a closed session stays closed');"
      "END;"

      "CREATE TABLE steps ("
      "  id INTEGER PRIMARY KEY,"
      "  session_id INTEGER NOT NULL REFERENCES sessions (id),"
      "  seq INTEGER NOT NULL CHECK (seq > 0),"
      "  step TEXT NOT NULL,"
      "  phase TEXT NOT NULL CHECK (phase IN ('intent', 'outcome')),"
      "  idem_key TEXT,"
      "  payload TEXT CHECK (payload IS NULL OR json_valid (payload)),"
      "  result TEXT,"
      "  time INTEGER NOT NULL,"
      "  UNIQUE (session_id, seq)"
      ");"
      "CREATE TRIGGER steps_no_delete BEFORE DELETE ON steps BEGIN"
      "  SELECT RAISE (ABORT, 'journal entries are never deleted');"
      "END;"
      "CREATE TRIGGER steps_no_rewrite BEFORE UPDATE OF id, session_id, seq, step, phase,"
      "  idem_key, result, time ON steps BEGIN"
      "  SELECT RAISE (ABORT, 'journal entries are never rewritten');"
      "END;"
      "CREATE TRIGGER steps_payload_only_cleared BEFORE UPDATE OF payload ON steps"
      "  WHEN NEW.payload IS NOT NULL BEGIN"
      "  SELECT RAISE (ABORT, 'a journal payload can only be cleared');"
      "END;"

      "CREATE TABLE stock_batches ("
      "  id INTEGER PRIMARY KEY,"
      "  first_serial TEXT NOT NULL,"
      "  count INTEGER NOT NULL CHECK (count > 0),"
      "  loaded INTEGER NOT NULL,"
      "  actor TEXT NOT NULL"
      ");"
      "CREATE TABLE cards ("
      "  serial TEXT PRIMARY KEY,"
      "  batch_id INTEGER NOT NULL REFERENCES stock_batches (id),"
      "  state TEXT NOT NULL CHECK (state IN"
      "    ('in_stock', 'in_machine', 'issued', 'spoiled', 'uncertain')),"
      "  session_id INTEGER REFERENCES sessions (id),"
      "  reason TEXT,"
      "  updated INTEGER NOT NULL,"
      "  CHECK (state = 'in_stock' OR session_id IS NOT NULL),"
      "  CHECK (state NOT IN ('spoiled', 'uncertain') OR reason IS NOT NULL)"
      ");"
      "CREATE INDEX cards_by_state ON cards (state, batch_id, serial);"
      "CREATE TABLE card_events ("
      "  id INTEGER PRIMARY KEY,"
      "  serial TEXT NOT NULL REFERENCES cards (serial),"
      "  time INTEGER NOT NULL,"
      "  from_state TEXT,"
      "  to_state TEXT NOT NULL,"
      "  session_id INTEGER REFERENCES sessions (id),"
      "  reason TEXT"
      ");"
      "CREATE INDEX card_events_by_serial ON card_events (serial);"
      "CREATE TRIGGER cards_no_delete BEFORE DELETE ON cards BEGIN"
      "  SELECT RAISE (ABORT, 'a blank card is never deleted: mark it spoiled with a reason');"
      "END;"
      "CREATE TRIGGER cards_fixed BEFORE UPDATE OF serial, batch_id ON cards BEGIN"
      "  SELECT RAISE (ABORT, 'a card keeps its serial and batch');"
      "END;"
      "CREATE TRIGGER cards_transition BEFORE UPDATE OF state ON cards WHEN NOT ("
      "     (OLD.state = 'in_stock' AND NEW.state = 'in_machine')"
      "  OR (OLD.state = 'in_machine' AND NEW.state IN ('issued', 'spoiled', 'uncertain'))"
      "  OR (OLD.state = 'uncertain' AND NEW.state IN ('issued', 'spoiled'))) BEGIN"
      "  SELECT RAISE (ABORT, 'this change of card state is not allowed');"
      "END;"
      "CREATE TRIGGER cards_history_insert AFTER INSERT ON cards BEGIN"
      "  INSERT INTO card_events (serial, time, from_state, to_state, session_id, reason)"
      "  VALUES (NEW.serial, NEW.updated, NULL, NEW.state, NEW.session_id, NEW.reason);"
      "END;"
      "CREATE TRIGGER cards_history_update AFTER UPDATE OF state ON cards BEGIN"
      "  INSERT INTO card_events (serial, time, from_state, to_state, session_id, reason)"
      "  VALUES (NEW.serial, NEW.updated, OLD.state, NEW.state, NEW.session_id, NEW.reason);"
      "END;"
      "CREATE TRIGGER card_events_no_delete BEFORE DELETE ON card_events BEGIN"
      "  SELECT RAISE (ABORT, 'card history is never deleted');"
      "END;"
      "CREATE TRIGGER card_events_no_update BEFORE UPDATE ON card_events BEGIN"
      "  SELECT RAISE (ABORT, 'card history is never rewritten');"
      "END;";

/* v2: the hash-chained audit log and settings. */
static const char schema_v2[]
    = "CREATE TABLE audit ("
      "  seq INTEGER PRIMARY KEY CHECK (seq > 0),"
      "  time INTEGER NOT NULL,"
      "  actor TEXT NOT NULL,"
      "  action TEXT NOT NULL,"
      "  detail TEXT NOT NULL,"
      "  prev_hash TEXT NOT NULL,"
      "  hash TEXT NOT NULL"
      ");"
      /* The head of the chain, so that a deleted last entry is noticed. */
      "CREATE TABLE audit_head ("
      "  id INTEGER PRIMARY KEY CHECK (id = 1),"
      "  seq INTEGER NOT NULL,"
      "  hash TEXT NOT NULL"
      ");"
      "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN"
      "  SELECT RAISE (ABORT, 'audit entries are never changed');"
      "END;"
      "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN"
      "  SELECT RAISE (ABORT, 'audit entries are never deleted');"
      "END;"
      "CREATE TABLE settings ("
      "  key TEXT PRIMARY KEY,"
      "  value TEXT NOT NULL,"
      "  updated INTEGER NOT NULL"
      ");";

/* v3: retention. More personal fields (phone, photo file), when a session's
 * personal data was purged, and an index for the purge. */
static const char schema_v3[] = "ALTER TABLE sessions ADD COLUMN phone TEXT;"
                                "ALTER TABLE sessions ADD COLUMN photo TEXT;"
                                "ALTER TABLE sessions ADD COLUMN purged INTEGER;"
                                "CREATE INDEX sessions_to_purge ON sessions (finished)"
                                "  WHERE purged IS NULL AND finished IS NOT NULL;";

/* v1 let a session carry an ID number or name without its masked subject;
 * since v3 every session with personal data has one, so the journal can
 * always be shown without the raw fields. */
static gboolean
backfill_subjects (KioskDb *db, GError **error)
{
  g_autoptr (KioskDbStmt) select = NULL;
  g_autoptr (KioskDbStmt) update = NULL;
  KioskDbStep step;

  select = kiosk_db_prepare (db,
                             "SELECT id, id_number, name FROM sessions"
                             " WHERE subject_masked IS NULL"
                             "   AND (id_number IS NOT NULL OR name IS NOT NULL)",
                             error);
  update = kiosk_db_prepare (db, "UPDATE sessions SET subject_masked = ? WHERE id = ?", error);
  if (select == NULL || update == NULL)
    return FALSE;

  while ((step = kiosk_db_stmt_step (select, error)) == KIOSK_DB_STEP_ROW)
    {
      g_autofree char *subject = kiosk_store_format_subject (kiosk_db_stmt_column_text (select, 1),
                                                             kiosk_db_stmt_column_text (select, 2));
      kiosk_db_stmt_reset (update, TRUE);
      kiosk_db_stmt_bind_text (update, 1, subject);
      kiosk_db_stmt_bind_int64 (update, 2, kiosk_db_stmt_column_int64 (select, 0));
      if (!kiosk_db_stmt_run (update, error))
        return FALSE;
    }
  return step == KIOSK_DB_STEP_DONE;
}

static const KioskDbMigration migrations[] = {
  { 1, "journal and card stock", schema_v1, NULL },
  { 2, "audit log and settings", schema_v2, NULL },
  { 3, "retention of personal data", schema_v3, backfill_subjects },
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == KIOSK_STORE_SCHEMA_VERSION);

const KioskDbMigration *
kiosk_store_migrations (gsize *n_migrations)
{
  if (n_migrations != NULL)
    *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}

/* The one way a session's subject is shown: masked ID number, masked name. */
char *
kiosk_store_format_subject (const char *id_number, const char *name)
{
  g_autofree char *id
      = id_number && *id_number ? kiosk_mask (KIOSK_MASK_ID_NUMBER, id_number) : NULL;
  g_autofree char *who = name && *name ? kiosk_mask (KIOSK_MASK_NAME, name) : NULL;

  if (id != NULL && who != NULL)
    return g_strdup_printf ("%s %s", id, who);
  if (id != NULL)
    return g_steal_pointer (&id);
  return g_steal_pointer (&who);
}

/* ---- Object ------------------------------------------------------------ */

static void
kiosk_store_finalize (GObject *object)
{
  KioskStore *self = KIOSK_STORE (object);

  g_clear_object (&self->db);
  g_free (self->photo_dir);
  g_free (self->kiosk_id);

  G_OBJECT_CLASS (kiosk_store_parent_class)->finalize (object);
}

static void
kiosk_store_class_init (KioskStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiosk_store_finalize;
}

static void
kiosk_store_init (KioskStore *self)
{
}

KioskStore *
kiosk_store_open (const char *path, const char *photo_dir, const char *kiosk_id, GError **error)
{
  return kiosk_store_open_full (path, KIOSK_DB_OPEN_DEFAULT, photo_dir, kiosk_id, error);
}

KioskStore *
kiosk_store_open_full (const char *path,
                       KioskDbOpenFlags flags,
                       const char *photo_dir,
                       const char *kiosk_id,
                       GError **error)
{
  g_autoptr (KioskStore) self = NULL;
  g_autoptr (KioskDb) db = NULL;
  int version;

  g_return_val_if_fail (path != NULL, NULL);

  db = kiosk_db_open_full (path, flags, migrations, G_N_ELEMENTS (migrations), error);
  if (db == NULL)
    return NULL;
  version = kiosk_db_get_user_version (db, error);
  if (version < 0)
    return NULL;
  if (version != KIOSK_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_SCHEMA,
                   "database %s has schema version %d; this program uses %d "
                   "(run `kioskctl db migrate`)",
                   path, version, KIOSK_STORE_SCHEMA_VERSION);
      return NULL;
    }

  self = g_object_new (KIOSK_TYPE_STORE, NULL);
  self->db = g_steal_pointer (&db);
  if (photo_dir != NULL)
    self->photo_dir = g_canonicalize_filename (photo_dir, NULL);
  else
    {
      g_autofree char *dir = g_path_get_dirname (path);
      g_autofree char *photos = g_build_filename (dir, "photos", NULL);
      self->photo_dir = g_canonicalize_filename (photos, NULL);
    }
  self->kiosk_id = g_strdup (kiosk_id && *kiosk_id ? kiosk_id : "unknown");
  return g_steal_pointer (&self);
}

KioskStore *
kiosk_store_open_config (const KioskConfig *config, KioskDbOpenFlags flags, GError **error)
{
  g_autofree char *photos = NULL;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (config->store_path != NULL, NULL);

  if (config->state_dir != NULL)
    photos = g_build_filename (config->state_dir, "photos", NULL);
  return kiosk_store_open_full (config->store_path, flags, photos, config->kiosk_id, error);
}

KioskDb *
kiosk_store_get_db (KioskStore *store)
{
  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);
  return store->db;
}

const char *
kiosk_store_get_photo_dir (KioskStore *store)
{
  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);
  return store->photo_dir;
}

const char *
kiosk_store_get_kiosk_id (KioskStore *store)
{
  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);
  return store->kiosk_id;
}

void
kiosk_store_set_clock (KioskStore *store, KioskStoreClock clock, gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_STORE (store));
  store->clock = clock;
  store->clock_data = user_data;
}

gint64
kiosk_store_now (KioskStore *store)
{
  g_return_val_if_fail (KIOSK_IS_STORE (store), 0);
  if (store->clock != NULL)
    return store->clock (store->clock_data);
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* ---- Shared helpers ----------------------------------------------------- */

gboolean
kiosk_store_check_text (const char *what, const char *value, gsize max_len, GError **error)
{
  gsize len;

  if (value == NULL || *value == '\0')
    {
      g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID, "%s is empty", what);
      return FALSE;
    }
  len = strlen (value);
  if (len > max_len || !g_utf8_validate (value, len, NULL))
    {
      g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID,
                   "%s is not valid text of at most %" G_GSIZE_FORMAT " bytes", what, max_len);
      return FALSE;
    }
  return TRUE;
}

gboolean
kiosk_store_check_name (const char *what, const char *value, gsize max_len, GError **error)
{
  const char *p;

  if (!kiosk_store_check_text (what, value, max_len, error))
    return FALSE;
  for (p = value; *p; p++)
    {
      if (!g_ascii_isalnum (*p) && !strchr ("_.:-", *p))
        {
          g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID,
                       "%s may hold only letters, digits and _ . : -", what);
          return FALSE;
        }
    }
  return TRUE;
}

gint64
kiosk_store_lookup_session (KioskStore *store, const char *uuid, gboolean *open, GError **error)
{
  g_autoptr (KioskDbStmt) stmt = NULL;

  if (!kiosk_store_check_text ("session", uuid, 64, error))
    return 0;
  stmt = kiosk_db_prepare (store->db, "SELECT id, finished IS NULL FROM sessions WHERE uuid = ?",
                           error);
  if (stmt == NULL)
    return 0;
  kiosk_db_stmt_bind_text (stmt, 1, uuid);
  switch (kiosk_db_stmt_step (stmt, error))
    {
      case KIOSK_DB_STEP_ROW:
        if (open != NULL)
          *open = kiosk_db_stmt_column_int64 (stmt, 1) != 0;
        return kiosk_db_stmt_column_int64 (stmt, 0);
      case KIOSK_DB_STEP_DONE:
        g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_NOT_FOUND, "no session %s", uuid);
        return 0;
      case KIOSK_DB_STEP_ERROR:
      default:
        return 0;
    }
}

/* ---- Settings ----------------------------------------------------------- */

char *
kiosk_store_setting_get (KioskStore *store,
                         const char *key,
                         const char *default_value,
                         GError **error)
{
  g_autoptr (KioskDbStmt) stmt = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);

  if (!kiosk_store_check_name ("setting key", key, 64, error))
    return NULL;
  stmt = kiosk_db_prepare (store->db, "SELECT value FROM settings WHERE key = ?", error);
  if (stmt == NULL)
    return NULL;
  kiosk_db_stmt_bind_text (stmt, 1, key);
  switch (kiosk_db_stmt_step (stmt, error))
    {
      case KIOSK_DB_STEP_ROW:
        return kiosk_db_stmt_dup_column_text (stmt, 0);
      case KIOSK_DB_STEP_DONE:
        return g_strdup (default_value);
      case KIOSK_DB_STEP_ERROR:
      default:
        return NULL;
    }
}

typedef struct
{
  KioskStore *store;
  const char *key;
  const char *value;
  const char *actor;
} SettingData;

static gboolean
setting_set_tx (KioskDb *db, gpointer user_data, GError **error)
{
  SettingData *data = user_data;
  g_autoptr (KioskDbStmt) stmt = NULL;

  if (data->value != NULL)
    {
      stmt = kiosk_db_prepare (db,
                               "INSERT INTO settings (key, value, updated) VALUES (?1, ?2, ?3)"
                               " ON CONFLICT (key) DO UPDATE SET value = ?2, updated = ?3",
                               error);
      if (stmt == NULL)
        return FALSE;
      kiosk_db_stmt_bind_text (stmt, 1, data->key);
      kiosk_db_stmt_bind_text (stmt, 2, data->value);
      kiosk_db_stmt_bind_int64 (stmt, 3, kiosk_store_now (data->store));
    }
  else
    {
      stmt = kiosk_db_prepare (db, "DELETE FROM settings WHERE key = ?", error);
      if (stmt == NULL)
        return FALSE;
      kiosk_db_stmt_bind_text (stmt, 1, data->key);
    }
  if (!kiosk_db_stmt_run (stmt, error))
    return FALSE;
  return kiosk_store_audit_append (data->store, data->actor,
                                   data->value != NULL ? "setting.set" : "setting.unset", data->key,
                                   error)
         > 0;
}

gboolean
kiosk_store_setting_set (
    KioskStore *store, const char *key, const char *value, const char *actor, GError **error)
{
  SettingData data = { store, key, value, actor };

  g_return_val_if_fail (KIOSK_IS_STORE (store), FALSE);

  if (!kiosk_store_check_name ("setting key", key, 64, error)
      || !kiosk_store_check_text ("actor", actor, 64, error))
    return FALSE;
  if (value != NULL && !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID,
                   "the value of %s is not valid UTF-8", key);
      return FALSE;
    }
  return kiosk_db_transaction (store->db, setting_set_tx, &data, error);
}
