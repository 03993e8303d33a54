/* kiosk-demo-people.c — loading data/demo-people.ini */
#include "config.h"

#define G_LOG_DOMAIN "kiosk-center"

#include "kiosk-key-file.h"
#include "kiosk-demo-people.h"

#include <stdlib.h>
#include <string.h>

#include "kiosk-card-number.h"
#include "kiosk-center-wire.h"
#include "kiosk-paths.h"
#include "kiosk-rules.h"

G_DEFINE_QUARK (kiosk - demo - people - error - quark, kiosk_demo_people_error)

#define PERSON_PREFIX "person:"
#define CARD_PREFIX   "card:"
#define MAX_RULE      23

static const char *const person_keys[] = {
  "id_number",
  "name",
  "id_type",
  "nation",
  "insured",
  "newly_insured",
  "deceased",
  "cross_province_registered",
  "has_usable_old_medical_card",
  "hospitalised_on_old_card",
  "face_match",
  "scenario",
  "rules",
  NULL,
};

static const char *const card_keys[] = {
  "holder",
  "number",
  "kind",
  "stage",
  "pre_account_failure",
  "bank",
  "window",
  "social_activated",
  "damaged",
  "replaced",
  "handed_back",
  "issued_on",
  "financial_activated_on",
  "temporary_loss_on",
  "formal_loss_social_on",
  "formal_loss_financial_on",
  "temporary_valid_until",
  NULL,
};

static void
demo_card_free (gpointer data)
{
  KioskDemoCard *card = data;

  g_free (card->key);
  g_free (card->holder);
  g_free (card->number);
  g_free (card->bank);
  g_free (card->window);
  g_free (card->issued_on);
  g_free (card->financial_activated_on);
  g_free (card->temporary_loss_on);
  g_free (card->formal_loss_social_on);
  g_free (card->formal_loss_financial_on);
  g_free (card->temporary_valid_until);
  g_free (card);
}

static void
demo_person_free (gpointer data)
{
  KioskDemoPerson *person = data;

  g_free (person->key);
  g_free (person->id_number);
  g_free (person->name);
  g_free (person->id_type);
  g_free (person->nation);
  g_free (person->scenario);
  g_clear_pointer (&person->rules, g_array_unref);
  g_clear_pointer (&person->cards, g_ptr_array_unref);
  g_free (person);
}

void
kiosk_demo_people_free (KioskDemoPeople *people)
{
  if (people == NULL)
    return;
  g_ptr_array_unref (people->people);
  g_free (people);
}

static gboolean
invalid (GError **error, const char *group, const char *key, const char *what)
{
  g_set_error (error, KIOSK_DEMO_PEOPLE_ERROR, KIOSK_DEMO_PEOPLE_ERROR_INVALID,
               "demo people: [%s] %s: %s", group, key, what);
  return FALSE;
}

static gboolean
check_known_keys (GKeyFile *kf, const char *group, const char *const *known, GError **error)
{
  g_auto (GStrv) keys = g_key_file_get_keys (kf, group, NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    if (!g_strv_contains (known, keys[i]))
      return invalid (error, group, keys[i], "unknown key");
  return TRUE;
}

/* A string key; `required` FALSE leaves *out NULL when it is missing. An
 * empty value counts as missing. */
static gboolean
get_string (
    GKeyFile *kf, const char *group, const char *key, gboolean required, char **out, GError **error)
{
  g_autofree char *value = kiosk_key_file_get_string (kf, group, key, NULL);

  *out = NULL;
  if (value != NULL)
    g_strstrip (value);
  if (value == NULL || value[0] == '\0')
    return required ? invalid (error, group, key, "missing") : TRUE;
  if (!g_utf8_validate (value, -1, NULL))
    return invalid (error, group, key, "not UTF-8");
  *out = g_steal_pointer (&value);
  return TRUE;
}

static gboolean
get_bool (
    GKeyFile *kf, const char *group, const char *key, gboolean dflt, gboolean *out, GError **error)
{
  g_autofree char *value = NULL;

  *out = dflt;
  if (!get_string (kf, group, key, FALSE, &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;
  if (g_str_equal (value, "true"))
    *out = TRUE;
  else if (g_str_equal (value, "false"))
    *out = FALSE;
  else
    return invalid (error, group, key, "must be true or false");
  return TRUE;
}

static gboolean
get_day (GKeyFile *kf, const char *group, const char *key, char **out, GError **error)
{
  GDate any;
  GDate resolved;

  if (!get_string (kf, group, key, FALSE, out, error))
    return FALSE;
  if (*out == NULL)
    return TRUE;
  g_date_clear (&any, 1);
  g_date_set_dmy (&any, 1, G_DATE_JANUARY, 2000);
  if (!kiosk_demo_people_resolve_day (*out, &any, &resolved))
    return invalid (error, group, key,
                    "a day is \"today\", \"today-N\", \"today+N\" or YYYY-MM-DD");
  return TRUE;
}

static gboolean
is_key_text (const char *text)
{
  if (text == NULL || text[0] == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static gboolean
parse_rules (const char *group, const char *text, GArray *rules, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);
      char *end = NULL;
      long n;

      if (part[0] != 'R' || !g_ascii_isdigit (part[1]))
        return invalid (error, group, "rules", "a rule is written R1 … R23");
      n = strtol (part + 1, &end, 10);
      if (*end != '\0' || n < 1 || n > MAX_RULE)
        return invalid (error, group, "rules", "a rule is written R1 … R23");
      g_array_append_vals (rules, &(int){ (int) n }, 1);
    }
  if (rules->len == 0)
    return invalid (error, group, "rules", "missing");
  return TRUE;
}

static KioskDemoPerson *
load_person (GKeyFile *kf, const char *group, GError **error)
{
  g_autoptr (GPtrArray) guard = g_ptr_array_new_with_free_func (demo_person_free);
  KioskDemoPerson *p = g_new0 (KioskDemoPerson, 1);
  g_autofree char *rules = NULL;

  g_ptr_array_add (guard, p);
  p->key = g_strdup (group + strlen (PERSON_PREFIX));
  p->rules = g_array_new (FALSE, FALSE, sizeof (int));
  p->cards = g_ptr_array_new_with_free_func (demo_card_free);

  if (!is_key_text (p->key))
    {
      invalid (error, group, "(group)", "a person key is lower-case letters, digits and '-'");
      return NULL;
    }
  if (!check_known_keys (kf, group, person_keys, error)
      || !get_string (kf, group, "id_number", TRUE, &p->id_number, error)
      || !get_string (kf, group, "name", TRUE, &p->name, error)
      || !get_string (kf, group, "id_type", FALSE, &p->id_type, error)
      || !get_string (kf, group, "nation", FALSE, &p->nation, error)
      || !get_bool (kf, group, "insured", TRUE, &p->insured, error)
      || !get_bool (kf, group, "newly_insured", FALSE, &p->newly_insured, error)
      || !get_bool (kf, group, "deceased", FALSE, &p->deceased, error)
      || !get_bool (kf, group, "cross_province_registered", FALSE, &p->cross_province_registered,
                    error)
      || !get_bool (kf, group, "has_usable_old_medical_card", FALSE,
                    &p->has_usable_old_medical_card, error)
      || !get_bool (kf, group, "hospitalised_on_old_card", FALSE, &p->hospitalised_on_old_card,
                    error)
      || !get_bool (kf, group, "face_match", TRUE, &p->face_match, error)
      || !get_string (kf, group, "scenario", TRUE, &p->scenario, error)
      || !get_string (kf, group, "rules", TRUE, &rules, error)
      || !parse_rules (group, rules, p->rules, error))
    return NULL;

  if (!kiosk_center_wire_id_number_is_valid (p->id_number))
    {
      invalid (error, group, "id_number", "not an 18-character ID number with a valid check digit");
      return NULL;
    }
  if (p->id_type == NULL)
    p->id_type = g_strdup ("resident");
  if (!g_str_equal (p->id_type, "resident") && !g_str_equal (p->id_type, "hk_macau_taiwan")
      && !g_str_equal (p->id_type, "foreigner"))
    {
      invalid (error, group, "id_type", "must be resident, hk_macau_taiwan or foreigner");
      return NULL;
    }
  if (p->nation == NULL)
    p->nation = g_strdup ("01");
  if (strlen (p->nation) != 2 || !g_ascii_isdigit (p->nation[0]) || !g_ascii_isdigit (p->nation[1]))
    {
      invalid (error, group, "nation", "an ethnic code is two digits");
      return NULL;
    }
  return g_ptr_array_steal_index (guard, 0);
}

static KioskDemoCard *
load_card (GKeyFile *kf, const char *group, GError **error)
{
  g_autoptr (GPtrArray) guard = g_ptr_array_new_with_free_func (demo_card_free);
  KioskDemoCard *c = g_new0 (KioskDemoCard, 1);
  g_autofree char *kind = NULL;
  g_autofree char *stage = NULL;
  g_autofree char *failure = NULL;

  g_ptr_array_add (guard, c);
  c->key = g_strdup (group + strlen (CARD_PREFIX));
  if (!check_known_keys (kf, group, card_keys, error)
      || !get_string (kf, group, "holder", TRUE, &c->holder, error)
      || !get_string (kf, group, "number", TRUE, &c->number, error)
      || !get_string (kf, group, "kind", FALSE, &kind, error)
      || !get_string (kf, group, "stage", FALSE, &stage, error)
      || !get_string (kf, group, "pre_account_failure", FALSE, &failure, error)
      || !get_string (kf, group, "bank", FALSE, &c->bank, error)
      || !get_string (kf, group, "window", FALSE, &c->window, error)
      || !get_bool (kf, group, "social_activated", FALSE, &c->social_activated, error)
      || !get_bool (kf, group, "damaged", FALSE, &c->damaged, error)
      || !get_bool (kf, group, "replaced", FALSE, &c->replaced, error)
      || !get_bool (kf, group, "handed_back", FALSE, &c->handed_back, error)
      || !get_day (kf, group, "issued_on", &c->issued_on, error)
      || !get_day (kf, group, "financial_activated_on", &c->financial_activated_on, error)
      || !get_day (kf, group, "temporary_loss_on", &c->temporary_loss_on, error)
      || !get_day (kf, group, "formal_loss_social_on", &c->formal_loss_social_on, error)
      || !get_day (kf, group, "formal_loss_financial_on", &c->formal_loss_financial_on, error)
      || !get_day (kf, group, "temporary_valid_until", &c->temporary_valid_until, error))
    return NULL;

  if (!kiosk_card_number_is_valid (c->number))
    {
      invalid (error, group, "number", "not 8 of 0-9A-Z and a valid check character");
      return NULL;
    }
  c->kind = KIOSK_CARD_KIND_FORMAL;
  if (kind != NULL && !kiosk_card_kind_from_string (kind, &c->kind))
    {
      invalid (error, group, "kind", "must be formal or temporary");
      return NULL;
    }
  c->stage = KIOSK_CARD_STAGE_COLLECTED;
  if (stage != NULL && !kiosk_card_stage_from_string (stage, &c->stage))
    {
      invalid (error, group, "stage", "not a card stage (in_production, at_window, …)");
      return NULL;
    }
  c->pre_account_failure = KIOSK_PRE_ACCOUNT_FAILURE_NONE;
  if (failure != NULL && !kiosk_pre_account_failure_from_string (failure, &c->pre_account_failure))
    {
      invalid (error, group, "pre_account_failure",
               "must be none, photo, phone or name_id_mismatch");
      return NULL;
    }
  if ((c->stage == KIOSK_CARD_STAGE_PRE_ACCOUNT_FAILED)
      != (c->pre_account_failure != KIOSK_PRE_ACCOUNT_FAILURE_NONE))
    {
      invalid (error, group, "pre_account_failure",
               "is set exactly when the stage is pre_account_failed (R3)");
      return NULL;
    }
  if (c->bank != NULL && !g_strv_contains (kiosk_rules_banks (), c->bank))
    {
      invalid (error, group, "bank", "not one of the co-branded banks (R5)");
      return NULL;
    }
  if (c->window != NULL && !is_key_text (c->window))
    {
      invalid (error, group, "window", "a window key is lower-case letters, digits and '-'");
      return NULL;
    }
  if (c->kind == KIOSK_CARD_KIND_TEMPORARY
      && (c->issued_on == NULL || c->temporary_valid_until == NULL))
    {
      invalid (error, group, "temporary_valid_until",
               "a temporary card needs issued_on and temporary_valid_until (R13)");
      return NULL;
    }
  return g_ptr_array_steal_index (guard, 0);
}

static KioskDemoPerson *
find_by_key (KioskDemoPeople *people, const char *key)
{
  for (guint i = 0; i < people->people->len; i++)
    {
      KioskDemoPerson *p = people->people->pdata[i];

      if (g_str_equal (p->key, key))
        return p;
    }
  return NULL;
}

KioskDemoPeople *
kiosk_demo_people_load_data (const char *data, gssize len, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (KioskDemoPeople) people = g_new0 (KioskDemoPeople, 1);
  g_autoptr (GHashTable) numbers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GError) local_error = NULL;
  g_auto (GStrv) groups = NULL;

  people->people = g_ptr_array_new_with_free_func (demo_person_free);
  if (data == NULL)
    data = "";
  if (len < 0)
    len = (gssize) strlen (data);
  if (memchr (data, '\0', (gsize) len) != NULL || !g_utf8_validate (data, len, NULL))
    {
      g_set_error_literal (error, KIOSK_DEMO_PEOPLE_ERROR, KIOSK_DEMO_PEOPLE_ERROR_PARSE,
                           "demo people: the file is not UTF-8 text");
      return NULL;
    }
  if (!g_key_file_load_from_data (kf, data, (gsize) len, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, KIOSK_DEMO_PEOPLE_ERROR, KIOSK_DEMO_PEOPLE_ERROR_PARSE, "demo people: %s",
                   local_error->message);
      return NULL;
    }

  groups = g_key_file_get_groups (kf, NULL);
  /* People first, so that a card may come before or after its holder. */
  for (guint i = 0; groups[i] != NULL; i++)
    {
      KioskDemoPerson *p;

      if (g_str_has_prefix (groups[i], CARD_PREFIX))
        continue;
      if (!g_str_has_prefix (groups[i], PERSON_PREFIX))
        {
          invalid (error, groups[i], "(group)", "groups are [person:KEY] or [card:KEY]");
          return NULL;
        }
      p = load_person (kf, groups[i], error);
      if (p == NULL)
        return NULL;
      g_ptr_array_add (people->people, p);
      if (find_by_key (people, p->key) != p)
        {
          invalid (error, groups[i], "(group)", "the same person key twice");
          return NULL;
        }
      if (!g_hash_table_add (ids, p->id_number))
        {
          invalid (error, groups[i], "id_number", "the same ID number twice");
          return NULL;
        }
    }
  for (guint i = 0; groups[i] != NULL; i++)
    {
      KioskDemoCard *c;
      KioskDemoPerson *holder;

      if (!g_str_has_prefix (groups[i], CARD_PREFIX))
        continue;
      c = load_card (kf, groups[i], error);
      if (c == NULL)
        return NULL;
      holder = find_by_key (people, c->holder);
      if (holder == NULL)
        {
          invalid (error, groups[i], "holder", "no [person:…] with this key");
          demo_card_free (c);
          return NULL;
        }
      g_ptr_array_add (holder->cards, c);
      if (!g_hash_table_add (numbers, c->number))
        {
          invalid (error, groups[i], "number", "the same card number twice");
          return NULL;
        }
    }
  if (people->people->len == 0)
    {
      g_set_error_literal (error, KIOSK_DEMO_PEOPLE_ERROR, KIOSK_DEMO_PEOPLE_ERROR_INVALID,
                           "demo people: the file lists no [person:…]");
      return NULL;
    }
  return g_steal_pointer (&people);
}

KioskDemoPeople *
kiosk_demo_people_load (const char *path, GError **error)
{
  g_autofree char *default_path = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr (GError) local_error = NULL;

  if (path == NULL)
    path = default_path = kiosk_paths_data_file ("demo-people.ini");
  if (!g_file_get_contents (path, &data, &len, &local_error))
    {
      g_set_error (error, KIOSK_DEMO_PEOPLE_ERROR, KIOSK_DEMO_PEOPLE_ERROR_NOT_FOUND,
                   "demo people: %s", local_error->message);
      return NULL;
    }
  if (len > 4 * 1024 * 1024)
    {
      g_set_error (error, KIOSK_DEMO_PEOPLE_ERROR, KIOSK_DEMO_PEOPLE_ERROR_PARSE,
                   "demo people: %s is larger than 4 MiB", path);
      return NULL;
    }
  return kiosk_demo_people_load_data (data, (gssize) len, error);
}

const KioskDemoPerson *
kiosk_demo_people_find (const KioskDemoPeople *people, const char *id_number)
{
  g_return_val_if_fail (people != NULL, NULL);

  for (guint i = 0; id_number != NULL && i < people->people->len; i++)
    {
      const KioskDemoPerson *p = people->people->pdata[i];

      if (g_str_equal (p->id_number, id_number))
        return p;
    }
  return NULL;
}

gboolean
kiosk_demo_people_resolve_day (const char *spec, const GDate *today, GDate *out)
{
  const char *p;
  guint64 n = 0;
  gboolean minus;

  g_return_val_if_fail (out != NULL, FALSE);

  g_date_clear (out, 1);
  if (spec == NULL)
    return FALSE;
  if (!g_str_has_prefix (spec, "today"))
    return kiosk_center_wire_parse_date (spec, out);

  if (today == NULL || !g_date_valid (today))
    return FALSE;
  *out = *today;
  p = spec + strlen ("today");
  if (*p == '\0')
    return TRUE;
  if (*p != '-' && *p != '+')
    {
      g_date_clear (out, 1);
      return FALSE;
    }
  minus = *p == '-';
  p++;
  if (!g_ascii_string_to_unsigned (p, 10, 0, 36500, &n, NULL) || !g_ascii_isdigit (*p))
    {
      g_date_clear (out, 1);
      return FALSE;
    }
  if (minus)
    {
      if (g_date_get_julian (out) <= n)
        {
          g_date_clear (out, 1);
          return FALSE;
        }
      g_date_subtract_days (out, (guint) n);
    }
  else
    {
      /* GDate ends with the year 65535; stay well inside 9999. */
      if (g_date_get_julian (out) + n > 3652059)
        {
          g_date_clear (out, 1);
          return FALSE;
        }
      g_date_add_days (out, (guint) n);
    }
  return TRUE;
}

char *
kiosk_demo_person_rules_label (const KioskDemoPerson *person)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (person != NULL, NULL);

  for (guint i = 0; i < person->rules->len; i++)
    g_string_append_printf (out, "%sR%d", i > 0 ? ", " : "", g_array_index (person->rules, int, i));
  return g_string_free (out, FALSE);
}
