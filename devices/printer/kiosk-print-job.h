/* kiosk-print-job.h — what became of one submitted job
 *
 * The record the issuance journal keeps for the card-face step (ISSUANCE.md
 * step 6: "job ID, final job state"). A job that was submitted always has a
 * record, also when it failed: every card job consumed a blank card.
 */
#pragma once

#include <glib-object.h>

#include "kiosk-printer-status.h"

G_BEGIN_DECLS

typedef enum
{
  KIOSK_PRINT_JOB_STATE_UNKNOWN = 0, /* lost track (timeout, connection lost) */
  KIOSK_PRINT_JOB_STATE_PENDING = 3, /* the IPP job-state enum values */
  KIOSK_PRINT_JOB_STATE_HELD = 4,
  KIOSK_PRINT_JOB_STATE_PROCESSING = 5,
  KIOSK_PRINT_JOB_STATE_STOPPED = 6,
  KIOSK_PRINT_JOB_STATE_CANCELED = 7,
  KIOSK_PRINT_JOB_STATE_ABORTED = 8,
  KIOSK_PRINT_JOB_STATE_COMPLETED = 9,
} KioskPrintJobState;

/* "completed", "aborted", … */
const char *kiosk_print_job_state_to_string (KioskPrintJobState state);
/* completed, aborted or canceled: the job will not change any more. */
gboolean kiosk_print_job_state_is_final (KioskPrintJobState state);

typedef struct
{
  int id;                             /* job-id given by the printer (> 0) */
  char *uri;                          /* job-uri, or NULL */
  KioskPrintJobState state;           /* the last state seen */
  char *state_message;                /* job-state-message, or NULL */
  char **state_reasons;               /* job-state-reasons ("none" dropped); never NULL */
  gint64 submitted_at;                /* g_get_real_time() when the printer accepted it */
  gint64 finished_at;                 /* … when it reached its final state, 0 if it did not */
  KioskPrinterStatus *printer_status; /* the printer after the job, or NULL */
} KioskPrintJob;

#define KIOSK_TYPE_PRINT_JOB (kiosk_print_job_get_type ())
GType kiosk_print_job_get_type (void);

KioskPrintJob *kiosk_print_job_new (int id);
KioskPrintJob *kiosk_print_job_copy (const KioskPrintJob *job);
void kiosk_print_job_free (KioskPrintJob *job);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskPrintJob, kiosk_print_job_free)

G_END_DECLS
