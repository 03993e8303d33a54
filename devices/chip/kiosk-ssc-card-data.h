/* kiosk-ssc-card-data.h — what a social security card's chip says, labelled
 *
 * Filled from the records of EF05 (issuer data) and EF06 (holder data) under
 * the SSSE DDF by kiosk_ssc_record_decode() (kiosk-ssc-record.h); the UI and
 * the flows see these fields, never APDUs or raw records.
 *
 * This is personal data. Never log a field; show it only through the kiosk's
 * masking (kiosk_mask()). kiosk_ssc_card_data_free() overwrites every string
 * with explicit_bzero() before freeing it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  /* EF05, issuer data. */
  char *identification_code; /* 01: 16 bytes as 32 upper-case hex digits; the first six are
                                the issuing region, then D156000005 */
  char *card_type;           /* 02: one character as stored ("3") */
  char *spec_version;        /* 03: "1.00", "2.00", "3.00" */
  char *issuer;              /* 04: issuing organisation code, 12 characters */
  char *issue_date;          /* 05: YYYYMMDD (BCD on the card) */
  char *expiry_date;         /* 06: YYYYMMDD (BCD on the card) */
  char *card_number;         /* 07: 9 characters: 8 alphanumerics + check character */

  /* EF06, holder data. */
  char *ssn;        /* 08: social security number, 18 characters (the ID number) */
  char *name;       /* 09: UTF-8, converted from GBK (GB 18030) */
  guint sex;        /* 0A: GB/T 2261.1: 1 male, 2 female, 0 unknown, 9 unspecified */
  char *nation;     /* 0B: ethnic code "01"…"56", "97", "98" */
  char *birthplace; /* 0C: 6-digit region code (BCD on the card) */
  char *birth_date; /* 0D: YYYYMMDD (BCD on the card) */

  /* Which records were decoded: bit `tag` set for tag 0x01…0x0D. */
  guint32 present;
} KioskSscCardData;

KioskSscCardData *kiosk_ssc_card_data_new (void);
KioskSscCardData *kiosk_ssc_card_data_copy (const KioskSscCardData *data);
/* Overwrites every field with zeros and frees it. NULL is ignored. */
void kiosk_ssc_card_data_free (KioskSscCardData *data);
/* Overwrites and frees the fields, leaving an empty struct. */
void kiosk_ssc_card_data_wipe (KioskSscCardData *data);
/* explicit_bzero() the string, then free it; *string becomes NULL. */
void kiosk_ssc_wipe_string (char **string);

/* TRUE when the record with `tag` (0x01…0x0D) was decoded. */
gboolean kiosk_ssc_card_data_has (const KioskSscCardData *data, guint8 tag);
/* TRUE when both records hold the same values (the read-back check after
 * personalisation, ISSUANCE.md step 7). */
gboolean kiosk_ssc_card_data_equal (const KioskSscCardData *a, const KioskSscCardData *b);

/* "社会保障卡" style labels for the UI: the sex (男/女/未知) and the version
 * ("第三代社会保障卡" for 3.00). Never NULL. */
const char *kiosk_ssc_sex_label (guint sex);
const char *kiosk_ssc_generation_label (const char *spec_version);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskSscCardData, kiosk_ssc_card_data_free)

G_END_DECLS
