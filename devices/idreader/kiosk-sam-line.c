/* kiosk-sam-line.c — termios port and frame transactions of the SAM protocol */
#define G_LOG_DOMAIN "kiosk-idreader"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/file.h>
#include <termios.h>
#include <unistd.h>

#include <glib-unix.h>

#include "kiosk-device-error.h"
#include "kiosk-sam-line.h"
#include "kiosk-sam-status.h"

typedef struct
{
  guint8 cmd;
  guint8 para;
  GBytes *request;
  gsize reply_len;
  guint attempts;
  GError *last_error; /* why the previous attempt failed */
  KioskSamLineReplyFunc callback;
  gpointer user_data;
  GDestroyNotify destroy;
} Xact;

struct _KioskSamLine
{
  gatomicrefcount ref_count;
  int fd;
  guint baud;
  GMainContext *context;
  GSource *io_source;
  GSource *timeout_source;
  GSource *kick_source;
  KioskSamDecoder *decoder;
  guint64 skipped_reported;

  Xact *current; /* on the wire */
  GQueue queue;  /* Xact, waiting */
  gboolean dead; /* hung up or closed: nothing more goes out */
  gboolean closed;

  guint timeout_ms;
  guint retries;
  KioskSamLineHangupFunc hangup;
  KioskSamLineCountFunc count;
  gpointer user_data;
};

static void kick (KioskSamLine *line);
static void send_current (KioskSamLine *line);

gint64
kiosk_sam_line_wire_time_us (gsize bytes, guint baud)
{
  return baud ? (gint64) bytes * 10 * G_USEC_PER_SEC / baud : 0;
}

static void
xact_free (Xact *x)
{
  if (x->destroy != NULL)
    x->destroy (x->user_data);
  g_bytes_unref (x->request);
  g_clear_error (&x->last_error);
  g_free (x);
}

static KioskSamLine *
line_ref (KioskSamLine *line)
{
  g_atomic_ref_count_inc (&line->ref_count);
  return line;
}

static void
line_unref (KioskSamLine *line)
{
  if (!g_atomic_ref_count_dec (&line->ref_count))
    return;
  g_warn_if_fail (line->closed);
  kiosk_sam_decoder_free (line->decoder);
  g_clear_pointer (&line->context, g_main_context_unref);
  g_free (line);
}

static void
count (KioskSamLine *line, const char *counter, guint64 delta)
{
  if (line->count != NULL && delta > 0)
    line->count (counter, delta, line->user_data);
}

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static speed_t
speed_for (guint baud)
{
  switch (baud)
    {
      case 9600:
        return B9600;
      case 19200:
        return B19200;
      case 38400:
        return B38400;
      case 57600:
        return B57600;
      case 115200:
        return B115200;
      default:
        return B0;
    }
}

static gboolean io_cb (int fd, GIOCondition condition, gpointer user_data);

KioskSamLine *
kiosk_sam_line_open (const char *path, guint baud, GMainContext *context, GError **error)
{
  KioskSamLine *line;
  struct termios tio;
  speed_t speed = speed_for (baud);
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  if (speed == B0)
    {
      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                   "%u baud is not supported (9600, 19200, 38400, 57600, 115200)", baud);
      return NULL;
    }
  fd = open (path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED,
                   "Cannot open the ID-card reader port %s: %s", path, g_strerror (saved));
      return NULL;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) < 0)
    {
      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_IO,
                   "The port %s is in use by another program", path);
      close (fd);
      return NULL;
    }
  if (tcgetattr (fd, &tio) < 0)
    {
      int saved = errno;

      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_IO, "%s is not a serial line: %s",
                   path, g_strerror (saved));
      close (fd);
      return NULL;
    }
  cfmakeraw (&tio);
  tio.c_cflag &= ~(CSTOPB | PARENB | CRTSCTS | CSIZE);
  tio.c_cflag |= CS8 | CLOCAL | CREAD;
  tio.c_iflag &= ~(IXON | IXOFF | IXANY);
  tio.c_cc[VMIN] = 0;
  tio.c_cc[VTIME] = 0;
  cfsetispeed (&tio, speed);
  cfsetospeed (&tio, speed);
  if (tcsetattr (fd, TCSANOW, &tio) < 0)
    {
      int saved = errno;

      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_IO,
                   "Cannot configure %s for %u baud 8N1: %s", path, baud, g_strerror (saved));
      close (fd);
      return NULL;
    }
  tcflush (fd, TCIOFLUSH);

  line = g_new0 (KioskSamLine, 1);
  g_atomic_ref_count_init (&line->ref_count);
  line->fd = fd;
  line->baud = baud;
  line->context = context ? g_main_context_ref (context) : g_main_context_ref_thread_default ();
  line->decoder = kiosk_sam_decoder_new ();
  line->timeout_ms = 1000;
  line->retries = 2;
  g_queue_init (&line->queue);

  line->io_source = g_unix_fd_source_new (fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (line->io_source, G_SOURCE_FUNC (io_cb), line, NULL);
  g_source_set_static_name (line->io_source, "[kiosk-sam-line] input");
  g_source_attach (line->io_source, line->context);
  return line;
}

void
kiosk_sam_line_set_callbacks (KioskSamLine *line,
                              KioskSamLineHangupFunc hangup,
                              KioskSamLineCountFunc count_func,
                              gpointer user_data)
{
  line->hangup = hangup;
  line->count = count_func;
  line->user_data = user_data;
}

void
kiosk_sam_line_set_timing (KioskSamLine *line, guint timeout_ms, guint retries)
{
  line->timeout_ms = timeout_ms;
  line->retries = retries;
}

gboolean
kiosk_sam_line_is_idle (KioskSamLine *line)
{
  return line->current == NULL && g_queue_is_empty (&line->queue);
}

/* Ends the current transaction and hands the result to its owner. */
static void
finish_current (KioskSamLine *line, KioskSamFrame *reply, const GError *error)
{
  Xact *x = g_steal_pointer (&line->current);

  clear_source (&line->timeout_source);
  if (x->callback != NULL)
    x->callback (reply, error, x->user_data);
  xact_free (x);
  if (!line->closed)
    kick (line);
}

static void
retry_or_fail (KioskSamLine *line, GError *why)
{
  Xact *x = line->current;
  g_autoptr (GError) error = NULL;

  clear_source (&line->timeout_source);
  g_clear_error (&x->last_error);
  x->last_error = why;
  if (x->attempts <= line->retries)
    {
      g_debug ("request %02X %02X: attempt %u failed (%s), resending", x->cmd, x->para, x->attempts,
               why->message);
      count (line, "retries", 1);
      send_current (line);
      return;
    }
  if (g_error_matches (why, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_TIMEOUT))
    error = g_error_new (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_TIMEOUT,
                         "The ID-card reader did not answer request %02X %02X (%u attempts)",
                         x->cmd, x->para, x->attempts);
  else
    error = g_error_new (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_PROTOCOL,
                         "No valid reply to request %02X %02X after %u attempts: %s", x->cmd,
                         x->para, x->attempts, why->message);
  finish_current (line, NULL, error);
}

static gboolean
timeout_cb (gpointer user_data)
{
  KioskSamLine *line = user_data;

  g_clear_pointer (&line->timeout_source, g_source_unref);
  count (line, "line-timeouts", 1);
  line_ref (line);
  retry_or_fail (line, g_error_new (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_TIMEOUT,
                                    "no reply within the timeout"));
  line_unref (line);
  return G_SOURCE_REMOVE;
}

/* The line is gone: fail everything, then tell the owner. */
static void
hang_up (KioskSamLine *line)
{
  g_autoptr (GError) error = NULL;

  if (line->dead)
    return;
  line->dead = TRUE;
  clear_source (&line->io_source);
  clear_source (&line->timeout_source);
  error = g_error_new_literal (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED,
                               "The ID-card reader was disconnected");
  if (line->current != NULL)
    {
      Xact *x = g_steal_pointer (&line->current);

      if (x->callback != NULL)
        x->callback (NULL, error, x->user_data);
      xact_free (x);
    }
  while (!line->closed && !g_queue_is_empty (&line->queue))
    {
      Xact *x = g_queue_pop_head (&line->queue);

      if (x->callback != NULL)
        x->callback (NULL, error, x->user_data);
      xact_free (x);
    }
  if (!line->closed && line->hangup != NULL)
    line->hangup (line->user_data);
}

static gboolean
write_all (KioskSamLine *line, const guint8 *data, gsize len)
{
  gint64 deadline = g_get_monotonic_time () + 200 * 1000;

  while (len > 0)
    {
      ssize_t n = write (line->fd, data, len);

      if (n > 0)
        {
          data += n;
          len -= (gsize) n;
          continue;
        }
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN && g_get_monotonic_time () < deadline)
        {
          struct pollfd pfd = { .fd = line->fd, .events = POLLOUT };

          poll (&pfd, 1, 20);
          continue;
        }
      return FALSE;
    }
  return TRUE;
}

static void
send_current (KioskSamLine *line)
{
  Xact *x = line->current;
  gsize len;
  const guint8 *data = g_bytes_get_data (x->request, &len);
  gint64 timeout_us;

  x->attempts++;
  /* Whatever is buffered now cannot be the answer to this request. */
  tcflush (line->fd, TCIFLUSH);
  kiosk_sam_decoder_reset (line->decoder);
  if (!write_all (line, data, len))
    {
      hang_up (line);
      return;
    }
  count (line, "frames-sent", 1);
  timeout_us = (gint64) line->timeout_ms * 1000
               + 2 * kiosk_sam_line_wire_time_us (len + x->reply_len, line->baud);
  line->timeout_source = g_timeout_source_new ((guint) (timeout_us / 1000));
  g_source_set_callback (line->timeout_source, timeout_cb, line, NULL);
  g_source_set_static_name (line->timeout_source, "[kiosk-sam-line] timeout");
  g_source_attach (line->timeout_source, line->context);
}

static gboolean
kick_cb (gpointer user_data)
{
  KioskSamLine *line = user_data;

  g_clear_pointer (&line->kick_source, g_source_unref);
  line_ref (line);
  if (line->dead && !line->closed)
    {
      g_autoptr (GError) error
          = g_error_new_literal (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED,
                                 "The ID-card reader is disconnected");

      while (!line->closed && !g_queue_is_empty (&line->queue))
        {
          Xact *x = g_queue_pop_head (&line->queue);

          if (x->callback != NULL)
            x->callback (NULL, error, x->user_data);
          xact_free (x);
        }
    }
  else if (!line->closed && line->current == NULL && !g_queue_is_empty (&line->queue))
    {
      line->current = g_queue_pop_head (&line->queue);
      send_current (line);
    }
  line_unref (line);
  return G_SOURCE_REMOVE;
}

static void
kick (KioskSamLine *line)
{
  if (line->kick_source != NULL || line->closed)
    return;
  if (!line->dead && (line->current != NULL || g_queue_is_empty (&line->queue)))
    return;
  line->kick_source = g_idle_source_new ();
  g_source_set_priority (line->kick_source, G_PRIORITY_DEFAULT);
  g_source_set_callback (line->kick_source, kick_cb, line, NULL);
  g_source_set_static_name (line->kick_source, "[kiosk-sam-line] kick");
  g_source_attach (line->kick_source, line->context);
}

void
kiosk_sam_line_transact (KioskSamLine *line,
                         guint8 cmd,
                         guint8 para,
                         gsize reply_len,
                         KioskSamLineReplyFunc callback,
                         gpointer user_data,
                         GDestroyNotify destroy)
{
  Xact *x;

  g_return_if_fail (line != NULL);

  x = g_new0 (Xact, 1);
  x->cmd = cmd;
  x->para = para;
  x->request = kiosk_sam_frame_encode_request (cmd, para, NULL, 0);
  x->reply_len = reply_len;
  x->callback = callback;
  x->user_data = user_data;
  x->destroy = destroy;
  if (line->closed)
    {
      xact_free (x);
      return;
    }
  g_queue_push_tail (&line->queue, x);
  kick (line);
}

/* The data sizes a reply to `cmd` can have when it succeeded; a failed
 * reply carries no data. A frame of another shape is a late answer to an
 * earlier request and is dropped. */
static gboolean
plausible_reply (const Xact *x, const KioskSamFrame *frame)
{
  gsize data_len = frame->payload_len - 3;

  if (data_len == 0)
    return TRUE;
  switch (x->cmd)
    {
      case 0x11:
        return FALSE;
      case 0x12:
        return data_len == 16;
      case 0x20:
        return x->para == 0x01 ? data_len == 4 : data_len == 8;
      case 0x30:
        return data_len > 8;
      default:
        return TRUE;
    }
}

static void
handle_frame (KioskSamLine *line, KioskSamFrame *frame)
{
  guint8 sw1, sw2, sw3;
  g_autoptr (GError) error = NULL;

  count (line, "frames-received", 1);
  if (line->current == NULL || !kiosk_sam_frame_get_status (frame, &sw1, &sw2, &sw3, &error)
      || !plausible_reply (line->current, frame))
    {
      count (line, "unexpected-frames", 1);
      return;
    }
  if (kiosk_sam_status_is_line_error (sw3))
    {
      count (line, "reader-line-errors", 1);
      retry_or_fail (line, g_error_new (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_PROTOCOL,
                                        "the reader reported %s", kiosk_sam_status_message (sw3)));
      return;
    }
  finish_current (line, frame, NULL);
}

static gboolean
io_cb (int fd, GIOCondition condition, gpointer user_data)
{
  KioskSamLine *line = user_data;
  guint8 buf[4096];
  gboolean keep;
  ssize_t n;

  n = read (fd, buf, sizeof buf);
  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return G_SOURCE_CONTINUE;
  line_ref (line);
  if (n <= 0)
    {
      /* EOF or EIO: the other end of the line is gone. */
      g_clear_pointer (&line->io_source, g_source_unref);
      hang_up (line);
      line_unref (line);
      return G_SOURCE_REMOVE;
    }

  kiosk_sam_decoder_push (line->decoder, buf, (gsize) n);
  while (!line->closed && !line->dead)
    {
      g_autoptr (KioskSamFrame) frame = NULL;
      g_autoptr (GError) error = NULL;
      KioskSamDecodeResult result = kiosk_sam_decoder_next (line->decoder, &frame, &error);
      guint64 skipped = kiosk_sam_decoder_get_skipped (line->decoder);

      count (line, "garbage-bytes", skipped - line->skipped_reported);
      line->skipped_reported = skipped;
      if (result == KIOSK_SAM_DECODE_NEED_MORE)
        break;
      if (result == KIOSK_SAM_DECODE_FRAME)
        {
          handle_frame (line, frame);
          continue;
        }
      count (line,
             g_error_matches (error, KIOSK_SAM_FRAME_ERROR, KIOSK_SAM_FRAME_ERROR_BAD_CHECKSUM)
                 ? "checksum-errors"
                 : "length-errors",
             1);
      if (line->current != NULL)
        retry_or_fail (line, g_steal_pointer (&error));
    }
  keep = !line->closed && !line->dead;
  line_unref (line);
  return keep ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

void
kiosk_sam_line_close (KioskSamLine *line)
{
  if (line == NULL || line->closed)
    return;
  line->closed = TRUE;
  line->dead = TRUE;
  clear_source (&line->io_source);
  clear_source (&line->timeout_source);
  clear_source (&line->kick_source);
  if (line->current != NULL)
    xact_free (g_steal_pointer (&line->current));
  while (!g_queue_is_empty (&line->queue))
    xact_free (g_queue_pop_head (&line->queue));
  if (line->fd >= 0)
    {
      close (line->fd);
      line->fd = -1;
    }
  line_unref (line);
}
