/* kiosk-pinyin-table.c — pinyin → the characters and words of an address */
#define G_LOG_DOMAIN "kiosk-pinyin-table"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "kiosk-pinyin-table.h"

#define MAX_LETTERS   24
#define MAX_CANDIDATE 16 /* characters */

struct _KioskPinyinTable
{
  GHashTable *entries; /* letters → GStrv of candidates */
  GPtrArray *keys;     /* sorted by length, then letters */
  GHashTable *chars;   /* every character of every candidate (gunichar) */
};

static gboolean
letters_valid (const char *letters)
{
  gsize len = strlen (letters);

  if (len == 0 || len > MAX_LETTERS)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (letters[i] < 'a' || letters[i] > 'z')
      return FALSE;
  return TRUE;
}

static int
compare_keys (gconstpointer a, gconstpointer b)
{
  const char *ka = *(const char *const *) a;
  const char *kb = *(const char *const *) b;
  gsize la = strlen (ka), lb = strlen (kb);

  if (la != lb)
    return la < lb ? -1 : 1;
  return strcmp (ka, kb);
}

void
kiosk_pinyin_table_free (KioskPinyinTable *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_clear_pointer (&self->chars, g_hash_table_unref);
  g_free (self);
}

KioskPinyinTable *
kiosk_pinyin_table_new_from_data (const char *data, gsize length, GError **error)
{
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autoptr (KioskPinyinTable) self = g_new0 (KioskPinyinTable, 1);
  g_auto (GStrv) keys = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "address pinyin: not UTF-8 text");
      return NULL;
    }
  if (!g_key_file_load_from_data (keyfile, data, length, G_KEY_FILE_NONE, error))
    return NULL;
  keys = g_key_file_get_keys (keyfile, "pinyin", NULL, error);
  if (keys == NULL)
    return NULL;
  self->entries
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  self->keys = g_ptr_array_new_with_free_func (g_free);
  self->chars = g_hash_table_new (NULL, NULL);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *value = g_key_file_get_string (keyfile, "pinyin", keys[i], error);
      g_auto (GStrv) candidates = NULL;

      if (value == NULL)
        return NULL;
      if (!letters_valid (keys[i]))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "address pinyin: “%s” is not 1–%d letters a–z", keys[i], MAX_LETTERS);
          return NULL;
        }
      candidates = g_strsplit (value, ";", -1);
      for (guint j = 0; candidates[j] != NULL; j++)
        {
          glong n = g_utf8_strlen (candidates[j], -1);

          if (n == 0 || n > MAX_CANDIDATE || strchr (candidates[j], ' ') != NULL)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "address pinyin: %s: candidate %u is empty, has a space or is "
                           "longer than %d characters",
                           keys[i], j + 1, MAX_CANDIDATE);
              return NULL;
            }
          for (const char *p = candidates[j]; *p; p = g_utf8_next_char (p))
            g_hash_table_add (self->chars, GUINT_TO_POINTER (g_utf8_get_char (p)));
        }
      if (candidates[0] == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "address pinyin: %s has no candidate", keys[i]);
          return NULL;
        }
      if (!g_hash_table_contains (self->entries, keys[i]))
        g_ptr_array_add (self->keys, g_strdup (keys[i]));
      g_hash_table_replace (self->entries, g_strdup (keys[i]), g_steal_pointer (&candidates));
    }
  g_ptr_array_sort (self->keys, compare_keys);
  if (self->keys->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "address pinyin: the [pinyin] group is empty");
      return NULL;
    }
  return g_steal_pointer (&self);
}

KioskPinyinTable *
kiosk_pinyin_table_new_from_file (const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  return kiosk_pinyin_table_new_from_data (contents, length, error);
}

guint
kiosk_pinyin_table_get_size (const KioskPinyinTable *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->keys->len;
}

static void
candidate_free (gpointer data)
{
  KioskPinyinCandidate *candidate = data;

  g_free (candidate->text);
  g_free (candidate);
}

static gboolean
add_all (GPtrArray *out, GHashTable *seen, GStrv candidates, guint consumed, guint max)
{
  for (guint i = 0; candidates[i] != NULL; i++)
    {
      KioskPinyinCandidate *candidate;

      if (max > 0 && out->len >= max)
        return FALSE;
      if (g_hash_table_contains (seen, candidates[i]))
        continue;
      g_hash_table_add (seen, candidates[i]);
      candidate = g_new0 (KioskPinyinCandidate, 1);
      candidate->text = g_strdup (candidates[i]);
      candidate->consumed = consumed;
      g_ptr_array_add (out, candidate);
    }
  return max == 0 || out->len < max;
}

GPtrArray *
kiosk_pinyin_table_lookup (const KioskPinyinTable *self, const char *letters, guint max)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (candidate_free);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gsize len;
  GStrv exact;

  g_return_val_if_fail (self != NULL, out);
  if (letters == NULL || !letters_valid (letters))
    return out;
  len = strlen (letters);
  exact = g_hash_table_lookup (self->entries, letters);
  if (exact != NULL && !add_all (out, seen, exact, len, max))
    return out;
  for (guint i = 0; i < self->keys->len; i++)
    {
      const char *key = g_ptr_array_index (self->keys, i);

      if (strlen (key) > len && strncmp (key, letters, len) == 0
          && !add_all (out, seen, g_hash_table_lookup (self->entries, key), len, max))
        return out;
    }
  for (gsize n = len - 1; n > 0; n--)
    {
      g_autofree char *prefix = g_strndup (letters, n);
      GStrv found = g_hash_table_lookup (self->entries, prefix);

      if (found != NULL)
        {
          add_all (out, seen, found, n, max);
          break;
        }
    }
  return out;
}

gboolean
kiosk_pinyin_table_can_type (const KioskPinyinTable *self, const char *text)
{
  g_return_val_if_fail (self != NULL, FALSE);
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!(c < 128 && (g_ascii_isdigit (c) || c == '-'))
          && !g_hash_table_contains (self->chars, GUINT_TO_POINTER (c)))
        return FALSE;
    }
  return TRUE;
}
