/* kiosk-camera-pipeline.h — one GStreamer pipeline of the camera
 *
 * The camera driver's private helper (not for the UI): it turns the
 * configured source description into
 *
 *   <source> ! tee ─ queue ! videoscale ! videoconvert ! RGB ≤ preview size ! appsink
 *                 └ [probe: one buffer per request] queue ! videoconvert ! RGB ! appsink
 *
 * and reports, in the given main context, preview frames (coalesced: at most
 * one is ever pending, the older one is dropped), stills, and failure (a bus
 * error, end of stream, no first frame within start_timeout_ms, no frame for
 * stall_timeout_ms). A pipeline fails at most once and is then only good
 * for kiosk_camera_pipeline_stop(): recovery builds a new one.
 */
#pragma once

#include <glib.h>

#include "kiosk-camera-frame.h"

G_BEGIN_DECLS

typedef struct _KioskCameraPipeline KioskCameraPipeline;

typedef struct
{
  /* A preview frame; `dropped` frames were replaced unseen since the last. */
  void (*frame) (KioskCameraFrame *frame, guint dropped, gpointer user_data);
  /* The full-resolution frame of kiosk_camera_pipeline_request_still(). */
  void (*still) (KioskCameraFrame *frame, gpointer user_data);
  /* The pipeline is lost: a KIOSK_DEVICE_ERROR. Called once. */
  void (*failed) (const GError *error, gpointer user_data);
} KioskCameraPipelineCallbacks;

/* Parses `source` as kiosk_camera_pipeline_new() does, without keeping it:
 * for checking the configuration early. `port` (optional) receives the
 * source element's "device" or "location" property, or NULL. Errors are
 * KIOSK_DEVICE_ERROR_CONFIG. */
gboolean kiosk_camera_pipeline_check (const char *source, char **port, GError **error);

/* Builds (does not start) the pipeline. The callbacks are invoked in
 * `context` until kiosk_camera_pipeline_stop(). */
KioskCameraPipeline *kiosk_camera_pipeline_new (const char *source,
                                                guint preview_width,
                                                guint preview_height,
                                                guint start_timeout_ms,
                                                guint stall_timeout_ms,
                                                GMainContext *context,
                                                const KioskCameraPipelineCallbacks *callbacks,
                                                gpointer user_data,
                                                GError **error);
KioskCameraPipeline *kiosk_camera_pipeline_ref (KioskCameraPipeline *self);
void kiosk_camera_pipeline_unref (KioskCameraPipeline *self);

/* Sets the pipeline playing. A failure to start at once (the device node is
 * missing, busy) is returned here, not through `failed`. */
gboolean kiosk_camera_pipeline_play (KioskCameraPipeline *self, GError **error);
/* Stops the pipeline (joins its streaming threads) and drops the callbacks.
 * Idempotent; safe from inside a callback. */
void kiosk_camera_pipeline_stop (KioskCameraPipeline *self);

/* Lets the next full-resolution frame through to `still`; cancel withdraws
 * the request (a still already on its way is not reported). */
void kiosk_camera_pipeline_request_still (KioskCameraPipeline *self);
void kiosk_camera_pipeline_cancel_still (KioskCameraPipeline *self);

/* "videotestsrc 1920×1080 30/1" — the source element and its output, once
 * negotiated (else just the element). */
char *kiosk_camera_pipeline_describe (KioskCameraPipeline *self);
/* The source's "device-name" (a V4L2 card name), or NULL. */
char *kiosk_camera_pipeline_dup_identity (KioskCameraPipeline *self);

/* Faults, as a real device produces them: an error posted on the bus by the
 * source element; the source's output silently stops; end of stream. */
void kiosk_camera_pipeline_post_error (KioskCameraPipeline *self, const char *message);
void kiosk_camera_pipeline_stall (KioskCameraPipeline *self);
void kiosk_camera_pipeline_send_eos (KioskCameraPipeline *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskCameraPipeline, kiosk_camera_pipeline_unref)

G_END_DECLS
