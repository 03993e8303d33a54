/* kiosk-chip-simulator.c — starts pcscd + vpcd + kiosk-vcard for the real driver */
#define G_LOG_DOMAIN "kiosk-chip"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <sys/prctl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "kiosk-chip-simulator.h"
#include "kiosk-device-error.h"

#define SYSTEM_VPCD_PORT 0x8C7B

static gboolean
port_free (guint port)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons ((guint16) port) };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  /* vpcd binds INADDR_ANY */
  addr.sin_addr.s_addr = htonl (INADDR_ANY);
  ok = bind (fd, (struct sockaddr *) &addr, sizeof addr) == 0;
  close (fd);
  return ok;
}

gboolean
kiosk_chip_simulator_find_ports (guint *port, GError **error)
{
  g_return_val_if_fail (port != NULL, FALSE);

  /* First a pair derived from the process ID: tests run side by side, and
   * a port the kernel handed out (bind to 0, then closed) can be handed to
   * the next process before this one's pcscd binds it — then two rigs share
   * one vpcd and read each other's cards (seen once in CI). Processes alive
   * together have different IDs, so they start from different pairs. */
  for (guint attempt = 0; attempt < 32; attempt++)
    {
      guint candidate = 20000 + (((guint) getpid () * 14 + attempt * 2) % 20000);

      if (port_free (candidate) && port_free (candidate + 1))
        {
          *port = candidate;
          return TRUE;
        }
    }
  for (guint attempt = 0; attempt < 64; attempt++)
    {
      struct sockaddr_in addr = { .sin_family = AF_INET };
      socklen_t len = sizeof addr;
      int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      guint candidate = 0;

      if (fd < 0)
        break;
      addr.sin_addr.s_addr = htonl (INADDR_ANY);
      if (bind (fd, (struct sockaddr *) &addr, sizeof addr) == 0
          && getsockname (fd, (struct sockaddr *) &addr, &len) == 0)
        candidate = ntohs (addr.sin_port);
      close (fd);
      if (candidate > 0 && candidate < 65535 && port_free (candidate) && port_free (candidate + 1))
        {
          *port = candidate;
          return TRUE;
        }
    }
  g_set_error_literal (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_IO,
                       "No free pair of TCP ports for vpcd");
  return FALSE;
}

gboolean
kiosk_chip_simulator_write_config (const char *dir, guint port, GError **error)
{
  g_autofree char *conf_dir = g_build_filename (dir, "conf", NULL);
  g_autofree char *run_dir = g_build_filename (dir, "run", NULL);
  g_autofree char *path = g_build_filename (conf_dir, "vpcd", NULL);
  g_autofree char *text = NULL;

  if (g_mkdir_with_parents (conf_dir, 0700) != 0 || g_mkdir_with_parents (run_dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_IO, "Cannot create %s: %s", dir,
                   g_strerror (saved));
      return FALSE;
    }
  text = g_strdup_printf ("# written by the kiosk for its virtual chip reader\n"
                          "FRIENDLYNAME \"Virtual PCD\"\n"
                          "DEVICENAME   /dev/null:0x%04X\n"
                          "LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so\n"
                          "CHANNELID    0x%04X\n",
                          port, port);
  if (!g_file_set_contents (path, text, -1, error))
    return FALSE;
  return TRUE;
}

char *
kiosk_chip_simulator_socket_path (const char *dir)
{
  return g_build_filename (dir, "run", "pcscd.comm", NULL);
}

static gboolean
socket_answers (const char *path)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int fd;
  gboolean ok;

  if (strlen (path) >= sizeof addr.sun_path)
    return FALSE;
  strcpy (addr.sun_path, path);
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  ok = connect (fd, (struct sockaddr *) &addr, sizeof addr) == 0;
  close (fd);
  return ok;
}

static char *
find_pcscd (void)
{
  char *path = g_find_program_in_path ("pcscd");

  if (path == NULL && g_file_test ("/usr/sbin/pcscd", G_FILE_TEST_IS_EXECUTABLE))
    path = g_strdup ("/usr/sbin/pcscd");
  return path;
}

/* The private pcscd must not outlive the process that started it (PID 1 may
 * not reap, and a forgotten daemon keeps its port). */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

GSubprocess *
kiosk_chip_simulator_spawn_pcscd (const char *dir, guint timeout_ms, GError **error)
{
  g_autofree char *pcscd = find_pcscd ();
  g_autofree char *unshare = g_find_program_in_path ("unshare");
  g_autofree char *run_dir = g_build_filename (dir, "run", NULL);
  g_autofree char *conf_dir = g_build_filename (dir, "conf", NULL);
  g_autofree char *log = g_build_filename (dir, "pcscd.log", NULL);
  g_autofree char *sock = kiosk_chip_simulator_socket_path (dir);
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) process = NULL;
  gint64 deadline;
  const char *debug = g_getenv ("KIOSK_PCSCD_DEBUG") ? "-d" : "-f";
  /* $1 run dir, $2 conf dir, $3 pcscd, $4 -d or -f */
  const char *script = "mkdir -p /run/pcscd && mount --bind \"$1\" /run/pcscd "
                       "&& exec \"$3\" -f $4 -c \"$2\"";

  if (pcscd == NULL || unshare == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "pcscd or unshare is not installed (packages pcscd, util-linux)");
      return NULL;
    }
  if (!g_file_test ("/usr/lib/pcsc/drivers/serial/libifdvpcd.so", G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "vpcd is not installed (package vsmartcard-vpcd)");
      return NULL;
    }
  if (geteuid () != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "A private pcscd needs root (unshare -m)");
      return NULL;
    }

  g_unlink (sock);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawn (launcher, error, unshare, "-m", "--propagation", "private",
                                         "sh", "-c", script, "sh", run_dir, conf_dir, pcscd, debug,
                                         NULL);
  if (process == NULL)
    return NULL;

  deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  while (!socket_answers (sock))
    {
      if (g_subprocess_get_identifier (process) == NULL || g_get_monotonic_time () > deadline)
        {
          g_autofree char *text = NULL;

          g_file_get_contents (log, &text, NULL, NULL);
          g_subprocess_force_exit (process);
          g_subprocess_wait (process, NULL, NULL);
          g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_IO,
                       "pcscd did not start (see %s): %s", log, text ? g_strstrip (text) : "");
          return NULL;
        }
      g_usleep (20 * 1000);
    }
  return g_steal_pointer (&process);
}

gboolean
kiosk_chip_simulator_start (KioskDeviceConfig *config, GError **error)
{
  const char *dir = kiosk_device_config_get_runtime_dir (config, error);
  g_autofree char *card = kiosk_device_config_get_string (config, "sim_card", "demo");
  g_autofree char *state = kiosk_device_config_get_string (config, "sim_state", NULL);
  g_autofree char *program = kiosk_device_config_find_program (config, "kiosk-vcard");
  g_autofree char *control = NULL;
  g_autofree char *port_text = NULL;
  g_autofree char *sock = NULL;
  g_autofree char *previous = NULL;
  g_autoptr (GSubprocess) pcscd = NULL;
  g_autoptr (GError) local = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  guint port = 0;

  if (dir == NULL)
    return FALSE;
  control = g_build_filename (dir, "vcard.sock", NULL);
  if (state == NULL)
    state = g_build_filename (dir, "card.ini", NULL);

  if (!kiosk_chip_simulator_find_ports (&port, error)
      || !kiosk_chip_simulator_write_config (dir, port, error))
    return FALSE;
  /* Before this process's first PC/SC call (the driver is created next), and
   * before spawning starts GLib's worker thread. */
  previous = g_strdup (g_getenv ("PCSCLITE_CSOCK_NAME"));
  sock = kiosk_chip_simulator_socket_path (dir);
  g_setenv ("PCSCLITE_CSOCK_NAME", sock, TRUE);
  pcscd = kiosk_chip_simulator_spawn_pcscd (dir, 5000, &local);
  if (pcscd != NULL)
    kiosk_device_config_take_process (config, g_steal_pointer (&pcscd));
  else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    {
      /* Not root: the system's pcscd and its vpcd reader. */
      if (previous != NULL)
        g_setenv ("PCSCLITE_CSOCK_NAME", previous, TRUE);
      else
        g_unsetenv ("PCSCLITE_CSOCK_NAME");
      if (!kiosk_device_config_get_uint (config, "sim_port", SYSTEM_VPCD_PORT, 1, 65534, &port,
                                         error))
        return FALSE;
      g_debug ("chip simulator: %s; using the system pcscd's vpcd on port %u", local->message,
               port);
    }
  else
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  port_text = g_strdup_printf ("%u", port);
  g_ptr_array_add (argv, program);
  g_ptr_array_add (argv, (gpointer) "--port");
  g_ptr_array_add (argv, port_text);
  g_ptr_array_add (argv, (gpointer) "--control");
  g_ptr_array_add (argv, control);
  g_ptr_array_add (argv, (gpointer) "--card");
  g_ptr_array_add (argv, card);
  g_ptr_array_add (argv, (gpointer) "--state");
  g_ptr_array_add (argv, state);
  g_ptr_array_add (argv, NULL);
  if (!kiosk_device_config_spawn_simulator (config, (const char *const *) argv->pdata, 3000, error))
    return FALSE;

  kiosk_device_config_set_override (config, "reader", KIOSK_CHIP_SIMULATOR_READER);
  kiosk_device_config_set_override (config, "sim_control", control);
  kiosk_device_config_set_override (config, "sim_port", port_text);
  return TRUE;
}
