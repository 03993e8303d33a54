/* kiosk-catalog.c — the lists of the application form, loaded from data files */
#define G_LOG_DOMAIN "kiosk-catalog"

#include "config.h"

#include <string.h>

#include "kiosk-key-file.h"
#include "kiosk-catalog.h"
#include "kiosk-paths.h"
#include "kiosk-validate.h"

G_DEFINE_QUARK (kiosk - catalog - error - quark, kiosk_catalog_error)

/* A list file is a few kilobytes; anything this big is not one. */
#define MAX_FILE_SIZE (1024 * 1024)
#define MAX_KEY_LEN   40
#define MAX_NAME_LEN  60 /* characters */

struct _KioskCatalog
{
  gatomicrefcount ref_count;
  char *data_dir;
  GStringChunk *strings; /* every string the entries point to */

  GPtrArray *lists[KIOSK_CATALOG_N_LISTS]; /* KioskCatalogEntry */
  GHashTable *list_by_key[KIOSK_CATALOG_N_LISTS];
  GHashTable *list_by_name[KIOSK_CATALOG_N_LISTS];

  GPtrArray *banks; /* KioskBank */
  GHashTable *bank_by_key_or_name;
  GPtrArray *windows; /* KioskWindow */
  GHashTable *window_by_key;
  GPtrArray *id_types; /* KioskIdType */
  GHashTable *id_type_by_key_or_name;
};

typedef struct
{
  const char *file;  /* "occupations.ini" */
  const char *group; /* "occupations" */
  gboolean two_digit_codes;
} ListFile;

static const ListFile list_files[KIOSK_CATALOG_N_LISTS] = {
  [KIOSK_CATALOG_OCCUPATIONS] = { "occupations.ini", "occupations", FALSE },
  [KIOSK_CATALOG_INDUSTRIES] = { "industries.ini", "industries", FALSE },
  [KIOSK_CATALOG_ETHNIC_GROUPS] = { "ethnic-groups.ini", "ethnic-groups", TRUE },
  [KIOSK_CATALOG_HOUSEHOLD_TYPES] = { "household-types.ini", "household-types", FALSE },
  [KIOSK_CATALOG_REGIONS] = { "regions.ini", "regions", TRUE },
};

static gboolean invalid (GError **error, const char *path, const char *format, ...)
    G_GNUC_PRINTF (3, 4);

static gboolean
invalid (GError **error, const char *path, const char *format, ...)
{
  va_list args;
  g_autofree char *detail = NULL;

  if (error == NULL)
    return FALSE;
  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, KIOSK_CATALOG_ERROR, KIOSK_CATALOG_ERROR_INVALID, "数据文件有误 %s: %s", path,
               detail);
  return FALSE;
}

static KioskCatalog *
catalog_new (const char *data_dir)
{
  KioskCatalog *catalog = g_new0 (KioskCatalog, 1);
  guint i;

  g_atomic_ref_count_init (&catalog->ref_count);
  catalog->data_dir = g_strdup (data_dir);
  catalog->strings = g_string_chunk_new (4096);
  for (i = 0; i < KIOSK_CATALOG_N_LISTS; i++)
    {
      catalog->lists[i] = g_ptr_array_new_with_free_func (g_free);
      catalog->list_by_key[i] = g_hash_table_new (g_str_hash, g_str_equal);
      catalog->list_by_name[i] = g_hash_table_new (g_str_hash, g_str_equal);
    }
  catalog->banks = g_ptr_array_new_with_free_func (g_free);
  catalog->bank_by_key_or_name = g_hash_table_new (g_str_hash, g_str_equal);
  catalog->windows = g_ptr_array_new_with_free_func (g_free);
  catalog->window_by_key = g_hash_table_new (g_str_hash, g_str_equal);
  catalog->id_types = g_ptr_array_new_with_free_func (g_free);
  catalog->id_type_by_key_or_name = g_hash_table_new (g_str_hash, g_str_equal);
  return catalog;
}

KioskCatalog *
kiosk_catalog_ref (KioskCatalog *catalog)
{
  g_return_val_if_fail (catalog != NULL, NULL);
  g_atomic_ref_count_inc (&catalog->ref_count);
  return catalog;
}

void
kiosk_catalog_unref (KioskCatalog *catalog)
{
  guint i;

  g_return_if_fail (catalog != NULL);
  if (!g_atomic_ref_count_dec (&catalog->ref_count))
    return;

  for (i = 0; i < KIOSK_CATALOG_N_LISTS; i++)
    {
      g_ptr_array_unref (catalog->lists[i]);
      g_hash_table_unref (catalog->list_by_key[i]);
      g_hash_table_unref (catalog->list_by_name[i]);
    }
  g_ptr_array_unref (catalog->banks);
  g_hash_table_unref (catalog->bank_by_key_or_name);
  g_ptr_array_unref (catalog->windows);
  g_hash_table_unref (catalog->window_by_key);
  g_ptr_array_unref (catalog->id_types);
  g_hash_table_unref (catalog->id_type_by_key_or_name);
  g_string_chunk_free (catalog->strings);
  g_free (catalog->data_dir);
  g_free (catalog);
}

/* ---- reading ----------------------------------------------------------- */

static GKeyFile *
read_key_file (const char *data_dir, const char *name, char **path_out, GError **error)
{
  g_autofree char *path = g_build_filename (data_dir, name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autoptr (GError) local_error = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_set_error (error, KIOSK_CATALOG_ERROR, KIOSK_CATALOG_ERROR_NOT_FOUND,
                   "数据文件无法读取 %s: %s", path, local_error->message);
      return NULL;
    }
  if (len > MAX_FILE_SIZE)
    {
      invalid (error, path, "larger than %d bytes", MAX_FILE_SIZE);
      return NULL;
    }
  if (memchr (contents, '\0', len) != NULL || !g_utf8_validate_len (contents, len, NULL))
    {
      invalid (error, path, "not UTF-8 text");
      return NULL;
    }
  if (!g_key_file_load_from_data (keyfile, contents, len, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, KIOSK_CATALOG_ERROR, KIOSK_CATALOG_ERROR_PARSE, "数据文件格式错误 %s: %s",
                   path, local_error->message);
      return NULL;
    }
  *path_out = g_steal_pointer (&path);
  return g_steal_pointer (&keyfile);
}

static gboolean
is_valid_key (const char *key, gboolean two_digit_code)
{
  gsize len = strlen (key);
  gsize i;

  if (two_digit_code)
    return len == 2 && g_ascii_isdigit (key[0]) && g_ascii_isdigit (key[1]);
  if (len == 0 || len > MAX_KEY_LEN)
    return FALSE;
  for (i = 0; i < len; i++)
    if (!(g_ascii_islower (key[i]) || g_ascii_isdigit (key[i]) || key[i] == '-'))
      return FALSE;
  return TRUE;
}

/* A value: trimmed, non-empty, at most MAX_NAME_LEN characters, stored in the
 * catalog's string chunk. */
static const char *
read_string (KioskCatalog *catalog,
             GKeyFile *keyfile,
             const char *path,
             const char *group,
             const char *key,
             gboolean required,
             GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *value = kiosk_key_file_get_string (keyfile, group, key, &local_error);

  /* g_key_file_get_string() may return a value *and* an error (a bad escape). */
  if (value == NULL || local_error != NULL)
    {
      if (!required
          && g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
        return "";
      invalid (error, path, "[%s] %s: %s", group, key, local_error->message);
      return NULL;
    }
  g_strstrip (value);
  if (value[0] == '\0' && required)
    {
      invalid (error, path, "[%s] %s is empty", group, key);
      return NULL;
    }
  if (g_utf8_strlen (value, -1) > MAX_NAME_LEN * 2)
    {
      invalid (error, path, "[%s] %s is too long", group, key);
      return NULL;
    }
  return g_string_chunk_insert_const (catalog->strings, value);
}

/* Refuses keys a record may not have: a typo ("adress") must not pass as a
 * missing optional key. */
static gboolean
check_known_keys (GKeyFile *keyfile,
                  const char *path,
                  const char *group,
                  const char *const *known,
                  GError **error)
{
  g_auto (GStrv) keys = g_key_file_get_keys (keyfile, group, NULL, NULL);
  gsize i;

  for (i = 0; keys != NULL && keys[i] != NULL; i++)
    if (!g_strv_contains (known, keys[i]))
      return invalid (error, path, "[%s] unknown key '%s'", group, keys[i]);
  return TRUE;
}

static gboolean
load_list (KioskCatalog *catalog, KioskCatalogList list, GError **error)
{
  const ListFile *lf = &list_files[list];
  g_autofree char *path = NULL;
  g_autoptr (GKeyFile) keyfile = read_key_file (catalog->data_dir, lf->file, &path, error);
  g_auto (GStrv) groups = NULL;
  g_auto (GStrv) keys = NULL;
  gsize i;

  if (keyfile == NULL)
    return FALSE;

  groups = g_key_file_get_groups (keyfile, NULL);
  for (i = 0; groups[i] != NULL; i++)
    if (strcmp (groups[i], lf->group) != 0)
      return invalid (error, path, "unexpected group [%s], only [%s]", groups[i], lf->group);

  keys = g_key_file_get_keys (keyfile, lf->group, NULL, NULL);
  if (keys == NULL || keys[0] == NULL)
    return invalid (error, path, "group [%s] is missing or empty", lf->group);

  for (i = 0; keys[i] != NULL; i++)
    {
      KioskCatalogEntry *entry;
      const char *name;

      if (!is_valid_key (keys[i], lf->two_digit_codes))
        return invalid (error, path, "bad key '%s' (%s)", keys[i],
                        lf->two_digit_codes ? "two digits" : "a-z, 0-9, -");
      name = read_string (catalog, keyfile, path, lf->group, keys[i], TRUE, error);
      if (name == NULL)
        return FALSE;
      if (g_hash_table_contains (catalog->list_by_name[list], name))
        return invalid (error, path, "name '%s' appears twice", name);

      entry = g_new0 (KioskCatalogEntry, 1);
      entry->key = g_string_chunk_insert_const (catalog->strings, keys[i]);
      entry->name = name;
      g_ptr_array_add (catalog->lists[list], entry);
      g_hash_table_insert (catalog->list_by_key[list], (gpointer) entry->key, entry);
      g_hash_table_insert (catalog->list_by_name[list], (gpointer) entry->name, entry);
    }
  return TRUE;
}

/* Every group of a record file is one record; returns the groups. */
static GStrv
record_groups (GKeyFile *keyfile, const char *path, GError **error)
{
  g_auto (GStrv) groups = g_key_file_get_groups (keyfile, NULL);
  gsize i;

  if (groups == NULL || groups[0] == NULL)
    {
      invalid (error, path, "no entries");
      return NULL;
    }
  for (i = 0; groups[i] != NULL; i++)
    if (!is_valid_key (groups[i], FALSE))
      {
        invalid (error, path, "bad group name [%s] (a-z, 0-9, -)", groups[i]);
        return NULL;
      }
  return g_steal_pointer (&groups);
}

/* Indexes `entry` under `name` unless another entry has it. */
static gboolean
index_name (
    GHashTable *table, const char *name, gconstpointer entry, const char *path, GError **error)
{
  gpointer existing = g_hash_table_lookup (table, name);

  if (existing != NULL && existing != entry)
    return invalid (error, path, "'%s' is used twice", name);
  g_hash_table_insert (table, (gpointer) name, (gpointer) entry);
  return TRUE;
}

static gboolean
load_banks (KioskCatalog *catalog, GError **error)
{
  static const char *const known[] = { "name", "full_name", NULL };
  g_autofree char *path = NULL;
  g_autoptr (GKeyFile) keyfile = read_key_file (catalog->data_dir, "banks.ini", &path, error);
  g_auto (GStrv) groups = NULL;
  gsize i;

  if (keyfile == NULL || (groups = record_groups (keyfile, path, error)) == NULL)
    return FALSE;

  for (i = 0; groups[i] != NULL; i++)
    {
      KioskBank *bank;
      const char *name;
      const char *full_name;

      if (!check_known_keys (keyfile, path, groups[i], known, error))
        return FALSE;
      if ((name = read_string (catalog, keyfile, path, groups[i], "name", TRUE, error)) == NULL
          || (full_name
              = read_string (catalog, keyfile, path, groups[i], "full_name", FALSE, error))
                 == NULL)
        return FALSE;

      bank = g_new0 (KioskBank, 1);
      bank->key = g_string_chunk_insert_const (catalog->strings, groups[i]);
      bank->name = name;
      bank->full_name = full_name[0] != '\0' ? full_name : name;
      g_ptr_array_add (catalog->banks, bank);
      if (!index_name (catalog->bank_by_key_or_name, bank->key, bank, path, error)
          || !index_name (catalog->bank_by_key_or_name, bank->name, bank, path, error)
          || !index_name (catalog->bank_by_key_or_name, bank->full_name, bank, path, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_windows (KioskCatalog *catalog, GError **error)
{
  static const char *const known[] = { "bank", "name", "city", "address", "phone", NULL };
  g_autofree char *path = NULL;
  g_autoptr (GKeyFile) keyfile = read_key_file (catalog->data_dir, "windows.ini", &path, error);
  g_auto (GStrv) groups = NULL;
  gsize i;

  if (keyfile == NULL || (groups = record_groups (keyfile, path, error)) == NULL)
    return FALSE;

  for (i = 0; groups[i] != NULL; i++)
    {
      KioskWindow w = { 0 };
      const char *phone;
      g_autofree char *normalised_phone = NULL;
      g_autoptr (GError) phone_error = NULL;
      const KioskBank *bank;

      if (!check_known_keys (keyfile, path, groups[i], known, error))
        return FALSE;
      if ((w.bank_key = read_string (catalog, keyfile, path, groups[i], "bank", TRUE, error))
              == NULL
          || (w.name = read_string (catalog, keyfile, path, groups[i], "name", TRUE, error)) == NULL
          || (w.city = read_string (catalog, keyfile, path, groups[i], "city", FALSE, error))
                 == NULL
          || (w.address = read_string (catalog, keyfile, path, groups[i], "address", TRUE, error))
                 == NULL
          || (phone = read_string (catalog, keyfile, path, groups[i], "phone", TRUE, error))
                 == NULL)
        return FALSE;

      /* By key only: the file names banks by their keys. */
      bank = g_hash_table_lookup (catalog->bank_by_key_or_name, w.bank_key);
      if (bank == NULL || strcmp (bank->key, w.bank_key) != 0)
        return invalid (error, path, "[%s] bank '%s' is not a key of banks.ini", groups[i],
                        w.bank_key);
      if (!kiosk_validate_phone (phone, &normalised_phone, &phone_error))
        return invalid (error, path, "[%s] phone: %s", groups[i], phone_error->message);

      w.key = g_string_chunk_insert_const (catalog->strings, groups[i]);
      w.phone = g_string_chunk_insert_const (catalog->strings, normalised_phone);
      g_ptr_array_add (catalog->windows, g_memdup2 (&w, sizeof w));
      g_hash_table_insert (catalog->window_by_key, (gpointer) w.key,
                           g_ptr_array_index (catalog->windows, catalog->windows->len - 1));
    }
  return TRUE;
}

static gboolean
load_id_types (KioskCatalog *catalog, GError **error)
{
  static const char *const known[] = { "name", "number", "latin_name", NULL };
  g_autofree char *path = NULL;
  g_autoptr (GKeyFile) keyfile = read_key_file (catalog->data_dir, "id-types.ini", &path, error);
  g_auto (GStrv) groups = NULL;
  gsize i;

  if (keyfile == NULL || (groups = record_groups (keyfile, path, error)) == NULL)
    return FALSE;

  for (i = 0; groups[i] != NULL; i++)
    {
      KioskIdType *type;
      const char *name;
      const char *number;
      gboolean latin = FALSE;

      if (!check_known_keys (keyfile, path, groups[i], known, error))
        return FALSE;
      if ((name = read_string (catalog, keyfile, path, groups[i], "name", TRUE, error)) == NULL
          || (number = read_string (catalog, keyfile, path, groups[i], "number", TRUE, error))
                 == NULL)
        return FALSE;
      if (strcmp (number, "gb11643") != 0 && strcmp (number, "other") != 0)
        return invalid (error, path, "[%s] number must be gb11643 or other", groups[i]);
      if (g_key_file_has_key (keyfile, groups[i], "latin_name", NULL))
        {
          g_autoptr (GError) local_error = NULL;
          latin = g_key_file_get_boolean (keyfile, groups[i], "latin_name", &local_error);
          if (local_error != NULL)
            return invalid (error, path, "[%s] latin_name must be true or false", groups[i]);
        }

      type = g_new0 (KioskIdType, 1);
      type->key = g_string_chunk_insert_const (catalog->strings, groups[i]);
      type->name = name;
      type->number
          = strcmp (number, "gb11643") == 0 ? KIOSK_ID_NUMBER_GB11643 : KIOSK_ID_NUMBER_OTHER;
      type->latin_name = latin;
      g_ptr_array_add (catalog->id_types, type);
      if (!index_name (catalog->id_type_by_key_or_name, type->key, type, path, error)
          || !index_name (catalog->id_type_by_key_or_name, type->name, type, path, error))
        return FALSE;
    }
  /* The form's default when no type is ticked. */
  if (!g_hash_table_contains (catalog->id_type_by_key_or_name, "resident-id"))
    return invalid (error, path, "the type [resident-id] is missing");
  return TRUE;
}

KioskCatalog *
kiosk_catalog_load (const char *data_dir, GError **error)
{
  g_autoptr (KioskCatalog) catalog = NULL;
  guint i;

  if (data_dir == NULL)
    data_dir = kiosk_paths_data_dir ();
  catalog = catalog_new (data_dir);

  for (i = 0; i < KIOSK_CATALOG_N_LISTS; i++)
    if (!load_list (catalog, (KioskCatalogList) i, error))
      return NULL;
  /* Banks before windows: a window names its bank. */
  if (!load_banks (catalog, error) || !load_windows (catalog, error)
      || !load_id_types (catalog, error))
    return NULL;

  g_debug ("catalog loaded from %s: %u banks, %u windows", data_dir, catalog->banks->len,
           catalog->windows->len);
  return g_steal_pointer (&catalog);
}

static GMutex default_lock;
static KioskCatalog *default_catalog;

KioskCatalog *
kiosk_catalog_get_default (GError **error)
{
  KioskCatalog *result = NULL;

  g_mutex_lock (&default_lock);
  if (default_catalog == NULL)
    default_catalog = kiosk_catalog_load (NULL, error);
  if (default_catalog != NULL)
    result = kiosk_catalog_ref (default_catalog);
  g_mutex_unlock (&default_lock);
  return result;
}

/* ---- lookups ----------------------------------------------------------- */

const char *
kiosk_catalog_get_data_dir (const KioskCatalog *catalog)
{
  g_return_val_if_fail (catalog != NULL, NULL);
  return catalog->data_dir;
}

GPtrArray *
kiosk_catalog_get_list (const KioskCatalog *catalog, KioskCatalogList list)
{
  g_return_val_if_fail (catalog != NULL, NULL);
  g_return_val_if_fail (list < KIOSK_CATALOG_N_LISTS, NULL);
  return catalog->lists[list];
}

const KioskCatalogEntry *
kiosk_catalog_lookup (const KioskCatalog *catalog, KioskCatalogList list, const char *key)
{
  g_return_val_if_fail (catalog != NULL, NULL);
  g_return_val_if_fail (list < KIOSK_CATALOG_N_LISTS, NULL);
  if (key == NULL)
    return NULL;
  return g_hash_table_lookup (catalog->list_by_key[list], key);
}

const KioskCatalogEntry *
kiosk_catalog_lookup_name (const KioskCatalog *catalog, KioskCatalogList list, const char *name)
{
  g_return_val_if_fail (catalog != NULL, NULL);
  g_return_val_if_fail (list < KIOSK_CATALOG_N_LISTS, NULL);
  if (name == NULL)
    return NULL;
  return g_hash_table_lookup (catalog->list_by_name[list], name);
}

GPtrArray *
kiosk_catalog_get_banks (const KioskCatalog *catalog)
{
  g_return_val_if_fail (catalog != NULL, NULL);
  return catalog->banks;
}

const KioskBank *
kiosk_catalog_lookup_bank (const KioskCatalog *catalog, const char *key_or_name)
{
  g_return_val_if_fail (catalog != NULL, NULL);
  if (key_or_name == NULL)
    return NULL;
  return g_hash_table_lookup (catalog->bank_by_key_or_name, key_or_name);
}

GPtrArray *
kiosk_catalog_get_windows (const KioskCatalog *catalog)
{
  g_return_val_if_fail (catalog != NULL, NULL);
  return catalog->windows;
}

const KioskWindow *
kiosk_catalog_lookup_window (const KioskCatalog *catalog, const char *key)
{
  g_return_val_if_fail (catalog != NULL, NULL);
  if (key == NULL)
    return NULL;
  return g_hash_table_lookup (catalog->window_by_key, key);
}

const KioskWindow *
kiosk_catalog_window_for_bank (const KioskCatalog *catalog, const char *bank_key)
{
  guint i;

  g_return_val_if_fail (catalog != NULL, NULL);
  if (bank_key == NULL)
    return NULL;
  for (i = 0; i < catalog->windows->len; i++)
    {
      const KioskWindow *w = g_ptr_array_index (catalog->windows, i);
      if (strcmp (w->bank_key, bank_key) == 0)
        return w;
    }
  return NULL;
}

GPtrArray *
kiosk_catalog_get_id_types (const KioskCatalog *catalog)
{
  g_return_val_if_fail (catalog != NULL, NULL);
  return catalog->id_types;
}

const KioskIdType *
kiosk_catalog_lookup_id_type (const KioskCatalog *catalog, const char *key_or_name)
{
  g_return_val_if_fail (catalog != NULL, NULL);
  if (key_or_name == NULL)
    return NULL;
  return g_hash_table_lookup (catalog->id_type_by_key_or_name, key_or_name);
}
