/* kiosk-technician-settings.c — the [technician] group */
#define G_LOG_DOMAIN "kiosk-technician"

#include "config.h"

#include "kiosk-config.h"
#include "kiosk-technician-settings.h"

void
kiosk_technician_settings_init (KioskTechnicianSettings *settings)
{
  settings->lockout_minutes = 15;
  settings->idle_timeout_s = 300;
  g_strlcpy (settings->export_dir, KIOSK_TECHNICIAN_DEFAULT_EXPORT_DIR,
             sizeof settings->export_dir);
}

static gboolean
load_dir (KioskTechnicianSettings *s, GKeyFile *keyfile, GError **error)
{
  g_autofree char *text = NULL;

  if (!g_key_file_has_key (keyfile, KIOSK_TECHNICIAN_GROUP, "export_dir", NULL))
    return TRUE;
  text = g_key_file_get_value (keyfile, KIOSK_TECHNICIAN_GROUP, "export_dir", NULL);
  if (text != NULL)
    g_strstrip (text);
  if (text == NULL || !g_path_is_absolute (text) || strlen (text) >= sizeof s->export_dir
      || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_INVALID_VALUE,
                   "[technician] export_dir = “%s”: 需要绝对路径，最长 %zu 字节 (an absolute "
                   "path of at most %zu bytes is required)",
                   text != NULL ? text : "", sizeof s->export_dir - 1, sizeof s->export_dir - 1);
      return FALSE;
    }
  g_strlcpy (s->export_dir, text, sizeof s->export_dir);
  return TRUE;
}

static gboolean
load_uint (GKeyFile *keyfile, const char *key, guint min, guint max, guint *out, GError **error)
{
  g_autofree char *text = NULL;
  guint64 value;

  if (!g_key_file_has_key (keyfile, KIOSK_TECHNICIAN_GROUP, key, NULL))
    return TRUE;
  text = g_key_file_get_value (keyfile, KIOSK_TECHNICIAN_GROUP, key, NULL);
  if (text == NULL || !g_ascii_string_to_unsigned (g_strstrip (text), 10, min, max, &value, NULL))
    {
      g_set_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_INVALID_VALUE,
                   "[technician] %s = “%s”: 需要 %u 到 %u 之间的整数 (an integer from %u to %u "
                   "is required)",
                   key, text != NULL ? text : "", min, max, min, max);
      return FALSE;
    }
  *out = (guint) value;
  return TRUE;
}

gboolean
kiosk_technician_settings_load (KioskTechnicianSettings *settings,
                                GKeyFile *keyfile,
                                GError **error)
{
  static const char *const known[] = { "lockout_minutes", "idle_timeout_s", "export_dir", NULL };
  KioskTechnicianSettings s;
  g_auto (GStrv) keys = NULL;

  kiosk_technician_settings_init (&s);
  if (keyfile != NULL && g_key_file_has_group (keyfile, KIOSK_TECHNICIAN_GROUP))
    {
      keys = g_key_file_get_keys (keyfile, KIOSK_TECHNICIAN_GROUP, NULL, NULL);
      for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
        if (!g_strv_contains (known, keys[i]))
          {
            g_set_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_INVALID_VALUE,
                         "[technician] %s: 未知的设置 (unknown key; known: lockout_minutes, "
                         "idle_timeout_s, export_dir)",
                         keys[i]);
            return FALSE;
          }
      if (!load_uint (keyfile, "lockout_minutes", 1, 1440, &s.lockout_minutes, error)
          || !load_uint (keyfile, "idle_timeout_s", 5, 3600, &s.idle_timeout_s, error)
          || !load_dir (&s, keyfile, error))
        return FALSE;
    }
  *settings = s;
  return TRUE;
}

guint
kiosk_technician_settings_get_lockout_s (const KioskTechnicianSettings *settings)
{
  return settings->lockout_minutes * 60;
}
