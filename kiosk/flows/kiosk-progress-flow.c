/* kiosk-progress-flow.c — R16: production progress and the pickup window; R3 failures explained */
#include "config.h"

#define G_LOG_DOMAIN "kiosk-flows"

#include "kiosk-progress-flow.h"

#include <string.h>

#include "kiosk-flow-private.h"
#include "kiosk-mask.h"
#include "kiosk-validate.h"

struct _KioskProgressFlow
{
  KioskFlow parent_instance;

  KioskProgress *progress;
  const KioskWindow *window; /* owned by the catalog */
  char *card_number_masked;
  char *qr_payload;
  gboolean resubmitted; /* the R3 correction was taken: progress is the new answer */
};

G_DEFINE_FINAL_TYPE (KioskProgressFlow, kiosk_progress_flow, KIOSK_TYPE_FLOW)

#define S(x) KIOSK_PROGRESS_STATE_##x

static const KioskFlowStateInfo states[] = {
  { S (READ_ID), "read-id", KIOSK_FLOW_PAGE_ID_NUMBER, KIOSK_FLOW_TIMEOUT_ID, "read-id",
    "请放置身份证，或输入身份证号码" },
  { S (QUERY), "query", KIOSK_FLOW_PAGE_WORKING, 0, "result", "正在查询制卡进度，请稍候" },
  { S (RESULT), "result", KIOSK_FLOW_PAGE_RESULT, KIOSK_FLOW_TIMEOUT_PAGE, "result", "" },
  { S (FIX_PHOTO), "fix-photo", KIOSK_FLOW_PAGE_CAMERA, KIOSK_FLOW_TIMEOUT_PAGE, "fix",
    "请正对摄像头重新拍照（白色背景、彩色、免冠）", S (RESULT) },
  { S (FIX_PHONE), "fix-phone", KIOSK_FLOW_PAGE_FORM, KIOSK_FLOW_TIMEOUT_FORM, "fix",
    "请输入正确的手机号码或带区号的固定电话", S (RESULT) },
  { S (FIX_VERIFY), "fix-verify", KIOSK_FLOW_PAGE_WORKING, 0, "fix", "正在核验照片，请稍候" },
  { S (FIX_SUBMIT), "fix-submit", KIOSK_FLOW_PAGE_WORKING, 0, "fix", "正在提交更正资料，请稍候" },
  { S (RECEIPT), "receipt", KIOSK_FLOW_PAGE_WORKING, 0, "receipt", "正在打印凭条，请稍候" },
};

static const KioskFlowStep steps[] = {
  { "read-id", "身份证号码", 0, 10, FALSE },
  { "result", "查询结果", 0, 30, FALSE },
  { "fix", "更正资料", 0, 60, FALSE },
  { "receipt", "打印凭条", 0, 5, FALSE },
};

gboolean
kiosk_progress_flow_submit_id_number (KioskProgressFlow *self, const char *text, GError **error)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  g_autofree char *normalised = NULL;
  g_autoptr (GError) validation = NULL;
  GDate today;

  g_return_val_if_fail (KIOSK_IS_PROGRESS_FLOW (self), FALSE);
  if (!kiosk_flow_require_state (flow, S (READ_ID), error))
    return FALSE;
  kiosk_flow_get_today (flow, &today);
  if (!kiosk_validate_id_number_at (kiosk_context_get_catalog (kiosk_flow_get_context (flow)), text,
                                    &today, &normalised, &validation))
    {
      kiosk_flow_keep_alive (flow);
      g_set_error_literal (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID, validation->message);
      return FALSE;
    }
  kiosk_flow_accept_id_number (flow, normalised);
  explicit_bzero (normalised, strlen (normalised));
  return TRUE;
}

/* ---- query ---------------------------------------------------------------- */

static const KioskWindow *
find_window (KioskCatalog *catalog, const KioskProgress *progress)
{
  const KioskBank *bank;

  if (progress->window != NULL)
    {
      const KioskWindow *window = kiosk_catalog_lookup_window (catalog, progress->window);

      if (window != NULL)
        return window;
    }
  bank = progress->bank != NULL ? kiosk_catalog_lookup_bank (catalog, progress->bank) : NULL;
  return bank != NULL ? kiosk_catalog_window_for_bank (catalog, bank->key) : NULL;
}

static void
show_result (KioskProgressFlow *self)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  g_autoptr (GString) text = g_string_new (NULL);

  if (self->resubmitted)
    g_string_append (text, "更正资料已提交，银行已重新办理预开户。");
  g_string_append (text, self->progress->text);
  if (self->progress->stage == KIOSK_CARD_STAGE_PRE_ACCOUNT_FAILED)
    {
      KioskPreAccountFailure failure = self->progress->pre_account_failure;

      g_string_append_printf (text, "：%s。", kiosk_pre_account_failure_to_label (failure));
      if (failure == KIOSK_PRE_ACCOUNT_FAILURE_NAME_ID_MISMATCH)
        /* Name and ID number come from the ID card: only a window can help. */
        g_string_append (text,
                         "本机不能更正姓名和身份证号码，请本人持身份证到社会保障卡综合服务窗口"
                         "办理（R3）");
      else if (kiosk_session_get_id_card (kiosk_flow_get_session (flow)) == NULL)
        g_string_append (text,
                         "如需在本机更正，请放置本人身份证重新查询；也可到社会保障卡综合服务窗口"
                         "办理（R3）");
      else
        g_string_append_printf (text, "%s可以在本机更正（R3）",
                                kiosk_pre_account_failure_to_remedy (failure));
    }
  if (self->window != NULL)
    g_string_append_printf (text, "\n领卡网点：%s，%s%s，电话 %s", self->window->name,
                            self->window->city, self->window->address, self->window->phone);
  kiosk_flow_set_message (flow, text->str);
}

static void
wipe_progress (KioskProgress **progress)
{
  if (*progress != NULL && (*progress)->card_number != NULL)
    explicit_bzero ((*progress)->card_number, strlen ((*progress)->card_number));
  g_clear_pointer (progress, kiosk_progress_free);
}

/* Takes `progress` (the center's answer) and derives what is shown. */
static void
set_progress (KioskProgressFlow *self, KioskProgress *progress)
{
  KioskFlow *flow = KIOSK_FLOW (self);

  wipe_progress (&self->progress);
  g_free (self->card_number_masked);
  g_free (self->qr_payload);
  self->progress = progress;
  self->window = find_window (kiosk_context_get_catalog (kiosk_flow_get_context (flow)), progress);
  self->card_number_masked = kiosk_flow_mask_card_number (progress->card_number);
  /* What the QR code carries: stage and window, never personal data. */
  self->qr_payload = g_strdup_printf ("sskiosk:progress?stage=%s&window=%s",
                                      kiosk_card_stage_to_string (progress->stage),
                                      self->window != NULL ? self->window->key : "");
}

static void
progress_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskFlowCall) call = user_data;
  KioskFlow *flow = call->flow;
  KioskProgressFlow *self = KIOSK_PROGRESS_FLOW (flow);
  g_autoptr (GError) error = NULL;
  KioskProgress *progress;
  g_autofree char *payload = NULL;

  progress = kiosk_center_get_progress_finish (KIOSK_CENTER (source), result, &error);
  if (progress == NULL)
    {
      if (kiosk_flow_call_is_stale (call, error))
        return;
      error = kiosk_flow_call_take_error (call, g_steal_pointer (&error));
      if (g_error_matches (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_NOT_FOUND))
        {
          g_autoptr (KioskRefusal) none
              = kiosk_refusal_new (16, "没有查到您的社会保障卡申领记录",
                                   "请持身份证到社会保障卡综合服务窗口申领，或拨打12333咨询", NULL);

          kiosk_flow_journal_outcome (flow, "progress", "not-found", NULL);
          kiosk_flow_finish_refused (flow, none);
          return;
        }
      kiosk_flow_journal_outcome (flow, "progress", "failed", NULL);
      kiosk_flow_fail_from_center (flow, error);
      return;
    }
  if (kiosk_flow_call_is_stale (call, NULL))
    {
      kiosk_progress_free (progress);
      return;
    }
  set_progress (self, progress);
  payload = g_strdup_printf ("{\"stage\":\"%s\"}", kiosk_card_stage_to_string (progress->stage));
  if (!kiosk_flow_journal_outcome (flow, "progress", "ok", payload))
    return;
  kiosk_flow_set_state (flow, S (RESULT));
}

static void
enter_query (KioskProgressFlow *self)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  g_autofree char *key = kiosk_flow_key (flow, "progress");
  KioskFlowCall *call
      = kiosk_flow_call_new (flow, kiosk_flow_get_settings (flow)->center_timeout_s);

  kiosk_center_get_progress_async (kiosk_flow_get_center (flow), key,
                                   kiosk_session_get_id_number (kiosk_flow_get_session (flow)),
                                   call->cancellable, progress_cb, call);
}

const KioskProgress *
kiosk_progress_flow_get_progress (KioskProgressFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_PROGRESS_FLOW (self), NULL);
  return self->progress;
}

const KioskWindow *
kiosk_progress_flow_get_window (KioskProgressFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_PROGRESS_FLOW (self), NULL);
  return self->window;
}

const char *
kiosk_progress_flow_get_card_number_masked (KioskProgressFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_PROGRESS_FLOW (self), NULL);
  return self->card_number_masked;
}

/* ---- R3: what the kiosk can fix ------------------------------------------- */

KioskProgressFix
kiosk_progress_flow_get_fix (KioskProgressFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_PROGRESS_FLOW (self), KIOSK_PROGRESS_FIX_NONE);
  if (self->progress == NULL || self->progress->stage != KIOSK_CARD_STAGE_PRE_ACCOUNT_FAILED)
    return KIOSK_PROGRESS_FIX_NONE;
  /* Corrections change the holder's application: only with the holder's
   * ID card on the reader, never for a typed number (R16 lets anyone ask). */
  if (kiosk_flow_is_finished (KIOSK_FLOW (self))
      || kiosk_session_get_id_card (kiosk_flow_get_session (KIOSK_FLOW (self))) == NULL)
    return KIOSK_PROGRESS_FIX_NONE;
  switch (self->progress->pre_account_failure)
    {
      case KIOSK_PRE_ACCOUNT_FAILURE_PHOTO:
        return KIOSK_PROGRESS_FIX_PHOTO;
      case KIOSK_PRE_ACCOUNT_FAILURE_PHONE:
        return KIOSK_PROGRESS_FIX_PHONE;
      default:
        /* A name that does not match the ID number is a window's matter. */
        return KIOSK_PROGRESS_FIX_NONE;
    }
}

gboolean
kiosk_progress_flow_begin_fix (KioskProgressFlow *self, GError **error)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  KioskProgressFix fix;

  g_return_val_if_fail (KIOSK_IS_PROGRESS_FLOW (self), FALSE);
  fix = kiosk_progress_flow_get_fix (self);
  if (kiosk_flow_is_finished (flow) || kiosk_flow_get_state (flow) != S (RESULT)
      || fix == KIOSK_PROGRESS_FIX_NONE)
    return kiosk_flow_wrong_state (error);
  kiosk_flow_set_state (flow, fix == KIOSK_PROGRESS_FIX_PHOTO ? S (FIX_PHOTO) : S (FIX_PHONE));
  return TRUE;
}

gboolean
kiosk_progress_flow_submit_phone (KioskProgressFlow *self, const char *phone, GError **error)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  KioskApplicationForm *form;
  g_autofree char *normalised = NULL;
  g_autoptr (GError) validation = NULL;

  g_return_val_if_fail (KIOSK_IS_PROGRESS_FLOW (self), FALSE);
  if (!kiosk_flow_require_state (flow, S (FIX_PHONE), error))
    return FALSE;
  if (!kiosk_validate_phone (phone, &normalised, &validation))
    {
      kiosk_flow_keep_alive (flow);
      g_set_error_literal (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID, validation->message);
      return FALSE;
    }
  /* The session holds it (and wipes it); the form's phone is its place. */
  form = kiosk_session_get_form (kiosk_flow_get_session (flow));
  if (form->phone != NULL)
    explicit_bzero (form->phone, strlen (form->phone));
  g_free (form->phone);
  form->phone = g_steal_pointer (&normalised);
  if (!kiosk_flow_journal_outcome (flow, "fix-phone", "ok", NULL))
    return TRUE; /* the flow ended (FAILED) */
  kiosk_flow_set_state (flow, S (FIX_SUBMIT));
  return TRUE;
}

static void
resubmitted_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskFlowCall) call = user_data;
  KioskFlow *flow = call->flow;
  KioskProgressFlow *self = KIOSK_PROGRESS_FLOW (flow);
  g_autoptr (GError) error = NULL;
  g_autofree char *payload = NULL;
  KioskProgress *progress;

  progress = kiosk_center_resubmit_pre_account_finish (KIOSK_CENTER (source), result, &error);
  if (progress == NULL)
    {
      if (kiosk_flow_call_is_stale (call, error))
        return;
      error = kiosk_flow_call_take_error (call, g_steal_pointer (&error));
      /* A refusal changed nothing (R3, R17); an unknown outcome is asked
       * again by recovery with the same key. */
      kiosk_flow_effect_failed (flow, KIOSK_STEP_RESUBMIT, error,
                                "暂时无法确认更正资料是否已提交，本机稍后会自动确认。请过一段时间再"
                                "查询制卡进度，或到社会保障卡综合服务窗口咨询");
      return;
    }
  if (kiosk_flow_call_is_stale (call, NULL))
    {
      wipe_progress (&progress);
      return;
    }
  set_progress (self, progress);
  self->resubmitted = TRUE;
  payload = g_strdup_printf ("{\"stage\":\"%s\"}", kiosk_card_stage_to_string (progress->stage));
  if (!kiosk_flow_journal_outcome (flow, KIOSK_STEP_RESUBMIT, "ok", payload))
    return;
  kiosk_flow_set_state (flow, S (RESULT));
}

static void
enter_fix_submit (KioskProgressFlow *self)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  KioskSession *session = kiosk_flow_get_session (flow);
  KioskProgressFix fix = kiosk_progress_flow_get_fix (self);
  const char *phone = NULL;
  GBytes *photo = NULL;
  g_autofree char *key = NULL;
  g_autoptr (GError) error = NULL;
  KioskFlowCall *call;

  if (fix == KIOSK_PROGRESS_FIX_PHONE)
    {
      phone = kiosk_session_get_form (session)->phone;
      /* Recovery repeats the request from the session's personal fields. */
      if (phone != NULL
          && !kiosk_store_session_set_person (
              kiosk_flow_get_store (flow), kiosk_flow_get_uuid (flow), NULL, NULL, phone, &error))
        phone = NULL;
    }
  else if (fix == KIOSK_PROGRESS_FIX_PHOTO)
    {
      photo = kiosk_session_get_photo (session);
      if (photo != NULL && !kiosk_flow_keep_photo (flow, photo, &error))
        photo = NULL;
    }
  if (phone == NULL && photo == NULL)
    {
      g_autoptr (GError) flow_error
          = g_error_new (KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_STORE,
                         "更正资料无法保存，请到社会保障卡综合服务窗口办理 (%s)",
                         error != NULL ? error->message : "nothing to submit");

      kiosk_flow_finish_failed (flow, flow_error, NULL);
      return;
    }
  call = kiosk_flow_begin_effect (flow, KIOSK_STEP_RESUBMIT,
                                  phone != NULL ? "{\"fix\":\"phone\"}" : "{\"fix\":\"photo\"}",
                                  &key);
  if (call == NULL)
    return;
  /* NULL: the person's current card, the one the query answered about. */
  kiosk_center_resubmit_pre_account_async (kiosk_flow_get_center (flow), key,
                                           kiosk_session_get_id_number (session), NULL, phone,
                                           photo, call->cancellable, resubmitted_cb, call);
}

/* ---- receipt -------------------------------------------------------------- */

static void
enter_receipt (KioskProgressFlow *self)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  KioskReceipt *receipt = kiosk_flow_new_receipt (flow);

  if (self->card_number_masked != NULL)
    kiosk_receipt_add_line (receipt, "社会保障卡号", self->card_number_masked);
  kiosk_receipt_add_line (receipt, "制卡进度", self->progress->text);
  if (self->window != NULL)
    {
      g_autofree char *address = g_strconcat (self->window->city, self->window->address, NULL);

      kiosk_receipt_add_line (receipt, "领卡网点", self->window->name);
      kiosk_receipt_add_line (receipt, "地址", address);
      kiosk_receipt_add_line (receipt, "电话", self->window->phone);
    }
  if (self->progress->stage == KIOSK_CARD_STAGE_PRE_ACCOUNT_FAILED)
    kiosk_receipt_add_guidance (
        receipt, 3, kiosk_pre_account_failure_to_remedy (self->progress->pre_account_failure));
  kiosk_receipt_set_outcome (receipt, KIOSK_RECEIPT_OUTCOME_PENDING, self->progress->text);
  kiosk_receipt_set_qr (receipt, self->qr_payload, "制卡进度");
  kiosk_flow_print_receipt_and_finish (flow, receipt, self->qr_payload, "done");
}

/* ---- the state machine ---------------------------------------------------- */

static void
progress_enter (KioskFlow *flow, int state)
{
  KioskProgressFlow *self = KIOSK_PROGRESS_FLOW (flow);

  switch ((KioskProgressState) state)
    {
      case S (READ_ID):
      case S (FIX_PHOTO):
      case S (FIX_PHONE):
        break;
      case S (QUERY):
        enter_query (self);
        break;
      case S (RESULT):
        show_result (self);
        break;
      case S (FIX_VERIFY):
        /* The new card photo must be the holder's own face. */
        kiosk_flow_verify_face (flow, S (FIX_SUBMIT));
        break;
      case S (FIX_SUBMIT):
        enter_fix_submit (self);
        break;
      case S (RECEIPT):
        enter_receipt (self);
        break;
      default:
        g_assert_not_reached ();
    }
}

static gboolean
progress_confirm (KioskFlow *flow, GError **error)
{
  if (!kiosk_flow_require_state (flow, S (RESULT), error))
    return FALSE;
  kiosk_flow_set_state (flow, S (RECEIPT));
  return TRUE;
}

static void
progress_finish (KioskFlow *flow, KioskFlowPage page)
{
  KioskProgressFlow *self = KIOSK_PROGRESS_FLOW (flow);

  if (self->progress != NULL && self->progress->card_number != NULL)
    explicit_bzero (self->progress->card_number, strlen (self->progress->card_number));
}

static void
kiosk_progress_flow_finalize (GObject *object)
{
  KioskProgressFlow *self = KIOSK_PROGRESS_FLOW (object);

  wipe_progress (&self->progress);
  g_free (self->card_number_masked);
  g_free (self->qr_payload);
  G_OBJECT_CLASS (kiosk_progress_flow_parent_class)->finalize (object);
}

static void
kiosk_progress_flow_class_init (KioskProgressFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KioskFlowClass *flow_class = KIOSK_FLOW_CLASS (klass);

  object_class->finalize = kiosk_progress_flow_finalize;
  flow_class->service = KIOSK_SERVICE_PROGRESS;
  flow_class->journal_service = "progress";
  flow_class->states = states;
  flow_class->n_states = G_N_ELEMENTS (states);
  flow_class->steps = steps;
  flow_class->n_steps = G_N_ELEMENTS (steps);
  flow_class->after_id_state = S (QUERY);
  flow_class->photo_state = S (FIX_PHOTO);
  flow_class->photo_check_state = -1;
  flow_class->after_photo_state = S (FIX_VERIFY);
  flow_class->photo_full_check = TRUE;
  flow_class->enter = progress_enter;
  flow_class->confirm = progress_confirm;
  flow_class->finish = progress_finish;
}

static void
kiosk_progress_flow_init (KioskProgressFlow *self)
{
}

KioskFlow *
kiosk_progress_flow_new (KioskContext *context)
{
  return g_object_new (KIOSK_TYPE_PROGRESS_FLOW, "context", context, NULL);
}
