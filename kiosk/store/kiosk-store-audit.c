/* kiosk-store-audit.c — the hash-chained audit log
 *
 * Entry n stores hash_n = SHA-256 (hash_{n-1} || canonical (entry n)), with
 * hash_0 = 64 zeros, and the table audit_head keeps the last (seq, hash).
 * Verification recomputes the chain: an edited entry breaks its own hash, a
 * deleted or reordered one breaks the sequence or the link to the previous
 * hash, a deleted tail no longer reaches the head. Anyone able to rewrite the
 * file can rebuild a consistent chain; what the chain adds is that every
 * change made by hand must rewrite everything after it, and the head hash
 * written to the system journal on each append gives an outside witness.
 */
#define G_LOG_DOMAIN "kiosk-store"

#include "config.h"

#include <string.h>

#include "kiosk-audit-head.h"
#include "kiosk-mask.h"
#include "kiosk-store-private.h"

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

void
kiosk_audit_entry_free (KioskAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->actor);
  g_free (entry->action);
  g_free (entry->detail);
  g_free (entry->prev_hash);
  g_free (entry->hash);
  g_free (entry);
}

void
kiosk_audit_verdict_free (KioskAuditVerdict *verdict)
{
  if (verdict == NULL)
    return;
  g_free (verdict->reason);
  g_free (verdict);
}

static void
append_field (GString *out, const char *name, const char *value)
{
  const char *text = value ? value : "";

  /* Length-prefixed, so no choice of text can make two entries read alike. */
  g_string_append_printf (out, "%s:%" G_GSIZE_FORMAT ":%s\n", name, strlen (text), text);
}

char *
kiosk_audit_entry_canonical (
    gint64 seq, gint64 time, const char *actor, const char *action, const char *detail)
{
  GString *out = g_string_new ("kiosk-audit-v1\n");

  g_string_append_printf (out, "seq:%" G_GINT64_FORMAT "\n", seq);
  g_string_append_printf (out, "time:%" G_GINT64_FORMAT "\n", time);
  append_field (out, "actor", actor);
  append_field (out, "action", action);
  append_field (out, "detail", detail);
  return g_string_free (out, FALSE);
}

char *
kiosk_audit_entry_compute_hash (const char *prev_hash,
                                gint64 seq,
                                gint64 time,
                                const char *actor,
                                const char *action,
                                const char *detail)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *canonical = kiosk_audit_entry_canonical (seq, time, actor, action, detail);

  g_checksum_update (checksum, (const guchar *) (prev_hash ? prev_hash : ""), -1);
  g_checksum_update (checksum, (const guchar *) canonical, -1);
  return g_strdup (g_checksum_get_string (checksum));
}

typedef struct
{
  KioskStore *store;
  const char *actor;
  const char *action;
  const char *detail;
  gint64 seq; /* out */
  char *hash; /* out */
} AppendData;

static gboolean
append_tx (KioskDb *db, gpointer user_data, GError **error)
{
  AppendData *data = user_data;
  g_autoptr (KioskDbStmt) head = NULL;
  g_autoptr (KioskDbStmt) insert = NULL;
  g_autoptr (KioskDbStmt) anchor = NULL;
  g_autofree char *prev = NULL;
  gint64 time = kiosk_store_now (data->store);
  gint64 last = 0;

  /* Chain from the recorded head, so that an entry removed at the end is not
   * papered over by the next one; fall back on the last entry if the head is
   * gone (verification reports that). */
  head = kiosk_db_prepare (db,
                           "SELECT seq, hash FROM audit_head WHERE id = 1"
                           " UNION ALL SELECT * FROM (SELECT seq, hash FROM audit"
                           " ORDER BY seq DESC LIMIT 1) LIMIT 1",
                           error);
  if (head == NULL)
    return FALSE;
  switch (kiosk_db_stmt_step (head, error))
    {
      case KIOSK_DB_STEP_ROW:
        last = kiosk_db_stmt_column_int64 (head, 0);
        prev = kiosk_db_stmt_dup_column_text (head, 1);
        break;
      case KIOSK_DB_STEP_DONE:
        prev = g_strdup (GENESIS_HASH);
        break;
      case KIOSK_DB_STEP_ERROR:
      default:
        return FALSE;
    }

  data->seq = last + 1;
  data->hash = kiosk_audit_entry_compute_hash (prev, data->seq, time, data->actor, data->action,
                                               data->detail);
  insert = kiosk_db_prepare (db,
                             "INSERT INTO audit (seq, time, actor, action, detail, prev_hash, hash)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?)",
                             error);
  if (insert == NULL)
    return FALSE;
  kiosk_db_stmt_bind_int64 (insert, 1, data->seq);
  kiosk_db_stmt_bind_int64 (insert, 2, time);
  kiosk_db_stmt_bind_text (insert, 3, data->actor);
  kiosk_db_stmt_bind_text (insert, 4, data->action);
  kiosk_db_stmt_bind_text (insert, 5, data->detail);
  kiosk_db_stmt_bind_text (insert, 6, prev);
  kiosk_db_stmt_bind_text (insert, 7, data->hash);
  if (!kiosk_db_stmt_run (insert, error))
    return FALSE;

  anchor = kiosk_db_prepare (db,
                             "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?1, ?2)"
                             " ON CONFLICT (id) DO UPDATE SET seq = ?1, hash = ?2",
                             error);
  if (anchor == NULL)
    return FALSE;
  kiosk_db_stmt_bind_int64 (anchor, 1, data->seq);
  kiosk_db_stmt_bind_text (anchor, 2, data->hash);
  return kiosk_db_stmt_run (anchor, error);
}

gint64
kiosk_store_audit_append (
    KioskStore *store, const char *actor, const char *action, const char *detail, GError **error)
{
  g_autofree char *masked = NULL;
  AppendData data = { store, actor, action, NULL, 0, NULL };

  g_return_val_if_fail (KIOSK_IS_STORE (store), 0);

  if (!kiosk_store_check_text ("actor", actor, 64, error)
      || !kiosk_store_check_name ("action", action, 64, error))
    return 0;
  if (detail != NULL && !g_utf8_validate (detail, -1, NULL))
    {
      g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID,
                   "the detail of audit entry %s is not valid UTF-8", action);
      return 0;
    }
  /* The last line of defence: an ID or phone number never enters the log. */
  masked = kiosk_mask_text (detail ? detail : "");
  data.detail = masked;

  if (!kiosk_db_transaction (store->db, append_tx, &data, error))
    {
      g_free (data.hash);
      return 0;
    }
  /* The head, outside the database: a witness for the system journal. */
  g_info ("audit #%" G_GINT64_FORMAT " %s by %s, head %s", data.seq, action, actor, data.hash);
  g_free (data.hash);
  return data.seq;
}

static KioskAuditVerdict *
broken (KioskAuditVerdict *verdict, gint64 seq, char *reason)
{
  verdict->ok = FALSE;
  verdict->first_bad_seq = seq;
  verdict->reason = reason;
  return verdict;
}

KioskAuditVerdict *
kiosk_store_audit_verify (KioskStore *store, GError **error)
{
  g_autoptr (KioskAuditVerdict) verdict = g_new0 (KioskAuditVerdict, 1);
  g_autoptr (KioskDbStmt) stmt = NULL;
  g_autoptr (KioskDbStmt) head = NULL;
  g_autofree char *prev = g_strdup (GENESIS_HASH);
  gint64 expected = 1;
  KioskDbStep step;

  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);

  /* One read transaction, so a concurrent append cannot tear the view. */
  if (!kiosk_db_exec (store->db, "BEGIN DEFERRED", error))
    return NULL;
  stmt = kiosk_db_prepare (store->db,
                           "SELECT seq, time, actor, action, detail, prev_hash, hash FROM audit"
                           " ORDER BY seq",
                           error);
  if (stmt == NULL)
    goto fail;

  verdict->ok = TRUE;
  while ((step = kiosk_db_stmt_step (stmt, error)) == KIOSK_DB_STEP_ROW)
    {
      gint64 seq = kiosk_db_stmt_column_int64 (stmt, 0);
      const char *prev_hash = kiosk_db_stmt_column_text (stmt, 5);
      const char *hash = kiosk_db_stmt_column_text (stmt, 6);
      g_autofree char *computed = NULL;

      verdict->n_entries++;
      if (seq != expected)
        {
          broken (verdict, expected,
                  g_strdup_printf ("entry %" G_GINT64_FORMAT
                                   " is missing (the next one is %" G_GINT64_FORMAT ")",
                                   expected, seq));
          break;
        }
      if (g_strcmp0 (prev_hash, prev) != 0)
        {
          broken (verdict, seq,
                  g_strdup_printf ("entry %" G_GINT64_FORMAT
                                   " does not follow entry %" G_GINT64_FORMAT
                                   " (its previous hash differs)",
                                   seq, seq - 1));
          break;
        }
      computed = kiosk_audit_entry_compute_hash (
          prev, seq, kiosk_db_stmt_column_int64 (stmt, 1), kiosk_db_stmt_column_text (stmt, 2),
          kiosk_db_stmt_column_text (stmt, 3), kiosk_db_stmt_column_text (stmt, 4));
      if (g_strcmp0 (computed, hash) != 0)
        {
          broken (
              verdict, seq,
              g_strdup_printf ("entry %" G_GINT64_FORMAT " was changed (its hash differs)", seq));
          break;
        }
      g_free (prev);
      prev = g_strdup (hash);
      expected++;
    }
  if (step == KIOSK_DB_STEP_ERROR)
    goto fail;
  if (!verdict->ok)
    goto done;

  /* The chain is whole as far as it goes; does it reach the recorded head? */
  head = kiosk_db_prepare (store->db, "SELECT seq, hash FROM audit_head WHERE id = 1", error);
  if (head == NULL)
    goto fail;
  switch (kiosk_db_stmt_step (head, error))
    {
      case KIOSK_DB_STEP_ROW:
        {
          gint64 head_seq = kiosk_db_stmt_column_int64 (head, 0);
          const char *head_hash = kiosk_db_stmt_column_text (head, 1);
          gint64 last = expected - 1;

          if (head_seq == last + 1)
            broken (verdict, last + 1,
                    g_strdup_printf ("entry %" G_GINT64_FORMAT " is missing at the end", last + 1));
          else if (head_seq > last)
            broken (verdict, last + 1,
                    g_strdup_printf ("entries %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT
                                     " are missing at the end",
                                     last + 1, head_seq));
          else if (head_seq < last)
            broken (verdict, head_seq + 1,
                    g_strdup_printf ("entries after %" G_GINT64_FORMAT
                                     " were added outside the store",
                                     head_seq));
          else if (g_strcmp0 (head_hash, prev) != 0)
            broken (verdict, last,
                    g_strdup_printf ("entry %" G_GINT64_FORMAT " does not match the recorded head",
                                     last));
        }
        break;
      case KIOSK_DB_STEP_DONE:
        if (verdict->n_entries > 0)
          broken (verdict, 1, g_strdup ("the recorded head of the chain is missing"));
        break;
      case KIOSK_DB_STEP_ERROR:
      default:
        goto fail;
    }

done:
  g_clear_pointer (&stmt, kiosk_db_stmt_free);
  g_clear_pointer (&head, kiosk_db_stmt_free);
  kiosk_db_exec (store->db, "COMMIT", NULL);
  return g_steal_pointer (&verdict);

fail:
  g_clear_pointer (&stmt, kiosk_db_stmt_free);
  g_clear_pointer (&head, kiosk_db_stmt_free);
  kiosk_db_rollback (store->db);
  return NULL;
}

gboolean
kiosk_store_audit_head (KioskStore *store, char **out_head, GError **error)
{
  g_autoptr (KioskDbStmt) head = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (store), FALSE);
  g_return_val_if_fail (out_head != NULL, FALSE);

  *out_head = NULL;
  head = kiosk_db_prepare (store->db, "SELECT seq, hash FROM audit_head WHERE id = 1", error);
  if (head == NULL)
    return FALSE;
  switch (kiosk_db_stmt_step (head, error))
    {
      case KIOSK_DB_STEP_ROW:
        {
          gint64 seq = kiosk_db_stmt_column_int64 (head, 0);
          const char *hash = kiosk_db_stmt_column_text (head, 1);

          /* Only a head the center can check goes out; a damaged anchor is
           * for kiosk_store_audit_verify() to report, not to witness. */
          if (seq >= 1 && kiosk_audit_hash_is_valid (hash))
            *out_head = kiosk_audit_head_format (seq, hash);
          else
            g_warning ("audit: the recorded head is damaged; not witnessed");
          return TRUE;
        }
      case KIOSK_DB_STEP_DONE:
        return TRUE;
      case KIOSK_DB_STEP_ERROR:
      default:
        return FALSE;
    }
}

/* The entry at `seq` against the witnessed `hash`: NULL when it matches, or
 * why not. */
static char *
check_witness (KioskStore *store, gint64 seq, const char *hash, GError **error)
{
  g_autoptr (KioskDbStmt) stmt
      = kiosk_db_prepare (store->db, "SELECT hash FROM audit WHERE seq = ?", error);

  if (stmt == NULL)
    return NULL;
  kiosk_db_stmt_bind_int64 (stmt, 1, seq);
  switch (kiosk_db_stmt_step (stmt, error))
    {
      case KIOSK_DB_STEP_ROW:
        if (g_strcmp0 (kiosk_db_stmt_column_text (stmt, 0), hash) == 0)
          return NULL;
        return g_strdup_printf ("entry %" G_GINT64_FORMAT
                                " differs from the head the center witnessed:"
                                " the chain was rewritten",
                                seq);
      case KIOSK_DB_STEP_DONE:
        return g_strdup_printf ("entry %" G_GINT64_FORMAT
                                ", whose head the center witnessed, is gone:"
                                " the chain was cut or rebuilt",
                                seq);
      case KIOSK_DB_STEP_ERROR:
      default:
        return NULL;
    }
}

KioskAuditVerdict *
kiosk_store_audit_verify_witnesses (KioskStore *store, const char *const *heads, GError **error)
{
  g_autoptr (KioskAuditVerdict) verdict = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);

  for (guint i = 0; heads != NULL && heads[i] != NULL; i++)
    if (!kiosk_audit_head_parse (heads[i], NULL, NULL))
      {
        g_set_error (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_INVALID,
                     "witness %u is not an audit head (seq:hash)", i + 1);
        return NULL;
      }
  verdict = kiosk_store_audit_verify (store, error);
  if (verdict == NULL || !verdict->ok)
    return g_steal_pointer (&verdict);

  for (guint i = 0; heads != NULL && heads[i] != NULL; i++)
    {
      g_autofree char *hash = NULL;
      g_autoptr (GError) local_error = NULL;
      gint64 seq = 0;
      char *reason;

      kiosk_audit_head_parse (heads[i], &seq, &hash);
      reason = check_witness (store, seq, hash, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      verdict->n_witnesses++;
      if (reason != NULL)
        {
          /* The first contradicted witness (they come in seq order). */
          broken (verdict, seq, reason);
          break;
        }
    }
  return g_steal_pointer (&verdict);
}

GPtrArray *
kiosk_store_audit_list (KioskStore *store, guint limit, GError **error)
{
  g_autoptr (GPtrArray) entries
      = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_audit_entry_free);
  g_autoptr (KioskDbStmt) stmt = NULL;
  KioskDbStep step;

  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);

  stmt = kiosk_db_prepare (store->db,
                           "SELECT seq, time, actor, action, detail, prev_hash, hash FROM audit"
                           " ORDER BY seq DESC LIMIT ?",
                           error);
  if (stmt == NULL)
    return NULL;
  kiosk_db_stmt_bind_int64 (stmt, 1, MAX (limit, 1));
  while ((step = kiosk_db_stmt_step (stmt, error)) == KIOSK_DB_STEP_ROW)
    {
      KioskAuditEntry *entry = g_new0 (KioskAuditEntry, 1);

      entry->seq = kiosk_db_stmt_column_int64 (stmt, 0);
      entry->time = kiosk_db_stmt_column_int64 (stmt, 1);
      entry->actor = kiosk_db_stmt_dup_column_text (stmt, 2);
      entry->action = kiosk_db_stmt_dup_column_text (stmt, 3);
      entry->detail = kiosk_db_stmt_dup_column_text (stmt, 4);
      entry->prev_hash = kiosk_db_stmt_dup_column_text (stmt, 5);
      entry->hash = kiosk_db_stmt_dup_column_text (stmt, 6);
      g_ptr_array_add (entries, entry);
    }
  if (step == KIOSK_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&entries);
}
