/* kiosk-store-retention.c — personal data of finished sessions does not stay
 *
 * What is kept after the purge: the session's service, times, outcome and
 * masked subject, and its journal steps without their payloads — enough to
 * account for every card and every center call, nothing that names a person.
 */
#define G_LOG_DOMAIN "kiosk-store"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "kiosk-store-private.h"

#define SECONDS_PER_DAY G_GINT64_CONSTANT (86400)

typedef struct
{
  gint64 id;
  char *uuid;
  char *photo;
} Candidate;

static void
candidate_free (Candidate *candidate)
{
  g_free (candidate->uuid);
  g_free (candidate->photo);
  g_free (candidate);
}

/* Deletes a session's photo. A photo already gone is fine (a purge that was
 * cut short); one that cannot be deleted keeps its session for next time. */
static gboolean
delete_photo (KioskStore *store, const Candidate *candidate)
{
  g_autofree char *path = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *prefix = NULL;

  if (candidate->photo == NULL)
    return TRUE;
  path = g_build_filename (store->photo_dir, candidate->photo, NULL);
  canonical = g_canonicalize_filename (path, NULL);
  prefix = g_strconcat (store->photo_dir, G_DIR_SEPARATOR_S, NULL);
  if (!g_str_has_prefix (canonical, prefix))
    {
      /* Written by hand into the database: never delete outside the directory. */
      g_message ("retention: session %s names a photo outside %s; left for a technician",
                 candidate->uuid, store->photo_dir);
      return FALSE;
    }
  if (g_unlink (canonical) != 0 && errno != ENOENT)
    {
      int saved = errno;
      g_message ("retention: cannot delete the photo of session %s: %s", candidate->uuid,
                 g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
clear_session (KioskStore *store, const Candidate *candidate, gint64 now, GError **error)
{
  g_autoptr (KioskDbStmt) session = NULL;
  g_autoptr (KioskDbStmt) steps = NULL;

  if (!kiosk_db_begin (store->db, error))
    return FALSE;
  session = kiosk_db_prepare (store->db,
                              "UPDATE sessions SET id_number = NULL, name = NULL, phone = NULL,"
                              " photo = NULL, purged = ? WHERE id = ?",
                              error);
  steps = session ? kiosk_db_prepare (store->db,
                                      "UPDATE steps SET payload = NULL"
                                      " WHERE session_id = ? AND payload IS NOT NULL",
                                      error)
                  : NULL;
  if (steps == NULL)
    goto fail;
  kiosk_db_stmt_bind_int64 (session, 1, now);
  kiosk_db_stmt_bind_int64 (session, 2, candidate->id);
  kiosk_db_stmt_bind_int64 (steps, 1, candidate->id);
  if (!kiosk_db_stmt_run (session, error) || !kiosk_db_stmt_run (steps, error))
    goto fail;
  g_clear_pointer (&session, kiosk_db_stmt_free);
  g_clear_pointer (&steps, kiosk_db_stmt_free);
  if (!kiosk_db_commit (store->db, error))
    goto fail;
  return TRUE;

fail:
  kiosk_db_rollback (store->db);
  return FALSE;
}

gint64
kiosk_store_purge (KioskStore *store, gint64 now, guint retention_days, GError **error)
{
  g_autoptr (GPtrArray) candidates
      = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
  g_autoptr (KioskDbStmt) select = NULL;
  gint64 cutoff = now - (gint64) retention_days * SECONDS_PER_DAY;
  gint64 purged = 0;
  KioskDbStep step;
  guint i;

  g_return_val_if_fail (KIOSK_IS_STORE (store), -1);

  select = kiosk_db_prepare (store->db,
                             "SELECT id, uuid, photo FROM sessions"
                             " WHERE finished IS NOT NULL AND finished <= ? AND purged IS NULL"
                             " ORDER BY id",
                             error);
  if (select == NULL)
    return -1;
  kiosk_db_stmt_bind_int64 (select, 1, cutoff);
  while ((step = kiosk_db_stmt_step (select, error)) == KIOSK_DB_STEP_ROW)
    {
      Candidate *candidate = g_new0 (Candidate, 1);

      candidate->id = kiosk_db_stmt_column_int64 (select, 0);
      candidate->uuid = kiosk_db_stmt_dup_column_text (select, 1);
      candidate->photo = kiosk_db_stmt_dup_column_text (select, 2);
      g_ptr_array_add (candidates, candidate);
    }
  if (step == KIOSK_DB_STEP_ERROR)
    return -1;
  g_clear_pointer (&select, kiosk_db_stmt_free);

  /* The file first, then the row: a crash in between leaves a row whose
   * photo is already gone, which the next purge finishes. */
  for (i = 0; i < candidates->len; i++)
    {
      const Candidate *candidate = g_ptr_array_index (candidates, i);

      if (!delete_photo (store, candidate))
        continue;
      if (!clear_session (store, candidate, now, error))
        return -1;
      purged++;
    }

  if (purged > 0)
    {
      g_autoptr (GDateTime) when = g_date_time_new_from_unix_utc (cutoff);
      g_autofree char *cutoff_text = when ? g_date_time_format_iso8601 (when)
                                          : g_strdup_printf ("%" G_GINT64_FORMAT, cutoff);
      g_autofree char *detail
          = g_strdup_printf ("%" G_GINT64_FORMAT " sessions finished before %s (retention %u days)",
                             purged, cutoff_text, retention_days);
      if (kiosk_store_audit_append (store, "retention", "retention.purge", detail, error) <= 0)
        return -1;
    }
  g_debug ("retention: %" G_GINT64_FORMAT " sessions purged", purged);
  return purged;
}

/* ---- the purge in a running program --------------------------------------- */

typedef struct
{
  KioskStore *store; /* strong */
  guint retention_days;
} RetentionTimer;

static void
retention_timer_free (gpointer data)
{
  RetentionTimer *timer = data;

  g_object_unref (timer->store);
  g_free (timer);
}

gint64
kiosk_store_purge_due (KioskStore *store, guint retention_days)
{
  g_autoptr (GError) error = NULL;
  gint64 purged;

  g_return_val_if_fail (KIOSK_IS_STORE (store), -1);

  purged = kiosk_store_purge (store, kiosk_store_now (store), retention_days, &error);
  if (purged < 0)
    g_warning ("retention: the purge failed, tried again at the next run: %s", error->message);
  else if (purged > 0)
    g_message ("retention: personal data of %" G_GINT64_FORMAT
               " sessions finished more than %u days ago cleared",
               purged, retention_days);
  return purged;
}

static gboolean
on_retention_timer (gpointer data)
{
  RetentionTimer *timer = data;

  kiosk_store_purge_due (timer->store, timer->retention_days);
  return G_SOURCE_CONTINUE;
}

guint
kiosk_store_retention_start (KioskStore *store, guint retention_days, guint interval_s)
{
  RetentionTimer *timer;

  g_return_val_if_fail (KIOSK_IS_STORE (store), 0);
  g_return_val_if_fail (interval_s > 0, 0);

  kiosk_store_purge_due (store, retention_days);
  timer = g_new0 (RetentionTimer, 1);
  timer->store = g_object_ref (store);
  timer->retention_days = retention_days;
  return g_timeout_add_seconds_full (G_PRIORITY_LOW, interval_s, on_retention_timer, timer,
                                     retention_timer_free);
}
