/* test-kioskctl-chip.c — `kioskctl selftest chip` end to end: its own
 * simulator (private pcscd + vpcd + kiosk-vcard), the masked output, the
 * exit codes of a missing configuration and of a missing reader. */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

static char *tmp_dir;

static char *
write_config (const char *body)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (tmp_dir, "kiosk.conf", NULL);

  g_assert_true (g_file_set_contents (path, body, -1, &error));
  g_assert_no_error (error);
  return path;
}

/* Runs kioskctl; returns its exit status and fills out/err. */
static int
run_kioskctl (const char *config, gboolean json, char **out, char **err)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) process = NULL;
  const char *argv[] = { KIOSKCTL_PATH, "--config", config, "selftest", "chip", NULL, NULL };

  if (json)
    {
      argv[3] = "--json";
      argv[4] = "selftest";
      argv[5] = "chip";
    }
  process = g_subprocess_newv (
      argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error));
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process))
    g_error ("kioskctl died: %s", *err);
  return g_subprocess_get_exit_status (process);
}

static void
assert_no_personal_data (const char *text)
{
  /* The demo card's holder: none of it may appear unmasked. */
  g_assert_null (strstr (text, "卫五"));
  g_assert_null (strstr (text, "220102197208080136"));
  g_assert_null (strstr (text, "D0000012V"));
  g_assert_null (strstr (text, "19720808"));
}

static void
test_selftest_simulator (void)
{
  g_autofree char *body = NULL;
  g_autofree char *config = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int rc;

  if (geteuid () != 0
      || !g_file_test ("/usr/lib/pcsc/drivers/serial/libifdvpcd.so", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("needs root (a private pcscd) and vsmartcard-vpcd");
      return;
    }
  body = g_strdup_printf ("[devices]\nchip_driver=pcsc\nchip_simulator=true\n"
                          "chip_simulator_program=%s\nchip_sim_card=demo\n",
                          KIOSK_VCARD_PATH);
  config = write_config (body);

  rc = run_kioskctl (config, FALSE, &out, &err);
  g_test_message ("stdout: %s\nstderr: %s", out, err);
  g_assert_cmpint (rc, ==, 0);
  g_assert_nonnull (strstr (out, "Virtual PCD 00 00"));
  g_assert_nonnull (strstr (out, "D*******V"));
  g_assert_nonnull (strstr (out, "2201**********0136"));
  g_assert_nonnull (strstr (out, "卫*"));
  g_assert_nonnull (strstr (out, "第三代社会保障卡"));
  assert_no_personal_data (out);
  assert_no_personal_data (err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  rc = run_kioskctl (config, TRUE, &out, &err);
  g_assert_cmpint (rc, ==, 0);
  g_assert_true (g_str_has_prefix (out, "{\"ok\":true,"));
  g_assert_nonnull (strstr (out, "\"card_number\":\"D*******V\""));
  assert_no_personal_data (out);
  assert_no_personal_data (err);
}

static void
test_selftest_failures (void)
{
  g_autofree char *none = write_config ("[devices]\nchip_driver=none\n");
  g_autofree char *bad = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_kioskctl (none, FALSE, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "chip_driver"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  bad = write_config ("[devices]\nchip_driver=pcsc\nchip_protocol=t9\n");
  g_assert_cmpint (run_kioskctl (bad, TRUE, &out, &err), ==, 1);
  g_assert_true (g_str_has_prefix (out, "{\"ok\":false,\"exit\":1,"));
  g_assert_nonnull (strstr (out, "chip_protocol"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* No such reader (and, here, no pcscd at the socket at all). */
  missing = write_config ("[devices]\nchip_driver=pcsc\nchip_reader=No Such Reader\n"
                          "chip_selftest_wait_ms=500\n");
  g_setenv ("PCSCLITE_CSOCK_NAME", "/nonexistent/pcscd.comm", TRUE);
  g_assert_cmpint (run_kioskctl (missing, FALSE, &out, &err), ==, 3);
  g_assert_nonnull (strstr (err, "No Such Reader"));
}

int
main (int argc, char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/chip/kioskctl/selftest-simulator", test_selftest_simulator);
  g_test_add_func ("/chip/kioskctl/selftest-failures", test_selftest_failures);

  tmp_dir = g_dir_make_tmp ("kioskctl-chip-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  rc = g_test_run ();
  {
    g_autofree char *conf = g_build_filename (tmp_dir, "kiosk.conf", NULL);

    g_unlink (conf);
    g_rmdir (tmp_dir);
  }
  g_free (tmp_dir);
  return rc;
}
