/* kioskctl.c — the technician's command line: option parsing and dispatch
 *
 * Every command group lives in its own kioskctl-<group>.c; this file only
 * parses the options common to all of them and picks the group.
 */
#define G_LOG_DOMAIN "kioskctl"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "kiosk-config.h"
#include "kiosk-log.h"
#include "kioskctl.h"

typedef struct
{
  const char *name;
  int (*run) (KioskctlContext *ctx, int argc, char **argv);
  const char *usage;
} KioskctlCommand;

static const KioskctlCommand commands[] = {
#ifdef KIOSKCTL_HAVE_VALIDATE
  { "validate", kioskctl_validate, "validate id-number|phone|postal-code|name VALUE" },
#endif
#ifdef KIOSKCTL_HAVE_CENTER
  { "demo-people", kioskctl_demo_people, "demo-people" },
  { "person", kioskctl_person, "person ID-NUMBER" },
#endif
#ifdef KIOSKCTL_HAVE_STORE
  { "journal", kioskctl_journal, "journal [--open] [--limit N] [--session UUID]" },
  { "audit", kioskctl_audit, "audit verify [--center] | audit list [--limit N]" },
  { "db", kioskctl_db, "db check|migrate|init" },
#endif
#ifdef KIOSKCTL_HAVE_DEVICES
  { "devices", kioskctl_devices, "devices" },
  { "selftest", kioskctl_selftest,
    "selftest idreader|chip|camera|card_printer|receipt_printer|cardfeed [--timeout S]" },
#endif
#ifdef KIOSKCTL_HAVE_STOCK
  { "stock", kioskctl_stock,
    "stock list [--state STATE|--cards] | stock load FIRST-SERIAL COUNT | "
    "stock spoil|confirm SERIAL REASON | stock reconcile" },
#endif
#ifdef KIOSKCTL_HAVE_TECH
  { "pin", kioskctl_pin, "pin set | pin status" },
  { "export", kioskctl_export, "export DIR [--no-log | --log-command CMD]" },
  { "supplies", kioskctl_supplies, "supplies" },
  { "errors", kioskctl_errors, "errors [--limit N]" },
#endif
#ifdef KIOSKCTL_HAVE_PHOTO
  { "photo", kioskctl_photo, "photo check IN [--out OUT.jpg]" },
#endif
  { "config", kioskctl_config_cmd,
    "config check [--no-devices] | config show | config set GROUP.KEY VALUE" },
};

static void
print_usage (FILE *out)
{
  gsize i;

  fprintf (out, "Usage: kioskctl [--config FILE] [--json] COMMAND [ARGS…]\n\nCommands:\n");
  for (i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %s\n", commands[i].usage);
  fprintf (out, "\nExit codes: 0 ok · 1 refused/invalid · 2 usage · 3 unavailable · 4 internal\n"
                "See kioskctl(1) or docs/kioskctl.md.\n");
}

int
kioskctl_usage_error (const char *fmt, ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, fmt);
  msg = g_strdup_vprintf (fmt, args);
  va_end (args);
  fprintf (stderr, "kioskctl: %s\n", msg);
  fprintf (stderr, "Try 'kioskctl --help'.\n");
  return KIOSKCTL_EXIT_USAGE;
}

void
kioskctl_json_escape (GString *out, const char *text)
{
  const char *p;

  g_string_append_c (out, '"');
  for (p = text ? text : ""; *p; p++)
    {
      unsigned char c = (unsigned char) *p;
      switch (c)
        {
          case '"':
            g_string_append (out, "\\\"");
            break;
          case '\\':
            g_string_append (out, "\\\\");
            break;
          case '\n':
            g_string_append (out, "\\n");
            break;
          case '\r':
            g_string_append (out, "\\r");
            break;
          case '\t':
            g_string_append (out, "\\t");
            break;
          default:
            if (c < 0x20)
              g_string_append_printf (out, "\\u%04x", c);
            else
              g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

int
kioskctl_fail (KioskctlContext *ctx, int code, const char *fmt, ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, fmt);
  msg = g_strdup_vprintf (fmt, args);
  va_end (args);

  if (ctx != NULL && ctx->json)
    {
      g_autoptr (GString) out = g_string_new ("{\"ok\":false,\"exit\":");
      g_string_append_printf (out, "%d,\"error\":", code);
      kioskctl_json_escape (out, msg);
      g_string_append (out, "}\n");
      fputs (out->str, stdout);
    }
  else
    fprintf (stderr, "kioskctl: %s\n", msg);
  return code;
}

int
main (int argc, char **argv)
{
  g_autofree char *config_path = NULL;
  gboolean json = FALSE;
  gboolean version = FALSE;
  gboolean help = FALSE;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskConfig) config = NULL;
  KioskctlContext ctx = { 0 };
  int first;
  gsize i;

  setlocale (LC_ALL, "");
  kiosk_log_init ();

  /* Common options come before the command word; the command parses the rest. */
  for (first = 1; first < argc && argv[first][0] == '-'; first++)
    {
      const char *arg = argv[first];

      if (strcmp (arg, "--json") == 0)
        json = TRUE;
      else if (strcmp (arg, "--help") == 0 || strcmp (arg, "-h") == 0)
        help = TRUE;
      else if (strcmp (arg, "--version") == 0)
        version = TRUE;
      else if (strcmp (arg, "--config") == 0 && first + 1 < argc)
        {
          g_free (config_path);
          config_path = g_strdup (argv[++first]);
        }
      else if (g_str_has_prefix (arg, "--config="))
        {
          g_free (config_path);
          config_path = g_strdup (arg + strlen ("--config="));
        }
      else
        return kioskctl_usage_error ("unknown option “%s”", arg);
    }

  if (help)
    {
      print_usage (stdout);
      return KIOSKCTL_EXIT_OK;
    }
  if (version)
    {
      printf ("kioskctl %s\n", PACKAGE_VERSION);
      return KIOSKCTL_EXIT_OK;
    }
  if (first >= argc)
    {
      print_usage (stderr);
      return KIOSKCTL_EXIT_USAGE;
    }

  /* Options may also follow the command word: strip --json from there. */
  {
    int j, k = first;
    for (j = first; j < argc; j++)
      {
        if (strcmp (argv[j], "--json") == 0)
          json = TRUE;
        else
          argv[k++] = argv[j];
      }
    argc = k;
  }

  for (i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strcmp (argv[first], commands[i].name) != 0)
        continue;

      ctx.json = json;
      config = kiosk_config_load_default (config_path, &error);
      /* For `config check` a bad file is the verdict (1); for every other
       * command it makes the kiosk unusable (3). */
      if (config == NULL)
        return kioskctl_fail (&ctx,
                              commands[i].run == kioskctl_config_cmd ? KIOSKCTL_EXIT_REFUSED
                                                                     : KIOSKCTL_EXIT_UNAVAILABLE,
                              "%s", error->message);
      ctx.config = config;
      return commands[i].run (&ctx, argc - first, argv + first);
    }

  return kioskctl_usage_error ("unknown command “%s”", argv[first]);
}
