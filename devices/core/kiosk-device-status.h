/* kiosk-device-status.h — a device's status record, for diagnostics
 *
 * A snapshot copied out of a KioskDevice (kiosk_device_get_status()): it does
 * not change afterwards and may be kept, printed or serialised freely. It
 * never holds personal data: `identity` is the SAM ID or the PC/SC reader
 * name, never a card's content.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *name; /* counter name, e.g. "operations", "checksum-errors" */
  guint64 value;
} KioskDeviceCounter;

typedef struct
{
  char *name;             /* the configuration name: "idreader", "chip" */
  char *kind;             /* kiosk_device_kind_to_string(): "idreader", "chip-reader", … */
  char *driver;           /* "sam-serial", "pcsc" */
  char *model;            /* what the device says it is, or NULL before the first open */
  char *identity;         /* SAM ID, PC/SC reader name, printer URI; NULL if unknown */
  char *port;             /* the configured port/reader, or NULL */
  gboolean simulated;     /* talks to a simulator started by the manager */
  gboolean connected;     /* opened and answering */
  gboolean card_present;  /* for card readers: a card lies on / in the reader */
  char *operation;        /* the operation in flight ("read-card"), or NULL when idle */
  char *last_error;       /* message of the last error (either domain), or NULL */
  char *last_error_code;  /* kiosk_device_error_code_name() of it, or NULL */
  gint64 last_error_time; /* g_get_real_time() of it, 0 if none */
  GArray *counters;       /* of KioskDeviceCounter, in the order first counted */
} KioskDeviceStatus;

KioskDeviceStatus *kiosk_device_status_new (void);
KioskDeviceStatus *kiosk_device_status_copy (const KioskDeviceStatus *status);
void kiosk_device_status_free (KioskDeviceStatus *status);

/* The value of a counter, 0 if it was never counted. */
guint64 kiosk_device_status_get_counter (const KioskDeviceStatus *status, const char *name);
/* Adds `delta` to a counter, creating it at the end of the list. */
void kiosk_device_status_add_counter (KioskDeviceStatus *status, const char *name, guint64 delta);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskDeviceStatus, kiosk_device_status_free)

G_END_DECLS
