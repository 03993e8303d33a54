/* kiosk-tech-selftest-page.c — a self-test per device, and the camera's calibration meter */
#define G_LOG_DOMAIN "kiosk-tech-page"

#include "config.h"

#include "kiosk-camera-meter.h"
#include "kiosk-camera-paintable.h"
#include "kiosk-tech-selftest-page.h"
#include "kiosk-tech-util.h"

#define METER_INTERVAL_MS 1000

struct _KioskTechSelftestPage
{
  KioskPage parent_instance;

  GtkLabel *status_label;
  GtkBox *fields;
  GtkPicture *preview;
  GtkLabel *meter_label;
  GtkBox *advice;

  KioskCamera *camera;
  KioskCameraPaintable *paintable;
  guint meter_id;
  char *meter_text;
};

G_DEFINE_FINAL_TYPE (KioskTechSelftestPage, kiosk_tech_selftest_page, KIOSK_TYPE_PAGE)

static void
set_status (KioskTechSelftestPage *self, const char *text, KioskTechMark mark)
{
  gtk_label_set_text (self->status_label, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "tech-ok");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "tech-bad");
  if (mark == KIOSK_TECH_MARK_OK)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "tech-ok");
  else if (mark == KIOSK_TECH_MARK_BAD)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "tech-bad");
}

void
kiosk_tech_selftest_page_set_running (KioskTechSelftestPage *self, const char *device)
{
  g_autofree char *text = NULL;

  g_return_if_fail (KIOSK_IS_TECH_SELFTEST_PAGE (self));
  text = g_strdup_printf ("正在自检 %s，请稍候…", device);
  kiosk_tech_list_clear (self->fields);
  set_status (self, text, KIOSK_TECH_MARK_NONE);
}

void
kiosk_tech_selftest_page_set_result (KioskTechSelftestPage *self,
                                     const KioskDeviceSelftest *selftest,
                                     const char *message)
{
  g_autofree char *text = NULL;

  g_return_if_fail (KIOSK_IS_TECH_SELFTEST_PAGE (self));
  kiosk_tech_list_clear (self->fields);
  if (selftest == NULL)
    {
      set_status (self, message != NULL ? message : "自检没有完成", KIOSK_TECH_MARK_BAD);
      return;
    }
  text = g_strdup_printf ("%s %s：%s（%.1f 秒）", selftest->passed ? "✓ 通过" : "✗ 未通过",
                          selftest->device, selftest->summary != NULL ? selftest->summary : "",
                          (double) selftest->elapsed_ms / 1000.0);
  set_status (self, text, selftest->passed ? KIOSK_TECH_MARK_OK : KIOSK_TECH_MARK_BAD);
  for (guint i = 0; selftest->fields != NULL && i < selftest->fields->len; i++)
    {
      const KioskSelftestField *field = g_ptr_array_index (selftest->fields, i);
      g_autofree char *line
          = g_strdup_printf ("%s：%s", field->label != NULL ? field->label : field->key,
                             field->value != NULL ? field->value : "—");
      kiosk_tech_list_add (self->fields, line, NULL, KIOSK_TECH_MARK_NONE);
    }
  if (selftest->card_serial != NULL)
    {
      g_autofree char *line
          = g_strdup_printf ("测试卡 %s 已进入废卡箱，库存记为作废", selftest->card_serial);
      kiosk_tech_list_add (self->fields, line, NULL, KIOSK_TECH_MARK_NONE);
    }
}

const char *
kiosk_tech_selftest_page_get_meter_text (KioskTechSelftestPage *self)
{
  g_return_val_if_fail (KIOSK_IS_TECH_SELFTEST_PAGE (self), NULL);
  return self->meter_text != NULL ? self->meter_text : "";
}

/* ---- the calibration meter on the live preview ------------------------------ */

static void
show_meter (KioskTechSelftestPage *self, const KioskCameraMeter *meter)
{
  g_free (self->meter_text);
  self->meter_text = g_strdup_printf ("背景白度 %d%%（%s）· 曝光 %+.1f EV（%s）", meter->whiteness,
                                      meter->background_ok ? "合格" : "不合格", meter->exposure_ev,
                                      meter->exposure_ok ? "合格" : "不合格");
  gtk_label_set_text (self->meter_label, self->meter_text);
  kiosk_tech_list_clear (self->advice);
  for (guint i = 0; meter->advice != NULL && i < meter->advice->len; i++)
    kiosk_tech_list_add (self->advice, g_ptr_array_index (meter->advice, i), NULL,
                         KIOSK_TECH_MARK_WARN);
}

static gboolean
meter_tick (gpointer user_data)
{
  KioskTechSelftestPage *self = user_data;
  g_autoptr (KioskCameraFrame) frame = NULL;
  g_autoptr (KioskCameraMeter) meter = NULL;
  g_autoptr (GError) error = NULL;
  gsize size = 0;
  const guint8 *pixels;

  if (self->camera == NULL || (frame = kiosk_camera_get_latest_frame (self->camera)) == NULL
      || kiosk_camera_frame_get_format (frame) != KIOSK_CAMERA_FORMAT_RGB)
    return G_SOURCE_CONTINUE;
  pixels = g_bytes_get_data (kiosk_camera_frame_get_bytes (frame), &size);
  meter = kiosk_camera_meter_measure (pixels, kiosk_camera_frame_get_width (frame),
                                      kiosk_camera_frame_get_height (frame),
                                      kiosk_camera_frame_get_stride (frame), NULL, &error);
  if (meter == NULL)
    gtk_label_set_text (self->meter_label, error->message);
  else
    show_meter (self, meter);
  return G_SOURCE_CONTINUE;
}

void
kiosk_tech_selftest_page_set_camera (KioskTechSelftestPage *self, GObject *camera)
{
  g_return_if_fail (KIOSK_IS_TECH_SELFTEST_PAGE (self));
  g_return_if_fail (camera == NULL || KIOSK_IS_CAMERA (camera));

  g_set_object (&self->camera, (KioskCamera *) camera);
  if (self->paintable == NULL && camera != NULL)
    {
      self->paintable = kiosk_camera_paintable_new (KIOSK_CAMERA (camera));
      kiosk_camera_paintable_set_live (self->paintable, self->meter_id != 0);
    }
  else if (self->paintable != NULL)
    kiosk_camera_paintable_set_camera (self->paintable, (KioskCamera *) camera);
  gtk_picture_set_paintable (self->preview,
                             camera != NULL ? GDK_PAINTABLE (self->paintable) : NULL);
  if (camera == NULL)
    gtk_label_set_text (self->meter_label, "没有相机");
}

static void
kiosk_tech_selftest_page_shown (KioskPage *page)
{
  KioskTechSelftestPage *self = KIOSK_TECH_SELFTEST_PAGE (page);

  g_clear_handle_id (&self->meter_id, g_source_remove);
  self->meter_id = g_timeout_add (METER_INTERVAL_MS, meter_tick, self);
  /* The camera streams on demand: only while this page shows it. */
  if (self->paintable != NULL)
    kiosk_camera_paintable_set_live (self->paintable, TRUE);
}

static void
kiosk_tech_selftest_page_hidden (KioskPage *page)
{
  KioskTechSelftestPage *self = KIOSK_TECH_SELFTEST_PAGE (page);

  g_clear_handle_id (&self->meter_id, g_source_remove);
  if (self->paintable != NULL)
    kiosk_camera_paintable_set_live (self->paintable, FALSE);
}

static void
kiosk_tech_selftest_page_wipe (KioskPage *page)
{
  KioskTechSelftestPage *self = KIOSK_TECH_SELFTEST_PAGE (page);

  /* The ID reader's and chip's tests show masked fields; gone anyway. */
  kiosk_tech_list_clear (self->fields);
  set_status (self, "请选择要自检的设备", KIOSK_TECH_MARK_NONE);
}

static void
kiosk_tech_selftest_page_dispose (GObject *object)
{
  KioskTechSelftestPage *self = KIOSK_TECH_SELFTEST_PAGE (object);

  g_clear_handle_id (&self->meter_id, g_source_remove);
  if (self->paintable != NULL)
    kiosk_camera_paintable_set_camera (self->paintable, NULL);
  g_clear_object (&self->paintable);
  g_clear_object (&self->camera);
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_TECH_SELFTEST_PAGE);
  G_OBJECT_CLASS (kiosk_tech_selftest_page_parent_class)->dispose (object);
}

static void
kiosk_tech_selftest_page_finalize (GObject *object)
{
  g_free (KIOSK_TECH_SELFTEST_PAGE (object)->meter_text);
  G_OBJECT_CLASS (kiosk_tech_selftest_page_parent_class)->finalize (object);
}

static void
kiosk_tech_selftest_page_class_init (KioskTechSelftestPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);

  object_class->dispose = kiosk_tech_selftest_page_dispose;
  object_class->finalize = kiosk_tech_selftest_page_finalize;
  page_class->shown = kiosk_tech_selftest_page_shown;
  page_class->hidden = kiosk_tech_selftest_page_hidden;
  page_class->wipe = kiosk_tech_selftest_page_wipe;

  gtk_widget_class_set_template_from_resource (
      widget_class, "/cn/jl/hrss/Kiosk/pages/technician/kiosk-tech-selftest-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskTechSelftestPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, KioskTechSelftestPage, fields);
  gtk_widget_class_bind_template_child (widget_class, KioskTechSelftestPage, preview);
  gtk_widget_class_bind_template_child (widget_class, KioskTechSelftestPage, meter_label);
  gtk_widget_class_bind_template_child (widget_class, KioskTechSelftestPage, advice);
}

static void
kiosk_tech_selftest_page_init (KioskTechSelftestPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  set_status (self, "请选择要自检的设备", KIOSK_TECH_MARK_NONE);
}
