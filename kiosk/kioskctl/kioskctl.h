/* kioskctl.h — shared context of the technician's command line
 *
 * Each command group lives in its own kioskctl-<group>.c and exposes one entry
 * point `int kioskctl_<group> (KioskctlContext *ctx, int argc, char **argv)`;
 * argv[0] is the command word. The dispatcher in kioskctl.c parses the common
 * options (--config, --json) before calling it.
 *
 * Exit codes (documented in docs/kioskctl.md):
 *   0 success · 1 the input was refused (invalid value, rule refused, audit broken)
 *   2 usage error · 3 a device, file or database could not be used · 4 internal error
 */
#pragma once

#include <glib.h>

#include "kiosk-config.h"
#include "kiosk-device-manager.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

enum
{
  KIOSKCTL_EXIT_OK = 0,
  KIOSKCTL_EXIT_REFUSED = 1,
  KIOSKCTL_EXIT_USAGE = 2,
  KIOSKCTL_EXIT_UNAVAILABLE = 3,
  KIOSKCTL_EXIT_INTERNAL = 4,
};

typedef struct
{
  KioskConfig *config; /* loaded from --config, $KIOSK_CONFIG or the default */
  gboolean json;       /* --json: one JSON document on stdout */
} KioskctlContext;

/* Prints a usage error to stderr and returns KIOSKCTL_EXIT_USAGE. */
int kioskctl_usage_error (const char *fmt, ...) G_GNUC_PRINTF (1, 2);

/* Prints an error (Chinese + English is fine) to stderr, or a JSON error
 * object on stdout with --json, and returns `code`. */
int kioskctl_fail (KioskctlContext *ctx, int code, const char *fmt, ...) G_GNUC_PRINTF (3, 4);

/* Prints a JsonBuilder-free JSON value: callers build with GString and the
 * escaping helper below. */
void kioskctl_json_escape (GString *out, const char *text);

/* Command groups. */
int kioskctl_validate (KioskctlContext *ctx, int argc, char **argv);    /* form/ */
int kioskctl_demo_people (KioskctlContext *ctx, int argc, char **argv); /* center/ */
int kioskctl_person (KioskctlContext *ctx, int argc, char **argv);      /* center/ + rules/ */
int kioskctl_journal (KioskctlContext *ctx, int argc, char **argv);     /* store/ */
int kioskctl_audit (KioskctlContext *ctx, int argc, char **argv);       /* store/ */
int kioskctl_db (KioskctlContext *ctx, int argc, char **argv);          /* store/ */
int kioskctl_config_cmd (KioskctlContext *ctx, int argc, char **argv);  /* kioskctl-tech.c */
int kioskctl_devices (KioskctlContext *ctx, int argc, char **argv);     /* devices/ */
int kioskctl_selftest (KioskctlContext *ctx, int argc, char **argv);    /* devices/ */
int kioskctl_selftest_chip (KioskctlContext *ctx);                      /* kioskctl-chip.c */
int kioskctl_photo (KioskctlContext *ctx, int argc, char **argv);       /* photo/ */
int kioskctl_stock (KioskctlContext *ctx, int argc, char **argv);       /* kioskctl-stock.c */
int kioskctl_pin (KioskctlContext *ctx, int argc, char **argv);         /* kioskctl-tech.c */
int kioskctl_export (KioskctlContext *ctx, int argc, char **argv);      /* kioskctl-tech.c */
int kioskctl_supplies (KioskctlContext *ctx, int argc, char **argv);    /* kioskctl-tech.c */
int kioskctl_errors (KioskctlContext *ctx, int argc, char **argv);      /* kioskctl-tech.c */
/* selftest camera|card_printer|receipt_printer|cardfeed (kioskctl-tech.c). */
int kioskctl_selftest_device (KioskctlContext *ctx, const char *name, guint wait_s);

/* Helpers of the technician's commands (kioskctl-tech.c). */
int kioskctl_error_exit_code (const GError *error); /* the exit code of an error's domain */
int kioskctl_fail_error (KioskctlContext *ctx, const GError *error);
char *kioskctl_actor (void); /* "kioskctl:<user>", the audit log's actor */
/* The store: read-only, or for writing without creating or migrating it. */
KioskStore *kioskctl_open_store (KioskctlContext *ctx, gboolean write, GError **error);
/* Builds and opens only the devices `names` of [devices] (NULL-terminated). */
KioskDeviceManager *
kioskctl_open_devices (KioskctlContext *ctx, const char *const *names, GError **error);

G_END_DECLS
