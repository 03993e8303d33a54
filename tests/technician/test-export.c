/* test-export.c — the export to a USB stick: a real store with sessions that hold
 * personal data, a log command printing an ID number and a phone, the archive read
 * back by GNU tar, every file against the manifest and the archive against its
 * .sha256, and no full name, ID number, phone or address anywhere in it */
#include "config.h"

#include <string.h>

#include "kiosk-export.h"
#include "kiosk-tar-writer.h"
#include "technician-test-util.h"

/* Fictitious people of data/demo-people.ini. */
#define ID_NUMBER "220102198503120019"
#define NAME      "张三丰"
#define PHONE     "13912345678"
#define ADDRESS   "吉林省长春市朝阳区人民大街1号"

typedef struct
{
  char *dir;
  char *usb;
  KioskConfig *config;
} Fixture;

static void
fill_store (KioskStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = kiosk_store_session_begin (store, "green-channel", &error);
  g_autofree char *payload
      = g_strdup_printf ("{\"address\":\"%s\",\"bank\":\"建设银行\"}", ADDRESS);

  g_assert_true (kiosk_store_session_set_person (store, uuid, ID_NUMBER, NAME, PHONE, &error));
  g_assert_cmpint (kiosk_store_journal_intent (store, uuid, "apply", NULL, payload, &error), >, 0);
  g_assert_cmpint (kiosk_store_journal_outcome (store, uuid, "apply", "failed: center said " PHONE,
                                                NULL, &error),
                   >, 0);
  g_assert_true (kiosk_store_session_close (store, uuid, "cancelled", &error));
  g_assert_cmpint (kiosk_store_stock_load_batch (store, "JL24A000001", 3, "test", &error), >, 0);
  g_assert_cmpint (kiosk_store_audit_append (store, "test", "note", "holder " ID_NUMBER, &error), >,
                   0);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  f->dir = tech_test_dir ("export");
  f->usb = g_build_filename (f->dir, "usb", NULL);
  g_mkdir (f->usb, 0700);
  text = g_strdup_printf ("[kiosk]\nid=JL/CC 0001\nsite=长春\n[store]\nstate_dir=%s\n", f->dir);
  f->config = kiosk_config_load_data (text, -1, &error);
  g_assert_no_error (error);
  {
    g_autoptr (KioskStore) store
        = kiosk_store_open_config (f->config, KIOSK_DB_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    fill_store (store);
  }
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  kiosk_config_free (f->config);
  g_free (f->usb);
  g_free (f->dir);
}

static char *
slurp (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

static char *
slurp_at (const char *top, const char *name)
{
  g_autofree char *path = g_build_filename (top, name, NULL);

  return slurp (path);
}

static void
run_tar (const char *cwd, const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (cwd, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static void
assert_no_personal_data (const char *data, gsize len)
{
  const char *personal[] = { ID_NUMBER, NAME, PHONE, ADDRESS, "人民大街" };

  for (gsize i = 0; i < G_N_ELEMENTS (personal); i++)
    g_assert_null (memmem (data, len, personal[i], strlen (personal[i])));
}

static void
test_archive (Fixture *f, gconstpointer data)
{
  const char *log_argv[]
      = { "printf", "a line with " ID_NUMBER " and " PHONE "\\nsecond\\n", NULL };
  g_autoptr (GDateTime) now = g_date_time_new_local (2024, 5, 15, 9, 30, 0);
  KioskExportOptions options = { f->config, NULL, log_argv, 0, now };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskExportResult) result = kiosk_export_write (&options, f->usb, NULL, &error);
  g_autofree char *archive = NULL;
  g_autofree char *sidecar = NULL;
  g_autofree char *expected_sidecar = NULL;
  g_autofree char *top = NULL;
  g_autofree char *manifest = NULL;
  g_auto (GStrv) lines = NULL;
  gsize len = 0;
  const char *extract[] = { "tar", "-xf", NULL, NULL };

  g_assert_no_error (error);
  g_assert_nonnull (result);
  /* The kiosk id made safe for a FAT stick, the local time in the name. */
  g_assert_true (
      g_str_has_suffix (result->archive_path, "/sskiosk-JL_CC_0001-20240515-093000.tar"));
  g_assert_cmpint (result->n_sessions, ==, 1);
  g_assert_true (result->audit_ok);

  /* The archive's own checksum, in sha256sum -c form. */
  g_assert_true (g_file_get_contents (result->archive_path, &archive, &len, &error));
  {
    g_autofree char *sum
        = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) archive, len);

    g_assert_cmpstr (sum, ==, result->sha256);
    expected_sidecar = g_strdup_printf ("%s  sskiosk-JL_CC_0001-20240515-093000.tar\n", sum);
  }
  sidecar = slurp (result->checksum_path);
  g_assert_cmpstr (sidecar, ==, expected_sidecar);
  g_assert_cmpuint (len % 512, ==, 0);
  assert_no_personal_data (archive, len);
  /* Nothing else was left on the stick. */
  {
    g_autoptr (GDir) dir = g_dir_open (f->usb, 0, NULL);
    guint n = 0;

    while (g_dir_read_name (dir) != NULL)
      n++;
    g_assert_cmpuint (n, ==, 2);
  }

  /* GNU tar reads it; every file matches the manifest. */
  extract[2] = result->archive_path;
  run_tar (f->usb, extract);
  top = g_build_filename (f->usb, "sskiosk-JL_CC_0001-20240515-093000", NULL);
  manifest = slurp_at (top, "MANIFEST.sha256");
  lines = g_strsplit (g_strchomp (manifest), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) parts = g_strsplit (lines[i], "  ", 2);
      g_autofree char *path = g_build_filename (top, parts[1], NULL);
      g_autofree char *content = NULL;
      gsize content_len = 0;
      g_autofree char *sum = NULL;

      g_assert_true (g_file_get_contents (path, &content, &content_len, NULL));
      sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) content, content_len);
      g_assert_cmpstr (sum, ==, parts[0]);
      assert_no_personal_data (content, content_len);
    }
  g_assert_nonnull (strstr (manifest, "  info.json"));
  g_assert_nonnull (strstr (manifest, "  journal.json"));
  g_assert_nonnull (strstr (manifest, "  audit.json"));
  g_assert_nonnull (strstr (manifest, "  stock.json"));
  g_assert_nonnull (strstr (manifest, "  logs/kiosk.log"));
  g_assert_cmpuint (result->files->len, ==, 6);

  /* What each file carries, masked. */
  {
    g_autofree char *journal = slurp_at (top, "journal.json");
    g_autofree char *audit = slurp_at (top, "audit.json");
    g_autofree char *log = slurp_at (top, "logs/kiosk.log");
    g_autofree char *stock = slurp_at (top, "stock.json");

    g_assert_nonnull (strstr (journal, "\"subject\":\"2201**********0019 张**\""));
    g_assert_nonnull (strstr (journal, "\"step\":\"apply\""));
    g_assert_null (strstr (journal, "payload"));
    g_assert_null (strstr (journal, "建设银行"));
    g_assert_nonnull (strstr (audit, "\"ok\":true"));
    g_assert_nonnull (strstr (audit, "\"action\":\"stock.load\""));
    g_assert_nonnull (strstr (log, "a line with 2201"));
    g_assert_nonnull (strstr (log, "second\n"));
    g_assert_nonnull (strstr (stock, "\"JL24A000003\""));
  }
}

static void
test_refusals (Fixture *f, gconstpointer data)
{
  const char *no_log[] = { NULL };
  KioskExportOptions options = { f->config, NULL, no_log, 0, NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *missing = g_build_filename (f->dir, "not-mounted", NULL);
  g_autofree char *file = g_build_filename (f->dir, "a-file", NULL);
  g_autofree char *text = NULL;
  g_autoptr (KioskConfig) no_store = NULL;
  KioskExportResult *result;

  result = kiosk_export_write (&options, missing, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "U 盘"));
  g_clear_error (&error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  g_assert_true (g_file_set_contents (file, "x", -1, NULL));
  result = kiosk_export_write (&options, file, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_clear_error (&error);

  /* A kiosk without a database: refused, the stick untouched. */
  text = g_strdup_printf ("[store]\nstate_dir=%s/nothing-here\n", f->dir);
  no_store = kiosk_config_load_data (text, -1, &error);
  options.config = no_store;
  result = kiosk_export_write (&options, f->usb, NULL, &error);
  g_assert_null (result);
  g_assert_nonnull (error);
  g_clear_error (&error);
  {
    g_autoptr (GDir) dir = g_dir_open (f->usb, 0, NULL);

    g_assert_null (g_dir_read_name (dir));
  }

  /* A log command that does not exist: the export goes on and says so. */
  {
    const char *bad_log[] = { "/nonexistent/journalctl", NULL };
    g_autoptr (KioskExportResult) ok = NULL;
    g_autoptr (GDateTime) now = g_date_time_new_local (2024, 5, 15, 9, 31, 0);

    options.config = f->config;
    options.log_argv = bad_log;
    options.now = now;
    ok = kiosk_export_write (&options, f->usb, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (ok);
    /* The same second again: refused, the first archive kept. */
    result = kiosk_export_write (&options, f->usb, NULL, &error);
    g_assert_null (result);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  }
}

static void
tar_list_cb (const char *const *argv, char **out)
{
  g_autoptr (GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out,
                               NULL, &status, &error));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static void
test_tar_writer (void)
{
  g_autofree char *dir = tech_test_dir ("tar");
  g_autofree char *path = g_build_filename (dir, "t.tar", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autoptr (GFileOutputStream) out = g_file_create (file, G_FILE_CREATE_NONE, NULL, &error);
  g_autoptr (KioskTarWriter) tar = kiosk_tar_writer_new (G_OUTPUT_STREAM (out), 1715736600);
  g_autofree char *big = g_strnfill (1536, 'x');
  g_autofree char *listing = NULL;
  g_autofree char *long_name = g_strnfill (100, 'a');
  const char *list_argv[] = { "tar", "-tvf", path, NULL };
  const char *bad[] = { "/abs", "a/../b", "./x", "with space", "tab\tname", "", "back\\slash" };

  g_assert_true (kiosk_tar_writer_add_directory (tar, "top", &error));
  g_assert_true (kiosk_tar_writer_add_file (tar, "top/empty", "", 0, &error));
  g_assert_true (kiosk_tar_writer_add_file (tar, "top/one", "1", 1, &error));
  g_assert_true (kiosk_tar_writer_add_file (tar, "top/big", big, 1536, &error));
  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (kiosk_tar_writer_add_file (tar, bad[i], "x", 1, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
      g_clear_error (&error);
    }
  g_assert_false (kiosk_tar_writer_add_file (tar, long_name, "x", 1, &error));
  g_clear_error (&error);
  g_assert_null (kiosk_tar_writer_get_sha256 (tar));
  g_assert_true (kiosk_tar_writer_finish (tar, &error));
  g_assert_false (kiosk_tar_writer_add_file (tar, "late", "x", 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));
  /* 4 headers, 1 + 3 data blocks, 2 end blocks. */
  g_assert_cmpuint (kiosk_tar_writer_get_size (tar), ==, (4 + 1 + 3 + 2) * 512);
  g_assert_cmpuint (strlen (kiosk_tar_writer_get_sha256 (tar)), ==, 64);

  tar_list_cb (list_argv, &listing);
  g_assert_nonnull (strstr (listing, "top/\n"));
  g_assert_nonnull (strstr (listing, " 1536 2024-05-1"));
  g_assert_nonnull (strstr (listing, "top/big"));
  g_assert_nonnull (strstr (listing, "top/empty"));
  g_assert_nonnull (strstr (listing, "root/root"));
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);
  g_test_add ("/export/archive", Fixture, NULL, fixture_set_up, test_archive, fixture_tear_down);
  g_test_add ("/export/refusals", Fixture, NULL, fixture_set_up, test_refusals, fixture_tear_down);
  g_test_add_func ("/export/tar-writer", test_tar_writer);
  return kiosk_test_run ();
}
