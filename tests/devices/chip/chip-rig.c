/* chip-rig.c — pcscd + vpcd + kiosk-vcard, started and torn down by the tests */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <winscard.h>

#include "chip-rig.h"
#include "kiosk-chip-simulator.h"

#ifndef KIOSK_VCARD_PATH
#error "KIOSK_VCARD_PATH must name the kiosk-vcard program"
#endif

static struct
{
  char *dir;
  char *skip;
  guint port;
  GSubprocess *pcscd;
  GSubprocess *vcard;
  char *control;
  char *state;
  guint vcard_runs;
} rig;

/* For the abort handler: plain pids, killed with async-signal-safe calls. */
static volatile pid_t pcscd_pid = -1;
static volatile pid_t vcard_pid = -1;

static void
kill_children (void)
{
  if (vcard_pid > 0)
    {
      kill (vcard_pid, SIGKILL);
      waitpid (vcard_pid, NULL, 0);
      vcard_pid = -1;
    }
  if (pcscd_pid > 0)
    {
      kill (pcscd_pid, SIGKILL);
      waitpid (pcscd_pid, NULL, 0);
      pcscd_pid = -1;
    }
}

static void
on_abort (int signo)
{
  kill_children ();
  signal (signo, SIG_DFL);
  raise (signo);
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static pid_t
pid_of (GSubprocess *process)
{
  const char *id = g_subprocess_get_identifier (process);

  return id != NULL ? (pid_t) g_ascii_strtoll (id, NULL, 10) : -1;
}

static void
stop_process (GSubprocess **process, volatile pid_t *pid)
{
  if (*process == NULL)
    return;
  *pid = -1;
  g_subprocess_send_signal (*process, SIGTERM);
  if (!g_subprocess_wait (*process, NULL, NULL))
    g_subprocess_force_exit (*process);
  g_clear_object (process);
}

void
chip_rig_start_pcscd (gboolean with_reader)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *conf = g_build_filename (rig.dir, "conf", "vpcd", NULL);

  g_assert_null (rig.pcscd);
  if (with_reader)
    {
      g_assert_true (kiosk_chip_simulator_write_config (rig.dir, rig.port, &error));
      g_assert_no_error (error);
    }
  else
    g_unlink (conf);
  rig.pcscd = kiosk_chip_simulator_spawn_pcscd (rig.dir, 5000, &error);
  g_assert_no_error (error);
  pcscd_pid = pid_of (rig.pcscd);
}

void
chip_rig_stop_pcscd (void)
{
  stop_process (&rig.pcscd, &pcscd_pid);
}

void
chip_rig_init (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sock = NULL;
  struct sigaction sa = { 0 };

  rig.dir = g_dir_make_tmp ("kiosk-chip-XXXXXX", &error);
  g_assert_no_error (error);

  if (!kiosk_chip_simulator_find_ports (&rig.port, &error)
      || !kiosk_chip_simulator_write_config (rig.dir, rig.port, &error))
    {
      rig.skip = g_strdup (error->message);
      return;
    }
  /* Before the first PC/SC call of this process, and before any thread. */
  sock = kiosk_chip_simulator_socket_path (rig.dir);
  g_setenv ("PCSCLITE_CSOCK_NAME", sock, TRUE);
  rig.control = g_build_filename (rig.dir, "vcard.sock", NULL);

  rig.pcscd = kiosk_chip_simulator_spawn_pcscd (rig.dir, 5000, &error);
  if (rig.pcscd == NULL)
    {
      /* Only a missing package or missing privileges skip; anything else
       * (pcscd crashing) is a failure. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
          && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
        g_error ("pcscd: %s", error->message);
      rig.skip = g_strdup (error->message);
      return;
    }
  pcscd_pid = pid_of (rig.pcscd);

  sa.sa_handler = on_abort;
  sigemptyset (&sa.sa_mask);
  sigaction (SIGABRT, &sa, NULL);
  sigaction (SIGSEGV, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);
}

void
chip_rig_shutdown (void)
{
  chip_rig_stop_vcard ();
  chip_rig_stop_pcscd ();
  if (rig.dir != NULL)
    {
      g_autoptr (GFile) dir = g_file_new_for_path (rig.dir);
      g_autoptr (GFileEnumerator) e = g_file_enumerate_children (
          dir, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
      GFileInfo *info;

      /* Two levels: conf/, run/ and the files. */
      while (e != NULL && (info = g_file_enumerator_next_file (e, NULL, NULL)) != NULL)
        {
          g_autoptr (GFile) child = g_file_get_child (dir, g_file_info_get_name (info));
          g_autoptr (GFileEnumerator) sub
              = g_file_enumerate_children (child, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                           G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
          GFileInfo *subinfo;

          while (sub != NULL && (subinfo = g_file_enumerator_next_file (sub, NULL, NULL)) != NULL)
            {
              g_autoptr (GFile) leaf = g_file_get_child (child, g_file_info_get_name (subinfo));

              g_file_delete (leaf, NULL, NULL);
              g_object_unref (subinfo);
            }
          g_file_delete (child, NULL, NULL);
          g_object_unref (info);
        }
      g_file_delete (dir, NULL, NULL);
    }
  g_clear_pointer (&rig.dir, g_free);
  g_clear_pointer (&rig.skip, g_free);
  g_clear_pointer (&rig.control, g_free);
  g_clear_pointer (&rig.state, g_free);
}

gboolean
chip_rig_skip_if_down (void)
{
  if (rig.skip == NULL)
    return FALSE;
  g_test_skip (rig.skip);
  return TRUE;
}

const char *
chip_rig_state_path (void)
{
  return rig.state;
}

void
chip_rig_start_vcard (const char *card, gboolean keep_state, const char *const *extra)
{
  g_autoptr (GSubprocessLauncher) launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  gboolean removed = FALSE;

  g_assert_null (rig.vcard);
  if (!keep_state || rig.state == NULL)
    {
      g_free (rig.state);
      rig.state = g_strdup_printf ("%s/card-%u.ini", rig.dir, ++rig.vcard_runs);
      g_unlink (rig.state);
    }
  g_ptr_array_add (argv, g_strdup (KIOSK_VCARD_PATH));
  g_ptr_array_add (argv, g_strdup_printf ("--port=%u", rig.port));
  g_ptr_array_add (argv, g_strdup_printf ("--control=%s", rig.control));
  g_ptr_array_add (argv, g_strdup_printf ("--state=%s", rig.state));
  if (card != NULL)
    g_ptr_array_add (argv, g_strdup_printf ("--card=%s", card));
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    {
      removed = removed || g_str_equal (extra[i], "--removed");
      g_ptr_array_add (argv, g_strdup (extra[i]));
    }
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  rig.vcard = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  vcard_pid = pid_of (rig.vcard);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (rig.vcard));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "READY"));
  if (!removed)
    chip_rig_wait_card (TRUE);
}

void
chip_rig_stop_vcard (void)
{
  gboolean was_running = rig.vcard != NULL;

  stop_process (&rig.vcard, &vcard_pid);
  /* vpcd only notices a closed connection at its next poll: wait for it, so
   * that the next card is not mistaken for this one. */
  if (was_running && rig.pcscd != NULL)
    chip_rig_wait_card (FALSE);
}

char *
chip_rig_control (const char *command)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketAddress) address = g_unix_socket_address_new (rig.control);
  g_autoptr (GSocketConnection) connection = NULL;
  g_autoptr (GDataInputStream) in = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = g_strconcat (command, "\n", NULL);
  char *reply;

  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (
      g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), line,
                                 strlen (line), NULL, NULL, &error));
  g_assert_no_error (error);
  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  reply = g_data_input_stream_read_line (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reply);
  if (!g_str_has_prefix (reply, "OK"))
    g_error ("vcard: %s → %s", command, reply);
  return reply;
}

typedef struct
{
  gboolean fired;
} Timeout;

static gboolean
timeout_cb (gpointer data)
{
  ((Timeout *) data)->fired = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
chip_rig_wait (gboolean (*done) (gpointer), gpointer data, guint timeout_ms)
{
  Timeout t = { FALSE };
  guint id = g_timeout_add (timeout_ms, timeout_cb, &t);
  gboolean ok;

  while (!(ok = done (data)) && !t.fired)
    g_main_context_iteration (NULL, TRUE);
  if (!t.fired)
    g_source_remove (id);
  return ok;
}

void
chip_rig_wait_card (gboolean present)
{
  SCARDCONTEXT ctx;
  SCARD_READERSTATE state = { .szReader = CHIP_RIG_READER, .dwCurrentState = SCARD_STATE_UNAWARE };
  gint64 until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  LONG rv = SCardEstablishContext (SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx);

  g_assert_cmphex (rv, ==, SCARD_S_SUCCESS);
  for (;;)
    {
      rv = SCardGetStatusChange (ctx, 200, &state, 1);
      if (rv == SCARD_S_SUCCESS)
        {
          gboolean is_present = (state.dwEventState & SCARD_STATE_PRESENT) != 0;

          if (is_present == present)
            break;
          state.dwCurrentState = state.dwEventState & ~(DWORD) SCARD_STATE_CHANGED;
        }
      else
        g_assert_cmphex (rv, ==, SCARD_E_TIMEOUT);
      if (g_get_monotonic_time () > until)
        g_error ("pcscd did not see the card %s within 5 s", present ? "arrive" : "leave");
    }
  SCardReleaseContext (ctx);
}
