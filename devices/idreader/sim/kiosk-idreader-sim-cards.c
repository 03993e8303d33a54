/* kiosk-idreader-sim-cards.c — the simulator's cards */
#define G_LOG_DOMAIN "kiosk-idreader-sim"

#include "config.h"

#include <string.h>

#include "kiosk-id-text.h"
#include "kiosk-idreader-sim-cards.h"

KioskIdCardData *
kiosk_idreader_sim_builtin_card (KioskIdCardType type)
{
  KioskIdCardData *card = kiosk_id_card_data_new ();

  card->type = type;
  switch (type)
    {
      case KIOSK_ID_CARD_RESIDENT:
        card->name = g_strdup ("张演示");
        card->sex = 1;
        card->nation = g_strdup ("01");
        card->birth_date = g_strdup ("19900307");
        card->address = g_strdup ("吉林省长春市朝阳区演示街道1号");
        card->id_number = g_strdup ("220102199003071235");
        card->authority = g_strdup ("长春市公安局朝阳分局");
        card->valid_from = g_strdup ("20150101");
        card->valid_to = g_strdup ("20350101");
        break;
      case KIOSK_ID_CARD_HKMOTW:
        card->name = g_strdup ("陈演示");
        card->sex = 2;
        card->birth_date = g_strdup ("19850612");
        card->address = g_strdup ("吉林省长春市南关区演示路2号");
        card->id_number = g_strdup ("810000198506120024");
        card->authority = g_strdup ("长春市公安局");
        card->valid_from = g_strdup ("20190901");
        card->valid_to = g_strdup ("20240901");
        card->pass_number = g_strdup ("H01234567");
        card->issue_count = 1;
        break;
      case KIOSK_ID_CARD_FOREIGNER:
        card->english_name = g_strdup ("DEMO, ALEXANDRA MARIE");
        card->name = g_strdup ("德演示");
        card->sex = 2;
        card->id_number = g_strdup ("CAN310085061201");
        card->nationality = g_strdup ("CAN");
        card->valid_from = g_strdup ("20180101");
        card->valid_to = g_strdup ("20280101");
        card->birth_date = g_strdup ("19850612");
        card->card_version = g_strdup ("01");
        card->authority = g_strdup ("1500");
        break;
      case KIOSK_ID_CARD_FOREIGNER_2023:
      default:
        card->type = KIOSK_ID_CARD_FOREIGNER_2023;
        card->name = g_strdup ("马演示");
        card->sex = 1;
        card->issue_count = 0;
        card->birth_date = g_strdup ("19820301");
        /* Longer than the first English-name field: exercises the split. */
        card->english_name = g_strdup ("MARTINEZ-DEMONSTRATION, SEBASTIAN ALEXANDER");
        card->id_number = g_strdup ("933156198203010079");
        card->valid_from = g_strdup ("20230601");
        card->valid_to = g_strdup ("20330601");
        card->nationality = g_strdup ("ESP");
        card->previous_number = g_strdup ("A01");
        break;
    }
  return card;
}

static char *
get_value (GKeyFile *keyfile, const char *group, const char *const *keys)
{
  for (; *keys != NULL; keys++)
    {
      char *value = g_key_file_get_string (keyfile, group, *keys, NULL);

      if (value != NULL && *g_strstrip (value) != '\0')
        return value;
      g_free (value);
    }
  return NULL;
}

/* Accepts 1990-03-07 as well as 19900307. */
static void
strip_dashes (char *date)
{
  char *dst = date;

  for (const char *src = date; *src; src++)
    if (*src != '-')
      *dst++ = *src;
  *dst = '\0';
}

KioskIdCardData *
kiosk_idreader_sim_card_from_person (GKeyFile *people, const char *group, GError **error)
{
  static const char *const name_keys[] = { "name", NULL };
  static const char *const id_keys[] = { "id_number", "id", NULL };
  static const char *const sex_keys[] = { "sex", NULL };
  static const char *const nation_keys[] = { "nation", "ethnic", "ethnic_code", NULL };
  static const char *const birth_keys[] = { "birth", "birth_date", NULL };
  static const char *const address_keys[] = { "address", "id_address", NULL };
  static const char *const authority_keys[] = { "authority", "id_authority", NULL };
  static const char *const from_keys[] = { "id_valid_from", "valid_from", NULL };
  static const char *const to_keys[] = { "id_valid_to", "valid_to", NULL };
  static const char *const pass_keys[] = { "pass_number", NULL };
  static const char *const english_keys[] = { "english_name", NULL };
  static const char *const nationality_keys[] = { "nationality", NULL };
  g_autoptr (KioskIdCardData) card = kiosk_id_card_data_new ();
  g_autofree char *sex = NULL;
  guint8 block[KIOSK_ID_TEXT_LEN];
  gboolean ok;

  g_autofree char *id_type = g_key_file_get_string (people, group, "id_type", NULL);

  card->type = KIOSK_ID_CARD_RESIDENT;
  if (g_strcmp0 (id_type, "hk_macau_taiwan") == 0)
    card->type = KIOSK_ID_CARD_HKMOTW;
  else if (g_strcmp0 (id_type, "foreigner") == 0)
    card->type = KIOSK_ID_CARD_FOREIGNER_2023;
  card->name = get_value (people, group, name_keys);
  card->id_number = get_value (people, group, id_keys);
  if (card->name == NULL || card->id_number == NULL || strlen (card->id_number) != 18)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "Person [%s] has no name or no 18-character id_number", group);
      return NULL;
    }
  sex = get_value (people, group, sex_keys);
  if (sex != NULL
      && (g_str_equal (sex, "2") || g_str_equal (sex, "女") || g_str_equal (sex, "female")))
    card->sex = 2;
  else if (sex != NULL)
    card->sex
        = (g_str_equal (sex, "1") || g_str_equal (sex, "男") || g_str_equal (sex, "male")) ? 1 : 0;
  else
    card->sex = ((card->id_number[16] - '0') % 2) ? 1 : 2;
  card->nation = get_value (people, group, nation_keys);
  if (card->nation == NULL)
    card->nation = g_strdup ("01");
  card->birth_date = get_value (people, group, birth_keys);
  if (card->birth_date == NULL)
    card->birth_date = g_strndup (card->id_number + 6, 8);
  strip_dashes (card->birth_date);
  card->address = get_value (people, group, address_keys);
  if (card->address == NULL)
    card->address = g_strdup ("吉林省长春市");
  card->authority = get_value (people, group, authority_keys);
  if (card->authority == NULL)
    card->authority = g_strdup ("长春市公安局");
  card->valid_from = get_value (people, group, from_keys);
  if (card->valid_from == NULL)
    card->valid_from = g_strdup ("20200101");
  card->valid_to = get_value (people, group, to_keys);
  if (card->valid_to == NULL)
    card->valid_to = g_strdup ("20400101");
  strip_dashes (card->valid_from);
  strip_dashes (card->valid_to);
  if (card->type == KIOSK_ID_CARD_HKMOTW)
    {
      /* 81 Hong Kong (H), 82 Macao (M), 83 Taiwan (8 digits): a fictional
       * pass number unless the person has one. */
      card->pass_number = get_value (people, group, pass_keys);
      if (card->pass_number == NULL)
        card->pass_number = g_strdup_printf ("%s%.8s",
                                             g_str_has_prefix (card->id_number, "81")   ? "H"
                                             : g_str_has_prefix (card->id_number, "82") ? "M"
                                                                                        : "",
                                             card->id_number + 8);
      card->issue_count = 1;
    }
  if (card->type == KIOSK_ID_CARD_FOREIGNER_2023)
    {
      g_autofree char *upper = g_ascii_strup (group, -1);

      kiosk_id_wipe_string (&card->address);
      kiosk_id_wipe_string (&card->authority);
      kiosk_id_wipe_string (&card->nation);
      card->english_name = get_value (people, group, english_keys);
      if (card->english_name == NULL)
        card->english_name = g_strdup_printf (
            "DEMO, %.38s", strchr (upper, ':') ? strchr (upper, ':') + 1 : upper);
      card->nationality = get_value (people, group, nationality_keys);
      if (card->nationality == NULL)
        card->nationality = g_strdup ("XXX"); /* ICAO: unspecified nationality */
    }
  if (g_str_equal (card->valid_to, "长期"))
    {
      kiosk_id_wipe_string (&card->valid_to);
      card->valid_long_term = TRUE;
    }

  ok = kiosk_id_text_encode (card, block, error);
  explicit_bzero (block, sizeof block);
  if (!ok)
    {
      g_prefix_error (error, "Person [%s]: ", group);
      return NULL;
    }
  return g_steal_pointer (&card);
}

KioskIdCardData *
kiosk_idreader_sim_find_card (const char *spec, GKeyFile *people, GError **error)
{
  KioskIdCardType type;

  if (kiosk_id_card_type_from_string (spec, &type))
    return kiosk_idreader_sim_builtin_card (type);

  if (g_file_test (spec, G_FILE_TEST_IS_REGULAR))
    {
      g_autoptr (GKeyFile) keyfile = g_key_file_new ();

      if (!g_key_file_load_from_file (keyfile, spec, G_KEY_FILE_NONE, error))
        return NULL;
      return kiosk_id_card_data_from_keyfile (keyfile, "card", error);
    }

  if (people != NULL)
    {
      g_auto (GStrv) groups = g_key_file_get_groups (people, NULL);

      g_autofree char *person = g_strconcat ("person:", spec, NULL);

      if (g_key_file_has_group (people, spec))
        return kiosk_idreader_sim_card_from_person (people, spec, error);
      if (g_key_file_has_group (people, person))
        return kiosk_idreader_sim_card_from_person (people, person, error);
      for (gsize i = 0; groups[i] != NULL; i++)
        {
          g_autofree char *id = g_key_file_get_string (people, groups[i], "id_number", NULL);

          if (id != NULL && g_str_equal (g_strstrip (id), spec))
            return kiosk_idreader_sim_card_from_person (people, groups[i], error);
        }
    }
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
               "No such card: not a card type (resident, hkmotw, foreigner, foreigner2023), "
               "not a card file, not a demo person");
  return NULL;
}
