/* kiosk-store-journal.c — the session journal: intent before effect, then outcome */
#define G_LOG_DOMAIN "kiosk-store"

#include "config.h"

#include <signal.h>
#include <string.h>

#include "kiosk-mask.h"
#include "kiosk-store-private.h"

const char *
kiosk_journal_phase_to_string (KioskJournalPhase phase)
{
  return phase == KIOSK_JOURNAL_INTENT ? "intent" : "outcome";
}

void
kiosk_journal_session_free (KioskJournalSession *session)
{
  if (session == NULL)
    return;
  g_free (session->uuid);
  g_free (session->service);
  g_free (session->kiosk_id);
  g_free (session->outcome);
  g_free (session->subject_masked);
  g_free (session->last_step);
  g_free (session);
}

void
kiosk_journal_step_free (KioskJournalStep *step)
{
  if (step == NULL)
    return;
  g_free (step->step);
  g_free (step->idem_key);
  g_free (step->payload);
  g_free (step->result);
  g_free (step);
}

typedef struct
{
  KioskStore *store;
  const char *uuid;
  const char *service;
} BeginData;

static gboolean
session_begin_tx (KioskDb *db, gpointer user_data, GError **error)
{
  BeginData *data = user_data;
  g_autoptr (KioskDbStmt) stmt = NULL;

  stmt = kiosk_db_prepare (db,
                           "INSERT INTO sessions (uuid, service, kiosk_id, started)"
                           " VALUES (?, ?, ?, ?)",
                           error);
  if (stmt == NULL)
    return FALSE;
  kiosk_db_stmt_bind_text (stmt, 1, data->uuid);
  kiosk_db_stmt_bind_text (stmt, 2, data->service);
  kiosk_db_stmt_bind_text (stmt, 3, data->store->kiosk_id);
  kiosk_db_stmt_bind_int64 (stmt, 4, kiosk_store_now (data->store));
  return kiosk_db_stmt_run (stmt, error);
}

char *
kiosk_store_session_begin (KioskStore *store, const char *service, GError **error)
{
  g_autofree char *uuid = NULL;
  BeginData data = { store, NULL, service };

  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);

  if (!kiosk_store_check_name ("service", service, 32, error))
    return NULL;

  uuid = g_uuid_string_random ();
  data.uuid = uuid;
  /* A transaction of its own, so that its commit is the store's (which may
   * run off the main loop: kiosk_db_set_commit_context()). */
  if (!kiosk_db_transaction (store->db, session_begin_tx, &data, error))
    return NULL;
  g_debug ("session %s (%s) begun", uuid, service);
  return g_steal_pointer (&uuid);
}

typedef struct
{
  KioskStore *store;
  const char *uuid;
  const char *id_number;
  const char *name;
  const char *phone;
  const char *photo;
} PersonData;

static gboolean
set_person_tx (KioskDb *db, gpointer user_data, GError **error)
{
  PersonData *data = user_data;
  g_autoptr (KioskDbStmt) select = NULL;
  g_autoptr (KioskDbStmt) update = NULL;
  g_autofree char *id_number = NULL;
  g_autofree char *name = NULL;
  g_autofree char *subject = NULL;
  gboolean open = FALSE;
  gint64 id;

  id = kiosk_store_lookup_session (data->store, data->uuid, &open, error);
  if (id == 0)
    return FALSE;
  if (!open)
    {
      g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_CLOSED,
                   "session %s is closed; its personal data cannot change", data->uuid);
      return FALSE;
    }

  select = kiosk_db_prepare (db, "SELECT id_number, name FROM sessions WHERE id = ?", error);
  if (select == NULL)
    return FALSE;
  kiosk_db_stmt_bind_int64 (select, 1, id);
  if (kiosk_db_stmt_step (select, error) != KIOSK_DB_STEP_ROW)
    return FALSE;
  id_number = g_strdup (data->id_number ? data->id_number : kiosk_db_stmt_column_text (select, 0));
  name = g_strdup (data->name ? data->name : kiosk_db_stmt_column_text (select, 1));
  subject = kiosk_store_format_subject (id_number, name);

  update = kiosk_db_prepare (db,
                             "UPDATE sessions SET id_number = ?, name = ?, subject_masked = ?,"
                             " phone = coalesce (?, phone), photo = coalesce (?, photo)"
                             " WHERE id = ?",
                             error);
  if (update == NULL)
    return FALSE;
  kiosk_db_stmt_bind_text (update, 1, id_number);
  kiosk_db_stmt_bind_text (update, 2, name);
  kiosk_db_stmt_bind_text (update, 3, subject);
  kiosk_db_stmt_bind_text (update, 4, data->phone);
  kiosk_db_stmt_bind_text (update, 5, data->photo);
  kiosk_db_stmt_bind_int64 (update, 6, id);
  return kiosk_db_stmt_run (update, error);
}

static gboolean
check_optional (const char *what, const char *value, GError **error)
{
  return value == NULL || kiosk_store_check_text (what, value, 256, error);
}

gboolean
kiosk_store_session_set_person (KioskStore *store,
                                const char *uuid,
                                const char *id_number,
                                const char *name,
                                const char *phone,
                                GError **error)
{
  PersonData data = { store, uuid, id_number, name, phone, NULL };

  g_return_val_if_fail (KIOSK_IS_STORE (store), FALSE);

  if (!check_optional ("ID number", id_number, error) || !check_optional ("name", name, error)
      || !check_optional ("phone", phone, error))
    return FALSE;
  return kiosk_db_transaction (store->db, set_person_tx, &data, error);
}

/* A photo is named relative to the photo directory, with no way out of it. */
static char *
photo_relative_name (KioskStore *store, const char *photo, GError **error)
{
  g_autofree char *relative = NULL;
  g_auto (GStrv) parts = NULL;
  gsize i;

  if (!kiosk_store_check_text ("photo", photo, 1024, error))
    return NULL;
  if (g_path_is_absolute (photo))
    {
      g_autofree char *canonical = g_canonicalize_filename (photo, NULL);
      g_autofree char *prefix = g_strconcat (store->photo_dir, G_DIR_SEPARATOR_S, NULL);

      if (!g_str_has_prefix (canonical, prefix))
        {
          g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID,
                       "photo %s is not inside the photo directory %s", photo, store->photo_dir);
          return NULL;
        }
      relative = g_strdup (canonical + strlen (prefix));
    }
  else
    relative = g_strdup (photo);

  parts = g_strsplit (relative, G_DIR_SEPARATOR_S, -1);
  for (i = 0; parts[i] != NULL; i++)
    {
      if (*parts[i] == '\0' || g_str_equal (parts[i], ".") || g_str_equal (parts[i], ".."))
        {
          g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID,
                       "photo name %s must be a plain path inside the photo directory", photo);
          return NULL;
        }
    }
  return g_steal_pointer (&relative);
}

gboolean
kiosk_store_session_set_photo (KioskStore *store,
                               const char *uuid,
                               const char *photo,
                               GError **error)
{
  g_autofree char *relative = NULL;
  PersonData data = { store, uuid, NULL, NULL, NULL, NULL };

  g_return_val_if_fail (KIOSK_IS_STORE (store), FALSE);

  relative = photo_relative_name (store, photo, error);
  if (relative == NULL)
    return FALSE;
  data.photo = relative;
  return kiosk_db_transaction (store->db, set_person_tx, &data, error);
}

gboolean
kiosk_store_session_get_person (KioskStore *store,
                                const char *uuid,
                                char **id_number,
                                char **name,
                                char **phone,
                                char **photo_path,
                                GError **error)
{
  g_autoptr (KioskDbStmt) stmt = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (store), FALSE);

  if (!kiosk_store_check_text ("session", uuid, 64, error))
    return FALSE;
  stmt = kiosk_db_prepare (
      store->db, "SELECT id_number, name, phone, photo FROM sessions WHERE uuid = ?", error);
  if (stmt == NULL)
    return FALSE;
  kiosk_db_stmt_bind_text (stmt, 1, uuid);
  switch (kiosk_db_stmt_step (stmt, error))
    {
      case KIOSK_DB_STEP_ROW:
        break;
      case KIOSK_DB_STEP_DONE:
        g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_NOT_FOUND, "no session %s", uuid);
        return FALSE;
      case KIOSK_DB_STEP_ERROR:
      default:
        return FALSE;
    }
  if (id_number != NULL)
    *id_number = kiosk_db_stmt_dup_column_text (stmt, 0);
  if (name != NULL)
    *name = kiosk_db_stmt_dup_column_text (stmt, 1);
  if (phone != NULL)
    *phone = kiosk_db_stmt_dup_column_text (stmt, 2);
  if (photo_path != NULL)
    {
      const char *photo = kiosk_db_stmt_column_text (stmt, 3);
      *photo_path = photo ? g_build_filename (store->photo_dir, photo, NULL) : NULL;
    }
  return TRUE;
}

typedef struct
{
  KioskStore *store;
  const char *uuid;
  const char *step;
  KioskJournalPhase phase;
  const char *idem_key;
  const char *payload;
  const char *result;
  gint64 seq; /* out */
} EntryData;

static gboolean
append_entry_tx (KioskDb *db, gpointer user_data, GError **error)
{
  EntryData *data = user_data;
  g_autoptr (KioskDbStmt) stmt = NULL;
  g_autofree char *key = NULL;
  gboolean open = FALSE;
  gint64 session_id;

  session_id = kiosk_store_lookup_session (data->store, data->uuid, &open, error);
  if (session_id == 0)
    return FALSE;
  if (!open)
    {
      g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_CLOSED,
                   "session %s is closed; it takes no more journal entries", data->uuid);
      return FALSE;
    }

  if (data->payload != NULL)
    {
      g_autoptr (KioskDbStmt) valid = kiosk_db_prepare (db, "SELECT json_valid (?)", error);
      if (valid == NULL)
        return FALSE;
      kiosk_db_stmt_bind_text (valid, 1, data->payload);
      if (kiosk_db_stmt_step (valid, error) != KIOSK_DB_STEP_ROW)
        return FALSE;
      if (kiosk_db_stmt_column_int64 (valid, 0) != 1)
        {
          g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID,
                       "the payload of step %s is not valid JSON", data->step);
          return FALSE;
        }
    }

  if (data->phase == KIOSK_JOURNAL_INTENT)
    key = data->idem_key ? g_strdup (data->idem_key)
                         : g_strdup_printf ("%s:%s", data->uuid, data->step);
  else
    {
      /* An outcome carries the key of the step's last intent, if any. */
      g_autoptr (KioskDbStmt) intent = kiosk_db_prepare (
          db,
          "SELECT idem_key FROM steps WHERE session_id = ? AND step = ? AND phase = 'intent'"
          " ORDER BY seq DESC LIMIT 1",
          error);
      if (intent == NULL)
        return FALSE;
      kiosk_db_stmt_bind_int64 (intent, 1, session_id);
      kiosk_db_stmt_bind_text (intent, 2, data->step);
      switch (kiosk_db_stmt_step (intent, error))
        {
          case KIOSK_DB_STEP_ROW:
            key = kiosk_db_stmt_dup_column_text (intent, 0);
            break;
          case KIOSK_DB_STEP_DONE:
            break;
          case KIOSK_DB_STEP_ERROR:
          default:
            return FALSE;
        }
    }

  stmt = kiosk_db_prepare (
      db,
      "INSERT INTO steps (session_id, seq, step, phase, idem_key, payload, result, time)"
      " VALUES (?1, (SELECT coalesce (max (seq), 0) + 1 FROM steps WHERE session_id = ?1),"
      "         ?2, ?3, ?4, ?5, ?6, ?7)"
      " RETURNING seq",
      error);
  if (stmt == NULL)
    return FALSE;
  kiosk_db_stmt_bind_int64 (stmt, 1, session_id);
  kiosk_db_stmt_bind_text (stmt, 2, data->step);
  kiosk_db_stmt_bind_text (stmt, 3, kiosk_journal_phase_to_string (data->phase));
  kiosk_db_stmt_bind_text (stmt, 4, key);
  kiosk_db_stmt_bind_text (stmt, 5, data->payload);
  kiosk_db_stmt_bind_text (stmt, 6, data->result);
  kiosk_db_stmt_bind_int64 (stmt, 7, kiosk_store_now (data->store));
  if (kiosk_db_stmt_step (stmt, error) != KIOSK_DB_STEP_ROW)
    return FALSE;
  data->seq = kiosk_db_stmt_column_int64 (stmt, 0);
  /* Finish the statement so the insert is complete before the commit. */
  return kiosk_db_stmt_step (stmt, error) == KIOSK_DB_STEP_DONE;
}

/* ---- test hook: a power cut at an exact journal entry ---------------------
 *
 * KIOSK_TEST_KILL_AT=STEP:PHASE[:DELAY_MS] (docs/reliability.md, issue 7):
 * the process kills itself with SIGKILL once the entry STEP (intent or
 * outcome) is committed — at once when it was its own transaction; when it
 * was written inside a larger one (the feed and eject outcomes share theirs
 * with the stock), before the next journal write or at the main loop's next
 * turn, whichever comes first; with DELAY_MS, that long afterwards (inside
 * the step's effect). Inert unless the variable is set. */
static gboolean power_cut_pending;

static gpointer
power_cut_later (gpointer data)
{
  g_usleep ((gulong) GPOINTER_TO_UINT (data) * 1000);
  raise (SIGKILL);
  return NULL;
}

static gboolean
power_cut_now (gpointer data)
{
  /* Not while the transaction that holds the entry is still being committed
   * (off the main loop: the loop turns meanwhile). */
  if (kiosk_db_in_transaction (KIOSK_DB (data)))
    return G_SOURCE_CONTINUE;
  raise (SIGKILL);
  return G_SOURCE_REMOVE;
}

static void
power_cut_check (KioskStore *store, const char *step, KioskJournalPhase phase)
{
  static gboolean fired;
  const char *spec = g_getenv ("KIOSK_TEST_KILL_AT");
  g_auto (GStrv) parts = NULL;
  guint64 delay_ms = 0;

  if (spec == NULL || fired)
    return;
  parts = g_strsplit (spec, ":", 3);
  if (g_strv_length (parts) < 2 || !g_str_equal (parts[0], step)
      || !g_str_equal (parts[1], kiosk_journal_phase_to_string (phase))
      || (parts[2] != NULL
          && !g_ascii_string_to_unsigned (parts[2], 10, 0, 600000, &delay_ms, NULL)))
    return;
  fired = TRUE;
  if (delay_ms > 0)
    g_thread_unref (g_thread_new ("power-cut", power_cut_later, GUINT_TO_POINTER (delay_ms)));
  else if (!kiosk_db_in_transaction (store->db))
    raise (SIGKILL);
  else
    {
      power_cut_pending = TRUE;
      g_idle_add_full (G_PRIORITY_HIGH, power_cut_now, g_object_ref (store->db), g_object_unref);
    }
}

static gint64
append_entry (EntryData *data, GError **error)
{
  g_autoptr (GError) local_error = NULL;

  if (power_cut_pending && !kiosk_db_in_transaction (data->store->db))
    raise (SIGKILL);

  if (!kiosk_store_check_name ("step", data->step, 64, error))
    return 0;
  if (data->idem_key != NULL
      && !kiosk_store_check_text ("idempotency key", data->idem_key, 256, error))
    return 0;
  if (data->payload != NULL && !g_utf8_validate (data->payload, -1, NULL))
    {
      g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID,
                   "the payload of step %s is not valid UTF-8", data->step);
      return 0;
    }
  /* A transaction of its own: committed (synchronous=FULL) on return, which
   * is what "intent before effect" needs. */
  if (!kiosk_db_transaction (data->store->db, append_entry_tx, data, &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }
  g_debug ("session %s: %s %s #%" G_GINT64_FORMAT, data->uuid, data->step,
           kiosk_journal_phase_to_string (data->phase), data->seq);
  power_cut_check (data->store, data->step, data->phase);
  return data->seq;
}

gint64
kiosk_store_journal_intent (KioskStore *store,
                            const char *uuid,
                            const char *step,
                            const char *idem_key,
                            const char *payload,
                            GError **error)
{
  EntryData data = { store, uuid, step, KIOSK_JOURNAL_INTENT, idem_key, payload, NULL, 0 };

  g_return_val_if_fail (KIOSK_IS_STORE (store), 0);
  return append_entry (&data, error);
}

gint64
kiosk_store_journal_outcome (KioskStore *store,
                             const char *uuid,
                             const char *step,
                             const char *result,
                             const char *payload,
                             GError **error)
{
  g_autofree char *masked = NULL;
  EntryData data = { store, uuid, step, KIOSK_JOURNAL_OUTCOME, NULL, payload, NULL, 0 };

  g_return_val_if_fail (KIOSK_IS_STORE (store), 0);

  if (!kiosk_store_check_text ("result", result, 1024, error))
    return 0;
  /* A result is shown by `kioskctl journal`: an ID or phone number that slips
   * into an error message is masked here too. */
  masked = kiosk_mask_text (result);
  data.result = masked;
  return append_entry (&data, error);
}

typedef struct
{
  KioskStore *store;
  const char *uuid;
  const char *outcome;
} CloseData;

static gboolean
session_close_tx (KioskDb *db, gpointer user_data, GError **error)
{
  CloseData *data = user_data;
  g_autoptr (KioskDbStmt) stmt = NULL;
  gboolean open = FALSE;

  if (kiosk_store_lookup_session (data->store, data->uuid, &open, error) == 0)
    return FALSE;
  if (!open)
    {
      g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_CLOSED,
                   "session %s is already closed", data->uuid);
      return FALSE;
    }
  stmt = kiosk_db_prepare (db,
                           "UPDATE sessions SET finished = ?, outcome = ?"
                           " WHERE uuid = ? AND finished IS NULL",
                           error);
  if (stmt == NULL)
    return FALSE;
  kiosk_db_stmt_bind_int64 (stmt, 1, kiosk_store_now (data->store));
  kiosk_db_stmt_bind_text (stmt, 2, data->outcome);
  kiosk_db_stmt_bind_text (stmt, 3, data->uuid);
  if (!kiosk_db_stmt_run (stmt, error))
    return FALSE;
  if (kiosk_db_changes (db) != 1)
    {
      /* Another connection closed it between the look-up and the update. */
      g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_CLOSED,
                   "session %s is already closed", data->uuid);
      return FALSE;
    }
  return TRUE;
}

gboolean
kiosk_store_session_close (KioskStore *store, const char *uuid, const char *outcome, GError **error)
{
  CloseData data = { store, uuid, outcome };

  g_return_val_if_fail (KIOSK_IS_STORE (store), FALSE);

  if (!kiosk_store_check_name ("outcome", outcome, 32, error))
    return FALSE;
  /* One transaction (its commit may run off the main loop). */
  if (!kiosk_db_transaction (store->db, session_close_tx, &data, error))
    return FALSE;
  g_debug ("session %s closed: %s", uuid, outcome);
  return TRUE;
}

#define SESSION_COLUMNS                                                                            \
  "s.uuid, s.service, s.kiosk_id, s.started, s.finished, s.outcome, s.subject_masked,"             \
  " s.photo IS NOT NULL, s.purged,"                                                                \
  " (SELECT count (*) FROM steps WHERE session_id = s.id),"                                        \
  " (SELECT step FROM steps WHERE session_id = s.id ORDER BY seq DESC LIMIT 1),"                   \
  " (SELECT phase FROM steps WHERE session_id = s.id ORDER BY seq DESC LIMIT 1)"

static KioskJournalSession *
session_from_row (KioskDbStmt *stmt)
{
  KioskJournalSession *session = g_new0 (KioskJournalSession, 1);

  session->uuid = kiosk_db_stmt_dup_column_text (stmt, 0);
  session->service = kiosk_db_stmt_dup_column_text (stmt, 1);
  session->kiosk_id = kiosk_db_stmt_dup_column_text (stmt, 2);
  session->started = kiosk_db_stmt_column_int64 (stmt, 3);
  session->finished = kiosk_db_stmt_column_int64 (stmt, 4);
  session->outcome = kiosk_db_stmt_dup_column_text (stmt, 5);
  session->subject_masked = kiosk_db_stmt_dup_column_text (stmt, 6);
  session->has_photo = kiosk_db_stmt_column_int64 (stmt, 7) != 0;
  session->purged = kiosk_db_stmt_column_int64 (stmt, 8);
  session->n_steps = kiosk_db_stmt_column_int64 (stmt, 9);
  session->last_step = kiosk_db_stmt_dup_column_text (stmt, 10);
  session->last_phase = g_strcmp0 (kiosk_db_stmt_column_text (stmt, 11), "intent") == 0
                            ? KIOSK_JOURNAL_INTENT
                            : KIOSK_JOURNAL_OUTCOME;
  return session;
}

static GPtrArray *
list_sessions (KioskStore *store, const char *sql, const char *uuid, gint64 limit, GError **error)
{
  g_autoptr (GPtrArray) sessions
      = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_journal_session_free);
  g_autoptr (KioskDbStmt) stmt = kiosk_db_prepare (store->db, sql, error);
  KioskDbStep step;

  if (stmt == NULL)
    return NULL;
  if (uuid != NULL)
    kiosk_db_stmt_bind_text (stmt, 1, uuid);
  if (limit > 0)
    kiosk_db_stmt_bind_int64 (stmt, 1, limit);
  while ((step = kiosk_db_stmt_step (stmt, error)) == KIOSK_DB_STEP_ROW)
    g_ptr_array_add (sessions, session_from_row (stmt));
  if (step == KIOSK_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&sessions);
}

KioskJournalSession *
kiosk_store_session_get (KioskStore *store, const char *uuid, GError **error)
{
  g_autoptr (GPtrArray) sessions = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);

  if (!kiosk_store_check_text ("session", uuid, 64, error))
    return NULL;
  sessions = list_sessions (store, "SELECT " SESSION_COLUMNS " FROM sessions s WHERE s.uuid = ?",
                            uuid, 0, error);
  if (sessions == NULL)
    return NULL;
  if (sessions->len == 0)
    {
      g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_NOT_FOUND, "no session %s", uuid);
      return NULL;
    }
  return g_ptr_array_steal_index (sessions, 0);
}

GPtrArray *
kiosk_store_list_open_sessions (KioskStore *store, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);
  return list_sessions (store,
                        "SELECT " SESSION_COLUMNS " FROM sessions s"
                        " WHERE s.finished IS NULL ORDER BY s.id",
                        NULL, 0, error);
}

GPtrArray *
kiosk_store_list_recent_sessions (KioskStore *store, guint limit, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);
  return list_sessions (store,
                        "SELECT " SESSION_COLUMNS " FROM sessions s"
                        " ORDER BY s.started DESC, s.id DESC LIMIT ?",
                        NULL, MAX (limit, 1), error);
}

gboolean
kiosk_store_journal_find_intent (KioskStore *store,
                                 const char *idem_key,
                                 KioskJournalStep **out_step,
                                 GError **error)
{
  g_autoptr (KioskDbStmt) stmt = NULL;
  KioskJournalStep *entry;

  g_return_val_if_fail (KIOSK_IS_STORE (store), FALSE);
  g_return_val_if_fail (idem_key != NULL && out_step != NULL, FALSE);

  *out_step = NULL;
  /* Rare (a technician's report): a scan of the steps is fine. */
  stmt = kiosk_db_prepare (store->db,
                           "SELECT seq, step, idem_key, payload, time FROM steps"
                           " WHERE idem_key = ? AND phase = 'intent'"
                           " ORDER BY time DESC, rowid DESC LIMIT 1",
                           error);
  if (stmt == NULL)
    return FALSE;
  kiosk_db_stmt_bind_text (stmt, 1, idem_key);
  switch (kiosk_db_stmt_step (stmt, error))
    {
      case KIOSK_DB_STEP_ROW:
        entry = g_new0 (KioskJournalStep, 1);
        entry->seq = kiosk_db_stmt_column_int64 (stmt, 0);
        entry->step = kiosk_db_stmt_dup_column_text (stmt, 1);
        entry->phase = KIOSK_JOURNAL_INTENT;
        entry->idem_key = kiosk_db_stmt_dup_column_text (stmt, 2);
        entry->payload = kiosk_db_stmt_dup_column_text (stmt, 3);
        entry->time = kiosk_db_stmt_column_int64 (stmt, 4);
        *out_step = entry;
        return TRUE;
      case KIOSK_DB_STEP_DONE:
        return TRUE;
      case KIOSK_DB_STEP_ERROR:
      default:
        return FALSE;
    }
}

GPtrArray *
kiosk_store_list_steps (KioskStore *store, const char *uuid, GError **error)
{
  g_autoptr (GPtrArray) steps
      = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_journal_step_free);
  g_autoptr (KioskDbStmt) stmt = NULL;
  KioskDbStep step;
  gint64 session_id;

  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);

  session_id = kiosk_store_lookup_session (store, uuid, NULL, error);
  if (session_id == 0)
    return NULL;
  stmt = kiosk_db_prepare (store->db,
                           "SELECT seq, step, phase, idem_key, payload, result, time FROM steps"
                           " WHERE session_id = ? ORDER BY seq",
                           error);
  if (stmt == NULL)
    return NULL;
  kiosk_db_stmt_bind_int64 (stmt, 1, session_id);
  while ((step = kiosk_db_stmt_step (stmt, error)) == KIOSK_DB_STEP_ROW)
    {
      KioskJournalStep *entry = g_new0 (KioskJournalStep, 1);

      entry->seq = kiosk_db_stmt_column_int64 (stmt, 0);
      entry->step = kiosk_db_stmt_dup_column_text (stmt, 1);
      entry->phase = g_strcmp0 (kiosk_db_stmt_column_text (stmt, 2), "intent") == 0
                         ? KIOSK_JOURNAL_INTENT
                         : KIOSK_JOURNAL_OUTCOME;
      entry->idem_key = kiosk_db_stmt_dup_column_text (stmt, 3);
      entry->payload = kiosk_db_stmt_dup_column_text (stmt, 4);
      entry->result = kiosk_db_stmt_dup_column_text (stmt, 5);
      entry->time = kiosk_db_stmt_column_int64 (stmt, 6);
      g_ptr_array_add (steps, entry);
    }
  if (step == KIOSK_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&steps);
}
