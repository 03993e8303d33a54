/* fuzz-sam-frame.c — libFuzzer target for the SAM frame codec: the one-shot
 * parser, the streaming decoder (fed in input-chosen chunk sizes) and the
 * read-reply block splitter. Every accepted frame must re-encode to the
 * bytes it came from. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "kiosk-sam-frame.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_frame (const KioskSamFrame *frame)
{
  KioskSamReadBlocks blocks;
  guint8 a, b, c;

  kiosk_sam_frame_get_status (frame, &a, &b, &c, NULL);
  kiosk_sam_frame_get_command (frame, &a, &b, NULL);
  for (int fp = 0; fp < 2; fp++)
    if (kiosk_sam_frame_get_read_blocks (frame, fp, &blocks, NULL))
      {
        const guint8 *end = frame->payload + frame->payload_len;

        if (blocks.text + blocks.text_len > end
            || (blocks.photo && blocks.photo + blocks.photo_len > end)
            || (blocks.fingerprint && blocks.fingerprint + blocks.fingerprint_len > end))
          __builtin_trap ();
      }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (KioskSamDecoder) decoder = kiosk_sam_decoder_new ();
  g_autoptr (KioskSamFrame) frame = NULL;
  gsize consumed = 0;
  gsize chunk = size > 0 ? (gsize) (data[0] % 17) + 1 : 1;

  frame = kiosk_sam_frame_parse (data, size, &consumed, NULL);
  if (frame != NULL)
    {
      g_autoptr (GBytes) again = kiosk_sam_frame_encode (frame->payload, frame->payload_len);

      if (consumed > size || g_bytes_get_size (again) != consumed
          || memcmp (g_bytes_get_data (again, NULL), data, consumed) != 0)
        __builtin_trap ();
      check_frame (frame);
    }

  for (gsize off = 0; off < size; off += chunk)
    {
      kiosk_sam_decoder_push (decoder, data + off, MIN (chunk, size - off));
      for (;;)
        {
          g_autoptr (KioskSamFrame) next = NULL;
          KioskSamDecodeResult r = kiosk_sam_decoder_next (decoder, &next, NULL);

          if (r == KIOSK_SAM_DECODE_NEED_MORE)
            break;
          if (r == KIOSK_SAM_DECODE_FRAME)
            check_frame (next);
        }
      if (kiosk_sam_decoder_get_pending (decoder)
          > KIOSK_SAM_HEADER_LEN + KIOSK_SAM_MAX_LENGTH + chunk)
        __builtin_trap ();
    }
  return 0;
}
