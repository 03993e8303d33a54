/* kiosk-camera-page.c — the live preview with the oval face guide */
#define G_LOG_DOMAIN "kiosk-camera-page"

#include "config.h"

#include "kiosk-camera-page.h"
#ifdef HAVE_CAMERA_PAINTABLE
#include "kiosk-camera-paintable.h"
#endif

struct _KioskCameraPage
{
  KioskPage parent_instance;

  GtkPicture *preview;
  GtkDrawingArea *guide;
  GtkLabel *message_label;
  GtkLabel *hint_label;
  GtkLabel *checking_label;

  GdkPaintable *paintable;
  guint auto_capture_s;
  guint auto_capture_id;
  gboolean checking;
};

G_DEFINE_FINAL_TYPE (KioskCameraPage, kiosk_camera_page, KIOSK_TYPE_PAGE)

/* The oval the face belongs in, and a dimmed surround so it stands out. */
static void
draw_guide (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  KioskCameraPage *self = user_data;
  double cx = width / 2.0, cy = height * 0.46;
  double rx = MIN (width * 0.27, height * 0.22), ry = rx * 1.3;

  cairo_save (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_translate (cr, cx, cy);
  cairo_scale (cr, rx, ry);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.45);
  cairo_fill (cr);

  cairo_save (cr);
  cairo_translate (cr, cx, cy);
  cairo_scale (cr, rx, ry);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
  cairo_set_line_width (cr, 8);
  if (self->checking)
    cairo_set_source_rgb (cr, 1.0, 0.84, 0.31);
  else
    cairo_set_source_rgb (cr, 0.2, 0.85, 0.45);
  cairo_set_dash (cr, (double[]){ 24, 14 }, 2, 0);
  cairo_stroke (cr);
}

static gboolean
auto_capture_tick (gpointer user_data)
{
  KioskCameraPage *self = user_data;

  if (!self->checking)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.capture", NULL);
  return G_SOURCE_CONTINUE;
}

static void
kiosk_camera_page_arm (KioskCameraPage *self)
{
  g_clear_handle_id (&self->auto_capture_id, g_source_remove);
  if (self->auto_capture_s > 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->auto_capture_id = g_timeout_add_seconds (self->auto_capture_s, auto_capture_tick, self);
}

void
kiosk_camera_page_set_camera (KioskCameraPage *self, GObject *camera)
{
  g_return_if_fail (KIOSK_IS_CAMERA_PAGE (self));

#ifdef HAVE_CAMERA_PAINTABLE
  if (camera != NULL && self->paintable == NULL)
    self->paintable = GDK_PAINTABLE (kiosk_camera_paintable_new (KIOSK_CAMERA (camera)));
  else if (self->paintable != NULL)
    kiosk_camera_paintable_set_camera (KIOSK_CAMERA_PAINTABLE (self->paintable),
                                       camera != NULL ? KIOSK_CAMERA (camera) : NULL);
  if (self->paintable != NULL)
    {
      kiosk_camera_paintable_set_mirrored (KIOSK_CAMERA_PAINTABLE (self->paintable), TRUE);
      /* The camera streams only while this page is shown (docs/performance.md). */
      kiosk_camera_paintable_set_live (KIOSK_CAMERA_PAINTABLE (self->paintable),
                                       gtk_widget_get_mapped (GTK_WIDGET (self)));
    }
#endif
  if (camera != NULL && self->paintable != NULL)
    gtk_picture_set_paintable (self->preview, self->paintable);
  else
    gtk_picture_set_resource (self->preview, "/cn/jl/hrss/Kiosk/pictures/face-guide.svg");
  gtk_widget_set_visible (GTK_WIDGET (self->guide), camera != NULL && self->paintable != NULL);
}

void
kiosk_camera_page_set_checking (KioskCameraPage *self, gboolean checking)
{
  g_return_if_fail (KIOSK_IS_CAMERA_PAGE (self));
  self->checking = checking;
  gtk_widget_set_visible (GTK_WIDGET (self->checking_label), checking);
  kiosk_page_set_primary_sensitive (KIOSK_PAGE (self), !checking);
  gtk_widget_queue_draw (GTK_WIDGET (self->guide));
}

void
kiosk_camera_page_set_auto_capture (KioskCameraPage *self, guint seconds)
{
  g_return_if_fail (KIOSK_IS_CAMERA_PAGE (self));
  self->auto_capture_s = seconds;
  kiosk_camera_page_arm (self);
}

static void
kiosk_camera_page_update (KioskPage *page, KioskFlow *flow)
{
  KioskCameraPage *self = KIOSK_CAMERA_PAGE (page);
  const char *hint = kiosk_flow_get_hint (flow);
  gboolean working = kiosk_flow_get_page (flow) == KIOSK_FLOW_PAGE_WORKING;

  if (!working && kiosk_flow_get_message (flow) != NULL)
    gtk_label_set_text (self->message_label, kiosk_flow_get_message (flow));
  /* A hint of the photo check stands out; the standing instruction not. */
  gtk_label_set_text (self->hint_label, hint != NULL && *hint ? hint : "请正对镜头，把脸放在框内");
  if (hint != NULL && *hint)
    gtk_widget_remove_css_class (GTK_WIDGET (self->hint_label), "idle");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->hint_label), "idle");
  kiosk_camera_page_set_checking (self, working);
}

static void
kiosk_camera_page_shown (KioskPage *page)
{
  kiosk_camera_page_arm (KIOSK_CAMERA_PAGE (page));
}

static void
kiosk_camera_page_hidden (KioskPage *page)
{
  KioskCameraPage *self = KIOSK_CAMERA_PAGE (page);

  g_clear_handle_id (&self->auto_capture_id, g_source_remove);
  kiosk_camera_page_set_checking (self, FALSE);
}

static void
kiosk_camera_page_wipe (KioskPage *page)
{
  KioskCameraPage *self = KIOSK_CAMERA_PAGE (page);

  /* A face is personal: nothing of it stays on the page. */
#ifdef HAVE_CAMERA_PAINTABLE
  if (self->paintable != NULL)
    kiosk_camera_paintable_push_frame (KIOSK_CAMERA_PAINTABLE (self->paintable), NULL);
#endif
  gtk_label_set_text (self->hint_label, "");
}

static void
set_live (KioskCameraPage *self, gboolean live)
{
#ifdef HAVE_CAMERA_PAINTABLE
  if (self->paintable != NULL)
    kiosk_camera_paintable_set_live (KIOSK_CAMERA_PAINTABLE (self->paintable), live);
#endif
}

static void
kiosk_camera_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kiosk_camera_page_parent_class)->map (widget);
  set_live (KIOSK_CAMERA_PAGE (widget), TRUE);
  kiosk_camera_page_arm (KIOSK_CAMERA_PAGE (widget));
}

static void
kiosk_camera_page_unmap (GtkWidget *widget)
{
  set_live (KIOSK_CAMERA_PAGE (widget), FALSE);
  g_clear_handle_id (&KIOSK_CAMERA_PAGE (widget)->auto_capture_id, g_source_remove);
  GTK_WIDGET_CLASS (kiosk_camera_page_parent_class)->unmap (widget);
}

static void
kiosk_camera_page_dispose (GObject *object)
{
  KioskCameraPage *self = KIOSK_CAMERA_PAGE (object);

  g_clear_handle_id (&self->auto_capture_id, g_source_remove);
#ifdef HAVE_CAMERA_PAINTABLE
  if (self->paintable != NULL)
    kiosk_camera_paintable_set_camera (KIOSK_CAMERA_PAINTABLE (self->paintable), NULL);
#endif
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_CAMERA_PAGE);
  g_clear_object (&self->paintable);
  G_OBJECT_CLASS (kiosk_camera_page_parent_class)->dispose (object);
}

static void
kiosk_camera_page_class_init (KioskCameraPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);

  object_class->dispose = kiosk_camera_page_dispose;
  widget_class->map = kiosk_camera_page_map;
  widget_class->unmap = kiosk_camera_page_unmap;
  page_class->update = kiosk_camera_page_update;
  page_class->shown = kiosk_camera_page_shown;
  page_class->hidden = kiosk_camera_page_hidden;
  page_class->wipe = kiosk_camera_page_wipe;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/jl/hrss/Kiosk/pages/kiosk-camera-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskCameraPage, preview);
  gtk_widget_class_bind_template_child (widget_class, KioskCameraPage, guide);
  gtk_widget_class_bind_template_child (widget_class, KioskCameraPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, KioskCameraPage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, KioskCameraPage, checking_label);
}

static void
kiosk_camera_page_init (KioskCameraPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->guide, draw_guide, self, NULL);
  self->auto_capture_s = 4;
  kiosk_camera_page_set_camera (self, NULL);
}
