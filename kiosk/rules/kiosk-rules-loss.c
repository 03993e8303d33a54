/* kiosk-rules-loss.c — temporary loss (R6), formal loss (R8), unblock (R7,
 * R9), replacement (R10, R15) and the day counting they share
 *
 * Day counting: the day of the temporary loss is day 1. A formal loss is
 * allowed on days 1–7. From day 8 the policy temp_loss_after_7_days decides:
 * - refer_to_window: the card stays lost; the kiosk does no formal loss any
 *   more (a window decides), an unblock is still allowed (R7 sets no limit);
 * - lapse: the temporary loss has lapsed and the card counts as normal again:
 *   no unblock is needed, a formal loss needs a new temporary loss first.
 *   Once either function is formally lost nothing lapses (R9): day 8+ is then
 *   always a matter for a window.
 * The center keeps temporary_loss_on after a formal loss of one function.
 */
#include "config.h"

#define G_LOG_DOMAIN "kiosk-rules"

#include "kiosk-rules-private.h"

int
kiosk_rules_temporary_loss_day (const KioskCard *card, const GDate *today)
{
  int between;

  g_return_val_if_fail (card != NULL, 0);
  g_return_val_if_fail (today != NULL && g_date_valid (today), 0);

  if (!g_date_valid (&card->temporary_loss_on))
    return 0;
  between = g_date_days_between (&card->temporary_loss_on, today);
  if (between < 0)
    return -1;
  return between + 1;
}

KioskTempLossState
kiosk_rules_temporary_loss_state (const KioskCard *card,
                                  const KioskPolicy *policy,
                                  const GDate *today)
{
  int day;

  g_return_val_if_fail (card != NULL, KIOSK_TEMP_LOSS_STATE_INVALID);
  g_return_val_if_fail (policy != NULL, KIOSK_TEMP_LOSS_STATE_INVALID);
  g_return_val_if_fail (today != NULL && g_date_valid (today), KIOSK_TEMP_LOSS_STATE_INVALID);

  day = kiosk_rules_temporary_loss_day (card, today);
  if (day == 0)
    return KIOSK_TEMP_LOSS_STATE_NONE;
  if (day < 0)
    return KIOSK_TEMP_LOSS_STATE_INVALID;
  if (day <= KIOSK_RULES_FORMAL_LOSS_DAYS)
    return KIOSK_TEMP_LOSS_STATE_OPEN;
  if (kiosk_card_formally_lost (card, KIOSK_CARD_FUNCTION_BOTH))
    return KIOSK_TEMP_LOSS_STATE_OVERDUE;
  if (policy->temp_loss_after_7_days == KIOSK_TEMP_LOSS_AFTER_7_DAYS_LAPSE)
    return KIOSK_TEMP_LOSS_STATE_LAPSED;
  return KIOSK_TEMP_LOSS_STATE_OVERDUE;
}

static KioskRefusal *
refuse_no_card (int rule)
{
  return kiosk_refusal_new (rule, "未查询到您名下的社会保障卡。",
                            "请拨打12333咨询，或本人持身份证到" KIOSK_RULES_WINDOW_NAME "办理。",
                            NULL);
}

static KioskRefusal *
refuse_not_in_hand (int rule, const KioskCard *card)
{
  if (card->stage == KIOSK_CARD_STAGE_AT_WINDOW)
    return kiosk_refusal_new (rule, "您的社会保障卡还没有领取，不需要办理此项业务。",
                              "请本人持身份证到领卡网点领取社会保障卡。",
                              kiosk_rules_window_of (card));
  return kiosk_refusal_new (rule, "您的社会保障卡还在制作中，不需要办理此项业务。",
                            "可以在本机查询制卡进度。", kiosk_rules_window_of (card));
}

static KioskRefusal *
refuse_replaced (int rule, const KioskCard *card)
{
  return kiosk_refusal_new (rule, "此卡已经补办新卡，原卡已作废。", "请使用补办的新卡。",
                            kiosk_rules_window_of (card));
}

static KioskRefusal *
refuse_bad_loss_date (int rule, const KioskCard *card)
{
  return kiosk_refusal_new (rule, "此卡的挂失日期信息有误，本机不能办理。",
                            "请本人持有效身份证件到" KIOSK_RULES_WINDOW_NAME "办理。",
                            kiosk_rules_window_of (card));
}

/* "YYYY年M月D日": day 7 of the temporary loss, the last day of a formal loss. */
static char *
formal_loss_deadline_text (const KioskCard *card)
{
  GDate last
      = kiosk_rules_date_plus_days (&card->temporary_loss_on, KIOSK_RULES_FORMAL_LOSS_DAYS - 1);

  return kiosk_rules_date_text (&last);
}

/* ---- R6 ---- */

KioskRefusal *
kiosk_rules_check_temporary_loss (const KioskPerson *person,
                                  const KioskCard *card,
                                  const KioskPolicy *policy,
                                  const GDate *today)
{
  KIOSK_RULES_CHECK_ARGS (person, policy, today, 6);

  card = kiosk_rules_resolve_card (person, card);
  if (person->deceased)
    return kiosk_rules_refuse_deceased (card);
  if (card == NULL)
    return refuse_no_card (6);
  if (card->kind == KIOSK_CARD_KIND_TEMPORARY)
    return kiosk_refusal_new (15, "临时卡不办理挂失。",
                              "临时卡丢失或损坏的，请本人持身份证到" KIOSK_RULES_WINDOW_NAME
                              "按规定缴费补办。",
                              kiosk_rules_window_of (card));
  if (card->replaced)
    return refuse_replaced (10, card);
  if (!kiosk_card_in_hand (card))
    return refuse_not_in_hand (6, card);
  if (kiosk_card_formally_lost (card, KIOSK_CARD_FUNCTION_BOTH))
    return kiosk_refusal_new (8, "此卡已经正式挂失，不需要再办理临时挂失。",
                              "补卡请本人持有效身份证件到" KIOSK_RULES_WINDOW_NAME "办理。",
                              kiosk_rules_window_of (card));

  switch (kiosk_rules_temporary_loss_state (card, policy, today))
    {
      case KIOSK_TEMP_LOSS_STATE_NONE:
      case KIOSK_TEMP_LOSS_STATE_LAPSED:
        return NULL;
      case KIOSK_TEMP_LOSS_STATE_OPEN:
        {
          g_autofree char *deadline = formal_loss_deadline_text (card);
          g_autofree char *remedy = g_strdup_printf (
              "如需正式挂失，请在%s前（含当日）办理；找到卡后请本人持身份证办理解挂。", deadline);

          return kiosk_refusal_new (6, "此卡已经临时挂失。", remedy, kiosk_rules_window_of (card));
        }
      case KIOSK_TEMP_LOSS_STATE_OVERDUE:
        return kiosk_refusal_new (6, "此卡已经临时挂失。",
                                  "请本人持有效身份证件到" KIOSK_RULES_WINDOW_NAME
                                  "办理正式挂失或解挂。",
                                  kiosk_rules_window_of (card));
      case KIOSK_TEMP_LOSS_STATE_INVALID:
      default:
        return refuse_bad_loss_date (6, card);
    }
}

/* ---- R8 ---- */

KioskRefusal *
kiosk_rules_check_formal_loss (const KioskPerson *person,
                               const KioskCard *card,
                               KioskCardFunction functions,
                               const KioskPolicy *policy,
                               const GDate *today)
{
  KIOSK_RULES_CHECK_ARGS (person, policy, today, 8);

  card = kiosk_rules_resolve_card (person, card);
  if (person->deceased)
    return kiosk_rules_refuse_deceased (card);
  if (functions == 0 || (functions & ~KIOSK_CARD_FUNCTION_BOTH) != 0)
    return kiosk_refusal_new (8, "请选择要正式挂失的功能：社保功能或金融功能。",
                              "社保功能和金融功能需要分别办理正式挂失。", NULL);
  if (card == NULL)
    return refuse_no_card (8);
  if (card->kind == KIOSK_CARD_KIND_TEMPORARY)
    return kiosk_refusal_new (15, "临时卡不办理挂失。",
                              "临时卡丢失或损坏的，请本人持身份证到" KIOSK_RULES_WINDOW_NAME
                              "按规定缴费补办。",
                              kiosk_rules_window_of (card));
  if (card->replaced)
    return refuse_replaced (10, card);
  if (!kiosk_card_in_hand (card))
    return refuse_not_in_hand (8, card);
  if (kiosk_card_formally_lost (card, functions))
    {
      KioskCardFunction lost
          = functions
            & ((card->formal_loss_social ? KIOSK_CARD_FUNCTION_SOCIAL : 0)
               | (card->formal_loss_financial ? KIOSK_CARD_FUNCTION_FINANCIAL : 0));
      g_autofree char *message = g_strdup_printf ("此卡的%s已经正式挂失，不需要重复办理。",
                                                  kiosk_card_function_to_label (lost));

      return kiosk_refusal_new (8, message,
                                "补卡请本人持有效身份证件到" KIOSK_RULES_WINDOW_NAME "办理。",
                                kiosk_rules_window_of (card));
    }

  switch (kiosk_rules_temporary_loss_state (card, policy, today))
    {
      case KIOSK_TEMP_LOSS_STATE_OPEN:
        return NULL;
      case KIOSK_TEMP_LOSS_STATE_NONE:
        if (kiosk_card_formally_lost (card, KIOSK_CARD_FUNCTION_BOTH))
          return kiosk_refusal_new (8, "此卡另一项功能的正式挂失须到窗口办理。",
                                    "请本人持有效身份证件到" KIOSK_RULES_WINDOW_NAME "办理。",
                                    kiosk_rules_window_of (card));
        return kiosk_refusal_new (8, "正式挂失须在临时挂失后7日内办理，此卡还没有临时挂失。",
                                  "请先办理临时挂失（可以在本机办理），再在7日内办理正式挂失。",
                                  kiosk_rules_window_of (card));
      case KIOSK_TEMP_LOSS_STATE_LAPSED:
        return kiosk_refusal_new (8, "此卡的临时挂失已超过7日，已经自动失效，卡恢复正常状态。",
                                  "如卡仍未找到，请重新办理临时挂失，再在7日内办理正式挂失。",
                                  kiosk_rules_window_of (card));
      case KIOSK_TEMP_LOSS_STATE_OVERDUE:
        return kiosk_refusal_new (8, "临时挂失已超过7日，本机不能办理正式挂失。",
                                  "请本人持有效身份证件到" KIOSK_RULES_WINDOW_NAME "办理。",
                                  kiosk_rules_window_of (card));
      case KIOSK_TEMP_LOSS_STATE_INVALID:
      default:
        return refuse_bad_loss_date (8, card);
    }
}

/* ---- R7, R9 ---- */

KioskRefusal *
kiosk_rules_check_unblock (const KioskPerson *person,
                           const KioskCard *card,
                           const KioskPolicy *policy,
                           const GDate *today)
{
  KIOSK_RULES_CHECK_ARGS (person, policy, today, 7);

  card = kiosk_rules_resolve_card (person, card);
  if (person->deceased)
    return kiosk_rules_refuse_deceased (card);
  if (card == NULL)
    return refuse_no_card (7);
  if (card->replaced)
    return refuse_replaced (10, card);
  if (kiosk_card_formally_lost (card, KIOSK_CARD_FUNCTION_BOTH))
    {
      g_autofree char *fee = kiosk_rules_fee_text (policy->replacement_fee_fen);
      g_autofree char *remedy = g_strdup_printf (
          "请本人持有效身份证件到" KIOSK_RULES_WINDOW_NAME "办理补卡，工本费%s。", fee);

      return kiosk_refusal_new (9, "此卡已经正式挂失，按规定不能解挂。", remedy,
                                kiosk_rules_window_of (card));
    }

  switch (card->kind == KIOSK_CARD_KIND_TEMPORARY
              ? KIOSK_TEMP_LOSS_STATE_NONE
              : kiosk_rules_temporary_loss_state (card, policy, today))
    {
      case KIOSK_TEMP_LOSS_STATE_OPEN:
      case KIOSK_TEMP_LOSS_STATE_OVERDUE:
        return NULL;
      case KIOSK_TEMP_LOSS_STATE_NONE:
        return kiosk_refusal_new (7, "此卡没有挂失，不需要解挂。", "您的卡可以照常使用。",
                                  kiosk_rules_window_of (card));
      case KIOSK_TEMP_LOSS_STATE_LAPSED:
        return kiosk_refusal_new (8, "此卡的临时挂失已超过7日，已经自动失效，卡恢复正常状态。",
                                  "不需要解挂，您的卡可以照常使用。", kiosk_rules_window_of (card));
      case KIOSK_TEMP_LOSS_STATE_INVALID:
      default:
        return refuse_bad_loss_date (7, card);
    }
}

/* ---- R10, R15 ---- */

guint
kiosk_rules_replacement_fee (const KioskCard *card, const KioskPolicy *policy)
{
  g_return_val_if_fail (card != NULL, 0);
  g_return_val_if_fail (policy != NULL, 0);

  return card->kind == KIOSK_CARD_KIND_TEMPORARY ? policy->temporary_card_fee_fen
                                                 : policy->replacement_fee_fen;
}

static KioskRefusal *
check_temporary_card_replacement (const KioskPerson *person,
                                  const KioskCard *card,
                                  const GDate *today)
{
  const KioskCard *formal = kiosk_person_current_card (person);

  if (card->handed_back)
    return kiosk_refusal_new (14, "此临时卡已经交回。", "请使用您的正式社会保障卡。",
                              kiosk_rules_window_of (card));
  if (card->replaced)
    return refuse_replaced (15, card);
  if (formal != NULL && kiosk_card_in_hand (formal)
      && !kiosk_card_formally_lost (formal, KIOSK_CARD_FUNCTION_BOTH))
    return kiosk_refusal_new (14, "您已经领取了正式社会保障卡，临时卡应当交回，不能补办。",
                              "请使用您的正式社会保障卡。", kiosk_rules_window_of (formal));
  if (!g_date_valid (&card->temporary_valid_until)
      || g_date_compare (today, &card->temporary_valid_until) > 0)
    return kiosk_refusal_new (13, "此临时卡已经超过有效期，不能补办。",
                              "如仍符合条件，可以重新办理临时卡。", kiosk_rules_window_of (card));
  return NULL;
}

KioskRefusal *
kiosk_rules_check_replacement (const KioskPerson *person,
                               const KioskCard *card,
                               const KioskPolicy *policy,
                               const GDate *today)
{
  KIOSK_RULES_CHECK_ARGS (person, policy, today, 10);

  card = kiosk_rules_resolve_card (person, card);
  if (person->deceased)
    return kiosk_rules_refuse_deceased (card);
  if (card == NULL)
    return refuse_no_card (10);
  if (card->kind == KIOSK_CARD_KIND_TEMPORARY)
    return check_temporary_card_replacement (person, card, today);
  if (card->replaced)
    return refuse_replaced (10, card);
  if (!kiosk_card_in_hand (card))
    return refuse_not_in_hand (10, card);
  if (card->damaged)
    return NULL;
  if (kiosk_card_formally_lost (card, KIOSK_CARD_FUNCTION_SOCIAL)
      && kiosk_card_formally_lost (card, KIOSK_CARD_FUNCTION_FINANCIAL))
    return NULL;

  if (kiosk_card_formally_lost (card, KIOSK_CARD_FUNCTION_BOTH))
    {
      KioskCardFunction missing
          = card->formal_loss_social ? KIOSK_CARD_FUNCTION_FINANCIAL : KIOSK_CARD_FUNCTION_SOCIAL;
      g_autofree char *message
          = g_strdup_printf ("补卡前须办理%s的正式挂失。", kiosk_card_function_to_label (missing));

      if (kiosk_rules_temporary_loss_state (card, policy, today) == KIOSK_TEMP_LOSS_STATE_OPEN)
        {
          g_autofree char *deadline = formal_loss_deadline_text (card);
          g_autofree char *remedy
              = g_strdup_printf ("请在%s前（含当日）办理%s的正式挂失后再补卡。", deadline,
                                 kiosk_card_function_to_label (missing));

          return kiosk_refusal_new (10, message, remedy, kiosk_rules_window_of (card));
        }
      return kiosk_refusal_new (10, message,
                                "请本人持有效身份证件到" KIOSK_RULES_WINDOW_NAME "办理。",
                                kiosk_rules_window_of (card));
    }

  switch (kiosk_rules_temporary_loss_state (card, policy, today))
    {
      case KIOSK_TEMP_LOSS_STATE_OPEN:
        return kiosk_refusal_new (10, "补卡前须先办理正式挂失。",
                                  "请先分别办理社保功能和金融功能的正式挂失，再办理补卡。",
                                  kiosk_rules_window_of (card));
      case KIOSK_TEMP_LOSS_STATE_OVERDUE:
      case KIOSK_TEMP_LOSS_STATE_INVALID:
        return kiosk_refusal_new (10, "补卡前须先办理正式挂失。",
                                  "请本人持有效身份证件到" KIOSK_RULES_WINDOW_NAME
                                  "办理正式挂失和补卡。",
                                  kiosk_rules_window_of (card));
      case KIOSK_TEMP_LOSS_STATE_NONE:
      case KIOSK_TEMP_LOSS_STATE_LAPSED:
      default:
        return kiosk_refusal_new (10, "补卡只为已正式挂失或损坏的卡办理。",
                                  "如卡丢失，请先办理临时挂失，再在7日内办理正式挂失；"
                                  "卡损坏的，请持卡和本人有效身份证件到" KIOSK_RULES_WINDOW_NAME
                                  "办理。",
                                  kiosk_rules_window_of (card));
    }
}
