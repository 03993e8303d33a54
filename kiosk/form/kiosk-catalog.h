/* kiosk-catalog.h — the lists the application form (附件1) uses, loaded from data files
 *
 * The lists are data, not code (RULES.md, 附件2): they are GKeyFiles in the
 * data directory (kiosk_paths_data_dir(), $KIOSK_DATA_DIR in tests), read once
 * at start and immutable afterwards, so a catalog can be shared between
 * threads. A missing or broken file gives a KIOSK_CATALOG_ERROR naming the
 * file (and line or key), never a crash. The file formats are in docs/form.md.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KIOSK_CATALOG_ERROR (kiosk_catalog_error_quark ())
GQuark kiosk_catalog_error_quark (void);

typedef enum
{
  KIOSK_CATALOG_ERROR_NOT_FOUND, /* a data file is missing or unreadable */
  KIOSK_CATALOG_ERROR_PARSE,     /* not a key file (the message names the line) */
  KIOSK_CATALOG_ERROR_INVALID,   /* a key file with a missing, bad or duplicate entry */
} KioskCatalogError;

/* The simple code → name lists. */
typedef enum
{
  KIOSK_CATALOG_OCCUPATIONS,     /* occupations.ini, 专属职业 */
  KIOSK_CATALOG_INDUSTRIES,      /* industries.ini, 专属行业 */
  KIOSK_CATALOG_ETHNIC_GROUPS,   /* ethnic-groups.ini, GB 3304 codes */
  KIOSK_CATALOG_HOUSEHOLD_TYPES, /* household-types.ini, 户籍性质 */
  KIOSK_CATALOG_REGIONS,         /* regions.ini, GB/T 2260 province prefixes */
  KIOSK_CATALOG_N_LISTS,
} KioskCatalogList;

typedef struct
{
  const char *key;  /* what is stored: "01", "civil-servant" */
  const char *name; /* what the citizen sees: "汉族", "公务员" */
} KioskCatalogEntry;

typedef struct
{
  const char *key;       /* "icbc" */
  const char *name;      /* "工商银行", as on the form */
  const char *full_name; /* "中国工商银行" */
} KioskBank;

typedef struct
{
  const char *key;      /* "icbc-nandajie" */
  const char *bank_key; /* a KioskBank key */
  const char *name;     /* "工商银行南大街支行" */
  const char *city;     /* "长春市" (may be "") */
  const char *address;  /* "大马路1966号" */
  const char *phone;    /* "0431-88622067", validated at load */
} KioskWindow;

typedef enum
{
  KIOSK_ID_NUMBER_GB11643, /* 18-character citizen number */
  KIOSK_ID_NUMBER_OTHER,   /* letters and digits, 4–30 characters */
} KioskIdNumberScheme;

typedef struct
{
  const char *key;  /* "resident-id" */
  const char *name; /* "身份证" */
  KioskIdNumberScheme number;
  gboolean latin_name; /* a Latin-letter name is allowed (foreigners) */
} KioskIdType;

typedef struct _KioskCatalog KioskCatalog;

/* Loads every list from `data_dir` (NULL: kiosk_paths_data_dir()). */
KioskCatalog *kiosk_catalog_load (const char *data_dir, GError **error);

/* The process-wide catalog, loaded from kiosk_paths_data_dir() on first use
 * (a failed load is retried on the next call). Returns a new reference. */
KioskCatalog *kiosk_catalog_get_default (GError **error);

KioskCatalog *kiosk_catalog_ref (KioskCatalog *catalog);
void kiosk_catalog_unref (KioskCatalog *catalog);

/* The directory the catalog was read from. */
const char *kiosk_catalog_get_data_dir (const KioskCatalog *catalog);

/* Entries in file order; the arrays hold `const KioskCatalogEntry *` etc. and
 * belong to the catalog. */
GPtrArray *kiosk_catalog_get_list (const KioskCatalog *catalog, KioskCatalogList list);
/* By key ("01"), NULL if unknown. */
const KioskCatalogEntry *
kiosk_catalog_lookup (const KioskCatalog *catalog, KioskCatalogList list, const char *key);
/* By name ("汉族"), NULL if unknown. */
const KioskCatalogEntry *
kiosk_catalog_lookup_name (const KioskCatalog *catalog, KioskCatalogList list, const char *name);

GPtrArray *kiosk_catalog_get_banks (const KioskCatalog *catalog);
/* By key or by name (form name or full name); NULL if unknown. */
const KioskBank *kiosk_catalog_lookup_bank (const KioskCatalog *catalog, const char *key_or_name);

GPtrArray *kiosk_catalog_get_windows (const KioskCatalog *catalog);
const KioskWindow *kiosk_catalog_lookup_window (const KioskCatalog *catalog, const char *key);
/* The first window of a bank in file order (the pickup window for a card of
 * that bank), NULL if the bank has none. */
const KioskWindow *kiosk_catalog_window_for_bank (const KioskCatalog *catalog,
                                                  const char *bank_key);

GPtrArray *kiosk_catalog_get_id_types (const KioskCatalog *catalog);
/* By key or name; NULL if unknown. */
const KioskIdType *kiosk_catalog_lookup_id_type (const KioskCatalog *catalog,
                                                 const char *key_or_name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskCatalog, kiosk_catalog_unref)

G_END_DECLS
