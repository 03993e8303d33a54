/* kiosk-ipp-printer.c — talking IPP to a printer with libcups
 *
 * The only file of the kiosk that includes <cups/cups.h>: the URI, one
 * connection per operation, the requests and their answers, following a
 * job. Everything here blocks and runs in a worker thread; the threads and
 * the device side are kiosk-ipp-printer-device.c.
 */
#define G_LOG_DOMAIN "kiosk-printer"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <cups/cups.h>

#include "kiosk-ipp-printer-private.h"

#define USER_NAME "kiosk"
/* Document bytes per cupsWriteRequestData() call. */
#define WRITE_CHUNK (64 * 1024)

struct _KioskIppPrinter
{
  char *uri;  /* as configured */
  char *host; /* a host name, or a socket path for cups: queues */
  int port;
  char *resource;    /* "/ipp/print", "/printers/card" */
  char *printer_uri; /* the printer-uri operation attribute */
  http_encryption_t encryption;
  KioskIppTimeouts timeouts;
};

static void
ipp_printer_clear (gpointer data)
{
  KioskIppPrinter *self = data;

  g_free (self->uri);
  g_free (self->host);
  g_free (self->resource);
  g_free (self->printer_uri);
}

static gboolean
config_error (GError **error, const char *uri, const char *why)
{
  g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_CONFIG,
               "printer URI “%s”: %s (ipp://host:port/path, ipps://…, or cups:QUEUE)", uri, why);
  return FALSE;
}

static gboolean
parse_uri (KioskIppPrinter *self, const char *uri, GError **error)
{
  char scheme[32], user[256], host[256], resource[1024];
  int port = 0;

  if (g_str_has_prefix (uri, "cups:"))
    {
      const char *queue = uri + strlen ("cups:");
      const char *server;
      g_autofree char *escaped = NULL;

      /* libcups caches the server per thread: forget it, so that
       * CUPS_SERVER and client.conf are read as they are now. The
       * workers then connect to the host resolved here. */
      cupsSetServer (NULL);
      server = cupsServer ();

      if (queue[0] == '\0' || strlen (queue) > 127 || strpbrk (queue, "/#?@ \t") != NULL)
        return config_error (error, uri, "not a queue name");
      escaped = g_uri_escape_string (queue, NULL, FALSE);
      self->host = g_strdup (server);
      self->port = ippPort ();
      self->resource = g_strdup_printf ("/printers/%s", escaped);
      self->printer_uri = g_strdup_printf ("ipp://localhost/printers/%s", escaped);
      self->encryption = HTTP_ENCRYPTION_IF_REQUESTED;
      return TRUE;
    }

  if (strlen (uri) >= sizeof resource
      || httpSeparateURI (HTTP_URI_CODING_ALL, uri, scheme, sizeof scheme, user, sizeof user, host,
                          sizeof host, &port, resource, sizeof resource)
             < HTTP_URI_STATUS_OK)
    return config_error (error, uri, "not a URI");
  if (host[0] == '\0')
    return config_error (error, uri, "no host");
  if (user[0] != '\0')
    return config_error (error, uri, "user names in the URI are not supported");
  if (g_str_equal (scheme, "ipp") || g_str_equal (scheme, "http"))
    self->encryption = HTTP_ENCRYPTION_IF_REQUESTED;
  else if (g_str_equal (scheme, "ipps") || g_str_equal (scheme, "https"))
    self->encryption = HTTP_ENCRYPTION_ALWAYS;
  else
    return config_error (error, uri, "unsupported scheme");
  if (port <= 0 || port > 65535)
    return config_error (error, uri, "bad port");

  self->host = g_strdup (host);
  self->port = port;
  self->resource = g_strdup (resource[0] ? resource : "/");
  self->printer_uri = g_strdup (uri);
  return TRUE;
}

KioskIppPrinter *
kiosk_ipp_printer_new (const char *uri, const KioskIppTimeouts *timeouts, GError **error)
{
  KioskIppPrinter *self;

  g_return_val_if_fail (uri != NULL, NULL);

  self = g_atomic_rc_box_new0 (KioskIppPrinter);
  self->uri = g_strdup (uri);
  self->timeouts.connect_timeout_ms = 5000;
  self->timeouts.request_timeout_s = 30;
  self->timeouts.job_timeout_s = 300;
  self->timeouts.poll_ms = 250;
  if (timeouts != NULL)
    {
      if (timeouts->connect_timeout_ms)
        self->timeouts.connect_timeout_ms = timeouts->connect_timeout_ms;
      if (timeouts->request_timeout_s)
        self->timeouts.request_timeout_s = timeouts->request_timeout_s;
      if (timeouts->job_timeout_s)
        self->timeouts.job_timeout_s = timeouts->job_timeout_s;
      if (timeouts->poll_ms)
        self->timeouts.poll_ms = timeouts->poll_ms;
    }
  if (!parse_uri (self, uri, error))
    {
      kiosk_ipp_printer_unref (self);
      return NULL;
    }
  return self;
}

KioskIppPrinter *
kiosk_ipp_printer_ref (KioskIppPrinter *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
kiosk_ipp_printer_unref (KioskIppPrinter *self)
{
  if (self != NULL)
    g_atomic_rc_box_release_full (self, ipp_printer_clear);
}

const char *
kiosk_ipp_printer_get_uri (KioskIppPrinter *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->uri;
}

/* ---- one connection, in a worker thread ------------------------------------------ */

typedef struct
{
  KioskIppPrinter *ipp;
  GCancellable *cancellable;
  gulong cancel_id;
  int cancel_flag; /* httpConnect2() watches it */
  gint64 deadline; /* monotonic µs: the current request gives up after it */
  http_t *http;
} Conn;

static void
conn_cancelled_cb (GCancellable *cancellable, gpointer data)
{
  Conn *conn = data;

  g_atomic_int_set (&conn->cancel_flag, 1);
}

static gboolean
conn_is_cancelled (Conn *conn)
{
  return g_cancellable_is_cancelled (conn->cancellable);
}

/* libcups calls this when a read or write has waited a second: go on
 * waiting unless the operation was cancelled or the request is overdue. */
static int
conn_timeout_cb (http_t *http, void *data)
{
  Conn *conn = data;

  return !conn_is_cancelled (conn) && g_get_monotonic_time () < conn->deadline;
}

static void
conn_init (Conn *conn, KioskIppPrinter *ipp, GCancellable *cancellable)
{
  memset (conn, 0, sizeof *conn);
  conn->ipp = ipp;
  conn->cancellable = cancellable;
  if (cancellable != NULL)
    conn->cancel_id
        = g_cancellable_connect (cancellable, G_CALLBACK (conn_cancelled_cb), conn, NULL);
}

static void
conn_clear (Conn *conn)
{
  if (conn->http != NULL)
    httpClose (conn->http);
  conn->http = NULL;
  if (conn->cancel_id != 0)
    g_cancellable_disconnect (conn->cancellable, conn->cancel_id);
  conn->cancel_id = 0;
}

static void
conn_arm (Conn *conn)
{
  conn->deadline
      = g_get_monotonic_time () + (gint64) conn->ipp->timeouts.request_timeout_s * G_USEC_PER_SEC;
}

static gboolean
set_cancelled (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
  return FALSE;
}

static gboolean
conn_open (Conn *conn, GError **error)
{
  KioskIppPrinter *ipp = conn->ipp;

  if (conn_is_cancelled (conn))
    return set_cancelled (error);
  conn->http = httpConnect2 (ipp->host, ipp->port, NULL, AF_UNSPEC, ipp->encryption, 1,
                             (int) ipp->timeouts.connect_timeout_ms, &conn->cancel_flag);
  if (conn->http == NULL)
    {
      if (conn_is_cancelled (conn))
        return set_cancelled (error);
      g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED,
                   "Cannot reach the printer at %s: %s", ipp->uri, cupsLastErrorString ());
      return FALSE;
    }
  httpSetTimeout (conn->http, 1.0, conn_timeout_cb, conn);
  return TRUE;
}

/* After a lost connection (reads only: never for Print-Job). */
static gboolean
conn_reopen (Conn *conn, GError **error)
{
  if (conn->http != NULL)
    httpClose (conn->http);
  conn->http = NULL;
  return conn_open (conn, error);
}

static ipp_t *
new_request (Conn *conn, ipp_op_t op)
{
  ipp_t *request = ippNewRequest (op);

  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL,
                conn->ipp->printer_uri);
  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL, USER_NAME);
  return request;
}

/* Sends a request that only reads or cancels (safe to repeat at the HTTP
 * level); the answer or an error naming the operation. */
static ipp_t *
do_request (Conn *conn, ipp_t *request, const char *what, GError **error)
{
  ipp_t *response;
  ipp_status_t status;

  conn_arm (conn);
  response = cupsDoRequest (conn->http, request, conn->ipp->resource);
  if (conn_is_cancelled (conn))
    {
      ippDelete (response);
      set_cancelled (error);
      return NULL;
    }
  status = cupsLastError ();
  if (response == NULL || status > IPP_STATUS_OK_EVENTS_COMPLETE)
    {
      g_set_error (error, KIOSK_DEVICE_ERROR,
                   response == NULL ? KIOSK_DEVICE_ERROR_IO : KIOSK_DEVICE_ERROR_PROTOCOL,
                   "%s at %s: %s", what, conn->ipp->uri, cupsLastErrorString ());
      ippDelete (response);
      return NULL;
    }
  return response;
}

static char **
get_strings (ipp_t *response, const char *name)
{
  ipp_attribute_t *attr = ippFindAttribute (response, name, IPP_TAG_ZERO);
  int count = attr ? ippGetCount (attr) : 0;
  char **strings = g_new0 (char *, count + 1);
  int n = 0;

  for (int i = 0; i < count; i++)
    {
      const char *value = ippGetString (attr, i, NULL);

      /* Printer-supplied text: keep it printable and bounded. */
      if (value != NULL && g_utf8_validate (value, -1, NULL) && strlen (value) < 256)
        strings[n++] = g_strdup (value);
    }
  return strings;
}

static char *
get_string (ipp_t *response, const char *name)
{
  ipp_attribute_t *attr = ippFindAttribute (response, name, IPP_TAG_ZERO);
  const char *value = attr ? ippGetString (attr, 0, NULL) : NULL;
  char *text;

  if (value == NULL || !g_utf8_validate (value, -1, NULL))
    return NULL;
  /* g_utf8_substring() of GLib 2.74 reads past a shorter string's end. */
  if (g_utf8_strlen (value, -1) > 255)
    text = g_strstrip (g_utf8_substring (value, 0, 255));
  else
    text = g_strstrip (g_strdup (value));
  if (text[0] == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static int
get_integer (ipp_t *response, const char *name, int index, int fallback)
{
  ipp_attribute_t *attr = ippFindAttribute (response, name, IPP_TAG_ZERO);

  if (attr == NULL || index >= ippGetCount (attr))
    return fallback;
  switch (ippGetValueTag (attr))
    {
      case IPP_TAG_INTEGER:
      case IPP_TAG_ENUM:
        return ippGetInteger (attr, index);
      default:
        return fallback;
    }
}

static const char *const printer_attributes[] = {
  "printer-state",
  "printer-state-reasons",
  "printer-state-message",
  "printer-make-and-model",
  "printer-is-accepting-jobs",
  "marker-names",
  "marker-types",
  "marker-levels",
  "marker-low-levels",
};

/* Get-Printer-Attributes → the typed status (and the model, if asked). */
static KioskPrinterStatus *
get_printer_status (Conn *conn, char **out_model, GError **error)
{
  ipp_t *request = new_request (conn, IPP_OP_GET_PRINTER_ATTRIBUTES);
  ipp_t *response;
  ipp_attribute_t *accepting;
  g_auto (GStrv) reasons = NULL;
  g_auto (GStrv) names = NULL;
  g_auto (GStrv) types = NULL;
  g_autofree char *message = NULL;
  g_autoptr (GArray) markers = g_array_new (FALSE, TRUE, sizeof (KioskPrinterMarker));
  ipp_attribute_t *levels;
  KioskPrinterStatus *status;

  ippAddStrings (request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                 G_N_ELEMENTS (printer_attributes), NULL, printer_attributes);
  response = do_request (conn, request, "Get-Printer-Attributes", error);
  if (response == NULL)
    return NULL;

  reasons = get_strings (response, "printer-state-reasons");
  names = get_strings (response, "marker-names");
  types = get_strings (response, "marker-types");
  message = get_string (response, "printer-state-message");
  levels = ippFindAttribute (response, "marker-levels", IPP_TAG_INTEGER);
  for (int i = 0; levels != NULL && i < ippGetCount (levels) && i < 16; i++)
    {
      KioskPrinterMarker marker = { 0 };

      marker.name = i < (int) g_strv_length (names) ? names[i] : NULL;
      marker.type = i < (int) g_strv_length (types) ? types[i] : NULL;
      marker.level = ippGetInteger (levels, i);
      marker.low_level = get_integer (response, "marker-low-levels", i, -1);
      g_array_append_val (markers, marker);
    }
  status = kiosk_printer_status_new_from_ipp (
      get_integer (response, "printer-state", 0, 0), (const char *const *) reasons,
      (const KioskPrinterMarker *) (gpointer) markers->data, markers->len, message);
  accepting = ippFindAttribute (response, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN);
  if (accepting != NULL && !ippGetBoolean (accepting, 0))
    status->conditions |= KIOSK_PRINTER_STOPPED;
  if (out_model != NULL)
    *out_model = get_string (response, "printer-make-and-model");
  ippDelete (response);
  return status;
}

static const char *const job_attributes[] = {
  "job-id", "job-uri", "job-state", "job-state-reasons", "job-state-message",
};

static void
update_job (KioskPrintJob *job, ipp_t *response)
{
  int state = get_integer (response, "job-state", 0, 0);
  char *message = get_string (response, "job-state-message");
  char **reasons = get_strings (response, "job-state-reasons");
  char *uri = get_string (response, "job-uri");

  if (state >= KIOSK_PRINT_JOB_STATE_PENDING && state <= KIOSK_PRINT_JOB_STATE_COMPLETED)
    job->state = (KioskPrintJobState) state;
  if (message != NULL)
    {
      g_free (job->state_message);
      job->state_message = message;
    }
  if (uri != NULL)
    {
      g_free (job->uri);
      job->uri = uri;
    }
  /* "none" says nothing. */
  if (reasons[0] != NULL && !(g_str_equal (reasons[0], "none") && reasons[1] == NULL))
    {
      g_strfreev (job->state_reasons);
      job->state_reasons = reasons;
    }
  else
    g_strfreev (reasons);
  if (kiosk_print_job_state_is_final (job->state) && job->finished_at == 0)
    job->finished_at = g_get_real_time ();
}

static gboolean
get_job_state (Conn *conn, KioskPrintJob *job, GError **error)
{
  ipp_t *request = new_request (conn, IPP_OP_GET_JOB_ATTRIBUTES);
  ipp_t *response;

  ippAddInteger (request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job->id);
  ippAddStrings (request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                 G_N_ELEMENTS (job_attributes), NULL, job_attributes);
  response = do_request (conn, request, "Get-Job-Attributes", error);
  if (response == NULL)
    return FALSE;
  update_job (job, response);
  ippDelete (response);
  return TRUE;
}

/* Best effort: a job we gave up on must not print a card later for nobody. */
static void
cancel_job (Conn *conn, KioskPrintJob *job)
{
  g_autoptr (GError) error = NULL;
  ipp_t *request;
  ipp_t *response;

  if (conn->http == NULL)
    return;
  request = new_request (conn, IPP_OP_CANCEL_JOB);
  ippAddInteger (request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job->id);
  conn_arm (conn);
  response = cupsDoRequest (conn->http, request, conn->ipp->resource);
  if (cupsLastError () > IPP_STATUS_OK_EVENTS_COMPLETE)
    g_debug ("Cancel-Job %d: %s", job->id, cupsLastErrorString ());
  ippDelete (response);
  if (!get_job_state (conn, job, &error))
    g_debug ("job %d after Cancel-Job: %s", job->id, error->message);
}

/* Print-Job, exactly once. Returns the job, or NULL with an error: refused
 * by the printer (no job), or no answer (the printer may hold a job, which
 * the error says; it is not sent again). */
static KioskPrintJob *
submit_job (Conn *conn, const KioskPrintRequest *print, GError **error)
{
  ipp_t *request = new_request (conn, IPP_OP_PRINT_JOB);
  ipp_t *response;
  http_status_t http_status;
  ipp_status_t status;
  gsize length;
  const char *data = g_bytes_get_data (print->document, &length);
  KioskPrintJob *job;
  int job_id;

  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_NAME, "job-name", NULL, print->job_name);
  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", NULL,
                print->format);

  conn_arm (conn);
  /* cupsSendRequest() may repeat the POST only before the printer has read
   * the request (reconnect, 401, 417): no job exists at that point. The
   * length is the whole HTTP body: the IPP request and the document. */
  http_status
      = cupsSendRequest (conn->http, request, conn->ipp->resource, ippLength (request) + length);
  for (gsize offset = 0; http_status == HTTP_STATUS_CONTINUE && offset < length;
       offset += WRITE_CHUNK)
    http_status
        = cupsWriteRequestData (conn->http, data + offset, MIN (WRITE_CHUNK, length - offset));
  ippDelete (request);
  if (http_status != HTTP_STATUS_CONTINUE)
    {
      /* The printer answered early (a refusal), or the line broke while
       * sending: read what there is. */
      g_debug ("Print-Job: HTTP status %d while sending", (int) http_status);
    }
  response = cupsGetResponse (conn->http, conn->ipp->resource);
  status = cupsLastError ();
  if (response == NULL)
    {
      if (conn_is_cancelled (conn))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                     "Cancelled while sending Print-Job to %s: the printer may hold a job; "
                     "it is not sent again",
                     conn->ipp->uri);
      else
        g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_IO,
                     "No answer to Print-Job from %s (%s): the printer may hold a job; it is not "
                     "sent again",
                     conn->ipp->uri, cupsLastErrorString ());
      return NULL;
    }
  status = ippGetStatusCode (response);
  job_id = get_integer (response, "job-id", 0, 0);
  if (status > IPP_STATUS_OK_EVENTS_COMPLETE || job_id <= 0)
    {
      int code = KIOSK_DEVICE_ERROR_FAILED;

      /* ippeveprinter answers an unknown format with
       * client-error-attributes-or-values-not-supported, CUPS with
       * client-error-document-format-not-supported. */
      if (status == IPP_STATUS_ERROR_DOCUMENT_FORMAT_NOT_SUPPORTED
          || (status == IPP_STATUS_ERROR_ATTRIBUTES_OR_VALUES
              && ippFindAttribute (response, "document-format", IPP_TAG_ZERO) != NULL))
        code = KIOSK_DEVICE_ERROR_NOT_SUPPORTED;
      g_debug ("Print-Job refused: %s", ippErrorString (status));
      g_set_error (error, KIOSK_DEVICE_ERROR, code, "The printer at %s refused the job: %s",
                   conn->ipp->uri,
                   status > IPP_STATUS_OK_EVENTS_COMPLETE ? cupsLastErrorString () : "no job-id");
      ippDelete (response);
      return NULL;
    }
  job = kiosk_print_job_new (job_id);
  update_job (job, response);
  ippDelete (response);
  return job;
}

/* Sleeps `ms`, waking early when cancelled. */
static void
nap (Conn *conn, guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (!conn_is_cancelled (conn) && g_get_monotonic_time () < until)
    g_usleep (MIN (20000, MAX (0, until - g_get_monotonic_time ())));
}

static char *
describe_job_end (KioskPrintJob *job)
{
  g_autofree char *conditions = NULL;
  g_autofree char *reasons = g_strjoinv (",", job->state_reasons);

  if (job->printer_status != NULL)
    conditions = kiosk_printer_status_to_string (job->printer_status);
  return g_strdup_printf ("job %d %s (%s%s%s; printer: %s)", job->id,
                          kiosk_print_job_state_to_string (job->state),
                          job->state_message ? job->state_message : "no message",
                          reasons[0] ? ", " : "", reasons, conditions ? conditions : "unknown");
}

/* A job that has not started (pending, held, stopped) on a printer with a
 * blocking fault will not print until someone clears it — and a CUPS queue
 * would then print it for nobody; one on an unreachable printer cannot be
 * printing. Both are given up at once rather than at the job timeout. A job
 * in progress on a printer that reports a fault is left to finish: a card
 * printer sets "media-empty" as it feeds the last card. */
static gboolean
job_waits_on_fault (Conn *conn, KioskPrintJob *job, GError **error)
{
  g_autoptr (KioskPrinterStatus) status = get_printer_status (conn, NULL, NULL);
  g_autofree char *blocking = NULL;
  gboolean waiting = job->state != KIOSK_PRINT_JOB_STATE_PROCESSING;

  if (status == NULL || kiosk_printer_status_is_ready (status))
    return FALSE;
  if (!waiting && !kiosk_printer_status_has (status, KIOSK_PRINTER_OFFLINE))
    return FALSE;
  blocking = kiosk_printer_status_blocking_to_string (status);
  g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED,
               "Job %d %s on a printer fault (%s); canceled, not resubmitted", job->id,
               kiosk_print_job_state_to_string (job->state), blocking);
  return TRUE;
}

/* Follows the job until it is final; cancels it on timeout, on our
 * cancellation, or when it waits on a printer fault. */
static void
follow_job (Conn *conn, KioskPrintJob *job, GError **error)
{
  KioskIppPrinter *ipp = conn->ipp;
  gint64 job_deadline
      = g_get_monotonic_time () + (gint64) ipp->timeouts.job_timeout_s * G_USEC_PER_SEC;
  g_autoptr (GError) poll_error = NULL;

  while (!kiosk_print_job_state_is_final (job->state))
    {
      if (conn_is_cancelled (conn))
        {
          GCancellable *saved = conn->cancellable;

          /* Cancel-Job must go out although our cancellable fired. */
          conn->cancellable = NULL;
          cancel_job (conn, job);
          conn->cancellable = saved;
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                       "Cancelled: job %d %s after Cancel-Job", job->id,
                       kiosk_print_job_state_to_string (job->state));
          return;
        }
      if (g_get_monotonic_time () > job_deadline)
        {
          cancel_job (conn, job);
          g_set_error (error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_TIMEOUT,
                       "Job %d did not finish within %u s; canceled (now %s), not resubmitted",
                       job->id, ipp->timeouts.job_timeout_s,
                       kiosk_print_job_state_to_string (job->state));
          return;
        }
      nap (conn, ipp->timeouts.poll_ms);
      if (conn_is_cancelled (conn))
        continue;

      g_clear_error (&poll_error);
      if (!get_job_state (conn, job, &poll_error))
        {
          if (g_error_matches (poll_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            continue;
          /* Reading a job's state again is harmless: reconnect and go on
           * until the job deadline. */
          g_debug ("job %d: %s", job->id, poll_error->message);
          conn_reopen (conn, NULL);
          continue;
        }
      if (!kiosk_print_job_state_is_final (job->state) && job_waits_on_fault (conn, job, error))
        {
          cancel_job (conn, job);
          return;
        }
    }
}

void
kiosk_ipp_printer_print_blocking (KioskIppPrinter *ipp,
                                  const KioskPrintRequest *print,
                                  GCancellable *cancellable,
                                  KioskPrintJob **out_job,
                                  KioskPrinterStatus **out_status,
                                  GError **out_error)
{
  struct
  {
    KioskPrintJob *job;
    KioskPrinterStatus *status;
    GError *error;
  } result = { NULL, NULL, NULL }, *outcome = &result;
  Conn conn;

  conn_init (&conn, ipp, cancellable);
  if (!conn_open (&conn, &outcome->error))
    {
      if (g_error_matches (outcome->error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_NOT_CONNECTED))
        outcome->status = kiosk_printer_status_new_offline (NULL);
      goto out;
    }

  /* Look before sending: a job into a known fault only spoils a card. */
  outcome->status = get_printer_status (&conn, NULL, &outcome->error);
  if (outcome->status == NULL)
    goto out;
  if (!kiosk_printer_status_is_ready (outcome->status))
    {
      g_autofree char *blocking = kiosk_printer_status_blocking_to_string (outcome->status);

      g_set_error (&outcome->error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED,
                   "The printer at %s is not ready (%s): nothing was sent", ipp->uri, blocking);
      goto out;
    }

  outcome->job = submit_job (&conn, print, &outcome->error);
  if (outcome->job == NULL)
    goto out;
  follow_job (&conn, outcome->job, &outcome->error);

  /* The printer after the job: ribbon low, a jam that aborted it. */
  if (conn.http != NULL)
    {
      GCancellable *saved = conn.cancellable;
      KioskPrinterStatus *after;

      conn.cancellable = NULL;
      after = get_printer_status (&conn, NULL, NULL);
      conn.cancellable = saved;
      if (after != NULL)
        {
          kiosk_printer_status_free (outcome->status);
          outcome->status = after;
        }
    }
  outcome->job->printer_status = kiosk_printer_status_copy (outcome->status);

  if (outcome->error == NULL && outcome->job->state != KIOSK_PRINT_JOB_STATE_COMPLETED)
    {
      g_autofree char *what = describe_job_end (outcome->job);

      g_set_error (&outcome->error, KIOSK_DEVICE_ERROR, KIOSK_DEVICE_ERROR_FAILED,
                   "Printing failed: %s; not resubmitted", what);
    }

out:
  conn_clear (&conn);
  *out_job = outcome->job;
  *out_status = outcome->status;
  if (outcome->error != NULL)
    g_propagate_error (out_error, outcome->error);
}

KioskPrinterStatus *
kiosk_ipp_printer_query_blocking (KioskIppPrinter *ipp,
                                  GCancellable *cancellable,
                                  char **out_model,
                                  GError **error)
{
  KioskPrinterStatus *status = NULL;
  Conn conn;

  conn_init (&conn, ipp, cancellable);
  if (conn_open (&conn, error))
    status = get_printer_status (&conn, out_model, error);
  conn_clear (&conn);
  return status;
}

guint
kiosk_ipp_printer_get_job_timeout (KioskIppPrinter *self)
{
  return self->timeouts.job_timeout_s;
}
