/* kiosk-vcard-card.h — the virtual social security card's logic, without I/O
 *
 * A card in memory: the SSSE DDF with EF05 and EF06 (8 records each), a PIN
 * with a retry counter, the security state of GET CHALLENGE / EXTERNAL
 * AUTHENTICATE, and two answering modes used to test the reader:
 *
 *   chain N     every reply with data becomes 61xx and the data is fetched
 *               with GET RESPONSE, at most N bytes at a time (61yy for more);
 *   strict Le   READ RECORD with an Le that is not the record's length is
 *               answered 6Cxx (as a T=0 card does), instead of the lenient
 *               default (Le 00 gives the whole record, a shorter Le the start).
 *
 * Commands (CLA 00):
 *   A4 SELECT          P1 04: DF name (sx1.sh.社会保障), P1 00/02: FID 3F00,
 *                      EF05, EF06; with Le the DF answers its FCI.
 *   B2 READ RECORD     P2 = SFI<<3 | 4 (P1 record number) or | 0 (P1 record
 *                      identifier, the TLV tag); SFI 0 is the current EF.
 *   DC UPDATE RECORD   P2 = SFI<<3 | 4; needs EXTERNAL AUTHENTICATE first.
 *   84 GET CHALLENGE   Le 4 or 8.
 *   82 EXTERNAL AUTH.  8 bytes right after a GET CHALLENGE. The issuer's
 *                      cryptogram cannot be checked without its keys: any
 *                      value is accepted (the simulator center sends a
 *                      documented placeholder) except 8 zero bytes, which
 *                      fail with 6300 so that a failed authentication can be
 *                      tested.
 *   20 VERIFY          3-byte BCD PIN: 9000, 63Cx (x tries left), 6983 locked;
 *                      without data: 63Cx (tries left) or 6983.
 *   C0 GET RESPONSE    the data held back by chain mode.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KIOSK_VCARD_N_RECORDS 8

typedef struct _KioskVcardCard KioskVcardCard;

/* A blank (unpersonalised) card with PIN 123456 and 3 tries. */
KioskVcardCard *kiosk_vcard_card_new (void);
void kiosk_vcard_card_free (KioskVcardCard *card);

/* Card files (key files; docs/chip.md): [card] pin, pin_tries, pin_max;
 * [fields] the holder and issuer data by key (kiosk_ssc_fields() keys), or
 * [records] ef05.N / ef06.N = hex of record N (what _save() writes). */
gboolean kiosk_vcard_card_load (KioskVcardCard *card, const char *path, GError **error);
gboolean
kiosk_vcard_card_load_data (KioskVcardCard *card, const char *data, gsize len, GError **error);
gboolean kiosk_vcard_card_save (KioskVcardCard *card, const char *path, GError **error);
/* Erases every record (the PIN stays). */
void kiosk_vcard_card_blank (KioskVcardCard *card);
/* TRUE when any record is written. */
gboolean kiosk_vcard_card_is_personalised (KioskVcardCard *card);

/* Power on, off or reset: the volatile state (selection, security, held-back
 * data) is lost. */
void kiosk_vcard_card_reset (KioskVcardCard *card);

/* Answers one command APDU with data + SW1 SW2. Never fails: garbage gets a
 * status word (6700, 6D00, 6E00 …). */
GBytes *kiosk_vcard_card_process (KioskVcardCard *card, const guint8 *apdu, gsize len);

/* Modes and state. */
void kiosk_vcard_card_set_chain (KioskVcardCard *card, guint chunk); /* 0: off */
void kiosk_vcard_card_set_strict_le (KioskVcardCard *card, gboolean strict);
void kiosk_vcard_card_set_pin_tries (KioskVcardCard *card, guint tries);
guint kiosk_vcard_card_get_pin_tries (KioskVcardCard *card);
/* TRUE once after an UPDATE RECORD changed the card (to persist it). */
gboolean kiosk_vcard_card_take_dirty (KioskVcardCard *card);
guint kiosk_vcard_card_get_n_updates (KioskVcardCard *card);
/* Record `number` (1…8) of EF05 or EF06 (0xEF05/0xEF06), or NULL if unwritten. */
GBytes *kiosk_vcard_card_get_record (KioskVcardCard *card, guint16 file, guint number);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskVcardCard, kiosk_vcard_card_free)

G_END_DECLS
