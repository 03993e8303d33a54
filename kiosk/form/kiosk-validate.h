/* kiosk-validate.h — validators of the single fields of the application form (附件1)
 *
 * Each validator is a pure function from what was typed (or read from a chip)
 * to a normalised value or a GError in KIOSK_VALIDATE_ERROR whose message is
 * Chinese, for the citizen. Inputs may be anything: NULL, empty, invalid
 * UTF-8, megabytes — the answer is an error, never a crash. Surrounding
 * spaces (also U+3000) are trimmed and full-width digits and letters folded
 * to ASCII. `normalised` may be NULL; it is set only on success.
 *
 * Where a validator needs "today" (birth date not in the future, ID expiry)
 * the _at variant takes it; the plain one uses the local date. Where it needs
 * a list (regions, ethnic groups) it takes a KioskCatalog; the plain one uses
 * kiosk_catalog_get_default() and fails with its KIOSK_CATALOG_ERROR if the
 * data files cannot be read. The rules are in docs/form.md.
 */
#pragma once

#include <glib.h>

#include "kiosk-catalog.h"

G_BEGIN_DECLS

#define KIOSK_VALIDATE_ERROR (kiosk_validate_error_quark ())
GQuark kiosk_validate_error_quark (void);

typedef enum
{
  KIOSK_VALIDATE_ERROR_EMPTY,         /* nothing (or only spaces) given */
  KIOSK_VALIDATE_ERROR_ENCODING,      /* invalid UTF-8, NUL or control characters */
  KIOSK_VALIDATE_ERROR_TOO_LONG,      /* longer than the field allows */
  KIOSK_VALIDATE_ERROR_TOO_SHORT,     /* shorter than the field needs */
  KIOSK_VALIDATE_ERROR_FORMAT,        /* characters or layout not allowed */
  KIOSK_VALIDATE_ERROR_CHECK_DIGIT,   /* GB 11643 check digit wrong */
  KIOSK_VALIDATE_ERROR_REGION,        /* unknown province-level region prefix */
  KIOSK_VALIDATE_ERROR_DATE,          /* no such calendar date, or out of range */
  KIOSK_VALIDATE_ERROR_FUTURE,        /* a birth date after today */
  KIOSK_VALIDATE_ERROR_LEGACY_ID,     /* a 15-digit first-generation number */
  KIOSK_VALIDATE_ERROR_EXPIRED,       /* the ID's validity ended before today */
  KIOSK_VALIDATE_ERROR_NOT_YET_VALID, /* the ID's validity starts after today */
  KIOSK_VALIDATE_ERROR_UNKNOWN_VALUE, /* not in the list (bank, ethnic group, …) */
  KIOSK_VALIDATE_ERROR_MISSING,       /* a mandatory field of the form is empty */
  KIOSK_VALIDATE_ERROR_MORE_THAN_ONE, /* more than one bank ticked (R5) */
  KIOSK_VALIDATE_ERROR_MISMATCH,      /* fields contradict each other */
} KioskValidateError;

/* No field of the form needs more bytes than this; longer input is refused
 * before it is looked at. */
#define KIOSK_VALIDATE_MAX_INPUT 1024

/* Sex codes of GB/T 2261.1, as on the ID-card chip. */
typedef enum
{
  KIOSK_SEX_UNKNOWN = 0,
  KIOSK_SEX_MALE = 1,
  KIOSK_SEX_FEMALE = 2,
} KioskSex;

/* ID number (GB 11643-1999): 18 characters, region prefix known to the
 * catalog, a real birth date from 1900-01-01 to `today`, check digit (ISO 7064
 * MOD 11-2, 'x' normalised to 'X'). A 15-digit first-generation number is
 * refused with KIOSK_VALIDATE_ERROR_LEGACY_ID. */
gboolean kiosk_validate_id_number (const char *in, char **normalised, GError **error);
gboolean kiosk_validate_id_number_at (const KioskCatalog *catalog,
                                      const char *in,
                                      const GDate *today,
                                      char **normalised,
                                      GError **error);
/* From a valid (normalised) 18-character number. */
gboolean kiosk_validate_id_number_birth_date (const char *id_number, GDate *birth_date);
KioskSex kiosk_validate_id_number_sex (const char *id_number);
/* The 18-character form of a 15-digit first-generation number (19 inserted
 * before the year, check digit appended), for matching old records; the
 * result is checked like any ID number. */
gboolean kiosk_validate_id_number_upgrade_legacy (
    const KioskCatalog *catalog, const char *in, const GDate *today, char **id18, GError **error);

/* A number of an ID type whose scheme is KIOSK_ID_NUMBER_OTHER (passport,
 * 军官证, …): ASCII letters and digits, 4–30 characters, upper-cased. */
gboolean kiosk_validate_document_number (const char *in, char **normalised, GError **error);

/* Name: Chinese characters and the separator `·` (look-alike dots are
 * normalised to U+00B7), 2 characters or more, at most 15 UTF-16 units (the
 * ID chip's 30-byte UCS-2 field); inner spaces are removed. With `allow_latin`
 * a name of Latin letters is accepted instead (foreigner cards): A–Z, space,
 * - ' , . — upper-cased, spaces collapsed, at most 60 characters. */
gboolean
kiosk_validate_name (const char *in, gboolean allow_latin, char **normalised, GError **error);

/* Mobile: 11 digits 1[3-9]…; spaces and hyphens inside and a +86 prefix are
 * dropped. Normalised: "13912345678". */
gboolean kiosk_validate_mobile (const char *in, char **normalised, GError **error);
/* Landline with area code: 010, 02x or 0[3-9]xx, then 7–8 digits not starting
 * with 0 or 1; "(0431)85570725", "0431 85570725", "043185570725" are accepted.
 * Normalised: "0431-85570725". */
gboolean kiosk_validate_landline (const char *in, char **normalised, GError **error);
/* Either of the two, decided by the first digit (1: mobile, 0: landline). */
gboolean kiosk_validate_phone (const char *in, char **normalised, GError **error);

/* Postal code: 6 digits, first two 01–86. */
gboolean kiosk_validate_postal_code (const char *in, char **normalised, GError **error);

/* A calendar date: YYYYMMDD, YYYY-MM-DD, YYYY.MM.DD, YYYY/MM/DD or
 * YYYY年M月D日, year 1900–9999. Normalised: "YYYYMMDD". */
gboolean kiosk_validate_date (const char *in, GDate *date, char **normalised, GError **error);

/* A birth date: a date not after today. */
gboolean kiosk_validate_birth_date_at (
    const char *in, const GDate *today, GDate *date, char **normalised, GError **error);

typedef struct
{
  GDate from;
  GDate to; /* invalid (g_date_valid() FALSE) when permanent */
  gboolean permanent;
  char from_text[9]; /* "YYYYMMDD" */
  char to_text[16];  /* "YYYYMMDD" or "长期" */
} KioskIdValidity;

/* ID validity: `from` a date not after today, `to` a date after `from` and not
 * before today, or 长期 (also 長期, 长期有效). The last day printed on the card
 * is still valid. An expired ID gives KIOSK_VALIDATE_ERROR_EXPIRED. */
gboolean kiosk_validate_id_validity (const char *from,
                                     const char *to,
                                     const GDate *today,
                                     KioskIdValidity *validity,
                                     GError **error);

/* Ethnic group: a GB 3304 code ("1", "01"), a name ("汉族") or a name without
 * 族 ("汉") known to the catalog. Normalised: the two-digit code. */
gboolean kiosk_validate_ethnic_group (const KioskCatalog *catalog,
                                      const char *in,
                                      char **code,
                                      GError **error);

/* Sex: 1/男/M/male or 2/女/F/female. Normalised: "1" or "2". */
gboolean kiosk_validate_sex (const char *in, KioskSex *sex, char **normalised, GError **error);

/* One of a catalog list (occupations, industries, household types, …) by key
 * or name. Normalised: the key. */
gboolean kiosk_validate_choice (
    const KioskCatalog *catalog, KioskCatalogList list, const char *in, char **key, GError **error);
/* An ID type by key or name. Normalised: the key. */
gboolean
kiosk_validate_id_type (const KioskCatalog *catalog, const char *in, char **key, GError **error);
/* The ticked banks of the form: exactly one (R5), by key or name. */
gboolean kiosk_validate_bank (const KioskCatalog *catalog,
                              const char *const *ticked,
                              char **key,
                              GError **error);

/* Free text (address, unit name): no control characters, inner runs of
 * spaces collapsed, `min_chars`–`max_chars` characters. `what` names the
 * field in the message ("通信地址"). */
gboolean kiosk_validate_text (const char *in,
                              const char *what,
                              guint min_chars,
                              guint max_chars,
                              char **normalised,
                              GError **error);

/* The single-value kinds, for the command line and fuzzing. */
typedef enum
{
  KIOSK_VALIDATE_KIND_ID_NUMBER,
  KIOSK_VALIDATE_KIND_NAME,
  KIOSK_VALIDATE_KIND_LATIN_NAME, /* a name that may be Latin */
  KIOSK_VALIDATE_KIND_MOBILE,
  KIOSK_VALIDATE_KIND_LANDLINE,
  KIOSK_VALIDATE_KIND_PHONE,
  KIOSK_VALIDATE_KIND_POSTAL_CODE,
  KIOSK_VALIDATE_KIND_DATE,
  KIOSK_VALIDATE_KIND_ETHNIC_GROUP,
  KIOSK_VALIDATE_KIND_SEX,
  KIOSK_VALIDATE_KIND_ADDRESS,
  KIOSK_VALIDATE_KIND_DOCUMENT_NUMBER,
  KIOSK_VALIDATE_N_KINDS,
} KioskValidateKind;

/* "id-number", "name", "latin-name", "mobile", "landline", "phone",
 * "postal-code", "date", "ethnic-group", "sex", "address", "document-number". */
const char *kiosk_validate_kind_to_string (KioskValidateKind kind);
gboolean kiosk_validate_kind_from_string (const char *text, KioskValidateKind *kind);

/* Validates `len` bytes (-1: NUL-terminated) as `kind`; bytes that contain a
 * NUL are refused (KIOSK_VALIDATE_ERROR_ENCODING). */
gboolean kiosk_validate_value (const KioskCatalog *catalog,
                               KioskValidateKind kind,
                               const char *in,
                               gssize len,
                               const GDate *today,
                               char **normalised,
                               GError **error);

G_END_DECLS
