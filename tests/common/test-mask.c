/* test-mask.c — the one masking rule */
#include "config.h"

#include "kiosk-mask.h"

static void
check (KioskMaskKind kind, const char *in, const char *expected)
{
  g_autofree char *out = kiosk_mask (kind, in);
  g_assert_cmpstr (out, ==, expected);
}

static void
test_id_number (void)
{
  check (KIOSK_MASK_ID_NUMBER, "22010219900307123X", "2201**********123X");
  check (KIOSK_MASK_ID_NUMBER, "  220102199003071234 ", "2201**********1234");
  check (KIOSK_MASK_ID_NUMBER, "220102900307123", "2201*******7123");
  /* short values never show more than half */
  check (KIOSK_MASK_ID_NUMBER, "12345678", "12****78");
  check (KIOSK_MASK_ID_NUMBER, "", "");
  check (KIOSK_MASK_ID_NUMBER, NULL, "");
}

static void
test_phone (void)
{
  check (KIOSK_MASK_PHONE, "13912345678", "139****5678");
  check (KIOSK_MASK_PHONE, "1391", "1**1");
}

static void
test_name (void)
{
  check (KIOSK_MASK_NAME, "张三", "张*");
  check (KIOSK_MASK_NAME, "欧阳娜娜", "欧***");
  check (KIOSK_MASK_NAME, "阿依古丽·买买提", "阿*******");
  check (KIOSK_MASK_NAME, "王", "*");
  check (KIOSK_MASK_NAME, "\xff\xfe", "*");
}

static void
test_card_and_address (void)
{
  check (KIOSK_MASK_CARD, "A12345678", "A*******8");
  check (KIOSK_MASK_ADDRESS, "吉林省长春市朝阳区西民主大街809号", "吉林省长春市************");
}

static void
test_invalid_utf8 (void)
{
  check (KIOSK_MASK_ADDRESS, "\xc3\x28", "***");
}

static void
test_text (void)
{
  g_autofree char *a = kiosk_mask_text ("id=22010219900307123X phone 13912345678 ok");
  g_autofree char *b = kiosk_mask_text ("serial 1234567890123 order 220102199003071234567");
  g_autofree char *c = kiosk_mask_text ("x22010219900307123Xy 1391234567 139123456789");
  g_autofree char *d = kiosk_mask_text ("旧号 220102900307123，电话13912345678。");

  g_assert_cmpstr (a, ==, "id=2201**********123X phone 139****5678 ok");
  /* 13 and 21 digits are neither an ID nor a phone */
  g_assert_cmpstr (b, ==, "serial 1234567890123 order 220102199003071234567");
  /* glued to letters: not a standalone number; 10 and 12 digits: not a phone */
  g_assert_cmpstr (c, ==, "x22010219900307123Xy 1391234567 139123456789");
  g_assert_cmpstr (d, ==, "旧号 2201*******7123，电话139****5678。");
  g_assert_null (kiosk_mask_text (NULL));
}

static void
test_json (void)
{
  g_autofree char *a = kiosk_mask_json (
      "{\"bank\":\"建设银行\",\"address\":\"吉林省长春市朝阳区西民主大街809号\","
      "\"name\" : \"张三丰\",\"phone\":\"13912345678\",\"note\":\"id 22010219900307123X\"}");
  g_autofree char *b = kiosk_mask_json ("{\"address\":\"unterminated");
  g_autofree char *c = kiosk_mask_json ("{\"address\": 12}");

  g_assert_cmpstr (a, ==,
                   "{\"bank\":\"建设银行\",\"address\":\"吉林省长春市************\","
                   "\"name\" : \"张**\",\"phone\":\"139****5678\",\"note\":\"id "
                   "2201**********123X\"}");
  g_assert_cmpstr (b, ==, "{\"address\":\"unterminated");
  g_assert_cmpstr (c, ==, "{\"address\": 12}");
  g_assert_null (kiosk_mask_json (NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mask/id-number", test_id_number);
  g_test_add_func ("/mask/phone", test_phone);
  g_test_add_func ("/mask/name", test_name);
  g_test_add_func ("/mask/card-and-address", test_card_and_address);
  g_test_add_func ("/mask/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/mask/free-text", test_text);
  g_test_add_func ("/mask/json", test_json);
  return g_test_run ();
}
