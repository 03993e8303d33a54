/* kioskctl-center.c — `kioskctl demo-people` and `kioskctl person ID-NUMBER`
 *
 * demo-people lists the fictitious people the embedded center is seeded with
 * (data/demo-people.ini): full ID numbers (they are invented), name,
 * scenario, the rules each one exercises.
 *
 * person asks the configured center (the simulator by default) about one
 * person and shows their state and, for every service, whether the rules
 * allow it or which rule refuses it. Personal data is masked on the screen
 * (kiosk_mask). Exit codes (kioskctl.h): unknown person or invalid ID number
 * 1 (an invalid number is refused before the center's database is opened or
 * created) · missing argument 2 · center unavailable 3.
 *
 * The center's API is asynchronous: the command runs it on a private
 * GMainContext until the answer arrives.
 */
#define G_LOG_DOMAIN "kioskctl-center"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kiosk-center.h"
#include "kiosk-demo-people.h"
#include "kiosk-mask.h"
#include "kiosk-rules.h"
#include "kioskctl.h"

/* ---- demo-people ---- */

static void
json_str_field (GString *out, const char *key, const char *value, gboolean comma)
{
  if (comma)
    g_string_append_c (out, ',');
  kioskctl_json_escape (out, key);
  g_string_append_c (out, ':');
  if (value == NULL)
    g_string_append (out, "null");
  else
    kioskctl_json_escape (out, value);
}

static void
json_bool_field (GString *out, const char *key, gboolean value)
{
  g_string_append_c (out, ',');
  kioskctl_json_escape (out, key);
  g_string_append_printf (out, ":%s", value ? "true" : "false");
}

int
kioskctl_demo_people (KioskctlContext *ctx, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDemoPeople) people = NULL;

  if (argc != 1)
    return kioskctl_usage_error ("usage: kioskctl demo-people [--json]");

  people = kiosk_demo_people_load (NULL, &error);
  if (people == NULL)
    return kioskctl_fail (ctx, KIOSKCTL_EXIT_UNAVAILABLE, "%s", error->message);

  if (ctx->json)
    {
      g_autoptr (GString) out = g_string_new ("{\"ok\":true,\"people\":[");

      for (guint i = 0; i < people->people->len; i++)
        {
          const KioskDemoPerson *p = people->people->pdata[i];

          g_string_append (out, i > 0 ? ",{" : "{");
          json_str_field (out, "key", p->key, FALSE);
          json_str_field (out, "id_number", p->id_number, TRUE);
          json_str_field (out, "name", p->name, TRUE);
          json_str_field (out, "id_type", p->id_type, TRUE);
          json_str_field (out, "scenario", p->scenario, TRUE);
          g_string_append (out, ",\"rules\":[");
          for (guint j = 0; j < p->rules->len; j++)
            g_string_append_printf (out, "%s\"R%d\"", j > 0 ? "," : "",
                                    g_array_index (p->rules, int, j));
          g_string_append (out, "],\"cards\":[");
          for (guint j = 0; j < p->cards->len; j++)
            {
              const KioskDemoCard *c = p->cards->pdata[j];

              g_string_append (out, j > 0 ? ",{" : "{");
              json_str_field (out, "number", c->number, FALSE);
              json_str_field (out, "kind", kiosk_card_kind_to_string (c->kind), TRUE);
              json_str_field (out, "stage", kiosk_card_stage_to_string (c->stage), TRUE);
              json_str_field (out, "window", c->window, TRUE);
              g_string_append_c (out, '}');
            }
          g_string_append (out, "]}");
        }
      g_string_append (out, "]}\n");
      fputs (out->str, stdout);
      return KIOSKCTL_EXIT_OK;
    }

  printf ("演示人员 (demo people, all fictitious): %u\n\n", people->people->len);
  for (guint i = 0; i < people->people->len; i++)
    {
      const KioskDemoPerson *p = people->people->pdata[i];
      g_autofree char *rules = kiosk_demo_person_rules_label (p);

      printf ("%s  %s  [%s]\n    %s\n", p->id_number, p->name, rules, p->scenario);
      for (guint j = 0; j < p->cards->len; j++)
        {
          const KioskDemoCard *c = p->cards->pdata[j];

          printf ("    %s %s: %s%s%s\n", kiosk_card_kind_to_label (c->kind), c->number,
                  kiosk_card_stage_to_label (c->stage), c->window != NULL ? " @ " : "",
                  c->window != NULL ? c->window : "");
        }
    }
  return KIOSKCTL_EXIT_OK;
}

/* ---- person ---- */

static void
lookup_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Runs the lookup on a private main context until it has answered. */
static KioskPerson *
lookup (KioskCenter *center, const char *id_number, GError **error)
{
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *key = g_strdup_printf ("kioskctl-%s:lookup", uuid);
  KioskPerson *person;

  g_main_context_push_thread_default (context);
  kiosk_center_lookup_person_async (center, key, id_number, NULL, lookup_done, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  person = kiosk_center_lookup_person_finish (center, result, error);
  g_main_context_pop_thread_default (context);
  return person;
}

static const char *
yes_no (gboolean value)
{
  return value ? "是 yes" : "否 no";
}

static char *
format_day (const GDate *date)
{
  if (!g_date_valid (date))
    return g_strdup ("-");
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static void
json_card (GString *out, const KioskCard *card, const GDate *today)
{
  g_autofree char *number = kiosk_mask (KIOSK_MASK_CARD, card->card_number);
  const char *days[] = { "issued_on",
                         "financial_activated_on",
                         "temporary_loss_on",
                         "formal_loss_social_on",
                         "formal_loss_financial_on",
                         "temporary_valid_until" };
  const GDate *values[] = { &card->issued_on,
                            &card->financial_activated_on,
                            &card->temporary_loss_on,
                            &card->formal_loss_social_on,
                            &card->formal_loss_financial_on,
                            &card->temporary_valid_until };

  g_string_append_c (out, '{');
  json_str_field (out, "card_number", card->card_number != NULL ? number : NULL, FALSE);
  json_str_field (out, "kind", kiosk_card_kind_to_string (card->kind), TRUE);
  json_str_field (out, "stage", kiosk_card_stage_to_string (card->stage), TRUE);
  json_str_field (out, "pre_account_failure",
                  kiosk_pre_account_failure_to_string (card->pre_account_failure), TRUE);
  json_str_field (out, "bank", card->bank, TRUE);
  json_str_field (out, "window", card->window, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autofree char *day = g_date_valid (values[i]) ? format_day (values[i]) : NULL;

      json_str_field (out, days[i], day, TRUE);
    }
  json_bool_field (out, "social_activated", card->social_activated);
  json_bool_field (out, "formal_loss_social", card->formal_loss_social);
  json_bool_field (out, "formal_loss_financial", card->formal_loss_financial);
  json_bool_field (out, "damaged", card->damaged);
  json_bool_field (out, "replaced", card->replaced);
  json_bool_field (out, "handed_back", card->handed_back);
  json_bool_field (out, "usable", kiosk_rules_card_usable (card, today));
  g_string_append_printf (out, ",\"temporary_loss_day\":%d",
                          kiosk_rules_temporary_loss_day (card, today));
  g_string_append_c (out, '}');
}

static void
print_json (const KioskPerson *person, GPtrArray *verdicts, GPtrArray *guidance, const GDate *today)
{
  g_autoptr (GString) out = g_string_new ("{\"ok\":true,\"person\":{");
  g_autofree char *id = kiosk_mask (KIOSK_MASK_ID_NUMBER, person->id_number);
  g_autofree char *name = kiosk_mask (KIOSK_MASK_NAME, person->name);

  json_str_field (out, "id_number", id, FALSE);
  json_str_field (out, "name", name, TRUE);
  json_bool_field (out, "insured", person->insured);
  json_bool_field (out, "newly_insured", person->newly_insured);
  json_bool_field (out, "deceased", person->deceased);
  json_bool_field (out, "cross_province_registered", person->cross_province_registered);
  json_bool_field (out, "has_usable_old_medical_card", person->has_usable_old_medical_card);
  json_bool_field (out, "hospitalised_on_old_card", person->hospitalised_on_old_card);
  g_string_append (out, ",\"cards\":[");
  for (guint i = 0; i < person->cards->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      json_card (out, person->cards->pdata[i], today);
    }
  g_string_append (out, "]},\"services\":[");
  for (guint i = 0; i < verdicts->len; i++)
    {
      const KioskServiceVerdict *v = verdicts->pdata[i];

      g_string_append (out, i > 0 ? ",{" : "{");
      json_str_field (out, "service", kiosk_service_to_string (v->service), FALSE);
      json_str_field (out, "label", kiosk_service_to_label (v->service), TRUE);
      json_bool_field (out, "allowed", v->refusal == NULL);
      if (v->refusal != NULL)
        {
          g_autofree char *rule = kiosk_refusal_rule_label (v->refusal);

          json_str_field (out, "rule", rule, TRUE);
          json_str_field (out, "message", v->refusal->message, TRUE);
          json_str_field (out, "remedy", v->refusal->remedy, TRUE);
          json_str_field (out, "window", v->refusal->window, TRUE);
        }
      g_string_append_c (out, '}');
    }
  g_string_append (out, "],\"guidance\":[");
  for (guint i = 0; i < guidance->len; i++)
    {
      const KioskGuidance *g = guidance->pdata[i];

      g_string_append_printf (out, "%s{\"rule\":\"R%d\"", i > 0 ? "," : "", g->rule);
      json_str_field (out, "text", g->text, TRUE);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}\n");
  fputs (out->str, stdout);
}

static void
print_text (const KioskPerson *person, GPtrArray *verdicts, GPtrArray *guidance, const GDate *today)
{
  g_autofree char *id = kiosk_mask (KIOSK_MASK_ID_NUMBER, person->id_number);
  g_autofree char *name = kiosk_mask (KIOSK_MASK_NAME, person->name);

  printf ("人员 (person): %s %s\n", id, name);
  printf ("  已参保 insured: %s · 新参保 newly insured: %s · 死亡 deceased: %s\n",
          yes_no (person->insured), yes_no (person->newly_insured), yes_no (person->deceased));
  printf ("  跨省异地就医备案 cross-province registration: %s\n",
          yes_no (person->cross_province_registered));
  printf ("  一代医保卡可用 old medical card usable: %s · 持旧卡住院 hospitalised on it: %s\n",
          yes_no (person->has_usable_old_medical_card), yes_no (person->hospitalised_on_old_card));
  if (person->cards->len == 0)
    printf ("卡 (cards): 无 none\n");
  else
    printf ("卡 (cards):\n");
  for (guint i = 0; i < person->cards->len; i++)
    {
      const KioskCard *c = person->cards->pdata[i];
      g_autofree char *number
          = c->card_number != NULL ? kiosk_mask (KIOSK_MASK_CARD, c->card_number) : g_strdup ("-");
      g_autofree char *loss = format_day (&c->temporary_loss_on);
      g_autofree char *activated = format_day (&c->financial_activated_on);

      printf ("  %s %s: %s", kiosk_card_kind_to_label (c->kind), number,
              kiosk_card_stage_to_label (c->stage));
      if (c->pre_account_failure != KIOSK_PRE_ACCOUNT_FAILURE_NONE)
        printf (" (%s)", kiosk_pre_account_failure_to_label (c->pre_account_failure));
      if (c->bank != NULL)
        printf (" · %s", c->bank);
      if (c->window != NULL)
        printf (" · 领卡网点 window %s", c->window);
      printf ("\n    金融激活 financial activation: %s · 可用 usable: %s\n", activated,
              yes_no (kiosk_rules_card_usable (c, today)));
      if (g_date_valid (&c->temporary_loss_on))
        printf ("    临时挂失 temporary loss: %s (第 %d 天 day)\n", loss,
                kiosk_rules_temporary_loss_day (c, today));
      if (c->formal_loss_social || c->formal_loss_financial)
        printf ("    正式挂失 formal loss: 社保 social %s · 金融 financial %s\n",
                yes_no (c->formal_loss_social), yes_no (c->formal_loss_financial));
      if (c->kind == KIOSK_CARD_KIND_TEMPORARY)
        {
          g_autofree char *until = format_day (&c->temporary_valid_until);

          printf ("    有效期至 valid until: %s%s%s\n", until,
                  c->damaged ? " · 已损坏 damaged" : "",
                  c->handed_back ? " · 已交回 handed back" : "");
        }
    }
  printf ("业务 (services):\n");
  for (guint i = 0; i < verdicts->len; i++)
    {
      const KioskServiceVerdict *v = verdicts->pdata[i];

      if (v->refusal == NULL)
        printf ("  %-24s 可以办理 allowed\n", kiosk_service_to_string (v->service));
      else
        printf ("  %-24s 不能办理 refused R%d: %s %s\n", kiosk_service_to_string (v->service),
                v->refusal->rule, v->refusal->message, v->refusal->remedy);
    }
  if (guidance->len > 0)
    printf ("提示 (guidance):\n");
  for (guint i = 0; i < guidance->len; i++)
    {
      const KioskGuidance *g = guidance->pdata[i];

      printf ("  R%d: %s\n", g->rule, g->text);
    }
}

int
kioskctl_person (KioskctlContext *ctx, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCenter) center = NULL;
  g_autoptr (KioskPerson) person = NULL;
  g_autoptr (KioskPolicy) policy = NULL;
  g_autoptr (GPtrArray) verdicts = NULL;
  g_autoptr (GPtrArray) guidance = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  GDate today;

  if (argc != 2)
    return kioskctl_usage_error ("usage: kioskctl person [--json] ID-NUMBER");
  /* Refused before the center is opened: a bad argument creates no database. */
  if (!kiosk_center_id_number_is_valid (argv[1]))
    return kioskctl_fail (ctx, KIOSKCTL_EXIT_REFUSED,
                          "身份证号码无效 (invalid ID number): 18 characters with a valid "
                          "GB 11643 check digit");

  policy = ctx->config->keyfile != NULL ? kiosk_policy_load (ctx->config->keyfile, &error)
                                        : kiosk_policy_new_default ();
  if (policy == NULL)
    return kioskctl_fail (ctx, KIOSKCTL_EXIT_UNAVAILABLE, "%s", error->message);
  center = kiosk_center_new_from_config (ctx->config, &error);
  if (center == NULL)
    return kioskctl_fail (ctx, KIOSKCTL_EXIT_UNAVAILABLE, "center: %s", error->message);

  person = lookup (center, argv[1], &error);
  if (person == NULL)
    {
      if (g_error_matches (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_NOT_FOUND))
        return kioskctl_fail (ctx, KIOSKCTL_EXIT_REFUSED, "查无此人 (unknown person): %s",
                              error->message);
      if (g_error_matches (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID))
        return kioskctl_fail (ctx, KIOSKCTL_EXIT_REFUSED, "身份证号码无效 (invalid ID number): %s",
                              error->message);
      if (error->domain == KIOSK_CENTER_ERROR)
        return kioskctl_fail (ctx, KIOSKCTL_EXIT_UNAVAILABLE, "center: %s", error->message);
      return kioskctl_fail (ctx, KIOSKCTL_EXIT_INTERNAL, "%s", error->message);
    }

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
  verdicts = kiosk_rules_evaluate_all (person, NULL, policy, &today);
  guidance = kiosk_rules_guidance (person, NULL, policy, &today);
  if (ctx->json)
    print_json (person, verdicts, guidance, &today);
  else
    print_text (person, verdicts, guidance, &today);
  return KIOSKCTL_EXIT_OK;
}
