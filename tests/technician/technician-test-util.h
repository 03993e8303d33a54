/* technician-test-util.h — small helpers shared by the technician tests */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

#include "kiosk-store.h"
#include "kiosk-test.h"

/* A fresh directory inside the run's private tree. */
static inline char *
tech_test_dir (const char *what)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("%s-%u", what, ++counter);

  return kiosk_test_make_dir (name);
}

/* A clock the test moves by hand (Unix seconds). */
typedef struct
{
  gint64 now;
} TechTestClock;

static inline gint64
tech_test_clock_read (gpointer user_data)
{
  return ((TechTestClock *) user_data)->now;
}

/* A store in `dir`/kiosk.db with the clock pinned (clock may be NULL). */
static inline KioskStore *
tech_test_store (const char *dir, TechTestClock *clock)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "kiosk.db", NULL);
  KioskStore *store = kiosk_store_open (path, NULL, "JL-TEST-0001", &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  if (clock != NULL)
    kiosk_store_set_clock (store, tech_test_clock_read, clock);
  return store;
}

/* The actions of the audit log, oldest first, joined by spaces. */
static inline char *
tech_test_audit_actions (KioskStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = kiosk_store_audit_list (store, 1000, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = entries->len; i > 0; i--)
    {
      const KioskAuditEntry *entry = g_ptr_array_index (entries, i - 1);

      g_string_append_printf (out, "%s%s", out->len ? " " : "", entry->action);
    }
  return g_string_free (out, FALSE);
}

static inline void
tech_test_assert_chain_ok (KioskStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskAuditVerdict) verdict = kiosk_store_audit_verify (store, &error);

  g_assert_no_error (error);
  g_assert_true (verdict->ok);
}

/* Runs the default main context until *done. */
static inline void
tech_test_wait (gboolean *done)
{
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
}
