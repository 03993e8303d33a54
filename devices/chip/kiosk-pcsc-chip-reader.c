/* kiosk-pcsc-chip-reader.c — the PC/SC chip reader driver (pcsc-lite)
 *
 * Two kinds of threads do the blocking PC/SC calls:
 *
 *   the watch      one per open device, with its own context: finds the
 *                  reader, follows card presence with SCardGetStatusChange()
 *                  (woken by SCardCancel() on close), and when pcscd or the
 *                  reader goes away releases everything and tries again with
 *                  a doubling back-off. It reports to the device's main
 *                  context; the device emits plugged/unplugged and
 *                  card-placed/card-removed.
 *   a job          one per operation (read, script, PIN): a fresh context,
 *                  connect, the card protocol of kiosk-chip-card.c over
 *                  SCardTransmit(), disconnect with a reset (no security
 *                  state survives an operation), release. A card that left
 *                  the reader and came back just before the job connected
 *                  (the card transport moving it) fails the first command
 *                  with SCARD_E_NOT_TRANSACTED or a reset, or is not
 *                  there yet at connect although the device saw it: the
 *                  job reconnects once (waiting up to REMOVAL_WAIT_MS for
 *                  the card) and sends that first command again — only
 *                  the first, before anything reached the card.
 *
 * A job that outlives chip_timeout_ms (a mute card: SCardTransmit() does not
 * return until the card answers or leaves) is abandoned: the operation fails
 * with TIMEOUT at once, the job's cancellable stops it before its next APDU,
 * and whatever it returns later is dropped.
 */
#define G_LOG_DOMAIN "kiosk-chip"

#include "config.h"

#include <string.h>

#include <winscard.h>

#include "kiosk-chip-card.h"
#include "kiosk-chip-simulator.h"
#include "kiosk-device-driver.h"
#include "kiosk-device-manager.h"
#include "kiosk-pcsc-chip-reader.h"

#define CANCEL_GRACE_MS   1000
#define REMOVAL_WAIT_MS   1500
#define MODEL             "PC/SC reader"
#define COUNTER_RECONNECT "reconnects"
#define COUNTER_GET_RESP  "get-responses"
#define COUNTER_RESEND    "le-resends"
#define COUNTER_APDUS     "apdus"
#define COUNTER_ABANDONED "abandoned-jobs"
#define COUNTER_CARD_BACK "card-reconnects"

/* ---- PC/SC helpers (any thread) ------------------------------------------------- */

static GError *
pcsc_error (LONG rv, const char *what, gboolean during_transmit)
{
  const char *text = pcsc_stringify_error (rv);

  switch (rv)
    {
      case SCARD_E_NO_SMARTCARD:
      case SCARD_W_REMOVED_CARD:
        return kiosk_chip_user_error_new (during_transmit ? KIOSK_DEVICE_USER_ERROR_CARD_REMOVED
                                                          : KIOSK_DEVICE_USER_ERROR_NO_CARD,
                                          NULL);
      case SCARD_W_UNRESPONSIVE_CARD:
      case SCARD_W_UNPOWERED_CARD:
      case SCARD_W_UNSUPPORTED_CARD:
        return kiosk_chip_user_error_new (KIOSK_DEVICE_USER_ERROR_INSERT_CORRECTLY, what);
      case SCARD_E_NO_SERVICE:
      case SCARD_E_SERVICE_STOPPED:
      case SCARD_E_NO_READERS_AVAILABLE:
      case SCARD_E_UNKNOWN_READER:
      case SCARD_E_READER_UNAVAILABLE:
        return g_error_new (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED, "%s: %s", what,
                            text);
      case SCARD_E_TIMEOUT:
        return g_error_new (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_TIMEOUT, "%s: %s", what, text);
      case SCARD_E_PROTO_MISMATCH:
        return g_error_new (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_SUPPORTED, "%s: %s", what,
                            text);
      case SCARD_E_SHARING_VIOLATION:
        return g_error_new (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED,
                            "%s: the card is in use by another program (%s)", what, text);
      default:
        return g_error_new (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_IO, "%s: %s (0x%08lX)", what,
                            text, (unsigned long) rv);
    }
}

static gboolean
is_service_gone (LONG rv)
{
  return rv == SCARD_E_NO_SERVICE || rv == SCARD_E_SERVICE_STOPPED || rv == SCARD_F_COMM_ERROR
         || rv == SCARD_E_INVALID_HANDLE || rv == SCARD_E_NO_READERS_AVAILABLE;
}

/* The first reader whose name contains `pattern` (case-insensitive), or NULL. */
static char *
find_reader (SCARDCONTEXT ctx, const char *pattern, LONG *rv_out)
{
  DWORD len = 0;
  g_autofree char *names = NULL;
  g_autofree char *want
      = pattern != NULL && *pattern != '\0' ? g_utf8_casefold (pattern, -1) : NULL;
  LONG rv = SCardListReaders (ctx, NULL, NULL, &len);

  if (rv == SCARD_S_SUCCESS && len > 0)
    {
      names = g_malloc0 (len + 1);
      rv = SCardListReaders (ctx, NULL, names, &len);
    }
  *rv_out = rv;
  if (rv != SCARD_S_SUCCESS || names == NULL)
    return NULL;
  for (const char *p = names; *p != '\0'; p += strlen (p) + 1)
    {
      g_autofree char *folded = g_utf8_casefold (p, -1);

      if (want == NULL || strstr (folded, want) != NULL)
        return g_strdup (p);
    }
  return NULL;
}

/* ---- the device ------------------------------------------------------------------------- */

typedef struct _Watch Watch;
typedef struct _Job Job;

struct _KioskPcscChipReader
{
  KioskChipReader parent_instance;

  char *pattern;
  KioskPcscProtocol protocol;
  guint timeout_ms;
  guint poll_ms;
  guint reconnect_ms;
  guint reconnect_max_ms;

  Watch *watch;
  gboolean open_pending; /* the open operation waits for the watch's first report */
  char *reader_name;
  int last_protocol;

  Job *job;            /* the operation's worker, NULL when none or abandoned */
  guint op_timeout_id; /* the job's deadline, or wait_for_card's */
  guint grace_id;      /* after a cancel, how long the job may take to stop */
  gboolean waiting;    /* wait_for_card in flight */
  gint64 card_left_at; /* monotonic µs when the watch last saw the card go, 0: never */
};

G_DEFINE_FINAL_TYPE (KioskPcscChipReader, kiosk_pcsc_chip_reader, KIOSK_TYPE_CHIP_READER)

/* Runs `func` in `context`'s own thread, always. Not g_main_context_invoke():
 * when no thread owns the context at that instant it acquires it and runs
 * the function right here, in the worker — a device's state changed and its
 * signals emitted off the main thread (a test saw "disconnected" before
 * "unplugged" was emitted), and the device's last reference dropped there,
 * whose dispose then joined this very thread (GLib: "Resource deadlock
 * avoided" in pthread_join, seen in CI). */
static void
post_to_context (GMainContext *context, GSourceFunc func, gpointer data, GDestroyNotify notify)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, "[kiosk-pcsc] report");
  g_source_attach (source, context);
  g_source_unref (source);
}

/* ---- the watch thread ------------------------------------------------------------------- */

struct _Watch
{
  gatomicrefcount ref;
  GMutex lock;
  GCond cond;
  gboolean stop;    /* under lock */
  SCARDCONTEXT ctx; /* under lock while valid, for SCardCancel */
  gboolean have_ctx;
  GThread *thread;
  GMainContext *context;
  GWeakRef device;
  char *pattern;
  guint poll_ms, reconnect_ms, reconnect_max_ms;
};

typedef struct
{
  Watch *watch;
  gboolean connected;
  gboolean present;
  gboolean first;
  gboolean reconnected;
  char *reader;
  char *why;
} Report;

static Watch *
watch_ref (Watch *watch)
{
  g_atomic_ref_count_inc (&watch->ref);
  return watch;
}

static void
watch_unref (Watch *watch)
{
  if (!g_atomic_ref_count_dec (&watch->ref))
    return;
  g_mutex_clear (&watch->lock);
  g_cond_clear (&watch->cond);
  g_main_context_unref (watch->context);
  g_weak_ref_clear (&watch->device);
  g_free (watch->pattern);
  g_free (watch);
}

static gboolean
apply_report (gpointer data)
{
  Report *report = data;
  g_autoptr (KioskPcscChipReader) self = g_weak_ref_get (&report->watch->device);
  KioskDevice *device;

  if (self == NULL || self->watch != report->watch)
    return G_SOURCE_REMOVE;
  device = KIOSK_DEVICE (self);

  if (report->reconnected)
    kiosk_device_count (device, COUNTER_RECONNECT, 1);
  if (report->connected)
    {
      g_free (self->reader_name);
      self->reader_name = g_strdup (report->reader);
      kiosk_device_set_identity (device, report->reader);
      kiosk_device_set_model (device, MODEL);
      kiosk_device_set_connected (device, TRUE);
      if (kiosk_device_is_card_present (device) && !report->present)
        self->card_left_at = g_get_monotonic_time ();
      kiosk_device_set_card_present (device, report->present);
    }
  else
    {
      g_autoptr (GError) error = g_error_new (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED,
                                              "%s", report->why ? report->why : "no reader");

      g_clear_pointer (&self->reader_name, g_free);
      kiosk_device_set_connected (device, FALSE);
      if (!self->open_pending)
        kiosk_device_record_error (device, error);
      if (self->waiting)
        {
          self->waiting = FALSE;
          g_clear_handle_id (&self->op_timeout_id, g_source_remove);
          kiosk_device_complete_op (device, NULL, NULL, g_steal_pointer (&error));
          return G_SOURCE_REMOVE;
        }
    }

  if (self->open_pending && report->first)
    {
      self->open_pending = FALSE;
      if (report->connected)
        kiosk_device_complete_op_boolean (device, NULL);
      else
        kiosk_device_complete_op_boolean (
            device, g_error_new (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED,
                                 "No PC/SC reader%s%s: %s", self->pattern ? " matching " : "",
                                 self->pattern ? self->pattern : "",
                                 report->why ? report->why : "not found"));
    }
  else if (self->waiting && report->connected && report->present)
    {
      self->waiting = FALSE;
      g_clear_handle_id (&self->op_timeout_id, g_source_remove);
      kiosk_device_complete_op_boolean (device, NULL);
    }
  return G_SOURCE_REMOVE;
}

static void
report_free (gpointer data)
{
  Report *report = data;

  watch_unref (report->watch);
  g_free (report->reader);
  g_free (report->why);
  g_free (report);
}

static void
watch_report (Watch *watch,
              gboolean connected,
              gboolean present,
              const char *reader,
              const char *why,
              gboolean first,
              gboolean reconnected)
{
  Report *report = g_new0 (Report, 1);

  report->watch = watch_ref (watch);
  report->connected = connected;
  report->present = present;
  report->reader = g_strdup (reader);
  report->why = g_strdup (why);
  report->first = first;
  report->reconnected = reconnected;
  post_to_context (watch->context, apply_report, report, report_free);
}

/* Sleeps `ms` unless told to stop; TRUE if it should stop. */
static gboolean
watch_sleep (Watch *watch, guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;
  gboolean stop;

  g_mutex_lock (&watch->lock);
  while (!watch->stop && g_cond_wait_until (&watch->cond, &watch->lock, until))
    ;
  stop = watch->stop;
  g_mutex_unlock (&watch->lock);
  return stop;
}

static gboolean
watch_stopping (Watch *watch)
{
  gboolean stop;

  g_mutex_lock (&watch->lock);
  stop = watch->stop;
  g_mutex_unlock (&watch->lock);
  return stop;
}

static void
watch_drop_context (Watch *watch)
{
  SCARDCONTEXT ctx = 0;
  gboolean had;

  g_mutex_lock (&watch->lock);
  had = watch->have_ctx;
  ctx = watch->ctx;
  watch->have_ctx = FALSE;
  g_mutex_unlock (&watch->lock);
  if (had)
    SCardReleaseContext (ctx);
}

static gpointer
watch_thread (gpointer data)
{
  Watch *watch = data;
  guint backoff = watch->reconnect_ms;
  gboolean first = TRUE, was_connected = FALSE, lost = FALSE;
  gboolean reported_down = FALSE;
  char *reader = NULL;
  SCARD_READERSTATE state = { 0 };

  while (!watch_stopping (watch))
    {
      SCARDCONTEXT ctx;
      LONG rv;
      g_autofree char *why = NULL;

      if (!watch->have_ctx)
        {
          rv = SCardEstablishContext (SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx);
          if (rv != SCARD_S_SUCCESS)
            {
              why = g_strdup_printf ("the PC/SC service is not available (%s)",
                                     pcsc_stringify_error (rv));
              goto down;
            }
          g_mutex_lock (&watch->lock);
          watch->ctx = ctx;
          watch->have_ctx = !watch->stop;
          g_mutex_unlock (&watch->lock);
          if (!watch->have_ctx)
            {
              SCardReleaseContext (ctx);
              break;
            }
        }
      ctx = watch->ctx;

      if (reader == NULL)
        {
          reader = find_reader (ctx, watch->pattern, &rv);
          if (reader == NULL)
            {
              if (is_service_gone (rv) && rv != SCARD_E_NO_READERS_AVAILABLE)
                watch_drop_context (watch);
              why = g_strdup_printf ("no reader%s%s (%s)", watch->pattern ? " matching " : "",
                                     watch->pattern ? watch->pattern : "",
                                     rv == SCARD_S_SUCCESS ? "none matches"
                                                           : pcsc_stringify_error (rv));
              goto down;
            }
          memset (&state, 0, sizeof state);
          state.szReader = reader;
          state.dwCurrentState = SCARD_STATE_UNAWARE;
        }

      rv = SCardGetStatusChange (ctx, first || !was_connected ? 0 : watch->poll_ms, &state, 1);
      if (rv == SCARD_E_TIMEOUT || rv == SCARD_E_CANCELLED)
        continue;
      if (rv == SCARD_S_SUCCESS
          && !(state.dwEventState & (SCARD_STATE_UNKNOWN | SCARD_STATE_UNAVAILABLE)))
        {
          gboolean present = (state.dwEventState & SCARD_STATE_PRESENT) != 0
                             && (state.dwEventState & SCARD_STATE_MUTE) == 0;
          gboolean changed = (state.dwEventState & SCARD_STATE_CHANGED) != 0;

          state.dwCurrentState = state.dwEventState & ~(DWORD) SCARD_STATE_CHANGED;
          if (first || !was_connected || changed)
            {
              watch_report (watch, TRUE, present, reader, NULL, first, lost);
              first = FALSE;
              lost = FALSE;
              was_connected = TRUE;
              reported_down = FALSE;
              backoff = watch->reconnect_ms;
            }
          continue;
        }

      /* The reader went away, or the whole service did. */
      if (rv == SCARD_S_SUCCESS)
        why = g_strdup_printf ("the reader %s went away", reader);
      else
        why = g_strdup_printf ("the PC/SC service went away (%s)", pcsc_stringify_error (rv));
      if (rv != SCARD_S_SUCCESS && (is_service_gone (rv) || rv != SCARD_E_UNKNOWN_READER))
        watch_drop_context (watch);
      g_clear_pointer (&reader, g_free);

    down:
      if (first || was_connected || !reported_down)
        {
          g_debug ("chip reader down: %s", why);
          watch_report (watch, FALSE, FALSE, NULL, why, first, FALSE);
          first = FALSE;
          lost = lost || was_connected;
          was_connected = FALSE;
          reported_down = TRUE;
        }
      if (watch_sleep (watch, backoff))
        break;
      backoff = MIN (backoff * 2, watch->reconnect_max_ms);
    }

  g_free (reader);
  watch_drop_context (watch);
  watch_unref (watch);
  return NULL;
}

static void
watch_stop (KioskPcscChipReader *self)
{
  Watch *watch = g_steal_pointer (&self->watch);
  GThread *thread;

  if (watch == NULL)
    return;
  g_mutex_lock (&watch->lock);
  watch->stop = TRUE;
  if (watch->have_ctx)
    SCardCancel (watch->ctx);
  g_cond_broadcast (&watch->cond);
  thread = watch->thread;
  g_mutex_unlock (&watch->lock);
  g_thread_join (thread);
  watch_unref (watch);
}

static void
watch_start (KioskPcscChipReader *self)
{
  Watch *watch = g_new0 (Watch, 1);

  g_atomic_ref_count_init (&watch->ref);
  g_mutex_init (&watch->lock);
  g_cond_init (&watch->cond);
  watch->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&watch->device, self);
  watch->pattern = g_strdup (self->pattern);
  watch->poll_ms = self->poll_ms;
  watch->reconnect_ms = self->reconnect_ms;
  watch->reconnect_max_ms = self->reconnect_max_ms;
  self->watch = watch;
  g_mutex_lock (&watch->lock);
  watch->thread = g_thread_new ("kiosk-pcsc-watch", watch_thread, watch_ref (watch));
  g_mutex_unlock (&watch->lock);
}

/* ---- jobs: one worker thread per operation ---------------------------------------------- */

typedef enum
{
  JOB_READ,
  JOB_SCRIPT,
  JOB_PIN,
} JobKind;

struct _Job
{
  gatomicrefcount ref;
  JobKind kind;
  char *pattern;
  DWORD protocols;
  KioskChipScript *script;
  char *pin;
  GCancellable *cancellable; /* cancelled on cancel and on abandon */
  GMainContext *context;
  GWeakRef device;

  /* The connection, in the worker. */
  SCARDCONTEXT ctx;
  SCARDHANDLE card;
  DWORD protocol;
  char *reader;
  DWORD events; /* pcscd's insertion/removal counter when we connected */

  /* Results. */
  gpointer result;
  GDestroyNotify result_free;
  GError *error;
  guint n_transmits, n_get_response, n_resend;
  guint n_answered;     /* commands the card answered in this job */
  gboolean reconnected; /* the job's one reconnect was used */
  guint n_reconnects;
  gboolean expect_card; /* the device saw a card when the operation began, or
                         * saw it leave less than REMOVAL_WAIT_MS before */
};

static Job *
job_ref (Job *job)
{
  g_atomic_ref_count_inc (&job->ref);
  return job;
}

static void
job_unref (Job *job)
{
  if (!g_atomic_ref_count_dec (&job->ref))
    return;
  g_free (job->pattern);
  g_clear_pointer (&job->script, kiosk_chip_script_free);
  if (job->pin != NULL)
    {
      explicit_bzero (job->pin, strlen (job->pin));
      g_free (job->pin);
    }
  g_object_unref (job->cancellable);
  g_main_context_unref (job->context);
  g_weak_ref_clear (&job->device);
  g_free (job->reader);
  if (job->result != NULL && job->result_free != NULL)
    job->result_free (job->result);
  g_clear_error (&job->error);
  g_free (job);
}

/* pcscd's count of insertions and removals on the reader (the upper 16 bits
 * of the event state), or G_MAXUINT32 if unknown. */
static DWORD
card_events (Job *job)
{
  SCARD_READERSTATE state = { .szReader = job->reader, .dwCurrentState = SCARD_STATE_UNAWARE };

  if (SCardGetStatusChange (job->ctx, 0, &state, 1) != SCARD_S_SUCCESS)
    return G_MAXUINT32;
  return state.dwEventState >> 16;
}

/* After a transmit failed or came back empty: did the card leave (or leave
 * and come back)? pcscd notices at its next presence poll, so wait a little
 * for the change. */
static gboolean
card_left (Job *job)
{
  SCARD_READERSTATE state = { .szReader = job->reader, .dwCurrentState = SCARD_STATE_UNAWARE };
  gint64 until = g_get_monotonic_time () + REMOVAL_WAIT_MS * 1000;

  while (g_get_monotonic_time () < until)
    {
      LONG rv = SCardGetStatusChange (job->ctx, 100, &state, 1);

      if (rv == SCARD_S_SUCCESS)
        {
          if (!(state.dwEventState & SCARD_STATE_PRESENT)
              || (job->events != G_MAXUINT32 && (state.dwEventState >> 16) != job->events))
            return TRUE;
          state.dwCurrentState = state.dwEventState & ~(DWORD) SCARD_STATE_CHANGED;
        }
      else if (rv != SCARD_E_TIMEOUT)
        return FALSE;
    }
  return FALSE;
}

/* The state pcscd reports for a handle whose card was reset, or left and
 * came back, since the handle was made (or the transaction began on it). */
static gboolean
is_stale_handle (LONG rv)
{
  return rv == SCARD_E_NOT_TRANSACTED || rv == SCARD_W_RESET_CARD || rv == SCARD_W_REMOVED_CARD;
}

static gboolean job_begin (Job *job, GError **error);

/* Waits (up to `ms`) until pcscd reports a card in the reader that answered
 * its reset: the card on its way back to the station. */
static gboolean
wait_card_present (Job *job, guint ms)
{
  SCARD_READERSTATE state = { .szReader = job->reader, .dwCurrentState = SCARD_STATE_UNAWARE };
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until && !g_cancellable_is_cancelled (job->cancellable))
    {
      LONG rv = SCardGetStatusChange (job->ctx, 100, &state, 1);

      if (rv == SCARD_S_SUCCESS)
        {
          if ((state.dwEventState & SCARD_STATE_PRESENT)
              && !(state.dwEventState & SCARD_STATE_MUTE))
            return TRUE;
          state.dwCurrentState = state.dwEventState & ~(DWORD) SCARD_STATE_CHANGED;
        }
      else if (rv != SCARD_E_TIMEOUT)
        return FALSE;
    }
  return FALSE;
}

/* A fresh connection once the card is back (up to REMOVAL_WAIT_MS). */
static LONG
connect_when_back (Job *job)
{
  LONG rv;

  if (!wait_card_present (job, REMOVAL_WAIT_MS))
    return SCARD_E_NO_SMARTCARD;
  rv = SCardConnect (job->ctx, job->reader, SCARD_SHARE_SHARED, job->protocols, &job->card,
                     &job->protocol);
  if (rv != SCARD_S_SUCCESS)
    job->card = 0;
  return rv;
}

/* Makes the handle current again after the card came back: a reconnect
 * with a reset on the same handle (nothing of this job reached the card),
 * or a fresh connection once the card is there again. */
static gboolean
job_reconnect (Job *job, GError **error)
{
  LONG rv;

  /* The transaction is kept across the reconnect (taking it again only
   * counts up): another handle waiting to reset the card — an abandoned
   * job disconnecting — must not slip in between. */
  rv = SCardReconnect (job->card, SCARD_SHARE_SHARED, job->protocols, SCARD_RESET_CARD,
                       &job->protocol);
  if (rv != SCARD_S_SUCCESS)
    {
      SCardDisconnect (job->card, SCARD_LEAVE_CARD);
      job->card = 0;
      rv = connect_when_back (job);
    }
  if (rv != SCARD_S_SUCCESS)
    {
      g_propagate_error (error, pcsc_error (rv, "SCardReconnect", TRUE));
      return FALSE;
    }
  return job_begin (job, error);
}

static gboolean
job_transmit (gpointer user_data,
              const guint8 *command,
              gsize command_len,
              guint8 *reply,
              gsize *reply_len,
              GError **error)
{
  Job *job = user_data;
  DWORD len;
  LONG rv;

  for (;;)
    {
      const SCARD_IO_REQUEST *pci
          = job->protocol == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;

      len = (DWORD) *reply_len;
      rv = SCardTransmit (job->card, pci, command, (DWORD) command_len, NULL, reply, &len);
      if (rv == SCARD_S_SUCCESS && len >= 2)
        {
          job->n_answered++;
          *reply_len = len;
          return TRUE;
        }
      /* The card came back to the reader just before this job connected:
       * pcscd had not yet noticed, and now refuses the handle. Nothing of
       * this job reached the card yet, so it is safe to reconnect and send
       * the first command once more. */
      if (is_stale_handle (rv) && job->n_answered == 0 && !job->reconnected
          && !g_cancellable_is_cancelled (job->cancellable))
        {
          g_autoptr (GError) local = NULL;

          job->reconnected = TRUE;
          g_debug ("chip: the card was reset or came back since the connection (%s): "
                   "reconnecting",
                   pcsc_stringify_error (rv));
          /* pcscd may still be settling the re-inserted card (seen under
           * load): a few short tries before giving up. This runs on the
           * job's worker thread, never the main loop. */
          for (int attempt = 1; !job_reconnect (job, &local) && attempt < 5
                                && !g_cancellable_is_cancelled (job->cancellable);
               attempt++)
            {
              g_debug ("chip: reconnect %d failed: %s", attempt, local->message);
              g_clear_error (&local);
              g_usleep (250 * 1000);
            }
          if (local != NULL)
            {
              g_debug ("chip: reconnecting failed: %s", local->message);
              if (g_error_matches (local, KIOSK_DEVICE_USER_ERROR,
                                   KIOSK_DEVICE_USER_ERROR_CARD_REMOVED)
                  || g_error_matches (local, KIOSK_DEVICE_USER_ERROR,
                                      KIOSK_DEVICE_USER_ERROR_NO_CARD))
                g_propagate_error (
                    error, kiosk_chip_user_error_new (KIOSK_DEVICE_USER_ERROR_CARD_REMOVED, NULL));
              else
                g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          job->events = card_events (job);
          job->n_reconnects++;
          continue;
        }
      break;
    }
  if (rv == SCARD_W_REMOVED_CARD || rv == SCARD_E_NO_SMARTCARD || card_left (job))
    {
      g_propagate_error (error,
                         kiosk_chip_user_error_new (KIOSK_DEVICE_USER_ERROR_CARD_REMOVED, NULL));
      return FALSE;
    }
  if (rv == SCARD_S_SUCCESS)
    {
      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_PROTOCOL,
                   "The card's reply has %lu bytes, less than a status word", (unsigned long) len);
      return FALSE;
    }
  g_propagate_error (error, pcsc_error (rv, "SCardTransmit", TRUE));
  return FALSE;
}

static gboolean
job_connect (Job *job, GError **error)
{
  LONG rv = SCardEstablishContext (SCARD_SCOPE_SYSTEM, NULL, NULL, &job->ctx);

  if (rv != SCARD_S_SUCCESS)
    {
      job->ctx = 0;
      g_propagate_error (error, pcsc_error (rv, "The PC/SC service", FALSE));
      return FALSE;
    }
  job->reader = find_reader (job->ctx, job->pattern, &rv);
  if (job->reader == NULL)
    {
      g_propagate_error (error, pcsc_error (rv == SCARD_S_SUCCESS ? SCARD_E_UNKNOWN_READER : rv,
                                            "Finding the chip reader", FALSE));
      return FALSE;
    }
  rv = SCardConnect (job->ctx, job->reader, SCARD_SHARE_SHARED, job->protocols, &job->card,
                     &job->protocol);
  if (rv != SCARD_S_SUCCESS)
    job->card = 0;
  if ((rv == SCARD_E_NO_SMARTCARD || rv == SCARD_W_REMOVED_CARD) && job->expect_card)
    {
      /* The device saw a card and pcscd sees none: it left and is on its
       * way back (the card transport moving it). Once more when it is. */
      g_debug ("chip: no card at connect although one was seen: waiting for it");
      job->reconnected = TRUE;
      rv = connect_when_back (job);
      if (rv == SCARD_S_SUCCESS)
        job->n_reconnects++;
    }
  if (rv != SCARD_S_SUCCESS)
    {
      g_propagate_error (error, pcsc_error (rv, "SCardConnect", FALSE));
      return FALSE;
    }
  job->events = card_events (job);
  return job_begin (job, error);
}

/* Exclusive use of the card for the rest of the operation. */
static gboolean
job_begin (Job *job, GError **error)
{
  LONG rv = SCardBeginTransaction (job->card);

  if (rv != SCARD_S_SUCCESS)
    {
      g_propagate_error (error, pcsc_error (rv, "SCardBeginTransaction", FALSE));
      return FALSE;
    }
  return TRUE;
}

/* Whether the card this handle was connected to is still the one in the
 * reader (pcscd's view: not removed, not reset by someone else since). */
static gboolean
job_card_still_there (Job *job)
{
  char name[MAX_READERNAME];
  DWORD name_len = sizeof name;
  DWORD state = 0;
  DWORD protocol = 0;
  BYTE atr[MAX_ATR_SIZE];
  DWORD atr_len = sizeof atr;
  LONG rv = SCardStatus (job->card, name, &name_len, &state, &protocol, atr, &atr_len);

  return rv == SCARD_S_SUCCESS && !(state & SCARD_ABSENT);
}

static void
job_disconnect (Job *job)
{
  if (job->card != 0)
    {
      /* Reset: no selection, PIN or authentication survives the operation —
       * of the card this job talked to. Once that card has left, the handle
       * is stale and a card in the reader now is another insertion, which
       * pcscd would still reset; and when that reset comes before pcscd's
       * event thread has seen the insertion, pcscd powers the card up again
       * later — in the middle of the next job's conversation (seen as a read
       * answering 6986, "no current EF", after a mute card came back; the
       * vcard's and pcscd's debug logs show the disconnect's reset, then the
       * reads, then "Card inserted" and a power-on). */
      DWORD disposition = job_card_still_there (job) ? SCARD_RESET_CARD : SCARD_LEAVE_CARD;

      SCardEndTransaction (job->card, SCARD_LEAVE_CARD);
      SCardDisconnect (job->card, disposition);
      job->card = 0;
    }
  if (job->ctx != 0)
    {
      SCardReleaseContext (job->ctx);
      job->ctx = 0;
    }
}

static gboolean job_done_cb (gpointer data);

/* One conversation with a card at a time in this process. An abandoned job
 * (timed out in a command the card never answered) still disconnects with a
 * reset once its card answers or leaves. pcscd checks "was the card reset?"
 * before each command, but not atomically with sending it, and its
 * disconnect waits only for a transaction that is already held: a reset
 * landing between a later job's check and its command silently wipes that
 * job's selection (seen under load as EF05/07 answering 6986, "no current
 * EF", right after a mute card came back). So a job starts talking only
 * once every earlier job, abandoned or not, has let go of the card. */
static GMutex conversation_lock;

static gpointer
job_thread (gpointer data)
{
  Job *job = data;
  g_autoptr (KioskChipCard) card = NULL;
  GError *error = NULL;

  g_mutex_lock (&conversation_lock);
  /* Abandoned while waiting for an earlier job: do not touch the card. */
  if (g_cancellable_set_error_if_cancelled (job->cancellable, &error) || !job_connect (job, &error))
    {
      if (job->kind == JOB_SCRIPT)
        {
          KioskChipScriptOutcome *outcome
              = kiosk_chip_script_outcome_new (kiosk_chip_script_get_n_steps (job->script));
          const KioskChipScriptStep *first
              = outcome->n_steps > 0 ? kiosk_chip_script_get_step (job->script, 0) : NULL;

          kiosk_chip_script_outcome_fail (outcome, 0, first ? first->label : NULL, 0, error);
          job->result = outcome;
          job->result_free = (GDestroyNotify) kiosk_chip_script_outcome_free;
        }
      else
        job->error = error;
      job_disconnect (job);
      g_mutex_unlock (&conversation_lock);
      post_to_context (job->context, job_done_cb, job, (GDestroyNotify) job_unref);
      return NULL;
    }

  card = kiosk_chip_card_new (job_transmit, job, job->cancellable);
  switch (job->kind)
    {
      case JOB_READ:
        job->result = kiosk_chip_card_read_ssc (card, &job->error);
        job->result_free = (GDestroyNotify) kiosk_ssc_card_data_free;
        break;
      case JOB_SCRIPT:
        job->result = kiosk_chip_card_run_script (card, job->script);
        job->result_free = (GDestroyNotify) kiosk_chip_script_outcome_free;
        break;
      case JOB_PIN:
        if (kiosk_chip_card_verify_pin (card, job->pin, NULL, &job->error))
          job->result = GINT_TO_POINTER (TRUE);
        break;
      default:
        g_assert_not_reached ();
    }
  job->n_transmits = kiosk_chip_card_get_n_transmits (card);
  job->n_get_response = kiosk_chip_card_get_n_get_response (card);
  job->n_resend = kiosk_chip_card_get_n_resend (card);
  job_disconnect (job);
  g_mutex_unlock (&conversation_lock);
  post_to_context (job->context, job_done_cb, job, (GDestroyNotify) job_unref);
  return NULL;
}

static void
complete_job_op (KioskPcscChipReader *self,
                 gpointer result,
                 GDestroyNotify free_func,
                 GError *error)
{
  g_clear_handle_id (&self->op_timeout_id, g_source_remove);
  g_clear_handle_id (&self->grace_id, g_source_remove);
  kiosk_device_complete_op (KIOSK_DEVICE (self), result, free_func, error);
}

/* In the device's main context, when a worker returns. */
static gboolean
job_done_cb (gpointer data)
{
  Job *job = data;
  g_autoptr (KioskPcscChipReader) self = g_weak_ref_get (&job->device);
  KioskDevice *device;

  if (self == NULL || self->job != job)
    return G_SOURCE_REMOVE; /* abandoned: the operation already failed */
  device = KIOSK_DEVICE (self);
  self->job = NULL;
  kiosk_device_count (device, COUNTER_APDUS, job->n_transmits);
  kiosk_device_count (device, COUNTER_GET_RESP, job->n_get_response);
  kiosk_device_count (device, COUNTER_RESEND, job->n_resend);
  kiosk_device_count (device, COUNTER_CARD_BACK, job->n_reconnects);
  self->last_protocol = job->protocol == SCARD_PROTOCOL_T0   ? 0
                        : job->protocol == SCARD_PROTOCOL_T1 ? 1
                                                             : self->last_protocol;
  if (job->kind == JOB_SCRIPT && job->result != NULL)
    {
      KioskChipScriptOutcome *outcome = job->result;

      if (outcome->error != NULL)
        {
          kiosk_device_count (device, "script-failures", 1);
          kiosk_device_record_error (device, outcome->error);
        }
    }
  if (job->error != NULL)
    complete_job_op (self, NULL, NULL, g_steal_pointer (&job->error));
  else
    {
      gpointer result = g_steal_pointer (&job->result);

      complete_job_op (self, result, job->result_free, NULL);
    }
  /* The device's reference; the worker's goes with the invoke's destroy
   * notify. */
  job_unref (job);
  return G_SOURCE_REMOVE;
}

/* Gives up on the worker: it is stopped before its next APDU and its result
 * dropped. */
static void
abandon_job (KioskPcscChipReader *self, GError *error)
{
  Job *job = g_steal_pointer (&self->job);

  if (job != NULL)
    {
      g_cancellable_cancel (job->cancellable);
      kiosk_device_count (KIOSK_DEVICE (self), COUNTER_ABANDONED, 1);
      job_unref (job);
    }
  complete_job_op (self, NULL, NULL, error);
}

static gboolean
job_timeout_cb (gpointer data)
{
  KioskPcscChipReader *self = data;

  self->op_timeout_id = 0;
  abandon_job (self, g_error_new (KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_TIMEOUT,
                                  "The card did not answer within %u ms", self->timeout_ms));
  return G_SOURCE_REMOVE;
}

static void
job_start (KioskPcscChipReader *self, JobKind kind, const KioskChipScript *script, const char *pin)
{
  Job *job = g_new0 (Job, 1);
  static const DWORD protocols[] = {
    [KIOSK_PCSC_PROTOCOL_ANY] = SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1,
    [KIOSK_PCSC_PROTOCOL_T0] = SCARD_PROTOCOL_T0,
    [KIOSK_PCSC_PROTOCOL_T1] = SCARD_PROTOCOL_T1,
  };

  g_atomic_ref_count_init (&job->ref);
  job->kind = kind;
  job->pattern = g_strdup (self->pattern);
  job->protocols = protocols[self->protocol];
  job->script = script != NULL ? kiosk_chip_script_copy (script) : NULL;
  job->pin = g_strdup (pin);
  job->cancellable = g_cancellable_new ();
  job->context = g_main_context_ref_thread_default ();
  /* A card that left a moment ago may be on its way back: pcscd sees it go
   * and come back one presence poll each, so an operation that starts right
   * after a quick out-and-in can find the device still "present" and pcscd
   * already "absent" — or the device already "absent" (seen in CI under
   * load: a read right after wait_for_card answered NO_CARD). Either way the
   * job waits for the card (connect_when_back) instead of failing. */
  job->expect_card
      = kiosk_device_is_card_present (KIOSK_DEVICE (self))
        || (self->card_left_at != 0
            && g_get_monotonic_time () - self->card_left_at < (gint64) REMOVAL_WAIT_MS * 1000);
  g_weak_ref_init (&job->device, self);

  self->job = job;
  self->op_timeout_id = g_timeout_add (self->timeout_ms, job_timeout_cb, self);
  g_source_set_name_by_id (self->op_timeout_id, "[kiosk-pcsc] operation deadline");
  g_thread_unref (g_thread_new ("kiosk-pcsc-job", job_thread, job_ref (job)));
}

/* ---- operations ------------------------------------------------------------------------ */

static void
kiosk_pcsc_chip_reader_open (KioskDevice *device)
{
  KioskPcscChipReader *self = KIOSK_PCSC_CHIP_READER (device);

  if (self->watch != NULL && kiosk_device_is_connected (device))
    {
      kiosk_device_complete_op_boolean (device, NULL);
      return;
    }
  watch_stop (self);
  self->open_pending = TRUE;
  watch_start (self);
}

static void
kiosk_pcsc_chip_reader_close (KioskDevice *device)
{
  KioskPcscChipReader *self = KIOSK_PCSC_CHIP_READER (device);

  watch_stop (self);
  g_clear_pointer (&self->reader_name, g_free);
  kiosk_device_set_connected (device, FALSE);
  kiosk_device_complete_op_boolean (device, NULL);
}

static gboolean
grace_cb (gpointer data)
{
  KioskPcscChipReader *self = data;

  self->grace_id = 0;
  abandon_job (self,
               g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled"));
  return G_SOURCE_REMOVE;
}

static void
kiosk_pcsc_chip_reader_cancel (KioskDevice *device)
{
  KioskPcscChipReader *self = KIOSK_PCSC_CHIP_READER (device);

  if (self->waiting)
    {
      self->waiting = FALSE;
      g_clear_handle_id (&self->op_timeout_id, g_source_remove);
      kiosk_device_complete_op (
          device, NULL, NULL,
          g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled"));
      return;
    }
  if (self->job != NULL)
    {
      /* The worker stops before its next APDU and reports exactly where; if
       * it is stuck inside one (a mute card), give up after a grace period. */
      g_cancellable_cancel (self->job->cancellable);
      if (self->grace_id == 0)
        self->grace_id = g_timeout_add (CANCEL_GRACE_MS, grace_cb, self);
    }
}

static gboolean
wait_timeout_cb (gpointer data)
{
  KioskPcscChipReader *self = data;

  self->op_timeout_id = 0;
  self->waiting = FALSE;
  kiosk_device_complete_op (KIOSK_DEVICE (self), NULL, NULL,
                            kiosk_chip_user_error_new (KIOSK_DEVICE_USER_ERROR_NO_CARD, NULL));
  return G_SOURCE_REMOVE;
}

static void
kiosk_pcsc_chip_reader_wait_for_card (KioskChipReader *reader, guint timeout_ms)
{
  KioskPcscChipReader *self = KIOSK_PCSC_CHIP_READER (reader);

  if (kiosk_device_is_card_present (KIOSK_DEVICE (self)))
    {
      kiosk_device_complete_op_boolean (KIOSK_DEVICE (self), NULL);
      return;
    }
  self->waiting = TRUE;
  if (timeout_ms > 0)
    self->op_timeout_id = g_timeout_add (timeout_ms, wait_timeout_cb, self);
}

static void
kiosk_pcsc_chip_reader_read_ssc (KioskChipReader *reader)
{
  job_start (KIOSK_PCSC_CHIP_READER (reader), JOB_READ, NULL, NULL);
}

static void
kiosk_pcsc_chip_reader_run_script (KioskChipReader *reader, const KioskChipScript *script)
{
  job_start (KIOSK_PCSC_CHIP_READER (reader), JOB_SCRIPT, script, NULL);
}

static void
kiosk_pcsc_chip_reader_verify_pin (KioskChipReader *reader, const char *pin)
{
  job_start (KIOSK_PCSC_CHIP_READER (reader), JOB_PIN, NULL, pin);
}

/* ---- object ------------------------------------------------------------------------------ */

static void
kiosk_pcsc_chip_reader_dispose (GObject *object)
{
  KioskPcscChipReader *self = KIOSK_PCSC_CHIP_READER (object);

  watch_stop (self);
  if (self->job != NULL)
    {
      g_cancellable_cancel (self->job->cancellable);
      g_clear_pointer (&self->job, job_unref);
    }
  g_clear_handle_id (&self->op_timeout_id, g_source_remove);
  g_clear_handle_id (&self->grace_id, g_source_remove);
  G_OBJECT_CLASS (kiosk_pcsc_chip_reader_parent_class)->dispose (object);
}

static void
kiosk_pcsc_chip_reader_finalize (GObject *object)
{
  KioskPcscChipReader *self = KIOSK_PCSC_CHIP_READER (object);

  g_free (self->pattern);
  g_free (self->reader_name);
  G_OBJECT_CLASS (kiosk_pcsc_chip_reader_parent_class)->finalize (object);
}

static void
kiosk_pcsc_chip_reader_class_init (KioskPcscChipReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KioskDeviceClass *device_class = KIOSK_DEVICE_CLASS (klass);
  KioskChipReaderClass *reader_class = KIOSK_CHIP_READER_CLASS (klass);

  object_class->dispose = kiosk_pcsc_chip_reader_dispose;
  object_class->finalize = kiosk_pcsc_chip_reader_finalize;

  device_class->driver = "pcsc";
  device_class->full_name = "PC/SC chip card reader";
  device_class->open = kiosk_pcsc_chip_reader_open;
  device_class->close = kiosk_pcsc_chip_reader_close;
  device_class->cancel = kiosk_pcsc_chip_reader_cancel;

  reader_class->wait_for_card = kiosk_pcsc_chip_reader_wait_for_card;
  reader_class->read_ssc = kiosk_pcsc_chip_reader_read_ssc;
  reader_class->run_script = kiosk_pcsc_chip_reader_run_script;
  reader_class->verify_pin = kiosk_pcsc_chip_reader_verify_pin;
}

static void
kiosk_pcsc_chip_reader_init (KioskPcscChipReader *self)
{
  self->last_protocol = -1;
}

void
kiosk_pcsc_chip_reader_options_init (KioskPcscChipReaderOptions *options)
{
  g_return_if_fail (options != NULL);

  options->reader = NULL;
  options->protocol = KIOSK_PCSC_PROTOCOL_ANY;
  options->timeout_ms = 15000;
  options->poll_ms = 500;
  options->reconnect_ms = 200;
  options->reconnect_max_ms = 5000;
}

KioskDevice *
kiosk_pcsc_chip_reader_new (const char *name,
                            gboolean simulated,
                            const KioskPcscChipReaderOptions *options)
{
  KioskPcscChipReaderOptions defaults;
  KioskPcscChipReader *self;

  if (options == NULL)
    {
      kiosk_pcsc_chip_reader_options_init (&defaults);
      options = &defaults;
    }
  self = g_object_new (KIOSK_TYPE_PCSC_CHIP_READER, "name", name ? name : "chip", "port",
                       options->reader, "simulated", simulated, NULL);
  self->pattern
      = options->reader != NULL && options->reader[0] != '\0' ? g_strdup (options->reader) : NULL;
  self->protocol = options->protocol;
  self->timeout_ms = MAX (options->timeout_ms, 100);
  self->poll_ms = MAX (options->poll_ms, 50);
  self->reconnect_ms = MAX (options->reconnect_ms, 10);
  self->reconnect_max_ms = MAX (options->reconnect_max_ms, self->reconnect_ms);
  return KIOSK_DEVICE (self);
}

const char *
kiosk_pcsc_chip_reader_get_reader_name (KioskPcscChipReader *self)
{
  g_return_val_if_fail (KIOSK_IS_PCSC_CHIP_READER (self), NULL);
  return self->reader_name;
}

int
kiosk_pcsc_chip_reader_get_last_protocol (KioskPcscChipReader *self)
{
  g_return_val_if_fail (KIOSK_IS_PCSC_CHIP_READER (self), -1);
  return self->last_protocol;
}

/* ---- configuration and registration ------------------------------------------------------ */

KioskDevice *
kiosk_pcsc_chip_reader_new_from_config (KioskDeviceConfig *config, GError **error)
{
  KioskPcscChipReaderOptions options;
  g_autofree char *reader = kiosk_device_config_get_string (config, "reader", NULL);
  g_autofree char *protocol = kiosk_device_config_get_string (config, "protocol", "any");
  gboolean simulated = kiosk_device_config_get_simulator (config);

  kiosk_pcsc_chip_reader_options_init (&options);
  options.reader = reader;
  if (g_ascii_strcasecmp (protocol, "any") == 0)
    options.protocol = KIOSK_PCSC_PROTOCOL_ANY;
  else if (g_ascii_strcasecmp (protocol, "t0") == 0)
    options.protocol = KIOSK_PCSC_PROTOCOL_T0;
  else if (g_ascii_strcasecmp (protocol, "t1") == 0)
    options.protocol = KIOSK_PCSC_PROTOCOL_T1;
  else
    {
      g_autofree char *key = kiosk_device_config_describe_key (config, "protocol");

      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                   "%s: “%s” is not a protocol (any, t0, t1)", key, protocol);
      return NULL;
    }
  if (!kiosk_device_config_get_uint (config, "timeout_ms", options.timeout_ms, 100, 600000,
                                     &options.timeout_ms, error)
      || !kiosk_device_config_get_uint (config, "poll_ms", options.poll_ms, 50, 10000,
                                        &options.poll_ms, error)
      || !kiosk_device_config_get_uint (config, "reconnect_ms", options.reconnect_ms, 10, 60000,
                                        &options.reconnect_ms, error)
      || !kiosk_device_config_get_uint (config, "reconnect_max_ms", options.reconnect_max_ms, 10,
                                        600000, &options.reconnect_max_ms, error))
    return NULL;
  return kiosk_pcsc_chip_reader_new (kiosk_device_config_get_name (config), simulated, &options);
}

void
kiosk_pcsc_chip_reader_register_driver (void)
{
  static const KioskDeviceDriverInfo info = {
    .name = "chip",
    .driver = "pcsc",
    .kind = KIOSK_DEVICE_KIND_CHIP_READER,
    .create = kiosk_pcsc_chip_reader_new_from_config,
    .start_simulator = kiosk_chip_simulator_start,
    .description = "PC/SC chip card reader (pcsc-lite); simulator: pcscd + vpcd + kiosk-vcard",
  };

  kiosk_device_manager_register_driver (&info);
}
