/* test-receipt.c — the receipt layout without a printer */
#include "config.h"

#include <string.h>

#include <qrencode.h>

#include "kiosk-test.h"
#include "kiosk-receipt.h"
#include "printer-test-util.h"

static KioskReceipt *
new_receipt (void)
{
  KioskReceipt *receipt = kiosk_receipt_new ("社会保障卡申领");
  g_autoptr (GDateTime) time = g_date_time_new_local (2024, 5, 15, 10, 30, 0);

  kiosk_receipt_set_time (receipt, time);
  kiosk_receipt_set_kiosk_id (receipt, "JL-TEST-0001");
  kiosk_receipt_add_line (receipt, "姓名", "测*");
  kiosk_receipt_set_outcome (receipt, KIOSK_RECEIPT_OUTCOME_SUCCESS, "社会保障卡已制卡完成。");
  kiosk_receipt_add_guidance (receipt, 18, "请持卡和身份证到合作银行网点激活金融功能。");
  kiosk_receipt_add_guidance (receipt, 20, "金融功能激活后次日起可以使用。");
  kiosk_receipt_add_guidance (receipt, 22, "未激活金融功能，养老金和医保报销无法发放到卡。");
  kiosk_receipt_add_guidance (receipt, 21, "住院期间请在出院结算后再激活新卡。");
  kiosk_receipt_set_qr (receipt, "APP-2024-000123", "申请编号 APP-2024-000123");
  return receipt;
}

static void
test_text (void)
{
  g_autoptr (KioskReceipt) receipt = new_receipt ();
  g_autofree char *text = NULL;

  /* a caller that forgot to mask: the receipt masks ID-like and phone-like runs */
  kiosk_receipt_add_line (receipt, "身份证号", "220102199001011234");
  kiosk_receipt_add_line (receipt, "手机", "13912345678");
  text = kiosk_receipt_to_text (receipt);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "吉林省社会保障卡自助服务\n社会保障卡申领\n"));
  g_assert_nonnull (strstr (text, "时间：2024-05-15 10:30:00\n"));
  g_assert_nonnull (strstr (text, "终端：JL-TEST-0001\n"));
  g_assert_nonnull (strstr (text, "姓名：测*\n"));
  g_assert_null (strstr (text, "220102199001011234"));
  g_assert_nonnull (strstr (text, "身份证号：2201**********1234\n"));
  g_assert_null (strstr (text, "13912345678"));
  g_assert_nonnull (strstr (text, "结果：办理成功\n"));
  g_assert_nonnull (strstr (text, "1. 请持卡和身份证到合作银行网点激活金融功能。（R18）\n"));
  g_assert_nonnull (strstr (text, "（R20）"));
  g_assert_nonnull (strstr (text, "（R21）"));
  g_assert_nonnull (strstr (text, "（R22）"));
  g_assert_nonnull (strstr (text, "[QR APP-2024-000123]\n申请编号 APP-2024-000123\n"));
}

static void
test_outcomes (void)
{
  g_autoptr (KioskReceipt) receipt = kiosk_receipt_new ("临时挂失");
  g_autofree char *pending = NULL;
  g_autofree char *failure = NULL;

  kiosk_receipt_set_outcome (receipt, KIOSK_RECEIPT_OUTCOME_PENDING, NULL);
  kiosk_receipt_add_guidance (receipt, 8, "请在临时挂失后7日内到服务网点办理正式挂失。");
  pending = kiosk_receipt_to_text (receipt);
  g_assert_nonnull (strstr (pending, "结果：已受理\n"));
  g_assert_nonnull (strstr (pending, "（R8）"));
  g_assert_null (strstr (pending, "[QR"));  /* no payload, no code */
  g_assert_null (strstr (pending, "终端")); /* no kiosk id given */
  kiosk_receipt_set_outcome (receipt, KIOSK_RECEIPT_OUTCOME_FAILURE, "请到服务网点办理。");
  failure = kiosk_receipt_to_text (receipt);
  g_assert_nonnull (strstr (failure, "结果：未办理成功\n请到服务网点办理。\n"));
}

/* Finds the QR code's top-left finder pattern (7 dark modules in a row),
 * then reads every module and compares with libqrencode's own matrix. */
static void
check_qr (cairo_surface_t *surface, const char *payload, int module)
{
  QRcode *qr = QRcode_encodeString (payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int side = module * (qr->width + 8);
  int x0 = (width - side) / 2 + 4 * module;
  int y0 = -1;

  for (int y = 0; y < height && y0 < 0; y++)
    if (test_count_ink (surface, x0, y, 7 * module, 1, 64) == (guint) (7 * module)
        && test_count_ink (surface, x0 - module, y, module, 1, 250) == 0)
      y0 = y;
  g_assert_cmpint (y0, >=, 0);
  for (int my = 0; my < qr->width; my++)
    for (int mx = 0; mx < qr->width; mx++)
      {
        gboolean dark = qr->data[my * qr->width + mx] & 1;
        guint ink = test_count_ink (surface, x0 + mx * module + module / 2,
                                    y0 + my * module + module / 2, 1, 1, 128);

        g_assert_cmpuint (ink, ==, dark ? 1 : 0);
      }
  QRcode_free (qr);
}

static void
test_render (void)
{
  g_autoptr (KioskReceipt) receipt = new_receipt ();
  g_autoptr (GError) error = NULL;
  cairo_surface_t *narrow, *wide;
  g_autoptr (GBytes) png = NULL;
  cairo_surface_t *decoded;

  narrow = kiosk_receipt_render (receipt, KIOSK_RECEIPT_PAPER_58MM, 203, &error);
  g_assert_no_error (error);
  wide = kiosk_receipt_render (receipt, KIOSK_RECEIPT_PAPER_80MM, 203, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (narrow), ==, 384);
  g_assert_cmpint (cairo_image_surface_get_width (wide), ==, 576);
  /* the narrow roll wraps more lines */
  g_assert_cmpint (cairo_image_surface_get_height (narrow), >,
                   cairo_image_surface_get_height (wide));
  g_assert_cmpint (cairo_image_surface_get_height (wide), >, 600);
  /* at most 30 mm: version 1 (21 modules) + the quiet zone = 29 modules of 8 px (80 mm)
   * or 7 px (58 mm, at most 60 % of the width) */
  check_qr (wide, "APP-2024-000123", 8);
  check_qr (narrow, "APP-2024-000123", 7);
  cairo_surface_destroy (narrow);
  cairo_surface_destroy (wide);

  png = kiosk_receipt_render_png (receipt, KIOSK_RECEIPT_PAPER_58MM, 203, &error);
  g_assert_no_error (error);
  decoded = test_surface_from_png (png);
  g_assert_cmpint (cairo_image_surface_get_width (decoded), ==, 384);
  cairo_surface_destroy (decoded);
  g_assert_cmpint (kiosk_receipt_paper_width_px (KIOSK_RECEIPT_PAPER_80MM, 406), ==, 1152);
}

static void
test_invalid (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskReceipt) untitled = kiosk_receipt_new (NULL);
  g_autoptr (KioskReceipt) receipt = new_receipt ();
  g_autofree char *long_payload = g_strnfill (300, 'A');
  cairo_surface_t *surface;

  surface = kiosk_receipt_render (untitled, KIOSK_RECEIPT_PAPER_58MM, 203, &error);
  g_assert_null (surface);
  g_assert_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_INVALID);
  g_clear_error (&error);

  surface = kiosk_receipt_render (receipt, KIOSK_RECEIPT_PAPER_58MM, 0, &error);
  g_assert_null (surface);
  g_assert_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_RENDER);
  g_clear_error (&error);

  kiosk_receipt_set_qr (receipt, long_payload, NULL);
  g_assert_null (kiosk_receipt_render_pdf (receipt, KIOSK_RECEIPT_PAPER_80MM, &error));
  g_assert_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_QR);
  g_clear_error (&error);
  kiosk_receipt_set_qr (receipt, "ok", NULL);

  kiosk_receipt_add_line (receipt, "姓名", "\xff\xfe");
  g_assert_null (kiosk_receipt_render_png (receipt, KIOSK_RECEIPT_PAPER_80MM, 203, &error));
  g_assert_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_INVALID);
}

int
main (int argc, char **argv)
{
  int rc;

  kiosk_test_init (&argc, &argv);
  g_test_add_func ("/receipt/text", test_text);
  g_test_add_func ("/receipt/outcomes", test_outcomes);
  g_test_add_func ("/receipt/render", test_render);
  g_test_add_func ("/receipt/invalid", test_invalid);
  rc = kiosk_test_run ();
  test_release_font_caches ();
  return rc;
}
