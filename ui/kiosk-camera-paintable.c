/* kiosk-camera-paintable.c — the camera's live preview as a GdkPaintable */
#define G_LOG_DOMAIN "kiosk-camera-paintable"

#include "config.h"

#include "kiosk-camera-paintable.h"

struct _KioskCameraPaintable
{
  GObject parent_instance;

  KioskCamera *camera;
  gulong frame_handler;
  gulong unplugged_handler;
  GdkTexture *texture;
  gboolean mirrored;
  gboolean live;    /* wants the camera streaming (kiosk_camera_hold()) */
  gboolean holding; /* holds self->camera */
};

static void kiosk_camera_paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KioskCameraPaintable,
                               kiosk_camera_paintable,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE,
                                                      kiosk_camera_paintable_iface_init))

enum
{
  PROP_0,
  PROP_CAMERA,
  PROP_MIRRORED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- GdkPaintable ------------------------------------------------------------- */

static void
kiosk_camera_paintable_snapshot (GdkPaintable *paintable,
                                 GdkSnapshot *snapshot,
                                 double width,
                                 double height)
{
  KioskCameraPaintable *self = KIOSK_CAMERA_PAINTABLE (paintable);

  if (self->texture == NULL)
    return;
  if (!self->mirrored)
    {
      gdk_paintable_snapshot (GDK_PAINTABLE (self->texture), snapshot, width, height);
      return;
    }
  gtk_snapshot_save (GTK_SNAPSHOT (snapshot));
  gtk_snapshot_translate (GTK_SNAPSHOT (snapshot), &GRAPHENE_POINT_INIT ((float) width, 0));
  gtk_snapshot_scale (GTK_SNAPSHOT (snapshot), -1, 1);
  gdk_paintable_snapshot (GDK_PAINTABLE (self->texture), snapshot, width, height);
  gtk_snapshot_restore (GTK_SNAPSHOT (snapshot));
}

static GdkPaintable *
kiosk_camera_paintable_get_current_image (GdkPaintable *paintable)
{
  KioskCameraPaintable *self = KIOSK_CAMERA_PAINTABLE (paintable);

  if (self->texture == NULL)
    return gdk_paintable_new_empty (0, 0);
  /* A texture never changes: it is its own current image (unmirrored). */
  return g_object_ref (GDK_PAINTABLE (self->texture));
}

static int
kiosk_camera_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  KioskCameraPaintable *self = KIOSK_CAMERA_PAINTABLE (paintable);

  return self->texture ? gdk_texture_get_width (self->texture) : 0;
}

static int
kiosk_camera_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  KioskCameraPaintable *self = KIOSK_CAMERA_PAINTABLE (paintable);

  return self->texture ? gdk_texture_get_height (self->texture) : 0;
}

static double
kiosk_camera_paintable_get_intrinsic_aspect_ratio (GdkPaintable *paintable)
{
  KioskCameraPaintable *self = KIOSK_CAMERA_PAINTABLE (paintable);

  if (self->texture == NULL)
    return 0.0;
  return (double) gdk_texture_get_width (self->texture) / gdk_texture_get_height (self->texture);
}

static void
kiosk_camera_paintable_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = kiosk_camera_paintable_snapshot;
  iface->get_current_image = kiosk_camera_paintable_get_current_image;
  iface->get_intrinsic_width = kiosk_camera_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = kiosk_camera_paintable_get_intrinsic_height;
  iface->get_intrinsic_aspect_ratio = kiosk_camera_paintable_get_intrinsic_aspect_ratio;
}

/* ---- frames --------------------------------------------------------------------- */

void
kiosk_camera_paintable_push_frame (KioskCameraPaintable *self, KioskCameraFrame *frame)
{
  g_autoptr (GdkTexture) texture = NULL;
  gboolean size_changed;

  g_return_if_fail (KIOSK_IS_CAMERA_PAINTABLE (self));

  if (frame != NULL)
    {
      g_return_if_fail (kiosk_camera_frame_get_format (frame) == KIOSK_CAMERA_FORMAT_RGB);
      texture = gdk_memory_texture_new ((int) kiosk_camera_frame_get_width (frame),
                                        (int) kiosk_camera_frame_get_height (frame),
                                        GDK_MEMORY_R8G8B8, kiosk_camera_frame_get_bytes (frame),
                                        kiosk_camera_frame_get_stride (frame));
    }
  if (texture == NULL && self->texture == NULL)
    return;

  size_changed = texture == NULL || self->texture == NULL
                 || gdk_texture_get_width (texture) != gdk_texture_get_width (self->texture)
                 || gdk_texture_get_height (texture) != gdk_texture_get_height (self->texture);
  g_set_object (&self->texture, texture);
  if (size_changed)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

GdkTexture *
kiosk_camera_paintable_get_texture (KioskCameraPaintable *self)
{
  g_return_val_if_fail (KIOSK_IS_CAMERA_PAINTABLE (self), NULL);
  return self->texture;
}

static void
frame_cb (KioskCamera *camera, KioskCameraFrame *frame, gpointer user_data)
{
  kiosk_camera_paintable_push_frame (user_data, frame);
}

static void
unplugged_cb (KioskDevice *device, gpointer user_data)
{
  kiosk_camera_paintable_push_frame (user_data, NULL);
}

/* Holds the camera while live, so that an on-demand camera streams only
 * while a preview is shown (kiosk-camera.h). */
static void
update_hold (KioskCameraPaintable *self)
{
  gboolean hold = self->live && self->camera != NULL;

  if (hold == self->holding)
    return;
  self->holding = hold;
  if (hold)
    kiosk_camera_hold (self->camera);
  else
    kiosk_camera_release (self->camera);
}

static void
drop_camera (KioskCameraPaintable *self)
{
  if (self->camera == NULL)
    return;
  if (self->holding)
    {
      kiosk_camera_release (self->camera);
      self->holding = FALSE;
    }
  g_clear_signal_handler (&self->frame_handler, self->camera);
  g_clear_signal_handler (&self->unplugged_handler, self->camera);
  g_clear_object (&self->camera);
}

void
kiosk_camera_paintable_set_live (KioskCameraPaintable *self, gboolean live)
{
  g_return_if_fail (KIOSK_IS_CAMERA_PAINTABLE (self));
  self->live = !!live;
  update_hold (self);
}

gboolean
kiosk_camera_paintable_get_live (KioskCameraPaintable *self)
{
  g_return_val_if_fail (KIOSK_IS_CAMERA_PAINTABLE (self), FALSE);
  return self->live;
}

void
kiosk_camera_paintable_set_camera (KioskCameraPaintable *self, KioskCamera *camera)
{
  g_autoptr (KioskCameraFrame) latest = NULL;

  g_return_if_fail (KIOSK_IS_CAMERA_PAINTABLE (self));
  g_return_if_fail (camera == NULL || KIOSK_IS_CAMERA (camera));

  if (self->camera == camera)
    return;
  drop_camera (self);
  if (camera != NULL)
    {
      self->camera = g_object_ref (camera);
      self->frame_handler = g_signal_connect (camera, "frame", G_CALLBACK (frame_cb), self);
      self->unplugged_handler
          = g_signal_connect (camera, "unplugged", G_CALLBACK (unplugged_cb), self);
      latest = kiosk_camera_get_latest_frame (camera);
    }
  update_hold (self);
  kiosk_camera_paintable_push_frame (self, latest);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAMERA]);
}

KioskCamera *
kiosk_camera_paintable_get_camera (KioskCameraPaintable *self)
{
  g_return_val_if_fail (KIOSK_IS_CAMERA_PAINTABLE (self), NULL);
  return self->camera;
}

void
kiosk_camera_paintable_set_mirrored (KioskCameraPaintable *self, gboolean mirrored)
{
  g_return_if_fail (KIOSK_IS_CAMERA_PAINTABLE (self));

  mirrored = !!mirrored;
  if (self->mirrored == mirrored)
    return;
  self->mirrored = mirrored;
  if (self->texture != NULL)
    gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIRRORED]);
}

gboolean
kiosk_camera_paintable_get_mirrored (KioskCameraPaintable *self)
{
  g_return_val_if_fail (KIOSK_IS_CAMERA_PAINTABLE (self), FALSE);
  return self->mirrored;
}

/* ---- object ------------------------------------------------------------------------ */

static void
kiosk_camera_paintable_get_property (GObject *object,
                                     guint prop_id,
                                     GValue *value,
                                     GParamSpec *pspec)
{
  KioskCameraPaintable *self = KIOSK_CAMERA_PAINTABLE (object);

  switch (prop_id)
    {
      case PROP_CAMERA:
        g_value_set_object (value, self->camera);
        break;
      case PROP_MIRRORED:
        g_value_set_boolean (value, self->mirrored);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_camera_paintable_set_property (GObject *object,
                                     guint prop_id,
                                     const GValue *value,
                                     GParamSpec *pspec)
{
  KioskCameraPaintable *self = KIOSK_CAMERA_PAINTABLE (object);

  switch (prop_id)
    {
      case PROP_CAMERA:
        kiosk_camera_paintable_set_camera (self, g_value_get_object (value));
        break;
      case PROP_MIRRORED:
        kiosk_camera_paintable_set_mirrored (self, g_value_get_boolean (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_camera_paintable_dispose (GObject *object)
{
  KioskCameraPaintable *self = KIOSK_CAMERA_PAINTABLE (object);

  drop_camera (self);
  g_clear_object (&self->texture);
  G_OBJECT_CLASS (kiosk_camera_paintable_parent_class)->dispose (object);
}

static void
kiosk_camera_paintable_class_init (KioskCameraPaintableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kiosk_camera_paintable_get_property;
  object_class->set_property = kiosk_camera_paintable_set_property;
  object_class->dispose = kiosk_camera_paintable_dispose;

  properties[PROP_CAMERA]
      = g_param_spec_object ("camera", NULL, NULL, KIOSK_TYPE_CAMERA,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MIRRORED]
      = g_param_spec_boolean ("mirrored", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiosk_camera_paintable_init (KioskCameraPaintable *self)
{
  self->live = TRUE;
}

KioskCameraPaintable *
kiosk_camera_paintable_new (KioskCamera *camera)
{
  return g_object_new (KIOSK_TYPE_CAMERA_PAINTABLE, "camera", camera, NULL);
}
