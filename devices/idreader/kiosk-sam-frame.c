/* kiosk-sam-frame.c — pure encoding, parsing and resynchronisation of SAM
 * protocol frames */
#define G_LOG_DOMAIN "kiosk-idreader"

#include "config.h"

#include <string.h>

#include "kiosk-sam-frame.h"

/* clang-format off */
G_DEFINE_QUARK (kiosk-sam-frame-error-quark, kiosk_sam_frame_error)
/* clang-format on */

const guint8 kiosk_sam_preamble[KIOSK_SAM_PREAMBLE_LEN] = { 0xAA, 0xAA, 0xAA, 0x96, 0x69 };

struct _KioskSamDecoder
{
  GByteArray *buffer;
  guint64 skipped;
};

void
kiosk_sam_frame_free (KioskSamFrame *frame)
{
  if (frame == NULL)
    return;
  /* Replies carry personal data. */
  if (frame->payload != NULL)
    explicit_bzero (frame->payload, frame->payload_len);
  g_free (frame->payload);
  g_free (frame);
}

guint8
kiosk_sam_checksum (const guint8 *data, gsize len)
{
  guint8 sum = 0;

  for (gsize i = 0; i < len; i++)
    sum ^= data[i];
  return sum;
}

GBytes *
kiosk_sam_frame_encode (const guint8 *payload, gsize payload_len)
{
  gsize length = payload_len + 1;
  gsize total = KIOSK_SAM_HEADER_LEN + length;
  guint8 *out;

  g_return_val_if_fail (payload != NULL || payload_len == 0, NULL);
  g_return_val_if_fail (length <= 0xFFFF, NULL);

  out = g_malloc (total);
  memcpy (out, kiosk_sam_preamble, KIOSK_SAM_PREAMBLE_LEN);
  out[5] = (guint8) (length >> 8);
  out[6] = (guint8) (length & 0xFF);
  if (payload_len > 0)
    memcpy (out + KIOSK_SAM_HEADER_LEN, payload, payload_len);
  out[total - 1]
      = kiosk_sam_checksum (out + KIOSK_SAM_PREAMBLE_LEN, total - 1 - KIOSK_SAM_PREAMBLE_LEN);
  return g_bytes_new_take (out, total);
}

static GBytes *
encode_with_head (const guint8 *head, gsize head_len, const guint8 *data, gsize len)
{
  g_autofree guint8 *payload = g_malloc (head_len + len);

  memcpy (payload, head, head_len);
  if (len > 0)
    memcpy (payload + head_len, data, len);
  return kiosk_sam_frame_encode (payload, head_len + len);
}

GBytes *
kiosk_sam_frame_encode_request (guint8 cmd, guint8 para, const guint8 *data, gsize len)
{
  const guint8 head[] = { cmd, para };

  return encode_with_head (head, sizeof head, data, len);
}

GBytes *
kiosk_sam_frame_encode_reply (guint8 sw1, guint8 sw2, guint8 sw3, const guint8 *data, gsize len)
{
  const guint8 head[] = { sw1, sw2, sw3 };

  return encode_with_head (head, sizeof head, data, len);
}

/* Checks the frame whose preamble starts `data` (at least 7 bytes). */
static gboolean
check_length (const guint8 *data, gsize *length, GError **error)
{
  *length = ((gsize) data[5] << 8) | data[6];
  if (*length < KIOSK_SAM_MIN_LENGTH || *length > KIOSK_SAM_MAX_LENGTH)
    {
      g_set_error (error, KIOSK_SAM_FRAME_ERROR, KIOSK_SAM_FRAME_ERROR_BAD_LENGTH,
                   "Frame length %" G_GSIZE_FORMAT " is outside %d…%d", *length,
                   KIOSK_SAM_MIN_LENGTH, KIOSK_SAM_MAX_LENGTH);
      return FALSE;
    }
  return TRUE;
}

static KioskSamFrame *
take_frame (const guint8 *data, gsize length, GError **error)
{
  gsize payload_len = length - 1;
  guint8 expected = data[KIOSK_SAM_HEADER_LEN + payload_len];
  guint8 actual = kiosk_sam_checksum (data + KIOSK_SAM_PREAMBLE_LEN, 2 + payload_len);
  KioskSamFrame *frame;

  if (expected != actual)
    {
      g_set_error (error, KIOSK_SAM_FRAME_ERROR, KIOSK_SAM_FRAME_ERROR_BAD_CHECKSUM,
                   "Frame checksum is %02X, expected %02X", expected, actual);
      return NULL;
    }
  frame = g_new0 (KioskSamFrame, 1);
  frame->payload = g_memdup2 (data + KIOSK_SAM_HEADER_LEN, payload_len);
  frame->payload_len = payload_len;
  return frame;
}

KioskSamFrame *
kiosk_sam_frame_parse (const guint8 *data, gsize len, gsize *consumed, GError **error)
{
  gsize length;
  KioskSamFrame *frame;
  gsize head = MIN (len, (gsize) KIOSK_SAM_PREAMBLE_LEN);

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (head == 0 || memcmp (data, kiosk_sam_preamble, head) != 0)
    {
      g_set_error_literal (error, KIOSK_SAM_FRAME_ERROR, KIOSK_SAM_FRAME_ERROR_NO_PREAMBLE,
                           "Bytes do not start with the frame preamble AA AA AA 96 69");
      return NULL;
    }
  if (len < KIOSK_SAM_HEADER_LEN)
    {
      g_set_error (error, KIOSK_SAM_FRAME_ERROR, KIOSK_SAM_FRAME_ERROR_TRUNCATED,
                   "Frame truncated after %" G_GSIZE_FORMAT " bytes", len);
      return NULL;
    }
  if (!check_length (data, &length, error))
    return NULL;
  if (len < KIOSK_SAM_HEADER_LEN + length)
    {
      g_set_error (error, KIOSK_SAM_FRAME_ERROR, KIOSK_SAM_FRAME_ERROR_TRUNCATED,
                   "Frame truncated: %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes", len,
                   KIOSK_SAM_HEADER_LEN + length);
      return NULL;
    }
  frame = take_frame (data, length, error);
  if (frame != NULL && consumed != NULL)
    *consumed = KIOSK_SAM_HEADER_LEN + length;
  return frame;
}

gboolean
kiosk_sam_frame_get_command (const KioskSamFrame *frame, guint8 *cmd, guint8 *para, GError **error)
{
  if (frame->payload_len < 2)
    {
      g_set_error_literal (error, KIOSK_SAM_FRAME_ERROR, KIOSK_SAM_FRAME_ERROR_MALFORMED,
                           "Request too short for a command");
      return FALSE;
    }
  *cmd = frame->payload[0];
  *para = frame->payload[1];
  return TRUE;
}

gboolean
kiosk_sam_frame_get_status (
    const KioskSamFrame *frame, guint8 *sw1, guint8 *sw2, guint8 *sw3, GError **error)
{
  if (frame->payload_len < 3)
    {
      g_set_error_literal (error, KIOSK_SAM_FRAME_ERROR, KIOSK_SAM_FRAME_ERROR_MALFORMED,
                           "Reply too short for status words");
      return FALSE;
    }
  *sw1 = frame->payload[0];
  *sw2 = frame->payload[1];
  *sw3 = frame->payload[2];
  return TRUE;
}

gboolean
kiosk_sam_frame_get_read_blocks (const KioskSamFrame *frame,
                                 gboolean with_fingerprint,
                                 KioskSamReadBlocks *blocks,
                                 GError **error)
{
  gsize lengths = with_fingerprint ? 6 : 4;
  const guint8 *data;
  gsize len;
  gsize total;

  memset (blocks, 0, sizeof *blocks);
  if (frame->payload_len < 3 + lengths)
    {
      g_set_error_literal (error, KIOSK_SAM_FRAME_ERROR, KIOSK_SAM_FRAME_ERROR_MALFORMED,
                           "Read reply too short for its block lengths");
      return FALSE;
    }
  data = frame->payload + 3;
  len = frame->payload_len - 3;
  blocks->text_len = ((gsize) data[0] << 8) | data[1];
  blocks->photo_len = ((gsize) data[2] << 8) | data[3];
  blocks->fingerprint_len = with_fingerprint ? (((gsize) data[4] << 8) | data[5]) : 0;
  total = lengths + blocks->text_len + blocks->photo_len + blocks->fingerprint_len;
  if (total != len)
    {
      g_set_error (error, KIOSK_SAM_FRAME_ERROR, KIOSK_SAM_FRAME_ERROR_MALFORMED,
                   "Read reply announces %" G_GSIZE_FORMAT
                   " bytes of blocks but carries %" G_GSIZE_FORMAT,
                   total - lengths, len - lengths);
      return FALSE;
    }
  blocks->text = data + lengths;
  blocks->photo = blocks->text + blocks->text_len;
  blocks->fingerprint = blocks->fingerprint_len ? blocks->photo + blocks->photo_len : NULL;
  if (blocks->photo_len == 0)
    blocks->photo = NULL;
  return TRUE;
}

/* ---- streaming decoder --------------------------------------------------- */

KioskSamDecoder *
kiosk_sam_decoder_new (void)
{
  KioskSamDecoder *decoder = g_new0 (KioskSamDecoder, 1);

  /* Large enough for any legitimate frame, so that personal data is never
   * left behind in a buffer freed by a reallocation. */
  decoder->buffer = g_byte_array_sized_new (2 * KIOSK_SAM_MAX_LENGTH);
  return decoder;
}

void
kiosk_sam_decoder_free (KioskSamDecoder *decoder)
{
  if (decoder == NULL)
    return;
  kiosk_sam_decoder_reset (decoder);
  g_byte_array_unref (decoder->buffer);
  g_free (decoder);
}

void
kiosk_sam_decoder_push (KioskSamDecoder *decoder, const guint8 *data, gsize len)
{
  g_return_if_fail (decoder != NULL);
  if (len > 0)
    g_byte_array_append (decoder->buffer, data, (guint) len);
}

void
kiosk_sam_decoder_reset (KioskSamDecoder *decoder)
{
  if (decoder->buffer->len > 0)
    explicit_bzero (decoder->buffer->data, decoder->buffer->len);
  g_byte_array_set_size (decoder->buffer, 0);
}

gsize
kiosk_sam_decoder_get_pending (KioskSamDecoder *decoder)
{
  return decoder->buffer->len;
}

guint64
kiosk_sam_decoder_get_skipped (KioskSamDecoder *decoder)
{
  return decoder->skipped;
}

static void
drop (KioskSamDecoder *decoder, gsize n, gboolean garbage)
{
  guint old_len = decoder->buffer->len;

  g_byte_array_remove_range (decoder->buffer, 0, (guint) n);
  /* The tail beyond the new length still holds moved-from bytes. */
  explicit_bzero (decoder->buffer->data + decoder->buffer->len, old_len - decoder->buffer->len);
  if (garbage)
    decoder->skipped += n;
}

KioskSamDecodeResult
kiosk_sam_decoder_next (KioskSamDecoder *decoder, KioskSamFrame **frame, GError **error)
{
  const guint8 *buf = decoder->buffer->data;
  gsize len = decoder->buffer->len;
  const guint8 *start;
  gsize length;

  g_return_val_if_fail (frame != NULL, KIOSK_SAM_DECODE_ERROR);
  *frame = NULL;

  start = len >= KIOSK_SAM_PREAMBLE_LEN
              ? memmem (buf, len, kiosk_sam_preamble, KIOSK_SAM_PREAMBLE_LEN)
              : NULL;
  if (start == NULL)
    {
      /* Keep a tail that may be the beginning of a preamble. */
      gsize keep = MIN (len, (gsize) KIOSK_SAM_PREAMBLE_LEN - 1);

      while (keep > 0 && memcmp (buf + len - keep, kiosk_sam_preamble, keep) != 0)
        keep--;
      drop (decoder, len - keep, TRUE);
      return KIOSK_SAM_DECODE_NEED_MORE;
    }
  if (start > buf)
    {
      drop (decoder, (gsize) (start - buf), TRUE);
      buf = decoder->buffer->data;
      len = decoder->buffer->len;
    }
  if (len < KIOSK_SAM_HEADER_LEN)
    return KIOSK_SAM_DECODE_NEED_MORE;
  if (!check_length (buf, &length, error))
    {
      drop (decoder, 1, TRUE);
      return KIOSK_SAM_DECODE_ERROR;
    }
  if (len < KIOSK_SAM_HEADER_LEN + length)
    return KIOSK_SAM_DECODE_NEED_MORE;
  *frame = take_frame (buf, length, error);
  if (*frame == NULL)
    {
      /* Only the preamble is known bad: a real frame may begin inside the
       * bytes the bad length claimed. */
      drop (decoder, 1, TRUE);
      return KIOSK_SAM_DECODE_ERROR;
    }
  drop (decoder, KIOSK_SAM_HEADER_LEN + length, FALSE);
  return KIOSK_SAM_DECODE_FRAME;
}
