/* kiosk-ssc-record.h — the records of EF05 and EF06 of the social security card
 *
 * Under the SSSE DDF (sx1.sh.社会保障) the card keeps two record files whose
 * every record is one TLV: tag (1 byte), length (1 byte, or 81 xx), value —
 * exactly what READ RECORD returns (DEVICE-FACTS.md):
 *
 *   EF05 (SFI 5): 01 identification code (16) · 02 card type (1) · 03 spec
 *   version (4, "3.00") · 04 issuing organisation (12) · 05 issue date (4 BCD)
 *   · 06 expiry date (4 BCD) · 07 card number (9)
 *   EF06 (SFI 6): 08 social security number (18) · 09 name (30, GBK,
 *   zero-padded) · 0A sex (1, '1'/'2') · 0B nation (1, binary 1…56, 97, 98)
 *   · 0C birthplace (3 BCD) · 0D birth date (4 BCD)
 *
 * Decoding is a pure function from bytes to a field of KioskSscCardData or a
 * GError; error messages name the field, never its value (it is personal
 * data). Fuzzed by tests/fuzz/fuzz-ssc-record.c. Encoding is the inverse, for
 * the virtual card and the tests.
 */
#pragma once

#include <glib.h>

#include "kiosk-ssc-card-data.h"

G_BEGIN_DECLS

#define KIOSK_SSC_RECORD_ERROR (kiosk_ssc_record_error_quark ())
GQuark kiosk_ssc_record_error_quark (void);

typedef enum
{
  KIOSK_SSC_RECORD_ERROR_TRUNCATED,   /* fewer bytes than the TLV announces */
  KIOSK_SSC_RECORD_ERROR_MALFORMED,   /* bad length form, garbage after the value */
  KIOSK_SSC_RECORD_ERROR_UNKNOWN_TAG, /* not one of 01…0D */
  KIOSK_SSC_RECORD_ERROR_BAD_LENGTH,  /* the value is not as long as the field */
  KIOSK_SSC_RECORD_ERROR_BAD_BCD,     /* a nibble above 9 */
  KIOSK_SSC_RECORD_ERROR_BAD_DATE,    /* digits, but no calendar date */
  KIOSK_SSC_RECORD_ERROR_BAD_TEXT,    /* not GBK, not the characters the field allows */
  KIOSK_SSC_RECORD_ERROR_BAD_VALUE,   /* sex or nation code out of range */
  KIOSK_SSC_RECORD_ERROR_MISSING,     /* a field the card must have is absent */
} KioskSscRecordError;

/* sx1.sh.社会保障 in GBK: the name of the SSSE DDF. */
#define KIOSK_SSC_DDF_NAME_LEN 15
extern const guint8 kiosk_ssc_ddf_name[KIOSK_SSC_DDF_NAME_LEN];

#define KIOSK_SSC_FILE_EF05 0xEF05
#define KIOSK_SSC_FILE_EF06 0xEF06
#define KIOSK_SSC_SFI_EF05  0x05
#define KIOSK_SSC_SFI_EF06  0x06

#define KIOSK_SSC_TAG_FIRST 0x01
#define KIOSK_SSC_TAG_LAST  0x0D

typedef struct
{
  guint8 tag;
  guint16 file;      /* KIOSK_SSC_FILE_EF05 or _EF06 */
  guint8 record;     /* the record number the kiosk's own cards use (EF06 skips 3) */
  gsize max_len;     /* the value's length on the card */
  gboolean variable; /* the value may be shorter than max_len (the name) */
  const char *name;  /* "card number": for error messages */
  const char *key;   /* "card_number": for key files and JSON */
} KioskSscField;

/* The field of `tag`, or NULL. */
const KioskSscField *kiosk_ssc_field_lookup (guint8 tag);
/* Every field, in tag order. */
const KioskSscField *kiosk_ssc_fields (gsize *n_fields);

/* One record split into its parts; `value` points into the parsed bytes. */
typedef struct
{
  guint8 tag;
  const guint8 *value;
  gsize len;
} KioskSscRecord;

/* Splits a record into tag and value. Trailing 00 or FF padding after the
 * value is allowed, anything else after it is MALFORMED. */
gboolean
kiosk_ssc_record_parse (const guint8 *raw, gsize len, KioskSscRecord *record, GError **error);

/* Parses a record and stores its field in `data` (replacing an earlier one).
 * On error `data` is unchanged. */
gboolean
kiosk_ssc_record_decode (const guint8 *raw, gsize len, KioskSscCardData *data, GError **error);

/* TRUE when `data` has every field of `file` (EF05 or EF06); else MISSING,
 * naming the first absent field. */
gboolean
kiosk_ssc_card_data_check_file (const KioskSscCardData *data, guint16 file, GError **error);

/* The record of `tag` for `data` (tag, length, value), as UPDATE RECORD
 * writes it. Errors when the field is absent or does not fit the card's
 * format (BAD_TEXT, BAD_DATE, BAD_VALUE, MISSING). */
GBytes *kiosk_ssc_record_encode (const KioskSscCardData *data, guint8 tag, GError **error);

/* Sets a field from its text form (as in a card file of the virtual card:
 * "20240501", "张三", "1"), checked as a decoded value would be. */
gboolean
kiosk_ssc_card_data_set_text (KioskSscCardData *data, guint8 tag, const char *text, GError **error);

G_END_DECLS
