/* kiosk-photo-check.c — the verdict on one photo, with what was measured */
#define G_LOG_DOMAIN "kiosk-photo"

#include "config.h"

#include "kiosk-photo-check.h"

KioskPhotoCheck *
kiosk_photo_check_new (void)
{
  KioskPhotoCheck *check = g_new0 (KioskPhotoCheck, 1);

  check->passed = TRUE;
  check->source_format = "unknown";
  return check;
}

void
kiosk_photo_check_free (KioskPhotoCheck *check)
{
  g_free (check);
}

void
kiosk_photo_check_add_reason (KioskPhotoCheck *check, KioskPhotoReason reason)
{
  g_return_if_fail (check != NULL);
  g_return_if_fail ((guint) reason < KIOSK_PHOTO_N_REASONS);

  check->reasons |= 1u << reason;
  check->passed = FALSE;
}

gboolean
kiosk_photo_check_has_reason (const KioskPhotoCheck *check, KioskPhotoReason reason)
{
  g_return_val_if_fail (check != NULL, FALSE);
  g_return_val_if_fail ((guint) reason < KIOSK_PHOTO_N_REASONS, FALSE);

  return (check->reasons & (1u << reason)) != 0;
}

guint
kiosk_photo_check_get_reasons (const KioskPhotoCheck *check,
                               KioskPhotoReason reasons[KIOSK_PHOTO_N_REASONS])
{
  guint i, n = 0;

  g_return_val_if_fail (check != NULL, 0);

  for (i = 0; i < KIOSK_PHOTO_N_REASONS; i++)
    if (check->reasons & (1u << i))
      reasons[n++] = (KioskPhotoReason) i;
  return n;
}

const char *
kiosk_photo_check_get_instruction (const KioskPhotoCheck *check)
{
  KioskPhotoReason reasons[KIOSK_PHOTO_N_REASONS];

  if (kiosk_photo_check_get_reasons (check, reasons) == 0)
    return NULL;
  return kiosk_photo_reason_instruction (reasons[0]);
}
