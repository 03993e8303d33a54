/* kiosk-flow-steps.c — the steps several flows share: ID card, person, photo, face, receipt */
#include "config.h"

#define G_LOG_DOMAIN "kiosk-flows"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "kiosk-context-private.h"
#include "kiosk-db.h"
#include "kiosk-flow-private.h"
#include "kiosk-id-reader.h"
#include "kiosk-mask.h"
#ifdef KIOSK_HAVE_CAMERA
#include "kiosk-camera.h"
#endif
#ifdef KIOSK_HAVE_PRINTERS
#include "kiosk-receipt-printer.h"
#endif
#ifdef KIOSK_HAVE_PHOTO
#include "kiosk-photo.h"
#endif

#define FACE_ATTEMPTS 3
#define ID_RETRY_MS   500

/* What the common steps remember about a flow. */
typedef struct
{
  double face_score;
  guint face_attempts;   /* verifications asked for: the calls' keys */
  guint face_mismatches; /* three, and the flow fails (a retake may follow a match) */
  guint lookups;
} Steps;

static Steps *
steps_of (KioskFlow *self)
{
  static GQuark quark;
  Steps *steps;

  if (quark == 0)
    quark = g_quark_from_static_string ("kiosk-flow-steps");
  steps = g_object_get_qdata (G_OBJECT (self), quark);
  if (steps == NULL)
    {
      steps = g_new0 (Steps, 1);
      steps->face_score = -1;
      g_object_set_qdata_full (G_OBJECT (self), quark, steps, g_free);
    }
  return steps;
}

/* ---- errors --------------------------------------------------------------- */

GError *
kiosk_flow_error_from_center (const GError *error)
{
  if (error->domain == KIOSK_FLOW_ERROR)
    return g_error_copy (error);
  if (g_error_matches (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_TIMEOUT))
    return g_error_new_literal (KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_TIMEOUT,
                                "社会保障卡管理系统没有及时响应，请稍后再试");
  if (g_error_matches (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_NOT_FOUND))
    return g_error_new_literal (KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_CENTER,
                                "未查到相关记录，请到社会保障卡综合服务窗口咨询");
  if (g_error_matches (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_INVALID))
    return g_error_new_literal (KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID,
                                "此证件暂不能在自助机办理，请到社会保障卡综合服务窗口办理");
  return g_error_new_literal (KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_CENTER,
                              "暂时无法连接社会保障卡管理系统，请稍后再试或到窗口办理");
}

GError *
kiosk_flow_error_from_device (const GError *error)
{
  if (error->domain == KIOSK_FLOW_ERROR)
    return g_error_copy (error);
  if (kiosk_device_error_is_user (error))
    return g_error_new_literal (KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID, error->message);
  if (g_error_matches (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_TIMEOUT))
    return g_error_new_literal (KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_TIMEOUT,
                                "设备没有及时响应，请联系工作人员");
  return g_error_new_literal (KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_DEVICE,
                              "设备故障，请联系工作人员或到窗口办理");
}

void
kiosk_flow_fail_from_center (KioskFlow *self, const GError *error)
{
  const KioskRefusal *refusal = kiosk_center_error_get_refusal (error);
  g_autoptr (GError) flow_error = NULL;

  if (refusal != NULL)
    {
      kiosk_flow_finish_refused (self, refusal);
      return;
    }
  flow_error = kiosk_flow_error_from_center (error);
  g_debug ("flow: center call failed: %s", error->message);
  kiosk_flow_finish_failed (self, flow_error, NULL);
}

KioskFlowCall *
kiosk_flow_begin_effect (KioskFlow *self, const char *step, const char *payload, char **out_key)
{
  g_autofree char *key = kiosk_flow_key (self, step);

  *out_key = NULL;
  if (!kiosk_flow_journal_intent (self, step, key, payload))
    return NULL;
  *out_key = g_steal_pointer (&key);
  return kiosk_flow_call_new (self, kiosk_flow_get_settings (self)->center_timeout_s);
}

void
kiosk_flow_effect_failed (KioskFlow *self,
                          const char *step,
                          const GError *error,
                          const char *message)
{
  const KioskRefusal *refusal = kiosk_center_error_get_refusal (error);
  g_autoptr (GError) flow_error = NULL;
  g_autofree char *line = NULL;

  if (refusal != NULL)
    {
      line = g_strdup_printf ("refused: R%d", refusal->rule);
      if (kiosk_flow_journal_outcome (self, step, line, NULL))
        kiosk_flow_finish_refused (self, refusal);
      return;
    }
  line = g_strdup_printf ("unknown: %s", error->message);
  kiosk_flow_journal_outcome (self, step, line, NULL);
  flow_error = kiosk_flow_error_from_center (error);
  g_debug ("flow: %s: outcome unknown: %s", step, error->message);
  kiosk_flow_finish_full (self, KIOSK_FLOW_STATE_FAILED, "failed", FALSE, NULL, flow_error,
                          message != NULL ? message : flow_error->message);
}

KioskCard *
kiosk_flow_card_reply (KioskFlowCall *call,
                       GObject *source,
                       GAsyncResult *result,
                       KioskFlowCardFinish finish,
                       const char *step)
{
  g_autoptr (GError) error = NULL;
  KioskCard *card = finish (KIOSK_CENTER (source), result, &error);

  if (card == NULL)
    {
      if (kiosk_flow_call_is_stale (call, error))
        return NULL;
      error = kiosk_flow_call_take_error (call, g_steal_pointer (&error));
      kiosk_flow_effect_failed (call->flow, step, error, NULL);
      return NULL;
    }
  if (kiosk_flow_call_is_stale (call, NULL))
    {
      kiosk_session_wipe_card (&card);
      return NULL;
    }
  return card;
}

gboolean
kiosk_flow_require_state (KioskFlow *self, int state, GError **error)
{
  if (!kiosk_flow_is_finished (self) && kiosk_flow_get_state (self) == state)
    return TRUE;
  return kiosk_flow_wrong_state (error);
}

gboolean
kiosk_flow_wrong_state (GError **error)
{
  g_set_error_literal (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_WRONG_STATE,
                       "此操作在当前步骤不可用");
  return FALSE;
}

char *
kiosk_flow_mask_card_number (const char *card_number)
{
  return card_number != NULL ? kiosk_mask (KIOSK_MASK_CARD, card_number) : NULL;
}

/* ---- the ID card ---------------------------------------------------------- */

static void id_wait (KioskFlowCall *call);

static gboolean
id_retry_cb (gpointer user_data)
{
  KioskFlowCall *call = user_data;

  call->timer = 0;
  if (kiosk_flow_call_is_stale (call, NULL))
    {
      kiosk_flow_call_free (call);
      return G_SOURCE_REMOVE;
    }
  id_wait (call);
  return G_SOURCE_REMOVE;
}

static void
id_retry_later (KioskFlowCall *call, const GError *error)
{
  if (error != NULL)
    {
      /* Something the citizen can fix is said as is; a broken reader is a
       * matter for a technician, and the page timeout ends the wait. */
      kiosk_flow_set_hint (call->flow, kiosk_device_error_is_user (error)
                                           ? error->message
                                           : "身份证读卡器暂时不可用，请稍候或联系工作人员");
    }
  call->timer = g_timeout_add (ID_RETRY_MS, id_retry_cb, call);
}

static void
id_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KioskFlowCall *call = user_data;
  g_autoptr (GError) error = NULL;
  KioskIdCardData *data;

  data = kiosk_id_reader_read_card_finish (KIOSK_ID_READER (source), result, &error);
  if (kiosk_flow_call_is_stale (call, error))
    {
      g_clear_pointer (&data, kiosk_id_card_data_free);
      kiosk_flow_call_free (call);
      return;
    }
  if (data == NULL)
    {
      id_retry_later (call, error);
      return;
    }
  {
    g_autoptr (KioskFlow) flow = g_object_ref (call->flow);
    g_autoptr (GError) submit_error = NULL;

    kiosk_flow_call_free (call);
    if (!kiosk_flow_submit_id_card (flow, data, &submit_error))
      g_debug ("flow: ID card not taken: %s", submit_error->message);
  }
}

static void
id_wait_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KioskFlowCall *call = user_data;
  g_autoptr (GError) error = NULL;

  if (!kiosk_id_reader_wait_for_card_finish (KIOSK_ID_READER (source), result, &error))
    {
      if (kiosk_flow_call_is_stale (call, error))
        {
          kiosk_flow_call_free (call);
          return;
        }
      id_retry_later (call, error);
      return;
    }
  if (kiosk_flow_call_is_stale (call, NULL))
    {
      kiosk_flow_call_free (call);
      return;
    }
  kiosk_flow_set_hint (call->flow, "正在读取身份证，请不要移动");
  kiosk_id_reader_read_card_async (KIOSK_ID_READER (source), KIOSK_ID_READ_NONE, call->cancellable,
                                   id_read_cb, call);
}

static void
id_wait (KioskFlowCall *call)
{
  KioskDevice *reader = kiosk_context_get_id_reader (kiosk_flow_get_context (call->flow));

  kiosk_id_reader_wait_for_card_async (KIOSK_ID_READER (reader), 0, call->cancellable, id_wait_cb,
                                       call);
}

void
kiosk_flow_start_id_reader (KioskFlow *self)
{
  KioskDevice *reader = kiosk_context_get_id_reader (kiosk_flow_get_context (self));

  if (reader == NULL || !KIOSK_IS_ID_READER (reader))
    return; /* the ID card comes through kiosk_flow_submit_id_card() */
  id_wait (kiosk_flow_call_new (self, 0));
}

gboolean
kiosk_flow_accept_id_card (KioskFlow *self, KioskIdCardData *data, GError **error)
{
  KioskSession *session = kiosk_flow_get_session (self);
  g_autofree char *payload = NULL;
  g_autoptr (GError) local = NULL;
  int next = KIOSK_FLOW_GET_CLASS (self)->after_id_state;

  if (data->id_number == NULL || data->id_number[0] == '\0')
    {
      kiosk_id_card_data_free (data);
      g_set_error_literal (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_INVALID,
                           "未能读出证件号码，请重新放置身份证");
      return FALSE;
    }
  kiosk_session_set_id_card (session, data);
  kiosk_session_set_id_number (session, data->id_number);
  if (!kiosk_store_session_set_person (kiosk_flow_get_store (self), kiosk_flow_get_uuid (self),
                                       data->id_number, data->name, NULL, &local))
    g_warning ("flow: the session's person could not be recorded: %s", local->message);
  payload = g_strdup_printf ("{\"type\":\"%s\"}", kiosk_id_card_type_to_string (data->type));
  if (!kiosk_flow_journal_outcome (self, "read-id", "ok", payload))
    return TRUE; /* the flow ended (FAILED) */
  kiosk_flow_set_state (self, next);
  return TRUE;
}

void
kiosk_flow_accept_id_number (KioskFlow *self, const char *id_number)
{
  KioskSession *session = kiosk_flow_get_session (self);
  g_autoptr (GError) local = NULL;

  kiosk_session_set_id_number (session, id_number);
  if (!kiosk_store_session_set_person (kiosk_flow_get_store (self), kiosk_flow_get_uuid (self),
                                       id_number, NULL, NULL, &local))
    g_warning ("flow: the session's person could not be recorded: %s", local->message);
  if (!kiosk_flow_journal_outcome (self, "read-id", "ok", "{\"type\":\"typed\"}"))
    return;
  kiosk_flow_set_state (self, KIOSK_FLOW_GET_CLASS (self)->after_id_state);
}

/* ---- the person ----------------------------------------------------------- */

typedef struct
{
  KioskFlowPersonCheck check;
  int next_state;
} Lookup;

static void
lookup_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskFlowCall) call = user_data;
  Lookup *lookup = call->data;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPerson) person = NULL;
  g_autoptr (KioskRefusal) refusal = NULL;
  KioskFlow *self = call->flow;
  GDate today;

  person = kiosk_center_lookup_person_finish (KIOSK_CENTER (source), result, &error);
  if (kiosk_flow_call_is_stale (call, error))
    return;
  if (person == NULL)
    {
      error = kiosk_flow_call_take_error (call, g_steal_pointer (&error));
      if (g_error_matches (error, KIOSK_CENTER_ERROR, KIOSK_CENTER_ERROR_NOT_FOUND))
        {
          g_autoptr (KioskRefusal) not_insured
              = kiosk_refusal_new (2, "未查到您的参保登记信息",
                                   "请先到社会保险经办窗口办理参保登记，再申领社会保障卡", NULL);

          kiosk_flow_journal_outcome (self, "lookup", "not-found", NULL);
          kiosk_flow_finish_refused (self, not_insured);
          return;
        }
      kiosk_flow_journal_outcome (self, "lookup", "failed", NULL);
      kiosk_flow_fail_from_center (self, error);
      return;
    }
  if (!kiosk_flow_journal_outcome (self, "lookup", "ok", NULL))
    return;

  kiosk_flow_get_today (self, &today);
  /* R17 first, for every service (the rules' own checks also start there). */
  if (person->deceased)
    refusal = kiosk_rules_check_service (KIOSK_SERVICE_PROGRESS, person, NULL,
                                         kiosk_context_get_policy (kiosk_flow_get_context (self)),
                                         &today);
  if (refusal == NULL && lookup->check != NULL)
    refusal = lookup->check (self, person);
  kiosk_session_set_person (kiosk_flow_get_session (self), g_steal_pointer (&person));
  if (refusal != NULL)
    {
      kiosk_flow_finish_refused (self, refusal);
      return;
    }
  kiosk_flow_set_state (self, lookup->next_state);
}

void
kiosk_flow_lookup_person (KioskFlow *self, KioskFlowPersonCheck check, int next_state)
{
  KioskFlowCall *call
      = kiosk_flow_call_new (self, kiosk_flow_get_settings (self)->center_timeout_s);
  Lookup *lookup = g_new0 (Lookup, 1);
  Steps *steps = steps_of (self);
  g_autofree char *key = NULL;
  g_autofree char *name = g_strdup_printf ("lookup-%u", ++steps->lookups);

  lookup->check = check;
  lookup->next_state = next_state;
  call->data = lookup;
  call->destroy = g_free;
  key = kiosk_flow_key (self, name);
  kiosk_center_lookup_person_async (kiosk_flow_get_center (self), key,
                                    kiosk_session_get_id_number (kiosk_flow_get_session (self)),
                                    call->cancellable, lookup_cb, call);
}

/* ---- the photo ------------------------------------------------------------ */

typedef struct
{
  KioskContext *context;
  GBytes *image;
#ifdef KIOSK_HAVE_CAMERA
  KioskCameraFrame *frame;
#endif
  gboolean full_check;
} PhotoJob;

typedef struct
{
  GBytes *jpeg;      /* accepted */
  char *instruction; /* refused: what to change */
} PhotoVerdict;

static void
photo_job_free (gpointer data)
{
  PhotoJob *job = data;

  g_clear_object (&job->context);
  g_clear_pointer (&job->image, g_bytes_unref);
#ifdef KIOSK_HAVE_CAMERA
  g_clear_pointer (&job->frame, kiosk_camera_frame_unref);
#endif
  g_free (job);
}

static void
photo_verdict_free (gpointer data)
{
  PhotoVerdict *verdict = data;

  g_clear_pointer (&verdict->jpeg, g_bytes_unref);
  g_free (verdict->instruction);
  g_free (verdict);
}

#ifdef KIOSK_HAVE_PHOTO
static void
photo_image_wipe_free (KioskPhotoImage *image)
{
  if (image == NULL)
    return;
  explicit_bzero (image->pixels, (gsize) image->stride * (gsize) image->height);
  kiosk_photo_image_free (image);
}

static PhotoVerdict *
photo_judge (KioskPhoto *photo, PhotoJob *job, GError **error)
{
  g_autoptr (KioskPhotoSource) source = NULL;
  g_autoptr (KioskPhotoCheck) check = NULL;
  KioskPhotoImage *frame_image = NULL;
  KioskPhotoImage *card = NULL;
  PhotoVerdict *verdict = g_new0 (PhotoVerdict, 1);

#ifdef KIOSK_HAVE_CAMERA
  if (job->frame != NULL)
    {
      frame_image = kiosk_photo_image_new_from_data (
          (int) kiosk_camera_frame_get_width (job->frame),
          (int) kiosk_camera_frame_get_height (job->frame), 3,
          (int) kiosk_camera_frame_get_stride (job->frame),
          g_bytes_get_data (kiosk_camera_frame_get_bytes (job->frame), NULL));
      if (frame_image != NULL)
        source = kiosk_photo_source_new_for_frame (frame_image, error);
    }
  else
#endif
    source = kiosk_photo_source_new_from_bytes (job->image, error);
  if (source == NULL)
    {
      photo_image_wipe_free (frame_image);
      photo_verdict_free (verdict);
      return NULL;
    }
  check = kiosk_photo_check (photo, source, &card, error);
  if (check == NULL)
    {
      g_clear_pointer (&source, kiosk_photo_source_free);
      photo_image_wipe_free (frame_image);
      photo_verdict_free (verdict);
      return NULL;
    }
  if (job->full_check)
    {
      if (check->passed && card != NULL)
        {
          g_autoptr (GError) local = NULL;

          verdict->jpeg = kiosk_photo_produce (photo, check, card, &local);
        }
    }
  else if (check->n_faces == 1 && card != NULL)
    verdict->jpeg = kiosk_photo_image_encode_jpeg (card, 90, 350, NULL);
  if (verdict->jpeg == NULL)
    {
      const char *instruction = kiosk_photo_check_get_instruction (check);

      verdict->instruction
          = g_strdup (instruction != NULL ? instruction : "照片不符合要求，请正对摄像头重新拍照");
    }
  g_clear_pointer (&source, kiosk_photo_source_free);
  photo_image_wipe_free (card);
  photo_image_wipe_free (frame_image);
  return verdict;
}
#endif

static void
photo_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  PhotoJob *job = task_data;
  GError *error = NULL;
  PhotoVerdict *verdict = NULL;
#ifdef KIOSK_HAVE_PHOTO
  GMutex *lock = kiosk_context_get_photo_lock (job->context);
  KioskPhoto *photo;

  g_mutex_lock (lock);
  photo = kiosk_context_get_photo (job->context, &error);
  if (photo != NULL)
    verdict = photo_judge (photo, job, &error);
  g_mutex_unlock (lock);
#else
  kiosk_context_get_photo (job->context, &error);
#endif
  if (verdict == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, verdict, photo_verdict_free);
}

static void
photo_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskFlowCall) call = user_data;
  g_autoptr (GError) error = NULL;
  PhotoVerdict *verdict = g_task_propagate_pointer (G_TASK (result), &error);
  KioskFlow *self = call->flow;
  KioskFlowClass *klass = KIOSK_FLOW_GET_CLASS (self);
  g_autofree char *payload = NULL;

  if (kiosk_flow_call_is_stale (call, error))
    {
      g_clear_pointer (&verdict, photo_verdict_free);
      return;
    }
  if (verdict == NULL)
    {
      g_autoptr (GError) flow_error = NULL;

      /* A corrupt picture is the citizen's to retake; a missing checker is
       * the kiosk's fault: no photo will ever pass, so the citizen is sent
       * to a window instead of being asked to retake forever, and the
       * technician finds why in the log (the detector's module or its
       * models missing, a bad [photo] key). */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED)
#ifdef KIOSK_HAVE_PHOTO
          || g_error_matches (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_DETECTOR)
          || g_error_matches (error, KIOSK_PHOTO_ERROR, KIOSK_PHOTO_ERROR_CONFIG)
#endif
      )
        {
          g_message ("flow: the photo check cannot run: %s", error->message);
          flow_error = g_error_new_literal (KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_DEVICE,
                                            "照片检查功能不可用，请到窗口办理");
          kiosk_flow_finish_failed (self, flow_error, NULL);
          return;
        }
      g_debug ("flow: photo not usable: %s", error->message);
      if (kiosk_flow_get_state (self) != klass->photo_state)
        kiosk_flow_set_state (self, klass->photo_state);
      kiosk_flow_set_hint (self, "照片无法识别，请正对摄像头重新拍照");
      return;
    }
  if (verdict->jpeg == NULL)
    {
      g_autofree char *instruction = g_steal_pointer (&verdict->instruction);

      photo_verdict_free (verdict);
      kiosk_flow_journal_outcome (self, "photo", "retake", NULL);
      if (kiosk_flow_is_finished (self))
        return;
      if (kiosk_flow_get_state (self) != klass->photo_state)
        kiosk_flow_set_state (self, klass->photo_state);
      kiosk_flow_set_hint (self, instruction);
      return;
    }
  kiosk_session_set_photo (kiosk_flow_get_session (self), verdict->jpeg);
  payload = g_strdup_printf ("{\"bytes\":%" G_GSIZE_FORMAT "}", g_bytes_get_size (verdict->jpeg));
  photo_verdict_free (verdict);
  if (!kiosk_flow_journal_outcome (self, "photo", "ok", payload))
    return;
  kiosk_flow_set_state (self, klass->after_photo_state);
}

static void
photo_run (KioskFlow *self, PhotoJob *job)
{
  KioskFlowClass *klass = KIOSK_FLOW_GET_CLASS (self);
  KioskFlowCall *call;
  g_autoptr (GTask) task = NULL;

  job->context = g_object_ref (kiosk_flow_get_context (self));
  job->full_check = klass->photo_full_check;
  if (klass->photo_check_state >= 0)
    kiosk_flow_set_state (self, klass->photo_check_state);
  else
    kiosk_flow_set_hint (self, "正在检查照片，请稍候");
  call = kiosk_flow_call_new (self, kiosk_flow_get_settings (self)->device_timeout_s);
  task = g_task_new (NULL, NULL, photo_done_cb, call);
  g_task_set_source_tag (task, photo_run);
  g_task_set_task_data (task, job, photo_job_free);
  g_task_run_in_thread (task, photo_thread);
}

gboolean
kiosk_flow_accept_photo (KioskFlow *self, GBytes *image, GError **error)
{
  PhotoJob *job;

  if (g_bytes_get_size (image) == 0)
    {
      g_set_error_literal (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_PHOTO, "照片是空的");
      return FALSE;
    }
  job = g_new0 (PhotoJob, 1);
  job->image = g_bytes_ref (image);
  photo_run (self, job);
  return TRUE;
}

#ifdef KIOSK_HAVE_CAMERA
static void
still_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskFlowCall) call = user_data;
  g_autoptr (GError) error = NULL;
  KioskCameraFrame *frame
      = kiosk_camera_capture_still_finish (KIOSK_CAMERA (source), result, &error);
  PhotoJob *job;

  if (kiosk_flow_call_is_stale (call, error))
    {
      g_clear_pointer (&frame, kiosk_camera_frame_unref);
      return;
    }
  if (frame == NULL)
    {
      g_autoptr (GError) flow_error = NULL;

      error = kiosk_flow_call_take_error (call, g_steal_pointer (&error));
      flow_error = kiosk_flow_error_from_device (error);
      kiosk_flow_set_error (call->flow, flow_error);
      kiosk_flow_set_hint (call->flow, "拍照失败，请再试一次");
      return;
    }
  job = g_new0 (PhotoJob, 1);
  job->frame = frame;
  photo_run (call->flow, job);
}
#endif

gboolean
kiosk_flow_capture (KioskFlow *self, GError **error)
{
#ifdef KIOSK_HAVE_CAMERA
  KioskDevice *camera = kiosk_context_get_camera (kiosk_flow_get_context (self));
  KioskFlowCall *call;

  if (camera == NULL || !KIOSK_IS_CAMERA (camera))
    {
      g_set_error_literal (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_DEVICE,
                           "本机没有摄像头，请到窗口办理");
      return FALSE;
    }
  call = kiosk_flow_call_new (self, kiosk_flow_get_settings (self)->device_timeout_s);
  kiosk_camera_capture_still_async (KIOSK_CAMERA (camera), call->cancellable, still_cb, call);
  return TRUE;
#else
  g_set_error_literal (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_DEVICE,
                       "本机没有摄像头，请到窗口办理");
  return FALSE;
#endif
}

/* The photo is kept as the session's photo file (the store's photo
 * directory, purged with the session): recovery repeats a request that
 * carried it with exactly the same bytes. */
gboolean
kiosk_flow_keep_photo (KioskFlow *self, GBytes *photo, GError **error)
{
  KioskStore *store = kiosk_flow_get_store (self);
  g_autofree char *name = g_strconcat (kiosk_flow_get_uuid (self), ".jpg", NULL);
  g_autofree char *path = g_build_filename (kiosk_store_get_photo_dir (store), name, NULL);

  if (photo == NULL)
    {
      g_set_error_literal (error, KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_PHOTO, "no photo");
      return FALSE;
    }
  if (!kiosk_flow_write_photo_file (kiosk_store_get_photo_dir (store), path, photo, error))
    return FALSE;
  return kiosk_store_session_set_photo (store, kiosk_flow_get_uuid (self), name, error);
}

gboolean
kiosk_flow_write_photo_file (const char *dir, const char *path, GBytes *photo, GError **error)
{
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", dir,
                   g_strerror (saved));
      return FALSE;
    }
  return g_file_set_contents_full (
      path, g_bytes_get_data (photo, NULL), (gssize) g_bytes_get_size (photo),
      G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0600, error);
}

/* ---- face verification ---------------------------------------------------- */

static void
face_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskFlowCall) call = user_data;
  g_autoptr (GError) error = NULL;
  KioskFlow *self = call->flow;
  Steps *steps = steps_of (self);
  int next_state = GPOINTER_TO_INT (call->data);
  double score = 0;
  g_autofree char *payload = NULL;

  if (!kiosk_center_verify_face_finish (KIOSK_CENTER (source), result, &score, &error))
    {
      if (kiosk_flow_call_is_stale (call, error))
        return;
      error = kiosk_flow_call_take_error (call, g_steal_pointer (&error));
      kiosk_flow_journal_outcome (self, "verify-face", "failed", NULL);
      kiosk_flow_fail_from_center (self, error);
      return;
    }
  if (kiosk_flow_call_is_stale (call, NULL))
    return;
  steps->face_score = score;
  payload = g_strdup_printf ("{\"score\":%.3f}", score);
  if (score >= kiosk_flow_get_settings (self)->face_threshold)
    {
      if (kiosk_flow_journal_outcome (self, "verify-face", "ok", payload))
        kiosk_flow_set_state (self, next_state);
      return;
    }
  if (!kiosk_flow_journal_outcome (self, "verify-face", "mismatch", payload))
    return;
  if (++steps->face_mismatches >= FACE_ATTEMPTS)
    {
      g_autoptr (GError) mismatch = g_error_new_literal (
          KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_FACE_MISMATCH,
          "人脸核验未通过：现场照片与登记照片不符。请本人持身份证到社会保障卡综合服务窗口办理");

      kiosk_flow_finish_failed (self, mismatch, NULL);
      return;
    }
  kiosk_flow_set_state (self, KIOSK_FLOW_GET_CLASS (self)->photo_state);
  kiosk_flow_set_hint (self, "人脸核验未通过，请摘下帽子和眼镜，正对摄像头重新拍照");
}

void
kiosk_flow_verify_face (KioskFlow *self, int next_state)
{
  Steps *steps = steps_of (self);
  KioskSession *session = kiosk_flow_get_session (self);
  KioskFlowCall *call
      = kiosk_flow_call_new (self, kiosk_flow_get_settings (self)->center_timeout_s);
  g_autofree char *name = g_strdup_printf ("verify-face-%u", ++steps->face_attempts);
  g_autofree char *key = kiosk_flow_key (self, name);

  call->data = GINT_TO_POINTER (next_state);
  kiosk_center_verify_face_async (
      kiosk_flow_get_center (self), key, kiosk_session_get_id_number (session),
      kiosk_session_get_photo (session), call->cancellable, face_cb, call);
}

double
kiosk_flow_get_face_score (KioskFlow *self)
{
  return steps_of (self)->face_score;
}

/* ---- the receipt ---------------------------------------------------------- */

KioskReceipt *
kiosk_flow_new_receipt (KioskFlow *self)
{
  KioskContext *context = kiosk_flow_get_context (self);
  KioskSession *session = kiosk_flow_get_session (self);
  const KioskIdCardData *id_card = kiosk_session_get_id_card (session);
  KioskReceipt *receipt = kiosk_receipt_new (kiosk_flow_get_title (self));
  g_autoptr (GDateTime) now = kiosk_context_now (context);
  const char *id_number = kiosk_session_get_id_number (session);

  kiosk_receipt_set_time (receipt, now);
  kiosk_receipt_set_kiosk_id (receipt, kiosk_context_get_config (context)->kiosk_id);
  if (id_number != NULL)
    {
      g_autofree char *masked = kiosk_mask (KIOSK_MASK_ID_NUMBER, id_number);

      kiosk_receipt_add_line (receipt, "证件号码", masked);
    }
  if (id_card != NULL && id_card->name != NULL)
    {
      g_autofree char *masked = kiosk_mask (KIOSK_MASK_NAME, id_card->name);

      kiosk_receipt_add_line (receipt, "姓名", masked);
    }
  return receipt;
}

typedef struct
{
  char *outcome;
} ReceiptJob;

static void
receipt_job_free (gpointer data)
{
  ReceiptJob *job = data;

  g_free (job->outcome);
  g_free (job);
}

#ifdef KIOSK_HAVE_PRINTERS
static void
receipt_printed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskFlowCall) call = user_data;
  ReceiptJob *job = call->data;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;

  if (!kiosk_receipt_printer_print_finish (KIOSK_RECEIPT_PRINTER (source), result, NULL, &error))
    {
      if (kiosk_flow_call_is_stale (call, error))
        return;
      error = kiosk_flow_call_take_error (call, g_steal_pointer (&error));
      line = g_strdup_printf ("failed: %s", kiosk_device_error_code_name (error));
      /* ISSUANCE.md step 10: a failed receipt changes nothing above. */
      if (kiosk_flow_journal_outcome (call->flow, KIOSK_STEP_RECEIPT, line, NULL))
        kiosk_flow_finish_done (call->flow, job->outcome);
      return;
    }
  if (kiosk_flow_call_is_stale (call, NULL))
    return;
  kiosk_flow_set_receipt_printed (call->flow, TRUE);
  if (kiosk_flow_journal_outcome (call->flow, KIOSK_STEP_RECEIPT, "ok", NULL))
    kiosk_flow_finish_done (call->flow, job->outcome);
}

typedef struct
{
  KioskReceipt *receipt;
  KioskReceiptPaper paper;
  double dpi;
} ReceiptRender;

static void
receipt_render_free (gpointer data)
{
  ReceiptRender *render = data;

  kiosk_receipt_free (render->receipt);
  g_free (render);
}

static GBytes *
receipt_render (gpointer data, GError **error)
{
  ReceiptRender *render = data;

  return kiosk_receipt_render_png (render->receipt, render->paper, render->dpi, error);
}

static void
receipt_rendered_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KioskFlowCall *call = user_data;
  ReceiptJob *job = call->data;
  KioskDevice *printer = kiosk_context_get_receipt_printer (kiosk_flow_get_context (call->flow));
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) png = kiosk_flow_render_finish (result, &error);

  if (kiosk_flow_call_is_stale (call, NULL))
    {
      kiosk_flow_call_free (call);
      return;
    }
  if (png == NULL || printer == NULL || !KIOSK_IS_RECEIPT_PRINTER (printer))
    {
      g_autofree char *line = g_strdup_printf (
          "failed: render: %s", error != NULL ? error->message : "no receipt printer");

      if (kiosk_flow_journal_outcome (call->flow, KIOSK_STEP_RECEIPT, line, NULL))
        kiosk_flow_finish_done (call->flow, job->outcome);
      kiosk_flow_call_free (call);
      return;
    }
  kiosk_receipt_printer_print_async (KIOSK_RECEIPT_PRINTER (printer), "image/png", png,
                                     call->cancellable, receipt_printed_cb, call);
}
#endif

void
kiosk_flow_print_receipt_and_finish (KioskFlow *self,
                                     KioskReceipt *receipt,
                                     const char *qr_payload,
                                     const char *outcome)
{
  g_autoptr (KioskReceipt) owned = receipt;
  g_autofree char *text = kiosk_receipt_to_text (receipt);
  KioskDevice *printer = kiosk_context_get_receipt_printer (kiosk_flow_get_context (self));

  kiosk_flow_set_receipt (self, text, qr_payload);
#ifdef KIOSK_HAVE_PRINTERS
  if (printer != NULL && KIOSK_IS_RECEIPT_PRINTER (printer))
    {
      KioskReceiptPrinter *rp = KIOSK_RECEIPT_PRINTER (printer);
      ReceiptRender *render = g_new0 (ReceiptRender, 1);
      KioskFlowCall *call;
      ReceiptJob *job;

      call = kiosk_flow_call_new (self, kiosk_flow_get_settings (self)->device_timeout_s);
      job = g_new0 (ReceiptJob, 1);
      job->outcome = g_strdup (outcome);
      call->data = job;
      call->destroy = receipt_job_free;
      /* Rendered and encoded off the main loop (tens of ms). */
      render->receipt = g_steal_pointer (&owned);
      render->paper = kiosk_receipt_printer_get_paper_mm (rp) == 58 ? KIOSK_RECEIPT_PAPER_58MM
                                                                    : KIOSK_RECEIPT_PAPER_80MM;
      render->dpi = kiosk_receipt_printer_get_dpi (rp);
      kiosk_flow_render_async (receipt_render, render, receipt_render_free, call->cancellable,
                               receipt_rendered_cb, call);
      return;
    }
#endif
  (void) printer;
  (void) receipt_job_free;
  if (kiosk_flow_journal_outcome (self, KIOSK_STEP_RECEIPT, "skipped: no receipt printer", NULL))
    kiosk_flow_finish_done (self, outcome);
}

void
kiosk_flow_print_service_receipt (KioskFlow *self, KioskReceipt *receipt, const char *outcome)
{
  kiosk_receipt_set_qr (receipt, kiosk_flow_get_uuid (self), "业务编号");
  kiosk_flow_print_receipt_and_finish (self, receipt, kiosk_flow_get_uuid (self), outcome);
}

/* ---- JSON ----------------------------------------------------------------- */

char *
kiosk_flow_json_string (const char *text)
{
  GString *out;

  if (text == NULL)
    return g_strdup ("null");
  out = g_string_new ("\"");
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

char *
kiosk_flow_json_get (KioskStore *store, const char *json, const char *path)
{
  g_autoptr (KioskDbStmt) stmt = NULL;
  g_autoptr (GError) error = NULL;

  if (json == NULL)
    return NULL;
  stmt = kiosk_db_prepare (kiosk_store_get_db (store),
                           "SELECT CASE WHEN json_valid(?1) THEN json_extract(?1, ?2) END", &error);
  if (stmt == NULL)
    return NULL;
  kiosk_db_stmt_bind_text (stmt, 1, json);
  kiosk_db_stmt_bind_text (stmt, 2, path);
  if (kiosk_db_stmt_step (stmt, &error) != KIOSK_DB_STEP_ROW
      || kiosk_db_stmt_column_is_null (stmt, 0))
    return NULL;
  return kiosk_db_stmt_dup_column_text (stmt, 0);
}
