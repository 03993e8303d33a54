/* kiosk-unblock-flow.c — R7, R9: a found card back into use, by its holder in person */
#include "config.h"

#define G_LOG_DOMAIN "kiosk-flows"

#include "kiosk-unblock-flow.h"

#include "kiosk-chip-reader.h"
#include "kiosk-flow-private.h"

struct _KioskUnblockFlow
{
  KioskFlow parent_instance;

  KioskCard *result;
  gulong removed_handler;
  guint removed_timeout;

  /* INSERT_CARD / READ_CARD: a card that could not be read is read again
   * at most READ_TRIES times; then, and after a card that is not the
   * holder's, the flow waits for it to be taken out before it reads again. */
  guint read_failures;
  gboolean await_removal;
  gulong out_handler;
};

#define READ_TRIES         3
#define UNREADABLE_MESSAGE "卡片读取不成功：请取出卡片，检查芯片朝上、箭头朝里后重新插入"

G_DEFINE_FINAL_TYPE (KioskUnblockFlow, kiosk_unblock_flow, KIOSK_TYPE_FLOW)

#define S(x) KIOSK_UNBLOCK_STATE_##x

static const KioskFlowStateInfo states[] = {
  { S (READ_ID), "read-id", KIOSK_FLOW_PAGE_ID_CARD, KIOSK_FLOW_TIMEOUT_ID, "read-id",
    "请将身份证放在感应区" },
  { S (LOOKUP), "lookup", KIOSK_FLOW_PAGE_WORKING, 0, "read-id", "正在查询您的社会保障卡，请稍候" },
  { S (PHOTO), "photo", KIOSK_FLOW_PAGE_CAMERA, KIOSK_FLOW_TIMEOUT_PAGE, "face",
    "解挂须本人办理：请正对摄像头，然后点击“拍照”" },
  { S (FACE_VERIFY), "face-verify", KIOSK_FLOW_PAGE_WORKING, 0, "face",
    "正在进行人脸核验，请稍候" },
  { S (INSERT_CARD), "insert-card", KIOSK_FLOW_PAGE_INSERT_CHIP_CARD, KIOSK_FLOW_TIMEOUT_PAGE,
    "card", "请将找回的社会保障卡插入读卡口（芯片朝上，箭头朝里）", S (PHOTO) },
  { S (READ_CARD), "read-card", KIOSK_FLOW_PAGE_WORKING, 0, "card", "正在读取卡片，请不要拔出" },
  { S (CONFIRM), "confirm", KIOSK_FLOW_PAGE_CONFIRM, KIOSK_FLOW_TIMEOUT_PAGE, "confirm",
    "确认解除这张卡的临时挂失吗？" },
  { S (REPORT), "report", KIOSK_FLOW_PAGE_WORKING, 0, "confirm", "正在办理解挂，请稍候" },
  { S (RETURN_CARD), "return-card", KIOSK_FLOW_PAGE_TAKE_CARD, 0, "receipt",
    "请取回您的社会保障卡" },
  { S (RECEIPT), "receipt", KIOSK_FLOW_PAGE_WORKING, 0, "receipt", "正在打印凭条，请稍候" },
};

static const KioskFlowStep steps[] = {
  { "read-id", "读取身份证", 0, 10, FALSE }, { "face", "人脸核验", 0, 20, FALSE },
  { "card", "读取卡片", 0, 10, FALSE },      { "confirm", "确认解挂", 0, 10, FALSE },
  { "receipt", "打印凭条", 0, 5, FALSE },
};

static KioskRefusal *
check_person (KioskFlow *flow, const KioskPerson *person)
{
  GDate today;

  kiosk_flow_get_today (flow, &today);
  return kiosk_rules_check_unblock (
      person, NULL, kiosk_context_get_policy (kiosk_flow_get_context (flow)), &today);
}

/* ---- the chip card -------------------------------------------------------- */

gboolean
kiosk_unblock_flow_submit_chip_card (KioskUnblockFlow *self, KioskSscCardData *data, GError **error)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  KioskSession *session;
  const KioskCard *card;
  g_autoptr (KioskSscCardData) owned = data;

  g_return_val_if_fail (KIOSK_IS_UNBLOCK_FLOW (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  if (kiosk_flow_is_finished (flow)
      || (kiosk_flow_get_state (flow) != S (INSERT_CARD)
          && kiosk_flow_get_state (flow) != S (READ_CARD)))
    return kiosk_flow_wrong_state (error);
  session = kiosk_flow_get_session (flow);
  card = kiosk_person_current_card (kiosk_session_get_person (session));
  /* EF06's social security number is the holder's ID number; EF05's card
   * number is the card under temporary loss. */
  if (g_strcmp0 (data->ssn, kiosk_session_get_id_number (session)) != 0
      || (card != NULL && card->card_number != NULL
          && g_strcmp0 (data->card_number, card->card_number) != 0))
    {
      g_autoptr (GError) mismatch
          = g_error_new_literal (KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_CARD_MISMATCH,
                                 "插入的卡不是您本人的这张社会保障卡，请插入本人挂失的卡");

      kiosk_flow_journal_outcome (flow, "read-card", "mismatch", NULL);
      if (kiosk_flow_is_finished (flow))
        return TRUE;
      /* Not read again until it is taken out: another card must go in. */
      self->await_removal = TRUE;
      self->read_failures = 0;
      kiosk_flow_set_error (flow, mismatch);
      kiosk_flow_set_state (flow, S (INSERT_CARD));
      kiosk_flow_set_hint (flow, mismatch->message);
      g_propagate_error (error, g_steal_pointer (&mismatch));
      return FALSE;
    }
  kiosk_session_set_chip_data (session, g_steal_pointer (&owned));
  if (kiosk_flow_journal_outcome (flow, "read-card", "ok", NULL))
    kiosk_flow_set_state (flow, S (CONFIRM));
  return TRUE;
}

static void
chip_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskFlowCall) call = user_data;
  KioskFlow *flow = call->flow;
  g_autoptr (GError) error = NULL;
  KioskSscCardData *data;

  data = kiosk_chip_reader_read_ssc_finish (KIOSK_CHIP_READER (source), result, &error);
  if (kiosk_flow_call_is_stale (call, error))
    {
      g_clear_pointer (&data, kiosk_ssc_card_data_free);
      return;
    }
  if (data == NULL)
    {
      KioskUnblockFlow *self = KIOSK_UNBLOCK_FLOW (flow);
      KioskDevice *reader = KIOSK_DEVICE (source);

      error = kiosk_flow_call_take_error (call, g_steal_pointer (&error));
      g_message ("unblock: the chip card could not be read (%u): %s", self->read_failures + 1,
                 kiosk_device_error_code_name (error));
      if (!kiosk_device_is_card_present (reader))
        {
          /* Taken out while it was read: a new insertion is a new card. */
          self->read_failures = 0;
          kiosk_flow_set_state (flow, S (INSERT_CARD));
          kiosk_flow_set_hint (flow, kiosk_device_error_is_user (error) ? error->message
                                                                        : "读卡失败，请重新插卡");
          return;
        }
      if (++self->read_failures < READ_TRIES)
        {
          /* The same card once more, in case it was still moving. */
          kiosk_flow_set_state (flow, S (READ_CARD));
          kiosk_flow_set_hint (flow, "正在重新读取卡片，请不要拔出");
          return;
        }
      /* A mute chip, or one the wrong way round: never read without end. */
      {
        g_autoptr (GError) unreadable
            = g_error_new_literal (KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_DEVICE, UNREADABLE_MESSAGE);

        kiosk_flow_journal_outcome (flow, "read-card", "unreadable", NULL);
        if (kiosk_flow_is_finished (flow))
          return;
        self->read_failures = 0;
        self->await_removal = TRUE;
        kiosk_flow_set_error (flow, unreadable);
        kiosk_flow_set_state (flow, S (INSERT_CARD));
        kiosk_flow_set_hint (flow, UNREADABLE_MESSAGE);
      }
      return;
    }
  kiosk_unblock_flow_submit_chip_card (KIOSK_UNBLOCK_FLOW (flow), data, NULL);
}

static void
chip_present_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskFlowCall) call = user_data;
  g_autoptr (GError) error = NULL;

  if (!kiosk_chip_reader_wait_for_card_finish (KIOSK_CHIP_READER (source), result, &error))
    {
      if (kiosk_flow_call_is_stale (call, error))
        return;
      kiosk_flow_set_hint (call->flow, kiosk_device_error_is_user (error)
                                           ? error->message
                                           : "读卡器暂时不可用，请联系工作人员");
      return;
    }
  if (kiosk_flow_call_is_stale (call, NULL))
    return;
  kiosk_flow_set_state (call->flow, S (READ_CARD));
}

static void
stop_waiting_out (KioskUnblockFlow *self)
{
  KioskDevice *reader = kiosk_context_get_chip_reader (kiosk_flow_get_context (KIOSK_FLOW (self)));

  if (self->out_handler != 0 && reader != NULL)
    g_signal_handler_disconnect (reader, self->out_handler);
  self->out_handler = 0;
}

static void wait_for_card (KioskUnblockFlow *self);

static void
card_out_cb (KioskDevice *reader, gpointer user_data)
{
  KioskUnblockFlow *self = user_data;

  stop_waiting_out (self);
  self->await_removal = FALSE;
  if (kiosk_flow_get_state (KIOSK_FLOW (self)) == S (INSERT_CARD))
    wait_for_card (self);
}

/* A card already in the reader is read at once (the wait completes at
 * once); a card the flow could not use waits to be taken out first. */
static void
wait_for_card (KioskUnblockFlow *self)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  KioskDevice *reader = kiosk_context_get_chip_reader (kiosk_flow_get_context (flow));
  KioskFlowCall *call;

  if (self->await_removal && kiosk_device_is_card_present (reader))
    {
      if (self->out_handler == 0)
        self->out_handler
            = g_signal_connect (reader, "card-removed", G_CALLBACK (card_out_cb), self);
      return;
    }
  self->await_removal = FALSE;
  call = kiosk_flow_call_new (flow, 0);
  kiosk_chip_reader_wait_for_card_async (KIOSK_CHIP_READER (reader), 0, call->cancellable,
                                         chip_present_cb, call);
}

static void
enter_insert_card (KioskUnblockFlow *self)
{
  KioskDevice *reader = kiosk_context_get_chip_reader (kiosk_flow_get_context (KIOSK_FLOW (self)));

  if (reader == NULL || !KIOSK_IS_CHIP_READER (reader))
    return; /* kiosk_unblock_flow_submit_chip_card() */
  wait_for_card (self);
}

static void
enter_read_card (KioskUnblockFlow *self)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  KioskDevice *reader = kiosk_context_get_chip_reader (kiosk_flow_get_context (flow));
  KioskFlowCall *call
      = kiosk_flow_call_new (flow, kiosk_flow_get_settings (flow)->device_timeout_s);

  kiosk_chip_reader_read_ssc_async (KIOSK_CHIP_READER (reader), call->cancellable, chip_read_cb,
                                    call);
}

/* ---- report --------------------------------------------------------------- */

static void
reported_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskFlowCall) call = user_data;
  KioskFlow *flow = call->flow;
  KioskCard *card
      = kiosk_flow_card_reply (call, source, result, kiosk_center_unblock_finish, "unblock");

  if (card == NULL)
    return;
  KIOSK_UNBLOCK_FLOW (flow)->result = card;
  if (kiosk_flow_journal_outcome (flow, "unblock", "ok", NULL))
    kiosk_flow_set_state (flow, S (RETURN_CARD));
}

static void
enter_report (KioskUnblockFlow *self)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  g_autofree char *key = NULL;
  KioskFlowCall *call = kiosk_flow_begin_effect (flow, "unblock", NULL, &key);

  if (call == NULL)
    return;
  kiosk_center_unblock_async (kiosk_flow_get_center (flow), key,
                              kiosk_session_get_id_number (kiosk_flow_get_session (flow)), NULL,
                              call->cancellable, reported_cb, call);
}

/* ---- the card goes back to its holder ------------------------------------- */

static void
stop_waiting_removal (KioskUnblockFlow *self)
{
  KioskDevice *reader = kiosk_context_get_chip_reader (kiosk_flow_get_context (KIOSK_FLOW (self)));

  if (self->removed_handler != 0 && reader != NULL)
    g_signal_handler_disconnect (reader, self->removed_handler);
  self->removed_handler = 0;
  g_clear_handle_id (&self->removed_timeout, g_source_remove);
}

static void
card_returned (KioskUnblockFlow *self)
{
  stop_waiting_removal (self);
  if (kiosk_flow_get_state (KIOSK_FLOW (self)) == S (RETURN_CARD))
    kiosk_flow_set_state (KIOSK_FLOW (self), S (RECEIPT));
}

static void
card_removed_cb (KioskDevice *reader, gpointer user_data)
{
  card_returned (user_data);
}

static gboolean
removed_timeout_cb (gpointer user_data)
{
  KioskUnblockFlow *self = user_data;

  self->removed_timeout = 0;
  card_returned (self);
  return G_SOURCE_REMOVE;
}

static void
enter_return_card (KioskUnblockFlow *self)
{
  KioskDevice *reader = kiosk_context_get_chip_reader (kiosk_flow_get_context (KIOSK_FLOW (self)));

  if (reader == NULL || !kiosk_device_is_card_present (reader))
    {
      kiosk_flow_set_state (KIOSK_FLOW (self), S (RECEIPT));
      return;
    }
  self->removed_handler
      = g_signal_connect (reader, "card-removed", G_CALLBACK (card_removed_cb), self);
  self->removed_timeout = g_timeout_add_seconds (
      kiosk_flow_get_settings (KIOSK_FLOW (self))->take_card_timeout_s, removed_timeout_cb, self);
}

static void
enter_receipt (KioskUnblockFlow *self)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  KioskReceipt *receipt = kiosk_flow_new_receipt (flow);
  g_autofree char *masked = kiosk_flow_mask_card_number (self->result->card_number);

  if (masked != NULL)
    kiosk_receipt_add_line (receipt, "社会保障卡号", masked);
  kiosk_receipt_set_outcome (receipt, KIOSK_RECEIPT_OUTCOME_SUCCESS, "已解挂，卡片恢复正常使用");
  kiosk_receipt_add_guidance (receipt, 7, "卡片已恢复正常使用，请妥善保管");
  kiosk_flow_print_service_receipt (flow, receipt, "done");
}

/* ---- the state machine ---------------------------------------------------- */

static void
unblock_enter (KioskFlow *flow, int state)
{
  KioskUnblockFlow *self = KIOSK_UNBLOCK_FLOW (flow);

  stop_waiting_out (self);
  if (state != S (INSERT_CARD) && state != S (READ_CARD))
    {
      self->read_failures = 0;
      self->await_removal = FALSE;
    }
  switch ((KioskUnblockState) state)
    {
      case S (READ_ID):
      case S (PHOTO):
      case S (CONFIRM):
        break;
      case S (LOOKUP):
        kiosk_flow_lookup_person (flow, check_person, S (PHOTO));
        break;
      case S (FACE_VERIFY):
        kiosk_flow_verify_face (flow, S (INSERT_CARD));
        break;
      case S (INSERT_CARD):
        enter_insert_card (self);
        break;
      case S (READ_CARD):
        enter_read_card (self);
        break;
      case S (REPORT):
        enter_report (self);
        break;
      case S (RETURN_CARD):
        enter_return_card (self);
        break;
      case S (RECEIPT):
        enter_receipt (self);
        break;
      default:
        g_assert_not_reached ();
    }
}

static gboolean
unblock_confirm (KioskFlow *flow, GError **error)
{
  switch (kiosk_flow_get_state (flow))
    {
      case S (CONFIRM):
        kiosk_flow_set_state (flow, S (REPORT));
        return TRUE;
      case S (RETURN_CARD):
        card_returned (KIOSK_UNBLOCK_FLOW (flow));
        return TRUE;
      default:
        return kiosk_flow_wrong_state (error);
    }
}

static gboolean
unblock_can_cancel (KioskFlow *flow)
{
  return kiosk_flow_get_state (flow) < S (REPORT);
}

static void
unblock_finish (KioskFlow *flow, KioskFlowPage page)
{
  KioskUnblockFlow *self = KIOSK_UNBLOCK_FLOW (flow);

  stop_waiting_removal (self);
  stop_waiting_out (self);
  kiosk_session_wipe_card (&self->result);
}

static void
kiosk_unblock_flow_dispose (GObject *object)
{
  stop_waiting_removal (KIOSK_UNBLOCK_FLOW (object));
  stop_waiting_out (KIOSK_UNBLOCK_FLOW (object));
  G_OBJECT_CLASS (kiosk_unblock_flow_parent_class)->dispose (object);
}

static void
kiosk_unblock_flow_finalize (GObject *object)
{
  kiosk_session_wipe_card (&KIOSK_UNBLOCK_FLOW (object)->result);
  G_OBJECT_CLASS (kiosk_unblock_flow_parent_class)->finalize (object);
}

static void
kiosk_unblock_flow_class_init (KioskUnblockFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KioskFlowClass *flow_class = KIOSK_FLOW_CLASS (klass);

  object_class->dispose = kiosk_unblock_flow_dispose;
  object_class->finalize = kiosk_unblock_flow_finalize;
  flow_class->service = KIOSK_SERVICE_UNBLOCK;
  flow_class->journal_service = "unblock";
  flow_class->states = states;
  flow_class->n_states = G_N_ELEMENTS (states);
  flow_class->steps = steps;
  flow_class->n_steps = G_N_ELEMENTS (steps);
  flow_class->after_id_state = S (LOOKUP);
  flow_class->photo_state = S (PHOTO);
  flow_class->photo_check_state = -1;
  flow_class->after_photo_state = S (FACE_VERIFY);
  flow_class->photo_full_check = FALSE;
  flow_class->enter = unblock_enter;
  flow_class->confirm = unblock_confirm;
  flow_class->can_cancel = unblock_can_cancel;
  flow_class->finish = unblock_finish;
}

static void
kiosk_unblock_flow_init (KioskUnblockFlow *self)
{
}

KioskFlow *
kiosk_unblock_flow_new (KioskContext *context)
{
  return g_object_new (KIOSK_TYPE_UNBLOCK_FLOW, "context", context, NULL);
}
