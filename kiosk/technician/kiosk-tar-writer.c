/* kiosk-tar-writer.c — a minimal POSIX ustar writer */
#define G_LOG_DOMAIN "kiosk-technician"

#include "config.h"

#include <string.h>

#include "kiosk-tar-writer.h"

#define BLOCK        512
#define NAME_MAX_LEN 99

struct _KioskTarWriter
{
  GOutputStream *out;
  gint64 mtime;
  GChecksum *checksum;
  char *sha256;
  guint64 size;
  gboolean finished;
};

KioskTarWriter *
kiosk_tar_writer_new (GOutputStream *out, gint64 mtime)
{
  KioskTarWriter *self = g_new0 (KioskTarWriter, 1);

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), NULL);
  self->out = g_object_ref (out);
  self->mtime = MAX (mtime, 0);
  self->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  return self;
}

void
kiosk_tar_writer_free (KioskTarWriter *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->out);
  g_checksum_free (self->checksum);
  g_free (self->sha256);
  g_free (self);
}

static gboolean
write_bytes (KioskTarWriter *self, const void *data, gsize len, GError **error)
{
  if (len == 0)
    return TRUE;
  if (!g_output_stream_write_all (self->out, data, len, NULL, NULL, error))
    return FALSE;
  g_checksum_update (self->checksum, data, len);
  self->size += len;
  return TRUE;
}

static gboolean
check_path (const char *path, GError **error)
{
  gsize len = path != NULL ? strlen (path) : 0;
  g_auto (GStrv) parts = NULL;

  if (len == 0 || len > NAME_MAX_LEN || path[0] == '/')
    goto bad;
  for (gsize i = 0; i < len; i++)
    if (path[i] < 0x21 || path[i] > 0x7e || path[i] == '\\')
      goto bad;
  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_equal (parts[i], "..") || g_str_equal (parts[i], "."))
      goto bad;
  return TRUE;

bad:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
               "tar member “%s”: a relative name of printable ASCII, at most %d bytes",
               path != NULL ? path : "", NAME_MAX_LEN);
  return FALSE;
}

static void
octal (char *field, gsize width, guint64 value)
{
  /* width-1 digits, then NUL. */
  g_snprintf (field, width, "%0*" G_GINT64_MODIFIER "o", (int) width - 1, value);
}

static gboolean
write_header (
    KioskTarWriter *self, const char *path, char type, guint mode, guint64 size, GError **error)
{
  guint8 header[BLOCK] = { 0 };
  char *h = (char *) header;
  guint sum = 0;

  if (self->finished)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, "the archive is finished");
      return FALSE;
    }
  if (!check_path (path, error))
    return FALSE;
  if (size >= G_GUINT64_CONSTANT (077777777777))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "tar member “%s” is too large", path);
      return FALSE;
    }
  memcpy (h, path, strlen (path));
  octal (h + 100, 8, mode);
  octal (h + 108, 8, 0);
  octal (h + 116, 8, 0);
  octal (h + 124, 12, size);
  octal (h + 136, 12, (guint64) self->mtime);
  memset (h + 148, ' ', 8);
  h[156] = type;
  memcpy (h + 257, "ustar", 6);
  memcpy (h + 263, "00", 2);
  memcpy (h + 265, "root", 4);
  memcpy (h + 297, "root", 4);
  octal (h + 329, 8, 0);
  octal (h + 337, 8, 0);
  for (gsize i = 0; i < BLOCK; i++)
    sum += header[i];
  g_snprintf (h + 148, 7, "%06o", sum);
  h[154] = '\0';
  h[155] = ' ';
  return write_bytes (self, header, BLOCK, error);
}

gboolean
kiosk_tar_writer_add_directory (KioskTarWriter *self, const char *path, GError **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  name = g_str_has_suffix (path != NULL ? path : "", "/") ? g_strdup (path)
                                                          : g_strconcat (path, "/", NULL);
  return write_header (self, name, '5', 0755, 0, error);
}

gboolean
kiosk_tar_writer_add_file (
    KioskTarWriter *self, const char *path, const void *data, gsize len, GError **error)
{
  static const guint8 zeros[BLOCK] = { 0 };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  return write_header (self, path, '0', 0644, len, error) && write_bytes (self, data, len, error)
         && write_bytes (self, zeros, (BLOCK - len % BLOCK) % BLOCK, error);
}

gboolean
kiosk_tar_writer_finish (KioskTarWriter *self, GError **error)
{
  static const guint8 zeros[2 * BLOCK] = { 0 };

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->finished)
    return TRUE;
  if (!write_bytes (self, zeros, sizeof zeros, error)
      || !g_output_stream_flush (self->out, NULL, error))
    return FALSE;
  self->finished = TRUE;
  self->sha256 = g_strdup (g_checksum_get_string (self->checksum));
  return TRUE;
}

const char *
kiosk_tar_writer_get_sha256 (KioskTarWriter *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->sha256;
}

guint64
kiosk_tar_writer_get_size (KioskTarWriter *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->size;
}
