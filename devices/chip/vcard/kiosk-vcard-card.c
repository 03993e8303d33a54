/* kiosk-vcard-card.c — the virtual social security card: files, PIN, security state */
#define G_LOG_DOMAIN "kiosk-vcard"

#include "config.h"

#include <string.h>

#include "kiosk-apdu.h"
#include "kiosk-ssc-record.h"
#include "kiosk-vcard-card.h"

#define FID_MF 0x3F00

struct _KioskVcardCard
{
  /* Persistent. */
  GBytes *ef05[KIOSK_VCARD_N_RECORDS];
  GBytes *ef06[KIOSK_VCARD_N_RECORDS];
  char pin[7];
  guint pin_tries;
  guint pin_max;

  /* Volatile. */
  gboolean ddf_selected;
  guint16 current_ef; /* 0: none */
  gboolean challenge_valid;
  gboolean authenticated;
  GByteArray *held; /* chain mode: data waiting for GET RESPONSE */

  /* Modes. */
  guint chain;
  gboolean strict_le;

  gboolean dirty;
  guint n_updates;
  GRand *rand;
};

KioskVcardCard *
kiosk_vcard_card_new (void)
{
  KioskVcardCard *card = g_new0 (KioskVcardCard, 1);

  g_strlcpy (card->pin, "123456", sizeof card->pin);
  card->pin_tries = 3;
  card->pin_max = 3;
  card->held = g_byte_array_new ();
  card->rand = g_rand_new ();
  return card;
}

static void
clear_records (GBytes **records)
{
  for (guint i = 0; i < KIOSK_VCARD_N_RECORDS; i++)
    g_clear_pointer (&records[i], g_bytes_unref);
}

void
kiosk_vcard_card_free (KioskVcardCard *card)
{
  if (card == NULL)
    return;
  clear_records (card->ef05);
  clear_records (card->ef06);
  g_byte_array_unref (card->held);
  g_rand_free (card->rand);
  explicit_bzero (card, sizeof *card);
  g_free (card);
}

void
kiosk_vcard_card_reset (KioskVcardCard *card)
{
  card->ddf_selected = FALSE;
  card->current_ef = 0;
  card->challenge_valid = FALSE;
  card->authenticated = FALSE;
  g_byte_array_set_size (card->held, 0);
}

void
kiosk_vcard_card_blank (KioskVcardCard *card)
{
  clear_records (card->ef05);
  clear_records (card->ef06);
  kiosk_vcard_card_reset (card);
}

gboolean
kiosk_vcard_card_is_personalised (KioskVcardCard *card)
{
  for (guint i = 0; i < KIOSK_VCARD_N_RECORDS; i++)
    if (card->ef05[i] != NULL || card->ef06[i] != NULL)
      return TRUE;
  return FALSE;
}

static GBytes **
file_records (KioskVcardCard *card, guint16 file)
{
  return file == KIOSK_SSC_FILE_EF05 ? card->ef05 : file == KIOSK_SSC_FILE_EF06 ? card->ef06 : NULL;
}

GBytes *
kiosk_vcard_card_get_record (KioskVcardCard *card, guint16 file, guint number)
{
  GBytes **records = file_records (card, file);

  if (records == NULL || number < 1 || number > KIOSK_VCARD_N_RECORDS)
    return NULL;
  return records[number - 1] != NULL ? g_bytes_ref (records[number - 1]) : NULL;
}

void
kiosk_vcard_card_set_chain (KioskVcardCard *card, guint chunk)
{
  card->chain = MIN (chunk, 256);
}

void
kiosk_vcard_card_set_strict_le (KioskVcardCard *card, gboolean strict)
{
  card->strict_le = strict;
}

void
kiosk_vcard_card_set_pin_tries (KioskVcardCard *card, guint tries)
{
  card->pin_tries = MIN (tries, card->pin_max);
}

guint
kiosk_vcard_card_get_pin_tries (KioskVcardCard *card)
{
  return card->pin_tries;
}

gboolean
kiosk_vcard_card_take_dirty (KioskVcardCard *card)
{
  gboolean dirty = card->dirty;

  card->dirty = FALSE;
  return dirty;
}

guint
kiosk_vcard_card_get_n_updates (KioskVcardCard *card)
{
  return card->n_updates;
}

/* ---- card files ------------------------------------------------------------- */

static gboolean
load_pin (KioskVcardCard *card, GKeyFile *kf, GError **error)
{
  g_autofree char *pin = NULL;
  g_autoptr (GError) local = NULL;
  guint64 value;

  if (!g_key_file_has_group (kf, "card"))
    return TRUE;
  pin = g_key_file_get_string (kf, "card", "pin", NULL);
  if (pin != NULL)
    {
      guint8 bcd[3];

      if (strlen (pin) != 6 || !kiosk_apdu_pack_bcd (pin, bcd, sizeof bcd, NULL))
        {
          g_set_error_literal (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                               "[card] pin: 6 digits expected");
          return FALSE;
        }
      g_strlcpy (card->pin, pin, sizeof card->pin);
      explicit_bzero (pin, strlen (pin));
    }
  if (g_key_file_has_key (kf, "card", "pin_max", NULL))
    {
      value = g_key_file_get_uint64 (kf, "card", "pin_max", &local);
      if (local != NULL || value < 1 || value > 15)
        {
          g_set_error_literal (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                               "[card] pin_max: 1…15 expected");
          return FALSE;
        }
      card->pin_max = (guint) value;
      card->pin_tries = card->pin_max;
    }
  if (g_key_file_has_key (kf, "card", "pin_tries", NULL))
    {
      value = g_key_file_get_uint64 (kf, "card", "pin_tries", &local);
      if (local != NULL || value > card->pin_max)
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       "[card] pin_tries: 0…%u expected", card->pin_max);
          return FALSE;
        }
      card->pin_tries = (guint) value;
    }
  return TRUE;
}

static gboolean
load_fields (KioskVcardCard *card, GKeyFile *kf, GError **error)
{
  g_autoptr (KioskSscCardData) data = kiosk_ssc_card_data_new ();
  gsize n_fields = 0;
  const KioskSscField *fields = kiosk_ssc_fields (&n_fields);
  g_auto (GStrv) keys = g_key_file_get_keys (kf, "fields", NULL, NULL);

  for (gsize k = 0; keys != NULL && keys[k] != NULL; k++)
    {
      gboolean known = FALSE;

      for (gsize i = 0; i < n_fields; i++)
        known = known || g_str_equal (fields[i].key, keys[k]);
      if (!known)
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                       "[fields] %s: not a field of EF05 or EF06", keys[k]);
          return FALSE;
        }
    }

  for (gsize i = 0; i < n_fields; i++)
    {
      g_autofree char *text = g_key_file_get_string (kf, "fields", fields[i].key, NULL);
      g_autoptr (GBytes) record = NULL;
      g_autoptr (GError) local = NULL;
      GBytes **records;

      if (text == NULL)
        continue;
      if (!kiosk_ssc_card_data_set_text (data, fields[i].tag, text, &local)
          || (record = kiosk_ssc_record_encode (data, fields[i].tag, &local)) == NULL)
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE, "[fields] %s: %s",
                       fields[i].key, local->message);
          explicit_bzero (text, strlen (text));
          return FALSE;
        }
      explicit_bzero (text, strlen (text));
      records = file_records (card, fields[i].file);
      g_clear_pointer (&records[fields[i].record - 1], g_bytes_unref);
      records[fields[i].record - 1] = g_steal_pointer (&record);
    }
  return TRUE;
}

static gboolean
load_records (KioskVcardCard *card, GKeyFile *kf, GError **error)
{
  g_auto (GStrv) keys = g_key_file_get_keys (kf, "records", NULL, NULL);

  for (gsize k = 0; keys != NULL && keys[k] != NULL; k++)
    {
      guint16 file;
      guint64 number = 0;
      g_autofree char *hex = g_key_file_get_string (kf, "records", keys[k], NULL);
      g_autoptr (GBytes) record = NULL;
      KioskSscRecord parsed;
      GBytes **records;

      if (g_str_has_prefix (keys[k], "ef05."))
        file = KIOSK_SSC_FILE_EF05;
      else if (g_str_has_prefix (keys[k], "ef06."))
        file = KIOSK_SSC_FILE_EF06;
      else
        file = 0;
      if (file == 0
          || !g_ascii_string_to_unsigned (keys[k] + 5, 10, 1, KIOSK_VCARD_N_RECORDS, &number, NULL))
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                       "[records] %s: ef05.N or ef06.N with N 1…%d expected", keys[k],
                       KIOSK_VCARD_N_RECORDS);
          return FALSE;
        }
      record = hex != NULL ? kiosk_apdu_from_hex (hex) : NULL;
      if (record == NULL || g_bytes_get_size (record) > 255
          || !kiosk_ssc_record_parse (g_bytes_get_data (record, NULL), g_bytes_get_size (record),
                                      &parsed, NULL))
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       "[records] %s: not the hex of a TLV record", keys[k]);
          return FALSE;
        }
      records = file_records (card, file);
      g_clear_pointer (&records[number - 1], g_bytes_unref);
      records[number - 1] = g_steal_pointer (&record);
    }
  return TRUE;
}

gboolean
kiosk_vcard_card_load_data (KioskVcardCard *card, const char *data, gsize len, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (KioskVcardCard) fresh = kiosk_vcard_card_new ();

  if (!g_key_file_load_from_data (kf, data, len, G_KEY_FILE_NONE, error))
    return FALSE;
  /* Load into a fresh card, so a bad file leaves this one as it was. */
  if (!load_pin (fresh, kf, error) || !load_fields (fresh, kf, error)
      || !load_records (fresh, kf, error))
    return FALSE;

  kiosk_vcard_card_blank (card);
  for (guint i = 0; i < KIOSK_VCARD_N_RECORDS; i++)
    {
      card->ef05[i] = g_steal_pointer (&fresh->ef05[i]);
      card->ef06[i] = g_steal_pointer (&fresh->ef06[i]);
    }
  memcpy (card->pin, fresh->pin, sizeof card->pin);
  card->pin_tries = fresh->pin_tries;
  card->pin_max = fresh->pin_max;
  return TRUE;
}

gboolean
kiosk_vcard_card_load (KioskVcardCard *card, const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, error))
    return FALSE;
  return kiosk_vcard_card_load_data (card, contents, len, error);
}

gboolean
kiosk_vcard_card_save (KioskVcardCard *card, const char *path, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autofree char *text = NULL;
  gsize len = 0;
  gboolean ok;

  g_key_file_set_comment (kf, NULL, NULL,
                          " kiosk-vcard card state, written by the card after each UPDATE RECORD",
                          NULL);
  g_key_file_set_string (kf, "card", "pin", card->pin);
  g_key_file_set_uint64 (kf, "card", "pin_max", card->pin_max);
  g_key_file_set_uint64 (kf, "card", "pin_tries", card->pin_tries);
  for (guint f = 0; f < 2; f++)
    {
      GBytes **records = f == 0 ? card->ef05 : card->ef06;

      for (guint i = 0; i < KIOSK_VCARD_N_RECORDS; i++)
        if (records[i] != NULL)
          {
            g_autofree char *key = g_strdup_printf ("ef0%u.%u", 5 + f, i + 1);
            g_autofree char *hex = kiosk_apdu_to_hex (g_bytes_get_data (records[i], NULL),
                                                      g_bytes_get_size (records[i]));

            g_key_file_set_string (kf, "records", key, hex);
          }
    }
  text = g_key_file_to_data (kf, &len, NULL);
  ok = g_file_set_contents_full (path, text, (gssize) len, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 error);
  explicit_bzero (text, len);
  return ok;
}

/* ---- commands ------------------------------------------------------------------ */

static GBytes *
reply_sw (guint16 sw)
{
  guint8 out[2] = { (guint8) (sw >> 8), (guint8) (sw & 0xFF) };

  return g_bytes_new (out, 2);
}

/* Data + SW; in chain mode the data is held back behind 61xx. */
static GBytes *
reply_data (KioskVcardCard *card, const guint8 *data, gsize len, guint16 sw)
{
  GByteArray *out;

  if (len > 0 && card->chain > 0 && sw == 0x9000)
    {
      g_byte_array_set_size (card->held, 0);
      g_byte_array_append (card->held, data, (guint) len);
      return reply_sw ((guint16) (0x6100 | (MIN (len, card->chain) & 0xFF)));
    }
  out = g_byte_array_sized_new ((guint) len + 2);
  g_byte_array_append (out, data, (guint) len);
  g_byte_array_append (out, (const guint8[]){ (guint8) (sw >> 8), (guint8) (sw & 0xFF) }, 2);
  return g_byte_array_free_to_bytes (out);
}

static GBytes *
get_response (KioskVcardCard *card, const KioskApdu *apdu)
{
  gsize n;
  GByteArray *out;
  guint16 sw = 0x9000;

  if (card->held->len == 0)
    return reply_sw (0x6985);
  if (apdu->p1 != 0 || apdu->p2 != 0)
    return reply_sw (0x6A86);
  if (!apdu->has_le)
    return reply_sw (0x6700);
  n = MIN ((gsize) apdu->le, (gsize) card->held->len);
  out = g_byte_array_sized_new ((guint) n + 2);
  g_byte_array_append (out, card->held->data, (guint) n);
  g_byte_array_remove_range (card->held, 0, (guint) n);
  if (card->held->len > 0)
    sw = (guint16) (0x6100 | (MIN (card->held->len, card->chain > 0 ? card->chain : 256) & 0xFF));
  g_byte_array_append (out, (const guint8[]){ (guint8) (sw >> 8), (guint8) (sw & 0xFF) }, 2);
  return g_byte_array_free_to_bytes (out);
}

static GBytes *
select_file (KioskVcardCard *card, const KioskApdu *apdu)
{
  guint16 fid;

  if (apdu->p2 != 0x00 && apdu->p2 != 0x04 && apdu->p2 != 0x0C)
    return reply_sw (0x6A86);
  if (apdu->p1 == 0x04)
    {
      guint8 fci[2 + 2 + KIOSK_SSC_DDF_NAME_LEN];

      if (apdu->lc != KIOSK_SSC_DDF_NAME_LEN
          || memcmp (apdu->data, kiosk_ssc_ddf_name, KIOSK_SSC_DDF_NAME_LEN) != 0)
        return reply_sw (0x6A82);
      card->ddf_selected = TRUE;
      card->current_ef = 0;
      if (!apdu->has_le)
        return reply_sw (0x9000);
      /* FCI: 6F L 84 L <DF name> */
      fci[0] = 0x6F;
      fci[1] = 2 + KIOSK_SSC_DDF_NAME_LEN;
      fci[2] = 0x84;
      fci[3] = KIOSK_SSC_DDF_NAME_LEN;
      memcpy (fci + 4, kiosk_ssc_ddf_name, KIOSK_SSC_DDF_NAME_LEN);
      return reply_data (card, fci, MIN (sizeof fci, (gsize) apdu->le), 0x9000);
    }
  if (apdu->p1 != 0x00 && apdu->p1 != 0x02)
    return reply_sw (0x6A86);
  if (apdu->lc != 2)
    return reply_sw (0x6700);
  fid = (guint16) (apdu->data[0] << 8 | apdu->data[1]);
  if (fid == FID_MF)
    {
      card->ddf_selected = FALSE;
      card->current_ef = 0;
      return reply_sw (0x9000);
    }
  if ((fid == KIOSK_SSC_FILE_EF05 || fid == KIOSK_SSC_FILE_EF06) && card->ddf_selected)
    {
      card->current_ef = fid;
      return reply_sw (0x9000);
    }
  return reply_sw (0x6A82);
}

/* The EF that P2 names (SFI or the current one); 0 and *sw when none. */
static guint16
target_file (KioskVcardCard *card, guint8 p2, guint16 *sw)
{
  guint sfi = p2 >> 3;

  if (sfi == 0)
    {
      if (card->current_ef == 0)
        *sw = 0x6986;
      return card->current_ef;
    }
  if (!card->ddf_selected || (sfi != KIOSK_SSC_SFI_EF05 && sfi != KIOSK_SSC_SFI_EF06))
    {
      *sw = 0x6A82;
      return 0;
    }
  card->current_ef = sfi == KIOSK_SSC_SFI_EF05 ? KIOSK_SSC_FILE_EF05 : KIOSK_SSC_FILE_EF06;
  return card->current_ef;
}

static GBytes *
read_record (KioskVcardCard *card, const KioskApdu *apdu)
{
  guint16 sw = 0;
  guint16 file;
  GBytes **records;
  GBytes *record = NULL;
  gsize len;
  const guint8 *data;

  if ((apdu->p2 & 0x07) != KIOSK_APDU_RECORD_BY_NUMBER
      && (apdu->p2 & 0x07) != KIOSK_APDU_RECORD_BY_ID)
    return reply_sw (0x6A86);
  if (apdu->p1 == 0)
    return reply_sw (0x6A86);
  if (apdu->lc != 0 || !apdu->has_le)
    return reply_sw (0x6700);
  file = target_file (card, apdu->p2, &sw);
  if (file == 0)
    return reply_sw (sw);
  records = file_records (card, file);

  if ((apdu->p2 & 0x07) == KIOSK_APDU_RECORD_BY_NUMBER)
    record = apdu->p1 <= KIOSK_VCARD_N_RECORDS ? records[apdu->p1 - 1] : NULL;
  else
    for (guint i = 0; i < KIOSK_VCARD_N_RECORDS && record == NULL; i++)
      if (records[i] != NULL && g_bytes_get_size (records[i]) > 0
          && ((const guint8 *) g_bytes_get_data (records[i], NULL))[0] == apdu->p1)
        record = records[i];
  if (record == NULL)
    return reply_sw (0x6A83);

  data = g_bytes_get_data (record, &len);
  if (card->strict_le && apdu->le != len)
    return reply_sw ((guint16) (0x6C00 | (len & 0xFF)));
  return reply_data (card, data, MIN (len, (gsize) apdu->le), 0x9000);
}

static GBytes *
update_record (KioskVcardCard *card, const KioskApdu *apdu)
{
  guint16 sw = 0;
  guint16 file;
  GBytes **records;
  KioskSscRecord parsed;

  if ((apdu->p2 & 0x07) != KIOSK_APDU_RECORD_BY_NUMBER)
    return reply_sw (0x6A86);
  if (apdu->p1 == 0 || apdu->lc == 0)
    return reply_sw (apdu->p1 == 0 ? 0x6A86 : 0x6700);
  file = target_file (card, apdu->p2, &sw);
  if (file == 0)
    return reply_sw (sw);
  if (!card->authenticated)
    return reply_sw (0x6982);
  if (apdu->p1 > KIOSK_VCARD_N_RECORDS)
    return reply_sw (0x6A83);
  if (!kiosk_ssc_record_parse (apdu->data, apdu->lc, &parsed, NULL))
    return reply_sw (0x6A80);
  records = file_records (card, file);
  g_clear_pointer (&records[apdu->p1 - 1], g_bytes_unref);
  records[apdu->p1 - 1] = g_bytes_new (apdu->data, apdu->lc);
  card->dirty = TRUE;
  card->n_updates++;
  return reply_sw (0x9000);
}

static GBytes *
get_challenge (KioskVcardCard *card, const KioskApdu *apdu)
{
  guint8 challenge[8];

  if (apdu->p1 != 0 || apdu->p2 != 0)
    return reply_sw (0x6A86);
  if (!apdu->has_le || (apdu->le != 4 && apdu->le != 8) || apdu->lc != 0)
    return reply_sw (0x6700);
  for (guint i = 0; i < apdu->le; i++)
    challenge[i] = (guint8) g_rand_int_range (card->rand, 0, 256);
  card->challenge_valid = TRUE;
  card->authenticated = FALSE;
  return reply_data (card, challenge, apdu->le, 0x9000);
}

static GBytes *
external_authenticate (KioskVcardCard *card, const KioskApdu *apdu)
{
  static const guint8 zeros[8] = { 0 };
  gboolean had_challenge = card->challenge_valid;

  if (apdu->lc != 8)
    return reply_sw (0x6700);
  card->challenge_valid = FALSE;
  if (!had_challenge)
    return reply_sw (0x6985);
  if (memcmp (apdu->data, zeros, sizeof zeros) == 0)
    {
      card->authenticated = FALSE;
      return reply_sw (0x6300);
    }
  card->authenticated = TRUE;
  return reply_sw (0x9000);
}

static GBytes *
verify (KioskVcardCard *card, const KioskApdu *apdu)
{
  guint8 expected[3];

  if (apdu->p1 != 0 || apdu->p2 != 0)
    return reply_sw (0x6A86);
  if (card->pin_tries == 0)
    return reply_sw (0x6983);
  if (apdu->lc == 0)
    return reply_sw ((guint16) (0x63C0 | card->pin_tries));
  if (apdu->lc != 3)
    return reply_sw (0x6700);
  kiosk_apdu_pack_bcd (card->pin, expected, sizeof expected, NULL);
  if (memcmp (expected, apdu->data, 3) == 0)
    {
      explicit_bzero (expected, sizeof expected);
      card->pin_tries = card->pin_max;
      return reply_sw (0x9000);
    }
  explicit_bzero (expected, sizeof expected);
  card->pin_tries--;
  card->dirty = TRUE; /* the retry counter survives a power cut */
  if (card->pin_tries == 0)
    return reply_sw (0x6983);
  return reply_sw ((guint16) (0x63C0 | card->pin_tries));
}

GBytes *
kiosk_vcard_card_process (KioskVcardCard *card, const guint8 *raw, gsize len)
{
  KioskApdu apdu;

  g_return_val_if_fail (card != NULL, NULL);

  if (!kiosk_apdu_parse (raw, len, &apdu, NULL))
    {
      g_byte_array_set_size (card->held, 0);
      return reply_sw (0x6700);
    }
  if (apdu.cla != 0x00)
    return reply_sw (0x6E00);
  if (apdu.ins == KIOSK_APDU_INS_GET_RESPONSE)
    return get_response (card, &apdu);
  /* Any other command drops what was held back. */
  g_byte_array_set_size (card->held, 0);
  switch (apdu.ins)
    {
      case KIOSK_APDU_INS_SELECT:
        return select_file (card, &apdu);
      case KIOSK_APDU_INS_READ_RECORD:
        return read_record (card, &apdu);
      case KIOSK_APDU_INS_UPDATE_RECORD:
        return update_record (card, &apdu);
      case KIOSK_APDU_INS_GET_CHALLENGE:
        return get_challenge (card, &apdu);
      case KIOSK_APDU_INS_EXTERNAL_AUTH:
        return external_authenticate (card, &apdu);
      case KIOSK_APDU_INS_VERIFY:
        return verify (card, &apdu);
      default:
        return reply_sw (0x6D00);
    }
}
