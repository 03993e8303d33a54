#include "config.h"

#define G_LOG_DOMAIN "kiosk-common"

#include "kiosk-wipe.h"

#include <string.h>

void
kiosk_wipe_string (char *string)
{
  if (string != NULL)
    explicit_bzero (string, strlen (string));
}

void
kiosk_clear_string (char **string)
{
  g_return_if_fail (string != NULL);

  if (*string == NULL)
    return;
  kiosk_wipe_string (*string);
  g_clear_pointer (string, g_free);
}

void
kiosk_wipe_gstring (GString *string)
{
  if (string == NULL)
    return;
  /* Everything the buffer ever held lies within its allocation: a longer
   * value that was truncated left its tail beyond `len`. */
  explicit_bzero (string->str, string->allocated_len);
  g_string_truncate (string, 0);
}

GString *
kiosk_wipe_gstring_free (GString *string)
{
  if (string == NULL)
    return NULL;
  kiosk_wipe_gstring (string);
  g_string_free (string, TRUE);
  return NULL;
}
