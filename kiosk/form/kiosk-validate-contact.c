/* kiosk-validate-contact.c — phone numbers, postal codes, free text (addresses) */
#define G_LOG_DOMAIN "kiosk-validate"

#include "config.h"

#include <string.h>

#include "kiosk-validate-private.h"
#include "kiosk-wipe.h"

/* ---- phones and postal codes ------------------------------------------- */

static gboolean
mobile_prepared (char *s, char **normalised, GError **error)
{
  const char *digits = s;
  gsize len;

  kiosk_validate_strip_chars (s, " -");
  /* The country code, written the three ways people write it. */
  if (g_str_has_prefix (s, "+86"))
    digits = s + 3;
  else if (g_str_has_prefix (s, "0086"))
    digits = s + 4;
  else if (strlen (s) == 13 && g_str_has_prefix (s, "861"))
    digits = s + 2;

  len = strlen (digits);
  if (!kiosk_validate_all_digits (digits, len))
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "手机号码只能由数字组成");
  if (len != 11)
    return kiosk_validate_fail (
        error, len < 11 ? KIOSK_VALIDATE_ERROR_TOO_SHORT : KIOSK_VALIDATE_ERROR_TOO_LONG,
        "手机号码应为11位数字");
  if (digits[0] != '1' || digits[1] < '3')
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "手机号码应以13至19开头");
  if (normalised != NULL)
    *normalised = g_strdup (digits);
  return TRUE;
}

static gboolean
is_area_code (const char *area, gsize len)
{
  if (!kiosk_validate_all_digits (area, len) || len < 3 || area[0] != '0')
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
  g_auto (KioskWipedString) area = NULL;
  g_auto (KioskWipedString) local_copy = NULL;
  const char *local;
  const char *dash;
  gsize local_len;

  kiosk_validate_strip_chars (s, " ");
  if (s[0] == '(')
    {
      const char *close = strchr (s, ')');
      if (close == NULL)
        return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "固定电话的区号格式不正确");
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
        return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FORMAT,
                                    "固定电话请加区号，例如 0431-85570725");
      area_len = (s[1] == '1' || s[1] == '2') ? 3 : 4;
      if (strlen (s) < area_len)
        return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_TOO_SHORT, "固定电话号码太短");
      area = g_strndup (s, area_len);
      local = s + area_len;
    }

  if (area[0] == '\0')
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FORMAT,
                                "固定电话请加区号，例如 0431-85570725");
  if (!is_area_code (area, strlen (area)))
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "固定电话的区号不正确");
  /* "8557-0725" is one number written in two groups; "85570725-123" is a
   * number with an extension, which a bank cannot call back. */
  local_copy = g_strdup (local);
  kiosk_validate_strip_chars (local_copy, "-");
  local_len = strlen (local_copy);
  if (strchr (local, '-') != NULL && local_len > 8)
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "固定电话请不要填写分机号");
  local = local_copy;
  if (!kiosk_validate_all_digits (local, local_len))
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "电话号码只能由数字组成");
  if (local_len < 7 || local_len > 8)
    return kiosk_validate_fail (
        error, local_len < 7 ? KIOSK_VALIDATE_ERROR_TOO_SHORT : KIOSK_VALIDATE_ERROR_TOO_LONG,
        "固定电话号码（不含区号）应为7至8位");
  if (local[0] == '0' || local[0] == '1')
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FORMAT,
                                "固定电话号码（不含区号）不能以0或1开头");

  if (normalised != NULL)
    *normalised = g_strdup_printf ("%s-%s", area, local);
  return TRUE;
}

gboolean
kiosk_validate_mobile (const char *in, char **normalised, GError **error)
{
  g_auto (KioskWipedString) trimmed = kiosk_validate_prepare (in, "手机号码", error);
  g_auto (KioskWipedString) s = NULL;

  if (trimmed == NULL)
    return FALSE;
  s = kiosk_validate_fold_to_ascii (trimmed);
  return mobile_prepared (s, normalised, error);
}

gboolean
kiosk_validate_landline (const char *in, char **normalised, GError **error)
{
  g_auto (KioskWipedString) trimmed = kiosk_validate_prepare (in, "固定电话", error);
  g_auto (KioskWipedString) s = NULL;

  if (trimmed == NULL)
    return FALSE;
  s = kiosk_validate_fold_to_ascii (trimmed);
  return landline_prepared (s, normalised, error);
}

gboolean
kiosk_validate_phone (const char *in, char **normalised, GError **error)
{
  g_auto (KioskWipedString) trimmed = kiosk_validate_prepare (in, "联系电话", error);
  g_auto (KioskWipedString) s = NULL;

  if (trimmed == NULL)
    return FALSE;
  s = kiosk_validate_fold_to_ascii (trimmed);
  if (s[0] == '1' || s[0] == '+' || g_str_has_prefix (s, "0086"))
    return mobile_prepared (s, normalised, error);
  if (s[0] == '0' || s[0] == '(')
    return landline_prepared (s, normalised, error);
  if (g_ascii_isdigit (s[0]))
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FORMAT,
                                "请填写11位手机号码，或带区号的固定电话（例如 0431-85570725）");
  return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "联系电话只能由数字组成");
}

gboolean
kiosk_validate_postal_code (const char *in, char **normalised, GError **error)
{
  g_auto (KioskWipedString) trimmed = kiosk_validate_prepare (in, "邮政编码", error);
  g_auto (KioskWipedString) s = NULL;
  gsize len;
  int province;

  if (trimmed == NULL)
    return FALSE;
  s = kiosk_validate_fold_to_ascii (trimmed);
  kiosk_validate_strip_chars (s, " ");
  len = strlen (s);
  if (len != 6 || !kiosk_validate_all_digits (s, len))
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "邮政编码应为6位数字");
  /* The first two digits are the postal province: 01 (Inner Mongolia) to
   * 85 (Tibet); 86 is kept for new codes. */
  province = kiosk_validate_two_digits (s);
  if (province < 1 || province > 86)
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "邮政编码不正确，请核对");
  if (normalised != NULL)
    *normalised = g_strdup (s);
  return TRUE;
}

/* ---- free text ---------------------------------------------------------- */

gboolean
kiosk_validate_text (const char *in,
                     const char *what,
                     guint min_chars,
                     guint max_chars,
                     char **normalised,
                     GError **error)
{
  g_auto (KioskWipedString) trimmed = kiosk_validate_prepare (in, what, error);
  g_auto (KioskWipedString) nfc = NULL;
  GString *out;
  const char *p;
  guint chars = 0;

  if (trimmed == NULL)
    return FALSE;
  nfc = g_utf8_normalize (trimmed, -1, G_NORMALIZE_NFC);
  if (nfc == NULL)
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_ENCODING, "%s含有无法识别的字符", what);

  out = g_string_sized_new (strlen (nfc) + 8);
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
      kiosk_wipe_gstring_free (out);
      return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_TOO_SHORT, "%s太短，请填写完整",
                                  what);
    }
  if (chars > max_chars)
    {
      kiosk_wipe_gstring_free (out);
      return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_TOO_LONG, "%s最多%u个字", what,
                                  max_chars);
    }
  if (normalised != NULL)
    *normalised = g_string_free (out, FALSE);
  else
    kiosk_wipe_gstring_free (out);
  return TRUE;
}
