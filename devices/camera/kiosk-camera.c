/* kiosk-camera.c — the camera device: its states (stopped, starting,
 * streaming, waiting to rebuild), the operations (open, close, still) and
 * the configuration; the GStreamer work is in kiosk-camera-pipeline.c */
#define G_LOG_DOMAIN "kiosk-camera"

#include "config.h"

#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "kiosk-camera-pipeline.h"
#include "kiosk-camera.h"
#include "kiosk-device-driver.h"
#include "kiosk-device-manager.h"

struct _KioskCamera
{
  KioskDevice parent_instance;

  KioskCameraOptions options; /* options.pipeline points at `pipeline` */
  char *pipeline_desc;
  GMainContext *context;

  KioskCameraState state;
  gboolean wanted;               /* opened, not closed: keep streaming, rebuild when lost */
  KioskCameraPipeline *pipeline; /* while STARTING or STREAMING */
  GSource *retry_source;         /* while WAITING */
  guint retry_delay_ms;          /* the delay of the scheduled rebuild */
  guint next_delay_ms;           /* the delay after the next loss */
  guint failures;                /* consecutive losses, for the log */
  GSource *still_timeout_source;
  KioskCameraFrame *latest;
  gboolean on_demand; /* stream only while held */
  guint holds;
  gboolean still_at_start; /* a still asked while STARTING: requested with the first frame */

  gint64 fps_window_start;
  guint fps_window_frames;
  guint fps;
  gint64 fps_time;
};

G_DEFINE_FINAL_TYPE (KioskCamera, kiosk_camera, KIOSK_TYPE_DEVICE)

enum
{
  SIGNAL_FRAME,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_pipeline (KioskCamera *self);

const char *
kiosk_camera_state_to_string (KioskCameraState state)
{
  switch (state)
    {
      case KIOSK_CAMERA_STATE_STOPPED:
        return "stopped";
      case KIOSK_CAMERA_STATE_STARTING:
        return "starting";
      case KIOSK_CAMERA_STATE_STREAMING:
        return "streaming";
      case KIOSK_CAMERA_STATE_WAITING:
        return "waiting";
      case KIOSK_CAMERA_STATE_STANDBY:
        return "standby";
      default:
        return "unknown";
    }
}

/* ---- helpers ------------------------------------------------------------------ */

static gboolean
op_is (KioskCamera *self, gpointer tag)
{
  KioskDevice *device = KIOSK_DEVICE (self);

  return kiosk_device_is_busy (device) && kiosk_device_get_op_tag (device) == tag;
}

static void
clear_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static GSource *
add_timeout (KioskCamera *self, guint ms, GSourceFunc func, const char *name)
{
  GSource *source = g_timeout_source_new (ms);

  /* No reference: dispose removes the source. */
  g_source_set_callback (source, func, self, NULL);
  g_source_set_static_name (source, name);
  g_source_attach (source, self->context);
  return source;
}

static void
stop_pipeline (KioskCamera *self)
{
  KioskCameraPipeline *pipeline = g_steal_pointer (&self->pipeline);

  if (pipeline == NULL)
    return;
  kiosk_camera_pipeline_stop (pipeline);
  kiosk_camera_pipeline_unref (pipeline);
}

static void
count_fps (KioskCamera *self, gint64 now)
{
  if (self->fps_window_start == 0)
    self->fps_window_start = now;
  self->fps_window_frames++;
  if (now - self->fps_window_start >= G_USEC_PER_SEC)
    {
      self->fps
          = (guint) ((self->fps_window_frames * G_USEC_PER_SEC + (now - self->fps_window_start) / 2)
                     / (now - self->fps_window_start));
      self->fps_time = now;
      self->fps_window_start = now;
      self->fps_window_frames = 0;
    }
}

static void
reset_stream (KioskCamera *self)
{
  g_clear_pointer (&self->latest, kiosk_camera_frame_unref);
  self->fps_window_start = 0;
  self->fps_window_frames = 0;
  self->fps = 0;
}

/* ---- standby ------------------------------------------------------------------------ */

static gboolean
idle (KioskCamera *self)
{
  return self->on_demand && self->holds == 0;
}

/* Stops a working stream nobody wants; the device stays open and connected.
 * Not while a still or the open waits for a frame. */
static gboolean
maybe_standby (KioskCamera *self)
{
  if (!idle (self) || self->state != KIOSK_CAMERA_STATE_STREAMING
      || kiosk_device_is_busy (KIOSK_DEVICE (self)))
    return FALSE;
  stop_pipeline (self);
  reset_stream (self);
#ifdef __GLIBC__
  /* The frames were allocated in the streaming threads' malloc arenas, which
   * keep freed memory: give it back now that they are gone. */
  malloc_trim (0);
#endif
  self->state = KIOSK_CAMERA_STATE_STANDBY;
  g_debug ("%s: standby", kiosk_device_get_name (KIOSK_DEVICE (self)));
  return TRUE;
}

/* ---- losing and rebuilding the pipeline ------------------------------------------ */

static gboolean
retry_cb (gpointer user_data)
{
  KioskCamera *self = user_data;

  g_clear_pointer (&self->retry_source, g_source_unref);
  self->retry_delay_ms = 0;
  kiosk_device_count (KIOSK_DEVICE (self), KIOSK_CAMERA_COUNTER_REBUILDS, 1);
  start_pipeline (self);
  return G_SOURCE_REMOVE;
}

/* The pipeline failed to start or was lost: tear it down, schedule the
 * rebuild if the camera is still wanted, and end the operation it broke. */
static void
lost (KioskCamera *self, const GError *error)
{
  KioskDevice *device = KIOSK_DEVICE (self);
  const char *name = kiosk_device_get_name (device);

  kiosk_device_count (device, KIOSK_CAMERA_COUNTER_PIPELINE_ERRORS, 1);
  kiosk_device_record_error (device, error);
  stop_pipeline (self);
  reset_stream (self);
  clear_source (&self->still_timeout_source);

  if (self->wanted)
    {
      self->state = KIOSK_CAMERA_STATE_WAITING;
      self->retry_delay_ms = self->next_delay_ms;
      self->next_delay_ms = MIN (self->next_delay_ms * 2, self->options.backoff_max_ms);
      clear_source (&self->retry_source);
      self->retry_source
          = add_timeout (self, self->retry_delay_ms, retry_cb, "[kiosk-camera] rebuild");
      /* The first loss is news; the retries of an absent camera are not. */
      if (self->failures++ == 0)
        g_message ("%s: lost (%s): rebuilding the pipeline in %u ms", name ? name : "camera",
                   error->message, self->retry_delay_ms);
      else
        g_debug ("%s: still lost (%s): next try in %u ms", name ? name : "camera", error->message,
                 self->retry_delay_ms);
    }
  else
    self->state = KIOSK_CAMERA_STATE_STOPPED;

  kiosk_device_set_connected (device, FALSE);
  if (op_is (self, kiosk_device_open_async))
    kiosk_device_complete_op (device, NULL, NULL, g_error_copy (error));
  else if (op_is (self, kiosk_camera_capture_still_async))
    kiosk_device_complete_op (device, NULL, NULL,
                              g_error_new (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED,
                                           "The camera was lost while taking a picture: %s",
                                           error->message));
}

static void
pipeline_frame_cb (KioskCameraFrame *frame, guint dropped, gpointer user_data)
{
  KioskCamera *self = user_data;
  KioskDevice *device = KIOSK_DEVICE (self);
  KioskCameraPipeline *pipeline = self->pipeline;

  if (dropped > 0)
    kiosk_device_count (device, KIOSK_CAMERA_COUNTER_FRAMES_DROPPED, dropped);
  kiosk_device_count (device, KIOSK_CAMERA_COUNTER_FRAMES, 1);
  count_fps (self, kiosk_camera_frame_get_timestamp (frame));
  g_clear_pointer (&self->latest, kiosk_camera_frame_unref);
  self->latest = kiosk_camera_frame_ref (frame);

  if (self->state == KIOSK_CAMERA_STATE_STARTING)
    {
      g_autofree char *model = kiosk_camera_pipeline_describe (pipeline);
      g_autofree char *identity = kiosk_camera_pipeline_dup_identity (pipeline);

      if (self->failures > 0)
        g_message ("%s: the camera is back (%s)", kiosk_device_get_name (device), model);
      self->state = KIOSK_CAMERA_STATE_STREAMING;
      self->failures = 0;
      self->next_delay_ms = self->options.backoff_min_ms;
      kiosk_device_set_model (device, model);
      kiosk_device_set_identity (device, identity);
      /* Handlers may close the camera: look again after each. */
      kiosk_device_set_connected (device, TRUE);
      if (self->pipeline != pipeline)
        return;
      if (op_is (self, kiosk_device_open_async))
        kiosk_device_complete_op_boolean (device, NULL);
      if (self->pipeline != pipeline)
        return;
      if (self->still_at_start && op_is (self, kiosk_camera_capture_still_async))
        kiosk_camera_pipeline_request_still (pipeline);
      self->still_at_start = FALSE;
    }
  if (maybe_standby (self))
    return;
  g_signal_emit (self, signals[SIGNAL_FRAME], 0, frame);
}

static void
pipeline_still_cb (KioskCameraFrame *frame, gpointer user_data)
{
  KioskCamera *self = user_data;

  if (!op_is (self, kiosk_camera_capture_still_async))
    return; /* cancelled or timed out meanwhile */
  clear_source (&self->still_timeout_source);
  kiosk_device_count (KIOSK_DEVICE (self), KIOSK_CAMERA_COUNTER_STILLS, 1);
  kiosk_device_complete_op (
      KIOSK_DEVICE (self), kiosk_camera_frame_ref (frame),
      (GDestroyNotify) kiosk_camera_frame_unref,
      NULL); /* Released while the still was being taken: standby at the next frame. */
}

static void
pipeline_failed_cb (const GError *error, gpointer user_data)
{
  lost (user_data, error);
}

static void
start_pipeline (KioskCamera *self)
{
  static const KioskCameraPipelineCallbacks callbacks = {
    .frame = pipeline_frame_cb,
    .still = pipeline_still_cb,
    .failed = pipeline_failed_cb,
  };
  g_autoptr (GError) error = NULL;

  g_return_if_fail (self->pipeline == NULL);

  self->state = KIOSK_CAMERA_STATE_STARTING;
  self->pipeline = kiosk_camera_pipeline_new (
      self->pipeline_desc, self->options.preview_width, self->options.preview_height,
      self->options.start_timeout_ms, self->options.stall_timeout_ms, self->context, &callbacks,
      self, &error);
  if (self->pipeline == NULL || !kiosk_camera_pipeline_play (self->pipeline, &error))
    lost (self, error);
}

/* ---- operations --------------------------------------------------------------------- */

static void
kiosk_camera_open (KioskDevice *device)
{
  KioskCamera *self = KIOSK_CAMERA (device);

  self->wanted = TRUE;
  switch (self->state)
    {
      case KIOSK_CAMERA_STATE_STREAMING:
      case KIOSK_CAMERA_STATE_STANDBY:
        kiosk_device_complete_op_boolean (device, NULL);
        return;
      case KIOSK_CAMERA_STATE_STARTING:
        return; /* the first frame or the failure ends the operation */
      case KIOSK_CAMERA_STATE_STOPPED:
      case KIOSK_CAMERA_STATE_WAITING:
      default:
        clear_source (&self->retry_source);
        self->retry_delay_ms = 0;
        start_pipeline (self);
        return;
    }
}

static void
shut_down (KioskCamera *self)
{
  self->wanted = FALSE;
  stop_pipeline (self);
  reset_stream (self);
  clear_source (&self->retry_source);
  clear_source (&self->still_timeout_source);
  self->retry_delay_ms = 0;
  self->next_delay_ms = self->options.backoff_min_ms;
  self->failures = 0;
  self->state = KIOSK_CAMERA_STATE_STOPPED;
}

static void
kiosk_camera_close (KioskDevice *device)
{
  KioskCamera *self = KIOSK_CAMERA (device);

  shut_down (self);
  kiosk_device_set_connected (device, FALSE);
  kiosk_device_complete_op_boolean (device, NULL);
}

static GError *
cancelled_error (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
}

static void
kiosk_camera_cancel (KioskDevice *device)
{
  KioskCamera *self = KIOSK_CAMERA (device);

  if (op_is (self, kiosk_device_open_async))
    {
      shut_down (self);
      kiosk_device_set_connected (device, FALSE);
      kiosk_device_complete_op (device, NULL, NULL, cancelled_error ());
    }
  else if (op_is (self, kiosk_camera_capture_still_async))
    {
      if (self->pipeline != NULL)
        kiosk_camera_pipeline_cancel_still (self->pipeline);
      clear_source (&self->still_timeout_source);
      kiosk_device_complete_op (device, NULL, NULL, cancelled_error ());
    }
}

static gboolean
still_timeout_cb (gpointer user_data)
{
  KioskCamera *self = user_data;

  g_clear_pointer (&self->still_timeout_source, g_source_unref);
  if (self->pipeline != NULL)
    kiosk_camera_pipeline_cancel_still (self->pipeline);
  if (op_is (self, kiosk_camera_capture_still_async))
    kiosk_device_complete_op (KIOSK_DEVICE (self), NULL, NULL,
                              g_error_new (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_TIMEOUT,
                                           "No still picture from the camera within %u ms",
                                           self->options.still_timeout_ms));
  return G_SOURCE_REMOVE;
}

void
kiosk_camera_capture_still_async (KioskCamera *self,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_CAMERA (self));

  if (!kiosk_device_begin_op (KIOSK_DEVICE (self), "capture-still",
                              kiosk_camera_capture_still_async, cancellable, callback, user_data))
    return;
  self->still_at_start = FALSE;
  if (self->pipeline != NULL && self->state == KIOSK_CAMERA_STATE_STARTING)
    {
      /* Starting (e.g. held again a moment ago, on demand): the still is
       * taken from the first frames, within the still timeout. */
      self->still_at_start = TRUE;
      self->still_timeout_source = add_timeout (self, self->options.still_timeout_ms,
                                                still_timeout_cb, "[kiosk-camera] still timeout");
      return;
    }
  if (self->pipeline == NULL || self->state != KIOSK_CAMERA_STATE_STREAMING)
    {
      kiosk_device_complete_op (KIOSK_DEVICE (self), NULL, NULL,
                                g_error_new_literal (KIOSK_DEVICE_ERROR,
                                                     KIOSK_DEVICE_ERROR_NOT_CONNECTED,
                                                     "The camera is not streaming"));
      return;
    }
  kiosk_camera_pipeline_request_still (self->pipeline);
  self->still_timeout_source = add_timeout (self, self->options.still_timeout_ms, still_timeout_cb,
                                            "[kiosk-camera] still timeout");
}

KioskCameraFrame *
kiosk_camera_capture_still_finish (KioskCamera *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_CAMERA (self), NULL);
  return kiosk_device_op_finish (KIOSK_DEVICE (self), result, kiosk_camera_capture_still_async,
                                 error);
}

static void
store_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

KioskCameraFrame *
kiosk_camera_capture_still_sync (KioskCamera *self, GCancellable *cancellable, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  kiosk_camera_capture_still_async (self, cancellable, store_result_cb, &result);
  kiosk_device_wait_result (&result);
  return kiosk_camera_capture_still_finish (self, result, error);
}

/* ---- on demand ------------------------------------------------------------------------ */

/* Held again (or no longer on demand): a camera in standby streams again. */
static void
wake (KioskCamera *self)
{
  if (self->state != KIOSK_CAMERA_STATE_STANDBY || idle (self))
    return;
  g_debug ("%s: streaming again", kiosk_device_get_name (KIOSK_DEVICE (self)));
  start_pipeline (self);
}

void
kiosk_camera_set_on_demand (KioskCamera *self, gboolean on_demand)
{
  g_return_if_fail (KIOSK_IS_CAMERA (self));
  self->on_demand = on_demand;
  if (!maybe_standby (self))
    wake (self);
}

void
kiosk_camera_hold (KioskCamera *self)
{
  g_return_if_fail (KIOSK_IS_CAMERA (self));
  self->holds++;
  wake (self);
}

void
kiosk_camera_release (KioskCamera *self)
{
  g_return_if_fail (KIOSK_IS_CAMERA (self));
  g_return_if_fail (self->holds > 0);
  self->holds--;
  maybe_standby (self);
}

/* ---- accessors ------------------------------------------------------------------------ */

KioskCameraFrame *
kiosk_camera_get_latest_frame (KioskCamera *self)
{
  g_return_val_if_fail (KIOSK_IS_CAMERA (self), NULL);
  return self->latest ? kiosk_camera_frame_ref (self->latest) : NULL;
}

KioskCameraState
kiosk_camera_get_state (KioskCamera *self)
{
  g_return_val_if_fail (KIOSK_IS_CAMERA (self), KIOSK_CAMERA_STATE_STOPPED);
  return self->state;
}

const char *
kiosk_camera_get_pipeline (KioskCamera *self)
{
  g_return_val_if_fail (KIOSK_IS_CAMERA (self), NULL);
  return self->pipeline_desc;
}

guint
kiosk_camera_get_fps (KioskCamera *self)
{
  g_return_val_if_fail (KIOSK_IS_CAMERA (self), 0);
  if (self->state != KIOSK_CAMERA_STATE_STREAMING
      || g_get_monotonic_time () - self->fps_time > 2 * G_USEC_PER_SEC)
    return 0;
  return self->fps;
}

guint
kiosk_camera_get_retry_delay_ms (KioskCamera *self)
{
  g_return_val_if_fail (KIOSK_IS_CAMERA (self), 0);
  return self->state == KIOSK_CAMERA_STATE_WAITING ? self->retry_delay_ms : 0;
}

gboolean
kiosk_camera_inject_fault (KioskCamera *self, KioskCameraFault fault)
{
  g_return_val_if_fail (KIOSK_IS_CAMERA (self), FALSE);

  if (self->pipeline == NULL)
    return FALSE;
  switch (fault)
    {
      case KIOSK_CAMERA_FAULT_ERROR:
        kiosk_camera_pipeline_post_error (self->pipeline, "Simulated device error");
        return TRUE;
      case KIOSK_CAMERA_FAULT_STALL:
        kiosk_camera_pipeline_stall (self->pipeline);
        return TRUE;
      case KIOSK_CAMERA_FAULT_EOS:
        kiosk_camera_pipeline_send_eos (self->pipeline);
        return TRUE;
      default:
        return FALSE;
    }
}

/* ---- object ------------------------------------------------------------------------------ */

static void
kiosk_camera_dispose (GObject *object)
{
  shut_down (KIOSK_CAMERA (object));
  G_OBJECT_CLASS (kiosk_camera_parent_class)->dispose (object);
}

static void
kiosk_camera_finalize (GObject *object)
{
  KioskCamera *self = KIOSK_CAMERA (object);

  g_free (self->pipeline_desc);
  g_main_context_unref (self->context);
  G_OBJECT_CLASS (kiosk_camera_parent_class)->finalize (object);
}

static void
kiosk_camera_class_init (KioskCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KioskDeviceClass *device_class = KIOSK_DEVICE_CLASS (klass);

  object_class->dispose = kiosk_camera_dispose;
  object_class->finalize = kiosk_camera_finalize;

  device_class->kind = KIOSK_DEVICE_KIND_CAMERA;
  device_class->driver = "gstreamer";
  device_class->full_name = "GStreamer camera";
  device_class->open = kiosk_camera_open;
  device_class->close = kiosk_camera_close;
  device_class->cancel = kiosk_camera_cancel;

  /* A preview frame, in the device's main context. */
  signals[SIGNAL_FRAME]
      = g_signal_new ("frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 1, KIOSK_TYPE_CAMERA_FRAME | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
kiosk_camera_init (KioskCamera *self)
{
  kiosk_camera_options_init (&self->options);
  self->context = g_main_context_ref_thread_default ();
  self->next_delay_ms = self->options.backoff_min_ms;
}

KioskDevice *
kiosk_camera_new (const char *name,
                  gboolean simulated,
                  const KioskCameraOptions *options,
                  GError **error)
{
  g_autofree char *port = NULL;
  KioskCamera *self;

  g_return_val_if_fail (options != NULL, NULL);

  if (options->preview_width == 0 || options->preview_height == 0)
    {
      g_set_error_literal (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                           "The camera preview size must not be zero");
      return NULL;
    }
  if (options->backoff_min_ms == 0 || options->backoff_min_ms > options->backoff_max_ms)
    {
      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                   "The camera's rebuild delays are inconsistent (%u ms … %u ms)",
                   options->backoff_min_ms, options->backoff_max_ms);
      return NULL;
    }
  if (options->still_timeout_ms == 0)
    {
      g_set_error_literal (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                           "The camera's still timeout must not be zero");
      return NULL;
    }
  if (!kiosk_camera_pipeline_check (options->pipeline, &port, error))
    return NULL;

  self = g_object_new (KIOSK_TYPE_CAMERA, "name", name ? name : "camera", "port", port, "simulated",
                       simulated, NULL);
  self->options = *options;
  self->pipeline_desc = g_strstrip (g_strdup (options->pipeline));
  self->options.pipeline = self->pipeline_desc;
  self->next_delay_ms = options->backoff_min_ms;
  return KIOSK_DEVICE (self);
}

/* ---- configuration ---------------------------------------------------------------------- */

gboolean
kiosk_camera_start_simulator (KioskDeviceConfig *config, GError **error)
{
  g_autofree char *configured = kiosk_device_config_get_string (config, "pipeline", NULL);
  g_autofree char *source = NULL;

  /* An explicit pipeline wins: tests give failing ones on purpose. */
  if (configured != NULL)
    return TRUE;
  source = kiosk_camera_options_simulator_source (config, error);
  if (source == NULL)
    return FALSE;
  kiosk_device_config_set_override (config, "pipeline", source);
  return TRUE;
}

KioskDevice *
kiosk_camera_new_from_config (KioskDeviceConfig *config, GError **error)
{
  g_autofree char *pipeline = NULL;
  g_autofree char *key = kiosk_device_config_describe_key (config, "pipeline");
  g_autoptr (GError) local = NULL;
  KioskCameraOptions options;
  KioskDevice *device;

  if (!kiosk_camera_options_load (&options, config, &pipeline, error))
    return NULL;
  device = kiosk_camera_new (kiosk_device_config_get_name (config),
                             kiosk_device_config_get_simulator (config), &options, &local);
  if (device == NULL)
    {
      g_set_error (error, local->domain, local->code, "%s: %s", key, local->message);
      return NULL;
    }
  return device;
}

static const KioskDeviceDriverInfo camera_info = {
  .name = "camera",
  .driver = "gstreamer",
  .kind = KIOSK_DEVICE_KIND_CAMERA,
  .create = kiosk_camera_new_from_config,
  .start_simulator = kiosk_camera_start_simulator,
  .description = "Camera: a GStreamer pipeline (v4l2src; videotestsrc or an image when simulated)",
};

void
kiosk_camera_register_driver (void)
{
  kiosk_device_manager_register_driver (&camera_info);
}
