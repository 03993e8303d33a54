/* test-config.c — the configuration file: defaults, the shipped file, garbage */
#include "config.h"

#include <glib/gstdio.h>

#include "kiosk-config.h"
#include "kiosk-paths.h"
#include "kiosk-test.h"

static void
test_defaults (void)
{
  g_autoptr (KioskConfig) config = kiosk_config_new_default ();

  g_assert_cmpstr (config->kiosk_id, ==, "JL-SIM-0001");
  g_assert_cmpuint (config->retention_days, ==, 30);
  g_assert_cmpstr (config->center_driver, ==, "simulator");
  g_assert_true (g_str_has_suffix (config->store_path, "/sskiosk/kiosk.db"));
  g_assert_true (g_str_has_suffix (config->center_sim_db, "/sskiosk/center-sim.db"));
  g_assert_nonnull (config->keyfile);
  g_assert_null (config->path);
}

static void
test_shipped_file (void)
{
  g_autofree char *path = kiosk_paths_data_file ("kiosk.conf");
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskConfig) config = kiosk_config_load_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (config);
  g_assert_cmpstr (config->path, ==, path);
  g_assert_cmpuint (config->center_latency_ms, ==, 300);
  g_assert_true (g_key_file_has_group (config->keyfile, "policy"));
}

static void
test_values (void)
{
  const char *text = "[kiosk]\nid = JL-CC-0042 \nsite=长春市政务大厅\n"
                     "[store]\nstate_dir=/var/lib/sskiosk\nretention_days=7\n"
                     "[center]\nlatency_ms=0\nsimulator_db=sim.db\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskConfig) config = kiosk_config_load_data (text, -1, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (config->kiosk_id, ==, "JL-CC-0042");
  g_assert_cmpstr (config->site, ==, "长春市政务大厅");
  g_assert_cmpstr (config->store_path, ==, "/var/lib/sskiosk/kiosk.db");
  g_assert_cmpstr (config->center_sim_db, ==, "/var/lib/sskiosk/sim.db");
  g_assert_cmpuint (config->retention_days, ==, 7);
  g_assert_cmpuint (config->center_latency_ms, ==, 0);
}

static void
test_garbage (void)
{
  const char *bad[] = {
    "[store]\nretention_days=abc\n",  "[store]\nretention_days=-1\n",
    "[store]\nretention_days=0\n",    "[store]\nretention_days=99999999999999999999\n",
    "[store]\nretention_days=12x\n",  "[center]\nlatency_ms=60001\n",
    "[center]\ndriver=http\n",        "[kiosk]\nid=\xff\xfe\n",
    "[store]\nretention_days=\xff\n", "[kiosk]\nsite=a\x01b\n",
    "not a key file at all\x01",      "[kiosk\nid=x\n",
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (KioskConfig) config = kiosk_config_load_data (bad[i], -1, &error);

      g_assert_null (config);
      g_assert_nonnull (error);
      g_assert_true (error->domain == KIOSK_CONFIG_ERROR);
      g_assert_cmpstr (error->message, !=, "");
    }
}

static void
test_garbage_names_key (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskConfig) config
      = kiosk_config_load_data ("[store]\nretention_days=forever\n", -1, &error);

  g_assert_null (config);
  g_assert_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "retention_days"));
  g_assert_nonnull (strstr (error->message, "forever"));
}

static void
test_missing_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskConfig) config = kiosk_config_load_file ("/nonexistent/kiosk.conf", &error);

  g_assert_null (config);
  g_assert_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_NOT_FOUND);
}

static void
test_env_and_explicit (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kiosk-config-XXXXXX", NULL);
  g_autofree char *a = g_build_filename (dir, "a.conf", NULL);
  g_autofree char *b = g_build_filename (dir, "b.conf", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskConfig) from_env = NULL;
  g_autoptr (KioskConfig) explicit = NULL;

  g_assert_true (g_file_set_contents (a, "[kiosk]\nid=A\n", -1, NULL));
  g_assert_true (g_file_set_contents (b, "[kiosk]\nid=B\n", -1, NULL));
  g_setenv ("KIOSK_CONFIG", a, TRUE);
  from_env = kiosk_config_load_default (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (from_env->kiosk_id, ==, "A");
  explicit = kiosk_config_load_default (b, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (explicit->kiosk_id, ==, "B");
  g_unsetenv ("KIOSK_CONFIG");

  g_unlink (a);
  g_unlink (b);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);
  g_test_add_func ("/config/defaults", test_defaults);
  g_test_add_func ("/config/shipped-file", test_shipped_file);
  g_test_add_func ("/config/values", test_values);
  g_test_add_func ("/config/garbage", test_garbage);
  g_test_add_func ("/config/garbage-names-key", test_garbage_names_key);
  g_test_add_func ("/config/missing-file", test_missing_file);
  g_test_add_func ("/config/env-and-explicit", test_env_and_explicit);
  return kiosk_test_run ();
}
