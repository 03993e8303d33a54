/* kiosk-formal-loss-flow.c — R8, R9: formal loss per function, in person (ID + face) */
#include "config.h"

#define G_LOG_DOMAIN "kiosk-flows"

#include "kiosk-formal-loss-flow.h"

#include "kiosk-flow-private.h"

struct _KioskFormalLossFlow
{
  KioskFlow parent_instance;

  KioskCardFunction available;
  KioskCardFunction functions;
  KioskCard *result;
};

G_DEFINE_FINAL_TYPE (KioskFormalLossFlow, kiosk_formal_loss_flow, KIOSK_TYPE_FLOW)

#define S(x) KIOSK_FORMAL_LOSS_STATE_##x

static const KioskFlowStateInfo states[] = {
  { S (READ_ID), "read-id", KIOSK_FLOW_PAGE_ID_CARD, KIOSK_FLOW_TIMEOUT_ID, "read-id",
    "请将身份证放在感应区" },
  { S (LOOKUP), "lookup", KIOSK_FLOW_PAGE_WORKING, 0, "read-id", "正在查询您的社会保障卡，请稍候" },
  { S (PHOTO), "photo", KIOSK_FLOW_PAGE_CAMERA, KIOSK_FLOW_TIMEOUT_PAGE, "face",
    "正式挂失须本人办理：请正对摄像头，然后点击“拍照”" },
  { S (FACE_VERIFY), "face-verify", KIOSK_FLOW_PAGE_WORKING, 0, "face",
    "正在进行人脸核验，请稍候" },
  { S (CHOOSE_FUNCTIONS), "choose-functions", KIOSK_FLOW_PAGE_CHOOSE_FUNCTIONS,
    KIOSK_FLOW_TIMEOUT_PAGE, "choose", "请选择要正式挂失的功能" },
  { S (CONFIRM), "confirm", KIOSK_FLOW_PAGE_CONFIRM, KIOSK_FLOW_TIMEOUT_PAGE, "confirm",
    "确认办理正式挂失吗？", S (CHOOSE_FUNCTIONS) },
  { S (REPORT), "report", KIOSK_FLOW_PAGE_WORKING, 0, "confirm", "正在办理正式挂失，请稍候" },
  { S (RECEIPT), "receipt", KIOSK_FLOW_PAGE_WORKING, 0, "receipt", "正在打印凭条，请稍候" },
};

static const KioskFlowStep steps[] = {
  { "read-id", "读取身份证", 0, 10, FALSE }, { "face", "人脸核验", 0, 20, FALSE },
  { "choose", "选择功能", 0, 10, FALSE },    { "confirm", "确认挂失", 0, 10, FALSE },
  { "receipt", "打印凭条", 0, 5, FALSE },
};

static KioskRefusal *
check_function (KioskFlow *flow, const KioskPerson *person, KioskCardFunction functions)
{
  GDate today;

  kiosk_flow_get_today (flow, &today);
  return kiosk_rules_check_formal_loss (
      person, NULL, functions, kiosk_context_get_policy (kiosk_flow_get_context (flow)), &today);
}

static KioskRefusal *
check_person (KioskFlow *flow, const KioskPerson *person)
{
  KioskFormalLossFlow *self = KIOSK_FORMAL_LOSS_FLOW (flow);
  g_autoptr (KioskRefusal) social = check_function (flow, person, KIOSK_CARD_FUNCTION_SOCIAL);
  g_autoptr (KioskRefusal) financial = check_function (flow, person, KIOSK_CARD_FUNCTION_FINANCIAL);

  self->available = (social == NULL ? KIOSK_CARD_FUNCTION_SOCIAL : 0)
                    | (financial == NULL ? KIOSK_CARD_FUNCTION_FINANCIAL : 0);
  if (self->available != 0)
    return NULL;
  /* Neither function: the rule's reason (R8 no temporary loss or past day
   * 7, R9 both lost already, R17 …). */
  return g_steal_pointer (&social);
}

KioskCardFunction
kiosk_formal_loss_flow_get_available (KioskFormalLossFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FORMAL_LOSS_FLOW (self), 0);
  return self->available;
}

KioskCardFunction
kiosk_formal_loss_flow_get_functions (KioskFormalLossFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FORMAL_LOSS_FLOW (self), 0);
  return self->functions;
}

gboolean
kiosk_formal_loss_flow_set_functions (KioskFormalLossFlow *self,
                                      KioskCardFunction functions,
                                      GError **error)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  g_autoptr (KioskRefusal) refusal = NULL;

  g_return_val_if_fail (KIOSK_IS_FORMAL_LOSS_FLOW (self), FALSE);
  if (!kiosk_flow_require_state (flow, S (CHOOSE_FUNCTIONS), error))
    return FALSE;
  if (functions == 0 || (functions & ~KIOSK_CARD_FUNCTION_BOTH) != 0)
    {
      g_set_error_literal (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID,
                           "请选择社保功能、金融功能或两项都选");
      return FALSE;
    }
  refusal
      = check_function (flow, kiosk_session_get_person (kiosk_flow_get_session (flow)), functions);
  if (refusal != NULL)
    {
      g_set_error (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID, "%s（依据 R%d）%s",
                   refusal->message, refusal->rule, refusal->remedy);
      return FALSE;
    }
  self->functions = functions;
  kiosk_flow_set_state (flow, S (CONFIRM));
  return TRUE;
}

static const char *
function_key (KioskCardFunction functions)
{
  switch (functions)
    {
      case KIOSK_CARD_FUNCTION_SOCIAL:
        return "social";
      case KIOSK_CARD_FUNCTION_FINANCIAL:
        return "financial";
      default:
        return "both";
    }
}

static void
reported_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskFlowCall) call = user_data;
  KioskFlow *flow = call->flow;
  KioskFormalLossFlow *self = KIOSK_FORMAL_LOSS_FLOW (flow);
  KioskCard *card = kiosk_flow_card_reply (call, source, result, kiosk_center_formal_loss_finish,
                                           "formal-loss");

  if (card == NULL)
    return;
  self->result = card;
  if (kiosk_flow_journal_outcome (flow, "formal-loss", "ok", NULL))
    kiosk_flow_set_state (flow, S (RECEIPT));
}

static void
enter_report (KioskFormalLossFlow *self)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  g_autofree char *payload
      = g_strdup_printf ("{\"functions\":\"%s\"}", function_key (self->functions));
  g_autofree char *key = NULL;
  KioskFlowCall *call = kiosk_flow_begin_effect (flow, "formal-loss", payload, &key);

  if (call == NULL)
    return;
  kiosk_center_formal_loss_async (kiosk_flow_get_center (flow), key,
                                  kiosk_session_get_id_number (kiosk_flow_get_session (flow)), NULL,
                                  self->functions, call->cancellable, reported_cb, call);
}

static void
enter_receipt (KioskFormalLossFlow *self)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  KioskReceipt *receipt = kiosk_flow_new_receipt (flow);
  g_autofree char *masked = kiosk_flow_mask_card_number (self->result->card_number);
  g_autofree char *outcome
      = g_strdup_printf ("%s已正式挂失", kiosk_card_function_to_label (self->functions));

  if (masked != NULL)
    kiosk_receipt_add_line (receipt, "社会保障卡号", masked);
  kiosk_receipt_add_line (receipt, "挂失功能", kiosk_card_function_to_label (self->functions));
  kiosk_receipt_set_outcome (receipt, KIOSK_RECEIPT_OUTCOME_SUCCESS, outcome);
  kiosk_receipt_add_guidance (receipt, 9, "正式挂失后，这张卡不能再解挂使用");
  kiosk_receipt_add_guidance (
      receipt, 10, "如需补卡，请本人持有效身份证件到社会保障卡综合服务窗口办理，收取工本费");
  kiosk_flow_print_service_receipt (flow, receipt, "done");
}

static void
formal_loss_enter (KioskFlow *flow, int state)
{
  KioskFormalLossFlow *self = KIOSK_FORMAL_LOSS_FLOW (flow);

  switch ((KioskFormalLossState) state)
    {
      case S (READ_ID):
      case S (PHOTO):
        break;
      case S (LOOKUP):
        kiosk_flow_lookup_person (flow, check_person, S (PHOTO));
        break;
      case S (FACE_VERIFY):
        kiosk_flow_verify_face (flow, S (CHOOSE_FUNCTIONS));
        break;
      case S (CHOOSE_FUNCTIONS):
        /* Only one function left: nothing to choose. */
        if (self->available != KIOSK_CARD_FUNCTION_BOTH)
          kiosk_flow_set_message (flow, self->available == KIOSK_CARD_FUNCTION_SOCIAL
                                            ? "金融功能已正式挂失；请确认社保功能正式挂失"
                                            : "社保功能已正式挂失；请确认金融功能正式挂失");
        break;
      case S (CONFIRM):
        /* R9: said before, not after. */
        kiosk_flow_set_warning (flow, "正式挂失后，这张卡不能再解挂（R9）；如需用卡，须补办新卡");
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
formal_loss_confirm (KioskFlow *flow, GError **error)
{
  KioskFormalLossFlow *self = KIOSK_FORMAL_LOSS_FLOW (flow);

  switch (kiosk_flow_get_state (flow))
    {
      case S (CHOOSE_FUNCTIONS):
        return kiosk_formal_loss_flow_set_functions (self, self->available, error);
      case S (CONFIRM):
        kiosk_flow_set_state (flow, S (REPORT));
        return TRUE;
      default:
        return kiosk_flow_wrong_state (error);
    }
}

static gboolean
formal_loss_can_cancel (KioskFlow *flow)
{
  return kiosk_flow_get_state (flow) < S (REPORT);
}

static void
formal_loss_finish (KioskFlow *flow, KioskFlowPage page)
{
  kiosk_session_wipe_card (&KIOSK_FORMAL_LOSS_FLOW (flow)->result);
}

static void
kiosk_formal_loss_flow_finalize (GObject *object)
{
  kiosk_session_wipe_card (&KIOSK_FORMAL_LOSS_FLOW (object)->result);
  G_OBJECT_CLASS (kiosk_formal_loss_flow_parent_class)->finalize (object);
}

static void
kiosk_formal_loss_flow_class_init (KioskFormalLossFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KioskFlowClass *flow_class = KIOSK_FLOW_CLASS (klass);

  object_class->finalize = kiosk_formal_loss_flow_finalize;
  flow_class->service = KIOSK_SERVICE_FORMAL_LOSS_SOCIAL;
  flow_class->journal_service = "formal-loss";
  flow_class->states = states;
  flow_class->n_states = G_N_ELEMENTS (states);
  flow_class->steps = steps;
  flow_class->n_steps = G_N_ELEMENTS (steps);
  flow_class->after_id_state = S (LOOKUP);
  flow_class->photo_state = S (PHOTO);
  flow_class->photo_check_state = -1;
  flow_class->after_photo_state = S (FACE_VERIFY);
  flow_class->photo_full_check = FALSE;
  flow_class->enter = formal_loss_enter;
  flow_class->confirm = formal_loss_confirm;
  flow_class->can_cancel = formal_loss_can_cancel;
  flow_class->finish = formal_loss_finish;
}

static void
kiosk_formal_loss_flow_init (KioskFormalLossFlow *self)
{
}

KioskFlow *
kiosk_formal_loss_flow_new (KioskContext *context)
{
  return g_object_new (KIOSK_TYPE_FORMAL_LOSS_FLOW, "context", context, NULL);
}
