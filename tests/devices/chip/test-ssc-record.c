/* test-ssc-record.c — EF05/EF06 records: TLV, BCD, GBK, and what garbage gives */
#include "config.h"

#include <string.h>

#include "chip-test-util.h"
#include "kiosk-apdu.h"
#include "kiosk-ssc-record.h"

static gboolean
decode_hex (KioskSscCardData *data, const char *hex, GError **error)
{
  g_autoptr (GBytes) bytes = kiosk_apdu_from_hex (hex);

  g_assert_nonnull (bytes);
  return kiosk_ssc_record_decode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), data,
                                  error);
}

static void
assert_refused (const char *hex, KioskSscRecordError code)
{
  g_autoptr (KioskSscCardData) data = kiosk_ssc_card_data_new ();
  g_autoptr (GError) error = NULL;

  g_assert_false (decode_hex (data, hex, &error));
  g_assert_error (error, KIOSK_SSC_RECORD_ERROR, (gint) code);
  g_assert_cmphex (data->present, ==, 0);
  g_test_message ("%s → %s", hex, error->message);
}

static void
test_ddf_name (void)
{
  g_autofree char *name = g_convert ((const char *) kiosk_ssc_ddf_name, KIOSK_SSC_DDF_NAME_LEN,
                                     "UTF-8", "GBK", NULL, NULL, NULL);

  g_assert_cmpstr (name, ==, "sx1.sh.社会保障");
}

static void
test_decode_fields (void)
{
  g_autoptr (KioskSscCardData) data = kiosk_ssc_card_data_new ();
  g_autoptr (GError) error = NULL;

  /* The records of the demo card, as the card answers READ RECORD. */
  static const char *const records[] = {
    "0110220100D1560000050123456789ABCDEF",
    "020133",
    "0304332E3030",
    "040C323230313030303030303030",
    "050420240115",
    "060420340115",
    "0709443030303030313256",
    "0812323230313032313937323038303830313336",
    "091ECEC0CEE50000000000000000000000000000000000000000000000000000",
    "0A0131",
    "0B0101",
    "0C03220102",
    "0D0419720808",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (records); i++)
    {
      g_assert_true (decode_hex (data, records[i], &error));
      g_assert_no_error (error);
    }
  g_assert_cmpstr (data->identification_code, ==, "220100D1560000050123456789ABCDEF");
  g_assert_cmpstr (data->card_type, ==, "3");
  g_assert_cmpstr (data->spec_version, ==, "3.00");
  g_assert_cmpstr (data->issuer, ==, "220100000000");
  g_assert_cmpstr (data->issue_date, ==, "20240115");
  g_assert_cmpstr (data->expiry_date, ==, "20340115");
  g_assert_cmpstr (data->card_number, ==, "D0000012V");
  g_assert_cmpstr (data->ssn, ==, "220102197208080136");
  g_assert_cmpstr (data->name, ==, "卫五");
  g_assert_cmpuint (data->sex, ==, 1);
  g_assert_cmpstr (data->nation, ==, "01");
  g_assert_cmpstr (data->birthplace, ==, "220102");
  g_assert_cmpstr (data->birth_date, ==, "19720808");
  g_assert_true (kiosk_ssc_card_data_check_file (data, KIOSK_SSC_FILE_EF05, &error));
  g_assert_true (kiosk_ssc_card_data_check_file (data, KIOSK_SSC_FILE_EF06, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_ssc_sex_label (data->sex), ==, "男");
  g_assert_cmpstr (kiosk_ssc_generation_label (data->spec_version), ==, "第三代社会保障卡");
}

static void
test_lenient_forms (void)
{
  g_autoptr (KioskSscCardData) data = kiosk_ssc_card_data_new ();
  g_autoptr (GError) error = NULL;

  /* Padding after the value (a card that answers a fixed-size record). */
  g_assert_true (decode_hex (data,
                             "0A0132"
                             "0000FF",
                             &error));
  g_assert_no_error (error);
  g_assert_cmpuint (data->sex, ==, 2);
  /* A binary sex and card type, a lower-case check character, a name
   * padded with spaces, the long length form. */
  g_assert_true (decode_hex (data, "0A0101", &error));
  g_assert_cmpuint (data->sex, ==, 1);
  g_assert_true (decode_hex (data, "020103", &error));
  g_assert_cmpstr (data->card_type, ==, "3");
  g_assert_true (decode_hex (data, "0812323230313032313937323038303830313378", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (data->ssn, ==, "22010219720808013X");
  g_assert_true (decode_hex (data,
                             "091EB3C2D3A2"
                             "2020202020202020202020202020202020202020202020202020",
                             &error));
  g_assert_no_error (error);
  g_assert_cmpstr (data->name, ==, "陈英");
  g_assert_true (decode_hex (data, "09810AD5C5C8FDB7E100000000", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (data->name, ==, "张三丰");
  /* A rarer character (GB 18030 four-byte form) in a name. */
  g_assert_true (decode_hex (data, "0906D5C595328236", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (data->name, ==, "张𠀀");
}

static void
test_malformed_tlv (void)
{
  assert_refused ("", KIOSK_SSC_RECORD_ERROR_TRUNCATED);
  assert_refused ("07", KIOSK_SSC_RECORD_ERROR_TRUNCATED);
  assert_refused ("0709443030", KIOSK_SSC_RECORD_ERROR_TRUNCATED);
  assert_refused ("0781", KIOSK_SSC_RECORD_ERROR_TRUNCATED);
  assert_refused ("078209", KIOSK_SSC_RECORD_ERROR_MALFORMED);
  assert_refused ("07FF", KIOSK_SSC_RECORD_ERROR_MALFORMED);
  /* Garbage after the value, an unwritten record (tag 00 or FF). */
  assert_refused ("0A013141", KIOSK_SSC_RECORD_ERROR_MALFORMED);
  assert_refused ("0000", KIOSK_SSC_RECORD_ERROR_MALFORMED);
  assert_refused ("FFFFFFFF", KIOSK_SSC_RECORD_ERROR_MALFORMED);
  assert_refused ("0E0131", KIOSK_SSC_RECORD_ERROR_UNKNOWN_TAG);
  assert_refused ("700131", KIOSK_SSC_RECORD_ERROR_UNKNOWN_TAG);
}

static void
test_bad_lengths (void)
{
  assert_refused ("07084430303030303132", KIOSK_SSC_RECORD_ERROR_BAD_LENGTH);
  assert_refused ("0A00", KIOSK_SSC_RECORD_ERROR_BAD_LENGTH);
  assert_refused ("0900", KIOSK_SSC_RECORD_ERROR_BAD_LENGTH);
  assert_refused ("091F"
                  "41414141414141414141414141414141414141414141414141414141414141",
                  KIOSK_SSC_RECORD_ERROR_BAD_LENGTH);
  assert_refused ("0504202401", KIOSK_SSC_RECORD_ERROR_TRUNCATED);
  assert_refused ("0503202401", KIOSK_SSC_RECORD_ERROR_BAD_LENGTH);
}

static void
test_bad_bcd_and_dates (void)
{
  assert_refused ("05042024011A", KIOSK_SSC_RECORD_ERROR_BAD_BCD);
  assert_refused ("0604F0340115", KIOSK_SSC_RECORD_ERROR_BAD_BCD);
  assert_refused ("0C032201AB", KIOSK_SSC_RECORD_ERROR_BAD_BCD);
  assert_refused ("050420241301", KIOSK_SSC_RECORD_ERROR_BAD_DATE);
  assert_refused ("050420230229", KIOSK_SSC_RECORD_ERROR_BAD_DATE);
  assert_refused ("0D0400000000", KIOSK_SSC_RECORD_ERROR_BAD_DATE);
  assert_refused ("0D0418991231", KIOSK_SSC_RECORD_ERROR_BAD_DATE);
  {
    g_autoptr (KioskSscCardData) data = kiosk_ssc_card_data_new ();
    g_autoptr (GError) error = NULL;

    g_assert_true (decode_hex (data, "050420240229", &error)); /* a leap day */
    g_assert_no_error (error);
    g_assert_cmpstr (data->issue_date, ==, "20240229");
  }
}

static void
test_bad_text (void)
{
  /* Not GBK: a lead byte without its trail byte, a lone trail byte. */
  assert_refused ("0902D5FF", KIOSK_SSC_RECORD_ERROR_BAD_TEXT);
  assert_refused ("0901D5", KIOSK_SSC_RECORD_ERROR_BAD_TEXT);
  assert_refused ("0903D5C580", KIOSK_SSC_RECORD_ERROR_BAD_TEXT);
  /* A zero inside the name, control characters, only padding. */
  assert_refused ("0905D5C500C8FD", KIOSK_SSC_RECORD_ERROR_BAD_TEXT);
  assert_refused ("0903D5C507", KIOSK_SSC_RECORD_ERROR_BAD_TEXT);
  assert_refused ("0905000000", KIOSK_SSC_RECORD_ERROR_TRUNCATED);
  assert_refused ("090400000000", KIOSK_SSC_RECORD_ERROR_BAD_TEXT);
  assert_refused ("090420202020", KIOSK_SSC_RECORD_ERROR_BAD_TEXT);
  /* Card number: lower case, a control character. */
  assert_refused ("0709643030303030313256", KIOSK_SSC_RECORD_ERROR_BAD_TEXT);
  assert_refused ("0709440130303030313256", KIOSK_SSC_RECORD_ERROR_BAD_TEXT);
  /* SSN with a letter inside; version not d.dd; issuer not alphanumeric. */
  assert_refused ("0812323230313032313937323038304130313336", KIOSK_SSC_RECORD_ERROR_BAD_TEXT);
  assert_refused ("03043330302E", KIOSK_SSC_RECORD_ERROR_BAD_TEXT);
  assert_refused ("040C2D2D2D2D2D2D2D2D2D2D2D2D", KIOSK_SSC_RECORD_ERROR_BAD_TEXT);
  assert_refused ("0201FF", KIOSK_SSC_RECORD_ERROR_BAD_TEXT);
}

static void
test_bad_values (void)
{
  assert_refused ("0A0133", KIOSK_SSC_RECORD_ERROR_BAD_VALUE);
  assert_refused ("0A0141", KIOSK_SSC_RECORD_ERROR_BAD_VALUE);
  assert_refused ("0B0100", KIOSK_SSC_RECORD_ERROR_BAD_VALUE);
  assert_refused ("0B0139", KIOSK_SSC_RECORD_ERROR_BAD_VALUE); /* 57 */
  assert_refused ("0B01FF", KIOSK_SSC_RECORD_ERROR_BAD_VALUE);
  {
    g_autoptr (KioskSscCardData) data = kiosk_ssc_card_data_new ();
    g_autoptr (GError) error = NULL;

    g_assert_true (decode_hex (data, "0B0138", &error)); /* 56 */
    g_assert_cmpstr (data->nation, ==, "56");
    g_assert_true (decode_hex (data, "0B0162", &error)); /* 98 */
    g_assert_cmpstr (data->nation, ==, "98");
    g_assert_no_error (error);
  }
}

static void
test_error_names_no_value (void)
{
  g_autoptr (KioskSscCardData) data = kiosk_ssc_card_data_new ();
  g_autoptr (GError) error = NULL;

  /* An ID number with a wrong character: the message names the field and
   * never the value. */
  g_assert_false (decode_hex (data, "0812323230313032313937323038304130313336", &error));
  g_assert_nonnull (strstr (error->message, "social security number"));
  g_assert_null (strstr (error->message, "2201"));
}

static void
test_round_trip (void)
{
  g_autoptr (KioskSscCardData) demo = chip_test_demo_data ();
  g_autoptr (KioskSscCardData) back = kiosk_ssc_card_data_new ();
  g_autoptr (KioskSscCardData) copy = NULL;
  g_autoptr (GError) error = NULL;
  gsize n = 0;
  const KioskSscField *fields = kiosk_ssc_fields (&n);

  g_assert_cmpuint (n, ==, 13);
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr (GBytes) record = kiosk_ssc_record_encode (demo, fields[i].tag, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (g_bytes_get_size (record), ==, fields[i].max_len + 2);
      g_assert_true (kiosk_ssc_record_decode (g_bytes_get_data (record, NULL),
                                              g_bytes_get_size (record), back, &error));
      g_assert_no_error (error);
    }
  chip_test_assert_same_card (back, demo);
  copy = kiosk_ssc_card_data_copy (back);
  chip_test_assert_same_card (copy, demo);
}

static void
test_set_text_and_encode_errors (void)
{
  g_autoptr (KioskSscCardData) data = kiosk_ssc_card_data_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) record = NULL;

  g_assert_false (kiosk_ssc_card_data_set_text (data, 0x05, "20241301", &error));
  g_assert_error (error, KIOSK_SSC_RECORD_ERROR, KIOSK_SSC_RECORD_ERROR_BAD_DATE);
  g_clear_error (&error);
  g_assert_false (kiosk_ssc_card_data_set_text (data, 0x0E, "x", &error));
  g_assert_error (error, KIOSK_SSC_RECORD_ERROR, KIOSK_SSC_RECORD_ERROR_UNKNOWN_TAG);
  g_clear_error (&error);
  /* Sixteen Chinese characters do not fit 30 bytes of GBK. */
  g_assert_false (
      kiosk_ssc_card_data_set_text (data, 0x09, "一二三四五六七八九十一二三四五六", &error));
  g_assert_error (error, KIOSK_SSC_RECORD_ERROR, KIOSK_SSC_RECORD_ERROR_BAD_TEXT);
  g_clear_error (&error);
  /* A name with a character GBK/GB 18030 cannot hold is not possible in
   * UTF-8; a control character is refused. */
  g_assert_false (kiosk_ssc_card_data_set_text (data, 0x09, "张\t三", &error));
  g_assert_error (error, KIOSK_SSC_RECORD_ERROR, KIOSK_SSC_RECORD_ERROR_BAD_TEXT);
  g_clear_error (&error);
  g_assert_false (kiosk_ssc_card_data_set_text (data, 0x09, "\xff\xfe", &error));
  g_assert_error (error, KIOSK_SSC_RECORD_ERROR, KIOSK_SSC_RECORD_ERROR_BAD_TEXT);
  g_clear_error (&error);
  g_assert_true (kiosk_ssc_card_data_set_text (data, 0x09, "欧阳娜娜", &error));
  g_assert_no_error (error);

  record = kiosk_ssc_record_encode (data, 0x07, &error);
  g_assert_null (record);
  g_assert_error (error, KIOSK_SSC_RECORD_ERROR, KIOSK_SSC_RECORD_ERROR_MISSING);
  g_clear_error (&error);
  g_assert_false (kiosk_ssc_card_data_check_file (data, KIOSK_SSC_FILE_EF06, &error));
  g_assert_error (error, KIOSK_SSC_RECORD_ERROR, KIOSK_SSC_RECORD_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "social security number"));
}

static void
test_wipe (void)
{
  KioskSscCardData *data = chip_test_demo_data ();

  kiosk_ssc_card_data_wipe (data);
  g_assert_null (data->name);
  g_assert_null (data->ssn);
  g_assert_cmpuint (data->sex, ==, 0);
  g_assert_cmphex (data->present, ==, 0);
  kiosk_ssc_card_data_free (data);
  kiosk_ssc_card_data_free (NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chip/ssc-record/ddf-name", test_ddf_name);
  g_test_add_func ("/chip/ssc-record/decode-fields", test_decode_fields);
  g_test_add_func ("/chip/ssc-record/lenient-forms", test_lenient_forms);
  g_test_add_func ("/chip/ssc-record/malformed-tlv", test_malformed_tlv);
  g_test_add_func ("/chip/ssc-record/bad-lengths", test_bad_lengths);
  g_test_add_func ("/chip/ssc-record/bad-bcd-and-dates", test_bad_bcd_and_dates);
  g_test_add_func ("/chip/ssc-record/bad-text", test_bad_text);
  g_test_add_func ("/chip/ssc-record/bad-values", test_bad_values);
  g_test_add_func ("/chip/ssc-record/error-names-no-value", test_error_names_no_value);
  g_test_add_func ("/chip/ssc-record/round-trip", test_round_trip);
  g_test_add_func ("/chip/ssc-record/set-text-and-encode-errors", test_set_text_and_encode_errors);
  g_test_add_func ("/chip/ssc-record/wipe", test_wipe);
  return g_test_run ();
}
