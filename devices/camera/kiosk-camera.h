/* kiosk-camera.h — the camera: a GStreamer pipeline from the configuration
 * (driver name "gstreamer"), a live preview and full-resolution stills
 *
 * A KioskDevice of kind KIOSK_DEVICE_KIND_CAMERA. Opening the device starts
 * the pipeline; the open completes with the first frame (or the first
 * error). From then on, until it is closed, the camera keeps itself
 * streaming: a bus error, end of stream or a stall (a USB camera pulled
 * out) tears the pipeline down, emits "unplugged", and rebuilds it after a
 * delay that doubles from backoff_min_ms to backoff_max_ms; the first frame
 * of a rebuilt pipeline emits "plugged" and resets the delay. A failed open
 * keeps trying the same way (the camera may be plugged in later); close
 * stops it.
 *
 * Preview frames arrive in the device's main context through the "frame"
 * signal, at most one pending at a time: when the main loop is slow, older
 * frames are dropped, never queued ("frames-dropped" counter). The streaming
 * threads never block on the main loop.
 *
 * Configuration: kiosk-camera-options.h and docs/camera.md.
 */
#pragma once

#include "kiosk-camera-frame.h"
#include "kiosk-camera-options.h"
#include "kiosk-device-config.h"
#include "kiosk-device.h"

G_BEGIN_DECLS

/* Counters of the status record, besides the standard ones. */
#define KIOSK_CAMERA_COUNTER_FRAMES          "frames"         /* preview frames delivered */
#define KIOSK_CAMERA_COUNTER_FRAMES_DROPPED  "frames-dropped" /* replaced before delivery */
#define KIOSK_CAMERA_COUNTER_STILLS          "stills"
#define KIOSK_CAMERA_COUNTER_PIPELINE_ERRORS "pipeline-errors" /* losses and failed starts */
#define KIOSK_CAMERA_COUNTER_REBUILDS        "rebuilds"        /* pipelines built after a loss */

typedef enum
{
  KIOSK_CAMERA_STATE_STOPPED,   /* closed */
  KIOSK_CAMERA_STATE_STARTING,  /* a pipeline runs, no frame yet */
  KIOSK_CAMERA_STATE_STREAMING, /* frames arrive; the device is connected */
  KIOSK_CAMERA_STATE_WAITING,   /* lost: the next rebuild is scheduled */
  KIOSK_CAMERA_STATE_STANDBY,   /* open and known to work, its pipeline stopped until wanted
                                 * (kiosk_camera_set_on_demand()) */
} KioskCameraState;

/* "stopped", "starting", "streaming", "waiting", "standby" */
const char *kiosk_camera_state_to_string (KioskCameraState state);

/* Faults for tests and the technician's self-test, injected the way a
 * device produces them. */
typedef enum
{
  KIOSK_CAMERA_FAULT_ERROR, /* the source posts an error on the bus */
  KIOSK_CAMERA_FAULT_STALL, /* the source hangs: no more frames, no error */
  KIOSK_CAMERA_FAULT_EOS,   /* the stream ends */
} KioskCameraFault;

#define KIOSK_TYPE_CAMERA (kiosk_camera_get_type ())
G_DECLARE_FINAL_TYPE (KioskCamera, kiosk_camera, KIOSK, CAMERA, KioskDevice)

/* Checks the pipeline description (a garbage one is
 * KIOSK_DEVICE_ERROR_CONFIG) but does not start it. */
KioskDevice *kiosk_camera_new (const char *name,
                               gboolean simulated,
                               const KioskCameraOptions *options,
                               GError **error);
/* The manager's create function: reads the keys above; errors name the key. */
KioskDevice *kiosk_camera_new_from_config (KioskDeviceConfig *config, GError **error);
/* The manager's simulator function: unless camera_pipeline is set, points it
 * at a videotestsrc or multifilesrc source. No process is started. */
gboolean kiosk_camera_start_simulator (KioskDeviceConfig *config, GError **error);
/* Registers ("camera", "gstreamer") with the device manager. */
void kiosk_camera_register_driver (void);

/* The newest preview frame, or NULL when none arrived since the last
 * (re)start (transfer full). */
KioskCameraFrame *kiosk_camera_get_latest_frame (KioskCamera *self);

/* A frame at the source's full resolution, taken from the running stream.
 * Errors: NOT_CONNECTED (not streaming, or lost meanwhile), TIMEOUT, BUSY,
 * G_IO_ERROR_CANCELLED. */
void kiosk_camera_capture_still_async (KioskCamera *self,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data);
KioskCameraFrame *
kiosk_camera_capture_still_finish (KioskCamera *self, GAsyncResult *result, GError **error);
/* For tools and tests only. */
KioskCameraFrame *
kiosk_camera_capture_still_sync (KioskCamera *self, GCancellable *cancellable, GError **error);

KioskCameraState kiosk_camera_get_state (KioskCamera *self);
/* The source description in use. */
const char *kiosk_camera_get_pipeline (KioskCamera *self);
/* Preview frames delivered per second, over the last full second; 0 when
 * not streaming. */
guint kiosk_camera_get_fps (KioskCamera *self);
/* While WAITING: the delay of the scheduled rebuild; else 0. */
guint kiosk_camera_get_retry_delay_ms (KioskCamera *self);

/* Streaming on demand. A camera streams from its open to its close; with
 * `on_demand`, only while someone holds it (kiosk_camera_hold()): once the
 * open has seen its first frame (the camera works) and nobody holds it, the
 * pipeline is stopped — no frame buffers, no streaming threads, no CPU — and
 * the camera waits in KIOSK_CAMERA_STATE_STANDBY, still open and connected.
 * The first hold starts the pipeline again (STARTING, then STREAMING with its
 * first frame; a camera that fails then is lost and rebuilt as usual). A
 * still needs the stream: take it while holding the camera (one asked while
 * the pipeline is starting is taken from its first frames, within the still
 * timeout; one asked in standby fails at once). A camera pulled
 * out during standby is noticed at the next hold. Off by default. */
void kiosk_camera_set_on_demand (KioskCamera *self, gboolean on_demand);
void kiosk_camera_hold (KioskCamera *self);
void kiosk_camera_release (KioskCamera *self);

/* FALSE when no pipeline is running. */
gboolean kiosk_camera_inject_fault (KioskCamera *self, KioskCameraFault fault);

G_END_DECLS
