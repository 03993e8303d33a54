/* kiosk-sam-line.h — the serial line to a SAM module: termios port, frame
 * transactions, timeouts, retries and resynchronisation
 *
 * One request on the wire at a time; further requests wait in a FIFO. A
 * transaction is retried (request resent) after a timeout, a frame with a
 * bad checksum or length, or a reply whose SW3 says the module received our
 * request garbled (10, 11); after `retries` resends it fails with a clear
 * KIOSK_DEVICE_ERROR_TIMEOUT or _PROTOCOL. Garbage between frames is skipped
 * by the decoder. A transaction whose caller lost interest still runs to its
 * end, so that a late reply is never taken for the answer to the next
 * request (the protocol has no sequence numbers).
 *
 * Only this file and kiosk-sam-serial.c touch termios.
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-sam-frame.h"

G_BEGIN_DECLS

typedef struct _KioskSamLine KioskSamLine;

/* `reply` is the decoded reply (its SW3 may still be a failure), or NULL with
 * `error` set. Both are owned by the line. */
typedef void (*KioskSamLineReplyFunc) (KioskSamFrame *reply,
                                       const GError *error,
                                       gpointer user_data);
/* The line is gone (EOF, EIO: the device was unplugged). Called once, after
 * every pending transaction failed with NOT_CONNECTED. */
typedef void (*KioskSamLineHangupFunc) (gpointer user_data);
/* Diagnostics: "frames-sent", "retries", "checksum-errors", … */
typedef void (*KioskSamLineCountFunc) (const char *counter, guint64 delta, gpointer user_data);

/* Opens `path` raw 8N1 at `baud` (9600…115200), non-blocking, and discards
 * what was buffered. The line's sources run in `context` (NULL: default). */
KioskSamLine *
kiosk_sam_line_open (const char *path, guint baud, GMainContext *context, GError **error);

void kiosk_sam_line_set_callbacks (KioskSamLine *line,
                                   KioskSamLineHangupFunc hangup,
                                   KioskSamLineCountFunc count,
                                   gpointer user_data);
/* `timeout_ms` is the silence allowed beyond the wire time of the bytes. */
void kiosk_sam_line_set_timing (KioskSamLine *line, guint timeout_ms, guint retries);

/* Sends CMD PARA; `reply_len` is the expected reply size on the wire (for the
 * timeout). The callback always runs later from the main context, never
 * inside this call. */
void kiosk_sam_line_transact (KioskSamLine *line,
                              guint8 cmd,
                              guint8 para,
                              gsize reply_len,
                              KioskSamLineReplyFunc callback,
                              gpointer user_data,
                              GDestroyNotify destroy);

/* TRUE when nothing is on the wire or queued. */
gboolean kiosk_sam_line_is_idle (KioskSamLine *line);

/* Closes the port. Pending transactions are dropped: their destroy
 * notifies run, their callbacks do not. Safe inside a callback. */
void kiosk_sam_line_close (KioskSamLine *line);

/* Microseconds the wire needs for `bytes` at `baud` (10 bits a byte). */
gint64 kiosk_sam_line_wire_time_us (gsize bytes, guint baud);

G_END_DECLS
