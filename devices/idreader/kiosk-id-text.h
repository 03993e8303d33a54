/* kiosk-id-text.h — the 256-byte text block of the ID card chip
 *
 * UCS-2 little-endian, fields at fixed offsets, padded with spaces. The type
 * flag at byte 248 tells the layout: 'J' 港澳台居民居住证, 'I' 外国人永久居留身份证
 * (2017), 'Y' the 2023 foreigner card; anything else is a resident ID card
 * (reserved bytes). The tables are in docs/devices.md.
 *
 * The parser is a pure function: any 256 bytes give a card or a clear
 * GError, never a crash (tests/fuzz/fuzz-id-text.c). The encoder is its
 * inverse, used by the simulator and the round-trip tests.
 */
#pragma once

#include <glib.h>

#include "kiosk-id-card-data.h"

G_BEGIN_DECLS

#define KIOSK_ID_TEXT_LEN 256

#define KIOSK_ID_TEXT_ERROR (kiosk_id_text_error_quark ())
GQuark kiosk_id_text_error_quark (void);

typedef enum
{
  KIOSK_ID_TEXT_ERROR_LENGTH,   /* not 256 bytes */
  KIOSK_ID_TEXT_ERROR_ENCODING, /* not valid UCS-2 text (surrogates, control characters) */
  KIOSK_ID_TEXT_ERROR_FIELD,    /* a field is missing or malformed; the message names it */
  KIOSK_ID_TEXT_ERROR_TOO_LONG, /* encoder: a value does not fit its field */
} KioskIdTextError;

KioskIdCardData *kiosk_id_text_parse (const guint8 *block, gsize len, GError **error);

/* Writes `data` as a 256-byte block into `block`. Fails (TOO_LONG, FIELD) if a
 * value does not fit or is not what the chip could carry. */
gboolean
kiosk_id_text_encode (const KioskIdCardData *data, guint8 block[KIOSK_ID_TEXT_LEN], GError **error);

G_END_DECLS
