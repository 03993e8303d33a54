/* test-cups-queue.c — the IPP driver through a CUPS queue ("cups:NAME")
 *
 * Per test: ippeveprinter (KioskPrinterSimulator) as the device, a private
 * cupsd listening on a socket in a temporary directory, and a queue made
 * with `lpadmin -m everywhere` that prints to ippeveprinter. The driver
 * finds cupsd through CUPS_SERVER. cupsd is stopped (SIGTERM, wait) at
 * teardown and dies with the test otherwise (PR_SET_PDEATHSIG).
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <glib/gstdio.h>

#include "kiosk-card-face.h"
#include "kiosk-ipp-card-printer.h"
#include "kiosk-printer-simulator.h"
#include "kiosk-test.h"
#include "printer-test-util.h"

typedef struct
{
  char *dir;     /* the simulator's (private to the test) */
  char *cupsdir; /* cupsd's: world-readable, its filters run as lp */
  char *socket;
  KioskPrinterSimulator *sim;
  GSubprocess *cupsd;
  KioskDevice *card;
} Fixture;

static char *
find_sbin (const char *name)
{
  char *path = g_find_program_in_path (name);

  if (path == NULL)
    {
      path = g_build_filename ("/usr/sbin", name, NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        g_clear_pointer (&path, g_free);
    }
  return path;
}

static void
child_setup (gpointer data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGKILL);
#endif
}

static void
write_file (const char *dir, const char *name, const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
}

static void
run_admin (Fixture *f, const char *const *argv)
{
  g_auto (GStrv) env = g_environ_setenv (g_get_environ (), "CUPS_SERVER", f->socket, TRUE);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s%s", argv[0], out, err);
}

static void
start_cupsd (Fixture *f, const char *policy)
{
  g_autofree char *cupsd = find_sbin ("cupsd");
  g_autofree char *lpadmin = find_sbin ("lpadmin");
  g_autofree char *files = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *files_path = NULL;
  g_autofree char *conf_path = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GError) error = NULL;
  const char *subdirs[] = { "state", "cache", "spool", "tmp", "log" };
  g_autofree char *policy_option = g_strdup_printf ("printer-error-policy=%s", policy);
  const char *admin[] = { lpadmin,       "-p",         "card",
                          "-E",          "-v",         kiosk_printer_simulator_get_uri (f->sim),
                          "-m",          "everywhere", "-o",
                          policy_option, NULL };
  gint64 deadline;

  f->cupsdir = g_dir_make_tmp ("kiosk-cupsd-XXXXXX", &error);
  g_assert_no_error (error);
  g_chmod (f->cupsdir, 0755);
  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *sub = g_build_filename (f->cupsdir, subdirs[i], NULL);

      g_assert_cmpint (g_mkdir (sub, 0777), ==, 0);
      g_chmod (sub, 0777); /* past the umask: cupsd's helpers run as lp */
    }
  files = g_strdup_printf ("ServerRoot %1$s\nStateDir %1$s/state\nCacheDir %1$s/cache\n"
                           "RequestRoot %1$s/spool\nTempDir %1$s/tmp\nErrorLog %1$s/log/error_log\n"
                           "AccessLog %1$s/log/access_log\nPageLog %1$s/log/page_log\n",
                           f->cupsdir);
  f->socket = g_build_filename (f->cupsdir, "cups.sock", NULL);
  conf = g_strdup_printf ("Listen %s\nLogLevel debug\n"
                          "<Location />\nOrder allow,deny\nAllow all\n</Location>\n"
                          "<Location /admin>\nOrder allow,deny\nAllow all\n</Location>\n",
                          f->socket);
  write_file (f->cupsdir, "cups-files.conf", files);
  write_file (f->cupsdir, "cupsd.conf", conf);
  files_path = g_build_filename (f->cupsdir, "cups-files.conf", NULL);
  conf_path = g_build_filename (f->cupsdir, "cupsd.conf", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                        | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  f->cupsd = g_subprocess_launcher_spawn (launcher, &error, cupsd, "-f", "-c", conf_path, "-s",
                                          files_path, NULL);
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!g_file_test (f->socket, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
    g_usleep (20000);
  g_assert_true (g_file_test (f->socket, G_FILE_TEST_EXISTS));
  run_admin (f, admin);
  /* the driver's worker threads find cupsd here */
  g_setenv ("CUPS_SERVER", f->socket, TRUE);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *cupsd = find_sbin ("cupsd");
  g_autofree char *lpadmin = find_sbin ("lpadmin");
  g_autofree char *ipp = find_sbin ("ippeveprinter");
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autoptr (KioskDeviceConfig) config = NULL;
  g_autoptr (GError) error = NULL;
  static guint n;
  g_autofree char *name = g_strdup_printf ("queue-%u", ++n);

  if (cupsd == NULL || lpadmin == NULL || ipp == NULL)
    {
      g_test_skip ("cupsd, lpadmin or ippeveprinter not installed (cups, cups-client, "
                   "cups-ipp-utils)");
      return;
    }
  if (geteuid () != 0)
    {
      g_test_skip ("a private cupsd needs root here (its filters run as lp)");
      return;
    }
  f->dir = kiosk_test_make_dir (name);
  f->sim = kiosk_printer_simulator_start (f->dir, "KioskQueueTest", &error);
  g_assert_no_error (error);
  start_cupsd (f, data ? data : "stop-printer");

  g_assert_true (g_key_file_load_from_data (keyfile,
                                            "[devices]\ncard_printer_driver=ipp\n"
                                            "card_printer_uri=cups:card\ncard_printer_poll_ms=50\n"
                                            "card_printer_job_timeout_s=30\n",
                                            -1, G_KEY_FILE_NONE, NULL));
  config = kiosk_device_config_new (keyfile, "devices", "card_printer");
  f->card = kiosk_ipp_card_printer_new_from_config (config, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_device_open_sync (f->card, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->card);
  if (f->cupsd != NULL)
    {
      g_subprocess_send_signal (f->cupsd, SIGTERM);
      g_subprocess_wait (f->cupsd, NULL, NULL);
      g_clear_object (&f->cupsd);
    }
  g_clear_pointer (&f->sim, kiosk_printer_simulator_free);
  g_unsetenv ("CUPS_SERVER");
  if (f->cupsdir != NULL && !g_test_failed ())
    kiosk_test_rm_rf (f->cupsdir);
  g_clear_pointer (&f->cupsdir, g_free);
  g_clear_pointer (&f->socket, g_free);
  g_clear_pointer (&f->dir, g_free);
}

static gboolean
print_card (Fixture *f, KioskPrintJob **job, GError **error)
{
  g_autoptr (KioskCardLayout) layout = kiosk_card_layout_load ("standard", NULL);
  g_autoptr (GBytes) photo = test_photo_png ();
  g_autoptr (GBytes) face = NULL;
  KioskCardFaceData data;

  g_assert_nonnull (layout);
  test_face_data (&data, photo, KIOSK_PHOTO_FORMAT_PNG);
  face = kiosk_card_face_render_png (layout, &data, 300, KIOSK_CARD_FACE_PRINT, NULL);
  g_assert_nonnull (face);
  return kiosk_printer_print_sync (KIOSK_PRINTER (f->card), "image/png", face, "card-face", NULL,
                                   job, error);
}

static void
test_job_completes (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskPrintJob) job = NULL;
  g_autoptr (KioskPrinterStatus) status = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDeviceStatus) record = NULL;

  if (f->sim == NULL)
    return;
  record = kiosk_device_get_status (f->card);
  g_assert_cmpstr (record->identity, ==, "cups:card");
  status = kiosk_printer_query_status_sync (KIOSK_PRINTER (f->card), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_printer_status_is_ready (status));

  g_assert_true (print_card (f, &job, &error));
  g_assert_no_error (error);
  g_assert_cmpint (job->state, ==, KIOSK_PRINT_JOB_STATE_COMPLETED);
  g_assert_cmpint (job->id, >, 0);
  /* the queue passed the card face on to the printer, once */
  g_assert_cmpuint (kiosk_printer_simulator_count_jobs (f->sim), ==, 1);
}

/* The device aborts the job behind the queue: an error with the job's
 * record, and even after the queue is resumed the printer has seen one
 * job — CUPS does not print it again. */
static void
test_device_fault (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskPrintJob) job = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *cupsenable = find_sbin ("cupsenable");

  if (f->sim == NULL)
    return;
  g_assert_true (kiosk_printer_simulator_set_faults (
      f->sim, "STATE: +media-jam\nERROR: card jammed\nEXIT 1\n", &error));
  if (print_card (f, &job, &error))
    {
      /* CUPS's ipp backend reports the job "completed" when the device's
       * job ended before the backend first asked about it (it happens under
       * load): the queue's state then still carries the jam, and the job
       * record has it. */
      g_autofree char *reasons = g_strjoinv (",", job->printer_status->reasons);

      g_test_message ("job %d completed at CUPS; printer status: %s", job->id, reasons);
      g_assert_true (kiosk_printer_status_has (job->printer_status, KIOSK_PRINTER_MEDIA_JAM));
    }
  else
    {
      g_test_message ("%s", error->message);
      g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED);
      g_assert_nonnull (job);
      g_assert_true (kiosk_print_job_state_is_final (job->state));
      g_assert_cmpint (job->state, !=, KIOSK_PRINT_JOB_STATE_COMPLETED);
    }
  g_assert_cmpuint (kiosk_printer_simulator_count_jobs (f->sim), ==, 1);

  if (cupsenable != NULL)
    {
      const char *argv[] = { cupsenable, "card", NULL };

      kiosk_printer_simulator_set_faults (f->sim, NULL, NULL);
      run_admin (f, argv);
    }
  g_usleep (G_USEC_PER_SEC);
  g_assert_cmpuint (kiosk_printer_simulator_count_jobs (f->sim), ==, 1);
}

/* The device is gone: CUPS accepts the job and its backend keeps trying to
 * reach the printer, with nothing typed in printer-state-reasons (only a
 * printer-state-message). The job timeout ends it: the job is canceled,
 * reported with its record, and never reaches a printer. */
static void
test_device_offline (Fixture *f, gconstpointer data)
{
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autoptr (KioskDeviceConfig) config = NULL;
  g_autoptr (KioskPrintJob) job = NULL;
  g_autoptr (GError) error = NULL;
  gint64 start;

  if (f->sim == NULL)
    return;
  g_assert_true (g_key_file_load_from_data (keyfile,
                                            "[devices]\ncard_printer_driver=ipp\n"
                                            "card_printer_uri=cups:card\ncard_printer_poll_ms=50\n"
                                            "card_printer_job_timeout_s=3\n",
                                            -1, G_KEY_FILE_NONE, NULL));
  config = kiosk_device_config_new (keyfile, "devices", "card_printer");
  g_clear_object (&f->card);
  f->card = kiosk_ipp_card_printer_new_from_config (config, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_device_open_sync (f->card, NULL, &error));
  g_assert_no_error (error);

  kiosk_printer_simulator_stop (f->sim);
  start = g_get_monotonic_time ();
  g_assert_false (print_card (f, &job, &error));
  g_test_message ("%s (after %.1f s)", error->message,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_TIMEOUT);
  g_assert_nonnull (job);
  g_assert_cmpint (job->state, ==, KIOSK_PRINT_JOB_STATE_CANCELED);
  g_assert_cmpuint (kiosk_printer_simulator_count_jobs (f->sim), ==, 0);
}

int
main (int argc, char **argv)
{
  int rc;

  kiosk_test_init (&argc, &argv);
  g_test_add ("/cups-queue/job-completes", Fixture, NULL, fixture_set_up, test_job_completes,
              fixture_tear_down);
  g_test_add ("/cups-queue/device-fault", Fixture, NULL, fixture_set_up, test_device_fault,
              fixture_tear_down);
  g_test_add ("/cups-queue/device-fault-abort-policy", Fixture, "abort-job", fixture_set_up,
              test_device_fault, fixture_tear_down);
  g_test_add ("/cups-queue/device-offline", Fixture, NULL, fixture_set_up, test_device_offline,
              fixture_tear_down);
  rc = kiosk_test_run ();
  test_release_font_caches ();
  return rc;
}
