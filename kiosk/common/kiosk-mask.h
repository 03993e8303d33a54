/* kiosk-mask.h — the one masking rule for personal data on screens, receipts and logs
 *
 * Every display helper and every log line goes through these functions, so the
 * rule is decided in exactly one place.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KIOSK_MASK_ID_NUMBER, /* 2201**********123X: first 4 and last 4 kept */
  KIOSK_MASK_PHONE,     /* 139****5678: first 3 and last 4 kept */
  KIOSK_MASK_NAME,      /* 张*, 欧阳**: first character kept */
  KIOSK_MASK_CARD,      /* A1******X: first 1 and last 1 kept (9-char card number) */
  KIOSK_MASK_ADDRESS,   /* 吉林省长春市****: first 6 characters kept */
} KioskMaskKind;

char *kiosk_mask (KioskMaskKind kind, const char *value);

/* Masks anything in free text that looks like an ID number (15 or 17 digits
 * plus a digit or X) or a mobile number (11 digits starting with 1). Used by
 * the log writer as a last line of defence; callers still mask names and
 * addresses themselves, which cannot be recognised in free text. */
char *kiosk_mask_text (const char *text);

/* Masks the string values of the personal members of JSON text — "name",
 * "id_number", "phone", "address", "card_number" — by their rule, then the
 * rest with kiosk_mask_text(). For journal payloads on a screen or in a log:
 * the journal itself keeps what recovery needs. */
char *kiosk_mask_json (const char *json);

G_END_DECLS
