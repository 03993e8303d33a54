/* test-receipt-pdf.c — the receipt as a PDF page
 *
 * Apart from test-receipt.c because of one suppression: cairo 1.16 leaks
 * its font subsets when it embeds a CJK font in a PDF (768 bytes per font;
 * a ten-line program that only shows text on a PDF surface does it too).
 * LeakSanitizer cannot tell that leak from others inside libcairo, so this
 * program ignores leaks within libcairo; test-receipt.c checks the shared
 * layout code without any suppression.
 */
#include "config.h"

#include <string.h>

#include "kiosk-receipt.h"
#include "kiosk-test.h"
#include "printer-test-util.h"

const char *__lsan_default_suppressions (void);

const char *
__lsan_default_suppressions (void)
{
  return "leak:libcairo.so.2\n";
}

static KioskReceipt *
new_receipt (void)
{
  KioskReceipt *receipt = kiosk_receipt_new ("社会保障卡申领");

  kiosk_receipt_set_kiosk_id (receipt, "JL-TEST-0001");
  kiosk_receipt_add_line (receipt, "姓名", "测*");
  kiosk_receipt_add_guidance (receipt, 20, "金融功能激活后次日起可以使用。");
  kiosk_receipt_set_qr (receipt, "APP-2024-000123", "申请编号 APP-2024-000123");
  return receipt;
}

static void
test_pdf (void)
{
  g_autoptr (KioskReceipt) receipt = new_receipt ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) pdf = kiosk_receipt_render_pdf (receipt, KIOSK_RECEIPT_PAPER_80MM, &error);
  gsize size;
  const char *data;

  g_assert_no_error (error);
  data = g_bytes_get_data (pdf, &size);
  g_assert_cmpuint (size, >, 1000);
  g_assert_true (memcmp (data, "%PDF-", 5) == 0);
  /* 80 mm wide: 226.77 pt */
  g_assert_nonnull (memmem (data, size, "/MediaBox [ 0 0 226.77", 22));
  g_clear_pointer (&pdf, g_bytes_unref);

  /* 58 mm wide: 164.41 pt */
  pdf = kiosk_receipt_render_pdf (receipt, KIOSK_RECEIPT_PAPER_58MM, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (pdf, &size);
  g_assert_nonnull (memmem (data, size, "/MediaBox [ 0 0 164.40", 22));
}

int
main (int argc, char **argv)
{
  int rc;

  kiosk_test_init (&argc, &argv);
  g_test_add_func ("/receipt/pdf", test_pdf);
  rc = kiosk_test_run ();
  test_release_font_caches ();
  return rc;
}
