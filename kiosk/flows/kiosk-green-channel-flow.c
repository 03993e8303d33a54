/* kiosk-green-channel-flow.c — R4: instant issuance, journaled as ISSUANCE.md says */
#include "config.h"

#define G_LOG_DOMAIN "kiosk-flows"

#include "kiosk-green-channel-flow.h"

#include <string.h>

#include <glib/gstdio.h>

#include "kiosk-apdu-script.h"
#include "kiosk-chip-reader.h"
#include "kiosk-flow-private.h"
#include "kiosk-mask.h"
#include "kiosk-validate.h"

struct _KioskGreenChannelFlow
{
  KioskFlow parent_instance;

  gboolean form_filled;
  gboolean retaking;   /* PHOTO was entered from REVIEW: back to it afterwards */
  GPtrArray *problems; /* KioskApplicationFormProblem */
  GBytes *preview;
  struct _PreviewSlot *preview_slot;   /* the preview being rendered, or NULL */
  KioskCenterApplication *application; /* personal data: wiped at the end */
  char *card_number_masked;
  GDate issue_date;
  guint read_backs; /* reads of the finished card at the verify step */
};

G_DEFINE_FINAL_TYPE (KioskGreenChannelFlow, kiosk_green_channel_flow, KIOSK_TYPE_FLOW)

#define S(x) KIOSK_GREEN_CHANNEL_STATE_##x

static const KioskFlowStateInfo states[] = {
  { S (READ_ID), "read-id", KIOSK_FLOW_PAGE_ID_CARD, KIOSK_FLOW_TIMEOUT_ID, "read-id",
    "请将身份证放在感应区" },
  { S (LOOKUP), "lookup", KIOSK_FLOW_PAGE_WORKING, 0, "read-id", "正在查询您的参保信息，请稍候" },
  { S (PHOTO), "photo", KIOSK_FLOW_PAGE_CAMERA, KIOSK_FLOW_TIMEOUT_PAGE, "photo",
    "请正对摄像头，头部在框内，然后点击“拍照”" },
  { S (PHOTO_CHECK), "photo-check", KIOSK_FLOW_PAGE_WORKING, 0, "photo", "正在检查照片，请稍候" },
  { S (FACE_VERIFY), "face-verify", KIOSK_FLOW_PAGE_WORKING, 0, "photo",
    "正在进行人脸核验，请稍候" },
  { S (FORM), "form", KIOSK_FLOW_PAGE_FORM, KIOSK_FLOW_TIMEOUT_FORM, "form",
    "请填写联系电话、联名银行等信息" },
  { S (REVIEW), "review", KIOSK_FLOW_PAGE_REVIEW, KIOSK_FLOW_TIMEOUT_PAGE, "confirm",
    "请核对卡面信息，确认无误后点击“确认”", S (FORM) },
  { S (SIGNATURE), "signature", KIOSK_FLOW_PAGE_SIGNATURE, KIOSK_FLOW_TIMEOUT_FORM, "confirm",
    "请在框内签名", S (REVIEW) },
  { S (APPLY), "apply", KIOSK_FLOW_PAGE_PRODUCTION, 0, "apply", "正在提交申请并办理银行预开户" },
  { S (FEED), "feed", KIOSK_FLOW_PAGE_PRODUCTION, 0, "feed", "正在取出空白卡" },
  { S (PERSONALISE), "personalise", KIOSK_FLOW_PAGE_PRODUCTION, 0, "personalise", "正在写入芯片" },
  { S (PRINT), "print", KIOSK_FLOW_PAGE_PRODUCTION, 0, "print", "正在打印卡面" },
  { S (VERIFY), "verify", KIOSK_FLOW_PAGE_PRODUCTION, 0, "verify", "正在校验卡片" },
  { S (EJECT), "eject", KIOSK_FLOW_PAGE_PRODUCTION, 0, "eject", "正在出卡" },
  { S (TAKE_CARD), "take-card", KIOSK_FLOW_PAGE_TAKE_CARD, 0, "take",
    "请从出卡口取走您的社会保障卡" },
  { S (REPORT), "report", KIOSK_FLOW_PAGE_WORKING, 0, "receipt", "正在完成办理，请稍候" },
  { S (SPOIL), "spoil", KIOSK_FLOW_PAGE_PRODUCTION, 0, NULL,
    "卡片制作未成功，正在回收卡片，请稍候" },
  { S (RECEIPT), "receipt", KIOSK_FLOW_PAGE_WORKING, 0, "receipt", "正在打印凭条，请稍候" },
};

static const KioskFlowStep steps[] = {
  { "read-id", "读取身份证", 0, 10, FALSE },  { "photo", "拍照核验", 0, 20, FALSE },
  { "form", "填写信息", 0, 60, FALSE },       { "confirm", "确认签名", 0, 30, FALSE },
  { "apply", "提交申请", 0, 5, TRUE },        { "feed", "取空白卡", 0, 5, TRUE },
  { "personalise", "写入芯片", 0, 15, TRUE }, { "print", "打印卡面", 0, 20, TRUE },
  { "verify", "校验卡片", 0, 5, TRUE },       { "eject", "出卡", 0, 3, TRUE },
  { "take", "取卡", 0, 10, FALSE },           { "receipt", "打印凭条", 0, 5, FALSE },
};

static const char *const editable_fields[] = {
  "phone", "bank", "occupation", "industry", "household-type", "postal-code", "address", NULL,
};

/* ---- lookup ----------------------------------------------------------------- */

static KioskRefusal *
check_person (KioskFlow *flow, const KioskPerson *person)
{
  GDate today;

  kiosk_flow_get_today (flow, &today);
  return kiosk_rules_check_green_channel (
      person, kiosk_context_get_policy (kiosk_flow_get_context (flow)), &today);
}

/* ---- the form ----------------------------------------------------------------- */

static const char *
id_type_key (KioskIdCardType type)
{
  switch (type)
    {
      case KIOSK_ID_CARD_FOREIGNER:
      case KIOSK_ID_CARD_FOREIGNER_2023:
        return "foreign-permanent-residence";
      case KIOSK_ID_CARD_HKMOTW:
      case KIOSK_ID_CARD_RESIDENT:
      default:
        return "resident-id";
    }
}

static void
set_string (char **field, const char *value)
{
  if (*field != NULL)
    explicit_bzero (*field, strlen (*field));
  g_free (*field);
  *field = g_strdup (value);
}

/* The chip's fields, and the address defaulting to the ID card's. */
static void
fill_form (KioskGreenChannelFlow *self)
{
  KioskSession *session = kiosk_flow_get_session (KIOSK_FLOW (self));
  const KioskIdCardData *id = kiosk_session_get_id_card (session);
  KioskApplicationForm *form = kiosk_session_get_form (session);
  g_autofree char *sex = NULL;

  if (self->form_filled || id == NULL)
    return;
  self->form_filled = TRUE;
  sex = id->sex == 1 || id->sex == 2 ? g_strdup_printf ("%u", id->sex) : NULL;
  set_string (&form->name, id->name != NULL ? id->name : id->english_name);
  set_string (&form->sex, sex);
  set_string (&form->id_type, id_type_key (id->type));
  set_string (&form->id_number, id->id_number);
  set_string (&form->id_valid_from, id->valid_from);
  set_string (&form->id_valid_to, id->valid_long_term ? "长期" : id->valid_to);
  set_string (&form->birth_date, id->birth_date);
  set_string (
      &form->ethnic_group,
      id->nation != NULL
          ? id->nation
          : (id->type == KIOSK_ID_CARD_RESIDENT || id->type == KIOSK_ID_CARD_HKMOTW ? "97" : "98"));
  set_string (&form->address, id->address);
}

static KioskApplicationForm *
form_of (KioskGreenChannelFlow *self)
{
  return kiosk_session_get_form (kiosk_flow_get_session (KIOSK_FLOW (self)));
}

gboolean
kiosk_green_channel_flow_field_is_editable (const char *field)
{
  return field != NULL && g_strv_contains (editable_fields, field);
}

const KioskApplicationForm *
kiosk_green_channel_flow_get_form (KioskGreenChannelFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_GREEN_CHANNEL_FLOW (self), NULL);
  if (kiosk_flow_get_session (KIOSK_FLOW (self)) == NULL)
    return NULL;
  return form_of (self);
}

static gboolean
invalid (GError **error, GError *validation)
{
  g_set_error_literal (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID, validation->message);
  g_error_free (validation);
  return FALSE;
}

gboolean
kiosk_green_channel_flow_set_field (KioskGreenChannelFlow *self,
                                    const char *field,
                                    const char *value,
                                    GError **error)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  KioskCatalog *catalog;
  KioskApplicationForm *form;
  g_autofree char *normalised = NULL;
  GError *validation = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (KIOSK_IS_GREEN_CHANNEL_FLOW (self), FALSE);
  if (!kiosk_flow_require_state (flow, S (FORM), error))
    return FALSE;
  if (!kiosk_green_channel_flow_field_is_editable (field))
    {
      g_set_error (
          error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID, "“%s”取自身份证芯片，不能修改",
          kiosk_application_form_field_label (field) ? kiosk_application_form_field_label (field)
                                                     : "此项");
      return FALSE;
    }
  kiosk_flow_keep_alive (flow);
  catalog = kiosk_context_get_catalog (kiosk_flow_get_context (flow));
  form = form_of (self);

  if (g_str_equal (field, "bank"))
    {
      const char *ticked[] = { value, NULL };

      ok = kiosk_validate_bank (catalog, value != NULL ? ticked : NULL, &normalised, &validation);
      g_strfreev (form->banks);
      form->banks = g_strdupv ((char **) (value != NULL ? ticked : (const char *[]){ NULL }));
      if (ok)
        {
          g_strfreev (form->banks);
          form->banks = g_strdupv ((char *[]){ normalised, NULL });
        }
      return ok ? TRUE : invalid (error, validation);
    }

  if (g_str_equal (field, "phone"))
    ok = kiosk_validate_phone (value, &normalised, &validation);
  else if (g_str_equal (field, "postal-code"))
    ok = kiosk_validate_postal_code (value, &normalised, &validation);
  else if (g_str_equal (field, "address"))
    ok = kiosk_validate_text (value, "通信地址", 4, 100, &normalised, &validation);
  else if (g_str_equal (field, "occupation"))
    ok = value == NULL || value[0] == '\0'
         || kiosk_validate_choice (catalog, KIOSK_CATALOG_OCCUPATIONS, value, &normalised,
                                   &validation);
  else if (g_str_equal (field, "industry"))
    ok = value == NULL || value[0] == '\0'
         || kiosk_validate_choice (catalog, KIOSK_CATALOG_INDUSTRIES, value, &normalised,
                                   &validation);
  else if (g_str_equal (field, "household-type"))
    ok = value == NULL || value[0] == '\0'
         || kiosk_validate_choice (catalog, KIOSK_CATALOG_HOUSEHOLD_TYPES, value, &normalised,
                                   &validation);

  {
    /* Keep what was typed when it is wrong, so the page can show it. */
    const char *stored = ok && normalised != NULL ? normalised : value;
    char **slot = NULL;

    if (g_str_equal (field, "phone"))
      slot = &form->phone;
    else if (g_str_equal (field, "postal-code"))
      slot = &form->postal_code;
    else if (g_str_equal (field, "address"))
      slot = &form->address;
    else if (g_str_equal (field, "occupation"))
      slot = &form->occupation;
    else if (g_str_equal (field, "industry"))
      slot = &form->industry;
    else if (g_str_equal (field, "household-type"))
      slot = &form->household_type;
    if (slot != NULL)
      set_string (slot, stored);
  }
  if (normalised != NULL)
    explicit_bzero (normalised, strlen (normalised));
  return ok ? TRUE : invalid (error, validation);
}

GPtrArray *
kiosk_green_channel_flow_get_problems (KioskGreenChannelFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_GREEN_CHANNEL_FLOW (self), NULL);
  return self->problems;
}

static gboolean
submit_form (KioskGreenChannelFlow *self, GError **error)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  GPtrArray *problems = NULL;
  g_autoptr (GError) validation = NULL;
  GDate today;

  kiosk_flow_get_today (flow, &today);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  if (!kiosk_application_form_validate (form_of (self),
                                        kiosk_context_get_catalog (kiosk_flow_get_context (flow)),
                                        &today, &problems, &validation))
    {
      self->problems = problems;
      g_set_error_literal (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID, validation->message);
      return FALSE;
    }
  g_clear_pointer (&problems, g_ptr_array_unref);
  if (!kiosk_flow_journal_outcome (flow, "form", "ok", NULL))
    return TRUE;
  kiosk_flow_set_state (flow, S (REVIEW));
  return TRUE;
}

/* ---- review --------------------------------------------------------------- */

static void
wipe_bytes_free (GBytes **bytes)
{
  if (*bytes == NULL)
    return;
  /* Our own rendering: nobody else writes to it. */
  explicit_bzero ((gpointer) g_bytes_get_data (*bytes, NULL), g_bytes_get_size (*bytes));
  g_clear_pointer (bytes, g_bytes_unref);
}

/* The review's preview is rendered in the flows' render thread (≈ 7 ms of
 * drawing and 4 ms of PNG: too long for the main loop, which must answer a
 * touch within a frame — docs/performance.md). The slot is where the render
 * thread leaves it: the flow takes it when the render's callback comes back
 * to the main loop, or at once when kiosk_green_channel_flow_get_card_preview()
 * waits for it. */
typedef struct _PreviewSlot
{
  gint ref;
  GMutex lock;
  GCond cond;
  gboolean done;
  GBytes *png;
  GError *error;
  /* What the face shows: copies, overwritten when freed (personal). */
  char *name;
  char *masked_number;
  char *card_number;
  GDate issue_date;
  GBytes *photo;
} PreviewSlot;

static void
wipe_string (char **s)
{
  if (*s != NULL)
    explicit_bzero (*s, strlen (*s));
  g_clear_pointer (s, g_free);
}

static void
preview_slot_unref (PreviewSlot *slot)
{
  if (!g_atomic_int_dec_and_test (&slot->ref))
    return;
  wipe_string (&slot->name);
  wipe_string (&slot->masked_number);
  wipe_string (&slot->card_number);
  wipe_bytes_free (&slot->photo);
  wipe_bytes_free (&slot->png);
  g_clear_error (&slot->error);
  g_mutex_clear (&slot->lock);
  g_cond_clear (&slot->cond);
  g_free (slot);
}

static PreviewSlot *
preview_slot_ref (PreviewSlot *slot)
{
  g_atomic_int_inc (&slot->ref);
  return slot;
}

/* KioskFlowRenderFunc, in the render thread. */
static GBytes *
preview_render (gpointer data, GError **error)
{
  PreviewSlot *slot = data;
  GError *local = NULL;
  GBytes *png;

  png = kiosk_flow_render_card_face (slot->name, slot->masked_number, slot->card_number,
                                     &slot->issue_date, slot->photo, FALSE, NULL, TRUE, 150,
                                     &local);
  g_mutex_lock (&slot->lock);
  slot->png = png;
  slot->error = local != NULL ? g_error_copy (local) : NULL;
  slot->done = TRUE;
  g_cond_broadcast (&slot->cond);
  g_mutex_unlock (&slot->lock);
  /* The task's result is not used: the slot holds it. */
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  return g_bytes_new_static ("", 0);
}

/* The preview of `slot`, finished (waits for the render thread if need be),
 * becomes the flow's. */
static void
take_preview (KioskGreenChannelFlow *self)
{
  PreviewSlot *slot = g_steal_pointer (&self->preview_slot);

  g_mutex_lock (&slot->lock);
  while (!slot->done)
    g_cond_wait (&slot->cond, &slot->lock);
  wipe_bytes_free (&self->preview);
  self->preview = g_steal_pointer (&slot->png);
  if (self->preview == NULL)
    g_message ("green channel: no card-face preview: %s",
               slot->error != NULL ? slot->error->message : "?");
  g_mutex_unlock (&slot->lock);
  preview_slot_unref (slot);
}

typedef struct
{
  GWeakRef flow;
  PreviewSlot *slot;
} PreviewCall;

static void
preview_rendered_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  PreviewCall *call = user_data;
  g_autoptr (KioskGreenChannelFlow) self = g_weak_ref_get (&call->flow);
  g_autoptr (GBytes) empty = kiosk_flow_render_finish (result, NULL);

  /* Still the preview the review waits for (not one of a review left
   * since, nor one already taken by _get_card_preview()). */
  if (self != NULL && self->preview_slot == call->slot
      && kiosk_flow_get_state (KIOSK_FLOW (self)) == S (REVIEW))
    {
      take_preview (self);
      /* "state-changed" within REVIEW: the page shows the preview. */
      kiosk_flow_set_message (KIOSK_FLOW (self), NULL);
    }
  g_weak_ref_clear (&call->flow);
  preview_slot_unref (call->slot);
  g_free (call);
}

static void
forget_preview (KioskGreenChannelFlow *self)
{
  g_clear_pointer (&self->preview_slot, preview_slot_unref);
  wipe_bytes_free (&self->preview);
}

static void
enter_review (KioskGreenChannelFlow *self)
{
  KioskApplicationForm *form = form_of (self);
  GBytes *photo = kiosk_session_get_photo (kiosk_flow_get_session (KIOSK_FLOW (self)));
  PreviewSlot *slot = g_new0 (PreviewSlot, 1);
  PreviewCall *call = g_new0 (PreviewCall, 1);

  forget_preview (self);
  kiosk_flow_get_today (KIOSK_FLOW (self), &self->issue_date);
  slot->ref = 1;
  g_mutex_init (&slot->lock);
  g_cond_init (&slot->cond);
  slot->name = g_strdup (form->name);
  /* The printed card carries the social security number in full; the
   * preview on a public screen masks it (design/UI.md: only the name and
   * the photo are shown as they are, for the citizen to check). */
  slot->masked_number = kiosk_mask (KIOSK_MASK_ID_NUMBER, form->id_number);
  slot->card_number = g_strdup (self->application != NULL ? self->application->card_number : "—");
  slot->issue_date = self->issue_date;
  /* Our own copy: the session's photo is wiped when the session ends, maybe
   * while this one is being rendered. */
  slot->photo = photo != NULL
                    ? g_bytes_new (g_bytes_get_data (photo, NULL), g_bytes_get_size (photo))
                    : NULL;
  self->preview_slot = preview_slot_ref (slot);
  g_weak_ref_init (&call->flow, self);
  call->slot = preview_slot_ref (slot);
  kiosk_flow_render_async (preview_render, slot, (GDestroyNotify) preview_slot_unref, NULL,
                           preview_rendered_cb, call);
}

gboolean
kiosk_green_channel_flow_retake_photo (KioskGreenChannelFlow *self, GError **error)
{
  KioskFlow *flow = KIOSK_FLOW (self);

  g_return_val_if_fail (KIOSK_IS_GREEN_CHANNEL_FLOW (self), FALSE);
  if (!kiosk_flow_require_state (flow, S (REVIEW), error))
    return FALSE;
  kiosk_flow_keep_alive (flow);
  forget_preview (self);
  self->retaking = TRUE;
  kiosk_flow_set_state (flow, S (PHOTO));
  return TRUE;
}

gboolean
kiosk_green_channel_flow_is_retaking (KioskGreenChannelFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_GREEN_CHANNEL_FLOW (self), FALSE);
  return self->retaking && !kiosk_flow_is_finished (KIOSK_FLOW (self));
}

GBytes *
kiosk_green_channel_flow_get_card_preview (KioskGreenChannelFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_GREEN_CHANNEL_FLOW (self), NULL);
  if (kiosk_flow_get_state (KIOSK_FLOW (self)) != S (REVIEW))
    return NULL;
  if (self->preview_slot != NULL)
    take_preview (self);
  return self->preview;
}

gboolean
kiosk_green_channel_flow_is_preview_ready (KioskGreenChannelFlow *self)
{
  gboolean done;

  g_return_val_if_fail (KIOSK_IS_GREEN_CHANNEL_FLOW (self), FALSE);
  if (kiosk_flow_get_state (KIOSK_FLOW (self)) != S (REVIEW))
    return FALSE;
  if (self->preview_slot == NULL)
    return TRUE;
  g_mutex_lock (&self->preview_slot->lock);
  done = self->preview_slot->done;
  g_mutex_unlock (&self->preview_slot->lock);
  return done;
}

gboolean
kiosk_green_channel_flow_submit_signature (KioskGreenChannelFlow *self, GBytes *png, GError **error)
{
  static const guint8 png_magic[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  KioskFlow *flow = KIOSK_FLOW (self);
  gsize len = 0;
  const guint8 *data;

  g_return_val_if_fail (KIOSK_IS_GREEN_CHANNEL_FLOW (self), FALSE);
  if (!kiosk_flow_require_state (flow, S (SIGNATURE), error))
    return FALSE;
  data = png != NULL ? g_bytes_get_data (png, &len) : NULL;
  if (data == NULL || len < 64 || memcmp (data, png_magic, sizeof png_magic) != 0)
    {
      g_set_error_literal (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID, "请在框内签名");
      return FALSE;
    }
  kiosk_session_set_signature (kiosk_flow_get_session (flow), png);
  if (!kiosk_flow_journal_outcome (flow, "signature", "ok", NULL))
    return TRUE;
  kiosk_flow_set_state (flow, S (APPLY));
  return TRUE;
}

/* ---- apply (ISSUANCE.md step 3) ------------------------------------------- */

static void
applied_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskFlowCall) call = user_data;
  KioskGreenChannelFlow *self = KIOSK_GREEN_CHANNEL_FLOW (call->flow);
  KioskFlow *flow = call->flow;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCenterApplication) app = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *id_json = NULL;
  g_autofree char *masked_json = NULL;

  app = kiosk_center_apply_green_channel_finish (KIOSK_CENTER (source), result, &error);
  if (app == NULL)
    {
      if (kiosk_flow_call_is_stale (call, error))
        return;
      error = kiosk_flow_call_take_error (call, g_steal_pointer (&error));
      /* A refusal created nothing (R3, R4, R5, R17); an unknown outcome is
       * asked again by recovery with the same key, which cancels what it
       * finds. */
      kiosk_flow_effect_failed (
          flow, KIOSK_STEP_APPLY, error,
          "暂时无法提交申请，未制卡。请稍后再试或到社会保障卡综合服务窗口办理");
      return;
    }
  if (kiosk_flow_call_is_stale (call, NULL))
    return;
  self->application = g_steal_pointer (&app);
  kiosk_flow_production_set_subject (flow, self->application->application_id, NULL);
  self->card_number_masked = kiosk_flow_mask_card_number (self->application->card_number);
  id_json = kiosk_flow_json_string (self->application->application_id);
  masked_json = kiosk_flow_json_string (self->card_number_masked);
  payload
      = g_strdup_printf ("{\"application_id\":%s,\"card\":%s,\"script_steps\":%u}", id_json,
                         masked_json, kiosk_apdu_script_get_n_steps (self->application->script));
  if (!kiosk_flow_journal_outcome (flow, KIOSK_STEP_APPLY, "ok", payload))
    return;
  kiosk_flow_set_state (flow, S (FEED));
}

/* The accepted photo is written as the session's photo file (the store's
 * photo directory, purged with the session) in a worker thread: its two
 * fsyncs (the file, then its directory) took up to 50 ms of the main loop
 * on a busy disk (docs/performance.md). The flow waits for it before it
 * journals the application's intent — the file is durable first, so that
 * recovery can repeat the request with exactly its bytes; a crash while it
 * is being written leaves no intent, and recovery closes the session
 * "interrupted" (nothing was sent to the center). */
typedef struct
{
  char *dir;
  char *path;
  GBytes *photo;
} PhotoWrite;

static void
photo_write_free (gpointer data)
{
  PhotoWrite *write = data;

  g_free (write->dir);
  g_free (write->path);
  g_bytes_unref (write->photo);
  g_free (write);
}

static void
photo_write_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  PhotoWrite *write = task_data;
  GError *error = NULL;

  if (!kiosk_flow_write_photo_file (write->dir, write->path, write->photo, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
apply_failed_to_keep (KioskFlow *flow, const GError *error)
{
  g_autoptr (GError) flow_error = g_error_new (KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_STORE,
                                               "申请资料无法保存，请到窗口办理 (%s)",
                                               error != NULL ? error->message : "bank");

  kiosk_flow_finish_failed (flow, flow_error, NULL);
}

static void
send_application (KioskGreenChannelFlow *self)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  KioskSession *session = kiosk_flow_get_session (flow);
  KioskApplicationForm *form = form_of (self);
  KioskCatalog *catalog = kiosk_context_get_catalog (kiosk_flow_get_context (flow));
  const KioskBank *bank = kiosk_catalog_lookup_bank (catalog, form->banks ? form->banks[0] : NULL);
  g_autoptr (KioskCenterApplicationRequest) request = kiosk_center_application_request_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *j_bank = NULL, *j_nation = NULL, *j_postal = NULL, *j_address = NULL;
  KioskFlowCall *call;

  if (bank == NULL)
    {
      apply_failed_to_keep (flow, NULL);
      return;
    }
  request->id_number = g_strdup (form->id_number);
  request->name = g_strdup (form->name);
  request->nation = g_strdup (form->ethnic_group);
  request->phone = g_strdup (form->phone);
  request->postal_code = g_strdup (form->postal_code);
  request->address = g_strdup (form->address);
  request->bank = g_strdup (bank->name);
  request->photo = g_bytes_ref (kiosk_session_get_photo (session));

  /* What recovery needs to repeat the request: the ID number, name, phone
   * and photo are the session's personal fields; the rest is here. The
   * retention purge clears both. */
  j_bank = kiosk_flow_json_string (request->bank);
  j_nation = kiosk_flow_json_string (request->nation);
  j_postal = kiosk_flow_json_string (request->postal_code);
  j_address = kiosk_flow_json_string (request->address);
  payload = g_strdup_printf ("{\"bank\":%s,\"nation\":%s,\"postal_code\":%s,\"address\":%s}",
                             j_bank, j_nation, j_postal, j_address);
  if (!kiosk_store_session_set_person (kiosk_flow_get_store (flow), kiosk_flow_get_uuid (flow),
                                       form->id_number, form->name, form->phone, &error))
    g_warning ("green channel: the session's person: %s", error->message);
  call = kiosk_flow_begin_effect (flow, KIOSK_STEP_APPLY, payload, &key);
  if (call == NULL)
    return;
  kiosk_center_apply_green_channel_async (kiosk_flow_get_center (flow), key, request,
                                          call->cancellable, applied_cb, call);
}

static void
photo_kept_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskFlowCall) call = user_data;
  KioskFlow *flow = call->flow;
  PhotoWrite *write = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  gboolean written = g_task_propagate_boolean (G_TASK (result), &error);

  if (kiosk_flow_call_is_stale (call, NULL))
    {
      /* The flow ended meanwhile: no intent refers to the file. */
      if (written)
        g_unlink (write->path);
      return;
    }
  if (!written)
    {
      apply_failed_to_keep (flow, error);
      return;
    }
  name = g_path_get_basename (write->path);
  if (!kiosk_store_session_set_photo (kiosk_flow_get_store (flow), kiosk_flow_get_uuid (flow), name,
                                      &error))
    {
      apply_failed_to_keep (flow, error);
      return;
    }
  send_application (KIOSK_GREEN_CHANNEL_FLOW (flow));
}

static void
enter_apply (KioskGreenChannelFlow *self)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  KioskStore *store = kiosk_flow_get_store (flow);
  GBytes *photo = kiosk_session_get_photo (kiosk_flow_get_session (flow));
  g_autofree char *name = NULL;
  g_autoptr (GTask) task = NULL;
  KioskApplicationForm *form = form_of (self);
  KioskCatalog *catalog = kiosk_context_get_catalog (kiosk_flow_get_context (flow));
  PhotoWrite *write;
  KioskFlowCall *call;

  if (kiosk_catalog_lookup_bank (catalog, form->banks ? form->banks[0] : NULL) == NULL)
    {
      apply_failed_to_keep (flow, NULL);
      return;
    }
  if (photo == NULL)
    {
      g_autoptr (GError) error
          = g_error_new_literal (KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_PHOTO, "no photo");

      apply_failed_to_keep (flow, error);
      return;
    }
  name = g_strconcat (kiosk_flow_get_uuid (flow), ".jpg", NULL);
  write = g_new0 (PhotoWrite, 1);
  write->dir = g_strdup (kiosk_store_get_photo_dir (store));
  write->path = g_build_filename (write->dir, name, NULL);
  write->photo = g_bytes_ref (photo);
  /* No timeout: the write ends one way or the other; the flow cannot go on
   * before it. */
  call = kiosk_flow_call_new (flow, 0);
  task = g_task_new (NULL, NULL, photo_kept_cb, call);
  g_task_set_source_tag (task, enter_apply);
  g_task_set_task_data (task, write, photo_write_free);
  g_task_run_in_thread (task, photo_write_thread);
}

/* An application no card was made for is cancelled (":cancel"). */
static void
cancelled_application_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskFlowCall) call = user_data;
  KioskFlow *flow = call->flow;
  g_autoptr (GError) error = NULL;
  GError *reason = call->data;

  if (!kiosk_center_cancel_application_finish (KIOSK_CENTER (source), result, &error))
    {
      g_autofree char *line = g_strdup_printf ("failed: %s", error->message);

      kiosk_flow_journal_outcome (flow, KIOSK_STEP_CANCEL, line, NULL);
      kiosk_flow_finish_full (
          flow, KIOSK_FLOW_STATE_FAILED, "failed", FALSE, NULL, reason,
          "制卡设备暂时不可用，未制卡。请稍后再试或到社会保障卡综合服务窗口办理");
      return;
    }
  if (kiosk_flow_journal_outcome (flow, KIOSK_STEP_CANCEL, "ok", NULL))
    kiosk_flow_finish_full (
        flow, KIOSK_FLOW_STATE_FAILED, "cancelled", TRUE, NULL, reason,
        "制卡设备暂时不可用，申请已撤销，未制卡。请稍后再试或到社会保障卡综合服务窗口办理");
}

static void
cancel_application (KioskGreenChannelFlow *self, const GError *reason)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  g_autofree char *key = NULL;
  KioskFlowCall *call = kiosk_flow_begin_effect (flow, KIOSK_STEP_CANCEL, NULL, &key);

  if (call == NULL)
    return;
  call->data = g_error_copy (reason);
  call->destroy = (GDestroyNotify) g_error_free;
  kiosk_center_cancel_application_async (kiosk_flow_get_center (flow), key,
                                         self->application->application_id, call->cancellable,
                                         cancelled_application_cb, call);
}

/* ---- production (ISSUANCE.md steps 4–8) ----------------------------------- */

static void
fed_done (KioskFlow *flow, const GError *error)
{
  KioskGreenChannelFlow *self = KIOSK_GREEN_CHANNEL_FLOW (flow);

  if (error == NULL)
    {
      kiosk_flow_set_state (flow, S (PERSONALISE));
      return;
    }
  if (kiosk_flow_get_card_serial (flow) != NULL)
    kiosk_flow_production_fail (KIOSK_FLOW (self), KIOSK_STEP_FEED, error->message);
  else
    cancel_application (self, error);
}

static KioskChipScript *
chip_script_from (const KioskApduScript *script)
{
  KioskChipScript *chip = kiosk_chip_script_new ();

  for (guint i = 0; i < kiosk_apdu_script_get_n_steps (script); i++)
    {
      const KioskApduStep *step = kiosk_apdu_script_get_step (script, i);
      gsize len = 0;
      const guint8 *command = g_bytes_get_data (step->command, &len);

      if (!kiosk_chip_script_add (chip, command, len, (const guint16 *) step->expected_sw->data,
                                  step->expected_sw->len, step->description))
        {
          kiosk_chip_script_free (chip);
          return NULL;
        }
    }
  return chip;
}

static void
personalised_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskFlowCall) call = user_data;
  KioskFlow *flow = call->flow;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskChipScriptOutcome) outcome = NULL;
  g_autofree char *payload = NULL;
  gboolean ok;

  ok = kiosk_chip_reader_run_script_finish (KIOSK_CHIP_READER (source), result, &outcome, &error);
  if (ok ? kiosk_flow_call_is_stale (call, NULL) : kiosk_flow_call_is_stale (call, error))
    return;
  if (outcome != NULL)
    payload = g_strdup_printf ("{\"n_steps\":%u,\"n_done\":%u,\"failed_step\":%d,\"sw\":\"%04X\"}",
                               outcome->n_steps, outcome->n_done, outcome->failed_step,
                               outcome->failed_sw);
  if (!ok)
    {
      g_autofree char *line = NULL;

      error = kiosk_flow_call_take_error (call, g_steal_pointer (&error));
      line = outcome != NULL && outcome->failed_label != NULL
                 ? g_strdup_printf ("failed: %s %04X", outcome->failed_label, outcome->failed_sw)
                 : g_strdup_printf ("failed: %s", error->message);
      if (kiosk_flow_journal_outcome (flow, KIOSK_STEP_PERSONALISE, line, payload))
        kiosk_flow_production_fail (flow, KIOSK_STEP_PERSONALISE, line + strlen ("failed: "));
      return;
    }
  if (kiosk_flow_journal_outcome (flow, KIOSK_STEP_PERSONALISE, "ok", payload))
    kiosk_flow_set_state (flow, S (PRINT));
}

/* The transport brought the card to the encoder station; the reader notices
 * it within a second or so (a real reader, and pcscd, poll). */
static void
card_at_encoder_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KioskFlowCall *call = user_data;
  KioskFlow *flow = call->flow;
  KioskGreenChannelFlow *self = KIOSK_GREEN_CHANNEL_FLOW (flow);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskChipScript) script = NULL;

  if (!kiosk_chip_reader_wait_for_card_finish (KIOSK_CHIP_READER (source), result, &error))
    {
      g_autofree char *line = NULL;

      if (kiosk_flow_call_is_stale (call, error))
        {
          kiosk_flow_call_free (call);
          return;
        }
      error = kiosk_flow_call_take_error (call, g_steal_pointer (&error));
      line = g_strdup_printf ("failed: no card at the encoder: %s", error->message);
      kiosk_flow_call_free (call);
      if (kiosk_flow_journal_outcome (flow, KIOSK_STEP_PERSONALISE, line, NULL))
        kiosk_flow_production_fail (KIOSK_FLOW (self), KIOSK_STEP_PERSONALISE,
                                    "no card at the encoder");
      return;
    }
  if (kiosk_flow_call_is_stale (call, NULL))
    {
      kiosk_flow_call_free (call);
      return;
    }
  script = chip_script_from (self->application->script);
  kiosk_chip_reader_run_script_async (KIOSK_CHIP_READER (source), script, call->cancellable,
                                      personalised_cb, call);
}

static void
enter_personalise (KioskGreenChannelFlow *self)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  KioskDevice *reader = kiosk_context_get_chip_reader (kiosk_flow_get_context (flow));
  g_autoptr (KioskChipScript) script = chip_script_from (self->application->script);
  g_autofree char *payload
      = g_strdup_printf ("{\"serial\":\"%s\",\"steps\":%u}", kiosk_flow_get_card_serial (flow),
                         kiosk_apdu_script_get_n_steps (self->application->script));
  KioskFlowCall *call;

  if (!kiosk_flow_journal_intent (flow, KIOSK_STEP_PERSONALISE, NULL, payload))
    return;
  if (reader == NULL || !KIOSK_IS_CHIP_READER (reader) || script == NULL)
    {
      if (kiosk_flow_journal_outcome (
              flow, KIOSK_STEP_PERSONALISE,
              script == NULL ? "failed: bad script" : "failed: no chip encoder", NULL))
        kiosk_flow_production_fail (KIOSK_FLOW (self), KIOSK_STEP_PERSONALISE,
                                    script == NULL ? "bad script" : "no chip encoder");
      return;
    }
  call = kiosk_flow_call_new (flow, kiosk_flow_get_settings (flow)->production_timeout_s);
  kiosk_chip_reader_wait_for_card_async (KIOSK_CHIP_READER (reader),
                                         kiosk_flow_get_settings (flow)->device_timeout_s * 1000,
                                         call->cancellable, card_at_encoder_cb, call);
}

static void
enter_print (KioskGreenChannelFlow *self)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  KioskApplicationForm *form = form_of (self);

  /* The face for the printer, rendered off the main loop; it carries the
   * social security number in full (the preview masks it). */
  kiosk_flow_production_print_face (
      flow, form->name, form->id_number,
      self->application != NULL ? self->application->card_number : "—", &self->issue_date,
      kiosk_session_get_photo (kiosk_flow_get_session (flow)), FALSE, NULL);
}

/* A read-back that fails is read again (reading changes nothing on the
 * card): a transient error of the reader must not spoil a good card. A card
 * that reads but differs is spoiled at once. */
#define READ_BACKS         3
#define READ_BACK_PAUSE_MS 300

static void verified_cb (GObject *source, GAsyncResult *result, gpointer user_data);

static gboolean
read_back_again_cb (gpointer user_data)
{
  KioskFlowCall *call = user_data;
  KioskDevice *reader;

  if (kiosk_flow_call_is_stale (call, NULL))
    {
      kiosk_flow_call_free (call);
      return G_SOURCE_REMOVE;
    }
  reader = kiosk_context_get_chip_reader (kiosk_flow_get_context (call->flow));
  kiosk_chip_reader_read_ssc_async (KIOSK_CHIP_READER (reader), call->cancellable, verified_cb,
                                    call);
  return G_SOURCE_REMOVE;
}

static void
verified_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskFlowCall) call = user_data;
  KioskFlow *flow = call->flow;
  KioskGreenChannelFlow *self = KIOSK_GREEN_CHANNEL_FLOW (flow);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSscCardData) data = NULL;
  KioskApplicationForm *form;
  const char *mismatch = NULL;

  /* The card just came back to the station; the chip driver reconnects by
   * itself if the reader had not noticed yet: one read decides. */
  data = kiosk_chip_reader_read_ssc_finish (KIOSK_CHIP_READER (source), result, &error);
  if (kiosk_flow_call_is_stale (call, error))
    return;
  if (data == NULL && ++self->read_backs < READ_BACKS
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("green channel: read-back %u failed (%s): reading again", self->read_backs,
               error->message);
      g_timeout_add (READ_BACK_PAUSE_MS, read_back_again_cb, g_steal_pointer (&call));
      return;
    }
  if (data == NULL)
    {
      g_autofree char *line = NULL;

      error = kiosk_flow_call_take_error (call, g_steal_pointer (&error));
      line = g_strdup_printf ("failed: %s", error->message);
      if (kiosk_flow_journal_outcome (flow, KIOSK_STEP_VERIFY, line, NULL))
        kiosk_flow_production_fail (KIOSK_FLOW (self), KIOSK_STEP_VERIFY, "read-back");
      return;
    }
  form = form_of (self);
  if (g_strcmp0 (data->card_number, self->application->card_number) != 0)
    mismatch = "card number";
  else if (g_strcmp0 (data->ssn, form->id_number) != 0)
    mismatch = "social security number";
  else if (g_strcmp0 (data->name, form->name) != 0)
    mismatch = "name";
  if (mismatch != NULL)
    {
      g_autofree char *line = g_strdup_printf ("failed: %s differs", mismatch);

      if (kiosk_flow_journal_outcome (flow, KIOSK_STEP_VERIFY, line, NULL))
        kiosk_flow_production_fail (KIOSK_FLOW (self), KIOSK_STEP_VERIFY,
                                    line + strlen ("failed: "));
      return;
    }
  {
    /* How many reads it took, when more than one: a reader that often needs
     * a second read shows in the journal before it spoils a card. */
    g_autofree char *payload
        = self->read_backs > 0 ? g_strdup_printf ("{\"reads\":%u}", self->read_backs + 1) : NULL;

    if (kiosk_flow_journal_outcome (flow, KIOSK_STEP_VERIFY, "ok", payload))
      kiosk_flow_set_state (flow, S (EJECT));
  }
}

static void
card_back_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KioskFlowCall *call = user_data;
  KioskFlow *flow = call->flow;
  g_autoptr (GError) error = NULL;

  if (!kiosk_chip_reader_wait_for_card_finish (KIOSK_CHIP_READER (source), result, &error))
    {
      g_autofree char *line = NULL;

      if (kiosk_flow_call_is_stale (call, error))
        {
          kiosk_flow_call_free (call);
          return;
        }
      error = kiosk_flow_call_take_error (call, g_steal_pointer (&error));
      line = g_strdup_printf ("failed: no card at the encoder: %s", error->message);
      kiosk_flow_call_free (call);
      if (kiosk_flow_journal_outcome (flow, KIOSK_STEP_VERIFY, line, NULL))
        kiosk_flow_production_fail (flow, KIOSK_STEP_VERIFY, "no card at the encoder");
      return;
    }
  if (kiosk_flow_call_is_stale (call, NULL))
    {
      kiosk_flow_call_free (call);
      return;
    }
  kiosk_chip_reader_read_ssc_async (KIOSK_CHIP_READER (source), call->cancellable, verified_cb,
                                    call);
}

static void
back_at_encoder (KioskFlow *flow, const GError *error)
{
  KioskDevice *reader = kiosk_context_get_chip_reader (kiosk_flow_get_context (flow));
  KioskFlowCall *call;

  if (error != NULL)
    {
      g_autofree char *line = g_strdup_printf ("failed: move: %s", error->message);

      if (kiosk_flow_journal_outcome (flow, KIOSK_STEP_VERIFY, line, NULL))
        kiosk_flow_production_fail (flow, KIOSK_STEP_VERIFY, "move");
      return;
    }
  KIOSK_GREEN_CHANNEL_FLOW (flow)->read_backs = 0;
  call = kiosk_flow_call_new (flow, kiosk_flow_get_settings (flow)->device_timeout_s);
  kiosk_chip_reader_wait_for_card_async (KIOSK_CHIP_READER (reader),
                                         kiosk_flow_get_settings (flow)->device_timeout_s * 1000,
                                         call->cancellable, card_back_cb, call);
}

/* ---- receipt (step 10) ---------------------------------------------------- */

static void
enter_receipt (KioskGreenChannelFlow *self)
{
  KioskFlow *flow = KIOSK_FLOW (self);
  KioskContext *context = kiosk_flow_get_context (flow);
  KioskReceipt *receipt = kiosk_flow_new_receipt (flow);
  KioskSession *session = kiosk_flow_get_session (flow);
  KioskPerson *person = kiosk_session_get_person (session);
  g_autoptr (KioskCard) card = kiosk_card_new (KIOSK_CARD_KIND_FORMAL);
  g_autoptr (GPtrArray) guidance = NULL;
  g_autofree char *caption = NULL;
  GDate today;

  kiosk_flow_get_today (flow, &today);
  card->stage = KIOSK_CARD_STAGE_COLLECTED;
  card->issued_on = today;
  card->bank = g_strdup (self->application->bank);
  kiosk_receipt_add_line (receipt, "社会保障卡号", self->card_number_masked);
  kiosk_receipt_add_line (receipt, "联名银行", self->application->bank);
  kiosk_receipt_set_outcome (receipt, KIOSK_RECEIPT_OUTCOME_SUCCESS, "社会保障卡已制成并发放");
  guidance
      = kiosk_rules_receipt_guidance (person, card, kiosk_context_get_policy (context), &today);
  for (guint i = 0; i < guidance->len; i++)
    {
      KioskGuidance *g = g_ptr_array_index (guidance, i);

      kiosk_receipt_add_guidance (receipt, g->rule, g->text);
    }
  caption = g_strdup_printf ("申请编号 %s", self->application->application_id);
  kiosk_receipt_set_qr (receipt, self->application->application_id, caption);
  kiosk_flow_print_receipt_and_finish (flow, receipt, self->application->application_id, "issued");
}

/* ---- the state machine ---------------------------------------------------- */

static void
green_channel_enter (KioskFlow *flow, int state)
{
  KioskGreenChannelFlow *self = KIOSK_GREEN_CHANNEL_FLOW (flow);

  switch ((KioskGreenChannelState) state)
    {
      case S (READ_ID):
      case S (PHOTO):
      case S (PHOTO_CHECK):
      case S (SIGNATURE):
        break;
      case S (LOOKUP):
        kiosk_flow_lookup_person (flow, check_person, S (PHOTO));
        break;
      case S (FACE_VERIFY):
        /* A photo retaken from the review goes back to it: the form stays
         * as it was checked. */
        kiosk_flow_verify_face (flow, self->retaking ? S (REVIEW) : S (FORM));
        break;
      case S (FORM):
        fill_form (self);
        break;
      case S (REVIEW):
        self->retaking = FALSE;
        enter_review (self);
        break;
      case S (APPLY):
        enter_apply (self);
        break;
      case S (FEED):
        kiosk_flow_feed_card (flow, fed_done);
        break;
      case S (PERSONALISE):
        enter_personalise (self);
        break;
      case S (PRINT):
        enter_print (self);
        break;
      case S (VERIFY):
        kiosk_flow_journal_intent (flow, KIOSK_STEP_VERIFY, NULL, NULL);
        if (!kiosk_flow_is_finished (flow))
          kiosk_flow_move_to_encoder (flow, back_at_encoder);
        break;
      case S (EJECT):
        kiosk_flow_production_eject (flow);
        break;
      case S (TAKE_CARD):
        kiosk_flow_production_take_card (flow);
        break;
      case S (REPORT):
        kiosk_flow_production_report (flow);
        break;
      case S (SPOIL):
        kiosk_flow_production_spoil (flow);
        break;
      case S (RECEIPT):
        enter_receipt (self);
        break;
      default:
        g_assert_not_reached ();
    }
}

static gboolean
green_channel_confirm (KioskFlow *flow, GError **error)
{
  KioskGreenChannelFlow *self = KIOSK_GREEN_CHANNEL_FLOW (flow);

  switch (kiosk_flow_get_state (flow))
    {
      case S (FORM):
        return submit_form (self, error);
      case S (REVIEW):
        kiosk_flow_set_state (flow, S (SIGNATURE));
        return TRUE;
      default:
        return kiosk_flow_wrong_state (error);
    }
}

/* 返回 from a camera page reached from the review: the review again, with
 * the photo the citizen had (nothing else has a go_back of its own: the
 * state table's back column answers). */
static gboolean
green_channel_go_back (KioskFlow *flow, GError **error)
{
  KioskGreenChannelFlow *self = KIOSK_GREEN_CHANNEL_FLOW (flow);

  if (kiosk_flow_get_state (flow) == S (PHOTO) && self->retaking)
    {
      kiosk_flow_set_state (flow, S (REVIEW));
      return TRUE;
    }
  g_set_error_literal (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_WRONG_STATE, "此步骤不能返回");
  return FALSE;
}

static gboolean
green_channel_can_cancel (KioskFlow *flow)
{
  int state = kiosk_flow_get_state (flow);

  /* From the application on, cards and the center are involved: the flow
   * settles them itself. */
  return state < S (APPLY);
}

static void
green_channel_finish (KioskFlow *flow, KioskFlowPage page)
{
  KioskGreenChannelFlow *self = KIOSK_GREEN_CHANNEL_FLOW (flow);

  g_clear_pointer (&self->problems, g_ptr_array_unref);
  forget_preview (self);
  if (self->application != NULL && self->application->card_number != NULL)
    explicit_bzero (self->application->card_number, strlen (self->application->card_number));
  g_clear_pointer (&self->application, kiosk_center_application_free);
}

static void
kiosk_green_channel_flow_finalize (GObject *object)
{
  KioskGreenChannelFlow *self = KIOSK_GREEN_CHANNEL_FLOW (object);

  green_channel_finish (KIOSK_FLOW (self), KIOSK_FLOW_PAGE_NONE);
  g_free (self->card_number_masked);

  G_OBJECT_CLASS (kiosk_green_channel_flow_parent_class)->finalize (object);
}

static const KioskFlowProductionPlan production = {
  .after_print_state = S (VERIFY),
  .take_card_state = S (TAKE_CARD),
  .report_state = S (REPORT),
  .receipt_state = S (RECEIPT),
  .spoil_state = S (SPOIL),
  .spoiled_what = "卡片制作未成功",
  .spoiled_message = "很抱歉，卡片制作未成功，该卡已回收作废，您的申请仍然有效。"
                     "请重新办理，或持身份证到社会保障卡综合服务窗口领取。",
};

static void
kiosk_green_channel_flow_class_init (KioskGreenChannelFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KioskFlowClass *flow_class = KIOSK_FLOW_CLASS (klass);

  object_class->finalize = kiosk_green_channel_flow_finalize;
  flow_class->service = KIOSK_SERVICE_GREEN_CHANNEL;
  flow_class->journal_service = "green-channel";
  flow_class->states = states;
  flow_class->n_states = G_N_ELEMENTS (states);
  flow_class->steps = steps;
  flow_class->n_steps = G_N_ELEMENTS (steps);
  flow_class->after_id_state = S (LOOKUP);
  flow_class->go_back = green_channel_go_back;
  flow_class->photo_state = S (PHOTO);
  flow_class->photo_check_state = S (PHOTO_CHECK);
  flow_class->after_photo_state = S (FACE_VERIFY);
  flow_class->photo_full_check = TRUE;
  flow_class->enter = green_channel_enter;
  flow_class->confirm = green_channel_confirm;
  flow_class->can_cancel = green_channel_can_cancel;
  flow_class->finish = green_channel_finish;
  flow_class->production = &production;
}

static void
kiosk_green_channel_flow_init (KioskGreenChannelFlow *self)
{
  g_date_clear (&self->issue_date, 1);
}

KioskFlow *
kiosk_green_channel_flow_new (KioskContext *context)
{
  return g_object_new (KIOSK_TYPE_GREEN_CHANNEL_FLOW, "context", context, NULL);
}

double
kiosk_green_channel_flow_get_face_score (KioskGreenChannelFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_GREEN_CHANNEL_FLOW (self), -1);
  return kiosk_flow_get_face_score (KIOSK_FLOW (self));
}

const char *
kiosk_green_channel_flow_get_card_number_masked (KioskGreenChannelFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_GREEN_CHANNEL_FLOW (self), NULL);
  return self->card_number_masked;
}

const char *
kiosk_green_channel_flow_get_card_serial (KioskGreenChannelFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_GREEN_CHANNEL_FLOW (self), NULL);
  return kiosk_flow_get_card_serial (KIOSK_FLOW (self));
}
