/* kiosk-card-number.h — the social security card number (EF05 record 07)
 *
 * A card number is 9 ASCII characters: 8 of [0-9A-Z] followed by one check
 * character (DEVICE-FACTS.md, "EF05 records"). The province's own check
 * algorithm is not public, so the embedded center and the kiosk agree on this
 * one, documented in docs/center.md:
 *
 *   ISO/IEC 7064 MOD 37-2 over the 36 characters 0-9 = 0..9, A-Z = 10..35.
 *   It catches every single substitution and every adjacent transposition.
 *
 * MOD 37-2 has 37 check values; the 37th is written '*'. A card number is
 * 9 alphanumerics (the chip's EF05 record 07, and devices/chip checks it so),
 * so a body whose check character would be '*' makes no valid number: the
 * simulator skips such serials, and kiosk_card_number_is_valid() refuses
 * them. (On a receipt '*' would also read like a masked digit.)
 *
 * A network client would swap in the province's algorithm here, in one place.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KIOSK_CARD_NUMBER_LEN      9 /* 8 characters + 1 check character */
#define KIOSK_CARD_NUMBER_BODY_LEN 8

/* The check character ('0'…'9', 'A'…'Z' or '*') for an 8-character body of
 * [0-9A-Z] (lower-case letters are not accepted). Returns '\0' when `body` is
 * NULL, not exactly 8 characters long or has a character outside [0-9A-Z]. */
char kiosk_card_number_check_char (const char *body);

/* TRUE when `number` is 8 characters of [0-9A-Z] followed by the check
 * character of those 8, which must itself be one of [0-9A-Z] (never '*'). */
gboolean kiosk_card_number_is_valid (const char *number);

G_END_DECLS
