/* kiosk-selftest-test-card.c — the card printer's self-test: a test card through the machine
 *
 * Journaled like an issuance (ISSUANCE.md), in a "technician-test-card"
 * session: feed (intent with the transport's fed counter; the stock card is
 * taken only once a card left the hopper, in one transaction with the
 * outcome), move to the print station, print (intent, outcome with the job),
 * reject into the bin, stock card spoiled "self-test: test card". A failure
 * at any step still takes the card to the bin and spoils it; a card that
 * never left the hopper involves no stock card.
 */
#define G_LOG_DOMAIN "kiosk-technician"

#include "config.h"

#include <time.h>

#include "kiosk-card-face.h"
#include "kiosk-card-feeder.h"
#include "kiosk-card-layout.h"
#include "kiosk-card-printer.h"
#include "kiosk-card-stock.h"
#include "kiosk-device-selftest-private.h"

#define TEST_CARD_REASON "self-test: test card"

/* The test face: the formal layout, a grey test photo, no one's data. */
static GBytes *
render_test_face (KioskCardPrinter *printer, GError **error)
{
  g_autoptr (KioskCardLayout) layout = kiosk_card_layout_load ("standard", error);
  g_autoptr (GBytes) photo = NULL;
  KioskCardFaceData data = { 0 };
  guint8 *pixels;
  const guint w = 358, h = 441;

  if (layout == NULL)
    return NULL;
  pixels = g_malloc ((gsize) w * h * 3);
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      {
        /* A grey ramp with a cross: banding and offsets show at a glance. */
        guint8 v = (x == w / 2 || y == h / 2) ? 0 : (guint8) (96 + (x + y) * 128 / (w + h));
        guint8 *px = pixels + ((gsize) y * w + x) * 3;

        px[0] = px[1] = px[2] = v;
      }
  photo = g_bytes_new_take (pixels, (gsize) w * h * 3);
  data.name = "测试卡";
  data.social_security_number = "000000000000000000";
  data.card_number = "TEST00000";
  g_date_clear (&data.issue_date, 1);
  g_date_set_time_t (&data.issue_date, time (NULL));
  data.photo = photo;
  data.photo_format = KIOSK_PHOTO_FORMAT_RGB;
  data.photo_width = w;
  data.photo_height = h;
  return kiosk_card_face_render_png (layout, &data, kiosk_card_printer_get_dpi (printer),
                                     KIOSK_CARD_FACE_PRINT, error);
}

static KioskCardFeeder *
feeder_of (KioskSelftestRun *run)
{
  return KIOSK_CARD_FEEDER (run->feeder);
}

static void
journal_warn (const GError *error)
{
  if (error != NULL)
    g_warning ("test card journal: %s", error->message);
}

static void
test_card_end (GTask *task)
{
  KioskSelftestRun *run = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  const char *outcome = run->result->card_serial != NULL ? "spoiled" : "cancelled";

  if (!kiosk_store_session_close (run->store, run->uuid, outcome, &error))
    journal_warn (error);
  if (run->failure != NULL)
    kiosk_selftest_finish (task, FALSE, "测试卡未完成 (the test card failed): %s", run->failure);
  else
    kiosk_selftest_finish (
        task, TRUE, "测试卡已打印，已送入回收箱 (test card printed; it is in the reject bin)");
}

static void
set_failure (KioskSelftestRun *run, const char *step, const GError *error)
{
  if (run->failure == NULL)
    run->failure = g_strdup_printf ("%s: %s", step, error->message);
}

static void
test_card_rejected_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  KioskSelftestRun *run = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) journal = NULL;
  g_autofree char *reason = NULL;
  gboolean ok = kiosk_card_feeder_reject_finish (feeder_of (run), result, &error);

  if (!ok)
    set_failure (run, "reject", error);
  if (kiosk_store_journal_outcome (run->store, run->uuid, "reject",
                                   ok ? "ok" : "failed: the card stays in the transport", NULL,
                                   &journal)
      <= 0)
    journal_warn (journal);
  g_clear_error (&journal);
  /* Spoiled either way: a card left in a jammed path is no blank any more. */
  reason = run->failure != NULL ? g_strdup_printf ("self-test: %s", run->failure)
                                : g_strdup (TEST_CARD_REASON);
  if (!kiosk_store_stock_mark_spoiled (run->store, run->result->card_serial, reason, &journal))
    journal_warn (journal);
  test_card_end (task);
}

static void
test_card_reject (GTask *task)
{
  KioskSelftestRun *run = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (kiosk_store_journal_intent (run->store, run->uuid, "reject", NULL, NULL, &error) <= 0)
    journal_warn (error);
  /* Not cancellable: the card must leave the path. */
  kiosk_card_feeder_reject_async (feeder_of (run), NULL, test_card_rejected_cb, task);
}

static void
test_card_printed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  KioskSelftestRun *run = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) journal = NULL;
  g_autoptr (KioskPrintJob) job = NULL;
  g_autofree char *outcome = NULL;
  gboolean ok = kiosk_card_printer_print_finish (KIOSK_CARD_PRINTER (source), result, &job, &error);

  kiosk_selftest_add_job_fields (run, job);
  if (!ok)
    set_failure (run, "print", error);
  outcome = ok ? g_strdup_printf ("ok: job %d", job != NULL ? job->id : 0)
               : g_strdup_printf ("failed: %s", error->message);
  if (kiosk_store_journal_outcome (run->store, run->uuid, "print", outcome, NULL, &journal) <= 0)
    journal_warn (journal);
  test_card_reject (task);
}

static void
test_card_moved_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  KioskSelftestRun *run = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) face = NULL;

  if (!kiosk_card_feeder_move_finish (feeder_of (run), result, &error))
    {
      set_failure (run, "move", error);
      test_card_reject (task);
      return;
    }
  face = render_test_face (KIOSK_CARD_PRINTER (run->device), &error);
  if (face == NULL)
    {
      set_failure (run, "render", error);
      test_card_reject (task);
      return;
    }
  if (kiosk_store_journal_intent (run->store, run->uuid, "print", NULL, NULL, &error) <= 0)
    {
      set_failure (run, "journal", error);
      test_card_reject (task);
      return;
    }
  kiosk_card_printer_print_async (KIOSK_CARD_PRINTER (run->device), "image/png", face, NULL,
                                  test_card_printed_cb, task);
}

typedef struct
{
  KioskStore *store;
  const char *uuid;
  const char *result;
  char *serial;
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
  return kiosk_store_journal_outcome (tx->store, tx->uuid, "feed", tx->result, payload, error) > 0;
}

/* The card that left the hopper becomes the session's stock card, in one
 * transaction with the feed's outcome (as the issuance does). */
static gboolean
account_fed_card (KioskSelftestRun *run, const char *result, GError **error)
{
  TakeTx tx = { run->store, run->uuid, result, NULL };

  if (!kiosk_db_transaction (kiosk_store_get_db (run->store), take_tx, &tx, error))
    {
      g_free (tx.serial);
      return FALSE;
    }
  run->result->card_serial = tx.serial;
  kiosk_selftest_add_field (run, "card_serial", "测试卡卡号", g_strdup (tx.serial));
  return TRUE;
}

static void
test_card_after_feed (GTask *task, gboolean fed, const char *why)
{
  KioskSelftestRun *run = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (!fed)
    {
      /* No card left the hopper: nothing to account. */
      if (kiosk_store_journal_outcome (run->store, run->uuid, "feed", why, NULL, &error) <= 0)
        journal_warn (error);
      test_card_end (task);
      return;
    }
  if (!account_fed_card (run, run->failure != NULL ? "failed: a card left the hopper" : "ok",
                         &error))
    {
      /* The stock has no card for it (empty, or the store failed): the
       * card still goes to the bin; the reconciliation will show it. */
      set_failure (run, "stock", error);
      test_card_reject (task);
      return;
    }
  if (run->failure != NULL)
    {
      test_card_reject (task);
      return;
    }
  kiosk_card_feeder_move_async (feeder_of (run), KIOSK_CARD_POSITION_PRINTER, NULL,
                                test_card_moved_cb, task);
}

static void
test_card_state_after_failed_feed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  KioskSelftestRun *run = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCardFeederState) state
      = kiosk_card_feeder_query_state_finish (feeder_of (run), result, &error);

  /* Unknown: assume a card left, so that it is looked for and accounted. */
  test_card_after_feed (task, state == NULL || state->fed > run->fed_before, run->failure);
}

static void
test_card_fed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  KioskSelftestRun *run = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (kiosk_card_feeder_feed_finish (feeder_of (run), result, &error))
    {
      test_card_after_feed (task, TRUE, NULL);
      return;
    }
  set_failure (run, "feed", error);
  kiosk_card_feeder_query_state_async (feeder_of (run), NULL, test_card_state_after_failed_feed_cb,
                                       task);
}

static void
test_card_state_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  KioskSelftestRun *run = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCardFeederState) state
      = kiosk_card_feeder_query_state_finish (feeder_of (run), result, &error);
  g_autofree char *payload = NULL;

  if (state == NULL)
    {
      if (!kiosk_selftest_cancelled (task, error))
        kiosk_selftest_finish (task, FALSE,
                               "卡片传送装置无应答 (the card transport did not answer): %s",
                               error->message);
      return;
    }
  if (state->jammed || kiosk_card_feeder_state_card_inside (state) || state->hopper_level == 0)
    {
      kiosk_selftest_finish (task, FALSE, "卡片传送装置未就绪 (the transport is not ready: %s)",
                             state->jammed                                 ? "jammed"
                             : kiosk_card_feeder_state_card_inside (state) ? "a card is in the path"
                                                                           : "the hopper is empty");
      return;
    }
  run->fed_before = state->fed;
  run->uuid = kiosk_store_session_begin (run->store, KIOSK_CARD_STOCK_SERVICE_TEST, &error);
  payload = g_strdup_printf ("{\"fed\":%" G_GUINT64_FORMAT "}", state->fed);
  if (run->uuid == NULL
      || kiosk_store_journal_intent (run->store, run->uuid, "feed", NULL, payload, &error) <= 0)
    {
      kiosk_selftest_finish (task, FALSE, "无法记录测试卡 (the test card cannot be journaled): %s",
                             error->message);
      return;
    }
  /* From here on the card is settled to the end, whatever the cancellable. */
  kiosk_card_feeder_feed_async (feeder_of (run), NULL, test_card_fed_cb, task);
}

void
kiosk_selftest_start_test_card (GTask *task)
{
  KioskSelftestRun *run = g_task_get_task_data (task);
  KioskDevice *feeder
      = kiosk_device_manager_get_device_by_kind (run->devices, KIOSK_DEVICE_KIND_CARD_FEEDER);

  if (feeder == NULL || !KIOSK_IS_CARD_FEEDER (feeder))
    {
      kiosk_selftest_finish (
          task, FALSE,
          "没有卡片传送装置，无法送卡打印 (no card transport: a test card cannot "
          "be fed)");
      return;
    }
  if (run->store == NULL)
    {
      kiosk_selftest_finish (task, FALSE,
                             "没有数据库，测试卡无法记账 (no store: the test card cannot be "
                             "accounted)");
      return;
    }
  run->feeder = g_object_ref (feeder);
  kiosk_card_feeder_query_state_async (KIOSK_CARD_FEEDER (feeder), g_task_get_cancellable (task),
                                       test_card_state_cb, task);
}
