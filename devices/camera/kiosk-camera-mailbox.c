/* kiosk-camera-mailbox.c — frames from the streaming threads to a main
 * context, coalesced */
#define G_LOG_DOMAIN "kiosk-camera"

#include "config.h"

#include "kiosk-camera-mailbox.h"

struct _KioskCameraMailbox
{
  GSource *source; /* ready time 0 = something to deliver */
  KioskCameraMailboxFunc func;
  gpointer user_data;

  GMutex lock; /* guards what follows */
  KioskCameraFrame *preview;
  KioskCameraFrame *still;
  guint dropped;
  gint64 last_preview_time;
};

static gboolean
mailbox_dispatch (GSource *source, GSourceFunc callback, gpointer user_data)
{
  /* Re-armed before taking the frames: a post that comes meanwhile wakes
   * the context again rather than being missed. */
  g_source_set_ready_time (source, -1);
  return callback (user_data);
}

static GSourceFuncs mailbox_funcs = {
  .dispatch = mailbox_dispatch,
};

static gboolean
deliver_cb (gpointer user_data)
{
  KioskCameraMailbox *self = user_data;
  g_autoptr (KioskCameraFrame) preview = NULL;
  g_autoptr (KioskCameraFrame) still = NULL;
  guint dropped;

  g_mutex_lock (&self->lock);
  preview = g_steal_pointer (&self->preview);
  still = g_steal_pointer (&self->still);
  dropped = self->dropped;
  self->dropped = 0;
  g_mutex_unlock (&self->lock);

  /* A wake-up that raced with the previous delivery finds nothing. */
  if (preview != NULL || still != NULL)
    self->func (preview, dropped, still, self->user_data);
  return G_SOURCE_CONTINUE;
}

KioskCameraMailbox *
kiosk_camera_mailbox_new (GMainContext *context,
                          int priority,
                          KioskCameraMailboxFunc func,
                          gpointer user_data)
{
  KioskCameraMailbox *self;

  g_return_val_if_fail (func != NULL, NULL);

  self = g_new0 (KioskCameraMailbox, 1);
  g_mutex_init (&self->lock);
  self->func = func;
  self->user_data = user_data;
  self->source = g_source_new (&mailbox_funcs, sizeof (GSource));
  g_source_set_priority (self->source, priority);
  g_source_set_callback (self->source, deliver_cb, self, NULL);
  g_source_set_static_name (self->source, "[kiosk-camera] frames");
  if (context == NULL)
    {
      g_autoptr (GMainContext) current = g_main_context_ref_thread_default ();

      g_source_attach (self->source, current);
    }
  else
    g_source_attach (self->source, context);
  return self;
}

void
kiosk_camera_mailbox_free (KioskCameraMailbox *self)
{
  if (self == NULL)
    return;
  /* Safe from inside the callback: GLib keeps the source alive until its
   * dispatch returns, and deliver_cb no longer touches `self` then. */
  g_source_destroy (self->source);
  g_source_unref (self->source);
  g_clear_pointer (&self->preview, kiosk_camera_frame_unref);
  g_clear_pointer (&self->still, kiosk_camera_frame_unref);
  g_mutex_clear (&self->lock);
  g_free (self);
}

static void
post (KioskCameraMailbox *self, KioskCameraFrame *frame, gboolean still)
{
  g_mutex_lock (&self->lock);
  if (still)
    {
      g_clear_pointer (&self->still, kiosk_camera_frame_unref);
      self->still = frame;
    }
  else
    {
      if (self->preview != NULL)
        {
          kiosk_camera_frame_unref (self->preview);
          self->dropped++;
        }
      self->preview = frame;
      self->last_preview_time = kiosk_camera_frame_get_timestamp (frame);
    }
  g_mutex_unlock (&self->lock);
  /* Thread-safe; a no-op when a delivery is already due. */
  g_source_set_ready_time (self->source, 0);
}

void
kiosk_camera_mailbox_post_preview (KioskCameraMailbox *self, KioskCameraFrame *frame)
{
  g_return_if_fail (self != NULL && frame != NULL);
  post (self, frame, FALSE);
}

void
kiosk_camera_mailbox_post_still (KioskCameraMailbox *self, KioskCameraFrame *frame)
{
  g_return_if_fail (self != NULL && frame != NULL);
  post (self, frame, TRUE);
}

void
kiosk_camera_mailbox_drop_still (KioskCameraMailbox *self)
{
  g_return_if_fail (self != NULL);
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->still, kiosk_camera_frame_unref);
  g_mutex_unlock (&self->lock);
}

gint64
kiosk_camera_mailbox_get_last_preview_time (KioskCameraMailbox *self)
{
  gint64 time;

  g_return_val_if_fail (self != NULL, 0);
  g_mutex_lock (&self->lock);
  time = self->last_preview_time;
  g_mutex_unlock (&self->lock);
  return time;
}
