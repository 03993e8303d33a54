/* test-kioskctl-validate.c — `kioskctl validate`, run as the technician runs it */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "form-test-util.h"

typedef struct
{
  int status; /* exit code */
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

/* Runs kioskctl with `args` (NULL-terminated); `data_dir` overrides
 * $KIOSK_DATA_DIR when not NULL. */
static void
run_kioskctl (Run *run, const char *data_dir, const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_auto (GStrv) envp = g_get_environ ();
  g_autoptr (GError) error = NULL;
  int wait_status = 0;
  gsize i;

  g_ptr_array_add (argv, (gpointer) KIOSKCTL_PATH);
  for (i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  if (data_dir != NULL)
    envp = g_environ_setenv (envp, "KIOSK_DATA_DIR", data_dir, TRUE);
  /* The embedded default configuration, whatever the machine has. */
  envp = g_environ_setenv (envp, "KIOSK_CONFIG", "", TRUE);

  memset (run, 0, sizeof *run);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, &run->out,
                &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

static void
test_valid (void)
{
  {
    g_auto (Run) run;
    run_kioskctl (&run, NULL,
                  (const char *const[]){ "validate", "id-number", " 11010519491231002x ", NULL });
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "11010519491231002X\n");
    g_assert_cmpstr (run.err, ==, "");
  }
  {
    g_auto (Run) run;
    run_kioskctl (&run, NULL, (const char *const[]){ "validate", "phone", "(0431)85570725", NULL });
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "0431-85570725\n");
  }
  {
    g_auto (Run) run;
    run_kioskctl (&run, NULL,
                  (const char *const[]){ "validate", "postal-code", "１３００００", NULL });
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "130000\n");
  }
  {
    g_auto (Run) run;
    run_kioskctl (&run, NULL,
                  (const char *const[]){ "validate", "name", "--latin", "john smith", NULL });
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "JOHN SMITH\n");
  }
  {
    /* A value that starts with '-' after "--". */
    g_auto (Run) run;
    run_kioskctl (&run, NULL, (const char *const[]){ "validate", "--", "name", "-张三", NULL });
    g_assert_cmpint (run.status, ==, 1);
  }
}

static void
test_refused (void)
{
  g_auto (Run) run;

  run_kioskctl (&run, NULL,
                (const char *const[]){ "validate", "id-number", "110105194912310021", NULL });
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "id-number"));
  g_assert_nonnull (strstr (run.err, "校验位"));
}

static void
test_today (void)
{
  g_autofree char *id = form_test_id_number ("22010220240229151");

  {
    g_auto (Run) run;
    run_kioskctl (&run, NULL,
                  (const char *const[]){ "validate", "--today=2024-02-28", "id-number", id, NULL });
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "晚于今天"));
  }
  {
    g_auto (Run) run;
    run_kioskctl (&run, NULL,
                  (const char *const[]){ "validate", "--today=2024-02-29", "id-number", id, NULL });
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto (Run) run;
    run_kioskctl (&run, NULL,
                  (const char *const[]){ "validate", "--today=2023-02-29", "id-number", id, NULL });
    g_assert_cmpint (run.status, ==, 2);
  }
}

static void
test_json (void)
{
  {
    g_auto (Run) run;
    run_kioskctl (&run, NULL, (const char *const[]){ "--json", "validate", "name", "张三", NULL });
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "{\"valid\":true,\"value\":\"张三\"}\n");
  }
  {
    g_auto (Run) run;
    run_kioskctl (
        &run, NULL,
        (const char *const[]){ "validate", "--json", "id-number", "110105491231002", NULL });
    g_assert_cmpint (run.status, ==, 1);
    g_assert_true (
        g_str_has_prefix (run.out, "{\"valid\":false,\"field\":\"id-number\",\"code\":"));
    g_assert_nonnull (strstr (run.out, "\"reason\":\"15位"));
    g_assert_true (g_str_has_suffix (run.out, "\"}\n"));
  }
  {
    /* The reason never repeats what was typed (it may be personal data), and
     * the output stays one JSON line. */
    g_auto (Run) run;
    run_kioskctl (&run, NULL,
                  (const char *const[]){ "--json", "validate", "name", "张\"三\\", NULL });
    g_assert_cmpint (run.status, ==, 1);
    g_assert_true (g_str_has_prefix (run.out, "{\"valid\":false,\"field\":\"name\""));
    g_assert_null (strstr (run.out, "张"));
    g_assert_true (g_str_has_suffix (run.out, "\"}\n"));
    g_assert_cmpuint (strcspn (run.out, "\n"), ==, strlen (run.out) - 1);
  }
}

static void
test_usage (void)
{
  const char *const *cases[] = {
    (const char *const[]){ "validate", NULL },
    (const char *const[]){ "validate", "shoe-size", "42", NULL },
    (const char *const[]){ "validate", "id-number", NULL },
    (const char *const[]){ "validate", "id-number", "1", "2", NULL },
    (const char *const[]){ "validate", "--today=yesterday", "id-number", "1", NULL },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (Run) run;
      run_kioskctl (&run, NULL, cases[i]);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
    }
  {
    g_auto (Run) run;
    run_kioskctl (&run, NULL, (const char *const[]){ "validate", "--help", NULL });
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "postal-code"));
  }
}

static void
test_no_data (void)
{
  g_auto (Run) run;

  run_kioskctl (&run, "/nonexistent/sskiosk",
                (const char *const[]){ "validate", "postal-code", "130000", NULL });
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "/nonexistent/sskiosk"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kioskctl-validate/valid", test_valid);
  g_test_add_func ("/kioskctl-validate/refused", test_refused);
  g_test_add_func ("/kioskctl-validate/today", test_today);
  g_test_add_func ("/kioskctl-validate/json", test_json);
  g_test_add_func ("/kioskctl-validate/usage", test_usage);
  g_test_add_func ("/kioskctl-validate/no-data", test_no_data);

  return g_test_run ();
}
