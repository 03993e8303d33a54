/* kiosk-rules.c — application, green channel, temporary card, progress, proxy
 *
 * Loss, unblock and replacement are in kiosk-rules-loss.c, guidance in
 * kiosk-rules-guidance.c. Every function is pure: same arguments, same answer.
 */
#include "config.h"

#define G_LOG_DOMAIN "kiosk-rules"

#include "kiosk-rules-private.h"

/* ---- helpers shared with the other kiosk-rules*.c ---- */

KioskRefusal *
kiosk_rules_refuse_bad_input (int rule)
{
  return kiosk_refusal_new (rule, "系统暂时无法办理此项业务。",
                            "请本人持身份证到" KIOSK_RULES_WINDOW_NAME "办理。", NULL);
}

KioskRefusal *
kiosk_rules_refuse_deceased (const KioskCard *card)
{
  return kiosk_refusal_new (17, "按规定，不能为已故人员办理社会保障卡业务，其社会保障卡不得激活。",
                            "请由单位经办人将卡交至" KIOSK_RULES_WINDOW_NAME
                            "，由联名银行统一交回信息中心。",
                            kiosk_rules_window_of (card));
}

const KioskCard *
kiosk_rules_resolve_card (const KioskPerson *person, const KioskCard *card)
{
  if (card != NULL)
    return card;
  return person != NULL ? kiosk_person_current_card (person) : NULL;
}

const char *
kiosk_rules_window_of (const KioskCard *card)
{
  return card != NULL ? card->window : NULL;
}

char *
kiosk_rules_date_text (const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return g_strdup ("（日期不详）");
  return g_strdup_printf ("%u年%u月%u日", (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date), (guint) g_date_get_day (date));
}

char *
kiosk_rules_fee_text (guint fen)
{
  if (fen % 100 == 0)
    return g_strdup_printf ("%u元", fen / 100);
  return g_strdup_printf ("%u.%02u元", fen / 100, fen % 100);
}

GDate
kiosk_rules_date_plus_days (const GDate *date, int days)
{
  GDate result = *date;

  if (days > 0)
    g_date_add_days (&result, (guint) days);
  else if (days < 0)
    g_date_subtract_days (&result, (guint) -days);
  return result;
}

const KioskCard *
kiosk_rules_applied_card (const KioskPerson *person)
{
  const KioskCard *current = kiosk_person_current_card (person);

  if (current != NULL && current->stage != KIOSK_CARD_STAGE_PRE_ACCOUNT_FAILED)
    return current;
  for (guint i = 0; person->cards != NULL && i < person->cards->len; i++)
    {
      const KioskCard *card = g_ptr_array_index (person->cards, i);

      if (card->kind == KIOSK_CARD_KIND_FORMAL
          && card->stage != KIOSK_CARD_STAGE_PRE_ACCOUNT_FAILED)
        return card;
    }
  return NULL;
}

KioskRefusal *
kiosk_rules_refuse_existing_card (int rule,
                                  const char *message,
                                  const KioskCard *card,
                                  const KioskPolicy *policy,
                                  const GDate *today)
{
  g_autofree char *fee = kiosk_rules_fee_text (policy->replacement_fee_fen);
  g_autofree char *remedy = NULL;

  switch (card->stage)
    {
      case KIOSK_CARD_STAGE_APPLIED:
      case KIOSK_CARD_STAGE_PRE_ACCOUNT:
      case KIOSK_CARD_STAGE_IN_PRODUCTION:
      case KIOSK_CARD_STAGE_PRE_ACCOUNT_FAILED:
        remedy = g_strdup ("您的卡正在制作中，可以在本机查询制卡进度；"
                           "如没有可用的一代医保卡，可以办理临时卡。");
        break;
      case KIOSK_CARD_STAGE_AT_WINDOW:
        remedy = g_strdup ("您的卡已制成，请本人持身份证到领卡网点领取。");
        break;
      case KIOSK_CARD_STAGE_COLLECTED:
      case KIOSK_CARD_STAGE_FINANCIAL_ACTIVE:
      case KIOSK_CARD_STAGE_SOCIAL_ACTIVE:
      default:
        if (card->replaced)
          remedy = g_strdup ("请使用补办的新卡；如新卡丢失，请先办理临时挂失。");
        else if (kiosk_card_formally_lost (card, KIOSK_CARD_FUNCTION_BOTH) || card->damaged)
          remedy = g_strdup_printf (
              "请本人持有效身份证件到" KIOSK_RULES_WINDOW_NAME "办理补卡，工本费%s。", fee);
        else
          remedy = g_strdup ("请使用您已有的社会保障卡；如卡丢失，请先办理临时挂失。");
        break;
    }
  return kiosk_refusal_new (rule, message, remedy, kiosk_rules_window_of (card));
}

/* ---- R1, R2, R3: application ---- */

static KioskRefusal *
refuse_not_insured (void)
{
  return kiosk_refusal_new (2, "您还没有完成参保登记，暂时不能申领社会保障卡。",
                            "请先由参保单位到医疗保险经办机构办理参保登记，再申领社会保障卡。",
                            NULL);
}

KioskRefusal *
kiosk_rules_check_application (const KioskPerson *person,
                               const KioskPolicy *policy,
                               const GDate *today)
{
  const KioskCard *applied;

  KIOSK_RULES_CHECK_ARGS (person, policy, today, 1);

  if (person->deceased)
    return kiosk_rules_refuse_deceased (NULL);
  if (!person->insured)
    return refuse_not_insured ();
  applied = kiosk_rules_applied_card (person);
  if (applied != NULL)
    return kiosk_rules_refuse_existing_card (1, "您已经申领过社会保障卡，不能重复申领。", applied,
                                             policy, today);
  return NULL;
}

/* ---- R5: the co-branded bank ---- */

static const char *const banks[] = {
  "工商银行", "农业银行", "中国银行", "建设银行", "交通银行", "邮储银行", "吉林银行", NULL,
};

const char *const *
kiosk_rules_banks (void)
{
  return banks;
}

KioskRefusal *
kiosk_rules_check_bank_choice (const char *const *chosen)
{
  g_autoptr (GPtrArray) distinct = g_ptr_array_new ();
  g_autofree char *list = g_strjoinv ("、", (char **) banks);
  g_autofree char *remedy = g_strdup_printf ("请从以下联名银行中选择一家：%s。", list);

  for (guint i = 0; chosen != NULL && chosen[i] != NULL; i++)
    {
      if (!g_strv_contains (banks, chosen[i]))
        return kiosk_refusal_new (5, "所选银行不是社会保障卡联名银行。", remedy, NULL);
      if (!g_ptr_array_find_with_equal_func (distinct, chosen[i], g_str_equal, NULL))
        g_ptr_array_add (distinct, (gpointer) chosen[i]);
    }
  if (distinct->len == 0)
    return kiosk_refusal_new (5, "还没有选择联名银行。", remedy, NULL);
  if (distinct->len > 1)
    return kiosk_refusal_new (5, "联名银行只能选择一家。", remedy, NULL);
  return NULL;
}

/* ---- R4: green channel ---- */

KioskRefusal *
kiosk_rules_check_green_channel (const KioskPerson *person,
                                 const KioskPolicy *policy,
                                 const GDate *today)
{
  const KioskCard *applied;

  KIOSK_RULES_CHECK_ARGS (person, policy, today, 4);

  if (person->deceased)
    return kiosk_rules_refuse_deceased (NULL);
  if (!person->insured)
    return refuse_not_insured ();
  if (!person->cross_province_registered)
    return kiosk_refusal_new (
        4, "绿色通道即时制卡只为已办理跨省异地就医登记备案的参保人员办理。",
        "如需跨省异地就医，请先到医疗保险经办机构办理登记备案；"
        "普通申领请由参保单位统一办理，或本人持身份证到" KIOSK_RULES_WINDOW_NAME "申领。",
        NULL);
  applied = kiosk_rules_applied_card (person);
  if (applied != NULL)
    return kiosk_rules_refuse_existing_card (
        4, "您已经申领过二代社会保障卡，不能通过绿色通道再次办理。", applied, policy, today);
  return NULL;
}

/* ---- R12, R13: temporary card ---- */

static gboolean
card_in_production (const KioskCard *card)
{
  return card != NULL
         && (card->stage == KIOSK_CARD_STAGE_APPLIED || card->stage == KIOSK_CARD_STAGE_PRE_ACCOUNT
             || card->stage == KIOSK_CARD_STAGE_IN_PRODUCTION);
}

static gboolean
old_medical_card_usable (const KioskPerson *person, const KioskPolicy *policy, const GDate *today)
{
  if (!person->has_usable_old_medical_card)
    return FALSE;
  /* R21: the old card is void after its end date, whatever the center says. */
  return !g_date_valid (&policy->old_medical_card_end)
         || g_date_compare (today, &policy->old_medical_card_end) <= 0;
}

KioskRefusal *
kiosk_rules_check_temporary_card (const KioskPerson *person,
                                  const KioskPolicy *policy,
                                  const GDate *today)
{
  const KioskCard *current;
  const KioskCard *temporary;

  KIOSK_RULES_CHECK_ARGS (person, policy, today, 12);

  current = kiosk_person_current_card (person);
  if (person->deceased)
    return kiosk_rules_refuse_deceased (current);
  if (!person->insured)
    return refuse_not_insured ();

  if (current != NULL && kiosk_card_in_hand (current)
      && !kiosk_card_formally_lost (current, KIOSK_CARD_FUNCTION_BOTH))
    return kiosk_refusal_new (12, "您已经领取了社会保障卡，不需要办理临时卡。",
                              "如卡丢失，请办理挂失和补卡；补卡制作期间可以办理临时卡。",
                              kiosk_rules_window_of (current));
  if (current != NULL && current->stage == KIOSK_CARD_STAGE_AT_WINDOW)
    return kiosk_refusal_new (12, "您的社会保障卡已经制成，不需要办理临时卡。",
                              "请本人持身份证到领卡网点领取社会保障卡。",
                              kiosk_rules_window_of (current));

  temporary = kiosk_person_temporary_card (person);
  if (temporary != NULL && kiosk_rules_temporary_card_valid (temporary, today))
    {
      g_autofree char *until = kiosk_rules_date_text (&temporary->temporary_valid_until);
      g_autofree char *message = g_strdup_printf ("您已经有一张有效的临时卡，有效期至%s。", until);

      return kiosk_refusal_new (12, message, "临时卡丢失或损坏的，请本人持身份证按规定缴费补办。",
                                kiosk_rules_window_of (temporary));
    }

  if (!person->newly_insured && !card_in_production (current))
    {
      if (current != NULL && current->stage == KIOSK_CARD_STAGE_PRE_ACCOUNT_FAILED)
        {
          g_autofree char *message = g_strdup_printf (
              "您的社会保障卡因银行预开户未成功（%s）暂停制作，暂时不能办理临时卡。",
              kiosk_pre_account_failure_to_label (current->pre_account_failure));
          const char *remedy = kiosk_pre_account_failure_to_remedy (current->pre_account_failure);

          return kiosk_refusal_new (
              3, message,
              remedy[0] != '\0' ? remedy : "请本人持身份证到" KIOSK_RULES_WINDOW_NAME "重新申领。",
              kiosk_rules_window_of (current));
        }
      if (current != NULL && kiosk_card_in_hand (current))
        {
          g_autofree char *fee = kiosk_rules_fee_text (policy->replacement_fee_fen);
          g_autofree char *remedy = g_strdup_printf (
              "请先本人持有效身份证件到" KIOSK_RULES_WINDOW_NAME "办理补卡（工本费%s），"
              "补卡制作期间可以办理临时卡。",
              fee);

          return kiosk_refusal_new (12, "您的社会保障卡已正式挂失，补卡制作期间才可以办理临时卡。",
                                    remedy, kiosk_rules_window_of (current));
        }
      return kiosk_refusal_new (12, "临时卡只为新参保人员和社会保障卡正在制作中的人员办理。",
                                "如还没有申领社会保障卡，请先申领。",
                                kiosk_rules_window_of (current));
    }

  if (old_medical_card_usable (person, policy, today))
    {
      g_autofree char *end = kiosk_rules_date_text (&policy->old_medical_card_end);
      g_autofree char *remedy
          = g_strdup_printf ("请继续使用一代医保卡就医结算（有效期至%s）。", end);

      return kiosk_refusal_new (12, "您的一代医保卡仍可以使用，不需要办理临时卡。", remedy, NULL);
    }
  return NULL;
}

GDate
kiosk_rules_temporary_card_valid_until (const KioskPolicy *policy, const GDate *today)
{
  GDate until;
  GDate limit;
  guint days;

  g_date_clear (&until, 1);
  g_return_val_if_fail (policy != NULL, until);
  g_return_val_if_fail (today != NULL && g_date_valid (today), until);

  /* 366 only keeps g_date_add_days() in range; R13 below is the real limit. */
  days = CLAMP (policy->temporary_card_validity_days, 1, 366);
  until = *today;
  g_date_add_days (&until, days);

  /* R13 is the law; a configured value never exceeds it (181 days fits
   * every issue day), this protects a policy made by hand. */
  limit = *today;
  g_date_add_months (&limit, 6);
  if (g_date_compare (&until, &limit) > 0)
    until = limit;
  return until;
}

KioskRefusal *
kiosk_rules_check_temporary_validity (const GDate *issued_on, const GDate *valid_until)
{
  GDate limit;

  if (issued_on == NULL || valid_until == NULL || !g_date_valid (issued_on)
      || !g_date_valid (valid_until) || g_date_compare (valid_until, issued_on) < 0)
    return kiosk_refusal_new (13, "临时卡的有效期信息有误。",
                              "请本人持身份证到" KIOSK_RULES_WINDOW_NAME "核实。", NULL);
  limit = *issued_on;
  g_date_add_months (&limit, 6);
  if (g_date_compare (valid_until, &limit) > 0)
    return kiosk_refusal_new (13, "临时卡的有效期最长不超过6个月。",
                              "请本人持身份证到" KIOSK_RULES_WINDOW_NAME "核实临时卡有效期。",
                              NULL);
  return NULL;
}

gboolean
kiosk_rules_temporary_card_valid (const KioskCard *card, const GDate *today)
{
  g_return_val_if_fail (card != NULL, FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);

  if (card->kind != KIOSK_CARD_KIND_TEMPORARY || card->handed_back || card->replaced)
    return FALSE;
  if (!g_date_valid (&card->temporary_valid_until)
      || g_date_compare (today, &card->temporary_valid_until) > 0)
    return FALSE;
  if (g_date_valid (&card->issued_on))
    {
      g_autoptr (KioskRefusal) refusal
          = kiosk_rules_check_temporary_validity (&card->issued_on, &card->temporary_valid_until);

      if (refusal != NULL || g_date_compare (today, &card->issued_on) < 0)
        return FALSE;
    }
  return TRUE;
}

/* ---- R14: collecting the formal card ---- */

KioskRefusal *
kiosk_rules_check_collection (const KioskPerson *person,
                              const KioskCard *card,
                              const KioskPolicy *policy,
                              const GDate *today)
{
  KIOSK_RULES_CHECK_ARGS (person, policy, today, 14);

  card = kiosk_rules_resolve_card (person, card);
  if (person->deceased)
    return kiosk_rules_refuse_deceased (card);
  if (card == NULL || card->kind != KIOSK_CARD_KIND_FORMAL)
    return kiosk_refusal_new (
        16, "未查询到待领取的社会保障卡。",
        "请拨打12333查询制卡进度，或本人持身份证到" KIOSK_RULES_WINDOW_NAME "咨询。", NULL);
  if (card->stage != KIOSK_CARD_STAGE_AT_WINDOW)
    {
      g_autofree char *progress = kiosk_rules_progress_text (card);

      return kiosk_refusal_new (16, "您的社会保障卡目前不在待领取状态。", progress,
                                kiosk_rules_window_of (card));
    }
  if (kiosk_person_temporary_card (person) != NULL)
    return kiosk_refusal_new (14, "领取正式卡时须交回临时卡，交回后正式卡才能正常启用。",
                              "请携带临时卡和本人身份证到领卡网点领取正式卡。",
                              kiosk_rules_window_of (card));
  return NULL;
}

/* ---- R16: progress ---- */

KioskRefusal *
kiosk_rules_check_progress (const KioskPerson *person,
                            const KioskPolicy *policy,
                            const GDate *today)
{
  KIOSK_RULES_CHECK_ARGS (person, policy, today, 16);

  if (person->deceased)
    return kiosk_rules_refuse_deceased (kiosk_person_current_card (person));
  if (kiosk_person_current_card (person) == NULL)
    return kiosk_refusal_new (16, "未查询到您的制卡信息。",
                              "如还没有申领社会保障卡，请先申领；也可以拨打12333咨询。", NULL);
  return NULL;
}

char *
kiosk_rules_progress_text (const KioskCard *card)
{
  g_return_val_if_fail (card != NULL, NULL);

  if (card->kind == KIOSK_CARD_KIND_TEMPORARY)
    {
      g_autofree char *until = kiosk_rules_date_text (&card->temporary_valid_until);

      if (card->handed_back)
        return g_strdup ("临时卡已交回。");
      return g_strdup_printf ("临时卡，有效期至%s。", until);
    }
  if (card->replaced)
    return g_strdup ("此卡已补办新卡，原卡作废。");

  switch (card->stage)
    {
      case KIOSK_CARD_STAGE_APPLIED:
        return g_strdup ("已受理申领，等待银行预开户。");
      case KIOSK_CARD_STAGE_PRE_ACCOUNT:
        return g_strdup ("银行预开户办理中。");
      case KIOSK_CARD_STAGE_PRE_ACCOUNT_FAILED:
        return g_strdup_printf ("银行预开户未成功（%s）。%s",
                                kiosk_pre_account_failure_to_label (card->pre_account_failure),
                                kiosk_pre_account_failure_to_remedy (card->pre_account_failure));
      case KIOSK_CARD_STAGE_IN_PRODUCTION:
        return g_strdup ("制卡中，制成后请到领卡网点领取。");
      case KIOSK_CARD_STAGE_AT_WINDOW:
        return g_strdup ("已制成，请本人持身份证到领卡网点领取。");
      case KIOSK_CARD_STAGE_COLLECTED:
        return g_strdup ("已领取，金融功能尚未激活。");
      case KIOSK_CARD_STAGE_FINANCIAL_ACTIVE:
        return g_strdup ("已领取，金融功能已激活。");
      case KIOSK_CARD_STAGE_SOCIAL_ACTIVE:
        return g_strdup ("已领取，金融功能和社保功能均已激活。");
      default:
        return g_strdup ("制卡进度不详，请拨打12333咨询。");
    }
}

/* ---- R11: proxy ---- */

KioskRefusal *
kiosk_rules_check_proxy (const KioskPerson *person,
                         const KioskCard *card,
                         const KioskPolicy *policy,
                         const GDate *today)
{
  KIOSK_RULES_CHECK_ARGS (person, policy, today, 11);

  card = kiosk_rules_resolve_card (person, card);
  if (person->deceased)
    return kiosk_rules_refuse_deceased (card);
  return kiosk_refusal_new (
      11, "代办业务需要核验持卡人的户口本，本机无法办理。",
      "请代办人携带本人身份证、持卡人的身份证和户口本，到" KIOSK_RULES_WINDOW_NAME "办理。",
      kiosk_rules_window_of (card));
}

/* ---- R20: usable ---- */

gboolean
kiosk_rules_card_usable (const KioskCard *card, const GDate *today)
{
  g_return_val_if_fail (card != NULL, FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);

  if (card->kind == KIOSK_CARD_KIND_TEMPORARY)
    return kiosk_rules_temporary_card_valid (card, today);
  if (card->replaced || kiosk_card_formally_lost (card, KIOSK_CARD_FUNCTION_BOTH)
      || !kiosk_card_in_hand (card))
    return FALSE;
  return g_date_valid (&card->financial_activated_on)
         && g_date_compare (today, &card->financial_activated_on) > 0;
}

/* ---- every service ---- */

KioskRefusal *
kiosk_rules_check_service (KioskService service,
                           const KioskPerson *person,
                           const KioskCard *card,
                           const KioskPolicy *policy,
                           const GDate *today)
{
  switch (service)
    {
      case KIOSK_SERVICE_APPLICATION:
        return kiosk_rules_check_application (person, policy, today);
      case KIOSK_SERVICE_GREEN_CHANNEL:
        return kiosk_rules_check_green_channel (person, policy, today);
      case KIOSK_SERVICE_TEMPORARY_LOSS:
        return kiosk_rules_check_temporary_loss (person, card, policy, today);
      case KIOSK_SERVICE_FORMAL_LOSS_SOCIAL:
        return kiosk_rules_check_formal_loss (person, card, KIOSK_CARD_FUNCTION_SOCIAL, policy,
                                              today);
      case KIOSK_SERVICE_FORMAL_LOSS_FINANCIAL:
        return kiosk_rules_check_formal_loss (person, card, KIOSK_CARD_FUNCTION_FINANCIAL, policy,
                                              today);
      case KIOSK_SERVICE_UNBLOCK:
        return kiosk_rules_check_unblock (person, card, policy, today);
      case KIOSK_SERVICE_REPLACEMENT:
        return kiosk_rules_check_replacement (person, card, policy, today);
      case KIOSK_SERVICE_TEMPORARY_CARD:
        return kiosk_rules_check_temporary_card (person, policy, today);
      case KIOSK_SERVICE_PROGRESS:
        return kiosk_rules_check_progress (person, policy, today);
      case KIOSK_SERVICE_PROXY:
        return kiosk_rules_check_proxy (person, card, policy, today);
      default:
        g_return_val_if_reached (kiosk_rules_refuse_bad_input (1));
    }
}

GPtrArray *
kiosk_rules_evaluate_all (const KioskPerson *person,
                          const KioskCard *card,
                          const KioskPolicy *policy,
                          const GDate *today)
{
  GPtrArray *verdicts
      = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_service_verdict_free);

  for (guint s = 0; s <= KIOSK_SERVICE_LAST; s++)
    g_ptr_array_add (verdicts,
                     kiosk_service_verdict_new ((KioskService) s,
                                                kiosk_rules_check_service ((KioskService) s, person,
                                                                           card, policy, today)));
  return verdicts;
}
