/* kiosk-camera-mailbox.h — hands frames from GStreamer's streaming threads
 * to a main context without ever queueing them up
 *
 * One place for the newest preview frame and one for a still. Posting (from
 * any thread) replaces what is there and wakes the main context; the
 * callback then runs there with whatever is in the places, and how many
 * preview frames were replaced unseen. A slow main loop therefore sees a
 * lower frame rate, never a growing delay, and a streaming thread never
 * waits for it.
 */
#pragma once

#include <glib.h>

#include "kiosk-camera-frame.h"

G_BEGIN_DECLS

typedef struct _KioskCameraMailbox KioskCameraMailbox;

/* Called in the mailbox's context; `preview` or `still` may be NULL
 * (transfer none). */
typedef void (*KioskCameraMailboxFunc) (KioskCameraFrame *preview,
                                        guint dropped,
                                        KioskCameraFrame *still,
                                        gpointer user_data);

/* `priority`: of the wake-up in `context` (NULL: the thread default). */
KioskCameraMailbox *kiosk_camera_mailbox_new (GMainContext *context,
                                              int priority,
                                              KioskCameraMailboxFunc func,
                                              gpointer user_data);
/* In the mailbox's context, once no thread posts any more. Frames still in
 * the mailbox are dropped; the callback is not called again. */
void kiosk_camera_mailbox_free (KioskCameraMailbox *self);

/* From any thread; the frame is taken. */
void kiosk_camera_mailbox_post_preview (KioskCameraMailbox *self, KioskCameraFrame *frame);
void kiosk_camera_mailbox_post_still (KioskCameraMailbox *self, KioskCameraFrame *frame);
/* Drops a still not yet delivered. */
void kiosk_camera_mailbox_drop_still (KioskCameraMailbox *self);
/* The timestamp of the newest preview frame posted, 0 before the first. */
gint64 kiosk_camera_mailbox_get_last_preview_time (KioskCameraMailbox *self);

G_END_DECLS
