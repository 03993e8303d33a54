/* fuzz-apdu-response.c — libFuzzer target for the APDU layer: the command
 * parser (round trip), the 61xx/6Cxx exchange fed input-chosen replies, and
 * the virtual card answering input-chosen commands.
 *
 * Input: a mode byte (low nibble: the card's 61xx chunk size, 0 off; bit 4:
 * strict Le) and a sequence of chunks, each a length byte and that many
 * bytes. The whole input is also tried as one command APDU. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "kiosk-apdu.h"
#include "kiosk-apdu-exchange.h"
#include "kiosk-vcard-card.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const char card_file[]
    = "[records]\n"
      "ef05.1=0110220100D1560000050123456789ABCDEF\n"
      "ef05.2=020133\n"
      "ef05.7=0709443030303030313256\n"
      "ef06.2=091ECEC0CEE50000000000000000000000000000000000000000000000000000\n";

static void
check_command (const uint8_t *data, size_t size)
{
  KioskApdu apdu;
  g_autoptr (GBytes) again = NULL;

  if (!kiosk_apdu_parse (data, size, &apdu, NULL))
    return;
  /* A short APDU has one encoding: building it back gives the same bytes. */
  again = kiosk_apdu_build (apdu.cla, apdu.ins, apdu.p1, apdu.p2, apdu.data, apdu.lc,
                            apdu.has_le ? (gint) apdu.le : -1);
  if (g_bytes_get_size (again) != size || memcmp (g_bytes_get_data (again, NULL), data, size) != 0)
    __builtin_trap ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const guint8 read_record[] = { 0x00, 0xB2, 0x01, 0x04, 0x00 };
  g_autoptr (GBytes) command = g_bytes_new_static (read_record, sizeof read_record);
  g_autoptr (KioskApduExchange) exchange = kiosk_apdu_exchange_new (command);
  g_autoptr (KioskVcardCard) card = kiosk_vcard_card_new ();
  size_t off = 1;

  if (size > 64 * 1024)
    return 0;
  check_command (data, size);
  if (!kiosk_vcard_card_load_data (card, card_file, sizeof card_file - 1, NULL))
    __builtin_trap ();
  if (size > 0)
    {
      kiosk_vcard_card_set_chain (card, data[0] & 0x0F);
      kiosk_vcard_card_set_strict_le (card, (data[0] & 0x10) != 0);
    }

  while (off < size)
    {
      size_t len = data[off++];
      g_autoptr (GBytes) reply = NULL;
      GBytes *next;

      if (len > size - off)
        len = size - off;

      /* The chunk as a reply to the command in flight. */
      if (!kiosk_apdu_exchange_is_done (exchange))
        {
          g_autoptr (GError) error = NULL;
          gsize got = 0;

          if (!kiosk_apdu_exchange_feed (exchange, data + off, len, &error))
            {
              if (error == NULL || !kiosk_apdu_exchange_is_done (exchange))
                __builtin_trap ();
            }
          next = kiosk_apdu_exchange_next_command (exchange);
          if (next != NULL)
            {
              KioskApdu apdu;

              /* Whatever the card said, the next command is well formed. */
              if (!kiosk_apdu_parse (g_bytes_get_data (next, NULL), g_bytes_get_size (next), &apdu,
                                     NULL))
                __builtin_trap ();
            }
          kiosk_apdu_exchange_get_data (exchange, &got);
          if (got > KIOSK_APDU_EXCHANGE_MAX_DATA
              || kiosk_apdu_exchange_get_n_get_response (exchange)
                     > KIOSK_APDU_EXCHANGE_MAX_GET_RESPONSE)
            __builtin_trap ();
        }

      /* The chunk as a command to the virtual card: always a status word. */
      check_command (data + off, len);
      reply = kiosk_vcard_card_process (card, data + off, len);
      if (reply == NULL || g_bytes_get_size (reply) < 2 || g_bytes_get_size (reply) > 258)
        __builtin_trap ();
      off += len;
    }
  return 0;
}
