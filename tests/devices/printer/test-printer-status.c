/* test-printer-status.c — printer-state-reasons and marker levels to typed status */
#include "config.h"

#include "kiosk-test.h"
#include "kiosk-print-job.h"
#include "kiosk-printer-status.h"

static KioskPrinterStatus *
from_reasons (int state, const char *const *reasons)
{
  return kiosk_printer_status_new_from_ipp (state, reasons, NULL, 0, NULL);
}

static void
expect (const char *reason, KioskPrinterCondition condition, gboolean blocking)
{
  const char *suffixes[] = { "", "-report", "-warning", "-error" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *keyword = g_strconcat (reason, suffixes[i], NULL);
      const char *reasons[] = { keyword, NULL };
      g_autoptr (KioskPrinterStatus) status = from_reasons (KIOSK_PRINTER_STATE_IDLE, reasons);

      g_test_message ("%s", keyword);
      g_assert_cmpuint (status->conditions, ==, condition);
      g_assert_cmpint (kiosk_printer_status_is_ready (status), ==, !blocking);
      g_assert_cmpstr (status->reasons[0], ==, keyword);
      g_assert_null (status->reasons[1]);
    }
}

/* What the task names: ribbon low/out, hopper empty, jam, cover, offline —
 * whatever the suffix (ippeveprinter says -report, a CUPS queue -warning). */
static void
test_reasons (void)
{
  expect ("marker-supply-low", KIOSK_PRINTER_RIBBON_LOW, FALSE);
  expect ("toner-low", KIOSK_PRINTER_RIBBON_LOW, FALSE);
  expect ("marker-supply-empty", KIOSK_PRINTER_RIBBON_EMPTY, TRUE);
  expect ("media-low", KIOSK_PRINTER_MEDIA_LOW, FALSE);
  expect ("media-empty", KIOSK_PRINTER_MEDIA_EMPTY, TRUE);
  expect ("media-needed", KIOSK_PRINTER_MEDIA_EMPTY, TRUE);
  expect ("media-jam", KIOSK_PRINTER_MEDIA_JAM, TRUE);
  expect ("cover-open", KIOSK_PRINTER_COVER_OPEN, TRUE);
  expect ("door-open", KIOSK_PRINTER_COVER_OPEN, TRUE);
  expect ("offline", KIOSK_PRINTER_OFFLINE, TRUE);
  expect ("output-area-full", KIOSK_PRINTER_OUTPUT_FULL, TRUE);
  expect ("input-tray-missing", KIOSK_PRINTER_INPUT_MISSING, TRUE);
  expect ("paused", KIOSK_PRINTER_STOPPED, TRUE);
}

static void
test_none_and_unknown (void)
{
  const char *none[] = { "none", NULL };
  const char *unknown[]
      = { "cups-missing-filter-warning", "identify-printer-requested", "x-report", NULL };
  const char *unknown_error[] = { "vendor-thing-error", NULL };
  const char *empty[] = { "", NULL };
  g_autoptr (KioskPrinterStatus) a = from_reasons (KIOSK_PRINTER_STATE_IDLE, none);
  g_autoptr (KioskPrinterStatus) b = from_reasons (KIOSK_PRINTER_STATE_PROCESSING, unknown);
  g_autoptr (KioskPrinterStatus) c = from_reasons (KIOSK_PRINTER_STATE_IDLE, unknown_error);
  g_autoptr (KioskPrinterStatus) d = from_reasons (KIOSK_PRINTER_STATE_IDLE, empty);
  g_autoptr (KioskPrinterStatus) e = from_reasons (KIOSK_PRINTER_STATE_IDLE, NULL);
  g_autofree char *text = NULL;

  g_assert_cmpuint (a->conditions, ==, 0);
  g_assert_null (a->reasons[0]); /* "none" is dropped */
  g_assert_true (kiosk_printer_status_is_ready (a));
  text = kiosk_printer_status_to_string (a);
  g_assert_cmpstr (text, ==, "ok");

  /* unknown warnings do not stop the kiosk; they are kept for diagnostics */
  g_assert_cmpuint (b->conditions, ==, 0);
  g_assert_cmpuint (g_strv_length (b->reasons), ==, 3);
  g_assert_cmpint (b->state, ==, KIOSK_PRINTER_STATE_PROCESSING);
  /* an unknown error does */
  g_assert_cmpuint (c->conditions, ==, KIOSK_PRINTER_OTHER_ERROR);
  g_assert_false (kiosk_printer_status_is_ready (c));
  g_assert_cmpuint (d->conditions, ==, 0);
  g_assert_cmpuint (e->conditions, ==, 0);
  g_assert_nonnull (e->reasons);
}

static void
test_state (void)
{
  g_autoptr (KioskPrinterStatus) stopped = from_reasons (KIOSK_PRINTER_STATE_STOPPED, NULL);
  g_autoptr (KioskPrinterStatus) garbage = from_reasons (42, NULL);
  g_autoptr (KioskPrinterStatus) offline = kiosk_printer_status_new_offline ("connection refused");

  g_assert_cmpint (stopped->state, ==, KIOSK_PRINTER_STATE_STOPPED);
  g_assert_true (kiosk_printer_status_has (stopped, KIOSK_PRINTER_STOPPED));
  g_assert_false (kiosk_printer_status_is_ready (stopped));
  g_assert_cmpint (garbage->state, ==, KIOSK_PRINTER_STATE_UNKNOWN);
  g_assert_true (kiosk_printer_status_is_ready (garbage));
  g_assert_true (kiosk_printer_status_has (offline, KIOSK_PRINTER_OFFLINE));
  g_assert_false (kiosk_printer_status_is_ready (offline));
  g_assert_cmpstr (offline->message, ==, "connection refused");
}

static void
test_markers (void)
{
  KioskPrinterMarker ribbon = { "Ribbon", "ribbon-wax", 7, 10 };
  KioskPrinterMarker plenty = { "Ribbon", "ribbon-wax", 80, 10 };
  KioskPrinterMarker out = { "Ribbon", NULL, 0, -1 };
  KioskPrinterMarker unknown[] = {
    { NULL, NULL, -1, -1 }, { NULL, NULL, -2, -1 }, { NULL, NULL, -3, -1 }, { NULL, NULL, 1000, -1 }
  };
  KioskPrinterMarker default_low = { "Ribbon", NULL, 10, -1 };
  KioskPrinterMarker two[] = { { "Y", NULL, 50, 10 }, { "K", NULL, 5, 10 } };
  const char *low_reason[] = { "marker-supply-low-report", NULL };
  g_autoptr (KioskPrinterStatus) a = kiosk_printer_status_new_from_ipp (3, NULL, &ribbon, 1, NULL);
  g_autoptr (KioskPrinterStatus) b = kiosk_printer_status_new_from_ipp (3, NULL, &plenty, 1, NULL);
  g_autoptr (KioskPrinterStatus) c = kiosk_printer_status_new_from_ipp (3, NULL, &out, 1, NULL);
  g_autoptr (KioskPrinterStatus) d = kiosk_printer_status_new_from_ipp (3, NULL, unknown, 4, NULL);
  g_autoptr (KioskPrinterStatus) e
      = kiosk_printer_status_new_from_ipp (3, NULL, &default_low, 1, NULL);
  g_autoptr (KioskPrinterStatus) f = kiosk_printer_status_new_from_ipp (3, NULL, two, 2, NULL);
  g_autoptr (KioskPrinterStatus) g
      = kiosk_printer_status_new_from_ipp (3, low_reason, &out, 1, NULL);
  g_autofree char *text = NULL;

  g_assert_cmpuint (a->conditions, ==, KIOSK_PRINTER_RIBBON_LOW);
  g_assert_cmpint (a->ribbon_level, ==, 7);
  g_assert_true (kiosk_printer_status_is_ready (a)); /* low is a warning */
  g_assert_cmpuint (b->conditions, ==, 0);
  g_assert_cmpint (b->ribbon_level, ==, 80);
  g_assert_cmpuint (c->conditions, ==, KIOSK_PRINTER_RIBBON_EMPTY);
  g_assert_false (kiosk_printer_status_is_ready (c));
  g_assert_cmpuint (d->conditions, ==, 0);
  g_assert_cmpint (d->ribbon_level, ==, -1);
  g_assert_cmpuint (e->conditions, ==, KIOSK_PRINTER_RIBBON_LOW); /* default low: 10 % */
  g_assert_cmpuint (f->conditions, ==, KIOSK_PRINTER_RIBBON_LOW);
  g_assert_cmpint (f->ribbon_level, ==, 5);
  /* empty wins over low */
  g_assert_cmpuint (g->conditions, ==, KIOSK_PRINTER_RIBBON_EMPTY);
  text = kiosk_printer_status_blocking_to_string (g);
  g_assert_cmpstr (text, ==, "ribbon-empty");
}

static void
test_strings_and_copy (void)
{
  const char *reasons[] = { "media-jam-error", "cover-open-report", "marker-supply-low", NULL };
  g_autoptr (KioskPrinterStatus) status
      = kiosk_printer_status_new_from_ipp (5, reasons, NULL, 0, "Jam");
  g_autoptr (KioskPrinterStatus) copy = kiosk_printer_status_copy (status);
  g_autofree char *all = kiosk_printer_status_to_string (status);
  g_autofree char *blocking = kiosk_printer_status_blocking_to_string (status);

  g_assert_cmpstr (all, ==, "ribbon-low,media-jam,cover-open,stopped");
  g_assert_cmpstr (blocking, ==, "media-jam,cover-open,stopped");
  g_assert_cmpuint (copy->conditions, ==, status->conditions);
  g_assert_cmpstr (copy->message, ==, "Jam");
  g_assert_cmpuint (g_strv_length (copy->reasons), ==, 3);
  g_assert_cmpstr (kiosk_printer_condition_describe (KIOSK_PRINTER_MEDIA_EMPTY), ==,
                   "卡箱无卡（缺纸）");
  g_assert_cmpstr (kiosk_printer_condition_to_string (KIOSK_PRINTER_MEDIA_JAM), ==, "media-jam");
}

static void
test_job_record (void)
{
  g_autoptr (KioskPrintJob) job = kiosk_print_job_new (7);
  g_autoptr (KioskPrintJob) copy = NULL;

  g_assert_cmpint (job->id, ==, 7);
  g_assert_cmpint (job->state, ==, KIOSK_PRINT_JOB_STATE_PENDING);
  g_assert_false (kiosk_print_job_state_is_final (job->state));
  job->state = KIOSK_PRINT_JOB_STATE_ABORTED;
  job->printer_status = kiosk_printer_status_new_offline (NULL);
  copy = kiosk_print_job_copy (job);
  g_assert_true (kiosk_print_job_state_is_final (copy->state));
  g_assert_cmpstr (kiosk_print_job_state_to_string (copy->state), ==, "aborted");
  g_assert_true (kiosk_printer_status_has (copy->printer_status, KIOSK_PRINTER_OFFLINE));
  g_assert_cmpstr (kiosk_print_job_state_to_string (99), ==, "unknown");
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);
  g_test_add_func ("/printer-status/reasons", test_reasons);
  g_test_add_func ("/printer-status/none-and-unknown", test_none_and_unknown);
  g_test_add_func ("/printer-status/state", test_state);
  g_test_add_func ("/printer-status/markers", test_markers);
  g_test_add_func ("/printer-status/strings-and-copy", test_strings_and_copy);
  g_test_add_func ("/printer-status/job-record", test_job_record);
  return kiosk_test_run ();
}
