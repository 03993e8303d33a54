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
  gulong contents_handler;
  GObject *camera; /* followed for "unplugged" */
  gulong unplugged_handler;
  guint auto_capture_s;
  guint auto_capture_id;
  gboolean checking;
  /* 拍照 tapped before the camera's first frame: taken at that frame. */
  gboolean capture_pending;
  guint capture_wait_id; /* gives up on a camera that never starts */
  guint capture_idle_id; /* the remembered capture, out of the frame's signal */
};

/* How long a tap waits for a camera that is starting. */
#define CAPTURE_WAIT_S     15
#define LABEL_CAPTURE      "拍照"
#define LABEL_STARTING     "正在启动相机…"
#define HINT_IDLE          "请正对镜头，把脸放在框内"
#define HINT_STARTING      "相机正在启动，画面出现后马上拍照"
#define HINT_NEVER_STARTED "相机没有画面，暂时不能拍照。请稍后再点拍照，或联系工作人员"

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

/* The preview shows a frame of the camera (since the page was last mapped). */
static gboolean
has_frame (KioskCameraPage *self)
{
#ifdef HAVE_CAMERA_PAINTABLE
  return self->paintable != NULL
         && kiosk_camera_paintable_get_texture (KIOSK_CAMERA_PAINTABLE (self->paintable)) != NULL;
#else
  return FALSE;
#endif
}

/* A camera that will give a frame soon: connected (known to work) and waking
 * from standby, starting, or streaming while the preview has not had its
 * first frame yet. A camera lost (being rebuilt: disconnected, whether
 * waiting or trying again) or closed is not: a capture fails at once with
 * the device's error. */
static gboolean
camera_starting (KioskCameraPage *self)
{
#ifdef HAVE_CAMERA_PAINTABLE
  KioskCamera *camera;

  if (self->paintable == NULL)
    return FALSE;
  camera = kiosk_camera_paintable_get_camera (KIOSK_CAMERA_PAINTABLE (self->paintable));
  if (camera == NULL || !kiosk_device_is_connected (KIOSK_DEVICE (camera)))
    return FALSE;
  switch (kiosk_camera_get_state (camera))
    {
      case KIOSK_CAMERA_STATE_STANDBY:
      case KIOSK_CAMERA_STATE_STARTING:
      case KIOSK_CAMERA_STATE_STREAMING:
        return TRUE;
      case KIOSK_CAMERA_STATE_STOPPED:
      case KIOSK_CAMERA_STATE_WAITING:
      default:
        return FALSE;
    }
#else
  return FALSE;
#endif
}

/* The main button: 拍照, or 正在启动相机… (waiting) until the first frame. */
static void
sync_primary (KioskCameraPage *self)
{
  gboolean waiting
      = self->paintable != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)) && !has_frame (self);

  kiosk_page_set_primary_label (KIOSK_PAGE (self), waiting ? LABEL_STARTING : LABEL_CAPTURE);
  kiosk_page_set_primary_sensitive (KIOSK_PAGE (self), !waiting && !self->checking);
}

static void
set_hint (KioskCameraPage *self, const char *hint, gboolean stands_out)
{
  gtk_label_set_text (self->hint_label, hint);
  if (stands_out)
    gtk_widget_remove_css_class (GTK_WIDGET (self->hint_label), "idle");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->hint_label), "idle");
}

static void
forget_capture (KioskCameraPage *self)
{
  self->capture_pending = FALSE;
  g_clear_handle_id (&self->capture_wait_id, g_source_remove);
  g_clear_handle_id (&self->capture_idle_id, g_source_remove);
}

static void
capture_now (gpointer user_data)
{
  KioskCameraPage *self = user_data;

  self->capture_idle_id = 0;
  gtk_widget_activate_action (GTK_WIDGET (self), "app.capture", NULL);
}

/* The camera never gave a frame: the tap is dropped (a photo taken much
 * later would surprise the citizen) and the page says so. */
static gboolean
capture_wait_expired (gpointer user_data)
{
  KioskCameraPage *self = user_data;

  self->capture_wait_id = 0;
  self->capture_pending = FALSE;
  g_message ("camera page: no frame %d s after 拍照; the tap is dropped", CAPTURE_WAIT_S);
  set_hint (self, HINT_NEVER_STARTED, TRUE);
  return G_SOURCE_REMOVE;
}

/* A frame came, or the camera was lost: a remembered tap goes on. */
static void
resolve_pending (KioskCameraPage *self)
{
  if (!self->capture_pending || self->capture_idle_id != 0)
    return;
  if (has_frame (self) || !camera_starting (self))
    {
      /* The first frame: the remembered tap now (out of the camera's signal).
       * A camera lost meanwhile: the capture fails with the device's error. */
      self->capture_pending = FALSE;
      g_clear_handle_id (&self->capture_wait_id, g_source_remove);
      if (has_frame (self))
        set_hint (self, HINT_IDLE, FALSE);
      self->capture_idle_id = g_idle_add_once (capture_now, self);
    }
}

/* Every frame (and a lost camera's empty picture) of the preview. */
static void
on_preview_contents (GdkPaintable *paintable, KioskCameraPage *self)
{
  sync_primary (self);
  resolve_pending (self);
}

static void
on_camera_unplugged (KioskCameraPage *self)
{
  resolve_pending (self);
}

gboolean
kiosk_camera_page_defer_capture (KioskCameraPage *self)
{
  g_return_val_if_fail (KIOSK_IS_CAMERA_PAGE (self), FALSE);

  if (self->capture_idle_id != 0)
    return TRUE; /* the remembered capture is on its way: one photo */
  if (has_frame (self) || !camera_starting (self))
    return FALSE;
  if (!self->capture_pending)
    g_debug ("camera page: 拍照 before the first frame, taken at that frame");
  self->capture_pending = TRUE;
  g_clear_handle_id (&self->capture_wait_id, g_source_remove);
  self->capture_wait_id = g_timeout_add_seconds (CAPTURE_WAIT_S, capture_wait_expired, self);
  set_hint (self, HINT_STARTING, TRUE);
  return TRUE;
}

gboolean
kiosk_camera_page_get_ready (KioskCameraPage *self)
{
  g_return_val_if_fail (KIOSK_IS_CAMERA_PAGE (self), FALSE);
  return has_frame (self);
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

  if (self->camera != camera)
    {
      if (self->camera != NULL)
        g_clear_signal_handler (&self->unplugged_handler, self->camera);
      g_set_object (&self->camera, camera);
      if (camera != NULL)
        self->unplugged_handler = g_signal_connect_swapped (camera, "unplugged",
                                                            G_CALLBACK (on_camera_unplugged), self);
    }
#ifdef HAVE_CAMERA_PAINTABLE
  if (camera != NULL && self->paintable == NULL)
    {
      self->paintable = GDK_PAINTABLE (kiosk_camera_paintable_new (KIOSK_CAMERA (camera)));
      self->contents_handler = g_signal_connect (self->paintable, "invalidate-contents",
                                                 G_CALLBACK (on_preview_contents), self);
    }
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
  sync_primary (self);
}

void
kiosk_camera_page_set_checking (KioskCameraPage *self, gboolean checking)
{
  g_return_if_fail (KIOSK_IS_CAMERA_PAGE (self));
  self->checking = checking;
  gtk_widget_set_visible (GTK_WIDGET (self->checking_label), checking);
  sync_primary (self);
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
  /* A hint of the photo check stands out; the standing instruction not
   * (while a tap waits for the camera, that is what the page says). */
  if (hint != NULL && *hint)
    set_hint (self, hint, TRUE);
  else if (!self->capture_pending)
    set_hint (self, HINT_IDLE, FALSE);
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
  forget_capture (self);
  kiosk_camera_page_set_checking (self, FALSE);
}

static void
kiosk_camera_page_wipe (KioskPage *page)
{
  KioskCameraPage *self = KIOSK_CAMERA_PAGE (page);

  /* A face is personal: nothing of it stays on the page. */
  forget_capture (self);
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
  KioskCameraPage *self = KIOSK_CAMERA_PAGE (widget);

  GTK_WIDGET_CLASS (kiosk_camera_page_parent_class)->map (widget);
#ifdef HAVE_CAMERA_PAINTABLE
  /* No frame of an earlier showing: ready again at the camera's next one. */
  if (self->paintable != NULL)
    kiosk_camera_paintable_push_frame (KIOSK_CAMERA_PAINTABLE (self->paintable), NULL);
#endif
  set_live (self, TRUE);
  sync_primary (self);
  kiosk_camera_page_arm (self);
}

static void
kiosk_camera_page_unmap (GtkWidget *widget)
{
  set_live (KIOSK_CAMERA_PAGE (widget), FALSE);
  g_clear_handle_id (&KIOSK_CAMERA_PAGE (widget)->auto_capture_id, g_source_remove);
  forget_capture (KIOSK_CAMERA_PAGE (widget));
  GTK_WIDGET_CLASS (kiosk_camera_page_parent_class)->unmap (widget);
}

static void
kiosk_camera_page_dispose (GObject *object)
{
  KioskCameraPage *self = KIOSK_CAMERA_PAGE (object);

  g_clear_handle_id (&self->auto_capture_id, g_source_remove);
  forget_capture (self);
  if (self->paintable != NULL)
    g_clear_signal_handler (&self->contents_handler, self->paintable);
  if (self->camera != NULL)
    g_clear_signal_handler (&self->unplugged_handler, self->camera);
  g_clear_object (&self->camera);
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
