/* kiosk-validate-private.h — the first steps every validator shares (kiosk-validate*.c only) */
#pragma once

#include "kiosk-validate.h"

G_BEGIN_DECLS

/* Sets `error` (if not NULL) in KIOSK_VALIDATE_ERROR and returns FALSE. */
gboolean kiosk_validate_fail (GError **error, KioskValidateError code, const char *format, ...)
    G_GNUC_PRINTF (3, 4);

/* `today` if valid, else the local date. */
void kiosk_validate_today_or_local (const GDate *today, GDate *out);

/* Refuses NULL, empty, oversize, invalid UTF-8, control and invisible
 * formatting characters; returns a copy trimmed of surrounding white space
 * (also U+3000, BOM). `what` names the field in the message. */
char *kiosk_validate_prepare (const char *in, const char *what, GError **error);

/* Full-width ASCII variants, U+3000 and dashes folded to ASCII; the rest kept. */
char *kiosk_validate_fold_to_ascii (const char *s);

/* Removes every (ASCII) character of `drop` from `s`, in place. */
void kiosk_validate_strip_chars (char *s, const char *drop);

gboolean kiosk_validate_all_digits (const char *s, gsize n);

/* Two ASCII digits as a number. */
int kiosk_validate_two_digits (const char *s);

G_END_DECLS
