/* kiosk-recent-errors.h — what went wrong lately, for the technician
 *
 * Two sources, newest first: the journal (every step outcome of the recent
 * sessions that failed, timed out or stayed unknown, with the session, the
 * service and the step) and the devices (each device's last error, from its
 * status record). Texts are masked (kiosk_mask_text); no personal field is
 * read.
 */
#pragma once

#include <glib.h>

#include "kiosk-device-manager.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 time;   /* Unix seconds */
  char *source;  /* "journal" or "device" */
  char *where;   /* "green-channel <uuid> print", or the device's name */
  char *message; /* masked */
} KioskRecentError;

void kiosk_recent_error_free (KioskRecentError *error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskRecentError, kiosk_recent_error_free)

/* At most `limit` errors from the last `sessions` sessions and the devices
 * of `devices` (may be NULL), newest first (array of KioskRecentError). */
GPtrArray *kiosk_recent_errors_list (
    KioskStore *store, KioskDeviceManager *devices, guint sessions, guint limit, GError **error);

G_END_DECLS
