/* test-device-core.c — the device framework: the one-operation gate (BUSY),
 * central cancellation, signals, the status record, the error domains, the
 * configuration slice and the manager's registry */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "kiosk-device-driver.h"
#include "kiosk-device-manager.h"
#include "kiosk-test.h"

/* ---- a minimal device: "work" completes after `delay_ms` or on cancel ---- */

#define TEST_TYPE_DEVICE (test_device_get_type ())
G_DECLARE_FINAL_TYPE (TestDevice, test_device, TEST, DEVICE, KioskDevice)

struct _TestDevice
{
  KioskDevice parent_instance;
  guint delay_ms;
  GSource *timer;
  GError *next_error; /* the error "work" ends with, if set */
  guint cancels;      /* calls of the cancel vfunc */
};

G_DEFINE_FINAL_TYPE (TestDevice, test_device, KIOSK_TYPE_DEVICE)

static void
test_device_open (KioskDevice *device)
{
  kiosk_device_set_connected (device, TRUE);
  kiosk_device_set_identity (device, "TEST-0001");
  kiosk_device_complete_op_boolean (device, NULL);
}

static void
test_device_cancel (KioskDevice *device)
{
  TestDevice *self = TEST_DEVICE (device);

  self->cancels++;
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  kiosk_device_complete_op_boolean (
      device, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled"));
}

static void
test_device_finalize (GObject *object)
{
  TestDevice *self = TEST_DEVICE (object);

  g_clear_error (&self->next_error);
  G_OBJECT_CLASS (test_device_parent_class)->finalize (object);
}

static void
test_device_class_init (TestDeviceClass *klass)
{
  KioskDeviceClass *device_class = KIOSK_DEVICE_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = test_device_finalize;
  device_class->kind = KIOSK_DEVICE_KIND_CAMERA;
  device_class->driver = "test";
  device_class->full_name = "Test device";
  device_class->open = test_device_open;
  device_class->cancel = test_device_cancel;
}

static void
test_device_init (TestDevice *self)
{
  self->delay_ms = 30;
}

static gboolean
work_done_cb (gpointer user_data)
{
  TestDevice *self = user_data;

  g_clear_pointer (&self->timer, g_source_unref);
  kiosk_device_complete_op (KIOSK_DEVICE (self), g_strdup ("result"), g_free,
                            g_steal_pointer (&self->next_error));
  return G_SOURCE_REMOVE;
}

static void
test_device_work_async (TestDevice *self,
                        GCancellable *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer user_data)
{
  if (!kiosk_device_begin_op (KIOSK_DEVICE (self), "work", test_device_work_async, cancellable,
                              callback, user_data))
    return;
  self->timer = g_timeout_source_new (self->delay_ms);
  g_source_set_callback (self->timer, work_done_cb, self, NULL);
  g_source_attach (self->timer, NULL);
}

static char *
test_device_work_finish (TestDevice *self, GAsyncResult *result, GError **error)
{
  return kiosk_device_op_finish (KIOSK_DEVICE (self), result, test_device_work_async, error);
}

static KioskDevice *
test_device_create (KioskDeviceConfig *config, GError **error)
{
  g_autofree char *port = kiosk_device_config_get_string (config, "port", NULL);
  guint delay;
  TestDevice *device;

  if (!kiosk_device_config_get_uint (config, "delay_ms", 30, 1, 10000, &delay, error))
    return NULL;
  device = g_object_new (TEST_TYPE_DEVICE, "name", kiosk_device_config_get_name (config), "port",
                         port, "simulated", kiosk_device_config_get_simulator (config), NULL);
  device->delay_ms = delay;
  return KIOSK_DEVICE (device);
}

static gboolean
test_device_simulator (KioskDeviceConfig *config, GError **error)
{
  const char *dir = kiosk_device_config_get_runtime_dir (config, error);
  g_autofree char *port = NULL;
  const char *argv[] = { "/bin/sh", "-c", "echo READY; exec sleep 60", NULL };

  if (dir == NULL)
    return FALSE;
  if (!kiosk_device_config_spawn_simulator (config, argv, 5000, error))
    return FALSE;
  port = g_build_filename (dir, "port", NULL);
  kiosk_device_config_set_override (config, "port", port);
  return TRUE;
}

static const KioskDeviceDriverInfo test_driver = {
  .name = "camera",
  .driver = "test",
  .kind = KIOSK_DEVICE_KIND_CAMERA,
  .create = test_device_create,
  .start_simulator = test_device_simulator,
  .description = "test device",
};

static const KioskDeviceDriverInfo test_driver_nosim = {
  .name = "camera",
  .driver = "test-nosim",
  .kind = KIOSK_DEVICE_KIND_CAMERA,
  .create = test_device_create,
};

/* A driver whose create function makes a device of the wrong kind. */
static const KioskDeviceDriverInfo test_driver_wrong_kind = {
  .name = "chip",
  .driver = "test",
  .kind = KIOSK_DEVICE_KIND_CHIP_READER,
  .create = test_device_create,
};

/* ---- helpers ---------------------------------------------------------------- */

static void
store_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

static TestDevice *
new_open_device (void)
{
  g_autoptr (GError) error = NULL;
  TestDevice *device = g_object_new (TEST_TYPE_DEVICE, "name", "camera", NULL);

  g_assert_true (kiosk_device_open_sync (KIOSK_DEVICE (device), NULL, &error));
  g_assert_no_error (error);
  return device;
}

static guint64
counter (KioskDevice *device, const char *name)
{
  g_autoptr (KioskDeviceStatus) status = kiosk_device_get_status (device);

  return kiosk_device_status_get_counter (status, name);
}

/* ---- the gate ------------------------------------------------------------- */

static void
test_busy (void)
{
  g_autoptr (TestDevice) device = new_open_device ();
  g_autoptr (GAsyncResult) first = NULL;
  g_autoptr (GAsyncResult) second = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *value = NULL;
  g_autoptr (KioskDeviceStatus) status = NULL;

  test_device_work_async (device, NULL, store_result_cb, &first);
  g_assert_true (kiosk_device_is_busy (KIOSK_DEVICE (device)));
  status = kiosk_device_get_status (KIOSK_DEVICE (device));
  g_assert_cmpstr (status->operation, ==, "work");

  test_device_work_async (device, NULL, store_result_cb, &second);
  /* The refusal arrives from an idle, before the first operation ends. */
  kiosk_device_wait_result (&second);
  g_assert_null (first);
  g_assert_null (test_device_work_finish (device, second, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "work"));
  g_clear_error (&error);

  kiosk_device_wait_result (&first);
  value = test_device_work_finish (device, first, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "result");
  g_assert_false (kiosk_device_is_busy (KIOSK_DEVICE (device)));

  g_assert_cmpuint (counter (KIOSK_DEVICE (device), KIOSK_DEVICE_COUNTER_BUSY), ==, 1);
  /* open + work; the refused one is not an operation. */
  g_assert_cmpuint (counter (KIOSK_DEVICE (device), KIOSK_DEVICE_COUNTER_OPERATIONS), ==, 2);
  g_assert_cmpuint (counter (KIOSK_DEVICE (device), KIOSK_DEVICE_COUNTER_SUCCEEDED), ==, 2);
}

static void
test_not_connected (void)
{
  g_autoptr (TestDevice) device = g_object_new (TEST_TYPE_DEVICE, "name", "camera", NULL);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  test_device_work_async (device, NULL, store_result_cb, &result);
  kiosk_device_wait_result (&result);
  g_assert_null (test_device_work_finish (device, result, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED);
  g_assert_false (kiosk_device_is_busy (KIOSK_DEVICE (device)));
}

typedef struct
{
  TestDevice *device;
  GAsyncResult *second;
  gboolean first_done;
} Chain;

static void
chain_second_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Chain *chain = user_data;

  chain->second = g_object_ref (result);
}

static void
chain_first_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Chain *chain = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *value = test_device_work_finish (chain->device, result, &error);

  g_assert_no_error (error);
  chain->first_done = TRUE;
  /* The gate is free inside the callback: the next operation may begin. */
  g_assert_false (kiosk_device_is_busy (KIOSK_DEVICE (chain->device)));
  test_device_work_async (chain->device, NULL, chain_second_cb, chain);
}

static void
test_chain_from_callback (void)
{
  g_autoptr (TestDevice) device = new_open_device ();
  g_autoptr (GError) error = NULL;
  g_autofree char *value = NULL;
  Chain chain = { device, NULL, FALSE };

  test_device_work_async (device, NULL, chain_first_cb, &chain);
  kiosk_device_wait_result (&chain.second);
  g_assert_true (chain.first_done);
  value = test_device_work_finish (device, chain.second, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "result");
  g_object_unref (chain.second);
}

static gboolean
cancel_later_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel_caller (void)
{
  g_autoptr (TestDevice) device = new_open_device ();
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  device->delay_ms = 5000;
  test_device_work_async (device, cancellable, store_result_cb, &result);
  g_timeout_add (20, cancel_later_cb, cancellable);
  kiosk_device_wait_result (&result);
  g_assert_null (test_device_work_finish (device, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (device->cancels, ==, 1);
  g_assert_cmpuint (counter (KIOSK_DEVICE (device), KIOSK_DEVICE_COUNTER_CANCELLED), ==, 1);
  g_assert_false (kiosk_device_is_busy (KIOSK_DEVICE (device)));
}

static void
test_cancel_already (void)
{
  g_autoptr (TestDevice) device = new_open_device ();
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  g_cancellable_cancel (cancellable);
  test_device_work_async (device, cancellable, store_result_cb, &result);
  g_assert_false (kiosk_device_is_busy (KIOSK_DEVICE (device)));
  kiosk_device_wait_result (&result);
  g_assert_null (test_device_work_finish (device, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (device->cancels, ==, 0);
}

static gboolean
central_cancel_cb (gpointer user_data)
{
  kiosk_device_cancel (KIOSK_DEVICE (user_data));
  return G_SOURCE_REMOVE;
}

static void
test_cancel_central (void)
{
  g_autoptr (TestDevice) device = new_open_device ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  device->delay_ms = 5000;
  /* No caller cancellable at all: the device still cancels centrally. */
  test_device_work_async (device, NULL, store_result_cb, &result);
  g_timeout_add (20, central_cancel_cb, device);
  kiosk_device_wait_result (&result);
  g_assert_null (test_device_work_finish (device, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Idle: a no-op. */
  kiosk_device_cancel (KIOSK_DEVICE (device));
  g_assert_cmpuint (device->cancels, ==, 1);
}

static void
test_errors_recorded (void)
{
  g_autoptr (TestDevice) device = new_open_device ();
  g_autoptr (GAsyncResult) r1 = NULL;
  g_autoptr (GAsyncResult) r2 = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDeviceStatus) status = NULL;
  g_autoptr (KioskDeviceStatus) copy = NULL;

  device->next_error = kiosk_device_user_error_new (KIOSK_DEVICE_USER_ERROR_PLACE_FLAT);
  test_device_work_async (device, NULL, store_result_cb, &r1);
  kiosk_device_wait_result (&r1);
  g_assert_null (test_device_work_finish (device, r1, &error));
  g_assert_error (error, KIOSK_DEVICE_USER_ERROR, KIOSK_DEVICE_USER_ERROR_PLACE_FLAT);
  g_assert_true (kiosk_device_error_is_user (error));
  g_clear_error (&error);

  device->next_error
      = g_error_new_literal (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_TIMEOUT, "no answer");
  test_device_work_async (device, NULL, store_result_cb, &r2);
  kiosk_device_wait_result (&r2);
  g_assert_null (test_device_work_finish (device, r2, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_TIMEOUT);
  g_assert_false (kiosk_device_error_is_user (error));

  status = kiosk_device_get_status (KIOSK_DEVICE (device));
  g_assert_cmpstr (status->name, ==, "camera");
  g_assert_cmpstr (status->driver, ==, "test");
  g_assert_cmpstr (status->kind, ==, "camera");
  g_assert_cmpstr (status->identity, ==, "TEST-0001");
  g_assert_true (status->connected);
  g_assert_null (status->operation);
  g_assert_cmpstr (status->last_error, ==, "no answer");
  g_assert_cmpstr (status->last_error_code, ==, "timeout");
  g_assert_cmpint (status->last_error_time, >, 0);
  g_assert_cmpuint (kiosk_device_status_get_counter (status, KIOSK_DEVICE_COUNTER_USER_ERRORS), ==,
                    1);
  g_assert_cmpuint (kiosk_device_status_get_counter (status, KIOSK_DEVICE_COUNTER_FAILED), ==, 1);
  g_assert_cmpuint (kiosk_device_status_get_counter (status, KIOSK_DEVICE_COUNTER_TIMEOUTS), ==, 1);
  g_assert_cmpuint (kiosk_device_status_get_counter (status, "never-counted"), ==, 0);

  /* A snapshot is independent of the device. */
  copy = kiosk_device_status_copy (status);
  kiosk_device_count (KIOSK_DEVICE (device), "extra", 5);
  g_assert_cmpuint (kiosk_device_status_get_counter (copy, "extra"), ==, 0);
  g_assert_cmpuint (copy->counters->len, ==, status->counters->len);
  g_assert_cmpuint (counter (KIOSK_DEVICE (device), "extra"), ==, 5);
}

/* ---- signals -------------------------------------------------------------- */

static void
count_signal_cb (KioskDevice *device, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_signals (void)
{
  g_autoptr (TestDevice) device = g_object_new (TEST_TYPE_DEVICE, "name", "camera", NULL);
  KioskDevice *dev = KIOSK_DEVICE (device);
  guint plugged = 0, unplugged = 0, placed = 0, removed = 0;
  g_autoptr (GError) error = NULL;

  g_signal_connect (dev, "plugged", G_CALLBACK (count_signal_cb), &plugged);
  g_signal_connect (dev, "unplugged", G_CALLBACK (count_signal_cb), &unplugged);
  g_signal_connect (dev, "card-placed", G_CALLBACK (count_signal_cb), &placed);
  g_signal_connect (dev, "card-removed", G_CALLBACK (count_signal_cb), &removed);

  g_assert_true (kiosk_device_open_sync (dev, NULL, &error));
  g_assert_cmpuint (plugged, ==, 1);
  kiosk_device_set_connected (dev, TRUE); /* no change, no signal */
  g_assert_cmpuint (plugged, ==, 1);

  kiosk_device_set_card_present (dev, TRUE);
  kiosk_device_set_card_present (dev, TRUE);
  g_assert_cmpuint (placed, ==, 1);
  g_assert_true (kiosk_device_is_card_present (dev));

  /* Losing the device also takes the card away. */
  kiosk_device_set_connected (dev, FALSE);
  g_assert_cmpuint (unplugged, ==, 1);
  g_assert_cmpuint (removed, ==, 1);
  g_assert_false (kiosk_device_is_card_present (dev));
  g_assert_false (kiosk_device_is_connected (dev));

  /* close on a device without a close vfunc succeeds and stays closed */
  g_assert_true (kiosk_device_close_sync (dev, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (unplugged, ==, 1);
}

/* ---- error domains -------------------------------------------------------- */

static void
test_error_domains (void)
{
  for (int code = KIOSK_DEVICE_USER_ERROR_NO_CARD; code <= KIOSK_DEVICE_USER_ERROR_PIN_LOCKED;
       code++)
    {
      g_autoptr (GError) error = kiosk_device_user_error_new (code);
      const char *message = kiosk_device_user_error_message (code);
      gboolean has_cjk = FALSE;

      g_assert_nonnull (message);
      g_assert_true (g_utf8_validate (message, -1, NULL));
      for (const char *p = message; *p; p = g_utf8_next_char (p))
        has_cjk |= g_utf8_get_char (p) >= 0x4E00 && g_utf8_get_char (p) <= 0x9FFF;
      g_assert_true (has_cjk);
      g_assert_cmpstr (error->message, ==, message);
      g_assert_true (kiosk_device_error_is_user (error));
      g_assert_cmpstr (kiosk_device_error_code_name (error), !=, "user-error");
    }
  for (int code = KIOSK_DEVICE_ERROR_BUSY; code <= KIOSK_DEVICE_ERROR_CONFIG; code++)
    {
      g_autoptr (GError) error = g_error_new_literal (KIOSK_DEVICE_ERROR, code, "x");

      g_assert_false (kiosk_device_error_is_user (error));
      g_assert_cmpstr (kiosk_device_error_code_name (error), !=, "device-error");
    }
  {
    g_autoptr (GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "c");
    g_autoptr (GError) odd = g_error_new_literal (KIOSK_DEVICE_ERROR, 999, "odd");

    g_assert_cmpstr (kiosk_device_error_code_name (cancelled), ==, "cancelled");
    g_assert_cmpstr (kiosk_device_error_code_name (odd), ==, "device-error");
    g_assert_null (kiosk_device_error_code_name (NULL));
    g_assert_false (kiosk_device_error_is_user (NULL));
    /* An unknown user code still gets a sentence. */
    g_assert_nonnull (kiosk_device_user_error_message (999));
  }
}

/* ---- configuration and manager ---------------------------------------------- */

static GKeyFile *
keyfile_from (const char *text)
{
  GKeyFile *keyfile = g_key_file_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (g_key_file_load_from_data (keyfile, text, -1, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  return keyfile;
}

static void
test_config_values (void)
{
  g_autoptr (GKeyFile) keyfile = keyfile_from ("[devices]\n"
                                               "camera_driver=test\n"
                                               "camera_port=  /dev/video0  \n"
                                               "camera_delay_ms=abc\n"
                                               "camera_big=70000\n"
                                               "camera_flag=maybe\n"
                                               "camera_yes=yes\n"
                                               "camera_empty=\n");
  g_autoptr (KioskDeviceConfig) config = kiosk_device_config_new (keyfile, "devices", "camera");
  g_autoptr (GError) error = NULL;
  g_autofree char *port = NULL;
  g_autofree char *fallback = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *overridden = NULL;
  g_autofree char *described = NULL;
  g_autofree char *program = NULL;
  guint value = 0;
  gboolean flag = FALSE;

  g_assert_cmpstr (kiosk_device_config_get_name (config), ==, "camera");
  g_assert_cmpstr (kiosk_device_config_get_group (config), ==, "devices");
  g_assert_cmpstr (kiosk_device_config_get_driver (config), ==, "test");
  g_assert_false (kiosk_device_config_get_simulator (config));

  port = kiosk_device_config_get_string (config, "port", NULL);
  g_assert_cmpstr (port, ==, "/dev/video0");
  fallback = kiosk_device_config_get_string (config, "missing", "dflt");
  g_assert_cmpstr (fallback, ==, "dflt");
  empty = kiosk_device_config_get_string (config, "empty", "dflt");
  g_assert_cmpstr (empty, ==, "dflt");

  g_assert_false (kiosk_device_config_get_uint (config, "delay_ms", 1, 0, 100, &value, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "[devices] camera_delay_ms"));
  g_clear_error (&error);
  g_assert_false (kiosk_device_config_get_uint (config, "big", 1, 0, 60000, &value, &error));
  g_assert_nonnull (strstr (error->message, "0 to 60000"));
  g_clear_error (&error);
  g_assert_true (kiosk_device_config_get_uint (config, "missing", 42, 0, 100, &value, &error));
  g_assert_cmpuint (value, ==, 42);

  g_assert_false (kiosk_device_config_get_boolean (config, "flag", FALSE, &flag, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG);
  g_clear_error (&error);
  g_assert_true (kiosk_device_config_get_boolean (config, "yes", FALSE, &flag, &error));
  g_assert_true (flag);

  kiosk_device_config_set_override (config, "port", "/tmp/pty");
  overridden = kiosk_device_config_get_string (config, "port", NULL);
  g_assert_cmpstr (overridden, ==, "/tmp/pty");
  kiosk_device_config_set_override (config, "port", NULL);

  described = kiosk_device_config_describe_key (config, "port");
  g_assert_cmpstr (described, ==, "[devices] camera_port");

  g_setenv ("KIOSK_DEVICES_SIMDIR", "/opt/sims", TRUE);
  program = kiosk_device_config_find_program (config, "kiosk-camera-sim");
  g_assert_cmpstr (program, ==, "/opt/sims/kiosk-camera-sim");
  g_unsetenv ("KIOSK_DEVICES_SIMDIR");
}

static void
test_config_runtime_and_processes (void)
{
  g_autoptr (GKeyFile) keyfile = keyfile_from ("[devices]\ncamera_driver=test\n");
  KioskDeviceConfig *config = kiosk_device_config_new (keyfile, "devices", "camera");
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *leftover = NULL;
  const char *ok_argv[] = { "/bin/sh", "-c", "echo READY here; exec sleep 60", NULL };
  const char *silent_argv[] = { "/bin/sh", "-c", "exec sleep 60", NULL };
  const char *missing_argv[] = { "/nonexistent/simulator", NULL };
  gint64 start;

  dir = g_strdup (kiosk_device_config_get_runtime_dir (config, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
  g_assert_cmpstr (kiosk_device_config_get_runtime_dir (config, NULL), ==, dir);
  leftover = g_build_filename (dir, "leftover", NULL);
  g_assert_true (g_file_set_contents (leftover, "x", -1, NULL));

  g_assert_true (kiosk_device_config_spawn_simulator (config, ok_argv, 5000, &error));
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  g_assert_false (kiosk_device_config_spawn_simulator (config, silent_argv, 200, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "did not become ready"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_clear_error (&error);

  g_assert_false (kiosk_device_config_spawn_simulator (config, missing_argv, 200, &error));
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_IO);
  g_clear_error (&error);

  /* The last unref stops the simulator and removes the directory. */
  start = g_get_monotonic_time ();
  kiosk_device_config_unref (config);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

static void
test_manager (void)
{
  g_autoptr (GKeyFile) keyfile = keyfile_from ("[devices]\n"
                                               "camera_driver=test\n"
                                               "camera_port=/dev/video7\n"
                                               "camera_delay_ms=5\n"
                                               "receipt_driver=none\n"
                                               "receipt_port=ignored\n");
  g_autoptr (KioskDeviceManager) manager = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GPtrArray) drivers = NULL;
  KioskDevice *device;
  gboolean found = FALSE;

  kiosk_device_manager_register_driver (&test_driver);
  kiosk_device_manager_register_driver (&test_driver); /* harmless twice */
  drivers = kiosk_device_manager_list_drivers ();
  for (guint i = 0; i < drivers->len; i++)
    found |= g_ptr_array_index (drivers, i) == &test_driver;
  g_assert_true (found);

  manager = kiosk_device_manager_new (keyfile, "devices", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kiosk_device_manager_get_devices (manager)->len, ==, 1);
  device = kiosk_device_manager_get_device (manager, "camera");
  g_assert_nonnull (device);
  g_assert_true (kiosk_device_manager_get_device_by_kind (manager, KIOSK_DEVICE_KIND_CAMERA)
                 == device);
  g_assert_null (kiosk_device_manager_get_device_by_kind (manager, KIOSK_DEVICE_KIND_CHIP_READER));
  g_assert_null (kiosk_device_manager_get_device (manager, "receipt"));
  g_assert_nonnull (kiosk_device_manager_get_config (manager, "camera"));
  g_assert_cmpstr (kiosk_device_get_port (device), ==, "/dev/video7");
  g_assert_false (kiosk_device_get_simulated (device));

  kiosk_device_manager_open_all_async (manager, NULL, store_result_cb, &result);
  kiosk_device_wait_result (&result);
  g_assert_true (kiosk_device_manager_open_all_finish (manager, result, &error));
  g_assert_no_error (error);
  g_assert_true (kiosk_device_is_connected (device));
}

static void
test_manager_simulator (void)
{
  g_autoptr (GKeyFile) keyfile
      = keyfile_from ("[devices]\ncamera_driver=test\ncamera_simulator=true\n");
  g_autoptr (KioskDeviceManager) manager = NULL;
  g_autoptr (GError) error = NULL;
  KioskDevice *device;
  g_autofree char *dir = NULL;

  kiosk_device_manager_register_driver (&test_driver);
  manager = kiosk_device_manager_new (keyfile, NULL, &error);
  g_assert_no_error (error);
  device = kiosk_device_manager_get_device (manager, "camera");
  g_assert_true (kiosk_device_get_simulated (device));
  /* The simulator hook pointed the port into the runtime directory. */
  g_assert_nonnull (kiosk_device_get_port (device));
  dir = g_path_get_dirname (kiosk_device_get_port (device));
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));

  kiosk_device_manager_shutdown (manager);
  g_assert_cmpuint (kiosk_device_manager_get_devices (manager)->len, ==, 0);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

static void
expect_config_error (const char *text, const char *fragment)
{
  g_autoptr (GKeyFile) keyfile = keyfile_from (text);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDeviceManager) manager = kiosk_device_manager_new (keyfile, "devices", &error);

  g_assert_null (manager);
  g_assert_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” not in “%s”", fragment, error->message);
}

static void
test_manager_errors (void)
{
  kiosk_device_manager_register_driver (&test_driver);
  kiosk_device_manager_register_driver (&test_driver_nosim);
  kiosk_device_manager_register_driver (&test_driver_wrong_kind);

  expect_config_error ("[devices]\ncamera_driver=nosuch\n", "[devices] camera_driver");
  expect_config_error ("[devices]\ncamera_driver=nosuch\n", "known: test");
  expect_config_error ("[devices]\nwidget_driver=x\n", "no driver registered");
  expect_config_error ("[devices]\ncamera_driver=test\ncamrea_port=/dev/x\n",
                       "[devices] camrea_port");
  expect_config_error ("[devices]\ncamera_driver=test\ncamera_simulator=perhaps\n",
                       "camera_simulator");
  expect_config_error ("[devices]\ncamera_driver=test-nosim\ncamera_simulator=true\n",
                       "has no simulator");
  expect_config_error ("[devices]\ncamera_driver=test\ncamera_delay_ms=-3\n", "camera_delay_ms");
  expect_config_error ("[devices]\nchip_driver=test\n", "not a chip-reader");

  /* No [devices] group: no devices, no error. */
  {
    g_autoptr (GKeyFile) keyfile = keyfile_from ("[kiosk]\nid=x\n");
    g_autoptr (GError) error = NULL;
    g_autoptr (KioskDeviceManager) manager = kiosk_device_manager_new (keyfile, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (kiosk_device_manager_get_devices (manager)->len, ==, 0);
  }
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);

  g_test_add_func ("/device/busy", test_busy);
  g_test_add_func ("/device/not-connected", test_not_connected);
  g_test_add_func ("/device/chain-from-callback", test_chain_from_callback);
  g_test_add_func ("/device/cancel/caller", test_cancel_caller);
  g_test_add_func ("/device/cancel/already", test_cancel_already);
  g_test_add_func ("/device/cancel/central", test_cancel_central);
  g_test_add_func ("/device/errors-recorded", test_errors_recorded);
  g_test_add_func ("/device/signals", test_signals);
  g_test_add_func ("/device/error-domains", test_error_domains);
  g_test_add_func ("/config/values", test_config_values);
  g_test_add_func ("/config/runtime-and-processes", test_config_runtime_and_processes);
  g_test_add_func ("/manager/build", test_manager);
  g_test_add_func ("/manager/simulator", test_manager_simulator);
  g_test_add_func ("/manager/errors", test_manager_errors);

  return kiosk_test_run ();
}
