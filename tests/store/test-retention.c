/* test-retention.c — the purge clears photos and personal fields of old finished sessions only */
#include "config.h"

#include "kiosk-db.h"
#include "kiosk-store.h"
#include "store-test-util.h"

#define DAY       (G_GINT64_CONSTANT (86400))
#define NOW       (G_GINT64_CONSTANT (1750000000))
#define ID_NUMBER "22010219900307123X"

typedef struct
{
  char *dir;
  char *photos;
  StoreTestClock clock;
  KioskStore *store;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->clock.now = NOW - 100 * DAY;
  f->store = store_test_open (&f->dir, &f->clock);
  f->photos = g_build_filename (f->dir, "photos", NULL);
  g_assert_cmpint (g_mkdir_with_parents (f->photos, 0700), ==, 0);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  g_free (f->photos);
  g_free (f->dir);
}

/* A session with personal data, a photo file and a journal payload, finished
 * `days_ago` days before NOW (or left open when days_ago < 0). */
static char *
make_session (Fixture *f, const char *photo, gint64 days_ago)
{
  g_autoptr (GError) error = NULL;
  char *uuid;

  f->clock.now = NOW - 100 * DAY;
  uuid = kiosk_store_session_begin (f->store, "green-channel", &error);
  g_assert_no_error (error);
  g_assert_true (
      kiosk_store_session_set_person (f->store, uuid, ID_NUMBER, "张三", "13912345678", &error));
  if (photo != NULL)
    {
      g_autofree char *path = g_build_filename (f->photos, photo, NULL);
      g_assert_true (g_file_set_contents (path, "\xff\xd8 jpeg", -1, &error));
      g_assert_true (kiosk_store_session_set_photo (f->store, uuid, photo, &error));
    }
  g_assert_cmpint (
      kiosk_store_journal_intent (f->store, uuid, "apply", NULL, "{\"bank\":\"ICBC\"}", &error), >,
      0);
  g_assert_cmpint (kiosk_store_journal_outcome (f->store, uuid, "apply", "ok",
                                                "{\"application\":\"A-1\"}", &error),
                   >, 0);
  if (days_ago >= 0)
    {
      f->clock.now = NOW - days_ago * DAY;
      g_assert_true (kiosk_store_session_close (f->store, uuid, "issued", &error));
    }
  g_assert_no_error (error);
  return uuid;
}

static void
assert_purged (Fixture *f, const char *uuid, gboolean purged)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskJournalSession) session = kiosk_store_session_get (f->store, uuid, &error);
  g_autoptr (GPtrArray) steps = kiosk_store_list_steps (f->store, uuid, &error);
  g_autofree char *id = NULL, *name = NULL, *phone = NULL, *photo = NULL;
  guint i;

  g_assert_no_error (error);
  g_assert_true (
      kiosk_store_session_get_person (f->store, uuid, &id, &name, &phone, &photo, &error));
  /* What stays either way: the masked subject and every journal step. */
  g_assert_cmpstr (session->subject_masked, ==, "2201**********123X 张*");
  g_assert_cmpuint (steps->len, ==, 2);
  g_assert_cmpstr (((KioskJournalStep *) steps->pdata[1])->result, ==, "ok");
  if (purged)
    {
      g_assert_cmpint (session->purged, ==, NOW);
      g_assert_null (id);
      g_assert_null (name);
      g_assert_null (phone);
      g_assert_null (photo);
      g_assert_false (session->has_photo);
      for (i = 0; i < steps->len; i++)
        g_assert_null (((KioskJournalStep *) steps->pdata[i])->payload);
    }
  else
    {
      g_assert_cmpint (session->purged, ==, 0);
      g_assert_cmpstr (id, ==, ID_NUMBER);
      g_assert_cmpstr (name, ==, "张三");
      g_assert_cmpstr (phone, ==, "13912345678");
      g_assert_nonnull (((KioskJournalStep *) steps->pdata[0])->payload);
    }
}

static gboolean
photo_exists (Fixture *f, const char *name)
{
  g_autofree char *path = g_build_filename (f->photos, name, NULL);
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
test_purge (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *old = make_session (f, "old.jpg", 40);
  g_autofree char *old_no_photo = make_session (f, NULL, 31);
  g_autofree char *edge = make_session (f, "edge.jpg", 30);
  g_autofree char *recent = make_session (f, "recent.jpg", 10);
  g_autofree char *open = make_session (f, "open.jpg", -1);
  g_autoptr (KioskAuditVerdict) verdict = NULL;

  g_assert_cmpint (kiosk_store_purge (f->store, NOW, 30, &error), ==, 3);
  g_assert_no_error (error);
  assert_purged (f, old, TRUE);
  assert_purged (f, old_no_photo, TRUE);
  assert_purged (f, edge, TRUE); /* exactly 30 days is "at least 30 days" */
  assert_purged (f, recent, FALSE);
  assert_purged (f, open, FALSE);
  g_assert_false (photo_exists (f, "old.jpg"));
  g_assert_false (photo_exists (f, "edge.jpg"));
  g_assert_true (photo_exists (f, "recent.jpg"));
  g_assert_true (photo_exists (f, "open.jpg"));

  /* Nothing more to do the second time; one audit entry for the first. */
  g_assert_cmpint (kiosk_store_purge (f->store, NOW, 30, &error), ==, 0);
  g_assert_cmpint (store_test_query_int (
                       f->store, "SELECT count(*) FROM audit WHERE action = 'retention.purge'"),
                   ==, 1);
  verdict = kiosk_store_audit_verify (f->store, &error);
  g_assert_true (verdict->ok);

  /* Retention 0: every finished session, never an open one. */
  g_assert_cmpint (kiosk_store_purge (f->store, NOW, 0, &error), ==, 1);
  g_assert_false (photo_exists (f, "recent.jpg"));
  assert_purged (f, open, FALSE);
  g_assert_true (photo_exists (f, "open.jpg"));
}

static void
test_photo_trouble (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *gone = make_session (f, "gone.jpg", 40);
  g_autofree char *stuck = make_session (f, "stuck.jpg", 40);
  g_autofree char *forged = make_session (f, NULL, 40);
  g_autofree char *stuck_path = g_build_filename (f->photos, "stuck.jpg", NULL);
  g_autofree char *gone_path = g_build_filename (f->photos, "gone.jpg", NULL);
  g_autofree char *inner = g_build_filename (stuck_path, "x", NULL);
  g_autofree char *outside = g_build_filename (f->dir, "outside.jpg", NULL);
  g_autofree char *sql = NULL;

  /* A photo already deleted (a purge cut short) is fine. */
  g_assert_cmpint (g_unlink (gone_path), ==, 0);
  /* A photo that cannot be deleted (here: a directory in its place) keeps
   * its session for the next purge, even for root. */
  g_assert_cmpint (g_unlink (stuck_path), ==, 0);
  g_assert_cmpint (g_mkdir (stuck_path, 0700), ==, 0);
  g_assert_true (g_file_set_contents (inner, "x", -1, &error));
  /* A photo name written into the database by hand never reaches outside. */
  g_assert_true (g_file_set_contents (outside, "keep me", -1, &error));
  sql = g_strdup_printf ("UPDATE sessions SET photo = '../outside.jpg' WHERE uuid = '%s'", forged);
  g_assert_true (kiosk_db_exec (kiosk_store_get_db (f->store), sql, &error));

  g_assert_cmpint (kiosk_store_purge (f->store, NOW, 30, &error), ==, 1);
  g_assert_no_error (error);
  assert_purged (f, gone, TRUE);
  assert_purged (f, stuck, FALSE);
  assert_purged (f, forged, FALSE);
  g_assert_true (g_file_test (outside, G_FILE_TEST_EXISTS));

  /* Once the obstacle is gone, the next purge finishes the job. */
  g_assert_cmpint (g_unlink (inner), ==, 0);
  g_assert_cmpint (g_rmdir (stuck_path), ==, 0);
  g_assert_cmpint (kiosk_store_purge (f->store, NOW, 30, &error), ==, 1);
  assert_purged (f, stuck, TRUE);
}

/* Cards taken by a purged session are still accounted, with the session named. */
static void
test_stock_survives (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *serial = NULL;
  g_autoptr (KioskStockCard) card = NULL;

  g_assert_cmpint (kiosk_store_stock_load_batch (f->store, "R001", 2, "tech", &error), >, 0);
  f->clock.now = NOW - 100 * DAY;
  uuid = kiosk_store_session_begin (f->store, "green-channel", &error);
  serial = kiosk_store_stock_take (f->store, uuid, &error);
  g_assert_true (kiosk_store_stock_mark_issued (f->store, serial, &error));
  g_assert_true (kiosk_store_session_close (f->store, uuid, "issued", &error));
  g_assert_cmpint (kiosk_store_purge (f->store, NOW, 30, &error), ==, 1);
  card = kiosk_store_stock_get (f->store, serial, &error);
  g_assert_cmpint (card->state, ==, KIOSK_CARD_ISSUED);
  g_assert_cmpstr (card->session, ==, uuid);
}

static gboolean
on_guard (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The program's purge (kiosk_store_retention_start): due sessions at once,
 * at the store's clock; then again from the main loop every interval, so a
 * session that becomes due while the program runs is purged without a restart. */
static void
test_scheduled (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *old = make_session (f, "old.jpg", 40);
  g_autofree char *recent = make_session (f, "recent.jpg", 1);
  g_autofree char *open = make_session (f, NULL, -1);
  g_autoptr (KioskJournalSession) session = NULL;
  gboolean timed_out = FALSE;
  guint guard;
  guint id;

  f->clock.now = NOW;
  id = kiosk_store_retention_start (f->store, 30, 1);
  g_assert_cmpuint (id, >, 0);
  /* At once, before any main loop runs. */
  assert_purged (f, old, TRUE);
  g_assert_false (photo_exists (f, "old.jpg"));
  assert_purged (f, recent, FALSE);

  /* 29 days later the recent one is due: the next run of the timer. */
  f->clock.now = NOW + 29 * DAY;
  guard = g_timeout_add_seconds (5, on_guard, &timed_out);
  while (!timed_out)
    {
      g_clear_pointer (&session, kiosk_journal_session_free);
      session = kiosk_store_session_get (f->store, recent, &error);
      g_assert_no_error (error);
      if (session->purged != 0)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_false (timed_out);
  g_source_remove (guard);
  g_assert_cmpint (session->purged, ==, NOW + 29 * DAY);
  g_assert_false (photo_exists (f, "recent.jpg"));
  assert_purged (f, open, FALSE);
  g_assert_cmpint (kiosk_store_purge_due (f->store, 30), ==, 0);

  /* The timer holds the store; removing it lets the store go. */
  g_source_remove (id);
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);

  g_test_add ("/retention/purge", Fixture, NULL, fixture_set_up, test_purge, fixture_tear_down);
  g_test_add ("/retention/photo-trouble", Fixture, NULL, fixture_set_up, test_photo_trouble,
              fixture_tear_down);
  g_test_add ("/retention/stock-survives", Fixture, NULL, fixture_set_up, test_stock_survives,
              fixture_tear_down);
  g_test_add ("/retention/scheduled", Fixture, NULL, fixture_set_up, test_scheduled,
              fixture_tear_down);

  return kiosk_test_run ();
}
