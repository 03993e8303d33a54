/* kiosk-chip-card.h — the social security card's protocol over a transmit function
 *
 * Everything the chip reader does with a card, independent of how APDUs
 * reach it: one command through 61xx/6Cxx (KioskApduExchange), reading EF05
 * and EF06 into KioskSscCardData, running a personalisation script step by
 * step, VERIFY PIN. The PC/SC driver gives it a function around
 * SCardTransmit() and calls it from its worker thread; tests give it the
 * virtual card's logic directly.
 *
 * Blocking, for a worker thread. The cancellable is checked before every
 * APDU: a script stops between steps, so the outcome says exactly which step
 * was the last one sent.
 *
 * Errors are in the device domains (kiosk-device-error.h): what the citizen
 * can fix or must take to a window (no card, card removed, not a social
 * security card, unreadable, wrong PIN, PIN locked) is KIOSK_DEVICE_USER_ERROR
 * with a Chinese sentence and a short technical code in brackets; the rest is
 * KIOSK_DEVICE_ERROR. No message ever contains card data.
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-chip-script.h"
#include "kiosk-chip-script-outcome.h"
#include "kiosk-ssc-card-data.h"

G_BEGIN_DECLS

/* The longest reply: 256 data bytes and the status word. */
#define KIOSK_CHIP_MAX_REPLY 258

/* Sends `command` and stores the reply (data + SW1 SW2) in `reply`, whose
 * capacity is *reply_len on entry; its length on return. */
typedef gboolean (*KioskChipTransmitFunc) (gpointer user_data,
                                           const guint8 *command,
                                           gsize command_len,
                                           guint8 *reply,
                                           gsize *reply_len,
                                           GError **error);

typedef struct _KioskChipCard KioskChipCard;

KioskChipCard *
kiosk_chip_card_new (KioskChipTransmitFunc transmit, gpointer user_data, GCancellable *cancellable);
void kiosk_chip_card_free (KioskChipCard *card);

/* One command, following 61xx and 6Cxx; `data` (optional) gets the whole
 * reply data. FALSE only when no status word came back. */
gboolean kiosk_chip_card_command (
    KioskChipCard *card, GBytes *command, guint16 *sw, GBytes **data, GError **error);

/* SELECT the SSSE DDF, EF05 and EF06 and read every record by identifier. */
KioskSscCardData *kiosk_chip_card_read_ssc (KioskChipCard *card, GError **error);

/* Runs the steps in order and stops at the first one whose status word is
 * not expected (or that gets none). Never NULL. */
KioskChipScriptOutcome *kiosk_chip_card_run_script (KioskChipCard *card,
                                                    const KioskChipScript *script);

/* VERIFY of a PIN of 6 digits (BCD). WRONG_PIN tells the tries left in
 * *tries_left (when not NULL; -1 if the card did not say); PIN_LOCKED when
 * the card refuses for good. */
gboolean
kiosk_chip_card_verify_pin (KioskChipCard *card, const char *pin, gint *tries_left, GError **error);

/* Diagnostics: APDUs sent, GET RESPONSEs, 6Cxx resends. */
guint kiosk_chip_card_get_n_transmits (KioskChipCard *card);
guint kiosk_chip_card_get_n_get_response (KioskChipCard *card);
guint kiosk_chip_card_get_n_resend (KioskChipCard *card);

/* The chip reader's own Chinese sentences for the user-error codes ("请插入
 * 社会保障卡"), where the generic ones speak of ID documents. */
const char *kiosk_chip_user_message (int code);
/* A KIOSK_DEVICE_USER_ERROR with that sentence and `detail` in brackets
 * (a technical code such as "EF05/07 6A83"; NULL for none). */
GError *kiosk_chip_user_error_new (int code, const char *detail);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskChipCard, kiosk_chip_card_free)

G_END_DECLS
