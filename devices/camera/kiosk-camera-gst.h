/* kiosk-camera-gst.h — between GStreamer and the kiosk (the camera driver's
 * private helpers): the configured source description as a bin, GStreamer
 * errors as KIOSK_DEVICE_ERRORs, samples as KioskCameraFrames */
#pragma once

#include <gst/gst.h>

#include "kiosk-camera-frame.h"

G_BEGIN_DECLS

/* The configured description (the source part, ending in raw video) as a
 * bin with a ghost "src" pad; a new reference. Initialises GStreamer.
 * Errors are KIOSK_DEVICE_ERROR_CONFIG and quote the description. */
GstElement *kiosk_camera_gst_parse_source (const char *source, GError **error);
/* The first source element inside `bin`, or NULL (transfer none). */
GstElement *kiosk_camera_gst_find_source (GstBin *bin);
/* The string property `name` of `element`, or NULL if it has none. */
char *kiosk_camera_gst_dup_string_property (GstElement *element, const char *name);

/* An ERROR message as a KIOSK_DEVICE_ERROR naming the element: a missing or
 * busy device is NOT_CONNECTED, a read error IO, undecodable data PROTOCOL,
 * a missing plugin CONFIG, anything else FAILED. GStreamer's debug text
 * goes to the debug log only. */
GError *kiosk_camera_gst_error_from_message (GstMessage *message);

/* A frame over the sample's RGB buffer, mapped for as long as the frame
 * lives (no copy). */
KioskCameraFrame *kiosk_camera_gst_frame_from_sample (GstSample *sample, GError **error);

G_END_DECLS
