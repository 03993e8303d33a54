/* kiosk-sam-frame.h — frames of the ID-card reader's SAM serial protocol
 *
 *   AA AA AA 96 69 · LEN (2 bytes, big-endian) · PAYLOAD · CHECKSUM
 *
 * LEN counts every byte after itself (payload and checksum). The payload is
 * CMD PARA [data] in a request and SW1 SW2 SW3 [data] in a reply. CHECKSUM is
 * the XOR of the length bytes and the payload. Everything here is pure: no
 * I/O, no global state, safe on any bytes (see tests/fuzz/fuzz-sam-frame.c).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KIOSK_SAM_PREAMBLE_LEN 5
#define KIOSK_SAM_HEADER_LEN   7 /* preamble + length */
/* The longest legitimate frame is a 30 10 reply (text 256, photo 1024,
 * fingerprint 1024): a larger length field is garbage, not a reason to wait. */
#define KIOSK_SAM_MAX_LENGTH 4096
#define KIOSK_SAM_MIN_LENGTH 3 /* CMD PARA CHECKSUM */

extern const guint8 kiosk_sam_preamble[KIOSK_SAM_PREAMBLE_LEN];

/* Commands (CMD, PARA). */
#define KIOSK_SAM_CMD_SAM_STATUS         0x11, 0xFF
#define KIOSK_SAM_CMD_SAM_ID             0x12, 0xFF
#define KIOSK_SAM_CMD_FIND_CARD          0x20, 0x01
#define KIOSK_SAM_CMD_SELECT_CARD        0x20, 0x02
#define KIOSK_SAM_CMD_READ_TEXT_PHOTO    0x30, 0x01
#define KIOSK_SAM_CMD_READ_TEXT_PHOTO_FP 0x30, 0x10

#define KIOSK_SAM_FRAME_ERROR (kiosk_sam_frame_error_quark ())
GQuark kiosk_sam_frame_error_quark (void);

typedef enum
{
  KIOSK_SAM_FRAME_ERROR_NO_PREAMBLE,  /* the bytes do not start with AA AA AA 96 69 */
  KIOSK_SAM_FRAME_ERROR_TRUNCATED,    /* fewer bytes than the length announces */
  KIOSK_SAM_FRAME_ERROR_BAD_LENGTH,   /* length below 3 or above KIOSK_SAM_MAX_LENGTH */
  KIOSK_SAM_FRAME_ERROR_BAD_CHECKSUM, /* XOR does not match */
  KIOSK_SAM_FRAME_ERROR_MALFORMED,    /* payload too short for a request/reply, bad sizes */
} KioskSamFrameError;

/* One frame: the payload between the length and the checksum. */
typedef struct
{
  guint8 *payload;
  gsize payload_len;
} KioskSamFrame;

void kiosk_sam_frame_free (KioskSamFrame *frame);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskSamFrame, kiosk_sam_frame_free)

/* The XOR checksum over `len` bytes. */
guint8 kiosk_sam_checksum (const guint8 *data, gsize len);

/* Encodes a whole frame around `payload`. */
GBytes *kiosk_sam_frame_encode (const guint8 *payload, gsize payload_len);
GBytes *kiosk_sam_frame_encode_request (guint8 cmd, guint8 para, const guint8 *data, gsize len);
GBytes *
kiosk_sam_frame_encode_reply (guint8 sw1, guint8 sw2, guint8 sw3, const guint8 *data, gsize len);

/* Parses the frame at the very start of `data`. On success, *consumed is the
 * frame's size on the wire. */
KioskSamFrame *
kiosk_sam_frame_parse (const guint8 *data, gsize len, gsize *consumed, GError **error);

/* A request's command and parameter, and a reply's status words. Both fail
 * with MALFORMED when the payload is too short. */
gboolean
kiosk_sam_frame_get_command (const KioskSamFrame *frame, guint8 *cmd, guint8 *para, GError **error);
gboolean kiosk_sam_frame_get_status (
    const KioskSamFrame *frame, guint8 *sw1, guint8 *sw2, guint8 *sw3, GError **error);

/* The data of a read reply (30 01 / 30 10): text, photo and fingerprint
 * lengths (2 bytes BE each; the fingerprint one only with `with_fingerprint`)
 * followed by the blocks. Pointers point into `frame`. */
typedef struct
{
  const guint8 *text;
  gsize text_len;
  const guint8 *photo;
  gsize photo_len;
  const guint8 *fingerprint;
  gsize fingerprint_len;
} KioskSamReadBlocks;

gboolean kiosk_sam_frame_get_read_blocks (const KioskSamFrame *frame,
                                          gboolean with_fingerprint,
                                          KioskSamReadBlocks *blocks,
                                          GError **error);

/* A streaming decoder: push the bytes as they arrive, pull frames. Garbage
 * before a preamble is skipped (and counted); a bad length or checksum is
 * reported once and decoding resumes at the next preamble. */
typedef struct _KioskSamDecoder KioskSamDecoder;

typedef enum
{
  KIOSK_SAM_DECODE_NEED_MORE, /* no complete frame yet */
  KIOSK_SAM_DECODE_FRAME,     /* *frame is set */
  KIOSK_SAM_DECODE_ERROR,     /* *error is set; call again to go on */
} KioskSamDecodeResult;

KioskSamDecoder *kiosk_sam_decoder_new (void);
void kiosk_sam_decoder_free (KioskSamDecoder *decoder);
void kiosk_sam_decoder_push (KioskSamDecoder *decoder, const guint8 *data, gsize len);
KioskSamDecodeResult
kiosk_sam_decoder_next (KioskSamDecoder *decoder, KioskSamFrame **frame, GError **error);
/* Forgets buffered bytes (after a timeout, before a retry). */
void kiosk_sam_decoder_reset (KioskSamDecoder *decoder);
/* Bytes buffered but not yet part of a frame (a partial frame). */
gsize kiosk_sam_decoder_get_pending (KioskSamDecoder *decoder);
/* Garbage bytes skipped since creation. */
guint64 kiosk_sam_decoder_get_skipped (KioskSamDecoder *decoder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskSamDecoder, kiosk_sam_decoder_free)

G_END_DECLS
