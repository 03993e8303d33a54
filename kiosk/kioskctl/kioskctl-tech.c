/* kioskctl-tech.c — the technician's tasks over SSH: `pin`, `export`, `config`,
 * `supplies`, `errors`, and the self-tests of the camera, printers and card transport
 *
 * The same kiosk-side logic as the touchscreen's technician pages
 * (kiosk/technician, docs/technician.md); the SSH login stands in for the
 * operator PIN, and the actor of every audit entry is "kioskctl:<user>".
 * Commands that write open the database without creating or migrating it
 * (a missing or older database is exit 3), and write nothing when they
 * refuse. Devices are built from [devices] one by one, only those a command
 * needs: the kiosk program holds its devices, so stop it before a self-test.
 */
#define G_LOG_DOMAIN "kioskctl"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "kiosk-config-check.h"
#include "kiosk-config-editor.h"
#include "kiosk-db.h"
#include "kiosk-device-driver.h"
#include "kiosk-device-selftest.h"
#include "kiosk-device-supplies.h"
#include "kiosk-export.h"
#include "kiosk-operator-pin.h"
#include "kiosk-recent-errors.h"
#include "kiosk-store.h"
#include "kiosk-technician-settings.h"
#include "kiosk-technician.h"
#include "kioskctl.h"

#define OPEN_TIMEOUT_MS 15000

/* ---- shared with kioskctl-stock.c ------------------------------------------------- */

int
kioskctl_error_exit_code (const GError *error)
{
  if (error->domain == KIOSK_STORE_ERROR)
    return error->code == KIOSK_STORE_ERROR_SCHEMA ? KIOSKCTL_EXIT_UNAVAILABLE
                                                   : KIOSKCTL_EXIT_REFUSED;
  if (error->domain == KIOSK_DB_ERROR)
    return error->code == KIOSK_DB_ERROR_CONSTRAINT || error->code == KIOSK_DB_ERROR_MISUSE
               ? KIOSKCTL_EXIT_INTERNAL
               : KIOSKCTL_EXIT_UNAVAILABLE;
  if (error->domain == KIOSK_OPERATOR_PIN_ERROR)
    return error->code == KIOSK_OPERATOR_PIN_ERROR_FAILED ? KIOSKCTL_EXIT_INTERNAL
                                                          : KIOSKCTL_EXIT_REFUSED;
  if (error->domain == KIOSK_CONFIG_ERROR)
    return error->code == KIOSK_CONFIG_ERROR_NOT_FOUND ? KIOSKCTL_EXIT_UNAVAILABLE
                                                       : KIOSKCTL_EXIT_REFUSED;
  if (error->domain == KIOSK_DEVICE_ERROR)
    return error->code == KIOSK_DEVICE_ERROR_CONFIG ? KIOSKCTL_EXIT_REFUSED
                                                    : KIOSKCTL_EXIT_UNAVAILABLE;
  if (error->domain == KIOSK_DEVICE_USER_ERROR)
    return KIOSKCTL_EXIT_REFUSED;
  if (error->domain == KIOSK_TECHNICIAN_ERROR || error->domain == G_FILE_ERROR
      || error->domain == G_IO_ERROR)
    return KIOSKCTL_EXIT_UNAVAILABLE;
  return KIOSKCTL_EXIT_INTERNAL;
}

int
kioskctl_fail_error (KioskctlContext *ctx, const GError *error)
{
  return kioskctl_fail (ctx, kioskctl_error_exit_code (error), "%s", error->message);
}

char *
kioskctl_actor (void)
{
  return g_strdup_printf ("kioskctl:%s", g_get_user_name ());
}

KioskStore *
kioskctl_open_store (KioskctlContext *ctx, gboolean write, GError **error)
{
  /* A missing database is a wrong path (`db init` makes a new kiosk's), an
   * older one waits for `db migrate`: neither happens behind the back. */
  return kiosk_store_open_config (
      ctx->config,
      write ? KIOSK_DB_OPEN_NO_CREATE | KIOSK_DB_OPEN_NO_MIGRATE : KIOSK_DB_OPEN_READ_ONLY, error);
}

static void
store_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* The [devices] keys of `names` alone: the manager then builds (and starts
 * the simulators of) only those. */
static GKeyFile *
devices_subset (GKeyFile *keyfile, const char *const *names)
{
  GKeyFile *subset = g_key_file_new ();
  g_auto (GStrv) keys = g_key_file_get_keys (keyfile, "devices", NULL, NULL);

  for (gsize i = 0; keys != NULL && keys[i] != NULL; i++)
    for (gsize j = 0; names[j] != NULL; j++)
      {
        gsize len = strlen (names[j]);

        if (strncmp (keys[i], names[j], len) == 0 && keys[i][len] == '_')
          {
            g_autofree char *value = g_key_file_get_value (keyfile, "devices", keys[i], NULL);

            g_key_file_set_value (subset, "devices", keys[i], value);
            break;
          }
      }
  return subset;
}

KioskDeviceManager *
kioskctl_open_devices (KioskctlContext *ctx, const char *const *names, GError **error)
{
  g_autoptr (GKeyFile) subset = devices_subset (ctx->config->keyfile, names);
  g_autoptr (KioskDeviceManager) manager = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) result = NULL;
  guint timeout;

  kiosk_device_selftest_register_drivers ();
  manager = kiosk_device_manager_new (subset, "devices", error);
  if (manager == NULL)
    return NULL;
  timeout = g_timeout_add (OPEN_TIMEOUT_MS, cancel_cb, cancellable);
  kiosk_device_manager_open_all_async (manager, cancellable, store_result_cb, &result);
  kiosk_device_wait_result (&result);
  /* A device that did not open shows it in its status and its test. */
  kiosk_device_manager_open_all_finish (manager, result, NULL);
  if (!g_cancellable_is_cancelled (cancellable))
    g_source_remove (timeout);
  return g_steal_pointer (&manager);
}

static void
json_member (GString *out, gboolean first, const char *key, const char *value)
{
  if (!first)
    g_string_append_c (out, ',');
  kioskctl_json_escape (out, key);
  g_string_append_c (out, ':');
  if (value == NULL)
    g_string_append (out, "null");
  else
    kioskctl_json_escape (out, value);
}

static void
json_int (GString *out, gboolean first, const char *key, gint64 value)
{
  if (!first)
    g_string_append_c (out, ',');
  g_string_append_printf (out, "\"%s\":%" G_GINT64_FORMAT, key, value);
}

static void
json_bool (GString *out, gboolean first, const char *key, gboolean value)
{
  if (!first)
    g_string_append_c (out, ',');
  g_string_append_printf (out, "\"%s\":%s", key, value ? "true" : "false");
}

/* ---- pin ------------------------------------------------------------------------ */

static void
wipe (char *text)
{
  if (text != NULL)
    {
      explicit_bzero (text, strlen (text));
      g_free (text);
    }
}

/* One line of stdin without its newline; NULL at end of input. */
static char *
read_line (void)
{
  /* Sized once: a growing string would leave copies of the PIN behind. */
  GString *line = g_string_sized_new (260);
  int c;

  while ((c = fgetc (stdin)) != EOF && c != '\n')
    {
      if (line->len < 256)
        g_string_append_c (line, (char) c);
    }
  if (c == EOF && line->len == 0)
    {
      g_string_free (line, TRUE);
      return NULL;
    }
  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);
  {
    char *text = g_strdup (line->str);

    explicit_bzero (line->str, line->allocated_len);
    g_string_free (line, TRUE);
    return text;
  }
}

/* Prompts on stderr and reads without echo from a terminal. */
static char *
read_secret (const char *prompt)
{
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &saved) == 0;
  char *line;

  if (tty)
    {
      fputs (prompt, stderr);
      fflush (stderr);
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  line = read_line ();
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      fputc ('\n', stderr);
    }
  return line;
}

static int
pin_set (KioskctlContext *ctx)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskStore) store = NULL;
  g_autofree char *actor = kioskctl_actor ();
  char *first = NULL;
  char *second = NULL;
  gboolean same;
  gboolean ok;

  first = read_secret ("新维护密码 (new operator PIN, 6-12 digits): ");
  second = read_secret ("再输入一次 (again): ");
  if (first == NULL)
    {
      wipe (second);
      return kioskctl_fail (ctx, KIOSKCTL_EXIT_REFUSED, "没有输入密码 (no PIN on standard input)");
    }
  /* Piped: one line is enough; a second one must match. */
  same = second == NULL ? !isatty (STDIN_FILENO) : g_strcmp0 (first, second) == 0;
  wipe (second);
  if (!same)
    {
      wipe (first);
      return kioskctl_fail (ctx, KIOSKCTL_EXIT_REFUSED,
                            "两次输入的密码不一致 (the two PINs differ): nothing changed");
    }
  if (!kiosk_operator_pin_check_strength (first, &error))
    {
      wipe (first);
      return kioskctl_fail_error (ctx, error);
    }
  store = kioskctl_open_store (ctx, TRUE, &error);
  ok = store != NULL && kiosk_operator_pin_set (store, first, actor, &error);
  wipe (first);
  if (!ok)
    return kioskctl_fail_error (ctx, error);
  if (ctx->json)
    printf ("{\"ok\":true}\n");
  else
    printf ("维护密码已设置 (operator PIN set)\n");
  return KIOSKCTL_EXIT_OK;
}

static int
pin_status (KioskctlContext *ctx)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskStore) store = kioskctl_open_store (ctx, FALSE, &error);
  KioskTechnicianSettings settings;
  KioskOperatorPinState state;

  if (store == NULL || !kiosk_technician_settings_load (&settings, ctx->config->keyfile, &error)
      || !kiosk_operator_pin_get_state (store, kiosk_technician_settings_get_lockout_s (&settings),
                                        &state, &error))
    return kioskctl_fail_error (ctx, error);
  if (ctx->json)
    {
      g_autoptr (GString) out = g_string_new ("{\"ok\":true");

      json_bool (out, FALSE, "set", state.is_set);
      json_int (out, FALSE, "failures", state.failures);
      json_int (out, FALSE, "attempts_left", state.attempts_left);
      json_int (out, FALSE, "locked_until", state.locked_until);
      g_string_append (out, "}\n");
      fputs (out->str, stdout);
    }
  else if (!state.is_set)
    printf ("未设置维护密码 (no operator PIN): kioskctl pin set\n");
  else if (state.locked_until > 0)
    {
      g_autoptr (GDateTime) until = g_date_time_new_from_unix_local (state.locked_until);
      g_autofree char *text = g_date_time_format (until, "%Y-%m-%d %H:%M:%S");

      printf ("已锁定至 %s (locked until then after %u wrong PINs)\n", text, state.failures);
    }
  else
    printf ("维护密码已设置 (operator PIN set): %u wrong since the last entry, %u attempts left\n",
            state.failures, state.attempts_left);
  return KIOSKCTL_EXIT_OK;
}

int
kioskctl_pin (KioskctlContext *ctx, int argc, char **argv)
{
  if (argc == 2 && strcmp (argv[1], "set") == 0)
    return pin_set (ctx);
  if (argc == 2 && strcmp (argv[1], "status") == 0)
    return pin_status (ctx);
  return kioskctl_usage_error ("usage: kioskctl pin set|status");
}

/* ---- export ---------------------------------------------------------------------- */

int
kioskctl_export (KioskctlContext *ctx, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskExportResult) result = NULL;
  g_autoptr (KioskStore) store = NULL;
  g_auto (GStrv) log_argv = NULL;
  g_autofree char *actor = kioskctl_actor ();
  g_autofree char *detail = NULL;
  const char *dir = NULL;
  const char *const no_log[] = { NULL };
  KioskExportOptions options = { 0 };

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--no-log") == 0)
        {
          g_clear_pointer (&log_argv, g_strfreev);
          options.log_argv = no_log;
        }
      else if (strcmp (argv[i], "--log-command") == 0 && i + 1 < argc)
        {
          g_clear_pointer (&log_argv, g_strfreev);
          if (!g_shell_parse_argv (argv[++i], NULL, &log_argv, NULL))
            return kioskctl_usage_error ("--log-command: not a command line: %s", argv[i]);
          options.log_argv = (const char *const *) log_argv;
        }
      else if (dir == NULL && argv[i][0] != '-')
        dir = argv[i];
      else
        return kioskctl_usage_error ("usage: kioskctl export DIR [--no-log | --log-command CMD]");
    }
  if (dir == NULL)
    return kioskctl_usage_error ("usage: kioskctl export DIR [--no-log | --log-command CMD]");

  /* The store that records the export is opened first: a kiosk whose
   * database cannot take the audit entry exports nothing. */
  store = kioskctl_open_store (ctx, TRUE, &error);
  if (store == NULL)
    return kioskctl_fail_error (ctx, error);
  options.config = ctx->config;
  result = kiosk_export_write (&options, dir, NULL, &error);
  if (result == NULL)
    return kioskctl_fail_error (ctx, error);
  detail = g_strdup_printf ("%s sha256 %s", result->archive_path, result->sha256);
  if (kiosk_store_audit_append (store, actor, "export", detail, &error) <= 0)
    {
      g_unlink (result->archive_path);
      g_unlink (result->checksum_path);
      return kioskctl_fail_error (ctx, error);
    }

  if (ctx->json)
    {
      g_autoptr (GString) out = g_string_new ("{\"ok\":true");

      json_member (out, FALSE, "archive", result->archive_path);
      json_member (out, FALSE, "checksum_file", result->checksum_path);
      json_member (out, FALSE, "sha256", result->sha256);
      json_int (out, FALSE, "size", (gint64) result->size);
      json_int (out, FALSE, "sessions", result->n_sessions);
      json_int (out, FALSE, "audit_entries", result->n_audit_entries);
      json_bool (out, FALSE, "audit_ok", result->audit_ok);
      g_string_append (out, ",\"files\":[");
      for (guint i = 0; i < result->files->len; i++)
        {
          const KioskExportFile *file = g_ptr_array_index (result->files, i);

          g_string_append (out, i ? ",{" : "{");
          json_member (out, TRUE, "path", file->path);
          json_int (out, FALSE, "size", (gint64) file->size);
          json_member (out, FALSE, "sha256", file->sha256);
          g_string_append_c (out, '}');
        }
      g_string_append (out, "]}\n");
      fputs (out->str, stdout);
    }
  else
    {
      printf ("已导出 (exported): %s\n  %" G_GUINT64_FORMAT " bytes, sha256 %s\n"
              "  %" G_GINT64_FORMAT " sessions, %" G_GINT64_FORMAT " audit entries (%s)\n",
              result->archive_path, result->size, result->sha256, result->n_sessions,
              result->n_audit_entries, result->audit_ok ? "chain intact" : "CHAIN BROKEN");
      printf ("  check: cd %s && sha256sum -c %s\n", dir, strrchr (result->checksum_path, '/') + 1);
    }
  return KIOSKCTL_EXIT_OK;
}

/* ---- config ------------------------------------------------------------------------ */

static int
config_check (KioskctlContext *ctx, gboolean devices)
{
  g_autoptr (GPtrArray) checks = kiosk_config_check (
      ctx->config->keyfile, devices ? KIOSK_CONFIG_CHECK_DEVICES : KIOSK_CONFIG_CHECK_DEFAULT);
  gboolean passed = kiosk_config_check_passed (checks);

  if (ctx->json)
    {
      g_autoptr (GString) out = g_string_new ("{");

      json_bool (out, TRUE, "ok", passed);
      json_member (out, FALSE, "path", ctx->config->path ? ctx->config->path : "(default)");
      json_member (out, FALSE, "kiosk_id", ctx->config->kiosk_id);
      json_member (out, FALSE, "store", ctx->config->store_path);
      g_string_append (out, ",\"groups\":[");
      for (guint i = 0; i < checks->len; i++)
        {
          const KioskConfigGroupCheck *c = g_ptr_array_index (checks, i);

          g_string_append (out, i ? ",{" : "{");
          json_member (out, TRUE, "group", c->group);
          json_bool (out, FALSE, "present", c->present);
          json_bool (out, FALSE, "checked", c->checked);
          json_member (out, FALSE, "error", c->error);
          json_member (out, FALSE, "note", c->note);
          g_string_append (out, ",\"warnings\":[");
          for (guint j = 0; j < c->warnings->len; j++)
            {
              if (j > 0)
                g_string_append_c (out, ',');
              kioskctl_json_escape (out, g_ptr_array_index (c->warnings, j));
            }
          g_string_append (out, "]}");
        }
      g_string_append (out, "]}\n");
      fputs (out->str, stdout);
    }
  else
    {
      printf ("%s: %s\nkiosk id: %s\nstore: %s\ncenter: %s\n",
              passed ? "配置正确 (configuration ok)" : "配置有误 (configuration refused)",
              ctx->config->path ? ctx->config->path : "(default)", ctx->config->kiosk_id,
              ctx->config->store_path, ctx->config->center_driver);
      for (guint i = 0; i < checks->len; i++)
        {
          const KioskConfigGroupCheck *c = g_ptr_array_index (checks, i);

          printf ("  [%s] %s%s%s\n", c->group,
                  c->error      ? "ERROR"
                  : !c->checked ? "not checked"
                  : !c->present ? "ok (defaults)"
                                : "ok",
                  c->note != NULL && !c->checked ? ": " : "",
                  c->note != NULL && !c->checked ? c->note : "");
          if (c->error != NULL)
            fprintf (stderr, "kioskctl: %s\n", c->error);
          for (guint j = 0; j < c->warnings->len; j++)
            printf ("    warning: %s\n", (const char *) g_ptr_array_index (c->warnings, j));
        }
    }
  return passed ? KIOSKCTL_EXIT_OK : KIOSKCTL_EXIT_REFUSED;
}

static int
config_show (KioskctlContext *ctx)
{
  g_autoptr (GPtrArray) fields = kiosk_config_editor_list (ctx->config->keyfile);
  g_autoptr (GString) out = g_string_new ("{\"ok\":true,\"fields\":[");

  for (guint i = 0; i < fields->len; i++)
    {
      const KioskConfigField *f = g_ptr_array_index (fields, i);

      if (ctx->json)
        {
          g_string_append (out, i ? ",{" : "{");
          json_member (out, TRUE, "group", f->group);
          json_member (out, FALSE, "key", f->key);
          json_member (out, FALSE, "value", f->value);
          json_bool (out, FALSE, "editable", f->editable);
          json_member (out, FALSE, "label", f->label);
          g_string_append_c (out, '}');
        }
      else
        {
          g_autofree char *name = g_strdup_printf ("[%s] %s", f->group, f->key);

          printf ("%s %-28s %s\n", f->editable ? "*" : " ", name,
                  f->value ? f->value : "(default)");
        }
    }
  if (ctx->json)
    {
      g_string_append (out, "]}\n");
      fputs (out->str, stdout);
    }
  else
    printf ("\n* = 可在维护页面修改 (safe field: kioskctl config set GROUP.KEY VALUE)\n");
  return KIOSKCTL_EXIT_OK;
}

static int
config_set (KioskctlContext *ctx, const char *field, const char *value)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskStore) store = NULL;
  g_autofree char *actor = kioskctl_actor ();
  g_autofree char *group = NULL;
  const char *dot = strchr (field, '.');

  if (dot == NULL || dot == field || dot[1] == '\0')
    return kioskctl_usage_error ("usage: kioskctl config set GROUP.KEY VALUE (e.g. kiosk.site)");
  group = g_strndup (field, dot - field);
  if (!kiosk_config_field_is_safe (group, dot + 1))
    return kioskctl_fail (ctx, KIOSKCTL_EXIT_REFUSED,
                          "[%s] %s: 不是可修改项 (not a safe field; edit the file as root)", group,
                          dot + 1);
  store = kioskctl_open_store (ctx, TRUE, &error);
  if (store == NULL
      || !kiosk_config_editor_set (ctx->config->path, group, dot + 1, value, store, actor, &error))
    return kioskctl_fail_error (ctx, error);
  if (ctx->json)
    printf ("{\"ok\":true}\n");
  else
    printf ("已修改 (changed): [%s] %s; 重启程序后生效 (takes effect after a restart)\n", group,
            dot + 1);
  return KIOSKCTL_EXIT_OK;
}

int
kioskctl_config_cmd (KioskctlContext *ctx, int argc, char **argv)
{
  if (argc >= 2 && strcmp (argv[1], "check") == 0)
    {
      gboolean devices = TRUE;

      for (int i = 2; i < argc; i++)
        {
          if (strcmp (argv[i], "--no-devices") == 0)
            devices = FALSE;
          else
            return kioskctl_usage_error ("usage: kioskctl config check [--no-devices]");
        }
      return config_check (ctx, devices);
    }
  if (argc == 2 && strcmp (argv[1], "show") == 0)
    return config_show (ctx);
  if (argc == 4 && strcmp (argv[1], "set") == 0)
    return config_set (ctx, argv[2], argv[3]);
  return kioskctl_usage_error (
      "usage: kioskctl config check [--no-devices] | config show | config set GROUP.KEY VALUE");
}

/* ---- supplies and errors -------------------------------------------------------------- */

int
kioskctl_supplies (KioskctlContext *ctx, int argc, char **argv)
{
  static const char *const names[] = { "card_printer", "receipt_printer", "cardfeed", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskDeviceManager) devices = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GPtrArray) supplies = NULL;
  g_autoptr (GString) out = g_string_new ("{");
  gboolean all_ok = TRUE;

  if (argc != 1)
    return kioskctl_usage_error ("usage: kioskctl supplies");
  devices = kioskctl_open_devices (ctx, names, &error);
  if (devices == NULL)
    return kioskctl_fail_error (ctx, error);
  kiosk_device_supplies_async (devices, NULL, store_result_cb, &result);
  kiosk_device_wait_result (&result);
  supplies = kiosk_device_supplies_finish (devices, result, &error);
  kiosk_device_manager_shutdown (devices);
  if (supplies == NULL)
    return kioskctl_fail_error (ctx, error);

  g_string_append (out, "\"supplies\":[");
  if (!ctx->json && supplies->len == 0)
    printf ("没有打印机或卡片传送装置 (no printers or card transport in [devices])\n");
  for (guint i = 0; i < supplies->len; i++)
    {
      const KioskSupply *s = g_ptr_array_index (supplies, i);

      all_ok &= s->ok;
      if (ctx->json)
        {
          g_string_append (out, i ? ",{" : "{");
          json_member (out, TRUE, "device", s->device);
          json_member (out, FALSE, "item", s->item);
          json_member (out, FALSE, "label", s->label);
          json_int (out, FALSE, "level", s->level);
          json_bool (out, FALSE, "ok", s->ok);
          json_bool (out, FALSE, "low", s->low);
          json_member (out, FALSE, "status", s->status);
          g_string_append_c (out, '}');
        }
      else
        {
          g_autofree char *level
              = s->level >= 0
                    ? g_strdup_printf ("%d%s", s->level, g_str_equal (s->item, "ribbon") ? "%" : "")
                    : g_strdup ("-");

          printf ("%-16s %-8s %-12s %-6s %-4s %s\n", s->device, s->item, s->label, level,
                  s->ok ? (s->low ? "LOW" : "ok") : "STOP", s->status);
        }
    }
  if (ctx->json)
    {
      g_string_append (out, "],");
      json_bool (out, TRUE, "ok", all_ok);
      g_string_append (out, "}\n");
      fputs (out->str, stdout);
    }
  return all_ok ? KIOSKCTL_EXIT_OK : KIOSKCTL_EXIT_UNAVAILABLE;
}

int
kioskctl_errors (KioskctlContext *ctx, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskStore) store = NULL;
  g_autoptr (GPtrArray) errors = NULL;
  g_autoptr (GString) out = g_string_new ("{\"ok\":true,\"errors\":[");
  guint64 limit = 20;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--limit") == 0 && i + 1 < argc)
        {
          if (!g_ascii_string_to_unsigned (argv[++i], 10, 1, 1000, &limit, NULL))
            return kioskctl_usage_error ("--limit takes a number from 1 to 1000");
        }
      else
        return kioskctl_usage_error ("usage: kioskctl errors [--limit N]");
    }
  store = kioskctl_open_store (ctx, FALSE, &error);
  if (store == NULL)
    return kioskctl_fail_error (ctx, error);
  /* Journal only: the devices are the running program's. */
  errors = kiosk_recent_errors_list (store, NULL, 200, (guint) limit, &error);
  if (errors == NULL)
    return kioskctl_fail_error (ctx, error);
  if (!ctx->json && errors->len == 0)
    printf ("最近没有错误 (no recent errors)\n");
  for (guint i = 0; i < errors->len; i++)
    {
      const KioskRecentError *e = g_ptr_array_index (errors, i);
      g_autoptr (GDateTime) when = g_date_time_new_from_unix_local (e->time);
      g_autofree char *time_text
          = when != NULL ? g_date_time_format (when, "%Y-%m-%d %H:%M:%S") : g_strdup ("-");

      if (ctx->json)
        {
          g_string_append (out, i ? ",{" : "{");
          json_int (out, TRUE, "time", e->time);
          json_member (out, FALSE, "source", e->source);
          json_member (out, FALSE, "where", e->where);
          json_member (out, FALSE, "message", e->message);
          g_string_append_c (out, '}');
        }
      else
        printf ("%s  %-7s %s\n    %s\n", time_text, e->source, e->where, e->message);
    }
  if (ctx->json)
    {
      g_string_append (out, "]}\n");
      fputs (out->str, stdout);
    }
  return KIOSKCTL_EXIT_OK;
}

/* ---- selftest camera|card_printer|receipt_printer|cardfeed ------------------------------ */

static void
print_selftest (KioskctlContext *ctx, const KioskDeviceSelftest *t)
{
  if (ctx->json)
    {
      g_autoptr (GString) out = g_string_new ("{");

      json_bool (out, TRUE, "ok", t->passed);
      json_member (out, FALSE, "device", t->device);
      json_member (out, FALSE, "kind", t->kind);
      json_member (out, FALSE, "summary", t->summary);
      json_int (out, FALSE, "elapsed_ms", t->elapsed_ms);
      json_member (out, FALSE, "card_serial", t->card_serial);
      if (t->meter != NULL)
        g_string_append_printf (
            out,
            ",\"meter\":{\"whiteness\":%d,\"background_luma\":%.1f,\"background_chroma\":%.1f,"
            "\"background_spread\":%.1f,\"subject_luma\":%.1f,\"exposure_ev\":%.2f,"
            "\"clipped_high\":%.3f,\"clipped_low\":%.3f,\"background_ok\":%s,\"exposure_ok\":%s}",
            t->meter->whiteness, t->meter->background_luma, t->meter->background_chroma,
            t->meter->background_spread, t->meter->subject_luma, t->meter->exposure_ev,
            t->meter->clipped_high, t->meter->clipped_low,
            t->meter->background_ok ? "true" : "false", t->meter->exposure_ok ? "true" : "false");
      g_string_append (out, ",\"fields\":[");
      for (guint i = 0; i < t->fields->len; i++)
        {
          const KioskSelftestField *f = g_ptr_array_index (t->fields, i);

          g_string_append (out, i ? ",{" : "{");
          json_member (out, TRUE, "key", f->key);
          json_member (out, FALSE, "label", f->label);
          json_member (out, FALSE, "value", f->value);
          g_string_append_c (out, '}');
        }
      g_string_append (out, "]}\n");
      fputs (out->str, stdout);
      return;
    }
  printf ("%s %s (%" G_GINT64_FORMAT " ms)\n", t->passed ? "通过 PASSED" : "失败 FAILED",
          t->summary, t->elapsed_ms);
  for (guint i = 0; i < t->fields->len; i++)
    {
      const KioskSelftestField *f = g_ptr_array_index (t->fields, i);

      printf ("  %-16s %s\n", f->key, f->value);
    }
}

int
kioskctl_selftest_device (KioskctlContext *ctx, const char *name, guint wait_s)
{
  const char *names[] = { name, NULL, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskStore) store = NULL;
  g_autoptr (KioskDeviceManager) devices = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (KioskDeviceSelftest) selftest = NULL;
  g_autofree char *actor = kioskctl_actor ();
  g_autofree char *driver_key = NULL;

  if (!g_strv_contains (kiosk_device_selftest_names (), name))
    return kioskctl_usage_error ("usage: kioskctl selftest idreader|chip|camera|card_printer|"
                                 "receipt_printer|cardfeed [--timeout S]");
  driver_key = g_strdup_printf ("%s_driver", name);
  if (!g_key_file_has_key (ctx->config->keyfile, "devices", driver_key, NULL))
    return kioskctl_fail (ctx, KIOSKCTL_EXIT_UNAVAILABLE,
                          "没有配置此设备 (no %s_driver in [devices])", name);
  /* The test card goes through the transport and the stock. */
  if (g_str_equal (name, "card_printer"))
    names[1] = "cardfeed";
  store = kioskctl_open_store (ctx, TRUE, &error);
  if (store == NULL)
    return kioskctl_fail_error (ctx, error);
  devices = kioskctl_open_devices (ctx, names, &error);
  if (devices == NULL)
    return kioskctl_fail_error (ctx, error);
  kiosk_device_selftest_async (devices, name, store, ctx->config, actor, wait_s, NULL,
                               store_result_cb, &result);
  kiosk_device_wait_result (&result);
  selftest = kiosk_device_selftest_finish (devices, result, &error);
  kiosk_device_manager_shutdown (devices);
  if (selftest == NULL)
    return kioskctl_fail_error (ctx, error);
  print_selftest (ctx, selftest);
  return selftest->passed ? KIOSKCTL_EXIT_OK : KIOSKCTL_EXIT_UNAVAILABLE;
}
