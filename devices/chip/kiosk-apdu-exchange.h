/* kiosk-apdu-exchange.h — one command through 61xx and 6Cxx, as a pure state machine
 *
 * A card answering over T=0 (or a card that simply prefers it) does not
 * always return its data with the first reply:
 *
 *   61xx  "xx more bytes are waiting": send GET RESPONSE (00 C0 00 00 xx),
 *         possibly several times (each reply may announce more with 61yy);
 *   6Cxx  "wrong Le, the right one is xx": send the same command again with
 *         Le = xx (00 means 256).
 *
 * The driver asks the exchange for the next command to transmit, feeds it
 * the reply, and repeats until it is done; then it has the whole data and the
 * final status word. The exchange does no I/O, so the rules (and the limits
 * that stop a misbehaving card from looping) are tested and fuzzed without a
 * reader: tests/devices/chip/test-apdu.c, tests/fuzz/fuzz-apdu-response.c.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* More GET RESPONSEs than this for one command is a protocol error. */
#define KIOSK_APDU_EXCHANGE_MAX_GET_RESPONSE 32
/* More data than this for one command is a protocol error. */
#define KIOSK_APDU_EXCHANGE_MAX_DATA 4096

typedef struct _KioskApduExchange KioskApduExchange;

/* `command` must be a command APDU that kiosk_apdu_parse() accepts. */
KioskApduExchange *kiosk_apdu_exchange_new (GBytes *command);
void kiosk_apdu_exchange_free (KioskApduExchange *exchange);

/* The command to transmit next (the original one first), or NULL when the
 * exchange is done. Transfer none. */
GBytes *kiosk_apdu_exchange_next_command (KioskApduExchange *exchange);

/* The reply to the command last returned by _next_command(). FALSE with a
 * KIOSK_APDU_ERROR when the reply has no status word or the card breaks the
 * rules (a second 6Cxx in a row, too many GET RESPONSEs, too much data); the
 * exchange is then done. */
gboolean kiosk_apdu_exchange_feed (KioskApduExchange *exchange,
                                   const guint8 *reply,
                                   gsize reply_len,
                                   GError **error);

gboolean kiosk_apdu_exchange_is_done (KioskApduExchange *exchange);
/* The status word of the last reply (0 before any). */
guint16 kiosk_apdu_exchange_get_sw (KioskApduExchange *exchange);
/* All data collected over the exchange (transfer none, valid until free). */
const guint8 *kiosk_apdu_exchange_get_data (KioskApduExchange *exchange, gsize *len);
/* How many GET RESPONSEs and 6Cxx resends were needed (diagnostics, tests). */
guint kiosk_apdu_exchange_get_n_get_response (KioskApduExchange *exchange);
guint kiosk_apdu_exchange_get_n_resend (KioskApduExchange *exchange);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskApduExchange, kiosk_apdu_exchange_free)

G_END_DECLS
