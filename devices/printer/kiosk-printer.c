/* kiosk-printer.c — what card and receipt printers have in common */
#define G_LOG_DOMAIN "kiosk-printer"

#include "config.h"

#include "kiosk-printer.h"

#define JOB_DATA_KEY "kiosk-print-job"

typedef struct
{
  KioskPrinterStatus *last_status;
  KioskPrintJob *last_job;
  /* The job of the print that just completed, until its callback attaches
   * it to the result; tagged with that print's serial. */
  KioskPrintJob *completed_job;
  guint completed_serial;
  guint print_serial;
} KioskPrinterPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (KioskPrinter, kiosk_printer, KIOSK_TYPE_DEVICE)

static void
kiosk_printer_finalize (GObject *object)
{
  KioskPrinterPrivate *priv = kiosk_printer_get_instance_private (KIOSK_PRINTER (object));

  g_clear_pointer (&priv->last_status, kiosk_printer_status_free);
  g_clear_pointer (&priv->last_job, kiosk_print_job_free);
  g_clear_pointer (&priv->completed_job, kiosk_print_job_free);
  G_OBJECT_CLASS (kiosk_printer_parent_class)->finalize (object);
}

static void
kiosk_printer_class_init (KioskPrinterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiosk_printer_finalize;
}

static void
kiosk_printer_init (KioskPrinter *self)
{
}

static void
print_request_free (gpointer data)
{
  KioskPrintRequest *request = data;

  g_free (request->format);
  g_clear_pointer (&request->document, g_bytes_unref);
  g_free (request->job_name);
  g_free (request);
}

typedef struct
{
  GAsyncReadyCallback callback;
  gpointer user_data;
  guint serial; /* 0: the operation never began */
} PrintClosure;

/* Runs before the caller's callback: attaches the job record of this very
 * print to its result, so print_finish() can hand it out on failure too. */
static void
print_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  PrintClosure *closure = data;
  KioskPrinterPrivate *priv = kiosk_printer_get_instance_private (KIOSK_PRINTER (source));

  if (closure->serial != 0 && closure->serial == priv->completed_serial
      && priv->completed_job != NULL)
    g_object_set_data_full (G_OBJECT (result), JOB_DATA_KEY, g_steal_pointer (&priv->completed_job),
                            (GDestroyNotify) kiosk_print_job_free);
  if (closure->callback != NULL)
    closure->callback (source, result, closure->user_data);
  g_free (closure);
}

void
kiosk_printer_print_async (KioskPrinter *self,
                           const char *format,
                           GBytes *document,
                           const char *job_name,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data)
{
  KioskPrinterPrivate *priv;
  KioskPrintRequest *request;
  PrintClosure *closure;

  g_return_if_fail (KIOSK_IS_PRINTER (self));
  g_return_if_fail (format != NULL && document != NULL && job_name != NULL);
  priv = kiosk_printer_get_instance_private (self);

  closure = g_new0 (PrintClosure, 1);
  closure->callback = callback;
  closure->user_data = user_data;
  if (!kiosk_device_begin_op (KIOSK_DEVICE (self), "print", kiosk_printer_print_async, cancellable,
                              print_done_cb, closure))
    return;
  closure->serial = ++priv->print_serial;
  if (closure->serial == 0) /* wrapped around */
    closure->serial = ++priv->print_serial;

  request = g_new0 (KioskPrintRequest, 1);
  request->format = g_strdup (format);
  request->document = g_bytes_ref (document);
  request->job_name = g_strdup (job_name);
  kiosk_device_set_op_data (KIOSK_DEVICE (self), request, print_request_free);
  KIOSK_PRINTER_GET_CLASS (self)->print (self);
}

gboolean
kiosk_printer_print_finish (KioskPrinter *self,
                            GAsyncResult *result,
                            KioskPrintJob **out_job,
                            GError **error)
{
  KioskPrintJob *job;
  g_autoptr (GError) local = NULL;

  g_return_val_if_fail (KIOSK_IS_PRINTER (self), FALSE);

  job = kiosk_device_op_finish (KIOSK_DEVICE (self), result, kiosk_printer_print_async, &local);
  if (local != NULL)
    {
      KioskPrintJob *failed = g_object_get_data (G_OBJECT (result), JOB_DATA_KEY);

      if (out_job != NULL)
        *out_job = failed ? kiosk_print_job_copy (failed) : NULL;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (out_job != NULL)
    *out_job = job;
  else
    kiosk_print_job_free (job);
  return TRUE;
}

void
kiosk_printer_query_status_async (KioskPrinter *self,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_PRINTER (self));

  /* Not NEEDS_CONNECTED: asking is how a printer that went away is found back. */
  if (!kiosk_device_begin_op_full (KIOSK_DEVICE (self), "query-status",
                                   kiosk_printer_query_status_async, KIOSK_DEVICE_OP_NONE,
                                   cancellable, callback, user_data))
    return;
  KIOSK_PRINTER_GET_CLASS (self)->query_status (self);
}

KioskPrinterStatus *
kiosk_printer_query_status_finish (KioskPrinter *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_PRINTER (self), NULL);
  return kiosk_device_op_finish (KIOSK_DEVICE (self), result, kiosk_printer_query_status_async,
                                 error);
}

KioskPrinterStatus *
kiosk_printer_get_last_status (KioskPrinter *self)
{
  KioskPrinterPrivate *priv;

  g_return_val_if_fail (KIOSK_IS_PRINTER (self), NULL);
  priv = kiosk_printer_get_instance_private (self);
  return priv->last_status ? kiosk_printer_status_copy (priv->last_status) : NULL;
}

KioskPrintJob *
kiosk_printer_get_last_job (KioskPrinter *self)
{
  KioskPrinterPrivate *priv;

  g_return_val_if_fail (KIOSK_IS_PRINTER (self), NULL);
  priv = kiosk_printer_get_instance_private (self);
  return priv->last_job ? kiosk_print_job_copy (priv->last_job) : NULL;
}

/* ---- sync wrappers (tools and tests) ----------------------------------------- */

static void
store_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

gboolean
kiosk_printer_print_sync (KioskPrinter *self,
                          const char *format,
                          GBytes *document,
                          const char *job_name,
                          GCancellable *cancellable,
                          KioskPrintJob **out_job,
                          GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  kiosk_printer_print_async (self, format, document, job_name, cancellable, store_result_cb,
                             &result);
  kiosk_device_wait_result (&result);
  return kiosk_printer_print_finish (self, result, out_job, error);
}

KioskPrinterStatus *
kiosk_printer_query_status_sync (KioskPrinter *self, GCancellable *cancellable, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  kiosk_printer_query_status_async (self, cancellable, store_result_cb, &result);
  kiosk_device_wait_result (&result);
  return kiosk_printer_query_status_finish (self, result, error);
}

/* ---- driver side --------------------------------------------------------------- */

const KioskPrintRequest *
kiosk_printer_get_request (KioskPrinter *self)
{
  g_return_val_if_fail (KIOSK_IS_PRINTER (self), NULL);
  g_return_val_if_fail (kiosk_device_get_op_tag (KIOSK_DEVICE (self)) == kiosk_printer_print_async,
                        NULL);
  return kiosk_device_get_op_data (KIOSK_DEVICE (self));
}

static void
remember_status (KioskPrinterPrivate *priv, const KioskPrinterStatus *status)
{
  if (status == NULL)
    return;
  g_clear_pointer (&priv->last_status, kiosk_printer_status_free);
  priv->last_status = kiosk_printer_status_copy (status);
}

void
kiosk_printer_complete_print (KioskPrinter *self,
                              KioskPrintJob *job,
                              KioskPrinterStatus *status,
                              GError *error)
{
  KioskDevice *device = KIOSK_DEVICE (self);
  KioskPrinterPrivate *priv;
  g_autoptr (KioskPrintJob) owned_job = job;
  g_autoptr (KioskPrinterStatus) owned_status = status;

  g_return_if_fail (KIOSK_IS_PRINTER (self));
  g_return_if_fail (kiosk_device_get_op_tag (device) == kiosk_printer_print_async);
  g_return_if_fail (error != NULL || job != NULL);
  priv = kiosk_printer_get_instance_private (self);

  remember_status (priv, status ? status : (job ? job->printer_status : NULL));
  if (job != NULL)
    {
      if (job->printer_status == NULL && status != NULL)
        job->printer_status = kiosk_printer_status_copy (status);
      kiosk_device_count (device, KIOSK_PRINTER_COUNTER_JOBS_SUBMITTED, 1);
      kiosk_device_count (device,
                          error == NULL ? KIOSK_PRINTER_COUNTER_JOBS_COMPLETED
                                        : KIOSK_PRINTER_COUNTER_JOBS_FAILED,
                          1);
      g_clear_pointer (&priv->last_job, kiosk_print_job_free);
      priv->last_job = kiosk_print_job_copy (job);
      g_clear_pointer (&priv->completed_job, kiosk_print_job_free);
      priv->completed_job = kiosk_print_job_copy (job);
      priv->completed_serial = priv->print_serial;
    }
  else if (g_error_matches (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED))
    kiosk_device_count (device, KIOSK_PRINTER_COUNTER_REFUSED, 1);

  if (error != NULL)
    kiosk_device_complete_op (device, NULL, NULL, error);
  else
    kiosk_device_complete_op (device, g_steal_pointer (&owned_job),
                              (GDestroyNotify) kiosk_print_job_free, NULL);
}

void
kiosk_printer_complete_query_status (KioskPrinter *self, KioskPrinterStatus *status, GError *error)
{
  KioskPrinterPrivate *priv;

  g_return_if_fail (KIOSK_IS_PRINTER (self));
  g_return_if_fail ((status == NULL) != (error == NULL));
  priv = kiosk_printer_get_instance_private (self);

  remember_status (priv, status);
  kiosk_device_complete_op (KIOSK_DEVICE (self), status, (GDestroyNotify) kiosk_printer_status_free,
                            error);
}
