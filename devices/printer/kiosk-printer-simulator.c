/* kiosk-printer-simulator.c — ippeveprinter (+ a private dbus-daemon) with fault injection */
#define G_LOG_DOMAIN "kiosk-printer-sim"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "kiosk-device-error.h"
#include "kiosk-printer-simulator.h"

#define START_TIMEOUT_MS 5000
#define START_ATTEMPTS   3
#define FORMATS          "application/pdf,image/pwg-raster,image/png,image/jpeg"

struct _KioskPrinterSimulator
{
  char *dir;
  char *uri;
  char *spool_dir;
  char *control_path;
  char *jobs_log;
  guint16 port;
  GSubprocess *dbus;
  GSubprocess *printer;
};

/* One run per job: logs the job, then obeys the control file. It marks
 * itself running, and a SLEEP ends early once the simulator is stopping, so
 * ippeveprinter reaps it before it goes (an orphan would be a zombie under a
 * PID 1 that does not reap). */
static const char script_template[]
    = "#!/bin/sh\n"
      "# Written by the kiosk printer simulator; run by ippeveprinter for every job.\n"
      "ctl=%s\n"
      "log=%s\n"
      "stop=%s\n"
      "run=%s.$$\n"
      ": > \"$run\"\n"
      "trap 'rm -f \"$run\"' EXIT\n"
      "printf '%%s %%s %%s\\n' \"${IPP_JOB_ID:-?}\" \"${CONTENT_TYPE:-?}\" \"$1\" >> \"$log\"\n"
      "code=0\n"
      "if [ -f \"$ctl\" ]; then\n"
      "  while IFS= read -r line || [ -n \"$line\" ]; do\n"
      "    case \"$line\" in\n"
      "      'SLEEP '*)\n"
      "        n=$(( ${line#SLEEP } * 10 ))\n"
      "        while [ \"$n\" -gt 0 ] && [ ! -e \"$stop\" ]; do sleep 0.1; n=$((n - 1)); done ;;\n"
      "      'EXIT '*) code=\"${line#EXIT }\" ;;\n"
      "      STATE:*|ATTR:*|ERROR:*|INFO:*|DEBUG:*) printf '%%s\\n' \"$line\" >&2 ;;\n"
      "    esac\n"
      "  done < \"$ctl\"\n"
      "fi\n"
      "exit \"$code\"\n";

static void
stop_process (GSubprocess *process)
{
  gint64 deadline;

  if (process == NULL || g_subprocess_get_identifier (process) == NULL)
    return;
  g_subprocess_send_signal (process, SIGTERM);
  deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  /* GLib's worker thread reaps the child; the identifier goes NULL then. */
  while (g_subprocess_get_identifier (process) != NULL && g_get_monotonic_time () < deadline)
    g_usleep (5000);
  if (g_subprocess_get_identifier (process) != NULL)
    g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
}

/* In the child: die with the parent, so a crashed test or kiosk never
 * leaves a printer daemon behind. */
static void
child_setup (gpointer data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGKILL);
#endif
}

static GSubprocessLauncher *
new_launcher (const char *log)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_INHERIT);

  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  return launcher;
}

static char *
find_program (const char *name, GError **error)
{
  char *path = g_find_program_in_path (name);
  static const char *const dirs[] = { "/usr/sbin", "/usr/bin", "/sbin", "/bin" };

  for (guint i = 0; path == NULL && i < G_N_ELEMENTS (dirs); i++)
    {
      char *candidate = g_build_filename (dirs[i], name, NULL);

      if (g_file_test (candidate, G_FILE_TEST_IS_EXECUTABLE))
        path = candidate;
      else
        g_free (candidate);
    }
  if (path == NULL)
    g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_IO,
                 "Printer simulator: %s not found (install %s)", name,
                 g_str_equal (name, "ippeveprinter") ? "cups-ipp-utils" : "dbus");
  return path;
}

static guint16
free_port (GError **error)
{
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL || !g_socket_bind (socket, any, FALSE, error))
    return 0;
  bound = g_socket_get_local_address (socket, error);
  if (bound == NULL)
    return 0;
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static gboolean
wait_for_path (GSubprocess *process, const char *path, gint64 deadline)
{
  while (g_get_monotonic_time () < deadline)
    {
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return TRUE;
      if (g_subprocess_get_identifier (process) == NULL)
        return FALSE;
      g_usleep (10000);
    }
  return FALSE;
}

static gboolean
port_answers (guint16 port)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) connection = NULL;

  g_socket_client_set_timeout (client, 1);
  connection = g_socket_client_connect_to_host (client, "localhost", port, NULL, NULL);
  return connection != NULL;
}

static gboolean
start_dbus (KioskPrinterSimulator *self, GError **error)
{
  g_autofree char *program = find_program ("dbus-daemon", error);
  g_autofree char *socket_path = g_build_filename (self->dir, "sysbus", NULL);
  g_autofree char *address = g_strdup_printf ("--address=unix:path=%s", socket_path);
  g_autofree char *log = g_build_filename (self->dir, "dbus-daemon.log", NULL);
  g_autoptr (GSubprocessLauncher) launcher = NULL;

  if (program == NULL)
    return FALSE;
  launcher = new_launcher (log);
  self->dbus = g_subprocess_launcher_spawn (launcher, error, program, "--session", address,
                                            "--nofork", "--nopidfile", NULL);
  if (self->dbus == NULL)
    return FALSE;
  if (!wait_for_path (self->dbus, socket_path,
                      g_get_monotonic_time () + START_TIMEOUT_MS * (gint64) 1000))
    {
      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_IO,
                   "Printer simulator: dbus-daemon did not start (see %s)", log);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_script (KioskPrinterSimulator *self, const char *script_path, GError **error)
{
  g_autofree char *ctl = g_shell_quote (self->control_path);
  g_autofree char *log = g_shell_quote (self->jobs_log);
  g_autofree char *stop_path = g_build_filename (self->dir, "stopping", NULL);
  g_autofree char *run_path = g_build_filename (self->dir, "running", NULL);
  g_autofree char *stop = g_shell_quote (stop_path);
  g_autofree char *run = g_shell_quote (run_path);
  g_autofree char *text = g_strdup_printf (script_template, ctl, log, stop, run);

  if (!g_file_set_contents (script_path, text, -1, error))
    return FALSE;
  if (g_chmod (script_path, 0755) != 0)
    {
      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_IO,
                   "Printer simulator: chmod %s: %s", script_path, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/* One attempt on a fresh port; FALSE with no error when the port was taken
 * meanwhile (ippeveprinter exits), so the caller tries another. */
static gboolean
start_printer (KioskPrinterSimulator *self,
               const char *program,
               const char *script,
               const char *name,
               GError **error)
{
  g_autofree char *socket_path = g_build_filename (self->dir, "sysbus", NULL);
  g_autofree char *bus = g_strdup_printf ("unix:path=%s", socket_path);
  g_autofree char *log = g_build_filename (self->dir, "ippeveprinter.log", NULL);
  g_autofree char *port_text = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  gint64 deadline;
  guint16 port = free_port (error);

  if (port == 0)
    return FALSE;
  port_text = g_strdup_printf ("%u", port);
  launcher = new_launcher (log);
  g_subprocess_launcher_setenv (launcher, "DBUS_SYSTEM_BUS_ADDRESS", bus, TRUE);
  self->printer
      = g_subprocess_launcher_spawn (launcher, error, program, "-p", port_text, "-n", "localhost",
                                     "-r", "off", "-d", self->spool_dir, "-k", "-c", script, "-f",
                                     FORMATS, "-M", "Kiosk", "-m", "Simulated Printer", name, NULL);
  if (self->printer == NULL)
    return FALSE;

  deadline = g_get_monotonic_time () + START_TIMEOUT_MS * (gint64) 1000;
  while (g_get_monotonic_time () < deadline && g_subprocess_get_identifier (self->printer) != NULL)
    {
      if (port_answers (port))
        {
          self->port = port;
          self->uri = g_strdup_printf ("ipp://localhost:%u/ipp/print", port);
          return TRUE;
        }
      g_usleep (20000);
    }
  stop_process (self->printer);
  g_clear_object (&self->printer);
  if (g_get_monotonic_time () >= deadline)
    g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_IO,
                 "Printer simulator: ippeveprinter did not answer on port %u (see %s)", port, log);
  return FALSE;
}

KioskPrinterSimulator *
kiosk_printer_simulator_start (const char *dir, const char *name, GError **error)
{
  g_autoptr (KioskPrinterSimulator) self = g_new0 (KioskPrinterSimulator, 1);
  g_autofree char *program = NULL;
  g_autofree char *script = NULL;

  g_return_val_if_fail (dir != NULL && name != NULL, NULL);

  program = find_program ("ippeveprinter", error);
  if (program == NULL)
    return NULL;
  self->dir = g_strdup (dir);
  self->spool_dir = g_build_filename (dir, "spool", NULL);
  self->control_path = g_build_filename (dir, "control", NULL);
  self->jobs_log = g_build_filename (dir, "jobs.log", NULL);
  script = g_build_filename (dir, "print-job.sh", NULL);
  if (g_mkdir_with_parents (self->spool_dir, 0700) != 0)
    {
      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_IO,
                   "Printer simulator: cannot create %s: %s", self->spool_dir, g_strerror (errno));
      return NULL;
    }
  if (!g_file_set_contents (self->jobs_log, "", 0, error) || !write_script (self, script, error)
      || !start_dbus (self, error))
    return NULL;

  for (guint attempt = 0; attempt < START_ATTEMPTS; attempt++)
    {
      g_autoptr (GError) local = NULL;

      if (start_printer (self, program, script, name, &local))
        return g_steal_pointer (&self);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
    }
  g_set_error (
      error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_IO,
      "Printer simulator: ippeveprinter exited at start %u times (see %s/ippeveprinter.log)",
      START_ATTEMPTS, dir);
  return NULL;
}

const char *
kiosk_printer_simulator_get_uri (KioskPrinterSimulator *self)
{
  return self->uri;
}

guint16
kiosk_printer_simulator_get_port (KioskPrinterSimulator *self)
{
  return self->port;
}

const char *
kiosk_printer_simulator_get_spool_dir (KioskPrinterSimulator *self)
{
  return self->spool_dir;
}

const char *
kiosk_printer_simulator_get_control_path (KioskPrinterSimulator *self)
{
  return self->control_path;
}

gboolean
kiosk_printer_simulator_write_control (const char *control_path, const char *text, GError **error)
{
  g_return_val_if_fail (control_path != NULL, FALSE);

  if (text == NULL)
    {
      if (g_unlink (control_path) != 0 && errno != ENOENT)
        {
          g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_IO, "unlink %s: %s",
                       control_path, g_strerror (errno));
          return FALSE;
        }
      return TRUE;
    }
  /* g_file_set_contents() renames a temporary file over it: a job never
   * reads half a control file. */
  return g_file_set_contents (control_path, text, -1, error);
}

gboolean
kiosk_printer_simulator_set_faults (KioskPrinterSimulator *self, const char *text, GError **error)
{
  return kiosk_printer_simulator_write_control (self->control_path, text, error);
}

guint
kiosk_printer_simulator_count_jobs (KioskPrinterSimulator *self)
{
  g_autofree char *text = NULL;
  guint count = 0;

  if (!g_file_get_contents (self->jobs_log, &text, NULL, NULL))
    return 0;
  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\n')
      count++;
  return count;
}

char *
kiosk_printer_simulator_get_job_file (KioskPrinterSimulator *self, int job_id)
{
  g_autoptr (GDir) dir = g_dir_open (self->spool_dir, 0, NULL);
  g_autofree char *prefix = g_strdup_printf ("%d-", job_id);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    /* ippeveprinter keeps "<id>-<job-name>.<ext>" and an empty ".prn" for
     * the print command's output. */
    if (g_str_has_prefix (name, prefix) && !g_str_has_suffix (name, ".prn"))
      return g_build_filename (self->spool_dir, name, NULL);
  return NULL;
}

static gboolean
scripts_running (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, "running."))
      return TRUE;
  return FALSE;
}

/* Lets a job's script end (its SLEEP stops at the "stopping" file) so that
 * ippeveprinter reaps it before being stopped itself. */
static void
finish_scripts (KioskPrinterSimulator *self)
{
  g_autofree char *stop_path = g_build_filename (self->dir, "stopping", NULL);
  gint64 deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

  if (!g_file_set_contents (stop_path, "", 0, NULL))
    return;
  while (scripts_running (self->dir) && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  g_usleep (50000); /* the marker goes just before the script exits */
  g_unlink (stop_path);
}

void
kiosk_printer_simulator_stop (KioskPrinterSimulator *self)
{
  g_return_if_fail (self != NULL);

  if (self->printer != NULL && g_subprocess_get_identifier (self->printer) != NULL)
    finish_scripts (self);
  stop_process (self->printer);
  g_clear_object (&self->printer);
  stop_process (self->dbus);
  g_clear_object (&self->dbus);
}

void
kiosk_printer_simulator_hand_over (KioskPrinterSimulator *self, KioskDeviceConfig *config)
{
  g_return_if_fail (self != NULL && config != NULL);

  /* The config stops them last-in first-out: the printer before its bus. */
  if (self->dbus != NULL)
    kiosk_device_config_take_process (config, g_steal_pointer (&self->dbus));
  if (self->printer != NULL)
    kiosk_device_config_take_process (config, g_steal_pointer (&self->printer));
}

void
kiosk_printer_simulator_free (KioskPrinterSimulator *self)
{
  if (self == NULL)
    return;
  kiosk_printer_simulator_stop (self);
  g_free (self->dir);
  g_free (self->uri);
  g_free (self->spool_dir);
  g_free (self->control_path);
  g_free (self->jobs_log);
  g_free (self);
}
