/* kiosk-ssc-record.c — EF05/EF06 records: TLV, BCD, GBK (pure) */
#define G_LOG_DOMAIN "kiosk-chip"

#include "config.h"

#include <string.h>

#include "kiosk-ssc-record.h"

G_DEFINE_QUARK (kiosk - ssc - record - error - quark, kiosk_ssc_record_error)

const guint8 kiosk_ssc_ddf_name[KIOSK_SSC_DDF_NAME_LEN] = {
  0x73, 0x78, 0x31, 0x2E, 0x73, 0x68, 0x2E,       /* sx1.sh. */
  0xC9, 0xE7, 0xBB, 0xE1, 0xB1, 0xA3, 0xD5, 0xCF, /* 社会保障 */
};

/* The name field is GBK; GB 18030 decodes every GBK byte sequence the same
 * way and also the rare characters of some names. */
#define NAME_CHARSET "GB18030"

static const KioskSscField fields[] = {
  { 0x01, KIOSK_SSC_FILE_EF05, 1, 16, FALSE, "card identification code", "identification_code" },
  { 0x02, KIOSK_SSC_FILE_EF05, 2, 1, FALSE, "card type", "card_type" },
  { 0x03, KIOSK_SSC_FILE_EF05, 3, 4, FALSE, "specification version", "spec_version" },
  { 0x04, KIOSK_SSC_FILE_EF05, 4, 12, TRUE, "issuing organisation", "issuer" },
  { 0x05, KIOSK_SSC_FILE_EF05, 5, 4, FALSE, "issue date", "issue_date" },
  { 0x06, KIOSK_SSC_FILE_EF05, 6, 4, FALSE, "expiry date", "expiry_date" },
  { 0x07, KIOSK_SSC_FILE_EF05, 7, 9, FALSE, "card number", "card_number" },
  { 0x08, KIOSK_SSC_FILE_EF06, 1, 18, FALSE, "social security number", "ssn" },
  { 0x09, KIOSK_SSC_FILE_EF06, 2, 30, TRUE, "name", "name" },
  { 0x0A, KIOSK_SSC_FILE_EF06, 4, 1, FALSE, "sex", "sex" },
  { 0x0B, KIOSK_SSC_FILE_EF06, 5, 1, FALSE, "nation", "nation" },
  { 0x0C, KIOSK_SSC_FILE_EF06, 6, 3, FALSE, "birthplace", "birthplace" },
  { 0x0D, KIOSK_SSC_FILE_EF06, 7, 4, FALSE, "birth date", "birth_date" },
};

const KioskSscField *
kiosk_ssc_field_lookup (guint8 tag)
{
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].tag == tag)
      return &fields[i];
  return NULL;
}

const KioskSscField *
kiosk_ssc_fields (gsize *n_fields)
{
  if (n_fields != NULL)
    *n_fields = G_N_ELEMENTS (fields);
  return fields;
}

/* ---- TLV ------------------------------------------------------------------ */

gboolean
kiosk_ssc_record_parse (const guint8 *raw, gsize len, KioskSscRecord *record, GError **error)
{
  gsize header, value_len;

  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (raw != NULL || len == 0, FALSE);

  memset (record, 0, sizeof *record);
  if (len < 2)
    {
      g_set_error (error, KIOSK_SSC_RECORD_ERROR, KIOSK_SSC_RECORD_ERROR_TRUNCATED,
                   "A record has at least a tag and a length, this one %" G_GSIZE_FORMAT " bytes",
                   len);
      return FALSE;
    }
  if (raw[0] == 0x00 || raw[0] == 0xFF)
    {
      g_set_error (error, KIOSK_SSC_RECORD_ERROR, KIOSK_SSC_RECORD_ERROR_MALFORMED,
                   "Tag %02X is not a record tag (an unwritten record?)", raw[0]);
      return FALSE;
    }
  if (raw[1] < 0x80)
    {
      header = 2;
      value_len = raw[1];
    }
  else if (raw[1] == 0x81)
    {
      if (len < 3)
        {
          g_set_error_literal (error, KIOSK_SSC_RECORD_ERROR, KIOSK_SSC_RECORD_ERROR_TRUNCATED,
                               "The record ends inside its length");
          return FALSE;
        }
      header = 3;
      value_len = raw[2];
    }
  else
    {
      g_set_error (error, KIOSK_SSC_RECORD_ERROR, KIOSK_SSC_RECORD_ERROR_MALFORMED,
                   "Length byte %02X is not a length a record can have", raw[1]);
      return FALSE;
    }
  if (value_len > len - header)
    {
      g_set_error (error, KIOSK_SSC_RECORD_ERROR, KIOSK_SSC_RECORD_ERROR_TRUNCATED,
                   "Record %02X announces %" G_GSIZE_FORMAT " bytes but has %" G_GSIZE_FORMAT,
                   raw[0], value_len, len - header);
      return FALSE;
    }
  for (gsize i = header + value_len; i < len; i++)
    if (raw[i] != 0x00 && raw[i] != 0xFF)
      {
        g_set_error (error, KIOSK_SSC_RECORD_ERROR, KIOSK_SSC_RECORD_ERROR_MALFORMED,
                     "Record %02X has %" G_GSIZE_FORMAT " unexpected bytes after its value", raw[0],
                     len - header - value_len);
        return FALSE;
      }
  record->tag = raw[0];
  record->value = raw + header;
  record->len = value_len;
  return TRUE;
}

/* ---- text forms ------------------------------------------------------------- */

static gboolean
all_chars (const char *text, gsize min, gsize max, gboolean (*ok) (char c))
{
  gsize n = strlen (text);

  if (n < min || n > max)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!ok (text[i]))
      return FALSE;
  return TRUE;
}

static gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static gboolean
is_upper_hex (char c)
{
  return is_digit (c) || (c >= 'A' && c <= 'F');
}

static gboolean
is_upper_alnum (char c)
{
  return is_digit (c) || (c >= 'A' && c <= 'Z');
}

static gboolean
is_code_char (char c)
{
  return g_ascii_isalnum (c);
}

static gboolean
valid_date (const char *text)
{
  guint y, m, d;

  if (!all_chars (text, 8, 8, is_digit))
    return FALSE;
  y = (guint) ((text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10
               + (text[3] - '0'));
  m = (guint) ((text[4] - '0') * 10 + (text[5] - '0'));
  d = (guint) ((text[6] - '0') * 10 + (text[7] - '0'));
  return y >= 1900 && g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

static gboolean
valid_nation (const char *text)
{
  guint n;

  if (!all_chars (text, 2, 2, is_digit))
    return FALSE;
  n = (guint) ((text[0] - '0') * 10 + (text[1] - '0'));
  return (n >= 1 && n <= 56) || n == 97 || n == 98;
}

static char *
name_to_gbk (const char *text, gsize *len)
{
  return g_convert (text, -1, NAME_CHARSET, "UTF-8", NULL, len, NULL);
}

static gboolean
valid_name (const char *text)
{
  gsize len = 0;
  g_autofree char *gbk = NULL;

  if (text[0] == '\0' || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;
  /* No leading or trailing space: the card pads with zeros, and a name that
   * starts with a space cannot be told from padding. */
  if (text[0] == ' ' || text[strlen (text) - 1] == ' ')
    return FALSE;
  gbk = name_to_gbk (text, &len);
  if (gbk == NULL || len > 30)
    {
      if (gbk != NULL)
        explicit_bzero (gbk, len);
      return FALSE;
    }
  explicit_bzero (gbk, len);
  return TRUE;
}

/* Checks the text form of a field. The error names the field only. */
static gboolean
check_text (const KioskSscField *field, const char *text, GError **error)
{
  gboolean ok;
  KioskSscRecordError code = KIOSK_SSC_RECORD_ERROR_BAD_TEXT;

  switch (field->tag)
    {
      case 0x01:
        ok = all_chars (text, 32, 32, is_upper_hex);
        break;
      case 0x02:
        ok = strlen (text) == 1 && text[0] > 0x20 && text[0] < 0x7F;
        break;
      case 0x03:
        ok = strlen (text) == 4 && is_digit (text[0]) && text[1] == '.' && is_digit (text[2])
             && is_digit (text[3]);
        break;
      case 0x04:
        ok = all_chars (text, 1, 12, is_code_char);
        break;
      case 0x05:
      case 0x06:
      case 0x0D:
        ok = valid_date (text);
        code = KIOSK_SSC_RECORD_ERROR_BAD_DATE;
        break;
      case 0x07:
        ok = all_chars (text, 9, 9, is_upper_alnum);
        break;
      case 0x08:
        ok = strlen (text) == 18 && (is_digit (text[17]) || text[17] == 'X');
        for (gsize i = 0; ok && i < 17; i++)
          ok = is_digit (text[i]);
        break;
      case 0x09:
        ok = valid_name (text);
        break;
      case 0x0A:
        ok = g_str_equal (text, "0") || g_str_equal (text, "1") || g_str_equal (text, "2")
             || g_str_equal (text, "9");
        code = KIOSK_SSC_RECORD_ERROR_BAD_VALUE;
        break;
      case 0x0B:
        ok = valid_nation (text);
        code = KIOSK_SSC_RECORD_ERROR_BAD_VALUE;
        break;
      case 0x0C:
        ok = all_chars (text, 6, 6, is_digit);
        break;
      default:
        g_assert_not_reached ();
    }
  if (!ok)
    g_set_error (error, KIOSK_SSC_RECORD_ERROR, code, "The %s (record %02X) is not valid",
                 field->name, field->tag);
  return ok;
}

static char **
field_slot (KioskSscCardData *data, guint8 tag)
{
  switch (tag)
    {
      case 0x01:
        return &data->identification_code;
      case 0x02:
        return &data->card_type;
      case 0x03:
        return &data->spec_version;
      case 0x04:
        return &data->issuer;
      case 0x05:
        return &data->issue_date;
      case 0x06:
        return &data->expiry_date;
      case 0x07:
        return &data->card_number;
      case 0x08:
        return &data->ssn;
      case 0x09:
        return &data->name;
      case 0x0B:
        return &data->nation;
      case 0x0C:
        return &data->birthplace;
      case 0x0D:
        return &data->birth_date;
      default:
        return NULL; /* 0x0A: sex is a number */
    }
}

/* Stores a checked text form; takes `text`. */
static void
store (KioskSscCardData *data, guint8 tag, char *text)
{
  char **slot = field_slot (data, tag);

  if (slot == NULL)
    {
      data->sex = (guint) (text[0] - '0');
      kiosk_ssc_wipe_string (&text);
    }
  else
    {
      kiosk_ssc_wipe_string (slot);
      *slot = text;
    }
  data->present |= 1u << tag;
}

gboolean
kiosk_ssc_card_data_set_text (KioskSscCardData *data, guint8 tag, const char *text, GError **error)
{
  const KioskSscField *field = kiosk_ssc_field_lookup (tag);

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (field == NULL)
    {
      g_set_error (error, KIOSK_SSC_RECORD_ERROR, KIOSK_SSC_RECORD_ERROR_UNKNOWN_TAG,
                   "There is no record %02X in EF05 or EF06", tag);
      return FALSE;
    }
  if (!check_text (field, text, error))
    return FALSE;
  store (data, tag, g_strdup (text));
  return TRUE;
}

/* ---- decoding ------------------------------------------------------------------ */

static char *
decode_bcd (const guint8 *value, gsize len)
{
  char *text = g_malloc (len * 2 + 1);

  for (gsize i = 0; i < len; i++)
    {
      guint hi = value[i] >> 4, lo = value[i] & 0x0F;

      if (hi > 9 || lo > 9)
        {
          explicit_bzero (text, len * 2 + 1);
          g_free (text);
          return NULL;
        }
      text[2 * i] = (char) ('0' + hi);
      text[2 * i + 1] = (char) ('0' + lo);
    }
  text[len * 2] = '\0';
  return text;
}

/* Printable ASCII without the padding (00 or spaces) at the end; NULL if
 * anything else is in there. */
static char *
decode_ascii (const guint8 *value, gsize len)
{
  while (len > 0 && (value[len - 1] == 0x00 || value[len - 1] == 0x20))
    len--;
  for (gsize i = 0; i < len; i++)
    if (value[i] < 0x20 || value[i] > 0x7E)
      return NULL;
  return g_strndup ((const char *) value, len);
}

static char *
decode_name (const guint8 *value, gsize len)
{
  gsize written = 0;
  char *text;

  while (len > 0 && (value[len - 1] == 0x00 || value[len - 1] == 0x20))
    len--;
  if (len == 0 || memchr (value, 0, len) != NULL)
    return NULL;
  text
      = g_convert ((const char *) value, (gssize) len, "UTF-8", NAME_CHARSET, NULL, &written, NULL);
  return text;
}

static char *
decode_value (const KioskSscField *field, const guint8 *value, gsize len, KioskSscRecordError *code)
{
  static const char hex[] = "0123456789ABCDEF";
  char *text;

  *code = KIOSK_SSC_RECORD_ERROR_BAD_TEXT;
  switch (field->tag)
    {
      case 0x01:
        text = g_malloc (len * 2 + 1);
        for (gsize i = 0; i < len; i++)
          {
            text[2 * i] = hex[value[i] >> 4];
            text[2 * i + 1] = hex[value[i] & 0x0F];
          }
        text[len * 2] = '\0';
        return text;
      case 0x02:
        /* Stored as a character ("3") by our center; a binary digit is
         * read as that digit. */
        if (value[0] <= 9)
          return g_strdup_printf ("%u", value[0]);
        return decode_ascii (value, len);
      case 0x05:
      case 0x06:
      case 0x0C:
      case 0x0D:
        *code = KIOSK_SSC_RECORD_ERROR_BAD_BCD;
        return decode_bcd (value, len);
      case 0x09:
        return decode_name (value, len);
      case 0x0A:
        /* '1'/'2' as the specification says; a binary 1/2 is accepted. */
        *code = KIOSK_SSC_RECORD_ERROR_BAD_VALUE;
        if (value[0] <= 9)
          return g_strdup_printf ("%u", value[0]);
        return decode_ascii (value, len);
      case 0x0B:
        *code = KIOSK_SSC_RECORD_ERROR_BAD_VALUE;
        return g_strdup_printf ("%02u", value[0]);
      case 0x08:
        {
          char *ssn = decode_ascii (value, len);

          /* A lower-case check character x is the same number. */
          if (ssn != NULL && strlen (ssn) == 18 && ssn[17] == 'x')
            ssn[17] = 'X';
          return ssn;
        }
      default:
        return decode_ascii (value, len);
    }
}

gboolean
kiosk_ssc_record_decode (const guint8 *raw, gsize len, KioskSscCardData *data, GError **error)
{
  KioskSscRecord record;
  const KioskSscField *field;
  KioskSscRecordError code;
  char *text;

  g_return_val_if_fail (data != NULL, FALSE);

  if (!kiosk_ssc_record_parse (raw, len, &record, error))
    return FALSE;
  field = kiosk_ssc_field_lookup (record.tag);
  if (field == NULL)
    {
      g_set_error (error, KIOSK_SSC_RECORD_ERROR, KIOSK_SSC_RECORD_ERROR_UNKNOWN_TAG,
                   "Record tag %02X is not a field of EF05 or EF06", record.tag);
      return FALSE;
    }
  if (field->variable ? (record.len == 0 || record.len > field->max_len)
                      : record.len != field->max_len)
    {
      g_set_error (error, KIOSK_SSC_RECORD_ERROR, KIOSK_SSC_RECORD_ERROR_BAD_LENGTH,
                   "The %s (record %02X) has %" G_GSIZE_FORMAT " bytes instead of %" G_GSIZE_FORMAT,
                   field->name, field->tag, record.len, field->max_len);
      return FALSE;
    }
  text = decode_value (field, record.value, record.len, &code);
  if (text == NULL)
    {
      g_set_error (error, KIOSK_SSC_RECORD_ERROR, code, "The %s (record %02X) is not valid",
                   field->name, field->tag);
      return FALSE;
    }
  if (!check_text (field, text, error))
    {
      kiosk_ssc_wipe_string (&text);
      return FALSE;
    }
  store (data, field->tag, text);
  return TRUE;
}

gboolean
kiosk_ssc_card_data_check_file (const KioskSscCardData *data, guint16 file, GError **error)
{
  g_return_val_if_fail (data != NULL, FALSE);

  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].file == file && !kiosk_ssc_card_data_has (data, fields[i].tag))
      {
        g_set_error (error, KIOSK_SSC_RECORD_ERROR, KIOSK_SSC_RECORD_ERROR_MISSING,
                     "The card has no %s (EF%04X record %02X)", fields[i].name, file & 0xFF,
                     fields[i].tag);
        return FALSE;
      }
  return TRUE;
}

/* ---- encoding ------------------------------------------------------------------- */

static void
put_bcd (const char *digits, guint8 *out)
{
  for (gsize i = 0; digits[i] != '\0' && digits[i + 1] != '\0'; i += 2)
    out[i / 2] = (guint8) ((digits[i] - '0') << 4 | (digits[i + 1] - '0'));
}

GBytes *
kiosk_ssc_record_encode (const KioskSscCardData *data, guint8 tag, GError **error)
{
  const KioskSscField *field = kiosk_ssc_field_lookup (tag);
  guint8 buf[2 + 32];
  guint8 *value = buf + 2;
  gsize len;
  char sex[2] = { 0 };
  const char *text;
  GBytes *bytes;

  g_return_val_if_fail (data != NULL, NULL);

  if (field == NULL)
    {
      g_set_error (error, KIOSK_SSC_RECORD_ERROR, KIOSK_SSC_RECORD_ERROR_UNKNOWN_TAG,
                   "There is no record %02X in EF05 or EF06", tag);
      return NULL;
    }
  if (!kiosk_ssc_card_data_has (data, tag))
    {
      g_set_error (error, KIOSK_SSC_RECORD_ERROR, KIOSK_SSC_RECORD_ERROR_MISSING,
                   "The %s (record %02X) is not set", field->name, tag);
      return NULL;
    }
  if (tag == 0x0A)
    {
      sex[0] = (char) ('0' + (data->sex % 10));
      text = sex;
    }
  else
    text = *field_slot ((KioskSscCardData *) data, tag);
  if (text == NULL || !check_text (field, text, error))
    {
      if (text == NULL)
        g_set_error (error, KIOSK_SSC_RECORD_ERROR, KIOSK_SSC_RECORD_ERROR_MISSING,
                     "The %s (record %02X) is not set", field->name, tag);
      return NULL;
    }

  len = field->max_len;
  memset (value, 0, len);
  switch (tag)
    {
      case 0x01:
        for (gsize i = 0; i < 16; i++)
          value[i] = (guint8) (g_ascii_xdigit_value (text[2 * i]) << 4
                               | g_ascii_xdigit_value (text[2 * i + 1]));
        break;
      case 0x05:
      case 0x06:
      case 0x0C:
      case 0x0D:
        put_bcd (text, value);
        break;
      case 0x09:
        {
          gsize gbk_len = 0;
          g_autofree char *gbk = name_to_gbk (text, &gbk_len);

          /* check_text() proved it converts and fits. */
          memcpy (value, gbk, gbk_len);
          explicit_bzero (gbk, gbk_len);
        }
        break;
      case 0x0B:
        value[0] = (guint8) ((text[0] - '0') * 10 + (text[1] - '0'));
        break;
      default:
        memcpy (value, text, MIN (strlen (text), len));
        break;
    }
  buf[0] = tag;
  buf[1] = (guint8) len;
  bytes = g_bytes_new (buf, len + 2);
  explicit_bzero (buf, sizeof buf);
  return bytes;
}
