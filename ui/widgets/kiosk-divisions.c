/* kiosk-divisions.c — Jilin's administrative divisions for the address keyboard */
#define G_LOG_DOMAIN "kiosk-divisions"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "kiosk-divisions.h"

#define MAX_NAME 16 /* characters */

struct _KioskDivisions
{
  char *province;
  GStrv cities;          /* names */
  GHashTable *districts; /* city name → GStrv */
  GHashTable *city_of;   /* district name → city name (owned by `cities`) */
};

void
kiosk_divisions_free (KioskDivisions *self)
{
  if (self == NULL)
    return;
  g_free (self->province);
  g_strfreev (self->cities);
  g_clear_pointer (&self->districts, g_hash_table_unref);
  g_clear_pointer (&self->city_of, g_hash_table_unref);
  g_free (self);
}

static gboolean
name_valid (const char *name)
{
  glong n = name != NULL ? g_utf8_strlen (name, -1) : 0;

  return n > 0 && n <= MAX_NAME && strpbrk (name, " ;\t") == NULL;
}

static gboolean
check_group (GKeyFile *keyfile, const char *group, char **name, GError **error)
{
  g_autofree char *code = g_key_file_get_string (keyfile, group, "code", NULL);

  *name = g_key_file_get_string (keyfile, group, "name", NULL);
  if (!name_valid (*name))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Jilin divisions: [%s] needs a name of 1–%d characters", group, MAX_NAME);
      return FALSE;
    }
  if (code == NULL || strlen (code) != 6 || strspn (code, "0123456789") != 6)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Jilin divisions: [%s] needs a six-digit code", group);
      return FALSE;
    }
  return TRUE;
}

KioskDivisions *
kiosk_divisions_new_from_data (const char *data, gsize length, GError **error)
{
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autoptr (KioskDivisions) self = g_new0 (KioskDivisions, 1);
  g_auto (GStrv) keys = NULL;
  GPtrArray *cities;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "Jilin divisions: not UTF-8 text");
      return NULL;
    }
  if (!g_key_file_load_from_data (keyfile, data, length, G_KEY_FILE_NONE, error))
    return NULL;
  if (!g_key_file_has_group (keyfile, "province"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "Jilin divisions: no [province]");
      return NULL;
    }
  if (!check_group (keyfile, "province", &self->province, error))
    return NULL;
  keys = g_key_file_get_string_list (keyfile, "province", "cities", NULL, error);
  if (keys == NULL)
    return NULL;
  self->districts
      = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_strfreev);
  self->city_of = g_hash_table_new (g_str_hash, g_str_equal);
  cities = g_ptr_array_new ();
  for (guint i = 0; keys[i] != NULL; i++)
    {
      char *name = NULL;
      g_auto (GStrv) districts = NULL;

      if (g_str_equal (keys[i], "province") || !g_key_file_has_group (keyfile, keys[i])
          || !check_group (keyfile, keys[i], &name, error))
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         "Jilin divisions: the city “%s” is listed but not described", keys[i]);
          g_free (name);
          g_ptr_array_add (cities, NULL);
          g_strfreev ((GStrv) g_ptr_array_free (cities, FALSE));
          return NULL;
        }
      districts = g_key_file_get_string_list (keyfile, keys[i], "districts", NULL, NULL);
      if (districts == NULL)
        districts = g_new0 (char *, 1);
      for (guint j = 0; districts[j] != NULL; j++)
        if (!name_valid (districts[j]))
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         "Jilin divisions: [%s] district %u is empty or too long", keys[i], j + 1);
            g_free (name);
            g_ptr_array_add (cities, NULL);
            g_strfreev ((GStrv) g_ptr_array_free (cities, FALSE));
            return NULL;
          }
      g_ptr_array_add (cities, name);
      for (guint j = 0; districts[j] != NULL; j++)
        g_hash_table_insert (self->city_of, districts[j], name);
      g_hash_table_insert (self->districts, name, g_steal_pointer (&districts));
    }
  g_ptr_array_add (cities, NULL);
  self->cities = (GStrv) g_ptr_array_free (cities, FALSE);
  if (self->cities[0] == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "Jilin divisions: [province] lists no city");
      return NULL;
    }
  return g_steal_pointer (&self);
}

KioskDivisions *
kiosk_divisions_new_from_file (const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  return kiosk_divisions_new_from_data (contents, length, error);
}

const char *
kiosk_divisions_get_province (const KioskDivisions *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->province;
}

const char *const *
kiosk_divisions_get_cities (const KioskDivisions *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char *const *) self->cities;
}

const char *const *
kiosk_divisions_get_districts (const KioskDivisions *self, const char *city)
{
  g_return_val_if_fail (self != NULL, NULL);
  return city != NULL ? g_hash_table_lookup (self->districts, city) : NULL;
}

const char *
kiosk_divisions_city_of (const KioskDivisions *self, const char *district)
{
  g_return_val_if_fail (self != NULL, NULL);
  return district != NULL ? g_hash_table_lookup (self->city_of, district) : NULL;
}

gboolean
kiosk_divisions_contains (const KioskDivisions *self, const char *name)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return name != NULL
         && (g_strcmp0 (name, self->province) == 0 || g_hash_table_contains (self->districts, name)
             || g_hash_table_contains (self->city_of, name));
}
