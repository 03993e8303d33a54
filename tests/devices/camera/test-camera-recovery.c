/* test-camera-recovery.c — a lost camera comes back: end of stream, a bus
 * error, a stall; a source that never works is retried with growing delays;
 * garbage data gives a clear error */
#include "config.h"

#include "camera-test-util.h"

/* 30 frames (one second), then end of stream, like a camera pulled out. */
#define SHORT_LIVED                                                                                \
  "camera_simulator=true\ncamera_backoff_min_ms=100\n"                                             \
  "camera_pipeline=videotestsrc num-buffers=30 ! "                                                 \
  "video/x-raw,width=320,height=240,framerate=30/1\n"
#define SIM_SMALL                                                                                  \
  "camera_simulator=true\ncamera_sim_width=320\ncamera_sim_height=240\n"                           \
  "camera_backoff_min_ms=100\n"

static void
test_eos_recovery (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCamera) camera = camera_test_new (SHORT_LIVED, &error);
  g_autoptr (KioskDeviceStatus) status = NULL;
  CameraWatch watch;
  guint64 rebuilds;

  g_assert_no_error (error);
  camera_watch_init (&watch, camera);
  camera_test_open (camera);

  /* The stream ends: the device is lost … */
  g_assert_true (camera_test_wait_count (&watch.unplugged, 1, 15000));
  g_assert_false (kiosk_device_is_connected (KIOSK_DEVICE (camera)));
  status = kiosk_device_get_status (KIOSK_DEVICE (camera));
  g_assert_cmpstr (status->last_error_code, ==, "not-connected");
  g_assert_nonnull (strstr (status->last_error, "ended"));
  g_assert_cmpuint (kiosk_device_status_get_counter (status, KIOSK_CAMERA_COUNTER_FRAMES), >=, 1);

  /* … and rebuilt: frames again, "plugged" again, the counter moved. */
  g_assert_true (camera_test_wait_count (&watch.plugged, 2, 15000));
  watch.frames = 0;
  g_assert_true (camera_test_wait_count (&watch.frames, 3, 10000));
  rebuilds = camera_test_counter (camera, KIOSK_CAMERA_COUNTER_REBUILDS);
  g_assert_cmpuint (rebuilds, >=, 1);
  g_assert_cmpuint (camera_test_counter (camera, KIOSK_CAMERA_COUNTER_PIPELINE_ERRORS), >=, 1);

  /* Closed, it stays closed: no more rebuilds. */
  camera_test_close (camera);
  camera_test_run_for (1500);
  g_assert_cmpuint (camera_test_counter (camera, KIOSK_CAMERA_COUNTER_REBUILDS), ==, rebuilds);
  g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_STOPPED);
  camera_watch_clear (&watch);
}

static void
check_fault_recovery (KioskCameraFault fault, const char *keys, const char *code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCamera) camera = camera_test_new (keys, &error);
  g_autoptr (KioskDeviceStatus) status = NULL;
  g_autoptr (KioskCameraFrame) still = NULL;
  CameraWatch watch;

  g_assert_no_error (error);
  camera_watch_init (&watch, camera);
  g_assert_false (kiosk_camera_inject_fault (camera, fault)); /* nothing running */
  camera_test_open (camera);
  g_assert_true (camera_test_wait_count (&watch.frames, 2, 10000));

  g_assert_true (kiosk_camera_inject_fault (camera, fault));
  g_assert_true (camera_test_wait_count (&watch.unplugged, 1, 10000));
  status = kiosk_device_get_status (KIOSK_DEVICE (camera));
  g_assert_cmpstr (status->last_error_code, ==, code);
  g_test_message ("lost: %s", status->last_error);
  g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_WAITING);
  g_assert_cmpuint (kiosk_camera_get_retry_delay_ms (camera), ==, 100);
  g_assert_null (kiosk_camera_get_latest_frame (camera));

  /* While it is lost, a still is refused at once. */
  still = kiosk_camera_capture_still_sync (camera, NULL, &error);
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED);
  g_clear_error (&error);

  g_assert_true (camera_test_wait_count (&watch.plugged, 2, 10000));
  watch.frames = 0;
  g_assert_true (camera_test_wait_count (&watch.frames, 2, 10000));
  g_assert_cmpuint (camera_test_counter (camera, KIOSK_CAMERA_COUNTER_REBUILDS), ==, 1);
  g_assert_cmpuint (camera_test_counter (camera, KIOSK_CAMERA_COUNTER_PIPELINE_ERRORS), ==, 1);
  still = kiosk_camera_capture_still_sync (camera, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (still);

  camera_test_close (camera);
  camera_watch_clear (&watch);
}

static void
test_bus_error_recovery (void)
{
  check_fault_recovery (KIOSK_CAMERA_FAULT_ERROR, SIM_SMALL, "io");
}

static void
test_stall_recovery (void)
{
  check_fault_recovery (KIOSK_CAMERA_FAULT_STALL, SIM_SMALL "camera_stall_timeout_ms=600\n",
                        "timeout");
}

static void
test_eos_fault_recovery (void)
{
  check_fault_recovery (KIOSK_CAMERA_FAULT_EOS, SIM_SMALL, "not-connected");
}

static void
still_pending_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_lost_during_still (void)
{
  g_autoptr (GError) error = NULL;
  /* The still branch is slow enough that the loss comes first. */
  g_autoptr (KioskCamera) camera = camera_test_new (
      SIM_SMALL "camera_still_timeout_ms=5000\ncamera_stall_timeout_ms=300\n", &error);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (KioskCameraFrame) still = NULL;

  g_assert_no_error (error);
  camera_test_open (camera);
  /* Stall first, so no frame can reach the still branch. */
  g_assert_true (kiosk_camera_inject_fault (camera, KIOSK_CAMERA_FAULT_STALL));
  kiosk_camera_capture_still_async (camera, NULL, still_pending_cb, &result);
  kiosk_device_wait_result (&result);
  still = kiosk_camera_capture_still_finish (camera, result, &error);
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED);
  g_assert_nonnull (strstr (error->message, "lost"));
  g_assert_null (still);
  g_assert_false (kiosk_device_is_busy (KIOSK_DEVICE (camera)));
  camera_test_close (camera);
}

static void
test_backoff (void)
{
  g_autoptr (GError) error = NULL;
  /* The file is never there: every build fails. */
  g_autoptr (KioskCamera) camera
      = camera_test_new ("camera_pipeline=multifilesrc location=/nonexistent/kiosk-camera-%d.jpg "
                         "caps=image/jpeg,framerate=30/1 ! jpegdec\n"
                         "camera_backoff_min_ms=50\ncamera_backoff_max_ms=200\n",
                         &error);
  g_autoptr (KioskDeviceStatus) status = NULL;
  gboolean seen[4] = { FALSE };
  gint64 deadline;
  guint64 rebuilds;
  guint wake;

  g_assert_no_error (error);
  g_assert_false (kiosk_device_open_sync (KIOSK_DEVICE (camera), NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == KIOSK_DEVICE_ERROR);
  g_test_message ("open failed: %s", error->message);
  g_assert_nonnull (strstr (error->message, "multifilesrc"));
  g_clear_error (&error);
  g_assert_false (kiosk_device_is_connected (KIOSK_DEVICE (camera)));

  /* It keeps trying, the delay doubling up to the cap: 50, 100, 200, 200. */
  g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_WAITING);
  g_assert_cmpuint (kiosk_camera_get_retry_delay_ms (camera), ==, 50);
  wake = g_timeout_add (5, camera_test_wake_cb, NULL);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (camera_test_counter (camera, KIOSK_CAMERA_COUNTER_REBUILDS) < 5
         && g_get_monotonic_time () < deadline)
    {
      guint delay = kiosk_camera_get_retry_delay_ms (camera);

      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpuint (delay, <=, 200);
      seen[0] |= delay == 50;
      seen[1] |= delay == 100;
      seen[2] |= delay == 200;
    }
  g_source_remove (wake);
  g_assert_cmpuint (camera_test_counter (camera, KIOSK_CAMERA_COUNTER_REBUILDS), >=, 5);
  g_assert_true (seen[0] && seen[1] && seen[2]);
  status = kiosk_device_get_status (KIOSK_DEVICE (camera));
  g_assert_nonnull (status->last_error);
  g_assert_false (status->connected);

  /* Closing stops the retries. */
  g_assert_true (kiosk_device_close_sync (KIOSK_DEVICE (camera), NULL, &error));
  g_assert_no_error (error);
  rebuilds = camera_test_counter (camera, KIOSK_CAMERA_COUNTER_REBUILDS);
  camera_test_run_for (500);
  g_assert_cmpuint (camera_test_counter (camera, KIOSK_CAMERA_COUNTER_REBUILDS), ==, rebuilds);
  g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_STOPPED);
}

static void
test_garbage_jpeg (void)
{
  g_autofree char *dir = kiosk_test_make_dir ("garbage");
  g_autofree char *path = g_build_filename (dir, "noise.jpg", NULL);
  g_autofree char *keys = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCamera) camera = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (4);
  guint8 noise[8192];

  /* A JPEG header, then noise: the decoder never produces a picture. */
  for (gsize i = 0; i < sizeof noise; i++)
    noise[i] = (guint8) g_rand_int_range (rand, 0, 256);
  noise[0] = 0xff;
  noise[1] = 0xd8;
  g_assert_true (g_file_set_contents (path, (const char *) noise, sizeof noise, NULL));

  keys = g_strdup_printf ("camera_simulator=true\ncamera_source_file=%s\n"
                          "camera_start_timeout_ms=1500\ncamera_backoff_min_ms=5000\n"
                          "camera_backoff_max_ms=5000\n",
                          path);
  camera = camera_test_new (keys, &error);
  g_assert_no_error (error);
  g_assert_false (kiosk_device_open_sync (KIOSK_DEVICE (camera), NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == KIOSK_DEVICE_ERROR);
  g_test_message ("garbage JPEG: %s", error->message);
  g_clear_error (&error);
  g_assert_null (kiosk_camera_get_latest_frame (camera));
  g_assert_true (kiosk_device_close_sync (KIOSK_DEVICE (camera), NULL, &error));
  g_assert_no_error (error);
}

static void
test_start_timeout (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCamera) camera = camera_test_new (
      "camera_pipeline=videotestsrc ! video/x-raw,width=160,height=120 ! identity "
      "drop-probability=1.0\ncamera_start_timeout_ms=300\ncamera_backoff_min_ms=60000\n"
      "camera_backoff_max_ms=60000\n",
      &error);

  g_assert_no_error (error);
  g_assert_false (kiosk_device_open_sync (KIOSK_DEVICE (camera), NULL, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "300 ms"));
  g_clear_error (&error);
  g_assert_cmpuint (camera_test_counter (camera, KIOSK_DEVICE_COUNTER_TIMEOUTS), ==, 1);
  g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_WAITING);
  g_assert_cmpuint (kiosk_camera_get_retry_delay_ms (camera), ==, 60000);

  /* Opening again while waiting tries at once. */
  g_assert_false (kiosk_device_open_sync (KIOSK_DEVICE (camera), NULL, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_TIMEOUT);
  g_clear_error (&error);
  g_assert_cmpuint (camera_test_counter (camera, KIOSK_CAMERA_COUNTER_PIPELINE_ERRORS), ==, 2);
  /* Disposed while waiting: the rebuild timer goes with it (ASan checks). */
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);
  gst_init (&argc, &argv);

  g_test_add_func ("/camera/recovery/eos", test_eos_recovery);
  g_test_add_func ("/camera/recovery/bus-error", test_bus_error_recovery);
  g_test_add_func ("/camera/recovery/stall", test_stall_recovery);
  g_test_add_func ("/camera/recovery/eos-fault", test_eos_fault_recovery);
  g_test_add_func ("/camera/recovery/lost-during-still", test_lost_during_still);
  g_test_add_func ("/camera/recovery/backoff", test_backoff);
  g_test_add_func ("/camera/recovery/garbage-jpeg", test_garbage_jpeg);
  g_test_add_func ("/camera/recovery/start-timeout", test_start_timeout);
  return kiosk_test_run ();
}
