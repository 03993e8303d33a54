/* kiosk-progress.c — the answer to a progress query (R16) */
#include "config.h"

#define G_LOG_DOMAIN "kiosk-center"

#include "kiosk-progress.h"

G_DEFINE_BOXED_TYPE (KioskProgress, kiosk_progress, kiosk_progress_copy, kiosk_progress_free)

KioskProgress *
kiosk_progress_new (void)
{
  KioskProgress *progress = g_new0 (KioskProgress, 1);

  progress->stage = KIOSK_CARD_STAGE_APPLIED;
  progress->kind = KIOSK_CARD_KIND_FORMAL;
  progress->pre_account_failure = KIOSK_PRE_ACCOUNT_FAILURE_NONE;
  return progress;
}

KioskProgress *
kiosk_progress_copy (const KioskProgress *progress)
{
  KioskProgress *copy;

  g_return_val_if_fail (progress != NULL, NULL);

  copy = g_new0 (KioskProgress, 1);
  *copy = *progress;
  copy->card_number = g_strdup (progress->card_number);
  copy->window = g_strdup (progress->window);
  copy->bank = g_strdup (progress->bank);
  copy->text = g_strdup (progress->text);
  return copy;
}

void
kiosk_progress_free (KioskProgress *progress)
{
  if (progress == NULL)
    return;
  g_free (progress->card_number);
  g_free (progress->window);
  g_free (progress->bank);
  g_free (progress->text);
  g_free (progress);
}
