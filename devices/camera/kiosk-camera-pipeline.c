/* kiosk-camera-pipeline.c — one GStreamer pipeline of the camera: the source
 * from the configuration, a preview branch and a still branch into appsinks,
 * frames handed to the main context without ever queueing up */
#define G_LOG_DOMAIN "kiosk-camera"

#include "config.h"

#include <string.h>

#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "kiosk-camera-gst.h"
#include "kiosk-camera-mailbox.h"
#include "kiosk-camera-pipeline.h"
#include "kiosk-device-error.h"

struct _KioskCameraPipeline
{
  gatomicrefcount ref_count;
  GMainContext *context;
  KioskCameraPipelineCallbacks callbacks;
  gpointer user_data;

  GstElement *pipeline;
  GstElement *source_bin; /* the configured part; its ghost "src" pad feeds the tee */
  GstElement *source;     /* the first source element inside it */
  GstPad *still_pad;      /* the tee's pad into the still branch (requested: ours) */
  GstPad *stall_pad;      /* the source's own pad, blocked once a stall is injected */
  gulong stall_probe;

  /* Main context only. */
  GSource *bus_source;
  GSource *watchdog_source;
  KioskCameraMailbox *mailbox; /* posted to by the streaming threads */
  guint start_timeout_ms;
  guint stall_timeout_ms;
  gint64 started_at;
  gboolean stopped;
  gboolean failed;

  gint still_wanted; /* atomic: let one buffer into the still branch */
};

gboolean
kiosk_camera_pipeline_check (const char *source, char **port, GError **error)
{
  g_autoptr (GstElement) bin = kiosk_camera_gst_parse_source (source, error);
  GstElement *element;

  if (bin == NULL)
    return FALSE;
  if (port != NULL)
    {
      element = kiosk_camera_gst_find_source (GST_BIN (bin));
      *port = NULL;
      if (element != NULL)
        {
          *port = kiosk_camera_gst_dup_string_property (element, "device");
          if (*port == NULL)
            *port = kiosk_camera_gst_dup_string_property (element, "location");
        }
    }
  return TRUE;
}

/* ---- the streaming threads ----------------------------------------------------- */

static GstFlowReturn
take_sample (KioskCameraPipeline *self, GstAppSink *sink, gboolean still)
{
  g_autoptr (GstSample) sample = gst_app_sink_pull_sample (sink);
  g_autoptr (GError) error = NULL;
  KioskCameraFrame *frame;

  if (sample == NULL)
    return GST_FLOW_FLUSHING;
  frame = kiosk_camera_gst_frame_from_sample (sample, &error);
  if (frame == NULL)
    {
      gst_element_post_message (
          GST_ELEMENT (sink),
          gst_message_new_error (GST_OBJECT (sink), error, "converting a sample to a frame"));
      return GST_FLOW_ERROR;
    }
  if (still)
    kiosk_camera_mailbox_post_still (self->mailbox, frame);
  else
    kiosk_camera_mailbox_post_preview (self->mailbox, frame);
  return GST_FLOW_OK;
}

static GstFlowReturn
preview_sample_cb (GstAppSink *sink, gpointer user_data)
{
  return take_sample (user_data, sink, FALSE);
}

static GstFlowReturn
still_sample_cb (GstAppSink *sink, gpointer user_data)
{
  return take_sample (user_data, sink, TRUE);
}

/* On the tee's still pad: everything is dropped except one buffer per
 * request, so the full-resolution conversion costs nothing between stills. */
static GstPadProbeReturn
still_probe_cb (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  KioskCameraPipeline *self = user_data;

  if (g_atomic_int_compare_and_exchange (&self->still_wanted, 1, 0))
    return GST_PAD_PROBE_OK;
  return GST_PAD_PROBE_DROP;
}

/* Keeps the source's streaming thread blocked, like a hung camera; released
 * when the pipeline goes to NULL. */
static GstPadProbeReturn
stall_probe_cb (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  return GST_PAD_PROBE_OK;
}

/* ---- the main context ------------------------------------------------------------ */

static void
fail (KioskCameraPipeline *self, GError *error)
{
  g_autoptr (GError) owned = error;

  if (self->stopped || self->failed)
    return;
  self->failed = TRUE;
  g_debug ("pipeline failed: %s", owned->message);
  kiosk_camera_pipeline_ref (self);
  if (self->callbacks.failed != NULL)
    self->callbacks.failed (owned, self->user_data);
  kiosk_camera_pipeline_unref (self);
}

static gboolean
bus_cb (GstBus *bus, GstMessage *message, gpointer user_data)
{
  KioskCameraPipeline *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
      case GST_MESSAGE_ERROR:
        fail (self, kiosk_camera_gst_error_from_message (message));
        break;
      case GST_MESSAGE_EOS:
        fail (self, g_error_new_literal (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED,
                                         "The camera stream ended (device lost)"));
        break;
      case GST_MESSAGE_WARNING:
        {
          g_autoptr (GError) warning = NULL;
          g_autofree char *debug = NULL;

          gst_message_parse_warning (message, &warning, &debug);
          g_debug ("warning from %s: %s", GST_MESSAGE_SRC_NAME (message), warning->message);
          break;
        }
      default:
        break;
    }
  return G_SOURCE_CONTINUE;
}

static void
deliver_cb (KioskCameraFrame *preview, guint dropped, KioskCameraFrame *still, gpointer user_data)
{
  KioskCameraPipeline *self = user_data;

  if (self->stopped || self->failed)
    return;
  /* The callbacks may stop and drop the pipeline. */
  kiosk_camera_pipeline_ref (self);
  if (still != NULL && self->callbacks.still != NULL)
    self->callbacks.still (still, self->user_data);
  if (preview != NULL && !self->stopped && self->callbacks.frame != NULL)
    self->callbacks.frame (preview, dropped, self->user_data);
  kiosk_camera_pipeline_unref (self);
}

static gboolean
watchdog_cb (gpointer user_data)
{
  KioskCameraPipeline *self = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 last = kiosk_camera_mailbox_get_last_preview_time (self->mailbox);

  if (last == 0 && self->start_timeout_ms > 0
      && now - self->started_at > (gint64) self->start_timeout_ms * 1000)
    fail (self, g_error_new (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_TIMEOUT,
                             "No picture from the camera within %u ms", self->start_timeout_ms));
  else if (last != 0 && self->stall_timeout_ms > 0
           && now - last > (gint64) self->stall_timeout_ms * 1000)
    fail (self, g_error_new (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_TIMEOUT,
                             "The camera stopped sending pictures (none for %u ms)",
                             self->stall_timeout_ms));
  return G_SOURCE_CONTINUE;
}

/* ---- building ------------------------------------------------------------------- */

static GstElement *
make_element (GstElement *pipeline, const char *factory, const char *name, GError **error)
{
  GstElement *element = gst_element_factory_make (factory, name);

  if (element == NULL)
    {
      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                   "The GStreamer element “%s” is missing (install gstreamer1.0-plugins-base)",
                   factory);
      return NULL;
    }
  gst_bin_add (GST_BIN (pipeline), element);
  return element; /* owned by the pipeline */
}

static GstElement *
make_appsink (KioskCameraPipeline *self,
              const char *name,
              gboolean sync,
              GstAppSinkCallbacks *callbacks,
              GError **error)
{
  GstElement *sink = make_element (self->pipeline, "appsink", name, error);

  if (sink == NULL)
    return NULL;
  /* The still sink must not wait for a preroll buffer it only gets on
   * request. */
  g_object_set (sink, "max-buffers", 1, "drop", TRUE, "sync", sync, "async", sync,
                "enable-last-sample", FALSE, "emit-signals", FALSE, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), callbacks, self, NULL);
  return sink;
}

static gboolean
link_chain (GstElement **chain, guint n, GError **error)
{
  for (guint i = 0; i + 1 < n; i++)
    if (!gst_element_link (chain[i], chain[i + 1]))
      {
        g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                     "Cannot link %s to %s in the camera pipeline", GST_ELEMENT_NAME (chain[i]),
                     GST_ELEMENT_NAME (chain[i + 1]));
        return FALSE;
      }
  return TRUE;
}

static gboolean
build (KioskCameraPipeline *self,
       const char *source,
       guint preview_width,
       guint preview_height,
       GError **error)
{
  static GstAppSinkCallbacks preview_callbacks = { .new_sample = preview_sample_cb };
  static GstAppSinkCallbacks still_callbacks = { .new_sample = still_sample_cb };
  g_autoptr (GstCaps) preview_caps = NULL;
  g_autoptr (GstCaps) still_caps = NULL;
  g_autoptr (GstPad) still_sink_pad = NULL;
  GstElement *tee = NULL, *pq = NULL, *scale = NULL, *pconv = NULL, *pfilter = NULL;
  GstElement *psink = NULL, *sq = NULL, *sconv = NULL, *sfilter = NULL, *ssink = NULL;
  GstElement *bin;

  bin = kiosk_camera_gst_parse_source (source, error);
  if (bin == NULL)
    return FALSE;
  self->pipeline = gst_pipeline_new ("kiosk-camera");
  gst_object_ref_sink (self->pipeline);
  gst_element_set_name (bin, "source");
  gst_bin_add (GST_BIN (self->pipeline), bin);
  gst_object_unref (bin); /* the pipeline holds it */
  self->source_bin = bin;
  self->source = kiosk_camera_gst_find_source (GST_BIN (bin));
  if (self->source == NULL)
    self->source = bin;

  if (!(tee = make_element (self->pipeline, "tee", "split", error))
      || !(pq = make_element (self->pipeline, "queue", "preview-queue", error))
      || !(scale = make_element (self->pipeline, "videoscale", "preview-scale", error))
      || !(pconv = make_element (self->pipeline, "videoconvert", "preview-convert", error))
      || !(pfilter = make_element (self->pipeline, "capsfilter", "preview-caps", error))
      || !(psink = make_appsink (self, "preview", TRUE, &preview_callbacks, error))
      || !(sq = make_element (self->pipeline, "queue", "still-queue", error))
      || !(sconv = make_element (self->pipeline, "videoconvert", "still-convert", error))
      || !(sfilter = make_element (self->pipeline, "capsfilter", "still-caps", error))
      || !(ssink = make_appsink (self, "still", FALSE, &still_callbacks, error)))
    return FALSE;

  /* Not leaky: with a file or test source the sink's clock sync is what
   * paces the source. A live camera drops frames itself when we are slow. */
  g_object_set (pq, "max-size-buffers", 2, "max-size-bytes", 0, "max-size-time", (guint64) 0, NULL);
  g_object_set (sq, "max-size-buffers", 1, "max-size-bytes", 0, "max-size-time", (guint64) 0, NULL);
  preview_caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "RGB", "width",
                                      GST_TYPE_INT_RANGE, 1, (int) preview_width, "height",
                                      GST_TYPE_INT_RANGE, 1, (int) preview_height,
                                      "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, NULL);
  still_caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "RGB", NULL);
  g_object_set (pfilter, "caps", preview_caps, NULL);
  g_object_set (sfilter, "caps", still_caps, NULL);

  {
    GstElement *preview[] = { bin, tee, pq, scale, pconv, pfilter, psink };
    GstElement *still[] = { sq, sconv, sfilter, ssink };

    if (!link_chain (preview, G_N_ELEMENTS (preview), error)
        || !link_chain (still, G_N_ELEMENTS (still), error))
      return FALSE;
  }
  self->still_pad = gst_element_request_pad_simple (tee, "src_%u");
  still_sink_pad = gst_element_get_static_pad (sq, "sink");
  if (self->still_pad == NULL || gst_pad_link (self->still_pad, still_sink_pad) != GST_PAD_LINK_OK)
    {
      g_set_error_literal (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                           "Cannot link the still branch of the camera pipeline");
      return FALSE;
    }
  gst_pad_add_probe (self->still_pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST,
                     still_probe_cb, self, NULL);
  return TRUE;
}

KioskCameraPipeline *
kiosk_camera_pipeline_new (const char *source,
                           guint preview_width,
                           guint preview_height,
                           guint start_timeout_ms,
                           guint stall_timeout_ms,
                           GMainContext *context,
                           const KioskCameraPipelineCallbacks *callbacks,
                           gpointer user_data,
                           GError **error)
{
  g_autoptr (KioskCameraPipeline) self = NULL;
  g_autoptr (GstBus) bus = NULL;

  g_return_val_if_fail (preview_width > 0 && preview_height > 0, NULL);
  g_return_val_if_fail (callbacks != NULL, NULL);

  self = g_new0 (KioskCameraPipeline, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->context = context ? g_main_context_ref (context) : g_main_context_ref_thread_default ();
  self->callbacks = *callbacks;
  self->user_data = user_data;
  self->start_timeout_ms = start_timeout_ms;
  self->stall_timeout_ms = stall_timeout_ms;

  /* Before anything can stream. Frames are delivered above the default
   * idle priority but below input: a new frame invalidates the preview
   * before the next redraw. */
  self->mailbox = kiosk_camera_mailbox_new (self->context, G_PRIORITY_HIGH_IDLE, deliver_cb, self);

  if (!build (self, source, preview_width, preview_height, error))
    {
      kiosk_camera_pipeline_stop (self);
      return NULL;
    }

  bus = gst_element_get_bus (self->pipeline);
  self->bus_source = gst_bus_create_watch (bus);
  g_source_set_callback (self->bus_source, (GSourceFunc) (void (*) (void)) bus_cb, self, NULL);
  g_source_set_static_name (self->bus_source, "[kiosk-camera] bus");
  g_source_attach (self->bus_source, self->context);
  return g_steal_pointer (&self);
}

gboolean
kiosk_camera_pipeline_play (KioskCameraPipeline *self, GError **error)
{
  guint period;

  g_return_val_if_fail (self != NULL && !self->stopped && !self->failed, FALSE);

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr (GstBus) bus = gst_element_get_bus (self->pipeline);
      g_autoptr (GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

      self->failed = TRUE;
      if (message != NULL)
        g_propagate_error (error, kiosk_camera_gst_error_from_message (message));
      else
        g_set_error_literal (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED,
                             "The camera pipeline could not start");
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      return FALSE;
    }

  self->started_at = g_get_monotonic_time ();
  period = MIN (self->start_timeout_ms ? self->start_timeout_ms : G_MAXUINT,
                self->stall_timeout_ms ? self->stall_timeout_ms : G_MAXUINT);
  period = CLAMP (period / 4, 20, 500);
  self->watchdog_source = g_timeout_source_new (period);
  g_source_set_callback (self->watchdog_source, watchdog_cb, self, NULL);
  g_source_set_static_name (self->watchdog_source, "[kiosk-camera] watchdog");
  g_source_attach (self->watchdog_source, self->context);
  return TRUE;
}

static void
destroy_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

void
kiosk_camera_pipeline_stop (KioskCameraPipeline *self)
{
  g_return_if_fail (self != NULL);

  if (self->stopped)
    return;
  self->stopped = TRUE;
  memset (&self->callbacks, 0, sizeof self->callbacks);
  /* A blocked source thread is released first, so the state change can
   * join it. */
  if (self->stall_probe != 0)
    gst_pad_remove_probe (self->stall_pad, self->stall_probe);
  self->stall_probe = 0;
  /* Joins the streaming threads: nothing touches the mailbox afterwards. */
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  destroy_source (&self->bus_source);
  destroy_source (&self->watchdog_source);
  g_clear_pointer (&self->mailbox, kiosk_camera_mailbox_free);
}

KioskCameraPipeline *
kiosk_camera_pipeline_ref (KioskCameraPipeline *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
kiosk_camera_pipeline_unref (KioskCameraPipeline *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  kiosk_camera_pipeline_stop (self);
  g_clear_object (&self->still_pad);
  g_clear_object (&self->stall_pad);
  g_clear_object (&self->pipeline);
  g_main_context_unref (self->context);
  g_free (self);
}

void
kiosk_camera_pipeline_request_still (KioskCameraPipeline *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_int_set (&self->still_wanted, 1);
}

void
kiosk_camera_pipeline_cancel_still (KioskCameraPipeline *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_int_set (&self->still_wanted, 0);
  if (self->mailbox != NULL)
    kiosk_camera_mailbox_drop_still (self->mailbox);
}

char *
kiosk_camera_pipeline_describe (KioskCameraPipeline *self)
{
  GstElementFactory *factory;
  const char *name;
  g_autoptr (GstPad) pad = NULL;
  g_autoptr (GstCaps) caps = NULL;
  GstStructure *structure;
  int width = 0, height = 0, num = 0, den = 1;

  g_return_val_if_fail (self != NULL && self->source != NULL, NULL);

  factory = gst_element_get_factory (self->source);
  name = factory ? gst_plugin_feature_get_name (GST_PLUGIN_FEATURE (factory))
                 : GST_ELEMENT_NAME (self->source);
  pad = gst_element_get_static_pad (self->source_bin, "src");
  caps = pad ? gst_pad_get_current_caps (pad) : NULL;
  if (caps == NULL || gst_caps_get_size (caps) == 0)
    return g_strdup (name);
  structure = gst_caps_get_structure (caps, 0);
  if (!gst_structure_get_int (structure, "width", &width)
      || !gst_structure_get_int (structure, "height", &height))
    return g_strdup (name);
  if (gst_structure_get_fraction (structure, "framerate", &num, &den) && num > 0 && den > 0)
    return g_strdup_printf ("%s %d×%d %d/%d", name, width, height, num, den);
  return g_strdup_printf ("%s %d×%d", name, width, height);
}

char *
kiosk_camera_pipeline_dup_identity (KioskCameraPipeline *self)
{
  g_return_val_if_fail (self != NULL && self->source != NULL, NULL);
  return kiosk_camera_gst_dup_string_property (self->source, "device-name");
}

void
kiosk_camera_pipeline_post_error (KioskCameraPipeline *self, const char *message)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (self != NULL);
  if (self->stopped)
    return;
  error = g_error_new_literal (GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
                               message ? message : "Simulated device error");
  gst_element_post_message (
      self->source, gst_message_new_error (GST_OBJECT (self->source), error, "injected fault"));
}

void
kiosk_camera_pipeline_stall (KioskCameraPipeline *self)
{
  g_return_if_fail (self != NULL);
  if (self->stopped || self->stall_pad != NULL)
    return;
  self->stall_pad = gst_element_get_static_pad (self->source, "src");
  if (self->stall_pad == NULL)
    self->stall_pad = gst_element_get_static_pad (self->source_bin, "src");
  if (self->stall_pad != NULL)
    self->stall_probe
        = gst_pad_add_probe (self->stall_pad, GST_PAD_PROBE_TYPE_BLOCK | GST_PAD_PROBE_TYPE_BUFFER,
                             stall_probe_cb, NULL, NULL);
}

void
kiosk_camera_pipeline_send_eos (KioskCameraPipeline *self)
{
  g_return_if_fail (self != NULL);
  if (self->stopped)
    return;
  gst_element_send_event (self->pipeline, gst_event_new_eos ());
}
