/* kiosk-mask.c — the one masking rule for personal data */
#define G_LOG_DOMAIN "kiosk-mask"

#include "config.h"

#include <string.h>

#include "kiosk-mask.h"

/* Keeps `head` characters at the start and `tail` at the end of a UTF-8
 * string, replacing every character between with '*'. A value too short to
 * hide at least four characters that way shows at most half of itself. */
static char *
mask_keep (const char *value, glong head, glong tail)
{
  GString *out;
  glong len;
  const char *p;
  glong i;

  if (value == NULL)
    return g_strdup ("");
  if (!g_utf8_validate (value, -1, NULL))
    return g_strdup ("***");

  len = g_utf8_strlen (value, -1);
  while (len > 0 && head + tail + 4 > len && head + tail > len / 2)
    {
      if (tail > 0 && tail >= head)
        tail--;
      else if (head > 0)
        head--;
      else
        break;
    }

  out = g_string_new (NULL);
  for (i = 0, p = value; i < len; i++, p = g_utf8_next_char (p))
    {
      if (i < head || i >= len - tail)
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      else
        g_string_append_c (out, '*');
    }
  return g_string_free (out, FALSE);
}

char *
kiosk_mask (KioskMaskKind kind, const char *value)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (value ? value : ""));

  switch (kind)
    {
      case KIOSK_MASK_ID_NUMBER:
        return mask_keep (trimmed, 4, 4);
      case KIOSK_MASK_PHONE:
        return mask_keep (trimmed, 3, 4);
      case KIOSK_MASK_NAME:
        {
          glong len = g_utf8_validate (trimmed, -1, NULL) ? g_utf8_strlen (trimmed, -1) : 0;
          /* A one-character name shows nothing. */
          return len <= 1 ? g_strdup ("*") : mask_keep (trimmed, 1, 0);
        }
      case KIOSK_MASK_CARD:
        return mask_keep (trimmed, 1, 1);
      case KIOSK_MASK_ADDRESS:
        {
          g_autofree char *kept = mask_keep (trimmed, 6, 0);
          return g_strdup (kept);
        }
      default:
        g_return_val_if_reached (g_strdup ("***"));
    }
}

static gboolean
is_id_char (char c)
{
  return g_ascii_isdigit (c) || c == 'X' || c == 'x';
}

char *
kiosk_mask_text (const char *text)
{
  GString *out;
  const char *p;

  if (text == NULL)
    return NULL;

  out = g_string_sized_new (strlen (text));
  p = text;
  while (*p)
    {
      if (g_ascii_isdigit (*p) && (p == text || !g_ascii_isalnum (p[-1])))
        {
          const char *q = p;
          gsize n;

          while (is_id_char (*q))
            q++;
          n = q - p;
          /* X may only be the last character of an ID number */
          if (n >= 2 && memchr (p, 'X', n - 1) == NULL && memchr (p, 'x', n - 1) == NULL
              && !g_ascii_isalnum (*q))
            {
              g_autofree char *run = g_strndup (p, n);
              if (n == 18 || n == 15)
                {
                  g_autofree char *m = kiosk_mask (KIOSK_MASK_ID_NUMBER, run);
                  g_string_append (out, m);
                  p = q;
                  continue;
                }
              if (n == 11 && p[0] == '1' && g_ascii_isdigit (p[10]))
                {
                  g_autofree char *m = kiosk_mask (KIOSK_MASK_PHONE, run);
                  g_string_append (out, m);
                  p = q;
                  continue;
                }
            }
          g_string_append_len (out, p, n);
          p = q;
          continue;
        }
      g_string_append_c (out, *p);
      p++;
    }
  return g_string_free (out, FALSE);
}

static const struct
{
  const char *member;
  KioskMaskKind kind;
} personal_members[] = {
  { "\"name\"", KIOSK_MASK_NAME },        { "\"id_number\"", KIOSK_MASK_ID_NUMBER },
  { "\"phone\"", KIOSK_MASK_PHONE },      { "\"address\"", KIOSK_MASK_ADDRESS },
  { "\"card_number\"", KIOSK_MASK_CARD },
};

/* If `p` starts a personal member's name followed by ':' and a string,
 * returns its kind and sets the value's bounds (without the quotes). */
static gboolean
personal_member_at (const char *p, KioskMaskKind *kind, const char **value, const char **end)
{
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (personal_members); i++)
    {
      gsize n = strlen (personal_members[i].member);
      const char *q;

      if (strncmp (p, personal_members[i].member, n) != 0)
        continue;
      q = p + n;
      while (*q == ' ')
        q++;
      if (*q++ != ':')
        return FALSE;
      while (*q == ' ')
        q++;
      if (*q++ != '"')
        return FALSE;
      *value = q;
      while (*q && *q != '"')
        q += (*q == '\\' && q[1]) ? 2 : 1;
      if (*q != '"')
        return FALSE;
      *end = q;
      *kind = personal_members[i].kind;
      return TRUE;
    }
  return FALSE;
}

char *
kiosk_mask_json (const char *json)
{
  GString *out;
  const char *p;
  g_autofree char *partly = NULL;

  if (json == NULL)
    return NULL;

  out = g_string_sized_new (strlen (json));
  for (p = json; *p;)
    {
      KioskMaskKind kind;
      const char *value, *end;

      if (*p == '"' && personal_member_at (p, &kind, &value, &end))
        {
          g_autofree char *raw = g_strndup (value, end - value);
          g_autofree char *masked = kiosk_mask (kind, raw);

          g_string_append_len (out, p, value - p);
          g_string_append (out, masked);
          g_string_append_c (out, '"');
          p = end + 1;
          continue;
        }
      g_string_append_c (out, *p++);
    }
  partly = g_string_free (out, FALSE);
  return kiosk_mask_text (partly);
}
