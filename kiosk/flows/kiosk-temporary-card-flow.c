/* kiosk-temporary-card-flow.c — R12–R15: a free temporary card, printed on the spot */
#include "config.h"

#define G_LOG_DOMAIN "kiosk-flows"

#include "kiosk-temporary-card-flow.h"

#include <string.h>

#include "kiosk-flow-private.h"
#include "kiosk-mask.h"

struct _KioskTemporaryCardFlow
{
  KioskFlow parent_instance;

  GDate valid_until;
  KioskCard *card;        /* the center's temporary card */
  GError *no_card_reason; /* the feed failed before a card left the hopper */
};

G_DEFINE_FINAL_TYPE (KioskTemporaryCardFlow, kiosk_temporary_card_flow, KIOSK_TYPE_FLOW)

#define S(x) KIOSK_TEMPORARY_CARD_STATE_##x

static const KioskFlowStateInfo states[] = {
  { S (READ_ID), "read-id", KIOSK_FLOW_PAGE_ID_CARD, KIOSK_FLOW_TIMEOUT_ID, "read-id",
    "请将身份证放在感应区" },
  { S (LOOKUP), "lookup", KIOSK_FLOW_PAGE_WORKING, 0, "read-id", "正在查询您的参保信息，请稍候" },
  { S (PHOTO), "photo", KIOSK_FLOW_PAGE_CAMERA, KIOSK_FLOW_TIMEOUT_PAGE, "photo",
    "临时卡上印有照片：请正对摄像头，然后点击“拍照”" },
  { S (CONFIRM), "confirm", KIOSK_FLOW_PAGE_CONFIRM, KIOSK_FLOW_TIMEOUT_PAGE, "confirm",
    "确认免费办理临时卡吗？" },
  { S (ISSUE), "issue", KIOSK_FLOW_PAGE_PRODUCTION, 0, "issue", "正在登记临时卡" },
  { S (FEED), "feed", KIOSK_FLOW_PAGE_PRODUCTION, 0, "feed", "正在取出空白卡" },
  { S (PRINT), "print", KIOSK_FLOW_PAGE_PRODUCTION, 0, "print", "正在打印临时卡" },
  { S (EJECT), "eject", KIOSK_FLOW_PAGE_PRODUCTION, 0, "eject", "正在出卡" },
  { S (TAKE_CARD), "take-card", KIOSK_FLOW_PAGE_TAKE_CARD, 0, "take", "请从出卡口取走您的临时卡" },
  { S (SPOIL), "spoil", KIOSK_FLOW_PAGE_PRODUCTION, 0, NULL,
    "卡片制作未成功，正在回收卡片，请稍候" },
  { S (REPORT), "report", KIOSK_FLOW_PAGE_WORKING, 0, "receipt", "正在完成办理，请稍候" },
  { S (RECEIPT), "receipt", KIOSK_FLOW_PAGE_WORKING, 0, "receipt", "正在打印凭条，请稍候" },
};

static const KioskFlowStep steps[] = {
  { "read-id", "读取身份证", 0, 10, FALSE }, { "photo", "拍照", 0, 20, FALSE },
  { "confirm", "确认", 0, 10, FALSE },       { "issue", "登记", 0, 3, TRUE },
  { "feed", "取空白卡", 0, 5, TRUE },        { "print", "打印卡面", 0, 20, TRUE },
  { "eject", "出卡", 0, 3, TRUE },           { "take", "取卡", 0, 10, FALSE },
  { "receipt", "打印凭条", 0, 5, FALSE },
};

static char *
date_text (const GDate *date)
{
  return g_strdup_printf ("%d年%d月%d日", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static KioskRefusal *
check_person (KioskFlow *flow, const KioskPerson *person)
{
  KioskTemporaryCardFlow *self = KIOSK_TEMPORARY_CARD_FLOW (flow);
  const KioskPolicy *policy = kiosk_context_get_policy (kiosk_flow_get_context (flow));
  KioskRefusal *refusal;
  GDate today;

  kiosk_flow_get_today (flow, &today);
  refusal = kiosk_rules_check_temporary_card (person, policy, &today);
  if (refusal == NULL)
    self->valid_until = kiosk_rules_temporary_card_valid_until (policy, &today);
  return refusal;
}

gboolean
kiosk_temporary_card_flow_get_valid_until (KioskTemporaryCardFlow *self, GDate *out_date)
{
  g_return_val_if_fail (KIOSK_IS_TEMPORARY_CARD_FLOW (self), FALSE);
  if (!g_date_valid (&self->valid_until))
    return FALSE;
  *out_date = self->valid_until;
  return TRUE;
}

/* ---- issue: the center registers the card (R12, R13) ---------------------- */

static void
issued_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskFlowCall) call = user_data;
  KioskFlow *flow = call->flow;
  KioskTemporaryCardFlow *self = KIOSK_TEMPORARY_CARD_FLOW (flow);
  g_autofree char *masked = NULL;
  g_autofree char *masked_json = NULL;
  g_autofree char *payload = NULL;
  KioskCard *card = kiosk_flow_card_reply (
      call, source, result, kiosk_center_issue_temporary_card_finish, KIOSK_STEP_TEMPORARY);

  if (card == NULL)
    return;
  self->card = card;
  kiosk_flow_production_set_subject (flow, NULL, card->card_number);
  if (g_date_valid (&card->temporary_valid_until))
    self->valid_until = card->temporary_valid_until;
  masked = kiosk_flow_mask_card_number (card->card_number);
  masked_json = kiosk_flow_json_string (masked);
  payload = g_strdup_printf ("{\"card\":%s}", masked_json);
  if (kiosk_flow_journal_outcome (flow, KIOSK_STEP_TEMPORARY, "ok", payload))
    kiosk_flow_set_state (flow, S (FEED));
}

static void
enter_issue (KioskTemporaryCardFlow *self)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  g_autofree char *key = NULL;
  KioskFlowCall *call = kiosk_flow_begin_effect (flow, KIOSK_STEP_TEMPORARY, NULL, &key);

  if (call == NULL)
    return;
  kiosk_center_issue_temporary_card_async (
      kiosk_flow_get_center (flow), key,
      kiosk_session_get_id_number (kiosk_flow_get_session (flow)), call->cancellable, issued_cb,
      call);
}

/* ---- production ----------------------------------------------------------- */

static void
withdrawn_done (KioskFlow *flow, const GError *error)
{
  KioskTemporaryCardFlow *self = KIOSK_TEMPORARY_CARD_FLOW (flow);

  /* Acknowledged: closed "cancelled"; otherwise the session stays open and
   * recovery repeats ":result". */
  kiosk_flow_finish_full (
      flow, KIOSK_FLOW_STATE_FAILED, "cancelled", TRUE, NULL, self->no_card_reason,
      error == NULL
          ? "制卡设备暂时不可用，临时卡未制成，登记已撤销。请稍后再试或到社会保障卡综合服务"
            "窗口办理"
          : "制卡设备暂时不可用，临时卡未制成。请持身份证到社会保障卡综合服务窗口办理");
}

static void
fed_done (KioskFlow *flow, const GError *error)
{
  KioskTemporaryCardFlow *self = KIOSK_TEMPORARY_CARD_FLOW (flow);

  if (error == NULL)
    kiosk_flow_set_state (flow, S (PRINT));
  else if (kiosk_flow_get_card_serial (flow) != NULL)
    kiosk_flow_production_fail (flow, KIOSK_STEP_FEED, error->message);
  else
    {
      /* No card left the hopper: no card was made. The center is told the
       * card was spoiled at "feed", which withdraws the registration. */
      g_clear_error (&self->no_card_reason);
      self->no_card_reason = g_error_copy (error);
      kiosk_flow_report_card_result (flow, NULL, self->card->card_number,
                                     KIOSK_CENTER_RESULT_SPOILED, KIOSK_STEP_FEED, withdrawn_done);
    }
}

static void
enter_print (KioskTemporaryCardFlow *self)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  const KioskIdCardData *id = kiosk_session_get_id_card (kiosk_flow_get_session (flow));
  GDate today;

  kiosk_flow_get_today (flow, &today);
  kiosk_flow_production_print_face (
      flow, id->name != NULL ? id->name : id->english_name, id->id_number, self->card->card_number,
      &today, kiosk_session_get_photo (kiosk_flow_get_session (flow)), TRUE, &self->valid_until);
}

/* ---- receipt -------------------------------------------------------------- */

static void
enter_receipt (KioskTemporaryCardFlow *self)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  KioskReceipt *receipt = kiosk_flow_new_receipt (flow);
  g_autofree char *masked = kiosk_flow_mask_card_number (self->card->card_number);
  g_autofree char *until = date_text (&self->valid_until);

  if (masked != NULL)
    kiosk_receipt_add_line (receipt, "临时卡号", masked);
  kiosk_receipt_add_line (receipt, "有效期至", until);
  kiosk_receipt_set_outcome (receipt, KIOSK_RECEIPT_OUTCOME_SUCCESS, "临时卡已免费办理");
  kiosk_receipt_add_guidance (receipt, 13, "临时卡有效期最长6个月，过期后不能使用");
  kiosk_receipt_add_guidance (receipt, 14,
                              "领取正式社会保障卡时须交回临时卡，交回后正式卡才能启用");
  kiosk_receipt_add_guidance (receipt, 15, "临时卡遗失或损坏补领的，收取工本费");
  kiosk_flow_print_service_receipt (flow, receipt, "issued");
}

/* ---- the state machine ---------------------------------------------------- */

static void
temporary_card_enter (KioskFlow *flow, int state)
{
  KioskTemporaryCardFlow *self = KIOSK_TEMPORARY_CARD_FLOW (flow);

  switch ((KioskTemporaryCardState) state)
    {
      case S (READ_ID):
      case S (PHOTO):
        break;
      case S (LOOKUP):
        kiosk_flow_lookup_person (flow, check_person, S (PHOTO));
        break;
      case S (CONFIRM):
        {
          g_autofree char *until = date_text (&self->valid_until);
          g_autofree char *message = g_strdup_printf (
              "临时卡免费办理，有效期至%s。领取正式卡时须交回临时卡（R14）。确认办理吗？", until);

          kiosk_flow_set_message (flow, message);
          break;
        }
      case S (ISSUE):
        enter_issue (self);
        break;
      case S (FEED):
        kiosk_flow_feed_card (flow, fed_done);
        break;
      case S (PRINT):
        enter_print (self);
        break;
      case S (EJECT):
        kiosk_flow_production_eject (flow);
        break;
      case S (TAKE_CARD):
        kiosk_flow_production_take_card (flow);
        break;
      case S (SPOIL):
        kiosk_flow_production_spoil (flow);
        break;
      case S (REPORT):
        kiosk_flow_production_report (flow);
        break;
      case S (RECEIPT):
        enter_receipt (self);
        break;
      default:
        g_assert_not_reached ();
    }
}

static gboolean
temporary_card_confirm (KioskFlow *flow, GError **error)
{
  if (!kiosk_flow_require_state (flow, S (CONFIRM), error))
    return FALSE;
  kiosk_flow_set_state (flow, S (ISSUE));
  return TRUE;
}

static gboolean
temporary_card_can_cancel (KioskFlow *flow)
{
  int state = kiosk_flow_get_state (flow);

  return state == S (READ_ID) || state == S (LOOKUP) || state == S (PHOTO) || state == S (CONFIRM);
}

static void
temporary_card_finish (KioskFlow *flow, KioskFlowPage page)
{
  KioskTemporaryCardFlow *self = KIOSK_TEMPORARY_CARD_FLOW (flow);

  kiosk_session_wipe_card (&self->card);
}

static void
kiosk_temporary_card_flow_finalize (GObject *object)
{
  KioskTemporaryCardFlow *self = KIOSK_TEMPORARY_CARD_FLOW (object);

  temporary_card_finish (KIOSK_FLOW (self), KIOSK_FLOW_PAGE_NONE);
  g_clear_error (&self->no_card_reason);
  G_OBJECT_CLASS (kiosk_temporary_card_flow_parent_class)->finalize (object);
}

static const KioskFlowProductionPlan production = {
  .after_print_state = S (EJECT),
  .take_card_state = S (TAKE_CARD),
  .report_state = S (REPORT),
  .receipt_state = S (RECEIPT),
  .spoil_state = S (SPOIL),
  .spoiled_what = "临时卡制作未成功",
  /* The center voided the card: the citizen may try again at once. */
  .spoiled_message = "很抱歉，临时卡制作未成功，该卡已回收作废。请重新办理，"
                     "或持身份证到社会保障卡综合服务窗口办理",
  .spoiled_unacknowledged = "很抱歉，临时卡制作未成功，该卡已回收作废。"
                            "请持身份证到社会保障卡综合服务窗口办理",
};

static void
kiosk_temporary_card_flow_class_init (KioskTemporaryCardFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KioskFlowClass *flow_class = KIOSK_FLOW_CLASS (klass);

  object_class->finalize = kiosk_temporary_card_flow_finalize;
  flow_class->service = KIOSK_SERVICE_TEMPORARY_CARD;
  flow_class->journal_service = "temporary-card";
  flow_class->states = states;
  flow_class->n_states = G_N_ELEMENTS (states);
  flow_class->steps = steps;
  flow_class->n_steps = G_N_ELEMENTS (steps);
  flow_class->after_id_state = S (LOOKUP);
  flow_class->photo_state = S (PHOTO);
  flow_class->photo_check_state = -1;
  flow_class->after_photo_state = S (CONFIRM);
  flow_class->photo_full_check = FALSE;
  flow_class->enter = temporary_card_enter;
  flow_class->confirm = temporary_card_confirm;
  flow_class->can_cancel = temporary_card_can_cancel;
  flow_class->finish = temporary_card_finish;
  flow_class->production = &production;
}

static void
kiosk_temporary_card_flow_init (KioskTemporaryCardFlow *self)
{
  g_date_clear (&self->valid_until, 1);
}

KioskFlow *
kiosk_temporary_card_flow_new (KioskContext *context)
{
  return g_object_new (KIOSK_TYPE_TEMPORARY_CARD_FLOW, "context", context, NULL);
}
