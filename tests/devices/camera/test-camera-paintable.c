/* test-camera-paintable.c — the preview paintable of the UI: sized like the
 * frame, invalidated per frame, exact pixels, fed by a real camera. Needs a
 * display (meson runs it under xvfb-run); skipped without one. */
#include "config.h"

#include <gtk/gtk.h>

#include "camera-test-util.h"
#include "kiosk-camera-paintable.h"

/* GTK's start-up leaks fontconfig's cache by design; not ours to fix. Read
 * by LeakSanitizer in the ASan build, ignored otherwise. */
const char *__lsan_default_suppressions (void);
const char *
__lsan_default_suppressions (void)
{
  return "leak:libfontconfig.so\n";
}

typedef struct
{
  guint contents;
  guint size;
} Invalidations;

static void
contents_cb (GdkPaintable *paintable, gpointer user_data)
{
  ((Invalidations *) user_data)->contents++;
}

static void
size_cb (GdkPaintable *paintable, gpointer user_data)
{
  ((Invalidations *) user_data)->size++;
}

static KioskCameraFrame *
make_frame (guint width, guint height, guint8 red)
{
  gsize stride = width * 3 + 2; /* with padding, as GStreamer rows have */
  g_autofree guint8 *data = g_malloc0 (stride * height);
  g_autoptr (GBytes) bytes = NULL;

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        data[y * stride + x * 3] = red;
        data[y * stride + x * 3 + 1] = (guint8) x;
        data[y * stride + x * 3 + 2] = (guint8) y;
      }
  bytes = g_bytes_new_take (g_steal_pointer (&data), stride * height);
  return kiosk_camera_frame_new (KIOSK_CAMERA_FORMAT_RGB, width, height, stride, bytes, 0, NULL);
}

static void
test_frames (void)
{
  g_autoptr (KioskCameraPaintable) paintable = kiosk_camera_paintable_new (NULL);
  g_autoptr (KioskCameraFrame) a = make_frame (40, 20, 200);
  g_autoptr (KioskCameraFrame) b = make_frame (40, 20, 100);
  g_autoptr (KioskCameraFrame) c = make_frame (20, 30, 50);
  GdkPaintable *p = GDK_PAINTABLE (paintable);
  Invalidations seen = { 0 };
  guint32 pixels[40 * 20];

  g_signal_connect (p, "invalidate-contents", G_CALLBACK (contents_cb), &seen);
  g_signal_connect (p, "invalidate-size", G_CALLBACK (size_cb), &seen);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (p), ==, 0);
  g_assert_null (kiosk_camera_paintable_get_texture (paintable));

  kiosk_camera_paintable_push_frame (paintable, a);
  g_assert_cmpuint (seen.contents, ==, 1);
  g_assert_cmpuint (seen.size, ==, 1);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (p), ==, 40);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (p), ==, 20);
  g_assert_cmpfloat_with_epsilon (gdk_paintable_get_intrinsic_aspect_ratio (p), 2.0, 1e-9);

  /* The texture holds the frame's pixels, padding skipped. */
  gdk_texture_download (kiosk_camera_paintable_get_texture (paintable), (guchar *) pixels, 40 * 4);
  g_assert_cmphex (pixels[0], ==, 0xffc80000);            /* ARGB: (200, 0, 0) */
  g_assert_cmphex (pixels[19 * 40 + 39], ==, 0xffc82713); /* (200, 39, 19) */

  /* Same size: only the contents change. */
  kiosk_camera_paintable_push_frame (paintable, b);
  g_assert_cmpuint (seen.contents, ==, 2);
  g_assert_cmpuint (seen.size, ==, 1);
  /* New size. */
  kiosk_camera_paintable_push_frame (paintable, c);
  g_assert_cmpuint (seen.size, ==, 2);
  g_assert_cmpfloat_with_epsilon (gdk_paintable_get_intrinsic_aspect_ratio (p), 20.0 / 30.0, 1e-9);
  /* Cleared. */
  kiosk_camera_paintable_push_frame (paintable, NULL);
  g_assert_cmpuint (seen.size, ==, 3);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (p), ==, 0);
  kiosk_camera_paintable_push_frame (paintable, NULL);
  g_assert_cmpuint (seen.contents, ==, 4); /* nothing to clear twice */
}

static GskRenderNode *
snapshot_node (GdkPaintable *paintable)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, snapshot, 80, 40);
  return gtk_snapshot_free_to_node (snapshot);
}

static void
test_snapshot (void)
{
  g_autoptr (KioskCameraPaintable) paintable = kiosk_camera_paintable_new (NULL);
  g_autoptr (KioskCameraFrame) frame = make_frame (40, 20, 200);
  g_autoptr (GskRenderNode) empty = NULL;
  g_autoptr (GskRenderNode) plain = NULL;
  g_autoptr (GskRenderNode) mirrored = NULL;
  g_autoptr (GdkPaintable) current = NULL;
  graphene_rect_t bounds;

  empty = snapshot_node (GDK_PAINTABLE (paintable));
  g_assert_null (empty);

  kiosk_camera_paintable_push_frame (paintable, frame);
  plain = snapshot_node (GDK_PAINTABLE (paintable));
  g_assert_nonnull (plain);
  g_assert_cmpint (gsk_render_node_get_node_type (plain), ==, GSK_TEXTURE_NODE);
  gsk_render_node_get_bounds (plain, &bounds);
  g_assert_cmpfloat (bounds.size.width, ==, 80);
  g_assert_cmpfloat (bounds.size.height, ==, 40);

  kiosk_camera_paintable_set_mirrored (paintable, TRUE);
  g_assert_true (kiosk_camera_paintable_get_mirrored (paintable));
  mirrored = snapshot_node (GDK_PAINTABLE (paintable));
  g_assert_cmpint (gsk_render_node_get_node_type (mirrored), ==, GSK_TRANSFORM_NODE);
  gsk_render_node_get_bounds (mirrored, &bounds);
  g_assert_cmpfloat (bounds.origin.x, ==, 0);
  g_assert_cmpfloat (bounds.size.width, ==, 80);

  current = gdk_paintable_get_current_image (GDK_PAINTABLE (paintable));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (current), ==, 40);
}

static void
test_camera (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCamera) camera = camera_test_new (
      "camera_simulator=true\ncamera_sim_width=160\ncamera_sim_height=120\n", &error);
  g_autoptr (KioskCameraPaintable) paintable = NULL;
  GdkPaintable *p;
  Invalidations seen = { 0 };

  g_assert_no_error (error);
  paintable = kiosk_camera_paintable_new (camera);
  p = GDK_PAINTABLE (paintable);
  g_assert_true (kiosk_camera_paintable_get_camera (paintable) == camera);
  g_signal_connect (p, "invalidate-contents", G_CALLBACK (contents_cb), &seen);
  g_signal_connect (p, "invalidate-size", G_CALLBACK (size_cb), &seen);

  camera_test_open (camera);
  g_assert_true (camera_test_wait_count (&seen.contents, 5, 10000));
  g_assert_cmpuint (seen.size, ==, 1);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (p), ==, 160);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (p), ==, 120);

  /* Closed (or lost): the preview empties. */
  camera_test_close (camera);
  g_assert_null (kiosk_camera_paintable_get_texture (paintable));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (p), ==, 0);

  /* A paintable that lets go of the camera gets no more frames. */
  kiosk_camera_paintable_set_camera (paintable, NULL);
  camera_test_open (camera);
  seen.contents = 0;
  camera_test_run_for (300);
  g_assert_cmpuint (seen.contents, ==, 0);
  camera_test_close (camera);
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 77;
    }
  gst_init (&argc, &argv);

  g_test_add_func ("/camera/paintable/frames", test_frames);
  g_test_add_func ("/camera/paintable/snapshot", test_snapshot);
  g_test_add_func ("/camera/paintable/camera", test_camera);
  return kiosk_test_run ();
}
