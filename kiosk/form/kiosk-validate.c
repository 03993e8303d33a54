/* kiosk-validate.c — validators of the form's fields: the shared first steps, the
 * enumerations, and one value of a kind. The other fields are in
 * kiosk-validate-id.c (ID numbers, dates), kiosk-validate-name.c and
 * kiosk-validate-contact.c (phones, postal codes, free text). */
#define G_LOG_DOMAIN "kiosk-validate"

#include "config.h"

#include <string.h>

#include "kiosk-validate-private.h"
#include "kiosk-wipe.h"

G_DEFINE_QUARK (kiosk - validate - error - quark, kiosk_validate_error)

gboolean
kiosk_validate_fail (GError **error, KioskValidateError code, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  if (error == NULL)
    return FALSE;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, KIOSK_VALIDATE_ERROR, code, message);
  return FALSE;
}

void
kiosk_validate_today_or_local (const GDate *today, GDate *out)
{
  if (today != NULL && g_date_valid (today))
    {
      *out = *today;
      return;
    }
  {
    g_autoptr (GDateTime) now = g_date_time_new_now_local ();
    g_date_clear (out, 1);
    g_date_set_dmy (out, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                    g_date_time_get_year (now));
  }
}

static gboolean
is_trim_char (gunichar c)
{
  /* g_unichar_isspace covers ASCII white space, U+3000 and U+00A0; a BOM or
   * zero-width space at either end comes from copy and paste. */
  return g_unichar_isspace (c) || c == 0xFEFF || c == 0x200B;
}

/* The first step of every validator: refuses what is not text at all and
 * returns a trimmed copy. */
char *
kiosk_validate_prepare (const char *in, const char *what, GError **error)
{
  const char *start;
  const char *end;
  const char *p;
  gsize len;

  if (in == NULL)
    {
      kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_EMPTY, "请填写%s", what);
      return NULL;
    }
  /* Never reads past the limit, however long the string. */
  len = strnlen (in, KIOSK_VALIDATE_MAX_INPUT + 1);
  if (len > KIOSK_VALIDATE_MAX_INPUT)
    {
      kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_TOO_LONG, "%s太长", what);
      return NULL;
    }
  if (!g_utf8_validate_len (in, len, NULL))
    {
      kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_ENCODING, "%s含有无法识别的字符", what);
      return NULL;
    }

  start = in;
  end = in + len;
  while (start < end && is_trim_char (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);
      if (!is_trim_char (g_utf8_get_char (prev)))
        break;
      end = prev;
    }
  if (start == end)
    {
      kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_EMPTY, "请填写%s", what);
      return NULL;
    }

  for (p = start; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      /* Control characters and invisible formatting (bidi overrides,
       * zero-width joiners) have no place in a form field and could make a
       * value display differently from what is stored. */
      if (type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT || type == G_UNICODE_SURROGATE)
        {
          kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_ENCODING, "%s含有无法识别的字符", what);
          return NULL;
        }
    }

  return g_strndup (start, end - start);
}

/* Full-width ASCII variants (U+FF01–FF5E) become ASCII, U+3000 a space, and
 * the dashes a keypad or an input method produces become '-'. Everything else
 * is kept, for the caller to refuse. */
char *
kiosk_validate_fold_to_ascii (const char *s)
{
  GString *out = g_string_sized_new (strlen (s));
  const char *p;

  for (p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0xFF01 && c <= 0xFF5E)
        g_string_append_c (out, (char) (c - 0xFF01 + 0x21));
      else if (c == 0x3000 || c == 0x00A0)
        g_string_append_c (out, ' ');
      else if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE63)
        g_string_append_c (out, '-');
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* Removes every character in `drop` (ASCII only) in place. */
void
kiosk_validate_strip_chars (char *s, const char *drop)
{
  char *w = s;
  const char *r;

  for (r = s; *r != '\0'; r++)
    if (strchr (drop, *r) == NULL)
      *w++ = *r;
  *w = '\0';
}

gboolean
kiosk_validate_all_digits (const char *s, gsize n)
{
  gsize i;

  for (i = 0; i < n; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

int
kiosk_validate_two_digits (const char *s)
{
  return (s[0] - '0') * 10 + (s[1] - '0');
}

/* ---- enumerations ------------------------------------------------------ */

gboolean
kiosk_validate_ethnic_group (const KioskCatalog *catalog,
                             const char *in,
                             char **code,
                             GError **error)
{
  g_auto (KioskWipedString) trimmed = kiosk_validate_prepare (in, "民族", error);
  g_auto (KioskWipedString) s = NULL;
  const KioskCatalogEntry *entry = NULL;
  gsize len;

  g_return_val_if_fail (catalog != NULL, FALSE);
  if (trimmed == NULL)
    return FALSE;
  s = kiosk_validate_fold_to_ascii (trimmed);
  len = strlen (s);
  if (len >= 1 && len <= 2 && kiosk_validate_all_digits (s, len))
    {
      char key[3] = { len == 1 ? '0' : s[0], s[len - 1], '\0' };
      entry = kiosk_catalog_lookup (catalog, KIOSK_CATALOG_ETHNIC_GROUPS, key);
      if (entry == NULL)
        return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_UNKNOWN_VALUE, "民族代码不正确");
    }
  else
    {
      g_auto (KioskWipedString) with_suffix = g_strconcat (s, "族", NULL);
      entry = kiosk_catalog_lookup_name (catalog, KIOSK_CATALOG_ETHNIC_GROUPS, s);
      if (entry == NULL)
        entry = kiosk_catalog_lookup_name (catalog, KIOSK_CATALOG_ETHNIC_GROUPS, with_suffix);
      if (entry == NULL)
        return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_UNKNOWN_VALUE,
                                    "请从列表中选择民族");
    }
  if (code != NULL)
    *code = g_strdup (entry->key);
  return TRUE;
}

gboolean
kiosk_validate_sex (const char *in, KioskSex *sex, char **normalised, GError **error)
{
  g_auto (KioskWipedString) trimmed = kiosk_validate_prepare (in, "性别", error);
  g_auto (KioskWipedString) s = NULL;
  KioskSex value;

  if (trimmed == NULL)
    return FALSE;
  s = kiosk_validate_fold_to_ascii (trimmed);
  if (g_ascii_strcasecmp (s, "1") == 0 || strcmp (s, "男") == 0 || g_ascii_strcasecmp (s, "m") == 0
      || g_ascii_strcasecmp (s, "male") == 0)
    value = KIOSK_SEX_MALE;
  else if (g_ascii_strcasecmp (s, "2") == 0 || strcmp (s, "女") == 0
           || g_ascii_strcasecmp (s, "f") == 0 || g_ascii_strcasecmp (s, "female") == 0)
    value = KIOSK_SEX_FEMALE;
  else
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_UNKNOWN_VALUE, "请选择性别：男或女");

  if (sex != NULL)
    *sex = value;
  if (normalised != NULL)
    *normalised = g_strdup (value == KIOSK_SEX_MALE ? "1" : "2");
  return TRUE;
}

static const char *
list_label (KioskCatalogList list)
{
  switch (list)
    {
      case KIOSK_CATALOG_OCCUPATIONS:
        return "职业";
      case KIOSK_CATALOG_INDUSTRIES:
        return "行业";
      case KIOSK_CATALOG_ETHNIC_GROUPS:
        return "民族";
      case KIOSK_CATALOG_HOUSEHOLD_TYPES:
        return "户籍性质";
      case KIOSK_CATALOG_REGIONS:
        return "地区";
      case KIOSK_CATALOG_N_LISTS:
      default:
        return "选项";
    }
}

gboolean
kiosk_validate_choice (
    const KioskCatalog *catalog, KioskCatalogList list, const char *in, char **key, GError **error)
{
  const char *label = list_label (list);
  g_auto (KioskWipedString) s = NULL;
  const KioskCatalogEntry *entry;

  g_return_val_if_fail (catalog != NULL, FALSE);
  g_return_val_if_fail (list < KIOSK_CATALOG_N_LISTS, FALSE);

  s = kiosk_validate_prepare (in, label, error);
  if (s == NULL)
    return FALSE;
  entry = kiosk_catalog_lookup (catalog, list, s);
  if (entry == NULL)
    entry = kiosk_catalog_lookup_name (catalog, list, s);
  if (entry == NULL)
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_UNKNOWN_VALUE, "请从列表中选择%s",
                                label);
  if (key != NULL)
    *key = g_strdup (entry->key);
  return TRUE;
}

gboolean
kiosk_validate_id_type (const KioskCatalog *catalog, const char *in, char **key, GError **error)
{
  g_auto (KioskWipedString) s = NULL;
  const KioskIdType *type;

  g_return_val_if_fail (catalog != NULL, FALSE);

  s = kiosk_validate_prepare (in, "证件类型", error);
  if (s == NULL)
    return FALSE;
  type = kiosk_catalog_lookup_id_type (catalog, s);
  if (type == NULL)
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_UNKNOWN_VALUE,
                                "请从列表中选择证件类型");
  if (key != NULL)
    *key = g_strdup (type->key);
  return TRUE;
}

gboolean
kiosk_validate_bank (const KioskCatalog *catalog,
                     const char *const *ticked,
                     char **key,
                     GError **error)
{
  const KioskBank *chosen = NULL;
  gsize i;

  g_return_val_if_fail (catalog != NULL, FALSE);

  for (i = 0; ticked != NULL && ticked[i] != NULL; i++)
    {
      g_autoptr (GError) local_error = NULL;
      g_auto (KioskWipedString) s = kiosk_validate_prepare (ticked[i], "联名银行", &local_error);
      const KioskBank *bank;

      if (s == NULL)
        {
          /* An empty entry is an unticked box; garbage is an error. */
          if (g_error_matches (local_error, KIOSK_VALIDATE_ERROR, KIOSK_VALIDATE_ERROR_EMPTY))
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      bank = kiosk_catalog_lookup_bank (catalog, s);
      if (bank == NULL)
        return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_UNKNOWN_VALUE,
                                    "请从列表中选择联名银行");
      if (chosen != NULL && chosen != bank)
        return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_MORE_THAN_ONE,
                                    "联名银行只能选择一家（已选择%s和%s）", chosen->name,
                                    bank->name);
      chosen = bank;
    }
  if (chosen == NULL)
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_MISSING, "请选择一家联名银行");
  if (key != NULL)
    *key = g_strdup (chosen->key);
  return TRUE;
}

/* ---- one value of a kind ----------------------------------------------- */

static const char *const kind_names[KIOSK_VALIDATE_N_KINDS] = {
  [KIOSK_VALIDATE_KIND_ID_NUMBER] = "id-number",
  [KIOSK_VALIDATE_KIND_NAME] = "name",
  [KIOSK_VALIDATE_KIND_LATIN_NAME] = "latin-name",
  [KIOSK_VALIDATE_KIND_MOBILE] = "mobile",
  [KIOSK_VALIDATE_KIND_LANDLINE] = "landline",
  [KIOSK_VALIDATE_KIND_PHONE] = "phone",
  [KIOSK_VALIDATE_KIND_POSTAL_CODE] = "postal-code",
  [KIOSK_VALIDATE_KIND_DATE] = "date",
  [KIOSK_VALIDATE_KIND_ETHNIC_GROUP] = "ethnic-group",
  [KIOSK_VALIDATE_KIND_SEX] = "sex",
  [KIOSK_VALIDATE_KIND_ADDRESS] = "address",
  [KIOSK_VALIDATE_KIND_DOCUMENT_NUMBER] = "document-number",
};

const char *
kiosk_validate_kind_to_string (KioskValidateKind kind)
{
  g_return_val_if_fail (kind < KIOSK_VALIDATE_N_KINDS, NULL);
  return kind_names[kind];
}

gboolean
kiosk_validate_kind_from_string (const char *text, KioskValidateKind *kind)
{
  guint i;

  if (text == NULL)
    return FALSE;
  for (i = 0; i < KIOSK_VALIDATE_N_KINDS; i++)
    if (strcmp (text, kind_names[i]) == 0)
      {
        if (kind != NULL)
          *kind = (KioskValidateKind) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
kiosk_validate_value (const KioskCatalog *catalog,
                      KioskValidateKind kind,
                      const char *in,
                      gssize len,
                      const GDate *today,
                      char **normalised,
                      GError **error)
{
  g_autoptr (KioskCatalog) default_catalog = NULL;
  g_auto (KioskWipedString) copy = NULL;

  g_return_val_if_fail (kind < KIOSK_VALIDATE_N_KINDS, FALSE);

  /* Raw bytes (from a chip, a socket, a fuzzer): a NUL inside or a huge
   * length is refused here, so the validators only see a bounded C string. */
  if (in != NULL && len >= 0)
    {
      if (memchr (in, '\0', len) != NULL)
        return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_ENCODING, "含有无法识别的字符");
      if (len > KIOSK_VALIDATE_MAX_INPUT)
        return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_TOO_LONG, "内容太长");
      copy = g_strndup (in, len);
      in = copy;
    }

  if (catalog == NULL
      && (kind == KIOSK_VALIDATE_KIND_ID_NUMBER || kind == KIOSK_VALIDATE_KIND_ETHNIC_GROUP))
    {
      default_catalog = kiosk_catalog_get_default (error);
      if (default_catalog == NULL)
        return FALSE;
      catalog = default_catalog;
    }

  switch (kind)
    {
      case KIOSK_VALIDATE_KIND_ID_NUMBER:
        return kiosk_validate_id_number_at (catalog, in, today, normalised, error);
      case KIOSK_VALIDATE_KIND_NAME:
        return kiosk_validate_name (in, FALSE, normalised, error);
      case KIOSK_VALIDATE_KIND_LATIN_NAME:
        return kiosk_validate_name (in, TRUE, normalised, error);
      case KIOSK_VALIDATE_KIND_MOBILE:
        return kiosk_validate_mobile (in, normalised, error);
      case KIOSK_VALIDATE_KIND_LANDLINE:
        return kiosk_validate_landline (in, normalised, error);
      case KIOSK_VALIDATE_KIND_PHONE:
        return kiosk_validate_phone (in, normalised, error);
      case KIOSK_VALIDATE_KIND_POSTAL_CODE:
        return kiosk_validate_postal_code (in, normalised, error);
      case KIOSK_VALIDATE_KIND_DATE:
        return kiosk_validate_date (in, NULL, normalised, error);
      case KIOSK_VALIDATE_KIND_ETHNIC_GROUP:
        return kiosk_validate_ethnic_group (catalog, in, normalised, error);
      case KIOSK_VALIDATE_KIND_SEX:
        return kiosk_validate_sex (in, NULL, normalised, error);
      case KIOSK_VALIDATE_KIND_ADDRESS:
        return kiosk_validate_text (in, "通信地址", 4, 100, normalised, error);
      case KIOSK_VALIDATE_KIND_DOCUMENT_NUMBER:
        return kiosk_validate_document_number (in, normalised, error);
      case KIOSK_VALIDATE_N_KINDS:
      default:
        g_return_val_if_reached (FALSE);
    }
}
