/* kiosk-guidance.h — one piece of advice for the citizen, citing its rule */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  int rule;   /* 20 means R20 */
  char *text; /* Chinese, for the citizen; no personal data */
} KioskGuidance;

KioskGuidance *kiosk_guidance_new (int rule, const char *text);
void kiosk_guidance_free (KioskGuidance *guidance);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskGuidance, kiosk_guidance_free)

G_END_DECLS
