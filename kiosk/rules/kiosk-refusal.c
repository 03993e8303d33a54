#include "config.h"

#define G_LOG_DOMAIN "kiosk-rules"

#include "kiosk-refusal.h"

G_DEFINE_BOXED_TYPE (KioskRefusal, kiosk_refusal, kiosk_refusal_copy, kiosk_refusal_free)

KioskRefusal *
kiosk_refusal_new (int rule, const char *message, const char *remedy, const char *window)
{
  KioskRefusal *refusal;

  g_return_val_if_fail (rule >= 1 && rule <= 23, NULL);
  g_return_val_if_fail (message != NULL, NULL);
  g_return_val_if_fail (remedy != NULL, NULL);

  refusal = g_new0 (KioskRefusal, 1);
  refusal->rule = rule;
  refusal->message = g_strdup (message);
  refusal->remedy = g_strdup (remedy);
  refusal->window = g_strdup (window);
  return refusal;
}

KioskRefusal *
kiosk_refusal_copy (const KioskRefusal *refusal)
{
  g_return_val_if_fail (refusal != NULL, NULL);

  return kiosk_refusal_new (refusal->rule, refusal->message, refusal->remedy, refusal->window);
}

void
kiosk_refusal_free (KioskRefusal *refusal)
{
  if (refusal == NULL)
    return;
  g_free (refusal->message);
  g_free (refusal->remedy);
  g_free (refusal->window);
  g_free (refusal);
}

char *
kiosk_refusal_rule_label (const KioskRefusal *refusal)
{
  g_return_val_if_fail (refusal != NULL, NULL);

  return g_strdup_printf ("R%d", refusal->rule);
}

char *
kiosk_refusal_to_string (const KioskRefusal *refusal)
{
  g_return_val_if_fail (refusal != NULL, NULL);

  return g_strdup_printf ("R%d: %s %s", refusal->rule, refusal->message, refusal->remedy);
}
