/* kiosk-sam-serial.c — the SAM serial ID-card reader driver
 *
 * Operations are small state machines: one enum of steps and one switch per
 * reply (open: SAM status → SAM ID; read: find → select → read; wait: find →
 * select → sleep → …). Between operations, a timer probes for a card at the
 * reader's interval; after the line is lost, another timer reopens it.
 */
#define G_LOG_DOMAIN "kiosk-idreader"

#include "config.h"

#include <string.h>

#include "kiosk-device-driver.h"
#include "kiosk-id-text.h"
#include "kiosk-sam-line.h"
#include "kiosk-sam-serial.h"
#include "kiosk-sam-status.h"
#include "kiosk-wlt-decoder.h"

/* Reply sizes on the wire, for the timeouts. */
#define REPLY_STATUS_LEN  11
#define REPLY_SAM_ID_LEN  27
#define REPLY_FIND_LEN    15
#define REPLY_SELECT_LEN  19
#define REPLY_READ_LEN    1295
#define REPLY_READ_FP_LEN 2321

typedef enum
{
  OP_NONE,
  OP_OPEN,
  OP_READ,
  OP_WAIT,
} OpKind;

typedef enum
{
  STEP_SAM_STATUS,
  STEP_SAM_ID,
  STEP_FIND,
  STEP_SELECT,
  STEP_READ,
  STEP_PROBE_FIND,
  STEP_PROBE_SELECT,
} Step;

typedef enum
{
  PURPOSE_OP,
  PURPOSE_POLL,
  PURPOSE_RECONNECT,
} Purpose;

struct _KioskSamSerial
{
  KioskIdReader parent_instance;

  KioskSamSerialOptions options;
  char *wlt_library;
  char *wlt_symbol;
  GMainContext *context;
  KioskSamLine *line;
  KioskWltDecoder *wlt;
  gboolean wlt_tried;
  gboolean open_requested; /* opened by the user: reopen after a loss */

  /* The operation in flight. */
  OpKind op;
  Step step;
  guint generation; /* replies for an older generation are ignored */
  gboolean found;
  gboolean selected; /* a card was selected earlier in this operation */
  guint read_attempts;
  KioskIdReadFlags flags;
  gint64 wait_deadline;
  GSource *wait_source;

  /* Background work. */
  gboolean polling;
  GSource *poll_source;
  gboolean probe_busy;
  GSource *reconnect_source;
  gboolean reconnect_busy;
};

G_DEFINE_FINAL_TYPE (KioskSamSerial, kiosk_sam_serial, KIOSK_TYPE_ID_READER)

typedef struct
{
  KioskSamSerial *self;
  guint generation;
  Purpose purpose;
  Step step;
} Pending;

static void op_reply (KioskSamFrame *reply, const GError *error, gpointer user_data);
static void background_reply (KioskSamFrame *reply, const GError *error, gpointer user_data);
static void start_polling_timer (KioskSamSerial *self);
static void start_reconnect_timer (KioskSamSerial *self);

void
kiosk_sam_serial_options_init (KioskSamSerialOptions *options)
{
  memset (options, 0, sizeof *options);
  options->baud = 115200;
  options->poll_ms = 1000;
  options->timeout_ms = 1000;
  options->retries = 2;
  options->reconnect_ms = 1000;
  options->wlt_arg = 1;
}

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  g_object_unref (pending->self);
  g_free (pending);
}

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static GSource *
add_timeout (KioskSamSerial *self, guint ms, GSourceFunc func, const char *name)
{
  GSource *source = g_timeout_source_new (ms);

  g_source_set_callback (source, func, self, NULL);
  g_source_set_static_name (source, name);
  g_source_attach (source, self->context);
  return source;
}

/* ---- the operation state machine ---------------------------------------- */

static void
op_complete (KioskSamSerial *self, gpointer result, GDestroyNotify result_free, GError *error)
{
  self->op = OP_NONE;
  self->generation++;
  clear_source (&self->wait_source);
  kiosk_device_complete_op (KIOSK_DEVICE (self), result, result_free, error);
}

static void
op_fail (KioskSamSerial *self, GError *error)
{
  op_complete (self, NULL, NULL, error);
}

static void
op_succeed (KioskSamSerial *self)
{
  op_complete (self, GINT_TO_POINTER (TRUE), NULL, NULL);
}

static void
transact (KioskSamSerial *self, Purpose purpose, Step step, guint8 cmd, guint8 para, gsize len)
{
  Pending *pending;

  if (self->line == NULL)
    {
      /* Only an operation gets here without a line (the line was lost
       * between two steps). */
      if (purpose == PURPOSE_OP)
        op_fail (self, g_error_new_literal (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED,
                                            "The ID-card reader is disconnected"));
      return;
    }
  pending = g_new0 (Pending, 1);
  pending->self = g_object_ref (self);
  pending->generation = self->generation;
  pending->purpose = purpose;
  pending->step = step;
  if (purpose == PURPOSE_OP)
    self->step = step;
  kiosk_sam_line_transact (self->line, cmd, para, len,
                           purpose == PURPOSE_OP ? op_reply : background_reply, pending,
                           pending_free);
}

static char *
format_sam_id (const guint8 *b)
{
  guint a = b[0] | (b[1] << 8);
  guint c = b[2] | (b[3] << 8);
  guint32 d
      = (guint32) b[4] | ((guint32) b[5] << 8) | ((guint32) b[6] << 16) | ((guint32) b[7] << 24);
  guint32 e
      = (guint32) b[8] | ((guint32) b[9] << 8) | ((guint32) b[10] << 16) | ((guint32) b[11] << 24);
  guint32 f = (guint32) b[12] | ((guint32) b[13] << 8) | ((guint32) b[14] << 16)
              | ((guint32) b[15] << 24);

  return g_strdup_printf ("%02u.%02u-%08u-%010u-%010u", a, c, d, e, f);
}

static void
count_cb (const char *counter, guint64 delta, gpointer user_data)
{
  kiosk_device_count (KIOSK_DEVICE (user_data), counter, delta);
}

static void
hangup_cb (gpointer user_data)
{
  KioskSamSerial *self = user_data;

  g_debug ("%s: line lost", kiosk_device_get_name (KIOSK_DEVICE (self)));
  g_clear_pointer (&self->line, kiosk_sam_line_close);
  self->probe_busy = FALSE;
  self->reconnect_busy = FALSE;
  kiosk_device_count (KIOSK_DEVICE (self), "disconnects", 1);
  if (self->op != OP_NONE)
    op_fail (self, g_error_new_literal (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED,
                                        "The ID-card reader was disconnected"));
  kiosk_device_set_connected (KIOSK_DEVICE (self), FALSE);
  if (self->open_requested)
    start_reconnect_timer (self);
}

static gboolean
ensure_line (KioskSamSerial *self, GError **error)
{
  const char *port = kiosk_device_get_port (KIOSK_DEVICE (self));

  if (self->line != NULL)
    return TRUE;
  if (port == NULL)
    {
      g_set_error_literal (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                           "No port is configured for the ID-card reader");
      return FALSE;
    }
  self->line = kiosk_sam_line_open (port, self->options.baud, self->context, error);
  if (self->line == NULL)
    return FALSE;
  kiosk_sam_line_set_callbacks (self->line, hangup_cb, count_cb, self);
  kiosk_sam_line_set_timing (self->line, self->options.timeout_ms, self->options.retries);
  return TRUE;
}

static void
load_wlt_decoder (KioskSamSerial *self)
{
  g_autoptr (GError) error = NULL;

  if (self->wlt_tried || self->wlt_library == NULL)
    return;
  self->wlt_tried = TRUE;
  self->wlt
      = kiosk_wlt_decoder_open (self->wlt_library, self->wlt_symbol, self->options.wlt_arg, &error);
  if (self->wlt == NULL)
    {
      g_debug ("photo decoder unavailable: %s", error->message);
      kiosk_device_count (KIOSK_DEVICE (self), "photo-decoder-unavailable", 1);
      kiosk_device_record_error (KIOSK_DEVICE (self), error);
    }
}

static void
finish_read (KioskSamSerial *self, KioskSamFrame *reply)
{
  KioskSamReadBlocks blocks;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskIdCardData) data = NULL;
  gboolean with_fp = (self->flags & KIOSK_ID_READ_FINGERPRINT) != 0;

  if (!kiosk_sam_frame_get_read_blocks (reply, with_fp, &blocks, &error))
    {
      op_fail (self, g_error_new (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_PROTOCOL,
                                  "Malformed read reply: %s", error->message));
      return;
    }
  data = kiosk_id_text_parse (blocks.text, blocks.text_len, &error);
  if (data == NULL)
    {
      /* The frame was intact, so the chip itself holds this: the citizen
       * must go to a window. The detail names the field, never its value. */
      kiosk_device_count (KIOSK_DEVICE (self), "unreadable-text", 1);
      g_debug ("text block refused: %s", error->message);
      op_fail (self, kiosk_device_user_error_new (KIOSK_DEVICE_USER_ERROR_UNREADABLE_CARD));
      return;
    }
  if (blocks.photo != NULL)
    {
      data->photo_wlt = g_memdup2 (blocks.photo, blocks.photo_len);
      data->photo_wlt_len = blocks.photo_len;
      load_wlt_decoder (self);
      if (self->wlt != NULL)
        {
          g_autoptr (GError) photo_error = NULL;

          data->photo_bmp = kiosk_wlt_decoder_decode (self->wlt, blocks.photo, blocks.photo_len,
                                                      &data->photo_bmp_len, &photo_error);
          if (data->photo_bmp == NULL)
            {
              kiosk_device_count (KIOSK_DEVICE (self), "photo-decode-errors", 1);
              kiosk_device_record_error (KIOSK_DEVICE (self), photo_error);
            }
        }
    }
  if (blocks.fingerprint != NULL)
    {
      data->fingerprint = g_memdup2 (blocks.fingerprint, blocks.fingerprint_len);
      data->fingerprint_len = blocks.fingerprint_len;
    }
  kiosk_device_count (KIOSK_DEVICE (self), "cards-read", 1);
  kiosk_device_set_card_present (KIOSK_DEVICE (self), TRUE);
  op_complete (self, g_steal_pointer (&data), (GDestroyNotify) kiosk_id_card_data_free, NULL);
}

static gboolean
wait_retry_cb (gpointer user_data)
{
  KioskSamSerial *self = user_data;

  g_clear_pointer (&self->wait_source, g_source_unref);
  transact (self, PURPOSE_OP, STEP_PROBE_FIND, KIOSK_SAM_CMD_FIND_CARD, REPLY_FIND_LEN);
  return G_SOURCE_REMOVE;
}

static void
wait_card_absent (KioskSamSerial *self)
{
  gint64 now = g_get_monotonic_time ();
  guint delay = self->options.poll_ms;

  kiosk_device_set_card_present (KIOSK_DEVICE (self), FALSE);
  if (self->wait_deadline != 0 && now >= self->wait_deadline)
    {
      op_fail (self, kiosk_device_user_error_new (KIOSK_DEVICE_USER_ERROR_NO_CARD));
      return;
    }
  if (self->wait_deadline != 0)
    delay = (guint) MIN ((gint64) delay, (self->wait_deadline - now) / 1000 + 1);
  self->wait_source = add_timeout (self, delay, wait_retry_cb, "[kiosk-sam-serial] wait");
}

static void
op_reply (KioskSamFrame *reply, const GError *error, gpointer user_data)
{
  Pending *pending = user_data;
  KioskSamSerial *self = pending->self;
  guint8 sw1, sw2, sw3 = 0;

  if (pending->generation != self->generation || self->op == OP_NONE)
    return; /* cancelled or ended: the line ran the request to its end */
  if (error != NULL)
    {
      op_fail (self, g_error_copy (error));
      return;
    }
  kiosk_sam_frame_get_status (reply, &sw1, &sw2, &sw3, NULL);

  switch (pending->step)
    {
      case STEP_SAM_STATUS:
        if (sw3 != KIOSK_SAM_SW3_OK)
          {
            GError *why = kiosk_sam_status_to_error (sw3);

            op_fail (self, why ? why
                               : g_error_new (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED,
                                              "SAM status: %s", kiosk_sam_status_message (sw3)));
            return;
          }
        transact (self, PURPOSE_OP, STEP_SAM_ID, KIOSK_SAM_CMD_SAM_ID, REPLY_SAM_ID_LEN);
        return;

      case STEP_SAM_ID:
        if (sw3 != KIOSK_SAM_SW3_OK || reply->payload_len != 3 + 16)
          {
            op_fail (self,
                     g_error_new (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED,
                                  "SAM ID request failed: %s", kiosk_sam_status_message (sw3)));
            return;
          }
        {
          g_autofree char *sam_id = format_sam_id (reply->payload + 3);
          g_autofree char *model
              = g_strdup_printf ("SAM module on a serial line, %u baud", self->options.baud);

          kiosk_device_set_identity (KIOSK_DEVICE (self), sam_id);
          kiosk_device_set_model (KIOSK_DEVICE (self), model);
        }
        if (self->op == OP_OPEN)
          {
            self->open_requested = TRUE;
            kiosk_device_set_connected (KIOSK_DEVICE (self), TRUE);
            start_polling_timer (self);
            op_succeed (self);
          }
        return;

      case STEP_FIND:
        if (sw3 != KIOSK_SAM_SW3_CARD_FOUND && sw3 != KIOSK_SAM_SW3_FIND_FAILED)
          {
            op_fail (self, kiosk_sam_status_to_error (sw3));
            return;
          }
        /* A card that was read stays in the field but is not "found" again;
         * selecting it still works, so a failed find is not yet an answer. */
        self->found = sw3 == KIOSK_SAM_SW3_CARD_FOUND;
        transact (self, PURPOSE_OP, STEP_SELECT, KIOSK_SAM_CMD_SELECT_CARD, REPLY_SELECT_LEN);
        return;

      case STEP_SELECT:
        if (sw3 == KIOSK_SAM_SW3_SELECT_FAILED)
          {
            KioskDeviceUserError code = self->found      ? KIOSK_DEVICE_USER_ERROR_PLACE_FLAT
                                        : self->selected ? KIOSK_DEVICE_USER_ERROR_CARD_REMOVED
                                                         : KIOSK_DEVICE_USER_ERROR_NO_CARD;

            if (!self->found)
              kiosk_device_set_card_present (KIOSK_DEVICE (self), FALSE);
            op_fail (self, kiosk_device_user_error_new (code));
            return;
          }
        if (sw3 != KIOSK_SAM_SW3_OK)
          {
            op_fail (self, kiosk_sam_status_to_error (sw3));
            return;
          }
        self->selected = TRUE;
        if (self->flags & KIOSK_ID_READ_FINGERPRINT)
          transact (self, PURPOSE_OP, STEP_READ, KIOSK_SAM_CMD_READ_TEXT_PHOTO_FP,
                    REPLY_READ_FP_LEN);
        else
          transact (self, PURPOSE_OP, STEP_READ, KIOSK_SAM_CMD_READ_TEXT_PHOTO, REPLY_READ_LEN);
        return;

      case STEP_READ:
        if (sw3 == KIOSK_SAM_SW3_OK)
          {
            finish_read (self, reply);
            return;
          }
        if (sw3 == KIOSK_SAM_SW3_READ_FAILED && ++self->read_attempts <= self->options.retries)
          {
            /* The card moved: start again from finding it, as the vendors do. */
            kiosk_device_count (KIOSK_DEVICE (self), "read-retries", 1);
            transact (self, PURPOSE_OP, STEP_FIND, KIOSK_SAM_CMD_FIND_CARD, REPLY_FIND_LEN);
            return;
          }
        if (sw3 == KIOSK_SAM_SW3_FIND_FAILED || sw3 == KIOSK_SAM_SW3_SELECT_FAILED)
          {
            kiosk_device_set_card_present (KIOSK_DEVICE (self), FALSE);
            op_fail (self, kiosk_device_user_error_new (KIOSK_DEVICE_USER_ERROR_CARD_REMOVED));
            return;
          }
        op_fail (self, kiosk_sam_status_to_error (sw3));
        return;

      case STEP_PROBE_FIND:
        if (sw3 == KIOSK_SAM_SW3_CARD_FOUND)
          {
            kiosk_device_set_card_present (KIOSK_DEVICE (self), TRUE);
            op_succeed (self);
            return;
          }
        if (sw3 != KIOSK_SAM_SW3_FIND_FAILED)
          {
            op_fail (self, kiosk_sam_status_to_error (sw3));
            return;
          }
        transact (self, PURPOSE_OP, STEP_PROBE_SELECT, KIOSK_SAM_CMD_SELECT_CARD, REPLY_SELECT_LEN);
        return;

      case STEP_PROBE_SELECT:
        if (sw3 == KIOSK_SAM_SW3_OK)
          {
            kiosk_device_set_card_present (KIOSK_DEVICE (self), TRUE);
            op_succeed (self);
            return;
          }
        if (sw3 != KIOSK_SAM_SW3_SELECT_FAILED)
          {
            op_fail (self, kiosk_sam_status_to_error (sw3));
            return;
          }
        wait_card_absent (self);
        return;

      default:
        g_assert_not_reached ();
    }
}

/* ---- background: presence polling and reconnection ---------------------- */

static void
background_reply (KioskSamFrame *reply, const GError *error, gpointer user_data)
{
  Pending *pending = user_data;
  KioskSamSerial *self = pending->self;
  guint8 sw1, sw2, sw3 = 0;

  if (reply != NULL)
    kiosk_sam_frame_get_status (reply, &sw1, &sw2, &sw3, NULL);

  if (pending->purpose == PURPOSE_RECONNECT)
    {
      if (self->line == NULL)
        return;
      if (error != NULL || sw3 != KIOSK_SAM_SW3_OK)
        {
          /* Something answers, but not a working SAM: try again later. */
          self->reconnect_busy = FALSE;
          g_clear_pointer (&self->line, kiosk_sam_line_close);
          return;
        }
      if (pending->step == STEP_SAM_STATUS)
        {
          transact (self, PURPOSE_RECONNECT, STEP_SAM_ID, KIOSK_SAM_CMD_SAM_ID, REPLY_SAM_ID_LEN);
          return;
        }
      if (reply->payload_len == 3 + 16)
        {
          g_autofree char *sam_id = format_sam_id (reply->payload + 3);

          kiosk_device_set_identity (KIOSK_DEVICE (self), sam_id);
        }
      self->reconnect_busy = FALSE;
      clear_source (&self->reconnect_source);
      kiosk_device_count (KIOSK_DEVICE (self), "reconnects", 1);
      kiosk_device_set_connected (KIOSK_DEVICE (self), TRUE);
      start_polling_timer (self);
      return;
    }

  /* Presence poll. */
  if (error != NULL)
    {
      self->probe_busy = FALSE;
      if (!g_error_matches (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED))
        {
          kiosk_device_count (KIOSK_DEVICE (self), "poll-errors", 1);
          kiosk_device_record_error (KIOSK_DEVICE (self), error);
        }
      return;
    }
  if (pending->step == STEP_PROBE_FIND && sw3 != KIOSK_SAM_SW3_CARD_FOUND)
    {
      transact (self, PURPOSE_POLL, STEP_PROBE_SELECT, KIOSK_SAM_CMD_SELECT_CARD, REPLY_SELECT_LEN);
      return;
    }
  self->probe_busy = FALSE;
  kiosk_device_set_card_present (KIOSK_DEVICE (self),
                                 sw3 == KIOSK_SAM_SW3_CARD_FOUND || sw3 == KIOSK_SAM_SW3_OK);
}

static gboolean
poll_cb (gpointer user_data)
{
  KioskSamSerial *self = user_data;

  if (self->line == NULL || self->probe_busy || kiosk_device_is_busy (KIOSK_DEVICE (self))
      || !kiosk_device_is_connected (KIOSK_DEVICE (self)) || !kiosk_sam_line_is_idle (self->line))
    return G_SOURCE_CONTINUE;
  self->probe_busy = TRUE;
  kiosk_device_count (KIOSK_DEVICE (self), "polls", 1);
  transact (self, PURPOSE_POLL, STEP_PROBE_FIND, KIOSK_SAM_CMD_FIND_CARD, REPLY_FIND_LEN);
  return G_SOURCE_CONTINUE;
}

static void
start_polling_timer (KioskSamSerial *self)
{
  if (!self->polling || self->poll_source != NULL)
    return;
  self->poll_source = add_timeout (self, self->options.poll_ms, poll_cb, "[kiosk-sam-serial] poll");
}

static gboolean
reconnect_cb (gpointer user_data)
{
  KioskSamSerial *self = user_data;
  g_autoptr (GError) error = NULL;

  if (self->reconnect_busy)
    return G_SOURCE_CONTINUE;
  kiosk_device_count (KIOSK_DEVICE (self), "reconnect-attempts", 1);
  if (!ensure_line (self, &error))
    return G_SOURCE_CONTINUE;
  self->reconnect_busy = TRUE;
  transact (self, PURPOSE_RECONNECT, STEP_SAM_STATUS, KIOSK_SAM_CMD_SAM_STATUS, REPLY_STATUS_LEN);
  return G_SOURCE_CONTINUE;
}

static void
start_reconnect_timer (KioskSamSerial *self)
{
  clear_source (&self->poll_source);
  if (self->reconnect_source == NULL)
    self->reconnect_source = add_timeout (self, self->options.reconnect_ms, reconnect_cb,
                                          "[kiosk-sam-serial] reconnect");
}

/* ---- class functions ------------------------------------------------------ */

static void
kiosk_sam_serial_open (KioskDevice *device)
{
  KioskSamSerial *self = KIOSK_SAM_SERIAL (device);
  GError *error = NULL;

  self->op = OP_OPEN;
  clear_source (&self->reconnect_source);
  if (!ensure_line (self, &error))
    {
      op_fail (self, error);
      return;
    }
  transact (self, PURPOSE_OP, STEP_SAM_STATUS, KIOSK_SAM_CMD_SAM_STATUS, REPLY_STATUS_LEN);
}

static void
kiosk_sam_serial_close (KioskDevice *device)
{
  KioskSamSerial *self = KIOSK_SAM_SERIAL (device);

  self->open_requested = FALSE;
  self->probe_busy = FALSE;
  self->reconnect_busy = FALSE;
  clear_source (&self->poll_source);
  clear_source (&self->reconnect_source);
  g_clear_pointer (&self->line, kiosk_sam_line_close);
  kiosk_device_set_connected (device, FALSE);
  kiosk_device_complete_op_boolean (device, NULL);
}

static void
kiosk_sam_serial_cancel (KioskDevice *device)
{
  KioskSamSerial *self = KIOSK_SAM_SERIAL (device);

  if (self->op == OP_NONE)
    return;
  /* The request on the wire runs to its end inside the line; its reply
   * will find an older generation and be dropped. */
  op_fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled"));
}

static void
kiosk_sam_serial_read_card (KioskIdReader *reader, KioskIdReadFlags flags)
{
  KioskSamSerial *self = KIOSK_SAM_SERIAL (reader);

  self->op = OP_READ;
  self->flags = flags;
  self->found = FALSE;
  self->selected = FALSE;
  self->read_attempts = 0;
  transact (self, PURPOSE_OP, STEP_FIND, KIOSK_SAM_CMD_FIND_CARD, REPLY_FIND_LEN);
}

static void
kiosk_sam_serial_wait_for_card (KioskIdReader *reader, guint timeout_ms)
{
  KioskSamSerial *self = KIOSK_SAM_SERIAL (reader);

  self->op = OP_WAIT;
  self->wait_deadline = timeout_ms ? g_get_monotonic_time () + (gint64) timeout_ms * 1000 : 0;
  transact (self, PURPOSE_OP, STEP_PROBE_FIND, KIOSK_SAM_CMD_FIND_CARD, REPLY_FIND_LEN);
}

static void
kiosk_sam_serial_set_polling (KioskIdReader *reader, gboolean enabled)
{
  KioskSamSerial *self = KIOSK_SAM_SERIAL (reader);

  self->polling = enabled;
  if (!enabled)
    clear_source (&self->poll_source);
  else if (kiosk_device_is_connected (KIOSK_DEVICE (self)))
    start_polling_timer (self);
}

static void
kiosk_sam_serial_dispose (GObject *object)
{
  KioskSamSerial *self = KIOSK_SAM_SERIAL (object);

  clear_source (&self->poll_source);
  clear_source (&self->reconnect_source);
  clear_source (&self->wait_source);
  g_clear_pointer (&self->line, kiosk_sam_line_close);
  G_OBJECT_CLASS (kiosk_sam_serial_parent_class)->dispose (object);
}

static void
kiosk_sam_serial_finalize (GObject *object)
{
  KioskSamSerial *self = KIOSK_SAM_SERIAL (object);

  g_clear_pointer (&self->wlt, kiosk_wlt_decoder_free);
  g_free (self->wlt_library);
  g_free (self->wlt_symbol);
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (kiosk_sam_serial_parent_class)->finalize (object);
}

static void
kiosk_sam_serial_class_init (KioskSamSerialClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KioskDeviceClass *device_class = KIOSK_DEVICE_CLASS (klass);
  KioskIdReaderClass *reader_class = KIOSK_ID_READER_CLASS (klass);

  object_class->dispose = kiosk_sam_serial_dispose;
  object_class->finalize = kiosk_sam_serial_finalize;

  device_class->driver = "sam-serial";
  device_class->full_name = "SAM ID-card reader on a serial line";
  device_class->open = kiosk_sam_serial_open;
  device_class->close = kiosk_sam_serial_close;
  device_class->cancel = kiosk_sam_serial_cancel;

  reader_class->read_card = kiosk_sam_serial_read_card;
  reader_class->wait_for_card = kiosk_sam_serial_wait_for_card;
  reader_class->set_polling = kiosk_sam_serial_set_polling;
}

static void
kiosk_sam_serial_init (KioskSamSerial *self)
{
  kiosk_sam_serial_options_init (&self->options);
  self->context = g_main_context_ref_thread_default ();
}

KioskDevice *
kiosk_sam_serial_new (const char *name,
                      const char *port,
                      gboolean simulated,
                      const KioskSamSerialOptions *options)
{
  KioskSamSerial *self = g_object_new (KIOSK_TYPE_SAM_SERIAL, "name", name ? name : "idreader",
                                       "port", port, "simulated", simulated, NULL);

  if (options != NULL)
    self->options = *options;
  self->wlt_library = g_strdup (self->options.wlt_library);
  self->wlt_symbol = g_strdup (self->options.wlt_symbol);
  self->options.wlt_library = self->wlt_library;
  self->options.wlt_symbol = self->wlt_symbol;
  return KIOSK_DEVICE (self);
}
