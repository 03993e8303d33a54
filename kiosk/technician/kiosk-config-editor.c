/* kiosk-config-editor.c — show the configuration, change its safe fields */
#define G_LOG_DOMAIN "kiosk-technician"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "kiosk-key-file.h"
#include "kiosk-config-check.h"
#include "kiosk-config-editor.h"
#include "kiosk-config.h"

typedef struct
{
  const char *group;
  const char *key;
  const char *label;
} SafeField;

static const SafeField safe_fields[] = {
  { "kiosk", "id", "终端编号" },
  { "kiosk", "site", "服务网点" },
  { "center", "latency_ms", "中心模拟器延迟（毫秒）" },
  { "photo", "min_kb", "照片最小（KB）" },
  { "photo", "max_kb", "照片最大（KB）" },
};

#define MAX_VALUE_LEN 256

void
kiosk_config_field_free (KioskConfigField *field)
{
  if (field == NULL)
    return;
  g_free (field->group);
  g_free (field->key);
  g_free (field->value);
  g_free (field);
}

static const SafeField *
find_safe (const char *group, const char *key)
{
  for (gsize i = 0; i < G_N_ELEMENTS (safe_fields); i++)
    if (g_strcmp0 (safe_fields[i].group, group) == 0 && g_strcmp0 (safe_fields[i].key, key) == 0)
      return &safe_fields[i];
  return NULL;
}

gboolean
kiosk_config_field_is_safe (const char *group, const char *key)
{
  return find_safe (group, key) != NULL;
}

static KioskConfigField *
field_new (const char *group, const char *key, char *value)
{
  KioskConfigField *field = g_new0 (KioskConfigField, 1);
  const SafeField *safe = find_safe (group, key);

  field->group = g_strdup (group);
  field->key = g_strdup (key);
  field->label = safe != NULL ? safe->label : NULL;
  field->editable = safe != NULL;
  field->value = value;
  return field;
}

GPtrArray *
kiosk_config_editor_list (GKeyFile *keyfile)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_config_field_free);
  g_auto (GStrv) groups = g_key_file_get_groups (keyfile, NULL);

  for (gsize i = 0; groups != NULL && groups[i] != NULL; i++)
    {
      g_auto (GStrv) keys = g_key_file_get_keys (keyfile, groups[i], NULL, NULL);

      for (gsize j = 0; keys != NULL && keys[j] != NULL; j++)
        g_ptr_array_add (fields,
                         field_new (groups[i], keys[j],
                                    kiosk_key_file_get_string (keyfile, groups[i], keys[j], NULL)));
    }
  for (gsize i = 0; i < G_N_ELEMENTS (safe_fields); i++)
    if (!g_key_file_has_key (keyfile, safe_fields[i].group, safe_fields[i].key, NULL))
      g_ptr_array_add (fields, field_new (safe_fields[i].group, safe_fields[i].key, NULL));
  return fields;
}

static gboolean refuse (GError **error, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static gboolean
refuse (GError **error, const char *fmt, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, fmt);
  message = g_strdup_vprintf (fmt, args);
  va_end (args);
  g_set_error_literal (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_INVALID_VALUE, message);
  return FALSE;
}

static gboolean
check_one_line (const char *group, const char *key, const char *value, GError **error)
{
  if (strlen (value) > MAX_VALUE_LEN || !g_utf8_validate (value, -1, NULL))
    return refuse (error, "[%s] %s: 最长 %d 字节的 UTF-8 文本 (UTF-8 text of at most %d bytes)",
                   group, key, MAX_VALUE_LEN, MAX_VALUE_LEN);
  for (const char *p = value; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return refuse (error,
                     "[%s] %s: 不能含有控制字符或换行 (no control characters or line breaks)",
                     group, key);
  return TRUE;
}

typedef struct
{
  KioskStore *store;
  const char *actor;
  const char *detail;
  const char *path;
  const char *contents;
  gsize length;
  mode_t mode;
} WriteData;

static gboolean
write_tx (KioskDb *db, gpointer user_data, GError **error)
{
  WriteData *data = user_data;

  /* The entry first: if the file cannot be written, it is rolled back. */
  return kiosk_store_audit_append (data->store, data->actor, "config.set", data->detail, error) > 0
         && g_file_set_contents_full (data->path, data->contents, data->length,
                                      G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                      (int) data->mode, error);
}

gboolean
kiosk_config_editor_set (const char *path,
                         const char *group,
                         const char *key,
                         const char *value,
                         KioskStore *store,
                         const char *actor,
                         GError **error)
{
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autoptr (GError) local = NULL;
  g_autoptr (GPtrArray) checks = NULL;
  g_autofree char *original = NULL;
  g_autofree char *old_value = NULL;
  g_autofree char *new_value = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *detail = NULL;
  gsize original_len = 0;
  gsize length = 0;
  GStatBuf st;
  WriteData data;

  g_return_val_if_fail (KIOSK_IS_STORE (store), FALSE);

  if (path == NULL)
    return refuse (error, "没有配置文件：程序使用内置默认配置 (no configuration file: the program "
                          "runs on the built-in defaults)");
  if (find_safe (group, key) == NULL)
    return refuse (error,
                   "[%s] %s: 此项只读，请以 root 身份编辑配置文件 (read-only here: edit "
                   "the file as root and run `kioskctl config check`)",
                   group != NULL ? group : "", key != NULL ? key : "");
  if (value != NULL)
    {
      new_value = g_strstrip (g_strdup (value));
      if (*new_value == '\0')
        g_clear_pointer (&new_value, g_free);
    }
  if (new_value != NULL && !check_one_line (group, key, new_value, error))
    return FALSE;

  if (!g_file_get_contents (path, &original, &original_len, &local))
    {
      g_set_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_NOT_FOUND,
                   "无法读取配置文件 (cannot read the configuration) %s: %s", path, local->message);
      return FALSE;
    }
  if (!g_key_file_load_from_data (keyfile, original, original_len,
                                  G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS, &local))
    return refuse (error, "%s: %s", path, local->message);
  old_value = kiosk_key_file_get_string (keyfile, group, key, NULL);
  if (g_strcmp0 (old_value, new_value) == 0)
    return TRUE;
  if (new_value != NULL)
    g_key_file_set_string (keyfile, group, key, new_value);
  else
    g_key_file_remove_key (keyfile, group, key, NULL);

  /* The group's own parser on the resulting file. */
  checks = kiosk_config_check (keyfile, KIOSK_CONFIG_CHECK_DEFAULT);
  for (guint i = 0; i < checks->len; i++)
    {
      const KioskConfigGroupCheck *check = g_ptr_array_index (checks, i);

      if (g_str_equal (check->group, group) && check->error != NULL)
        return refuse (error, "%s", check->error);
    }

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  contents = g_key_file_to_data (keyfile, &length, NULL);
  if (length > 0 && contents[length - 1] != '\n')
    {
      char *ended = g_strconcat (contents, "\n", NULL);

      g_free (contents);
      contents = ended;
      length++;
    }
  detail = g_strdup_printf ("[%s] %s: “%s” → “%s”", group, key, old_value ? old_value : "(default)",
                            new_value ? new_value : "(default)");
  data = (WriteData){ store, actor, detail, path, contents, length, st.st_mode & 07777 };
  if (!kiosk_db_transaction (kiosk_store_get_db (store), write_tx, &data, error))
    {
      g_autofree char *current = NULL;

      /* A failed commit after the write: put the old file back. */
      if (g_file_get_contents (path, &current, NULL, NULL) && g_strcmp0 (current, original) != 0)
        g_file_set_contents_full (path, original, original_len, G_FILE_SET_CONTENTS_CONSISTENT,
                                  (int) data.mode, NULL);
      return FALSE;
    }
  g_info ("config: [%s] %s changed by %s", group, key, actor);
  return TRUE;
}
