/* fuzz-validate.c — bytes through every field validator and through the catalog's file parser
 *
 * Built two ways: with -DKIOSK_LIBFUZZER as a libFuzzer target (meson
 * -Dfuzzing=true, clang; the first byte picks the kind of value, the rest is
 * the value), and as a GTest program in suite 'fuzz' that feeds a seed list
 * of real-looking values to every kind, with every truncation and a fixed
 * set of fragments inserted at every position, then does the same to the
 * shipped windows.ini. Either way: no crash, a refusal is a KIOSK_VALIDATE_ERROR
 * with a Chinese message, and an accepted value is a fixed point: validating
 * the normalised value gives it back unchanged.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdint.h>
#include <string.h>

#include "kiosk-catalog.h"
#include "kiosk-paths.h"
#include "kiosk-validate.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static KioskCatalog *catalog;
static GDate today;

static void
setup (void)
{
  g_autoptr (GError) error = NULL;

  if (catalog != NULL)
    return;
  catalog = kiosk_catalog_load (NULL, &error);
  g_assert_no_error (error);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 15, 6, 2024);
}

static void
check_value (KioskValidateKind kind, const char *in, gssize len)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) again_error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *again = NULL;

  if (!kiosk_validate_value (catalog, kind, in, len, &today, &out, &error))
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == KIOSK_VALIDATE_ERROR);
      g_assert_cmpint (error->code, >=, 0);
      g_assert_cmpint (error->code, <=, KIOSK_VALIDATE_ERROR_MISMATCH);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_cmpuint (strlen (error->message), >, 0);
      g_assert_null (out);
      return;
    }

  g_assert_no_error (error);
  g_assert_nonnull (out);
  g_assert_true (g_utf8_validate (out, -1, NULL));
  g_assert_cmpuint (strlen (out), >, 0);
  g_assert_cmpuint (strlen (out), <=, KIOSK_VALIDATE_MAX_INPUT);

  /* A normalised value is its own normal form. */
  g_assert_true (kiosk_validate_value (catalog, kind, out, -1, &today, &again, &again_error));
  g_assert_no_error (again_error);
  g_assert_cmpstr (again, ==, out);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  setup ();
  if (size < 1)
    return 0;
  check_value ((KioskValidateKind) (data[0] % KIOSK_VALIDATE_N_KINDS), (const char *) data + 1,
               (gssize) size - 1);
  return 0;
}

#ifndef KIOSK_LIBFUZZER

static const char *const seeds[] = {
  "11010519491231002X",
  "11010519491231002x",
  "１１０１０５１９４９１２３１００２Ｘ",
  "110105491231002",
  "220102200002291513",
  "张三",
  "买买提·艾力",
  "一二三四五六七八九十一二三四五",
  "John O'Brien-Smith",
  "13912345678",
  "+86 139 1234 5678",
  "0431-85570725",
  "(0431)85570725",
  "130000",
  "2024-02-29",
  "2024年2月9日",
  "长期",
  "汉族",
  "01",
  "男",
  "吉林省长春市朝阳区人民大街1号",
  "E12345678",
};

static const char *const fragments[] = {
  "",
  "0",
  "1",
  "9",
  "X",
  "x",
  "·",
  ".",
  "-",
  " ",
  "\xe3\x80\x80" /* U+3000 */,
  "１",
  "Ｘ",
  "\xff",
  "\xe5\x90",
  "张",
  "𠀀",
  "(",
  ")",
  "+",
  "年",
  "\xe2\x80\xae" /* U+202E */,
  "长期",
  "\t",
  "\xef\xbb\xbf" /* BOM */,
};

static void
feed (const char *text, gsize len)
{
  guint kind;

  for (kind = 0; kind < KIOSK_VALIDATE_N_KINDS; kind++)
    check_value ((KioskValidateKind) kind, text, (gssize) len);
}

static void
test_values (void)
{
  guint s;

  setup ();
  for (s = 0; s < G_N_ELEMENTS (seeds); s++)
    {
      const char *seed = seeds[s];
      gsize len = strlen (seed);
      gsize at;
      guint f;

      /* Every truncation, also in the middle of a character. */
      for (at = 0; at <= len; at++)
        feed (seed, at);
      /* A NUL inside: only the length-aware entry point can see it. */
      for (at = 0; at < len; at++)
        {
          g_autofree char *copy = g_memdup2 (seed, len);
          copy[at] = '\0';
          feed (copy, len);
        }
      /* Each fragment inserted at every position. */
      for (at = 0; at <= len; at++)
        for (f = 0; f < G_N_ELEMENTS (fragments); f++)
          {
            g_autoptr (GString) text = g_string_new_len (seed, (gssize) at);

            g_string_append (text, fragments[f]);
            g_string_append_len (text, seed + at, (gssize) (len - at));
            feed (text->str, text->len);
          }
    }
}

static void
test_random (void)
{
  guint i;

  setup ();
  /* Random bytes and random mixes of fragments; g_test_rand_*() is seeded per
   * run and the seed is printed, so a failure can be replayed (--seed). */
  for (i = 0; i < 20000; i++)
    {
      g_autoptr (GString) text = g_string_new (NULL);
      guint n = (guint) g_test_rand_int_range (0, 24);
      guint j;

      for (j = 0; j < n; j++)
        {
          if (g_test_rand_bit ())
            g_string_append_c (text, (char) g_test_rand_int_range (0, 256));
          else
            g_string_append (text, fragments[g_test_rand_int_range (0, G_N_ELEMENTS (fragments))]);
        }
      check_value ((KioskValidateKind) g_test_rand_int_range (0, KIOSK_VALIDATE_N_KINDS), text->str,
                   (gssize) text->len);
    }
}

/* The catalog's file parser: windows.ini is the file a technician edits. */
static void
test_windows_file (void)
{
  static const char *const copied[] = {
    "banks.ini",    "occupations.ini",     "industries.ini", "ethnic-groups.ini",
    "id-types.ini", "household-types.ini", "regions.ini",
  };
  static const char *const file_fragments[] = { "\n", "=", "[", "]", "\\", "\xff", "#", "0", ";" };
  g_autofree char *dir = g_dir_make_tmp ("form-fuzz-XXXXXX", NULL);
  g_autofree char *src = kiosk_paths_data_file ("windows.ini");
  g_autofree char *dst = g_build_filename (dir, "windows.ini", NULL);
  g_autofree char *seed = NULL;
  gsize len = 0;
  gsize at;
  guint i;
  guint loaded = 0;

  g_assert_nonnull (dir);
  for (i = 0; i < G_N_ELEMENTS (copied); i++)
    {
      g_autofree char *from = kiosk_paths_data_file (copied[i]);
      g_autofree char *to = g_build_filename (dir, copied[i], NULL);
      g_autofree char *contents = NULL;
      gsize n;

      g_assert_true (g_file_get_contents (from, &contents, &n, NULL));
      g_assert_true (g_file_set_contents_full (to, contents, (gssize) n, G_FILE_SET_CONTENTS_NONE,
                                               0600, NULL));
    }
  g_assert_true (g_file_get_contents (src, &seed, &len, NULL));

  /* Every 7th position keeps the run short; each insertion is one load. */
  for (at = 0; at <= len; at += 7)
    for (i = 0; i < G_N_ELEMENTS (file_fragments); i++)
      {
        g_autoptr (GString) text = g_string_new_len (seed, (gssize) at);
        g_autoptr (GError) error = NULL;
        g_autoptr (KioskCatalog) loaded_catalog = NULL;

        g_string_append (text, file_fragments[i]);
        g_string_append_len (text, seed + at, (gssize) (len - at));
        g_assert_true (g_file_set_contents_full (dst, text->str, (gssize) text->len,
                                                 G_FILE_SET_CONTENTS_NONE, 0600, NULL));
        loaded_catalog = kiosk_catalog_load (dir, &error);
        if (loaded_catalog == NULL)
          {
            g_assert_true (error->domain == KIOSK_CATALOG_ERROR);
            g_assert_nonnull (strstr (error->message, "windows.ini"));
            continue;
          }
        g_assert_no_error (error);
        /* Whatever loaded is usable: every window has a known bank and a
         * valid phone. */
        {
          GPtrArray *windows = kiosk_catalog_get_windows (loaded_catalog);
          guint w;

          for (w = 0; w < windows->len; w++)
            {
              const KioskWindow *window = g_ptr_array_index (windows, w);
              g_assert_nonnull (kiosk_catalog_lookup_bank (loaded_catalog, window->bank_key));
              g_assert_true (kiosk_validate_phone (window->phone, NULL, NULL));
            }
        }
        loaded++;
      }
  g_assert_cmpuint (loaded, >, 0);

  for (i = 0; i < G_N_ELEMENTS (copied); i++)
    {
      g_autofree char *path = g_build_filename (dir, copied[i], NULL);
      g_remove (path);
    }
  g_remove (dst);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fuzz/validate/values", test_values);
  g_test_add_func ("/fuzz/validate/random", test_random);
  g_test_add_func ("/fuzz/catalog/windows-file", test_windows_file);
  ret = g_test_run ();
  g_clear_pointer (&catalog, kiosk_catalog_unref);
  return ret;
}

#endif
