/* test-sam-frame.c — the pure frame codec, the streaming decoder (resync
 * after garbage, partial frames, bad checksums and lengths) and the SW3
 * table */
#include "config.h"

#include <string.h>

#include "kiosk-device-error.h"
#include "kiosk-sam-frame.h"
#include "kiosk-sam-status.h"
#include "kiosk-test.h"

/* From DEVICE-FACTS.md: find card, and the reply "card found". */
static const guint8 find_request[] = { 0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x20, 0x01, 0x22 };
static const guint8 find_reply[]
    = { 0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x08, 0x00, 0x00, 0x9F, 0x00, 0x00, 0x00, 0x00, 0x97 };

static void
test_encode_known (void)
{
  g_autoptr (GBytes) request = kiosk_sam_frame_encode_request (KIOSK_SAM_CMD_FIND_CARD, NULL, 0);
  g_autoptr (GBytes) reply = NULL;
  const guint8 zero[4] = { 0 };
  gsize len;
  const guint8 *data = g_bytes_get_data (request, &len);

  g_assert_cmpmem (data, len, find_request, sizeof find_request);
  reply = kiosk_sam_frame_encode_reply (0x00, 0x00, 0x9F, zero, sizeof zero);
  data = g_bytes_get_data (reply, &len);
  g_assert_cmpmem (data, len, find_reply, sizeof find_reply);
}

static void
test_encode_all_commands (void)
{
  /* cmd, para, checksum = 00 ^ 03 ^ cmd ^ para */
  static const guint8 commands[][2]
      = { { KIOSK_SAM_CMD_SAM_STATUS },      { KIOSK_SAM_CMD_SAM_ID },
          { KIOSK_SAM_CMD_FIND_CARD },       { KIOSK_SAM_CMD_SELECT_CARD },
          { KIOSK_SAM_CMD_READ_TEXT_PHOTO }, { KIOSK_SAM_CMD_READ_TEXT_PHOTO_FP } };

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr (GBytes) frame
          = kiosk_sam_frame_encode_request (commands[i][0], commands[i][1], NULL, 0);
      gsize len;
      const guint8 *data = g_bytes_get_data (frame, &len);
      g_autoptr (KioskSamFrame) parsed = NULL;
      g_autoptr (GError) error = NULL;
      gsize consumed = 0;
      guint8 cmd, para;

      g_assert_cmpuint (len, ==, 10);
      g_assert_cmpuint (data[9], ==, 0x03 ^ commands[i][0] ^ commands[i][1]);
      parsed = kiosk_sam_frame_parse (data, len, &consumed, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (consumed, ==, 10);
      g_assert_true (kiosk_sam_frame_get_command (parsed, &cmd, &para, &error));
      g_assert_cmpuint (cmd, ==, commands[i][0]);
      g_assert_cmpuint (para, ==, commands[i][1]);
    }
}

static void
test_parse_known_reply (void)
{
  g_autoptr (GError) error = NULL;
  gsize consumed;
  g_autoptr (KioskSamFrame) frame
      = kiosk_sam_frame_parse (find_reply, sizeof find_reply, &consumed, &error);
  guint8 sw1, sw2, sw3;

  g_assert_no_error (error);
  g_assert_cmpuint (consumed, ==, sizeof find_reply);
  g_assert_cmpuint (frame->payload_len, ==, 7);
  g_assert_true (kiosk_sam_frame_get_status (frame, &sw1, &sw2, &sw3, &error));
  g_assert_cmpuint (sw1, ==, 0);
  g_assert_cmpuint (sw2, ==, 0);
  g_assert_cmpuint (sw3, ==, 0x9F);
}

static void
expect_parse_error (const guint8 *data, gsize len, KioskSamFrameError code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSamFrame) frame = kiosk_sam_frame_parse (data, len, NULL, &error);

  g_assert_null (frame);
  g_assert_error (error, KIOSK_SAM_FRAME_ERROR, (gint) code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
test_parse_errors (void)
{
  guint8 buf[64];

  expect_parse_error (NULL, 0, KIOSK_SAM_FRAME_ERROR_NO_PREAMBLE);
  expect_parse_error ((const guint8 *) "\x00\xAA", 2, KIOSK_SAM_FRAME_ERROR_NO_PREAMBLE);
  /* Every proper prefix of a valid frame is truncated. */
  for (gsize n = 1; n < sizeof find_reply; n++)
    expect_parse_error (find_reply, n, KIOSK_SAM_FRAME_ERROR_TRUNCATED);
  /* Lengths below the minimum and above the maximum. */
  memcpy (buf, find_request, sizeof find_request);
  buf[5] = 0x00, buf[6] = 0x02;
  expect_parse_error (buf, sizeof find_request, KIOSK_SAM_FRAME_ERROR_BAD_LENGTH);
  buf[5] = 0xFF, buf[6] = 0xFF;
  expect_parse_error (buf, sizeof find_request, KIOSK_SAM_FRAME_ERROR_BAD_LENGTH);
  /* Any flipped bit in the payload or checksum is caught. */
  for (gsize i = 7; i < sizeof find_reply; i++)
    for (int bit = 0; bit < 8; bit++)
      {
        memcpy (buf, find_reply, sizeof find_reply);
        buf[i] ^= (guint8) (1 << bit);
        expect_parse_error (buf, sizeof find_reply, KIOSK_SAM_FRAME_ERROR_BAD_CHECKSUM);
      }
}

static void
test_status_and_command_too_short (void)
{
  const guint8 payload[] = { 0x90 };
  g_autoptr (GBytes) bytes = kiosk_sam_frame_encode (payload, sizeof payload);
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSamFrame) frame = NULL;
  guint8 a, b, c;

  /* Length 2 is below the minimum: refused by the parser already. */
  expect_parse_error (data, len, KIOSK_SAM_FRAME_ERROR_BAD_LENGTH);

  /* A two-byte payload is a valid request but too short for a reply. */
  frame = kiosk_sam_frame_parse (find_request, sizeof find_request, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (kiosk_sam_frame_get_status (frame, &a, &b, &c, &error));
  g_assert_error (error, KIOSK_SAM_FRAME_ERROR, KIOSK_SAM_FRAME_ERROR_MALFORMED);
}

static GBytes *
make_read_reply (gboolean fingerprint, gsize text_len, gsize photo_len, gsize fp_len, gsize extra)
{
  g_autoptr (GByteArray) data = g_byte_array_new ();
  guint8 lengths[6] = { (guint8) (text_len >> 8), (guint8) text_len,      (guint8) (photo_len >> 8),
                        (guint8) photo_len,       (guint8) (fp_len >> 8), (guint8) fp_len };
  gsize body = text_len + photo_len + (fingerprint ? fp_len : 0) + extra;

  g_byte_array_append (data, lengths, fingerprint ? 6 : 4);
  for (gsize i = 0; i < body; i++)
    {
      guint8 b = (guint8) i;

      g_byte_array_append (data, &b, 1);
    }
  return kiosk_sam_frame_encode_reply (0, 0, 0x90, data->data, data->len);
}

static void
test_read_blocks (void)
{
  struct
  {
    gboolean fp;
    gsize text, photo, fpl, extra;
    gboolean ok;
  } cases[] = {
    { FALSE, 256, 1024, 0, 0, TRUE },  { TRUE, 256, 1024, 1024, 0, TRUE },
    { TRUE, 256, 1024, 512, 0, TRUE }, { TRUE, 256, 1024, 0, 0, TRUE },
    { FALSE, 256, 1024, 0, 1, FALSE }, { FALSE, 256, 0, 0, 0, TRUE },
    { FALSE, 300, 1024, 0, 0, TRUE },  { TRUE, 256, 1024, 1024, 5, FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GBytes) bytes = make_read_reply (cases[i].fp, cases[i].text, cases[i].photo,
                                                  cases[i].fpl, cases[i].extra);
      gsize len;
      const guint8 *data = g_bytes_get_data (bytes, &len);
      g_autoptr (GError) error = NULL;
      g_autoptr (KioskSamFrame) frame = kiosk_sam_frame_parse (data, len, NULL, &error);
      KioskSamReadBlocks blocks;

      g_assert_no_error (error);
      if (!cases[i].ok)
        {
          g_assert_false (kiosk_sam_frame_get_read_blocks (frame, cases[i].fp, &blocks, &error));
          g_assert_error (error, KIOSK_SAM_FRAME_ERROR, KIOSK_SAM_FRAME_ERROR_MALFORMED);
          continue;
        }
      g_assert_true (kiosk_sam_frame_get_read_blocks (frame, cases[i].fp, &blocks, &error));
      g_assert_cmpuint (blocks.text_len, ==, cases[i].text);
      g_assert_cmpuint (blocks.photo_len, ==, cases[i].photo);
      g_assert_cmpuint (blocks.fingerprint_len, ==, cases[i].fp ? cases[i].fpl : 0);
      g_assert_true (blocks.text == frame->payload + 3 + (cases[i].fp ? 6 : 4));
      g_assert_true ((blocks.photo == NULL) == (cases[i].photo == 0));
      g_assert_true ((blocks.fingerprint == NULL) == (blocks.fingerprint_len == 0));
    }

  /* The real 30 01 reply is 1295 bytes on the wire. */
  {
    g_autoptr (GBytes) bytes = make_read_reply (FALSE, 256, 1024, 0, 0);

    g_assert_cmpuint (g_bytes_get_size (bytes), ==, 1295);
  }
  /* A reply without room for the lengths. */
  {
    g_autoptr (GBytes) bytes = kiosk_sam_frame_encode_reply (0, 0, 0x90, NULL, 0);
    gsize len;
    const guint8 *data = g_bytes_get_data (bytes, &len);
    g_autoptr (KioskSamFrame) frame = kiosk_sam_frame_parse (data, len, NULL, NULL);
    g_autoptr (GError) error = NULL;
    KioskSamReadBlocks blocks;

    g_assert_false (kiosk_sam_frame_get_read_blocks (frame, FALSE, &blocks, &error));
    g_assert_error (error, KIOSK_SAM_FRAME_ERROR, KIOSK_SAM_FRAME_ERROR_MALFORMED);
  }
}

/* Feeds `data` to a decoder in chunks of `chunk` bytes; collects frames
 * and counts errors. */
static GPtrArray *
decode_all (const guint8 *data, gsize len, gsize chunk, guint *errors, guint64 *skipped)
{
  g_autoptr (KioskSamDecoder) decoder = kiosk_sam_decoder_new ();
  GPtrArray *frames = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_sam_frame_free);

  *errors = 0;
  for (gsize off = 0; off < len; off += chunk)
    {
      kiosk_sam_decoder_push (decoder, data + off, MIN (chunk, len - off));
      for (;;)
        {
          KioskSamFrame *frame = NULL;
          g_autoptr (GError) error = NULL;
          KioskSamDecodeResult r = kiosk_sam_decoder_next (decoder, &frame, &error);

          if (r == KIOSK_SAM_DECODE_NEED_MORE)
            break;
          if (r == KIOSK_SAM_DECODE_ERROR)
            {
              g_assert_nonnull (error);
              g_assert_null (frame);
              (*errors)++;
              continue;
            }
          g_assert_no_error (error);
          g_ptr_array_add (frames, frame);
        }
    }
  if (skipped != NULL)
    *skipped = kiosk_sam_decoder_get_skipped (decoder);
  return frames;
}

static void
test_decoder_stream (void)
{
  g_autoptr (GByteArray) stream = g_byte_array_new ();
  const guint8 noise1[] = { 0x00, 0xFF, 0xAA, 0x13 };
  const guint8 noise2[] = { 0xAA, 0xAA, 0x96, 0x69, 0x00 };       /* a broken preamble */
  const guint8 noise3[] = { 0xAA, 0xAA, 0xAA, 0x96, 0xAA, 0xAA }; /* almost */

  g_byte_array_append (stream, noise1, sizeof noise1);
  g_byte_array_append (stream, find_reply, sizeof find_reply);
  g_byte_array_append (stream, noise2, sizeof noise2);
  g_byte_array_append (stream, find_request, sizeof find_request);
  g_byte_array_append (stream, noise3, sizeof noise3);
  g_byte_array_append (stream, find_reply, sizeof find_reply);

  /* Byte by byte, in odd chunks and all at once: the same three frames. */
  for (gsize chunk = 1; chunk <= stream->len; chunk = chunk < 8 ? chunk + 1 : stream->len)
    {
      guint errors;
      guint64 skipped;
      g_autoptr (GPtrArray) frames
          = decode_all (stream->data, stream->len, chunk, &errors, &skipped);

      g_assert_cmpuint (frames->len, ==, 3);
      g_assert_cmpuint (errors, ==, 0);
      g_assert_cmpuint (skipped, ==, sizeof noise1 + sizeof noise2 + sizeof noise3);
      g_assert_cmpuint (((KioskSamFrame *) frames->pdata[1])->payload_len, ==, 2);
      if (chunk == stream->len)
        break;
    }
}

static void
test_decoder_bad_frames (void)
{
  g_autoptr (GByteArray) stream = g_byte_array_new ();
  guint8 bad_sum[sizeof find_reply];
  guint8 bad_len[sizeof find_reply];
  guint errors;
  g_autoptr (GPtrArray) frames = NULL;
  g_autoptr (KioskSamDecoder) decoder = kiosk_sam_decoder_new ();
  KioskSamFrame *frame = NULL;
  g_autoptr (GError) error = NULL;

  memcpy (bad_sum, find_reply, sizeof bad_sum);
  bad_sum[sizeof bad_sum - 1] ^= 0xFF;
  memcpy (bad_len, find_reply, sizeof bad_len);
  bad_len[5] = 0x7F;

  g_byte_array_append (stream, bad_sum, sizeof bad_sum);
  g_byte_array_append (stream, find_reply, sizeof find_reply);
  g_byte_array_append (stream, bad_len, sizeof bad_len);
  g_byte_array_append (stream, find_reply, sizeof find_reply);
  frames = decode_all (stream->data, stream->len, 3, &errors, NULL);
  /* Each bad frame is reported once, and the good ones after it survive. */
  g_assert_cmpuint (errors, ==, 2);
  g_assert_cmpuint (frames->len, ==, 2);

  /* A partial frame waits; reset forgets it. */
  kiosk_sam_decoder_push (decoder, find_reply, 9);
  g_assert_cmpint (kiosk_sam_decoder_next (decoder, &frame, &error), ==,
                   KIOSK_SAM_DECODE_NEED_MORE);
  g_assert_cmpuint (kiosk_sam_decoder_get_pending (decoder), ==, 9);
  kiosk_sam_decoder_reset (decoder);
  g_assert_cmpuint (kiosk_sam_decoder_get_pending (decoder), ==, 0);
  kiosk_sam_decoder_push (decoder, find_reply + 9, sizeof find_reply - 9);
  g_assert_cmpint (kiosk_sam_decoder_next (decoder, &frame, &error), ==,
                   KIOSK_SAM_DECODE_NEED_MORE);
  /* Garbage alone never grows the buffer beyond a possible preamble start. */
  for (int i = 0; i < 1000; i++)
    kiosk_sam_decoder_push (decoder, (const guint8 *) "\x01\x02\xAA\xAA", 4);
  g_assert_cmpint (kiosk_sam_decoder_next (decoder, &frame, &error), ==,
                   KIOSK_SAM_DECODE_NEED_MORE);
  g_assert_cmpuint (kiosk_sam_decoder_get_pending (decoder), <=, 4);
}

static void
test_random_input (void)
{
  GRand *rand = g_rand_new_with_seed (20240511);

  /* Random bytes, and valid frames with random damage: never a crash, and
   * a successful parse always re-encodes to the same bytes. */
  for (int round = 0; round < 20000; round++)
    {
      guint8 buf[96];
      gsize len = (gsize) g_rand_int_range (rand, 0, sizeof buf);
      g_autoptr (KioskSamFrame) frame = NULL;
      g_autoptr (GError) error = NULL;
      gsize consumed = 0;
      guint errors;
      g_autoptr (GPtrArray) frames = NULL;

      for (gsize i = 0; i < len; i++)
        buf[i] = (guint8) g_rand_int (rand);
      if (round % 2 == 0 && len >= sizeof find_reply)
        {
          memcpy (buf, find_reply, sizeof find_reply);
          buf[g_rand_int_range (rand, 0, sizeof find_reply)] ^= (guint8) g_rand_int (rand);
          if (round % 4 == 0)
            buf[5] = 0, buf[6] = (guint8) g_rand_int_range (rand, 0, 40);
        }
      frame = kiosk_sam_frame_parse (buf, len, &consumed, &error);
      if (frame != NULL)
        {
          g_autoptr (GBytes) again = kiosk_sam_frame_encode (frame->payload, frame->payload_len);
          gsize again_len;
          const guint8 *again_data = g_bytes_get_data (again, &again_len);

          g_assert_no_error (error);
          g_assert_cmpmem (again_data, again_len, buf, consumed);
        }
      else
        g_assert_true (error != NULL && error->domain == KIOSK_SAM_FRAME_ERROR);
      frames = decode_all (buf, len, 1 + (gsize) g_rand_int_range (rand, 0, 16), &errors, NULL);
    }
  g_rand_free (rand);
}

/* ---- SW3 -------------------------------------------------------------------- */

static void
test_status_table (void)
{
  static const guint8 listed[] = { 0x90, 0x9F, 0x91, 0x10, 0x11, 0x21, 0x23, 0x24, 0x31,
                                   0x32, 0x33, 0x40, 0x41, 0x47, 0x60, 0x66, 0x80, 0x81 };

  for (gsize i = 0; i < G_N_ELEMENTS (listed); i++)
    {
      g_autofree char *hex = g_strdup_printf ("0x%02X", listed[i]);
      const char *message = kiosk_sam_status_message (listed[i]);
      g_autoptr (GError) error = kiosk_sam_status_to_error (listed[i]);

      g_assert_true (g_str_has_prefix (message, hex));
      g_assert_null (strstr (message, "unknown status"));
      g_assert_cmpint (kiosk_sam_status_is_success (listed[i]), ==, error == NULL);
    }
  {
    g_autoptr (GError) no_card = kiosk_sam_status_to_error (0x80);
    g_autoptr (GError) moved = kiosk_sam_status_to_error (0x41);
    g_autoptr (GError) selftest = kiosk_sam_status_to_error (0x60);
    g_autoptr (GError) checksum = kiosk_sam_status_to_error (0x10);
    g_autoptr (GError) command = kiosk_sam_status_to_error (0x21);
    g_autoptr (GError) odd = kiosk_sam_status_to_error (0x5A);

    g_assert_error (no_card, KIOSK_DEVICE_USER_ERROR, KIOSK_DEVICE_USER_ERROR_NO_CARD);
    g_assert_error (moved, KIOSK_DEVICE_USER_ERROR, KIOSK_DEVICE_USER_ERROR_PLACE_FLAT);
    g_assert_error (selftest, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED);
    g_assert_error (checksum, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_PROTOCOL);
    g_assert_error (command, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_SUPPORTED);
    g_assert_error (odd, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_PROTOCOL);
    g_assert_nonnull (strstr (odd->message, "0x5A"));
    g_assert_true (kiosk_sam_status_is_line_error (0x10));
    g_assert_true (kiosk_sam_status_is_line_error (0x11));
    g_assert_false (kiosk_sam_status_is_line_error (0x41));
  }
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);

  g_test_add_func ("/sam-frame/encode-known", test_encode_known);
  g_test_add_func ("/sam-frame/encode-all-commands", test_encode_all_commands);
  g_test_add_func ("/sam-frame/parse-known-reply", test_parse_known_reply);
  g_test_add_func ("/sam-frame/parse-errors", test_parse_errors);
  g_test_add_func ("/sam-frame/too-short", test_status_and_command_too_short);
  g_test_add_func ("/sam-frame/read-blocks", test_read_blocks);
  g_test_add_func ("/sam-frame/decoder/stream", test_decoder_stream);
  g_test_add_func ("/sam-frame/decoder/bad-frames", test_decoder_bad_frames);
  g_test_add_func ("/sam-frame/random", test_random_input);
  g_test_add_func ("/sam-status/table", test_status_table);

  return kiosk_test_run ();
}
