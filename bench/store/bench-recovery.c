/* bench-recovery.c — the recovery at start on a journal of 100,000 finished sessions
 *
 *   bench-recovery [--sessions N] [--runs R] [--cache DIR] [--json FILE]
 *
 * Builds (once, kept in --cache: a build directory) a kiosk database with N
 * finished sessions — a realistic mix: a tenth green-channel issuances with
 * their 22 journal entries, progress queries, refusals, temporary losses,
 * cancelled green channels — spread over the past three years, those older
 * than the retention purged, the blank cards of the issuances loaded. Then,
 * R times, what the kiosk does at start before the attract page:
 *
 *   - open the store (kiosk_store_open: the header check, SQLite, WAL, the
 *     schema version);
 *   - build the context on it (policy, catalog, the center simulator,
 *     the device manager; reported, not part of the database's time);
 *   - KioskRecovery: list the open sessions and settle them — three sessions
 *     a crash left open on a page (each closed "interrupted", journaled).
 *
 * Each run is done twice: "cold", after the database's pages were dropped
 * from the page cache (posix_fadvise DONTNEED on its files: as after a
 * reboot), and "warm". Goal: open + recovery ≤ 50 ms. Prints Markdown and
 * JSON (docs/performance.md).
 */
#define G_LOG_DOMAIN "bench-recovery"

#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "kiosk-context.h"
#include "kiosk-recovery.h"
#include "kiosk-store.h"

#define GENERATED_KEY "bench.generated"
#define N_KINDS       4

/* ---- the data set --------------------------------------------------------------- */

static char
id_check (const char *first17)
{
  static const int weights[] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  int sum = 0;

  for (int i = 0; i < 17; i++)
    sum += (first17[i] - '0') * weights[i];
  return "10X98765432"[sum % 11];
}

static void
fake_id (guint n, char out[19])
{
  g_autoptr (GDate) date = g_date_new_dmy (1, 1, 1950);

  g_date_add_days (date, n % 20000);
  g_snprintf (out, 19, "220102%04u%02u%02u%03u", g_date_get_year (date), g_date_get_month (date),
              g_date_get_day (date), n / 20000 % 1000);
  out[17] = id_check (out);
  out[18] = '\0';
}

typedef struct
{
  const char *step;
  gboolean intent; /* an intent and its outcome */
} Step;

static const Step issuance_steps[] = {
  { "read-id", FALSE },    { "lookup", FALSE },    { "photo", FALSE },   { "verify-face", FALSE },
  { "form", FALSE },       { "signature", FALSE }, { "apply", TRUE },    { "feed", TRUE },
  { "personalise", TRUE }, { "print", TRUE },      { "verify", TRUE },   { "eject", TRUE },
  { "taken", FALSE },      { "result", TRUE },     { "receipt", FALSE }, { NULL, FALSE },
};
static const Step progress_steps[]
    = { { "read-id", FALSE }, { "query", FALSE }, { "receipt", FALSE }, { NULL, FALSE } };
static const Step refused_steps[] = { { "read-id", FALSE }, { "lookup", FALSE }, { NULL, FALSE } };
static const Step loss_steps[]
    = { { "read-id", FALSE }, { "lookup", FALSE },        { "choose-card", FALSE },
        { "confirm", FALSE }, { "temporary-loss", TRUE }, { "receipt", FALSE },
        { NULL, FALSE } };
static const Step cancelled_steps[]
    = { { "read-id", FALSE },     { "lookup", FALSE }, { "photo", FALSE },
        { "verify-face", FALSE }, { "form", FALSE },   { NULL, FALSE } };

/* The prepared statements of the generator. */
typedef struct
{
  KioskDb *db;
  KioskDbStmt *session;
  KioskDbStmt *step;
  gint64 now;
} Writer;

/* One finished session, as the flows write it (kiosk-store-journal.c):
 * written directly with prepared statements, because 100,000 sessions
 * through the store's API (a prepare and a savepoint per call) take minutes.
 * Sessions finished more than 30 days ago are purged (retention_days=30):
 * no personal fields, no payloads. */
static gboolean
write_session (Writer *w, guint n, gint64 started, GError **error)
{
  const Step *steps;
  const char *service, *outcome;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *subject = NULL;
  gboolean purged;
  gint64 t = started, session_id;
  int seq = 0;
  char id[19];

  switch (n % 10)
    {
      case 0:
        steps = issuance_steps, service = "green-channel", outcome = "issued";
        break;
      case 1:
      case 2:
      case 3:
        steps = progress_steps, service = "progress", outcome = "done";
        break;
      case 4:
      case 5:
      case 6:
        steps = refused_steps, service = "temporary-loss", outcome = "refused";
        break;
      case 7:
      case 8:
        steps = loss_steps, service = "temporary-loss", outcome = "done";
        break;
      default:
        steps = cancelled_steps, service = "green-channel", outcome = "cancelled";
        break;
    }
  fake_id (n, id);
  subject = g_strdup_printf ("%.4s**********%.4s 郑*", id, id + 14);
  for (const Step *s = steps; s->step != NULL; s++)
    t += s->intent ? 6 : 3;
  purged = t < w->now - 30 * 86400;

  kiosk_db_stmt_reset (w->session, TRUE);
  kiosk_db_stmt_bind_text (w->session, 1, uuid);
  kiosk_db_stmt_bind_text (w->session, 2, service);
  kiosk_db_stmt_bind_int64 (w->session, 3, started);
  kiosk_db_stmt_bind_int64 (w->session, 4, t);
  kiosk_db_stmt_bind_text (w->session, 5, outcome);
  kiosk_db_stmt_bind_text (w->session, 6, subject);
  if (!purged)
    {
      kiosk_db_stmt_bind_text (w->session, 7, id);
      kiosk_db_stmt_bind_text (w->session, 8, "郑测试");
    }
  else
    kiosk_db_stmt_bind_int64 (w->session, 9, t + 30 * 86400);
  if (!kiosk_db_stmt_run (w->session, error))
    return FALSE;
  session_id = kiosk_db_last_insert_rowid (w->db);

  t = started;
  for (; steps->step != NULL; steps++)
    for (int phase = steps->intent ? 0 : 1; phase < 2; phase++)
      {
        g_autofree char *key = steps->intent ? g_strdup_printf ("%s:%s", uuid, steps->step) : NULL;
        const char *payload = NULL;

        t += 3;
        if (strcmp (steps->step, "read-id") == 0)
          payload = "{\"card_type\":\"resident\"}";
        else if (strcmp (steps->step, "apply") == 0 && phase == 0)
          payload = "{\"bank\":\"ccb\",\"nation\":\"01\",\"postal_code\":\"130000\"}";
        else if (strcmp (steps->step, "feed") == 0)
          payload = "{\"fed\":1}";
        kiosk_db_stmt_reset (w->step, TRUE);
        kiosk_db_stmt_bind_int64 (w->step, 1, session_id);
        kiosk_db_stmt_bind_int64 (w->step, 2, ++seq);
        kiosk_db_stmt_bind_text (w->step, 3, steps->step);
        kiosk_db_stmt_bind_text (w->step, 4, phase == 0 ? "intent" : "outcome");
        kiosk_db_stmt_bind_text (w->step, 5, key);
        if (!purged && payload != NULL)
          kiosk_db_stmt_bind_text (w->step, 6, payload);
        if (phase == 1)
          kiosk_db_stmt_bind_text (w->step, 7, "ok");
        kiosk_db_stmt_bind_int64 (w->step, 8, t);
        if (!kiosk_db_stmt_run (w->step, error))
          return FALSE;
      }
  return TRUE;
}

static gboolean
generate (const char *path, guint sessions, GError **error)
{
  g_autoptr (KioskStore) store = NULL;
  Writer w = { 0 };
  gint64 started = g_get_monotonic_time ();
  gint64 t;
  gboolean ok = TRUE;

  g_printerr ("bench-recovery: writing %u finished sessions to %s (once)...\n", sessions, path);
  store = kiosk_store_open (path, NULL, "JL-BENCH-0001", error);
  if (store == NULL)
    return FALSE;
  w.db = kiosk_store_get_db (store);
  w.now = g_get_real_time () / G_USEC_PER_SEC;
  /* Written once for the benchmark: no fsync per transaction. */
  if (!kiosk_db_exec (w.db, "PRAGMA synchronous=OFF", error))
    return FALSE;
  /* The blank cards of the issuances, loaded as a technician does. */
  for (guint batch = 0; batch * 10000 < (sessions + 9) / 10; batch++)
    {
      g_autofree char *first = g_strdup_printf ("JL24R%02u00001", batch);
      guint count = MIN (10000, (sessions + 9) / 10 - batch * 10000);

      if (kiosk_store_stock_load_batch (store, first, count, "bench", error) == 0)
        return FALSE;
    }
  w.session = kiosk_db_prepare (w.db,
                                "INSERT INTO sessions (uuid, service, kiosk_id, started, finished,"
                                " outcome, subject_masked, id_number, name, purged)"
                                " VALUES (?1, ?2, 'JL-BENCH-0001', ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                error);
  w.step = kiosk_db_prepare (w.db,
                             "INSERT INTO steps (session_id, seq, step, phase, idem_key, payload,"
                             " result, time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             error);
  if (w.session == NULL || w.step == NULL)
    ok = FALSE;
  /* Three years of sessions, about 90 a day. */
  t = w.now - 3 * 365 * 86400;
  for (guint n = 0; ok && n < sessions; n++)
    {
      if (n % 10000 == 0 && !kiosk_db_begin (w.db, error))
        ok = FALSE;
      if (ok && !write_session (&w, n, t, error))
        ok = FALSE;
      t += 3 * 365 * 86400 / sessions;
      if (ok && (n % 10000 == 9999 || n == sessions - 1) && !kiosk_db_commit (w.db, error))
        ok = FALSE;
    }
  g_clear_pointer (&w.session, kiosk_db_stmt_free);
  g_clear_pointer (&w.step, kiosk_db_stmt_free);
  if (!ok)
    {
      kiosk_db_rollback (w.db);
      return FALSE;
    }
  {
    g_autofree char *value = g_strdup_printf ("%u", sessions);

    if (!kiosk_store_setting_set (store, GENERATED_KEY, value, "bench", error))
      return FALSE;
  }
  g_printerr ("bench-recovery: %u sessions in %.0f s\n", sessions,
              (g_get_monotonic_time () - started) / 1e6);
  return kiosk_db_exec (w.db, "PRAGMA wal_checkpoint(TRUNCATE)", error);
}

static gboolean
is_generated (const char *path, guint sessions)
{
  g_autoptr (KioskStore) store = NULL;
  g_autofree char *value = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return FALSE;
  store = kiosk_store_open_full (path, KIOSK_DB_OPEN_READ_ONLY, NULL, NULL, NULL);
  if (store != NULL)
    value = kiosk_store_setting_get (store, GENERATED_KEY, NULL, NULL);
  return value != NULL && (guint) atoi (value) == sessions;
}

/* Three sessions a crash left open on a page: recovery closes them. */
static void
leave_open_sessions (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskStore) store = kiosk_store_open (path, NULL, "JL-BENCH-0001", &error);

  if (store == NULL)
    g_error ("%s", error->message);
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *uuid = kiosk_store_session_begin (store, "progress", &error);

      if (uuid == NULL
          || kiosk_store_journal_outcome (store, uuid, "read-id", "ok", NULL, &error) == 0)
        g_error ("%s", error->message);
    }
}

/* Drops the database's pages from the page cache (as after a reboot). */
static void
drop_cache (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      int fd = open (file, O_RDONLY | O_CLOEXEC);

      if (fd < 0)
        continue;
      fdatasync (fd);
      posix_fadvise (fd, 0, 0, POSIX_FADV_DONTNEED);
      close (fd);
    }
}

/* ---- one start ------------------------------------------------------------------ */

typedef struct
{
  double open_ms, context_ms, recovery_ms;
  guint settled;
} Start;

static void
on_recovered (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GPtrArray **out = user_data;
  g_autoptr (GError) error = NULL;

  *out = kiosk_recovery_run_finish (KIOSK_RECOVERY (source), result, &error);
  if (*out == NULL)
    g_error ("recovery: %s", error->message);
}

static Start
start_once (const char *path, const KioskConfig *config)
{
  Start s = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskStore) store = NULL;
  g_autoptr (KioskContext) context = NULL;
  g_autoptr (KioskRecovery) recovery = NULL;
  g_autoptr (GPtrArray) actions = NULL;
  gint64 t0, t1, t2, t3;

  t0 = g_get_monotonic_time ();
  store = kiosk_store_open (path, NULL, "JL-BENCH-0001", &error);
  t1 = g_get_monotonic_time ();
  if (store == NULL)
    g_error ("%s", error->message);
  context = kiosk_context_new_full (config, store, NULL, NULL, &error);
  if (context == NULL)
    g_error ("%s", error->message);
  t2 = g_get_monotonic_time ();
  recovery = kiosk_recovery_new (context);
  kiosk_recovery_run_async (recovery, NULL, on_recovered, &actions);
  while (actions == NULL)
    g_main_context_iteration (NULL, TRUE);
  t3 = g_get_monotonic_time ();
  s.open_ms = (t1 - t0) / 1e3;
  s.context_ms = (t2 - t1) / 1e3;
  s.recovery_ms = (t3 - t2) / 1e3;
  s.settled = actions->len;
  return s;
}

/* ---- statistics and output ----------------------------------------------------- */

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (const double *values, guint n)
{
  g_autofree double *sorted = g_memdup2 (values, n * sizeof (double));

  qsort (sorted, n, sizeof (double), cmp_double);
  return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

static double
maximum (const double *values, guint n)
{
  double m = 0;

  for (guint i = 0; i < n; i++)
    m = MAX (m, values[i]);
  return m;
}

static int
bench_arg_int (const char *text, int low, int high)
{
  int value = atoi (text);

  return CLAMP (value, low, high);
}

int
main (int argc, char **argv)
{
  guint sessions = 100000;
  int runs = 7;
  const char *cache = NULL;
  const char *json_path = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *state = NULL;
  g_autofree char *config_text = NULL;
  g_autoptr (KioskConfig) config = NULL;
  g_autoptr (GString) md = g_string_new ("");
  g_autoptr (GString) json = g_string_new ("");
  const char *kinds[N_KINDS] = { "cold", "warm", "cold_clean", "warm_clean" };
  const char *titles[N_KINDS] = { "cold, 3 sessions left open", "warm, 3 sessions left open",
                                  "cold, none open (a clean stop)", "warm, none open" };
  double open_ms[N_KINDS][100], rec_ms[N_KINDS][100], total_ms[N_KINDS][100], ctx_ms[N_KINDS][100];
  guint settled_ok = TRUE;
  GStatBuf st;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--sessions") == 0 && i + 1 < argc)
        sessions = bench_arg_int (argv[++i], 1, 10000000);
      else if (strcmp (argv[i], "--runs") == 0 && i + 1 < argc)
        runs = bench_arg_int (argv[++i], 1, 100);
      else if (strcmp (argv[i], "--cache") == 0 && i + 1 < argc)
        cache = argv[++i];
      else if (strcmp (argv[i], "--json") == 0 && i + 1 < argc)
        json_path = argv[++i];
      else
        {
          g_printerr ("usage: bench-recovery [--sessions N] [--runs R] [--cache DIR] "
                      "[--json FILE]\n");
          return 2;
        }
    }
  if (cache == NULL)
    cache = g_get_tmp_dir ();
  state = g_build_filename (cache, "recovery-data", NULL);
  g_mkdir_with_parents (state, 0700);
  {
    g_autofree char *name = g_strdup_printf ("kiosk-%u.db", sessions);
    path = g_build_filename (state, name, NULL);
  }
  if (!is_generated (path, sessions))
    {
      const char *suffixes[] = { "", "-wal", "-shm" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
          g_unlink (file);
        }
      if (!generate (path, sessions, &error))
        {
          g_printerr ("bench-recovery: %s\n", error->message);
          return 1;
        }
    }

  /* The kiosk's configuration around this database: the center simulator
   * beside it, no devices (recovery of page-only sessions needs none). */
  config_text = g_strdup_printf ("[kiosk]\nid=JL-BENCH-0001\n[store]\nstate_dir=%s\npath=%s\n"
                                 "[center]\ndriver=simulator\nlatency_ms=0\n",
                                 state, path);
  config = kiosk_config_load_data (config_text, -1, &error);
  if (config == NULL)
    {
      g_printerr ("bench-recovery: %s\n", error->message);
      return 1;
    }

  /* A first start seeds the center simulator's own database. */
  start_once (path, config);
  for (int r = 0; r < runs; r++)
    for (int k = 0; k < N_KINDS; k++)
      {
        Start s;

        if (k < 2)
          leave_open_sessions (path);
        if (k % 2 == 0)
          drop_cache (path);
        s = start_once (path, config);
        settled_ok &= s.settled == (k < 2 ? 3u : 0u);
        open_ms[k][r] = s.open_ms;
        ctx_ms[k][r] = s.context_ms;
        rec_ms[k][r] = s.recovery_ms;
        total_ms[k][r] = s.open_ms + s.recovery_ms;
      }

  g_stat (path, &st);
  g_string_append_printf (md,
                          "Database: %u finished sessions, %.0f MB. Cold: its pages dropped "
                          "from the page cache first. %d runs, median (max) ms.\n\n"
                          "| start | open the store | recovery | open + recovery (goal ≤ 50) "
                          "| context (not the database) |\n|---|---:|---:|---:|---:|\n",
                          sessions, st.st_size / 1048576.0, runs);
  g_string_append_printf (json,
                          "{\"sessions\":%u,\"db_bytes\":%" G_GINT64_FORMAT
                          ",\"runs\":%d,\"open_sessions_per_start\":3,\"goal_ms\":50",
                          sessions, (gint64) st.st_size, runs);
  for (int k = 0; k < N_KINDS; k++)
    {
      g_string_append_printf (
          md, "| %s | %.1f (%.1f) | %.1f (%.1f) | %.1f (%.1f) | %.1f (%.1f) |\n", titles[k],
          median (open_ms[k], runs), maximum (open_ms[k], runs), median (rec_ms[k], runs),
          maximum (rec_ms[k], runs), median (total_ms[k], runs), maximum (total_ms[k], runs),
          median (ctx_ms[k], runs), maximum (ctx_ms[k], runs));
      g_string_append_printf (
          json,
          ",\"%s\":{\"open_ms_median\":%.2f,\"recovery_ms_median\":%.2f,\"total_ms_median\":%.2f,"
          "\"total_ms_max\":%.2f,\"context_ms_median\":%.2f}",
          kinds[k], median (open_ms[k], runs), median (rec_ms[k], runs), median (total_ms[k], runs),
          maximum (total_ms[k], runs), median (ctx_ms[k], runs));
    }
  g_string_append_printf (json, ",\"settled_every_start\":%s}\n", settled_ok ? "true" : "false");
  fputs (md->str, stdout);
  fputs ("\n", stdout);
  fputs (json->str, stdout);
  if (json_path != NULL)
    g_file_set_contents (json_path, json->str, -1, NULL);
  return settled_ok ? 0 : 1;
}
