/* kiosk-config.c — the kiosk's configuration file */
#define G_LOG_DOMAIN "kiosk-config"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk-key-file.h"
#include "kiosk-config.h"

G_DEFINE_QUARK (kiosk - config - error - quark, kiosk_config_error)

#define RETENTION_DAYS_DEFAULT 30
#define RETENTION_DAYS_MAX     3650
#define LATENCY_MS_DEFAULT     300
#define LATENCY_MS_MAX         60000

void
kiosk_config_free (KioskConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->path);
  g_clear_pointer (&config->keyfile, g_key_file_unref);
  g_free (config->kiosk_id);
  g_free (config->site);
  g_free (config->state_dir);
  g_free (config->store_path);
  g_free (config->center_driver);
  g_free (config->center_sim_db);
  g_free (config);
}

/* Reads an optional string; absent or empty → the fallback. A value that is
 * present but unreadable (not UTF-8, say) is an error, never the default. */
static gboolean
get_string (GKeyFile *kf,
            const char *group,
            const char *key,
            const char *fallback,
            char **out,
            GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *value = NULL;

  if (!g_key_file_has_key (kf, group, key, NULL))
    {
      *out = g_strdup (fallback);
      return TRUE;
    }
  value = kiosk_key_file_get_string (kf, group, key, &local);
  if (value == NULL)
    {
      g_set_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_INVALID_VALUE,
                   "[%s] %s: 无法读取的值 (unreadable value): %s", group, key, local->message);
      return FALSE;
    }
  g_strstrip (value);
  *out = *value == '\0' ? g_strdup (fallback) : g_steal_pointer (&value);
  return TRUE;
}

/* Reads an optional unsigned integer in [min, max]. Anything else — words,
 * signs, trailing junk, overflow — is refused, naming the key. */
static gboolean
get_uint (GKeyFile *kf,
          const char *group,
          const char *key,
          guint fallback,
          guint min,
          guint max,
          guint *out,
          GError **error)
{
  g_autofree char *value = NULL;
  guint64 parsed;
  g_autoptr (GError) local = NULL;

  if (!get_string (kf, group, key, NULL, &value, error))
    return FALSE;
  if (value == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (value, 10, min, max, &parsed, &local))
    {
      g_set_error (
          error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_INVALID_VALUE,
          "[%s] %s = “%s”: 需要 %u 到 %u 之间的整数 (an integer from %u to %u is required)", group,
          key, value, min, max, min, max);
      return FALSE;
    }
  *out = (guint) parsed;
  return TRUE;
}

static gboolean
check_printable (const char *group, const char *key, const char *value, GError **error)
{
  const char *p;

  if (value == NULL)
    return TRUE;
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_INVALID_VALUE,
                   "[%s] %s: 不是有效的 UTF-8 文本 (not valid UTF-8)", group, key);
      return FALSE;
    }
  for (p = value; *p; p = g_utf8_next_char (p))
    {
      if (g_unichar_iscntrl (g_utf8_get_char (p)))
        {
          g_set_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_INVALID_VALUE,
                       "[%s] %s: 含有控制字符 (contains control characters)", group, key);
          return FALSE;
        }
    }
  return TRUE;
}

static char *
resolve_state_dir (const char *configured)
{
  if (configured == NULL || *configured == '\0')
    return g_build_filename (g_get_user_state_dir (), "sskiosk", NULL);
  if (g_path_is_absolute (configured))
    return g_strdup (configured);
  return g_build_filename (g_get_user_state_dir (), "sskiosk", configured, NULL);
}

static char *
resolve_in_state_dir (const char *state_dir, const char *configured, const char *fallback_name)
{
  if (configured == NULL || *configured == '\0')
    return g_build_filename (state_dir, fallback_name, NULL);
  if (g_path_is_absolute (configured))
    return g_strdup (configured);
  return g_build_filename (state_dir, configured, NULL);
}

static KioskConfig *
config_from_key_file (GKeyFile *kf, const char *path, GError **error)
{
  g_autoptr (KioskConfig) config = g_new0 (KioskConfig, 1);
  g_autofree char *state_dir = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *sim_db = NULL;

  config->path = g_strdup (path);
  config->keyfile = g_key_file_ref (kf);

  if (!get_string (kf, "kiosk", "id", "JL-SIM-0001", &config->kiosk_id, error)
      || !get_string (kf, "kiosk", "site", "", &config->site, error))
    return NULL;
  if (!check_printable ("kiosk", "id", config->kiosk_id, error)
      || !check_printable ("kiosk", "site", config->site, error))
    return NULL;
  if (strlen (config->kiosk_id) > 64)
    {
      g_set_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_INVALID_VALUE,
                   "[kiosk] id: 最长 64 个字符 (at most 64 characters)");
      return NULL;
    }

  if (!get_string (kf, "store", "state_dir", NULL, &state_dir, error)
      || !get_string (kf, "store", "path", NULL, &store_path, error))
    return NULL;
  if (!check_printable ("store", "state_dir", state_dir, error)
      || !check_printable ("store", "path", store_path, error))
    return NULL;
  config->state_dir = resolve_state_dir (state_dir);
  config->store_path = resolve_in_state_dir (config->state_dir, store_path, "kiosk.db");
  if (!get_uint (kf, "store", "retention_days", RETENTION_DAYS_DEFAULT, 1, RETENTION_DAYS_MAX,
                 &config->retention_days, error))
    return NULL;

  if (!get_string (kf, "center", "driver", "simulator", &config->center_driver, error))
    return NULL;
  if (g_strcmp0 (config->center_driver, "simulator") != 0)
    {
      g_set_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_INVALID_VALUE,
                   "[center] driver = “%s”: 只支持 simulator (only “simulator” is available)",
                   config->center_driver);
      return NULL;
    }
  if (!get_string (kf, "center", "simulator_db", NULL, &sim_db, error))
    return NULL;
  if (!check_printable ("center", "simulator_db", sim_db, error))
    return NULL;
  config->center_sim_db = resolve_in_state_dir (config->state_dir, sim_db, "center-sim.db");
  if (!get_uint (kf, "center", "latency_ms", LATENCY_MS_DEFAULT, 0, LATENCY_MS_MAX,
                 &config->center_latency_ms, error))
    return NULL;

  return g_steal_pointer (&config);
}

KioskConfig *
kiosk_config_new_default (void)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  KioskConfig *config = config_from_key_file (kf, NULL, &error);

  /* An empty file takes every default, which are valid by construction. */
  g_assert_no_error (error);
  return config;
}

KioskConfig *
kiosk_config_load_data (const char *data, gssize len, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) local = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  if (!g_key_file_load_from_data (kf, data, len, G_KEY_FILE_NONE, &local))
    {
      g_set_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_PARSE,
                   "配置文件格式错误 (configuration syntax error): %s", local->message);
      return NULL;
    }
  return config_from_key_file (kf, NULL, error);
}

KioskConfig *
kiosk_config_load_file (const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr (GError) local = NULL;
  KioskConfig *config;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &len, &local))
    {
      g_set_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_NOT_FOUND,
                   "无法读取配置文件 (cannot read the configuration) %s: %s", path, local->message);
      return NULL;
    }
  config = kiosk_config_load_data (contents, len, &local);
  if (config == NULL)
    {
      g_set_error (error, KIOSK_CONFIG_ERROR, local->code, "%s: %s", path, local->message);
      return NULL;
    }
  config->path = g_strdup (path);
  return config;
}

KioskConfig *
kiosk_config_load_default (const char *explicit_path, GError **error)
{
  const char *env = g_getenv ("KIOSK_CONFIG");
  g_autofree char *system_path = NULL;

  if (explicit_path != NULL && *explicit_path != '\0')
    return kiosk_config_load_file (explicit_path, error);
  if (env != NULL && *env != '\0')
    return kiosk_config_load_file (env, error);

  system_path = g_build_filename (KIOSK_SYSCONFDIR, "kiosk.conf", NULL);
  if (g_file_test (system_path, G_FILE_TEST_EXISTS))
    return kiosk_config_load_file (system_path, error);

  return kiosk_config_new_default ();
}
