/* kioskctl-validate.c — `kioskctl validate KIND VALUE`: one field of the form (附件1)
 *
 * Exit 0 and the normalised value on stdout; exit 1 and the reason on stderr;
 * with --json one object {"valid":true,"value":…} or
 * {"valid":false,"field":…,"code":…,"reason":…} on stdout (exit codes as
 * above). Unknown kind or missing value: exit 2. Data files that cannot be
 * read: exit 3. The rules are in docs/form.md.
 */
#define G_LOG_DOMAIN "kioskctl-validate"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kioskctl.h"
#include "kiosk-catalog.h"
#include "kiosk-validate.h"

static const char usage[]
    = "usage: kioskctl validate [--latin] [--today=YYYY-MM-DD] KIND VALUE\n"
      "KIND: id-number, name, latin-name, phone, mobile, landline, postal-code, date,\n"
      "      ethnic-group, sex, address, document-number\n"
      "  --latin   with name: accept a Latin-letter name (foreigner cards)\n"
      "  --today   the date the check is made against (default: today)\n";

/* A usage error: the usage text only for a human reader. */
static int
usage_error (KioskctlContext *ctx, const char *what)
{
  if (ctx->json)
    return kioskctl_fail (ctx, KIOSKCTL_EXIT_USAGE, "%s", what);
  return kioskctl_fail (ctx, KIOSKCTL_EXIT_USAGE, "%s\n%s", what, usage);
}

static int
print_valid (KioskctlContext *ctx, const char *value)
{
  if (ctx->json)
    {
      g_autoptr (GString) out = g_string_new ("{\"valid\":true,\"value\":");
      kioskctl_json_escape (out, value);
      g_string_append (out, "}\n");
      fputs (out->str, stdout);
    }
  else
    printf ("%s\n", value);
  return KIOSKCTL_EXIT_OK;
}

static int
print_invalid (KioskctlContext *ctx, const char *field, const GError *error)
{
  if (ctx->json)
    {
      g_autoptr (GString) out = g_string_new ("{\"valid\":false,\"field\":");
      kioskctl_json_escape (out, field);
      g_string_append_printf (out, ",\"code\":%d,\"reason\":", error->code);
      kioskctl_json_escape (out, error->message);
      g_string_append (out, "}\n");
      fputs (out->str, stdout);
    }
  else
    fprintf (stderr, "%s: %s\n", field, error->message);
  return KIOSKCTL_EXIT_REFUSED;
}

int
kioskctl_validate (KioskctlContext *ctx, int argc, char **argv)
{
  g_autoptr (KioskCatalog) catalog = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *normalised = NULL;
  const char *positional[2] = { NULL, NULL };
  guint n_positional = 0;
  gboolean latin = FALSE;
  GDate today;
  KioskValidateKind kind;
  int i;

  g_date_clear (&today, 1);
  for (i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (strcmp (arg, "--help") == 0 || strcmp (arg, "-h") == 0)
        {
          fputs (usage, stdout);
          return KIOSKCTL_EXIT_OK;
        }
      else if (strcmp (arg, "--latin") == 0)
        latin = TRUE;
      else if (g_str_has_prefix (arg, "--today="))
        {
          if (!kiosk_validate_date (arg + strlen ("--today="), &today, NULL, &error))
            return kioskctl_fail (ctx, KIOSKCTL_EXIT_USAGE, "--today: %s", error->message);
        }
      else if (strcmp (arg, "--") == 0)
        {
          /* Everything after is positional, so a value may start with '-'. */
          for (i++; i < argc && n_positional < 2; i++)
            positional[n_positional++] = argv[i];
          if (i < argc)
            return usage_error (ctx, "too many arguments");
          break;
        }
      else if (n_positional < 2)
        positional[n_positional++] = arg;
      else
        return usage_error (ctx, "too many arguments");
    }

  if (n_positional < 1)
    return usage_error (ctx, "which kind of value?");
  if (!kiosk_validate_kind_from_string (positional[0], &kind))
    {
      g_autofree char *what = g_strdup_printf ("unknown kind “%s”", positional[0]);
      return usage_error (ctx, what);
    }
  if (n_positional < 2)
    return usage_error (ctx, "no value given");
  if (latin && kind == KIOSK_VALIDATE_KIND_NAME)
    kind = KIOSK_VALIDATE_KIND_LATIN_NAME;

  catalog = kiosk_catalog_load (NULL, &error);
  if (catalog == NULL)
    return kioskctl_fail (ctx, KIOSKCTL_EXIT_UNAVAILABLE, "%s", error->message);

  if (!kiosk_validate_value (catalog, kind, positional[1], -1,
                             g_date_valid (&today) ? &today : NULL, &normalised, &error))
    return print_invalid (ctx, kiosk_validate_kind_to_string (kind), error);
  return print_valid (ctx, normalised);
}
