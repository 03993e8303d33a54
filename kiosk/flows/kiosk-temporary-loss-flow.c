/* kiosk-temporary-loss-flow.c — R6: a card reported lost for now, R8's window on the receipt */
#include "config.h"

#define G_LOG_DOMAIN "kiosk-flows"

#include "kiosk-temporary-loss-flow.h"

#include "kiosk-flow-private.h"
#include "kiosk-mask.h"

struct _KioskTemporaryLossFlow
{
  KioskFlow parent_instance;

  GPtrArray *cards;  /* KioskCardChoice */
  KioskCard *result; /* the card after the loss */
  GDate deadline;
};

G_DEFINE_FINAL_TYPE (KioskTemporaryLossFlow, kiosk_temporary_loss_flow, KIOSK_TYPE_FLOW)

#define S(x) KIOSK_TEMPORARY_LOSS_STATE_##x

static const KioskFlowStateInfo states[] = {
  { S (READ_ID), "read-id", KIOSK_FLOW_PAGE_ID_CARD, KIOSK_FLOW_TIMEOUT_ID, "read-id",
    "请将身份证放在感应区" },
  { S (LOOKUP), "lookup", KIOSK_FLOW_PAGE_WORKING, 0, "read-id", "正在查询您的社会保障卡，请稍候" },
  { S (CHOOSE_CARD), "choose-card", KIOSK_FLOW_PAGE_CHOOSE_CARD, KIOSK_FLOW_TIMEOUT_PAGE, "choose",
    "请选择要挂失的卡" },
  { S (CONFIRM), "confirm", KIOSK_FLOW_PAGE_CONFIRM, KIOSK_FLOW_TIMEOUT_PAGE, "confirm",
    "确认对这张卡办理临时挂失吗？", S (CHOOSE_CARD) },
  { S (REPORT), "report", KIOSK_FLOW_PAGE_WORKING, 0, "confirm", "正在办理临时挂失，请稍候" },
  { S (RECEIPT), "receipt", KIOSK_FLOW_PAGE_WORKING, 0, "receipt", "正在打印凭条，请稍候" },
};

static const KioskFlowStep steps[] = {
  { "read-id", "读取身份证", 0, 10, FALSE },
  { "choose", "选择卡片", 0, 10, FALSE },
  { "confirm", "确认挂失", 0, 10, FALSE },
  { "receipt", "打印凭条", 0, 5, FALSE },
};

void
kiosk_card_choice_free (KioskCardChoice *choice)
{
  if (choice == NULL)
    return;
  g_free (choice->masked_number);
  g_clear_pointer (&choice->refusal, kiosk_refusal_free);
  g_free (choice);
}

/* ---- lookup → the person's cards ------------------------------------------ */

static KioskRefusal *
check_person (KioskFlow *flow, const KioskPerson *person)
{
  KioskTemporaryLossFlow *self = KIOSK_TEMPORARY_LOSS_FLOW (flow);
  const KioskPolicy *policy = kiosk_context_get_policy (kiosk_flow_get_context (flow));
  guint n_allowed = 0;
  GDate today;

  kiosk_flow_get_today (flow, &today);
  g_ptr_array_set_size (self->cards, 0);
  for (guint i = 0; person->cards != NULL && i < person->cards->len; i++)
    {
      KioskCard *card = g_ptr_array_index (person->cards, i);
      KioskCardChoice *choice;

      if (card->replaced)
        continue;
      choice = g_new0 (KioskCardChoice, 1);
      choice->masked_number = kiosk_flow_mask_card_number (card->card_number);
      choice->kind = kiosk_card_kind_to_label (card->kind);
      choice->stage = kiosk_card_stage_to_label (card->stage);
      /* The center acts on the current card (the request names no card). */
      if (card != kiosk_person_current_card (person))
        choice->refusal = kiosk_refusal_new (
            card->kind == KIOSK_CARD_KIND_TEMPORARY ? 15 : 6,
            card->kind == KIOSK_CARD_KIND_TEMPORARY ? "临时卡不办理挂失"
                                                    : "这张卡不是您当前使用的社会保障卡",
            card->kind == KIOSK_CARD_KIND_TEMPORARY
                ? "临时卡遗失或损坏，请到社会保障卡综合服务窗口补领（收取工本费）"
                : "请到社会保障卡综合服务窗口咨询",
            NULL);
      else
        choice->refusal = kiosk_rules_check_temporary_loss (person, card, policy, &today);
      choice->allowed = choice->refusal == NULL;
      n_allowed += choice->allowed;
      g_ptr_array_add (self->cards, choice);
    }
  if (n_allowed == 0)
    {
      /* The rule's own reason for the current card (R6, R17, …). */
      return kiosk_rules_check_temporary_loss (person, NULL, policy, &today);
    }
  return NULL;
}

GPtrArray *
kiosk_temporary_loss_flow_get_cards (KioskTemporaryLossFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_TEMPORARY_LOSS_FLOW (self), NULL);
  return self->cards;
}

gboolean
kiosk_temporary_loss_flow_choose_card (KioskTemporaryLossFlow *self, guint index, GError **error)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  KioskCardChoice *choice;

  g_return_val_if_fail (KIOSK_IS_TEMPORARY_LOSS_FLOW (self), FALSE);
  if (!kiosk_flow_require_state (flow, S (CHOOSE_CARD), error))
    return FALSE;
  if (index >= self->cards->len)
    {
      g_set_error_literal (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID, "请选择一张卡");
      return FALSE;
    }
  choice = g_ptr_array_index (self->cards, index);
  if (!choice->allowed)
    {
      g_set_error (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID, "%s（依据 R%d）%s",
                   choice->refusal->message, choice->refusal->rule, choice->refusal->remedy);
      return FALSE;
    }
  kiosk_flow_set_state (flow, S (CONFIRM));
  return TRUE;
}

/* ---- report --------------------------------------------------------------- */

static void
reported_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskFlowCall) call = user_data;
  KioskFlow *flow = call->flow;
  KioskTemporaryLossFlow *self = KIOSK_TEMPORARY_LOSS_FLOW (flow);
  KioskCard *card = kiosk_flow_card_reply (call, source, result, kiosk_center_temporary_loss_finish,
                                           "temporary-loss");

  if (card == NULL)
    return;
  self->result = card;
  if (kiosk_flow_journal_outcome (flow, "temporary-loss", "ok", NULL))
    kiosk_flow_set_state (flow, S (RECEIPT));
}

static void
enter_report (KioskTemporaryLossFlow *self)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  g_autofree char *key = NULL;
  KioskFlowCall *call = kiosk_flow_begin_effect (flow, "temporary-loss", NULL, &key);

  if (call == NULL)
    return;
  /* NULL: the person's current card, the only one offered. */
  kiosk_center_temporary_loss_async (kiosk_flow_get_center (flow), key,
                                     kiosk_session_get_id_number (kiosk_flow_get_session (flow)),
                                     NULL, call->cancellable, reported_cb, call);
}

static void
enter_receipt (KioskTemporaryLossFlow *self)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  KioskReceipt *receipt = kiosk_flow_new_receipt (flow);
  g_autofree char *masked = kiosk_flow_mask_card_number (self->result->card_number);
  g_autofree char *day = NULL;
  g_autofree char *guidance = NULL;
  GDate loss_day = self->result->temporary_loss_on;

  if (!g_date_valid (&loss_day))
    kiosk_flow_get_today (flow, &loss_day);
  self->deadline = loss_day;
  g_date_add_days (&self->deadline, KIOSK_RULES_FORMAL_LOSS_DAYS - 1);
  day = g_strdup_printf ("%d年%d月%d日", g_date_get_year (&self->deadline),
                         g_date_get_month (&self->deadline), g_date_get_day (&self->deadline));
  guidance
      = g_strdup_printf ("临时挂失后7日内（%s前，含当日）请本人持有效身份证件办理正式挂失；"
                         "社保功能和金融功能分别办理。找回卡片可在正式挂失前本人持身份证解挂。",
                         day);
  if (masked != NULL)
    kiosk_receipt_add_line (receipt, "社会保障卡号", masked);
  kiosk_receipt_set_outcome (receipt, KIOSK_RECEIPT_OUTCOME_SUCCESS, "临时挂失已办理");
  kiosk_receipt_add_guidance (receipt, 8, guidance);
  kiosk_receipt_add_guidance (
      receipt, 7, "卡片找回后，在正式挂失前可本人持身份证解挂（R9：正式挂失后不能解挂）");
  kiosk_flow_print_service_receipt (flow, receipt, "done");
}

gboolean
kiosk_temporary_loss_flow_get_formal_loss_deadline (KioskTemporaryLossFlow *self, GDate *out_date)
{
  g_return_val_if_fail (KIOSK_IS_TEMPORARY_LOSS_FLOW (self), FALSE);
  if (!g_date_valid (&self->deadline))
    return FALSE;
  *out_date = self->deadline;
  return TRUE;
}

/* ---- the state machine ---------------------------------------------------- */

static void
temporary_loss_enter (KioskFlow *flow, int state)
{
  KioskTemporaryLossFlow *self = KIOSK_TEMPORARY_LOSS_FLOW (flow);

  switch ((KioskTemporaryLossState) state)
    {
      case S (READ_ID):
      case S (CHOOSE_CARD):
        break;
      case S (CONFIRM):
        kiosk_flow_set_warning (flow, "临时挂失后，这张卡暂停使用；7日内请办理正式挂失或解挂");
        break;
      case S (LOOKUP):
        kiosk_flow_lookup_person (flow, check_person, S (CHOOSE_CARD));
        break;
      case S (REPORT):
        enter_report (self);
        break;
      case S (RECEIPT):
        enter_receipt (self);
        break;
      default:
        g_assert_not_reached ();
    }
}

static gboolean
temporary_loss_confirm (KioskFlow *flow, GError **error)
{
  KioskTemporaryLossFlow *self = KIOSK_TEMPORARY_LOSS_FLOW (flow);

  switch (kiosk_flow_get_state (flow))
    {
      case S (CHOOSE_CARD):
        {
          /* One card allowed: 确认 chooses it. */
          for (guint i = 0; i < self->cards->len; i++)
            if (((KioskCardChoice *) g_ptr_array_index (self->cards, i))->allowed)
              return kiosk_temporary_loss_flow_choose_card (self, i, error);
          break;
        }
      case S (CONFIRM):
        kiosk_flow_set_state (flow, S (REPORT));
        return TRUE;
      default:
        break;
    }
  return kiosk_flow_wrong_state (error);
}

static gboolean
temporary_loss_can_cancel (KioskFlow *flow)
{
  return kiosk_flow_get_state (flow) < S (REPORT);
}

static void
temporary_loss_finish (KioskFlow *flow, KioskFlowPage page)
{
  KioskTemporaryLossFlow *self = KIOSK_TEMPORARY_LOSS_FLOW (flow);

  kiosk_session_wipe_card (&self->result);
}

static void
kiosk_temporary_loss_flow_finalize (GObject *object)
{
  KioskTemporaryLossFlow *self = KIOSK_TEMPORARY_LOSS_FLOW (object);

  g_ptr_array_unref (self->cards);
  kiosk_session_wipe_card (&self->result);

  G_OBJECT_CLASS (kiosk_temporary_loss_flow_parent_class)->finalize (object);
}

static void
kiosk_temporary_loss_flow_class_init (KioskTemporaryLossFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KioskFlowClass *flow_class = KIOSK_FLOW_CLASS (klass);

  object_class->finalize = kiosk_temporary_loss_flow_finalize;
  flow_class->service = KIOSK_SERVICE_TEMPORARY_LOSS;
  flow_class->journal_service = "temporary-loss";
  flow_class->states = states;
  flow_class->n_states = G_N_ELEMENTS (states);
  flow_class->steps = steps;
  flow_class->n_steps = G_N_ELEMENTS (steps);
  flow_class->after_id_state = S (LOOKUP);
  flow_class->photo_state = -1;
  flow_class->photo_check_state = -1;
  flow_class->after_photo_state = -1;
  flow_class->enter = temporary_loss_enter;
  flow_class->confirm = temporary_loss_confirm;
  flow_class->can_cancel = temporary_loss_can_cancel;
  flow_class->finish = temporary_loss_finish;
}

static void
kiosk_temporary_loss_flow_init (KioskTemporaryLossFlow *self)
{
  self->cards = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_card_choice_free);
  g_date_clear (&self->deadline, 1);
}

KioskFlow *
kiosk_temporary_loss_flow_new (KioskContext *context)
{
  return g_object_new (KIOSK_TYPE_TEMPORARY_LOSS_FLOW, "context", context, NULL);
}
