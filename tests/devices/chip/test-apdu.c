/* test-apdu.c — command APDUs and the 61xx/6Cxx exchange, without a reader */
#include "config.h"

#include <string.h>

#include "kiosk-apdu.h"
#include "kiosk-apdu-exchange.h"

static GBytes *
hex (const char *text)
{
  GBytes *bytes = kiosk_apdu_from_hex (text);

  g_assert_nonnull (bytes);
  return bytes;
}

static void
assert_bytes_hex (GBytes *bytes, const char *expected)
{
  g_autofree char *text
      = kiosk_apdu_to_hex (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  g_assert_cmpstr (text, ==, expected);
}

static void
test_parse_cases (void)
{
  KioskApdu apdu;
  g_autoptr (GError) error = NULL;
  static const guint8 case1[] = { 0x00, 0xA4, 0x04, 0x00 };
  static const guint8 case2[] = { 0x00, 0xB2, 0x01, 0x04, 0x00 };
  static const guint8 case3[] = { 0x00, 0x20, 0x00, 0x00, 0x03, 0x12, 0x34, 0x56 };
  static const guint8 case4[] = { 0x00, 0xA4, 0x04, 0x00, 0x02, 0xEF, 0x05, 0x10 };

  g_assert_true (kiosk_apdu_parse (case1, sizeof case1, &apdu, &error));
  g_assert_no_error (error);
  g_assert_cmphex (apdu.ins, ==, 0xA4);
  g_assert_false (apdu.has_le);
  g_assert_cmpuint (apdu.lc, ==, 0);
  g_assert_null (apdu.data);

  g_assert_true (kiosk_apdu_parse (case2, sizeof case2, &apdu, &error));
  g_assert_true (apdu.has_le);
  g_assert_cmpuint (apdu.le, ==, 256);

  g_assert_true (kiosk_apdu_parse (case3, sizeof case3, &apdu, &error));
  g_assert_cmpuint (apdu.lc, ==, 3);
  g_assert_cmphex (apdu.data[0], ==, 0x12);
  g_assert_false (apdu.has_le);

  g_assert_true (kiosk_apdu_parse (case4, sizeof case4, &apdu, &error));
  g_assert_cmpuint (apdu.lc, ==, 2);
  g_assert_true (apdu.has_le);
  g_assert_cmpuint (apdu.le, ==, 16);
}

static void
test_parse_garbage (void)
{
  KioskApdu apdu;
  g_autoptr (GError) error = NULL;
  static const guint8 short_apdu[] = { 0x00, 0xA4, 0x04 };
  static const guint8 lc_too_big[] = { 0x00, 0xA4, 0x04, 0x00, 0x05, 0x01, 0x02 };
  static const guint8 lc_too_small[] = { 0x00, 0xA4, 0x04, 0x00, 0x01, 0x01, 0x02, 0x03 };
  static const guint8 extended[] = { 0x00, 0xB2, 0x01, 0x04, 0x00, 0x01, 0x00 };
  guint8 too_long[300] = { 0 };

  g_assert_false (kiosk_apdu_parse (short_apdu, sizeof short_apdu, &apdu, &error));
  g_assert_error (error, KIOSK_APDU_ERROR, KIOSK_APDU_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_false (kiosk_apdu_parse (NULL, 0, &apdu, &error));
  g_assert_error (error, KIOSK_APDU_ERROR, KIOSK_APDU_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_false (kiosk_apdu_parse (lc_too_big, sizeof lc_too_big, &apdu, &error));
  g_assert_error (error, KIOSK_APDU_ERROR, KIOSK_APDU_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_false (kiosk_apdu_parse (lc_too_small, sizeof lc_too_small, &apdu, &error));
  g_assert_error (error, KIOSK_APDU_ERROR, KIOSK_APDU_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_false (kiosk_apdu_parse (extended, sizeof extended, &apdu, &error));
  g_assert_error (error, KIOSK_APDU_ERROR, KIOSK_APDU_ERROR_EXTENDED);
  g_clear_error (&error);
  g_assert_false (kiosk_apdu_parse (too_long, sizeof too_long, &apdu, &error));
  g_assert_error (error, KIOSK_APDU_ERROR, KIOSK_APDU_ERROR_EXTENDED);
}

static void
test_build (void)
{
  static const guint8 ddf[] = { 0x73, 0x78, 0x31 };
  static const guint8 pin[] = { 0x12, 0x34, 0x56 };
  g_autoptr (GBytes) select = kiosk_apdu_select_by_name (ddf, sizeof ddf);
  g_autoptr (GBytes) select_ef = kiosk_apdu_select_file (0xEF05);
  g_autoptr (GBytes) read = kiosk_apdu_read_record (0x07, 5, 4, 0x0B);
  g_autoptr (GBytes) read_all = kiosk_apdu_read_record (0x08, 0, 0, 256);
  g_autoptr (GBytes) response = kiosk_apdu_get_response (0x20);
  g_autoptr (GBytes) challenge = kiosk_apdu_get_challenge (8);
  g_autoptr (GBytes) verify = kiosk_apdu_verify (pin, sizeof pin);
  g_autoptr (GBytes) again = kiosk_apdu_with_le (read, 0x0C);
  g_autoptr (GBytes) bad = hex ("00A4");
  guint8 bcd[3];
  gsize bcd_len = 0;

  assert_bytes_hex (select, "00A4040003737831");
  assert_bytes_hex (select_ef, "00A4020002EF05");
  /* The public kiosk code's "record 7 of SFI 5 without selecting it". */
  assert_bytes_hex (read, "00B2072C0B");
  assert_bytes_hex (read_all, "00B2080000");
  assert_bytes_hex (response, "00C0000020");
  assert_bytes_hex (challenge, "0084000008");
  assert_bytes_hex (verify, "0020000003123456");
  assert_bytes_hex (again, "00B2072C0C");
  g_assert_null (kiosk_apdu_with_le (bad, 4));

  g_assert_true (kiosk_apdu_pack_bcd ("123456", bcd, sizeof bcd, &bcd_len));
  g_assert_cmpuint (bcd_len, ==, 3);
  g_assert_cmphex (bcd[2], ==, 0x56);
  g_assert_false (kiosk_apdu_pack_bcd ("12345", bcd, sizeof bcd, NULL));
  g_assert_false (kiosk_apdu_pack_bcd ("12a456", bcd, sizeof bcd, NULL));
  g_assert_false (kiosk_apdu_pack_bcd ("12345678", bcd, sizeof bcd, NULL));
  g_assert_false (kiosk_apdu_pack_bcd (NULL, bcd, sizeof bcd, NULL));
}

static void
test_hex (void)
{
  g_autoptr (GBytes) spaced = kiosk_apdu_from_hex ("00 a4:04 00");

  assert_bytes_hex (spaced, "00A40400");
  g_assert_null (kiosk_apdu_from_hex ("0"));
  g_assert_null (kiosk_apdu_from_hex ("0G"));
  g_assert_null (kiosk_apdu_from_hex ("00 1"));
}

static void
test_sw_describe (void)
{
  g_assert_cmpstr (kiosk_apdu_sw_describe (0x9000), ==, "success");
  g_assert_cmpstr (kiosk_apdu_sw_describe (0x6A82), ==, "file or application not found");
  g_assert_nonnull (strstr (kiosk_apdu_sw_describe (0x63C2), "tries"));
  g_assert_nonnull (strstr (kiosk_apdu_sw_describe (0x6C12), "Le"));
  g_assert_cmpstr (kiosk_apdu_sw_describe (0x1234), ==, "unknown status");
}

/* Feeds `reply` (hex) and returns the next command in hex, or NULL when done. */
static char *
feed (KioskApduExchange *exchange, const char *reply, GError **error)
{
  g_autoptr (GBytes) bytes = hex (reply);
  GBytes *next;

  if (!kiosk_apdu_exchange_feed (exchange, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                 error))
    return NULL;
  next = kiosk_apdu_exchange_next_command (exchange);
  return next != NULL ? kiosk_apdu_to_hex (g_bytes_get_data (next, NULL), g_bytes_get_size (next))
                      : NULL;
}

static void
test_exchange_plain (void)
{
  g_autoptr (GBytes) command = hex ("00B2010400");
  g_autoptr (KioskApduExchange) exchange = kiosk_apdu_exchange_new (command);
  g_autoptr (GError) error = NULL;
  g_autofree char *next = NULL;
  gsize len = 0;
  const guint8 *data;

  g_assert_true (kiosk_apdu_exchange_next_command (exchange) == command);
  next = feed (exchange, "0102AABB9000", &error);
  g_assert_no_error (error);
  g_assert_null (next);
  g_assert_true (kiosk_apdu_exchange_is_done (exchange));
  g_assert_cmphex (kiosk_apdu_exchange_get_sw (exchange), ==, 0x9000);
  data = kiosk_apdu_exchange_get_data (exchange, &len);
  g_assert_cmpuint (len, ==, 4);
  g_assert_cmphex (data[3], ==, 0xBB);
}

static void
test_exchange_get_response (void)
{
  g_autoptr (GBytes) command = hex ("00A404000F7378312E73682EC9E7BBE1B1A3D5CF");
  g_autoptr (KioskApduExchange) exchange = kiosk_apdu_exchange_new (command);
  g_autoptr (GError) error = NULL;
  char *next;
  gsize len = 0;

  next = feed (exchange, "6104", &error);
  g_assert_cmpstr (next, ==, "00C0000004");
  g_free (next);
  next = feed (exchange, "010203046102", &error);
  g_assert_cmpstr (next, ==, "00C0000002");
  g_free (next);
  /* 6100: 256 or more */
  next = feed (exchange, "05066100", &error);
  g_assert_cmpstr (next, ==, "00C0000000");
  g_free (next);
  next = feed (exchange, "079000", &error);
  g_assert_no_error (error);
  g_assert_null (next);
  kiosk_apdu_exchange_get_data (exchange, &len);
  g_assert_cmpuint (len, ==, 7);
  g_assert_cmpuint (kiosk_apdu_exchange_get_n_get_response (exchange), ==, 3);
  g_assert_cmphex (kiosk_apdu_exchange_get_sw (exchange), ==, 0x9000);
}

static void
test_exchange_wrong_le (void)
{
  g_autoptr (GBytes) command = hex ("00B2090000");
  g_autoptr (KioskApduExchange) exchange = kiosk_apdu_exchange_new (command);
  g_autoptr (GError) error = NULL;
  char *next;

  next = feed (exchange, "6C20", &error);
  g_assert_cmpstr (next, ==, "00B2090020");
  g_free (next);
  /* The resent command's answer may still be chained. */
  next = feed (exchange, "6110", &error);
  g_assert_cmpstr (next, ==, "00C0000010");
  g_free (next);
  /* A 6Cxx to the GET RESPONSE resends the GET RESPONSE. */
  next = feed (exchange, "6C08", &error);
  g_assert_cmpstr (next, ==, "00C0000008");
  g_free (next);
  next = feed (exchange, "01020304050607089000", &error);
  g_assert_no_error (error);
  g_assert_null (next);
  g_assert_cmpuint (kiosk_apdu_exchange_get_n_resend (exchange), ==, 2);
}

static void
test_exchange_errors (void)
{
  g_autoptr (GBytes) command = hex ("00B2090000");
  g_autoptr (GError) error = NULL;
  char *next;

  {
    g_autoptr (KioskApduExchange) exchange = kiosk_apdu_exchange_new (command);

    /* No status word. */
    next = feed (exchange, "90", &error);
    g_assert_null (next);
    g_assert_error (error, KIOSK_APDU_ERROR, KIOSK_APDU_ERROR_TRUNCATED);
    g_assert_true (kiosk_apdu_exchange_is_done (exchange));
    g_clear_error (&error);
  }
  {
    g_autoptr (KioskApduExchange) exchange = kiosk_apdu_exchange_new (command);

    /* 6Cxx twice in a row: the card contradicts itself. */
    g_free (feed (exchange, "6C20", &error));
    next = feed (exchange, "6C21", &error);
    g_assert_null (next);
    g_assert_error (error, KIOSK_APDU_ERROR, KIOSK_APDU_ERROR_CHAIN);
    g_clear_error (&error);
  }
  {
    g_autoptr (KioskApduExchange) exchange = kiosk_apdu_exchange_new (command);
    guint i;

    /* 61xx without end. */
    for (i = 0; i <= KIOSK_APDU_EXCHANGE_MAX_GET_RESPONSE; i++)
      {
        next = feed (exchange, "6101", &error);
        if (next == NULL)
          break;
        g_free (next);
      }
    g_assert_cmpuint (i, ==, KIOSK_APDU_EXCHANGE_MAX_GET_RESPONSE);
    g_assert_error (error, KIOSK_APDU_ERROR, KIOSK_APDU_ERROR_CHAIN);
    g_clear_error (&error);
  }
  {
    g_autoptr (KioskApduExchange) exchange = kiosk_apdu_exchange_new (command);
    g_autoptr (GByteArray) big = g_byte_array_new ();
    guint8 filler[254] = { 0 };
    guint i;

    /* More data than any command of ours needs. */
    g_byte_array_append (big, filler, sizeof filler);
    g_byte_array_append (big, (const guint8[]){ 0x61, 0x00 }, 2);
    for (i = 0; i < KIOSK_APDU_EXCHANGE_MAX_GET_RESPONSE; i++)
      if (!kiosk_apdu_exchange_feed (exchange, big->data, big->len, &error))
        break;
    g_assert_cmpuint (i, <, KIOSK_APDU_EXCHANGE_MAX_GET_RESPONSE);
    g_assert_error (error, KIOSK_APDU_ERROR, KIOSK_APDU_ERROR_CHAIN);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chip/apdu/parse-cases", test_parse_cases);
  g_test_add_func ("/chip/apdu/parse-garbage", test_parse_garbage);
  g_test_add_func ("/chip/apdu/build", test_build);
  g_test_add_func ("/chip/apdu/hex", test_hex);
  g_test_add_func ("/chip/apdu/sw-describe", test_sw_describe);
  g_test_add_func ("/chip/apdu/exchange/plain", test_exchange_plain);
  g_test_add_func ("/chip/apdu/exchange/get-response", test_exchange_get_response);
  g_test_add_func ("/chip/apdu/exchange/wrong-le", test_exchange_wrong_le);
  g_test_add_func ("/chip/apdu/exchange/errors", test_exchange_errors);
  return g_test_run ();
}
