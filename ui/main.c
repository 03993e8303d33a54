/* main.c — the kiosk program */
#define G_LOG_DOMAIN "sskiosk"

#include "config.h"

#include <locale.h>

#include "kiosk-application.h"
#include "kiosk-log.h"

int
main (int argc, char **argv)
{
  g_autoptr (KioskApplication) app = NULL;

  setlocale (LC_ALL, "");
  kiosk_log_init ();

  app = kiosk_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
