/* kiosk-rules-guidance.c — what the citizen should know now (R8, R10, R13,
 * R14, R16–R23), as a list of texts each citing its rule */
#include "config.h"

#define G_LOG_DOMAIN "kiosk-rules"

#include "kiosk-rules-private.h"

static void
add (GPtrArray *list, int rule, const char *text)
{
  g_ptr_array_add (list, kiosk_guidance_new (rule, text));
}

static void
add_take (GPtrArray *list, int rule, char *text)
{
  add (list, rule, text);
  g_free (text);
}

static GPtrArray *
new_list (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_guidance_free);
}

static void
add_deceased (GPtrArray *list)
{
  add (list, 17,
       "按规定，已故人员的社会保障卡不得激活，本机不能办理相关业务。请由单位经办人将卡交至"
       "" KIOSK_RULES_WINDOW_NAME "，由联名银行统一交回信息中心。");
}

static void
add_loss (GPtrArray *list, const KioskCard *card, const KioskPolicy *policy, const GDate *today)
{
  g_autofree char *lost_on = kiosk_rules_date_text (&card->temporary_loss_on);

  if (kiosk_card_formally_lost (card, KIOSK_CARD_FUNCTION_BOTH))
    {
      g_autofree char *fee = kiosk_rules_fee_text (policy->replacement_fee_fen);

      add (list, 9, "此卡已经正式挂失，按规定不能再解挂。");
      add_take (list, 10,
                g_strdup_printf (
                    "补卡请本人持有效身份证件到" KIOSK_RULES_WINDOW_NAME "办理，工本费%s。", fee));
      return;
    }

  switch (kiosk_rules_temporary_loss_state (card, policy, today))
    {
      case KIOSK_TEMP_LOSS_STATE_OPEN:
        {
          GDate last = kiosk_rules_date_plus_days (&card->temporary_loss_on,
                                                   KIOSK_RULES_FORMAL_LOSS_DAYS - 1);
          g_autofree char *deadline = kiosk_rules_date_text (&last);

          add_take (list, 8,
                    g_strdup_printf ("您的卡已于%s临时挂失。如卡未找到，请在%s前（含当日）"
                                     "本人持有效身份证件分别办理社保功能和金融功能的正式挂失；"
                                     "找到卡后，请本人持身份证办理解挂。",
                                     lost_on, deadline));
          break;
        }
      case KIOSK_TEMP_LOSS_STATE_OVERDUE:
        add_take (list, 8,
                  g_strdup_printf ("您的卡已于%s临时挂失，已超过7日。正式挂失或解挂请本人持有效"
                                   "身份证件到" KIOSK_RULES_WINDOW_NAME "办理。",
                                   lost_on));
        break;
      case KIOSK_TEMP_LOSS_STATE_LAPSED:
        add_take (list, 8,
                  g_strdup_printf ("您的卡于%s办理的临时挂失已超过7日，已经自动失效，卡恢复正常"
                                   "状态。如卡仍未找到，请重新办理临时挂失。",
                                   lost_on));
        break;
      case KIOSK_TEMP_LOSS_STATE_INVALID:
        add (list, 8,
             "您的卡的挂失日期信息有误，请本人持有效身份证件到" KIOSK_RULES_WINDOW_NAME "核实。");
        break;
      case KIOSK_TEMP_LOSS_STATE_NONE:
      default:
        break;
    }
}

static void
add_activation (GPtrArray *list,
                const KioskPerson *person,
                const KioskCard *card,
                const KioskPolicy *policy,
                const GDate *today,
                gboolean receipt)
{
  gboolean financial = g_date_valid (&card->financial_activated_on);

  if (!financial)
    add_take (
        list, 18,
        g_strdup_printf ("请本人持卡和身份证到就近的%s网点激活金融功能（也可以由单位经办"
                         "人联系银行集中办理）。",
                         card->bank != NULL && card->bank[0] != '\0' ? card->bank : "联名银行"));
  if (financial && !card->social_activated)
    add (list, 19,
         "金融功能激活后，首次在定点医院或定点药店持卡交易即自动激活社保功能；此后原医保卡"
         "自动作废，医保个人账户资金不受影响。");

  if (!financial && receipt)
    add (list, 20, "社会保障卡在金融功能激活后的第二天起才能正常使用。");
  else if (financial && !kiosk_rules_card_usable (card, today)
           && g_date_compare (today, &card->financial_activated_on) <= 0)
    {
      GDate next = kiosk_rules_date_plus_days (&card->financial_activated_on, 1);
      g_autofree char *next_text = kiosk_rules_date_text (&next);

      add_take (list, 20,
                g_strdup_printf ("金融功能激活后的第二天起卡才能正常使用：您的卡从%s起可以使用。",
                                 next_text));
    }

  if (person->hospitalised_on_old_card && !card->social_activated)
    {
      g_autofree char *end = kiosk_rules_date_text (&policy->old_medical_card_end);

      add_take (list, 21,
                g_strdup_printf ("您正在持原医保卡住院：住院期间请不要激活新卡，以免影响出院结算；"
                                 "请持原医保卡办理出院结算后，再激活启用新卡。原医保卡有效期至%s。",
                                 end));
    }

  if (!financial)
    add (list, 22,
         "社会保障卡的金融功能必须激活，否则将影响养老保险待遇领取和医疗保险费用报销返款。");
}

static void
add_settlement (GPtrArray *list, const KioskPolicy *policy)
{
  if (policy->in_province_direct_settlement)
    add (list, 23, "省内异地就医已经实现社会保障卡直接结算，就诊时可以直接持卡结算。");
  else
    add (list, 23, "省内异地就医跨地区直接结算开通前，仍按现行方式办理结算。");
}

static int
compare_rule (gconstpointer a, gconstpointer b)
{
  const KioskGuidance *ga = *(KioskGuidance *const *) a;
  const KioskGuidance *gb = *(KioskGuidance *const *) b;

  return ga->rule - gb->rule;
}

GPtrArray *
kiosk_rules_guidance (const KioskPerson *person,
                      const KioskCard *card,
                      const KioskPolicy *policy,
                      const GDate *today)
{
  g_autoptr (GPtrArray) list = new_list ();
  const KioskCard *temporary;

  g_return_val_if_fail (person != NULL, new_list ());
  g_return_val_if_fail (policy != NULL, new_list ());
  g_return_val_if_fail (today != NULL && g_date_valid (today), new_list ());

  if (person->deceased)
    {
      add_deceased (list);
      return g_steal_pointer (&list);
    }

  card = kiosk_rules_resolve_card (person, card);
  temporary = kiosk_person_temporary_card (person);

  if (card != NULL && card->kind == KIOSK_CARD_KIND_FORMAL && !card->replaced)
    {
      if (card->stage == KIOSK_CARD_STAGE_PRE_ACCOUNT_FAILED)
        add_take (
            list, 3,
            g_strdup_printf ("您的社会保障卡银行预开户未成功（%s）。%s",
                             kiosk_pre_account_failure_to_label (card->pre_account_failure),
                             kiosk_pre_account_failure_to_remedy (card->pre_account_failure)));
      else if (!kiosk_card_in_hand (card))
        add_take (list, 16,
                  g_strdup_printf ("制卡进度：%s", kiosk_card_stage_to_label (card->stage)));

      if (kiosk_card_in_hand (card))
        {
          add_loss (list, card, policy, today);
          if (!kiosk_card_formally_lost (card, KIOSK_CARD_FUNCTION_BOTH))
            add_activation (list, person, card, policy, today, FALSE);
        }
    }

  if (temporary != NULL)
    {
      g_autofree char *until = kiosk_rules_date_text (&temporary->temporary_valid_until);

      if (kiosk_rules_temporary_card_valid (temporary, today))
        add_take (list, 13, g_strdup_printf ("您的临时卡有效期至%s。", until));
      else
        add_take (list, 13, g_strdup_printf ("您的临时卡已经失效（有效期至%s）。", until));
      if (card != NULL && card->kind == KIOSK_CARD_KIND_FORMAL && !kiosk_card_in_hand (card))
        add (list, 14, "领取正式卡时请交回临时卡，交回后正式卡才能正常启用。");
    }

  add_settlement (list, policy);
  g_ptr_array_sort (list, compare_rule);
  return g_steal_pointer (&list);
}

GPtrArray *
kiosk_rules_receipt_guidance (const KioskPerson *person,
                              const KioskCard *card,
                              const KioskPolicy *policy,
                              const GDate *today)
{
  g_autoptr (GPtrArray) list = new_list ();
  gboolean has_r22 = FALSE;

  g_return_val_if_fail (person != NULL, new_list ());
  g_return_val_if_fail (policy != NULL, new_list ());
  g_return_val_if_fail (today != NULL && g_date_valid (today), new_list ());

  card = kiosk_rules_resolve_card (person, card);
  if (person->deceased)
    add_deceased (list);
  else if (card != NULL && card->kind == KIOSK_CARD_KIND_FORMAL)
    add_activation (list, person, card, policy, today, TRUE);

  /* R22: on every receipt of an issued card, whatever its state. */
  for (guint i = 0; i < list->len; i++)
    has_r22 |= ((KioskGuidance *) g_ptr_array_index (list, i))->rule == 22;
  if (!has_r22)
    add (list, 22,
         "社会保障卡的金融功能必须激活，否则将影响养老保险待遇领取和医疗保险费用报销返款。");
  if (!person->deceased)
    add_settlement (list, policy);
  g_ptr_array_sort (list, compare_rule);
  return g_steal_pointer (&list);
}
