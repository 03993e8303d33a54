/* kiosk-apdu.h — command APDUs (ISO/IEC 7816-4): build them, parse them
 *
 *   CLA INS P1 P2 [Lc data] [Le]
 *
 * Short APDUs only (Lc 1…255, Le 1…256 where a Le byte of 00 means 256):
 * the social security card needs nothing longer, and an extended length is
 * refused with a clear error rather than misread. Everything here is pure:
 * no I/O, no global state, safe on any bytes (tests/fuzz/fuzz-apdu-response.c).
 *
 * The driver builds its commands here; the virtual card (vcard/) parses what
 * arrives with kiosk_apdu_parse().
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KIOSK_APDU_ERROR (kiosk_apdu_error_quark ())
GQuark kiosk_apdu_error_quark (void);

typedef enum
{
  KIOSK_APDU_ERROR_MALFORMED, /* not a command APDU (too short, Lc and length disagree) */
  KIOSK_APDU_ERROR_EXTENDED,  /* an extended-length APDU: not supported */
  KIOSK_APDU_ERROR_TRUNCATED, /* a response without its two status bytes */
  KIOSK_APDU_ERROR_CHAIN,     /* 61xx / 6Cxx handling went wrong (loop, limit, bad Le) */
} KioskApduError;

/* The longest short command: 4 header bytes, Lc, 255 data bytes, Le. */
#define KIOSK_APDU_MAX_COMMAND 261

/* Instructions the kiosk uses. */
#define KIOSK_APDU_INS_VERIFY        0x20
#define KIOSK_APDU_INS_EXTERNAL_AUTH 0x82
#define KIOSK_APDU_INS_GET_CHALLENGE 0x84
#define KIOSK_APDU_INS_SELECT        0xA4
#define KIOSK_APDU_INS_READ_RECORD   0xB2
#define KIOSK_APDU_INS_GET_RESPONSE  0xC0
#define KIOSK_APDU_INS_UPDATE_RECORD 0xDC

/* P2 of READ/UPDATE RECORD, low three bits: how P1 names the record. */
#define KIOSK_APDU_RECORD_BY_ID     0x00 /* P1 is a record identifier (the TLV tag) */
#define KIOSK_APDU_RECORD_BY_NUMBER 0x04 /* P1 is a record number */

/* A parsed command. `data` points into the bytes given to kiosk_apdu_parse(). */
typedef struct
{
  guint8 cla;
  guint8 ins;
  guint8 p1;
  guint8 p2;
  const guint8 *data; /* NULL when lc == 0 */
  gsize lc;
  gboolean has_le;
  guint le; /* 1…256 when has_le (a Le byte 00 is 256) */
} KioskApdu;

/* Parses a short command APDU (cases 1–4). */
gboolean kiosk_apdu_parse (const guint8 *raw, gsize len, KioskApdu *apdu, GError **error);

/* Builds a short command. `le` is -1 for none, else 1…256. */
GBytes *kiosk_apdu_build (
    guint8 cla, guint8 ins, guint8 p1, guint8 p2, const guint8 *data, gsize lc, gint le);
/* The same command with another Le (the 6Cxx answer "ask again with Le=xx"),
 * or NULL if `command` does not parse. */
GBytes *kiosk_apdu_with_le (GBytes *command, guint le);

/* 00 A4 04 00 Lc name — SELECT a DF by its name. */
GBytes *kiosk_apdu_select_by_name (const guint8 *name, gsize len);
/* 00 A4 02 00 02 FID — SELECT an EF under the current DF by its identifier. */
GBytes *kiosk_apdu_select_file (guint16 fid);
/* 00 B2 P1 P2 Le — P2 = sfi << 3 | how (sfi 0: the current EF). */
GBytes *kiosk_apdu_read_record (guint8 p1, guint8 sfi, guint8 how, guint le);
/* 00 C0 00 00 Le */
GBytes *kiosk_apdu_get_response (guint le);
/* 00 84 00 00 len */
GBytes *kiosk_apdu_get_challenge (guint len);
/* 00 20 00 00 Lc PIN — `pin` is the BCD-packed PIN (3 bytes for 6 digits). */
GBytes *kiosk_apdu_verify (const guint8 *pin, gsize len);

/* Packs an even number (2…16) of decimal digits as BCD into `out` (len/2
 * bytes). FALSE if `digits` is not that. */
gboolean kiosk_apdu_pack_bcd (const char *digits, guint8 *out, gsize out_size, gsize *out_len);

/* A short English description of a status word ("wrong length",
 * "security status not satisfied"), for error messages and logs. */
const char *kiosk_apdu_sw_describe (guint16 sw);

/* Upper-case hex without spaces, for test messages and the script text form.
 * Never call it on a command carrying personal data or a PIN for a log line. */
char *kiosk_apdu_to_hex (const guint8 *data, gsize len);
/* Parses hex (spaces allowed between bytes); NULL if not hex. */
GBytes *kiosk_apdu_from_hex (const char *hex);

G_END_DECLS
