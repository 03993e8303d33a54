#include "config.h"

#define G_LOG_DOMAIN "kiosk-rules"

#include "kiosk-guidance.h"

KioskGuidance *
kiosk_guidance_new (int rule, const char *text)
{
  KioskGuidance *guidance;

  g_return_val_if_fail (rule >= 1 && rule <= 23, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  guidance = g_new0 (KioskGuidance, 1);
  guidance->rule = rule;
  guidance->text = g_strdup (text);
  return guidance;
}

void
kiosk_guidance_free (KioskGuidance *guidance)
{
  if (guidance == NULL)
    return;
  g_free (guidance->text);
  g_free (guidance);
}
