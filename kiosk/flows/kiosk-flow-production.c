/* kiosk-flow-production.c — a blank card through the machine, journaled (ISSUANCE.md)
 *
 * Every step writes its intent before the transport or the printer moves,
 * and its outcome after. The stock follows the physical card: a stock card
 * is taken only once the transport's own counter shows that a card left the
 * hopper, so the stock derived from the store always equals what the
 * transport holds.
 */
#include "config.h"

#define G_LOG_DOMAIN "kiosk-flows"

#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <pango/pangocairo.h>

#include "kiosk-card-face.h"
#include "kiosk-card-feeder.h"
#include "kiosk-db.h"
#include "kiosk-flow-private.h"
#ifdef KIOSK_HAVE_PRINTERS
#include "kiosk-card-printer.h"
#endif

typedef struct
{
  char *serial;
  guint64 fed_before;
  char *failed_step;
  char *failed_reason;
  char *application_id;
  char *temporary_number; /* personal: wiped */
} Production;

static void
production_free (gpointer data)
{
  Production *production = data;

  g_free (production->serial);
  g_free (production->failed_step);
  g_free (production->failed_reason);
  g_free (production->application_id);
  if (production->temporary_number != NULL)
    explicit_bzero (production->temporary_number, strlen (production->temporary_number));
  g_free (production->temporary_number);
  g_free (production);
}

static Production *
production_of (KioskFlow *self)
{
  static GQuark quark;
  Production *production;

  if (quark == 0)
    quark = g_quark_from_static_string ("kiosk-flow-production");
  production = g_object_get_qdata (G_OBJECT (self), quark);
  if (production == NULL)
    {
      production = g_new0 (Production, 1);
      g_object_set_qdata_full (G_OBJECT (self), quark, production, production_free);
    }
  return production;
}

const char *
kiosk_flow_get_card_serial (KioskFlow *self)
{
  return production_of (self)->serial;
}

/* A step's continuation and its call. */
typedef struct
{
  KioskFlowDone done;
  char *step;
  char *reason;
  GBytes *png;
  gboolean temporary; /* the result of a temporary card (not of an application) */
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->step);
  g_free (job->reason);
  if (job->png != NULL)
    {
      /* The card face (name, number, photo) is personal: overwritten once
       * the printer is done with it (the job ends after the print call
       * returned). */
      explicit_bzero ((gpointer) g_bytes_get_data (job->png, NULL), g_bytes_get_size (job->png));
      g_clear_pointer (&job->png, g_bytes_unref);
    }
  g_free (job);
}

static KioskFlowCall *
job_call (KioskFlow *self, guint timeout_s, KioskFlowDone done)
{
  KioskFlowCall *call = kiosk_flow_call_new (self, timeout_s);
  Job *job = g_new0 (Job, 1);

  job->done = done;
  call->data = job;
  call->destroy = job_free;
  return call;
}

static void
job_finish (KioskFlowCall *call, const GError *error)
{
  Job *job = call->data;

  if (!kiosk_flow_is_finished (call->flow))
    job->done (call->flow, error);
}

static KioskCardFeeder *
feeder_of (KioskFlow *self)
{
  KioskDevice *device = kiosk_context_get_card_feeder (kiosk_flow_get_context (self));

  return device != NULL && KIOSK_IS_CARD_FEEDER (device) ? KIOSK_CARD_FEEDER (device) : NULL;
}

static GError *
no_device (const char *what)
{
  return g_error_new (KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_DEVICE, "本机%s不可用，请到窗口办理",
                      what);
}

static guint
device_timeout (KioskFlow *self)
{
  return kiosk_flow_get_settings (self)->device_timeout_s;
}

/* ---- feed ----------------------------------------------------------------- */

typedef struct
{
  KioskStore *store;
  const char *uuid;
  char *serial;
  const char *result;
} TakeTx;

static gboolean
take_tx (KioskDb *db, gpointer user_data, GError **error)
{
  TakeTx *tx = user_data;
  g_autofree char *payload = NULL;

  tx->serial = kiosk_store_stock_take (tx->store, tx->uuid, error);
  if (tx->serial == NULL)
    return FALSE;
  payload = g_strdup_printf ("{\"serial\":\"%s\"}", tx->serial);
  return kiosk_store_journal_outcome (tx->store, tx->uuid, KIOSK_STEP_FEED, tx->result, payload,
                                      error)
         > 0;
}

/* The card that left the hopper becomes this session's stock card. */
static gboolean
account_fed_card (KioskFlow *self, const char *result, GError **error)
{
  KioskStore *store = kiosk_flow_get_store (self);
  TakeTx tx = { store, kiosk_flow_get_uuid (self), NULL, result };

  if (!kiosk_db_transaction (kiosk_store_get_db (store), take_tx, &tx, error))
    {
      g_free (tx.serial);
      return FALSE;
    }
  production_of (self)->serial = tx.serial;
  return TRUE;
}

static void
feed_failed_state_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskFlowCall) call = user_data;
  Job *job = call->data;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCardFeederState) state = NULL;
  g_autofree char *line = g_strdup_printf ("failed: %s", job->reason);
  g_autoptr (GError) feed_error
      = g_error_new_literal (KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_DEVICE, "进卡失败，请联系工作人员");

  state = kiosk_card_feeder_query_state_finish (KIOSK_CARD_FEEDER (source), result, &error);
  if (state != NULL && state->fed > production_of (call->flow)->fed_before)
    {
      /* A card left the hopper: it is accounted to this session. */
      g_autoptr (GError) local = NULL;

      if (!account_fed_card (call->flow, line, &local))
        g_warning ("flow: the fed card could not be taken from the stock: %s", local->message);
    }
  else if (state != NULL)
    kiosk_flow_journal_outcome (call->flow, KIOSK_STEP_FEED, line, "{\"fed\":false}");
  else
    /* The transport does not answer: where the card is, recovery learns. */
    kiosk_flow_journal_outcome (call->flow, KIOSK_STEP_FEED, line, NULL);
  job_finish (call, feed_error);
}

static void
fed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KioskFlowCall *call = user_data;
  Job *job = call->data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) local = NULL;

  if (!kiosk_card_feeder_feed_finish (KIOSK_CARD_FEEDER (source), result, &error))
    {
      if (kiosk_flow_call_is_stale (call, error))
        {
          kiosk_flow_call_free (call);
          return;
        }
      error = kiosk_flow_call_take_error (call, g_steal_pointer (&error));
      job->reason = g_strdup (error->message);
      /* Did a card leave the hopper? The transport's counter says. */
      kiosk_card_feeder_query_state_async (KIOSK_CARD_FEEDER (source), NULL, feed_failed_state_cb,
                                           call);
      return;
    }
  if (kiosk_flow_call_is_stale (call, NULL))
    {
      kiosk_flow_call_free (call);
      return;
    }
  if (!account_fed_card (call->flow, "ok", &local))
    {
      g_autoptr (GError) flow_error = g_error_new (KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_STORE,
                                                   "空白卡库存记录失败 (%s)", local->message);

      job_finish (call, flow_error);
      kiosk_flow_call_free (call);
      return;
    }
  job_finish (call, NULL);
  kiosk_flow_call_free (call);
}

static void
feed_state_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KioskFlowCall *call = user_data;
  KioskFlow *self = call->flow;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) flow_error = NULL;
  g_autoptr (KioskCardFeederState) state = NULL;
  g_autofree char *payload = NULL;
  gint64 counts[KIOSK_CARD_N_STATES] = { 0 };

  state = kiosk_card_feeder_query_state_finish (KIOSK_CARD_FEEDER (source), result, &error);
  if (kiosk_flow_call_is_stale (call, error))
    {
      kiosk_flow_call_free (call);
      return;
    }
  if (state == NULL)
    {
      error = kiosk_flow_call_take_error (call, g_steal_pointer (&error));
      flow_error = kiosk_flow_error_from_device (error);
    }
  else if (kiosk_card_feeder_state_card_inside (state) || state->jammed)
    flow_error = g_error_new_literal (KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_DEVICE,
                                      "制卡设备内有未处理的卡片，请联系工作人员");
  else if (state->hopper_level == 0)
    flow_error = g_error_new_literal (KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_DEVICE,
                                      "空白卡已用完，请联系工作人员");
  else if (!kiosk_store_stock_counts (kiosk_flow_get_store (self), counts, &error)
           || counts[KIOSK_CARD_IN_STOCK] == 0)
    flow_error = g_error_new_literal (KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_DEVICE,
                                      "空白卡库存为零，请联系工作人员");
  if (flow_error != NULL)
    {
      /* Nothing left the hopper: no card is involved. */
      job_finish (call, flow_error);
      kiosk_flow_call_free (call);
      return;
    }

  production_of (self)->fed_before = state->fed;
  payload = g_strdup_printf ("{\"fed_before\":%" G_GUINT64_FORMAT "}", state->fed);
  if (!kiosk_flow_journal_intent (self, KIOSK_STEP_FEED, NULL, payload))
    {
      kiosk_flow_call_free (call);
      return;
    }
  kiosk_card_feeder_feed_async (KIOSK_CARD_FEEDER (source), call->cancellable, fed_cb, call);
}

void
kiosk_flow_feed_card (KioskFlow *self, KioskFlowDone done)
{
  KioskCardFeeder *feeder = feeder_of (self);
  KioskFlowCall *call;

  if (feeder == NULL)
    {
      g_autoptr (GError) error = no_device ("制卡设备");

      done (self, error);
      return;
    }
  call = job_call (self, device_timeout (self), done);
  kiosk_card_feeder_query_state_async (feeder, call->cancellable, feed_state_cb, call);
}

/* ---- print ---------------------------------------------------------------- */

GBytes *
kiosk_flow_render_card_face (const char *name,
                             const char *social_security_number,
                             const char *card_number,
                             const GDate *issue_date,
                             GBytes *photo_jpeg,
                             gboolean temporary,
                             const GDate *valid_until,
                             gboolean preview,
                             double dpi,
                             GError **error)
{
  g_autoptr (KioskCardLayout) layout
      = kiosk_card_layout_load (temporary ? "temporary" : "standard", error);
  KioskCardFaceData data = { 0 };

  if (layout == NULL)
    return NULL;
  data.name = name;
  data.social_security_number = social_security_number;
  data.card_number = card_number;
  data.issue_date = *issue_date;
  data.photo = photo_jpeg;
  data.photo_format = photo_jpeg != NULL ? KIOSK_PHOTO_FORMAT_JPEG : KIOSK_PHOTO_FORMAT_NONE;
  data.temporary = temporary;
  if (valid_until != NULL)
    data.valid_until = *valid_until;
  else
    g_date_clear (&data.valid_until, 1);
  return kiosk_card_face_render_png (
      layout, &data, dpi, preview ? KIOSK_CARD_FACE_PREVIEW : KIOSK_CARD_FACE_PRINT, error);
}

static char *print_payload (KioskFlow *self);
static void print_journaled (KioskFlow *self, GBytes *png, KioskFlowDone done);
static void printed_done (KioskFlow *self, const GError *error);

/* ---- rendering off the main loop -------------------------------------------
 *
 * A card face or a receipt costs 40–50 ms of CPU to render and encode as PNG
 * (zlib, docs/performance.md): far too long for the main loop, which must
 * answer a touch within a frame. They are rendered in one worker thread of
 * their own: one, so that pango's per-thread font map exists once (a pool's
 * changing threads would each load the fonts again). */

typedef struct
{
  KioskFlowRenderFunc func;
  gpointer data;
  GDestroyNotify destroy;
} RenderJob;

static void
render_job_free (gpointer data)
{
  RenderJob *job = data;

  if (job->destroy != NULL)
    job->destroy (job->data);
  g_free (job);
}

static GThreadPool *render_pool;
static GMutex release_lock;
static GCond release_cond;
static gboolean released;
static const char release_job[] = "release the fonts";

static void
render_thread (gpointer data, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  RenderJob *job;
  GError *error = NULL;
  GBytes *png;

  if (data == (gpointer) release_job)
    {
      pango_cairo_font_map_set_default (NULL);
      g_mutex_lock (&release_lock);
      released = TRUE;
      g_cond_broadcast (&release_cond);
      g_mutex_unlock (&release_lock);
      return;
    }
  task = data;
  job = g_task_get_task_data (task);
  png = job->func (job->data, &error);
  /* Pango's font map is per thread: this thread keeps its own from one job
   * to the next (one per job grew the heap by MBs over a day of sessions,
   * bench-flows soak); kiosk_flow_render_release_fonts() gives it back. */
#ifdef __GLIBC__
  /* A face or a receipt is a few MB of surface, freed by now: give it back
   * rather than keep this thread's malloc arena at its peak. */
  malloc_trim (0);
#endif
  if (png != NULL)
    g_task_return_pointer (task, png, (GDestroyNotify) g_bytes_unref);
  else
    g_task_return_error (task, error);
}

void
kiosk_flow_render_async (KioskFlowRenderFunc func,
                         gpointer data,
                         GDestroyNotify destroy,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data)
{
  RenderJob *job = g_new0 (RenderJob, 1);
  GTask *task;

  if (g_once_init_enter (&render_pool))
    g_once_init_leave (&render_pool, g_thread_pool_new (render_thread, NULL, 1, TRUE, NULL));
  job->func = func;
  job->data = data;
  job->destroy = destroy;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiosk_flow_render_async);
  g_task_set_task_data (task, job, render_job_free);
  g_thread_pool_push (render_pool, task, NULL);
}

void
kiosk_flow_render_release_fonts (void)
{
  if (g_atomic_pointer_get (&render_pool) == NULL)
    return;
  g_mutex_lock (&release_lock);
  released = FALSE;
  g_thread_pool_push (render_pool, (gpointer) release_job, NULL);
  while (!released)
    g_cond_wait (&release_cond, &release_lock);
  g_mutex_unlock (&release_lock);
}

GBytes *
kiosk_flow_render_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* What the card face shows: copies, overwritten when freed (personal). */
typedef struct
{
  char *name;
  char *social_security_number;
  char *card_number;
  GDate issue_date;
  GBytes *photo;
  gboolean temporary;
  GDate valid_until;
  gboolean has_valid_until;
  double dpi;
} FaceJob;

static void
wipe_string (char *s)
{
  if (s != NULL)
    explicit_bzero (s, strlen (s));
  g_free (s);
}

static void
face_job_free (gpointer data)
{
  FaceJob *face = data;

  wipe_string (face->name);
  wipe_string (face->social_security_number);
  wipe_string (face->card_number);
  if (face->photo != NULL)
    {
      /* Our own copy (the session's is wiped when it ends, maybe while the
       * face is being rendered). */
      explicit_bzero ((gpointer) g_bytes_get_data (face->photo, NULL),
                      g_bytes_get_size (face->photo));
      g_bytes_unref (face->photo);
    }
  g_free (face);
}

static GBytes *
face_render (gpointer data, GError **error)
{
  FaceJob *face = data;

  return kiosk_flow_render_card_face (
      face->name, face->social_security_number, face->card_number, &face->issue_date, face->photo,
      face->temporary, face->has_valid_until ? &face->valid_until : NULL, FALSE, face->dpi, error);
}

static void
face_rendered_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KioskFlowCall *call = user_data;
  g_autoptr (GError) error = NULL;
  GBytes *png = kiosk_flow_render_finish (result, &error);

  if (kiosk_flow_call_is_stale (call, NULL))
    {
      if (png != NULL)
        {
          explicit_bzero ((gpointer) g_bytes_get_data (png, NULL), g_bytes_get_size (png));
          g_bytes_unref (png);
        }
      kiosk_flow_call_free (call);
      return;
    }
  if (png == NULL)
    {
      g_autofree char *line = g_strdup_printf ("failed: render: %s", error->message);

      if (kiosk_flow_journal_outcome (call->flow, KIOSK_STEP_PRINT, line, NULL))
        kiosk_flow_production_fail (call->flow, KIOSK_STEP_PRINT, "render");
    }
  else
    print_journaled (call->flow, png, printed_done);
  kiosk_flow_call_free (call);
}

void
kiosk_flow_production_print_face (KioskFlow *self,
                                  const char *name,
                                  const char *social_security_number,
                                  const char *card_number,
                                  const GDate *issue_date,
                                  GBytes *photo_jpeg,
                                  gboolean temporary,
                                  const GDate *valid_until)
{
  g_autofree char *payload = print_payload (self);
  FaceJob *face;
  KioskFlowCall *call;

  /* The intent first (a crash from here on is recovered as "print"); the
   * rendering is no effect. */
  if (!kiosk_flow_journal_intent (self, KIOSK_STEP_PRINT, NULL, payload))
    return;
  face = g_new0 (FaceJob, 1);
  call = kiosk_flow_call_new (self, 0);

  face->name = g_strdup (name);
  face->social_security_number = g_strdup (social_security_number);
  face->card_number = g_strdup (card_number);
  face->issue_date = *issue_date;
  face->photo = photo_jpeg != NULL ? g_bytes_new (g_bytes_get_data (photo_jpeg, NULL),
                                                  g_bytes_get_size (photo_jpeg))
                                   : NULL;
  face->temporary = temporary;
  if (valid_until != NULL)
    {
      face->valid_until = *valid_until;
      face->has_valid_until = TRUE;
    }
  face->dpi = kiosk_flow_card_printer_dpi (self);
  kiosk_flow_render_async (face_render, face, face_job_free, call->cancellable, face_rendered_cb,
                           call);
}

#ifdef KIOSK_HAVE_PRINTERS
static void
printed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskFlowCall) call = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPrintJob) print_job = NULL;
  g_autofree char *payload = NULL;
  gboolean ok;

  ok = kiosk_card_printer_print_finish (KIOSK_CARD_PRINTER (source), result, &print_job, &error);
  if (!ok && kiosk_flow_call_is_stale (call, error))
    return;
  if (ok && kiosk_flow_call_is_stale (call, NULL))
    return;
  if (print_job != NULL)
    payload = g_strdup_printf ("{\"job\":%d,\"state\":\"%s\"}", print_job->id,
                               kiosk_print_job_state_to_string (print_job->state));
  if (!ok)
    {
      g_autofree char *line = NULL;
      g_autoptr (GError) flow_error = NULL;

      error = kiosk_flow_call_take_error (call, g_steal_pointer (&error));
      line = g_strdup_printf ("failed: %s", error->message);
      if (!kiosk_flow_journal_outcome (call->flow, KIOSK_STEP_PRINT, line, payload))
        return;
      flow_error = g_error_new (KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_DEVICE, "打印卡面失败 (%s)",
                                error->message);
      job_finish (call, flow_error);
      return;
    }
  if (kiosk_flow_journal_outcome (call->flow, KIOSK_STEP_PRINT, "ok", payload))
    job_finish (call, NULL);
}
#endif

static void
moved_to_printer_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KioskFlowCall *call = user_data;
  Job *job = call->data;
  g_autoptr (GError) error = NULL;
  KioskDevice *printer = kiosk_context_get_card_printer (kiosk_flow_get_context (call->flow));

  if (!kiosk_card_feeder_move_finish (KIOSK_CARD_FEEDER (source), result, &error))
    {
      g_autofree char *line = NULL;
      g_autoptr (GError) flow_error = NULL;

      if (kiosk_flow_call_is_stale (call, error))
        {
          kiosk_flow_call_free (call);
          return;
        }
      error = kiosk_flow_call_take_error (call, g_steal_pointer (&error));
      line = g_strdup_printf ("failed: move: %s", error->message);
      if (kiosk_flow_journal_outcome (call->flow, KIOSK_STEP_PRINT, line, NULL))
        {
          flow_error = kiosk_flow_error_from_device (error);
          job_finish (call, flow_error);
        }
      kiosk_flow_call_free (call);
      return;
    }
  if (kiosk_flow_call_is_stale (call, NULL))
    {
      kiosk_flow_call_free (call);
      return;
    }
#ifdef KIOSK_HAVE_PRINTERS
  if (printer != NULL && KIOSK_IS_CARD_PRINTER (printer))
    {
      kiosk_card_printer_print_async (KIOSK_CARD_PRINTER (printer), "image/png", job->png,
                                      call->cancellable, printed_cb, call);
      return;
    }
#endif
  (void) printer;
  {
    g_autoptr (GError) flow_error = no_device ("卡片打印机");

    if (kiosk_flow_journal_outcome (call->flow, KIOSK_STEP_PRINT, "failed: no card printer", NULL))
      job_finish (call, flow_error);
    kiosk_flow_call_free (call);
  }
}

static char *
print_payload (KioskFlow *self)
{
  return g_strdup_printf ("{\"serial\":\"%s\"}", kiosk_flow_get_card_serial (self));
}

/* The print once its intent is journaled: the card to the print station,
 * then the face (transfer full). */
static void
print_journaled (KioskFlow *self, GBytes *png, KioskFlowDone done)
{
  KioskCardFeeder *feeder = feeder_of (self);
  KioskFlowCall *call;

  call = job_call (self, kiosk_flow_get_settings (self)->production_timeout_s, done);
  ((Job *) call->data)->png = png;
  kiosk_card_feeder_move_async (feeder, KIOSK_CARD_POSITION_PRINTER, call->cancellable,
                                moved_to_printer_cb, call);
}

void
kiosk_flow_print_card (KioskFlow *self, GBytes *png, KioskFlowDone done)
{
  g_autofree char *payload = print_payload (self);

  if (!kiosk_flow_journal_intent (self, KIOSK_STEP_PRINT, NULL, payload))
    {
      explicit_bzero ((gpointer) g_bytes_get_data (png, NULL), g_bytes_get_size (png));
      g_bytes_unref (png);
      return;
    }
  print_journaled (self, png, done);
}

/* ---- move back to the encoder --------------------------------------------- */

static void
moved_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskFlowCall) call = user_data;
  g_autoptr (GError) error = NULL;

  if (!kiosk_card_feeder_move_finish (KIOSK_CARD_FEEDER (source), result, &error))
    {
      g_autoptr (GError) flow_error = NULL;

      if (kiosk_flow_call_is_stale (call, error))
        return;
      error = kiosk_flow_call_take_error (call, g_steal_pointer (&error));
      flow_error = kiosk_flow_error_from_device (error);
      job_finish (call, flow_error);
      return;
    }
  if (!kiosk_flow_call_is_stale (call, NULL))
    job_finish (call, NULL);
}

void
kiosk_flow_move_to_encoder (KioskFlow *self, KioskFlowDone done)
{
  KioskFlowCall *call = job_call (self, device_timeout (self), done);

  kiosk_card_feeder_move_async (feeder_of (self), KIOSK_CARD_POSITION_ENCODER, call->cancellable,
                                moved_cb, call);
}

/* ---- eject ---------------------------------------------------------------- */

typedef struct
{
  KioskStore *store;
  const char *uuid;
  const char *serial;
} IssueTx;

static gboolean
issue_tx (KioskDb *db, gpointer user_data, GError **error)
{
  IssueTx *tx = user_data;

  return kiosk_store_journal_outcome (tx->store, tx->uuid, KIOSK_STEP_EJECT, "ejected", NULL, error)
             > 0
         && kiosk_store_stock_mark_issued (tx->store, tx->serial, error);
}

static void
ejected_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskFlowCall) call = user_data;
  g_autoptr (GError) error = NULL;
  KioskFlow *self = call->flow;
  IssueTx tx = { kiosk_flow_get_store (self), kiosk_flow_get_uuid (self),
                 kiosk_flow_get_card_serial (self) };

  if (!kiosk_card_feeder_eject_finish (KIOSK_CARD_FEEDER (source), result, &error))
    {
      g_autofree char *line = NULL;
      g_autoptr (GError) flow_error = NULL;

      if (kiosk_flow_call_is_stale (call, error))
        return;
      error = kiosk_flow_call_take_error (call, g_steal_pointer (&error));
      line = g_strdup_printf ("failed: %s", error->message);
      if (!kiosk_flow_journal_outcome (self, KIOSK_STEP_EJECT, line, NULL))
        return;
      flow_error = kiosk_flow_error_from_device (error);
      job_finish (call, flow_error);
      return;
    }
  if (kiosk_flow_call_is_stale (call, NULL))
    return;
  if (!kiosk_db_transaction (kiosk_store_get_db (tx.store), issue_tx, &tx, &error))
    {
      g_autoptr (GError) flow_error = g_error_new (KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_STORE,
                                                   "出卡记录失败 (%s)", error->message);

      /* The card is in the slot; recovery finds the eject intent. */
      kiosk_flow_finish_full (self, KIOSK_FLOW_STATE_FAILED, "failed", FALSE, NULL, flow_error,
                              NULL);
      return;
    }
  job_finish (call, NULL);
}

void
kiosk_flow_eject_card (KioskFlow *self, KioskFlowDone done)
{
  g_autofree char *payload
      = g_strdup_printf ("{\"serial\":\"%s\"}", kiosk_flow_get_card_serial (self));
  KioskFlowCall *call;

  if (!kiosk_flow_journal_intent (self, KIOSK_STEP_EJECT, NULL, payload))
    return;
  call = job_call (self, device_timeout (self), done);
  kiosk_card_feeder_eject_async (feeder_of (self), call->cancellable, ejected_cb, call);
}

/* ---- the citizen takes the card ------------------------------------------- */

static void
taken_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskFlowCall) call = user_data;
  g_autoptr (GError) error = NULL;

  if (!kiosk_card_feeder_wait_taken_finish (KIOSK_CARD_FEEDER (source), result, &error))
    {
      g_autoptr (GError) flow_error = NULL;

      if (kiosk_flow_call_is_stale (call, error))
        return;
      error = kiosk_flow_call_take_error (call, g_steal_pointer (&error));
      if (!kiosk_flow_journal_outcome (call->flow, KIOSK_STEP_TAKEN, "not-taken", NULL))
        return;
      flow_error
          = g_error_new_literal (KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_TIMEOUT, "卡片没有被取走");
      job_finish (call, flow_error);
      return;
    }
  if (kiosk_flow_call_is_stale (call, NULL))
    return;
  if (kiosk_flow_journal_outcome (call->flow, KIOSK_STEP_TAKEN, "ok", NULL))
    job_finish (call, NULL);
}

void
kiosk_flow_wait_card_taken (KioskFlow *self, KioskFlowDone done)
{
  guint seconds = kiosk_flow_get_settings (self)->take_card_timeout_s;
  /* The transport's own timeout ends the wait; the call's is a safety net. */
  KioskFlowCall *call = job_call (self, seconds + 10, done);

  kiosk_card_feeder_wait_taken_async (feeder_of (self), seconds * 1000, call->cancellable, taken_cb,
                                      call);
}

/* ---- spoil ---------------------------------------------------------------- */

typedef struct
{
  KioskStore *store;
  const char *uuid;
  const char *serial;
  const char *result;
  const char *reason;
} SpoilTx;

static gboolean
spoil_tx (KioskDb *db, gpointer user_data, GError **error)
{
  SpoilTx *tx = user_data;
  g_autoptr (KioskStockCard) card = NULL;

  if (kiosk_store_journal_outcome (tx->store, tx->uuid, KIOSK_STEP_REJECT, tx->result, NULL, error)
      <= 0)
    return FALSE;
  if (tx->serial == NULL)
    return TRUE;
  card = kiosk_store_stock_get (tx->store, tx->serial, error);
  if (card == NULL)
    return FALSE;
  if (card->state != KIOSK_CARD_IN_MACHINE)
    return TRUE; /* already settled */
  return kiosk_store_stock_mark_spoiled (tx->store, tx->serial, tx->reason, error);
}

static void
rejected_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskFlowCall) call = user_data;
  Job *job = call->data;
  KioskFlow *self = call->flow;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *reason = NULL;
  SpoilTx tx;

  /* The flow waits for this one even when the caller's state moved on:
   * the card has to be accounted. */
  if (!kiosk_card_feeder_reject_finish (KIOSK_CARD_FEEDER (source), result, &error))
    {
      error = kiosk_flow_call_take_error (call, g_steal_pointer (&error));
      line = g_strdup_printf ("failed: %s", error->message);
    }
  reason = g_strdup_printf ("%s: %s", job->step, job->reason);
  tx = (SpoilTx){ kiosk_flow_get_store (self), kiosk_flow_get_uuid (self),
                  kiosk_flow_get_card_serial (self), line != NULL ? line : "ok", reason };
  g_clear_error (&error);
  if (!kiosk_db_transaction (kiosk_store_get_db (tx.store), spoil_tx, &tx, &error))
    {
      g_autoptr (GError) flow_error = g_error_new (KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_STORE,
                                                   "废卡记录失败 (%s)", error->message);

      kiosk_flow_finish_full (self, KIOSK_FLOW_STATE_FAILED, "failed", FALSE, NULL, flow_error,
                              NULL);
      return;
    }
  job_finish (call, NULL);
}

void
kiosk_flow_spoil_card (KioskFlow *self, const char *step, const char *reason, KioskFlowDone done)
{
  KioskCardFeeder *feeder = feeder_of (self);
  g_autofree char *payload = g_strdup_printf ("{\"serial\":\"%s\",\"step\":\"%s\"}",
                                              kiosk_flow_get_card_serial (self), step);
  KioskFlowCall *call;
  Job *job;

  if (feeder == NULL)
    {
      /* The devices are gone: the program is stopping (systemd's SIGTERM
       * during production). No intent without a device to carry it out;
       * the card stays in the journal for the recovery at the next start. */
      g_message ("flow %s: no card transport to spoil the card; left to the recovery",
                 kiosk_flow_get_uuid (self));
      return;
    }
  if (!kiosk_flow_journal_intent (self, KIOSK_STEP_REJECT, NULL, payload))
    return;
  call = job_call (self, device_timeout (self), done);
  job = call->data;
  job->step = g_strdup (step);
  job->reason = g_strdup (reason);
  kiosk_card_feeder_reject_async (feeder, call->cancellable, rejected_cb, call);
}

/* ---- the result to the center (ISSUANCE.md step 9) ------------------------ */

static void
reported_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskFlowCall) call = user_data;
  Job *job = call->data;
  g_autoptr (GError) error = NULL;
  gboolean ok;

  if (job->temporary)
    ok = kiosk_center_report_temporary_card_finish (KIOSK_CENTER (source), result, &error);
  else
    ok = kiosk_center_report_result_finish (KIOSK_CENTER (source), result, &error);
  if (!ok)
    {
      g_autofree char *line = NULL;

      if (kiosk_flow_call_is_stale (call, error))
        return;
      error = kiosk_flow_call_take_error (call, g_steal_pointer (&error));
      line = g_strdup_printf ("unknown: %s", error->message);
      /* Not acknowledged: recovery repeats ":result" with the same request. */
      kiosk_flow_set_leave_open (call->flow, TRUE);
      if (kiosk_flow_journal_outcome (call->flow, KIOSK_STEP_RESULT, line, NULL))
        job_finish (call, error);
      return;
    }
  if (kiosk_flow_call_is_stale (call, NULL))
    return;
  if (kiosk_flow_journal_outcome (call->flow, KIOSK_STEP_RESULT, "acknowledged", NULL))
    job_finish (call, NULL);
}

char *
kiosk_flow_result_payload (KioskStore *store, KioskCenterResult result, const char *spoiled_step)
{
  g_autofree char *head = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) payload = g_string_new ("{\"result\":");

  if (!kiosk_store_audit_head (store, &head, &error))
    g_warning ("audit: the chain's head cannot be read, the result goes without it: %s",
               error->message);
  if (result == KIOSK_CENTER_RESULT_SPOILED)
    {
      g_autofree char *step_json = kiosk_flow_json_string (spoiled_step);

      g_string_append_printf (payload, "\"spoiled\",\"step\":%s", step_json);
    }
  else
    g_string_append (payload, "\"issued\"");
  if (head != NULL)
    g_string_append_printf (payload, ",\"audit_head\":\"%s\"", head);
  g_string_append_c (payload, '}');
  return g_string_free (g_steal_pointer (&payload), FALSE);
}

void
kiosk_flow_report_card_result (KioskFlow *self,
                               const char *application_id,
                               const char *temporary_card_number,
                               KioskCenterResult result,
                               const char *spoiled_step,
                               KioskFlowDone done)
{
  g_autofree char *key = kiosk_flow_key (self, KIOSK_STEP_RESULT);
  g_autofree char *payload = NULL;
  g_autofree char *audit_head = NULL;
  KioskFlowCall *call;
  Job *job;

  payload = kiosk_flow_result_payload (kiosk_flow_get_store (self), result, spoiled_step);
  audit_head = kiosk_flow_json_get (kiosk_flow_get_store (self), payload, "$.audit_head");
  if (!kiosk_flow_journal_intent (self, KIOSK_STEP_RESULT, key, payload))
    return;
  call = job_call (self, kiosk_flow_get_settings (self)->center_timeout_s, done);
  job = call->data;
  job->temporary = application_id == NULL;
  if (job->temporary)
    kiosk_center_report_temporary_card_async (
        kiosk_flow_get_center (self), key,
        kiosk_session_get_id_number (kiosk_flow_get_session (self)), temporary_card_number, result,
        result == KIOSK_CENTER_RESULT_SPOILED ? spoiled_step : NULL, audit_head, call->cancellable,
        reported_cb, call);
  else
    kiosk_center_report_result_async (kiosk_flow_get_center (self), key, application_id, result,
                                      result == KIOSK_CENTER_RESULT_SPOILED ? spoiled_step : NULL,
                                      audit_head, call->cancellable, reported_cb, call);
}

/* ---- the chain of a flow that makes a card -------------------------------- */

static const KioskFlowProductionPlan *
plan_of (KioskFlow *self)
{
  const KioskFlowProductionPlan *plan = KIOSK_FLOW_GET_CLASS (self)->production;

  g_assert (plan != NULL);
  return plan;
}

void
kiosk_flow_production_set_subject (KioskFlow *self,
                                   const char *application_id,
                                   const char *temporary_card_number)
{
  Production *production = production_of (self);

  g_free (production->application_id);
  production->application_id = g_strdup (application_id);
  if (production->temporary_number != NULL)
    explicit_bzero (production->temporary_number, strlen (production->temporary_number));
  g_free (production->temporary_number);
  production->temporary_number = g_strdup (temporary_card_number);
}

const char *
kiosk_flow_production_get_failed_step (KioskFlow *self)
{
  return production_of (self)->failed_step;
}

void
kiosk_flow_production_fail (KioskFlow *self, const char *step, const char *reason)
{
  Production *production = production_of (self);

  g_free (production->failed_step);
  production->failed_step = g_strdup (step);
  g_free (production->failed_reason);
  production->failed_reason = g_strdup (reason);
  kiosk_flow_set_step_status (self, step, KIOSK_FLOW_STEP_FAILED);
  kiosk_flow_set_state (self, plan_of (self)->spoil_state);
}

static void
printed_done (KioskFlow *self, const GError *error)
{
  if (error != NULL)
    kiosk_flow_production_fail (self, KIOSK_STEP_PRINT, error->message);
  else
    kiosk_flow_set_state (self, plan_of (self)->after_print_state);
}

double
kiosk_flow_card_printer_dpi (KioskFlow *self)
{
  KioskDevice *printer = kiosk_context_get_card_printer (kiosk_flow_get_context (self));

#ifdef KIOSK_HAVE_PRINTERS
  if (printer != NULL && KIOSK_IS_CARD_PRINTER (printer))
    return kiosk_card_printer_get_dpi (KIOSK_CARD_PRINTER (printer));
#endif
  (void) printer;
  return 300;
}

void
kiosk_flow_production_print (KioskFlow *self, GBytes *face, const GError *render_error)
{
  if (face == NULL)
    {
      g_autofree char *line = g_strdup_printf (
          "failed: render: %s", render_error != NULL ? render_error->message : "no face");

      if (kiosk_flow_journal_intent (self, KIOSK_STEP_PRINT, NULL, NULL)
          && kiosk_flow_journal_outcome (self, KIOSK_STEP_PRINT, line, NULL))
        kiosk_flow_production_fail (self, KIOSK_STEP_PRINT, "render");
      return;
    }
  kiosk_flow_print_card (self, face, printed_done);
}

static void
ejected_done (KioskFlow *self, const GError *error)
{
  if (error != NULL)
    kiosk_flow_production_fail (self, KIOSK_STEP_EJECT, error->message);
  else
    kiosk_flow_set_state (self, plan_of (self)->take_card_state);
}

void
kiosk_flow_production_eject (KioskFlow *self)
{
  kiosk_flow_eject_card (self, ejected_done);
}

static void
taken_done (KioskFlow *self, const GError *error)
{
  /* The card was handed out either way (ISSUANCE.md step 8). */
  kiosk_flow_set_state (self, plan_of (self)->report_state);
}

void
kiosk_flow_production_take_card (KioskFlow *self)
{
  kiosk_flow_wait_card_taken (self, taken_done);
}

static void
reported_done (KioskFlow *self, const GError *error)
{
  /* The card is in the citizen's hands either way; without the center's
   * acknowledgement the session stays open and recovery repeats ":result". */
  kiosk_flow_set_state (self, plan_of (self)->receipt_state);
}

void
kiosk_flow_production_report (KioskFlow *self)
{
  Production *production = production_of (self);

  kiosk_flow_report_card_result (self, production->application_id, production->temporary_number,
                                 KIOSK_CENTER_RESULT_ISSUED, NULL, reported_done);
}

static void
spoil_reported_done (KioskFlow *self, const GError *error)
{
  const KioskFlowProductionPlan *plan = plan_of (self);
  g_autoptr (GError) spoiled
      = g_error_new (KIOSK_FLOW_ERROR, KIOSK_FLOW_ERROR_SPOILED, "%s（%s），该卡已回收作废",
                     plan->spoiled_what, production_of (self)->failed_step);

  /* Without the center's acknowledgement the session stays open. */
  kiosk_flow_finish_full (self, KIOSK_FLOW_STATE_FAILED, "spoiled", TRUE, NULL, spoiled,
                          error != NULL && plan->spoiled_unacknowledged != NULL
                              ? plan->spoiled_unacknowledged
                              : plan->spoiled_message);
}

static void
spoiled_done (KioskFlow *self, const GError *error)
{
  Production *production = production_of (self);

  kiosk_flow_report_card_result (self, production->application_id, production->temporary_number,
                                 KIOSK_CENTER_RESULT_SPOILED, production->failed_step,
                                 spoil_reported_done);
}

void
kiosk_flow_production_spoil (KioskFlow *self)
{
  Production *production = production_of (self);

  kiosk_flow_spoil_card (self, production->failed_step, production->failed_reason, spoiled_done);
}
