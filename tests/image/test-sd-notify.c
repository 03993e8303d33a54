/* test-sd-notify.c — the sd_notify protocol against a real datagram socket */
#define G_LOG_DOMAIN "test-sd-notify"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "kiosk-sd-notify.h"
#include "kiosk-test.h"

typedef struct
{
  int fd;
  char *name; /* what NOTIFY_SOCKET is set to */
} Listener;

/* A bound SOCK_DGRAM socket, a path in the test directory or an abstract name. */
static Listener *
listener_new (gboolean abstract)
{
  Listener *l = g_new0 (Listener, 1);
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  socklen_t len;
  int r;

  l->fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (l->fd, >=, 0);
  if (abstract)
    {
      l->name = g_strdup_printf ("@kiosk-test-notify-%d", (int) getpid ());
      memcpy (addr.sun_path + 1, l->name + 1, strlen (l->name) - 1);
      len = (socklen_t) (offsetof (struct sockaddr_un, sun_path) + strlen (l->name));
    }
  else
    {
      l->name = g_build_filename (g_get_user_runtime_dir (), "notify.sock", NULL);
      g_unlink (l->name);
      g_assert_cmpuint (strlen (l->name), <, sizeof addr.sun_path);
      strcpy (addr.sun_path, l->name);
      len = (socklen_t) sizeof addr;
    }
  r = bind (l->fd, (struct sockaddr *) &addr, len);
  g_assert_cmpint (r, ==, 0);
  g_setenv ("NOTIFY_SOCKET", l->name, TRUE);
  return l;
}

static void
listener_free (Listener *l)
{
  close (l->fd);
  if (l->name[0] == '/')
    g_unlink (l->name);
  g_free (l->name);
  g_free (l);
  g_unsetenv ("NOTIFY_SOCKET");
}

/* The next datagram, or NULL after `timeout_ms`. */
static char *
listener_recv (Listener *l, int timeout_ms)
{
  char buf[4096];
  ssize_t n;
  struct timeval tv = { .tv_sec = timeout_ms / 1000, .tv_usec = (timeout_ms % 1000) * 1000 };

  setsockopt (l->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  n = recv (l->fd, buf, sizeof buf - 1, 0);
  if (n < 0)
    return NULL;
  buf[n] = '\0';
  return g_strdup (buf);
}

static void
test_no_socket (void)
{
  g_autoptr (GError) error = NULL;

  g_unsetenv ("NOTIFY_SOCKET");
  g_assert_false (kiosk_sd_notify_available ());
  g_assert_true (kiosk_sd_notify ("READY=1", &error));
  g_assert_no_error (error);
  g_setenv ("WATCHDOG_USEC", "1000000", TRUE);
  g_assert_cmpuint (kiosk_sd_notify_watchdog_start (), ==, 0);
  g_unsetenv ("WATCHDOG_USEC");
}

static void
check_ready (gboolean abstract)
{
  Listener *l = listener_new (abstract);
  g_autoptr (GError) error = NULL;
  g_autofree char *got = NULL;
  g_autofree char *got2 = NULL;

  g_assert_true (kiosk_sd_notify_available ());
  g_assert_true (kiosk_sd_notify_ready (NULL, &error));
  g_assert_no_error (error);
  got = listener_recv (l, 2000);
  g_assert_cmpstr (got, ==, "READY=1");

  /* A status with a newline stays one assignment. */
  g_assert_true (kiosk_sd_notify_ready ("out of service:\njournal unreadable", &error));
  g_assert_no_error (error);
  got2 = listener_recv (l, 2000);
  g_assert_cmpstr (got2, ==, "READY=1\nSTATUS=out of service: journal unreadable");
  listener_free (l);
}

static void
test_ready_path (void)
{
  check_ready (FALSE);
}

static void
test_ready_abstract (void)
{
  check_ready (TRUE);
}

static void
test_garbage_socket (void)
{
  const char *bad[] = { "relative/notify.sock", "@", "/", "x", NULL };
  g_autofree char *long_name = g_strnfill (200, 'a');
  g_autofree char *too_long = g_strconcat ("/", long_name, NULL);

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_setenv ("NOTIFY_SOCKET", bad[i], TRUE);
      g_assert_false (kiosk_sd_notify ("READY=1", &error));
      g_assert_error (error, KIOSK_SD_NOTIFY_ERROR, KIOSK_SD_NOTIFY_ERROR_INVALID_SOCKET);
    }
  {
    g_autoptr (GError) error = NULL;
    g_setenv ("NOTIFY_SOCKET", too_long, TRUE);
    g_assert_false (kiosk_sd_notify ("READY=1", &error));
    g_assert_error (error, KIOSK_SD_NOTIFY_ERROR, KIOSK_SD_NOTIFY_ERROR_INVALID_SOCKET);
  }
  {
    /* A socket that is not there: a clear error, no crash. */
    g_autoptr (GError) error = NULL;
    g_autofree char *gone = g_build_filename (g_get_user_runtime_dir (), "gone.sock", NULL);
    g_setenv ("NOTIFY_SOCKET", gone, TRUE);
    g_assert_false (kiosk_sd_notify ("READY=1", &error));
    g_assert_error (error, KIOSK_SD_NOTIFY_ERROR, KIOSK_SD_NOTIFY_ERROR_SEND);
    g_assert_nonnull (strstr (error->message, "gone.sock"));
  }
  g_unsetenv ("NOTIFY_SOCKET");
}

static void
test_watchdog_usec (void)
{
  const char *garbage[]
      = { "", "0", "-5", "12abc", "1e6", " 100", "99999999999999999999999", NULL };

  g_unsetenv ("WATCHDOG_USEC");
  g_assert_cmpuint (kiosk_sd_notify_watchdog_usec (), ==, 0);
  for (guint i = 0; garbage[i] != NULL; i++)
    {
      g_setenv ("WATCHDOG_USEC", garbage[i], TRUE);
      g_assert_cmpuint (kiosk_sd_notify_watchdog_usec (), ==, 0);
    }
  g_setenv ("WATCHDOG_USEC", "60000000", TRUE);
  g_assert_cmpuint (kiosk_sd_notify_watchdog_usec (), ==, 60000000);

  /* $WATCHDOG_PID: only that process pings; garbage means not us. */
  {
    g_autofree char *self = g_strdup_printf ("%d", (int) getpid ());
    g_autofree char *other = g_strdup_printf ("%d", (int) getpid () + 1);
    const char *bad_pids[] = { "", "0", "-1", "abc", "12 ", NULL };

    g_setenv ("WATCHDOG_PID", self, TRUE);
    g_assert_cmpuint (kiosk_sd_notify_watchdog_usec (), ==, 60000000);
    g_setenv ("WATCHDOG_PID", other, TRUE);
    g_assert_cmpuint (kiosk_sd_notify_watchdog_usec (), ==, 0);
    for (guint i = 0; bad_pids[i] != NULL; i++)
      {
        g_setenv ("WATCHDOG_PID", bad_pids[i], TRUE);
        g_assert_cmpuint (kiosk_sd_notify_watchdog_usec (), ==, 0);
      }
    g_setenv ("NOTIFY_SOCKET", "@kiosk-test-no-such-socket", TRUE);
    g_setenv ("WATCHDOG_PID", other, TRUE);
    g_assert_cmpuint (kiosk_sd_notify_watchdog_start (), ==, 0);
    g_unsetenv ("NOTIFY_SOCKET");
    g_unsetenv ("WATCHDOG_PID");
  }
  g_unsetenv ("WATCHDOG_USEC");
}

static gboolean
quit_loop (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_watchdog_pings (void)
{
  Listener *l = listener_new (FALSE);
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *after = NULL;
  guint id;

  /* 100 ms: a ping every 50 ms while the main loop runs. */
  g_setenv ("WATCHDOG_USEC", "100000", TRUE);
  id = kiosk_sd_notify_watchdog_start ();
  g_assert_cmpuint (id, !=, 0);

  /* The main loop does not run: no ping. */
  after = listener_recv (l, 150);
  g_assert_null (after);

  g_timeout_add (180, quit_loop, loop);
  g_main_loop_run (loop);
  first = listener_recv (l, 500);
  second = listener_recv (l, 500);
  g_assert_cmpstr (first, ==, "WATCHDOG=1");
  g_assert_cmpstr (second, ==, "WATCHDOG=1");

  g_source_remove (id);
  g_unsetenv ("WATCHDOG_USEC");
  listener_free (l);
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);
  g_test_add_func ("/sd-notify/no-socket", test_no_socket);
  g_test_add_func ("/sd-notify/ready-path", test_ready_path);
  g_test_add_func ("/sd-notify/ready-abstract", test_ready_abstract);
  g_test_add_func ("/sd-notify/garbage-socket", test_garbage_socket);
  g_test_add_func ("/sd-notify/watchdog-usec", test_watchdog_usec);
  g_test_add_func ("/sd-notify/watchdog-pings", test_watchdog_pings);
  return kiosk_test_run ();
}
