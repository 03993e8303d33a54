/* test-camera-mailbox.c — frames posted from other threads reach the main
 * context coalesced: the newest, a count of the rest, never a queue */
#include "config.h"

#include "kiosk-camera-mailbox.h"
#include "kiosk-test.h"

typedef struct
{
  guint calls;
  guint delivered;
  guint dropped;
  gint64 last_timestamp;
  gboolean ordered;
  KioskCameraFrame *still;
  KioskCameraMailbox **free_me; /* set: free the mailbox from the callback */
} Received;

static KioskCameraFrame *
make_frame (gint64 timestamp)
{
  static const guint8 pixel[3] = { 1, 2, 3 };
  g_autoptr (GBytes) bytes = g_bytes_new_static (pixel, sizeof pixel);

  return kiosk_camera_frame_new (KIOSK_CAMERA_FORMAT_RGB, 1, 1, 3, bytes, timestamp, NULL);
}

static void
received_cb (KioskCameraFrame *preview, guint dropped, KioskCameraFrame *still, gpointer user_data)
{
  Received *received = user_data;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  received->calls++;
  received->dropped += dropped;
  if (preview != NULL)
    {
      gint64 timestamp = kiosk_camera_frame_get_timestamp (preview);

      received->delivered++;
      if (timestamp <= received->last_timestamp)
        received->ordered = FALSE;
      received->last_timestamp = timestamp;
    }
  if (still != NULL)
    {
      g_clear_pointer (&received->still, kiosk_camera_frame_unref);
      received->still = kiosk_camera_frame_ref (still);
    }
  if (received->free_me != NULL)
    g_clear_pointer (received->free_me, kiosk_camera_mailbox_free);
}

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

typedef struct
{
  KioskCameraMailbox *mailbox;
  guint count;
  guint pause_us;
} Poster;

static gpointer
poster_thread (gpointer user_data)
{
  Poster *poster = user_data;

  for (guint i = 1; i <= poster->count; i++)
    {
      kiosk_camera_mailbox_post_preview (poster->mailbox, make_frame (i));
      if (poster->pause_us > 0)
        g_usleep (poster->pause_us);
    }
  return NULL;
}

static void
test_coalesced (void)
{
  Received received = { .ordered = TRUE };
  KioskCameraMailbox *mailbox
      = kiosk_camera_mailbox_new (NULL, G_PRIORITY_DEFAULT, received_cb, &received);
  Poster poster = { mailbox, 50, 0 };
  GThread *thread;

  /* Fifty frames while the main context is not looking: one delivery. */
  thread = g_thread_new ("poster", poster_thread, &poster);
  g_thread_join (thread);
  g_assert_cmpint (kiosk_camera_mailbox_get_last_preview_time (mailbox), ==, 50);
  drain ();
  g_assert_cmpuint (received.calls, ==, 1);
  g_assert_cmpuint (received.delivered, ==, 1);
  g_assert_cmpuint (received.dropped, ==, 49);
  g_assert_cmpint (received.last_timestamp, ==, 50);

  /* Nothing more is pending. */
  drain ();
  g_assert_cmpuint (received.calls, ==, 1);
  kiosk_camera_mailbox_free (mailbox);
}

static void
test_concurrent (void)
{
  Received received = { .ordered = TRUE };
  KioskCameraMailbox *mailbox
      = kiosk_camera_mailbox_new (NULL, G_PRIORITY_DEFAULT, received_cb, &received);
  Poster poster = { mailbox, 300, 200 };
  GThread *thread = g_thread_new ("poster", poster_thread, &poster);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  /* The poster and the main context race: every frame is either delivered
   * or counted as dropped, in order, and the newest always arrives. */
  while (received.last_timestamp < 300 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  drain ();
  g_test_message ("%u delivered, %u dropped", received.delivered, received.dropped);
  g_assert_cmpint (received.last_timestamp, ==, 300);
  g_assert_true (received.ordered);
  g_assert_cmpuint (received.delivered + received.dropped, ==, 300);
  kiosk_camera_mailbox_free (mailbox);
}

static void
test_still (void)
{
  Received received = { .ordered = TRUE };
  KioskCameraMailbox *mailbox
      = kiosk_camera_mailbox_new (NULL, G_PRIORITY_DEFAULT, received_cb, &received);

  kiosk_camera_mailbox_post_still (mailbox, make_frame (7));
  kiosk_camera_mailbox_post_preview (mailbox, make_frame (8));
  drain ();
  g_assert_cmpuint (received.calls, ==, 1);
  g_assert_nonnull (received.still);
  g_assert_cmpint (kiosk_camera_frame_get_timestamp (received.still), ==, 7);
  g_assert_cmpuint (received.delivered, ==, 1);
  g_clear_pointer (&received.still, kiosk_camera_frame_unref);

  /* A still withdrawn before delivery is not reported. */
  kiosk_camera_mailbox_post_still (mailbox, make_frame (9));
  kiosk_camera_mailbox_drop_still (mailbox);
  drain ();
  g_assert_cmpuint (received.calls, ==, 1);
  g_assert_null (received.still);
  kiosk_camera_mailbox_free (mailbox);
}

static void
test_free (void)
{
  Received received = { .ordered = TRUE };
  KioskCameraMailbox *mailbox
      = kiosk_camera_mailbox_new (NULL, G_PRIORITY_DEFAULT, received_cb, &received);

  /* Freed with frames inside: dropped, never delivered (ASan checks the
   * frames are released). */
  kiosk_camera_mailbox_post_preview (mailbox, make_frame (1));
  kiosk_camera_mailbox_post_still (mailbox, make_frame (2));
  kiosk_camera_mailbox_free (mailbox);
  drain ();
  g_assert_cmpuint (received.calls, ==, 0);
  kiosk_camera_mailbox_free (NULL);

  /* Freed from its own callback (the camera is closed from a frame handler). */
  mailbox = kiosk_camera_mailbox_new (NULL, G_PRIORITY_DEFAULT, received_cb, &received);
  received.free_me = &mailbox;
  kiosk_camera_mailbox_post_preview (mailbox, make_frame (3));
  drain ();
  g_assert_cmpuint (received.calls, ==, 1);
  g_assert_null (mailbox);
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);

  g_test_add_func ("/camera/mailbox/coalesced", test_coalesced);
  g_test_add_func ("/camera/mailbox/concurrent", test_concurrent);
  g_test_add_func ("/camera/mailbox/still", test_still);
  g_test_add_func ("/camera/mailbox/free", test_free);
  return kiosk_test_run ();
}
