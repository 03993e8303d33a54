/* test-printers.c — the IPP printer drivers against a real ippeveprinter
 *
 * Every test starts its own dbus-daemon + ippeveprinter on a free port
 * (KioskPrinterSimulator) in its own temporary directory and stops them
 * (SIGTERM, wait) at teardown; should the test die first, the daemons die
 * with it (PR_SET_PDEATHSIG). Faults go through the per-job script's control
 * file, i.e. through ippeveprinter's real printer-state-reasons.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "kiosk-test.h"
#include "kiosk-card-face.h"
#include "kiosk-device-manager.h"
#include "kiosk-ipp-card-printer.h"
#include "kiosk-ipp-receipt-printer.h"
#include "kiosk-printer-simulator.h"
#include "kiosk-receipt.h"
#include "printer-test-util.h"

#define INK 160

typedef struct
{
  char *dir;
  KioskPrinterSimulator *sim;
  KioskDevice *card;
  KioskDevice *receipt;
} Fixture;

static gboolean
have_programs (void)
{
  g_autofree char *ipp = g_find_program_in_path ("ippeveprinter");
  g_autofree char *dbus = g_find_program_in_path ("dbus-daemon");

  return (ipp != NULL || g_file_test ("/usr/sbin/ippeveprinter", G_FILE_TEST_IS_EXECUTABLE))
         && (dbus != NULL || g_file_test ("/usr/bin/dbus-daemon", G_FILE_TEST_IS_EXECUTABLE));
}

static KioskDeviceConfig *
new_config (const char *name, const char *uri, const char *extra)
{
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *text = g_strdup_printf ("[devices]\n%s_driver=ipp\n%s_uri=%s\n"
                                           "%s_poll_ms=40\n%s_job_timeout_s=20\n%s",
                                           name, name, uri, name, name, extra ? extra : "");

  g_assert_true (g_key_file_load_from_data (keyfile, text, -1, G_KEY_FILE_NONE, NULL));
  return kiosk_device_config_new (keyfile, "devices", name);
}

static KioskDevice *
new_device (const char *name, const char *uri, const char *extra, GError **error)
{
  g_autoptr (KioskDeviceConfig) config = new_config (name, uri, extra);

  if (g_str_equal (name, "card_printer"))
    return kiosk_ipp_card_printer_new_from_config (config, error);
  return kiosk_ipp_receipt_printer_new_from_config (config, error);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  if (!have_programs ())
    {
      g_test_skip ("ippeveprinter or dbus-daemon not installed (cups-ipp-utils, dbus)");
      return;
    }
  {
    static guint n;
    g_autofree char *name = g_strdup_printf ("printer-%u", ++n);

    f->dir = kiosk_test_make_dir (name);
  }
  f->sim = kiosk_printer_simulator_start (f->dir, "KioskTestPrinter", &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->sim);

  f->card = new_device ("card_printer", kiosk_printer_simulator_get_uri (f->sim), data, &error);
  g_assert_no_error (error);
  f->receipt
      = new_device ("receipt_printer", kiosk_printer_simulator_get_uri (f->sim), data, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_device_open_sync (f->card, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (kiosk_device_open_sync (f->receipt, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->card);
  g_clear_object (&f->receipt);
  g_clear_pointer (&f->sim, kiosk_printer_simulator_free);
  if (f->dir != NULL)
    kiosk_test_rm_rf (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

static void
set_faults (Fixture *f, const char *text)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (kiosk_printer_simulator_set_faults (f->sim, text, &error));
  g_assert_no_error (error);
}

static GBytes *
render_face (const KioskCardLayout *layout, guint dpi)
{
  g_autoptr (GBytes) photo = test_photo_jpeg ();
  g_autoptr (GError) error = NULL;
  KioskCardFaceData data;
  GBytes *png;

  test_face_data (&data, photo, KIOSK_PHOTO_FORMAT_JPEG);
  png = kiosk_card_face_render_png (layout, &data, dpi, KIOSK_CARD_FACE_PRINT, &error);
  g_assert_no_error (error);
  return png;
}

static gboolean
print_card (Fixture *f, KioskPrintJob **job, GError **error)
{
  g_autoptr (KioskCardLayout) layout = kiosk_card_layout_load ("standard", NULL);
  g_autoptr (GBytes) face = NULL;

  g_assert_nonnull (layout);
  face = render_face (layout, kiosk_card_printer_get_dpi (KIOSK_CARD_PRINTER (f->card)));
  return kiosk_printer_print_sync (KIOSK_PRINTER (f->card), "image/png", face, "card-face", NULL,
                                   job, error);
}

static KioskPrinterStatus *
query (KioskDevice *device)
{
  g_autoptr (GError) error = NULL;
  KioskPrinterStatus *status
      = kiosk_printer_query_status_sync (KIOSK_PRINTER (device), NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (status);
  return status;
}

static guint64
counter (KioskDevice *device, const char *name)
{
  g_autoptr (KioskDeviceStatus) status = kiosk_device_get_status (device);

  return kiosk_device_status_get_counter (status, name);
}

/* ---- jobs that complete ---------------------------------------------------------- */

static void
test_card_job (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskCardLayout) layout = kiosk_card_layout_load ("standard", NULL);
  g_autoptr (KioskPrintJob) job = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDeviceStatus) record = NULL;
  g_autofree char *file = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (GBytes) spooled = NULL;
  cairo_surface_t *surface;
  int boxes[4 * 5];
  gsize length;

  if (g_test_failed () || f->sim == NULL)
    return;
  g_assert_true (print_card (f, &job, &error));
  g_assert_no_error (error);
  g_assert_nonnull (job);
  g_assert_cmpint (job->id, >, 0);
  g_assert_cmpint (job->state, ==, KIOSK_PRINT_JOB_STATE_COMPLETED);
  g_assert_cmpint (job->finished_at, >=, job->submitted_at);
  g_assert_nonnull (job->printer_status);
  g_assert_true (kiosk_printer_status_is_ready (job->printer_status));
  g_assert_cmpuint (kiosk_printer_simulator_count_jobs (f->sim), ==, 1);

  record = kiosk_device_get_status (f->card);
  g_assert_cmpstr (record->kind, ==, "card-printer");
  g_assert_cmpstr (record->driver, ==, "ipp");
  g_assert_cmpstr (record->model, ==, "Kiosk Simulated Printer");
  g_assert_cmpstr (record->identity, ==, kiosk_printer_simulator_get_uri (f->sim));
  g_assert_cmpuint (counter (f->card, KIOSK_PRINTER_COUNTER_JOBS_SUBMITTED), ==, 1);
  g_assert_cmpuint (counter (f->card, KIOSK_PRINTER_COUNTER_JOBS_COMPLETED), ==, 1);

  /* The spooled file is the card face: 1016×648, ink in the photo box and
   * where every text goes (printed turned 180°), white elsewhere. */
  file = kiosk_printer_simulator_get_job_file (f->sim, job->id);
  g_assert_nonnull (file);
  g_assert_true (g_str_has_suffix (file, ".png"));
  g_assert_true (g_file_get_contents (file, &contents, &length, &error));
  spooled = g_bytes_new_take (g_steal_pointer (&contents), length);
  surface = test_surface_from_png (spooled);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 1016);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 648);

  kiosk_card_layout_map_rect (layout, 300, TRUE, 4, 12, 20, 25, &boxes[0], &boxes[1], &boxes[2],
                              &boxes[3]);
  g_assert_cmpuint (test_count_ink (surface, boxes[0], boxes[1], boxes[2], boxes[3], INK), >,
                    (guint) (boxes[2] * boxes[3] / 3));
  for (guint i = 0; i < layout->texts->len; i++)
    {
      const KioskCardText *text = layout->texts->pdata[i];
      int *r = boxes + 4 * (i + 1);

      g_assert_cmpuint (i, <, 4);
      kiosk_card_layout_map_rect (layout, 300, TRUE, text->x_mm, text->y_mm, 8, 4, &r[0], &r[1],
                                  &r[2], &r[3]);
      g_assert_cmpuint (test_count_ink (surface, r[0], r[1], r[2], r[3], INK), >, 100);
      /* for the white check: the whole line */
      kiosk_card_layout_map_rect (layout, 300, TRUE, text->x_mm - 0.5, text->y_mm - 0.5,
                                  text->max_width_mm + 0.5, 5, &r[0], &r[1], &r[2], &r[3]);
    }
  g_assert_cmpuint (test_count_ink_outside (surface, boxes, 5, 250), ==, 0);
  cairo_surface_destroy (surface);
}

static void
test_receipt_jobs (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskReceipt) receipt = kiosk_receipt_new ("社会保障卡申领");
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) png = NULL;
  g_autoptr (GBytes) pdf = NULL;
  g_autoptr (KioskPrintJob) job = NULL;
  g_autoptr (KioskPrintJob) pdf_job = NULL;
  g_autofree char *file = NULL;
  g_autofree char *contents = NULL;
  KioskReceiptPrinter *printer;
  cairo_surface_t *surface;
  gsize length;

  if (g_test_failed () || f->sim == NULL)
    return;
  printer = KIOSK_RECEIPT_PRINTER (f->receipt);
  g_assert_cmpuint (kiosk_receipt_printer_get_paper_mm (printer), ==, 58);
  kiosk_receipt_set_kiosk_id (receipt, "JL-TEST-0001");
  kiosk_receipt_add_line (receipt, "姓名", "测*");
  kiosk_receipt_add_guidance (receipt, 20, "金融功能激活后次日起可以使用。");
  kiosk_receipt_set_qr (receipt, "S-0001", "会话编号 S-0001");
  png = kiosk_receipt_render_png (receipt, KIOSK_RECEIPT_PAPER_58MM,
                                  kiosk_receipt_printer_get_dpi (printer), &error);
  g_assert_no_error (error);

  g_assert_true (kiosk_printer_print_sync (KIOSK_PRINTER (printer), "image/png", png, "receipt",
                                           NULL, &job, &error));
  g_assert_no_error (error);
  g_assert_cmpint (job->state, ==, KIOSK_PRINT_JOB_STATE_COMPLETED);
  file = kiosk_printer_simulator_get_job_file (f->sim, job->id);
  g_assert_true (g_str_has_suffix (file, "-receipt.png"));
  g_assert_true (g_file_get_contents (file, &contents, &length, &error));
  {
    g_autoptr (GBytes) spooled = g_bytes_new_take (g_steal_pointer (&contents), length);

    surface = test_surface_from_png (spooled);
  }
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 384); /* 48 mm at 203 dpi */
  g_assert_cmpuint (
      test_count_ink (surface, 0, 0, 384, cairo_image_surface_get_height (surface), 128), >, 1000);
  cairo_surface_destroy (surface);

  pdf = kiosk_receipt_render_pdf (receipt, KIOSK_RECEIPT_PAPER_58MM, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_printer_print_sync (KIOSK_PRINTER (printer), "application/pdf", pdf,
                                           "receipt", NULL, &pdf_job, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pdf_job->id, >, job->id);
  g_clear_pointer (&file, g_free);
  file = kiosk_printer_simulator_get_job_file (f->sim, pdf_job->id);
  g_assert_true (g_str_has_suffix (file, ".pdf"));
  g_assert_cmpuint (kiosk_printer_simulator_count_jobs (f->sim), ==, 2);
}

/* A document the printer does not take is refused before any job exists. */
static void
test_refused_format (Fixture *f, gconstpointer data)
{
  g_autoptr (GBytes) text = g_bytes_new_static ("not a card", 10);
  g_autoptr (KioskPrintJob) job = NULL;
  g_autoptr (GError) error = NULL;

  if (g_test_failed () || f->sim == NULL)
    return;
  g_assert_false (kiosk_printer_print_sync (KIOSK_PRINTER (f->card), "text/x-kiosk-unknown", text,
                                            "card-face", NULL, &job, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_SUPPORTED);
  g_assert_null (job);
  g_assert_cmpuint (kiosk_printer_simulator_count_jobs (f->sim), ==, 0);
  g_assert_cmpuint (counter (f->card, KIOSK_PRINTER_COUNTER_JOBS_SUBMITTED), ==, 0);
}

/* ---- faults ------------------------------------------------------------------------- */

static void
test_status_ok (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskPrinterStatus) status = NULL;

  if (g_test_failed () || f->sim == NULL)
    return;
  status = query (f->card);
  g_assert_cmpuint (status->conditions, ==, 0);
  g_assert_cmpint (status->state, ==, KIOSK_PRINTER_STATE_IDLE);
  g_assert_true (kiosk_printer_status_is_ready (status));
}

/* The hopper runs empty during a job: the job completes, the status says
 * media-empty, and the next card is refused without a job. */
static void
test_media_empty (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskPrintJob) job = NULL;
  g_autoptr (KioskPrintJob) refused_job = NULL;
  g_autoptr (KioskPrinterStatus) status = NULL;
  g_autoptr (KioskPrinterStatus) last = NULL;
  g_autoptr (GError) error = NULL;

  if (g_test_failed () || f->sim == NULL)
    return;
  set_faults (f, "STATE: +media-empty\n");
  g_assert_true (print_card (f, &job, &error));
  g_assert_no_error (error);
  g_assert_true (kiosk_printer_status_has (job->printer_status, KIOSK_PRINTER_MEDIA_EMPTY));

  status = query (f->card);
  g_assert_true (kiosk_printer_status_has (status, KIOSK_PRINTER_MEDIA_EMPTY));
  g_assert_false (kiosk_printer_status_is_ready (status));

  g_assert_false (print_card (f, &refused_job, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "media-empty"));
  g_assert_null (refused_job); /* nothing was sent */
  g_assert_cmpuint (kiosk_printer_simulator_count_jobs (f->sim), ==, 1);
  g_assert_cmpuint (counter (f->card, KIOSK_PRINTER_COUNTER_REFUSED), ==, 1);
  last = kiosk_printer_get_last_status (KIOSK_PRINTER (f->card));
  g_assert_true (kiosk_printer_status_has (last, KIOSK_PRINTER_MEDIA_EMPTY));
}

/* A jam aborts the job: an error, the job record (aborted, media-jam), and
 * exactly one job at the printer — never a second attempt. */
static void
test_media_jam (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskPrintJob) job = NULL;
  g_autoptr (KioskPrintJob) last_job = NULL;
  g_autoptr (KioskPrinterStatus) status = NULL;
  g_autoptr (GError) error = NULL;

  if (g_test_failed () || f->sim == NULL)
    return;
  set_faults (f, "STATE: +media-jam\nERROR: card jammed in the flipper\nEXIT 1\n");
  g_assert_false (print_card (f, &job, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "aborted"));
  g_assert_nonnull (strstr (error->message, "media-jam"));
  g_assert_nonnull (job);
  g_assert_cmpint (job->state, ==, KIOSK_PRINT_JOB_STATE_ABORTED);
  g_assert_true (kiosk_printer_status_has (job->printer_status, KIOSK_PRINTER_MEDIA_JAM));

  status = query (f->card);
  g_assert_true (kiosk_printer_status_has (status, KIOSK_PRINTER_MEDIA_JAM));
  g_assert_false (kiosk_printer_status_is_ready (status));
  last_job = kiosk_printer_get_last_job (KIOSK_PRINTER (f->card));
  g_assert_cmpint (last_job->id, ==, job->id);

  /* nothing is sent again, now or later */
  g_usleep (300 * 1000);
  g_assert_cmpuint (kiosk_printer_simulator_count_jobs (f->sim), ==, 1);
  g_assert_cmpuint (counter (f->card, KIOSK_PRINTER_COUNTER_JOBS_SUBMITTED), ==, 1);
  g_assert_cmpuint (counter (f->card, KIOSK_PRINTER_COUNTER_JOBS_FAILED), ==, 1);
}

static void
test_ribbon (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskPrintJob) job = NULL;
  g_autoptr (KioskPrintJob) second = NULL;
  g_autoptr (KioskPrintJob) refused = NULL;
  g_autoptr (KioskPrinterStatus) status = NULL;
  g_autoptr (GError) error = NULL;

  if (g_test_failed () || f->sim == NULL)
    return;
  set_faults (f, "STATE: +marker-supply-low\n"
                 "ATTR: marker-names=Ribbon marker-types=ribbon-wax marker-colors=#000000 "
                 "marker-levels=7 marker-low-levels=10 marker-high-levels=100\n");
  g_assert_true (print_card (f, &job, &error));
  g_assert_no_error (error);
  status = query (f->card);
  g_assert_true (kiosk_printer_status_has (status, KIOSK_PRINTER_RIBBON_LOW));
  g_assert_cmpint (status->ribbon_level, ==, 7);
  /* low is a warning: the next card prints */
  g_assert_true (kiosk_printer_status_is_ready (status));
  g_assert_true (print_card (f, &second, &error));
  g_assert_no_error (error);
  g_assert_true (kiosk_printer_status_has (second->printer_status, KIOSK_PRINTER_RIBBON_LOW));

  /* the ribbon runs out during the next job: then cards are refused */
  set_faults (f, "STATE: -marker-supply-low\nATTR: marker-levels=0\n");
  g_clear_pointer (&job, kiosk_print_job_free);
  g_assert_true (print_card (f, &job, &error));
  g_assert_no_error (error);
  g_clear_pointer (&status, kiosk_printer_status_free);
  status = query (f->card);
  g_assert_true (kiosk_printer_status_has (status, KIOSK_PRINTER_RIBBON_EMPTY));
  g_assert_cmpint (status->ribbon_level, ==, 0);
  g_assert_false (print_card (f, &refused, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED);
  g_assert_null (refused);
  g_assert_cmpuint (kiosk_printer_simulator_count_jobs (f->sim), ==, 3);
}

static void
test_cover_open (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskPrintJob) job = NULL;
  g_autoptr (KioskPrinterStatus) status = NULL;
  g_autoptr (GError) error = NULL;

  if (g_test_failed () || f->sim == NULL)
    return;
  set_faults (f, "STATE: +cover-open\n");
  g_assert_true (print_card (f, &job, &error));
  g_assert_no_error (error);
  status = query (f->card);
  g_assert_true (kiosk_printer_status_has (status, KIOSK_PRINTER_COVER_OPEN));
  g_assert_false (kiosk_printer_status_is_ready (status));
}

/* The print command fails without a known reason: the job is aborted, the
 * error carries the printer's message, one job only. */
static void
test_aborted (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskPrintJob) job = NULL;
  g_autoptr (GError) error = NULL;

  if (g_test_failed () || f->sim == NULL)
    return;
  set_faults (f, "ERROR: print head fault\nEXIT 3\n");
  g_assert_false (print_card (f, &job, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "aborted"));
  g_assert_nonnull (strstr (error->message, "not resubmitted"));
  g_assert_nonnull (job);
  g_assert_cmpint (job->state, ==, KIOSK_PRINT_JOB_STATE_ABORTED);
  g_usleep (300 * 1000);
  g_assert_cmpuint (kiosk_printer_simulator_count_jobs (f->sim), ==, 1);

  /* the device stays usable: the next job (fault cleared) completes */
  set_faults (f, NULL);
  g_clear_pointer (&job, kiosk_print_job_free);
  g_clear_error (&error);
  g_assert_true (print_card (f, &job, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kiosk_printer_simulator_count_jobs (f->sim), ==, 2);
}

/* A job that never ends is canceled at the job timeout, once. */
static void
test_timeout (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskPrintJob) job = NULL;
  g_autoptr (GError) error = NULL;
  gint64 start;

  if (g_test_failed () || f->sim == NULL)
    return;
  set_faults (f, "SLEEP 2\n");
  start = g_get_monotonic_time ();
  g_assert_false (print_card (f, &job, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_assert_nonnull (job);
  g_assert_cmpuint (kiosk_printer_simulator_count_jobs (f->sim), ==, 1);
  g_assert_cmpuint (counter (f->card, KIOSK_DEVICE_COUNTER_TIMEOUTS), ==, 1);
}

static void
cancel_later (gpointer cancellable)
{
  g_cancellable_cancel (cancellable);
}

static gboolean
cancel_cb (gpointer cancellable)
{
  cancel_later (cancellable);
  return G_SOURCE_REMOVE;
}

static void
store_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskCardLayout) layout = kiosk_card_layout_load ("standard", NULL);
  g_autoptr (GBytes) face = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GAsyncResult) busy = NULL;
  g_autoptr (KioskPrintJob) job = NULL;
  g_autoptr (KioskPrintJob) busy_job = NULL;
  g_autoptr (GError) error = NULL;

  if (g_test_failed () || f->sim == NULL)
    return;
  set_faults (f, "SLEEP 2\n");
  face = render_face (layout, 300);
  kiosk_card_printer_print_async (KIOSK_CARD_PRINTER (f->card), "image/png", face, cancellable,
                                  store_result_cb, &result);
  /* one operation in flight: a second print is refused at once */
  kiosk_card_printer_print_async (KIOSK_CARD_PRINTER (f->card), "image/png", face, NULL,
                                  store_result_cb, &busy);
  kiosk_device_wait_result (&busy);
  g_assert_false (
      kiosk_card_printer_print_finish (KIOSK_CARD_PRINTER (f->card), busy, &busy_job, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_BUSY);
  g_assert_null (busy_job);
  g_clear_error (&error);

  g_timeout_add (500, cancel_cb, cancellable);
  kiosk_device_wait_result (&result);
  g_assert_false (
      kiosk_card_printer_print_finish (KIOSK_CARD_PRINTER (f->card), result, &job, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_nonnull (job); /* the job that was canceled */
  g_assert_cmpint (job->id, >, 0);
  g_assert_cmpuint (kiosk_printer_simulator_count_jobs (f->sim), ==, 1);
}

/* ---- the printer goes away ------------------------------------------------------ */

static void
test_offline (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskPrinterStatus) status = NULL;
  g_autoptr (KioskPrintJob) job = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDevice) nowhere = NULL;

  if (g_test_failed () || f->sim == NULL)
    return;
  kiosk_printer_simulator_stop (f->sim);

  status = query (f->card);
  g_assert_true (kiosk_printer_status_has (status, KIOSK_PRINTER_OFFLINE));
  g_assert_false (kiosk_printer_status_is_ready (status));
  g_assert_false (kiosk_device_is_connected (f->card));
  /* not connected any more: refused before any attempt */
  g_assert_false (print_card (f, &job, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED);
  g_assert_null (job);
  g_clear_error (&error);

  /* a printer that is not there does not open */
  nowhere = new_device ("card_printer", "ipp://localhost:9/ipp/print",
                        "card_printer_connect_timeout_ms=500\n", &error);
  g_assert_no_error (error);
  g_assert_false (kiosk_device_open_sync (nowhere, NULL, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED);
}

/* ---- configuration and the manager --------------------------------------------- */

static void
expect_config_error (const char *name, const char *extra, const char *key)
{
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *text = g_strdup_printf ("[devices]\n%s_driver=ipp\n%s", name, extra);
  g_autoptr (KioskDeviceConfig) config = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDevice) device = NULL;

  g_assert_true (g_key_file_load_from_data (keyfile, text, -1, G_KEY_FILE_NONE, NULL));
  config = kiosk_device_config_new (keyfile, "devices", name);
  device = g_str_equal (name, "card_printer")
               ? kiosk_ipp_card_printer_new_from_config (config, &error)
               : kiosk_ipp_receipt_printer_new_from_config (config, &error);
  g_assert_null (device);
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, key));
}

static void
test_config_errors (void)
{
  expect_config_error ("card_printer", "", "card_printer_uri");
  expect_config_error ("card_printer", "card_printer_uri=ftp://host/x\n", "card_printer_uri");
  expect_config_error ("card_printer", "card_printer_uri=not a uri\n", "card_printer_uri");
  expect_config_error ("card_printer", "card_printer_uri=cups:\n", "card_printer_uri");
  expect_config_error ("card_printer", "card_printer_uri=ipp://h/p\ncard_printer_dpi=abc\n",
                       "card_printer_dpi");
  expect_config_error ("card_printer", "card_printer_uri=ipp://h/p\ncard_printer_poll_ms=0\n",
                       "card_printer_poll_ms");
  expect_config_error ("receipt_printer",
                       "receipt_printer_uri=ipp://h/p\nreceipt_printer_paper_mm=70\n",
                       "receipt_printer_paper_mm");
}

static void
open_all_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Configuration only: <name>_simulator=true starts ippeveprinter for each
 * printer, the manager owns the daemons and stops them at shutdown. */
static void
test_manager (void)
{
  const char *text = "[devices]\n"
                     "card_printer_driver=ipp\ncard_printer_simulator=true\n"
                     "receipt_printer_driver=ipp\nreceipt_printer_simulator=true\n"
                     "receipt_printer_paper_mm=58\n";
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autoptr (KioskDeviceManager) manager = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPrintJob) job = NULL;
  g_autoptr (GBytes) face = NULL;
  g_autoptr (KioskCardLayout) layout = kiosk_card_layout_load ("temporary", NULL);
  g_autofree char *control = NULL;
  g_autofree char *uri = NULL;
  KioskDevice *card, *receipt;
  KioskDeviceConfig *config;

  if (!have_programs ())
    {
      g_test_skip ("ippeveprinter or dbus-daemon not installed");
      return;
    }
  kiosk_ipp_card_printer_register_driver ();
  kiosk_ipp_receipt_printer_register_driver ();
  g_assert_true (g_key_file_load_from_data (keyfile, text, -1, G_KEY_FILE_NONE, NULL));
  manager = kiosk_device_manager_new (keyfile, "devices", &error);
  g_assert_no_error (error);
  kiosk_device_manager_open_all_async (manager, NULL, open_all_cb, &result);
  kiosk_device_wait_result (&result);
  g_assert_true (kiosk_device_manager_open_all_finish (manager, result, &error));
  g_assert_no_error (error);

  card = kiosk_device_manager_get_device_by_kind (manager, KIOSK_DEVICE_KIND_CARD_PRINTER);
  receipt = kiosk_device_manager_get_device_by_kind (manager, KIOSK_DEVICE_KIND_RECEIPT_PRINTER);
  g_assert_true (KIOSK_IS_IPP_CARD_PRINTER (card));
  g_assert_true (KIOSK_IS_IPP_RECEIPT_PRINTER (receipt));
  g_assert_true (kiosk_device_get_simulated (card));
  g_assert_cmpuint (kiosk_receipt_printer_get_paper_mm (KIOSK_RECEIPT_PRINTER (receipt)), ==, 58);

  /* a temporary card through the manager's simulator */
  {
    g_autoptr (GBytes) photo = test_photo_png ();
    KioskCardFaceData data;

    test_face_data (&data, photo, KIOSK_PHOTO_FORMAT_PNG);
    data.temporary = TRUE;
    g_date_set_dmy (&data.valid_until, 14, G_DATE_NOVEMBER, 2024);
    face = kiosk_card_face_render_png (layout, &data, 300, KIOSK_CARD_FACE_PRINT, &error);
    g_assert_no_error (error);
  }
  g_assert_true (kiosk_printer_print_sync (KIOSK_PRINTER (card), "image/png", face, "card-face",
                                           NULL, &job, &error));
  g_assert_no_error (error);

  /* faults through the control path the simulator published */
  config = kiosk_device_manager_get_config (manager, "card_printer");
  control = kiosk_device_config_get_string (config, "sim_control", NULL);
  g_assert_nonnull (control);
  g_assert_true (
      kiosk_printer_simulator_write_control (control, "STATE: +media-jam\nEXIT 1\n", &error));
  g_clear_pointer (&job, kiosk_print_job_free);
  g_assert_false (kiosk_printer_print_sync (KIOSK_PRINTER (card), "image/png", face, "card-face",
                                            NULL, &job, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED);
  g_assert_cmpint (job->state, ==, KIOSK_PRINT_JOB_STATE_ABORTED);

  uri = kiosk_device_config_get_string (config, "uri", NULL);
  kiosk_device_manager_shutdown (manager);
  g_clear_object (&manager);
  /* the daemons are gone with the manager */
  {
    g_autoptr (KioskDevice) after
        = new_device ("card_printer", uri, "card_printer_connect_timeout_ms=300\n", NULL);
    g_autoptr (GError) gone = NULL;

    g_assert_false (kiosk_device_open_sync (after, NULL, &gone));
    g_assert_error (gone, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED);
  }
}

/* cairo 1.16 leaks its font subsets when it embeds a CJK font in a PDF (see
 * test-receipt-pdf.c); this program prints a PDF receipt. Our rendering
 * code is leak-checked without suppressions in test-card-face and
 * test-receipt. */
const char *__lsan_default_suppressions (void);

const char *
__lsan_default_suppressions (void)
{
  return "leak:libcairo.so.2\n";
}

int
main (int argc, char **argv)
{
  int rc;

  kiosk_test_init (&argc, &argv);

#define ADD(path, func, extra)                                                                     \
  g_test_add (path, Fixture, extra, fixture_set_up, func, fixture_tear_down)
  ADD ("/printers/card/job-completes", test_card_job, NULL);
  ADD ("/printers/receipt/jobs-complete", test_receipt_jobs, "receipt_printer_paper_mm=58\n");
  ADD ("/printers/status/ok", test_status_ok, NULL);
  ADD ("/printers/refused-format", test_refused_format, NULL);
  ADD ("/printers/fault/media-empty", test_media_empty, NULL);
  ADD ("/printers/fault/media-jam", test_media_jam, NULL);
  ADD ("/printers/fault/ribbon", test_ribbon, NULL);
  ADD ("/printers/fault/cover-open", test_cover_open, NULL);
  ADD ("/printers/fault/aborted", test_aborted, NULL);
  ADD ("/printers/fault/timeout", test_timeout, "card_printer_job_timeout_s=1\n");
  ADD ("/printers/cancel-and-busy", test_cancel, NULL);
  ADD ("/printers/offline", test_offline, NULL);
#undef ADD
  g_test_add_func ("/printers/config-errors", test_config_errors);
  g_test_add_func ("/printers/manager", test_manager);
  rc = kiosk_test_run ();
  test_release_font_caches ();
  return rc;
}
