/* test-camera-stream.c — the camera streaming: preview frames from
 * videotestsrc and from image files, stills at full resolution, one
 * operation at a time, cancellation, stop/start, coalescing, the manager */
#include "config.h"

#include "camera-test-util.h"
#include "kiosk-device-manager.h"

#define SIM_720P  "camera_simulator=true\ncamera_sim_width=1280\ncamera_sim_height=720\n"
#define SIM_SMALL "camera_simulator=true\ncamera_sim_width=320\ncamera_sim_height=240\n"

typedef struct
{
  gint64 last;
  gint64 max_gap;
} Ticker;

static gboolean
tick_cb (gpointer user_data)
{
  Ticker *ticker = user_data;
  gint64 now = g_get_monotonic_time ();

  if (ticker->last != 0 && now - ticker->last > ticker->max_gap)
    ticker->max_gap = now - ticker->last;
  ticker->last = now;
  return G_SOURCE_CONTINUE;
}

static void
test_preview_rate (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCamera) camera = camera_test_new (SIM_720P, &error);
  g_autoptr (KioskDeviceStatus) status = NULL;
  Ticker ticker = { 0 };
  CameraWatch watch;
  guint first, tick;
  gint64 start, elapsed;

  g_assert_no_error (error);
  g_assert_true (kiosk_device_get_simulated (KIOSK_DEVICE (camera)));
  g_assert_cmpstr (kiosk_device_get_driver (KIOSK_DEVICE (camera)), ==, "gstreamer");
  g_assert_cmpint (kiosk_device_get_kind (KIOSK_DEVICE (camera)), ==, KIOSK_DEVICE_KIND_CAMERA);
  g_assert_nonnull (strstr (kiosk_camera_get_pipeline (camera), "videotestsrc"));
  g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_STOPPED);
  g_assert_null (kiosk_camera_get_latest_frame (camera));

  camera_watch_init (&watch, camera);
  camera_test_open (camera);
  g_assert_cmpuint (watch.plugged, ==, 1);
  g_assert_true (camera_test_wait_count (&watch.frames, 3, 10000));

  /* Measure; the main loop keeps ticking every 10 ms meanwhile. */
  first = watch.frames;
  tick = g_timeout_add (10, tick_cb, &ticker);
  start = g_get_monotonic_time ();
  camera_test_run_for (2000);
  elapsed = g_get_monotonic_time () - start;
  g_source_remove (tick);
  g_test_message (
      "720p preview: %.1f frames/s measured, %u reported; longest main-loop gap %.1f ms",
      (watch.frames - first) * 1e6 / (double) elapsed, kiosk_camera_get_fps (camera),
      ticker.max_gap / 1000.0);
  g_assert_cmpuint (watch.frames, >, first);

  g_assert_nonnull (watch.last);
  g_assert_cmpuint (kiosk_camera_frame_get_width (watch.last), ==, 1280);
  g_assert_cmpuint (kiosk_camera_frame_get_height (watch.last), ==, 720);
  g_assert_cmpuint (kiosk_camera_frame_get_stride (watch.last), >=, 1280 * 3);
  g_assert_cmpint (kiosk_camera_frame_get_format (watch.last), ==, KIOSK_CAMERA_FORMAT_RGB);
  /* smpte: the leftmost bar is white or light grey (its level varies between versions). */
  camera_test_assert_grey (watch.last, 20, 20, 180);

  status = kiosk_device_get_status (KIOSK_DEVICE (camera));
  g_assert_true (status->connected);
  g_assert_true (status->simulated);
  g_assert_cmpstr (status->kind, ==, "camera");
  g_assert_cmpstr (status->driver, ==, "gstreamer");
  g_assert_nonnull (strstr (status->model, "videotestsrc 1280×720"));
  g_assert_cmpuint (kiosk_device_status_get_counter (status, KIOSK_CAMERA_COUNTER_FRAMES), >=,
                    watch.frames);
  g_assert_cmpuint (kiosk_device_status_get_counter (status, KIOSK_CAMERA_COUNTER_REBUILDS), ==, 0);
  g_assert_null (status->last_error);

  camera_test_close (camera);
  g_assert_cmpuint (watch.unplugged, ==, 1);
  camera_watch_clear (&watch);
}

static void
check_file_source (const char *name, const char *encoder, int tolerance)
{
  g_autofree char *dir = kiosk_test_make_dir ("fixtures");
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *keys = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCamera) camera = NULL;
  g_autoptr (KioskCameraFrame) still = NULL;
  CameraWatch watch;

  camera_test_write_image (path, encoder, 640, 480);
  keys = g_strdup_printf ("camera_simulator=true\ncamera_source_file=%s\n", path);
  camera = camera_test_new (keys, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (kiosk_camera_get_pipeline (camera), "multifilesrc"));
  g_assert_cmpstr (kiosk_device_get_port (KIOSK_DEVICE (camera)), ==, path);

  camera_watch_init (&watch, camera);
  camera_test_open (camera);
  /* The image is looped: frames keep coming. */
  g_assert_true (camera_test_wait_count (&watch.frames, 5, 10000));
  g_assert_cmpuint (kiosk_camera_frame_get_width (watch.last), ==, 640);
  g_assert_cmpuint (kiosk_camera_frame_get_height (watch.last), ==, 480);
  camera_test_assert_quadrants (watch.last, tolerance);

  still = kiosk_camera_capture_still_sync (camera, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kiosk_camera_frame_get_width (still), ==, 640);
  g_assert_cmpuint (kiosk_camera_frame_get_height (still), ==, 480);
  camera_test_assert_quadrants (still, tolerance);

  camera_test_close (camera);
  camera_watch_clear (&watch);
}

static void
test_jpeg_file (void)
{
  check_file_source ("portrait.jpg", "jpegenc quality=95", 24);
}

static void
test_png_file (void)
{
  /* Lossless: exact colours. */
  check_file_source ("portrait.png", "pngenc", 0);
}

static void
test_still_full_resolution (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCamera) camera = camera_test_new (
      "camera_simulator=true\ncamera_sim_width=1920\ncamera_sim_height=1080\n", &error);
  g_autoptr (KioskCameraFrame) still = NULL;
  g_autoptr (KioskCameraFrame) latest = NULL;
  CameraWatch watch;
  gint64 asked;

  g_assert_no_error (error);
  camera_watch_init (&watch, camera);
  camera_test_open (camera);
  g_assert_true (camera_test_wait_count (&watch.frames, 2, 10000));
  /* The preview fits 1280×720; the still is the source's 1920×1080. */
  g_assert_cmpuint (kiosk_camera_frame_get_width (watch.last), ==, 1280);
  g_assert_cmpuint (kiosk_camera_frame_get_height (watch.last), ==, 720);
  latest = kiosk_camera_get_latest_frame (camera);
  g_assert_true (latest == watch.last);

  asked = g_get_monotonic_time ();
  still = kiosk_camera_capture_still_sync (camera, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kiosk_camera_frame_get_width (still), ==, 1920);
  g_assert_cmpuint (kiosk_camera_frame_get_height (still), ==, 1080);
  g_assert_cmpuint (kiosk_camera_frame_get_stride (still), >=, 1920 * 3);
  g_assert_cmpint (kiosk_camera_frame_get_timestamp (still), >=, asked);
  camera_test_assert_grey (still, 30, 30, 180);
  g_assert_cmpuint (camera_test_counter (camera, KIOSK_CAMERA_COUNTER_STILLS), ==, 1);

  /* The preview goes on after a still. */
  watch.frames = 0;
  g_assert_true (camera_test_wait_count (&watch.frames, 2, 10000));
  camera_test_close (camera);
  camera_watch_clear (&watch);
}

static void
test_portrait_preview (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCamera) camera = camera_test_new (
      "camera_simulator=true\ncamera_sim_width=720\ncamera_sim_height=1280\n", &error);
  CameraWatch watch;

  g_assert_no_error (error);
  camera_watch_init (&watch, camera);
  camera_test_open (camera);
  g_assert_true (camera_test_wait_count (&watch.frames, 1, 10000));
  /* Scaled into the 1280×720 box with its aspect kept. */
  g_assert_cmpuint (kiosk_camera_frame_get_height (watch.last), ==, 720);
  g_assert_cmpuint (kiosk_camera_frame_get_width (watch.last), ==, 405);
  camera_test_close (camera);
  camera_watch_clear (&watch);
}

typedef struct
{
  GAsyncResult *result;
} Pending;

static void
pending_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ((Pending *) user_data)->result = g_object_ref (result);
}

static void
test_still_busy (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCamera) camera = camera_test_new (SIM_SMALL, &error);
  g_autoptr (KioskCameraFrame) first = NULL;
  g_autoptr (KioskCameraFrame) second = NULL;
  Pending a = { NULL }, b = { NULL };

  g_assert_no_error (error);
  camera_test_open (camera);

  kiosk_camera_capture_still_async (camera, NULL, pending_cb, &a);
  g_assert_true (kiosk_device_is_busy (KIOSK_DEVICE (camera)));
  kiosk_camera_capture_still_async (camera, NULL, pending_cb, &b);
  kiosk_device_wait_result (&b.result);
  second = kiosk_camera_capture_still_finish (camera, b.result, &error);
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_BUSY);
  g_assert_null (second);
  g_clear_error (&error);
  /* The first one was not disturbed. */
  kiosk_device_wait_result (&a.result);
  first = kiosk_camera_capture_still_finish (camera, a.result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kiosk_camera_frame_get_width (first), ==, 320);
  g_assert_cmpuint (camera_test_counter (camera, KIOSK_DEVICE_COUNTER_BUSY), ==, 1);
  g_assert_false (kiosk_device_is_busy (KIOSK_DEVICE (camera)));

  /* Closing while a still is in flight is refused the same way. */
  g_clear_object (&a.result);
  kiosk_camera_capture_still_async (camera, NULL, pending_cb, &a);
  g_assert_false (kiosk_device_close_sync (KIOSK_DEVICE (camera), NULL, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_BUSY);
  g_clear_error (&error);
  kiosk_device_wait_result (&a.result);
  g_clear_pointer (&first, kiosk_camera_frame_unref);
  first = kiosk_camera_capture_still_finish (camera, a.result, &error);
  g_assert_no_error (error);

  camera_test_close (camera);
  g_clear_object (&a.result);
  g_clear_object (&b.result);
}

static void
test_cancel_still (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCamera) camera = camera_test_new (SIM_SMALL, &error);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (KioskCameraFrame) frame = NULL;
  Pending a = { NULL };
  CameraWatch watch;

  g_assert_no_error (error);
  camera_watch_init (&watch, camera);
  camera_test_open (camera);

  kiosk_camera_capture_still_async (camera, cancellable, pending_cb, &a);
  g_cancellable_cancel (cancellable);
  kiosk_device_wait_result (&a.result);
  frame = kiosk_camera_capture_still_finish (camera, a.result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (frame);
  g_clear_error (&error);
  g_assert_cmpuint (camera_test_counter (camera, KIOSK_DEVICE_COUNTER_CANCELLED), ==, 1);

  /* Still streaming, and the next still works. */
  g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_STREAMING);
  watch.frames = 0;
  g_assert_true (camera_test_wait_count (&watch.frames, 2, 10000));
  frame = kiosk_camera_capture_still_sync (camera, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (frame);

  /* Central cancellation (the session ended) works the same way. */
  g_clear_object (&a.result);
  kiosk_camera_capture_still_async (camera, NULL, pending_cb, &a);
  kiosk_device_cancel (KIOSK_DEVICE (camera));
  kiosk_device_wait_result (&a.result);
  g_clear_pointer (&frame, kiosk_camera_frame_unref);
  frame = kiosk_camera_capture_still_finish (camera, a.result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* A cancellable cancelled beforehand fails at once. */
  g_clear_object (&a.result);
  kiosk_camera_capture_still_async (camera, cancellable, pending_cb, &a);
  kiosk_device_wait_result (&a.result);
  frame = kiosk_camera_capture_still_finish (camera, a.result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  camera_test_close (camera);
  camera_watch_clear (&watch);
  g_clear_object (&a.result);
}

static void
test_cancel_open (void)
{
  g_autoptr (GError) error = NULL;
  /* A source whose frames never arrive: the open waits for the first one. */
  g_autoptr (KioskCamera) camera = camera_test_new (
      "camera_pipeline=videotestsrc ! video/x-raw,width=160,height=120 ! identity "
      "drop-probability=1.0\n",
      &error);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  Pending a = { NULL };

  g_assert_no_error (error);
  kiosk_device_open_async (KIOSK_DEVICE (camera), cancellable, pending_cb, &a);
  camera_test_run_for (200);
  g_assert_null (a.result);
  g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_STARTING);
  g_cancellable_cancel (cancellable);
  kiosk_device_wait_result (&a.result);
  g_assert_false (kiosk_device_open_finish (KIOSK_DEVICE (camera), a.result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* A cancelled open stops trying. */
  g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_STOPPED);
  g_assert_false (kiosk_device_is_connected (KIOSK_DEVICE (camera)));
  g_clear_object (&a.result);
}

static void
test_stop_start (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCamera) camera = camera_test_new (SIM_SMALL, &error);
  g_autoptr (KioskCameraFrame) still = NULL;
  CameraWatch watch;

  g_assert_no_error (error);
  camera_watch_init (&watch, camera);

  /* No still from a closed camera. */
  still = kiosk_camera_capture_still_sync (camera, NULL, &error);
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED);
  g_assert_null (still);
  g_clear_error (&error);

  for (guint round = 0; round < 3; round++)
    {
      camera_test_open (camera);
      /* Opening an open camera succeeds at once. */
      camera_test_open (camera);
      watch.frames = 0;
      g_assert_true (camera_test_wait_count (&watch.frames, 3, 10000));
      camera_test_close (camera);
      g_assert_null (kiosk_camera_get_latest_frame (camera));
      g_assert_cmpuint (kiosk_camera_get_fps (camera), ==, 0);
      watch.frames = 0;
      camera_test_run_for (300);
      g_assert_cmpuint (watch.frames, ==, 0);
    }
  /* Closing a closed camera succeeds. */
  camera_test_close (camera);
  g_assert_cmpuint (watch.plugged, ==, 3);
  g_assert_cmpuint (watch.unplugged, ==, 3);
  g_assert_cmpuint (camera_test_counter (camera, KIOSK_CAMERA_COUNTER_PIPELINE_ERRORS), ==, 0);
  camera_watch_clear (&watch);
}

/* On demand (issue 9): the pipeline runs only while someone holds the
 * camera; in standby it is open and connected, with no frames and no still. */
static void
test_on_demand (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCamera) camera = camera_test_new (SIM_SMALL, &error);
  g_autoptr (KioskCameraFrame) still = NULL;
  CameraWatch watch;

  g_assert_no_error (error);
  camera_watch_init (&watch, camera);
  kiosk_camera_set_on_demand (camera, TRUE);

  /* The open still proves the camera works (its first frame), then stops. */
  g_assert_true (kiosk_device_open_sync (KIOSK_DEVICE (camera), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (camera_test_wait_state (camera, KIOSK_CAMERA_STATE_STANDBY, 10000));
  g_assert_cmpstr (kiosk_camera_state_to_string (kiosk_camera_get_state (camera)), ==, "standby");
  g_assert_true (kiosk_device_is_connected (KIOSK_DEVICE (camera)));
  g_assert_null (kiosk_camera_get_latest_frame (camera));
  still = kiosk_camera_capture_still_sync (camera, NULL, &error);
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED);
  g_assert_null (still);
  g_clear_error (&error);
  watch.frames = 0;
  camera_test_run_for (300);
  g_assert_cmpuint (watch.frames, ==, 0);

  for (guint round = 0; round < 2; round++)
    {
      /* Held: it streams, and takes stills. */
      kiosk_camera_hold (camera);
      g_assert_true (camera_test_wait_count (&watch.frames, 3, 10000));
      g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_STREAMING);
      still = kiosk_camera_capture_still_sync (camera, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (still);
      g_clear_pointer (&still, kiosk_camera_frame_unref);
      /* Two holders: one release keeps it streaming. */
      kiosk_camera_hold (camera);
      kiosk_camera_release (camera);
      g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_STREAMING);
      kiosk_camera_release (camera);
      g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_STANDBY);
      g_assert_null (kiosk_camera_get_latest_frame (camera));
      watch.frames = 0;
      camera_test_run_for (300);
      g_assert_cmpuint (watch.frames, ==, 0);
    }

  /* A still asked at once after the hold, while the pipeline is starting,
   * is taken from its first frames (a citizen who taps 拍照 at once). */
  kiosk_camera_hold (camera);
  g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_STARTING);
  still = kiosk_camera_capture_still_sync (camera, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (still);
  g_clear_pointer (&still, kiosk_camera_frame_unref);
  kiosk_camera_release (camera);
  g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_STANDBY);

  /* Not on demand any more: it streams without a holder. */
  kiosk_camera_set_on_demand (camera, FALSE);
  g_assert_true (camera_test_wait_count (&watch.frames, 3, 10000));
  /* Opening a camera in standby succeeds at once; closing stops it. */
  kiosk_camera_set_on_demand (camera, TRUE);
  g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_STANDBY);
  g_assert_true (kiosk_device_open_sync (KIOSK_DEVICE (camera), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_STANDBY);
  camera_test_close (camera);
  g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_STOPPED);
  /* Standby is not a loss: plugged once, unplugged only by the close. */
  g_assert_cmpuint (watch.plugged, ==, 1);
  g_assert_cmpuint (watch.unplugged, ==, 1);
  g_assert_cmpuint (camera_test_counter (camera, KIOSK_CAMERA_COUNTER_PIPELINE_ERRORS), ==, 0);
  camera_watch_clear (&watch);
}

static void
test_coalescing (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCamera) camera = camera_test_new (SIM_SMALL, &error);
  CameraWatch watch;
  guint64 dropped;
  guint delivered;

  g_assert_no_error (error);
  camera_watch_init (&watch, camera);
  camera_test_open (camera);
  g_assert_true (camera_test_wait_count (&watch.frames, 2, 10000));

  /* A main loop that is busy for a second gets one frame afterwards, not
   * a backlog of thirty. */
  g_usleep (G_USEC_PER_SEC);
  watch.frames = 0;
  while (g_main_context_iteration (NULL, FALSE))
    ;
  delivered = watch.frames;
  dropped = camera_test_counter (camera, KIOSK_CAMERA_COUNTER_FRAMES_DROPPED);
  g_test_message ("after a 1 s stall: %u frame(s) delivered, %" G_GUINT64_FORMAT " dropped",
                  delivered, dropped);
  g_assert_cmpuint (delivered, <=, 2);
  g_assert_cmpuint (dropped, >=, 1);
  g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_STREAMING);

  camera_test_close (camera);
  camera_watch_clear (&watch);
}

static void
open_all_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_manager (void)
{
  const char *text = "[devices]\ncamera_driver=gstreamer\ncamera_simulator=true\n"
                     "camera_sim_width=320\ncamera_sim_height=240\ncamera_sim_pattern=white\n";
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDeviceManager) manager = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GPtrArray) drivers = NULL;
  g_autoptr (KioskDeviceStatus) status = NULL;
  KioskDevice *device;
  CameraWatch watch;
  gboolean listed = FALSE;

  kiosk_camera_register_driver ();
  kiosk_camera_register_driver (); /* harmless twice */
  drivers = kiosk_device_manager_list_drivers ();
  for (guint i = 0; i < drivers->len; i++)
    {
      const KioskDeviceDriverInfo *info = g_ptr_array_index (drivers, i);

      if (g_str_equal (info->name, "camera") && g_str_equal (info->driver, "gstreamer"))
        {
          g_assert_false (listed);
          listed = TRUE;
          g_assert_cmpint (info->kind, ==, KIOSK_DEVICE_KIND_CAMERA);
        }
    }
  g_assert_true (listed);

  g_assert_true (g_key_file_load_from_data (keyfile, text, -1, G_KEY_FILE_NONE, NULL));
  manager = kiosk_device_manager_new (keyfile, "devices", &error);
  g_assert_no_error (error);
  device = kiosk_device_manager_get_device_by_kind (manager, KIOSK_DEVICE_KIND_CAMERA);
  g_assert_true (KIOSK_IS_CAMERA (device));
  g_assert_true (device == kiosk_device_manager_get_device (manager, "camera"));
  g_assert_true (kiosk_device_get_simulated (device));

  camera_watch_init (&watch, KIOSK_CAMERA (device));
  kiosk_device_manager_open_all_async (manager, NULL, open_all_cb, &result);
  kiosk_device_wait_result (&result);
  g_assert_true (kiosk_device_manager_open_all_finish (manager, result, &error));
  g_assert_no_error (error);
  g_assert_true (camera_test_wait_count (&watch.frames, 2, 10000));
  camera_test_assert_color (watch.last, 160, 120, 255, 255, 255, 4);

  status = kiosk_device_get_status (device);
  g_assert_cmpstr (status->name, ==, "camera");
  g_assert_true (status->connected);
  g_assert_cmpuint (kiosk_device_status_get_counter (status, KIOSK_CAMERA_COUNTER_FRAMES), >=, 2);
  camera_watch_clear (&watch);
  kiosk_device_manager_shutdown (manager);
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);
  gst_init (&argc, &argv);

  g_test_add_func ("/camera/stream/preview-rate", test_preview_rate);
  g_test_add_func ("/camera/stream/jpeg-file", test_jpeg_file);
  g_test_add_func ("/camera/stream/png-file", test_png_file);
  g_test_add_func ("/camera/stream/still-full-resolution", test_still_full_resolution);
  g_test_add_func ("/camera/stream/portrait-preview", test_portrait_preview);
  g_test_add_func ("/camera/stream/still-busy", test_still_busy);
  g_test_add_func ("/camera/stream/cancel-still", test_cancel_still);
  g_test_add_func ("/camera/stream/cancel-open", test_cancel_open);
  g_test_add_func ("/camera/stream/stop-start", test_stop_start);
  g_test_add_func ("/camera/stream/coalescing", test_coalescing);
  g_test_add_func ("/camera/stream/on-demand", test_on_demand);
  g_test_add_func ("/camera/stream/manager", test_manager);
  return kiosk_test_run ();
}
