/* kiosk-id-card-data.h — what the ID card's chip says about its holder
 *
 * Filled by kiosk_id_text_parse() from the 256-byte text block and by the
 * driver (photo, fingerprint). The chip's data is authoritative: the kiosk
 * shows it and never asks the citizen to type it again.
 *
 * This is personal data. Never log a field; show it only through
 * kiosk_mask(). kiosk_id_card_data_free() overwrites every string and buffer
 * with explicit_bzero() before freeing it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KIOSK_ID_CARD_RESIDENT,       /* 居民身份证 */
  KIOSK_ID_CARD_HKMOTW,         /* 港澳台居民居住证, type flag J */
  KIOSK_ID_CARD_FOREIGNER,      /* 外国人永久居留身份证 (2017), type flag I */
  KIOSK_ID_CARD_FOREIGNER_2023, /* 外国人永久居留身份证 (2023), type flag Y */
} KioskIdCardType;

/* "resident", "hkmotw", "foreigner", "foreigner2023" — and back. */
const char *kiosk_id_card_type_to_string (KioskIdCardType type);
gboolean kiosk_id_card_type_from_string (const char *text, KioskIdCardType *type);
/* "居民身份证", "港澳台居民居住证", "外国人永久居留身份证"… */
const char *kiosk_id_card_type_to_label (KioskIdCardType type);

typedef struct
{
  KioskIdCardType type;

  char *name;               /* Chinese name; for a foreigner without one, NULL */
  char *english_name;       /* foreigners only */
  guint sex;                /* GB/T 2261.1: 0 unknown, 1 male, 2 female, 9 unspecified */
  char *nation;             /* residents: ethnic code "01"…"56", "97", "98"; else NULL */
  char *birth_date;         /* YYYYMMDD */
  char *address;            /* residents and J only */
  char *id_number;          /* 18 characters; the 2017 foreigner card: 15 */
  char *authority;          /* issuing authority; 2017 foreigner card: its 4-character code */
  char *valid_from;         /* YYYYMMDD */
  char *valid_to;           /* YYYYMMDD, or NULL when valid_long_term */
  gboolean valid_long_term; /* 长期 */
  char *pass_number;        /* J: 港澳台居民往来内地通行证号码 */
  guint issue_count;        /* J: 签发次数; Y: 换证次数 */
  char *nationality;        /* foreigners: ISO 3166-1 alpha-3 */
  char *card_version;       /* I: the 2-character version */
  char *previous_number;    /* Y: the link to the 2017 card, 3 characters */

  /* Set by the driver, not by the text parser. */
  guint8 *photo_wlt; /* WLT-encoded photo as read from the card (1024 bytes) */
  gsize photo_wlt_len;
  guint8 *photo_bmp; /* decoded 102×126 BMP, or NULL: photo unavailable */
  gsize photo_bmp_len;
  guint8 *fingerprint; /* 30 10 only; NULL otherwise */
  gsize fingerprint_len;
} KioskIdCardData;

KioskIdCardData *kiosk_id_card_data_new (void);
KioskIdCardData *kiosk_id_card_data_copy (const KioskIdCardData *data);
/* Overwrites every field with zeros and frees it. */
void kiosk_id_card_data_free (KioskIdCardData *data);
/* Overwrites and frees the fields, leaving an empty struct. */
void kiosk_id_card_data_wipe (KioskIdCardData *data);

/* Helper for the fields: explicit_bzero() the string, then free it. */
void kiosk_id_wipe_string (char **string);

/* A card described in a key file group (the simulator's card files, the demo
 * people): type, name, sex, nation, birth, address, id_number, authority,
 * valid_from, valid_to (or 长期), pass_number, issue_count, english_name,
 * nationality, card_version, previous_number. Values are checked the same
 * way as chip data (kiosk_id_text_encode() must accept them). */
KioskIdCardData *
kiosk_id_card_data_from_keyfile (GKeyFile *keyfile, const char *group, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskIdCardData, kiosk_id_card_data_free)

G_END_DECLS
