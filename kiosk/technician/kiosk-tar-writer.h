/* kiosk-tar-writer.h — a minimal POSIX ustar writer for the technician's export
 *
 * Why our own writer rather than a tar subprocess: the export is a handful
 * of small files that exist only in memory (masked JSON, masked logs), so
 * nothing personal ever lands in a temporary file, the appliance image does
 * not have to ship tar, and the output is deterministic (fixed owner, mode
 * and time, the order given) so that the manifest and the archive's own
 * checksum can be checked by anyone with `tar` and `sha256sum`. ustar is a
 * 512-byte header per member, the data padded to 512 bytes and two zero
 * blocks at the end; GNU tar, bsdtar and Python's tarfile read it.
 *
 * Member names are relative, printable ASCII without "..", at most 99 bytes.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _KioskTarWriter KioskTarWriter;

/* Writes to `out` (referenced). Every member gets `mtime` (Unix seconds). */
KioskTarWriter *kiosk_tar_writer_new (GOutputStream *out, gint64 mtime);
void kiosk_tar_writer_free (KioskTarWriter *self);

gboolean kiosk_tar_writer_add_directory (KioskTarWriter *self, const char *path, GError **error);
gboolean kiosk_tar_writer_add_file (
    KioskTarWriter *self, const char *path, const void *data, gsize len, GError **error);
/* The two zero blocks; the stream is flushed, not closed. */
gboolean kiosk_tar_writer_finish (KioskTarWriter *self, GError **error);
/* Hex SHA-256 of every byte written, after finish (NULL before). */
const char *kiosk_tar_writer_get_sha256 (KioskTarWriter *self);
/* Bytes written so far. */
guint64 kiosk_tar_writer_get_size (KioskTarWriter *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskTarWriter, kiosk_tar_writer_free)

G_END_DECLS
