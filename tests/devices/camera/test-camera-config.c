/* test-camera-config.c — the camera's [devices] keys: garbage pipelines and
 * values are clear errors naming the key, never a crash; simulator sources */
#include "config.h"

#include "camera-test-util.h"
#include "kiosk-device-manager.h"

static void
test_garbage_pipelines (void)
{
  const char *bad[] = {
    "",
    "   ",
    "!",
    "! ! !",
    "(",
    "videotestsrc !",
    "videotestsrc ! ! jpegdec",
    "no_such_element_anywhere",
    "videotestsrc ! no_such_element_anywhere",
    "videotestsrc pattern=nonsense",
    "videotestsrc name=a ! a.",
    "videotestsrc ! fakesink", /* ends in a sink */
    "jpegdec",                 /* needs input */
    "videotestsrc ! video/x-raw,width=abc",
    "\xff\xfe\xfd garbage \x01",
    "videotestsrc ! audioconvert", /* cannot link */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      KioskCameraOptions options;
      g_autoptr (GError) error = NULL;
      g_autoptr (KioskDevice) camera = NULL;

      kiosk_camera_options_init (&options);
      options.pipeline = bad[i];
      camera = kiosk_camera_new ("camera", FALSE, &options, &error);
      g_assert_null (camera);
      g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG);
      g_test_message ("%s", error->message);
    }
}

static void
check_config_error (const char *keys, const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCamera) camera = camera_test_new (keys, &error);

  g_assert_null (camera);
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG);
  g_test_message ("%s", error->message);
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, expected);
}

static void
test_garbage_keys (void)
{
  check_config_error ("camera_pipeline=no_such_element_anywhere", "[devices] camera_pipeline: ");
  check_config_error ("camera_pipeline=no_such_element_anywhere", "no_such_element_anywhere");
  check_config_error ("", "camera_pipeline: required");
  check_config_error ("camera_simulator=false", "camera_simulator=true");
  check_config_error ("camera_simulator=true\ncamera_preview_width=abc", "camera_preview_width");
  check_config_error ("camera_simulator=true\ncamera_preview_height=0", "camera_preview_height");
  check_config_error ("camera_simulator=true\ncamera_stall_timeout_ms=-5",
                      "camera_stall_timeout_ms");
  check_config_error ("camera_simulator=true\ncamera_backoff_min_ms=9000\n"
                      "camera_backoff_max_ms=8000",
                      "camera_backoff_min_ms");
  check_config_error ("camera_simulator=true\ncamera_sim_width=99999", "camera_sim_width");
  check_config_error ("camera_simulator=true\ncamera_sim_fps=0", "camera_sim_fps");
  check_config_error ("camera_simulator=true\ncamera_sim_pattern=smpte ! fakesink",
                      "camera_sim_pattern");
  check_config_error ("camera_simulator=true\ncamera_sim_pattern=nonsense", "camera_pipeline");
  check_config_error ("camera_simulator=true\ncamera_source_file=/tmp/face.gif",
                      "camera_source_file");
  check_config_error ("camera_simulator=true\ncamera_source_file=/nonexistent/face.jpg",
                      "no such file");
  check_config_error ("camera_simulator=true\ncamera_source_file=/tmp/%s.jpg", "%d");
  check_config_error ("camera_simulator=true\ncamera_source_file=/tmp/%d-%d.jpg", "%d");
}

static void
test_manager_refuses_garbage (void)
{
  const char *text = "[devices]\ncamera_driver=gstreamer\ncamera_pipeline=videotestsrc ! !\n";
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDeviceManager) manager = NULL;

  kiosk_camera_register_driver ();
  g_assert_true (g_key_file_load_from_data (keyfile, text, -1, G_KEY_FILE_NONE, NULL));
  manager = kiosk_device_manager_new (keyfile, "devices", &error);
  g_assert_null (manager);
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "camera_pipeline"));
}

static void
test_port (void)
{
  g_autoptr (GError) error = NULL;
  /* Checking does not open the device: this works without /dev/video7. */
  g_autoptr (KioskCamera) camera = camera_test_new (
      "camera_pipeline=v4l2src device=/dev/video7 ! image/jpeg,width=1920,height=1080 ! jpegdec\n",
      &error);

  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_device_get_port (KIOSK_DEVICE (camera)), ==, "/dev/video7");
  g_assert_false (kiosk_device_get_simulated (KIOSK_DEVICE (camera)));
  g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_STOPPED);
}

static void
test_missing_device (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCamera) camera
      = camera_test_new ("camera_pipeline=v4l2src device=/nonexistent/video0\n"
                         "camera_backoff_min_ms=60000\ncamera_backoff_max_ms=60000\n",
                         &error);

  g_assert_no_error (error);
  g_assert_false (kiosk_device_open_sync (KIOSK_DEVICE (camera), NULL, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_true (kiosk_device_close_sync (KIOSK_DEVICE (camera), NULL, &error));
  g_assert_no_error (error);
}

static void
test_awkward_file_name (void)
{
  g_autofree char *dir = kiosk_test_make_dir ("we \"ird\" dir\\");
  g_autofree char *path = g_build_filename (dir, "face (1).PNG", NULL);
  g_autofree char *keys = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCamera) camera = NULL;
  CameraWatch watch;

  camera_test_write_image (path, "pngenc", 64, 48);
  keys = g_strdup_printf ("camera_simulator=true\ncamera_source_file=%s\n", path);
  camera = camera_test_new (keys, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_device_get_port (KIOSK_DEVICE (camera)), ==, path);
  camera_watch_init (&watch, camera);
  camera_test_open (camera);
  g_assert_true (camera_test_wait_count (&watch.frames, 1, 10000));
  camera_test_assert_quadrants (watch.last, 0);
  camera_test_close (camera);
  camera_watch_clear (&watch);
}

static void
test_options_defaults (void)
{
  KioskCameraOptions options;

  kiosk_camera_options_init (&options);
  g_assert_null (options.pipeline);
  g_assert_cmpuint (options.preview_width, ==, 1280);
  g_assert_cmpuint (options.preview_height, ==, 720);
  g_assert_cmpuint (options.backoff_min_ms, ==, 500);
  g_assert_cmpuint (options.backoff_max_ms, ==, 8000);
  g_assert_cmpstr (kiosk_camera_state_to_string (KIOSK_CAMERA_STATE_WAITING), ==, "waiting");
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);
  gst_init (&argc, &argv);

  g_test_add_func ("/camera/config/garbage-pipelines", test_garbage_pipelines);
  g_test_add_func ("/camera/config/garbage-keys", test_garbage_keys);
  g_test_add_func ("/camera/config/manager-refuses-garbage", test_manager_refuses_garbage);
  g_test_add_func ("/camera/config/port", test_port);
  g_test_add_func ("/camera/config/missing-device", test_missing_device);
  g_test_add_func ("/camera/config/awkward-file-name", test_awkward_file_name);
  g_test_add_func ("/camera/config/options-defaults", test_options_defaults);
  return kiosk_test_run ();
}
