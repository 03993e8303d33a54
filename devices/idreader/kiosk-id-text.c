/* kiosk-id-text.c — pure parser and encoder of the 256-byte text block */
#define G_LOG_DOMAIN "kiosk-idreader"

#include "config.h"

#include <string.h>

#include "kiosk-id-text.h"

/* clang-format off */
G_DEFINE_QUARK (kiosk-id-text-error-quark, kiosk_id_text_error)
/* clang-format on */

#define TYPE_FLAG_OFFSET 248
/* The 2023 card splits the English name over two fields. */
#define Y_ENGLISH_1_SIZE 70
#define LONG_TERM        "长期"

typedef enum
{
  F_NAME,
  F_ENGLISH_NAME,
  F_ENGLISH_NAME_2, /* Y: the continuation of the English name */
  F_SEX,
  F_NATION,
  F_BIRTH,
  F_ADDRESS,
  F_ID_NUMBER,
  F_AUTHORITY,
  F_VALID_FROM,
  F_VALID_TO,
  F_PASS_NUMBER,
  F_ISSUE_COUNT,
  F_NATIONALITY,
  F_VERSION,
  F_PREVIOUS,
  F_TYPE_FLAG,
} Field;

typedef struct
{
  Field field;
  guint offset;
  guint size;        /* bytes */
  const char *label; /* for error messages: names the field, never the value */
} FieldSpec;

#define END                                                                                        \
  {                                                                                                \
    F_TYPE_FLAG, 0, 0, NULL                                                                        \
  }

static const FieldSpec resident_layout[] = {
  { F_NAME, 0, 30, "name" },
  { F_SEX, 30, 2, "sex" },
  { F_NATION, 32, 4, "nation" },
  { F_BIRTH, 36, 16, "birth date" },
  { F_ADDRESS, 52, 70, "address" },
  { F_ID_NUMBER, 122, 36, "ID number" },
  { F_AUTHORITY, 158, 30, "issuing authority" },
  { F_VALID_FROM, 188, 16, "valid from" },
  { F_VALID_TO, 204, 16, "valid to" },
  END,
};

static const FieldSpec hkmotw_layout[] = {
  { F_NAME, 0, 30, "name" },
  { F_SEX, 30, 2, "sex" },
  { F_NATION, 32, 4, "nation" },
  { F_BIRTH, 36, 16, "birth date" },
  { F_ADDRESS, 52, 70, "address" },
  { F_ID_NUMBER, 122, 36, "ID number" },
  { F_AUTHORITY, 158, 30, "issuing authority" },
  { F_VALID_FROM, 188, 16, "valid from" },
  { F_VALID_TO, 204, 16, "valid to" },
  { F_PASS_NUMBER, 220, 18, "pass number" },
  { F_ISSUE_COUNT, 238, 4, "issue count" },
  { F_TYPE_FLAG, TYPE_FLAG_OFFSET, 2, "type flag" },
  END,
};

static const FieldSpec foreigner_layout[] = {
  { F_ENGLISH_NAME, 0, 120, "English name" },
  { F_SEX, 120, 2, "sex" },
  { F_ID_NUMBER, 122, 30, "card number" },
  { F_NATIONALITY, 152, 6, "nationality" },
  { F_NAME, 158, 30, "Chinese name" },
  { F_VALID_FROM, 188, 16, "valid from" },
  { F_VALID_TO, 204, 16, "valid to" },
  { F_BIRTH, 220, 16, "birth date" },
  { F_VERSION, 236, 4, "card version" },
  { F_AUTHORITY, 240, 8, "authority code" },
  { F_TYPE_FLAG, TYPE_FLAG_OFFSET, 2, "type flag" },
  END,
};

static const FieldSpec foreigner2023_layout[] = {
  { F_NAME, 0, 30, "Chinese name" },
  { F_SEX, 30, 2, "sex" },
  { F_ISSUE_COUNT, 32, 4, "renewal count" },
  { F_BIRTH, 36, 16, "birth date" },
  { F_ENGLISH_NAME, 52, Y_ENGLISH_1_SIZE, "English name" },
  { F_ID_NUMBER, 122, 36, "ID number" },
  { F_VALID_FROM, 188, 16, "valid from" },
  { F_VALID_TO, 204, 16, "valid to" },
  { F_ENGLISH_NAME_2, 220, 22, "English name (continued)" },
  { F_NATIONALITY, 242, 6, "nationality" },
  { F_TYPE_FLAG, TYPE_FLAG_OFFSET, 2, "type flag" },
  { F_PREVIOUS, 250, 6, "previous card link" },
  END,
};

static const FieldSpec *
layout_for (KioskIdCardType type, gunichar *flag)
{
  switch (type)
    {
      case KIOSK_ID_CARD_HKMOTW:
        *flag = 'J';
        return hkmotw_layout;
      case KIOSK_ID_CARD_FOREIGNER:
        *flag = 'I';
        return foreigner_layout;
      case KIOSK_ID_CARD_FOREIGNER_2023:
        *flag = 'Y';
        return foreigner2023_layout;
      case KIOSK_ID_CARD_RESIDENT:
      default:
        *flag = 0;
        return resident_layout;
    }
}

static guint16
unit_at (const guint8 *block, gsize offset)
{
  return (guint16) (block[offset] | (block[offset + 1] << 8));
}

/* Decodes a field to UTF-8, without the trailing padding (spaces, NULs);
 * with `raw` the padding is kept (the first half of a split field). */
static char *
decode_field (const guint8 *block, const FieldSpec *spec, gboolean raw, GError **error)
{
  g_autoptr (GString) out = g_string_new (NULL);
  guint units = spec->size / 2;
  guint end = units;

  if (!raw)
    while (end > 0)
      {
        guint16 u = unit_at (block, spec->offset + 2 * (end - 1));

        if (u != 0x0020 && u != 0x0000)
          break;
        end--;
      }
  for (guint i = 0; i < end; i++)
    {
      guint16 u = unit_at (block, spec->offset + 2 * i);

      if ((u >= 0xD800 && u <= 0xDFFF) || u == 0xFFFE || u == 0xFFFF
          || (u < 0x20 && !(raw && u == 0)) || (u >= 0x7F && u < 0xA0))
        {
          g_set_error (error, KIOSK_ID_TEXT_ERROR, KIOSK_ID_TEXT_ERROR_ENCODING,
                       "The %s field holds a character that is not text (U+%04X at unit %u)",
                       spec->label, u, i);
          explicit_bzero (out->str, out->len);
          return NULL;
        }
      g_string_append_unichar (out, u == 0 ? ' ' : u);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
all_digits (const char *text, gsize len)
{
  if (text == NULL || strlen (text) != len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

static gboolean
all_alnum (const char *text, gsize min, gsize max)
{
  gsize len = text ? strlen (text) : 0;

  if (len < min || len > max)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (text[i]))
      return FALSE;
  return TRUE;
}

static gboolean
valid_date (const char *text)
{
  guint y, m, d;

  if (!all_digits (text, 8))
    return FALSE;
  y = (guint) ((text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10
               + (text[3] - '0'));
  m = (guint) ((text[4] - '0') * 10 + (text[5] - '0'));
  d = (guint) ((text[6] - '0') * 10 + (text[7] - '0'));
  return y >= 1800 && g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

static gboolean
valid_id_number (const char *text)
{
  if (text == NULL || strlen (text) != 18)
    return FALSE;
  for (int i = 0; i < 17; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return g_ascii_isdigit (text[17]) || text[17] == 'X';
}

static gboolean
field_error (GError **error, const FieldSpec *spec, const char *what)
{
  g_set_error (error, KIOSK_ID_TEXT_ERROR, KIOSK_ID_TEXT_ERROR_FIELD, "The %s field %s",
               spec->label, what);
  return FALSE;
}

/* Checks one decoded field of `data` (the strings are in place). */
static gboolean
check_field (const KioskIdCardData *data, const FieldSpec *spec, GError **error)
{
  switch (spec->field)
    {
      case F_NAME:
        if (data->type != KIOSK_ID_CARD_FOREIGNER && (data->name == NULL || *data->name == '\0'))
          return field_error (error, spec, "is empty");
        return TRUE;
      case F_ENGLISH_NAME:
        if (data->english_name == NULL || *data->english_name == '\0')
          return field_error (error, spec, "is empty");
        return TRUE;
      case F_SEX:
        if (data->sex != 0 && data->sex != 1 && data->sex != 2 && data->sex != 9)
          return field_error (error, spec, "is not 0, 1, 2 or 9");
        return TRUE;
      case F_NATION:
        if (data->nation == NULL)
          return data->type == KIOSK_ID_CARD_HKMOTW ? TRUE : field_error (error, spec, "is empty");
        if (!all_digits (data->nation, 2))
          return field_error (error, spec, "is not a two-digit code");
        return TRUE;
      case F_BIRTH:
        if (!valid_date (data->birth_date))
          return field_error (error, spec, "is not a date YYYYMMDD");
        return TRUE;
      case F_ADDRESS:
        if (data->type == KIOSK_ID_CARD_RESIDENT
            && (data->address == NULL || *data->address == '\0'))
          return field_error (error, spec, "is empty");
        return TRUE;
      case F_ID_NUMBER:
        if (data->type == KIOSK_ID_CARD_FOREIGNER ? !all_alnum (data->id_number, 15, 15)
                                                  : !valid_id_number (data->id_number))
          return field_error (error, spec, "is not a well-formed number");
        return TRUE;
      case F_AUTHORITY:
        if (data->authority == NULL || *data->authority == '\0')
          return field_error (error, spec, "is empty");
        return TRUE;
      case F_VALID_FROM:
        if (!valid_date (data->valid_from))
          return field_error (error, spec, "is not a date YYYYMMDD");
        return TRUE;
      case F_VALID_TO:
        if (!data->valid_long_term && !valid_date (data->valid_to))
          return field_error (error, spec, "is not a date YYYYMMDD or 长期");
        return TRUE;
      case F_PASS_NUMBER:
        if (!all_alnum (data->pass_number, 1, 9))
          return field_error (error, spec, "is not a pass number");
        return TRUE;
      case F_NATIONALITY:
        if (!all_alnum (data->nationality, 3, 3))
          return field_error (error, spec, "is not a three-letter country code");
        return TRUE;
      case F_VERSION:
        if (data->card_version != NULL && !all_alnum (data->card_version, 1, 2))
          return field_error (error, spec, "is not a version");
        return TRUE;
      case F_PREVIOUS:
        if (data->previous_number != NULL && !all_alnum (data->previous_number, 1, 3))
          return field_error (error, spec, "is not a card link");
        return TRUE;
      case F_ISSUE_COUNT:
      case F_ENGLISH_NAME_2:
      case F_TYPE_FLAG:
      default:
        return TRUE;
    }
}

static char **
slot_for (KioskIdCardData *data, Field field)
{
  switch (field)
    {
      case F_NAME:
        return &data->name;
      case F_ENGLISH_NAME:
        return &data->english_name;
      case F_NATION:
        return &data->nation;
      case F_BIRTH:
        return &data->birth_date;
      case F_ADDRESS:
        return &data->address;
      case F_ID_NUMBER:
        return &data->id_number;
      case F_AUTHORITY:
        return &data->authority;
      case F_VALID_FROM:
        return &data->valid_from;
      case F_VALID_TO:
        return &data->valid_to;
      case F_PASS_NUMBER:
        return &data->pass_number;
      case F_NATIONALITY:
        return &data->nationality;
      case F_VERSION:
        return &data->card_version;
      case F_PREVIOUS:
        return &data->previous_number;
      default:
        return NULL;
    }
}

static gboolean
parse_small_number (const char *text, guint max_digits, guint *out)
{
  gsize len = text ? strlen (text) : 0;

  *out = 0;
  if (len == 0)
    return TRUE;
  if (len > max_digits)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      *out = *out * 10 + (guint) (text[i] - '0');
    }
  return TRUE;
}

KioskIdCardData *
kiosk_id_text_parse (const guint8 *block, gsize len, GError **error)
{
  g_autoptr (KioskIdCardData) data = NULL;
  const FieldSpec *layout;
  gunichar flag;
  guint16 flag_unit;
  g_autofree char *english_tail = NULL;

  if (block == NULL || len != KIOSK_ID_TEXT_LEN)
    {
      g_set_error (error, KIOSK_ID_TEXT_ERROR, KIOSK_ID_TEXT_ERROR_LENGTH,
                   "The text block has %" G_GSIZE_FORMAT " bytes, not %d", block ? len : 0,
                   KIOSK_ID_TEXT_LEN);
      return NULL;
    }

  data = kiosk_id_card_data_new ();
  flag_unit = unit_at (block, TYPE_FLAG_OFFSET);
  if (flag_unit == 'J')
    data->type = KIOSK_ID_CARD_HKMOTW;
  else if (flag_unit == 'I')
    data->type = KIOSK_ID_CARD_FOREIGNER;
  else if (flag_unit == 'Y')
    data->type = KIOSK_ID_CARD_FOREIGNER_2023;
  else
    data->type = KIOSK_ID_CARD_RESIDENT;
  layout = layout_for (data->type, &flag);

  for (const FieldSpec *spec = layout; spec->label != NULL; spec++)
    {
      gboolean split = spec->field == F_ENGLISH_NAME && data->type == KIOSK_ID_CARD_FOREIGNER_2023;
      g_autofree char *value = NULL;
      char **slot;

      if (spec->field == F_TYPE_FLAG)
        continue;
      value = decode_field (block, spec, split, error);
      if (value == NULL)
        return NULL;

      switch (spec->field)
        {
          case F_SEX:
            if (!parse_small_number (value, 1, &data->sex) || *value == '\0')
              data->sex = 99; /* rejected by check_field */
            break;
          case F_ISSUE_COUNT:
            if (!parse_small_number (value, 2, &data->issue_count))
              {
                kiosk_id_wipe_string (&value);
                field_error (error, spec, "is not a number");
                return NULL;
              }
            break;
          case F_ENGLISH_NAME_2:
            english_tail = g_steal_pointer (&value);
            break;
          case F_VALID_TO:
            if (g_str_equal (value, LONG_TERM))
              data->valid_long_term = TRUE;
            else
              data->valid_to = g_steal_pointer (&value);
            break;
          default:
            slot = slot_for (data, spec->field);
            if (slot != NULL && *value != '\0')
              *slot = g_steal_pointer (&value);
            break;
        }
      kiosk_id_wipe_string (&value);
    }

  if (data->type == KIOSK_ID_CARD_FOREIGNER_2023)
    {
      /* Part 1 is kept with its padding so that a name running on into
       * part 2 keeps its spaces. */
      g_autofree char *joined = g_strconcat (data->english_name ? data->english_name : "",
                                             english_tail ? english_tail : "", NULL);

      kiosk_id_wipe_string (&data->english_name);
      kiosk_id_wipe_string (&english_tail);
      g_strchomp (joined);
      if (*joined != '\0')
        data->english_name = g_steal_pointer (&joined);
      else
        kiosk_id_wipe_string (&joined);
    }

  for (const FieldSpec *spec = layout; spec->label != NULL; spec++)
    if (!check_field (data, spec, error))
      return NULL;
  return g_steal_pointer (&data);
}

/* ---- encoder ------------------------------------------------------------- */

static gboolean
put_field (guint8 *block, const FieldSpec *spec, const char *value, GError **error)
{
  guint units = spec->size / 2;
  guint i = 0;

  if (value != NULL && !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, KIOSK_ID_TEXT_ERROR, KIOSK_ID_TEXT_ERROR_ENCODING,
                   "The %s value is not UTF-8", spec->label);
      return FALSE;
    }
  for (const char *p = value ? value : ""; *p != '\0'; p = g_utf8_next_char (p), i++)
    {
      gunichar c = g_utf8_get_char (p);

      if (i >= units)
        {
          g_set_error (error, KIOSK_ID_TEXT_ERROR, KIOSK_ID_TEXT_ERROR_TOO_LONG,
                       "The %s value is longer than %u characters", spec->label, units);
          return FALSE;
        }
      if (c > 0xFFFF || (c >= 0xD800 && c <= 0xDFFF) || c < 0x20)
        {
          g_set_error (error, KIOSK_ID_TEXT_ERROR, KIOSK_ID_TEXT_ERROR_ENCODING,
                       "The %s value has a character UCS-2 cannot carry", spec->label);
          return FALSE;
        }
      block[spec->offset + 2 * i] = (guint8) (c & 0xFF);
      block[spec->offset + 2 * i + 1] = (guint8) (c >> 8);
    }
  return TRUE;
}

gboolean
kiosk_id_text_encode (const KioskIdCardData *data, guint8 block[KIOSK_ID_TEXT_LEN], GError **error)
{
  const FieldSpec *layout;
  gunichar flag;
  g_autofree char *english_1 = NULL;
  const char *english_2 = NULL;
  g_autoptr (KioskIdCardData) check = NULL;

  g_return_val_if_fail (data != NULL && block != NULL, FALSE);

  layout = layout_for (data->type, &flag);
  for (guint i = 0; i < KIOSK_ID_TEXT_LEN; i += 2)
    {
      block[i] = 0x20;
      block[i + 1] = 0x00;
    }

  if (data->type == KIOSK_ID_CARD_FOREIGNER_2023 && data->english_name != NULL)
    {
      glong units = Y_ENGLISH_1_SIZE / 2;

      if (g_utf8_validate (data->english_name, -1, NULL)
          && g_utf8_strlen (data->english_name, -1) > units)
        {
          english_2 = g_utf8_offset_to_pointer (data->english_name, units);
          english_1 = g_strndup (data->english_name, (gsize) (english_2 - data->english_name));
        }
      else
        english_1 = g_strdup (data->english_name);
    }

  for (const FieldSpec *spec = layout; spec->label != NULL; spec++)
    {
      g_autofree char *number = NULL;
      const char *value = NULL;
      char **slot;
      gboolean ok;

      switch (spec->field)
        {
          case F_SEX:
            number = data->sex <= 9 ? g_strdup_printf ("%u", data->sex) : g_strdup ("?");
            value = number;
            break;
          case F_ISSUE_COUNT:
            if (data->issue_count > 99)
              return field_error (error, spec, "is larger than 99");
            number = g_strdup_printf ("%02u", data->issue_count);
            value = number;
            break;
          case F_TYPE_FLAG:
            block[spec->offset] = (guint8) flag;
            block[spec->offset + 1] = 0;
            continue;
          case F_VALID_TO:
            value = data->valid_long_term ? LONG_TERM : data->valid_to;
            break;
          case F_ENGLISH_NAME:
            value = data->type == KIOSK_ID_CARD_FOREIGNER_2023 ? english_1 : data->english_name;
            break;
          case F_ENGLISH_NAME_2:
            value = english_2;
            break;
          default:
            slot = slot_for ((KioskIdCardData *) data, spec->field);
            value = slot ? *slot : NULL;
            break;
        }
      ok = put_field (block, spec, value, error);
      if (number != NULL)
        explicit_bzero (number, strlen (number));
      if (!ok)
        return FALSE;
    }

  /* What we write must be what a reader accepts. */
  check = kiosk_id_text_parse (block, KIOSK_ID_TEXT_LEN, error);
  if (check == NULL)
    {
      explicit_bzero (block, KIOSK_ID_TEXT_LEN);
      return FALSE;
    }
  return TRUE;
}
