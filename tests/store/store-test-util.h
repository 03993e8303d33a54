/* store-test-util.h — small helpers shared by the store tests */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

/* A fresh directory inside the test's isolated directory tree
 * (G_TEST_OPTION_ISOLATE_DIRS), which GLib removes after a passing test. */
static inline char *
store_test_tmpdir (void)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("store-test-%u", ++counter);
  char *dir = g_build_filename (g_get_user_data_dir (), name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}
