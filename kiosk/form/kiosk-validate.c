/* kiosk-validate.c — validators of the single fields of the application form (附件1) */
#define G_LOG_DOMAIN "kiosk-validate"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "kiosk-validate.h"

G_DEFINE_QUARK (kiosk - validate - error - quark, kiosk_validate_error)

#define ID_NUMBER_LEN        18
#define LEGACY_ID_NUMBER_LEN 15
#define NAME_MAX_UTF16       15 /* the chip's name field: 30 bytes of UCS-2 */
#define LATIN_NAME_MAX_CHARS 60 /* the foreigner card's English name: 120 bytes */
#define MIN_YEAR             1900

static gboolean fail (GError **error, KioskValidateError code, const char *format, ...)
    G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError **error, KioskValidateError code, const char *format, ...)
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

static void
today_or_local (const GDate *today, GDate *out)
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
 * returns a trimmed copy. `len` < 0: NUL-terminated. */
static char *
prepare_len (const char *in, gssize len, const char *what, GError **error)
{
  const char *start;
  const char *end;
  const char *p;

  if (in == NULL)
    {
      fail (error, KIOSK_VALIDATE_ERROR_EMPTY, "请填写%s", what);
      return NULL;
    }
  if (len < 0)
    len = strnlen (in, KIOSK_VALIDATE_MAX_INPUT + 1);
  else if (memchr (in, '\0', len) != NULL)
    {
      fail (error, KIOSK_VALIDATE_ERROR_ENCODING, "%s含有无法识别的字符", what);
      return NULL;
    }
  if (len > KIOSK_VALIDATE_MAX_INPUT)
    {
      fail (error, KIOSK_VALIDATE_ERROR_TOO_LONG, "%s太长", what);
      return NULL;
    }
  if (!g_utf8_validate_len (in, len, NULL))
    {
      fail (error, KIOSK_VALIDATE_ERROR_ENCODING, "%s含有无法识别的字符", what);
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
      fail (error, KIOSK_VALIDATE_ERROR_EMPTY, "请填写%s", what);
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
          fail (error, KIOSK_VALIDATE_ERROR_ENCODING, "%s含有无法识别的字符", what);
          return NULL;
        }
    }

  return g_strndup (start, end - start);
}

static char *
prepare (const char *in, const char *what, GError **error)
{
  return prepare_len (in, -1, what, error);
}

/* Full-width ASCII variants (U+FF01–FF5E) become ASCII, U+3000 a space, and
 * the dashes a keypad or an input method produces become '-'. Everything else
 * is kept, for the caller to refuse. */
static char *
fold_to_ascii (const char *s)
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
static void
strip_chars (char *s, const char *drop)
{
  char *w = s;
  const char *r;

  for (r = s; *r != '\0'; r++)
    if (strchr (drop, *r) == NULL)
      *w++ = *r;
  *w = '\0';
}

static gboolean
all_digits (const char *s, gsize n)
{
  gsize i;

  for (i = 0; i < n; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

static gboolean
is_ascii (const char *s)
{
  for (; *s != '\0'; s++)
    if ((guchar) *s >= 0x80)
      return FALSE;
  return TRUE;
}

static int
two_digits (const char *s)
{
  return (s[0] - '0') * 10 + (s[1] - '0');
}

static void
format_date (const GDate *date, char out[9])
{
  g_snprintf (out, 9, "%04u%02u%02u", (guint) g_date_get_year (date),
              (guint) g_date_get_month (date), (guint) g_date_get_day (date));
}

/* ---- ID number (GB 11643-1999) ---------------------------------------- */

/* ISO 7064 MOD 11-2 over the first 17 digits. */
static char
gb11643_check_char (const char *digits17)
{
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  static const char check[] = "10X98765432";
  int sum = 0;
  int i;

  for (i = 0; i < 17; i++)
    sum += (digits17[i] - '0') * weights[i];
  return check[sum % 11];
}

static gboolean
date_from_digits (const char *yyyymmdd, GDate *date)
{
  int year = 0;
  int i;

  for (i = 0; i < 4; i++)
    year = year * 10 + (yyyymmdd[i] - '0');
  g_date_clear (date, 1);
  if (year < 1 || !g_date_valid_dmy (two_digits (yyyymmdd + 6), two_digits (yyyymmdd + 4), year))
    return FALSE;
  g_date_set_dmy (date, two_digits (yyyymmdd + 6), two_digits (yyyymmdd + 4), year);
  return TRUE;
}

static gboolean
id_number_prepared (
    const KioskCatalog *catalog, char *s, const GDate *today, char **normalised, GError **error)
{
  gsize len;
  char region[3];
  GDate birth;
  GDate now;

  strip_chars (s, " ");
  len = strlen (s);
  if (len > 0 && s[len - 1] == 'x')
    s[len - 1] = 'X';

  if (len == LEGACY_ID_NUMBER_LEN && all_digits (s, len))
    return fail (error, KIOSK_VALIDATE_ERROR_LEGACY_ID,
                 "15位的旧身份证号码已停止使用，请使用18位的身份证号码");
  if (!is_ascii (s) || !all_digits (s, MIN (len, ID_NUMBER_LEN - 1))
      || (len == ID_NUMBER_LEN && !g_ascii_isdigit (s[17]) && s[17] != 'X'))
    return fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "身份证号码只能由数字组成，最后一位可以是X");
  if (len < ID_NUMBER_LEN)
    return fail (error, KIOSK_VALIDATE_ERROR_TOO_SHORT, "身份证号码应为18位，现在只有%u位",
                 (guint) len);
  if (len > ID_NUMBER_LEN)
    return fail (error, KIOSK_VALIDATE_ERROR_TOO_LONG, "身份证号码应为18位，现在多于18位");

  if (gb11643_check_char (s) != s[17])
    return fail (error, KIOSK_VALIDATE_ERROR_CHECK_DIGIT,
                 "身份证号码有误（校验位不符），请逐位核对");

  region[0] = s[0];
  region[1] = s[1];
  region[2] = '\0';
  if (kiosk_catalog_lookup (catalog, KIOSK_CATALOG_REGIONS, region) == NULL)
    return fail (error, KIOSK_VALIDATE_ERROR_REGION, "身份证号码的前两位（地区码）不正确");

  if (!date_from_digits (s + 6, &birth) || g_date_get_year (&birth) < MIN_YEAR)
    return fail (error, KIOSK_VALIDATE_ERROR_DATE, "身份证号码中的出生日期不存在");
  today_or_local (today, &now);
  if (g_date_compare (&birth, &now) > 0)
    return fail (error, KIOSK_VALIDATE_ERROR_FUTURE, "身份证号码中的出生日期晚于今天");

  if (normalised != NULL)
    *normalised = g_strdup (s);
  return TRUE;
}

gboolean
kiosk_validate_id_number_at (const KioskCatalog *catalog,
                             const char *in,
                             const GDate *today,
                             char **normalised,
                             GError **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (catalog != NULL, FALSE);

  trimmed = prepare (in, "身份证号码", error);
  if (trimmed == NULL)
    return FALSE;
  folded = fold_to_ascii (trimmed);
  return id_number_prepared (catalog, folded, today, normalised, error);
}

gboolean
kiosk_validate_id_number (const char *in, char **normalised, GError **error)
{
  g_autoptr (KioskCatalog) catalog = kiosk_catalog_get_default (error);

  if (catalog == NULL)
    return FALSE;
  return kiosk_validate_id_number_at (catalog, in, NULL, normalised, error);
}

static gboolean
is_valid_id18_shape (const char *id)
{
  return id != NULL && strlen (id) == ID_NUMBER_LEN && all_digits (id, 17)
         && (g_ascii_isdigit (id[17]) || id[17] == 'X');
}

gboolean
kiosk_validate_id_number_birth_date (const char *id_number, GDate *birth_date)
{
  GDate date;

  if (!is_valid_id18_shape (id_number) || !date_from_digits (id_number + 6, &date))
    return FALSE;
  if (birth_date != NULL)
    *birth_date = date;
  return TRUE;
}

KioskSex
kiosk_validate_id_number_sex (const char *id_number)
{
  if (!is_valid_id18_shape (id_number))
    return KIOSK_SEX_UNKNOWN;
  /* The sequence number's last digit: odd for men, even for women. */
  return ((id_number[16] - '0') % 2 == 1) ? KIOSK_SEX_MALE : KIOSK_SEX_FEMALE;
}

gboolean
kiosk_validate_id_number_upgrade_legacy (
    const KioskCatalog *catalog, const char *in, const GDate *today, char **id18, GError **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *folded = NULL;
  char buf[ID_NUMBER_LEN + 1];

  g_return_val_if_fail (catalog != NULL, FALSE);

  trimmed = prepare (in, "身份证号码", error);
  if (trimmed == NULL)
    return FALSE;
  folded = fold_to_ascii (trimmed);
  strip_chars (folded, " ");
  if (strlen (folded) != LEGACY_ID_NUMBER_LEN || !all_digits (folded, LEGACY_ID_NUMBER_LEN))
    return fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "旧身份证号码应为15位数字");

  /* Region (6), then the year without its century: all first-generation
   * numbers were issued to people born in the 1900s. */
  memcpy (buf, folded, 6);
  buf[6] = '1';
  buf[7] = '9';
  memcpy (buf + 8, folded + 6, 9);
  buf[17] = gb11643_check_char (buf);
  buf[18] = '\0';
  return id_number_prepared (catalog, buf, today, id18, error);
}

gboolean
kiosk_validate_document_number (const char *in, char **normalised, GError **error)
{
  g_autofree char *trimmed = prepare (in, "证件号码", error);
  g_autofree char *s = NULL;
  gsize len;
  gsize i;

  if (trimmed == NULL)
    return FALSE;
  s = fold_to_ascii (trimmed);
  strip_chars (s, " -");
  len = strlen (s);
  for (i = 0; i < len; i++)
    if (!g_ascii_isalnum (s[i]))
      return fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "证件号码只能由字母和数字组成");
  if (len < 4)
    return fail (error, KIOSK_VALIDATE_ERROR_TOO_SHORT, "证件号码太短");
  if (len > 30)
    return fail (error, KIOSK_VALIDATE_ERROR_TOO_LONG, "证件号码太长");
  if (normalised != NULL)
    *normalised = g_ascii_strup (s, -1);
  return TRUE;
}

/* ---- names ------------------------------------------------------------- */

static gboolean
is_han (gunichar c)
{
  return (c >= 0x4E00 && c <= 0x9FFF)      /* CJK Unified Ideographs */
         || (c >= 0x3400 && c <= 0x4DBF)   /* Extension A */
         || (c >= 0x20000 && c <= 0x2EBEF) /* Extensions B–F */
         || (c >= 0x30000 && c <= 0x323AF) /* Extensions G–H */
         || (c >= 0xF900 && c <= 0xFAFF)   /* compatibility ideographs left by NFKC */
         || c == 0x3007;                   /* 〇 */
}

static gboolean
is_name_dot (gunichar c)
{
  switch (c)
    {
      case 0x00B7: /* · the separator of the ID card */
      case 0x2022: /* • */
      case 0x2027: /* ‧ */
      case 0x2219: /* ∙ */
      case 0x22C5: /* ⋅ */
      case 0x2E31: /* ⸱ */
      case 0x30FB: /* ・ (also U+FF65 after NFKC) */
      case 0x318D: /* ㆍ */
      case '.':    /* also U+FF0E after NFKC */
        return TRUE;
      default:
        return FALSE;
    }
}

static gboolean
chinese_name (const char *nfkc, char **normalised, GError **error)
{
  GString *out = g_string_new (NULL);
  const char *p;
  guint han = 0;
  glong utf16_units = 0;
  gboolean last_dot = TRUE; /* a dot may not come first */

  for (p = nfkc; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        continue;
      if (is_name_dot (c))
        {
          if (last_dot)
            {
              g_string_free (out, TRUE);
              return fail (error, KIOSK_VALIDATE_ERROR_FORMAT,
                           "姓名中的间隔号“·”只能出现在两个字之间");
            }
          g_string_append_unichar (out, 0x00B7);
          utf16_units++;
          last_dot = TRUE;
          continue;
        }
      if (is_han (c))
        {
          g_string_append_unichar (out, c);
          utf16_units += c > 0xFFFF ? 2 : 1;
          han++;
          last_dot = FALSE;
          continue;
        }
      g_string_free (out, TRUE);
      if (g_unichar_isdigit (c))
        return fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "姓名不能含有数字");
      return fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "姓名只能由汉字和间隔号“·”组成");
    }

  if (last_dot && han > 0)
    {
      g_string_free (out, TRUE);
      return fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "姓名中的间隔号“·”只能出现在两个字之间");
    }
  if (han < 2)
    {
      g_string_free (out, TRUE);
      return fail (error, KIOSK_VALIDATE_ERROR_TOO_SHORT, "姓名至少应有两个字");
    }
  if (utf16_units > NAME_MAX_UTF16)
    {
      g_string_free (out, TRUE);
      return fail (error, KIOSK_VALIDATE_ERROR_TOO_LONG,
                   "姓名最多%d个字（身份证芯片的长度），请与证件核对", NAME_MAX_UTF16);
    }

  if (normalised != NULL)
    *normalised = g_string_free (out, FALSE);
  else
    g_string_free (out, TRUE);
  return TRUE;
}

static gboolean
latin_name (const char *nfkc, char **normalised, GError **error)
{
  GString *out = g_string_new (NULL);
  const char *p;
  guint letters = 0;

  for (p = nfkc; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x2019)
        c = '\'';
      if (g_unichar_isspace (c))
        {
          /* Collapsed, and never at the start (the input is trimmed, but a
           * leading space may follow a removed character). */
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
          continue;
        }
      if (g_ascii_isalpha (c))
        {
          g_string_append_c (out, g_ascii_toupper ((char) c));
          letters++;
          continue;
        }
      if (c == '-' || c == '\'' || c == ',' || c == '.')
        {
          if (letters == 0)
            {
              g_string_free (out, TRUE);
              return fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "外文姓名应以字母开头");
            }
          g_string_append_c (out, (char) c);
          continue;
        }
      g_string_free (out, TRUE);
      if (g_unichar_isdigit (c))
        return fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "姓名不能含有数字");
      if (is_han (c))
        return fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "姓名不能混用汉字和外文字母");
      return fail (error, KIOSK_VALIDATE_ERROR_FORMAT,
                   "外文姓名只能由英文字母、空格和 - ' , . 组成（与证件一致）");
    }

  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  if (letters < 2)
    {
      g_string_free (out, TRUE);
      return fail (error, KIOSK_VALIDATE_ERROR_TOO_SHORT, "姓名至少应有两个字母");
    }
  if (out->len > LATIN_NAME_MAX_CHARS)
    {
      g_string_free (out, TRUE);
      return fail (error, KIOSK_VALIDATE_ERROR_TOO_LONG, "外文姓名最多%d个字符",
                   LATIN_NAME_MAX_CHARS);
    }

  if (normalised != NULL)
    *normalised = g_string_free (out, FALSE);
  else
    g_string_free (out, TRUE);
  return TRUE;
}

gboolean
kiosk_validate_name (const char *in, gboolean allow_latin, char **normalised, GError **error)
{
  g_autofree char *trimmed = prepare (in, "姓名", error);
  g_autofree char *nfkc = NULL;
  const char *p;

  if (trimmed == NULL)
    return FALSE;
  /* NFKC folds full-width letters to ASCII, U+FF65 to U+30FB and the few
   * compatibility ideographs to their unified forms. */
  nfkc = g_utf8_normalize (trimmed, -1, G_NORMALIZE_NFKC);
  if (nfkc == NULL)
    return fail (error, KIOSK_VALIDATE_ERROR_ENCODING, "姓名含有无法识别的字符");

  if (allow_latin)
    for (p = nfkc; *p != '\0'; p = g_utf8_next_char (p))
      if (g_ascii_isalpha (*p))
        return latin_name (nfkc, normalised, error);
  return chinese_name (nfkc, normalised, error);
}

/* ---- phones and postal codes ------------------------------------------- */

static gboolean
mobile_prepared (char *s, char **normalised, GError **error)
{
  gsize len;

  strip_chars (s, " -");
  if (g_str_has_prefix (s, "+86"))
    memmove (s, s + 3, strlen (s + 3) + 1);
  else if (g_str_has_prefix (s, "0086"))
    memmove (s, s + 4, strlen (s + 4) + 1);
  else if (strlen (s) == 13 && g_str_has_prefix (s, "861"))
    memmove (s, s + 2, strlen (s + 2) + 1);

  len = strlen (s);
  if (!all_digits (s, len))
    return fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "手机号码只能由数字组成");
  if (len != 11)
    return fail (error, len < 11 ? KIOSK_VALIDATE_ERROR_TOO_SHORT : KIOSK_VALIDATE_ERROR_TOO_LONG,
                 "手机号码应为11位数字");
  if (s[0] != '1' || s[1] < '3')
    return fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "手机号码应以13至19开头");
  if (normalised != NULL)
    *normalised = g_strdup (s);
  return TRUE;
}

static gboolean
is_area_code (const char *area, gsize len)
{
  if (!all_digits (area, len) || len < 3 || area[0] != '0')
    return FALSE;
  if (area[1] == '1')
    return len == 3 && area[2] == '0'; /* 010 Beijing */
  if (area[1] == '2')
    return len == 3; /* 020–029 */
  return len == 4 && area[1] != '0';
}

static gboolean
landline_prepared (char *s, char **normalised, GError **error)
{
  g_autofree char *area = NULL;
  const char *local;
  const char *dash;
  gsize local_len;

  strip_chars (s, " ");
  if (s[0] == '(')
    {
      const char *close = strchr (s, ')');
      if (close == NULL)
        return fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "固定电话的区号格式不正确");
      area = g_strndup (s + 1, close - s - 1);
      local = close + 1;
      if (*local == '-')
        local++;
    }
  else if ((dash = strchr (s, '-')) != NULL)
    {
      area = g_strndup (s, dash - s);
      local = dash + 1;
    }
  else
    {
      gsize area_len;

      if (s[0] != '0')
        return fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "固定电话请加区号，例如 0431-85570725");
      area_len = (s[1] == '1' || s[1] == '2') ? 3 : 4;
      if (strlen (s) < area_len)
        return fail (error, KIOSK_VALIDATE_ERROR_TOO_SHORT, "固定电话号码太短");
      area = g_strndup (s, area_len);
      local = s + area_len;
    }

  if (area[0] == '\0')
    return fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "固定电话请加区号，例如 0431-85570725");
  if (!is_area_code (area, strlen (area)))
    return fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "固定电话的区号不正确");
  if (strchr (local, '-') != NULL)
    return fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "固定电话请不要填写分机号");
  local_len = strlen (local);
  if (!all_digits (local, local_len))
    return fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "电话号码只能由数字组成");
  if (local_len < 7 || local_len > 8)
    return fail (error,
                 local_len < 7 ? KIOSK_VALIDATE_ERROR_TOO_SHORT : KIOSK_VALIDATE_ERROR_TOO_LONG,
                 "固定电话号码（不含区号）应为7至8位");
  if (local[0] == '0' || local[0] == '1')
    return fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "固定电话号码（不含区号）不能以0或1开头");

  if (normalised != NULL)
    *normalised = g_strdup_printf ("%s-%s", area, local);
  return TRUE;
}

gboolean
kiosk_validate_mobile (const char *in, char **normalised, GError **error)
{
  g_autofree char *trimmed = prepare (in, "手机号码", error);
  g_autofree char *s = NULL;

  if (trimmed == NULL)
    return FALSE;
  s = fold_to_ascii (trimmed);
  return mobile_prepared (s, normalised, error);
}

gboolean
kiosk_validate_landline (const char *in, char **normalised, GError **error)
{
  g_autofree char *trimmed = prepare (in, "固定电话", error);
  g_autofree char *s = NULL;

  if (trimmed == NULL)
    return FALSE;
  s = fold_to_ascii (trimmed);
  return landline_prepared (s, normalised, error);
}

gboolean
kiosk_validate_phone (const char *in, char **normalised, GError **error)
{
  g_autofree char *trimmed = prepare (in, "联系电话", error);
  g_autofree char *s = NULL;

  if (trimmed == NULL)
    return FALSE;
  s = fold_to_ascii (trimmed);
  if (s[0] == '1' || s[0] == '+' || g_str_has_prefix (s, "0086"))
    return mobile_prepared (s, normalised, error);
  if (s[0] == '0' || s[0] == '(')
    return landline_prepared (s, normalised, error);
  if (g_ascii_isdigit (s[0]))
    return fail (error, KIOSK_VALIDATE_ERROR_FORMAT,
                 "请填写11位手机号码，或带区号的固定电话（例如 0431-85570725）");
  return fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "联系电话只能由数字组成");
}

gboolean
kiosk_validate_postal_code (const char *in, char **normalised, GError **error)
{
  g_autofree char *trimmed = prepare (in, "邮政编码", error);
  g_autofree char *s = NULL;
  gsize len;
  int province;

  if (trimmed == NULL)
    return FALSE;
  s = fold_to_ascii (trimmed);
  strip_chars (s, " ");
  len = strlen (s);
  if (len != 6 || !all_digits (s, len))
    return fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "邮政编码应为6位数字");
  /* The first two digits are the postal province: 01 (Inner Mongolia) to
   * 85 (Tibet); 86 is kept for new codes. */
  province = two_digits (s);
  if (province < 1 || province > 86)
    return fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "邮政编码不正确，请核对");
  if (normalised != NULL)
    *normalised = g_strdup (s);
  return TRUE;
}

/* ---- dates ------------------------------------------------------------- */

static gboolean
date_prepared (const char *s, GDate *date, GError **error)
{
  char groups[3][9];
  gsize group_len[3] = { 0, 0, 0 };
  guint n_groups = 0;
  gboolean in_group = FALSE;
  const char *p;
  int year;
  int month;
  int day;
  guint i;

  for (p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_ascii_isdigit (c))
        {
          if (!in_group)
            {
              if (n_groups == 3)
                return fail (error, KIOSK_VALIDATE_ERROR_FORMAT,
                             "日期格式应为 YYYYMMDD 或 YYYY-MM-DD");
              n_groups++;
              in_group = TRUE;
            }
          if (group_len[n_groups - 1] == 8)
            return fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "日期格式应为 YYYYMMDD 或 YYYY-MM-DD");
          groups[n_groups - 1][group_len[n_groups - 1]++] = (char) c;
          continue;
        }
      if (c == '-' || c == '.' || c == '/' || c == ' ' || c == 0x5E74 /* 年 */
          || c == 0x6708 /* 月 */ || c == 0x65E5 /* 日 */)
        {
          in_group = FALSE;
          continue;
        }
      return fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "日期格式应为 YYYYMMDD 或 YYYY-MM-DD");
    }

  for (i = 0; i < n_groups; i++)
    groups[i][group_len[i]] = '\0';

  if (n_groups == 1 && group_len[0] == 8)
    {
      year = two_digits (groups[0]) * 100 + two_digits (groups[0] + 2);
      month = two_digits (groups[0] + 4);
      day = two_digits (groups[0] + 6);
    }
  else if (n_groups == 3 && group_len[0] == 4 && group_len[1] <= 2 && group_len[2] <= 2)
    {
      year = atoi (groups[0]);
      month = atoi (groups[1]);
      day = atoi (groups[2]);
    }
  else
    return fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "日期格式应为 YYYYMMDD 或 YYYY-MM-DD");

  if (year < MIN_YEAR)
    return fail (error, KIOSK_VALIDATE_ERROR_DATE, "日期不能早于%d年", MIN_YEAR);
  if (!g_date_valid_dmy (day, month, year))
    return fail (error, KIOSK_VALIDATE_ERROR_DATE, "日期不存在，请核对年、月、日");
  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

gboolean
kiosk_validate_date (const char *in, GDate *date, char **normalised, GError **error)
{
  g_autofree char *trimmed = prepare (in, "日期", error);
  g_autofree char *s = NULL;
  GDate parsed;

  if (trimmed == NULL)
    return FALSE;
  s = fold_to_ascii (trimmed);
  if (!date_prepared (s, &parsed, error))
    return FALSE;
  if (date != NULL)
    *date = parsed;
  if (normalised != NULL)
    {
      *normalised = g_malloc (9);
      format_date (&parsed, *normalised);
    }
  return TRUE;
}

gboolean
kiosk_validate_birth_date_at (
    const char *in, const GDate *today, GDate *date, char **normalised, GError **error)
{
  GDate parsed;
  GDate now;

  if (!kiosk_validate_date (in, &parsed, NULL, error))
    {
      g_prefix_error (error, "出生日期：");
      return FALSE;
    }
  today_or_local (today, &now);
  if (g_date_compare (&parsed, &now) > 0)
    return fail (error, KIOSK_VALIDATE_ERROR_FUTURE, "出生日期不能晚于今天");
  if (date != NULL)
    *date = parsed;
  if (normalised != NULL)
    {
      *normalised = g_malloc (9);
      format_date (&parsed, *normalised);
    }
  return TRUE;
}

static gboolean
is_permanent (const char *s)
{
  static const char *const words[] = { "长期", "長期", "长期有效", "長期有效" };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (words); i++)
    if (strcmp (s, words[i]) == 0)
      return TRUE;
  return FALSE;
}

gboolean
kiosk_validate_id_validity (
    const char *from, const char *to, const GDate *today, KioskIdValidity *validity, GError **error)
{
  KioskIdValidity v;
  GDate now;
  g_autofree char *to_trimmed = NULL;
  g_autofree char *to_folded = NULL;

  memset (&v, 0, sizeof v);
  g_date_clear (&v.from, 1);
  g_date_clear (&v.to, 1);
  today_or_local (today, &now);

  if (!kiosk_validate_date (from, &v.from, NULL, error))
    {
      g_prefix_error (error, "证件有效期起始日期：");
      return FALSE;
    }
  if (g_date_compare (&v.from, &now) > 0)
    return fail (error, KIOSK_VALIDATE_ERROR_NOT_YET_VALID, "证件有效期尚未开始，请核对起始日期");
  format_date (&v.from, v.from_text);

  to_trimmed = prepare (to, "证件有效期截止日期", error);
  if (to_trimmed == NULL)
    return FALSE;
  to_folded = fold_to_ascii (to_trimmed);
  if (is_permanent (to_folded))
    {
      v.permanent = TRUE;
      g_strlcpy (v.to_text, "长期", sizeof v.to_text);
    }
  else
    {
      if (!date_prepared (to_folded, &v.to, error))
        {
          g_prefix_error (error, "证件有效期截止日期：");
          return FALSE;
        }
      if (g_date_compare (&v.to, &v.from) <= 0)
        return fail (error, KIOSK_VALIDATE_ERROR_DATE, "证件有效期的截止日期应晚于起始日期");
      /* The last day printed on the card is still a valid day. */
      if (g_date_compare (&v.to, &now) < 0)
        return fail (error, KIOSK_VALIDATE_ERROR_EXPIRED, "证件已过有效期，请换领新证后再办理");
      format_date (&v.to, v.to_text);
    }

  if (validity != NULL)
    *validity = v;
  return TRUE;
}

/* ---- enumerations ------------------------------------------------------ */

gboolean
kiosk_validate_ethnic_group (const KioskCatalog *catalog,
                             const char *in,
                             char **code,
                             GError **error)
{
  g_autofree char *trimmed = prepare (in, "民族", error);
  g_autofree char *s = NULL;
  const KioskCatalogEntry *entry = NULL;
  gsize len;

  g_return_val_if_fail (catalog != NULL, FALSE);
  if (trimmed == NULL)
    return FALSE;
  s = fold_to_ascii (trimmed);
  len = strlen (s);
  if (len >= 1 && len <= 2 && all_digits (s, len))
    {
      char key[3] = { len == 1 ? '0' : s[0], s[len - 1], '\0' };
      entry = kiosk_catalog_lookup (catalog, KIOSK_CATALOG_ETHNIC_GROUPS, key);
      if (entry == NULL)
        return fail (error, KIOSK_VALIDATE_ERROR_UNKNOWN_VALUE, "民族代码不正确");
    }
  else
    {
      g_autofree char *with_suffix = g_strconcat (s, "族", NULL);
      entry = kiosk_catalog_lookup_name (catalog, KIOSK_CATALOG_ETHNIC_GROUPS, s);
      if (entry == NULL)
        entry = kiosk_catalog_lookup_name (catalog, KIOSK_CATALOG_ETHNIC_GROUPS, with_suffix);
      if (entry == NULL)
        return fail (error, KIOSK_VALIDATE_ERROR_UNKNOWN_VALUE, "请从列表中选择民族");
    }
  if (code != NULL)
    *code = g_strdup (entry->key);
  return TRUE;
}

gboolean
kiosk_validate_sex (const char *in, KioskSex *sex, char **normalised, GError **error)
{
  g_autofree char *trimmed = prepare (in, "性别", error);
  g_autofree char *s = NULL;
  KioskSex value;

  if (trimmed == NULL)
    return FALSE;
  s = fold_to_ascii (trimmed);
  if (g_ascii_strcasecmp (s, "1") == 0 || strcmp (s, "男") == 0 || g_ascii_strcasecmp (s, "m") == 0
      || g_ascii_strcasecmp (s, "male") == 0)
    value = KIOSK_SEX_MALE;
  else if (g_ascii_strcasecmp (s, "2") == 0 || strcmp (s, "女") == 0
           || g_ascii_strcasecmp (s, "f") == 0 || g_ascii_strcasecmp (s, "female") == 0)
    value = KIOSK_SEX_FEMALE;
  else
    return fail (error, KIOSK_VALIDATE_ERROR_UNKNOWN_VALUE, "请选择性别：男或女");

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
  g_autofree char *s = NULL;
  const KioskCatalogEntry *entry;

  g_return_val_if_fail (catalog != NULL, FALSE);
  g_return_val_if_fail (list < KIOSK_CATALOG_N_LISTS, FALSE);

  s = prepare (in, label, error);
  if (s == NULL)
    return FALSE;
  entry = kiosk_catalog_lookup (catalog, list, s);
  if (entry == NULL)
    entry = kiosk_catalog_lookup_name (catalog, list, s);
  if (entry == NULL)
    return fail (error, KIOSK_VALIDATE_ERROR_UNKNOWN_VALUE, "请从列表中选择%s", label);
  if (key != NULL)
    *key = g_strdup (entry->key);
  return TRUE;
}

gboolean
kiosk_validate_id_type (const KioskCatalog *catalog, const char *in, char **key, GError **error)
{
  g_autofree char *s = NULL;
  const KioskIdType *type;

  g_return_val_if_fail (catalog != NULL, FALSE);

  s = prepare (in, "证件类型", error);
  if (s == NULL)
    return FALSE;
  type = kiosk_catalog_lookup_id_type (catalog, s);
  if (type == NULL)
    return fail (error, KIOSK_VALIDATE_ERROR_UNKNOWN_VALUE, "请从列表中选择证件类型");
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
      g_autofree char *s = prepare (ticked[i], "联名银行", &local_error);
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
        return fail (error, KIOSK_VALIDATE_ERROR_UNKNOWN_VALUE, "请从列表中选择联名银行");
      if (chosen != NULL && chosen != bank)
        return fail (error, KIOSK_VALIDATE_ERROR_MORE_THAN_ONE,
                     "联名银行只能选择一家（已选择%s和%s）", chosen->name, bank->name);
      chosen = bank;
    }
  if (chosen == NULL)
    return fail (error, KIOSK_VALIDATE_ERROR_MISSING, "请选择一家联名银行");
  if (key != NULL)
    *key = g_strdup (chosen->key);
  return TRUE;
}

gboolean
kiosk_validate_text (const char *in,
                     const char *what,
                     guint min_chars,
                     guint max_chars,
                     char **normalised,
                     GError **error)
{
  g_autofree char *trimmed = prepare (in, what, error);
  g_autofree char *nfc = NULL;
  GString *out;
  const char *p;
  guint chars = 0;

  if (trimmed == NULL)
    return FALSE;
  nfc = g_utf8_normalize (trimmed, -1, G_NORMALIZE_NFC);
  if (nfc == NULL)
    return fail (error, KIOSK_VALIDATE_ERROR_ENCODING, "%s含有无法识别的字符", what);

  out = g_string_new (NULL);
  for (p = nfc; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            {
              g_string_append_c (out, ' ');
              chars++;
            }
          continue;
        }
      g_string_append_unichar (out, c);
      chars++;
    }

  if (chars < min_chars)
    {
      g_string_free (out, TRUE);
      return fail (error, KIOSK_VALIDATE_ERROR_TOO_SHORT, "%s太短，请填写完整", what);
    }
  if (chars > max_chars)
    {
      g_string_free (out, TRUE);
      return fail (error, KIOSK_VALIDATE_ERROR_TOO_LONG, "%s最多%u个字", what, max_chars);
    }
  if (normalised != NULL)
    *normalised = g_string_free (out, FALSE);
  else
    g_string_free (out, TRUE);
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
  g_autofree char *copy = NULL;

  g_return_val_if_fail (kind < KIOSK_VALIDATE_N_KINDS, FALSE);

  /* Raw bytes (from a chip, a socket, a fuzzer): a NUL inside or a huge
   * length is refused here, so the validators only see a bounded C string. */
  if (in != NULL && len >= 0)
    {
      if (memchr (in, '\0', len) != NULL)
        return fail (error, KIOSK_VALIDATE_ERROR_ENCODING, "含有无法识别的字符");
      if (len > KIOSK_VALIDATE_MAX_INPUT)
        return fail (error, KIOSK_VALIDATE_ERROR_TOO_LONG, "内容太长");
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
