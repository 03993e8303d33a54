/* test-center-demo.c — the demo people (data/demo-people.ini): well formed,
 * covering the scenarios the issue asks for and every rule R1–R23, each
 * person exercising the rules it claims; and the simulator agreeing with the
 * rules module on every service for every person. Also the loader's
 * refusals of damaged demo files. */
#include "config.h"

#include <string.h>

#include "center-test.h"
#include "kiosk-card-number.h"
#include "kiosk-center-wire.h"
#include "kiosk-demo-people.h"

static KioskDemoPeople *
load_default (void)
{
  g_autoptr (GError) error = NULL;
  KioskDemoPeople *people = kiosk_demo_people_load (NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (people);
  return people;
}

static const KioskDemoPerson *
by_key (const KioskDemoPeople *people, const char *key)
{
  for (guint i = 0; i < people->people->len; i++)
    {
      const KioskDemoPerson *p = people->people->pdata[i];

      if (g_str_equal (p->key, key))
        return p;
    }
  return NULL;
}

static void
test_well_formed (void)
{
  g_autoptr (KioskDemoPeople) people = load_default ();
  g_autoptr (GKeyFile) windows = g_key_file_new ();
  g_autofree char *windows_path
      = g_build_filename (g_getenv ("KIOSK_DATA_DIR"), "windows.ini", NULL);
  g_autoptr (GError) error = NULL;
  const char *scenarios[] = {
    "out-of-province",          /* registered out-of-province patient without a card */
    "deceased",                 /* a deceased holder */
    "in-production",            /* cards in production at different windows */
    "at-window",                /* … */
    "temporary-loss-day-1",     /* temporary loss on day 1 */
    "temporary-loss-day-8",     /* … and on day 8 */
    "formally-lost",            /* a formally lost card */
    "pre-account-failed-photo", /* one pre-account failure per reason of R3 */
    "pre-account-failed-phone",
    "pre-account-failed-name",
    "active",              /* an active card */
    "activated-yesterday", /* R20: usable today */
    "activated-today",     /* R20: usable tomorrow */
    "hospitalised",        /* R21 */
    "newly-insured",       /* R2/R12: eligible for a temporary card */
    "hk-resident",         /* a residence permit */
    "foreigner",           /* a foreigner's permanent residence card */
    "face-mismatch",       /* face verification fails */
  };
  GHashTable *windows_used;

  g_assert_true (g_key_file_load_from_file (windows, windows_path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      if (by_key (people, scenarios[i]) == NULL)
        g_error ("the demo people have no [person:%s]", scenarios[i]);
    }

  windows_used = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < people->people->len; i++)
    {
      const KioskDemoPerson *p = people->people->pdata[i];

      g_assert_true (kiosk_center_wire_id_number_is_valid (p->id_number));
      g_assert_cmpstr (p->name, !=, "");
      g_assert_cmpstr (p->scenario, !=, "");
      g_assert_cmpuint (p->rules->len, >, 0);
      /* Jilin residents (22…), the residence permits (81/82/83) and the
       * 2023 foreigner's card (9, then the Jilin code 22). */
      if (g_str_equal (p->id_type, "resident"))
        g_assert_true (g_str_has_prefix (p->id_number, "22"));
      else if (g_str_equal (p->id_type, "hk_macau_taiwan"))
        g_assert_true (p->id_number[0] == '8' && strchr ("123", p->id_number[1]) != NULL);
      else
        g_assert_true (g_str_has_prefix (p->id_number, "922"));
      for (guint j = 0; j < p->cards->len; j++)
        {
          const KioskDemoCard *c = p->cards->pdata[j];

          g_assert_true (kiosk_card_number_is_valid (c->number));
          if (c->bank != NULL)
            g_assert_true (g_strv_contains (kiosk_rules_banks (), c->bank));
          if (c->window != NULL)
            {
              if (!g_key_file_has_group (windows, c->window))
                g_error ("[card:%s] window=%s is not in windows.ini", c->key, c->window);
              g_hash_table_add (windows_used, c->window);
            }
        }
    }
  /* Cards in production wait at different windows. */
  g_assert_cmpuint (g_hash_table_size (windows_used), >=, 3);
  g_hash_table_unref (windows_used);
  {
    const KioskDemoPerson *mismatch = by_key (people, "face-mismatch");
    const KioskDemoPerson *match = by_key (people, "out-of-province");

    g_assert_nonnull (mismatch);
    g_assert_nonnull (match);
    if (mismatch != NULL && match != NULL)
      {
        g_assert_false (mismatch->face_match);
        g_assert_true (match->face_match);
      }
  }
}

/* The rules a person exercises now: what the rules refuse, advise and allow. */
static GHashTable *
exercised_rules (const KioskPerson *person, const KioskPolicy *policy, const GDate *today)
{
  GHashTable *rules = g_hash_table_new (NULL, NULL);
  g_autoptr (GPtrArray) verdicts = kiosk_rules_evaluate_all (person, NULL, policy, today);
  g_autoptr (GPtrArray) guidance = kiosk_rules_guidance (person, NULL, policy, today);
  KioskCard *current = kiosk_person_current_card (person);

#define ADD_RULE(n) g_hash_table_add (rules, GINT_TO_POINTER (n))
  for (guint i = 0; i < verdicts->len; i++)
    {
      const KioskServiceVerdict *v = verdicts->pdata[i];

      if (v->refusal != NULL)
        {
          ADD_RULE (v->refusal->rule);
          continue;
        }
      switch (v->service)
        {
          case KIOSK_SERVICE_APPLICATION:
            ADD_RULE (1);
            if (person->newly_insured)
              ADD_RULE (2);
            break;
          case KIOSK_SERVICE_GREEN_CHANNEL:
            ADD_RULE (4);
            ADD_RULE (5); /* the application names one co-branded bank */
            break;
          case KIOSK_SERVICE_TEMPORARY_LOSS:
            ADD_RULE (6);
            break;
          case KIOSK_SERVICE_FORMAL_LOSS_SOCIAL:
          case KIOSK_SERVICE_FORMAL_LOSS_FINANCIAL:
            ADD_RULE (8);
            break;
          case KIOSK_SERVICE_UNBLOCK:
            ADD_RULE (7);
            break;
          case KIOSK_SERVICE_REPLACEMENT:
            ADD_RULE (10);
            break;
          case KIOSK_SERVICE_TEMPORARY_CARD:
            ADD_RULE (12);
            ADD_RULE (13); /* its validity */
            break;
          case KIOSK_SERVICE_PROGRESS:
            ADD_RULE (16);
            break;
          case KIOSK_SERVICE_PROXY:
          default:
            ADD_RULE (11);
            break;
        }
    }
  for (guint i = 0; i < guidance->len; i++)
    ADD_RULE (((KioskGuidance *) guidance->pdata[i])->rule);
  for (guint i = 0; i < person->cards->len; i++)
    {
      const KioskCard *c = person->cards->pdata[i];

      if (c->pre_account_failure != KIOSK_PRE_ACCOUNT_FAILURE_NONE)
        ADD_RULE (3);
      if (g_date_valid (&c->financial_activated_on))
        ADD_RULE (20); /* usable from the next day */
      if (c->kind == KIOSK_CARD_KIND_TEMPORARY)
        {
          g_autoptr (KioskRefusal) r = kiosk_rules_check_replacement (person, c, policy, today);

          if (r == NULL || r->rule == 15)
            ADD_RULE (15);
        }
    }
  if (current != NULL)
    {
      g_autoptr (KioskRefusal) r = kiosk_rules_check_collection (person, current, policy, today);

      if (r != NULL)
        ADD_RULE (r->rule);
      if (kiosk_card_in_hand (current))
        {
          g_autoptr (GPtrArray) receipt
              = kiosk_rules_receipt_guidance (person, current, policy, today);

          for (guint i = 0; i < receipt->len; i++)
            ADD_RULE (((KioskGuidance *) receipt->pdata[i])->rule);
        }
    }
#undef ADD_RULE
  return rules;
}

/* Each person exercises every rule it claims (on any day: the demo's days
 * are relative), and together they claim R1–R23. */
static void
test_covers_every_rule (void)
{
  g_autoptr (KioskDemoPeople) people = load_default ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  g_autofree char *dir = temp_dir_new ();
  g_autofree char *db = g_build_filename (dir, "sim.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCenterSim) sim = kiosk_center_sim_new (db, policy, &error);
  gboolean claimed[24] = { FALSE };
  const guint days[][3] = { { 15, 3, 2025 }, { 29, 2, 2028 }, { 31, 12, 2030 } };

  g_assert_no_error (error);
  for (guint d = 0; d < G_N_ELEMENTS (days); d++)
    {
      GDate today;

      g_date_clear (&today, 1);
      g_date_set_dmy (&today, (GDateDay) days[d][0], (GDateMonth) days[d][1],
                      (GDateYear) days[d][2]);
      kiosk_center_sim_set_today (sim, &today);
      for (guint i = 0; i < people->people->len; i++)
        {
          const KioskDemoPerson *dp = people->people->pdata[i];
          g_autofree char *key = g_strdup_printf ("cover:%u:%u", d, i);
          g_autoptr (KioskPerson) person
              = lookup_sync (KIOSK_CENTER (sim), key, dp->id_number, &error);
          GHashTable *exercised;

          g_assert_no_error (error);
          exercised = exercised_rules (person, policy, &today);
          for (guint j = 0; j < dp->rules->len; j++)
            {
              int rule = g_array_index (dp->rules, int, j);

              claimed[rule] = TRUE;
              if (!g_hash_table_contains (exercised, GINT_TO_POINTER (rule)))
                g_error ("[person:%s] claims R%d but does not exercise it", dp->key, rule);
            }
          g_hash_table_unref (exercised);
        }
    }
  for (int rule = 1; rule <= 23; rule++)
    if (!claimed[rule])
      g_error ("no demo person claims R%d", rule);
  g_clear_object (&sim);
  temp_dir_remove (dir);
}

/* The day counts the scenarios promise, whatever day it is. */
static void
test_days_stay_put (void)
{
  g_autofree char *dir = temp_dir_new ();
  g_autofree char *db = g_build_filename (dir, "sim.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCenterSim) sim = kiosk_center_sim_new (db, NULL, &error);
  GDate today;

  g_assert_no_error (error);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 1, G_DATE_JANUARY, 2026);
  for (guint n = 0; n < 3; n++, g_date_add_days (&today, 97))
    {
      g_autoptr (KioskPerson) d1 = NULL;
      g_autoptr (KioskPerson) d8 = NULL;
      g_autoptr (KioskPerson) y = NULL;
      g_autoptr (KioskPerson) t = NULL;
      GDate tomorrow = today;

      g_date_add_days (&tomorrow, 1);
      kiosk_center_sim_set_today (sim, &today);
      d1 = lookup_sync (KIOSK_CENTER (sim), "days:1", ID_TEMP_LOSS_DAY_1, &error);
      d8 = lookup_sync (KIOSK_CENTER (sim), "days:2", ID_TEMP_LOSS_DAY_8, &error);
      y = lookup_sync (KIOSK_CENTER (sim), "days:3", "22010419860101014X", &error);
      t = lookup_sync (KIOSK_CENTER (sim), "days:4", "220105199206120155", &error);
      g_assert_no_error (error);
      g_assert_cmpint (kiosk_rules_temporary_loss_day (kiosk_person_current_card (d1), &today), ==,
                       1);
      g_assert_cmpint (kiosk_rules_temporary_loss_day (kiosk_person_current_card (d8), &today), ==,
                       8);
      /* R20: activated yesterday is usable today; activated today only tomorrow. */
      g_assert_true (kiosk_rules_card_usable (kiosk_person_current_card (y), &today));
      g_assert_false (kiosk_rules_card_usable (kiosk_person_current_card (t), &today));
      g_assert_true (kiosk_rules_card_usable (kiosk_person_current_card (t), &tomorrow));
    }
  g_clear_object (&sim);
  temp_dir_remove (dir);
}

typedef struct
{
  KioskService service;
  KioskCenterCall call;
} ServiceCall;

/* Runs the call of `service` for `dp` on `center`: TRUE if it was allowed,
 * else *rule is the refusing rule. */
static gboolean
run_service (KioskCenter *center, const KioskDemoPerson *dp, KioskService service, int *rule)
{
  g_autoptr (GError) error = NULL;
  gpointer result = NULL;
  const char *key = "agree:1";

  switch (service)
    {
      case KIOSK_SERVICE_GREEN_CHANNEL:
        {
          g_autoptr (KioskCenterApplicationRequest) req = kiosk_center_application_request_new ();

          req->id_number = g_strdup (dp->id_number);
          req->name = g_strdup (dp->name);
          req->phone = g_strdup ("13900001234");
          req->bank = g_strdup ("交通银行");
          req->photo = fake_jpeg (5);
          result = apply_sync (center, key, req, &error);
          g_clear_pointer ((KioskCenterApplication **) &result, kiosk_center_application_free);
        }
        break;
      case KIOSK_SERVICE_TEMPORARY_LOSS:
        result = temporary_loss_sync (center, key, dp->id_number, NULL, &error);
        g_clear_pointer ((KioskCard **) &result, kiosk_card_free);
        break;
      case KIOSK_SERVICE_FORMAL_LOSS_SOCIAL:
      case KIOSK_SERVICE_FORMAL_LOSS_FINANCIAL:
        result = formal_loss_sync (center, key, dp->id_number, NULL,
                                   service == KIOSK_SERVICE_FORMAL_LOSS_SOCIAL
                                       ? KIOSK_CARD_FUNCTION_SOCIAL
                                       : KIOSK_CARD_FUNCTION_FINANCIAL,
                                   &error);
        g_clear_pointer ((KioskCard **) &result, kiosk_card_free);
        break;
      case KIOSK_SERVICE_UNBLOCK:
        result = unblock_sync (center, key, dp->id_number, NULL, &error);
        g_clear_pointer ((KioskCard **) &result, kiosk_card_free);
        break;
      case KIOSK_SERVICE_TEMPORARY_CARD:
        result = temporary_card_sync (center, key, dp->id_number, &error);
        g_clear_pointer ((KioskCard **) &result, kiosk_card_free);
        break;
      case KIOSK_SERVICE_PROGRESS:
        result = progress_sync (center, key, dp->id_number, &error);
        g_clear_pointer ((KioskProgress **) &result, kiosk_progress_free);
        break;
      default:
        g_assert_not_reached ();
    }
  if (error == NULL)
    return TRUE;
  *rule = refused_rule (error);
  return FALSE;
}

/* "All state changes go through the rules": for every demo person and every
 * service the center offers, the simulator allows exactly what
 * kiosk_rules_evaluate_all() allows and refuses with the same rule. Each
 * case runs on a fresh copy of a seeded database. */
static void
test_sim_agrees_with_rules (void)
{
  const KioskService services[] = {
    KIOSK_SERVICE_GREEN_CHANNEL,
    KIOSK_SERVICE_TEMPORARY_LOSS,
    KIOSK_SERVICE_FORMAL_LOSS_SOCIAL,
    KIOSK_SERVICE_FORMAL_LOSS_FINANCIAL,
    KIOSK_SERVICE_UNBLOCK,
    KIOSK_SERVICE_TEMPORARY_CARD,
    KIOSK_SERVICE_PROGRESS,
  };
  g_autoptr (KioskDemoPeople) people = load_default ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  g_autofree char *dir = temp_dir_new ();
  g_autofree char *template_db = g_build_filename (dir, "template.db", NULL);
  g_autofree char *db = g_build_filename (dir, "case.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCenterSim) sim = NULL;
  g_autoptr (GFile) from = g_file_new_for_path (template_db);
  g_autoptr (GFile) to = g_file_new_for_path (db);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  guint allowed = 0, refused = 0;
  GDate today;

  /* Seed once; closing the last connection checkpoints the WAL into the file. */
  sim = kiosk_center_sim_new (template_db, policy, &error);
  g_assert_no_error (error);
  g_clear_object (&sim);

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 10, G_DATE_OCTOBER, 2026);
  for (guint i = 0; i < people->people->len; i++)
    {
      const KioskDemoPerson *dp = people->people->pdata[i];

      for (guint s = 0; s < G_N_ELEMENTS (services); s++)
        {
          g_autoptr (KioskPerson) person = NULL;
          g_autoptr (KioskRefusal) expected = NULL;
          gboolean ok;
          int rule = 0;

          g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
          g_assert_no_error (error);
          sim = kiosk_center_sim_new (db, policy, &error);
          g_assert_no_error (error);
          kiosk_center_sim_set_today (sim, &today);

          person = lookup_sync (KIOSK_CENTER (sim), "agree:0", dp->id_number, &error);
          g_assert_no_error (error);
          expected = kiosk_rules_check_service (services[s], person, NULL, policy, &today);
          ok = run_service (KIOSK_CENTER (sim), dp, services[s], &rule);
          if (ok != (expected == NULL) || (!ok && rule != expected->rule))
            g_error ("[person:%s] %s: the rules say %s R%d, the simulator %s R%d", dp->key,
                     kiosk_service_to_string (services[s]), expected ? "refused" : "allowed",
                     expected ? expected->rule : 0, ok ? "allowed" : "refused", rule);
          if (ok)
            allowed++;
          else
            refused++;
          g_clear_object (&sim);
        }
    }
  /* Both answers occur plenty of times. */
  g_assert_cmpuint (allowed, >=, 20);
  g_assert_cmpuint (refused, >=, 50);
  temp_dir_remove (dir);
}

static void
test_loader_refuses_garbage (void)
{
  const char *person_ok = "[person:a]\nid_number=220102198503120019\nname=张三\n"
                          "scenario=s\nrules=R1\n";
  struct
  {
    const char *text;
    const char *needle; /* in the message */
  } cases[] = {
    { "", "no [person" },
    { "not a key file at all", NULL },
    { "[person:a]\nname=张三\nscenario=s\nrules=R1\n", "id_number" },
    { "[person:a]\nid_number=220102198503120018\nname=张三\nscenario=s\nrules=R1\n",
      "check digit" },
    { "[person:a]\nid_number=220102198503120019\nname=张三\nscenario=s\nrules=R24\n", "rules" },
    { "[person:a]\nid_number=220102198503120019\nname=张三\nscenario=s\nrules=4\n", "rules" },
    { "[person:a]\nid_number=220102198503120019\nname=张三\nscenario=s\nrules=R1\ncolour=red\n",
      "unknown key" },
    { "[person:a]\nid_number=220102198503120019\nname=张三\nscenario=s\nrules=R1\n"
      "deceased=maybe\n",
      "true or false" },
    { "[person:A B]\nid_number=220102198503120019\nname=张三\nscenario=s\nrules=R1\n", "key" },
    { "[people]\nx=1\n", "groups" },
  };
  const char *card_cases[][2] = {
    { "[card:c]\nholder=nobody\nnumber=D00000011\n", "holder" },
    { "[card:c]\nholder=a\nnumber=D0000001A\n", "number" },
    { "[card:c]\nholder=a\nnumber=D00000011\nstage=lost\n", "stage" },
    { "[card:c]\nholder=a\nnumber=D00000011\nbank=花旗银行\n", "bank" },
    { "[card:c]\nholder=a\nnumber=D00000011\ntemporary_loss_on=yesterday\n", "today" },
    { "[card:c]\nholder=a\nnumber=D00000011\ntemporary_loss_on=today-x\n", "today" },
    { "[card:c]\nholder=a\nnumber=D00000011\ntemporary_loss_on=2025-02-30\n", "today" },
    { "[card:c]\nholder=a\nnumber=D00000011\nstage=pre_account_failed\n", "R3" },
    { "[card:c]\nholder=a\nnumber=D00000011\npre_account_failure=phone\n", "R3" },
    { "[card:c]\nholder=a\nnumber=D00000011\nkind=temporary\n", "R13" },
    { "[card:c]\nholder=a\nnumber=D00000011\n[card:d]\nholder=a\nnumber=D00000011\n", "twice" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (KioskDemoPeople) people = kiosk_demo_people_load_data (cases[i].text, -1, &error);

      g_assert_null (people);
      g_assert_nonnull (error);
      g_assert_true (error->domain == KIOSK_DEMO_PEOPLE_ERROR);
      if (cases[i].needle != NULL && strstr (error->message, cases[i].needle) == NULL)
        g_error ("case %u: \"%s\" does not mention %s", i, error->message, cases[i].needle);
    }
  for (guint i = 0; i < G_N_ELEMENTS (card_cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *text = g_strconcat (person_ok, card_cases[i][0], NULL);
      g_autoptr (KioskDemoPeople) people = kiosk_demo_people_load_data (text, -1, &error);

      g_assert_null (people);
      g_assert_error (error, KIOSK_DEMO_PEOPLE_ERROR, KIOSK_DEMO_PEOPLE_ERROR_INVALID);
      if (strstr (error->message, card_cases[i][1]) == NULL)
        g_error ("card case %u: \"%s\" does not mention %s", i, error->message, card_cases[i][1]);
    }
  {
    /* Two people with one ID number; not UTF-8; a NUL byte. */
    g_autoptr (GError) error = NULL;
    g_autofree char *twice = g_strconcat (person_ok,
                                          "[person:b]\nid_number=220102198503120019\n"
                                          "name=李四\nscenario=s\nrules=R2\n",
                                          NULL);
    g_autoptr (KioskDemoPeople) people = kiosk_demo_people_load_data (twice, -1, &error);

    g_assert_error (error, KIOSK_DEMO_PEOPLE_ERROR, KIOSK_DEMO_PEOPLE_ERROR_INVALID);
    g_clear_error (&error);
    people = kiosk_demo_people_load_data ("[person:a]\nname=\xff\xfe\n", -1, &error);
    g_assert_error (error, KIOSK_DEMO_PEOPLE_ERROR, KIOSK_DEMO_PEOPLE_ERROR_PARSE);
    g_clear_error (&error);
    people = kiosk_demo_people_load_data ("[person:a]\0name=x\n", 20, &error);
    g_assert_error (error, KIOSK_DEMO_PEOPLE_ERROR, KIOSK_DEMO_PEOPLE_ERROR_PARSE);
    g_clear_error (&error);
    people = kiosk_demo_people_load_data (person_ok, -1, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (people->people->len, ==, 1);
  }
}

static void
test_resolve_day (void)
{
  GDate today, out, expected;

  g_date_clear (&today, 1);
  g_date_clear (&expected, 1);
  g_date_set_dmy (&today, 1, G_DATE_MARCH, 2024);

  g_assert_true (kiosk_demo_people_resolve_day ("today", &today, &out));
  g_assert_cmpint (g_date_compare (&out, &today), ==, 0);
  g_assert_true (kiosk_demo_people_resolve_day ("today-1", &today, &out));
  g_date_set_dmy (&expected, 29, G_DATE_FEBRUARY, 2024);
  g_assert_cmpint (g_date_compare (&out, &expected), ==, 0);
  g_assert_true (kiosk_demo_people_resolve_day ("today+365", &today, &out));
  g_date_set_dmy (&expected, 1, G_DATE_MARCH, 2025);
  g_assert_cmpint (g_date_compare (&out, &expected), ==, 0);
  g_assert_true (kiosk_demo_people_resolve_day ("2017-12-31", NULL, &out));
  g_assert_cmpint (g_date_get_year (&out), ==, 2017);

  {
    const char *bad[] = { NULL,         "",         "today-",      "today+-1", "today-1x",
                          "today 1",    "tomorrow", "today-99999", "2024-2-1", "2024-13-01",
                          "0000-01-01", "today+ 1", "today--1" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_assert_false (kiosk_demo_people_resolve_day (bad[i], &today, &out));
        g_assert_false (g_date_valid (&out));
      }
  }
  /* A relative day needs a valid today. */
  g_assert_false (kiosk_demo_people_resolve_day ("today", NULL, &out));
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);

  g_test_add_func ("/center/demo/well-formed", test_well_formed);
  g_test_add_func ("/center/demo/covers-every-rule", test_covers_every_rule);
  g_test_add_func ("/center/demo/days-stay-put", test_days_stay_put);
  g_test_add_func ("/center/demo/sim-agrees-with-rules", test_sim_agrees_with_rules);
  g_test_add_func ("/center/demo/loader-refuses-garbage", test_loader_refuses_garbage);
  g_test_add_func ("/center/demo/resolve-day", test_resolve_day);
  return kiosk_test_run ();
}
