/* kiosk-validate-name.c — names: Chinese with `·`, or Latin for foreigner cards */
#define G_LOG_DOMAIN "kiosk-validate"

#include "config.h"

#include <string.h>

#include "kiosk-validate-private.h"
#include "kiosk-wipe.h"

#define NAME_MAX_UTF16       15 /* the chip's name field: 30 bytes of UCS-2 */
#define LATIN_NAME_MAX_CHARS 60 /* the foreigner card's English name: 120 bytes */

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
  GString *out = g_string_sized_new (strlen (nfkc) + 8);
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
              kiosk_wipe_gstring_free (out);
              return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FORMAT,
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
      kiosk_wipe_gstring_free (out);
      if (g_unichar_isdigit (c))
        return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "姓名不能含有数字");
      return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FORMAT,
                                  "姓名只能由汉字和间隔号“·”组成");
    }

  if (last_dot && han > 0)
    {
      kiosk_wipe_gstring_free (out);
      return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FORMAT,
                                  "姓名中的间隔号“·”只能出现在两个字之间");
    }
  if (han < 2)
    {
      kiosk_wipe_gstring_free (out);
      return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_TOO_SHORT, "姓名至少应有两个字");
    }
  if (utf16_units > NAME_MAX_UTF16)
    {
      kiosk_wipe_gstring_free (out);
      return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_TOO_LONG,
                                  "姓名最多%d个字（身份证芯片的长度），请与证件核对",
                                  NAME_MAX_UTF16);
    }

  if (normalised != NULL)
    *normalised = g_string_free (out, FALSE);
  else
    kiosk_wipe_gstring_free (out);
  return TRUE;
}

static gboolean
latin_name (const char *nfkc, char **normalised, GError **error)
{
  GString *out = g_string_sized_new (strlen (nfkc) + 8);
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
              kiosk_wipe_gstring_free (out);
              return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FORMAT,
                                          "外文姓名应以字母开头");
            }
          g_string_append_c (out, (char) c);
          continue;
        }
      kiosk_wipe_gstring_free (out);
      if (g_unichar_isdigit (c))
        return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FORMAT, "姓名不能含有数字");
      if (is_han (c))
        return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FORMAT,
                                    "姓名不能混用汉字和外文字母");
      return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_FORMAT,
                                  "外文姓名只能由英文字母、空格和 - ' , . 组成（与证件一致）");
    }

  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  if (letters < 2)
    {
      kiosk_wipe_gstring_free (out);
      return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_TOO_SHORT, "姓名至少应有两个字母");
    }
  if (out->len > LATIN_NAME_MAX_CHARS)
    {
      kiosk_wipe_gstring_free (out);
      return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_TOO_LONG, "外文姓名最多%d个字符",
                                  LATIN_NAME_MAX_CHARS);
    }

  if (normalised != NULL)
    *normalised = g_string_free (out, FALSE);
  else
    kiosk_wipe_gstring_free (out);
  return TRUE;
}

gboolean
kiosk_validate_name (const char *in, gboolean allow_latin, char **normalised, GError **error)
{
  g_auto (KioskWipedString) trimmed = kiosk_validate_prepare (in, "姓名", error);
  g_auto (KioskWipedString) nfkc = NULL;
  const char *p;

  if (trimmed == NULL)
    return FALSE;
  /* NFKC folds full-width letters to ASCII, U+FF65 to U+30FB and the few
   * compatibility ideographs to their unified forms. */
  nfkc = g_utf8_normalize (trimmed, -1, G_NORMALIZE_NFKC);
  if (nfkc == NULL)
    return kiosk_validate_fail (error, KIOSK_VALIDATE_ERROR_ENCODING, "姓名含有无法识别的字符");

  if (allow_latin)
    for (p = nfkc; *p != '\0'; p = g_utf8_next_char (p))
      if (g_ascii_isalpha (*p))
        return latin_name (nfkc, normalised, error);
  return chinese_name (nfkc, normalised, error);
}
