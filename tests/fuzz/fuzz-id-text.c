/* fuzz-id-text.c — libFuzzer target for the 256-byte ID card text block.
 * Inputs shorter or longer than 256 bytes exercise the length check; a
 * block that parses must re-encode and parse to the same card. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "kiosk-id-text.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gboolean
same (const char *a, const char *b)
{
  return g_strcmp0 (a, b) == 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (KioskIdCardData) card = kiosk_id_text_parse (data, size, NULL);
  g_autoptr (KioskIdCardData) back = NULL;
  guint8 block[KIOSK_ID_TEXT_LEN];

  if (card == NULL)
    return 0;
  if (size != KIOSK_ID_TEXT_LEN)
    __builtin_trap ();
  if (!kiosk_id_text_encode (card, block, NULL))
    __builtin_trap ();
  back = kiosk_id_text_parse (block, sizeof block, NULL);
  if (back == NULL || back->type != card->type || !same (back->name, card->name)
      || !same (back->english_name, card->english_name) || !same (back->id_number, card->id_number)
      || !same (back->address, card->address) || !same (back->valid_to, card->valid_to)
      || back->valid_long_term != card->valid_long_term || back->sex != card->sex
      || back->issue_count != card->issue_count)
    __builtin_trap ();
  return 0;
}
