/* kiosk-center-application.c — the answer to a green-channel application */
#include "config.h"

#define G_LOG_DOMAIN "kiosk-center"

#include "kiosk-center-application.h"

G_DEFINE_BOXED_TYPE (KioskCenterApplication,
                     kiosk_center_application,
                     kiosk_center_application_copy,
                     kiosk_center_application_free)

KioskCenterApplication *
kiosk_center_application_new (void)
{
  return g_new0 (KioskCenterApplication, 1);
}

KioskCenterApplication *
kiosk_center_application_copy (const KioskCenterApplication *app)
{
  KioskCenterApplication *copy;

  g_return_val_if_fail (app != NULL, NULL);

  copy = kiosk_center_application_new ();
  copy->application_id = g_strdup (app->application_id);
  copy->card_number = g_strdup (app->card_number);
  copy->bank = g_strdup (app->bank);
  if (app->script != NULL)
    copy->script = kiosk_apdu_script_copy (app->script);
  return copy;
}

void
kiosk_center_application_free (KioskCenterApplication *app)
{
  if (app == NULL)
    return;
  g_free (app->application_id);
  g_free (app->card_number);
  g_free (app->bank);
  g_clear_pointer (&app->script, kiosk_apdu_script_free);
  g_free (app);
}
