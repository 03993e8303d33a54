/* test-crash.c — a writer killed with SIGKILL inside a transaction loses nothing committed
 *
 * The child opens the store, commits some journal steps, opens a transaction,
 * writes more than the page cache holds (so uncommitted pages reach the WAL
 * file), tells the parent through a pipe and blocks. The parent kills it with
 * SIGKILL at that moment — deterministically inside the open transaction —
 * and reopens the database: committed steps are there, uncommitted ones are
 * not, and PRAGMA integrity_check says ok.
 *
 * SIGKILL tests the process dying, not the power going out: the kernel still
 * writes what was in its page cache. synchronous=FULL (checked in test-db) is
 * what makes a commit reach the disk before the call returns.
 */
#include "config.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kiosk-db.h"
#include "kiosk-store.h"
#include "store-test-util.h"

#define UNCOMMITTED_STEPS 400

static void
write_byte (int fd, char c)
{
  while (write (fd, &c, 1) != 1)
    ;
}

static void
child_fail (int fd, const char *what, GError *error)
{
  g_printerr ("child: %s: %s\n", what, error ? error->message : "failed");
  write_byte (fd, 'E');
  _exit (1);
}

/* The writer. Never returns: it is killed, or exits 1 on an error. */
static void
child_writer (const char *path, const char *uuid, int fd)
{
  GError *error = NULL;
  KioskStore *store = kiosk_store_open (path, NULL, "JL-CRASH", &error);
  KioskDb *db;
  g_autofree char *payload = g_strnfill (2000, 'x');
  g_autofree char *json = g_strdup_printf ("{\"filler\":\"%s\"}", payload);
  char *serial;
  int i;

  if (store == NULL)
    child_fail (fd, "open", error);
  db = kiosk_store_get_db (store);

  /* Committed: the intent of "feed", and the card it takes. */
  if (kiosk_store_journal_intent (store, uuid, "feed", NULL, "{\"hopper\":1}", &error) != 3)
    child_fail (fd, "intent feed", error);
  serial = kiosk_store_stock_take (store, uuid, &error);
  if (serial == NULL)
    child_fail (fd, "take", error);

  /* Uncommitted: a small cache forces the transaction's pages into the WAL
   * before any commit, the hardest case for recovery. */
  if (!kiosk_db_exec (db, "PRAGMA cache_size = 8", &error) || !kiosk_db_begin (db, &error))
    child_fail (fd, "begin", error);
  if (kiosk_store_journal_outcome (store, uuid, "feed", "ok", NULL, &error) != 4)
    child_fail (fd, "outcome feed", error);
  if (!kiosk_store_stock_mark_issued (store, serial, &error))
    child_fail (fd, "issued", error);
  for (i = 0; i < UNCOMMITTED_STEPS; i++)
    if (kiosk_store_journal_intent (store, uuid, "filler", NULL, json, &error) == 0)
      child_fail (fd, "filler", error);
  if (kiosk_store_audit_append (store, "child", "uncommitted", "never seen", &error) == 0)
    child_fail (fd, "audit", error);

  /* Inside the open transaction: tell the parent, then wait to be killed. */
  write_byte (fd, 'K');
  for (;;)
    pause ();
}

static void
test_sigkill_mid_transaction (void)
{
  g_autofree char *dir = store_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "kiosk.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskStore) store = NULL;
  g_autoptr (GPtrArray) steps = NULL;
  g_autoptr (KioskAuditVerdict) verdict = NULL;
  g_autoptr (GPtrArray) cards = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *report = NULL;
  gint64 counts[KIOSK_CARD_N_STATES];
  gboolean ok = FALSE;
  int fds[2];
  pid_t pid;
  int status = 0;
  char c = 0;
  GStatBuf st;

  /* Before the crash: a session with a committed step, a batch of cards. */
  store = kiosk_store_open (path, NULL, "JL-CRASH", &error);
  g_assert_no_error (error);
  uuid = kiosk_store_session_begin (store, "green-channel", &error);
  g_assert_cmpint (kiosk_store_journal_intent (store, uuid, "apply", NULL, "{}", &error), ==, 1);
  g_assert_cmpint (kiosk_store_journal_outcome (store, uuid, "apply", "ok", "{}", &error), ==, 2);
  g_assert_cmpint (kiosk_store_stock_load_batch (store, "K0001", 3, "tech", &error), >, 0);
  g_assert_no_error (error);
  /* No connection crosses the fork. */
  g_clear_object (&store);

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      close (fds[0]);
      child_writer (path, uuid, fds[1]);
      _exit (2);
    }
  close (fds[1]);
  g_assert_cmpint (read (fds[0], &c, 1), ==, 1);
  g_assert_cmpint (c, ==, 'K'); /* 'E': the child failed before the transaction */

  /* The uncommitted transaction has reached the WAL file. */
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 100 * 1024);

  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
  close (fds[0]);

  /* Restart. */
  store = kiosk_store_open (path, NULL, "JL-CRASH", &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_db_integrity_check (kiosk_store_get_db (store), &ok, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (report, ==, "ok");
  g_assert_true (ok);

  /* Committed steps are there, in order; the uncommitted ones are not. */
  steps = kiosk_store_list_steps (store, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (steps->len, ==, 3);
  g_assert_cmpstr (((KioskJournalStep *) steps->pdata[0])->step, ==, "apply");
  g_assert_cmpstr (((KioskJournalStep *) steps->pdata[1])->step, ==, "apply");
  g_assert_cmpstr (((KioskJournalStep *) steps->pdata[2])->step, ==, "feed");
  g_assert_cmpint (((KioskJournalStep *) steps->pdata[2])->phase, ==, KIOSK_JOURNAL_INTENT);
  g_assert_cmpint (store_test_query_int (store, "SELECT count(*) FROM steps WHERE step = 'filler'"),
                   ==, 0);

  /* The card taken before the transaction is still in the machine, not issued. */
  g_assert_true (kiosk_store_stock_counts (store, counts, &error));
  g_assert_cmpint (counts[KIOSK_CARD_IN_STOCK], ==, 2);
  g_assert_cmpint (counts[KIOSK_CARD_IN_MACHINE], ==, 1);
  g_assert_cmpint (counts[KIOSK_CARD_ISSUED], ==, 0);
  cards = kiosk_store_stock_list (store, KIOSK_CARD_IN_MACHINE, &error);
  g_assert_cmpstr (((KioskStockCard *) cards->pdata[0])->serial, ==, "K0001");
  g_assert_cmpstr (((KioskStockCard *) cards->pdata[0])->session, ==, uuid);

  /* The audit chain is whole, without the uncommitted entry. */
  verdict = kiosk_store_audit_verify (store, &error);
  g_assert_true (verdict->ok);
  g_assert_cmpint (verdict->n_entries, ==, 1);

  /* Recovery sees the session as open, its last entry the feed intent. */
  {
    g_autoptr (GPtrArray) open = kiosk_store_list_open_sessions (store, &error);
    KioskJournalSession *session;

    g_assert_cmpuint (open->len, ==, 1);
    session = open->pdata[0];
    g_assert_cmpstr (session->last_step, ==, "feed");
    g_assert_cmpint (session->last_phase, ==, KIOSK_JOURNAL_INTENT);
  }

  /* And the store goes on: the next entry takes the next number. */
  g_assert_cmpint (kiosk_store_journal_outcome (store, uuid, "feed", "ok", NULL, &error), ==, 4);
}

/* Each step the writer acknowledged (after its commit returned) survives a
 * kill at an arbitrary moment, and the sequence has no hole. */
static void
test_sigkill_while_committing (void)
{
  int round;

  for (round = 0; round < 3; round++)
    {
      g_autofree char *dir = store_test_tmpdir ();
      g_autofree char *path = g_build_filename (dir, "kiosk.db", NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (KioskStore) store = kiosk_store_open (path, NULL, "JL-CRASH", &error);
      g_autofree char *uuid = kiosk_store_session_begin (store, "green-channel", &error);
      g_autofree char *report = NULL;
      int fds[2];
      int acknowledged = 0;
      gint64 n, max_seq;
      pid_t pid;
      int status;
      char c;

      g_assert_no_error (error);
      g_clear_object (&store);
      g_assert_cmpint (pipe (fds), ==, 0);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          GError *child_error = NULL;
          KioskStore *child = kiosk_store_open (path, NULL, "JL-CRASH", &child_error);

          close (fds[0]);
          if (child == NULL)
            child_fail (fds[1], "open", child_error);
          for (;;)
            {
              if (kiosk_store_journal_intent (child, uuid, "step", NULL, "{}", &child_error) == 0)
                child_fail (fds[1], "intent", child_error);
              write_byte (fds[1], 'A');
            }
        }
      close (fds[1]);
      /* Let it run a while, then kill it wherever it is. */
      while (acknowledged < 20 + round * 15 && read (fds[0], &c, 1) == 1)
        {
          g_assert_cmpint (c, ==, 'A');
          acknowledged++;
        }
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));
      close (fds[0]);

      store = kiosk_store_open (path, NULL, "JL-CRASH", &error);
      g_assert_no_error (error);
      g_assert_true (kiosk_db_integrity_check (kiosk_store_get_db (store), NULL, &report, &error));
      g_assert_cmpstr (report, ==, "ok");
      n = store_test_query_int (store, "SELECT count(*) FROM steps");
      max_seq = store_test_query_int (store, "SELECT max(seq) FROM steps");
      g_assert_cmpint (n, >=, acknowledged);
      g_assert_cmpint (max_seq, ==, n);
      g_test_message ("round %d: %d acknowledged, %" G_GINT64_FORMAT " on disk", round,
                      acknowledged, n);
    }
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);

  g_test_add_func ("/crash/sigkill-mid-transaction", test_sigkill_mid_transaction);
  g_test_add_func ("/crash/sigkill-while-committing", test_sigkill_while_committing);

  return kiosk_test_run ();
}
