/* kiosk-id-card-data.c — the ID card's data, wiped when freed */
#define G_LOG_DOMAIN "kiosk-idreader"

#include "config.h"

#include <string.h>

#include "kiosk-id-card-data.h"
#include "kiosk-id-text.h"

static const struct
{
  KioskIdCardType type;
  const char *name;
  const char *label;
} types[] = {
  { KIOSK_ID_CARD_RESIDENT, "resident", "居民身份证" },
  { KIOSK_ID_CARD_HKMOTW, "hkmotw", "港澳台居民居住证" },
  { KIOSK_ID_CARD_FOREIGNER, "foreigner", "外国人永久居留身份证" },
  { KIOSK_ID_CARD_FOREIGNER_2023, "foreigner2023", "外国人永久居留身份证（2023版）" },
};

const char *
kiosk_id_card_type_to_string (KioskIdCardType type)
{
  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    if (types[i].type == type)
      return types[i].name;
  return "unknown";
}

const char *
kiosk_id_card_type_to_label (KioskIdCardType type)
{
  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    if (types[i].type == type)
      return types[i].label;
  return "未知证件";
}

gboolean
kiosk_id_card_type_from_string (const char *text, KioskIdCardType *type)
{
  for (gsize i = 0; text != NULL && i < G_N_ELEMENTS (types); i++)
    if (g_str_equal (types[i].name, text))
      {
        *type = types[i].type;
        return TRUE;
      }
  return FALSE;
}

KioskIdCardData *
kiosk_id_card_data_new (void)
{
  return g_new0 (KioskIdCardData, 1);
}

void
kiosk_id_wipe_string (char **string)
{
  if (*string == NULL)
    return;
  explicit_bzero (*string, strlen (*string));
  g_clear_pointer (string, g_free);
}

static void
wipe_buffer (guint8 **buffer, gsize *len)
{
  if (*buffer != NULL)
    explicit_bzero (*buffer, *len);
  g_clear_pointer (buffer, g_free);
  *len = 0;
}

void
kiosk_id_card_data_wipe (KioskIdCardData *data)
{
  g_return_if_fail (data != NULL);

  kiosk_id_wipe_string (&data->name);
  kiosk_id_wipe_string (&data->english_name);
  kiosk_id_wipe_string (&data->nation);
  kiosk_id_wipe_string (&data->birth_date);
  kiosk_id_wipe_string (&data->address);
  kiosk_id_wipe_string (&data->id_number);
  kiosk_id_wipe_string (&data->authority);
  kiosk_id_wipe_string (&data->valid_from);
  kiosk_id_wipe_string (&data->valid_to);
  kiosk_id_wipe_string (&data->pass_number);
  kiosk_id_wipe_string (&data->nationality);
  kiosk_id_wipe_string (&data->card_version);
  kiosk_id_wipe_string (&data->previous_number);
  wipe_buffer (&data->photo_wlt, &data->photo_wlt_len);
  wipe_buffer (&data->photo_bmp, &data->photo_bmp_len);
  wipe_buffer (&data->fingerprint, &data->fingerprint_len);
  explicit_bzero (data, sizeof *data);
}

void
kiosk_id_card_data_free (KioskIdCardData *data)
{
  if (data == NULL)
    return;
  kiosk_id_card_data_wipe (data);
  g_free (data);
}

KioskIdCardData *
kiosk_id_card_data_copy (const KioskIdCardData *data)
{
  KioskIdCardData *copy;

  g_return_val_if_fail (data != NULL, NULL);

  copy = g_memdup2 (data, sizeof *data);
  copy->name = g_strdup (data->name);
  copy->english_name = g_strdup (data->english_name);
  copy->nation = g_strdup (data->nation);
  copy->birth_date = g_strdup (data->birth_date);
  copy->address = g_strdup (data->address);
  copy->id_number = g_strdup (data->id_number);
  copy->authority = g_strdup (data->authority);
  copy->valid_from = g_strdup (data->valid_from);
  copy->valid_to = g_strdup (data->valid_to);
  copy->pass_number = g_strdup (data->pass_number);
  copy->nationality = g_strdup (data->nationality);
  copy->card_version = g_strdup (data->card_version);
  copy->previous_number = g_strdup (data->previous_number);
  copy->photo_wlt = data->photo_wlt ? g_memdup2 (data->photo_wlt, data->photo_wlt_len) : NULL;
  copy->photo_bmp = data->photo_bmp ? g_memdup2 (data->photo_bmp, data->photo_bmp_len) : NULL;
  copy->fingerprint
      = data->fingerprint ? g_memdup2 (data->fingerprint, data->fingerprint_len) : NULL;
  return copy;
}

static char *
get_value (GKeyFile *keyfile, const char *group, const char *key)
{
  char *value = g_key_file_get_string (keyfile, group, key, NULL);

  if (value != NULL && *g_strstrip (value) == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

static gboolean
get_number (
    GKeyFile *keyfile, const char *group, const char *key, guint max, guint *out, GError **error)
{
  g_autofree char *text = get_value (keyfile, group, key);
  guint64 value = 0;

  if (text != NULL && !g_ascii_string_to_unsigned (text, 10, 0, max, &value, NULL))
    {
      g_set_error (error, KIOSK_ID_TEXT_ERROR, KIOSK_ID_TEXT_ERROR_FIELD,
                   "[%s] %s: not a number from 0 to %u", group, key, max);
      return FALSE;
    }
  *out = (guint) value;
  return TRUE;
}

KioskIdCardData *
kiosk_id_card_data_from_keyfile (GKeyFile *keyfile, const char *group, GError **error)
{
  g_autoptr (KioskIdCardData) data = kiosk_id_card_data_new ();
  g_autofree char *type = get_value (keyfile, group, "type");
  g_autoptr (GError) local = NULL;
  guint8 block[KIOSK_ID_TEXT_LEN];
  gboolean ok;

  if (!g_key_file_has_group (keyfile, group))
    {
      g_set_error (error, KIOSK_ID_TEXT_ERROR, KIOSK_ID_TEXT_ERROR_FIELD, "No group [%s]", group);
      return NULL;
    }
  if (type != NULL && !kiosk_id_card_type_from_string (type, &data->type))
    {
      g_set_error (error, KIOSK_ID_TEXT_ERROR, KIOSK_ID_TEXT_ERROR_FIELD,
                   "[%s] type: “%s” is not resident, hkmotw, foreigner or foreigner2023", group,
                   type);
      return NULL;
    }
  data->name = get_value (keyfile, group, "name");
  data->english_name = get_value (keyfile, group, "english_name");
  data->nation = get_value (keyfile, group, "nation");
  data->birth_date = get_value (keyfile, group, "birth");
  data->address = get_value (keyfile, group, "address");
  data->id_number = get_value (keyfile, group, "id_number");
  data->authority = get_value (keyfile, group, "authority");
  data->valid_from = get_value (keyfile, group, "valid_from");
  data->valid_to = get_value (keyfile, group, "valid_to");
  data->pass_number = get_value (keyfile, group, "pass_number");
  data->nationality = get_value (keyfile, group, "nationality");
  data->card_version = get_value (keyfile, group, "card_version");
  data->previous_number = get_value (keyfile, group, "previous_number");
  if (!get_number (keyfile, group, "sex", 9, &data->sex, error)
      || !get_number (keyfile, group, "issue_count", 99, &data->issue_count, error))
    return NULL;
  if (g_strcmp0 (data->valid_to, "长期") == 0)
    {
      kiosk_id_wipe_string (&data->valid_to);
      data->valid_long_term = TRUE;
    }

  /* The card must be one the chip could carry. */
  ok = kiosk_id_text_encode (data, block, &local);
  explicit_bzero (block, sizeof block);
  if (!ok)
    {
      g_set_error (error, KIOSK_ID_TEXT_ERROR, local->code, "[%s] %s", group, local->message);
      return NULL;
    }
  return g_steal_pointer (&data);
}
