/* store-test-util.h — small helpers shared by the store tests */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

#include "kiosk-test.h"

/* A fresh directory inside the run's private tree (kiosk_test_init), which
 * kiosk_test_run() removes after a passing run. */
static inline char *
store_test_tmpdir (void)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("store-test-%u", ++counter);
  char *dir = kiosk_test_make_dir (name);

  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
  return dir;
}

#include "kiosk-store.h"

/* A clock the test moves by hand. */
typedef struct
{
  gint64 now;
} StoreTestClock;

static inline gint64
store_test_clock_read (gpointer user_data)
{
  return ((StoreTestClock *) user_data)->now;
}

/* A store in a fresh directory, photos in <dir>/photos, the clock pinned. */
static inline KioskStore *
store_test_open (char **out_dir, StoreTestClock *clock)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "kiosk.db", NULL);
  g_autofree char *photos = g_build_filename (dir, "photos", NULL);
  KioskStore *store = kiosk_store_open (path, photos, "JL-TEST-0001", &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  if (clock != NULL)
    kiosk_store_set_clock (store, store_test_clock_read, clock);
  if (out_dir != NULL)
    *out_dir = g_steal_pointer (&dir);
  return store;
}

static inline gint64
store_test_query_int (KioskStore *store, const char *sql)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDbStmt) stmt = kiosk_db_prepare (kiosk_store_get_db (store), sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (kiosk_db_stmt_step (stmt, &error), ==, KIOSK_DB_STEP_ROW);
  g_assert_no_error (error);
  return kiosk_db_stmt_column_int64 (stmt, 0);
}
