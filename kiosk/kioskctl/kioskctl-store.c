/* kioskctl-store.c — `kioskctl journal`, `kioskctl audit`, `kioskctl db`
 *
 * Everything here opens the database read-only, except `db migrate`; a
 * missing, damaged or newer database is refused (exit 3) before anything is
 * written. Personal data is never printed: sessions show their masked subject
 * only, and free text goes through kiosk_mask_text().
 */
#define G_LOG_DOMAIN "kioskctl"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kiosk-center.h"
#include "kiosk-db.h"
#include "kiosk-mask.h"
#include "kiosk-store.h"
#include "kioskctl.h"

#define AUDIT_USAGE   "usage: kioskctl audit verify [--center] | audit list [--limit N]"
#define DEFAULT_LIMIT 20
#define MAX_LIMIT     1000

/* A database problem is "unavailable" (3); a bug of ours is "internal" (4). */
static int
fail_with (KioskctlContext *ctx, const GError *error)
{
  int code = KIOSKCTL_EXIT_INTERNAL;
  const char *what = "内部错误 (internal error)";

  if (error->domain == KIOSK_DB_ERROR)
    {
      switch (error->code)
        {
          case KIOSK_DB_ERROR_NOT_FOUND:
            what = "数据库不存在 (no database)";
            code = KIOSKCTL_EXIT_UNAVAILABLE;
            break;
          case KIOSK_DB_ERROR_CORRUPT:
            what = "数据库已损坏 (database damaged)";
            code = KIOSKCTL_EXIT_UNAVAILABLE;
            break;
          case KIOSK_DB_ERROR_VERSION:
            what = "数据库版本不符 (database version)";
            code = KIOSKCTL_EXIT_UNAVAILABLE;
            break;
          case KIOSK_DB_ERROR_CANT_OPEN:
          case KIOSK_DB_ERROR_BUSY:
          case KIOSK_DB_ERROR_IO:
          case KIOSK_DB_ERROR_READ_ONLY:
            what = "数据库不可用 (database unavailable)";
            code = KIOSKCTL_EXIT_UNAVAILABLE;
            break;
          default:
            break;
        }
    }
  else if (g_error_matches (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_SCHEMA))
    {
      what = "数据库需要升级 (database needs migration)";
      code = KIOSKCTL_EXIT_UNAVAILABLE;
    }
  else if (g_error_matches (error, KIOSK_STORE_ERROR, KIOSK_STORE_ERROR_NOT_FOUND))
    {
      what = "未找到 (not found)";
      code = KIOSKCTL_EXIT_REFUSED;
    }
  return kioskctl_fail (ctx, code, "%s: %s", what, error->message);
}

static KioskStore *
open_store_read_only (KioskctlContext *ctx, GError **error)
{
  return kiosk_store_open_config (ctx->config, KIOSK_DB_OPEN_READ_ONLY, error);
}

/* "--name VALUE" or "--name=VALUE"; advances *i past what it consumed. */
static gboolean
option_value (int argc, char **argv, int *i, const char *name, const char **value)
{
  gsize len = strlen (name);

  if (strcmp (argv[*i], name) == 0 && *i + 1 < argc)
    {
      *value = argv[++*i];
      return TRUE;
    }
  if (strncmp (argv[*i], name, len) == 0 && argv[*i][len] == '=')
    {
      *value = argv[*i] + len + 1;
      return TRUE;
    }
  return FALSE;
}

static gboolean
parse_limit (const char *text, guint *limit)
{
  guint64 value = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 1, MAX_LIMIT, &value, NULL))
    return FALSE;
  *limit = (guint) value;
  return TRUE;
}

static char *
format_time (gint64 unix_time, gboolean for_json)
{
  g_autoptr (GDateTime) when = NULL;

  if (unix_time <= 0)
    return g_strdup ("-");
  when = for_json ? g_date_time_new_from_unix_utc (unix_time)
                  : g_date_time_new_from_unix_local (unix_time);
  if (when == NULL)
    return g_strdup_printf ("%" G_GINT64_FORMAT, unix_time);
  return for_json ? g_date_time_format_iso8601 (when)
                  : g_date_time_format (when, "%Y-%m-%d %H:%M:%S");
}

static void
json_member (GString *out, const char *name, const char *value)
{
  g_string_append_printf (out, "\"%s\":", name);
  if (value == NULL)
    g_string_append (out, "null");
  else
    kioskctl_json_escape (out, value);
}

static void
json_time (GString *out, const char *name, gint64 unix_time)
{
  g_autofree char *text = unix_time > 0 ? format_time (unix_time, TRUE) : NULL;
  json_member (out, name, text);
}

/* ---- journal ----------------------------------------------------------- */

static void
print_session_json (GString *out, const KioskJournalSession *session, GPtrArray *steps)
{
  guint i;

  g_string_append_c (out, '{');
  json_member (out, "uuid", session->uuid);
  g_string_append_c (out, ',');
  json_member (out, "service", session->service);
  g_string_append_c (out, ',');
  json_member (out, "kiosk_id", session->kiosk_id);
  g_string_append_c (out, ',');
  json_time (out, "started", session->started);
  g_string_append_c (out, ',');
  json_time (out, "finished", session->finished);
  g_string_append_c (out, ',');
  json_member (out, "outcome", session->outcome);
  g_string_append_c (out, ',');
  json_member (out, "subject", session->subject_masked);
  g_string_append_printf (out, ",\"photo\":%s,\"purged\":%s,\"steps\":[",
                          session->has_photo ? "true" : "false",
                          session->purged > 0 ? "true" : "false");
  for (i = 0; steps != NULL && i < steps->len; i++)
    {
      const KioskJournalStep *step = g_ptr_array_index (steps, i);
      g_autofree char *payload = kiosk_mask_json (step->payload);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_printf (out, "{\"seq\":%" G_GINT64_FORMAT ",", step->seq);
      json_member (out, "step", step->step);
      g_string_append_c (out, ',');
      json_member (out, "phase", kiosk_journal_phase_to_string (step->phase));
      g_string_append_c (out, ',');
      json_member (out, "key", step->idem_key);
      g_string_append_c (out, ',');
      json_member (out, "result", step->result);
      g_string_append_c (out, ',');
      /* The payload is JSON text already; it is quoted, not spliced in, so a
       * damaged one cannot break the document. */
      json_member (out, "payload", payload);
      g_string_append_c (out, ',');
      json_time (out, "time", step->time);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
}

static void
print_session_text (const KioskJournalSession *session, GPtrArray *steps)
{
  g_autofree char *started = format_time (session->started, FALSE);
  guint i;

  printf ("%s  %s  %-16s %-10s %s%s\n", started, session->uuid, session->service,
          session->outcome ? session->outcome : "(open)",
          session->subject_masked ? session->subject_masked : "-",
          session->purged > 0 ? "  [personal data purged]" : "");
  for (i = 0; steps != NULL && i < steps->len; i++)
    {
      const KioskJournalStep *step = g_ptr_array_index (steps, i);
      g_autofree char *when = format_time (step->time, FALSE);

      printf ("    #%-3" G_GINT64_FORMAT " %s  %-14s %-7s %s\n", step->seq, when, step->step,
              kiosk_journal_phase_to_string (step->phase), step->result ? step->result : "");
    }
}

int
kioskctl_journal (KioskctlContext *ctx, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskStore) store = NULL;
  g_autoptr (GPtrArray) sessions = NULL;
  g_autoptr (GString) out = NULL;
  const char *session_uuid = NULL;
  const char *value = NULL;
  gboolean only_open = FALSE;
  guint limit = DEFAULT_LIMIT;
  guint i;
  int a;

  for (a = 1; a < argc; a++)
    {
      if (option_value (argc, argv, &a, "--limit", &value))
        {
          if (!parse_limit (value, &limit))
            return kioskctl_usage_error ("--limit takes a number from 1 to %d, not “%s”", MAX_LIMIT,
                                         value);
        }
      else if (option_value (argc, argv, &a, "--session", &value))
        session_uuid = value;
      else if (strcmp (argv[a], "--open") == 0)
        only_open = TRUE;
      else
        return kioskctl_usage_error ("usage: kioskctl journal [--limit N] [--open] "
                                     "[--session UUID] [--json]");
    }

  store = open_store_read_only (ctx, &error);
  if (store == NULL)
    return fail_with (ctx, error);

  if (session_uuid != NULL)
    {
      KioskJournalSession *session = kiosk_store_session_get (store, session_uuid, &error);
      if (session == NULL)
        return fail_with (ctx, error);
      sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_journal_session_free);
      g_ptr_array_add (sessions, session);
    }
  else if (only_open)
    sessions = kiosk_store_list_open_sessions (store, &error);
  else
    sessions = kiosk_store_list_recent_sessions (store, limit, &error);
  if (sessions == NULL)
    return fail_with (ctx, error);

  out = g_string_new ("{\"ok\":true,\"sessions\":[");
  if (!ctx->json && sessions->len == 0)
    printf ("没有记录 (no sessions)\n");
  for (i = 0; i < sessions->len; i++)
    {
      const KioskJournalSession *session = g_ptr_array_index (sessions, i);
      g_autoptr (GPtrArray) steps = kiosk_store_list_steps (store, session->uuid, &error);

      if (steps == NULL)
        return fail_with (ctx, error);
      if (ctx->json)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          print_session_json (out, session, steps);
        }
      else
        print_session_text (session, steps);
    }
  if (ctx->json)
    {
      g_string_append (out, "]}\n");
      fputs (out->str, stdout);
    }
  return KIOSKCTL_EXIT_OK;
}

/* ---- audit ------------------------------------------------------------- */

static void
witnesses_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Issue 7 §6: the heads the center witnessed, asked on a private main
 * context (the center answers within its own timeout). */
static GStrv
fetch_witnesses (KioskctlContext *ctx, GError **error)
{
  g_autoptr (KioskCenter) center = kiosk_center_new_from_config (ctx->config, error);
  g_autoptr (GMainContext) context = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char *key = NULL;
  GStrv heads;

  if (center == NULL)
    return NULL;
  /* A read: the key only names the request. */
  key = g_strdup_printf ("kioskctl:audit-witnesses:%" G_GINT64_FORMAT, g_get_real_time ());
  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  kiosk_center_audit_witnesses_async (center, key, NULL, witnesses_done, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  heads = kiosk_center_audit_witnesses_finish (center, result, error);
  g_main_context_pop_thread_default (context);
  return heads;
}

static int
audit_verify (KioskctlContext *ctx, KioskStore *store, gboolean with_center)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskAuditVerdict) verdict = NULL;
  g_auto (GStrv) witnesses = NULL;

  if (with_center)
    {
      witnesses = fetch_witnesses (ctx, &error);
      if (witnesses == NULL)
        return kioskctl_fail (ctx, KIOSKCTL_EXIT_UNAVAILABLE,
                              "中心不可用 (the center cannot be asked): %s", error->message);
      verdict = kiosk_store_audit_verify_witnesses (store, (const char *const *) witnesses, &error);
    }
  else
    verdict = kiosk_store_audit_verify (store, &error);
  if (verdict == NULL)
    return fail_with (ctx, error);
  if (ctx->json)
    {
      g_autoptr (GString) out = g_string_new (NULL);
      g_string_append_printf (out, "{\"ok\":%s,\"entries\":%" G_GINT64_FORMAT ",",
                              verdict->ok ? "true" : "false", verdict->n_entries);
      if (with_center)
        g_string_append_printf (out, "\"witnesses\":%u,\"witnesses_checked\":%" G_GINT64_FORMAT ",",
                                g_strv_length (witnesses), verdict->n_witnesses);
      if (verdict->ok)
        g_string_append (out, "\"first_bad_seq\":null,\"reason\":null}\n");
      else
        {
          g_string_append_printf (out, "\"first_bad_seq\":%" G_GINT64_FORMAT ",",
                                  verdict->first_bad_seq);
          json_member (out, "reason", verdict->reason);
          g_string_append (out, "}\n");
        }
      fputs (out->str, stdout);
    }
  else if (verdict->ok && with_center)
    printf ("审计链完整，与中心见证一致 (audit chain intact and matches the center's witnesses): "
            "%" G_GINT64_FORMAT " entries, %u witnessed heads\n",
            verdict->n_entries, g_strv_length (witnesses));
  else if (verdict->ok)
    printf ("审计链完整 (audit chain intact): %" G_GINT64_FORMAT " entries\n", verdict->n_entries);
  else
    fprintf (stderr, "审计链已被破坏 (audit chain broken) at entry %" G_GINT64_FORMAT ": %s\n",
             verdict->first_bad_seq, verdict->reason);
  return verdict->ok ? KIOSKCTL_EXIT_OK : KIOSKCTL_EXIT_REFUSED;
}

static int
audit_list (KioskctlContext *ctx, KioskStore *store, guint limit)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = kiosk_store_audit_list (store, limit, &error);
  g_autoptr (GString) out = g_string_new ("{\"ok\":true,\"entries\":[");
  guint i;

  if (entries == NULL)
    return fail_with (ctx, error);
  for (i = 0; i < entries->len; i++)
    {
      const KioskAuditEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *detail = kiosk_mask_text (entry->detail);

      if (ctx->json)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          g_string_append_printf (out, "{\"seq\":%" G_GINT64_FORMAT ",", entry->seq);
          json_time (out, "time", entry->time);
          g_string_append_c (out, ',');
          json_member (out, "actor", entry->actor);
          g_string_append_c (out, ',');
          json_member (out, "action", entry->action);
          g_string_append_c (out, ',');
          json_member (out, "detail", detail);
          g_string_append_c (out, ',');
          json_member (out, "hash", entry->hash);
          g_string_append_c (out, '}');
        }
      else
        {
          g_autofree char *when = format_time (entry->time, FALSE);
          printf ("#%-5" G_GINT64_FORMAT " %s  %-12s %-18s %s\n", entry->seq, when, entry->actor,
                  entry->action, detail);
        }
    }
  if (ctx->json)
    {
      g_string_append (out, "]}\n");
      fputs (out->str, stdout);
    }
  return KIOSKCTL_EXIT_OK;
}

int
kioskctl_audit (KioskctlContext *ctx, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskStore) store = NULL;
  const char *value = NULL;
  guint limit = DEFAULT_LIMIT;
  gboolean verify;
  gboolean with_center = FALSE;
  int a;

  if (argc < 2 || (strcmp (argv[1], "verify") != 0 && strcmp (argv[1], "list") != 0))
    return kioskctl_usage_error (AUDIT_USAGE);
  verify = strcmp (argv[1], "verify") == 0;
  for (a = 2; a < argc; a++)
    {
      if (verify && strcmp (argv[a], "--center") == 0)
        with_center = TRUE;
      else if (!verify && option_value (argc, argv, &a, "--limit", &value))
        {
          if (!parse_limit (value, &limit))
            return kioskctl_usage_error ("--limit takes a number from 1 to %d, not “%s”", MAX_LIMIT,
                                         value);
        }
      else
        return kioskctl_usage_error (AUDIT_USAGE);
    }

  store = open_store_read_only (ctx, &error);
  if (store == NULL)
    return fail_with (ctx, error);
  return verify ? audit_verify (ctx, store, with_center) : audit_list (ctx, store, limit);
}

/* ---- db ---------------------------------------------------------------- */

static int
db_check (KioskctlContext *ctx)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDb) db = NULL;
  g_autoptr (KioskDbStmt) fk = NULL;
  g_autofree char *report = NULL;
  const KioskDbMigration *migrations;
  gsize n_migrations = 0;
  gboolean ok = FALSE;
  gint64 fk_violations = 0;
  int version;
  KioskDbStep step;

  migrations = kiosk_store_migrations (&n_migrations);
  db = kiosk_db_open_full (ctx->config->store_path, KIOSK_DB_OPEN_READ_ONLY, migrations,
                           n_migrations, &error);
  if (db == NULL)
    return fail_with (ctx, error);
  version = kiosk_db_get_user_version (db, &error);
  if (version < 0 || !kiosk_db_integrity_check (db, &ok, &report, &error))
    return fail_with (ctx, error);
  fk = kiosk_db_prepare (db, "SELECT count (*) FROM pragma_foreign_key_check", &error);
  if (fk == NULL)
    return fail_with (ctx, error);
  step = kiosk_db_stmt_step (fk, &error);
  if (step == KIOSK_DB_STEP_ERROR)
    return fail_with (ctx, error);
  if (step == KIOSK_DB_STEP_ROW)
    fk_violations = kiosk_db_stmt_column_int64 (fk, 0);

  if (ctx->json)
    {
      g_autoptr (GString) out = g_string_new (NULL);
      g_string_append_printf (out, "{\"ok\":%s,", ok && fk_violations == 0 ? "true" : "false");
      json_member (out, "path", ctx->config->store_path);
      g_string_append_printf (
          out,
          ",\"schema_version\":%d,\"program_version\":%d,"
          "\"needs_migration\":%s,\"foreign_key_violations\":%" G_GINT64_FORMAT ",",
          version, KIOSK_STORE_SCHEMA_VERSION,
          version < KIOSK_STORE_SCHEMA_VERSION ? "true" : "false", fk_violations);
      json_member (out, "integrity", report);
      g_string_append (out, "}\n");
      fputs (out->str, stdout);
    }
  else
    {
      printf ("database: %s\nschema version: %d (this program: %d)%s\nintegrity_check: %s\n"
              "foreign key violations: %" G_GINT64_FORMAT "\n",
              ctx->config->store_path, version, KIOSK_STORE_SCHEMA_VERSION,
              version < KIOSK_STORE_SCHEMA_VERSION ? " — run `kioskctl db migrate`" : "", report,
              fk_violations);
    }
  if (!ok || fk_violations > 0)
    {
      if (!ctx->json)
        fprintf (stderr, "kioskctl: 数据库已损坏 (database damaged): %s\n",
                 ctx->config->store_path);
      return KIOSKCTL_EXIT_UNAVAILABLE;
    }
  return KIOSKCTL_EXIT_OK;
}

static int
db_migrate (KioskctlContext *ctx)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDb) db = NULL;
  g_autoptr (KioskStore) store = NULL;
  g_autofree char *detail = NULL;
  const KioskDbMigration *migrations;
  gsize n_migrations = 0;
  int before;

  migrations = kiosk_store_migrations (&n_migrations);
  /* Never creates a database: a missing one is a wrong path, not a new kiosk. */
  db = kiosk_db_open_full (ctx->config->store_path,
                           KIOSK_DB_OPEN_NO_CREATE | KIOSK_DB_OPEN_NO_MIGRATE, migrations,
                           n_migrations, &error);
  if (db == NULL)
    return fail_with (ctx, error);
  before = kiosk_db_get_user_version (db, &error);
  if (before < 0 || !kiosk_db_migrate (db, migrations, n_migrations, &error))
    return fail_with (ctx, error);
  g_clear_object (&db);

  if (before < KIOSK_STORE_SCHEMA_VERSION)
    {
      g_autofree char *actor = g_strdup_printf ("kioskctl:%s", g_get_user_name ());

      store = kiosk_store_open_config (ctx->config, KIOSK_DB_OPEN_NO_CREATE, &error);
      detail = g_strdup_printf ("schema %d → %d", before, KIOSK_STORE_SCHEMA_VERSION);
      if (store == NULL
          || kiosk_store_audit_append (store, actor, "db.migrate", detail, &error) == 0)
        return fail_with (ctx, error);
    }

  if (ctx->json)
    printf ("{\"ok\":true,\"from\":%d,\"to\":%d}\n", before, KIOSK_STORE_SCHEMA_VERSION);
  else if (before == KIOSK_STORE_SCHEMA_VERSION)
    printf ("已是最新 (already current): schema version %d\n", before);
  else
    printf ("已升级 (migrated): schema version %d → %d\n", before, KIOSK_STORE_SCHEMA_VERSION);
  return KIOSKCTL_EXIT_OK;
}

/* A new kiosk's database, created on purpose: `migrate` never creates one,
 * so that a wrong path is noticed instead of silently starting afresh. */
static int
db_init (KioskctlContext *ctx)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskStore) store = NULL;
  g_autofree char *actor = g_strdup_printf ("kioskctl:%s", g_get_user_name ());

  if (g_file_test (ctx->config->store_path, G_FILE_TEST_EXISTS))
    return kioskctl_fail (ctx, KIOSKCTL_EXIT_REFUSED,
                          "数据库已存在 (a database already exists): %s", ctx->config->store_path);
  store = kiosk_store_open_config (ctx->config, 0, &error);
  if (store == NULL || kiosk_store_audit_append (store, actor, "db.init", "created", &error) == 0)
    return fail_with (ctx, error);
  if (ctx->json)
    printf ("{\"ok\":true,\"version\":%d}\n", KIOSK_STORE_SCHEMA_VERSION);
  else
    printf ("已创建 (created): %s, schema version %d\n", ctx->config->store_path,
            KIOSK_STORE_SCHEMA_VERSION);
  return KIOSKCTL_EXIT_OK;
}

int
kioskctl_db (KioskctlContext *ctx, int argc, char **argv)
{
  if (argc != 2)
    return kioskctl_usage_error ("usage: kioskctl db check|migrate|init");
  if (strcmp (argv[1], "init") == 0)
    return db_init (ctx);
  if (strcmp (argv[1], "check") == 0)
    return db_check (ctx);
  if (strcmp (argv[1], "migrate") == 0)
    return db_migrate (ctx);
  return kioskctl_usage_error ("usage: kioskctl db check|migrate|init");
}
