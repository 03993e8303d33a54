/* test-policy.c — the [policy] knobs: defaults, the shipped file, values,
 * and garbage that must be refused with a message naming the key */
#include "config.h"

#include <string.h>

#include "kiosk-config.h"
#include "kiosk-paths.h"
#include "kiosk-policy.h"

static KioskPolicy *
load_text (const char *text, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();

  if (!g_key_file_load_from_data (kf, text, (gsize) -1, G_KEY_FILE_NONE, error))
    return NULL;
  return kiosk_policy_load (kf, error);
}

static void
assert_defaults (const KioskPolicy *policy)
{
  GDate end;

  g_date_clear (&end, 1);
  g_date_set_dmy (&end, 31, G_DATE_DECEMBER, 2017);
  g_assert_cmpint (policy->temp_loss_after_7_days, ==,
                   KIOSK_TEMP_LOSS_AFTER_7_DAYS_REFER_TO_WINDOW);
  g_assert_cmpuint (policy->replacement_fee_fen, ==, 2000);
  g_assert_cmpuint (policy->temporary_card_fee_fen, ==, 2000);
  g_assert_cmpuint (policy->temporary_card_validity_days, ==, 60);
  g_assert_cmpint (g_date_compare (&policy->old_medical_card_end, &end), ==, 0);
  g_assert_false (policy->in_province_direct_settlement);
}

static void
test_defaults (void)
{
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPolicy) no_group = load_text ("[kiosk]\nid=x\n", &error);
  g_autoptr (KioskPolicy) empty_group = NULL;

  assert_defaults (policy);
  g_assert_no_error (error);
  assert_defaults (no_group);
  empty_group = load_text ("[policy]\n", &error);
  g_assert_no_error (error);
  assert_defaults (empty_group);
}

static void
test_shipped_file (void)
{
  g_autofree char *path = kiosk_paths_data_file ("kiosk.conf");
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPolicy) policy = NULL;

  g_assert_true (g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  g_assert_true (g_key_file_has_group (kf, "policy"));
  policy = kiosk_policy_load (kf, &error);
  g_assert_no_error (error);
  assert_defaults (policy);
}

static void
test_values (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPolicy) policy = load_text ("[policy]\n"
                                              "temp_loss_after_7_days = lapse\n"
                                              "replacement_fee = 25.5 \t\n"
                                              "temporary_card_validity_days=181\n"
                                              "old_medical_card_end=2018-06-30\n"
                                              "in_province_direct_settlement=true\n",
                                              &error);
  g_autoptr (KioskPolicy) own_fee = NULL;
  g_autoptr (KioskPolicy) zero = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (policy->temp_loss_after_7_days, ==, KIOSK_TEMP_LOSS_AFTER_7_DAYS_LAPSE);
  g_assert_cmpuint (policy->replacement_fee_fen, ==, 2550);
  /* Not set: a temporary card costs what a formal one does. */
  g_assert_cmpuint (policy->temporary_card_fee_fen, ==, 2550);
  g_assert_cmpuint (policy->temporary_card_validity_days, ==, 181);
  g_assert_cmpuint (g_date_get_year (&policy->old_medical_card_end), ==, 2018);
  g_assert_cmpuint (g_date_get_month (&policy->old_medical_card_end), ==, 6);
  g_assert_cmpuint (g_date_get_day (&policy->old_medical_card_end), ==, 30);
  g_assert_true (policy->in_province_direct_settlement);

  own_fee = load_text ("[policy]\ntemporary_card_fee=10\nreplacement_fee=30\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (own_fee->replacement_fee_fen, ==, 3000);
  g_assert_cmpuint (own_fee->temporary_card_fee_fen, ==, 1000);

  zero = load_text ("[policy]\nreplacement_fee=0\ntemporary_card_validity_days=1\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (zero->replacement_fee_fen, ==, 0);
  g_assert_cmpuint (zero->temporary_card_validity_days, ==, 1);
}

static void
test_garbage (void)
{
  struct
  {
    const char *key;
    const char *value;
  } cases[] = {
    { "temp_loss_after_7_days", "" },
    { "temp_loss_after_7_days", "Lapse" },
    { "temp_loss_after_7_days", "refer" },
    { "temp_loss_after_7_days", "lapse;refer_to_window" },
    { "replacement_fee", "" },
    { "replacement_fee", "-1" },
    { "replacement_fee", "+20" },
    { "replacement_fee", "20.555" },
    { "replacement_fee", "20." },
    { "replacement_fee", ".5" },
    { "replacement_fee", "1e3" },
    { "replacement_fee", "20元" },
    { "replacement_fee", "10000" },
    { "replacement_fee", "99999999999999999999" },
    { "replacement_fee", "20,00" },
    { "replacement_fee", "0x14" },
    { "temporary_card_fee", "free" },
    { "temporary_card_validity_days", "0" },
    { "temporary_card_validity_days", "182" },
    { "temporary_card_validity_days", "184" },
    { "temporary_card_validity_days", "-60" },
    { "temporary_card_validity_days", "+60" },
    { "temporary_card_validity_days", "60d" },
    { "temporary_card_validity_days", "6 months" },
    { "temporary_card_validity_days", "18446744073709551677" },
    { "temporary_card_validity_days", "" },
    { "old_medical_card_end", "" },
    { "old_medical_card_end", "2017-12-32" },
    { "old_medical_card_end", "2017-02-29" },
    { "old_medical_card_end", "2017/12/31" },
    { "old_medical_card_end", "17-12-31" },
    { "old_medical_card_end", "2017-1-31" },
    { "old_medical_card_end", "1999-12-31" },
    { "old_medical_card_end", "2017-12-31x" },
    { "old_medical_card_end", "２０１７-12-31" },
    { "in_province_direct_settlement", "yes" },
    { "in_province_direct_settlement", "1" },
    { "in_province_direct_settlement", "TRUE" },
    { "in_province_direct_settlement", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("[policy]\n%s=%s\n", cases[i].key, cases[i].value);
      g_autoptr (GError) error = NULL;
      g_autoptr (KioskPolicy) policy = load_text (text, &error);

      g_test_message ("%s = \"%s\"", cases[i].key, cases[i].value);
      g_assert_null (policy);
      g_assert_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_INVALID_VALUE);
      g_assert_nonnull (strstr (error->message, "[policy]"));
      g_assert_nonnull (strstr (error->message, cases[i].key));
    }
}

static void
test_garbage_names_allowed_values (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPolicy) policy = load_text ("[policy]\ntemp_loss_after_7_days=maybe\n", &error);
  g_autoptr (GError) days_error = NULL;
  g_autoptr (KioskPolicy) days
      = load_text ("[policy]\ntemporary_card_validity_days=200\n", &days_error);

  g_assert_null (policy);
  g_assert_nonnull (strstr (error->message, "refer_to_window"));
  g_assert_nonnull (strstr (error->message, "lapse"));
  g_assert_nonnull (strstr (error->message, "maybe"));
  g_assert_null (days);
  g_assert_nonnull (strstr (days_error->message, "181"));
  g_assert_nonnull (strstr (days_error->message, "6 months"));
}

static void
test_unknown_key (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPolicy) policy = load_text ("[policy]\nreplacment_fee=20\n", &error);

  g_assert_null (policy);
  g_assert_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "replacment_fee"));
  g_assert_nonnull (strstr (error->message, "replacement_fee"));
}

static void
test_parse_fee (void)
{
  struct
  {
    const char *text;
    guint fen;
  } good[] = { { "0", 0 },        { "20", 2000 },        { "20.5", 2050 },
               { "20.05", 2005 }, { "9999.99", 999999 }, { "0.01", 1 } };
  const char *bad[] = { NULL, "", " 20", "20 ", "20.", ".", "1.234", "12345", "-0", "二十" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      guint fen = G_MAXUINT;
      g_autofree char *shown = NULL;

      g_assert_true (kiosk_policy_parse_fee (good[i].text, &fen));
      g_assert_cmpuint (fen, ==, good[i].fen);
      shown = kiosk_policy_format_fee (fen);
      g_assert_true (kiosk_policy_parse_fee (shown, &fen));
      g_assert_cmpuint (fen, ==, good[i].fen);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      guint fen = 77;

      g_assert_false (kiosk_policy_parse_fee (bad[i], &fen));
      g_assert_cmpuint (fen, ==, 77); /* untouched on failure */
    }
}

static void
test_parse_date (void)
{
  GDate date;

  g_date_clear (&date, 1);
  g_assert_true (kiosk_policy_parse_date ("2024-02-29", &date));
  g_assert_cmpuint (g_date_get_day (&date), ==, 29);
  g_assert_false (kiosk_policy_parse_date ("2023-02-29", NULL));
  g_assert_false (kiosk_policy_parse_date ("2024-13-01", NULL));
  g_assert_false (kiosk_policy_parse_date ("2024-00-10", NULL));
  g_assert_false (kiosk_policy_parse_date ("2100-01-01", NULL));
  g_assert_false (kiosk_policy_parse_date (NULL, NULL));
}

static void
assert_same (const KioskPolicy *a, const KioskPolicy *b)
{
  g_assert_cmpint (a->temp_loss_after_7_days, ==, b->temp_loss_after_7_days);
  g_assert_cmpuint (a->replacement_fee_fen, ==, b->replacement_fee_fen);
  g_assert_cmpuint (a->temporary_card_fee_fen, ==, b->temporary_card_fee_fen);
  g_assert_cmpuint (a->temporary_card_validity_days, ==, b->temporary_card_validity_days);
  g_assert_cmpint (g_date_compare (&a->old_medical_card_end, &b->old_medical_card_end), ==, 0);
  g_assert_cmpint (a->in_province_direct_settlement, ==, b->in_province_direct_settlement);
}

static void
test_roundtrip (void)
{
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPolicy) back = NULL;
  g_autoptr (KioskPolicy) copy = NULL;

  policy->temp_loss_after_7_days = KIOSK_TEMP_LOSS_AFTER_7_DAYS_LAPSE;
  policy->replacement_fee_fen = 1505;
  policy->temporary_card_fee_fen = 5;
  policy->temporary_card_validity_days = 90;
  policy->in_province_direct_settlement = TRUE;
  g_date_set_dmy (&policy->old_medical_card_end, 1, G_DATE_MARCH, 2019);
  text = kiosk_policy_to_keyfile_data (policy);
  back = load_text (text, &error);
  g_assert_no_error (error);
  assert_same (back, policy);
  copy = kiosk_policy_copy (policy);
  assert_same (copy, policy);
}

int
main (int argc, char **argv)
{
  /* No G_TEST_OPTION_ISOLATE_DIRS: these tests write no files, and GLib 2.74
   * leaks the per-test XDG paths it sets, which LeakSanitizer reports. */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/policy/defaults", test_defaults);
  g_test_add_func ("/policy/shipped-file", test_shipped_file);
  g_test_add_func ("/policy/values", test_values);
  g_test_add_func ("/policy/garbage", test_garbage);
  g_test_add_func ("/policy/garbage-names-allowed-values", test_garbage_names_allowed_values);
  g_test_add_func ("/policy/unknown-key", test_unknown_key);
  g_test_add_func ("/policy/parse-fee", test_parse_fee);
  g_test_add_func ("/policy/parse-date", test_parse_date);
  g_test_add_func ("/policy/roundtrip", test_roundtrip);

  return g_test_run ();
}
