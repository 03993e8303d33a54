/* kiosk-camera-gst.c — between GStreamer and the kiosk: the configured
 * source as a bin, GStreamer errors as device errors, samples as frames */
#define G_LOG_DOMAIN "kiosk-camera"

#include "config.h"

#include <string.h>

#include <gst/video/video.h>

#include "kiosk-camera-gst.h"
#include "kiosk-device-error.h"

/* The last element of the source bin (ours). */
#define SOURCE_OUT "kiosk-source-out"

/* ---- errors ---------------------------------------------------------------- */

static KioskDeviceError
map_gst_error (const GError *error)
{
  if (error->domain == GST_RESOURCE_ERROR)
    {
      switch (error->code)
        {
          case GST_RESOURCE_ERROR_NOT_FOUND:
          case GST_RESOURCE_ERROR_OPEN_READ:
          case GST_RESOURCE_ERROR_OPEN_WRITE:
          case GST_RESOURCE_ERROR_OPEN_READ_WRITE:
          case GST_RESOURCE_ERROR_BUSY:
          case GST_RESOURCE_ERROR_NOT_AUTHORIZED:
            return KIOSK_DEVICE_ERROR_NOT_CONNECTED;
          case GST_RESOURCE_ERROR_SETTINGS:
            return KIOSK_DEVICE_ERROR_FAILED;
          default:
            return KIOSK_DEVICE_ERROR_IO;
        }
    }
  if (error->domain == GST_STREAM_ERROR)
    {
      switch (error->code)
        {
          case GST_STREAM_ERROR_DECODE:
          case GST_STREAM_ERROR_DEMUX:
          case GST_STREAM_ERROR_FORMAT:
          case GST_STREAM_ERROR_WRONG_TYPE:
          case GST_STREAM_ERROR_TYPE_NOT_FOUND:
            return KIOSK_DEVICE_ERROR_PROTOCOL;
          default:
            return KIOSK_DEVICE_ERROR_FAILED;
        }
    }
  if (error->domain == GST_CORE_ERROR && error->code == GST_CORE_ERROR_MISSING_PLUGIN)
    return KIOSK_DEVICE_ERROR_CONFIG;
  if (error->domain == KIOSK_DEVICE_ERROR)
    return error->code;
  return KIOSK_DEVICE_ERROR_FAILED;
}

/* An ERROR message as a KIOSK_DEVICE_ERROR naming the element; GStreamer's
 * debug text (file, line, details) goes to the debug log only. */
GError *
kiosk_camera_gst_error_from_message (GstMessage *message)
{
  g_autoptr (GError) gerror = NULL;
  g_autofree char *debug = NULL;
  const char *element = GST_MESSAGE_SRC_NAME (message) ? GST_MESSAGE_SRC_NAME (message) : "?";

  gst_message_parse_error (message, &gerror, &debug);
  g_debug ("error from %s: %s (%s)", element, gerror->message, debug ? debug : "");
  return g_error_new (KIOSK_DEVICE_ERROR, map_gst_error (gerror), "Camera error from %s: %s",
                      element, gerror->message);
}

/* ---- parsing the configured source ------------------------------------------ */

GstElement *
kiosk_camera_gst_find_source (GstBin *bin)
{
  g_autoptr (GstIterator) it = gst_bin_iterate_sources (bin);
  g_auto (GValue) item = G_VALUE_INIT;
  GstElement *found = NULL;

  if (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
    found = g_value_get_object (&item);
  return found; /* borrowed: the bin keeps it */
}

char *
kiosk_camera_gst_dup_string_property (GstElement *element, const char *name)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (element), name);
  char *value = NULL;

  if (pspec == NULL || pspec->value_type != G_TYPE_STRING || !(pspec->flags & G_PARAM_READABLE))
    return NULL;
  g_object_get (element, name, &value, NULL);
  return value;
}

/* The configured description as a bin with a ghost "src" pad; a new
 * reference. */
GstElement *
kiosk_camera_gst_parse_source (const char *source, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (GstElement) bin = NULL;
  g_autoptr (GstPad) src = NULL;
  g_autoptr (GstPad) sink = NULL;
  g_autofree char *description = NULL;
  /* The description is quoted in error messages, which must be UTF-8. */
  g_autofree char *stripped = g_strstrip (g_utf8_make_valid (source ? source : "", -1));

  if (!gst_init_check (NULL, NULL, &local))
    {
      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED,
                   "GStreamer cannot start: %s", local->message);
      return NULL;
    }
  if (*stripped == '\0')
    {
      g_set_error_literal (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                           "The camera pipeline is empty");
      return NULL;
    }

  /* An element of ours at the end: the description may then end in a caps
   * filter ("… ! video/x-raw,width=1920"), which the parser only accepts
   * between two elements, and in an element with dynamic pads. */
  description = g_strdup_printf ("%s ! identity name=" SOURCE_OUT " silent=true", stripped);
  bin = gst_parse_bin_from_description_full (description, TRUE, NULL, GST_PARSE_FLAG_FATAL_ERRORS,
                                             &local);
  if (bin == NULL)
    {
      gboolean at_end = local != NULL
                        && g_error_matches (local, GST_PARSE_ERROR, GST_PARSE_ERROR_LINK)
                        && strstr (local->message, SOURCE_OUT) != NULL;

      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                   "The camera pipeline “%s” is not valid: %s%s", stripped,
                   local ? local->message : "unknown error",
                   at_end ? " (the pipeline must end in raw video)" : "");
      return NULL;
    }
  gst_object_ref_sink (bin);

  sink = gst_element_get_static_pad (bin, "sink");
  if (sink != NULL)
    {
      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                   "The camera pipeline “%s” begins with an element that needs input: it must "
                   "begin with a source (v4l2src, videotestsrc, multifilesrc)",
                   stripped);
      return NULL;
    }
  src = gst_element_get_static_pad (bin, "src");
  if (src == NULL)
    {
      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                   "The camera pipeline “%s” has no free output: it must end in raw video",
                   stripped);
      return NULL;
    }
  return g_steal_pointer (&bin);
}

/* ---- the streaming threads ----------------------------------------------------- */

typedef struct
{
  GstVideoFrame frame;
} MappedFrame;

static void
mapped_frame_free (gpointer data)
{
  MappedFrame *mapped = data;

  gst_video_frame_unmap (&mapped->frame);
  g_free (mapped);
}

/* A frame over the sample's buffer, mapped for as long as the frame lives:
 * no copy on the way to the texture. */
KioskCameraFrame *
kiosk_camera_gst_frame_from_sample (GstSample *sample, GError **error)
{
  GstCaps *caps = gst_sample_get_caps (sample);
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  g_autoptr (GBytes) bytes = NULL;
  GstVideoInfo info;
  MappedFrame *mapped;
  const guint8 *base;
  const guint8 *data;
  gsize available;
  gint stride;

  if (caps == NULL || buffer == NULL || !gst_video_info_from_caps (&info, caps)
      || GST_VIDEO_INFO_FORMAT (&info) != GST_VIDEO_FORMAT_RGB)
    {
      g_set_error_literal (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED,
                           "The camera delivered a picture that is not RGB video");
      return NULL;
    }
  mapped = g_new0 (MappedFrame, 1);
  if (!gst_video_frame_map (&mapped->frame, &info, buffer, GST_MAP_READ))
    {
      g_free (mapped);
      g_set_error_literal (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED,
                           "Cannot map a camera picture");
      return NULL;
    }
  stride = GST_VIDEO_FRAME_PLANE_STRIDE (&mapped->frame, 0);
  data = GST_VIDEO_FRAME_PLANE_DATA (&mapped->frame, 0);
  base = mapped->frame.map[0].data;
  available = mapped->frame.map[0].size - (gsize) (data - base);
  if (stride <= 0)
    {
      mapped_frame_free (mapped);
      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED,
                   "The camera picture has a stride of %d", stride);
      return NULL;
    }
  bytes = g_bytes_new_with_free_func (
      data, MIN (available, (gsize) stride * (gsize) GST_VIDEO_INFO_HEIGHT (&info)),
      mapped_frame_free, mapped);
  return kiosk_camera_frame_new (KIOSK_CAMERA_FORMAT_RGB, GST_VIDEO_INFO_WIDTH (&info),
                                 GST_VIDEO_INFO_HEIGHT (&info), (gsize) stride, bytes,
                                 g_get_monotonic_time (), error);
}
