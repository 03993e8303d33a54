/* kiosk-print-job.c — what became of one submitted job */
#define G_LOG_DOMAIN "kiosk-printer"

#include "config.h"

#include "kiosk-print-job.h"

G_DEFINE_BOXED_TYPE (KioskPrintJob, kiosk_print_job, kiosk_print_job_copy, kiosk_print_job_free)

const char *
kiosk_print_job_state_to_string (KioskPrintJobState state)
{
  switch (state)
    {
      case KIOSK_PRINT_JOB_STATE_PENDING:
        return "pending";
      case KIOSK_PRINT_JOB_STATE_HELD:
        return "held";
      case KIOSK_PRINT_JOB_STATE_PROCESSING:
        return "processing";
      case KIOSK_PRINT_JOB_STATE_STOPPED:
        return "stopped";
      case KIOSK_PRINT_JOB_STATE_CANCELED:
        return "canceled";
      case KIOSK_PRINT_JOB_STATE_ABORTED:
        return "aborted";
      case KIOSK_PRINT_JOB_STATE_COMPLETED:
        return "completed";
      case KIOSK_PRINT_JOB_STATE_UNKNOWN:
      default:
        return "unknown";
    }
}

gboolean
kiosk_print_job_state_is_final (KioskPrintJobState state)
{
  return state == KIOSK_PRINT_JOB_STATE_CANCELED || state == KIOSK_PRINT_JOB_STATE_ABORTED
         || state == KIOSK_PRINT_JOB_STATE_COMPLETED;
}

KioskPrintJob *
kiosk_print_job_new (int id)
{
  KioskPrintJob *job = g_new0 (KioskPrintJob, 1);

  job->id = id;
  job->state = KIOSK_PRINT_JOB_STATE_PENDING;
  job->state_reasons = g_new0 (char *, 1);
  job->submitted_at = g_get_real_time ();
  return job;
}

KioskPrintJob *
kiosk_print_job_copy (const KioskPrintJob *job)
{
  KioskPrintJob *copy;

  g_return_val_if_fail (job != NULL, NULL);
  copy = g_new0 (KioskPrintJob, 1);
  copy->id = job->id;
  copy->uri = g_strdup (job->uri);
  copy->state = job->state;
  copy->state_message = g_strdup (job->state_message);
  copy->state_reasons = g_strdupv (job->state_reasons);
  copy->submitted_at = job->submitted_at;
  copy->finished_at = job->finished_at;
  copy->printer_status
      = job->printer_status ? kiosk_printer_status_copy (job->printer_status) : NULL;
  return copy;
}

void
kiosk_print_job_free (KioskPrintJob *job)
{
  if (job == NULL)
    return;
  g_free (job->uri);
  g_free (job->state_message);
  g_strfreev (job->state_reasons);
  g_clear_pointer (&job->printer_status, kiosk_printer_status_free);
  g_free (job);
}
