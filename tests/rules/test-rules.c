/* test-rules.c — R1–R23: one or more tests per rule, named after it, with the
 * boundaries (day 7/8 of a temporary loss, 6 months ± 1 day, the day after
 * financial activation). All dates are injected; nothing reads the clock. */
#include "config.h"

#include <string.h>

#include "kiosk-rules.h"

#define WINDOW    "ccb-renminguangchang" /* a key of the 附件2 list */
#define ID_NUMBER "220102199001010018"
#define NAME      "测试甲"

#define assert_refused(refusal, expected_rule)                                                     \
  G_STMT_START                                                                                     \
  {                                                                                                \
    const KioskRefusal *r_ = (refusal);                                                            \
    g_assert_nonnull (r_);                                                                         \
    g_assert_cmpint (r_->rule, ==, (expected_rule));                                               \
    g_assert_true (g_utf8_validate (r_->message, -1, NULL));                                       \
    g_assert_true (g_utf8_validate (r_->remedy, -1, NULL));                                        \
    g_assert_cmpstr (r_->message, !=, "");                                                         \
    g_assert_cmpstr (r_->remedy, !=, "");                                                          \
    g_assert_null (strstr (r_->message, ID_NUMBER));                                               \
    g_assert_null (strstr (r_->remedy, NAME));                                                     \
  }                                                                                                \
  G_STMT_END

static GDate
day (guint year, guint month, guint mday)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) mday, (GDateMonth) month, (GDateYear) year);
  return date;
}

static GDate
plus (GDate date, int days)
{
  if (days >= 0)
    g_date_add_days (&date, (guint) days);
  else
    g_date_subtract_days (&date, (guint) -days);
  return date;
}

static KioskPerson *
person_new (void)
{
  KioskPerson *person = kiosk_person_new ();

  person->id_number = g_strdup (ID_NUMBER);
  person->name = g_strdup (NAME);
  person->insured = TRUE;
  return person;
}

static KioskCard *
card_new (KioskCardStage stage)
{
  KioskCard *card = kiosk_card_new (KIOSK_CARD_KIND_FORMAL);

  card->card_number = g_strdup ("A12345678");
  card->stage = stage;
  card->bank = g_strdup ("建设银行");
  card->window = g_strdup (WINDOW);
  return card;
}

/* A person holding a collected, financially active card. */
static KioskPerson *
holder_new (void)
{
  KioskPerson *person = person_new ();
  KioskCard *card = card_new (KIOSK_CARD_STAGE_FINANCIAL_ACTIVE);

  card->financial_activated_on = day (2023, 3, 1);
  card->issued_on = day (2023, 2, 20);
  kiosk_person_add_card (person, card);
  return person;
}

static KioskCard *
temporary_new (GDate issued_on, GDate valid_until)
{
  KioskCard *card = kiosk_card_new (KIOSK_CARD_KIND_TEMPORARY);

  card->stage = KIOSK_CARD_STAGE_COLLECTED;
  card->issued_on = issued_on;
  card->temporary_valid_until = valid_until;
  card->window = g_strdup (WINDOW);
  return card;
}

static KioskPolicy *
policy_with (KioskTempLossAfter7Days after)
{
  KioskPolicy *policy = kiosk_policy_new_default ();

  policy->temp_loss_after_7_days = after;
  return policy;
}

static gboolean
guidance_has (GPtrArray *list, int rule, const char *needle)
{
  for (guint i = 0; i < list->len; i++)
    {
      const KioskGuidance *g = g_ptr_array_index (list, i);

      if (g->rule == rule && (needle == NULL || strstr (g->text, needle) != NULL))
        return TRUE;
    }
  return FALSE;
}

/* ---- R1, R2, R3 ---- */

static void
test_r1_application (void)
{
  g_autoptr (KioskPerson) person = person_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2024, 5, 6);
  g_autoptr (KioskRefusal) allowed = NULL;
  g_autoptr (KioskRefusal) refused = NULL;

  allowed = kiosk_rules_check_application (person, policy, &today);
  g_assert_null (allowed);

  kiosk_person_add_card (person, card_new (KIOSK_CARD_STAGE_IN_PRODUCTION));
  refused = kiosk_rules_check_application (person, policy, &today);
  assert_refused (refused, 1);
  g_assert_cmpstr (refused->window, ==, WINDOW);
}

static void
test_r2_not_insured (void)
{
  g_autoptr (KioskPerson) person = person_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2024, 5, 6);
  g_autoptr (KioskRefusal) application = NULL;
  g_autoptr (KioskRefusal) green = NULL;
  g_autoptr (KioskRefusal) temporary = NULL;

  person->insured = FALSE;
  person->newly_insured = TRUE;
  person->cross_province_registered = TRUE;
  application = kiosk_rules_check_application (person, policy, &today);
  green = kiosk_rules_check_green_channel (person, policy, &today);
  temporary = kiosk_rules_check_temporary_card (person, policy, &today);
  assert_refused (application, 2);
  assert_refused (green, 2);
  assert_refused (temporary, 2);
  g_assert_nonnull (strstr (application->remedy, "参保登记"));
}

static void
test_r3_failure_texts (void)
{
  for (guint f = KIOSK_PRE_ACCOUNT_FAILURE_PHOTO; f <= KIOSK_PRE_ACCOUNT_FAILURE_LAST; f++)
    {
      const char *key = kiosk_pre_account_failure_to_string (f);
      KioskPreAccountFailure back = KIOSK_PRE_ACCOUNT_FAILURE_NONE;

      g_assert_cmpstr (kiosk_pre_account_failure_to_label (f), !=, "");
      g_assert_nonnull (strstr (kiosk_pre_account_failure_to_remedy (f), "身份证"));
      g_assert_true (kiosk_pre_account_failure_from_string (key, &back));
      g_assert_cmpint (back, ==, f);
    }
  g_assert_nonnull (
      strstr (kiosk_pre_account_failure_to_label (KIOSK_PRE_ACCOUNT_FAILURE_PHOTO), "照片"));
  g_assert_nonnull (
      strstr (kiosk_pre_account_failure_to_remedy (KIOSK_PRE_ACCOUNT_FAILURE_PHOTO), "白底彩色"));
  g_assert_nonnull (
      strstr (kiosk_pre_account_failure_to_label (KIOSK_PRE_ACCOUNT_FAILURE_PHONE), "电话"));
  g_assert_nonnull (strstr (
      kiosk_pre_account_failure_to_label (KIOSK_PRE_ACCOUNT_FAILURE_NAME_ID_MISMATCH), "姓名"));
  g_assert_false (kiosk_pre_account_failure_from_string ("bogus", NULL));
  g_assert_false (kiosk_pre_account_failure_from_string (NULL, NULL));
}

static void
test_r3_failed_pre_account_may_reapply (void)
{
  g_autoptr (KioskPerson) person = person_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2024, 5, 6);
  KioskCard *card = card_new (KIOSK_CARD_STAGE_PRE_ACCOUNT_FAILED);
  g_autoptr (KioskRefusal) application = NULL;
  g_autoptr (KioskRefusal) green = NULL;
  g_autoptr (KioskRefusal) temporary = NULL;
  g_autoptr (GPtrArray) guidance = NULL;

  card->pre_account_failure = KIOSK_PRE_ACCOUNT_FAILURE_PHONE;
  kiosk_person_add_card (person, card);
  person->cross_province_registered = TRUE;

  application = kiosk_rules_check_application (person, policy, &today);
  green = kiosk_rules_check_green_channel (person, policy, &today);
  g_assert_null (application);
  g_assert_null (green);

  /* Production has stopped: not "in production" for a temporary card. */
  temporary = kiosk_rules_check_temporary_card (person, policy, &today);
  assert_refused (temporary, 3);
  g_assert_nonnull (strstr (temporary->message, "联系电话"));

  guidance = kiosk_rules_guidance (person, NULL, policy, &today);
  g_assert_true (guidance_has (guidance, 3, "联系电话"));
}

/* ---- R4 ---- */

static void
test_r4_allowed (void)
{
  g_autoptr (KioskPerson) person = person_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2024, 5, 6);
  g_autoptr (KioskRefusal) refusal = NULL;

  person->cross_province_registered = TRUE;
  refusal = kiosk_rules_check_green_channel (person, policy, &today);
  g_assert_null (refusal);
}

static void
test_r4_not_registered (void)
{
  g_autoptr (KioskPerson) person = person_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2024, 5, 6);
  g_autoptr (KioskRefusal) refusal = NULL;

  refusal = kiosk_rules_check_green_channel (person, policy, &today);
  assert_refused (refusal, 4);
  g_assert_nonnull (strstr (refusal->message, "跨省异地就医"));
}

static void
test_r4_already_applied (void)
{
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2024, 5, 6);
  struct
  {
    KioskCardStage stage;
    const char *remedy_part;
  } cases[] = {
    { KIOSK_CARD_STAGE_APPLIED, "制卡进度" },       { KIOSK_CARD_STAGE_IN_PRODUCTION, "临时卡" },
    { KIOSK_CARD_STAGE_AT_WINDOW, "领取" },         { KIOSK_CARD_STAGE_COLLECTED, "临时挂失" },
    { KIOSK_CARD_STAGE_SOCIAL_ACTIVE, "临时挂失" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (KioskPerson) person = person_new ();
      g_autoptr (KioskRefusal) refusal = NULL;

      person->cross_province_registered = TRUE;
      kiosk_person_add_card (person, card_new (cases[i].stage));
      refusal = kiosk_rules_check_green_channel (person, policy, &today);
      assert_refused (refusal, 4);
      g_assert_nonnull (strstr (refusal->remedy, cases[i].remedy_part));
      g_assert_cmpstr (refusal->window, ==, WINDOW);
    }
}

/* ---- R5 ---- */

static void
test_r5_one_bank (void)
{
  const char *one[] = { "吉林银行", NULL };
  const char *same_twice[] = { "交通银行", "交通银行", NULL };
  const char *two[] = { "工商银行", "农业银行", NULL };
  const char *unknown[] = { "招商银行", NULL };
  const char *none[] = { NULL };
  g_autoptr (KioskRefusal) r_one = kiosk_rules_check_bank_choice (one);
  g_autoptr (KioskRefusal) r_same = kiosk_rules_check_bank_choice (same_twice);
  g_autoptr (KioskRefusal) r_two = kiosk_rules_check_bank_choice (two);
  g_autoptr (KioskRefusal) r_unknown = kiosk_rules_check_bank_choice (unknown);
  g_autoptr (KioskRefusal) r_none = kiosk_rules_check_bank_choice (none);
  g_autoptr (KioskRefusal) r_null = kiosk_rules_check_bank_choice (NULL);

  g_assert_cmpuint (g_strv_length ((char **) kiosk_rules_banks ()), ==, 7);
  for (guint i = 0; kiosk_rules_banks ()[i] != NULL; i++)
    {
      const char *each[] = { kiosk_rules_banks ()[i], NULL };
      g_autoptr (KioskRefusal) r = kiosk_rules_check_bank_choice (each);

      g_assert_null (r);
    }
  g_assert_null (r_one);
  g_assert_null (r_same);
  assert_refused (r_two, 5);
  assert_refused (r_unknown, 5);
  assert_refused (r_none, 5);
  assert_refused (r_null, 5);
  g_assert_nonnull (strstr (r_two->message, "一家"));
}

/* ---- R6 ---- */

static void
test_r6_allowed (void)
{
  g_autoptr (KioskPerson) person = holder_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2024, 5, 6);
  g_autoptr (KioskRefusal) refusal = NULL;
  KioskCard *card = kiosk_person_current_card (person);

  refusal = kiosk_rules_check_temporary_loss (person, NULL, policy, &today);
  g_assert_null (refusal);

  /* Collected but not yet activated: the card is in the holder's hands. */
  card->stage = KIOSK_CARD_STAGE_COLLECTED;
  g_date_clear (&card->financial_activated_on, 1);
  refusal = kiosk_rules_check_temporary_loss (person, card, policy, &today);
  g_assert_null (refusal);
}

static void
test_r6_not_collected (void)
{
  g_autoptr (KioskPerson) person = person_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2024, 5, 6);
  g_autoptr (KioskRefusal) none = NULL;
  g_autoptr (KioskRefusal) at_window = NULL;

  none = kiosk_rules_check_temporary_loss (person, NULL, policy, &today);
  assert_refused (none, 6);
  kiosk_person_add_card (person, card_new (KIOSK_CARD_STAGE_AT_WINDOW));
  at_window = kiosk_rules_check_temporary_loss (person, NULL, policy, &today);
  assert_refused (at_window, 6);
  g_assert_cmpstr (at_window->window, ==, WINDOW);
}

static void
test_r6_already_lost (void)
{
  g_autoptr (KioskPerson) person = holder_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  KioskCard *card = kiosk_person_current_card (person);
  GDate today = day (2024, 5, 6);
  g_autoptr (KioskRefusal) open = NULL;
  g_autoptr (KioskRefusal) formal = NULL;

  card->temporary_loss_on = plus (today, -2);
  open = kiosk_rules_check_temporary_loss (person, card, policy, &today);
  assert_refused (open, 6);
  /* Day 3 of the loss: the remedy names day 7, 2024-05-10. */
  g_assert_nonnull (strstr (open->remedy, "2024年5月10日"));

  card->formal_loss_social = TRUE;
  formal = kiosk_rules_check_temporary_loss (person, card, policy, &today);
  assert_refused (formal, 8);
}

static void
test_r6_lapsed_may_report_again (void)
{
  g_autoptr (KioskPerson) person = holder_new ();
  g_autoptr (KioskPolicy) lapse = policy_with (KIOSK_TEMP_LOSS_AFTER_7_DAYS_LAPSE);
  g_autoptr (KioskPolicy) refer = policy_with (KIOSK_TEMP_LOSS_AFTER_7_DAYS_REFER_TO_WINDOW);
  KioskCard *card = kiosk_person_current_card (person);
  GDate today = day (2024, 5, 6);
  g_autoptr (KioskRefusal) lapsed = NULL;
  g_autoptr (KioskRefusal) referred = NULL;

  card->temporary_loss_on = plus (today, -7); /* today is day 8 */
  lapsed = kiosk_rules_check_temporary_loss (person, card, lapse, &today);
  referred = kiosk_rules_check_temporary_loss (person, card, refer, &today);
  g_assert_null (lapsed);
  assert_refused (referred, 6);
}

static void
test_r6_temporary_card_is_r15 (void)
{
  g_autoptr (KioskPerson) person = person_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2024, 5, 6);
  KioskCard *temporary = temporary_new (plus (today, -10), plus (today, 50));
  g_autoptr (KioskRefusal) refusal = NULL;

  kiosk_person_add_card (person, temporary);
  refusal = kiosk_rules_check_temporary_loss (person, temporary, policy, &today);
  assert_refused (refusal, 15);
}

/* ---- R7 ---- */

static void
test_r7_unblock (void)
{
  g_autoptr (KioskPerson) person = holder_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  KioskCard *card = kiosk_person_current_card (person);
  GDate today = day (2024, 5, 6);
  g_autoptr (KioskRefusal) not_lost = NULL;

  not_lost = kiosk_rules_check_unblock (person, NULL, policy, &today);
  assert_refused (not_lost, 7);

  /* Day 1 … day 7, and long after with refer_to_window: R7 sets no limit. */
  for (int d = 1; d <= 400; d++)
    {
      g_autoptr (KioskRefusal) refusal = NULL;

      card->temporary_loss_on = plus (today, -(d - 1));
      g_assert_cmpint (kiosk_rules_temporary_loss_day (card, &today), ==, d);
      refusal = kiosk_rules_check_unblock (person, NULL, policy, &today);
      g_assert_null (refusal);
    }
}

static void
test_r7_lapsed_needs_no_unblock (void)
{
  g_autoptr (KioskPerson) person = holder_new ();
  g_autoptr (KioskPolicy) lapse = policy_with (KIOSK_TEMP_LOSS_AFTER_7_DAYS_LAPSE);
  KioskCard *card = kiosk_person_current_card (person);
  GDate today = day (2024, 5, 6);
  g_autoptr (KioskRefusal) day7 = NULL;
  g_autoptr (KioskRefusal) day8 = NULL;

  card->temporary_loss_on = plus (today, -6);
  day7 = kiosk_rules_check_unblock (person, NULL, lapse, &today);
  g_assert_null (day7);
  card->temporary_loss_on = plus (today, -7);
  day8 = kiosk_rules_check_unblock (person, NULL, lapse, &today);
  assert_refused (day8, 8);
  g_assert_true (kiosk_rules_card_usable (card, &today));
}

/* ---- R8 ---- */

static void
test_r8_day_counting (void)
{
  g_autoptr (KioskCard) card = card_new (KIOSK_CARD_STAGE_COLLECTED);
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today;

  today = day (2024, 3, 1);
  g_assert_cmpint (kiosk_rules_temporary_loss_day (card, &today), ==, 0);
  g_assert_cmpint (kiosk_rules_temporary_loss_state (card, policy, &today), ==,
                   KIOSK_TEMP_LOSS_STATE_NONE);

  /* Across the end of a leap February: reported 24 Feb, 1 Mar is day 7. */
  card->temporary_loss_on = day (2024, 2, 24);
  today = day (2024, 2, 24);
  g_assert_cmpint (kiosk_rules_temporary_loss_day (card, &today), ==, 1);
  today = day (2024, 3, 1);
  g_assert_cmpint (kiosk_rules_temporary_loss_day (card, &today), ==, 7);
  g_assert_cmpint (kiosk_rules_temporary_loss_state (card, policy, &today), ==,
                   KIOSK_TEMP_LOSS_STATE_OPEN);
  today = day (2024, 3, 2);
  g_assert_cmpint (kiosk_rules_temporary_loss_day (card, &today), ==, 8);
  g_assert_cmpint (kiosk_rules_temporary_loss_state (card, policy, &today), ==,
                   KIOSK_TEMP_LOSS_STATE_OVERDUE);
  today = day (2024, 2, 23);
  g_assert_cmpint (kiosk_rules_temporary_loss_day (card, &today), <, 0);
  g_assert_cmpint (kiosk_rules_temporary_loss_state (card, policy, &today), ==,
                   KIOSK_TEMP_LOSS_STATE_INVALID);
}

static void
test_r8_day1_allowed (void)
{
  g_autoptr (KioskPerson) person = holder_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  KioskCard *card = kiosk_person_current_card (person);
  GDate today = day (2024, 5, 6);
  g_autoptr (KioskRefusal) refusal = NULL;

  card->temporary_loss_on = today;
  refusal = kiosk_rules_check_formal_loss (person, NULL, KIOSK_CARD_FUNCTION_BOTH, policy, &today);
  g_assert_null (refusal);
}

static void
test_r8_day7_allowed (void)
{
  g_autoptr (KioskPerson) person = holder_new ();
  KioskCard *card = kiosk_person_current_card (person);
  GDate today = day (2024, 5, 6);

  card->temporary_loss_on = plus (today, -6);
  for (int p = KIOSK_TEMP_LOSS_AFTER_7_DAYS_REFER_TO_WINDOW;
       p <= KIOSK_TEMP_LOSS_AFTER_7_DAYS_LAPSE; p++)
    {
      g_autoptr (KioskPolicy) policy = policy_with ((KioskTempLossAfter7Days) p);
      g_autoptr (KioskRefusal) social = NULL;
      g_autoptr (KioskRefusal) financial = NULL;

      g_assert_cmpint (kiosk_rules_temporary_loss_day (card, &today), ==, 7);
      social = kiosk_rules_check_formal_loss (person, card, KIOSK_CARD_FUNCTION_SOCIAL, policy,
                                              &today);
      financial = kiosk_rules_check_formal_loss (person, card, KIOSK_CARD_FUNCTION_FINANCIAL,
                                                 policy, &today);
      g_assert_null (social);
      g_assert_null (financial);
    }
}

static void
test_r8_day8_refer (void)
{
  g_autoptr (KioskPerson) person = holder_new ();
  g_autoptr (KioskPolicy) policy = policy_with (KIOSK_TEMP_LOSS_AFTER_7_DAYS_REFER_TO_WINDOW);
  KioskCard *card = kiosk_person_current_card (person);
  GDate today = day (2024, 5, 6);
  g_autoptr (KioskRefusal) refusal = NULL;

  card->temporary_loss_on = plus (today, -7);
  refusal
      = kiosk_rules_check_formal_loss (person, card, KIOSK_CARD_FUNCTION_SOCIAL, policy, &today);
  assert_refused (refusal, 8);
  g_assert_nonnull (strstr (refusal->remedy, "窗口"));
  g_assert_cmpstr (refusal->window, ==, WINDOW);
}

static void
test_r8_day8_lapse (void)
{
  g_autoptr (KioskPerson) person = holder_new ();
  g_autoptr (KioskPolicy) policy = policy_with (KIOSK_TEMP_LOSS_AFTER_7_DAYS_LAPSE);
  KioskCard *card = kiosk_person_current_card (person);
  GDate today = day (2024, 5, 6);
  g_autoptr (KioskRefusal) refusal = NULL;
  g_autoptr (KioskRefusal) report_again = NULL;

  card->temporary_loss_on = plus (today, -7);
  g_assert_cmpint (kiosk_rules_temporary_loss_state (card, policy, &today), ==,
                   KIOSK_TEMP_LOSS_STATE_LAPSED);
  refusal
      = kiosk_rules_check_formal_loss (person, card, KIOSK_CARD_FUNCTION_FINANCIAL, policy, &today);
  assert_refused (refusal, 8);
  g_assert_nonnull (strstr (refusal->remedy, "重新办理临时挂失"));
  report_again = kiosk_rules_check_temporary_loss (person, card, policy, &today);
  g_assert_null (report_again);
}

static void
test_r8_lapse_not_after_one_formal_loss (void)
{
  g_autoptr (KioskPerson) person = holder_new ();
  g_autoptr (KioskPolicy) policy = policy_with (KIOSK_TEMP_LOSS_AFTER_7_DAYS_LAPSE);
  KioskCard *card = kiosk_person_current_card (person);
  GDate today = day (2024, 5, 6);
  g_autoptr (KioskRefusal) refusal = NULL;

  card->temporary_loss_on = plus (today, -10);
  card->formal_loss_social = TRUE;
  card->formal_loss_social_on = plus (today, -8);
  g_assert_cmpint (kiosk_rules_temporary_loss_state (card, policy, &today), ==,
                   KIOSK_TEMP_LOSS_STATE_OVERDUE);
  refusal
      = kiosk_rules_check_formal_loss (person, card, KIOSK_CARD_FUNCTION_FINANCIAL, policy, &today);
  assert_refused (refusal, 8);
  g_assert_nonnull (strstr (refusal->remedy, "窗口"));
}

static void
test_r8_no_temporary_loss (void)
{
  g_autoptr (KioskPerson) person = holder_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2024, 5, 6);
  g_autoptr (KioskRefusal) refusal = NULL;

  refusal
      = kiosk_rules_check_formal_loss (person, NULL, KIOSK_CARD_FUNCTION_SOCIAL, policy, &today);
  assert_refused (refusal, 8);
  g_assert_nonnull (strstr (refusal->remedy, "临时挂失"));
}

static void
test_r8_separate_functions (void)
{
  g_autoptr (KioskPerson) person = holder_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  KioskCard *card = kiosk_person_current_card (person);
  GDate today = day (2024, 5, 6);
  g_autoptr (KioskRefusal) again = NULL;
  g_autoptr (KioskRefusal) both = NULL;
  g_autoptr (KioskRefusal) other = NULL;
  g_autoptr (KioskRefusal) nothing = NULL;
  g_autoptr (KioskRefusal) garbage = NULL;

  card->temporary_loss_on = plus (today, -3);
  card->formal_loss_social = TRUE;
  card->formal_loss_social_on = plus (today, -1);

  again = kiosk_rules_check_formal_loss (person, card, KIOSK_CARD_FUNCTION_SOCIAL, policy, &today);
  assert_refused (again, 8);
  g_assert_nonnull (strstr (again->message, "社保功能"));
  both = kiosk_rules_check_formal_loss (person, card, KIOSK_CARD_FUNCTION_BOTH, policy, &today);
  assert_refused (both, 8);
  other
      = kiosk_rules_check_formal_loss (person, card, KIOSK_CARD_FUNCTION_FINANCIAL, policy, &today);
  g_assert_null (other);

  nothing = kiosk_rules_check_formal_loss (person, card, 0, policy, &today);
  assert_refused (nothing, 8);
  garbage = kiosk_rules_check_formal_loss (person, card, (KioskCardFunction) 0x10, policy, &today);
  assert_refused (garbage, 8);
}

static void
test_r8_guidance_deadline (void)
{
  g_autoptr (KioskPerson) person = holder_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  KioskCard *card = kiosk_person_current_card (person);
  GDate today = day (2024, 12, 30);
  g_autoptr (GPtrArray) guidance = NULL;

  card->temporary_loss_on = day (2024, 12, 28);
  guidance = kiosk_rules_guidance (person, NULL, policy, &today);
  g_assert_true (guidance_has (guidance, 8, "2025年1月3日"));
}

static void
test_r8_future_loss_date (void)
{
  g_autoptr (KioskPerson) person = holder_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  KioskCard *card = kiosk_person_current_card (person);
  GDate today = day (2024, 5, 6);
  g_autoptr (KioskRefusal) formal = NULL;
  g_autoptr (KioskRefusal) unblock = NULL;

  card->temporary_loss_on = plus (today, 1);
  formal = kiosk_rules_check_formal_loss (person, card, KIOSK_CARD_FUNCTION_SOCIAL, policy, &today);
  unblock = kiosk_rules_check_unblock (person, card, policy, &today);
  assert_refused (formal, 8);
  assert_refused (unblock, 7);
}

/* ---- R9 ---- */

static void
test_r9_formal_loss_blocks_unblock_forever (void)
{
  GDate lost_on = day (2024, 1, 10);
  KioskCardFunction functions[]
      = { KIOSK_CARD_FUNCTION_SOCIAL, KIOSK_CARD_FUNCTION_FINANCIAL, KIOSK_CARD_FUNCTION_BOTH };
  int days[] = { 1, 2, 7, 8, 9, 30, 365, 3650 };

  for (guint f = 0; f < G_N_ELEMENTS (functions); f++)
    for (int p = KIOSK_TEMP_LOSS_AFTER_7_DAYS_REFER_TO_WINDOW;
         p <= KIOSK_TEMP_LOSS_AFTER_7_DAYS_LAPSE; p++)
      for (guint d = 0; d < G_N_ELEMENTS (days); d++)
        {
          g_autoptr (KioskPerson) person = holder_new ();
          g_autoptr (KioskPolicy) policy = policy_with ((KioskTempLossAfter7Days) p);
          KioskCard *card = kiosk_person_current_card (person);
          GDate today = plus (lost_on, days[d] - 1);
          g_autoptr (KioskRefusal) refusal = NULL;

          card->temporary_loss_on = lost_on;
          card->formal_loss_social = (functions[f] & KIOSK_CARD_FUNCTION_SOCIAL) != 0;
          card->formal_loss_financial = (functions[f] & KIOSK_CARD_FUNCTION_FINANCIAL) != 0;
          refusal = kiosk_rules_check_unblock (person, NULL, policy, &today);
          assert_refused (refusal, 9);
          g_assert_false (kiosk_rules_card_usable (card, &today));

          /* Even if the center forgot the temporary loss. */
          g_date_clear (&card->temporary_loss_on, 1);
          g_clear_pointer (&refusal, kiosk_refusal_free);
          refusal = kiosk_rules_check_unblock (person, NULL, policy, &today);
          assert_refused (refusal, 9);
        }
}

/* ---- R10 ---- */

static void
test_r10_replacement (void)
{
  g_autoptr (KioskPerson) person = holder_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  KioskCard *card = kiosk_person_current_card (person);
  GDate today = day (2024, 5, 6);
  g_autoptr (KioskRefusal) normal = NULL;
  g_autoptr (KioskRefusal) temp_lost = NULL;
  g_autoptr (KioskRefusal) one = NULL;
  g_autoptr (KioskRefusal) both = NULL;
  g_autoptr (KioskRefusal) damaged = NULL;
  g_autoptr (KioskRefusal) replaced = NULL;

  normal = kiosk_rules_check_replacement (person, NULL, policy, &today);
  assert_refused (normal, 10);

  card->temporary_loss_on = plus (today, -1);
  temp_lost = kiosk_rules_check_replacement (person, NULL, policy, &today);
  assert_refused (temp_lost, 10);

  card->formal_loss_social = TRUE;
  one = kiosk_rules_check_replacement (person, NULL, policy, &today);
  assert_refused (one, 10);
  g_assert_nonnull (strstr (one->message, "金融功能"));

  card->formal_loss_financial = TRUE;
  both = kiosk_rules_check_replacement (person, NULL, policy, &today);
  g_assert_null (both);

  card->formal_loss_social = card->formal_loss_financial = FALSE;
  g_date_clear (&card->temporary_loss_on, 1);
  card->damaged = TRUE;
  damaged = kiosk_rules_check_replacement (person, NULL, policy, &today);
  g_assert_null (damaged);

  card->replaced = TRUE;
  replaced = kiosk_rules_check_replacement (person, card, policy, &today);
  assert_refused (replaced, 10);
}

static void
test_r10_fee (void)
{
  g_autoptr (KioskPerson) person = holder_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  KioskCard *card = kiosk_person_current_card (person);
  GDate today = day (2024, 5, 6);
  g_autoptr (KioskRefusal) unblock = NULL;

  policy->replacement_fee_fen = 2550;
  policy->temporary_card_fee_fen = 1000;
  g_assert_cmpuint (kiosk_rules_replacement_fee (card, policy), ==, 2550);
  card->formal_loss_financial = TRUE;
  unblock = kiosk_rules_check_unblock (person, NULL, policy, &today);
  assert_refused (unblock, 9);
  g_assert_nonnull (strstr (unblock->remedy, "25.50元"));
}

/* ---- R11 ---- */

static void
test_r11_proxy_always_referred (void)
{
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2024, 5, 6);
  g_autoptr (KioskPerson) holder = holder_new ();
  g_autoptr (KioskPerson) nobody = person_new ();
  g_autoptr (KioskRefusal) with_card = kiosk_rules_check_proxy (holder, NULL, policy, &today);
  g_autoptr (KioskRefusal) without = kiosk_rules_check_proxy (nobody, NULL, policy, &today);

  assert_refused (with_card, 11);
  assert_refused (without, 11);
  g_assert_nonnull (strstr (with_card->remedy, "户口本"));
  g_assert_cmpstr (with_card->window, ==, WINDOW);
  g_assert_null (without->window);
}

/* ---- R12 ---- */

static void
test_r12_newly_insured_allowed (void)
{
  g_autoptr (KioskPerson) person = person_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2024, 5, 6);
  g_autoptr (KioskRefusal) refusal = NULL;
  g_autoptr (KioskRefusal) no_card_yet = NULL;

  person->newly_insured = TRUE;
  refusal = kiosk_rules_check_temporary_card (person, policy, &today);
  g_assert_null (refusal);

  /* Neither newly insured nor a card in production. */
  person->newly_insured = FALSE;
  no_card_yet = kiosk_rules_check_temporary_card (person, policy, &today);
  assert_refused (no_card_yet, 12);
}

static void
test_r12_card_in_production_allowed (void)
{
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2024, 5, 6);
  KioskCardStage producing[]
      = { KIOSK_CARD_STAGE_APPLIED, KIOSK_CARD_STAGE_PRE_ACCOUNT, KIOSK_CARD_STAGE_IN_PRODUCTION };

  for (guint i = 0; i < G_N_ELEMENTS (producing); i++)
    {
      g_autoptr (KioskPerson) person = person_new ();
      g_autoptr (KioskRefusal) refusal = NULL;

      kiosk_person_add_card (person, card_new (producing[i]));
      refusal = kiosk_rules_check_temporary_card (person, policy, &today);
      g_assert_null (refusal);
    }
}

static void
test_r12_refusals (void)
{
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2024, 5, 6);
  g_autoptr (KioskPerson) at_window = person_new ();
  g_autoptr (KioskPerson) holder = holder_new ();
  g_autoptr (KioskPerson) lost = holder_new ();
  g_autoptr (KioskRefusal) r_window = NULL;
  g_autoptr (KioskRefusal) r_holder = NULL;
  g_autoptr (KioskRefusal) r_lost = NULL;
  KioskCard *replacement;

  kiosk_person_add_card (at_window, card_new (KIOSK_CARD_STAGE_AT_WINDOW));
  r_window = kiosk_rules_check_temporary_card (at_window, policy, &today);
  assert_refused (r_window, 12);
  g_assert_cmpstr (r_window->window, ==, WINDOW);

  r_holder = kiosk_rules_check_temporary_card (holder, policy, &today);
  assert_refused (r_holder, 12);

  /* Formally lost, no replacement yet: replacement first. */
  kiosk_person_current_card (lost)->formal_loss_social = TRUE;
  kiosk_person_current_card (lost)->formal_loss_financial = TRUE;
  r_lost = kiosk_rules_check_temporary_card (lost, policy, &today);
  assert_refused (r_lost, 12);
  g_assert_nonnull (strstr (r_lost->remedy, "补卡"));

  /* The replacement is in production: now a temporary card is allowed. */
  kiosk_person_current_card (lost)->replaced = TRUE;
  replacement = card_new (KIOSK_CARD_STAGE_IN_PRODUCTION);
  kiosk_person_add_card (lost, replacement);
  g_clear_pointer (&r_lost, kiosk_refusal_free);
  r_lost = kiosk_rules_check_temporary_card (lost, policy, &today);
  g_assert_null (r_lost);
}

static void
test_r12_old_medical_card (void)
{
  g_autoptr (KioskPerson) person = person_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate end = day (2017, 12, 31);
  GDate after = day (2018, 1, 1);
  g_autoptr (KioskRefusal) last_day = NULL;
  g_autoptr (KioskRefusal) next_day = NULL;

  person->newly_insured = TRUE;
  person->has_usable_old_medical_card = TRUE;
  last_day = kiosk_rules_check_temporary_card (person, policy, &end);
  assert_refused (last_day, 12);
  g_assert_nonnull (strstr (last_day->remedy, "2017年12月31日"));
  /* R21 policy: after the old card's end date it is void. */
  next_day = kiosk_rules_check_temporary_card (person, policy, &after);
  g_assert_null (next_day);
}

static void
test_r12_one_valid_temporary_card (void)
{
  g_autoptr (KioskPerson) person = person_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2024, 5, 6);
  KioskCard *temporary = temporary_new (plus (today, -59), today);
  g_autoptr (KioskRefusal) valid = NULL;
  g_autoptr (KioskRefusal) expired = NULL;
  GDate tomorrow = plus (today, 1);

  person->newly_insured = TRUE;
  kiosk_person_add_card (person, temporary);
  valid = kiosk_rules_check_temporary_card (person, policy, &today);
  assert_refused (valid, 12);
  expired = kiosk_rules_check_temporary_card (person, policy, &tomorrow);
  g_assert_null (expired);
}

/* ---- R13 ---- */

static void
test_r13_default_validity (void)
{
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2024, 1, 15);
  GDate until = kiosk_rules_temporary_card_valid_until (policy, &today);
  GDate expected = day (2024, 3, 15); /* 60 days after 15 Jan 2024 (a leap year) */

  g_assert_cmpuint (policy->temporary_card_validity_days, ==, 60);
  g_assert_cmpint (g_date_compare (&until, &expected), ==, 0);
}

static void
test_r13_six_months_minus_one_day (void)
{
  GDate issued = day (2024, 1, 15);
  GDate until = day (2024, 7, 14);
  g_autoptr (KioskRefusal) refusal = kiosk_rules_check_temporary_validity (&issued, &until);
  g_autoptr (KioskCard) card = temporary_new (issued, until);

  g_assert_null (refusal);
  g_assert_true (kiosk_rules_temporary_card_valid (card, &until));
}

static void
test_r13_six_months (void)
{
  GDate issued = day (2024, 1, 15);
  GDate until = day (2024, 7, 15);
  g_autoptr (KioskRefusal) refusal = kiosk_rules_check_temporary_validity (&issued, &until);
  GDate issued_aug31 = day (2023, 8, 31);
  GDate until_feb = day (2024, 2, 29); /* the month has no 31st: its last day */
  g_autoptr (KioskRefusal) month_end
      = kiosk_rules_check_temporary_validity (&issued_aug31, &until_feb);

  g_assert_null (refusal);
  g_assert_null (month_end);
}

static void
test_r13_six_months_plus_one_day (void)
{
  GDate issued = day (2024, 1, 15);
  GDate until = day (2024, 7, 16);
  GDate today = day (2024, 3, 1);
  g_autoptr (KioskRefusal) refusal = kiosk_rules_check_temporary_validity (&issued, &until);
  g_autoptr (KioskCard) card = temporary_new (issued, until);
  GDate issued_aug31 = day (2023, 8, 31);
  GDate until_mar = day (2024, 3, 1);
  g_autoptr (KioskRefusal) month_end
      = kiosk_rules_check_temporary_validity (&issued_aug31, &until_mar);
  GDate before = day (2024, 1, 14);
  g_autoptr (KioskRefusal) backwards = kiosk_rules_check_temporary_validity (&issued, &before);

  assert_refused (refusal, 13);
  assert_refused (month_end, 13);
  assert_refused (backwards, 13);
  /* A card whose stated validity breaks R13 is not valid on any day. */
  g_assert_false (kiosk_rules_temporary_card_valid (card, &today));
}

static void
test_r13_never_beyond_six_months (void)
{
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2000, 1, 1);
  GDate stop = day (2100, 1, 1);
  guint shortest = G_MAXUINT;

  /* 181 days fits every issue day of a century, and some day needs exactly 181. */
  policy->temporary_card_validity_days = KIOSK_POLICY_TEMPORARY_CARD_VALIDITY_MAX_DAYS;
  for (; g_date_compare (&today, &stop) < 0; g_date_add_days (&today, 1))
    {
      GDate limit = today;
      GDate until = kiosk_rules_temporary_card_valid_until (policy, &today);

      g_date_add_months (&limit, 6);
      shortest = MIN (shortest, (guint) g_date_days_between (&today, &limit));
      g_assert_cmpint (g_date_days_between (&today, &until), ==,
                       KIOSK_POLICY_TEMPORARY_CARD_VALIDITY_MAX_DAYS);
      g_assert_cmpint (g_date_compare (&until, &limit), <=, 0);
    }
  g_assert_cmpuint (shortest, ==, KIOSK_POLICY_TEMPORARY_CARD_VALIDITY_MAX_DAYS);

  /* A policy made by hand beyond the limit is held to 6 months. */
  policy->temporary_card_validity_days = 400;
  today = day (2024, 1, 15);
  {
    GDate until = kiosk_rules_temporary_card_valid_until (policy, &today);
    GDate limit = day (2024, 7, 15);

    g_assert_cmpint (g_date_compare (&until, &limit), ==, 0);
  }
}

static void
test_r13_expiry (void)
{
  GDate issued = day (2024, 1, 15);
  GDate until = day (2024, 3, 15);
  GDate last = until;
  GDate after = plus (until, 1);
  GDate before_issue = plus (issued, -1);
  g_autoptr (KioskCard) card = temporary_new (issued, until);
  g_autoptr (GPtrArray) guidance = NULL;
  g_autoptr (KioskPerson) person = person_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();

  g_assert_true (kiosk_rules_temporary_card_valid (card, &last));
  g_assert_true (kiosk_rules_card_usable (card, &issued));
  g_assert_false (kiosk_rules_temporary_card_valid (card, &after));
  g_assert_false (kiosk_rules_temporary_card_valid (card, &before_issue));
  card->handed_back = TRUE;
  g_assert_false (kiosk_rules_temporary_card_valid (card, &last));

  kiosk_person_add_card (person, temporary_new (issued, until));
  guidance = kiosk_rules_guidance (person, NULL, policy, &last);
  g_assert_true (guidance_has (guidance, 13, "2024年3月15日"));
}

/* ---- R14 ---- */

static void
test_r14_hand_back_on_collection (void)
{
  g_autoptr (KioskPerson) person = person_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2024, 5, 6);
  KioskCard *formal = card_new (KIOSK_CARD_STAGE_AT_WINDOW);
  KioskCard *temporary = temporary_new (plus (today, -30), plus (today, 30));
  g_autoptr (KioskRefusal) holding = NULL;
  g_autoptr (KioskRefusal) handed = NULL;
  g_autoptr (GPtrArray) guidance = NULL;

  kiosk_person_add_card (person, formal);
  kiosk_person_add_card (person, temporary);
  holding = kiosk_rules_check_collection (person, NULL, policy, &today);
  assert_refused (holding, 14);
  g_assert_cmpstr (holding->window, ==, WINDOW);
  guidance = kiosk_rules_guidance (person, NULL, policy, &today);
  g_assert_true (guidance_has (guidance, 14, "交回临时卡"));

  temporary->handed_back = TRUE;
  handed = kiosk_rules_check_collection (person, NULL, policy, &today);
  g_assert_null (handed);
}

static void
test_r14_no_temporary_replacement_after_collection (void)
{
  g_autoptr (KioskPerson) person = holder_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2024, 5, 6);
  KioskCard *temporary = temporary_new (plus (today, -30), plus (today, 30));
  g_autoptr (KioskRefusal) refusal = NULL;

  kiosk_person_add_card (person, temporary);
  refusal = kiosk_rules_check_replacement (person, temporary, policy, &today);
  assert_refused (refusal, 14);
}

/* ---- R15 ---- */

static void
test_r15_temporary_card_replaced_for_fee (void)
{
  g_autoptr (KioskPerson) person = person_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2024, 5, 6);
  KioskCard *temporary = temporary_new (plus (today, -30), plus (today, 30));
  g_autoptr (KioskRefusal) allowed = NULL;
  g_autoptr (KioskRefusal) expired = NULL;
  GDate late = plus (today, 31);

  policy->temporary_card_fee_fen = 1000;
  kiosk_person_add_card (person, card_new (KIOSK_CARD_STAGE_IN_PRODUCTION));
  kiosk_person_add_card (person, temporary);
  allowed = kiosk_rules_check_replacement (person, temporary, policy, &today);
  g_assert_null (allowed);
  g_assert_cmpuint (kiosk_rules_replacement_fee (temporary, policy), ==, 1000);

  expired = kiosk_rules_check_replacement (person, temporary, policy, &late);
  assert_refused (expired, 13);
}

/* ---- R16 ---- */

static void
test_r16_progress_stages (void)
{
  g_autoptr (GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint s = 0; s <= KIOSK_CARD_STAGE_LAST; s++)
    {
      const char *label = kiosk_card_stage_to_label (s);
      KioskCardStage back;
      g_autoptr (KioskCard) card = card_new (s);
      g_autofree char *text = kiosk_rules_progress_text (card);

      g_assert_nonnull (label);
      g_assert_cmpstr (label, !=, "");
      g_assert_false (g_hash_table_contains (labels, label));
      g_hash_table_add (labels, (gpointer) label);
      g_assert_true (kiosk_card_stage_from_string (kiosk_card_stage_to_string (s), &back));
      g_assert_cmpint (back, ==, s);
      g_assert_true (g_utf8_validate (text, -1, NULL));
      g_assert_cmpstr (text, !=, "");
    }
  g_assert_false (kiosk_card_stage_from_string ("printed", NULL));
}

static void
test_r16_progress_query (void)
{
  g_autoptr (KioskPerson) person = person_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2024, 5, 6);
  g_autoptr (KioskRefusal) none = NULL;
  g_autoptr (KioskRefusal) some = NULL;
  g_autoptr (GPtrArray) guidance = NULL;
  g_autofree char *text = NULL;

  none = kiosk_rules_check_progress (person, policy, &today);
  assert_refused (none, 16);
  kiosk_person_add_card (person, card_new (KIOSK_CARD_STAGE_AT_WINDOW));
  some = kiosk_rules_check_progress (person, policy, &today);
  g_assert_null (some);
  guidance = kiosk_rules_guidance (person, NULL, policy, &today);
  g_assert_true (guidance_has (guidance, 16, "待领取"));
  text = kiosk_rules_progress_text (kiosk_person_current_card (person));
  g_assert_nonnull (strstr (text, "领卡网点"));
}

/* ---- R17 ---- */

static void
test_r17_every_service_refused (void)
{
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2024, 5, 6);
  g_autoptr (KioskPerson) holder = holder_new ();
  g_autoptr (KioskPerson) nobody = person_new ();
  KioskPerson *people[] = { holder, nobody };

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autoptr (GPtrArray) verdicts = NULL;
      g_autoptr (KioskRefusal) collection = NULL;

      people[i]->deceased = TRUE;
      people[i]->cross_province_registered = TRUE;
      people[i]->newly_insured = TRUE;
      verdicts = kiosk_rules_evaluate_all (people[i], NULL, policy, &today);
      g_assert_cmpuint (verdicts->len, ==, KIOSK_SERVICE_LAST + 1);
      for (guint v = 0; v < verdicts->len; v++)
        {
          const KioskServiceVerdict *verdict = g_ptr_array_index (verdicts, v);

          g_assert_cmpint (verdict->service, ==, v);
          assert_refused (verdict->refusal, 17);
        }
      collection = kiosk_rules_check_collection (people[i], NULL, policy, &today);
      assert_refused (collection, 17);
    }
}

static void
test_r17_guidance (void)
{
  g_autoptr (KioskPerson) person = holder_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2024, 5, 6);
  g_autoptr (GPtrArray) guidance = NULL;

  person->deceased = TRUE;
  guidance = kiosk_rules_guidance (person, NULL, policy, &today);
  g_assert_cmpuint (guidance->len, ==, 1);
  g_assert_true (guidance_has (guidance, 17, "不得激活"));
}

/* ---- R18–R23: guidance ---- */

static void
test_r18_activate_at_bank (void)
{
  g_autoptr (KioskPerson) person = person_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2024, 5, 6);
  g_autoptr (GPtrArray) guidance = NULL;
  g_autoptr (GPtrArray) active = NULL;
  KioskCard *card = card_new (KIOSK_CARD_STAGE_COLLECTED);

  kiosk_person_add_card (person, card);
  guidance = kiosk_rules_guidance (person, NULL, policy, &today);
  g_assert_true (guidance_has (guidance, 18, "建设银行"));

  card->stage = KIOSK_CARD_STAGE_FINANCIAL_ACTIVE;
  card->financial_activated_on = plus (today, -10);
  active = kiosk_rules_guidance (person, NULL, policy, &today);
  g_assert_false (guidance_has (active, 18, NULL));
}

static void
test_r19_social_activation (void)
{
  g_autoptr (KioskPerson) person = holder_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2024, 5, 6);
  g_autoptr (GPtrArray) guidance = NULL;
  g_autoptr (GPtrArray) done = NULL;

  guidance = kiosk_rules_guidance (person, NULL, policy, &today);
  g_assert_true (guidance_has (guidance, 19, "定点医院"));
  g_assert_true (guidance_has (guidance, 19, "作废"));

  kiosk_person_current_card (person)->social_activated = TRUE;
  kiosk_person_current_card (person)->stage = KIOSK_CARD_STAGE_SOCIAL_ACTIVE;
  done = kiosk_rules_guidance (person, NULL, policy, &today);
  g_assert_false (guidance_has (done, 19, NULL));
}

static void
test_r20_usable_day_after_activation (void)
{
  g_autoptr (KioskPerson) person = holder_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  KioskCard *card = kiosk_person_current_card (person);
  GDate activated = day (2024, 2, 29);
  GDate next = day (2024, 3, 1);
  GDate before = day (2024, 2, 28);
  g_autoptr (GPtrArray) guidance = NULL;

  card->financial_activated_on = activated;
  g_assert_false (kiosk_rules_card_usable (card, &before));
  g_assert_false (kiosk_rules_card_usable (card, &activated));
  g_assert_true (kiosk_rules_card_usable (card, &next));

  guidance = kiosk_rules_guidance (person, NULL, policy, &activated);
  g_assert_true (guidance_has (guidance, 20, "2024年3月1日"));

  g_date_clear (&card->financial_activated_on, 1);
  card->stage = KIOSK_CARD_STAGE_COLLECTED;
  g_assert_false (kiosk_rules_card_usable (card, &next));
  card->financial_activated_on = activated;
  card->replaced = TRUE;
  g_assert_false (kiosk_rules_card_usable (card, &next));
}

static void
test_r21_hospitalised (void)
{
  g_autoptr (KioskPerson) person = person_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2017, 11, 6);
  g_autoptr (GPtrArray) guidance = NULL;
  g_autoptr (GPtrArray) receipt = NULL;

  person->hospitalised_on_old_card = TRUE;
  kiosk_person_add_card (person, card_new (KIOSK_CARD_STAGE_COLLECTED));
  guidance = kiosk_rules_guidance (person, NULL, policy, &today);
  g_assert_true (guidance_has (guidance, 21, "出院结算"));
  g_assert_true (guidance_has (guidance, 21, "2017年12月31日"));

  policy->old_medical_card_end = day (2018, 6, 30);
  receipt = kiosk_rules_receipt_guidance (person, NULL, policy, &today);
  g_assert_true (guidance_has (receipt, 21, "2018年6月30日"));
}

static void
test_r22_receipt (void)
{
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2024, 5, 6);
  g_autoptr (KioskPerson) issued = person_new ();
  g_autoptr (KioskPerson) active = holder_new ();
  g_autoptr (KioskPerson) nothing = person_new ();
  KioskPerson *people[] = { issued, active, nothing };

  kiosk_person_add_card (issued, card_new (KIOSK_CARD_STAGE_COLLECTED));
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autoptr (GPtrArray) receipt
          = kiosk_rules_receipt_guidance (people[i], NULL, policy, &today);

      g_assert_true (guidance_has (receipt, 22, "养老保险待遇"));
      for (guint g = 1; g < receipt->len; g++)
        g_assert_cmpint (((KioskGuidance *) g_ptr_array_index (receipt, g - 1))->rule, <=,
                         ((KioskGuidance *) g_ptr_array_index (receipt, g))->rule);
    }
  {
    g_autoptr (GPtrArray) receipt = kiosk_rules_receipt_guidance (issued, NULL, policy, &today);

    g_assert_true (guidance_has (receipt, 18, NULL));
    g_assert_true (guidance_has (receipt, 20, "第二天"));
  }
}

static void
test_r23_flag_in_guidance (void)
{
  g_autoptr (KioskPerson) person = holder_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2024, 5, 6);
  g_autoptr (GPtrArray) current = NULL;
  g_autoptr (GPtrArray) direct = NULL;

  current = kiosk_rules_guidance (person, NULL, policy, &today);
  g_assert_true (guidance_has (current, 23, "现行方式"));
  policy->in_province_direct_settlement = TRUE;
  direct = kiosk_rules_guidance (person, NULL, policy, &today);
  g_assert_true (guidance_has (direct, 23, "直接持卡结算"));
  g_assert_false (guidance_has (direct, 23, "现行方式"));
}

/* ---- the module as a whole ---- */

static void
test_services_named (void)
{
  for (guint s = 0; s <= KIOSK_SERVICE_LAST; s++)
    {
      KioskService back;

      g_assert_cmpstr (kiosk_service_to_label (s), !=, "");
      g_assert_cmpstr (kiosk_service_to_english (s), !=, "");
      g_assert_true (kiosk_service_from_string (kiosk_service_to_string (s), &back));
      g_assert_cmpint (back, ==, s);
    }
  g_assert_false (kiosk_service_from_string ("teleport", NULL));
}

static void
test_evaluate_all_holder (void)
{
  g_autoptr (KioskPerson) person = holder_new ();
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2024, 5, 6);
  g_autoptr (GPtrArray) verdicts = kiosk_rules_evaluate_all (person, NULL, policy, &today);
  gboolean expected_allowed[] = {
    [KIOSK_SERVICE_APPLICATION] = FALSE,
    [KIOSK_SERVICE_GREEN_CHANNEL] = FALSE,
    [KIOSK_SERVICE_TEMPORARY_LOSS] = TRUE,
    [KIOSK_SERVICE_FORMAL_LOSS_SOCIAL] = FALSE,
    [KIOSK_SERVICE_FORMAL_LOSS_FINANCIAL] = FALSE,
    [KIOSK_SERVICE_UNBLOCK] = FALSE,
    [KIOSK_SERVICE_REPLACEMENT] = FALSE,
    [KIOSK_SERVICE_TEMPORARY_CARD] = FALSE,
    [KIOSK_SERVICE_PROGRESS] = TRUE,
    [KIOSK_SERVICE_PROXY] = FALSE,
  };

  g_assert_cmpuint (verdicts->len, ==, G_N_ELEMENTS (expected_allowed));
  for (guint v = 0; v < verdicts->len; v++)
    {
      const KioskServiceVerdict *verdict = g_ptr_array_index (verdicts, v);
      g_autoptr (KioskRefusal) single
          = kiosk_rules_check_service (verdict->service, person, NULL, policy, &today);

      g_assert_cmpint (verdict->refusal == NULL, ==, expected_allowed[v]);
      g_assert_cmpint (single == NULL, ==, expected_allowed[v]);
    }
}

static void
test_copies_are_deep (void)
{
  g_autoptr (KioskPerson) person = holder_new ();
  g_autoptr (KioskPerson) copy = kiosk_person_copy (person);
  g_autoptr (KioskRefusal) refusal = kiosk_refusal_new (8, "甲", "乙", WINDOW);
  g_autoptr (KioskRefusal) refusal_copy = kiosk_refusal_copy (refusal);
  g_autofree char *line = kiosk_refusal_to_string (refusal);
  g_autofree char *label = kiosk_refusal_rule_label (refusal);

  g_assert_cmpuint (copy->cards->len, ==, 1);
  g_assert_true (g_ptr_array_index (copy->cards, 0) != g_ptr_array_index (person->cards, 0));
  g_assert_cmpstr (kiosk_person_current_card (copy)->card_number, ==, "A12345678");
  kiosk_person_current_card (person)->formal_loss_social = TRUE;
  g_assert_false (kiosk_person_current_card (copy)->formal_loss_social);
  g_assert_cmpstr (refusal_copy->window, ==, WINDOW);
  g_assert_cmpstr (line, ==, "R8: 甲 乙");
  g_assert_cmpstr (label, ==, "R8");
  g_assert_true (G_TYPE_IS_BOXED (KIOSK_TYPE_PERSON));
  g_assert_true (G_TYPE_IS_BOXED (KIOSK_TYPE_CARD));
  g_assert_true (G_TYPE_IS_BOXED (KIOSK_TYPE_REFUSAL));
  g_assert_true (G_TYPE_IS_BOXED (KIOSK_TYPE_POLICY));
}

static void
test_bad_input_fails_closed (void)
{
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  g_autoptr (KioskPerson) person = person_new ();
  GDate invalid;
  g_autoptr (KioskRefusal) no_person = NULL;
  g_autoptr (KioskRefusal) no_date = NULL;

  g_date_clear (&invalid, 1);
  person->cross_province_registered = TRUE;
  g_test_expect_message ("kiosk-rules", G_LOG_LEVEL_CRITICAL, "*person*");
  no_person = kiosk_rules_check_green_channel (NULL, policy, &invalid);
  g_test_assert_expected_messages ();
  assert_refused (no_person, 4);
  g_test_expect_message ("kiosk-rules", G_LOG_LEVEL_CRITICAL, "*today*");
  no_date = kiosk_rules_check_green_channel (person, policy, &invalid);
  g_test_assert_expected_messages ();
  assert_refused (no_date, 4);
}

/* No refusal or guidance ever carries the person's name or ID number. */
static void
test_no_personal_data (void)
{
  g_autoptr (KioskPolicy) policy = kiosk_policy_new_default ();
  GDate today = day (2024, 5, 6);

  for (guint variant = 0; variant < 6; variant++)
    {
      g_autoptr (KioskPerson) person = variant % 2 ? holder_new () : person_new ();
      g_autoptr (GPtrArray) verdicts = NULL;
      g_autoptr (GPtrArray) guidance = NULL;
      KioskCard *card = kiosk_person_current_card (person);

      person->deceased = variant == 5;
      person->newly_insured = variant >= 2;
      person->hospitalised_on_old_card = TRUE;
      if (card != NULL && variant == 3)
        card->temporary_loss_on = plus (today, -2);
      verdicts = kiosk_rules_evaluate_all (person, NULL, policy, &today);
      guidance = kiosk_rules_guidance (person, NULL, policy, &today);
      for (guint v = 0; v < verdicts->len; v++)
        {
          const KioskRefusal *r
              = ((KioskServiceVerdict *) g_ptr_array_index (verdicts, v))->refusal;

          if (r == NULL)
            continue;
          g_assert_null (strstr (r->message, NAME));
          g_assert_null (strstr (r->remedy, ID_NUMBER));
          g_assert_null (strstr (r->remedy, NAME));
          g_assert_null (strstr (r->message, "A12345678"));
        }
      for (guint g = 0; g < guidance->len; g++)
        {
          const KioskGuidance *item = g_ptr_array_index (guidance, g);

          g_assert_true (g_utf8_validate (item->text, -1, NULL));
          g_assert_null (strstr (item->text, NAME));
          g_assert_null (strstr (item->text, ID_NUMBER));
        }
    }
}

int
main (int argc, char **argv)
{
  /* No G_TEST_OPTION_ISOLATE_DIRS: these tests write no files, and GLib 2.74
   * leaks the per-test XDG paths it sets, which LeakSanitizer reports. */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rules/R1/application", test_r1_application);
  g_test_add_func ("/rules/R2/not-insured", test_r2_not_insured);
  g_test_add_func ("/rules/R3/failure-texts", test_r3_failure_texts);
  g_test_add_func ("/rules/R3/failed-pre-account-may-reapply",
                   test_r3_failed_pre_account_may_reapply);
  g_test_add_func ("/rules/R4/allowed", test_r4_allowed);
  g_test_add_func ("/rules/R4/not-registered", test_r4_not_registered);
  g_test_add_func ("/rules/R4/already-applied", test_r4_already_applied);
  g_test_add_func ("/rules/R5/exactly-one-bank", test_r5_one_bank);
  g_test_add_func ("/rules/R6/allowed", test_r6_allowed);
  g_test_add_func ("/rules/R6/not-collected", test_r6_not_collected);
  g_test_add_func ("/rules/R6/already-lost", test_r6_already_lost);
  g_test_add_func ("/rules/R6/lapsed-may-report-again", test_r6_lapsed_may_report_again);
  g_test_add_func ("/rules/R6/temporary-card-is-R15", test_r6_temporary_card_is_r15);
  g_test_add_func ("/rules/R7/unblock-any-day-before-formal-loss", test_r7_unblock);
  g_test_add_func ("/rules/R7/lapsed-needs-no-unblock", test_r7_lapsed_needs_no_unblock);
  g_test_add_func ("/rules/R8/day-counting", test_r8_day_counting);
  g_test_add_func ("/rules/R8/day1-allowed", test_r8_day1_allowed);
  g_test_add_func ("/rules/R8/day7-allowed", test_r8_day7_allowed);
  g_test_add_func ("/rules/R8/day8-refer", test_r8_day8_refer);
  g_test_add_func ("/rules/R8/day8-lapse", test_r8_day8_lapse);
  g_test_add_func ("/rules/R8/no-lapse-after-one-formal-loss",
                   test_r8_lapse_not_after_one_formal_loss);
  g_test_add_func ("/rules/R8/no-temporary-loss", test_r8_no_temporary_loss);
  g_test_add_func ("/rules/R8/separate-functions", test_r8_separate_functions);
  g_test_add_func ("/rules/R8/guidance-deadline", test_r8_guidance_deadline);
  g_test_add_func ("/rules/R8/future-loss-date", test_r8_future_loss_date);
  g_test_add_func ("/rules/R9/formal-loss-blocks-unblock-forever",
                   test_r9_formal_loss_blocks_unblock_forever);
  g_test_add_func ("/rules/R10/replacement", test_r10_replacement);
  g_test_add_func ("/rules/R10/fee", test_r10_fee);
  g_test_add_func ("/rules/R11/proxy-always-referred", test_r11_proxy_always_referred);
  g_test_add_func ("/rules/R12/newly-insured-allowed", test_r12_newly_insured_allowed);
  g_test_add_func ("/rules/R12/card-in-production-allowed", test_r12_card_in_production_allowed);
  g_test_add_func ("/rules/R12/refusals", test_r12_refusals);
  g_test_add_func ("/rules/R12/old-medical-card", test_r12_old_medical_card);
  g_test_add_func ("/rules/R12/one-valid-temporary-card", test_r12_one_valid_temporary_card);
  g_test_add_func ("/rules/R13/default-60-days", test_r13_default_validity);
  g_test_add_func ("/rules/R13/six-months-minus-one-day", test_r13_six_months_minus_one_day);
  g_test_add_func ("/rules/R13/six-months", test_r13_six_months);
  g_test_add_func ("/rules/R13/six-months-plus-one-day", test_r13_six_months_plus_one_day);
  g_test_add_func ("/rules/R13/never-beyond-six-months", test_r13_never_beyond_six_months);
  g_test_add_func ("/rules/R13/expiry", test_r13_expiry);
  g_test_add_func ("/rules/R14/hand-back-on-collection", test_r14_hand_back_on_collection);
  g_test_add_func ("/rules/R14/no-temporary-replacement-after-collection",
                   test_r14_no_temporary_replacement_after_collection);
  g_test_add_func ("/rules/R15/temporary-card-replaced-for-fee",
                   test_r15_temporary_card_replaced_for_fee);
  g_test_add_func ("/rules/R16/progress-stages", test_r16_progress_stages);
  g_test_add_func ("/rules/R16/progress-query", test_r16_progress_query);
  g_test_add_func ("/rules/R17/every-service-refused", test_r17_every_service_refused);
  g_test_add_func ("/rules/R17/guidance", test_r17_guidance);
  g_test_add_func ("/rules/R18/activate-at-bank", test_r18_activate_at_bank);
  g_test_add_func ("/rules/R19/social-activation", test_r19_social_activation);
  g_test_add_func ("/rules/R20/usable-day-after-activation", test_r20_usable_day_after_activation);
  g_test_add_func ("/rules/R21/hospitalised", test_r21_hospitalised);
  g_test_add_func ("/rules/R22/receipt", test_r22_receipt);
  g_test_add_func ("/rules/R23/flag-in-guidance", test_r23_flag_in_guidance);
  g_test_add_func ("/rules/services-named", test_services_named);
  g_test_add_func ("/rules/evaluate-all-holder", test_evaluate_all_holder);
  g_test_add_func ("/rules/copies-are-deep", test_copies_are_deep);
  g_test_add_func ("/rules/bad-input-fails-closed", test_bad_input_fails_closed);
  g_test_add_func ("/rules/no-personal-data", test_no_personal_data);

  return g_test_run ();
}
