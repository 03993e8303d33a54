/* kiosk-center-wire.c — KioskCenter requests and replies as a{sv} dictionaries */
#include "config.h"

#define G_LOG_DOMAIN "kiosk-center"

#include "kiosk-center-wire.h"

#include <stdio.h>
#include <string.h>

#include "kiosk-audit-head.h"
#include "kiosk-center.h"

gboolean
kiosk_center_wire_id_number_is_valid (const char *id_number)
{
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  static const char check[] = "10X98765432";
  int sum = 0;

  if (id_number == NULL || strlen (id_number) != 18)
    return FALSE;
  for (int i = 0; i < 17; i++)
    {
      if (!g_ascii_isdigit (id_number[i]))
        return FALSE;
      sum += (id_number[i] - '0') * weights[i];
    }
  return id_number[17] == check[sum % 11];
}

char *
kiosk_center_wire_format_date (const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return NULL;
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

gboolean
kiosk_center_wire_parse_date (const char *text, GDate *out_date)
{
  unsigned y, m, d;
  int consumed = 0;

  g_date_clear (out_date, 1);
  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  if (sscanf (text, "%4u-%2u-%2u%n", &y, &m, &d, &consumed) != 3 || consumed != 10)
    return FALSE;
  if (y < 1 || y > 9999 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_set_dmy (out_date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

static gboolean
bad_reply (GError **error, const char *what, const char *key)
{
  g_set_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_BAD_REPLY,
               "the center's reply has %s \"%s\"", what, key);
  return FALSE;
}

static gboolean
check_dict (GVariant *dict, GError **error)
{
  if (dict == NULL || !g_variant_is_of_type (dict, G_VARIANT_TYPE_VARDICT))
    {
      g_set_error_literal (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_BAD_REPLY,
                           "the center's reply is not a dictionary");
      return FALSE;
    }
  return TRUE;
}

/* A string; `required` FALSE lets it be missing (NULL). */
static gboolean
get_str (GVariant *dict, const char *key, gboolean required, char **out, GError **error)
{
  g_autoptr (GVariant) value = g_variant_lookup_value (dict, key, NULL);

  *out = NULL;
  if (value == NULL)
    return required ? bad_reply (error, "no", key) : TRUE;
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return bad_reply (error, "a wrong type for", key);
  *out = g_variant_dup_string (value, NULL);
  return TRUE;
}

static gboolean
get_bool (GVariant *dict, const char *key, gboolean *out, GError **error)
{
  g_autoptr (GVariant) value = g_variant_lookup_value (dict, key, NULL);

  *out = FALSE;
  if (value == NULL)
    return bad_reply (error, "no", key);
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    return bad_reply (error, "a wrong type for", key);
  *out = g_variant_get_boolean (value);
  return TRUE;
}

/* An optional date: missing leaves it invalid (unset). */
static gboolean
get_date (GVariant *dict, const char *key, GDate *out, GError **error)
{
  g_autofree char *text = NULL;

  g_date_clear (out, 1);
  if (!get_str (dict, key, FALSE, &text, error))
    return FALSE;
  if (text != NULL && !kiosk_center_wire_parse_date (text, out))
    return bad_reply (error, "a bad date in", key);
  return TRUE;
}

static void
add_str (GVariantBuilder *b, const char *key, const char *value)
{
  if (value != NULL)
    g_variant_builder_add (b, "{sv}", key, g_variant_new_string (value));
}

static void
add_bool (GVariantBuilder *b, const char *key, gboolean value)
{
  g_variant_builder_add (b, "{sv}", key, g_variant_new_boolean (value));
}

static void
add_date (GVariantBuilder *b, const char *key, const GDate *date)
{
  g_autofree char *text = kiosk_center_wire_format_date (date);

  add_str (b, key, text);
}

GVariant *
kiosk_center_wire_card_to_variant (const KioskCard *card)
{
  GVariantBuilder b;

  g_return_val_if_fail (card != NULL, NULL);

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  add_str (&b, "card_number", card->card_number);
  add_str (&b, "kind", kiosk_card_kind_to_string (card->kind));
  add_str (&b, "stage", kiosk_card_stage_to_string (card->stage));
  add_str (&b, "pre_account_failure",
           kiosk_pre_account_failure_to_string (card->pre_account_failure));
  add_str (&b, "bank", card->bank);
  add_str (&b, "window", card->window);
  add_date (&b, "issued_on", &card->issued_on);
  add_date (&b, "financial_activated_on", &card->financial_activated_on);
  add_bool (&b, "social_activated", card->social_activated);
  add_date (&b, "temporary_loss_on", &card->temporary_loss_on);
  add_bool (&b, "formal_loss_social", card->formal_loss_social);
  add_date (&b, "formal_loss_social_on", &card->formal_loss_social_on);
  add_bool (&b, "formal_loss_financial", card->formal_loss_financial);
  add_date (&b, "formal_loss_financial_on", &card->formal_loss_financial_on);
  add_bool (&b, "damaged", card->damaged);
  add_bool (&b, "replaced", card->replaced);
  add_date (&b, "temporary_valid_until", &card->temporary_valid_until);
  add_bool (&b, "handed_back", card->handed_back);
  return g_variant_builder_end (&b);
}

KioskCard *
kiosk_center_wire_card_from_variant (GVariant *dict, GError **error)
{
  g_autoptr (KioskCard) card = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *stage = NULL;
  g_autofree char *failure = NULL;
  KioskCardKind k;

  if (!check_dict (dict, error) || !get_str (dict, "kind", TRUE, &kind, error))
    return NULL;
  if (!kiosk_card_kind_from_string (kind, &k))
    {
      bad_reply (error, "an unknown value in", "kind");
      return NULL;
    }
  card = kiosk_card_new (k);
  if (!get_str (dict, "card_number", FALSE, &card->card_number, error)
      || !get_str (dict, "stage", TRUE, &stage, error)
      || !get_str (dict, "pre_account_failure", TRUE, &failure, error)
      || !get_str (dict, "bank", FALSE, &card->bank, error)
      || !get_str (dict, "window", FALSE, &card->window, error)
      || !get_date (dict, "issued_on", &card->issued_on, error)
      || !get_date (dict, "financial_activated_on", &card->financial_activated_on, error)
      || !get_bool (dict, "social_activated", &card->social_activated, error)
      || !get_date (dict, "temporary_loss_on", &card->temporary_loss_on, error)
      || !get_bool (dict, "formal_loss_social", &card->formal_loss_social, error)
      || !get_date (dict, "formal_loss_social_on", &card->formal_loss_social_on, error)
      || !get_bool (dict, "formal_loss_financial", &card->formal_loss_financial, error)
      || !get_date (dict, "formal_loss_financial_on", &card->formal_loss_financial_on, error)
      || !get_bool (dict, "damaged", &card->damaged, error)
      || !get_bool (dict, "replaced", &card->replaced, error)
      || !get_date (dict, "temporary_valid_until", &card->temporary_valid_until, error)
      || !get_bool (dict, "handed_back", &card->handed_back, error))
    return NULL;
  if (!kiosk_card_stage_from_string (stage, &card->stage))
    {
      bad_reply (error, "an unknown value in", "stage");
      return NULL;
    }
  if (!kiosk_pre_account_failure_from_string (failure, &card->pre_account_failure))
    {
      bad_reply (error, "an unknown value in", "pre_account_failure");
      return NULL;
    }
  return g_steal_pointer (&card);
}

GVariant *
kiosk_center_wire_person_to_variant (const KioskPerson *person)
{
  GVariantBuilder b;
  GVariantBuilder cards;

  g_return_val_if_fail (person != NULL, NULL);

  g_variant_builder_init (&cards, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; person->cards != NULL && i < person->cards->len; i++)
    g_variant_builder_add_value (&cards,
                                 kiosk_center_wire_card_to_variant (person->cards->pdata[i]));

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  add_str (&b, "id_number", person->id_number);
  add_str (&b, "name", person->name);
  add_bool (&b, "insured", person->insured);
  add_bool (&b, "newly_insured", person->newly_insured);
  add_bool (&b, "deceased", person->deceased);
  add_bool (&b, "cross_province_registered", person->cross_province_registered);
  add_bool (&b, "has_usable_old_medical_card", person->has_usable_old_medical_card);
  add_bool (&b, "hospitalised_on_old_card", person->hospitalised_on_old_card);
  g_variant_builder_add (&b, "{sv}", "cards", g_variant_builder_end (&cards));
  return g_variant_builder_end (&b);
}

KioskPerson *
kiosk_center_wire_person_from_variant (GVariant *dict, GError **error)
{
  g_autoptr (KioskPerson) person = kiosk_person_new ();
  g_autoptr (GVariant) cards = NULL;
  GVariantIter iter;
  GVariant *child;

  if (!check_dict (dict, error) || !get_str (dict, "id_number", TRUE, &person->id_number, error)
      || !get_str (dict, "name", TRUE, &person->name, error)
      || !get_bool (dict, "insured", &person->insured, error)
      || !get_bool (dict, "newly_insured", &person->newly_insured, error)
      || !get_bool (dict, "deceased", &person->deceased, error)
      || !get_bool (dict, "cross_province_registered", &person->cross_province_registered, error)
      || !get_bool (dict, "has_usable_old_medical_card", &person->has_usable_old_medical_card,
                    error)
      || !get_bool (dict, "hospitalised_on_old_card", &person->hospitalised_on_old_card, error))
    return NULL;

  cards = g_variant_lookup_value (dict, "cards", NULL);
  if (cards == NULL)
    {
      bad_reply (error, "no", "cards");
      return NULL;
    }
  if (!g_variant_is_of_type (cards, G_VARIANT_TYPE ("aa{sv}")))
    {
      bad_reply (error, "a wrong type for", "cards");
      return NULL;
    }
  g_variant_iter_init (&iter, cards);
  while ((child = g_variant_iter_next_value (&iter)) != NULL)
    {
      KioskCard *card = kiosk_center_wire_card_from_variant (child, error);

      g_variant_unref (child);
      if (card == NULL)
        return NULL;
      kiosk_person_add_card (person, card);
    }
  return g_steal_pointer (&person);
}

GVariant *
kiosk_center_wire_progress_to_variant (const KioskProgress *progress)
{
  GVariantBuilder b;

  g_return_val_if_fail (progress != NULL, NULL);

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  add_str (&b, "stage", kiosk_card_stage_to_string (progress->stage));
  add_str (&b, "kind", kiosk_card_kind_to_string (progress->kind));
  add_str (&b, "card_number", progress->card_number);
  add_str (&b, "window", progress->window);
  add_str (&b, "bank", progress->bank);
  add_str (&b, "pre_account_failure",
           kiosk_pre_account_failure_to_string (progress->pre_account_failure));
  add_str (&b, "text", progress->text != NULL ? progress->text : "");
  return g_variant_builder_end (&b);
}

KioskProgress *
kiosk_center_wire_progress_from_variant (GVariant *dict, GError **error)
{
  g_autoptr (KioskProgress) progress = kiosk_progress_new ();
  g_autofree char *stage = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *failure = NULL;

  if (!check_dict (dict, error) || !get_str (dict, "stage", TRUE, &stage, error)
      || !get_str (dict, "kind", TRUE, &kind, error)
      || !get_str (dict, "card_number", FALSE, &progress->card_number, error)
      || !get_str (dict, "window", FALSE, &progress->window, error)
      || !get_str (dict, "bank", FALSE, &progress->bank, error)
      || !get_str (dict, "pre_account_failure", TRUE, &failure, error)
      || !get_str (dict, "text", TRUE, &progress->text, error))
    return NULL;
  if (!kiosk_card_stage_from_string (stage, &progress->stage))
    {
      bad_reply (error, "an unknown value in", "stage");
      return NULL;
    }
  if (!kiosk_card_kind_from_string (kind, &progress->kind))
    {
      bad_reply (error, "an unknown value in", "kind");
      return NULL;
    }
  if (!kiosk_pre_account_failure_from_string (failure, &progress->pre_account_failure))
    {
      bad_reply (error, "an unknown value in", "pre_account_failure");
      return NULL;
    }
  return g_steal_pointer (&progress);
}

GVariant *
kiosk_center_wire_application_to_variant (const KioskCenterApplication *app)
{
  GVariantBuilder b;
  g_autofree char *script = NULL;

  g_return_val_if_fail (app != NULL && app->script != NULL, NULL);

  script = kiosk_apdu_script_to_text (app->script);
  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  add_str (&b, "application_id", app->application_id);
  add_str (&b, "card_number", app->card_number);
  add_str (&b, "bank", app->bank);
  add_str (&b, "script", script);
  return g_variant_builder_end (&b);
}

KioskCenterApplication *
kiosk_center_wire_application_from_variant (GVariant *dict, GError **error)
{
  g_autoptr (KioskCenterApplication) app = kiosk_center_application_new ();
  g_autofree char *script = NULL;
  g_autoptr (GError) local_error = NULL;

  if (!check_dict (dict, error)
      || !get_str (dict, "application_id", TRUE, &app->application_id, error)
      || !get_str (dict, "card_number", TRUE, &app->card_number, error)
      || !get_str (dict, "bank", TRUE, &app->bank, error)
      || !get_str (dict, "script", TRUE, &script, error))
    return NULL;
  if (app->application_id[0] == '\0')
    {
      bad_reply (error, "an empty", "application_id");
      return NULL;
    }
  app->script = kiosk_apdu_script_parse (script, -1, &local_error);
  if (app->script == NULL)
    {
      g_set_error (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_BAD_REPLY,
                   "the center's personalisation script is unusable: %s", local_error->message);
      return NULL;
    }
  return g_steal_pointer (&app);
}

GVariant *
kiosk_center_wire_refusal_reply (const KioskRefusal *refusal)
{
  GVariantBuilder b;

  g_return_val_if_fail (refusal != NULL, NULL);

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "refusal",
                         g_variant_new ("(isss)", refusal->rule, refusal->message, refusal->remedy,
                                        refusal->window != NULL ? refusal->window : ""));
  return g_variant_builder_end (&b);
}

gboolean
kiosk_center_wire_reply_is_refusal (GVariant *reply, GError **error)
{
  g_autoptr (GVariant) value = NULL;
  g_autoptr (KioskRefusal) refusal = NULL;
  gint32 rule;
  const char *message, *remedy, *window;

  if (reply == NULL || !g_variant_is_of_type (reply, G_VARIANT_TYPE_VARDICT))
    return FALSE;
  value = g_variant_lookup_value (reply, "refusal", NULL);
  if (value == NULL)
    return FALSE;
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE ("(isss)")))
    return !bad_reply (error, "a wrong type for", "refusal");
  g_variant_get (value, "(i&s&s&s)", &rule, &message, &remedy, &window);
  /* R1–R23 only: kiosk_refusal_new() refuses any other number (found by
   * fuzz-center-reply: rule 24…99 gave no error at all). */
  if (rule < 1 || rule > 23)
    return !bad_reply (error, "a rule out of range in", "refusal");
  refusal = kiosk_refusal_new (rule, message, remedy, window[0] != '\0' ? window : NULL);
  kiosk_center_set_refused_error (error, refusal);
  return TRUE;
}

GVariant *
kiosk_center_wire_audit_witnesses_to_variant (const char *const *heads)
{
  GVariantBuilder b;
  static const char *const none[] = { NULL };

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "witnesses",
                         g_variant_new_strv (heads != NULL ? heads : none, -1));
  return g_variant_builder_end (&b);
}

/* A center that may hold years of results answers many heads, but not
 * without bound: one a result, a kiosk makes a few hundred cards a day. */
#define MAX_WITNESSES 1000000

GStrv
kiosk_center_wire_audit_witnesses_from_variant (GVariant *dict, GError **error)
{
  g_autoptr (GVariant) list = NULL;
  g_auto (GStrv) heads = NULL;
  gint64 last = 0;

  if (!check_dict (dict, error))
    return NULL;
  list = g_variant_lookup_value (dict, "witnesses", NULL);
  if (list == NULL)
    {
      bad_reply (error, "no", "witnesses");
      return NULL;
    }
  if (!g_variant_is_of_type (list, G_VARIANT_TYPE_STRING_ARRAY)
      || g_variant_n_children (list) > MAX_WITNESSES)
    {
      bad_reply (error, "a wrong type or size in", "witnesses");
      return NULL;
    }
  heads = g_variant_dup_strv (list, NULL);
  for (guint i = 0; heads[i] != NULL; i++)
    {
      gint64 seq = 0;

      /* Ascending; the same seq twice only with two hashes (a conflict the
       * center saw, which verification then reports). */
      if (!kiosk_audit_head_parse (heads[i], &seq, NULL) || seq < last)
        {
          bad_reply (error, "an audit head out of order or not seq:hash in", "witnesses");
          return NULL;
        }
      last = seq;
    }
  return g_steal_pointer (&heads);
}
