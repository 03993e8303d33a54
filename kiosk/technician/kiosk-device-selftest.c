/* kiosk-device-selftest.c — a self-test per device, and the supplies */
#define G_LOG_DOMAIN "kiosk-technician"

#include "config.h"

#include <string.h>
#include <time.h>

#include "kiosk-card-feeder-sim.h"
#include "kiosk-card-feeder.h"
#include "kiosk-chip-reader.h"
#include "kiosk-device-selftest-private.h"
#include "kiosk-id-reader.h"
#include "kiosk-mask.h"
#include "kiosk-devices-builtin.h"
#include "kiosk-pcsc-chip-reader.h"
#include "kiosk-sam-serial.h"
#ifdef KIOSK_HAVE_CAMERA
#include "kiosk-camera.h"
#endif
#ifdef KIOSK_HAVE_PRINTERS
#include "kiosk-ipp-card-printer.h"
#include "kiosk-ipp-receipt-printer.h"
#include "kiosk-receipt-printer.h"
#include "kiosk-receipt.h"
#endif
#ifdef KIOSK_HAVE_PHOTO
#include "kiosk-photo-spec.h"
#endif

#define CHIP_READ_ATTEMPTS 3
#define CHIP_RETRY_MS      300

void
kiosk_device_selftest_register_drivers (void)
{
  kiosk_devices_register_builtin ();
}

const char *const *
kiosk_device_selftest_names (void)
{
  static const char *const names[]
      = { "idreader", "chip", "camera", "receipt_printer", "card_printer", "cardfeed", NULL };
  return names;
}

static void
field_free (gpointer data)
{
  KioskSelftestField *field = data;

  g_free (field->key);
  g_free (field->label);
  g_free (field->value);
  g_free (field);
}

void
kiosk_device_selftest_free (KioskDeviceSelftest *selftest)
{
  if (selftest == NULL)
    return;
  g_free (selftest->device);
  g_free (selftest->kind);
  g_free (selftest->summary);
  g_ptr_array_unref (selftest->fields);
  g_clear_pointer (&selftest->meter, kiosk_camera_meter_free);
  g_free (selftest->card_serial);
  g_free (selftest);
}

static void
run_free (gpointer data)
{
  KioskSelftestRun *run = data;

  g_clear_object (&run->devices);
  g_clear_object (&run->device);
  g_clear_object (&run->store);
  g_clear_object (&run->feeder);
  g_free (run->actor);
  g_free (run->kiosk_id);
  g_free (run->uuid);
  g_free (run->failure);
  g_clear_pointer (&run->result, kiosk_device_selftest_free);
  g_free (run);
}

void
kiosk_selftest_add_field (KioskSelftestRun *run, const char *key, const char *label, char *value)
{
  KioskSelftestField *field;

  if (value == NULL)
    return;
  field = g_new0 (KioskSelftestField, 1);
  field->key = g_strdup (key);
  field->label = g_strdup (label);
  field->value = value;
  g_ptr_array_add (run->result->fields, field);
}

/* Ends the run: the result (passed or not), audited. */
void
kiosk_selftest_finish (GTask *task, gboolean passed, const char *fmt, ...)
{
  KioskSelftestRun *run = g_task_get_task_data (task);
  KioskDeviceSelftest *result = run->result;
  va_list args;

  va_start (args, fmt);
  result->summary = g_strdup_vprintf (fmt, args);
  va_end (args);
  result->passed = passed;
  result->elapsed_ms = (g_get_monotonic_time () - run->started) / 1000;
  if (run->store != NULL && run->actor != NULL)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *detail = g_strdup_printf ("%s: %s: %s", result->device,
                                                 passed ? "passed" : "failed", result->summary);

      /* The test happened whether or not its trace can be written. */
      if (kiosk_store_audit_append (run->store, run->actor, "technician.selftest", detail, &error)
          <= 0)
        g_warning ("self-test of %s not audited: %s", result->device, error->message);
    }
  g_task_return_pointer (task, g_steal_pointer (&run->result),
                         (GDestroyNotify) kiosk_device_selftest_free);
  g_object_unref (task);
}

/* A cancelled test is an error, not a failed test. */
gboolean
kiosk_selftest_cancelled (GTask *task, const GError *error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  g_task_return_error (task, g_error_copy (error));
  g_object_unref (task);
  return TRUE;
}

static guint
wait_ms (KioskSelftestRun *run)
{
  return run->wait_s * 1000;
}

/* ---- ID-card reader ----------------------------------------------------------- */

static const char *
sex_label (guint sex)
{
  switch (sex)
    {
      case 1:
        return "男";
      case 2:
        return "女";
      case 9:
        return "未说明";
      default:
        return "未知";
    }
}

static void
id_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  KioskSelftestRun *run = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskIdCardData) card
      = kiosk_id_reader_read_card_finish (KIOSK_ID_READER (source), result, &error);

  if (card == NULL)
    {
      if (!kiosk_selftest_cancelled (task, error))
        kiosk_selftest_finish (task, FALSE, "读卡失败 (reading the card failed): %s",
                               error->message);
      return;
    }
  kiosk_selftest_add_field (run, "card_type", "证件类型",
                            g_strdup (kiosk_id_card_type_to_label (card->type)));
  kiosk_selftest_add_field (run, "name", "姓名",
                            card->name ? kiosk_mask (KIOSK_MASK_NAME, card->name) : NULL);
  kiosk_selftest_add_field (run, "sex", "性别", g_strdup (sex_label (card->sex)));
  kiosk_selftest_add_field (run, "birth_year", "出生年份",
                            card->birth_date ? g_strdup_printf ("%.4s", card->birth_date) : NULL);
  kiosk_selftest_add_field (run, "id_number", "证件号码",
                            card->id_number ? kiosk_mask (KIOSK_MASK_ID_NUMBER, card->id_number)
                                            : NULL);
  kiosk_selftest_add_field (run, "address", "住址",
                            card->address ? kiosk_mask (KIOSK_MASK_ADDRESS, card->address) : NULL);
  kiosk_selftest_add_field (run, "valid_to", "有效期至",
                            g_strdup (card->valid_long_term ? "长期" : card->valid_to));
  kiosk_selftest_add_field (run, "photo", "照片",
                            g_strdup (card->photo_bmp ? "已解码 (decoded)"
                                      : card->photo_wlt
                                          ? "未解码：未配置 WLT 解码库 (no WLT decoder)"
                                          : "无 (none)"));
  kiosk_selftest_add_field (run, "sam_id", "安全模块号",
                            g_strdup (kiosk_id_reader_get_sam_id (KIOSK_ID_READER (source))));
  /* `card` is wiped by its free function. */
  kiosk_selftest_finish (task, TRUE, "身份证阅读器正常 (ID-card reader ok)");
}

static void
id_waited_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  g_autoptr (GError) error = NULL;

  if (!kiosk_id_reader_wait_for_card_finish (KIOSK_ID_READER (source), result, &error))
    {
      if (!kiosk_selftest_cancelled (task, error))
        kiosk_selftest_finish (task, FALSE, "没有检测到身份证 (no ID card on the reader): %s",
                               error->message);
      return;
    }
  kiosk_id_reader_read_card_async (KIOSK_ID_READER (source), KIOSK_ID_READ_NONE,
                                   g_task_get_cancellable (task), id_read_cb, task);
}

/* ---- chip reader --------------------------------------------------------------- */

static char *
format_date (const char *yyyymmdd)
{
  if (yyyymmdd == NULL || strlen (yyyymmdd) != 8)
    return NULL;
  return g_strdup_printf ("%.4s-%.2s-%.2s", yyyymmdd, yyyymmdd + 4, yyyymmdd + 6);
}

static void chip_read_cb (GObject *source, GAsyncResult *result, gpointer user_data);

static void
chip_read_again (gpointer user_data)
{
  GTask *task = user_data;
  KioskSelftestRun *run = g_task_get_task_data (task);

  kiosk_chip_reader_read_ssc_async (KIOSK_CHIP_READER (run->device), g_task_get_cancellable (task),
                                    chip_read_cb, task);
}

static void
chip_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  KioskSelftestRun *run = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSscCardData) data
      = kiosk_chip_reader_read_ssc_finish (KIOSK_CHIP_READER (source), result, &error);

  if (data == NULL && kiosk_device_error_is_user (error) && ++run->attempts < CHIP_READ_ATTEMPTS)
    {
      /* The reader may not have settled on a card inserted a moment ago. */
      g_timeout_add_once (CHIP_RETRY_MS, chip_read_again, task);
      return;
    }
  if (data == NULL)
    {
      if (!kiosk_selftest_cancelled (task, error))
        kiosk_selftest_finish (task, FALSE, "芯片读取失败 (reading the chip failed): %s",
                               error->message);
      return;
    }
  kiosk_selftest_add_field (run, "card_number", "卡号",
                            data->card_number ? kiosk_mask (KIOSK_MASK_CARD, data->card_number)
                                              : NULL);
  kiosk_selftest_add_field (run, "ssn", "社会保障号码",
                            data->ssn ? kiosk_mask (KIOSK_MASK_ID_NUMBER, data->ssn) : NULL);
  kiosk_selftest_add_field (run, "name", "姓名",
                            data->name ? kiosk_mask (KIOSK_MASK_NAME, data->name) : NULL);
  kiosk_selftest_add_field (run, "spec_version", "规范版本", g_strdup (data->spec_version));
  kiosk_selftest_add_field (run, "issuer", "发卡机构", g_strdup (data->issuer));
  kiosk_selftest_add_field (run, "issue_date", "发卡日期", format_date (data->issue_date));
  kiosk_selftest_add_field (run, "expiry_date", "有效期至", format_date (data->expiry_date));
  if (KIOSK_IS_PCSC_CHIP_READER (source))
    kiosk_selftest_add_field (
        run, "reader", "读卡器",
        g_strdup (kiosk_pcsc_chip_reader_get_reader_name (KIOSK_PCSC_CHIP_READER (source))));
  kiosk_selftest_finish (task, TRUE, "芯片读卡器正常 (chip reader ok)");
}

static void
chip_waited_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  g_autoptr (GError) error = NULL;

  if (!kiosk_chip_reader_wait_for_card_finish (KIOSK_CHIP_READER (source), result, &error))
    {
      if (!kiosk_selftest_cancelled (task, error))
        kiosk_selftest_finish (
            task, FALSE, "读卡器中没有社会保障卡 (no card in the chip reader): %s", error->message);
      return;
    }
  kiosk_chip_reader_read_ssc_async (KIOSK_CHIP_READER (source), g_task_get_cancellable (task),
                                    chip_read_cb, task);
}

/* ---- card transport ----------------------------------------------------------- */

static void
add_feeder_fields (KioskSelftestRun *run, const KioskCardFeederState *state)
{
  kiosk_selftest_add_field (run, "position", "卡片位置",
                            g_strdup (kiosk_card_position_to_string (state->position)));
  kiosk_selftest_add_field (run, "hopper", "料斗空白卡",
                            g_strdup_printf ("%u", state->hopper_level));
  kiosk_selftest_add_field (run, "fed", "已送卡",
                            g_strdup_printf ("%" G_GUINT64_FORMAT, state->fed));
  kiosk_selftest_add_field (run, "ejected", "已出卡",
                            g_strdup_printf ("%" G_GUINT64_FORMAT, state->ejected));
  kiosk_selftest_add_field (run, "taken", "已取走",
                            g_strdup_printf ("%" G_GUINT64_FORMAT, state->taken));
  kiosk_selftest_add_field (run, "rejected", "已回收",
                            g_strdup_printf ("%" G_GUINT64_FORMAT, state->rejected));
  kiosk_selftest_add_field (run, "jammed", "卡住",
                            g_strdup (state->jammed ? "是 (yes)" : "否 (no)"));
}

static void
feeder_state_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  KioskSelftestRun *run = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCardFeederState) state
      = kiosk_card_feeder_query_state_finish (KIOSK_CARD_FEEDER (source), result, &error);

  if (state == NULL)
    {
      if (!kiosk_selftest_cancelled (task, error))
        kiosk_selftest_finish (task, FALSE,
                               "卡片传送装置无应答 (the card transport did not answer): %s",
                               error->message);
      return;
    }
  add_feeder_fields (run, state);
  if (state->jammed)
    kiosk_selftest_finish (task, FALSE, "卡道卡住，请打开卡道取出卡片 (the transport is jammed)");
  else if (state->hopper_level == 0)
    kiosk_selftest_finish (task, FALSE, "料斗中没有空白卡 (the hopper is empty)");
  else
    kiosk_selftest_finish (task, TRUE, "卡片传送装置正常 (card transport ok)");
}

/* ---- camera ------------------------------------------------------------------ */

#ifdef KIOSK_HAVE_CAMERA
static void
meter_limits (KioskCameraMeterLimits *limits)
{
#ifdef KIOSK_HAVE_PHOTO
  g_autoptr (KioskPhotoSpec) spec = kiosk_photo_spec_new_default ();

  limits->background_luma_min = spec->background_luma_min;
  limits->background_chroma_max = spec->background_chroma_max;
  limits->background_spread_max = spec->background_spread_max;
  limits->subject_luma_min = spec->face_luma_min;
  limits->subject_luma_max = spec->face_luma_max;
  limits->clipped_max = spec->clipped_max;
#else
  kiosk_camera_meter_limits_init (limits);
#endif
}

static void
camera_still_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  KioskSelftestRun *run = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCameraFrame) frame
      = kiosk_camera_capture_still_finish (KIOSK_CAMERA (source), result, &error);
  KioskCameraMeterLimits limits;
  KioskCameraMeter *meter;

  if (frame == NULL)
    {
      if (!kiosk_selftest_cancelled (task, error))
        kiosk_selftest_finish (task, FALSE, "摄像头没有画面 (no picture from the camera): %s",
                               error->message);
      return;
    }
  meter_limits (&limits);
  meter = kiosk_camera_meter_measure (g_bytes_get_data (kiosk_camera_frame_get_bytes (frame), NULL),
                                      kiosk_camera_frame_get_width (frame),
                                      kiosk_camera_frame_get_height (frame),
                                      kiosk_camera_frame_get_stride (frame), &limits, &error);
  if (meter == NULL)
    {
      kiosk_selftest_finish (task, FALSE, "画面无法测量 (the frame cannot be measured): %s",
                             error->message);
      return;
    }
  kiosk_selftest_add_field (run, "resolution", "分辨率",
                            g_strdup_printf ("%u×%u", kiosk_camera_frame_get_width (frame),
                                             kiosk_camera_frame_get_height (frame)));
  kiosk_selftest_add_field (run, "whiteness", "背景白度",
                            g_strdup_printf ("%d%%", meter->whiteness));
  kiosk_selftest_add_field (run, "background", "背景亮度/偏色/不均匀",
                            g_strdup_printf ("%.0f / %.1f / %.0f", meter->background_luma,
                                             meter->background_chroma, meter->background_spread));
  kiosk_selftest_add_field (run, "exposure", "曝光",
                            g_strdup_printf ("%+.2f EV", meter->exposure_ev));
  kiosk_selftest_add_field (
      run, "clipped", "过曝/欠曝",
      g_strdup_printf ("%.1f%% / %.1f%%", meter->clipped_high * 100, meter->clipped_low * 100));
  for (guint i = 0; i < meter->advice->len; i++)
    kiosk_selftest_add_field (run, "advice", "建议",
                              g_strdup (g_ptr_array_index (meter->advice, i)));
  run->result->meter = meter;
  kiosk_selftest_finish (
      task, TRUE, "摄像头正常；背景%s，曝光%s (camera ok; background %s, exposure %s)",
      meter->background_ok ? "合格" : "需调整", meter->exposure_ok ? "合格" : "需调整",
      meter->background_ok ? "ok" : "to adjust", meter->exposure_ok ? "ok" : "to adjust");
}
#endif

/* ---- printers ------------------------------------------------------------------ */

#ifdef KIOSK_HAVE_PRINTERS
void
kiosk_selftest_add_job_fields (KioskSelftestRun *run, const KioskPrintJob *job)
{
  if (job == NULL)
    return;
  kiosk_selftest_add_field (run, "job_id", "作业号", g_strdup_printf ("%d", job->id));
  kiosk_selftest_add_field (run, "job_state", "作业状态",
                            g_strdup (kiosk_print_job_state_to_string (job->state)));
  if (job->state_message != NULL)
    kiosk_selftest_add_field (run, "job_message", "作业信息", g_strdup (job->state_message));
  if (job->printer_status != NULL)
    kiosk_selftest_add_field (run, "printer_status", "打印机状态",
                              kiosk_printer_status_to_string (job->printer_status));
}

static void
receipt_printed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  KioskSelftestRun *run = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPrintJob) job = NULL;
  gboolean ok
      = kiosk_receipt_printer_print_finish (KIOSK_RECEIPT_PRINTER (source), result, &job, &error);

  kiosk_selftest_add_job_fields (run, job);
  if (!ok)
    {
      if (!kiosk_selftest_cancelled (task, error))
        kiosk_selftest_finish (task, FALSE, "测试凭条未打印 (the test receipt did not print): %s",
                               error->message);
      return;
    }
  kiosk_selftest_finish (task, TRUE, "测试凭条已打印 (test receipt printed)");
}

static void
start_receipt (GTask *task)
{
  KioskSelftestRun *run = g_task_get_task_data (task);
  KioskReceiptPrinter *printer = KIOSK_RECEIPT_PRINTER (run->device);
  g_autoptr (KioskReceipt) receipt = kiosk_receipt_new ("设备自检 (self-test)");
  g_autoptr (GBytes) png = NULL;
  g_autoptr (GError) error = NULL;

  kiosk_receipt_set_kiosk_id (receipt, run->kiosk_id);
  kiosk_receipt_add_line (receipt, "设备", kiosk_device_get_name (run->device));
  kiosk_receipt_add_line (receipt, "说明", "这是一张测试凭条 (test receipt)");
  kiosk_receipt_set_outcome (receipt, KIOSK_RECEIPT_OUTCOME_SUCCESS,
                             "字迹清楚完整即凭条打印机正常。");
  kiosk_receipt_set_qr (receipt, "sskiosk:selftest", "自检二维码");
  png = kiosk_receipt_render_png (receipt,
                                  kiosk_receipt_printer_get_paper_mm (printer) == 58
                                      ? KIOSK_RECEIPT_PAPER_58MM
                                      : KIOSK_RECEIPT_PAPER_80MM,
                                  kiosk_receipt_printer_get_dpi (printer), &error);
  if (png == NULL)
    {
      kiosk_selftest_finish (task, FALSE,
                             "测试凭条无法生成 (the test receipt cannot be rendered): %s",
                             error->message);
      return;
    }
  kiosk_receipt_printer_print_async (printer, "image/png", png, g_task_get_cancellable (task),
                                     receipt_printed_cb, task);
}
#endif

/* ---- dispatch -------------------------------------------------------------------- */

void
kiosk_device_selftest_async (KioskDeviceManager *devices,
                             const char *name,
                             KioskStore *store,
                             const KioskConfig *config,
                             const char *actor,
                             guint wait_s,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data)
{
  GTask *task;
  KioskDevice *device;
  KioskSelftestRun *run;

  g_return_if_fail (KIOSK_IS_DEVICE_MANAGER (devices));

  task = g_task_new (devices, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiosk_device_selftest_async);
  device = name != NULL ? kiosk_device_manager_get_device (devices, name) : NULL;
  if (device == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               "没有配置此设备 (no device “%s” in [devices])", name ? name : "");
      g_object_unref (task);
      return;
    }

  run = g_new0 (KioskSelftestRun, 1);
  run->devices = g_object_ref (devices);
  run->device = g_object_ref (device);
  run->store = store != NULL ? g_object_ref (store) : NULL;
  run->actor = g_strdup (actor);
  run->kiosk_id = g_strdup (config != NULL ? config->kiosk_id : NULL);
  run->wait_s = MAX (wait_s, 1);
  run->started = g_get_monotonic_time ();
  run->result = g_new0 (KioskDeviceSelftest, 1);
  run->result->device = g_strdup (name);
  run->result->kind = g_strdup (kiosk_device_kind_to_string (kiosk_device_get_kind (device)));
  run->result->fields = g_ptr_array_new_with_free_func (field_free);
  g_task_set_task_data (task, run, run_free);

  if (!kiosk_device_is_connected (device))
    {
      KioskDeviceStatus *status = kiosk_device_get_status (device);

      kiosk_selftest_finish (task, FALSE, "设备未连接 (not connected)%s%s",
                             status->last_error != NULL ? ": " : "",
                             status->last_error != NULL ? status->last_error : "");
      kiosk_device_status_free (status);
      return;
    }

  switch (kiosk_device_get_kind (device))
    {
      case KIOSK_DEVICE_KIND_ID_READER:
        kiosk_id_reader_wait_for_card_async (KIOSK_ID_READER (device), wait_ms (run), cancellable,
                                             id_waited_cb, task);
        return;
      case KIOSK_DEVICE_KIND_CHIP_READER:
        kiosk_chip_reader_wait_for_card_async (KIOSK_CHIP_READER (device), wait_ms (run),
                                               cancellable, chip_waited_cb, task);
        return;
      case KIOSK_DEVICE_KIND_CARD_FEEDER:
        kiosk_card_feeder_query_state_async (KIOSK_CARD_FEEDER (device), cancellable,
                                             feeder_state_cb, task);
        return;
#ifdef KIOSK_HAVE_CAMERA
      case KIOSK_DEVICE_KIND_CAMERA:
        kiosk_camera_capture_still_async (KIOSK_CAMERA (device), cancellable, camera_still_cb,
                                          task);
        return;
#endif
#ifdef KIOSK_HAVE_PRINTERS
      case KIOSK_DEVICE_KIND_RECEIPT_PRINTER:
        start_receipt (task);
        return;
      case KIOSK_DEVICE_KIND_CARD_PRINTER:
        kiosk_selftest_start_test_card (task);
        return;
#endif
      default:
        kiosk_selftest_finish (task, FALSE,
                               "此版本没有该设备的自检 (this build has no self-test for %s)",
                               kiosk_device_kind_to_string (kiosk_device_get_kind (device)));
        return;
    }
}

KioskDeviceSelftest *
kiosk_device_selftest_finish (KioskDeviceManager *devices, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, devices), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
