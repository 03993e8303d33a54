/* kiosk-test-audit.h — what someone holding the database file could do to the audit chain
 *
 * For the tests of issue 7 §6: the chain rewritten from an entry on with the
 * chain's own rules (every later hash and the recorded head recomputed), so
 * that it verifies against itself — only a witness kept outside can tell.
 * Header-only; for tests that link the store.
 */
#pragma once

#include <glib.h>

#include "kiosk-db.h"
#include "kiosk-store.h"

/* Entry `from` gets the detail `detail`; it and every entry after it are
 * re-hashed, and the recorded head follows. The append-only triggers are
 * dropped first, as someone editing the file would. */
static inline void
kiosk_test_rewrite_audit_chain (KioskStore *store, gint64 from, const char *detail)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = kiosk_store_audit_list (store, G_MAXINT, &error);
  KioskDb *db = kiosk_store_get_db (store);
  g_autofree char *prev = NULL;

  g_assert_no_error (error);
  g_assert_true (kiosk_db_exec (db,
                                "DROP TRIGGER IF EXISTS audit_no_update;"
                                " DROP TRIGGER IF EXISTS audit_no_delete;",
                                &error));
  g_assert_no_error (error);
  /* The list is newest first: walk it oldest first. */
  for (guint i = entries->len; i-- > 0;)
    {
      const KioskAuditEntry *entry = g_ptr_array_index (entries, i);
      const char *text = entry->seq == from ? detail : entry->detail;
      g_autofree char *hash = NULL;
      g_autoptr (KioskDbStmt) update = NULL;
      g_autoptr (KioskDbStmt) head = NULL;

      if (entry->seq < from)
        {
          g_free (prev);
          prev = g_strdup (entry->hash);
          continue;
        }
      if (prev == NULL)
        prev = g_strdup (entry->prev_hash);
      hash = kiosk_audit_entry_compute_hash (prev, entry->seq, entry->time, entry->actor,
                                             entry->action, text);
      update = kiosk_db_prepare (db,
                                 "UPDATE audit SET detail = ?, prev_hash = ?, hash = ?"
                                 " WHERE seq = ?",
                                 &error);
      g_assert_no_error (error);
      kiosk_db_stmt_bind_text (update, 1, text);
      kiosk_db_stmt_bind_text (update, 2, prev);
      kiosk_db_stmt_bind_text (update, 3, hash);
      kiosk_db_stmt_bind_int64 (update, 4, entry->seq);
      g_assert_true (kiosk_db_stmt_run (update, &error));
      head = kiosk_db_prepare (db, "UPDATE audit_head SET hash = ? WHERE seq = ?", &error);
      g_assert_no_error (error);
      kiosk_db_stmt_bind_text (head, 1, hash);
      kiosk_db_stmt_bind_int64 (head, 2, entry->seq);
      g_assert_true (kiosk_db_stmt_run (head, &error));
      g_free (prev);
      prev = g_steal_pointer (&hash);
    }
}
