/* kiosk-camera-options.h — the camera's settings and where they come from
 *
 * Configuration ([devices], docs/camera.md):
 *   camera_driver=gstreamer
 *   camera_pipeline=v4l2src device=/dev/video0 ! image/jpeg,width=1920,height=1080 ! jpegdec
 *                                   the source part, ending in raw video
 *   camera_preview_width=1280       the preview fits in this box (aspect kept)
 *   camera_preview_height=720
 *   camera_start_timeout_ms=10000   first frame after a (re)start
 *   camera_stall_timeout_ms=3000    no frame this long: the camera is lost (0: never)
 *   camera_still_timeout_ms=5000
 *   camera_backoff_min_ms=500       rebuild delays
 *   camera_backoff_max_ms=8000
 *   camera_simulator=true           without camera_pipeline: a test pattern or
 *   camera_source_file=PATH         a still image (.jpg, .jpeg, .png; %d for a sequence), looped
 *   camera_sim_width=1280  camera_sim_height=720  camera_sim_fps=30  camera_sim_pattern=smpte
 */
#pragma once

#include "kiosk-device-config.h"

G_BEGIN_DECLS

typedef struct
{
  const char *pipeline; /* the source part of the pipeline (required) */
  guint preview_width;
  guint preview_height;
  guint start_timeout_ms;
  guint stall_timeout_ms; /* 0: no stall watchdog */
  guint still_timeout_ms;
  guint backoff_min_ms;
  guint backoff_max_ms;
} KioskCameraOptions;

/* The defaults above (pipeline NULL). */
void kiosk_camera_options_init (KioskCameraOptions *options);

/* Reads the keys above into `options`; options->pipeline points at
 * *pipeline, which the caller frees. Errors are KIOSK_DEVICE_ERROR_CONFIG
 * naming the key. The pipeline itself is checked by kiosk_camera_new(). */
gboolean kiosk_camera_options_load (KioskCameraOptions *options,
                                    KioskDeviceConfig *config,
                                    char **pipeline,
                                    GError **error);

/* The simulator's source: multifilesrc over camera_source_file, or a
 * videotestsrc of camera_sim_*. */
char *kiosk_camera_options_simulator_source (KioskDeviceConfig *config, GError **error);

G_END_DECLS
