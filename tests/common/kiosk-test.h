/* kiosk-test.h — shared set-up for the kiosk's GTest programs
 *
 * kiosk_test_init() replaces g_test_init (…, G_TEST_OPTION_ISOLATE_DIRS, …):
 * GLib 2.74 leaks in its isolation (LeakSanitizer reports it in every test),
 * so the tests point HOME and the XDG directories at a fresh temporary
 * directory themselves, before GLib caches them. The directory is left for
 * inspection when a test fails and removed by kiosk_test_run() otherwise.
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

static char *kiosk_test_dir;

static inline void
kiosk_test_rm_rf (const char *path)
{
  GDir *dir;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          char *child = g_build_filename (path, name, NULL);
          kiosk_test_rm_rf (child);
          g_free (child);
        }
      if (dir != NULL)
        g_dir_close (dir);
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static inline void
kiosk_test_init (int *argc, char ***argv)
{
  const char *vars[] = { "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME",
                         "XDG_RUNTIME_DIR" };
  gsize i;

  kiosk_test_dir = g_dir_make_tmp ("kiosk-test-XXXXXX", NULL);
  g_setenv ("HOME", kiosk_test_dir, TRUE);
  for (i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      char *sub = g_build_filename (kiosk_test_dir, vars[i], NULL);
      g_mkdir_with_parents (sub, 0700);
      g_setenv (vars[i], sub, TRUE);
      g_free (sub);
    }
  g_test_init (argc, argv, NULL);
}

/* A fresh directory below the test's temporary directory. */
static inline char *
kiosk_test_make_dir (const char *name)
{
  char *path = g_build_filename (kiosk_test_dir, name, NULL);
  g_mkdir_with_parents (path, 0700);
  return path;
}

static inline int
kiosk_test_run (void)
{
  int rc = g_test_run ();

  if (rc == 0 && kiosk_test_dir != NULL)
    kiosk_test_rm_rf (kiosk_test_dir);
  g_clear_pointer (&kiosk_test_dir, g_free);
  return rc;
}
