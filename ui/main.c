/* main.c — the kiosk program */
#define G_LOG_DOMAIN "sskiosk"

#include "config.h"

#include <locale.h>
#include <malloc.h>

#include "kiosk-application.h"
#include "kiosk-log.h"
#include "kiosk-paths.h"
#include "kiosk-ui-fonts.h"

/* In service nothing may open the GTK inspector or change the program from
 * the environment; the developer's --windowed keeps every variable.
 *
 * Refused (the program does not start): what brings foreign code into the
 * process or was read before main() — too late to take back. */
static const char *const refused_env[] = {
  "LD_PRELOAD",
  "LD_AUDIT",
  "LD_LIBRARY_PATH",
  "GTK_MODULES",
  "GTK_PATH",
  "GTK_EXE_PREFIX",
  "GIO_EXTRA_MODULES",
  "GST_PLUGIN_PATH",
  "GOBJECT_DEBUG",
  "G_DEBUG",
  NULL,
};

/* Ignored (removed before GTK starts, which reads them): the inspector and
 * GTK's debugging switches. G_MESSAGES_DEBUG stays: debug messages go
 * through the log writer, which masks them like every other line. */
static const char *const ignored_env[] = {
  "GTK_DEBUG", "GTK_INSPECTOR_DISPLAY", "GTK_INSPECTOR_RENDERER", "GDK_DEBUG", "GSK_DEBUG", NULL,
};

static gboolean
is_windowed (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--windowed") || g_str_equal (argv[i], "-w"))
      return TRUE;
  return FALSE;
}

/* FALSE (with the message printed) when a refused variable is set. */
static gboolean
lock_down_environment (void)
{
  gboolean ok = TRUE;

  for (guint i = 0; refused_env[i] != NULL; i++)
    {
      const char *value = g_getenv (refused_env[i]);

      if (value != NULL && *value != '\0')
        {
          g_printerr ("sskiosk: %s is set: refused in service (use --windowed to develop)\n",
                      refused_env[i]);
          ok = FALSE;
        }
    }
  for (guint i = 0; ignored_env[i] != NULL; i++)
    if (g_getenv (ignored_env[i]) != NULL)
      {
        g_message ("%s ignored in service", ignored_env[i]);
        g_unsetenv (ignored_env[i]);
      }
  return ok;
}

/* The UI's font subset (docs/performance.md): installed beside the data,
 * or in the build tree when the program runs from there (the developer
 * script, the tests, the benchmarks). Without it the full faces are used. */
static void
use_ui_fonts (void)
{
  g_autofree char *installed = kiosk_paths_data_file ("fonts");
  g_autoptr (GError) error = NULL;

  if (kiosk_ui_fonts_use (installed, &error))
    return;
#ifdef KIOSK_UI_FONT_BUILDDIR
  g_clear_error (&error);
  if (kiosk_ui_fonts_use (KIOSK_UI_FONT_BUILDDIR, &error))
    return;
#endif
  g_debug ("UI font subset not used: %s", error->message);
}

int
main (int argc, char **argv)
{
  g_autoptr (KioskApplication) app = NULL;

  /* glibc gives every thread that allocates its own malloc arena and keeps
   * each at its peak: the journal's commit worker, the render thread and
   * the devices' workers grew a long-running kiosk by MBs that never came
   * back (bench: 1,000 sessions, docs/performance.md). Two arenas are
   * plenty for a program whose threads mostly wait. */
  mallopt (M_ARENA_MAX, 2);
  /* And a block of 256 kB or more (a camera frame, a decoded photo, a card
   * face's surface) is mapped and given back when freed, always: glibc's
   * own threshold rises to the largest block freed, and such blocks then
   * stay in the heap at their peak (1,000 sessions: 2.7 MB smaller). */
  mallopt (M_MMAP_THRESHOLD, 256 * 1024);
  mallopt (M_TRIM_THRESHOLD, 512 * 1024);
  setlocale (LC_ALL, "");
  kiosk_log_init ();
  if (!is_windowed (argc, argv) && !lock_down_environment ())
    return 1;
  use_ui_fonts ();

  app = kiosk_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
