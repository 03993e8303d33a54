/* kiosk-export.h — logs, journal and audit to a directory (a USB stick), masked
 *
 * One call writes, into an existing directory:
 *
 *   sskiosk-<kiosk id>-<YYYYmmdd-HHMMSS>.tar          the archive (ustar, kiosk-tar-writer.h)
 *   sskiosk-<kiosk id>-<YYYYmmdd-HHMMSS>.tar.sha256   its SHA-256, in `sha256sum -c` form
 *
 * The archive holds one directory of the same name with:
 *
 *   info.json        kiosk id, site, program and schema version, time, stock counts, audit verdict
 *   journal.json     the most recent sessions and their steps: masked subject, step names,
 *                    phases, keys, masked results, times — never a payload, name, ID number,
 *                    phone or photo
 *   audit.json       every audit entry with its hashes, and the chain's verdict
 *   stock.json       the batches and every card (serial, state, session, reason)
 *   devices.json     each device's status record (when the caller has devices)
 *   logs/kiosk.log   the program's log (by default `journalctl` for sskiosk and kioskctl, the
 *                    last 14 days), every line through kiosk_mask_text()
 *   MANIFEST.sha256  SHA-256 of every file above, `sha256sum -c` form
 *
 * Everything text passes through kiosk_mask_text() once more on its way out,
 * as a last line of defence. The archive is written to a temporary name,
 * fsync'ed and renamed, so a stick pulled out early never holds a truncated
 * archive under the final name.
 *
 * The export opens its own read-only store from the configuration, so it
 * may run in a worker thread (kiosk_export_write_async) beside the kiosk's
 * store. It writes no audit entry itself: the caller records "export" with
 * the archive's name and checksum on its own store.
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-config.h"

G_BEGIN_DECLS

#define KIOSK_EXPORT_DEFAULT_MAX_SESSIONS 10000

typedef struct
{
  const KioskConfig *config;  /* required: kiosk id, site, the store's path */
  GPtrArray *device_statuses; /* KioskDeviceStatus (may be NULL: no devices.json) */
  /* The command whose standard output is the log; NULL: journalctl (above);
   * an empty vector: no log. Runs at most 30 s. */
  const char *const *log_argv;
  guint max_sessions; /* 0: KIOSK_EXPORT_DEFAULT_MAX_SESSIONS */
  GDateTime *now;     /* the archive's time and name; NULL: now */
} KioskExportOptions;

typedef struct
{
  char *path; /* inside the archive: "journal.json" */
  guint64 size;
  char *sha256;
} KioskExportFile;

typedef struct
{
  char *archive_path;  /* DIR/sskiosk-….tar */
  char *checksum_path; /* DIR/sskiosk-….tar.sha256 */
  char *sha256;        /* of the archive */
  guint64 size;
  GPtrArray *files; /* KioskExportFile, in archive order, the manifest last */
  gint64 n_sessions;
  gint64 n_audit_entries;
  gboolean audit_ok;
} KioskExportResult;

void kiosk_export_result_free (KioskExportResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskExportResult, kiosk_export_result_free)

/* Writes the archive into `dir`, which must exist and be writable
 * (G_IO_ERROR_NOT_FOUND, _NOT_DIRECTORY, _PERMISSION_DENIED otherwise). A
 * store that cannot be read fails with its error; nothing is left in `dir`
 * after a failure. */
KioskExportResult *kiosk_export_write (const KioskExportOptions *options,
                                       const char *dir,
                                       GCancellable *cancellable,
                                       GError **error);

/* In a worker thread. `options` and what it points to must stay valid until
 * the callback. */
void kiosk_export_write_async (const KioskExportOptions *options,
                               const char *dir,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data);
KioskExportResult *kiosk_export_write_finish (GAsyncResult *result, GError **error);

G_END_DECLS
