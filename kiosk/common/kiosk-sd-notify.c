/* kiosk-sd-notify.c — the sd_notify protocol without libsystemd */
#define G_LOG_DOMAIN "kiosk-sd-notify"

#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "kiosk-sd-notify.h"

G_DEFINE_QUARK (kiosk - sd - notify - error - quark, kiosk_sd_notify_error)

gboolean
kiosk_sd_notify_available (void)
{
  const char *name = g_getenv ("NOTIFY_SOCKET");

  return name != NULL && *name != '\0';
}

/* Fills `addr` from $NOTIFY_SOCKET; returns the address length or 0. */
static socklen_t
notify_address (const char *name, struct sockaddr_un *addr, GError **error)
{
  size_t len = strlen (name);

  memset (addr, 0, sizeof *addr);
  addr->sun_family = AF_UNIX;
  if ((name[0] != '/' && name[0] != '@') || len < 2 || len >= sizeof addr->sun_path)
    {
      g_set_error (error, KIOSK_SD_NOTIFY_ERROR, KIOSK_SD_NOTIFY_ERROR_INVALID_SOCKET,
                   "NOTIFY_SOCKET: not an absolute path or @abstract name of at most %zu bytes",
                   sizeof addr->sun_path - 1);
      return 0;
    }
  memcpy (addr->sun_path, name, len);
  if (name[0] == '@')
    addr->sun_path[0] = '\0'; /* abstract: no terminating NUL counts */
  return (socklen_t) (offsetof (struct sockaddr_un, sun_path) + len + (name[0] == '@' ? 0 : 1));
}

gboolean
kiosk_sd_notify (const char *state, GError **error)
{
  const char *name = g_getenv ("NOTIFY_SOCKET");
  struct sockaddr_un addr;
  socklen_t addr_len;
  ssize_t sent;
  int saved;
  int fd;

  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (name == NULL || *name == '\0')
    return TRUE;
  addr_len = notify_address (name, &addr, error);
  if (addr_len == 0)
    return FALSE;

  fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, KIOSK_SD_NOTIFY_ERROR, KIOSK_SD_NOTIFY_ERROR_SEND,
                   "NOTIFY_SOCKET: socket(): %s", g_strerror (saved));
      return FALSE;
    }
  do
    sent = sendto (fd, state, strlen (state), MSG_NOSIGNAL, (struct sockaddr *) &addr, addr_len);
  while (sent < 0 && errno == EINTR);
  saved = errno;
  close (fd);
  if (sent < 0 || (size_t) sent != strlen (state))
    {
      g_set_error (error, KIOSK_SD_NOTIFY_ERROR, KIOSK_SD_NOTIFY_ERROR_SEND, "NOTIFY_SOCKET %s: %s",
                   name, sent < 0 ? g_strerror (saved) : "short send");
      return FALSE;
    }
  return TRUE;
}

gboolean
kiosk_sd_notify_ready (const char *status, GError **error)
{
  g_autofree char *message = NULL;

  if (status == NULL)
    return kiosk_sd_notify ("READY=1", error);
  /* One line: a newline would start another assignment. */
  message = g_strdup_printf ("READY=1\nSTATUS=%s", status);
  g_strdelimit (message + strlen ("READY=1\nSTATUS="), "\n\r", ' ');
  return kiosk_sd_notify (message, error);
}

guint64
kiosk_sd_notify_watchdog_usec (void)
{
  const char *value = g_getenv ("WATCHDOG_USEC");
  const char *pid = g_getenv ("WATCHDOG_PID");
  guint64 usec = 0;
  guint64 watched = 0;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT64 / 2, &usec, NULL))
    return 0;
  /* The watchdog is the main process's: a child that inherited the
   * environment (a device simulator, a helper) must not ping for it. */
  if (pid != NULL
      && (!g_ascii_string_to_unsigned (pid, 10, 1, G_MAXINT, &watched, NULL)
          || watched != (guint64) getpid ()))
    return 0;
  return usec;
}

static gboolean
watchdog_ping (gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  if (!kiosk_sd_notify ("WATCHDOG=1", &error))
    g_warning ("watchdog ping: %s", error->message);
  return G_SOURCE_CONTINUE;
}

guint
kiosk_sd_notify_watchdog_start (void)
{
  guint64 usec = kiosk_sd_notify_watchdog_usec ();
  g_autoptr (GSource) source = NULL;
  guint64 interval_ms;

  if (usec == 0 || !kiosk_sd_notify_available ())
    return 0;
  interval_ms = MAX (usec / 2000, 1);
  source = g_timeout_source_new ((guint) MIN (interval_ms, G_MAXUINT));
  g_source_set_name (source, "kiosk-sd-notify watchdog");
  g_source_set_callback (source, watchdog_ping, NULL, NULL);
  return g_source_attach (source, g_main_context_get_thread_default ());
}
