/* kiosk-sd-notify.h — tell systemd how the kiosk is doing (sd_notify)
 *
 * The appliance runs the kiosk as a Type=notify service with WatchdogSec=
 * (image/, docs/image.md): the program says READY=1 once its recovery has run
 * and WATCHDOG=1 while its main loop is alive. This is the sd_notify protocol
 * in plain socket code, without libsystemd: one datagram per message to the
 * AF_UNIX socket named by $NOTIFY_SOCKET (a path, or "@name" for an abstract
 * socket). Without $NOTIFY_SOCKET (not under systemd) every call does nothing.
 *
 * In the appliance the program is the service's main process (kiosk-session
 * starts cage and the session bus, then execs the program), so the unit has
 * NotifyAccess=main: only the program itself can say READY or ping the
 * watchdog (docs/image.md says why not NotifyAccess=all).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KIOSK_SD_NOTIFY_ERROR (kiosk_sd_notify_error_quark ())
GQuark kiosk_sd_notify_error_quark (void);

typedef enum
{
  KIOSK_SD_NOTIFY_ERROR_INVALID_SOCKET, /* $NOTIFY_SOCKET is not an absolute path or @name */
  KIOSK_SD_NOTIFY_ERROR_SEND,           /* the datagram could not be sent */
} KioskSdNotifyError;

/* TRUE when $NOTIFY_SOCKET is set (we run under systemd's supervision). */
gboolean kiosk_sd_notify_available (void);

/* Sends `state` ("READY=1", "WATCHDOG=1", "STATUS=…", several joined by
 * '\n'). TRUE when sent, or when there is no $NOTIFY_SOCKET; FALSE with
 * `error` set when the socket name is garbage or sending failed. */
gboolean kiosk_sd_notify (const char *state, GError **error);

/* READY=1, with STATUS=`status` when not NULL (e.g. "out of service: …"). */
gboolean kiosk_sd_notify_ready (const char *status, GError **error);

/* The watchdog interval from $WATCHDOG_USEC, in microseconds; 0 when unset,
 * zero or garbage, or when $WATCHDOG_PID is set and is not our pid (a child
 * that inherited the environment). */
guint64 kiosk_sd_notify_watchdog_usec (void);

/* When the watchdog is on, adds a timeout to the thread-default main context
 * that sends WATCHDOG=1 every half interval — so pings stop when that main
 * loop stops running. Returns the source id, or 0 when there is no watchdog. */
guint kiosk_sd_notify_watchdog_start (void);

G_END_DECLS
