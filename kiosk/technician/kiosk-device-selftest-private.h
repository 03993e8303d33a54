/* kiosk-device-selftest-private.h — what the self-test's files share */
#pragma once

#include "kiosk-device-selftest.h"
#ifdef KIOSK_HAVE_PRINTERS
#include "kiosk-print-job.h"
#endif

G_BEGIN_DECLS

/* One self-test in flight: the GTask's data. */
typedef struct
{
  KioskDeviceManager *devices;
  KioskDevice *device;
  KioskStore *store;
  char *actor;
  char *kiosk_id;
  guint wait_s;
  guint attempts; /* chip reads: a card just inserted may need a moment */
  gint64 started;
  KioskDeviceSelftest *result;
  /* The test card. */
  KioskDevice *feeder;
  char *uuid;
  guint64 fed_before;
  char *failure; /* why the test card failed, or NULL */
} KioskSelftestRun;

/* Adds a field (takes `value`; NULL adds nothing). */
void
kiosk_selftest_add_field (KioskSelftestRun *run, const char *key, const char *label, char *value);
/* Ends the run with its result, passed or not, audited; drops `task`. */
void kiosk_selftest_finish (GTask *task, gboolean passed, const char *fmt, ...)
    G_GNUC_PRINTF (3, 4);
/* A cancelled operation ends the run with the error (TRUE); else FALSE. */
gboolean kiosk_selftest_cancelled (GTask *task, const GError *error);

#ifdef KIOSK_HAVE_PRINTERS
void kiosk_selftest_add_job_fields (KioskSelftestRun *run, const KioskPrintJob *job);
/* The card printer's test: a test card through the machine. */
void kiosk_selftest_start_test_card (GTask *task);
#endif

G_END_DECLS
