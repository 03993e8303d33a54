/* kiosk-validate-id.c — ID numbers (GB 11643-1999), other document numbers, dates, ID validity */
#define G_LOG_DOMAIN "kiosk-validate"

#include "config.h"

#include <string.h>

#include "kiosk-validate-private.h"
#include "kiosk-wipe.h"

#define ID_NUMBER_LEN        18
#define LEGACY_ID_NUMBER_LEN 15
#define MIN_YEAR             1900

static gboolean
is_ascii (const char *s)
{
  for (; *s != '\0'; s++)
    if ((guchar) *s >= 0x80)
      return FALSE;
  return TRUE;
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
  if (year < 1
      || !g_date_valid_dmy (kiosk_validate_two_digits (yyyymmdd + 6),
                            kiosk_validate_two_digits (yyyymmdd + 4), year))
    return FALSE;
  g_date_set_dmy (date, kiosk_validate_two_digits (yyyymmdd + 6),
                  kiosk_validate_two_digits (yyyymmdd + 4), year);
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

  kiosk_validate_strip_chars (s, " ");
  len = strlen (s);
  if (len > 0 && s[len - 1] == 'x')
    s[len - 1] = 'X';

  if (len == LEGACY_ID_NUMBER_LEN && kiosk_validate_all_digits (s, len))
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_LEGACY_ID,
                                "15位的旧身份证号码已停止使用，请使用18位的身份证号码");
  if (!is_ascii (s) || !kiosk_validate_all_digits (s, MIN (len, ID_NUMBER_LEN - 1))
      || (len == ID_NUMBER_LEN && !g_ascii_isdigit (s[17]) && s[17] != 'X'))
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FORMAT,
                                "身份证号码只能由数字组成，最后一位可以是X");
  if (len < ID_NUMBER_LEN)
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_TOO_SHORT,
                                "身份证号码应为18位，现在只有%u位", (guint) len);
  if (len > ID_NUMBER_LEN)
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_TOO_LONG,
                                "身份证号码应为18位，现在多于18位");

  if (gb11643_check_char (s) != s[17])
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_CHECK_DIGIT,
                                "身份证号码有误（校验位不符），请逐位核对");

  /* The 2023 foreigner's permanent residence card (外国人永久居留身份证, type Y)
   * carries a GB 11643 number that starts with 9, followed by the province
   * code of the issuing authority; the birth date and check digit are where
   * a resident's are. */
  region[0] = s[0] == '9' ? s[1] : s[0];
  region[1] = s[0] == '9' ? s[2] : s[1];
  region[2] = '\0';
  if (kiosk_catalog_lookup (catalog, KIOSK_CATALOG_REGIONS, region) == NULL)
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_REGION,
                                "身份证号码的前两位（地区码）不正确");

  if (!date_from_digits (s + 6, &birth) || g_date_get_year (&birth) < MIN_YEAR)
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_DATE, "身份证号码中的出生日期不存在");
  kiosk_validate_today_or_local (today, &now);
  if (g_date_compare (&birth, &now) > 0)
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FUTURE,
                                "身份证号码中的出生日期晚于今天");

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
  g_auto (KioskWipedString) trimmed = NULL;
  g_auto (KioskWipedString) folded = NULL;

  g_return_val_if_fail (catalog != NULL, FALSE);

  trimmed = kiosk_validate_prepare (in, "身份证号码", error);
  if (trimmed == NULL)
    return FALSE;
  folded = kiosk_validate_fold_to_ascii (trimmed);
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
  return id != NULL && strlen (id) == ID_NUMBER_LEN && kiosk_validate_all_digits (id, 17)
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
  g_auto (KioskWipedString) trimmed = NULL;
  g_auto (KioskWipedString) folded = NULL;
  char buf[ID_NUMBER_LEN + 1];

  g_return_val_if_fail (catalog != NULL, FALSE);

  trimmed = kiosk_validate_prepare (in, "身份证号码", error);
  if (trimmed == NULL)
    return FALSE;
  folded = kiosk_validate_fold_to_ascii (trimmed);
  kiosk_validate_strip_chars (folded, " ");
  if (strlen (folded) != LEGACY_ID_NUMBER_LEN
      || !kiosk_validate_all_digits (folded, LEGACY_ID_NUMBER_LEN))
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "旧身份证号码应为15位数字");

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
  g_auto (KioskWipedString) trimmed = kiosk_validate_prepare (in, "证件号码", error);
  g_auto (KioskWipedString) s = NULL;
  gsize len;
  gsize i;

  if (trimmed == NULL)
    return FALSE;
  s = kiosk_validate_fold_to_ascii (trimmed);
  kiosk_validate_strip_chars (s, " -");
  len = strlen (s);
  for (i = 0; i < len; i++)
    if (!g_ascii_isalnum (s[i]))
      return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FORMAT,
                                  "证件号码只能由字母和数字组成");
  if (len < 4)
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_TOO_SHORT, "证件号码太短");
  if (len > 30)
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_TOO_LONG, "证件号码太长");
  if (normalised != NULL)
    *normalised = g_ascii_strup (s, -1);
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
                return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FORMAT,
                                            "日期格式应为 YYYYMMDD 或 YYYY-MM-DD");
              n_groups++;
              in_group = TRUE;
            }
          if (group_len[n_groups - 1] == 8)
            return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FORMAT,
                                        "日期格式应为 YYYYMMDD 或 YYYY-MM-DD");
          groups[n_groups - 1][group_len[n_groups - 1]++] = (char) c;
          continue;
        }
      if (c == '-' || c == '.' || c == '/' || c == ' ' || c == 0x5E74 /* 年 */
          || c == 0x6708 /* 月 */ || c == 0x65E5 /* 日 */)
        {
          in_group = FALSE;
          continue;
        }
      return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FORMAT,
                                  "日期格式应为 YYYYMMDD 或 YYYY-MM-DD");
    }

  for (i = 0; i < n_groups; i++)
    groups[i][group_len[i]] = '\0';

  if (n_groups == 1 && group_len[0] == 8)
    {
      year
          = kiosk_validate_two_digits (groups[0]) * 100 + kiosk_validate_two_digits (groups[0] + 2);
      month = kiosk_validate_two_digits (groups[0] + 4);
      day = kiosk_validate_two_digits (groups[0] + 6);
    }
  else if (n_groups == 3 && group_len[0] == 4 && group_len[1] <= 2 && group_len[2] <= 2)
    {
      year = atoi (groups[0]);
      month = atoi (groups[1]);
      day = atoi (groups[2]);
    }
  else
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FORMAT,
                                "日期格式应为 YYYYMMDD 或 YYYY-MM-DD");

  if (year < MIN_YEAR)
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_DATE, "日期不能早于%d年", MIN_YEAR);
  if (!g_date_valid_dmy (day, month, year))
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_DATE, "日期不存在，请核对年、月、日");
  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

gboolean
kiosk_validate_date (const char *in, GDate *date, char **normalised, GError **error)
{
  g_auto (KioskWipedString) trimmed = kiosk_validate_prepare (in, "日期", error);
  g_auto (KioskWipedString) s = NULL;
  GDate parsed;

  if (trimmed == NULL)
    return FALSE;
  s = kiosk_validate_fold_to_ascii (trimmed);
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
  kiosk_validate_today_or_local (today, &now);
  if (g_date_compare (&parsed, &now) > 0)
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FUTURE, "出生日期不能晚于今天");
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
  g_auto (KioskWipedString) to_trimmed = NULL;
  g_auto (KioskWipedString) to_folded = NULL;

  memset (&v, 0, sizeof v);
  g_date_clear (&v.from, 1);
  g_date_clear (&v.to, 1);
  kiosk_validate_today_or_local (today, &now);

  if (!kiosk_validate_date (from, &v.from, NULL, error))
    {
      g_prefix_error (error, "证件有效期起始日期：");
      return FALSE;
    }
  if (g_date_compare (&v.from, &now) > 0)
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_NOT_YET_VALID,
                                "证件有效期尚未开始，请核对起始日期");
  format_date (&v.from, v.from_text);

  to_trimmed = kiosk_validate_prepare (to, "证件有效期截止日期", error);
  if (to_trimmed == NULL)
    return FALSE;
  to_folded = kiosk_validate_fold_to_ascii (to_trimmed);
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
        return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_DATE,
                                    "证件有效期的截止日期应晚于起始日期");
      /* The last day printed on the card is still a valid day. */
      if (g_date_compare (&v.to, &now) < 0)
        return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_EXPIRED,
                                    "证件已过有效期，请换领新证后再办理");
      format_date (&v.to, v.to_text);
    }

  if (validity != NULL)
    *validity = v;
  return TRUE;
}
