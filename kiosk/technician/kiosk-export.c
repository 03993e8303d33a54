/* kiosk-export.c — logs, journal and audit to a directory, masked, with a manifest */
#define G_LOG_DOMAIN "kiosk-technician"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>
#include <glib/gstdio.h>

#include "kiosk-device-status.h"
#include "kiosk-export.h"
#include "kiosk-mask.h"
#include "kiosk-store.h"
#include "kiosk-tar-writer.h"

#define LOG_TIMEOUT_S 30
#define LOG_MAX_BYTES (32 * 1024 * 1024)

static const char *const default_log_argv[] = {
  "journalctl",
  "--no-pager",
  "--quiet",
  "--output=short-iso",
  "--since=-14d",
  "--lines=50000",
  "--identifier=sskiosk",
  "--identifier=kioskctl",
  NULL,
};

static void
export_file_free (gpointer data)
{
  KioskExportFile *file = data;

  g_free (file->path);
  g_free (file->sha256);
  g_free (file);
}

void
kiosk_export_result_free (KioskExportResult *result)
{
  if (result == NULL)
    return;
  g_free (result->archive_path);
  g_free (result->checksum_path);
  g_free (result->sha256);
  g_clear_pointer (&result->files, g_ptr_array_unref);
  g_free (result);
}

/* ---- JSON, every string masked on its way out ------------------------------ */

static void
json_string (GString *out, const char *text)
{
  g_autofree char *masked = NULL;

  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  masked = kiosk_mask_text (text);
  g_string_append_c (out, '"');
  for (const char *p = masked; *p; p++)
    {
      unsigned char c = (unsigned char) *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

static void
json_key (GString *out, gboolean first, const char *key)
{
  if (!first)
    g_string_append_c (out, ',');
  g_string_append_printf (out, "\"%s\":", key);
}

static void
json_member (GString *out, gboolean first, const char *key, const char *value)
{
  json_key (out, first, key);
  json_string (out, value);
}

static void
json_int (GString *out, gboolean first, const char *key, gint64 value)
{
  json_key (out, first, key);
  g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

static void
json_bool (GString *out, gboolean first, const char *key, gboolean value)
{
  json_key (out, first, key);
  g_string_append (out, value ? "true" : "false");
}

/* ---- the parts ------------------------------------------------------------------ */

typedef struct
{
  const KioskExportOptions *options;
  KioskStore *store;
  GDateTime *now;
  char *top;          /* the archive's directory */
  GPtrArray *members; /* Member */
  gint64 n_sessions;
  gint64 n_audit_entries;
  gboolean audit_ok;
} Export;

typedef struct
{
  char *path;
  GBytes *data;
} Member;

static void
member_free (gpointer data)
{
  Member *member = data;

  g_free (member->path);
  g_bytes_unref (member->data);
  g_free (member);
}

static void
add_member (Export *ex, const char *path, GString *text)
{
  Member *member = g_new0 (Member, 1);

  member->path = g_strdup (path);
  member->data = g_string_free_to_bytes (text);
  g_ptr_array_add (ex->members, member);
}

static gboolean
journal_json (Export *ex, GError **error)
{
  guint limit
      = ex->options->max_sessions ? ex->options->max_sessions : KIOSK_EXPORT_DEFAULT_MAX_SESSIONS;
  g_autoptr (GPtrArray) sessions = kiosk_store_list_recent_sessions (ex->store, limit, error);
  GString *out;

  if (sessions == NULL)
    return FALSE;
  out = g_string_new ("{\"sessions\":[");
  for (guint i = 0; i < sessions->len; i++)
    {
      const KioskJournalSession *s = g_ptr_array_index (sessions, i);
      g_autoptr (GPtrArray) steps = kiosk_store_list_steps (ex->store, s->uuid, error);

      if (steps == NULL)
        {
          g_string_free (out, TRUE);
          return FALSE;
        }
      g_string_append (out, i ? ",{" : "{");
      json_member (out, TRUE, "uuid", s->uuid);
      json_member (out, FALSE, "service", s->service);
      json_member (out, FALSE, "kiosk_id", s->kiosk_id);
      json_int (out, FALSE, "started", s->started);
      json_int (out, FALSE, "finished", s->finished);
      json_member (out, FALSE, "outcome", s->outcome);
      json_member (out, FALSE, "subject", s->subject_masked);
      json_bool (out, FALSE, "purged", s->purged > 0);
      json_key (out, FALSE, "steps");
      g_string_append_c (out, '[');
      for (guint j = 0; j < steps->len; j++)
        {
          const KioskJournalStep *step = g_ptr_array_index (steps, j);

          /* Payloads stay out: an application's payload carries its address. */
          g_string_append (out, j ? ",{" : "{");
          json_int (out, TRUE, "seq", step->seq);
          json_member (out, FALSE, "step", step->step);
          json_member (out, FALSE, "phase", kiosk_journal_phase_to_string (step->phase));
          json_member (out, FALSE, "key", step->idem_key);
          json_member (out, FALSE, "result", step->result);
          json_int (out, FALSE, "time", step->time);
          g_string_append_c (out, '}');
        }
      g_string_append (out, "]}");
    }
  g_string_append (out, "]}\n");
  ex->n_sessions = sessions->len;
  add_member (ex, "journal.json", out);
  return TRUE;
}

static gboolean
audit_json (Export *ex, GError **error)
{
  g_autoptr (KioskAuditVerdict) verdict = kiosk_store_audit_verify (ex->store, error);
  g_autoptr (GPtrArray) entries = NULL;
  GString *out;

  if (verdict == NULL)
    return FALSE;
  /* Newest first, as many as the verdict read. */
  entries
      = kiosk_store_audit_list (ex->store, (guint) MIN (verdict->n_entries + 1, G_MAXUINT), error);
  if (entries == NULL)
    return FALSE;
  out = g_string_new ("{\"verdict\":{");
  json_bool (out, TRUE, "ok", verdict->ok);
  json_int (out, FALSE, "entries", verdict->n_entries);
  json_int (out, FALSE, "first_bad_seq", verdict->first_bad_seq);
  json_member (out, FALSE, "reason", verdict->reason);
  g_string_append (out, "},\"entries\":[");
  for (guint i = entries->len; i > 0; i--)
    {
      const KioskAuditEntry *e = g_ptr_array_index (entries, i - 1);

      g_string_append (out, i < entries->len ? ",{" : "{");
      json_int (out, TRUE, "seq", e->seq);
      json_int (out, FALSE, "time", e->time);
      json_member (out, FALSE, "actor", e->actor);
      json_member (out, FALSE, "action", e->action);
      json_member (out, FALSE, "detail", e->detail);
      json_member (out, FALSE, "prev_hash", e->prev_hash);
      json_member (out, FALSE, "hash", e->hash);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}\n");
  ex->n_audit_entries = verdict->n_entries;
  ex->audit_ok = verdict->ok;
  add_member (ex, "audit.json", out);
  return TRUE;
}

static gboolean
stock_json (Export *ex, gint64 counts[KIOSK_CARD_N_STATES], GError **error)
{
  g_autoptr (GPtrArray) cards = kiosk_store_stock_list (ex->store, -1, error);
  GString *out;

  if (cards == NULL || !kiosk_store_stock_counts (ex->store, counts, error))
    return FALSE;
  out = g_string_new ("{\"counts\":{");
  for (int s = 0; s < KIOSK_CARD_N_STATES; s++)
    json_int (out, s == 0, kiosk_card_state_to_string (s), counts[s]);
  g_string_append (out, "},\"cards\":[");
  for (guint i = 0; i < cards->len; i++)
    {
      const KioskStockCard *card = g_ptr_array_index (cards, i);

      g_string_append (out, i ? ",{" : "{");
      json_member (out, TRUE, "serial", card->serial);
      json_int (out, FALSE, "batch", card->batch);
      json_member (out, FALSE, "state", kiosk_card_state_to_string (card->state));
      json_member (out, FALSE, "session", card->session);
      json_member (out, FALSE, "reason", card->reason);
      json_int (out, FALSE, "updated", card->updated);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}\n");
  add_member (ex, "stock.json", out);
  return TRUE;
}

static void
devices_json (Export *ex)
{
  GPtrArray *statuses = ex->options->device_statuses;
  GString *out;

  if (statuses == NULL)
    return;
  out = g_string_new ("{\"devices\":[");
  for (guint i = 0; i < statuses->len; i++)
    {
      const KioskDeviceStatus *s = g_ptr_array_index (statuses, i);

      g_string_append (out, i ? ",{" : "{");
      json_member (out, TRUE, "name", s->name);
      json_member (out, FALSE, "kind", s->kind);
      json_member (out, FALSE, "driver", s->driver);
      json_member (out, FALSE, "model", s->model);
      json_member (out, FALSE, "identity", s->identity);
      json_bool (out, FALSE, "simulated", s->simulated);
      json_bool (out, FALSE, "connected", s->connected);
      json_member (out, FALSE, "last_error", s->last_error);
      json_member (out, FALSE, "last_error_code", s->last_error_code);
      json_int (out, FALSE, "last_error_time", s->last_error_time / G_USEC_PER_SEC);
      json_key (out, FALSE, "counters");
      g_string_append_c (out, '{');
      for (guint j = 0; s->counters != NULL && j < s->counters->len; j++)
        {
          const KioskDeviceCounter *c = &g_array_index (s->counters, KioskDeviceCounter, j);

          json_key (out, j == 0, c->name);
          g_string_append_printf (out, "%" G_GUINT64_FORMAT, c->value);
        }
      g_string_append (out, "}}");
    }
  g_string_append (out, "]}\n");
  add_member (ex, "devices.json", out);
}

/* ---- the log -------------------------------------------------------------------- */

typedef struct
{
  GBytes *stdout_bytes;
  GError *error;
  gboolean done;
} Communicate;

static void
communicate_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Communicate *c = user_data;

  g_subprocess_communicate_finish (G_SUBPROCESS (source), result, &c->stdout_bytes, NULL,
                                   &c->error);
  c->done = TRUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* Runs the log command in a private main context, at most LOG_TIMEOUT_S. */
static char *
run_log_command (const char *const *argv, char **note)
{
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GSource) timer = NULL;
  g_autoptr (GError) error = NULL;
  Communicate c = { 0 };
  char *text = NULL;

  process = g_subprocess_newv (
      argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  if (process == NULL)
    {
      *note = g_strdup_printf ("%s: %s", argv[0], error->message);
      return NULL;
    }
  g_main_context_push_thread_default (context);
  timer = g_timeout_source_new_seconds (LOG_TIMEOUT_S);
  g_source_set_callback (timer, timeout_cb, cancellable, NULL);
  g_source_attach (timer, context);
  g_subprocess_communicate_async (process, NULL, cancellable, communicate_cb, &c);
  while (!c.done)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timer);
  if (c.error != NULL)
    {
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
      *note = g_strdup_printf ("%s: %s", argv[0],
                               g_error_matches (c.error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                                   ? "no answer within 30 s"
                                   : c.error->message);
      g_clear_error (&c.error);
    }
  else if (!g_subprocess_get_successful (process))
    *note = g_strdup_printf ("%s exited with status %d", argv[0],
                             g_subprocess_get_exit_status (process));
  g_main_context_pop_thread_default (context);

  if (c.stdout_bytes != NULL)
    {
      gsize len = 0;
      const char *data = g_bytes_get_data (c.stdout_bytes, &len);

      len = MIN (len, LOG_MAX_BYTES);
      text = g_utf8_make_valid (data != NULL ? data : "", len);
      g_bytes_unref (c.stdout_bytes);
    }
  return text;
}

static void
log_member (Export *ex)
{
  const char *const *argv = ex->options->log_argv ? ex->options->log_argv : default_log_argv;
  g_autofree char *note = NULL;
  g_autofree char *text = NULL;
  GString *out = g_string_new (NULL);

  if (argv[0] == NULL)
    {
      g_string_free (out, TRUE);
      return;
    }
  text = run_log_command (argv, &note);
  if (note != NULL)
    g_string_append_printf (out, "# %s\n", note);
  if (text != NULL && *text != '\0')
    {
      g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_autofree char *masked = kiosk_mask_text (lines[i]);

          if (lines[i + 1] == NULL && *lines[i] == '\0')
            break;
          g_string_append (out, masked);
          g_string_append_c (out, '\n');
        }
    }
  else if (note == NULL)
    g_string_append_printf (out, "# %s printed no log lines\n", argv[0]);
  add_member (ex, "logs/kiosk.log", out);
}

static void
info_json (Export *ex, const gint64 counts[KIOSK_CARD_N_STATES])
{
  const KioskConfig *config = ex->options->config;
  g_autofree char *when = g_date_time_format_iso8601 (ex->now);
  GString *out = g_string_new ("{");

  json_member (out, TRUE, "kiosk_id", config->kiosk_id);
  json_member (out, FALSE, "site", config->site);
  json_member (out, FALSE, "program_version", PACKAGE_VERSION);
  json_int (out, FALSE, "schema_version", KIOSK_STORE_SCHEMA_VERSION);
  json_member (out, FALSE, "exported", when);
  json_int (out, FALSE, "sessions", ex->n_sessions);
  json_int (out, FALSE, "audit_entries", ex->n_audit_entries);
  json_bool (out, FALSE, "audit_ok", ex->audit_ok);
  json_key (out, FALSE, "stock");
  g_string_append_c (out, '{');
  for (int s = 0; s < KIOSK_CARD_N_STATES; s++)
    json_int (out, s == 0, kiosk_card_state_to_string (s), counts[s]);
  g_string_append (out, "},\"personal_data\":\"masked: no names, ID numbers, phones, "
                        "addresses, photos or step payloads\"}\n");
  /* First in the archive: what the recipient reads first. */
  {
    Member *member = g_new0 (Member, 1);

    member->path = g_strdup ("info.json");
    member->data = g_string_free_to_bytes (out);
    g_ptr_array_insert (ex->members, 0, member);
  }
}

/* ---- the archive ------------------------------------------------------------------ */

static char *
archive_stem (const KioskConfig *config, GDateTime *now)
{
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  GString *id = g_string_new (NULL);

  /* The kiosk id may hold anything printable; a FAT stick takes less. */
  for (const char *p = config->kiosk_id; p != NULL && *p; p++)
    g_string_append_c (id, g_ascii_isalnum (*p) || *p == '-' || *p == '_' ? *p : '_');
  if (id->len == 0)
    g_string_append (id, "kiosk");
  if (id->len > 40)
    g_string_truncate (id, 40);
  {
    g_autofree char *safe = g_string_free (id, FALSE);

    return g_strdup_printf ("sskiosk-%s-%s", safe, stamp);
  }
}

static gboolean
check_dir (const char *dir, GError **error)
{
  if (dir == NULL || *dir == '\0' || !g_file_test (dir, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "导出目录不存在 (no such directory): %s（U 盘是否已挂载？is the USB stick "
                   "mounted?）",
                   dir != NULL ? dir : "");
      return FALSE;
    }
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY, "不是目录 (not a directory): %s",
                   dir);
      return FALSE;
    }
  if (access (dir, W_OK | X_OK) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "目录不可写 (the directory is not writable): %s", dir);
      return FALSE;
    }
  return TRUE;
}

static void
fsync_dir (const char *dir)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    {
      (void) fsync (fd);
      close (fd);
    }
}

static gboolean
write_archive (Export *ex, const char *tmp_path, KioskExportResult *result, GError **error)
{
  g_autoptr (GOutputStream) out = NULL;
  g_autoptr (KioskTarWriter) tar = NULL;
  g_autoptr (GString) manifest = g_string_new (NULL);
  g_autofree char *manifest_path = NULL;
  g_autoptr (GHashTable) dirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int fd;

  fd = open (tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", tmp_path,
                   g_strerror (saved));
      return FALSE;
    }
  out = g_unix_output_stream_new (fd, TRUE);
  tar = kiosk_tar_writer_new (out, g_date_time_to_unix (ex->now));
  if (!kiosk_tar_writer_add_directory (tar, ex->top, error))
    return FALSE;
  for (guint i = 0; i < ex->members->len; i++)
    {
      const Member *member = g_ptr_array_index (ex->members, i);
      g_autofree char *path = g_build_path ("/", ex->top, member->path, NULL);
      g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, member->data);
      KioskExportFile *file = g_new0 (KioskExportFile, 1);

      if (strchr (member->path, '/') != NULL)
        {
          char *sub = g_path_get_dirname (path);

          /* One directory member before its first file (logs/). */
          if (g_hash_table_add (dirs, sub) && !kiosk_tar_writer_add_directory (tar, sub, error))
            {
              export_file_free (file);
              return FALSE;
            }
        }
      file->path = g_strdup (member->path);
      file->size = g_bytes_get_size (member->data);
      file->sha256 = g_strdup (sum);
      g_ptr_array_add (result->files, file);
      g_string_append_printf (manifest, "%s  %s\n", sum, member->path);
      if (!kiosk_tar_writer_add_file (tar, path, g_bytes_get_data (member->data, NULL),
                                      g_bytes_get_size (member->data), error))
        return FALSE;
    }

  {
    KioskExportFile *file = g_new0 (KioskExportFile, 1);

    file->path = g_strdup ("MANIFEST.sha256");
    file->size = manifest->len;
    file->sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, manifest->str, manifest->len);
    g_ptr_array_add (result->files, file);
  }
  manifest_path = g_build_path ("/", ex->top, "MANIFEST.sha256", NULL);
  if (!kiosk_tar_writer_add_file (tar, manifest_path, manifest->str, manifest->len, error)
      || !kiosk_tar_writer_finish (tar, error))
    return FALSE;
  if (fsync (fd) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "fsync %s: %s", tmp_path,
                   g_strerror (saved));
      return FALSE;
    }
  if (!g_output_stream_close (out, NULL, error))
    return FALSE;
  result->sha256 = g_strdup (kiosk_tar_writer_get_sha256 (tar));
  result->size = kiosk_tar_writer_get_size (tar);
  return TRUE;
}

KioskExportResult *
kiosk_export_write (const KioskExportOptions *options,
                    const char *dir,
                    GCancellable *cancellable,
                    GError **error)
{
  g_autoptr (KioskExportResult) result = NULL;
  g_autoptr (KioskStore) store = NULL;
  g_autoptr (GPtrArray) members = g_ptr_array_new_with_free_func (member_free);
  g_autoptr (GDateTime) now = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *archive_name = NULL;
  g_autofree char *checksum_text = NULL;
  gint64 counts[KIOSK_CARD_N_STATES] = { 0 };
  Export ex = { 0 };

  g_return_val_if_fail (options != NULL && options->config != NULL, NULL);

  if (!check_dir (dir, error) || g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  store = kiosk_store_open_config (options->config, KIOSK_DB_OPEN_READ_ONLY, error);
  if (store == NULL)
    return NULL;

  now = options->now != NULL ? g_date_time_ref (options->now) : g_date_time_new_now_local ();
  stem = archive_stem (options->config, now);
  ex.options = options;
  ex.store = store;
  ex.now = now;
  ex.top = stem;
  ex.members = members;
  if (!journal_json (&ex, error) || !audit_json (&ex, error) || !stock_json (&ex, counts, error))
    return NULL;
  devices_json (&ex);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  log_member (&ex);
  info_json (&ex, counts);

  result = g_new0 (KioskExportResult, 1);
  result->files = g_ptr_array_new_with_free_func (export_file_free);
  result->n_sessions = ex.n_sessions;
  result->n_audit_entries = ex.n_audit_entries;
  result->audit_ok = ex.audit_ok;
  archive_name = g_strconcat (stem, ".tar", NULL);
  result->archive_path = g_build_filename (dir, archive_name, NULL);
  result->checksum_path = g_strconcat (result->archive_path, ".sha256", NULL);
  if (g_file_test (result->archive_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "已存在 (already exists): %s",
                   result->archive_path);
      return NULL;
    }
  tmp_path = g_strdup_printf ("%s/.%s.part", dir, archive_name);
  if (!write_archive (&ex, tmp_path, result, error))
    {
      g_unlink (tmp_path);
      return NULL;
    }
  checksum_text = g_strdup_printf ("%s  %s\n", result->sha256, archive_name);
  if (g_rename (tmp_path, result->archive_path) != 0)
    {
      int saved = errno;

      g_unlink (tmp_path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", result->archive_path,
                   g_strerror (saved));
      return NULL;
    }
  if (!g_file_set_contents_full (result->checksum_path, checksum_text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0644,
                                 error))
    {
      g_unlink (result->archive_path);
      return NULL;
    }
  fsync_dir (dir);
  g_info ("export: %s (%" G_GUINT64_FORMAT " bytes, sha256 %s)", result->archive_path, result->size,
          result->sha256);
  return g_steal_pointer (&result);
}

typedef struct
{
  const KioskExportOptions *options;
  char *dir;
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  g_free (job->dir);
  g_free (job);
}

static void
export_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ExportJob *job = data;
  GError *error = NULL;
  KioskExportResult *result = kiosk_export_write (job->options, job->dir, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) kiosk_export_result_free);
}

void
kiosk_export_write_async (const KioskExportOptions *options,
                          const char *dir,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ExportJob *job = g_new0 (ExportJob, 1);

  g_task_set_source_tag (task, kiosk_export_write_async);
  job->options = options;
  job->dir = g_strdup (dir);
  g_task_set_task_data (task, job, export_job_free);
  g_task_run_in_thread (task, export_thread);
}

KioskExportResult *
kiosk_export_write_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
