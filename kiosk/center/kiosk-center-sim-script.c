/* kiosk-center-sim-script.c — the simulator's chip-personalisation script
 *
 * The APDUs follow DEVICE-FACTS.md ("Social security card chip"):
 *   SELECT the SSSE DDF by name · GET CHALLENGE · EXTERNAL AUTHENTICATE ·
 *   UPDATE RECORD of EF05 (issuer data) and EF06 (holder data).
 * UPDATE RECORD addresses the file by its short identifier in P2
 * (P2 = SFI << 3 | 4: 0x2C for EF05, 0x34 for EF06), the same way the public
 * kiosk code reads EF05 record 7 (`00 B2 07 2C 0B`); the data is the record
 * as READ RECORD returns it: tag, length, value.
 *
 * The EXTERNAL AUTHENTICATE cryptogram is a documented PLACEHOLDER: a real
 * center computes it in its HSM from the card's challenge and the issuer
 * keys, which the kiosk never holds. The simulator sends the first 8 bytes
 * of SHA-256("sskiosk-sim-placeholder:" + application ID); the virtual card
 * accepts any cryptogram after a GET CHALLENGE.
 */
#include "config.h"

#define G_LOG_DOMAIN "kiosk-center"

#include "kiosk-center-sim-private.h"

#include <string.h>

#define SFI_EF05 0x05
#define SFI_EF06 0x06

/* sx1.sh.社会保障 in GBK */
static const guint8 select_ssse[] = {
  0x00, 0xA4, 0x04, 0x00, 0x0F, 0x73, 0x78, 0x31, 0x2E, 0x73,
  0x68, 0x2E, 0xC9, 0xE7, 0xBB, 0xE1, 0xB1, 0xA3, 0xD5, 0xCF,
};

static void
update_record (KioskApduScript *script,
               guint8 sfi,
               guint8 record,
               guint8 tag,
               const guint8 *value,
               gsize len,
               const char *description)
{
  guint8 apdu[5 + 2 + 64];

  g_return_if_fail (len <= 64);
  apdu[0] = 0x00;
  apdu[1] = 0xDC;
  apdu[2] = record;
  apdu[3] = (guint8) (sfi << 3 | 0x04);
  apdu[4] = (guint8) (len + 2);
  apdu[5] = tag;
  apdu[6] = (guint8) len;
  memcpy (apdu + 7, value, len);
  kiosk_apdu_script_add (script, apdu, 7 + len, description, 0x9000, 0);
}

/* "20240501" → 20 24 05 01; `digits` has an even number of decimal digits. */
static void
to_bcd (const char *digits, guint8 *out)
{
  for (gsize i = 0; digits[i] != '\0' && digits[i + 1] != '\0'; i += 2)
    out[i / 2] = (guint8) ((digits[i] - '0') << 4 | (digits[i + 1] - '0'));
}

static void
date_bcd (const GDate *date, guint8 out[4])
{
  char digits[9];

  g_snprintf (digits, sizeof digits, "%04u%02u%02u", g_date_get_year (date) % 10000,
              g_date_get_month (date), g_date_get_day (date));
  to_bcd (digits, out);
}

/* The name in GB18030, cut at a character boundary to fit 30 bytes and
 * zero-padded. */
static void
name_field (const char *name, guint8 out[30])
{
  memset (out, 0, 30);
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      g_autofree char *prefix = g_strndup (name, (gsize) (g_utf8_next_char (p) - name));
      gsize written = 0;
      g_autofree char *gb = g_convert (prefix, -1, "GB18030", "UTF-8", NULL, &written, NULL);

      if (gb == NULL || written > 30)
        break;
      memset (out, 0, 30);
      memcpy (out, gb, written);
    }
}

KioskApduScript *
kiosk_center_sim_build_script (const KioskCenterSimCardData *data)
{
  g_autoptr (KioskApduScript) script = kiosk_apdu_script_new ();
  g_autofree char *seed = NULL;
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  guint8 auth[5 + 8] = { 0x00, 0x82, 0x00, 0x00, 0x08 };
  static const guint8 challenge[] = { 0x00, 0x84, 0x00, 0x00, 0x08 };
  guint8 buf[32];
  GDate expiry;
  guint nation;

  g_return_val_if_fail (data != NULL && data->id_number != NULL && strlen (data->id_number) == 18,
                        NULL);
  g_return_val_if_fail (data->card_number != NULL && strlen (data->card_number) == 9, NULL);
  g_return_val_if_fail (g_date_valid (&data->issued_on), NULL);

  kiosk_apdu_script_add (script, select_ssse, sizeof select_ssse, "select SSSE DDF", 0x9000, 0);
  kiosk_apdu_script_add (script, challenge, sizeof challenge, "get challenge", 0x9000, 0);

  seed = g_strconcat ("sskiosk-sim-placeholder:", data->application_id, NULL);
  g_checksum_update (sum, (const guchar *) seed, -1);
  g_checksum_get_digest (sum, digest, &digest_len);
  memcpy (auth + 5, digest, 8);
  kiosk_apdu_script_add (script, auth, sizeof auth,
                         "external authenticate (simulator placeholder cryptogram)", 0x9000, 0);

  /* EF05 01: card identification code, 16 bytes: issuing region 220100
   * (BCD) · D156000005 · 8 bytes derived from the card number. */
  g_checksum_reset (sum);
  g_checksum_update (sum, (const guchar *) data->card_number, -1);
  digest_len = sizeof digest;
  g_checksum_get_digest (sum, digest, &digest_len);
  to_bcd ("220100", buf);
  memcpy (buf + 3, (const guint8[]){ 0xD1, 0x56, 0x00, 0x00, 0x05 }, 5);
  memcpy (buf + 8, digest, 8);
  update_record (script, SFI_EF05, 0x01, 0x01, buf, 16, "EF05 card identification code");
  update_record (script, SFI_EF05, 0x02, 0x02, (const guint8 *) "3", 1, "EF05 card type");
  update_record (script, SFI_EF05, 0x03, 0x03, (const guint8 *) "2.00", 4, "EF05 spec version");
  update_record (script, SFI_EF05, 0x04, 0x04, (const guint8 *) "220100000000", 12,
                 "EF05 issuing organisation");
  date_bcd (&data->issued_on, buf);
  update_record (script, SFI_EF05, 0x05, 0x05, buf, 4, "EF05 issue date");
  expiry = data->issued_on;
  g_date_add_years (&expiry, 10);
  date_bcd (&expiry, buf);
  update_record (script, SFI_EF05, 0x06, 0x06, buf, 4, "EF05 expiry date");
  update_record (script, SFI_EF05, 0x07, 0x07, (const guint8 *) data->card_number, 9,
                 "EF05 card number");

  /* EF06: record numbers differ from the identifiers (DEVICE-FACTS.md). */
  update_record (script, SFI_EF06, 0x01, 0x08, (const guint8 *) data->id_number, 18,
                 "EF06 social security number");
  name_field (data->name != NULL ? data->name : "", buf);
  update_record (script, SFI_EF06, 0x02, 0x09, buf, 30, "EF06 name");
  buf[0] = (guint8) (((data->id_number[16] - '0') % 2 == 1) ? '1' : '2');
  update_record (script, SFI_EF06, 0x04, 0x0A, buf, 1, "EF06 sex");
  nation = data->nation != NULL ? (guint) g_ascii_strtoull (data->nation, NULL, 10) : 1;
  buf[0] = (guint8) (nation <= 98 ? nation : 0);
  update_record (script, SFI_EF06, 0x05, 0x0B, buf, 1, "EF06 nation");
  {
    char region[7];
    char birth[9];

    memcpy (region, data->id_number, 6);
    region[6] = '\0';
    memcpy (birth, data->id_number + 6, 8);
    birth[8] = '\0';
    to_bcd (region, buf);
    update_record (script, SFI_EF06, 0x06, 0x0C, buf, 3, "EF06 birthplace");
    to_bcd (birth, buf);
    update_record (script, SFI_EF06, 0x07, 0x0D, buf, 4, "EF06 birth date");
  }
  return g_steal_pointer (&script);
}
