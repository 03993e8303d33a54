/* kiosk-audit-head.c — the head of the audit chain as a witness, "seq:hash" */
#include "config.h"

#include "kiosk-audit-head.h"

#include <string.h>

/* Far beyond any kiosk's life (a million entries a day for 2,000 years),
 * and well inside gint64. */
#define MAX_SEQ_DIGITS 15

gboolean
kiosk_audit_hash_is_valid (const char *hash)
{
  if (hash == NULL || strlen (hash) != KIOSK_AUDIT_HASH_LEN)
    return FALSE;
  for (const char *p = hash; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

char *
kiosk_audit_head_format (gint64 seq, const char *hash)
{
  g_return_val_if_fail (seq >= 1, NULL);
  g_return_val_if_fail (kiosk_audit_hash_is_valid (hash), NULL);
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%s", seq, hash);
}

gboolean
kiosk_audit_head_parse (const char *text, gint64 *seq, char **hash)
{
  const char *colon;
  gsize digits;
  gint64 value = 0;

  if (text == NULL)
    return FALSE;
  colon = strchr (text, ':');
  if (colon == NULL)
    return FALSE;
  digits = (gsize) (colon - text);
  if (digits == 0 || digits > MAX_SEQ_DIGITS || text[0] == '0')
    return FALSE;
  for (gsize i = 0; i < digits; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      value = value * 10 + (text[i] - '0');
    }
  if (!kiosk_audit_hash_is_valid (colon + 1))
    return FALSE;
  if (seq != NULL)
    *seq = value;
  if (hash != NULL)
    *hash = g_strdup (colon + 1);
  return TRUE;
}
