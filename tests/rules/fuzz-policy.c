/* fuzz-policy.c — bytes through the GKeyFile parser and kiosk_policy_load()
 *
 * Built two ways: with -DKIOSK_LIBFUZZER as a libFuzzer target (meson
 * -Dfuzzing=true, clang), and as a GTest program in suite 'fuzz' that feeds
 * the seed corpus in fuzz-policy-corpus/ and the shipped data/kiosk.conf,
 * plus every truncation and a fixed
 * set of byte mutations of each seed. Either way: no crash, and a policy that
 * loads respects every limit and survives a write/read round trip. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "kiosk-config.h"
#include "kiosk-paths.h"
#include "kiosk-policy.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_policy (const KioskPolicy *policy)
{
  g_autofree char *text = NULL;
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPolicy) back = NULL;

  g_assert_true (policy->temp_loss_after_7_days == KIOSK_TEMP_LOSS_AFTER_7_DAYS_REFER_TO_WINDOW
                 || policy->temp_loss_after_7_days == KIOSK_TEMP_LOSS_AFTER_7_DAYS_LAPSE);
  g_assert_cmpuint (policy->replacement_fee_fen, <=, KIOSK_POLICY_FEE_MAX_FEN);
  g_assert_cmpuint (policy->temporary_card_fee_fen, <=, KIOSK_POLICY_FEE_MAX_FEN);
  g_assert_cmpuint (policy->temporary_card_validity_days, >=, 1);
  g_assert_cmpuint (policy->temporary_card_validity_days, <=,
                    KIOSK_POLICY_TEMPORARY_CARD_VALIDITY_MAX_DAYS);
  g_assert_true (g_date_valid (&policy->old_medical_card_end));

  text = kiosk_policy_to_keyfile_data (policy);
  g_assert_true (g_key_file_load_from_data (kf, text, (gsize) -1, G_KEY_FILE_NONE, &error));
  back = kiosk_policy_load (kf, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->replacement_fee_fen, ==, policy->replacement_fee_fen);
  g_assert_cmpuint (back->temporary_card_fee_fen, ==, policy->temporary_card_fee_fen);
  g_assert_cmpuint (back->temporary_card_validity_days, ==, policy->temporary_card_validity_days);
  g_assert_cmpint (g_date_compare (&back->old_medical_card_end, &policy->old_medical_card_end), ==,
                   0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPolicy) policy = NULL;

  if (size > 64 * 1024)
    return 0;
  if (!g_key_file_load_from_data (kf, (const char *) data, size, G_KEY_FILE_NONE, NULL))
    return 0;
  policy = kiosk_policy_load (kf, &error);
  if (policy == NULL)
    {
      g_assert_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_INVALID_VALUE);
      g_assert_true (g_str_has_prefix (error->message, "[policy] "));
      return 0;
    }
  g_assert_no_error (error);
  check_policy (policy);
  return 0;
}

#ifndef KIOSK_LIBFUZZER

static const char *const mutations[] = { "",  "\n", "=", "[", "]", "\\", "\xff", "\xe5\x90",
                                         "-", ".",  "9", "0", " ", "#",  ";",    "\t" };

static void
feed_with_mutations (const char *seed, gsize len)
{
  /* Every truncation: a torn or half-written file. */
  for (gsize cut = 0; cut <= len; cut++)
    LLVMFuzzerTestOneInput ((const uint8_t *) seed, cut);

  /* At every position, each fixed fragment inserted. */
  for (gsize at = 0; at <= len; at++)
    for (guint m = 0; m < G_N_ELEMENTS (mutations); m++)
      {
        g_autoptr (GString) text = g_string_new_len (seed, (gssize) at);

        g_string_append (text, mutations[m]);
        g_string_append_len (text, seed + at, (gssize) (len - at));
        LLVMFuzzerTestOneInput ((const uint8_t *) text->str, text->len);
      }
}

static void
test_corpus (void)
{
  g_autofree char *dir_path
      = g_test_build_filename (G_TEST_DIST, "rules", "fuzz-policy-corpus", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, &error);
  const char *name;
  guint seeds = 0;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (path, &contents, &len, &error));
      g_assert_no_error (error);
      g_test_message ("seed %s", name);
      feed_with_mutations (contents, len);
      seeds++;
    }
  g_assert_cmpuint (seeds, >=, 3);

  /* The shipped configuration is a seed too, as it is today. */
  {
    g_autofree char *path = kiosk_paths_data_file ("kiosk.conf");
    g_autofree char *contents = NULL;
    gsize len = 0;

    g_assert_true (g_file_get_contents (path, &contents, &len, &error));
    g_assert_no_error (error);
    feed_with_mutations (contents, len);
  }
}

int
main (int argc, char **argv)
{
  /* No G_TEST_OPTION_ISOLATE_DIRS: these tests write no files, and GLib 2.74
   * leaks the per-test XDG paths it sets, which LeakSanitizer reports. */
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fuzz/policy/corpus", test_corpus);
  return g_test_run ();
}

#endif
