/* camera-test-util.h — shared helpers of the camera tests: a camera from
 * [devices] keys, a watch on its signals, main-loop waits, image fixtures
 * written by GStreamer itself */
#pragma once

#include <string.h>

#include <gst/app/gstappsrc.h>
#include <gst/gst.h>

#include "kiosk-camera.h"
#include "kiosk-device-driver.h"
#include "kiosk-test.h"

/* A camera built the way the manager builds it: "[devices]\n
 * camera_driver=gstreamer\n" + `keys`. */
static inline KioskCamera *
camera_test_new (const char *keys, GError **error)
{
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *text = g_strdup_printf ("[devices]\ncamera_driver=gstreamer\n%s\n", keys);
  g_autoptr (KioskDeviceConfig) config = NULL;

  if (!g_key_file_load_from_data (keyfile, text, -1, G_KEY_FILE_NONE, error))
    return NULL;
  config = kiosk_device_config_new (keyfile, "devices", "camera");
  if (kiosk_device_config_get_simulator (config) && !kiosk_camera_start_simulator (config, error))
    return NULL;
  return (KioskCamera *) kiosk_camera_new_from_config (config, error);
}

typedef struct
{
  KioskCamera *camera;
  guint frames;
  guint plugged;
  guint unplugged;
  KioskCameraFrame *last;
  gulong handlers[3];
} CameraWatch;

static inline void
camera_watch_frame_cb (KioskCamera *camera, KioskCameraFrame *frame, gpointer user_data)
{
  CameraWatch *watch = user_data;

  /* Frames are delivered in the main context, never from a streaming thread. */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  watch->frames++;
  g_clear_pointer (&watch->last, kiosk_camera_frame_unref);
  watch->last = kiosk_camera_frame_ref (frame);
}

static inline void
camera_watch_plugged_cb (KioskDevice *device, gpointer user_data)
{
  ((CameraWatch *) user_data)->plugged++;
}

static inline void
camera_watch_unplugged_cb (KioskDevice *device, gpointer user_data)
{
  ((CameraWatch *) user_data)->unplugged++;
}

static inline void
camera_watch_init (CameraWatch *watch, KioskCamera *camera)
{
  memset (watch, 0, sizeof *watch);
  watch->camera = camera;
  watch->handlers[0]
      = g_signal_connect (camera, "frame", G_CALLBACK (camera_watch_frame_cb), watch);
  watch->handlers[1]
      = g_signal_connect (camera, "plugged", G_CALLBACK (camera_watch_plugged_cb), watch);
  watch->handlers[2]
      = g_signal_connect (camera, "unplugged", G_CALLBACK (camera_watch_unplugged_cb), watch);
}

static inline void
camera_watch_clear (CameraWatch *watch)
{
  for (guint i = 0; i < G_N_ELEMENTS (watch->handlers); i++)
    g_clear_signal_handler (&watch->handlers[i], watch->camera);
  g_clear_pointer (&watch->last, kiosk_camera_frame_unref);
}

static inline gboolean
camera_test_wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main context until *counter >= target or `timeout_ms` passed. */
static inline gboolean
camera_test_wait_count (const guint *counter, guint target, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint wake = g_timeout_add (10, camera_test_wake_cb, NULL);

  while (*counter < target && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  return *counter >= target;
}

static inline gboolean
camera_test_wait_state (KioskCamera *camera, KioskCameraState state, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint wake = g_timeout_add (10, camera_test_wake_cb, NULL);

  while (kiosk_camera_get_state (camera) != state && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  return kiosk_camera_get_state (camera) == state;
}

/* Runs the main context for `ms`. */
static inline void
camera_test_run_for (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;
  guint wake = g_timeout_add (10, camera_test_wake_cb, NULL);

  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
}

static inline guint64
camera_test_counter (KioskCamera *camera, const char *name)
{
  g_autoptr (KioskDeviceStatus) status = kiosk_device_get_status (KIOSK_DEVICE (camera));

  return kiosk_device_status_get_counter (status, name);
}

static inline void
camera_test_assert_color (KioskCameraFrame *frame, guint x, guint y, int r, int g, int b, int tol)
{
  guint8 pr = 0, pg = 0, pb = 0;

  g_assert_true (kiosk_camera_frame_get_pixel (frame, x, y, &pr, &pg, &pb));
  if (ABS (pr - r) > tol || ABS (pg - g) > tol || ABS (pb - b) > tol)
    g_error ("pixel (%u, %u) is (%d, %d, %d), expected (%d, %d, %d) ± %d", x, y, pr, pg, pb, r, g,
             b, tol);
}

/* A neutral colour at least as bright as `min`. */
static inline void
camera_test_assert_grey (KioskCameraFrame *frame, guint x, guint y, int min)
{
  guint8 r = 0, g = 0, b = 0;

  g_assert_true (kiosk_camera_frame_get_pixel (frame, x, y, &r, &g, &b));
  g_assert_cmpint (r, >=, min);
  g_assert_cmpint (ABS (r - g), <=, 8);
  g_assert_cmpint (ABS (r - b), <=, 8);
}

/* The quadrants of the fixture images: red, green / blue, white. */
static const guint8 camera_test_quadrants[4][3] = {
  { 255, 0, 0 },
  { 0, 255, 0 },
  { 0, 0, 255 },
  { 255, 255, 255 },
};

/* Checks the centre of each quadrant of a frame of the fixture. */
static inline void
camera_test_assert_quadrants (KioskCameraFrame *frame, int tol)
{
  guint w = kiosk_camera_frame_get_width (frame);
  guint h = kiosk_camera_frame_get_height (frame);

  for (guint q = 0; q < 4; q++)
    camera_test_assert_color (frame, (q % 2) * w / 2 + w / 4, (q / 2) * h / 2 + h / 4,
                              camera_test_quadrants[q][0], camera_test_quadrants[q][1],
                              camera_test_quadrants[q][2], tol);
}

/* Writes a `width`×`height` image of the four quadrants to `path` with the
 * GStreamer encoder `encoder` ("jpegenc quality=95", "pngenc"). */
static inline void
camera_test_write_image (const char *path, const char *encoder, guint width, guint height)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *description = g_strdup_printf (
      "appsrc name=src format=time caps=video/x-raw,format=RGB,width=%u,height=%u,framerate=1/1 "
      "! videoconvert ! %s ! filesink name=sink",
      width, height, encoder);
  g_autoptr (GstElement) pipeline = NULL;
  g_autoptr (GstElement) src = NULL;
  g_autoptr (GstElement) sink = NULL;
  g_autoptr (GstBus) bus = NULL;
  g_autoptr (GstMessage) message = NULL;
  gsize stride = GST_ROUND_UP_4 (width * 3);
  GstBuffer *buffer;
  GstMapInfo map;

  gst_init (NULL, NULL);
  pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (sink, "location", path, NULL);
  buffer = gst_buffer_new_allocate (NULL, stride * height, NULL);
  g_assert_true (gst_buffer_map (buffer, &map, GST_MAP_WRITE));
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      memcpy (map.data + y * stride + x * 3,
              camera_test_quadrants[(y >= height / 2) * 2 + (x >= width / 2)], 3);
  gst_buffer_unmap (buffer, &map);
  GST_BUFFER_PTS (buffer) = 0;
  GST_BUFFER_DURATION (buffer) = GST_SECOND;

  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=,
                   GST_STATE_CHANGE_FAILURE);
  g_assert_cmpint (gst_app_src_push_buffer (GST_APP_SRC (src), buffer), ==, GST_FLOW_OK);
  g_assert_cmpint (gst_app_src_end_of_stream (GST_APP_SRC (src)), ==, GST_FLOW_OK);
  bus = gst_element_get_bus (pipeline);
  message = gst_bus_timed_pop_filtered (bus, 20 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  g_assert_cmpint (GST_MESSAGE_TYPE (message), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

/* Opens the camera, failing the test on error. */
static inline void
camera_test_open (KioskCamera *camera)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (kiosk_device_open_sync (KIOSK_DEVICE (camera), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_STREAMING);
  g_assert_true (kiosk_device_is_connected (KIOSK_DEVICE (camera)));
}

static inline void
camera_test_close (KioskCamera *camera)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (kiosk_device_close_sync (KIOSK_DEVICE (camera), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_STOPPED);
  g_assert_false (kiosk_device_is_connected (KIOSK_DEVICE (camera)));
}
