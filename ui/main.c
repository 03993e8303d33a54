/* main.c — the kiosk program */
#define G_LOG_DOMAIN "sskiosk"

#include "config.h"

#include <locale.h>

#include "kiosk-application.h"
#include "kiosk-log.h"

/* In service nothing may open the GTK inspector, not even the environment
 * (GTK_DEBUG=interactive is read when GTK starts, before any window); the
 * developer's --windowed keeps it. */
static gboolean
is_windowed (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--windowed") || g_str_equal (argv[i], "-w"))
      return TRUE;
  return FALSE;
}

int
main (int argc, char **argv)
{
  g_autoptr (KioskApplication) app = NULL;

  setlocale (LC_ALL, "");
  kiosk_log_init ();
  if (!is_windowed (argc, argv))
    {
      g_unsetenv ("GTK_DEBUG");
      g_unsetenv ("GTK_INSPECTOR_DISPLAY");
    }

  app = kiosk_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
