/* chip-test-util.c — card data and personalisation scripts for the chip tests */
#include "config.h"

#include <string.h>

#include "chip-test-util.h"
#include "kiosk-apdu.h"
#include "kiosk-ssc-record.h"

KioskSscCardData *
chip_test_demo_data (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "devices", "chip", "vcard",
                                                 "cards", "demo.ini", NULL);
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  KioskSscCardData *data = kiosk_ssc_card_data_new ();
  gsize n = 0;
  const KioskSscField *fields = kiosk_ssc_fields (&n);

  g_assert_true (g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *text = g_key_file_get_string (kf, "fields", fields[i].key, &error);

      g_assert_no_error (error);
      g_assert_true (kiosk_ssc_card_data_set_text (data, fields[i].tag, text, &error));
      g_assert_no_error (error);
    }
  return data;
}

KioskChipScript *
chip_test_script (const KioskSscCardData *data, gboolean zero_cryptogram)
{
  KioskChipScript *script = kiosk_chip_script_new ();
  g_autoptr (GBytes) select
      = kiosk_apdu_select_by_name (kiosk_ssc_ddf_name, KIOSK_SSC_DDF_NAME_LEN);
  g_autoptr (GBytes) challenge = kiosk_apdu_get_challenge (8);
  guint8 auth[13] = { 0x00, 0x82, 0x00, 0x00, 0x08 };
  gsize n = 0;
  const KioskSscField *fields = kiosk_ssc_fields (&n);

  memset (auth + 5, zero_cryptogram ? 0x00 : 0x5A, 8);
  g_assert_true (kiosk_chip_script_add_simple (script, g_bytes_get_data (select, NULL),
                                               g_bytes_get_size (select), 0x9000,
                                               "select SSSE DDF"));
  g_assert_true (kiosk_chip_script_add_simple (script, g_bytes_get_data (challenge, NULL),
                                               g_bytes_get_size (challenge), 0x9000,
                                               "get challenge"));
  g_assert_true (
      kiosk_chip_script_add_simple (script, auth, sizeof auth, 0x9000, "external authenticate"));
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) record = kiosk_ssc_record_encode (data, fields[i].tag, &error);
      g_autoptr (GBytes) update = NULL;
      guint8 sfi = fields[i].file == KIOSK_SSC_FILE_EF05 ? KIOSK_SSC_SFI_EF05 : KIOSK_SSC_SFI_EF06;
      g_autofree char *label = g_strdup_printf ("EF%02X %s", fields[i].file & 0xFF, fields[i].name);

      g_assert_no_error (error);
      update = kiosk_apdu_build (0x00, 0xDC, fields[i].record, (guint8) (sfi << 3 | 0x04),
                                 g_bytes_get_data (record, NULL), g_bytes_get_size (record), -1);
      g_assert_true (kiosk_chip_script_add_simple (script, g_bytes_get_data (update, NULL),
                                                   g_bytes_get_size (update), 0x9000, label));
    }
  return script;
}

void
chip_test_assert_same_card (const KioskSscCardData *a, const KioskSscCardData *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpstr (a->identification_code, ==, b->identification_code);
  g_assert_cmpstr (a->card_type, ==, b->card_type);
  g_assert_cmpstr (a->spec_version, ==, b->spec_version);
  g_assert_cmpstr (a->issuer, ==, b->issuer);
  g_assert_cmpstr (a->issue_date, ==, b->issue_date);
  g_assert_cmpstr (a->expiry_date, ==, b->expiry_date);
  g_assert_cmpstr (a->card_number, ==, b->card_number);
  g_assert_cmpstr (a->ssn, ==, b->ssn);
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpuint (a->sex, ==, b->sex);
  g_assert_cmpstr (a->nation, ==, b->nation);
  g_assert_cmpstr (a->birthplace, ==, b->birthplace);
  g_assert_cmpstr (a->birth_date, ==, b->birth_date);
  g_assert_cmphex (a->present, ==, b->present);
  g_assert_true (kiosk_ssc_card_data_equal (a, b));
}
