/* test-kioskctl-center.c — `kioskctl demo-people` and `kioskctl person`, run
 * as a technician would (the real binary, its own simulator database in a
 * temporary directory), checking output, masking and exit codes. The path
 * of kioskctl is the first argument. */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "kiosk-test.h"

static const char *kioskctl_path;
static char *config_path;
static char *work_dir;

typedef struct
{
  int status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_kioskctl (Run *r, const char *config, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) kioskctl_path);
  g_ptr_array_add (argv, (gpointer) "--config");
  g_ptr_array_add (argv, (gpointer) config);
  va_start (args, config);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc
      = g_subprocess_newv ((const char *const *) argv->pdata,
                           G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &r->out, &r->err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  r->status = g_subprocess_get_exit_status (proc);
}

static void
test_demo_people (void)
{
  g_auto (Run) r = { 0 };
  g_auto (Run) j = { 0 };
  g_auto (Run) extra = { 0 };
  const char *ids[] = { "220102198503120019", "220104195207040021", "22020419930303010X",
                        "810000199001010019", "922410198808080015" };

  run_kioskctl (&r, config_path, "demo-people", NULL);
  g_assert_cmpint (r.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_nonnull (strstr (r.out, ids[i]));
  g_assert_nonnull (strstr (r.out, "张三"));
  g_assert_nonnull (strstr (r.out, "[R1, R4, R5]"));
  g_assert_nonnull (strstr (r.out, "D0000003Y"));

  run_kioskctl (&j, config_path, "--json", "demo-people", NULL);
  g_assert_cmpint (j.status, ==, 0);
  g_assert_true (g_str_has_prefix (j.out, "{\"ok\":true,\"people\":[{\"key\":\"out-of-province\""));
  g_assert_nonnull (strstr (j.out, "\"id_number\":\"220104195207040021\""));
  g_assert_nonnull (strstr (j.out, "\"rules\":[\"R17\"]"));
  g_assert_true (g_str_has_suffix (j.out, "]}\n"));

  run_kioskctl (&extra, config_path, "demo-people", "everyone", NULL);
  g_assert_cmpint (extra.status, ==, 2);
}

static void
test_person (void)
{
  g_auto (Run) r = { 0 };
  g_auto (Run) j = { 0 };
  g_auto (Run) d = { 0 };

  run_kioskctl (&r, config_path, "person", "220102197208080136", NULL);
  g_assert_cmpint (r.status, ==, 0);
  /* Personal data is masked on screen. */
  g_assert_nonnull (strstr (r.out, "2201**********0136"));
  g_assert_null (strstr (r.out, "220102197208080136"));
  g_assert_null (strstr (r.out, "卫五"));
  g_assert_null (strstr (r.out, "D0000014S"));
  g_assert_nonnull (strstr (r.out, "temporary_loss"));
  g_assert_nonnull (strstr (r.out, "allowed"));
  g_assert_nonnull (strstr (r.out, "refused R11"));

  /* Day 8 of a temporary loss: formal loss refused by R8. */
  run_kioskctl (&j, config_path, "person", "--json", "220103197906060075", NULL);
  g_assert_cmpint (j.status, ==, 0);
  g_assert_true (g_str_has_prefix (j.out, "{\"ok\":true,\"person\":{"));
  g_assert_nonnull (strstr (j.out, "\"service\":\"formal_loss_social\""));
  g_assert_nonnull (strstr (j.out, "\"temporary_loss_day\":8"));
  g_assert_nonnull (
      strstr (j.out, "\"label\":\"社保功能正式挂失\",\"allowed\":false,\"rule\":\"R8\""));

  /* Deceased: every service refused by R17. */
  run_kioskctl (&d, config_path, "--json", "person", "220104195207040021", NULL);
  g_assert_cmpint (d.status, ==, 0);
  g_assert_nonnull (strstr (d.out, "\"deceased\":true"));
  g_assert_null (strstr (d.out, "\"allowed\":true"));
  g_assert_null (strstr (d.out, "\"rule\":\"R1\""));
}

static void
test_person_errors (void)
{
  g_auto (Run) unknown = { 0 };
  g_auto (Run) unknown_json = { 0 };
  g_auto (Run) invalid = { 0 };
  g_auto (Run) missing = { 0 };
  g_auto (Run) extra = { 0 };
  g_auto (Run) broken = { 0 };
  g_autofree char *bad_db = g_build_filename (work_dir, "not-a-db", NULL);
  g_autofree char *bad_config = g_build_filename (work_dir, "broken.conf", NULL);
  g_autofree char *text = g_strdup_printf ("[center]\nsimulator_db=%s\nlatency_ms=0\n", bad_db);

  run_kioskctl (&unknown, config_path, "person", "220102198001010012", NULL);
  g_assert_cmpint (unknown.status, ==, 1);
  g_assert_nonnull (strstr (unknown.err, "unknown person"));
  /* The ID number is not echoed unmasked. */
  g_assert_null (strstr (unknown.err, "220102198001010012"));

  run_kioskctl (&unknown_json, config_path, "--json", "person", "220102198001010012", NULL);
  g_assert_cmpint (unknown_json.status, ==, 1);
  g_assert_true (g_str_has_prefix (unknown_json.out, "{\"ok\":false,\"exit\":1,"));

  /* Refused before the center is opened: no database appears. */
  {
    g_autofree char *fresh_db = g_build_filename (work_dir, "fresh", "center-sim.db", NULL);
    g_autofree char *fresh_config = g_build_filename (work_dir, "fresh.conf", NULL);
    g_autofree char *fresh_text
        = g_strdup_printf ("[center]\nsimulator_db=%s\nlatency_ms=0\n", fresh_db);

    g_assert_true (g_file_set_contents (fresh_config, fresh_text, -1, NULL));
    run_kioskctl (&invalid, fresh_config, "person", "220102198001010013", NULL);
    g_assert_cmpint (invalid.status, ==, 1);
    g_assert_nonnull (strstr (invalid.err, "invalid ID number"));
    g_assert_false (g_file_test (fresh_db, G_FILE_TEST_EXISTS));
  }

  run_kioskctl (&missing, config_path, "person", NULL);
  g_assert_cmpint (missing.status, ==, 2);
  run_kioskctl (&extra, config_path, "person", "220102197208080136", "again", NULL);
  g_assert_cmpint (extra.status, ==, 2);

  /* A center that cannot be used: exit 3. */
  g_assert_true (g_file_set_contents (bad_db, "garbage, not SQLite", -1, NULL));
  g_assert_true (g_file_set_contents (bad_config, text, -1, NULL));
  run_kioskctl (&broken, bad_config, "person", "220102197208080136", NULL);
  g_assert_cmpint (broken.status, ==, 3);
  g_assert_nonnull (strstr (broken.err, "center"));
}

int
main (int argc, char **argv)
{
  g_autofree char *text = NULL;
  g_autofree char *db = NULL;
  int rc;

  kiosk_test_init (&argc, &argv);
  if (argc < 2)
    {
      g_printerr ("usage: %s PATH-TO-KIOSKCTL\n", argv[0]);
      return 2;
    }
  kioskctl_path = argv[1];
  work_dir = kiosk_test_make_dir ("kioskctl");
  config_path = g_build_filename (work_dir, "kiosk.conf", NULL);
  db = g_build_filename (work_dir, "state", "center-sim.db", NULL);
  text = g_strdup_printf ("[store]\nstate_dir=%s/state\n[center]\ndriver=simulator\n"
                          "simulator_db=%s\nlatency_ms=0\n",
                          work_dir, db);
  g_assert_true (g_file_set_contents (config_path, text, -1, NULL));

  g_test_add_func ("/center/kioskctl/demo-people", test_demo_people);
  g_test_add_func ("/center/kioskctl/person", test_person);
  g_test_add_func ("/center/kioskctl/person-errors", test_person_errors);
  rc = kiosk_test_run ();
  g_free (config_path);
  g_free (work_dir);
  return rc;
}
