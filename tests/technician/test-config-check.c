/* test-config-check.c — every group of the configuration through its own parser,
 * and the safe fields edited on a real file: validated, written atomically with
 * the comments kept, audited; refusals leave the file byte for byte */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "kiosk-config-check.h"
#include "kiosk-config-editor.h"
#include "kiosk-config.h"
#include "technician-test-util.h"

static const char good[] = "# the site's configuration\n"
                           "[kiosk]\n"
                           "# shown on receipts\n"
                           "id=JL-CC-0001\n"
                           "site=长春市服务大厅\n"
                           "[store]\n"
                           "retention_days=30\n"
                           "[center]\n"
                           "driver=simulator\n"
                           "latency_ms=0\n"
                           "[policy]\n"
                           "temp_loss_after_7_days=lapse\n"
                           "[photo]\n"
                           "min_kb=14\n"
                           "max_kb=40\n"
                           "[flows]\n"
                           "page_timeout_s=60\n"
                           "[technician]\n"
                           "lockout_minutes=10\n"
                           "idle_timeout_s=120\n"
                           "export_dir=/media/usb0\n"
                           "[ui]\n"
                           "auto_capture_s=4\n";

static GKeyFile *
keyfile_of (const char *text)
{
  GKeyFile *kf = g_key_file_new ();

  g_assert_true (g_key_file_load_from_data (kf, text, -1, G_KEY_FILE_NONE, NULL));
  return kf;
}

static const KioskConfigGroupCheck *
group_of (GPtrArray *checks, const char *group)
{
  for (guint i = 0; i < checks->len; i++)
    {
      const KioskConfigGroupCheck *check = g_ptr_array_index (checks, i);

      if (g_str_equal (check->group, group))
        return check;
    }
  g_error ("no check of [%s]", group);
}

static void
test_good (void)
{
  g_autoptr (GKeyFile) kf = keyfile_of (good);
  g_autoptr (GPtrArray) checks = kiosk_config_check (kf, KIOSK_CONFIG_CHECK_DEFAULT);
  const char *groups[] = { "kiosk", "store", "center", "policy", "photo", "flows", "technician" };

  g_assert_true (kiosk_config_check_passed (checks));
  g_assert_null (kiosk_config_check_first_error (checks));
  for (gsize i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      const KioskConfigGroupCheck *check = group_of (checks, groups[i]);

      g_assert_nonnull (check);
      g_assert_true (check->present);
      g_assert_true (check->checked);
      g_assert_null (check->error);
      g_assert_cmpuint (check->warnings->len, ==, 0);
    }
  /* [devices] only when asked; [ui] never here. */
  g_assert_false (group_of (checks, "devices")->checked);
  g_assert_false (group_of (checks, "ui")->checked);
  g_assert_nonnull (group_of (checks, "ui")->note);
}

/* One bad group: its error names the key, and every other group is still checked. */
static void
test_each_group (void)
{
  const struct
  {
    const char *group;
    const char *bad;
    const char *key;
  } cases[] = {
    { "kiosk", "[kiosk]\nid=\x01ctl\n", "id" },
    { "store", "[store]\nretention_days=forever\n", "retention_days" },
    { "center", "[center]\ndriver=network\n", "driver" },
    { "policy", "[policy]\ntemp_loss_after_7_days=sometimes\n", "temp_loss_after_7_days" },
    { "policy", "[policy]\nreplacment_fee=20\n", "replacment_fee" },
    { "photo", "[photo]\nmin_kb=50\nmax_kb=40\n", "max_kb" },
    { "flows", "[flows]\nface_threshold=2\n", "face_threshold" },
    { "flows", "[flows]\npage_timeout=60\n", "page_timeout" },
    { "technician", "[technician]\nlockout_minutes=0\n", "lockout_minutes" },
    { "technician", "[technician]\nidle_timeout_s=2\n", "idle_timeout_s" },
    { "technician", "[technician]\npin=482916\n", "pin" },
    { "technician", "[technician]\nexport_dir=media/usb\n", "export_dir" },
    { "technician", "[technician]\nexport_dir=\n", "export_dir" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GKeyFile) kf = keyfile_of (cases[i].bad);
      g_autoptr (GPtrArray) checks = NULL;
      const KioskConfigGroupCheck *check;

      g_key_file_set_string (kf, "kiosk", "site", "other groups are fine");
      checks = kiosk_config_check (kf, KIOSK_CONFIG_CHECK_DEFAULT);
      g_assert_false (kiosk_config_check_passed (checks));
      check = group_of (checks, cases[i].group);
      g_test_message ("%s: %s", cases[i].group, check->error);
      g_assert_nonnull (check->error);
      g_assert_nonnull (strstr (check->error, cases[i].key));
      for (guint j = 0; j < checks->len; j++)
        {
          const KioskConfigGroupCheck *other = g_ptr_array_index (checks, j);

          if (!g_str_equal (other->group, cases[i].group))
            g_assert_null (other->error);
        }
    }
}

static void
test_unknown (void)
{
  g_autoptr (GKeyFile) kf = keyfile_of ("[kiosk]\nid=JL-1\nsiet=typo\n[polcy]\nx=1\n"
                                        "[photo]\nmax_kbb=40\n");
  g_autoptr (GPtrArray) checks = kiosk_config_check (kf, KIOSK_CONFIG_CHECK_DEFAULT);
  const KioskConfigGroupCheck *kiosk = group_of (checks, "kiosk");
  const KioskConfigGroupCheck *typo = group_of (checks, "polcy");

  g_assert_false (kiosk_config_check_passed (checks));
  /* A misspelt key the program ignores is a warning; a misspelt group an error. */
  g_assert_null (kiosk->error);
  g_assert_cmpuint (kiosk->warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (kiosk->warnings, 0), "siet"));
  g_assert_cmpuint (group_of (checks, "photo")->warnings->len, ==, 1);
  g_assert_nonnull (typo);
  g_assert_nonnull (strstr (typo->error, "unknown group"));
}

static void
test_devices (void)
{
  g_autofree char *dir = tech_test_dir ("config-devices");
  g_autofree char *good_text
      = g_strdup_printf ("[devices]\ncardfeed_driver=simulator\ncardfeed_state=%s/feed.ini\n", dir);
  g_autofree char *bad_text = g_strdup_printf (
      "[devices]\ncardfeed_driver=simulator\ncardfeed_state=%s/feed.ini\ncardfed_hopper=3\n", dir);
  g_autoptr (GKeyFile) good_kf = keyfile_of (good_text);
  g_autoptr (GKeyFile) bad_kf = keyfile_of (bad_text);
  g_autoptr (GKeyFile) unknown_driver = keyfile_of ("[devices]\nidreader_driver=magic\n");
  g_autoptr (GPtrArray) ok = kiosk_config_check (good_kf, KIOSK_CONFIG_CHECK_DEVICES);
  g_autoptr (GPtrArray) bad = kiosk_config_check (bad_kf, KIOSK_CONFIG_CHECK_DEVICES);
  g_autoptr (GPtrArray) unknown = kiosk_config_check (unknown_driver, KIOSK_CONFIG_CHECK_DEVICES);
  g_autoptr (GPtrArray) skipped = kiosk_config_check (bad_kf, KIOSK_CONFIG_CHECK_DEFAULT);

  g_assert_true (kiosk_config_check_passed (ok));
  g_assert_true (group_of (ok, "devices")->checked);
  g_assert_nonnull (strstr (group_of (bad, "devices")->error, "cardfed_hopper"));
  g_assert_nonnull (strstr (group_of (unknown, "devices")->error, "magic"));
  g_assert_true (kiosk_config_check_passed (skipped));
  /* Built, not opened: the transport's state file is not even created. */
  {
    g_autofree char *state = g_build_filename (dir, "feed.ini", NULL);

    g_assert_false (g_file_test (state, G_FILE_TEST_EXISTS));
  }
}

/* ---- the editor ---------------------------------------------------------------------- */

typedef struct
{
  char *dir;
  char *path;
  KioskStore *store;
} Editor;

static void
editor_set_up (Editor *e, gconstpointer data)
{
  e->dir = tech_test_dir ("editor");
  e->path = g_build_filename (e->dir, "kiosk.conf", NULL);
  g_assert_true (g_file_set_contents (e->path, good, -1, NULL));
  g_assert_cmpint (g_chmod (e->path, 0640), ==, 0);
  e->store = tech_test_store (e->dir, NULL);
}

static void
editor_tear_down (Editor *e, gconstpointer data)
{
  g_clear_object (&e->store);
  g_free (e->path);
  g_free (e->dir);
}

static char *
read_file (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
test_edit_safe (Editor *e, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (KioskConfig) config = NULL;
  const KioskAuditEntry *entry;
  GStatBuf st;

  g_assert_true (kiosk_config_editor_set (e->path, "kiosk", "site", "  吉林市 便民服务中心 ",
                                          e->store, "technician", &error));
  g_assert_no_error (error);
  text = read_file (e->path);
  /* The value, stripped; the comments and the other keys kept; the mode kept. */
  g_assert_nonnull (strstr (text, "site=吉林市 便民服务中心\n"));
  g_assert_nonnull (strstr (text, "# shown on receipts\n"));
  g_assert_nonnull (strstr (text, "# the site's configuration\n"));
  g_assert_nonnull (strstr (text, "auto_capture_s=4\n"));
  g_assert_cmpint (g_stat (e->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0640);
  config = kiosk_config_load_file (e->path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->site, ==, "吉林市 便民服务中心");

  entries = kiosk_store_audit_list (e->store, 1, &error);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (entry->action, ==, "config.set");
  g_assert_cmpstr (entry->actor, ==, "technician");
  g_assert_cmpstr (entry->detail, ==, "[kiosk] site: “长春市服务大厅” → “吉林市 便民服务中心”");

  /* Removing a key brings the default back; the same value writes nothing. */
  g_assert_true (
      kiosk_config_editor_set (e->path, "photo", "max_kb", "", e->store, "technician", &error));
  g_clear_pointer (&text, g_free);
  text = read_file (e->path);
  g_assert_null (strstr (text, "max_kb"));
  g_assert_true (
      kiosk_config_editor_set (e->path, "photo", "min_kb", "14", e->store, "technician", &error));
  {
    g_autofree char *actions = tech_test_audit_actions (e->store);

    g_assert_cmpstr (actions, ==, "config.set config.set");
  }
  tech_test_assert_chain_ok (e->store);
}

static void
test_edit_refused (Editor *e, gconstpointer data)
{
  const struct
  {
    const char *group, *key, *value;
  } refused[] = {
    { "store", "path", "/tmp/elsewhere.db" },     /* read-only */
    { "devices", "idreader_port", "/dev/ttyS0" }, /* read-only */
    { "technician", "lockout_minutes", "1" },     /* read-only */
    { "nosuch", "key", "1" },                     /* unknown */
    { "photo", "max_kb", "10" },                  /* below min_kb: the parser says no */
    { "photo", "min_kb", "many" },                /* not a number */
    { "center", "latency_ms", "-5" },             /* out of range */
    { "kiosk", "site", "line one\nline two" },    /* not one line */
    { "kiosk", "site", "bell\x07" },              /* control character */
    { "kiosk", "site", "\xff\xfe" },              /* not UTF-8 */
  };
  g_autofree char *before = read_file (e->path);
  g_autofree char *long_id = g_strnfill (65, 'J');

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *after = NULL;

      g_assert_false (kiosk_config_editor_set (e->path, refused[i].group, refused[i].key,
                                               refused[i].value, e->store, "technician", &error));
      g_assert_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_INVALID_VALUE);
      after = read_file (e->path);
      g_assert_cmpstr (after, ==, before);
    }
  {
    g_autoptr (GError) error = NULL;

    g_assert_false (
        kiosk_config_editor_set (e->path, "kiosk", "id", long_id, e->store, "technician", &error));
    g_assert_nonnull (strstr (error->message, "64"));
    g_clear_error (&error);
    g_assert_false (
        kiosk_config_editor_set (NULL, "kiosk", "site", "x", e->store, "technician", &error));
    g_assert_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_INVALID_VALUE);
    g_clear_error (&error);
    g_assert_false (kiosk_config_editor_set ("/nonexistent/kiosk.conf", "kiosk", "site", "x",
                                             e->store, "technician", &error));
    g_assert_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_NOT_FOUND);
  }
  {
    g_autofree char *actions = tech_test_audit_actions (e->store);

    g_assert_cmpstr (actions, ==, "");
  }
}

static void
test_list (Editor *e, gconstpointer data)
{
  g_autoptr (GKeyFile) kf = keyfile_of ("[kiosk]\nid=JL-1\n[store]\npath=/x.db\n");
  g_autoptr (GPtrArray) fields = kiosk_config_editor_list (kf);
  const KioskConfigField *f;

  /* The file's keys in order, then the absent safe fields. */
  g_assert_cmpuint (fields->len, ==, 6);
  f = g_ptr_array_index (fields, 0);
  g_assert_cmpstr (f->key, ==, "id");
  g_assert_true (f->editable);
  g_assert_cmpstr (f->label, ==, "终端编号");
  f = g_ptr_array_index (fields, 1);
  g_assert_cmpstr (f->key, ==, "path");
  g_assert_false (f->editable);
  f = g_ptr_array_index (fields, 2);
  g_assert_cmpstr (f->key, ==, "site");
  g_assert_null (f->value);
  g_assert_true (kiosk_config_field_is_safe ("center", "latency_ms"));
  g_assert_false (kiosk_config_field_is_safe ("center", "driver"));
}

int
main (int argc, char **argv)
{
  kiosk_test_init (&argc, &argv);
  g_test_add_func ("/config-check/good", test_good);
  g_test_add_func ("/config-check/each-group", test_each_group);
  g_test_add_func ("/config-check/unknown", test_unknown);
  g_test_add_func ("/config-check/devices", test_devices);
  g_test_add ("/config-editor/safe", Editor, NULL, editor_set_up, test_edit_safe, editor_tear_down);
  g_test_add ("/config-editor/refused", Editor, NULL, editor_set_up, test_edit_refused,
              editor_tear_down);
  g_test_add ("/config-editor/list", Editor, NULL, editor_set_up, test_list, editor_tear_down);
  return kiosk_test_run ();
}
