/* kiosk-ipp-printer-device.c — KioskIppPrinter on the device side
 *
 * Runs the blocking IPP exchanges of kiosk-ipp-printer.c in GTask worker
 * threads and completes the device operations in the device's main
 * context; reads the configuration; starts the simulator. No libcups here.
 */
#define G_LOG_DOMAIN "kiosk-printer"

#include "config.h"

#include "kiosk-ipp-printer-private.h"
#include "kiosk-printer-simulator.h"

typedef struct
{
  KioskPrintJob *job;
  KioskPrinterStatus *status;
  GError *error;
} PrintOutcome;

static void
print_outcome_free (gpointer data)
{
  PrintOutcome *outcome = data;

  g_clear_pointer (&outcome->job, kiosk_print_job_free);
  g_clear_pointer (&outcome->status, kiosk_printer_status_free);
  g_clear_error (&outcome->error);
  g_free (outcome);
}

static void
print_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  KioskIppPrinter *ipp = g_object_get_data (G_OBJECT (task), "ipp");
  PrintOutcome *outcome = g_new0 (PrintOutcome, 1);

  kiosk_ipp_printer_print_blocking (ipp, task_data, cancellable, &outcome->job, &outcome->status,
                                    &outcome->error);
  g_task_return_pointer (task, outcome, print_outcome_free);
}

static void
print_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KioskPrinter *printer = KIOSK_PRINTER (source);
  PrintOutcome *outcome = g_task_propagate_pointer (G_TASK (result), NULL);

  if (outcome->error != NULL)
    g_debug ("%s: print: %s", kiosk_device_get_name (KIOSK_DEVICE (printer)),
             outcome->error->message);
  if (g_error_matches (outcome->error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED))
    kiosk_device_set_connected (KIOSK_DEVICE (printer), FALSE);
  kiosk_printer_complete_print (printer, g_steal_pointer (&outcome->job),
                                g_steal_pointer (&outcome->status),
                                g_steal_pointer (&outcome->error));
  print_outcome_free (outcome);
}

static void
print_request_free (gpointer data)
{
  KioskPrintRequest *request = data;

  g_free (request->format);
  g_bytes_unref (request->document);
  g_free (request->job_name);
  g_free (request);
}

static GTask *
new_task (KioskIppPrinter *self, gpointer device, GAsyncReadyCallback callback)
{
  GTask *task = g_task_new (device, kiosk_device_get_op_cancellable (KIOSK_DEVICE (device)),
                            callback, NULL);

  /* The worker reports cancellation itself, with the job it leaves behind. */
  g_task_set_check_cancellable (task, FALSE);
  g_object_set_data_full (G_OBJECT (task), "ipp", kiosk_ipp_printer_ref (self),
                          (GDestroyNotify) kiosk_ipp_printer_unref);
  return task;
}

void
kiosk_ipp_printer_run_print (KioskIppPrinter *self, KioskPrinter *printer)
{
  const KioskPrintRequest *request = kiosk_printer_get_request (printer);
  KioskPrintRequest *copy = g_new0 (KioskPrintRequest, 1);
  g_autoptr (GTask) task = new_task (self, printer, print_done_cb);

  /* The worker gets its own copy: the device frees the op data at completion. */
  copy->format = g_strdup (request->format);
  copy->document = g_bytes_ref (request->document);
  copy->job_name = g_strdup (request->job_name);
  g_task_set_task_data (task, copy, print_request_free);
  g_task_set_name (task, "[kiosk-printer] print");
  g_task_run_in_thread (task, print_thread);
}

/* ---- open and query-status ---------------------------------------------------------- */

typedef struct
{
  KioskPrinterStatus *status;
  char *model;
  GError *error;
} QueryOutcome;

static void
query_outcome_free (gpointer data)
{
  QueryOutcome *outcome = data;

  g_clear_pointer (&outcome->status, kiosk_printer_status_free);
  g_free (outcome->model);
  g_clear_error (&outcome->error);
  g_free (outcome);
}

static void
query_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  KioskIppPrinter *ipp = g_object_get_data (G_OBJECT (task), "ipp");
  QueryOutcome *outcome = g_new0 (QueryOutcome, 1);

  outcome->status
      = kiosk_ipp_printer_query_blocking (ipp, cancellable, &outcome->model, &outcome->error);
  g_task_return_pointer (task, outcome, query_outcome_free);
}

static void
open_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KioskDevice *device = KIOSK_DEVICE (source);
  QueryOutcome *outcome = g_task_propagate_pointer (G_TASK (result), NULL);
  KioskIppPrinter *ipp = g_object_get_data (G_OBJECT (result), "ipp");

  if (outcome->error == NULL)
    {
      kiosk_device_set_model (device, outcome->model);
      kiosk_device_set_identity (device, kiosk_ipp_printer_get_uri (ipp));
      kiosk_device_set_connected (device, TRUE);
    }
  kiosk_device_complete_op_boolean (device, g_steal_pointer (&outcome->error));
  query_outcome_free (outcome);
}

void
kiosk_ipp_printer_run_open (KioskIppPrinter *self, KioskDevice *device)
{
  g_autoptr (GTask) task = new_task (self, device, open_done_cb);

  g_task_set_name (task, "[kiosk-printer] open");
  g_task_run_in_thread (task, query_thread);
}

static void
query_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KioskPrinter *printer = KIOSK_PRINTER (source);
  KioskDevice *device = KIOSK_DEVICE (source);
  QueryOutcome *outcome = g_task_propagate_pointer (G_TASK (result), NULL);
  KioskIppPrinter *ipp = g_object_get_data (G_OBJECT (result), "ipp");

  if (g_error_matches (outcome->error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED))
    {
      /* Unreachable is a status, not a failure of the question. */
      kiosk_device_record_error (device, outcome->error);
      kiosk_device_set_connected (device, FALSE);
      kiosk_printer_complete_query_status (
          printer, kiosk_printer_status_new_offline (outcome->error->message), NULL);
    }
  else if (outcome->error != NULL)
    kiosk_printer_complete_query_status (printer, NULL, g_steal_pointer (&outcome->error));
  else
    {
      if (!kiosk_device_is_connected (device))
        {
          kiosk_device_set_model (device, outcome->model);
          kiosk_device_set_identity (device, kiosk_ipp_printer_get_uri (ipp));
          kiosk_device_set_connected (device, TRUE);
        }
      kiosk_printer_complete_query_status (printer, g_steal_pointer (&outcome->status), NULL);
    }
  query_outcome_free (outcome);
}

void
kiosk_ipp_printer_run_query_status (KioskIppPrinter *self, KioskPrinter *printer)
{
  g_autoptr (GTask) task = new_task (self, printer, query_done_cb);

  g_task_set_name (task, "[kiosk-printer] query-status");
  g_task_run_in_thread (task, query_thread);
}

/* ---- configuration ---------------------------------------------------------------- */

KioskIppPrinter *
kiosk_ipp_printer_new_from_config (KioskDeviceConfig *config,
                                   guint default_job_timeout_s,
                                   GError **error)
{
  g_autofree char *uri = kiosk_device_config_get_string (config, "uri", NULL);
  KioskIppTimeouts timeouts = { 0 };
  g_autoptr (GError) local = NULL;
  KioskIppPrinter *ipp;

  if (uri == NULL || uri[0] == '\0')
    {
      g_autofree char *key = kiosk_device_config_describe_key (config, "uri");

      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
                   "%s: missing (ipp://host:port/path or cups:QUEUE)", key);
      return NULL;
    }
  if (!kiosk_device_config_get_uint (config, "connect_timeout_ms", 5000, 100, 60000,
                                     &timeouts.connect_timeout_ms, error)
      || !kiosk_device_config_get_uint (config, "job_timeout_s", default_job_timeout_s, 1, 3600,
                                        &timeouts.job_timeout_s, error)
      || !kiosk_device_config_get_uint (config, "poll_ms", 250, 10, 10000, &timeouts.poll_ms,
                                        error))
    return NULL;
  ipp = kiosk_ipp_printer_new (uri, &timeouts, &local);
  if (ipp == NULL)
    {
      g_autofree char *key = kiosk_device_config_describe_key (config, "uri");

      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG, "%s: %s", key,
                   local->message);
      return NULL;
    }
  return ipp;
}

gboolean
kiosk_ipp_printer_start_simulator (KioskDeviceConfig *config, GError **error)
{
  const char *dir = kiosk_device_config_get_runtime_dir (config, error);
  g_autoptr (KioskPrinterSimulator) sim = NULL;

  if (dir == NULL)
    return FALSE;
  sim = kiosk_printer_simulator_start (dir, kiosk_device_config_get_name (config), error);
  if (sim == NULL)
    return FALSE;
  kiosk_device_config_set_override (config, "uri", kiosk_printer_simulator_get_uri (sim));
  kiosk_device_config_set_override (config, "sim_control",
                                    kiosk_printer_simulator_get_control_path (sim));
  kiosk_printer_simulator_hand_over (sim, config);
  return TRUE;
}
