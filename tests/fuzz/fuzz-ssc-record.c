/* fuzz-ssc-record.c — libFuzzer target for the EF05/EF06 record codec.
 *
 * The whole input is decoded as one record; every record it accepts must
 * encode back and decode to the same field. Then the input is split into
 * length-prefixed records filling one KioskSscCardData, and tried as the
 * text form of the field chosen by its first byte. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "kiosk-ssc-record.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
round_trip (const KioskSscCardData *card, guint8 tag)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) record = kiosk_ssc_record_encode (card, tag, &error);
  g_autoptr (KioskSscCardData) back = kiosk_ssc_card_data_new ();
  g_autoptr (GBytes) again = NULL;

  if (record == NULL)
    __builtin_trap (); /* decoded values are always encodable */
  if (!kiosk_ssc_record_decode (g_bytes_get_data (record, NULL), g_bytes_get_size (record), back,
                                &error))
    __builtin_trap ();
  /* The same field again: encode the decoded copy and compare bytes. */
  again = kiosk_ssc_record_encode (back, tag, &error);
  if (again == NULL || !g_bytes_equal (record, again))
    __builtin_trap ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (KioskSscCardData) card = kiosk_ssc_card_data_new ();
  g_autoptr (KioskSscCardData) many = kiosk_ssc_card_data_new ();
  g_autoptr (GError) error = NULL;
  KioskSscRecord record;
  size_t off = 0;

  if (size > 64 * 1024)
    return 0;

  if (kiosk_ssc_record_parse (data, size, &record, NULL))
    {
      if (record.value + record.len > data + size)
        __builtin_trap ();
    }
  if (kiosk_ssc_record_decode (data, size, card, &error))
    {
      if (error != NULL || !kiosk_ssc_card_data_has (card, data[0]))
        __builtin_trap ();
      round_trip (card, data[0]);
    }
  else if (error == NULL || card->present != 0)
    __builtin_trap ();
  g_clear_error (&error);

  while (off < size)
    {
      size_t len = data[off++];

      if (len > size - off)
        len = size - off;
      if (kiosk_ssc_record_decode (data + off, len, many, NULL))
        round_trip (many, data[off]);
      off += len;
    }
  kiosk_ssc_card_data_check_file (many, KIOSK_SSC_FILE_EF05, NULL);
  kiosk_ssc_card_data_check_file (many, KIOSK_SSC_FILE_EF06, NULL);

  if (size > 1)
    {
      g_autofree char *text = g_strndup ((const char *) data + 1, size - 1);
      guint8 tag = data[0];

      if (kiosk_ssc_card_data_set_text (card, tag, text, NULL))
        round_trip (card, tag);
    }
  return 0;
}
