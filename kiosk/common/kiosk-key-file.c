#include "config.h"

#define G_LOG_DOMAIN "kiosk-common"

#include "kiosk-key-file.h"

#include <string.h>

char *
kiosk_key_file_get_string (GKeyFile *keyfile, const char *group, const char *key, GError **error)
{
  g_autofree char *raw = NULL;

  g_return_val_if_fail (keyfile != NULL, NULL);
  g_return_val_if_fail (group != NULL && key != NULL, NULL);

  raw = g_key_file_get_value (keyfile, group, key, error);
  if (raw == NULL)
    return NULL;
  for (const char *p = raw; *p != '\0'; p++)
    {
      if (*p != '\\')
        continue;
      p++;
      if (*p == '\0' || strchr ("sntr\\", *p) == NULL)
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       "a backslash must be followed by s, n, t, r or another backslash");
          return NULL;
        }
    }
  return g_key_file_get_string (keyfile, group, key, error);
}
