/* test-kioskctl-devices.c — `kioskctl devices` and `kioskctl selftest
 * idreader`, run as a technician runs them, against the ID-reader simulator
 * that the configuration asks for */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "kiosk-test.h"

typedef struct
{
  int status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static char *
write_config (const char *devices)
{
  g_autofree char *dir = kiosk_test_make_dir ("kioskctl");
  char *path = g_build_filename (dir, "kiosk.conf", NULL);
  g_autofree char *state = g_build_filename (dir, "state", NULL);
  g_autofree char *text = g_strdup_printf ("[kiosk]\nid=JL-TEST-0001\nsite=test\n"
                                           "[store]\nstate_dir=%s\n"
                                           "[center]\ndriver=simulator\n"
                                           "[devices]\n%s",
                                           state, devices);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
run_kioskctl (Run *run, const char *config, const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  int wait_status = 0;

  g_ptr_array_add (argv, (gpointer) KIOSKCTL_PATH);
  g_ptr_array_add (argv, (gpointer) "--config");
  g_ptr_array_add (argv, (gpointer) config);
  for (gsize i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  memset (run, 0, sizeof *run);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &run->out,
                &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

static void
test_devices_table (void)
{
  g_autofree char *config = write_config ("idreader_driver=sam-serial\nidreader_simulator=true\n");
  g_auto (Run) run;

  run_kioskctl (&run, config, (const char *const[]){ "devices", NULL });
  if (run.status != 0)
    g_printerr ("%s%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "idreader"));
  g_assert_nonnull (strstr (run.out, "sam-serial"));
  g_assert_nonnull (strstr (run.out, "connected"));
  g_assert_nonnull (strstr (run.out, "05.01-20100703-0083374446-2410663984"));
  g_assert_nonnull (strstr (run.out, "(simulator)"));
}

static void
test_devices_json (void)
{
  g_autofree char *config = write_config ("idreader_driver=sam-serial\nidreader_simulator=true\n");
  g_auto (Run) run;

  run_kioskctl (&run, config, (const char *const[]){ "--json", "devices", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "{\"ok\":true,\"devices\":[{\"name\":\"idreader\""));
  g_assert_nonnull (strstr (run.out, "\"connected\":true"));
  g_assert_nonnull (strstr (run.out, "\"frames-sent\":2"));
}

static void
test_devices_offline (void)
{
  g_autofree char *config
      = write_config ("idreader_driver=sam-serial\nidreader_port=/nonexistent/ttyUSB7\n");
  g_auto (Run) run;

  run_kioskctl (&run, config, (const char *const[]){ "devices", NULL });
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.out, "OFFLINE"));
  g_assert_nonnull (strstr (run.out, "/nonexistent/ttyUSB7"));
}

static void
test_devices_bad_config (void)
{
  g_autofree char *config = write_config ("idreader_driver=sam-serial\nidreader_port=/dev/x\n"
                                          "idreader_baud=fast\n");
  g_auto (Run) run;

  run_kioskctl (&run, config, (const char *const[]){ "devices", NULL });
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "[devices] idreader_baud"));
}

static void
test_devices_drivers (void)
{
  g_autofree char *config = write_config ("");
  g_auto (Run) run;

  run_kioskctl (&run, config, (const char *const[]){ "devices", "--drivers", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "idreader_driver=sam-serial"));
  g_assert_nonnull (strstr (run.out, "[simulator]"));
}

static void
test_selftest_idreader (void)
{
  g_autofree char *config = write_config ("idreader_driver=sam-serial\nidreader_simulator=true\n");
  g_auto (Run) run;

  run_kioskctl (&run, config, (const char *const[]){ "selftest", "idreader", NULL });
  if (run.status != 0)
    g_printerr ("%s%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);
  /* Masked, never in full: the simulator's resident card is 张演示,
   * 220102199003071235, 吉林省长春市朝阳区演示街道1号. */
  g_assert_nonnull (strstr (run.out, "张*"));
  g_assert_null (strstr (run.out, "张演示"));
  g_assert_nonnull (strstr (run.out, "2201**********1235"));
  g_assert_null (strstr (run.out, "220102199003071235"));
  g_assert_null (strstr (run.out, "演示街道"));
  g_assert_nonnull (strstr (run.out, "1990****"));
  g_assert_nonnull (strstr (run.out, "unavailable"));
  g_assert_null (strstr (run.err, "张演示"));
  g_assert_null (strstr (run.err, "220102199003071235"));
}

static void
test_selftest_json (void)
{
  g_autofree char *config = write_config ("idreader_driver=sam-serial\nidreader_simulator=true\n"
                                          "idreader_sim_card=foreigner2023\n");
  g_auto (Run) run;

  run_kioskctl (&run, config, (const char *const[]){ "--json", "selftest", "idreader", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "{\"ok\":true,\"device\":\"idreader\""));
  g_assert_nonnull (strstr (run.out, "\"id_number\":\"9331**********0079\""));
  g_assert_null (strstr (run.out, "933156198203010079"));
}

static void
test_selftest_usage (void)
{
  g_autofree char *config = write_config ("idreader_driver=sam-serial\nidreader_simulator=true\n");
  g_auto (Run) run;
  g_auto (Run) none;

  run_kioskctl (&run, config, (const char *const[]){ "selftest", "printer", NULL });
  g_assert_cmpint (run.status, ==, 2);

  {
    g_autofree char *empty = write_config ("");

    run_kioskctl (&none, empty, (const char *const[]){ "selftest", "idreader", NULL });
    g_assert_cmpint (none.status, ==, 3);
  }
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);

  g_test_add_func ("/kioskctl/devices/table", test_devices_table);
  g_test_add_func ("/kioskctl/devices/json", test_devices_json);
  g_test_add_func ("/kioskctl/devices/offline", test_devices_offline);
  g_test_add_func ("/kioskctl/devices/bad-config", test_devices_bad_config);
  g_test_add_func ("/kioskctl/devices/drivers", test_devices_drivers);
  g_test_add_func ("/kioskctl/selftest/idreader", test_selftest_idreader);
  g_test_add_func ("/kioskctl/selftest/json", test_selftest_json);
  g_test_add_func ("/kioskctl/selftest/usage", test_selftest_usage);

  return kiosk_test_run ();
}
